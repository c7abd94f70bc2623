/* ks-engine.c: the recompute engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every item's final attributes, size and errors, and per table and index a
 * sorted array of entries (a partition is a range of it). Model signals mark
 * what is dirty; ks_engine_flush() recomputes only that:
 *
 *  - an item edit removes the item's entries by binary search and inserts
 *    the new ones (O(log n) search + one memmove per view);
 *  - a template edit re-renders that entity's items, drops its entries from
 *    every view in one pass, sorts the new ones and merges them in;
 *  - anything structural (tables, indexes, entities added or removed, key
 *    schemas) recomputes everything.
 *
 * This file holds the KsEngine object (model signals, flush), the
 * parallel work and the full recompute. The item computation (plans,
 * final attributes, key errors) is in ks-engine-item.c, a view's entries
 * and keys in ks-engine-view.c, their sort in ks-engine-sort.c, a
 * template edit in ks-engine-entity.c; ks-engine-internal.h holds what
 * they share.
 */
#define G_LOG_DOMAIN "keyshape-engine"

#include "config.h"

#include <string.h>

#include "ks-engine-private.h"
#include "ks-engine-internal.h"
#include "ks-util-private.h"
#include "ks-error.h"

typedef struct
{
  gpointer object;
  gulong   handler;
} Connection;

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsEngine, ks_engine, G_TYPE_OBJECT)

/* An entity whose every item must be computed anew (dirty_entities). */
#define ALL_CHANGED ((GPtrArray *) GINT_TO_POINTER (1))

static void
free_changed_keys (gpointer data)
{
  if (data != ALL_CHANGED)
    g_ptr_array_unref (data);
}

/* The design's engine, while it lives. */
static G_DEFINE_QUARK (keyshape-engine, engine)

static void connect_all (KsEngine *self);
static void disconnect_all (KsEngine *self);

/* Change sets ------------------------------------------------------------ */

static KsChangeSet *
change_set_new (void)
{
  KsChangeSet *c = g_new0 (KsChangeSet, 1);
  c->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_item_unref);
  c->removed_items = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_item_unref);
  c->views = g_ptr_array_new ();
  c->entities = g_ptr_array_new ();
  return c;
}

static void
change_set_free (KsChangeSet *c)
{
  if (c == NULL)
    return;
  g_ptr_array_unref (c->items);
  g_ptr_array_unref (c->removed_items);
  g_ptr_array_unref (c->views);
  g_ptr_array_unref (c->entities);
  g_free (c);
}

static KsChangeSet *
pending (KsEngine *self)
{
  if (self->pending == NULL)
    self->pending = change_set_new ();
  return self->pending;
}

/* One item in the views -------------------------------------------------- */

static KsTable *
entity_table (KsEngine *self, KsEntity *entity)
{
  return ks_design_get_entity_table (self->design, entity);
}

/* Removes an item's entries from every view of its table. */
static void
unindex_item (KsEngine *self, KsItem *item, KsTable *table, KsChangeSet *changes)
{
  if (!(item->flags & ITEM_INDEXED))
    return;
  for (guint v = 0; v < self->views->len; v++)
    {
      KsView *view = g_ptr_array_index (self->views, v);
      if (view->table != table)
        continue;
      if (_ks_view_remove_item (view, item, item->final) && changes)
        _ks_add_unique (changes->views, view);
    }
  item->flags &= ~ITEM_INDEXED;
}

static void
index_item (KsEngine *self, KsItem *item, KsTable *table, KsChangeSet *changes)
{
  if (ks_item_has_errors (item) || table == NULL)
    return;
  for (guint v = 0; v < self->views->len; v++)
    {
      KsView *view = g_ptr_array_index (self->views, v);
      if (view->table != table)
        continue;
      if (_ks_view_insert_item (view, item) && changes)
        _ks_add_unique (changes->views, view);
    }
  item->flags |= ITEM_INDEXED;
}

