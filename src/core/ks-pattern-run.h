/* ks-pattern-run.h: running an access pattern on the sample data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ks-engine.h"
#include "ks-pattern.h"
#include "ks-query.h"

G_BEGIN_DECLS

typedef enum
{
  KS_SERVED_BY_GET_ITEM,     /* the table's full primary key, no filter */
  KS_SERVED_BY_QUERY,        /* a Query on the table or an index */
  KS_SERVED_BY_SCAN,         /* no partition key: needs a Scan */
} KsServedBy;

const char *ks_served_by_to_string (KsServedBy served_by);

/**
 * KsPatternRun:
 * @request: the concrete API request the pattern resolves to, or NULL when
 *   it could not be resolved (@error says why)
 * @operation: Query, Scan or GetItem
 * @served_by: how the pattern is served
 * @needs_filter: whether it relies on a FilterExpression
 * @result: what the request returns on the sample data, or NULL
 * @error: why the pattern could not run (template, parameter, or
 *   DynamoDB's error for the request)
 * @unexpected: (element-type utf8): entities returned but not expected
 * @passed: ran, returned something when entities are expected, and only
 *   expected entities
 */
typedef struct
{
  KsPattern     *pattern;
  JsonNode      *request;
  KsOperation    operation;
  KsServedBy     served_by;
  gboolean       needs_filter;
  KsQueryResult *result;
  GError        *error;
  GPtrArray     *unexpected;
  gboolean       passed;
} KsPatternRun;

KsPatternRun *ks_pattern_run          (KsEngine     *engine,
                                       KsPattern    *pattern);
void          ks_pattern_run_free     (KsPatternRun *run);
/* {"pattern", "servedBy", "target", "needsFilter", "request", "response" |
 *  "error", "returnedEntities", "passed"} for keyshape-cli patterns. */
JsonNode     *ks_pattern_run_to_json  (KsPatternRun *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsPatternRun, ks_pattern_run_free)

G_END_DECLS
