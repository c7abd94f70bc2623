/* ks-export-create-table.c: the AWS CLI's `create-table --cli-input-json`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CreateTable request per table: the object itself for a design of one
 * table, an array of them for several. TTL is not part of CreateTable; a
 * warning gives the update-time-to-live call that sets it.
 */
#define G_LOG_DOMAIN "keyshape-export"

#include "config.h"

#include "ks-export-private.h"
#include "ks-json-writer.h"

char *
ks_export_create_table (KsEngine   *engine,
                        GPtrArray  *warnings,
                        GError    **error)
{
  KsDesign *design = ks_engine_get_design (engine);
  g_autoptr(GPtrArray) tables = ks_export_list_tables (design);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) arr = json_array_new ();

  if (!ks_export_check_design (design, error))
    return NULL;
  for (guint i = 0; i < tables->len; i++)
    {
      KsTable *table = g_ptr_array_index (tables, i);
      const char *ttl = ks_table_get_ttl_attribute (table);

      json_array_add_element (arr, ks_export_table_definition (table, FALSE));
      if (ttl && *ttl)
        ks_export_warn (warnings,
                        "table %s: CreateTable cannot enable TTL; after creating the table run "
                        "aws dynamodb update-time-to-live --table-name %s "
                        "--time-to-live-specification Enabled=true,AttributeName=%s",
                        ks_table_get_name (table), ks_table_get_name (table), ttl);
    }
  if (tables->len == 1)
    root = json_node_ref (json_array_get_element (arr, 0));
  else
    {
      root = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (root, arr);
    }
  return ks_json_to_string (root, TRUE);
}
