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
 */
#define G_LOG_DOMAIN "keyshape-engine"

#include "config.h"

#include <string.h>

#include "ks-engine-private.h"
#include "ks-util-private.h"
#include "ks-error.h"

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

typedef struct
{
  gpointer object;
  gulong   handler;
} Connection;

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

static void
add_unique (GPtrArray *arr, gpointer p)
{
  if (!g_ptr_array_find (arr, p, NULL))
    g_ptr_array_add (arr, p);
}

static KsChangeSet *
pending (KsEngine *self)
{
  if (self->pending == NULL)
    self->pending = change_set_new ();
  return self->pending;
}

/* Views ------------------------------------------------------------------ */

static void entry_array_clear (KsView *view, EntryArray *a);

static PkBucket *
pk_buckets_new (guint n)
{
  PkBucket *b = _ks_big_realloc (NULL, 0, n * sizeof (PkBucket));
  memset (b, 0, n * sizeof (PkBucket));
  return b;
}

static void
pk_table_init (PkTable *t)
{
  t->mask = 15;
  t->buckets = pk_buckets_new (t->mask + 1);
  t->values = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
}

static void
pk_table_clear (PkTable *t)
{
  if (t->buckets != NULL)
    _ks_big_realloc (t->buckets, (t->mask + 1) * sizeof (PkBucket), 0);
  t->buckets = NULL;
  g_clear_pointer (&t->values, g_ptr_array_unref);
}

