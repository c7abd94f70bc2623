/* ks-compare-window.c: what changed between another version and this design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-compare"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-compare-window.h"

struct _KsCompareWindow
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkTextView    *text_view;
};

G_DEFINE_FINAL_TYPE (KsCompareWindow, ks_compare_window, ADW_TYPE_WINDOW)

static void
on_copy_clicked (KsCompareWindow *self)
{
  g_autofree char *text = ks_compare_window_get_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

/* ks_diff_to_text() writes sections: a heading line, then indented lines */
static void
set_text (KsCompareWindow *self,
          const char      *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GtkTextIter end;

  gtk_text_buffer_create_tag (buffer, "heading", "weight", PANGO_WEIGHT_BOLD, "scale", 1.15,
                              "pixels-above-lines", 12, NULL);
  gtk_text_buffer_create_tag (buffer, "change", "left-margin", 36, "indent", -18, NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gboolean heading = *line != ' ';

      if (*line == '\0' && lines[i + 1] == NULL)
        break;
      while (*line == ' ')
        line++;
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, line, -1, heading ? "heading" : "change", NULL);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, "\n", 1);
    }
}

static void
ks_compare_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KS_TYPE_COMPARE_WINDOW);
  G_OBJECT_CLASS (ks_compare_window_parent_class)->dispose (object);
}

static void
ks_compare_window_class_init (KsCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_compare_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KsCompareWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KsCompareWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KsCompareWindow, text_view);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
}

static void
ks_compare_window_init (KsCompareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ks_compare_window_new (GtkWindow  *parent,
                       const char *old_name,
                       const char *new_name,
                       KsDiff     *diff)
{
  KsCompareWindow *self;
  g_autofree char *subtitle = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (diff != NULL, NULL);

  self = g_object_new (KS_TYPE_COMPARE_WINDOW, "transient-for", parent, NULL);
  /* TRANSLATORS: the file compared with → the design in the window */
  subtitle = g_strdup_printf (_("%s → %s"), old_name, new_name);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  text = ks_diff_to_text (diff);
  set_text (self, text);
  gtk_stack_set_visible_child_name (self->stack, ks_diff_is_empty (diff) ? "same" : "changes");
  return GTK_WIDGET (self);
}

char *
ks_compare_window_get_text (KsCompareWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (KS_IS_COMPARE_WINDOW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
