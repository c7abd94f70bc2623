/* test-generator.c: sample-data generators (ks-generator.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ks-design.h"
#include "ks-engine.h"
#include "ks-error.h"
#include "ks-generator.h"
#include "ks-io.h"
#include "ks-json-reader.h"
#include "ks-lint.h"
#include "ks-native.h"

static KsDesign *
design_from_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsValue) root = ks_json_parse (json, strlen (json), &error);
  KsDesign *design;

  g_assert_no_error (error);
  design = ks_native_read (root, &error);
  g_assert_no_error (error);
  return design;
}

static KsDesign *
load_template (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates", name, NULL);
  g_autoptr(GError) error = NULL;
  KsDesign *design = ks_io_load_path (path, NULL, &error);

  g_assert_no_error (error);
  return design;
}

static KsValue *
spec (const char *json)
{
  g_autoptr(GError) error = NULL;
  KsValue *v = ks_json_parse (json, strlen (json), &error);

  g_assert_no_error (error);
  return v;
}

static const char *
str_of (KsItem *item, const char *name)
{
  KsValue *v = ks_value_lookup (ks_item_get_values (item), name);
  return v && ks_value_get_type (v) == KS_TYPE_S ? ks_value_get_string (v, NULL) : NULL;
}

/* The table's primary key of every item, as "pk\x1fsk", after a recompute. */
static GHashTable *
collect_keys (KsEngine *engine, const char *table, guint *n)
{
  KsView *view = ks_engine_get_view (engine, table, NULL);
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  *n = ks_view_get_n_entries (view);
  for (guint i = 0; i < *n; i++)
    {
      const KsEntry *e = ks_view_get_entry (view, i);
      g_autofree char *pk = ks_value_to_display (e->pk);
      g_autofree char *sk = e->sk ? ks_value_to_display (e->sk) : g_strdup ("");
      g_hash_table_add (keys, g_strdup_printf ("%s\x1f%s", pk, sk));
    }
  return keys;
}

static guint
count_errors (KsEngine *engine)
{
  g_autoptr(GPtrArray) problems = ks_lint_run (engine);
  guint errors = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      KsProblem *p = g_ptr_array_index (problems, i);
      if (p->severity == KS_SEVERITY_ERROR)
        {
          g_test_message ("error: %s: %s", p->rule, p->message);
          errors++;
        }
    }
  return errors;
}

/* Kinds and specs ---------------------------------------------------------- */

static void
test_kinds (void)
{
  guint n;
  const KsGeneratorInfo *kinds = ks_generator_get_kinds (&n);
  const char *wanted[] = { "sequence", "uuid", "ulid", "timestamp", "integer", "decimal", "enum",
                           "person-name", "email", "city", "words", "boolean", "reference", NULL };

  g_assert_cmpuint (n, ==, KS_N_GENERATOR_KINDS);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (kinds[i].kind, ==, i);
      g_assert_true (ks_generator_find_kind (kinds[i].id) == &kinds[i]);
      g_assert_true (ks_generator_get_info (i) == &kinds[i]);
      g_assert_nonnull (kinds[i].label);
      g_assert_nonnull (kinds[i].description);
      if (kinds[i].kind != KS_GENERATOR_NONE)
        g_assert_cmpstr (kinds[i].params[kinds[i].n_params - 1].name, ==, "presence");
      for (guint p = 0; p < kinds[i].n_params; p++)
        {
          const KsGeneratorParam *param = &kinds[i].params[p];
          g_assert_nonnull (param->label);
          g_assert_true (param->type != KS_GENERATOR_PARAM_CHOICE || param->choices != NULL);
          /* a default is valid JSON for the parameter */
          if (param->default_value)
            {
              g_autofree char *json = g_strdup_printf ("{\"kind\": \"%s\", \"%s\": %s}",
                                                       kinds[i].id, param->name, param->default_value);
              g_autoptr(KsValue) s = spec (json);
              g_autoptr(GError) error = NULL;
              /* enum and reference need their required parameter too */
              if (kinds[i].kind != KS_GENERATOR_ENUM && kinds[i].kind != KS_GENERATOR_REFERENCE)
                {
                  ks_generator_check_spec (s, "x", &error);
                  g_assert_no_error (error);
                }
            }
        }
    }
  for (guint w = 0; wanted[w]; w++)
    g_assert_nonnull (ks_generator_find_kind (wanted[w]));
  g_assert_null (ks_generator_find_kind ("lorem"));
  g_assert_true (ks_generator_kind_supports (KS_GENERATOR_BOOLEAN, KS_TYPE_BOOL));
  g_assert_false (ks_generator_kind_supports (KS_GENERATOR_BOOLEAN, KS_TYPE_S));
  g_assert_true (ks_generator_kind_supports (KS_GENERATOR_WORDS, KS_TYPE_SS));
  g_assert_true (ks_generator_kind_supports (KS_GENERATOR_REFERENCE, KS_TYPE_M));
}

