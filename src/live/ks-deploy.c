/* ks-deploy.c: creating a design's tables at an endpoint and loading its items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A deploy is a plan taken from the engine (the same CreateTable request
 * the create-table export writes, and each item's final attributes in
 * DynamoDB JSON) and a run that sends it. The plan is plain data, so the
 * window can take it on the main thread and send it from a worker.
 */
#define G_LOG_DOMAIN "keyshape-live"

#include "config.h"

#include <string.h>

#include "ks-deploy.h"
#include "ks-error.h"
#include "ks-export-private.h"
#include "ks-item.h"
#include "ks-table.h"

/* DynamoDB creates tables in seconds; a table with many GSIs on a busy
 * account may take minutes */
#define TABLE_TIMEOUT_SECONDS 600

typedef struct
{
  char      *name;        /* at the endpoint */
  JsonNode  *definition;  /* CreateTable request */
  char      *ttl;
  GPtrArray *items;       /* char *: DynamoDB JSON */
} PlanTable;

struct _KsDeployPlan
{
  GPtrArray *tables;      /* PlanTable */
};

static void
plan_table_free (PlanTable *table)
{
  g_free (table->name);
  g_clear_pointer (&table->definition, json_node_unref);
  g_free (table->ttl);
  g_clear_pointer (&table->items, g_ptr_array_unref);
  g_free (table);
}

/* The definition with TableName replaced; the export's nodes may be
 * immutable, so a new object is built around copies of the members. */
static JsonNode *
rename_definition (JsonNode   *definition,
                   const char *name)
{
  JsonObject *in = json_node_get_object (definition);
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (in);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (out, "TableName", name);
  for (GList *l = members; l; l = l->next)
    if (!g_str_equal (l->data, "TableName"))
      json_object_set_member (out, l->data, json_node_copy (json_object_get_member (in, l->data)));
  json_node_take_object (node, out);
  return node;
}

typedef struct
{
  GString *text;
  guint    count;
} ItemErrors;

static void
collect_item_errors (gpointer data,
                     gpointer user_data)
{
  KsItem *item = data;
  ItemErrors *errors = user_data;

  if (!ks_item_has_errors (item))
    return;
  if (errors->count < 5)
    {
      KsProblem *problem = g_ptr_array_index (item->errors, 0);
      g_string_append_printf (errors->text, "\n  %s%s%s", problem->path ? problem->path : "",
                              problem->path ? ": " : "", problem->message);
    }
  errors->count++;
}

/* An item (an M value) in DynamoDB's item form: {"PK": {"S": "a"}, …}. */
static void
append_item_json (GString       *out,
                  const KsValue *item)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < ks_value_get_length (item); i++)
    {
      const KsMapEntry *entry = ks_value_get_entry (item, i);

      if (i > 0)
        g_string_append (out, ", ");
      ks_json_append_string (out, entry->name, strlen (entry->name));
      g_string_append (out, ": ");
      ks_value_append_ddb_json (out, entry->value);
    }
  g_string_append_c (out, '}');
}

static gboolean
add_items (PlanTable  *plan_table,
           KsView     *view,
           GError    **error)
{
  guint n = ks_view_get_n_entries (view);

  for (guint i = 0; i < n; i++)
    {
      const KsEntry *entry = ks_view_get_entry (view, i);
      GString *text = g_string_new (NULL);

      if (i > 0)
        {
          const KsEntry *previous = ks_view_get_entry (view, i - 1);

          if (ks_value_equal (previous->pk, entry->pk) &&
              (entry->sk == NULL || ks_value_equal (previous->sk, entry->sk)))
            {
              g_autofree char *key = ks_value_to_display (entry->pk);
              g_autofree char *sort = entry->sk ? ks_value_to_display (entry->sk) : NULL;

              g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                           "table %s: two sample items (%s and %s) have the same primary key %s%s%s; "
                           "the second would overwrite the first",
                           plan_table->name,
                           previous->item->entity ? ks_entity_get_name (previous->item->entity) : "?",
                           entry->item->entity ? ks_entity_get_name (entry->item->entity) : "?",
                           key, sort ? " / " : "", sort ? sort : "");
              g_string_free (text, TRUE);
              return FALSE;
            }
        }
      append_item_json (text, ks_item_get_final (entry->item));
      g_ptr_array_add (plan_table->items, g_string_free (text, FALSE));
    }
  return TRUE;
}

