/* ks-create-table.c: AWS CLI `create-table --cli-input-json` input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CreateTable request and the Properties of a CloudFormation
 * AWS::DynamoDB::Table share one shape, so one reader serves both imports
 * (ks-cloudformation.c calls _ks_create_table_read() with its dialect).
 * It checks what CreateTable checks on key schemas — every key attribute
 * defined with S, N or B; one HASH and at most one RANGE for the table and
 * an LSI, whose HASH is the table's; up to four HASH then up to four RANGE
 * for a GSI (multi-attribute keys, dynamodb-rules.md §10.1); projections —
 * and keeps what a design holds: tables, indexes, billing, the TTL
 * attribute. The rest (streams, encryption, tags, replicas …) becomes a
 * warning, as do definitions no key uses, which CreateTable would refuse.
 */
#define G_LOG_DOMAIN "keyshape-create-table"

#include "config.h"

#include <string.h>

#include "ks-create-table.h"
#include "ks-create-table-private.h"
#include "ks-error.h"
#include "ks-import-private.h"
#include "ks-index.h"

#define IS_TYPE(v, t) ((v) != NULL && ks_value_get_type (v) == (t))
#define IS_NULL(v) ((v) == NULL || ks_value_get_type (v) == KS_TYPE_NULL)

/* Largest provisioned capacity taken (DynamoDB's default quota is 40,000
 * units per table; accounts can raise it, not to billions). */
#define MAX_CAPACITY 10000000

typedef struct
{
  KsTableDialect  dialect;
  GPtrArray      *warnings;
  const char     *table;       /* for warnings */
  GHashTable     *defs;        /* attribute name → KsType + 1 */
  GHashTable     *used;        /* key attribute names used by a key schema */
} Reader;

