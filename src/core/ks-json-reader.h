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

/* Parses JSON into a json-glib tree (json_parser_load_from_data()), after
 * checking the nesting: json-glib itself recurses without a limit, so a
 * few megabytes of '[' overflow the stack. Deeper than 256 levels is a
 * KS_ERROR_PARSE error ("line L, column C: …"). @length -1: NUL-terminated.
 * Use it for JSON from users (requests, pasted values, pricing files). */
JsonNode *ks_json_parse_node (const char  *data,
                              gssize       length,
                              GError     **error);

G_END_DECLS
