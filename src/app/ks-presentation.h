/* ks-presentation.h: the access patterns of a design, one step at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-diagram.h"
#include "ks-document.h"

G_BEGIN_DECLS

#define KS_TYPE_PRESENTATION (ks_presentation_get_type ())
G_DECLARE_FINAL_TYPE (KsPresentation, ks_presentation, KS, PRESENTATION, GtkWidget)

/**
 * KsPresentation:
 *
 * Presentation mode: one step per access pattern of the design, in large
 * type and without editing chrome. A step shows the pattern's name and
 * description, how it is served, its request (DynamoDB JSON) and the
 * diagram of the view it reads, with the matched range highlighted and
 * the returned items lit. Actions presentation.next, presentation.previous,
 * presentation.first and presentation.last step (arrow keys, Page Up/Down,
 * Space, Home, End); presentation.leave (Escape) emits #KsPresentation::leave.
 * Follows the document: edits made meanwhile (undo) show at once.
 */
GtkWidget *ks_presentation_new          (void);
void       ks_presentation_set_document (KsPresentation *self,
                                         KsDocument     *document);
guint      ks_presentation_get_n_steps  (KsPresentation *self);
guint      ks_presentation_get_step     (KsPresentation *self);
void       ks_presentation_set_step     (KsPresentation *self,
                                         guint           step);
/* The pattern shown, or NULL when the design has none. */
KsPattern *ks_presentation_get_pattern  (KsPresentation *self);
/* Shows @pattern's step (nothing happens for a pattern of another design). */
void       ks_presentation_show_pattern (KsPresentation *self,
                                         KsPattern      *pattern);
/* The diagram drawn (tests). */
KsDiagram *ks_presentation_get_diagram  (KsPresentation *self);
/* The request shown, as text (tests). */
const char *ks_presentation_get_request_text (KsPresentation *self);
/* The zoom the diagram is drawn at, diagram units to pixels (tests). */
double     ks_presentation_get_zoom     (KsPresentation *self);

G_END_DECLS
