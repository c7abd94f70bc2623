/* test-export.c: the export formats and the OneTable import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Golden files (tests/data/export/interop.FORMAT.golden) are compared byte
 * for byte; run with KS_UPDATE_GOLDEN=1 to rewrite them after a deliberate
 * change, and review the diff.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ks-engine.h"
#include "ks-error.h"
#include "ks-export.h"
#include "ks-io.h"
#include "ks-onetable.h"

static KsDesign *
load_design (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  KsDesign *design = ks_io_load_path (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (design);
  return design;
}

static KsDesign *
design_from_string (const char *text, const char *name, GError **error)
{
  return ks_io_load_data (text, strlen (text), name, NULL, error);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static char *
export_with (KsEngine *engine, const char *format, GPtrArray *warnings)
{
  g_autoptr(GError) error = NULL;
  char *text = ks_export_to_string (engine, format, warnings, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static char *
export (KsDesign *design, const char *format, GPtrArray *warnings)
{
  g_autoptr(KsEngine) engine = ks_engine_new (design);

  return export_with (engine, format, warnings);
}

/* formats ------------------------------------------------------------------ */

static void
test_formats (void)
{
  static const char *expected[] = {
    "keyshape", "nosql-workbench", "cloudformation", "cloudformation-yaml", "terraform",
    "create-table", "electrodb", "onetable", NULL
  };
  const KsExportFormat *formats = ks_export_get_formats ();
  g_autoptr(KsDesign) design = load_design ("interop.keyshape.json");
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(GError) error = NULL;
  char *text;
  guint n = 0;

  for (; formats[n].name; n++)
    {
      g_assert_cmpstr (formats[n].name, ==, expected[n]);
      g_assert_nonnull (formats[n].title);
      g_assert_true (formats[n].extension[0] == '.');
      g_assert_true (ks_export_find_format (formats[n].name) == &formats[n]);
    }
  g_assert_null (expected[n]);
  g_assert_null (ks_export_find_format ("excel"));

  text = ks_export_to_string (engine, "excel", NULL, &error);
  g_assert_null (text);
  g_assert_error (error, KS_ERROR, KS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "electrodb"));
}

/* golden files ------------------------------------------------------------- */

typedef struct
{
  const char *format;
  const char *warnings[4];   /* substrings, in order */
} Golden;

static const Golden goldens[] = {
  { "nosql-workbench", { "no multi-attribute keys; ByTenantRegion is left out",
                         "no local secondary indexes; LSI1 is left out" } },
  { "cloudformation", { NULL } },
  { "cloudformation-yaml", { NULL } },
  { "terraform", { NULL } },
  { "create-table", { "update-time-to-live --table-name InteropTable" } },
  { "electrodb", { NULL } },
  { "onetable", { "index ByTenantRegion is left out", "GSI2SK is a Number key" } },
};

static void
test_golden (gconstpointer data)
{
  const Golden *g = data;
  g_autoptr(KsDesign) design = load_design ("interop.keyshape.json");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = export (design, g->format, warnings);
  g_autofree char *name = g_strdup_printf ("interop.%s.golden", g->format);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "export", name, NULL);
  g_autofree char *golden = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (g_getenv ("KS_UPDATE_GOLDEN"))
    {
      g_file_set_contents (path, text, -1, &error);
      g_assert_no_error (error);
    }
  g_file_get_contents (path, &golden, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, golden);

  for (; g->warnings[n]; n++)
    {
      g_assert_cmpuint (n, <, warnings->len);
      if (strstr (g_ptr_array_index (warnings, n), g->warnings[n]) == NULL)
        g_error ("warning %u: \"%s\" does not say \"%s\"", n,
                 (char *) g_ptr_array_index (warnings, n), g->warnings[n]);
    }
  g_assert_cmpuint (warnings->len, ==, n);
}

/* CloudFormation: AttributeDefinitions hold exactly the key attributes */

static void
collect_key_schema (JsonArray *ks, GHashTable *used)
{
  for (guint i = 0; i < json_array_get_length (ks); i++)
    g_hash_table_add (used, (gpointer) json_object_get_string_member (json_array_get_object_element (ks, i),
                                                                      "AttributeName"));
}