static void warn (Reader *r, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
warn (Reader     *r,
      const char *fmt,
      ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  if (r->warnings == NULL)
    return;
  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_ptr_array_add (r->warnings, g_strdup_printf ("table %s: %s", r->table, msg));
}

/* A warning about one place, which its path names. */
static void warn_at (Reader *r, const char *path, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static void
warn_at (Reader     *r,
         const char *path,
         const char *fmt,
         ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  if (r->warnings == NULL)
    return;
  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_ptr_array_add (r->warnings, g_strdup_printf ("%s: %s", path, msg));
}

static char *
join (const char *path,
      const char *member)
{
  if (path == NULL || *path == '\0')
    return g_strdup (member);
  return g_strdup_printf ("%s.%s", path, member);
}

const char *
_ks_cfn_function_name (const KsValue *value)
{
  const char *name;

  if (!IS_TYPE (value, KS_TYPE_M) || ks_value_get_length (value) != 1)
    return NULL;
  name = ks_value_get_entry (value, 0)->name;
  if (g_str_equal (name, "Ref") || g_str_equal (name, "Condition") || g_str_has_prefix (name, "Fn::"))
    return name;
  return NULL;
}

const char *
_ks_value_kind (const KsValue *value)
{
  if (IS_NULL (value))
    return "null";
  switch (ks_value_get_type (value))
    {
    case KS_TYPE_S: return "a string";
    case KS_TYPE_N: return "a number";
    case KS_TYPE_BOOL: return "a boolean";
    case KS_TYPE_L: return "an array";
    case KS_TYPE_M: return _ks_cfn_function_name (value) ? "a CloudFormation function" : "an object";
    default: return "a value";
    }
}

/* "expected X, found Y", or for a CloudFormation function that Keyshape
 * cannot evaluate, which one. */
static gboolean
wrong_type (GError **error, const char *path, const KsValue *value, const char *expected)
{
  const char *fn = _ks_cfn_function_name (value);

  if (fn)
    return ks_import_fail (error, path,
                           "expected %s, found a CloudFormation function (%s) that Keyshape cannot evaluate; "
                           "write the value itself", expected, fn);
  return ks_import_fail (error, path, "expected %s, found %s", expected, _ks_value_kind (value));
}

static const KsValue *
member (const KsValue *obj, const char *name)
{
  return obj ? ks_value_lookup (obj, name) : NULL;
}

static gboolean
req_string (const KsValue *obj, const char *name, const char *path, const char **out, GError **error)
{
  const KsValue *v = member (obj, name);
  g_autofree char *p = join (path, name);

  if (v == NULL)
    return ks_import_fail (error, path, "%s is missing", name);
  if (!IS_TYPE (v, KS_TYPE_S))
    return wrong_type (error, p, v, "a string");
  *out = ks_value_get_string (v, NULL);
  if (**out == '\0')
    return ks_import_fail (error, p, "must not be empty");
  return TRUE;
}

static gboolean
req_object (const KsValue *v, const char *path, GError **error)
{
  if (!IS_TYPE (v, KS_TYPE_M) || _ks_cfn_function_name (v))
    return wrong_type (error, path, v, "an object");
  return TRUE;
}

/* A list member; absent gives *out NULL. */
static gboolean
opt_list (const KsValue *obj, const char *name, const char *path, const KsValue **out, GError **error)
{
  const KsValue *v = member (obj, name);

  *out = NULL;
  if (IS_NULL (v))
    return TRUE;
  if (!IS_TYPE (v, KS_TYPE_L))
    {
      g_autofree char *p = join (path, name);
      return wrong_type (error, p, v, "an array");
    }
  *out = v;
  return TRUE;
}

/* A capacity: a positive whole number (CloudFormation also takes it as a
 * string, as parameters give it). */
static gboolean
read_capacity (Reader *r, const KsValue *obj, const char *name, const char *path, guint *out,
               GError **error)
{
  const KsValue *v = member (obj, name);
  g_autofree char *p = join (path, name);
  const char *text;
  char *end = NULL;
  guint64 n;

  if (v == NULL)
    return ks_import_fail (error, path, "%s is missing", name);
  if (IS_TYPE (v, KS_TYPE_N))
    text = ks_value_get_number (v);
  else if (IS_TYPE (v, KS_TYPE_S) && r->dialect != KS_TABLE_DIALECT_CREATE_TABLE)
    text = ks_value_get_string (v, NULL);
  else
    return wrong_type (error, p, v, "a number");
  n = g_ascii_strtoull (text, &end, 10);
  if (*text == '\0' || *end != '\0' || n < 1 || n > MAX_CAPACITY)
    return ks_import_fail (error, p, "a capacity is a whole number from 1 to %u, not %s", MAX_CAPACITY, text);
  *out = (guint) n;
  return TRUE;
}

/* Members a design does not hold; a table's warning names them. */
static void
note_left_out (GString *left_out, const char *name)
{
  if (left_out->len)
    g_string_append (left_out, ", ");
  g_string_append (left_out, name);
}

static void
check_members (Reader *r, const KsValue *obj, const char *path, const char * const *known,
               const char * const *left_out_known, GString *left_out)
{
  for (guint i = 0; i < ks_value_get_length (obj); i++)
    {
      const char *name = ks_value_get_entry (obj, i)->name;
      if (g_strv_contains (known, name))
        continue;
      if (left_out && left_out_known && g_strv_contains (left_out_known, name))
        note_left_out (left_out, name);
      else
        warn_at (r, *path ? path : "$", "%s is not a property Keyshape knows; left out", name);
    }
}

/* AttributeDefinitions ---------------------------------------------------- */

static gboolean
read_definitions (Reader *r, const KsValue *def, const char *path, GError **error)
{
  const KsValue *list;
  g_autofree char *lp = join (path, "AttributeDefinitions");

  if (!opt_list (def, "AttributeDefinitions", path, &list, error))
    return FALSE;
  if (list == NULL || ks_value_get_length (list) == 0)
    return ks_import_fail (error, path, "AttributeDefinitions is missing: it declares the type of every key attribute");
  for (guint i = 0; i < ks_value_get_length (list); i++)
    {
      const KsValue *e = ks_value_get_element (list, i);
      g_autofree char *ep = g_strdup_printf ("%s[%u]", lp, i);
      const char *name, *type;
      KsType t;

      if (!req_object (e, ep, error) ||
          !req_string (e, "AttributeName", ep, &name, error) ||
          !req_string (e, "AttributeType", ep, &type, error))
        return FALSE;
      t = ks_type_from_string (type);
      if (!ks_type_is_scalar_key (t))
        {
          g_autofree char *tp = join (ep, "AttributeType");
          return ks_import_fail (error, tp, "a key attribute's type is S, N or B, not \"%s\"", type);
        }
      if (g_hash_table_contains (r->defs, name))
        return ks_import_fail (error, ep, "%s is defined twice", name);
      g_hash_table_insert (r->defs, (gpointer) name, GINT_TO_POINTER (t + 1));
    }
  return TRUE;
}

/* KeySchema --------------------------------------------------------------- */

/* Reads a KeySchema: HASH entries then RANGE entries, at most @max_hash
 * and @max_range of them, each defined in AttributeDefinitions. */
static gboolean
read_key_schema (Reader *r, const KsValue *obj, const char *path, guint max_hash, guint max_range,
                 KsKeySchema *keys, GError **error)
{
  const KsValue *list;
  g_autofree char *lp = join (path, "KeySchema");

  if (!opt_list (obj, "KeySchema", path, &list, error))
    return FALSE;
  if (list == NULL)
    return ks_import_fail (error, path, "KeySchema is missing");
  if (ks_value_get_length (list) == 0)
    return ks_import_fail (error, lp, "a key schema has at least one HASH attribute");
  for (guint i = 0; i < ks_value_get_length (list); i++)
    {
      const KsValue *e = ks_value_get_element (list, i);
      g_autofree char *ep = g_strdup_printf ("%s[%u]", lp, i);
      g_autofree char *tp = join (ep, "KeyType");
      const char *name, *type;
      gpointer t;

      if (!req_object (e, ep, error) ||
          !req_string (e, "AttributeName", ep, &name, error) ||
          !req_string (e, "KeyType", ep, &type, error))
        return FALSE;
      if (!g_str_equal (type, "HASH") && !g_str_equal (type, "RANGE"))
        return ks_import_fail (error, tp, "a KeyType is HASH or RANGE, not \"%s\"", type);
      if (i == 0 && !g_str_equal (type, "HASH"))
        return ks_import_fail (error, tp, "the first KeySchema element is not a HASH key type");
      if (g_str_equal (type, "HASH") && keys->n_sk > 0)
        return ks_import_fail (error, tp, "all HASH key attributes must precede RANGE key attributes");
      if (ks_key_schema_find (keys, name))
        return ks_import_fail (error, ep, "the KeySchema names %s twice", name);
      if (!g_hash_table_lookup_extended (r->defs, name, NULL, &t))
        return ks_import_fail (error, ep, "%s is not defined in AttributeDefinitions", name);
      if (g_str_equal (type, "HASH"))
        {
          if (keys->n_pk >= max_hash)
            return max_hash == 1
              ? ks_import_fail (error, lp, "this key has one HASH attribute (only a global secondary index has more)")
              : ks_import_fail (error, lp, "more than %u HASH attributes", max_hash);
          ks_key_schema_add_pk (keys, name, GPOINTER_TO_INT (t) - 1);
        }
      else
        {
          if (keys->n_sk >= max_range)
            return max_range == 1
              ? ks_import_fail (error, lp,
                                "this key has at most one RANGE attribute (only a global secondary index has more)")
              : ks_import_fail (error, lp, "more than %u RANGE attributes", max_range);
          ks_key_schema_add_sk (keys, name, GPOINTER_TO_INT (t) - 1);
        }
      g_hash_table_add (r->used, (gpointer) name);
    }
  return TRUE;
}

/* Indexes ----------------------------------------------------------------- */

static gboolean
read_projection (Reader *r, const KsValue *obj, const char *path, KsTable *table, KsIndex *index,
                 GError **error)
{
  const KsValue *proj = member (obj, "Projection");
  const KsValue *attrs;
  g_autofree char *pp = join (path, "Projection");
  const char *type;
  KsProjection projection;

  if (proj == NULL)
    return ks_import_fail (error, path, "Projection is missing (ProjectionType ALL, KEYS_ONLY or INCLUDE)");
  if (!req_object (proj, pp, error) ||
      !req_string (proj, "ProjectionType", pp, &type, error) ||
      !opt_list (proj, "NonKeyAttributes", pp, &attrs, error))
    return FALSE;
  if (g_str_equal (type, "ALL"))
    projection = KS_PROJECTION_ALL;
  else if (g_str_equal (type, "KEYS_ONLY"))
    projection = KS_PROJECTION_KEYS_ONLY;
  else if (g_str_equal (type, "INCLUDE"))
    projection = KS_PROJECTION_INCLUDE;
  else
    {
      g_autofree char *tp = join (pp, "ProjectionType");
      return ks_import_fail (error, tp, "a ProjectionType is ALL, KEYS_ONLY or INCLUDE, not \"%s\"", type);
    }
  if (attrs && projection != KS_PROJECTION_INCLUDE)
    return ks_import_fail (error, pp, "ProjectionType is %s, but NonKeyAttributes is specified", type);
  ks_index_set_projection (index, projection);
  if (attrs)
    {
      const KsKeySchema *ik = ks_index_get_key_schema (index);
      const KsKeySchema *tk = ks_table_get_key_schema (table);
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_auto(GStrv) include = NULL;

      for (guint i = 0; i < ks_value_get_length (attrs); i++)
        {
          const KsValue *a = ks_value_get_element (attrs, i);
          g_autofree char *ap = g_strdup_printf ("%s.NonKeyAttributes[%u]", pp, i);
          const char *name;

          if (!IS_TYPE (a, KS_TYPE_S))
            return wrong_type (error, ap, a, "an attribute name");
          name = ks_value_get_string (a, NULL);
          if (*name == '\0')
            return ks_import_fail (error, ap, "an attribute name is not empty");
          if (!g_hash_table_add (seen, (gpointer) name))
            return ks_import_fail (error, ap, "%s is listed twice", name);
          /* every index holds its keys and the table's; Keyshape lists
           * only the others */
          if (ks_key_schema_find (ik, name) || ks_key_schema_find (tk, name))
            {
              warn_at (r, ap, "%s is a key attribute, which the index holds anyway", name);
              continue;
            }
          g_strv_builder_add (b, name);
        }
      include = g_strv_builder_end (b);
      ks_index_set_include (index, (const char * const *) include);
    }
  return TRUE;
}

/* The capacity a GSI asks for; Keyshape gives every index its table's. */
static gboolean
check_index_capacity (Reader *r, const KsValue *obj, const char *path, KsTable *table, const char *index,
                      GError **error)
{
  const KsValue *pt = member (obj, "ProvisionedThroughput");
  g_autofree char *pp = join (path, "ProvisionedThroughput");
  guint rcu, wcu;

  if (pt == NULL)
    return TRUE;
  if (ks_table_get_billing_mode (table) != KS_BILLING_PROVISIONED)
    {
      warn_at (r, pp, "an on-demand table's index has no provisioned capacity; left out");
      return TRUE;
    }
  if (!req_object (pt, pp, error) ||
      !read_capacity (r, pt, "ReadCapacityUnits", pp, &rcu, error) ||
      !read_capacity (r, pt, "WriteCapacityUnits", pp, &wcu, error))
    return FALSE;
  if (rcu != ks_table_get_read_capacity (table) || wcu != ks_table_get_write_capacity (table))
    warn (r, "index %s: Keyshape gives an index its table's capacity (%u RCU, %u WCU), not its own %u RCU, %u WCU",
          index, ks_table_get_read_capacity (table), ks_table_get_write_capacity (table), rcu, wcu);
  return TRUE;
}

static gboolean
read_indexes (Reader *r, const KsValue *def, const char *path, KsTable *table, KsIndexKind kind,
              GHashTable *names, GError **error)
{
  static const char * const gsi_known[] = {
    "IndexName", "KeySchema", "Projection", "ProvisionedThroughput", NULL
  };
  static const char * const gsi_left_out[] = {
    "OnDemandThroughput", "WarmThroughput", "ContributorInsightsSpecification",
    "WriteProvisionedThroughputSettings", "WriteOnDemandThroughputSettings", NULL
  };
  static const char * const lsi_known[] = { "IndexName", "KeySchema", "Projection", NULL };
  const char *list_name = kind == KS_INDEX_GSI ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
  const KsKeySchema *tk = ks_table_get_key_schema (table);
  const KsValue *list;

  if (!opt_list (def, list_name, path, &list, error))
    return FALSE;
  for (guint i = 0; list && i < ks_value_get_length (list); i++)
    {
      const KsValue *e = ks_value_get_element (list, i);
      g_autofree char *ep = g_strdup_printf ("%s%s%s[%u]", path, *path ? "." : "", list_name, i);
      g_autoptr(KsKeySchema) keys = ks_key_schema_new ();
      g_autoptr(KsIndex) index = NULL;
      g_autoptr(GString) left_out = g_string_new (NULL);
      const char *name;

      if (!req_object (e, ep, error) || !req_string (e, "IndexName", ep, &name, error))
        return FALSE;
      if (!g_hash_table_add (names, (gpointer) name))
        return ks_import_fail (error, ep, "a second index named %s", name);
      if (kind == KS_INDEX_GSI)
        {
          if (!read_key_schema (r, e, ep, KS_MAX_KEY_ATTRS, KS_MAX_KEY_ATTRS, keys, error))
            return FALSE;
        }
      else
        {
          g_autofree char *kp = join (ep, "KeySchema");
          if (!read_key_schema (r, e, ep, 1, 1, keys, error))
            return FALSE;
          if (tk->n_sk == 0)
            return ks_import_fail (error, ep, "a local secondary index needs a table with a RANGE key");
          if (!g_str_equal (keys->pk[0].name, tk->pk[0].name))
            return ks_import_fail (error, kp, "a local secondary index has the table's HASH attribute %s, not %s",
                                   tk->pk[0].name, keys->pk[0].name);
          if (keys->n_sk == 0)
            return ks_import_fail (error, kp, "a local secondary index has a RANGE attribute");
        }
      index = ks_index_new (name, kind, keys);
      if (!read_projection (r, e, ep, table, index, error))
        return FALSE;
      if (kind == KS_INDEX_GSI && !check_index_capacity (r, e, ep, table, name, error))
        return FALSE;
      check_members (r, e, ep, kind == KS_INDEX_GSI ? gsi_known : lsi_known,
                     kind == KS_INDEX_GSI ? gsi_left_out : NULL, left_out);
      if (left_out->len)
        warn_at (r, ep, "not part of a Keyshape design, left out: %s", left_out->str);
      g_list_store_append (ks_table_get_indexes (table), index);
    }
  return TRUE;
}

/* Billing ----------------------------------------------------------------- */

static gboolean
read_billing (Reader *r, const KsValue *def, const char *path, KsTable *table, GError **error)
{
  const KsValue *mode = member (def, "BillingMode");
  const KsValue *pt = member (def, "ProvisionedThroughput");
  g_autofree char *mp = join (path, "BillingMode");
  g_autofree char *pp = join (path, "ProvisionedThroughput");
  gboolean provisioned;
  guint rcu, wcu;

  /* CreateTable and both CloudFormation types default to PROVISIONED */
  if (mode == NULL)
    provisioned = TRUE;
  else if (!IS_TYPE (mode, KS_TYPE_S))
    return wrong_type (error, mp, mode, "PROVISIONED or PAY_PER_REQUEST");
  else if (g_str_equal (ks_value_get_string (mode, NULL), "PROVISIONED"))
    provisioned = TRUE;
  else if (g_str_equal (ks_value_get_string (mode, NULL), "PAY_PER_REQUEST"))
    provisioned = FALSE;
  else
    return ks_import_fail (error, mp, "a BillingMode is PROVISIONED or PAY_PER_REQUEST, not \"%s\"",
                           ks_value_get_string (mode, NULL));
  ks_table_set_billing_mode (table, provisioned ? KS_BILLING_PROVISIONED : KS_BILLING_PAY_PER_REQUEST);

  if (r->dialect == KS_TABLE_DIALECT_CFN_GLOBAL)
    {
      const KsValue *wps = member (def, "WriteProvisionedThroughputSettings");
      const KsValue *replicas = member (def, "Replicas");
      g_autofree char *wp = join (path, "WriteProvisionedThroughputSettings.WriteCapacityAutoScalingSettings");
      const KsValue *auto_scaling = member (wps, "WriteCapacityAutoScalingSettings");
      gboolean read_found = FALSE;

      if (!provisioned)
        return TRUE;
      if (auto_scaling == NULL)
        return ks_import_fail (error, path, "a provisioned global table needs WriteProvisionedThroughputSettings.WriteCapacityAutoScalingSettings");
      if (!req_object (auto_scaling, wp, error) ||
          !read_capacity (r, auto_scaling, "MinCapacity", wp, &wcu, error))
        return FALSE;
      ks_table_set_write_capacity (table, wcu);
      /* reads are set per replica: the first one that says */
      for (guint i = 0; IS_TYPE (replicas, KS_TYPE_L) && i < ks_value_get_length (replicas) && !read_found; i++)
        {
          const KsValue *rps = member (ks_value_get_element (replicas, i), "ReadProvisionedThroughputSettings");
          g_autofree char *rp = g_strdup_printf ("%s%sReplicas[%u].ReadProvisionedThroughputSettings",
                                                 path, *path ? "." : "", i);
          if (!IS_TYPE (rps, KS_TYPE_M))
            continue;
          if (member (rps, "ReadCapacityUnits"))
            {
              if (!read_capacity (r, rps, "ReadCapacityUnits", rp, &rcu, error))
                return FALSE;
            }
          else if (IS_TYPE (member (rps, "ReadCapacityAutoScalingSettings"), KS_TYPE_M))
            {
              g_autofree char *ap = join (rp, "ReadCapacityAutoScalingSettings");
              if (!read_capacity (r, member (rps, "ReadCapacityAutoScalingSettings"), "MinCapacity", ap, &rcu, error))
                return FALSE;
            }
          else
            continue;
          ks_table_set_read_capacity (table, rcu);
          read_found = TRUE;
        }
      if (read_found)
        warn (r, "a global table's capacity scales automatically; Keyshape takes the least writes (%u WCU) "
              "and the first replica's reads (%u RCU)", wcu, rcu);
      else
        warn (r, "a global table's capacity scales automatically; Keyshape takes the least writes (%u WCU); "
              "no replica sets its reads, so the table keeps %u RCU", wcu, ks_table_get_read_capacity (table));
      return TRUE;
    }

  if (!provisioned)
    {
      if (pt != NULL)
        warn_at (r, pp, "an on-demand (PAY_PER_REQUEST) table has no provisioned capacity; left out");
      return TRUE;
    }
  if (pt == NULL)
    return ks_import_fail (error, path, "ProvisionedThroughput is missing: a table without BillingMode PAY_PER_REQUEST is PROVISIONED");
  if (!req_object (pt, pp, error) ||
      !read_capacity (r, pt, "ReadCapacityUnits", pp, &rcu, error) ||
      !read_capacity (r, pt, "WriteCapacityUnits", pp, &wcu, error))
    return FALSE;
  ks_table_set_read_capacity (table, rcu);
  ks_table_set_write_capacity (table, wcu);
  return TRUE;
}

/* TimeToLiveSpecification (CloudFormation) -------------------------------- */

static gboolean
read_ttl (Reader *r, const KsValue *def, const char *path, KsTable *table, GError **error)
{
  const KsValue *spec = member (def, "TimeToLiveSpecification");
  const KsValue *enabled;
  g_autofree char *sp = join (path, "TimeToLiveSpecification");
  g_autofree char *ep = join (sp, "Enabled");
  const char *name = NULL;
  gboolean on;

  if (spec == NULL)
    return TRUE;
  if (!req_object (spec, sp, error))
    return FALSE;
  enabled = member (spec, "Enabled");
  if (enabled == NULL)
    return ks_import_fail (error, sp, "Enabled is missing");
  if (IS_TYPE (enabled, KS_TYPE_BOOL))
    on = ks_value_get_bool (enabled);
  else if (IS_TYPE (enabled, KS_TYPE_S) &&
           (g_ascii_strcasecmp (ks_value_get_string (enabled, NULL), "true") == 0 ||
            g_ascii_strcasecmp (ks_value_get_string (enabled, NULL), "false") == 0))
    on = g_ascii_strcasecmp (ks_value_get_string (enabled, NULL), "true") == 0;
  else
    return wrong_type (error, ep, enabled, "true or false");
  if (member (spec, "AttributeName") != NULL || on)
    if (!req_string (spec, "AttributeName", sp, &name, error))
      return FALSE;
  if (!on)
    {
      if (name)
        warn_at (r, sp, "TTL is disabled, so %s is not the table's TTL attribute", name);
      return TRUE;
    }
  if (ks_table_is_key_attribute (table, name))
    warn_at (r, sp, "the TTL attribute %s is a key attribute; DynamoDB deletes items by a number attribute's epoch seconds",
             name);
  ks_table_set_ttl_attribute (table, name);
  return TRUE;
}

/* A table ----------------------------------------------------------------- */

static gboolean
read_table_name (Reader *r, const KsValue *def, const char *path, const char *default_name,
                 const char **out, GError **error)
{
  const KsValue *v = member (def, "TableName");
  g_autofree char *np = join (path, "TableName");
  const char *fn = _ks_cfn_function_name (v);

  if (r->dialect == KS_TABLE_DIALECT_CREATE_TABLE || default_name == NULL)
    return req_string (def, "TableName", path, out, error);
  if (v == NULL)
    {
      *out = default_name;
      return TRUE;
    }
  if (fn)
    {
      /* CloudFormation names it when the stack is created */
      *out = default_name;
      warn_at (r, np, "a function (%s); the table is named after its logical ID, %s", fn, default_name);
      return TRUE;
    }
  return req_string (def, "TableName", path, out, error);
}

KsTable *
_ks_create_table_read (const KsValue  *definition,
                       const char     *path,
                       KsTableDialect  dialect,
                       const char     *default_name,
                       GPtrArray      *warnings,
                       GError        **error)
{
  static const char * const known[] = {
    "TableName", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes", "BillingMode", "ProvisionedThroughput", "TimeToLiveSpecification", NULL
  };
  static const char * const cfn_known[] = {
    "TableName", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes", "BillingMode", "ProvisionedThroughput", "TimeToLiveSpecification", NULL
  };
  static const char * const global_known[] = {
    "TableName", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes", "BillingMode", "TimeToLiveSpecification",
    "WriteProvisionedThroughputSettings", "Replicas", NULL
  };
  /* valid members a design does not hold */
  static const char * const left_out_known[] = {
    "StreamSpecification", "SSESpecification", "Tags", "TableClass", "DeletionProtectionEnabled",
    "ResourcePolicy", "OnDemandThroughput", "WarmThroughput", "PointInTimeRecoverySpecification",
    "ContributorInsightsSpecification", "KinesisStreamSpecification", "ImportSourceSpecification",
    "WriteOnDemandThroughputSettings", "GlobalTableWitnesses", "MultiRegionConsistency", NULL
  };
  g_autoptr(GHashTable) defs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) index_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KsKeySchema) keys = ks_key_schema_new ();
  g_autoptr(KsTable) table = NULL;
  g_autoptr(GString) left_out = g_string_new (NULL);
  g_autoptr(GList) unused = NULL;
  Reader r = { dialect, warnings, NULL, defs, used };
  const char *name;

  g_return_val_if_fail (definition != NULL, NULL);
  if (path == NULL)
    path = "";

  if (!req_object (definition, *path ? path : "$", error) ||
      !read_table_name (&r, definition, path, default_name, &name, error))
    return NULL;
  r.table = name;
  if (!read_definitions (&r, definition, path, error) ||
      !read_key_schema (&r, definition, path, 1, 1, keys, error))
    return NULL;
  table = ks_table_new (name, keys);
  if (!read_billing (&r, definition, path, table, error) ||
      !read_indexes (&r, definition, path, table, KS_INDEX_GSI, index_names, error) ||
      !read_indexes (&r, definition, path, table, KS_INDEX_LSI, index_names, error))
    return NULL;
  if (!read_ttl (&r, definition, path, table, error))
    return NULL;
  if (dialect == KS_TABLE_DIALECT_CREATE_TABLE && member (definition, "TimeToLiveSpecification"))
    {
      g_autofree char *tp = join (path, "TimeToLiveSpecification");
      warn_at (&r, tp, "not part of a CreateTable request (the AWS CLI refuses it; update-time-to-live sets TTL); read anyway");
    }

  /* CreateTable refuses a definition no key schema uses; Keyshape declares
   * key attributes only */
  unused = g_hash_table_get_keys (defs);
  unused = g_list_sort (unused, (GCompareFunc) strcmp);
  for (GList *l = unused; l; l = l->next)
    if (!g_hash_table_contains (used, l->data))
      warn (&r, "%s is in AttributeDefinitions but in no key schema (CreateTable refuses that); left out",
            (const char *) l->data);

  check_members (&r, definition, path,
                 dialect == KS_TABLE_DIALECT_CREATE_TABLE ? known
                 : dialect == KS_TABLE_DIALECT_CFN_TABLE ? cfn_known : global_known,
                 left_out_known, left_out);
  if (left_out->len)
    warn (&r, "not part of a Keyshape design, left out: %s", left_out->str);
  return g_steal_pointer (&table);
}

