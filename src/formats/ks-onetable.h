/* ks-onetable.h: OneTable schemas (onetable:1.0.0 and 1.1.0)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ks-design.h"

G_BEGIN_DECLS

/* A JSON object whose "format" is "onetable:1.x.y". */
gboolean  ks_onetable_detect (JsonNode    *root);
/* Reads the schema's indexes and models into a design of one table named
 * @table_name (NULL: "Table"). What Keyshape cannot carry over is added to
 * @warnings (char *, may be NULL). Errors name the JSON path. */
KsDesign *ks_onetable_import (JsonNode    *root,
                              const char  *table_name,
                              GPtrArray   *warnings,
                              GError     **error);

G_END_DECLS
