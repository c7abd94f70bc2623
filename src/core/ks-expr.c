/* ks-expr.c: DynamoDB expressions (key conditions, filters, projections)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The condition grammar and the order in which semantic errors win follow
 * the parser of dynalite (db/conditionParser.pegjs), which copies DynamoDB's
 * validation; where dynamodb-rules.md records a different observed DynamoDB
 * behaviour, that wins (syntax error wording, operand types of <, <=, >,
 * >=, BETWEEN, NULL:false values). The parser is a packrat PEG parser: each
 * rule result is memoized per input position, so nesting cannot make it
 * exponential, and recursion is bounded.
 */
#define G_LOG_DOMAIN "keyshape-expr"

#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-expr.h"

/* DynamoDB's limit on each expression string, in bytes. */
#define KS_EXPR_MAX_BYTES 4096
/* Recursion guard for the parser (well above what 4 KB can nest). */
#define KS_EXPR_MAX_DEPTH 6000
#define KS_AV_MAX_DEPTH 32

const char *
ks_expr_kind_to_string (KsExprKind kind)
{
  switch (kind)
    {
    case KS_EXPR_KEY_CONDITION:
      return "KeyConditionExpression";
    case KS_EXPR_FILTER:
      return "FilterExpression";
    case KS_EXPR_CONDITION:
      return "ConditionExpression";
    case KS_EXPR_PROJECTION:
      return "ProjectionExpression";
    default:
      return "Expression";
    }
}

static gboolean
is_ident_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_ident_part (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

gboolean
ks_attribute_name_needs_alias (const char *name)
{
  g_return_val_if_fail (name != NULL, TRUE);

  if (!is_ident_start (name[0]))
    return TRUE;
  for (const char *p = name + 1; *p; p++)
    if (!is_ident_part (*p))
      return TRUE;
  return ks_is_reserved_word (name);
}

/* AttributeValues in DynamoDB JSON ----------------------------------------- */

static gboolean
set_serialization_error (GError **error, const char *msg)
{
  g_set_error_literal (error, KS_ERROR, KS_ERROR_PARSE, msg);
  return FALSE;
}

static const char *
json_kind_error (JsonNode *node, const char *java_type)
{
  /* The messages DynamoDB's JSON deserializer gives for a wrong JSON kind. */
  static char buf[160];

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      g_snprintf (buf, sizeof buf, "Unrecognized collection type class %s", java_type);
      return buf;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "Start of structure or map found where not expected";
  return NULL;
}

static gboolean
check_string_member (JsonNode *node, GError **error)
{
  const char *msg;
  GType t;

  if ((msg = json_kind_error (node, "java.lang.String")))
    return set_serialization_error (error, msg);
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  t = json_node_get_value_type (node);
  if (t == G_TYPE_BOOLEAN)
    return set_serialization_error (error, json_node_get_boolean (node)
                                    ? "TRUE_VALUE cannot be converted to String"
                                    : "FALSE_VALUE cannot be converted to String");
  if (t == G_TYPE_INT64)
    return set_serialization_error (error, "NUMBER_VALUE cannot be converted to String");
  if (t == G_TYPE_DOUBLE)
    return set_serialization_error (error, "DECIMAL_VALUE cannot be converted to String");
  return TRUE;
}

static gboolean
base64_canonical (const char *s)
{
  gsize len = strlen (s);
  gsize out_len;
  g_autofree guchar *data = NULL;
  g_autofree char *again = NULL;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '+' && s[i] != '/' && s[i] != '=')
      return FALSE;
  data = g_base64_decode (s, &out_len);
  again = g_base64_encode (data, out_len);
  return strcmp (again, s) == 0;
}

static gboolean
check_blob_member (JsonNode *node, GError **error)
{
  const char *msg;
  const char *s;

  if ((msg = json_kind_error (node, "java.nio.ByteBuffer")))
    return set_serialization_error (error, msg);
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return set_serialization_error (error, "only base-64-encoded strings are convertible to bytes");
  s = json_node_get_string (node);
  if (strlen (s) % 4 != 0)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE,
                   "Base64 encoded length is expected a multiple of 4 bytes but found: %zu",
                   strlen (s));
      return FALSE;
    }
  if (!base64_canonical (s))
    return set_serialization_error (error, "Invalid last non-pad Base64 character dectected");
  return TRUE;
}

static gboolean
check_bool_member (JsonNode *node, GError **error)
{
  const char *msg;
  GType t;

  if ((msg = json_kind_error (node, "java.lang.Boolean")))
    return set_serialization_error (error, msg);
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64)
    return set_serialization_error (error, "NUMBER_VALUE cannot be converted to Boolean");
  if (t == G_TYPE_DOUBLE)
    return set_serialization_error (error, "DECIMAL_VALUE cannot be converted to Boolean");
  if (t == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      if (g_ascii_strcasecmp (s, "true") && g_ascii_strcasecmp (s, "false")
          && g_ascii_strcasecmp (s, "1") && g_ascii_strcasecmp (s, "0")
          && g_ascii_strcasecmp (s, "yes") && g_ascii_strcasecmp (s, "no"))
        return set_serialization_error (error, "Unexpected token received from parser");
    }
  return TRUE;
}

static gboolean
json_bool_value (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      return !g_ascii_strcasecmp (s, "true") || !g_ascii_strcasecmp (s, "1")
             || !g_ascii_strcasecmp (s, "yes");
    }
  return json_node_get_boolean (node);
}

static gboolean check_types (JsonNode *node, guint depth, GError **error);

