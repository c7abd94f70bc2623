/* ks-io.h: loading and saving design files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ks-design.h"

G_BEGIN_DECLS

typedef enum
{
  KS_FILE_FORMAT_UNKNOWN,
  KS_FILE_FORMAT_NATIVE,
  KS_FILE_FORMAT_WORKBENCH,
  KS_FILE_FORMAT_ONETABLE,
  KS_FILE_FORMAT_CLOUDFORMATION,   /* JSON or YAML */
  KS_FILE_FORMAT_CREATE_TABLE,
} KsFileFormat;

/* The largest file Keyshape reads (a design, not a data dump). */
#define KS_MAX_FILE_SIZE (512 * 1024 * 1024)

/* Reads a native design, a NoSQL Workbench model, a OneTable schema, a
 * CloudFormation template (JSON, or YAML) or AWS CLI create-table input,
 * detected by content.
 * @name (the file name) prefixes error messages. */
KsDesign *ks_io_load_data  (const char    *data,
                            gsize          length,
                            const char    *name,
                            KsFileFormat  *format,
                            GError       **error);
KsDesign *ks_io_load_file  (GFile         *file,
                            KsFileFormat  *format,
                            GCancellable  *cancellable,
                            GError       **error);
KsDesign *ks_io_load_path  (const char    *path,
                            KsFileFormat  *format,
                            GError       **error);
/* Like ks_io_load_file(), and an import (NoSQL Workbench, OneTable,
 * CloudFormation, create-table) adds
 * what it could not carry over to @warnings (char *, may be NULL). */
KsDesign *ks_io_import_file (GFile         *file,
                             KsFileFormat  *format,
                             GPtrArray     *warnings,
                             GCancellable  *cancellable,
                             GError       **error);
/* Writes the native format atomically: a temporary file renamed over the
 * old one, which stays intact on failure. */
gboolean  ks_io_save_file  (KsDesign      *design,
                            GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error);

G_END_DECLS
