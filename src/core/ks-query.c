/* ks-query.c: DynamoDB Query, Scan and GetItem on a design's sample data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Validation happens in DynamoDB's order (dynamodb-rules.md §5, §6, §10):
 * the JSON shapes (SerializationException), the parameter constraints
 * ("1 validation error detected: …"), the expressions, then, with the table
 * at hand, the key schema, the start key and the filter. The order of checks
 * and the wording follow dynalite where the rules file records nothing
 * observed from DynamoDB itself.
 */
#define G_LOG_DOMAIN "keyshape-query"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ks-design.h"
#include "ks-error.h"
#include "ks-index.h"
#include "ks-item.h"
#include "ks-query.h"
#include "ks-table.h"

/* A Query or Scan page stops once this much has been read (rules §5.3). */
#define KS_PAGE_BYTES (1024 * 1024)

typedef enum
{
  SELECT_DEFAULT,
  SELECT_ALL_ATTRIBUTES,
  SELECT_ALL_PROJECTED_ATTRIBUTES,
  SELECT_SPECIFIC_ATTRIBUTES,
  SELECT_COUNT,
} Select;

struct _KsRequest
{
  KsOperation        op;
  char              *table;
  char              *index;
  Select             select;
  gint64             limit;          /* 0: none */
  gboolean           forward;
  gboolean           consistent_read;
  gboolean           has_segment;
  gboolean           has_total_segments;
  gint64             segment;
  gint64             total_segments;
  KsValue           *start_key;      /* ExclusiveStartKey, M */
  KsValue           *key;            /* GetItem Key, M */
  KsExprContext     *ctx;
  KsCondition       *key_condition;
  KsCondition       *filter;
  KsProjectionExpr  *projection;
  GArray            *clauses;        /* KsKeyClause */
};

KsOperation
ks_operation_from_string (const char *name)
{
  if (g_strcmp0 (name, "Query") == 0)
    return KS_OPERATION_QUERY;
  if (g_strcmp0 (name, "Scan") == 0)
    return KS_OPERATION_SCAN;
  if (g_strcmp0 (name, "GetItem") == 0)
    return KS_OPERATION_GET_ITEM;
  return KS_OPERATION_INVALID;
}

const char *
ks_operation_to_string (KsOperation op)
{
  switch (op)
    {
    case KS_OPERATION_QUERY:
      return "Query";
    case KS_OPERATION_SCAN:
      return "Scan";
    case KS_OPERATION_GET_ITEM:
      return "GetItem";
    default:
      return NULL;
    }
}

void
ks_request_free (KsRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->table);
  g_free (request->index);
  g_clear_pointer (&request->start_key, ks_value_unref);
  g_clear_pointer (&request->key, ks_value_unref);
  g_clear_pointer (&request->clauses, g_array_unref);
  g_clear_pointer (&request->key_condition, ks_condition_free);
  g_clear_pointer (&request->filter, ks_condition_free);
  g_clear_pointer (&request->projection, ks_projection_expr_free);
  g_clear_pointer (&request->ctx, ks_expr_context_free);
  g_free (request);
}

KsOperation
ks_request_get_operation (KsRequest *request)
{
  return request->op;
}

const char *
ks_request_get_table (KsRequest *request)
{
  return request->table;
}

const char *
ks_request_get_index (KsRequest *request)
{
  return request->index;
}

static gboolean
fail (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError **error, const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error_literal (error, KS_ERROR, KS_ERROR_VALIDATION, msg);
  return FALSE;
}

static gboolean
fail_serialization (GError **error, const char *msg)
{
  g_set_error_literal (error, KS_ERROR, KS_ERROR_PARSE, msg);
  return FALSE;
}

/* JSON shapes ------------------------------------------------------------------ */

typedef enum
{
  M_STRING,
  M_INTEGER,
  M_BOOLEAN,
  M_AV_MAP,
  M_NAME_MAP,
  M_OTHER,
} MemberKind;

typedef struct
{
  const char *name;
  MemberKind  kind;
  const char *java;     /* type named in deserializer messages */
} Member;

static const Member members[] = {
  { "TableName", M_STRING, "String" },
  { "IndexName", M_STRING, "String" },
  { "Select", M_STRING, "String" },
  { "ReturnConsumedCapacity", M_STRING, "String" },
  { "ConditionalOperator", M_STRING, "String" },
  { "KeyConditionExpression", M_STRING, "String" },
  { "FilterExpression", M_STRING, "String" },
  { "ProjectionExpression", M_STRING, "String" },
  { "Limit", M_INTEGER, "Integer" },
  { "Segment", M_INTEGER, "Integer" },
  { "TotalSegments", M_INTEGER, "Integer" },
  { "ConsistentRead", M_BOOLEAN, "Boolean" },
  { "ScanIndexForward", M_BOOLEAN, "Boolean" },
  { "ExclusiveStartKey", M_AV_MAP, NULL },
  { "ExpressionAttributeValues", M_AV_MAP, NULL },
  { "Key", M_AV_MAP, NULL },
  { "ExpressionAttributeNames", M_NAME_MAP, NULL },
};

static JsonNode *
member (JsonObject *obj, const char *name)
{
  JsonNode *n = json_object_get_member (obj, name);
  return (n && JSON_NODE_HOLDS_NULL (n)) ? NULL : n;
}

static gboolean
check_member (JsonNode *node, const Member *m, GError **error)
{
  g_autofree char *msg = NULL;

  if (m->kind == M_AV_MAP || m->kind == M_NAME_MAP)
    {
      JsonObject *obj;
      g_autoptr(GList) names = NULL;

      if (JSON_NODE_HOLDS_ARRAY (node))
        return fail_serialization (error, m->kind == M_AV_MAP
                                   ? "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
                                   : "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>");
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail_serialization (error, "Unexpected field type");
      obj = json_node_get_object (node);
      names = json_object_get_members (obj);
      for (GList *l = names; l; l = l->next)
        {
          JsonNode *v = json_object_get_member (obj, l->data);
          if (m->kind == M_AV_MAP)
            {
              if (!ks_attribute_value_check_types (v, error))
                return FALSE;
            }
          else if (JSON_NODE_HOLDS_OBJECT (v))
            return fail_serialization (error, "Start of structure or map found where not expected");
          else if (JSON_NODE_HOLDS_ARRAY (v))
            return fail_serialization (error, "Unrecognized collection type class java.lang.String");
          else if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) != G_TYPE_STRING)
            return fail_serialization (error, json_node_get_value_type (v) == G_TYPE_BOOLEAN
                                       ? (json_node_get_boolean (v) ? "TRUE_VALUE cannot be converted to String"
                                                                    : "FALSE_VALUE cannot be converted to String")
                                       : json_node_get_value_type (v) == G_TYPE_DOUBLE
                                       ? "DECIMAL_VALUE cannot be converted to String"
                                       : "NUMBER_VALUE cannot be converted to String");
        }
      return TRUE;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    return fail_serialization (error, "Start of structure or map found where not expected");
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      msg = g_strdup_printf ("Unrecognized collection type class java.lang.%s", m->java);
      return fail_serialization (error, msg);
    }
  switch (m->kind)
    {
    case M_STRING:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return TRUE;
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        msg = g_strdup_printf ("%s cannot be converted to String",
                               json_node_get_boolean (node) ? "TRUE_VALUE" : "FALSE_VALUE");
      else
        msg = g_strdup_printf ("%s cannot be converted to String",
                               json_node_get_value_type (node) == G_TYPE_DOUBLE ? "DECIMAL_VALUE" : "NUMBER_VALUE");
      return fail_serialization (error, msg);
    case M_INTEGER:
      if (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE)
        return TRUE;
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        msg = g_strdup_printf ("%s cannot be converted to Integer",
                               json_node_get_boolean (node) ? "TRUE_VALUE" : "FALSE_VALUE");
      else
        msg = g_strdup ("STRING_VALUE cannot be converted to Integer");
      return fail_serialization (error, msg);
    case M_BOOLEAN:
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return TRUE;
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (node);
          if (!g_ascii_strcasecmp (s, "true") || !g_ascii_strcasecmp (s, "false")
              || !g_ascii_strcasecmp (s, "1") || !g_ascii_strcasecmp (s, "0")
              || !g_ascii_strcasecmp (s, "yes") || !g_ascii_strcasecmp (s, "no"))
            return TRUE;
          return fail_serialization (error, "Unexpected token received from parser");
        }
      msg = g_strdup_printf ("%s cannot be converted to Boolean",
                             json_node_get_value_type (node) == G_TYPE_DOUBLE ? "DECIMAL_VALUE" : "NUMBER_VALUE");
      return fail_serialization (error, msg);
    default:
      return TRUE;
    }
}

