/* test-credentials.c: AWS credentials and region from the environment and
 * the shared files, in a temporary HOME
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ks-credentials.h"
#include "ks-error.h"

static char *home;

static const char *env_names[] = {
  "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION",
  "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
};

static char *
aws_path (const char *name)
{
  return g_build_filename (home, ".aws", name, NULL);
}

static void
write_file (const char *name,
            const char *text)
{
  g_autofree char *path = aws_path (name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* Each test starts with no AWS variables and no shared files. */
static void
reset (void)
{
  g_autofree char *credentials = aws_path ("credentials");
  g_autofree char *config = aws_path ("config");

  for (guint i = 0; i < G_N_ELEMENTS (env_names); i++)
    g_unsetenv (env_names[i]);
  g_remove (credentials);
  g_remove (config);
}

static void
assert_no_secret (const GError *error,
                  const char   *secret)
{
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, secret));
}

static void
test_environment (void)
{
  g_autoptr(KsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;

  reset ();
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);
  g_setenv ("AWS_SESSION_TOKEN", "env-token", TRUE);
  g_setenv ("AWS_DEFAULT_REGION", "eu-west-1", TRUE);
  /* a credentials file is there but the environment comes first */
  write_file ("credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n");

  c = ks_credentials_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ks_credentials_get_access_key_id (c), ==, "AKIDENV");
  g_assert_cmpstr (ks_credentials_get_secret_access_key (c), ==, "env-secret");
  g_assert_cmpstr (ks_credentials_get_session_token (c), ==, "env-token");
  g_assert_cmpstr (ks_credentials_get_region (c), ==, "eu-west-1");
  g_assert_cmpstr (ks_credentials_get_source (c), ==, "environment");

  /* AWS_REGION wins over AWS_DEFAULT_REGION */
  g_setenv ("AWS_REGION", "ap-south-1", TRUE);
  g_clear_pointer (&c, ks_credentials_unref);
  c = ks_credentials_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ks_credentials_get_region (c), ==, "ap-south-1");
}

static void
test_environment_incomplete (void)
{
  g_autoptr(KsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;

  reset ();
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  c = ks_credentials_load (NULL, &error);
  g_assert_null (c);
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "AWS_SECRET_ACCESS_KEY"));
}

/* Keys from the environment, the region from the config file's profile */
static void
test_environment_region_from_config (void)
{
  g_autoptr(KsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;

  reset ();
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);
  write_file ("config", "[default]\nregion = us-west-2\n");
  c = ks_credentials_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ks_credentials_get_region (c), ==, "us-west-2");
  g_assert_null (ks_credentials_get_session_token (c));
}

static void
test_default_profile (void)
{
  g_autoptr(KsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credentials = aws_path ("credentials");
  g_autofree char *source = g_strdup_printf ("profile default in %s", credentials);

  reset ();
  write_file ("credentials",
              "# written by aws configure\n"
              "[default]\n"
              "aws_access_key_id=AKIDDEFAULT\n"
              "aws_secret_access_key = default/secret+key\n");
  write_file ("config", "[default]\nregion = eu-central-1\noutput = json\n");
  c = ks_credentials_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ks_credentials_get_access_key_id (c), ==, "AKIDDEFAULT");
  g_assert_cmpstr (ks_credentials_get_secret_access_key (c), ==, "default/secret+key");
  g_assert_null (ks_credentials_get_session_token (c));
  g_assert_cmpstr (ks_credentials_get_region (c), ==, "eu-central-1");
  g_assert_cmpstr (ks_credentials_get_source (c), ==, source);
}

/* AWS_PROFILE, `[profile NAME]` in config, and the dialect GKeyFile does
 * not know: `;` comments, indented sub-settings, CRLF, sections that are
 * not profiles. */
static void
test_named_profile (void)
{
  g_autoptr(KsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;

  reset ();
  g_setenv ("AWS_PROFILE", "dev", TRUE);
  write_file ("credentials",
              "[default]\r\n"
              "aws_access_key_id = AKIDDEFAULT\r\n"
              "aws_secret_access_key = default-secret\r\n"
              "\r\n"
              "; the team's sandbox\r\n"
              "[dev]\r\n"
              "aws_access_key_id = AKIDDEV\r\n"
              "aws_secret_access_key = dev\\secret\r\n"
              "aws_session_token = dev-token\r\n");
  write_file ("config",
              "[default]\n"
              "region = us-east-1\n"
              "[sso-session corp]\n"
              "sso_region = us-east-1\n"
              "[profile dev]\n"
              "region = eu-north-1\n"
              "s3 =\n"
              "  max_concurrent_requests = 20\n"
              "  multipart_threshold = 64MB\n"
              "; a comment\n"
              "# another\n");
  c = ks_credentials_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ks_credentials_get_access_key_id (c), ==, "AKIDDEV");
  /* read raw: a backslash is not an escape */
  g_assert_cmpstr (ks_credentials_get_secret_access_key (c), ==, "dev\\secret");
  g_assert_cmpstr (ks_credentials_get_session_token (c), ==, "dev-token");
  g_assert_cmpstr (ks_credentials_get_region (c), ==, "eu-north-1");

  /* an explicit profile wins over AWS_PROFILE and over keys in the
   * environment */
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "env-secret", TRUE);
  g_clear_pointer (&c, ks_credentials_unref);
  c = ks_credentials_load ("default", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ks_credentials_get_access_key_id (c), ==, "AKIDDEFAULT");
  g_assert_cmpstr (ks_credentials_get_region (c), ==, "us-east-1");
}

