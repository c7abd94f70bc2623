/* ks-credentials.h: AWS credentials and region from the usual places
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KS_TYPE_CREDENTIALS (ks_credentials_get_type ())

/**
 * KsCredentials:
 *
 * An access key, its secret, an optional session token, and the region the
 * same configuration names (or %NULL). Immutable and reference-counted; the
 * secret is wiped from memory when the last reference goes. Nothing here
 * ever prints or logs a key: use ks_credentials_get_source() in messages.
 */
typedef struct _KsCredentials KsCredentials;

GType          ks_credentials_get_type              (void) G_GNUC_CONST;

KsCredentials *ks_credentials_new                   (const char    *access_key_id,
                                                     const char    *secret_access_key,
                                                     const char    *session_token,
                                                     const char    *region,
                                                     const char    *source);
/* Finds credentials the way the AWS CLI and SDKs do:
 *
 *  1. with @profile NULL, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and
 *     AWS_SESSION_TOKEN) from the environment;
 *  2. else the profile @profile, or AWS_PROFILE, or "default", in the
 *     shared credentials file (AWS_SHARED_CREDENTIALS_FILE or
 *     ~/.aws/credentials), then in the config file (AWS_CONFIG_FILE or
 *     ~/.aws/config, whose sections are `[default]` and `[profile NAME]`).
 *
 * The region is AWS_REGION, else AWS_DEFAULT_REGION, else the profile's
 * `region` in the config file, else NULL. Errors (KS_ERROR_NOT_FOUND,
 * KS_ERROR_PARSE, KS_ERROR_INVALID) say which file and profile. */
KsCredentials *ks_credentials_load                  (const char    *profile,
                                                     GError       **error);

KsCredentials *ks_credentials_ref                   (KsCredentials *self);
void           ks_credentials_unref                 (KsCredentials *self);

const char    *ks_credentials_get_access_key_id     (KsCredentials *self);
const char    *ks_credentials_get_secret_access_key (KsCredentials *self);
/* NULL without a session token */
const char    *ks_credentials_get_session_token     (KsCredentials *self);
/* NULL when the configuration names no region */
const char    *ks_credentials_get_region            (KsCredentials *self);
/* Where they came from, for messages: "environment",
 * "profile dev in /home/me/.aws/credentials". Never a key. */
const char    *ks_credentials_get_source            (KsCredentials *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsCredentials, ks_credentials_unref)

G_END_DECLS
