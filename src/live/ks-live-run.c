/* ks-live-run.c: running access patterns against an endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each pattern is resolved by the query engine (ks_pattern_run) into the
 * request it stands for and Keyshape's answer; the request goes to the
 * endpoint and the two answers are compared as the conformance cases say
 * (../shared/conformance/README.md): a Query's items in order, except that
 * items sharing one index key may come in any order (DynamoDB returns them
 * "in no particular order"); a Scan's items as a set (its order is the
 * service's hash order); counts exactly.
 */
#define G_LOG_DOMAIN "keyshape-live"

#include "config.h"

#include <string.h>

#include "ks-dynamodb-client.h"
#include "ks-item.h"
#include "ks-live-run.h"
#include "ks-pattern-run.h"

#define MAX_REASONS 3
#define ITEM_TEXT_LENGTH 160

typedef struct
{
  KsLiveCheck  check;          /* first: the public part */
  GArray      *tie_groups;     /* guint: end of each run of equal index keys */
} Check;

struct _KsLiveRun
{
  GPtrArray *checks;           /* Check */
};

static void
check_free (Check *c)
{
  g_free (c->check.pattern);
  g_clear_pointer (&c->check.request, json_node_unref);
  g_clear_pointer (&c->check.expected, json_node_unref);
  g_clear_pointer (&c->check.live, json_node_unref);
  g_free (c->check.difference);
  g_clear_pointer (&c->tie_groups, g_array_unref);
  g_free (c);
}

/* The request with the prefixed table name, as a new mutable object. */
static JsonNode *
prefixed_request (JsonNode   *request,
                  const char *prefix)
{
  JsonObject *in = json_node_get_object (request);
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (in);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (GList *l = members; l; l = l->next)
    {
      JsonNode *member = json_object_get_member (in, l->data);

      if (g_str_equal (l->data, "TableName") && JSON_NODE_HOLDS_VALUE (member))
        {
          g_autofree char *name = g_strconcat (prefix ? prefix : "", json_node_get_string (member), NULL);
          json_object_set_string_member (out, "TableName", name);
        }
      else
        json_object_set_member (out, l->data, json_node_copy (member));
    }
  json_node_take_object (node, out);
  return node;
}

/* The key of @item in @schema's attributes, as an L value (missing
 * attributes are NULL values, so they still compare). */
static KsValue *
index_key (KsItem            *item,
           const KsKeySchema *schema)
{
  GPtrArray *parts = g_ptr_array_new ();
  KsValue *final = ks_item_get_final (item);

  for (guint k = 0; k < schema->n_pk + schema->n_sk; k++)
    {
      const KsKeyAttr *attr = k < schema->n_pk ? &schema->pk[k] : &schema->sk[k - schema->n_pk];
      KsValue *v = final ? ks_value_lookup (final, attr->name) : NULL;

      g_ptr_array_add (parts, v ? ks_value_ref (v) : ks_value_new_null ());
    }
  return ks_value_new_list (KS_TYPE_L, parts);
}

static GArray *
compute_tie_groups (KsEngine      *engine,
                    KsPattern     *pattern,
                    KsQueryResult *result)
{
  KsView *view = ks_engine_get_view (engine, ks_pattern_get_table (pattern), ks_pattern_get_index (pattern));
  const KsKeySchema *schema;
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(KsValue) previous = NULL;

  if (view == NULL)
    return groups;
  schema = ks_view_get_key_schema (view);
  for (guint i = 0; i < result->items->len; i++)
    {
      g_autoptr(KsValue) key = index_key (g_ptr_array_index (result->items, i), schema);

      if (i > 0 && !ks_value_equal (previous, key))
        {
          guint end = i;
          g_array_append_val (groups, end);
        }
      g_clear_pointer (&previous, ks_value_unref);
      previous = g_steal_pointer (&key);
    }
  if (result->items->len > 0)
    {
      guint end = result->items->len;
      g_array_append_val (groups, end);
    }
  return groups;
}

