/* fuzz-expression.c: DynamoDB expressions and requests (ks-expr.h,
 * ks-query.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte choosing the mode, then
 *
 *   0–3  a KeyConditionExpression, FilterExpression, ConditionExpression or
 *        ProjectionExpression up to a newline, then optionally a JSON object
 *        with the request's ExpressionAttributeNames and
 *        ExpressionAttributeValues (without it, a fixed set of placeholders:
 *        #pk #sk #n #dot #l and :s :n :b :t :z :l :m :ss :ns :e);
 *   4    one byte choosing Query, Scan or GetItem, then the request's JSON,
 *        run through ks_query_execute() on a small fixed design (a table
 *        with a sort key, GSIs with each projection, a numeric sort key, a
 *        multi-attribute GSI and an LSI).
 *
 * A parsed expression is evaluated on a few items and, for key conditions
 * and projections, taken apart as the query engine does.
 */
#include "config.h"

#include <string.h>

#include "ks-engine.h"
#include "ks-io.h"
#include "ks-json-reader.h"
#include "ks-json-writer.h"
#include "ks-query.h"
#include "ks-fuzz.h"

static const char design_json[] =
  "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"Fuzz\","
  " \"tables\": [{\"name\": \"T\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},"
  "   \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"}, \"typeAttribute\": \"_type\","
  "   \"indexes\": ["
  "    {\"name\": \"GSI1\", \"kind\": \"GSI\", \"partitionKey\": {\"name\": \"GSI1PK\", \"type\": \"S\"},"
  "     \"sortKey\": {\"name\": \"GSI1SK\", \"type\": \"S\"},"
  "     \"projection\": {\"type\": \"INCLUDE\", \"attributes\": [\"total\", \"status\"]}},"
  "    {\"name\": \"ByScore\", \"kind\": \"GSI\", \"partitionKey\": {\"name\": \"GSI2PK\", \"type\": \"S\"},"
  "     \"sortKey\": {\"name\": \"score\", \"type\": \"N\"}, \"projection\": {\"type\": \"KEYS_ONLY\"}},"
  "    {\"name\": \"ByRegion\", \"kind\": \"GSI\","
  "     \"partitionKey\": [{\"name\": \"tenantId\", \"type\": \"S\"}, {\"name\": \"region\", \"type\": \"S\"}],"
  "     \"sortKey\": [{\"name\": \"createdAt\", \"type\": \"S\"}], \"projection\": {\"type\": \"ALL\"}},"
  "    {\"name\": \"LSI1\", \"kind\": \"LSI\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},"
  "     \"sortKey\": {\"name\": \"LSI1SK\", \"type\": \"S\"}, \"projection\": {\"type\": \"ALL\"}}]}],"
  " \"entities\": ["
  "  {\"name\": \"User\", \"table\": \"T\","
  "   \"attributes\": [{\"name\": \"userId\", \"type\": \"S\", \"required\": true},"
  "     {\"name\": \"score\", \"type\": \"N\"}, {\"name\": \"tags\", \"type\": \"SS\"},"
  "     {\"name\": \"blob\", \"type\": \"B\"}, {\"name\": \"nums\", \"type\": \"NS\"}],"
  "   \"keys\": {\"PK\": \"USER#${userId}\", \"SK\": \"PROFILE\", \"GSI2PK\": \"TENANT#${tenantId}\","
  "     \"LSI1SK\": \"JOINED#${createdAt}\"},"
  "   \"items\": ["
  "    {\"userId\": \"u1\", \"tenantId\": \"t1\", \"region\": \"eu\", \"createdAt\": \"2024-01-05\", \"score\": 42,"
  "     \"active\": true, \"tags\": [\"admin\", \"beta\"], \"nums\": [1, 2.5], \"blob\": \"AAE=\","
  "     \"prefs\": {\"theme\": \"dark\", \"digest\": {\"daily\": true}}, \"list\": [1, [2, {\"x\": 3}], \"y\"],"
  "     \"a.b\": \"dotted\", \"nothing\": null},"
  "    {\"userId\": \"u2\", \"tenantId\": \"t1\", \"region\": \"us\", \"createdAt\": \"2024-02-11\", \"score\": -7,"
  "     \"active\": false, \"tags\": [\"beta\"]},"
  "    {\"userId\": \"u3\", \"tenantId\": \"t2\", \"region\": \"eu\", \"createdAt\": \"2023-12-24\","
  "     \"score\": 12345678901234567890123456789012345678}]},"
  "  {\"name\": \"Order\", \"table\": \"T\","
  "   \"attributes\": [{\"name\": \"userId\", \"type\": \"S\", \"required\": true},"
  "     {\"name\": \"orderId\", \"type\": \"S\", \"required\": true}, {\"name\": \"total\", \"type\": \"N\"}],"
  "   \"keys\": {\"PK\": \"USER#${userId}\", \"SK\": \"ORDER#${orderId}\", \"GSI1PK\": \"STATUS#${status}\","
  "     \"GSI1SK\": \"${createdAt}#${orderId}\", \"LSI1SK\": \"ORDER#${createdAt}\"},"
  "   \"items\": ["
  "    {\"userId\": \"u1\", \"orderId\": \"o1\", \"status\": \"SHIPPED\", \"createdAt\": \"2024-03-01\","
  "     \"total\": 12.5, \"lines\": [{\"sku\": \"A-1\", \"qty\": 2}]},"
  "    {\"userId\": \"u1\", \"orderId\": \"o2\", \"status\": \"PENDING\", \"createdAt\": \"2024-03-02\", \"total\": 99},"
  "    {\"userId\": \"u1\", \"orderId\": \"o3\", \"status\": \"PENDING\", \"createdAt\": \"2024-03-02\", \"total\": 0},"
  "    {\"userId\": \"u2\", \"orderId\": \"o4\", \"status\": \"SHIPPED\", \"createdAt\": \"2024-03-05\","
  "     \"total\": 0.99, \"lines\": []}]}],"
  " \"accessPatterns\": []}";

