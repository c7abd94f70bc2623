/* ks-diagram-draw.c: drawing the key-layout diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only what intersects the visible rectangle is drawn: per column a binary
 * search finds the first visible card, per card the visible rows are a
 * division away. Text is made on demand and cached per entry position.
 * Levels of detail follow the zoom: text when it is legible, colour bars
 * per item below that, and when items get thinner than a few pixels one
 * bar per device pixel row (so a frame costs the same at any zoom, however
 * many items there are).
 */
#define G_LOG_DOMAIN "keyshape-render"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ks-design.h"
#include "ks-diagram-private.h"

#define ROW_CACHE_MAX     4096
#define CARD_CACHE_MAX    1024
#define TEXT_MIN_PX       6.5     /* key text below this many pixels: bars */
#define BAR_MIN_PX        2.5     /* rows thinner than this: sampled */
#define KEY_X             22.0
#define PAD_RIGHT         12.0

typedef struct { double r, g, b, a; } Rgba;

typedef struct
{
  Rgba canvas;
  Rgba card;
  Rgba card_header;
  Rgba border;
  Rgba divider;
  Rgba text;
  Rgba muted;
  Rgba faint;
  Rgba accent;
  Rgba accent_text;
  Rgba warning;
  Rgba returned;     /* background of rows a pattern returns */
  Rgba selection;
  double dim;        /* opacity of what a highlight skips */
  double text_mix;   /* how entity colours become text colours */
  double tint;       /* opacity of the entity tint behind rows */
} Palette;

/* GNOME (libadwaita) colours */
static const Palette palettes[2] = {
  [KS_DIAGRAM_THEME_LIGHT] = {
    .canvas      = { 0xf6 / 255., 0xf5 / 255., 0xf4 / 255., 1 },
    .card        = { 1, 1, 1, 1 },
    .card_header = { 0xfa / 255., 0xfa / 255., 0xfa / 255., 1 },
    .border      = { 0, 0, 0, 0.13 },
    .divider     = { 0, 0, 0, 0.06 },
    .text        = { 0x24 / 255., 0x1f / 255., 0x31 / 255., 1 },
    .muted       = { 0x5e / 255., 0x5c / 255., 0x64 / 255., 1 },
    .faint       = { 0x86 / 255., 0x85 / 255., 0x8b / 255., 1 },
    .accent      = { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 1 },
    .accent_text = { 0x1c / 255., 0x71 / 255., 0xd8 / 255., 1 },
    .warning     = { 0x9c / 255., 0x6e / 255., 0x03 / 255., 1 },
    .returned    = { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 0.10 },
    .selection   = { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 0.18 },
    .dim = 0.38, .text_mix = -0.28, .tint = 0.05,
  },
  [KS_DIAGRAM_THEME_DARK] = {
    .canvas      = { 0x24 / 255., 0x24 / 255., 0x24 / 255., 1 },
    .card        = { 0x30 / 255., 0x30 / 255., 0x30 / 255., 1 },
    .card_header = { 0x38 / 255., 0x38 / 255., 0x38 / 255., 1 },
    .border      = { 1, 1, 1, 0.10 },
    .divider     = { 1, 1, 1, 0.06 },
    .text        = { 1, 1, 1, 0.92 },
    .muted       = { 0xc0 / 255., 0xbf / 255., 0xbc / 255., 1 },
    .faint       = { 0x9a / 255., 0x99 / 255., 0x96 / 255., 1 },
    .accent      = { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 1 },
    .accent_text = { 0x78 / 255., 0xae / 255., 0xed / 255., 1 },
    .warning     = { 0xf8 / 255., 0xe4 / 255., 0x5c / 255., 1 },
    .returned    = { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 0.20 },
    .selection   = { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 0.32 },
    .dim = 0.40, .text_mix = 0.38, .tint = 0.045,
  },
};

/* GNOME palette, for entities without a (valid) colour */
static const char *fallback_colors[] = {
  "#3584e4", "#e66100", "#2ec27e", "#9141ac", "#c01c28", "#986a44", "#f5c211", "#1a5fb4",
};

typedef struct
{
  Rgba stripe;
  Rgba text;
  Rgba tint;
} EntityColors;

typedef struct
{
  PangoLayout *key;
  PangoLayout *attrs;
  double       attrs_x;     /* offset of the attribute text from the card */
} RowText;

typedef struct
{
  PangoLayout *stats;
  PangoLayout *key;
} CardText;

typedef struct
{
  KsDiagram        *self;
  KsDiagramLayout  *layout;
  KsView           *view;
  cairo_t          *cr;
  const Palette    *pal;
  double            zoom;
  double            x0, y0, x1, y1;   /* visible rectangle, diagram units */
  double            card_w;
} Ctx;

/* Colours ------------------------------------------------------------------ */

static void
set_source (cairo_t *cr, const Rgba *c, double alpha)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a * alpha);
}

