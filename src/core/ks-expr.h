/* ks-expr.h: DynamoDB expressions (key conditions, filters, projections)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ks-types.h"
#include "ks-value.h"

G_BEGIN_DECLS

/**
 * KsExprKind:
 *
 * Which request parameter an expression came from; it picks the prefix of
 * DynamoDB's error messages ("Invalid FilterExpression: …").
 */
typedef enum
{
  KS_EXPR_KEY_CONDITION,
  KS_EXPR_FILTER,
  KS_EXPR_CONDITION,
  KS_EXPR_PROJECTION,
} KsExprKind;

const char *ks_expr_kind_to_string (KsExprKind kind);

/* Reserved words (ks-reserved.c) */
gboolean    ks_is_reserved_word     (const char *word);
guint       ks_reserved_words_count (void);
/* Whether an attribute name must be aliased with #name in an expression:
 * a reserved word, or not of the form [A-Za-z_][A-Za-z0-9_]*. */
gboolean    ks_attribute_name_needs_alias (const char *name);

/* Placeholders ------------------------------------------------------------ */

/**
 * KsExprContext:
 *
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request,
 * and which of them the request's expressions used.
 */
typedef struct _KsExprContext KsExprContext;

KsExprContext *ks_expr_context_new        (void);
void           ks_expr_context_free       (KsExprContext  *ctx);
/* From the request members (a JSON object, or NULL when absent). Errors
 * carry DynamoDB's messages (KS_ERROR_VALIDATION, or KS_ERROR_PARSE for
 * what DynamoDB reports as a SerializationException). */
gboolean       ks_expr_context_set_names  (KsExprContext  *ctx,
                                           JsonNode       *names,
                                           GError        **error);
gboolean       ks_expr_context_set_values (KsExprContext  *ctx,
                                           JsonNode       *values,
                                           GError        **error);
/* Typed API, for requests built in C (access patterns). */
void           ks_expr_context_add_name   (KsExprContext  *ctx,
                                           const char     *placeholder,
                                           const char     *name);
void           ks_expr_context_add_value  (KsExprContext  *ctx,
                                           const char     *placeholder,
                                           KsValue        *value);
gboolean       ks_expr_context_has_names  (KsExprContext  *ctx);
gboolean       ks_expr_context_has_values (KsExprContext  *ctx);
/* After parsing every expression: DynamoDB refuses unused placeholders. */
gboolean       ks_expr_context_check_unused (KsExprContext *ctx,
                                           GError        **error);

/* Document paths ---------------------------------------------------------- */

typedef struct
{
  const char *name;     /* NULL for a list index */
  guint64     index;
} KsPathElem;

typedef struct
{
  guint       n_elems;
  KsPathElem *elems;
} KsPath;

/* The value at @path in @item (an M value), or NULL. Not a new reference. */
KsValue    *ks_path_resolve       (const KsPath   *path,
                                   const KsValue  *item);
/* DynamoDB's rendering in messages: [a, b, [2], c] */
char       *ks_path_to_string     (const KsPath   *path);

/* Condition expressions (KeyConditionExpression, FilterExpression,
 * ConditionExpression) --------------------------------------------------- */

typedef enum
{
  KS_NODE_OR,
  KS_NODE_AND,
  KS_NODE_NOT,
  KS_NODE_EQ,
  KS_NODE_NE,
  KS_NODE_LT,
  KS_NODE_LE,
  KS_NODE_GT,
  KS_NODE_GE,
  KS_NODE_BETWEEN,
  KS_NODE_IN,
  KS_NODE_FUNCTION,
  KS_NODE_PATH,
  KS_NODE_VALUE,
  KS_NODE_ARGS,         /* internal: an argument list */
} KsNodeType;

typedef enum
{
  KS_FUNC_UNKNOWN,
  KS_FUNC_ATTRIBUTE_EXISTS,
  KS_FUNC_ATTRIBUTE_NOT_EXISTS,
  KS_FUNC_ATTRIBUTE_TYPE,
  KS_FUNC_BEGINS_WITH,
  KS_FUNC_CONTAINS,
  KS_FUNC_SIZE,
} KsFunction;

