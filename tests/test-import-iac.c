/* test-import-iac.c: CloudFormation (JSON, YAML) and create-table imports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Round trips: the interop design exported to cloudformation,
 * cloudformation-yaml and create-table reads back with the same tables and
 * indexes. Then the YAML reader on its own (YAML 1.1 scalars, tags,
 * anchors, limits), CloudFormation's parameters and functions, global
 * tables, and bad input, whose errors must name the place.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ks-cloudformation.h"
#include "ks-create-table.h"
#include "ks-engine.h"
#include "ks-error.h"
#include "ks-export.h"
#include "ks-index.h"
#include "ks-io.h"
#include "ks-json-reader.h"
#include "ks-table.h"
#include "ks-yaml.h"

static KsDesign *
load_interop (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "interop.keyshape.json", NULL);
  g_autoptr(GError) error = NULL;
  KsDesign *design = ks_io_load_path (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (design);
  return design;
}

static KsTable *
table_at (KsDesign *design, guint i)
{
  g_autoptr(KsTable) table = g_list_model_get_item (G_LIST_MODEL (ks_design_get_tables (design)), i);
  return table;   /* the design keeps it */
}

/* Everything an import carries over, compared table by table. */
static void
assert_same_tables (KsDesign *expected, KsDesign *actual, gboolean with_ttl)
{
  GListModel *et = G_LIST_MODEL (ks_design_get_tables (expected));
  GListModel *at = G_LIST_MODEL (ks_design_get_tables (actual));

  g_assert_cmpuint (g_list_model_get_n_items (at), ==, g_list_model_get_n_items (et));
  for (guint i = 0; i < g_list_model_get_n_items (et); i++)
    {
      KsTable *e = table_at (expected, i), *a = table_at (actual, i);
      GListModel *ei = G_LIST_MODEL (ks_table_get_indexes (e));
      GListModel *ai = G_LIST_MODEL (ks_table_get_indexes (a));

      g_assert_cmpstr (ks_table_get_name (a), ==, ks_table_get_name (e));
      g_assert_true (ks_key_schema_equal (ks_table_get_key_schema (a), ks_table_get_key_schema (e)));
      g_assert_cmpint (ks_table_get_billing_mode (a), ==, ks_table_get_billing_mode (e));
      if (ks_table_get_billing_mode (e) == KS_BILLING_PROVISIONED)
        {
          g_assert_cmpuint (ks_table_get_read_capacity (a), ==, ks_table_get_read_capacity (e));
          g_assert_cmpuint (ks_table_get_write_capacity (a), ==, ks_table_get_write_capacity (e));
        }
      if (with_ttl)
        g_assert_cmpstr (ks_table_get_ttl_attribute (a), ==, ks_table_get_ttl_attribute (e));
      else
        g_assert_null (ks_table_get_ttl_attribute (a));

      g_assert_cmpuint (g_list_model_get_n_items (ai), ==, g_list_model_get_n_items (ei));
      for (guint j = 0; j < g_list_model_get_n_items (ei); j++)
        {
          g_autoptr(KsIndex) x = g_list_model_get_item (ei, j);
          KsIndex *y = ks_table_find_index (a, ks_index_get_name (x));
          const char * const *xi, *const *yi;

          g_assert_nonnull (y);
          g_assert_cmpint (ks_index_get_kind (y), ==, ks_index_get_kind (x));
          g_assert_true (ks_key_schema_equal (ks_index_get_key_schema (y), ks_index_get_key_schema (x)));
          g_assert_cmpint (ks_index_get_projection (y), ==, ks_index_get_projection (x));
          xi = ks_index_get_include (x);
          yi = ks_index_get_include (y);
          if (xi == NULL)
            g_assert_null (yi);
          else
            {
              g_assert_nonnull (yi);
              g_assert_true (g_strv_equal ((const char * const *) xi, (const char * const *) yi));
            }
        }
    }
  /* a template or a request holds no entities */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_entities (actual))), ==, 0);
}

typedef struct
{
  const char   *format;      /* export format */
  const char   *file_name;   /* what the import sees */
  KsFileFormat  detected;
  gboolean      ttl;         /* CreateTable cannot say TTL */
} RoundTrip;

static const RoundTrip round_trips[] = {
  { "cloudformation", "interop.template.json", KS_FILE_FORMAT_CLOUDFORMATION, TRUE },
  { "cloudformation-yaml", "interop.template.yaml", KS_FILE_FORMAT_CLOUDFORMATION, TRUE },
  /* detected by content, whatever the name says */
  { "cloudformation-yaml", "interop.txt", KS_FILE_FORMAT_CLOUDFORMATION, TRUE },
  { "create-table", "interop.create-table.json", KS_FILE_FORMAT_CREATE_TABLE, FALSE },
};

static void
test_round_trip (gconstpointer data)
{
  const RoundTrip *rt = data;
  g_autoptr(KsDesign) design = load_interop ();
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ks_export_to_string (engine, rt->format, warnings, &error);
  g_autoptr(KsDesign) back = NULL;
  KsFileFormat format = KS_FILE_FORMAT_UNKNOWN;

  g_assert_no_error (error);
  back = ks_io_load_data (text, strlen (text), rt->file_name, &format, &error);
  g_assert_no_error (error);
  g_assert_cmpint (format, ==, rt->detected);
  assert_same_tables (design, back, rt->ttl);
  /* named after the file */
  g_assert_cmpstr (ks_design_get_name (back), ==, "interop");
}

/* Several tables: create-table writes an array, CloudFormation several
 * resources. */