static gint64
integer_member (JsonObject *obj, const char *name, gboolean *present)
{
  JsonNode *n = member (obj, name);

  *present = n != NULL;
  if (n == NULL)
    return 0;
  if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    {
      double d = floor (json_node_get_double (n));
      return d > (double) G_MAXINT64 ? G_MAXINT64 : d < (double) G_MININT64 ? G_MININT64 : (gint64) d;
    }
  return json_node_get_int (n);
}

static gboolean
boolean_member (JsonObject *obj, const char *name, gboolean dflt)
{
  JsonNode *n = member (obj, name);

  if (n == NULL)
    return dflt;
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (n);
      return !g_ascii_strcasecmp (s, "true") || !g_ascii_strcasecmp (s, "1") || !g_ascii_strcasecmp (s, "yes");
    }
  return json_node_get_boolean (n);
}

static const char *
string_member (JsonObject *obj, const char *name)
{
  JsonNode *n = member (obj, name);
  return n ? json_node_get_string (n) : NULL;
}

/* Parameter constraints ------------------------------------------------------ */

static void
constraint (GPtrArray *errors, const char *value, const char *where, const char *what)
{
  if (errors->len >= 10)
    return;
  if (value)
    g_ptr_array_add (errors, g_strdup_printf ("Value '%s' at '%s' failed to satisfy constraint: %s",
                                              value, where, what));
  else
    g_ptr_array_add (errors, g_strdup_printf ("Value null at '%s' failed to satisfy constraint: %s",
                                              where, what));
}

static gboolean
name_chars_valid (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '_' && *s != '.' && *s != '-')
      return FALSE;
  return TRUE;
}

static void
check_name (GPtrArray *errors, const char *value, const char *where, gboolean required)
{
  glong len;

  if (value == NULL)
    {
      if (required)
        constraint (errors, NULL, where, "Member must not be null");
      return;
    }
  len = g_utf8_strlen (value, -1);
  if (!name_chars_valid (value))
    constraint (errors, value, where, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  if (len < 3)
    constraint (errors, value, where, "Member must have length greater than or equal to 3");
  if (len > 255)
    constraint (errors, value, where, "Member must have length less than or equal to 255");
}

static void
check_enum (GPtrArray *errors, const char *value, const char *where,
            const char * const *allowed, const char *set)
{
  g_autofree char *what = NULL;

  if (value == NULL || g_strv_contains (allowed, value))
    return;
  what = g_strdup_printf ("Member must satisfy enum value set: [%s]", set);
  constraint (errors, value, where, what);
}

static void
check_min (GPtrArray *errors, JsonObject *obj, const char *name, const char *where,
           gint64 min, gint64 max)
{
  gboolean present;
  gint64 v = integer_member (obj, name, &present);
  g_autofree char *s = NULL;
  g_autofree char *what = NULL;

  if (!present)
    return;
  s = g_strdup_printf ("%" G_GINT64_FORMAT, v);
  if (v < min)
    {
      what = g_strdup_printf ("Member must have value greater than or equal to %" G_GINT64_FORMAT, min);
      constraint (errors, s, where, what);
    }
  else if (max > 0 && v > max)
    {
      what = g_strdup_printf ("Member must have value less than or equal to %" G_GINT64_FORMAT, max);
      constraint (errors, s, where, what);
    }
}

static gboolean
check_constraints (KsOperation op, JsonObject *obj, GError **error)
{
  static const char * const selects[] = { "SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES",
                                          "ALL_PROJECTED_ATTRIBUTES", NULL };
  static const char * const capacities[] = { "INDEXES", "TOTAL", "NONE", NULL };
  static const char * const operators[] = { "OR", "AND", NULL };
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) msg = NULL;

  if (op != KS_OPERATION_GET_ITEM)
    {
      check_enum (errors, string_member (obj, "Select"), "select", selects,
                  "SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES");
      check_name (errors, string_member (obj, "IndexName"), "indexName", FALSE);
    }
  if (op == KS_OPERATION_SCAN)
    check_min (errors, obj, "TotalSegments", "totalSegments", 1, 1000000);
  check_enum (errors, string_member (obj, "ReturnConsumedCapacity"), "returnConsumedCapacity",
              capacities, "INDEXES, TOTAL, NONE");
  check_name (errors, string_member (obj, "TableName"), "tableName", TRUE);
  if (op != KS_OPERATION_GET_ITEM)
    check_enum (errors, string_member (obj, "ConditionalOperator"), "conditionalOperator",
                operators, "OR, AND");
  if (op == KS_OPERATION_SCAN)
    check_min (errors, obj, "Segment", "segment", 0, 999999);
  if (op == KS_OPERATION_QUERY)
    {
      gboolean present;
      gint64 limit = integer_member (obj, "Limit", &present);
      /* Observed on Query: no value and a capital L (rules §6.3). */
      if (present && limit < 1 && errors->len < 10)
        g_ptr_array_add (errors, g_strdup ("Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1"));
    }
  else if (op == KS_OPERATION_SCAN)
    check_min (errors, obj, "Limit", "limit", 1, 0);
  if (op == KS_OPERATION_GET_ITEM && member (obj, "Key") == NULL)
    constraint (errors, NULL, "key", "Member must not be null");

  if (errors->len == 0)
    return TRUE;
  msg = g_string_new (NULL);
  g_string_append_printf (msg, "%u validation error%s detected: ", errors->len,
                          errors->len > 1 ? "s" : "");
  for (guint i = 0; i < errors->len; i++)
    {
      if (i)
        g_string_append (msg, "; ");
      g_string_append (msg, errors->pdata[i]);
    }
  g_set_error_literal (error, KS_ERROR, KS_ERROR_VALIDATION, msg->str);
  return FALSE;
}

/* Request parsing -------------------------------------------------------------- */

