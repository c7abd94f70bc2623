/* ks-export-workbench.c: NoSQL Workbench data model (format 3.0)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One DataModel entry per table; one facet per entity, whose key aliases
 * are its key templates (NoSQL Workbench shows them, Keyshape's import
 * takes them back as templates); every attribute declared once with one
 * type; the items with their computed keys in DynamoDB JSON. Workbench
 * models know neither LSIs nor multi-attribute keys: those indexes are left
 * out with a warning.
 */
#define G_LOG_DOMAIN "keyshape-export"

#include "config.h"

#include "ks-export-private.h"
#include "ks-json-writer.h"

typedef struct
{
  GPtrArray  *names;      /* declaration order */
  GHashTable *types;      /* name → KsType + 1 */
} Declared;

static void
declare (Declared *d, KsTable *table, const char *name, KsType type, GPtrArray *warnings)
{
  gpointer known;

  if (g_hash_table_lookup_extended (d->types, name, NULL, &known))
    {
      if (GPOINTER_TO_INT (known) != (int) type + 1)
        ks_export_warn (warnings,
                        "table %s: attribute %s is %s in one entity and %s in another; "
                        "the model declares it once, as %s",
                        ks_table_get_name (table), name,
                        ks_type_to_string (GPOINTER_TO_INT (known) - 1), ks_type_to_string (type),
                        ks_type_to_string (GPOINTER_TO_INT (known) - 1));
      return;
    }
  g_ptr_array_add (d->names, g_strdup (name));
  g_hash_table_insert (d->types, g_strdup (name), GINT_TO_POINTER (type + 1));
}

static void
add_key_attribute (JsonBuilder *b, const char *member, const KsKeyAttr *a)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "AttributeName");
  json_builder_add_string_value (b, a->name);
  json_builder_set_member_name (b, "AttributeType");
  json_builder_add_string_value (b, ks_type_to_string (a->type));
  json_builder_end_object (b);
}

static void
add_data_access (JsonBuilder *b)
{
  json_builder_set_member_name (b, "DataAccess");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "MySql");
  json_builder_begin_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
}

static gboolean
index_exported (KsIndex *index)
{
  const KsKeySchema *k = ks_index_get_key_schema (index);
  return ks_index_get_kind (index) == KS_INDEX_GSI && k->n_pk == 1 && k->n_sk <= 1;
}

/* The alias of a table key: the entity's template, else the attribute. */
static const char *
key_alias (KsEntity *entity, const KsKeyAttr *key)
{
  const char *tmpl = ks_entity_get_template (entity, key->name);
  return tmpl ? tmpl : key->name;
}

static void
write_facet (JsonBuilder *b, KsEntity *entity, KsTable *table, GPtrArray *indexes,
             GPtrArray *warnings)
{
  const KsKeySchema *tk = ks_table_get_key_schema (table);
  GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));
  const char *type_attr = ks_table_get_type_attribute (table);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint skipped = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "FacetName");
  json_builder_add_string_value (b, ks_entity_get_name (entity));
  json_builder_set_member_name (b, "KeyAttributeAlias");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "PartitionKeyAlias");
  json_builder_add_string_value (b, key_alias (entity, &tk->pk[0]));
  if (tk->n_sk)
    {
      json_builder_set_member_name (b, "SortKeyAlias");
      json_builder_add_string_value (b, key_alias (entity, &tk->sk[0]));
    }
  json_builder_end_object (b);

  /* the facet's attributes: its own, the index keys it computes, the type */
  for (guint i = 0; i < g_list_model_get_n_items (attrs); i++)
    {
      g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, i);
      const char *name = g_intern_string (ks_attribute_get_name (attr));
      if (!ks_key_schema_find (tk, name) && !g_ptr_array_find (names, name, NULL))
        g_ptr_array_add (names, (gpointer) name);
    }
  for (guint i = 0; i < ks_entity_get_n_templates (entity); i++)
    {
      const char *name = g_intern_string (ks_entity_get_template_key (entity, i));
      if (!ks_key_schema_find (tk, name) && !g_ptr_array_find (names, name, NULL))
        g_ptr_array_add (names, (gpointer) name);
    }
  if (type_attr && *type_attr && !g_ptr_array_find (names, g_intern_string (type_attr), NULL))
    g_ptr_array_add (names, (gpointer) g_intern_string (type_attr));
  json_builder_set_member_name (b, "NonKeyAttributes");
  json_builder_begin_array (b);
  for (guint i = 0; i < names->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (names, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "TableData");
  json_builder_begin_array (b);
  for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
    {
      KsItem *item = ks_entity_get_item (entity, i);
      /* DynamoDB would refuse these: they have no place in a model */
      if (ks_item_has_errors (item) || item->final == NULL)
        {
          skipped++;
          continue;
        }
      json_builder_add_value (b, ks_item_to_ddb_json (item->final));
    }
  json_builder_end_array (b);
  add_data_access (b);
  json_builder_end_object (b);

  if (skipped)
    ks_export_warn (warnings, "entity %s: %u sample item(s) with errors left out (keyshape-cli validate lists them)",
                    ks_entity_get_name (entity), skipped);
}

