/* ks-import-private.h: helpers shared by the readers (native, NoSQL
 * Workbench, OneTable, CloudFormation, create-table)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets @error (KS_ERROR_INVALID) to "@path: message", or to the message
 * alone where @path is NULL or "" (the document itself). Returns FALSE,
 * for `return ks_import_fail (…)`. */
gboolean ks_import_fail (GError     **error,
                         const char  *path,
                         const char  *format,
                         ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
