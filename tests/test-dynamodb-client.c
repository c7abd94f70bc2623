/* test-dynamodb-client.c: the DynamoDB client against a scripted server on
 * loopback: signing, retries and backoff, error messages, BatchWriteItem,
 * waiting for tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ks-dynamodb-client.h"
#include "ks-fake-dynamodb.h"

#define JSON_TYPE "application/x-amz-json-1.0"

typedef struct
{
  FakeDynamodb     *fake;
  KsDynamodbClient *client;
  GArray           *retries;    /* Retry */
} Fixture;

typedef struct
{
  guint retry;
  guint delay_ms;
  char *operation;
  char *reason;
} Retry;

static void
retry_clear (Retry *retry)
{
  g_free (retry->operation);
  g_free (retry->reason);
}

static void
on_retrying (KsDynamodbClient *client,
             const char       *operation,
             guint             retry,
             guint             delay_ms,
             const char       *reason,
             Fixture          *fixture)
{
  Retry r = { retry, delay_ms, g_strdup (operation), g_strdup (reason) };

  g_array_append_val (fixture->retries, r);
}

static KsDynamodbClient *
make_client (const char    *url,
             const char    *token)
{
  g_autoptr(KsCredentials) credentials = ks_credentials_new (FAKE_ACCESS_KEY, FAKE_SECRET, token,
                                                             NULL, "test");
  g_autoptr(GError) error = NULL;
  KsDynamodbClient *client = ks_dynamodb_client_new (url, "eu-west-3", credentials, &error);

  g_assert_no_error (error);
  return client;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->fake = fake_dynamodb_new ();
  fixture->client = make_client (fake_dynamodb_get_url (fixture->fake), data);
  /* short delays keep the tests fast; the bounds are what is checked */
  ks_dynamodb_client_set_backoff (fixture->client, 20, 80);
  ks_dynamodb_client_set_poll_interval (fixture->client, 5);
  fixture->retries = g_array_new (FALSE, FALSE, sizeof (Retry));
  g_array_set_clear_func (fixture->retries, (GDestroyNotify) retry_clear);
  g_signal_connect (fixture->client, "retrying", G_CALLBACK (on_retrying), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, fake_dynamodb_free);
  g_array_unref (fixture->retries);
}

static JsonNode *
json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
assert_no_credentials (const char *text)
{
  g_assert_null (strstr (text, FAKE_SECRET));
  g_assert_null (strstr (text, FAKE_ACCESS_KEY));
}

/* What goes on the wire: the JSON 1.0 protocol, signed for the region. */
static void
test_request_shape (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) request = json ("{\"TableName\": \"T\", \"Key\": {\"PK\": {\"S\": \"a\"}}}");
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *host = g_strdup (fake_dynamodb_get_url (fixture->fake) + strlen ("http://"));
  const FakeRequest *sent;

  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE, "{\"Item\": {\"PK\": {\"S\": \"a\"}}}");
  response = ks_dynamodb_client_get_item (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (response), "Item"));

  g_assert_cmpuint (fake_dynamodb_get_n_requests (fixture->fake), ==, 1);
  sent = fake_dynamodb_get_request (fixture->fake, 0);
  g_assert_cmpstr (sent->target, ==, "DynamoDB_20120810.GetItem");
  g_assert_cmpstr (sent->content_type, ==, "application/x-amz-json-1.0");
  g_assert_cmpstr (sent->host, ==, host);
  {
    g_autoptr(JsonNode) body = json (sent->body);
    g_assert_true (json_node_equal (request, body));
  }
  g_assert_true (g_str_has_prefix (sent->authorization, "AWS4-HMAC-SHA256 Credential=" FAKE_ACCESS_KEY "/"));
  g_assert_nonnull (strstr (sent->authorization, "/eu-west-3/dynamodb/aws4_request"));
  g_assert_true (sent->signature_ok);
  g_assert_null (strstr (sent->authorization, FAKE_SECRET));
  if (data)
    {
      g_assert_cmpstr (sent->token, ==, data);
      g_assert_nonnull (strstr (sent->authorization, "x-amz-security-token"));
    }
  else
    g_assert_null (sent->token);
}

