/* ks-engine-entity.c: a template edit of one entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recomputing one entity's items (a template or its name changed): its
 * entries are dropped from every view in one pass, its items computed
 * again and their new entries sorted and merged back, into the gap the
 * old ones left when they belong there. Views whose keys the edit does
 * not feed keep their entries and places, and only refresh the values
 * they borrow from the items.
 */
#define G_LOG_DOMAIN "keyshape-engine"

#include "config.h"

#include <string.h>

#include "ks-engine-internal.h"
#include "ks-util-private.h"

/* Entity recompute: drop its entries, recompute, sort and merge back. */
/* A set of item pointers, to find an entity's entries in a view without
 * reading every entry's item (a cache miss each in a large view). */
typedef struct
{
  gconstpointer item;
  guint         index;      /* in the entity */
} ItemSlot;

typedef struct
{
  ItemSlot *slots;
  guint     mask;
} ItemSet;

static inline guint
item_set_hash (gconstpointer p)
{
  return (guint) (((guint64) GPOINTER_TO_SIZE (p) >> 4) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) >> 40);
}

static void
item_set_init (ItemSet *set, KsEntity *entity)
{
  guint n = ks_entity_get_n_items (entity), size = 16;

  while (size < 2 * n)
    size *= 2;
  set->slots = g_new0 (ItemSlot, size);
  set->mask = size - 1;
  for (guint i = 0; i < n; i++)
    {
      gconstpointer item = ks_entity_get_item (entity, i);
      guint h = item_set_hash (item) & set->mask;
      while (set->slots[h].item != NULL)
        h = (h + 1) & set->mask;
      set->slots[h].item = item;
      set->slots[h].index = i;
    }
}

/* The index of @item in the entity, or -1. */
static inline gint
item_set_find (const ItemSet *set, gconstpointer item)
{
  for (guint h = item_set_hash (item) & set->mask; set->slots[h].item != NULL; h = (h + 1) & set->mask)
    if (set->slots[h].item == item)
      return (gint) set->slots[h].index;
  return -1;
}

static inline gboolean
item_set_contains (const ItemSet *set, gconstpointer item)
{
  return item_set_find (set, item) >= 0;
}

typedef struct
{
  KsView        *view;
  KsEntity      *entity;
  const ItemSet *items;     /* the entity's items */
  gboolean       changed;
  gboolean       gap;       /* its entries were [gap_lo, gap_hi), left in place */
  guint          gap_lo, gap_hi;
  gboolean       refresh;   /* keep the entries: refresh_entity_in_view () */
  gboolean       ties;      /* …and the table's keys, which break ties, changed */
  GPtrArray     *renewed;   /* keys whose values are new objects (interned names) */
  KsValue      **table_keys; /* per item of the entity, its new table keys (2) */
} EntityViewJob;

/* Before the items are computed again: entries point into their final
 * attributes. */
static void
drop_entity_from_view (gpointer job, gpointer data)
{
  EntityViewJob *j = job;
  KsView *view = j->view;
  KsEntry *e = view->entries.data;
  guint len = view->entries.len, k = 0, lo, hi, w;

  /* one pass, each entry asked once: when the entity's entries are one
   * run (partition keys that start with the entity's own prefix, as in
   * most tables), the new ones usually go to the same place, so the run
   * stays as a gap for merge_entity_into_view (); otherwise the others
   * close up */
  while (k < len && !item_set_contains (j->items, e[k].item))
    k++;
  j->changed = k < len;
  if (k == len)
    return;
  view->partitions_dirty = TRUE;
  lo = k;
  for (; k < len && item_set_contains (j->items, e[k].item); k++)
    _ks_entry_clear (view, &e[k]);
  hi = k;
  while (k < len && !item_set_contains (j->items, e[k].item))
    k++;
  if (k == len)
    {
      j->gap = TRUE;
      j->gap_lo = lo;
      j->gap_hi = hi;
      return;
    }
  /* a second run: close up from the first */
  memmove (&e[lo], &e[hi], (k - hi) * sizeof (KsEntry));
  w = lo + (k - hi);
  for (; k < len; k++)
    {
      if (item_set_contains (j->items, e[k].item))
        _ks_entry_clear (view, &e[k]);
      else
        e[w++] = e[k];
    }
  /* shrink without running the clear function on moved entries */
  view->entries.len = w;
}

