/* ks-engine-sort.c: sorting a view's entries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view's distinct partition keys (PkTable: each numbered, its slot, and
 * held once by the view), and the sort of a run of entries in the view's
 * order: the partition keys ranked first, then each entry's rank and
 * first 16 bytes of sort key in a 32-byte record, radix sorted (merge
 * sorted in small runs and for records whose key bytes are all equal).
 */
#define G_LOG_DOMAIN "keyshape-engine"

#include "config.h"

#include <string.h>

#include "ks-engine-internal.h"
#include "ks-util-private.h"

/* Partition keys --------------------------------------------------------- */

static PkBucket *
pk_buckets_new (guint n)
{
  PkBucket *b = _ks_big_realloc (NULL, 0, n * sizeof (PkBucket));
  memset (b, 0, n * sizeof (PkBucket));
  return b;
}

void
_ks_pk_table_init (PkTable *t)
{
  t->mask = 15;
  t->buckets = pk_buckets_new (t->mask + 1);
  t->values = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
}

void
_ks_pk_table_clear (PkTable *t)
{
  if (t->buckets != NULL)
    _ks_big_realloc (t->buckets, (t->mask + 1) * sizeof (PkBucket), 0);
  t->buckets = NULL;
  g_clear_pointer (&t->values, g_ptr_array_unref);
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

/* The slot of the partition key *@pk (@hash: _ks_pk_hash ()), added when new;
 * *@pk then points at the table's value. @owned: the table takes *@pk (a
 * tuple made for the entry), given back when the key is known. */
guint32
_ks_pk_table_intern (PkTable *t, KsValue **pk, guint32 hash, gboolean owned)
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

/* Entries of equal prefixes: what _ks_entry_compare () looks at next. */
static int
entry_tie (const SortRecord *a, const SortRecord *b, gconstpointer data)
{
  const KsEntry *entries = data;
  const KsEntry *ea = &entries[a->idx], *eb = &entries[b->idx];
  int r;

  if ((r = _ks_compare_opt (ea->sk, eb->sk)) != 0 ||
      (r = _ks_compare_opt (ea->table_pk, eb->table_pk)) != 0 ||
      (r = _ks_compare_opt (ea->table_sk, eb->table_sk)) != 0)
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
 * partition-key slot (_ks_view_make_entry ()), @pk_prefixes2 (or NULL) bytes
 * 8–15 of its partition key. Only reads values: safe on a helper thread. */
void
_ks_view_sort_entries (KsView *view, EntryArray *entries, const guint32 *slots, const guint64 *pk_prefixes2)
{
  KsEntry *e, *sorted;
  guint n = entries->len, max_slot = 0;
  guint32 *rank;
  GArray *distinct;
  SortRecord *records, *tmp;

  _ks_entry_array_trim (entries);
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
      records[r].k1 = pk_prefixes2 ? pk_prefixes2[pr->first] : _ks_key_prefix_at (pr->pk, 8);
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
