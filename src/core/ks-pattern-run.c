/* ks-pattern-run.c: running an access pattern on the sample data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pattern (DESIGN.md §2, §5) becomes a concrete API request: its key
 * templates are rendered with the pattern's parameters, its filter gets its
 * :values from the parameters, and the request runs through the same query
 * engine as keyshape-cli query, so a pattern passes exactly when DynamoDB
 * would serve it that way.
 */
#define G_LOG_DOMAIN "keyshape-pattern"

#include "config.h"

#include <string.h>

#include "ks-design.h"
#include "ks-entity.h"
#include "ks-error.h"
#include "ks-index.h"
#include "ks-item.h"
#include "ks-pattern-run.h"
#include "ks-table.h"
#include "ks-template.h"

const char *
ks_served_by_to_string (KsServedBy served_by)
{
  switch (served_by)
    {
    case KS_SERVED_BY_GET_ITEM:
      return "GetItem";
    case KS_SERVED_BY_QUERY:
      return "Query";
    case KS_SERVED_BY_SCAN:
      return "Scan";
    default:
      return NULL;
    }
}

void
ks_pattern_run_free (KsPatternRun *run)
{
  if (run == NULL)
    return;
  g_clear_object (&run->pattern);
  g_clear_pointer (&run->request, json_node_unref);
  g_clear_pointer (&run->result, ks_query_result_free);
  g_clear_error (&run->error);
  g_clear_pointer (&run->unexpected, g_ptr_array_unref);
  g_free (run);
}

static KsValue *
lookup_parameter (const char *name, gpointer data)
{
  return data ? ks_value_lookup (data, name) : NULL;
}

/* Renders a value template of the pattern for a key attribute of @type. */
static KsValue *
render (KsPattern *pattern, const char *text, const char *attr, KsType type, GError **error)
{
  g_autoptr(KsTemplate) tmpl = NULL;
  g_autoptr(GError) local = NULL;
  KsValue *out = NULL;
  const char *missing = NULL;

  tmpl = ks_template_parse (text ? text : "", KS_TEMPLATE_STRICT, NULL, &local);
  if (tmpl == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "pattern \"%s\": key %s: %s",
                   ks_pattern_get_name (pattern), attr, local->message);
      return NULL;
    }
  switch (ks_template_render_with (tmpl, lookup_parameter, ks_pattern_get_parameters (pattern),
                                   type, &out, &missing, NULL, &local))
    {
    case KS_RENDER_OK:
      return out;
    case KS_RENDER_MISSING:
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "pattern \"%s\": key %s: the parameter \"%s\" has no sample value",
                   ks_pattern_get_name (pattern), attr, missing);
      return NULL;
    default:
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "pattern \"%s\": key %s: %s",
                   ks_pattern_get_name (pattern), attr, local ? local->message : "cannot render");
      return NULL;
    }
}

typedef struct
{
  JsonObject *names;
  JsonObject *values;
  guint       n;
} Placeholders;

static char *
add_name (Placeholders *ph, const char *attr)
{
  char *key = g_strdup_printf ("#k%u", ph->n);
  json_object_set_string_member (ph->names, key, attr);
  return key;
}

static char *
add_value (Placeholders *ph, KsValue *value)
{
  char *key = g_strdup_printf (":k%u", ph->n++);
  json_object_set_member (ph->values, key, ks_value_to_ddb_json (value));
  return key;
}

static const char *
op_text (KsSortOp op)
{
  switch (op)
    {
    case KS_OP_EQ: return "=";
    case KS_OP_LT: return "<";
    case KS_OP_LE: return "<=";
    case KS_OP_GT: return ">";
    case KS_OP_GE: return ">=";
    default: return NULL;
    }
}