KsLiveRun *
ks_live_run_new (KsEngine   *engine,
                 const char *only,
                 const char *table_prefix)
{
  KsLiveRun *run;
  GListModel *patterns;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);

  ks_engine_flush (engine);
  run = g_new0 (KsLiveRun, 1);
  run->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) check_free);
  patterns = G_LIST_MODEL (ks_design_get_patterns (ks_engine_get_design (engine)));
  for (guint i = 0; i < g_list_model_get_n_items (patterns); i++)
    {
      g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, i);
      g_autoptr(KsPatternRun) pattern_run = NULL;
      Check *c;

      if (only && g_strcmp0 (only, ks_pattern_get_name (pattern)) != 0)
        continue;
      pattern_run = ks_pattern_run (engine, pattern);
      c = g_new0 (Check, 1);
      c->check.pattern = g_strdup (ks_pattern_get_name (pattern));
      c->check.operation = pattern_run->operation;
      g_ptr_array_add (run->checks, c);

      if (pattern_run->request == NULL)
        {
          c->check.difference = g_strdup_printf ("not run: %s", pattern_run->error ? pattern_run->error->message
                                                                                    : "no request");
          continue;
        }
      c->check.request = prefixed_request (pattern_run->request, table_prefix);
      if (pattern_run->result)
        {
          c->check.expected = ks_query_result_to_json (pattern_run->result);
          if (pattern_run->operation == KS_OPERATION_QUERY)
            c->tie_groups = compute_tie_groups (engine, pattern, pattern_run->result);
        }
      else if (pattern_run->error)
        c->check.expected = ks_query_error_to_json (pattern_run->error);
    }
  return run;
}

void
ks_live_run_free (KsLiveRun *run)
{
  if (run == NULL)
    return;
  g_ptr_array_unref (run->checks);
  g_free (run);
}

guint
ks_live_run_get_n_checks (KsLiveRun *run)
{
  g_return_val_if_fail (run != NULL, 0);
  return run->checks->len;
}

const KsLiveCheck *
ks_live_run_get_check (KsLiveRun *run,
                       guint      position)
{
  g_return_val_if_fail (run != NULL, NULL);
  g_return_val_if_fail (position < run->checks->len, NULL);
  return &((Check *) g_ptr_array_index (run->checks, position))->check;
}

guint
ks_live_run_get_n_equal (KsLiveRun *run)
{
  guint n = 0;

  g_return_val_if_fail (run != NULL, 0);
  for (guint i = 0; i < run->checks->len; i++)
    if (((Check *) g_ptr_array_index (run->checks, i))->check.equal)
      n++;
  return n;
}

/* Comparing --------------------------------------------------------------- */

