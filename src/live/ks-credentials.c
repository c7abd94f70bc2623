/* ks-credentials.c: AWS credentials and region from the usual places
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shared files are INI, read with GKeyFile after a pass that turns the
 * AWS dialect into what GKeyFile accepts: `;` comments and the indented
 * sub-settings of a key (`s3 =` followed by `  max_concurrent_requests =
 * 20`) become blank lines, so line numbers in errors stay right; in the
 * config file `[profile NAME]` becomes `[NAME]` and sections that are not
 * profiles (`[sso-session …]`, `[services …]`) are left out. Values are
 * read raw (g_key_file_get_value), without GKeyFile's escapes.
 */
#define G_LOG_DOMAIN "keyshape-live"

#include "config.h"

#include <string.h>

#include "ks-credentials.h"
#include "ks-error.h"

struct _KsCredentials
{
  gint  ref_count;
  char *access_key_id;
  char *secret_access_key;
  char *session_token;
  char *region;
  char *source;
};

G_DEFINE_BOXED_TYPE (KsCredentials, ks_credentials, ks_credentials_ref, ks_credentials_unref)

static void
wipe_string (char *text)
{
  if (text == NULL)
    return;
  for (volatile char *p = text; *p; p++)
    *p = 0;
  g_free (text);
}

static const char *
non_empty_env (const char *name)
{
  const char *value = g_getenv (name);

  return value && *value ? value : NULL;
}

/* Rewrites an AWS INI file into GKeyFile syntax, one output line per input
 * line. */
static char *
normalize_ini (const char  *text,
               const char  *path,
               gboolean     config,
               GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  gboolean skipping = FALSE;

  for (guint i = 0; lines[i]; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      const char *start;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      start = line + strspn (line, " \t");

      if (*start == '[')
        {
          char *end = strrchr (start, ']');
          g_autofree char *name = NULL;

          if (end == NULL)
            {
              /* left as is: GKeyFile reports it with its line */
              g_string_append (out, line);
              g_string_append_c (out, '\n');
              continue;
            }
          name = g_strstrip (g_strndup (start + 1, end - start - 1));
          skipping = FALSE;
          if (config && g_str_has_prefix (name, "profile "))
            {
              g_autofree char *profile = g_strstrip (g_strdup (name + strlen ("profile ")));
              g_string_append_printf (out, "[%s]\n", profile);
            }
          else if (config && strcmp (name, "default") != 0)
            {
              skipping = TRUE;
              g_string_append_c (out, '\n');
            }
          else
            g_string_append_printf (out, "[%s]\n", name);
          continue;
        }
      if (skipping || *start == '\0' || *start == ';' || *start == '#' || start != line)
        {
          g_string_append_c (out, '\n');
          continue;
        }
      if (strchr (line, '=') == NULL)
        {
          /* said without quoting the line: it may hold a secret */
          g_set_error (error, KS_ERROR, KS_ERROR_PARSE,
                       "%s:%u: not a “key = value” line, a [section] or a comment", path, i + 1);
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Loads one shared file; a missing file is not an error (@key_file stays
 * NULL). */
static gboolean
load_ini (const char  *path,
          gboolean     config,
          GKeyFile   **key_file,
          GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *text = NULL;
  g_autofree char *normalized = NULL;
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  *key_file = NULL;
  if (!g_file_get_contents (path, &text, NULL, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND, "%s: %s", path, local->message);
      return FALSE;
    }
  normalized = normalize_ini (text, path, config, error);
  wipe_string (g_steal_pointer (&text));
  if (normalized == NULL)
    return FALSE;
  if (!g_key_file_load_from_data (kf, normalized, -1, G_KEY_FILE_NONE, &local))
    {
      /* GKeyFile's message quotes the line; ours does not */
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "%s: not an INI file that AWS tools can read", path);
      wipe_string (g_steal_pointer (&normalized));
      return FALSE;
    }
  wipe_string (g_steal_pointer (&normalized));
  *key_file = g_steal_pointer (&kf);
  return TRUE;
}

static char *
get_value (GKeyFile   *key_file,
           const char *profile,
           const char *key)
{
  char *value;

  if (key_file == NULL)
    return NULL;
  value = g_key_file_get_value (key_file, profile, key, NULL);
  if (value != NULL)
    {
      g_strstrip (value);
      if (*value == '\0')
        g_clear_pointer (&value, g_free);
    }
  return value;
}

static char *
shared_file_path (const char *variable,
                  const char *name)
{
  const char *set = non_empty_env (variable);

  if (set)
    {
      /* the SDKs expand a leading ~ here too */
      if (set[0] == '~' && (set[1] == '/' || set[1] == '\0'))
        return g_build_filename (g_get_home_dir (), set + 1, NULL);
      return g_strdup (set);
    }
  return g_build_filename (g_get_home_dir (), ".aws", name, NULL);
}

static char *
region_from_env (void)
{
  const char *region = non_empty_env ("AWS_REGION");

  if (region == NULL)
    region = non_empty_env ("AWS_DEFAULT_REGION");
  return g_strdup (region);
}

static KsCredentials *
load_profile (const char  *profile,
              gboolean     need_keys,
              GError     **error)
{
  g_autofree char *credentials_path = shared_file_path ("AWS_SHARED_CREDENTIALS_FILE", "credentials");
  g_autofree char *config_path = shared_file_path ("AWS_CONFIG_FILE", "config");
  g_autoptr(GKeyFile) credentials = NULL;
  g_autoptr(GKeyFile) config = NULL;
  g_autofree char *region = region_from_env ();
  g_autofree char *key_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *source = NULL;
  char *secret = NULL;
  GKeyFile *holder = NULL;
  const char *holder_path = NULL;
  KsCredentials *result;

  /* the config file is read only when it is needed: for the region, or
   * for keys */
  if ((region == NULL || need_keys) && !load_ini (config_path, TRUE, &config, error))
    return NULL;
  if (region == NULL)
    region = get_value (config, profile, "region");
  if (!need_keys)
    return ks_credentials_new ("", "", NULL, region, "environment");

  if (!load_ini (credentials_path, FALSE, &credentials, error))
    return NULL;
  /* the credentials file wins over keys written in the config file */
  if (credentials && g_key_file_has_group (credentials, profile))
    {
      holder = credentials;
      holder_path = credentials_path;
    }
  else if (config && g_key_file_has_group (config, profile))
    {
      holder = config;
      holder_path = config_path;
    }
  if (holder == NULL)
    {
      if (strcmp (profile, "default") == 0 && credentials == NULL && config == NULL)
        g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND,
                     "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                     "or write a [default] profile in %s", credentials_path);
      else
        g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND,
                     "AWS profile \"%s\" is in neither %s nor %s", profile, credentials_path, config_path);
      return NULL;
    }

  key_id = get_value (holder, profile, "aws_access_key_id");
  secret = get_value (holder, profile, "aws_secret_access_key");
  token = get_value (holder, profile, "aws_session_token");
  if (key_id == NULL || secret == NULL)
    {
      gboolean other = g_key_file_has_key (holder, profile, "credential_process", NULL) ||
                       g_key_file_has_key (holder, profile, "sso_session", NULL) ||
                       g_key_file_has_key (holder, profile, "sso_start_url", NULL) ||
                       g_key_file_has_key (holder, profile, "role_arn", NULL);

      if (other)
        g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                     "%s: profile \"%s\" gets its credentials from SSO, a role or a credential "
                     "process, which Keyshape does not support; export AWS_ACCESS_KEY_ID, "
                     "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (e.g. with "
                     "`aws configure export-credentials --format env`)", holder_path, profile);
      else
        g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                     "%s: profile \"%s\" has no %s", holder_path, profile,
                     key_id == NULL ? "aws_access_key_id" : "aws_secret_access_key");
      wipe_string (secret);
      return NULL;
    }
  source = g_strdup_printf ("profile %s in %s", profile, holder_path);
  result = ks_credentials_new (key_id, secret, token, region, source);
  wipe_string (secret);
  return result;
}

