/* ks-engine-item.c: computing items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An entity's plan (its key templates, the key checks of its table and
 * indexes, the type attribute), worked out once per entity; an item's
 * final attributes, size and errors from it; the design's own problems
 * (templates); and the chunks of items the engine computes in parallel,
 * which in a full recompute also make the items' entries.
 */
#define G_LOG_DOMAIN "keyshape-engine"

#include "config.h"

#include <string.h>

#include "ks-engine-internal.h"
#include "ks-util-private.h"

/* Item computation ------------------------------------------------------- */

static void
item_add_problem (KsItem *item, KsProblem *problem)
{
  if (item->errors == NULL)
    item->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_problem_free);
  problem->item = item;
  problem->entity = item->entity;
  g_ptr_array_add (item->errors, problem);
}

KsType
_ks_key_type_for (KsTable *table, const char *attr, gboolean *is_key)
{
  const KsKeyAttr *ka = ks_key_schema_find (ks_table_get_key_schema (table), attr);
  GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));

  if (ka == NULL)
    {
      guint n = g_list_model_get_n_items (indexes);
      for (guint i = 0; i < n && ka == NULL; i++)
        {
          g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
          ka = ks_key_schema_find (ks_index_get_key_schema (index), attr);
        }
    }
  *is_key = ka != NULL;
  return ka ? ka->type : KS_TYPE_S;
}

static void
check_key_value (KsItem *item, const KsValue *final, const PlanCheck *pc, guint *hint)
{
  const KsKeyAttr *ka = &pc->attr;
  const char *index_name = pc->index;
  gboolean is_sort = pc->sort;
  gboolean required = pc->required;
  KsValue *v = ks_value_lookup_interned_hint (final, pc->name, hint);
  gsize len = 0;

  if (v == NULL)
    {
      if (required)
        item_add_problem (item, ks_problem_new (KS_SEVERITY_ERROR, "key-missing", NULL,
                                                "One or more parameter values were invalid: Missing the key %s in the item",
                                                ka->name));
      return;
    }
  if (ks_value_get_type (v) != ka->type)
    {
      if (index_name)
        item_add_problem (item, ks_problem_new (KS_SEVERITY_ERROR, "key-type-mismatch", NULL,
                                                "One or more parameter values were invalid: Type mismatch for Index Key %s Expected: %s Actual: %s IndexName: %s",
                                                ka->name, ks_type_to_string (ka->type),
                                                ks_type_to_string (ks_value_get_type (v)), index_name));
      else
        item_add_problem (item, ks_problem_new (KS_SEVERITY_ERROR, "key-type-mismatch", NULL,
                                                "One or more parameter values were invalid: Type mismatch for key %s expected: %s actual: %s",
                                                ka->name, ks_type_to_string (ka->type),
                                                ks_type_to_string (ks_value_get_type (v))));
      return;
    }
  if (ka->type == KS_TYPE_N)
    return;
  ks_value_get_string (v, &len);
  if (len == 0)
    {
      const char *what = ka->type == KS_TYPE_B ? "binary" : "string";
      if (index_name)
        item_add_problem (item, ks_problem_new (KS_SEVERITY_ERROR, "key-empty", NULL,
                                                "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty %s value. IndexName: %s, IndexKey: %s",
                                                what, index_name, ka->name));
      else
        item_add_problem (item, ks_problem_new (KS_SEVERITY_ERROR, "key-empty", NULL,
                                                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty %s value. Key: %s",
                                                what, ka->name));
      return;
    }
  if (!is_sort && len > 2048)
    item_add_problem (item, ks_problem_new (KS_SEVERITY_ERROR, "key-too-long", NULL,
                                            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes (%s%s%s is %" G_GSIZE_FORMAT " bytes)",
                                            ka->name, index_name ? " in " : "", index_name ? index_name : "", len));
  else if (is_sort && len > 1024)
    item_add_problem (item, ks_problem_new (KS_SEVERITY_ERROR, "key-too-long", NULL,
                                            "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes (%s%s%s is %" G_GSIZE_FORMAT " bytes)",
                                            ka->name, index_name ? " in " : "", index_name ? index_name : "", len));
}

