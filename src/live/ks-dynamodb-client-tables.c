/* ks-dynamodb-client-tables.c: the table operations of the DynamoDB client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a deploy needs beyond single requests: creating a table and waiting
 * until it and its indexes are ACTIVE, deleting one and waiting until it
 * is gone, TTL, BatchWriteItem with UnprocessedItems sent again, and a
 * Scan that follows LastEvaluatedKey. Built on the request machinery of
 * ks-dynamodb-client.c (ks-dynamodb-client-private.h).
 */
#define G_LOG_DOMAIN "keyshape-live"

#include "config.h"

#include <string.h>

#include "ks-dynamodb-client-private.h"
#include "ks-value.h"

#define BATCH_SIZE 25

static void
add_string (JsonObject *obj,
            const char *name,
            const char *value)
{
  json_object_set_string_member (obj, name, value);
}

static JsonNode *
object_node (JsonObject *obj)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, obj);
  return node;
}

JsonNode *
ks_dynamodb_client_describe_table (KsDynamodbClient  *self,
                                   const char        *table,
                                   GCancellable      *cancellable,
                                   GError           **error)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) response = NULL;
  JsonObject *obj = json_object_new ();
  JsonNode *description;

  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  add_string (obj, "TableName", table);
  request = object_node (obj);
  response = ks_dynamodb_client_call (self, "DescribeTable", request, NULL, cancellable, error);
  if (response == NULL)
    return NULL;
  description = json_object_get_member (json_node_get_object (response), "Table");
  if (description == NULL || !JSON_NODE_HOLDS_OBJECT (description))
    {
      g_set_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_PROTOCOL,
                   "%s: DescribeTable %s: the answer has no Table object", ks_dynamodb_client_get_endpoint (self), table);
      return NULL;
    }
  return json_node_ref (description);
}

/* NULL when the table and its GSIs are ACTIVE, else what it waits for; an
 * error for a state that will not become ACTIVE. */
static gboolean
table_ready (KsDynamodbClient  *self,
             const char        *table,
             JsonNode          *description,
             char             **waiting,
             GError           **error)
{
  JsonObject *obj = json_node_get_object (description);
  const char *status = json_object_get_string_member_with_default (obj, "TableStatus", "");
  JsonArray *gsis = NULL;

  *waiting = NULL;
  if (g_str_equal (status, "CREATING") || g_str_equal (status, "UPDATING"))
    {
      *waiting = g_strdup_printf ("table %s is %s", table, status);
      return TRUE;
    }
  if (!g_str_equal (status, "ACTIVE"))
    {
      g_set_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_FAILED,
                   "%s: table %s is %s, not becoming ACTIVE", ks_dynamodb_client_get_endpoint (self), table,
                   *status ? status : "in no state");
      return FALSE;
    }
  if (json_object_has_member (obj, "GlobalSecondaryIndexes") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "GlobalSecondaryIndexes")))
    gsis = json_object_get_array_member (obj, "GlobalSecondaryIndexes");
  for (guint i = 0; gsis && i < json_array_get_length (gsis); i++)
    {
      JsonNode *gsi = json_array_get_element (gsis, i);
      const char *index_status, *name;

      if (!JSON_NODE_HOLDS_OBJECT (gsi))
        continue;
      index_status = json_object_get_string_member_with_default (json_node_get_object (gsi), "IndexStatus", "ACTIVE");
      name = json_object_get_string_member_with_default (json_node_get_object (gsi), "IndexName", "?");
      if (!g_str_equal (index_status, "ACTIVE"))
        {
          *waiting = g_strdup_printf ("index %s of table %s is %s", name, table, index_status);
          return TRUE;
        }
    }
  return TRUE;
}

gboolean
ks_dynamodb_client_wait_for_table (KsDynamodbClient  *self,
                                   const char        *table,
                                   gboolean           gone,
                                   guint              timeout_seconds,
                                   GCancellable      *cancellable,
                                   GError           **error)
{
  gint64 deadline;
  guint interval = MIN (_ks_dynamodb_client_get_poll_interval (self), 100u);

  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  deadline = g_get_monotonic_time () + (gint64) timeout_seconds * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(JsonNode) description = ks_dynamodb_client_describe_table (self, table, cancellable, &local);
      g_autofree char *waiting = NULL;

      if (description == NULL)
        {
          if (gone && g_error_matches (local, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_RESOURCE_NOT_FOUND))
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (gone)
        waiting = g_strdup_printf ("table %s is %s", table,
                                   json_object_get_string_member_with_default (json_node_get_object (description),
                                                                               "TableStatus", "still there"));
      else if (!table_ready (self, table, description, &waiting, error))
        return FALSE;
      if (waiting == NULL)
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        {
          g_set_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_TIMEOUT,
                       "%s: gave up after %u s: %s", ks_dynamodb_client_get_endpoint (self), timeout_seconds, waiting);
          return FALSE;
        }
      if (!_ks_dynamodb_client_sleep (interval, cancellable, error))
        return FALSE;
      /* ask quickly at first (local endpoints answer at once), then back
       * off to the poll interval */
      interval = MIN (interval * 2, _ks_dynamodb_client_get_poll_interval (self));
    }
}

