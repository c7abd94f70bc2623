/* test-window.c: the keyshape window on a real design, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ks-diagram-view.h"
#include "ks-entity-editor.h"
#include "ks-item-grid.h"
#include "ks-sidebar.h"
#include "ks-template-row.h"
#include "ks-window.h"

typedef struct
{
  KsWindow   *window;
  KsDocument *document;
  KsDesign   *design;
} Fixture;

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates",
                                                 "ecommerce.keyshape.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->window = g_object_ref_sink (ks_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (ks_window_load_file (f->window, file));
  drain ();
  f->document = ks_window_get_document (f->window);
  f->design = ks_document_get_design (f->document);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  drain ();
}

static KsItem *
order_item (Fixture *f,
            guint    n)
{
  return ks_entity_get_item (ks_design_find_entity (f->design, "Order"), n);
}

static const char *
final_string (KsItem     *item,
              const char *attribute)
{
  KsValue *value = ks_value_lookup (ks_item_get_final (item), attribute);
  return value ? ks_value_get_string (value, NULL) : NULL;
}

static KsTemplateRow *
template_row (Fixture    *f,
              const char *entity,
              const char *key)
{
  GtkWidget *editor = ks_window_get_entity_editor (f->window);

  ks_sidebar_select (KS_SIDEBAR (ks_window_get_sidebar (f->window)), ks_design_find_entity (f->design, entity));
  drain ();
  g_assert_true (ks_entity_editor_get_entity (KS_ENTITY_EDITOR (editor)) == ks_design_find_entity (f->design, entity));
  return KS_TEMPLATE_ROW (ks_entity_editor_get_template_row (KS_ENTITY_EDITOR (editor), key));
}

static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  KsItemGrid *grid = KS_ITEM_GRID (ks_window_get_grid (f->window));
  g_auto(GStrv) titles = ks_item_grid_get_column_titles (grid);
  GtkWidget *view = ks_window_get_diagram_view (f->window);

  g_assert_cmpstr (ks_design_get_name (f->design), ==, "E-commerce orders");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "E-commerce orders");
  g_assert_false (ks_document_get_modified (f->document));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ks_item_grid_get_list (grid))), ==,
                    ks_design_count_items (f->design));
  /* entity, the eight key attributes, then attributes */
  g_assert_cmpstr (titles[1], ==, "PK");
  g_assert_cmpstr (titles[2], ==, "SK");
  g_assert_true (g_strv_contains ((const char * const *) titles, "GSI3SK"));
  g_assert_true (g_strv_contains ((const char * const *) titles, "customerId"));
  g_assert_nonnull (view);
  g_assert_cmpstr (ks_diagram_view_get_view_name (KS_DIAGRAM_VIEW (view)), ==, "ShopOrders");
  /* the first entity is edited from the start */
  g_assert_true (ks_sidebar_get_selected (KS_SIDEBAR (ks_window_get_sidebar (f->window))) ==
                 ks_design_find_entity (f->design, "Customer"));
}

static void
on_row_changed (KsItemRow *row,
                guint     *count)
{
  (*count)++;
}

static void
test_template_edit (Fixture       *f,
                    gconstpointer  data)
{
  KsTemplateRow *row = template_row (f, "Order", "SK");
  KsItem *item = order_item (f, 0);
  KsItemGrid *grid = KS_ITEM_GRID (ks_window_get_grid (f->window));
  KsDiagram *diagram = ks_diagram_view_get_diagram (KS_DIAGRAM_VIEW (ks_window_get_diagram_view (f->window)));
  g_autofree char *old_sk = g_strdup (final_string (item, "SK"));
  g_autofree char *preview = NULL;
  g_autoptr(KsItemRow) grid_row = NULL;
  cairo_rectangle_t before, after, undone;
  guint position, changed = 0;

  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (old_sk, "ORDER#"));
  g_assert_true (ks_item_list_find (ks_item_grid_get_list (grid), item, &position));
  grid_row = g_list_model_get_item (G_LIST_MODEL (ks_item_grid_get_list (grid)), position);
  g_signal_connect (grid_row, "changed", G_CALLBACK (on_row_changed), &changed);
  g_assert_true (ks_diagram_get_item_rect (diagram, item, &before));

  /* typing: every keystroke is a document command */
  gtk_editable_set_text (ks_template_row_get_editable (row), "ZORDER#${createdAt}#${orderId}");
  drain ();
  g_assert_true (g_str_has_prefix (final_string (item, "SK"), "ZORDER#"));
  g_assert_cmpuint (changed, >=, 1);
  preview = ks_template_row_get_preview_text (row);
  g_assert_cmpstr (preview, ==, final_string (ks_selection_get_item (ks_window_get_selection (f->window)), "SK"));
  /* the item moved below the customer's PROFILE item in the diagram */
  g_assert_true (ks_diagram_get_item_rect (diagram, item, &after));
  g_assert_cmpfloat (after.y, >, before.y);
  g_assert_true (ks_document_get_modified (f->document));

  /* undo restores keys, grid and diagram */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  drain ();
  g_assert_cmpstr (final_string (item, "SK"), ==, old_sk);
  g_assert_cmpstr (gtk_editable_get_text (ks_template_row_get_editable (row)), ==, "ORDER#${createdAt}#${orderId}");
  g_assert_true (ks_diagram_get_item_rect (diagram, item, &undone));
  g_assert_cmpfloat (undone.y, ==, before.y);
  g_assert_false (ks_document_get_modified (f->document));
  g_assert_cmpuint (changed, >=, 2);
}

