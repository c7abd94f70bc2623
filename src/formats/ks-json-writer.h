/* ks-json-writer.h: stable, pretty JSON output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Writes @node with two-space indentation, members in insertion order,
 * doubles in their shortest exact form, and a final newline. With
 * @pretty FALSE, the whole value stays on one line. */
char *ks_json_to_string (JsonNode *node,
                         gboolean  pretty);

/* Called for each object member before it is written: returns TRUE when
 * it wrote the member's value itself (after "name": ) at indentation
 * @level. Lets a writer stream large parts without building nodes. */
typedef gboolean (*KsJsonMemberWriter) (GString    *out,
                                        JsonObject *object,
                                        const char *member,
                                        guint       level,
                                        gpointer    data);

char *ks_json_to_string_full (JsonNode           *node,
                              gboolean            pretty,
                              KsJsonMemberWriter  hook,
                              gpointer            data);

G_END_DECLS
