/* test-cost.c: item sizes, capacity units and the monthly estimate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ks-cost.h"
#include "ks-design.h"
#include "ks-engine.h"
#include "ks-error.h"
#include "ks-io.h"

#define assert_near(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 1e-9 + fabs ((double) (b)) * 1e-12)

/* Sizes --------------------------------------------------------------------- */

/* dynamodb-rules.md §3.2: number sizes measured against real DynamoDB */
static const struct
{
  const char *literal;
  gsize       bytes;
} measured[] = {
  { "0", 1 },
  { "1", 2 },
  { "12", 2 },
  { "123", 3 },
  { "1234", 3 },
  { "12345678901234567890123456789012345678", 20 },   /* 38-digit integer */
  { "0042", 2 },
  { "100", 2 },
  { "1010", 3 },
  { "0.0000001", 2 },
  { "1E125", 2 },
  { "1E-100", 2 },
  { "1.5", 3 },
  { "15", 2 },
  { "1.2", 3 },
  { "1.200", 3 },
  { "1.234", 4 },
  { "3.14159", 5 },
  { "123456", 4 },
  { "100.5", 4 },
  { "0.15", 2 },
  { "-42", 3 },
  { "-0", 1 },
};

static void
test_number_sizes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (measured); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KsValue) n = ks_value_new_number (measured[i].literal, &error);
      g_autoptr(KsValue) item = NULL;
      KsMapBuilder *b;

      g_assert_no_error (error);
      g_test_message ("%s", measured[i].literal);
      g_assert_cmpuint (ks_value_size (n), ==, measured[i].bytes);

      /* in an item: the name "n" (1 byte) + the number */
      b = ks_map_builder_new (1);
      ks_map_builder_add (b, "n", ks_value_ref (n));
      item = ks_map_builder_end (b);
      g_assert_cmpuint (ks_item_size (item), ==, 1 + measured[i].bytes);
    }
}

/* The same numbers as sample items of a design, through the engine: the
 * size `keyshape-cli keys` prints. */
static void
test_number_sizes_in_items (void)
{
  g_autoptr(GString) json = g_string_new (
    "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"Sizes\",\n"
    " \"tables\": [{\"name\": \"Numbers\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},\n"
    "              \"typeAttribute\": \"t\"}],\n"
    " \"entities\": [{\"name\": \"N\", \"table\": \"Numbers\",\n"
    "   \"attributes\": [{\"name\": \"id\", \"type\": \"S\"}, {\"name\": \"n\", \"type\": \"N\"}],\n"
    "   \"keys\": {\"PK\": \"${id}\"},\n"
    "   \"items\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  KsEntity *entity;

  for (guint i = 0; i < G_N_ELEMENTS (measured); i++)
    /* written as JSON strings so that no digit passes through a double */
    g_string_append_printf (json, "%s{\"id\": \"%c\", \"n\": \"%s\"}", i ? ", " : "", 'a' + i, measured[i].literal);
  g_string_append (json, "]}]}");
  design = ks_io_load_data (json->str, json->len, "sizes.keyshape.json", NULL, &error);
  g_assert_no_error (error);
  engine = ks_engine_new (design);
  g_assert_cmpuint (ks_view_get_n_entries (ks_engine_get_view (engine, "Numbers", NULL)), ==, G_N_ELEMENTS (measured));
  entity = ks_design_find_entity (design, "N");
  for (guint i = 0; i < G_N_ELEMENTS (measured); i++)
    {
      KsItem *item = ks_entity_get_item (entity, i);
      /* id (2 + 1) + PK (2 + 1) + t (1 + 1) + n (1 + number) */
      g_test_message ("%s", measured[i].literal);
      g_assert_false (ks_item_has_errors (item));
      g_assert_cmpuint (item->size, ==, 3 + 3 + 2 + 1 + measured[i].bytes);
    }
}

static void
test_item_size_rules (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KsValue) item = NULL;

  /* §3.1 worked example: {"shirt-color":"R","shirt-size":"M"} is 23 bytes */
  json_parser_load_from_data (parser, "{\"shirt-color\": {\"S\": \"R\"}, \"shirt-size\": {\"S\": \"M\"}}", -1, &error);
  g_assert_no_error (error);
  item = ks_item_from_ddb_json (json_parser_get_root (parser), "$", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ks_item_size (item), ==, 23);

  /* §3.1: S in UTF-8 bytes; BOOL/NULL 1; M 3 + Σ(name + value + 1);
   * L 3 + Σ(value + 1); sets Σ elements */
  g_clear_pointer (&item, ks_value_unref);
  json_parser_load_from_data (parser,
                              "{\"é\": {\"S\": \"ü€\"},"         /* 2 + 5 */
                              " \"b\": {\"BOOL\": true},"          /* 1 + 1 */
                              " \"z\": {\"NULL\": true},"          /* 1 + 1 */
                              " \"m\": {\"M\": {\"k\": {\"S\": \"v\"}}},"   /* 1 + 3 + (1 + 1 + 1) */
                              " \"l\": {\"L\": [{\"N\": \"1\"}, {\"S\": \"ab\"}]},"   /* 1 + 3 + (2 + 1) + (2 + 1) */
                              " \"ss\": {\"SS\": [\"a\", \"bc\"]},"   /* 2 + 3 */
                              " \"ns\": {\"NS\": [\"1\", \"123\"]},"  /* 2 + 2 + 3 */
                              " \"bs\": {\"BS\": [\"AAEC\"]}}",       /* 2 + 3 */
                              -1, &error);
  g_assert_no_error (error);
  item = ks_item_from_ddb_json (json_parser_get_root (parser), "$", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ks_item_size (item), ==, 7 + 2 + 2 + 7 + 10 + 5 + 7 + 5);
}