gboolean
ks_dynamodb_client_update_time_to_live (KsDynamodbClient  *self,
                                        const char        *table,
                                        const char        *attribute,
                                        GCancellable      *cancellable,
                                        GError           **error)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) response = NULL;
  JsonObject *obj = json_object_new ();
  JsonObject *spec = json_object_new ();

  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), FALSE);
  g_return_val_if_fail (table != NULL && attribute != NULL, FALSE);

  add_string (obj, "TableName", table);
  add_string (spec, "AttributeName", attribute);
  json_object_set_boolean_member (spec, "Enabled", TRUE);
  json_object_set_object_member (obj, "TimeToLiveSpecification", spec);
  request = object_node (obj);
  response = ks_dynamodb_client_call (self, "UpdateTimeToLive", request, NULL, cancellable, error);
  return response != NULL;
}

gboolean
ks_dynamodb_client_create_table (KsDynamodbClient  *self,
                                 JsonNode          *definition,
                                 const char        *ttl_attribute,
                                 guint              timeout_seconds,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  g_autoptr(JsonNode) response = NULL;
  const char *table;

  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), FALSE);
  g_return_val_if_fail (definition != NULL && JSON_NODE_HOLDS_OBJECT (definition), FALSE);

  table = _ks_dynamodb_client_request_table (definition);
  if (table == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "CreateTable: the definition has no TableName");
      return FALSE;
    }
  response = ks_dynamodb_client_call (self, "CreateTable", definition, NULL, cancellable, error);
  if (response == NULL)
    return FALSE;
  if (!ks_dynamodb_client_wait_for_table (self, table, FALSE, timeout_seconds, cancellable, error))
    return FALSE;
  if (ttl_attribute && *ttl_attribute &&
      !ks_dynamodb_client_update_time_to_live (self, table, ttl_attribute, cancellable, error))
    return FALSE;
  return TRUE;
}

gboolean
ks_dynamodb_client_delete_table (KsDynamodbClient  *self,
                                 const char        *table,
                                 guint              timeout_seconds,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) response = NULL;
  JsonObject *obj = json_object_new ();

  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  add_string (obj, "TableName", table);
  request = object_node (obj);
  response = ks_dynamodb_client_call (self, "DeleteTable", request, NULL, cancellable, error);
  if (response == NULL)
    return FALSE;
  return ks_dynamodb_client_wait_for_table (self, table, TRUE, timeout_seconds, cancellable, error);
}

static GBytes *
batch_body (const char  *table,
            GPtrArray   *items)
{
  GString *body = g_string_new ("{\"RequestItems\":{");

  ks_json_append_string (body, table, strlen (table));
  g_string_append (body, ":[");
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (body, "%s{\"PutRequest\":{\"Item\":%s}}", i ? "," : "",
                            (const char *) g_ptr_array_index (items, i));
  g_string_append (body, "]}}");
  return g_string_free_to_bytes (body);
}

/* The items of UnprocessedItems[@table], as text. */
static gboolean
collect_unprocessed (KsDynamodbClient  *self,
                     const char        *table,
                     JsonNode          *response,
                     GPtrArray         *out,
                     GError           **error)
{
  JsonObject *obj = json_node_get_object (response);
  JsonNode *unprocessed = json_object_get_member (obj, "UnprocessedItems");
  JsonNode *list;
  JsonArray *array;

  if (unprocessed == NULL || JSON_NODE_HOLDS_NULL (unprocessed))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (unprocessed))
    goto bad;
  list = json_object_get_member (json_node_get_object (unprocessed), table);
  if (list == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (list))
    goto bad;
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *request = json_array_get_element (array, i);
      JsonNode *put, *item;

      if (!JSON_NODE_HOLDS_OBJECT (request))
        goto bad;
      put = json_object_get_member (json_node_get_object (request), "PutRequest");
      if (put == NULL || !JSON_NODE_HOLDS_OBJECT (put))
        goto bad;
      item = json_object_get_member (json_node_get_object (put), "Item");
      if (item == NULL || !JSON_NODE_HOLDS_OBJECT (item))
        goto bad;
      g_ptr_array_add (out, json_to_string (item, FALSE));
    }
  return TRUE;

