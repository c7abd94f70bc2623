/* test-engine.c: the recompute engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ks-design.h"
#include "ks-engine-private.h"

static void
add_attr (KsEntity *e, const char *name, KsType type)
{
  g_autoptr(KsAttribute) a = ks_attribute_new (name, type);
  g_list_store_append (ks_entity_get_attributes (e), a);
}

static KsValue *
order_values (GRand *rand, guint i)
{
  KsMapBuilder *b = ks_map_builder_new (8);
  char buf[64];

  g_snprintf (buf, sizeof buf, "c%03d", g_rand_int_range (rand, 0, 20));
  ks_map_builder_add (b, "customerId", ks_value_new_string (buf, -1));
  g_snprintf (buf, sizeof buf, "o%05u", i);
  ks_map_builder_add (b, "orderId", ks_value_new_string (buf, -1));
  if (g_rand_boolean (rand))
    ks_map_builder_add (b, "status", ks_value_new_string (g_rand_boolean (rand) ? "SHIPPED" : "PENDING", -1));
  ks_map_builder_add (b, "total", ks_value_new_number_int (g_rand_int_range (rand, -50, 5000)));
  g_snprintf (buf, sizeof buf, "2026-%02d-%02dT10:00:00Z", g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
  ks_map_builder_add (b, "createdAt", ks_value_new_string (buf, -1));
  g_snprintf (buf, sizeof buf, "r%d", g_rand_int_range (rand, 0, 3));
  ks_map_builder_add (b, "region", ks_value_new_string (buf, -1));
  return ks_map_builder_end (b);
}

static KsDesign *
make_design (GRand *rand, guint n_orders, guint n_customers)
{
  KsDesign *d = ks_design_new ();
  g_autoptr(KsKeySchema) tk = ks_key_schema_new_simple ("PK", KS_TYPE_S, "SK", KS_TYPE_S);
  g_autoptr(KsTable) table = ks_table_new ("Shop", tk);
  g_autoptr(KsKeySchema) g1 = ks_key_schema_new_simple ("GSI1PK", KS_TYPE_S, "GSI1SK", KS_TYPE_S);
  g_autoptr(KsKeySchema) g2 = ks_key_schema_new_simple ("GSI2PK", KS_TYPE_S, "total", KS_TYPE_N);
  g_autoptr(KsKeySchema) l1 = ks_key_schema_new_simple ("PK", KS_TYPE_S, "createdAt", KS_TYPE_S);
  g_autoptr(KsKeySchema) multi = ks_key_schema_new ();
  g_autoptr(KsIndex) i1 = NULL, i2 = NULL, i3 = NULL, i4 = NULL;
  g_autoptr(KsEntity) order = ks_entity_new ("Order", "Shop");
  g_autoptr(KsEntity) customer = ks_entity_new ("Customer", "Shop");
  const char *inc[] = { "total", NULL };

  ks_key_schema_add_pk (multi, "region", KS_TYPE_S);
  ks_key_schema_add_pk (multi, "status", KS_TYPE_S);
  ks_key_schema_add_sk (multi, "total", KS_TYPE_N);
  ks_key_schema_add_sk (multi, "orderId", KS_TYPE_S);

  i1 = ks_index_new ("GSI1", KS_INDEX_GSI, g1);
  ks_index_set_projection (i1, KS_PROJECTION_INCLUDE);
  ks_index_set_include (i1, inc);
  i2 = ks_index_new ("ByTotal", KS_INDEX_GSI, g2);
  ks_index_set_projection (i2, KS_PROJECTION_KEYS_ONLY);
  i3 = ks_index_new ("ByDate", KS_INDEX_LSI, l1);
  i4 = ks_index_new ("ByRegionStatus", KS_INDEX_GSI, multi);
  g_list_store_append (ks_table_get_indexes (table), i1);
  g_list_store_append (ks_table_get_indexes (table), i2);
  g_list_store_append (ks_table_get_indexes (table), i3);
  g_list_store_append (ks_table_get_indexes (table), i4);
  g_list_store_append (ks_design_get_tables (d), table);

  add_attr (order, "customerId", KS_TYPE_S);
  add_attr (order, "orderId", KS_TYPE_S);
  add_attr (order, "status", KS_TYPE_S);
  add_attr (order, "total", KS_TYPE_N);
  add_attr (order, "createdAt", KS_TYPE_S);
  add_attr (order, "region", KS_TYPE_S);
  ks_entity_set_template (order, "PK", "CUSTOMER#${customerId}");
  ks_entity_set_template (order, "SK", "ORDER#${orderId}");
  ks_entity_set_template (order, "GSI1PK", "STATUS#${status}");
  ks_entity_set_template (order, "GSI1SK", "${createdAt}#${orderId}");
  ks_entity_set_template (order, "GSI2PK", "TOTALS");
  for (guint i = 0; i < n_orders; i++)
    {
      g_autoptr(KsItem) item = ks_item_new (order_values (rand, i));
      ks_entity_append_item (order, item);
    }

  add_attr (customer, "customerId", KS_TYPE_S);
  add_attr (customer, "name", KS_TYPE_S);
  ks_entity_set_template (customer, "PK", "CUSTOMER#${customerId}");
  ks_entity_set_template (customer, "SK", "PROFILE");
  for (guint i = 0; i < n_customers; i++)
    {
      KsMapBuilder *b = ks_map_builder_new (2);
      g_autofree char *id = g_strdup_printf ("c%03u", i);
      g_autoptr(KsItem) item = NULL;
      ks_map_builder_add (b, "customerId", ks_value_new_string (id, -1));
      ks_map_builder_add (b, "name", ks_value_new_string ("Ana", -1));
      item = ks_item_new (ks_map_builder_end (b));
      ks_entity_append_item (customer, item);
    }
  g_list_store_append (ks_design_get_entities (d), order);
  g_list_store_append (ks_design_get_entities (d), customer);
  return d;
}

static void
assert_sorted (KsView *view)
{
  for (guint i = 1; i < ks_view_get_n_entries (view); i++)
    g_assert_cmpint (ks_view_compare_entries (view, ks_view_get_entry (view, i - 1),
                                              ks_view_get_entry (view, i)), <=, 0);
}

static void
test_full (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  g_autoptr(KsDesign) d = make_design (rand, 200, 20);
  g_autoptr(KsEngine) engine = ks_engine_new (d);
  KsView *table = ks_engine_get_view (engine, "Shop", NULL);
  KsView *gsi1 = ks_engine_find_view (engine, "GSI1");
  KsView *bytotal = ks_engine_find_view (engine, "ByTotal");
  KsView *multi = ks_engine_find_view (engine, "ByRegionStatus");
  guint with_status = 0;
  KsEntity *order = ks_design_find_entity (d, "Order");

  g_assert_nonnull (table);
  g_assert_cmpuint (ks_view_get_n_entries (table), ==, 220);
  g_assert_cmpuint (ks_engine_get_views (engine)->len, ==, 5);
  for (guint i = 0; i < ks_entity_get_n_items (order); i++)
    if (ks_value_lookup (ks_entity_get_item (order, i)->values, "status"))
      with_status++;
  /* sparse: only orders with a status are in GSI1 */
  g_assert_cmpuint (ks_view_get_n_entries (gsi1), ==, with_status);
  g_assert_cmpuint (ks_view_get_n_entries (multi), ==, with_status);
  g_assert_cmpuint (ks_view_get_n_entries (bytotal), ==, 200);
  assert_sorted (table);
  assert_sorted (gsi1);
  assert_sorted (bytotal);
  assert_sorted (multi);

  /* ByTotal sorts numerically */
  {
    const KsEntry *first = ks_view_get_entry (bytotal, 0);
    const KsEntry *last = ks_view_get_entry (bytotal, ks_view_get_n_entries (bytotal) - 1);
    g_assert_cmpfloat (ks_value_get_double (first->sk), <=, ks_value_get_double (last->sk));
  }

  /* partitions */
  {
    g_autoptr(KsValue) pk = ks_value_new_string ("CUSTOMER#c003", -1);
    guint start, end;
    g_assert_true (ks_view_find_partition (table, pk, &start, &end));
    for (guint i = start; i < end; i++)
      g_assert_true (ks_value_equal (ks_view_get_entry (table, i)->pk, pk));
    /* the customer profile sorts after ORDER# entries? "ORDER#" < "PROFILE" */
    g_assert_cmpstr (ks_value_get_string (ks_view_get_entry (table, end - 1)->sk, NULL), ==, "PROFILE");
    g_assert_cmpuint (ks_view_get_n_partitions (table), ==, 20);
  }

  /* projections */
  {
    const KsEntry *e = ks_view_get_entry (gsi1, 0);
    g_autoptr(KsValue) p = ks_view_project (gsi1, e->item);
    g_assert_nonnull (ks_value_lookup (p, "PK"));
    g_assert_nonnull (ks_value_lookup (p, "GSI1SK"));
    g_assert_nonnull (ks_value_lookup (p, "total"));
    g_assert_null (ks_value_lookup (p, "region"));
    g_assert_false (ks_view_projects (gsi1, "region"));
    g_assert_true (ks_view_projects (table, "region"));
  }

  /* final items carry the type attribute */
  {
    KsItem *item = ks_entity_get_item (order, 0);
    KsValue *t = ks_value_lookup (item->final, "_type");
    g_assert_cmpstr (ks_value_get_string (t, NULL), ==, "Order");
    g_assert_cmpuint (item->size, ==, ks_item_size (item->final));
    g_assert_true (ks_view_find_item (table, item, NULL));
  }
}

