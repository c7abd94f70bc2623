/* ks-item-row.c: one sample item as a list row object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-item-row"

#include "config.h"

#include "ks-item-row.h"

struct _KsItemRow
{
  GObject  parent_instance;
  KsItem  *item;
};

enum { PROP_0, PROP_ITEM, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsItemRow, ks_item_row, G_TYPE_OBJECT)

static void
ks_item_row_finalize (GObject *object)
{
  KsItemRow *self = KS_ITEM_ROW (object);

  g_clear_pointer (&self->item, ks_item_unref);
  G_OBJECT_CLASS (ks_item_row_parent_class)->finalize (object);
}

static void
ks_item_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KsItemRow *self = KS_ITEM_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_boxed (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_item_row_class_init (KsItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ks_item_row_finalize;
  object_class->get_property = ks_item_row_get_property;

  properties[PROP_ITEM] =
    g_param_spec_boxed ("item", NULL, NULL, KS_TYPE_ITEM,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KsItemRow::changed:
   *
   * The item's values or derived keys changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ks_item_row_init (KsItemRow *self)
{
}

KsItemRow *
ks_item_row_new (KsItem *item)
{
  KsItemRow *self;

  g_return_val_if_fail (item != NULL, NULL);

  self = g_object_new (KS_TYPE_ITEM_ROW, NULL);
  self->item = ks_item_ref (item);
  return self;
}

/**
 * ks_item_row_get_item:
 *
 * Returns: (transfer none): the item
 */
KsItem *
ks_item_row_get_item (KsItemRow *self)
{
  g_return_val_if_fail (KS_IS_ITEM_ROW (self), NULL);
  return self->item;
}

void
ks_item_row_changed (KsItemRow *self)
{
  g_return_if_fail (KS_IS_ITEM_ROW (self));
  g_signal_emit (self, signals[CHANGED], 0);
}