static const char fixed_names[] =
  "{\"#pk\": \"PK\", \"#sk\": \"SK\", \"#n\": \"name\", \"#dot\": \"a.b\", \"#l\": \"list\"}";
static const char fixed_values[] =
  "{\":s\": {\"S\": \"USER#u1\"}, \":n\": {\"N\": \"42\"}, \":b\": {\"B\": \"AAE=\"},"
  " \":t\": {\"BOOL\": true}, \":z\": {\"NULL\": true}, \":l\": {\"L\": [{\"N\": \"1\"}, {\"S\": \"x\"}]},"
  " \":m\": {\"M\": {\"k\": {\"S\": \"v\"}}}, \":ss\": {\"SS\": [\"a\", \"b\"]}, \":ns\": {\"NS\": [\"1\", \"2.5\"]},"
  " \":e\": {\"S\": \"\"}}";

static KsEngine *
fixed_engine (void)
{
  static KsEngine *engine;

  if (engine == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KsDesign) design = ks_io_load_data (design_json, sizeof design_json - 1,
                                                    "fuzz.keyshape.json", NULL, &error);
      if (design == NULL)
        g_error ("the fixed design does not load: %s", error->message);
      engine = ks_engine_new (design);
    }
  return engine;
}

static JsonNode *
parse_json (const char *text, gsize len)
{
  return ks_json_parse_node (text, len, NULL);
}

static KsExprContext *
make_context (const char *json, gsize len)
{
  g_autoptr(KsExprContext) ctx = ks_expr_context_new ();
  g_autoptr(JsonNode) names = NULL;
  g_autoptr(JsonNode) values = NULL;

  if (json == NULL)
    {
      names = parse_json (fixed_names, sizeof fixed_names - 1);
      values = parse_json (fixed_values, sizeof fixed_values - 1);
      if (!ks_expr_context_set_names (ctx, names, NULL) ||
          !ks_expr_context_set_values (ctx, values, NULL))
        g_error ("the fixed placeholders are refused");
    }
  else
    {
      g_autoptr(JsonNode) root = parse_json (json, len);
      JsonObject *obj;

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return NULL;
      obj = json_node_get_object (root);
      if (!ks_expr_context_set_names (ctx, json_object_get_member (obj, "ExpressionAttributeNames"), NULL) ||
          !ks_expr_context_set_values (ctx, json_object_get_member (obj, "ExpressionAttributeValues"), NULL))
        return NULL;
    }
  return g_steal_pointer (&ctx);
}

