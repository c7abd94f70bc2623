/* ks-cli-generate.c: keyshape-cli generate — sample items from generators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ks-cli-private.h"
#include "ks-error.h"
#include "ks-generator.h"
#include "ks-native.h"

/* More than a design should hold (DESIGN.md §9 plans for 100,000). */
#define MAX_COUNT 1000000

int
ks_cli_cmd_generate (int argc, char **argv)
{
  g_autofree char *entity_name = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *output = NULL;
  int count = -1;
  GOptionEntry entries[] = {
    { "entity", 'e', 0, G_OPTION_ARG_STRING, &entity_name, N_("The entity to add items to"), N_("NAME") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("How many items to add"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &seed_text, N_("Seed of the random values (default 1): the same seed gives the same items"), N_("S") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The design file to write (default: standard output)"), N_("OUT") },
    { NULL }
  };
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint64 seed = 1;
  KsEntity *entity;
  int status = KS_EXIT_OK;

  if (!ks_cli_parse_options (entries, &argc, &argv, "DESIGN",
                             _("Add generated sample items to an entity, with the generators the design stores "
                               "for its attributes and guesses for the others; writes the design"), 1, 1))
    return KS_EXIT_USAGE;
  if (entity_name == NULL || count < 0)
    {
      g_printerr ("keyshape-cli: generate needs --entity NAME and --count N\n");
      return KS_EXIT_USAGE;
    }
  if (count > MAX_COUNT)
    {
      g_printerr ("keyshape-cli: --count %d is more than the %d items generate makes at once\n", count, MAX_COUNT);
      return KS_EXIT_USAGE;
    }
  if (seed_text && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, &error))
    {
      g_printerr ("keyshape-cli: --seed: %s\n", error->message);
      return KS_EXIT_USAGE;
    }

  design = ks_cli_load (argv[1], &status);
  if (design == NULL)
    return status;
  entity = ks_design_find_entity (design, entity_name);
  if (entity == NULL)
    {
      g_printerr ("keyshape-cli: %s: no entity named \"%s\"\n", argv[1], entity_name);
      return KS_EXIT_USAGE;
    }
  if (!ks_generator_generate (design, entity, count, seed, &items, &error))
    {
      ks_cli_print_error (argv[1], error);
      return KS_EXIT_DESIGN;
    }
  for (guint i = 0; i < items->len; i++)
    ks_entity_append_item (entity, g_ptr_array_index (items, i));

  text = ks_native_to_string (design);
  if (!ks_cli_write_output (output, text, strlen (text), &status))
    return status;
  g_printerr ("keyshape-cli: added %u %s items (seed %" G_GUINT64_FORMAT ")\n", items->len, entity_name, seed);
  return KS_EXIT_OK;
}
