/* test-window-data.c: the sample-data grid and the access patterns (rows a
 * pattern returns) and Generate Items…, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ks-generate-dialog.h"
#include "ks-item-grid.h"
#include "ks-pattern-run.h"
#include "ks-window-fixture.h"

typedef KsWindowFixture Fixture;

/* The grid's cell widgets bound to rows now, with their items. */
static void
collect_cells (GtkWidget *widget,
               GPtrArray *cells)
{
  if (g_object_get_data (G_OBJECT (widget), "ks-row") != NULL)
    g_ptr_array_add (cells, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_cells (child, cells);
}

static gboolean
in_result (KsPatternRun *run,
           KsItem       *item)
{
  for (guint i = 0; i < run->result->items->len; i++)
    if (g_ptr_array_index (run->result->items, i) == item)
      return TRUE;
  return FALSE;
}

static guint
check_lit_cells (KsItemGrid   *grid,
                 KsPatternRun *run)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  guint lit = 0;

  collect_cells (GTK_WIDGET (grid), cells);
  g_assert_cmpuint (cells->len, >, 0);
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      KsItem *item = ks_item_row_get_item (g_object_get_data (G_OBJECT (cell), "ks-row"));
      gboolean returned = run != NULL && in_result (run, item);

      g_assert_cmpint (gtk_widget_has_css_class (cell, "returned"), ==, returned);
      lit += returned;
    }
  return lit;
}

static void
test_returned_rows (Fixture       *f,
                    gconstpointer  data)
{
  KsItemGrid *grid = KS_ITEM_GRID (ks_window_get_grid (f->window));
  KsSelection *selection = ks_window_get_selection (f->window);
  KsPattern *pattern = ks_design_find_pattern (f->design, "Orders of a customer, newest first");
  g_autoptr(KsPatternRun) run = ks_pattern_run (ks_document_get_engine (f->document), pattern);
  KsEntity *customer = ks_design_find_entity (f->design, "Customer");

  g_assert_nonnull (run->result);
  g_assert_cmpuint (run->result->items->len, >, 1);
  ks_item_grid_set_filter (grid, ks_design_find_entity (f->design, "Order"));
  ks_selection_set_pattern (selection, pattern);
  ks_test_drain ();
  for (guint i = 0; i < run->result->items->len; i++)
    g_assert_true (ks_item_grid_is_returned (grid, g_ptr_array_index (run->result->items, i)));
  g_assert_false (ks_item_grid_is_returned (grid, ks_entity_get_item (customer, 0)));
  /* on screen: every cell of a returned row, and no other */
  ks_selection_set_item (selection, g_ptr_array_index (run->result->items, 0));
  ks_test_drain ();
  g_assert_cmpuint (check_lit_cells (grid, run), >, 0);

  /* rows bound later (another filter) are lit too */
  ks_item_grid_set_filter (grid, NULL);
  ks_test_drain ();
  check_lit_cells (grid, run);

  /* another pattern lights its own rows; none, none */
  {
    KsPattern *lines = ks_design_find_pattern (f->design, "Lines of an order");
    g_autoptr(KsPatternRun) other = ks_pattern_run (ks_document_get_engine (f->document), lines);
    ks_selection_set_pattern (selection, lines);
    ks_test_drain ();
    check_lit_cells (grid, other);
  }
  ks_selection_set_pattern (selection, NULL);
  ks_test_drain ();
  g_assert_cmpuint (check_lit_cells (grid, NULL), ==, 0);
  g_assert_false (ks_item_grid_is_returned (grid, g_ptr_array_index (run->result->items, 0)));
}

/* PK and SK of every item of @entity from @from on, as text */
static GPtrArray *
keys_of (KsEntity *entity,
         guint     from)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = from; i < ks_entity_get_n_items (entity); i++)
    {
      KsItem *item = ks_entity_get_item (entity, i);
      KsValue *final = ks_item_get_final (item);
      g_ptr_array_add (keys, g_strdup_printf ("%s %s", ks_value_get_string (ks_value_lookup (final, "PK"), NULL),
                                              ks_value_get_string (ks_value_lookup (final, "SK"), NULL)));
    }
  return keys;
}

