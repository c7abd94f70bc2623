/* ks-create-table-private.h: the table-definition reader that the
 * create-table and CloudFormation imports share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-table.h"
#include "ks-value.h"

G_BEGIN_DECLS

typedef enum
{
  KS_TABLE_DIALECT_CREATE_TABLE,   /* the CreateTable API request */
  KS_TABLE_DIALECT_CFN_TABLE,      /* AWS::DynamoDB::Table Properties */
  KS_TABLE_DIALECT_CFN_GLOBAL,     /* AWS::DynamoDB::GlobalTable Properties */
} KsTableDialect;

/* Reads one table definition at @path ("" for the document root).
 * @default_name names the table when a CloudFormation TableName is absent
 * or a function (the resource's logical ID). Warnings are added to
 * @warnings (may be NULL). */
KsTable    *_ks_create_table_read    (const KsValue  *definition,
                                      const char     *path,
                                      KsTableDialect  dialect,
                                      const char     *default_name,
                                      GPtrArray      *warnings,
                                      GError        **error);

/* "Ref", "Fn::Sub" … when @value is a CloudFormation function (an object
 * of one member named so), else NULL. */
const char *_ks_cfn_function_name    (const KsValue  *value);

/* "a string", "an object" … for messages */
const char *_ks_value_kind           (const KsValue  *value);

G_END_DECLS
