/* ks-table-editor.h: the inspector page of a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-document.h"

G_BEGIN_DECLS

#define KS_TYPE_TABLE_EDITOR (ks_table_editor_get_type ())
G_DECLARE_FINAL_TYPE (KsTableEditor, ks_table_editor, KS, TABLE_EDITOR, GtkWidget)

/**
 * KsTableEditor:
 *
 * The table's name, partition and sort key, entity type attribute, TTL
 * attribute and billing mode, and its indexes (::index-activated when one
 * is chosen, to edit it). Every edit is a #KsDocument command.
 */
GtkWidget *ks_table_editor_new          (void);
void       ks_table_editor_set_document (KsTableEditor *self,
                                         KsDocument    *document);
KsTable   *ks_table_editor_get_table    (KsTableEditor *self);
void       ks_table_editor_set_table    (KsTableEditor *self,
                                         KsTable       *table);
void       ks_table_editor_focus_name   (KsTableEditor *self);

G_END_DECLS
