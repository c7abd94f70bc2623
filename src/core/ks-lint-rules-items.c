/* ks-lint-rules-items.c: sample items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules: duplicate-primary-key, item-too-large (with LSI entries),
 * item-near-limit.
 */
#define G_LOG_DOMAIN "keyshape-lint"

#include "config.h"

#include "ks-lint-private.h"

static int
position_compare (KsLintContext *ctx, KsItem *a, KsItem *b)
{
  guint ea = GPOINTER_TO_UINT (g_hash_table_lookup (ctx->positions, a));
  guint eb = GPOINTER_TO_UINT (g_hash_table_lookup (ctx->positions, b));

  /* positions were numbered in entity order, then item order */
  return ea < eb ? -1 : ea > eb ? 1 : 0;
}

static char *
key_text (KsView *view, const KsEntry *entry)
{
  const KsKeySchema *ks = ks_view_get_key_schema (view);
  g_autofree char *pk = ks_value_to_display (entry->pk);

  if (entry->sk == NULL)
    return g_strdup_printf ("%s \"%s\"", ks->pk[0].name, pk);
  else
    {
      g_autofree char *sk = ks_value_to_display (entry->sk);
      return g_strdup_printf ("%s \"%s\", %s \"%s\"", ks->pk[0].name, pk, ks->sk[0].name, sk);
    }
}

/* duplicate-primary-key: the table's key is unique (rules §2.1); a second
 * PutItem with the same key replaces the first item. Entries with equal
 * keys sit next to each other in the view. */
static void
check_duplicates (KsLintContext *ctx)
{
  GPtrArray *views = ks_engine_get_views (ctx->engine);

  for (guint v = 0; v < views->len; v++)
    {
      KsView *view = g_ptr_array_index (views, v);
      guint n = ks_view_get_n_entries (view);
      guint run = 0;

      if (ks_view_get_index (view) != NULL)
        continue;
      for (guint i = 1; i <= n; i++)
        {
          const KsEntry *first = ks_view_get_entry (view, run);
          const KsEntry *cur = i < n ? ks_view_get_entry (view, i) : NULL;
          KsItem *keeper;

          if (cur && ks_value_equal (cur->pk, first->pk) &&
              ((cur->sk == NULL && first->sk == NULL) ||
               (cur->sk && first->sk && ks_value_equal (cur->sk, first->sk))))
            continue;
          /* [run, i) share one key: the first in design order is kept */
          keeper = first->item;
          for (guint j = run + 1; j < i; j++)
            if (position_compare (ctx, ks_view_get_entry (view, j)->item, keeper) < 0)
              keeper = ks_view_get_entry (view, j)->item;
          for (guint j = run; j < i; j++)
            {
              KsItem *item = ks_view_get_entry (view, j)->item;
              g_autofree char *label = NULL;
              g_autofree char *other = NULL;
              g_autofree char *key = NULL;

              if (item == keeper)
                continue;
              label = _ks_lint_item_label (ctx, item);
              other = _ks_lint_item_label (ctx, keeper);
              key = key_text (view, ks_view_get_entry (view, j));
              _ks_lint_add (ctx, KS_SEVERITY_ERROR, "duplicate-primary-key", _ks_lint_item_path (ctx, item),
                            item->entity, item, NULL,
                            "%s has the same primary key as %s in table %s (%s): writing both, the second PutItem replaces the first item",
                            label, other, ks_view_get_name (view), key);
            }
          run = i;
        }
    }
}

/* item-too-large with LSIs (rules §3.3: item + its LSI entries ≤ 400 KB)
 * and item-near-limit (headroom for UpdateItem, §3.3). */
static void
check_sizes (KsLintContext *ctx)
{
  GPtrArray *views = ks_engine_get_views (ctx->engine);
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ctx->design));

  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      KsTable *table = ks_design_get_entity_table (ctx->design, entity);
      g_autoptr(GPtrArray) lsis = g_ptr_array_new ();

      for (guint v = 0; v < views->len; v++)
        {
          KsView *view = g_ptr_array_index (views, v);
          KsIndex *index = ks_view_get_index (view);
          if (table && ks_view_get_table (view) == table && index && ks_index_get_kind (index) == KS_INDEX_LSI)
            g_ptr_array_add (lsis, view);
        }
      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        {
          KsItem *item = ks_entity_get_item (entity, i);
          gsize total = item->size;
          g_autofree char *label = NULL;

          /* an item over the limit on its own is already an engine error */
          if (ks_item_has_errors (item))
            continue;
          for (guint l = 0; l < lsis->len; l++)
            if (ks_view_find_item (g_ptr_array_index (lsis, l), item, NULL))
              total += ks_cost_entry_size (g_ptr_array_index (lsis, l), item);
          if (total > KS_ITEM_NEAR_LIMIT)
            label = _ks_lint_item_label (ctx, item);
          if (total > KS_ITEM_SIZE_LIMIT)
            _ks_lint_add (ctx, KS_SEVERITY_ERROR, "item-too-large", _ks_lint_item_path (ctx, item),
                          entity, item, NULL,
                          "%s: Item size has exceeded the maximum allowed size: %u bytes plus %" G_GSIZE_FORMAT " bytes of LSI entries is over 409,600 bytes; with LSIs, an item and its index entries share the 400 KB limit (rules §3.3)",
                          label, item->size, total - item->size);
          else if (total > KS_ITEM_NEAR_LIMIT)
            _ks_lint_add (ctx, KS_SEVERITY_WARNING, "item-near-limit", _ks_lint_item_path (ctx, item),
                          entity, item, NULL,
                          "%s is %" G_GSIZE_FORMAT " bytes%s, within 10%% of the 409,600-byte item limit; an update that adds to it will be refused (rules §3.3)",
                          label, total, total > item->size ? " with its LSI entries" : "");
        }
    }
}

void
_ks_lint_rules_items (KsLintContext *ctx)
{
  check_duplicates (ctx);
  check_sizes (ctx);
}
