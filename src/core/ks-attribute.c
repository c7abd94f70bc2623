/* ks-attribute.c: an attribute of an entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-attribute"

#include "config.h"

#include "ks-attribute.h"
#include "ks-util-private.h"

struct _KsAttribute
{
  GObject  parent_instance;
  char    *name;
  KsType   type;
  gboolean required;
  char    *description;
};

enum { PROP_0, PROP_NAME, PROP_TYPE, PROP_REQUIRED, PROP_DESCRIPTION, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KsAttribute, ks_attribute, G_TYPE_OBJECT)

static void
ks_attribute_finalize (GObject *object)
{
  KsAttribute *self = KS_ATTRIBUTE (object);
  g_free (self->name);
  g_free (self->description);
  G_OBJECT_CLASS (ks_attribute_parent_class)->finalize (object);
}

static void
ks_attribute_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KsAttribute *self = KS_ATTRIBUTE (object);
  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_TYPE: g_value_set_int (value, self->type); break;
    case PROP_REQUIRED: g_value_set_boolean (value, self->required); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_attribute_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KsAttribute *self = KS_ATTRIBUTE (object);
  switch (prop_id)
    {
    case PROP_NAME: ks_attribute_set_name (self, g_value_get_string (value)); break;
    case PROP_TYPE: ks_attribute_set_value_type (self, g_value_get_int (value)); break;
    case PROP_REQUIRED: ks_attribute_set_required (self, g_value_get_boolean (value)); break;
    case PROP_DESCRIPTION: ks_attribute_set_description (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_attribute_class_init (KsAttributeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags f = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ks_attribute_finalize;
  object_class->get_property = ks_attribute_get_property;
  object_class->set_property = ks_attribute_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", f);
  properties[PROP_TYPE] = g_param_spec_int ("value-type", NULL, NULL, 0, KS_N_TYPES - 1, KS_TYPE_S, f);
  properties[PROP_REQUIRED] = g_param_spec_boolean ("required", NULL, NULL, FALSE, f);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, f);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ks_attribute_init (KsAttribute *self)
{
  self->name = g_strdup ("");
}

KsAttribute *
ks_attribute_new (const char *name,
                  KsType      type)
{
  KsAttribute *self = g_object_new (KS_TYPE_ATTRIBUTE, NULL);
  self->name = (g_free (self->name), g_strdup (name));
  self->type = type;
  return self;
}

const char *
ks_attribute_get_name (KsAttribute *self)
{
  g_return_val_if_fail (KS_IS_ATTRIBUTE (self), NULL);
  return self->name;
}

void
ks_attribute_set_name (KsAttribute *self, const char *name)
{
  g_return_if_fail (KS_IS_ATTRIBUTE (self));
  if (ks_set_str (&self->name, name ? name : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

KsType
ks_attribute_get_value_type (KsAttribute *self)
{
  g_return_val_if_fail (KS_IS_ATTRIBUTE (self), KS_TYPE_S);
  return self->type;
}

void
ks_attribute_set_value_type (KsAttribute *self, KsType type)
{
  g_return_if_fail (KS_IS_ATTRIBUTE (self));
  if (self->type == type)
    return;
  self->type = type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TYPE]);
}

gboolean
ks_attribute_get_required (KsAttribute *self)
{
  g_return_val_if_fail (KS_IS_ATTRIBUTE (self), FALSE);
  return self->required;
}

void
ks_attribute_set_required (KsAttribute *self, gboolean required)
{
  g_return_if_fail (KS_IS_ATTRIBUTE (self));
  required = !!required;
  if (self->required == required)
    return;
  self->required = required;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIRED]);
}

const char *
ks_attribute_get_description (KsAttribute *self)
{
  g_return_val_if_fail (KS_IS_ATTRIBUTE (self), NULL);
  return self->description;
}

void
ks_attribute_set_description (KsAttribute *self, const char *description)
{
  g_return_if_fail (KS_IS_ATTRIBUTE (self));
  if (ks_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}