static void
test_check_spec (void)
{
  struct { const char *json; const char *message; } bad[] = {
    { "[]", "p: a generator is an object" },
    { "{}", "p: a generator needs a \"kind\"" },
    { "{\"kind\": \"lorem\"}", "p.kind: unknown generator kind \"lorem\"" },
    { "{\"kind\": \"integer\", \"mn\": 1}", "p.mn: a integer generator has no parameter \"mn\"" },
    { "{\"kind\": \"integer\", \"min\": 1.5}", "p.min: expected a whole number" },
    { "{\"kind\": \"integer\", \"min\": 9, \"max\": 3}", "p: min 9 is above max 3" },
    { "{\"kind\": \"enum\"}", "p: a enum generator needs \"values\"" },
    { "{\"kind\": \"enum\", \"values\": []}", "p.values: expected a non-empty list" },
    { "{\"kind\": \"enum\", \"values\": [1, 2], \"weights\": [1]}", "p.weights: 1 weights for 2 values" },
    { "{\"kind\": \"enum\", \"values\": [1], \"weights\": [0]}", "p.weights: at least one weight" },
    { "{\"kind\": \"enum\", \"values\": [1], \"weights\": [-1]}", "p.weights[0]: expected a number" },
    { "{\"kind\": \"timestamp\", \"from\": \"yesterday\"}", "p.from: expected an ISO-8601 time" },
    { "{\"kind\": \"timestamp\", \"from\": \"2025-01-01\", \"to\": \"2024-01-01\"}", "p: \"from\" is after \"to\"" },
    { "{\"kind\": \"timestamp\", \"format\": \"rfc822\"}", "p.format: expected one of iso, iso-ms, date, epoch, epoch-ms" },
    { "{\"kind\": \"boolean\", \"probability\": 2}", "p.probability: expected a number from 0 to 1" },
    { "{\"kind\": \"words\", \"min\": 0}", "p: min and max words" },
    { "{\"kind\": \"sequence\", \"step\": 0}", "p.step: a step of 0" },
    { "{\"kind\": \"reference\"}", "p: a reference generator needs \"entity\"" },
    { "{\"kind\": \"reference\", \"entity\": \"\"}", "p.entity: expected a name" },
    { "{\"kind\": \"uuid\", \"presence\": \"often\"}", "p.presence: expected a number from 0 to 1" },
  };
  const char *good[] = {
    "{\"kind\": \"none\"}",
    "{\"kind\": \"sequence\", \"start\": 100, \"step\": -1, \"pad\": 6, \"prefix\": \"INV-\"}",
    "{\"kind\": \"ulid\", \"timeAttribute\": \"createdAt\", \"presence\": 0.5}",
    "{\"kind\": \"timestamp\", \"from\": \"2024-01-01\", \"to\": \"2024-01-31T23:59:59Z\", \"format\": \"date\"}",
    "{\"kind\": \"enum\", \"values\": [\"A\", {\"x\": 1}, [1, 2]], \"weights\": [1, 0, 2.5]}",
    "{\"kind\": \"reference\", \"entity\": \"Customer\", \"attribute\": \"customerId\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KsValue) s = spec (bad[i].json);
      g_autoptr(GError) error = NULL;

      g_assert_false (ks_generator_check_spec (s, "p", &error));
      g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, bad[i].message))
        g_error ("%s: got \"%s\", expected \"%s…\"", bad[i].json, error->message, bad[i].message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(KsValue) s = spec (good[i]);
      g_autoptr(GError) error = NULL;

      ks_generator_check_spec (s, "p", &error);
      g_assert_no_error (error);
    }
}

/* The native format keeps the specs and rejects bad ones with their path. */
static void
test_native (void)
{
  const char *json =
    "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"G\","
    " \"tables\": [{\"name\": \"Shop\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"}}],"
    " \"entities\": [{\"name\": \"E\", \"table\": \"Shop\","
    "   \"attributes\": [{\"name\": \"id\", \"type\": \"S\"}, {\"name\": \"n\", \"type\": \"N\"}],"
    "   \"keys\": {\"PK\": \"E#${id}\"},"
    "   \"generators\": {\"id\": {\"kind\": \"uuid\"}, \"n\": {\"kind\": \"integer\", \"min\": 1, \"max\": 5, \"presence\": 0.25}},"
    "   \"items\": []}]}";
  g_autoptr(KsDesign) design = design_from_json (json);
  KsEntity *entity = ks_design_find_entity (design, "E");
  g_autofree char *text = ks_native_to_string (design);
  g_autoptr(KsDesign) again = design_from_json (text);
  g_autofree char *text2 = ks_native_to_string (again);
  g_autoptr(KsValue) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *broken = NULL;
  g_autoptr(KsDesign) none = NULL;

  g_assert_nonnull (ks_entity_get_generators (entity));
  g_assert_cmpuint (ks_value_get_length (ks_entity_get_generators (entity)), ==, 2);
  g_assert_true (ks_value_equal (ks_entity_get_generators (entity),
                                 ks_entity_get_generators (ks_design_find_entity (again, "E"))));
  g_assert_cmpstr (text, ==, text2);
  g_assert_nonnull (strstr (text, "\"generators\""));

  broken = g_strdup (json);
  memcpy (strstr (broken, "\"integer\""), "\"integar\"", 9);
  root = ks_json_parse (broken, strlen (broken), &error);
  g_assert_no_error (error);
  none = ks_native_read (root, &error);
  g_assert_null (none);
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "entities[0].generators.n.kind: unknown generator kind \"integar\""));
}

/* Guesses ----------------------------------------------------------------- */