static void
test_round_trip_tables (void)
{
  const char *formats[] = { "create-table", "cloudformation", "cloudformation-yaml" };
  g_autoptr(KsDesign) design = load_interop ();
  g_autoptr(KsKeySchema) keys = ks_key_schema_new_simple ("id", KS_TYPE_N, NULL, KS_TYPE_INVALID);
  g_autoptr(KsTable) second = ks_table_new ("audit-log", keys);
  g_autoptr(KsEngine) engine = NULL;

  g_list_store_append (ks_design_get_tables (design), second);
  engine = ks_engine_new (design);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = ks_export_to_string (engine, formats[i], NULL, &error);
      g_autoptr(KsDesign) back = NULL;

      g_assert_no_error (error);
      if (i == 0)
        g_assert_true (text[0] == '[');
      back = ks_io_load_data (text, strlen (text), "two.json", NULL, &error);
      g_assert_no_error (error);
      assert_same_tables (design, back, i > 0);
    }
}

/* YAML ------------------------------------------------------------------- */

static KsValue *
yaml (const char *text)
{
  g_autoptr(GError) error = NULL;
  KsValue *v = ks_yaml_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (v);
  return v;
}

static void
assert_yaml_error (const char *text, const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsValue) v = ks_yaml_parse (text, strlen (text), &error);

  g_assert_null (v);
  g_assert_error (error, KS_ERROR, KS_ERROR_PARSE);
  if (strstr (error->message, message) == NULL)
    g_error ("YAML error \"%s\" does not contain \"%s\"", error->message, message);
}

static void
assert_ddb (const KsValue *value, const char *expected)
{
  g_autoptr(GString) out = g_string_new (NULL);

  ks_value_append_ddb_json (out, value);
  /* compact, as written below (no test string holds ": " or ", ") */
  for (char *p = strstr (out->str, ": "); p; p = strstr (p, ": "))
    g_string_erase (out, p + 1 - out->str, 1);
  for (char *p = strstr (out->str, ", "); p; p = strstr (p, ", "))
    g_string_erase (out, p + 1 - out->str, 1);
  g_assert_cmpstr (out->str, ==, expected);
}

static void
assert_scalar (const char *text, const char *expected)
{
  g_autofree char *doc = g_strdup_printf ("v: %s\n", text);
  g_autoptr(KsValue) v = yaml (doc);

  assert_ddb (ks_value_lookup (v, "v"), expected);
}

static void
test_yaml_scalars (void)
{
  /* YAML 1.1 as PyYAML (and so cfn-lint) resolves plain scalars */
  assert_scalar ("hello", "{\"S\":\"hello\"}");
  assert_scalar ("5", "{\"N\":\"5\"}");
  assert_scalar ("-12.50", "{\"N\":\"-12.5\"}");
  assert_scalar ("1.0e+3", "{\"N\":\"1000\"}");
  assert_scalar ("1e3", "{\"S\":\"1e3\"}");          /* 1.1 floats need a point */
  assert_scalar (".5", "{\"N\":\"0.5\"}");
  assert_scalar ("-.5", "{\"S\":\"-.5\"}");         /* as PyYAML */
  assert_scalar ("1:30.5", "{\"N\":\"90.5\"}");
  assert_scalar ("0x1F", "{\"N\":\"31\"}");
  assert_scalar ("017", "{\"N\":\"15\"}");
  assert_scalar ("0b101", "{\"N\":\"5\"}");
  assert_scalar ("1_000", "{\"N\":\"1000\"}");
  assert_scalar ("1:30", "{\"N\":\"90\"}");
  assert_scalar ("08", "{\"S\":\"08\"}");
  assert_scalar ("12345678901234567890123456789012345678", "{\"N\":\"12345678901234567890123456789012345678\"}");
  assert_scalar (".inf", "{\"S\":\".inf\"}");
  assert_scalar ("2010-09-09", "{\"S\":\"2010-09-09\"}");
  assert_scalar ("yes", "{\"BOOL\":true}");
  assert_scalar ("Off", "{\"BOOL\":false}");
  assert_scalar ("TRUE", "{\"BOOL\":true}");
  assert_scalar ("y", "{\"S\":\"y\"}");
  assert_scalar ("~", "{\"NULL\":true}");
  assert_scalar ("", "{\"NULL\":true}");
  /* quoted, block and !!str scalars are strings */
  assert_scalar ("\"5\"", "{\"S\":\"5\"}");
  assert_scalar ("'yes'", "{\"S\":\"yes\"}");
  assert_scalar ("!!str 5", "{\"S\":\"5\"}");
  assert_scalar ("!!int \"7\"", "{\"N\":\"7\"}");
  assert_scalar ("|\n  two\n  lines", "{\"S\":\"two\\nlines\\n\"}");   /* clip keeps one line end */
  assert_scalar ("[a, 1, {b: null}]", "{\"L\":[{\"S\":\"a\"},{\"N\":\"1\"},{\"M\":{\"b\":{\"NULL\":true}}}]}");
  /* a YAML document may be JSON */
  {
    g_autoptr(KsValue) v = yaml ("{\"a\": [1, true, \"x\"]}");
    assert_ddb (v, "{\"M\":{\"a\":{\"L\":[{\"N\":\"1\"},{\"BOOL\":true},{\"S\":\"x\"}]}}}");
  }
}

