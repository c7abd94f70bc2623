/* ks-dynamodb-client.h: a small DynamoDB client over HTTPS
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ks-credentials.h"

G_BEGIN_DECLS

#define KS_DYNAMODB_ERROR (ks_dynamodb_error_quark ())

/**
 * KsDynamodbError:
 * @KS_DYNAMODB_ERROR_VALIDATION: ValidationException or
 *   SerializationException: DynamoDB refused the request
 * @KS_DYNAMODB_ERROR_RESOURCE_NOT_FOUND: the table or index does not exist
 * @KS_DYNAMODB_ERROR_RESOURCE_IN_USE: the table exists or is being changed
 * @KS_DYNAMODB_ERROR_ACCESS_DENIED: the credentials or the signature were
 *   refused, or they do not allow the operation
 * @KS_DYNAMODB_ERROR_THROTTLED: throttling outlasted every retry
 * @KS_DYNAMODB_ERROR_SERVER: HTTP 5xx outlasted every retry
 * @KS_DYNAMODB_ERROR_PROTOCOL: the answer is not DynamoDB's JSON
 * @KS_DYNAMODB_ERROR_TIMEOUT: a table did not reach the state waited for
 * @KS_DYNAMODB_ERROR_NETWORK: the endpoint could not be reached
 * @KS_DYNAMODB_ERROR_UNSUPPORTED: UnknownOperationException: the endpoint
 *   (an emulator) does not implement the operation
 * @KS_DYNAMODB_ERROR_FAILED: any other DynamoDB error
 *
 * Every message names the endpoint, the operation and the table, and gives
 * DynamoDB's own error type and message.
 */
typedef enum
{
  KS_DYNAMODB_ERROR_VALIDATION,
  KS_DYNAMODB_ERROR_RESOURCE_NOT_FOUND,
  KS_DYNAMODB_ERROR_RESOURCE_IN_USE,
  KS_DYNAMODB_ERROR_ACCESS_DENIED,
  KS_DYNAMODB_ERROR_THROTTLED,
  KS_DYNAMODB_ERROR_SERVER,
  KS_DYNAMODB_ERROR_PROTOCOL,
  KS_DYNAMODB_ERROR_TIMEOUT,
  KS_DYNAMODB_ERROR_NETWORK,
  KS_DYNAMODB_ERROR_UNSUPPORTED,
  KS_DYNAMODB_ERROR_FAILED,
} KsDynamodbError;

GQuark ks_dynamodb_error_quark (void);

#define KS_TYPE_DYNAMODB_CLIENT (ks_dynamodb_client_get_type ())

G_DECLARE_FINAL_TYPE (KsDynamodbClient, ks_dynamodb_client, KS, DYNAMODB_CLIENT, GObject)

/* Called after each BatchWriteItem round with the items written so far. */
typedef void (*KsBatchProgressFunc) (guint    written,
                                     guint    total,
                                     gpointer user_data);

/*
 * A client sends requests synchronously (they block; run them in a worker
 * thread in a GUI: see ks-deploy.h) and is used by one thread at a time.
 * Throttling (ProvisionedThroughputExceededException, ThrottlingException,
 * RequestLimitExceeded), HTTP 5xx and dropped connections are retried with
 * exponential backoff and full jitter, at most max-retries times; every
 * retry emits ::retrying.
 */

/* @endpoint: an http or https URL, or NULL for AWS's endpoint of @region.
 * Fails (G_IO_ERROR_INVALID_ARGUMENT) on an endpoint that is not one. */
KsDynamodbClient *ks_dynamodb_client_new               (const char        *endpoint,
                                                        const char        *region,
                                                        KsCredentials     *credentials,
                                                        GError           **error);
const char       *ks_dynamodb_client_get_endpoint      (KsDynamodbClient  *self);
const char       *ks_dynamodb_client_get_region        (KsDynamodbClient  *self);
guint             ks_dynamodb_client_get_max_retries   (KsDynamodbClient  *self);
void              ks_dynamodb_client_set_max_retries   (KsDynamodbClient  *self,
                                                        guint              max_retries);
/* The backoff before retry n (0-based) is uniform in
 * [0, min (max_delay, base_delay × 2^n)] milliseconds. */