/* The filter's :name values come from the pattern's parameters. */
static gboolean
add_filter_values (KsPattern *pattern, const char *filter, Placeholders *ph, GError **error)
{
  KsValue *params = ks_pattern_get_parameters (pattern);

  for (const char *p = filter; *p; p++)
    {
      const char *start;
      g_autofree char *name = NULL;
      g_autofree char *key = NULL;
      KsValue *v;

      if (*p != ':')
        continue;
      start = ++p;
      while (*p && (g_ascii_isalnum (*p) || *p == '_'))
        p++;
      name = g_strndup (start, p - start);
      key = g_strdup_printf (":%s", name);
      p--;
      if (*name == '\0' || json_object_has_member (ph->values, key))
        continue;
      v = params ? ks_value_lookup (params, name) : NULL;
      if (v == NULL)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "pattern \"%s\": filter: the parameter \"%s\" has no sample value",
                       ks_pattern_get_name (pattern), name);
          return FALSE;
        }
      json_object_set_member (ph->values, key, ks_value_to_ddb_json (v));
    }
  return TRUE;
}

/* A pattern has no ExpressionAttributeNames: reserved words in its filter
 * get a #alias here, as the DynamoDB document clients do. */
static char *
alias_reserved_words (const char *filter, Placeholders *ph)
{
  GString *out = g_string_new (NULL);
  const char *p = filter;

  while (*p)
    {
      if ((g_ascii_isalpha (*p) || *p == '_')
          && (p == filter || (p[-1] != ':' && p[-1] != '#' && !g_ascii_isalnum (p[-1]) && p[-1] != '_')))
        {
          const char *start = p, *q;
          g_autofree char *word = NULL;

          while (g_ascii_isalnum (*p) || *p == '_')
            p++;
          word = g_strndup (start, p - start);
          for (q = p; *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'; q++)
            ;
          if (*q != '(' && ks_is_reserved_word (word)
              && g_ascii_strcasecmp (word, "AND") && g_ascii_strcasecmp (word, "OR")
              && g_ascii_strcasecmp (word, "NOT") && g_ascii_strcasecmp (word, "BETWEEN")
              && g_ascii_strcasecmp (word, "IN"))
            {
              g_autofree char *key = g_strdup_printf ("#%s", word);
              json_object_set_string_member (ph->names, key, word);
              g_string_append (out, key);
            }
          else
            g_string_append (out, word);
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static JsonNode *
build_request (KsEngine *engine, KsPatternRun *run, GError **error)
{
  KsPattern *pattern = run->pattern;
  KsDesign *design = ks_engine_get_design (engine);
  const char *table_name = ks_pattern_get_table (pattern);
  const char *index_name = ks_pattern_get_index (pattern);
  const KsKeyCondition *cond = ks_pattern_get_key_condition (pattern);
  const char *filter = ks_pattern_get_filter (pattern);
  KsTable *table;
  KsIndex *index = NULL;
  const KsKeySchema *keys, *table_keys;
  g_autoptr(JsonObject) req = json_object_new ();
  g_autoptr(GString) kce = g_string_new (NULL);
  Placeholders ph = { json_object_new (), json_object_new (), 0 };
  gboolean full_table_key;
  JsonNode *node;

  if (table_name == NULL && g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_tables (design))) == 1)
    {
      g_autoptr(KsTable) only = g_list_model_get_item (G_LIST_MODEL (ks_design_get_tables (design)), 0);
      table_name = ks_table_get_name (only);
    }
  table = table_name ? ks_design_find_table (design, table_name) : NULL;
  if (table == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND, "pattern \"%s\": unknown table \"%s\"",
                   ks_pattern_get_name (pattern), table_name ? table_name : "(none)");
      goto fail;
    }
  table_keys = ks_table_get_key_schema (table);
  keys = table_keys;
  if (index_name)
    {
      index = ks_table_find_index (table, index_name);
      if (index == NULL)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND, "pattern \"%s\": table %s has no index \"%s\"",
                       ks_pattern_get_name (pattern), table_name, index_name);
          goto fail;
        }
      keys = ks_index_get_key_schema (index);
    }
  json_object_set_string_member (req, "TableName", table_name);

  /* Partition key equalities, then sort key conditions. */
  for (guint i = 0; cond && i < cond->n_pk; i++)
    {
      const char *attr = cond->pk[i].attr ? cond->pk[i].attr : (i < keys->n_pk ? keys->pk[i].name : NULL);
      const KsKeyAttr *ka = attr ? ks_key_schema_find (keys, attr) : NULL;
      g_autoptr(KsValue) v = NULL;
      g_autofree char *n = NULL;
      g_autofree char *k = NULL;

      v = render (pattern, cond->pk[i].value, attr ? attr : "?", ka ? ka->type : KS_TYPE_S, error);
      if (v == NULL)
        goto fail;
      n = add_name (&ph, attr ? attr : "?");
      k = add_value (&ph, v);
      g_string_append_printf (kce, "%s%s = %s", kce->len ? " AND " : "", n, k);
    }
  for (guint i = 0; cond && i < cond->n_sk; i++)
    {
      const KsSkCondition *c = &cond->sk[i];
      const char *attr = c->attr ? c->attr : (i < keys->n_sk ? keys->sk[i].name : NULL);
      const KsKeyAttr *ka = attr ? ks_key_schema_find (keys, attr) : NULL;
      KsType type = ka ? ka->type : KS_TYPE_S;
      g_autoptr(KsValue) v = NULL;
      g_autofree char *n = NULL;
      g_autofree char *k = NULL;

      if (c->op == KS_OP_NONE)
        continue;
      v = render (pattern, c->value, attr ? attr : "?", type, error);
      if (v == NULL)
        goto fail;
      n = add_name (&ph, attr ? attr : "?");
      k = add_value (&ph, v);
      if (kce->len)
        g_string_append (kce, " AND ");
      if (c->op == KS_OP_BEGINS_WITH)
        g_string_append_printf (kce, "begins_with(%s, %s)", n, k);
      else if (c->op == KS_OP_BETWEEN)
        {
          g_autoptr(KsValue) to = render (pattern, c->to, attr ? attr : "?", type, error);
          g_autofree char *k2 = NULL;
          if (to == NULL)
            goto fail;
          k2 = add_value (&ph, to);
          g_string_append_printf (kce, "%s BETWEEN %s AND %s", n, k, k2);
        }
      else
        g_string_append_printf (kce, "%s %s %s", n, op_text (c->op), k);
    }

  run->needs_filter = filter != NULL && *filter != '\0';
  full_table_key = index == NULL && cond && cond->n_pk == table_keys->n_pk
                   && cond->n_sk == table_keys->n_sk;
  for (guint i = 0; full_table_key && cond && i < cond->n_sk; i++)
    if (cond->sk[i].op != KS_OP_EQ)
      full_table_key = FALSE;

  if (cond == NULL || cond->n_pk == 0)
    {
      run->served_by = KS_SERVED_BY_SCAN;
      run->operation = KS_OPERATION_SCAN;
      json_object_unref (ph.names);
      json_object_unref (ph.values);
      ph.names = json_object_new ();
      ph.values = json_object_new ();
    }
  else if (full_table_key && !run->needs_filter)
    {
      /* The whole primary key: a GetItem, the values given directly. */
      JsonObject *key = json_object_new ();
      g_autoptr(GList) names = json_object_get_members (ph.names);

      run->served_by = KS_SERVED_BY_GET_ITEM;
      run->operation = KS_OPERATION_GET_ITEM;
      for (GList *l = names; l; l = l->next)
        {
          g_autofree char *vk = g_strdup_printf (":%s", (char *) l->data + 1);
          json_object_set_member (key, json_object_get_string_member (ph.names, l->data),
                                  json_node_copy (json_object_get_member (ph.values, vk)));
        }
      json_object_set_object_member (req, "Key", key);
      json_object_unref (ph.names);
      json_object_unref (ph.values);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (node, req);
      return node;
    }
  else
    {
      run->served_by = KS_SERVED_BY_QUERY;
      run->operation = KS_OPERATION_QUERY;
      json_object_set_string_member (req, "KeyConditionExpression", kce->str);
    }
  if (index_name)
    json_object_set_string_member (req, "IndexName", index_name);
  if (run->needs_filter)
    {
      g_autofree char *aliased = alias_reserved_words (filter, &ph);
      json_object_set_string_member (req, "FilterExpression", aliased);
      if (!add_filter_values (pattern, filter, &ph, error))
        goto fail;
    }
  if (run->operation == KS_OPERATION_QUERY && !ks_pattern_get_scan_forward (pattern))
    json_object_set_boolean_member (req, "ScanIndexForward", FALSE);
  if (ks_pattern_get_limit (pattern) > 0)
    json_object_set_int_member (req, "Limit", ks_pattern_get_limit (pattern));
  if (json_object_get_size (ph.names) > 0)
    json_object_set_object_member (req, "ExpressionAttributeNames", json_object_ref (ph.names));
  if (json_object_get_size (ph.values) > 0)
    json_object_set_object_member (req, "ExpressionAttributeValues", json_object_ref (ph.values));
  json_object_unref (ph.names);
  json_object_unref (ph.values);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, req);
  return node;

