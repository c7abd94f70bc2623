/* ks-lazy-refresh.h: recompute a page a moment after edits, while shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-document.h"

G_BEGIN_DECLS

/**
 * KsLazyRefresh:
 *
 * For a page whose figures take a while to compute (the cost panel, the
 * coverage matrix): it follows a document's commands and its engine's
 * changes, marks the page stale, and calls the page's refresh function
 * only while the page is mapped: at once when it appears or gets a
 * document, a delay after the last of a run of edits otherwise. A hidden
 * page stays stale until shown again.
 */
typedef struct _KsLazyRefresh KsLazyRefresh;

/* Recomputes @widget from the document (never NULL when called). */
typedef void (*KsLazyRefreshFunc) (GtkWidget *widget);

/* @changed (or NULL) is called on each edit, before the refresh is
 * queued: to drop what is now out of date. */
KsLazyRefresh *ks_lazy_refresh_new          (GtkWidget         *widget,
                                             guint              delay_ms,
                                             KsLazyRefreshFunc  refresh,
                                             KsLazyRefreshFunc  changed);
void           ks_lazy_refresh_free         (KsLazyRefresh     *self);
void           ks_lazy_refresh_set_document (KsLazyRefresh     *self,
                                             KsDocument        *document);
KsDocument    *ks_lazy_refresh_get_document (KsLazyRefresh     *self);
/* Marks the page stale; refreshes it when shown: at once (@now) or after
 * the delay (restarted by each call). */
void           ks_lazy_refresh_queue        (KsLazyRefresh     *self,
                                             gboolean           now);
/* Refreshes now, shown or not, unless there is no document; a pending
 * refresh is dropped. */
void           ks_lazy_refresh_run          (KsLazyRefresh     *self);

G_END_DECLS