/* Parallel work ----------------------------------------------------------
 *
 * A full recompute (and a large template edit) runs in two phases on two
 * threads: items are computed in chunks, then each view collects and sorts
 * its entries. Within a phase no two jobs write the same thing; values
 * shared between items change their reference counts atomically meanwhile
 * (_ks_value_threads_begin ()). */

typedef struct
{
  JobFunc   func;
  gpointer *jobs;
  guint     n_jobs;
  gpointer  data;
  gint      taken;
} Work;

/* The calling thread takes jobs from the front, the helper from the back:
 * an item is computed by the same thread from one recompute to the next,
 * so that it frees its old values into the allocator arena they came from
 * (freeing into the other thread's arena takes that arena's lock). */
static void
work_run (Work *work, gboolean from_back)
{
  for (guint mine = 0;; mine++)
    {
      gint j = g_atomic_int_add (&work->taken, 1);
      if (j >= (gint) work->n_jobs)
        return;
      j = from_back ? (gint) work->n_jobs - 1 - (gint) mine : (gint) mine;
      work->func (work->jobs[j], work->data);
    }
}

static gpointer
work_thread (gpointer data)
{
  work_run (data, TRUE);
  return NULL;
}

void
_ks_engine_run_jobs (KsEngine *self, GPtrArray *jobs, JobFunc func, gpointer data, gboolean parallel)
{
  Work work = { func, jobs->pdata, jobs->len, data, 0 };
  GThread *helper = NULL;

  if (parallel && jobs->len > 1 && g_get_num_processors () > 1)
    {
      _ks_value_threads_begin ();
      helper = g_thread_try_new ("keyshape-engine", work_thread, &work, NULL);
      if (helper == NULL)
        _ks_value_threads_end ();
    }
  work_run (&work, FALSE);
  if (helper)
    {
      g_thread_join (helper);
      _ks_value_threads_end ();
      self->parallel_runs++;
    }
}

/* Full recompute --------------------------------------------------------- */

typedef struct
{
  KsView    *view;
  guint      v;          /* its place in the engine's views */
  GPtrArray *chunks;     /* ItemChunk */
  guint      n;          /* its entries */
} FillJob;

/* The second phase of a full recompute: gathers the entries the chunks
 * made into one run, makes their partition keys the view's shared values
 * and sorts them. */
static void
fill_view (gpointer job, gpointer data)
{
  FillJob *f = job;
  KsView *view = f->view;
  KsEntry *e = view->entries.data;
  guint32 *slots = view->fill_hashes;
  guint w = 0;

  for (guint c = 0; c < f->chunks->len; c++)
    {
      ItemChunk *chunk = g_ptr_array_index (f->chunks, c);
      guint n = chunk->counts[f->v];

      if (chunk->table != view->table || n == 0)
        continue;
      if (chunk->base != w)
        {
          memmove (&e[w], &e[chunk->base], n * sizeof (KsEntry));
          memmove (&slots[w], &slots[chunk->base], n * sizeof (guint32));
          memmove (&view->fill_prefixes[w], &view->fill_prefixes[chunk->base], n * sizeof (guint64));
        }
      w += n;
    }
  view->entries.len = w;
  for (guint i = 0; i < w; i++)
    slots[i] = _ks_entry_intern (view, &e[i], slots[i]);
  _ks_view_sort_entries (view, &view->entries, slots, view->fill_prefixes);
  ks_scratch_free (view->fill_hashes, guint32, view->fill_room);
  ks_scratch_free (view->fill_prefixes, guint64, view->fill_room);
  view->fill_hashes = NULL;
  view->fill_prefixes = NULL;
  view->partitions_dirty = TRUE;
}

static int
fill_job_compare (gconstpointer a, gconstpointer b)
{
  const FillJob *x = *(FillJob * const *) a, *y = *(FillJob * const *) b;

  return (x->n < y->n) - (x->n > y->n);
}

