/* test-item-list.c: KsItemList, the grid's model of sample items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ks-item-list.h"

typedef struct
{
  KsDocument *document;
  KsEntity   *a;
  KsEntity   *b;
  KsItemList *list;
  GArray     *changes;     /* guint triples: position, removed, added */
} Fixture;

static KsItem *
make_item (const char *id)
{
  g_autoptr(KsValue) empty = ks_value_new_empty_map ();
  return ks_item_new (ks_map_set (empty, "id", ks_value_new_string (id, -1)));
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  guint triple[3] = { position, removed, added };
  g_array_append_vals (f->changes, triple, 3);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KsDesign) design = ks_design_new ();
  g_autoptr(KsKeySchema) keys = ks_key_schema_new_simple ("PK", KS_TYPE_S, "SK", KS_TYPE_S);
  g_autoptr(KsTable) table = ks_table_new ("T", keys);

  g_list_store_append (ks_design_get_tables (design), table);
  f->a = ks_entity_new ("A", "T");
  f->b = ks_entity_new ("B", "T");
  ks_entity_set_template (f->a, "PK", "A#${id}");
  ks_entity_set_template (f->a, "SK", "A");
  ks_entity_set_template (f->b, "PK", "B#${id}");
  ks_entity_set_template (f->b, "SK", "B");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("a%u", i);
      g_autoptr(KsItem) item = make_item (id);
      ks_entity_append_item (f->a, item);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      g_autoptr(KsItem) item = make_item (id);
      ks_entity_append_item (f->b, item);
    }
  g_list_store_append (ks_design_get_entities (design), f->a);
  g_list_store_append (ks_design_get_entities (design), f->b);
  f->document = ks_document_new (design);
  f->list = ks_item_list_new (f->document);
  f->changes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (f->list, "items-changed", G_CALLBACK (on_items_changed), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->list);
  g_clear_object (&f->document);
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  g_array_unref (f->changes);
}

static void
assert_change (Fixture *f,
               guint    index,
               guint    position,
               guint    removed,
               guint    added)
{
  g_assert_cmpuint (f->changes->len, >, index * 3 + 2);
  g_assert_cmpuint (g_array_index (f->changes, guint, index * 3), ==, position);
  g_assert_cmpuint (g_array_index (f->changes, guint, index * 3 + 1), ==, removed);
  g_assert_cmpuint (g_array_index (f->changes, guint, index * 3 + 2), ==, added);
}

static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KsItemRow) row = NULL;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->list)) == KS_TYPE_ITEM_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 5);
  g_assert_true (ks_item_list_get_ks_item (f->list, 0) == ks_entity_get_item (f->a, 0));
  g_assert_true (ks_item_list_get_ks_item (f->list, 3) == ks_entity_get_item (f->b, 0));
  g_assert_true (ks_item_list_get_ks_item (f->list, 4) == ks_entity_get_item (f->b, 1));
  g_assert_null (ks_item_list_get_ks_item (f->list, 5));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 5));

  /* rows are shared while alive */
  row = g_list_model_get_item (G_LIST_MODEL (f->list), 3);
  {
    g_autoptr(KsItemRow) again = g_list_model_get_item (G_LIST_MODEL (f->list), 3);
    g_assert_true (row == again);
  }
  g_assert_true (ks_item_row_get_item (row) == ks_entity_get_item (f->b, 0));
}

static void
test_exact_changes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KsItem) item = make_item ("b9");
  guint position = 0;

  /* inserting B's second item is one row at 3 + 1 */
  ks_document_insert_item (f->document, f->b, 1, item);
  g_assert_cmpuint (f->changes->len, ==, 3);
  assert_change (f, 0, 4, 0, 1);
  g_assert_true (ks_item_list_find (f->list, item, &position));
  g_assert_cmpuint (position, ==, 4);

  /* removing A's first shifts everything by one, exactly */
  ks_document_remove_item (f->document, f->a, 0);
  assert_change (f, 1, 0, 1, 0);
  g_assert_true (ks_item_list_find (f->list, item, &position));
  g_assert_cmpuint (position, ==, 3);

  /* undo both */
  ks_document_undo (f->document);
  assert_change (f, 2, 0, 0, 1);
  ks_document_undo (f->document);
  assert_change (f, 3, 4, 1, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 5);
}

static void
on_row_changed (KsItemRow *row,
                guint     *count)
{
  (*count)++;
}

static void
test_value_change_keeps_rows (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(KsItemRow) row = g_list_model_get_item (G_LIST_MODEL (f->list), 1);
  KsItem *item = ks_item_row_get_item (row);
  guint changed = 0;
  KsValue *pk;

  g_signal_connect (row, "changed", G_CALLBACK (on_row_changed), &changed);
  ks_document_set_item_values (f->document, item,
                               ks_map_set (item->values, "id", ks_value_new_string ("zz", -1)));
  /* no items-changed: the live row says it changed */
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpuint (changed, ==, 1);
  pk = ks_value_lookup (ks_item_get_final (item), "PK");
  g_assert_nonnull (pk);
  g_assert_cmpstr (ks_value_get_string (pk, NULL), ==, "A#zz");

  /* a template edit refreshes every live row of the entity, no splice */
  ks_document_set_template (f->document, f->a, "PK", "ALPHA#${id}");
  g_assert_cmpuint (f->changes->len, ==, 0);
  g_assert_cmpuint (changed, ==, 2);
  pk = ks_value_lookup (ks_item_get_final (item), "PK");
  g_assert_cmpstr (ks_value_get_string (pk, NULL), ==, "ALPHA#zz");
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(KsItem) item = make_item ("b7");
  guint position = 0;

  ks_item_list_set_filter (f->list, f->b);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);
  assert_change (f, 0, 0, 3, 0);
  g_assert_true (ks_item_list_get_ks_item (f->list, 0) == ks_entity_get_item (f->b, 0));
  g_assert_false (ks_item_list_find (f->list, ks_entity_get_item (f->a, 0), NULL));

  /* changes of other entities do not show */
  ks_document_insert_item (f->document, f->a, 0, item);
  g_assert_cmpuint (f->changes->len, ==, 3);

  ks_item_list_set_filter (f->list, NULL);
  assert_change (f, 1, 0, 0, 4);
  g_assert_true (ks_item_list_find (f->list, item, &position));
  g_assert_cmpuint (position, ==, 0);
}

static void
test_entities (Fixture       *f,
               gconstpointer  data)
{
  GListStore *store = ks_design_get_entities (ks_document_get_design (f->document));

  /* removing entity A removes its three rows at the front */
  ks_document_remove_object (f->document, store, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 2);
  assert_change (f, 0, 0, 3, 0);
  ks_document_undo (f->document);
  assert_change (f, 1, 0, 0, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/keyshape/item-list/order", Fixture, NULL, fixture_setup, test_order, fixture_teardown);
  g_test_add ("/keyshape/item-list/exact-changes", Fixture, NULL, fixture_setup, test_exact_changes, fixture_teardown);
  g_test_add ("/keyshape/item-list/value-change-keeps-rows", Fixture, NULL, fixture_setup,
              test_value_change_keeps_rows, fixture_teardown);
  g_test_add ("/keyshape/item-list/filter", Fixture, NULL, fixture_setup, test_filter, fixture_teardown);
  g_test_add ("/keyshape/item-list/entities", Fixture, NULL, fixture_setup, test_entities, fixture_teardown);
  return g_test_run ();
}
