/* test-expr.c: DynamoDB expressions — parsing, errors, evaluation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-expr.h"

static JsonNode *
json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static KsExprContext *
context (const char *names, const char *values)
{
  KsExprContext *ctx = ks_expr_context_new ();
  g_autoptr(GError) error = NULL;

  if (names)
    {
      g_autoptr(JsonNode) n = json (names);
      ks_expr_context_set_names (ctx, n, &error);
      g_assert_no_error (error);
    }
  if (values)
    {
      g_autoptr(JsonNode) v = json (values);
      ks_expr_context_set_values (ctx, v, &error);
      g_assert_no_error (error);
    }
  return ctx;
}

/* The error (or NULL) of one expression. */
static char *
parse_error (KsExprKind kind, const char *text, const char *names, const char *values)
{
  g_autoptr(KsExprContext) ctx = context (names, values);
  g_autoptr(GError) error = NULL;

  if (kind == KS_EXPR_PROJECTION)
    {
      g_autoptr(KsProjectionExpr) p = ks_projection_expr_parse (text, ctx, &error);
      return error ? g_strdup (error->message) : NULL;
    }
  else
    {
      g_autoptr(KsCondition) c = ks_condition_parse (text, kind, ctx, &error);
      if (c && kind == KS_EXPR_KEY_CONDITION)
        {
          g_autoptr(GArray) clauses = ks_condition_get_key_clauses (c, &error);
        }
      return error ? g_strdup (error->message) : NULL;
    }
}

typedef struct
{
  KsExprKind  kind;
  const char *text;
  const char *names;
  const char *values;
  const char *message;   /* NULL: accepted */
} ErrorCase;