static gboolean
table_is (GListModel *tables, guint t, KsTable *table)
{
  g_autoptr(KsTable) at = g_list_model_get_item (tables, t);
  return at == table;
}

/* The view of @table/@index from @old_views, set up anew, or a new one. */
static KsView *
view_reuse (KsEngine *self, GPtrArray *old_views, KsTable *table, KsIndex *index)
{
  for (guint v = 0; v < old_views->len; v++)
    {
      KsView *view = g_ptr_array_index (old_views, v);
      if (view->table == table && view->index == index)
        {
          g_ptr_array_steal_index (old_views, v);
          _ks_view_teardown (view);
          _ks_view_setup (view, self, table, index);
          return view;
        }
    }
  return _ks_view_new (self, table, index);
}

void
ks_engine_recompute_full (KsEngine *self)
{
  g_autoptr(GPtrArray) old_views = NULL;
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (self->design));
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (self->design));
  guint n_tables = g_list_model_get_n_items (tables);
  guint n_entities = g_list_model_get_n_items (entities);

  g_return_if_fail (KS_IS_ENGINE (self));

  disconnect_all (self);
  /* views of the same table or index keep their address, so that views
   * holding a KsView stay valid through a full recompute */
  old_views = g_steal_pointer (&self->views);
  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify) _ks_view_free);
  g_hash_table_remove_all (self->plans);
  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));
      guint n_indexes = g_list_model_get_n_items (indexes);

      g_ptr_array_add (self->views, view_reuse (self, old_views, table, NULL));
      for (guint i = 0; i < n_indexes; i++)
        {
          g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
          g_ptr_array_add (self->views, view_reuse (self, old_views, table, index));
        }
    }

  {
    g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) _ks_item_chunk_free);
    g_autoptr(GPtrArray) fill_jobs = g_ptr_array_new_with_free_func (g_free);
    g_autofree guint *table_items = g_new0 (guint, n_tables);
    guint n_items = 0;
    gboolean parallel;

    /* plans (which parse templates) first, on this thread; each table's
     * items in entity order, which is the order their entries are made in */
    for (guint e = 0; e < n_entities; e++)
      {
        g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
        KsTable *table = entity_table (self, entity);
        guint t = 0;

        while (t < n_tables && !table_is (tables, t, table))
          t++;
        n_items += _ks_engine_add_item_chunks (self, chunks, entity, NULL, !self->serial,
                                               t < n_tables ? &table_items[t] : NULL);
        if (t < n_tables)
          table_items[t] += ks_entity_get_n_items (entity);
      }
    /* room for an entry of every item of the table in each view */
    for (guint v = 0; v < self->views->len; v++)
      {
        KsView *view = g_ptr_array_index (self->views, v);
        FillJob *f = g_new (FillJob, 1);
        guint t = 0;

        while (!table_is (tables, t, view->table))
          t++;
        _ks_entry_array_reserve (&view->entries, table_items[t]);
        view->fill_hashes = ks_scratch_new (guint32, table_items[t]);
        view->fill_prefixes = ks_scratch_new (guint64, table_items[t]);
        view->fill_room = table_items[t];
        f->view = view;
        f->v = v;
        f->chunks = chunks;
        g_ptr_array_add (fill_jobs, f);
      }
    parallel = n_items >= PARALLEL_MIN_ITEMS && !self->serial;
    _ks_engine_run_jobs (self, chunks, _ks_engine_compute_chunk, NULL, parallel);
    /* the largest views first (and the smallest on the other thread):
     * two threads end together */
    for (guint j = 0; j < fill_jobs->len; j++)
      {
        FillJob *f = g_ptr_array_index (fill_jobs, j);
        f->n = 0;
        for (guint c = 0; c < chunks->len; c++)
          {
            ItemChunk *chunk = g_ptr_array_index (chunks, c);
            if (chunk->counts != NULL)
              f->n += chunk->counts[f->v];
          }
      }
    g_ptr_array_sort (fill_jobs, fill_job_compare);
    _ks_engine_run_jobs (self, fill_jobs, fill_view, NULL, parallel);
  }

  _ks_engine_collect_problems (self);
  connect_all (self);
  self->full_dirty = FALSE;
  self->keys_only = FALSE;
  g_hash_table_remove_all (self->dirty_entities);
  g_hash_table_remove_all (self->dirty_items);
  pending (self)->full = TRUE;
}