static void
test_yaml_cloudformation_tags (void)
{
  g_autoptr(KsValue) v = yaml ("a: !Ref Env\n"
                               "b: !Sub \"${Env}-orders\"\n"
                               "c: !GetAtt Table.StreamArn\n"
                               "d: !Join [\"-\", [!Ref A, x]]\n"
                               "e: !If [Cond, 1, 2]\n"
                               "f: !GetAZs ''\n"
                               "g: !Condition IsProd\n");

  assert_ddb (ks_value_lookup (v, "a"), "{\"M\":{\"Ref\":{\"S\":\"Env\"}}}");
  assert_ddb (ks_value_lookup (v, "b"), "{\"M\":{\"Fn::Sub\":{\"S\":\"${Env}-orders\"}}}");
  assert_ddb (ks_value_lookup (v, "c"), "{\"M\":{\"Fn::GetAtt\":{\"L\":[{\"S\":\"Table\"},{\"S\":\"StreamArn\"}]}}}");
  assert_ddb (ks_value_lookup (v, "d"),
              "{\"M\":{\"Fn::Join\":{\"L\":[{\"S\":\"-\"},{\"L\":[{\"M\":{\"Ref\":{\"S\":\"A\"}}},{\"S\":\"x\"}]}]}}}");
  assert_ddb (ks_value_lookup (v, "e"), "{\"M\":{\"Fn::If\":{\"L\":[{\"S\":\"Cond\"},{\"N\":\"1\"},{\"N\":\"2\"}]}}}");
  assert_ddb (ks_value_lookup (v, "f"), "{\"M\":{\"Fn::GetAZs\":{\"S\":\"\"}}}");
  assert_ddb (ks_value_lookup (v, "g"), "{\"M\":{\"Condition\":{\"S\":\"IsProd\"}}}");
}

static void
test_yaml_anchors (void)
{
  g_autoptr(KsValue) v = yaml ("base: &b {x: 1, y: 2}\n"
                               "copy: *b\n"
                               "merged:\n"
                               "  <<: *b\n"
                               "  y: 3\n"
                               "  z: 4\n"
                               "list: [&n 7, *n]\n");
  const KsValue *merged = ks_value_lookup (v, "merged");

  assert_ddb (ks_value_lookup (v, "copy"), "{\"M\":{\"x\":{\"N\":\"1\"},\"y\":{\"N\":\"2\"}}}");
  /* the explicit key wins over the merged one */
  g_assert_cmpuint (ks_value_get_length (merged), ==, 3);
  assert_ddb (ks_value_lookup (merged, "x"), "{\"N\":\"1\"}");
  assert_ddb (ks_value_lookup (merged, "y"), "{\"N\":\"3\"}");
  assert_ddb (ks_value_lookup (v, "list"), "{\"L\":[{\"N\":\"7\"},{\"N\":\"7\"}]}");
}

static void
test_yaml_errors (void)
{
  g_autofree char *deep = NULL;
  g_autoptr(GString) laughs = g_string_new ("a: &a [x, x, x, x, x, x, x, x, x, x]\n");

  assert_yaml_error ("a: [1, 2\nb: 3\n", "line 2, column 2: did not find expected ',' or ']'");
  assert_yaml_error ("a: 1\n  b: 2\n", "line 2, column 4: mapping values are not allowed");
  assert_yaml_error ("a: \"open\n", "line 2, column 1: found unexpected end of stream");
  assert_yaml_error ("a: 1\na: 2\n", "line 2, column 1: the key \"a\" appears twice in this mapping");
  assert_yaml_error ("a: !Foo x\n", "line 1, column 4: unknown tag !Foo");
  assert_yaml_error ("a: *nowhere\n", "line 1, column 4: unknown alias *nowhere");
  assert_yaml_error ("a: &x [*x]\n", "unknown alias *x");
  assert_yaml_error ("a: !!int abc\n", "line 1, column 4: \"abc\" is not an integer");
  assert_yaml_error ("a: !!map [1]\n", "the tag !!map does not apply to a sequence");
  assert_yaml_error ("? [a]\n: b\n", "line 1, column 3: a mapping key must be a scalar");
  assert_yaml_error ("a: 1\n---\nb: 2\n", "line 2, column 1: a second YAML document");
  assert_yaml_error ("", "holds no document");
  assert_yaml_error ("a: 1234567890123456789012345678901234567890\n", "more than 38 significant digits");
  assert_yaml_error ("a: \"\\x01\"\nb: \x01\n", "line 2, column 4: control characters are not allowed");

  /* nesting: 256 levels are fine, 257 are not (flow and block) */
  {
    g_autofree char *open = g_strnfill (256, '[');
    g_autofree char *close = g_strnfill (256, ']');
    g_autofree char *ok = g_strconcat (open, close, NULL);
    g_autoptr(KsValue) v = yaml (ok);
    g_assert_nonnull (v);
  }
  deep = g_strnfill (257, '[');
  assert_yaml_error (deep, "line 1, column 257: nested deeper than 256 levels");
  {
    g_autoptr(GString) block = g_string_new (NULL);
    for (guint i = 0; i < 300; i++)
      {
        for (guint j = 0; j < i; j++)
          g_string_append_c (block, ' ');
        g_string_append (block, "k:\n");
      }
    assert_yaml_error (block->str, "nested deeper than 256 levels");
  }

  /* a billion laughs: ten aliases of ten aliases … */
  for (guint i = 0; i < 8; i++)
    g_string_append_printf (laughs, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n",
                            'b' + i, 'b' + i, 'a' + i, 'a' + i, 'a' + i, 'a' + i, 'a' + i,
                            'a' + i, 'a' + i, 'a' + i, 'a' + i, 'a' + i);
  assert_yaml_error (laughs->str, "more than 1000000 values");
}

/* CloudFormation ---------------------------------------------------------- */

static KsDesign *
import_cfn (const char *text, GPtrArray *warnings, GError **error)
{
  g_autoptr(KsValue) root = yaml (text);

  g_assert_true (ks_cloudformation_detect (root));
  return ks_cloudformation_import (root, NULL, warnings, error);
}

static gboolean
has_warning (GPtrArray *warnings, const char *part)
{
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (g_ptr_array_index (warnings, i), part))
      return TRUE;
  return FALSE;
}

