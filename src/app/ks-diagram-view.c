/* ks-diagram-view.c: the key-layout diagram as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-diagram-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ks-diagram-view.h"

#define MIN_ZOOM  0.02
#define MAX_ZOOM  4.0
#define ZOOM_STEP 1.25

struct _KsDiagramView
{
  GtkWidget       parent_instance;

  GtkDrawingArea *area;
  GtkButton      *zoom_label;

  KsDocument     *document;
  KsSelection    *selection;
  KsDiagram      *diagram;
  char           *view_name;    /* ours: the diagram's may point into a
                                 * view the engine already replaced */

  double          x;            /* viewport origin, diagram units */
  double          y;
  double          zoom;
  double          drag_x;       /* viewport origin when a drag began */
  double          drag_y;
  double          pinch_zoom;   /* zoom when a pinch began */
  double          pointer_x;    /* last pointer position, widget units */
  double          pointer_y;
  gboolean        fit_pending;  /* zoom to fit once there is a size */
  gboolean        stale;        /* the diagram changed since the viewport was
                                 * clamped to it: done when next drawn or
                                 * mapped (a hidden page lays nothing out) */
};

enum { PROP_0, PROP_DOCUMENT, PROP_SELECTION, PROP_VIEW_NAME, PROP_ZOOM, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { ITEM_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsDiagramView, ks_diagram_view, GTK_TYPE_WIDGET)

static double
area_width (KsDiagramView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self->area));
}

static double
area_height (KsDiagramView *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self->area));
}

/* Keeps the viewport over the diagram: centred horizontally and at the top
 * when the diagram is smaller than the view, else within its bounds. */
static void
clamp_viewport (KsDiagramView *self)
{
  double w = 0, h = 0;
  double vw = area_width (self) / self->zoom;
  double vh = area_height (self) / self->zoom;

  ks_diagram_get_size (self->diagram, &w, &h);
  if (w <= vw)
    self->x = (w - vw) / 2;
  else
    self->x = CLAMP (self->x, 0, w - vw);
  if (h <= vh)
    self->y = 0;
  else
    self->y = CLAMP (self->y, 0, h - vh);
}

static void
update_zoom_label (KsDiagramView *self)
{
  g_autofree char *text = g_strdup_printf ("%.0f%%", self->zoom * 100);

  gtk_button_set_label (self->zoom_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.zoom-in", self->zoom < MAX_ZOOM);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.zoom-out", self->zoom > MIN_ZOOM);
}