static void
recompute_item (KsEngine *self, KsItem *item, KsChangeSet *changes)
{
  KsEntity *entity = item->entity;
  KsTable *table;

  if (entity == NULL)
    return;   /* removed meanwhile */
  table = entity_table (self, entity);
  unindex_item (self, item, table, changes);
  _ks_engine_compute_item (self, entity, _ks_engine_get_plan (self, entity), item);
  index_item (self, item, table, changes);
  g_ptr_array_add (changes->items, ks_item_ref (item));
  _ks_add_unique (changes->entities, entity);
}

void
ks_engine_flush (KsEngine *self)
{
  KsChangeSet *changes;

  g_return_if_fail (KS_IS_ENGINE (self));
  if (self->flushing)
    return;
  self->flushing = TRUE;

  if (self->full_dirty)
    ks_engine_recompute_full (self);
  else
    {
      GHashTableIter iter;
      gpointer key;
      gboolean any = g_hash_table_size (self->dirty_entities) > 0 ||
                     g_hash_table_size (self->dirty_items) > 0 ||
                     self->problems_dirty;

      gpointer value;

      g_hash_table_iter_init (&iter, self->dirty_entities);
      while (g_hash_table_iter_next (&iter, &key, &value))
        _ks_engine_recompute_entity (self, key, value == ALL_CHANGED ? NULL : value, pending (self));
      g_hash_table_remove_all (self->dirty_entities);

      g_hash_table_iter_init (&iter, self->dirty_items);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        recompute_item (self, key, pending (self));
      g_hash_table_remove_all (self->dirty_items);

      if (any)
        {
          _ks_engine_collect_problems (self);
          self->problems_dirty = FALSE;
          pending (self);
        }
    }

  changes = g_steal_pointer (&self->pending);
  self->flushing = FALSE;
  if (changes != NULL)
    {
      g_signal_emit (self, signals[CHANGED], 0, changes);
      change_set_free (changes);
    }
}

/* Model signals ---------------------------------------------------------- */

static void
mark_full (KsEngine *self)
{
  self->full_dirty = TRUE;
  self->keys_only = FALSE;
}

static void
on_structure_changed (gpointer instance, ...)
{
  /* connected with g_signal_connect_swapped: the engine comes first */
  mark_full (instance);
}

/* dirty_entities maps an entity to the templates changed since the last
 * flush (a GPtrArray of interned keys), or to ALL_CHANGED. */
static void
mark_entity (KsEngine *self, KsEntity *entity, const char *key)
{
  GPtrArray *keys;

  if (!g_hash_table_lookup_extended (self->dirty_entities, entity, NULL, (gpointer *) &keys))
    {
      keys = key ? g_ptr_array_new () : ALL_CHANGED;
      g_hash_table_insert (self->dirty_entities, entity, keys);
    }
  else if (key == NULL && keys != ALL_CHANGED)
    {
      g_hash_table_insert (self->dirty_entities, entity, ALL_CHANGED);
      return;
    }
  if (keys != ALL_CHANGED && !g_ptr_array_find (keys, g_intern_string (key), NULL))
    g_ptr_array_add (keys, (gpointer) g_intern_string (key));
}

static void
on_template_changed (KsEngine *self, const char *key, KsEntity *entity)
{
  mark_entity (self, entity, key);
}

