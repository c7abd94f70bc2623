/* ks-item-list.h: the sample items of a design as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ks-document.h"
#include "ks-item-row.h"

G_BEGIN_DECLS

#define KS_TYPE_ITEM_LIST (ks_item_list_get_type ())
G_DECLARE_FINAL_TYPE (KsItemList, ks_item_list, KS, ITEM_LIST, GObject)

/**
 * KsItemList:
 *
 * A #GListModel of #KsItemRow over every sample item of a document, in
 * entity order then item order, or over one entity's items (the filter).
 * Row objects are created on demand and shared while alive, so a design
 * with 100,000 items costs a row object per visible row only. Inserting or
 * removing items, entities or changing the filter emits ::items-changed
 * with exact positions; a recomputed item emits #KsItemRow::changed on its
 * live row instead of replacing it, so editing one item never rebuilds
 * the list.
 */
KsItemList *ks_item_list_new        (KsDocument  *document);
KsDocument *ks_item_list_get_document (KsItemList *self);
KsEntity   *ks_item_list_get_filter (KsItemList  *self);
void        ks_item_list_set_filter (KsItemList  *self,
                                     KsEntity    *entity);
/* The item at @position, without creating a row object. */
KsItem     *ks_item_list_get_ks_item (KsItemList *self,
                                      guint       position);
gboolean    ks_item_list_find       (KsItemList  *self,
                                     KsItem      *item,
                                     guint       *position);

G_END_DECLS