KsDeployPlan *
ks_deploy_plan_new (KsEngine    *engine,
                    const char  *table_prefix,
                    GError     **error)
{
  g_autoptr(KsDeployPlan) plan = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  KsDesign *design;
  ItemErrors errors = { NULL, 0 };

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ks_engine_flush (engine);
  design = ks_engine_get_design (engine);
  if (!ks_export_check_design (design, error))
    return NULL;

  errors.text = g_string_new (NULL);
  ks_engine_foreach_item (engine, collect_item_errors, &errors);
  if (errors.count > 0)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "%u sample item%s would be refused by DynamoDB (keyshape-cli validate lists them):%s%s",
                   errors.count, errors.count == 1 ? "" : "s", errors.text->str,
                   errors.count > 5 ? "\n  …" : "");
      g_string_free (errors.text, TRUE);
      return NULL;
    }
  g_string_free (errors.text, TRUE);

  plan = g_new0 (KsDeployPlan, 1);
  plan->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) plan_table_free);
  tables = ks_export_list_tables (design);
  for (guint i = 0; i < tables->len; i++)
    {
      KsTable *table = g_ptr_array_index (tables, i);
      const char *name = ks_table_get_name (table);
      const char *ttl = ks_table_get_ttl_attribute (table);
      g_autoptr(JsonNode) definition = ks_export_table_definition (table, FALSE);
      PlanTable *plan_table = g_new0 (PlanTable, 1);
      KsView *view;

      plan_table->name = g_strconcat (table_prefix ? table_prefix : "", name, NULL);
      plan_table->definition = rename_definition (definition, plan_table->name);
      plan_table->ttl = ttl && *ttl ? g_strdup (ttl) : NULL;
      plan_table->items = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (plan->tables, plan_table);

      view = ks_engine_get_view (engine, name, NULL);
      if (view && !add_items (plan_table, view, error))
        return NULL;
    }
  return g_steal_pointer (&plan);
}

void
ks_deploy_plan_free (KsDeployPlan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->tables);
  g_free (plan);
}

guint
ks_deploy_plan_get_n_tables (KsDeployPlan *plan)
{
  g_return_val_if_fail (plan != NULL, 0);
  return plan->tables->len;
}

const char *
ks_deploy_plan_get_table_name (KsDeployPlan *plan,
                               guint         table)
{
  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (table < plan->tables->len, NULL);
  return ((PlanTable *) g_ptr_array_index (plan->tables, table))->name;
}

guint
ks_deploy_plan_get_n_items (KsDeployPlan *plan,
                            guint         table)
{
  g_return_val_if_fail (plan != NULL, 0);
  g_return_val_if_fail (table < plan->tables->len, 0);
  return ((PlanTable *) g_ptr_array_index (plan->tables, table))->items->len;
}

/* Running ------------------------------------------------------------------ */

typedef struct
{
  KsDeployProgressFunc  func;
  gpointer              data;
  const char           *table;
} Reporter;

static void
report (Reporter     *reporter,
        KsDeployStep  step,
        const char   *table,
        guint         done,
        guint         total,
        const char   *message)
{
  KsDeployProgress progress = { step, table, done, total, message };

  if (reporter->func)
    reporter->func (&progress, reporter->data);
}

static void
on_batch_progress (guint    written,
                   guint    total,
                   gpointer user_data)
{
  Reporter *reporter = user_data;

  report (reporter, KS_DEPLOY_STEP_LOADING, reporter->table, written, total, NULL);
}

static void
on_retrying (KsDynamodbClient *client,
             const char       *operation,
             guint             retry,
             guint             delay_ms,
             const char       *reason,
             Reporter         *reporter)
{
  g_autofree char *message = g_strdup_printf ("%s: retry %u in %u ms: %s", operation, retry, delay_ms, reason);

  report (reporter, KS_DEPLOY_STEP_RETRYING, reporter->table, 0, 0, message);
}

