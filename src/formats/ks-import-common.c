/* ks-import-common.c: helpers shared by the readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-import"

#include "config.h"

#include "ks-error.h"
#include "ks-import-private.h"

gboolean
ks_import_fail (GError     **error,
                const char  *path,
                const char  *format,
                ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (path == NULL || *path == '\0')
    g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s", message);
  else
    g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s", path, message);
  return FALSE;
}
