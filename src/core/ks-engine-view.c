/* ks-engine-view.c: a view's entries and their keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KsView: the sorted entries of a table or an index (EntryArray), set up
 * from its key schema and projection; an entry's keys and their
 * order-preserving prefixes; one item's entry found, removed or inserted
 * by binary search; the partitions, and the public ks_view_* API.
 */
#define G_LOG_DOMAIN "keyshape-engine"

#include "config.h"

#include <string.h>

#include "ks-engine-internal.h"
#include "ks-util-private.h"

/* Views ------------------------------------------------------------------ */

/* Frees what a view derives from its table and index, not the view. */
void
_ks_view_teardown (KsView *view)
{
  _ks_entry_array_clear (view, &view->entries);
  g_clear_pointer (&view->partitions, g_array_unref);
  g_clear_pointer (&view->keys, ks_key_schema_free);
  g_clear_pointer (&view->table_keys, ks_key_schema_free);
  g_clear_pointer (&view->projected, g_hash_table_unref);
  g_clear_pointer (&view->projected_names, g_ptr_array_unref);
  _ks_pk_table_clear (&view->pk_values);
  g_clear_pointer (&view->size_hints, g_free);
  g_clear_pointer (&view->name, g_free);
}

void
_ks_view_free (KsView *view)
{
  _ks_view_teardown (view);
  g_free (view);
}

void
_ks_entry_array_clear (KsView *view, EntryArray *a)
{
  /* only multi-attribute sort keys are the entries' own */
  if (view->keys->n_sk > 1)
    for (guint i = 0; i < a->len; i++)
      _ks_entry_clear (view, &a->data[i]);
  a->data = _ks_big_realloc (a->data, a->room * sizeof (KsEntry), 0);
  a->len = a->room = 0;
}

/* Exactly @room entries of room, at least. */
void
_ks_entry_array_reserve (EntryArray *a, guint room)
{
  if (room <= a->room)
    return;
  a->data = _ks_big_realloc (a->data, a->room * sizeof (KsEntry), room * sizeof (KsEntry));
  a->room = room;
}

/* Gives back the room beyond the entries. */
void
_ks_entry_array_trim (EntryArray *a)
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
    _ks_entry_array_reserve (a, a->len + a->len / 8 + 16);
  memmove (&a->data[pos + 1], &a->data[pos], (a->len - pos) * sizeof (KsEntry));
  a->data[pos] = *e;
  a->len++;
}

static void
entry_array_remove (KsView *view, EntryArray *a, guint pos)
{
  _ks_entry_clear (view, &a->data[pos]);
  memmove (&a->data[pos], &a->data[pos + 1], (a->len - pos - 1) * sizeof (KsEntry));
  a->len--;
}

void
_ks_view_setup (KsView *view, KsEngine *engine, KsTable *table, KsIndex *index)
{
  const KsKeySchema *tk = ks_table_get_key_schema (table);

  view->engine = engine;
  view->table = table;
  view->index = index;
  view->table_keys = ks_key_schema_copy (tk);
  view->keys = ks_key_schema_copy (index ? ks_index_get_key_schema (index) : tk);
  view->name = g_strdup (index ? ks_index_get_name (index) : ks_table_get_name (table));
  memset (&view->entries, 0, sizeof view->entries);
  _ks_pk_table_init (&view->pk_values);
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

KsView *
_ks_view_new (KsEngine *engine, KsTable *table, KsIndex *index)
{
  KsView *view = g_new0 (KsView, 1);
  _ks_view_setup (view, engine, table, index);
  return view;
}

int
_ks_entry_compare (const KsEntry *a, const KsEntry *b)
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
  if ((r = _ks_compare_opt (a->sk, b->sk)) != 0)
    return r;
  if ((r = _ks_compare_opt (a->table_pk, b->table_pk)) != 0)
    return r;
  return _ks_compare_opt (a->table_sk, b->table_sk);
}

int
ks_view_compare_entries (KsView        *view,
                         const KsEntry *a,
                         const KsEntry *b)
{
  return _ks_entry_compare (a, b);
}

