/* ks-lint-match.c: what key templates can produce, for the lint and the
 * coverage matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A template is literal text and placeholders. For the errors
 * (pattern-unserved) a placeholder may produce any text, so "cannot match"
 * is certain. Keys of type S are compared as UTF-8 bytes (rules §2.3).
 */
#define G_LOG_DOMAIN "keyshape-lint"

#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-lint-private.h"

static int
bytes_compare (const char *a, gsize alen, const char *b, gsize blen)
{
  int c = memcmp (a, b, MIN (alen, blen));

  if (c != 0)
    return c;
  return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static gboolean
has_prefix (const char *s, gsize slen, const char *p, gsize plen)
{
  return slen >= plen && memcmp (s, p, plen) == 0;
}

gboolean
_ks_key_matches (const KsValue *key,
                 KsSortOp       op,
                 const KsValue *v,
                 const KsValue *to)
{
  int c;

  if (key == NULL || v == NULL || ks_value_get_type (key) != ks_value_get_type (v))
    return FALSE;
  if (op == KS_OP_BEGINS_WITH)
    {
      gsize klen, vlen;
      const char *k, *p;

      if (ks_value_get_type (key) == KS_TYPE_N)
        return FALSE;
      k = ks_value_get_string (key, &klen);
      p = ks_value_get_string (v, &vlen);
      return has_prefix (k, klen, p, vlen);
    }
  c = ks_value_compare (key, v);
  switch (op)
    {
    case KS_OP_NONE:
      return TRUE;
    case KS_OP_EQ:
      return c == 0;
    case KS_OP_LT:
      return c < 0;
    case KS_OP_LE:
      return c <= 0;
    case KS_OP_GT:
      return c > 0;
    case KS_OP_GE:
      return c >= 0;
    case KS_OP_BETWEEN:
      return c >= 0 && to != NULL && ks_value_get_type (to) == ks_value_get_type (key) &&
             ks_value_compare (key, to) <= 0;
    case KS_OP_BEGINS_WITH:
    default:
      return FALSE;
    }
}

/* The regular expression of every key a template can produce. */
static GRegex *
template_regex (KsTemplate *tmpl)
{
  g_autoptr(GString) re = g_string_new ("^");

  for (guint s = 0; s < ks_template_get_n_segments (tmpl); s++)
    {
      const KsSegment *seg = ks_template_get_segment (tmpl, s);
      if (seg->is_attr)
        g_string_append (re, "(?s:.*)");
      else
        {
          g_autofree char *escaped = g_regex_escape_string (seg->text, -1);
          g_string_append (re, escaped);
        }
    }
  g_string_append (re, "$");
  return g_regex_new (re->str, G_REGEX_DOLLAR_ENDONLY, 0, NULL);
}

static char *
template_literal (KsTemplate *tmpl)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ks_template_get_n_segments (tmpl); i++)
    g_string_append (s, ks_template_get_segment (tmpl, i)->text);
  return g_string_free (s, FALSE);
}

gboolean
_ks_template_can_match (KsTemplate    *tmpl,
                        KsSortOp       op,
                        const KsValue *v,
                        const KsValue *to)
{
  const char *lit, *val;
  gsize llen, vlen;

  if (op == KS_OP_NONE)
    return TRUE;
  if (v == NULL || ks_value_get_type (v) != KS_TYPE_S)
    return TRUE;     /* N and B keys are one placeholder: anything */

  if (ks_template_is_literal (tmpl))
    {
      g_autofree char *text = template_literal (tmpl);
      g_autoptr(KsValue) key = ks_value_new_string (text, -1);
      return _ks_key_matches (key, op, v, to);
    }

  /* Every key starts with the literal prefix L and may continue with
   * anything: the keys are exactly the strings of the template's regular
   * expression, and those of them ordered near L form the block [L, L…). */
  lit = ks_template_get_prefix (tmpl);
  llen = strlen (lit);
  val = ks_value_get_string (v, &vlen);
  switch (op)
    {
    case KS_OP_EQ:
      {
        g_autoptr(GRegex) re = template_regex (tmpl);
        return re == NULL || g_regex_match_full (re, val, vlen, 0, 0, NULL, NULL);
      }
    case KS_OP_BEGINS_WITH:
      return has_prefix (val, vlen, lit, llen) || has_prefix (lit, llen, val, vlen);
    case KS_OP_GT:
    case KS_OP_GE:
      return has_prefix (val, vlen, lit, llen) || bytes_compare (val, vlen, lit, llen) < 0;
    case KS_OP_LT:
      return bytes_compare (lit, llen, val, vlen) < 0;
    case KS_OP_LE:
      return bytes_compare (lit, llen, val, vlen) <= 0;
    case KS_OP_BETWEEN:
      {
        const char *hi;
        gsize hlen;

        if (to == NULL || ks_value_get_type (to) != KS_TYPE_S)
          return TRUE;
        hi = ks_value_get_string (to, &hlen);
        if (has_prefix (val, vlen, lit, llen))
          return bytes_compare (val, vlen, hi, hlen) <= 0;
        return bytes_compare (val, vlen, lit, llen) < 0 && bytes_compare (lit, llen, hi, hlen) <= 0;
      }
    case KS_OP_NONE:
    default:
      return TRUE;
    }
}

