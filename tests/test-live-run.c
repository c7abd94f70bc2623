/* test-live-run.c: comparing Keyshape's answers with an endpoint's, and
 * resolving a design's patterns for a live run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ks-fake-dynamodb.h"
#include "ks-io.h"
#include "ks-live-run.h"

static JsonNode *
json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
compare (KsOperation  op,
         const char  *expected,
         const char  *live,
         GArray      *groups)
{
  g_autoptr(JsonNode) e = json (expected);
  g_autoptr(JsonNode) l = json (live);

  return ks_live_compare (op, e, l, groups);
}

#define ITEM(pk, sk) "{\"PK\": {\"S\": \"" pk "\"}, \"SK\": {\"N\": \"" sk "\"}}"

static GArray *
groups (guint n, ...)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint));
  va_list args;

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      guint end = va_arg (args, guint);
      g_array_append_val (out, end);
    }
  va_end (args);
  return out;
}

/* A Query's items in order, except within runs of one index key */
static void
test_query_order (void)
{
  const char *expected = "{\"Items\": [" ITEM ("a", "1") "," ITEM ("b", "1") "," ITEM ("c", "2") "], "
                         "\"Count\": 3, \"ScannedCount\": 3}";
  const char *swapped_tie = "{\"Items\": [" ITEM ("b", "1") "," ITEM ("a", "1") "," ITEM ("c", "2") "], "
                            "\"Count\": 3, \"ScannedCount\": 3}";
  const char *swapped_across = "{\"Items\": [" ITEM ("a", "1") "," ITEM ("c", "2") "," ITEM ("b", "1") "], "
                               "\"Count\": 3, \"ScannedCount\": 3}";
  g_autoptr(GArray) ties = groups (2, 2, 3);
  g_autofree char *same = compare (KS_OPERATION_QUERY, expected, expected, NULL);
  g_autofree char *tie = compare (KS_OPERATION_QUERY, expected, swapped_tie, ties);
  g_autofree char *tie_without_groups = compare (KS_OPERATION_QUERY, expected, swapped_tie, NULL);
  g_autofree char *across = compare (KS_OPERATION_QUERY, expected, swapped_across, ties);

  g_assert_null (same);
  g_assert_null (tie);
  g_assert_nonnull (tie_without_groups);
  g_assert_nonnull (across);
  g_assert_nonnull (strstr (across, "the endpoint did not return"));
}

static void
test_counts (void)
{
  g_autofree char *count = compare (KS_OPERATION_QUERY,
                                    "{\"Items\": [], \"Count\": 0, \"ScannedCount\": 4}",
                                    "{\"Items\": [], \"Count\": 0, \"ScannedCount\": 3}", NULL);
  g_autofree char *last = compare (KS_OPERATION_QUERY,
                                   "{\"Items\": [], \"Count\": 0, \"ScannedCount\": 0}",
                                   "{\"Items\": [], \"Count\": 0, \"ScannedCount\": 0, "
                                   "\"LastEvaluatedKey\": " ITEM ("a", "1") "}", NULL);
  g_autofree char *select_count = compare (KS_OPERATION_QUERY, "{\"Count\": 2, \"ScannedCount\": 2}",
                                           "{\"Count\": 2, \"ScannedCount\": 2}", NULL);

  g_assert_cmpstr (count, ==, "ScannedCount: Keyshape 4, endpoint 3");
  g_assert_nonnull (strstr (last, "LastEvaluatedKey"));
  g_assert_null (select_count);
}

/* A Scan's items as a set; a page of it by its counts only */
static void
test_scan (void)
{
  const char *expected = "{\"Items\": [" ITEM ("a", "1") "," ITEM ("b", "2") "], \"Count\": 2, \"ScannedCount\": 2}";
  const char *reordered = "{\"Items\": [" ITEM ("b", "2") "," ITEM ("a", "1") "], \"Count\": 2, \"ScannedCount\": 2}";
  const char *other = "{\"Items\": [" ITEM ("b", "2") "," ITEM ("z", "1") "], \"Count\": 2, \"ScannedCount\": 2}";
  g_autofree char *a = compare (KS_OPERATION_SCAN, expected, reordered, NULL);
  g_autofree char *b = compare (KS_OPERATION_SCAN, expected, other, NULL);
  g_autofree char *page = compare (KS_OPERATION_SCAN,
                                   "{\"Items\": [" ITEM ("a", "1") "], \"Count\": 1, \"ScannedCount\": 1, "
                                   "\"LastEvaluatedKey\": " ITEM ("a", "1") "}",
                                   "{\"Items\": [" ITEM ("q", "1") "], \"Count\": 1, \"ScannedCount\": 1, "
                                   "\"LastEvaluatedKey\": " ITEM ("q", "1") "}", NULL);

  g_assert_null (a);
  g_assert_nonnull (b);
  g_assert_nonnull (strstr (b, "\"z\""));
  g_assert_null (page);
}

