/* ks-template.h: key templates such as CUSTOMER#${customerId}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ks-value.h"

G_BEGIN_DECLS

/*
 * Syntax (see docs in README.md, "Key templates"):
 *
 *   literal text     any character but '$', '{', '}' and '\'
 *   ${name}          the item's value of attribute "name"
 *   ${name|f|f:arg}  the same through filters, left to right:
 *                      pad:N    zero-pad a number to N digits (integer part)
 *                      upper    upper-case
 *                      lower    lower-case
 *   \$ \{ \} \\      a literal '$', '{', '}' or '\'
 *
 * KS_TEMPLATE_LENIENT (used on import) also accepts {name}, as NoSQL
 * Workbench aliases write it; ks_template_to_string() then writes ${name}.
 */

typedef enum
{
  KS_TEMPLATE_STRICT  = 0,
  KS_TEMPLATE_LENIENT = 1 << 0,
} KsTemplateFlags;

typedef enum
{
  KS_FILTER_PAD,
  KS_FILTER_UPPER,
  KS_FILTER_LOWER,
} KsFilterKind;

typedef struct
{
  KsFilterKind kind;
  guint        arg;
} KsFilter;

typedef struct
{
  gboolean    is_attr;
  char       *text;       /* literal text, or the attribute name */
  guint       offset;     /* byte offset in the source text */
  guint       length;     /* byte length in the source text */
  KsFilter   *filters;
  guint       n_filters;
  gsize       text_len;   /* strlen (text) */
} KsSegment;

typedef struct _KsTemplate KsTemplate;

typedef enum
{
  KS_RENDER_OK,
  KS_RENDER_MISSING,      /* an attribute is absent: the key is absent */
  KS_RENDER_ERROR,        /* wrong type, unrenderable value */
} KsRenderResult;

/* A rendered key and, for previews, which byte ranges came from attributes. */
typedef struct
{
  guint start;
  guint end;
  guint segment;
} KsSpan;

/* On a syntax error, *error_pos (optional) receives the byte offset of the
 * problem and the message starts with "position N: ". */
KsTemplate   *ks_template_parse        (const char       *text,
                                        KsTemplateFlags   flags,
                                        guint            *error_pos,
                                        GError          **error);
KsTemplate   *ks_template_ref          (KsTemplate       *tmpl);
void          ks_template_unref        (KsTemplate       *tmpl);
const char   *ks_template_get_source   (KsTemplate       *tmpl);
char         *ks_template_to_string    (KsTemplate       *tmpl);
guint         ks_template_get_n_segments (KsTemplate     *tmpl);
const KsSegment *ks_template_get_segment (KsTemplate     *tmpl,
                                        guint             index);
/* The attribute of a template that is exactly one placeholder without
 * filters, or NULL. */
const char   *ks_template_get_single_attribute (KsTemplate *tmpl);
gboolean      ks_template_is_literal   (KsTemplate       *tmpl);
/* Attribute names referenced, in order, without duplicates. */
GPtrArray    *ks_template_get_attributes (KsTemplate     *tmpl);
/* The literal text before the first placeholder. */
const char   *ks_template_get_prefix   (KsTemplate       *tmpl);

/* Renders the key for @item (an M value) as a value of @key_type (S, N or B).
 * On KS_RENDER_MISSING, *missing names the absent attribute; on
 * KS_RENDER_ERROR, @error says why. @spans (optional, KsSpan) receives the
 * ranges that came from attributes. */
KsRenderResult ks_template_render      (KsTemplate       *tmpl,
                                        const KsValue    *item,
                                        KsType            key_type,
                                        KsValue         **out,
                                        const char      **missing,
                                        GArray           *spans,
                                        GError          **error);
/* Renders with a plain lookup function (access-pattern parameters). */
typedef KsValue *(*KsLookupFunc) (const char *name, gpointer data);
KsRenderResult ks_template_render_with (KsTemplate       *tmpl,
                                        KsLookupFunc      lookup,
                                        gpointer          data,
                                        KsType            key_type,
                                        KsValue         **out,
                                        const char      **missing,
                                        GArray           *spans,
                                        GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsTemplate, ks_template_unref)

G_END_DECLS
