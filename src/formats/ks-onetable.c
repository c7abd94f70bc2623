/* ks-onetable.c: OneTable schemas
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A OneTable schema (the JSON form of `onetable:1.1.0`) describes one
 * table: `indexes` (primary {hash, sort}; secondary ones with `project`
 * "all", "keys" or a list of attributes; `type: "local"` for an LSI) and
 * `models`, whose fields have a `type` and, for computed fields such as
 * the keys, a `value` template. Each model becomes an entity; fields with a
 * `value` become key templates (${name:6:0}, zero-padded to six, becomes
 * ${name|pad:6}); the others become typed attributes. `params.typeField`
 * names the entity type attribute, a field with `ttl: true` the TTL one.
 */
#define G_LOG_DOMAIN "keyshape-onetable"

#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-import-private.h"
#include "ks-onetable.h"

static const char *palette[] = {
  "#3584e4", "#e66100", "#2ec27e", "#9141ac", "#e5a50a", "#c01c28", "#1c71d8", "#865e3c",
  "#26a269", "#c061cb", "#f5c211", "#5e5c64",
};

typedef struct
{
  GPtrArray  *warnings;
  gboolean    iso_dates;
  const char *type_field;
  GHashTable *types;        /* attribute → KsType + 1, over every model */
} Import;

static void
warn (Import *im, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
warn (Import *im, const char *fmt, ...)
{
  va_list args;

  if (im->warnings == NULL)
    return;
  va_start (args, fmt);
  g_ptr_array_add (im->warnings, g_strdup_vprintf (fmt, args));
  va_end (args);
}

static const char *
get_str (JsonObject *obj, const char *member)
{
  JsonNode *n = obj ? json_object_get_member (obj, member) : NULL;
  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING)
    return json_node_get_string (n);
  return NULL;
}

static gboolean
get_bool (JsonObject *obj, const char *member)
{
  JsonNode *n = obj ? json_object_get_member (obj, member) : NULL;
  return n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (n);
}

/* An optional member that must be a string when present. */
static gboolean
opt_str (JsonObject *obj, const char *member, const char *path, const char **out, GError **error)
{
  JsonNode *n = json_object_get_member (obj, member);

  *out = NULL;
  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return ks_import_fail (error, path, "%s must be a string", member);
  *out = json_node_get_string (n);
  return TRUE;
}

static JsonObject *
req_obj (JsonObject *obj, const char *member, const char *path, GError **error)
{
  JsonNode *n = json_object_get_member (obj, member);

  if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
    {
      ks_import_fail (error, path, n == NULL ? "%s is missing" : "%s must be an object", member);
      return NULL;
    }
  return json_node_get_object (n);
}

gboolean
ks_onetable_detect (JsonNode *root)
{
  const char *format;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  format = get_str (json_node_get_object (root), "format");
  return format != NULL && g_str_has_prefix (format, "onetable:");
}

/* The table attribute a field is stored in: its `map` when that is a plain
 * name, else the field's own name. */
static const char *
field_attribute (Import *im, const char *model, const char *field, JsonObject *fobj)
{
  const char *map = get_str (fobj, "map");

  if (map == NULL || *map == '\0')
    return field;
  if (strchr (map, '.') != NULL)
    {
      warn (im, "model %s, field %s: mapped into %s, a nested attribute, which Keyshape keeps as the field's own",
            model, field, map);
      return field;
    }
  return map;
}