/* Values compare as DynamoDB values: numbers by value, sets unordered */
static void
test_values (void)
{
  g_autofree char *same = compare (KS_OPERATION_GET_ITEM,
                                   "{\"Item\": {\"n\": {\"N\": \"1.50\"}, \"s\": {\"SS\": [\"a\", \"b\"]}}}",
                                   "{\"Item\": {\"s\": {\"SS\": [\"b\", \"a\"]}, \"n\": {\"N\": \"1.5\"}}}", NULL);
  g_autofree char *differ = compare (KS_OPERATION_GET_ITEM, "{\"Item\": {\"n\": {\"N\": \"1\"}}}",
                                     "{\"Item\": {\"n\": {\"S\": \"1\"}}}", NULL);
  g_autofree char *missing = compare (KS_OPERATION_GET_ITEM, "{\"Item\": {\"n\": {\"N\": \"1\"}}}", "{}", NULL);
  g_autofree char *neither = compare (KS_OPERATION_GET_ITEM, "{}", "{}", NULL);
  g_autofree char *bad = compare (KS_OPERATION_GET_ITEM, "{}", "{\"Item\": {\"n\": {\"X\": 1}}}", NULL);

  g_assert_null (same);
  g_assert_nonnull (differ);
  g_assert_nonnull (strstr (missing, "no item"));
  g_assert_null (neither);
  g_assert_nonnull (strstr (bad, "not a DynamoDB item"));
}

static void
test_errors (void)
{
  const char *keyshape = "{\"__type\": \"com.amazon.coral.validate#ValidationException\", \"message\": \"Query condition missed key schema element: PK\"}";
  const char *live_same = "{\"__type\": \"com.amazonaws.dynamodb.v20120810#ValidationException\", \"message\": \"Query condition missed key schema element: PK\"}";
  const char *live_other = "{\"__type\": \"com.amazonaws.dynamodb.v20120810#ValidationException\", \"message\": \"something else\"}";
  g_autofree char *same = compare (KS_OPERATION_QUERY, keyshape, live_same, NULL);
  g_autofree char *other = compare (KS_OPERATION_QUERY, keyshape, live_other, NULL);
  g_autofree char *answered = compare (KS_OPERATION_QUERY, keyshape, "{\"Items\": [], \"Count\": 0, \"ScannedCount\": 0}", NULL);
  g_autofree char *refused = compare (KS_OPERATION_QUERY, "{\"Items\": [], \"Count\": 0, \"ScannedCount\": 0}", live_same, NULL);

  g_assert_null (same);
  g_assert_nonnull (strstr (other, "something else"));
  g_assert_nonnull (strstr (answered, "Keyshape predicts ValidationException"));
  g_assert_nonnull (strstr (refused, "the endpoint refused the request"));
}

/* A run of the template against a scripted endpoint that answers the
 * first pattern like Keyshape and the second differently. */
static void
test_run (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates",
                                                 "ecommerce.keyshape.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = ks_io_load_path (path, NULL, &error);
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(KsLiveRun) run = ks_live_run_new (engine, NULL, "p-");
  g_autoptr(FakeDynamodb) fake = fake_dynamodb_new ();
  g_autoptr(KsCredentials) credentials = ks_credentials_new (FAKE_ACCESS_KEY, FAKE_SECRET, NULL, NULL, NULL);
  g_autoptr(KsDynamodbClient) client = ks_dynamodb_client_new (fake_dynamodb_get_url (fake), "us-east-1",
                                                               credentials, &error);
  const KsLiveCheck *first, *second, *third;
  g_autofree char *first_answer = NULL;

  g_assert_cmpuint (ks_live_run_get_n_checks (run), ==, 8);
  first = ks_live_run_get_check (run, 0);
  g_assert_cmpstr (first->pattern, ==, "Customer profile");
  g_assert_cmpint (first->operation, ==, KS_OPERATION_GET_ITEM);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first->request), "TableName"), ==,
                   "p-ShopOrders");
  g_assert_null (first->live);

  first_answer = json_to_string (first->expected, FALSE);
  fake_dynamodb_push (fake, 200, "application/x-amz-json-1.0", first_answer);
  fake_dynamodb_push (fake, 200, "application/x-amz-json-1.0", "{\"Items\": [], \"Count\": 0, \"ScannedCount\": 0}");
  fake_dynamodb_push (fake, 400, "application/x-amz-json-1.0",
                      "{\"__type\": \"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\", "
                      "\"message\": \"Requested resource not found\"}");
  /* the rest: the script's default 500s, retried, then recorded */
  ks_dynamodb_client_set_max_retries (client, 0);
  g_assert_true (ks_live_run_execute (run, client, NULL, &error));
  g_assert_no_error (error);

  first = ks_live_run_get_check (run, 0);
  second = ks_live_run_get_check (run, 1);
  third = ks_live_run_get_check (run, 2);
  g_assert_true (first->equal);
  g_assert_null (first->difference);
  g_assert_false (second->equal);
  g_assert_nonnull (strstr (second->difference, "Count: Keyshape 5, endpoint 0"));
  g_assert_false (third->equal);
  g_assert_nonnull (strstr (third->difference, "ResourceNotFoundException"));
  g_assert_nonnull (third->live);
  g_assert_cmpuint (ks_live_run_get_n_equal (run), ==, 1);
  g_assert_cmpuint (fake_dynamodb_get_n_requests (fake), ==, 8);
  g_assert_nonnull (strstr (fake_dynamodb_get_request (fake, 1)->body, "\"TableName\":\"p-ShopOrders\""));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/live-run/query-order", test_query_order);
  g_test_add_func ("/keyshape/live-run/counts", test_counts);
  g_test_add_func ("/keyshape/live-run/scan", test_scan);
  g_test_add_func ("/keyshape/live-run/values", test_values);
  g_test_add_func ("/keyshape/live-run/errors", test_errors);
  g_test_add_func ("/keyshape/live-run/run", test_run);
  return g_test_run ();
}