typedef struct _KsExprNode KsExprNode;

struct _KsExprNode
{
  KsNodeType   type;
  KsFunction   func;        /* KS_NODE_FUNCTION */
  const char  *func_name;   /* KS_NODE_FUNCTION, as written */
  KsType       result_type; /* type a function yields, or KS_TYPE_INVALID */
  guint        n_args;
  KsExprNode **args;        /* operands (OR/AND/NOT/comparisons/functions) */
  KsPath       path;        /* KS_NODE_PATH */
  KsValue     *value;       /* KS_NODE_VALUE; NULL when undefined */
  const char  *placeholder; /* KS_NODE_VALUE: the ":name" */
};

typedef struct _KsCondition KsCondition;

/* Parses and checks @text as DynamoDB does (syntax, placeholders, reserved
 * words, functions and operand types). Errors are KS_ERROR_VALIDATION with
 * DynamoDB's message, prefixed "Invalid FilterExpression: " etc. */
KsCondition      *ks_condition_parse           (const char     *text,
                                                KsExprKind      kind,
                                                KsExprContext  *ctx,
                                                GError        **error);
void              ks_condition_free            (KsCondition    *cond);
const KsExprNode *ks_condition_get_root        (KsCondition    *cond);
/* Whether the expression names top-level attribute @attr (as the head of
 * a path), and whether it uses a nested path under it (a.b, a[0]). */
gboolean          ks_condition_references      (KsCondition    *cond,
                                                const char     *attr);
gboolean          ks_condition_has_nested_path (KsCondition    *cond,
                                                const char     *attr);
/* Evaluates the condition on @item (an M value). */
gboolean          ks_condition_evaluate        (KsCondition    *cond,
                                                const KsValue  *item);
/* Evaluates one node (for the query engine's key conditions). */
gboolean          ks_expr_node_evaluate        (const KsExprNode *node,
                                                const KsValue  *item);

/**
 * KsKeyClause:
 *
 * One condition of a KeyConditionExpression, normalised so that the key
 * attribute comes first (`:v < k` becomes `k > :v`).
 */
typedef struct
{
  const char *attr;
  KsSortOp    op;
  KsValue    *values[2];   /* BETWEEN uses both */
} KsKeyClause;

/* Splits a parsed KeyConditionExpression into per-attribute clauses
 * (GArray of KsKeyClause, pointing into @cond), checking the shape rules
 * that do not depend on the key schema. */
GArray           *ks_condition_get_key_clauses (KsCondition    *cond,
                                                GError        **error);

/* Projection expressions ---------------------------------------------------- */

typedef struct _KsProjectionExpr KsProjectionExpr;

KsProjectionExpr *ks_projection_expr_parse       (const char       *text,
                                                  KsExprContext    *ctx,
                                                  GError          **error);
void              ks_projection_expr_free        (KsProjectionExpr *proj);
guint             ks_projection_expr_get_n_paths (KsProjectionExpr *proj);
const KsPath     *ks_projection_expr_get_path    (KsProjectionExpr *proj,
                                                  guint             i);
gboolean          ks_projection_expr_has_nested_path (KsProjectionExpr *proj,
                                                  const char       *attr);
/* The attributes of @item (an M value) named by the paths; list elements
 * keep their order and close up, as DynamoDB returns them. */
KsValue          *ks_projection_expr_apply       (KsProjectionExpr *proj,
                                                  const KsValue    *item);

/* The deserializer's checks on an AttributeValue in DynamoDB JSON (JSON
 * kinds, base64), made before any validation: KS_ERROR_PARSE with the text
 * of DynamoDB's SerializationException. */
gboolean          ks_attribute_value_check_types (JsonNode         *node,
                                                  GError          **error);
/* Validation of one AttributeValue given in DynamoDB JSON, with DynamoDB's
 * messages (no prefix). Returns the value or NULL with @error set. */
KsValue          *ks_attribute_value_from_json   (JsonNode         *node,
                                                  GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsExprContext, ks_expr_context_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsCondition, ks_condition_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsProjectionExpr, ks_projection_expr_free)

G_END_DECLS