/* Closes the gap drop_entity_from_view () left. */
static void
close_gap (EntityViewJob *j)
{
  KsView *view = j->view;

  if (!j->gap)
    return;
  memmove (&ENTRY_AT (view, j->gap_lo), &ENTRY_AT (view, j->gap_hi),
           (view->entries.len - j->gap_hi) * sizeof (KsEntry));
  view->entries.len -= j->gap_hi - j->gap_lo;
  j->gap = FALSE;
}

/* Puts @fresh (sorted) in the gap when it belongs exactly there: one move
 * of the entries after it at most. */
static gboolean
fill_gap (EntityViewJob *j, const EntryArray *fresh)
{
  KsView *view = j->view;
  guint lo = j->gap_lo, hi = j->gap_hi, len = view->entries.len;
  guint n = fresh->len;

  if (!j->gap)
    return FALSE;
  /* the general merge puts a new entry after equal old ones */
  if (n > 0 && ((lo > 0 && _ks_entry_compare (&ENTRY_AT (view, lo - 1), &fresh->data[0]) > 0) ||
                (hi < len && _ks_entry_compare (&fresh->data[n - 1], &ENTRY_AT (view, hi)) >= 0)))
    return FALSE;
  if (n != hi - lo)
    {
      _ks_entry_array_reserve (&view->entries, len - (hi - lo) + n);
      memmove (&ENTRY_AT (view, lo + n), &ENTRY_AT (view, hi), (len - hi) * sizeof (KsEntry));
      view->entries.len = len - (hi - lo) + n;
    }
  if (n > 0)
    memcpy (&ENTRY_AT (view, lo), fresh->data, n * sizeof (KsEntry));
  j->gap = FALSE;
  return TRUE;
}

static void
merge_entity_into_view (gpointer job, gpointer data)
{
  EntityViewJob *j = job;
  KsView *view = j->view;
  KsEntity *entity = j->entity;
  guint n_items = ks_entity_get_n_items (entity);
  EntryArray fresh = { NULL, 0, 0 };
  g_autoptr(GArray) slots = NULL;

  _ks_entry_array_reserve (&fresh, n_items);
  slots = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_items);
  for (guint i = 0; i < n_items; i++)
    {
      KsItem *item = ks_entity_get_item (entity, i);
      KsEntry entry;
      guint slot;
      if ((item->flags & ITEM_INDEXED) && _ks_view_make_entry (view, item, item->final, &entry, &slot))
        {
          fresh.data[fresh.len++] = entry;
          g_array_append_val (slots, slot);
        }
    }
  if (fresh.len > 0)
    _ks_view_sort_entries (view, &fresh, (const guint32 *) slots->data, NULL);
  if (fill_gap (j, &fresh))
    j->changed = TRUE;
  else if (fresh.len > 0)
    {
      guint n_old, out;
      KsEntry *e;
      gint a, b;

      close_gap (j);
      n_old = view->entries.len;
      out = n_old + fresh.len;
      a = (gint) n_old - 1;
      /* merge in place, from the back: no second array of the view */
      b = (gint) fresh.len - 1;
      _ks_entry_array_reserve (&view->entries, out);
      view->entries.len = out;
      e = view->entries.data;
      while (b >= 0)
        {
          KsEntry *eb = &fresh.data[b];
          if (a >= 0 && _ks_entry_compare (&e[a], eb) > 0)
            e[--out] = e[a--];
          else
            e[--out] = *eb, b--;
        }
      j->changed = TRUE;
    }
  close_gap (j);
  /* the entries moved into the view */
  _ks_big_realloc (fresh.data, fresh.room * sizeof (KsEntry), 0);
  if (j->changed)
    view->partitions_dirty = TRUE;
}

/* Whether any of @view's keys is one of @keys (interned names). */
static gboolean
view_reads_any (KsView *view, GPtrArray *keys)
{
  for (guint c = 0; c < keys->len; c++)
    {
      const char *key = g_ptr_array_index (keys, c);
      for (guint i = 0; i < view->keys->n_pk; i++)
        if (view->pk_names[i] == key)
          return TRUE;
      for (guint i = 0; i < view->keys->n_sk; i++)
        if (view->sk_names[i] == key)
          return TRUE;
    }
  return FALSE;
}

/* After a template edit that feeds none of @view's keys, with the entity's
 * items in the same views as before: their entries keep their keys and
 * their places. Only the values they borrow from the items' new final
 * attributes are looked up again; when the table's keys changed (they
 * break ties between equal index keys), entries that now tie out of
 * order are moved (insertion: the view is sorted but for them). */
