/* ks-native.c: the native .keyshape.json format (DESIGN.md §5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-native"

#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-generator.h"
#include "ks-json-writer.h"
#include "ks-native.h"

#define KS_NATIVE_VERSION 1

/* The reader walks generic values (ks-json-reader.h): object → M,
 * array → L, string → S, number → N, true/false → BOOL, null → NULL. */
#define IS_TYPE(v, t) ((v) != NULL && ks_value_get_type (v) == (t))
#define IS_NULL(v) ((v) == NULL || ks_value_get_type (v) == KS_TYPE_NULL)
#define IS_SCALAR(v) (IS_TYPE (v, KS_TYPE_S) || IS_TYPE (v, KS_TYPE_N) || IS_TYPE (v, KS_TYPE_BOOL))

/* Reading ---------------------------------------------------------------- */

typedef struct
{
  GError **error;
} Reader;

static gboolean
fail (GError **error, const char *path, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError **error, const char *path, const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s", path, msg);
  return FALSE;
}

static const char *
node_kind (KsValue *node)
{
  if (IS_NULL (node))
    return "null";
  if (IS_TYPE (node, KS_TYPE_M))
    return "an object";
  if (IS_TYPE (node, KS_TYPE_L))
    return "an array";
  switch (ks_value_get_type (node))
    {
    case KS_TYPE_S: return "a string";
    case KS_TYPE_BOOL: return "a boolean";
    default: return "a number";
    }
}

/* The member names of an object, in file order (not owned). */
static GList *
member_names (const KsValue *obj)
{
  GList *names = NULL;

  for (guint i = ks_value_get_length (obj); i > 0; i--)
    names = g_list_prepend (names, (gpointer) ks_value_get_entry (obj, i - 1)->name);
  return names;
}

/* Checks that @obj has only the members in @known. */
static gboolean
check_members (KsValue *obj, const char *path, const char * const *known, GError **error)
{
  g_autoptr(GList) members = member_names (obj);

  for (GList *l = members; l; l = l->next)
    if (!g_strv_contains (known, l->data))
      return fail (error, path, "unknown field \"%s\"", (char *) l->data);
  return TRUE;
}

static KsValue *
get_object (KsValue *node, const char *path, GError **error)
{
  if (node == NULL || !IS_TYPE (node, KS_TYPE_M))
    {
      fail (error, path, "expected an object, found %s", node ? node_kind (node) : "nothing");
      return NULL;
    }
  return node;
}

static gboolean
opt_string (KsValue *obj, const char *member, const char *path, char **out, GError **error)
{
  KsValue *n = ks_value_lookup (obj, member);

  *out = NULL;
  if (n == NULL || IS_NULL (n))
    return TRUE;
  if (!IS_SCALAR (n) || !IS_TYPE (n, KS_TYPE_S))
    return fail (error, path, "%s must be a string, found %s", member, node_kind (n));
  *out = g_strdup (ks_value_get_string (n, NULL));
  if (!g_utf8_validate (*out, -1, NULL))
    {
      g_clear_pointer (out, g_free);
      return fail (error, path, "%s is not valid UTF-8", member);
    }
  return TRUE;
}

static gboolean
req_string (KsValue *obj, const char *member, const char *path, char **out, GError **error)
{
  if (!opt_string (obj, member, path, out, error))
    return FALSE;
  if (*out == NULL || **out == '\0')
    {
      g_clear_pointer (out, g_free);
      return fail (error, path, "%s is required", member);
    }
  return TRUE;
}

static gboolean
opt_number (KsValue *obj, const char *member, const char *path, double min, double max,
            double *out, GError **error)
{
  KsValue *n = ks_value_lookup (obj, member);
  double d;

  if (n == NULL || IS_NULL (n))
    return TRUE;
  if (!IS_TYPE (n, KS_TYPE_N))
    return fail (error, path, "%s must be a number, found %s", member, node_kind (n));
  d = ks_value_get_double (n);
  if (!(d >= min && d <= max))
    return fail (error, path, "%s must be between %g and %g", member, min, max);
  *out = d;
  return TRUE;
}

static gboolean
opt_bool (KsValue *obj, const char *member, const char *path, gboolean *out, GError **error)
{
  KsValue *n = ks_value_lookup (obj, member);

  if (n == NULL || IS_NULL (n))
    return TRUE;
  if (!IS_SCALAR (n) || !IS_TYPE (n, KS_TYPE_BOOL))
    return fail (error, path, "%s must be true or false, found %s", member, node_kind (n));
  *out = ks_value_get_bool (n);
  return TRUE;
}

static KsValue *
opt_array (KsValue *obj, const char *member, const char *path, GError **error, gboolean *ok)
{
  KsValue *n = ks_value_lookup (obj, member);

  *ok = TRUE;
  if (n == NULL || IS_NULL (n))
    return NULL;
  if (!IS_TYPE (n, KS_TYPE_L))
    {
      *ok = fail (error, path, "%s must be an array, found %s", member, node_kind (n));
      return NULL;
    }
  return n;
}

static gboolean
read_strv (KsValue *arr, const char *path, GStrvBuilder *b, GError **error)
{
  for (guint i = 0; i < ks_value_get_length (arr); i++)
    {
      KsValue *e = ks_value_get_element (arr, i);
      if (!IS_SCALAR (e) || !IS_TYPE (e, KS_TYPE_S))
        {
          g_autofree char *p = g_strdup_printf ("%s[%u]", path, i);
          return fail (error, p, "expected a string, found %s", node_kind (e));
        }
      g_strv_builder_add (b, ks_value_get_string (e, NULL));
    }
  return TRUE;
}