void
_ks_plan_free (Plan *plan)
{
  for (guint i = 0; i < plan->keys->len; i++)
    g_clear_pointer (&g_array_index (plan->keys, PlanKey, i).constant, ks_value_unref);
  g_array_unref (plan->keys);
  g_array_unref (plan->checks);
  g_clear_pointer (&plan->type_value, ks_value_unref);
  g_free (plan);
}

static void
plan_add_checks (GArray *checks, const KsKeySchema *schema, const char *index, gboolean required)
{
  for (guint i = 0; i < schema->n_pk + schema->n_sk; i++)
    {
      PlanCheck c;
      gboolean sort = i >= schema->n_pk;
      c.attr = sort ? schema->sk[i - schema->n_pk] : schema->pk[i];
      c.name = g_intern_string (c.attr.name);
      c.index = index;
      c.sort = sort;
      c.required = required;
      g_array_append_val (checks, c);
    }
}

static Plan *
plan_new (KsEntity *entity, KsTable *table)
{
  Plan *plan = g_new0 (Plan, 1);
  const char *type_attr;

  plan->table = table;
  plan->keys = g_array_new (FALSE, FALSE, sizeof (PlanKey));
  plan->checks = g_array_new (FALSE, FALSE, sizeof (PlanCheck));
  if (table == NULL)
    return plan;

  for (guint t = 0; t < ks_entity_get_n_templates (entity); t++)
    {
      const char *key = ks_entity_get_template_key (entity, t);
      PlanKey pk;
      gboolean is_key;
      pk.key = g_intern_string (key);
      pk.key_len = strlen (key);
      pk.tmpl = ks_entity_get_parsed_template (entity, key);
      pk.type = _ks_key_type_for (table, key, &is_key);
      pk.constant = NULL;
      if (pk.tmpl && pk.type == KS_TYPE_S && ks_template_is_literal (pk.tmpl))
        {
          g_autoptr(KsValue) empty = ks_value_new_empty_map ();
          ks_template_render (pk.tmpl, empty, KS_TYPE_S, &pk.constant, NULL, NULL, NULL);
        }
      if (pk.tmpl != NULL)
        g_array_append_val (plan->keys, pk);
    }

  plan_add_checks (plan->checks, ks_table_get_key_schema (table), NULL, TRUE);
  {
    GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));
    for (guint x = 0; x < g_list_model_get_n_items (indexes); x++)
      {
        g_autoptr(KsIndex) index = g_list_model_get_item (indexes, x);
        /* the index outlives the plan: plans go with every structural change */
        plan_add_checks (plan->checks, ks_index_get_key_schema (index), ks_index_get_name (index), FALSE);
      }
  }

  type_attr = ks_table_get_type_attribute (table);
  if (type_attr != NULL && *type_attr != '\0')
    {
      plan->type_attr = g_intern_string (type_attr);
      plan->type_value = ks_value_new_string (ks_entity_get_name (entity), -1);
    }
  return plan;
}

Plan *
_ks_engine_get_plan (KsEngine *self, KsEntity *entity)
{
  Plan *plan = g_hash_table_lookup (self->plans, entity);

  if (plan == NULL)
    {
      plan = plan_new (entity, ks_design_get_entity_table (self->design, entity));
      g_hash_table_insert (self->plans, entity, plan);
    }
  return plan;
}

/* Computes item->final, size and errors. Does not touch views. */
/* Sets @name in entries[0..*n): computed keys replace the item's own value
 * of that attribute (only the first @n_own can hold one). */
/* Sets @name (@name_len bytes) in entries[0..*n): computed keys replace
 * the item's own value of that attribute. Returns by how much the item's
 * size (ks_item_size ()) changes. */
