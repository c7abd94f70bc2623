/* ks-big.c: memory for the engine's large arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A view of 100,000 items is a 6 MB array, and a full recompute sorts
 * several of them. Taken from malloc, each is a fresh mapping whose every
 * 4 KiB page faults when first written (several microseconds each on a
 * virtual machine), or it stays in the heap once freed. Here arrays from
 * 256 KiB up are mappings of their own, in whole 2 MiB pages aligned so that
 * the kernel can back them with huge pages where it offers transparent
 * huge pages; the part of the last page an array does not use is given
 * back (_ks_big_fit ()), and all of it when the array is freed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* mremap () */
#endif
#include "config.h"

#include <string.h>

#include "ks-util-private.h"

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#define KS_BIG_MAPPED 1
#endif

#define BIG_MIN   (256u << 10)
#define HUGE_PAGE (2u << 20)

#ifdef KS_BIG_MAPPED
static gsize
page_round (gsize size)
{
  static gsize page;

  if (page == 0)
    page = (gsize) sysconf (_SC_PAGESIZE);
  return (size + page - 1) & ~(page - 1);
}

static gsize
huge_round (gsize size)
{
  return (size + HUGE_PAGE - 1) & ~(gsize) (HUGE_PAGE - 1);
}

static void
advise_huge (gpointer start, gsize len)
{
#ifdef MADV_HUGEPAGE
  madvise (start, len, MADV_HUGEPAGE);
#endif
}

/* A mapping of huge_round (@size) bytes at a 2 MiB boundary. */
static gpointer
big_map (gsize size)
{
  gsize len = huge_round (size), span = len + HUGE_PAGE;
  guint8 *p = mmap (NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guint8 *start;

  if (p == MAP_FAILED)
    g_error ("keyshape: cannot allocate %" G_GSIZE_FORMAT " bytes", size);
  start = (guint8 *) (((guintptr) p + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
  if (start > p)
    munmap (p, start - p);
  if (p + span > start + len)
    munmap (start + len, (p + span) - (start + len));
  advise_huge (start, len);
  return start;
}
#endif

/* Resizes @mem from @old_size to @new_size bytes, like g_realloc () (NULL
 * @mem allocates, 0 @new_size frees). Both sizes must be the ones given
 * before: they say how the memory was taken. */
gpointer
_ks_big_realloc (gpointer mem,
                 gsize    old_size,
                 gsize    new_size)
{
#ifdef KS_BIG_MAPPED
  gboolean was_big = mem != NULL && old_size >= BIG_MIN;
  gboolean big = new_size >= BIG_MIN;
  gpointer p;

  if (!was_big && !big)
    {
      if (new_size == 0)
        {
          g_free (mem);
          return NULL;
        }
      return g_realloc (mem, new_size);
    }
  if (was_big && big)
    {
      if (huge_round (old_size) != huge_round (new_size))
        {
          p = mremap (mem, huge_round (old_size), huge_round (new_size), MREMAP_MAYMOVE);
          if (p == MAP_FAILED)
            g_error ("keyshape: cannot resize an array to %" G_GSIZE_FORMAT " bytes", new_size);
          advise_huge (p, huge_round (new_size));
          mem = p;
        }
      if (new_size < old_size)
        _ks_big_fit (mem, new_size);
      return mem;
    }
  if (big)
    {
      p = big_map (new_size);
      if (mem != NULL)
        memcpy (p, mem, MIN (old_size, new_size));
      g_free (mem);
      return p;
    }
  /* big to small */
  p = new_size ? g_malloc (new_size) : NULL;
  if (p != NULL)
    memcpy (p, mem, new_size);
  munmap (mem, huge_round (old_size));
  return p;
#else
  if (new_size == 0)
    {
      g_free (mem);
      return NULL;
    }
  return g_realloc (mem, new_size);
#endif
}

/* Gives back the memory of the last 2 MiB page of @mem (from
 * _ks_big_realloc ()) beyond its first @size bytes. */
void
_ks_big_fit (gpointer mem,
             gsize    size)
{
#ifdef KS_BIG_MAPPED
  if (mem != NULL && size >= BIG_MIN && huge_round (size) > page_round (size))
    madvise ((guint8 *) mem + page_round (size), huge_round (size) - page_round (size), MADV_DONTNEED);
#endif
}

/* Scratch memory for a moment (sorting). */
gpointer
_ks_scratch_new (gsize size)
{
  return _ks_big_realloc (NULL, 0, size);
}

void
_ks_scratch_free (gpointer mem,
                  gsize    size)
{
  _ks_big_realloc (mem, size, 0);
}
