/* test-lint.c: every lint rule fires on a design made to trigger it, and a
 * clean design has no finding at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case starts from the clean design below and changes one thing,
 * either in its JSON text (edit()) or through the model API.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "ks-design.h"
#include "ks-engine.h"
#include "ks-io.h"
#include "ks-lint.h"

static const char clean_design[] =
  "{\n"
  "  \"format\": \"keyshape\", \"version\": 1, \"name\": \"Clean\",\n"
  "  \"tables\": [{\n"
  "    \"name\": \"Shop\",\n"
  "    \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},\n"
  "    \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"},\n"
  "    \"typeAttribute\": \"entityType\",\n"
  "    \"billing\": {\"mode\": \"PAY_PER_REQUEST\"},\n"
  "    \"indexes\": [\n"
  "      {\"name\": \"GSI1\", \"kind\": \"GSI\",\n"
  "       \"partitionKey\": {\"name\": \"GSI1PK\", \"type\": \"S\"},\n"
  "       \"sortKey\": {\"name\": \"GSI1SK\", \"type\": \"S\"},\n"
  "       \"projection\": {\"type\": \"INCLUDE\", \"attributes\": [\"amount\"]}}\n"
  "    ]\n"
  "  }],\n"
  "  \"entities\": [\n"
  "    {\"name\": \"Customer\", \"table\": \"Shop\", \"expectedItems\": 1000, \"writesPerSecond\": 1,\n"
  "     \"attributes\": [{\"name\": \"customerId\", \"type\": \"S\", \"required\": true},\n"
  "                    {\"name\": \"email\", \"type\": \"S\"}],\n"
  "     \"keys\": {\"PK\": \"CUSTOMER#${customerId}\", \"SK\": \"PROFILE\"},\n"
  "     \"items\": [{\"customerId\": \"c1\", \"email\": \"a@example.com\"},\n"
  "               {\"customerId\": \"c2\", \"email\": \"b@example.com\"}]},\n"
  "    {\"name\": \"Order\", \"table\": \"Shop\", \"expectedItems\": 20000, \"writesPerSecond\": 5,\n"
  "     \"attributes\": [{\"name\": \"customerId\", \"type\": \"S\", \"required\": true},\n"
  "                    {\"name\": \"orderId\", \"type\": \"S\", \"required\": true},\n"
  "                    {\"name\": \"orderStatus\", \"type\": \"S\"},\n"
  "                    {\"name\": \"createdAt\", \"type\": \"S\"},\n"
  "                    {\"name\": \"amount\", \"type\": \"N\"}],\n"
  "     \"keys\": {\"PK\": \"CUSTOMER#${customerId}\", \"SK\": \"ORDER#${orderId}\",\n"
  "              \"GSI1PK\": \"STATUS#${orderStatus}\", \"GSI1SK\": \"${createdAt}\"},\n"
  "     \"items\": [\n"
  "       {\"customerId\": \"c1\", \"orderId\": \"o1\", \"orderStatus\": \"SHIPPED\", \"createdAt\": \"2026-03-01T10:00:00Z\", \"amount\": 12.5},\n"
  "       {\"customerId\": \"c1\", \"orderId\": \"o2\", \"orderStatus\": \"PENDING\", \"createdAt\": \"2026-03-02T11:30:00Z\", \"amount\": 20},\n"
  "       {\"customerId\": \"c2\", \"orderId\": \"o3\", \"orderStatus\": \"SHIPPED\", \"createdAt\": \"2026-03-03T09:15:00Z\", \"amount\": 5}\n"
  "     ]}\n"
  "  ],\n"
  "  \"accessPatterns\": [\n"
  "    {\"name\": \"Orders of a customer\", \"table\": \"Shop\", \"index\": null,\n"
  "     \"partitionKey\": \"CUSTOMER#${customerId}\", \"sortKey\": {\"op\": \"begins_with\", \"value\": \"ORDER#\"},\n"
  "     \"parameters\": {\"customerId\": \"c1\"}, \"scanForward\": false, \"requestsPerSecond\": 10,\n"
  "     \"expects\": [\"Order\"]},\n"
  "    {\"name\": \"Customer profile\", \"table\": \"Shop\",\n"
  "     \"partitionKey\": \"CUSTOMER#${customerId}\", \"sortKey\": {\"op\": \"=\", \"value\": \"PROFILE\"},\n"
  "     \"parameters\": {\"customerId\": \"c2\"}, \"requestsPerSecond\": 5, \"expects\": [\"Customer\"]},\n"
  "    {\"name\": \"Orders by status\", \"table\": \"Shop\", \"index\": \"GSI1\",\n"
  "     \"partitionKey\": \"STATUS#${orderStatus}\", \"filter\": \"amount > :minTotal\",\n"
  "     \"parameters\": {\"orderStatus\": \"SHIPPED\", \"minTotal\": 1}, \"requestsPerSecond\": 2,\n"
  "     \"expects\": [\"Order\"]}\n"
  "  ]\n"
  "}\n";

/* Helpers ------------------------------------------------------------------ */

