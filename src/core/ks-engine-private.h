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

/* Another design with the same tables (shared: engines only read them),
 * entities (attributes, templates) and items (new ones, sharing the
 * immutable values): a design has one engine, so comparing two
 * computations takes a second design (tests). */
KsDesign *_ks_engine_copy_design (KsDesign *design);

/* Computes every item's final attributes (its keys, size and errors) and
 * nothing else: the key-building phase of a full recompute, timed by
 * keyshape-bench. The views are emptied and computed again on the next
 * flush. */
void      _ks_engine_compute_keys (KsEngine *engine);

G_END_DECLS