static void
test_units (void)
{
  /* §3.5: reads round the summed size up to 4 KB once; eventual halves */
  g_assert_cmpfloat (ks_read_units (0, TRUE), ==, 1);           /* at least 1 */
  g_assert_cmpfloat (ks_read_units (0, FALSE), ==, 0.5);
  g_assert_cmpfloat (ks_read_units (4096, TRUE), ==, 1);
  g_assert_cmpfloat (ks_read_units (4097, TRUE), ==, 2);
  g_assert_cmpfloat (ks_read_units (41779, TRUE), ==, 11);      /* 40.8 KB → 44 KB */
  g_assert_cmpfloat (ks_read_units (1500 * 64, TRUE), ==, 24);  /* 1,500 × 64 B → 96 KB */
  g_assert_cmpfloat (ks_read_units (1500 * 64, FALSE), ==, 12);
  g_assert_cmpfloat (ks_read_units (8192, FALSE), ==, 1);       /* §7.1: 8 KB eventual = 1 */
  /* writes in 1 KB units: 500 B → 1, 3.5 KB → 4, 3 KB → 3 */
  g_assert_cmpuint (ks_write_units (0), ==, 1);
  g_assert_cmpuint (ks_write_units (500), ==, 1);
  g_assert_cmpuint (ks_write_units (1024), ==, 1);
  g_assert_cmpuint (ks_write_units (1025), ==, 2);
  g_assert_cmpuint (ks_write_units (3584), ==, 4);
  g_assert_cmpuint (ks_write_units (3072), ==, 3);
}

/* Prices ------------------------------------------------------------------ */

static void
test_pricing_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "pricing.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsPricing) file = ks_pricing_load (path, &error);
  g_autoptr(KsPricing) builtin = ks_pricing_new_default ();

  g_assert_no_error (error);
  /* the compiled-in fallback is the bundled file */
  g_assert_cmpstr (file->region, ==, "us-east-1");
  g_assert_cmpstr (file->region, ==, builtin->region);
  g_assert_cmpstr (file->currency, ==, builtin->currency);
  g_assert_cmpfloat (file->hours_per_month, ==, builtin->hours_per_month);
  g_assert_cmpmem (file->classes, sizeof file->classes, builtin->classes, sizeof builtin->classes);
  /* rules §7.2, us-east-1 */
  g_assert_cmpfloat (builtin->classes[KS_STORAGE_CLASS_STANDARD].on_demand_write, ==, 0.625);
  g_assert_cmpfloat (builtin->classes[KS_STORAGE_CLASS_STANDARD].on_demand_read, ==, 0.125);
  g_assert_cmpfloat (builtin->classes[KS_STORAGE_CLASS_STANDARD].provisioned_write, ==, 0.00065);
  g_assert_cmpfloat (builtin->classes[KS_STORAGE_CLASS_STANDARD].provisioned_read, ==, 0.00013);
  g_assert_cmpfloat (builtin->classes[KS_STORAGE_CLASS_STANDARD].storage, ==, 0.25);
  g_assert_cmpfloat (builtin->classes[KS_STORAGE_CLASS_STANDARD_IA].on_demand_write, ==, 0.78125);
  g_assert_cmpfloat (builtin->classes[KS_STORAGE_CLASS_STANDARD_IA].on_demand_read, ==, 0.15625);
  g_assert_cmpfloat (builtin->classes[KS_STORAGE_CLASS_STANDARD_IA].provisioned_write, ==, 0.00081);
  g_assert_cmpfloat (builtin->classes[KS_STORAGE_CLASS_STANDARD_IA].provisioned_read, ==, 0.00016);
  g_assert_cmpfloat (builtin->classes[KS_STORAGE_CLASS_STANDARD_IA].storage, ==, 0.10);
}