/* The clean design with @old replaced by @new (each must occur once). */
static KsDesign *
load_edited (const char *first_old, ...)
{
  g_autoptr(GString) text = g_string_new (clean_design);
  g_autoptr(GError) error = NULL;
  const char *old = first_old;
  va_list args;
  KsDesign *design;

  va_start (args, first_old);
  while (old)
    {
      const char *new_text = va_arg (args, const char *);
      const char *at = strstr (text->str, old);
      if (at == NULL)
        g_error ("test bug: \"%s\" is not in the clean design", old);
      g_assert_null (strstr (at + 1, old));
      {
        gssize pos = at - text->str;
        g_string_erase (text, pos, strlen (old));
        g_string_insert (text, pos, new_text);
      }
      old = va_arg (args, const char *);
    }
  va_end (args);
  design = ks_io_load_data (text->str, text->len, "lint-test.keyshape.json", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (design);
  return design;
}

static GPtrArray *
lint (KsDesign *design)
{
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  return ks_lint_run (engine);
}

static void
dump (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      KsProblem *p = g_ptr_array_index (problems, i);
      g_test_message ("%s: %s: %s [%s]", ks_severity_to_string (p->severity), p->rule, p->message,
                      p->path ? p->path : "");
    }
}

static KsProblem *
find_rule (GPtrArray *problems, const char *rule)
{
  for (guint i = 0; i < problems->len; i++)
    {
      KsProblem *p = g_ptr_array_index (problems, i);
      if (g_str_equal (p->rule, rule))
        return p;
    }
  return NULL;
}

/* Lints @design and checks that @rule fires with @severity; returns the
 * first finding of it (owned by the array left in *out). */
static KsProblem *
expect_rule (KsDesign *design, const char *rule, KsSeverity severity, GPtrArray **out)
{
  GPtrArray *problems = lint (design);
  KsProblem *p = find_rule (problems, rule);

  dump (problems);
  if (p == NULL)
    g_error ("rule %s did not fire", rule);
  g_assert_cmpint (p->severity, ==, severity);
  g_assert_nonnull (p->message);
  *out = problems;
  return p;
}

static void
set_string_attribute (KsEntity *entity, guint position, const char *attr, const char *value)
{
  KsItem *item = ks_entity_get_item (entity, position);

  /* ks_map_set() takes the value */
  ks_entity_set_item_values (entity, item,
                             ks_map_set (ks_item_get_values (item), attr, ks_value_new_string (value, -1)));
}

static void
add_index (KsDesign *design, const char *name, KsIndexKind kind, const char *pk, KsType pk_type,
           const char *sk, KsType sk_type, KsProjection projection)
{
  g_autoptr(KsTable) table = g_list_model_get_item (G_LIST_MODEL (ks_design_get_tables (design)), 0);
  g_autoptr(KsKeySchema) ks = ks_key_schema_new_simple (pk, pk_type, sk, sk_type);
  g_autoptr(KsIndex) index = ks_index_new (name, kind, ks);

  ks_index_set_projection (index, projection);
  g_list_store_append (ks_table_get_indexes (table), index);
}

/* The clean design ------------------------------------------------------- */