/* Each throttling error is retried, after a delay within the backoff
 * bounds, and the request then succeeds. */
static void
test_throttling_retried (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) request = json ("{\"TableName\": \"T\"}");
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;

  fake_dynamodb_push_error (fixture->fake, 400, "ProvisionedThroughputExceededException",
                            "The level of configured provisioned throughput for the table was exceeded.");
  fake_dynamodb_push_error (fixture->fake, 400, "ThrottlingException", "Rate of requests exceeds the allowed throughput.");
  fake_dynamodb_push_error (fixture->fake, 400, "RequestLimitExceeded", "Throughput exceeds the current throughput limit.");
  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE, "{\"Items\": [], \"Count\": 0, \"ScannedCount\": 0}");
  response = ks_dynamodb_client_scan (fixture->client, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (response);

  g_assert_cmpuint (fake_dynamodb_get_n_requests (fixture->fake), ==, 4);
  g_assert_cmpuint (fixture->retries->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      Retry *r = &g_array_index (fixture->retries, Retry, i);
      guint cap = MIN (80u, 20u << i);
      gint64 gap = fake_dynamodb_get_request (fixture->fake, i + 1)->time -
                   fake_dynamodb_get_request (fixture->fake, i)->time;

      g_assert_cmpuint (r->retry, ==, i + 1);
      g_assert_cmpstr (r->operation, ==, "Scan");
      g_assert_cmpuint (r->delay_ms, <=, cap);
      /* the client really waited */
      g_assert_cmpint (gap, >=, (gint64) r->delay_ms * 1000);
      assert_no_credentials (r->reason);
    }
  g_assert_nonnull (strstr (g_array_index (fixture->retries, Retry, 0).reason, "ProvisionedThroughputExceededException"));
  g_assert_nonnull (strstr (g_array_index (fixture->retries, Retry, 2).reason, "RequestLimitExceeded"));
}

/* 5xx, with a JSON or an HTML body, is retried too */
static void
test_server_errors_retried (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) request = json ("{\"TableName\": \"T\"}");
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;

  fake_dynamodb_push_error (fixture->fake, 500, "InternalServerError", "Internal server error");
  fake_dynamodb_push (fixture->fake, 503, "text/html", "<html><body>Service Unavailable</body></html>");
  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE, "{\"Table\": {\"TableStatus\": \"ACTIVE\"}}");
  response = ks_dynamodb_client_describe_table (fixture->client, "T", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_dynamodb_get_n_requests (fixture->fake), ==, 3);
  g_assert_cmpuint (fixture->retries->len, ==, 2);
  g_assert_nonnull (strstr (g_array_index (fixture->retries, Retry, 0).reason, "HTTP 500"));
  g_assert_nonnull (strstr (g_array_index (fixture->retries, Retry, 1).reason, "Service Unavailable"));
}

/* Nothing is retried forever: after max-retries the last error is given,
 * saying so. */
static void
test_gives_up (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) request = json ("{\"TableName\": \"Orders\"}");
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;

  ks_dynamodb_client_set_max_retries (fixture->client, 2);
  response = ks_dynamodb_client_query (fixture->client, request, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_SERVER);
  g_assert_cmpuint (fake_dynamodb_get_n_requests (fixture->fake), ==, 3);
  g_assert_nonnull (strstr (error->message, "gave up after 2 retries"));
  g_assert_nonnull (strstr (error->message, fake_dynamodb_get_url (fixture->fake)));
  g_assert_nonnull (strstr (error->message, "Query Orders"));
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_clear_error (&error);

  /* throttling that does not stop */
  g_array_set_size (fixture->retries, 0);
  fake_dynamodb_set_default (fixture->fake, 400,
                             "{\"__type\": \"com.amazonaws.dynamodb.v20120810#ThrottlingException\", "
                             "\"message\": \"Rate exceeded\"}");
  response = ks_dynamodb_client_query (fixture->client, request, NULL, &error);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_THROTTLED);
  g_assert_nonnull (strstr (error->message, "ThrottlingException: Rate exceeded"));
  g_assert_cmpuint (fixture->retries->len, ==, 2);
  g_assert_cmpuint (fake_dynamodb_get_n_requests (fixture->fake), ==, 6);
}