static gboolean
read_key_attr (KsValue *node, const char *path, KsKeyAttr *out, GError **error)
{
  static const char *known[] = { "name", "type", NULL };
  KsValue *obj = get_object (node, path, error);
  g_autofree char *type = NULL;

  if (obj == NULL || !check_members (obj, path, known, error))
    return FALSE;
  if (!req_string (obj, "name", path, &out->name, error))
    return FALSE;
  if (!opt_string (obj, "type", path, &type, error))
    return FALSE;
  out->type = type ? ks_type_from_string (type) : KS_TYPE_S;
  if (!ks_type_is_scalar_key (out->type))
    {
      g_clear_pointer (&out->name, g_free);
      return fail (error, path, "a key attribute's type is S, N or B, not \"%s\"", type);
    }
  return TRUE;
}

/* A key part: {"name","type"} or, for multi-attribute GSI keys, a list. */
static gboolean
read_key_part (KsValue *obj, const char *member, const char *path, gboolean allow_list,
               KsKeySchema *schema, gboolean sort, GError **error)
{
  KsValue *n = ks_value_lookup (obj, member);
  g_autofree char *p = g_strdup_printf ("%s.%s", path, member);

  if (n == NULL || IS_NULL (n))
    return TRUE;
  if (IS_TYPE (n, KS_TYPE_L))
    {
      KsValue *arr = n;
      guint len = ks_value_get_length (arr);
      if (!allow_list)
        return fail (error, p, "only a GSI may have a multi-attribute key");
      if (len == 0 || len > KS_MAX_KEY_ATTRS)
        return fail (error, p, "a multi-attribute key has 1 to %d attributes, not %u", KS_MAX_KEY_ATTRS, len);
      for (guint i = 0; i < len; i++)
        {
          g_autofree char *ep = g_strdup_printf ("%s[%u]", p, i);
          KsKeyAttr ka = { NULL, KS_TYPE_S };
          if (!read_key_attr (ks_value_get_element (arr, i), ep, &ka, error))
            return FALSE;
          if (ks_key_schema_find (schema, ka.name))
            {
              g_free (ka.name);
              return fail (error, ep, "the key attribute appears twice in the key schema");
            }
          if (sort)
            ks_key_schema_add_sk (schema, ka.name, ka.type);
          else
            ks_key_schema_add_pk (schema, ka.name, ka.type);
          g_free (ka.name);
        }
      return TRUE;
    }
  {
    KsKeyAttr ka = { NULL, KS_TYPE_S };
    if (!read_key_attr (n, p, &ka, error))
      return FALSE;
    if (ks_key_schema_find (schema, ka.name))
      {
        g_free (ka.name);
        return fail (error, p, "the partition key and the sort key are the same attribute");
      }
    if (sort)
      ks_key_schema_add_sk (schema, ka.name, ka.type);
    else
      ks_key_schema_add_pk (schema, ka.name, ka.type);
    g_free (ka.name);
  }
  return TRUE;
}

static KsIndex *
read_index (KsValue *node, const char *path, GError **error)
{
  static const char *known[] = { "name", "kind", "partitionKey", "sortKey", "projection", NULL };
  KsValue *obj = get_object (node, path, error);
  g_autofree char *name = NULL, *kind = NULL;
  g_autoptr(KsKeySchema) keys = ks_key_schema_new ();
  g_autoptr(KsIndex) index = NULL;
  KsIndexKind k = KS_INDEX_GSI;
  KsValue *proj;

  if (obj == NULL || !check_members (obj, path, known, error))
    return NULL;
  if (!req_string (obj, "name", path, &name, error) || !opt_string (obj, "kind", path, &kind, error))
    return NULL;
  if (kind && g_str_equal (kind, "LSI"))
    k = KS_INDEX_LSI;
  else if (kind && !g_str_equal (kind, "GSI"))
    {
      fail (error, path, "kind is \"GSI\" or \"LSI\", not \"%s\"", kind);
      return NULL;
    }
  if (!read_key_part (obj, "partitionKey", path, k == KS_INDEX_GSI, keys, FALSE, error) ||
      !read_key_part (obj, "sortKey", path, k == KS_INDEX_GSI, keys, TRUE, error))
    return NULL;
  if (keys->n_pk == 0)
    {
      fail (error, path, "partitionKey is required");
      return NULL;
    }
  index = ks_index_new (name, k, keys);
  proj = ks_value_lookup (obj, "projection");
  if (proj != NULL && !IS_NULL (proj))
    {
      static const char *pknown[] = { "type", "attributes", NULL };
      g_autofree char *pp = g_strdup_printf ("%s.projection", path);
      KsValue *pobj = get_object (proj, pp, error);
      g_autofree char *type = NULL;
      gboolean ok;
      KsValue *attrs;

      if (pobj == NULL || !check_members (pobj, pp, pknown, error) ||
          !opt_string (pobj, "type", pp, &type, error))
        return NULL;
      if (type == NULL || g_str_equal (type, "ALL"))
        ks_index_set_projection (index, KS_PROJECTION_ALL);
      else if (g_str_equal (type, "KEYS_ONLY"))
        ks_index_set_projection (index, KS_PROJECTION_KEYS_ONLY);
      else if (g_str_equal (type, "INCLUDE"))
        ks_index_set_projection (index, KS_PROJECTION_INCLUDE);
      else
        {
          fail (error, pp, "type is ALL, KEYS_ONLY or INCLUDE, not \"%s\"", type);
          return NULL;
        }
      attrs = opt_array (pobj, "attributes", pp, error, &ok);
      if (!ok)
        return NULL;
      if (attrs)
        {
          g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
          g_auto(GStrv) strv = NULL;
          g_autofree char *ap = g_strdup_printf ("%s.attributes", pp);
          if (!read_strv (attrs, ap, b, error))
            return NULL;
          strv = g_strv_builder_end (b);
          ks_index_set_include (index, (const char * const *) strv);
        }
    }
  return g_steal_pointer (&index);
}

