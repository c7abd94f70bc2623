/* ks-lint-rules-patterns.c: access patterns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules: pattern-unserved, pattern-wrong-results, filter-on-unprojected,
 * ambiguous-prefix.
 */
#define G_LOG_DOMAIN "keyshape-lint"

#include "config.h"

#include <string.h>

#include "ks-lint-private.h"

/* pattern-unserved: the key condition cannot reach any expected entity on
 * the target, whatever the attribute values. */
static gboolean
check_unserved (KsLintContext *ctx, KsPattern *pattern, guint p, KsView *view, const char *view_why)
{
  const char * const *expects = ks_pattern_get_expects (pattern);
  const char *name = ks_pattern_get_name (pattern);
  g_autoptr(GString) reasons = g_string_new (NULL);
  gboolean any = FALSE;

  if (view == NULL)
    {
      _ks_lint_add (ctx, KS_SEVERITY_ERROR, "pattern-unserved", g_strdup_printf ("accessPatterns[%u]", p),
                    NULL, NULL, NULL, "pattern \"%s\": %s", name, view_why);
      return TRUE;
    }
  if (expects == NULL || expects[0] == NULL)
    return FALSE;
  for (guint i = 0; expects[i]; i++)
    {
      KsEntity *entity = ks_design_find_entity (ctx->design, expects[i]);
      g_autofree char *why = NULL;

      if (entity == NULL)
        {
          _ks_lint_add (ctx, KS_SEVERITY_ERROR, "pattern-unserved",
                        g_strdup_printf ("accessPatterns[%u].expects[%u]", p, i), NULL, NULL, NULL,
                        "pattern \"%s\" expects entity %s, which the design does not have", name, expects[i]);
          any = TRUE;    /* reported; do not add the summary */
          continue;
        }
      if (ks_design_get_entity_table (ctx->design, entity) != ks_view_get_table (view))
        g_string_append_printf (reasons, "%s%s lives in another table", reasons->len ? "; " : "",
                                ks_entity_get_name (entity));
      else if (_ks_entity_can_match_pattern (entity, pattern, view, &why))
        any = TRUE;
      else
        g_string_append_printf (reasons, "%s%s", reasons->len ? "; " : "", why);
    }
  if (!any)
    _ks_lint_add (ctx, KS_SEVERITY_ERROR, "pattern-unserved", g_strdup_printf ("accessPatterns[%u]", p),
                  NULL, NULL, NULL,
                  "pattern \"%s\": its key condition on %s cannot return any of the entities it expects: %s",
                  name, ks_view_get_name (view), reasons->str);
  return !any;
}

/* filter-on-unprojected: a GSI returns only what it projects, so a filter on
 * anything else sees it missing; an LSI fetches it from the table, paying
 * a read of the whole item (rules §4.5). */
static void
check_filter (KsLintContext *ctx, KsPattern *pattern, guint p, KsView *view)
{
  const char *filter = ks_pattern_get_filter (pattern);
  KsIndex *index = ks_view_get_index (view);
  g_autoptr(GPtrArray) attrs = NULL;

  if (filter == NULL || *filter == '\0' || index == NULL ||
      ks_index_get_projection (index) == KS_PROJECTION_ALL)
    return;
  attrs = _ks_expression_attributes (filter);
  for (guint i = 0; i < attrs->len; i++)
    {
      const char *attr = g_ptr_array_index (attrs, i);
      if (ks_view_projects (view, attr))
        continue;
      if (ks_index_get_kind (index) == KS_INDEX_GSI)
        _ks_lint_add (ctx, KS_SEVERITY_ERROR, "filter-on-unprojected",
                      g_strdup_printf ("accessPatterns[%u].filter", p), NULL, NULL, attr,
                      "pattern \"%s\": the filter reads %s, which GSI %s does not project (%s); a GSI cannot fetch it, so the filter sees it missing (rules §4.5)",
                      ks_pattern_get_name (pattern), attr, ks_index_get_name (index),
                      ks_projection_to_string (ks_index_get_projection (index)));
      else
        _ks_lint_add (ctx, KS_SEVERITY_WARNING, "filter-on-unprojected",
                      g_strdup_printf ("accessPatterns[%u].filter", p), NULL, NULL, attr,
                      "pattern \"%s\": the filter reads %s, which LSI %s does not project; DynamoDB fetches every item read from the table, each costing its own read units (rules §4.5)",
                      ks_pattern_get_name (pattern), attr, ks_index_get_name (index));
    }
}

