/* test-deploy.c: deploy plans and runs against a scripted server on
 * loopback, and the one-call async API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ks-deploy.h"
#include "ks-error.h"
#include "ks-fake-dynamodb.h"
#include "ks-io.h"

#define JSON_TYPE "application/x-amz-json-1.0"
#define TABLE_ACTIVE "{\"Table\": {\"TableName\": \"t-ShopOrders\", \"TableStatus\": \"ACTIVE\"}}"
#define NOT_FOUND "ResourceNotFoundException", "Requested resource not found"

static KsEngine *
load_template (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates",
                                                 "ecommerce.keyshape.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = ks_io_load_path (path, NULL, &error);

  g_assert_no_error (error);
  return ks_engine_new (design);
}

static KsDynamodbClient *
make_client (FakeDynamodb *fake)
{
  g_autoptr(KsCredentials) credentials = ks_credentials_new (FAKE_ACCESS_KEY, FAKE_SECRET, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  KsDynamodbClient *client = ks_dynamodb_client_new (fake_dynamodb_get_url (fake), "us-east-1", credentials, &error);

  g_assert_no_error (error);
  ks_dynamodb_client_set_poll_interval (client, 5);
  return client;
}

static const char *
target (FakeDynamodb *fake,
        guint         n)
{
  return fake_dynamodb_get_request (fake, n)->target + strlen ("DynamoDB_20120810.");
}

static void
test_plan (void)
{
  g_autoptr(KsEngine) engine = load_template ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDeployPlan) plan = ks_deploy_plan_new (engine, "t-", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ks_deploy_plan_get_n_tables (plan), ==, 1);
  g_assert_cmpstr (ks_deploy_plan_get_table_name (plan, 0), ==, "t-ShopOrders");
  g_assert_cmpuint (ks_deploy_plan_get_n_items (plan, 0), ==, ks_design_count_items (ks_engine_get_design (engine)));
}

static KsDesign *
design_from (const char *text)
{
  g_autoptr(GError) error = NULL;
  KsDesign *design = ks_io_load_data (text, strlen (text), "test.keyshape.json", NULL, &error);

  g_assert_no_error (error);
  return design;
}

#define DESIGN_HEAD \
  "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"T\", \"tables\": [{\"name\": \"T\", " \
  "\"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"}, \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"}, " \
  "\"indexes\": []}], \"entities\": [{\"name\": \"User\", \"table\": \"T\", \"attributes\": " \
  "[{\"name\": \"id\", \"type\": \"S\"}], \"keys\": {\"PK\": \"USER#${id}\", \"SK\": \"PROFILE\"}, \"items\": "

/* What DynamoDB would refuse is refused before anything is sent. */
static void
test_plan_refuses (void)
{
  g_autoptr(KsDesign) duplicates = design_from (DESIGN_HEAD "[{\"id\": \"a\"}, {\"id\": \"a\"}]}]}");
  g_autoptr(KsDesign) missing = design_from (DESIGN_HEAD "[{\"id\": \"a\"}, {}]}]}");
  g_autoptr(KsEngine) e1 = ks_engine_new (duplicates);
  g_autoptr(KsEngine) e2 = ks_engine_new (missing);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDeployPlan) p1 = ks_deploy_plan_new (e1, NULL, &error);
  g_autoptr(KsDeployPlan) p2 = NULL;

  g_assert_null (p1);
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "same primary key USER#a / PROFILE"));
  g_clear_error (&error);

  p2 = ks_deploy_plan_new (e2, NULL, &error);
  g_assert_null (p2);
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "1 sample item would be refused"));
}

