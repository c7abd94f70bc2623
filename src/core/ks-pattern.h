/* ks-pattern.h: an access pattern
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-types.h"

G_BEGIN_DECLS

#define KS_TYPE_PATTERN (ks_pattern_get_type ())
G_DECLARE_FINAL_TYPE (KsPattern, ks_pattern, KS, PATTERN, GObject)

#define KS_TYPE_KEY_CONDITION (ks_key_condition_get_type ())

/**
 * KsKeyCondition:
 *
 * A pattern's key condition. The partition key part gives a value template
 * per partition key attribute; the sort key part a list of conditions, left
 * to right (equalities then at most one range condition on multi-attribute
 * keys). An attribute name of NULL means "the target's key attribute" (the
 * single-attribute form of the file format).
 */
typedef struct
{
  char     *attr;
  char     *value;      /* template */
} KsPkCondition;

typedef struct
{
  char     *attr;
  KsSortOp  op;
  char     *value;      /* template */
  char     *to;         /* template, BETWEEN only */
} KsSkCondition;

typedef struct
{
  guint          n_pk;
  guint          n_sk;
  KsPkCondition  pk[KS_MAX_KEY_ATTRS];
  KsSkCondition  sk[KS_MAX_KEY_ATTRS];
} KsKeyCondition;

GType           ks_key_condition_get_type (void) G_GNUC_CONST;
KsKeyCondition *ks_key_condition_new      (void);
KsKeyCondition *ks_key_condition_copy     (const KsKeyCondition *cond);
void            ks_key_condition_free     (KsKeyCondition       *cond);
gboolean        ks_key_condition_equal    (const KsKeyCondition *a,
                                           const KsKeyCondition *b);
void            ks_key_condition_add_pk   (KsKeyCondition       *cond,
                                           const char           *attr,
                                           const char           *value);
void            ks_key_condition_add_sk   (KsKeyCondition       *cond,
                                           const char           *attr,
                                           KsSortOp              op,
                                           const char           *value,
                                           const char           *to);

KsPattern   *ks_pattern_new                    (const char           *name);
const char  *ks_pattern_get_name               (KsPattern            *self);
void         ks_pattern_set_name               (KsPattern            *self,
                                                const char           *name);
const char  *ks_pattern_get_description        (KsPattern            *self);
void         ks_pattern_set_description        (KsPattern            *self,
                                                const char           *text);
const char  *ks_pattern_get_table              (KsPattern            *self);
void         ks_pattern_set_table              (KsPattern            *self,
                                                const char           *table);
/* NULL for the table itself */
const char  *ks_pattern_get_index              (KsPattern            *self);
void         ks_pattern_set_index              (KsPattern            *self,
                                                const char           *index);
const KsKeyCondition *ks_pattern_get_key_condition (KsPattern        *self);
void         ks_pattern_set_key_condition      (KsPattern            *self,
                                                const KsKeyCondition *cond);
const char  *ks_pattern_get_filter             (KsPattern            *self);
void         ks_pattern_set_filter             (KsPattern            *self,
                                                const char           *filter);
/* M value: parameter name → sample value */
KsValue     *ks_pattern_get_parameters         (KsPattern            *self);
void         ks_pattern_set_parameters         (KsPattern            *self,
                                                KsValue              *parameters);
gboolean     ks_pattern_get_scan_forward       (KsPattern            *self);
void         ks_pattern_set_scan_forward       (KsPattern            *self,
                                                gboolean              forward);
guint        ks_pattern_get_limit              (KsPattern            *self);
void         ks_pattern_set_limit              (KsPattern            *self,
                                                guint                 limit);
double       ks_pattern_get_requests_per_second (KsPattern           *self);
void         ks_pattern_set_requests_per_second (KsPattern           *self,
                                                double                rps);
const char * const *ks_pattern_get_expects     (KsPattern            *self);
void         ks_pattern_set_expects            (KsPattern            *self,
                                                const char * const   *entities);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsKeyCondition, ks_key_condition_free)

G_END_DECLS