void              ks_dynamodb_client_set_backoff       (KsDynamodbClient  *self,
                                                        guint              base_delay_ms,
                                                        guint              max_delay_ms);
guint             ks_dynamodb_client_backoff_delay     (KsDynamodbClient  *self,
                                                        guint              retry);
/* How often ks_dynamodb_client_wait_for_table() asks, at most. */
void              ks_dynamodb_client_set_poll_interval (KsDynamodbClient  *self,
                                                        guint              interval_ms);

/* Sends @request (an object node) as operation @operation ("Query") and
 * returns the response object. When DynamoDB answers with an error and
 * @error_body is not NULL, it receives the error body ({"__type",
 * "message"}) beside @error. */
JsonNode *ks_dynamodb_client_call             (KsDynamodbClient  *self,
                                               const char        *operation,
                                               JsonNode          *request,
                                               JsonNode         **error_body,
                                               GCancellable      *cancellable,
                                               GError           **error);

/* The "Table" object of DescribeTable; KS_DYNAMODB_ERROR_RESOURCE_NOT_FOUND
 * when there is no such table. */
JsonNode *ks_dynamodb_client_describe_table   (KsDynamodbClient  *self,
                                               const char        *table,
                                               GCancellable      *cancellable,
                                               GError           **error);
/* CreateTable with @definition (the API's request: key schema, GSIs, LSIs,
 * billing), waits until the table and its indexes are ACTIVE, then enables
 * TTL on @ttl_attribute when it is not NULL (an endpoint without
 * UpdateTimeToLive fails with KS_DYNAMODB_ERROR_UNSUPPORTED, the table
 * created). */
gboolean  ks_dynamodb_client_create_table     (KsDynamodbClient  *self,
                                               JsonNode          *definition,
                                               const char        *ttl_attribute,
                                               guint              timeout_seconds,
                                               GCancellable      *cancellable,
                                               GError           **error);
gboolean  ks_dynamodb_client_update_time_to_live (KsDynamodbClient *self,
                                               const char        *table,
                                               const char        *attribute,
                                               GCancellable      *cancellable,
                                               GError           **error);
/* Polls DescribeTable until the table and its GSIs are ACTIVE, or with
 * @gone until the table no longer exists. */
gboolean  ks_dynamodb_client_wait_for_table   (KsDynamodbClient  *self,
                                               const char        *table,
                                               gboolean           gone,
                                               guint              timeout_seconds,
                                               GCancellable      *cancellable,
                                               GError           **error);
/* DeleteTable, then waits until it is gone. */
gboolean  ks_dynamodb_client_delete_table     (KsDynamodbClient  *self,
                                               const char        *table,
                                               guint              timeout_seconds,
                                               GCancellable      *cancellable,
                                               GError           **error);
/* Puts @items (each an item in DynamoDB JSON, as text: {"PK": {"S": "a"}})
 * with BatchWriteItem, 25 a request; UnprocessedItems are sent again after
 * a backoff, at most max-retries times in a row without progress. */
gboolean  ks_dynamodb_client_put_items        (KsDynamodbClient  *self,
                                               const char        *table,
                                               const char * const *items,
                                               guint              n_items,
                                               KsBatchProgressFunc progress,
                                               gpointer           progress_data,
                                               GCancellable      *cancellable,
                                               GError           **error);
JsonNode *ks_dynamodb_client_query            (KsDynamodbClient  *self,
                                               JsonNode          *request,
                                               GCancellable      *cancellable,
                                               GError           **error);
JsonNode *ks_dynamodb_client_scan             (KsDynamodbClient  *self,
                                               JsonNode          *request,
                                               GCancellable      *cancellable,
                                               GError           **error);
JsonNode *ks_dynamodb_client_get_item         (KsDynamodbClient  *self,
                                               JsonNode          *request,
                                               GCancellable      *cancellable,
                                               GError           **error);
/* Every item of a table (or index), following LastEvaluatedKey. */
JsonArray *ks_dynamodb_client_scan_all        (KsDynamodbClient  *self,
                                               const char        *table,
                                               GCancellable      *cancellable,
                                               GError           **error);

G_END_DECLS
