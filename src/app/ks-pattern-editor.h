/* ks-pattern-editor.h: the inspector page of an access pattern
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-document.h"

G_BEGIN_DECLS

#define KS_TYPE_PATTERN_EDITOR (ks_pattern_editor_get_type ())
G_DECLARE_FINAL_TYPE (KsPatternEditor, ks_pattern_editor, KS, PATTERN_EDITOR, GtkWidget)

/**
 * KsPatternEditor:
 *
 * An access pattern's name, description, target (table or index), key
 * condition (partition-key templates, sort-key operator and values),
 * filter, parameters with sample values, order, limit, load and expected
 * entities, and the outcome of running it on the sample data. Every edit
 * is a #KsDocument command.
 */
GtkWidget *ks_pattern_editor_new          (void);
void       ks_pattern_editor_set_document (KsPatternEditor *self,
                                           KsDocument      *document);
KsPattern *ks_pattern_editor_get_pattern  (KsPatternEditor *self);
void       ks_pattern_editor_set_pattern  (KsPatternEditor *self,
                                           KsPattern       *pattern);
/* The outcome of the last run, as Pango markup (NULL hides it). */
void       ks_pattern_editor_set_result   (KsPatternEditor *self,
                                           const char      *markup);
void       ks_pattern_editor_focus_name   (KsPatternEditor *self);
/* "Run Against Endpoint": the switch (property run-live), what it runs
 * against (the row's subtitle), and the endpoint's answer beside the
 * simulated one (Pango markup; NULL hides it). */
gboolean   ks_pattern_editor_get_run_live (KsPatternEditor *self);
void       ks_pattern_editor_set_run_live (KsPatternEditor *self,
                                           gboolean         run_live);
void       ks_pattern_editor_set_live_target (KsPatternEditor *self,
                                              const char      *description);
void       ks_pattern_editor_set_live_result (KsPatternEditor *self,
                                              const char      *markup);
/* The endpoint's answer shown, as plain text, or NULL (tests). */
const char *ks_pattern_editor_get_live_text (KsPatternEditor *self);

G_END_DECLS
