/* ks-presentation.c: the access patterns of a design, one step at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-presentation"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ks-diagram-fit.h"
#include "ks-pattern-run.h"
#include "ks-presentation.h"

/* Large type: the diagram is drawn bigger than in the editor when it fits,
 * and never smaller than READABLE_ZOOM: a diagram too big for the screen
 * is shown around the partition the pattern reads instead. */
#define MAX_ZOOM      1.6
#define READABLE_ZOOM 0.75
#define MAX_COLUMNS   8

struct _KsPresentation
{
  GtkWidget           parent_instance;

  GtkStack           *stack;
  GtkLabel           *design_label;
  GtkLabel           *step_label;
  GtkLabel           *title_label;
  GtkLabel           *description_label;
  GtkLabel           *served_label;
  GtkLabel           *verdict_label;
  GtkLabel           *note_label;
  GtkLabel           *request_label;
  GtkDrawingArea     *area;

  KsDocument         *document;
  KsDiagram          *diagram;
  KsPattern          *pattern;        /* shown; its notify is watched */
  guint               step;
  guint               refresh_source;

  double              zoom;
  double              x;              /* viewport origin, diagram units */
  double              y;
};

enum { LEAVE, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsPresentation, ks_presentation, GTK_TYPE_WIDGET)

static GListModel *
patterns (KsPresentation *self)
{
  return G_LIST_MODEL (ks_design_get_patterns (ks_document_get_design (self->document)));
}

/* Fitting ---------------------------------------------------------------------- */

/* The part of the diagram to show when it cannot all be shown legibly: the
 * entries the pattern reads, else the first item it returns, with the card
 * they are in. */
static gboolean
focus_rect (KsPresentation    *self,
            cairo_rectangle_t *rect)
{
  KsDiagramLayout *layout = ks_diagram_get_layout (self->diagram);
  KsDiagramHighlight *highlight = ks_diagram_get_highlight (self->diagram);
  KsView *view = layout ? ks_diagram_layout_get_view (layout) : NULL;
  guint start = 0, end = 0, card_index;
  const KsDiagramCard *card;
  cairo_rectangle_t first, last;

  if (view == NULL || highlight == NULL)
    return FALSE;
  ks_diagram_highlight_get_range (highlight, &start, &end);
  if (start >= end)
    {
      /* a GetItem or a Scan: the first item it returns */
      guint n = ks_view_get_n_entries (view);
      for (start = 0; start < n; start++)
        if (ks_diagram_highlight_has_item (highlight, ks_view_get_entry (view, start)->item))
          break;
      if (start == n)
        return FALSE;
      end = start + 1;
    }
  if (!ks_diagram_layout_find_card (layout, start, &card_index) ||
      !ks_diagram_layout_get_entry_rect (layout, start, &first) ||
      !ks_diagram_layout_get_entry_rect (layout, end - 1, &last))
    return FALSE;
  card = ks_diagram_layout_get_card (layout, card_index);
  /* from the card's heading (the partition key) down to the last entry read */
  rect->x = card->x;
  rect->y = card->y;
  rect->width = ks_diagram_layout_get_card_width (layout);
  rect->height = MAX (last.y + last.height, first.y + first.height) - card->y;
  return TRUE;
}

static void
fit (KsPresentation *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self->area));
  double height = gtk_widget_get_height (GTK_WIDGET (self->area));
  double card_width, best_zoom = 0, w = 0, h = 0, vw, vh;
  cairo_rectangle_t rect;

  if (self->diagram == NULL || width <= 0 || height <= 0)
    return;
  /* the column count that shows the whole diagram largest */
  if (!ks_diagram_fit_columns (self->diagram, width, height, MAX_COLUMNS, NULL, &best_zoom))
    {
      /* an unknown view: the diagram says so at its top left */
      self->zoom = 1.0;
      self->x = self->y = 0;
      return;
    }

  if (best_zoom >= READABLE_ZOOM || !focus_rect (self, &rect))
    {
      self->zoom = CLAMP (best_zoom, 0.02, MAX_ZOOM);
      ks_diagram_get_size (self->diagram, &w, &h);
      vw = width / self->zoom;
      vh = height / self->zoom;
      /* centred; negative origins leave margins round a smaller diagram */
      self->x = (w - vw) / 2;
      self->y = MIN ((h - vh) / 2, 0);
      return;
    }

  /* too big to read whole: the partition the pattern reads as large as it
   * fits (one card across, or the part read from top to bottom), the
   * other cards flowing round it */
  card_width = ks_diagram_layout_get_card_width (ks_diagram_get_layout (self->diagram));
  self->zoom = MIN (width / ks_diagram_fit_wrap_width (card_width, 1),
                    height / (rect.height + 2 * KS_DIAGRAM_MARGIN));
  self->zoom = CLAMP (self->zoom, READABLE_ZOOM, MAX_ZOOM);
  ks_diagram_set_wrap_width (self->diagram, width / self->zoom);
  ks_diagram_get_size (self->diagram, &w, &h);
  if (!focus_rect (self, &rect))
    rect = (cairo_rectangle_t) { 0, 0, w, h };
  vw = width / self->zoom;
  vh = height / self->zoom;
  self->x = w <= vw ? (w - vw) / 2 : CLAMP (rect.x + rect.width / 2 - vw / 2, 0, w - vw);
  if (h <= vh)
    self->y = 0;
  else if (rect.height + 2 * KS_DIAGRAM_MARGIN <= vh)
    self->y = CLAMP (rect.y + rect.height / 2 - vh / 2, 0, h - vh);
  else
    self->y = CLAMP (rect.y - KS_DIAGRAM_MARGIN, 0, h - vh);
}

