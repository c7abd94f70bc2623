/* ks-cloudformation.c: CloudFormation templates (JSON and YAML)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The template arrives as generic values (ks_json_parse() or
 * ks_yaml_parse(), which turns !Ref and the other short forms into their
 * JSON forms). Each DynamoDB table resource's Properties go through the
 * CreateTable reader of ks-create-table.c in the CloudFormation dialect.
 * Before that, references to the template's Parameters are replaced by
 * their defaults where a default exists, so `ReadCapacityUnits: !Ref Rcu`
 * and `TableName: !Sub "${Env}-orders"` import; other functions stay, and
 * the reader says which one it cannot evaluate, and where.
 */
#define G_LOG_DOMAIN "keyshape-cloudformation"

#include "config.h"

#include <string.h>

#include "ks-cloudformation.h"
#include "ks-create-table-private.h"
#include "ks-error.h"
#include "ks-import-private.h"
#include "ks-table.h"

#define IS_TYPE(v, t) ((v) != NULL && ks_value_get_type (v) == (t))

#define TABLE_TYPE "AWS::DynamoDB::Table"
#define GLOBAL_TABLE_TYPE "AWS::DynamoDB::GlobalTable"

typedef struct
{
  const KsValue *parameters;   /* the template's Parameters, or NULL */
  GPtrArray     *warnings;
} Import;