/* DynamoDB's refusals are not retried and keep its words. */
static void
test_errors_not_retried (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) request = json ("{\"TableName\": \"Orders\", \"KeyConditionExpression\": \"x\"}");
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;

  fake_dynamodb_push_error (fixture->fake, 400, "ValidationException", "Invalid KeyConditionExpression: Syntax error");
  response = ks_dynamodb_client_call (fixture->client, "Query", request, &body, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_VALIDATION);
  g_assert_true (g_str_has_suffix (error->message,
                                   ": Query Orders: ValidationException: Invalid KeyConditionExpression: Syntax error"));
  g_assert_nonnull (body);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "__type"), ==,
                   "com.amazonaws.dynamodb.v20120810#ValidationException");
  g_assert_cmpuint (fixture->retries->len, ==, 0);
  g_clear_error (&error);

  fake_dynamodb_push_error (fixture->fake, 400, "ResourceNotFoundException", "Requested resource not found");
  response = ks_dynamodb_client_describe_table (fixture->client, "Gone", NULL, &error);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_RESOURCE_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "DescribeTable Gone: ResourceNotFoundException"));
  g_clear_error (&error);

  /* a service that quotes the credentials back gets them redacted */
  fake_dynamodb_push_error (fixture->fake, 400, "UnrecognizedClientException",
                            "The security token included in the request is invalid. Key " FAKE_ACCESS_KEY
                            " secret " FAKE_SECRET);
  response = ks_dynamodb_client_describe_table (fixture->client, "T", NULL, &error);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "UnrecognizedClientException: The security token"));
  assert_no_credentials (error->message);
  g_assert_cmpuint (fake_dynamodb_get_n_requests (fixture->fake), ==, 3);
}

/* Bodies that are not DynamoDB's JSON give a clear error, not a crash,
 * and quote a short, printable, credential-free excerpt. */
static void
test_malformed_bodies (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) request = json ("{\"TableName\": \"T\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL, r4 = NULL, r5 = NULL;
  g_autofree char *long_body = NULL;
  GString *junk = g_string_new ("Authorization: " FAKE_SECRET " ");

  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE, "{\"Items\": [");
  r1 = ks_dynamodb_client_scan (fixture->client, request, NULL, &error);
  g_assert_null (r1);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "not a DynamoDB JSON object"));
  g_assert_nonnull (strstr (error->message, "{\"Items\": ["));
  g_clear_error (&error);

  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE, "[1, 2, 3]");
  r2 = ks_dynamodb_client_scan (fixture->client, request, NULL, &error);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_PROTOCOL);
  g_clear_error (&error);

  fake_dynamodb_push (fixture->fake, 404, "text/html", "<h1>Not Found</h1>");
  r3 = ks_dynamodb_client_scan (fixture->client, request, NULL, &error);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "HTTP 404"));
  g_assert_nonnull (strstr (error->message, "is this a DynamoDB endpoint?"));
  g_clear_error (&error);

  /* long, binary, echoing a secret */
  for (guint i = 0; i < 200; i++)
    g_string_append (junk, "\x01\x02garbage\xff ");
  long_body = g_string_free (junk, FALSE);
  fake_dynamodb_push (fixture->fake, 200, "application/octet-stream", long_body);
  r4 = ks_dynamodb_client_scan (fixture->client, request, NULL, &error);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_PROTOCOL);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 600);
  g_assert_null (strchr (error->message, '\x01'));
  assert_no_credentials (error->message);
  g_clear_error (&error);

  /* an empty 400 */
  fake_dynamodb_push (fixture->fake, 400, JSON_TYPE, "");
  r5 = ks_dynamodb_client_scan (fixture->client, request, NULL, &error);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "an empty body"));

  /* none of these was retried */
  g_assert_cmpuint (fixture->retries->len, ==, 0);
  g_assert_cmpuint (fake_dynamodb_get_n_requests (fixture->fake), ==, 5);
}

