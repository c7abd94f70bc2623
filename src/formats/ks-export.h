/* ks-export.h: every export format, by name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-engine.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;          /* as given to `keyshape-cli export --format` */
  const char *title;         /* for the window's format chooser */
  const char *extension;     /* file name suffix, with the dot */
  const char *mime_type;
} KsExportFormat;

/* NULL-terminated by a zeroed entry. */
const KsExportFormat *ks_export_get_formats (void);
const KsExportFormat *ks_export_find_format (const char  *name);

/* Writes @engine's design in @format. Things the format cannot express are
 * reported in @warnings (char *, may be NULL) and left out. */
char *ks_export_to_string (KsEngine    *engine,
                           const char  *format,
                           GPtrArray   *warnings,
                           GError     **error);

G_END_DECLS
