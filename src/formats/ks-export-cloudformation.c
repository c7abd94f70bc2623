/* ks-export-cloudformation.c: CloudFormation templates, JSON and YAML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One AWS::DynamoDB::Table resource per table, its Properties in the
 * CreateTable shape plus TimeToLiveSpecification. Multi-attribute GSI keys
 * are several HASH then several RANGE KeySchema entries (no new property,
 * dynamodb-rules.md §10.5). The YAML form is written from the same tree by
 * a small block-style emitter.
 */
#define G_LOG_DOMAIN "keyshape-export"

#include "config.h"

#include <string.h>

#include "ks-export-private.h"
#include "ks-json-writer.h"

/* A resource's logical ID: the table name's letters and digits, each run
 * after another character capitalised (shop-orders → ShopOrders), made
 * unique. */
static char *
logical_id (const char *table_name, GHashTable *used)
{
  g_autoptr(GString) id = g_string_new (NULL);
  gboolean upper = TRUE;
  g_autofree char *base = NULL;

  for (const char *p = table_name; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          g_string_append_c (id, upper ? g_ascii_toupper (*p) : *p);
          upper = FALSE;
        }
      else
        upper = TRUE;
    }
  if (id->len == 0 || g_ascii_isdigit (id->str[0]))
    g_string_prepend (id, "Table");
  base = g_strdup (id->str);
  for (guint n = 2; g_hash_table_contains (used, id->str); n++)
    g_string_printf (id, "%s%u", base, n);
  g_hash_table_add (used, g_strdup (id->str));
  return g_string_free (g_steal_pointer (&id), FALSE);
}

static JsonNode *
build_template (KsEngine *engine, GError **error)
{
  KsDesign *design = ks_engine_get_design (engine);
  g_autoptr(GPtrArray) tables = ks_export_list_tables (design);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  const char *name = ks_design_get_name (design);
  g_autofree char *description = NULL;

  if (!ks_export_check_design (design, error))
    return NULL;
  description = g_strdup_printf ("DynamoDB tables of the design %s (exported by Keyshape)",
                                 name && *name ? name : "without a name");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "AWSTemplateFormatVersion");
  json_builder_add_string_value (b, "2010-09-09");
  json_builder_set_member_name (b, "Description");
  json_builder_add_string_value (b, description);
  json_builder_set_member_name (b, "Resources");
  json_builder_begin_object (b);
  for (guint i = 0; i < tables->len; i++)
    {
      KsTable *table = g_ptr_array_index (tables, i);
      g_autofree char *id = logical_id (ks_table_get_name (table), used);

      json_builder_set_member_name (b, id);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "Type");
      json_builder_add_string_value (b, "AWS::DynamoDB::Table");
      json_builder_set_member_name (b, "Properties");
      json_builder_add_value (b, ks_export_table_definition (table, TRUE));
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
ks_export_cloudformation (KsEngine   *engine,
                          GPtrArray  *warnings,
                          GError    **error)
{
  g_autoptr(JsonNode) root = build_template (engine, error);

  if (root == NULL)
    return NULL;
  return ks_json_to_string (root, TRUE);
}

/* YAML ------------------------------------------------------------------- */

static gboolean
yaml_plain_ok (const char *s)
{
  static const char *reserved[] = {
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", NULL
  };
  gsize len = strlen (s);

  if (len == 0 || !(g_ascii_isalpha (s[0]) || s[0] == '_' || s[0] == '/'))
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!(g_ascii_isalnum (*p) || strchr ("_.:/-", *p)))
      return FALSE;
  if (s[len - 1] == ':')
    return FALSE;
  for (guint i = 0; reserved[i]; i++)
    if (g_ascii_strcasecmp (s, reserved[i]) == 0)
      return FALSE;
  return TRUE;
}

static void
yaml_scalar_string (GString *out, const char *s)
{
  if (yaml_plain_ok (s))
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\x%02x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static gboolean
yaml_is_collection (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) > 0;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) > 0;
  return FALSE;
}

static void
yaml_scalar (GString *out, JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    g_string_append (out, "{}");
  else if (JSON_NODE_HOLDS_ARRAY (node))
    g_string_append (out, "[]");
  else if (JSON_NODE_HOLDS_NULL (node))
    g_string_append (out, "null");
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    yaml_scalar_string (out, json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append (out, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
}

static void
pad (GString *out, guint level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void yaml_collection (GString *out, JsonNode *node, guint level, gboolean first_inline);

/* Writes a mapping or sequence at @level; with @first_inline the first line
 * continues the current one (after "- "). */
static void
yaml_collection (GString *out, JsonNode *node, guint level, gboolean first_inline)
{
  gboolean first = TRUE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l; l = l->next, first = FALSE)
        {
          JsonNode *v = json_object_get_member (obj, l->data);
          if (!(first && first_inline))
            pad (out, level);
          yaml_scalar_string (out, l->data);
          g_string_append_c (out, ':');
          if (yaml_is_collection (v))
            {
              g_string_append_c (out, '\n');
              yaml_collection (out, v, level + 1, FALSE);
            }
          else
            {
              g_string_append_c (out, ' ');
              yaml_scalar (out, v);
              g_string_append_c (out, '\n');
            }
        }
      return;
    }
  {
    JsonArray *arr = json_node_get_array (node);
    for (guint i = 0; i < json_array_get_length (arr); i++, first = FALSE)
      {
        JsonNode *v = json_array_get_element (arr, i);
        if (!(first && first_inline))
          pad (out, level);
        g_string_append (out, "- ");
        if (JSON_NODE_HOLDS_OBJECT (v) && yaml_is_collection (v))
          yaml_collection (out, v, level + 1, TRUE);
        else if (yaml_is_collection (v))
          {
            g_string_truncate (out, out->len - 1);   /* no space before the line end */
            g_string_append_c (out, '\n');
            yaml_collection (out, v, level + 1, FALSE);
          }
        else
          {
            yaml_scalar (out, v);
            g_string_append_c (out, '\n');
          }
      }
  }
}

char *
ks_export_cloudformation_yaml (KsEngine   *engine,
                               GPtrArray  *warnings,
                               GError    **error)
{
  g_autoptr(JsonNode) root = build_template (engine, error);
  GString *out;

  if (root == NULL)
    return NULL;
  out = g_string_new (NULL);
  yaml_collection (out, root, 0, FALSE);
  return g_string_free (out, FALSE);
}