static gboolean
check_expression_params (KsOperation op, JsonObject *obj, GError **error)
{
  static const char * const query_expr[] = { "ProjectionExpression", "FilterExpression", "KeyConditionExpression", NULL };
  static const char * const query_legacy[] = { "AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions", NULL };
  static const char * const scan_expr[] = { "ProjectionExpression", "FilterExpression", NULL };
  static const char * const scan_legacy[] = { "AttributesToGet", "ScanFilter", "ConditionalOperator", NULL };
  static const char * const get_expr[] = { "ProjectionExpression", NULL };
  static const char * const get_legacy[] = { "AttributesToGet", NULL };
  const char * const *expr = op == KS_OPERATION_QUERY ? query_expr : op == KS_OPERATION_SCAN ? scan_expr : get_expr;
  const char * const *legacy = op == KS_OPERATION_QUERY ? query_legacy : op == KS_OPERATION_SCAN ? scan_legacy : get_legacy;
  g_autoptr(GString) used_expr = g_string_new (NULL);
  g_autoptr(GString) used_legacy = g_string_new (NULL);
  g_autoptr(GString) value_exprs = g_string_new (NULL);
  gboolean any_value_expr = FALSE;
  guint n_value_exprs = 0;

  for (guint i = 0; expr[i]; i++)
    if (member (obj, expr[i]))
      g_string_append_printf (used_expr, "%s%s", used_expr->len ? ", " : "", expr[i]);
  if (used_expr->len)
    {
      gboolean key_conditions_only = member (obj, "KeyConditions") && !member (obj, "KeyConditionExpression");

      for (guint i = 0; legacy[i]; i++)
        if (member (obj, legacy[i]) && !(key_conditions_only && !strcmp (legacy[i], "KeyConditions")))
          g_string_append_printf (used_legacy, "%s%s", used_legacy->len ? ", " : "", legacy[i]);
      if (used_legacy->len)
        return fail (error, "Can not use both expression and non-expression parameters in the same request: "
                     "Non-expression parameters: {%s} Expression parameters: {%s}",
                     used_legacy->str, used_expr->str);
    }
  if (member (obj, "ExpressionAttributeNames") && used_expr->len == 0)
    return fail (error, "ExpressionAttributeNames can only be specified when using expressions");
  for (guint i = 0; expr[i]; i++)
    if (strcmp (expr[i], "ProjectionExpression") != 0)
      {
        g_string_append_printf (value_exprs, "%s%s", value_exprs->len ? " and " : "", expr[i]);
        n_value_exprs++;
        if (member (obj, expr[i]))
          any_value_expr = TRUE;
      }
  if (op != KS_OPERATION_GET_ITEM && member (obj, "ExpressionAttributeValues") && !any_value_expr)
    return fail (error, "ExpressionAttributeValues can only be specified when using expressions: %s %s null",
                 value_exprs->str, n_value_exprs > 1 ? "are" : "is");
  return TRUE;
}

