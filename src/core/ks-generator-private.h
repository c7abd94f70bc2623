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

KsTimeFormat _ks_generator_time_format_from_string (const char *text);

/* A spec's parameter, or @fallback when the spec does not set it (specs
 * are checked first: ks_generator_check_spec()). */
double       _ks_generator_spec_number (const KsValue *spec,
                                        const char    *name,
                                        double         fallback);
const char  *_ks_generator_spec_string (const KsValue *spec,
                                        const char    *name,
                                        const char    *fallback);
/* Milliseconds since 1970 of a timestamp parameter. */
gint64       _ks_generator_spec_time   (const KsValue *spec,
                                        const char    *name,
                                        const char    *fallback);

/* Whether @name looks like an identifier: id, Id or _id at its end. */
gboolean     _ks_generator_is_id_name  (const char    *name);
/* The widest pad:N the entity's templates apply to @attribute, or 0. */
guint        _ks_generator_pad_width   (KsEntity      *entity,
                                        const char    *attribute);

/* Keys (ks-generator-keys.c) */

/* One key attribute of the table or its indexes, as an entity fills it. */
typedef struct
{
  const char *name;
  KsType      type;
  gboolean    is_sort;
  gboolean    is_table;
  KsTemplate *tmpl;        /* the entity's template, or NULL: own value */
} KsKeySlot;

typedef enum
{
  KS_KEY_OK,
  KS_KEY_ABSENT,
  KS_KEY_BAD,
} KsKeyResult;

/* The entity's key attributes in its table: the table's, then the indexes'
 * (KsKeySlot). */
GArray      *_ks_generator_key_slots   (KsTable       *table,
                                        KsEntity      *entity);
/* Renders (or looks up) one key of @values; *why says what is wrong. */
KsKeyResult    _ks_generator_render_key  (const KsKeySlot *slot,
                                        const KsValue *values,
                                        KsValue      **out,
                                        char         **why);
/* The primary key of @values as one value (pk, or a list [pk, sk]), or
 * NULL with *why set; *bad: the key is wrong rather than absent. */
KsValue     *_ks_generator_primary_key (GArray        *slots,
                                        const KsValue *values,
                                        gboolean      *bad,
                                        char         **why);
/* The attributes the table key templates read, for messages. */
char        *_ks_generator_table_key_attributes (GArray *slots);

G_END_DECLS
