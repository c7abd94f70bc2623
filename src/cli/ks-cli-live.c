/* ks-cli-live.c: keyshape-cli deploy, and patterns --endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "ks-cli-private.h"
#include "ks-deploy.h"
#include "ks-engine.h"
#include "ks-error.h"
#include "ks-json-writer.h"
#include "ks-live-run.h"

typedef struct
{
  gboolean  tty;
  gboolean  open_line;      /* a \r-updated line is on the terminal */
  guint     last_percent;
  gint64    last_update;
} Printer;

static void
end_line (Printer *printer)
{
  if (printer->open_line)
    fputc ('\n', stderr);
  printer->open_line = FALSE;
}

static void
print_progress (const KsDeployProgress *progress,
                gpointer                user_data)
{
  Printer *printer = user_data;

  switch (progress->step)
    {
    case KS_DEPLOY_STEP_CHECKING:
      if (progress->done == 0)
        g_printerr (_("Checking which tables exist…\n"));
      break;
    case KS_DEPLOY_STEP_DELETING:
      end_line (printer);
      g_printerr (_("Deleting table %s (--replace)…\n"), progress->table);
      break;
    case KS_DEPLOY_STEP_CREATING:
      end_line (printer);
      g_printerr (_("Creating table %s…\n"), progress->table);
      break;
    case KS_DEPLOY_STEP_LOADING:
      {
        guint percent = progress->total ? progress->done * 100 / progress->total : 100;
        gint64 now = g_get_monotonic_time ();
        gboolean last = progress->done == progress->total;

        if (printer->tty)
          {
            /* at most ten updates a second, and always the last */
            if (!last && progress->done > 0 && now - printer->last_update < G_USEC_PER_SEC / 10)
              break;
            g_printerr ("\r");
            g_printerr (_("Loading %s: %u of %u items (%u%%)"), progress->table, progress->done,
                        progress->total, percent);
            printer->open_line = TRUE;
            printer->last_update = now;
            if (last)
              end_line (printer);
          }
        else if (progress->done == 0 || last || percent / 10 != printer->last_percent / 10)
          g_printerr (_("Loading %s: %u of %u items (%u%%)\n"), progress->table, progress->done,
                      progress->total, percent);
        printer->last_percent = percent;
      }
      break;
    case KS_DEPLOY_STEP_RETRYING:
      end_line (printer);
      g_printerr ("  %s\n", progress->message);
      break;
    case KS_DEPLOY_STEP_WARNING:
      end_line (printer);
      g_printerr (_("keyshape-cli: warning: %s\n"), progress->message);
      break;
    case KS_DEPLOY_STEP_DONE:
      end_line (printer);
      break;
    default:
      break;
    }
}

/* 1 when DynamoDB refused something, 2 when it could not be reached or
 * the settings are wrong */
static int
exit_status_for (const GError *error)
{
  if (error->domain == KS_DYNAMODB_ERROR)
    return error->code == KS_DYNAMODB_ERROR_NETWORK || error->code == KS_DYNAMODB_ERROR_PROTOCOL
           ? KS_EXIT_USAGE : KS_EXIT_DESIGN;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    return KS_EXIT_DESIGN;
  return KS_EXIT_USAGE;
}