fail:
  json_object_unref (ph.names);
  json_object_unref (ph.values);
  return NULL;
}

/**
 * ks_pattern_run:
 * @engine: the engine holding the sample data
 * @pattern: an access pattern of the engine's design
 *
 * Resolves @pattern into a request, runs it and checks the entities it
 * returns against the pattern's expectations.
 *
 * Returns: (transfer full): the outcome; never %NULL.
 */
KsPatternRun *
ks_pattern_run (KsEngine  *engine,
                KsPattern *pattern)
{
  KsPatternRun *run;
  g_autoptr(KsRequest) req = NULL;
  const char * const *expects;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (KS_IS_PATTERN (pattern), NULL);

  run = g_new0 (KsPatternRun, 1);
  run->pattern = g_object_ref (pattern);
  run->unexpected = g_ptr_array_new_with_free_func (g_free);
  run->request = build_request (engine, run, &run->error);
  if (run->request == NULL)
    return run;
  req = ks_request_parse (run->operation, run->request, &run->error);
  if (req == NULL)
    return run;
  run->result = ks_query_run (engine, req, &run->error);
  if (run->result == NULL)
    return run;

  expects = ks_pattern_get_expects (pattern);
  for (guint i = 0; i < run->result->items->len; i++)
    {
      KsItem *item = run->result->items->pdata[i];
      const char *entity = item->entity ? ks_entity_get_name (item->entity) : NULL;

      if (expects && expects[0] && (entity == NULL || !g_strv_contains (expects, entity))
          && !g_ptr_array_find_with_equal_func (run->unexpected, entity ? entity : "(none)", g_str_equal, NULL))
        g_ptr_array_add (run->unexpected, g_strdup (entity ? entity : "(none)"));
    }
  run->passed = run->unexpected->len == 0
                && (expects == NULL || expects[0] == NULL || run->result->items->len > 0);
  return run;
}