static void
on_item_added (KsEngine *self, KsItem *item, guint position, KsEntity *entity)
{
  item->flags &= ~ITEM_INDEXED;
  g_hash_table_add (self->dirty_items, ks_item_ref (item));
}

static void
on_item_removed (KsEngine *self, KsItem *item, guint position, KsEntity *entity)
{
  /* entries go now, while item->final still says where they are */
  unindex_item (self, item, entity_table (self, entity), pending (self));
  g_hash_table_remove (self->dirty_items, item);
  g_ptr_array_add (pending (self)->removed_items, ks_item_ref (item));
  _ks_add_unique (pending (self)->entities, entity);
}

static void
on_item_changed (KsEngine *self, KsItem *item, KsValue *old_values, KsEntity *entity)
{
  g_hash_table_add (self->dirty_items, ks_item_ref (item));
}

static void
on_entity_notify (KsEngine *self, GParamSpec *pspec, KsEntity *entity)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "table"))
    mark_full (self);
  else if (g_str_equal (name, "name"))
    mark_entity (self, entity, NULL);
}

static void
on_attribute_changed (KsEngine *self, ...)
{
  /* attribute names and types decide template problems only */
  self->problems_dirty = TRUE;
}

/* Connections keep their object alive: a removed index or entity must stay
 * valid until the full recompute its removal causes disconnects it. */
static void
track (KsEngine *self, gpointer object, const char *signal, GCallback cb, gboolean swapped_with_object)
{
  Connection c;
  c.object = g_object_ref (object);
  if (swapped_with_object)
    c.handler = g_signal_connect_swapped (object, signal, cb, self);
  else
    c.handler = g_signal_connect_object (object, signal, cb, self, G_CONNECT_SWAPPED);
  g_array_append_val (self->connections, c);
}


static void
ec_template (KsEntity *entity, const char *key, gpointer data)
{
  on_template_changed (data, key, entity);
}

static void
ec_added (KsEntity *entity, KsItem *item, guint pos, gpointer data)
{
  on_item_added (data, item, pos, entity);
}

static void
ec_removed (KsEntity *entity, KsItem *item, guint pos, gpointer data)
{
  on_item_removed (data, item, pos, entity);
}

static void
ec_changed (KsEntity *entity, KsItem *item, KsValue *old, gpointer data)
{
  on_item_changed (data, item, old, entity);
}

static void
ec_notify (KsEntity *entity, GParamSpec *pspec, gpointer data)
{
  on_entity_notify (data, pspec, entity);
}

static void
connect_plain (KsEngine *self, gpointer object, const char *signal, GCallback cb)
{
  Connection c;
  c.object = g_object_ref (object);
  c.handler = g_signal_connect (object, signal, cb, self);
  g_array_append_val (self->connections, c);
}

static void
connect_all (KsEngine *self)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (self->design));
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (self->design));

  track (self, ks_design_get_tables (self->design), "items-changed", G_CALLBACK (on_structure_changed), TRUE);
  track (self, ks_design_get_entities (self->design), "items-changed", G_CALLBACK (on_structure_changed), TRUE);

  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));

      track (self, table, "notify", G_CALLBACK (on_structure_changed), TRUE);
      track (self, indexes, "items-changed", G_CALLBACK (on_structure_changed), TRUE);
      for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
        {
          g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
          track (self, index, "notify", G_CALLBACK (on_structure_changed), TRUE);
        }
    }
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));

      connect_plain (self, entity, "template-changed", G_CALLBACK (ec_template));
      connect_plain (self, entity, "item-added", G_CALLBACK (ec_added));
      connect_plain (self, entity, "item-removed", G_CALLBACK (ec_removed));
      connect_plain (self, entity, "item-changed", G_CALLBACK (ec_changed));
      connect_plain (self, entity, "notify", G_CALLBACK (ec_notify));
      track (self, attrs, "items-changed", G_CALLBACK (on_attribute_changed), TRUE);
      for (guint a = 0; a < g_list_model_get_n_items (attrs); a++)
        {
          g_autoptr(GObject) attr = g_list_model_get_item (attrs, a);
          track (self, attr, "notify", G_CALLBACK (on_attribute_changed), TRUE);
        }
    }
}

