/* ks-fake-dynamodb.c: a scripted HTTP server on loopback for the live tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ks-fake-dynamodb.h"
#include "ks-sigv4.h"

typedef struct
{
  guint  status;
  char  *content_type;
  char  *body;
} Answer;

struct _FakeDynamodb
{
  GMutex        lock;
  GCond         ready_cond;
  gboolean      ready;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;
  GQueue        script;      /* Answer */
  Answer        fallback;
  GPtrArray    *requests;    /* FakeRequest */
};

static void
answer_free (Answer *answer)
{
  g_free (answer->content_type);
  g_free (answer->body);
  g_free (answer);
}

static void
request_free (FakeRequest *request)
{
  g_free (request->target);
  g_free (request->host);
  g_free (request->content_type);
  g_free (request->authorization);
  g_free (request->token);
  g_free (request->body);
  g_free (request);
}

/* Recomputes the signature from what arrived, as DynamoDB would. */
static gboolean
check_signature (SoupMessageHeaders *headers,
                 const char         *body,
                 gsize               length)
{
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *date = soup_message_headers_get_one (headers, "X-Amz-Date");
  const char *signed_start, *signed_end;
  g_autofree char *signed_list = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();
  g_autofree char *hash = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *scope_region = NULL;
  const char *credential, *region_start, *region_end;

  if (authorization == NULL || date == NULL)
    return FALSE;
  signed_start = strstr (authorization, "SignedHeaders=");
  credential = strstr (authorization, "Credential=");
  if (signed_start == NULL || credential == NULL)
    return FALSE;
  signed_start += strlen ("SignedHeaders=");
  signed_end = strchr (signed_start, ',');
  if (signed_end == NULL)
    return FALSE;
  signed_list = g_strndup (signed_start, signed_end - signed_start);
  /* Credential=KEY/DATE/REGION/dynamodb/aws4_request */
  region_start = strchr (strchr (credential, '/') + 1, '/') + 1;
  region_end = strchr (region_start, '/');
  scope_region = g_strndup (region_start, region_end - region_start);

  names = g_strsplit (signed_list, ";", -1);
  for (guint i = 0; names[i]; i++)
    {
      const char *value = soup_message_headers_get_one (headers, names[i]);
      if (value == NULL)
        return FALSE;
      g_ptr_array_add (pairs, names[i]);
      g_ptr_array_add (pairs, (gpointer) value);
    }
  g_ptr_array_add (pairs, NULL);
  hash = ks_sigv4_hex_sha256 (body, length);
  {
    KsSigv4Request request = { "POST", "/", NULL, (const char * const *) pairs->pdata, hash };
    expected = ks_sigv4_authorization (&request, FAKE_ACCESS_KEY, FAKE_SECRET, scope_region, "dynamodb", date);
  }
  return g_strcmp0 (expected, authorization) == 0;
}

static void
handle (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  FakeDynamodb *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  FakeRequest *request = g_new0 (FakeRequest, 1);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  Answer *answer;

  request->time = g_get_monotonic_time ();
  request->target = g_strdup (soup_message_headers_get_one (headers, "X-Amz-Target"));
  request->host = g_strdup (soup_message_headers_get_one (headers, "Host"));
  request->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->token = g_strdup (soup_message_headers_get_one (headers, "X-Amz-Security-Token"));
  request->body = g_strndup (data ? data : "", length);
  request->signature_ok = check_signature (headers, data ? data : "", length);

  g_mutex_lock (&fake->lock);
  g_ptr_array_add (fake->requests, request);
  answer = g_queue_pop_head (&fake->script);
  if (answer)
    {
      soup_server_message_set_status (msg, answer->status, NULL);
      soup_server_message_set_response (msg, answer->content_type, SOUP_MEMORY_COPY,
                                        answer->body, strlen (answer->body));
      answer_free (answer);
    }
  else
    {
      soup_server_message_set_status (msg, fake->fallback.status, NULL);
      soup_server_message_set_response (msg, "application/x-amz-json-1.0", SOUP_MEMORY_COPY,
                                        fake->fallback.body, strlen (fake->fallback.body));
    }
  g_mutex_unlock (&fake->lock);
}

