/* ks-export-electrodb.c: ElectroDB entities (one TypeScript module)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One `new Entity(...)` per design entity, exported under its name. Every
 * key is the entity's template with `casing: "none"`, so ElectroDB builds
 * exactly the keys Keyshape computes: ${attr} is ElectroDB's own template
 * syntax; the pad:N filter becomes the attribute's `padding` (ElectroDB
 * pads an attribute the same way in every key); a key attribute without a
 * template but declared as an attribute is a key made of that attribute;
 * an N key is `cast: "number"`. A multi-attribute GSI is a `type:
 * "composite"` index when its components are plain attributes. An entity
 * with no template for an index is left out of it, as the index is sparse
 * for it. Attribute types come from the design; map properties and list
 * items from the sample items.
 */
#define G_LOG_DOMAIN "keyshape-export"

#include "config.h"

#include <string.h>

#include "ks-export-private.h"

/* The shape of the values of an attribute across the sample items. */
typedef struct _Shape Shape;
struct _Shape
{
  KsType      type;       /* KS_TYPE_INVALID: mixed, "any" */
  gboolean    seen;
  GPtrArray  *names;      /* M: property names, in order */
  GHashTable *props;      /* M: name → Shape */
  Shape      *items;      /* L: the elements' shape */
};

static void
shape_free (Shape *s)
{
  if (s == NULL)
    return;
  g_clear_pointer (&s->names, g_ptr_array_unref);
  g_clear_pointer (&s->props, g_hash_table_unref);
  shape_free (s->items);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shape, shape_free)

static Shape *
shape_new (void)
{
  Shape *s = g_new0 (Shape, 1);
  s->type = KS_TYPE_INVALID;
  return s;
}

static void
shape_add (Shape *s, const KsValue *v)
{
  KsType t = ks_value_get_type (v);

  if (!s->seen)
    {
      s->seen = TRUE;
      s->type = t;
    }
  else if (s->type != t)
    {
      s->type = KS_TYPE_INVALID;
      return;
    }
  if (t == KS_TYPE_M)
    {
      if (s->props == NULL)
        {
          s->names = g_ptr_array_new_with_free_func (g_free);
          s->props = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) shape_free);
        }
      for (guint i = 0; i < ks_value_get_length (v); i++)
        {
          const KsMapEntry *e = ks_value_get_entry (v, i);
          Shape *p = g_hash_table_lookup (s->props, e->name);
          if (p == NULL)
            {
              char *name = g_strdup (e->name);
              p = shape_new ();
              g_ptr_array_add (s->names, name);
              g_hash_table_insert (s->props, name, p);
            }
          shape_add (p, e->value);
        }
    }
  else if (t == KS_TYPE_L)
    {
      if (s->items == NULL)
        s->items = shape_new ();
      for (guint i = 0; i < ks_value_get_length (v); i++)
        shape_add (s->items, ks_value_get_element (v, i));
    }
}

static gboolean
is_identifier (const char *s)
{
  if (!(g_ascii_isalpha (*s) || *s == '_' || *s == '$'))
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '$'))
      return FALSE;
  return TRUE;
}

static void
js_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/* An object key: bare when it is an identifier. */
static void
js_key (GString *out, const char *s)
{
  if (is_identifier (s))
    g_string_append (out, s);
  else
    js_string (out, s);
}

