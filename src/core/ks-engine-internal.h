/* ks-engine-internal.h: what the engine's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine is split by concern: ks-engine.c (the KsEngine object, the
 * parallel work and the full recompute), ks-engine-item.c (item
 * computation: plans, final attributes, key errors, chunks of items),
 * ks-engine-view.c (KsView: entries, keys and their prefixes),
 * ks-engine-sort.c (sorting entries, the partition-key table) and
 * ks-engine-entity.c (a template edit of one entity). The tests' private
 * API is ks-engine-private.h.
 */
#pragma once

#include "ks-engine.h"

G_BEGIN_DECLS

/* In item->flags: the item's entries are in the views of its table. */
#define ITEM_INDEXED 1u

/* A view's entries. Not a GArray: that rounds its room up to a power of
 * two, a third more memory for 100,000 entries on average. */
typedef struct
{
  KsEntry *data;
  guint    len;
  guint    room;
} EntryArray;

#define ENTRY_AT(view, i) ((view)->entries.data[(i)])

/* Where a view's key attributes were found in the last final attributes
 * looked at (ks_value_lookup_interned_hint ()). */
typedef struct
{
  guint pk[KS_MAX_KEY_ATTRS];
  guint sk[KS_MAX_KEY_ATTRS];
  guint tpk;
  guint tsk;
} KeyHints;

/* A view's distinct partition keys, each numbered (its slot): open
 * addressing on a hash the caller computes, so that a full recompute
 * hashes each key while it is still in the cache. */
typedef struct
{
  guint32 hash;
  guint32 slot;         /* + 1; 0: empty */
} PkBucket;

typedef struct
{
  PkBucket  *buckets;
  guint      mask;
  GPtrArray *values;    /* KsValue by slot (owned) */
} PkTable;

struct _KsView
{
  KsEngine          *engine;
  KsTable           *table;
  KsIndex           *index;
  KsKeySchema       *keys;
  KsKeySchema       *table_keys;
  char              *name;
  EntryArray         entries;         /* sorted */
  GArray            *partitions;      /* guint start offsets */
  gboolean           partitions_dirty;
  KsProjection       projection;
  GHashTable        *projected;       /* attribute names (interned) for KEYS_ONLY/INCLUDE */
  GPtrArray         *projected_names; /* the same names, as a list */
  const char        *pk_names[KS_MAX_KEY_ATTRS];   /* interned */
  const char        *sk_names[KS_MAX_KEY_ATTRS];
  const char        *tpk_name;
  const char        *tsk_name;
  /* where the key attributes were in the last final looked at: items of
   * one entity have them at the same place (one thread per view) */
  KeyHints           hints;
  PkTable            pk_values;       /* one KsValue per distinct partition key */
  guint             *size_hints;      /* ks_view_get_entry_size (): per projected name, where and how long */
  guint32           *fill_hashes;     /* while a full recompute makes the entries */
  guint64           *fill_prefixes;   /* …and bytes 8–15 of their partition keys */
  guint              fill_room;
};

/* What computing an entity's items needs, worked out once per entity. */
typedef struct
{
  const char *key;          /* interned key attribute */
  gsize       key_len;
  KsTemplate *tmpl;         /* NULL when the template does not parse */
  KsType      type;
  KsValue    *constant;     /* a literal template's value, shared by all items */
} PlanKey;

typedef struct
{
  const char *name;         /* interned */
  KsKeyAttr   attr;
  const char *index;        /* NULL for the table's own keys */
  gboolean    sort;
  gboolean    required;
} PlanCheck;

typedef struct
{
  KsTable    *table;
  GArray     *keys;         /* PlanKey */
  GArray     *checks;       /* PlanCheck */
  const char *type_attr;    /* interned, or NULL */
  KsValue    *type_value;
} Plan;

struct _KsEngine
{
  GObject      parent_instance;
  KsDesign    *design;
  GPtrArray   *views;                 /* KsView */
  GHashTable  *plans;                 /* KsEntity → Plan */
  GPtrArray   *problems;              /* KsProblem */
  GArray      *connections;           /* Connection */

  gboolean     full_dirty;
  gboolean     problems_dirty;
  GHashTable  *dirty_entities;        /* KsEntity set */
  GHashTable  *dirty_items;           /* KsItem set (ref) */
  KsChangeSet *pending;
  gboolean     flushing;
  gboolean     serial;                /* never two threads (tests) */
  guint        parallel_runs;         /* phases run on two threads (tests) */
  gboolean     keys_only;             /* _ks_engine_compute_keys () emptied the views */
};

/* Parallel work (see ks-engine.c and ks-engine-item.c): items are
 * computed in chunks, on two threads from PARALLEL_MIN_ITEMS on. */
#define CHUNK_ITEMS 1024
#define PARALLEL_MIN_ITEMS 4096

typedef void (*JobFunc) (gpointer job, gpointer data);

typedef struct
{
  KsEngine *engine;
  KsEntity *entity;
  Plan     *plan;
  KsTable  *table;
  guint     start, end;
  GPtrArray *changed;       /* templates changed since the last computation, or NULL */
  gboolean   parallel;      /* other chunks of the entity compute meanwhile */
  /* a full recompute also makes the items' entries, for each view of the
   * table, at [base, base + counts[v]) of the view's entries */
  guint      base;
  guint     *counts;        /* per engine view, or NULL */
  /* a template edit's kept views take the items' new table keys from
   * here: 2 per item of the entity (their names in table_names) */
  KsValue  **table_keys;
  const char *table_names[2];
} ItemChunk;

/* ks-engine.c ------------------------------------------------------------ */

