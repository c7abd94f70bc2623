/* ks-cli.c: keyshape-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ks-cli-private.h"
#include "ks-export.h"
#include "ks-lint.h"
#include "ks-engine.h"
#include "ks-error.h"
#include "ks-io.h"
#include "ks-json-writer.h"
#include "ks-native.h"
#include "ks-review.h"

typedef struct
{
  const char *name;
  const char *args;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

void
ks_cli_print_error (const char *prefix, const GError *error)
{
  g_printerr ("keyshape-cli: %s%s%s\n", prefix ? prefix : "", prefix ? ": " : "", error->message);
}

KsDesign *
ks_cli_load (const char *path, int *status)
{
  g_autoptr(GError) error = NULL;
  KsDesign *design = ks_io_load_path (path, NULL, &error);

  if (design == NULL)
    {
      ks_cli_print_error (NULL, error);
      /* a file we cannot read at all is an I/O error; a bad design is 1 */
      *status = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
                error->domain == G_IO_ERROR ? KS_EXIT_USAGE : KS_EXIT_DESIGN;
    }
  return design;
}

gboolean
ks_cli_write_output (const char *path, const char *text, gsize length, int *status)
{
  g_autoptr(GError) error = NULL;

  if (path == NULL || g_str_equal (path, "-"))
    {
      fwrite (text, 1, length, stdout);
      fflush (stdout);
      return TRUE;
    }
  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
    if (!g_file_replace_contents (file, text, length, NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, &error))
      {
        ks_cli_print_error (path, error);
        *status = KS_EXIT_USAGE;
        return FALSE;
      }
  }
  return TRUE;
}

gboolean
ks_cli_parse_options (GOptionEntry *entries, int *argc, char ***argv, const char *params,
               const char *summary, int min_args, int max_args)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (params);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      g_printerr ("keyshape-cli: %s\n", error->message);
      return FALSE;
    }
  if (*argc - 1 < min_args || *argc - 1 > max_args)
    {
      g_autofree char *help = g_option_context_get_help (ctx, TRUE, NULL);
      g_printerr ("%s", help);
      return FALSE;
    }
  return TRUE;
}

/* validate --------------------------------------------------------------- */

int
ks_cli_cmd_validate (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  int status = KS_EXIT_OK;
  guint errors = 0;
  GPtrArray *problems;
  const char *path;

  if (!ks_cli_parse_options (entries, &argc, &argv, "DESIGN", _("Check a design: templates, keys, items"), 1, 1))
    return KS_EXIT_USAGE;
  path = argv[1];
  design = ks_cli_load (path, &status);
  if (design == NULL)
    return status;
  engine = ks_engine_new (design);

  problems = ks_lint_run (engine);
  for (guint i = 0; i < problems->len; i++)
    {
      KsProblem *p = g_ptr_array_index (problems, i);
      g_print ("%s: %s: %s: %s\n", path, ks_severity_to_string (p->severity), p->rule, p->message);
      if (p->severity == KS_SEVERITY_ERROR)
        errors++;
    }
  g_ptr_array_unref (problems);
  return errors > 0 ? KS_EXIT_DESIGN : KS_EXIT_OK;
}

/* keys ------------------------------------------------------------------- */

static void
print_key_line (KsEngine *engine, KsItem *item, KsTable *table)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GPtrArray *views = ks_engine_get_views (engine);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "table");
  if (table)
    json_builder_add_string_value (b, ks_table_get_name (table));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "entity");
  json_builder_add_string_value (b, ks_entity_get_name (item->entity));
  json_builder_set_member_name (b, "item");
  json_builder_add_value (b, ks_item_to_ddb_json (ks_item_get_final (item)));
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, item->size);
  json_builder_set_member_name (b, "indexes");
  json_builder_begin_array (b);
  for (guint v = 0; v < views->len; v++)
    {
      KsView *view = g_ptr_array_index (views, v);
      if (ks_view_get_index (view) && ks_view_get_table (view) == table && ks_view_find_item (view, item, NULL))
        json_builder_add_string_value (b, ks_view_get_name (view));
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  for (guint k = 0; item->errors && k < item->errors->len; k++)
    {
      KsProblem *p = g_ptr_array_index (item->errors, k);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, p->rule);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, p->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = ks_json_to_string (root, FALSE);
  g_print ("%s\n", text);
}