static inline gssize
entries_set (KsMapEntry *entries, guint *n, const char *name, gsize name_len, KsValue *value)
{
  for (guint i = 0; i < *n; i++)
    if (entries[i].name == name)
      {
        /* ${attr} of the attribute itself: the same value */
        gssize delta = value == entries[i].value ? 0
                       : (gssize) ks_value_size (value) - (gssize) ks_value_size (entries[i].value);
        ks_value_unref (entries[i].value);
        entries[i].value = value;
        return delta;
      }
  entries[*n].name = name;
  entries[*n].value = value;
  (*n)++;
  return (gssize) (name_len + ks_value_size (value));
}

/* @changed (interned key names), when not NULL, says that only these
 * templates changed since the item was last computed: the other keys come
 * from its previous final attributes instead of being rendered again. Only
 * for items whose values did not change and that had no errors. */
/* What one thread uses for a run of items: where attributes were found in
 * the previous item (see ks_value_lookup_interned_hint ()), and its own
 * copies of the values every item of the entity shares (literal keys, the
 * type attribute), so that two threads never count references to one
 * value at the same time. */
typedef struct
{
  guint    *hints;        /* plan->checks->len + plan->keys->len */
  KsValue **constants;    /* per plan key, or NULL */
  KsValue  *type_value;
  guint     table_hints[2];
} ItemScratch;

static void
item_scratch_init (ItemScratch *scratch, Plan *plan, gboolean copies)
{
  scratch->hints = g_new0 (guint, plan->checks->len + plan->keys->len);
  scratch->table_hints[0] = scratch->table_hints[1] = 0;
  scratch->constants = g_new0 (KsValue *, plan->keys->len);
  for (guint t = 0; t < plan->keys->len; t++)
    {
      KsValue *c = g_array_index (plan->keys, PlanKey, t).constant;
      if (c != NULL)
        scratch->constants[t] = copies ? ks_value_new_string (ks_value_get_string (c, NULL), -1) : ks_value_ref (c);
    }
  scratch->type_value = plan->type_value == NULL ? NULL
                        : copies ? ks_value_new_string (ks_value_get_string (plan->type_value, NULL), -1)
                        : ks_value_ref (plan->type_value);
}

static void
item_scratch_clear (ItemScratch *scratch, Plan *plan)
{
  for (guint t = 0; t < plan->keys->len; t++)
    g_clear_pointer (&scratch->constants[t], ks_value_unref);
  g_clear_pointer (&scratch->constants, g_free);
  g_clear_pointer (&scratch->type_value, ks_value_unref);
  g_clear_pointer (&scratch->hints, g_free);
}