/* An item's size, kept up from its own values' size and its keys, is
 * the size of its final attributes. */
static void
assert_size (gpointer data, gpointer user_data)
{
  KsItem *item = data;

  if (item->final != NULL)
    g_assert_cmpuint (item->size, ==, ks_item_size (item->final));
}

static void
assert_incremental_equals_full (KsDesign *d, KsEngine *engine)
{
  g_autoptr(KsDesign) copy = _ks_engine_copy_design (d);
  g_autoptr(KsEngine) fresh = NULL;
  g_autofree char *why = NULL;

  ks_engine_flush (engine);
  fresh = ks_engine_new (copy);
  if (!_ks_engine_views_equal (engine, fresh, &why))
    g_error ("incremental state differs from a full recompute: %s", why);
  for (guint v = 0; v < ks_engine_get_views (engine)->len; v++)
    assert_sorted (g_ptr_array_index (ks_engine_get_views (engine), v));
  ks_engine_foreach_item (engine, assert_size, NULL);
  ks_engine_foreach_item (fresh, assert_size, NULL);
}

static void
random_edit (GRand *rand, KsDesign *d, guint *serial)
{
  KsEntity *order = ks_design_find_entity (d, "Order");
  KsEntity *customer = ks_design_find_entity (d, "Customer");
  guint n = ks_entity_get_n_items (order);

  int kind = g_rand_int_range (rand, 0, 7);
  if (g_getenv ("KS_DEBUG_EDITS"))
    g_printerr ("edit %d\n", kind);
  switch (kind)
    {
    case 0: /* edit one item */
    case 1:
      if (n > 0)
        {
          KsItem *item = ks_entity_get_item (order, g_rand_int_range (rand, 0, n));
          KsValue *v = order_values (rand, g_rand_int_range (rand, 0, 100000));
          ks_entity_set_item_values (order, item, v);
        }
      break;
    case 2: /* add */
      {
        g_autoptr(KsItem) item = ks_item_new (order_values (rand, 100000 + (*serial)++));
        ks_entity_insert_item (order, g_rand_int_range (rand, 0, n + 1), item);
      }
      break;
    case 3: /* remove */
      if (n > 0)
        ks_entity_remove_item (order, g_rand_int_range (rand, 0, n));
      break;
    case 4: /* template edit */
      {
        const char *sks[] = { "ORDER#${orderId}", "O#${createdAt}#${orderId}", "${orderId|upper}", "ORDER#${status}#${orderId}" };
        ks_entity_set_template (order, "SK", sks[g_rand_int_range (rand, 0, G_N_ELEMENTS (sks))]);
      }
      break;
    case 5: /* a sparse index key comes and goes */
      ks_entity_set_template (order, "GSI2PK", g_rand_boolean (rand) ? "TOTALS" : NULL);
      break;
    case 6: /* an item error: a missing table key */
      if (ks_entity_get_n_items (customer) > 0)
        {
          KsItem *item = ks_entity_get_item (customer, 0);
          KsValue *v = g_rand_boolean (rand)
                       ? ks_map_remove (item->values, "customerId")
                       : ks_map_set (item->values, "customerId", ks_value_new_string ("c000", -1));
          ks_entity_set_item_values (customer, item, v);
        }
      break;
    }
}

