/* ks-sigv4.h: AWS Signature Version 4
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * KsSigv4Request:
 * @method: the HTTP method, "GET" or "POST"
 * @path: the request path, not yet percent-encoded ("/" for DynamoDB)
 * @query: the query string as sent, without the "?", or %NULL
 * @headers: the headers to sign, name and value in turn, %NULL-terminated;
 *   must hold `host` and `x-amz-date` (and `x-amz-security-token` with a
 *   session token); names are matched without regard to case
 * @payload_hash: the lower-case hex SHA-256 of the body
 *
 * What is signed of an HTTP request. Every pointer is borrowed.
 */
typedef struct
{
  const char         *method;
  const char         *path;
  const char         *query;
  const char * const *headers;
  const char         *payload_hash;
} KsSigv4Request;

/* Lower-case hex SHA-256 of @data (the empty body: e3b0c442…). */
char   *ks_sigv4_hex_sha256        (const void           *data,
                                    gsize                 length);
/* The ISO 8601 basic form the signature uses, e.g. "20150830T123600Z". */
char   *ks_sigv4_format_date       (GDateTime            *time);

/* The four steps, each testable against AWS's published suite: */
char   *ks_sigv4_canonical_request (const KsSigv4Request *request,
                                    char                **signed_headers);
char   *ks_sigv4_credential_scope  (const char           *amz_date,
                                    const char           *region,
                                    const char           *service);
char   *ks_sigv4_string_to_sign    (const char           *amz_date,
                                    const char           *scope,
                                    const char           *canonical_request);
GBytes *ks_sigv4_signing_key       (const char           *secret_access_key,
                                    const char           *date,
                                    const char           *region,
                                    const char           *service);
char   *ks_sigv4_signature         (GBytes               *signing_key,
                                    const char           *string_to_sign);

/* All of it: the value of the Authorization header. @amz_date is the
 * x-amz-date header's value. */
char   *ks_sigv4_authorization     (const KsSigv4Request *request,
                                    const char           *access_key_id,
                                    const char           *secret_access_key,
                                    const char           *region,
                                    const char           *service,
                                    const char           *amz_date);

G_END_DECLS
