/* ks-dynamodb-client.c: a small DynamoDB client over HTTPS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DynamoDB's JSON 1.0 protocol: every operation is a POST of a JSON object
 * to the endpoint's root, named by `X-Amz-Target: DynamoDB_20120810.<Op>`,
 * signed with Signature Version 4 (service "dynamodb"). Errors come back
 * as HTTP 4xx/5xx with {"__type": "com.amazonaws…#<Name>", "message": …}.
 *
 * Retries follow AWS's advice: throttling, 5xx and dropped connections are
 * sent again after a delay drawn uniformly from [0, min (cap, base × 2^n)]
 * ("full jitter"), a bounded number of times. Nothing here writes a key, a
 * secret, a token or an Authorization header anywhere: error messages are
 * built from the endpoint, the operation, the table and DynamoDB's answer,
 * and an answer that echoes a credential is redacted.
 */
#define G_LOG_DOMAIN "keyshape-live"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "ks-dynamodb-client-private.h"
#include "ks-sigv4.h"

#define TARGET_PREFIX     "DynamoDB_20120810."
#define CONTENT_TYPE      "application/x-amz-json-1.0"
#define EXCERPT_LENGTH    160

struct _KsDynamodbClient
{
  GObject        parent_instance;

  char          *endpoint;
  GUri          *uri;
  char          *host_header;
  char          *region;
  KsCredentials *credentials;
  SoupSession   *session;

  guint          max_retries;
  guint          base_delay_ms;
  guint          max_delay_ms;
  guint          poll_interval_ms;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_REGION,
  PROP_CREDENTIALS,
  PROP_MAX_RETRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RETRYING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsDynamodbClient, ks_dynamodb_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (ks-dynamodb-error-quark, ks_dynamodb_error)

/* Helpers ---------------------------------------------------------------- */

static const char *
short_type (const char *type)
{
  const char *hash = type ? strrchr (type, '#') : NULL;

  return hash ? hash + 1 : type;
}

static gboolean
is_throttling (const char *type)
{
  return g_strcmp0 (type, "ProvisionedThroughputExceededException") == 0 ||
         g_strcmp0 (type, "ThrottlingException") == 0 ||
         g_strcmp0 (type, "RequestLimitExceeded") == 0;
}

static KsDynamodbError
error_code_for_type (const char *type)
{
  static const char *denied[] = {
    "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
    "MissingAuthenticationTokenException", "IncompleteSignatureException",
    "ExpiredTokenException", "InvalidClientTokenId", "MissingAuthenticationToken",
    NULL
  };

  if (g_strcmp0 (type, "ValidationException") == 0 || g_strcmp0 (type, "SerializationException") == 0)
    return KS_DYNAMODB_ERROR_VALIDATION;
  if (g_strcmp0 (type, "ResourceNotFoundException") == 0)
    return KS_DYNAMODB_ERROR_RESOURCE_NOT_FOUND;
  if (g_strcmp0 (type, "ResourceInUseException") == 0)
    return KS_DYNAMODB_ERROR_RESOURCE_IN_USE;
  if (g_strcmp0 (type, "UnknownOperationException") == 0)
    return KS_DYNAMODB_ERROR_UNSUPPORTED;
  if (is_throttling (type))
    return KS_DYNAMODB_ERROR_THROTTLED;
  if (type && g_strv_contains (denied, type))
    return KS_DYNAMODB_ERROR_ACCESS_DENIED;
  return KS_DYNAMODB_ERROR_FAILED;
}

/* Replaces every occurrence of @secret in @text. */
static void
redact (GString    *text,
        const char *secret)
{
  if (secret && strlen (secret) >= 4)
    g_string_replace (text, secret, "[redacted]", 0);
}

/* A short, printable, credential-free excerpt of an answer body. */
static char *
body_excerpt (KsDynamodbClient *self,
              GBytes           *body)
{
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;
  g_autofree char *valid = NULL;
  GString *out;

  if (length == 0)
    return g_strdup ("an empty body");
  valid = g_utf8_make_valid (data, MIN (length, 4096));
  out = g_string_new (NULL);
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0xFFFD)
        {
          if (out->len == 0 || out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_unichar (out, c);
    }
  redact (out, ks_credentials_get_secret_access_key (self->credentials));
  redact (out, ks_credentials_get_session_token (self->credentials));
  redact (out, ks_credentials_get_access_key_id (self->credentials));
  g_strstrip (out->str);
  g_string_set_size (out, strlen (out->str));
  if (g_utf8_strlen (out->str, -1) > EXCERPT_LENGTH)
    {
      const char *cut = g_utf8_offset_to_pointer (out->str, EXCERPT_LENGTH);
      g_string_truncate (out, cut - out->str);
      g_string_append (out, "…");
    }
  return g_strdup_printf ("“%s”", out->str);
}

const char *
_ks_dynamodb_client_request_table (JsonNode *request)
{
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (request) ? json_node_get_object (request) : NULL;
  JsonNode *name = obj ? json_object_get_member (obj, "TableName") : NULL;

  if (name && JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
    return json_node_get_string (name);
  /* BatchWriteItem names its table as the key of RequestItems */
  if (obj && json_object_has_member (obj, "RequestItems") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "RequestItems")))
    {
      JsonObject *items = json_object_get_object_member (obj, "RequestItems");
      g_autoptr(GList) names = json_object_get_members (items);
      if (names)
        return names->data;
    }
  return NULL;
}