static void
indent (GString *out, guint level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void write_type (GString *out, KsType type, Shape *shape, guint level,
                        gboolean required, guint pad);

static void
write_shape (GString *out, Shape *shape, guint level)
{
  if (shape == NULL || !shape->seen || shape->type == KS_TYPE_INVALID)
    g_string_append (out, "{ type: \"any\" }");
  else
    write_type (out, shape->type, shape, level, FALSE, 0);
}

/* An ElectroDB attribute definition for values of @type: one line, or
 * several for a map and a list of maps. */
static void
write_type (GString *out, KsType type, Shape *shape, guint level, gboolean required, guint pad)
{
  const char *simple = NULL;
  const char *items = NULL;

  switch (type)
    {
    case KS_TYPE_S: simple = "string"; break;
    case KS_TYPE_N: simple = "number"; break;
    case KS_TYPE_BOOL: simple = "boolean"; break;
    case KS_TYPE_SS: simple = "set"; items = "string"; break;
    case KS_TYPE_NS: simple = "set"; items = "number"; break;
    case KS_TYPE_M:
      /* without a sample that shows its properties, a map is "any" */
      if (shape == NULL || shape->type != KS_TYPE_M || shape->names == NULL || shape->names->len == 0)
        simple = "any";
      break;
    case KS_TYPE_L:
      if (shape == NULL || shape->type != KS_TYPE_L || shape->items == NULL ||
          !shape->items->seen || shape->items->type != KS_TYPE_M || shape->items->names == NULL)
        simple = "list";
      break;
    default:
      /* B, BS, NULL: ElectroDB has no such type */
      simple = "any";
      break;
    }

  if (simple != NULL)
    {
      g_string_append_printf (out, "{ type: \"%s\"", simple);
      if (items)
        g_string_append_printf (out, ", items: \"%s\"", items);
      else if (type == KS_TYPE_L)
        {
          g_string_append (out, ", items: ");
          write_shape (out, shape && shape->type == KS_TYPE_L ? shape->items : NULL, level);
        }
      if (required)
        g_string_append (out, ", required: true");
      if (pad)
        g_string_append_printf (out, ", padding: { length: %u, char: \"0\" }", pad);
      g_string_append (out, " }");
      return;
    }

  g_string_append (out, "{\n");
  indent (out, level + 1);
  if (type == KS_TYPE_L)
    {
      g_string_append (out, "type: \"list\",\n");
      indent (out, level + 1);
      g_string_append (out, "items: ");
      write_type (out, KS_TYPE_M, shape->items, level + 1, FALSE, 0);
      g_string_append (out, ",\n");
    }
  else
    {
      g_string_append (out, "type: \"map\",\n");
      indent (out, level + 1);
      g_string_append (out, "properties: {\n");
      for (guint i = 0; i < shape->names->len; i++)
        {
          const char *name = g_ptr_array_index (shape->names, i);
          indent (out, level + 2);
          js_key (out, name);
          g_string_append (out, ": ");
          write_shape (out, g_hash_table_lookup (shape->props, name), level + 2);
          g_string_append (out, ",\n");
        }
      indent (out, level + 1);
      g_string_append (out, "},\n");
    }
  if (required)
    {
      indent (out, level + 1);
      g_string_append (out, "required: true,\n");
    }
  indent (out, level);
  g_string_append_c (out, '}');
}

typedef struct
{
  GString    *out;
  KsEntity   *entity;
  KsTable    *table;
  GPtrArray  *warnings;
  GHashTable *padding;      /* attribute → width */
  GHashTable *extra;        /* attributes templates use but the entity does not declare */
} Ctx;

/* Converts one key (field @key) of the entity; FALSE when the entity has
 * no value for it (sparse). */
static gboolean
write_key (Ctx *c, GString *out, const char *which, const KsKeyAttr *key, guint level)
{
  KsTemplate *tmpl = ks_entity_get_parsed_template (c->entity, key->name);
  const char *entity = ks_entity_get_name (c->entity);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) composite = g_ptr_array_new ();
  const char *casing = "none";
  int want_case = -1;   /* -1 unknown, 0 none, KS_FILTER_UPPER/LOWER */
  gboolean cast_number = FALSE;

  if (tmpl == NULL)
    {
      if (ks_entity_get_template (c->entity, key->name) != NULL)
        {
          ks_export_warn (c->warnings, "entity %s: the template of %s has an error; key left out",
                          entity, key->name);
          return FALSE;
        }
      if (ks_entity_find_attribute (c->entity, key->name) == NULL)
        return FALSE;
      /* a key made of the attribute itself */
      g_ptr_array_add (composite, (gpointer) key->name);
      g_string_append_printf (text, "${%s}", key->name);
      cast_number = key->type == KS_TYPE_N;
    }
  else
    {
      for (guint i = 0; i < ks_template_get_n_segments (tmpl); i++)
        {
          const KsSegment *seg = ks_template_get_segment (tmpl, i);
          int seg_case = 0;

          if (!seg->is_attr)
            {
              if (strstr (seg->text, "${") != NULL)
                ks_export_warn (c->warnings, "entity %s, %s: the literal \"${\" reads as a placeholder in ElectroDB",
                                entity, key->name);
              g_string_append (text, seg->text);
              continue;
            }
          g_string_append_printf (text, "${%s}", seg->text);
          if (!g_ptr_array_find_with_equal_func (composite, seg->text, g_str_equal, NULL))
            g_ptr_array_add (composite, seg->text);
          if (ks_entity_find_attribute (c->entity, seg->text) == NULL)
            g_hash_table_add (c->extra, g_strdup (seg->text));
          for (guint f = 0; f < seg->n_filters; f++)
            {
              if (seg->filters[f].kind == KS_FILTER_PAD)
                {
                  gpointer known;
                  if (g_hash_table_lookup_extended (c->padding, seg->text, NULL, &known) &&
                      GPOINTER_TO_UINT (known) != seg->filters[f].arg)
                    ks_export_warn (c->warnings,
                                    "entity %s: ${%s} is padded to %u digits in one key and %u in another; "
                                    "ElectroDB pads an attribute one way, to %u",
                                    entity, seg->text, GPOINTER_TO_UINT (known), seg->filters[f].arg,
                                    GPOINTER_TO_UINT (known));
                  else
                    g_hash_table_insert (c->padding, g_strdup (seg->text), GUINT_TO_POINTER (seg->filters[f].arg));
                }
              else
                seg_case = seg->filters[f].kind;
            }
          if (want_case == -1)
            want_case = seg_case;
          else if (want_case != seg_case)
            want_case = -2;
        }
      /* ElectroDB cases a whole key: that is the same only when every
       * placeholder has the filter and the literals are in that case */
      if (want_case == KS_FILTER_UPPER || want_case == KS_FILTER_LOWER || want_case == -2)
        {
          gboolean literals_ok = TRUE;
          for (guint i = 0; i < ks_template_get_n_segments (tmpl) && literals_ok; i++)
            {
              const KsSegment *seg = ks_template_get_segment (tmpl, i);
              g_autofree char *lc = NULL;
              if (seg->is_attr)
                continue;
              lc = want_case == KS_FILTER_UPPER ? g_ascii_strup (seg->text, -1) : g_ascii_strdown (seg->text, -1);
              literals_ok = strcmp (lc, seg->text) == 0;
            }
          if (want_case != -2 && literals_ok)
            casing = want_case == KS_FILTER_UPPER ? "upper" : "lower";
          else
            ks_export_warn (c->warnings,
                            "entity %s, %s: ElectroDB changes the case of a whole key, not of a part; "
                            "the upper/lower filters of \"%s\" are left out",
                            entity, key->name, ks_template_get_source (tmpl));
        }
      if (key->type == KS_TYPE_N)
        {
          if (ks_template_get_single_attribute (tmpl) != NULL)
            cast_number = TRUE;
          else
            ks_export_warn (c->warnings, "entity %s, %s: a Number key needs a template of one placeholder",
                            entity, key->name);
        }
    }

  indent (out, level);
  g_string_append_printf (out, "%s: {\n", which);
  indent (out, level + 1);
  g_string_append (out, "field: ");
  js_string (out, key->name);
  g_string_append (out, ",\n");
  indent (out, level + 1);
  g_string_append (out, "composite: [");
  for (guint i = 0; i < composite->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      js_string (out, g_ptr_array_index (composite, i));
    }
  g_string_append (out, "],\n");
  indent (out, level + 1);
  g_string_append (out, "template: ");
  js_string (out, text->str);
  g_string_append (out, ",\n");
  indent (out, level + 1);
  g_string_append_printf (out, "casing: \"%s\",\n", casing);
  if (cast_number)
    {
      indent (out, level + 1);
      g_string_append (out, "cast: \"number\",\n");
    }
  indent (out, level);
  g_string_append (out, "},\n");
  return TRUE;
}

