/* ks-diagram.c: the key-layout diagram of one view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KsDiagram keeps the state a window needs around a KsDiagramLayout: which
 * view, the wrap width, theme, selection and access-pattern highlight, and
 * caches of the text drawn recently. It follows its engine's ::changed:
 * when its view changed, the layout is dropped and built again only when
 * next needed (drawn, measured, hit), so a diagram nobody looks at costs
 * nothing per edit, and several edits between two frames cost one layout.
 * Drawing is in
 * ks-diagram-draw.c, files and the benchmark in ks-diagram-export.c.
 */
#define G_LOG_DOMAIN "keyshape-render"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ks-design.h"
#include "ks-diagram-private.h"

enum
{
  PROP_0,
  PROP_ENGINE,
  PROP_VIEW,
  PROP_WRAP_WIDTH,
  PROP_THEME,
  PROP_SELECTED_ITEM,
  PROP_HIGHLIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsDiagram, ks_diagram, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (KsDiagramTheme, ks_diagram_theme,
                    G_DEFINE_ENUM_VALUE (KS_DIAGRAM_THEME_LIGHT, "light"),
                    G_DEFINE_ENUM_VALUE (KS_DIAGRAM_THEME_DARK, "dark"))

/* Helpers ------------------------------------------------------------------ */

static void
resolve_highlight (KsDiagram *self)
{
  KsValue *pk;
  guint start, end;

  self->hl_active = FALSE;
  self->hl_has_card = FALSE;
  /* a stale layout resolves it when built again */
  if (self->highlight == NULL || self->layout == NULL || self->stale ||
      g_strcmp0 (ks_diagram_highlight_get_view (self->highlight), ks_view_get_name (self->view)) != 0)
    return;

  self->hl_active = TRUE;
  ks_diagram_highlight_get_range (self->highlight, &self->hl_start, &self->hl_end);
  self->hl_end = MIN (self->hl_end, ks_view_get_n_entries (self->view));
  self->hl_start = MIN (self->hl_start, self->hl_end);
  pk = ks_diagram_highlight_get_pk (self->highlight);
  if (pk != NULL && ks_view_find_partition (self->view, pk, &start, &end))
    self->hl_has_card = ks_diagram_layout_find_card (self->layout, start, &self->hl_card);
}

static void
collect_hidden (KsDiagram *self)
{
  KsTable *table = ks_view_get_table (self->view);
  g_autoptr(GArray) keys = ks_table_list_key_attributes (table);
  const char *type_attr = ks_table_get_type_attribute (table);

  g_hash_table_remove_all (self->hidden);
  for (guint i = 0; i < keys->len; i++)
    g_hash_table_add (self->hidden, (gpointer) g_intern_string (g_array_index (keys, KsKeyAttr, i).name));
  if (type_attr && *type_attr)
    g_hash_table_add (self->hidden, (gpointer) g_intern_string (type_attr));
}

static void
rebuild (KsDiagram *self)
{
  g_clear_pointer (&self->layout, ks_diagram_layout_unref);
  _ks_diagram_clear_caches (self);
  self->stale = FALSE;

  if (self->view_name)
    self->view = ks_engine_find_view (self->engine, self->view_name);
  else
    {
      GPtrArray *views = ks_engine_get_views (self->engine);
      self->view = views->len > 0 ? g_ptr_array_index (views, 0) : NULL;
    }
  if (self->view)
    {
      self->layout = _ks_diagram_layout_new_cached (self->engine, self->view, self->layout_cache);
      ks_diagram_layout_flow (self->layout, self->wrap_width);
      collect_hidden (self);
    }
  resolve_highlight (self);
}

/* The layout is out of date: dropped now (it points into the view), built
 * again when next needed. */
static void
invalidate (KsDiagram *self)
{
  g_clear_pointer (&self->layout, ks_diagram_layout_unref);
  _ks_diagram_clear_caches (self);
  self->view = NULL;
  self->hl_active = FALSE;
  self->hl_has_card = FALSE;
  self->stale = TRUE;
}

void
_ks_diagram_ensure_layout (KsDiagram *self)
{
  if (self->stale && self->engine != NULL)
    rebuild (self);
}

static void
on_engine_changed (KsDiagram   *self,
                   KsChangeSet *changes,
                   KsEngine     *engine)
{
  gboolean mine = changes->full || self->stale || self->view == NULL;

  _ks_diagram_layout_cache_update (self->layout_cache, changes);

  for (guint i = 0; !mine && i < changes->views->len; i++)
    mine = g_ptr_array_index (changes->views, i) == (gpointer) self->view;
  /* items added or removed elsewhere: the legend and the notes count them */
  for (guint i = 0; !mine && self->layout != NULL && i < ks_diagram_layout_get_n_entities (self->layout); i++)
    {
      const KsDiagramEntityInfo *info = ks_diagram_layout_get_entity (self->layout, i);
      mine = info->n_items != ks_entity_get_n_items (info->entity);
    }

  if (mine)
    invalidate (self);
  else if (changes->entities->len > 0 || changes->items->len > 0)
    _ks_diagram_clear_caches (self);   /* colours or attribute values */
  else
    return;
  g_signal_emit (self, signals[CHANGED], 0);
}

/* GObject ------------------------------------------------------------------ */

static void
ks_diagram_dispose (GObject *object)
{
  KsDiagram *self = KS_DIAGRAM (object);

  if (self->engine && self->changed_handler)
    g_clear_signal_handler (&self->changed_handler, self->engine);
  g_clear_pointer (&self->layout, ks_diagram_layout_unref);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->selected, ks_item_unref);
  g_clear_pointer (&self->highlight, ks_diagram_highlight_unref);
  self->view = NULL;