static gboolean
check_list_member (JsonNode *node, int elem_kind, guint depth, GError **error)
{
  JsonArray *arr;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return set_serialization_error (error, "Start of structure or map found where not expected");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_serialization_error (error, "Unexpected field type");
  arr = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *e = json_array_get_element (arr, i);
      gboolean ok;

      switch (elem_kind)
        {
        case 'S':
          ok = check_string_member (e, error);
          break;
        case 'B':
          ok = check_blob_member (e, error);
          break;
        default:
          ok = check_types (e, depth + 1, error);
          break;
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_types (JsonNode *node, guint depth, GError **error)
{
  JsonObject *obj;
  g_autoptr(GList) members = NULL;

  if (depth > 2 * KS_AV_MAX_DEPTH + 8)
    return set_serialization_error (error, "Nesting Levels have exceeded supported limits");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return set_serialization_error (error, "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_serialization_error (error, "Unexpected value type in payload");
  obj = json_node_get_object (node);
  members = json_object_get_members (obj);
  for (GList *l = members; l; l = l->next)
    {
      const char *tag = l->data;
      JsonNode *m = json_object_get_member (obj, tag);
      gboolean ok = TRUE;

      if (!strcmp (tag, "S") || !strcmp (tag, "N"))
        ok = check_string_member (m, error);
      else if (!strcmp (tag, "B"))
        ok = check_blob_member (m, error);
      else if (!strcmp (tag, "BOOL") || !strcmp (tag, "NULL"))
        ok = check_bool_member (m, error);
      else if (!strcmp (tag, "SS") || !strcmp (tag, "NS"))
        ok = check_list_member (m, 'S', depth, error);
      else if (!strcmp (tag, "BS"))
        ok = check_list_member (m, 'B', depth, error);
      else if (!strcmp (tag, "L"))
        ok = check_list_member (m, 'L', depth, error);
      else if (!strcmp (tag, "M"))
        {
          if (JSON_NODE_HOLDS_NULL (m))
            ok = TRUE;
          else if (JSON_NODE_HOLDS_ARRAY (m))
            ok = set_serialization_error (error, "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>");
          else if (!JSON_NODE_HOLDS_OBJECT (m))
            ok = set_serialization_error (error, "Unexpected field type");
          else
            {
              JsonObject *mo = json_node_get_object (m);
              g_autoptr(GList) names = json_object_get_members (mo);
              for (GList *n = names; n && ok; n = n->next)
                ok = check_types (json_object_get_member (mo, n->data), depth + 1, error);
            }
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/**
 * ks_attribute_value_check_types:
 *
 * The checks DynamoDB's deserializer makes on an AttributeValue before any
 * validation (SerializationException, reported as KS_ERROR_PARSE).
 */
gboolean
ks_attribute_value_check_types (JsonNode  *node,
                                GError   **error)
{
  return check_types (node, 0, error);
}

static gboolean
set_validation_error (GError **error, const char *msg)
{
  g_set_error_literal (error, KS_ERROR, KS_ERROR_VALIDATION, msg);
  return FALSE;
}

static KsValue *
number_from_text (const char *text, GError **error)
{
  if (text == NULL || *text == '\0')
    {
      set_validation_error (error, "The parameter cannot be converted to a numeric value");
      return NULL;
    }
  /* DynamoDB (and Java's BigDecimal) take no surrounding blanks. */
  if (g_ascii_isspace (text[0]) || g_ascii_isspace (text[strlen (text) - 1]))
    {
      g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION,
                   "The parameter cannot be converted to a numeric value: %s", text);
      return NULL;
    }
  return ks_value_new_number (text, error);
}

static char *
collection_string (JsonArray *arr)
{
  GString *s = g_string_new ("[");
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *e = json_array_get_element (arr, i);
      if (i)
        g_string_append (s, ", ");
      g_string_append (s, JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING
                          ? json_node_get_string (e) : "null");
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static KsValue *
set_from_json (KsType type, JsonArray *arr, GError **error)
{
  g_autoptr(GPtrArray) elems = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
  g_autoptr(GHashTable) seen = NULL;
  guint n = json_array_get_length (arr);

  if (n == 0)
    {
      set_validation_error (error,
                            type == KS_TYPE_SS ? "One or more parameter values were invalid: An string set  may not be empty"
                            : type == KS_TYPE_NS ? "One or more parameter values were invalid: An number set  may not be empty"
                            : "One or more parameter values were invalid: Binary sets should not be empty");
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (arr, i);
      const char *s = (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
                      ? json_node_get_string (e) : NULL;
      KsValue *v;

      if (type == KS_TYPE_NS)
        v = number_from_text (s, error);
      else if (s == NULL)
        {
          set_validation_error (error, "One or more parameter values were invalid: Set elements must not be null");
          return NULL;
        }
      else if (type == KS_TYPE_SS)
        v = ks_value_new_string (s, -1);
      else
        v = ks_value_new_binary_base64 (s, "BS", error);
      if (v == NULL)
        return NULL;
      g_ptr_array_add (elems, v);
    }
  seen = g_hash_table_new ((GHashFunc) ks_value_hash, (GEqualFunc) ks_value_equal);
  for (guint i = 0; i < elems->len; i++)
    {
      if (g_hash_table_contains (seen, elems->pdata[i]))
        {
          g_autofree char *list = collection_string (arr);
          if (type == KS_TYPE_NS)
            set_validation_error (error, "Input collection contains duplicates");
          else if (type == KS_TYPE_SS)
            g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION,
                         "One or more parameter values were invalid: Input collection %s contains duplicates.", list);
          else
            g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION,
                         "One or more parameter values were invalid: Input collection %sof type BS contains duplicates.", list);
          return NULL;
        }
      g_hash_table_add (seen, elems->pdata[i]);
    }
  return ks_value_new_list (type, g_steal_pointer (&elems));
}

static KsValue *
av_fail (KsValue **partial, GError **error, const char *msg)
{
  g_clear_pointer (partial, ks_value_unref);
  set_serialization_error (error, msg);
  return NULL;
}

static KsValue *
av_from_json (JsonNode *node, guint depth, GError **error)
{
  JsonObject *obj;
  g_autoptr(GList) members = NULL;
  guint n_types = 0;
  KsValue *result = NULL;

  if (depth > KS_AV_MAX_DEPTH)
    {
      set_validation_error (error, "Nesting Levels have exceeded supported limits");
      return NULL;
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_validation_error (error, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
      return NULL;
    }
  obj = json_node_get_object (node);
  members = json_object_get_members (obj);
  /* Like DynamoDB, check every type member given, then their number. */
  for (GList *l = members; l; l = l->next)
    {
      const char *t = l->data;
      JsonNode *m = json_object_get_member (obj, t);
      KsType type = ks_type_from_string (t);
      KsValue *v = NULL;

      if (type == KS_TYPE_INVALID || m == NULL || JSON_NODE_HOLDS_NULL (m))
        continue;
      n_types++;
      switch (type)
        {
        case KS_TYPE_S:
          if (!JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
            return av_fail (&result, error, "Unexpected value type in payload");
          v = ks_value_new_string (json_node_get_string (m), -1);
          break;
        case KS_TYPE_N:
          if (!JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
            return av_fail (&result, error, "Unexpected value type in payload");
          v = number_from_text (json_node_get_string (m), error);
          break;
        case KS_TYPE_B:
          if (!JSON_NODE_HOLDS_VALUE (m) || json_node_get_value_type (m) != G_TYPE_STRING)
            return av_fail (&result, error, "only base-64-encoded strings are convertible to bytes");
          v = ks_value_new_binary_base64 (json_node_get_string (m), "B", error);
          break;
        case KS_TYPE_BOOL:
          if (!JSON_NODE_HOLDS_VALUE (m))
            return av_fail (&result, error, "Unexpected value type in payload");
          v = ks_value_new_bool (json_bool_value (m));
          break;
        case KS_TYPE_NULL:
          /* NULL:false is accepted and stored as NULL:true (rules §1.1). */
          if (!JSON_NODE_HOLDS_VALUE (m))
            return av_fail (&result, error, "Unexpected value type in payload");
          v = ks_value_new_null ();
          break;
        case KS_TYPE_SS:
        case KS_TYPE_NS:
        case KS_TYPE_BS:
          if (!JSON_NODE_HOLDS_ARRAY (m))
            return av_fail (&result, error, "Unexpected field type");
          v = set_from_json (type, json_node_get_array (m), error);
          break;
        case KS_TYPE_L:
          {
            JsonArray *arr;
            GPtrArray *elems;

            if (!JSON_NODE_HOLDS_ARRAY (m))
              return av_fail (&result, error, "Unexpected field type");
            arr = json_node_get_array (m);
            elems = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
            for (guint i = 0; i < json_array_get_length (arr); i++)
              {
                KsValue *e = av_from_json (json_array_get_element (arr, i), depth + 1, error);
                if (e == NULL)
                  {
                    g_ptr_array_unref (elems);
                    g_clear_pointer (&result, ks_value_unref);
                    return NULL;
                  }
                g_ptr_array_add (elems, e);
              }
            v = ks_value_new_list (KS_TYPE_L, elems);
          }
          break;
        case KS_TYPE_M:
          {
            JsonObject *mo;
            g_autoptr(GList) names = NULL;
            KsMapBuilder *b;

            if (!JSON_NODE_HOLDS_OBJECT (m))
              return av_fail (&result, error, "Unexpected field type");
            mo = json_node_get_object (m);
            names = json_object_get_members (mo);
            b = ks_map_builder_new (g_list_length (names));
            for (GList *n = names; n; n = n->next)
              {
                KsValue *e = av_from_json (json_object_get_member (mo, n->data), depth + 1, error);
                if (e == NULL)
                  {
                    ks_value_unref (ks_map_builder_end (b));
                    g_clear_pointer (&result, ks_value_unref);
                    return NULL;
                  }
                ks_map_builder_set (b, n->data, e);
              }
            v = ks_map_builder_end (b);
          }
          break;
        default:
          break;
        }
      if (v == NULL)
        {
          g_clear_pointer (&result, ks_value_unref);
          return NULL;
        }
      if (result == NULL)
        result = v;
      else
        ks_value_unref (v);
    }
  if (n_types == 0)
    {
      set_validation_error (error, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
      return NULL;
    }
  if (n_types > 1)
    {
      ks_value_unref (result);
      set_validation_error (error, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
      return NULL;
    }
  return result;
}

KsValue *
ks_attribute_value_from_json (JsonNode  *node,
                              GError   **error)
{
  return av_from_json (node, 0, error);
}

/* Placeholders -------------------------------------------------------------- */

struct _KsExprContext
{
  GPtrArray  *name_keys;    /* char *, request order */
  GHashTable *names;        /* "#p" → name (owned by name_values) */
  GPtrArray  *value_keys;   /* char *, request order */
  GHashTable *values;       /* ":p" → KsValue */
  GHashTable *used;         /* placeholders used */
  gboolean    has_names;
  gboolean    has_values;
};

KsExprContext *
ks_expr_context_new (void)
{
  KsExprContext *ctx = g_new0 (KsExprContext, 1);

  ctx->name_keys = g_ptr_array_new_with_free_func (g_free);
  ctx->value_keys = g_ptr_array_new_with_free_func (g_free);
  ctx->names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  ctx->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) ks_value_unref);
  ctx->used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return ctx;
}

void
ks_expr_context_free (KsExprContext *ctx)
{
  if (ctx == NULL)
    return;
  g_hash_table_unref (ctx->names);
  g_hash_table_unref (ctx->values);
  g_hash_table_unref (ctx->used);
  g_ptr_array_unref (ctx->name_keys);
  g_ptr_array_unref (ctx->value_keys);
  g_free (ctx);
}

static gboolean
placeholder_valid (const char *key, char sigil)
{
  if (key[0] != sigil || key[1] == '\0')
    return FALSE;
  for (const char *p = key + 1; *p; p++)
    if (!is_ident_part (*p))
      return FALSE;
  return TRUE;
}

void
ks_expr_context_add_name (KsExprContext *ctx,
                          const char    *placeholder,
                          const char    *name)
{
  char *key;

  g_return_if_fail (ctx != NULL && placeholder != NULL && name != NULL);

  ctx->has_names = TRUE;
  key = NULL;
  for (guint i = 0; i < ctx->name_keys->len; i++)
    if (strcmp (ctx->name_keys->pdata[i], placeholder) == 0)
      key = ctx->name_keys->pdata[i];
  if (key == NULL)
    {
      key = g_strdup (placeholder);
      g_ptr_array_add (ctx->name_keys, key);
    }
  g_hash_table_insert (ctx->names, key, g_strdup (name));
}

void
ks_expr_context_add_value (KsExprContext *ctx,
                           const char    *placeholder,
                           KsValue       *value)
{
  char *key = NULL;

  g_return_if_fail (ctx != NULL && placeholder != NULL && value != NULL);

  ctx->has_values = TRUE;
  for (guint i = 0; i < ctx->value_keys->len; i++)
    if (strcmp (ctx->value_keys->pdata[i], placeholder) == 0)
      key = ctx->value_keys->pdata[i];
  if (key == NULL)
    {
      key = g_strdup (placeholder);
      g_ptr_array_add (ctx->value_keys, key);
    }
  g_hash_table_insert (ctx->values, key, ks_value_ref (value));
}

gboolean
ks_expr_context_has_names (KsExprContext *ctx)
{
  return ctx->has_names;
}

gboolean
ks_expr_context_has_values (KsExprContext *ctx)
{
  return ctx->has_values;
}

gboolean
ks_expr_context_set_names (KsExprContext  *ctx,
                           JsonNode       *names,
                           GError        **error)
{
  JsonObject *obj;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (ctx != NULL, FALSE);

  if (names == NULL || JSON_NODE_HOLDS_NULL (names))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (names))
    return set_serialization_error (error, "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>");
  if (!JSON_NODE_HOLDS_OBJECT (names))
    return set_serialization_error (error, "Unexpected field type");
  obj = json_node_get_object (names);
  members = json_object_get_members (obj);
  for (GList *l = members; l; l = l->next)
    if (!check_string_member (json_object_get_member (obj, l->data), error))
      return FALSE;
  ctx->has_names = TRUE;
  if (members == NULL)
    return set_validation_error (error, "ExpressionAttributeNames must not be empty");
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *m = json_object_get_member (obj, l->data);

      if (!placeholder_valid (l->data, '#'))
        {
          g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION,
                       "ExpressionAttributeNames contains invalid key: Syntax error; key: \"%s\"",
                       (const char *) l->data);
          return FALSE;
        }
      /* A null or empty name counts as not defined when used (dynalite). */
      if (JSON_NODE_HOLDS_NULL (m) || *json_node_get_string (m) == '\0')
        {
          g_ptr_array_add (ctx->name_keys, g_strdup (l->data));
          continue;
        }
      ks_expr_context_add_name (ctx, l->data, json_node_get_string (m));
    }
  return TRUE;
}

gboolean
ks_expr_context_set_values (KsExprContext  *ctx,
                            JsonNode       *values,
                            GError        **error)
{
  JsonObject *obj;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (ctx != NULL, FALSE);

  if (values == NULL || JSON_NODE_HOLDS_NULL (values))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (values))
    return set_serialization_error (error, "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>");
  if (!JSON_NODE_HOLDS_OBJECT (values))
    return set_serialization_error (error, "Unexpected field type");
  obj = json_node_get_object (values);
  members = json_object_get_members (obj);
  for (GList *l = members; l; l = l->next)
    if (!ks_attribute_value_check_types (json_object_get_member (obj, l->data), error))
      return FALSE;
  ctx->has_values = TRUE;
  if (members == NULL)
    return set_validation_error (error, "ExpressionAttributeValues must not be empty");
  for (GList *l = members; l; l = l->next)
    if (!placeholder_valid (l->data, ':'))
      {
        g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION,
                     "ExpressionAttributeValues contains invalid key: Syntax error; key: \"%s\"",
                     (const char *) l->data);
        return FALSE;
      }
  for (GList *l = members; l; l = l->next)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(KsValue) v = ks_attribute_value_from_json (json_object_get_member (obj, l->data), &local);

      if (v == NULL)
        {
          if (local->code == KS_ERROR_PARSE)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION,
                       "ExpressionAttributeValues contains invalid value: %s for key %s",
                       local->message, (const char *) l->data);
          return FALSE;
        }
      ks_expr_context_add_value (ctx, l->data, v);
    }
  return TRUE;
}

gboolean
ks_expr_context_check_unused (KsExprContext  *ctx,
                              GError        **error)
{
  GString *unused = NULL;

  g_return_val_if_fail (ctx != NULL, FALSE);

  for (guint pass = 0; pass < 2; pass++)
    {
      GPtrArray *keys = pass == 0 ? ctx->name_keys : ctx->value_keys;

      for (guint i = 0; i < keys->len; i++)
        if (!g_hash_table_contains (ctx->used, keys->pdata[i]))
          {
            if (unused == NULL)
              unused = g_string_new (NULL);
            else
              g_string_append (unused, ", ");
            g_string_append (unused, keys->pdata[i]);
          }
      if (unused != NULL)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION,
                       "Value provided in %s unused in expressions: keys: {%s}",
                       pass == 0 ? "ExpressionAttributeNames" : "ExpressionAttributeValues",
                       unused->str);
          g_string_free (unused, TRUE);
          return FALSE;
        }
    }
  return TRUE;
}