bad:
  g_set_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_PROTOCOL,
               "%s: BatchWriteItem %s: UnprocessedItems is not a list of PutRequests", ks_dynamodb_client_get_endpoint (self), table);
  return FALSE;
}

gboolean
ks_dynamodb_client_put_items (KsDynamodbClient    *self,
                              const char          *table,
                              const char * const  *items,
                              guint                n_items,
                              KsBatchProgressFunc  progress,
                              gpointer             progress_data,
                              GCancellable        *cancellable,
                              GError             **error)
{
  guint written = 0;

  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (items != NULL || n_items == 0, FALSE);

  for (guint start = 0; start < n_items; start += BATCH_SIZE)
    {
      g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
      guint retry = 0;

      for (guint i = start; i < MIN (start + BATCH_SIZE, n_items); i++)
        g_ptr_array_add (pending, g_strdup (items[i]));

      while (pending->len > 0)
        {
          g_autoptr(GBytes) body = batch_body (table, pending);
          g_autoptr(JsonNode) response = NULL;
          g_autoptr(GPtrArray) unprocessed = g_ptr_array_new_with_free_func (g_free);
          guint sent = pending->len, delay;
          g_autofree char *reason = NULL;

          response = _ks_dynamodb_client_call_bytes (self, "BatchWriteItem", table, body, NULL, cancellable, error);
          if (response == NULL)
            return FALSE;
          if (!collect_unprocessed (self, table, response, unprocessed, error))
            return FALSE;
          if (unprocessed->len > sent)
            {
              g_set_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_PROTOCOL,
                           "%s: BatchWriteItem %s: %u items unprocessed of %u sent",
                           ks_dynamodb_client_get_endpoint (self), table, unprocessed->len, sent);
              return FALSE;
            }
          written += sent - unprocessed->len;
          if (progress)
            progress (written, n_items, progress_data);
          g_ptr_array_unref (g_steal_pointer (&pending));
          pending = g_steal_pointer (&unprocessed);
          if (pending->len == 0)
            break;
          if (retry >= ks_dynamodb_client_get_max_retries (self))
            {
              g_set_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_THROTTLED,
                           "%s: BatchWriteItem %s: %u item%s still unprocessed after %u retries",
                           ks_dynamodb_client_get_endpoint (self), table, pending->len, pending->len == 1 ? "" : "s", retry);
              return FALSE;
            }
          delay = ks_dynamodb_client_backoff_delay (self, retry);
          reason = g_strdup_printf ("%u unprocessed item%s", pending->len, pending->len == 1 ? "" : "s");
          retry++;
          _ks_dynamodb_client_emit_retrying (self, "BatchWriteItem", retry, delay, reason);
          if (!_ks_dynamodb_client_sleep (delay, cancellable, error))
            return FALSE;
        }
    }
  return TRUE;
}

JsonArray *
ks_dynamodb_client_scan_all (KsDynamodbClient  *self,
                             const char        *table,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(JsonArray) all = json_array_new ();
  g_autoptr(JsonNode) start = NULL;

  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  for (;;)
    {
      g_autoptr(JsonNode) request = NULL;
      g_autoptr(JsonNode) response = NULL;
      JsonObject *obj = json_object_new ();
      JsonObject *answer;
      JsonNode *items, *last;

      add_string (obj, "TableName", table);
      json_object_set_boolean_member (obj, "ConsistentRead", TRUE);
      if (start)
        json_object_set_member (obj, "ExclusiveStartKey", g_steal_pointer (&start));
      request = object_node (obj);
      response = ks_dynamodb_client_scan (self, request, cancellable, error);
      if (response == NULL)
        return NULL;
      answer = json_node_get_object (response);
      items = json_object_get_member (answer, "Items");
      if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
        {
          g_set_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_PROTOCOL,
                       "%s: Scan %s: the answer has no Items list", ks_dynamodb_client_get_endpoint (self), table);
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (json_node_get_array (items), i)));
      last = json_object_get_member (answer, "LastEvaluatedKey");
      if (last == NULL || !JSON_NODE_HOLDS_OBJECT (last))
        break;
      start = json_node_copy (last);
    }
  return g_steal_pointer (&all);
}
