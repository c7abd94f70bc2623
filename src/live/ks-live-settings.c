/* ks-live-settings.c: where a design goes live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-live"

#include "config.h"

#include "ks-error.h"
#include "ks-live-settings.h"

G_DEFINE_BOXED_TYPE (KsLiveSettings, ks_live_settings, ks_live_settings_copy, ks_live_settings_free)

static char *
dup_non_empty (const char *text)
{
  return text && *text ? g_strdup (text) : NULL;
}

KsLiveSettings *
ks_live_settings_new (const char *endpoint,
                      const char *region,
                      const char *profile,
                      const char *table_prefix)
{
  KsLiveSettings *self = g_new0 (KsLiveSettings, 1);

  self->endpoint = dup_non_empty (endpoint);
  self->region = dup_non_empty (region);
  self->profile = dup_non_empty (profile);
  self->table_prefix = dup_non_empty (table_prefix);
  return self;
}

KsLiveSettings *
ks_live_settings_copy (const KsLiveSettings *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ks_live_settings_new (self->endpoint, self->region, self->profile, self->table_prefix);
}

void
ks_live_settings_free (KsLiveSettings *self)
{
  if (self == NULL)
    return;
  g_free (self->endpoint);
  g_free (self->region);
  g_free (self->profile);
  g_free (self->table_prefix);
  g_free (self);
}

char *
ks_live_settings_table_name (const KsLiveSettings *self,
                             const char           *table)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (table != NULL, NULL);

  return g_strconcat (self->table_prefix ? self->table_prefix : "", table, NULL);
}

KsDynamodbClient *
ks_live_settings_connect (const KsLiveSettings  *self,
                          GError               **error)
{
  g_autoptr(KsCredentials) credentials = NULL;
  const char *region;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  credentials = ks_credentials_load (self->profile, error);
  if (credentials == NULL)
    return NULL;
  region = self->region ? self->region : ks_credentials_get_region (credentials);
  /* a local endpoint still signs with a region; DynamoDB Local keeps one
   * database per region, and us-east-1 is what its tools default to */
  if (region == NULL && self->endpoint)
    region = "us-east-1";
  if (region == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND,
                   "no AWS region: give one, set AWS_REGION, or add region to the profile in ~/.aws/config");
      return NULL;
    }
  return ks_dynamodb_client_new (self->endpoint, region, credentials, error);
}