static void
test_template_error (Fixture       *f,
                     gconstpointer  data)
{
  KsTemplateRow *row = template_row (f, "Order", "SK");

  gtk_editable_set_text (ks_template_row_get_editable (row), "ORDER#${createdAt");
  drain ();
  g_assert_nonnull (ks_template_row_get_error_text (row));
  gtk_editable_set_text (ks_template_row_get_editable (row), "ORDER#${createdAt}");
  drain ();
  g_assert_null (ks_template_row_get_error_text (row));

  /* an N key takes one number placeholder */
  row = template_row (f, "Customer", "GSI3SK");
  gtk_editable_set_text (ks_template_row_get_editable (row), "P${loyaltyPoints}");
  drain ();
  g_assert_nonnull (ks_template_row_get_error_text (row));
}

static void
test_bad_file (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("keyshape-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "broken.keyshape.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  KsDocument *before = ks_window_get_document (f->window);

  g_assert_true (g_file_set_contents (path, "{\"format\": \"keyshape\", \"version\": 1, \"tables\": [", -1, NULL));
  g_assert_false (ks_window_load_file (f->window, file));
  g_assert_true (ks_window_get_document (f->window) == before);
  g_assert_nonnull (ks_window_get_last_toast (f->window));
  g_assert_nonnull (strstr (ks_window_get_last_toast (f->window), "broken.keyshape.json"));
  g_assert_cmpstr (ks_design_get_name (f->design), ==, "E-commerce orders");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_views (Fixture       *f,
            gconstpointer  data)
{
  KsTable *table = ks_design_find_table (f->design, "ShopOrders");
  KsSidebar *sidebar = KS_SIDEBAR (ks_window_get_sidebar (f->window));

  ks_window_set_view_name (f->window, "GSI2");
  drain ();
  g_assert_cmpstr (ks_window_get_view_name (f->window), ==, "GSI2");
  g_assert_cmpstr (ks_diagram_view_get_view_name (KS_DIAGRAM_VIEW (ks_window_get_diagram_view (f->window))), ==, "GSI2");

  /* choosing an index in the sidebar shows its diagram */
  ks_sidebar_select (sidebar, ks_table_find_index (table, "GSI1"));
  drain ();
  g_assert_cmpstr (ks_window_get_view_name (f->window), ==, "GSI1");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "i", 1);
  g_assert_cmpstr (ks_window_get_view_name (f->window), ==, "ShopOrders");

  /* an added index gets its page, undo takes it away */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-index", NULL);
  drain ();
  g_assert_nonnull (ks_table_find_index (table, "GSI4"));
  ks_window_set_view_name (f->window, "GSI4");
  g_assert_cmpstr (ks_window_get_view_name (f->window), ==, "GSI4");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  drain ();
  g_assert_null (ks_table_find_index (table, "GSI4"));
  g_assert_cmpstr (ks_window_get_view_name (f->window), !=, "GSI4");
}

static void
test_selection (Fixture       *f,
                gconstpointer  data)
{
  KsSelection *selection = ks_window_get_selection (f->window);
  KsItemGrid *grid = KS_ITEM_GRID (ks_window_get_grid (f->window));
  KsDiagram *diagram = ks_diagram_view_get_diagram (KS_DIAGRAM_VIEW (ks_window_get_diagram_view (f->window)));
  KsTemplateRow *row = template_row (f, "Order", "PK");
  KsItem *item = order_item (f, 3);
  g_autofree char *preview = NULL;
  guint position;

  /* the shared selection drives grid, diagram and preview */
  ks_selection_set_item (selection, item);
  drain ();
  g_assert_true (ks_item_list_find (ks_item_grid_get_list (grid), item, &position));
  g_assert_cmpuint (ks_item_grid_get_selected (grid), ==, position);
  g_assert_true (ks_diagram_get_selected_item (diagram) == item);
  preview = ks_template_row_get_preview_text (row);
  g_assert_cmpstr (preview, ==, final_string (item, "PK"));

  /* and the grid drives the selection */
  ks_item_grid_select (grid, 0);
  drain ();
  g_assert_true (ks_selection_get_item (selection) == ks_item_list_get_ks_item (ks_item_grid_get_list (grid), 0));
  g_assert_true (ks_diagram_get_selected_item (diagram) == ks_selection_get_item (selection));

  /* a deleted item is no longer selected anywhere */
  ks_selection_set_item (selection, item);
  gtk_widget_activate_action (GTK_WIDGET (grid), "grid.delete", NULL);
  drain ();
  g_assert_true (ks_selection_get_item (selection) != item);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  drain ();
  g_assert_true (item->entity == ks_design_find_entity (f->design, "Order"));
}

static void
test_grid_edit (Fixture       *f,
                gconstpointer  data)
{
  KsItemGrid *grid = KS_ITEM_GRID (ks_window_get_grid (f->window));
  KsItem *item = order_item (f, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *old = ks_value_to_display (ks_value_lookup (item->values, "total"));

  g_assert_false (ks_item_grid_commit_cell (grid, item, "total", "twelve", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "total"));
  g_assert_true (ks_item_grid_commit_cell (grid, item, "total", "12.50", NULL));
  g_assert_cmpstr (ks_value_get_number (ks_value_lookup (item->values, "total")), ==, "12.5");
  /* a key attribute's value moves the item in its index */
  g_assert_true (ks_item_grid_commit_cell (grid, item, "status", "SHIPPED", NULL));
  g_assert_cmpstr (final_string (item, "GSI1PK"), ==, "STATUS#SHIPPED");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  {
    g_autofree char *now = ks_value_to_display (ks_value_lookup (item->values, "total"));
    g_assert_cmpstr (now, ==, old);
  }
}

static void
test_add_entity (Fixture       *f,
                 gconstpointer  data)
{
  KsItemGrid *grid = KS_ITEM_GRID (ks_window_get_grid (f->window));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (ks_item_grid_get_list (grid)));
  KsEntity *entity;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-entity", NULL);
  drain ();
  entity = ks_design_find_entity (f->design, "Entity");
  g_assert_nonnull (entity);
  g_assert_true (ks_sidebar_get_selected (KS_SIDEBAR (ks_window_get_sidebar (f->window))) == entity);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ks_item_grid_get_list (grid))), ==, n + 1);
  g_assert_cmpstr (final_string (ks_entity_get_item (entity, 0), "PK"), ==, "ENTITY#entity-1");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  drain ();
  g_assert_null (ks_design_find_entity (f->design, "Entity"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ks_item_grid_get_list (grid))), ==, n);
}

