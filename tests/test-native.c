/* test-native.c: the native format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ks-engine.h"
#include "ks-error.h"
#include "ks-io.h"
#include "ks-native.h"

static const char *example =
  "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"Shop\", \"description\": \"d\",\n"
  " \"tables\": [{\"name\": \"ShopTable\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},\n"
  "   \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"}, \"typeAttribute\": \"_type\", \"ttlAttribute\": \"expiresAt\",\n"
  "   \"billing\": {\"mode\": \"PAY_PER_REQUEST\"},\n"
  "   \"indexes\": [{\"name\": \"GSI1\", \"kind\": \"GSI\", \"partitionKey\": {\"name\": \"GSI1PK\", \"type\": \"S\"},\n"
  "      \"sortKey\": {\"name\": \"GSI1SK\", \"type\": \"S\"}, \"projection\": {\"type\": \"INCLUDE\", \"attributes\": [\"total\"]}},\n"
  "     {\"name\": \"ByTenantRegion\", \"kind\": \"GSI\", \"partitionKey\": [{\"name\": \"tenantId\", \"type\": \"S\"},\n"
  "      {\"name\": \"region\", \"type\": \"S\"}], \"projection\": {\"type\": \"KEYS_ONLY\"}}]}],\n"
  " \"entities\": [{\"name\": \"Order\", \"table\": \"ShopTable\", \"color\": \"#3584e4\", \"expectedItems\": 50000000,\n"
  "   \"writesPerSecond\": 40, \"attributes\": [{\"name\": \"customerId\", \"type\": \"S\", \"required\": true},\n"
  "   {\"name\": \"orderId\", \"type\": \"S\", \"required\": true}, {\"name\": \"status\", \"type\": \"S\"},\n"
  "   {\"name\": \"createdAt\", \"type\": \"S\"}, {\"name\": \"total\", \"type\": \"N\"}, {\"name\": \"tags\", \"type\": \"SS\"},\n"
  "   {\"name\": \"blob\", \"type\": \"B\"}],\n"
  "   \"keys\": {\"PK\": \"CUSTOMER#${customerId}\", \"SK\": \"ORDER#${orderId}\", \"GSI1PK\": \"STATUS#${status}\",\n"
  "      \"GSI1SK\": \"${createdAt}\"},\n"
  "   \"items\": [{\"customerId\": \"c1\", \"orderId\": \"o1\", \"status\": \"SHIPPED\", \"createdAt\": \"2026-03-01T10:00:00Z\",\n"
  "      \"total\": 12.5, \"tags\": [\"gift\"], \"blob\": \"AAE=\", \"big\": \"12345678901234567890123456789012345678\",\n"
  "      \"exact\": {\"$ddb\": {\"N\": \"12345678901234567890123456789012345678\"}}, \"nested\": {\"a\": [1, {\"b\": null}]}}]}],\n"
  " \"accessPatterns\": [{\"name\": \"Orders of a customer\", \"table\": \"ShopTable\", \"index\": null,\n"
  "   \"partitionKey\": \"CUSTOMER#${customerId}\", \"sortKey\": {\"op\": \"begins_with\", \"value\": \"ORDER#\"},\n"
  "   \"filter\": \"total > :minTotal\", \"parameters\": {\"customerId\": \"c1\", \"minTotal\": 10},\n"
  "   \"scanForward\": false, \"limit\": 20, \"requestsPerSecond\": 25, \"expects\": [\"Order\"]},\n"
  "  {\"name\": \"By region\", \"table\": \"ShopTable\", \"index\": \"ByTenantRegion\",\n"
  "   \"partitionKey\": {\"tenantId\": \"t1\", \"region\": \"eu\"}, \"sortKey\": [], \"expects\": []}]}\n";

static KsDesign *
load_string (const char *text, GError **error)
{
  return ks_io_load_data (text, strlen (text), "test.keyshape.json", NULL, error);
}

static void
test_read_contract (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) d = load_string (example, &error);
  g_autoptr(KsEngine) engine = NULL;
  KsTable *table;
  KsIndex *multi;
  KsEntity *order;
  KsItem *item;
  KsPattern *pattern;
  const KsKeyCondition *cond;

  g_assert_no_error (error);
  table = ks_design_find_table (d, "ShopTable");
  g_assert_cmpstr (ks_table_get_ttl_attribute (table), ==, "expiresAt");
  multi = ks_table_find_index (table, "ByTenantRegion");
  g_assert_cmpuint (ks_index_get_key_schema (multi)->n_pk, ==, 2);
  g_assert_cmpint (ks_index_get_projection (multi), ==, KS_PROJECTION_KEYS_ONLY);
  order = ks_design_find_entity (d, "Order");
  g_assert_cmpuint (ks_entity_get_expected_items (order), ==, 50000000);
  item = ks_entity_get_item (order, 0);
  g_assert_cmpint (ks_value_get_type (ks_value_lookup (item->values, "tags")), ==, KS_TYPE_SS);
  g_assert_cmpint (ks_value_get_type (ks_value_lookup (item->values, "blob")), ==, KS_TYPE_B);
  /* an undeclared number written as a string stays a string; the escape
   * keeps a 38-digit number exact */
  g_assert_cmpint (ks_value_get_type (ks_value_lookup (item->values, "big")), ==, KS_TYPE_S);
  g_assert_cmpstr (ks_value_get_number (ks_value_lookup (item->values, "exact")), ==,
                   "12345678901234567890123456789012345678");
  pattern = ks_design_find_pattern (d, "Orders of a customer");
  cond = ks_pattern_get_key_condition (pattern);
  g_assert_cmpuint (cond->n_pk, ==, 1);
  g_assert_null (cond->pk[0].attr);
  g_assert_cmpint (cond->sk[0].op, ==, KS_OP_BEGINS_WITH);
  g_assert_false (ks_pattern_get_scan_forward (pattern));
  g_assert_cmpuint (ks_pattern_get_limit (pattern), ==, 20);
  pattern = ks_design_find_pattern (d, "By region");
  g_assert_cmpuint (ks_pattern_get_key_condition (pattern)->n_pk, ==, 2);

  engine = ks_engine_new (d);
  g_assert_cmpstr (ks_value_get_string (ks_value_lookup (item->final, "PK"), NULL), ==, "CUSTOMER#c1");
  g_assert_cmpstr (ks_value_get_string (ks_value_lookup (item->final, "_type"), NULL), ==, "Order");
}

