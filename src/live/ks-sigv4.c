/* ks-sigv4.c: AWS Signature Version 4
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signing process as AWS documents it: a canonical form of the request,
 * a string to sign naming the date and scope, a key derived from the secret
 * by four HMAC-SHA256 steps, and the HMAC of the string with that key.
 * Secrets and derived keys are wiped from memory once used.
 */
#define G_LOG_DOMAIN "keyshape-live"

#include "config.h"

#include <string.h>

#include "ks-sigv4.h"

#define SHA256_LEN 32

static void
wipe_and_free (gpointer data,
               gsize    length)
{
  if (data == NULL)
    return;
  /* volatile keeps the compiler from dropping a store to memory about to
   * be freed */
  for (volatile guint8 *p = data; length > 0; length--)
    *p++ = 0;
  g_free (data);
}

static void
free_key (gpointer data)
{
  wipe_and_free (data, SHA256_LEN);
}

static void
hmac_sha256 (const guint8 *key,
             gsize         key_length,
             const char   *message,
             guint8        out[SHA256_LEN])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  gsize length = SHA256_LEN;

  g_hmac_update (hmac, (const guchar *) message, strlen (message));
  g_hmac_get_digest (hmac, out, &length);
  g_assert (length == SHA256_LEN);
}

static char *
hex (const guint8 *data,
     gsize         length)
{
  static const char digits[] = "0123456789abcdef";
  char *out = g_malloc (length * 2 + 1);

  for (gsize i = 0; i < length; i++)
    {
      out[2 * i] = digits[data[i] >> 4];
      out[2 * i + 1] = digits[data[i] & 15];
    }
  out[length * 2] = '\0';
  return out;
}

char *
ks_sigv4_hex_sha256 (const void *data,
                     gsize       length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data ? data : (const void *) "", length);
}

char *
ks_sigv4_format_date (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);
  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}

/* RFC 3986 percent-encoding of everything but the unreserved characters,
 * upper-case hex, as the canonical form requires; '/' is kept in paths. */
static void
append_uri_encoded (GString    *out,
                    const char *text,
                    gsize       length,
                    gboolean    keep_slash)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = (guchar) text[i];

      if (g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.' || c == '~' ||
          (keep_slash && c == '/'))
        g_string_append_c (out, (char) c);
      else
        g_string_append_printf (out, "%%%02X", c);
    }
}

/* Decodes %XX escapes; a '%' not followed by two hex digits stays as is. */
static char *
uri_decode (const char *text,
            gsize       length,
            gsize      *out_length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '%' && i + 2 < length &&
          g_ascii_isxdigit (text[i + 1]) && g_ascii_isxdigit (text[i + 2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (text[i + 1]) * 16 +
                                          g_ascii_xdigit_value (text[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (out, text[i]);
    }
  *out_length = out->len;
  return g_string_free (out, FALSE);
}

typedef struct
{
  char *key;
  char *value;
} Pair;

static void
pair_clear (Pair *pair)
{
  g_free (pair->key);
  g_free (pair->value);
}

static int
pair_compare (gconstpointer a,
              gconstpointer b)
{
  const Pair *pa = a, *pb = b;
  int c = strcmp (pa->key, pb->key);

  return c != 0 ? c : strcmp (pa->value, pb->value);
}

static char *
canonical_query (const char *query)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_auto(GStrv) parts = NULL;
  GString *out = g_string_new (NULL);

  g_array_set_clear_func (pairs, (GDestroyNotify) pair_clear);
  if (query == NULL || *query == '\0')
    return g_string_free (out, FALSE);
  parts = g_strsplit (query, "&", -1);
  for (guint i = 0; parts[i]; i++)
    {
      const char *eq = strchr (parts[i], '=');
      gsize key_length = eq ? (gsize) (eq - parts[i]) : strlen (parts[i]);
      const char *value = eq ? eq + 1 : "";
      g_autofree char *key_raw = NULL, *value_raw = NULL;
      gsize kl, vl;
      GString *k, *v;
      Pair pair;

      if (parts[i][0] == '\0')
        continue;
      key_raw = uri_decode (parts[i], key_length, &kl);
      value_raw = uri_decode (value, strlen (value), &vl);
      k = g_string_new (NULL);
      v = g_string_new (NULL);
      append_uri_encoded (k, key_raw, kl, FALSE);
      append_uri_encoded (v, value_raw, vl, FALSE);
      pair.key = g_string_free (k, FALSE);
      pair.value = g_string_free (v, FALSE);
      g_array_append_val (pairs, pair);
    }
  /* sorted by encoded name, then value, byte by byte */
  g_array_sort (pairs, pair_compare);
  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *pair = &g_array_index (pairs, Pair, i);
      g_string_append_printf (out, "%s%s=%s", i ? "&" : "", pair->key, pair->value);
    }
  return g_string_free (out, FALSE);
}

/* Header values: leading and trailing space trimmed, inner runs of spaces
 * collapsed to one. */
static void
append_trimmed (GString    *out,
                const char *value)
{
  gboolean space = FALSE;

  while (*value == ' ' || *value == '\t')
    value++;
  for (; *value; value++)
    {
      if (*value == ' ' || *value == '\t')
        space = TRUE;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *value);
        }
    }
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char *
ks_sigv4_canonical_request (const KsSigv4Request  *request,
                            char                 **signed_headers)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autofree char *query = NULL;
  GString *out, *signed_list;
  const char *path;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (request->method != NULL, NULL);
  g_return_val_if_fail (request->payload_hash != NULL, NULL);

  /* a header given twice is signed once, its values joined by commas in
   * the order given */
  for (guint i = 0; request->headers && request->headers[i]; i += 2)
    {
      g_autofree char *name = g_ascii_strdown (request->headers[i], -1);
      const char *value = request->headers[i + 1];
      GString *joined;

      g_return_val_if_fail (value != NULL, NULL);
      joined = g_hash_table_lookup (values, name);
      if (joined == NULL)
        {
          joined = g_string_new (NULL);
          g_ptr_array_add (names, name);
          g_hash_table_insert (values, g_steal_pointer (&name), joined);
        }
      else
        g_string_append_c (joined, ',');
      append_trimmed (joined, value);
    }
  g_ptr_array_sort (names, compare_strings);

  out = g_string_new (request->method);
  g_string_append_c (out, '\n');
  path = request->path && *request->path ? request->path : "/";
  append_uri_encoded (out, path, strlen (path), TRUE);
  g_string_append_c (out, '\n');
  query = canonical_query (request->query);
  g_string_append (out, query);
  g_string_append_c (out, '\n');

  signed_list = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      GString *value = g_hash_table_lookup (values, name);

      g_string_append_printf (out, "%s:%s\n", name, value->str);
      g_string_append_printf (signed_list, "%s%s", i ? ";" : "", name);
    }
  g_string_append_c (out, '\n');
  g_string_append (out, signed_list->str);
  g_string_append_c (out, '\n');
  g_string_append (out, request->payload_hash);

  if (signed_headers)
    *signed_headers = g_string_free (signed_list, FALSE);
  else
    g_string_free (signed_list, TRUE);
  return g_string_free (out, FALSE);
}