static void
test_cloudformation_definitions (void)
{
  g_autoptr(KsDesign) design = load_design ("interop.keyshape.json");
  g_autofree char *text = export (design, "cloudformation", NULL);
  g_autoptr(JsonNode) root = parse_json (text);
  JsonObject *res = json_object_get_object_member (json_node_get_object (root), "Resources");
  JsonObject *props = json_object_get_object_member (json_object_get_object_member (res, "InteropTable"),
                                                     "Properties");
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *defs = json_object_get_array_member (props, "AttributeDefinitions");
  JsonArray *gsis = json_object_get_array_member (props, "GlobalSecondaryIndexes");
  JsonArray *lsis = json_object_get_array_member (props, "LocalSecondaryIndexes");
  JsonArray *multi = NULL;

  collect_key_schema (json_object_get_array_member (props, "KeySchema"), used);
  for (guint i = 0; i < json_array_get_length (gsis); i++)
    {
      JsonObject *g = json_array_get_object_element (gsis, i);
      collect_key_schema (json_object_get_array_member (g, "KeySchema"), used);
      /* every GSI of a provisioned table has its own throughput */
      g_assert_true (json_object_has_member (g, "ProvisionedThroughput"));
      if (g_str_equal (json_object_get_string_member (g, "IndexName"), "ByTenantRegion"))
        multi = json_object_get_array_member (g, "KeySchema");
    }
  for (guint i = 0; i < json_array_get_length (lsis); i++)
    {
      JsonObject *l = json_array_get_object_element (lsis, i);
      collect_key_schema (json_object_get_array_member (l, "KeySchema"), used);
      g_assert_false (json_object_has_member (l, "ProvisionedThroughput"));
    }
  g_assert_cmpuint (json_array_get_length (defs), ==, g_hash_table_size (used));
  for (guint i = 0; i < json_array_get_length (defs); i++)
    g_assert_true (g_hash_table_contains (used, json_object_get_string_member (json_array_get_object_element (defs, i),
                                                                               "AttributeName")));
  /* the multi-attribute key: HASH, HASH, RANGE */
  g_assert_nonnull (multi);
  g_assert_cmpuint (json_array_get_length (multi), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (multi, 1), "KeyType"), ==, "HASH");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (multi, 2), "KeyType"), ==, "RANGE");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (props, "TimeToLiveSpecification"),
                                                  "AttributeName"), ==, "expiresAt");
}

/* round trips -------------------------------------------------------------- */

static void
assert_same_keys (KsDesign *a, KsDesign *b)
{
  GListModel *ea = G_LIST_MODEL (ks_design_get_entities (a));
  KsTable *table = g_list_model_get_item (G_LIST_MODEL (ks_design_get_tables (a)), 0);
  g_autoptr(GArray) keys = ks_table_list_key_attributes (table);

  g_object_unref (table);
  g_assert_cmpuint (g_list_model_get_n_items (ea), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_entities (b))));
  for (guint e = 0; e < g_list_model_get_n_items (ea); e++)
    {
      g_autoptr(KsEntity) x = g_list_model_get_item (ea, e);
      KsEntity *y = ks_design_find_entity (b, ks_entity_get_name (x));

      g_assert_nonnull (y);
      g_assert_cmpuint (ks_entity_get_n_items (x), ==, ks_entity_get_n_items (y));
      for (guint i = 0; i < ks_entity_get_n_items (x); i++)
        {
          KsItem *ix = ks_entity_get_item (x, i);
          KsItem *iy = ks_entity_get_item (y, i);
          g_assert_false (ks_item_has_errors (iy));
          for (guint k = 0; k < keys->len; k++)
            {
              const char *key = g_array_index (keys, KsKeyAttr, k).name;
              KsValue *vx = ks_value_lookup (ks_item_get_final (ix), key);
              KsValue *vy = ks_value_lookup (ks_item_get_final (iy), key);
              if (!ks_value_equal (vx, vy))
                {
                  g_autofree char *sx = vx ? ks_value_to_display (vx) : g_strdup ("(absent)");
                  g_autofree char *sy = vy ? ks_value_to_display (vy) : g_strdup ("(absent)");
                  g_error ("%s item %u, %s: %s became %s", ks_entity_get_name (x), i, key, sx, sy);
                }
            }
        }
    }
}

