/* ks-diagram.h: the key-layout diagram of one view, drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "ks-engine.h"
#include "ks-pattern-run.h"
#include "ks-diagram-layout.h"

G_BEGIN_DECLS

typedef enum
{
  KS_DIAGRAM_THEME_LIGHT,
  KS_DIAGRAM_THEME_DARK,
} KsDiagramTheme;

#define KS_TYPE_DIAGRAM_THEME (ks_diagram_theme_get_type ())
GType ks_diagram_theme_get_type (void) G_GNUC_CONST;

/* Highlights ------------------------------------------------------------- */

/**
 * KsDiagramHighlight:
 *
 * What an access pattern reads, to be shown on the diagram: the partition
 * (by its partition-key value), the range of entries its key condition
 * matches (positions [@range_start, @range_end) of the view's entries), the
 * items it returns (after filter and limit), and a banner text. Items of the
 * partition that are not returned are dimmed, the partition is outlined and
 * the range gets a bracket. Immutable once given to a #KsDiagram.
 */
typedef struct _KsDiagramHighlight KsDiagramHighlight;

#define KS_TYPE_DIAGRAM_HIGHLIGHT (ks_diagram_highlight_get_type ())

GType               ks_diagram_highlight_get_type       (void) G_GNUC_CONST;
/* @view: the table or index name the pattern reads; @pk: its partition-key
 * value (NULL for a Scan: no partition outline); the range is in view
 * positions, empty when start == end. */
KsDiagramHighlight *ks_diagram_highlight_new            (const char         *view,
                                                         KsValue            *pk,
                                                         guint               range_start,
                                                         guint               range_end);
/* The highlight of an access pattern: the partition its key condition
 * reads, the entries it reads, the items it returns, and a banner with the
 * request, counts and read units. Fails when the pattern does not run. */
KsDiagramHighlight *ks_diagram_highlight_new_for_pattern (KsEngine       *engine,
                                                          KsPattern      *pattern,
                                                          GError        **error);
/* The same from a run the caller already has. */
KsDiagramHighlight *ks_diagram_highlight_new_for_run     (KsEngine       *engine,
                                                          KsPatternRun   *run,
                                                          GError        **error);
KsDiagramHighlight *ks_diagram_highlight_ref            (KsDiagramHighlight *highlight);
void                ks_diagram_highlight_unref          (KsDiagramHighlight *highlight);
/* Marks @item as returned by the pattern. */
void                ks_diagram_highlight_add_item       (KsDiagramHighlight *highlight,
                                                         KsItem             *item);
/* "Query PK = CUSTOMER#c-001 AND begins_with(SK, ORDER#) · 2 items · 0.5 RCU" */
void                ks_diagram_highlight_set_banner     (KsDiagramHighlight *highlight,
                                                         const char         *banner);
/* Short text beside the bracket: "begins_with ORDER#" */
void                ks_diagram_highlight_set_range_label (KsDiagramHighlight *highlight,
                                                         const char         *label);
const char         *ks_diagram_highlight_get_view       (KsDiagramHighlight *highlight);
KsValue            *ks_diagram_highlight_get_pk         (KsDiagramHighlight *highlight);
void                ks_diagram_highlight_get_range      (KsDiagramHighlight *highlight,
                                                         guint              *start,
                                                         guint              *end);
gboolean            ks_diagram_highlight_has_item       (KsDiagramHighlight *highlight,
                                                         KsItem             *item);
guint               ks_diagram_highlight_get_n_items    (KsDiagramHighlight *highlight);
const char         *ks_diagram_highlight_get_banner     (KsDiagramHighlight *highlight);
const char         *ks_diagram_highlight_get_range_label (KsDiagramHighlight *highlight);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsDiagramHighlight, ks_diagram_highlight_unref)

/* The diagram -------------------------------------------------------------- */

#define KS_TYPE_DIAGRAM (ks_diagram_get_type ())
G_DECLARE_FINAL_TYPE (KsDiagram, ks_diagram, KS, DIAGRAM, GObject)

/*
 * Coordinates: the diagram has its own units ("diagram units", one unit is
 * one pixel at zoom 1, one point in PDF/SVG exports). ks_diagram_draw()
 * shows the part whose top-left corner is (@viewport_x, @viewport_y) in
 * diagram units, on a @width × @height area of @cr (in @cr's units), scaled
 * by @zoom (units of @cr per diagram unit). A point of the drawing area at
 * (px, py) is the diagram point (viewport_x + px / zoom,
 * viewport_y + py / zoom); hit testing and item rectangles use diagram
 * units.
 *
 * The diagram follows its engine: on KsEngine::changed it rebuilds its
 * layout when its view changed, and emits KsDiagram::changed (queue a draw;
 * the size may have changed too).
 */

