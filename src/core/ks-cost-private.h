/* ks-cost-private.h: cost internals shared with the lint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-cost.h"

G_BEGIN_DECLS

/* Whether @value is a date bucket (2026, 2026-03, 2026-03-01, 2026-03-01T10,
 * 2026-W09) rather than an instant. */
gboolean _ks_cost_is_time_bucket   (const KsValue *value);
/* Fills report->patterns: runs each access pattern on the sample data. */
void     _ks_cost_compute_patterns (KsCostReport  *report,
                                    KsEngine      *engine);

G_END_DECLS
