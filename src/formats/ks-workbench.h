/* ks-workbench.h: NoSQL Workbench data models (format 1.0, 2.0, 3.0)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ks-design.h"

G_BEGIN_DECLS

gboolean  ks_workbench_detect (JsonNode  *root);
KsDesign *ks_workbench_import (JsonNode  *root,
                               GError   **error);

G_END_DECLS