static KsTable *
read_table (KsValue *node, const char *path, GError **error)
{
  static const char *known[] = {
    "name", "partitionKey", "sortKey", "typeAttribute", "ttlAttribute", "billing", "indexes", NULL
  };
  KsValue *obj = get_object (node, path, error);
  g_autofree char *name = NULL, *type_attr = NULL, *ttl = NULL;
  g_autoptr(KsKeySchema) keys = ks_key_schema_new ();
  g_autoptr(KsTable) table = NULL;
  KsValue *indexes;
  KsValue *billing;
  gboolean ok;

  if (obj == NULL || !check_members (obj, path, known, error))
    return NULL;
  if (!req_string (obj, "name", path, &name, error) ||
      !read_key_part (obj, "partitionKey", path, FALSE, keys, FALSE, error) ||
      !read_key_part (obj, "sortKey", path, FALSE, keys, TRUE, error) ||
      !opt_string (obj, "typeAttribute", path, &type_attr, error) ||
      !opt_string (obj, "ttlAttribute", path, &ttl, error))
    return NULL;
  if (keys->n_pk == 0)
    {
      fail (error, path, "partitionKey is required");
      return NULL;
    }
  table = ks_table_new (name, keys);
  /* an absent typeAttribute means the default; null means none */
  if ((ks_value_lookup (obj, "typeAttribute") != NULL))
    ks_table_set_type_attribute (table, type_attr);
  ks_table_set_ttl_attribute (table, ttl);

  billing = ks_value_lookup (obj, "billing");
  if (billing && !IS_NULL (billing))
    {
      static const char *bknown[] = { "mode", "readCapacity", "writeCapacity", NULL };
      g_autofree char *bp = g_strdup_printf ("%s.billing", path);
      KsValue *bobj = get_object (billing, bp, error);
      g_autofree char *mode = NULL;
      double rcu = 5, wcu = 5;

      if (bobj == NULL || !check_members (bobj, bp, bknown, error) ||
          !opt_string (bobj, "mode", bp, &mode, error) ||
          !opt_number (bobj, "readCapacity", bp, 1, 1e9, &rcu, error) ||
          !opt_number (bobj, "writeCapacity", bp, 1, 1e9, &wcu, error))
        return NULL;
      if (mode == NULL || g_str_equal (mode, "PAY_PER_REQUEST"))
        ks_table_set_billing_mode (table, KS_BILLING_PAY_PER_REQUEST);
      else if (g_str_equal (mode, "PROVISIONED"))
        ks_table_set_billing_mode (table, KS_BILLING_PROVISIONED);
      else
        {
          fail (error, bp, "mode is PAY_PER_REQUEST or PROVISIONED, not \"%s\"", mode);
          return NULL;
        }
      ks_table_set_read_capacity (table, (guint) rcu);
      ks_table_set_write_capacity (table, (guint) wcu);
    }

  indexes = opt_array (obj, "indexes", path, error, &ok);
  if (!ok)
    return NULL;
  for (guint i = 0; indexes && i < ks_value_get_length (indexes); i++)
    {
      g_autofree char *ip = g_strdup_printf ("%s.indexes[%u]", path, i);
      g_autoptr(KsIndex) index = read_index (ks_value_get_element (indexes, i), ip, error);
      if (index == NULL)
        return NULL;
      if (ks_table_find_index (table, ks_index_get_name (index)))
        {
          fail (error, ip, "a second index named \"%s\"", ks_index_get_name (index));
          return NULL;
        }
      g_list_store_append (ks_table_get_indexes (table), index);
    }
  return g_steal_pointer (&table);
}

