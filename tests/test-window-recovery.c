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

#include <glib/gstdio.h>

#include "ks-item-grid.h"
#include "ks-recovery.h"
#include "ks-window.h"

typedef struct
{
  KsWindow *window;      /* the run that "crashes" */
  GFile    *file;        /* its design, a copy in the test's own data dir */
} Fixture;

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds, for at most @seconds. */
static gboolean
wait_until (Condition condition,
            gpointer  data,
            double    seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      drain ();
      g_usleep (20000);
    }
  return TRUE;
}

static guint
n_entries (void)
{
  g_autoptr(GPtrArray) entries = ks_recovery_list ();
  return entries->len;
}

static gboolean
has_entry (gpointer data)
{
  return n_entries () == 1;
}

static gboolean
has_no_entry (gpointer data)
{
  return n_entries () == 0;
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

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static AdwMessageDialog *
find_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == parent &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
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
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "window-shop.keyshape.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "shop.keyshape.json", NULL);
  g_autofree char *recovery = ks_recovery_get_dir ();
  gsize length;

  /* what an earlier test left */
  remove_tree (recovery);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  f->file = g_file_new_for_path (path);
  g_assert_cmpuint (n_entries (), ==, 0);

  f->window = g_object_ref_sink (ks_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (ks_window_load_file (f->window, f->file));
  drain ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      g_clear_object (&f->window);
    }
  g_clear_object (&f->file);
  drain ();
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
  drain ();
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
  g_assert_true (wait_until (has_entry, NULL, 30));
  /* the file itself is untouched */
  g_assert_true (g_file_load_contents (f->file, NULL, &on_disk, NULL, NULL, NULL));
  g_assert_null (strstr (on_disk, "Shop (edited)"));
  crash (f);

  /* the next start offers the edits back */
  next = g_object_ref_sink (ks_window_new (NULL));
  gtk_window_present (GTK_WINDOW (next));
  drain ();
  g_assert_true (ks_window_is_pristine (next));
  g_assert_true (ks_window_offer_recovery (next));
  dialog = find_dialog (GTK_WINDOW (next));
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Shop (edited)"));
  adw_message_dialog_response (dialog, "recover");
  drain ();

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
  g_assert_true (wait_until (has_entry, NULL, 30));
  drain ();
  g_assert_cmpuint (n_files (), ==, 2);

  /* saving ends it */
  g_assert_true (ks_window_save_to (next, f->file));
  g_assert_cmpuint (n_entries (), ==, 0);
  g_assert_cmpuint (n_files (), ==, 0);
  g_assert_false (ks_window_offer_recovery (next));
  gtk_window_destroy (GTK_WINDOW (next));
}

static void
test_discard (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(KsWindow) next = NULL;
  AdwMessageDialog *dialog;

  edit (f->window);
  g_assert_true (wait_until (has_entry, NULL, 30));
  crash (f);

  next = g_object_ref_sink (ks_window_new (NULL));
  gtk_window_present (GTK_WINDOW (next));
  g_assert_true (ks_window_offer_recovery (next));
  dialog = find_dialog (GTK_WINDOW (next));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  drain ();
  g_assert_cmpuint (n_entries (), ==, 0);
  g_assert_cmpuint (n_files (), ==, 0);
  g_assert_true (ks_window_is_pristine (next));
  gtk_window_destroy (GTK_WINDOW (next));
}

static void
test_later (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KsWindow) next = NULL;
  AdwMessageDialog *dialog;

  edit (f->window);
  g_assert_true (wait_until (has_entry, NULL, 30));
  crash (f);

  next = g_object_ref_sink (ks_window_new (NULL));
  gtk_window_present (GTK_WINDOW (next));
  g_assert_true (ks_window_offer_recovery (next));
  dialog = find_dialog (GTK_WINDOW (next));
  g_assert_nonnull (dialog);
  /* Escape */
  gtk_window_close (GTK_WINDOW (dialog));
  drain ();
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
  g_assert_true (wait_until (has_entry, NULL, 30));
  gtk_window_close (GTK_WINDOW (f->window));
  drain ();
  dialog = find_dialog (GTK_WINDOW (f->window));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  drain ();
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
  g_assert_true (wait_until (has_entry, NULL, 30));
  while (ks_document_can_undo (document))
    gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_false (ks_document_get_modified (document));
  /* nothing unsaved is left, so nothing is offered after a crash */
  g_assert_true (wait_until (has_no_entry, NULL, 30));
  g_assert_cmpuint (n_files (), ==, 0);
  crash (f);
}

static void
test_nothing (void)
{
  g_autoptr(KsWindow) window = g_object_ref_sink (ks_window_new (NULL));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (ks_window_offer_recovery (window));
  g_assert_null (find_dialog (GTK_WINDOW (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("keyshape-recovery-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (home, "state", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  int status;

  /* before anything reads them (GLib keeps them once read); the system's
   * data directories stay, for the icons and GSettings schemas */
  g_assert_nonnull (home);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return 77;
    }
  adw_init ();

  g_test_add_func ("/keyshape/window-recovery/nothing", test_nothing);
  g_test_add ("/keyshape/window-recovery/recover", Fixture, NULL, fixture_setup, test_recover, fixture_teardown);
  g_test_add ("/keyshape/window-recovery/discard", Fixture, NULL, fixture_setup, test_discard, fixture_teardown);
  g_test_add ("/keyshape/window-recovery/later", Fixture, NULL, fixture_setup, test_later, fixture_teardown);
  g_test_add ("/keyshape/window-recovery/close-without-saving", Fixture, NULL, fixture_setup,
              test_close_without_saving, fixture_teardown);
  g_test_add ("/keyshape/window-recovery/undo-to-saved", Fixture, NULL, fixture_setup, test_undo_to_saved,
              fixture_teardown);
  status = g_test_run ();
  remove_tree (home);
  return status;
}
