/* ks-screenshot.c: renders the main window to PNG (data/screenshots)
 *
 * Usage: ks-screenshot DESIGN OUT.png [light|dark] [present[=PATTERN]]
 *
 * With "present" the window is in presentation mode on PATTERN (by name;
 * by default the one the main screenshot highlights).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ks-sidebar.h"
#include "ks-window.h"

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

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GtkWidget *shown;
  KsWindow *window;
  KsDesign *design;
  KsEntity *order;
  KsPattern *pattern;
  int width = 1440, height = 900;
  const char *present = argc > 4 && g_str_has_prefix (argv[4], "present") ? argv[4] + strlen ("present") : NULL;

  if (argc < 3)
    {
      g_printerr ("Usage: %s DESIGN OUT.png [light|dark] [present[=PATTERN]]\n", argv[0]);
      return 2;
    }
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
  pattern = ks_design_find_pattern (design, present && *present == '=' ? present + 1
                                                                     : "Orders of a customer, newest first");
  if (order != NULL)
    {
      ks_sidebar_select (KS_SIDEBAR (ks_window_get_sidebar (window)), order);
      if (ks_entity_get_n_items (order) > 0)
        ks_selection_set_item (ks_window_get_selection (window), ks_entity_get_item (order, 0));
    }
  if (pattern != NULL)
    ks_selection_set_pattern (ks_window_get_selection (window), pattern);
  drain ();
  if (present != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.present", NULL);
      drain ();
    }

  /* presenting, what the screen shows is the presentation alone (Xvfb has
   * no window manager to make the window full screen; its frame stays) */
  shown = present != NULL ? ks_window_get_presentation (window) : GTK_WIDGET (window);
  width = gtk_widget_get_width (shown);
  height = gtk_widget_get_height (shown);
  paintable = gtk_widget_paintable_new (shown);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
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
  return 0;
}
