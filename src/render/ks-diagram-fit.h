/* ks-diagram-fit.h: a diagram's cards flowed to fit an area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-diagram.h"

G_BEGIN_DECLS

/* The wrap width that flows cards @card_width wide into @columns columns
 * (ks_diagram_set_wrap_width ()). */
double   ks_diagram_fit_wrap_width (double     card_width,
                                    guint      columns);
/* Flows the cards of @diagram into the number of columns, from 1 to
 * @max_columns (and no more than there are cards), that shows the whole
 * diagram largest on a @width × @height area: that count and the zoom
 * that shows it. FALSE when the diagram has no layout (an unknown view):
 * it then wraps at @width, to say so at its top left. */
gboolean ks_diagram_fit_columns    (KsDiagram *diagram,
                                    double     width,
                                    double     height,
                                    guint      max_columns,
                                    guint     *columns,
                                    double    *zoom);

G_END_DECLS
