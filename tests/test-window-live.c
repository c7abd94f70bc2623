/* test-window-live.c: Deploy… and Run Against Endpoint in the window,
 * against a scripted DynamoDB on loopback (ks-fake-dynamodb.c), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ks-deploy-dialog.h"
#include "ks-fake-dynamodb.h"
#include "ks-live-run.h"
#include "ks-pattern-editor.h"
#include "ks-sidebar.h"
#include "ks-window.h"

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

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* With KS_TEST_SCREENSHOTS=DIR, what the test sees is saved as DIR/NAME.png
 * (for looking at the dialogs; the test does not depend on it). */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("KS_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  int width, height;

  if (dir == NULL)
    return;
  for (int i = 0; i < 20; i++)
    {
      drain ();
      g_usleep (10000);
    }
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_until (Condition condition,
            gpointer  data,
            double    seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      drain ();
      g_usleep (10000);
    }
  return TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "window-shop.keyshape.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(KsLiveSettings) settings = NULL;

  f->fake = fake_dynamodb_new ();
  settings = ks_live_settings_new (fake_dynamodb_get_url (f->fake), NULL, NULL, "t-");
  f->window = g_object_ref_sink (ks_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (ks_window_load_file (f->window, file));
  ks_window_set_live_settings (f->window, settings);
  drain ();
  f->document = ks_window_get_document (f->window);
  f->design = ks_document_get_design (f->document);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  drain ();
  g_clear_pointer (&f->fake, fake_dynamodb_free);
}

static gboolean
deploy_finished (gpointer dialog)
{
  return !ks_deploy_dialog_is_running (dialog);
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
  g_assert_true (wait_until (deploy_finished, dialog, 60));

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
  drain ();
}

static void
test_deploy_refused (Fixture       *f,
                     gconstpointer  data)
{
  KsDeployDialog *dialog = KS_DEPLOY_DIALOG (ks_window_show_deploy (f->window));

  /* the table exists and Replace is off: nothing is changed */
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, TABLE_ACTIVE);
  g_assert_true (ks_deploy_dialog_deploy (dialog));
  g_assert_true (wait_until (deploy_finished, dialog, 60));
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
  g_assert_true (wait_until (deploy_finished, dialog, 60));
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
  drain ();
  ks_deploy_dialog_cancel (dialog);
  g_assert_true (wait_until (deploy_finished, dialog, 60));
  g_assert_nonnull (strstr (ks_deploy_dialog_get_status (dialog), "Cancelled"));

  /* a new connection entered is kept for Run Against Endpoint */
  gtk_window_close (GTK_WINDOW (dialog));
  drain ();
  g_assert_cmpstr (ks_window_get_live_settings (f->window)->endpoint, ==, fake_dynamodb_get_url (f->fake));
}

typedef struct
{
  KsPatternEditor *editor;
  const char      *word;
} LiveWait;

static gboolean
live_says (gpointer data)
{
  LiveWait *wait = data;
  const char *text = ks_pattern_editor_get_live_text (wait->editor);

  return text != NULL && strstr (text, wait->word) != NULL;
}

static void
test_run_against_endpoint (Fixture       *f,
                           gconstpointer  data)
{
  KsPattern *pattern = ks_design_find_pattern (f->design, "Customer profile");
  KsPatternEditor *editor = KS_PATTERN_EDITOR (ks_window_get_pattern_editor (f->window));
  g_autoptr(KsLiveRun) run = ks_live_run_new (ks_document_get_engine (f->document), "Customer profile", "t-");
  g_autofree char *expected = NULL;
  LiveWait wait;

  g_assert_cmpuint (ks_live_run_get_n_checks (run), ==, 1);
  expected = json_to_string (ks_live_run_get_check (run, 0)->expected, FALSE);

  ks_sidebar_select (KS_SIDEBAR (ks_window_get_sidebar (f->window)), pattern);
  drain ();
  g_assert_true (ks_pattern_editor_get_pattern (editor) == pattern);
  g_assert_null (ks_pattern_editor_get_live_text (editor));

  /* the endpoint answers as Keyshape does */
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, expected);
  ks_pattern_editor_set_run_live (editor, TRUE);
  wait.editor = editor;
  wait.word = "agrees";
  g_assert_true (wait_until (live_says, &wait, 60));
  screenshot (GTK_WIDGET (f->window), "live-agrees");
  g_assert_cmpuint (fake_dynamodb_get_n_requests (f->fake), ==, 1);
  g_assert_cmpstr (target (f, 0), ==, "GetItem");
  g_assert_nonnull (strstr (fake_dynamodb_get_request (f->fake, 0)->body, "t-ShopOrders"));

  /* an edit runs it again; now the endpoint has no such item */
  fake_dynamodb_push (f->fake, 200, JSON_TYPE, "{}");
  ks_document_set (f->document, pattern, "description", "Edited", NULL);
  wait.word = "differs";
  g_assert_true (wait_until (live_says, &wait, 60));
  screenshot (GTK_WIDGET (f->window), "live-differs");
  g_assert_cmpuint (fake_dynamodb_get_n_requests (f->fake), ==, 2);

  /* an endpoint that cannot be used says so */
  fake_dynamodb_push_error (f->fake, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
  ks_pattern_editor_set_run_live (editor, FALSE);
  g_assert_null (ks_pattern_editor_get_live_text (editor));
  ks_pattern_editor_set_run_live (editor, TRUE);
  wait.word = "security token";
  g_assert_true (wait_until (live_says, &wait, 60));
  g_assert_null (strstr (ks_pattern_editor_get_live_text (editor), FAKE_SECRET));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("keyshape-window-live-XXXXXX", NULL);
  g_autofree char *state = g_build_filename (home, "state", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  int status;

  /* no ~/.aws of the machine: the fake's keys from the environment */
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", FAKE_SECRET, TRUE);
  g_unsetenv ("AWS_SESSION_TOKEN");
  g_unsetenv ("AWS_PROFILE");
  g_unsetenv ("AWS_REGION");
  g_unsetenv ("AWS_DEFAULT_REGION");
  g_test_init (&argc, &argv, NULL);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return 77;
    }
  adw_init ();

  g_test_add ("/keyshape/window-live/deploy", Fixture, NULL, fixture_setup, test_deploy, fixture_teardown);
  g_test_add ("/keyshape/window-live/deploy-refused", Fixture, NULL, fixture_setup, test_deploy_refused,
              fixture_teardown);
  g_test_add ("/keyshape/window-live/deploy-cancel", Fixture, NULL, fixture_setup, test_deploy_cancel,
              fixture_teardown);
  g_test_add ("/keyshape/window-live/run-against-endpoint", Fixture, NULL, fixture_setup,
              test_run_against_endpoint, fixture_teardown);
  status = g_test_run ();
  remove_tree (home);
  return status;
}