/* A multi-attribute GSI: ElectroDB's composite index, when every component
 * is a plain attribute of the entity. */
static gboolean
write_composite_index (Ctx *c, GString *out, KsIndex *index, guint level)
{
  const KsKeySchema *ik = ks_index_get_key_schema (index);

  for (guint k = 0; k < ik->n_pk + ik->n_sk; k++)
    {
      const KsKeyAttr *a = k < ik->n_pk ? &ik->pk[k] : &ik->sk[k - ik->n_pk];
      if (ks_entity_find_attribute (c->entity, a->name) == NULL)
        return FALSE;
      if (ks_entity_get_template (c->entity, a->name) != NULL)
        {
          ks_export_warn (c->warnings,
                          "entity %s: ElectroDB builds the multi-attribute key of %s from attributes, "
                          "not templates; the index is left out of the entity",
                          ks_entity_get_name (c->entity), ks_index_get_name (index));
          return FALSE;
        }
    }
  indent (out, level);
  g_string_append (out, "type: \"composite\",\n");
  for (guint part = 0; part < 2; part++)
    {
      const KsKeyAttr *attrs = part == 0 ? ik->pk : ik->sk;
      guint n = part == 0 ? ik->n_pk : ik->n_sk;
      if (n == 0)
        continue;
      indent (out, level);
      g_string_append_printf (out, "%s: {\n", part == 0 ? "pk" : "sk");
      indent (out, level + 1);
      g_string_append (out, "composite: [");
      for (guint k = 0; k < n; k++)
        {
          if (k > 0)
            g_string_append (out, ", ");
          js_string (out, attrs[k].name);
        }
      g_string_append (out, "],\n");
      indent (out, level);
      g_string_append (out, "},\n");
    }
  return TRUE;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
access_pattern_name (GString *out, const char *index_name, GHashTable *used)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (const char *p = index_name; *p; p++)
    if (g_ascii_isalnum (*p) || *p == '_')
      g_string_append_c (s, *p);
  if (s->len == 0 || g_ascii_isdigit (s->str[0]))
    g_string_prepend_c (s, '_');
  while (g_hash_table_contains (used, s->str))
    g_string_append_c (s, '_');
  g_hash_table_add (used, g_strdup (s->str));
  g_string_append (out, s->str);
}