static void
test_workbench_round_trip (void)
{
  g_autoptr(KsDesign) design = load_design ("interop.keyshape.json");
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autofree char *text = export_with (engine, "nosql-workbench", NULL);
  g_autoptr(GError) error = NULL;
  KsFileFormat format;
  g_autoptr(KsDesign) back = ks_io_load_data (text, strlen (text), "interop.json", &format, &error);
  g_autoptr(KsEngine) back_engine = NULL;
  GListModel *entities;

  g_assert_no_error (error);
  g_assert_cmpint (format, ==, KS_FILE_FORMAT_WORKBENCH);
  back_engine = ks_engine_new (back);
  assert_same_keys (design, back);

  /* every attribute of every item, not only the keys */
  entities = G_LIST_MODEL (ks_design_get_entities (design));
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) x = g_list_model_get_item (entities, e);
      KsEntity *y = ks_design_find_entity (back, ks_entity_get_name (x));
      /* the table keys' aliases come back as templates */
      g_assert_cmpstr (ks_entity_get_template (y, "PK"), ==, ks_entity_get_template (x, "PK"));
      for (guint i = 0; i < ks_entity_get_n_items (x); i++)
        g_assert_true (ks_value_equal (ks_item_get_final (ks_entity_get_item (x, i)),
                                       ks_item_get_final (ks_entity_get_item (y, i))));
    }
}

static void
test_onetable_round_trip (void)
{
  g_autoptr(KsDesign) design = load_design ("interop.keyshape.json");
  g_autofree char *text = export (design, "onetable", NULL);
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(JsonNode) root = parse_json (text);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) back = ks_onetable_import (root, "InteropTable", warnings, &error);
  g_autoptr(KsEngine) back_engine = NULL;
  GListModel *entities;
  KsTable *table;
  KsIndex *lsi;

  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);
  table = ks_design_find_table (back, "InteropTable");
  g_assert_nonnull (table);
  g_assert_cmpstr (ks_table_get_ttl_attribute (table), ==, "expiresAt");
  g_assert_cmpstr (ks_table_get_type_attribute (table), ==, "_type");
  lsi = ks_table_find_index (table, "LSI1");
  g_assert_nonnull (lsi);
  g_assert_cmpint (ks_index_get_kind (lsi), ==, KS_INDEX_LSI);
  g_assert_cmpint (ks_index_get_projection (ks_table_find_index (table, "ByScore")), ==, KS_PROJECTION_KEYS_ONLY);
  g_assert_cmpint (ks_index_get_projection (ks_table_find_index (table, "GSI1")), ==, KS_PROJECTION_INCLUDE);
  /* the N sort key keeps its type through the model's field */
  g_assert_cmpint (ks_index_get_key_schema (ks_table_find_index (table, "ByScore"))->sk[0].type, ==, KS_TYPE_N);

  /* same entities, templates and attributes; then the same keys for the
   * same items */
  entities = G_LIST_MODEL (ks_design_get_entities (design));
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) x = g_list_model_get_item (entities, e);
      KsEntity *y = ks_design_find_entity (back, ks_entity_get_name (x));
      GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (x));

      g_assert_nonnull (y);
      g_assert_cmpuint (ks_entity_get_n_templates (x), ==, ks_entity_get_n_templates (y));
      for (guint t = 0; t < ks_entity_get_n_templates (x); t++)
        {
          const char *key = ks_entity_get_template_key (x, t);
          g_assert_cmpstr (ks_entity_get_template (y, key), ==, ks_entity_get_template (x, key));
        }
      for (guint a = 0; a < g_list_model_get_n_items (attrs); a++)
        {
          g_autoptr(KsAttribute) ax = g_list_model_get_item (attrs, a);
          KsAttribute *ay = ks_entity_find_attribute (y, ks_attribute_get_name (ax));
          g_assert_nonnull (ay);
          g_assert_cmpint (ks_attribute_get_value_type (ay), ==, ks_attribute_get_value_type (ax));
          g_assert_cmpint (ks_attribute_get_required (ay), ==, ks_attribute_get_required (ax));
        }
      for (guint i = 0; i < ks_entity_get_n_items (x); i++)
        {
          g_autoptr(KsItem) item = ks_item_new (ks_value_ref (ks_entity_get_item (x, i)->values));
          ks_entity_append_item (y, item);
        }
    }
  /* OneTable has no multi-attribute keys: compare without that index */
  {
    KsTable *orig = ks_design_find_table (design, "InteropTable");
    guint pos;
    g_assert_true (g_list_store_find (ks_table_get_indexes (orig), ks_table_find_index (orig, "ByTenantRegion"), &pos));
    g_list_store_remove (ks_table_get_indexes (orig), pos);
  }
  engine = ks_engine_new (design);
  back_engine = ks_engine_new (back);
  assert_same_keys (design, back);
}

