/* ks-native.h: the native .keyshape.json format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ks-design.h"

G_BEGIN_DECLS

/* @root: the file as generic values (ks_json_parse()) */
gboolean  ks_native_detect    (KsValue   *root);
/* Errors name the JSON path: "entities[1].keys.SK: …" */
KsDesign *ks_native_read      (KsValue   *root,
                               GError   **error);
/* The file's bytes: stable key order, two-space indent, final newline. */
char     *ks_native_to_string (KsDesign  *design);

G_END_DECLS
