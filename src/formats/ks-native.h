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

/*
 * The same bytes made off the thread that edits the design (an autosave
 * while the user types on): ks_native_snapshot_new() takes, on the design's
 * thread, what the text needs (the design but its items as JSON, and a
 * reference to every item's values, which are immutable);
 * ks_native_snapshot_to_string() then runs on any one thread, however the
 * design is edited meanwhile, since it reads only the snapshot and never
 * takes or drops a value reference; ks_native_snapshot_free() runs on the
 * design's thread again, once that thread is done (the references are
 * not atomic).
 */
typedef struct _KsNativeSnapshot KsNativeSnapshot;

KsNativeSnapshot *ks_native_snapshot_new       (KsDesign         *design);
char             *ks_native_snapshot_to_string (KsNativeSnapshot *snapshot);
void              ks_native_snapshot_free      (KsNativeSnapshot *snapshot);

G_END_DECLS
