/* ks-export.c: every export format, by name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-export"

#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-export.h"
#include "ks-export-private.h"
#include "ks-native.h"

/* The built-in formats, then room for those registered by higher layers
 * (ks_export_register); a zeroed entry ends the list. */
#define MAX_FORMATS 24

static char *
export_native (KsEngine *engine, GPtrArray *warnings, GError **error)
{
  return ks_native_to_string (ks_engine_get_design (engine));
}

static KsExportFormat formats[MAX_FORMATS + 1] = {
  { "keyshape", "Keyshape design", ".keyshape.json", "application/x-keyshape+json" },
  { "nosql-workbench", "NoSQL Workbench data model", ".json", "application/json" },
  { "cloudformation", "CloudFormation template (JSON)", ".template.json", "application/json" },
  { "cloudformation-yaml", "CloudFormation template (YAML)", ".template.yaml", "application/yaml" },
  { "terraform", "Terraform (aws_dynamodb_table)", ".tf", "text/plain" },
  { "create-table", "AWS CLI create-table input", ".json", "application/json" },
  { "electrodb", "ElectroDB entities (TypeScript)", ".ts", "text/plain" },
  { "onetable", "OneTable schema", ".json", "application/json" },
};

static KsExportFunc funcs[MAX_FORMATS] = {
  export_native,
  ks_export_workbench,
  ks_export_cloudformation,
  ks_export_cloudformation_yaml,
  ks_export_terraform,
  ks_export_create_table,
  ks_export_electrodb,
  ks_export_onetable,
};

static KsExportFileFunc file_funcs[MAX_FORMATS];

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

gboolean
ks_export_to_file (KsEngine    *engine,
                   const char  *format,
                   GFile       *file,
                   GPtrArray   *warnings,
                   GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (KS_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; formats[i].name; i++)
    if (g_strcmp0 (formats[i].name, format) == 0 && file_funcs[i] != NULL)
      return file_funcs[i] (engine, file, warnings, error);
  text = ks_export_to_string (engine, format, warnings, error);
  if (text == NULL)
    return FALSE;
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, error);
}

void
ks_export_register (const KsExportFormat *format,
                    KsExportFunc          to_string,
                    KsExportFileFunc      to_file)
{
  guint i;

  g_return_if_fail (format != NULL && format->name != NULL);
  g_return_if_fail (to_string != NULL);

  for (i = 0; formats[i].name; i++)
    if (g_str_equal (formats[i].name, format->name))
      break;
  g_return_if_fail (i < MAX_FORMATS);
  formats[i] = *format;
  funcs[i] = to_string;
  file_funcs[i] = to_file;
}
