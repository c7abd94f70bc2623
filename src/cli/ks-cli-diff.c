/* ks-cli-diff.c: keyshape-cli diff — what changed between two designs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ks-cli-private.h"
#include "ks-diff.h"
#include "ks-engine.h"
#include "ks-json-writer.h"

/* Exit status: 0 the designs are the same, 1 they differ, 2 a design
 * could not be read (like diff(1); a broken design is an error here, not
 * a difference). */
int
ks_cli_cmd_diff (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(KsDesign) old_design = NULL;
  g_autoptr(KsDesign) new_design = NULL;
  g_autoptr(KsEngine) old_engine = NULL;
  g_autoptr(KsEngine) new_engine = NULL;
  g_autoptr(KsDiff) diff = NULL;
  int status = KS_EXIT_OK;

  if (!ks_cli_parse_options (entries, &argc, &argv, "OLD NEW",
                             _("What changed between two designs: entities, attributes, templates, "
                               "indexes, projections and access patterns; which sample items a "
                               "backfill must rewrite or move, and which access patterns return "
                               "something else. Exit status 0: the same, 1: different, 2: error."),
                             2, 2))
    return KS_EXIT_USAGE;
  old_design = ks_cli_load (argv[1], &status);
  if (old_design == NULL)
    return KS_EXIT_USAGE;
  new_design = ks_cli_load (argv[2], &status);
  if (new_design == NULL)
    return KS_EXIT_USAGE;
  old_engine = ks_engine_new (old_design);
  new_engine = ks_engine_new (new_design);
  diff = ks_diff_new (old_engine, new_engine);

  if (json)
    {
      g_autoptr(JsonNode) root = ks_diff_to_json (diff);
      g_autofree char *text = ks_json_to_string (root, TRUE);
      fputs (text, stdout);
    }
  else
    {
      g_autofree char *text = ks_diff_to_text (diff);
      fputs (text, stdout);
    }
  return ks_diff_is_empty (diff) ? KS_EXIT_OK : KS_EXIT_DESIGN;
}