/* The hash pk_table_intern () takes. */
static inline guint32
pk_hash (const KsValue *pk)
{
  return (guint32) (((guint64) ks_value_hash (pk) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32);
}

static void
pk_table_grow (PkTable *t)
{
  guint size = 2 * (t->mask + 1);
  PkBucket *buckets = pk_buckets_new (size);

  for (guint b = 0; b <= t->mask; b++)
    if (t->buckets[b].slot != 0)
      {
        guint n = t->buckets[b].hash & (size - 1);
        while (buckets[n].slot != 0)
          n = (n + 1) & (size - 1);
        buckets[n] = t->buckets[b];
      }
  _ks_big_realloc (t->buckets, (t->mask + 1) * sizeof (PkBucket), 0);
  t->buckets = buckets;
  t->mask = size - 1;
}

/* The slot of the partition key *@pk (@hash: pk_hash ()), added when new;
 * *@pk then points at the table's value. @owned: the table takes *@pk (a
 * tuple made for the entry), given back when the key is known. */
static guint32
pk_table_intern (PkTable *t, KsValue **pk, guint32 hash, gboolean owned)
{
  if (2 * (t->values->len + 1) > t->mask + 1)
    pk_table_grow (t);
  for (guint b = hash & t->mask;; b = (b + 1) & t->mask)
    {
      guint32 s = t->buckets[b].slot;
      KsValue *v;

      if (s == 0)
        {
          t->buckets[b].slot = t->values->len + 1;
          t->buckets[b].hash = hash;
          g_ptr_array_add (t->values, owned ? *pk : ks_value_ref (*pk));
          return t->values->len - 1;
        }
      if (t->buckets[b].hash != hash)
        continue;
      v = g_ptr_array_index (t->values, s - 1);
      if (v == *pk || ks_value_equal (v, *pk))
        {
          if (owned && v != *pk)
            ks_value_unref (*pk);
          *pk = v;
          return s - 1;
        }
    }
}

/* Frees what a view derives from its table and index, not the view. */
static void
view_teardown (KsView *view)
{
  entry_array_clear (view, &view->entries);
  g_clear_pointer (&view->partitions, g_array_unref);
  g_clear_pointer (&view->keys, ks_key_schema_free);
  g_clear_pointer (&view->table_keys, ks_key_schema_free);
  g_clear_pointer (&view->projected, g_hash_table_unref);
  g_clear_pointer (&view->projected_names, g_ptr_array_unref);
  pk_table_clear (&view->pk_values);
  g_clear_pointer (&view->size_hints, g_free);
  g_clear_pointer (&view->name, g_free);
}

static void
view_free (KsView *view)
{
  view_teardown (view);
  g_free (view);
}

static void
entry_clear (KsView *view, KsEntry *e)
{
  /* an entry owns only a multi-attribute sort key (a tuple made for it):
   * the partition key belongs to the view's pk_values, the rest to the
   * item's final attributes, which outlive the entry (the engine removes
   * an item's entries before it computes the item again) */
  if (e->sk != NULL && view->keys->n_sk > 1)
    ks_value_unref (e->sk);
  e->pk = e->sk = e->table_pk = e->table_sk = NULL;
}

static void
entry_array_clear (KsView *view, EntryArray *a)
{
  /* only multi-attribute sort keys are the entries' own */
  if (view->keys->n_sk > 1)
    for (guint i = 0; i < a->len; i++)
      entry_clear (view, &a->data[i]);
  a->data = _ks_big_realloc (a->data, a->room * sizeof (KsEntry), 0);
  a->len = a->room = 0;
}

/* Exactly @room entries of room, at least. */
static void
entry_array_reserve (EntryArray *a, guint room)
{
  if (room <= a->room)
    return;
  a->data = _ks_big_realloc (a->data, a->room * sizeof (KsEntry), room * sizeof (KsEntry));
  a->room = room;
}

/* Gives back the room beyond the entries. */
static void
entry_array_trim (EntryArray *a)
{
  if (a->room == a->len)
    return;
  a->data = _ks_big_realloc (a->data, a->room * sizeof (KsEntry), a->len * sizeof (KsEntry));
  a->room = a->len;
}

static void
entry_array_insert (EntryArray *a, guint pos, const KsEntry *e)
{
  if (a->len == a->room)
    entry_array_reserve (a, a->len + a->len / 8 + 16);
  memmove (&a->data[pos + 1], &a->data[pos], (a->len - pos) * sizeof (KsEntry));
  a->data[pos] = *e;
  a->len++;
}

static void
entry_array_remove (KsView *view, EntryArray *a, guint pos)
{
  entry_clear (view, &a->data[pos]);
  memmove (&a->data[pos], &a->data[pos + 1], (a->len - pos - 1) * sizeof (KsEntry));
  a->len--;
}

static void
view_setup (KsView *view, KsEngine *engine, KsTable *table, KsIndex *index)
{
  const KsKeySchema *tk = ks_table_get_key_schema (table);

  view->engine = engine;
  view->table = table;
  view->index = index;
  view->table_keys = ks_key_schema_copy (tk);
  view->keys = ks_key_schema_copy (index ? ks_index_get_key_schema (index) : tk);
  view->name = g_strdup (index ? ks_index_get_name (index) : ks_table_get_name (table));
  memset (&view->entries, 0, sizeof view->entries);
  pk_table_init (&view->pk_values);
  view->partitions = g_array_new (FALSE, FALSE, sizeof (guint));
  memset (&view->hints, 0, sizeof view->hints);
  view->partitions_dirty = TRUE;
  for (guint i = 0; i < view->keys->n_pk; i++)
    view->pk_names[i] = g_intern_string (view->keys->pk[i].name);
  for (guint i = 0; i < view->keys->n_sk; i++)
    view->sk_names[i] = g_intern_string (view->keys->sk[i].name);
  view->tpk_name = tk->n_pk ? g_intern_string (tk->pk[0].name) : NULL;
  view->tsk_name = tk->n_sk ? g_intern_string (tk->sk[0].name) : NULL;
  view->projection = index ? ks_index_get_projection (index) : KS_PROJECTION_ALL;
  if (view->projection != KS_PROJECTION_ALL)
    {
      const KsKeySchema *schemas[2] = { view->table_keys, view->keys };
      view->projected = g_hash_table_new (NULL, NULL);
      for (guint s = 0; s < 2; s++)
        {
          for (guint i = 0; i < schemas[s]->n_pk; i++)
            g_hash_table_add (view->projected, (gpointer) g_intern_string (schemas[s]->pk[i].name));
          for (guint i = 0; i < schemas[s]->n_sk; i++)
            g_hash_table_add (view->projected, (gpointer) g_intern_string (schemas[s]->sk[i].name));
        }
      if (view->projection == KS_PROJECTION_INCLUDE)
        {
          const char * const *inc = ks_index_get_include (index);
          for (guint i = 0; inc[i]; i++)
            g_hash_table_add (view->projected, (gpointer) g_intern_string (inc[i]));
        }
      {
        GHashTableIter iter;
        gpointer name;
        view->projected_names = g_ptr_array_new ();
        g_hash_table_iter_init (&iter, view->projected);
        while (g_hash_table_iter_next (&iter, &name, NULL))
          g_ptr_array_add (view->projected_names, name);
      }
    }
}

static KsView *
view_new (KsEngine *engine, KsTable *table, KsIndex *index)
{
  KsView *view = g_new0 (KsView, 1);
  view_setup (view, engine, table, index);
  return view;
}

static inline int
compare_opt (const KsValue *a, const KsValue *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  return ks_value_compare (a, b);
}

static int
entry_compare (const KsEntry *a, const KsEntry *b)
{
  int r;

  /* partition keys of a view's entries are shared values: same partition,
   * same pointer */
  if (a->pk != b->pk)
    {
      if (a->pk_prefix != b->pk_prefix)
        return a->pk_prefix < b->pk_prefix ? -1 : 1;
      if ((r = ks_value_compare (a->pk, b->pk)) != 0)
        return r;
    }
  if (a->sk_prefix != b->sk_prefix)
    return a->sk_prefix < b->sk_prefix ? -1 : 1;
  /* equal first eight bytes: the next eight decide, when they differ (for
   * S and B keys, bytes 8–15 order like the values once 0–7 are equal) */
  if (a->sk_prefix2 != b->sk_prefix2)
    return a->sk_prefix2 < b->sk_prefix2 ? -1 : 1;
  if ((r = compare_opt (a->sk, b->sk)) != 0)
    return r;
  if ((r = compare_opt (a->table_pk, b->table_pk)) != 0)
    return r;
  return compare_opt (a->table_sk, b->table_sk);
}

int
ks_view_compare_entries (KsView        *view,
                         const KsEntry *a,
                         const KsEntry *b)
{
  return entry_compare (a, b);
}

/* An order-preserving 64-bit prefix of a key value: a < b implies
 * prefix (a) <= prefix (b), so most comparisons while sorting never look
 * at the values. S and B: the first eight bytes; N: sign, magnitude and
 * the first 16 digits (ks_number_order_key()); a tuple: its first
 * component. */
static guint64 key_prefix (const KsValue *v);

static guint64
key_prefix_at (const KsValue *v, guint offset)
{
  if (v == NULL)
    return 0;
  switch (ks_value_get_type (v))
    {
    case KS_TYPE_S:
    case KS_TYPE_B:
      {
        gsize len;
        const guint8 *p = (const guint8 *) ks_value_get_string (v, &len);
        guint64 x = 0;
        if (len >= offset + 8)
          {
            memcpy (&x, p + offset, 8);
            return GUINT64_FROM_BE (x);
          }
        for (guint i = offset; i < offset + 8; i++)
          x = (x << 8) | (i < len ? p[i] : 0);
        return x;
      }
    case KS_TYPE_N:
    case KS_TYPE_L:
      /* numbers and tuples order by their first prefix alone */
      return offset == 0 ? key_prefix (v) : 0;
    default:
      return 0;
    }
}

static guint64
key_prefix (const KsValue *v)
{
  if (v == NULL)
    return 0;
  switch (ks_value_get_type (v))
    {
    case KS_TYPE_S:
    case KS_TYPE_B:
      return key_prefix_at (v, 0);
    case KS_TYPE_N:
      return ks_number_order_key (ks_value_get_number (v));
    case KS_TYPE_L:
      return ks_value_get_length (v) ? key_prefix (ks_value_get_element (v, 0)) : 0;
    default:
      return 0;
    }
}

/* The key of @final for a key part (pk or sk list); NULL if absent. A
 * single attribute's value is @final's (not a new reference); several make
 * a new L tuple, which the caller owns. */
static KsValue *
build_key (const KsValue *final, const char * const *names, guint n, guint *hints)
{
  GPtrArray *tuple;

  if (n == 0)
    return NULL;
  if (n == 1)
    return ks_value_lookup_interned_hint (final, names[0], &hints[0]);
  tuple = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
  for (guint i = 0; i < n; i++)
    {
      KsValue *v = ks_value_lookup_interned_hint (final, names[i], &hints[i]);
      if (v == NULL)
        {
          g_ptr_array_unref (tuple);
          return NULL;
        }
      g_ptr_array_add (tuple, ks_value_ref (v));
    }
  return ks_value_new_list (KS_TYPE_L, tuple);
}

/* Fills @e for @item in @view, its partition key not yet the view's
 * shared value (a tuple of several attributes is @e's own); FALSE when the
 * item is not in the view. Reads only: several threads may make entries
 * of one view, each with its own @hints. */
static gboolean
entry_make (KsView *view, KsItem *item, const KsValue *final, KsEntry *e, KeyHints *hints,
            KsValue * const *table_keys)
{
  memset (e, 0, sizeof *e);
  if (view->keys->n_sk > 0)
    {
      e->sk = build_key (final, view->sk_names, view->keys->n_sk, hints->sk);
      if (e->sk == NULL)
        return FALSE;
    }
  e->pk = build_key (final, view->pk_names, view->keys->n_pk, hints->pk);
  if (e->pk == NULL)
    {
      entry_clear (view, e);
      return FALSE;
    }
  if (table_keys != NULL)
    {
      /* the item's table keys, looked up once for all the views */
      e->table_pk = table_keys[0];
      e->table_sk = table_keys[1];
    }
  else
    {
      e->table_pk = build_key (final, &view->tpk_name, view->tpk_name ? 1 : 0, &hints->tpk);
      e->table_sk = build_key (final, &view->tsk_name, view->tsk_name ? 1 : 0, &hints->tsk);
    }
  e->pk_prefix = key_prefix (e->pk);
  e->sk_prefix = key_prefix (e->sk);
  e->sk_prefix2 = key_prefix_at (e->sk, 8);
  e->item = item;
  return TRUE;
}

/* One value per partition key, held by the view: @e's becomes it. Returns
 * its slot, for sort_entries (). */
static inline guint32
entry_intern (KsView *view, KsEntry *e, guint32 hash)
{
  return pk_table_intern (&view->pk_values, &e->pk, hash, view->keys->n_pk > 1);
}

/* Fills @e for @item in @view; FALSE when the item is not in the view.
 * @slot (optional) receives the number of its partition key in the view,
 * for sort_entries(). */
static gboolean
view_make_entry (KsView *view, KsItem *item, const KsValue *final, KsEntry *e, guint *slot)
{
  guint32 s;

  if (!entry_make (view, item, final, e, &view->hints, NULL))
    return FALSE;
  s = entry_intern (view, e, pk_hash (e->pk));
  if (slot)
    *slot = s;
  return TRUE;
}

static guint
view_lower_bound (KsView *view, const KsEntry *key)
{
  guint lo = 0, hi = view->entries.len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (entry_compare (&ENTRY_AT (view, mid), key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
view_remove_item (KsView *view, KsItem *item, const KsValue *old_final)
{
  KsEntry key;
  guint pos;

  if (!view_make_entry (view, item, old_final, &key, NULL))
    return FALSE;
  pos = view_lower_bound (view, &key);
  for (; pos < view->entries.len; pos++)
    {
      KsEntry *e = &ENTRY_AT (view, pos);
      if (e->item == item)
        {
          entry_array_remove (view, &view->entries, pos);
          view->partitions_dirty = TRUE;
          entry_clear (view, &key);
          return TRUE;
        }
      if (entry_compare (e, &key) != 0)
        break;
    }
  entry_clear (view, &key);
  g_warning ("engine: entry of an item not found in view %s", view->name);
  return FALSE;
}

static gboolean
view_insert_item (KsView *view, KsItem *item)
{
  KsEntry e;
  guint pos;

  if (!view_make_entry (view, item, item->final, &e, NULL))
    return FALSE;
  pos = view_lower_bound (view, &e);
  entry_array_insert (&view->entries, pos, &e);
  view->partitions_dirty = TRUE;
  return TRUE;
}

static void
view_ensure_partitions (KsView *view)
{
  const KsValue *last = NULL;

  if (!view->partitions_dirty)
    return;
  g_array_set_size (view->partitions, 0);
  for (guint i = 0; i < view->entries.len; i++)
    {
      const KsEntry *e = &ENTRY_AT (view, i);
      /* partition keys are the view's shared values */
      if (last == NULL || (last != e->pk && ks_value_compare (last, e->pk) != 0))
        g_array_append_val (view->partitions, i);
      last = e->pk;
    }
  view->partitions_dirty = FALSE;
}

/* Sorting ---------------------------------------------------------------- */

/* What sorting compares of an entry, in 32 bytes: the rank of its
 * partition key among the partition keys being sorted, then the first 16
 * bytes of its sort key; equal records fall back to the entries. */
typedef struct
{
  guint64 k0, k1, k2;
  guint32 idx;
} SortRecord;

/* Decides between records whose 24 key bytes are equal. */
typedef int (*RecordTie) (const SortRecord *a, const SortRecord *b, gconstpointer data);

/* Entries of equal prefixes: what entry_compare () looks at next. */
static int
entry_tie (const SortRecord *a, const SortRecord *b, gconstpointer data)
{
  const KsEntry *entries = data;
  const KsEntry *ea = &entries[a->idx], *eb = &entries[b->idx];
  int r;

  if ((r = compare_opt (ea->sk, eb->sk)) != 0 ||
      (r = compare_opt (ea->table_pk, eb->table_pk)) != 0 ||
      (r = compare_opt (ea->table_sk, eb->table_sk)) != 0)
    return r;
  /* ties (duplicate primary keys) keep their order */
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Whether @a sorts before @b: without branches but for records whose
 * prefixes are all equal (rare, and then @tie decides). */
static inline gboolean
record_less (const SortRecord *a, const SortRecord *b, RecordTie tie, gconstpointer data)
{
  if (G_UNLIKELY (a->k0 == b->k0 && a->k1 == b->k1 && a->k2 == b->k2))
    return tie (a, b, data) < 0;
  return (a->k0 < b->k0) | ((a->k0 == b->k0) & ((a->k1 < b->k1) | ((a->k1 == b->k1) & (a->k2 < b->k2))));
}

/* Merge sort; @tmp holds n / 2 + 1 records. */
static void
record_sort (SortRecord *v, SortRecord *tmp, gsize n, RecordTie tie, gconstpointer data)
{
  gsize h, i, j, k;

  if (n <= 16)
    {
      for (i = 1; i < n; i++)
        {
          SortRecord x = v[i];
          for (j = i; j > 0 && record_less (&x, &v[j - 1], tie, data); j--)
            v[j] = v[j - 1];
          v[j] = x;
        }
      return;
    }
  h = n / 2;
  record_sort (v, tmp, h, tie, data);
  record_sort (v + h, tmp, n - h, tie, data);
  if (!record_less (&v[h], &v[h - 1], tie, data))
    return;   /* already in order, as items often come */
  memcpy (tmp, v, h * sizeof *v);
  /* which side a comparison picks is a coin toss: select, do not branch */
  for (i = 0, j = h, k = 0; i < h && j < n; k++)
    {
      gboolean right = record_less (&v[j], &tmp[i], tie, data);
      const SortRecord *src = right ? &v[j] : &tmp[i];
      v[k] = *src;
      j += right;
      i += !right;
    }
  while (i < h)
    v[k++] = tmp[i++];
}

/* Byte @d (0–23) of a record's key, k0 k1 k2 read big-endian. */
static inline guint
record_byte (const SortRecord *r, guint d)
{
  guint64 k = d < 8 ? r->k0 : d < 16 ? r->k1 : r->k2;
  return (guint) (k >> (56 - ((d & 7) << 3))) & 0xff;
}

#define RADIX_MIN 64

/* Most significant byte first radix sort from key byte @d on, over the
 * bytes set in @varying (the others are the same in every record); runs
 * of up to RADIX_MIN records, and records whose key bytes are all equal,
 * are merge sorted. Keys share long prefixes (STATUS#…, 2026-…): a byte
 * every record of a run has costs one counting pass. @tmp holds n
 * records. */
static void
radix_sort_from (SortRecord *v, SortRecord *tmp, gsize n, guint d, guint32 varying,
                 RecordTie tie, gconstpointer data)
{
  gsize count[256];

  for (; n > RADIX_MIN && d < 24; d++)
    {
      guint first;
      gsize at = 0;

      if (!(varying & (1u << d)))
        continue;
      first = record_byte (&v[0], d);
      memset (count, 0, sizeof count);
      for (gsize i = 0; i < n; i++)
        count[record_byte (&v[i], d)]++;
      if (count[first] == n)
        continue;
      {
        gsize pos[256];
        for (guint b = 0; b < 256; b++)
          {
            pos[b] = at;
            at += count[b];
          }
        for (gsize i = 0; i < n; i++)
          tmp[pos[record_byte (&v[i], d)]++] = v[i];
      }
      memcpy (v, tmp, n * sizeof *v);
      at = 0;
      for (guint b = 0; b < 256; b++)
        {
          if (count[b] > 1)
            radix_sort_from (v + at, tmp + at, count[b], d + 1, varying, tie, data);
          at += count[b];
        }
      return;
    }
  record_sort (v, tmp, n, tie, data);
}

static void
radix_sort (SortRecord *v, SortRecord *tmp, gsize n, RecordTie tie, gconstpointer data)
{
  guint64 x0 = 0, x1 = 0, x2 = 0;
  guint32 varying = 0;

  if (n == 0)
    return;
  /* the key bytes that differ somewhere */
  for (gsize i = 1; i < n; i++)
    {
      x0 |= v[i].k0 ^ v[0].k0;
      x1 |= v[i].k1 ^ v[0].k1;
      x2 |= v[i].k2 ^ v[0].k2;
    }
  for (guint d = 0; d < 8; d++)
    {
      guint shift = 56 - 8 * d;
      varying |= (((x0 >> shift) & 0xff) != 0) << d;
      varying |= (((x1 >> shift) & 0xff) != 0) << (d + 8);
      varying |= (((x2 >> shift) & 0xff) != 0) << (d + 16);
    }
  radix_sort_from (v, tmp, n, 0, varying, tie, data);
}

typedef struct
{
  KsValue *pk;
  guint32  slot;
  guint32  first;       /* an entry of that partition */
} PartitionRank;

static int
partition_tie (const SortRecord *a, const SortRecord *b, gconstpointer data)
{
  const PartitionRank *d = data;
  int r = ks_value_compare (d[a->idx].pk, d[b->idx].pk);

  if (r != 0)
    return r;
  return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Sorts @entries of @view in the view's order and gives back their spare
 * room (the sorted entries are a new array). @slots holds each entry's
 * partition-key slot (view_make_entry ()), @pk_prefixes2 (or NULL) bytes
 * 8–15 of its partition key. Only reads values: safe on a helper thread. */
static void
sort_entries (KsView *view, EntryArray *entries, const guint32 *slots, const guint64 *pk_prefixes2)
{
  KsEntry *e, *sorted;
  guint n = entries->len, max_slot = 0;
  guint32 *rank;
  GArray *distinct;
  SortRecord *records, *tmp;

  entry_array_trim (entries);
  if (n < 2)
    return;
  e = entries->data;
  for (guint i = 0; i < n; i++)
    max_slot = MAX (max_slot, slots[i]);
  rank = ks_scratch_new (guint32, max_slot + 1);
  memset (rank, 0xff, (max_slot + 1) * sizeof (guint32));
  distinct = g_array_new (FALSE, FALSE, sizeof (PartitionRank));
  for (guint i = 0; i < n; i++)
    if (rank[slots[i]] == G_MAXUINT32)
      {
        PartitionRank pr = { e[i].pk, slots[i], i };
        rank[slots[i]] = 0;
        g_array_append_val (distinct, pr);
      }

  /* the partition keys in order: by 16 bytes of prefix, then the values */
  records = ks_scratch_new (SortRecord, MAX (n, distinct->len));
  tmp = ks_scratch_new (SortRecord, MAX (n, distinct->len));
  for (guint r = 0; r < distinct->len; r++)
    {
      const PartitionRank *pr = &g_array_index (distinct, PartitionRank, r);
      records[r].k0 = e[pr->first].pk_prefix;
      records[r].k1 = pk_prefixes2 ? pk_prefixes2[pr->first] : key_prefix_at (pr->pk, 8);
      records[r].k2 = 0;
      records[r].idx = r;
    }
  radix_sort (records, tmp, distinct->len, partition_tie, distinct->data);
  for (guint r = 0; r < distinct->len; r++)
    rank[g_array_index (distinct, PartitionRank, records[r].idx).slot] = r;

  /* then the entries: partition rank and 16 bytes of sort key */
  for (guint i = 0; i < n; i++)
    {
      records[i].k0 = ((guint64) rank[slots[i]] << 32) | (e[i].sk_prefix >> 32);
      records[i].k1 = (e[i].sk_prefix << 32) | (e[i].sk_prefix2 >> 32);
      records[i].k2 = e[i].sk_prefix2 << 32;
      records[i].idx = i;
    }
  radix_sort (records, tmp, n, entry_tie, e);
  ks_scratch_free (tmp, SortRecord, MAX (n, distinct->len));

  /* gathered into a new array: the reads are independent of each other,
   * unlike following the permutation's cycles in place */
  sorted = _ks_big_realloc (NULL, 0, n * sizeof (KsEntry));
  for (guint i = 0; i < n; i++)
    sorted[i] = e[records[i].idx];
  _ks_big_fit (sorted, n * sizeof (KsEntry));
  _ks_big_realloc (e, n * sizeof (KsEntry), 0);
  entries->data = sorted;

  ks_scratch_free (records, SortRecord, MAX (n, distinct->len));
  g_array_unref (distinct);
  ks_scratch_free (rank, guint32, max_slot + 1);
  (void) view;
}

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

static KsType
key_type_for (KsTable *table, const char *attr, gboolean *is_key)
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

static void
plan_free (Plan *plan)
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
      pk.type = key_type_for (table, key, &is_key);
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

static Plan *
get_plan (KsEngine *self, KsEntity *entity)
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
        gssize delta = (gssize) ks_value_size (value) - (gssize) ks_value_size (entries[i].value);
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
  entries = g_new (KsMapEntry, n_values + plan->keys->len + 1);
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

  item->final = ks_value_new_map_take (entries, n);
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

static void
compute_item (KsEngine *self, KsEntity *entity, Plan *plan, KsItem *item)
{
  ItemScratch scratch;

  item_scratch_init (&scratch, plan, FALSE);
  compute_item_reusing (self, entity, plan, item, NULL, &scratch);
  item_scratch_clear (&scratch, plan);
}

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
      if (view_remove_item (view, item, item->final) && changes)
        add_unique (changes->views, view);
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
      if (view_insert_item (view, item) && changes)
        add_unique (changes->views, view);
    }
  item->flags |= ITEM_INDEXED;
}

/* Problems of the design itself (templates), recomputed on each flush. */
static void
collect_problems (KsEngine *self)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (self->design));
  guint n = g_list_model_get_n_items (entities);

  g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, i);
      KsTable *table = entity_table (self, entity);

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
              KsType type = table ? key_type_for (table, key, &is_key) : KS_TYPE_S;

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

/* Full recompute --------------------------------------------------------- */

/* Parallel work ----------------------------------------------------------
 *
 * A full recompute (and a large template edit) runs in two phases on two
 * threads: items are computed in chunks, then each view collects and sorts
 * its entries. Within a phase no two jobs write the same thing; values
 * shared between items change their reference counts atomically meanwhile
 * (_ks_value_threads_begin ()). */

#define CHUNK_ITEMS 1024
#define PARALLEL_MIN_ITEMS 4096

typedef void (*JobFunc) (gpointer job, gpointer data);

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

static void
run_jobs (KsEngine *self, GPtrArray *jobs, JobFunc func, gpointer data, gboolean parallel)
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

static void
item_chunk_free (ItemChunk *c)
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

static void
compute_chunk (gpointer job, gpointer data)
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
      table_keys[0] = build_key (item->final, &table_names[0], table_names[0] ? 1 : 0, &table_hints[0]);
      table_keys[1] = build_key (item->final, &table_names[1], table_names[1] ? 1 : 0, &table_hints[1]);
      for (guint v = 0; v < views->len; v++)
        {
          KsView *view = g_ptr_array_index (views, v);
          guint at = c->base + c->counts[v];

          if (view->table == c->table &&
              entry_make (view, item, item->final, &view->entries.data[at], &hints[v], table_keys))
            {
              KsEntry *e = &view->entries.data[at];
              guint32 hash = pk_hash (e->pk);
              if (view->keys->n_pk == 1)
                e->pk = local_key (&local[v * LOCAL_KEYS], view->entries.data, at, e->pk, hash);
              view->fill_hashes[at] = hash;
              view->fill_prefixes[at] = key_prefix_at (e->pk, 8);
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
static guint
add_item_chunks (KsEngine *self, GPtrArray *jobs, KsEntity *entity, GPtrArray *changed, gboolean parallel,
                 const guint *base)
{
  guint n = ks_entity_get_n_items (entity);
  Plan *plan = get_plan (self, entity);
  KsTable *table = entity_table (self, entity);

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
    slots[i] = entry_intern (view, &e[i], slots[i]);
  sort_entries (view, &view->entries, slots, view->fill_prefixes);
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
          view_teardown (view);
          view_setup (view, self, table, index);
          return view;
        }
    }
  return view_new (self, table, index);
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
  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify) view_free);
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
    g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) item_chunk_free);
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
        n_items += add_item_chunks (self, chunks, entity, NULL, !self->serial,
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
        entry_array_reserve (&view->entries, table_items[t]);
        view->fill_hashes = ks_scratch_new (guint32, table_items[t]);
        view->fill_prefixes = ks_scratch_new (guint64, table_items[t]);
        view->fill_room = table_items[t];
        f->view = view;
        f->v = v;
        f->chunks = chunks;
        g_ptr_array_add (fill_jobs, f);
      }
    parallel = n_items >= PARALLEL_MIN_ITEMS && !self->serial;
    run_jobs (self, chunks, compute_chunk, NULL, parallel);
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
    run_jobs (self, fill_jobs, fill_view, NULL, parallel);
  }

  collect_problems (self);
  connect_all (self);
  self->full_dirty = FALSE;
  self->keys_only = FALSE;
  g_hash_table_remove_all (self->dirty_entities);
  g_hash_table_remove_all (self->dirty_items);
  pending (self)->full = TRUE;
}

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
    entry_clear (view, &e[k]);
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
        entry_clear (view, &e[k]);
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
  if (n > 0 && ((lo > 0 && entry_compare (&ENTRY_AT (view, lo - 1), &fresh->data[0]) > 0) ||
                (hi < len && entry_compare (&fresh->data[n - 1], &ENTRY_AT (view, hi)) >= 0)))
    return FALSE;
  if (n != hi - lo)
    {
      entry_array_reserve (&view->entries, len - (hi - lo) + n);
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

  entry_array_reserve (&fresh, n_items);
  slots = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_items);
  for (guint i = 0; i < n_items; i++)
    {
      KsItem *item = ks_entity_get_item (entity, i);
      KsEntry entry;
      guint slot;
      if ((item->flags & ITEM_INDEXED) && view_make_entry (view, item, item->final, &entry, &slot))
        {
          fresh.data[fresh.len++] = entry;
          g_array_append_val (slots, slot);
        }
    }
  if (fresh.len > 0)
    sort_entries (view, &fresh, (const guint32 *) slots->data, NULL);
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
      entry_array_reserve (&view->entries, out);
      view->entries.len = out;
      e = view->entries.data;
      while (b >= 0)
        {
          KsEntry *eb = &fresh.data[b];
          if (a >= 0 && entry_compare (&e[a], eb) > 0)
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
         compare_opt (a->sk, b->sk) == 0;
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
      /* the table keys as compute_chunk () found them, without reading
       * the item's attributes again */
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
        ((k > 0 && entry_compare (&e[k - 1], &e[k]) > 0) ||
         (k + 1 < len && entry_compare (&e[k], &e[k + 1]) > 0)))
      disorder = TRUE;
  if (!disorder)
    return;
  view->partitions_dirty = TRUE;
  for (guint k = 1; k < len; k++)
    {
      KsEntry x = e[k];
      guint i = k;
      for (; i > 0 && entry_compare (&e[i - 1], &x) > 0; i--)
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
static void
recompute_entity (KsEngine *self, KsEntity *entity, GPtrArray *changed, KsChangeSet *changes)
{
  KsTable *table = entity_table (self, entity);
  guint n_items = ks_entity_get_n_items (entity);
  gboolean parallel = n_items >= PARALLEL_MIN_ITEMS && !self->serial;
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) item_chunk_free);
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
  run_jobs (self, drop_jobs, drop_entity_from_view, NULL, parallel);

  g_hash_table_remove (self->plans, entity);
  add_item_chunks (self, chunks, entity, changed, parallel, NULL);
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
  run_jobs (self, chunks, compute_chunk, NULL, parallel);

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
          run_jobs (self, drop_jobs, drop_entity_from_view, NULL, parallel);
          break;
        }

  /* the keys whose values are new objects: the changed templates, the
   * literal ones and the type attribute (per-thread copies) */
  if (was_indexed != NULL)
    {
      Plan *plan = get_plan (self, entity);
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
  run_jobs (self, add_jobs, update_entity_in_view, NULL, parallel);
  for (guint v = 0; v < view_jobs->len; v++)
    close_gap (g_ptr_array_index (view_jobs, v));
  for (guint v = 0; v < view_jobs->len; v++)
    {
      EntityViewJob *j = g_ptr_array_index (view_jobs, v);
      if (j->changed)
        add_unique (changes->views, j->view);
    }

  for (guint i = 0; i < n_items; i++)
    {
      KsItem *item = ks_entity_get_item (entity, i);
      g_hash_table_remove (self->dirty_items, item);
      g_ptr_array_add (changes->items, ks_item_ref (item));
    }
  add_unique (changes->entities, entity);
  g_free (items.slots);
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
  compute_item (self, entity, get_plan (self, entity), item);
  index_item (self, item, table, changes);
  g_ptr_array_add (changes->items, ks_item_ref (item));
  add_unique (changes->entities, entity);
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
        recompute_entity (self, key, value == ALL_CHANGED ? NULL : value, pending (self));
      g_hash_table_remove_all (self->dirty_entities);

      g_hash_table_iter_init (&iter, self->dirty_items);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        recompute_item (self, key, pending (self));
      g_hash_table_remove_all (self->dirty_items);

      if (any)
        {
          collect_problems (self);
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

static void
ensure (KsEngine *self)
{
  if (!self->flushing && (self->full_dirty || self->problems_dirty ||
                          g_hash_table_size (self->dirty_entities) > 0 ||
                          g_hash_table_size (self->dirty_items) > 0))
    ks_engine_flush (self);
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
  add_unique (pending (self)->entities, entity);
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
  self->views = g_ptr_array_new_with_free_func ((GDestroyNotify) view_free);
  self->plans = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) plan_free);
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
  ensure (self);
  return self->views;
}