static KsEntity *
read_entity (KsValue *node, const char *path, GError **error)
{
  static const char *known[] = {
    "name", "table", "color", "description", "expectedItems", "writesPerSecond",
    "attributes", "keys", "generators", "items", NULL
  };
  KsValue *obj = get_object (node, path, error);
  g_autofree char *name = NULL, *table = NULL, *color = NULL, *desc = NULL;
  g_autoptr(KsEntity) entity = NULL;
  double expected = 0, wps = 0;
  KsValue *attrs, *items;
  KsValue *keys;
  gboolean ok;

  if (obj == NULL || !check_members (obj, path, known, error))
    return NULL;
  if (!req_string (obj, "name", path, &name, error) ||
      !opt_string (obj, "table", path, &table, error) ||
      !opt_string (obj, "color", path, &color, error) ||
      !opt_string (obj, "description", path, &desc, error) ||
      !opt_number (obj, "expectedItems", path, 0, 1e18, &expected, error) ||
      !opt_number (obj, "writesPerSecond", path, 0, 1e12, &wps, error))
    return NULL;
  entity = ks_entity_new (name, table);
  if (color)
    {
      if (color[0] != '#' || (strlen (color) != 7 && strlen (color) != 4) ||
          strspn (color + 1, "0123456789abcdefABCDEF") != strlen (color) - 1)
        {
          fail (error, path, "color must look like #3584e4, not \"%s\"", color);
          return NULL;
        }
      ks_entity_set_color (entity, color);
    }
  ks_entity_set_description (entity, desc);
  ks_entity_set_expected_items (entity, (guint64) expected);
  ks_entity_set_writes_per_second (entity, wps);

  attrs = opt_array (obj, "attributes", path, error, &ok);
  if (!ok)
    return NULL;
  for (guint i = 0; attrs && i < ks_value_get_length (attrs); i++)
    {
      static const char *aknown[] = { "name", "type", "required", "description", NULL };
      g_autofree char *ap = g_strdup_printf ("%s.attributes[%u]", path, i);
      KsValue *aobj = get_object (ks_value_get_element (attrs, i), ap, error);
      g_autofree char *aname = NULL, *atype = NULL, *adesc = NULL;
      gboolean required = FALSE;
      KsType type;
      g_autoptr(KsAttribute) attr = NULL;

      if (aobj == NULL || !check_members (aobj, ap, aknown, error) ||
          !req_string (aobj, "name", ap, &aname, error) ||
          !opt_string (aobj, "type", ap, &atype, error) ||
          !opt_bool (aobj, "required", ap, &required, error) ||
          !opt_string (aobj, "description", ap, &adesc, error))
        return NULL;
      type = atype ? ks_type_from_string (atype) : KS_TYPE_S;
      if (type == KS_TYPE_INVALID)
        {
          fail (error, ap, "type \"%s\" is not a DynamoDB type (S N B BOOL NULL M L SS NS BS)", atype);
          return NULL;
        }
      if (ks_entity_find_attribute (entity, aname))
        {
          fail (error, ap, "a second attribute named \"%s\"", aname);
          return NULL;
        }
      attr = ks_attribute_new (aname, type);
      ks_attribute_set_required (attr, required);
      ks_attribute_set_description (attr, adesc);
      g_list_store_append (ks_entity_get_attributes (entity), attr);
    }

  keys = ks_value_lookup (obj, "keys");
  if (keys && !IS_NULL (keys))
    {
      g_autofree char *kp = g_strdup_printf ("%s.keys", path);
      KsValue *kobj = get_object (keys, kp, error);
      g_autoptr(GList) members = NULL;

      if (kobj == NULL)
        return NULL;
      members = member_names (kobj);
      for (GList *l = members; l; l = l->next)
        {
          KsValue *t = ks_value_lookup (kobj, l->data);
          if (!IS_SCALAR (t) || !IS_TYPE (t, KS_TYPE_S))
            {
              g_autofree char *tp = g_strdup_printf ("%s.%s", kp, (char *) l->data);
              fail (error, tp, "a key template is a string, found %s", node_kind (t));
              return NULL;
            }
          /* syntax errors are kept and shown (validate reports them) */
          ks_entity_set_template (entity, l->data, ks_value_get_string (t, NULL));
        }
    }

  /* sample-data generators: attribute → spec (ks-generator.h) */
  {
    KsValue *gens = ks_value_lookup (obj, "generators");
    if (gens && !IS_NULL (gens))
      {
        g_autofree char *gp = g_strdup_printf ("%s.generators", path);
        if (get_object (gens, gp, error) == NULL)
          return NULL;
        for (guint i = 0; i < ks_value_get_length (gens); i++)
          {
            const KsMapEntry *e = ks_value_get_entry (gens, i);
            g_autofree char *sp = g_strdup_printf ("%s.%s", gp, e->name);
            if (!ks_generator_check_spec (e->value, sp, error))
              return NULL;
          }
        if (ks_value_get_length (gens) > 0)
          ks_entity_set_generators (entity, gens);
      }
  }

  items = opt_array (obj, "items", path, error, &ok);
  if (!ok)
    return NULL;
  if (items)
    {
      /* attribute types by name, looked up for every value */
      g_autoptr(GHashTable) types = g_hash_table_new (NULL, NULL);
      GListModel *model = G_LIST_MODEL (ks_entity_get_attributes (entity));

      for (guint a = 0; a < g_list_model_get_n_items (model); a++)
        {
          g_autoptr(KsAttribute) attr = g_list_model_get_item (model, a);
          g_hash_table_insert (types, (gpointer) g_intern_string (ks_attribute_get_name (attr)),
                               GINT_TO_POINTER (ks_attribute_get_value_type (attr) + 1));
        }
      for (guint i = 0; i < ks_value_get_length (items); i++)
        {
          KsValue *inode = ks_value_get_element (items, i);
          KsValue *iobj;
          g_autoptr(GList) members = NULL;
          KsMapBuilder *b;

          if (!IS_TYPE (inode, KS_TYPE_M))
            {
              g_autofree char *ip = g_strdup_printf ("%s.items[%u]", path, i);
              fail (error, ip, "expected an object, found %s", node_kind (inode));
              return NULL;
            }
          iobj = inode;
          members = member_names (iobj);
          b = ks_map_builder_new (g_list_length (members));
          for (GList *l = members; l; l = l->next)
            {
              const char *mname = g_intern_string (l->data);
              gpointer t = g_hash_table_lookup (types, mname);
              KsType type = t ? GPOINTER_TO_INT (t) - 1 : KS_TYPE_INVALID;
              KsValue *member = ks_value_lookup (iobj, l->data);
              /* paths are formatted only to explain a failure */
              KsValue *v = ks_value_from_plain_generic (member, type, NULL, NULL);

              if (v == NULL)
                {
                  g_autofree char *vp = g_strdup_printf ("%s.items[%u].%s", path, i, mname);
                  v = ks_value_from_plain_generic (member, type, vp, error);
                  g_assert (v == NULL);
                  ks_value_unref (ks_map_builder_end (b));
                  return NULL;
                }
              ks_map_builder_add_interned (b, mname, v);
            }
          {
            g_autoptr(KsItem) item = ks_item_new (ks_map_builder_end (b));
            ks_entity_append_item (entity, item);
          }
        }
    }
  return g_steal_pointer (&entity);
}

