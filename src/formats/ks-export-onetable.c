/* ks-export-onetable.c: OneTable schema (onetable:1.1.0)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A OneTable schema describes one table: its indexes (an LSI as `type:
 * "local"`, projections as `project`) and one model per entity, whose key
 * fields carry the entity's templates as `value`. The pad:N filter is
 * OneTable's ${name:N:0}. ks-onetable.c reads such a schema back.
 */
#define G_LOG_DOMAIN "keyshape-export"

#include "config.h"

#include <string.h>

#include "ks-export-private.h"
#include "ks-json-writer.h"

static const char *
onetable_type (KsType type)
{
  switch (type)
    {
    case KS_TYPE_S: return "string";
    case KS_TYPE_N: return "number";
    case KS_TYPE_B: return "binary";
    case KS_TYPE_BOOL: return "boolean";
    case KS_TYPE_M: return "object";
    case KS_TYPE_L: return "array";
    case KS_TYPE_SS:
    case KS_TYPE_NS:
    case KS_TYPE_BS: return "set";
    case KS_TYPE_NULL:
    default:
      return NULL;
    }
}

/* The template in OneTable's syntax; the case filters cannot be said. */
static char *
onetable_template (KsTemplate *tmpl, const char *entity, const char *key, GPtrArray *warnings)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ks_template_get_n_segments (tmpl); i++)
    {
      const KsSegment *seg = ks_template_get_segment (tmpl, i);
      guint pad = 0;

      if (!seg->is_attr)
        {
          if (strstr (seg->text, "${") != NULL)
            ks_export_warn (warnings, "entity %s, %s: the literal \"${\" reads as a placeholder in OneTable",
                            entity, key);
          g_string_append (out, seg->text);
          continue;
        }
      for (guint f = 0; f < seg->n_filters; f++)
        {
          if (seg->filters[f].kind == KS_FILTER_PAD)
            pad = seg->filters[f].arg;
          else
            ks_export_warn (warnings, "entity %s, %s: OneTable templates cannot change case; "
                            "the %s filter of ${%s} is left out",
                            entity, key, seg->filters[f].kind == KS_FILTER_UPPER ? "upper" : "lower",
                            seg->text);
        }
      if (pad)
        g_string_append_printf (out, "${%s:%u:0}", seg->text, pad);
      else
        g_string_append_printf (out, "${%s}", seg->text);
    }
  return g_string_free (out, FALSE);
}

static void
add_index (JsonBuilder *b, KsIndex *index)
{
  const KsKeySchema *ik = ks_index_get_key_schema (index);
  KsProjection projection = ks_index_get_projection (index);

  json_builder_set_member_name (b, ks_index_get_name (index));
  json_builder_begin_object (b);
  if (ks_index_get_kind (index) == KS_INDEX_LSI)
    {
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "local");
    }
  else
    {
      json_builder_set_member_name (b, "hash");
      json_builder_add_string_value (b, ik->pk[0].name);
    }
  if (ik->n_sk)
    {
      json_builder_set_member_name (b, "sort");
      json_builder_add_string_value (b, ik->sk[0].name);
    }
  json_builder_set_member_name (b, "project");
  if (projection == KS_PROJECTION_INCLUDE)
    {
      const char * const *include = ks_index_get_include (index);
      json_builder_begin_array (b);
      for (guint i = 0; include && include[i]; i++)
        json_builder_add_string_value (b, include[i]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_string_value (b, projection == KS_PROJECTION_KEYS_ONLY ? "keys" : "all");
  json_builder_end_object (b);
}

static void
add_field (JsonBuilder *b, const char *name, KsType type, const char *value, gboolean required,
           gboolean ttl)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, onetable_type (type));
  if (value)
    {
      json_builder_set_member_name (b, "value");
      json_builder_add_string_value (b, value);
    }
  if (required)
    {
      json_builder_set_member_name (b, "required");
      json_builder_add_boolean_value (b, TRUE);
    }
  if (ttl)
    {
      json_builder_set_member_name (b, "ttl");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
}

