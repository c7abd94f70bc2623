/* ks-export-common.c: helpers shared by the exporters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-export"

#include "config.h"

#include "ks-error.h"
#include "ks-export-private.h"

void
ks_export_warn (GPtrArray  *warnings,
                const char *format,
                ...)
{
  va_list args;

  if (warnings == NULL)
    return;
  va_start (args, format);
  g_ptr_array_add (warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

char *
ks_export_one_line (const char *text,
                    const char *fallback)
{
  char *out;

  if (text == NULL || *text == '\0')
    return g_strdup (fallback);
  out = g_strdup (text);
  for (char *p = out; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return out;
}

GPtrArray *
ks_export_list_tables (KsDesign *design)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (design));
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    g_ptr_array_add (out, g_list_model_get_item (tables, i));
  return out;
}

GPtrArray *
ks_export_list_indexes (KsTable *table)
{
  GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
    g_ptr_array_add (out, g_list_model_get_item (indexes, i));
  return out;
}

GPtrArray *
ks_export_list_entities (KsDesign *design,
                         KsTable  *table)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (design));
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      KsEntity *entity = g_list_model_get_item (entities, i);
      if (table == NULL || ks_design_get_entity_table (design, entity) == table)
        g_ptr_array_add (out, entity);
      else
        g_object_unref (entity);
    }
  return out;
}

gboolean
ks_export_entity_has_key (KsEntity   *entity,
                          const char *key_attribute)
{
  return ks_entity_get_template (entity, key_attribute) != NULL ||
         ks_entity_find_attribute (entity, key_attribute) != NULL;
}

static gboolean
check_types (GHashTable *types, const KsKeyAttr *attrs, guint n, const char *where,
             const char *table, GError **error)
{
  for (guint i = 0; i < n; i++)
    {
      gpointer known;
      if (g_hash_table_lookup_extended (types, attrs[i].name, NULL, &known) &&
          GPOINTER_TO_INT (known) != (int) attrs[i].type + 1)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "table %s, %s: key attribute %s is %s here but %s in another key schema; "
                       "DynamoDB declares each attribute once",
                       table, where, attrs[i].name, ks_type_to_string (attrs[i].type),
                       ks_type_to_string (GPOINTER_TO_INT (known) - 1));
          return FALSE;
        }
      g_hash_table_insert (types, (gpointer) attrs[i].name, GINT_TO_POINTER (attrs[i].type + 1));
    }
  return TRUE;
}

gboolean
ks_export_check_table (KsTable  *table,
                       GError  **error)
{
  const KsKeySchema *tk = ks_table_get_key_schema (table);
  const char *name = ks_table_get_name (table);
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) indexes = ks_export_list_indexes (table);

  if (tk->n_pk != 1 || tk->n_sk > 1)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "table %s: a table has one partition key and at most one sort key", name);
      return FALSE;
    }
  if (!check_types (types, tk->pk, tk->n_pk, "primary key", name, error) ||
      !check_types (types, tk->sk, tk->n_sk, "primary key", name, error))
    return FALSE;
  for (guint i = 0; i < indexes->len; i++)
    {
      KsIndex *index = g_ptr_array_index (indexes, i);
      const KsKeySchema *ik = ks_index_get_key_schema (index);
      g_autofree char *where = g_strdup_printf ("index %s", ks_index_get_name (index));

      if (ks_index_get_kind (index) == KS_INDEX_LSI)
        {
          if (tk->n_sk == 0)
            {
              g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                           "table %s, %s: a local secondary index needs a table with a sort key",
                           name, where);
              return FALSE;
            }
          if (ik->n_pk != 1 || g_strcmp0 (ik->pk[0].name, tk->pk[0].name) != 0 || ik->n_sk != 1)
            {
              g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                           "table %s, %s: a local secondary index has the table's partition key (%s) and one sort key",
                           name, where, tk->pk[0].name);
              return FALSE;
            }
        }
      if (ik->n_pk == 0)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "table %s, %s: the index has no partition key", name, where);
          return FALSE;
        }
      if (!check_types (types, ik->pk, ik->n_pk, where, name, error) ||
          !check_types (types, ik->sk, ik->n_sk, where, name, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ks_export_check_design (KsDesign  *design,
                        GError   **error)
{
  g_autoptr(GPtrArray) tables = ks_export_list_tables (design);

  if (tables->len == 0)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "the design has no table to export");
      return FALSE;
    }
  for (guint i = 0; i < tables->len; i++)
    if (!ks_export_check_table (g_ptr_array_index (tables, i), error))
      return FALSE;
  return TRUE;
}

static void
add_key_schema_element (JsonBuilder *b, const char *name, const char *type)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "AttributeName");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "KeyType");
  json_builder_add_string_value (b, type);
  json_builder_end_object (b);
}

/* Several HASH then several RANGE entries for a multi-attribute GSI key
 * (dynamodb-rules.md §10.5), in key-schema order. */
