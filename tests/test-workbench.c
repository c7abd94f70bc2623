/* test-workbench.c: NoSQL Workbench import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ks-engine.h"
#include "ks-io.h"
#include "ks-native.h"

/* Every item of the model (table TableData and facets), the later one
 * winning on a repeated primary key. */
static GHashTable *
model_items (JsonNode *root)
{
  GHashTable *items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ks_value_unref);
  JsonArray *model = json_object_get_array_member (json_node_get_object (root), "DataModel");

  for (guint t = 0; t < json_array_get_length (model); t++)
    {
      JsonObject *table = json_array_get_object_element (model, t);
      JsonObject *ka = json_object_get_object_member (table, "KeyAttributes");
      const char *pk = json_object_get_string_member (json_object_get_object_member (ka, "PartitionKey"), "AttributeName");
      const char *sk = json_object_has_member (ka, "SortKey")
                       ? json_object_get_string_member (json_object_get_object_member (ka, "SortKey"), "AttributeName")
                       : NULL;
      GPtrArray *lists = g_ptr_array_new ();

      if (json_object_has_member (table, "TableFacets"))
        {
          JsonArray *facets = json_object_get_array_member (table, "TableFacets");
          for (guint f = 0; f < json_array_get_length (facets); f++)
            {
              JsonObject *facet = json_array_get_object_element (facets, f);
              if (json_object_has_member (facet, "TableData"))
                g_ptr_array_add (lists, json_object_get_array_member (facet, "TableData"));
            }
        }
      if (json_object_has_member (table, "TableData"))
        g_ptr_array_add (lists, json_object_get_array_member (table, "TableData"));
      for (guint l = 0; l < lists->len; l++)
        {
          JsonArray *data = g_ptr_array_index (lists, l);
          for (guint i = 0; i < json_array_get_length (data); i++)
            {
              KsValue *item = ks_item_from_ddb_json (json_array_get_element (data, i), "$", NULL);
              g_autofree char *pkv = ks_value_to_message_string (ks_value_lookup (item, pk));
              g_autofree char *skv = sk ? ks_value_to_message_string (ks_value_lookup (item, sk)) : g_strdup ("");
              g_hash_table_insert (items, g_strdup_printf ("%s|%s|%s", json_object_get_string_member (table, "TableName"), pkv, skv), item);
            }
        }
      g_ptr_array_unref (lists);
    }
  return items;
}

/* Checks the design's final items against the model: each once, equal. */
static void
check_design (KsDesign *d, GHashTable *expected, const char *file)
{
  g_autoptr(KsEngine) engine = ks_engine_new (d);
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (d));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint total = 0;

  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      KsTable *table = ks_design_get_entity_table (d, entity);
      const KsKeySchema *ks = ks_table_get_key_schema (table);

      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        {
          KsItem *item = ks_entity_get_item (entity, i);
          KsValue *final = ks_item_get_final (item);
          g_autofree char *pkv = ks_value_to_message_string (ks_value_lookup (final, ks->pk[0].name));
          g_autofree char *skv = ks->n_sk ? ks_value_to_message_string (ks_value_lookup (final, ks->sk[0].name)) : g_strdup ("");
          g_autofree char *key = g_strdup_printf ("%s|%s|%s", ks_table_get_name (table), pkv, skv);
          KsValue *want = g_hash_table_lookup (expected, key);

          if (want == NULL)
            g_error ("%s: item %s is not in the model", file, key);
          if (!ks_value_equal (want, final))
            {
              g_autofree char *a = ks_value_to_display (want);
              g_autofree char *b = ks_value_to_display (final);
              g_error ("%s: item %s differs:\n model %s\n design %s", file, key, a, b);
            }
          g_assert_false (ks_item_has_errors (item));
          g_assert_true (g_hash_table_add (seen, g_steal_pointer (&key)));
          total++;
        }
    }
  g_assert_cmpuint (total, ==, g_hash_table_size (expected));
}

static void
import_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(KsDesign) d = NULL;
  g_autoptr(KsDesign) again = NULL;
  g_autofree char *native = NULL, *native2 = NULL;
  KsFileFormat format;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_true (json_parser_load_from_data (parser, data, len, &error));
  expected = model_items (json_parser_get_root (parser));

  d = ks_io_load_data (data, len, path, &format, &error);
  g_assert_no_error (error);
  g_assert_cmpint (format, ==, KS_FILE_FORMAT_WORKBENCH);
  check_design (d, expected, path);

  /* to the native format and back: the same items, byte-stable */
  native = ks_native_to_string (d);
  again = ks_io_load_data (native, strlen (native), "native", &format, &error);
  g_assert_no_error (error);
  g_assert_cmpint (format, ==, KS_FILE_FORMAT_NATIVE);
  check_design (again, expected, path);
  native2 = ks_native_to_string (again);
  g_assert_cmpstr (native, ==, native2);
}

