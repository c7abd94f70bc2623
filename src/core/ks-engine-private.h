/* ks-engine-private.h: engine internals for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-engine.h"

G_BEGIN_DECLS

/* Whether two engines hold the same views, entry by entry (tests). */
gboolean _ks_engine_views_equal (KsEngine  *a,
                                 KsEngine  *b,
                                 char     **why);

/* Computes on this thread only (tests compare it with the two-thread
 * computation of large designs). */
void     _ks_engine_set_serial  (KsEngine  *engine,
                                 gboolean   serial);

/* How many phases ran on two threads so far. */
guint    _ks_engine_get_parallel_runs (KsEngine *engine);

G_END_DECLS