KsCredentials *
ks_credentials_new (const char *access_key_id,
                    const char *secret_access_key,
                    const char *session_token,
                    const char *region,
                    const char *source)
{
  KsCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  self = g_new0 (KsCredentials, 1);
  self->ref_count = 1;
  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  self->session_token = session_token && *session_token ? g_strdup (session_token) : NULL;
  self->region = region && *region ? g_strdup (region) : NULL;
  self->source = g_strdup (source ? source : "given");
  return self;
}

KsCredentials *
ks_credentials_load (const char  *profile,
                     GError     **error)
{
  const char *key_id = non_empty_env ("AWS_ACCESS_KEY_ID");
  const char *secret = non_empty_env ("AWS_SECRET_ACCESS_KEY");

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (profile == NULL && (key_id || secret))
    {
      g_autoptr(KsCredentials) settings = NULL;

      if (key_id == NULL || secret == NULL)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s is set in the environment but %s is not",
                       key_id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                       key_id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
          return NULL;
        }
      /* the keys come from the environment; the region may still come from
       * the config file's profile */
      profile = non_empty_env ("AWS_PROFILE");
      settings = load_profile (profile ? profile : "default", FALSE, error);
      if (settings == NULL)
        return NULL;
      return ks_credentials_new (key_id, secret, g_getenv ("AWS_SESSION_TOKEN"),
                                 settings->region, "environment");
    }
  if (profile == NULL)
    profile = non_empty_env ("AWS_PROFILE");
  if (profile == NULL)
    profile = "default";
  return load_profile (profile, TRUE, error);
}

KsCredentials *
ks_credentials_ref (KsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
ks_credentials_unref (KsCredentials *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  g_free (self->access_key_id);
  wipe_string (self->secret_access_key);
  wipe_string (self->session_token);
  g_free (self->region);
  g_free (self->source);
  g_free (self);
}

const char *
ks_credentials_get_access_key_id (KsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->access_key_id;
}

const char *
ks_credentials_get_secret_access_key (KsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->secret_access_key;
}

const char *
ks_credentials_get_session_token (KsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->session_token;
}

const char *
ks_credentials_get_region (KsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->region;
}

const char *
ks_credentials_get_source (KsCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->source;
}