char *
ks_sigv4_credential_scope (const char *amz_date,
                           const char *region,
                           const char *service)
{
  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= 8, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);

  return g_strdup_printf ("%.8s/%s/%s/aws4_request", amz_date, region, service);
}

char *
ks_sigv4_string_to_sign (const char *amz_date,
                         const char *scope,
                         const char *canonical_request)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (amz_date != NULL, NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (canonical_request != NULL, NULL);

  hash = ks_sigv4_hex_sha256 (canonical_request, strlen (canonical_request));
  return g_strdup_printf ("AWS4-HMAC-SHA256\n%s\n%s\n%s", amz_date, scope, hash);
}

GBytes *
ks_sigv4_signing_key (const char *secret_access_key,
                      const char *date,
                      const char *region,
                      const char *service)
{
  gsize secret_length;
  char *secret;
  guint8 k1[SHA256_LEN], k2[SHA256_LEN];
  guint8 *key;
  g_autofree char *day = NULL;

  g_return_val_if_fail (secret_access_key != NULL, NULL);
  g_return_val_if_fail (date != NULL && strlen (date) >= 8, NULL);
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);

  day = g_strndup (date, 8);
  secret_length = strlen (secret_access_key) + 4;
  secret = g_strconcat ("AWS4", secret_access_key, NULL);
  key = g_malloc (SHA256_LEN);

  hmac_sha256 ((const guint8 *) secret, secret_length, day, k1);
  hmac_sha256 (k1, SHA256_LEN, region, k2);
  hmac_sha256 (k2, SHA256_LEN, service, k1);
  hmac_sha256 (k1, SHA256_LEN, "aws4_request", key);

  wipe_and_free (secret, secret_length);
  for (volatile guint8 *p = k1; p < k1 + SHA256_LEN; p++)
    *p = 0;
  for (volatile guint8 *p = k2; p < k2 + SHA256_LEN; p++)
    *p = 0;
  return g_bytes_new_with_free_func (key, SHA256_LEN, free_key, key);
}

char *
ks_sigv4_signature (GBytes     *signing_key,
                    const char *string_to_sign)
{
  guint8 digest[SHA256_LEN];
  gsize key_length;
  const guint8 *key;

  g_return_val_if_fail (signing_key != NULL, NULL);
  g_return_val_if_fail (string_to_sign != NULL, NULL);

  key = g_bytes_get_data (signing_key, &key_length);
  hmac_sha256 (key, key_length, string_to_sign, digest);
  return hex (digest, SHA256_LEN);
}

char *
ks_sigv4_authorization (const KsSigv4Request *request,
                        const char           *access_key_id,
                        const char           *secret_access_key,
                        const char           *region,
                        const char           *service,
                        const char           *amz_date)
{
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *signature = NULL;
  g_autoptr(GBytes) key = NULL;

  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);
  g_return_val_if_fail (amz_date != NULL && strlen (amz_date) >= 8, NULL);

  canonical = ks_sigv4_canonical_request (request, &signed_headers);
  scope = ks_sigv4_credential_scope (amz_date, region, service);
  to_sign = ks_sigv4_string_to_sign (amz_date, scope, canonical);
  key = ks_sigv4_signing_key (secret_access_key, amz_date, region, service);
  signature = ks_sigv4_signature (key, to_sign);
  return g_strdup_printf ("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
                          access_key_id, scope, signed_headers, signature);
}
