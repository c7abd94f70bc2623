/* ks-entity.c: an entity type of a single-table design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-entity"

#include "config.h"

#include "ks-attribute.h"
#include "ks-entity.h"
#include "ks-util-private.h"

typedef struct
{
  char       *key;
  char       *source;
  KsTemplate *parsed;
  GError     *error;
} TemplateSlot;

struct _KsEntity
{
  GObject     parent_instance;
  char       *name;
  char       *table;
  char       *color;
  char       *description;
  guint64     expected_items;
  double      writes_per_second;
  GListStore *attributes;
  GPtrArray  *templates;   /* TemplateSlot */
  GPtrArray  *items;       /* KsItem */
  KsValue    *generators;  /* M: attribute → generator spec, or NULL */
};

enum {
  PROP_0, PROP_NAME, PROP_TABLE, PROP_COLOR, PROP_DESCRIPTION, PROP_EXPECTED_ITEMS,
  PROP_WRITES_PER_SECOND, PROP_GENERATORS, N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { TEMPLATE_CHANGED, ITEM_ADDED, ITEM_REMOVED, ITEM_CHANGED, ITEMS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsEntity, ks_entity, G_TYPE_OBJECT)

static void
template_slot_free (gpointer data)
{
  TemplateSlot *slot = data;
  g_free (slot->key);
  g_free (slot->source);
  g_clear_pointer (&slot->parsed, ks_template_unref);
  g_clear_error (&slot->error);
  g_free (slot);
}

static void
item_release (gpointer data)
{
  KsItem *item = data;
  item->entity = NULL;
  ks_item_unref (item);
}

static void
ks_entity_finalize (GObject *object)
{
  KsEntity *self = KS_ENTITY (object);
  g_free (self->name);
  g_free (self->table);
  g_free (self->color);
  g_free (self->description);
  g_clear_object (&self->attributes);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->generators, ks_value_unref);
  G_OBJECT_CLASS (ks_entity_parent_class)->finalize (object);
}

