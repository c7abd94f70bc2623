/* ks-util-private.h: small helpers shared by the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ks-value.h"

G_BEGIN_DECLS

/* While the engine computes on several threads, values may be shared
 * between them: reference counts then change atomically. Calls nest. */
void _ks_value_threads_begin (void);
void _ks_value_threads_end   (void);

/* A map value with room for @room entries in the same allocation (the
 * engine's final attributes: one malloc instead of two per item). Fill
 * *@entries, then set how many there are; the map must not be read before
 * that. */
KsValue *_ks_value_new_map_inline        (guint        room,
                                          KsMapEntry **entries);
void     _ks_value_map_inline_set_length (KsValue     *map,
                                          guint        n);

/* Large arrays (ks-big.c): resizes @mem from @old_size to @new_size
 * bytes (NULL @mem allocates, 0 @new_size frees); the sizes say how the
 * memory was taken, so they must be exact. */
gpointer _ks_big_realloc (gpointer mem,
                          gsize    old_size,
                          gsize    new_size);
void     _ks_big_fit     (gpointer mem,
                          gsize    size);

/* Memory for a moment (sorting). */
gpointer _ks_scratch_new  (gsize    size);
void     _ks_scratch_free (gpointer mem,
                           gsize    size);

#define ks_scratch_new(type, n) ((type *) _ks_scratch_new (sizeof (type) * (n)))
#define ks_scratch_free(mem, type, n) _ks_scratch_free ((mem), sizeof (type) * (n))
#define ks_big_new(type, n) ((type *) _ks_big_realloc (NULL, 0, sizeof (type) * (n)))
#define ks_big_free(mem, type, n) _ks_big_realloc ((mem), sizeof (type) * (n), 0)

/* Like g_set_str() of GLib 2.76: replaces *str_pointer with a copy of
 * new_str and returns whether it changed. */
static inline gboolean
ks_set_str (char       **str_pointer,
            const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

static inline gboolean
ks_set_strv (char               ***strv_pointer,
             const char * const   *new_strv)
{
  if (*strv_pointer == NULL && new_strv == NULL)
    return FALSE;
  if (*strv_pointer != NULL && new_strv != NULL &&
      g_strv_equal ((const char * const *) *strv_pointer, new_strv))
    return FALSE;
  g_strfreev (*strv_pointer);
  *strv_pointer = g_strdupv ((char **) new_strv);
  return TRUE;
}

G_END_DECLS
