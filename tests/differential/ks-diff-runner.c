/* ks-diff-runner.c: runs a request list through the query engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   ks-diff-runner MODEL.json REQUESTS.json > RESULTS.json
 *
 * The counterpart of ../shared/conformance/harness/query.mjs: the same
 * input files, the same output shape ({"name", "response"} or {"name",
 * "error": {"name", "message"}}), so diff.mjs can compare the two.
 */
#include "config.h"

#include <stdio.h>

#include "ks-engine.h"
#include "ks-error.h"
#include "ks-io.h"
#include "ks-query.h"

static const char *
error_name (const GError *error)
{
  if (error->domain == KS_ERROR && error->code == KS_ERROR_RESOURCE_NOT_FOUND)
    return "ResourceNotFoundException";
  if (error->domain == KS_ERROR && error->code == KS_ERROR_PARSE)
    return "SerializationException";
  return "ValidationException";
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonArray) out = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *text = NULL;
  JsonArray *requests;

  if (argc != 3)
    {
      g_printerr ("usage: %s MODEL.json REQUESTS.json\n", argv[0]);
      return 2;
    }
  design = ks_io_load_path (argv[1], NULL, &error);
  if (design == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  engine = ks_engine_new (design);
  if (!json_parser_load_from_file (parser, argv[2], &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  requests = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *r = json_array_get_object_element (requests, i);
      JsonObject *res = json_object_new ();
      g_autoptr(GError) local = NULL;
      JsonNode *response;

      json_object_set_member (res, "name", json_node_copy (json_object_get_member (r, "name")));
      response = ks_query_execute (engine, json_object_get_string_member (r, "op"),
                                   json_object_get_member (r, "request"), &local);
      if (response)
        json_object_set_member (res, "response", response);
      else
        {
          JsonObject *e = json_object_new ();
          json_object_set_string_member (e, "name", error_name (local));
          json_object_set_string_member (e, "message", local->message);
          json_object_set_object_member (res, "error", e);
        }
      json_array_add_object_element (out, res);
    }
  json_node_set_array (root, out);
  text = json_to_string (root, FALSE);
  fputs (text, stdout);
  fputc ('\n', stdout);
  return 0;
}