static void
disconnect_all (KsEngine *self)
{
  for (guint i = 0; i < self->connections->len; i++)
    {
      Connection *c = &g_array_index (self->connections, Connection, i);
      if (g_signal_handler_is_connected (c->object, c->handler))
        g_signal_handler_disconnect (c->object, c->handler);
      g_object_unref (c->object);
    }
  g_array_set_size (self->connections, 0);
}

/* GObject ---------------------------------------------------------------- */

static void
ks_engine_dispose (GObject *object)
{
  KsEngine *self = KS_ENGINE (object);

  if (self->design)
    {
      disconnect_all (self);
      if (g_object_get_qdata (G_OBJECT (self->design), engine_quark ()) == self)
        g_object_set_qdata (G_OBJECT (self->design), engine_quark (), NULL);
    }
  g_clear_object (&self->design);
  G_OBJECT_CLASS (ks_engine_parent_class)->dispose (object);
}

static void
ks_engine_finalize (GObject *object)
{
  KsEngine *self = KS_ENGINE (object);

  g_ptr_array_unref (self->views);
  g_hash_table_unref (self->plans);
  g_ptr_array_unref (self->problems);
  g_array_unref (self->connections);
  g_hash_table_unref (self->dirty_entities);
  g_hash_table_unref (self->dirty_items);
  change_set_free (self->pending);
  G_OBJECT_CLASS (ks_engine_parent_class)->finalize (object);
}

static void
ks_engine_class_init (KsEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ks_engine_dispose;
  object_class->finalize = ks_engine_finalize;

  /**
   * KsEngine::changed:
   * @changes: (type gpointer): a #KsChangeSet, valid during the emission
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
ks_engine_init (KsEngine *self)
{
  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify) _ks_view_free);
  self->plans = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) _ks_plan_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_problem_free);
  self->connections = g_array_new (FALSE, FALSE, sizeof (Connection));
  self->dirty_entities = g_hash_table_new_full (NULL, NULL, NULL, free_changed_keys);
  self->dirty_items = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) ks_item_unref, NULL);
}

KsEngine *
ks_engine_new (KsDesign *design)
{
  KsEngine *self;

  g_return_val_if_fail (KS_IS_DESIGN (design), NULL);
  if (g_object_get_qdata (G_OBJECT (design), engine_quark ()) != NULL)
    g_critical ("ks_engine_new: the design already has an engine; its views would point into "
                "items this one computes again (see ks-engine.h)");
  self = g_object_new (KS_TYPE_ENGINE, NULL);
  self->design = g_object_ref (design);
  g_object_set_qdata (G_OBJECT (design), engine_quark (), self);
  ks_engine_recompute_full (self);
  change_set_free (g_steal_pointer (&self->pending));
  return self;
}

KsDesign *
ks_engine_get_design (KsEngine *self)
{
  return self->design;
}

GPtrArray *
ks_engine_get_views (KsEngine *self)
{
  _ks_engine_ensure (self);
  return self->views;
}

KsView *
ks_engine_get_view (KsEngine   *self,
                    const char *table,
                    const char *index)
{
  _ks_engine_ensure (self);
  for (guint v = 0; v < self->views->len; v++)
    {
      KsView *view = g_ptr_array_index (self->views, v);
      if (g_strcmp0 (ks_table_get_name (view->table), table) != 0)
        continue;
      if (index == NULL && view->index == NULL)
        return view;
      if (index != NULL && view->index != NULL && g_strcmp0 (ks_index_get_name (view->index), index) == 0)
        return view;
    }
  return NULL;
}

KsView *
ks_engine_find_view (KsEngine   *self,
                     const char *name)
{
  _ks_engine_ensure (self);
  for (guint v = 0; v < self->views->len; v++)
    {
      KsView *view = g_ptr_array_index (self->views, v);
      if (g_strcmp0 (view->name, name) == 0)
        return view;
    }
  return NULL;
}

void
ks_engine_foreach_item (KsEngine *self,
                        GFunc     func,
                        gpointer  data)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (self->design));
  guint n = g_list_model_get_n_items (entities);

  _ks_engine_ensure (self);
  for (guint e = 0; e < n; e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        func (ks_entity_get_item (entity, i), data);
    }
}

GPtrArray *
ks_engine_get_problems (KsEngine *self)
{
  _ks_engine_ensure (self);
  return self->problems;
}

static KsValue *
render_key (KsEngine     *self,
            KsEntity     *entity,
            KsItem       *item,
            const char   *key_attribute,
            KsTemplate   *tmpl,
            const GError *perr,
            GArray       *spans,
            const char  **missing,
            GError      **error)
{
  KsTable *table = entity_table (self, entity);
  gboolean is_key;
  KsType type;
  KsValue *out = NULL;

  if (tmpl == NULL)
    {
      if (perr)
        g_set_error_literal (error, KS_ERROR, KS_ERROR_PARSE, perr->message);
      else
        {
          /* no template: the item's own value */
          KsValue *own = item ? ks_value_lookup (item->values, key_attribute) : NULL;
          if (own)
            return ks_value_ref (own);
          if (missing)
            *missing = key_attribute;
        }
      return NULL;
    }
  type = table ? _ks_key_type_for (table, key_attribute, &is_key) : KS_TYPE_S;
  if (item == NULL)
    {
      if (missing)
        *missing = NULL;
      return NULL;
    }
  switch (ks_template_render (tmpl, item->values, type, &out, missing, spans, error))
    {
    case KS_RENDER_OK:
      return out;
    default:
      return NULL;
    }
}