/* An existing table stops the deploy before anything changes. */
static void
test_refuses_existing (void)
{
  g_autoptr(FakeDynamodb) fake = fake_dynamodb_new ();
  g_autoptr(KsDynamodbClient) client = make_client (fake);
  g_autoptr(KsEngine) engine = load_template ();
  g_autoptr(KsDeployPlan) plan = ks_deploy_plan_new (engine, "t-", NULL);
  g_autoptr(GError) error = NULL;

  fake_dynamodb_push (fake, 200, JSON_TYPE, TABLE_ACTIVE);
  g_assert_false (ks_deploy_plan_run (plan, client, KS_DEPLOY_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "t-ShopOrders already exists"));
  g_assert_cmpuint (fake_dynamodb_get_n_requests (fake), ==, 1);
  g_assert_cmpstr (target (fake, 0), ==, "DescribeTable");
}

static void
record_step (const KsDeployProgress *progress,
             gpointer                user_data)
{
  GString *steps = user_data;
  static const char *names[] = { "check", "delete", "create", "load", "retry", "warn", "done" };

  if (progress->step == KS_DEPLOY_STEP_LOADING)
    g_string_append_printf (steps, "load %u/%u ", progress->done, progress->total);
  else
    g_string_append_printf (steps, "%s ", names[progress->step]);
}

static guint
count_put_requests (FakeDynamodb *fake)
{
  guint n = 0;

  for (guint i = 0; i < fake_dynamodb_get_n_requests (fake); i++)
    {
      const char *body = fake_dynamodb_get_request (fake, i)->body;

      for (const char *p = body; (p = strstr (p, "\"PutRequest\"")); p++)
        n++;
    }
  return n;
}