/* OneTable import ------------------------------------------------------------ */

static void
test_onetable_import (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "onetable-crm.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  KsFileFormat format;
  g_autoptr(KsDesign) design = ks_io_import_file (file, &format, warnings, NULL, &error);
  const KsKeySchema *keys;
  const char * const *include;
  KsEntity *invoice, *account;
  KsTable *table;
  KsIndex *index;

  g_assert_no_error (error);
  g_assert_cmpint (format, ==, KS_FILE_FORMAT_ONETABLE);
  /* the file name names the table */
  table = ks_design_find_table (design, "onetable-crm");
  g_assert_nonnull (table);
  keys = ks_table_get_key_schema (table);
  g_assert_cmpstr (keys->pk[0].name, ==, "pk");
  g_assert_cmpstr (keys->sk[0].name, ==, "sk");
  g_assert_cmpstr (ks_table_get_type_attribute (table), ==, "kind");
  g_assert_cmpstr (ks_table_get_ttl_attribute (table), ==, "expires");

  index = ks_table_find_index (table, "gs1");
  g_assert_cmpint (ks_index_get_kind (index), ==, KS_INDEX_GSI);
  g_assert_cmpint (ks_index_get_projection (index), ==, KS_PROJECTION_INCLUDE);
  include = ks_index_get_include (index);
  /* the listed keys are in every index anyway */
  g_assert_cmpstr (include[0], ==, "name");
  g_assert_cmpstr (include[1], ==, "status");
  g_assert_null (include[2]);
  g_assert_cmpint (ks_index_get_projection (ks_table_find_index (table, "gs2")), ==, KS_PROJECTION_KEYS_ONLY);
  index = ks_table_find_index (table, "ls1");
  g_assert_cmpint (ks_index_get_kind (index), ==, KS_INDEX_LSI);
  g_assert_cmpstr (ks_index_get_key_schema (index)->pk[0].name, ==, "pk");
  g_assert_cmpstr (ks_index_get_key_schema (index)->sk[0].name, ==, "status");

  account = ks_design_find_entity (design, "Account");
  invoice = ks_design_find_entity (design, "Invoice");
  g_assert_nonnull (account);
  g_assert_cmpstr (ks_entity_get_template (account, "pk"), ==, "account#${id}");
  g_assert_cmpstr (ks_entity_get_template (account, "sk"), ==, "account#");
  g_assert_cmpstr (ks_entity_get_template (account, "gs1pk"), ==, "account-name#${name}");
  g_assert_null (ks_entity_find_attribute (account, "pk"));
  g_assert_true (ks_attribute_get_required (ks_entity_find_attribute (account, "name")));
  /* the status attribute is the LSI's sort key */
  g_assert_nonnull (ks_entity_find_attribute (account, "status"));

  /* ${number:6:0} keeps its padding */
  g_assert_cmpstr (ks_entity_get_template (invoice, "sk"), ==, "invoice#${number|pad:6}");
  g_assert_cmpint (ks_attribute_get_value_type (ks_entity_find_attribute (invoice, "number")), ==, KS_TYPE_N);
  g_assert_cmpint (ks_attribute_get_value_type (ks_entity_find_attribute (invoice, "lines")), ==, KS_TYPE_L);
  g_assert_cmpint (ks_attribute_get_value_type (ks_entity_find_attribute (invoice, "meta")), ==, KS_TYPE_M);
  g_assert_cmpint (ks_attribute_get_value_type (ks_entity_find_attribute (invoice, "paid")), ==, KS_TYPE_BOOL);
  g_assert_cmpint (ks_attribute_get_value_type (ks_entity_find_attribute (invoice, "labels")), ==, KS_TYPE_SS);
  /* isoDates: dates are strings */
  g_assert_cmpint (ks_attribute_get_value_type (ks_entity_find_attribute (invoice, "issued")), ==, KS_TYPE_S);
  /* padding Keyshape cannot do is dropped, with a warning each */
  g_assert_cmpstr (ks_entity_get_template (invoice, "gs2pk"), ==, "code#${code}");
  g_assert_cmpstr (ks_entity_get_template (invoice, "gs2sk"), ==, "${code}");
  g_assert_cmpuint (warnings->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "pads with zeros only"));
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 1), "zero-pads numbers only"));

  /* and the keys it computes */
  {
    g_autoptr(KsEngine) engine = NULL;
    g_autoptr(KsItem) item = NULL;
    g_autoptr(JsonNode) values = parse_json ("{\"accountId\": \"a1\", \"number\": 42, \"code\": \"X1\"}");
    g_autoptr(KsValue) v = ks_value_from_plain_json (values, KS_TYPE_M, "$", &error);
    g_assert_no_error (error);
    item = ks_item_new (ks_value_ref (v));
    ks_entity_append_item (invoice, item);
    engine = ks_engine_new (design);
    g_assert_false (ks_item_has_errors (item));
    g_assert_cmpstr (ks_value_get_string (ks_value_lookup (item->final, "sk"), NULL), ==, "invoice#000042");
    g_assert_cmpstr (ks_value_get_string (ks_value_lookup (item->final, "kind"), NULL), ==, "Invoice");
  }
}