KsValue *
ks_engine_render_key (KsEngine    *self,
                      KsEntity    *entity,
                      KsItem      *item,
                      const char  *key_attribute,
                      GArray      *spans,
                      const char **missing,
                      GError     **error)
{
  return render_key (self, entity, item, key_attribute,
                     ks_entity_get_parsed_template (entity, key_attribute),
                     ks_entity_get_template_error (entity, key_attribute),
                     spans, missing, error);
}

KsValue *
ks_engine_render_key_text (KsEngine    *self,
                           KsEntity    *entity,
                           KsItem      *item,
                           const char  *key_attribute,
                           const char  *text,
                           GArray      *spans,
                           const char **missing,
                           GError     **error)
{
  KsTemplate *tmpl = NULL;
  g_autoptr(GError) perr = NULL;
  KsValue *key;

  g_return_val_if_fail (KS_IS_ENGINE (self), NULL);

  if (text != NULL && *text != '\0')
    tmpl = ks_template_parse (text, KS_TEMPLATE_STRICT, NULL, &perr);
  key = render_key (self, entity, item, key_attribute, tmpl, perr, spans, missing, error);
  g_clear_pointer (&tmpl, ks_template_unref);
  return key;
}

/* Private API for tests --------------------------------------------------- */

gboolean
_ks_engine_views_equal (KsEngine *a, KsEngine *b, char **why)
{
  _ks_engine_ensure (a);
  _ks_engine_ensure (b);
  if (a->views->len != b->views->len)
    {
      *why = g_strdup_printf ("%u views vs %u", a->views->len, b->views->len);
      return FALSE;
    }
  for (guint v = 0; v < a->views->len; v++)
    {
      KsView *va = g_ptr_array_index (a->views, v);
      KsView *vb = g_ptr_array_index (b->views, v);
      if (va->entries.len != vb->entries.len)
        {
          *why = g_strdup_printf ("view %s: %u entries vs %u", va->name, va->entries.len, vb->entries.len);
          return FALSE;
        }
      for (guint i = 0; i < va->entries.len; i++)
        {
          KsEntry *ea = &ENTRY_AT (va, i);
          KsEntry *eb = &ENTRY_AT (vb, i);
          if (_ks_entry_compare (ea, eb) != 0)
            {
              g_autofree char *ka = ks_value_to_display (ea->pk);
              g_autofree char *kb = ks_value_to_display (eb->pk);
              *why = g_strdup_printf ("view %s entry %u: %s vs %s", va->name, i, ka, kb);
              return FALSE;
            }
          if (!ks_value_equal (ks_item_get_final (ea->item), ks_item_get_final (eb->item)))
            {
              g_autofree char *fa = ks_value_to_display (ks_item_get_final (ea->item));
              g_autofree char *fb = ks_value_to_display (ks_item_get_final (eb->item));
              *why = g_strdup_printf ("view %s entry %u: items differ: %s vs %s", va->name, i, fa, fb);
              return FALSE;
            }
        }
    }
  return TRUE;
}

