/* test-sigv4.c: AWS Signature Version 4 against AWS's published test suite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cases come from the "get-vanilla" family (and the two POST cases
 * beside it) of the Signature Version 4 test suite that AWS published in
 * its General Reference: every case signs with the example key pair
 * AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, in us-east-1,
 * for the service called "service", at 2015-08-30 12:36:00 UTC, a request
 * to example.amazonaws.com. Each case checks what the suite publishes:
 * the canonical request, the string to sign where published, and the
 * signature in the Authorization header.
 */
#include "config.h"

#include <string.h>

#include "ks-sigv4.h"

#define ACCESS_KEY  "AKIDEXAMPLE"
#define SECRET      "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define REGION      "us-east-1"
#define SERVICE     "service"
#define WHEN        "20150830T123600Z"
#define HOST        "example.amazonaws.com"
#define EMPTY_HASH  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SCOPE       "20150830/us-east-1/service/aws4_request"

typedef struct
{
  const char *name;
  const char *method;
  const char *query;
  const char *headers[9];
  const char *body;
  const char *canonical;       /* published canonical request */
  const char *to_sign_hash;    /* last line of the string to sign, when published */
  const char *signed_headers;
  const char *signature;
} Vector;

static const Vector vectors[] = {
  {
    "get-vanilla", "GET", NULL,
    { "Host", HOST, "X-Amz-Date", WHEN, NULL },
    "",
    "GET\n/\n\nhost:" HOST "\nx-amz-date:" WHEN "\n\nhost;x-amz-date\n" EMPTY_HASH,
    "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
    "host;x-amz-date",
    "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
  },
  {
    /* parameters are sorted by name in the canonical form */
    "get-vanilla-query-order-key-case", "GET", "Param2=value2&Param1=value1",
    { "Host", HOST, "X-Amz-Date", WHEN, NULL },
    "",
    "GET\n/\nParam1=value1&Param2=value2\nhost:" HOST "\nx-amz-date:" WHEN "\n\nhost;x-amz-date\n" EMPTY_HASH,
    NULL,
    "host;x-amz-date",
    "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
  },
  {
    "get-vanilla-empty-query-key", "GET", "Param1=value1",
    { "Host", HOST, "X-Amz-Date", WHEN, NULL },
    "",
    "GET\n/\nParam1=value1\nhost:" HOST "\nx-amz-date:" WHEN "\n\nhost;x-amz-date\n" EMPTY_HASH,
    NULL,
    "host;x-amz-date",
    "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
  },
  {
    /* the unreserved characters are never percent-encoded */
    "get-vanilla-query-unreserved", "GET",
    "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
    "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    { "Host", HOST, "X-Amz-Date", WHEN, NULL },
    "",
    "GET\n/\n-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz="
    "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n"
    "host:" HOST "\nx-amz-date:" WHEN "\n\nhost;x-amz-date\n" EMPTY_HASH,
    NULL,
    "host;x-amz-date",
    "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
  },
  {
    /* a UTF-8 parameter name (U+1234) is percent-encoded byte by byte */
    "get-vanilla-utf8-query", "GET", "\xe1\x88\xb4=bar",
    { "Host", HOST, "X-Amz-Date", WHEN, NULL },
    "",
    "GET\n/\n%E1%88%B4=bar\nhost:" HOST "\nx-amz-date:" WHEN "\n\nhost;x-amz-date\n" EMPTY_HASH,
    NULL,
    "host;x-amz-date",
    "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
  },
  {
    /* a session token is a signed header like any other */
    "get-vanilla-with-session-token", "GET", NULL,
    { "Host", HOST, "X-Amz-Date", WHEN,
      "X-Amz-Security-Token", "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267", NULL },
    "",
    "GET\n/\n\nhost:" HOST "\nx-amz-date:" WHEN
    "\nx-amz-security-token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
    "\n\nhost;x-amz-date;x-amz-security-token\n" EMPTY_HASH,
    NULL,
    "host;x-amz-date;x-amz-security-token",
    "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
  },
  {
    "post-vanilla", "POST", NULL,
    { "Host", HOST, "X-Amz-Date", WHEN, NULL },
    "",
    "POST\n/\n\nhost:" HOST "\nx-amz-date:" WHEN "\n\nhost;x-amz-date\n" EMPTY_HASH,
    NULL,
    "host;x-amz-date",
    "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
  },
  {
    /* a body is signed through its hash; DynamoDB requests are like this */
    "post-x-www-form-urlencoded", "POST", NULL,
    { "Content-Type", "application/x-www-form-urlencoded", "Host", HOST, "X-Amz-Date", WHEN, NULL },
    "Param1=value1",
    "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:" HOST "\nx-amz-date:" WHEN
    "\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
    "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
    "content-type;host;x-amz-date",
    "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
  },
};

