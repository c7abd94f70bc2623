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

G_END_DECLS
