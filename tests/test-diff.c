/* test-diff.c: what changed between two designs, and the backfill
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "ks-diff.h"
#include "ks-engine.h"
#include "ks-io.h"

typedef struct
{
  KsDesign *old_design;
  KsDesign *new_design;
  KsEngine *old_engine;
  KsEngine *new_engine;
} Fixture;

/* A frozen copy of the e-commerce template (the bundled one evolves; the
 * counts below are of this one) */
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

/* Two independent copies of the design, each with its engine */
static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->old_design = load_design ("diff-shop.keyshape.json");
  f->new_design = load_design ("diff-shop.keyshape.json");
  f->old_engine = ks_engine_new (f->old_design);
  f->new_engine = ks_engine_new (f->new_design);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->old_engine);
  g_clear_object (&f->new_engine);
  g_clear_object (&f->old_design);
  g_clear_object (&f->new_design);
}

static KsDiffChange *
find_change (KsDiff *diff, KsDiffSubject subject, const char *path, const char *field)
{
  for (guint i = 0; i < diff->changes->len; i++)
    {
      KsDiffChange *c = g_ptr_array_index (diff->changes, i);
      if (c->subject == subject && g_str_equal (c->path, path) && g_strcmp0 (c->field, field) == 0)
        return c;
    }
  return NULL;
}

static KsDiffBackfill *
find_backfill (KsDiff *diff, const char *index)
{
  for (guint i = 0; i < diff->backfill->len; i++)
    {
      KsDiffBackfill *b = g_ptr_array_index (diff->backfill, i);
      if (g_strcmp0 (b->index, index) == 0)
        return b;
    }
  return NULL;
}

static KsDiffPatternResult *
find_result (KsDiff *diff, const char *pattern)
{
  for (guint i = 0; i < diff->patterns->len; i++)
    {
      KsDiffPatternResult *r = g_ptr_array_index (diff->patterns, i);
      if (g_str_equal (r->pattern, pattern))
        return r;
    }
  return NULL;
}

static KsEntity *
entity (KsDesign *design, const char *name)
{
  KsEntity *e = ks_design_find_entity (design, name);
  g_assert_nonnull (e);
  return e;
}

static KsTable *
shop_table (KsDesign *design)
{
  KsTable *table = ks_design_find_table (design, "ShopOrders");
  g_assert_nonnull (table);
  return table;
}

/* Equal designs: nothing to report */
static void
test_equal (Fixture *f, gconstpointer data)
{
  g_autoptr(KsDiff) diff = ks_diff_new (f->old_engine, f->new_engine);
  g_autoptr(JsonNode) json = ks_diff_to_json (diff);
  g_autofree char *text = ks_diff_to_text (diff);

  g_assert_true (ks_diff_is_empty (diff));
  g_assert_cmpuint (diff->changes->len, ==, 0);
  g_assert_cmpuint (diff->backfill->len, ==, 0);
  g_assert_cmpuint (diff->patterns->len, ==, 0);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (json), "equal"));
  g_assert_cmpstr (text, ==, "The designs are the same.\n");
}