typedef struct
{
  const char *json;
  const char *message;
} BadCase;

static const BadCase bad_onetable[] = {
  { "{\"format\": \"onetable:2.0.0\", \"indexes\": {}}", "format: OneTable schema format 2.0.0 is not supported" },
  { "{\"format\": \"onetable:1.1.0\"}", "$: indexes is missing" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"gs1\": {\"hash\": \"a\"}}}", "indexes: primary is missing" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"sort\": \"sk\"}}}", "indexes.primary: hash is missing" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"hash\": 3}}}", "indexes.primary: hash must be a string" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"hash\": \"pk\"}, \"ls1\": {\"type\": \"local\", \"sort\": \"x\"}}}",
    "indexes.ls1: a local index needs a table with a sort key" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"hash\": \"pk\", \"sort\": \"sk\"}, \"ls1\": {\"type\": \"local\"}}}",
    "indexes.ls1: a local index needs a sort attribute" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"hash\": \"pk\", \"sort\": \"sk\"}, \"ls1\": {\"type\": \"local\", \"hash\": \"other\", \"sort\": \"x\"}}}",
    "indexes.ls1: a local index shares the table's hash attribute pk, not other" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"hash\": \"pk\"}, \"gs1\": {\"hash\": \"a\", \"project\": \"some\"}}}",
    "indexes.gs1: project is \"all\", \"keys\" or a list" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"hash\": \"pk\"}, \"gs1\": {\"hash\": \"a\", \"project\": [1]}}}",
    "indexes.gs1.project[0]: an attribute name is a string" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"hash\": \"pk\"}}, \"models\": {\"A\": {\"pk\": {\"value\": \"A#${id\"}}}}",
    "models.A.pk: \"${\" at position 3 has no closing \"}\"" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"hash\": \"pk\"}}, \"models\": {\"A\": {\"pk\": {\"value\": \"A#${id:x:0}\"}}}}",
    "models.A.pk: ${id:x:0}: the width of a placeholder is a number from 1 to 64" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"hash\": \"pk\"}}, \"models\": {\"A\": {\"pk\": \"string\"}}}",
    "models.A.pk: a field is an object" },
  { "{\"format\": \"onetable:1.1.0\", \"indexes\": {\"primary\": {\"hash\": \"pk\"}}, \"models\": []}",
    "models: models must be an object" },
};