static KsValue *
av_map_from_json (JsonNode *node, const char *prefix_unless, GError **error)
{
  JsonObject *obj = json_node_get_object (node);
  g_autoptr(GList) names = json_object_get_members (obj);
  KsMapBuilder *b = ks_map_builder_new (g_list_length (names));

  for (GList *l = names; l; l = l->next)
    {
      g_autoptr(GError) local = NULL;
      KsValue *v = ks_attribute_value_from_json (json_object_get_member (obj, l->data), &local);

      if (v == NULL)
        {
          ks_value_unref (ks_map_builder_end (b));
          if (prefix_unless != NULL && local->code == KS_ERROR_VALIDATION
              && !g_regex_match_simple (prefix_unless, local->message, 0, 0))
            fail (error, "The provided starting key is invalid: %s", local->message);
          else
            g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      ks_map_builder_set (b, l->data, v);
    }
  return ks_map_builder_end (b);
}

static Select
select_from_string (const char *s)
{
  if (s == NULL)
    return SELECT_DEFAULT;
  if (!strcmp (s, "ALL_ATTRIBUTES"))
    return SELECT_ALL_ATTRIBUTES;
  if (!strcmp (s, "ALL_PROJECTED_ATTRIBUTES"))
    return SELECT_ALL_PROJECTED_ATTRIBUTES;
  if (!strcmp (s, "SPECIFIC_ATTRIBUTES"))
    return SELECT_SPECIFIC_ATTRIBUTES;
  return SELECT_COUNT;
}

static gboolean
parse_expressions (KsRequest *req, JsonObject *obj, GError **error)
{
  const char *text;

  req->ctx = ks_expr_context_new ();
  if (!ks_expr_context_set_names (req->ctx, member (obj, "ExpressionAttributeNames"), error))
    return FALSE;
  if (req->op != KS_OPERATION_GET_ITEM
      && !ks_expr_context_set_values (req->ctx, member (obj, "ExpressionAttributeValues"), error))
    return FALSE;
  if (req->op == KS_OPERATION_QUERY && (text = string_member (obj, "KeyConditionExpression")))
    if ((req->key_condition = ks_condition_parse (text, KS_EXPR_KEY_CONDITION, req->ctx, error)) == NULL)
      return FALSE;
  if (req->op != KS_OPERATION_GET_ITEM && (text = string_member (obj, "FilterExpression")))
    if ((req->filter = ks_condition_parse (text, KS_EXPR_FILTER, req->ctx, error)) == NULL)
      return FALSE;
  if ((text = string_member (obj, "ProjectionExpression")))
    if ((req->projection = ks_projection_expr_parse (text, req->ctx, error)) == NULL)
      return FALSE;
  return ks_expr_context_check_unused (req->ctx, error);
}

static gboolean
check_select (KsRequest *req, GError **error)
{
  if (req->projection)
    switch (req->select)
      {
      case SELECT_ALL_ATTRIBUTES:
        return fail (error, "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES");
      case SELECT_ALL_PROJECTED_ATTRIBUTES:
        return fail (error, "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES");
      case SELECT_COUNT:
        return fail (error, "Cannot specify the ProjectionExpression when choosing to get only the Count");
      default:
        break;
      }
  else if (req->select == SELECT_SPECIFIC_ATTRIBUTES)
    return fail (error, "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
  if (req->select == SELECT_ALL_PROJECTED_ATTRIBUTES && req->index == NULL)
    return fail (error, "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  return TRUE;
}

KsRequest *
ks_request_parse (KsOperation   op,
                  JsonNode     *request,
                  GError      **error)
{
  static const char *esk_plain = "contains duplicates|number set|numeric value|significant digits|number with magnitude";
  g_autoptr(KsRequest) req = NULL;
  JsonObject *obj;
  gboolean present;

  g_return_val_if_fail (op != KS_OPERATION_INVALID, NULL);

  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request))
    {
      fail_serialization (error, "Start of list found where not expected");
      return NULL;
    }
  obj = json_node_get_object (request);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *n = member (obj, members[i].name);
      if (n && !check_member (n, &members[i], error))
        return NULL;
    }
  if (!check_constraints (op, obj, error))
    return NULL;

  req = g_new0 (KsRequest, 1);
  req->op = op;
  req->table = g_strdup (string_member (obj, "TableName"));
  req->index = op != KS_OPERATION_GET_ITEM ? g_strdup (string_member (obj, "IndexName")) : NULL;
  req->select = op != KS_OPERATION_GET_ITEM ? select_from_string (string_member (obj, "Select")) : SELECT_DEFAULT;
  req->limit = op != KS_OPERATION_GET_ITEM ? integer_member (obj, "Limit", &present) : 0;
  req->forward = op == KS_OPERATION_QUERY ? boolean_member (obj, "ScanIndexForward", TRUE) : TRUE;
  req->consistent_read = boolean_member (obj, "ConsistentRead", FALSE);
  if (op == KS_OPERATION_SCAN)
    {
      req->segment = integer_member (obj, "Segment", &req->has_segment);
      req->total_segments = integer_member (obj, "TotalSegments", &req->has_total_segments);
    }

  if (!check_expression_params (op, obj, error))
    return NULL;

  /* Legacy (non-expression) parameters are not simulated. */
  {
    static const char * const legacy[] = { "KeyConditions", "QueryFilter", "ScanFilter", "AttributesToGet", NULL };
    for (guint i = 0; legacy[i]; i++)
      if (member (obj, legacy[i]))
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "%s: the legacy parameter %s is not supported; use the expression parameters",
                       ks_operation_to_string (op), legacy[i]);
          return NULL;
        }
  }

  if (op == KS_OPERATION_GET_ITEM)
    {
      if ((req->key = av_map_from_json (member (obj, "Key"), NULL, error)) == NULL)
        return NULL;
    }
  else if (member (obj, "ExclusiveStartKey"))
    {
      if ((req->start_key = av_map_from_json (member (obj, "ExclusiveStartKey"), esk_plain, error)) == NULL)
        return NULL;
    }

  if (op == KS_OPERATION_QUERY && member (obj, "KeyConditionExpression") == NULL)
    {
      fail (error, "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
      return NULL;
    }
  if (op == KS_OPERATION_SCAN)
    {
      /* dynamodb-rules.md §5.6, §6.3 */
      if (req->has_segment && !req->has_total_segments)
        {
          fail (error, "The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
          return NULL;
        }
      if (req->has_total_segments && !req->has_segment)
        {
          fail (error, "The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
          return NULL;
        }
      if (req->has_total_segments && req->segment >= req->total_segments)
        {
          fail (error, "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
                "Segment: %" G_GINT64_FORMAT " is not less than TotalSegments: %" G_GINT64_FORMAT,
                req->segment, req->total_segments);
          return NULL;
        }
    }

  if (!parse_expressions (req, obj, error))
    return NULL;
  if (req->key_condition)
    {
      req->clauses = ks_condition_get_key_clauses (req->key_condition, error);
      if (req->clauses == NULL)
        return NULL;
    }
  if (op != KS_OPERATION_GET_ITEM && !check_select (req, error))
    return NULL;
  return g_steal_pointer (&req);
}

/* Keys ---------------------------------------------------------------------------- */

static KsValue *
key_of (const KsValue *item, const KsKeyAttr *attrs, guint n)
{
  GPtrArray *tuple;

  if (n == 0)
    return NULL;
  if (n == 1)
    {
      KsValue *v = ks_value_lookup (item, attrs[0].name);
      return v ? ks_value_ref (v) : NULL;
    }
  tuple = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
  for (guint i = 0; i < n; i++)
    {
      KsValue *v = ks_value_lookup (item, attrs[i].name);
      if (v == NULL)
        {
          g_ptr_array_unref (tuple);
          return NULL;
        }
      g_ptr_array_add (tuple, ks_value_ref (v));
    }
  return ks_value_new_list (KS_TYPE_L, tuple);
}

static void
entry_key_clear (KsEntry *e)
{
  g_clear_pointer (&e->pk, ks_value_unref);
  g_clear_pointer (&e->sk, ks_value_unref);
  g_clear_pointer (&e->table_pk, ks_value_unref);
  g_clear_pointer (&e->table_sk, ks_value_unref);
}

static void
entry_key_from (KsEntry *e, const KsValue *map, const KsKeySchema *keys, const KsKeySchema *table_keys)
{
  memset (e, 0, sizeof *e);
  e->pk = key_of (map, keys->pk, keys->n_pk);
  e->sk = key_of (map, keys->sk, keys->n_sk);
  e->table_pk = key_of (map, table_keys->pk, table_keys->n_pk);
  e->table_sk = key_of (map, table_keys->sk, table_keys->n_sk);
  ks_entry_compute_prefixes (e);
}

static gsize
key_bytes (const KsValue *v)
{
  gsize len = 0;

  if (ks_value_get_type (v) == KS_TYPE_S)
    ks_value_get_string (v, &len);
  else if (ks_value_get_type (v) == KS_TYPE_B)
    ks_value_get_binary (v, &len);
  return len;
}

static gboolean
key_empty (const KsValue *v)
{
  KsType t = ks_value_get_type (v);
  return (t == KS_TYPE_S || t == KS_TYPE_B) && key_bytes (v) == 0;
}

/* One key attribute of a GetItem key or a start key (dynalite
 * validateKeyPiece; the empty-value wording is DynamoDB's, rules §6.4). */
static gboolean
check_key_piece (const KsValue *map, const KsKeyAttr *attr, gboolean is_hash, GError **error)
{
  KsValue *v = ks_value_lookup (map, attr->name);

  if (v == NULL || ks_value_get_type (v) != attr->type)
    return fail (error, "The provided key element does not match the schema");
  if (key_empty (v))
    return fail (error, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty %s value. Key: %s",
                 attr->type == KS_TYPE_S ? "string" : "binary", attr->name);
  if (is_hash && key_bytes (v) > 2048)
    return fail (error, "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes");
  if (!is_hash && key_bytes (v) > 1024)
    return fail (error, "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  return TRUE;
}

static gboolean
check_table_key (const KsValue *map, const KsKeySchema *keys, GError **error)
{
  if (ks_value_get_length (map) != keys->n_pk + keys->n_sk)
    return fail (error, "The provided key element does not match the schema");
  for (guint i = 0; i < keys->n_pk; i++)
    if (!check_key_piece (map, &keys->pk[i], TRUE, error))
      return FALSE;
  for (guint i = 0; i < keys->n_sk; i++)
    if (!check_key_piece (map, &keys->sk[i], FALSE, error))
      return FALSE;
  return TRUE;
}

/* Key attribute names of a start key: the table's, then the index's. */
static GPtrArray *
start_key_names (const KsKeySchema *table_keys, const KsKeySchema *keys)
{
  GPtrArray *names = g_ptr_array_new ();
  const KsKeySchema *schemas[2] = { table_keys, keys };

  for (guint s = 0; s < 2; s++)
    {
      if (schemas[s] == NULL)
        continue;
      for (guint i = 0; i < schemas[s]->n_pk + schemas[s]->n_sk; i++)
        {
          const char *name = i < schemas[s]->n_pk ? schemas[s]->pk[i].name
                                                  : schemas[s]->sk[i - schemas[s]->n_pk].name;
          if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
            g_ptr_array_add (names, (gpointer) name);
        }
    }
  return names;
}

/* dynalite validateKeyPaths: nested paths under any key attribute. */
static gboolean
check_key_paths (KsTable *table, gboolean (*nested) (gpointer, const char *), gpointer expr, GError **error)
{
  const KsKeySchema *tk = ks_table_get_key_schema (table);
  GListStore *indexes = ks_table_get_indexes (table);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (indexes));

  if (expr == NULL)
    return TRUE;
  for (guint i = 0; i < tk->n_pk + tk->n_sk; i++)
    {
      const char *name = i < tk->n_pk ? tk->pk[i].name : tk->sk[i - tk->n_pk].name;
      if (nested (expr, name))
        return fail (error, "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key: %s", name);
    }
  for (guint pass = 0; pass < 2; pass++)
    for (guint j = 0; j < n; j++)
      {
        g_autoptr(KsIndex) index = g_list_model_get_item (G_LIST_MODEL (indexes), j);
        const KsKeySchema *k = ks_index_get_key_schema (index);
        gboolean gsi = ks_index_get_kind (index) == KS_INDEX_GSI;

        if (gsi != (pass == 0))
          continue;
        for (guint i = 0; i < k->n_pk + k->n_sk; i++)
          {
            const char *name = i < k->n_pk ? k->pk[i].name : k->sk[i - k->n_pk].name;
            if (!gsi && i < k->n_pk)
              continue;
            if (nested (expr, name))
              return fail (error, "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: %s", name);
          }
      }
  return TRUE;
}

static gboolean
projection_nested (gpointer expr, const char *name)
{
  return ks_projection_expr_has_nested_path (expr, name);
}

static gboolean
filter_nested (gpointer expr, const char *name)
{
  return ks_condition_has_nested_path (expr, name);
}

/* Results ----------------------------------------------------------------------- */

void
ks_query_result_free (KsQueryResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->items);
  g_ptr_array_unref (result->values);
  g_clear_pointer (&result->last_evaluated_key, ks_value_unref);
  g_free (result);
}

static KsQueryResult *
result_new (KsOperation op)
{
  KsQueryResult *r = g_new0 (KsQueryResult, 1);

  r->operation = op;
  r->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_item_unref);
  r->values = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
  return r;
}

/* What one view and request need while reading. */
typedef struct
{
  KsRequest         *req;
  KsTable           *table;
  KsIndex           *index;
  KsView            *view;
  const KsKeySchema *keys;
  const KsKeySchema *table_keys;
  gboolean           is_gsi;
  gboolean           projected_view;   /* a GSI/LSI storing only some attributes */
  GPtrArray         *lek_names;
  KsQueryResult     *result;
  gint64             read;
  gsize              bytes;
  const KsEntry     *last;
} Reader;

static gboolean
reader_full (Reader *r)
{
  return (r->req->limit > 0 && r->read >= r->req->limit) || r->bytes >= KS_PAGE_BYTES;
}