static void
update_theme (KsDiagramView *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  ks_diagram_set_theme (self->diagram, adw_style_manager_get_dark (style)
                                       ? KS_DIAGRAM_THEME_DARK : KS_DIAGRAM_THEME_LIGHT);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
draw_func (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  KsDiagramView *self = data;

  if (self->stale)
    {
      self->stale = FALSE;
      clamp_viewport (self);
    }
  ks_diagram_draw (self->diagram, cr, self->x, self->y, width, height, self->zoom);
}

/* The model changed: the diagram lays itself out again when asked, so the
 * size is only asked for when drawn; edits between two frames cost one
 * layout, and a hidden page none. */
static void
on_diagram_changed (KsDiagramView *self)
{
  self->stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/* What a screen reader says about the diagram: the selected item as its
 * tooltip tells it, else how to reach one. */
static void
update_description (KsDiagramView *self)
{
  KsItem *item = ks_selection_get_item (self->selection);
  g_autofree char *text = NULL;
  cairo_rectangle_t rect;

  if (item != NULL && ks_diagram_get_item_rect (self->diagram, item, &rect))
    text = ks_diagram_get_tooltip (self->diagram, rect.x + rect.width / 2, rect.y + rect.height / 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text ? text : _("Arrow keys select items: up and down within a partition, "
                                                  "left and right between partitions. Enter edits the item "
                                                  "in the sample-data grid."),
                                  -1);
}

static void
on_selection_item (KsDiagramView *self)
{
  KsItem *item = ks_selection_get_item (self->selection);

  /* a hidden page says it when shown (see map) */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_description (self);
  ks_diagram_set_selected_item (self->diagram, item);
  if (item != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    ks_diagram_view_reveal_item (self, item);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/* Keyboard ------------------------------------------------------------------ */

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KsDiagramView *self = KS_DIAGRAM_VIEW (widget);
  KsDiagramLayout *layout = ks_diagram_get_layout (self->diagram);
  KsView *view = layout ? ks_diagram_layout_get_view (layout) : NULL;
  KsItem *item = ks_selection_get_item (self->selection);
  const KsDiagramCard *card, *other;
  guint n_cards, position, index, target;
  const char *action = action_name + strlen ("diagram.");

  if (view == NULL || ks_view_get_n_entries (view) == 0)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  /* nothing selected here yet: start at the first item */
  if (item == NULL || !ks_view_find_item (view, item, &position) ||
      !ks_diagram_layout_find_card (layout, position, &index))
    {
      ks_selection_set_item (self->selection, ks_view_get_entry (view, 0)->item);
      return;
    }
  card = ks_diagram_layout_get_card (layout, index);
  n_cards = ks_diagram_layout_get_n_cards (layout);
  target = position;
  if (g_str_equal (action, "select-previous"))
    target = position > card->start ? position - 1 : position;
  else if (g_str_equal (action, "select-next"))
    target = position + 1 < card->end ? position + 1 : position;
  else if (g_str_equal (action, "select-first"))
    target = card->start;
  else if (g_str_equal (action, "select-last"))
    target = card->end - 1;
  else if (g_str_has_suffix (action, "-partition"))
    {
      gboolean next = g_str_equal (action, "select-next-partition");

      if (next ? index + 1 < n_cards : index > 0)
        {
          /* the same row of the neighbouring partition, or its last */
          other = ks_diagram_layout_get_card (layout, next ? index + 1 : index - 1);
          target = other->start + MIN (position - card->start, other->end - other->start - 1);
        }
    }
  if (target == position)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  ks_selection_set_item (self->selection, ks_view_get_entry (view, target)->item);
}

static void
activate_item_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  KsDiagramView *self = KS_DIAGRAM_VIEW (widget);
  KsItem *item = ks_selection_get_item (self->selection);
  cairo_rectangle_t rect;

  if (item == NULL || !ks_diagram_get_item_rect (self->diagram, item, &rect))
    {
      gtk_widget_error_bell (widget);
      return;
    }
  g_signal_emit (self, signals[ITEM_ACTIVATED], 0, item);
}

/* Zoom and pan ------------------------------------------------------------ */

void
ks_diagram_view_zoom_at (KsDiagramView *self,
                         double         zoom,
                         double         x,
                         double         y)
{
  double dx, dy;

  g_return_if_fail (KS_IS_DIAGRAM_VIEW (self));

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  /* the diagram point under (x, y) stays there */
  dx = self->x + x / self->zoom;
  dy = self->y + y / self->zoom;
  self->zoom = zoom;
  self->x = dx - x / zoom;
  self->y = dy - y / zoom;
  clamp_viewport (self);
  update_zoom_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
ks_diagram_view_zoom_to_fit (KsDiagramView *self)
{
  double w = 0, h = 0, vw, vh, zoom;

  g_return_if_fail (KS_IS_DIAGRAM_VIEW (self));

  vw = area_width (self);
  vh = area_height (self);
  if (vw <= 0 || vh <= 0)
    {
      self->fit_pending = TRUE;
      return;
    }
  ks_diagram_get_size (self->diagram, &w, &h);
  if (w <= 0 || h <= 0)
    return;
  zoom = CLAMP (MIN (vw / w, vh / h), MIN_ZOOM, 1.0);
  self->zoom = zoom;
  self->x = (w - vw / zoom) / 2;
  self->y = MIN (0, (h - vh / zoom) / 2);
  clamp_viewport (self);
  update_zoom_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KsDiagramView *self = KS_DIAGRAM_VIEW (widget);
  double cx = area_width (self) / 2, cy = area_height (self) / 2;

  if (g_str_equal (action_name, "diagram.zoom-in"))
    ks_diagram_view_zoom_at (self, self->zoom * ZOOM_STEP, cx, cy);
  else if (g_str_equal (action_name, "diagram.zoom-out"))
    ks_diagram_view_zoom_at (self, self->zoom / ZOOM_STEP, cx, cy);
  else if (g_str_equal (action_name, "diagram.zoom-reset"))
    ks_diagram_view_zoom_at (self, 1.0, cx, cy);
  else
    ks_diagram_view_zoom_to_fit (self);
}

static void
on_area_resize (GtkDrawingArea *area,
                int             width,
                int             height,
                KsDiagramView  *self)
{
  /* cards flow into the width seen at 100 %; zooming does not reflow */
  ks_diagram_set_wrap_width (self->diagram, MAX (width, 320));
  if (self->fit_pending)
    {
      self->fit_pending = FALSE;
      ks_diagram_view_zoom_to_fit (self);
    }
  clamp_viewport (self);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               KsDiagramView  *self)
{
  self->drag_x = self->x;
  self->drag_y = self->y;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                KsDiagramView  *self)
{
  if (!gtk_drag_check_threshold (GTK_WIDGET (self->area), 0, 0, dx, dy) &&
      gtk_gesture_get_sequence_state (GTK_GESTURE (gesture),
                                      gtk_gesture_single_get_current_sequence (GTK_GESTURE_SINGLE (gesture)))
        != GTK_EVENT_SEQUENCE_CLAIMED)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->area), "grabbing");
  self->x = self->drag_x - dx / self->zoom;
  self->y = self->drag_y - dy / self->zoom;
  clamp_viewport (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             KsDiagramView  *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self->area), NULL);
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   KsDiagramView   *self)
{
  KsDiagramHit hit = { 0 };

  gtk_widget_grab_focus (GTK_WIDGET (self->area));
  if (ks_diagram_hit_test (self->diagram, self->x + x / self->zoom, self->y + y / self->zoom, &hit) &&
      hit.kind == KS_DIAGRAM_HIT_ITEM)
    {
      ks_selection_set_item (self->selection, hit.item);
      if (n_press == 2)
        g_signal_emit (self, signals[ITEM_ACTIVATED], 0, hit.item);
    }
  else if (hit.kind != KS_DIAGRAM_HIT_PARTITION)
    ks_selection_set_item (self->selection, NULL);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           KsDiagramView            *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;

  if (state & GDK_CONTROL_MASK)
    {
      double factor = wheel ? pow (ZOOM_STEP, -dy) : exp (-dy * 0.01);
      ks_diagram_view_zoom_at (self, self->zoom * factor, self->pointer_x, self->pointer_y);
      return GDK_EVENT_STOP;
    }
  if (state & GDK_SHIFT_MASK && dx == 0)
    {
      dx = dy;
      dy = 0;
    }
  if (wheel)
    {
      dx *= 48;
      dy *= 48;
    }
  self->x += dx / self->zoom;
  self->y += dy / self->zoom;
  clamp_viewport (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  return GDK_EVENT_STOP;
}

static void
on_pinch_begin (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                KsDiagramView    *self)
{
  self->pinch_zoom = self->zoom;
}

static void
on_pinch_scale_changed (GtkGestureZoom *gesture,
                        double          scale,
                        KsDiagramView  *self)
{
  double cx, cy;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &cx, &cy))
    {
      cx = area_width (self) / 2;
      cy = area_height (self) / 2;
    }
  ks_diagram_view_zoom_at (self, self->pinch_zoom * scale, cx, cy);
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           KsDiagramView            *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static gboolean
on_query_tooltip (GtkWidget     *widget,
                  int            x,
                  int            y,
                  gboolean       keyboard,
                  GtkTooltip    *tooltip,
                  KsDiagramView *self)
{
  g_autofree char *text = NULL;

  if (keyboard)
    return FALSE;
  text = ks_diagram_get_tooltip (self->diagram, self->x + x / self->zoom, self->y + y / self->zoom);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* GObject ---------------------------------------------------------------- */

static void
ks_diagram_view_map (GtkWidget *widget)
{
  KsDiagramView *self = KS_DIAGRAM_VIEW (widget);

  GTK_WIDGET_CLASS (ks_diagram_view_parent_class)->map (widget);
  /* what changed while hidden */
  if (self->stale)
    {
      self->stale = FALSE;
      clamp_viewport (self);
    }
  update_description (self);
}

static void
ks_diagram_view_constructed (GObject *object)
{
  KsDiagramView *self = KS_DIAGRAM_VIEW (object);

  G_OBJECT_CLASS (ks_diagram_view_parent_class)->constructed (object);

  g_assert (KS_IS_DOCUMENT (self->document));
  if (self->diagram == NULL)
    self->diagram = ks_diagram_new (ks_document_get_engine (self->document));
  g_signal_connect_object (self->diagram, "changed",
                           G_CALLBACK (on_diagram_changed), self, G_CONNECT_SWAPPED);
  if (self->selection == NULL)
    self->selection = ks_selection_new ();
  g_signal_connect_object (self->selection, "notify::item",
                           G_CALLBACK (on_selection_item), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_theme), self, G_CONNECT_SWAPPED);
  ks_diagram_set_selected_item (self->diagram, ks_selection_get_item (self->selection));
  update_theme (self);
}