/* An order-preserving 64-bit prefix of a key value: a < b implies
 * prefix (a) <= prefix (b), so most comparisons while sorting never look
 * at the values. S and B: the first eight bytes; N: sign, magnitude and
 * the first 16 digits (ks_number_order_key()); a tuple: its first
 * component. */
static guint64 key_prefix (const KsValue *v);

guint64
_ks_key_prefix_at (const KsValue *v, guint offset)
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
      return _ks_key_prefix_at (v, 0);
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
KsValue *
_ks_key_build (const KsValue *final, const char * const *names, guint n, guint *hints)
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
gboolean
_ks_entry_make (KsView *view, KsItem *item, const KsValue *final, KsEntry *e, KeyHints *hints,
                KsValue * const *table_keys)
{
  memset (e, 0, sizeof *e);
  if (view->keys->n_sk > 0)
    {
      e->sk = _ks_key_build (final, view->sk_names, view->keys->n_sk, hints->sk);
      if (e->sk == NULL)
        return FALSE;
    }
  e->pk = _ks_key_build (final, view->pk_names, view->keys->n_pk, hints->pk);
  if (e->pk == NULL)
    {
      _ks_entry_clear (view, e);
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
      e->table_pk = _ks_key_build (final, &view->tpk_name, view->tpk_name ? 1 : 0, &hints->tpk);
      e->table_sk = _ks_key_build (final, &view->tsk_name, view->tsk_name ? 1 : 0, &hints->tsk);
    }
  e->pk_prefix = key_prefix (e->pk);
  e->sk_prefix = key_prefix (e->sk);
  e->sk_prefix2 = _ks_key_prefix_at (e->sk, 8);
  e->item = item;
  return TRUE;
}

/* Fills @e for @item in @view; FALSE when the item is not in the view.
 * @slot (optional) receives the number of its partition key in the view,
 * for _ks_view_sort_entries(). */
gboolean
_ks_view_make_entry (KsView *view, KsItem *item, const KsValue *final, KsEntry *e, guint *slot)
{
  guint32 s;

  if (!_ks_entry_make (view, item, final, e, &view->hints, NULL))
    return FALSE;
  s = _ks_entry_intern (view, e, _ks_pk_hash (e->pk));
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
      if (_ks_entry_compare (&ENTRY_AT (view, mid), key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
_ks_view_remove_item (KsView *view, KsItem *item, const KsValue *old_final)
{
  KsEntry key;
  guint pos;

  if (!_ks_view_make_entry (view, item, old_final, &key, NULL))
    return FALSE;
  pos = view_lower_bound (view, &key);
  for (; pos < view->entries.len; pos++)
    {
      KsEntry *e = &ENTRY_AT (view, pos);
      if (e->item == item)
        {
          entry_array_remove (view, &view->entries, pos);
          view->partitions_dirty = TRUE;
          _ks_entry_clear (view, &key);
          return TRUE;
        }
      if (_ks_entry_compare (e, &key) != 0)
        break;
    }
  _ks_entry_clear (view, &key);
  g_warning ("engine: entry of an item not found in view %s", view->name);
  return FALSE;
}

gboolean
_ks_view_insert_item (KsView *view, KsItem *item)
{
  KsEntry e;
  guint pos;

  if (!_ks_view_make_entry (view, item, item->final, &e, NULL))
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
  _ks_engine_ensure (view->engine);
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
  _ks_engine_ensure (view->engine);
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

  _ks_engine_ensure (view->engine);
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

  _ks_engine_ensure (view->engine);
  if (!(item->flags & ITEM_INDEXED) || item->final == NULL || item->entity == NULL)
    return FALSE;
  if (!_ks_view_make_entry (view, item, item->final, &key, NULL))
    return FALSE;
  pos = view_lower_bound (view, &key);
  _ks_entry_clear (view, &key);
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

void
ks_entry_compute_prefixes (KsEntry *entry)
{
  g_return_if_fail (entry != NULL);

  entry->pk_prefix = key_prefix (entry->pk);
  entry->sk_prefix = key_prefix (entry->sk);
  entry->sk_prefix2 = _ks_key_prefix_at (entry->sk, 8);
}