/* After random edit sequences, flushed one at a time or in batches, the
 * incremental state equals a full recompute. */
static void
test_incremental_equals_full (void)
{
  for (guint seed = 1; seed <= 12; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(KsDesign) d = make_design (rand, 150, 20);
      g_autoptr(KsEngine) engine = ks_engine_new (d);
      guint serial = 0;

      for (guint step = 0; step < 60; step++)
        {
          guint batch = g_rand_int_range (rand, 1, 4);
          for (guint b = 0; b < batch; b++)
            random_edit (rand, d, &serial);
          assert_incremental_equals_full (d, engine);
        }
    }
}

/* Everything an engine derived, as text: views entry by entry, and every
 * item's final attributes, size and error count. */
static char *
engine_snapshot (KsDesign *d, KsEngine *engine)
{
  GString *out = g_string_new (NULL);
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (d));
  GPtrArray *views = ks_engine_get_views (engine);

  ks_engine_flush (engine);
  for (guint v = 0; v < views->len; v++)
    {
      KsView *view = g_ptr_array_index (views, v);
      g_string_append_printf (out, "view %s: %u entries, %u partitions\n", ks_view_get_name (view),
                              ks_view_get_n_entries (view), ks_view_get_n_partitions (view));
      for (guint i = 0; i < ks_view_get_n_entries (view); i++)
        {
          const KsEntry *e = ks_view_get_entry (view, i);
          g_autofree char *pk = ks_value_to_display (e->pk);
          g_autofree char *sk = e->sk ? ks_value_to_display (e->sk) : g_strdup ("-");
          g_autofree char *tpk = ks_value_to_display (e->table_pk);
          g_string_append_printf (out, "  %s | %s | %s | %s\n", pk, sk, tpk, ks_entity_get_name (e->item->entity));
        }
    }
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        {
          KsItem *item = ks_entity_get_item (entity, i);
          g_autofree char *final = ks_value_to_display (item->final);
          g_string_append_printf (out, "%s[%u] %u %u %s\n", ks_entity_get_name (entity), i, item->size,
                                  item->errors ? item->errors->len : 0, final);
        }
    }
  return g_string_free (out, FALSE);
}