static void
test_pricing_override (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsPricing) p = NULL;
  const char *partial = "{\"region\": \"eu-west-1\", \"tableClasses\": {\"STANDARD\": {\"storageGbMonth\": 0.283}}}";

  /* members not given keep the bundled values */
  p = ks_pricing_new_from_data (partial, -1, "mine.json", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->region, ==, "eu-west-1");
  g_assert_cmpfloat (p->classes[KS_STORAGE_CLASS_STANDARD].storage, ==, 0.283);
  g_assert_cmpfloat (p->classes[KS_STORAGE_CLASS_STANDARD].on_demand_write, ==, 0.625);

  /* errors name the file and the member */
  g_clear_pointer (&p, ks_pricing_free);
  p = ks_pricing_new_from_data ("{\"tableClasses\": {\"STANDARD\": {\"storageGBMonth\": 1}}}", -1, "mine.json", &error);
  g_assert_null (p);
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "mine.json: unknown member $.tableClasses.STANDARD.storageGBMonth");
  g_clear_error (&error);
  p = ks_pricing_new_from_data ("{\"tableClasses\": {\"STANDARD\": {\"storageGbMonth\": -1}}}", -1, "mine.json", &error);
  g_assert_null (p);
  g_assert_cmpstr (error->message, ==, "mine.json: $.tableClasses.STANDARD.storageGbMonth must be a price of zero or more");
  g_clear_error (&error);
  p = ks_pricing_new_from_data ("{\"tableClasses\": {\"GLACIER\": {}}}", -1, "mine.json", &error);
  g_assert_null (p);
  g_assert_nonnull (strstr (error->message, "unknown table class $.tableClasses.GLACIER"));
  g_clear_error (&error);
  p = ks_pricing_new_from_data ("[1", -1, "mine.json", &error);
  g_assert_null (p);
  g_assert_error (error, KS_ERROR, KS_ERROR_PARSE);
}

/* One design checked by hand ------------------------------------------------ */

