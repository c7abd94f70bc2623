/* ks-diagram-highlight.c: what an access pattern reads, for the diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-render"

#include "config.h"

#include "ks-diagram.h"
#include "ks-item.h"

struct _KsDiagramHighlight
{
  gint        ref_count;
  char       *view;
  KsValue    *pk;
  guint       range_start;
  guint       range_end;
  GHashTable *items;       /* KsItem (ref) set */
  char       *banner;
  char       *range_label;
};

G_DEFINE_BOXED_TYPE (KsDiagramHighlight, ks_diagram_highlight,
                     ks_diagram_highlight_ref, ks_diagram_highlight_unref)

KsDiagramHighlight *
ks_diagram_highlight_new (const char *view,
                          KsValue    *pk,
                          guint       range_start,
                          guint       range_end)
{
  KsDiagramHighlight *self;

  g_return_val_if_fail (view != NULL, NULL);
  g_return_val_if_fail (range_start <= range_end, NULL);

  self = g_new0 (KsDiagramHighlight, 1);
  self->ref_count = 1;
  self->view = g_strdup (view);
  self->pk = pk ? ks_value_ref (pk) : NULL;
  self->range_start = range_start;
  self->range_end = range_end;
  self->items = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) ks_item_unref, NULL);
  return self;
}

KsDiagramHighlight *
ks_diagram_highlight_ref (KsDiagramHighlight *highlight)
{
  g_return_val_if_fail (highlight != NULL, NULL);
  g_atomic_int_inc (&highlight->ref_count);
  return highlight;
}

void
ks_diagram_highlight_unref (KsDiagramHighlight *highlight)
{
  g_return_if_fail (highlight != NULL);
  if (!g_atomic_int_dec_and_test (&highlight->ref_count))
    return;
  g_free (highlight->view);
  g_clear_pointer (&highlight->pk, ks_value_unref);
  g_hash_table_unref (highlight->items);
  g_free (highlight->banner);
  g_free (highlight->range_label);
  g_free (highlight);
}

void
ks_diagram_highlight_add_item (KsDiagramHighlight *highlight,
                               KsItem             *item)
{
  g_return_if_fail (highlight != NULL);
  g_return_if_fail (item != NULL);
  if (!g_hash_table_contains (highlight->items, item))
    g_hash_table_add (highlight->items, ks_item_ref (item));
}

void
ks_diagram_highlight_set_banner (KsDiagramHighlight *highlight,
                                 const char         *banner)
{
  g_return_if_fail (highlight != NULL);
  g_free (highlight->banner);
  highlight->banner = g_strdup (banner);
}

void
ks_diagram_highlight_set_range_label (KsDiagramHighlight *highlight,
                                      const char         *label)
{
  g_return_if_fail (highlight != NULL);
  g_free (highlight->range_label);
  highlight->range_label = g_strdup (label);
}

const char *
ks_diagram_highlight_get_view (KsDiagramHighlight *highlight)
{
  g_return_val_if_fail (highlight != NULL, NULL);
  return highlight->view;
}

KsValue *
ks_diagram_highlight_get_pk (KsDiagramHighlight *highlight)
{
  g_return_val_if_fail (highlight != NULL, NULL);
  return highlight->pk;
}

void
ks_diagram_highlight_get_range (KsDiagramHighlight *highlight,
                                guint              *start,
                                guint              *end)
{
  g_return_if_fail (highlight != NULL);
  if (start)
    *start = highlight->range_start;
  if (end)
    *end = highlight->range_end;
}

gboolean
ks_diagram_highlight_has_item (KsDiagramHighlight *highlight,
                               KsItem             *item)
{
  g_return_val_if_fail (highlight != NULL, FALSE);
  return g_hash_table_contains (highlight->items, item);
}

guint
ks_diagram_highlight_get_n_items (KsDiagramHighlight *highlight)
{
  g_return_val_if_fail (highlight != NULL, 0);
  return g_hash_table_size (highlight->items);
}

const char *
ks_diagram_highlight_get_banner (KsDiagramHighlight *highlight)
{
  g_return_val_if_fail (highlight != NULL, NULL);
  return highlight->banner;
}

const char *
ks_diagram_highlight_get_range_label (KsDiagramHighlight *highlight)
{
  g_return_val_if_fail (highlight != NULL, NULL);
  return highlight->range_label;
}