static void
add_reason (GPtrArray  *reasons,
            const char *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
add_reason (GPtrArray  *reasons,
            const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (reasons, g_strdup_vprintf (format, args));
  va_end (args);
}

static char *
join_reasons (GPtrArray *reasons)
{
  GString *out;

  if (reasons->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < MIN (reasons->len, MAX_REASONS); i++)
    g_string_append_printf (out, "%s%s", i ? "; " : "", (const char *) g_ptr_array_index (reasons, i));
  if (reasons->len > MAX_REASONS)
    g_string_append_printf (out, "; and %u more difference%s", reasons->len - MAX_REASONS,
                            reasons->len - MAX_REASONS == 1 ? "" : "s");
  return g_string_free (out, FALSE);
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

static char *
item_text (const KsValue *item)
{
  GString *out = g_string_new (NULL);

  append_item_json (out, item);
  if (g_utf8_strlen (out->str, -1) > ITEM_TEXT_LENGTH)
    {
      g_string_truncate (out, g_utf8_offset_to_pointer (out->str, ITEM_TEXT_LENGTH) - out->str);
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}

static const char *
error_type (JsonNode *answer)
{
  JsonObject *obj = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  const char *type = obj ? json_object_get_string_member_with_default (obj, "__type", NULL) : NULL;
  const char *hash = type ? strrchr (type, '#') : NULL;

  return hash ? hash + 1 : type;
}

static const char *
error_message (JsonNode *answer)
{
  JsonObject *obj = json_node_get_object (answer);
  const char *message = json_object_get_string_member_with_default (obj, "message", NULL);

  return message ? message : json_object_get_string_member_with_default (obj, "Message", "");
}

/* The items of @answer's @member ("Items", or "Item" as a list of one), or
 * NULL with *@missing when there is no such member; FALSE on an item that
 * is not DynamoDB JSON. */
static gboolean
answer_items (JsonNode    *answer,
              const char  *member,
              const char  *who,
              GPtrArray  **items,
              GPtrArray   *reasons)
{
  JsonObject *obj = json_node_get_object (answer);
  JsonNode *node = json_object_get_member (obj, member);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
  JsonArray *array = NULL;
  guint n;

  *items = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (g_str_equal (member, "Item"))
    n = 1;
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      n = json_array_get_length (array);
    }
  else
    {
      add_reason (reasons, "%s's %s is not a list", who, member);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *element = array ? json_array_get_element (array, i) : node;
      KsValue *item = ks_item_from_ddb_json (element, member, &error);

      if (item == NULL)
        {
          add_reason (reasons, "%s's item %u is not a DynamoDB item: %s", who, i + 1, error->message);
          return FALSE;
        }
      g_ptr_array_add (out, item);
    }
  *items = g_steal_pointer (&out);
  return TRUE;
}

/* Compares expected[start, end) with live[start, end) as multisets. */
static void
compare_as_set (GPtrArray  *expected,
                GPtrArray  *live,
                guint       start,
                guint       end,
                GPtrArray  *reasons)
{
  g_autofree gboolean *used = g_new0 (gboolean, end - start);

  for (guint i = start; i < end; i++)
    {
      KsValue *want = g_ptr_array_index (expected, i);
      gboolean found = FALSE;

      for (guint j = start; j < end && !found; j++)
        if (!used[j - start] && ks_value_equal (want, g_ptr_array_index (live, j)))
          found = used[j - start] = TRUE;
      if (!found)
        {
          g_autofree char *text = item_text (want);
          add_reason (reasons, "the endpoint did not return %s", text);
        }
    }
  for (guint j = start; j < end; j++)
    if (!used[j - start])
      {
        g_autofree char *text = item_text (g_ptr_array_index (live, j));
        add_reason (reasons, "the endpoint returned %s, which Keyshape does not", text);
      }
}

static void
compare_count (JsonNode   *expected,
               JsonNode   *live,
               const char *member,
               GPtrArray  *reasons)
{
  JsonObject *e = json_node_get_object (expected), *l = json_node_get_object (live);
  gint64 want = json_object_get_int_member_with_default (e, member, -1);
  gint64 got = json_object_get_int_member_with_default (l, member, -1);

  if (want != got)
    add_reason (reasons, "%s: Keyshape %" G_GINT64_FORMAT ", endpoint %" G_GINT64_FORMAT, member, want, got);
}

char *
ks_live_compare (KsOperation  operation,
                 JsonNode    *expected,
                 JsonNode    *live,
                 GArray      *tie_groups)
{
  g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GPtrArray) got = NULL;
  const char *want_error, *got_error;
  JsonNode *want_last, *got_last;
  gboolean page;

  g_return_val_if_fail (expected != NULL && JSON_NODE_HOLDS_OBJECT (expected), NULL);
  g_return_val_if_fail (live != NULL && JSON_NODE_HOLDS_OBJECT (live), NULL);

  want_error = error_type (expected);
  got_error = error_type (live);
  if (want_error || got_error)
    {
      if (want_error && got_error && g_str_equal (want_error, got_error) &&
          g_str_equal (error_message (expected), error_message (live)))
        return NULL;
      if (want_error && got_error)
        return g_strdup_printf ("Keyshape predicts %s: %s; the endpoint answered %s: %s",
                                want_error, error_message (expected), got_error, error_message (live));
      if (want_error)
        return g_strdup_printf ("Keyshape predicts %s: %s; the endpoint answered the request",
                                want_error, error_message (expected));
      return g_strdup_printf ("the endpoint refused the request: %s: %s", got_error, error_message (live));
    }

  if (operation == KS_OPERATION_GET_ITEM)
    {
      if (!answer_items (expected, "Item", "Keyshape", &want, reasons) ||
          !answer_items (live, "Item", "the endpoint", &got, reasons))
        return join_reasons (reasons);
      if (want == NULL && got == NULL)
        return NULL;
      if (want == NULL || got == NULL)
        {
          g_autofree char *text = item_text (g_ptr_array_index (want ? want : got, 0));
          return g_strdup_printf (want ? "the endpoint has no item where Keyshape has %s"
                                       : "the endpoint has %s where Keyshape has no item", text);
        }
      compare_as_set (want, got, 0, 1, reasons);
      return join_reasons (reasons);
    }

  compare_count (expected, live, "Count", reasons);
  compare_count (expected, live, "ScannedCount", reasons);
  want_last = json_object_get_member (json_node_get_object (expected), "LastEvaluatedKey");
  got_last = json_object_get_member (json_node_get_object (live), "LastEvaluatedKey");
  if ((want_last != NULL) != (got_last != NULL))
    add_reason (reasons, want_last ? "Keyshape has a LastEvaluatedKey, the endpoint none"
                                   : "the endpoint has a LastEvaluatedKey, Keyshape none");
  if (!answer_items (expected, "Items", "Keyshape", &want, reasons) ||
      !answer_items (live, "Items", "the endpoint", &got, reasons))
    return join_reasons (reasons);
  if ((want == NULL) != (got == NULL))
    {
      add_reason (reasons, want ? "the endpoint's answer has no Items" : "Keyshape's answer has no Items");
      return join_reasons (reasons);
    }
  page = want_last != NULL || got_last != NULL;

  if (operation == KS_OPERATION_SCAN)
    {
      /* which items fill one page of a Scan depends on the service's hash
       * order: only the counts say something then */
      if (want && !page)
        compare_as_set (want, got, 0, want->len, reasons);
      return join_reasons (reasons);
    }

  if (want && want->len != got->len)
    {
      add_reason (reasons, "Keyshape returns %u items, the endpoint %u", want->len, got->len);
      return join_reasons (reasons);
    }
  if (want)
    {
      guint start = 0;

      for (guint g = 0; tie_groups && g < tie_groups->len; g++)
        {
          guint end = MIN (g_array_index (tie_groups, guint, g), want->len);

          if (end > start)
            compare_as_set (want, got, start, end, reasons);
          start = end;
        }
      /* without groups, or past them: item by item */
      for (guint i = start; i < want->len; i++)
        compare_as_set (want, got, i, i + 1, reasons);

      if (want_last && got_last)
        {
          g_autoptr(GError) e1 = NULL, e2 = NULL;
          g_autoptr(KsValue) k1 = ks_item_from_ddb_json (want_last, "LastEvaluatedKey", &e1);
          g_autoptr(KsValue) k2 = ks_item_from_ddb_json (got_last, "LastEvaluatedKey", &e2);
          guint last_group = 1;

          if (tie_groups && tie_groups->len > 0)
            last_group = g_array_index (tie_groups, guint, tie_groups->len - 1) -
                         (tie_groups->len > 1 ? g_array_index (tie_groups, guint, tie_groups->len - 2) : 0);
          /* a page that ends among equal index keys may end on another of
           * them */
          if ((k1 == NULL || k2 == NULL || !ks_value_equal (k1, k2)) && last_group <= 1)
            add_reason (reasons, "the LastEvaluatedKey differs");
        }
    }
  return join_reasons (reasons);
}

gboolean
ks_live_run_execute (KsLiveRun         *run,
                     KsDynamodbClient  *client,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (client), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < run->checks->len; i++)
    {
      Check *c = g_ptr_array_index (run->checks, i);
      g_autoptr(GError) local = NULL;
      g_autoptr(JsonNode) error_body = NULL;
      JsonNode *answer;

      if (c->check.request == NULL || c->check.expected == NULL)
        continue;
      g_clear_pointer (&c->check.live, json_node_unref);
      g_clear_pointer (&c->check.difference, g_free);
      answer = ks_dynamodb_client_call (client, ks_operation_to_string (c->check.operation), c->check.request,
                                        &error_body, cancellable, &local);
      if (answer == NULL)
        {
          if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
              g_error_matches (local, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_NETWORK) ||
              g_error_matches (local, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_ACCESS_DENIED))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (error_body == NULL)
            {
              c->check.equal = FALSE;
              c->check.difference = g_strdup (local->message);
              continue;
            }
          answer = g_steal_pointer (&error_body);
        }
      c->check.live = answer;
      c->check.difference = ks_live_compare (c->check.operation, c->check.expected, answer, c->tie_groups);
      c->check.equal = c->check.difference == NULL;
    }
  return TRUE;
}

/* The async wrapper --------------------------------------------------------- */

typedef struct
{
  KsLiveRun      *run;
  KsLiveSettings *settings;
} RunData;

static void
run_data_free (RunData *data)
{
  ks_live_run_free (data->run);
  ks_live_settings_free (data->settings);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(KsDynamodbClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = ks_live_settings_connect (data->settings, &error);
  if (client == NULL || !ks_live_run_execute (data->run, client, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&data->run), (GDestroyNotify) ks_live_run_free);
}

void
ks_live_run_async (KsEngine             *engine,
                   const KsLiveSettings *settings,
                   const char           *only,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (KS_IS_ENGINE (engine));
  g_return_if_fail (settings != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ks_live_run_async);
  g_task_set_name (task, "[keyshape] run patterns live");
  data = g_new0 (RunData, 1);
  data->run = ks_live_run_new (engine, only, settings->table_prefix);
  data->settings = ks_live_settings_copy (settings);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

KsLiveRun *
ks_live_run_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ks_live_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