/* Full jitter: delays are spread over [0, min (cap, base × 2^n)]. */
static void
test_backoff_bounds (Fixture       *fixture,
                     gconstpointer  data)
{
  ks_dynamodb_client_set_backoff (fixture->client, 100, 1000);
  for (guint retry = 0; retry < 40; retry++)
    {
      guint cap = retry >= 4 ? 1000 : 100u << retry;
      guint lowest = G_MAXUINT, highest = 0;

      for (guint i = 0; i < 500; i++)
        {
          guint delay = ks_dynamodb_client_backoff_delay (fixture->client, retry);
          g_assert_cmpuint (delay, <=, cap);
          lowest = MIN (lowest, delay);
          highest = MAX (highest, delay);
        }
      /* 500 uniform draws all in one half: chance 2^-499 */
      g_assert_cmpuint (lowest, <, cap / 2);
      g_assert_cmpuint (highest, >, cap / 2);
    }
}

static void
record_progress (guint    written,
                 guint    total,
                 gpointer user_data)
{
  GArray *progress = user_data;

  g_assert_cmpuint (total, ==, 30);
  g_array_append_val (progress, written);
}

static char **
make_items (guint n)
{
  char **items = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    items[i] = g_strdup_printf ("{\"PK\": {\"S\": \"item-%02u\"}, \"n\": {\"N\": \"%u\"}}", i, i);
  return items;
}

/* 25 items a request; UnprocessedItems are sent again, and only they. */
static void
test_batch_write (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(GStrv) items = make_items (30);
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) second = NULL;
  JsonArray *requests;
  gboolean ok;

  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE,
                      "{\"UnprocessedItems\": {\"Load\": ["
                      "{\"PutRequest\": {\"Item\": {\"PK\": {\"S\": \"item-03\"}, \"n\": {\"N\": \"3\"}}}},"
                      "{\"PutRequest\": {\"Item\": {\"PK\": {\"S\": \"item-07\"}, \"n\": {\"N\": \"7\"}}}}]}}");
  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE, "{\"UnprocessedItems\": {}}");
  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE, "{\"UnprocessedItems\": {}}");
  ok = ks_dynamodb_client_put_items (fixture->client, "Load", (const char * const *) items, 30,
                                     record_progress, progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_assert_cmpuint (fake_dynamodb_get_n_requests (fixture->fake), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (fake_dynamodb_get_request (fixture->fake, i)->target, ==, "DynamoDB_20120810.BatchWriteItem");
  requests = json_object_get_array_member (json_object_get_object_member (
               json_node_get_object (json (fake_dynamodb_get_request (fixture->fake, 0)->body)), "RequestItems"), "Load");
  g_assert_cmpuint (json_array_get_length (requests), ==, 25);
  second = json (fake_dynamodb_get_request (fixture->fake, 1)->body);
  requests = json_object_get_array_member (json_object_get_object_member (json_node_get_object (second),
                                                                          "RequestItems"), "Load");
  g_assert_cmpuint (json_array_get_length (requests), ==, 2);
  g_assert_nonnull (strstr (fake_dynamodb_get_request (fixture->fake, 1)->body, "item-03"));
  g_assert_nonnull (strstr (fake_dynamodb_get_request (fixture->fake, 1)->body, "item-07"));
  g_assert_nonnull (strstr (fake_dynamodb_get_request (fixture->fake, 2)->body, "item-29"));
  g_assert_null (strstr (fake_dynamodb_get_request (fixture->fake, 2)->body, "item-24"));

  g_assert_cmpuint (progress->len, ==, 3);
  g_assert_cmpuint (g_array_index (progress, guint, 0), ==, 23);
  g_assert_cmpuint (g_array_index (progress, guint, 1), ==, 25);
  g_assert_cmpuint (g_array_index (progress, guint, 2), ==, 30);
  g_assert_cmpuint (fixture->retries->len, ==, 1);
  g_assert_cmpstr (g_array_index (fixture->retries, Retry, 0).reason, ==, "2 unprocessed items");
}

static void
test_batch_write_gives_up (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(GStrv) items = make_items (1);
  g_autoptr(GError) error = NULL;

  ks_dynamodb_client_set_max_retries (fixture->client, 3);
  fake_dynamodb_set_default (fixture->fake, 200,
                             "{\"UnprocessedItems\": {\"Load\": ["
                             "{\"PutRequest\": {\"Item\": {\"PK\": {\"S\": \"item-00\"}, \"n\": {\"N\": \"0\"}}}}]}}");
  g_assert_false (ks_dynamodb_client_put_items (fixture->client, "Load", (const char * const *) items, 1,
                                                NULL, NULL, NULL, &error));
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_THROTTLED);
  g_assert_nonnull (strstr (error->message, "1 item still unprocessed after 3 retries"));
  g_assert_cmpuint (fake_dynamodb_get_n_requests (fixture->fake), ==, 4);
}

