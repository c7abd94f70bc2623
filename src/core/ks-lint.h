/* ks-lint.h: design diagnostics (errors, warnings, advice)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-engine.h"

G_BEGIN_DECLS

/* Every problem of the design: template errors, item errors (what DynamoDB
 * would refuse) and the lint rules, each with a stable rule id.
 * Returns a new array of KsProblem. */
GPtrArray *ks_lint_run (KsEngine *engine);

G_END_DECLS