static void
assert_guess (KsDesign *design, const char *entity_name, const char *attribute, const char *kind,
              const char *member, const char *value)
{
  KsEntity *entity = ks_design_find_entity (design, entity_name);
  KsAttribute *attr = ks_entity_find_attribute (entity, attribute);
  g_autoptr(KsValue) s = NULL;
  g_autoptr(GError) error = NULL;
  KsValue *v;

  g_assert_nonnull (attr);
  s = ks_generator_guess (design, entity, attr);
  g_assert_nonnull (s);
  ks_generator_check_spec (s, attribute, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ks_value_get_string (ks_value_lookup (s, "kind"), NULL), ==, kind);
  if (member)
    {
      v = ks_value_lookup (s, member);
      g_assert_nonnull (v);
      g_assert_cmpstr (ks_value_get_string (v, NULL), ==, value);
    }
}

static void
test_guess (void)
{
  g_autoptr(KsDesign) design = load_template ("ecommerce.keyshape.json");
  KsEntity *order = ks_design_find_entity (design, "Order");
  g_autoptr(KsValue) stored = NULL;
  g_autoptr(KsValue) status = NULL;

  assert_guess (design, "Order", "orderId", "ulid", "timeAttribute", "createdAt");
  assert_guess (design, "Order", "customerId", "reference", "entity", "Customer");
  assert_guess (design, "OrderItem", "orderId", "reference", "entity", "Order");
  assert_guess (design, "Customer", "customerId", "ulid", NULL, NULL);
  assert_guess (design, "Customer", "email", "email", "nameAttribute", "fullName");
  assert_guess (design, "Customer", "createdAt", "timestamp", "from", "2020-09-14T10:00:00Z");
  assert_guess (design, "Customer", "marketingOptIn", "boolean", NULL, NULL);
  assert_guess (design, "Order", "orderStatus", "enum", NULL, NULL);
  assert_guess (design, "Order", "orderTotal", "decimal", NULL, NULL);
  assert_guess (design, "Order", "shippingAddress", "enum", NULL, NULL);

  /* the observed categories come with their frequencies */
  status = ks_generator_guess (design, order, ks_entity_find_attribute (order, "orderStatus"));
  g_assert_cmpuint (ks_value_get_length (ks_value_lookup (status, "values")), ==, 5);
  g_assert_nonnull (ks_value_lookup (status, "weights"));

  /* a stored spec wins over the guess */
  stored = ks_generator_get_spec (design, order, "orderStatus");
  g_assert_nonnull (ks_value_lookup (stored, "weights"));
  g_assert_cmpstr (ks_value_get_number (ks_value_get_element (ks_value_lookup (stored, "weights"), 3)), ==, "6");
  g_assert_null (ks_generator_get_spec (design, order, "noSuchAttribute"));
}

/* A design with pad:N keys and no samples: guesses come from names and the
 * templates. */
static void
test_guess_from_names (void)
{
  g_autoptr(KsDesign) design = design_from_json (
    "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"G\","
    " \"tables\": [{\"name\": \"Shop\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},"
    "   \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"}}],"
    " \"entities\": [{\"name\": \"Invoice\", \"table\": \"Shop\","
    "   \"attributes\": [{\"name\": \"accountId\", \"type\": \"S\"}, {\"name\": \"invoiceNo\", \"type\": \"N\"},"
    "     {\"name\": \"fullName\", \"type\": \"S\"}, {\"name\": \"email\", \"type\": \"S\"}, {\"name\": \"city\", \"type\": \"S\"},"
    "     {\"name\": \"dueDate\", \"type\": \"S\"}, {\"name\": \"expiresAt\", \"type\": \"N\"}, {\"name\": \"amount\", \"type\": \"N\"},"
    "     {\"name\": \"paid\", \"type\": \"BOOL\"}, {\"name\": \"tags\", \"type\": \"SS\"}, {\"name\": \"meta\", \"type\": \"M\"},"
    "     {\"name\": \"notes\", \"type\": \"S\"}],"
    "   \"keys\": {\"PK\": \"ACCOUNT#${accountId}\", \"SK\": \"INVOICE#${invoiceNo|pad:4}\"}}]}");
  KsEntity *entity = ks_design_find_entity (design, "Invoice");
  g_autoptr(KsValue) n = ks_generator_guess (design, entity, ks_entity_find_attribute (entity, "invoiceNo"));

  assert_guess (design, "Invoice", "accountId", "ulid", NULL, NULL);
  assert_guess (design, "Invoice", "fullName", "person-name", NULL, NULL);
  assert_guess (design, "Invoice", "email", "email", "nameAttribute", "fullName");
  assert_guess (design, "Invoice", "city", "city", NULL, NULL);
  assert_guess (design, "Invoice", "dueDate", "timestamp", "format", "date");
  assert_guess (design, "Invoice", "expiresAt", "timestamp", "format", "epoch");
  assert_guess (design, "Invoice", "amount", "decimal", NULL, NULL);
  assert_guess (design, "Invoice", "paid", "boolean", NULL, NULL);
  assert_guess (design, "Invoice", "tags", "words", NULL, NULL);
  assert_guess (design, "Invoice", "notes", "words", NULL, NULL);
  g_assert_null (ks_generator_guess (design, entity, ks_entity_find_attribute (entity, "meta")));
  /* invoiceNo is no id: an integer that fits pad:4 */
  g_assert_cmpstr (ks_value_get_string (ks_value_lookup (n, "kind"), NULL), ==, "integer");
  g_assert_cmpfloat (ks_value_get_double (ks_value_lookup (n, "max")), <=, 9999);
}

/* Generation ---------------------------------------------------------------- */

static GPtrArray *
generate (KsDesign *design, const char *entity, guint count, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = NULL;

  ks_generator_generate (design, ks_design_find_entity (design, entity), count, seed, &items, &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);
  g_assert_cmpuint (items->len, ==, count);
  return items;
}