static void
evaluate_on_items (KsCondition      *cond,
                   KsProjectionExpr *proj)
{
  KsEngine *engine = fixed_engine ();
  KsView *table = g_ptr_array_index (ks_engine_get_views (engine), 0);

  for (guint i = 0; i < ks_view_get_n_entries (table); i++)
    {
      const KsEntry *entry = ks_view_get_entry (table, i);
      const KsValue *item = entry->item->final;

      if (cond != NULL)
        (void) ks_condition_evaluate (cond, item);
      if (proj != NULL)
        {
          g_autoptr(KsValue) projected = ks_projection_expr_apply (proj, item);
          if (projected == NULL || ks_value_get_type (projected) != KS_TYPE_M)
            g_error ("a projection yields no map");
        }
    }
}

static int
fuzz_expression (KsExprKind    kind,
                 const guint8 *data,
                 gsize         size)
{
  g_autoptr(KsExprContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *nl = memchr (data, '\n', size);
  gsize text_len = nl ? (gsize) (nl - (const char *) data) : size;

  text = g_strndup ((const char *) data, text_len);
  if (nl != NULL)
    ctx = make_context (nl + 1, size - text_len - 1);
  else
    ctx = make_context (NULL, 0);
  if (ctx == NULL)
    return 0;

  if (kind == KS_EXPR_PROJECTION)
    {
      g_autoptr(KsProjectionExpr) proj = ks_projection_expr_parse (text, ctx, &error);

      if (proj == NULL)
        {
          if (error == NULL)
            g_error ("a projection is refused without an error");
          return 0;
        }
      for (guint i = 0; i < ks_projection_expr_get_n_paths (proj); i++)
        {
          const KsPath *path = ks_projection_expr_get_path (proj, i);
          g_autofree char *str = ks_path_to_string (path);

          if (path->n_elems == 0 || path->elems[0].name == NULL)
            g_error ("projection path %s does not start with a name", str);
          (void) ks_projection_expr_has_nested_path (proj, path->elems[0].name);
        }
      evaluate_on_items (NULL, proj);
    }
  else
    {
      g_autoptr(KsCondition) cond = ks_condition_parse (text, kind, ctx, &error);

      if (cond == NULL)
        {
          if (error == NULL)
            g_error ("an expression is refused without an error");
          return 0;
        }
      if (ks_condition_get_root (cond) == NULL)
        g_error ("a parsed expression has no root");
      (void) ks_condition_references (cond, "PK");
      (void) ks_condition_has_nested_path (cond, "list");
      if (kind == KS_EXPR_KEY_CONDITION)
        {
          g_autoptr(GArray) clauses = ks_condition_get_key_clauses (cond, &error);

          if (clauses == NULL && error == NULL)
            g_error ("key clauses are refused without an error");
          for (guint i = 0; clauses && i < clauses->len; i++)
            if (g_array_index (clauses, KsKeyClause, i).attr == NULL)
              g_error ("key clause %u names no attribute", i);
        }
      evaluate_on_items (cond, NULL);
    }
  g_clear_error (&error);
  (void) ks_expr_context_check_unused (ctx, &error);
  return 0;
}

static int
fuzz_request (const guint8 *data,
              gsize         size)
{
  static const char *operations[] = { "Query", "Scan", "GetItem" };
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *operation;

  if (size == 0)
    return -1;
  operation = operations[data[0] % G_N_ELEMENTS (operations)];
  request = ks_json_parse_node ((const char *) data + 1, size - 1, NULL);
  if (request == NULL)
    return 0;
  response = ks_query_execute (fixed_engine (), operation, request, &error);
  if (response == NULL)
    {
      if (error == NULL)
        g_error ("a %s request is refused without an error", operation);
      response = ks_query_error_to_json (error);
    }
  text = ks_json_to_string (response, TRUE);
  if (text == NULL || text[0] != '{')
    g_error ("a %s response is not a JSON object: %s", operation, text);
  return 0;
}

int
ks_fuzz_expression (const guint8 *data,
                    gsize         size)
{
  static const KsExprKind kinds[] = {
    KS_EXPR_KEY_CONDITION, KS_EXPR_FILTER, KS_EXPR_CONDITION, KS_EXPR_PROJECTION,
  };
  guint mode;

  if (size == 0)
    return -1;
  mode = data[0] % 5;
  if (mode == 4)
    return fuzz_request (data + 1, size - 1);
  return fuzz_expression (kinds[mode], data + 1, size - 1);
}

KS_FUZZ_MAIN (ks_fuzz_expression)
