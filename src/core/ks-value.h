/* ks-value.h: DynamoDB attribute values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  KS_TYPE_S,
  KS_TYPE_N,
  KS_TYPE_B,
  KS_TYPE_BOOL,
  KS_TYPE_NULL,
  KS_TYPE_M,
  KS_TYPE_L,
  KS_TYPE_SS,
  KS_TYPE_NS,
  KS_TYPE_BS,
  KS_N_TYPES,
  KS_TYPE_INVALID = -1
} KsType;

/**
 * KsValue:
 *
 * An immutable, reference-counted DynamoDB attribute value.
 *
 * S values hold UTF-8 text, N values their canonical decimal text (no
 * exponent, no superfluous zeros: DynamoDB's returned form), B values the
 * decoded bytes. M values keep their entries in insertion order; L and the
 * sets keep their elements in order. A value is never changed after it is
 * built: edits build new values, so undo can keep the old ones.
 */
typedef struct _KsValue KsValue;

typedef struct
{
  const char *name;             /* interned */
  KsValue    *value;
} KsMapEntry;

const char   *ks_type_to_string        (KsType          type);
KsType        ks_type_from_string      (const char     *str);
gboolean      ks_type_is_scalar_key    (KsType          type);

KsValue      *ks_value_ref             (KsValue        *value);
void          ks_value_unref           (KsValue        *value);

KsValue      *ks_value_new_string      (const char     *str,
                                        gssize          len);
KsValue      *ks_value_new_number      (const char     *text,
                                        GError        **error);
KsValue      *ks_value_new_number_int  (gint64          n);
KsValue      *ks_value_new_binary      (const guint8   *data,
                                        gsize           len);
KsValue      *ks_value_new_bool        (gboolean        b);
KsValue      *ks_value_new_null        (void);
/* Takes ownership of the values in @values (a GPtrArray of KsValue). */
KsValue      *ks_value_new_list        (KsType          type,
                                        GPtrArray      *values);
KsValue      *ks_value_new_empty_map   (void);
/* Takes @entries (g_malloc'd, @n of them, names interned and unique). */
KsValue      *ks_value_new_map_take    (KsMapEntry     *entries,
                                        guint           n);

KsType        ks_value_get_type        (const KsValue  *value);
const char   *ks_value_get_string      (const KsValue  *value,
                                        gsize          *len);
const char   *ks_value_get_number      (const KsValue  *value);
const guint8 *ks_value_get_binary      (const KsValue  *value,
                                        gsize          *len);
gboolean      ks_value_get_bool        (const KsValue  *value);
guint         ks_value_get_length      (const KsValue  *value);
KsValue      *ks_value_get_element     (const KsValue  *value,
                                        guint           index);
const KsMapEntry *ks_value_get_entry   (const KsValue  *value,
                                        guint           index);
KsValue      *ks_value_lookup          (const KsValue  *map,
                                        const char     *name);
/* Faster: @interned must come from g_intern_string(). */
KsValue      *ks_value_lookup_interned (const KsValue  *map,
                                        const char     *interned);
/* The same, trying position *@hint first and leaving there where the name
 * was found: lookups of one name in maps of one shape (items of an entity)
 * then cost one comparison. */
KsValue      *ks_value_lookup_interned_hint (const KsValue *map,
                                        const char     *interned,
                                        guint          *hint);
gdouble       ks_value_get_double      (const KsValue  *value);

/* Map builders: return a new map; the argument is not changed. */
KsValue      *ks_map_set               (const KsValue  *map,
                                        const char     *name,
                                        KsValue        *value);
KsValue      *ks_map_remove            (const KsValue  *map,
                                        const char     *name);

/* A map under construction, for readers and the engine. */
typedef struct _KsMapBuilder KsMapBuilder;
KsMapBuilder *ks_map_builder_new       (guint           reserve);
void          ks_map_builder_add       (KsMapBuilder   *builder,
                                        const char     *name,
                                        KsValue        *value);
void          ks_map_builder_set       (KsMapBuilder   *builder,
                                        const char     *name,
                                        KsValue        *value);
void          ks_map_builder_add_interned (KsMapBuilder *builder,
                                        const char     *interned,
                                        KsValue        *value);
