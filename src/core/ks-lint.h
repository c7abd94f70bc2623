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

/* The same a group of rules at a time, for a window that handles input
 * between them: step until it returns FALSE, then finish. @cost must
 * outlive the linter, and the engine must not change meanwhile (drop the
 * linter with ks_linter_free () when it does). */
typedef struct _KsLinter KsLinter;

KsLinter  *ks_linter_new         (KsEngine     *engine,
                                  KsCostReport *cost);
/* Runs one group of rules; returns whether groups remain. */
gboolean   ks_linter_step        (KsLinter     *linter);
/* The problems (running what remains), and frees @linter. */
GPtrArray *ks_linter_finish      (KsLinter     *linter);
void       ks_linter_free        (KsLinter     *linter);

G_END_DECLS
