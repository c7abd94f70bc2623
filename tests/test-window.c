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
#include "ks-window-fixture.h"

typedef KsWindowFixture Fixture;

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
  ks_test_drain ();
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
  ks_test_drain ();
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
  ks_test_drain ();
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
  ks_test_drain ();
  g_assert_nonnull (ks_template_row_get_error_text (row));
  gtk_editable_set_text (ks_template_row_get_editable (row), "ORDER#${createdAt}");
  ks_test_drain ();
  g_assert_null (ks_template_row_get_error_text (row));

  /* an N key takes one number placeholder */
  row = template_row (f, "Customer", "GSI3SK");
  gtk_editable_set_text (ks_template_row_get_editable (row), "P${loyaltyPoints}");
  ks_test_drain ();
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
  ks_test_drain ();
  g_assert_cmpstr (ks_window_get_view_name (f->window), ==, "GSI2");
  g_assert_cmpstr (ks_diagram_view_get_view_name (KS_DIAGRAM_VIEW (ks_window_get_diagram_view (f->window))), ==, "GSI2");

  /* choosing an index in the sidebar shows its diagram */
  ks_sidebar_select (sidebar, ks_table_find_index (table, "GSI1"));
  ks_test_drain ();
  g_assert_cmpstr (ks_window_get_view_name (f->window), ==, "GSI1");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.view", "i", 1);
  g_assert_cmpstr (ks_window_get_view_name (f->window), ==, "ShopOrders");

  /* an added index gets its page, undo takes it away */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-index", NULL);
  ks_test_drain ();
  g_assert_nonnull (ks_table_find_index (table, "GSI4"));
  ks_window_set_view_name (f->window, "GSI4");
  g_assert_cmpstr (ks_window_get_view_name (f->window), ==, "GSI4");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  ks_test_drain ();
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
  ks_test_drain ();
  g_assert_true (ks_item_list_find (ks_item_grid_get_list (grid), item, &position));
  g_assert_cmpuint (ks_item_grid_get_selected (grid), ==, position);
  g_assert_true (ks_diagram_get_selected_item (diagram) == item);
  preview = ks_template_row_get_preview_text (row);
  g_assert_cmpstr (preview, ==, final_string (item, "PK"));

  /* and the grid drives the selection */
  ks_item_grid_select (grid, 0);
  ks_test_drain ();
  g_assert_true (ks_selection_get_item (selection) == ks_item_list_get_ks_item (ks_item_grid_get_list (grid), 0));
  g_assert_true (ks_diagram_get_selected_item (diagram) == ks_selection_get_item (selection));

  /* a deleted item is no longer selected anywhere */
  ks_selection_set_item (selection, item);
  gtk_widget_activate_action (GTK_WIDGET (grid), "grid.delete", NULL);
  ks_test_drain ();
  g_assert_true (ks_selection_get_item (selection) != item);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  ks_test_drain ();
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
  ks_test_drain ();
  entity = ks_design_find_entity (f->design, "Entity");
  g_assert_nonnull (entity);
  g_assert_true (ks_sidebar_get_selected (KS_SIDEBAR (ks_window_get_sidebar (f->window))) == entity);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ks_item_grid_get_list (grid))), ==, n + 1);
  g_assert_cmpstr (final_string (ks_entity_get_item (entity, 0), "PK"), ==, "ENTITY#entity-1");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  ks_test_drain ();
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
  g_assert_true (ks_test_press_key (GTK_WIDGET (f->window), GDK_KEY_F5, 0));
  ks_test_drain ();
  g_assert_true (ks_window_is_presenting (f->window));
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_has_focus (widget));
  g_assert_cmpuint (ks_presentation_get_n_steps (presentation), ==, n);

  /* the arrow keys step through every pattern, and stop at the ends */
  for (guint i = 0; i < n; i++)
    {
      ks_test_drain ();
      check_step (f, presentation, i);
      ks_test_press_key (widget, i % 2 ? GDK_KEY_Right : GDK_KEY_Down, 0);
    }
  ks_test_drain ();
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, n - 1);
  g_assert_true (ks_test_press_key (widget, GDK_KEY_Left, 0));
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, n - 2);
  g_assert_true (ks_test_press_key (widget, GDK_KEY_Home, 0));
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, 0);
  g_assert_true (ks_test_press_key (widget, GDK_KEY_Up, 0));
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, 0);
  g_assert_true (ks_test_press_key (widget, GDK_KEY_End, 0));
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, n - 1);

  /* the document can change meanwhile (undo): the steps follow */
  ks_document_remove_object (f->document, patterns, n - 1);
  ks_test_drain ();
  g_assert_cmpuint (ks_presentation_get_n_steps (presentation), ==, n - 1);
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, n - 2);
  check_step (f, presentation, n - 2);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  ks_test_drain ();
  g_assert_cmpuint (ks_presentation_get_n_steps (presentation), ==, n);

  /* Escape leaves, with the pattern last shown selected for editing */
  last = ks_presentation_get_pattern (presentation);
  g_assert_true (ks_test_press_key (widget, GDK_KEY_Escape, 0));
  ks_test_drain ();
  g_assert_false (ks_window_is_presenting (f->window));
  g_assert_true (ks_selection_get_pattern (selection) == last);
  g_assert_true (ks_sidebar_get_selected (KS_SIDEBAR (ks_window_get_sidebar (f->window))) == last);
  g_assert_false (ks_document_get_modified (f->document));

  /* entering again starts on the selected pattern */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.present", NULL);
  ks_test_drain ();
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
  ks_test_drain ();
  g_assert_true (ks_window_is_presenting (window));
  g_assert_cmpuint (ks_presentation_get_n_steps (presentation), ==, 0);
  g_assert_null (ks_presentation_get_pattern (presentation));
  /* nothing to step to, and Escape still leaves */
  gtk_widget_activate_action (GTK_WIDGET (presentation), "presentation.next", NULL);
  g_assert_cmpuint (ks_presentation_get_step (presentation), ==, 0);
  g_assert_null (ks_presentation_get_pattern (presentation));
  g_assert_true (ks_test_press_key (GTK_WIDGET (presentation), GDK_KEY_Escape, 0));
  g_assert_false (ks_window_is_presenting (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  ks_test_drain ();
}

static void
test_diagram_keyboard (Fixture       *f,
                       gconstpointer  data)
{
  KsDiagramView *view = KS_DIAGRAM_VIEW (ks_window_get_diagram_view (f->window));
  KsDiagram *diagram = ks_diagram_view_get_diagram (view);
  KsDiagramLayout *layout = ks_diagram_get_layout (diagram);
  KsView *kview = ks_diagram_layout_get_view (layout);
  KsSelection *selection = ks_window_get_selection (f->window);
  KsItemGrid *grid = KS_ITEM_GRID (ks_window_get_grid (f->window));
  GtkWidget *area = ks_test_find_child (GTK_WIDGET (view), GTK_TYPE_DRAWING_AREA);
  const KsDiagramCard *card, *next;
  guint position, index, row;
  GtkWidget *focus;

  g_assert_nonnull (area);
  g_assert_true (gtk_widget_get_focusable (area));
  gtk_widget_grab_focus (area);
  g_assert_true (gtk_widget_has_focus (area));

  /* nothing selected: any arrow starts at the first item */
  ks_selection_set_item (selection, NULL);
  g_assert_true (ks_test_press_key (area, GDK_KEY_Down, 0));
  g_assert_true (ks_selection_get_item (selection) == ks_view_get_entry (kview, 0)->item);

  /* a partition with a few items, then its neighbour */
  for (index = 0; index + 1 < ks_diagram_layout_get_n_cards (layout); index++)
    {
      card = ks_diagram_layout_get_card (layout, index);
      if (card->end - card->start >= 3)
        break;
    }
  g_assert_cmpuint (index + 1, <, ks_diagram_layout_get_n_cards (layout));
  card = ks_diagram_layout_get_card (layout, index);
  next = ks_diagram_layout_get_card (layout, index + 1);
  ks_selection_set_item (selection, ks_view_get_entry (kview, card->start + 1)->item);

  /* up and down within the partition, stopping at its ends */
  g_assert_true (ks_test_press_key (area, GDK_KEY_Down, 0));
  g_assert_true (ks_selection_get_item (selection) == ks_view_get_entry (kview, card->start + 2)->item);
  g_assert_true (ks_test_press_key (area, GDK_KEY_Up, 0));
  g_assert_true (ks_test_press_key (area, GDK_KEY_Up, 0));
  g_assert_true (ks_selection_get_item (selection) == ks_view_get_entry (kview, card->start)->item);
  g_assert_true (ks_test_press_key (area, GDK_KEY_Up, 0));
  g_assert_true (ks_selection_get_item (selection) == ks_view_get_entry (kview, card->start)->item);
  g_assert_true (ks_test_press_key (area, GDK_KEY_End, 0));
  g_assert_true (ks_selection_get_item (selection) == ks_view_get_entry (kview, card->end - 1)->item);
  g_assert_true (ks_test_press_key (area, GDK_KEY_Down, 0));
  g_assert_true (ks_selection_get_item (selection) == ks_view_get_entry (kview, card->end - 1)->item);
  g_assert_true (ks_test_press_key (area, GDK_KEY_Home, 0));
  g_assert_true (ks_selection_get_item (selection) == ks_view_get_entry (kview, card->start)->item);

  /* left and right between partitions, keeping the row where it can */
  g_assert_true (ks_test_press_key (area, GDK_KEY_Down, 0));
  g_assert_true (ks_test_press_key (area, GDK_KEY_Right, 0));
  row = MIN (1, next->end - next->start - 1);
  g_assert_true (ks_selection_get_item (selection) == ks_view_get_entry (kview, next->start + row)->item);
  g_assert_true (ks_test_press_key (area, GDK_KEY_Left, 0));
  g_assert_true (ks_selection_get_item (selection) == ks_view_get_entry (kview, card->start + row)->item);
  /* the diagram follows the shared selection */
  g_assert_true (ks_diagram_get_selected_item (diagram) == ks_selection_get_item (selection));

  /* Enter: the item's row in the grid, with the keyboard focus */
  ks_item_grid_set_filter (grid, ks_design_find_entity (f->design, "Customer"));
  ks_selection_set_item (selection, order_item (f, 2));
  ks_test_drain ();
  g_assert_true (ks_test_press_key (area, GDK_KEY_Return, 0));
  ks_test_drain ();
  g_assert_true (ks_item_list_find (ks_item_grid_get_list (grid), order_item (f, 2), &position));
  g_assert_cmpuint (ks_item_grid_get_selected (grid), ==, position);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (grid)));
  g_assert_false (ks_document_get_modified (f->document));
}