/*
 * Table Tab (PK, SK), GSI Gix (GPK, KEYS_ONLY). Entity Thing, typeAttribute t,
 * keys PK "T#${id}", SK "A", GPK "G#${id}". Final item attributes and their
 * sizes (rules §3.1, name + value):
 *
 *   id   2 + 1 = 3       PK   2 + 3 ("T#1") = 5     SK 2 + 1 = 3
 *   GPK  3 + 3 = 6       t    1 + 5 ("Thing") = 6   data 4 + len
 *
 *   item 1: data of 1,997 bytes → 27 + 1,997 = 2,024 bytes → 2 WCU
 *   item 2: data of    73 bytes → 27 +    73 =   100 bytes → 1 WCU
 *   mean size 1,062 bytes, mean table write 1.5 WCU
 *
 * Gix entry (KEYS_ONLY: PK, SK, GPK; §4.2): 5 + 3 + 6 = 14 bytes → 1 WCU; both
 * items are in Gix, so a write costs 1.5 + 1 = 2.5 WCU (§4.4).
 * writesPerSecond 10 → table 15 WCU/s, Gix 10 WCU/s, 25 WCU/s in all.
 *
 * Storage at expectedItems 1,000,000 (§3.4, 100 bytes per item and entry):
 *   table 1e6 × (1,062 + 100) = 1,162,000,000
 *   Gix    1e6 × (14 + 100)    =   114,000,000
 *   total 1,276,000,000 bytes = 1,276,000,000 / 2^30 GB = 1.18836760520935 GB
 *
 * Patterns:
 *   "Get thing"   PK = T#1, SK = A on the table: GetItem of item 1, 2,024
 *                 bytes → 1 strong / 0.5 eventual RCU; × 100/s = 50 RCU/s
 *   "Thing by G"  GPK = G#2 on Gix: Query reading one 14-byte entry → 0.5
 *                 RCU (a GSI: eventual only); × 20/s = 10 RCU/s
 *   → 60 RCU/s
 *
 * Month = 730 h = 2,628,000 s.
 * STANDARD on-demand: reads 60 × 2,628,000 / 1e6 × 0.125 = 19.71
 *                     writes 25 × 2,628,000 / 1e6 × 0.625 = 41.0625
 *                     storage 1.18836760520935 × 0.25 = 0.297091901302338
 * STANDARD provisioned: table 50 RCU, 15 WCU; Gix 10 RCU, 10 WCU
 *                     reads 60 × 730 × 0.00013 = 5.694
 *                     writes 25 × 730 × 0.00065 = 11.8625
 * STANDARD_IA on-demand: reads 157.68 × 0.15625 = 24.6375,
 *                     writes 65.7 × 0.78125 = 51.328125, storage × 0.10
 * STANDARD_IA provisioned: reads 60 × 730 × 0.00016 = 7.008,
 *                     writes 25 × 730 × 0.00081 = 14.7825
 */
static const char hand_design_head[] =
  "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"By hand\",\n"
  " \"tables\": [{\"name\": \"Tab\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},\n"
  "   \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"}, \"typeAttribute\": \"t\",\n"
  "   \"indexes\": [{\"name\": \"Gix\", \"kind\": \"GSI\", \"partitionKey\": {\"name\": \"GPK\", \"type\": \"S\"},\n"
  "                 \"projection\": {\"type\": \"KEYS_ONLY\"}}]}],\n"
  " \"entities\": [{\"name\": \"Thing\", \"table\": \"Tab\", \"expectedItems\": 1000000, \"writesPerSecond\": 10,\n"
  "   \"attributes\": [{\"name\": \"id\", \"type\": \"S\"}, {\"name\": \"data\", \"type\": \"S\"}],\n"
  "   \"keys\": {\"PK\": \"T#${id}\", \"SK\": \"A\", \"GPK\": \"G#${id}\"},\n"
  "   \"items\": [";
static const char hand_design_tail[] =
  "]}],\n"
  " \"accessPatterns\": [\n"
  "   {\"name\": \"Get thing\", \"table\": \"Tab\", \"partitionKey\": \"T#${id}\",\n"
  "    \"sortKey\": {\"op\": \"=\", \"value\": \"A\"}, \"parameters\": {\"id\": \"1\"},\n"
  "    \"requestsPerSecond\": 100, \"expects\": [\"Thing\"]},\n"
  "   {\"name\": \"Thing by G\", \"table\": \"Tab\", \"index\": \"Gix\", \"partitionKey\": \"G#${id}\",\n"
  "    \"parameters\": {\"id\": \"2\"}, \"requestsPerSecond\": 20, \"expects\": [\"Thing\"]}]}\n";

static KsDesign *
hand_design (void)
{
  g_autoptr(GString) json = g_string_new (hand_design_head);
  g_autofree char *d1 = g_strnfill (1997, 'a');
  g_autofree char *d2 = g_strnfill (73, 'b');
  g_autoptr(GError) error = NULL;
  KsDesign *design;

  g_string_append_printf (json, "{\"id\": \"1\", \"data\": \"%s\"}, {\"id\": \"2\", \"data\": \"%s\"}", d1, d2);
  g_string_append (json, hand_design_tail);
  design = ks_io_load_data (json->str, json->len, "hand.keyshape.json", NULL, &error);
  g_assert_no_error (error);
  return design;
}

