/* ks-deploy-dialog.h: Deploy… — the design's tables and items at an endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ks-engine.h"
#include "ks-live-settings.h"

G_BEGIN_DECLS

#define KS_TYPE_DEPLOY_DIALOG (ks_deploy_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KsDeployDialog, ks_deploy_dialog, KS, DEPLOY_DIALOG, AdwWindow)

/**
 * KsDeployDialog:
 *
 * Where to deploy (endpoint, region, profile, table prefix, whether to
 * replace existing tables), what will be created (the deploy plan, or why
 * DynamoDB would refuse it), then the deploy itself (ks_deploy_async())
 * with progress and Cancel. The connection entered is what "Run Against
 * Endpoint" uses too (ks_deploy_dialog_get_settings()).
 */
GtkWidget      *ks_deploy_dialog_new          (GtkWindow            *parent,
                                               KsEngine             *engine,
                                               const KsLiveSettings *settings);
/* The connection entered (empty fields are NULL). */
KsLiveSettings *ks_deploy_dialog_get_settings (KsDeployDialog       *self);
void            ks_deploy_dialog_set_replace  (KsDeployDialog       *self,
                                               gboolean              replace);
/* What Deploy does (tests): starts the deploy when the plan is good. */
gboolean        ks_deploy_dialog_deploy       (KsDeployDialog       *self);
/* Cancels a running deploy. */
void            ks_deploy_dialog_cancel       (KsDeployDialog       *self);
gboolean        ks_deploy_dialog_is_running   (KsDeployDialog       *self);
/* The plan or status line and the progress shown (tests). */
const char     *ks_deploy_dialog_get_status   (KsDeployDialog       *self);
const char     *ks_deploy_dialog_get_plan     (KsDeployDialog       *self);
double          ks_deploy_dialog_get_fraction (KsDeployDialog       *self);

G_END_DECLS
