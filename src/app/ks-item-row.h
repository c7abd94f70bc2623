/* ks-item-row.h: one sample item as a list row object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ks-item.h"

G_BEGIN_DECLS

#define KS_TYPE_ITEM_ROW (ks_item_row_get_type ())
G_DECLARE_FINAL_TYPE (KsItemRow, ks_item_row, KS, ITEM_ROW, GObject)

/**
 * KsItemRow:
 *
 * A #KsItem wrapped for list widgets. #KsItemList creates these on demand
 * for the rows on screen only; ::changed says the engine recomputed the
 * item (new values or keys), so that bound cells refresh themselves.
 */
KsItemRow *ks_item_row_new      (KsItem    *item);
KsItem    *ks_item_row_get_item (KsItemRow *self);
void       ks_item_row_changed  (KsItemRow *self);

G_END_DECLS
