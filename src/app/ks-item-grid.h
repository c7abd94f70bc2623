/* ks-item-grid.h: the sample-data grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-document.h"
#include "ks-item-list.h"
#include "ks-selection.h"

G_BEGIN_DECLS

#define KS_TYPE_ITEM_GRID (ks_item_grid_get_type ())
G_DECLARE_FINAL_TYPE (KsItemGrid, ks_item_grid, KS, ITEM_GRID, GtkWidget)

/**
 * KsItemGrid:
 *
 * A #GtkColumnView over a #KsItemList: the entity, the computed key
 * attributes (read-only, muted) and the attributes, edited in place and
 * parsed by their declared type. Filter by entity; actions grid.add,
 * grid.duplicate and grid.delete. The selected row is the shared
 * #KsSelection's item.
 */
GtkWidget  *ks_item_grid_new          (void);
void        ks_item_grid_set_document (KsItemGrid  *self,
                                       KsDocument  *document,
                                       KsSelection *selection);
KsItemList *ks_item_grid_get_list     (KsItemGrid  *self);
void        ks_item_grid_set_filter   (KsItemGrid  *self,
                                       KsEntity    *entity);
/* The selected row, or GTK_INVALID_LIST_POSITION. */
guint       ks_item_grid_get_selected (KsItemGrid  *self);
void        ks_item_grid_select       (KsItemGrid  *self,
                                       guint        position);
/* Shows @item (listing every entity if the filter hides it), selects it
 * and moves the keyboard focus to its row; FALSE when it is no sample item
 * of the document. */
gboolean    ks_item_grid_focus_item   (KsItemGrid  *self,
                                       KsItem      *item);
/* Marks the rows of @items (KsItem; NULL or empty for none): what the
 * highlighted access pattern returns. */
void        ks_item_grid_set_returned_items (KsItemGrid *self,
                                             GPtrArray  *items);
gboolean    ks_item_grid_is_returned  (KsItemGrid  *self,
                                       KsItem      *item);
/* Column titles in order (tests). */
GStrv       ks_item_grid_get_column_titles (KsItemGrid *self);
/* Parses @text for @attribute of @item and commits it as one command;
 * FALSE with @error when the text is not a value of the attribute's type.
 * Empty text removes the attribute. */
gboolean    ks_item_grid_commit_cell  (KsItemGrid  *self,
                                       KsItem      *item,
                                       const char  *attribute,
                                       const char  *text,
                                       GError     **error);

G_END_DECLS
