/* ks-create-table.h: AWS CLI `create-table --cli-input-json` input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-design.h"
#include "ks-value.h"

G_BEGIN_DECLS

/* A CreateTable request (an object with TableName, KeySchema and
 * AttributeDefinitions), or a non-empty array of them as the create-table
 * export writes for several tables. @root comes from ks_json_parse(). */
gboolean  ks_create_table_detect (const KsValue  *root);
/* One table per request, with its key schema, attribute types, GSIs
 * (multi-attribute keys included) and LSIs with their projections, and its
 * billing; no entities (a request has none). @design_name (NULL: the first
 * table's name) names the design. What Keyshape does not model (streams,
 * encryption, tags …) is added to @warnings (char *, may be NULL). Errors
 * name the JSON path. */
KsDesign *ks_create_table_import (const KsValue  *root,
                                  const char     *design_name,
                                  GPtrArray      *warnings,
                                  GError        **error);

G_END_DECLS