static void
test_determinism (void)
{
  g_autoptr(KsDesign) a = load_template ("ecommerce.keyshape.json");
  g_autoptr(KsDesign) b = load_template ("ecommerce.keyshape.json");
  g_autoptr(GPtrArray) ia = generate (a, "Order", 300, 42);
  g_autoptr(GPtrArray) ib = generate (b, "Order", 300, 42);
  g_autoptr(GPtrArray) ic = generate (a, "Order", 300, 43);
  g_autoptr(GPtrArray) big = generate (a, "Order", 1, G_MAXUINT64);
  guint same = 0;

  for (guint i = 0; i < ia->len; i++)
    {
      KsItem *x = g_ptr_array_index (ia, i), *y = g_ptr_array_index (ib, i), *z = g_ptr_array_index (ic, i);
      g_assert_true (ks_value_equal (ks_item_get_values (x), ks_item_get_values (y)));
      same += ks_value_equal (ks_item_get_values (x), ks_item_get_values (z));
    }
  /* another seed, other items */
  g_assert_cmpuint (same, ==, 0);
  g_assert_cmpuint (big->len, ==, 1);
}

static void
test_done_when (void)
{
  /* issue 8: generate adds 1000 items to the e-commerce template's main
   * entity with unique primary keys and no lint error */
  g_autoptr(KsDesign) design = load_template ("ecommerce.keyshape.json");
  KsEntity *order = ks_design_find_entity (design, "Order");
  guint before = ks_design_count_items (design);
  g_autoptr(GPtrArray) items = generate (design, "Order", 1000, 1);
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(GHashTable) keys = NULL;
  guint n_entries;

  for (guint i = 0; i < items->len; i++)
    ks_entity_append_item (order, g_ptr_array_index (items, i));
  g_assert_cmpuint (ks_design_count_items (design), ==, before + 1000);
  engine = ks_engine_new (design);
  keys = collect_keys (engine, "ShopOrders", &n_entries);
  g_assert_cmpuint (n_entries, ==, before + 1000);
  g_assert_cmpuint (g_hash_table_size (keys), ==, n_entries);
  for (guint i = 0; i < items->len; i++)
    g_assert_false (ks_item_has_errors (g_ptr_array_index (items, i)));
  g_assert_cmpuint (count_errors (engine), ==, 0);
}

static void
test_done_when_cli (void)
{
  const char *cli = g_getenv ("KS_CLI");
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "..", "data", "templates", "ecommerce.keyshape.json", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(KsDesign) before = NULL;
  g_autoptr(KsDesign) after = NULL;
  g_autoptr(KsEngine) engine = NULL;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("KS_CLI not set");
      return;
    }
  dir = g_dir_make_tmp ("ks-generator-XXXXXX", &error);
  g_assert_no_error (error);
  out = g_build_filename (dir, "shop.keyshape.json", NULL);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, cli, "generate", src,
                           "--entity", "Order", "--count", "1000", "--seed", "7", "-o", out, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);

  before = ks_io_load_path (src, NULL, &error);
  g_assert_no_error (error);
  after = ks_io_load_path (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ks_entity_get_n_items (ks_design_find_entity (after, "Order")), ==,
                    ks_entity_get_n_items (ks_design_find_entity (before, "Order")) + 1000);
  engine = ks_engine_new (after);
  g_assert_cmpuint (count_errors (engine), ==, 0);

  g_clear_object (&proc);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, cli, "validate", out, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);

  g_unlink (out);
  g_rmdir (dir);
}

static const char *small_design =
  "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"Small\","
  " \"tables\": [{\"name\": \"Shop\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},"
  "   \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"},"
  "   \"indexes\": [{\"name\": \"GSI1\", \"kind\": \"GSI\", \"partitionKey\": {\"name\": \"GSI1PK\", \"type\": \"S\"},"
  "     \"sortKey\": {\"name\": \"GSI1SK\", \"type\": \"N\"}, \"projection\": {\"type\": \"ALL\"}}]}],"
  " \"entities\": ["
  "  {\"name\": \"Order\", \"table\": \"Shop\","
  "   \"attributes\": [{\"name\": \"orderId\", \"type\": \"S\"}, {\"name\": \"createdAt\", \"type\": \"S\"},"
  "     {\"name\": \"customerId\", \"type\": \"S\"}],"
  "   \"keys\": {\"PK\": \"ORDER#${orderId}\", \"SK\": \"ORDER\"},"
  "   \"items\": [{\"orderId\": \"o1\", \"createdAt\": \"2024-01-01T10:00:00Z\", \"customerId\": \"c1\"},"
  "               {\"orderId\": \"o2\", \"createdAt\": \"2024-02-01T11:00:00Z\", \"customerId\": \"c2\"},"
  "               {\"orderId\": \"o3\", \"createdAt\": \"2024-03-01T12:00:00Z\", \"customerId\": \"c1\"}]},"
  "  {\"name\": \"Line\", \"table\": \"Shop\","
  "   \"attributes\": [{\"name\": \"orderId\", \"type\": \"S\"}, {\"name\": \"lineNo\", \"type\": \"N\"},"
  "     {\"name\": \"orderedAt\", \"type\": \"S\"}, {\"name\": \"sku\", \"type\": \"S\"}, {\"name\": \"rank\", \"type\": \"N\"}],"
  "   \"keys\": {\"PK\": \"ORDER#${orderId}\", \"SK\": \"LINE#${lineNo|pad:3}\","
  "     \"GSI1PK\": \"SKU#${sku}\", \"GSI1SK\": \"${rank}\"},"
  "   \"generators\": {\"orderId\": {\"kind\": \"reference\", \"entity\": \"Order\"},"
  "     \"orderedAt\": {\"kind\": \"reference\", \"entity\": \"Order\", \"attribute\": \"createdAt\"},"
  "     \"lineNo\": {\"kind\": \"integer\", \"min\": 1, \"max\": 40},"
  "     \"sku\": {\"kind\": \"enum\", \"values\": [\"SKU-A\", \"SKU-B\"], \"presence\": 0.5},"
  "     \"rank\": {\"kind\": \"integer\", \"min\": 1, \"max\": 9}},"
  "   \"items\": []}]}";