static void
test_by_hand (void)
{
  g_autoptr(KsDesign) design = hand_design ();
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(KsCostReport) r = ks_cost_report_new (engine, NULL);
  KsEntityCost *ec;
  KsViewCost *table_vc, *g1_vc;
  KsPatternCost *get, *query;
  const KsMonthlyCost *std, *ia;
  double gb = 1276000000.0 / (1024.0 * 1024 * 1024);

  g_assert_cmpuint (r->entities->len, ==, 1);
  ec = g_ptr_array_index (r->entities, 0);
  g_assert_cmpuint (ec->n_samples, ==, 2);
  g_assert_cmpuint (ec->max_item_size, ==, 2024);
  assert_near (ec->item_size, 1062);
  assert_near (ec->table_units, 1.5);
  assert_near (ec->index_units, 1);
  assert_near (ec->units_per_write, 2.5);
  assert_near (ec->units_per_second, 25);
  assert_near (ec->storage_bytes, 1276000000.0);

  table_vc = ks_entity_cost_find_view (ec, ks_engine_get_view (engine, "Tab", NULL));
  g1_vc = ks_entity_cost_find_view (ec, ks_engine_get_view (engine, "Tab", "Gix"));
  g_assert_nonnull (table_vc);
  g_assert_nonnull (g1_vc);
  assert_near (g1_vc->entry_size, 14);
  assert_near (g1_vc->units, 1);
  assert_near (g1_vc->fraction, 1);
  /* one item per partition in the samples: 1e6 partitions of one item */
  g_assert_cmpint (table_vc->kind, ==, KS_PARTITION_SAMPLED);
  assert_near (table_vc->est_partitions, 1e6);
  assert_near (table_vc->items_per_partition, 1);

  g_assert_cmpuint (r->patterns->len, ==, 2);
  get = g_ptr_array_index (r->patterns, 0);
  query = g_ptr_array_index (r->patterns, 1);
  g_assert_true (get->ran);
  g_assert_cmpstr (get->operation, ==, "GetItem");
  g_assert_cmpuint (get->bytes_read, ==, 2024);
  assert_near (get->units_eventual, 0.5);
  assert_near (get->units_strong, 1);
  assert_near (get->units_per_second, 50);
  g_assert_true (query->ran);
  g_assert_cmpstr (query->operation, ==, "Query");
  g_assert_cmpuint (query->items_read, ==, 1);
  g_assert_cmpuint (query->bytes_read, ==, 14);
  assert_near (query->units_eventual, 0.5);
  g_assert_cmpfloat (query->units_strong, <, 0);    /* no strong reads on a GSI */
  assert_near (query->units_per_second, 10);

  /* capacity: the table and Gix each hold their own */
  g_assert_cmpuint (r->capacity->len, ==, 2);
  {
    KsCapacityCost *t = g_ptr_array_index (r->capacity, 0);
    KsCapacityCost *g = g_ptr_array_index (r->capacity, 1);
    g_assert_null (t->index);
    assert_near (t->read_units, 50);
    assert_near (t->write_units, 15);
    g_assert_cmpuint (t->provisioned_rcu, ==, 50);
    g_assert_cmpuint (t->provisioned_wcu, ==, 15);
    g_assert_nonnull (g->index);
    assert_near (g->read_units, 10);
    assert_near (g->write_units, 10);
  }
  assert_near (r->read_units, 60);
  assert_near (r->write_units, 25);
  g_assert_cmpuint (r->provisioned_rcu, ==, 60);
  g_assert_cmpuint (r->provisioned_wcu, ==, 25);
  assert_near (r->storage_gb, gb);

  std = &r->monthly[KS_STORAGE_CLASS_STANDARD];
  assert_near (std->on_demand.reads, 19.71);
  assert_near (std->on_demand.writes, 41.0625);
  assert_near (std->on_demand.storage, gb * 0.25);
  assert_near (std->on_demand.total, 19.71 + 41.0625 + gb * 0.25);
  assert_near (std->provisioned.reads, 5.694);
  assert_near (std->provisioned.writes, 11.8625);
  assert_near (std->provisioned.total, 5.694 + 11.8625 + gb * 0.25);
  ia = &r->monthly[KS_STORAGE_CLASS_STANDARD_IA];
  assert_near (ia->on_demand.reads, 24.6375);
  assert_near (ia->on_demand.writes, 51.328125);
  assert_near (ia->on_demand.storage, gb * 0.10);
  assert_near (ia->provisioned.reads, 7.008);
  assert_near (ia->provisioned.writes, 14.7825);

  /* the JSON carries the same figures, under "monthly" among others */
  {
    g_autoptr(JsonNode) root = ks_cost_report_to_json (r);
    JsonObject *o = json_node_get_object (root);
    JsonObject *m = json_object_get_object_member (json_object_get_object_member (o, "monthly"), "STANDARD");
    JsonObject *od = json_object_get_object_member (m, "onDemand");
    JsonArray *patterns = json_object_get_array_member (o, "patterns");
    JsonObject *p0 = json_array_get_object_element (patterns, 0);

    assert_near (json_object_get_double_member (od, "reads"), 19.71);
    assert_near (json_object_get_double_member (od, "writes"), 41.0625);
    assert_near (json_object_get_double_member (json_object_get_object_member (p0, "readUnits"), "eventual"), 0.5);
    assert_near (json_object_get_double_member (json_object_get_object_member (o, "totals"), "writeUnitsPerSecond"), 25);
    g_assert_true (json_object_has_member (o, "pricing"));
  }
}