KsDiagram          *ks_diagram_new               (KsEngine           *engine);
KsEngine           *ks_diagram_get_engine        (KsDiagram          *self);
/* The table or index shown, by name (NULL: the first table). Unknown names
 * show an empty diagram saying so. */
void                ks_diagram_set_view          (KsDiagram          *self,
                                                  const char         *view);
const char         *ks_diagram_get_view          (KsDiagram          *self);
/* Width (diagram units) the partition cards flow into, in columns. 0 lets
 * the diagram pick a pleasant aspect ratio (as exports do). */
void                ks_diagram_set_wrap_width    (KsDiagram          *self,
                                                  double              width);
double              ks_diagram_get_wrap_width    (KsDiagram          *self);
void                ks_diagram_set_theme         (KsDiagram          *self,
                                                  KsDiagramTheme      theme);
KsDiagramTheme      ks_diagram_get_theme         (KsDiagram          *self);
/* The selected item (NULL for none), outlined with the accent colour. */
void                ks_diagram_set_selected_item (KsDiagram          *self,
                                                  KsItem             *item);
KsItem             *ks_diagram_get_selected_item (KsDiagram          *self);
/* An access pattern's highlight (NULL for none). It shows when its view is
 * the diagram's view. */
void                ks_diagram_set_highlight     (KsDiagram          *self,
                                                  KsDiagramHighlight *highlight);
KsDiagramHighlight *ks_diagram_get_highlight     (KsDiagram          *self);

/* The whole diagram's size in diagram units. */
void                ks_diagram_get_size          (KsDiagram          *self,
                                                  double             *width,
                                                  double             *height);
/* The current layout (rebuilt on changes; do not keep it across them). */
KsDiagramLayout    *ks_diagram_get_layout        (KsDiagram          *self);

/* Draws the visible part; see the coordinates note above. */
void                ks_diagram_draw              (KsDiagram          *self,
                                                  cairo_t            *cr,
                                                  double              viewport_x,
                                                  double              viewport_y,
                                                  double              width,
                                                  double              height,
                                                  double              zoom);
/* What is at a diagram point: an item row, a partition card (its heading
 * or padding), the sparse note, or nothing. */
gboolean            ks_diagram_hit_test          (KsDiagram          *self,
                                                  double              x,
                                                  double              y,
                                                  KsDiagramHit       *hit);
/* The rectangle of an item's row (diagram units), to scroll to it; FALSE
 * when the view does not hold the item. */
gboolean            ks_diagram_get_item_rect     (KsDiagram          *self,
                                                  KsItem             *item,
                                                  cairo_rectangle_t  *rect);
/* Tooltip text for a diagram point (item keys and size, partition totals,
 * why a sparse index leaves items out), or NULL. */
char               *ks_diagram_get_tooltip       (KsDiagram          *self,
                                                  double              x,
                                                  double              y);

/* Exports ------------------------------------------------------------------ */

/* Renders the whole diagram of @view (NULL: the first table) fitted to one
 * page or image, with @highlight (or NULL), to @path; the format comes from
 * the extension: .svg, .png or .pdf. @scale multiplies the size (PNG pixels
 * per diagram unit; 1 for PDF/SVG gives points). Text stays text in SVG and
 * PDF. */
gboolean            ks_diagram_render_to_file    (KsEngine           *engine,
                                                  const char         *view,
                                                  KsDiagramHighlight *highlight,
                                                  KsDiagramTheme      theme,
                                                  double              scale,
                                                  const char         *path,
                                                  GError            **error);
/* The same for a diagram already set up (view, theme, highlight, selection
 * and wrap width as they are). */
gboolean            ks_diagram_export            (KsDiagram          *self,
                                                  double              scale,
                                                  const char         *path,
                                                  GError            **error);

/* The same file image in memory: @format is "svg", "png" or "pdf" (for
 * the clipboard, or a document that embeds the diagram). */
GBytes             *ks_diagram_export_bytes      (KsDiagram          *self,
                                                  const char         *format,
                                                  double              scale,
                                                  GError            **error);

/* Mean milliseconds per frame of drawing @view to a 1600×1000 image surface,
 * the worst over a range of zoom levels (1, 0.5, 0.25, 0.1, 0.01 and
 * fit-all) while scrolling through the diagram; -1 for an unknown view. */
double              ks_diagram_benchmark_draw_ms (KsEngine           *engine,
                                                  const char         *view,
                                                  int                 iterations);

G_END_DECLS