/* Every reference points at an existing item, and the references of one
 * item to one entity copy from the same item. */
static void
test_references (void)
{
  g_autoptr(KsDesign) design = design_from_json (small_design);
  KsEntity *orders = ks_design_find_entity (design, "Order");
  g_autoptr(GPtrArray) items = generate (design, "Line", 100, 5);
  g_autoptr(GHashTable) created = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint with_sku = 0;

  for (guint i = 0; i < ks_entity_get_n_items (orders); i++)
    {
      KsItem *o = ks_entity_get_item (orders, i);
      g_hash_table_insert (created, (gpointer) str_of (o, "orderId"), (gpointer) str_of (o, "createdAt"));
    }
  for (guint i = 0; i < items->len; i++)
    {
      KsItem *line = g_ptr_array_index (items, i);
      const char *id = str_of (line, "orderId");
      g_assert_nonnull (id);
      g_assert_true (g_hash_table_contains (created, id));
      g_assert_cmpstr (str_of (line, "orderedAt"), ==, g_hash_table_lookup (created, id));
      g_hash_table_add (seen, (gpointer) id);
      with_sku += str_of (line, "sku") != NULL;
    }
  /* all three orders are used; presence 0.5 leaves sku (a sparse GSI1
   * key) out of about half */
  g_assert_cmpuint (g_hash_table_size (seen), ==, 3);
  g_assert_cmpuint (with_sku, >, 25);
  g_assert_cmpuint (with_sku, <, 75);
}

/* Keys respect the templates, and the key space is finite: 3 orders × 40
 * line numbers is 120 keys; after 60, another 61 cannot all be made. */
static void
test_uniqueness_and_exhaustion (void)
{
  g_autoptr(KsDesign) design = design_from_json (small_design);
  KsEntity *lines = ks_design_find_entity (design, "Line");
  g_autoptr(GPtrArray) items = generate (design, "Line", 60, 9);
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(GHashTable) keys = NULL;
  guint n;

  for (guint i = 0; i < items->len; i++)
    ks_entity_append_item (lines, g_ptr_array_index (items, i));
  engine = ks_engine_new (design);
  keys = collect_keys (engine, "Shop", &n);
  g_assert_cmpuint (n, ==, 63);
  g_assert_cmpuint (g_hash_table_size (keys), ==, 63);
  for (guint i = 0; i < items->len; i++)
    {
      KsItem *item = g_ptr_array_index (items, i);
      KsValue *sk = ks_value_lookup (ks_item_get_final (item), "SK");
      const char *text = ks_value_get_string (sk, NULL);

      g_assert_false (ks_item_has_errors (item));
      /* LINE#${lineNo|pad:3} */
      g_assert_cmpuint (strlen (text), ==, 8);
      g_assert_true (g_str_has_prefix (text, "LINE#0"));
      g_assert_true (g_ascii_isdigit (text[6]) && g_ascii_isdigit (text[7]));
    }
  g_assert_cmpuint (count_errors (engine), ==, 0);

  g_assert_false (ks_generator_generate (design, lines, 61, 10, &more, &error));
  g_assert_null (more);
  g_assert_error (error, KS_ERROR, KS_ERROR_LIMIT);
  g_assert_true (g_str_has_prefix (error->message, "entity Line: item "));
  g_assert_nonnull (strstr (error->message, " of 61: 100 attempts gave no primary key that is still free"));
  g_assert_nonnull (strstr (error->message, "orderId, lineNo"));
}

/* 1,500 items with ULID keys, and 1,500 with a sequence that starts on
 * the existing items' numbers: no collision, and the sequence skips the
 * taken ones. */