/* The case: one changed template and one new GSI */
static void
test_template_and_gsi (Fixture *f, gconstpointer data)
{
  g_autoptr(KsKeySchema) keys = ks_key_schema_new_simple ("GSI4PK", KS_TYPE_S, "GSI4SK", KS_TYPE_S);
  g_autoptr(KsIndex) gsi4 = ks_index_new ("GSI4", KS_INDEX_GSI, keys);
  g_autoptr(KsDiff) diff = NULL;
  g_autofree char *text = NULL;
  KsDiffChange *c;
  KsDiffBackfill *b;
  KsDiffPatternResult *r;

  ks_entity_set_template (entity (f->new_design, "Order"), "GSI1PK", "ST#${status}");
  ks_index_set_projection (gsi4, KS_PROJECTION_ALL);
  g_list_store_append (ks_table_get_indexes (shop_table (f->new_design)), gsi4);
  ks_entity_set_template (entity (f->new_design, "Customer"), "GSI4PK", "EMAIL#${email}");
  ks_entity_set_template (entity (f->new_design, "Customer"), "GSI4SK", "CUSTOMER");

  diff = ks_diff_new (f->old_engine, f->new_engine);
  g_assert_false (ks_diff_is_empty (diff));

  c = find_change (diff, KS_DIFF_INDEX, "ShopOrders.GSI4", NULL);
  g_assert_nonnull (c);
  g_assert_cmpint (c->kind, ==, KS_DIFF_ADDED);
  g_assert_cmpstr (c->new_value, ==, "GSI; GSI4PK (S), GSI4SK (S); ALL");

  c = find_change (diff, KS_DIFF_TEMPLATE, "Order.keys.GSI1PK", NULL);
  g_assert_nonnull (c);
  g_assert_cmpint (c->kind, ==, KS_DIFF_CHANGED);
  g_assert_cmpstr (c->old_value, ==, "STATUS#${status}");
  g_assert_cmpstr (c->new_value, ==, "ST#${status}");
  g_assert_cmpint (c->n_items, ==, 22);   /* every order */

  c = find_change (diff, KS_DIFF_TEMPLATE, "Customer.keys.GSI4PK", NULL);
  g_assert_nonnull (c);
  g_assert_cmpint (c->kind, ==, KS_DIFF_ADDED);
  g_assert_cmpint (c->n_items, ==, 8);    /* every customer */
  g_assert_cmpuint (diff->changes->len, ==, 4);

  /* backfill: the new GSI gets the 8 customers, GSI1 re-keys 22 orders, the
   * table rewrites orders and customers (their GSI attributes changed) */
  b = find_backfill (diff, "GSI4");
  g_assert_nonnull (b);
  g_assert_cmpint (b->kind, ==, KS_DIFF_ADDED);
  g_assert_cmpuint (b->n_enter, ==, 8);
  g_assert_cmpuint (b->n_new, ==, 8);
  b = find_backfill (diff, "GSI1");
  g_assert_nonnull (b);
  g_assert_cmpuint (b->n_rekey, ==, 22);
  g_assert_cmpuint (b->n_enter + b->n_leave, ==, 0);
  g_assert_false (b->recreate);
  b = find_backfill (diff, NULL);
  g_assert_nonnull (b);
  g_assert_cmpuint (b->n_rewrite, ==, 30);
  g_assert_cmpuint (b->n_rekey, ==, 0);
  g_assert_null (find_backfill (diff, "GSI2"));
  g_assert_cmpuint (diff->backfill->len, ==, 3);

  /* the GSI1 patterns still ask for STATUS#… and now find nothing */
  r = find_result (diff, "Orders by status, oldest first");
  g_assert_nonnull (r);
  g_assert_cmpuint (r->old_count, ==, 6);
  g_assert_cmpuint (r->new_count, ==, 0);
  g_assert_cmpuint (r->n_lost, ==, 6);
  g_assert_false (r->request_changed);
  g_assert_nonnull (find_result (diff, "Large orders by status"));
  g_assert_null (find_result (diff, "Customer profile"));
  g_assert_cmpuint (diff->patterns->len, ==, 2);

  text = ks_diff_to_text (diff);
  g_assert_nonnull (strstr (text, "index ShopOrders.GSI4 added"));
  g_assert_nonnull (strstr (text, "template Order.keys.GSI1PK: STATUS#${status} → ST#${status} (22 sample items change GSI1PK)"));
  g_assert_nonnull (strstr (text, "ShopOrders.GSI4 (new index, 8 entries): 8 items enter"));
  g_assert_nonnull (strstr (text, "ShopOrders.GSI1: 22 items change keys"));
  g_assert_nonnull (strstr (text, "Orders by status, oldest first: 6 items → 0 items"));
}

/* A pattern's own changes: limit cuts the result, direction reverses it */
static void
test_pattern_results (Fixture *f, gconstpointer data)
{
  KsPattern *limited = ks_design_find_pattern (f->new_design, "Orders by status, oldest first");
  KsPattern *reversed = ks_design_find_pattern (f->new_design, "Orders of a customer, newest first");
  g_autoptr(KsDiff) diff = NULL;
  KsDiffPatternResult *r;
  KsDiffChange *c;

  ks_pattern_set_limit (limited, 2);
  ks_pattern_set_scan_forward (reversed, TRUE);
  diff = ks_diff_new (f->old_engine, f->new_engine);

  c = find_change (diff, KS_DIFF_PATTERN, "Orders by status, oldest first", "limit");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->old_value, ==, "50");
  g_assert_cmpstr (c->new_value, ==, "2");
  g_assert_nonnull (find_change (diff, KS_DIFF_PATTERN, "Orders of a customer, newest first", "direction"));
  g_assert_cmpuint (diff->backfill->len, ==, 0);   /* no data moves */

  r = find_result (diff, "Orders by status, oldest first");
  g_assert_nonnull (r);
  g_assert_cmpuint (r->new_count, ==, 2);
  g_assert_cmpuint (r->n_lost, ==, 4);
  g_assert_cmpuint (r->n_gained, ==, 0);
  g_assert_true (r->request_changed);

  r = find_result (diff, "Orders of a customer, newest first");
  g_assert_nonnull (r);
  g_assert_true (r->reordered);
  g_assert_cmpuint (r->n_lost + r->n_gained, ==, 0);
  g_assert_cmpuint (diff->patterns->len, ==, 2);
}