gboolean
ks_deploy_plan_run (KsDeployPlan          *plan,
                    KsDynamodbClient      *client,
                    KsDeployFlags          flags,
                    KsDeployProgressFunc   progress,
                    gpointer               progress_data,
                    GCancellable          *cancellable,
                    GError               **error)
{
  Reporter reporter = { progress, progress_data, NULL };
  g_autoptr(GPtrArray) existing = g_ptr_array_new ();
  gulong handler;
  gboolean ok = FALSE;
  guint n;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (client), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = plan->tables->len;
  handler = g_signal_connect (client, "retrying", G_CALLBACK (on_retrying), &reporter);

  /* look before touching anything: an existing table stops the deploy
   * unless replacing was asked for */
  for (guint i = 0; i < n; i++)
    {
      PlanTable *table = g_ptr_array_index (plan->tables, i);
      g_autoptr(JsonNode) description = NULL;
      g_autoptr(GError) local = NULL;

      reporter.table = table->name;
      report (&reporter, KS_DEPLOY_STEP_CHECKING, table->name, i, n, NULL);
      description = ks_dynamodb_client_describe_table (client, table->name, cancellable, &local);
      if (description)
        g_ptr_array_add (existing, table);
      else if (!g_error_matches (local, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_RESOURCE_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          goto out;
        }
    }
  if (existing->len > 0 && !(flags & KS_DEPLOY_FLAGS_REPLACE))
    {
      GString *names = g_string_new (NULL);

      for (guint i = 0; i < existing->len; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", ((PlanTable *) existing->pdata[i])->name);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s: table%s %s already exist%s; nothing was changed (replacing deletes %s and every item in %s)",
                   ks_dynamodb_client_get_endpoint (client), existing->len == 1 ? "" : "s", names->str,
                   existing->len == 1 ? "s" : "", existing->len == 1 ? "it" : "them",
                   existing->len == 1 ? "it" : "them");
      g_string_free (names, TRUE);
      goto out;
    }

  for (guint i = 0; i < existing->len; i++)
    {
      PlanTable *table = g_ptr_array_index (existing, i);

      reporter.table = table->name;
      report (&reporter, KS_DEPLOY_STEP_DELETING, table->name, i, existing->len, NULL);
      if (!ks_dynamodb_client_delete_table (client, table->name, TABLE_TIMEOUT_SECONDS, cancellable, error))
        goto out;
    }

  for (guint i = 0; i < n; i++)
    {
      PlanTable *table = g_ptr_array_index (plan->tables, i);
      g_autoptr(GError) local = NULL;

      reporter.table = table->name;
      report (&reporter, KS_DEPLOY_STEP_CREATING, table->name, i, n, NULL);
      if (!ks_dynamodb_client_create_table (client, table->definition, NULL, TABLE_TIMEOUT_SECONDS,
                                            cancellable, error))
        goto out;
      if (table->ttl &&
          !ks_dynamodb_client_update_time_to_live (client, table->name, table->ttl, cancellable, &local))
        {
          /* emulators (dynalite) lack UpdateTimeToLive: the table is
           * there, only its TTL is not */
          if (g_error_matches (local, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_UNSUPPORTED))
            {
              g_autofree char *message = g_strdup_printf ("TTL on %s not enabled: %s", table->ttl, local->message);
              report (&reporter, KS_DEPLOY_STEP_WARNING, table->name, i, n, message);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local));
          goto out;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      PlanTable *table = g_ptr_array_index (plan->tables, i);

      reporter.table = table->name;
      report (&reporter, KS_DEPLOY_STEP_LOADING, table->name, 0, table->items->len, NULL);
      if (!ks_dynamodb_client_put_items (client, table->name, (const char * const *) table->items->pdata,
                                         table->items->len, on_batch_progress, &reporter, cancellable, error))
        goto out;
    }

  reporter.table = NULL;
  report (&reporter, KS_DEPLOY_STEP_DONE, NULL, n, n, NULL);
  ok = TRUE;

out:
  g_signal_handler_disconnect (client, handler);
  return ok;
}

/* The async wrapper --------------------------------------------------------- */

typedef struct
{
  KsDeployPlan         *plan;
  KsLiveSettings       *settings;
  KsDeployFlags         flags;
  KsDeployProgressFunc  progress;
  gpointer              progress_data;
  GDestroyNotify        progress_destroy;
  GMainContext         *context;
  GTask                *task;      /* unowned: the task owns this */
} DeployData;

static void
deploy_data_free (DeployData *data)
{
  ks_deploy_plan_free (data->plan);
  ks_live_settings_free (data->settings);
  g_main_context_unref (data->context);
  g_free (data);
}

/* Always through an idle source: g_main_context_invoke() would call
 * @func in this thread when the caller's context is the global default
 * and nobody iterates it at this moment. Sources of one priority run in
 * the order they were attached. */
static void
run_in_context (GMainContext   *context,
                GSourceFunc     func,
                gpointer        data,
                GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[keyshape] deploy progress");
  g_source_attach (source, context);
}

/* Each event holds the task, so that the data outlives it. */
typedef struct
{
  GTask            *task;
  DeployData       *data;
  KsDeployProgress  progress;
  char             *table;
  char             *message;
} ProgressEvent;

static gboolean
dispatch_progress (gpointer user_data)
{
  ProgressEvent *event = user_data;

  event->data->progress (&event->progress, event->data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_event_free (gpointer user_data)
{
  ProgressEvent *event = user_data;

  g_object_unref (event->task);
  g_free (event->table);
  g_free (event->message);
  g_free (event);
}

/* In the worker: hands a copy of the progress to the caller's context. */
static void
forward_progress (const KsDeployProgress *progress,
                  gpointer                user_data)
{
  DeployData *data = user_data;
  ProgressEvent *event = g_new0 (ProgressEvent, 1);

  event->task = g_object_ref (data->task);
  event->data = data;
  event->progress = *progress;
  event->table = g_strdup (progress->table);
  event->message = g_strdup (progress->message);
  event->progress.table = event->table;
  event->progress.message = event->message;
  run_in_context (data->context, dispatch_progress, event, progress_event_free);
}

static gboolean
dispatch_destroy (gpointer user_data)
{
  DeployData *data = g_task_get_task_data (user_data);

  data->progress_destroy (data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
deploy_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DeployData *data = task_data;
  g_autoptr(KsDynamodbClient) client = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  client = ks_live_settings_connect (data->settings, &error);
  ok = client != NULL &&
       ks_deploy_plan_run (data->plan, client, data->flags, data->progress ? forward_progress : NULL, data,
                           cancellable, &error);
  /* queued after the last progress, so it runs after it and before the
   * task's callback */
  if (data->progress_destroy)
    run_in_context (data->context, dispatch_destroy, g_object_ref (task), g_object_unref);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
ks_deploy_async (KsEngine             *engine,
                 const KsLiveSettings *settings,
                 KsDeployFlags         flags,
                 KsDeployProgressFunc  progress,
                 gpointer              progress_data,
                 GDestroyNotify        progress_destroy,
                 GCancellable         *cancellable,
                 GAsyncReadyCallback   callback,
                 gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  DeployData *data;
  KsDeployPlan *plan;

  g_return_if_fail (KS_IS_ENGINE (engine));
  g_return_if_fail (settings != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ks_deploy_async);
  g_task_set_name (task, "[keyshape] deploy");

  plan = ks_deploy_plan_new (engine, settings->table_prefix, &error);
  if (plan == NULL)
    {
      if (progress_destroy)
        progress_destroy (progress_data);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data = g_new0 (DeployData, 1);
  data->plan = plan;
  data->settings = ks_live_settings_copy (settings);
  data->flags = flags;
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  data->context = g_main_context_ref_thread_default ();
  data->task = task;
  g_task_set_task_data (task, data, (GDestroyNotify) deploy_data_free);
  g_task_run_in_thread (task, deploy_thread);
}

gboolean
ks_deploy_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ks_deploy_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
