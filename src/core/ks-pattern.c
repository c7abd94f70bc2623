/* ks-pattern.c: an access pattern
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-pattern"

#include "config.h"

#include "ks-pattern.h"
#include "ks-util-private.h"

struct _KsPattern
{
  GObject         parent_instance;
  char           *name;
  char           *description;
  char           *table;
  char           *index;
  KsKeyCondition *cond;
  char           *filter;
  KsValue        *parameters;
  gboolean        scan_forward;
  guint           limit;
  double          rps;
  char          **expects;
};

enum {
  PROP_0, PROP_NAME, PROP_DESCRIPTION, PROP_TABLE, PROP_INDEX, PROP_KEY_CONDITION,
  PROP_FILTER, PROP_PARAMETERS, PROP_SCAN_FORWARD, PROP_LIMIT, PROP_RPS, PROP_EXPECTS, N_PROPS
};
static GParamSpec *properties[N_PROPS];

G_DEFINE_BOXED_TYPE (KsKeyCondition, ks_key_condition, ks_key_condition_copy, ks_key_condition_free)
G_DEFINE_FINAL_TYPE (KsPattern, ks_pattern, G_TYPE_OBJECT)

KsKeyCondition *
ks_key_condition_new (void)
{
  return g_new0 (KsKeyCondition, 1);
}

KsKeyCondition *
ks_key_condition_copy (const KsKeyCondition *cond)
{
  KsKeyCondition *c = ks_key_condition_new ();
  for (guint i = 0; i < cond->n_pk; i++)
    ks_key_condition_add_pk (c, cond->pk[i].attr, cond->pk[i].value);
  for (guint i = 0; i < cond->n_sk; i++)
    ks_key_condition_add_sk (c, cond->sk[i].attr, cond->sk[i].op, cond->sk[i].value, cond->sk[i].to);
  return c;
}

void
ks_key_condition_free (KsKeyCondition *cond)
{
  if (cond == NULL)
    return;
  for (guint i = 0; i < cond->n_pk; i++)
    {
      g_free (cond->pk[i].attr);
      g_free (cond->pk[i].value);
    }
  for (guint i = 0; i < cond->n_sk; i++)
    {
      g_free (cond->sk[i].attr);
      g_free (cond->sk[i].value);
      g_free (cond->sk[i].to);
    }
  g_free (cond);
}

gboolean
ks_key_condition_equal (const KsKeyCondition *a,
                        const KsKeyCondition *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->n_pk != b->n_pk || a->n_sk != b->n_sk)
    return FALSE;
  for (guint i = 0; i < a->n_pk; i++)
    if (g_strcmp0 (a->pk[i].attr, b->pk[i].attr) || g_strcmp0 (a->pk[i].value, b->pk[i].value))
      return FALSE;
  for (guint i = 0; i < a->n_sk; i++)
    if (g_strcmp0 (a->sk[i].attr, b->sk[i].attr) || a->sk[i].op != b->sk[i].op ||
        g_strcmp0 (a->sk[i].value, b->sk[i].value) || g_strcmp0 (a->sk[i].to, b->sk[i].to))
      return FALSE;
  return TRUE;
}

void
ks_key_condition_add_pk (KsKeyCondition *cond,
                         const char     *attr,
                         const char     *value)
{
  g_return_if_fail (cond->n_pk < KS_MAX_KEY_ATTRS);
  cond->pk[cond->n_pk].attr = g_strdup (attr);
  cond->pk[cond->n_pk].value = g_strdup (value);
  cond->n_pk++;
}

void
ks_key_condition_add_sk (KsKeyCondition *cond,
                         const char     *attr,
                         KsSortOp        op,
                         const char     *value,
                         const char     *to)
{
  g_return_if_fail (cond->n_sk < KS_MAX_KEY_ATTRS);
  cond->sk[cond->n_sk].attr = g_strdup (attr);
  cond->sk[cond->n_sk].op = op;
  cond->sk[cond->n_sk].value = g_strdup (value);
  cond->sk[cond->n_sk].to = g_strdup (to);
  cond->n_sk++;
}

static void
ks_pattern_finalize (GObject *object)
{
  KsPattern *self = KS_PATTERN (object);
  g_free (self->name);
  g_free (self->description);
  g_free (self->table);
  g_free (self->index);
  ks_key_condition_free (self->cond);
  g_free (self->filter);
  ks_value_unref (self->parameters);
  g_strfreev (self->expects);
  G_OBJECT_CLASS (ks_pattern_parent_class)->finalize (object);
}

static void
ks_pattern_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KsPattern *self = KS_PATTERN (object);
  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_TABLE: g_value_set_string (value, self->table); break;
    case PROP_INDEX: g_value_set_string (value, self->index); break;
    case PROP_KEY_CONDITION: g_value_set_boxed (value, self->cond); break;
    case PROP_FILTER: g_value_set_string (value, self->filter); break;
    case PROP_PARAMETERS: g_value_set_boxed (value, self->parameters); break;
    case PROP_SCAN_FORWARD: g_value_set_boolean (value, self->scan_forward); break;
    case PROP_LIMIT: g_value_set_uint (value, self->limit); break;
    case PROP_RPS: g_value_set_double (value, self->rps); break;
    case PROP_EXPECTS: g_value_set_boxed (value, self->expects); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_pattern_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KsPattern *self = KS_PATTERN (object);
  switch (prop_id)
    {
    case PROP_NAME: ks_pattern_set_name (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: ks_pattern_set_description (self, g_value_get_string (value)); break;
    case PROP_TABLE: ks_pattern_set_table (self, g_value_get_string (value)); break;
    case PROP_INDEX: ks_pattern_set_index (self, g_value_get_string (value)); break;
    case PROP_KEY_CONDITION: ks_pattern_set_key_condition (self, g_value_get_boxed (value)); break;
    case PROP_FILTER: ks_pattern_set_filter (self, g_value_get_string (value)); break;
    case PROP_PARAMETERS:
      ks_pattern_set_parameters (self, g_value_get_boxed (value) ? ks_value_ref (g_value_get_boxed (value)) : NULL);
      break;
    case PROP_SCAN_FORWARD: ks_pattern_set_scan_forward (self, g_value_get_boolean (value)); break;
    case PROP_LIMIT: ks_pattern_set_limit (self, g_value_get_uint (value)); break;
    case PROP_RPS: ks_pattern_set_requests_per_second (self, g_value_get_double (value)); break;
    case PROP_EXPECTS: ks_pattern_set_expects (self, g_value_get_boxed (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_pattern_class_init (KsPatternClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags f = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ks_pattern_finalize;
  object_class->get_property = ks_pattern_get_property;
  object_class->set_property = ks_pattern_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", f);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, f);
  properties[PROP_TABLE] = g_param_spec_string ("table", NULL, NULL, NULL, f);
  properties[PROP_INDEX] = g_param_spec_string ("index", NULL, NULL, NULL, f);
  properties[PROP_KEY_CONDITION] = g_param_spec_boxed ("key-condition", NULL, NULL, KS_TYPE_KEY_CONDITION, f);
  properties[PROP_FILTER] = g_param_spec_string ("filter", NULL, NULL, NULL, f);
  properties[PROP_PARAMETERS] = g_param_spec_boxed ("parameters", NULL, NULL, KS_TYPE_VALUE_BOXED, f);
  properties[PROP_SCAN_FORWARD] = g_param_spec_boolean ("scan-forward", NULL, NULL, TRUE, f);
  properties[PROP_LIMIT] = g_param_spec_uint ("limit", NULL, NULL, 0, G_MAXUINT, 0, f);
  properties[PROP_RPS] = g_param_spec_double ("requests-per-second", NULL, NULL, 0, G_MAXDOUBLE, 0, f);
  properties[PROP_EXPECTS] = g_param_spec_boxed ("expects", NULL, NULL, G_TYPE_STRV, f);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ks_pattern_init (KsPattern *self)
{
  self->name = g_strdup ("");
  self->cond = ks_key_condition_new ();
  self->parameters = ks_value_new_empty_map ();
  self->scan_forward = TRUE;
}

KsPattern *
ks_pattern_new (const char *name)
{
  KsPattern *self = g_object_new (KS_TYPE_PATTERN, NULL);
  ks_set_str (&self->name, name);
  return self;
}

#define STR_PROP(field, prop, fallback) \
  const char * ks_pattern_get_##field (KsPattern *self) \
  { g_return_val_if_fail (KS_IS_PATTERN (self), NULL); return self->field; } \
  void ks_pattern_set_##field (KsPattern *self, const char *v) \
  { g_return_if_fail (KS_IS_PATTERN (self)); \
    if (fallback && v == NULL) v = ""; \
    if (v != NULL && *v == '\0' && !fallback) v = NULL; \
    if (ks_set_str (&self->field, v)) g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); }

STR_PROP (name, PROP_NAME, TRUE)
STR_PROP (description, PROP_DESCRIPTION, FALSE)
STR_PROP (table, PROP_TABLE, FALSE)
STR_PROP (index, PROP_INDEX, FALSE)
STR_PROP (filter, PROP_FILTER, FALSE)

const KsKeyCondition *
ks_pattern_get_key_condition (KsPattern *self)
{
  g_return_val_if_fail (KS_IS_PATTERN (self), NULL);
  return self->cond;
}

void
ks_pattern_set_key_condition (KsPattern *self, const KsKeyCondition *cond)
{
  g_return_if_fail (KS_IS_PATTERN (self));
  if (cond == NULL || ks_key_condition_equal (self->cond, cond))
    return;
  ks_key_condition_free (self->cond);
  self->cond = ks_key_condition_copy (cond);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_CONDITION]);
}

KsValue *
ks_pattern_get_parameters (KsPattern *self)
{
  g_return_val_if_fail (KS_IS_PATTERN (self), NULL);
  return self->parameters;
}

void
ks_pattern_set_parameters (KsPattern *self, KsValue *parameters)
{
  g_return_if_fail (KS_IS_PATTERN (self));
  if (parameters == NULL)
    parameters = ks_value_new_empty_map ();
  if (ks_value_equal (self->parameters, parameters))
    {
      ks_value_unref (parameters);
      return;
    }
  ks_value_unref (self->parameters);
  self->parameters = parameters;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMETERS]);
}

gboolean
ks_pattern_get_scan_forward (KsPattern *self)
{
  return self->scan_forward;
}

void
ks_pattern_set_scan_forward (KsPattern *self, gboolean forward)
{
  g_return_if_fail (KS_IS_PATTERN (self));
  forward = !!forward;
  if (self->scan_forward == forward)
    return;
  self->scan_forward = forward;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCAN_FORWARD]);
}

guint
ks_pattern_get_limit (KsPattern *self)
{
  return self->limit;
}

void
ks_pattern_set_limit (KsPattern *self, guint limit)
{
  g_return_if_fail (KS_IS_PATTERN (self));
  if (self->limit == limit)
    return;
  self->limit = limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
}

double
ks_pattern_get_requests_per_second (KsPattern *self)
{
  return self->rps;
}

void
ks_pattern_set_requests_per_second (KsPattern *self, double rps)
{
  g_return_if_fail (KS_IS_PATTERN (self));
  if (self->rps == rps)
    return;
  self->rps = rps;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RPS]);
}

const char * const *
ks_pattern_get_expects (KsPattern *self)
{
  static const char *empty[] = { NULL };
  g_return_val_if_fail (KS_IS_PATTERN (self), NULL);
  return self->expects ? (const char * const *) self->expects : empty;
}

void
ks_pattern_set_expects (KsPattern *self, const char * const *entities)
{
  g_return_if_fail (KS_IS_PATTERN (self));
  if (entities && entities[0] == NULL)
    entities = NULL;
  if (ks_set_strv (&self->expects, entities))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTS]);
}