  G_OBJECT_CLASS (ks_diagram_parent_class)->dispose (object);
}

static void
ks_diagram_finalize (GObject *object)
{
  KsDiagram *self = KS_DIAGRAM (object);

  g_free (self->view_name);
  _ks_diagram_layout_cache_free (self->layout_cache);
  g_hash_table_unref (self->row_cache);
  g_hash_table_unref (self->card_cache);
  g_ptr_array_unref (self->header_cache);
  g_clear_object (&self->card_label);
  g_hash_table_unref (self->colors);
  g_hash_table_unref (self->hidden);
  if (self->svg_text)
    g_string_free (self->svg_text, TRUE);

  G_OBJECT_CLASS (ks_diagram_parent_class)->finalize (object);
}

static void
ks_diagram_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KsDiagram *self = KS_DIAGRAM (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_VIEW:
      g_value_set_string (value, self->view_name);
      break;
    case PROP_WRAP_WIDTH:
      g_value_set_double (value, self->wrap_width);
      break;
    case PROP_THEME:
      g_value_set_enum (value, self->theme);
      break;
    case PROP_SELECTED_ITEM:
      g_value_set_boxed (value, self->selected);
      break;
    case PROP_HIGHLIGHT:
      g_value_set_boxed (value, self->highlight);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_diagram_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  KsDiagram *self = KS_DIAGRAM (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_VIEW:
      ks_diagram_set_view (self, g_value_get_string (value));
      break;
    case PROP_WRAP_WIDTH:
      ks_diagram_set_wrap_width (self, g_value_get_double (value));
      break;
    case PROP_THEME:
      ks_diagram_set_theme (self, g_value_get_enum (value));
      break;
    case PROP_SELECTED_ITEM:
      ks_diagram_set_selected_item (self, g_value_get_boxed (value));
      break;
    case PROP_HIGHLIGHT:
      ks_diagram_set_highlight (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_diagram_constructed (GObject *object)
{
  KsDiagram *self = KS_DIAGRAM (object);

  G_OBJECT_CLASS (ks_diagram_parent_class)->constructed (object);
  g_assert (self->engine != NULL);
  self->changed_handler = g_signal_connect_object (self->engine, "changed",
                                                   G_CALLBACK (on_engine_changed), self,
                                                   G_CONNECT_SWAPPED);
  invalidate (self);
}

static void
ks_diagram_class_init (KsDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ks_diagram_constructed;
  object_class->dispose = ks_diagram_dispose;
  object_class->finalize = ks_diagram_finalize;
  object_class->get_property = ks_diagram_get_property;
  object_class->set_property = ks_diagram_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, KS_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WRAP_WIDTH] =
    g_param_spec_double ("wrap-width", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_THEME] =
    g_param_spec_enum ("theme", NULL, NULL, KS_TYPE_DIAGRAM_THEME, KS_DIAGRAM_THEME_LIGHT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_ITEM] =
    g_param_spec_boxed ("selected-item", NULL, NULL, KS_TYPE_ITEM,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HIGHLIGHT] =
    g_param_spec_boxed ("highlight", NULL, NULL, KS_TYPE_DIAGRAM_HIGHLIGHT,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KsDiagram::changed:
   *
   * The drawing changed (model, view, theme, selection, highlight): redraw;
   * after a model or view change the size may differ too.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ks_diagram_init (KsDiagram *self)
{
  _ks_diagram_init_caches (self);
  self->hidden = g_hash_table_new (NULL, NULL);
  self->layout_cache = _ks_diagram_layout_cache_new ();
}

/* Public API --------------------------------------------------------------- */

/**
 * ks_diagram_new:
 * @engine: the engine whose views are shown
 *
 * Returns: (transfer full): a diagram of @engine's first table
 */
KsDiagram *
ks_diagram_new (KsEngine *engine)
{
  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);
  return g_object_new (KS_TYPE_DIAGRAM, "engine", engine, NULL);
}

KsEngine *
ks_diagram_get_engine (KsDiagram *self)
{
  g_return_val_if_fail (KS_IS_DIAGRAM (self), NULL);
  return self->engine;
}

void
ks_diagram_set_view (KsDiagram  *self,
                     const char *view)
{
  g_return_if_fail (KS_IS_DIAGRAM (self));
  if (g_strcmp0 (self->view_name, view) == 0)
    return;
  g_free (self->view_name);
  self->view_name = g_strdup (view);
  _ks_diagram_layout_cache_clear (self->layout_cache);
  if (self->engine)
    {
      invalidate (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

const char *
ks_diagram_get_view (KsDiagram *self)
{
  g_return_val_if_fail (KS_IS_DIAGRAM (self), NULL);
  if (self->view_name == NULL)
    _ks_diagram_ensure_layout (self);
  if (self->view_name == NULL && self->view != NULL)
    return ks_view_get_name (self->view);
  return self->view_name;
}

void
ks_diagram_set_wrap_width (KsDiagram *self,
                           double     width)
{
  g_return_if_fail (KS_IS_DIAGRAM (self));
  width = MAX (width, 0);
  if (self->wrap_width == width)
    return;
  self->wrap_width = width;
  if (self->layout)
    {
      guint before = ks_diagram_layout_get_n_columns (self->layout);
      ks_diagram_layout_flow (self->layout, width);
      if (ks_diagram_layout_get_n_columns (self->layout) != before)
        g_signal_emit (self, signals[CHANGED], 0);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRAP_WIDTH]);
}

double
ks_diagram_get_wrap_width (KsDiagram *self)
{
  g_return_val_if_fail (KS_IS_DIAGRAM (self), 0);
  return self->wrap_width;
}

void
ks_diagram_set_theme (KsDiagram      *self,
                      KsDiagramTheme  theme)
{
  g_return_if_fail (KS_IS_DIAGRAM (self));
  g_return_if_fail (theme == KS_DIAGRAM_THEME_LIGHT || theme == KS_DIAGRAM_THEME_DARK);
  if (self->theme == theme)
    return;
  self->theme = theme;
  _ks_diagram_clear_caches (self);
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THEME]);
}

KsDiagramTheme
ks_diagram_get_theme (KsDiagram *self)
{
  g_return_val_if_fail (KS_IS_DIAGRAM (self), KS_DIAGRAM_THEME_LIGHT);
  return self->theme;
}

void
ks_diagram_set_selected_item (KsDiagram *self,
                              KsItem    *item)
{
  g_return_if_fail (KS_IS_DIAGRAM (self));
  if (self->selected == item)
    return;
  g_clear_pointer (&self->selected, ks_item_unref);
  self->selected = item ? ks_item_ref (item) : NULL;
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

KsItem *
ks_diagram_get_selected_item (KsDiagram *self)
{
  g_return_val_if_fail (KS_IS_DIAGRAM (self), NULL);
  return self->selected;
}

void
ks_diagram_set_highlight (KsDiagram          *self,
                          KsDiagramHighlight *highlight)
{
  g_return_if_fail (KS_IS_DIAGRAM (self));
  if (self->highlight == highlight)
    return;
  g_clear_pointer (&self->highlight, ks_diagram_highlight_unref);
  self->highlight = highlight ? ks_diagram_highlight_ref (highlight) : NULL;
  resolve_highlight (self);
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHT]);
}

KsDiagramHighlight *
ks_diagram_get_highlight (KsDiagram *self)
{
  g_return_val_if_fail (KS_IS_DIAGRAM (self), NULL);
  return self->highlight;
}

void
ks_diagram_get_size (KsDiagram *self,
                     double    *width,
                     double    *height)
{
  g_return_if_fail (KS_IS_DIAGRAM (self));
  _ks_diagram_ensure_layout (self);
  if (self->layout)
    ks_diagram_layout_get_size (self->layout, width, height);
  else
    {
      if (width)
        *width = 2 * KS_DIAGRAM_MARGIN + 560;
      if (height)
        *height = 2 * KS_DIAGRAM_MARGIN + KS_DIAGRAM_TITLE_HEIGHT + KS_DIAGRAM_LEGEND_HEIGHT;
    }
}

KsDiagramLayout *
ks_diagram_get_layout (KsDiagram *self)
{
  g_return_val_if_fail (KS_IS_DIAGRAM (self), NULL);
  _ks_diagram_ensure_layout (self);
  return self->layout;
}

void
ks_diagram_draw (KsDiagram *self,
                 cairo_t   *cr,
                 double     viewport_x,
                 double     viewport_y,
                 double     width,
                 double     height,
                 double     zoom)
{
  g_return_if_fail (KS_IS_DIAGRAM (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (zoom > 0);

  if (width <= 0 || height <= 0)
    return;
  _ks_diagram_ensure_layout (self);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_scale (cr, zoom, zoom);
  cairo_translate (cr, -viewport_x, -viewport_y);
  _ks_diagram_draw_scaled (self, cr, viewport_x, viewport_y,
                           viewport_x + width / zoom, viewport_y + height / zoom, zoom);
  cairo_restore (cr);

  /* the pattern's banner stays at the bottom of the visible area */
  if (self->hl_active && ks_diagram_highlight_get_banner (self->highlight))
    {
      double max_w = MIN (width - 24, 760);
      double h = _ks_diagram_draw_banner (self, NULL, 0, 0, max_w);
      if (max_w > 40)
        {
          cairo_save (cr);
          cairo_rectangle (cr, 0, 0, width, height);
          cairo_clip (cr);
          _ks_diagram_draw_banner (self, cr, 12, height - h - 12, max_w);
          cairo_restore (cr);
        }
    }
}

gboolean
ks_diagram_hit_test (KsDiagram    *self,
                     double        x,
                     double        y,
                     KsDiagramHit *hit)
{
  g_return_val_if_fail (KS_IS_DIAGRAM (self), FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);
  _ks_diagram_ensure_layout (self);
  if (self->layout == NULL)
    {
      memset (hit, 0, sizeof *hit);
      return FALSE;
    }
  return ks_diagram_layout_hit_test (self->layout, x, y, hit);
}

gboolean
ks_diagram_get_item_rect (KsDiagram         *self,
                          KsItem            *item,
                          cairo_rectangle_t *rect)
{
  guint position;

  g_return_val_if_fail (KS_IS_DIAGRAM (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);
  _ks_diagram_ensure_layout (self);
  if (self->layout == NULL || !ks_view_find_item (self->view, item, &position))
    return FALSE;
  return ks_diagram_layout_get_entry_rect (self->layout, position, rect);
}

static void
append_key_line (GString *out, const char *name, const KsValue *value)
{
  g_autofree char *text = NULL;

  if (value == NULL)
    return;
  text = ks_value_to_display (value);
  g_string_append_printf (out, "\n%s  %s", name, text);
}

char *
ks_diagram_get_tooltip (KsDiagram *self,
                        double     x,
                        double     y)
{
  KsDiagramHit hit;
  const KsDiagramCard *card;
  GString *out;

  g_return_val_if_fail (KS_IS_DIAGRAM (self), NULL);
  if (!ks_diagram_hit_test (self, x, y, &hit))
    return NULL;

  switch (hit.kind)
    {
    case KS_DIAGRAM_HIT_NOTE:
      {
        /* the full reasons, also of the entities beyond the note lines */
        out = g_string_new (NULL);
        for (guint i = 0; i < ks_diagram_layout_get_n_entities (self->layout); i++)
          {
            const KsDiagramEntityInfo *info = ks_diagram_layout_get_entity (self->layout, i);
            if (info->reason)
              g_string_append_printf (out, "%s%s", out->len ? "\n" : "", info->reason);
          }
        return out->len ? g_string_free (out, FALSE) : (g_string_free (out, TRUE), NULL);
      }

    case KS_DIAGRAM_HIT_PARTITION:
      {
        const KsEntry *first;
        g_autofree char *pk = NULL;
        g_autofree char *size = NULL;

        card = ks_diagram_layout_get_card (self->layout, hit.partition);
        first = ks_view_get_entry (self->view, card->start);
        pk = ks_value_to_display (first->pk);
        size = g_format_size (card->size);
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s\n%u item · %s", "%s\n%u items · %s", card->end - card->start),
                                pk, card->end - card->start, size);
      }

    case KS_DIAGRAM_HIT_ITEM:
      {
        const KsKeySchema *tk = ks_table_get_key_schema (ks_view_get_table (self->view));
        const KsKeySchema *vk = ks_view_get_key_schema (self->view);
        KsValue *final = ks_item_get_final (hit.item);
        g_autofree char *size = g_format_size (hit.item->size);

        out = g_string_new (NULL);
        g_string_append_printf (out, "%s · %s", ks_entity_get_name (hit.item->entity), size);
        for (guint i = 0; i < vk->n_pk; i++)
          append_key_line (out, vk->pk[i].name, ks_value_lookup (final, vk->pk[i].name));
        for (guint i = 0; i < vk->n_sk; i++)
          append_key_line (out, vk->sk[i].name, ks_value_lookup (final, vk->sk[i].name));
        if (ks_view_get_index (self->view))
          {
            for (guint i = 0; i < tk->n_pk; i++)
              append_key_line (out, tk->pk[i].name, ks_value_lookup (final, tk->pk[i].name));
            for (guint i = 0; i < tk->n_sk; i++)
              append_key_line (out, tk->sk[i].name, ks_value_lookup (final, tk->sk[i].name));
          }
        return g_string_free (out, FALSE);
      }

    case KS_DIAGRAM_HIT_NONE:
    case KS_DIAGRAM_HIT_HEADER:
    default:
      return NULL;
    }
}
