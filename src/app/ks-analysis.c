/* ks-analysis.c: the rows the Analysis pages (cost, coverage) are made of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-analysis"

#include "config.h"

#include "ks-analysis.h"

GtkWidget *
ks_analysis_row_new (const char *title,
                     const char *subtitle,
                     gpointer    object)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (object != NULL)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "ks-object", g_object_ref (object), g_object_unref);
    }
  return row;
}

GtkWidget *
ks_analysis_status_icon (const char *icon_name,
                         const char *css_class)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (image, css_class);
  return image;
}

static void
draw_dot (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        data)
{
  KsEntity *entity = data;
  GdkRGBA rgba;

  if (!gdk_rgba_parse (&rgba, ks_entity_get_color (entity)))
    gdk_rgba_parse (&rgba, "#888888");
  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

GtkWidget *
ks_analysis_entity_dot (KsEntity *entity)
{
  GtkWidget *dot;

  g_return_val_if_fail (KS_IS_ENTITY (entity), NULL);

  dot = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (dot), 10);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (dot), 10);
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  /* the colour says nothing the name does not */
  gtk_accessible_update_state (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (dot), draw_dot, g_object_ref (entity), g_object_unref);
  g_signal_connect_object (entity, "notify::color", G_CALLBACK (gtk_widget_queue_draw), dot, G_CONNECT_SWAPPED);
  return dot;
}

void
ks_analysis_clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((row = gtk_list_box_get_row_at_index (list, 0)))
    gtk_list_box_remove (list, GTK_WIDGET (row));
}
