/* ks-export-private.h: helpers shared by the exporters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ks-engine.h"

G_BEGIN_DECLS

/* Appends a formatted message to @warnings (char *); @warnings may be NULL. */
void      ks_export_warn               (GPtrArray    *warnings,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (2, 3);

/* @text on one line, for a comment: control characters become spaces;
 * NULL or "" gives @fallback. */
char     *ks_export_one_line           (const char   *text,
                                        const char   *fallback);

/* Checks what DynamoDB's CreateTable would refuse in @table's key schemas:
 * an LSI without a table sort key or with another partition key, a key
 * attribute declared with two types. */
gboolean  ks_export_check_table        (KsTable      *table,
                                        GError      **error);
/* Checks every table of the design; FALSE when it has none. */
gboolean  ks_export_check_design       (KsDesign     *design,
                                        GError      **error);

/* The table as a CreateTable request (the API's JSON shape, which the AWS
 * CLI's --cli-input-json and CloudFormation's Properties share); with
 * @cloudformation the TimeToLiveSpecification is added. */
JsonNode *ks_export_table_definition   (KsTable      *table,
                                        gboolean      cloudformation);

/* The table's "ProvisionedThroughput" member (at least one unit each) */
void      ks_export_add_throughput     (JsonBuilder  *builder,
                                        KsTable      *table);
/* An index's "Projection" member (ProjectionType, NonKeyAttributes), as
 * CreateTable and NoSQL Workbench write it. */
void      ks_export_add_projection     (JsonBuilder  *builder,
                                        KsIndex      *index);

/* Whether @entity gives items a value for @key_attribute: a template, or
 * the attribute declared among its own. */
gboolean  ks_export_entity_has_key     (KsEntity     *entity,
                                        const char   *key_attribute);

/* The KsTable objects of the design, in order (a new reference each). */
GPtrArray *ks_export_list_tables       (KsDesign     *design);
GPtrArray *ks_export_list_indexes      (KsTable      *table);
GPtrArray *ks_export_list_entities     (KsDesign     *design,
                                        KsTable      *table);

/* The exporters, one per file (ks-export-*.c) */
char *ks_export_create_table       (KsEngine *engine, GPtrArray *warnings, GError **error);
char *ks_export_cloudformation     (KsEngine *engine, GPtrArray *warnings, GError **error);
char *ks_export_cloudformation_yaml (KsEngine *engine, GPtrArray *warnings, GError **error);
char *ks_export_terraform          (KsEngine *engine, GPtrArray *warnings, GError **error);
char *ks_export_workbench          (KsEngine *engine, GPtrArray *warnings, GError **error);
char *ks_export_electrodb          (KsEngine *engine, GPtrArray *warnings, GError **error);
char *ks_export_onetable           (KsEngine *engine, GPtrArray *warnings, GError **error);

G_END_DECLS