static void
draw_func (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  KsPresentation *self = data;

  /* a leaving presentation may still fade out without a document */
  if (self->diagram != NULL)
    ks_diagram_draw (self->diagram, cr, self->x, self->y, width, height, self->zoom);
}

static void
on_area_resize (GtkDrawingArea *area,
                int             width,
                int             height,
                KsPresentation *self)
{
  fit (self);
}

static void
update_theme (KsPresentation *self)
{
  if (self->diagram == NULL)
    return;
  ks_diagram_set_theme (self->diagram, adw_style_manager_get_dark (adw_style_manager_get_default ())
                                       ? KS_DIAGRAM_THEME_DARK : KS_DIAGRAM_THEME_LIGHT);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/* Steps ------------------------------------------------------------------------------ */

static void schedule_refresh (KsPresentation *self);

static void
watch_pattern (KsPresentation *self,
               KsPattern      *pattern)
{
  if (self->pattern == pattern)
    return;
  if (self->pattern != NULL)
    g_signal_handlers_disconnect_by_func (self->pattern, schedule_refresh, self);
  g_set_object (&self->pattern, pattern);
  if (pattern != NULL)
    g_signal_connect_swapped (pattern, "notify", G_CALLBACK (schedule_refresh), self);
}

static char *
verdict_text (KsPatternRun *run,
              const char  **css_class)
{
  if (run->error != NULL)
    {
      *css_class = "error";
      return g_strdup_printf (_("Does not run: %s"), run->error->message);
    }
  if (!run->passed)
    {
      *css_class = "error";
      if (run->unexpected != NULL && run->unexpected->len > 0)
        {
          g_autoptr(GString) names = g_string_new (NULL);
          for (guint i = 0; i < run->unexpected->len; i++)
            g_string_append_printf (names, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (run->unexpected, i));
          return g_strdup_printf (_("Fails: also returns %s"), names->str);
        }
      return g_strdup (_("Fails: returns nothing on the sample data"));
    }
  *css_class = "success";
  return g_strdup (_("Passes on the sample data"));
}

static char *
note_text (KsPatternRun *run)
{
  GString *s = g_string_new (NULL);

  if (run->served_by == KS_SERVED_BY_SCAN)
    g_string_append (s, _("Needs a Scan: every item of the table or index is read."));
  if (run->needs_filter && run->result != NULL)
    {
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE,
                                              "Relies on a filter: reads %u item to return %u.",
                                              "Relies on a filter: reads %u items to return %u.",
                                              run->result->scanned_count),
                              run->result->scanned_count, run->result->count);
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
update_actions (KsPresentation *self)
{
  guint n = self->document ? g_list_model_get_n_items (patterns (self)) : 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.previous", n > 0 && self->step > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.first", n > 0 && self->step > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.next", n > 0 && self->step + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "presentation.last", n > 0 && self->step + 1 < n);
}

static void
refresh (KsPresentation *self)
{
  KsEngine *engine;
  guint n;
  g_autoptr(KsPattern) pattern = NULL;
  g_autoptr(KsPatternRun) run = NULL;
  g_autoptr(KsDiagramHighlight) highlight = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *step = NULL;
  g_autofree char *served = NULL;
  g_autofree char *verdict = NULL;
  g_autofree char *note = NULL;
  g_autofree char *request = NULL;
  const char *css_class = NULL;
  const char *view;

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->document == NULL)
    return;
  engine = ks_document_get_engine (self->document);
  n = g_list_model_get_n_items (patterns (self));
  if (n == 0)
    {
      self->step = 0;
      watch_pattern (self, NULL);
      ks_diagram_set_highlight (self->diagram, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }
  self->step = MIN (self->step, n - 1);
  pattern = g_list_model_get_item (patterns (self), self->step);
  watch_pattern (self, pattern);

  run = ks_pattern_run (engine, pattern);
  highlight = ks_diagram_highlight_new_for_run (engine, run, &error);
  if (highlight != NULL)
    {
      /* the banner's request line is the "how it is served" text here; the
       * side panel shows it in large type instead of over the diagram */
      const char *banner = ks_diagram_highlight_get_banner (highlight);
      const char *nl = banner ? strchr (banner, '\n') : NULL;
      /* one fact a line: the key condition, the order, the counts, the units */
      g_auto(GStrv) parts = g_strsplit (nl ? nl + 1 : banner ? banner : "", " · ", -1);
      served = g_strjoinv ("\n", parts);
      ks_diagram_highlight_set_banner (highlight, NULL);
      view = ks_diagram_highlight_get_view (highlight);
    }
  else
    {
      served = g_strdup (ks_served_by_to_string (run->served_by));
      view = ks_pattern_get_index (pattern) ? ks_pattern_get_index (pattern) : ks_pattern_get_table (pattern);
    }
  ks_diagram_set_view (self->diagram, view);
  ks_diagram_set_highlight (self->diagram, highlight);

  step = g_strdup_printf (_("Access pattern %u of %u"), self->step + 1, n);
  gtk_label_set_text (self->design_label, ks_design_get_name (ks_document_get_design (self->document)));
  gtk_label_set_text (self->step_label, step);
  gtk_label_set_text (self->title_label, ks_pattern_get_name (pattern));
  show_label (self->description_label, ks_pattern_get_description (pattern));
  show_label (self->served_label, served);

  verdict = verdict_text (run, &css_class);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), css_class);
  show_label (self->verdict_label, verdict);
  note = note_text (run);
  show_label (self->note_label, note);

  request = run->request ? json_to_string (run->request, TRUE) : g_strdup (_("No request: the pattern could not be resolved."));
  gtk_label_set_text (self->request_label, request);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, served ? served : "",
                                  -1);
  gtk_stack_set_visible_child_name (self->stack, "step");
  update_actions (self);
  fit (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static gboolean
refresh_idle (gpointer data)
{
  KsPresentation *self = data;

  self->refresh_source = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (KsPresentation *self)
{
  /* after the diagram has followed the engine's change itself */
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add (refresh_idle, self);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KsPresentation *self = KS_PRESENTATION (widget);
  guint n = ks_presentation_get_n_steps (self);

  if (n == 0)
    return;
  if (g_str_equal (action_name, "presentation.next"))
    ks_presentation_set_step (self, MIN (self->step + 1, n - 1));
  else if (g_str_equal (action_name, "presentation.previous"))
    ks_presentation_set_step (self, self->step > 0 ? self->step - 1 : 0);
  else if (g_str_equal (action_name, "presentation.first"))
    ks_presentation_set_step (self, 0);
  else
    ks_presentation_set_step (self, n - 1);
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  g_signal_emit (widget, signals[LEAVE], 0);
}

/* GObject ---------------------------------------------------------------------------- */

static void
disconnect_document (KsPresentation *self)
{
  if (self->document == NULL)
    return;
  g_signal_handlers_disconnect_by_data (ks_document_get_engine (self->document), self);
  g_signal_handlers_disconnect_by_data (patterns (self), self);
  g_signal_handlers_disconnect_by_data (ks_document_get_design (self->document), self);
}

static void
ks_presentation_dispose (GObject *object)
{
  KsPresentation *self = KS_PRESENTATION (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  disconnect_document (self);
  watch_pattern (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_PRESENTATION);
  g_clear_object (&self->diagram);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (ks_presentation_parent_class)->dispose (object);
}

static void
ks_presentation_class_init (KsPresentationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const guint next_keys[] = { GDK_KEY_Right, GDK_KEY_Down, GDK_KEY_Page_Down, GDK_KEY_space,
                                     GDK_KEY_KP_Right, GDK_KEY_KP_Down, GDK_KEY_KP_Page_Down };
  static const guint previous_keys[] = { GDK_KEY_Left, GDK_KEY_Up, GDK_KEY_Page_Up, GDK_KEY_BackSpace,
                                         GDK_KEY_KP_Left, GDK_KEY_KP_Up, GDK_KEY_KP_Page_Up };

  object_class->dispose = ks_presentation_dispose;

  /**
   * KsPresentation::leave:
   *
   * The user asked to leave presentation mode (Escape).
   */
  signals[LEAVE] = g_signal_new ("leave", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-presentation.ui");
  gtk_widget_class_bind_template_child (widget_class, KsPresentation, stack);
  gtk_widget_class_bind_template_child (widget_class, KsPresentation, design_label);
  gtk_widget_class_bind_template_child (widget_class, KsPresentation, step_label);
  gtk_widget_class_bind_template_child (widget_class, KsPresentation, title_label);
  gtk_widget_class_bind_template_child (widget_class, KsPresentation, description_label);
  gtk_widget_class_bind_template_child (widget_class, KsPresentation, served_label);
  gtk_widget_class_bind_template_child (widget_class, KsPresentation, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, KsPresentation, note_label);
  gtk_widget_class_bind_template_child (widget_class, KsPresentation, request_label);
  gtk_widget_class_bind_template_child (widget_class, KsPresentation, area);
  gtk_widget_class_bind_template_callback (widget_class, on_area_resize);

  gtk_widget_class_install_action (widget_class, "presentation.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "presentation.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "presentation.first", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "presentation.last", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "presentation.leave", NULL, leave_action);
  for (guint i = 0; i < G_N_ELEMENTS (next_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, next_keys[i], 0, "presentation.next", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (previous_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, previous_keys[i], 0, "presentation.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "presentation.first", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "presentation.last", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "presentation.leave", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "presentation");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ks_presentation_init (KsPresentation *self)
{
  self->zoom = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->area, draw_func, self, NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_theme), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

GtkWidget *
ks_presentation_new (void)
{
  return g_object_new (KS_TYPE_PRESENTATION, NULL);
}

void
ks_presentation_set_document (KsPresentation *self,
                              KsDocument     *document)
{
  g_return_if_fail (KS_IS_PRESENTATION (self));
  g_return_if_fail (document == NULL || KS_IS_DOCUMENT (document));

  if (self->document == document)
    return;
  disconnect_document (self);
  watch_pattern (self, NULL);
  g_set_object (&self->document, document);
  g_clear_object (&self->diagram);
  self->step = 0;
  if (document == NULL)
    {
      update_actions (self);
      return;
    }

  self->diagram = ks_diagram_new (ks_document_get_engine (document));
  g_signal_connect_object (self->diagram, "changed", G_CALLBACK (gtk_widget_queue_draw),
                           self->area, G_CONNECT_SWAPPED);
  update_theme (self);
  g_signal_connect_swapped (ks_document_get_engine (document), "changed", G_CALLBACK (schedule_refresh), self);
  g_signal_connect_swapped (patterns (self), "items-changed", G_CALLBACK (schedule_refresh), self);
  g_signal_connect_swapped (ks_document_get_design (document), "notify::name", G_CALLBACK (schedule_refresh), self);
  refresh (self);
}

guint
ks_presentation_get_n_steps (KsPresentation *self)
{
  g_return_val_if_fail (KS_IS_PRESENTATION (self), 0);
  return self->document ? g_list_model_get_n_items (patterns (self)) : 0;
}

guint
ks_presentation_get_step (KsPresentation *self)
{
  g_return_val_if_fail (KS_IS_PRESENTATION (self), 0);
  return self->step;
}

void
ks_presentation_set_step (KsPresentation *self,
                          guint           step)
{
  g_return_if_fail (KS_IS_PRESENTATION (self));

  self->step = step;
  refresh (self);
}

/**
 * ks_presentation_get_pattern:
 *
 * Returns: (transfer none) (nullable): the access pattern shown
 */
KsPattern *
ks_presentation_get_pattern (KsPresentation *self)
{
  g_return_val_if_fail (KS_IS_PRESENTATION (self), NULL);
  return self->pattern;
}

void
ks_presentation_show_pattern (KsPresentation *self,
                              KsPattern      *pattern)
{
  guint position;

  g_return_if_fail (KS_IS_PRESENTATION (self));
  g_return_if_fail (KS_IS_PATTERN (pattern));

  if (self->document != NULL &&
      g_list_store_find (ks_design_get_patterns (ks_document_get_design (self->document)), pattern, &position))
    ks_presentation_set_step (self, position);
}

/**
 * ks_presentation_get_diagram:
 *
 * Returns: (transfer none) (nullable): the diagram drawn
 */
KsDiagram *
ks_presentation_get_diagram (KsPresentation *self)
{
  g_return_val_if_fail (KS_IS_PRESENTATION (self), NULL);
  return self->diagram;
}

const char *
ks_presentation_get_request_text (KsPresentation *self)
{
  g_return_val_if_fail (KS_IS_PRESENTATION (self), NULL);
  return gtk_label_get_text (self->request_label);
}

double
ks_presentation_get_zoom (KsPresentation *self)
{
  g_return_val_if_fail (KS_IS_PRESENTATION (self), 1.0);
  return self->zoom;
}
