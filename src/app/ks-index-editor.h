/* ks-index-editor.h: the inspector page of a secondary index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-document.h"

G_BEGIN_DECLS

#define KS_TYPE_INDEX_EDITOR (ks_index_editor_get_type ())
G_DECLARE_FINAL_TYPE (KsIndexEditor, ks_index_editor, KS, INDEX_EDITOR, GtkWidget)

/**
 * KsIndexEditor:
 *
 * An index's name, kind (GSI or LSI), partition and sort key attributes
 * (up to four each on a GSI: multi-attribute keys) and projection with its
 * INCLUDE list. Every edit is a #KsDocument command.
 */
GtkWidget *ks_index_editor_new          (void);
void       ks_index_editor_set_document (KsIndexEditor *self,
                                         KsDocument    *document);
KsIndex   *ks_index_editor_get_index    (KsIndexEditor *self);
void       ks_index_editor_set_index    (KsIndexEditor *self,
                                         KsIndex       *index);
void       ks_index_editor_focus_name   (KsIndexEditor *self);

G_END_DECLS