static gboolean
read_sk_condition (KsValue *node, const char *path, KsKeyCondition *cond, gboolean need_attr, GError **error)
{
  static const char *known[] = { "attribute", "op", "value", "to", NULL };
  KsValue *obj = get_object (node, path, error);
  g_autofree char *attr = NULL, *op = NULL, *value = NULL, *to = NULL;
  KsSortOp sop;

  if (obj == NULL || !check_members (obj, path, known, error) ||
      !opt_string (obj, "attribute", path, &attr, error) ||
      !req_string (obj, "op", path, &op, error))
    return FALSE;
  /* values may be numbers in hand-written files */
  {
    KsValue *v = ks_value_lookup (obj, "value");
    KsValue *t = ks_value_lookup (obj, "to");
    if (IS_TYPE (v, KS_TYPE_N))
      value = g_strdup (ks_value_get_number (v));
    else if (!opt_string (obj, "value", path, &value, error))
      return FALSE;
    if (IS_TYPE (t, KS_TYPE_N))
      to = g_strdup (ks_value_get_number (t));
    else if (!opt_string (obj, "to", path, &to, error))
      return FALSE;
  }
  sop = ks_sort_op_from_string (op);
  if (sop == KS_OP_NONE)
    return fail (error, path, "op is one of =, <, <=, >, >=, BETWEEN, begins_with; not \"%s\"", op);
  if (value == NULL)
    return fail (error, path, "value is required");
  if (sop == KS_OP_BETWEEN && to == NULL)
    return fail (error, path, "BETWEEN needs \"to\"");
  if (need_attr && attr == NULL)
    return fail (error, path, "attribute is required in a list of sort key conditions");
  ks_key_condition_add_sk (cond, attr, sop, value, sop == KS_OP_BETWEEN ? to : NULL);
  return TRUE;
}

static KsPattern *
read_pattern (KsValue *node, const char *path, GError **error)
{
  static const char *known[] = {
    "name", "description", "table", "index", "partitionKey", "sortKey", "filter",
    "parameters", "scanForward", "limit", "requestsPerSecond", "expects", NULL
  };
  KsValue *obj = get_object (node, path, error);
  g_autofree char *name = NULL, *desc = NULL, *table = NULL, *index = NULL, *filter = NULL;
  g_autoptr(KsPattern) pattern = NULL;
  g_autoptr(KsKeyCondition) cond = ks_key_condition_new ();
  gboolean forward = TRUE, ok;
  double limit = 0, rps = 0;
  KsValue *pk, *sk, *params;
  KsValue *expects;

  if (obj == NULL || !check_members (obj, path, known, error))
    return NULL;
  if (!req_string (obj, "name", path, &name, error) ||
      !opt_string (obj, "description", path, &desc, error) ||
      !opt_string (obj, "table", path, &table, error) ||
      !opt_string (obj, "index", path, &index, error) ||
      !opt_string (obj, "filter", path, &filter, error) ||
      !opt_bool (obj, "scanForward", path, &forward, error) ||
      !opt_number (obj, "limit", path, 0, 1e9, &limit, error) ||
      !opt_number (obj, "requestsPerSecond", path, 0, 1e12, &rps, error))
    return NULL;

  pk = ks_value_lookup (obj, "partitionKey");
  if (pk && IS_SCALAR (pk) && IS_TYPE (pk, KS_TYPE_S))
    ks_key_condition_add_pk (cond, NULL, ks_value_get_string (pk, NULL));
  else if (pk && IS_TYPE (pk, KS_TYPE_M))
    {
      KsValue *pobj = pk;
      g_autoptr(GList) members = member_names (pobj);
      for (GList *l = members; l; l = l->next)
        {
          KsValue *v = ks_value_lookup (pobj, l->data);
          if (cond->n_pk >= KS_MAX_KEY_ATTRS)
            {
              fail (error, path, "partitionKey has more than %d attributes", KS_MAX_KEY_ATTRS);
              return NULL;
            }
          if (!IS_SCALAR (v) || !IS_TYPE (v, KS_TYPE_S))
            {
              g_autofree char *p = g_strdup_printf ("%s.partitionKey.%s", path, (char *) l->data);
              fail (error, p, "expected a template string, found %s", node_kind (v));
              return NULL;
            }
          ks_key_condition_add_pk (cond, l->data, ks_value_get_string (v, NULL));
        }
    }
  else if (pk && !IS_NULL (pk))
    {
      fail (error, path, "partitionKey is a template string or an object of templates, not %s", node_kind (pk));
      return NULL;
    }

  sk = ks_value_lookup (obj, "sortKey");
  if (sk && IS_TYPE (sk, KS_TYPE_M))
    {
      g_autofree char *p = g_strdup_printf ("%s.sortKey", path);
      if (!read_sk_condition (sk, p, cond, FALSE, error))
        return NULL;
    }
  else if (sk && IS_TYPE (sk, KS_TYPE_L))
    {
      KsValue *arr = sk;
      if (ks_value_get_length (arr) > KS_MAX_KEY_ATTRS)
        {
          fail (error, path, "sortKey has more than %d conditions", KS_MAX_KEY_ATTRS);
          return NULL;
        }
      for (guint i = 0; i < ks_value_get_length (arr); i++)
        {
          g_autofree char *p = g_strdup_printf ("%s.sortKey[%u]", path, i);
          if (!read_sk_condition (ks_value_get_element (arr, i), p, cond, TRUE, error))
            return NULL;
        }
    }
  else if (sk && !IS_NULL (sk))
    {
      fail (error, path, "sortKey is an object or a list, not %s", node_kind (sk));
      return NULL;
    }

  pattern = ks_pattern_new (name);
  ks_pattern_set_description (pattern, desc);
  ks_pattern_set_table (pattern, table);
  ks_pattern_set_index (pattern, index);
  ks_pattern_set_key_condition (pattern, cond);
  ks_pattern_set_filter (pattern, filter);
  ks_pattern_set_scan_forward (pattern, forward);
  ks_pattern_set_limit (pattern, (guint) limit);
  ks_pattern_set_requests_per_second (pattern, rps);

  params = ks_value_lookup (obj, "parameters");
  if (params && !IS_NULL (params))
    {
      g_autofree char *p = g_strdup_printf ("%s.parameters", path);
      KsValue *v;
      if (!IS_TYPE (params, KS_TYPE_M))
        {
          fail (error, p, "expected an object, found %s", node_kind (params));
          return NULL;
        }
      v = ks_value_from_plain_generic (params, KS_TYPE_M, p, error);
      if (v == NULL)
        return NULL;
      ks_pattern_set_parameters (pattern, v);
    }

  expects = opt_array (obj, "expects", path, error, &ok);
  if (!ok)
    return NULL;
  if (expects)
    {
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;
      g_autofree char *p = g_strdup_printf ("%s.expects", path);
      if (!read_strv (expects, p, b, error))
        return NULL;
      strv = g_strv_builder_end (b);
      ks_pattern_set_expects (pattern, (const char * const *) strv);
    }
  return g_steal_pointer (&pattern);
}