static const char multi_attribute_template[] =
  "AWSTemplateFormatVersion: 2010-09-09\n"
  "Parameters:\n"
  "  Env: {Type: String, Default: dev}\n"
  "  Reads: {Type: Number, Default: 12}\n"
  "Resources:\n"
  "  Orders:\n"
  "    Type: AWS::DynamoDB::Table\n"
  "    Properties:\n"
  "      TableName: !Sub \"${Env}-orders\"\n"
  "      AttributeDefinitions:\n"
  "        - {AttributeName: pk, AttributeType: S}\n"
  "        - {AttributeName: sk, AttributeType: S}\n"
  "        - {AttributeName: tenant, AttributeType: S}\n"
  "        - {AttributeName: region, AttributeType: S}\n"
  "        - {AttributeName: day, AttributeType: N}\n"
  "        - {AttributeName: at, AttributeType: B}\n"
  "        - {AttributeName: lsk, AttributeType: S}\n"
  "      KeySchema:\n"
  "        - {AttributeName: pk, KeyType: HASH}\n"
  "        - {AttributeName: sk, KeyType: RANGE}\n"
  "      ProvisionedThroughput:\n"
  "        ReadCapacityUnits: !Ref Reads\n"
  "        WriteCapacityUnits: \"4\"\n"
  "      GlobalSecondaryIndexes:\n"
  "        - IndexName: ByTenant\n"
  "          KeySchema:\n"
  "            - {AttributeName: tenant, KeyType: HASH}\n"
  "            - {AttributeName: region, KeyType: HASH}\n"
  "            - {AttributeName: day, KeyType: RANGE}\n"
  "            - {AttributeName: at, KeyType: RANGE}\n"
  "          Projection: {ProjectionType: INCLUDE, NonKeyAttributes: [total, pk, note]}\n"
  "          ProvisionedThroughput: {ReadCapacityUnits: 12, WriteCapacityUnits: 4}\n"
  "      LocalSecondaryIndexes:\n"
  "        - IndexName: ByL\n"
  "          KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: lsk, KeyType: RANGE}]\n"
  "          Projection: {ProjectionType: KEYS_ONLY}\n"
  "      TimeToLiveSpecification: {AttributeName: expires, Enabled: true}\n"
  "      StreamSpecification: {StreamViewType: NEW_IMAGE}\n"
  "      SSESpecification: {SSEEnabled: true}\n"
  "  Logs:\n"
  "    Type: AWS::DynamoDB::Table\n"
  "    Properties:\n"
  "      TableName: !Join [\"-\", [!Ref \"AWS::StackName\", logs]]\n"
  "      BillingMode: PAY_PER_REQUEST\n"
  "      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n"
  "      KeySchema: [{AttributeName: id, KeyType: HASH}]\n"
  "      TimeToLiveSpecification: {AttributeName: gone, Enabled: false}\n"
  "  Queue:\n"
  "    Type: AWS::SQS::Queue\n";

static void
test_cloudformation_template (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = import_cfn (multi_attribute_template, warnings, &error);
  const KsKeySchema *keys;
  KsTable *orders, *logs;
  KsIndex *index;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_tables (design))), ==, 2);
  /* !Sub with parameter defaults; a name CloudFormation makes up: the
   * logical ID */
  orders = ks_design_find_table (design, "dev-orders");
  logs = ks_design_find_table (design, "Logs");
  g_assert_nonnull (orders);
  g_assert_nonnull (logs);
  g_assert_cmpstr (ks_design_get_name (design), ==, "dev-orders");

  g_assert_cmpint (ks_table_get_billing_mode (orders), ==, KS_BILLING_PROVISIONED);
  g_assert_cmpuint (ks_table_get_read_capacity (orders), ==, 12);
  g_assert_cmpuint (ks_table_get_write_capacity (orders), ==, 4);
  g_assert_cmpstr (ks_table_get_ttl_attribute (orders), ==, "expires");
  g_assert_cmpint (ks_table_get_billing_mode (logs), ==, KS_BILLING_PAY_PER_REQUEST);
  g_assert_null (ks_table_get_ttl_attribute (logs));

  /* a multi-attribute GSI key: two HASH, two RANGE, each with its type */
  index = ks_table_find_index (orders, "ByTenant");
  keys = ks_index_get_key_schema (index);
  g_assert_cmpuint (keys->n_pk, ==, 2);
  g_assert_cmpuint (keys->n_sk, ==, 2);
  g_assert_cmpstr (keys->pk[0].name, ==, "tenant");
  g_assert_cmpstr (keys->pk[1].name, ==, "region");
  g_assert_cmpstr (keys->sk[0].name, ==, "day");
  g_assert_cmpint (keys->sk[0].type, ==, KS_TYPE_N);
  g_assert_cmpstr (keys->sk[1].name, ==, "at");
  g_assert_cmpint (keys->sk[1].type, ==, KS_TYPE_B);
  g_assert_cmpint (ks_index_get_projection (index), ==, KS_PROJECTION_INCLUDE);
  /* the table key is held anyway */
  g_assert_true (g_strv_equal (ks_index_get_include (index), (const char * const[]) { "total", "note", NULL }));

  index = ks_table_find_index (orders, "ByL");
  g_assert_cmpint (ks_index_get_kind (index), ==, KS_INDEX_LSI);
  g_assert_cmpint (ks_index_get_projection (index), ==, KS_PROJECTION_KEYS_ONLY);
  g_assert_cmpstr (ks_index_get_key_schema (index)->pk[0].name, ==, "pk");
  g_assert_cmpstr (ks_index_get_key_schema (index)->sk[0].name, ==, "lsk");

  g_assert_true (has_warning (warnings, "Resources.Orders.Properties.TableName: Fn::Sub \"${Env}-orders\" takes the parameters' defaults: dev-orders"));
  g_assert_true (has_warning (warnings, "ReadCapacityUnits: Ref Reads takes the parameter's default, 12"));
  g_assert_true (has_warning (warnings, "table dev-orders: not part of a Keyshape design, left out: StreamSpecification, SSESpecification"));
  g_assert_true (has_warning (warnings, "Resources.Logs.Properties.TableName: a function (Fn::Join); the table is named after its logical ID, Logs"));
  g_assert_true (has_warning (warnings, "TTL is disabled, so gone is not the table's TTL attribute"));
  g_assert_true (has_warning (warnings, "NonKeyAttributes[1]: pk is a key attribute"));
  /* the GSI asks for the table's capacity: nothing to say */
  g_assert_false (has_warning (warnings, "Keyshape gives an index its table's capacity"));
}