static void
test_vector (gconstpointer data)
{
  const Vector *v = data;
  g_autofree char *hash = ks_sigv4_hex_sha256 (v->body, strlen (v->body));
  KsSigv4Request request = { v->method, "/", v->query, v->headers, hash };
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = ks_sigv4_canonical_request (&request, &signed_headers);
  g_autofree char *scope = ks_sigv4_credential_scope (WHEN, REGION, SERVICE);
  g_autofree char *to_sign = ks_sigv4_string_to_sign (WHEN, scope, canonical);
  g_autofree char *authorization = ks_sigv4_authorization (&request, ACCESS_KEY, SECRET, REGION, SERVICE, WHEN);
  g_autofree char *expected = g_strdup_printf ("AWS4-HMAC-SHA256 Credential=" ACCESS_KEY "/" SCOPE
                                               ", SignedHeaders=%s, Signature=%s",
                                               v->signed_headers, v->signature);

  g_assert_cmpstr (canonical, ==, v->canonical);
  g_assert_cmpstr (signed_headers, ==, v->signed_headers);
  g_assert_cmpstr (scope, ==, SCOPE);
  g_assert_true (g_str_has_prefix (to_sign, "AWS4-HMAC-SHA256\n" WHEN "\n" SCOPE "\n"));
  if (v->to_sign_hash)
    g_assert_cmpstr (strrchr (to_sign, '\n') + 1, ==, v->to_sign_hash);
  g_assert_cmpstr (authorization, ==, expected);
  g_assert_null (strstr (authorization, SECRET));
}

/* The key derivation on its own: AWS's worked example (20120215, iam),
 * and the suite's scope. */
static void
test_signing_key (void)
{
  g_autoptr(GBytes) key = ks_sigv4_signing_key (SECRET, "20120215", REGION, "iam");
  g_autoptr(GBytes) suite = ks_sigv4_signing_key (SECRET, WHEN, REGION, SERVICE);
  g_autofree char *hex = NULL;
  g_autofree char *suite_hex = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (key, &length);
  GString *out = g_string_new (NULL);

  g_assert_cmpuint (length, ==, 32);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "%02x", data[i]);
  hex = g_string_free (out, FALSE);
  g_assert_cmpstr (hex, ==, "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");

  data = g_bytes_get_data (suite, &length);
  out = g_string_new (NULL);
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "%02x", data[i]);
  suite_hex = g_string_free (out, FALSE);
  g_assert_cmpstr (suite_hex, ==, "938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75");
}

/* Header names are matched without case and sorted; values are trimmed,
 * inner runs of spaces collapsed, repeated headers joined with commas. */
static void
test_header_normalization (void)
{
  const char *headers[] = { "X-Amz-Date", WHEN, "My-Header1", "  a   b   c  ", "HOST", HOST,
                            "my-header2", "value2", "My-Header2", "value1", NULL };
  KsSigv4Request request = { "GET", "/", NULL, headers, EMPTY_HASH };
  g_autofree char *signed_headers = NULL;
  g_autofree char *canonical = ks_sigv4_canonical_request (&request, &signed_headers);

  g_assert_cmpstr (canonical, ==,
                   "GET\n/\n\nhost:" HOST "\nmy-header1:a b c\nmy-header2:value2,value1\nx-amz-date:" WHEN
                   "\n\nhost;my-header1;my-header2;x-amz-date\n" EMPTY_HASH);
  g_assert_cmpstr (signed_headers, ==, "host;my-header1;my-header2;x-amz-date");
}

/* Query encoding: reserved characters and spaces are percent-encoded with
 * upper-case hex; a key without '=' has an empty value; an escape already
 * in the query is decoded before being encoded again. */
static void
test_query_encoding (void)
{
  const char *headers[] = { "Host", HOST, NULL };
  KsSigv4Request request = { "GET", "/", "b=%7e x&a&c=a%2Fb&b=1", headers, EMPTY_HASH };
  g_autofree char *canonical = ks_sigv4_canonical_request (&request, NULL);
  g_auto(GStrv) lines = g_strsplit (canonical, "\n", -1);

  g_assert_cmpstr (lines[2], ==, "a=&b=1&b=~%20x&c=a%2Fb");
}

static void
test_date (void)
{
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2015, 8, 30, 12, 36, 0);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  g_autofree char *a = ks_sigv4_format_date (utc);
  g_autofree char *b = ks_sigv4_format_date (local);

  g_assert_cmpstr (a, ==, WHEN);
  /* always UTC, whatever the zone of the time given */
  g_assert_cmpstr (b, ==, WHEN);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *path = g_strdup_printf ("/keyshape/sigv4/suite/%s", vectors[i].name);
      g_test_add_data_func (path, &vectors[i], test_vector);
    }
  g_test_add_func ("/keyshape/sigv4/signing-key", test_signing_key);
  g_test_add_func ("/keyshape/sigv4/header-normalization", test_header_normalization);
  g_test_add_func ("/keyshape/sigv4/query-encoding", test_query_encoding);
  g_test_add_func ("/keyshape/sigv4/date", test_date);
  return g_test_run ();
}