/* Large designs compute on two threads: the result equals the one-thread
 * computation, also with values shared between items and after a template
 * edit (run this under ThreadSanitizer or ASan to see the reference counts
 * hold). */
static void
test_parallel_equals_serial (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(KsDesign) d = make_design (rand, 4600, 100);
  KsEntity *order = ks_design_find_entity (d, "Order");
  g_autoptr(KsValue) shared = ks_value_new_string ("SHARED-REGION", -1);
  g_autoptr(KsEngine) engine = NULL;
  g_autofree char *parallel = NULL, *serial = NULL, *edited = NULL, *edited_serial = NULL;

  /* one value object in many items of both halves of the work */
  for (guint i = 0; i < ks_entity_get_n_items (order); i += 7)
    {
      KsItem *item = ks_entity_get_item (order, i);
      ks_entity_set_item_values (order, item, ks_map_set (item->values, "region", ks_value_ref (shared)));
    }
  /* and some items with errors */
  for (guint i = 3; i < ks_entity_get_n_items (order); i += 501)
    {
      KsItem *item = ks_entity_get_item (order, i);
      ks_entity_set_item_values (order, item, ks_map_remove (item->values, "customerId"));
    }

  engine = ks_engine_new (d);
  parallel = engine_snapshot (d, engine);
  /* both phases of the full recompute ran on two threads (on a machine
   * with more than one processor) */
  if (g_get_num_processors () > 1)
    g_assert_cmpuint (_ks_engine_get_parallel_runs (engine), ==, 2);
  _ks_engine_set_serial (engine, TRUE);
  ks_engine_recompute_full (engine);
  serial = engine_snapshot (d, engine);
  g_assert_cmpstr (parallel, ==, serial);
  g_assert_nonnull (strstr (parallel, "SHARED-REGION"));

  /* a template edit of the 4600-item entity, on two threads */
  _ks_engine_set_serial (engine, FALSE);
  ks_entity_set_template (order, "SK", "O#${region}#${createdAt}#${orderId}");
  edited = engine_snapshot (d, engine);
  if (g_get_num_processors () > 1)
    g_assert_cmpuint (_ks_engine_get_parallel_runs (engine), ==, 2 + 2);   /* compute, update the views
                                                                             (only the table's view reads
                                                                             SK: one drop job) */
  assert_incremental_equals_full (d, engine);
  _ks_engine_set_serial (engine, TRUE);
  ks_engine_recompute_full (engine);
  edited_serial = engine_snapshot (d, engine);
  g_assert_cmpstr (edited, ==, edited_serial);
  g_assert_cmpstr (edited, !=, serial);
}

