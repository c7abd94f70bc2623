/* ks-live-settings.h: where a design goes live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ks-dynamodb-client.h"

G_BEGIN_DECLS

#define KS_TYPE_LIVE_SETTINGS (ks_live_settings_get_type ())

/**
 * KsLiveSettings:
 * @endpoint: an http(s) URL (DynamoDB Local, dynalite…), or NULL for AWS
 * @region: the region, or NULL for the configured one (AWS_REGION, the
 *   profile's region; "us-east-1" with an @endpoint when none is configured)
 * @profile: the profile of the shared files, or NULL for the environment's
 *   keys or AWS_PROFILE or "default" (see ks_credentials_load())
 * @table_prefix: put before every table name, or NULL
 *
 * The connection a deploy or a live pattern run uses; what the CLI options
 * and the window's Deploy… dialog fill in. A plain boxed struct.
 */
typedef struct
{
  char *endpoint;
  char *region;
  char *profile;
  char *table_prefix;
} KsLiveSettings;

GType             ks_live_settings_get_type   (void) G_GNUC_CONST;
KsLiveSettings   *ks_live_settings_new        (const char            *endpoint,
                                               const char            *region,
                                               const char            *profile,
                                               const char            *table_prefix);
KsLiveSettings   *ks_live_settings_copy       (const KsLiveSettings  *self);
void              ks_live_settings_free       (KsLiveSettings        *self);

/* The name a design's table has at the endpoint: prefix + name. */
char             *ks_live_settings_table_name (const KsLiveSettings  *self,
                                               const char            *table);
/* Finds the credentials and the region and makes a client. Reads the
 * environment and the shared files: call it in the thread that will use
 * the client. */
KsDynamodbClient *ks_live_settings_connect    (const KsLiveSettings  *self,
                                               GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsLiveSettings, ks_live_settings_free)

G_END_DECLS