gboolean
ks_native_detect (KsValue *root)
{
  KsValue *obj;
  KsValue *format;

  if (root == NULL || !IS_TYPE (root, KS_TYPE_M))
    return FALSE;
  obj = root;
  format = ks_value_lookup (obj, "format");
  return format && IS_SCALAR (format) &&
         IS_TYPE (format, KS_TYPE_S) &&
         g_str_equal (ks_value_get_string (format, NULL), "keyshape");
}

typedef gpointer (*ReadFunc) (KsValue *node, const char *path, GError **error);
typedef gpointer (*FindFunc) (KsDesign *design, const char *name);

/* Reads the array @member of @obj into @store; with @find, names must be
 * unique. */
static gboolean
read_list (KsValue *obj, const char *member, ReadFunc read, GListStore *store,
           FindFunc find, KsDesign *design, GError **error)
{
  gboolean ok;
  KsValue *list = opt_array (obj, member, "$", error, &ok);

  for (guint i = 0; ok && list && i < ks_value_get_length (list); i++)
    {
      g_autofree char *p = g_strdup_printf ("%s[%u]", member, i);
      g_autoptr(GObject) object = read (ks_value_get_element (list, i), p, error);
      g_autofree char *name = NULL;

      if (object == NULL)
        return FALSE;
      g_object_get (object, "name", &name, NULL);
      if (find != NULL && find (design, name) != NULL)
        return fail (error, p, "a second %s named \"%s\"",
                     g_str_equal (member, "tables") ? "table" : "entity", name);
      g_list_store_append (store, object);
    }
  return ok;
}

KsDesign *
ks_native_read (KsValue  *root,
                GError  **error)
{
  static const char *known[] = {
    "$schema", "format", "version", "name", "description", "notes", "tables", "entities",
    "accessPatterns", NULL
  };
  KsValue *obj = get_object (root, "$", error);
  g_autoptr(KsDesign) design = NULL;
  g_autofree char *name = NULL, *desc = NULL, *notes = NULL;
  KsValue *version;

  if (obj == NULL)
    return NULL;
  if (!ks_native_detect (root))
    {
      fail (error, "format", "not a Keyshape design (\"format\": \"keyshape\" is missing)");
      return NULL;
    }
  version = ks_value_lookup (obj, "version");
  if (!IS_TYPE (version, KS_TYPE_N) || strchr (ks_value_get_number (version), '.') != NULL ||
      strlen (ks_value_get_number (version)) > 9)
    {
      fail (error, "version", "an integer format version is required");
      return NULL;
    }
  if (g_ascii_strtoll (ks_value_get_number (version), NULL, 10) > KS_NATIVE_VERSION)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_VERSION,
                   "version: this design was written by a newer Keyshape (format version %s); "
                   "this Keyshape reads versions up to %d. Update Keyshape to open it.",
                   ks_value_get_number (version), KS_NATIVE_VERSION);
      return NULL;
    }
  if (g_ascii_strtoll (ks_value_get_number (version), NULL, 10) < 1)
    {
      fail (error, "version", "%s is not a format version", ks_value_get_number (version));
      return NULL;
    }
  if (!check_members (obj, "$", known, error))
    return NULL;
  if (!opt_string (obj, "name", "$", &name, error) ||
      !opt_string (obj, "description", "$", &desc, error) ||
      !opt_string (obj, "notes", "$", &notes, error))
    return NULL;

  design = ks_design_new ();
  ks_design_set_name (design, name ? name : "");
  ks_design_set_description (design, desc);
  ks_design_set_notes (design, notes);

  if (!read_list (obj, "tables", (ReadFunc) read_table, ks_design_get_tables (design),
                  (FindFunc) ks_design_find_table, design, error) ||
      !read_list (obj, "entities", (ReadFunc) read_entity, ks_design_get_entities (design),
                  (FindFunc) ks_design_find_entity, design, error) ||
      !read_list (obj, "accessPatterns", (ReadFunc) read_pattern, ks_design_get_patterns (design),
                  NULL, design, error))
    return NULL;
  return g_steal_pointer (&design);
}

/* Writing ---------------------------------------------------------------- */

static void
add_key_part (JsonBuilder *b, const char *member, const KsKeyAttr *attrs, guint n, gboolean list)
{
  if (n == 0)
    return;
  json_builder_set_member_name (b, member);
  if (list)
    json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, attrs[i].name);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, ks_type_to_string (attrs[i].type));
      json_builder_end_object (b);
    }
  if (list)
    json_builder_end_array (b);
}

static void
add_string (JsonBuilder *b, const char *member, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static void
add_strv (JsonBuilder *b, const char *member, const char * const *strv)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; strv && strv[i]; i++)
    json_builder_add_string_value (b, strv[i]);
  json_builder_end_array (b);
}

static void
add_number (JsonBuilder *b, const char *member, double value)
{
  json_builder_set_member_name (b, member);
  if (value == (double) (gint64) value && value < 9e15 && value > -9e15)
    json_builder_add_int_value (b, (gint64) value);
  else
    json_builder_add_double_value (b, value);
}