/* Paths ----------------------------------------------------------------------- */

KsValue *
ks_path_resolve (const KsPath  *path,
                 const KsValue *item)
{
  const KsValue *cur = item;

  g_return_val_if_fail (path != NULL, NULL);

  for (guint i = 0; i < path->n_elems && cur != NULL; i++)
    {
      const KsPathElem *e = &path->elems[i];

      if (e->name == NULL)
        {
          if (ks_value_get_type (cur) != KS_TYPE_L || e->index >= ks_value_get_length (cur))
            return NULL;
          cur = ks_value_get_element (cur, (guint) e->index);
        }
      else
        {
          if (ks_value_get_type (cur) != KS_TYPE_M)
            return NULL;
          cur = ks_value_lookup (cur, e->name);
        }
    }
  return (KsValue *) cur;
}

char *
ks_path_to_string (const KsPath *path)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < path->n_elems; i++)
    {
      if (i)
        g_string_append (s, ", ");
      if (path->elems[i].name)
        g_string_append (s, path->elems[i].name);
      else
        g_string_append_printf (s, "[%" G_GUINT64_FORMAT "]", path->elems[i].index);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static gboolean
paths_equal (const KsPath *a, const KsPath *b)
{
  if (a->n_elems != b->n_elems)
    return FALSE;
  for (guint i = 0; i < a->n_elems; i++)
    {
      const KsPathElem *x = &a->elems[i], *y = &b->elems[i];
      if ((x->name == NULL) != (y->name == NULL))
        return FALSE;
      if (x->name ? g_strcmp0 (x->name, y->name) != 0 : x->index != y->index)
        return FALSE;
    }
  return TRUE;
}

/* Syntax errors ------------------------------------------------------------- */

typedef struct
{
  gsize start;
  gsize end;
} Tok;

/* A lenient tokenizer, only to quote the place of a syntax error the way
 * DynamoDB does: `token: "X", near: "<previous token … next token>"`. */
static GArray *
lenient_tokens (const char *s, gsize len)
{
  GArray *toks = g_array_new (FALSE, FALSE, sizeof (Tok));
  gsize i = 0;

  while (i < len)
    {
      Tok t;

      if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
        {
          i++;
          continue;
        }
      t.start = i;
      if (is_ident_part (s[i]))
        while (i < len && is_ident_part (s[i]))
          i++;
      else if (s[i] == '#' || s[i] == ':')
        {
          i++;
          while (i < len && is_ident_part (s[i]))
            i++;
        }
      else if ((s[i] == '<' && i + 1 < len && (s[i + 1] == '=' || s[i + 1] == '>'))
               || (s[i] == '>' && i + 1 < len && s[i + 1] == '='))
        i += 2;
      else if ((guchar) s[i] >= 0x80)
        {
          const char *next = g_utf8_find_next_char (s + i, s + len);
          i = next ? (gsize) (next - s) : len;
        }
      else
        i++;
      t.end = i;
      g_array_append_val (toks, t);
    }
  return toks;
}

static void
set_syntax_error (GError     **error,
                  const char  *prefix,
                  const char  *s,
                  gsize        len,
                  gsize        fail_pos)
{
  g_autoptr(GArray) toks = lenient_tokens (s, len);
  g_autofree char *token = NULL;
  g_autofree char *near = NULL;
  guint i;

  for (i = 0; i < toks->len; i++)
    if (g_array_index (toks, Tok, i).end > fail_pos)
      break;
  if (i == toks->len)
    {
      token = g_strdup ("<EOF>");
      if (i > 0)
        {
          Tok *p = &g_array_index (toks, Tok, i - 1);
          near = g_strndup (s + p->start, p->end - p->start);
        }
      else
        near = g_strdup ("");
    }
  else
    {
      Tok *t = &g_array_index (toks, Tok, i);
      gsize from = i > 0 ? g_array_index (toks, Tok, i - 1).start : t->start;
      gsize to = i + 1 < toks->len ? g_array_index (toks, Tok, i + 1).end : t->end;
      token = g_strndup (s + t->start, t->end - t->start);
      near = g_strndup (s + from, to - from);
    }
  {
    g_autofree char *vt = g_utf8_make_valid (token, -1);
    g_autofree char *vn = g_utf8_make_valid (near, -1);
    g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION,
                 "%sSyntax error; token: \"%s\", near: \"%s\"", prefix, vt, vn);
  }
}

static gboolean
check_expression_text (const char  *text,
                       const char  *prefix,
                       GError     **error)
{
  gsize len = strlen (text);

  if (len == 0)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION,
                   "%sThe expression can not be empty;", prefix);
      return FALSE;
    }
  if (len > KS_EXPR_MAX_BYTES)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION,
                   "%sExpression size has exceeded the maximum allowed size; expression size: %zu",
                   prefix, len);
      return FALSE;
    }
  return TRUE;
}

/* Condition parser ------------------------------------------------------------ */

typedef enum
{
  RAW_IDENT,
  RAW_NAME,
  RAW_INDEX,
} RawKind;

typedef struct
{
  RawKind     kind;
  const char *text;
  guint64     index;
} RawElem;

typedef struct
{
  KsExprNode  node;
  guint       n_raw;
  RawElem    *raw;
} PathNode;

enum
{
  ERR_PARENS,
  ERR_UNKNOWN_FUNCTION,
  ERR_MISUSED_FUNCTION,
  ERR_RESERVED,
  ERR_CONDITION,
  ERR_ATTR_NAME_VAL,
  ERR_OPERAND,
  ERR_DISTINCT,
  ERR_FUNCTION,
  ERR_PATH_OVERLAP,
  ERR_PATH_CONFLICT,
  N_ERRS
};

enum
{
  RULE_OR,
  RULE_AND,
  RULE_NOT,
  RULE_PARENS,
  RULE_COND,
  RULE_OPERAND_PARENS,
  RULE_OPERAND,
  RULE_FUNCTION,
  RULE_PATH,
  RULE_GROUPED_PATH,
  RULE_IDENTIFIER,
  N_RULES
};

typedef struct
{
  KsExprNode *result;
  gsize       end;
} Memo;

typedef struct
{
  const char    *s;
  gsize          len;
  gsize          pos;
  gsize          max_fail;
  guint          silent;
  guint          depth;
  gboolean       too_deep;
  KsExprContext *ctx;
  GPtrArray     *arena;         /* owned allocations */
  GPtrArray     *values;        /* KsValue refs held by the tree */
  GHashTable    *memo;          /* (rule, pos) → Memo */
  GHashTable    *path_heads;    /* names, borrowed from arena */
  GHashTable    *nested_paths;
  char          *errors[N_ERRS];
} Parser;

static gpointer
arena_alloc (Parser *p, gsize size)
{
  gpointer mem = g_malloc0 (size);
  g_ptr_array_add (p->arena, mem);
  return mem;
}

static char *
arena_strndup (Parser *p, const char *s, gsize n)
{
  char *mem = g_strndup (s, n);
  g_ptr_array_add (p->arena, mem);
  return mem;
}

static void
fail_at (Parser *p, gsize pos)
{
  if (p->silent == 0 && pos > p->max_fail)
    p->max_fail = pos;
}

static void
ws (Parser *p)
{
  while (p->pos < p->len
         && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t'
             || p->s[p->pos] == '\r' || p->s[p->pos] == '\n'))
    p->pos++;
}

static gboolean
lit (Parser *p, char c)
{
  if (p->pos < p->len && p->s[p->pos] == c)
    {
      p->pos++;
      return TRUE;
    }
  fail_at (p, p->pos);
  return FALSE;
}

static gboolean
lit2 (Parser *p, const char *two)
{
  if (p->pos + 1 < p->len && p->s[p->pos] == two[0] && p->s[p->pos + 1] == two[1])
    {
      p->pos += 2;
      return TRUE;
    }
  fail_at (p, p->pos);
  return FALSE;
}

static gboolean
is_attribute_part (char c)
{
  return is_ident_part (c) || c == '#' || c == ':';
}

/* 'WORD'i !AttributePart */
static gboolean
keyword (Parser *p, const char *word)
{
  gsize n = strlen (word);

  if (p->pos + n <= p->len && g_ascii_strncasecmp (p->s + p->pos, word, n) == 0)
    {
      if (p->pos + n < p->len && is_attribute_part (p->s[p->pos + n]))
        {
          /* the predicate fails silently; the literal matched */
          return FALSE;
        }
      p->pos += n;
      return TRUE;
    }
  fail_at (p, p->pos);
  return FALSE;
}

static gboolean
reserved_word_ahead (Parser *p)
{
  static const char * const words[] = { "BETWEEN", "IN", "AND", "OR", "NOT" };
  gsize save = p->pos;

  p->silent++;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      p->pos = save;
      if (keyword (p, words[i]))
        {
          p->pos = save;
          p->silent--;
          return TRUE;
        }
    }
  p->pos = save;
  p->silent--;
  return FALSE;
}

static KsExprNode *
new_node (Parser *p, KsNodeType type, guint n_args)
{
  KsExprNode *n = arena_alloc (p, sizeof (PathNode));

  n->type = type;
  n->result_type = KS_TYPE_INVALID;
  n->n_args = n_args;
  if (n_args)
    n->args = arena_alloc (p, n_args * sizeof (KsExprNode *));
  return n;
}