/* The create-table import ------------------------------------------------- */

static gboolean
is_request (const KsValue *v)
{
  return IS_TYPE (v, KS_TYPE_M) && ks_value_lookup (v, "TableName") &&
         ks_value_lookup (v, "KeySchema") && ks_value_lookup (v, "AttributeDefinitions");
}

gboolean
ks_create_table_detect (const KsValue *root)
{
  if (root == NULL)
    return FALSE;
  if (IS_TYPE (root, KS_TYPE_L))
    {
      if (ks_value_get_length (root) == 0)
        return FALSE;
      for (guint i = 0; i < ks_value_get_length (root); i++)
        if (!is_request (ks_value_get_element (root, i)))
          return FALSE;
      return TRUE;
    }
  return is_request (root);
}

KsDesign *
ks_create_table_import (const KsValue  *root,
                        const char     *design_name,
                        GPtrArray      *warnings,
                        GError        **error)
{
  g_autoptr(KsDesign) design = ks_design_new ();
  GListStore *tables = ks_design_get_tables (design);
  gboolean array;
  guint n;

  g_return_val_if_fail (root != NULL, NULL);

  array = IS_TYPE (root, KS_TYPE_L);
  if (!array && !IS_TYPE (root, KS_TYPE_M))
    {
      ks_import_fail (error, "$", "expected a CreateTable request (an object) or an array of them, found %s",
                      _ks_value_kind (root));
      return NULL;
    }
  n = array ? ks_value_get_length (root) : 1;
  if (n == 0)
    {
      ks_import_fail (error, "$", "the array holds no CreateTable request");
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = array ? g_strdup_printf ("[%u]", i) : g_strdup ("");
      g_autoptr(KsTable) table = NULL;

      table = _ks_create_table_read (array ? ks_value_get_element (root, i) : root, path,
                                     KS_TABLE_DIALECT_CREATE_TABLE, NULL, warnings, error);
      if (table == NULL)
        return NULL;
      if (ks_design_find_table (design, ks_table_get_name (table)))
        {
          ks_import_fail (error, path, "a second table named %s", ks_table_get_name (table));
          return NULL;
        }
      g_list_store_append (tables, table);
    }
  if (design_name == NULL || *design_name == '\0')
    {
      g_autoptr(KsTable) first = g_list_model_get_item (G_LIST_MODEL (tables), 0);
      ks_design_set_name (design, ks_table_get_name (first));
    }
  else
    ks_design_set_name (design, design_name);
  return g_steal_pointer (&design);
}