static void
add_key_schema (JsonBuilder *b, const KsKeySchema *keys)
{
  json_builder_set_member_name (b, "KeySchema");
  json_builder_begin_array (b);
  for (guint i = 0; i < keys->n_pk; i++)
    add_key_schema_element (b, keys->pk[i].name, "HASH");
  for (guint i = 0; i < keys->n_sk; i++)
    add_key_schema_element (b, keys->sk[i].name, "RANGE");
  json_builder_end_array (b);
}

void
ks_export_add_throughput (JsonBuilder *b,
                          KsTable     *table)
{
  json_builder_set_member_name (b, "ProvisionedThroughput");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ReadCapacityUnits");
  json_builder_add_int_value (b, MAX (1, ks_table_get_read_capacity (table)));
  json_builder_set_member_name (b, "WriteCapacityUnits");
  json_builder_add_int_value (b, MAX (1, ks_table_get_write_capacity (table)));
  json_builder_end_object (b);
}

void
ks_export_add_projection (JsonBuilder *b,
                          KsIndex     *index)
{
  KsProjection projection = ks_index_get_projection (index);

  json_builder_set_member_name (b, "Projection");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ProjectionType");
  json_builder_add_string_value (b, ks_projection_to_string (projection));
  if (projection == KS_PROJECTION_INCLUDE)
    {
      const char * const *include = ks_index_get_include (index);
      json_builder_set_member_name (b, "NonKeyAttributes");
      json_builder_begin_array (b);
      for (guint i = 0; include && include[i]; i++)
        json_builder_add_string_value (b, include[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
add_indexes (JsonBuilder *b, KsTable *table, GPtrArray *indexes, KsIndexKind kind)
{
  const KsKeySchema *tk = ks_table_get_key_schema (table);
  gboolean provisioned = ks_table_get_billing_mode (table) == KS_BILLING_PROVISIONED;
  guint n = 0;

  for (guint i = 0; i < indexes->len; i++)
    if (ks_index_get_kind (g_ptr_array_index (indexes, i)) == kind)
      n++;
  if (n == 0)
    return;
  json_builder_set_member_name (b, kind == KS_INDEX_GSI ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
  json_builder_begin_array (b);
  for (guint i = 0; i < indexes->len; i++)
    {
      KsIndex *index = g_ptr_array_index (indexes, i);
      const KsKeySchema *ik = ks_index_get_key_schema (index);

      if (ks_index_get_kind (index) != kind)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "IndexName");
      json_builder_add_string_value (b, ks_index_get_name (index));
      if (kind == KS_INDEX_LSI)
        {
          /* the table's partition key, whatever the index repeats */
          json_builder_set_member_name (b, "KeySchema");
          json_builder_begin_array (b);
          add_key_schema_element (b, tk->pk[0].name, "HASH");
          add_key_schema_element (b, ik->sk[0].name, "RANGE");
          json_builder_end_array (b);
        }
      else
        add_key_schema (b, ik);
      ks_export_add_projection (b, index);
      if (kind == KS_INDEX_GSI && provisioned)
        ks_export_add_throughput (b, table);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
ks_export_table_definition (KsTable  *table,
                            gboolean  cloudformation)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(GPtrArray) indexes = ks_export_list_indexes (table);
  g_autoptr(GArray) attrs = ks_table_list_key_attributes (table);
  const char *ttl = ks_table_get_ttl_attribute (table);
  gboolean provisioned = ks_table_get_billing_mode (table) == KS_BILLING_PROVISIONED;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "TableName");
  json_builder_add_string_value (b, ks_table_get_name (table));
  /* exactly the key attributes of the table and its indexes: DynamoDB
   * refuses a definition that no key schema uses */
  json_builder_set_member_name (b, "AttributeDefinitions");
  json_builder_begin_array (b);
  for (guint i = 0; i < attrs->len; i++)
    {
      const KsKeyAttr *a = &g_array_index (attrs, KsKeyAttr, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "AttributeName");
      json_builder_add_string_value (b, a->name);
      json_builder_set_member_name (b, "AttributeType");
      json_builder_add_string_value (b, ks_type_to_string (a->type));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_key_schema (b, ks_table_get_key_schema (table));
  json_builder_set_member_name (b, "BillingMode");
  json_builder_add_string_value (b, provisioned ? "PROVISIONED" : "PAY_PER_REQUEST");
  if (provisioned)
    ks_export_add_throughput (b, table);
  add_indexes (b, table, indexes, KS_INDEX_GSI);
  add_indexes (b, table, indexes, KS_INDEX_LSI);
  if (cloudformation && ttl && *ttl)
    {
      json_builder_set_member_name (b, "TimeToLiveSpecification");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "AttributeName");
      json_builder_add_string_value (b, ttl);
      json_builder_set_member_name (b, "Enabled");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
