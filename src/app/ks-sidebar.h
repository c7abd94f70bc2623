/* ks-sidebar.h: the navigation sidebar of a design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-document.h"

G_BEGIN_DECLS

typedef enum
{
  KS_PATTERN_STATUS_UNKNOWN,
  KS_PATTERN_STATUS_PASS,
  KS_PATTERN_STATUS_WARN,      /* served, but by a Scan or a filter */
  KS_PATTERN_STATUS_FAIL,
} KsPatternStatus;

#define KS_TYPE_SIDEBAR (ks_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (KsSidebar, ks_sidebar, KS, SIDEBAR, GtkWidget)

/**
 * KsSidebar:
 *
 * The table and its indexes, the entities with their colours and item
 * counts, the access patterns with pass/fail and the problems of a design.
 * #KsSidebar:selected is the model object chosen (#KsTable, #KsIndex,
 * #KsEntity or #KsPattern) that the inspector edits; #KsSidebar:page is
 * the analysis page chosen instead ("cost" or "coverage"). Actions:
 * sidebar.remove (Delete) removes the selected index, entity or pattern
 * through a document command; sidebar.rename emits ::rename.
 */
GtkWidget *ks_sidebar_new                (void);
void       ks_sidebar_set_document       (KsSidebar       *self,
                                          KsDocument      *document);
gpointer   ks_sidebar_get_selected       (KsSidebar       *self);
void       ks_sidebar_select             (KsSidebar       *self,
                                          gpointer         object);
const char *ks_sidebar_get_page          (KsSidebar       *self);
/* "cost", "coverage", or NULL for none */
void       ks_sidebar_select_page        (KsSidebar       *self,
                                          const char      *page);
void       ks_sidebar_set_problems       (KsSidebar       *self,
                                          GPtrArray       *problems);
guint      ks_sidebar_get_n_problems     (KsSidebar       *self);
void       ks_sidebar_set_pattern_status (KsSidebar       *self,
                                          KsPattern       *pattern,
                                          KsPatternStatus  status,
                                          const char      *summary);

G_END_DECLS
