/* ks-screenshot.c: renders the main window to PNG (data/screenshots)
 *
 * Usage: ks-screenshot DESIGN OUT.png [light|dark] [SCENE]
 *
 * SCENE (default: the main window as in the mockup):
 *   present[=PATTERN]  presentation mode on PATTERN (by name; by default
 *                      the pattern the main screenshot highlights)
 *   recovery           the offer of unsaved edits at the next start (the
 *                      autosave goes to a temporary XDG_STATE_HOME)
 *   dialog=ACTION      the dialog a window action opens (win.generate-items…)
 *   shortcuts          the shortcuts window
 *   compare=FILE       Compare With… FILE
 *   page=PAGE          the inspector on an analysis page: cost or coverage
 *   templates          New from Template… over a new window, with DESIGN
 *                      (a file of the templates folder) selected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ks-recovery.h"
#include "ks-sidebar.h"
#include "ks-template-chooser.h"
#include "ks-window.h"

#define DEFAULT_PATTERN "Orders of a customer, newest first"

static void
drain (void)
{
  for (int i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

/* The newest toplevel other than @window (a dialog it opened), or NULL. */
static GtkWidget *
find_dialog (KsWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */
  GtkWidget *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);
      if (toplevel != GTK_WIDGET (window) && gtk_widget_get_visible (toplevel) &&
          gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == GTK_WINDOW (window))
        found = toplevel;
    }
  return found;
}