/* With REPLACE: delete, wait until gone, create, wait, load in 25s. */
static void
test_replace (void)
{
  g_autoptr(FakeDynamodb) fake = fake_dynamodb_new ();
  g_autoptr(KsDynamodbClient) client = make_client (fake);
  g_autoptr(KsEngine) engine = load_template ();
  g_autoptr(KsDeployPlan) plan = ks_deploy_plan_new (engine, "t-", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) steps = g_string_new (NULL);
  const char *expected[] = { "DescribeTable", "DeleteTable", "DescribeTable", "CreateTable", "DescribeTable",
                             "BatchWriteItem", "BatchWriteItem", "BatchWriteItem" };
  guint n_items = ks_deploy_plan_get_n_items (plan, 0);

  g_assert_cmpuint (n_items, ==, 66);
  fake_dynamodb_push (fake, 200, JSON_TYPE, TABLE_ACTIVE);
  fake_dynamodb_push (fake, 200, JSON_TYPE, "{\"TableDescription\": {\"TableStatus\": \"DELETING\"}}");
  fake_dynamodb_push_error (fake, 400, NOT_FOUND);
  fake_dynamodb_push (fake, 200, JSON_TYPE, "{\"TableDescription\": {\"TableStatus\": \"CREATING\"}}");
  fake_dynamodb_push (fake, 200, JSON_TYPE, TABLE_ACTIVE);
  for (guint i = 0; i < 3; i++)
    fake_dynamodb_push (fake, 200, JSON_TYPE, "{\"UnprocessedItems\": {}}");

  g_assert_true (ks_deploy_plan_run (plan, client, KS_DEPLOY_FLAGS_REPLACE, record_step, steps, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_dynamodb_get_n_requests (fake), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (target (fake, i), ==, expected[i]);
  g_assert_cmpstr (steps->str, ==, "check delete create load 0/66 load 25/66 load 50/66 load 66/66 done ");
  g_assert_cmpuint (count_put_requests (fake), ==, 66);

  /* the CreateTable request is the export's definition with the prefix */
  {
    const char *body = fake_dynamodb_get_request (fake, 3)->body;
    g_assert_nonnull (strstr (body, "\"TableName\":\"t-ShopOrders\""));
    g_assert_nonnull (strstr (body, "\"IndexName\":\"GSI3\""));
    g_assert_nonnull (strstr (body, "\"BillingMode\":\"PAY_PER_REQUEST\""));
    g_assert_nonnull (strstr (fake_dynamodb_get_request (fake, 5)->body, "\"RequestItems\":{\"t-ShopOrders\":"));
  }
  for (guint i = 0; i < fake_dynamodb_get_n_requests (fake); i++)
    g_assert_true (fake_dynamodb_get_request (fake, i)->signature_ok);
}

typedef struct
{
  GMainLoop *loop;
  GString   *steps;
  GThread   *main_thread;
  gboolean   destroyed;
  gboolean   ok;
  GError    *error;
} AsyncState;

static void
async_progress (const KsDeployProgress *progress,
                gpointer                user_data)
{
  AsyncState *state = user_data;

  /* in the caller's thread, never after the destroy notify */
  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_false (state->destroyed);
  record_step (progress, state->steps);
}

static void
async_destroy (gpointer user_data)
{
  AsyncState *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  state->destroyed = TRUE;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  g_assert_true (state->destroyed);
  state->ok = ks_deploy_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

/* The window's one call: progress in order in the caller's thread, the
 * destroy notify, then the callback. */
static void
test_async (void)
{
  g_autoptr(FakeDynamodb) fake = fake_dynamodb_new ();
  g_autoptr(KsEngine) engine = load_template ();
  g_autoptr(KsLiveSettings) settings = ks_live_settings_new (fake_dynamodb_get_url (fake), NULL, NULL, "t-");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncState state = { loop, g_string_new (NULL), g_thread_self (), FALSE, FALSE, NULL };

  fake_dynamodb_push_error (fake, 400, NOT_FOUND);
  fake_dynamodb_push (fake, 200, JSON_TYPE, "{\"TableDescription\": {\"TableStatus\": \"CREATING\"}}");
  fake_dynamodb_push (fake, 200, JSON_TYPE, TABLE_ACTIVE);
  for (guint i = 0; i < 3; i++)
    fake_dynamodb_push (fake, 200, JSON_TYPE, "{}");

  ks_deploy_async (engine, settings, KS_DEPLOY_FLAGS_NONE, async_progress, &state, async_destroy,
                   NULL, async_done, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpstr (state.steps->str, ==, "check create load 0/66 load 25/66 load 50/66 load 66/66 done ");
  g_assert_cmpuint (count_put_requests (fake), ==, 66);
  g_string_free (state.steps, TRUE);
}

static void
async_cancelled (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = ks_deploy_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static gboolean
cancel_now (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_async_cancel (void)
{
  g_autoptr(FakeDynamodb) fake = fake_dynamodb_new ();
  g_autoptr(KsEngine) engine = load_template ();
  g_autoptr(KsLiveSettings) settings = ks_live_settings_new (fake_dynamodb_get_url (fake), NULL, NULL, NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState state = { loop, NULL, g_thread_self (), FALSE, TRUE, NULL };

  /* the endpoint keeps failing with 500s: the deploy would retry for a
   * while, the cancel ends it */
  ks_deploy_async (engine, settings, KS_DEPLOY_FLAGS_NONE, NULL, NULL, NULL, cancellable, async_cancelled, &state);
  g_timeout_add (100, cancel_now, cancellable);
  g_main_loop_run (loop);
  g_assert_false (state.ok);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("keyshape-deploy-XXXXXX", &error);
  int status;

  /* the async API finds credentials itself: give it these, and no files */
  g_setenv ("HOME", home, TRUE);
  fake_dynamodb_set_environment ();

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/deploy/plan", test_plan);
  g_test_add_func ("/keyshape/deploy/plan-refuses", test_plan_refuses);
  g_test_add_func ("/keyshape/deploy/refuses-existing", test_refuses_existing);
  g_test_add_func ("/keyshape/deploy/replace", test_replace);
  g_test_add_func ("/keyshape/deploy/async", test_async);
  g_test_add_func ("/keyshape/deploy/async-cancel", test_async_cancel);
  status = g_test_run ();
  g_rmdir (home);
  return status;
}
