/* ks-types.c: shared boxed types and enum helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-types"

#include "config.h"

#include <string.h>

#include "ks-types.h"

G_DEFINE_BOXED_TYPE (KsKeySchema, ks_key_schema, ks_key_schema_copy, ks_key_schema_free)
G_DEFINE_BOXED_TYPE (KsValue, ks_value_boxed, ks_value_ref, ks_value_unref)

KsKeySchema *
ks_key_schema_new (void)
{
  return g_new0 (KsKeySchema, 1);
}

KsKeySchema *
ks_key_schema_new_simple (const char *pk,
                          KsType      pk_type,
                          const char *sk,
                          KsType      sk_type)
{
  KsKeySchema *s = ks_key_schema_new ();
  if (pk)
    ks_key_schema_add_pk (s, pk, pk_type);
  if (sk)
    ks_key_schema_add_sk (s, sk, sk_type);
  return s;
}

KsKeySchema *
ks_key_schema_copy (const KsKeySchema *schema)
{
  KsKeySchema *s = ks_key_schema_new ();
  for (guint i = 0; i < schema->n_pk; i++)
    ks_key_schema_add_pk (s, schema->pk[i].name, schema->pk[i].type);
  for (guint i = 0; i < schema->n_sk; i++)
    ks_key_schema_add_sk (s, schema->sk[i].name, schema->sk[i].type);
  return s;
}

void
ks_key_schema_free (KsKeySchema *schema)
{
  if (schema == NULL)
    return;
  for (guint i = 0; i < schema->n_pk; i++)
    g_free (schema->pk[i].name);
  for (guint i = 0; i < schema->n_sk; i++)
    g_free (schema->sk[i].name);
  g_free (schema);
}

void
ks_key_schema_add_pk (KsKeySchema *schema,
                      const char  *name,
                      KsType       type)
{
  g_return_if_fail (schema->n_pk < KS_MAX_KEY_ATTRS);
  schema->pk[schema->n_pk].name = g_strdup (name);
  schema->pk[schema->n_pk].type = type;
  schema->n_pk++;
}

void
ks_key_schema_add_sk (KsKeySchema *schema,
                      const char  *name,
                      KsType       type)
{
  g_return_if_fail (schema->n_sk < KS_MAX_KEY_ATTRS);
  schema->sk[schema->n_sk].name = g_strdup (name);
  schema->sk[schema->n_sk].type = type;
  schema->n_sk++;
}

gboolean
ks_key_schema_equal (const KsKeySchema *a,
                     const KsKeySchema *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->n_pk != b->n_pk || a->n_sk != b->n_sk)
    return FALSE;
  for (guint i = 0; i < a->n_pk; i++)
    if (g_strcmp0 (a->pk[i].name, b->pk[i].name) != 0 || a->pk[i].type != b->pk[i].type)
      return FALSE;
  for (guint i = 0; i < a->n_sk; i++)
    if (g_strcmp0 (a->sk[i].name, b->sk[i].name) != 0 || a->sk[i].type != b->sk[i].type)
      return FALSE;
  return TRUE;
}

const KsKeyAttr *
ks_key_schema_find (const KsKeySchema *schema,
                    const char        *name)
{
  for (guint i = 0; i < schema->n_pk; i++)
    if (g_strcmp0 (schema->pk[i].name, name) == 0)
      return &schema->pk[i];
  for (guint i = 0; i < schema->n_sk; i++)
    if (g_strcmp0 (schema->sk[i].name, name) == 0)
      return &schema->sk[i];
  return NULL;
}

static const char *op_names[] = {
  "", "=", "<", "<=", ">", ">=", "BETWEEN", "begins_with"
};

const char *
ks_sort_op_to_string (KsSortOp op)
{
  if (op > KS_OP_BEGINS_WITH)
    return "";
  return op_names[op];
}

KsSortOp
ks_sort_op_from_string (const char *str)
{
  if (str == NULL)
    return KS_OP_NONE;
  for (guint i = 1; i < G_N_ELEMENTS (op_names); i++)
    if (g_ascii_strcasecmp (str, op_names[i]) == 0)
      return (KsSortOp) i;
  return KS_OP_NONE;
}

const char *
ks_projection_to_string (KsProjection projection)
{
  switch (projection)
    {
    case KS_PROJECTION_KEYS_ONLY:
      return "KEYS_ONLY";
    case KS_PROJECTION_INCLUDE:
      return "INCLUDE";
    case KS_PROJECTION_ALL:
    default:
      return "ALL";
    }
}

const char *
ks_index_kind_to_string (KsIndexKind kind)
{
  return kind == KS_INDEX_LSI ? "LSI" : "GSI";
}

void
ks_problem_free (KsProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->rule);
  g_free (problem->message);
  g_free (problem->path);
  g_free (problem->attribute);
  g_free (problem);
}

KsProblem *
ks_problem_new (KsSeverity  severity,
                const char *rule,
                const char *path,
                const char *format,
                ...)
{
  KsProblem *p = g_new0 (KsProblem, 1);
  va_list args;

  p->severity = severity;
  p->rule = g_strdup (rule);
  p->path = g_strdup (path);
  va_start (args, format);
  p->message = g_strdup_vprintf (format, args);
  va_end (args);
  return p;
}

const char *
ks_severity_to_string (KsSeverity severity)
{
  switch (severity)
    {
    case KS_SEVERITY_ERROR:
      return "error";
    case KS_SEVERITY_WARNING:
      return "warning";
    case KS_SEVERITY_INFO:
    default:
      return "info";
    }
}
