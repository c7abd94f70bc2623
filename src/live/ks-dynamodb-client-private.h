/* ks-dynamodb-client-private.h: what the client's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-dynamodb-client.h"

G_BEGIN_DECLS

/* Sends @body (the request's JSON) as @operation, with the retries. */
JsonNode   *_ks_dynamodb_client_call_bytes        (KsDynamodbClient  *self,
                                                   const char        *operation,
                                                   const char        *table,
                                                   GBytes            *body,
                                                   JsonNode         **error_body,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
/* The TableName of a request (or the table of a BatchWriteItem), or NULL */
const char *_ks_dynamodb_client_request_table     (JsonNode          *request);
/* Waits @ms milliseconds; FALSE when @cancellable is cancelled first. */
gboolean    _ks_dynamodb_client_sleep             (guint              ms,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
void        _ks_dynamodb_client_emit_retrying     (KsDynamodbClient  *self,
                                                   const char        *operation,
                                                   guint              retry,
                                                   guint              delay_ms,
                                                   const char        *reason);
guint       _ks_dynamodb_client_get_poll_interval (KsDynamodbClient  *self);

G_END_DECLS
