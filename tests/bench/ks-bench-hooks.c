/* ks-bench-hooks.c: figures of other layers for keyshape-bench
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ks-bench-hooks.h"

double
ks_bench_query_ms (KsEngine *engine)
{
  return -1;
}

double
ks_bench_draw_ms (KsEngine *engine)
{
  return -1;
}