/* "http://127.0.0.1:8000: Query ShopOrders" */
static char *
place (KsDynamodbClient *self,
       const char       *operation,
       const char       *table)
{
  return g_strdup_printf ("%s: %s%s%s", self->endpoint, operation, table ? " " : "", table ? table : "");
}

gboolean
_ks_dynamodb_client_sleep (guint          ms,
                           GCancellable  *cancellable,
                           GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();
      GPollFD pfd;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (left <= 0)
        return TRUE;
      if (cancellable && g_cancellable_make_pollfd (cancellable, &pfd))
        {
          g_poll (&pfd, 1, (gint) ((left + 999) / 1000));
          g_cancellable_release_fd (cancellable);
        }
      else
        g_usleep (MIN (left, 50000));
    }
}

/* One HTTP exchange. Returns the answer object, or NULL with @error set
 * and *@retryable saying whether sending it again may help. */
static JsonNode *
attempt (KsDynamodbClient  *self,
         const char        *operation,
         const char        *table,
         GBytes            *body,
         JsonNode         **error_body,
         gboolean          *retryable,
         GCancellable      *cancellable,
         GError           **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *amz_date = ks_sigv4_format_date (now);
  g_autofree char *target = g_strconcat (TARGET_PREFIX, operation, NULL);
  g_autofree char *payload_hash = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *where = place (self, operation, table);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *token = ks_credentials_get_session_token (self->credentials);
  const char *headers[13];
  const char *type = NULL, *message = NULL;
  SoupMessageHeaders *request_headers;
  gsize body_length, answer_length = 0;
  const char *body_data = g_bytes_get_data (body, &body_length);
  const char *answer_data;
  gboolean parsed;
  JsonObject *root_object = NULL;
  guint status, n = 0;

  *retryable = FALSE;
  payload_hash = ks_sigv4_hex_sha256 (body_data, body_length);
  headers[n++] = "Content-Type";
  headers[n++] = CONTENT_TYPE;
  headers[n++] = "Host";
  headers[n++] = self->host_header;
  headers[n++] = "X-Amz-Date";
  headers[n++] = amz_date;
  headers[n++] = "X-Amz-Target";
  headers[n++] = target;
  if (token)
    {
      headers[n++] = "X-Amz-Security-Token";
      headers[n++] = token;
    }
  headers[n] = NULL;
  {
    KsSigv4Request request = {
      .method = "POST",
      .path = g_uri_get_path (self->uri),
      .query = NULL,
      .headers = headers,
      .payload_hash = payload_hash,
    };
    authorization = ks_sigv4_authorization (&request,
                                            ks_credentials_get_access_key_id (self->credentials),
                                            ks_credentials_get_secret_access_key (self->credentials),
                                            self->region, "dynamodb", amz_date);
  }

  msg = soup_message_new_from_uri (SOUP_METHOD_POST, self->uri);
  request_headers = soup_message_get_request_headers (msg);
  for (guint i = 2; i < n; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  soup_message_headers_replace (request_headers, "Authorization", authorization);
  soup_message_set_request_body_from_bytes (msg, CONTENT_TYPE, body);

  answer = soup_session_send_and_read (self->session, msg, cancellable, &local);
  if (answer == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      /* a connection dropped or timed out may work again; a refused one or
       * an unknown host will not */
      *retryable = g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
                   g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
                   g_error_matches (local, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
                   g_error_matches (local, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
      g_set_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_NETWORK, "%s: %s", where, local->message);
      return NULL;
    }

  status = soup_message_get_status (msg);
  answer_data = g_bytes_get_data (answer, &answer_length);
  parsed = answer_length > 0 &&
           json_parser_load_from_data (parser, answer_data, answer_length, NULL) &&
           json_parser_get_root (parser) != NULL &&
           JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser));
  if (parsed)
    root_object = json_node_get_object (json_parser_get_root (parser));

  if (status >= 200 && status < 300)
    {
      if (!parsed)
        {
          g_autofree char *excerpt = body_excerpt (self, answer);
          g_set_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_PROTOCOL,
                       "%s: the answer (HTTP %u) is not a DynamoDB JSON object: %s", where, status, excerpt);
          return NULL;
        }
      return json_node_ref (json_parser_get_root (parser));
    }

  if (root_object)
    {
      JsonNode *t = json_object_get_member (root_object, "__type");
      JsonNode *m = json_object_get_member (root_object, "message");

      if (m == NULL)
        m = json_object_get_member (root_object, "Message");
      if (t && JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING)
        type = short_type (json_node_get_string (t));
      if (m && JSON_NODE_HOLDS_VALUE (m) && json_node_get_value_type (m) == G_TYPE_STRING)
        message = json_node_get_string (m);
    }

  if (status >= 500)
    {
      g_autofree char *detail = type ? g_strdup_printf ("%s%s%s", type, message ? ": " : "", message ? message : "")
                                     : body_excerpt (self, answer);
      *retryable = TRUE;
      g_set_error (error, KS_DYNAMODB_ERROR, KS_DYNAMODB_ERROR_SERVER, "%s: HTTP %u %s: %s", where, status,
                   soup_status_get_phrase (status) ? soup_status_get_phrase (status) : "", detail);
    }
  else if (type == NULL)
    {
      g_autofree char *excerpt = body_excerpt (self, answer);
      g_set_error (error, KS_DYNAMODB_ERROR,
                   status == 401 || status == 403 ? KS_DYNAMODB_ERROR_ACCESS_DENIED : KS_DYNAMODB_ERROR_PROTOCOL,
                   "%s: HTTP %u %s without a DynamoDB error (is this a DynamoDB endpoint?): %s", where, status,
                   soup_status_get_phrase (status) ? soup_status_get_phrase (status) : "", excerpt);
    }
  else
    {
      GString *text = g_string_new (message ? message : "(no message)");

      /* a service may quote the request back; never let a key through */
      redact (text, ks_credentials_get_secret_access_key (self->credentials));
      redact (text, ks_credentials_get_session_token (self->credentials));
      redact (text, ks_credentials_get_access_key_id (self->credentials));
      *retryable = is_throttling (type);
      g_set_error (error, KS_DYNAMODB_ERROR, error_code_for_type (type), "%s: %s: %s", where, type, text->str);
      g_string_free (text, TRUE);
    }
  if (error_body && root_object && type)
    *error_body = json_node_ref (json_parser_get_root (parser));
  return NULL;
}