/* CreateTable, DescribeTable until the table and its GSIs are ACTIVE, then
 * UpdateTimeToLive */
static void
test_create_table (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) definition = json ("{\"TableName\": \"Shop\", \"KeySchema\": []}");
  g_autoptr(GError) error = NULL;
  const char *targets[] = { "CreateTable", "DescribeTable", "DescribeTable", "DescribeTable", "UpdateTimeToLive" };

  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE, "{\"TableDescription\": {\"TableStatus\": \"CREATING\"}}");
  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE, "{\"Table\": {\"TableStatus\": \"CREATING\"}}");
  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE,
                      "{\"Table\": {\"TableStatus\": \"ACTIVE\", \"GlobalSecondaryIndexes\": "
                      "[{\"IndexName\": \"GSI1\", \"IndexStatus\": \"CREATING\"}]}}");
  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE,
                      "{\"Table\": {\"TableStatus\": \"ACTIVE\", \"GlobalSecondaryIndexes\": "
                      "[{\"IndexName\": \"GSI1\", \"IndexStatus\": \"ACTIVE\"}]}}");
  fake_dynamodb_push (fixture->fake, 200, JSON_TYPE, "{\"TimeToLiveSpecification\": {}}");
  g_assert_true (ks_dynamodb_client_create_table (fixture->client, definition, "expiresAt", 60, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_dynamodb_get_n_requests (fixture->fake), ==, G_N_ELEMENTS (targets));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *target = g_strconcat ("DynamoDB_20120810.", targets[i], NULL);
      g_assert_cmpstr (fake_dynamodb_get_request (fixture->fake, i)->target, ==, target);
    }
  g_assert_nonnull (strstr (fake_dynamodb_get_request (fixture->fake, 4)->body, "\"AttributeName\":\"expiresAt\""));
  g_assert_nonnull (strstr (fake_dynamodb_get_request (fixture->fake, 4)->body, "\"Enabled\":true"));
}

static void
test_wait_timeout (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fake_dynamodb_set_default (fixture->fake, 200, "{\"Table\": {\"TableStatus\": \"CREATING\"}}");
  g_assert_false (ks_dynamodb_client_wait_for_table (fixture->client, "Slow", FALSE, 0, NULL, &error));
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "table Slow is CREATING"));
  g_clear_error (&error);

  fake_dynamodb_set_default (fixture->fake, 200, "{\"Table\": {\"TableStatus\": \"DELETING\"}}");
  g_assert_false (ks_dynamodb_client_wait_for_table (fixture->client, "Slow", FALSE, 10, NULL, &error));
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_FAILED);
}

