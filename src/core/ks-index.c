/* ks-index.c: a secondary index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-index"

#include "config.h"

#include "ks-index.h"
#include "ks-util-private.h"

struct _KsIndex
{
  GObject       parent_instance;
  char         *name;
  KsIndexKind   kind;
  KsKeySchema  *keys;
  KsProjection  projection;
  char        **include;
};

enum { PROP_0, PROP_NAME, PROP_KIND, PROP_KEY_SCHEMA, PROP_PROJECTION, PROP_INCLUDE, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KsIndex, ks_index, G_TYPE_OBJECT)

static void
ks_index_finalize (GObject *object)
{
  KsIndex *self = KS_INDEX (object);
  g_free (self->name);
  ks_key_schema_free (self->keys);
  g_strfreev (self->include);
  G_OBJECT_CLASS (ks_index_parent_class)->finalize (object);
}

static void
ks_index_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KsIndex *self = KS_INDEX (object);
  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_KIND: g_value_set_int (value, self->kind); break;
    case PROP_KEY_SCHEMA: g_value_set_boxed (value, self->keys); break;
    case PROP_PROJECTION: g_value_set_int (value, self->projection); break;
    case PROP_INCLUDE: g_value_set_boxed (value, self->include); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_index_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KsIndex *self = KS_INDEX (object);
  switch (prop_id)
    {
    case PROP_NAME: ks_index_set_name (self, g_value_get_string (value)); break;
    case PROP_KIND: ks_index_set_kind (self, g_value_get_int (value)); break;
    case PROP_KEY_SCHEMA: ks_index_set_key_schema (self, g_value_get_boxed (value)); break;
    case PROP_PROJECTION: ks_index_set_projection (self, g_value_get_int (value)); break;
    case PROP_INCLUDE: ks_index_set_include (self, g_value_get_boxed (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_index_class_init (KsIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags f = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ks_index_finalize;
  object_class->get_property = ks_index_get_property;
  object_class->set_property = ks_index_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", f);
  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, KS_INDEX_GSI, KS_INDEX_LSI, KS_INDEX_GSI, f);
  properties[PROP_KEY_SCHEMA] = g_param_spec_boxed ("key-schema", NULL, NULL, KS_TYPE_KEY_SCHEMA, f);
  properties[PROP_PROJECTION] = g_param_spec_int ("projection", NULL, NULL, KS_PROJECTION_ALL,
                                                  KS_PROJECTION_INCLUDE, KS_PROJECTION_ALL, f);
  properties[PROP_INCLUDE] = g_param_spec_boxed ("include", NULL, NULL, G_TYPE_STRV, f);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ks_index_init (KsIndex *self)
{
  self->name = g_strdup ("");
  self->keys = ks_key_schema_new ();
}

KsIndex *
ks_index_new (const char        *name,
              KsIndexKind        kind,
              const KsKeySchema *keys)
{
  KsIndex *self = g_object_new (KS_TYPE_INDEX, NULL);
  ks_set_str (&self->name, name);
  self->kind = kind;
  if (keys)
    {
      ks_key_schema_free (self->keys);
      self->keys = ks_key_schema_copy (keys);
    }
  return self;
}

const char *
ks_index_get_name (KsIndex *self)
{
  g_return_val_if_fail (KS_IS_INDEX (self), NULL);
  return self->name;
}

void
ks_index_set_name (KsIndex *self, const char *name)
{
  g_return_if_fail (KS_IS_INDEX (self));
  if (ks_set_str (&self->name, name ? name : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

KsIndexKind
ks_index_get_kind (KsIndex *self)
{
  g_return_val_if_fail (KS_IS_INDEX (self), KS_INDEX_GSI);
  return self->kind;
}

void
ks_index_set_kind (KsIndex *self, KsIndexKind kind)
{
  g_return_if_fail (KS_IS_INDEX (self));
  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const KsKeySchema *
ks_index_get_key_schema (KsIndex *self)
{
  g_return_val_if_fail (KS_IS_INDEX (self), NULL);
  return self->keys;
}

void
ks_index_set_key_schema (KsIndex *self, const KsKeySchema *keys)
{
  g_return_if_fail (KS_IS_INDEX (self));
  if (keys == NULL || ks_key_schema_equal (self->keys, keys))
    return;
  ks_key_schema_free (self->keys);
  self->keys = ks_key_schema_copy (keys);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_SCHEMA]);
}

KsProjection
ks_index_get_projection (KsIndex *self)
{
  g_return_val_if_fail (KS_IS_INDEX (self), KS_PROJECTION_ALL);
  return self->projection;
}

void
ks_index_set_projection (KsIndex *self, KsProjection projection)
{
  g_return_if_fail (KS_IS_INDEX (self));
  if (self->projection == projection)
    return;
  self->projection = projection;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECTION]);
}

const char * const *
ks_index_get_include (KsIndex *self)
{
  static const char *empty[] = { NULL };
  g_return_val_if_fail (KS_IS_INDEX (self), NULL);
  return self->include ? (const char * const *) self->include : empty;
}

void
ks_index_set_include (KsIndex *self, const char * const *attributes)
{
  g_return_if_fail (KS_IS_INDEX (self));
  if (attributes && attributes[0] == NULL)
    attributes = NULL;
  if (ks_set_strv (&self->include, attributes))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCLUDE]);
}

gboolean
ks_index_includes (KsIndex *self, const char *attribute)
{
  g_return_val_if_fail (KS_IS_INDEX (self), FALSE);
  return self->include && g_strv_contains ((const char * const *) self->include, attribute);
}
