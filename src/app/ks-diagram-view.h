/* ks-diagram-view.h: the key-layout diagram as a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-document.h"
#include "ks-diagram.h"
#include "ks-selection.h"

G_BEGIN_DECLS

#define KS_TYPE_DIAGRAM_VIEW (ks_diagram_view_get_type ())
G_DECLARE_FINAL_TYPE (KsDiagramView, ks_diagram_view, KS, DIAGRAM_VIEW, GtkWidget)

/**
 * KsDiagramView:
 *
 * Hosts a #KsDiagram (src/render) in a #GtkDrawingArea: drag to pan,
 * Ctrl+wheel or pinch to zoom about the pointer, click to select an item
 * (in the shared #KsSelection). Keyboard: the arrow keys move the
 * selection, up and down within a partition, left and right between
 * partitions (Home and End: its first and last item); Enter or a double
 * click emits #KsDiagramView::item-activated. Actions: diagram.zoom-in,
 * diagram.zoom-out, diagram.zoom-fit, diagram.zoom-reset, diagram.select-*,
 * diagram.activate-item.
 */
GtkWidget  *ks_diagram_view_new            (KsDocument         *document,
                                            KsSelection        *selection,
                                            const char         *view);
KsDiagram  *ks_diagram_view_get_diagram    (KsDiagramView      *self);
const char *ks_diagram_view_get_view_name  (KsDiagramView      *self);
void        ks_diagram_view_set_view_name  (KsDiagramView      *self,
                                            const char         *view);
double      ks_diagram_view_get_zoom       (KsDiagramView      *self);
/* Zooms keeping the diagram point under (@x, @y) (widget coordinates)
 * in place. */
void        ks_diagram_view_zoom_at        (KsDiagramView      *self,
                                            double              zoom,
                                            double              x,
                                            double              y);
void        ks_diagram_view_zoom_to_fit    (KsDiagramView      *self);
void        ks_diagram_view_set_highlight  (KsDiagramView      *self,
                                            KsDiagramHighlight *highlight);
/* Scrolls so that @item's row is visible (when this view holds it). */
void        ks_diagram_view_reveal_item    (KsDiagramView      *self,
                                            KsItem             *item);

G_END_DECLS