static void
test_uniqueness_large (void)
{
  g_autoptr(KsDesign) design = design_from_json (
    "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"Big\","
    " \"tables\": [{\"name\": \"Shop\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},"
    "   \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"}}],"
    " \"entities\": ["
    "  {\"name\": \"Ticket\", \"table\": \"Shop\","
    "   \"attributes\": [{\"name\": \"ticketNo\", \"type\": \"N\"}, {\"name\": \"subject\", \"type\": \"S\"}],"
    "   \"keys\": {\"PK\": \"TICKET#${ticketNo|pad:6}\", \"SK\": \"TICKET\"},"
    "   \"generators\": {\"ticketNo\": {\"kind\": \"sequence\", \"start\": 1}},"
    "   \"items\": [{\"ticketNo\": 1, \"subject\": \"a\"}, {\"ticketNo\": 2, \"subject\": \"b\"}, {\"ticketNo\": 5, \"subject\": \"c\"}]},"
    "  {\"name\": \"Event\", \"table\": \"Shop\","
    "   \"attributes\": [{\"name\": \"ticketNo\", \"type\": \"N\"}, {\"name\": \"eventId\", \"type\": \"S\"},"
    "     {\"name\": \"at\", \"type\": \"S\"}],"
    "   \"keys\": {\"PK\": \"TICKET#${ticketNo|pad:6}\", \"SK\": \"EVENT#${eventId}\"},"
    "   \"generators\": {\"ticketNo\": {\"kind\": \"reference\", \"entity\": \"Ticket\"},"
    "     \"eventId\": {\"kind\": \"ulid\", \"timeAttribute\": \"at\"},"
    "     \"at\": {\"kind\": \"timestamp\", \"from\": \"2024-05-01\", \"to\": \"2024-05-01T00:00:10Z\"}},"
    "   \"items\": []}]}");
  KsEntity *tickets = ks_design_find_entity (design, "Ticket");
  KsEntity *events = ks_design_find_entity (design, "Event");
  g_autoptr(GPtrArray) t = generate (design, "Ticket", 1500, 3);
  g_autoptr(GPtrArray) e = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(GHashTable) keys = NULL;
  guint n;

  for (guint i = 0; i < t->len; i++)
    ks_entity_append_item (tickets, g_ptr_array_index (t, i));
  /* 1, 2 and 5 are taken: the sequence gives 3, 4, 6, 7 … 1503 */
  g_assert_cmpstr (ks_value_get_number (ks_value_lookup (ks_item_get_values (g_ptr_array_index (t, 0)), "ticketNo")), ==, "3");
  g_assert_cmpstr (ks_value_get_number (ks_value_lookup (ks_item_get_values (g_ptr_array_index (t, 2)), "ticketNo")), ==, "6");
  e = generate (design, "Event", 1500, 3);
  for (guint i = 0; i < e->len; i++)
    ks_entity_append_item (events, g_ptr_array_index (e, i));
  engine = ks_engine_new (design);
  keys = collect_keys (engine, "Shop", &n);
  g_assert_cmpuint (n, ==, 3003);
  g_assert_cmpuint (g_hash_table_size (keys), ==, 3003);
  g_assert_cmpuint (count_errors (engine), ==, 0);
}

/* Value shapes ---------------------------------------------------------------- */

static GPtrArray *
preview (KsDesign *design, const char *entity, const char *attribute, const char *json, guint count)
{
  g_autoptr(KsValue) s = spec (json);
  g_autoptr(GError) error = NULL;
  GPtrArray *values = ks_generator_preview (design, ks_design_find_entity (design, entity), attribute, s, count, 11, &error);

  g_assert_no_error (error);
  g_assert_nonnull (values);
  return values;
}

