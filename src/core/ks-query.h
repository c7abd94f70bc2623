/* ks-query.h: DynamoDB Query, Scan and GetItem on a design's sample data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ks-types.h"
#include "ks-engine.h"
#include "ks-expr.h"

G_BEGIN_DECLS

typedef enum
{
  KS_OPERATION_QUERY,
  KS_OPERATION_SCAN,
  KS_OPERATION_GET_ITEM,
  KS_OPERATION_INVALID = -1
} KsOperation;

KsOperation  ks_operation_from_string (const char  *name);
const char  *ks_operation_to_string   (KsOperation  op);

/**
 * KsRequest:
 *
 * A Query, Scan or GetItem request (the API's JSON shape), checked as far
 * as DynamoDB checks it without looking at the table.
 */
typedef struct _KsRequest KsRequest;

KsRequest   *ks_request_parse         (KsOperation   op,
                                       JsonNode     *request,
                                       GError      **error);
void         ks_request_free          (KsRequest    *request);
KsOperation  ks_request_get_operation (KsRequest    *request);
const char  *ks_request_get_table     (KsRequest    *request);
/* NULL when the request targets the table */
const char  *ks_request_get_index     (KsRequest    *request);

/**
 * KsQueryResult:
 * @items: (element-type KsItem): the sample items returned, in order
 * @values: (element-type KsValue): what the response holds for each of them
 *   (projected attributes; empty with Select=COUNT)
 * @count: items after the filter
 * @scanned_count: items read
 * @last_evaluated_key: an M value, or NULL
 * @found: GetItem: whether an item has the key
 *
 * The outcome of one request on the engine's sample data.
 */
typedef struct
{
  KsOperation  operation;
  GPtrArray   *items;
  GPtrArray   *values;
  guint        count;
  guint        scanned_count;
  KsValue     *last_evaluated_key;
  gboolean     found;
  gboolean     select_count;
  gsize        bytes_read;        /* DynamoDB item sizes of what was read */
} KsQueryResult;

/* Runs a parsed request. Errors: KS_ERROR_VALIDATION (ValidationException)
 * or KS_ERROR_RESOURCE_NOT_FOUND, with DynamoDB's message. */
KsQueryResult *ks_query_run           (KsEngine      *engine,
                                       KsRequest     *request,
                                       GError       **error);
void           ks_query_result_free   (KsQueryResult *result);
/* The API response: {"Items": […], "Count": n, "ScannedCount": n,
 * "LastEvaluatedKey": {…}} or for GetItem {"Item": {…}} / {}. */
JsonNode      *ks_query_result_to_json (KsQueryResult *result);

/* Parses, runs and renders in one call: @operation is "Query", "Scan" or
 * "GetItem". */
JsonNode      *ks_query_execute       (KsEngine      *engine,
                                       const char    *operation,
                                       JsonNode      *request,
                                       GError       **error);

/* DynamoDB's error body for an error of ks_query_execute():
 * {"__type": "com.amazon.coral.validate#ValidationException", "message": …}.
 * KS_ERROR_PARSE maps to SerializationException. */
JsonNode      *ks_query_error_to_json (const GError  *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsRequest, ks_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsQueryResult, ks_query_result_free)

G_END_DECLS
