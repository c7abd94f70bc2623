/* ks-window-fixture.c: what the window tests share (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ks-window-fixture.h"

/* Program ----------------------------------------------------------------------- */

char *
ks_test_init (int              *argc,
              char           ***argv,
              const char       *name,
              KsTestInitFlags   flags)
{
  g_autofree char *template = g_strdup_printf ("keyshape-%s-XXXXXX", name);
  g_autofree char *home = g_dir_make_tmp (template, NULL);
  g_autofree char *state = NULL;
  g_autofree char *data = NULL;

  /* before anything reads them (GLib keeps them once read); the system's
   * data directories stay, for the icons and GSettings schemas */
  g_assert_nonnull (home);
  state = g_build_filename (home, "state", NULL);
  data = g_build_filename (home, "data", NULL);
  if (flags & KS_TEST_INIT_HOME)
    g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_test_init (argc, argv, NULL);
  /* no accessibility bus on a headless test machine */
  g_setenv ("GTK_A11Y", flags & KS_TEST_INIT_ACCESSIBLE ? "test" : "none", TRUE);
  /* software GL on Xvfb is slow; cairo draws the same widgets */
  g_setenv ("GSK_RENDERER", "cairo", TRUE);

  /* widget tests need a display: xvfb-run gives one */
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      ks_test_remove_tree (home);
      return NULL;
    }
  adw_init ();
  return g_steal_pointer (&home);
}

int
ks_test_run (const char *home)
{
  int status = g_test_run ();

  ks_test_remove_tree (home);
  return status;
}

/* Main loop --------------------------------------------------------------------- */

void
ks_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
ks_test_drain_frames (guint n)
{
  for (guint i = 0; i < n; i++)
    {
      ks_test_drain ();
      g_usleep (5000);
    }
}

/* Files ------------------------------------------------------------------------- */

void
ks_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        ks_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

GFile *
ks_test_copy_design (const char *name,
                     const char *dir,
                     const char *as)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, name, NULL);
  g_autofree char *path = g_build_filename (dir, as, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return g_file_new_for_path (path);
}

/* Widgets ----------------------------------------------------------------------- */

KsWindow *
ks_test_window_new (GFile *file)
{
  KsWindow *window = g_object_ref_sink (ks_window_new (NULL));

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ks_window_load_file (window, file));
  ks_test_drain ();
  return window;
}

static gboolean
trigger_has_key (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_has_key (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers) ||
           trigger_has_key (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), keyval, modifiers);
  return GTK_IS_KEYVAL_TRIGGER (trigger) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
}

gboolean
ks_test_foreach_shortcut (GtkWidget          *widget,
                          KsTestShortcutFunc  func,
                          gpointer            data)
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

          if (func (widget, shortcut, data))
            return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  guint           keyval;
  GdkModifierType modifiers;
} Key;

static gboolean
activate_on_key (GtkWidget   *widget,
                 GtkShortcut *shortcut,
                 gpointer     data)
{
  const Key *key = data;

  return trigger_has_key (gtk_shortcut_get_trigger (shortcut), key->keyval, key->modifiers) &&
         gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                       gtk_shortcut_get_arguments (shortcut));
}

gboolean
ks_test_press_key (GtkWidget       *widget,
                   guint            keyval,
                   GdkModifierType  modifiers)
{
  Key key = { keyval, modifiers };

  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (ks_test_foreach_shortcut (widget, activate_on_key, &key))
      return TRUE;
  return FALSE;
}

GtkWidget *
ks_test_find_child (GtkWidget *widget,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ks_test_find_child (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

gpointer
ks_test_find_toplevel (GType      type,
                       GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (toplevel) &&
          (parent == NULL || gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == parent))
        return toplevel;
    }
  return NULL;
}

GdkTexture *
ks_test_render_widget (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* The fixture ------------------------------------------------------------------- */

void
ks_window_fixture_open (KsWindowFixture *f,
                        GFile           *file)
{
  g_set_object (&f->file, file);
  f->window = ks_test_window_new (file);
  f->document = ks_window_get_document (f->window);
  f->design = ks_document_get_design (f->document);
}

void
ks_window_fixture_setup (KsWindowFixture *f,
                         gconstpointer    name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, name ? name : KS_TEST_DESIGN, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  ks_window_fixture_open (f, file);
}

void
ks_window_fixture_setup_copy (KsWindowFixture *f,
                              gconstpointer    name)
{
  const char *source = name ? name : KS_TEST_DESIGN;
  g_autofree char *basename = g_path_get_basename (source);
  g_autoptr(GFile) file = NULL;

  f->dir = g_dir_make_tmp ("keyshape-fixture-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  file = ks_test_copy_design (source, f->dir, basename);
  ks_window_fixture_open (f, file);
}

void
ks_window_fixture_teardown (KsWindowFixture *f,
                            gconstpointer    name)
{
  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      g_clear_object (&f->window);
    }
  g_clear_object (&f->file);
  if (f->dir != NULL)
    {
      ks_test_remove_tree (f->dir);
      g_clear_pointer (&f->dir, g_free);
    }
  ks_test_drain ();
}