static void
test_cloudformation_global_table (void)
{
  static const char text[] =
    "Resources:\n"
    "  Global:\n"
    "    Type: AWS::DynamoDB::GlobalTable\n"
    "    Properties:\n"
    "      AttributeDefinitions: [{AttributeName: id, AttributeType: S}, {AttributeName: g, AttributeType: N}]\n"
    "      KeySchema: [{AttributeName: id, KeyType: HASH}]\n"
    "      BillingMode: PROVISIONED\n"
    "      WriteProvisionedThroughputSettings:\n"
    "        WriteCapacityAutoScalingSettings: {MinCapacity: 3, MaxCapacity: 30,\n"
    "          TargetTrackingScalingPolicyConfiguration: {TargetValue: 70}}\n"
    "      GlobalSecondaryIndexes:\n"
    "        - IndexName: ByG\n"
    "          KeySchema: [{AttributeName: g, KeyType: HASH}]\n"
    "          Projection: {ProjectionType: ALL}\n"
    "          WriteProvisionedThroughputSettings:\n"
    "            WriteCapacityAutoScalingSettings: {MinCapacity: 3, MaxCapacity: 30}\n"
    "      Replicas:\n"
    "        - Region: eu-west-1\n"
    "          ReadProvisionedThroughputSettings: {ReadCapacityUnits: 9}\n"
    "        - Region: us-east-1\n"
    "      TimeToLiveSpecification: {AttributeName: ttl, Enabled: \"true\"}\n";
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = import_cfn (text, warnings, &error);
  KsTable *table;

  g_assert_no_error (error);
  table = ks_design_find_table (design, "Global");
  g_assert_nonnull (table);
  g_assert_cmpint (ks_table_get_billing_mode (table), ==, KS_BILLING_PROVISIONED);
  g_assert_cmpuint (ks_table_get_write_capacity (table), ==, 3);
  g_assert_cmpuint (ks_table_get_read_capacity (table), ==, 9);
  g_assert_cmpstr (ks_table_get_ttl_attribute (table), ==, "ttl");
  g_assert_nonnull (ks_table_find_index (table, "ByG"));
  g_assert_true (has_warning (warnings, "capacity scales automatically"));
  g_assert_true (has_warning (warnings, "WriteProvisionedThroughputSettings"));
}

typedef struct
{
  const char *text;       /* YAML or JSON */
  const char *message;    /* part of the error */
} BadInput;

#define TABLE_HEAD "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n"
#define DEFS "      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: sk, AttributeType: S}]\n"
#define KEYS "      KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]\n"
#define ON_DEMAND "      BillingMode: PAY_PER_REQUEST\n"