static KsType
node_type (const KsExprNode *n)
{
  if (n == NULL)
    return KS_TYPE_INVALID;
  if (n->type == KS_NODE_VALUE)
    return n->value ? ks_value_get_type (n->value) : KS_TYPE_INVALID;
  if (n->type == KS_NODE_FUNCTION)
    return n->result_type;
  return KS_TYPE_INVALID;
}

static KsType
immediate_type (const KsExprNode *n)
{
  if (n && n->type == KS_NODE_VALUE && n->value)
    return ks_value_get_type (n->value);
  return KS_TYPE_INVALID;
}

static const char *
node_op_string (KsNodeType t)
{
  switch (t)
    {
    case KS_NODE_EQ: return "=";
    case KS_NODE_NE: return "<>";
    case KS_NODE_LT: return "<";
    case KS_NODE_LE: return "<=";
    case KS_NODE_GT: return ">";
    case KS_NODE_GE: return ">=";
    case KS_NODE_BETWEEN: return "BETWEEN";
    case KS_NODE_IN: return "IN";
    case KS_NODE_OR: return "OR";
    case KS_NODE_AND: return "AND";
    case KS_NODE_NOT: return "NOT";
    default: return "?";
    }
}

/* Semantic checks, in the places dynalite's grammar actions make them. */

static void
check_reserved (Parser *p, const char *name)
{
  if (p->errors[ERR_RESERVED] == NULL && ks_is_reserved_word (name))
    p->errors[ERR_RESERVED] = g_strdup_printf ("Attribute name is a reserved keyword; reserved keyword: %s", name);
}

static const char *
resolve_name (Parser *p, const char *placeholder)
{
  const char *name;

  if (p->errors[ERR_ATTR_NAME_VAL])
    return NULL;
  name = g_hash_table_lookup (p->ctx->names, placeholder);
  if (name == NULL)
    {
      p->errors[ERR_ATTR_NAME_VAL] =
        g_strdup_printf ("An expression attribute name used in the document path is not defined; attribute name: %s",
                         placeholder);
      return NULL;
    }
  g_hash_table_add (p->ctx->used, g_strdup (placeholder));
  return name;
}

static KsValue *
resolve_value (Parser *p, const char *placeholder)
{
  KsValue *v;

  if (p->errors[ERR_ATTR_NAME_VAL])
    return NULL;
  v = g_hash_table_lookup (p->ctx->values, placeholder);
  if (v == NULL)
    {
      p->errors[ERR_ATTR_NAME_VAL] =
        g_strdup_printf ("An expression attribute value used in expression is not defined; attribute value: %s",
                         placeholder);
      return NULL;
    }
  g_hash_table_add (p->ctx->used, g_strdup (placeholder));
  return v;
}

static void
check_misused_function (Parser *p, KsExprNode **args, guint n)
{
  if (p->errors[ERR_MISUSED_FUNCTION])
    return;
  for (guint i = 0; i < n; i++)
    if (args[i] && args[i]->type == KS_NODE_FUNCTION && args[i]->func != KS_FUNC_SIZE)
      {
        p->errors[ERR_MISUSED_FUNCTION] =
          g_strdup_printf ("The function is not allowed to be used this way in an expression; function: %s",
                           args[i]->func_name);
        return;
      }
}

static void
check_misused_size (Parser *p, KsExprNode *expr)
{
  if (expr->type == KS_NODE_FUNCTION && expr->func == KS_FUNC_SIZE
      && p->errors[ERR_MISUSED_FUNCTION] == NULL)
    p->errors[ERR_MISUSED_FUNCTION] =
      g_strdup ("The function is not allowed to be used this way in an expression; function: size");
}

static void
check_distinct (Parser *p, const char *op, KsExprNode **args, guint n)
{
  g_autofree char *s = NULL;

  if (p->errors[ERR_DISTINCT] || n != 2
      || args[0]->type != KS_NODE_PATH || args[1]->type != KS_NODE_PATH
      || !paths_equal (&args[0]->path, &args[1]->path))
    return;
  s = ks_path_to_string (&args[0]->path);
  p->errors[ERR_DISTINCT] =
    g_strdup_printf ("The first operand must be distinct from the remaining operands for this operator or function; operator: %s, first operand: %s",
                     op, s);
}

static char *
bound_string (const KsValue *v)
{
  return ks_value_to_message_string (v);
}

static void
check_between_args (Parser *p, KsExprNode *lo, KsExprNode *hi)
{
  KsType t1, t2;

  if (p->errors[ERR_FUNCTION])
    return;
  t1 = immediate_type (lo);
  t2 = immediate_type (hi);
  if (t1 == KS_TYPE_INVALID || t2 == KS_TYPE_INVALID)
    return;
  if (t1 != t2 || ks_value_compare (lo->value, hi->value) > 0)
    {
      g_autofree char *a = bound_string (lo->value);
      g_autofree char *b = bound_string (hi->value);
      p->errors[ERR_FUNCTION] =
        g_strdup_printf ("The BETWEEN operator requires %s; lower bound operand: AttributeValue: %s, upper bound operand: AttributeValue: %s",
                         t1 != t2 ? "same data type for lower and upper bounds"
                                  : "upper bound to be greater than or equal to lower bound",
                         a, b);
    }
}

/* DynamoDB accepts only S, N and B operands for the ordering comparators
 * and BETWEEN ("Incorrect operand type … operator or function: <, operand
 * type: BOOL", dynamodb-rules.md §6.1). */
static void
check_ordering_operands (Parser *p, KsNodeType op, KsExprNode **args, guint n)
{
  if (p->errors[ERR_FUNCTION])
    return;
  if (op != KS_NODE_LT && op != KS_NODE_LE && op != KS_NODE_GT && op != KS_NODE_GE
      && op != KS_NODE_BETWEEN)
    return;
  for (guint i = 0; i < n; i++)
    {
      KsType t = node_type (args[i]);
      if (t != KS_TYPE_INVALID && t != KS_TYPE_S && t != KS_TYPE_N && t != KS_TYPE_B)
        {
          p->errors[ERR_FUNCTION] =
            g_strdup_printf ("Incorrect operand type for operator or function; operator or function: %s, operand type: %s",
                             node_op_string (op), ks_type_to_string (t));
          return;
        }
    }
}

static KsType
check_function (Parser *p, KsExprNode *fn)
{
  static const struct { const char *name; KsFunction func; guint n; } functions[] = {
    { "attribute_exists", KS_FUNC_ATTRIBUTE_EXISTS, 1 },
    { "attribute_not_exists", KS_FUNC_ATTRIBUTE_NOT_EXISTS, 1 },
    { "attribute_type", KS_FUNC_ATTRIBUTE_TYPE, 2 },
    { "begins_with", KS_FUNC_BEGINS_WITH, 2 },
    { "contains", KS_FUNC_CONTAINS, 2 },
    { "size", KS_FUNC_SIZE, 1 },
  };
  guint want = 0;
  KsType t;

  fn->func = KS_FUNC_UNKNOWN;
  for (guint i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strcmp (functions[i].name, fn->func_name) == 0)
      {
        fn->func = functions[i].func;
        want = functions[i].n;
      }
  if (p->errors[ERR_UNKNOWN_FUNCTION])
    return KS_TYPE_INVALID;
  if (fn->func == KS_FUNC_UNKNOWN)
    {
      p->errors[ERR_UNKNOWN_FUNCTION] = g_strdup_printf ("Invalid function name; function: %s", fn->func_name);
      return KS_TYPE_INVALID;
    }
  if (p->errors[ERR_OPERAND])
    return KS_TYPE_INVALID;
  if (fn->n_args != want)
    {
      p->errors[ERR_OPERAND] =
        g_strdup_printf ("Incorrect number of operands for operator or function; operator or function: %s, number of operands: %u",
                         fn->func_name, fn->n_args);
      return KS_TYPE_INVALID;
    }
  check_distinct (p, fn->func_name, fn->args, fn->n_args);
  if (p->errors[ERR_FUNCTION])
    return KS_TYPE_INVALID;
  switch (fn->func)
    {
    case KS_FUNC_ATTRIBUTE_EXISTS:
    case KS_FUNC_ATTRIBUTE_NOT_EXISTS:
      if (fn->args[0]->type != KS_NODE_PATH)
        {
          p->errors[ERR_FUNCTION] =
            g_strdup_printf ("Operator or function requires a document path; operator or function: %s",
                             fn->func_name);
          return KS_TYPE_INVALID;
        }
      return KS_TYPE_INVALID;
    case KS_FUNC_BEGINS_WITH:
      for (guint i = 0; i < fn->n_args; i++)
        {
          t = node_type (fn->args[i]);
          if (t != KS_TYPE_INVALID && t != KS_TYPE_S && t != KS_TYPE_B)
            {
              p->errors[ERR_FUNCTION] =
                g_strdup_printf ("Incorrect operand type for operator or function; operator or function: %s, operand type: %s",
                                 fn->func_name, ks_type_to_string (t));
              return KS_TYPE_INVALID;
            }
        }
      return KS_TYPE_BOOL;
    case KS_FUNC_ATTRIBUTE_TYPE:
      t = node_type (fn->args[1]);
      if (t != KS_TYPE_S)
        {
          p->errors[ERR_FUNCTION] =
            g_strdup_printf ("Incorrect operand type for operator or function; operator or function: %s, operand type: %s",
                             fn->func_name,
                             t == KS_TYPE_INVALID ? "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" : ks_type_to_string (t));
          return KS_TYPE_INVALID;
        }
      {
        const char *name = ks_value_get_string (fn->args[1]->value, NULL);
        if (ks_type_from_string (name) == KS_TYPE_INVALID)
          {
            g_autofree char *valid = g_utf8_make_valid (name, -1);
            p->errors[ERR_FUNCTION] =
              g_strdup_printf ("Invalid attribute type name found; type: %s, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
                               valid);
            return KS_TYPE_INVALID;
          }
      }
      return KS_TYPE_BOOL;
    case KS_FUNC_SIZE:
      t = node_type (fn->args[0]);
      if (t == KS_TYPE_N || t == KS_TYPE_BOOL || t == KS_TYPE_NULL)
        {
          p->errors[ERR_FUNCTION] =
            g_strdup_printf ("Incorrect operand type for operator or function; operator or function: %s, operand type: %s",
                             fn->func_name, ks_type_to_string (t));
          return KS_TYPE_INVALID;
        }
      return KS_TYPE_N;
    case KS_FUNC_CONTAINS:
      return KS_TYPE_BOOL;
    default:
      return KS_TYPE_INVALID;
    }
}

static void
check_condition_errors (Parser *p)
{
  static const int order[] = { ERR_ATTR_NAME_VAL, ERR_OPERAND, ERR_DISTINCT, ERR_FUNCTION };

  if (p->errors[ERR_CONDITION])
    return;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (p->errors[order[i]])
      {
        p->errors[ERR_CONDITION] = g_strdup (p->errors[order[i]]);
        return;
      }
}