int
ks_cli_cmd_deploy (int argc, char **argv)
{
  g_autofree char *endpoint = NULL, *region = NULL, *profile = NULL, *prefix = NULL;
  gboolean replace = FALSE;
  GOptionEntry entries[] = {
    { "endpoint", 0, 0, G_OPTION_ARG_STRING, &endpoint,
      N_("DynamoDB endpoint (DynamoDB Local, dynalite); default: AWS in the region"), N_("URL") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, N_("AWS region (default: AWS_REGION or the profile's)"), N_("REGION") },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile, N_("Profile of ~/.aws/credentials and ~/.aws/config"), N_("NAME") },
    { "table-prefix", 0, 0, G_OPTION_ARG_STRING, &prefix, N_("Put PREFIX before every table name"), N_("PREFIX") },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace,
      N_("Delete and recreate tables that already exist, with every item in them"), NULL },
    { NULL }
  };
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(KsDeployPlan) plan = NULL;
  g_autoptr(KsLiveSettings) settings = NULL;
  g_autoptr(KsDynamodbClient) client = NULL;
  g_autoptr(GError) error = NULL;
  Printer printer = { isatty (STDERR_FILENO), FALSE, 0, 0 };
  int status = KS_EXIT_OK;
  guint n_items = 0;

  if (!ks_cli_parse_options (entries, &argc, &argv, "DESIGN",
                             _("Create the design's tables at a DynamoDB endpoint and load every sample item; "
                               "progress goes to standard error. Credentials come from AWS_ACCESS_KEY_ID and "
                               "AWS_SECRET_ACCESS_KEY, or the profile in ~/.aws/credentials"), 1, 1))
    return KS_EXIT_USAGE;
  design = ks_cli_load (argv[1], &status);
  if (design == NULL)
    return status;
  engine = ks_engine_new (design);
  plan = ks_deploy_plan_new (engine, prefix, &error);
  if (plan == NULL)
    {
      ks_cli_print_error (argv[1], error);
      return KS_EXIT_DESIGN;
    }
  settings = ks_live_settings_new (endpoint, region, profile, prefix);
  client = ks_live_settings_connect (settings, &error);
  if (client == NULL)
    {
      ks_cli_print_error (NULL, error);
      return KS_EXIT_USAGE;
    }
  for (guint i = 0; i < ks_deploy_plan_get_n_tables (plan); i++)
    n_items += ks_deploy_plan_get_n_items (plan, i);
  g_printerr (_("Deploying %s: %u table(s), %u item(s), to %s (%s)\n"), argv[1],
              ks_deploy_plan_get_n_tables (plan), n_items, ks_dynamodb_client_get_endpoint (client),
              ks_dynamodb_client_get_region (client));
  if (!ks_deploy_plan_run (plan, client, replace ? KS_DEPLOY_FLAGS_REPLACE : KS_DEPLOY_FLAGS_NONE,
                           print_progress, &printer, NULL, &error))
    {
      end_line (&printer);
      ks_cli_print_error (NULL, error);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        g_printerr (_("keyshape-cli: use --replace to delete and recreate it, or --table-prefix to deploy beside it\n"));
      return exit_status_for (error);
    }
  g_printerr (_("Deployed %u item(s) into %u table(s)\n"), n_items, ks_deploy_plan_get_n_tables (plan));
  return KS_EXIT_OK;
}

static JsonNode *
check_to_json (const KsLiveCheck *check)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (obj, "pattern", check->pattern);
  json_object_set_string_member (obj, "operation", ks_operation_to_string (check->operation));
  json_object_set_member (obj, "request", check->request ? json_node_copy (check->request) : json_node_new (JSON_NODE_NULL));
  json_object_set_member (obj, "expected", check->expected ? json_node_copy (check->expected) : json_node_new (JSON_NODE_NULL));
  json_object_set_member (obj, "live", check->live ? json_node_copy (check->live) : json_node_new (JSON_NODE_NULL));
  json_object_set_boolean_member (obj, "equal", check->equal);
  if (check->difference)
    json_object_set_string_member (obj, "difference", check->difference);
  json_node_take_object (node, obj);
  return node;
}

int
ks_cli_patterns_live (KsEngine   *engine,
                      const char *only,
                      gboolean    json,
                      const char *endpoint,
                      const char *region,
                      const char *profile,
                      const char *table_prefix)
{
  g_autoptr(KsLiveSettings) settings = ks_live_settings_new (endpoint, region, profile, table_prefix);
  g_autoptr(KsDynamodbClient) client = NULL;
  g_autoptr(KsLiveRun) run = NULL;
  g_autoptr(GError) error = NULL;
  guint n, equal;

  client = ks_live_settings_connect (settings, &error);
  if (client == NULL)
    {
      ks_cli_print_error (NULL, error);
      return KS_EXIT_USAGE;
    }
  run = ks_live_run_new (engine, only, table_prefix);
  if (!ks_live_run_execute (run, client, NULL, &error))
    {
      ks_cli_print_error (NULL, error);
      return exit_status_for (error);
    }
  n = ks_live_run_get_n_checks (run);
  equal = ks_live_run_get_n_equal (run);
  if (json)
    {
      g_autoptr(JsonArray) out = json_array_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      for (guint i = 0; i < n; i++)
        json_array_add_element (out, check_to_json (ks_live_run_get_check (run, i)));
      root = json_node_init_array (json_node_alloc (), out);
      text = ks_json_to_string (root, TRUE);
      fputs (text, stdout);
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          const KsLiveCheck *check = ks_live_run_get_check (run, i);

          g_print ("%s %s (%s)\n", check->equal ? "PASS" : "FAIL", check->pattern,
                   ks_operation_to_string (check->operation));
          if (!check->equal)
            {
              if (check->request)
                {
                  g_autofree char *text = ks_json_to_string (check->request, FALSE);
                  g_print ("  request: %s\n", text);
                }
              g_print ("  %s\n", check->difference ? check->difference : _("not run"));
            }
        }
      g_print (_("%u of %u access patterns answer at %s as Keyshape predicts\n"), equal, n,
               ks_dynamodb_client_get_endpoint (client));
    }
  return equal == n ? KS_EXIT_OK : KS_EXIT_DESIGN;
}
