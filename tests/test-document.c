/* test-document.c: commands, undo and redo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ks-document.h"
#include "ks-engine-private.h"

/* A textual snapshot of everything a document holds, to compare states. */
static char *
snapshot (KsDesign *d)
{
  GString *s = g_string_new (NULL);
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (d));
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (d));

  g_string_append_printf (s, "design %s\n", ks_design_get_name (d));
  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));
      g_string_append_printf (s, "table %s type=%s ttl=%s billing=%d\n", ks_table_get_name (table),
                              ks_table_get_type_attribute (table), ks_table_get_ttl_attribute (table),
                              ks_table_get_billing_mode (table));
      for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
        {
          g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
          g_string_append_printf (s, " index %s %d %s\n", ks_index_get_name (index),
                                  ks_index_get_projection (index),
                                  ks_index_get_key_schema (index)->pk[0].name);
        }
    }
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      g_string_append_printf (s, "entity %s %s\n", ks_entity_get_name (entity), ks_entity_get_color (entity));
      for (guint t = 0; t < ks_entity_get_n_templates (entity); t++)
        g_string_append_printf (s, " key %s=%s\n", ks_entity_get_template_key (entity, t),
                                ks_entity_get_template (entity, ks_entity_get_template_key (entity, t)));
      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        {
          g_autofree char *v = ks_value_to_display (ks_entity_get_item (entity, i)->values);
          g_autofree char *f = ks_value_to_display (ks_item_get_final (ks_entity_get_item (entity, i)));
          g_string_append_printf (s, " item %s => %s\n", v, f);
        }
    }
  return g_string_free (s, FALSE);
}

static KsDocument *
make_document (void)
{
  g_autoptr(KsDesign) d = ks_design_new ();
  g_autoptr(KsKeySchema) tk = ks_key_schema_new_simple ("PK", KS_TYPE_S, "SK", KS_TYPE_S);
  g_autoptr(KsKeySchema) gk = ks_key_schema_new_simple ("GSI1PK", KS_TYPE_S, NULL, KS_TYPE_S);
  g_autoptr(KsTable) table = ks_table_new ("T", tk);
  g_autoptr(KsIndex) gsi = ks_index_new ("GSI1", KS_INDEX_GSI, gk);
  g_autoptr(KsEntity) user = ks_entity_new ("User", "T");
  g_autoptr(KsAttribute) id = ks_attribute_new ("id", KS_TYPE_S);

  ks_design_set_name (d, "Doc");
  g_list_store_append (ks_table_get_indexes (table), gsi);
  g_list_store_append (ks_design_get_tables (d), table);
  g_list_store_append (ks_entity_get_attributes (user), id);
  ks_entity_set_template (user, "PK", "USER#${id}");
  ks_entity_set_template (user, "SK", "PROFILE");
  for (guint i = 0; i < 10; i++)
    {
      KsMapBuilder *b = ks_map_builder_new (1);
      g_autofree char *v = g_strdup_printf ("u%u", i);
      g_autoptr(KsItem) item = NULL;
      ks_map_builder_add (b, "id", ks_value_new_string (v, -1));
      item = ks_item_new (ks_map_builder_end (b));
      ks_entity_append_item (user, item);
    }
  g_list_store_append (ks_design_get_entities (d), user);
  return ks_document_new (d);
}