static void
test_values (void)
{
  g_autoptr(KsDesign) design = design_from_json (small_design);
  g_autoptr(GPtrArray) ulids = preview (design, "Order", "orderId",
                                        "{\"kind\": \"ulid\", \"from\": \"2024-05-01T12:00:00Z\", \"to\": \"2024-05-01T12:00:00.999Z\"}", 50);
  g_autoptr(GPtrArray) uuids = preview (design, "Order", "orderId", "{\"kind\": \"uuid\", \"prefix\": \"u-\"}", 50);
  g_autoptr(GPtrArray) times = preview (design, "Order", "createdAt",
                                        "{\"kind\": \"timestamp\", \"from\": \"2024-02-28\", \"to\": \"2024-03-01T23:59:59Z\"}", 200);
  g_autoptr(GPtrArray) dates = preview (design, "Order", "createdAt",
                                        "{\"kind\": \"timestamp\", \"from\": \"2024-02-28\", \"to\": \"2024-03-01\", \"format\": \"date\"}", 50);
  g_autoptr(GPtrArray) texts = preview (design, "Order", "tags", "{\"kind\": \"words\", \"min\": 3, \"max\": 5}", 50);
  g_autoptr(GPtrArray) mails = preview (design, "Order", "customerId", "{\"kind\": \"email\", \"domain\": \"shop.test\"}", 50);
  g_autoptr(GPtrArray) decimals = preview (design, "Line", "rank", "{\"kind\": \"decimal\", \"min\": 0.5, \"max\": 2, \"scale\": 3}", 200);
  g_autoptr(GPtrArray) weighted = preview (design, "Order", "customerId",
                                           "{\"kind\": \"enum\", \"values\": [\"a\", \"b\"], \"weights\": [0, 1]}", 50);
  g_autoptr(GPtrArray) seq = preview (design, "Order", "customerId",
                                      "{\"kind\": \"sequence\", \"start\": 7, \"step\": 3, \"pad\": 4, \"prefix\": \"C\"}", 3);

  for (guint i = 0; i < ulids->len; i++)
    {
      const char *u = ks_value_get_string (g_ptr_array_index (ulids, i), NULL);
      g_assert_cmpuint (strlen (u), ==, 26);
      g_assert_cmpuint (strspn (u, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"), ==, 26);
      guint64 ms = 0;
      /* the time part, 10 characters of Crockford base 32, is the time */
      for (guint k = 0; k < 10; k++)
        ms = ms * 32 + (strchr ("0123456789ABCDEFGHJKMNPQRSTVWXYZ", u[k]) - "0123456789ABCDEFGHJKMNPQRSTVWXYZ");
      g_assert_cmpuint (ms, >=, G_GUINT64_CONSTANT (1714564800000));
      g_assert_cmpuint (ms, <=, G_GUINT64_CONSTANT (1714564800999));
    }
  for (guint i = 0; i < uuids->len; i++)
    {
      const char *u = ks_value_get_string (g_ptr_array_index (uuids, i), NULL);
      g_assert_cmpuint (strlen (u), ==, 38);
      g_assert_true (g_str_has_prefix (u, "u-"));
      g_assert_true (g_uuid_string_is_valid (u + 2));
      g_assert_cmpint (u[2 + 14], ==, '4');
      g_assert_nonnull (strchr ("89ab", u[2 + 19]));
    }
  for (guint i = 0; i < times->len; i++)
    {
      const char *t = ks_value_get_string (g_ptr_array_index (times, i), NULL);
      /* fixed width, so they sort; 2024 is a leap year */
      g_assert_cmpuint (strlen (t), ==, 20);
      g_assert_cmpstr (t, >=, "2024-02-28T00:00:00Z");
      g_assert_cmpstr (t, <=, "2024-03-01T23:59:59Z");
    }
  for (guint i = 0; i < dates->len; i++)
    {
      const char *d = ks_value_get_string (g_ptr_array_index (dates, i), NULL);
      g_assert_true (g_str_equal (d, "2024-02-28") || g_str_equal (d, "2024-02-29") || g_str_equal (d, "2024-03-01"));
    }
  for (guint i = 0; i < texts->len; i++)
    {
      const char *s = ks_value_get_string (g_ptr_array_index (texts, i), NULL);
      g_auto(GStrv) w = g_strsplit (s, " ", -1);
      g_assert_cmpuint (g_strv_length (w), >=, 3);
      g_assert_cmpuint (g_strv_length (w), <=, 5);
      g_assert_true (g_ascii_isupper (s[0]));
    }
  for (guint i = 0; i < mails->len; i++)
    {
      const char *m = ks_value_get_string (g_ptr_array_index (mails, i), NULL);
      const char *at = strchr (m, '@');
      g_assert_nonnull (at);
      g_assert_cmpstr (at, ==, "@shop.test");
      for (const char *p = m; p < at; p++)
        g_assert_true (g_ascii_isalnum (*p) || *p == '.');
    }
  for (guint i = 0; i < decimals->len; i++)
    {
      KsValue *v = g_ptr_array_index (decimals, i);
      const char *dot = strchr (ks_value_get_number (v), '.');
      g_assert_cmpint (ks_value_get_type (v), ==, KS_TYPE_N);
      g_assert_cmpfloat (ks_value_get_double (v), >=, 0.5);
      g_assert_cmpfloat (ks_value_get_double (v), <=, 2);
      g_assert_true (dot == NULL || strlen (dot + 1) <= 3);
    }
  for (guint i = 0; i < weighted->len; i++)
    g_assert_cmpstr (ks_value_get_string (g_ptr_array_index (weighted, i), NULL), ==, "b");
  g_assert_cmpstr (ks_value_get_string (g_ptr_array_index (seq, 0), NULL), ==, "C0007");
  g_assert_cmpstr (ks_value_get_string (g_ptr_array_index (seq, 2), NULL), ==, "C0013");
}

/* A string set of distinct words, an ISO timestamp as epoch seconds. */
static void
test_typed_values (void)
{
  g_autoptr(KsDesign) design = design_from_json (
    "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"Types\","
    " \"tables\": [{\"name\": \"Shop\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"}}],"
    " \"entities\": [{\"name\": \"E\", \"table\": \"Shop\","
    "   \"attributes\": [{\"name\": \"tags\", \"type\": \"SS\"}, {\"name\": \"ttl\", \"type\": \"N\"},"
    "     {\"name\": \"flag\", \"type\": \"BOOL\"}, {\"name\": \"id\", \"type\": \"S\"}],"
    "   \"keys\": {\"PK\": \"E#${id}\"}}]}");
  g_autoptr(GPtrArray) sets = preview (design, "E", "tags", "{\"kind\": \"words\", \"min\": 8, \"max\": 8}", 30);
  g_autoptr(GPtrArray) ttl = preview (design, "E", "ttl", "{\"kind\": \"timestamp\", \"from\": \"2024-01-01\", \"to\": \"2024-01-02\"}", 30);
  g_autoptr(GPtrArray) flags = preview (design, "E", "flag", "{\"kind\": \"boolean\", \"probability\": 1}", 10);
  g_autoptr(KsValue) wrong = spec ("{\"kind\": \"boolean\"}");
  g_autoptr(KsValue) iso_n = spec ("{\"kind\": \"timestamp\", \"format\": \"iso\"}");
  g_autoptr(GError) error = NULL;
  GPtrArray *none;

  for (guint i = 0; i < sets->len; i++)
    {
      KsValue *v = g_ptr_array_index (sets, i);
      g_assert_cmpint (ks_value_get_type (v), ==, KS_TYPE_SS);
      g_assert_cmpuint (ks_value_get_length (v), ==, 8);
      for (guint a = 0; a < 8; a++)
        for (guint b = a + 1; b < 8; b++)
          g_assert_false (ks_value_equal (ks_value_get_element (v, a), ks_value_get_element (v, b)));
    }
  for (guint i = 0; i < ttl->len; i++)
    {
      KsValue *v = g_ptr_array_index (ttl, i);
      g_assert_cmpint (ks_value_get_type (v), ==, KS_TYPE_N);
      g_assert_cmpfloat (ks_value_get_double (v), >=, 1704067200);
      g_assert_cmpfloat (ks_value_get_double (v), <=, 1704153600);
    }
  for (guint i = 0; i < flags->len; i++)
    g_assert_true (ks_value_get_bool (g_ptr_array_index (flags, i)));

  none = ks_generator_preview (design, ks_design_find_entity (design, "E"), "id", wrong, 3, 1, &error);
  g_assert_null (none);
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "entity E, generators.id: a boolean generator cannot fill an attribute of type S"));
  g_clear_error (&error);
  none = ks_generator_preview (design, ks_design_find_entity (design, "E"), "ttl", iso_n, 3, 1, &error);
  g_assert_null (none);
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
}

