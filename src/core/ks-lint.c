/* ks-lint.c: design diagnostics
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-lint"

#include "config.h"

#include "ks-lint.h"

static KsProblem *
problem_copy (const KsProblem *p)
{
  KsProblem *c = ks_problem_new (p->severity, p->rule, p->path, "%s", p->message);
  c->entity = p->entity;
  c->item = p->item;
  c->attribute = g_strdup (p->attribute);
  return c;
}

/* Item errors carry the item's place, so that a report can point at it. */
static void
add_item_problems (KsEngine *engine, GPtrArray *out)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ks_engine_get_design (engine)));

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
              g_ptr_array_add (out, c);
            }
        }
    }
}

GPtrArray *
ks_lint_run (KsEngine *engine)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_problem_free);
  GPtrArray *problems = ks_engine_get_problems (engine);

  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (out, problem_copy (g_ptr_array_index (problems, i)));
  add_item_problems (engine, out);
  return out;
}
