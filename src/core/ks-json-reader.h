/* ks-json-reader.h: JSON text to a KsValue tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-value.h"

G_BEGIN_DECLS

/* Parses JSON into generic values: object → M (members in file order,
 * names unique), array → L, string → S, number → N (exact), true/false →
 * BOOL, null → NULL. Errors say "line L, column C: …". Nesting is limited
 * to 256 levels. */
KsValue *ks_json_parse (const char  *data,
                        gsize        length,
                        GError     **error);

G_END_DECLS