static void
test_generate (Fixture       *f,
               gconstpointer  data)
{
  KsEntity *order = ks_design_find_entity (f->design, "Order");
  guint n = ks_entity_get_n_items (order);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GHashTable) unique = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ks_window_generate_items (f->window, order, 40, 7, &error));
  g_assert_no_error (error);
  ks_test_drain ();
  g_assert_cmpuint (ks_entity_get_n_items (order), ==, n + 40);
  g_assert_true (ks_document_get_modified (f->document));
  g_assert_true (ks_selection_get_item (ks_window_get_selection (f->window)) == ks_entity_get_item (order, n));
  for (guint i = n; i < n + 40; i++)
    g_assert_false (ks_item_has_errors (ks_entity_get_item (order, i)));
  /* primary keys stay unique, old items included */
  all = keys_of (order, 0);
  for (guint i = 0; i < all->len; i++)
    g_assert_true (g_hash_table_add (unique, g_ptr_array_index (all, i)));
  first = keys_of (order, n);

  /* one undo takes them all away */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  ks_test_drain ();
  g_assert_cmpuint (ks_entity_get_n_items (order), ==, n);
  g_assert_false (ks_document_get_modified (f->document));

  /* the same seed, the same items */
  g_assert_true (ks_window_generate_items (f->window, order, 40, 7, &error));
  again = keys_of (order, n);
  g_assert_cmpuint (again->len, ==, first->len);
  for (guint i = 0; i < first->len; i++)
    g_assert_cmpstr (g_ptr_array_index (again, i), ==, g_ptr_array_index (first, i));
}

static void
test_generate_dialog (Fixture       *f,
                      gconstpointer  data)
{
  KsItemGrid *grid = KS_ITEM_GRID (ks_window_get_grid (f->window));
  KsEntity *item_entity = ks_design_find_entity (f->design, "OrderItem");
  guint n = ks_entity_get_n_items (item_entity);
  KsGenerateDialog *dialog;

  /* it offers the entity the grid shows */
  ks_item_grid_set_filter (grid, item_entity);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.generate-items", NULL);
  ks_test_drain ();
  dialog = ks_test_find_toplevel (KS_TYPE_GENERATE_DIALOG, NULL);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  g_assert_true (ks_generate_dialog_get_entity (dialog) == item_entity);
  g_assert_cmpuint (ks_generate_dialog_get_count (dialog), ==, 100);
  ks_generate_dialog_set_count (dialog, 5);
  ks_generate_dialog_set_seed (dialog, 12345);
  g_assert_cmpuint (ks_generate_dialog_get_seed (dialog), ==, 12345);
  /* what a click on Generate does */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "generate");
  gtk_window_close (GTK_WINDOW (dialog));
  ks_test_drain ();
  g_assert_cmpuint (ks_entity_get_n_items (item_entity), ==, n + 5);
  g_assert_nonnull (strstr (ks_window_get_last_toast (f->window), "12345"));

  /* cancelled: nothing happens */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.generate-items", NULL);
  ks_test_drain ();
  dialog = ks_test_find_toplevel (KS_TYPE_GENERATE_DIALOG, NULL);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  ks_test_drain ();
  g_assert_cmpuint (ks_entity_get_n_items (item_entity), ==, n + 5);
  g_assert_null (ks_test_find_toplevel (KS_TYPE_GENERATE_DIALOG, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ks_test_init (&argc, &argv, "window-data", KS_TEST_INIT_DEFAULT);

  if (home == NULL)
    return 77;

  ks_window_test_add ("/keyshape/window-data/returned-rows", NULL, test_returned_rows);
  ks_window_test_add ("/keyshape/window-data/generate", NULL, test_generate);
  ks_window_test_add ("/keyshape/window-data/generate-dialog", NULL, test_generate_dialog);
  return ks_test_run (home);
}