static void
write_table (JsonBuilder *b, KsTable *table)
{
  const KsKeySchema *keys = ks_table_get_key_schema (table);
  GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));

  json_builder_begin_object (b);
  add_string (b, "name", ks_table_get_name (table));
  add_key_part (b, "partitionKey", keys->pk, keys->n_pk, FALSE);
  add_key_part (b, "sortKey", keys->sk, keys->n_sk, FALSE);
  json_builder_set_member_name (b, "typeAttribute");
  if (ks_table_get_type_attribute (table))
    json_builder_add_string_value (b, ks_table_get_type_attribute (table));
  else
    json_builder_add_null_value (b);
  add_string (b, "ttlAttribute", ks_table_get_ttl_attribute (table));
  json_builder_set_member_name (b, "billing");
  json_builder_begin_object (b);
  if (ks_table_get_billing_mode (table) == KS_BILLING_PROVISIONED)
    {
      add_string (b, "mode", "PROVISIONED");
      add_number (b, "readCapacity", ks_table_get_read_capacity (table));
      add_number (b, "writeCapacity", ks_table_get_write_capacity (table));
    }
  else
    add_string (b, "mode", "PAY_PER_REQUEST");
  json_builder_end_object (b);

  json_builder_set_member_name (b, "indexes");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
    {
      g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
      const KsKeySchema *ik = ks_index_get_key_schema (index);

      json_builder_begin_object (b);
      add_string (b, "name", ks_index_get_name (index));
      add_string (b, "kind", ks_index_kind_to_string (ks_index_get_kind (index)));
      add_key_part (b, "partitionKey", ik->pk, ik->n_pk, ik->n_pk > 1 || ik->n_sk > 1);
      add_key_part (b, "sortKey", ik->sk, ik->n_sk, ik->n_pk > 1 || ik->n_sk > 1);
      json_builder_set_member_name (b, "projection");
      json_builder_begin_object (b);
      add_string (b, "type", ks_projection_to_string (ks_index_get_projection (index)));
      if (ks_index_get_projection (index) == KS_PROJECTION_INCLUDE)
        add_strv (b, "attributes", ks_index_get_include (index));
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
write_entity (JsonBuilder *b, KsEntity *entity)
{
  GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));

  json_builder_begin_object (b);
  add_string (b, "name", ks_entity_get_name (entity));
  add_string (b, "table", ks_entity_get_table (entity));
  add_string (b, "color", ks_entity_get_color (entity));
  add_string (b, "description", ks_entity_get_description (entity));
  if (ks_entity_get_expected_items (entity) > 0)
    add_number (b, "expectedItems", (double) ks_entity_get_expected_items (entity));
  if (ks_entity_get_writes_per_second (entity) > 0)
    add_number (b, "writesPerSecond", ks_entity_get_writes_per_second (entity));

  json_builder_set_member_name (b, "attributes");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (attrs); i++)
    {
      g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, i);
      json_builder_begin_object (b);
      add_string (b, "name", ks_attribute_get_name (attr));
      add_string (b, "type", ks_type_to_string (ks_attribute_get_value_type (attr)));
      if (ks_attribute_get_required (attr))
        {
          json_builder_set_member_name (b, "required");
          json_builder_add_boolean_value (b, TRUE);
        }
      add_string (b, "description", ks_attribute_get_description (attr));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "keys");
  json_builder_begin_object (b);
  for (guint i = 0; i < ks_entity_get_n_templates (entity); i++)
    {
      const char *key = ks_entity_get_template_key (entity, i);
      add_string (b, key, ks_entity_get_template (entity, key));
    }
  json_builder_end_object (b);

  if (ks_entity_get_generators (entity) && ks_value_get_length (ks_entity_get_generators (entity)) > 0)
    {
      json_builder_set_member_name (b, "generators");
      json_builder_add_value (b, ks_value_to_plain_json (ks_entity_get_generators (entity), KS_TYPE_INVALID));
    }

  /* the items themselves are streamed by write_items_hook() */
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
write_pattern (JsonBuilder *b, KsPattern *pattern)
{
  const KsKeyCondition *cond = ks_pattern_get_key_condition (pattern);
  gboolean multi = cond->n_pk > 1 || cond->n_sk > 1 || (cond->n_pk == 1 && cond->pk[0].attr);

  json_builder_begin_object (b);
  add_string (b, "name", ks_pattern_get_name (pattern));
  add_string (b, "description", ks_pattern_get_description (pattern));
  add_string (b, "table", ks_pattern_get_table (pattern));
  json_builder_set_member_name (b, "index");
  if (ks_pattern_get_index (pattern))
    json_builder_add_string_value (b, ks_pattern_get_index (pattern));
  else
    json_builder_add_null_value (b);
  if (cond->n_pk > 0)
    {
      json_builder_set_member_name (b, "partitionKey");
      if (!multi)
        json_builder_add_string_value (b, cond->pk[0].value);
      else
        {
          json_builder_begin_object (b);
          for (guint i = 0; i < cond->n_pk; i++)
            add_string (b, cond->pk[i].attr ? cond->pk[i].attr : "", cond->pk[i].value);
          json_builder_end_object (b);
        }
    }
  if (cond->n_sk > 0)
    {
      json_builder_set_member_name (b, "sortKey");
      if (multi)
        json_builder_begin_array (b);
      for (guint i = 0; i < cond->n_sk; i++)
        {
          json_builder_begin_object (b);
          add_string (b, "attribute", cond->sk[i].attr);
          add_string (b, "op", ks_sort_op_to_string (cond->sk[i].op));
          add_string (b, "value", cond->sk[i].value);
          add_string (b, "to", cond->sk[i].to);
          json_builder_end_object (b);
        }
      if (multi)
        json_builder_end_array (b);
    }
  add_string (b, "filter", ks_pattern_get_filter (pattern));
  json_builder_set_member_name (b, "parameters");
  json_builder_add_value (b, ks_value_to_plain_json (ks_pattern_get_parameters (pattern), KS_TYPE_M));
  json_builder_set_member_name (b, "scanForward");
  json_builder_add_boolean_value (b, ks_pattern_get_scan_forward (pattern));
  if (ks_pattern_get_limit (pattern) > 0)
    add_number (b, "limit", ks_pattern_get_limit (pattern));
  if (ks_pattern_get_requests_per_second (pattern) > 0)
    add_number (b, "requestsPerSecond", ks_pattern_get_requests_per_second (pattern));
  add_strv (b, "expects", ks_pattern_get_expects (pattern));
  json_builder_end_object (b);
}