static const BadInput bad_cfn[] = {
  { TABLE_HEAD DEFS ON_DEMAND, "T.Properties: KeySchema is missing" },
  { TABLE_HEAD DEFS ON_DEMAND "      KeySchema: {AttributeName: pk}\n",
    "Resources.T.Properties.KeySchema: expected an array, found an object" },
  { TABLE_HEAD DEFS ON_DEMAND "      KeySchema: [{AttributeName: pk, KeyType: PRIMARY}]\n",
    "Resources.T.Properties.KeySchema[0].KeyType: a KeyType is HASH or RANGE, not \"PRIMARY\"" },
  { TABLE_HEAD DEFS ON_DEMAND "      KeySchema: [{AttributeName: sk, KeyType: RANGE}]\n",
    "KeySchema[0].KeyType: the first KeySchema element is not a HASH key type" },
  { TABLE_HEAD DEFS ON_DEMAND "      KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: HASH}]\n",
    "Resources.T.Properties.KeySchema: this key has one HASH attribute" },
  { TABLE_HEAD DEFS ON_DEMAND "      KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: other, KeyType: RANGE}]\n",
    "KeySchema[1]: other is not defined in AttributeDefinitions" },
  { TABLE_HEAD DEFS ON_DEMAND "      KeySchema: [{AttributeName: !Ref Key, KeyType: HASH}]\n",
    "KeySchema[0].AttributeName: expected a string, found a CloudFormation function (Ref) that Keyshape cannot evaluate" },
  { TABLE_HEAD DEFS ON_DEMAND "      KeySchema: [{AttributeName: 5, KeyType: HASH}]\n",
    "KeySchema[0].AttributeName: expected a string, found a number" },
  { TABLE_HEAD "      AttributeDefinitions: [{AttributeName: pk, AttributeType: SS}]\n" ON_DEMAND KEYS,
    "AttributeDefinitions[0].AttributeType: a key attribute's type is S, N or B, not \"SS\"" },
  { TABLE_HEAD "      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: pk, AttributeType: N}]\n"
    ON_DEMAND "      KeySchema: [{AttributeName: pk, KeyType: HASH}]\n",
    "AttributeDefinitions[1]: pk is defined twice" },
  { TABLE_HEAD DEFS KEYS, "T.Properties: ProvisionedThroughput is missing" },
  { TABLE_HEAD DEFS KEYS "      BillingMode: ON_DEMAND\n",
    "T.Properties.BillingMode: a BillingMode is PROVISIONED or PAY_PER_REQUEST, not \"ON_DEMAND\"" },
  { TABLE_HEAD DEFS KEYS "      ProvisionedThroughput: {ReadCapacityUnits: 0, WriteCapacityUnits: 1}\n",
    "ProvisionedThroughput.ReadCapacityUnits: a capacity is a whole number from 1" },
  { TABLE_HEAD DEFS KEYS ON_DEMAND
    "      GlobalSecondaryIndexes:\n"
    "        - IndexName: G\n"
    "          KeySchema: [{AttributeName: sk, KeyType: HASH}, {AttributeName: pk, KeyType: RANGE}, {AttributeName: pk, KeyType: RANGE}]\n"
    "          Projection: {ProjectionType: ALL}\n",
    "GlobalSecondaryIndexes[0].KeySchema[2]: the KeySchema names pk twice" },
  { TABLE_HEAD DEFS KEYS ON_DEMAND
    "      GlobalSecondaryIndexes:\n"
    "        - IndexName: G\n"
    "          KeySchema: [{AttributeName: sk, KeyType: HASH}, {AttributeName: pk, KeyType: RANGE}, {AttributeName: pk, KeyType: HASH}]\n"
    "          Projection: {ProjectionType: ALL}\n",
    "GlobalSecondaryIndexes[0].KeySchema[2].KeyType: all HASH key attributes must precede RANGE key attributes" },
  { TABLE_HEAD DEFS KEYS ON_DEMAND
    "      GlobalSecondaryIndexes:\n"
    "        - IndexName: G\n"
    "          KeySchema: [{AttributeName: sk, KeyType: HASH}]\n",
    "GlobalSecondaryIndexes[0]: Projection is missing" },
  { TABLE_HEAD DEFS KEYS ON_DEMAND
    "      GlobalSecondaryIndexes:\n"
    "        - IndexName: G\n"
    "          KeySchema: [{AttributeName: sk, KeyType: HASH}]\n"
    "          Projection: {ProjectionType: ALL, NonKeyAttributes: [a]}\n",
    "GlobalSecondaryIndexes[0].Projection: ProjectionType is ALL, but NonKeyAttributes is specified" },
  { TABLE_HEAD DEFS KEYS ON_DEMAND
    "      GlobalSecondaryIndexes:\n"
    "        - IndexName: G\n"
    "          KeySchema: [{AttributeName: sk, KeyType: HASH}]\n"
    "          Projection: {ProjectionType: SOME}\n",
    "Projection.ProjectionType: a ProjectionType is ALL, KEYS_ONLY or INCLUDE, not \"SOME\"" },
  { TABLE_HEAD DEFS KEYS ON_DEMAND
    "      LocalSecondaryIndexes:\n"
    "        - IndexName: L\n"
    "          KeySchema: [{AttributeName: sk, KeyType: HASH}, {AttributeName: pk, KeyType: RANGE}]\n"
    "          Projection: {ProjectionType: ALL}\n",
    "LocalSecondaryIndexes[0].KeySchema: a local secondary index has the table's HASH attribute pk, not sk" },
  { TABLE_HEAD DEFS "      KeySchema: [{AttributeName: pk, KeyType: HASH}]\n" ON_DEMAND
    "      LocalSecondaryIndexes:\n"
    "        - IndexName: L\n"
    "          KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]\n"
    "          Projection: {ProjectionType: ALL}\n",
    "LocalSecondaryIndexes[0]: a local secondary index needs a table with a RANGE key" },
  { TABLE_HEAD DEFS KEYS ON_DEMAND "      TimeToLiveSpecification: {AttributeName: ttl}\n",
    "TimeToLiveSpecification: Enabled is missing" },
  { TABLE_HEAD DEFS KEYS ON_DEMAND "      TimeToLiveSpecification: {Enabled: true}\n",
    "TimeToLiveSpecification: AttributeName is missing" },
  { "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n", "Resources.T: Properties is missing" },
  { "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties: [1]\n",
    "Resources.T.Properties: expected an object, found an array" },
  { "AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n",
    "Resources: no AWS::DynamoDB::Table or AWS::DynamoDB::GlobalTable resource" },
  { "AWSTemplateFormatVersion: 2010-09-09\nResources: [1]\n", "Resources: expected an object, found an array" },
  { "AWSTemplateFormatVersion: 2010-09-09\n", "$: Resources is missing" },
  { "Resources:\n"
    "  A: {Type: AWS::DynamoDB::Table, Properties: {TableName: t, BillingMode: PAY_PER_REQUEST,\n"
    "      AttributeDefinitions: [{AttributeName: a, AttributeType: S}], KeySchema: [{AttributeName: a, KeyType: HASH}]}}\n"
    "  B: {Type: AWS::DynamoDB::Table, Properties: {TableName: t, BillingMode: PAY_PER_REQUEST,\n"
    "      AttributeDefinitions: [{AttributeName: a, AttributeType: S}], KeySchema: [{AttributeName: a, KeyType: HASH}]}}\n",
    "Resources.B: a second table named t" },
};

static void
test_cloudformation_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cfn); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KsDesign) design = NULL;
      g_autoptr(KsValue) root = yaml (bad_cfn[i].text);

      g_test_message ("case %u: %s", i, bad_cfn[i].message);
      design = ks_cloudformation_import (root, NULL, NULL, &error);
      g_assert_null (design);
      g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
      if (strstr (error->message, bad_cfn[i].message) == NULL)
        g_error ("case %u: \"%s\" does not contain \"%s\"", i, error->message, bad_cfn[i].message);
    }
}