static KsType
field_type (Import *im, const char *model, const char *field, JsonObject *fobj)
{
  const char *type = get_str (fobj, "type");

  if (type == NULL)
    return KS_TYPE_S;
  if (g_ascii_strcasecmp (type, "string") == 0)
    return KS_TYPE_S;
  if (g_ascii_strcasecmp (type, "number") == 0)
    return KS_TYPE_N;
  if (g_ascii_strcasecmp (type, "boolean") == 0)
    return KS_TYPE_BOOL;
  if (g_ascii_strcasecmp (type, "object") == 0)
    return KS_TYPE_M;
  if (g_ascii_strcasecmp (type, "array") == 0)
    return KS_TYPE_L;
  if (g_ascii_strcasecmp (type, "set") == 0)
    return KS_TYPE_SS;
  if (g_ascii_strcasecmp (type, "binary") == 0 || g_ascii_strcasecmp (type, "buffer") == 0)
    return KS_TYPE_B;
  if (g_ascii_strcasecmp (type, "date") == 0)
    return im->iso_dates ? KS_TYPE_S : KS_TYPE_N;
  warn (im, "model %s, field %s: unknown type \"%s\", taken as a string", model, field, type);
  return KS_TYPE_S;
}

static KsType
key_type (Import *im, const char *attribute)
{
  gpointer t;
  if (g_hash_table_lookup_extended (im->types, attribute, NULL, &t) &&
      ks_type_is_scalar_key (GPOINTER_TO_INT (t) - 1))
    return GPOINTER_TO_INT (t) - 1;
  return KS_TYPE_S;
}

static void
append_literal (GString *out, const char *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (strchr ("${}\\", text[i]))
        g_string_append_c (out, '\\');
      g_string_append_c (out, text[i]);
    }
}

