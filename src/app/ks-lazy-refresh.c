/* ks-lazy-refresh.c: recompute a page a moment after edits, while shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-lazy-refresh"

#include "config.h"

#include "ks-lazy-refresh.h"

struct _KsLazyRefresh
{
  GtkWidget         *widget;       /* the page, which owns this */
  KsDocument        *document;
  guint              delay_ms;
  KsLazyRefreshFunc  refresh;
  KsLazyRefreshFunc  changed;
  guint              source;
  gboolean           dirty;
};

static void
run (KsLazyRefresh *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
  self->dirty = FALSE;
  if (self->document != NULL)
    self->refresh (self->widget);
}

static gboolean
run_cb (gpointer data)
{
  KsLazyRefresh *self = data;

  self->source = 0;
  run (self);
  return G_SOURCE_REMOVE;
}

static void
on_changed (KsLazyRefresh *self)
{
  if (self->changed != NULL)
    self->changed (self->widget);
  ks_lazy_refresh_queue (self, FALSE);
}

static void
on_map (KsLazyRefresh *self)
{
  if (self->dirty)
    ks_lazy_refresh_queue (self, TRUE);
}

static void
on_unmap (KsLazyRefresh *self)
{
  /* hidden: stays stale until shown again */
  g_clear_handle_id (&self->source, g_source_remove);
}

static void
disconnect_document (KsLazyRefresh *self)
{
  if (self->document == NULL)
    return;
  g_signal_handlers_disconnect_by_data (ks_document_get_engine (self->document), self);
  g_signal_handlers_disconnect_by_data (self->document, self);
}

/**
 * ks_lazy_refresh_new:
 * @widget: the page; it owns the result, and frees it in its dispose
 *
 * Returns: (transfer full): a stale page's refresher, without a document
 */
KsLazyRefresh *
ks_lazy_refresh_new (GtkWidget         *widget,
                     guint              delay_ms,
                     KsLazyRefreshFunc  refresh,
                     KsLazyRefreshFunc  changed)
{
  KsLazyRefresh *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (refresh != NULL, NULL);

  self = g_new0 (KsLazyRefresh, 1);
  self->widget = widget;
  self->delay_ms = delay_ms;
  self->refresh = refresh;
  self->changed = changed;
  self->dirty = TRUE;
  /* after the page's own map: it is mapped by then */
  g_signal_connect_swapped (widget, "map", G_CALLBACK (on_map), self);
  g_signal_connect_swapped (widget, "unmap", G_CALLBACK (on_unmap), self);
  return self;
}

void
ks_lazy_refresh_free (KsLazyRefresh *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->source, g_source_remove);
  disconnect_document (self);
  g_signal_handlers_disconnect_by_data (self->widget, self);
  g_clear_object (&self->document);
  g_free (self);
}

/* Follows @document from now on (NULL: none), and refreshes at once when
 * shown. */
void
ks_lazy_refresh_set_document (KsLazyRefresh *self,
                              KsDocument    *document)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (document == NULL || KS_IS_DOCUMENT (document));

  disconnect_document (self);
  g_set_object (&self->document, document);
  if (document != NULL)
    {
      /* every command notifies can-undo (those the engine does not see,
       * such as a pattern's text or a load figure, too); the engine says
       * when items and keys moved */
      g_signal_connect_swapped (document, "notify::can-undo", G_CALLBACK (on_changed), self);
      g_signal_connect_swapped (ks_document_get_engine (document), "changed", G_CALLBACK (on_changed), self);
    }
  ks_lazy_refresh_queue (self, TRUE);
}

/**
 * ks_lazy_refresh_get_document:
 *
 * Returns: (transfer none) (nullable): the document followed
 */
KsDocument *
ks_lazy_refresh_get_document (KsLazyRefresh *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->document;
}

void
ks_lazy_refresh_queue (KsLazyRefresh *self,
                       gboolean       now)
{
  g_return_if_fail (self != NULL);

  self->dirty = TRUE;
  g_clear_handle_id (&self->source, g_source_remove);
  if (self->document == NULL || !gtk_widget_get_mapped (self->widget))
    return;
  if (now)
    /* before the next frame is drawn: nothing stale shown */
    self->source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, run_cb, self, NULL);
  else
    self->source = g_timeout_add (self->delay_ms, run_cb, self);
}

void
ks_lazy_refresh_run (KsLazyRefresh *self)
{
  g_return_if_fail (self != NULL);
  run (self);
}