static gboolean
parse_hex (const char *s, Rgba *out)
{
  guint v = 0;

  if (s == NULL || s[0] != '#' || strlen (s) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    {
      int d = g_ascii_xdigit_value (s[i]);
      if (d < 0)
        return FALSE;
      v = v * 16 + d;
    }
  *out = (Rgba) { ((v >> 16) & 0xff) / 255., ((v >> 8) & 0xff) / 255., (v & 0xff) / 255., 1 };
  return TRUE;
}

/* Mixes towards white (amount > 0) or black (amount < 0). */
static Rgba
mix (Rgba c, double amount)
{
  double t = amount > 0 ? 1 : 0, a = fabs (amount);
  return (Rgba) { c.r + (t - c.r) * a, c.g + (t - c.g) * a, c.b + (t - c.b) * a, c.a };
}

static const EntityColors *
entity_colors (Ctx *ctx, KsEntity *entity)
{
  EntityColors *ec = g_hash_table_lookup (ctx->self->colors, entity);
  Rgba base;

  if (ec)
    return ec;
  if (!parse_hex (entity ? ks_entity_get_color (entity) : NULL, &base))
    {
      guint index = 0;
      if (entity)
        {
          GListModel *list = G_LIST_MODEL (ks_design_get_entities (ks_engine_get_design (ctx->self->engine)));
          for (guint i = 0; i < g_list_model_get_n_items (list); i++)
            {
              g_autoptr(KsEntity) e = g_list_model_get_item (list, i);
              if (e == entity)
                index = i;
            }
        }
      parse_hex (fallback_colors[index % G_N_ELEMENTS (fallback_colors)], &base);
    }
  ec = g_new0 (EntityColors, 1);
  ec->stripe = base;
  ec->text = mix (base, ctx->pal->text_mix);
  ec->tint = base;
  ec->tint.a = ctx->pal->tint;
  g_hash_table_insert (ctx->self->colors, entity, ec);
  return ec;
}

/* Text --------------------------------------------------------------------- */

static PangoLayout *
new_layout (const char *family, double size, PangoWeight weight)
{
  PangoLayout *layout = pango_layout_new (_ks_diagram_get_pango_context ());
  PangoFontDescription *desc = pango_font_description_from_string (family);

  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, weight);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

static void
attr_color (PangoAttrList *attrs, const Rgba *c, guint start, guint end)
{
  PangoAttribute *a = pango_attr_foreground_new (c->r * 65535, c->g * 65535, c->b * 65535);
  a->start_index = start;
  a->end_index = end;
  pango_attr_list_insert (attrs, a);
  if (c->a < 1)
    {
      a = pango_attr_foreground_alpha_new (MAX (c->a * 65535, 1));
      a->start_index = start;
      a->end_index = end;
      pango_attr_list_insert (attrs, a);
    }
}

static void
attr_weight (PangoAttrList *attrs, PangoWeight weight, guint start, guint end)
{
  PangoAttribute *a = pango_attr_weight_new (weight);
  a->start_index = start;
  a->end_index = end;
  pango_attr_list_insert (attrs, a);
}

static void
attr_style (PangoAttrList *attrs, guint start, guint end)
{
  PangoAttribute *a = pango_attr_style_new (PANGO_STYLE_ITALIC);
  a->start_index = start;
  a->end_index = end;
  pango_attr_list_insert (attrs, a);
}

static void
attr_size (PangoAttrList *attrs, double size, guint start, guint end)
{
  PangoAttribute *a = pango_attr_size_new_absolute (size * PANGO_SCALE);
  a->start_index = start;
  a->end_index = end;
  pango_attr_list_insert (attrs, a);
}

static void
attr_family (PangoAttrList *attrs, const char *family, guint start, guint end)
{
  PangoAttribute *a = pango_attr_family_new (family);
  a->start_index = start;
  a->end_index = end;
  pango_attr_list_insert (attrs, a);
}

/* Appends @text without control characters (values may hold newlines). */
static void
append_clean (GString *out, const char *text, gsize max_chars)
{
  gsize n = 0;

  for (const char *p = text; *p && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);
      if (c < 0x20 || c == 0x7f)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (g_utf8_strlen (text, -1) > (glong) max_chars)
    g_string_append (out, "…");
}

static void
svg_escape_append (GString *out, const char *text, gsize len)
{
  g_autofree char *esc = g_markup_escape_text (text, len);
  g_string_append (out, esc);
}

/* The SVG text layer: each line of @layout as an invisible <text>, its
 * runs as <tspan>s placed exactly over the glyphs cairo drew, so the SVG
 * can be searched (a key split into styled parts stays one string). */
static void
record_svg_text (Ctx *ctx, PangoLayout *layout, double x, double y)
{
  GString *out = ctx->self->svg_text;
  const char *text = pango_layout_get_text (layout);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  gboolean open = FALSE;

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      PangoRectangle logical;
      PangoFontDescription *desc;
      double dx, dy, dw, dwy = 0, size, sy = 0;
      const char *family;

      if (run == NULL)
        {
          /* end of a line */
          if (open)
            g_string_append (out, "</text>\n");
          open = FALSE;
          continue;
        }
      pango_layout_iter_get_run_extents (iter, NULL, &logical);
      dx = x + logical.x / (double) PANGO_SCALE;
      dy = y + pango_layout_iter_get_baseline (iter) / (double) PANGO_SCALE;
      dw = logical.width / (double) PANGO_SCALE;
      cairo_user_to_device (ctx->cr, &dx, &dy);
      cairo_user_to_device_distance (ctx->cr, &dw, &dwy);
      dw = hypot (dw, dwy);
      desc = pango_font_describe_with_absolute_size (run->item->analysis.font);
      size = pango_font_description_get_size (desc) / (double) PANGO_SCALE;
      cairo_user_to_device_distance (ctx->cr, &size, &sy);
      size = hypot (size, sy);
      family = pango_font_description_get_family (desc);
      if (!open)
        g_string_append (out, "<text>");
      open = TRUE;
      g_string_append_printf (out, "<tspan x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\" font-family=\"",
                              dx, dy, size);
      svg_escape_append (out, family ? family : "sans-serif", -1);
      g_string_append_printf (out, "\" textLength=\"%.2f\" lengthAdjust=\"spacingAndGlyphs\">", MAX (dw, 0.01));
      if (run->item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
        g_string_append (out, "…");
      else
        svg_escape_append (out, text + run->item->offset, run->item->length);
      g_string_append (out, "</tspan>");
      pango_font_description_free (desc);
    }
  while (pango_layout_iter_next_run (iter));
  if (open)
    g_string_append (out, "</text>\n");
  pango_layout_iter_free (iter);
}

static void
show_layout (Ctx *ctx, PangoLayout *layout, double x, double y)
{
  cairo_move_to (ctx->cr, x, y);
  pango_cairo_show_layout (ctx->cr, layout);
  if (ctx->self->svg_text)
    record_svg_text (ctx, layout, x, y);
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;
  pango_layout_get_size (layout, &w, &h);
  return h / (double) PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int w, h;
  pango_layout_get_size (layout, &w, &h);
  return w / (double) PANGO_SCALE;
}

/* Key text, split into what a template wrote literally (muted) and what
 * came from attribute values (entity colour). Keys without a template
 * (imported items with literal keys) are split at '#' with a guess: tokens
 * that equal one of the item's values, or do not look like an upper-case
 * type label, are values. */
static gboolean
token_is_label (const char *s, gsize len)
{
  gboolean letter = FALSE;

  if (len == 0)
    return TRUE;
  for (gsize i = 0; i < len; i++)
    {
      if (g_ascii_islower (s[i]) || !(g_ascii_isalnum (s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.'))
        return FALSE;
      letter |= g_ascii_isupper (s[i]);
    }
  return letter;
}

static gboolean
token_is_value_of (Ctx *ctx, KsItem *item, const char *s, gsize len)
{
  KsValue *values = ks_item_get_values (item);

  for (guint i = 0; i < ks_value_get_length (values); i++)
    {
      const KsMapEntry *me = ks_value_get_entry (values, i);
      const KsValue *v = me->value;
      const char *t = NULL;
      gsize tl = 0;

      /* the key attributes themselves hold the whole key */
      if (g_hash_table_contains (ctx->self->hidden, me->name))
        continue;

      if (ks_value_get_type (v) == KS_TYPE_S)
        t = ks_value_get_string (v, &tl);
      else if (ks_value_get_type (v) == KS_TYPE_N)
        tl = strlen (t = ks_value_get_number (v));
      if (t && tl == len && memcmp (t, s, len) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
append_key (Ctx           *ctx,
            GString       *text,
            PangoAttrList *attrs,
            KsItem        *item,
            const char    *key_attr,
            const KsValue *key,
            const Rgba    *value_color)
{
  const Rgba *literal = &ctx->pal->muted;
  guint base = text->len;

  if (key == NULL)
    return;
  if (ks_value_get_type (key) == KS_TYPE_L)
    {
      /* multi-attribute key: every component is an attribute's value */
      for (guint i = 0; i < ks_value_get_length (key); i++)
        {
          g_autofree char *d = ks_value_to_display (ks_value_get_element (key, i));
          guint s;
          if (i > 0)
            {
              s = text->len;
              g_string_append (text, " · ");
              attr_color (attrs, literal, s, text->len);
            }
          s = text->len;
          append_clean (text, d, 64);
          attr_color (attrs, value_color, s, text->len);
          attr_weight (attrs, PANGO_WEIGHT_SEMIBOLD, s, text->len);
        }
      return;
    }

  {
    g_autofree char *display = ks_value_to_display (key);
    gsize len;
    KsEntity *entity = item->entity;
    g_autoptr(GArray) spans = NULL;
    gboolean spans_ok = FALSE;

    /* keep keys of absurd length cheap to draw */
    len = strlen (display);
    if (len > 256)
      {
        const char *end = g_utf8_find_prev_char (display, display + 256);
        len = end ? (gsize) (end - display) : 0;
      }
    g_string_append_len (text, display, len);
    for (gsize i = base; i < text->len; i++)
      if ((guchar) text->str[i] < 0x20)
        text->str[i] = ' ';

    if (entity && ks_value_get_type (key) == KS_TYPE_S && ks_entity_get_template (entity, key_attr))
      {
        g_autoptr(KsValue) rendered = NULL;
        spans = g_array_new (FALSE, FALSE, sizeof (KsSpan));
        rendered = ks_engine_render_key (ctx->self->engine, entity, item, key_attr, spans, NULL, NULL);
        spans_ok = rendered && ks_value_equal (rendered, key);
      }

    attr_color (attrs, literal, base, text->len);
    if (spans_ok)
      {
        for (guint i = 0; i < spans->len; i++)
          {
            KsSpan *sp = &g_array_index (spans, KsSpan, i);
            guint s = base + MIN (sp->start, len), e = base + MIN (sp->end, len);
            if (e > s)
              {
                attr_color (attrs, value_color, s, e);
                attr_weight (attrs, PANGO_WEIGHT_SEMIBOLD, s, e);
              }
          }
      }
    else if (ks_value_get_type (key) == KS_TYPE_S && entity && !ks_entity_get_template (entity, key_attr))
      {
        guint s = base;
        for (guint i = base; i <= text->len; i++)
          {
            if (i < text->len && text->str[i] != '#')
              continue;
            if (i > s && (token_is_value_of (ctx, item, text->str + s, i - s) ||
                          !token_is_label (text->str + s, i - s)))
              {
                attr_color (attrs, value_color, s, i);
                attr_weight (attrs, PANGO_WEIGHT_SEMIBOLD, s, i);
              }
            s = i + 1;
          }
      }
    else
      {
        /* a number or binary key, or a template that no longer renders
         * the stored key: all of it is a value */
        attr_color (attrs, value_color, base, text->len);
        attr_weight (attrs, PANGO_WEIGHT_SEMIBOLD, base, text->len);
      }
  }
}

static PangoLayout *
key_layout (Ctx *ctx, KsItem *item, const KsKeySchema *keys, gboolean sort, const KsValue *key,
            double size, double width)
{
  PangoLayout *layout = new_layout (KS_DIAGRAM_FONT_MONO, size, PANGO_WEIGHT_NORMAL);
  PangoAttrList *attrs = pango_attr_list_new ();
  GString *text = g_string_new (NULL);
  const EntityColors *ec = entity_colors (ctx, item->entity);
  const KsKeyAttr *ka = sort ? keys->sk : keys->pk;

  /* a partition mixes entities: its key's values take the text colour */
  append_key (ctx, text, attrs, item, ka[0].name, key, sort ? &ec->text : &ctx->pal->text);
  pango_layout_set_text (layout, text->str, text->len);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_width (layout, MAX (width, 10) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
  pango_attr_list_unref (attrs);
  g_string_free (text, TRUE);
  return layout;
}

/* "status SHIPPED   total 12.5", then what the view does not store */
/* Whether a value says nothing the row does not show already: the
 * entity's name (a type marker such as entityType), or text that is part
 * of the item's keys in this view. */
static gboolean
value_is_redundant (KsItem *item, const KsValue *value, const KsEntry *entry)
{
  const char *t;
  gsize len;
  const KsValue *keys[2] = { entry->pk, entry->sk };

  if (ks_value_get_type (value) == KS_TYPE_S)
    t = ks_value_get_string (value, &len);
  else if (ks_value_get_type (value) == KS_TYPE_N)
    len = strlen (t = ks_value_get_number (value));
  else
    return FALSE;
  if (len == 0)
    return FALSE;
  if (item->entity && strcmp (t, ks_entity_get_name (item->entity)) == 0)
    return TRUE;
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      const char *kt;
      gsize kl;
      if (keys[k] == NULL)
        continue;
      if (ks_value_get_type (keys[k]) == KS_TYPE_S)
        kt = ks_value_get_string (keys[k], &kl);
      else if (ks_value_get_type (keys[k]) == KS_TYPE_N)
        kl = strlen (kt = ks_value_get_number (keys[k]));
      else
        continue;
      for (gsize i = 0; i + len <= kl; i++)
        {
          /* whole components only: bounded by the ends or a non-alphanumeric */
          if (memcmp (kt + i, t, len) == 0 &&
              (i == 0 || !g_ascii_isalnum (kt[i - 1]) || !g_ascii_isalnum (t[0])) &&
              (i + len == kl || !g_ascii_isalnum (kt[i + len]) || !g_ascii_isalnum (t[len - 1])))
            return TRUE;
        }
    }
  return FALSE;
}

static PangoLayout *
attrs_layout (Ctx *ctx, const KsEntry *entry, double width)
{
  KsItem *item = entry->item;
  PangoLayout *layout = new_layout (KS_DIAGRAM_FONT_UI, KS_DIAGRAM_SIZE_BODY, PANGO_WEIGHT_NORMAL);
  PangoAttrList *attrs = pango_attr_list_new ();
  GString *text = g_string_new (NULL);
  KsValue *values = ks_item_get_final (item);
  const char *absent[4];
  guint n_absent = 0, n_absent_more = 0, shown = 0;

  for (guint i = 0; i < ks_value_get_length (values); i++)
    {
      const KsMapEntry *e = ks_value_get_entry (values, i);
      g_autofree char *d = NULL;
      guint s;

      if (g_hash_table_contains (ctx->self->hidden, e->name))
        continue;
      if (!ks_view_projects (ctx->view, e->name))
        {
          if (n_absent < G_N_ELEMENTS (absent))
            absent[n_absent++] = e->name;
          else
            n_absent_more++;
          continue;
        }
      if (shown == 4 || value_is_redundant (item, e->value, entry))
        continue;
      if (text->len)
        g_string_append (text, "   ");
      s = text->len;
      g_string_append (text, e->name);
      attr_color (attrs, &ctx->pal->faint, s, text->len);
      attr_size (attrs, KS_DIAGRAM_SIZE_LABEL, s, text->len);
      g_string_append_c (text, ' ');
      s = text->len;
      d = ks_value_to_display (e->value);
      append_clean (text, d, 40);
      attr_color (attrs, &ctx->pal->text, s, text->len);
      shown++;
    }
  if (n_absent > 0)
    {
      guint s;
      if (text->len)
        g_string_append (text, "   ");
      s = text->len;
      /* TRANSLATORS: before a list of attribute names an index does not store */
      g_string_append (text, _("not projected:"));
      attr_style (attrs, s, text->len);
      for (guint i = 0; i < n_absent; i++)
        {
          guint a;
          g_string_append_c (text, ' ');
          a = text->len;
          g_string_append (text, absent[i]);
          {
            PangoAttribute *st = pango_attr_strikethrough_new (TRUE);
            st->start_index = a;
            st->end_index = text->len;
            pango_attr_list_insert (attrs, st);
          }
        }
      if (n_absent_more)
        g_string_append_printf (text, " +%u", n_absent_more);
      attr_color (attrs, &ctx->pal->faint, s, text->len);
      attr_size (attrs, KS_DIAGRAM_SIZE_LABEL + 0.5, s, text->len);
    }
  pango_layout_set_text (layout, text->str, text->len);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_width (layout, MAX (width, 10) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_attr_list_unref (attrs);
  g_string_free (text, TRUE);
  return layout;
}

static void
row_text_free (gpointer data)
{
  RowText *rt = data;
  g_clear_object (&rt->key);
  g_clear_object (&rt->attrs);
  g_free (rt);
}

static void
card_text_free (gpointer data)
{
  CardText *ct = data;
  g_clear_object (&ct->stats);
  g_clear_object (&ct->key);
  g_free (ct);
}

static RowText *
row_text (Ctx *ctx, guint position)
{
  GHashTable *cache = ctx->self->row_cache;
  RowText *rt = g_hash_table_lookup (cache, GUINT_TO_POINTER (position + 1));
  const KsEntry *e;
  double key_max, key_w, avail;

  if (rt)
    return rt;
  if (g_hash_table_size (cache) >= ROW_CACHE_MAX)
    g_hash_table_remove_all (cache);

  e = ks_view_get_entry (ctx->view, position);
  rt = g_new0 (RowText, 1);
  avail = ctx->card_w - KEY_X - PAD_RIGHT;
  key_max = avail * 0.62;
  rt->key = key_layout (ctx, e->item, ks_view_get_key_schema (ctx->view), TRUE,
                        e->sk ? e->sk : e->pk, KS_DIAGRAM_SIZE_KEY, key_max);
  key_w = MIN (layout_width (rt->key), key_max);
  {
    PangoRectangle ink, logical;
    pango_layout_get_pixel_extents (rt->key, &ink, &logical);
    key_w = MIN (logical.x + logical.width, key_max);
  }
  rt->attrs_x = KEY_X + key_w + 16;
  rt->attrs = attrs_layout (ctx, e, ctx->card_w - rt->attrs_x - PAD_RIGHT);
  g_hash_table_insert (cache, GUINT_TO_POINTER (position + 1), rt);
  return rt;
}

static char *
format_size (guint64 bytes)
{
  if (bytes < 1000)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
  return g_format_size (bytes);
}

static CardText *
card_text (Ctx *ctx, guint index, const KsDiagramCard *card)
{
  GHashTable *cache = ctx->self->card_cache;
  CardText *ct = g_hash_table_lookup (cache, GUINT_TO_POINTER (index + 1));
  const KsKeySchema *keys = ks_view_get_key_schema (ctx->view);
  const KsEntry *first;
  g_autofree char *size = NULL;
  g_autofree char *stats = NULL;
  guint n;

  if (ct)
    return ct;
  if (g_hash_table_size (cache) >= CARD_CACHE_MAX)
    g_hash_table_remove_all (cache);

  ct = g_new0 (CardText, 1);
  first = ks_view_get_entry (ctx->view, card->start);

  n = card->end - card->start;
  size = format_size (card->size);
  stats = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item · %s", "%u items · %s", n), n, size);
  ct->stats = new_layout (KS_DIAGRAM_FONT_UI, KS_DIAGRAM_SIZE_LABEL + 1, PANGO_WEIGHT_NORMAL);
  pango_layout_set_text (ct->stats, stats, -1);
  pango_layout_set_alignment (ct->stats, PANGO_ALIGN_RIGHT);
  pango_layout_set_width (ct->stats, (ctx->card_w - 24) * PANGO_SCALE);

  ct->key = key_layout (ctx, first->item, keys, FALSE, first->pk, KS_DIAGRAM_SIZE_KEY + 0.5,
                        ctx->card_w - 24);
  g_hash_table_insert (cache, GUINT_TO_POINTER (index + 1), ct);
  return ct;
}

void
_ks_diagram_init_caches (KsDiagram *self)
{
  self->row_cache = g_hash_table_new_full (NULL, NULL, NULL, row_text_free);
  self->card_cache = g_hash_table_new_full (NULL, NULL, NULL, card_text_free);
  self->header_cache = g_ptr_array_new_with_free_func (g_object_unref);
  self->colors = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

void
_ks_diagram_clear_caches (KsDiagram *self)
{
  g_hash_table_remove_all (self->row_cache);
  g_hash_table_remove_all (self->card_cache);
  g_ptr_array_set_size (self->header_cache, 0);
  g_hash_table_remove_all (self->colors);
  g_clear_object (&self->card_label);
}

/* Shapes ------------------------------------------------------------------- */

/* Clamps a rectangle to the visible area (plus a margin) so that cairo
 * never sees the huge coordinates of a card 100,000 rows tall. */
static gboolean
clamp_rect (Ctx *ctx, double *x, double *y, double *w, double *h)
{
  double m = 8 / ctx->zoom + 8;
  double x0 = MAX (*x, ctx->x0 - m), y0 = MAX (*y, ctx->y0 - m);
  double x1 = MIN (*x + *w, ctx->x1 + m), y1 = MIN (*y + *h, ctx->y1 + m);

  if (x1 <= x0 || y1 <= y0)
    return FALSE;
  *x = x0;
  *y = y0;
  *w = x1 - x0;
  *h = y1 - y0;
  return TRUE;
}

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI_2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI_2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI_2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI_2);
  cairo_close_path (cr);
}

static void
fill_rect (Ctx *ctx, double x, double y, double w, double h, const Rgba *c, double alpha)
{
  if (!clamp_rect (ctx, &x, &y, &w, &h))
    return;
  set_source (ctx->cr, c, alpha);
  cairo_rectangle (ctx->cr, x, y, w, h);
  cairo_fill (ctx->cr);
}

/* Header: title, legend, notes --------------------------------------------- */

static PangoLayout *
header_layout (Ctx *ctx, guint slot)
{
  return slot < ctx->self->header_cache->len ? g_ptr_array_index (ctx->self->header_cache, slot) : NULL;
}

static void
build_header (Ctx *ctx)
{
  KsDiagramLayout *layout = ctx->layout;
  KsIndex *index = ks_view_get_index (ctx->view);
  const KsKeySchema *keys = ks_view_get_key_schema (ctx->view);
  GPtrArray *cache = ctx->self->header_cache;
  double width;
  GString *text = g_string_new (NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoLayout *pl;
  guint s, n_entries = ks_diagram_layout_get_n_entries (layout);
  guint n_cards = ks_diagram_layout_get_n_cards (layout);
  g_autofree char *size = format_size (ks_diagram_layout_get_total_size (layout));

  ks_diagram_layout_get_size (layout, &width, NULL);
  width -= 2 * KS_DIAGRAM_MARGIN;

  /* 0: title */
  if (index)
    g_string_append (text, ks_index_kind_to_string (ks_index_get_kind (index)));
  else
    g_string_append (text, C_("diagram title", "TABLE"));
  attr_color (attrs, &ctx->pal->accent_text, 0, text->len);
  attr_size (attrs, KS_DIAGRAM_SIZE_LABEL + 1, 0, text->len);
  attr_weight (attrs, PANGO_WEIGHT_BOLD, 0, text->len);
  g_string_append_c (text, ' ');
  s = text->len;
  g_string_append (text, ks_view_get_name (ctx->view));
  attr_weight (attrs, PANGO_WEIGHT_BOLD, s, text->len);
  attr_color (attrs, &ctx->pal->text, s, text->len);
  s = text->len;
  g_string_append (text, "   ");
  for (guint i = 0; i < keys->n_pk; i++)
    g_string_append_printf (text, "%s%s", i ? " + " : "", keys->pk[i].name);
  for (guint i = 0; i < keys->n_sk; i++)
    g_string_append_printf (text, "%s%s", i ? " + " : " · ", keys->sk[i].name);
  if (index)
    {
      KsProjection proj = ks_index_get_projection (index);
      g_string_append_printf (text, " · %s", ks_projection_to_string (proj));
      if (proj == KS_PROJECTION_INCLUDE)
        {
          g_autofree char *list = g_strjoinv (", ", (char **) ks_index_get_include (index));
          g_string_append_printf (text, " (%s)", list);
        }
    }
  g_string_append (text, "   ");
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n_entries), n_entries);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " in %u partition", " in %u partitions", n_cards), n_cards);
  g_string_append_printf (text, " · %s", size);
  attr_color (attrs, &ctx->pal->muted, s, text->len);
  attr_size (attrs, KS_DIAGRAM_SIZE_BODY + 0.5, s, text->len);
  pl = new_layout (KS_DIAGRAM_FONT_UI, KS_DIAGRAM_SIZE_TITLE, PANGO_WEIGHT_NORMAL);
  pango_layout_set_text (pl, text->str, text->len);
  pango_layout_set_attributes (pl, attrs);
  pango_layout_set_width (pl, width * PANGO_SCALE);
  pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
  g_ptr_array_add (cache, pl);
  pango_attr_list_unref (attrs);

  /* 1 … n: legend entries (dot drawn separately), then the hint */
  for (guint i = 0; i < ks_diagram_layout_get_n_entities (layout); i++)
    {
      const KsDiagramEntityInfo *info = ks_diagram_layout_get_entity (layout, i);
      g_string_truncate (text, 0);
      attrs = pango_attr_list_new ();
      g_string_append (text, ks_entity_get_name (info->entity));
      attr_color (attrs, info->n_in_view ? &ctx->pal->text : &ctx->pal->faint, 0, text->len);
      s = text->len;
      g_string_append_printf (text, " %u", info->n_in_view);
      attr_color (attrs, &ctx->pal->faint, s, text->len);
      pl = new_layout (KS_DIAGRAM_FONT_UI, KS_DIAGRAM_SIZE_BODY, PANGO_WEIGHT_NORMAL);
      pango_layout_set_text (pl, text->str, text->len);
      pango_layout_set_attributes (pl, attrs);
      pango_attr_list_unref (attrs);
      g_ptr_array_add (cache, pl);
    }
  pl = new_layout (KS_DIAGRAM_FONT_UI, KS_DIAGRAM_SIZE_BODY, PANGO_WEIGHT_NORMAL);
  g_string_truncate (text, 0);
  attrs = pango_attr_list_new ();
  g_string_append (text, _("grey: literal text of a key template · colour: an attribute’s value"));
  attr_color (attrs, &ctx->pal->faint, 0, text->len);
  pango_layout_set_text (pl, text->str, text->len);
  pango_layout_set_attributes (pl, attrs);
  pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
  pango_attr_list_unref (attrs);
  g_ptr_array_add (cache, pl);

  /* notes */
  for (guint i = 0; i < MAX (ks_diagram_layout_get_n_notes (layout), 1); i++)
    {
      const char *note = ks_diagram_layout_get_n_notes (layout) ? ks_diagram_layout_get_note (layout, i) : NULL;
      pl = new_layout (KS_DIAGRAM_FONT_UI, KS_DIAGRAM_SIZE_BODY, PANGO_WEIGHT_NORMAL);
      pango_layout_set_text (pl, note ? note : (index ? _("Every item of the table is in this index.")
                                                      : _("Every item is stored: none has key errors.")), -1);
      attrs = pango_attr_list_new ();
      attr_color (attrs, note ? &ctx->pal->text : &ctx->pal->faint, 0, G_MAXUINT);
      pango_layout_set_attributes (pl, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_width (pl, (width - 18) * PANGO_SCALE);
      pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
      g_ptr_array_add (cache, pl);
    }
  g_string_free (text, TRUE);
}

static void
draw_dot (cairo_t *cr, double cx, double cy, double r, const Rgba *c, gboolean hollow)
{
  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  set_source (cr, c, 1);
  if (hollow)
    {
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
}

static void
draw_header (Ctx *ctx)
{
  KsDiagramLayout *layout = ctx->layout;
  double x = KS_DIAGRAM_MARGIN, y = KS_DIAGRAM_MARGIN, width;
  guint n_entities = ks_diagram_layout_get_n_entities (layout);
  guint slot = 0;
  PangoLayout *pl;
  gboolean text = ctx->zoom * KS_DIAGRAM_SIZE_BODY >= TEXT_MIN_PX;

  if (ctx->y0 > ks_diagram_layout_get_header_height (layout) || !text)
    return;
  if (ctx->self->header_cache->len == 0)
    build_header (ctx);
  ks_diagram_layout_get_size (layout, &width, NULL);

  pl = header_layout (ctx, slot++);
  show_layout (ctx, pl, x, y + (KS_DIAGRAM_TITLE_HEIGHT - 8 - layout_height (pl)) / 2);
  y += KS_DIAGRAM_TITLE_HEIGHT;

  for (guint i = 0; i < n_entities; i++)
    {
      const KsDiagramEntityInfo *info = ks_diagram_layout_get_entity (layout, i);
      const EntityColors *ec = entity_colors (ctx, info->entity);
      pl = header_layout (ctx, slot++);
      if (x + 14 + layout_width (pl) > width - KS_DIAGRAM_MARGIN)
        continue;
      draw_dot (ctx->cr, x + 5, y + 8, 4.5, &ec->stripe, info->n_in_view == 0);
      show_layout (ctx, pl, x + 14, y + 8 - layout_height (pl) / 2);
      x += 14 + layout_width (pl) + 16;
    }
  pl = header_layout (ctx, slot++);
  if (x + 40 < width - KS_DIAGRAM_MARGIN)
    {
      pango_layout_set_width (pl, (width - KS_DIAGRAM_MARGIN - x - 4) * PANGO_SCALE);
      show_layout (ctx, pl, x + 4, y + 8 - layout_height (pl) / 2);
    }
  y += KS_DIAGRAM_LEGEND_HEIGHT;

  x = KS_DIAGRAM_MARGIN;
  for (guint i = 0; i < MAX (ks_diagram_layout_get_n_notes (layout), 1); i++)
    {
      gboolean is_note = ks_diagram_layout_get_n_notes (layout) > 0;
      pl = header_layout (ctx, slot++);
      if (is_note)
        {
          /* a small "left out" mark: a hollow circle with a bar */
          cairo_t *cr = ctx->cr;
          draw_dot (cr, x + 6, y + 9, 5, &ctx->pal->warning, TRUE);
          cairo_move_to (cr, x + 3.5, y + 9);
          cairo_line_to (cr, x + 8.5, y + 9);
          cairo_stroke (cr);
        }
      show_layout (ctx, pl, x + (is_note ? 18 : 0), y + 9 - layout_height (pl) / 2);
      y += KS_DIAGRAM_NOTE_HEIGHT;
    }
}

/* Cards -------------------------------------------------------------------- */

static gboolean
row_is_dimmed (Ctx *ctx, gboolean in_hl_card, guint position)
{
  KsDiagram *self = ctx->self;

  if (!self->hl_active)
    return FALSE;
  if (!in_hl_card)
    return TRUE;
  return !ks_diagram_highlight_has_item (self->highlight, ks_view_get_entry (ctx->view, position)->item);
}

/* One bar per device pixel row: the entity of the entry under it. */
static void
draw_rows_sampled (Ctx *ctx, const KsDiagramCard *card, double rows_top, gboolean in_hl_card)
{
  double px = 1 / ctx->zoom;
  double top = MAX (rows_top, ctx->y0), bottom = MIN (rows_top + (card->end - card->start) * KS_DIAGRAM_ROW_HEIGHT, ctx->y1);
  const EntityColors *run_ec = NULL;
  double run_y = top;
  double run_alpha = 1;
  double x = card->x + 10, w = ctx->card_w - 20;

  for (double y = top; y < bottom + px; y += px)
    {
      const EntityColors *ec = NULL;
      double alpha = 1;

      if (y < bottom)
        {
          guint row = (guint) ((y - rows_top) / KS_DIAGRAM_ROW_HEIGHT);
          guint pos = card->start + MIN (row, card->end - card->start - 1);
          ec = entity_colors (ctx, ks_view_get_entry (ctx->view, pos)->item->entity);
          alpha = row_is_dimmed (ctx, in_hl_card, pos) ? ctx->pal->dim : 1;
        }
      if (ec != run_ec || alpha != run_alpha || y >= bottom)
        {
          if (run_ec && y > run_y)
            fill_rect (ctx, x, run_y, w, MIN (y, bottom) - run_y, &run_ec->stripe, 0.85 * run_alpha);
          run_ec = ec;
          run_alpha = alpha;
          run_y = y;
        }
    }
}

static void
draw_bracket (Ctx *ctx, const KsDiagramCard *card, double rows_top)
{
  KsDiagram *self = ctx->self;
  cairo_t *cr = ctx->cr;
  guint s = MAX (self->hl_start, card->start), e = MIN (self->hl_end, card->end);
  double y0, y1, x = card->x - 7;
  const char *label = ks_diagram_highlight_get_range_label (self->highlight);

  if (e <= s)
    return;
  y0 = rows_top + (s - card->start) * KS_DIAGRAM_ROW_HEIGHT + 3;
  y1 = rows_top + (e - card->start) * KS_DIAGRAM_ROW_HEIGHT - 3;
  y0 = MAX (y0, ctx->y0 - 10);
  y1 = MIN (y1, ctx->y1 + 10);
  if (y1 <= y0)
    return;
  set_source (cr, &ctx->pal->accent, 1);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, x + 5, y0);
  cairo_line_to (cr, x, y0);
  cairo_line_to (cr, x, y1);
  cairo_line_to (cr, x + 5, y1);
  cairo_stroke (cr);

  if (label && ctx->zoom * KS_DIAGRAM_SIZE_LABEL >= TEXT_MIN_PX && card->x > 20)
    {
      PangoLayout *pl = new_layout (KS_DIAGRAM_FONT_UI, KS_DIAGRAM_SIZE_LABEL, PANGO_WEIGHT_NORMAL);
      PangoAttrList *attrs = pango_attr_list_new ();
      double len = y1 - y0, lw;

      pango_layout_set_text (pl, label, -1);
      attr_color (attrs, &ctx->pal->accent_text, 0, G_MAXUINT);
      pango_layout_set_attributes (pl, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_width (pl, MAX (len, 20) * PANGO_SCALE);
      pango_layout_set_ellipsize (pl, PANGO_ELLIPSIZE_END);
      lw = MIN (layout_width (pl), MAX (len, 20));
      cairo_save (cr);
      cairo_translate (cr, x - 3 - layout_height (pl), (y0 + y1) / 2 + lw / 2);
      cairo_rotate (cr, -G_PI_2);
      show_layout (ctx, pl, 0, 0);
      cairo_restore (cr);
      g_object_unref (pl);
    }
}

static void
draw_rows (Ctx *ctx, const KsDiagramCard *card, double rows_top, gboolean in_hl_card)
{
  KsDiagram *self = ctx->self;
  cairo_t *cr = ctx->cr;
  guint n = card->end - card->start;
  double row_px = KS_DIAGRAM_ROW_HEIGHT * ctx->zoom;
  gboolean text = ctx->zoom * KS_DIAGRAM_SIZE_KEY >= TEXT_MIN_PX;
  guint first, last;

  if (row_px < BAR_MIN_PX)
    {
      draw_rows_sampled (ctx, card, rows_top, in_hl_card);
      return;
    }

  first = ctx->y0 > rows_top ? (guint) ((ctx->y0 - rows_top) / KS_DIAGRAM_ROW_HEIGHT) : 0;
  if (ctx->y1 <= rows_top)
    return;
  last = (guint) MIN ((double) n, ceil ((ctx->y1 - rows_top) / KS_DIAGRAM_ROW_HEIGHT));
  for (guint r = first; r < last; r++)
    {
      guint pos = card->start + r;
      const KsEntry *e = ks_view_get_entry (ctx->view, pos);
      const EntityColors *ec = entity_colors (ctx, e->item->entity);
      double y = rows_top + r * KS_DIAGRAM_ROW_HEIGHT;
      gboolean dimmed = row_is_dimmed (ctx, in_hl_card, pos);
      gboolean returned = self->hl_active && in_hl_card && !dimmed;
      gboolean selected = self->selected == e->item;
      double alpha = dimmed ? ctx->pal->dim : 1;

      if (returned)
        fill_rect (ctx, card->x + 1, y, ctx->card_w - 2, KS_DIAGRAM_ROW_HEIGHT, &ctx->pal->returned, 1);
      else if (!dimmed)
        fill_rect (ctx, card->x + 1, y, ctx->card_w - 2, KS_DIAGRAM_ROW_HEIGHT, &ec->tint, 1);
      if (selected)
        {
          fill_rect (ctx, card->x + 1, y, ctx->card_w - 2, KS_DIAGRAM_ROW_HEIGHT, &ctx->pal->selection, 1);
          set_source (cr, &ctx->pal->accent, 1);
          cairo_set_line_width (cr, 2);
          rounded_rect (cr, card->x + 4, y + 2, ctx->card_w - 8, KS_DIAGRAM_ROW_HEIGHT - 4, 5);
          cairo_stroke (cr);
        }
      if (r > 0 && text)
        fill_rect (ctx, card->x + KEY_X, y, ctx->card_w - KEY_X - 10, 1 / MAX (ctx->zoom, 1), &ctx->pal->divider, 1);

      /* entity stripe */
      set_source (cr, &ec->stripe, alpha);
      if (text)
        {
          rounded_rect (cr, card->x + 10, y + 6, 4, KS_DIAGRAM_ROW_HEIGHT - 12, 2);
          cairo_fill (cr);
        }
      else
        {
          /* colour bars: the whole row, slightly inset */
          cairo_rectangle (cr, card->x + 10, y + 2, ctx->card_w - 20, KS_DIAGRAM_ROW_HEIGHT - 4);
          cairo_fill (cr);
          continue;
        }

      {
        RowText *rt = row_text (ctx, pos);
        if (dimmed)
          cairo_push_group (cr);
        show_layout (ctx, rt->key, card->x + KEY_X, y + (KS_DIAGRAM_ROW_HEIGHT - layout_height (rt->key)) / 2);
        show_layout (ctx, rt->attrs, card->x + rt->attrs_x, y + (KS_DIAGRAM_ROW_HEIGHT - layout_height (rt->attrs)) / 2);
        if (dimmed)
          {
            cairo_pop_group_to_source (cr);
            cairo_paint_with_alpha (cr, alpha);
          }
      }
    }
}

static void
draw_card (Ctx *ctx, guint index, const KsDiagramCard *card)
{
  KsDiagram *self = ctx->self;
  cairo_t *cr = ctx->cr;
  double x = card->x, y = card->y, w = ctx->card_w, h = card->height;
  double rows_top = y + KS_DIAGRAM_CARD_HEADER;
  gboolean in_hl = self->hl_active && self->hl_has_card && self->hl_card == index;
  gboolean text = ctx->zoom * KS_DIAGRAM_SIZE_KEY >= TEXT_MIN_PX;
  double cx = x, cy = y, cw = w, ch = h;
  double radius = 8;

  if (!clamp_rect (ctx, &cx, &cy, &cw, &ch))
    return;

  if (!text)
    {
      /* colour-bar detail: plain shapes, nothing a small card would show */
      const EntityColors *ec = entity_colors (ctx, ks_view_get_entry (ctx->view, card->start)->item->entity);
      fill_rect (ctx, x, y, w, h, in_hl ? &ctx->pal->accent : &ctx->pal->border, 1);
      fill_rect (ctx, x + 1, y + 1, w - 2, h - 2, &ctx->pal->card, 1);
      fill_rect (ctx, x + 1, y + 1, w - 2, KS_DIAGRAM_CARD_HEADER - 2, in_hl ? &ctx->pal->returned : &ctx->pal->card_header, 1);
      fill_rect (ctx, x + 12, y + 20, MIN (w * 0.55, 24 + _ks_diagram_key_length (ks_view_get_entry (ctx->view, card->start)->pk) * 7.2),
                 14, &ec->text, self->hl_active && !in_hl ? 0.5 * ctx->pal->dim : 0.5);
      draw_rows (ctx, card, rows_top, in_hl);
      if (in_hl)
        draw_bracket (ctx, card, rows_top);
      return;
    }

  /* card body: rounded where the corners are visible */
  if (cy == y && ch == h)
    rounded_rect (cr, x + 0.5, y + 0.5, w - 1, h - 1, radius);
  else
    cairo_rectangle (cr, cx + 0.5, cy + 0.5, cw - 1, ch - 1);
  set_source (cr, &ctx->pal->card, 1);
  cairo_fill_preserve (cr);
  set_source (cr, in_hl ? &ctx->pal->accent : &ctx->pal->border, 1);
  cairo_set_line_width (cr, in_hl ? 2 : 1);
  cairo_stroke (cr);

  /* heading */
  if (y + KS_DIAGRAM_CARD_HEADER > ctx->y0 && y < ctx->y1)
    {
      cairo_save (cr);
      rounded_rect (cr, x + 1, y + 1, w - 2, h - 2, radius - 1);
      cairo_clip (cr);
      fill_rect (ctx, x, y, w, KS_DIAGRAM_CARD_HEADER, in_hl ? &ctx->pal->returned : &ctx->pal->card_header, 1);
      cairo_restore (cr);
      fill_rect (ctx, x + 1, rows_top - 1, w - 2, 1, &ctx->pal->border, 0.7);
        {
          CardText *ct = card_text (ctx, index, card);
          if (self->hl_active && !in_hl)
            cairo_push_group (cr);
          if (self->card_label == NULL)
            {
              const KsKeySchema *keys = ks_view_get_key_schema (ctx->view);
              GString *label = g_string_new (NULL);
              for (guint i = 0; i < keys->n_pk; i++)
                g_string_append_printf (label, "%s%s", i ? " · " : "", keys->pk[i].name);
              self->card_label = new_layout (KS_DIAGRAM_FONT_UI, KS_DIAGRAM_SIZE_LABEL, PANGO_WEIGHT_BOLD);
              pango_layout_set_text (self->card_label, label->str, label->len);
              g_string_free (label, TRUE);
            }
          set_source (cr, &ctx->pal->faint, 1);
          show_layout (ctx, self->card_label, x + 12, y + 8);
          set_source (cr, &ctx->pal->muted, 1);
          show_layout (ctx, ct->stats, x + 12, y + 7);
          show_layout (ctx, ct->key, x + 12, y + 21);
          if (self->hl_active && !in_hl)
            {
              cairo_pop_group_to_source (cr);
              cairo_paint_with_alpha (cr, ctx->pal->dim + 0.15);
            }
        }
    }

  draw_rows (ctx, card, rows_top, in_hl);
  if (in_hl)
    draw_bracket (ctx, card, rows_top);
}

static void
draw_column (Ctx *ctx, guint column)
{
  KsDiagramLayout *layout = ctx->layout;
  guint n, k;
  const guint *cards = ks_diagram_layout_get_column (layout, column, &n);
  double px = 1 / ctx->zoom;
  const EntityColors *run_ec = NULL;
  double run_top = 0, run_bottom = 0, x = 0;

  k = ks_diagram_layout_column_lookup (layout, column, ctx->y0);
  while (k < n)
    {
      const KsDiagramCard *card = ks_diagram_layout_get_card (layout, cards[k]);

      if (card->y >= ctx->y1)
        break;
      if (card->height * ctx->zoom >= 6)
        {
          if (run_ec)
            fill_rect (ctx, x, run_top, ctx->card_w, run_bottom - run_top, &run_ec->stripe, 0.75);
          run_ec = NULL;
          draw_card (ctx, cards[k], card);
          k++;
        }
      else
        {
          /* cards thinner than a few pixels: blocks in their first
           * entity's colour, one per device pixel row, merged into runs */
          const EntityColors *ec = entity_colors (ctx, ks_view_get_entry (ctx->view, card->start)->item->entity);
          double bottom = card->y + MAX (card->height, px);
          guint next;

          if (ec != run_ec || card->y > run_bottom + px)
            {
              if (run_ec)
                fill_rect (ctx, x, run_top, ctx->card_w, run_bottom - run_top, &run_ec->stripe, 0.75);
              run_ec = ec;
              run_top = card->y;
              x = card->x;
            }
          run_bottom = bottom;
          next = ks_diagram_layout_column_lookup (layout, column, card->y + px);
          k = MAX (next, k + 1);
        }
    }
  if (run_ec)
    fill_rect (ctx, x, run_top, ctx->card_w, run_bottom - run_top, &run_ec->stripe, 0.75);
}

static void
draw_message (Ctx *ctx, const char *message, double y)
{
  PangoLayout *pl = new_layout (KS_DIAGRAM_FONT_UI, KS_DIAGRAM_SIZE_TITLE, PANGO_WEIGHT_NORMAL);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_layout_set_text (pl, message, -1);
  attr_color (attrs, &ctx->pal->faint, 0, G_MAXUINT);
  pango_layout_set_attributes (pl, attrs);
  pango_attr_list_unref (attrs);
  show_layout (ctx, pl, KS_DIAGRAM_MARGIN, y);
  g_object_unref (pl);
}

void
_ks_diagram_draw_scaled (KsDiagram *self,
                         cairo_t   *cr,
                         double     x0,
                         double     y0,
                         double     x1,
                         double     y1,
                         double     zoom)
{
  Ctx ctx;

  _ks_diagram_ensure_layout (self);
  ctx = (Ctx) {
    .self = self, .layout = self->layout, .view = self->view, .cr = cr,
    .pal = &palettes[self->theme], .zoom = zoom,
    .x0 = x0, .y0 = y0, .x1 = x1, .y1 = y1,
  };

  set_source (cr, &ctx.pal->canvas, 1);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_fill (cr);

  if (self->layout == NULL)
    {
      g_autofree char *msg = self->view_name
        ? g_strdup_printf (_("No table or index named “%s”"), self->view_name)
        : g_strdup (_("The design has no table"));
      draw_message (&ctx, msg, KS_DIAGRAM_MARGIN);
      return;
    }
  ctx.card_w = ks_diagram_layout_get_card_width (self->layout);

  draw_header (&ctx);
  if (ks_diagram_layout_get_n_cards (self->layout) == 0)
    {
      draw_message (&ctx, _("No item is in this view."), ks_diagram_layout_get_header_height (self->layout));
      return;
    }
  for (guint c = 0; c < ks_diagram_layout_get_n_columns (self->layout); c++)
    {
      double cx = KS_DIAGRAM_MARGIN + c * (ctx.card_w + KS_DIAGRAM_COLUMN_GAP);
      if (cx + ctx.card_w + 24 < x0 || cx - 24 > x1)
        continue;
      draw_column (&ctx, c);
    }
}

double
_ks_diagram_draw_banner (KsDiagram *self,
                         cairo_t   *cr,
                         double     x,
                         double     y,
                         double     max_width)
{
  const Palette *pal = &palettes[self->theme];
  const char *banner = self->highlight ? ks_diagram_highlight_get_banner (self->highlight) : NULL;
  g_autoptr(PangoLayout) pl = NULL;
  PangoAttrList *attrs;
  const char *nl;
  double w, h;
  Ctx ctx = { .self = self, .cr = cr, .pal = pal, .zoom = 1 };

  if (banner == NULL)
    return 0;
  pl = new_layout (KS_DIAGRAM_FONT_UI, KS_DIAGRAM_SIZE_BODY + 1, PANGO_WEIGHT_NORMAL);
  pango_layout_set_single_paragraph_mode (pl, FALSE);
  pango_layout_set_text (pl, banner, -1);
  attrs = pango_attr_list_new ();
  attr_color (attrs, &pal->text, 0, G_MAXUINT);
  /* the first line is the heading */
  nl = strchr (banner, '\n');
  if (nl)
    {
      attr_weight (attrs, PANGO_WEIGHT_BOLD, 0, nl - banner);
      attr_family (attrs, KS_DIAGRAM_FONT_MONO, nl - banner + 1, G_MAXUINT);
      attr_size (attrs, KS_DIAGRAM_SIZE_BODY, nl - banner + 1, G_MAXUINT);
    }
  pango_layout_set_attributes (pl, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_width (pl, (max_width - 28) * PANGO_SCALE);
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD_CHAR);
  {
    PangoRectangle logical;
    pango_layout_get_pixel_extents (pl, NULL, &logical);
    w = MIN (logical.width + 28, max_width);
  }
  h = layout_height (pl) + 20;
  if (cr == NULL)
    return h;

  rounded_rect (cr, x, y, w, h, 10);
  set_source (cr, &pal->card, 1);
  cairo_fill_preserve (cr);
  set_source (cr, &pal->accent, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  ctx.x1 = G_MAXDOUBLE;
  ctx.y1 = G_MAXDOUBLE;
  show_layout (&ctx, pl, x + 14, y + 10);
  return h;
}
