/* ks-diagram-fit.c: a diagram's cards flowed to fit an area
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the views that show a whole diagram at once (the presentation, the
 * template chooser's preview) rather than scroll through it.
 */
#define G_LOG_DOMAIN "keyshape-render"

#include "config.h"

#include "ks-diagram-fit.h"

double
ks_diagram_fit_wrap_width (double card_width,
                           guint  columns)
{
  g_return_val_if_fail (columns > 0, 0);

  /* a hair wider than the columns need, so the layout's floor() gives them */
  return 2 * KS_DIAGRAM_MARGIN + columns * card_width + (columns - 1) * KS_DIAGRAM_COLUMN_GAP + 0.5;
}

gboolean
ks_diagram_fit_columns (KsDiagram *diagram,
                        double     width,
                        double     height,
                        guint      max_columns,
                        guint     *columns,
                        double    *zoom)
{
  KsDiagramLayout *layout;
  double card_width, best_zoom = 0, w = 0, h = 0;
  guint best = 1, n_cards;

  g_return_val_if_fail (KS_IS_DIAGRAM (diagram), FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  layout = ks_diagram_get_layout (diagram);
  if (layout == NULL)
    {
      ks_diagram_set_wrap_width (diagram, width);
      return FALSE;
    }
  card_width = ks_diagram_layout_get_card_width (layout);
  n_cards = MAX (ks_diagram_layout_get_n_cards (layout), 1);
  for (guint c = 1; c <= MIN (n_cards, MAX (max_columns, 1)); c++)
    {
      double z;

      ks_diagram_set_wrap_width (diagram, ks_diagram_fit_wrap_width (card_width, c));
      ks_diagram_get_size (diagram, &w, &h);
      z = MIN (width / w, height / h);
      if (z > best_zoom + 0.001)
        {
          best_zoom = z;
          best = c;
        }
    }
  ks_diagram_set_wrap_width (diagram, ks_diagram_fit_wrap_width (card_width, best));
  if (columns != NULL)
    *columns = best;
  if (zoom != NULL)
    *zoom = best_zoom;
  return TRUE;
}
