/* ks-diagram-private.h: fonts and text helpers shared by the layout and
 * the drawing of the diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "ks-diagram.h"
#include "ks-diagram-layout.h"

G_BEGIN_DECLS

/* What a layout learned about a view's items, kept for the next layout
 * of the same view (ks-diagram-layout.c). */
typedef struct _KsDiagramLayoutCache KsDiagramLayoutCache;

struct _KsDiagram
{
  GObject             parent_instance;

  KsEngine           *engine;
  gulong              changed_handler;
  char               *view_name;
  KsView             *view;          /* resolved from view_name, or NULL */
  KsDiagramLayout    *layout;        /* NULL without a view, or while stale */
  gboolean            stale;         /* the view changed: lay out again when needed */
  KsDiagramLayoutCache *layout_cache; /* kept while the view stays */
  double              wrap_width;
  KsDiagramTheme      theme;
  KsItem             *selected;
  KsDiagramHighlight *highlight;

  /* the highlight resolved against the layout */
  gboolean            hl_active;
  gboolean            hl_has_card;
  guint               hl_card;
  guint               hl_start;
  guint               hl_end;

  /* text made at draw time, for what was visible recently */
  GHashTable         *row_cache;     /* entry position → RowText */
  GHashTable         *card_cache;    /* card index → CardText */
  GPtrArray          *header_cache;  /* PangoLayout, or NULL until drawn */
  PangoLayout        *card_label;    /* the partition-key name, every card */
  GHashTable         *colors;        /* KsEntity → EntityColors */
  GHashTable         *hidden;        /* interned attribute names not listed on rows */

  /* SVG export: an invisible text layer is collected here, so the text
   * can be searched and selected (cairo draws glyphs as shapes). */
  GString            *svg_text;
};

void          _ks_diagram_init_caches       (KsDiagram   *self);


KsDiagramLayoutCache *_ks_diagram_layout_cache_new    (void);
void                  _ks_diagram_layout_cache_free   (KsDiagramLayoutCache *cache);
void                  _ks_diagram_layout_cache_clear  (KsDiagramLayoutCache *cache);
/* Forgets what @changes changed. */
void                  _ks_diagram_layout_cache_update (KsDiagramLayoutCache *cache,
                                                       KsChangeSet          *changes);
KsDiagramLayout      *_ks_diagram_layout_new_cached   (KsEngine             *engine,
                                                       KsView               *view,
                                                       KsDiagramLayoutCache *cache);
/* Lays the view out again if it changed since (every reader of
 * self->layout or self->view calls it first). */
void          _ks_diagram_ensure_layout     (KsDiagram   *self);
/* Drops cached text and colours (theme, model or view changed). */
void          _ks_diagram_clear_caches      (KsDiagram   *self);
/* Draws into @cr, which is already scaled (diagram units); the visible
 * rectangle is in diagram units. @pin_banner: draw the highlight banner
 * at the bottom of the visible rectangle (window) rather than below the
 * diagram (exports). */
void          _ks_diagram_draw_scaled       (KsDiagram   *self,
                                             cairo_t     *cr,
                                             double       x0,
                                             double       y0,
                                             double       x1,
                                             double       y1,
                                             double       zoom);
/* Banner box at (@x, @y) (diagram units), at most @max_width wide; returns
 * its height. With @cr NULL only measures. */
double        _ks_diagram_draw_banner       (KsDiagram   *self,
                                             cairo_t     *cr,
                                             double       x,
                                             double       y,
                                             double       max_width);

/* Font sizes in diagram units (absolute: the same on every surface). */
#define KS_DIAGRAM_FONT_UI        "Cantarell, Inter, DejaVu Sans, sans-serif"
#define KS_DIAGRAM_FONT_MONO      "Source Code Pro, DejaVu Sans Mono, Noto Sans Mono, monospace"
#define KS_DIAGRAM_SIZE_KEY       12.0
#define KS_DIAGRAM_SIZE_LABEL      9.5
#define KS_DIAGRAM_SIZE_BODY      11.5
#define KS_DIAGRAM_SIZE_TITLE     14.0

/* A font-map context with metrics hinting off, so that text scales
 * linearly with the zoom and measures the same on every surface. */
PangoContext *_ks_diagram_get_pango_context (void);
/* Advance of one character of the key font, in diagram units. */
double        _ks_diagram_mono_advance      (void);

/* Display length (characters, approximately) of a key value. */
guint         _ks_diagram_key_length        (const KsValue *key);

G_END_DECLS