static void
test_onetable_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_onetable); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KsDesign) design = design_from_string (bad_onetable[i].json, "bad.json", &error);
      g_autofree char *want = g_strdup_printf ("bad.json: %s", bad_onetable[i].message);

      g_assert_null (design);
      g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, want))
        g_error ("case %u: \"%s\" does not start with \"%s\"", i, error->message, want);
    }
}

/* designs DynamoDB would refuse */

static const BadCase bad_designs[] = {
  { "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"x\", \"tables\": []}",
    "the design has no table to export" },
  { "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"x\", \"tables\": [{\"name\": \"T1\","
    " \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},"
    " \"indexes\": [{\"name\": \"L1\", \"kind\": \"LSI\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},"
    " \"sortKey\": {\"name\": \"x\", \"type\": \"S\"}}]}]}",
    "table T1, index L1: a local secondary index needs a table with a sort key" },
  { "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"x\", \"tables\": [{\"name\": \"T1\","
    " \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"}, \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"},"
    " \"indexes\": [{\"name\": \"L1\", \"kind\": \"LSI\", \"partitionKey\": {\"name\": \"other\", \"type\": \"S\"},"
    " \"sortKey\": {\"name\": \"x\", \"type\": \"S\"}}]}]}",
    "table T1, index L1: a local secondary index has the table's partition key (PK)" },
  { "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"x\", \"tables\": [{\"name\": \"T1\","
    " \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},"
    " \"indexes\": [{\"name\": \"G1\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"N\"}}]}]}",
    "table T1, index G1: key attribute PK is N here but S" },
};

static void
test_invalid_designs (void)
{
  const KsExportFormat *formats = ks_export_get_formats ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_designs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KsDesign) design = design_from_string (bad_designs[i].json, "bad.json", &error);
      g_autoptr(KsEngine) engine = NULL;

      g_assert_no_error (error);
      engine = ks_engine_new (design);
      /* every format but the native one, which saves any design */
      for (guint f = 1; formats[f].name; f++)
        {
          g_autoptr(GError) export_error = NULL;
          g_autofree char *text = ks_export_to_string (engine, formats[f].name, NULL, &export_error);
          g_assert_null (text);
          g_assert_error (export_error, KS_ERROR, KS_ERROR_INVALID);
          if (!g_str_has_prefix (export_error->message, bad_designs[i].message))
            g_error ("case %u, %s: \"%s\" does not start with \"%s\"", i, formats[f].name,
                     export_error->message, bad_designs[i].message);
        }
    }
}