/* Buttons that show only an icon, and entries and other controls with no
 * visible text of their own, need a name for screen readers. */
static void
check_labels (GtkWidget *widget,
              GPtrArray *missing)
{
  const char *type = G_OBJECT_TYPE_NAME (widget);
  gboolean needs = FALSE;

  /* the toolkit labels its own parts */
  if (GTK_IS_SPIN_BUTTON (widget) || GTK_IS_WINDOW_CONTROLS (widget) || ADW_IS_VIEW_SWITCHER (widget) ||
      GTK_IS_POPOVER (widget) || ADW_IS_ENTRY_ROW (widget) || ADW_IS_SPLIT_BUTTON (widget))
    needs = GTK_IS_SPIN_BUTTON (widget);
  else if (GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget))
    needs = gtk_button_get_label (GTK_BUTTON (widget)) == NULL && !GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (widget)));
  else if (GTK_IS_MENU_BUTTON (widget))
    needs = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL;
  else if (GTK_IS_ENTRY (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_SWITCH (widget) ||
           GTK_IS_EDITABLE_LABEL (widget) || GTK_IS_DRAWING_AREA (widget) || GTK_IS_COLOR_BUTTON (widget))
    needs = TRUE;
  /* decoration, hidden from screen readers */
  if (gtk_test_accessible_has_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN))
    return;

  if (needs && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) &&
      !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      GtkWidget *parent = gtk_widget_get_parent (widget);
      if (missing->len < 40)
        g_ptr_array_add (missing, g_strdup_printf ("%s (in %s, tooltip %s)", type,
                                                   parent ? G_OBJECT_TYPE_NAME (parent) : "-",
                                                   gtk_widget_get_tooltip_text (widget)));
      else
        g_ptr_array_add (missing, g_strdup ("…"));
    }
  if (GTK_IS_SPIN_BUTTON (widget) || GTK_IS_WINDOW_CONTROLS (widget) || ADW_IS_VIEW_SWITCHER (widget) ||
      ADW_IS_ENTRY_ROW (widget) || ADW_IS_SPLIT_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
      GTK_IS_EDITABLE_LABEL (widget) || GTK_IS_ENTRY (widget) || GTK_IS_COLOR_BUTTON (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    check_labels (child, missing);
}

static void
test_accessible_labels (Fixture       *f,
                        gconstpointer  data)
{
  KsSidebar *sidebar = KS_SIDEBAR (ks_window_get_sidebar (f->window));
  GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (ks_design_find_table (f->design, "ShopOrders")));
  g_autoptr(KsIndex) index = g_list_model_get_item (indexes, 0);
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  gpointer pages[] = {
    ks_design_find_entity (f->design, "Order"),
    ks_design_find_table (f->design, "ShopOrders"),
    index,
    ks_design_find_pattern (f->design, "Orders of a customer, newest first"),
  };

  /* every inspector page, with its rows built */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      ks_sidebar_select (sidebar, pages[i]);
      ks_test_drain ();
      check_labels (GTK_WIDGET (f->window), missing);
    }
  /* and the analysis pages: cost, and the coverage matrix's buttons */
  ks_sidebar_select_page (sidebar, "cost");
  ks_test_drain ();
  check_labels (GTK_WIDGET (f->window), missing);
  ks_sidebar_select_page (sidebar, "coverage");
  ks_test_drain ();
  check_labels (GTK_WIDGET (f->window), missing);
  if (missing->len > 0)
    {
      g_ptr_array_add (missing, NULL);
      g_test_message ("without an accessible name:\n  %s", g_strjoinv ("\n  ", (char **) missing->pdata));
      g_ptr_array_remove_index (missing, missing->len - 1);
    }
  g_assert_cmpuint (missing->len, ==, 0);
}