/* A template edit of an entity whose entries are one run in a view (its
 * own key prefix): they come back in place, or move elsewhere, or mix
 * with another entity's; each time the state equals a full recompute. */
static void
test_template_edit_runs (void)
{
  g_autoptr(KsDesign) d = ks_design_new ();
  g_autoptr(KsKeySchema) tk = ks_key_schema_new_simple ("PK", KS_TYPE_S, "SK", KS_TYPE_S);
  g_autoptr(KsTable) table = ks_table_new ("T", tk);
  g_autoptr(KsEngine) engine = NULL;
  const char *names[] = { "A", "B" };
  const char *pks[] = { "A#${id}", "D#${id}", "A#${id}", "B#${id}a", "A#${id}x", "" };
  KsEntity *a;

  g_list_store_append (ks_design_get_tables (d), table);
  for (guint e = 0; e < G_N_ELEMENTS (names); e++)
    {
      g_autoptr(KsEntity) entity = ks_entity_new (names[e], "T");
      g_autofree char *pk = g_strdup_printf ("%s#${id}", names[e]);
      add_attr (entity, "id", KS_TYPE_S);
      ks_entity_set_template (entity, "PK", pk);
      ks_entity_set_template (entity, "SK", "ITEM");
      for (guint i = 0; i < 40; i++)
        {
          KsMapBuilder *b = ks_map_builder_new (1);
          g_autofree char *id = g_strdup_printf ("%02u", (i * 7) % 40);
          g_autoptr(KsItem) item = NULL;
          ks_map_builder_add (b, "id", ks_value_new_string (id, -1));
          item = ks_item_new (ks_map_builder_end (b));
          ks_entity_append_item (entity, item);
        }
      g_list_store_append (ks_design_get_entities (d), entity);
    }
  engine = ks_engine_new (d);
  a = ks_design_find_entity (d, "A");
  for (guint i = 0; i < G_N_ELEMENTS (pks); i++)
    {
      KsView *view = g_ptr_array_index (ks_engine_get_views (engine), 0);
      /* the last one leaves A's items without a key: they leave the view */
      g_test_message ("PK template %s", pks[i]);
      ks_entity_set_template (a, "PK", *pks[i] ? pks[i] : NULL);
      assert_incremental_equals_full (d, engine);
      assert_sorted (view);
      g_assert_cmpuint (ks_view_get_n_entries (view), ==, *pks[i] ? 80 : 40);
    }
}

/* A template edit leaves the indexes that do not read the edited key in
 * place: their entries only look their values up again, and entries that
 * tie on the index's keys are reordered by the table's new keys; an edit
 * that makes items lose a table key (an item error) takes them out of
 * every index. */
