/* test-window-live.c: Deploy… and Run Against Endpoint in the window,
 * against a scripted DynamoDB on loopback (ks-fake-dynamodb.c), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ks-deploy-dialog.h"
#include "ks-fake-dynamodb.h"
#include "ks-live-run.h"
#include "ks-pattern-editor.h"
#include "ks-sidebar.h"
#include "ks-window-fixture.h"

#define JSON_TYPE    "application/x-amz-json-1.0"
#define TABLE_ACTIVE "{\"Table\": {\"TableName\": \"t-ShopOrders\", \"TableStatus\": \"ACTIVE\"}}"
#define NOT_FOUND    "ResourceNotFoundException", "Requested resource not found"

typedef struct
{
  KsWindow     *window;
  KsDocument   *document;
  KsDesign     *design;
  FakeDynamodb *fake;
} Fixture;

/* With KS_TEST_SCREENSHOTS=DIR, what the test sees is saved as DIR/NAME.png
 * (for looking at the dialogs; the test does not depend on it). */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("KS_TEST_SCREENSHOTS");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;
  ks_test_drain_frames (40);
  texture = ks_test_render_widget (widget);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, KS_TEST_DESIGN, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KsLiveSettings) settings = NULL;

  f->fake = fake_dynamodb_new ();
  settings = ks_live_settings_new (fake_dynamodb_get_url (f->fake), NULL, NULL, "t-");
  f->window = ks_test_window_new (file);
  ks_window_set_live_settings (f->window, settings);
  ks_test_drain ();
  f->document = ks_window_get_document (f->window);
  f->design = ks_document_get_design (f->document);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  ks_test_drain ();
  g_clear_pointer (&f->fake, fake_dynamodb_free);
}

static const char *
target (Fixture *f,
        guint    n)
{
  return fake_dynamodb_get_request (f->fake, n)->target + strlen ("DynamoDB_20120810.");
}

static void
test_deploy (Fixture       *f,
             gconstpointer  data)
{
  KsDeployDialog *dialog = KS_DEPLOY_DIALOG (ks_window_show_deploy (f->window));
  const char *expected[] = { "DescribeTable", "CreateTable", "DescribeTable",
                             "BatchWriteItem", "BatchWriteItem", "BatchWriteItem" };
  g_autoptr(KsLiveSettings) settings = ks_deploy_dialog_get_settings (dialog);

  /* opened on the window's connection, with the plan */
  g_assert_cmpstr (settings->endpoint, ==, fake_dynamodb_get_url (f->fake));
  g_assert_cmpstr (settings->table_prefix, ==, "t-");
  g_assert_nonnull (strstr (ks_deploy_dialog_get_plan (dialog), "t-ShopOrders"));
  g_assert_nonnull (strstr (ks_deploy_dialog_get_plan (dialog), "66 items"));

  fake_dynamodb_push_error (f->fake, 400, NOT_FOUND);
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, "{\"TableDescription\": {\"TableStatus\": \"CREATING\"}}");
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, TABLE_ACTIVE);
  for (guint i = 0; i < 3; i++)
    fake_dynamodb_push (f->fake, 200, JSON_TYPE, "{}");
  g_assert_true (ks_deploy_dialog_deploy (dialog));
  g_assert_true (ks_deploy_dialog_is_running (dialog));
  /* once is enough */
  g_assert_false (ks_deploy_dialog_deploy (dialog));
  KS_TEST_WAIT_UNTIL (!ks_deploy_dialog_is_running (dialog), 60);

  g_assert_nonnull (strstr (ks_deploy_dialog_get_status (dialog), "Deployed"));
  g_assert_cmpfloat (ks_deploy_dialog_get_fraction (dialog), ==, 1.0);
  g_assert_cmpuint (fake_dynamodb_get_n_requests (f->fake), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpstr (target (f, i), ==, expected[i]);
      g_assert_true (fake_dynamodb_get_request (f->fake, i)->signature_ok);
    }
  g_assert_null (strstr (ks_deploy_dialog_get_status (dialog), FAKE_SECRET));
  screenshot (GTK_WIDGET (dialog), "deploy-done");
  gtk_window_close (GTK_WINDOW (dialog));
  ks_test_drain ();
}

