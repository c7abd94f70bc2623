/* ks-io.c: loading and saving design files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-io"

#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-io.h"
#include "ks-native.h"
#include "ks-workbench.h"

#define KS_MAX_JSON_DEPTH 256

/* json-glib recurses without a limit: refuse absurd nesting before parsing. */
static gboolean
check_depth (const char *data, gsize length, const char *name, GError **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > KS_MAX_JSON_DEPTH)
            {
              g_set_error (error, KS_ERROR, KS_ERROR_LIMIT,
                           "%s: JSON nested deeper than %d levels (at byte %" G_GSIZE_FORMAT ")",
                           name, KS_MAX_JSON_DEPTH, i);
              return FALSE;
            }
        }
      else if (c == '}' || c == ']')
        depth = depth ? depth - 1 : 0;
    }
  return TRUE;
}

KsDesign *
ks_io_load_data (const char    *data,
                 gsize          length,
                 const char    *name,
                 KsFileFormat  *format,
                 GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;
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
  if (!check_depth (data, length, name, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "%s: not valid JSON: %s", name, local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "%s: the file holds no JSON value", name);
      return NULL;
    }

  if (ks_native_detect (root))
    {
      if (format)
        *format = KS_FILE_FORMAT_NATIVE;
      design = ks_native_read (root, &local);
    }
  else if (ks_workbench_detect (root))
    {
      if (format)
        *format = KS_FILE_FORMAT_WORKBENCH;
      design = ks_workbench_import (root, &local);
    }
  else
    {
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE,
                   "%s: neither a Keyshape design (\"format\": \"keyshape\") nor a NoSQL Workbench model (\"DataModel\")",
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
ks_io_load_file (GFile         *file,
                 KsFileFormat  *format,
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
  return ks_io_load_data (data, length, name, format, error);
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
