/* ks-fake-dynamodb.h: a scripted HTTP server on loopback for the live tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers each POST with the next scripted answer (or the default one when
 * the script is empty), in its own thread, and records every request: its
 * headers, body, arrival time, and whether its SigV4 signature is right for
 * FAKE_SECRET.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FAKE_ACCESS_KEY "AKIDFAKETEST"
#define FAKE_SECRET     "fake/Secret+KeyThatMustNeverBePrinted"

typedef struct
{
  char   *target;          /* X-Amz-Target */
  char   *host;
  char   *content_type;
  char   *authorization;
  char   *token;           /* X-Amz-Security-Token or NULL */
  char   *body;
  gint64  time;            /* g_get_monotonic_time () on arrival */
  gboolean signature_ok;
} FakeRequest;

typedef struct _FakeDynamodb FakeDynamodb;

/* The program's AWS environment: the fake's keys, and no session token,
 * profile or region of the machine (with a temporary $HOME, no ~/.aws
 * either). Before the credentials are first read. */
void          fake_dynamodb_set_environment (void);

FakeDynamodb *fake_dynamodb_new           (void);
void          fake_dynamodb_free          (FakeDynamodb *fake);
/* "http://127.0.0.1:PORT" */
const char   *fake_dynamodb_get_url       (FakeDynamodb *fake);
void          fake_dynamodb_push          (FakeDynamodb *fake,
                                           guint         status,
                                           const char   *content_type,
                                           const char   *body);
/* A DynamoDB error: status 400 (or @status) and {"__type": "...#Type", "message": …} */
void          fake_dynamodb_push_error    (FakeDynamodb *fake,
                                           guint         status,
                                           const char   *type,
                                           const char   *message);
void          fake_dynamodb_set_default   (FakeDynamodb *fake,
                                           guint         status,
                                           const char   *body);
guint         fake_dynamodb_get_n_requests (FakeDynamodb *fake);
/* Valid until fake_dynamodb_free() */
const FakeRequest *fake_dynamodb_get_request (FakeDynamodb *fake,
                                           guint         n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeDynamodb, fake_dynamodb_free)

G_END_DECLS