JsonNode *
ks_pattern_run_to_json (KsPatternRun *run)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *index;

  g_return_val_if_fail (run != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pattern");
  json_builder_add_string_value (b, ks_pattern_get_name (run->pattern));
  if (run->request)
    {
      index = ks_pattern_get_index (run->pattern);
      json_builder_set_member_name (b, "servedBy");
      json_builder_add_string_value (b, ks_served_by_to_string (run->served_by));
      json_builder_set_member_name (b, "target");
      json_builder_add_string_value (b, index ? index : "table");
      json_builder_set_member_name (b, "needsFilter");
      json_builder_add_boolean_value (b, run->needs_filter);
      json_builder_set_member_name (b, "operation");
      json_builder_add_string_value (b, ks_operation_to_string (run->operation));
      json_builder_set_member_name (b, "request");
      json_builder_add_value (b, json_node_copy (run->request));
    }
  if (run->result)
    {
      json_builder_set_member_name (b, "response");
      json_builder_add_value (b, ks_query_result_to_json (run->result));
      json_builder_set_member_name (b, "returnedEntities");
      json_builder_begin_array (b);
      for (guint i = 0; i < run->result->items->len; i++)
        {
          KsItem *item = run->result->items->pdata[i];
          const char *entity = item->entity ? ks_entity_get_name (item->entity) : "(none)";
          if (g_hash_table_add (seen, (gpointer) entity))
            json_builder_add_string_value (b, entity);
        }
      json_builder_end_array (b);
    }
  if (run->error)
    {
      json_builder_set_member_name (b, "error");
      json_builder_add_value (b, ks_query_error_to_json (run->error));
    }
  if (run->unexpected->len)
    {
      json_builder_set_member_name (b, "unexpectedEntities");
      json_builder_begin_array (b);
      for (guint i = 0; i < run->unexpected->len; i++)
        json_builder_add_string_value (b, run->unexpected->pdata[i]);
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "passed");
  json_builder_add_boolean_value (b, run->passed);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