static void
ks_entity_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KsEntity *self = KS_ENTITY (object);
  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_TABLE: g_value_set_string (value, self->table); break;
    case PROP_COLOR: g_value_set_string (value, self->color); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_EXPECTED_ITEMS: g_value_set_uint64 (value, self->expected_items); break;
    case PROP_WRITES_PER_SECOND: g_value_set_double (value, self->writes_per_second); break;
    case PROP_GENERATORS: g_value_set_boxed (value, self->generators); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_entity_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KsEntity *self = KS_ENTITY (object);
  switch (prop_id)
    {
    case PROP_NAME: ks_entity_set_name (self, g_value_get_string (value)); break;
    case PROP_TABLE: ks_entity_set_table (self, g_value_get_string (value)); break;
    case PROP_COLOR: ks_entity_set_color (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: ks_entity_set_description (self, g_value_get_string (value)); break;
    case PROP_EXPECTED_ITEMS: ks_entity_set_expected_items (self, g_value_get_uint64 (value)); break;
    case PROP_WRITES_PER_SECOND: ks_entity_set_writes_per_second (self, g_value_get_double (value)); break;
    case PROP_GENERATORS: ks_entity_set_generators (self, g_value_get_boxed (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_entity_class_init (KsEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags f = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ks_entity_finalize;
  object_class->get_property = ks_entity_get_property;
  object_class->set_property = ks_entity_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", f);
  properties[PROP_TABLE] = g_param_spec_string ("table", NULL, NULL, NULL, f);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, "#3584e4", f);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, f);
  properties[PROP_EXPECTED_ITEMS] = g_param_spec_uint64 ("expected-items", NULL, NULL, 0, G_MAXUINT64, 0, f);
  properties[PROP_WRITES_PER_SECOND] = g_param_spec_double ("writes-per-second", NULL, NULL, 0, G_MAXDOUBLE, 0, f);
  /**
   * KsEntity:generators:
   *
   * The sample-data generators (ks-generator.h): an M value mapping
   * attribute names to generator specs, or %NULL.
   */
  properties[PROP_GENERATORS] = g_param_spec_boxed ("generators", NULL, NULL, KS_TYPE_VALUE_BOXED, f);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KsEntity::template-changed:
   * @key_attribute: the key attribute whose template changed
   */
  signals[TEMPLATE_CHANGED] =
    g_signal_new ("template-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ITEM_ADDED] =
    g_signal_new ("item-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  KS_TYPE_ITEM | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT);
  signals[ITEM_REMOVED] =
    g_signal_new ("item-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  KS_TYPE_ITEM | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT);
  /**
   * KsEntity::item-changed:
   * @item: the item
   * @old_values: its values before the change
   */
  signals[ITEM_CHANGED] =
    g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  KS_TYPE_ITEM | G_SIGNAL_TYPE_STATIC_SCOPE,
                  KS_TYPE_VALUE_BOXED | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* Same shape as GListModel::items-changed, for list views of the items. */
  signals[ITEMS_CHANGED] =
    g_signal_new ("items-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
}

static void
ks_entity_init (KsEntity *self)
{
  self->name = g_strdup ("");
  self->color = g_strdup ("#3584e4");
  self->attributes = g_list_store_new (KS_TYPE_ATTRIBUTE);
  self->templates = g_ptr_array_new_with_free_func (template_slot_free);
  self->items = g_ptr_array_new_with_free_func (item_release);
}

KsEntity *
ks_entity_new (const char *name,
               const char *table)
{
  KsEntity *self = g_object_new (KS_TYPE_ENTITY, NULL);
  ks_set_str (&self->name, name);
  ks_set_str (&self->table, table);
  return self;
}

#define STR_PROP(field, prop) \
  const char * ks_entity_get_##field (KsEntity *self) \
  { g_return_val_if_fail (KS_IS_ENTITY (self), NULL); return self->field; } \
  void ks_entity_set_##field (KsEntity *self, const char *v) \
  { g_return_if_fail (KS_IS_ENTITY (self)); \
    if (ks_set_str (&self->field, v)) g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); }

STR_PROP (table, PROP_TABLE)
STR_PROP (color, PROP_COLOR)
STR_PROP (description, PROP_DESCRIPTION)

const char *
ks_entity_get_name (KsEntity *self)
{
  g_return_val_if_fail (KS_IS_ENTITY (self), NULL);
  return self->name;
}

void
ks_entity_set_name (KsEntity *self, const char *name)
{
  g_return_if_fail (KS_IS_ENTITY (self));
  if (ks_set_str (&self->name, name ? name : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

guint64
ks_entity_get_expected_items (KsEntity *self)
{
  return self->expected_items;
}

void
ks_entity_set_expected_items (KsEntity *self, guint64 n)
{
  g_return_if_fail (KS_IS_ENTITY (self));
  if (self->expected_items == n)
    return;
  self->expected_items = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_ITEMS]);
}

double
ks_entity_get_writes_per_second (KsEntity *self)
{
  return self->writes_per_second;
}

void
ks_entity_set_writes_per_second (KsEntity *self, double wps)
{
  g_return_if_fail (KS_IS_ENTITY (self));
  if (self->writes_per_second == wps)
    return;
  self->writes_per_second = wps;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITES_PER_SECOND]);
}

KsValue *
ks_entity_get_generators (KsEntity *self)
{
  g_return_val_if_fail (KS_IS_ENTITY (self), NULL);
  return self->generators;
}

void
ks_entity_set_generators (KsEntity *self, KsValue *generators)
{
  g_return_if_fail (KS_IS_ENTITY (self));
  g_return_if_fail (generators == NULL || ks_value_get_type (generators) == KS_TYPE_M);
  if (self->generators == generators ||
      (self->generators && generators && ks_value_equal (self->generators, generators)))
    return;
  if (generators)
    ks_value_ref (generators);
  g_clear_pointer (&self->generators, ks_value_unref);
  self->generators = generators;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATORS]);
}

GListStore *
ks_entity_get_attributes (KsEntity *self)
{
  g_return_val_if_fail (KS_IS_ENTITY (self), NULL);
  return self->attributes;
}

KsAttribute *
ks_entity_find_attribute (KsEntity *self, const char *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->attributes));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KsAttribute) attr = g_list_model_get_item (G_LIST_MODEL (self->attributes), i);
      if (g_strcmp0 (ks_attribute_get_name (attr), name) == 0)
        return attr;
    }
  return NULL;
}

/* Templates ------------------------------------------------------------- */

static TemplateSlot *
find_slot (KsEntity *self, const char *key, guint *index)
{
  for (guint i = 0; i < self->templates->len; i++)
    {
      TemplateSlot *slot = g_ptr_array_index (self->templates, i);
      if (g_strcmp0 (slot->key, key) == 0)
        {
          if (index)
            *index = i;
          return slot;
        }
    }
  return NULL;
}

guint
ks_entity_get_n_templates (KsEntity *self)
{
  return self->templates->len;
}

