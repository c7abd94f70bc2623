/* fuzz-json.c: the JSON reader (ks_json_parse)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every design file goes through this reader first; requests and pasted
 * values go through ks_json_parse_node() (json-glib behind a nesting
 * check), which runs here too. A document ks_json_parse() accepts
 * is written back as DynamoDB JSON, which must read again; once read as
 * DynamoDB values (numbers canonical), writing and reading must be stable.
 */
#include "config.h"

#include <string.h>

#include "ks-json-reader.h"
#include "ks-fuzz.h"

static KsValue *
reparse_ddb (const GString *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsValue) generic = ks_json_parse (text->str, text->len, &error);

  if (generic == NULL)
    g_error ("written DynamoDB JSON does not read again: %s\n%s", error->message, text->str);
  return ks_value_from_ddb_generic (generic, NULL, NULL);
}

int
ks_fuzz_json (const guint8 *data,
              gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(KsValue) value = NULL;
  g_autoptr(KsValue) ddb = NULL;
  g_autoptr(KsValue) ddb2 = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) text2 = g_string_new (NULL);
  g_autoptr(GString) text3 = g_string_new (NULL);
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;

  /* the json-glib path for requests, pasted values and pricing files: it
   * must refuse deep nesting before json-glib recurses into it */
  node = ks_json_parse_node ((const char *) data, size, &error);
  if (node == NULL && error == NULL)
    g_error ("ks_json_parse_node() refuses a document without an error");
  g_clear_error (&error);

  value = ks_json_parse ((const char *) data, size, &error);
  if (value == NULL)
    {
      if (error == NULL || !g_str_has_prefix (error->message, "line "))
        g_error ("a refused document gives no \"line L, column C\" error: %s",
                 error ? error->message : "(none)");
      return 0;
    }

  if (ks_value_compare (value, value) != 0 || !ks_value_equal (value, value))
    g_error ("a value does not equal itself");
  (void) ks_value_hash (value);
  (void) ks_value_size (value);
  display = ks_value_to_display (value);
  message = ks_value_to_message_string (value);

  ks_value_append_ddb_json (text, value);
  ddb = reparse_ddb (text);
  if (ddb == NULL)
    return 0;     /* e.g. a number DynamoDB cannot hold */
  ks_value_append_ddb_json (text2, ddb);
  ddb2 = reparse_ddb (text2);
  if (ddb2 == NULL)
    g_error ("DynamoDB JSON written from valid values is refused:\n%s", text2->str);
  if (!ks_value_equal (ddb, ddb2))
    g_error ("DynamoDB JSON does not read back to the same values:\n%s", text2->str);
  ks_value_append_ddb_json (text3, ddb2);
  if (!g_string_equal (text2, text3))
    g_error ("writing DynamoDB JSON is not stable:\n%s\n%s", text2->str, text3->str);
  return 0;
}

KS_FUZZ_MAIN (ks_fuzz_json)