static void
redundant_parens (Parser *p)
{
  if (p->errors[ERR_PARENS] == NULL)
    p->errors[ERR_PARENS] = g_strdup ("The expression has redundant parentheses;");
}

/* Memoization. */

static gboolean
memo_get (Parser *p, int rule, gsize pos, KsExprNode **result)
{
  Memo *m = g_hash_table_lookup (p->memo, GSIZE_TO_POINTER ((pos + 1) * N_RULES + rule));

  if (m == NULL)
    return FALSE;
  *result = m->result;
  if (m->result)
    p->pos = m->end;
  else
    p->pos = pos;
  return TRUE;
}

static KsExprNode *
memo_put (Parser *p, int rule, gsize pos, KsExprNode *result)
{
  Memo *m = arena_alloc (p, sizeof (Memo));

  m->result = result;
  m->end = p->pos;
  if (result == NULL)
    p->pos = pos;
  g_hash_table_insert (p->memo, GSIZE_TO_POINTER ((pos + 1) * N_RULES + rule), m);
  return result;
}

#define ENTER(rule)                                            \
  gsize start_ = p->pos;                                       \
  KsExprNode *memo_ = NULL;                                    \
  if (memo_get (p, rule, start_, &memo_))                      \
    return memo_;                                              \
  if (++p->depth > KS_EXPR_MAX_DEPTH)                          \
    {                                                          \
      p->depth--;                                              \
      p->too_deep = TRUE;                                      \
      fail_at (p, p->pos);                                     \
      return NULL;                                             \
    }

#define LEAVE(rule, value)                                     \
  do {                                                         \
    KsExprNode *v_ = (value);                                  \
    p->depth--;                                                \
    return memo_put (p, rule, start_, v_);                     \
  } while (0)

static KsExprNode *parse_or (Parser *p);
static KsExprNode *parse_operand_parens (Parser *p);
static KsExprNode *parse_path (Parser *p);

static const char *
scan_ident (Parser *p)
{
  gsize start = p->pos;

  if (p->pos < p->len && is_ident_start (p->s[p->pos]))
    {
      p->pos++;
      while (p->pos < p->len && is_ident_part (p->s[p->pos]))
        p->pos++;
      return arena_strndup (p, p->s + start, p->pos - start);
    }
  fail_at (p, p->pos);
  return NULL;
}

/* [0-9]+, the list index of a path element (saturating at G_MAXUINT64);
 * FALSE when there is no digit at the position. */
static gboolean
scan_index (Parser  *p,
            guint64 *index)
{
  gsize start = p->pos;

  *index = 0;
  while (p->pos < p->len && g_ascii_isdigit (p->s[p->pos]))
    {
      if (*index <= G_MAXUINT64 / 10 - 1)
        *index = *index * 10 + (guint64) (p->s[p->pos] - '0');
      else
        *index = G_MAXUINT64;
      p->pos++;
    }
  return p->pos > start;
}

/* Identifier = !ReservedWord IdentifierStart IdentifierPart*
 *            / ExpressionAttributeName
 * The result is a PATH node of one raw element. */
static KsExprNode *
parse_identifier (Parser *p)
{
  const char *text = NULL;
  PathNode *pn;
  RawKind kind = RAW_IDENT;
  ENTER (RULE_IDENTIFIER);

  if (!reserved_word_ahead (p))
    text = scan_ident (p);
  if (text == NULL && !reserved_word_ahead (p))
    {
      if (lit (p, '#'))
        {
          gsize s = p->pos - 1;
          while (p->pos < p->len && is_ident_part (p->s[p->pos]))
            p->pos++;
          text = arena_strndup (p, p->s + s, p->pos - s);
          kind = RAW_NAME;
        }
    }
  if (text == NULL)
    LEAVE (RULE_IDENTIFIER, NULL);
  pn = (PathNode *) new_node (p, KS_NODE_PATH, 0);
  pn->n_raw = 1;
  pn->raw = arena_alloc (p, sizeof (RawElem));
  pn->raw[0].kind = kind;
  pn->raw[0].text = text;
  LEAVE (RULE_IDENTIFIER, &pn->node);
}

/* GroupedPathExpression = Identifier / '(' '(' PathExpression ')' ')'
 *                       / '(' PathExpression ')' */
static KsExprNode *
parse_grouped_path (Parser *p)
{
  KsExprNode *r;
  gsize save;
  ENTER (RULE_GROUPED_PATH);

  if ((r = parse_identifier (p)))
    LEAVE (RULE_GROUPED_PATH, r);
  save = p->pos;
  if (lit (p, '('))
    {
      ws (p);
      if (lit (p, '('))
        {
          ws (p);
          if ((r = parse_path (p)))
            {
              ws (p);
              if (lit (p, ')'))
                {
                  ws (p);
                  if (lit (p, ')'))
                    {
                      redundant_parens (p);
                      LEAVE (RULE_GROUPED_PATH, r);
                    }
                }
            }
        }
    }
  p->pos = save;
  if (lit (p, '('))
    {
      ws (p);
      if ((r = parse_path (p)))
        {
          ws (p);
          if (lit (p, ')'))
            LEAVE (RULE_GROUPED_PATH, r);
        }
    }
  p->pos = save;
  LEAVE (RULE_GROUPED_PATH, NULL);
}

/* PathExpression = GroupedPathExpression ( _ '[' _ [0-9]+ _ ']'
 *                                        / _ '.' _ Identifier )* */
static KsExprNode *
parse_path (Parser *p)
{
  KsExprNode *head;
  g_autoptr(GArray) raw = NULL;
  PathNode *pn;
  ENTER (RULE_PATH);

  head = parse_grouped_path (p);
  if (head == NULL)
    LEAVE (RULE_PATH, NULL);
  raw = g_array_new (FALSE, FALSE, sizeof (RawElem));
  g_array_append_vals (raw, ((PathNode *) head)->raw, ((PathNode *) head)->n_raw);
  for (;;)
    {
      gsize save = p->pos;

      ws (p);
      if (lit (p, '['))
        {
          RawElem e = { RAW_INDEX, NULL, 0 };

          ws (p);
          if (scan_index (p, &e.index))
            {
              ws (p);
              if (lit (p, ']'))
                {
                  g_array_append_val (raw, e);
                  continue;
                }
            }
          else
            fail_at (p, p->pos);
        }
      p->pos = save;
      ws (p);
      if (lit (p, '.'))
        {
          KsExprNode *id;

          ws (p);
          if ((id = parse_identifier (p)))
            {
              g_array_append_val (raw, ((PathNode *) id)->raw[0]);
              continue;
            }
        }
      p->pos = save;
      break;
    }
  pn = (PathNode *) new_node (p, KS_NODE_PATH, 0);
  pn->n_raw = raw->len;
  pn->raw = arena_alloc (p, raw->len * sizeof (RawElem));
  memcpy (pn->raw, raw->data, raw->len * sizeof (RawElem));
  LEAVE (RULE_PATH, &pn->node);
}

/* FunctionArgumentList = OperandParens (_ ',' _ OperandParens)* */
static KsExprNode *
parse_args (Parser *p)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  KsExprNode *a, *node;

  if ((a = parse_operand_parens (p)) == NULL)
    return NULL;
  g_ptr_array_add (args, a);
  for (;;)
    {
      gsize save = p->pos;

      ws (p);
      if (lit (p, ','))
        {
          ws (p);
          if ((a = parse_operand_parens (p)))
            {
              g_ptr_array_add (args, a);
              continue;
            }
        }
      p->pos = save;
      break;
    }
  node = new_node (p, KS_NODE_ARGS, args->len);
  memcpy (node->args, args->pdata, args->len * sizeof (gpointer));
  return node;
}

/* Function = !ReservedWord IdentifierStart IdentifierPart* _ '('
 *            _ FunctionArgumentList _ ')' */
static KsExprNode *
parse_function (Parser *p)
{
  const char *name;
  KsExprNode *args, *fn;
  ENTER (RULE_FUNCTION);

  if (reserved_word_ahead (p) || (name = scan_ident (p)) == NULL)
    LEAVE (RULE_FUNCTION, NULL);
  ws (p);
  if (!lit (p, '('))
    LEAVE (RULE_FUNCTION, NULL);
  ws (p);
  if ((args = parse_args (p)) == NULL)
    LEAVE (RULE_FUNCTION, NULL);
  ws (p);
  if (!lit (p, ')'))
    LEAVE (RULE_FUNCTION, NULL);
  fn = new_node (p, KS_NODE_FUNCTION, 0);
  fn->func_name = name;
  fn->n_args = args->n_args;
  fn->args = args->args;
  check_misused_function (p, fn->args, fn->n_args);
  fn->result_type = check_function (p, fn);
  LEAVE (RULE_FUNCTION, fn);
}

/* The Operand action: resolves #names, checks reserved words. */
static KsExprNode *
finish_path (Parser *p, PathNode *raw)
{
  KsExprNode *n = new_node (p, KS_NODE_PATH, 0);

  n->path.n_elems = raw->n_raw;
  n->path.elems = arena_alloc (p, MAX (raw->n_raw, 1) * sizeof (KsPathElem));
  for (guint i = 0; i < raw->n_raw; i++)
    {
      RawElem *e = &raw->raw[i];
      switch (e->kind)
        {
        case RAW_IDENT:
          check_reserved (p, e->text);
          n->path.elems[i].name = e->text;
          break;
        case RAW_NAME:
          n->path.elems[i].name = resolve_name (p, e->text);
          break;
        case RAW_INDEX:
          n->path.elems[i].name = NULL;
          n->path.elems[i].index = e->index;
          break;
        }
    }
  if (n->path.n_elems > 0 && n->path.elems[0].name)
    {
      if (n->path.n_elems > 1)
        g_hash_table_add (p->nested_paths, (gpointer) n->path.elems[0].name);
      g_hash_table_add (p->path_heads, (gpointer) n->path.elems[0].name);
    }
  return n;
}

/* Operand = Function / ExpressionAttributeValue / PathExpression */
static KsExprNode *
parse_operand (Parser *p)
{
  KsExprNode *r;
  ENTER (RULE_OPERAND);

  if ((r = parse_function (p)))
    LEAVE (RULE_OPERAND, r);
  if (!reserved_word_ahead (p) && lit (p, ':'))
    {
      gsize s = p->pos - 1;
      const char *ph;
      KsValue *v;

      while (p->pos < p->len && is_ident_part (p->s[p->pos]))
        p->pos++;
      ph = arena_strndup (p, p->s + s, p->pos - s);
      r = new_node (p, KS_NODE_VALUE, 0);
      r->placeholder = ph;
      v = resolve_value (p, ph);
      if (v)
        {
          r->value = ks_value_ref (v);
          g_ptr_array_add (p->values, v);
        }
      LEAVE (RULE_OPERAND, r);
    }
  if ((r = parse_path (p)))
    LEAVE (RULE_OPERAND, finish_path (p, (PathNode *) r));
  LEAVE (RULE_OPERAND, NULL);
}

