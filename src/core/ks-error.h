/* ks-error.h: the project's error domain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KS_ERROR (ks_error_quark ())

typedef enum
{
  KS_ERROR_PARSE,          /* malformed input (JSON, template, expression) */
  KS_ERROR_INVALID,        /* well-formed but not acceptable (wrong type, bad value) */
  KS_ERROR_VERSION,        /* file written by a newer Keyshape */
  KS_ERROR_NOT_FOUND,      /* unknown table, index, entity, attribute */
  KS_ERROR_VALIDATION,     /* DynamoDB ValidationException */
  KS_ERROR_RESOURCE_NOT_FOUND, /* DynamoDB ResourceNotFoundException */
  KS_ERROR_LIMIT,          /* a hard limit of Keyshape (nesting, size) */
} KsError;

GQuark ks_error_quark (void);

G_END_DECLS