/* Dropped index, changed projection, edited sample item */
static void
test_index_and_items (Fixture *f, gconstpointer data)
{
  KsTable *table = shop_table (f->new_design);
  GListStore *indexes = ks_table_get_indexes (table);
  KsEntity *order = entity (f->new_design, "Order");
  KsItem *first = ks_entity_get_item (order, 0);
  g_autoptr(KsDiff) diff = NULL;
  g_autoptr(JsonNode) json = NULL;
  KsDiffBackfill *b;
  KsDiffChange *c;
  KsDiffPatternResult *r;
  guint position;

  g_assert_true (g_list_store_find (indexes, ks_table_find_index (table, "GSI3"), &position));
  g_list_store_remove (indexes, position);
  ks_index_set_projection (ks_table_find_index (table, "GSI2"), KS_PROJECTION_ALL);
  /* ks_map_set takes the new value, ks_entity_set_item_values the map */
  ks_entity_set_item_values (order, first, ks_map_set (first->values, "status", ks_value_new_string ("SHIPPED", -1)));
  diff = ks_diff_new (f->old_engine, f->new_engine);

  c = find_change (diff, KS_DIFF_INDEX, "ShopOrders.GSI3", NULL);
  g_assert_nonnull (c);
  g_assert_cmpint (c->kind, ==, KS_DIFF_REMOVED);
  c = find_change (diff, KS_DIFF_INDEX, "ShopOrders.GSI2", "projection");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->old_value, ==, "KEYS_ONLY");
  g_assert_cmpstr (c->new_value, ==, "ALL");
  c = find_change (diff, KS_DIFF_ITEMS, "Order", NULL);
  g_assert_nonnull (c);
  g_assert_cmpint (c->n_items, ==, 2);   /* the edited item: one removed, one added */

  b = find_backfill (diff, "GSI3");
  g_assert_nonnull (b);
  g_assert_cmpint (b->kind, ==, KS_DIFF_REMOVED);
  g_assert_cmpuint (b->n_leave, ==, 8);
  b = find_backfill (diff, "GSI2");
  g_assert_nonnull (b);
  g_assert_true (b->recreate);
  g_assert_cmpuint (b->n_rekey, ==, 0);
  /* the edited order is no longer the same item: nothing else moves */
  g_assert_null (find_backfill (diff, "GSI1"));
  g_assert_null (find_backfill (diff, NULL));

  r = find_result (diff, "Top customers of a tier");
  g_assert_nonnull (r);
  g_assert_null (r->old_error);
  g_assert_nonnull (r->new_error);   /* its index is gone */

  json = ks_diff_to_json (diff);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (json), "equal"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (json), "backfill")),
                    ==, diff->backfill->len);
}

/* keyshape-cli diff: exit status 0 equal, 1 different, 2 error */
static int
run_cli (const char *a, const char *b, gboolean json, char **out)
{
  const char *cli = g_getenv ("KS_CLI");
  const char *argv[] = { cli, "diff", a, b, json ? "--json" : NULL, NULL };
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               out, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static void
test_cli (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "diff-shop.keyshape.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *text = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  char *at;

  if (g_getenv ("KS_CLI") == NULL || !g_file_test (g_getenv ("KS_CLI"), G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("KS_CLI is not set");
      return;
    }
  dir = g_dir_make_tmp ("ks-diff-XXXXXX", &error);
  g_assert_no_error (error);
  copy = g_build_filename (dir, "new.keyshape.json", NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  at = strstr (text, "\"GSI1PK\": \"STATUS#${status}\"");
  g_assert_nonnull (at);
  changed = g_strdup_printf ("%.*s\"GSI1PK\": \"ST#${status}\"%s", (int) (at - text), text,
                             at + strlen ("\"GSI1PK\": \"STATUS#${status}\""));
  g_file_set_contents (copy, changed, -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (run_cli (path, path, FALSE, &out), ==, 0);
  g_assert_cmpstr (out, ==, "The designs are the same.\n");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (path, copy, FALSE, &out), ==, 1);
  g_assert_nonnull (strstr (out, "Order.keys.GSI1PK"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (path, copy, TRUE, &out), ==, 1);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (json_parser_get_root (parser)), "equal"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (path, "no-such-design.json", FALSE, &out), ==, 2);
  g_clear_pointer (&out, g_free);

  g_unlink (copy);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/keyshape/diff/equal", Fixture, NULL, fixture_set_up, test_equal, fixture_tear_down);
  g_test_add ("/keyshape/diff/template-and-gsi", Fixture, NULL, fixture_set_up, test_template_and_gsi, fixture_tear_down);
  g_test_add ("/keyshape/diff/pattern-results", Fixture, NULL, fixture_set_up, test_pattern_results, fixture_tear_down);
  g_test_add ("/keyshape/diff/index-and-items", Fixture, NULL, fixture_set_up, test_index_and_items, fixture_tear_down);
  g_test_add_func ("/keyshape/diff/cli", test_cli);
  return g_test_run ();
}