/* Collisions -------------------------------------------------------------- */

static gboolean
is_separator (char c)
{
  return (guchar) c < 0x80 && !g_ascii_isalnum (c);
}

/* Splits a template into fields at the separators of its literal text;
 * a placeholder is written \1. */
static GPtrArray *
template_fields (KsTemplate *tmpl, GString *separators, gboolean *any_literal)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *cur = g_string_new (NULL);

  *any_literal = FALSE;
  for (guint s = 0; s < ks_template_get_n_segments (tmpl); s++)
    {
      const KsSegment *seg = ks_template_get_segment (tmpl, s);
      if (seg->is_attr)
        {
          g_string_append_c (cur, '\1');
          continue;
        }
      for (const char *p = seg->text; *p; p++)
        {
          *any_literal = TRUE;
          if (is_separator (*p))
            {
              g_ptr_array_add (fields, g_string_free (cur, FALSE));
              cur = g_string_new (NULL);
              g_string_append_c (separators, *p);
            }
          else
            g_string_append_c (cur, *p);
        }
    }
  g_ptr_array_add (fields, g_string_free (cur, FALSE));
  return fields;
}

static gboolean
fields_compatible (const char *a, const char *b)
{
  const char *pa = strchr (a, '\1'), *pb = strchr (b, '\1');
  gsize la, lb, sa, sb;
  const char *ea, *eb;

  if (pa == NULL && pb == NULL)
    return g_str_equal (a, b);
  /* literal prefixes and suffixes must not contradict each other */
  la = pa ? (gsize) (pa - a) : strlen (a);
  lb = pb ? (gsize) (pb - b) : strlen (b);
  if (memcmp (a, b, MIN (la, lb)) != 0)
    return FALSE;
  ea = pa ? strrchr (a, '\1') + 1 : a;
  eb = pb ? strrchr (b, '\1') + 1 : b;
  sa = strlen (ea);
  sb = strlen (eb);
  return memcmp (ea + sa - MIN (sa, sb), eb + sb - MIN (sa, sb), MIN (sa, sb)) == 0;
}

gboolean
_ks_templates_may_collide (KsTemplate *a,
                           KsTemplate *b)
{
  g_autoptr(GString) sep_a = g_string_new (NULL);
  g_autoptr(GString) sep_b = g_string_new (NULL);
  g_autoptr(GPtrArray) fa = NULL;
  g_autoptr(GPtrArray) fb = NULL;
  gboolean lit_a, lit_b;

  fa = template_fields (a, sep_a, &lit_a);
  fb = template_fields (b, sep_b, &lit_b);
  /* no literal text at all: no type prefix, any key */
  if (!lit_a || !lit_b)
    return TRUE;
  if (fa->len != fb->len || !g_string_equal (sep_a, sep_b))
    return FALSE;
  for (guint i = 0; i < fa->len; i++)
    if (!fields_compatible (g_ptr_array_index (fa, i), g_ptr_array_index (fb, i)))
      return FALSE;
  return TRUE;
}

/* Patterns ---------------------------------------------------------------- */