/* Reads one entry: counts it, filters it, keeps what the response shows. */
static void
reader_take (Reader *r, const KsEntry *e)
{
  KsValue *final = ks_item_get_final (e->item);
  g_autoptr(KsValue) stored = NULL;
  const KsValue *filter_on;

  r->read++;
  r->last = e;
  if (r->projected_view)
    {
      stored = ks_view_project (r->view, e->item);
      r->bytes += ks_item_size (stored);
    }
  else
    r->bytes += e->item->size ? e->item->size : ks_item_size (final);
  r->result->bytes_read = r->bytes;

  /* An LSI fetches what it lacks from the table; a GSI cannot. */
  filter_on = (r->is_gsi && stored) ? stored : final;
  if (r->req->filter && !ks_condition_evaluate (r->req->filter, filter_on))
    return;

  r->result->count++;
  g_ptr_array_add (r->result->items, ks_item_ref (e->item));
  if (r->req->select == SELECT_COUNT)
    return;
  if (r->req->projection)
    g_ptr_array_add (r->result->values, ks_projection_expr_apply (r->req->projection, filter_on));
  else if (r->req->select == SELECT_ALL_ATTRIBUTES || !stored)
    g_ptr_array_add (r->result->values, ks_value_ref (final));
  else
    g_ptr_array_add (r->result->values, ks_value_ref (stored));
}

static void
reader_finish (Reader *r)
{
  r->result->scanned_count = (guint) r->read;
  r->result->select_count = r->req->select == SELECT_COUNT;
  if (reader_full (r) && r->last)
    {
      KsValue *final = ks_item_get_final (r->last->item);
      KsMapBuilder *b = ks_map_builder_new (r->lek_names->len);

      for (guint i = 0; i < r->lek_names->len; i++)
        {
          KsValue *v = ks_value_lookup (final, r->lek_names->pdata[i]);
          if (v)
            ks_map_builder_add (b, r->lek_names->pdata[i], ks_value_ref (v));
        }
      r->result->last_evaluated_key = ks_map_builder_end (b);
    }
}

/* Resolves the table and index of a Query or Scan (dynalite's order). */
static gboolean
reader_init (Reader *r, KsEngine *engine, KsRequest *req, GError **error)
{
  KsDesign *design = ks_engine_get_design (engine);

  memset (r, 0, sizeof *r);
  r->req = req;
  r->table = ks_design_find_table (design, req->table);
  if (r->table == NULL)
    {
      g_set_error_literal (error, KS_ERROR, KS_ERROR_RESOURCE_NOT_FOUND, "Requested resource not found");
      return FALSE;
    }
  r->table_keys = ks_table_get_key_schema (r->table);
  r->keys = r->table_keys;
  if (req->index)
    {
      r->index = ks_table_find_index (r->table, req->index);
      if (r->index == NULL)
        return fail (error, "The table does not have the specified index: %s", req->index);
      r->is_gsi = ks_index_get_kind (r->index) == KS_INDEX_GSI;
      if (r->is_gsi && req->consistent_read)
        return fail (error, "Consistent reads are not supported on global secondary indexes");
      r->keys = ks_index_get_key_schema (r->index);
      r->projected_view = ks_index_get_projection (r->index) != KS_PROJECTION_ALL;
    }
  r->view = ks_engine_get_view (engine, req->table, req->index);
  if (r->view == NULL)
    {
      g_set_error_literal (error, KS_ERROR, KS_ERROR_RESOURCE_NOT_FOUND, "Requested resource not found");
      return FALSE;
    }
  r->lek_names = start_key_names (r->table_keys, req->index ? r->keys : NULL);
  return TRUE;
}

static void
reader_clear (Reader *r)
{
  g_clear_pointer (&r->lek_names, g_ptr_array_unref);
}

static gboolean
check_select_on_gsi (Reader *r, GError **error)
{
  if (r->req->select == SELECT_ALL_ATTRIBUTES && r->index && r->is_gsi && r->projected_view)
    return fail (error, "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index %s because its projection type is not ALL",
                 r->req->index);
  return TRUE;
}

/* Query -------------------------------------------------------------------------- */

static const KsKeyClause *
find_clause (GArray *clauses, const char *attr)
{
  for (guint i = 0; i < clauses->len; i++)
    {
      const KsKeyClause *c = &g_array_index (clauses, KsKeyClause, i);
      if (strcmp (c->attr, attr) == 0)
        return c;
    }
  return NULL;
}

static gboolean
clause_type_matches (const KsKeyClause *c, KsType type)
{
  guint n = c->op == KS_OP_BETWEEN ? 2 : 1;
  for (guint i = 0; i < n; i++)
    if (c->values[i] == NULL || ks_value_get_type (c->values[i]) != type)
      return FALSE;
  return TRUE;
}

/* Whether @v satisfies one sort-key clause (start key predicate check). */
static gboolean
clause_matches (const KsKeyClause *c, const KsValue *v)
{
  int r;

  if (v == NULL || ks_value_get_type (v) != ks_value_get_type (c->values[0]))
    return FALSE;
  r = ks_value_compare (v, c->values[0]);
  switch (c->op)
    {
    case KS_OP_EQ: return r == 0;
    case KS_OP_LT: return r < 0;
    case KS_OP_LE: return r <= 0;
    case KS_OP_GT: return r > 0;
    case KS_OP_GE: return r >= 0;
    case KS_OP_BETWEEN: return r >= 0 && ks_value_compare (v, c->values[1]) <= 0;
    case KS_OP_BEGINS_WITH:
      {
        gsize vl = key_bytes (v), pl = key_bytes (c->values[0]);
        const char *vs = ks_value_get_type (v) == KS_TYPE_S ? ks_value_get_string (v, NULL)
                                                          : (const char *) ks_value_get_binary (v, NULL);
        const char *ps = ks_value_get_type (v) == KS_TYPE_S ? ks_value_get_string (c->values[0], NULL)
                                                          : (const char *) ks_value_get_binary (c->values[0], NULL);
        return pl <= vl && memcmp (vs, ps, pl) == 0;
      }
    default:
      return FALSE;
    }
}

/* The sort-key part of a query: equalities on the first components, then
 * at most one clause on the next (rules §10.4). */
typedef struct
{
  guint              n_eq;
  KsValue           *eq[KS_MAX_KEY_ATTRS];
  const KsKeyClause *range;
  gboolean           tuple;   /* multi-attribute sort key: entries hold L */
} SortRange;

/* -1: the entry sorts before the matching range, 0: matches, 1: after. */
static int
classify (const SortRange *sr, const KsValue *sk)
{
  guint k;
  const KsValue *comp;
  int r;

  for (k = 0; k < sr->n_eq; k++)
    {
      comp = sr->tuple ? ks_value_get_element (sk, k) : sk;
      r = ks_value_compare (comp, sr->eq[k]);
      if (r != 0)
        return r < 0 ? -1 : 1;
    }
  if (sr->range == NULL)
    return 0;
  comp = sr->tuple ? ks_value_get_element (sk, k) : sk;
  r = ks_value_compare (comp, sr->range->values[0]);
  switch (sr->range->op)
    {
    case KS_OP_EQ: return r < 0 ? -1 : r > 0 ? 1 : 0;
    case KS_OP_LT: return r < 0 ? 0 : 1;
    case KS_OP_LE: return r <= 0 ? 0 : 1;
    case KS_OP_GT: return r > 0 ? 0 : -1;
    case KS_OP_GE: return r >= 0 ? 0 : -1;
    case KS_OP_BETWEEN:
      if (r < 0)
        return -1;
      return ks_value_compare (comp, sr->range->values[1]) <= 0 ? 0 : 1;
    case KS_OP_BEGINS_WITH:
      if (r < 0)
        return -1;
      return clause_matches (sr->range, comp) ? 0 : 1;
    default:
      return 0;
    }
}