/* Whether two entries of a view have equal keys (pk and sk). */
static inline gboolean
same_index_keys (const KsEntry *a, const KsEntry *b)
{
  return a->pk == b->pk && a->sk_prefix == b->sk_prefix && a->sk_prefix2 == b->sk_prefix2 &&
         _ks_compare_opt (a->sk, b->sk) == 0;
}

static void
refresh_entity_in_view (EntityViewJob *j)
{
  KsView *view = j->view;
  KsEntry *e = view->entries.data;
  guint len = view->entries.len;
  gboolean disorder = FALSE, tied = FALSE;
  /* the values of the keys whose templates did not change are the same
   * objects as before; the others are looked up again */
  gboolean sk = view->keys->n_sk == 1 && g_ptr_array_find (j->renewed, view->sk_names[0], NULL);
  gboolean tpk = view->tpk_name && g_ptr_array_find (j->renewed, view->tpk_name, NULL);
  gboolean tsk = view->tsk_name && g_ptr_array_find (j->renewed, view->tsk_name, NULL);

  for (guint k = 0; k < len; k++)
    {
      gint i = item_set_find (j->items, e[k].item);

      if (i < 0)
        continue;
      j->changed = TRUE;
      /* the table keys as _ks_engine_compute_chunk () found them, without
       * reading the item's attributes again */
      if (tpk)
        e[k].table_pk = j->table_keys[2 * i];
      if (tsk)
        e[k].table_sk = j->table_keys[2 * i + 1];
      if (sk)
        e[k].sk = ks_value_lookup_interned_hint (e[k].item->final, view->sk_names[0], &view->hints.sk[0]);
      g_assert (e[k].sk != NULL || view->keys->n_sk == 0);
      /* entries of equal index keys next to it: their order may change
       * (their sort keys are live values, unless the sort key is one of
       * the renewed ones, when the pass below looks at every entry) */
      if (j->ties && !sk && !tied &&
          ((k > 0 && same_index_keys (&e[k - 1], &e[k])) || (k + 1 < len && same_index_keys (&e[k], &e[k + 1]))))
        tied = TRUE;
    }
  if (j->ties && sk)
    tied = TRUE;
  /* once every entry holds live values */
  for (guint k = 0; tied && k < len && !disorder; k++)
    if (item_set_contains (j->items, e[k].item) &&
        ((k > 0 && _ks_entry_compare (&e[k - 1], &e[k]) > 0) ||
         (k + 1 < len && _ks_entry_compare (&e[k], &e[k + 1]) > 0)))
      disorder = TRUE;
  if (!disorder)
    return;
  view->partitions_dirty = TRUE;
  for (guint k = 1; k < len; k++)
    {
      KsEntry x = e[k];
      guint i = k;
      for (; i > 0 && _ks_entry_compare (&e[i - 1], &x) > 0; i--)
        e[i] = e[i - 1];
      e[i] = x;
    }
}

static void
update_entity_in_view (gpointer job, gpointer data)
{
  EntityViewJob *j = job;

  if (j->refresh)
    refresh_entity_in_view (j);
  else
    merge_entity_into_view (j, data);
}

/* @changed: the templates that changed (interned keys), or NULL when
 * anything about the entity may have (its name: the type attribute). */