static void
compute_item_reusing (KsEngine *self, KsEntity *entity, Plan *plan, KsItem *item, GPtrArray *changed,
                      ItemScratch *scratch)
{
  guint *hints = scratch->hints;
  gssize size;
  KsValue *final;
  KsMapEntry *entries;
  KsValue *values = item->values;
  guint n_values = ks_value_get_length (values);
  guint n = 0;
  g_autoptr(KsValue) reuse = NULL;

  if (changed != NULL && item->errors == NULL)
    reuse = g_steal_pointer (&item->final);
  g_clear_pointer (&item->final, ks_value_unref);
  g_clear_pointer (&item->errors, g_ptr_array_unref);
  item->size = 0;

  if (plan->table == NULL)
    {
      item->final = ks_value_ref (values);
      item->size = ks_item_size (values);
      item_add_problem (item, ks_problem_new (KS_SEVERITY_ERROR, "table-unknown", NULL,
                                              "entity %s: no table named \"%s\"",
                                              ks_entity_get_name (entity),
                                              ks_entity_get_table (entity) ? ks_entity_get_table (entity) : ""));
      return;
    }

  /* the item's own size is known until its values change */
  if (item->own_size == 0)
    item->own_size = ks_item_size (values) + 1;
  size = item->own_size - 1;
  /* the map and its entries in one allocation */
  final = _ks_value_new_map_inline (n_values + plan->keys->len + 1, &entries);
  for (guint i = 0; i < n_values; i++)
    {
      const KsMapEntry *e = ks_value_get_entry (values, i);
      entries[n].name = e->name;
      entries[n].value = ks_value_ref (e->value);
      n++;
    }

  for (guint t = 0; t < plan->keys->len; t++)
    {
      const PlanKey *pk = &g_array_index (plan->keys, PlanKey, t);
      GError *error = NULL;
      const char *missing = NULL;
      KsValue *out = NULL;
      KsProblem *p;

      if (pk->constant)
        {
          /* a literal key (PROFILE, ALL): one value for the items */
          size += entries_set (entries, &n, pk->key, pk->key_len, ks_value_ref (scratch->constants[t]));
          continue;
        }
      if (reuse != NULL && !g_ptr_array_find (changed, pk->key, NULL))
        {
          /* the same template on the same values: the same key, or none */
          KsValue *v = ks_value_lookup_interned_hint (reuse, pk->key, &hints[plan->checks->len + t]);
          if (v != NULL)
            size += entries_set (entries, &n, pk->key, pk->key_len, ks_value_ref (v));
          continue;
        }
      switch (ks_template_render (pk->tmpl, values, pk->type, &out, &missing, NULL, &error))
        {
        case KS_RENDER_OK:
          size += entries_set (entries, &n, pk->key, pk->key_len, out);
          break;
        case KS_RENDER_MISSING:
          break;
        case KS_RENDER_ERROR:
          p = ks_problem_new (KS_SEVERITY_ERROR, "key-type-mismatch", NULL, "%s: %s", pk->key, error->message);
          p->attribute = g_strdup (pk->key);
          item_add_problem (item, p);
          g_error_free (error);
          break;
        }
    }

  if (plan->type_attr)
    size += entries_set (entries, &n, plan->type_attr, strlen (plan->type_attr), ks_value_ref (scratch->type_value));

  _ks_value_map_inline_set_length (final, n);
  item->final = final;
  item->size = (guint32) size;

  /* what DynamoDB would refuse on PutItem */
  for (guint c = 0; c < plan->checks->len; c++)
    {
      const PlanCheck *pc = &g_array_index (plan->checks, PlanCheck, c);
      check_key_value (item, item->final, pc, &hints[c]);
    }
  if (item->size > 409600)
    item_add_problem (item, ks_problem_new (KS_SEVERITY_ERROR, "item-too-large", NULL,
                                            "Item size has exceeded the maximum allowed size (%u bytes)",
                                            item->size));
}

void
_ks_engine_compute_item (KsEngine *self, KsEntity *entity, Plan *plan, KsItem *item)
{
  ItemScratch scratch;

  item_scratch_init (&scratch, plan, FALSE);
  compute_item_reusing (self, entity, plan, item, NULL, &scratch);
  item_scratch_clear (&scratch, plan);
}

/* Design problems -------------------------------------------------------- */