static guint
bound (KsView *view, guint lo, guint hi, const SortRange *sr, int below)
{
  /* first position whose class is > below */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (classify (sr, ks_view_get_entry (view, mid)->sk) <= below)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Checks the key clauses against the key schema and fills @pk and @sr. */
static gboolean
check_key_conditions (Reader *r, KsValue **pk, SortRange *sr, GError **error)
{
  KsRequest *req = r->req;
  const KsKeySchema *keys = r->keys;
  GArray *clauses = req->clauses;
  guint n_cond = clauses->len;
  gboolean multi = keys->n_pk > 1 || keys->n_sk > 1;
  g_autoptr(GPtrArray) start_names = NULL;

  memset (sr, 0, sizeof *sr);
  sr->tuple = keys->n_sk > 1;

  if (n_cond > 2 && n_cond > keys->n_pk + keys->n_sk)
    return fail (error, "The number of query conditions (%u) exceeds the number of key attributes defined in the schema (%u)",
                 n_cond, keys->n_pk + keys->n_sk);
  if (req->start_key)
    {
      start_names = start_key_names (r->table_keys, req->index ? keys : NULL);
      if (ks_value_get_length (req->start_key) != start_names->len)
        return fail (error, "The provided starting key is invalid");
    }

  /* Partition key components, then sort key components. */
  for (guint i = 0; i < keys->n_pk + keys->n_sk; i++)
    {
      gboolean is_hash = i < keys->n_pk;
      const KsKeyAttr *attr = is_hash ? &keys->pk[i] : &keys->sk[i - keys->n_pk];
      const KsKeyClause *c = find_clause (clauses, attr->name);

      if (req->start_key)
        {
          if (ks_value_lookup (req->start_key, attr->name) == NULL)
            return fail (error, "The provided starting key is invalid");
          if (!check_key_piece (req->start_key, attr, is_hash, error))
            return FALSE;
        }
      if (!multi)
        {
          if (is_hash && keys->n_sk == 0 && n_cond > 1)
            return fail (error, "Query key condition not supported");
          if (c == NULL)
            {
              if (is_hash || n_cond > 1)
                return fail (error, "Query condition missed key schema element: %s", attr->name);
              continue;
            }
        }
      else if (c == NULL)
        {
          if (is_hash)
            return fail (error, "Query condition missed key schema element: %s", attr->name);
          continue;
        }
      if (!clause_type_matches (c, attr->type))
        return fail (error, "One or more parameter values were invalid: Condition parameter type does not match schema type");
      if (is_hash && c->op != KS_OP_EQ)
        return fail (error, "Query key condition not supported");
      if (is_hash && key_empty (c->values[0]))
        return fail (error, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty %s value. Key: %s",
                     attr->type == KS_TYPE_S ? "string" : "binary", attr->name);
    }

  if (multi)
    {
      /* Every clause must name a key attribute; sort components must form
       * equalities on a prefix, then at most one range condition. */
      gint last = -1;

      for (guint i = 0; i < clauses->len; i++)
        if (ks_key_schema_find (keys, g_array_index (clauses, KsKeyClause, i).attr) == NULL)
          {
            for (guint k = 0; k < keys->n_sk; k++)
              if (find_clause (clauses, keys->sk[k].name) == NULL)
                return fail (error, "Query condition missed key schema element: %s", keys->sk[k].name);
            return fail (error, "Query key condition not supported");
          }
      for (guint k = 0; k < keys->n_sk; k++)
        if (find_clause (clauses, keys->sk[k].name))
          last = (gint) k;
      for (gint k = 0; k < last; k++)
        {
          const KsKeyClause *c = find_clause (clauses, keys->sk[k].name);
          if (c == NULL || c->op != KS_OP_EQ)
            {
              g_autofree char *earlier = NULL;
              GString *unmet = g_string_new (NULL);
              for (gint j = 0; j < last; j++)
                {
                  const KsKeyClause *cj = find_clause (clauses, keys->sk[j].name);
                  if (cj == NULL || cj->op != KS_OP_EQ)
                    g_string_append_printf (unmet, "%s%s", unmet->len ? ", " : "", keys->sk[j].name);
                }
              earlier = g_string_free (unmet, FALSE);
              return fail (error, "Query key condition not supported: RANGE key attributes %s must have equality conditions specified in the query because a condition is present on key attribute %s",
                           earlier, keys->sk[last].name);
            }
        }
      for (gint k = 0; k <= last; k++)
        {
          const KsKeyClause *c = find_clause (clauses, keys->sk[k].name);
          if (k < last || c->op == KS_OP_EQ)
            sr->eq[sr->n_eq++] = c->values[0];
          else
            sr->range = c;
        }
    }
  else if (keys->n_sk == 1)
    sr->range = find_clause (clauses, keys->sk[0].name);

  /* The partition value */
  if (keys->n_pk == 1)
    *pk = ks_value_ref (find_clause (clauses, keys->pk[0].name)->values[0]);
  else
    {
      GPtrArray *tuple = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
      for (guint i = 0; i < keys->n_pk; i++)
        g_ptr_array_add (tuple, ks_value_ref (find_clause (clauses, keys->pk[i].name)->values[0]));
      *pk = ks_value_new_list (KS_TYPE_L, tuple);
    }
  return TRUE;
}

static gboolean
check_start_key_bounds (Reader *r, const KsValue *pk, const SortRange *sr, GError **error)
{
  KsRequest *req = r->req;
  g_autoptr(KsValue) table_part = NULL;
  g_autoptr(KsValue) esk_pk = NULL;
  KsMapBuilder *b;
  g_autoptr(GError) local = NULL;

  if (req->start_key == NULL)
    return TRUE;
  b = ks_map_builder_new (2);
  for (guint i = 0; i < r->table_keys->n_pk + r->table_keys->n_sk; i++)
    {
      const char *name = i < r->table_keys->n_pk ? r->table_keys->pk[i].name
                                                 : r->table_keys->sk[i - r->table_keys->n_pk].name;
      KsValue *v = ks_value_lookup (req->start_key, name);
      if (v)
        ks_map_builder_add (b, name, ks_value_ref (v));
    }
  table_part = ks_map_builder_end (b);
  if (!check_table_key (table_part, r->table_keys, &local))
    return fail (error, "The provided starting key is invalid: %s", local->message);

  esk_pk = key_of (req->start_key, r->keys->pk, r->keys->n_pk);
  if (sr->range == NULL || r->keys->n_sk > 1)
    {
      if (!ks_value_equal (esk_pk, pk))
        return fail (error, "The provided starting key is outside query boundaries based on provided conditions");
    }
  else
    {
      if (!clause_matches (sr->range, ks_value_lookup (req->start_key, r->keys->sk[0].name)))
        return fail (error, "The provided starting key does not match the range key predicate");
      if (!ks_value_equal (esk_pk, pk))
        return fail (error, "The query can return at most one row and cannot be restarted");
    }
  return TRUE;
}

static KsQueryResult *
run_query (KsEngine *engine, KsRequest *req, GError **error)
{
  Reader r;
  g_autoptr(KsValue) pk = NULL;
  SortRange sr;
  guint start, end, lo, hi;
  g_autoptr(KsQueryResult) result = NULL;

  if (!reader_init (&r, engine, req, error))
    goto out;
  if (!check_key_conditions (&r, &pk, &sr, error))
    goto out;
  if (!check_start_key_bounds (&r, pk, &sr, error))
    goto out;
  if (!check_key_paths (r.table, projection_nested, req->projection, error))
    goto out;
  if (req->filter)
    for (guint i = 0; i < r.keys->n_pk + r.keys->n_sk; i++)
      {
        const char *name = i < r.keys->n_pk ? r.keys->pk[i].name : r.keys->sk[i - r.keys->n_pk].name;
        if (ks_condition_references (req->filter, name))
          {
            fail (error, "Filter Expression can only contain non-primary key attributes: Primary key attribute: %s", name);
            goto out;
          }
      }
  if (!check_select_on_gsi (&r, error))
    goto out;
  if (!check_key_paths (r.table, filter_nested, req->filter, error))
    goto out;

  result = result_new (KS_OPERATION_QUERY);
  r.result = result;
  if (ks_view_find_partition (r.view, pk, &start, &end))
    {
      lo = start;
      hi = end;
      if (r.keys->n_sk > 0 && (sr.n_eq > 0 || sr.range))
        {
          lo = bound (r.view, start, end, &sr, -1);
          hi = bound (r.view, lo, end, &sr, 0);
        }
      if (req->start_key)
        {
          KsEntry key;

          entry_key_from (&key, req->start_key, r.keys, r.table_keys);
          if (req->forward)
            {
              guint a = lo, b = hi;
              while (a < b)
                {
                  guint mid = a + (b - a) / 2;
                  if (ks_view_compare_entries (r.view, ks_view_get_entry (r.view, mid), &key) <= 0)
                    a = mid + 1;
                  else
                    b = mid;
                }
              lo = a;
            }
          else
            {
              guint a = lo, b = hi;
              while (a < b)
                {
                  guint mid = a + (b - a) / 2;
                  if (ks_view_compare_entries (r.view, ks_view_get_entry (r.view, mid), &key) < 0)
                    a = mid + 1;
                  else
                    b = mid;
                }
              hi = a;
            }
          entry_key_clear (&key);
        }
      if (req->forward)
        for (guint i = lo; i < hi && !reader_full (&r); i++)
          reader_take (&r, ks_view_get_entry (r.view, i));
      else
        for (guint i = hi; i > lo && !reader_full (&r); i--)
          reader_take (&r, ks_view_get_entry (r.view, i - 1));
    }
  reader_finish (&r);
  reader_clear (&r);
  return g_steal_pointer (&result);

out:
  reader_clear (&r);
  return NULL;
}

/* Scan ------------------------------------------------------------------------------ */

/* Partitions are placed the way dynalite places them (MD5 of "Outliers" and
 * the partition key bytes), so a Scan's order and its segments are
 * deterministic and match the reference emulator. */
static void
append_number_bytes (GByteArray *out, const char *canonical)
{
  gboolean neg = canonical[0] == '-';
  const char *p = canonical + (neg ? 1 : 0);
  g_autoptr(GString) digits = g_string_new (NULL);
  gint64 point = -1, first = -1, e, exponent;
  gint64 n, len, append_zero;
  guint8 bytes[48] = { 0 };
  gint64 first_byte;

  /* digits without leading/trailing zeros, e = power of ten of the first */
  for (gint64 i = 0; p[i]; i++)
    {
      if (p[i] == '.')
        {
          point = i;
          continue;
        }
      if (p[i] != '0' || first >= 0)
        {
          if (first < 0)
            first = i;
          g_string_append_c (digits, p[i]);
        }
    }
  if (first < 0)
    {
      guint8 zero = 0x80;
      g_byte_array_append (out, &zero, 1);
      return;
    }
  while (digits->len > 0 && digits->str[digits->len - 1] == '0')
    g_string_truncate (digits, digits->len - 1);
  if (point < 0)
    point = (gint64) strlen (p);
  e = point - first - (first < point ? 1 : 0);
  exponent = e + 1;
  n = digits->len;
  append_zero = (exponent % 2) != 0 ? 1 : 0;
  len = (n + append_zero + 1) / 2;
  first_byte = (gint64) floor ((double) (exponent + append_zero) / 2) - 64;
  if (neg)
    first_byte = ~first_byte;
  bytes[0] = (guint8) (first_byte & 0xff);
  {
    gint64 vals[48] = { 0 };
    gboolean appended = FALSE;

    for (gint64 mi = 0; mi < n; mi++)
      {
        gint64 bi = (mi + append_zero) / 2 + 1;
        if (append_zero && mi == 0 && !appended)
          {
            vals[bi] = 0;
            appended = TRUE;
            mi--;
            continue;
          }
        else if ((mi + append_zero) % 2 == 0)
          vals[bi] = (digits->str[mi] - '0') * 10;
        else
          vals[bi] += digits->str[mi] - '0';
        if (((mi + append_zero) % 2) || mi == n - 1)
          vals[bi] = neg ? 101 - vals[bi] : vals[bi] + 1;
      }
    for (gint64 i = 1; i <= len; i++)
      bytes[i] = (guint8) (vals[i] & 0xff);
  }
  g_byte_array_append (out, bytes, (guint) len + 1);
  if (len < 20 && neg)
    {
      guint8 end = 102;
      g_byte_array_append (out, &end, 1);
    }
}

static void
append_key_bytes (GByteArray *out, const KsValue *v)
{
  gsize len;
  const guint8 *data;

  switch (ks_value_get_type (v))
    {
    case KS_TYPE_S:
      data = (const guint8 *) ks_value_get_string (v, &len);
      g_byte_array_append (out, data, (guint) len);
      break;
    case KS_TYPE_B:
      data = ks_value_get_binary (v, &len);
      g_byte_array_append (out, data, (guint) len);
      break;
    case KS_TYPE_N:
      append_number_bytes (out, ks_value_get_number (v));
      break;
    case KS_TYPE_L:
      for (guint i = 0; i < ks_value_get_length (v); i++)
        append_key_bytes (out, ks_value_get_element (v, i));
      break;
    default:
      break;
    }
}

typedef struct
{
  guint    start;
  guint    end;
  guint32  hash;     /* first 24 bits of the MD5, as 6 hex digits */
  KsValue *pk;
} Placement;

static guint32
placement_hash (const KsValue *pk)
{
  g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 digest[16];
  gsize len = sizeof digest;

  append_key_bytes (bytes, pk);
  g_checksum_update (md5, (const guchar *) "Outliers", 8);
  g_checksum_update (md5, bytes->data, bytes->len);
  g_checksum_get_digest (md5, digest, &len);
  return ((guint32) digest[0] << 16) | ((guint32) digest[1] << 8) | digest[2];
}

static int
placement_compare (gconstpointer a, gconstpointer b)
{
  const Placement *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return ks_value_compare (x->pk, y->pk);
}

static KsQueryResult *
run_scan (KsEngine *engine, KsRequest *req, GError **error)
{
  Reader r;
  g_autoptr(GArray) parts = NULL;
  g_autoptr(KsQueryResult) result = NULL;
  guint32 seg_lo = 0, seg_hi = 0xfff;
  guint n_parts;
  KsEntry esk;
  gboolean have_esk = FALSE;
  guint32 esk_hash = 0;

  memset (&esk, 0, sizeof esk);
  if (!reader_init (&r, engine, req, error))
    goto out;

  if (req->start_key)
    {
      if (ks_value_get_length (req->start_key) != r.lek_names->len)
        {
          if (req->index)
            fail (error, "The provided starting key is invalid");
          else
            fail (error, "The provided starting key is invalid: The provided key element does not match the schema");
          goto out;
        }
      if (req->index)
        for (guint i = 0; i < r.keys->n_pk + r.keys->n_sk; i++)
          {
            gboolean is_hash = i < r.keys->n_pk;
            const KsKeyAttr *attr = is_hash ? &r.keys->pk[i] : &r.keys->sk[i - r.keys->n_pk];
            if (ks_value_lookup (req->start_key, attr->name) == NULL)
              {
                fail (error, "The provided starting key is invalid");
                goto out;
              }
            if (!check_key_piece (req->start_key, attr, is_hash, error))
              goto out;
          }
    }
  if (!check_select_on_gsi (&r, error))
    goto out;
  if (req->start_key)
    {
      g_autoptr(GError) local = NULL;
      KsMapBuilder *b = ks_map_builder_new (2);
      g_autoptr(KsValue) table_part = NULL;

      for (guint i = 0; i < r.table_keys->n_pk + r.table_keys->n_sk; i++)
        {
          const char *name = i < r.table_keys->n_pk ? r.table_keys->pk[i].name
                                                     : r.table_keys->sk[i - r.table_keys->n_pk].name;
          KsValue *v = ks_value_lookup (req->start_key, name);
          if (v)
            ks_map_builder_add (b, name, ks_value_ref (v));
        }
      table_part = ks_map_builder_end (b);
      if (!check_table_key (table_part, r.table_keys, &local))
        {
          fail (error, "The provided starting key is invalid: %s", local->message);
          goto out;
        }
    }
  if (req->has_total_segments && req->total_segments > 1)
    {
      seg_lo = req->segment > 0 ? (guint32) ((4096 * req->segment + req->total_segments - 1) / req->total_segments) : 0;
      seg_hi = (guint32) ((4096 * (req->segment + 1) + req->total_segments - 1) / req->total_segments) - 1;
    }
  if (req->start_key)
    {
      entry_key_from (&esk, req->start_key, r.keys, r.table_keys);
      have_esk = TRUE;
      esk_hash = placement_hash (esk.pk);
      if (req->has_total_segments && req->total_segments > 1
          && ((esk_hash >> 12) < seg_lo || (esk_hash >> 12) > seg_hi))
        {
          fail (error, "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. "
                "TotalSegments: %" G_GINT64_FORMAT " Segment: %" G_GINT64_FORMAT,
                req->total_segments, req->segment);
          goto out;
        }
    }
  if (!check_key_paths (r.table, projection_nested, req->projection, error))
    goto out;
  if (!check_key_paths (r.table, filter_nested, req->filter, error))
    goto out;

  result = result_new (KS_OPERATION_SCAN);
  r.result = result;
  n_parts = ks_view_get_n_partitions (r.view);
  parts = g_array_sized_new (FALSE, FALSE, sizeof (Placement), n_parts);
  for (guint i = 0; i < n_parts; i++)
    {
      Placement pl;

      ks_view_get_partition (r.view, i, &pl.start, &pl.end);
      pl.pk = ks_view_get_entry (r.view, pl.start)->pk;
      pl.hash = placement_hash (pl.pk);
      if ((pl.hash >> 12) < seg_lo || (pl.hash >> 12) > seg_hi)
        continue;
      g_array_append_val (parts, pl);
    }
  g_array_sort (parts, placement_compare);
  for (guint p = 0; p < parts->len && !reader_full (&r); p++)
    {
      Placement *pl = &g_array_index (parts, Placement, p);
      guint from = pl->start;

      if (have_esk)
        {
          Placement key = { 0, 0, esk_hash, esk.pk };
          int c = placement_compare (pl, &key);

          if (c < 0)
            continue;
          if (c == 0)
            while (from < pl->end && ks_view_compare_entries (r.view, ks_view_get_entry (r.view, from), &esk) <= 0)
              from++;
        }
      for (guint i = from; i < pl->end && !reader_full (&r); i++)
        reader_take (&r, ks_view_get_entry (r.view, i));
    }
  reader_finish (&r);
  reader_clear (&r);
  entry_key_clear (&esk);
  return g_steal_pointer (&result);

out:
  reader_clear (&r);
  entry_key_clear (&esk);
  return NULL;
}

/* GetItem ---------------------------------------------------------------------------- */

static KsQueryResult *
run_get_item (KsEngine *engine, KsRequest *req, GError **error)
{
  KsDesign *design = ks_engine_get_design (engine);
  KsTable *table = ks_design_find_table (design, req->table);
  const KsKeySchema *keys;
  KsView *view;
  KsQueryResult *result;
  KsEntry key;
  guint start, end;

  if (table == NULL || (view = ks_engine_get_view (engine, req->table, NULL)) == NULL)
    {
      g_set_error_literal (error, KS_ERROR, KS_ERROR_RESOURCE_NOT_FOUND, "Requested resource not found");
      return NULL;
    }
  keys = ks_table_get_key_schema (table);
  if (!check_table_key (req->key, keys, error))
    return NULL;
  if (!check_key_paths (table, projection_nested, req->projection, error))
    return NULL;

  result = result_new (KS_OPERATION_GET_ITEM);
  entry_key_from (&key, req->key, keys, keys);
  if (ks_view_find_partition (view, key.pk, &start, &end))
    {
      guint lo = start, hi = end;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;
          if (ks_view_compare_entries (view, ks_view_get_entry (view, mid), &key) < 0)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo < end && ks_view_compare_entries (view, ks_view_get_entry (view, lo), &key) == 0)
        {
          const KsEntry *e = ks_view_get_entry (view, lo);
          KsValue *final = ks_item_get_final (e->item);

          result->found = TRUE;
          result->count = result->scanned_count = 1;
          g_ptr_array_add (result->items, ks_item_ref (e->item));
          g_ptr_array_add (result->values, req->projection ? ks_projection_expr_apply (req->projection, final)
                                                          : ks_value_ref (final));
        }
    }
  entry_key_clear (&key);
  return result;
}