/* GObject ----------------------------------------------------------------- */

static void
ks_dynamodb_client_finalize (GObject *object)
{
  KsDynamodbClient *self = KS_DYNAMODB_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->credentials, ks_credentials_unref);
  g_free (self->endpoint);
  g_free (self->host_header);
  g_free (self->region);

  G_OBJECT_CLASS (ks_dynamodb_client_parent_class)->finalize (object);
}

static void
ks_dynamodb_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KsDynamodbClient *self = KS_DYNAMODB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_CREDENTIALS:
      g_value_set_boxed (value, self->credentials);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_dynamodb_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KsDynamodbClient *self = KS_DYNAMODB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_string (value);
      break;
    case PROP_REGION:
      self->region = g_value_dup_string (value);
      break;
    case PROP_CREDENTIALS:
      self->credentials = g_value_dup_boxed (value);
      break;
    case PROP_MAX_RETRIES:
      ks_dynamodb_client_set_max_retries (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_dynamodb_client_class_init (KsDynamodbClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ks_dynamodb_client_finalize;
  object_class->get_property = ks_dynamodb_client_get_property;
  object_class->set_property = ks_dynamodb_client_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDENTIALS] =
    g_param_spec_boxed ("credentials", NULL, NULL, KS_TYPE_CREDENTIALS,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 100, 8,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KsDynamodbClient::retrying:
   * @operation: the operation, "BatchWriteItem"
   * @retry: 1 for the first retry
   * @delay_ms: how long the client waits before it
   * @reason: the error that is retried (no credentials in it)
   *
   * Emitted, in the thread that sends, before each retry.
   */
  signals[RETRYING] =
    g_signal_new ("retrying", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
}

static void
ks_dynamodb_client_init (KsDynamodbClient *self)
{
  self->max_retries = 8;
  self->base_delay_ms = 50;
  self->max_delay_ms = 5000;
  self->poll_interval_ms = 1000;
  self->session = soup_session_new_with_options ("user-agent", "keyshape/" PACKAGE_VERSION,
                                                 "timeout", 60,
                                                 "idle-timeout", 60,
                                                 NULL);
}

/* Public API -------------------------------------------------------------- */

KsDynamodbClient *
ks_dynamodb_client_new (const char     *endpoint,
                        const char     *region,
                        KsCredentials  *credentials,
                        GError        **error)
{
  g_autoptr(KsDynamodbClient) self = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local = NULL;
  const char *scheme, *host;
  g_autofree char *host_part = NULL;
  int port;

  g_return_val_if_fail (region != NULL && *region != '\0', NULL);
  g_return_val_if_fail (credentials != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (endpoint == NULL || *endpoint == '\0')
    url = g_strdup_printf ("https://dynamodb.%s.amazonaws.com%s", region,
                           g_str_has_prefix (region, "cn-") ? ".cn" : "");
  else
    url = g_strdup (endpoint);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_PATH, &local);
  if (uri == NULL)
    {
      /* GUri's message quotes the URL, which may hold a password */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "endpoint %s: not a URL",
                   strchr (url, '@') ? "(with a user, not shown)" : url);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if ((g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      host == NULL || *host == '\0')
    {
      g_autofree char *shown = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "endpoint %s: not an http:// or https:// URL with a host", shown);
      return NULL;
    }
  if (g_uri_get_query (uri) || g_uri_get_fragment (uri) || g_uri_get_userinfo (uri))
    {
      g_autofree char *shown = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "endpoint %s: a DynamoDB endpoint has no user, query or fragment", shown);
      return NULL;
    }
  if (*g_uri_get_path (uri) == '\0')
    {
      GUri *rooted = g_uri_build (G_URI_FLAGS_ENCODED_PATH, scheme, NULL, host, g_uri_get_port (uri), "/", NULL, NULL);
      g_uri_unref (uri);
      uri = rooted;
      scheme = g_uri_get_scheme (uri);
      host = g_uri_get_host (uri);
    }

  self = g_object_new (KS_TYPE_DYNAMODB_CLIENT,
                       "endpoint", url,
                       "region", region,
                       "credentials", credentials,
                       NULL);
  /* the Host header as libsoup writes it, so that what is signed is what
   * is sent */
  host_part = strchr (host, ':') ? g_strdup_printf ("[%s]", host)
              : g_hostname_is_non_ascii (host) ? g_hostname_to_ascii (host)
              : g_ascii_strdown (host, -1);
  port = g_uri_get_port (uri);
  if (port < 0 ||
      (port == 80 && g_ascii_strcasecmp (scheme, "http") == 0) ||
      (port == 443 && g_ascii_strcasecmp (scheme, "https") == 0))
    self->host_header = g_steal_pointer (&host_part);
  else
    self->host_header = g_strdup_printf ("%s:%d", host_part, port);
  self->uri = g_steal_pointer (&uri);
  return g_steal_pointer (&self);
}

const char *
ks_dynamodb_client_get_endpoint (KsDynamodbClient *self)
{
  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), NULL);
  return self->endpoint;
}