/* create-table ------------------------------------------------------------ */

static const BadInput bad_requests[] = {
  { "{\"TableName\": \"t\", \"AttributeDefinitions\": [{\"AttributeName\": \"a\", \"AttributeType\": \"S\"}],"
    " \"KeySchema\": [{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}], \"BillingMode\": \"PAY_PER_REQUEST\","
    " \"GlobalSecondaryIndexes\": [{\"IndexName\": \"G\", \"Projection\": {\"ProjectionType\": \"ALL\"}}]}",
    "t.json: GlobalSecondaryIndexes[0]: KeySchema is missing" },
  { "[{\"TableName\": \"t\", \"AttributeDefinitions\": [{\"AttributeName\": \"a\", \"AttributeType\": \"S\"}],"
    " \"KeySchema\": [{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}], \"BillingMode\": \"PAY_PER_REQUEST\"},"
    " {\"TableName\": 7, \"AttributeDefinitions\": [], \"KeySchema\": []}]",
    "t.json: [1].TableName: expected a string, found a number" },
  { "{\"TableName\": \"t\", \"AttributeDefinitions\": [{\"AttributeName\": \"a\", \"AttributeType\": \"S\"}],"
    " \"KeySchema\": [{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}],"
    " \"ProvisionedThroughput\": {\"ReadCapacityUnits\": \"5\", \"WriteCapacityUnits\": 5}}",
    "t.json: ProvisionedThroughput.ReadCapacityUnits: expected a number, found a string" },
  { "{\"TableName\": \"t\", \"AttributeDefinitions\": [{\"AttributeName\": \"a\", \"AttributeType\": \"S\"}],"
    " \"KeySchema\": [{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}], \"BillingMode\": \"PAY_PER_REQUEST\","
    " \"GlobalSecondaryIndexes\": [{\"IndexName\": \"G\", \"KeySchema\": ["
    "{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}, {\"AttributeName\": \"b\", \"KeyType\": \"HASH\"},"
    "{\"AttributeName\": \"c\", \"KeyType\": \"HASH\"}, {\"AttributeName\": \"d\", \"KeyType\": \"HASH\"},"
    "{\"AttributeName\": \"e\", \"KeyType\": \"HASH\"}], \"Projection\": {\"ProjectionType\": \"ALL\"}}]}",
    "t.json: GlobalSecondaryIndexes[0].KeySchema[1]: b is not defined in AttributeDefinitions" },
};

static void
test_create_table (void)
{
  static const char five_hash[] =
    "{\"TableName\": \"t\", \"BillingMode\": \"PAY_PER_REQUEST\", \"AttributeDefinitions\": ["
    "{\"AttributeName\": \"a\", \"AttributeType\": \"S\"}, {\"AttributeName\": \"b\", \"AttributeType\": \"S\"},"
    "{\"AttributeName\": \"c\", \"AttributeType\": \"S\"}, {\"AttributeName\": \"d\", \"AttributeType\": \"S\"},"
    "{\"AttributeName\": \"e\", \"AttributeType\": \"S\"}, {\"AttributeName\": \"f\", \"AttributeType\": \"N\"}],"
    " \"KeySchema\": [{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}],"
    " \"GlobalSecondaryIndexes\": [{\"IndexName\": \"G\", \"KeySchema\": ["
    "{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}, {\"AttributeName\": \"b\", \"KeyType\": \"HASH\"},"
    "{\"AttributeName\": \"c\", \"KeyType\": \"HASH\"}, {\"AttributeName\": \"d\", \"KeyType\": \"HASH\"},"
    "{\"AttributeName\": \"e\", \"KeyType\": \"HASH\"}], \"Projection\": {\"ProjectionType\": \"ALL\"}}],"
    " \"StreamSpecification\": {\"StreamEnabled\": true}, \"Bogus\": 1}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KsValue) root = ks_json_parse (five_hash, strlen (five_hash), &error);
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_assert_true (ks_create_table_detect (root));
  g_assert_false (ks_cloudformation_detect (root));
  design = ks_create_table_import (root, NULL, warnings, &error);
  g_assert_null (design);
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "GlobalSecondaryIndexes[0].KeySchema: more than 4 HASH attributes");
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad_requests); i++)
    {
      g_autoptr(KsDesign) bad = ks_io_load_data (bad_requests[i].text, strlen (bad_requests[i].text),
                                                 "t.json", NULL, &error);
      g_assert_null (bad);
      g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
      if (strstr (error->message, bad_requests[i].message) == NULL)
        g_error ("case %u: \"%s\" does not contain \"%s\"", i, error->message, bad_requests[i].message);
      g_clear_error (&error);
    }

  /* four HASH are fine; the rest is warned about */
  {
    g_autoptr(GString) text = g_string_new (five_hash);
    const char *fifth = strstr (text->str, ",{\"AttributeName\": \"e\", \"KeyType\": \"HASH\"}]");
    g_autoptr(KsValue) ok_root = NULL;
    KsTable *table;

    g_assert_nonnull (fifth);
    g_string_erase (text, fifth - text->str, strlen (",{\"AttributeName\": \"e\", \"KeyType\": \"HASH\"}"));
    ok_root = ks_json_parse (text->str, text->len, &error);
    g_assert_no_error (error);
    design = ks_create_table_import (ok_root, "mine", warnings, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ks_design_get_name (design), ==, "mine");
    table = ks_design_find_table (design, "t");
    g_assert_cmpuint (ks_index_get_key_schema (ks_table_find_index (table, "G"))->n_pk, ==, 4);
    g_assert_true (has_warning (warnings, "table t: e is in AttributeDefinitions but in no key schema"));
    g_assert_true (has_warning (warnings, "table t: f is in AttributeDefinitions but in no key schema"));
    g_assert_true (has_warning (warnings, "not part of a Keyshape design, left out: StreamSpecification"));
    g_assert_true (has_warning (warnings, "$: Bogus is not a property Keyshape knows"));
  }

  /* CreateTable has no TTL, but a request that says it is read */
  {
    static const char with_ttl[] =
      "{\"TableName\": \"t\", \"BillingMode\": \"PAY_PER_REQUEST\","
      " \"AttributeDefinitions\": [{\"AttributeName\": \"a\", \"AttributeType\": \"S\"}],"
      " \"KeySchema\": [{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}],"
      " \"TimeToLiveSpecification\": {\"AttributeName\": \"expires\", \"Enabled\": true}}";
    g_autoptr(KsValue) ttl_root = ks_json_parse (with_ttl, strlen (with_ttl), &error);
    g_autoptr(KsDesign) ttl_design = NULL;

    g_assert_no_error (error);
    g_ptr_array_set_size (warnings, 0);
    ttl_design = ks_create_table_import (ttl_root, NULL, warnings, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ks_table_get_ttl_attribute (ks_design_find_table (ttl_design, "t")), ==, "expires");
    g_assert_true (has_warning (warnings, "TimeToLiveSpecification: not part of a CreateTable request"));
    g_assert_cmpuint (warnings->len, ==, 1);
  }
}