static void
write_table (JsonBuilder *b, KsDesign *design, KsTable *table, GPtrArray *warnings)
{
  const KsKeySchema *tk = ks_table_get_key_schema (table);
  g_autoptr(GPtrArray) indexes = ks_export_list_indexes (table);
  g_autoptr(GPtrArray) entities = ks_export_list_entities (design, table);
  const char *type_attr = ks_table_get_type_attribute (table);
  Declared d = {
    g_ptr_array_new_with_free_func (g_free),
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
  };

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "TableName");
  json_builder_add_string_value (b, ks_table_get_name (table));
  json_builder_set_member_name (b, "KeyAttributes");
  json_builder_begin_object (b);
  add_key_attribute (b, "PartitionKey", &tk->pk[0]);
  if (tk->n_sk)
    add_key_attribute (b, "SortKey", &tk->sk[0]);
  json_builder_end_object (b);

  /* every attribute once: index keys first (their types are fixed), then
   * the entities' attributes and the type attribute */
  for (guint i = 0; i < indexes->len; i++)
    {
      KsIndex *index = g_ptr_array_index (indexes, i);
      const KsKeySchema *ik = ks_index_get_key_schema (index);
      for (guint k = 0; k < ik->n_pk + ik->n_sk; k++)
        {
          const KsKeyAttr *a = k < ik->n_pk ? &ik->pk[k] : &ik->sk[k - ik->n_pk];
          if (!ks_key_schema_find (tk, a->name))
            declare (&d, table, a->name, a->type, warnings);
        }
    }
  for (guint e = 0; e < entities->len; e++)
    {
      GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (g_ptr_array_index (entities, e)));
      for (guint i = 0; i < g_list_model_get_n_items (attrs); i++)
        {
          g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, i);
          if (!ks_key_schema_find (tk, ks_attribute_get_name (attr)))
            declare (&d, table, ks_attribute_get_name (attr), ks_attribute_get_value_type (attr), warnings);
        }
    }
  if (type_attr && *type_attr && !ks_key_schema_find (tk, type_attr))
    declare (&d, table, type_attr, KS_TYPE_S, warnings);
  json_builder_set_member_name (b, "NonKeyAttributes");
  json_builder_begin_array (b);
  for (guint i = 0; i < d.names->len; i++)
    {
      const char *name = g_ptr_array_index (d.names, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "AttributeName");
      json_builder_add_string_value (b, name);
      json_builder_set_member_name (b, "AttributeType");
      json_builder_add_string_value (b, ks_type_to_string (GPOINTER_TO_INT (g_hash_table_lookup (d.types, name)) - 1));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "TableFacets");
  json_builder_begin_array (b);
  for (guint e = 0; e < entities->len; e++)
    write_facet (b, g_ptr_array_index (entities, e), table, indexes, warnings);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "GlobalSecondaryIndexes");
  json_builder_begin_array (b);
  for (guint i = 0; i < indexes->len; i++)
    {
      KsIndex *index = g_ptr_array_index (indexes, i);
      const KsKeySchema *ik = ks_index_get_key_schema (index);

      if (!index_exported (index))
        {
          ks_export_warn (warnings,
                          ks_index_get_kind (index) == KS_INDEX_LSI
                          ? "table %s: NoSQL Workbench models have no local secondary indexes; %s is left out"
                          : "table %s: NoSQL Workbench models have no multi-attribute keys; %s is left out",
                          ks_table_get_name (table), ks_index_get_name (index));
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "IndexName");
      json_builder_add_string_value (b, ks_index_get_name (index));
      json_builder_set_member_name (b, "KeyAttributes");
      json_builder_begin_object (b);
      add_key_attribute (b, "PartitionKey", &ik->pk[0]);
      if (ik->n_sk)
        add_key_attribute (b, "SortKey", &ik->sk[0]);
      json_builder_end_object (b);
      ks_export_add_projection (b, index);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  add_data_access (b);
  json_builder_set_member_name (b, "BillingMode");
  if (ks_table_get_billing_mode (table) == KS_BILLING_PROVISIONED)
    {
      json_builder_add_string_value (b, "PROVISIONED");
      json_builder_set_member_name (b, "ProvisionedCapacitySettings");
      json_builder_begin_object (b);
      ks_export_add_throughput (b, table);
      json_builder_end_object (b);
    }
  else
    json_builder_add_string_value (b, "PAY_PER_REQUEST");
  json_builder_end_object (b);

  g_ptr_array_unref (d.names);
  g_hash_table_unref (d.types);
}

char *
ks_export_workbench (KsEngine   *engine,
                     GPtrArray  *warnings,
                     GError    **error)
{
  KsDesign *design = ks_engine_get_design (engine);
  g_autoptr(GPtrArray) tables = ks_export_list_tables (design);
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  const char *name = ks_design_get_name (design);
  const char *description = ks_design_get_description (design);

  if (!ks_export_check_design (design, error))
    return NULL;
  ks_engine_flush (engine);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ModelName");
  json_builder_add_string_value (b, name && *name ? name : "Keyshape design");
  json_builder_set_member_name (b, "ModelMetadata");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "Author");
  json_builder_add_string_value (b, "Keyshape");
  json_builder_set_member_name (b, "Description");
  json_builder_add_string_value (b, description ? description : "");
  json_builder_set_member_name (b, "AWSService");
  json_builder_add_string_value (b, "Amazon DynamoDB");
  json_builder_set_member_name (b, "Version");
  json_builder_add_string_value (b, "3.0");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "DataModel");
  json_builder_begin_array (b);
  for (guint i = 0; i < tables->len; i++)
    write_table (b, design, g_ptr_array_index (tables, i), warnings);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return ks_json_to_string (root, TRUE);
}
