/* ks-generator-private.h: helpers shared by the generator's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-generator.h"

G_BEGIN_DECLS

#define KS_GENERATOR_DEFAULT_FROM "2024-01-01T00:00:00Z"
#define KS_GENERATOR_DEFAULT_TO   "2024-12-31T23:59:59Z"

typedef enum
{
  KS_TIME_ISO,        /* 2024-03-01T10:00:00Z */
  KS_TIME_ISO_MS,     /* 2024-03-01T10:00:00.123Z */
  KS_TIME_DATE,       /* 2024-03-01 */
  KS_TIME_EPOCH,      /* seconds since 1970, a number */
  KS_TIME_EPOCH_MS,   /* milliseconds since 1970, a number */
} KsTimeFormat;

/* Milliseconds since 1970 of an ISO-8601 date or date-time (a date-only
 * text is midnight UTC; a date-time without zone is UTC). */
gboolean     _ks_generator_parse_time  (const char    *text,
                                        gint64        *ms);
/* The format an ISO-8601 text is written in, or -1 when it is not one the
 * generator writes. */
int          _ks_generator_time_format (const char    *text);
const char  *_ks_generator_time_format_to_string (KsTimeFormat format);

/* Whether @name looks like an identifier: id, Id or _id at its end. */
gboolean     _ks_generator_is_id_name  (const char    *name);
/* The widest pad:N the entity's templates apply to @attribute, or 0. */
guint        _ks_generator_pad_width   (KsEntity      *entity,
                                        const char    *attribute);

G_END_DECLS