void
_ks_engine_recompute_entity (KsEngine *self, KsEntity *entity, GPtrArray *changed, KsChangeSet *changes)
{
  KsTable *table = ks_design_get_entity_table (self->design, entity);
  guint n_items = ks_entity_get_n_items (entity);
  gboolean parallel = n_items >= PARALLEL_MIN_ITEMS && !self->serial;
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) _ks_item_chunk_free);
  g_autoptr(GPtrArray) view_jobs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) drop_jobs = g_ptr_array_new ();
  g_autoptr(GPtrArray) add_jobs = g_ptr_array_new ();
  g_autofree guint8 *was_indexed = NULL;
  g_autoptr(GPtrArray) renewed = NULL;
  g_autofree KsValue **table_keys = NULL;
  ItemSet items;

  /* a template edit leaves the views its keys do not feed as they are,
   * unless an item of the entity was edited too (its values may give
   * other keys) */
  if (changed != NULL && table != NULL)
    {
      was_indexed = g_new (guint8, n_items);
      for (guint i = 0; i < n_items && was_indexed; i++)
        {
          KsItem *item = ks_entity_get_item (entity, i);
          if (g_hash_table_contains (self->dirty_items, item))
            g_clear_pointer (&was_indexed, g_free);
          else
            was_indexed[i] = item->flags & ITEM_INDEXED;
        }
    }

  item_set_init (&items, entity);
  for (guint v = 0; v < self->views->len; v++)
    {
      KsView *view = g_ptr_array_index (self->views, v);
      EntityViewJob *j;

      /* every view of any table: the entity may have moved tables */
      j = g_new0 (EntityViewJob, 1);
      j->view = view;
      j->entity = entity;
      j->items = &items;
      j->refresh = was_indexed != NULL && view->table == table && !view_reads_any (view, changed);
      j->ties = j->refresh && ((view->tpk_name && g_ptr_array_find (changed, view->tpk_name, NULL)) ||
                               (view->tsk_name && g_ptr_array_find (changed, view->tsk_name, NULL)));
      g_ptr_array_add (view_jobs, j);
      if (!j->refresh)
        g_ptr_array_add (drop_jobs, j);
    }
  _ks_engine_run_jobs (self, drop_jobs, drop_entity_from_view, NULL, parallel);

  g_hash_table_remove (self->plans, entity);
  _ks_engine_add_item_chunks (self, chunks, entity, changed, parallel, NULL);
  if (was_indexed != NULL)
    {
      /* the kept views take the new table keys from the computation */
      const KsKeySchema *tk = ks_table_get_key_schema (table);
      table_keys = g_new0 (KsValue *, 2 * n_items);
      for (guint c = 0; c < chunks->len; c++)
        {
          ItemChunk *chunk = g_ptr_array_index (chunks, c);
          chunk->table_keys = table_keys;
          chunk->table_names[0] = tk->n_pk ? g_intern_string (tk->pk[0].name) : NULL;
          chunk->table_names[1] = tk->n_sk ? g_intern_string (tk->sk[0].name) : NULL;
        }
    }
  _ks_engine_run_jobs (self, chunks, _ks_engine_compute_chunk, NULL, parallel);

  /* an item that joined or left the table (a key error came or went)
   * changes every view: the kept ones are emptied of the entity now (that
   * reads only which item an entry is for) and filled again */
  if (was_indexed != NULL)
    for (guint i = 0; i < n_items; i++)
      if ((ks_entity_get_item (entity, i)->flags & ITEM_INDEXED) != was_indexed[i])
        {
          g_ptr_array_set_size (drop_jobs, 0);
          for (guint v = 0; v < view_jobs->len; v++)
            {
              EntityViewJob *j = g_ptr_array_index (view_jobs, v);
              if (j->refresh)
                {
                  j->refresh = FALSE;
                  g_ptr_array_add (drop_jobs, j);
                }
            }
          _ks_engine_run_jobs (self, drop_jobs, drop_entity_from_view, NULL, parallel);
          break;
        }

  /* the keys whose values are new objects: the changed templates, the
   * literal ones and the type attribute (per-thread copies) */
  if (was_indexed != NULL)
    {
      Plan *plan = _ks_engine_get_plan (self, entity);
      renewed = g_ptr_array_copy (changed, NULL, NULL);
      for (guint t = 0; t < plan->keys->len; t++)
        if (g_array_index (plan->keys, PlanKey, t).constant != NULL)
          g_ptr_array_add (renewed, (gpointer) g_array_index (plan->keys, PlanKey, t).key);
      if (plan->type_attr)
        g_ptr_array_add (renewed, (gpointer) plan->type_attr);
    }

  /* back into the views of its table */
  for (guint v = 0; v < view_jobs->len; v++)
    {
      EntityViewJob *j = g_ptr_array_index (view_jobs, v);
      j->renewed = renewed;
      j->table_keys = table_keys;
      if (j->view->table == table && table != NULL)
        g_ptr_array_add (add_jobs, j);
    }
  _ks_engine_run_jobs (self, add_jobs, update_entity_in_view, NULL, parallel);
  for (guint v = 0; v < view_jobs->len; v++)
    close_gap (g_ptr_array_index (view_jobs, v));
  for (guint v = 0; v < view_jobs->len; v++)
    {
      EntityViewJob *j = g_ptr_array_index (view_jobs, v);
      if (j->changed)
        _ks_add_unique (changes->views, j->view);
    }

  for (guint i = 0; i < n_items; i++)
    {
      KsItem *item = ks_entity_get_item (entity, i);
      g_hash_table_remove (self->dirty_items, item);
      g_ptr_array_add (changes->items, ks_item_ref (item));
    }
  _ks_add_unique (changes->entities, entity);
  g_free (items.slots);
}