static void
test_byte_stable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) d = load_string (example, &error);
  g_autofree char *once = NULL, *twice = NULL;
  g_autoptr(KsDesign) again = NULL;

  g_assert_no_error (error);
  once = ks_native_to_string (d);
  again = load_string (once, &error);
  g_assert_no_error (error);
  twice = ks_native_to_string (again);
  g_assert_cmpstr (once, ==, twice);
  g_assert_true (g_str_has_prefix (once, "{\n  \"format\": \"keyshape\",\n  \"version\": 1,\n"));
  g_assert_true (g_str_has_suffix (once, "}\n"));
}

static void
test_save_atomic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) d = load_string (example, &error);
  g_autofree char *dir = g_dir_make_tmp ("keyshape-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "shop.keyshape.json", NULL);
  g_autofree char *ro_dir = g_build_filename (dir, "ro", NULL);
  g_autofree char *ro_path = g_build_filename (ro_dir, "x.keyshape.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) ro_file = g_file_new_for_path (ro_path);
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (ks_io_save_file (d, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  {
    g_autofree char *expected = ks_native_to_string (d);
    g_assert_cmpstr (contents, ==, expected);
  }
  /* a failed save leaves the old file alone */
  g_mkdir (ro_dir, 0755);
  g_file_set_contents (ro_path, "old", -1, NULL);
  g_chmod (ro_dir, 0555);
  if (access (ro_dir, W_OK) == 0)
    g_test_message ("running as root: cannot make a read-only directory; skipping the failure half");
  else
    {
      g_autofree char *old = NULL;
      g_assert_false (ks_io_save_file (d, ro_file, NULL, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      g_assert_true (g_file_get_contents (ro_path, &old, NULL, NULL));
      g_assert_cmpstr (old, ==, "old");
    }
  g_chmod (ro_dir, 0755);
  g_remove (ro_path);
  g_rmdir (ro_dir);
  g_remove (path);
  g_rmdir (dir);
}

static void
expect_error (const char *text, const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) d = load_string (text, &error);

  g_assert_null (d);
  g_assert_nonnull (error);
  if (strstr (error->message, needle) == NULL)
    g_error ("error \"%s\" lacks \"%s\"", error->message, needle);
  g_assert_true (g_str_has_prefix (error->message, "test.keyshape.json: "));
}

static void
test_bad_files (void)
{
  g_autofree char *truncated = g_strndup (example, strlen (example) / 2);
  g_autoptr(GString) deep = g_string_new ("{\"format\": \"keyshape\", \"version\": 1, \"notes\": ");
  g_autoptr(GString) huge = g_string_new ("{\"format\": \"keyshape\", \"version\": 1, \"name\": \"");

  expect_error (truncated, "not valid JSON");
  expect_error ("", "empty");
  expect_error ("\xff\xfe{}", "not UTF-8");
  expect_error ("[]", "neither a Keyshape design");
  expect_error ("{\"format\": \"keyshape\", \"version\": 2}", "newer Keyshape");
  expect_error ("{\"format\": \"keyshape\", \"version\": \"1\"}", "version");
  expect_error ("{\"format\": \"keyshape\", \"version\": 1, \"tables\": {}}", "tables must be an array");
  expect_error ("{\"format\": \"keyshape\", \"version\": 1, \"tables\": [{\"name\": \"T\"}]}",
                "tables[0]: partitionKey is required");
  expect_error ("{\"format\": \"keyshape\", \"version\": 1, \"tables\": [{\"name\": \"T\", "
                "\"partitionKey\": {\"name\": \"PK\", \"type\": \"M\"}}]}",
                "tables[0].partitionKey: a key attribute's type is S, N or B");
  expect_error ("{\"format\": \"keyshape\", \"version\": 1, \"entities\": [{\"name\": \"E\", \"keys\": {\"PK\": 3}}]}",
                "entities[0].keys.PK: a key template is a string");
  expect_error ("{\"format\": \"keyshape\", \"version\": 1, \"entities\": [{\"name\": \"E\", "
                "\"attributes\": [{\"name\": \"n\", \"type\": \"N\"}], \"items\": [{}, {\"n\": \"x\"}]}]}",
                "entities[0].items[1].n: The parameter cannot be converted to a numeric value: x");
  expect_error ("{\"format\": \"keyshape\", \"version\": 1, \"entities\": [{\"name\": \"E\", "
                "\"attributes\": [{\"name\": \"n\", \"type\": \"N\"}], \"items\": [{\"n\": true}]}]}",
                "entities[0].items[0].n: expected a value of type N, found a boolean");
  expect_error ("{\"format\": \"keyshape\", \"version\": 1, \"entities\": [{\"name\": \"E\", \"colour\": \"red\"}]}",
                "entities[0]: unknown field \"colour\"");
  expect_error ("{\"format\": \"keyshape\", \"version\": 1, \"accessPatterns\": [{\"name\": \"p\", "
                "\"sortKey\": {\"op\": \"LIKE\", \"value\": \"x\"}}]}",
                "accessPatterns[0].sortKey: op is one of");

  for (int i = 0; i < 100000; i++)
    g_string_append (deep, "[");
  expect_error (deep->str, "nested deeper");

  for (int i = 0; i < 20 * 1024 * 1024; i++)
    g_string_append_c (huge, 'x');
  g_string_append (huge, "\"}");
  {
    /* a huge string is fine as long as it is well-formed */
    g_autoptr(GError) error = NULL;
    g_autoptr(KsDesign) d = load_string (huge->str, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (ks_design_get_name (d)), ==, 20 * 1024 * 1024);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/native/read-contract", test_read_contract);
  g_test_add_func ("/keyshape/native/byte-stable", test_byte_stable);
  g_test_add_func ("/keyshape/native/save-atomic", test_save_atomic);
  g_test_add_func ("/keyshape/native/bad-files", test_bad_files);
  return g_test_run ();
}