/* Runs @func on each of @jobs: on this thread, or with @parallel on two. */
void      _ks_engine_run_jobs        (KsEngine    *self,
                                      GPtrArray   *jobs,
                                      JobFunc      func,
                                      gpointer     data,
                                      gboolean     parallel);

/* ks-engine-item.c ------------------------------------------------------- */

Plan     *_ks_engine_get_plan         (KsEngine    *self,
                                       KsEntity    *entity);
void      _ks_plan_free               (Plan        *plan);
/* The type of @attr, a key of @table or of one of its indexes (then
 * @is_key), or S. */
KsType    _ks_key_type_for            (KsTable     *table,
                                       const char  *attr,
                                       gboolean    *is_key);
/* Computes item->final, size and errors. Does not touch views. */
void      _ks_engine_compute_item     (KsEngine    *self,
                                       KsEntity    *entity,
                                       Plan        *plan,
                                       KsItem      *item);
/* The design's own problems (templates) into self->problems. */
void      _ks_engine_collect_problems (KsEngine    *self);
guint     _ks_engine_add_item_chunks  (KsEngine    *self,
                                       GPtrArray   *jobs,
                                       KsEntity    *entity,
                                       GPtrArray   *changed,
                                       gboolean     parallel,
                                       const guint *base);
/* A JobFunc: computes an ItemChunk's items. */
void      _ks_engine_compute_chunk    (gpointer     job,
                                       gpointer     data);
void      _ks_item_chunk_free         (ItemChunk   *c);

/* ks-engine-entity.c ----------------------------------------------------- */

void      _ks_engine_recompute_entity (KsEngine    *self,
                                       KsEntity    *entity,
                                       GPtrArray   *changed,
                                       KsChangeSet *changes);

/* ks-engine-view.c ------------------------------------------------------- */

void      _ks_view_setup          (KsView               *view,
                                   KsEngine             *engine,
                                   KsTable              *table,
                                   KsIndex              *index);
void      _ks_view_teardown       (KsView               *view);
KsView   *_ks_view_new            (KsEngine             *engine,
                                   KsTable              *table,
                                   KsIndex              *index);
void      _ks_view_free           (KsView               *view);
gboolean  _ks_view_make_entry     (KsView               *view,
                                   KsItem               *item,
                                   const KsValue        *final,
                                   KsEntry              *e,
                                   guint                *slot);
gboolean  _ks_view_remove_item    (KsView               *view,
                                   KsItem               *item,
                                   const KsValue        *old_final);
gboolean  _ks_view_insert_item    (KsView               *view,
                                   KsItem               *item);
gboolean  _ks_entry_make          (KsView               *view,
                                   KsItem               *item,
                                   const KsValue        *final,
                                   KsEntry              *e,
                                   KeyHints             *hints,
                                   KsValue * const      *table_keys);
int       _ks_entry_compare       (const KsEntry        *a,
                                   const KsEntry        *b);
void      _ks_entry_array_clear   (KsView               *view,
                                   EntryArray           *a);
void      _ks_entry_array_reserve (EntryArray           *a,
                                   guint                 room);
void      _ks_entry_array_trim    (EntryArray           *a);
KsValue  *_ks_key_build           (const KsValue        *final,
                                   const char * const   *names,
                                   guint                 n,
                                   guint                *hints);
guint64   _ks_key_prefix_at       (const KsValue        *v,
                                   guint                 offset);

/* ks-engine-sort.c ------------------------------------------------------- */

void      _ks_view_sort_entries   (KsView               *view,
                                   EntryArray           *entries,
                                   const guint32        *slots,
                                   const guint64        *pk_prefixes2);
void      _ks_pk_table_init       (PkTable              *t);
void      _ks_pk_table_clear      (PkTable              *t);
guint32   _ks_pk_table_intern     (PkTable              *t,
                                   KsValue             **pk,
                                   guint32               hash,
                                   gboolean              owned);

/* Small helpers, inlined where they are used (hot loops among them) ------ */

static inline int
_ks_compare_opt (const KsValue *a, const KsValue *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  return ks_value_compare (a, b);
}

/* The hash _ks_pk_table_intern () takes. */
static inline guint32
_ks_pk_hash (const KsValue *pk)
{
  return (guint32) (((guint64) ks_value_hash (pk) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32);
}

static inline void
_ks_entry_clear (KsView *view, KsEntry *e)
{
  /* an entry owns only a multi-attribute sort key (a tuple made for it):
   * the partition key belongs to the view's pk_values, the rest to the
   * item's final attributes, which outlive the entry (the engine removes
   * an item's entries before it computes the item again) */
  if (e->sk != NULL && view->keys->n_sk > 1)
    ks_value_unref (e->sk);
  e->pk = e->sk = e->table_pk = e->table_sk = NULL;
}

/* One value per partition key, held by the view: @e's becomes it. Returns
 * its slot, for _ks_view_sort_entries (). */
static inline guint32
_ks_entry_intern (KsView *view, KsEntry *e, guint32 hash)
{
  return _ks_pk_table_intern (&view->pk_values, &e->pk, hash, view->keys->n_pk > 1);
}

static inline void
_ks_add_unique (GPtrArray *arr, gpointer p)
{
  if (!g_ptr_array_find (arr, p, NULL))
    g_ptr_array_add (arr, p);
}

/* Flushes what is pending, unless a flush is running. */
static inline void
_ks_engine_ensure (KsEngine *self)
{
  if (!self->flushing && (self->full_dirty || self->problems_dirty ||
                          g_hash_table_size (self->dirty_entities) > 0 ||
                          g_hash_table_size (self->dirty_items) > 0))
    ks_engine_flush (self);
}

G_END_DECLS