/* names that are not identifiers, quotes and interpolation characters */
static void
test_escaping (void)
{
  static const char *design_json =
    "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"a \\\"quoted\\\" ${design}\\nline 2\", \"tables\": [{"
    "\"name\": \"shop-orders.v2\", \"partitionKey\": {\"name\": \"p k\", \"type\": \"S\"},"
    "\"billing\": {\"mode\": \"PAY_PER_REQUEST\"}, \"indexes\": []}],"
    "\"entities\": [{\"name\": \"2nd-entity\", \"table\": \"shop-orders.v2\","
    " \"attributes\": [{\"name\": \"my-id\", \"type\": \"S\"}, {\"name\": \"yes\", \"type\": \"B\"}],"
    " \"keys\": {\"p k\": \"A\\\\$%\\\\{x\\\\}\\\"${my-id|upper}\"}, \"items\": [{\"my-id\": \"q\"}]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = design_from_string (design_json, "esc.json", &error);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tf = NULL, *yaml = NULL, *cfn = NULL, *edb = NULL;

  g_assert_no_error (error);
  tf = export (design, "terraform", NULL);
  g_assert_nonnull (strstr (tf, "resource \"aws_dynamodb_table\" \"shop_orders_v2\""));
  g_assert_nonnull (strstr (tf, "hash_key     = \"p k\""));
  g_assert_nonnull (strstr (tf, "# DynamoDB tables of the design a \"quoted\" ${design} line 2 ("));
  yaml = export (design, "cloudformation-yaml", NULL);
  g_assert_nonnull (strstr (yaml, "  ShopOrdersV2:\n"));
  g_assert_nonnull (strstr (yaml, "AttributeName: \"p k\"\n"));
  g_assert_nonnull (strstr (yaml, "TableName: shop-orders.v2\n"));
  g_assert_nonnull (strstr (yaml, "Description: \"DynamoDB tables of the design a \\\"quoted\\\" ${design}\\nline 2"));
  cfn = export (design, "cloudformation", NULL);
  g_assert_nonnull (strstr (cfn, "\"ShopOrdersV2\": {"));
  edb = export (design, "electrodb", warnings);
  g_assert_nonnull (strstr (edb, "// ElectroDB entities of the design a \"quoted\" ${design} line 2,"));
  g_assert_nonnull (strstr (edb, "export const _2nd_entity = new Entity("));
  g_assert_nonnull (strstr (edb, "\"my-id\": { type: \"string\" },"));
  g_assert_nonnull (strstr (edb, "yes: { type: \"any\" },"));
  g_assert_nonnull (strstr (edb, "template: \"A$%{x}\\\"${my-id}\","));
  /* the upper filter on part of a key cannot be said */
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "changes the case of a whole key"));
}

/* keyshape-cli import --from onetable */
static void
test_cli_import (void)
{
  const char *cli = g_getenv ("KS_CLI");
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data", "onetable-crm.json", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_stdout = NULL, *out_stderr = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = NULL;
  int status;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("KS_CLI is not set");
      return;
    }
  dir = g_dir_make_tmp ("ks-export-XXXXXX", &error);
  g_assert_no_error (error);
  out = g_build_filename (dir, "crm.keyshape.json", NULL);
  {
    const char *argv[] = { cli, "import", src, "--from", "onetable", "-o", out, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out_stdout, &out_stderr, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out_stderr, "warning: "));
  }
  design = ks_io_load_path (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ks_design_find_entity (design, "Invoice"));
  g_clear_pointer (&out_stdout, g_free);
  g_clear_pointer (&out_stderr, g_free);
  {
    /* a OneTable schema is not a Workbench model */
    const char *argv[] = { cli, "import", src, "--from", "nosql-workbench", "-o", out, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out_stdout, &out_stderr, &status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (status, &error));
    g_assert_error (error, G_SPAWN_EXIT_ERROR, 1);
    g_clear_error (&error);
    g_assert_nonnull (strstr (out_stderr, "is not a NoSQL Workbench model"));
  }
  g_remove (out);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyshape/export/formats", test_formats);
  for (guint i = 0; i < G_N_ELEMENTS (goldens); i++)
    {
      g_autofree char *path = g_strdup_printf ("/keyshape/export/golden/%s", goldens[i].format);
      g_test_add_data_func (path, &goldens[i], test_golden);
    }
  g_test_add_func ("/keyshape/export/cloudformation-definitions", test_cloudformation_definitions);
  g_test_add_func ("/keyshape/export/workbench-round-trip", test_workbench_round_trip);
  g_test_add_func ("/keyshape/export/onetable-round-trip", test_onetable_round_trip);
  g_test_add_func ("/keyshape/export/onetable-import", test_onetable_import);
  g_test_add_func ("/keyshape/export/onetable-errors", test_onetable_errors);
  g_test_add_func ("/keyshape/export/invalid-designs", test_invalid_designs);
  g_test_add_func ("/keyshape/export/escaping", test_escaping);
  g_test_add_func ("/keyshape/export/cli-import", test_cli_import);
  return g_test_run ();
}
