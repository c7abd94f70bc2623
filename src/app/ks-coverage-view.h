/* ks-coverage-view.h: the inspector page of the coverage matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-document.h"

G_BEGIN_DECLS

#define KS_TYPE_COVERAGE_VIEW (ks_coverage_view_get_type ())
G_DECLARE_FINAL_TYPE (KsCoverageView, ks_coverage_view, KS, COVERAGE_VIEW, GtkWidget)

/**
 * KsCoverageView:
 *
 * The matrix of ks_coverage_new(): one row per entity, one column per
 * access pattern (numbered; the list below names them), each cell saying
 * whether the pattern is expected to return the entity, returns it on the
 * sample data, or could reach it; which table or index serves each
 * pattern, the patterns none serves and the indexes no pattern reads.
 *
 * Recomputed a moment after the document changes, only while shown.
 * ::object-activated asks to edit the #KsPattern of a column or cell, the
 * #KsEntity of a row, or the #KsTable / #KsIndex of a view.
 */
GtkWidget *ks_coverage_view_new            (void);
void       ks_coverage_view_set_document   (KsCoverageView *self,
                                            KsDocument     *document);
/* What is on screen: the rows (entities) and columns (patterns) of the
 * matrix, a column's header button, a cell's button; NULL out of range. */
guint      ks_coverage_view_get_n_rows     (KsCoverageView *self);
guint      ks_coverage_view_get_n_columns  (KsCoverageView *self);
GtkWidget *ks_coverage_view_get_header     (KsCoverageView *self,
                                            guint           column);
GtkWidget *ks_coverage_view_get_cell       (KsCoverageView *self,
                                            guint           row,
                                            guint           column);

G_END_DECLS
