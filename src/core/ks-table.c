/* ks-table.c: a DynamoDB table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-table"

#include "config.h"

#include "ks-index.h"
#include "ks-table.h"
#include "ks-util-private.h"

struct _KsTable
{
  GObject        parent_instance;
  char          *name;
  KsKeySchema   *keys;
  char          *type_attribute;
  char          *ttl_attribute;
  KsBillingMode  billing;
  guint          rcu;
  guint          wcu;
  GListStore    *indexes;
};

enum {
  PROP_0, PROP_NAME, PROP_KEY_SCHEMA, PROP_TYPE_ATTRIBUTE, PROP_TTL_ATTRIBUTE,
  PROP_BILLING_MODE, PROP_READ_CAPACITY, PROP_WRITE_CAPACITY, N_PROPS
};
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KsTable, ks_table, G_TYPE_OBJECT)

static void
ks_table_finalize (GObject *object)
{
  KsTable *self = KS_TABLE (object);
  g_free (self->name);
  ks_key_schema_free (self->keys);
  g_free (self->type_attribute);
  g_free (self->ttl_attribute);
  g_clear_object (&self->indexes);
  G_OBJECT_CLASS (ks_table_parent_class)->finalize (object);
}

static void
ks_table_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KsTable *self = KS_TABLE (object);
  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_KEY_SCHEMA: g_value_set_boxed (value, self->keys); break;
    case PROP_TYPE_ATTRIBUTE: g_value_set_string (value, self->type_attribute); break;
    case PROP_TTL_ATTRIBUTE: g_value_set_string (value, self->ttl_attribute); break;
    case PROP_BILLING_MODE: g_value_set_int (value, self->billing); break;
    case PROP_READ_CAPACITY: g_value_set_uint (value, self->rcu); break;
    case PROP_WRITE_CAPACITY: g_value_set_uint (value, self->wcu); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_table_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KsTable *self = KS_TABLE (object);
  switch (prop_id)
    {
    case PROP_NAME: ks_table_set_name (self, g_value_get_string (value)); break;
    case PROP_KEY_SCHEMA: ks_table_set_key_schema (self, g_value_get_boxed (value)); break;
    case PROP_TYPE_ATTRIBUTE: ks_table_set_type_attribute (self, g_value_get_string (value)); break;
    case PROP_TTL_ATTRIBUTE: ks_table_set_ttl_attribute (self, g_value_get_string (value)); break;
    case PROP_BILLING_MODE: ks_table_set_billing_mode (self, g_value_get_int (value)); break;
    case PROP_READ_CAPACITY: ks_table_set_read_capacity (self, g_value_get_uint (value)); break;
    case PROP_WRITE_CAPACITY: ks_table_set_write_capacity (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_table_class_init (KsTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags f = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ks_table_finalize;
  object_class->get_property = ks_table_get_property;
  object_class->set_property = ks_table_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", f);
  properties[PROP_KEY_SCHEMA] = g_param_spec_boxed ("key-schema", NULL, NULL, KS_TYPE_KEY_SCHEMA, f);
  properties[PROP_TYPE_ATTRIBUTE] = g_param_spec_string ("type-attribute", NULL, NULL, "_type", f);
  properties[PROP_TTL_ATTRIBUTE] = g_param_spec_string ("ttl-attribute", NULL, NULL, NULL, f);
  properties[PROP_BILLING_MODE] = g_param_spec_int ("billing-mode", NULL, NULL, KS_BILLING_PAY_PER_REQUEST,
                                                    KS_BILLING_PROVISIONED, KS_BILLING_PAY_PER_REQUEST, f);
  properties[PROP_READ_CAPACITY] = g_param_spec_uint ("read-capacity", NULL, NULL, 0, G_MAXUINT, 5, f);
  properties[PROP_WRITE_CAPACITY] = g_param_spec_uint ("write-capacity", NULL, NULL, 0, G_MAXUINT, 5, f);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ks_table_init (KsTable *self)
{
  self->name = g_strdup ("");
  self->keys = ks_key_schema_new ();
  self->type_attribute = g_strdup ("_type");
  self->rcu = 5;
  self->wcu = 5;
  self->indexes = g_list_store_new (KS_TYPE_INDEX);
}

KsTable *
ks_table_new (const char        *name,
              const KsKeySchema *keys)
{
  KsTable *self = g_object_new (KS_TYPE_TABLE, NULL);
  ks_set_str (&self->name, name);
  if (keys)
    {
      ks_key_schema_free (self->keys);
      self->keys = ks_key_schema_copy (keys);
    }
  return self;
}

#define STR_ACCESSORS(field, prop) \
  const char * ks_table_get_##field (KsTable *self) \
  { g_return_val_if_fail (KS_IS_TABLE (self), NULL); return self->field; } \
  void ks_table_set_##field (KsTable *self, const char *v) \
  { g_return_if_fail (KS_IS_TABLE (self)); \
    if (ks_set_str (&self->field, v)) g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); }

STR_ACCESSORS (type_attribute, PROP_TYPE_ATTRIBUTE)
STR_ACCESSORS (ttl_attribute, PROP_TTL_ATTRIBUTE)

const char *
ks_table_get_name (KsTable *self)
{
  g_return_val_if_fail (KS_IS_TABLE (self), NULL);
  return self->name;
}

void
ks_table_set_name (KsTable *self, const char *name)
{
  g_return_if_fail (KS_IS_TABLE (self));
  if (ks_set_str (&self->name, name ? name : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const KsKeySchema *
ks_table_get_key_schema (KsTable *self)
{
  g_return_val_if_fail (KS_IS_TABLE (self), NULL);
  return self->keys;
}

void
ks_table_set_key_schema (KsTable *self, const KsKeySchema *keys)
{
  g_return_if_fail (KS_IS_TABLE (self));
  if (keys == NULL || ks_key_schema_equal (self->keys, keys))
    return;
  ks_key_schema_free (self->keys);
  self->keys = ks_key_schema_copy (keys);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_SCHEMA]);
}

KsBillingMode
ks_table_get_billing_mode (KsTable *self)
{
  g_return_val_if_fail (KS_IS_TABLE (self), KS_BILLING_PAY_PER_REQUEST);
  return self->billing;
}

void
ks_table_set_billing_mode (KsTable *self, KsBillingMode mode)
{
  g_return_if_fail (KS_IS_TABLE (self));
  if (self->billing == mode)
    return;
  self->billing = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BILLING_MODE]);
}

guint
ks_table_get_read_capacity (KsTable *self)
{
  return self->rcu;
}

void
ks_table_set_read_capacity (KsTable *self, guint rcu)
{
  g_return_if_fail (KS_IS_TABLE (self));
  if (self->rcu == rcu)
    return;
  self->rcu = rcu;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_CAPACITY]);
}

guint
ks_table_get_write_capacity (KsTable *self)
{
  return self->wcu;
}

void
ks_table_set_write_capacity (KsTable *self, guint wcu)
{
  g_return_if_fail (KS_IS_TABLE (self));
  if (self->wcu == wcu)
    return;
  self->wcu = wcu;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRITE_CAPACITY]);
}

GListStore *
ks_table_get_indexes (KsTable *self)
{
  g_return_val_if_fail (KS_IS_TABLE (self), NULL);
  return self->indexes;
}

KsIndex *
ks_table_find_index (KsTable *self, const char *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->indexes));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KsIndex) index = g_list_model_get_item (G_LIST_MODEL (self->indexes), i);
      if (g_strcmp0 (ks_index_get_name (index), name) == 0)
        return index;
    }
  return NULL;
}

gboolean
ks_table_is_key_attribute (KsTable *self, const char *attribute)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->indexes));

  if (ks_key_schema_find (self->keys, attribute))
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KsIndex) index = g_list_model_get_item (G_LIST_MODEL (self->indexes), i);
      if (ks_key_schema_find (ks_index_get_key_schema (index), attribute))
        return TRUE;
    }
  return FALSE;
}

static void
add_key_attrs (GArray *out, const KsKeySchema *s)
{
  const KsKeyAttr *lists[2] = { s->pk, s->sk };
  guint counts[2] = { s->n_pk, s->n_sk };

  for (guint l = 0; l < 2; l++)
    for (guint i = 0; i < counts[l]; i++)
      {
        gboolean seen = FALSE;
        for (guint j = 0; j < out->len && !seen; j++)
          seen = g_strcmp0 (g_array_index (out, KsKeyAttr, j).name, lists[l][i].name) == 0;
        if (!seen)
          g_array_append_val (out, lists[l][i]);
      }
}

GArray *
ks_table_list_key_attributes (KsTable *self)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (KsKeyAttr));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->indexes));

  add_key_attrs (out, self->keys);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KsIndex) index = g_list_model_get_item (G_LIST_MODEL (self->indexes), i);
      add_key_attrs (out, ks_index_get_key_schema (index));
    }
  return out;
}