static void
test_clean (void)
{
  g_autoptr(KsDesign) design = load_edited (NULL);
  g_autoptr(GPtrArray) problems = lint (design);

  dump (problems);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Errors -------------------------------------------------------------------- */

static void
test_template_syntax (void)
{
  g_autoptr(KsDesign) d = load_edited ("\"SK\": \"ORDER#${orderId}\"", "\"SK\": \"ORDER#${orderId\"", NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "template-syntax", KS_SEVERITY_ERROR, &out);

  g_assert_cmpstr (p->path, ==, "entities[1].keys.SK");
  g_assert_cmpstr (p->attribute, ==, "SK");
  g_assert_nonnull (p->entity);
}

static void
test_template_unknown_attribute (void)
{
  g_autoptr(KsDesign) d = load_edited ("\"SK\": \"ORDER#${orderId}\"", "\"SK\": \"ORDER#${orderNo}\"", NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "template-unknown-attribute", KS_SEVERITY_ERROR, &out);

  g_assert_cmpstr (p->path, ==, "entities[1].keys.SK");
  g_assert_nonnull (strstr (p->message, "orderNo"));
}

/* The rules a group at a time (as the window runs them) find what one
 * run finds, in the same order; a linter dropped half way frees what it
 * found. */
static void
test_linter_steps (void)
{
  g_autoptr(KsDesign) d = load_edited ("\"SK\": \"ORDER#${orderId}\"", "\"SK\": \"ORDER#${orderNo}\"",
                                       "{\"customerId\": \"c2\", \"email\": \"b@example.com\"}",
                                       "{\"email\": \"b@example.com\"}", NULL);
  g_autoptr(KsEngine) engine = ks_engine_new (d);
  g_autoptr(KsCostReport) cost = ks_cost_report_new (engine, NULL);
  g_autoptr(GPtrArray) whole = ks_lint_run_with_cost (engine, cost);
  g_autoptr(GPtrArray) stepped = NULL;
  KsLinter *linter = ks_linter_new (engine, cost);
  guint steps = 1;

  while (ks_linter_step (linter))
    steps++;
  g_assert_cmpuint (steps, >, 3);
  stepped = ks_linter_finish (linter);
  g_assert_cmpuint (whole->len, >=, 2);
  g_assert_cmpuint (stepped->len, ==, whole->len);
  for (guint i = 0; i < whole->len; i++)
    {
      const KsProblem *a = g_ptr_array_index (whole, i);
      const KsProblem *b = g_ptr_array_index (stepped, i);
      g_assert_cmpstr (a->rule, ==, b->rule);
      g_assert_cmpstr (a->message, ==, b->message);
      g_assert_cmpstr (a->path, ==, b->path);
    }

  linter = ks_linter_new (engine, cost);
  g_assert_true (ks_linter_step (linter));
  g_assert_true (ks_linter_step (linter));
  ks_linter_free (linter);
}

static void
test_key_missing (void)
{
  g_autoptr(KsDesign) d = load_edited ("{\"customerId\": \"c2\", \"email\": \"b@example.com\"}",
                                       "{\"email\": \"b@example.com\"}", NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "key-missing", KS_SEVERITY_ERROR, &out);

  g_assert_cmpstr (p->path, ==, "entities[0].items[1]");
  g_assert_nonnull (p->item);
  g_assert_nonnull (strstr (p->message, "Missing the key PK in the item"));
}

static void
test_key_type_mismatch (void)
{
  /* a template producing a string for an N key */
  g_autoptr(KsDesign) d = load_edited (NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsEntity *order = ks_design_find_entity (d, "Order");
  KsProblem *p;

  add_index (d, "ByRank", KS_INDEX_GSI, "GSI1PK", KS_TYPE_S, "rank", KS_TYPE_N, KS_PROJECTION_KEYS_ONLY);
  ks_entity_set_template (order, "rank", "${orderId}");
  p = expect_rule (d, "key-type-mismatch", KS_SEVERITY_ERROR, &out);
  g_assert_cmpstr (p->path, ==, "entities[1].keys.rank");
  g_clear_pointer (&out, g_ptr_array_unref);

  /* an item's own value of the wrong type for an index key */
  {
    g_autoptr(KsDesign) d2 = load_edited (NULL);
    add_index (d2, "ByCreated", KS_INDEX_GSI, "orderStatus", KS_TYPE_S, "createdAt", KS_TYPE_N, KS_PROJECTION_KEYS_ONLY);
    p = expect_rule (d2, "key-type-mismatch", KS_SEVERITY_ERROR, &out);
    g_assert_nonnull (strstr (p->message, "Type mismatch for Index Key createdAt Expected: N Actual: S IndexName: ByCreated"));
    g_assert_nonnull (p->item);
  }
}

static void
test_key_empty (void)
{
  /* GSI1SK is the bare ${createdAt}: an empty string gives an empty key */
  g_autoptr(KsDesign) d = load_edited ("\"createdAt\": \"2026-03-02T11:30:00Z\"", "\"createdAt\": \"\"", NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "key-empty", KS_SEVERITY_ERROR, &out);

  g_assert_cmpstr (p->path, ==, "entities[1].items[1]");
  g_assert_nonnull (strstr (p->message, "IndexName: GSI1, IndexKey: GSI1SK"));
}

static void
test_key_too_long (void)
{
  g_autoptr(KsDesign) d = load_edited (NULL);
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *id = g_strnfill (2040, 'x');     /* CUSTOMER# + 2040 = 2049 bytes */
  KsProblem *p;

  set_string_attribute (ks_design_find_entity (d, "Customer"), 0, "customerId", id);
  p = expect_rule (d, "key-too-long", KS_SEVERITY_ERROR, &out);
  g_assert_cmpstr (p->path, ==, "entities[0].items[0]");
  g_assert_nonnull (strstr (p->message, "2048"));
}

static void
test_item_too_large (void)
{
  g_autoptr(KsDesign) d = load_edited (NULL);
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *big = g_strnfill (409600, 'x');
  KsProblem *p;

  set_string_attribute (ks_design_find_entity (d, "Customer"), 1, "email", big);
  p = expect_rule (d, "item-too-large", KS_SEVERITY_ERROR, &out);
  g_assert_cmpstr (p->path, ==, "entities[0].items[1]");
}

static void
test_item_too_large_with_lsi (void)
{
  /* 210,000 bytes of item plus its LSI entry (ALL: the whole item again)
   * passes 409,600 only together (rules §3.3) */
  g_autoptr(KsDesign) d = load_edited (NULL);
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *big = g_strnfill (210000, 'x');
  KsProblem *p;

  add_index (d, "ById", KS_INDEX_LSI, "PK", KS_TYPE_S, "customerId", KS_TYPE_S, KS_PROJECTION_ALL);
  set_string_attribute (ks_design_find_entity (d, "Customer"), 0, "email", big);
  p = expect_rule (d, "item-too-large", KS_SEVERITY_ERROR, &out);
  g_assert_nonnull (strstr (p->message, "LSI"));
  g_assert_cmpstr (p->path, ==, "entities[0].items[0]");
}

static void
test_duplicate_primary_key (void)
{
  g_autoptr(KsDesign) d = load_edited ("\"orderId\": \"o2\"", "\"orderId\": \"o1\"", NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "duplicate-primary-key", KS_SEVERITY_ERROR, &out);

  /* the second one is reported, pointing at the first */
  g_assert_cmpstr (p->path, ==, "entities[1].items[1]");
  g_assert_nonnull (strstr (p->message, "Order item 0"));
}

static void
test_index_limit (void)
{
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p;

  {
    g_autoptr(KsDesign) d = load_edited (NULL);
    for (guint i = 0; i < 20; i++)
      {
        g_autofree char *name = g_strdup_printf ("Extra%u", i);
        g_autofree char *pk = g_strdup_printf ("X%uPK", i);
        add_index (d, name, KS_INDEX_GSI, pk, KS_TYPE_S, NULL, KS_TYPE_S, KS_PROJECTION_KEYS_ONLY);
      }
    p = expect_rule (d, "index-limit", KS_SEVERITY_ERROR, &out);
    g_assert_nonnull (strstr (p->message, "limit of 20"));
    g_assert_cmpstr (p->path, ==, "tables[0]");
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    g_autoptr(KsDesign) d = load_edited (NULL);
    for (guint i = 0; i < 6; i++)
      {
        g_autofree char *name = g_strdup_printf ("Local%u", i);
        g_autofree char *sk = g_strdup_printf ("L%uSK", i);
        add_index (d, name, KS_INDEX_LSI, "PK", KS_TYPE_S, sk, KS_TYPE_S, KS_PROJECTION_KEYS_ONLY);
      }
    p = expect_rule (d, "index-limit", KS_SEVERITY_ERROR, &out);
    g_assert_nonnull (strstr (p->message, "limit of 5"));
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    /* an LSI on a table without sort key */
    g_autoptr(KsDesign) d = load_edited ("    \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"},\n", "", NULL);
    add_index (d, "Local", KS_INDEX_LSI, "PK", KS_TYPE_S, "createdAt", KS_TYPE_S, KS_PROJECTION_KEYS_ONLY);
    p = expect_rule (d, "index-limit", KS_SEVERITY_ERROR, &out);
    g_assert_nonnull (strstr (p->message, "Table KeySchema does not have a range key"));
    g_assert_cmpstr (p->path, ==, "tables[0].indexes[1]");
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    /* more than 100 INCLUDE attributes over the indexes */
    g_autoptr(KsDesign) d = load_edited (NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(KsTable) table = g_list_model_get_item (G_LIST_MODEL (ks_design_get_tables (d)), 0);
    KsIndex *gsi1 = ks_table_find_index (table, "GSI1");

    for (guint i = 0; i < 101; i++)
      g_ptr_array_add (names, g_strdup_printf ("a%u", i));
    g_ptr_array_add (names, NULL);
    ks_index_set_include (gsi1, (const char * const *) names->pdata);
    p = expect_rule (d, "index-limit", KS_SEVERITY_ERROR, &out);
    g_assert_nonnull (strstr (p->message, "101 INCLUDE"));
  }
}

static void
test_key_schema (void)
{
  g_autoptr(KsDesign) d = load_edited (NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p;

  add_index (d, "Local", KS_INDEX_LSI, "email", KS_TYPE_S, "createdAt", KS_TYPE_S, KS_PROJECTION_KEYS_ONLY);
  p = expect_rule (d, "key-schema", KS_SEVERITY_ERROR, &out);
  g_assert_nonnull (strstr (p->message, "does not have the same leading hash key"));
}

static void
test_name_invalid (void)
{
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p;

  {
    g_autoptr(KsDesign) d = load_edited ("\"name\": \"Shop\"", "\"name\": \"ab\"",
                                         "\"table\": \"Shop\", \"expectedItems\": 1000", "\"table\": \"ab\", \"expectedItems\": 1000",
                                         "\"table\": \"Shop\", \"expectedItems\": 20000", "\"table\": \"ab\", \"expectedItems\": 20000",
                                         NULL);
    p = expect_rule (d, "name-invalid", KS_SEVERITY_ERROR, &out);
    g_assert_cmpstr (p->path, ==, "tables[0].name");
    g_assert_nonnull (strstr (p->message, "greater than or equal to 3"));
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    g_autoptr(KsDesign) d = load_edited ("\"name\": \"GSI1\"", "\"name\": \"GSI 1!\"",
                                         "\"index\": \"GSI1\"", "\"index\": \"GSI 1!\"", NULL);
    p = expect_rule (d, "name-invalid", KS_SEVERITY_ERROR, &out);
    g_assert_cmpstr (p->path, ==, "tables[0].indexes[0].name");
    g_assert_nonnull (strstr (p->message, "[a-zA-Z0-9_.-]+"));
  }
}

static void
test_pattern_unserved (void)
{
  /* Orders live under CUSTOMER#…: a key ORDER#c1 can never be theirs */
  g_autoptr(KsDesign) d = load_edited ("\"partitionKey\": \"CUSTOMER#${customerId}\", \"sortKey\": {\"op\": \"begins_with\"",
                                       "\"partitionKey\": \"ORDER#${customerId}\", \"sortKey\": {\"op\": \"begins_with\"",
                                       NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "pattern-unserved", KS_SEVERITY_ERROR, &out);

  g_assert_cmpstr (p->path, ==, "accessPatterns[0]");
  g_assert_nonnull (strstr (p->message, "CUSTOMER#${customerId}"));
  /* reported once: not also as returning nothing */
  g_assert_null (find_rule (out, "pattern-wrong-results"));
}

static void
test_pattern_wrong_results (void)
{
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p;

  {
    /* without its sort key prefix the query also returns the Customer */
    g_autoptr(KsDesign) d = load_edited (", \"sortKey\": {\"op\": \"begins_with\", \"value\": \"ORDER#\"}", "", NULL);
    p = expect_rule (d, "pattern-wrong-results", KS_SEVERITY_ERROR, &out);
    g_assert_cmpstr (p->path, ==, "accessPatterns[0]");
    g_assert_nonnull (strstr (p->message, "Customer"));
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    /* a parameter whose sample value matches no item */
    g_autoptr(KsDesign) d = load_edited ("\"parameters\": {\"customerId\": \"c1\"}", "\"parameters\": {\"customerId\": \"c9\"}", NULL);
    p = expect_rule (d, "pattern-wrong-results", KS_SEVERITY_ERROR, &out);
    g_assert_nonnull (strstr (p->message, "returns nothing"));
    g_assert_null (find_rule (out, "pattern-unserved"));
  }
}

static void
test_pattern_invalid (void)
{
  g_autoptr(KsDesign) d = load_edited ("\"filter\": \"amount > :minTotal\"", "\"filter\": \"amount > :maxTotal\"", NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "pattern-invalid", KS_SEVERITY_ERROR, &out);

  g_assert_cmpstr (p->path, ==, "accessPatterns[2]");
  g_assert_nonnull (strstr (p->message, "maxTotal"));
}

static void
test_filter_on_unprojected (void)
{
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p;

  {
    /* GSI1 projects the keys and amount, not orderId */
    g_autoptr(KsDesign) d = load_edited ("\"filter\": \"amount > :minTotal\"", "\"filter\": \"orderId <> :minTotal\"", NULL);
    p = expect_rule (d, "filter-on-unprojected", KS_SEVERITY_ERROR, &out);
    g_assert_cmpstr (p->path, ==, "accessPatterns[2].filter");
    g_assert_cmpstr (p->attribute, ==, "orderId");
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    /* through an LSI the item is fetched, at a cost: a warning */
    g_autoptr(KsDesign) d = load_edited ("\"index\": \"GSI1\"", "\"index\": \"ByDate\"",
                                         "\"partitionKey\": \"STATUS#${orderStatus}\"", "\"partitionKey\": \"CUSTOMER#${orderStatus}\"",
                                         "\"filter\": \"amount > :minTotal\"", "\"filter\": \"orderId <> :minTotal\"",
                                         "\"orderStatus\": \"SHIPPED\", \"minTotal\"", "\"orderStatus\": \"c1\", \"minTotal\"",
                                         NULL);
    add_index (d, "ByDate", KS_INDEX_LSI, "PK", KS_TYPE_S, "createdAt", KS_TYPE_S, KS_PROJECTION_KEYS_ONLY);
    p = expect_rule (d, "filter-on-unprojected", KS_SEVERITY_WARNING, &out);
    g_assert_nonnull (strstr (p->message, "LSI ByDate"));
  }
}

/* Warnings -------------------------------------------------------------- */

static void
test_hot_partition (void)
{
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p;

  {
    /* every order in one GSI1 partition at 2,000 writes/s */
    g_autoptr(KsDesign) d = load_edited ("\"GSI1PK\": \"STATUS#${orderStatus}\"", "\"GSI1PK\": \"ORDERS\"",
                                         "\"expectedItems\": 20000, \"writesPerSecond\": 5", "\"expectedItems\": 20000, \"writesPerSecond\": 2000",
                                         "\"partitionKey\": \"STATUS#${orderStatus}\"", "\"partitionKey\": \"ORDERS\"",
                                         NULL);
    p = expect_rule (d, "hot-partition", KS_SEVERITY_WARNING, &out);
    g_assert_cmpstr (p->path, ==, "entities[1].keys.GSI1PK");
    g_assert_nonnull (strstr (p->message, "2000 WCU/s"));
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    /* few partitions for many items, at a modest write rate */
    g_autoptr(KsDesign) d = load_edited ("\"GSI1PK\": \"STATUS#${orderStatus}\"", "\"GSI1PK\": \"ORDERS\"",
                                         "\"expectedItems\": 20000, \"writesPerSecond\": 5", "\"expectedItems\": 5000000, \"writesPerSecond\": 5",
                                         "\"partitionKey\": \"STATUS#${orderStatus}\"", "\"partitionKey\": \"ORDERS\"",
                                         NULL);
    p = expect_rule (d, "hot-partition", KS_SEVERITY_WARNING, &out);
    g_assert_nonnull (strstr (p->message, "5000000 expected items in 1 partition"));
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    /* a read pattern on a constant key: 4,000 × 1 RCU on one partition */
    g_autoptr(KsDesign) d = load_edited ("\"parameters\": {\"customerId\": \"c2\"}, \"requestsPerSecond\": 5",
                                         "\"parameters\": {\"customerId\": \"c2\"}, \"requestsPerSecond\": 8000",
                                         "\"partitionKey\": \"CUSTOMER#${customerId}\", \"sortKey\": {\"op\": \"=\"",
                                         "\"partitionKey\": \"CUSTOMER#c2\", \"sortKey\": {\"op\": \"=\"",
                                         NULL);
    p = expect_rule (d, "hot-partition", KS_SEVERITY_WARNING, &out);
    g_assert_cmpstr (p->path, ==, "accessPatterns[1].partitionKey");
  }
}

static void
test_unpadded_number (void)
{
  g_autoptr(KsDesign) d = load_edited ("\"GSI1SK\": \"${createdAt}\"", "\"GSI1SK\": \"TOTAL#${amount}\"", NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "unpadded-number", KS_SEVERITY_WARNING, &out);

  g_assert_cmpstr (p->path, ==, "entities[1].keys.GSI1SK");
  g_assert_nonnull (strstr (p->message, "${amount|pad:N}"));

  /* padded, it is quiet */
  {
    g_autoptr(KsDesign) ok = load_edited ("\"GSI1SK\": \"${createdAt}\"", "\"GSI1SK\": \"TOTAL#${amount|pad:6}\"", NULL);
    g_autoptr(GPtrArray) problems = lint (ok);
    g_assert_null (find_rule (problems, "unpadded-number"));
  }
}

static void
test_unsortable_timestamp (void)
{
  g_autoptr(KsDesign) d = load_edited ("\"createdAt\": \"2026-03-02T11:30:00Z\"", "\"createdAt\": \"3/2/2026 11:30\"", NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "unsortable-timestamp", KS_SEVERITY_WARNING, &out);

  g_assert_cmpstr (p->path, ==, "entities[1].keys.GSI1SK");
  g_assert_nonnull (strstr (p->message, "3/2/2026 11:30"));

  /* mixed UTC offsets break the order too */
  {
    g_autoptr(KsDesign) d2 = load_edited ("\"createdAt\": \"2026-03-02T11:30:00Z\"", "\"createdAt\": \"2026-03-02T11:30:00+02:00\"", NULL);
    g_autoptr(GPtrArray) out2 = NULL;
    expect_rule (d2, "unsortable-timestamp", KS_SEVERITY_WARNING, &out2);
  }
}

static void
test_ambiguous_prefix (void)
{
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p;

  {
    g_autoptr(KsDesign) d = load_edited ("\"value\": \"ORDER#\"", "\"value\": \"ORDER\"", NULL);
    p = expect_rule (d, "ambiguous-prefix", KS_SEVERITY_WARNING, &out);
    g_assert_cmpstr (p->path, ==, "accessPatterns[0].sortKey");
    g_assert_nonnull (strstr (p->message, "\"ORDER#\""));
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    /* ORDER#o1 also matches ORDER#o10 */
    g_autoptr(KsDesign) d = load_edited ("\"value\": \"ORDER#\"", "\"value\": \"ORDER#${orderId}\"",
                                         "\"parameters\": {\"customerId\": \"c1\"}", "\"parameters\": {\"customerId\": \"c1\", \"orderId\": \"o1\"}",
                                         "\"orderId\": \"o2\"", "\"orderId\": \"o10\"",
                                         NULL);
    p = expect_rule (d, "ambiguous-prefix", KS_SEVERITY_WARNING, &out);
    g_assert_nonnull (strstr (p->message, "ORDER#o10"));
  }
}

static void
test_entity_collision (void)
{
  /* a Customer SK without type prefix can equal an Order's */
  g_autoptr(KsDesign) d = load_edited ("\"SK\": \"PROFILE\"", "\"SK\": \"${email}\"",
                                       "\"sortKey\": {\"op\": \"=\", \"value\": \"PROFILE\"}", "\"sortKey\": {\"op\": \"=\", \"value\": \"b@example.com\"}",
                                       NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "entity-collision", KS_SEVERITY_WARNING, &out);

  g_assert_cmpstr (p->path, ==, "entities[1].keys.SK");
  g_assert_nonnull (strstr (p->message, "Customer and Order"));
}

static void
test_item_near_limit (void)
{
  g_autoptr(KsDesign) d = load_edited (NULL);
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *big = g_strnfill (380000, 'x');
  KsProblem *p;

  set_string_attribute (ks_design_find_entity (d, "Customer"), 1, "email", big);
  p = expect_rule (d, "item-near-limit", KS_SEVERITY_WARNING, &out);
  g_assert_cmpstr (p->path, ==, "entities[0].items[1]");
  g_assert_null (find_rule (out, "item-too-large"));
}

static void
test_reserved_word (void)
{
  g_autoptr(KsDesign) d = load_edited ("{\"name\": \"orderStatus\", \"type\": \"S\"}", "{\"name\": \"status\", \"type\": \"S\"}",
                                       "\"GSI1PK\": \"STATUS#${orderStatus}\"", "\"GSI1PK\": \"STATUS#${status}\"",
                                       "\"orderStatus\": \"SHIPPED\", \"createdAt\": \"2026-03-01", "\"status\": \"SHIPPED\", \"createdAt\": \"2026-03-01",
                                       "\"orderStatus\": \"PENDING\"", "\"status\": \"PENDING\"",
                                       "\"orderStatus\": \"SHIPPED\", \"createdAt\": \"2026-03-03", "\"status\": \"SHIPPED\", \"createdAt\": \"2026-03-03",
                                       NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "reserved-word", KS_SEVERITY_WARNING, &out);

  g_assert_cmpstr (p->path, ==, "entities[1].attributes[2]");
  g_assert_cmpstr (p->attribute, ==, "status");
}

static void
test_unused_index (void)
{
  g_autoptr(KsDesign) d = load_edited ("\"index\": \"GSI1\"", "\"index\": null",
                                       "\"partitionKey\": \"STATUS#${orderStatus}\", \"filter\": \"amount > :minTotal\"",
                                       "\"partitionKey\": \"CUSTOMER#${orderStatus}\", \"filter\": \"amount > :minTotal\"",
                                       "\"orderStatus\": \"SHIPPED\", \"minTotal\"", "\"orderStatus\": \"c2\", \"minTotal\"",
                                       NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p = expect_rule (d, "unused-index", KS_SEVERITY_WARNING, &out);

  g_assert_cmpstr (p->path, ==, "tables[0].indexes[0]");
}

static void
test_lsi_collection_size (void)
{
  /* 100 million orders under one constant partition key, with an LSI */
  g_autoptr(KsDesign) d = load_edited ("\"PK\": \"CUSTOMER#${customerId}\", \"SK\": \"ORDER#${orderId}\"",
                                       "\"PK\": \"ORDERS\", \"SK\": \"ORDER#${orderId}\"",
                                       "\"expectedItems\": 20000, \"writesPerSecond\": 5", "\"expectedItems\": 100000000, \"writesPerSecond\": 5",
                                       NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p;

  add_index (d, "ByDate", KS_INDEX_LSI, "PK", KS_TYPE_S, "createdAt", KS_TYPE_S, KS_PROJECTION_KEYS_ONLY);
  p = expect_rule (d, "lsi-collection-size", KS_SEVERITY_WARNING, &out);
  g_assert_cmpstr (p->path, ==, "entities[1].keys.PK");
  g_assert_nonnull (strstr (p->message, "ItemCollectionSizeLimitExceededException"));
}

/* Advice -------------------------------------------------------------------- */

static void
test_over_projection (void)
{
  /* 3 KB orders copied whole into GSI1: 3 WCU there instead of 1 */
  g_autoptr(KsDesign) d = load_edited ("\"projection\": {\"type\": \"INCLUDE\", \"attributes\": [\"amount\"]}",
                                       "\"projection\": {\"type\": \"ALL\"}", NULL);
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *notes = g_strnfill (2500, 'n');
  KsEntity *order = ks_design_find_entity (d, "Order");
  KsProblem *p;

  for (guint i = 0; i < ks_entity_get_n_items (order); i++)
    set_string_attribute (order, i, "notes", notes);
  p = expect_rule (d, "over-projection", KS_SEVERITY_INFO, &out);
  g_assert_cmpstr (p->path, ==, "tables[0].indexes[0]");
  g_assert_nonnull (strstr (p->message, "3 WCU there, 1 with KEYS_ONLY"));
}

static void
test_write_amplification (void)
{
  g_autoptr(KsDesign) d = load_edited ("\"GSI1SK\": \"${createdAt}\"}",
                                       "\"GSI1SK\": \"${createdAt}\", \"GSI2PK\": \"ORDER#${orderId}\"}",
                                       NULL);
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p;

  add_index (d, "GSI2", KS_INDEX_GSI, "GSI2PK", KS_TYPE_S, NULL, KS_TYPE_S, KS_PROJECTION_KEYS_ONLY);
  p = expect_rule (d, "write-amplification", KS_SEVERITY_INFO, &out);
  g_assert_cmpstr (p->path, ==, "entities[1]");
  g_assert_nonnull (strstr (p->message, "1 WCU on the table and 2 on its indexes"));
}

static void
test_ttl_not_number (void)
{
  g_autoptr(GPtrArray) out = NULL;
  KsProblem *p;

  {
    g_autoptr(KsDesign) d = load_edited ("\"typeAttribute\": \"entityType\"", "\"typeAttribute\": \"entityType\", \"ttlAttribute\": \"expiresAt\"", NULL);
    set_string_attribute (ks_design_find_entity (d, "Order"), 2, "expiresAt", "2026-04-01");
    p = expect_rule (d, "ttl-not-number", KS_SEVERITY_INFO, &out);
    g_assert_cmpstr (p->path, ==, "entities[1].items[2]");
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    /* epoch milliseconds instead of seconds */
    g_autoptr(KsDesign) d = load_edited ("\"typeAttribute\": \"entityType\"", "\"typeAttribute\": \"entityType\", \"ttlAttribute\": \"expiresAt\"", NULL);
    KsEntity *order = ks_design_find_entity (d, "Order");
    KsItem *item = ks_entity_get_item (order, 0);
    ks_entity_set_item_values (order, item, ks_map_set (ks_item_get_values (item), "expiresAt",
                                                        ks_value_new_number_int (1774000000000)));
    p = expect_rule (d, "ttl-not-number", KS_SEVERITY_INFO, &out);
    g_assert_nonnull (strstr (p->message, "milliseconds"));
    g_clear_pointer (&out, g_ptr_array_unref);
  }
  {
    /* epoch seconds are right */
    g_autoptr(KsDesign) d = load_edited ("\"typeAttribute\": \"entityType\"", "\"typeAttribute\": \"entityType\", \"ttlAttribute\": \"expiresAt\"", NULL);
    KsEntity *order = ks_design_find_entity (d, "Order");
    KsItem *item = ks_entity_get_item (order, 0);
    g_autoptr(GPtrArray) problems = NULL;
    ks_entity_set_item_values (order, item, ks_map_set (ks_item_get_values (item), "expiresAt",
                                                        ks_value_new_number_int (1774000000)));
    problems = lint (d);
    g_assert_null (find_rule (problems, "ttl-not-number"));
  }
}

static void
test_pattern_scan (void)
{
  g_autoptr(KsDesign) d = load_edited (NULL);
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(KsPattern) scan = ks_pattern_new ("All orders");
  const char *expects[] = { "Order", "Customer", NULL };
  KsProblem *p;

  ks_pattern_set_table (scan, "Shop");
  ks_pattern_set_expects (scan, expects);
  g_list_store_append (ks_design_get_patterns (d), scan);
  p = expect_rule (d, "pattern-scan", KS_SEVERITY_WARNING, &out);
  g_assert_cmpstr (p->path, ==, "accessPatterns[3]");
}

/* The CLI keeps its contract: FILE: severity: rule-id: message, exit 1. */
static void
test_cli_validate (void)
{
  const char *cli = g_getenv ("KS_CLI");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (clean_design);
  int status = 0;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("keyshape-cli not built (KS_CLI)");
      return;
    }
  dir = g_dir_make_tmp ("ks-lint-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bad.keyshape.json", NULL);
  g_string_replace (text, "ORDER#${orderId}\",", "ORDER#${orderNo}\",", 1);
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { cli, "validate", path, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
  }
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
  {
    g_autofree char *expected = g_strdup_printf ("%s: error: template-unknown-attribute: ", path);
    g_assert_true (g_str_has_prefix (out, expected));
  }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyshape/lint/clean", test_clean);
  g_test_add_func ("/keyshape/lint/template-syntax", test_template_syntax);
  g_test_add_func ("/keyshape/lint/template-unknown-attribute", test_template_unknown_attribute);
  g_test_add_func ("/keyshape/lint/linter-steps", test_linter_steps);
  g_test_add_func ("/keyshape/lint/key-missing", test_key_missing);
  g_test_add_func ("/keyshape/lint/key-type-mismatch", test_key_type_mismatch);
  g_test_add_func ("/keyshape/lint/key-empty", test_key_empty);
  g_test_add_func ("/keyshape/lint/key-too-long", test_key_too_long);
  g_test_add_func ("/keyshape/lint/item-too-large", test_item_too_large);
  g_test_add_func ("/keyshape/lint/item-too-large-lsi", test_item_too_large_with_lsi);
  g_test_add_func ("/keyshape/lint/duplicate-primary-key", test_duplicate_primary_key);
  g_test_add_func ("/keyshape/lint/index-limit", test_index_limit);
  g_test_add_func ("/keyshape/lint/key-schema", test_key_schema);
  g_test_add_func ("/keyshape/lint/name-invalid", test_name_invalid);
  g_test_add_func ("/keyshape/lint/pattern-unserved", test_pattern_unserved);
  g_test_add_func ("/keyshape/lint/pattern-wrong-results", test_pattern_wrong_results);
  g_test_add_func ("/keyshape/lint/pattern-invalid", test_pattern_invalid);
  g_test_add_func ("/keyshape/lint/filter-on-unprojected", test_filter_on_unprojected);
  g_test_add_func ("/keyshape/lint/hot-partition", test_hot_partition);
  g_test_add_func ("/keyshape/lint/unpadded-number", test_unpadded_number);
  g_test_add_func ("/keyshape/lint/unsortable-timestamp", test_unsortable_timestamp);
  g_test_add_func ("/keyshape/lint/ambiguous-prefix", test_ambiguous_prefix);
  g_test_add_func ("/keyshape/lint/entity-collision", test_entity_collision);
  g_test_add_func ("/keyshape/lint/item-near-limit", test_item_near_limit);
  g_test_add_func ("/keyshape/lint/reserved-word", test_reserved_word);
  g_test_add_func ("/keyshape/lint/unused-index", test_unused_index);
  g_test_add_func ("/keyshape/lint/lsi-collection-size", test_lsi_collection_size);
  g_test_add_func ("/keyshape/lint/over-projection", test_over_projection);
  g_test_add_func ("/keyshape/lint/write-amplification", test_write_amplification);
  g_test_add_func ("/keyshape/lint/ttl-not-number", test_ttl_not_number);
  g_test_add_func ("/keyshape/lint/pattern-scan", test_pattern_scan);
  g_test_add_func ("/keyshape/lint/cli-validate", test_cli_validate);

  return g_test_run ();
}