static void
test_empty_design (void)
{
  g_autoptr(KsDesign) design = ks_window_new_empty_design ();
  g_autoptr(KsTable) table = g_list_model_get_item (G_LIST_MODEL (ks_design_get_tables (design)), 0);
  const KsKeySchema *ks = ks_table_get_key_schema (table);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_tables (design))), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_entities (design))), ==, 0);
  g_assert_cmpuint (ks->n_pk, ==, 1);
  g_assert_cmpstr (ks->pk[0].name, ==, "PK");
  g_assert_cmpint (ks->pk[0].type, ==, KS_TYPE_S);
  g_assert_cmpuint (ks->n_sk, ==, 1);
  g_assert_cmpstr (ks->sk[0].name, ==, "SK");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* no accessibility bus on a headless test machine */
  g_setenv ("GTK_A11Y", "none", TRUE);
  /* software GL on Xvfb is slow; cairo draws the same widgets */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);

  /* widget tests need a display: xvfb-run gives one */
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return 77;
    }
  adw_init ();

  g_test_add_func ("/keyshape/window/empty-design", test_empty_design);
  g_test_add ("/keyshape/window/open", Fixture, NULL, fixture_setup, test_open, fixture_teardown);
  g_test_add ("/keyshape/window/template-edit", Fixture, NULL, fixture_setup, test_template_edit, fixture_teardown);
  g_test_add ("/keyshape/window/template-error", Fixture, NULL, fixture_setup, test_template_error, fixture_teardown);
  g_test_add ("/keyshape/window/bad-file", Fixture, NULL, fixture_setup, test_bad_file, fixture_teardown);
  g_test_add ("/keyshape/window/views", Fixture, NULL, fixture_setup, test_views, fixture_teardown);
  g_test_add ("/keyshape/window/selection", Fixture, NULL, fixture_setup, test_selection, fixture_teardown);
  g_test_add ("/keyshape/window/grid-edit", Fixture, NULL, fixture_setup, test_grid_edit, fixture_teardown);
  g_test_add ("/keyshape/window/add-entity", Fixture, NULL, fixture_setup, test_add_entity, fixture_teardown);
  return g_test_run ();
}
