/* ks-design.c: the document's content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-design"

#include "config.h"

#include "ks-design.h"
#include "ks-util-private.h"

struct _KsDesign
{
  GObject     parent_instance;
  char       *name;
  char       *description;
  char       *notes;
  GListStore *tables;
  GListStore *entities;
  GListStore *patterns;
};

enum { PROP_0, PROP_NAME, PROP_DESCRIPTION, PROP_NOTES, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KsDesign, ks_design, G_TYPE_OBJECT)

static void
ks_design_finalize (GObject *object)
{
  KsDesign *self = KS_DESIGN (object);
  g_free (self->name);
  g_free (self->description);
  g_free (self->notes);
  g_clear_object (&self->tables);
  g_clear_object (&self->entities);
  g_clear_object (&self->patterns);
  G_OBJECT_CLASS (ks_design_parent_class)->finalize (object);
}

static void
ks_design_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KsDesign *self = KS_DESIGN (object);
  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_NOTES: g_value_set_string (value, self->notes); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_design_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KsDesign *self = KS_DESIGN (object);
  switch (prop_id)
    {
    case PROP_NAME: ks_design_set_name (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: ks_design_set_description (self, g_value_get_string (value)); break;
    case PROP_NOTES: ks_design_set_notes (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_design_class_init (KsDesignClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags f = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ks_design_finalize;
  object_class->get_property = ks_design_get_property;
  object_class->set_property = ks_design_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", f);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, f);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, f);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ks_design_init (KsDesign *self)
{
  self->name = g_strdup ("");
  self->tables = g_list_store_new (KS_TYPE_TABLE);
  self->entities = g_list_store_new (KS_TYPE_ENTITY);
  self->patterns = g_list_store_new (KS_TYPE_PATTERN);
}

KsDesign *
ks_design_new (void)
{
  return g_object_new (KS_TYPE_DESIGN, NULL);
}

const char *
ks_design_get_name (KsDesign *self)
{
  return self->name;
}

void
ks_design_set_name (KsDesign *self, const char *name)
{
  g_return_if_fail (KS_IS_DESIGN (self));
  if (ks_set_str (&self->name, name ? name : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
ks_design_get_description (KsDesign *self)
{
  return self->description;
}

void
ks_design_set_description (KsDesign *self, const char *description)
{
  g_return_if_fail (KS_IS_DESIGN (self));
  if (ks_set_str (&self->description, description))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
ks_design_get_notes (KsDesign *self)
{
  return self->notes;
}

void
ks_design_set_notes (KsDesign *self, const char *notes)
{
  g_return_if_fail (KS_IS_DESIGN (self));
  if (ks_set_str (&self->notes, notes))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

GListStore *
ks_design_get_tables (KsDesign *self)
{
  return self->tables;
}

GListStore *
ks_design_get_entities (KsDesign *self)
{
  return self->entities;
}

GListStore *
ks_design_get_patterns (KsDesign *self)
{
  return self->patterns;
}

static gpointer
find_by_name (GListStore *store, const char *prop, const char *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (name == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) obj = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *obj_name = NULL;
      g_object_get (obj, prop, &obj_name, NULL);
      if (g_strcmp0 (obj_name, name) == 0)
        return obj;   /* the store keeps its reference */
    }
  return NULL;
}

KsTable *
ks_design_find_table (KsDesign *self, const char *name)
{
  return find_by_name (self->tables, "name", name);
}

KsEntity *
ks_design_find_entity (KsDesign *self, const char *name)
{
  return find_by_name (self->entities, "name", name);
}

KsPattern *
ks_design_find_pattern (KsDesign *self, const char *name)
{
  return find_by_name (self->patterns, "name", name);
}

KsTable *
ks_design_get_entity_table (KsDesign *self, KsEntity *entity)
{
  KsTable *table = ks_design_find_table (self, ks_entity_get_table (entity));

  if (table == NULL && ks_entity_get_table (entity) == NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->tables)) == 1)
    {
      g_autoptr(KsTable) only = g_list_model_get_item (G_LIST_MODEL (self->tables), 0);
      table = only;
    }
  return table;
}

guint
ks_design_count_items (KsDesign *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entities));
  guint total = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KsEntity) e = g_list_model_get_item (G_LIST_MODEL (self->entities), i);
      total += ks_entity_get_n_items (e);
    }
  return total;
}