static char *
export_name (const char *entity_name, GHashTable *used)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (const char *p = entity_name; *p; p++)
    g_string_append_c (s, g_ascii_isalnum (*p) || *p == '_' ? *p : '_');
  if (s->len == 0 || g_ascii_isdigit (s->str[0]))
    g_string_prepend_c (s, '_');
  while (g_hash_table_contains (used, s->str))
    g_string_append_c (s, '_');
  g_hash_table_add (used, g_strdup (s->str));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
write_entity (GString *out, KsDesign *design, KsEntity *entity, KsTable *table,
              GHashTable *names, GPtrArray *warnings)
{
  const KsKeySchema *tk = ks_table_get_key_schema (table);
  g_autoptr(GPtrArray) indexes = ks_export_list_indexes (table);
  GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));
  const char *type_attr = ks_table_get_type_attribute (table);
  const char *design_name = ks_design_get_name (design);
  g_autoptr(GHashTable) padding = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) extra = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) patterns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) idx = g_string_new (NULL);
  g_autofree char *ename = export_name (ks_entity_get_name (entity), names);
  Ctx c = { out, entity, table, warnings, padding, extra };

  /* indexes first: they tell which attributes are padded */
  c.out = idx;
  g_string_append (idx, "    indexes: {\n      primary: {\n");
  g_hash_table_add (patterns, g_strdup ("primary"));
  if (!write_key (&c, idx, "pk", &tk->pk[0], 4) ||
      (tk->n_sk && !write_key (&c, idx, "sk", &tk->sk[0], 4)))
    {
      ks_export_warn (warnings, "entity %s has no template for the table's keys; it is left out",
                      ks_entity_get_name (entity));
      return;
    }
  g_string_append (idx, "      },\n");
  for (guint i = 0; i < indexes->len; i++)
    {
      KsIndex *index = g_ptr_array_index (indexes, i);
      const KsKeySchema *ik = ks_index_get_key_schema (index);
      gsize mark = idx->len;

      /* an entity with no value for the index's keys is not in it */
      if (ks_index_get_kind (index) == KS_INDEX_LSI)
        {
          if (!ks_export_entity_has_key (entity, ik->sk[0].name))
            continue;
        }
      else
        {
          gboolean has_all = TRUE;
          for (guint k = 0; k < ik->n_pk + ik->n_sk; k++)
            has_all &= ks_export_entity_has_key (entity, k < ik->n_pk ? ik->pk[k].name : ik->sk[k - ik->n_pk].name);
          if (!has_all)
            continue;
        }
      g_string_append (idx, "      ");
      access_pattern_name (idx, ks_index_get_name (index), patterns);
      g_string_append (idx, ": {\n        index: ");
      js_string (idx, ks_index_get_name (index));
      g_string_append (idx, ",\n");
      if (ik->n_pk > 1 || ik->n_sk > 1)
        {
          if (!write_composite_index (&c, idx, index, 4))
            {
              g_string_truncate (idx, mark);
              continue;
            }
        }
      else if (ks_index_get_kind (index) == KS_INDEX_LSI)
        {
          if (!write_key (&c, idx, "pk", &tk->pk[0], 4) || !write_key (&c, idx, "sk", &ik->sk[0], 4))
            {
              g_string_truncate (idx, mark);
              continue;
            }
        }
      else if (!write_key (&c, idx, "pk", &ik->pk[0], 4) ||
               (ik->n_sk && !write_key (&c, idx, "sk", &ik->sk[0], 4)))
        {
          g_string_truncate (idx, mark);
          continue;
        }
      g_string_append (idx, "      },\n");
    }
  g_string_append (idx, "    },\n");

  g_string_append_printf (out, "\nexport const %s = new Entity(\n  {\n    model: {\n      entity: ", ename);
  js_string (out, ks_entity_get_name (entity));
  g_string_append (out, ",\n      version: \"1\",\n      service: ");
  js_string (out, design_name && *design_name ? design_name : "design");
  g_string_append (out, ",\n    },\n    attributes: {\n");
  for (guint i = 0; i < g_list_model_get_n_items (attrs); i++)
    {
      g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, i);
      const char *name = ks_attribute_get_name (attr);
      KsType type = ks_attribute_get_value_type (attr);
      g_autoptr(Shape) shape = shape_new ();
      gpointer width;

      for (guint k = 0; k < ks_entity_get_n_items (entity); k++)
        {
          KsValue *v = ks_value_lookup (ks_entity_get_item (entity, k)->values, name);
          if (v)
            shape_add (shape, v);
        }
      g_string_append (out, "      ");
      js_key (out, name);
      g_string_append (out, ": ");
      if (!g_hash_table_lookup_extended (padding, name, NULL, &width))
        width = NULL;
      write_type (out, type, shape, 3, ks_attribute_get_required (attr), GPOINTER_TO_UINT (width));
      g_string_append (out, ",\n");
    }
  {
    GHashTableIter iter;
    gpointer key;
    g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
    g_hash_table_iter_init (&iter, extra);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (sorted, key);
    g_ptr_array_sort (sorted, compare_names);
    for (guint i = 0; i < sorted->len; i++)
      {
        const char *name = g_ptr_array_index (sorted, i);
        ks_export_warn (warnings, "entity %s: templates use %s, which it does not declare; typed \"string\"",
                        ks_entity_get_name (entity), name);
        g_string_append (out, "      ");
        js_key (out, name);
        g_string_append (out, ": { type: \"string\" },\n");
      }
  }
  if (type_attr && *type_attr && ks_entity_find_attribute (entity, type_attr) == NULL)
    {
      g_string_append (out, "      ");
      js_key (out, type_attr);
      g_string_append (out, ": { type: \"string\", default: ");
      js_string (out, ks_entity_get_name (entity));
      g_string_append (out, ", readOnly: true },\n");
    }
  g_string_append (out, "    },\n");
  g_string_append (out, idx->str);
  g_string_append (out, "  },\n  { table: ");
  js_string (out, ks_table_get_name (table));
  g_string_append (out, " },\n);\n");
}

char *
ks_export_electrodb (KsEngine   *engine,
                     GPtrArray  *warnings,
                     GError    **error)
{
  KsDesign *design = ks_engine_get_design (engine);
  g_autoptr(GPtrArray) entities = ks_export_list_entities (design, NULL);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *name = ks_export_one_line (ks_design_get_name (design), "without a name");
  GString *out;

  if (!ks_export_check_design (design, error))
    return NULL;
  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "// ElectroDB entities of the design %s, exported by Keyshape.\n"
                          "// Keys are the design's templates with casing \"none\": ElectroDB builds\n"
                          "// the same keys as Keyshape.\n"
                          "import { Entity } from \"electrodb\";\n",
                          name);
  for (guint i = 0; i < entities->len; i++)
    {
      KsEntity *entity = g_ptr_array_index (entities, i);
      KsTable *table = ks_design_get_entity_table (design, entity);
      if (table == NULL)
        {
          ks_export_warn (warnings, "entity %s: no table named \"%s\"; left out",
                          ks_entity_get_name (entity), ks_entity_get_table (entity));
          continue;
        }
      write_entity (out, design, entity, table, names, warnings);
    }
  return g_string_free (out, FALSE);
}
