/* ks-bench-hooks.h: figures of other layers for keyshape-bench
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-engine.h"

G_BEGIN_DECLS

/* A Query over the benchmark design returning one page; ms, or -1 when the
 * query engine is not built. */
double ks_bench_query_ms (KsEngine *engine);
/* One frame of the diagram of the largest index; ms, or -1 when the
 * renderer is not built. */
double ks_bench_draw_ms  (KsEngine *engine);
/* Laying out the diagram of the table again, as after an edit; ms. */
double ks_bench_layout_ms (KsEngine *engine);
/* What the window's diagram of the table redoes after a one-item edit of
 * @entity (the layout, from what it kept of the last one), the engine's
 * work not counted; the median of @runs, in ms. */
double ks_bench_layout_item_edit_ms (KsEngine *engine,
                                     KsEntity *entity,
                                     int       runs);

G_END_DECLS