/* OperandParens = '(' '(' Operand ')' ')' / '(' Operand ')' / Operand */
static KsExprNode *
parse_operand_parens (Parser *p)
{
  KsExprNode *r;
  ENTER (RULE_OPERAND_PARENS);

  if (lit (p, '('))
    {
      ws (p);
      if (lit (p, '('))
        {
          ws (p);
          if ((r = parse_operand (p)))
            {
              ws (p);
              if (lit (p, ')'))
                {
                  ws (p);
                  if (lit (p, ')'))
                    {
                      redundant_parens (p);
                      LEAVE (RULE_OPERAND_PARENS, r);
                    }
                }
            }
        }
    }
  p->pos = start_;
  if (lit (p, '('))
    {
      ws (p);
      if ((r = parse_operand (p)))
        {
          ws (p);
          if (lit (p, ')'))
            LEAVE (RULE_OPERAND_PARENS, r);
        }
    }
  p->pos = start_;
  LEAVE (RULE_OPERAND_PARENS, parse_operand (p));
}

static KsNodeType
parse_comparator (Parser *p)
{
  if (lit2 (p, ">="))
    return KS_NODE_GE;
  if (lit2 (p, "<="))
    return KS_NODE_LE;
  if (lit2 (p, "<>"))
    return KS_NODE_NE;
  if (lit (p, '='))
    return KS_NODE_EQ;
  if (lit (p, '<'))
    return KS_NODE_LT;
  if (lit (p, '>'))
    return KS_NODE_GT;
  return KS_NODE_ARGS;
}

/* ConditionExpression = OperandParens Comparator OperandParens
 *                     / OperandParens BETWEEN OperandParens AND OperandParens
 *                     / OperandParens IN '(' FunctionArgumentList ')'
 *                     / Function */
static KsExprNode *
parse_condition (Parser *p)
{
  KsExprNode *x, *y, *z, *n;
  KsNodeType op;
  ENTER (RULE_COND);

  if ((x = parse_operand_parens (p)))
    {
      ws (p);
      if ((op = parse_comparator (p)) != KS_NODE_ARGS)
        {
          ws (p);
          if ((y = parse_operand_parens (p)))
            {
              n = new_node (p, op, 2);
              n->args[0] = x;
              n->args[1] = y;
              check_misused_function (p, n->args, 2);
              check_distinct (p, node_op_string (op), n->args, 2);
              check_ordering_operands (p, op, n->args, 2);
              LEAVE (RULE_COND, n);
            }
        }
    }
  p->pos = start_;
  if ((x = parse_operand_parens (p)))
    {
      ws (p);
      if (keyword (p, "BETWEEN"))
        {
          ws (p);
          if ((y = parse_operand_parens (p)))
            {
              ws (p);
              if (keyword (p, "AND"))
                {
                  ws (p);
                  if ((z = parse_operand_parens (p)))
                    {
                      n = new_node (p, KS_NODE_BETWEEN, 3);
                      n->args[0] = x;
                      n->args[1] = y;
                      n->args[2] = z;
                      check_misused_function (p, n->args, 3);
                      check_ordering_operands (p, KS_NODE_BETWEEN, n->args, 3);
                      check_between_args (p, y, z);
                      LEAVE (RULE_COND, n);
                    }
                }
            }
        }
    }
  p->pos = start_;
  if ((x = parse_operand_parens (p)))
    {
      ws (p);
      if (keyword (p, "IN"))
        {
          ws (p);
          if (lit (p, '('))
            {
              ws (p);
              if ((y = parse_args (p)))
                {
                  ws (p);
                  if (lit (p, ')'))
                    {
                      n = new_node (p, KS_NODE_IN, y->n_args + 1);
                      n->args[0] = x;
                      memcpy (n->args + 1, y->args, y->n_args * sizeof (gpointer));
                      check_misused_function (p, n->args, n->n_args);
                      LEAVE (RULE_COND, n);
                    }
                }
            }
        }
    }
  p->pos = start_;
  LEAVE (RULE_COND, parse_function (p));
}

/* ParensConditionExpression = '(' '(' OrCondition ')' ')'
 *   / '(' '(' Condition ')' ')' / Condition / '(' OrCondition ')' */
static KsExprNode *
parse_parens (Parser *p)
{
  KsExprNode *r;
  ENTER (RULE_PARENS);

  for (int alt = 0; alt < 2; alt++)
    {
      p->pos = start_;
      if (lit (p, '('))
        {
          ws (p);
          if (lit (p, '('))
            {
              ws (p);
              if ((r = alt == 0 ? parse_or (p) : parse_condition (p)))
                {
                  ws (p);
                  if (lit (p, ')'))
                    {
                      ws (p);
                      if (lit (p, ')'))
                        {
                          redundant_parens (p);
                          if (alt == 1)
                            check_condition_errors (p);
                          LEAVE (RULE_PARENS, r);
                        }
                    }
                }
            }
        }
    }
  p->pos = start_;
  if ((r = parse_condition (p)))
    {
      check_condition_errors (p);
      LEAVE (RULE_PARENS, r);
    }
  p->pos = start_;
  if (lit (p, '('))
    {
      ws (p);
      if ((r = parse_or (p)))
        {
          ws (p);
          if (lit (p, ')'))
            LEAVE (RULE_PARENS, r);
        }
    }
  p->pos = start_;
  LEAVE (RULE_PARENS, NULL);
}

static KsExprNode *
parse_not (Parser *p)
{
  KsExprNode *r, *n;
  ENTER (RULE_NOT);

  if (keyword (p, "NOT"))
    {
      ws (p);
      if ((r = parse_parens (p)))
        {
          check_misused_size (p, r);
          n = new_node (p, KS_NODE_NOT, 1);
          n->args[0] = r;
          LEAVE (RULE_NOT, n);
        }
    }
  p->pos = start_;
  LEAVE (RULE_NOT, parse_parens (p));
}

typedef KsExprNode *(*Rule) (Parser *p);

/* Operand _ WORD _ Self / Operand: AND and OR, right-associative */
static KsExprNode *
parse_binary (Parser     *p,
              int         rule,
              const char *word,
              KsNodeType  type,
              Rule        operand,
              Rule        self)
{
  KsExprNode *x, *y, *n;
  ENTER (rule);

  if ((x = operand (p)))
    {
      ws (p);
      if (keyword (p, word))
        {
          ws (p);
          if ((y = self (p)))
            {
              check_misused_size (p, x);
              check_misused_size (p, y);
              n = new_node (p, type, 2);
              n->args[0] = x;
              n->args[1] = y;
              LEAVE (rule, n);
            }
        }
    }
  p->pos = start_;
  LEAVE (rule, operand (p));
}

static KsExprNode *
parse_and (Parser *p)
{
  return parse_binary (p, RULE_AND, "AND", KS_NODE_AND, parse_not, parse_and);
}

static KsExprNode *
parse_or (Parser *p)
{
  return parse_binary (p, RULE_OR, "OR", KS_NODE_OR, parse_and, parse_or);
}

static void
parser_init (Parser *p, const char *text, KsExprContext *ctx)
{
  memset (p, 0, sizeof *p);
  p->s = text;
  p->len = strlen (text);
  p->ctx = ctx;
  p->arena = g_ptr_array_new_with_free_func (g_free);
  p->values = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
  p->memo = g_hash_table_new (g_direct_hash, g_direct_equal);
  p->path_heads = g_hash_table_new (g_str_hash, g_str_equal);
  p->nested_paths = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
parser_clear (Parser *p)
{
  for (guint i = 0; i < N_ERRS; i++)
    g_free (p->errors[i]);
  g_clear_pointer (&p->memo, g_hash_table_unref);
  g_clear_pointer (&p->arena, g_ptr_array_unref);
  g_clear_pointer (&p->values, g_ptr_array_unref);
  g_clear_pointer (&p->path_heads, g_hash_table_unref);
  g_clear_pointer (&p->nested_paths, g_hash_table_unref);
}

struct _KsCondition
{
  KsExprKind  kind;
  KsExprNode *root;
  GPtrArray  *arena;
  GPtrArray  *values;
  GHashTable *path_heads;
  GHashTable *nested_paths;
  GArray     *clauses;
};

KsCondition *
ks_condition_parse (const char     *text,
                    KsExprKind      kind,
                    KsExprContext  *ctx,
                    GError        **error)
{
  static const int order[] = { ERR_PARENS, ERR_UNKNOWN_FUNCTION, ERR_MISUSED_FUNCTION,
                               ERR_RESERVED, ERR_CONDITION };
  g_autofree char *prefix = NULL;
  Parser p;
  KsExprNode *root;
  KsCondition *cond;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (ctx != NULL, NULL);

  prefix = g_strdup_printf ("Invalid %s: ", ks_expr_kind_to_string (kind));
  if (!check_expression_text (text, prefix, error))
    return NULL;

  parser_init (&p, text, ctx);
  ws (&p);
  root = parse_or (&p);
  if (root)
    ws (&p);
  if (root == NULL || p.pos < p.len)
    {
      if (root)
        fail_at (&p, p.pos);
      set_syntax_error (error, prefix, p.s, p.len, p.max_fail);
      parser_clear (&p);
      return NULL;
    }
  check_misused_size (&p, root);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (p.errors[order[i]])
      {
        g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION, "%s%s", prefix, p.errors[order[i]]);
        parser_clear (&p);
        return NULL;
      }

  cond = g_new0 (KsCondition, 1);
  cond->kind = kind;
  cond->root = root;
  cond->arena = g_steal_pointer (&p.arena);
  cond->values = g_steal_pointer (&p.values);
  cond->path_heads = g_steal_pointer (&p.path_heads);
  cond->nested_paths = g_steal_pointer (&p.nested_paths);
  parser_clear (&p);
  return cond;
}

void
ks_condition_free (KsCondition *cond)
{
  if (cond == NULL)
    return;
  g_clear_pointer (&cond->clauses, g_array_unref);
  g_hash_table_unref (cond->path_heads);
  g_hash_table_unref (cond->nested_paths);
  g_ptr_array_unref (cond->values);
  g_ptr_array_unref (cond->arena);
  g_free (cond);
}

const KsExprNode *
ks_condition_get_root (KsCondition *cond)
{
  return cond->root;
}

gboolean
ks_condition_references (KsCondition *cond,
                         const char  *attr)
{
  return g_hash_table_contains (cond->path_heads, attr);
}