static void
test_errors (void)
{
  g_autoptr(KsDesign) design = design_from_json (
    "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"Bad\","
    " \"tables\": [{\"name\": \"Shop\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"}}],"
    " \"entities\": ["
    "  {\"name\": \"A\", \"table\": \"Shop\", \"attributes\": [{\"name\": \"parentId\", \"type\": \"S\"}],"
    "   \"keys\": {\"PK\": \"A#${parentId}\"},"
    "   \"generators\": {\"parentId\": {\"kind\": \"reference\", \"entity\": \"Ghost\"}}},"
    "  {\"name\": \"B\", \"table\": \"Shop\", \"attributes\": [{\"name\": \"bId\", \"type\": \"S\"}],"
    "   \"keys\": {\"PK\": \"B#${bId}\"},"
    "   \"generators\": {\"bId\": {\"kind\": \"reference\", \"entity\": \"C\"}}},"
    "  {\"name\": \"C\", \"table\": \"Shop\", \"attributes\": [{\"name\": \"x\", \"type\": \"S\"}],"
    "   \"keys\": {\"PK\": \"C#${x\"}},"
    "  {\"name\": \"D\", \"table\": \"Nowhere\", \"attributes\": [{\"name\": \"x\", \"type\": \"S\"}]},"
    "  {\"name\": \"E\", \"table\": \"Shop\", \"attributes\": [{\"name\": \"x\", \"type\": \"S\"}],"
    "   \"keys\": {\"PK\": \"E#${x}\"}, \"generators\": {\"x\": {\"kind\": \"none\"}}},"
    "  {\"name\": \"F\", \"table\": \"Shop\", \"attributes\": [],"
    "   \"keys\": {\"PK\": \"F#${code|pad:3}\"}},"
    "  {\"name\": \"G\", \"table\": \"Shop\", \"attributes\": [{\"name\": \"k\", \"type\": \"S\"}],"
    "   \"keys\": {\"PK\": \"${k}\"}, \"generators\": {\"k\": {\"kind\": \"enum\", \"values\": [\"\"]}}}"
    " ]}");
  struct { const char *entity; int code; const char *message; } cases[] = {
    { "A", KS_ERROR_NOT_FOUND, "entity A, generators.parentId: refers to entity \"Ghost\", which the design does not have" },
    { "B", KS_ERROR_INVALID, "entity B, generators.bId: no item of entity C has attribute bId to refer to" },
    { "C", KS_ERROR_INVALID, "entity C: the template of PK does not parse" },
    { "D", KS_ERROR_NOT_FOUND, "entity D: no table to generate items for" },
    { "E", KS_ERROR_INVALID, "entity E: the table key PK needs attribute x, which no generator fills" },
    { "G", KS_ERROR_INVALID, "entity G: item 1 of 2: 100 attempts gave no valid keys (last: PK would be 0 bytes long" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (ks_generator_generate (design, ks_design_find_entity (design, cases[i].entity), 2, 1, &items, &error));
      g_assert_null (items);
      g_assert_error (error, KS_ERROR, cases[i].code);
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("%s: got \"%s\"", cases[i].entity, error->message);
    }

  /* an attribute only a template names gets a generator that fits it */
  {
    g_autoptr(GPtrArray) items = generate (design, "F", 20, 1);
    for (guint i = 0; i < items->len; i++)
      {
        KsValue *code = ks_value_lookup (ks_item_get_values (g_ptr_array_index (items, i)), "code");
        g_assert_nonnull (code);
        g_assert_cmpint (ks_value_get_type (code), ==, KS_TYPE_N);
        g_assert_cmpfloat (ks_value_get_double (code), <=, 999);
      }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/generator/kinds", test_kinds);
  g_test_add_func ("/keyshape/generator/check-spec", test_check_spec);
  g_test_add_func ("/keyshape/generator/native", test_native);
  g_test_add_func ("/keyshape/generator/guess", test_guess);
  g_test_add_func ("/keyshape/generator/guess-from-names", test_guess_from_names);
  g_test_add_func ("/keyshape/generator/determinism", test_determinism);
  g_test_add_func ("/keyshape/generator/references", test_references);
  g_test_add_func ("/keyshape/generator/uniqueness-and-exhaustion", test_uniqueness_and_exhaustion);
  g_test_add_func ("/keyshape/generator/uniqueness-large", test_uniqueness_large);
  g_test_add_func ("/keyshape/generator/values", test_values);
  g_test_add_func ("/keyshape/generator/typed-values", test_typed_values);
  g_test_add_func ("/keyshape/generator/errors", test_errors);
  g_test_add_func ("/keyshape/generator/done-when", test_done_when);
  g_test_add_func ("/keyshape/generator/done-when-cli", test_done_when_cli);
  return g_test_run ();
}