static void
import_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        import_dir (path);
      else if (g_str_has_suffix (name, ".json") && !g_str_has_suffix (name, ".requests.json") &&
               !g_str_has_suffix (name, ".expected.json") && !g_str_has_prefix (name, "package"))
        {
          import_file (path);
          n++;
        }
    }
  g_test_message ("%s: %u models", dir, n);
}

static void
test_shared_models (void)
{
  const char *shared = g_getenv ("KS_SHARED_DIR");
  g_autofree char *conf = NULL, *real = NULL;

  if (shared == NULL || !g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("KS_SHARED_DIR is not set or missing: no shared models to import");
      return;
    }
  conf = g_build_filename (shared, "conformance", NULL);
  real = g_build_filename (shared, "real-models", NULL);
  import_dir (conf);
  import_dir (real);
}

static void
test_templates_from_aliases (void)
{
  const char *model =
    "{\"ModelName\": \"M\", \"ModelMetadata\": {\"Version\": \"3.0\"}, \"DataModel\": [{\"TableName\": \"T\","
    " \"KeyAttributes\": {\"PartitionKey\": {\"AttributeName\": \"PK\", \"AttributeType\": \"S\"},"
    "  \"SortKey\": {\"AttributeName\": \"SK\", \"AttributeType\": \"S\"}},"
    " \"TableFacets\": [{\"FacetName\": \"User\", \"KeyAttributeAlias\": {\"PartitionKeyAlias\": \"USER#{id}\", \"SortKeyAlias\": \"PROFILE\"},"
    "   \"TableData\": [{\"PK\": {\"S\": \"USER#1\"}, \"SK\": {\"S\": \"PROFILE\"}, \"id\": {\"S\": \"1\"}}]},"
    "  {\"FacetName\": \"Odd\", \"KeyAttributeAlias\": {\"PartitionKeyAlias\": \"X#${id}\", \"SortKeyAlias\": \"SK\"},"
    "   \"TableData\": [{\"PK\": {\"S\": \"Y#2\"}, \"SK\": {\"S\": \"A\"}, \"id\": {\"S\": \"2\"}}]}],"
    " \"TableData\": [{\"PK\": {\"S\": \"USER#1\"}, \"SK\": {\"S\": \"PROFILE\"}, \"id\": {\"S\": \"1\"}, \"v\": {\"N\": \"2\"}},"
    "   {\"PK\": {\"S\": \"Z\"}, \"SK\": {\"S\": \"Z\"}, \"entityType\": {\"S\": \"Thing\"}}]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) d = ks_io_load_data (model, strlen (model), "m.json", NULL, &error);
  KsEntity *user, *odd, *thing;

  g_assert_no_error (error);
  user = ks_design_find_entity (d, "User");
  odd = ks_design_find_entity (d, "Odd");
  thing = ks_design_find_entity (d, "Thing");
  g_assert_nonnull (thing);
  /* the alias reproduces the literal key: adopted, normalised */
  g_assert_cmpstr (ks_entity_get_template (user, "PK"), ==, "USER#${id}");
  /* it does not: the literal keys stay */
  g_assert_null (ks_entity_get_template (odd, "PK"));
  /* the table's copy of USER#1 is later: it wins, in the facet's entity */
  g_assert_cmpuint (ks_entity_get_n_items (user), ==, 1);
  g_assert_nonnull (ks_value_lookup (ks_entity_get_item (user, 0)->values, "v"));
}

static void
test_bad_models (void)
{
  const struct { const char *json, *needle; } cases[] = {
    { "{\"ModelName\": \"M\", \"DataModel\": [3]}", "DataModel[0]: expected a table object" },
    { "{\"ModelName\": \"M\", \"DataModel\": [{\"TableName\": \"T\"}]}", "DataModel[0]: KeyAttributes is missing" },
    { "{\"ModelName\": \"M\", \"DataModel\": [{\"TableName\": \"T\", \"KeyAttributes\": {\"PartitionKey\": "
      "{\"AttributeName\": \"PK\", \"AttributeType\": \"BOOL\"}}}]}", "must be S, N or B" },
    { "{\"ModelName\": \"M\", \"DataModel\": [{\"TableName\": \"T\", \"KeyAttributes\": {\"PartitionKey\": "
      "{\"AttributeName\": \"PK\", \"AttributeType\": \"S\"}}, \"TableData\": [{\"PK\": {\"S\": \"a\", \"N\": \"1\"}}]}]}",
      "DataModel[0].TableData[0].PK: Supplied AttributeValue has more than one datatypes set" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KsDesign) d = ks_io_load_data (cases[i].json, strlen (cases[i].json), "m.json", NULL, &error);
      g_assert_null (d);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("\"%s\" lacks \"%s\"", error->message, cases[i].needle);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/workbench/shared-models", test_shared_models);
  g_test_add_func ("/keyshape/workbench/templates-from-aliases", test_templates_from_aliases);
  g_test_add_func ("/keyshape/workbench/bad-models", test_bad_models);
  return g_test_run ();
}