static void
snapshot_widget (GtkSnapshot *snapshot,
                 GtkWidget   *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *state = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GtkWidget *shown, *dialog = NULL;
  KsWindow *window;
  KsDesign *design;
  KsEntity *order;
  KsPattern *pattern;
  int width = 1440, height = 900;
  const char *scene = argc > 4 ? argv[4] : "";
  const char *present = g_str_has_prefix (scene, "present") ? scene + strlen ("present") : NULL;

  if (argc < 3)
    {
      g_printerr ("Usage: %s DESIGN OUT.png [light|dark] "
                  "[present[=PATTERN]|recovery|dialog=ACTION|templates|page=PAGE]\n", argv[0]);
      return 2;
    }
  if (g_str_equal (scene, "recovery"))
    {
      /* never the user's own autosaves */
      state = g_dir_make_tmp ("ks-screenshot-XXXXXX", NULL);
      g_setenv ("XDG_STATE_HOME", state, TRUE);
    }
  g_set_prgname ("keyshape");
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_init ();
  adw_init ();
  {
    /* AdwApplication loads it by itself; there is none here */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/org/keyshape/Keyshape/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      argc > 3 && g_str_equal (argv[3], "dark")
                                      ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

  window = ks_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  file = g_file_new_for_commandline_arg (argv[1]);
  if (!ks_window_load_file (window, file))
    return 1;
  drain ();

  /* the scene of the mockup: the Order entity, one of its items, and the
   * pattern that reads a customer's orders highlighted */
  design = ks_document_get_design (ks_window_get_document (window));
  order = ks_design_find_entity (design, "Order");
  pattern = ks_design_find_pattern (design, present && *present == '=' ? present + 1 : DEFAULT_PATTERN);
  if (order != NULL)
    {
      ks_sidebar_select (KS_SIDEBAR (ks_window_get_sidebar (window)), order);
      if (ks_entity_get_n_items (order) > 0)
        ks_selection_set_item (ks_window_get_selection (window), ks_entity_get_item (order, 0));
    }
  if (pattern != NULL)
    ks_selection_set_pattern (ks_window_get_selection (window), pattern);
  drain ();

  shown = GTK_WIDGET (window);
  if (present != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL);
      drain ();
      /* what the screen shows is the presentation alone (Xvfb has no
       * window manager to make the window full screen; its frame stays) */
      shown = ks_window_get_presentation (window);
    }
  else if (g_str_equal (scene, "recovery"))
    {
      KsDocument *document = ks_window_get_document (window);
      g_autoptr(GError) error = NULL;

      /* an edit autosaved, then a crash, then the next start */
      ks_document_set (document, design, "name", "E-commerce orders (v2)", NULL);
      if (!ks_recovery_save (document, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      gtk_window_destroy (GTK_WINDOW (window));
      window = ks_window_new (NULL);
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
      gtk_window_present (GTK_WINDOW (window));
      drain ();
      ks_window_offer_recovery (window);
      drain ();
      shown = GTK_WIDGET (window);
      dialog = find_dialog (window);
    }
  else if (g_str_equal (scene, "shortcuts"))
    {
      /* what win.show-help-overlay shows (AdwApplication installs it) */
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/keyshape/Keyshape/gtk/help-overlay.ui");
      GtkWindow *overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

      gtk_window_set_transient_for (overlay, GTK_WINDOW (window));
      gtk_window_present (overlay);
      drain ();
      shown = GTK_WIDGET (overlay);
    }
  else if (g_str_has_prefix (scene, "compare="))
    {
      g_autoptr(GFile) other = g_file_new_for_commandline_arg (scene + strlen ("compare="));
      g_autoptr(GError) error = NULL;

      dialog = ks_window_compare_with (window, other, &error);
      if (dialog == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      drain ();
    }
  else if (g_str_equal (scene, "templates"))
    {
      /* over a new window, as after the start; the chooser lists the
       * folder DESIGN is in */
      g_autoptr(GFile) dir = g_file_get_parent (file);
      g_autofree char *path = g_file_get_path (dir);
      g_autoptr(KsDesign) empty = ks_window_new_empty_design ();
      g_autoptr(KsDocument) document = ks_document_new (empty);
      int index;

      ks_window_set_document (window, document);
      g_setenv ("KEYSHAPE_TEMPLATES_DIR", path, TRUE);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.choose-template", NULL);
      drain ();
      dialog = find_dialog (window);
      index = KS_IS_TEMPLATE_CHOOSER (dialog) ? ks_template_chooser_find (KS_TEMPLATE_CHOOSER (dialog), file) : -1;
      if (index < 0)
        {
          g_printerr ("%s is not listed in New from Template…\n", argv[1]);
          return 1;
        }
      ks_template_chooser_select (KS_TEMPLATE_CHOOSER (dialog), index);
      drain ();
    }
  else if (g_str_has_prefix (scene, "page="))
    {
      ks_sidebar_select_page (KS_SIDEBAR (ks_window_get_sidebar (window)), scene + strlen ("page="));
      drain ();
    }
  else if (g_str_has_prefix (scene, "dialog="))
    {
      gtk_widget_activate_action (GTK_WIDGET (window), scene + strlen ("dialog="), NULL);
      drain ();
      dialog = find_dialog (window);
      if (dialog == NULL)
        {
          g_printerr ("%s opened no dialog\n", scene + strlen ("dialog="));
          return 1;
        }
    }

  /* the window, and a dialog centred over it as a window manager would */
  width = gtk_widget_get_width (shown);
  height = gtk_widget_get_height (shown);
  snapshot = gtk_snapshot_new ();
  snapshot_widget (snapshot, shown);
  if (dialog != NULL)
    {
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0.3 }, &GRAPHENE_RECT_INIT (0, 0, width, height));
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - gtk_widget_get_width (dialog)) / 2,
                                                              (height - gtk_widget_get_height (dialog)) / 2));
      snapshot_widget (snapshot, dialog);
    }
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  if (!gdk_texture_save_to_png (texture, argv[2]))
    {
      g_printerr ("%s: could not write\n", argv[2]);
      return 1;
    }
  gtk_window_destroy (GTK_WINDOW (window));
  if (state != NULL)
    {
      /* the autosave of the scene */
      g_autofree char *dir = g_build_filename (state, "keyshape", "recovery", NULL);
      g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
      const char *name;
      while (entries != NULL && (name = g_dir_read_name (entries)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (dir);
      dir[strlen (dir) - strlen ("/recovery")] = '\0';
      g_rmdir (dir);
      g_rmdir (state);
    }
  return 0;
}