/* OneTable's ${name} and ${name:width:pad} into a Keyshape template. */
static char *
convert_template (Import *im, KsEntity *entity, const char *value, const char *path, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = value;

  while (*p)
    {
      const char *start = strstr (p, "${");
      const char *end;
      g_auto(GStrv) parts = NULL;
      g_autofree char *inner = NULL;

      if (start == NULL)
        {
          append_literal (out, p, strlen (p));
          break;
        }
      append_literal (out, p, start - p);
      end = strchr (start + 2, '}');
      if (end == NULL)
        {
          ks_import_fail (error, path, "\"${\" at position %u has no closing \"}\"", (guint) (start - value) + 1);
          return NULL;
        }
      inner = g_strndup (start + 2, end - start - 2);
      parts = g_strsplit (inner, ":", 3);
      if (parts[0] == NULL || *parts[0] == '\0')
        {
          ks_import_fail (error, path, "empty placeholder at position %u", (guint) (start - value) + 1);
          return NULL;
        }
      g_string_append_printf (out, "${%s", parts[0]);
      if (parts[1] != NULL)
        {
          char *endp = NULL;
          guint64 width = g_ascii_strtoull (parts[1], &endp, 10);
          const char *pad = parts[2] ? parts[2] : "0";
          KsAttribute *attr = ks_entity_find_attribute (entity, parts[0]);

          if (*parts[1] == '\0' || *endp != '\0' || width == 0 || width > 64)
            {
              ks_import_fail (error, path, "${%s}: the width of a placeholder is a number from 1 to 64", inner);
              return NULL;
            }
          if (!g_str_equal (pad, "0"))
            warn (im, "%s: Keyshape pads with zeros only; ${%s} is not padded", path, inner);
          else if (attr != NULL && ks_attribute_get_value_type (attr) != KS_TYPE_N)
            warn (im, "%s: Keyshape zero-pads numbers only, and %s is a %s; ${%s} is not padded",
                  path, parts[0], ks_type_to_string (ks_attribute_get_value_type (attr)), inner);
          else
            g_string_append_printf (out, "|pad:%u", (guint) width);
        }
      g_string_append_c (out, '}');
      p = end + 1;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
read_model (Import *im, KsDesign *design, KsTable *table, const char *name, JsonNode *node,
            guint n, GError **error)
{
  g_autofree char *path = g_strdup_printf ("models.%s", name);
  g_autoptr(KsEntity) entity = ks_entity_new (name, ks_table_get_name (table));
  g_autoptr(GList) fields = NULL;
  JsonObject *mobj;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return ks_import_fail (error, path, "a model is an object of fields");
  if (ks_design_find_entity (design, name) != NULL)
    return ks_import_fail (error, path, "a second model named %s", name);
  mobj = json_node_get_object (node);
  ks_entity_set_color (entity, palette[n % G_N_ELEMENTS (palette)]);
  fields = json_object_get_members (mobj);

  /* attributes first: templates check the types of what they pad */
  for (guint pass = 0; pass < 2; pass++)
    for (GList *l = fields; l; l = l->next)
      {
        const char *field = l->data;
        g_autofree char *fp = g_strdup_printf ("%s.%s", path, field);
        JsonNode *fnode = json_object_get_member (mobj, field);
        JsonObject *fobj;
        const char *attribute, *value;
        JsonNode *vnode;

        if (!JSON_NODE_HOLDS_OBJECT (fnode))
          return ks_import_fail (error, fp, "a field is an object such as {\"type\": \"string\"}");
        fobj = json_node_get_object (fnode);
        attribute = field_attribute (im, name, field, fobj);
        if (g_strcmp0 (attribute, im->type_field) == 0)
          continue;   /* the entity type attribute: Keyshape writes it */
        vnode = json_object_get_member (fobj, "value");
        if (vnode && !JSON_NODE_HOLDS_NULL (vnode) &&
            !(JSON_NODE_HOLDS_VALUE (vnode) && json_node_get_value_type (vnode) == G_TYPE_STRING))
          {
            if (pass == 0)
              warn (im, "%s: a value that is not a template string is left out", fp);
            vnode = NULL;
          }
        value = vnode && !JSON_NODE_HOLDS_NULL (vnode) ? json_node_get_string (vnode) : NULL;

        if (pass == 0 && value == NULL)
          {
            g_autoptr(KsAttribute) attr = NULL;
            if (ks_entity_find_attribute (entity, attribute) != NULL)
              return ks_import_fail (error, fp, "a second field for the attribute %s", attribute);
            attr = ks_attribute_new (attribute, field_type (im, name, field, fobj));
            ks_attribute_set_required (attr, get_bool (fobj, "required") ||
                                       ks_table_is_key_attribute (table, attribute));
            g_list_store_append (ks_entity_get_attributes (entity), attr);
          }
        else if (pass == 1 && value != NULL)
          {
            g_autofree char *tmpl = NULL;
            g_autoptr(KsTemplate) parsed = NULL;
            g_autoptr(GError) local = NULL;

            if (ks_entity_get_template (entity, attribute) != NULL)
              return ks_import_fail (error, fp, "a second template for the attribute %s", attribute);
            tmpl = convert_template (im, entity, value, fp, error);
            if (tmpl == NULL)
              return FALSE;
            parsed = ks_template_parse (tmpl, KS_TEMPLATE_STRICT, NULL, &local);
            if (parsed == NULL)
              return ks_import_fail (error, fp, "value \"%s\": %s", value, local->message);
            ks_entity_set_template (entity, attribute, tmpl);
          }
        if (pass == 0 && get_bool (fobj, "ttl"))
          {
            const char *ttl = ks_table_get_ttl_attribute (table);
            if (ttl == NULL)
              ks_table_set_ttl_attribute (table, attribute);
            else if (!g_str_equal (ttl, attribute))
              warn (im, "%s: the table already has the TTL attribute %s; %s is not a second one",
                    fp, ttl, attribute);
          }
      }
  g_list_store_append (ks_design_get_entities (design), entity);
  return TRUE;
}

static gboolean
read_index (Import *im, KsTable *table, const char *name, JsonNode *node, GError **error)
{
  g_autofree char *path = g_strdup_printf ("indexes.%s", name);
  const KsKeySchema *tk = ks_table_get_key_schema (table);
  g_autoptr(KsKeySchema) keys = ks_key_schema_new ();
  g_autoptr(KsIndex) index = NULL;
  const char *hash, *sort, *type;
  JsonObject *iobj;
  JsonNode *project;
  gboolean local;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return ks_import_fail (error, path, "an index is an object such as {\"hash\": \"gs1pk\", \"sort\": \"gs1sk\"}");
  iobj = json_node_get_object (node);
  if (!opt_str (iobj, "hash", path, &hash, error) ||
      !opt_str (iobj, "sort", path, &sort, error) ||
      !opt_str (iobj, "type", path, &type, error))
    return FALSE;
  local = g_strcmp0 (type, "local") == 0;
  if (type && !local && !g_str_equal (type, "global"))
    return ks_import_fail (error, path, "type is \"local\" or \"global\", not \"%s\"", type);
  if (local)
    {
      if (tk->n_sk == 0)
        return ks_import_fail (error, path, "a local index needs a table with a sort key (indexes.primary.sort)");
      if (sort == NULL)
        return ks_import_fail (error, path, "a local index needs a sort attribute");
      if (hash && !g_str_equal (hash, tk->pk[0].name))
        return ks_import_fail (error, path, "a local index shares the table's hash attribute %s, not %s",
                               tk->pk[0].name, hash);
      hash = tk->pk[0].name;
    }
  else if (hash == NULL)
    return ks_import_fail (error, path, "hash is missing");
  if (sort && g_str_equal (sort, hash))
    return ks_import_fail (error, path, "hash and sort are the same attribute");
  ks_key_schema_add_pk (keys, hash, key_type (im, hash));
  if (sort)
    ks_key_schema_add_sk (keys, sort, key_type (im, sort));
  index = ks_index_new (name, local ? KS_INDEX_LSI : KS_INDEX_GSI, keys);

  project = json_object_get_member (iobj, "project");
  if (project == NULL || JSON_NODE_HOLDS_NULL (project))
    ks_index_set_projection (index, KS_PROJECTION_ALL);
  else if (JSON_NODE_HOLDS_ARRAY (project))
    {
      JsonArray *arr = json_node_get_array (project);
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
      g_auto(GStrv) attrs = NULL;

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *e = json_array_get_element (arr, i);
          const char *a;
          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              g_autofree char *ep = g_strdup_printf ("%s.project[%u]", path, i);
              return ks_import_fail (error, ep, "an attribute name is a string");
            }
          a = json_node_get_string (e);
          /* OneTable lists may repeat the keys, which every index holds */
          if (!ks_table_is_key_attribute (table, a) && !ks_key_schema_find (keys, a))
            g_strv_builder_add (b, a);
        }
      attrs = g_strv_builder_end (b);
      ks_index_set_projection (index, KS_PROJECTION_INCLUDE);
      ks_index_set_include (index, (const char * const *) attrs);
    }
  else if (JSON_NODE_HOLDS_VALUE (project) && json_node_get_value_type (project) == G_TYPE_STRING &&
           g_str_equal (json_node_get_string (project), "all"))
    ks_index_set_projection (index, KS_PROJECTION_ALL);
  else if (JSON_NODE_HOLDS_VALUE (project) && json_node_get_value_type (project) == G_TYPE_STRING &&
           g_str_equal (json_node_get_string (project), "keys"))
    ks_index_set_projection (index, KS_PROJECTION_KEYS_ONLY);
  else
    return ks_import_fail (error, path, "project is \"all\", \"keys\" or a list of attribute names");
  g_list_store_append (ks_table_get_indexes (table), index);
  return TRUE;
}

