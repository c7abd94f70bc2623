/* ks-lint.c: design diagnostics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ks_lint_run() gathers, in this order: the engine's template problems,
 * the errors of the sample items (what DynamoDB would refuse), then the
 * lint rules (ks-lint-rules-*.c). Rule ids are stable: tools and the
 * window key on them. The rules and their sources:
 *
 *   errors    template-syntax, template-unknown-attribute, key-missing,
 *             key-type-mismatch, key-empty, key-too-long, item-too-large,
 *             table-unknown (the engine); item-too-large (with LSI entries),
 *             duplicate-primary-key, index-limit, key-schema, name-invalid,
 *             pattern-unserved, pattern-wrong-results, pattern-invalid,
 *             filter-on-unprojected (GSI)
 *   warnings  hot-partition, unpadded-number, unsortable-timestamp,
 *             ambiguous-prefix, entity-collision, item-near-limit,
 *             reserved-word, unused-index, lsi-collection-size, pattern-scan,
 *             filter-on-unprojected (LSI: fetched at extra cost)
 *   info      over-projection, write-amplification, ttl-not-number
 *
 * Each finding has a path into the design file (entities[1].keys.SK,
 * entities[0].items[3], tables[0].indexes[1], accessPatterns[2].filter)
 * and, where it applies, the entity, the item and the key attribute.
 */
#define G_LOG_DOMAIN "keyshape-lint"

#include "config.h"

#include "ks-lint.h"
#include "ks-lint-private.h"

static KsProblem *
problem_copy (const KsProblem *p)
{
  KsProblem *c = ks_problem_new (p->severity, p->rule, p->path, "%s", p->message);
  c->entity = p->entity;
  c->item = p->item;
  c->attribute = g_strdup (p->attribute);
  return c;
}

KsProblem *
_ks_lint_add (KsLintContext *ctx,
              KsSeverity     severity,
              const char    *rule,
              char          *path,
              KsEntity      *entity,
              KsItem        *item,
              const char    *attribute,
              const char    *format,
              ...)
{
  KsProblem *p = ks_problem_new (severity, rule, path, "%s", "");
  va_list args;

  g_free (path);
  g_free (p->message);
  va_start (args, format);
  p->message = g_strdup_vprintf (format, args);
  va_end (args);
  p->entity = entity;
  p->item = item;
  p->attribute = g_strdup (attribute);
  g_ptr_array_add (ctx->out, p);
  return p;
}

guint
_ks_lint_entity_index (KsLintContext *ctx,
                       KsEntity      *entity)
{
  guint pos = 0;

  g_list_store_find (ks_design_get_entities (ctx->design), entity, &pos);
  return pos;
}

guint
_ks_lint_table_index (KsLintContext *ctx,
                      KsTable       *table)
{
  guint pos = 0;

  g_list_store_find (ks_design_get_tables (ctx->design), table, &pos);
  return pos;
}

guint
_ks_lint_pattern_index (KsLintContext *ctx,
                        KsPattern     *pattern)
{
  guint pos = 0;

  g_list_store_find (ks_design_get_patterns (ctx->design), pattern, &pos);
  return pos;
}

char *
_ks_lint_view_path (KsLintContext *ctx,
                    KsView        *view)
{
  KsTable *table = ks_view_get_table (view);
  KsIndex *index = ks_view_get_index (view);
  guint t = _ks_lint_table_index (ctx, table);
  guint i = 0;

  if (index == NULL)
    return g_strdup_printf ("tables[%u]", t);
  g_list_store_find (ks_table_get_indexes (table), index, &i);
  return g_strdup_printf ("tables[%u].indexes[%u]", t, i);
}

typedef struct
{
  guint entity;
  guint item;
} Position;

static gboolean
item_position (KsLintContext *ctx, KsItem *item, guint *e, guint *i)
{
  guint k = GPOINTER_TO_UINT (g_hash_table_lookup (ctx->positions, item));
  const Position *pos;

  if (k == 0)
    return FALSE;
  pos = &g_array_index (ctx->position_array, Position, k - 1);
  *e = pos->entity;
  *i = pos->item;
  return TRUE;
}

char *
_ks_lint_item_path (KsLintContext *ctx,
                    KsItem        *item)
{
  guint e, i;

  if (!item_position (ctx, item, &e, &i))
    return NULL;
  return g_strdup_printf ("entities[%u].items[%u]", e, i);
}