/* ambiguous-prefix ---------------------------------------------------------- */

static gboolean
is_separator (char c)
{
  return (guchar) c < 0x80 && !g_ascii_isalnum (c);
}

/* Where a prefix stops inside an entity's key template: before more letters
 * of a literal (ORDER vs ORDERITEM#), before the literal's separator
 * (ORDER vs ORDER#), or inside a placeholder's value. */
static gboolean
prefix_problem_in_template (KsEntity *entity, KsTemplate *tmpl, const char *prefix, gsize plen,
                            GString *out)
{
  const char *lit = ks_template_get_prefix (tmpl);
  gsize llen = strlen (lit);

  if (ks_template_is_literal (tmpl))
    {
      /* the whole key is literal text */
      llen = 0;
      for (guint s = 0; s < ks_template_get_n_segments (tmpl); s++)
        llen += strlen (ks_template_get_segment (tmpl, s)->text);
      lit = NULL;
    }
  if (lit == NULL)
    {
      g_autofree char *text = NULL;
      GString *s = g_string_new (NULL);
      for (guint i = 0; i < ks_template_get_n_segments (tmpl); i++)
        g_string_append (s, ks_template_get_segment (tmpl, i)->text);
      text = g_string_free (s, FALSE);
      if (llen <= plen || strncmp (text, prefix, plen) != 0)
        return FALSE;
      g_string_printf (out, is_separator (text[plen])
                              ? "it stops before the separator of %s's key \"%s\": write \"%.*s%c\""
                              : "it also matches %s's key \"%s\"",
                       ks_entity_get_name (entity), text, (int) plen, prefix, text[plen]);
      return TRUE;
    }
  if (plen >= llen || strncmp (lit, prefix, plen) != 0)
    return FALSE;
  if (is_separator (lit[plen]))
    g_string_printf (out, "it stops before the separator of %s's keys \"%s…\": write \"%.*s%c\"",
                     ks_entity_get_name (entity), lit, (int) plen, prefix, lit[plen]);
  else
    g_string_printf (out, "it also matches %s's keys \"%s…\"", ks_entity_get_name (entity), lit);
  return TRUE;
}

static void
check_prefix (KsLintContext *ctx, KsPattern *pattern, guint p, KsView *view)
{
  const KsKeyCondition *cond = ks_pattern_get_key_condition (pattern);
  const KsKeySchema *ks = ks_view_get_key_schema (view);
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ctx->design));
  g_autoptr(GString) why = g_string_new (NULL);
  g_autoptr(KsValue) prefix = NULL;
  const char *key = NULL, *text;
  KsType type = KS_TYPE_S;
  gsize plen = 0;
  guint c;

  if (cond == NULL)
    return;
  for (c = 0; c < cond->n_sk; c++)
    if (cond->sk[c].op == KS_OP_BEGINS_WITH)
      break;
  if (c == cond->n_sk)
    return;
  key = _ks_condition_key_attribute (ks, cond->sk[c].attr, TRUE, c, &type);
  if (key == NULL || type != KS_TYPE_S)
    return;
  prefix = _ks_pattern_render (pattern, cond->sk[c].value, KS_TYPE_S, NULL);
  if (prefix == NULL)
    return;
  text = ks_value_get_string (prefix, &plen);
  if (plen == 0 || is_separator (text[plen - 1]))
    return;

  /* the templates of the entities in the view */
  for (guint e = 0; e < g_list_model_get_n_items (entities) && why->len == 0; e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      KsTemplate *tmpl = ks_entity_get_parsed_template (entity, key);

      if (tmpl == NULL || ks_design_get_entity_table (ctx->design, entity) != ks_view_get_table (view) ||
          !_ks_entity_in_view (entity, view))
        continue;
      prefix_problem_in_template (entity, tmpl, text, plen, why);
    }

  /* the prefix ends inside values: look at the keys of the sample data */
  if (why->len == 0 && ks->n_sk == 1)
    {
      guint start = 0, end = ks_view_get_n_entries (view);
      g_autoptr(KsValue) pk = NULL;

      if (cond->n_pk == 1 && ks->n_pk == 1)
        pk = _ks_pattern_render (pattern, cond->pk[0].value, ks->pk[0].type, NULL);
      if (pk && !ks_view_find_partition (view, pk, &start, &end))
        start = end = 0;
      for (guint i = start; i < end && why->len == 0; i++)
        {
          const KsEntry *entry = ks_view_get_entry (view, i);
          const char *sk;
          gsize sklen;

          if (entry->sk == NULL || ks_value_get_type (entry->sk) != KS_TYPE_S)
            continue;
          sk = ks_value_get_string (entry->sk, &sklen);
          if (sklen > plen && memcmp (sk, text, plen) == 0 && !is_separator (sk[plen]))
            {
              g_autofree char *label = _ks_lint_item_label (ctx, entry->item);
              g_string_printf (why, "it also matches \"%s\" (%s)", sk, label);
            }
        }
    }
  if (why->len > 0)
    _ks_lint_add (ctx, KS_SEVERITY_WARNING, "ambiguous-prefix", g_strdup_printf ("accessPatterns[%u].sortKey", p),
                  NULL, NULL, key,
                  "pattern \"%s\": begins_with(%s, \"%s\") has no trailing separator; %s (rules §9)",
                  ks_pattern_get_name (pattern), key, text, why->str);
}