/* The accelerators the shortcuts window lists, as "<modifiers>keyval". */
static char *
accel_key (guint           keyval,
           GdkModifierType modifiers)
{
  static const struct { guint keypad, key; } keypad[] = {
    { GDK_KEY_KP_Add, GDK_KEY_plus }, { GDK_KEY_KP_Subtract, GDK_KEY_minus },
    { GDK_KEY_KP_Up, GDK_KEY_Up }, { GDK_KEY_KP_Down, GDK_KEY_Down },
    { GDK_KEY_KP_Left, GDK_KEY_Left }, { GDK_KEY_KP_Right, GDK_KEY_Right },
    { GDK_KEY_KP_Home, GDK_KEY_Home }, { GDK_KEY_KP_End, GDK_KEY_End },
    { GDK_KEY_KP_Enter, GDK_KEY_Return }, { GDK_KEY_KP_Page_Up, GDK_KEY_Page_Up },
    { GDK_KEY_KP_Page_Down, GDK_KEY_Page_Down },
  };

  /* the keypad's twins are not listed twice */
  for (guint i = 0; i < G_N_ELEMENTS (keypad); i++)
    if (keyval == keypad[i].keypad)
      keyval = keypad[i].key;
  return gtk_accelerator_name (gdk_keyval_to_lower (keyval), modifiers);
}