static void
ks_diagram_view_dispose (GObject *object)
{
  KsDiagramView *self = KS_DIAGRAM_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_DIAGRAM_VIEW);
  /* children the template does not name */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->diagram);
  g_clear_pointer (&self->view_name, g_free);
  g_clear_object (&self->selection);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (ks_diagram_view_parent_class)->dispose (object);
}

static void
ks_diagram_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KsDiagramView *self = KS_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_SELECTION:
      g_value_set_object (value, self->selection);
      break;
    case PROP_VIEW_NAME:
      g_value_set_string (value, ks_diagram_view_get_view_name (self));
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_diagram_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KsDiagramView *self = KS_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;
    case PROP_SELECTION:
      self->selection = g_value_dup_object (value);
      break;
    case PROP_VIEW_NAME:
      if (self->diagram == NULL)
        self->diagram = ks_diagram_new (ks_document_get_engine (self->document));
      ks_diagram_view_set_view_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_diagram_view_class_init (KsDiagramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ks_diagram_view_constructed;
  object_class->dispose = ks_diagram_view_dispose;
  object_class->get_property = ks_diagram_view_get_property;
  object_class->set_property = ks_diagram_view_set_property;
  widget_class->map = ks_diagram_view_map;

  /* construct order matters: document first, then the view name */
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, KS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTION] =
    g_param_spec_object ("selection", NULL, NULL, KS_TYPE_SELECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW_NAME] =
    g_param_spec_string ("view-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, 1.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KsDiagramView::item-activated:
   * @item: the item
   *
   * Enter on the selected item, or a double click on one: the user wants
   * to edit it.
   */
  signals[ITEM_ACTIVATED] = g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          KS_TYPE_ITEM | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-diagram-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KsDiagramView, area);
  gtk_widget_class_bind_template_child (widget_class, KsDiagramView, zoom_label);
  gtk_widget_class_bind_template_callback (widget_class, on_area_resize);
  gtk_widget_class_bind_template_callback (widget_class, on_query_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_begin);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_update);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_end);
  gtk_widget_class_bind_template_callback (widget_class, on_click_released);
  gtk_widget_class_bind_template_callback (widget_class, on_scroll);
  gtk_widget_class_bind_template_callback (widget_class, on_pinch_begin);
  gtk_widget_class_bind_template_callback (widget_class, on_pinch_scale_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_motion);

  gtk_widget_class_install_action (widget_class, "diagram.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "diagram.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "diagram.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "diagram.zoom-reset", NULL, zoom_action);
  /* bound to the arrow keys, Home, End and Enter on the drawing area (.ui) */
  gtk_widget_class_install_action (widget_class, "diagram.select-previous", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "diagram.select-next", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "diagram.select-previous-partition", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "diagram.select-next-partition", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "diagram.select-first", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "diagram.select-last", NULL, select_action);
  gtk_widget_class_install_action (widget_class, "diagram.activate-item", NULL, activate_item_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "diagram.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "diagram.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "diagram.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "diagram.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "diagram.zoom-reset", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "diagramview");
}

