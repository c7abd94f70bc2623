/* ks-item.h: a sample item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-types.h"

G_BEGIN_DECLS

#define KS_TYPE_ITEM (ks_item_get_type ())

/**
 * KsItem:
 *
 * A sample item: its own attribute values (an M value) and, filled in by
 * the #KsEngine, what DynamoDB would store for it. Items are compact
 * reference-counted structs, not GObjects: a design holds 100,000 of them.
 * Change the values through ks_entity_set_item_values() (or a #KsDocument
 * command), never in place.
 */
struct _KsItem
{
  gint       ref_count;
  KsEntity  *entity;        /* weak; set while the item belongs to one */
  KsValue   *values;        /* own values, M */

  /* derived, owned by the engine */
  KsValue   *final;         /* values + computed keys + type attribute, or NULL */
  guint32    size;          /* bytes, DynamoDB rules, of final */
  GPtrArray *errors;        /* KsProblem, NULL when none */
  guint32    flags;         /* engine bookkeeping */
  guint32    own_size;      /* ks_item_size (values) + 1, or 0 when not known yet */
};

GType    ks_item_get_type      (void) G_GNUC_CONST;
KsItem  *ks_item_new           (KsValue     *values);
KsItem  *ks_item_ref           (KsItem      *item);
void     ks_item_unref         (KsItem      *item);
KsValue *ks_item_get_values    (KsItem      *item);
/* The final attributes when the engine computed them, else the own values. */
KsValue *ks_item_get_final     (KsItem      *item);
gboolean ks_item_has_errors    (KsItem      *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsItem, ks_item_unref)

G_END_DECLS