static gpointer
server_thread (gpointer data)
{
  FakeDynamodb *fake = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (fake->context);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, handle, fake, NULL);
  if (!soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("cannot listen on loopback: %s", error->message);
  uris = soup_server_get_uris (fake->server);
  fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&fake->lock);
  fake->ready = TRUE;
  g_cond_signal (&fake->ready_cond);
  g_mutex_unlock (&fake->lock);

  g_main_loop_run (fake->loop);
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_main_context_pop_thread_default (fake->context);
  return NULL;
}

void
fake_dynamodb_set_environment (void)
{
  g_setenv ("AWS_ACCESS_KEY_ID", FAKE_ACCESS_KEY, TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", FAKE_SECRET, TRUE);
  g_unsetenv ("AWS_SESSION_TOKEN");
  g_unsetenv ("AWS_PROFILE");
  g_unsetenv ("AWS_REGION");
  g_unsetenv ("AWS_DEFAULT_REGION");
}

FakeDynamodb *
fake_dynamodb_new (void)
{
  FakeDynamodb *fake = g_new0 (FakeDynamodb, 1);

  g_mutex_init (&fake->lock);
  g_cond_init (&fake->ready_cond);
  g_queue_init (&fake->script);
  fake->fallback.status = 500;
  fake->fallback.body = g_strdup ("{\"__type\": \"com.amazonaws.dynamodb.v20120810#InternalServerError\", "
                                  "\"message\": \"the test script ran out of answers\"}");
  fake->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  fake->context = g_main_context_new ();
  fake->loop = g_main_loop_new (fake->context, FALSE);
  fake->thread = g_thread_new ("fake-dynamodb", server_thread, fake);
  g_mutex_lock (&fake->lock);
  while (!fake->ready)
    g_cond_wait (&fake->ready_cond, &fake->lock);
  g_mutex_unlock (&fake->lock);
  return fake;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
fake_dynamodb_free (FakeDynamodb *fake)
{
  if (fake == NULL)
    return;
  g_main_context_invoke (fake->context, quit_loop, fake->loop);
  g_thread_join (fake->thread);
  g_main_loop_unref (fake->loop);
  g_main_context_unref (fake->context);
  g_queue_clear_full (&fake->script, (GDestroyNotify) answer_free);
  g_free (fake->fallback.body);
  g_ptr_array_unref (fake->requests);
  g_free (fake->url);
  g_mutex_clear (&fake->lock);
  g_cond_clear (&fake->ready_cond);
  g_free (fake);
}

const char *
fake_dynamodb_get_url (FakeDynamodb *fake)
{
  return fake->url;
}

void
fake_dynamodb_push (FakeDynamodb *fake,
                    guint         status,
                    const char   *content_type,
                    const char   *body)
{
  Answer *answer = g_new0 (Answer, 1);

  answer->status = status;
  answer->content_type = g_strdup (content_type);
  answer->body = g_strdup (body);
  g_mutex_lock (&fake->lock);
  g_queue_push_tail (&fake->script, answer);
  g_mutex_unlock (&fake->lock);
}

void
fake_dynamodb_push_error (FakeDynamodb *fake,
                          guint         status,
                          const char   *type,
                          const char   *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *full_type = g_strconcat ("com.amazonaws.dynamodb.v20120810#", type, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "__type");
  json_builder_add_string_value (b, full_type);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  body = json_to_string (root, FALSE);
  fake_dynamodb_push (fake, status, "application/x-amz-json-1.0", body);
}

void
fake_dynamodb_set_default (FakeDynamodb *fake,
                           guint         status,
                           const char   *body)
{
  g_mutex_lock (&fake->lock);
  fake->fallback.status = status;
  g_free (fake->fallback.body);
  fake->fallback.body = g_strdup (body);
  g_mutex_unlock (&fake->lock);
}

guint
fake_dynamodb_get_n_requests (FakeDynamodb *fake)
{
  guint n;

  g_mutex_lock (&fake->lock);
  n = fake->requests->len;
  g_mutex_unlock (&fake->lock);
  return n;
}

const FakeRequest *
fake_dynamodb_get_request (FakeDynamodb *fake,
                           guint         n)
{
  const FakeRequest *request;

  g_mutex_lock (&fake->lock);
  g_assert_cmpuint (n, <, fake->requests->len);
  request = g_ptr_array_index (fake->requests, n);
  g_mutex_unlock (&fake->lock);
  return request;
}