int
ks_cli_cmd_keys (int argc, char **argv)
{
  g_autofree char *entity_name = NULL;
  GOptionEntry entries[] = {
    { "entity", 'e', 0, G_OPTION_ARG_STRING, &entity_name, N_("Only the items of this entity"), N_("NAME") },
    { NULL }
  };
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  GListModel *entities;
  int status = KS_EXIT_OK;
  gboolean errors = FALSE;

  if (!ks_cli_parse_options (entries, &argc, &argv, "DESIGN", _("Print every sample item with its computed keys, as JSON lines"), 1, 1))
    return KS_EXIT_USAGE;
  design = ks_cli_load (argv[1], &status);
  if (design == NULL)
    return status;
  if (entity_name && ks_design_find_entity (design, entity_name) == NULL)
    {
      g_printerr ("keyshape-cli: no entity named \"%s\"\n", entity_name);
      return KS_EXIT_USAGE;
    }
  engine = ks_engine_new (design);
  entities = G_LIST_MODEL (ks_design_get_entities (design));
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      KsTable *table = ks_design_get_entity_table (design, entity);
      if (entity_name && g_strcmp0 (entity_name, ks_entity_get_name (entity)) != 0)
        continue;
      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        {
          KsItem *item = ks_entity_get_item (entity, i);
          print_key_line (engine, item, table);
          errors |= ks_item_has_errors (item);
        }
    }
  return errors ? KS_EXIT_DESIGN : KS_EXIT_OK;
}

/* export / import -------------------------------------------------------- */

int
ks_cli_cmd_export (int argc, char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format (see --help)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Output file (default: standard output)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) summary = g_string_new (_("Write a design in another format. Formats:"));
  g_autofree char *text = NULL;
  const KsExportFormat *formats = ks_export_get_formats ();
  int status = KS_EXIT_OK;

  for (guint i = 0; formats[i].name; i++)
    g_string_append_printf (summary, "\n  %-20s %s", formats[i].name, formats[i].title);
  if (!ks_cli_parse_options (entries, &argc, &argv, "DESIGN", summary->str, 1, 1))
    return KS_EXIT_USAGE;
  if (format == NULL)
    format = g_strdup ("keyshape");
  if (ks_export_find_format (format) == NULL)
    {
      g_printerr ("keyshape-cli: unknown export format \"%s\"; keyshape-cli export --help lists them\n", format);
      return KS_EXIT_USAGE;
    }
  design = ks_cli_load (argv[1], &status);
  if (design == NULL)
    return status;
  engine = ks_engine_new (design);
  if (output && !g_str_equal (output, "-"))
    {
      /* to a file: a format may write files beside it (the Markdown
       * review document's diagrams) */
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);
      gboolean written = ks_export_to_file (engine, format, file, warnings, &error);
      for (guint i = 0; i < warnings->len; i++)
        g_printerr ("%s: warning: %s\n", argv[1], (char *) g_ptr_array_index (warnings, i));
      if (!written)
        {
          ks_cli_print_error (error->domain == G_IO_ERROR ? output : argv[1], error);
          return error->domain == G_IO_ERROR ? KS_EXIT_USAGE : KS_EXIT_DESIGN;
        }
      return KS_EXIT_OK;
    }
  text = ks_export_to_string (engine, format, warnings, &error);
  if (text == NULL)
    {
      ks_cli_print_error (argv[1], error);
      return KS_EXIT_DESIGN;
    }
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("%s: warning: %s\n", argv[1], (char *) g_ptr_array_index (warnings, i));
  if (!ks_cli_write_output (output, text, strlen (text), &status))
    return status;
  return KS_EXIT_OK;
}