/* Problems of the design itself (templates), recomputed on each flush. */
void
_ks_engine_collect_problems (KsEngine *self)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (self->design));
  guint n = g_list_model_get_n_items (entities);

  g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, i);
      KsTable *table = ks_design_get_entity_table (self->design, entity);

      for (guint t = 0; t < ks_entity_get_n_templates (entity); t++)
        {
          const char *key = ks_entity_get_template_key (entity, t);
          const GError *err = ks_entity_get_template_error (entity, key);
          KsTemplate *tmpl = ks_entity_get_parsed_template (entity, key);
          g_autofree char *path = g_strdup_printf ("entities[%u].keys.%s", i, key);
          KsProblem *p = NULL;

          if (err)
            p = ks_problem_new (KS_SEVERITY_ERROR, "template-syntax", path,
                                "entity %s, key %s: %s", ks_entity_get_name (entity), key, err->message);
          else if (tmpl)
            {
              g_autoptr(GPtrArray) attrs = ks_template_get_attributes (tmpl);
              gboolean is_key = FALSE;
              KsType type = table ? _ks_key_type_for (table, key, &is_key) : KS_TYPE_S;

              for (guint a = 0; a < attrs->len && p == NULL; a++)
                {
                  const char *name = g_ptr_array_index (attrs, a);
                  KsAttribute *attr = ks_entity_find_attribute (entity, name);
                  if (attr == NULL)
                    p = ks_problem_new (KS_SEVERITY_ERROR, "template-unknown-attribute", path,
                                        "entity %s, key %s: unknown attribute \"%s\" in template \"%s\"",
                                        ks_entity_get_name (entity), key, name, ks_template_get_source (tmpl));
                }
              if (p == NULL && (type == KS_TYPE_N || type == KS_TYPE_B))
                {
                  const char *single = ks_template_get_single_attribute (tmpl);
                  KsAttribute *attr = single ? ks_entity_find_attribute (entity, single) : NULL;
                  /* a template that makes a string for an N or B key */
                  if (single == NULL)
                    p = ks_problem_new (KS_SEVERITY_ERROR, "key-type-mismatch", path,
                                        "entity %s, key %s: An %s key takes one %s placeholder such as ${attribute}, not \"%s\"",
                                        ks_entity_get_name (entity), key, ks_type_to_string (type),
                                        type == KS_TYPE_N ? "number" : "binary", ks_template_get_source (tmpl));
                  else if (attr && ks_attribute_get_value_type (attr) != type)
                    p = ks_problem_new (KS_SEVERITY_ERROR, "key-type-mismatch", path,
                                        "entity %s, key %s: ${%s} is of type %s, but %s is of type %s",
                                        ks_entity_get_name (entity), key, single,
                                        ks_type_to_string (ks_attribute_get_value_type (attr)),
                                        key, ks_type_to_string (type));
                }
            }
          if (p)
            {
              p->entity = entity;
              p->attribute = g_strdup (key);
              g_ptr_array_add (self->problems, p);
            }
        }
    }
}

/* Item chunks ------------------------------------------------------------ */

void
_ks_item_chunk_free (ItemChunk *c)
{
  g_free (c->counts);
  g_free (c);
}

/* The partition keys a chunk's items gave a view so far: the entries of
 * equal keys point at one of them, compared while the values are still in
 * the cache, so that fill_view () mostly finds the same pointer. */
#define LOCAL_KEYS (2 * CHUNK_ITEMS)

typedef struct
{
  guint32 hash;
  guint32 at;     /* the entry holding the key, + 1; 0: empty */
} LocalKey;

static KsValue *
local_key (LocalKey *keys, const KsEntry *entries, guint at, KsValue *pk, guint32 hash)
{
  for (guint b = hash & (LOCAL_KEYS - 1);; b = (b + 1) & (LOCAL_KEYS - 1))
    {
      KsValue *known;

      if (keys[b].at == 0)
        {
          keys[b].hash = hash;
          keys[b].at = at + 1;
          return pk;
        }
      if (keys[b].hash != hash)
        continue;
      known = entries[keys[b].at - 1].pk;
      if (known == pk || ks_value_equal (known, pk))
        return known;
    }
}