static void warn (Import *im, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
warn (Import     *im,
      const char *fmt,
      ...)
{
  va_list args;

  if (im->warnings == NULL)
    return;
  va_start (args, fmt);
  g_ptr_array_add (im->warnings, g_strdup_vprintf (fmt, args));
  va_end (args);
}

static const char *
resource_type (const KsValue *resource)
{
  const KsValue *type = IS_TYPE (resource, KS_TYPE_M) ? ks_value_lookup (resource, "Type") : NULL;
  return IS_TYPE (type, KS_TYPE_S) ? ks_value_get_string (type, NULL) : NULL;
}

gboolean
ks_cloudformation_detect (const KsValue *root)
{
  const KsValue *resources;

  if (!IS_TYPE (root, KS_TYPE_M))
    return FALSE;
  if (ks_value_lookup (root, "AWSTemplateFormatVersion"))
    return TRUE;
  resources = ks_value_lookup (root, "Resources");
  if (!IS_TYPE (resources, KS_TYPE_M))
    return FALSE;
  for (guint i = 0; i < ks_value_get_length (resources); i++)
    {
      const char *type = resource_type (ks_value_get_entry (resources, i)->value);
      if (g_strcmp0 (type, TABLE_TYPE) == 0 || g_strcmp0 (type, GLOBAL_TABLE_TYPE) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Parameters -------------------------------------------------------------- */

/* The default of parameter @name when it is a string or a number. */
static const KsValue *
parameter_default (Import *im, const char *name)
{
  const KsValue *param = im->parameters ? ks_value_lookup (im->parameters, name) : NULL;
  const KsValue *def = IS_TYPE (param, KS_TYPE_M) ? ks_value_lookup (param, "Default") : NULL;

  if (IS_TYPE (def, KS_TYPE_S) || IS_TYPE (def, KS_TYPE_N))
    return def;
  return NULL;
}

/* "${Env}-orders" with every ${Name} a parameter with a default, or NULL. */
static char *
substitute (Import *im, const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      const char *end;
      g_autofree char *name = NULL;
      const KsValue *def;

      if (p[0] != '$' || p[1] != '{')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (p[2] == '!')
        {
          /* ${!Literal} writes ${Literal} */
          g_string_append (out, "${");
          p += 3;
          continue;
        }
      end = strchr (p + 2, '}');
      if (end == NULL)
        return NULL;
      name = g_strndup (p + 2, end - p - 2);
      def = parameter_default (im, name);
      if (def == NULL)
        return NULL;   /* a pseudo parameter, a resource, an attribute */
      g_string_append (out, IS_TYPE (def, KS_TYPE_S) ? ks_value_get_string (def, NULL)
                                                     : ks_value_get_number (def));
      p = end + 1;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A copy of @value with {"Ref": P} and {"Fn::Sub": "…"} replaced where
 * the Parameters' defaults give their value. */
static KsValue *
resolve (Import *im, const KsValue *value, const char *path)
{
  const char *fn = _ks_cfn_function_name (value);

  if (fn && g_str_equal (fn, "Ref") && IS_TYPE (ks_value_get_entry (value, 0)->value, KS_TYPE_S))
    {
      const char *name = ks_value_get_string (ks_value_get_entry (value, 0)->value, NULL);
      const KsValue *def = parameter_default (im, name);
      if (def)
        {
          g_autofree char *text = IS_TYPE (def, KS_TYPE_S) ? g_strdup (ks_value_get_string (def, NULL))
                                                           : g_strdup (ks_value_get_number (def));
          warn (im, "%s: Ref %s takes the parameter's default, %s", path, name, text);
          return ks_value_ref ((KsValue *) def);
        }
      return ks_value_ref ((KsValue *) value);
    }
  if (fn && g_str_equal (fn, "Fn::Sub") && IS_TYPE (ks_value_get_entry (value, 0)->value, KS_TYPE_S))
    {
      const char *text = ks_value_get_string (ks_value_get_entry (value, 0)->value, NULL);
      g_autofree char *done = substitute (im, text);
      if (done)
        {
          warn (im, "%s: Fn::Sub \"%s\" takes the parameters' defaults: %s", path, text, done);
          return ks_value_new_string (done, -1);
        }
      return ks_value_ref ((KsValue *) value);
    }
  if (IS_TYPE (value, KS_TYPE_M))
    {
      guint n = ks_value_get_length (value);
      KsMapBuilder *b = ks_map_builder_new (n);
      for (guint i = 0; i < n; i++)
        {
          const KsMapEntry *e = ks_value_get_entry (value, i);
          g_autofree char *p = g_strdup_printf ("%s.%s", path, e->name);
          ks_map_builder_add_interned (b, e->name, resolve (im, e->value, p));
        }
      return ks_map_builder_end (b);
    }
  if (IS_TYPE (value, KS_TYPE_L))
    {
      guint n = ks_value_get_length (value);
      GPtrArray *elems = g_ptr_array_new_full (n, (GDestroyNotify) ks_value_unref);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *p = g_strdup_printf ("%s[%u]", path, i);
          g_ptr_array_add (elems, resolve (im, ks_value_get_element (value, i), p));
        }
      return ks_value_new_list (KS_TYPE_L, elems);
    }
  return ks_value_ref ((KsValue *) value);
}

/* Resources --------------------------------------------------------------- */

static gboolean
read_resource (Import *im, KsDesign *design, const char *id, const KsValue *resource, GError **error)
{
  g_autofree char *path = g_strdup_printf ("Resources.%s", id);
  g_autofree char *pp = g_strdup_printf ("%s.Properties", path);
  const char *type = resource_type (resource);
  const KsValue *props;
  const KsValue *condition;
  g_autoptr(KsValue) resolved = NULL;
  g_autoptr(KsTable) table = NULL;
  gboolean global;

  if (!IS_TYPE (resource, KS_TYPE_M))
    return ks_import_fail (error, path, "a resource is an object with a Type, found %s", _ks_value_kind (resource));
  if (type == NULL)
    return ks_import_fail (error, path, "Type is missing or not a string");
  if (g_str_equal (type, "AWS::Serverless::SimpleTable"))
    {
      warn (im, "%s: an AWS::Serverless::SimpleTable is not imported; write it as an %s", path, TABLE_TYPE);
      return TRUE;
    }
  global = g_str_equal (type, GLOBAL_TABLE_TYPE);
  if (!global && !g_str_equal (type, TABLE_TYPE))
    return TRUE;

  props = ks_value_lookup (resource, "Properties");
  if (props == NULL)
    return ks_import_fail (error, path, "Properties is missing: a table needs at least its KeySchema");
  if (!IS_TYPE (props, KS_TYPE_M) || _ks_cfn_function_name (props))
    return ks_import_fail (error, pp, "expected an object, found %s", _ks_value_kind (props));
  condition = ks_value_lookup (resource, "Condition");
  if (IS_TYPE (condition, KS_TYPE_S))
    warn (im, "%s: created only when the condition %s holds; imported as if it does",
          path, ks_value_get_string (condition, NULL));

  resolved = resolve (im, props, pp);
  table = _ks_create_table_read (resolved, pp, global ? KS_TABLE_DIALECT_CFN_GLOBAL : KS_TABLE_DIALECT_CFN_TABLE,
                                 id, im->warnings, error);
  if (table == NULL)
    return FALSE;
  if (ks_design_find_table (design, ks_table_get_name (table)))
    return ks_import_fail (error, path, "a second table named %s", ks_table_get_name (table));
  g_list_store_append (ks_design_get_tables (design), table);
  return TRUE;
}

KsDesign *
ks_cloudformation_import (const KsValue  *root,
                          const char     *design_name,
                          GPtrArray      *warnings,
                          GError        **error)
{
  g_autoptr(KsDesign) design = ks_design_new ();
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (design));
  Import im = { NULL, warnings };
  const KsValue *resources, *parameters, *description;

  g_return_val_if_fail (root != NULL, NULL);

  if (!IS_TYPE (root, KS_TYPE_M))
    {
      ks_import_fail (error, "$", "a CloudFormation template is an object, found %s", _ks_value_kind (root));
      return NULL;
    }
  parameters = ks_value_lookup (root, "Parameters");
  if (parameters && !IS_TYPE (parameters, KS_TYPE_M))
    {
      ks_import_fail (error, "Parameters", "expected an object, found %s", _ks_value_kind (parameters));
      return NULL;
    }
  im.parameters = parameters;
  resources = ks_value_lookup (root, "Resources");
  if (resources == NULL)
    {
      ks_import_fail (error, "$", "Resources is missing");
      return NULL;
    }
  if (!IS_TYPE (resources, KS_TYPE_M))
    {
      ks_import_fail (error, "Resources", "expected an object, found %s", _ks_value_kind (resources));
      return NULL;
    }
  for (guint i = 0; i < ks_value_get_length (resources); i++)
    {
      const KsMapEntry *e = ks_value_get_entry (resources, i);
      if (!read_resource (&im, design, e->name, e->value, error))
        return NULL;
    }
  if (g_list_model_get_n_items (tables) == 0)
    {
      ks_import_fail (error, "Resources", "no %s or %s resource", TABLE_TYPE, GLOBAL_TABLE_TYPE);
      return NULL;
    }

  description = ks_value_lookup (root, "Description");
  if (IS_TYPE (description, KS_TYPE_S))
    ks_design_set_description (design, ks_value_get_string (description, NULL));
  if (design_name == NULL || *design_name == '\0')
    {
      g_autoptr(KsTable) first = g_list_model_get_item (tables, 0);
      ks_design_set_name (design, ks_table_get_name (first));
    }
  else
    ks_design_set_name (design, design_name);
  return g_steal_pointer (&design);
}