/* Every field's attribute type, over all models: key attributes get their
 * type from the fields that hold them. */
static gboolean
collect_types (Import *im, JsonObject *models, GError **error)
{
  g_autoptr(GList) names = json_object_get_members (models);

  for (GList *m = names; m; m = m->next)
    {
      JsonNode *node = json_object_get_member (models, m->data);
      g_autoptr(GList) fields = NULL;
      JsonObject *mobj;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *path = g_strdup_printf ("models.%s", (char *) m->data);
          return ks_import_fail (error, path, "a model is an object of fields");
        }
      mobj = json_node_get_object (node);
      fields = json_object_get_members (mobj);
      for (GList *f = fields; f; f = f->next)
        {
          JsonNode *fnode = json_object_get_member (mobj, f->data);
          const char *attribute;
          KsType type;
          gpointer known;

          if (!JSON_NODE_HOLDS_OBJECT (fnode))
            continue;   /* reported by read_model() */
          attribute = field_attribute (im, m->data, f->data, json_node_get_object (fnode));
          type = field_type (im, m->data, f->data, json_node_get_object (fnode));
          if (!g_hash_table_lookup_extended (im->types, attribute, NULL, &known))
            g_hash_table_insert (im->types, g_strdup (attribute), GINT_TO_POINTER (type + 1));
        }
    }
  return TRUE;
}

