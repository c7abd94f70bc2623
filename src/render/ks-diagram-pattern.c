/* ks-diagram-pattern.c: a diagram highlight from an access pattern's run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pattern runner says what a request returns and how many items it
 * read; the highlight also needs where those reads are in the view. For a
 * Query the key condition is parsed again (the same parser the query
 * engine uses), its partition found by binary search, and the entries of
 * the partition that satisfy it form the matched range; the read range is
 * the first ScannedCount of them in the request's direction.
 */
#define G_LOG_DOMAIN "keyshape-render"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ks-cost.h"
#include "ks-diagram.h"
#include "ks-error.h"
#include "ks-expr.h"
#include "ks-item.h"

static const char *
member_string (JsonObject *obj, const char *name)
{
  JsonNode *n = obj && json_object_has_member (obj, name) ? json_object_get_member (obj, name) : NULL;
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? json_node_get_string (n) : NULL;
}

static JsonNode *
member_node (JsonObject *obj, const char *name)
{
  return obj && json_object_has_member (obj, name) ? json_object_get_member (obj, name) : NULL;
}

/* An expression with its #names and :values written out, for the banner:
 * "PK = CUSTOMER#c-001 AND begins_with(SK, ORDER#)". */
static char *
substitute (const char *expr, JsonObject *names, JsonObject *values)
{
  GString *out = g_string_new (NULL);

  for (const char *p = expr; *p;)
    {
      if (*p == '#' || *p == ':')
        {
          const char *e = p + 1;
          g_autofree char *token = NULL;
          while (g_ascii_isalnum (*e) || *e == '_')
            e++;
          token = g_strndup (p, e - p);
          if (*p == '#' && names && json_object_has_member (names, token))
            {
              g_string_append (out, member_string (names, token));
              p = e;
              continue;
            }
          if (*p == ':' && values && json_object_has_member (values, token))
            {
              g_autoptr(KsValue) v = ks_value_from_ddb_json (json_object_get_member (values, token), token, NULL);
              if (v)
                {
                  g_autofree char *d = ks_value_to_display (v);
                  g_string_append (out, d);
                  p = e;
                  continue;
                }
            }
          g_string_append (out, token);
          p = e;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* The partition-key value of the key condition, in the view's form (a
 * scalar, or an L tuple for a multi-attribute key). */
static KsValue *
key_condition_pk (KsView *view, GArray *clauses)
{
  const KsKeySchema *keys = ks_view_get_key_schema (view);
  GPtrArray *tuple;

  tuple = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
  for (guint i = 0; i < keys->n_pk; i++)
    {
      KsValue *found = NULL;
      for (guint c = 0; c < clauses->len; c++)
        {
          KsKeyClause *kc = &g_array_index (clauses, KsKeyClause, c);
          if (kc->op == KS_OP_EQ && g_strcmp0 (kc->attr, keys->pk[i].name) == 0)
            found = kc->values[0];
        }
      if (found == NULL)
        {
          g_ptr_array_unref (tuple);
          return NULL;
        }
      g_ptr_array_add (tuple, ks_value_ref (found));
    }
  if (keys->n_pk == 1)
    {
      KsValue *v = ks_value_ref (g_ptr_array_index (tuple, 0));
      g_ptr_array_unref (tuple);
      return v;
    }
  return ks_value_new_list (KS_TYPE_L, tuple);
}

/* Query: the partition and the entries its key condition matches. */
static gboolean
query_range (KsView      *view,
             JsonObject  *req,
             KsValue    **pk,
             guint       *start,
             guint       *end,
             GError     **error)
{
  g_autoptr(GArray) clauses = NULL;
  KsExprContext *ctx = ks_expr_context_new ();
  KsCondition *cond = NULL;
  const char *kce = member_string (req, "KeyConditionExpression");
  guint ps, pe;
  gboolean ok = FALSE;

  *pk = NULL;
  *start = *end = 0;
  if (kce == NULL)
    {
      ok = TRUE;
      goto out;
    }
  if (!ks_expr_context_set_names (ctx, member_node (req, "ExpressionAttributeNames"), error) ||
      !ks_expr_context_set_values (ctx, member_node (req, "ExpressionAttributeValues"), error))
    goto out;
  cond = ks_condition_parse (kce, KS_EXPR_KEY_CONDITION, ctx, error);
  if (cond == NULL || (clauses = ks_condition_get_key_clauses (cond, error)) == NULL)
    goto out;
  *pk = key_condition_pk (view, clauses);
  ok = TRUE;
  if (*pk == NULL || !ks_view_find_partition (view, *pk, &ps, &pe))
    goto out;

  /* matching entries are contiguous: the first and the last bound them */
  *start = *end = pe;
  for (guint i = ps; i < pe; i++)
    if (ks_condition_evaluate (cond, ks_item_get_final (ks_view_get_entry (view, i)->item)))
      {
        if (*start == pe)
          *start = i;
        *end = i + 1;
      }
  if (*start == pe)
    *start = *end = ps;

out:
  g_clear_pointer (&cond, ks_condition_free);
  ks_expr_context_free (ctx);
  return ok;
}

/**
 * ks_diagram_highlight_new_for_run:
 * @engine: the engine @run ran on
 * @run: an access pattern's run (ks_pattern_run())
 * @error: why the highlight cannot be made (the run failed)
 *
 * Returns: (transfer full): the highlight of what the run read and
 *   returned, with a banner stating the request, counts and read cost
 */
KsDiagramHighlight *
ks_diagram_highlight_new_for_run (KsEngine      *engine,
                                  KsPatternRun  *run,
                                  GError       **error)
{
  KsPattern *pattern;
  const char *view_name;
  KsView *view;
  JsonObject *req;
  g_autoptr(KsValue) pk = NULL;
  KsDiagramHighlight *hl;
  guint start = 0, end = 0;
  GString *banner;
  KsQueryResult *result;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (run != NULL, NULL);

  pattern = run->pattern;
  if (run->error || run->result == NULL || run->request == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, _("access pattern “%s” does not run: %s"),
                   ks_pattern_get_name (pattern), run->error ? run->error->message : _("no request"));
      return NULL;
    }
  result = run->result;
  req = json_node_get_object (run->request);
  view_name = ks_pattern_get_index (pattern) ? ks_pattern_get_index (pattern) : ks_pattern_get_table (pattern);
  if (view_name == NULL)
    view_name = member_string (req, "IndexName") ? member_string (req, "IndexName") : member_string (req, "TableName");
  view = view_name ? ks_engine_find_view (engine, view_name) : NULL;
  if (view == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND, _("access pattern “%s”: no table or index named “%s”"),
                   ks_pattern_get_name (pattern), view_name ? view_name : "");
      return NULL;
    }

  switch (run->operation)
    {
    case KS_OPERATION_QUERY:
      if (!query_range (view, req, &pk, &start, &end, error))
        return NULL;
      /* what was read: the first ScannedCount matches, in the direction */
      if (end - start > result->scanned_count)
        {
          if (ks_pattern_get_scan_forward (pattern))
            end = start + result->scanned_count;
          else
            start = end - result->scanned_count;
        }
      break;
    case KS_OPERATION_GET_ITEM:
      if (result->items->len > 0)
        {
          guint pos;
          KsItem *item = g_ptr_array_index (result->items, 0);
          if (ks_view_find_item (view, item, &pos))
            {
              pk = ks_value_ref (ks_view_get_entry (view, pos)->pk);
              start = pos;
              end = pos + 1;
            }
        }
      break;
    case KS_OPERATION_SCAN:
    default:
      break;
    }

  hl = ks_diagram_highlight_new (ks_view_get_name (view), pk, start, end);
  for (guint i = 0; i < result->items->len; i++)
    ks_diagram_highlight_add_item (hl, g_ptr_array_index (result->items, i));

  banner = g_string_new (ks_pattern_get_name (pattern));
  g_string_append_c (banner, '\n');
  g_string_append_printf (banner, "%s %s", ks_operation_to_string (run->operation), ks_view_get_name (view));
  {
    JsonNode *nn = member_node (req, "ExpressionAttributeNames");
    JsonNode *vn = member_node (req, "ExpressionAttributeValues");
    JsonObject *names = nn && JSON_NODE_HOLDS_OBJECT (nn) ? json_node_get_object (nn) : NULL;
    JsonObject *values = vn && JSON_NODE_HOLDS_OBJECT (vn) ? json_node_get_object (vn) : NULL;
    const char *kce = member_string (req, "KeyConditionExpression");
    const char *filter = member_string (req, "FilterExpression");

    if (kce)
      {
        g_autofree char *s = substitute (kce, names, values);
        g_string_append_printf (banner, " %s", s);
      }
    else if (pk && run->operation == KS_OPERATION_GET_ITEM)
      {
        g_autofree char *s = ks_value_to_display (pk);
        g_string_append_printf (banner, " %s", s);
      }
    if (filter)
      {
        g_autofree char *s = substitute (filter, names, values);
        g_string_append_printf (banner, _(" · filter %s"), s);
      }
    if (run->operation == KS_OPERATION_QUERY && !ks_pattern_get_scan_forward (pattern))
      g_string_append (banner, _(" · newest first"));
  }
  g_string_append (banner, " · ");
  g_string_append_printf (banner, g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", result->count), result->count);
  if (result->scanned_count != result->count)
    g_string_append_printf (banner, _(" of %u read"), result->scanned_count);
  g_string_append_printf (banner, _(" · %g RCU"), ks_read_units (result->bytes_read, FALSE));
  ks_diagram_highlight_set_banner (hl, banner->str);
  g_string_free (banner, TRUE);

  {
    const KsKeyCondition *cond = ks_pattern_get_key_condition (pattern);
    if (cond && cond->n_sk > 0 && cond->sk[cond->n_sk - 1].op != KS_OP_NONE)
      {
        const KsSkCondition *c = &cond->sk[cond->n_sk - 1];
        g_autofree char *label = NULL;
        if (c->op == KS_OP_BETWEEN)
          label = g_strdup_printf ("BETWEEN %s AND %s", c->value, c->to ? c->to : "");
        else
          label = g_strdup_printf ("%s %s", ks_sort_op_to_string (c->op), c->value ? c->value : "");
        ks_diagram_highlight_set_range_label (hl, label);
      }
  }
  return hl;
}

/**
 * ks_diagram_highlight_new_for_pattern:
 * @engine: the engine holding the sample data
 * @pattern: an access pattern of the engine's design
 * @error: why the pattern does not run
 *
 * Runs @pattern and makes its highlight (ks_diagram_highlight_new_for_run()).
 *
 * Returns: (transfer full): the highlight, or NULL with @error set
 */
KsDiagramHighlight *
ks_diagram_highlight_new_for_pattern (KsEngine   *engine,
                                      KsPattern  *pattern,
                                      GError    **error)
{
  g_autoptr(KsPatternRun) run = NULL;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (KS_IS_PATTERN (pattern), NULL);
  run = ks_pattern_run (engine, pattern);
  return ks_diagram_highlight_new_for_run (engine, run, error);
}