static gpointer
cancel_thread (gpointer data)
{
  g_usleep (150 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

/* A long backoff ends as soon as the operation is cancelled. */
static void
test_cancel_during_backoff (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) request = json ("{\"TableName\": \"T\"}");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  gint64 start;

  ks_dynamodb_client_set_backoff (fixture->client, 20000, 20000);
  fake_dynamodb_push_error (fixture->fake, 500, "InternalServerError", "busy");
  fake_dynamodb_push_error (fixture->fake, 500, "InternalServerError", "busy");
  /* each wait is up to 20 s; the cancellation at 150 ms cuts it short */
  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_thread, cancellable);
  response = ks_dynamodb_client_scan (fixture->client, request, cancellable, &error);
  g_thread_join (thread);
  g_assert_null (response);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
count_retry (KsDynamodbClient *client,
             const char       *operation,
             guint             retry,
             guint             delay_ms,
             const char       *reason,
             guint            *count)
{
  (*count)++;
}

static void
test_unreachable (void)
{
  g_autoptr(KsDynamodbClient) client = NULL;
  g_autoptr(JsonNode) request = json ("{\"TableName\": \"T\"}");
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  guint retries = 0;

  /* a port that was free a moment ago and has no listener */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  client = make_client (url, NULL);
  g_signal_connect (client, "retrying", G_CALLBACK (count_retry), &retries);
  response = ks_dynamodb_client_scan (client, request, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (error->message, url));
  g_assert_cmpuint (retries, ==, 0);
}

static void
test_endpoints (void)
{
  g_autoptr(KsCredentials) credentials = ks_credentials_new ("A", "S", NULL, NULL, NULL);
  const char *bad[] = { "ftp://example.com", "not a url", "http://", "http://user:pw@example.com",
                        "https://example.com/?x=1", NULL };
  g_autoptr(KsDynamodbClient) aws = ks_dynamodb_client_new (NULL, "eu-west-1", credentials, NULL);
  g_autoptr(KsDynamodbClient) china = ks_dynamodb_client_new (NULL, "cn-north-1", credentials, NULL);

  g_assert_cmpstr (ks_dynamodb_client_get_endpoint (aws), ==, "https://dynamodb.eu-west-1.amazonaws.com");
  g_assert_cmpstr (ks_dynamodb_client_get_endpoint (china), ==, "https://dynamodb.cn-north-1.amazonaws.com.cn");
  for (guint i = 0; bad[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KsDynamodbClient) client = ks_dynamodb_client_new (bad[i], "eu-west-1", credentials, &error);

      g_assert_null (client);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_null (strstr (error->message, "pw@"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/keyshape/dynamodb-client/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("request-shape", test_request_shape, NULL);
  ADD ("request-shape-session-token", test_request_shape, "session/token+value");
  ADD ("throttling-retried", test_throttling_retried, NULL);
  ADD ("server-errors-retried", test_server_errors_retried, NULL);
  ADD ("gives-up", test_gives_up, NULL);
  ADD ("errors-not-retried", test_errors_not_retried, NULL);
  ADD ("malformed-bodies", test_malformed_bodies, NULL);
  ADD ("backoff-bounds", test_backoff_bounds, NULL);
  ADD ("batch-write", test_batch_write, NULL);
  ADD ("batch-write-gives-up", test_batch_write_gives_up, NULL);
  ADD ("create-table", test_create_table, NULL);
  ADD ("wait-timeout", test_wait_timeout, NULL);
  ADD ("cancel-during-backoff", test_cancel_during_backoff, NULL);
#undef ADD
  g_test_add_func ("/keyshape/dynamodb-client/unreachable", test_unreachable);
  g_test_add_func ("/keyshape/dynamodb-client/endpoints", test_endpoints);
  return g_test_run ();
}
