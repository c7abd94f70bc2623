/* ks-io.c: loading and saving design files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-io"

#include "config.h"

#include <string.h>

#include "ks-cloudformation.h"
#include "ks-create-table.h"
#include "ks-error.h"
#include "ks-io.h"
#include "ks-json-reader.h"
#include "ks-native.h"
#include "ks-onetable.h"
#include "ks-workbench.h"
#include "ks-yaml.h"



/* A OneTable schema names no table: shop.onetable.json gives "shop". */
static char *
table_name_from_file (const char *name)
{
  g_autofree char *stem = g_strndup (name, strcspn (name, "."));

  if (strlen (stem) < 3 || strspn (stem, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen (stem))
    return g_strdup ("Table");
  return g_steal_pointer (&stem);
}

/* An imported template's design is named after its file: shop.cfn.yaml
 * gives "shop" (NULL when nothing is left). */
static char *
design_name_from_file (const char *name)
{
  g_autofree char *base = g_path_get_basename (name);
  g_autofree char *stem = g_strndup (base, strcspn (base, "."));

  return *stem ? g_steal_pointer (&stem) : NULL;
}

/* YAML, not JSON: a .yaml/.yml name, or text that does not open with an
 * object or an array (after blanks and # comments). */
static gboolean
looks_like_yaml (const char *data,
                 gsize       length,
                 const char *name)
{
  const char *p = data, *end = data + length;

  if (g_str_has_suffix (name, ".yaml") || g_str_has_suffix (name, ".yml") ||
      g_str_has_suffix (name, ".YAML") || g_str_has_suffix (name, ".YML"))
    return TRUE;
  while (p < end)
    {
      if (*p == '#')
        {
          while (p < end && *p != '\n')
            p++;
        }
      else if (g_ascii_isspace (*p))
        p++;
      else
        break;
    }
  /* a UTF-8 byte order mark */
  if (end - p >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  return p < end && *p != '{' && *p != '[';
}

/* A CloudFormation template or a create-table request, from @generic
 * (JSON or YAML). */
static KsDesign *
import_generic (KsValue       *generic,
                const char    *name,
                KsFileFormat  *format,
                GPtrArray     *warnings,
                GError       **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *design_name = design_name_from_file (name);
  KsDesign *design;

  if (ks_cloudformation_detect (generic))
    {
      if (format)
        *format = KS_FILE_FORMAT_CLOUDFORMATION;
      design = ks_cloudformation_import (generic, design_name, warnings, &local);
    }
  else
    {
      if (format)
        *format = KS_FILE_FORMAT_CREATE_TABLE;
      design = ks_create_table_import (generic, design_name, warnings, &local);
    }
  if (design == NULL)
    g_set_error (error, local->domain, local->code, "%s: %s", name, local->message);
  return design;
}

static KsDesign *
load_data (const char    *data,
           gsize          length,
           const char    *name,
           KsFileFormat  *format,
           GPtrArray     *warnings,
           GError       **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(KsValue) generic = NULL;
  JsonNode *root;
  KsDesign *design = NULL;

  if (format)
    *format = KS_FILE_FORMAT_UNKNOWN;
  if (name == NULL)
    name = "design";
  if (length == 0)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "%s: the file is empty", name);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "%s: the file is not UTF-8 text", name);
      return NULL;
    }
  /* our own reader: compact values, exact numbers, nesting limited, and
   * errors with line and column */
  generic = ks_json_parse (data, length, &local);
  if (generic == NULL && looks_like_yaml (data, length, name))
    {
      /* CloudFormation templates are mostly YAML */
      g_autoptr(GError) yaml_error = NULL;
      g_autoptr(KsValue) yaml = ks_yaml_parse (data, length, &yaml_error);

      if (yaml == NULL)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "%s: not valid YAML: %s", name, yaml_error->message);
          return NULL;
        }
      if (!ks_cloudformation_detect (yaml))
        {
          g_set_error (error, KS_ERROR, KS_ERROR_PARSE,
                       "%s: a YAML file, but not a CloudFormation template (no AWSTemplateFormatVersion, no AWS::DynamoDB::Table resource)",
                       name);
          return NULL;
        }
      return import_generic (yaml, name, format, warnings, error);
    }
  if (generic == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "%s: not valid JSON: %s", name, local->message);
      return NULL;
    }
  if (ks_native_detect (generic))
    {
      if (format)
        *format = KS_FILE_FORMAT_NATIVE;
      design = ks_native_read (generic, &local);
      if (design == NULL)
        {
          g_set_error (error, local->domain, local->code, "%s: %s", name, local->message);
          return NULL;
        }
      return design;
    }

  if (ks_cloudformation_detect (generic) || ks_create_table_detect (generic))
    return import_generic (generic, name, format, warnings, error);

  /* the other formats are small and read through json-glib; the text
   * parsed above, so its nesting is bounded */
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "%s: not valid JSON: %s", name, local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (ks_workbench_detect (root))
    {
      if (format)
        *format = KS_FILE_FORMAT_WORKBENCH;
      design = ks_workbench_import (root, &local);
    }
  else if (ks_onetable_detect (root))
    {
      g_autofree char *table = table_name_from_file (name);
      if (format)
        *format = KS_FILE_FORMAT_ONETABLE;
      design = ks_onetable_import (root, table, warnings, &local);
    }
  else
    {
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE,
                   "%s: neither a Keyshape design (\"format\": \"keyshape\"), a NoSQL Workbench model (\"DataModel\"), a OneTable schema (\"format\": \"onetable:1.1.0\"), a CloudFormation template (\"Resources\") nor a create-table request (\"TableName\", \"KeySchema\", \"AttributeDefinitions\")",
                   name);
      return NULL;
    }
  if (design == NULL)
    {
      g_set_error (error, local->domain, local->code, "%s: %s", name, local->message);
      return NULL;
    }
  return design;
}

KsDesign *
ks_io_load_data (const char    *data,
                 gsize          length,
                 const char    *name,
                 KsFileFormat  *format,
                 GError       **error)
{
  return load_data (data, length, name, format, NULL, error);
}

KsDesign *
ks_io_import_file (GFile         *file,
                   KsFileFormat  *format,
                   GPtrArray     *warnings,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFileInfo) info = NULL;
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info && g_file_info_get_size (info) > KS_MAX_FILE_SIZE)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_LIMIT, "%s: the file is larger than %d MB",
                   name, KS_MAX_FILE_SIZE / (1024 * 1024));
      return NULL;
    }
  if (!g_file_load_contents (file, cancellable, &data, &length, NULL, error))
    return NULL;
  return load_data (data, length, name, format, warnings, error);
}

KsDesign *
ks_io_load_file (GFile         *file,
                 KsFileFormat  *format,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return ks_io_import_file (file, format, NULL, cancellable, error);
}

KsDesign *
ks_io_load_path (const char    *path,
                 KsFileFormat  *format,
                 GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  return ks_io_load_file (file, format, NULL, error);
}

gboolean
ks_io_save_file (KsDesign      *design,
                 GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *text = ks_native_to_string (design);

  /* g_file_replace_contents() writes a temporary file and renames it */
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, cancellable, error);
}