void
_ks_engine_compute_chunk (gpointer job, gpointer data)
{
  ItemChunk *c = job;
  GPtrArray *views = c->engine->views;
  ItemScratch scratch;
  KeyHints *hints = NULL;
  LocalKey *local = NULL;
  const char *table_names[2] = { NULL, NULL };
  guint table_hints[2] = { 0, 0 };
  KsValue *table_keys[2];

  /* copies of the shared values when another thread may compute items
   * of the same entity */
  item_scratch_init (&scratch, c->plan, c->parallel);
  if (c->counts)
    {
      hints = g_new0 (KeyHints, views->len);
      local = g_new0 (LocalKey, views->len * LOCAL_KEYS);
      for (guint v = 0; v < views->len; v++)
        {
          KsView *view = g_ptr_array_index (views, v);
          if (view->table == c->table)
            {
              table_names[0] = view->tpk_name;
              table_names[1] = view->tsk_name;
            }
        }
    }
  for (guint i = c->start; i < c->end; i++)
    {
      KsItem *item = ks_entity_get_item (c->entity, i);
      /* an item edited since is computed in full (reading the set from
       * two threads is safe: nobody writes it meanwhile) */
      gboolean edited = c->changed && g_hash_table_contains (c->engine->dirty_items, item);
      compute_item_reusing (c->engine, c->entity, c->plan, item, edited ? NULL : c->changed, &scratch);
      if (c->table_keys != NULL)
        for (guint k = 0; k < 2; k++)
          c->table_keys[2 * i + k] = c->table_names[k] == NULL ? NULL
                                     : ks_value_lookup_interned_hint (item->final, c->table_names[k],
                                                                      &scratch.table_hints[k]);
      if (ks_item_has_errors (item) || c->table == NULL)
        {
          item->flags &= ~ITEM_INDEXED;
          continue;
        }
      item->flags |= ITEM_INDEXED;
      if (c->counts == NULL)
        continue;   /* the caller puts it in the views */
      /* its entries while its attributes are in the cache; their
       * partition keys become the views' shared values in fill_view () */
      table_keys[0] = _ks_key_build (item->final, &table_names[0], table_names[0] ? 1 : 0, &table_hints[0]);
      table_keys[1] = _ks_key_build (item->final, &table_names[1], table_names[1] ? 1 : 0, &table_hints[1]);
      for (guint v = 0; v < views->len; v++)
        {
          KsView *view = g_ptr_array_index (views, v);
          guint at = c->base + c->counts[v];

          if (view->table == c->table &&
              _ks_entry_make (view, item, item->final, &view->entries.data[at], &hints[v], table_keys))
            {
              KsEntry *e = &view->entries.data[at];
              guint32 hash = _ks_pk_hash (e->pk);
              if (view->keys->n_pk == 1)
                e->pk = local_key (&local[v * LOCAL_KEYS], view->entries.data, at, e->pk, hash);
              view->fill_hashes[at] = hash;
              view->fill_prefixes[at] = _ks_key_prefix_at (e->pk, 8);
              c->counts[v]++;
            }
        }
    }
  g_free (hints);
  g_free (local);
  item_scratch_clear (&scratch, c->plan);
}

/* Jobs computing @entity's items, in chunks, appended to @jobs; @changed
 * as for compute_item_reusing (). With @base (a full recompute), the
 * chunks make the items' entries too, from @base on in the views. */
guint
_ks_engine_add_item_chunks (KsEngine *self, GPtrArray *jobs, KsEntity *entity, GPtrArray *changed,
                            gboolean parallel, const guint *base)
{
  guint n = ks_entity_get_n_items (entity);
  Plan *plan = _ks_engine_get_plan (self, entity);
  KsTable *table = ks_design_get_entity_table (self->design, entity);

  for (guint start = 0; start < n; start += CHUNK_ITEMS)
    {
      ItemChunk *c = g_new0 (ItemChunk, 1);
      c->engine = self;
      c->entity = entity;
      c->plan = plan;
      c->table = table;
      c->start = start;
      c->end = MIN (n, start + CHUNK_ITEMS);
      c->changed = changed;
      c->parallel = parallel;
      if (base != NULL)
        {
          c->base = *base + start;
          c->counts = g_new0 (guint, self->views->len);
        }
      g_ptr_array_add (jobs, c);
    }
  return n;
}