/* Keys written in the config file, `[profile default]`, and the files
 * named by AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE */
static void
test_config_keys_and_file_variables (void)
{
  g_autoptr(KsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *elsewhere = g_build_filename (home, "elsewhere.ini", NULL);

  reset ();
  write_file ("config", "[profile default]\naws_access_key_id = AKIDCONFIG\n"
                        "aws_secret_access_key = config-secret\nregion = sa-east-1\n");
  c = ks_credentials_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ks_credentials_get_access_key_id (c), ==, "AKIDCONFIG");
  g_assert_cmpstr (ks_credentials_get_region (c), ==, "sa-east-1");

  g_file_set_contents (elsewhere, "[ci]\naws_access_key_id = AKIDCI\naws_secret_access_key = ci-secret\n", -1, &error);
  g_assert_no_error (error);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", elsewhere, TRUE);
  g_setenv ("AWS_CONFIG_FILE", "/nonexistent/keyshape/config", TRUE);
  g_clear_pointer (&c, ks_credentials_unref);
  c = ks_credentials_load ("ci", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ks_credentials_get_access_key_id (c), ==, "AKIDCI");
  g_assert_null (ks_credentials_get_region (c));
  g_remove (elsewhere);
}

static void
test_missing (void)
{
  g_autoptr(KsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;

  reset ();
  c = ks_credentials_load (NULL, &error);
  g_assert_null (c);
  g_assert_error (error, KS_ERROR, KS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "AWS_ACCESS_KEY_ID"));
  g_clear_error (&error);

  write_file ("credentials", "[default]\naws_access_key_id = A\naws_secret_access_key = default-secret\n");
  c = ks_credentials_load ("prod", &error);
  g_assert_null (c);
  g_assert_error (error, KS_ERROR, KS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "\"prod\""));
  g_assert_nonnull (strstr (error->message, "credentials"));
  assert_no_secret (error, "default-secret");
}

static void
test_unsupported_and_incomplete (void)
{
  g_autoptr(KsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;

  reset ();
  write_file ("config", "[profile sso]\nsso_session = corp\nsso_account_id = 1\nregion = us-east-1\n");
  write_file ("credentials", "[half]\naws_access_key_id = AKIDHALF\n");
  c = ks_credentials_load ("sso", &error);
  g_assert_null (c);
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "SSO"));
  g_clear_error (&error);

  c = ks_credentials_load ("half", &error);
  g_assert_null (c);
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "aws_secret_access_key"));
}

static void
test_malformed (void)
{
  g_autoptr(KsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *credentials = aws_path ("credentials");

  reset ();
  write_file ("credentials", "[default]\naws_access_key_id = A\naws_secret_access_key = very-secret\nthis is not ini\n");
  c = ks_credentials_load (NULL, &error);
  g_assert_null (c);
  g_assert_error (error, KS_ERROR, KS_ERROR_PARSE);
  /* names the file; never quotes a secret */
  g_assert_true (g_str_has_prefix (error->message, credentials));
  g_assert_nonnull (strstr (error->message, ":4:"));
  assert_no_secret (error, "very-secret");
  g_clear_error (&error);

  /* a line missing its '=' is not quoted back */
  write_file ("credentials", "[default]\naws_access_key_id = A\naws_secret_access_key very-secret\n");
  c = ks_credentials_load (NULL, &error);
  g_assert_null (c);
  g_assert_error (error, KS_ERROR, KS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, ":3:"));
  assert_no_secret (error, "very-secret");
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aws = NULL;
  int status;

  /* before anything asks GLib for the home directory, which it caches */
  home = g_dir_make_tmp ("keyshape-credentials-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", home, TRUE);
  aws = g_build_filename (home, ".aws", NULL);
  g_mkdir (aws, 0700);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/credentials/environment", test_environment);
  g_test_add_func ("/keyshape/credentials/environment-incomplete", test_environment_incomplete);
  g_test_add_func ("/keyshape/credentials/environment-region-from-config", test_environment_region_from_config);
  g_test_add_func ("/keyshape/credentials/default-profile", test_default_profile);
  g_test_add_func ("/keyshape/credentials/named-profile", test_named_profile);
  g_test_add_func ("/keyshape/credentials/config-keys-and-file-variables", test_config_keys_and_file_variables);
  g_test_add_func ("/keyshape/credentials/missing", test_missing);
  g_test_add_func ("/keyshape/credentials/unsupported-and-incomplete", test_unsupported_and_incomplete);
  g_test_add_func ("/keyshape/credentials/malformed", test_malformed);
  status = g_test_run ();

  reset ();
  g_rmdir (aws);
  g_rmdir (home);
  g_free (home);
  return status;
}