static void
ks_diagram_view_init (KsDiagramView *self)
{
  self->zoom = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->area, draw_func, self, NULL);
  update_zoom_label (self);
}

GtkWidget *
ks_diagram_view_new (KsDocument  *document,
                     KsSelection *selection,
                     const char  *view)
{
  g_return_val_if_fail (KS_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (selection == NULL || KS_IS_SELECTION (selection), NULL);

  return g_object_new (KS_TYPE_DIAGRAM_VIEW,
                       "document", document,
                       "selection", selection,
                       "view-name", view,
                       NULL);
}

/**
 * ks_diagram_view_get_diagram:
 *
 * Returns: (transfer none): the diagram drawn
 */
KsDiagram *
ks_diagram_view_get_diagram (KsDiagramView *self)
{
  g_return_val_if_fail (KS_IS_DIAGRAM_VIEW (self), NULL);
  return self->diagram;
}

const char *
ks_diagram_view_get_view_name (KsDiagramView *self)
{
  g_return_val_if_fail (KS_IS_DIAGRAM_VIEW (self), NULL);
  return self->view_name;
}

void
ks_diagram_view_set_view_name (KsDiagramView *self,
                               const char    *view)
{
  g_return_if_fail (KS_IS_DIAGRAM_VIEW (self));

  if (g_strcmp0 (view, self->view_name) == 0)
    return;
  g_free (self->view_name);
  self->view_name = g_strdup (view);
  ks_diagram_set_view (self->diagram, view);
  self->x = self->y = 0;
  self->stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_NAME]);
}

