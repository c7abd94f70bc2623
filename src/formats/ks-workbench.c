/* ks-workbench.c: NoSQL Workbench data models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Facets become entities; their items become sample items with literal
 * keys. Items of the table's own TableData join the entity of the facet
 * that holds the same primary key, else an entity named by their entity
 * type attribute, else one named after the table. A repeated primary key
 * keeps the later item, as a second PutItem would. A key alias written as
 * a template (${id} or {id}) becomes the entity's template when it
 * reproduces every item's literal key.
 */
#define G_LOG_DOMAIN "keyshape-workbench"

#include "config.h"

#include <string.h>

#include "ks-import-private.h"
#include "ks-workbench.h"

static const char *palette[] = {
  "#3584e4", "#e66100", "#2ec27e", "#9141ac", "#e5a50a", "#c01c28", "#1c71d8", "#865e3c",
  "#26a269", "#c061cb", "#f5c211", "#5e5c64",
};

static const char *discriminators[] = {
  "EntityType", "entityType", "entity_type", "_type", "__typename", "_et", NULL
};

typedef struct
{
  KsDesign   *design;
  KsTable    *table;
  GHashTable *declared;     /* name → KsType (GINT_TO_POINTER + 1) */
  GHashTable *by_key;       /* primary key text → KsItem */
  guint       n_entities;
} Import;

static const char *
get_str (JsonObject *obj, const char *member)
{
  JsonNode *n = obj ? json_object_get_member (obj, member) : NULL;
  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  return NULL;
}