GPtrArray *
_ks_expression_attributes (const char *text)
{
  static const char *keywords[] = { "AND", "OR", "NOT", "BETWEEN", "IN", NULL };
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (p && *p)
    {
      const char *start;
      g_autofree char *word = NULL;
      gboolean keyword = FALSE;

      if (*p == ':' || *p == '#')
        {
          /* a placeholder; skip it whole */
          for (p++; g_ascii_isalnum (*p) || *p == '_'; p++)
            ;
          continue;
        }
      if (!(g_ascii_isalpha (*p) || *p == '_'))
        {
          /* skip a path's tail (.b, [0]) with the rest of the punctuation */
          if (*p == '.')
            for (p++; g_ascii_isalnum (*p) || *p == '_'; p++)
              ;
          else
            p++;
          continue;
        }
      start = p;
      while (g_ascii_isalnum (*p) || *p == '_')
        p++;
      word = g_strndup (start, p - start);
      for (guint k = 0; keywords[k]; k++)
        if (g_ascii_strcasecmp (word, keywords[k]) == 0)
          keyword = TRUE;
      {
        const char *q = p;
        while (*q == ' ' || *q == '\t' || *q == '\n')
          q++;
        if (*q == '(')
          keyword = TRUE;     /* a function */
      }
      if (!keyword && !g_ptr_array_find_with_equal_func (names, word, g_str_equal, NULL))
        g_ptr_array_add (names, g_steal_pointer (&word));
    }
  return names;
}


static KsValue *
lookup_parameter (const char *name, gpointer data)
{
  return ks_value_lookup (data, name);
}

KsValue *
_ks_pattern_render (KsPattern   *pattern,
                    const char  *text,
                    KsType       type,
                    GError     **error)
{
  g_autoptr(KsTemplate) tmpl = NULL;
  g_autoptr(KsValue) empty = NULL;
  KsValue *params = ks_pattern_get_parameters (pattern);
  const char *missing = NULL;
  KsValue *out = NULL;
  KsRenderResult result;

  if (text == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "no value");
      return NULL;
    }
  tmpl = ks_template_parse (text, KS_TEMPLATE_STRICT, NULL, error);
  if (tmpl == NULL)
    return NULL;
  /* a number key may be given as a literal number */
  if (type == KS_TYPE_N && ks_template_is_literal (tmpl))
    return ks_value_new_number (text, error);
  if (params == NULL)
    {
      empty = ks_value_new_empty_map ();
      result = ks_template_render (tmpl, empty, type, &out, &missing, NULL, error);
    }
  else
    result = ks_template_render_with (tmpl, lookup_parameter, params, type, &out, &missing, NULL, error);
  switch (result)
    {
    case KS_RENDER_OK:
      return out;
    case KS_RENDER_MISSING:
      g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND, "no parameter %s", missing);
      return NULL;
    case KS_RENDER_ERROR:
    default:
      return NULL;
    }
}

const char *
_ks_condition_key_attribute (const KsKeySchema *schema,
                             const char        *attr,
                             gboolean           sort,
                             guint              position,
                             KsType            *type)
{
  const KsKeyAttr *keys = sort ? schema->sk : schema->pk;
  guint n = sort ? schema->n_sk : schema->n_pk;

  if (attr == NULL)
    {
      if (position >= n)
        return NULL;
      *type = keys[position].type;
      return keys[position].name;
    }
  for (guint i = 0; i < n; i++)
    if (g_str_equal (keys[i].name, attr))
      {
        *type = keys[i].type;
        return keys[i].name;
      }
  return NULL;
}

KsView *
_ks_pattern_get_view (KsEngine   *engine,
                      KsPattern  *pattern,
                      char      **why)
{
  KsDesign *design = ks_engine_get_design (engine);
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (design));
  const char *tname = ks_pattern_get_table (pattern);
  const char *iname = ks_pattern_get_index (pattern);
  g_autoptr(KsTable) only = NULL;
  KsTable *table;
  KsView *view;

  table = tname ? ks_design_find_table (design, tname) : NULL;
  if (table == NULL && tname == NULL && g_list_model_get_n_items (tables) == 1)
    table = only = g_list_model_get_item (tables, 0);
  if (table == NULL)
    {
      if (why)
        *why = tname ? g_strdup_printf ("the design has no table %s", tname)
                     : g_strdup ("it names no table and the design has several");
      return NULL;
    }
  view = ks_engine_get_view (engine, ks_table_get_name (table), iname);
  if (view == NULL && why)
    *why = g_strdup_printf ("table %s has no index %s", ks_table_get_name (table), iname);
  return view;
}

