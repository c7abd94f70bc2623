/* ks-cli-render.c: keyshape-cli render — the key-layout diagram as a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-cli-private.h"
#include "ks-diagram.h"
#include "ks-engine.h"
#include "ks-error.h"

int
ks_cli_cmd_render (int argc, char **argv)
{
  g_autofree char *view = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *theme_name = NULL;
  g_autofree char *output = NULL;
  double scale = 0;
  GOptionEntry entries[] = {
    { "view", 0, 0, G_OPTION_ARG_STRING, &view, N_("The table or index to draw (default: the first table)"), N_("TABLE_OR_INDEX") },
    { "pattern", 'p', 0, G_OPTION_ARG_STRING, &pattern, N_("Highlight what this access pattern reads (its view is drawn)"), N_("NAME") },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_name, N_("light (default) or dark"), N_("THEME") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, N_("Size factor (default: 2 for PNG, 1 for SVG and PDF)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write: .svg, .png or .pdf"), N_("FILE") },
    { NULL }
  };
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(KsDiagramHighlight) highlight = NULL;
  g_autoptr(GError) error = NULL;
  KsDiagramTheme theme = KS_DIAGRAM_THEME_LIGHT;
  int status = KS_EXIT_OK;

  if (!ks_cli_parse_options (entries, &argc, &argv, "DESIGN",
                             _("Draw the key-layout diagram of a table or index to SVG, PNG or PDF"), 1, 1))
    return KS_EXIT_USAGE;
  if (output == NULL)
    {
      g_printerr ("keyshape-cli: render needs an output file: -o OUT.svg, OUT.png or OUT.pdf\n");
      return KS_EXIT_USAGE;
    }
  if (theme_name && g_str_equal (theme_name, "dark"))
    theme = KS_DIAGRAM_THEME_DARK;
  else if (theme_name && !g_str_equal (theme_name, "light"))
    {
      g_printerr ("keyshape-cli: unknown theme \"%s\" (light or dark)\n", theme_name);
      return KS_EXIT_USAGE;
    }
  if (scale == 0)
    scale = g_str_has_suffix (output, ".png") || g_str_has_suffix (output, ".PNG") ? 2 : 1;

  design = ks_cli_load (argv[1], &status);
  if (design == NULL)
    return status;
  engine = ks_engine_new (design);

  if (pattern)
    {
      KsPattern *p = ks_design_find_pattern (design, pattern);
      if (p == NULL)
        {
          g_printerr ("keyshape-cli: %s: no access pattern named \"%s\"\n", argv[1], pattern);
          return KS_EXIT_USAGE;
        }
      highlight = ks_diagram_highlight_new_for_pattern (engine, p, &error);
      if (highlight == NULL)
        {
          ks_cli_print_error (argv[1], error);
          return KS_EXIT_DESIGN;
        }
      if (view && !g_str_equal (view, ks_diagram_highlight_get_view (highlight)))
        g_printerr ("keyshape-cli: warning: pattern \"%s\" reads %s, not %s; the highlight shows only on %s\n",
                    pattern, ks_diagram_highlight_get_view (highlight), view,
                    ks_diagram_highlight_get_view (highlight));
      if (view == NULL)
        view = g_strdup (ks_diagram_highlight_get_view (highlight));
    }

  if (view && ks_engine_find_view (engine, view) == NULL)
    {
      g_printerr ("keyshape-cli: %s: no table or index named \"%s\"\n", argv[1], view);
      return KS_EXIT_USAGE;
    }

  if (!ks_diagram_render_to_file (engine, view, highlight, theme, scale, output, &error))
    {
      ks_cli_print_error (NULL, error);
      return KS_EXIT_USAGE;
    }
  return KS_EXIT_OK;
}