static void
test_undo_redo_round_trip (void)
{
  g_autoptr(KsDocument) doc = make_document ();
  KsDesign *d = ks_document_get_design (doc);
  KsEntity *user = ks_design_find_entity (d, "User");
  KsTable *table = ks_design_find_table (d, "T");
  GPtrArray *states = g_ptr_array_new_with_free_func (g_free);
  guint n_steps;

  g_assert_false (ks_document_get_modified (doc));
  g_ptr_array_add (states, snapshot (d));

#define STEP(code) G_STMT_START { code; ks_document_seal (doc); g_ptr_array_add (states, snapshot (d)); } G_STMT_END

  STEP (ks_document_set_template (doc, user, "PK", "U#${id}"));
  STEP (ks_document_set_template (doc, user, "GSI1PK", "ALL_USERS"));
  STEP (ks_document_set (doc, user, "color", "#e66100", NULL));
  STEP (ks_document_set (doc, table, "type-attribute", "kind", "ttl-attribute", "expires", NULL));
  STEP (ks_document_remove_item (doc, user, 3));
  STEP ({
    g_autoptr(KsValue) empty = ks_value_new_empty_map ();
    g_autoptr(KsItem) item = ks_item_new (ks_map_set (empty, "id", ks_value_new_string ("new", -1)));
    ks_document_insert_item (doc, user, 0, item);
  });
  STEP (ks_document_set_item_values (doc, ks_entity_get_item (user, 5),
                                     ks_map_set (ks_entity_get_item (user, 5)->values, "id", ks_value_new_string ("x", -1))));
  STEP ({
    g_autoptr(KsEntity) e = ks_entity_new ("Order", "T");
    ks_document_insert_object (doc, ks_design_get_entities (d), 1, e);
  });
  STEP ({
    ks_document_begin_group (doc, "rename");
    ks_document_set (doc, user, "name", "Member", NULL);
    ks_document_set_template (doc, user, "SK", "MEMBER");
    ks_document_end_group (doc);
  });
  STEP (ks_document_remove_object (doc, ks_table_get_indexes (table), 0));
#undef STEP

  n_steps = states->len - 1;
  g_assert_true (ks_document_get_modified (doc));

  /* undo everything: each state comes back exactly */
  for (guint i = n_steps; i > 0; i--)
    {
      g_autofree char *now = NULL;
      g_assert_true (ks_document_undo (doc));
      now = snapshot (d);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (ks_document_can_undo (doc));
  g_assert_false (ks_document_get_modified (doc));

  /* and redo it */
  for (guint i = 1; i <= n_steps; i++)
    {
      g_autofree char *now = NULL;
      g_assert_true (ks_document_redo (doc));
      now = snapshot (d);
      g_assert_cmpstr (now, ==, g_ptr_array_index (states, i));
    }
  g_assert_false (ks_document_can_redo (doc));

  /* the engine followed every step */
  {
    g_autoptr(KsDesign) copy = _ks_engine_copy_design (d);
    g_autoptr(KsEngine) fresh = ks_engine_new (copy);
    g_autofree char *why = NULL;
    if (!_ks_engine_views_equal (ks_document_get_engine (doc), fresh, &why))
      g_error ("engine out of step after redo: %s", why);
  }
  g_ptr_array_unref (states);
}

static void
test_typing_merges (void)
{
  g_autoptr(KsDocument) doc = make_document ();
  KsEntity *user = ks_design_find_entity (ks_document_get_design (doc), "User");
  const char *typed[] = { "U", "US", "USE", "USER", "USER#", "USER#${id}" };

  ks_document_set_template (doc, user, "GSI1PK", "X");
  ks_document_seal (doc);
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    ks_document_set_template (doc, user, "PK", typed[i]);
  /* one undo step takes the whole typing back */
  g_assert_true (ks_document_undo (doc));
  g_assert_cmpstr (ks_entity_get_template (user, "PK"), ==, "USER#${id}");
  g_assert_cmpstr (ks_entity_get_template (user, "GSI1PK"), ==, "X");
}

static void
test_modified_and_saved (void)
{
  g_autoptr(KsDocument) doc = make_document ();
  KsDesign *d = ks_document_get_design (doc);

  ks_document_set (doc, d, "name", "A", NULL);
  g_assert_true (ks_document_get_modified (doc));
  ks_document_mark_saved (doc);
  g_assert_false (ks_document_get_modified (doc));
  ks_document_set (doc, d, "name", "B", NULL);
  g_assert_true (ks_document_get_modified (doc));
  ks_document_undo (doc);
  g_assert_false (ks_document_get_modified (doc));
  ks_document_undo (doc);
  g_assert_true (ks_document_get_modified (doc));
  /* a no-op edit records nothing */
  ks_document_redo (doc);
  ks_document_set (doc, d, "name", "A", NULL);
  g_assert_false (ks_document_get_modified (doc));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/document/undo-redo-round-trip", test_undo_redo_round_trip);
  g_test_add_func ("/keyshape/document/typing-merges", test_typing_merges);
  g_test_add_func ("/keyshape/document/modified-and-saved", test_modified_and_saved);
  return g_test_run ();
}
