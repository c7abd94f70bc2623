/* ks-lint-rules-load.c: throughput, collections and index costs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules: hot-partition, lsi-collection-size, over-projection,
 * write-amplification. The figures come from the cost report (ks-cost.c);
 * its header explains how partitions are estimated.
 */
#define G_LOG_DOMAIN "keyshape-lint"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ks-lint-private.h"

static char *
partition_template (KsEntity *entity, KsView *view)
{
  const KsKeySchema *ks = ks_view_get_key_schema (view);
  GString *s = g_string_new (NULL);

  for (guint k = 0; k < ks->n_pk; k++)
    {
      const char *tmpl = ks_entity_get_template (entity, ks->pk[k].name);
      if (k > 0)
        g_string_append (s, ", ");
      g_string_append_printf (s, "%s \"%s\"", ks->pk[k].name, tmpl ? tmpl : "(the item's own value)");
    }
  return g_string_free (s, FALSE);
}

static const char *
kind_text (KsPartitionKind kind)
{
  switch (kind)
    {
    case KS_PARTITION_CONSTANT:
      return "a constant";
    case KS_PARTITION_LOW_CARDINALITY:
      return "a low-cardinality";
    case KS_PARTITION_TIME_BUCKET:
      return "a time-bucketed";
    case KS_PARTITION_PER_PARENT:
    case KS_PARTITION_SAMPLED:
    case KS_PARTITION_UNKNOWN:
    default:
      return "a";
    }
}

/* hot-partition (rules §7.3): per partition 1,000 WCU and 3,000 RCU a
 * second; constant, low-cardinality and time-bucketed keys put the load of
 * many items on one partition. */
static void
check_hot (KsLintContext *ctx)
{
  for (guint e = 0; e < ctx->cost->entities->len; e++)
    {
      KsEntityCost *ec = g_ptr_array_index (ctx->cost->entities, e);
      guint ei = _ks_lint_entity_index (ctx, ec->entity);

      for (guint v = 0; v < ec->views->len; v++)
        {
          KsViewCost *vc = &g_array_index (ec->views, KsViewCost, v);
          gboolean narrow = vc->kind == KS_PARTITION_CONSTANT || vc->kind == KS_PARTITION_LOW_CARDINALITY ||
                            vc->kind == KS_PARTITION_TIME_BUCKET;
          const KsKeySchema *ks = ks_view_get_key_schema (vc->view);
          g_autofree char *tmpl = NULL;
          double expected = ec->expected_items * vc->fraction;

          /* an LSI shares its table's partitions: reported there */
          if (vc->n_entries == 0 ||
              (ks_view_get_index (vc->view) && ks_index_get_kind (ks_view_get_index (vc->view)) == KS_INDEX_LSI))
            continue;
          /* a spread estimate means something only with expectedItems */
          if (!narrow && ec->expected_items == 0)
            continue;
          tmpl = partition_template (ec->entity, vc->view);
          if (vc->partition_wcu > KS_PARTITION_MAX_WCU)
            _ks_lint_add (ctx, KS_SEVERITY_WARNING, "hot-partition",
                          g_strdup_printf ("entities[%u].keys.%s", ei, ks->pk[0].name), ec->entity, NULL,
                          ks->pk[0].name,
                          "entity %s in %s: %s partition key (%s) sends %.0f%% of %g writes/s × %.2g WCU to one partition, %.0f WCU/s, over the 1,000 WCU a partition takes (rules §7.3); shard the key (DG-Sharding)",
                          ks_entity_get_name (ec->entity), ks_view_get_name (vc->view), kind_text (vc->kind),
                          tmpl, vc->write_share * 100, ec->writes_per_second, vc->units, vc->partition_wcu);
          else if (narrow && vc->kind != KS_PARTITION_TIME_BUCKET && expected >= KS_FEW_PARTITIONS_ITEMS &&
                   vc->est_partitions <= KS_FEW_PARTITIONS)
            _ks_lint_add (ctx, KS_SEVERITY_WARNING, "hot-partition",
                          g_strdup_printf ("entities[%u].keys.%s", ei, ks->pk[0].name), ec->entity, NULL,
                          ks->pk[0].name,
                          "entity %s in %s: %s partition key (%s) puts all %.0f expected items in %.0f partition%s; reads and writes of them all share one partition's 3,000 RCU / 1,000 WCU (rules §7.3)",
                          ks_entity_get_name (ec->entity), ks_view_get_name (vc->view), kind_text (vc->kind),
                          tmpl, expected, vc->est_partitions, vc->est_partitions > 1 ? "s" : "");
        }
    }
  for (guint p = 0; p < ctx->cost->patterns->len; p++)
    {
      KsPatternCost *pc = g_ptr_array_index (ctx->cost->patterns, p);
      if (!pc->ran || pc->partition_rcu <= KS_PARTITION_MAX_RCU)
        continue;
      _ks_lint_add (ctx, KS_SEVERITY_WARNING, "hot-partition",
                    g_strdup_printf ("accessPatterns[%u].partitionKey", _ks_lint_pattern_index (ctx, pc->pattern)),
                    NULL, NULL, NULL,
                    "pattern \"%s\": %g requests/s × %g RCU spread over %.0f partition%s of %s is %.0f RCU/s on one partition, over the 3,000 RCU a partition takes (rules §7.3); cache or replicate the hot items",
                    ks_pattern_get_name (pc->pattern), pc->requests_per_second, pc->units_eventual,
                    pc->est_partitions, pc->est_partitions > 1 ? "s" : "", ks_view_get_name (pc->view),
                    pc->partition_rcu);
    }
}

