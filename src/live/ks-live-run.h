/* ks-live-run.h: running access patterns against an endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ks-dynamodb-client.h"
#include "ks-engine.h"
#include "ks-live-settings.h"
#include "ks-query.h"

G_BEGIN_DECLS

/**
 * KsLiveCheck:
 * @pattern: the access pattern's name
 * @operation: Query, Scan or GetItem
 * @request: the request sent (table names with the prefix), or NULL when
 *   the pattern could not be turned into one (@difference says why)
 * @expected: Keyshape's answer on the sample data: the response, or the
 *   DynamoDB error body {"__type", "message"} it predicts
 * @live: the endpoint's response or error body; NULL before the run or when
 *   nothing could be sent
 * @equal: whether @live equals @expected the way the conformance cases
 *   compare: Query items in order except among items with the same index
 *   key, Scan items as a set, Count and ScannedCount exactly,
 *   LastEvaluatedKey (by presence for a Scan page), errors by type and
 *   message
 * @difference: why they differ, for people; NULL when @equal
 *
 * One access pattern, as Keyshape answers it and as the endpoint does.
 */
typedef struct
{
  char        *pattern;
  KsOperation  operation;
  JsonNode    *request;
  JsonNode    *expected;
  JsonNode    *live;
  gboolean     equal;
  char        *difference;
} KsLiveCheck;

/**
 * KsLiveRun:
 *
 * The access patterns of a design, resolved on the engine (in the caller's
 * thread), then sent to an endpoint (in any thread) and compared.
 */
typedef struct _KsLiveRun KsLiveRun;

/* Resolves every pattern, or only the one named @only, on @engine. */
KsLiveRun         *ks_live_run_new         (KsEngine         *engine,
                                            const char       *only,
                                            const char       *table_prefix);
void               ks_live_run_free        (KsLiveRun        *run);
guint              ks_live_run_get_n_checks (KsLiveRun       *run);
const KsLiveCheck *ks_live_run_get_check   (KsLiveRun        *run,
                                            guint             position);
/* How many checks are equal. */
guint              ks_live_run_get_n_equal (KsLiveRun        *run);

/* Sends each request and compares. A DynamoDB error answer is a result
 * (in @live); the run stops with @error only when the endpoint cannot be
 * used at all (unreachable, credentials refused, cancelled). */
gboolean           ks_live_run_execute     (KsLiveRun        *run,
                                            KsDynamodbClient *client,
                                            GCancellable     *cancellable,
                                            GError          **error);

/* Compares two answers of @operation; NULL when equal, else why not.
 * @tie_groups (may be NULL) gives, for a Query, the end of each run of
 * items in @expected that share an index key. Exposed for tests. */
char              *ks_live_compare         (KsOperation       operation,
                                            JsonNode         *expected,
                                            JsonNode         *live,
                                            GArray           *tie_groups);

/* All of it in one call, for the window's "Run against endpoint": resolves
 * the patterns of @engine now, connects with @settings and runs them in a
 * worker thread. */
void               ks_live_run_async       (KsEngine             *engine,
                                            const KsLiveSettings *settings,
                                            const char           *only,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
KsLiveRun         *ks_live_run_finish      (GAsyncResult         *result,
                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsLiveRun, ks_live_run_free)

G_END_DECLS
