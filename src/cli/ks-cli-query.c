/* ks-cli-query.c: keyshape-cli query, scan, get-item and patterns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>

#include "ks-cli-private.h"
#include "ks-coverage.h"
#include "ks-engine.h"
#include "ks-json-reader.h"
#include "ks-json-writer.h"
#include "ks-pattern-run.h"
#include "ks-query.h"

static JsonNode *
read_request (const char *path, int *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  JsonNode *request;
  gsize len = 0;

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
      if (g_output_stream_splice (mem, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) < 0)
        {
          ks_cli_print_error ("standard input", error);
          *status = KS_EXIT_USAGE;
          return NULL;
        }
      len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem));
      data = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (mem));
    }
  else if (!g_file_get_contents (path, &data, &len, &error))
    {
      ks_cli_print_error (NULL, error);
      *status = KS_EXIT_USAGE;
      return NULL;
    }
  request = ks_json_parse_node (data ? data : "", len, &error);
  if (request == NULL)
    {
      g_printerr ("keyshape-cli: %s: not a JSON request: %s\n", path, error->message);
      *status = KS_EXIT_USAGE;
      return NULL;
    }
  return request;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = ks_json_to_string (node, TRUE);
  fputs (text, stdout);
}

static int
run_operation (const char *operation, int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_strdup_printf (_("Run a DynamoDB %s request (the API's JSON; - reads standard input) "
                                                "on the design's sample data and print the response"), operation);
  int status = KS_EXIT_OK;

  if (!ks_cli_parse_options (entries, &argc, &argv, "DESIGN REQUEST.json", summary, 2, 2))
    return KS_EXIT_USAGE;
  design = ks_cli_load (argv[1], &status);
  if (design == NULL)
    return status;
  request = read_request (argv[2], &status);
  if (request == NULL)
    return status;
  engine = ks_engine_new (design);
  response = ks_query_execute (engine, operation, request, &error);
  if (response == NULL)
    {
      g_autoptr(JsonNode) body = ks_query_error_to_json (error);
      print_json (body);
      return KS_EXIT_DESIGN;
    }
  print_json (response);
  return KS_EXIT_OK;
}

int
ks_cli_cmd_query (int argc, char **argv)
{
  return run_operation ("Query", argc, argv);
}

int
ks_cli_cmd_scan (int argc, char **argv)
{
  return run_operation ("Scan", argc, argv);
}

int
ks_cli_cmd_get_item (int argc, char **argv)
{
  return run_operation ("GetItem", argc, argv);
}

static void
print_run (KsEngine *engine, KsPatternRun *run)
{
  const char *target = ks_pattern_get_index (run->pattern)
                       ? ks_pattern_get_index (run->pattern) : ks_pattern_get_table (run->pattern);

  g_print ("%s %s\n", run->passed ? "PASS" : "FAIL", ks_pattern_get_name (run->pattern));
  if (run->error != NULL && run->request == NULL)
    {
      g_print ("  error: %s\n\n", run->error->message);
      return;
    }
  g_print ("  served by: %s%s%s%s\n", ks_served_by_to_string (run->served_by),
           target ? " on " : "", target ? target : "",
           run->needs_filter ? ", needs a filter" : "");
  if (run->request)
    {
      g_autofree char *text = ks_json_to_string (run->request, FALSE);
      g_print ("  request: %s\n", text);
    }
  if (run->error)
    g_print ("  error: %s\n", run->error->message);
  if (run->result)
    {
      g_print ("  returns %u item%s (read %u)\n", run->result->count,
               run->result->count == 1 ? "" : "s", run->result->scanned_count);
      for (guint i = 0; i < run->result->items->len; i++)
        {
          KsItem *item = g_ptr_array_index (run->result->items, i);
          KsTable *table = ks_design_get_entity_table (ks_engine_get_design (engine), item->entity);
          const KsKeySchema *keys = table ? ks_table_get_key_schema (table) : NULL;
          g_autoptr(GString) line = g_string_new (NULL);

          for (guint k = 0; keys && k < keys->n_pk + keys->n_sk; k++)
            {
              const KsKeyAttr *ka = k < keys->n_pk ? &keys->pk[k] : &keys->sk[k - keys->n_pk];
              KsValue *v = ks_value_lookup (ks_item_get_final (item), ka->name);
              g_autofree char *d = v ? ks_value_to_display (v) : g_strdup ("-");
              g_string_append_printf (line, "%s%s=%s", k ? " " : "", ka->name, d);
            }
          g_print ("    %-14s %s\n", item->entity ? ks_entity_get_name (item->entity) : "?", line->str);
        }
    }
  if (run->unexpected && run->unexpected->len > 0)
    {
      g_print ("  unexpected entities:");
      for (guint i = 0; i < run->unexpected->len; i++)
        g_print (" %s", (char *) g_ptr_array_index (run->unexpected, i));
      g_print ("\n");
    }
  g_print ("\n");
}

int
ks_cli_cmd_patterns (int argc, char **argv)
{
  gboolean json = FALSE;
  gboolean matrix = FALSE;
  g_autofree char *only = NULL;
  g_autofree char *endpoint = NULL, *region = NULL, *profile = NULL, *prefix = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "matrix", 'm', 0, G_OPTION_ARG_NONE, &matrix, N_("Print the coverage matrix (entities × patterns) instead"), NULL },
    { "pattern", 'p', 0, G_OPTION_ARG_STRING, &only, N_("Run only this pattern"), N_("NAME") },
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint,
      N_("Run them against this DynamoDB endpoint (see deploy) and compare with Keyshape's answers"), N_("URL") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, N_("AWS region, with --endpoint"), N_("REGION") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, N_("AWS profile, with --endpoint"), N_("NAME") },
    { "table-prefix", 0, 0, G_OPTION_ARG_STRING, &prefix, N_("Table name prefix given to deploy"), N_("PREFIX") },
    { NULL }
  };
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(JsonArray) out = json_array_new ();
  GListModel *patterns;
  int status = KS_EXIT_OK;
  guint failed = 0, total = 0;

  if (!ks_cli_parse_options (entries, &argc, &argv, "DESIGN",
                             _("Run every access pattern: the request, how it is served, what it returns, "
                               "and whether that is what the pattern expects"), 1, 1))
    return KS_EXIT_USAGE;
  design = ks_cli_load (argv[1], &status);
  if (design == NULL)
    return status;
  if (only && ks_design_find_pattern (design, only) == NULL)
    {
      g_printerr ("keyshape-cli: no access pattern named \"%s\"\n", only);
      return KS_EXIT_USAGE;
    }
  engine = ks_engine_new (design);
  if (endpoint)
    return ks_cli_patterns_live (engine, only, json, endpoint, region, profile, prefix);
  if (matrix)
    {
      g_autoptr(KsCoverage) coverage = ks_coverage_new (engine);
      if (json)
        {
          g_autoptr(JsonNode) root = ks_coverage_to_json (coverage);
          print_json (root);
        }
      else
        {
          g_autofree char *text = ks_coverage_to_text (coverage);
          fputs (text, stdout);
        }
      return KS_EXIT_OK;
    }
  patterns = G_LIST_MODEL (ks_design_get_patterns (design));
  for (guint i = 0; i < g_list_model_get_n_items (patterns); i++)
    {
      g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, i);
      g_autoptr(KsPatternRun) run = NULL;

      if (only && g_strcmp0 (only, ks_pattern_get_name (pattern)) != 0)
        continue;
      run = ks_pattern_run (engine, pattern);
      total++;
      if (!run->passed)
        failed++;
      if (json)
        json_array_add_element (out, ks_pattern_run_to_json (run));
      else
        print_run (engine, run);
    }
  if (json)
    {
      g_autoptr(JsonNode) root = json_node_init_array (json_node_alloc (), out);
      print_json (root);
    }
  else
    g_print ("%u of %u access patterns pass\n", total - failed, total);
  return failed > 0 ? KS_EXIT_DESIGN : KS_EXIT_OK;
}