void
_ks_engine_set_serial (KsEngine *self,
                       gboolean  serial)
{
  g_return_if_fail (KS_IS_ENGINE (self));
  self->serial = serial;
}

KsDesign *
_ks_engine_copy_design (KsDesign *design)
{
  KsDesign *copy = ks_design_new ();
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (design));
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (design));

  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      g_list_store_append (ks_design_get_tables (copy), table);
    }
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      g_autoptr(KsEntity) twin = ks_entity_new (ks_entity_get_name (entity), ks_entity_get_table (entity));
      GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));

      for (guint a = 0; a < g_list_model_get_n_items (attrs); a++)
        {
          g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, a);
          g_autoptr(KsAttribute) same = ks_attribute_new (ks_attribute_get_name (attr),
                                                          ks_attribute_get_value_type (attr));
          ks_attribute_set_required (same, ks_attribute_get_required (attr));
          g_list_store_append (ks_entity_get_attributes (twin), same);
        }
      for (guint k = 0; k < ks_entity_get_n_templates (entity); k++)
        {
          const char *key = ks_entity_get_template_key (entity, k);
          ks_entity_set_template (twin, key, ks_entity_get_template (entity, key));
        }
      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        {
          g_autoptr(KsItem) item = ks_item_new (ks_value_ref (ks_entity_get_item (entity, i)->values));
          ks_entity_append_item (twin, item);
        }
      g_list_store_append (ks_design_get_entities (copy), twin);
    }
  return copy;
}

void
_ks_engine_compute_keys (KsEngine *self)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (self->design));
  guint n_entities = g_list_model_get_n_items (entities), n_items = 0;
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) _ks_item_chunk_free);

  g_return_if_fail (KS_IS_ENGINE (self));

  /* up to date first, unless only the last call left the views empty */
  if (!self->keys_only || g_hash_table_size (self->dirty_entities) > 0 ||
      g_hash_table_size (self->dirty_items) > 0)
    _ks_engine_ensure (self);
  /* the entries borrow values of the final attributes about to go */
  for (guint v = 0; v < self->views->len; v++)
    {
      KsView *view = g_ptr_array_index (self->views, v);
      _ks_entry_array_clear (view, &view->entries);
      view->partitions_dirty = TRUE;
    }
  for (guint e = 0; e < n_entities; e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      n_items += _ks_engine_add_item_chunks (self, chunks, entity, NULL, !self->serial, NULL);
    }
  _ks_engine_run_jobs (self, chunks, _ks_engine_compute_chunk, NULL, n_items >= PARALLEL_MIN_ITEMS && !self->serial);
  mark_full (self);
  self->keys_only = TRUE;
}

guint
_ks_engine_get_parallel_runs (KsEngine *self)
{
  g_return_val_if_fail (KS_IS_ENGINE (self), 0);
  return self->parallel_runs;
}