gboolean
ks_condition_has_nested_path (KsCondition *cond,
                              const char  *attr)
{
  return g_hash_table_contains (cond->nested_paths, attr);
}

/* Evaluation ---------------------------------------------------------------- */

/* The value of an operand for @item: a new reference, or NULL when the
 * attribute is absent (or size() of something without a size). */
static KsValue *
operand_value (const KsExprNode *n, const KsValue *item)
{
  switch (n->type)
    {
    case KS_NODE_VALUE:
      return n->value ? ks_value_ref (n->value) : NULL;
    case KS_NODE_PATH:
      {
        KsValue *v = ks_path_resolve (&n->path, item);
        return v ? ks_value_ref (v) : NULL;
      }
    case KS_NODE_FUNCTION:
      if (n->func == KS_FUNC_SIZE)
        {
          g_autoptr(KsValue) v = operand_value (n->args[0], item);
          gsize len;

          if (v == NULL)
            return NULL;
          switch (ks_value_get_type (v))
            {
            case KS_TYPE_S:
              ks_value_get_string (v, &len);
              break;
            case KS_TYPE_B:
              ks_value_get_binary (v, &len);
              break;
            case KS_TYPE_SS:
            case KS_TYPE_NS:
            case KS_TYPE_BS:
            case KS_TYPE_L:
            case KS_TYPE_M:
              len = ks_value_get_length (v);
              break;
            default:
              return NULL;
            }
          return ks_value_new_number_int ((gint64) len);
        }
      return NULL;
    default:
      return NULL;
    }
}

static gboolean
ordered_type (KsType t)
{
  return t == KS_TYPE_S || t == KS_TYPE_N || t == KS_TYPE_B;
}

