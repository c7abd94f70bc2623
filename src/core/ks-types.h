/* ks-types.h: shared enums and forward declarations of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ks-value.h"

G_BEGIN_DECLS

typedef struct _KsDesign    KsDesign;
typedef struct _KsTable     KsTable;
typedef struct _KsIndex     KsIndex;
typedef struct _KsEntity    KsEntity;
typedef struct _KsAttribute KsAttribute;
typedef struct _KsPattern   KsPattern;
typedef struct _KsItem      KsItem;
typedef struct _KsDocument  KsDocument;
typedef struct _KsEngine    KsEngine;
typedef struct _KsView      KsView;

typedef enum
{
  KS_INDEX_GSI,
  KS_INDEX_LSI,
} KsIndexKind;

typedef enum
{
  KS_PROJECTION_ALL,
  KS_PROJECTION_KEYS_ONLY,
  KS_PROJECTION_INCLUDE,
} KsProjection;

typedef enum
{
  KS_BILLING_PAY_PER_REQUEST,
  KS_BILLING_PROVISIONED,
} KsBillingMode;

typedef enum
{
  KS_OP_NONE,
  KS_OP_EQ,
  KS_OP_LT,
  KS_OP_LE,
  KS_OP_GT,
  KS_OP_GE,
  KS_OP_BETWEEN,
  KS_OP_BEGINS_WITH,
} KsSortOp;

#define KS_MAX_KEY_ATTRS 4

typedef struct
{
  char   *name;
  KsType  type;
} KsKeyAttr;

/**
 * KsKeySchema:
 *
 * The key attributes of a table (one partition key, at most one sort key)
 * or of an index (a GSI may have up to four of each: multi-attribute keys).
 * Immutable once built; a boxed type so it can be a property.
 */
typedef struct
{
  guint     n_pk;
  guint     n_sk;
  KsKeyAttr pk[KS_MAX_KEY_ATTRS];
  KsKeyAttr sk[KS_MAX_KEY_ATTRS];
} KsKeySchema;

#define KS_TYPE_KEY_SCHEMA (ks_key_schema_get_type ())
#define KS_TYPE_VALUE_BOXED (ks_value_boxed_get_type ())

GType        ks_key_schema_get_type  (void) G_GNUC_CONST;
GType        ks_value_boxed_get_type (void) G_GNUC_CONST;

KsKeySchema *ks_key_schema_new       (void);
KsKeySchema *ks_key_schema_new_simple (const char        *pk,
                                       KsType             pk_type,
                                       const char        *sk,
                                       KsType             sk_type);
KsKeySchema *ks_key_schema_copy      (const KsKeySchema  *schema);
void         ks_key_schema_free      (KsKeySchema        *schema);
void         ks_key_schema_add_pk    (KsKeySchema        *schema,
                                      const char         *name,
                                      KsType              type);
void         ks_key_schema_add_sk    (KsKeySchema        *schema,
                                      const char         *name,
                                      KsType              type);
gboolean     ks_key_schema_equal     (const KsKeySchema  *a,
                                      const KsKeySchema  *b);
/* The key attribute of that name in the schema, or NULL. */
const KsKeyAttr *ks_key_schema_find  (const KsKeySchema  *schema,
                                      const char         *name);

const char  *ks_sort_op_to_string    (KsSortOp            op);
KsSortOp     ks_sort_op_from_string  (const char         *str);
const char  *ks_projection_to_string (KsProjection        projection);
const char  *ks_index_kind_to_string (KsIndexKind         kind);

/* Problems: errors and lint findings */

typedef enum
{
  KS_SEVERITY_ERROR,
  KS_SEVERITY_WARNING,
  KS_SEVERITY_INFO,
} KsSeverity;

typedef struct
{
  KsSeverity  severity;
  char       *rule;        /* stable id: template-syntax, key-missing … */
  char       *message;
  char       *path;        /* where: entities[1].keys.SK, or NULL */
  KsEntity   *entity;      /* or NULL */
  KsItem     *item;        /* or NULL */
  char       *attribute;   /* key attribute concerned, or NULL */
} KsProblem;

void         ks_problem_free             (KsProblem     *problem);
const char  *ks_severity_to_string       (KsSeverity     severity);
KsProblem   *ks_problem_new              (KsSeverity     severity,
                                          const char    *rule,
                                          const char    *path,
                                          const char    *format,
                                          ...) G_GNUC_PRINTF (4, 5);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsKeySchema, ks_key_schema_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsProblem, ks_problem_free)

G_END_DECLS