/* Detection and file-level errors ---------------------------------------- */

static void
test_detection (void)
{
  static const struct { const char *name; const char *text; const char *message; } cases[] = {
    { "a.yaml", "a: [1\n", "a.yaml: not valid YAML: line 2, column 1:" },
    /* YAML, since it does not open with { or [, whatever its name */
    { "a.json", "# comment\nhello: world\n", "a.json: a YAML file, but not a CloudFormation template" },
    { "a.json", "{\"a\": ", "a.json: not valid JSON: line 1" },
    { "a.json", "{\"a\": 1}", "a CloudFormation template (\"Resources\") nor a create-table request" },
    { "deep.yaml", NULL, "deep.yaml: not valid YAML: line 1, column 257: nested deeper than 256 levels" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *deep = cases[i].text ? NULL : g_strnfill (300, '[');
      const char *text = cases[i].text ? cases[i].text : deep;
      KsFileFormat format;
      g_autoptr(KsDesign) design = ks_io_load_data (text, strlen (text), cases[i].name, &format, &error);

      g_assert_null (design);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: \"%s\" does not contain \"%s\"", i, error->message, cases[i].message);
    }
}

static void
test_cli_import (void)
{
  const char *cli = g_getenv ("KS_CLI");
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = load_interop ();
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autofree char *text = ks_export_to_string (engine, "cloudformation-yaml", NULL, &error);
  g_autofree char *dir = NULL, *src = NULL, *out = NULL;
  g_autofree char *out_stdout = NULL, *out_stderr = NULL;
  g_autoptr(KsDesign) back = NULL;
  int status;

  g_assert_no_error (error);
  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("KS_CLI is not set");
      return;
    }
  dir = g_dir_make_tmp ("ks-import-iac-XXXXXX", &error);
  g_assert_no_error (error);
  src = g_build_filename (dir, "shop.template.yaml", NULL);
  out = g_build_filename (dir, "shop.keyshape.json", NULL);
  g_file_set_contents (src, text, -1, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { cli, "import", src, "--from", "cloudformation", "-o", out, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out_stdout, &out_stderr, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  back = ks_io_load_path (out, NULL, &error);
  g_assert_no_error (error);
  assert_same_tables (design, back, TRUE);
  g_clear_pointer (&out_stdout, g_free);
  g_clear_pointer (&out_stderr, g_free);
  {
    /* a template is not create-table input */
    const char *argv[] = { cli, "import", src, "--from", "create-table", "-o", out, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out_stdout, &out_stderr, &status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (status, &error));
    g_assert_error (error, G_SPAWN_EXIT_ERROR, 1);
    g_clear_error (&error);
    g_assert_nonnull (strstr (out_stderr, "is not a create-table request"));
  }
  g_remove (src);
  g_remove (out);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (round_trips); i++)
    {
      g_autofree char *path = g_strdup_printf ("/keyshape/import-iac/round-trip/%s", round_trips[i].file_name);
      g_test_add_data_func (path, &round_trips[i], test_round_trip);
    }
  g_test_add_func ("/keyshape/import-iac/round-trip-tables", test_round_trip_tables);
  g_test_add_func ("/keyshape/import-iac/yaml/scalars", test_yaml_scalars);
  g_test_add_func ("/keyshape/import-iac/yaml/cloudformation-tags", test_yaml_cloudformation_tags);
  g_test_add_func ("/keyshape/import-iac/yaml/anchors", test_yaml_anchors);
  g_test_add_func ("/keyshape/import-iac/yaml/errors", test_yaml_errors);
  g_test_add_func ("/keyshape/import-iac/cloudformation/template", test_cloudformation_template);
  g_test_add_func ("/keyshape/import-iac/cloudformation/global-table", test_cloudformation_global_table);
  g_test_add_func ("/keyshape/import-iac/cloudformation/errors", test_cloudformation_errors);
  g_test_add_func ("/keyshape/import-iac/create-table", test_create_table);
  g_test_add_func ("/keyshape/import-iac/detection", test_detection);
  g_test_add_func ("/keyshape/import-iac/cli", test_cli_import);
  return g_test_run ();
}