static void
test_deploy_refused (Fixture       *f,
                     gconstpointer  data)
{
  KsDeployDialog *dialog = KS_DEPLOY_DIALOG (ks_window_show_deploy (f->window));

  /* the table exists and Replace is off: nothing is changed */
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, TABLE_ACTIVE);
  g_assert_true (ks_deploy_dialog_deploy (dialog));
  KS_TEST_WAIT_UNTIL (!ks_deploy_dialog_is_running (dialog), 60);
  g_assert_nonnull (strstr (ks_deploy_dialog_get_status (dialog), "t-ShopOrders already exists"));
  g_assert_cmpuint (fake_dynamodb_get_n_requests (f->fake), ==, 1);

  /* with Replace: the table is deleted and made again */
  ks_deploy_dialog_set_replace (dialog, TRUE);
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, TABLE_ACTIVE);
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, "{\"TableDescription\": {\"TableStatus\": \"DELETING\"}}");
  fake_dynamodb_push_error (f->fake, 400, NOT_FOUND);
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, "{\"TableDescription\": {\"TableStatus\": \"CREATING\"}}");
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, TABLE_ACTIVE);
  for (guint i = 0; i < 3; i++)
    fake_dynamodb_push (f->fake, 200, JSON_TYPE, "{}");
  g_assert_true (ks_deploy_dialog_deploy (dialog));
  KS_TEST_WAIT_UNTIL (!ks_deploy_dialog_is_running (dialog), 60);
  g_assert_nonnull (strstr (ks_deploy_dialog_get_status (dialog), "Deployed"));
  g_assert_cmpstr (target (f, 2), ==, "DeleteTable");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_deploy_cancel (Fixture       *f,
                    gconstpointer  data)
{
  KsDeployDialog *dialog = KS_DEPLOY_DIALOG (ks_window_show_deploy (f->window));

  /* an endpoint that keeps failing: the deploy retries until cancelled */
  fake_dynamodb_set_default (f->fake, 500, "{\"__type\": \"InternalServerError\", \"message\": \"down\"}");
  g_assert_true (ks_deploy_dialog_deploy (dialog));
  ks_test_drain ();
  ks_deploy_dialog_cancel (dialog);
  KS_TEST_WAIT_UNTIL (!ks_deploy_dialog_is_running (dialog), 60);
  g_assert_nonnull (strstr (ks_deploy_dialog_get_status (dialog), "Cancelled"));

  /* a new connection entered is kept for Run Against Endpoint */
  gtk_window_close (GTK_WINDOW (dialog));
  ks_test_drain ();
  g_assert_cmpstr (ks_window_get_live_settings (f->window)->endpoint, ==, fake_dynamodb_get_url (f->fake));
}

static gboolean
live_says (KsPatternEditor *editor,
           const char      *word)
{
  const char *text = ks_pattern_editor_get_live_text (editor);

  return text != NULL && strstr (text, word) != NULL;
}

static void
test_run_against_endpoint (Fixture       *f,
                           gconstpointer  data)
{
  KsPattern *pattern = ks_design_find_pattern (f->design, "Customer profile");
  KsPatternEditor *editor = KS_PATTERN_EDITOR (ks_window_get_pattern_editor (f->window));
  g_autoptr(KsLiveRun) run = ks_live_run_new (ks_document_get_engine (f->document), "Customer profile", "t-");
  g_autofree char *expected = NULL;

  g_assert_cmpuint (ks_live_run_get_n_checks (run), ==, 1);
  expected = json_to_string (ks_live_run_get_check (run, 0)->expected, FALSE);

  ks_sidebar_select (KS_SIDEBAR (ks_window_get_sidebar (f->window)), pattern);
  ks_test_drain ();
  g_assert_true (ks_pattern_editor_get_pattern (editor) == pattern);
  g_assert_null (ks_pattern_editor_get_live_text (editor));

  /* the endpoint answers as Keyshape does */
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, expected);
  ks_pattern_editor_set_run_live (editor, TRUE);
  KS_TEST_WAIT_UNTIL (live_says (editor, "agrees"), 60);
  screenshot (GTK_WIDGET (f->window), "live-agrees");
  g_assert_cmpuint (fake_dynamodb_get_n_requests (f->fake), ==, 1);
  g_assert_cmpstr (target (f, 0), ==, "GetItem");
  g_assert_nonnull (strstr (fake_dynamodb_get_request (f->fake, 0)->body, "t-ShopOrders"));

  /* an edit runs it again; now the endpoint has no such item */
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, "{}");
  ks_document_set (f->document, pattern, "description", "Edited", NULL);
  KS_TEST_WAIT_UNTIL (live_says (editor, "differs"), 60);
  screenshot (GTK_WIDGET (f->window), "live-differs");
  g_assert_cmpuint (fake_dynamodb_get_n_requests (f->fake), ==, 2);

  /* an endpoint that cannot be used says so */
  fake_dynamodb_push_error (f->fake, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
  ks_pattern_editor_set_run_live (editor, FALSE);
  g_assert_null (ks_pattern_editor_get_live_text (editor));
  ks_pattern_editor_set_run_live (editor, TRUE);
  KS_TEST_WAIT_UNTIL (live_says (editor, "security token"), 60);
  g_assert_null (strstr (ks_pattern_editor_get_live_text (editor), FAKE_SECRET));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;

  /* the fake's keys; no ~/.aws of the machine (a temporary HOME) */
  fake_dynamodb_set_environment ();
  home = ks_test_init (&argc, &argv, "window-live", KS_TEST_INIT_HOME);
  if (home == NULL)
    return 77;

  g_test_add ("/keyshape/window-live/deploy", Fixture, NULL, fixture_setup, test_deploy, fixture_teardown);
  g_test_add ("/keyshape/window-live/deploy-refused", Fixture, NULL, fixture_setup, test_deploy_refused,
              fixture_teardown);
  g_test_add ("/keyshape/window-live/deploy-cancel", Fixture, NULL, fixture_setup, test_deploy_cancel,
              fixture_teardown);
  g_test_add ("/keyshape/window-live/run-against-endpoint", Fixture, NULL, fixture_setup,
              test_run_against_endpoint, fixture_teardown);
  return ks_test_run (home);
}