static void
test_template_edit_kept_views (void)
{
  g_autoptr(KsDesign) d = ks_design_new ();
  g_autoptr(KsKeySchema) tk = ks_key_schema_new_simple ("PK", KS_TYPE_S, "SK", KS_TYPE_S);
  g_autoptr(KsKeySchema) by_status = ks_key_schema_new_simple ("GPK", KS_TYPE_S, "status", KS_TYPE_S);
  g_autoptr(KsKeySchema) by_kind = ks_key_schema_new_simple ("status", KS_TYPE_S, "KIND", KS_TYPE_S);
  g_autoptr(KsKeySchema) multi = ks_key_schema_new ();
  g_autoptr(KsTable) table = ks_table_new ("T", tk);
  g_autoptr(KsIndex) i1 = ks_index_new ("ByStatus", KS_INDEX_GSI, by_status);
  g_autoptr(KsIndex) i2 = ks_index_new ("ByKind", KS_INDEX_GSI, by_kind);
  g_autoptr(KsIndex) i3 = NULL;
  g_autoptr(KsEntity) order = ks_entity_new ("Order", "T");
  g_autoptr(KsEngine) engine = NULL;
  const char *sks[] = { "O#${createdAt}#${orderId}", "O#${orderId}", "${orderId|upper}", "O#${status}#${orderId}",
                        "O#${orderId}" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  KsView *gsi1, *gsi2, *gsi3;

  ks_key_schema_add_pk (multi, "status", KS_TYPE_S);
  ks_key_schema_add_sk (multi, "KIND", KS_TYPE_S);
  ks_key_schema_add_sk (multi, "region", KS_TYPE_S);
  i3 = ks_index_new ("ByStatusKindRegion", KS_INDEX_GSI, multi);
  g_list_store_append (ks_table_get_indexes (table), i1);
  g_list_store_append (ks_table_get_indexes (table), i2);
  g_list_store_append (ks_table_get_indexes (table), i3);
  g_list_store_append (ks_design_get_tables (d), table);
  add_attr (order, "orderId", KS_TYPE_S);
  ks_entity_set_template (order, "PK", "ORDERS");
  ks_entity_set_template (order, "SK", "O#${orderId}");
  ks_entity_set_template (order, "GPK", "ALL");        /* one partition */
  ks_entity_set_template (order, "KIND", "ORDER");     /* a literal sort key */
  /* status has two values, in random order against orderId and
   * createdAt: most entries of ByStatus tie, and the table's sort key
   * orders them */
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(KsItem) item = ks_item_new (order_values (rand, (i * 37) % 300));
      ks_entity_append_item (order, item);
    }
  g_list_store_append (ks_design_get_entities (d), order);
  engine = ks_engine_new (d);
  gsi1 = ks_engine_find_view (engine, "ByStatus");
  gsi2 = ks_engine_find_view (engine, "ByKind");
  gsi3 = ks_engine_find_view (engine, "ByStatusKindRegion");
  g_assert_cmpuint (ks_view_get_n_entries (gsi1), >, 100);
  g_assert_cmpuint (ks_view_get_n_entries (gsi1), ==, ks_view_get_n_entries (gsi2));

  for (guint i = 0; i < G_N_ELEMENTS (sks); i++)
    {
      g_autofree char *before = NULL, *after = NULL;
      const KsEntry *first;

      g_test_message ("SK template %s", sks[i]);
      first = ks_view_get_entry (gsi1, 0);
      before = ks_value_to_display (first->table_sk);
      ks_entity_set_template (order, "SK", sks[i]);
      assert_incremental_equals_full (d, engine);
      /* the ties are ordered by the new sort key */
      first = ks_view_get_entry (gsi1, 0);
      after = ks_value_to_display (first->table_sk);
      g_assert_cmpstr (before, !=, after);
      g_assert_nonnull (ks_view_get_entry (gsi2, 0)->sk);
      g_assert_cmpstr (ks_value_get_string (ks_view_get_entry (gsi2, 0)->sk, NULL), ==, "ORDER");
      g_assert_cmpuint (ks_view_get_n_entries (gsi3), ==, ks_view_get_n_entries (gsi2));
    }

  /* items without status lose their table key: they leave every view */
  ks_entity_set_template (order, "SK", "O#${status}#${orderId}");
  ks_entity_set_template (order, "PK", "ORDERS#${status}");
  assert_incremental_equals_full (d, engine);
  ks_entity_set_template (order, "SK", "O#${orderId}");
  assert_incremental_equals_full (d, engine);
  g_assert_cmpuint (ks_view_get_n_entries (gsi1), ==, ks_view_get_n_entries (ks_engine_get_view (engine, "T", NULL)));
  ks_entity_set_template (order, "PK", "ORDERS");
  assert_incremental_equals_full (d, engine);
  g_assert_cmpuint (ks_view_get_n_entries (ks_engine_get_view (engine, "T", NULL)), ==, 300);
  /* an item edit and a template edit in one flush */
  {
    KsItem *item = ks_entity_get_item (order, 7);
    ks_entity_set_item_values (order, item, ks_map_set (item->values, "status", ks_value_new_string ("AAA", -1)));
    ks_entity_set_template (order, "SK", "O#${createdAt}#${orderId}");
    assert_incremental_equals_full (d, engine);
    g_assert_cmpstr (ks_value_get_string (ks_view_get_entry (gsi1, 0)->sk, NULL), ==, "AAA");
  }
}

