/* test-window-recovery.c: autosave of unsaved edits in the window, and
 * their recovery at the next start, under Xvfb
 *
 * The program runs with a temporary $XDG_STATE_HOME (and $XDG_DATA_HOME for
 * the designs and recent files), so the autosaves go to a temporary
 * keyshape/recovery folder, emptied before each test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ks-item-grid.h"
#include "ks-recovery.h"
#include "ks-window-fixture.h"

/* f->window: the run that "crashes"; f->file: its design, a copy in the
 * test's own data dir */
typedef KsWindowFixture Fixture;

static guint
n_entries (void)
{
  g_autoptr(GPtrArray) entries = ks_recovery_list ();
  return entries->len;
}

/* Files left in the autosave folder (none once an entry is removed). */
static guint
n_files (void)
{
  g_autofree char *path = ks_recovery_get_dir ();
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static KsItem *
first_order (KsWindow *window)
{
  KsDesign *design = ks_document_get_design (ks_window_get_document (window));
  return ks_entity_get_item (ks_design_find_entity (design, "Order"), 0);
}

static char *
total_of (KsItem *item)
{
  return ks_value_to_display (ks_value_lookup (item->values, "total"));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *recovery = ks_recovery_get_dir ();
  g_autoptr(GFile) file = NULL;

  /* what an earlier test left */
  ks_test_remove_tree (recovery);
  file = ks_test_copy_design (KS_TEST_DESIGN, g_get_user_data_dir (), "shop.keyshape.json");
  g_assert_cmpuint (n_entries (), ==, 0);
  ks_window_fixture_open (f, file);
}

/* The user's edits: the design's name, and an order's total in the grid. */
static void
edit (KsWindow *window)
{
  KsDocument *document = ks_window_get_document (window);
  KsItemGrid *grid = KS_ITEM_GRID (ks_window_get_grid (window));
  g_autoptr(GError) error = NULL;

  ks_document_set (document, ks_document_get_design (document), "name", "Shop (edited)", NULL);
  g_assert_true (ks_item_grid_commit_cell (grid, first_order (window), "total", "99.5", &error));
  g_assert_no_error (error);
  g_assert_true (ks_document_get_modified (document));
}

/* The process dies: nothing closes the window the way a user would. */
static void
crash (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  ks_test_drain ();
}

static void
test_recover (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(KsWindow) next = NULL;
  g_autofree char *on_disk = NULL;
  g_autofree char *total = NULL;
  AdwMessageDialog *dialog;
  KsDocument *document;

  edit (f->window);
  /* a moment after the last edit, not on every keystroke */
  g_assert_cmpuint (n_entries (), ==, 0);
  KS_TEST_WAIT_UNTIL (n_entries () == 1, 30);
  /* the file itself is untouched */
  g_assert_true (g_file_load_contents (f->file, NULL, &on_disk, NULL, NULL, NULL));
  g_assert_null (strstr (on_disk, "Shop (edited)"));
  crash (f);

  /* the next start offers the edits back */
  next = g_object_ref_sink (ks_window_new (NULL));
  gtk_window_present (GTK_WINDOW (next));
  ks_test_drain ();
  g_assert_true (ks_window_is_pristine (next));
  g_assert_true (ks_window_offer_recovery (next));
  dialog = ks_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (next));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Shop (edited)"));
  adw_message_dialog_response (dialog, "recover");
  ks_test_drain ();

  document = ks_window_get_document (next);
  g_assert_cmpstr (ks_design_get_name (ks_document_get_design (document)), ==, "Shop (edited)");
  total = total_of (first_order (next));
  g_assert_cmpstr (total, ==, "99.5");
  /* still unsaved, and saving goes to the file the edits were made to */
  g_assert_true (ks_document_get_modified (document));
  g_assert_true (g_file_equal (ks_document_get_file (document), f->file));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (next)), "•"));
  g_assert_nonnull (ks_window_get_last_toast (next));

  /* further edits replace the same autosave */
  ks_document_set (document, ks_document_get_design (document), "description", "recovered", NULL);
  KS_TEST_WAIT_UNTIL (n_entries () == 1, 30);
  ks_test_drain ();
  g_assert_cmpuint (n_files (), ==, 2);

  /* saving ends it */
  g_assert_true (ks_window_save_to (next, f->file));
  g_assert_cmpuint (n_entries (), ==, 0);
  g_assert_cmpuint (n_files (), ==, 0);
  g_assert_false (ks_window_offer_recovery (next));
  gtk_window_destroy (GTK_WINDOW (next));
}