/* Public API ---------------------------------------------------------------------- */

/**
 * ks_query_run:
 * @engine: the engine holding the sample data
 * @request: a request from ks_request_parse()
 * @error: return location for DynamoDB's error
 *
 * Runs @request on the engine's current views.
 *
 * Returns: (transfer full): the result, or %NULL with @error set.
 */
KsQueryResult *
ks_query_run (KsEngine   *engine,
              KsRequest  *request,
              GError    **error)
{
  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  switch (request->op)
    {
    case KS_OPERATION_QUERY:
      return run_query (engine, request, error);
    case KS_OPERATION_SCAN:
      return run_scan (engine, request, error);
    case KS_OPERATION_GET_ITEM:
      return run_get_item (engine, request, error);
    default:
      g_return_val_if_reached (NULL);
    }
}

JsonNode *
ks_query_result_to_json (KsQueryResult *result)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (result != NULL, NULL);

  if (result->operation == KS_OPERATION_GET_ITEM)
    {
      if (result->found)
        json_object_set_member (obj, "Item", ks_item_to_ddb_json (result->values->pdata[0]));
    }
  else
    {
      if (!result->select_count)
        {
          JsonArray *items = json_array_sized_new (result->values->len);
          for (guint i = 0; i < result->values->len; i++)
            json_array_add_element (items, ks_item_to_ddb_json (result->values->pdata[i]));
          json_object_set_array_member (obj, "Items", items);
        }
      json_object_set_int_member (obj, "Count", result->count);
      json_object_set_int_member (obj, "ScannedCount", result->scanned_count);
      if (result->last_evaluated_key)
        json_object_set_member (obj, "LastEvaluatedKey",
                                ks_item_to_ddb_json (result->last_evaluated_key));
    }
  json_node_take_object (node, obj);
  return node;
}