const char *
ks_dynamodb_client_get_region (KsDynamodbClient *self)
{
  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), NULL);
  return self->region;
}

guint
ks_dynamodb_client_get_max_retries (KsDynamodbClient *self)
{
  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), 0);
  return self->max_retries;
}

void
ks_dynamodb_client_set_max_retries (KsDynamodbClient *self,
                                    guint             max_retries)
{
  g_return_if_fail (KS_IS_DYNAMODB_CLIENT (self));

  max_retries = MIN (max_retries, 100);
  if (self->max_retries == max_retries)
    return;
  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

void
ks_dynamodb_client_set_backoff (KsDynamodbClient *self,
                                guint             base_delay_ms,
                                guint             max_delay_ms)
{
  g_return_if_fail (KS_IS_DYNAMODB_CLIENT (self));
  g_return_if_fail (base_delay_ms > 0);
  g_return_if_fail (max_delay_ms >= base_delay_ms);

  self->base_delay_ms = base_delay_ms;
  self->max_delay_ms = max_delay_ms;
}

guint
ks_dynamodb_client_backoff_delay (KsDynamodbClient *self,
                                  guint             retry)
{
  guint64 cap;

  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), 0);

  cap = retry >= 32 ? G_MAXUINT64 : (guint64) self->base_delay_ms << retry;
  cap = MIN (cap, self->max_delay_ms);
  /* full jitter: uniform in [0, cap] */
  return (guint) g_random_double_range (0, (double) cap + 1);
}