char *
_ks_lint_item_label (KsLintContext *ctx,
                     KsItem        *item)
{
  guint e, i;

  if (!item_position (ctx, item, &e, &i))
    return g_strdup ("an item");
  return g_strdup_printf ("%s item %u", ks_entity_get_name (item->entity), i);
}

static void
index_positions (KsLintContext *ctx)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ctx->design));

  ctx->positions = g_hash_table_new (NULL, NULL);
  ctx->position_array = g_array_new (FALSE, FALSE, sizeof (Position));
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        {
          Position pos = { e, i };
          g_array_append_val (ctx->position_array, pos);
          g_hash_table_insert (ctx->positions, ks_entity_get_item (entity, i),
                               GUINT_TO_POINTER (ctx->position_array->len));
        }
    }
}

/* Item errors carry the item's place, so that a report can point at it. */
static void
add_item_problems (KsLintContext *ctx)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ctx->design));

  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        {
          KsItem *item = ks_entity_get_item (entity, i);
          for (guint k = 0; item->errors && k < item->errors->len; k++)
            {
              const KsProblem *p = g_ptr_array_index (item->errors, k);
              KsProblem *c = problem_copy (p);
              g_free (c->path);
              c->path = g_strdup_printf ("entities[%u].items[%u]", e, i);
              g_free (c->message);
              c->message = g_strdup_printf ("%s item %u: %s", ks_entity_get_name (entity), i, p->message);
              g_ptr_array_add (ctx->out, c);
            }
        }
    }
}

GPtrArray *
ks_lint_run (KsEngine *engine)
{
  g_autoptr(KsCostReport) cost = NULL;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);

  cost = ks_cost_report_new (engine, NULL);
  return ks_lint_run_with_cost (engine, cost);
}

/* The rules a group at a time (ks_linter_step ()). */
struct _KsLinter
{
  KsLintContext ctx;
  guint         next;
};

typedef void (*LintGroup) (KsLintContext *ctx);

static void
lint_items_first (KsLintContext *ctx)
{
  GPtrArray *problems = ks_engine_get_problems (ctx->engine);

  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (ctx->out, problem_copy (g_ptr_array_index (problems, i)));
  index_positions (ctx);
  add_item_problems (ctx);
}

static const LintGroup lint_groups[] = {
  lint_items_first,
  _ks_lint_rules_schema,
  _ks_lint_rules_items,
  _ks_lint_rules_keys,
  _ks_lint_rules_patterns,
  _ks_lint_rules_load,
};

KsLinter *
ks_linter_new (KsEngine     *engine,
               KsCostReport *cost)
{
  KsLinter *linter;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (cost != NULL, NULL);

  linter = g_new0 (KsLinter, 1);
  linter->ctx.engine = g_object_ref (engine);
  linter->ctx.design = ks_engine_get_design (engine);
  linter->ctx.out = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_problem_free);
  linter->ctx.cost = cost;
  return linter;
}

gboolean
ks_linter_step (KsLinter *linter)
{
  g_return_val_if_fail (linter != NULL, FALSE);

  if (linter->next < G_N_ELEMENTS (lint_groups))
    lint_groups[linter->next++] (&linter->ctx);
  return linter->next < G_N_ELEMENTS (lint_groups);
}

GPtrArray *
ks_linter_finish (KsLinter *linter)
{
  GPtrArray *problems;

  g_return_val_if_fail (linter != NULL, NULL);

  while (ks_linter_step (linter))
    ;
  problems = g_steal_pointer (&linter->ctx.out);
  ks_linter_free (linter);
  return problems;
}

void
ks_linter_free (KsLinter *linter)
{
  if (linter == NULL)
    return;
  g_clear_pointer (&linter->ctx.positions, g_hash_table_unref);
  g_clear_pointer (&linter->ctx.position_array, g_array_unref);
  g_clear_pointer (&linter->ctx.out, g_ptr_array_unref);
  g_clear_object (&linter->ctx.engine);
  g_free (linter);
}

GPtrArray *
ks_lint_run_with_cost (KsEngine     *engine,
                       KsCostReport *cost)
{
  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (cost != NULL, NULL);

  return ks_linter_finish (ks_linter_new (engine, cost));
}