void          ks_map_builder_set_interned (KsMapBuilder *builder,
                                        const char     *interned,
                                        KsValue        *value);
KsValue      *ks_map_builder_end       (KsMapBuilder   *builder);

gboolean      ks_value_equal           (const KsValue  *a,
                                        const KsValue  *b);
/* Orders two values of the same key type (S, N, B) the DynamoDB way, or two
 * L tuples component by component (multi-attribute keys). */
int           ks_value_compare         (const KsValue  *a,
                                        const KsValue  *b);
guint         ks_value_hash            (const KsValue  *value);
gsize         ks_value_size            (const KsValue  *value);
gsize         ks_item_size             (const KsValue  *map);

/* Numbers */
gboolean      ks_number_canonicalize   (const char     *text,
                                        char          **canonical,
                                        GError        **error);
int           ks_number_compare        (const char     *a,
                                        const char     *b);
gsize         ks_number_size           (const char     *canonical);
/* An order-preserving 64-bit key of a canonical number: a < b implies
 * key (a) <= key (b); numbers that agree in sign, magnitude and their
 * first 16 significant digits share a key. */
guint64       ks_number_order_key      (const char     *canonical);

/* The shortest text that reads back as @d (g_ascii_dtostr() writes 17
 * digits: 0.99 becomes 0.98999999999999999). Returns @buf. */
const char   *ks_format_double         (char           *buf,
                                        gsize           len,
                                        double          d);

/* DynamoDB JSON ({"S": "x"}) */
KsValue      *ks_value_from_ddb_json   (JsonNode       *node,
                                        const char     *path,
                                        GError        **error);
KsValue      *ks_item_from_ddb_json    (JsonNode       *node,
                                        const char     *path,
                                        GError        **error);
/* The same from generic values (ks_json_parse(), ks_value_from_json_node()) */
KsValue      *ks_value_from_ddb_generic (const KsValue *generic,
                                        const char     *path,
                                        GError        **error);
KsValue      *ks_item_from_ddb_generic (const KsValue  *generic,
                                        const char     *path,
                                        GError        **error);
/* A JsonNode as a generic value: object → M, array → L, string → S,
 * number → N, true/false → BOOL, null → NULL. */
KsValue      *ks_value_from_json_node  (JsonNode       *node);
JsonNode     *ks_value_to_ddb_json     (const KsValue  *value);
JsonNode     *ks_item_to_ddb_json      (const KsValue  *map);
KsValue      *ks_value_new_binary_base64 (const char *text,
                                        const char     *path,
                                        GError        **error);

/* Plain JSON, as the document clients marshal items: string → S, number → N,
 * array → L, object → M. @declared (or KS_TYPE_INVALID) picks N, B and the
 * set types where an attribute is declared so. */
KsValue      *ks_value_from_plain_json (JsonNode      *node,
                                        KsType          declared,
                                        const char     *path,
                                        GError        **error);
/* Values plain JSON cannot say (nested sets and binaries, numbers a double
 * cannot hold outside a declared N, a type other than @declared) are
 * written as {"$ddb": <DynamoDB JSON>}, which the reader takes back. */
KsValue      *ks_value_from_plain_generic (const KsValue *generic,
                                        KsType          declared,
                                        const char     *path,
                                        GError        **error);
JsonNode     *ks_value_to_plain_json   (const KsValue  *value,
                                        KsType          declared);
/* The same as text, appended to @out (one line, ", " and ": " spacing). */
void          ks_value_append_plain_json (GString      *out,
                                        const KsValue  *value,
                                        KsType          declared);
void          ks_value_append_ddb_json (GString        *out,
                                        const KsValue  *value);
/* Appends @s (@len bytes) as a quoted, escaped JSON string. */
void          ks_json_append_string    (GString        *out,
                                        const char     *s,
                                        gsize           len);
/* Parses text typed in a grid cell or entry for an attribute of @type. */
KsValue      *ks_value_parse_text      (const char     *text,
                                        KsType          type,
                                        GError        **error);

/* Text form used in DynamoDB messages: {S:b} */
char         *ks_value_to_message_string (const KsValue *value);
/* Short human text for previews and grids */
char         *ks_value_to_display      (const KsValue  *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsValue, ks_value_unref)

G_END_DECLS
