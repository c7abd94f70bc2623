/* ks-export.c: every export format, by name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-export"

#include "config.h"

#include "ks-error.h"
#include "ks-export.h"
#include "ks-export-private.h"
#include "ks-native.h"

typedef char *(*ExportFunc) (KsEngine *engine, GPtrArray *warnings, GError **error);

static char *
export_native (KsEngine *engine, GPtrArray *warnings, GError **error)
{
  return ks_native_to_string (ks_engine_get_design (engine));
}

static const KsExportFormat formats[] = {
  { "keyshape", "Keyshape design", ".keyshape.json", "application/x-keyshape+json" },
  { "nosql-workbench", "NoSQL Workbench data model", ".json", "application/json" },
  { "cloudformation", "CloudFormation template (JSON)", ".template.json", "application/json" },
  { "cloudformation-yaml", "CloudFormation template (YAML)", ".template.yaml", "application/yaml" },
  { "terraform", "Terraform (aws_dynamodb_table)", ".tf", "text/plain" },
  { "create-table", "AWS CLI create-table input", ".json", "application/json" },
  { "electrodb", "ElectroDB entities (TypeScript)", ".ts", "text/plain" },
  { "onetable", "OneTable schema", ".json", "application/json" },
  { NULL }
};

static const ExportFunc funcs[] = {
  export_native,
  ks_export_workbench,
  ks_export_cloudformation,
  ks_export_cloudformation_yaml,
  ks_export_terraform,
  ks_export_create_table,
  ks_export_electrodb,
  ks_export_onetable,
};

const KsExportFormat *
ks_export_get_formats (void)
{
  return formats;
}

const KsExportFormat *
ks_export_find_format (const char *name)
{
  for (guint i = 0; formats[i].name; i++)
    if (g_strcmp0 (formats[i].name, name) == 0)
      return &formats[i];
  return NULL;
}

char *
ks_export_to_string (KsEngine    *engine,
                     const char  *format,
                     GPtrArray   *warnings,
                     GError     **error)
{
  for (guint i = 0; formats[i].name; i++)
    if (g_strcmp0 (formats[i].name, format) == 0)
      return funcs[i] (engine, warnings, error);
  {
    g_autoptr(GString) known = g_string_new (NULL);
    for (guint i = 0; formats[i].name; i++)
      g_string_append_printf (known, "%s%s", i ? ", " : "", formats[i].name);
    g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND,
                 "unknown export format \"%s\" (known: %s)", format, known->str);
  }
  return NULL;
}