static void
add_model (JsonBuilder *b, KsEntity *entity, KsTable *table, GPtrArray *warnings)
{
  GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));
  const char *name = ks_entity_get_name (entity);
  const char *ttl = ks_table_get_ttl_attribute (table);
  const char *type_attr = ks_table_get_type_attribute (table);
  g_autoptr(GArray) keys = ks_table_list_key_attributes (table);

  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  /* computed fields first, as OneTable schemas list pk and sk first */
  for (guint i = 0; i < ks_entity_get_n_templates (entity); i++)
    {
      const char *key = ks_entity_get_template_key (entity, i);
      KsTemplate *tmpl = ks_entity_get_parsed_template (entity, key);
      gboolean is_key = FALSE;
      g_autofree char *value = NULL;
      KsType type = KS_TYPE_S;

      for (guint k = 0; k < keys->len; k++)
        if (g_str_equal (g_array_index (keys, KsKeyAttr, k).name, key))
          {
            type = g_array_index (keys, KsKeyAttr, k).type;
            is_key = TRUE;
          }
      if (tmpl == NULL)
        {
          ks_export_warn (warnings, "entity %s: the template of %s has an error; left out", name, key);
          continue;
        }
      if (type == KS_TYPE_N)
        ks_export_warn (warnings, "entity %s: OneTable value templates build strings, but %s is a Number key",
                        name, key);
      else if (type == KS_TYPE_B)
        ks_export_warn (warnings, "entity %s: OneTable value templates build strings, but %s is a Binary key",
                        name, key);
      value = onetable_template (tmpl, name, key, warnings);
      add_field (b, key, type, value, is_key && ks_key_schema_find (ks_table_get_key_schema (table), key) != NULL,
                 FALSE);
    }
  for (guint i = 0; i < g_list_model_get_n_items (attrs); i++)
    {
      g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, i);
      const char *aname = ks_attribute_get_name (attr);
      KsType type = ks_attribute_get_value_type (attr);

      if (ks_entity_get_template (entity, aname) != NULL ||
          (type_attr && g_str_equal (aname, type_attr)))
        continue;
      if (onetable_type (type) == NULL)
        {
          ks_export_warn (warnings, "entity %s: OneTable has no type for %s (%s); left out",
                          name, aname, ks_type_to_string (type));
          continue;
        }
      add_field (b, aname, type, NULL, ks_attribute_get_required (attr), g_strcmp0 (aname, ttl) == 0);
    }
  json_builder_end_object (b);
}

char *
ks_export_onetable (KsEngine   *engine,
                    GPtrArray  *warnings,
                    GError    **error)
{
  KsDesign *design = ks_engine_get_design (engine);
  g_autoptr(GPtrArray) tables = ks_export_list_tables (design);
  g_autoptr(GPtrArray) indexes = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  const char *type_attr;
  const KsKeySchema *tk;
  KsTable *table;

  if (!ks_export_check_design (design, error))
    return NULL;
  table = g_ptr_array_index (tables, 0);
  for (guint i = 1; i < tables->len; i++)
    ks_export_warn (warnings, "a OneTable schema describes one table; %s is left out",
                    ks_table_get_name (g_ptr_array_index (tables, i)));
  tk = ks_table_get_key_schema (table);
  indexes = ks_export_list_indexes (table);
  entities = ks_export_list_entities (design, table);
  type_attr = ks_table_get_type_attribute (table);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "onetable:1.1.0");
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, "0.0.1");
  json_builder_set_member_name (b, "indexes");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "primary");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "hash");
  json_builder_add_string_value (b, tk->pk[0].name);
  if (tk->n_sk)
    {
      json_builder_set_member_name (b, "sort");
      json_builder_add_string_value (b, tk->sk[0].name);
    }
  json_builder_end_object (b);
  for (guint i = 0; i < indexes->len; i++)
    {
      KsIndex *index = g_ptr_array_index (indexes, i);
      const KsKeySchema *ik = ks_index_get_key_schema (index);
      if (ik->n_pk > 1 || ik->n_sk > 1)
        {
          ks_export_warn (warnings, "OneTable has no multi-attribute keys; index %s is left out",
                          ks_index_get_name (index));
          continue;
        }
      if (g_str_equal (ks_index_get_name (index), "primary"))
        {
          ks_export_warn (warnings, "OneTable reserves the index name \"primary\" for the table; that index is left out");
          continue;
        }
      add_index (b, index);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "models");
  json_builder_begin_object (b);
  for (guint i = 0; i < entities->len; i++)
    add_model (b, g_ptr_array_index (entities, i), table, warnings);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  if (type_attr && *type_attr)
    {
      json_builder_set_member_name (b, "typeField");
      json_builder_add_string_value (b, type_attr);
    }
  else
    ks_export_warn (warnings, "table %s has no entity type attribute, but OneTable always writes one (_type)",
                    ks_table_get_name (table));
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return ks_json_to_string (root, TRUE);
}