double
ks_diagram_view_get_zoom (KsDiagramView *self)
{
  g_return_val_if_fail (KS_IS_DIAGRAM_VIEW (self), 1.0);
  return self->zoom;
}

void
ks_diagram_view_set_highlight (KsDiagramView      *self,
                               KsDiagramHighlight *highlight)
{
  g_return_if_fail (KS_IS_DIAGRAM_VIEW (self));

  ks_diagram_set_highlight (self->diagram, highlight);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

void
ks_diagram_view_reveal_item (KsDiagramView *self,
                             KsItem        *item)
{
  cairo_rectangle_t rect;
  double vw, vh;

  g_return_if_fail (KS_IS_DIAGRAM_VIEW (self));

  if (item == NULL || !ks_diagram_get_item_rect (self->diagram, item, &rect))
    return;
  vw = area_width (self) / self->zoom;
  vh = area_height (self) / self->zoom;
  if (vw <= 0 || vh <= 0)
    return;
  if (rect.x >= self->x && rect.x + rect.width <= self->x + vw &&
      rect.y >= self->y && rect.y + rect.height <= self->y + vh)
    return;
  if (rect.x < self->x || rect.x + rect.width > self->x + vw)
    self->x = rect.x + rect.width / 2 - vw / 2;
  if (rect.y < self->y || rect.y + rect.height > self->y + vh)
    self->y = rect.y + rect.height / 2 - vh / 2;
  clamp_viewport (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}