static JsonObject *
get_obj (JsonObject *obj, const char *member)
{
  JsonNode *n = obj ? json_object_get_member (obj, member) : NULL;
  return n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static JsonArray *
get_arr (JsonObject *obj, const char *member)
{
  JsonNode *n = obj ? json_object_get_member (obj, member) : NULL;
  return n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

gboolean
ks_workbench_detect (JsonNode *root)
{
  JsonObject *obj;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  obj = json_node_get_object (root);
  return get_arr (obj, "DataModel") != NULL &&
         (json_object_has_member (obj, "ModelName") || json_object_has_member (obj, "ModelMetadata"));
}

static gboolean
read_key_attr (JsonObject *keys, const char *member, const char *path,
               char **name, KsType *type, GError **error)
{
  JsonObject *k = get_obj (keys, member);
  const char *t;

  *name = NULL;
  if (k == NULL)
    return TRUE;
  if (get_str (k, "AttributeName") == NULL)
    return ks_import_fail (error, path, "%s.AttributeName is missing", member);
  t = get_str (k, "AttributeType");
  *type = t ? ks_type_from_string (t) : KS_TYPE_S;
  if (!ks_type_is_scalar_key (*type))
    return ks_import_fail (error, path, "%s.AttributeType must be S, N or B, not \"%s\"", member, t ? t : "");
  *name = g_strdup (get_str (k, "AttributeName"));
  return TRUE;
}

static KsKeySchema *
read_key_schema (JsonObject *owner, const char *path, GError **error)
{
  JsonObject *keys = get_obj (owner, "KeyAttributes");
  g_autofree char *pk = NULL, *sk = NULL;
  KsType pkt = KS_TYPE_S, skt = KS_TYPE_S;
  g_autofree char *kp = g_strdup_printf ("%s.KeyAttributes", path);

  if (keys == NULL)
    {
      ks_import_fail (error, path, "KeyAttributes is missing");
      return NULL;
    }
  if (!read_key_attr (keys, "PartitionKey", kp, &pk, &pkt, error) ||
      !read_key_attr (keys, "SortKey", kp, &sk, &skt, error))
    return NULL;
  if (pk == NULL)
    {
      ks_import_fail (error, kp, "PartitionKey is missing");
      return NULL;
    }
  return ks_key_schema_new_simple (pk, pkt, sk, skt);
}

static char *
primary_key_text (KsTable *table, KsValue *item)
{
  const KsKeySchema *k = ks_table_get_key_schema (table);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < k->n_pk + k->n_sk; i++)
    {
      const KsKeyAttr *a = i < k->n_pk ? &k->pk[i] : &k->sk[i - k->n_pk];
      KsValue *v = ks_value_lookup (item, a->name);
      g_autofree char *d = v ? ks_value_to_message_string (v) : g_strdup ("-");
      g_string_append (s, d);
      g_string_append_c (s, '\x1f');
    }
  return g_string_free (s, FALSE);
}

static KsEntity *
ensure_entity (Import *im, const char *name)
{
  KsEntity *entity = ks_design_find_entity (im->design, name);

  if (entity == NULL)
    {
      g_autoptr(KsEntity) e = ks_entity_new (name, ks_table_get_name (im->table));
      ks_entity_set_color (e, palette[im->n_entities++ % G_N_ELEMENTS (palette)]);
      g_list_store_append (ks_design_get_entities (im->design), e);
      entity = e;
    }
  return entity;
}

static void
ensure_attributes (Import *im, KsEntity *entity, KsValue *values)
{
  for (guint i = 0; i < ks_value_get_length (values); i++)
    {
      const KsMapEntry *e = ks_value_get_entry (values, i);
      gpointer declared;
      KsType type;
      g_autoptr(KsAttribute) attr = NULL;

      if (ks_entity_find_attribute (entity, e->name))
        continue;
      if (g_hash_table_lookup_extended (im->declared, e->name, NULL, &declared))
        type = GPOINTER_TO_INT (declared) - 1;
      else
        type = ks_value_get_type (e->value);
      attr = ks_attribute_new (e->name, type);
      if (ks_key_schema_find (ks_table_get_key_schema (im->table), e->name))
        ks_attribute_set_required (attr, TRUE);
      g_list_store_append (ks_entity_get_attributes (entity), attr);
    }
}

/* Adds or (same primary key) replaces an item. */
static void
add_item (Import *im, KsEntity *entity, KsValue *values)
{
  g_autofree char *key = primary_key_text (im->table, values);
  KsItem *existing = g_hash_table_lookup (im->by_key, key);

  if (existing != NULL)
    {
      ensure_attributes (im, existing->entity, values);
      ks_entity_set_item_values (existing->entity, existing, values);
      return;
    }
  if (entity == NULL)
    {
      const char *name = NULL;
      for (guint i = 0; discriminators[i] && name == NULL; i++)
        {
          KsValue *d = ks_value_lookup (values, discriminators[i]);
          if (d && ks_value_get_type (d) == KS_TYPE_S && ks_value_get_length (d) > 0)
            name = ks_value_get_string (d, NULL);
        }
      entity = ensure_entity (im, name ? name : ks_table_get_name (im->table));
    }
  ensure_attributes (im, entity, values);
  {
    g_autoptr(KsItem) item = ks_item_new (values);
    ks_entity_append_item (entity, item);
    g_hash_table_insert (im->by_key, g_steal_pointer (&key), item);
  }
}

static gboolean
read_items (Import *im, JsonArray *data, const char *path, KsEntity *entity, GError **error)
{
  for (guint i = 0; data && i < json_array_get_length (data); i++)
    {
      g_autofree char *p = g_strdup_printf ("%s[%u]", path, i);
      KsValue *values = ks_item_from_ddb_json (json_array_get_element (data, i), p, error);
      if (values == NULL)
        return FALSE;
      add_item (im, entity, values);
    }
  return TRUE;
}

/* A key alias that is a template becomes the entity's template when it
 * renders every item's literal key. */
static void
adopt_alias (Import *im, KsEntity *entity, const char *alias, const KsKeyAttr *key)
{
  g_autoptr(KsTemplate) tmpl = NULL;
  g_autofree char *normal = NULL;

  if (alias == NULL || key == NULL || strchr (alias, '{') == NULL)
    return;
  tmpl = ks_template_parse (alias, KS_TEMPLATE_LENIENT, NULL, NULL);
  if (tmpl == NULL || ks_template_is_literal (tmpl))
    return;
  for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
    {
      KsItem *item = ks_entity_get_item (entity, i);
      KsValue *literal = ks_value_lookup (item->values, key->name);
      g_autoptr(KsValue) out = NULL;

      if (literal == NULL)
        return;
      if (ks_template_render (tmpl, item->values, key->type, &out, NULL, NULL, NULL) != KS_RENDER_OK ||
          !ks_value_equal (out, literal))
        return;
    }
  normal = ks_template_to_string (tmpl);
  ks_entity_set_template (entity, key->name, normal);
}

static gboolean
read_table (Import *im, JsonObject *tobj, const char *path, GError **error)
{
  g_autoptr(KsKeySchema) keys = read_key_schema (tobj, path, error);
  g_autoptr(KsTable) table = NULL;
  JsonArray *arr;
  const char *name = get_str (tobj, "TableName");

  if (keys == NULL)
    return FALSE;
  if (name == NULL)
    return ks_import_fail (error, path, "TableName is missing");
  if (ks_design_find_table (im->design, name) != NULL)
    return ks_import_fail (error, path, "a second table named \"%s\"", name);
  table = ks_table_new (name, keys);
  ks_table_set_type_attribute (table, NULL);
  im->table = table;

  if (g_strcmp0 (get_str (tobj, "BillingMode"), "PROVISIONED") == 0)
    {
      JsonObject *pcs = get_obj (tobj, "ProvisionedCapacitySettings");
      JsonObject *pt = get_obj (pcs, "ProvisionedThroughput");
      ks_table_set_billing_mode (table, KS_BILLING_PROVISIONED);
      if (pt && json_object_has_member (pt, "ReadCapacityUnits"))
        ks_table_set_read_capacity (table, CLAMP (json_object_get_int_member (pt, "ReadCapacityUnits"), 1, G_MAXINT));
      if (pt && json_object_has_member (pt, "WriteCapacityUnits"))
        ks_table_set_write_capacity (table, CLAMP (json_object_get_int_member (pt, "WriteCapacityUnits"), 1, G_MAXINT));
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *member = pass == 0 ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
      arr = get_arr (tobj, member);
      for (guint i = 0; arr && i < json_array_get_length (arr); i++)
        {
          g_autofree char *ip = g_strdup_printf ("%s.%s[%u]", path, member, i);
          JsonNode *n = json_array_get_element (arr, i);
          JsonObject *iobj = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
          g_autoptr(KsKeySchema) ik = NULL;
          g_autoptr(KsIndex) index = NULL;
          JsonObject *proj;
          const char *ptype;

          if (iobj == NULL)
            return ks_import_fail (error, ip, "expected an object");
          if (get_str (iobj, "IndexName") == NULL)
            return ks_import_fail (error, ip, "IndexName is missing");
          /* DynamoDB refuses two indexes of one name, and so does the
           * native format: the design could not be opened once saved */
          if (ks_table_find_index (table, get_str (iobj, "IndexName")) != NULL)
            return ks_import_fail (error, ip, "a second index named \"%s\"", get_str (iobj, "IndexName"));
          ik = read_key_schema (iobj, ip, error);
          if (ik == NULL)
            return FALSE;
          index = ks_index_new (get_str (iobj, "IndexName"), pass == 0 ? KS_INDEX_GSI : KS_INDEX_LSI, ik);
          proj = get_obj (iobj, "Projection");
          ptype = get_str (proj, "ProjectionType");
          if (g_strcmp0 (ptype, "KEYS_ONLY") == 0)
            ks_index_set_projection (index, KS_PROJECTION_KEYS_ONLY);
          else if (g_strcmp0 (ptype, "INCLUDE") == 0)
            {
              JsonArray *nk = get_arr (proj, "NonKeyAttributes");
              g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
              g_auto(GStrv) strv = NULL;
              for (guint k = 0; nk && k < json_array_get_length (nk); k++)
                {
                  JsonNode *e = json_array_get_element (nk, k);
                  if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
                    g_strv_builder_add (b, json_node_get_string (e));
                }
              strv = g_strv_builder_end (b);
              ks_index_set_projection (index, KS_PROJECTION_INCLUDE);
              ks_index_set_include (index, (const char * const *) strv);
            }
          g_list_store_append (ks_table_get_indexes (table), index);
        }
    }
  g_list_store_append (ks_design_get_tables (im->design), table);

  g_hash_table_remove_all (im->declared);
  g_hash_table_remove_all (im->by_key);
  arr = get_arr (tobj, "NonKeyAttributes");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonNode *n = json_array_get_element (arr, i);
      JsonObject *a = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *an = get_str (a, "AttributeName");
      KsType t = ks_type_from_string (get_str (a, "AttributeType"));
      if (an && t != KS_TYPE_INVALID)
        g_hash_table_insert (im->declared, g_strdup (an), GINT_TO_POINTER (t + 1));
    }
  for (guint i = 0; i < keys->n_pk; i++)
    g_hash_table_insert (im->declared, g_strdup (keys->pk[i].name), GINT_TO_POINTER (keys->pk[i].type + 1));
  for (guint i = 0; i < keys->n_sk; i++)
    g_hash_table_insert (im->declared, g_strdup (keys->sk[i].name), GINT_TO_POINTER (keys->sk[i].type + 1));

  arr = get_arr (tobj, "TableFacets");
  for (guint f = 0; arr && f < json_array_get_length (arr); f++)
    {
      g_autofree char *fp = g_strdup_printf ("%s.TableFacets[%u]", path, f);
      g_autofree char *dp = NULL;
      JsonNode *n = json_array_get_element (arr, f);
      JsonObject *fobj = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      JsonObject *alias;
      JsonArray *nk;
      KsEntity *entity;

      if (fobj == NULL || get_str (fobj, "FacetName") == NULL)
        return ks_import_fail (error, fp, "a facet needs a FacetName");
      entity = ensure_entity (im, get_str (fobj, "FacetName"));
      dp = g_strdup_printf ("%s.TableData", fp);
      if (!read_items (im, get_arr (fobj, "TableData"), dp, entity, error))
        return FALSE;
      /* attributes the facet declares without items */
      nk = get_arr (fobj, "NonKeyAttributes");
      for (guint k = 0; nk && k < json_array_get_length (nk); k++)
        {
          JsonNode *e = json_array_get_element (nk, k);
          const char *an = JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
                           ? json_node_get_string (e) : NULL;
          gpointer declared;
          if (an && ks_entity_find_attribute (entity, an) == NULL)
            {
              g_autoptr(KsAttribute) attr = NULL;
              KsType t = g_hash_table_lookup_extended (im->declared, an, NULL, &declared)
                         ? GPOINTER_TO_INT (declared) - 1 : KS_TYPE_S;
              attr = ks_attribute_new (an, t);
              g_list_store_append (ks_entity_get_attributes (entity), attr);
            }
        }
      alias = get_obj (fobj, "KeyAttributeAlias");
      adopt_alias (im, entity, get_str (alias, "PartitionKeyAlias"), keys->n_pk ? &keys->pk[0] : NULL);
      adopt_alias (im, entity, get_str (alias, "SortKeyAlias"), keys->n_sk ? &keys->sk[0] : NULL);
    }
  {
    g_autofree char *dp = g_strdup_printf ("%s.TableData", path);
    if (!read_items (im, get_arr (tobj, "TableData"), dp, NULL, error))
      return FALSE;
  }
  return TRUE;
}