/* The report a part at a time (as the window makes it) equals the report
 * made at once; a builder dropped half way frees what it made. */
static void
test_builder_steps (void)
{
  g_autoptr(KsDesign) design = hand_design ();
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(KsCostReport) whole = ks_cost_report_new (engine, NULL);
  g_autoptr(KsCostReport) stepped = NULL;
  g_autoptr(JsonNode) a = NULL, b = NULL;
  g_autofree char *ja = NULL, *jb = NULL;
  KsCostBuilder *builder = ks_cost_builder_new (engine, NULL);
  guint steps = 1;
  guint n_entities = g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_entities (design)));

  while (ks_cost_builder_step (builder))
    steps++;
  /* each entity, each view, then the rest */
  g_assert_cmpuint (steps, ==, n_entities + ks_engine_get_views (engine)->len + 1);
  g_assert_false (ks_cost_builder_step (builder));
  stepped = ks_cost_builder_finish (builder);
  a = ks_cost_report_to_json (whole);
  b = ks_cost_report_to_json (stepped);
  ja = json_to_string (a, TRUE);
  jb = json_to_string (b, TRUE);
  g_assert_cmpstr (ja, ==, jb);

  builder = ks_cost_builder_new (engine, NULL);
  g_assert_true (ks_cost_builder_step (builder));
  g_assert_true (ks_cost_builder_step (builder));
  ks_cost_builder_free (builder);
}

/* keyshape-cli cost --json prints the same report */
static void
test_cli_json (void)
{
  const char *cli = g_getenv ("KS_CLI");
  g_autoptr(KsDesign) design = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) json = g_string_new (hand_design_head);
  g_autofree char *d1 = g_strnfill (1997, 'a');
  g_autofree char *d2 = g_strnfill (73, 'b');
  JsonObject *monthly;
  int status = 0;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("keyshape-cli not built (KS_CLI)");
      return;
    }
  g_string_append_printf (json, "{\"id\": \"1\", \"data\": \"%s\"}, {\"id\": \"2\", \"data\": \"%s\"}", d1, d2);
  g_string_append (json, hand_design_tail);
  dir = g_dir_make_tmp ("ks-cost-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "hand.keyshape.json", NULL);
  g_file_set_contents (path, json->str, json->len, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { cli, "cost", path, "--json", NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  monthly = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "monthly");
  assert_near (json_object_get_double_member (json_object_get_object_member (json_object_get_object_member (monthly, "STANDARD"), "provisioned"), "reads"), 5.694);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyshape/cost/number-sizes", test_number_sizes);
  g_test_add_func ("/keyshape/cost/number-sizes-in-items", test_number_sizes_in_items);
  g_test_add_func ("/keyshape/cost/item-size-rules", test_item_size_rules);
  g_test_add_func ("/keyshape/cost/units", test_units);
  g_test_add_func ("/keyshape/cost/pricing-file", test_pricing_file);
  g_test_add_func ("/keyshape/cost/pricing-override", test_pricing_override);
  g_test_add_func ("/keyshape/cost/by-hand", test_by_hand);
  g_test_add_func ("/keyshape/cost/builder-steps", test_builder_steps);
  g_test_add_func ("/keyshape/cost/cli-json", test_cli_json);

  return g_test_run ();
}