/* The key phase alone (keyshape-bench's key throughput): every item's
 * final attributes, the views emptied until the next flush computes
 * them again. */
static void
test_compute_keys (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(KsDesign) d = make_design (rand, 300, 20);
  g_autoptr(KsEngine) engine = ks_engine_new (d);
  KsEntity *order = ks_design_find_entity (d, "Order");
  KsItem *item = ks_entity_get_item (order, 5);
  KsView *table = ks_engine_get_view (engine, "Shop", NULL);
  g_autofree char *before = ks_value_to_display (item->final);
  g_autofree char *after = NULL;

  for (guint r = 0; r < 2; r++)
    _ks_engine_compute_keys (engine);
  after = ks_value_to_display (item->final);
  g_assert_cmpstr (before, ==, after);
  g_assert_nonnull (ks_value_lookup (item->final, "PK"));
  /* an edit meanwhile is computed too */
  ks_entity_set_template (order, "SK", "O#${createdAt}#${orderId}");
  _ks_engine_compute_keys (engine);
  g_assert_true (g_str_has_prefix (ks_value_get_string (ks_value_lookup (item->final, "SK"), NULL), "O#2026-"));
  /* reading a view computes them again */
  g_assert_cmpuint (ks_view_get_n_entries (table), ==, 320);
  assert_incremental_equals_full (d, engine);
}

typedef struct
{
  guint calls;
  guint items;
  guint views;
  gboolean full;
} Seen;

static void
on_changed (KsEngine *engine, KsChangeSet *changes, Seen *seen)
{
  seen->calls++;
  seen->items += changes->items->len;
  seen->views += changes->views->len;
  seen->full |= changes->full;
}

static void
test_change_set (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(KsDesign) d = make_design (rand, 50, 5);
  g_autoptr(KsEngine) engine = ks_engine_new (d);
  KsEntity *customer = ks_design_find_entity (d, "Customer");
  KsItem *item = ks_entity_get_item (customer, 0);
  Seen seen = { 0 };

  g_signal_connect (engine, "changed", G_CALLBACK (on_changed), &seen);

  /* a non-key attribute of a customer: one item, the table view only
   * (customers are in no index) */
  ks_entity_set_item_values (customer, item, ks_map_set (item->values, "name", ks_value_new_string ("Bea", -1)));
  ks_engine_flush (engine);
  g_assert_cmpuint (seen.calls, ==, 1);
  g_assert_cmpuint (seen.items, ==, 1);
  g_assert_cmpuint (seen.views, ==, 1);   /* Shop only: customers have no createdAt for the LSI */
  g_assert_false (seen.full);

  /* nothing pending: no signal */
  ks_engine_flush (engine);
  g_assert_cmpuint (seen.calls, ==, 1);

  /* a structural edit is a full recompute */
  ks_table_set_type_attribute (ks_design_find_table (d, "Shop"), "kind");
  ks_engine_flush (engine);
  g_assert_true (seen.full);
  g_assert_cmpstr (ks_value_get_string (ks_value_lookup (item->final, "kind"), NULL), ==, "Customer");
}

