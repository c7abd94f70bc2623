/* ks-lint-private.h: what the lint rule files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-cost.h"
#include "ks-design.h"
#include "ks-engine.h"

G_BEGIN_DECLS

/* Thresholds of the warnings (dynamodb-rules.md §3.3, §7.3, §11). */
#define KS_ITEM_SIZE_LIMIT         409600   /* §3.3, inclusive */
#define KS_ITEM_NEAR_LIMIT         368640   /* 90 %: headroom for UpdateItem, §3.3 */
#define KS_FEW_PARTITIONS          10       /* "all items in few partitions" */
#define KS_FEW_PARTITIONS_ITEMS    100000   /* … once an entity expects this many */

typedef struct
{
  KsEngine     *engine;
  KsDesign     *design;
  GPtrArray    *out;          /* KsProblem */
  KsCostReport *cost;
  GHashTable   *positions;    /* KsItem → 1 + its index in position_array */
  GArray       *position_array;
} KsLintContext;

/* Appends a finding. @entity, @item and @attribute may be NULL. */
KsProblem *_ks_lint_add            (KsLintContext *ctx,
                                    KsSeverity     severity,
                                    const char    *rule,
                                    char          *path,        /* taken */
                                    KsEntity      *entity,
                                    KsItem        *item,
                                    const char    *attribute,
                                    const char    *format,
                                    ...) G_GNUC_PRINTF (8, 9);
/* entities[E].items[I] */
char      *_ks_lint_item_path      (KsLintContext *ctx,
                                    KsItem        *item);
/* "Order item 3" */
char      *_ks_lint_item_label     (KsLintContext *ctx,
                                    KsItem        *item);
guint      _ks_lint_entity_index   (KsLintContext *ctx,
                                    KsEntity      *entity);
guint      _ks_lint_table_index    (KsLintContext *ctx,
                                    KsTable       *table);
guint      _ks_lint_pattern_index  (KsLintContext *ctx,
                                    KsPattern     *pattern);
/* tables[T] or tables[T].indexes[I] */
char      *_ks_lint_view_path      (KsLintContext *ctx,
                                    KsView        *view);

/* Rule families, one file each (ks-lint-rules-*.c) */
void       _ks_lint_rules_schema   (KsLintContext *ctx);
void       _ks_lint_rules_items    (KsLintContext *ctx);
void       _ks_lint_rules_keys     (KsLintContext *ctx);
void       _ks_lint_rules_patterns (KsLintContext *ctx);
void       _ks_lint_rules_load     (KsLintContext *ctx);

/* Key matching (ks-lint-match.c) -------------------------------------------
 *
 * What a key template can produce: literal text is fixed, a placeholder can
 * be any text. The checks are sound for errors: "cannot" means no value of
 * the attributes makes it so.
 */

/* Whether some key from @tmpl (of type S) satisfies `key op v` (and `to` for
 * BETWEEN). */
gboolean   _ks_template_can_match  (KsTemplate    *tmpl,
                                    KsSortOp       op,
                                    const KsValue *v,
                                    const KsValue *to);
/* Whether @key satisfies `key op v` (`to` for BETWEEN): DynamoDB's order. */
gboolean   _ks_key_matches         (const KsValue *key,
                                    KsSortOp       op,
                                    const KsValue *v,
                                    const KsValue *to);
/* Whether two templates can produce the same key, assuming placeholder
 * values do not contain the separators (# | : / …) of the literal text,
 * as typed prefixes intend (rules §9). A template without any literal text
 * can produce anything. */
gboolean   _ks_templates_may_collide (KsTemplate  *a,
                                    KsTemplate    *b);
/* Renders a pattern's value template with its parameters; NULL with
 * @error set when a parameter is missing or the template is bad. */
KsValue   *_ks_pattern_render      (KsPattern     *pattern,
                                    const char    *text,
                                    KsType         type,
                                    GError       **error);
/* The key attribute a pattern condition names (NULL: the view's key at
 * @position). */
const char *_ks_condition_key_attribute (const KsKeySchema *schema,
                                    const char    *attr,
                                    gboolean       sort,
                                    guint          position,
                                    KsType        *type);
/* The top-level attribute names an expression reads (not :values, not
 * #aliases, not function names or keywords). */
GPtrArray *_ks_expression_attributes (const char *text);
/* The view a pattern targets (its table, or the only table, and index),
 * or NULL with *why (optional) saying what is missing. */
KsView    *_ks_pattern_get_view    (KsEngine      *engine,
                                    KsPattern     *pattern,
                                    char         **why);
/* Whether an entity's items can be in @view at all: it has a template or
 * sample values for every key attribute of the view. */
gboolean   _ks_entity_in_view      (KsEntity      *entity,
                                    KsView        *view);
/* Whether @entity can have a key matching the pattern's key condition on
 * @view. Where the entity has no template for a key, its sample items'
 * values decide. *why (optional) says which key cannot match. */
gboolean   _ks_entity_can_match_pattern (KsEntity *entity,
                                    KsPattern     *pattern,
                                    KsView        *view,
                                    char         **why);

G_END_DECLS
