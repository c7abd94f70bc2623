/* ks-lint.h: design diagnostics (errors, warnings, advice)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-cost.h"
#include "ks-engine.h"

G_BEGIN_DECLS

/* Every problem of the design: template errors, item errors (what DynamoDB
 * would refuse) and the lint rules, each with a stable rule id.
 * Returns a new array of KsProblem. */
GPtrArray *ks_lint_run           (KsEngine     *engine);
/* The same with the cost report of the engine's current state, made by the
 * caller (the window shows it too); the rules use no prices, so any price
 * table does. */
GPtrArray *ks_lint_run_with_cost (KsEngine     *engine,
                                  KsCostReport *cost);

G_END_DECLS