static void
add_listed (GHashTable *listed,
            const char *accelerators)
{
  g_auto(GStrv) tokens = g_strsplit (accelerators, " ", -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      g_auto(GStrv) range = g_strsplit (tokens[i], "...", 2);
      guint first, last;
      GdkModifierType mods, last_mods;

      g_assert_true (gtk_accelerator_parse (range[0], &first, &mods));
      last = first;
      last_mods = mods;
      if (range[1] != NULL)
        g_assert_true (gtk_accelerator_parse (range[1], &last, &last_mods));
      g_assert_cmpuint (mods, ==, last_mods);
      for (guint key = first; key <= last; key++)
        g_hash_table_add (listed, accel_key (key, mods));
    }
}

static void
collect_bound (GtkWidget          *widget,
               GtkShortcutTrigger *trigger,
               const char         *action,
               GPtrArray          *bound)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      collect_bound (widget, gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), action, bound);
      collect_bound (widget, gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), action, bound);
    }
  else if (GTK_IS_KEYVAL_TRIGGER (trigger))
    {
      g_autofree char *key = accel_key (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                        gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
      g_ptr_array_add (bound, g_strdup_printf ("%s\t%s", key, action));
    }
}

static gboolean
collect_ours (GtkWidget   *widget,
              GtkShortcut *shortcut,
              gpointer     bound)
{
  static const char * const ours[] = { "win.", "diagram.", "grid.", "presentation.", "sidebar.", NULL };
  GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
  const char *name = GTK_IS_NAMED_ACTION (action) ? gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)) : "";

  for (guint k = 0; ours[k] != NULL; k++)
    if (g_str_has_prefix (name, ours[k]))
      collect_bound (widget, gtk_shortcut_get_trigger (shortcut), name, bound);
  return FALSE;
}