const char *
ks_entity_get_template_key (KsEntity *self, guint index)
{
  g_return_val_if_fail (index < self->templates->len, NULL);
  return ((TemplateSlot *) g_ptr_array_index (self->templates, index))->key;
}

const char *
ks_entity_get_template (KsEntity *self, const char *key_attribute)
{
  TemplateSlot *slot = find_slot (self, key_attribute, NULL);
  return slot ? slot->source : NULL;
}

KsTemplate *
ks_entity_get_parsed_template (KsEntity *self, const char *key_attribute)
{
  TemplateSlot *slot = find_slot (self, key_attribute, NULL);
  return slot ? slot->parsed : NULL;
}

const GError *
ks_entity_get_template_error (KsEntity *self, const char *key_attribute)
{
  TemplateSlot *slot = find_slot (self, key_attribute, NULL);
  return slot ? slot->error : NULL;
}

void
ks_entity_set_template (KsEntity   *self,
                        const char *key_attribute,
                        const char *text)
{
  guint index;
  TemplateSlot *slot;

  g_return_if_fail (KS_IS_ENTITY (self));
  g_return_if_fail (key_attribute != NULL);

  slot = find_slot (self, key_attribute, &index);
  if (text == NULL)
    {
      if (slot == NULL)
        return;
      g_ptr_array_remove_index (self->templates, index);
    }
  else
    {
      if (slot != NULL && g_strcmp0 (slot->source, text) == 0)
        return;
      if (slot == NULL)
        {
          slot = g_new0 (TemplateSlot, 1);
          slot->key = g_strdup (key_attribute);
          g_ptr_array_add (self->templates, slot);
        }
      ks_set_str (&slot->source, text);
      g_clear_pointer (&slot->parsed, ks_template_unref);
      g_clear_error (&slot->error);
      slot->parsed = ks_template_parse (text, KS_TEMPLATE_STRICT, NULL, &slot->error);
    }
  g_signal_emit (self, signals[TEMPLATE_CHANGED], 0, key_attribute);
}

/* Items ----------------------------------------------------------------- */

guint
ks_entity_get_n_items (KsEntity *self)
{
  return self->items->len;
}

KsItem *
ks_entity_get_item (KsEntity *self, guint position)
{
  g_return_val_if_fail (position < self->items->len, NULL);
  return g_ptr_array_index (self->items, position);
}

gboolean
ks_entity_find_item (KsEntity *self, KsItem *item, guint *position)
{
  return g_ptr_array_find (self->items, item, position);
}

void
ks_entity_insert_item (KsEntity *self, guint position, KsItem *item)
{
  g_return_if_fail (KS_IS_ENTITY (self));
  g_return_if_fail (item != NULL && item->entity == NULL);
  g_return_if_fail (position <= self->items->len);

  item->entity = self;
  g_ptr_array_insert (self->items, position, ks_item_ref (item));
  g_signal_emit (self, signals[ITEM_ADDED], 0, item, position);
  g_signal_emit (self, signals[ITEMS_CHANGED], 0, position, 0, 1);
}

void
ks_entity_append_item (KsEntity *self, KsItem *item)
{
  ks_entity_insert_item (self, self->items->len, item);
}

void
ks_entity_remove_item (KsEntity *self, guint position)
{
  g_autoptr(KsItem) item = NULL;

  g_return_if_fail (KS_IS_ENTITY (self));
  g_return_if_fail (position < self->items->len);

  item = ks_item_ref (g_ptr_array_index (self->items, position));
  g_ptr_array_remove_index (self->items, position);
  g_signal_emit (self, signals[ITEM_REMOVED], 0, item, position);
  g_signal_emit (self, signals[ITEMS_CHANGED], 0, position, 1, 0);
}

void
ks_entity_set_item_values (KsEntity *self, KsItem *item, KsValue *values)
{
  g_autoptr(KsValue) old = NULL;
  guint position;

  g_return_if_fail (KS_IS_ENTITY (self));
  g_return_if_fail (item != NULL && item->entity == self);
  g_return_if_fail (values != NULL && ks_value_get_type (values) == KS_TYPE_M);

  if (ks_value_equal (item->values, values))
    {
      ks_value_unref (values);
      return;
    }
  old = item->values;
  item->values = values;
  item->own_size = 0;
  g_signal_emit (self, signals[ITEM_CHANGED], 0, item, old);
  if (ks_entity_find_item (self, item, &position))
    g_signal_emit (self, signals[ITEMS_CHANGED], 0, position, 1, 1);
}