int
ks_cli_cmd_import (int argc, char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Input format: nosql-workbench, onetable, cloudformation or create-table (default: detected)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The design file to write"), N_("DESIGN") },
    { NULL }
  };
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  KsFileFormat format, expected = KS_FILE_FORMAT_UNKNOWN;
  int status = KS_EXIT_OK;

  if (!ks_cli_parse_options (entries, &argc, &argv, "FILE", _("Import a file into a Keyshape design"), 1, 1))
    return KS_EXIT_USAGE;
  if (from && g_str_equal (from, "nosql-workbench"))
    expected = KS_FILE_FORMAT_WORKBENCH;
  else if (from && g_str_equal (from, "onetable"))
    expected = KS_FILE_FORMAT_ONETABLE;
  else if (from && g_str_equal (from, "cloudformation"))
    expected = KS_FILE_FORMAT_CLOUDFORMATION;
  else if (from && g_str_equal (from, "create-table"))
    expected = KS_FILE_FORMAT_CREATE_TABLE;
  else if (from)
    {
      g_printerr ("keyshape-cli: unknown import format \"%s\" (known: nosql-workbench, onetable, cloudformation, create-table)\n", from);
      return KS_EXIT_USAGE;
    }
  file = g_file_new_for_commandline_arg (argv[1]);
  design = ks_io_import_file (file, &format, warnings, NULL, &error);
  if (design == NULL)
    {
      ks_cli_print_error (NULL, error);
      return error->domain == G_IO_ERROR ? KS_EXIT_USAGE : KS_EXIT_DESIGN;
    }
  if (expected != KS_FILE_FORMAT_UNKNOWN && format != expected)
    {
      g_printerr ("keyshape-cli: %s is not a %s\n", argv[1],
                  expected == KS_FILE_FORMAT_WORKBENCH ? "NoSQL Workbench model"
                  : expected == KS_FILE_FORMAT_ONETABLE ? "OneTable schema"
                  : expected == KS_FILE_FORMAT_CLOUDFORMATION ? "CloudFormation template"
                  : "create-table request");
      return KS_EXIT_DESIGN;
    }
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("%s: warning: %s\n", argv[1], (char *) g_ptr_array_index (warnings, i));
  text = ks_native_to_string (design);
  if (!ks_cli_write_output (output, text, strlen (text), &status))
    return status;
  return KS_EXIT_OK;
}

/* dispatch --------------------------------------------------------------- */

static const Command commands[] = {
  { "validate", "DESIGN", N_("Check a design; one line per problem"), ks_cli_cmd_validate },
  { "keys", "DESIGN [--entity NAME]", N_("Every sample item with its computed keys (JSON lines)"), ks_cli_cmd_keys },
  { "export", "DESIGN --format FORMAT [-o OUT]", N_("Write a design in another format"), ks_cli_cmd_export },
  { "import", "FILE [--from FORMAT] -o DESIGN", N_("Import a NoSQL Workbench model, a OneTable schema, a CloudFormation template or create-table input"), ks_cli_cmd_import },
  { "query", "DESIGN REQUEST.json", N_("Run a DynamoDB Query request on the sample data"), ks_cli_cmd_query },
  { "scan", "DESIGN REQUEST.json", N_("Run a DynamoDB Scan request on the sample data"), ks_cli_cmd_scan },
  { "get-item", "DESIGN REQUEST.json", N_("Run a DynamoDB GetItem request on the sample data"), ks_cli_cmd_get_item },
  { "patterns", "DESIGN [--json]", N_("Run every access pattern and check its results"), ks_cli_cmd_patterns },
  { "cost", "DESIGN [--json] [--pricing FILE]", N_("Item sizes, capacity units and monthly cost"), ks_cli_cmd_cost },
  { "render", "DESIGN [--view V] [--pattern P] -o F", N_("Draw the key-layout diagram to SVG, PNG or PDF"), ks_cli_cmd_render },
  { "diff", "OLD NEW [--json]", N_("What changed between two designs, and the backfill it needs"), ks_cli_cmd_diff },
  { "generate", "DESIGN -e ENTITY -n N [-s S] -o OUT", N_("Add generated sample items to an entity"), ks_cli_cmd_generate },
  { "deploy", "DESIGN [--endpoint URL] [--replace]", N_("Create the tables at a DynamoDB endpoint and load the items"), ks_cli_cmd_deploy },
};

static void
usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: keyshape-cli COMMAND [ARGS…]"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %-36s %s\n", commands[i].name, commands[i].args, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Exit status: 0 success, 1 the design has errors, 2 usage or I/O error."));
}

int
ks_cli_run (int argc, char **argv)
{
  ks_review_register_exports ();
  if (argc < 2)
    {
      usage (stderr);
      return KS_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      usage (stdout);
      return KS_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("keyshape-cli %s\n", PACKAGE_VERSION);
      return KS_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prog = g_strdup_printf ("keyshape-cli %s", commands[i].name);
        g_set_prgname (prog);
        return commands[i].run (argc - 1, argv + 1);
      }
  g_printerr ("keyshape-cli: unknown command \"%s\"\n\n", argv[1]);
  usage (stderr);
  return KS_EXIT_USAGE;
}