/* Everything but the items, which ks_native_to_string() streams. */
static JsonNode *
ks_native_write_skeleton (KsDesign *design)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (design));
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (design));
  GListModel *patterns = G_LIST_MODEL (ks_design_get_patterns (design));

  json_builder_begin_object (b);
  add_string (b, "format", "keyshape");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, KS_NATIVE_VERSION);
  add_string (b, "name", ks_design_get_name (design));
  add_string (b, "description", ks_design_get_description (design));
  add_string (b, "notes", ks_design_get_notes (design));

  json_builder_set_member_name (b, "tables");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, i);
      write_table (b, table);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "entities");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, i);
      write_entity (b, entity);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "accessPatterns");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (patterns); i++)
    {
      g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, i);
      write_pattern (b, pattern);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* One entity's items as they were when the snapshot was taken. */
typedef struct
{
  KsValue   **values;     /* a reference each */
  guint       n;
  GHashTable *types;      /* interned attribute name → declared KsType + 1 */
} SnapshotEntity;

struct _KsNativeSnapshot
{
  JsonNode   *root;       /* everything but the items */
  GHashTable *entities;   /* JsonObject of an entity → SnapshotEntity */
};

static void
snapshot_entity_free (gpointer data)
{
  SnapshotEntity *se = data;

  for (guint i = 0; i < se->n; i++)
    ks_value_unref (se->values[i]);
  g_free (se->values);
  g_hash_table_unref (se->types);
  g_free (se);
}

static SnapshotEntity *
snapshot_entity_new (KsEntity *entity)
{
  GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));
  SnapshotEntity *se = g_new0 (SnapshotEntity, 1);

  se->types = g_hash_table_new (NULL, NULL);
  for (guint a = 0; a < g_list_model_get_n_items (attrs); a++)
    {
      g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, a);
      g_hash_table_insert (se->types, (gpointer) g_intern_string (ks_attribute_get_name (attr)),
                           GINT_TO_POINTER (ks_attribute_get_value_type (attr) + 1));
    }
  se->n = ks_entity_get_n_items (entity);
  se->values = g_new (KsValue *, MAX (se->n, 1));
  for (guint i = 0; i < se->n; i++)
    se->values[i] = ks_value_ref (ks_item_get_values (ks_entity_get_item (entity, i)));
  return se;
}

/* Reads the snapshot only: no reference taken or dropped, so that it may
 * run on another thread than the design's. */
static void
write_items (GString *out, const SnapshotEntity *se, guint level)
{
  if (se->n == 0)
    {
      g_string_append (out, "[]");
      return;
    }
  /* one item a line, so that a diff shows the item that changed */
  g_string_append_c (out, '[');
  for (guint i = 0; i < se->n; i++)
    {
      const KsValue *values = se->values[i];

      g_string_append (out, i ? ",\n" : "\n");
      for (guint k = 0; k <= level; k++)
        g_string_append (out, "  ");
      g_string_append_c (out, '{');
      for (guint k = 0; k < ks_value_get_length (values); k++)
        {
          const KsMapEntry *e = ks_value_get_entry (values, k);
          gpointer t = g_hash_table_lookup (se->types, e->name);
          if (k)
            g_string_append (out, ", ");
          ks_json_append_string (out, e->name, strlen (e->name));
          g_string_append (out, ": ");
          ks_value_append_plain_json (out, e->value, t ? GPOINTER_TO_INT (t) - 1 : KS_TYPE_INVALID);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '\n');
  for (guint k = 0; k < level; k++)
    g_string_append (out, "  ");
  g_string_append_c (out, ']');
}

static gboolean
write_items_hook (GString *out, JsonObject *object, const char *member, guint level, gpointer data)
{
  SnapshotEntity *se;

  if (!g_str_equal (member, "items"))
    return FALSE;
  se = g_hash_table_lookup (data, object);
  if (se == NULL)
    return FALSE;
  write_items (out, se, level);
  return TRUE;
}

KsNativeSnapshot *
ks_native_snapshot_new (KsDesign *design)
{
  KsNativeSnapshot *snapshot;
  JsonArray *entities;
  GListModel *model;

  g_return_val_if_fail (KS_IS_DESIGN (design), NULL);

  snapshot = g_new0 (KsNativeSnapshot, 1);
  snapshot->root = ks_native_write_skeleton (design);
  snapshot->entities = g_hash_table_new_full (NULL, NULL, NULL, snapshot_entity_free);
  entities = json_object_get_array_member (json_node_get_object (snapshot->root), "entities");
  model = G_LIST_MODEL (ks_design_get_entities (design));
  for (guint i = 0; i < json_array_get_length (entities); i++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (model, i);
      g_hash_table_insert (snapshot->entities, json_array_get_object_element (entities, i),
                           snapshot_entity_new (entity));
    }
  return snapshot;
}

char *
ks_native_snapshot_to_string (KsNativeSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);
  return ks_json_to_string_full (snapshot->root, TRUE, write_items_hook, snapshot->entities);
}

void
ks_native_snapshot_free (KsNativeSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_hash_table_unref (snapshot->entities);
  json_node_unref (snapshot->root);
  g_free (snapshot);
}

char *
ks_native_to_string (KsDesign *design)
{
  KsNativeSnapshot *snapshot = ks_native_snapshot_new (design);
  char *text = ks_native_snapshot_to_string (snapshot);

  ks_native_snapshot_free (snapshot);
  return text;
}