JsonNode *
ks_query_execute (KsEngine    *engine,
                  const char  *operation,
                  JsonNode    *request,
                  GError     **error)
{
  KsOperation op = ks_operation_from_string (operation);
  g_autoptr(KsRequest) req = NULL;
  g_autoptr(KsQueryResult) result = NULL;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);

  if (op == KS_OPERATION_INVALID)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "unknown operation \"%s\" (expected Query, Scan or GetItem)",
                   operation ? operation : "(null)");
      return NULL;
    }
  if ((req = ks_request_parse (op, request, error)) == NULL)
    return NULL;
  if ((result = ks_query_run (engine, req, error)) == NULL)
    return NULL;
  return ks_query_result_to_json (result);
}

JsonNode *
ks_query_error_to_json (const GError *error)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  const char *type = "com.amazon.coral.validate#ValidationException";

  if (error->domain == KS_ERROR && error->code == KS_ERROR_RESOURCE_NOT_FOUND)
    type = "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException";
  else if (error->domain == KS_ERROR && error->code == KS_ERROR_PARSE)
    type = "com.amazon.coral.service#SerializationException";
  json_object_set_string_member (obj, "__type", type);
  json_object_set_string_member (obj, "message", error->message);
  json_node_take_object (node, obj);
  return node;
}