KsDesign *
ks_onetable_import (JsonNode    *root,
                    const char  *table_name,
                    GPtrArray   *warnings,
                    GError     **error)
{
  g_autoptr(KsDesign) design = ks_design_new ();
  g_autoptr(KsKeySchema) keys = ks_key_schema_new ();
  g_autoptr(KsTable) table = NULL;
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) members = NULL;
  Import im = { warnings, FALSE, "_type", types };
  JsonObject *obj, *indexes, *primary, *models = NULL, *params = NULL;
  JsonNode *node;
  const char *format, *hash, *sort;
  guint n = 0;

  if (!ks_onetable_detect (root))
    {
      ks_import_fail (error, "format", "not a OneTable schema (\"format\": \"onetable:1.1.0\")");
      return NULL;
    }
  obj = json_node_get_object (root);
  format = get_str (obj, "format");
  if (!g_str_has_prefix (format, "onetable:1."))
    {
      ks_import_fail (error, "format", "OneTable schema format %s is not supported (onetable:1.x)", format + 9);
      return NULL;
    }
  if (table_name == NULL || *table_name == '\0')
    table_name = "Table";

  node = json_object_get_member (obj, "params");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *type_field;
      params = json_node_get_object (node);
      if (!opt_str (params, "typeField", "params", &type_field, error))
        return NULL;
      if (type_field)
        im.type_field = type_field;
      im.iso_dates = get_bool (params, "isoDates");
    }
  else if (node && !JSON_NODE_HOLDS_NULL (node))
    {
      ks_import_fail (error, "params", "params must be an object");
      return NULL;
    }
  node = json_object_get_member (obj, "models");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    models = json_node_get_object (node);
  else if (node && !JSON_NODE_HOLDS_NULL (node))
    {
      ks_import_fail (error, "models", "models must be an object of models");
      return NULL;
    }
  if (models && !collect_types (&im, models, error))
    return NULL;

  indexes = req_obj (obj, "indexes", "$", error);
  if (indexes == NULL)
    return NULL;
  primary = req_obj (indexes, "primary", "indexes", error);
  if (primary == NULL ||
      !opt_str (primary, "hash", "indexes.primary", &hash, error) ||
      !opt_str (primary, "sort", "indexes.primary", &sort, error))
    return NULL;
  if (hash == NULL)
    {
      ks_import_fail (error, "indexes.primary", "hash is missing");
      return NULL;
    }
  if (sort && g_str_equal (sort, hash))
    {
      ks_import_fail (error, "indexes.primary", "hash and sort are the same attribute");
      return NULL;
    }
  ks_key_schema_add_pk (keys, hash, key_type (&im, hash));
  if (sort)
    ks_key_schema_add_sk (keys, sort, key_type (&im, sort));
  table = ks_table_new (table_name, keys);
  ks_table_set_type_attribute (table, im.type_field);
  ks_design_set_name (design, table_name);

  members = json_object_get_members (indexes);
  for (GList *l = members; l; l = l->next)
    {
      if (g_str_equal (l->data, "primary"))
        continue;
      if (!read_index (&im, table, l->data, json_object_get_member (indexes, l->data), error))
        return NULL;
    }
  g_list_store_append (ks_design_get_tables (design), table);

  if (models)
    {
      g_autoptr(GList) names = json_object_get_members (models);
      for (GList *l = names; l; l = l->next)
        if (!read_model (&im, design, table, l->data, json_object_get_member (models, l->data), n++, error))
          return NULL;
    }
  return g_steal_pointer (&design);
}