/* lsi-collection-size (rules §3.6): with an LSI, all items and LSI entries
 * of one partition key value share a 10 GB item collection. Entities that
 * hang under a parent share its collections; entities with the same
 * constant key share that one. */
typedef struct
{
  char         *key;
  KsEntityCost *root;
  double        bytes;
} Collection;

static void
collection_free (Collection *c)
{
  g_free (c->key);
  g_free (c);
}

static gboolean
table_has_lsi (KsTable *table)
{
  GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));

  for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
    {
      g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
      if (ks_index_get_kind (index) == KS_INDEX_LSI)
        return TRUE;
    }
  return FALSE;
}

static void
check_collections (KsLintContext *ctx)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) collection_free);

  for (guint e = 0; e < ctx->cost->entities->len; e++)
    {
      KsEntityCost *ec = g_ptr_array_index (ctx->cost->entities, e);
      KsViewCost *table_vc = NULL;
      Collection *group = NULL;
      double lsi_bytes = 0;
      g_autofree char *key = NULL;

      if (ec->table == NULL || ec->expected_items == 0 || !table_has_lsi (ec->table))
        continue;
      for (guint v = 0; v < ec->views->len; v++)
        {
          KsViewCost *vc = &g_array_index (ec->views, KsViewCost, v);
          KsIndex *index = ks_view_get_index (vc->view);
          if (index == NULL)
            table_vc = vc;
          else if (ks_index_get_kind (index) == KS_INDEX_LSI)
            lsi_bytes += vc->fraction * vc->entry_size;
        }
      if (table_vc == NULL || table_vc->n_entries == 0)
        continue;
      if (table_vc->kind == KS_PARTITION_PER_PARENT)
        key = g_strdup_printf ("entity:%p", (void *) table_vc->parent);
      else if (table_vc->kind == KS_PARTITION_CONSTANT)
        key = g_strdup_printf ("constant:%p:%s", (void *) ec->table,
                               ks_entity_get_template (ec->entity, ks_view_get_key_schema (table_vc->view)->pk[0].name));
      else
        key = g_strdup_printf ("entity:%p", (void *) ec->entity);
      for (guint g = 0; g < groups->len && group == NULL; g++)
        if (g_str_equal (((Collection *) g_ptr_array_index (groups, g))->key, key))
          group = g_ptr_array_index (groups, g);
      if (group == NULL)
        {
          group = g_new0 (Collection, 1);
          group->key = g_steal_pointer (&key);
          group->root = ec;
          g_ptr_array_add (groups, group);
        }
      group->bytes += table_vc->items_per_partition * (ec->item_size + lsi_bytes);
    }
  for (guint g = 0; g < groups->len; g++)
    {
      Collection *c = g_ptr_array_index (groups, g);
      const char *pk;

      if (c->bytes <= KS_ITEM_COLLECTION_LIMIT)
        continue;
      pk = ks_table_get_key_schema (c->root->table)->pk[0].name;
      _ks_lint_add (ctx, KS_SEVERITY_WARNING, "lsi-collection-size",
                    g_strdup_printf ("entities[%u].keys.%s", _ks_lint_entity_index (ctx, c->root->entity), pk),
                    c->root->entity, NULL, pk,
                    "entity %s: table %s has an LSI, so the items and LSI entries of one partition key value may hold at most 10 GB; at the expected item counts one item collection of %s reaches %.1f GB, and writes to it would fail with ItemCollectionSizeLimitExceededException (rules §3.6)",
                    ks_entity_get_name (c->root->entity), ks_table_get_name (c->root->table),
                    ks_entity_get_name (c->root->entity), c->bytes / (1024.0 * 1024 * 1024));
    }
}

