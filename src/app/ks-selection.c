/* ks-selection.c: what the window has selected, shared by its views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-selection"

#include "config.h"

#include "ks-selection.h"

struct _KsSelection
{
  GObject    parent_instance;
  KsItem    *item;
  KsPattern *pattern;
};

enum { PROP_0, PROP_ITEM, PROP_PATTERN, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KsSelection, ks_selection, G_TYPE_OBJECT)

static void
ks_selection_finalize (GObject *object)
{
  KsSelection *self = KS_SELECTION (object);

  g_clear_pointer (&self->item, ks_item_unref);
  g_clear_object (&self->pattern);
  G_OBJECT_CLASS (ks_selection_parent_class)->finalize (object);
}

static void
ks_selection_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KsSelection *self = KS_SELECTION (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_boxed (value, self->item);
      break;
    case PROP_PATTERN:
      g_value_set_object (value, self->pattern);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_selection_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KsSelection *self = KS_SELECTION (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      ks_selection_set_item (self, g_value_get_boxed (value));
      break;
    case PROP_PATTERN:
      ks_selection_set_pattern (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_selection_class_init (KsSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ks_selection_finalize;
  object_class->get_property = ks_selection_get_property;
  object_class->set_property = ks_selection_set_property;

  properties[PROP_ITEM] =
    g_param_spec_boxed ("item", NULL, NULL, KS_TYPE_ITEM,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PATTERN] =
    g_param_spec_object ("pattern", NULL, NULL, KS_TYPE_PATTERN,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ks_selection_init (KsSelection *self)
{
}

KsSelection *
ks_selection_new (void)
{
  return g_object_new (KS_TYPE_SELECTION, NULL);
}

/**
 * ks_selection_get_item:
 *
 * Returns: (transfer none) (nullable): the selected sample item
 */
KsItem *
ks_selection_get_item (KsSelection *self)
{
  g_return_val_if_fail (KS_IS_SELECTION (self), NULL);
  return self->item;
}

void
ks_selection_set_item (KsSelection *self,
                       KsItem      *item)
{
  g_return_if_fail (KS_IS_SELECTION (self));

  if (self->item == item)
    return;
  g_clear_pointer (&self->item, ks_item_unref);
  self->item = item ? ks_item_ref (item) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * ks_selection_get_pattern:
 *
 * Returns: (transfer none) (nullable): the highlighted access pattern
 */
KsPattern *
ks_selection_get_pattern (KsSelection *self)
{
  g_return_val_if_fail (KS_IS_SELECTION (self), NULL);
  return self->pattern;
}

void
ks_selection_set_pattern (KsSelection *self,
                          KsPattern   *pattern)
{
  g_return_if_fail (KS_IS_SELECTION (self));
  g_return_if_fail (pattern == NULL || KS_IS_PATTERN (pattern));

  if (g_set_object (&self->pattern, pattern))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATTERN]);
}