void
ks_dynamodb_client_set_poll_interval (KsDynamodbClient *self,
                                      guint             interval_ms)
{
  g_return_if_fail (KS_IS_DYNAMODB_CLIENT (self));
  self->poll_interval_ms = MAX (interval_ms, 1);
}

/* Sends @body, retrying what may work when sent again. */
JsonNode *
_ks_dynamodb_client_call_bytes (KsDynamodbClient  *self,
                                const char        *operation,
                                const char        *table,
                                GBytes            *body,
                                JsonNode         **error_body,
                                GCancellable      *cancellable,
                                GError           **error)
{
  for (guint retry = 0;; retry++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(JsonNode) failure = NULL;
      gboolean retryable = FALSE;
      JsonNode *response;
      guint delay;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      response = attempt (self, operation, table, body, &failure, &retryable, cancellable, &local);
      if (response)
        return response;
      if (!retryable || retry >= self->max_retries)
        {
          if (retryable)
            g_prefix_error (&local, "gave up after %u retr%s: ", retry, retry == 1 ? "y" : "ies");
          if (error_body)
            *error_body = g_steal_pointer (&failure);
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      delay = ks_dynamodb_client_backoff_delay (self, retry);
      g_signal_emit (self, signals[RETRYING], 0, operation, retry + 1, delay, local->message);
      if (!_ks_dynamodb_client_sleep (delay, cancellable, error))
        return NULL;
    }
}

JsonNode *
ks_dynamodb_client_call (KsDynamodbClient  *self,
                         const char        *operation,
                         JsonNode          *request,
                         JsonNode         **error_body,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autoptr(GBytes) body = NULL;
  char *text;

  g_return_val_if_fail (KS_IS_DYNAMODB_CLIENT (self), NULL);
  g_return_val_if_fail (operation != NULL, NULL);
  g_return_val_if_fail (request != NULL && JSON_NODE_HOLDS_OBJECT (request), NULL);
  g_return_val_if_fail (error_body == NULL || *error_body == NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = json_to_string (request, FALSE);
  body = g_bytes_new_take (text, strlen (text));
  return _ks_dynamodb_client_call_bytes (self, operation, _ks_dynamodb_client_request_table (request), body, error_body,
                                         cancellable, error);
}

void
_ks_dynamodb_client_emit_retrying (KsDynamodbClient *self,
                                   const char       *operation,
                                   guint             retry,
                                   guint             delay_ms,
                                   const char       *reason)
{
  g_signal_emit (self, signals[RETRYING], 0, operation, retry, delay_ms, reason);
}

guint
_ks_dynamodb_client_get_poll_interval (KsDynamodbClient *self)
{
  return self->poll_interval_ms;
}

JsonNode *
ks_dynamodb_client_query (KsDynamodbClient  *self,
                          JsonNode          *request,
                          GCancellable      *cancellable,
                          GError           **error)
{
  return ks_dynamodb_client_call (self, "Query", request, NULL, cancellable, error);
}

JsonNode *
ks_dynamodb_client_scan (KsDynamodbClient  *self,
                         JsonNode          *request,
                         GCancellable      *cancellable,
                         GError           **error)
{
  return ks_dynamodb_client_call (self, "Scan", request, NULL, cancellable, error);
}

JsonNode *
ks_dynamodb_client_get_item (KsDynamodbClient  *self,
                             JsonNode          *request,
                             GCancellable      *cancellable,
                             GError           **error)
{
  return ks_dynamodb_client_call (self, "GetItem", request, NULL, cancellable, error);
}