KsView *
ks_engine_get_view (KsEngine   *self,
                    const char *table,
                    const char *index)
{
  ensure (self);
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
  ensure (self);
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

  ensure (self);
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
  ensure (self);
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
  type = table ? key_type_for (table, key_attribute, &is_key) : KS_TYPE_S;
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

/* View API --------------------------------------------------------------- */

const char *
ks_view_get_name (KsView *view)
{
  return view->name;
}

KsTable *
ks_view_get_table (KsView *view)
{
  return view->table;
}

KsIndex *
ks_view_get_index (KsView *view)
{
  return view->index;
}

const KsKeySchema *
ks_view_get_key_schema (KsView *view)
{
  return view->keys;
}

guint
ks_view_get_n_entries (KsView *view)
{
  ensure (view->engine);
  return view->entries.len;
}

const KsEntry *
ks_view_get_entry (KsView *view,
                   guint   position)
{
  g_return_val_if_fail (position < view->entries.len, NULL);
  return &ENTRY_AT (view, position);
}

guint
ks_view_get_n_partitions (KsView *view)
{
  ensure (view->engine);
  view_ensure_partitions (view);
  return view->partitions->len;
}

void
ks_view_get_partition (KsView *view,
                       guint   partition,
                       guint  *start,
                       guint  *end)
{
  view_ensure_partitions (view);
  g_return_if_fail (partition < view->partitions->len);
  *start = g_array_index (view->partitions, guint, partition);
  *end = partition + 1 < view->partitions->len
         ? g_array_index (view->partitions, guint, partition + 1)
         : view->entries.len;
}

gboolean
ks_view_find_partition (KsView        *view,
                        const KsValue *pk,
                        guint         *start,
                        guint         *end)
{
  guint lo = 0, hi, n;

  ensure (view->engine);
  n = view->entries.len;
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (ks_value_compare (ENTRY_AT (view, mid).pk, pk) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *start = lo;
  hi = n;
  {
    guint l2 = lo;
    while (l2 < hi)
      {
        guint mid = l2 + (hi - l2) / 2;
        if (ks_value_compare (ENTRY_AT (view, mid).pk, pk) <= 0)
          l2 = mid + 1;
        else
          hi = mid;
      }
    *end = l2;
  }
  return *end > *start;
}

gboolean
ks_view_find_item (KsView *view,
                   KsItem *item,
                   guint  *position)
{
  KsEntry key;
  guint pos;

  ensure (view->engine);
  if (!(item->flags & ITEM_INDEXED) || item->final == NULL || item->entity == NULL)
    return FALSE;
  if (!view_make_entry (view, item, item->final, &key, NULL))
    return FALSE;
  pos = view_lower_bound (view, &key);
  entry_clear (view, &key);
  for (; pos < view->entries.len; pos++)
    {
      KsEntry *e = &ENTRY_AT (view, pos);
      if (e->item == item)
        {
          if (position)
            *position = pos;
          return TRUE;
        }
      if (e->pk != key.pk && ks_value_compare (e->pk, ENTRY_AT (view, pos).pk) != 0)
        break;
    }
  return FALSE;
}

gboolean
ks_view_projects (KsView     *view,
                  const char *attribute)
{
  if (view->projected == NULL)
    return TRUE;
  return g_hash_table_contains (view->projected, g_intern_string (attribute));
}

gsize
ks_view_get_entry_size (KsView *view,
                        KsItem *item)
{
  KsValue *final = ks_item_get_final (item);
  gsize size = 0;

  if (view->projected == NULL)
    return item->size;
  /* the few projected names, not every attribute of the item; where the
   * last item had them first (items of an entity have them at the same
   * places) */
  if (view->size_hints == NULL)
    view->size_hints = g_new0 (guint, 2 * view->projected_names->len);
  for (guint i = 0; i < view->projected_names->len; i++)
    {
      const char *name = g_ptr_array_index (view->projected_names, i);
      KsValue *v = final ? ks_value_lookup_interned_hint (final, name, &view->size_hints[2 * i]) : NULL;
      if (v != NULL)
        {
          if (view->size_hints[2 * i + 1] == 0)
            view->size_hints[2 * i + 1] = strlen (name) + 1;
          size += view->size_hints[2 * i + 1] - 1 + ks_value_size (v);
        }
    }
  return size;
}

gboolean
ks_view_projects_all (KsView *view)
{
  return view->projected == NULL;
}

gboolean
ks_view_projects_interned (KsView     *view,
                           const char *interned)
{
  return view->projected == NULL || g_hash_table_contains (view->projected, interned);
}

KsValue *
ks_view_project (KsView *view,
                 KsItem *item)
{
  KsValue *final = ks_item_get_final (item);
  KsMapBuilder *b;

  if (view->projected == NULL)
    return ks_value_ref (final);
  b = ks_map_builder_new (g_hash_table_size (view->projected));
  for (guint i = 0; i < ks_value_get_length (final); i++)
    {
      const KsMapEntry *e = ks_value_get_entry (final, i);
      if (g_hash_table_contains (view->projected, e->name))
        ks_map_builder_add (b, e->name, ks_value_ref (e->value));
    }
  return ks_map_builder_end (b);
}

/* Private API for tests --------------------------------------------------- */

gboolean
_ks_engine_views_equal (KsEngine *a, KsEngine *b, char **why)
{
  ensure (a);
  ensure (b);
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
          if (entry_compare (ea, eb) != 0)
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
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) item_chunk_free);

  g_return_if_fail (KS_IS_ENGINE (self));

  /* up to date first, unless only the last call left the views empty */
  if (!self->keys_only || g_hash_table_size (self->dirty_entities) > 0 ||
      g_hash_table_size (self->dirty_items) > 0)
    ensure (self);
  /* the entries borrow values of the final attributes about to go */
  for (guint v = 0; v < self->views->len; v++)
    {
      KsView *view = g_ptr_array_index (self->views, v);
      entry_array_clear (view, &view->entries);
      view->partitions_dirty = TRUE;
    }
  for (guint e = 0; e < n_entities; e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      n_items += add_item_chunks (self, chunks, entity, NULL, !self->serial, NULL);
    }
  run_jobs (self, chunks, compute_chunk, NULL, n_items >= PARALLEL_MIN_ITEMS && !self->serial);
  mark_full (self);
  self->keys_only = TRUE;
}

guint
_ks_engine_get_parallel_runs (KsEngine *self)
{
  g_return_val_if_fail (KS_IS_ENGINE (self), 0);
  return self->parallel_runs;
}

void
ks_entry_compute_prefixes (KsEntry *entry)
{
  g_return_if_fail (entry != NULL);

  entry->pk_prefix = key_prefix (entry->pk);
  entry->sk_prefix = key_prefix (entry->sk);
  entry->sk_prefix2 = key_prefix_at (entry->sk, 8);
}