gboolean
_ks_entity_in_view (KsEntity *entity,
                    KsView   *view)
{
  const KsKeySchema *ks = ks_view_get_key_schema (view);

  for (guint k = 0; k < ks->n_pk + ks->n_sk; k++)
    {
      const char *name = k < ks->n_pk ? ks->pk[k].name : ks->sk[k - ks->n_pk].name;
      gboolean found = ks_entity_get_template (entity, name) != NULL;

      for (guint i = 0; !found && i < ks_entity_get_n_items (entity); i++)
        found = ks_value_lookup (ks_item_get_final (ks_entity_get_item (entity, i)), name) != NULL;
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/* One condition against one key attribute of the entity. */
static gboolean
entity_key_can_match (KsEntity *entity, const char *key, KsSortOp op,
                      const KsValue *v, const KsValue *to)
{
  KsTemplate *tmpl = ks_entity_get_parsed_template (entity, key);

  if (ks_entity_get_template (entity, key) != NULL)
    return tmpl == NULL || _ks_template_can_match (tmpl, op, v, to);
  /* no template: the items carry the key themselves */
  for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
    {
      KsValue *kv = ks_value_lookup (ks_item_get_final (ks_entity_get_item (entity, i)), key);
      if (kv && _ks_key_matches (kv, op, v, to))
        return TRUE;
    }
  return FALSE;
}

gboolean
_ks_entity_can_match_pattern (KsEntity   *entity,
                              KsPattern  *pattern,
                              KsView     *view,
                              char      **why)
{
  const KsKeySchema *ks = ks_view_get_key_schema (view);
  const KsKeyCondition *cond = ks_pattern_get_key_condition (pattern);

  if (!_ks_entity_in_view (entity, view))
    {
      if (why)
        *why = g_strdup_printf ("%s has no key for %s", ks_entity_get_name (entity), ks_view_get_name (view));
      return FALSE;
    }
  if (cond == NULL)
    return TRUE;
  for (guint c = 0; c < cond->n_pk + cond->n_sk; c++)
    {
      gboolean sort = c >= cond->n_pk;
      guint pos = sort ? c - cond->n_pk : c;
      const char *attr = sort ? cond->sk[pos].attr : cond->pk[pos].attr;
      KsSortOp op = sort ? cond->sk[pos].op : KS_OP_EQ;
      const char *text = sort ? cond->sk[pos].value : cond->pk[pos].value;
      KsType type = KS_TYPE_S;
      const char *key = _ks_condition_key_attribute (ks, attr, sort, pos, &type);
      g_autoptr(KsValue) v = NULL;
      g_autoptr(KsValue) to = NULL;

      if (key == NULL || op == KS_OP_NONE)
        continue;     /* not a key condition the lint can judge */
      v = _ks_pattern_render (pattern, text, type, NULL);
      if (op == KS_OP_BETWEEN)
        to = _ks_pattern_render (pattern, sort ? cond->sk[pos].to : NULL, type, NULL);
      if (v == NULL || (op == KS_OP_BETWEEN && to == NULL))
        continue;     /* a missing parameter is the pattern's own error */
      if (!entity_key_can_match (entity, key, op, v, to))
        {
          if (why)
            {
              g_autofree char *shown = ks_value_to_display (v);
              const char *tmpl = ks_entity_get_template (entity, key);
              if (tmpl)
                *why = g_strdup_printf ("%s's %s template \"%s\" cannot produce a key %s \"%s\"",
                                        ks_entity_get_name (entity), key, tmpl,
                                        op == KS_OP_EQ ? "equal to" :
                                        op == KS_OP_BEGINS_WITH ? "beginning with" : "in the range of",
                                        shown);
              else
                *why = g_strdup_printf ("no %s item has a %s %s \"%s\"",
                                        ks_entity_get_name (entity), key,
                                        op == KS_OP_EQ ? "equal to" :
                                        op == KS_OP_BEGINS_WITH ? "beginning with" : "in the range of",
                                        shown);
            }
          return FALSE;
        }
    }
  return TRUE;
}