KsDesign *
ks_workbench_import (JsonNode  *root,
                     GError   **error)
{
  JsonObject *obj;
  JsonArray *model;
  JsonObject *meta;
  g_autoptr(KsDesign) design = ks_design_new ();
  Import im = { 0 };
  gboolean ok = TRUE;

  if (!ks_workbench_detect (root))
    {
      ks_import_fail (error, "$", "not a NoSQL Workbench model (no DataModel)");
      return NULL;
    }
  obj = json_node_get_object (root);
  meta = get_obj (obj, "ModelMetadata");
  ks_design_set_name (design, get_str (obj, "ModelName") ? get_str (obj, "ModelName") : "");
  ks_design_set_description (design, get_str (meta, "Description"));

  im.design = design;
  im.declared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im.by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  model = get_arr (obj, "DataModel");
  for (guint t = 0; ok && t < json_array_get_length (model); t++)
    {
      g_autofree char *p = g_strdup_printf ("DataModel[%u]", t);
      JsonNode *n = json_array_get_element (model, t);
      if (!JSON_NODE_HOLDS_OBJECT (n))
        ok = ks_import_fail (error, p, "expected a table object");
      else
        ok = read_table (&im, json_node_get_object (n), p, error);
    }
  g_hash_table_unref (im.declared);
  g_hash_table_unref (im.by_key);
  if (!ok)
    return NULL;
  return g_steal_pointer (&design);
}