/* pattern-invalid, pattern-scan, pattern-wrong-results: what the pattern's
 * request does on the sample data (ks-pattern-run.c). */
static void
check_results (KsLintContext *ctx, KsPattern *pattern, guint p, gboolean unserved)
{
  KsPatternCost *pc = ks_cost_report_find_pattern (ctx->cost, pattern);
  const char * const *expects = ks_pattern_get_expects (pattern);
  const char *name = ks_pattern_get_name (pattern);
  KsPatternRun *run;

  if (pc == NULL || pc->run == NULL)
    return;
  run = pc->run;
  if (run->result == NULL)
    {
      /* DynamoDB would refuse the request (rules §6), or a parameter lacks
       * its sample value */
      _ks_lint_add (ctx, KS_SEVERITY_ERROR, "pattern-invalid", g_strdup_printf ("accessPatterns[%u]", p),
                    NULL, NULL, NULL, "pattern \"%s\": %s", name,
                    run->error ? run->error->message : "the request could not be built");
      return;
    }
  if (run->served_by == KS_SERVED_BY_SCAN)
    _ks_lint_add (ctx, KS_SEVERITY_WARNING, "pattern-scan", g_strdup_printf ("accessPatterns[%u]", p),
                  NULL, NULL, NULL,
                  "pattern \"%s\" has no partition key condition, so it needs a Scan, which reads (and pays for) the whole table or index (rules §5.6)",
                  name);
  if (expects == NULL || expects[0] == NULL)
    return;
  if (run->unexpected->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);
      for (guint i = 0; i < run->unexpected->len; i++)
        g_string_append_printf (list, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (run->unexpected, i));
      _ks_lint_add (ctx, KS_SEVERITY_ERROR, "pattern-wrong-results", g_strdup_printf ("accessPatterns[%u]", p),
                    NULL, NULL, NULL,
                    "pattern \"%s\" returns %s items on the sample data, which it does not expect; narrow the key condition (a sort key prefix) rather than filtering",
                    name, list->str);
    }
  else if (run->result->items->len == 0 && !unserved)
    _ks_lint_add (ctx, KS_SEVERITY_ERROR, "pattern-wrong-results", g_strdup_printf ("accessPatterns[%u]", p),
                  NULL, NULL, NULL,
                  "pattern \"%s\" returns nothing on the sample data (read %u item%s); check its parameters' sample values against the items' keys",
                  name, run->result->scanned_count, run->result->scanned_count == 1 ? "" : "s");
}

void
_ks_lint_rules_patterns (KsLintContext *ctx)
{
  GListModel *patterns = G_LIST_MODEL (ks_design_get_patterns (ctx->design));

  for (guint p = 0; p < g_list_model_get_n_items (patterns); p++)
    {
      g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, p);
      g_autofree char *why = NULL;
      KsView *view = _ks_pattern_get_view (ctx->engine, pattern, &why);

      gboolean unserved = check_unserved (ctx, pattern, p, view, why);

      if (view == NULL)
        continue;
      check_filter (ctx, pattern, p, view);
      check_prefix (ctx, pattern, p, view);
      check_results (ctx, pattern, p, unserved);
    }
}