static void
test_item_errors (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(KsDesign) d = make_design (rand, 5, 2);
  g_autoptr(KsEngine) engine = ks_engine_new (d);
  KsEntity *order = ks_design_find_entity (d, "Order");
  KsItem *item = ks_entity_get_item (order, 0);
  KsView *table = ks_engine_get_view (engine, "Shop", NULL);
  g_autoptr(KsValue) base = NULL;
  KsProblem *p;

  /* missing table key attribute: the template's attribute is absent */
  ks_entity_set_item_values (order, item, ks_map_remove (item->values, "customerId"));
  ks_engine_flush (engine);
  g_assert_true (ks_item_has_errors (item));
  p = g_ptr_array_index (item->errors, 0);
  g_assert_cmpstr (p->rule, ==, "key-missing");
  g_assert_cmpstr (p->message, ==, "One or more parameter values were invalid: Missing the key PK in the item");
  g_assert_false (ks_view_find_item (table, item, NULL));
  g_assert_cmpuint (ks_view_get_n_entries (table), ==, 6);

  /* wrong-typed index key value: the write would be rejected */
  g_clear_pointer (&base, ks_value_unref);
  base = order_values (rand, 9);
  ks_entity_set_item_values (order, item, ks_map_set (base, "total", ks_value_new_string ("12", -1)));
  ks_engine_flush (engine);
  g_assert_true (ks_item_has_errors (item));
  p = g_ptr_array_index (item->errors, 0);
  g_assert_cmpstr (p->rule, ==, "key-type-mismatch");
  g_assert_cmpstr (p->message, ==,
                   "One or more parameter values were invalid: Type mismatch for Index Key total Expected: N Actual: S IndexName: ByTotal");

  /* empty index key */
  ks_entity_set_template (order, "GSI1PK", "${status}");
  g_clear_pointer (&base, ks_value_unref);
  base = order_values (rand, 9);
  ks_entity_set_item_values (order, item, ks_map_set (base, "status", ks_value_new_string ("", -1)));
  ks_engine_flush (engine);
  p = g_ptr_array_index (item->errors, 0);
  g_assert_cmpstr (p->rule, ==, "key-empty");
}

static void
test_template_problems (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(KsDesign) d = make_design (rand, 5, 2);
  g_autoptr(KsEngine) engine = ks_engine_new (d);
  KsEntity *order = ks_design_find_entity (d, "Order");
  GPtrArray *problems;
  KsProblem *p;

  g_assert_cmpuint (ks_engine_get_problems (engine)->len, ==, 0);
  ks_entity_set_template (order, "GSI1SK", "${createdAt}#${orderNumber}");
  problems = ks_engine_get_problems (engine);
  g_assert_cmpuint (problems->len, ==, 1);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (p->rule, ==, "template-unknown-attribute");
  g_assert_nonnull (strstr (p->message, "orderNumber"));
  g_assert_cmpstr (p->path, ==, "entities[0].keys.GSI1SK");

  ks_entity_set_template (order, "GSI1SK", "${createdAt");
  p = g_ptr_array_index (ks_engine_get_problems (engine), 0);
  g_assert_cmpstr (p->rule, ==, "template-syntax");

  ks_entity_set_template (order, "GSI1SK", "X");
  ks_entity_set_template (order, "total", "T#${total}");
  p = g_ptr_array_index (ks_engine_get_problems (engine), 0);
  g_assert_cmpstr (p->rule, ==, "key-type-mismatch");
  g_assert_nonnull (strstr (p->message, "An N key takes one number placeholder"));
}

/* Removing an index or an entity while the engine watches them */
static void
test_remove_objects (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(KsDesign) d = make_design (rand, 20, 3);
  g_autoptr(KsEngine) engine = ks_engine_new (d);
  KsTable *table = ks_design_find_table (d, "Shop");

  g_list_store_remove (ks_table_get_indexes (table), 0);
  ks_engine_flush (engine);
  g_assert_null (ks_engine_find_view (engine, "GSI1"));
  g_list_store_remove (ks_design_get_entities (d), 0);
  ks_engine_recompute_full (engine);
  ks_engine_flush (engine);
  g_assert_cmpuint (ks_view_get_n_entries (ks_engine_get_view (engine, "Shop", NULL)), ==, 3);
  g_list_store_remove (ks_table_get_indexes (table), 0);
  ks_engine_flush (engine);
  g_assert_cmpuint (ks_engine_get_views (engine)->len, ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/engine/full", test_full);
  g_test_add_func ("/keyshape/engine/incremental-equals-full", test_incremental_equals_full);
  g_test_add_func ("/keyshape/engine/parallel-equals-serial", test_parallel_equals_serial);
  g_test_add_func ("/keyshape/engine/template-edit-runs", test_template_edit_runs);
  g_test_add_func ("/keyshape/engine/template-edit-kept-views", test_template_edit_kept_views);
  g_test_add_func ("/keyshape/engine/compute-keys", test_compute_keys);
  g_test_add_func ("/keyshape/engine/change-set", test_change_set);
  g_test_add_func ("/keyshape/engine/item-errors", test_item_errors);
  g_test_add_func ("/keyshape/engine/template-problems", test_template_problems);
  g_test_add_func ("/keyshape/engine/remove-objects", test_remove_objects);
  return g_test_run ();
}