static gboolean
mem_contains (const char *hay, gsize hlen, const char *needle, gsize nlen)
{
  if (nlen == 0)
    return TRUE;
  if (nlen > hlen)
    return FALSE;
  for (gsize i = 0; i + nlen <= hlen; i++)
    if (memcmp (hay + i, needle, nlen) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
eval_contains (const KsValue *a, const KsValue *b)
{
  KsType ta = ks_value_get_type (a), tb = ks_value_get_type (b);
  gsize alen, blen;
  const char *as, *bs;

  switch (ta)
    {
    case KS_TYPE_S:
    case KS_TYPE_B:
      if (tb != ta)
        return FALSE;
      as = ta == KS_TYPE_S ? ks_value_get_string (a, &alen) : (const char *) ks_value_get_binary (a, &alen);
      bs = tb == KS_TYPE_S ? ks_value_get_string (b, &blen) : (const char *) ks_value_get_binary (b, &blen);
      return mem_contains (as, alen, bs, blen);
    case KS_TYPE_SS:
    case KS_TYPE_NS:
    case KS_TYPE_BS:
      if ((ta == KS_TYPE_SS && tb != KS_TYPE_S) || (ta == KS_TYPE_NS && tb != KS_TYPE_N)
          || (ta == KS_TYPE_BS && tb != KS_TYPE_B))
        return FALSE;
      /* fall through */
    case KS_TYPE_L:
      for (guint i = 0; i < ks_value_get_length (a); i++)
        if (ks_value_equal (ks_value_get_element (a, i), b))
          return TRUE;
      return FALSE;
    default:
      return FALSE;
    }
}

gboolean
ks_expr_node_evaluate (const KsExprNode *n,
                       const KsValue    *item)
{
  g_autoptr(KsValue) a = NULL;
  g_autoptr(KsValue) b = NULL;
  g_autoptr(KsValue) c = NULL;
  int r;

  switch (n->type)
    {
    case KS_NODE_OR:
      return ks_expr_node_evaluate (n->args[0], item) || ks_expr_node_evaluate (n->args[1], item);
    case KS_NODE_AND:
      return ks_expr_node_evaluate (n->args[0], item) && ks_expr_node_evaluate (n->args[1], item);
    case KS_NODE_NOT:
      return !ks_expr_node_evaluate (n->args[0], item);
    case KS_NODE_EQ:
    case KS_NODE_NE:
      a = operand_value (n->args[0], item);
      b = operand_value (n->args[1], item);
      r = a != NULL && b != NULL && ks_value_equal (a, b);
      return n->type == KS_NODE_EQ ? r : !r;
    case KS_NODE_LT:
    case KS_NODE_LE:
    case KS_NODE_GT:
    case KS_NODE_GE:
      a = operand_value (n->args[0], item);
      b = operand_value (n->args[1], item);
      if (a == NULL || b == NULL || ks_value_get_type (a) != ks_value_get_type (b)
          || !ordered_type (ks_value_get_type (a)))
        return FALSE;
      r = ks_value_compare (a, b);
      switch (n->type)
        {
        case KS_NODE_LT: return r < 0;
        case KS_NODE_LE: return r <= 0;
        case KS_NODE_GT: return r > 0;
        default: return r >= 0;
        }
    case KS_NODE_BETWEEN:
      a = operand_value (n->args[0], item);
      b = operand_value (n->args[1], item);
      c = operand_value (n->args[2], item);
      if (a == NULL || b == NULL || c == NULL
          || ks_value_get_type (a) != ks_value_get_type (b)
          || ks_value_get_type (a) != ks_value_get_type (c)
          || !ordered_type (ks_value_get_type (a)))
        return FALSE;
      return ks_value_compare (a, b) >= 0 && ks_value_compare (a, c) <= 0;
    case KS_NODE_IN:
      a = operand_value (n->args[0], item);
      if (a == NULL)
        return FALSE;
      for (guint i = 1; i < n->n_args; i++)
        {
          g_autoptr(KsValue) v = operand_value (n->args[i], item);
          if (v && ks_value_equal (a, v))
            return TRUE;
        }
      return FALSE;
    case KS_NODE_FUNCTION:
      switch (n->func)
        {
        case KS_FUNC_ATTRIBUTE_EXISTS:
          return n->args[0]->type == KS_NODE_PATH && ks_path_resolve (&n->args[0]->path, item) != NULL;
        case KS_FUNC_ATTRIBUTE_NOT_EXISTS:
          return n->args[0]->type == KS_NODE_PATH && ks_path_resolve (&n->args[0]->path, item) == NULL;
        case KS_FUNC_ATTRIBUTE_TYPE:
          a = operand_value (n->args[0], item);
          b = operand_value (n->args[1], item);
          return a && b && ks_value_get_type (b) == KS_TYPE_S
                 && g_strcmp0 (ks_type_to_string (ks_value_get_type (a)), ks_value_get_string (b, NULL)) == 0;
        case KS_FUNC_BEGINS_WITH:
          {
            gsize alen, blen;
            const char *as, *bs;

            a = operand_value (n->args[0], item);
            b = operand_value (n->args[1], item);
            if (a == NULL || b == NULL || ks_value_get_type (a) != ks_value_get_type (b))
              return FALSE;
            if (ks_value_get_type (a) == KS_TYPE_S)
              {
                as = ks_value_get_string (a, &alen);
                bs = ks_value_get_string (b, &blen);
              }
            else if (ks_value_get_type (a) == KS_TYPE_B)
              {
                as = (const char *) ks_value_get_binary (a, &alen);
                bs = (const char *) ks_value_get_binary (b, &blen);
              }
            else
              return FALSE;
            return blen <= alen && memcmp (as, bs, blen) == 0;
          }
        case KS_FUNC_CONTAINS:
          a = operand_value (n->args[0], item);
          b = operand_value (n->args[1], item);
          return a && b && eval_contains (a, b);
        default:
          return FALSE;
        }
    default:
      return FALSE;
    }
}

gboolean
ks_condition_evaluate (KsCondition   *cond,
                       const KsValue *item)
{
  g_return_val_if_fail (cond != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  return ks_expr_node_evaluate (cond->root, item);
}

/* Key conditions ------------------------------------------------------------ */

static KsSortOp
sort_op_of (KsNodeType t, gboolean flipped)
{
  switch (t)
    {
    case KS_NODE_EQ: return KS_OP_EQ;
    case KS_NODE_LT: return flipped ? KS_OP_GT : KS_OP_LT;
    case KS_NODE_LE: return flipped ? KS_OP_GE : KS_OP_LE;
    case KS_NODE_GT: return flipped ? KS_OP_LT : KS_OP_GT;
    case KS_NODE_GE: return flipped ? KS_OP_LE : KS_OP_GE;
    case KS_NODE_BETWEEN: return KS_OP_BETWEEN;
    case KS_NODE_FUNCTION: return KS_OP_BEGINS_WITH;
    default: return KS_OP_NONE;
    }
}

static char *
key_clauses_walk (const KsExprNode *n, GArray *clauses)
{
  const char *attr = NULL;
  guint attr_ix = 0;

  switch (n->type)
    {
    case KS_NODE_OR:
    case KS_NODE_NOT:
    case KS_NODE_IN:
    case KS_NODE_NE:
      return g_strdup_printf ("Invalid operator used in KeyConditionExpression: %s", node_op_string (n->type));
    case KS_NODE_FUNCTION:
      if (n->func == KS_FUNC_ATTRIBUTE_EXISTS || n->func == KS_FUNC_ATTRIBUTE_NOT_EXISTS
          || n->func == KS_FUNC_ATTRIBUTE_TYPE || n->func == KS_FUNC_CONTAINS)
        return g_strdup_printf ("Invalid operator used in KeyConditionExpression: %s", n->func_name);
      if (n->func == KS_FUNC_SIZE)
        return g_strdup ("KeyConditionExpressions cannot contain nested operations");
      if (n->args[0]->type != KS_NODE_PATH)
        return g_strdup ("Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand");
      break;
    case KS_NODE_BETWEEN:
      if (n->args[0]->type != KS_NODE_PATH)
        return g_strdup ("Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand");
      break;
    case KS_NODE_PATH:
    case KS_NODE_VALUE:
      return NULL;
    default:
      break;
    }
  for (guint i = 0; i < n->n_args; i++)
    {
      const KsExprNode *a = n->args[i];

      if (a->type == KS_NODE_PATH)
        {
          if (attr != NULL)
            return g_strdup ("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
          if (a->path.n_elems > 1)
            return g_strdup ("KeyConditionExpressions cannot have conditions on nested attributes");
          attr = a->path.elems[0].name;
          attr_ix = i;
        }
      else if (a->type != KS_NODE_VALUE)
        {
          char *msg = key_clauses_walk (a, clauses);
          if (msg)
            return msg;
        }
    }
  if (n->type != KS_NODE_AND)
    {
      KsKeyClause clause = { 0 };

      if (attr == NULL)
        return g_strdup ("Invalid condition in KeyConditionExpression: No key attribute specified");
      for (guint i = 0; i < clauses->len; i++)
        if (strcmp (g_array_index (clauses, KsKeyClause, i).attr, attr) == 0)
          return g_strdup ("Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key");
      clause.attr = attr;
      clause.op = sort_op_of (n->type, attr_ix != 0);
      if (attr_ix != 0)
        clause.values[0] = n->args[0]->value;
      else
        {
          clause.values[0] = n->n_args > 1 ? n->args[1]->value : NULL;
          clause.values[1] = n->n_args > 2 ? n->args[2]->value : NULL;
        }
      g_array_append_val (clauses, clause);
    }
  return NULL;
}

GArray *
ks_condition_get_key_clauses (KsCondition  *cond,
                              GError      **error)
{
  g_autoptr(GArray) clauses = NULL;
  char *msg;

  g_return_val_if_fail (cond != NULL, NULL);

  if (cond->clauses)
    return g_array_ref (cond->clauses);
  clauses = g_array_new (FALSE, TRUE, sizeof (KsKeyClause));
  msg = key_clauses_walk (cond->root, clauses);
  if (msg)
    {
      g_set_error_literal (error, KS_ERROR, KS_ERROR_VALIDATION, msg);
      g_free (msg);
      return NULL;
    }
  cond->clauses = g_array_ref (clauses);
  return g_steal_pointer (&clauses);
}

/* Projection expressions ------------------------------------------------------ */

struct _KsProjectionExpr
{
  GPtrArray  *paths;        /* KsPath, owned (elems and names in arena) */
  GPtrArray  *arena;
  GHashTable *nested_paths;
};

/* PathExpression = Identifier ( _ '[' _ [0-9]+ _ ']' / _ '.' _ Identifier )* */
static KsPath *
projection_path (Parser *p)
{
  g_autoptr(GArray) elems = g_array_new (FALSE, TRUE, sizeof (KsPathElem));
  KsPath *path;

  for (;;)
    {
      KsPathElem e = { NULL, 0 };
      gsize save = p->pos;

      if (elems->len > 0)
        {
          ws (p);
          if (lit (p, '['))
            {
              ws (p);
              if (!scan_index (p, &e.index))
                fail_at (p, p->pos);
              else
                {
                  ws (p);
                  if (lit (p, ']'))
                    {
                      g_array_append_val (elems, e);
                      continue;
                    }
                }
            }
          p->pos = save;
          ws (p);
          if (!lit (p, '.'))
            {
              p->pos = save;
              break;
            }
          ws (p);
        }
      /* Identifier */
      if (p->pos < p->len && is_ident_start (p->s[p->pos]))
        {
          e.name = scan_ident (p);
          check_reserved (p, e.name);
        }
      else if (lit (p, '#'))
        {
          gsize s = p->pos - 1;
          while (p->pos < p->len && is_ident_part (p->s[p->pos]))
            p->pos++;
          e.name = resolve_name (p, arena_strndup (p, p->s + s, p->pos - s));
          if (e.name == NULL)
            e.name = "";
        }
      else
        {
          fail_at (p, p->pos);
          if (elems->len == 0)
            return NULL;
          p->pos = save;
          break;
        }
      g_array_append_val (elems, e);
    }
  path = arena_alloc (p, sizeof (KsPath));
  path->n_elems = elems->len;
  path->elems = arena_alloc (p, elems->len * sizeof (KsPathElem));
  memcpy (path->elems, elems->data, elems->len * sizeof (KsPathElem));
  if (path->n_elems > 1)
    g_hash_table_add (p->nested_paths, (gpointer) path->elems[0].name);
  return path;
}

static void
check_projection_paths (Parser *p, GPtrArray *paths)
{
  for (guint j = 1; j < paths->len && !p->errors[ERR_PATH_OVERLAP]; j++)
    {
      KsPath *b = paths->pdata[j];

      for (guint i = 0; i < j; i++)
        {
          KsPath *a = paths->pdata[i];
          guint k;
          gboolean differ = FALSE;

          for (k = 0; k < a->n_elems && k < b->n_elems; k++)
            {
              KsPathElem *x = &a->elems[k], *y = &b->elems[k];
              if ((x->name == NULL) != (y->name == NULL))
                {
                  g_autofree char *s1 = ks_path_to_string (a);
                  g_autofree char *s2 = ks_path_to_string (b);
                  g_free (p->errors[ERR_PATH_CONFLICT]);
                  p->errors[ERR_PATH_CONFLICT] =
                    g_strdup_printf ("Two document paths conflict with each other; must remove or rewrite one of these paths; path one: %s, path two: %s",
                                     s1, s2);
                  differ = TRUE;
                  break;
                }
              if (x->name ? strcmp (x->name, y->name) != 0 : x->index != y->index)
                {
                  differ = TRUE;
                  break;
                }
            }
          if (!differ)
            {
              g_autofree char *s1 = ks_path_to_string (a);
              g_autofree char *s2 = ks_path_to_string (b);
              p->errors[ERR_PATH_OVERLAP] =
                g_strdup_printf ("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: %s, path two: %s",
                                 s1, s2);
              break;
            }
        }
    }
}

KsProjectionExpr *
ks_projection_expr_parse (const char     *text,
                          KsExprContext  *ctx,
                          GError        **error)
{
  static const int order[] = { ERR_RESERVED, ERR_ATTR_NAME_VAL, ERR_PATH_OVERLAP, ERR_PATH_CONFLICT };
  const char *prefix = "Invalid ProjectionExpression: ";
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  KsProjectionExpr *proj;
  Parser p;
  KsPath *path;
  gboolean ok = FALSE;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (ctx != NULL, NULL);

  if (!check_expression_text (text, prefix, error))
    return NULL;
  parser_init (&p, text, ctx);
  ws (&p);
  if ((path = projection_path (&p)))
    {
      g_ptr_array_add (paths, path);
      for (;;)
        {
          gsize save = p.pos;

          ws (&p);
          if (lit (&p, ','))
            {
              ws (&p);
              if ((path = projection_path (&p)))
                {
                  g_ptr_array_add (paths, path);
                  continue;
                }
            }
          p.pos = save;
          break;
        }
      ws (&p);
      ok = p.pos == p.len;
      if (!ok)
        fail_at (&p, p.pos);
    }
  if (!ok)
    {
      set_syntax_error (error, prefix, p.s, p.len, p.max_fail);
      parser_clear (&p);
      return NULL;
    }
  check_projection_paths (&p, paths);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (p.errors[order[i]])
      {
        g_set_error (error, KS_ERROR, KS_ERROR_VALIDATION, "%s%s", prefix, p.errors[order[i]]);
        parser_clear (&p);
        return NULL;
      }
  proj = g_new0 (KsProjectionExpr, 1);
  proj->paths = g_steal_pointer (&paths);
  proj->arena = g_steal_pointer (&p.arena);
  proj->nested_paths = g_steal_pointer (&p.nested_paths);
  parser_clear (&p);
  return proj;
}

void
ks_projection_expr_free (KsProjectionExpr *proj)
{
  if (proj == NULL)
    return;
  g_ptr_array_unref (proj->paths);
  g_hash_table_unref (proj->nested_paths);
  g_ptr_array_unref (proj->arena);
  g_free (proj);
}

guint
ks_projection_expr_get_n_paths (KsProjectionExpr *proj)
{
  return proj->paths->len;
}

const KsPath *
ks_projection_expr_get_path (KsProjectionExpr *proj,
                             guint             i)
{
  g_return_val_if_fail (i < proj->paths->len, NULL);
  return proj->paths->pdata[i];
}

gboolean
ks_projection_expr_has_nested_path (KsProjectionExpr *proj,
                                    const char       *attr)
{
  return g_hash_table_contains (proj->nested_paths, attr);
}

/* The result is built as a small tree, then turned into values. */
typedef struct _ProjNode ProjNode;
struct _ProjNode
{
  const char *name;         /* key in the parent map, or NULL in a list */
  guint64     index;        /* position in the parent list */
  gboolean    is_list;
  KsValue    *leaf;         /* a whole value */
  GPtrArray  *children;     /* ProjNode */
};

static void
proj_node_free (ProjNode *n)
{
  if (n->children)
    g_ptr_array_unref (n->children);
  g_clear_pointer (&n->leaf, ks_value_unref);
  g_free (n);
}

static ProjNode *
proj_child (ProjNode *parent, const KsPathElem *e)
{
  ProjNode *c;

  if (parent->children == NULL)
    parent->children = g_ptr_array_new_with_free_func ((GDestroyNotify) proj_node_free);
  for (guint i = 0; i < parent->children->len; i++)
    {
      c = parent->children->pdata[i];
      if (e->name ? g_strcmp0 (c->name, e->name) == 0 : (c->name == NULL && c->index == e->index))
        return c;
    }
  c = g_new0 (ProjNode, 1);
  c->name = e->name;
  c->index = e->index;
  g_ptr_array_add (parent->children, c);
  return c;
}

static int
proj_index_compare (gconstpointer a, gconstpointer b)
{
  const ProjNode *x = *(ProjNode * const *) a, *y = *(ProjNode * const *) b;
  return x->index < y->index ? -1 : x->index > y->index;
}

static KsValue *
proj_build (ProjNode *n)
{
  if (n->leaf)
    return ks_value_ref (n->leaf);
  if (n->is_list)
    {
      GPtrArray *elems = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
      g_ptr_array_sort (n->children, proj_index_compare);
      for (guint i = 0; i < n->children->len; i++)
        g_ptr_array_add (elems, proj_build (n->children->pdata[i]));
      return ks_value_new_list (KS_TYPE_L, elems);
    }
  else
    {
      KsMapBuilder *b = ks_map_builder_new (n->children ? n->children->len : 0);
      for (guint i = 0; n->children && i < n->children->len; i++)
        {
          ProjNode *c = n->children->pdata[i];
          ks_map_builder_add (b, c->name, proj_build (c));
        }
      return ks_map_builder_end (b);
    }
}

KsValue *
ks_projection_expr_apply (KsProjectionExpr *proj,
                          const KsValue    *item)
{
  ProjNode *root;
  KsValue *result;

  g_return_val_if_fail (proj != NULL, NULL);
  g_return_val_if_fail (item != NULL && ks_value_get_type (item) == KS_TYPE_M, NULL);

  root = g_new0 (ProjNode, 1);
  for (guint i = 0; i < proj->paths->len; i++)
    {
      const KsPath *path = proj->paths->pdata[i];
      KsValue *v = ks_path_resolve (path, item);
      ProjNode *cur = root;

      if (v == NULL)
        continue;
      for (guint k = 0; k < path->n_elems; k++)
        {
          cur->is_list = path->elems[k].name == NULL;
          cur = proj_child (cur, &path->elems[k]);
        }
      if (cur->leaf == NULL)
        cur->leaf = ks_value_ref (v);
    }
  result = proj_build (root);
  proj_node_free (root);
  return result;
}
