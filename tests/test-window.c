/* test-window.c: the keyshape window on a real design, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ks-diagram-view.h"
#include "ks-entity-editor.h"
#include "ks-item-grid.h"
#include "ks-pattern-run.h"
#include "ks-presentation.h"
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
  /* a copy of the first bundled template, kept stable for these tests */
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "window-shop.keyshape.json", NULL);
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

/* Presses @keyval on @widget the way GTK does: through the shortcut
 * controllers of the widget and its ancestors (the class key bindings
 * among them), innermost first. FALSE when no shortcut takes it. */
static gboolean
press_key (GtkWidget       *widget,
           guint            keyval,
           GdkModifierType  modifiers)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

              if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
                  gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
                  gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
                  gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                gtk_shortcut_get_arguments (shortcut)))
                return TRUE;
            }
        }
    }
  return FALSE;
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
check_step (Fixture        *f,
            KsPresentation *presentation,
            guint           step)
{
  g_autoptr(KsPattern) pattern = g_list_model_get_item (G_LIST_MODEL (ks_design_get_patterns (f->design)), step);
  g_autoptr(KsPatternRun) run = ks_pattern_run (ks_document_get_engine (f->document), pattern);
  KsDiagram *diagram = ks_presentation_get_diagram (presentation);
  KsDiagramHighlight *highlight = ks_diagram_get_highlight (diagram);
  const char *view = ks_pattern_get_index (pattern) ? ks_pattern_get_index (pattern) : ks_pattern_get_table (pattern);
  g_autofree char *table = g_strdup_printf ("\"TableName\" : \"%s\"", ks_pattern_get_table (pattern));

  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, step);
  g_assert_true (ks_presentation_get_pattern (presentation) == pattern);
  /* the diagram of the view the pattern reads, its result lit */
  g_assert_cmpstr (ks_diagram_get_view (diagram), ==, view);
  g_assert_nonnull (highlight);
  g_assert_nonnull (run->result);
  g_assert_cmpuint (ks_diagram_highlight_get_n_items (highlight), ==, run->result->items->len);
  g_assert_cmpuint (run->result->items->len, >, 0);
  for (guint i = 0; i < run->result->items->len; i++)
    g_assert_true (ks_diagram_highlight_has_item (highlight, g_ptr_array_index (run->result->items, i)));
  /* the request in DynamoDB JSON */
  g_assert_nonnull (strstr (ks_presentation_get_request_text (presentation), table));
  if (ks_pattern_get_index (pattern) != NULL)
    {
      g_autofree char *index = g_strdup_printf ("\"IndexName\" : \"%s\"", ks_pattern_get_index (pattern));
      g_assert_nonnull (strstr (ks_presentation_get_request_text (presentation), index));
    }
  /* large type: never drawn smaller than legible */
  g_assert_cmpfloat (ks_presentation_get_zoom (presentation), >=, 0.75);
}

static void
test_present (Fixture       *f,
              gconstpointer  data)
{
  GtkWidget *widget = ks_window_get_presentation (f->window);
  KsPresentation *presentation = KS_PRESENTATION (widget);
  GListStore *patterns = ks_design_get_patterns (f->design);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (patterns));
  KsSelection *selection = ks_window_get_selection (f->window);
  KsPattern *last;

  g_assert_cmpuint (n, ==, 8);
  g_assert_false (ks_window_is_presenting (f->window));
  g_assert_false (gtk_widget_get_mapped (widget));

  /* F5 starts with the first pattern when none is selected */
  ks_selection_set_pattern (selection, NULL);
  g_assert_true (press_key (GTK_WIDGET (f->window), GDK_KEY_F5, 0));
  drain ();
  g_assert_true (ks_window_is_presenting (f->window));
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_has_focus (widget));
  g_assert_cmpuint (ks_presentation_get_n_steps (presentation), ==, n);

  /* the arrow keys step through every pattern, and stop at the ends */
  for (guint i = 0; i < n; i++)
    {
      drain ();
      check_step (f, presentation, i);
      press_key (widget, i % 2 ? GDK_KEY_Right : GDK_KEY_Down, 0);
    }
  drain ();
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, n - 1);
  g_assert_true (press_key (widget, GDK_KEY_Left, 0));
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, n - 2);
  g_assert_true (press_key (widget, GDK_KEY_Home, 0));
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, 0);
  g_assert_true (press_key (widget, GDK_KEY_Up, 0));
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, 0);
  g_assert_true (press_key (widget, GDK_KEY_End, 0));
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, n - 1);

  /* the document can change meanwhile (undo): the steps follow */
  ks_document_remove_object (f->document, patterns, n - 1);
  drain ();
  g_assert_cmpuint (ks_presentation_get_n_steps (presentation), ==, n - 1);
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, n - 2);
  check_step (f, presentation, n - 2);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  drain ();
  g_assert_cmpuint (ks_presentation_get_n_steps (presentation), ==, n);

  /* Escape leaves, with the pattern last shown selected for editing */
  last = ks_presentation_get_pattern (presentation);
  g_assert_true (press_key (widget, GDK_KEY_Escape, 0));
  drain ();
  g_assert_false (ks_window_is_presenting (f->window));
  g_assert_true (ks_selection_get_pattern (selection) == last);
  g_assert_true (ks_sidebar_get_selected (KS_SIDEBAR (ks_window_get_sidebar (f->window))) == last);
  g_assert_false (ks_document_get_modified (f->document));

  /* entering again starts on the selected pattern */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.present", NULL);
  drain ();
  g_assert_true (ks_presentation_get_pattern (presentation) == last);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.leave-presentation", NULL);
  g_assert_false (ks_window_is_presenting (f->window));
}

static void
test_present_empty (void)
{
  KsWindow *window = g_object_ref_sink (ks_window_new (NULL));
  KsPresentation *presentation = KS_PRESENTATION (ks_window_get_presentation (window));

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL);
  drain ();
  g_assert_true (ks_window_is_presenting (window));
  g_assert_cmpuint (ks_presentation_get_n_steps (presentation), ==, 0);
  g_assert_null (ks_presentation_get_pattern (presentation));
  /* nothing to step to, and Escape still leaves */
  gtk_widget_activate_action (GTK_WIDGET (presentation), "presentation.next", NULL);
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, 0);
  g_assert_null (ks_presentation_get_pattern (presentation));
  g_assert_true (press_key (GTK_WIDGET (presentation), GDK_KEY_Escape, 0));
  g_assert_false (ks_window_is_presenting (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  drain ();
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
  g_test_add ("/keyshape/window/present", Fixture, NULL, fixture_setup, test_present, fixture_teardown);
  g_test_add_func ("/keyshape/window/present-empty", test_present_empty);
  return g_test_run ();
}
