/* ks-cloudformation.h: CloudFormation templates (JSON and YAML)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-design.h"
#include "ks-value.h"

G_BEGIN_DECLS

/* An object with AWSTemplateFormatVersion, or whose Resources hold an
 * AWS::DynamoDB::Table or AWS::DynamoDB::GlobalTable. @root comes from
 * ks_json_parse() or ks_yaml_parse(). */
gboolean  ks_cloudformation_detect (const KsValue  *root);
/* Every AWS::DynamoDB::Table and AWS::DynamoDB::GlobalTable resource
 * becomes a table with its key schema, attribute types, GSIs
 * (multi-attribute keys included) and LSIs with their projections, its
 * billing and its TTL attribute; no entities (a template has none). A
 * table without a TableName, or whose name is a function, is named after
 * its logical ID; {"Ref": P} and simple {"Fn::Sub": "…${P}…"} take the
 * defaults of the template's Parameters. @design_name (NULL: the first
 * table's name) names the design. What Keyshape does not model is added to
 * @warnings (char *, may be NULL). Errors name the path, such as
 * Resources.Orders.Properties.KeySchema[1].KeyType. */
KsDesign *ks_cloudformation_import (const KsValue  *root,
                                    const char     *design_name,
                                    GPtrArray      *warnings,
                                    GError        **error);

G_END_DECLS
