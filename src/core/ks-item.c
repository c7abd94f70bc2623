/* ks-item.c: a sample item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-item"

#include "config.h"

#include "ks-item.h"

G_DEFINE_BOXED_TYPE (KsItem, ks_item, ks_item_ref, ks_item_unref)

KsItem *
ks_item_new (KsValue *values)
{
  KsItem *item = g_new0 (KsItem, 1);

  g_return_val_if_fail (values == NULL || ks_value_get_type (values) == KS_TYPE_M, NULL);
  item->ref_count = 1;
  item->values = values ? values : ks_value_new_empty_map ();
  return item;
}

KsItem *
ks_item_ref (KsItem *item)
{
  g_return_val_if_fail (item != NULL, NULL);
  item->ref_count++;
  return item;
}

void
ks_item_unref (KsItem *item)
{
  if (item == NULL || --item->ref_count > 0)
    return;
  ks_value_unref (item->values);
  g_clear_pointer (&item->final, ks_value_unref);
  g_clear_pointer (&item->errors, g_ptr_array_unref);
  g_free (item);
}

KsValue *
ks_item_get_values (KsItem *item)
{
  return item->values;
}

KsValue *
ks_item_get_final (KsItem *item)
{
  return item->final ? item->final : item->values;
}

gboolean
ks_item_has_errors (KsItem *item)
{
  return item->errors != NULL && item->errors->len > 0;
}