static const ErrorCase error_cases[] = {
  { KS_EXPR_FILTER, "a = :v", NULL, "{\":v\": {\"S\": \"x\"}}", NULL },
  { KS_EXPR_FILTER, "", NULL, NULL, "Invalid FilterExpression: The expression can not be empty;" },
  { KS_EXPR_FILTER, "a = :missing", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :missing" },
  { KS_EXPR_FILTER, "#missing = :v", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #missing" },
  { KS_EXPR_FILTER, "status = :v", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: status" },
  { KS_EXPR_FILTER, "a.Size = :v", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: Size" },
  { KS_EXPR_FILTER, "#s = :v", "{\"#s\": \"status\"}", "{\":v\": {\"S\": \"x\"}}", NULL },
  { KS_EXPR_FILTER, "((a = :v))", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid FilterExpression: The expression has redundant parentheses;" },
  { KS_EXPR_FILTER, "((a) = :v)", NULL, "{\":v\": {\"S\": \"x\"}}", NULL },
  { KS_EXPR_FILTER, "(a = :v) AND ((b = :v) OR c = :v)", NULL, "{\":v\": {\"S\": \"x\"}}", NULL },
  { KS_EXPR_FILTER, "contains(data, :v)", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: data" },
  { KS_EXPR_FILTER, "contains(#d, #d) AND a = a", "{\"#d\": \"data\"}", NULL,
    "Invalid FilterExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [data]" },
  { KS_EXPR_FILTER, "foo(a)", NULL, NULL, "Invalid FilterExpression: Invalid function name; function: foo" },
  { KS_EXPR_FILTER, "size(a)", NULL, NULL,
    "Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: size" },
  { KS_EXPR_FILTER, "size(a) > :n", NULL, "{\":n\": {\"N\": \"1\"}}", NULL },
  { KS_EXPR_FILTER, "size(:n) > :n", NULL, "{\":n\": {\"N\": \"1\"}}",
    "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N" },
  { KS_EXPR_FILTER, "begins_with(a, :n)", NULL, "{\":n\": {\"N\": \"1\"}}",
    "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N" },
  { KS_EXPR_FILTER, "begins_with(a)", NULL, NULL,
    "Invalid FilterExpression: Incorrect number of operands for operator or function; operator or function: begins_with, number of operands: 1" },
  { KS_EXPR_FILTER, "attribute_exists(:v)", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid FilterExpression: Operator or function requires a document path; operator or function: attribute_exists" },
  { KS_EXPR_FILTER, "attribute_type(a, :t)", NULL, "{\":t\": {\"S\": \"X\"}}",
    "Invalid FilterExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}" },
  { KS_EXPR_FILTER, "attribute_type(a, b)", NULL, NULL,
    "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}" },
  { KS_EXPR_FILTER, "a BETWEEN :b AND :a", NULL, "{\":a\": {\"S\": \"a\"}, \":b\": {\"S\": \"b\"}}",
    "Invalid FilterExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}" },
  { KS_EXPR_FILTER, "a BETWEEN :n AND :s", NULL, "{\":n\": {\"N\": \"1\"}, \":s\": {\"S\": \"a\"}}",
    "Invalid FilterExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}" },
  { KS_EXPR_FILTER, "a < :b", NULL, "{\":b\": {\"BOOL\": true}}",
    "Invalid FilterExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL" },
  { KS_EXPR_FILTER, "a = :b", NULL, "{\":b\": {\"BOOL\": true}}", NULL },
  { KS_EXPR_FILTER, "a = attribute_exists(b)", NULL, NULL,
    "Invalid FilterExpression: The function is not allowed to be used this way in an expression; function: attribute_exists" },
  { KS_EXPR_FILTER, "a IN (:v, :w)", NULL, "{\":v\": {\"S\": \"x\"}, \":w\": {\"N\": \"2\"}}", NULL },
  { KS_EXPR_FILTER, "NOT NOT a = :v", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid FilterExpression: Syntax error; token: \"NOT\", near: \"NOT NOT a\"" },
  { KS_EXPR_FILTER, "a = :v !!", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid FilterExpression: Syntax error; token: \"!\", near: \":v !!\"" },
  { KS_EXPR_FILTER, "a = ", NULL, NULL, "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"=\"" },
  { KS_EXPR_FILTER, "a.b[2].c = :v AND #x[0] <> :v", "{\"#x\": \"x y\"}", "{\":v\": {\"S\": \"x\"}}", NULL },
  /* key conditions */
  { KS_EXPR_KEY_CONDITION, "pk = :v AND begins_with(sk, :v)", NULL, "{\":v\": {\"S\": \"x\"}}", NULL },
  { KS_EXPR_KEY_CONDITION, "pk = :v OR sk = :v", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid operator used in KeyConditionExpression: OR" },
  { KS_EXPR_KEY_CONDITION, "pk = :v AND attribute_exists(sk)", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid operator used in KeyConditionExpression: attribute_exists" },
  { KS_EXPR_KEY_CONDITION, "pk = :v AND pk = :v", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key" },
  { KS_EXPR_KEY_CONDITION, "pk = sk", NULL, NULL,
    "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition" },
  { KS_EXPR_KEY_CONDITION, "pk.x = :v", NULL, "{\":v\": {\"S\": \"x\"}}",
    "KeyConditionExpressions cannot have conditions on nested attributes" },
  { KS_EXPR_KEY_CONDITION, "size(pk) = :n", NULL, "{\":n\": {\"N\": \"1\"}}",
    "KeyConditionExpressions cannot contain nested operations" },
  { KS_EXPR_KEY_CONDITION, ":v BETWEEN pk AND :v", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand" },
  { KS_EXPR_KEY_CONDITION, "((pk = :v))", NULL, "{\":v\": {\"S\": \"x\"}}",
    "Invalid KeyConditionExpression: The expression has redundant parentheses;" },
  /* projections */
  { KS_EXPR_PROJECTION, "a, b.c, d[3], #e.f[1]", "{\"#e\": \"e-e\"}", NULL, NULL },
  { KS_EXPR_PROJECTION, "a, a", NULL, NULL,
    "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]" },
  { KS_EXPR_PROJECTION, "a.b, a[0]", NULL, NULL,
    "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]" },
  { KS_EXPR_PROJECTION, "a, name", NULL, NULL,
    "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name" },
  { KS_EXPR_PROJECTION, "a,", NULL, NULL,
    "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"" },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      g_autofree char *msg = parse_error (c->kind, c->text, c->names, c->values);

      if (g_strcmp0 (msg, c->message) != 0)
        g_error ("%s: expected %s, got %s", c->text,
                 c->message ? c->message : "(accepted)", msg ? msg : "(accepted)");
    }
}

static void
test_placeholders (void)
{
  g_autoptr(KsExprContext) ctx = ks_expr_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) names = json ("{\"#a\": \"a\", \"#unused\": \"b\", \"#u2\": \"c\"}");
  g_autoptr(JsonNode) values = json ("{\":v\": {\"S\": \"x\"}, \":w\": {\"N\": \"1\"}}");
  g_autoptr(JsonNode) bad_key = json ("{\"v\": {\"S\": \"x\"}}");
  g_autoptr(JsonNode) bad_value = json ("{\":v\": {\"N\": \"abc\"}}");
  g_autoptr(JsonNode) empty_set = json ("{\":v\": {\"SS\": []}}");
  g_autoptr(KsCondition) cond = NULL;

  g_assert_true (ks_expr_context_set_names (ctx, names, &error));
  g_assert_true (ks_expr_context_set_values (ctx, values, &error));
  cond = ks_condition_parse ("#a = :v", KS_EXPR_FILTER, ctx, &error);
  g_assert_no_error (error);
  g_assert_false (ks_expr_context_check_unused (ctx, &error));
  g_assert_cmpstr (error->message, ==,
                   "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused, #u2}");
  g_clear_error (&error);

  {
    g_autoptr(KsExprContext) c2 = ks_expr_context_new ();
    g_assert_false (ks_expr_context_set_values (c2, bad_key, &error));
    g_assert_cmpstr (error->message, ==, "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
    g_clear_error (&error);
  }
  {
    g_autoptr(KsExprContext) c2 = ks_expr_context_new ();
    g_assert_false (ks_expr_context_set_values (c2, bad_value, &error));
    g_assert_cmpstr (error->message, ==,
                     "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: abc for key :v");
    g_clear_error (&error);
  }
  {
    g_autoptr(KsExprContext) c2 = ks_expr_context_new ();
    g_assert_false (ks_expr_context_set_values (c2, empty_set, &error));
    g_assert_cmpstr (error->message, ==,
                     "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v");
  }
}

static void
test_reserved (void)
{
  g_assert_cmpuint (ks_reserved_words_count (), ==, 573);
  g_assert_true (ks_is_reserved_word ("ABORT"));
  g_assert_true (ks_is_reserved_word ("zone"));
  g_assert_true (ks_is_reserved_word ("Status"));
  g_assert_false (ks_is_reserved_word ("customerId"));
  g_assert_true (ks_attribute_name_needs_alias ("year"));
  g_assert_true (ks_attribute_name_needs_alias ("1star"));
  g_assert_true (ks_attribute_name_needs_alias ("a-b"));
  g_assert_false (ks_attribute_name_needs_alias ("GSI1PK"));
}

static gboolean
eval (const char *text, const char *item_json, const char *values)
{
  g_autoptr(KsExprContext) ctx = context ("{\"#s\": \"status\"}", values);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json (item_json);
  g_autoptr(KsValue) item = ks_item_from_ddb_json (node, "item", &error);
  g_autoptr(KsCondition) cond = NULL;

  g_assert_no_error (error);
  cond = ks_condition_parse (text, KS_EXPR_FILTER, ctx, &error);
  g_assert_no_error (error);
  return ks_condition_evaluate (cond, item);
}

static void
test_evaluate (void)
{
  const char *item = "{\"s\": {\"S\": \"héllo\"}, \"n\": {\"N\": \"10\"}, \"m\": {\"N\": \"9\"},"
                     " \"b\": {\"B\": \"gP8=\"}, \"ss\": {\"SS\": [\"x\", \"y\"]},"
                     " \"l\": {\"L\": [{\"S\": \"a\"}, {\"M\": {\"k\": {\"N\": \"1\"}}}]},"
                     " \"mp\": {\"M\": {\"deep\": {\"L\": [{\"N\": \"5\"}]}}}, \"status\": {\"S\": \"open\"}}";
  const char *vals = "{\":s\": {\"S\": \"h\"}, \":z\": {\"S\": \"z\"}, \":n\": {\"N\": \"9.5\"},"
                     " \":six\": {\"N\": \"6\"}, \":x\": {\"S\": \"x\"}, \":b\": {\"B\": \"gA==\"},"
                     " \":open\": {\"S\": \"open\"}, \":one\": {\"N\": \"1\"}, \":t\": {\"S\": \"SS\"}}";

  g_assert_true (eval ("begins_with(s, :s) AND s < :z", item, vals));
  g_assert_true (eval ("n > :n AND NOT (m > :n)", item, vals));   /* numeric, not text order */
  g_assert_true (eval ("size(s) = :six", item, vals));            /* UTF-8 bytes */
  g_assert_true (eval ("contains(ss, :x) AND attribute_type(ss, :t)", item, vals));
  g_assert_true (eval ("begins_with(b, :b) AND b > :b", item, vals)); /* unsigned bytes */
  g_assert_true (eval ("l[1].k = :one AND mp.deep[0] BETWEEN :one AND :six", item, vals));
  g_assert_true (eval ("#s IN (:x, :open) AND attribute_not_exists(nope.x)", item, vals));
  g_assert_true (eval ("nope <> :x AND NOT (nope = :x) AND NOT (nope < :x)", item, vals));
  g_assert_false (eval ("s = :s OR l[5] = :s", item, vals));
}

static void
test_projection_apply (void)
{
  g_autoptr(KsExprContext) ctx = context (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json ("{\"a\": {\"L\": [{\"S\": \"0\"}, {\"S\": \"1\"}, {\"M\": {\"x\": {\"S\": \"2x\"}, \"y\": {\"S\": \"2y\"}}}]},"
                                   " \"b\": {\"N\": \"1\"}, \"c\": {\"S\": \"c\"}}");
  g_autoptr(KsValue) item = ks_item_from_ddb_json (node, "item", &error);
  g_autoptr(KsProjectionExpr) proj = ks_projection_expr_parse ("a[2].y, absent, a[1], b", ctx, &error);
  g_autoptr(KsValue) out = NULL;
  g_autoptr(JsonNode) out_json = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  out = ks_projection_expr_apply (proj, item);
  out_json = ks_item_to_ddb_json (out);
  text = json_to_string (out_json, FALSE);
  g_assert_cmpstr (text, ==, "{\"a\":{\"L\":[{\"S\":\"1\"},{\"M\":{\"y\":{\"S\":\"2y\"}}}]},\"b\":{\"N\":\"1\"}}");
}

static void
test_hostile (void)
{
  g_autoptr(KsExprContext) ctx = context (NULL, "{\":v\": {\"S\": \"x\"}}");
  GString *deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsCondition) c = NULL;

  /* 1,000 levels of parentheses parse in linear time (packrat) */
  for (guint i = 0; i < 1000; i++)
    g_string_append_c (deep, '(');
  g_string_append (deep, "a = :v");
  for (guint i = 0; i < 1000; i++)
    g_string_append_c (deep, ')');
  c = ks_condition_parse (deep->str, KS_EXPR_FILTER, ctx, &error);
  g_assert_null (c);
  g_assert_cmpstr (error->message, ==, "Invalid FilterExpression: The expression has redundant parentheses;");
  g_clear_error (&error);

  /* over DynamoDB's 4 KB limit */
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 3000; i++)
    g_string_append (deep, "a = :v OR ");
  g_string_append (deep, "a = :v");
  g_assert_null (ks_condition_parse (deep->str, KS_EXPR_FILTER, ctx, &error));
  g_assert_true (g_str_has_prefix (error->message, "Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: "));
  g_clear_error (&error);

  /* odd Unicode and control characters give a syntax error, not a crash */
  g_assert_null (ks_condition_parse ("a = :v AND \xf0\x9f\x98\x80 = :v", KS_EXPR_FILTER, ctx, &error));
  g_assert_cmpstr (error->message, ==, "Invalid FilterExpression: Syntax error; token: \"\xf0\x9f\x98\x80\", near: \"AND \xf0\x9f\x98\x80 =\"");
  g_clear_error (&error);
  g_assert_null (ks_condition_parse ("a\x01 = :v", KS_EXPR_FILTER, ctx, &error));
  g_clear_error (&error);
  /* an index past any list: accepted, matches nothing */
  {
    g_autoptr(KsCondition) big = ks_condition_parse ("a[99999999999999999999999] = :v", KS_EXPR_FILTER, ctx, &error);
    g_assert_no_error (error);
    g_assert_nonnull (big);
  }
  g_string_free (deep, TRUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyshape/expr/errors", test_errors);
  g_test_add_func ("/keyshape/expr/placeholders", test_placeholders);
  g_test_add_func ("/keyshape/expr/reserved", test_reserved);
  g_test_add_func ("/keyshape/expr/evaluate", test_evaluate);
  g_test_add_func ("/keyshape/expr/projection", test_projection_apply);
  g_test_add_func ("/keyshape/expr/hostile", test_hostile);
  return g_test_run ();
}