/* Edits, crashes once they are autosaved, and starts again: the next
 * window, with @dialog offering the edits back over it. */
static KsWindow *
crash_and_restart (Fixture           *f,
                   AdwMessageDialog **dialog)
{
  KsWindow *next;

  edit (f->window);
  KS_TEST_WAIT_UNTIL (n_entries () == 1, 30);
  crash (f);

  next = g_object_ref_sink (ks_window_new (NULL));
  gtk_window_present (GTK_WINDOW (next));
  g_assert_true (ks_window_offer_recovery (next));
  *dialog = ks_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (next));
  g_assert_nonnull (*dialog);
  return next;
}

static void
test_discard (Fixture       *f,
              gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autoptr(KsWindow) next = crash_and_restart (f, &dialog);

  adw_message_dialog_response (dialog, "discard");
  ks_test_drain ();
  g_assert_cmpuint (n_entries (), ==, 0);
  g_assert_cmpuint (n_files (), ==, 0);
  g_assert_true (ks_window_is_pristine (next));
  gtk_window_destroy (GTK_WINDOW (next));
}

static void
test_later (Fixture       *f,
            gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autoptr(KsWindow) next = crash_and_restart (f, &dialog);

  /* Escape */
  gtk_window_close (GTK_WINDOW (dialog));
  ks_test_drain ();
  g_assert_true (ks_window_is_pristine (next));
  g_assert_cmpuint (n_entries (), ==, 1);
  gtk_window_destroy (GTK_WINDOW (next));
}

static void
test_close_without_saving (Fixture       *f,
                           gconstpointer  data)
{
  AdwMessageDialog *dialog;

  edit (f->window);
  KS_TEST_WAIT_UNTIL (n_entries () == 1, 30);
  gtk_window_close (GTK_WINDOW (f->window));
  ks_test_drain ();
  dialog = ks_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (f->window));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  ks_test_drain ();
  /* the window closed, and its autosave went with it */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window)));
  g_clear_object (&f->window);
  g_assert_cmpuint (n_entries (), ==, 0);
  g_assert_cmpuint (n_files (), ==, 0);
}

static void
test_undo_to_saved (Fixture       *f,
                    gconstpointer  data)
{
  KsDocument *document = ks_window_get_document (f->window);

  edit (f->window);
  KS_TEST_WAIT_UNTIL (n_entries () == 1, 30);
  while (ks_document_can_undo (document))
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_false (ks_document_get_modified (document));
  /* nothing unsaved is left, so nothing is offered after a crash */
  KS_TEST_WAIT_UNTIL (n_entries () == 0, 30);
  g_assert_cmpuint (n_files (), ==, 0);
  crash (f);
}

static void
test_nothing (void)
{
  g_autoptr(KsWindow) window = g_object_ref_sink (ks_window_new (NULL));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (ks_window_offer_recovery (window));
  g_assert_null (ks_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, GTK_WINDOW (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ks_test_init (&argc, &argv, "recovery", KS_TEST_INIT_DEFAULT);

  if (home == NULL)
    return 77;

  g_test_add_func ("/keyshape/window-recovery/nothing", test_nothing);
  g_test_add ("/keyshape/window-recovery/recover", Fixture, NULL, fixture_setup, test_recover,
              ks_window_fixture_teardown);
  g_test_add ("/keyshape/window-recovery/discard", Fixture, NULL, fixture_setup, test_discard,
              ks_window_fixture_teardown);
  g_test_add ("/keyshape/window-recovery/later", Fixture, NULL, fixture_setup, test_later,
              ks_window_fixture_teardown);
  g_test_add ("/keyshape/window-recovery/close-without-saving", Fixture, NULL, fixture_setup,
              test_close_without_saving, ks_window_fixture_teardown);
  g_test_add ("/keyshape/window-recovery/undo-to-saved", Fixture, NULL, fixture_setup, test_undo_to_saved,
              ks_window_fixture_teardown);
  return ks_test_run (home);
}