/* Bytes of the keys an index entry needs at least (KEYS_ONLY, §4.2). */
static gsize
keys_only_size (KsView *view, KsItem *item)
{
  KsTable *table = ks_view_get_table (view);
  const KsKeySchema *schemas[2] = { ks_table_get_key_schema (table), ks_view_get_key_schema (view) };
  KsValue *final = ks_item_get_final (item);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gsize size = 0;

  for (guint s = 0; s < 2; s++)
    for (guint k = 0; k < schemas[s]->n_pk + schemas[s]->n_sk; k++)
      {
        const char *name = k < schemas[s]->n_pk ? schemas[s]->pk[k].name : schemas[s]->sk[k - schemas[s]->n_pk].name;
        KsValue *v = ks_value_lookup (final, name);
        if (v && g_hash_table_add (seen, (gpointer) name))
          size += strlen (name) + ks_value_size (v);
      }
  return size;
}

/* over-projection (§4.4, §11): an ALL projection copies every attribute
 * into the index, so each write there costs as much as the item. */
static void
check_projection (KsLintContext *ctx)
{
  for (guint e = 0; e < ctx->cost->entities->len; e++)
    {
      KsEntityCost *ec = g_ptr_array_index (ctx->cost->entities, e);

      if (ec->writes_per_second <= 0)
        continue;
      for (guint v = 0; v < ec->views->len; v++)
        {
          KsViewCost *vc = &g_array_index (ec->views, KsViewCost, v);
          KsIndex *index = ks_view_get_index (vc->view);
          double keys_units = 0;
          guint n = 0;
          g_autofree char *path = NULL;

          if (index == NULL || ks_index_get_projection (index) != KS_PROJECTION_ALL || vc->n_entries == 0)
            continue;
          for (guint i = 0; i < ks_entity_get_n_items (ec->entity); i++)
            {
              KsItem *item = ks_entity_get_item (ec->entity, i);
              if (!ks_view_find_item (vc->view, item, NULL))
                continue;
              keys_units += ks_write_units (keys_only_size (vc->view, item));
              n++;
            }
          if (n == 0)
            continue;
          keys_units /= n;
          if (vc->units <= keys_units + 1e-9)
            continue;
          path = _ks_lint_view_path (ctx, vc->view);
          _ks_lint_add (ctx, KS_SEVERITY_INFO, "over-projection", g_steal_pointer (&path), ec->entity, NULL, NULL,
                        "%s %s projects ALL: each %s write costs %g WCU there, %g with KEYS_ONLY (or INCLUDE of what the patterns read); at %g writes/s that is %g WCU/s more, and %.2f GB more storage (rules §4.2, §4.4)",
                        ks_index_kind_to_string (ks_index_get_kind (index)), ks_index_get_name (index),
                        ks_entity_get_name (ec->entity), vc->units, keys_units, ec->writes_per_second,
                        ec->writes_per_second * vc->fraction * (vc->units - keys_units),
                        ec->expected_items * vc->fraction * vc->entry_size / (1024.0 * 1024 * 1024));
        }
    }
}

/* write-amplification (§4.4): every index an item lands in costs a write
 * of its entry; an update that changes an index key costs two there. */
static void
check_amplification (KsLintContext *ctx)
{
  for (guint e = 0; e < ctx->cost->entities->len; e++)
    {
      KsEntityCost *ec = g_ptr_array_index (ctx->cost->entities, e);
      g_autoptr(GString) parts = g_string_new (NULL);
      g_autofree char *rate = NULL;

      if (ec->n_samples == 0 || ec->index_units <= ec->table_units + 1e-9)
        continue;
      for (guint v = 0; v < ec->views->len; v++)
        {
          KsViewCost *vc = &g_array_index (ec->views, KsViewCost, v);
          if (ks_view_get_index (vc->view) == NULL || vc->n_entries == 0)
            continue;
          g_string_append_printf (parts, "%s%s %.2g", parts->len ? ", " : "", ks_view_get_name (vc->view),
                                  vc->units_per_write);
        }
      if (ec->writes_per_second > 0)
        rate = g_strdup_printf ("; at %g writes/s: %.3g WCU/s", ec->writes_per_second, ec->units_per_second);
      _ks_lint_add (ctx, KS_SEVERITY_INFO, "write-amplification",
                    g_strdup_printf ("entities[%u]", _ks_lint_entity_index (ctx, ec->entity)),
                    ec->entity, NULL, NULL,
                    "entity %s: a write costs %.2g WCU on the table and %.2g on its indexes (%s), %.3g in all; an update that changes an index key costs 2 writes in that index (rules §4.4)%s",
                    ks_entity_get_name (ec->entity), ec->table_units, ec->index_units, parts->str,
                    ec->units_per_write, rate ? rate : "");
    }
}

void
_ks_lint_rules_load (KsLintContext *ctx)
{
  check_hot (ctx);
  check_collections (ctx);
  check_projection (ctx);
  check_amplification (ctx);
}
