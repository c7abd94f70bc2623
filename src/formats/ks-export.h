/* ks-export.h: every export format, by name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

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

/* Writes @engine's design in @format to @file (replaced atomically). A
 * format with a file writer may also write files beside it (the Markdown
 * review document writes its diagrams to FILE-diagrams/). */
gboolean ks_export_to_file  (KsEngine    *engine,
                             const char  *format,
                             GFile       *file,
                             GPtrArray   *warnings,
                             GError     **error);

/* Formats provided by a higher layer ---------------------------------------
 *
 * src/formats may not use src/render, so formats that need it (the review
 * documents draw diagrams) are written in a higher layer and registered at
 * start-up: ks_review_register_exports() (src/review) adds "markdown" and
 * "html". A program that never registers them simply does not list them.
 */
typedef char    *(*KsExportFunc)     (KsEngine    *engine,
                                      GPtrArray   *warnings,
                                      GError     **error);
typedef gboolean (*KsExportFileFunc) (KsEngine    *engine,
                                      GFile       *file,
                                      GPtrArray   *warnings,
                                      GError     **error);

/* Adds @format (its strings must stay valid: static) to the registry, or
 * replaces the writers of a format of that name registered before.
 * @to_file may be NULL: the text of @to_string is written. */
void     ks_export_register (const KsExportFormat *format,
                             KsExportFunc          to_string,
                             KsExportFileFunc      to_file);

G_END_DECLS
