/* ks-deploy.h: creating a design's tables at an endpoint and loading its items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ks-dynamodb-client.h"
#include "ks-engine.h"
#include "ks-live-settings.h"

G_BEGIN_DECLS

typedef enum
{
  KS_DEPLOY_FLAGS_NONE    = 0,
  /* delete and recreate tables that already exist (and every item in them) */
  KS_DEPLOY_FLAGS_REPLACE = 1 << 0,
} KsDeployFlags;

typedef enum
{
  KS_DEPLOY_STEP_CHECKING,   /* asking which tables exist */
  KS_DEPLOY_STEP_DELETING,   /* deleting an existing table (REPLACE) */
  KS_DEPLOY_STEP_CREATING,   /* CreateTable, waiting for ACTIVE, TTL */
  KS_DEPLOY_STEP_LOADING,    /* BatchWriteItem */
  KS_DEPLOY_STEP_RETRYING,   /* a request is retried: @message says why */
  KS_DEPLOY_STEP_WARNING,    /* something was left out: @message says what */
  KS_DEPLOY_STEP_DONE,
} KsDeployStep;

/**
 * KsDeployProgress:
 * @step: what is happening
 * @table: the table's name at the endpoint (prefix included), or NULL
 * @done: items written to @table so far (LOADING), else tables done
 * @total: items of @table (LOADING), else tables of the design
 * @message: for RETRYING and WARNING, what (never a credential); else NULL
 */
typedef struct
{
  KsDeployStep  step;
  const char   *table;
  guint         done;
  guint         total;
  const char   *message;
} KsDeployProgress;

typedef void (*KsDeployProgressFunc) (const KsDeployProgress *progress,
                                      gpointer                user_data);

/**
 * KsDeployPlan:
 *
 * What a deploy sends, taken from the engine at one moment: each table's
 * CreateTable request (with the prefix), its TTL attribute, and its items
 * in DynamoDB JSON. Needs nothing of the design once made, so it can be
 * sent from another thread.
 */
typedef struct _KsDeployPlan KsDeployPlan;

/* Fails (KS_ERROR_INVALID) when DynamoDB would refuse the tables or the
 * items: schema errors, items with errors, two items with one key. */
KsDeployPlan *ks_deploy_plan_new            (KsEngine          *engine,
                                             const char        *table_prefix,
                                             GError           **error);
void          ks_deploy_plan_free           (KsDeployPlan      *plan);
guint         ks_deploy_plan_get_n_tables   (KsDeployPlan      *plan);
/* The name at the endpoint, prefix included. */
const char   *ks_deploy_plan_get_table_name (KsDeployPlan      *plan,
                                             guint              table);
guint         ks_deploy_plan_get_n_items    (KsDeployPlan      *plan,
                                             guint              table);

/* Sends the plan, blocking: refuses (G_IO_ERROR_EXISTS) before changing
 * anything when a table exists and @flags lacks REPLACE; else deletes
 * those, creates every table, waits until ACTIVE, enables TTL, loads the
 * items. @progress is called in this thread. */
gboolean      ks_deploy_plan_run            (KsDeployPlan      *plan,
                                             KsDynamodbClient  *client,
                                             KsDeployFlags      flags,
                                             KsDeployProgressFunc progress,
                                             gpointer           progress_data,
                                             GCancellable      *cancellable,
                                             GError           **error);

/* The whole deploy in one call, for the window: takes the plan from
 * @engine now (in the caller's thread), connects with @settings and sends
 * in a worker thread. @progress is called in the thread-default main
 * context of the caller, in order, before @callback; @progress_destroy is
 * called there when no more progress comes. Cancel with @cancellable. */
void          ks_deploy_async               (KsEngine             *engine,
                                             const KsLiveSettings *settings,
                                             KsDeployFlags         flags,
                                             KsDeployProgressFunc  progress,
                                             gpointer              progress_data,
                                             GDestroyNotify        progress_destroy,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      ks_deploy_finish              (GAsyncResult         *result,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsDeployPlan, ks_deploy_plan_free)

G_END_DECLS