/* Every key that triggers one of Keyshape's own actions, in the tree. */
static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *bound)
{
  ks_test_foreach_shortcut (widget, collect_ours, bound);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, bound);
}

static void
test_shortcuts (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/keyshape/Keyshape/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) bound = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  guint missing = 0;

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *accelerator = NULL;
        g_object_get (l->data, "accelerator", &accelerator, NULL);
        if (accelerator != NULL && *accelerator != '\0')
          add_listed (listed, accelerator);
      }
  /* the application's own (ks-application.c) */
  g_assert_true (g_hash_table_contains (listed, "<Control>q"));
  g_assert_true (g_hash_table_contains (listed, "<Control>n"));

  collect_shortcuts (GTK_WIDGET (f->window), bound);
  g_assert_cmpuint (bound->len, >, 30);
  for (guint i = 0; i < bound->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (bound, i), "\t", 2);
      if (!g_hash_table_contains (listed, parts[0]))
        {
          g_test_message ("%s (%s) is not in the shortcuts window", parts[0], parts[1]);
          missing++;
        }
    }
  g_assert_cmpuint (missing, ==, 0);
  gtk_window_destroy (GTK_WINDOW (overlay));
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
  /* GTK's test backend keeps the accessible properties for the tests */
  g_autofree char *home = ks_test_init (&argc, &argv, "window", KS_TEST_INIT_ACCESSIBLE);

  if (home == NULL)
    return 77;

  g_test_add_func ("/keyshape/window/empty-design", test_empty_design);
  ks_window_test_add ("/keyshape/window/open", NULL, test_open);
  ks_window_test_add ("/keyshape/window/template-edit", NULL, test_template_edit);
  ks_window_test_add ("/keyshape/window/template-error", NULL, test_template_error);
  ks_window_test_add ("/keyshape/window/bad-file", NULL, test_bad_file);
  ks_window_test_add ("/keyshape/window/views", NULL, test_views);
  ks_window_test_add ("/keyshape/window/selection", NULL, test_selection);
  ks_window_test_add ("/keyshape/window/grid-edit", NULL, test_grid_edit);
  ks_window_test_add ("/keyshape/window/add-entity", NULL, test_add_entity);
  ks_window_test_add ("/keyshape/window/present", NULL, test_present);
  g_test_add_func ("/keyshape/window/present-empty", test_present_empty);
  ks_window_test_add ("/keyshape/window/diagram-keyboard", NULL, test_diagram_keyboard);
  ks_window_test_add ("/keyshape/window/accessible-labels", NULL, test_accessible_labels);
  ks_window_test_add ("/keyshape/window/shortcuts", NULL, test_shortcuts);
  return ks_test_run (home);
}
