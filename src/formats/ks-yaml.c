/* ks-yaml.c: YAML text to a KsValue tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libyaml's event parser (it keeps its own stacks, so deep input does not
 * overflow ours) feeds a recursive builder whose depth is limited like
 * ks_json_parse()'s. Values are immutable and reference-counted, so an
 * alias shares its anchor's value; the builder counts what aliases would
 * expand to, so a "billion laughs" document is refused before anything
 * walks it.
 */
#define G_LOG_DOMAIN "keyshape-yaml"

#include "config.h"

#include <string.h>
#include <yaml.h>

#include "ks-error.h"
#include "ks-yaml.h"

#define MAX_DEPTH 256
#define MAX_NODES 1000000
#define YAML_TAG "tag:yaml.org,2002:"

typedef struct
{
  KsValue *value;
  guint64  nodes;
} Anchor;

typedef struct
{
  yaml_parser_t  parser;
  const char    *data;
  gsize          length;
  GHashTable    *anchors;      /* name → Anchor */
  guint64        nodes;        /* built so far, aliases expanded */
  guint          depth;
  GError       **error;
} Reader;

/* CloudFormation's short-form tags and the keys of their JSON forms */
static const struct { const char *tag; const char *key; } cfn_tags[] = {
  { "!Ref", "Ref" },
  { "!Condition", "Condition" },
  { "!Base64", "Fn::Base64" },
  { "!Cidr", "Fn::Cidr" },
  { "!FindInMap", "Fn::FindInMap" },
  { "!ForEach", "Fn::ForEach" },
  { "!GetAtt", "Fn::GetAtt" },
  { "!GetAZs", "Fn::GetAZs" },
  { "!ImportValue", "Fn::ImportValue" },
  { "!Join", "Fn::Join" },
  { "!Length", "Fn::Length" },
  { "!Select", "Fn::Select" },
  { "!Split", "Fn::Split" },
  { "!Sub", "Fn::Sub" },
  { "!ToJsonString", "Fn::ToJsonString" },
  { "!Transform", "Fn::Transform" },
  { "!And", "Fn::And" },
  { "!Equals", "Fn::Equals" },
  { "!If", "Fn::If" },
  { "!Not", "Fn::Not" },
  { "!Or", "Fn::Or" },
};

static void
anchor_free (gpointer data)
{
  Anchor *anchor = data;

  ks_value_unref (anchor->value);
  g_free (anchor);
}

static KsValue *fail_at (Reader *r, yaml_mark_t mark, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static KsValue *
fail_at (Reader      *r,
         yaml_mark_t  mark,
         const char  *fmt,
         ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  if (r->error && *r->error == NULL)
    g_set_error (r->error, KS_ERROR, KS_ERROR_PARSE, "line %u, column %u: %s",
                 (guint) mark.line + 1, (guint) mark.column + 1, msg);
  return NULL;
}

/* libyaml's own message, placed where it found the problem. */
static gboolean
parser_failed (Reader *r)
{
  yaml_parser_t *p = &r->parser;
  const char *problem = p->problem ? p->problem : "not valid YAML";

  if (p->error == YAML_MEMORY_ERROR)
    {
      g_set_error_literal (r->error, KS_ERROR, KS_ERROR_LIMIT, "not enough memory to read the YAML text");
      return FALSE;
    }
  if (p->error == YAML_READER_ERROR)
    {
      /* the reader counts bytes, not lines */
      yaml_mark_t mark = { 0, 0, 0 };
      for (gsize i = 0; i < p->problem_offset && i < r->length; i++)
        {
          if (r->data[i] == '\n')
            {
              mark.line++;
              mark.column = 0;
            }
          else if (((guchar) r->data[i] & 0xc0) != 0x80)
            mark.column++;
        }
      fail_at (r, mark, "%s", problem);
      return FALSE;
    }
  if (p->context)
    fail_at (r, p->problem_mark, "%s (%s at line %u, column %u)", problem, p->context,
             (guint) p->context_mark.line + 1, (guint) p->context_mark.column + 1);
  else
    fail_at (r, p->problem_mark, "%s", problem);
  return FALSE;
}

static gboolean
next_event (Reader       *r,
            yaml_event_t *event)
{
  if (!yaml_parser_parse (&r->parser, event))
    return parser_failed (r);
  return TRUE;
}

/* Scalar resolution (YAML 1.1, as PyYAML's resolver) --------------------- */

typedef enum
{
  PLAIN_STR,
  PLAIN_NULL,
  PLAIN_BOOL,
  PLAIN_INT,
  PLAIN_FLOAT,
} PlainKind;

static PlainKind
plain_kind (const char *s)
{
  static GRegex *int_re, *float_re;
  static const char *bools[] = {
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF", NULL
  };

  if (g_once_init_enter (&int_re))
    g_once_init_leave (&int_re,
                       g_regex_new ("^(?:[-+]?0b[0-1_]+"
                                    "|[-+]?0[0-7_]+"
                                    "|[-+]?(?:0|[1-9][0-9_]*)"
                                    "|[-+]?0x[0-9a-fA-F_]+"
                                    "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
                                    G_REGEX_OPTIMIZE, 0, NULL));
  if (g_once_init_enter (&float_re))
    g_once_init_leave (&float_re,
                       g_regex_new ("^(?:[-+]?[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                                    "|\\.[0-9_]+(?:[eE][-+][0-9]+)?"   /* no sign: -.5 is a string */
                                    "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                                    "|[-+]?\\.(?:inf|Inf|INF)"
                                    "|\\.(?:nan|NaN|NAN))$",
                                    G_REGEX_OPTIMIZE, 0, NULL));

  if (*s == '\0' || g_str_equal (s, "~") || g_str_equal (s, "null") ||
      g_str_equal (s, "Null") || g_str_equal (s, "NULL"))
    return PLAIN_NULL;
  if (g_strv_contains (bools, s))
    return PLAIN_BOOL;
  /* every number starts with a sign, a digit or a point */
  if (!(g_ascii_isdigit (*s) || *s == '-' || *s == '+' || *s == '.'))
    return PLAIN_STR;
  if (g_regex_match (int_re, s, 0, NULL))
    return PLAIN_INT;
  if (g_regex_match (float_re, s, 0, NULL))
    return PLAIN_FLOAT;
  return PLAIN_STR;
}

/* The value of a YAML 1.1 integer as decimal text, or NULL when it does not
 * fit 64 bits outside base 10 (base 10 keeps every digit). */
static char *
int_to_decimal (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean neg = FALSE;
  const char *p = text;
  guint64 v = 0;
  guint base = 10;

  if (*p == '-' || *p == '+')
    neg = (*p++ == '-');
  for (const char *q = p; *q; q++)
    if (*q != '_')
      g_string_append_c (digits, *q);
  p = digits->str;
  if (strchr (p, ':'))
    {
      /* base 60: 1:30 is 90 */
      g_auto(GStrv) parts = g_strsplit (p, ":", -1);
      for (guint i = 0; parts[i]; i++)
        {
          guint64 part = g_ascii_strtoull (parts[i], NULL, 10);
          if (v > (G_MAXUINT64 - part) / 60)
            return NULL;
          v = v * 60 + part;
        }
      return g_strdup_printf ("%s%" G_GUINT64_FORMAT, neg && v ? "-" : "", v);
    }
  if (g_str_has_prefix (p, "0b"))
    base = 2, p += 2;
  else if (g_str_has_prefix (p, "0x"))
    base = 16, p += 2;
  else if (p[0] == '0' && p[1] != '\0')
    base = 8, p += 1;
  if (base == 10)
    return g_strconcat (neg ? "-" : "", p, NULL);
  for (; *p; p++)
    {
      guint d = g_ascii_xdigit_value (*p);
      if (v > (G_MAXUINT64 - d) / base)
        return NULL;
      v = v * base + d;
    }
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT, neg && v ? "-" : "", v);
}

/* The value of a YAML 1.1 float as decimal text; NULL for .inf and .nan,
 * which a DynamoDB number cannot hold. */
static char *
float_to_decimal (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (strstr (text, ".inf") || strstr (text, ".Inf") || strstr (text, ".INF") ||
      strstr (text, ".nan") || strstr (text, ".NaN") || strstr (text, ".NAN"))
    return NULL;
  if (strchr (text, ':'))
    {
      /* base 60 with a fraction: 1:30.5 is 90.5 */
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_auto(GStrv) parts = NULL;
      gboolean neg = *text == '-';
      double v = 0;
      g_autofree char *clean = NULL;

      if (*text == '-' || *text == '+')
        text++;
      clean = g_strdup (text);
      g_strdelimit (clean, "_", ' ');
      parts = g_strsplit (clean, ":", -1);
      for (guint i = 0; parts[i]; i++)
        {
          g_autofree char *compact = g_strdup (parts[i]);
          char *w = compact;
          for (const char *q = parts[i]; *q; q++)
            if (*q != ' ')
              *w++ = *q;
          *w = '\0';
          v = v * 60 + g_ascii_strtod (compact, NULL);
        }
      return g_strdup (ks_format_double (buf, sizeof buf, neg ? -v : v));
    }
  for (const char *q = text; *q; q++)
    if (*q != '_')
      g_string_append_c (out, *q);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static KsValue *
number_value (Reader *r, yaml_mark_t mark, const char *text, const char *decimal)
{
  g_autoptr(GError) local = NULL;
  KsValue *v;

  if (decimal == NULL)
    return fail_at (r, mark, "%s: the number is too large", text);
  v = ks_value_new_number (decimal, &local);
  if (v == NULL)
    return fail_at (r, mark, "%s: %s", text, local->message);
  return v;
}

static KsValue *
resolve_plain (Reader *r, yaml_mark_t mark, const char *text)
{
  g_autofree char *decimal = NULL;

  switch (plain_kind (text))
    {
    case PLAIN_NULL:
      return ks_value_new_null ();
    case PLAIN_BOOL:
      return ks_value_new_bool (strchr ("yYtToO", text[0]) && g_ascii_strcasecmp (text, "off") != 0);
    case PLAIN_INT:
      decimal = int_to_decimal (text);
      return number_value (r, mark, text, decimal);
    case PLAIN_FLOAT:
      decimal = float_to_decimal (text);
      if (decimal == NULL)
        return ks_value_new_string (text, -1);
      return number_value (r, mark, text, decimal);
    case PLAIN_STR:
    default:
      return ks_value_new_string (text, -1);
    }
}

/* A scalar with a YAML tag (!!str, !!int …). */
static KsValue *
resolve_tagged (Reader *r, yaml_mark_t mark, const char *tag, const char *text)
{
  const char *name = tag + strlen (YAML_TAG);
  PlainKind kind = plain_kind (text);

  if (g_str_equal (name, "str") || g_str_equal (name, "binary") || g_str_equal (name, "timestamp"))
    return ks_value_new_string (text, -1);
  if (g_str_equal (name, "null"))
    {
      if (kind != PLAIN_NULL)
        return fail_at (r, mark, "\"%s\" is not a null (!!null)", text);
      return ks_value_new_null ();
    }
  if (g_str_equal (name, "bool"))
    {
      if (kind != PLAIN_BOOL)
        return fail_at (r, mark, "\"%s\" is not a boolean (!!bool)", text);
      return resolve_plain (r, mark, text);
    }
  if (g_str_equal (name, "int"))
    {
      if (kind != PLAIN_INT)
        return fail_at (r, mark, "\"%s\" is not an integer (!!int)", text);
      return resolve_plain (r, mark, text);
    }
  if (g_str_equal (name, "float"))
    {
      if (kind != PLAIN_INT && kind != PLAIN_FLOAT)
        return fail_at (r, mark, "\"%s\" is not a number (!!float)", text);
      return resolve_plain (r, mark, text);
    }
  return fail_at (r, mark, "the tag !!%s does not apply to a scalar", name);
}

/* Nodes ------------------------------------------------------------------ */

static KsValue *read_node (Reader *r, yaml_event_t *event, guint64 *nodes);

static gboolean
count (Reader *r, yaml_mark_t mark, guint64 n)
{
  r->nodes += n;
  if (r->nodes > MAX_NODES)
    {
      fail_at (r, mark, "the document holds more than %u values (counting what aliases repeat)",
               MAX_NODES);
      return FALSE;
    }
  return TRUE;
}

/* {"Fn::Sub": value} for !Sub value; !GetAtt A.B becomes a two-element
 * list as in the JSON form. */
static KsValue *
apply_cfn_tag (Reader *r, yaml_mark_t mark, const char *tag, KsValue *value)
{
  g_autoptr(KsValue) inner = value;
  KsMapBuilder *b;

  for (guint i = 0; i < G_N_ELEMENTS (cfn_tags); i++)
    {
      if (!g_str_equal (tag, cfn_tags[i].tag))
        continue;
      if (g_str_equal (tag, "!GetAtt") && ks_value_get_type (inner) == KS_TYPE_S)
        {
          const char *s = ks_value_get_string (inner, NULL);
          const char *dot = strchr (s, '.');
          GPtrArray *parts = g_ptr_array_new ();

          if (dot == NULL || dot == s || dot[1] == '\0')
            {
              g_ptr_array_unref (parts);
              return fail_at (r, mark, "!GetAtt %s: the form is !GetAtt Resource.Attribute", s);
            }
          g_ptr_array_add (parts, ks_value_new_string (s, dot - s));
          g_ptr_array_add (parts, ks_value_new_string (dot + 1, -1));
          g_clear_pointer (&inner, ks_value_unref);
          inner = ks_value_new_list (KS_TYPE_L, parts);
        }
      b = ks_map_builder_new (1);
      ks_map_builder_add (b, cfn_tags[i].key, g_steal_pointer (&inner));
      return ks_map_builder_end (b);
    }
  return fail_at (r, mark, "unknown tag %s (CloudFormation's short forms are !Ref, !Sub, !GetAtt, !Join, !If …)",
                  tag);
}

static KsValue *
read_scalar (Reader *r, yaml_event_t *event)
{
  const char *tag = (const char *) event->data.scalar.tag;
  const char *text = (const char *) event->data.scalar.value;
  yaml_mark_t mark = event->start_mark;

  if (strlen (text) != event->data.scalar.length)
    return fail_at (r, mark, "a scalar holds a NUL character");
  if (tag == NULL || g_str_equal (tag, "!"))
    {
      if (tag == NULL && event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
        return resolve_plain (r, mark, text);
      return ks_value_new_string (text, -1);
    }
  if (g_str_has_prefix (tag, YAML_TAG))
    return resolve_tagged (r, mark, tag, text);
  return apply_cfn_tag (r, mark, tag, ks_value_new_string (text, -1));
}

static KsValue *
read_sequence (Reader *r, yaml_event_t *start, guint64 *nodes)
{
  g_autoptr(GPtrArray) elems = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);

  for (;;)
    {
      yaml_event_t event;
      KsValue *v;
      guint64 n = 0;

      if (!next_event (r, &event))
        return NULL;
      if (event.type == YAML_SEQUENCE_END_EVENT)
        {
          yaml_event_delete (&event);
          break;
        }
      v = read_node (r, &event, &n);
      if (v == NULL)
        return NULL;
      *nodes += n;
      g_ptr_array_add (elems, v);
    }
  (void) start;
  return ks_value_new_list (KS_TYPE_L, g_steal_pointer (&elems));
}

typedef struct
{
  GArray     *entries;     /* KsMapEntry */
  GArray     *merged;      /* gboolean per entry: came from a << merge */
  GHashTable *index;       /* interned name → position + 1 */
} MapParts;

static void
map_parts_clear (MapParts *m)
{
  for (guint i = 0; m->entries && i < m->entries->len; i++)
    ks_value_unref (g_array_index (m->entries, KsMapEntry, i).value);
  g_clear_pointer (&m->entries, g_array_unref);
  g_clear_pointer (&m->merged, g_array_unref);
  g_clear_pointer (&m->index, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MapParts, map_parts_clear)

/* Adds an entry; an explicit key replaces a merged one, never the
 * reverse. Returns FALSE for an explicit key given twice. */
static gboolean
map_parts_add (MapParts *m, const char *name, KsValue *value, gboolean from_merge)
{
  const char *interned = g_intern_string (name);
  guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (m->index, interned));

  if (pos != 0)
    {
      KsMapEntry *e = &g_array_index (m->entries, KsMapEntry, pos - 1);
      gboolean *was_merged = &g_array_index (m->merged, gboolean, pos - 1);

      if (from_merge)
        {
          ks_value_unref (value);
          return TRUE;
        }
      if (!*was_merged)
        {
          ks_value_unref (value);
          return FALSE;
        }
      ks_value_unref (e->value);
      e->value = value;
      *was_merged = FALSE;
      return TRUE;
    }
  {
    KsMapEntry e = { interned, value };
    g_array_append_val (m->entries, e);
    g_array_append_val (m->merged, from_merge);
    g_hash_table_insert (m->index, (gpointer) interned, GUINT_TO_POINTER (m->entries->len));
  }
  return TRUE;
}

static gboolean
merge_into (Reader *r, MapParts *m, yaml_mark_t mark, KsValue *source)
{
  if (ks_value_get_type (source) == KS_TYPE_M)
    {
      for (guint i = 0; i < ks_value_get_length (source); i++)
        {
          const KsMapEntry *e = ks_value_get_entry (source, i);
          map_parts_add (m, e->name, ks_value_ref (e->value), TRUE);
        }
      return TRUE;
    }
  if (ks_value_get_type (source) == KS_TYPE_L)
    {
      /* earlier mappings win over later ones */
      for (guint i = 0; i < ks_value_get_length (source); i++)
        {
          KsValue *elem = ks_value_get_element (source, i);
          if (ks_value_get_type (elem) != KS_TYPE_M)
            {
              fail_at (r, mark, "a << merge key takes a mapping or a list of mappings");
              return FALSE;
            }
          merge_into (r, m, mark, elem);
        }
      return TRUE;
    }
  fail_at (r, mark, "a << merge key takes a mapping or a list of mappings");
  return FALSE;
}

/* The text of a mapping key: a scalar's own text, or an alias of one. */
static char *
key_text (Reader *r, yaml_event_t *event)
{
  if (event->type == YAML_SCALAR_EVENT)
    {
      const char *tag = (const char *) event->data.scalar.tag;
      if (tag && !g_str_equal (tag, "!") && !g_str_has_prefix (tag, YAML_TAG))
        {
          fail_at (r, event->start_mark, "a mapping key cannot be a CloudFormation function (%s)", tag);
          return NULL;
        }
      if (strlen ((const char *) event->data.scalar.value) != event->data.scalar.length)
        {
          fail_at (r, event->start_mark, "a mapping key holds a NUL character");
          return NULL;
        }
      return g_strdup ((const char *) event->data.scalar.value);
    }
  if (event->type == YAML_ALIAS_EVENT)
    {
      Anchor *a = g_hash_table_lookup (r->anchors, event->data.alias.anchor);
      if (a == NULL)
        {
          fail_at (r, event->start_mark, "unknown alias *%s", (const char *) event->data.alias.anchor);
          return NULL;
        }
      switch (ks_value_get_type (a->value))
        {
        case KS_TYPE_S: return g_strdup (ks_value_get_string (a->value, NULL));
        case KS_TYPE_N: return g_strdup (ks_value_get_number (a->value));
        case KS_TYPE_BOOL: return g_strdup (ks_value_get_bool (a->value) ? "true" : "false");
        case KS_TYPE_NULL: return g_strdup ("null");
        default: break;
        }
    }
  fail_at (r, event->start_mark, "a mapping key must be a scalar, not a mapping or a sequence");
  return NULL;
}

static KsValue *
read_mapping (Reader *r, yaml_event_t *start, guint64 *nodes)
{
  g_auto(MapParts) m = { NULL, NULL, NULL };
  guint n;

  m.entries = g_array_new (FALSE, FALSE, sizeof (KsMapEntry));
  m.merged = g_array_new (FALSE, FALSE, sizeof (gboolean));
  m.index = g_hash_table_new (NULL, NULL);
  (void) start;

  for (;;)
    {
      yaml_event_t event;
      yaml_mark_t key_mark;
      g_autofree char *key = NULL;
      gboolean merge;
      KsValue *v;
      guint64 vn = 0;

      if (!next_event (r, &event))
        return NULL;
      if (event.type == YAML_MAPPING_END_EVENT)
        {
          yaml_event_delete (&event);
          break;
        }
      key_mark = event.start_mark;
      key = key_text (r, &event);
      merge = key && event.type == YAML_SCALAR_EVENT && event.data.scalar.tag == NULL &&
              event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && g_str_equal (key, "<<");
      yaml_event_delete (&event);
      if (key == NULL || !count (r, key_mark, 1))
        return NULL;

      if (!next_event (r, &event))
        return NULL;
      v = read_node (r, &event, &vn);
      if (v == NULL)
        return NULL;
      *nodes += vn + 1;
      if (merge)
        {
          gboolean ok = merge_into (r, &m, key_mark, v);
          ks_value_unref (v);
          if (!ok)
            return NULL;
        }
      else if (!map_parts_add (&m, key, v, FALSE))
        return fail_at (r, key_mark, "the key \"%s\" appears twice in this mapping", key);
    }

  n = m.entries->len;
  g_clear_pointer (&m.merged, g_array_unref);
  g_clear_pointer (&m.index, g_hash_table_unref);
  if (n == 0)
    return ks_value_new_empty_map ();
  return ks_value_new_map_take ((KsMapEntry *) g_array_free (g_steal_pointer (&m.entries), FALSE), n);
}

/* Builds the node that @event starts (and deletes @event); *@nodes gets
 * the number of values it holds, aliases expanded. */
static KsValue *
read_node (Reader *r, yaml_event_t *event, guint64 *nodes)
{
  g_autofree char *anchor = NULL;
  g_autofree char *tag = NULL;
  yaml_mark_t mark = event->start_mark;
  KsValue *v = NULL;

  *nodes = 1;
  switch (event->type)
    {
    case YAML_ALIAS_EVENT:
      {
        Anchor *a = g_hash_table_lookup (r->anchors, event->data.alias.anchor);
        if (a == NULL)
          v = fail_at (r, mark, "unknown alias *%s (an alias follows its anchor, outside it)",
                       (const char *) event->data.alias.anchor);
        else if (count (r, mark, a->nodes))
          {
            *nodes = a->nodes;
            v = ks_value_ref (a->value);
          }
        yaml_event_delete (event);
        return v;
      }

    case YAML_SCALAR_EVENT:
      anchor = g_strdup ((const char *) event->data.scalar.anchor);
      if (count (r, mark, 1))
        v = read_scalar (r, event);
      yaml_event_delete (event);
      break;

    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      {
        gboolean seq = event->type == YAML_SEQUENCE_START_EVENT;

        anchor = g_strdup ((const char *) (seq ? event->data.sequence_start.anchor
                                               : event->data.mapping_start.anchor));
        tag = g_strdup ((const char *) (seq ? event->data.sequence_start.tag
                                            : event->data.mapping_start.tag));
        if (r->depth >= MAX_DEPTH)
          {
            yaml_event_delete (event);
            return fail_at (r, mark, "nested deeper than %u levels", MAX_DEPTH);
          }
        if (!count (r, mark, 1))
          {
            yaml_event_delete (event);
            return NULL;
          }
        r->depth++;
        v = seq ? read_sequence (r, event, nodes) : read_mapping (r, event, nodes);
        r->depth--;
        yaml_event_delete (event);
        if (v && tag && !g_str_equal (tag, "!"))
          {
            if (g_str_has_prefix (tag, YAML_TAG))
              {
                const char *name = tag + strlen (YAML_TAG);
                /* !!omap and !!pairs are sequences of one-entry mappings,
                 * !!set a mapping of nulls: the tree keeps their shape */
                gboolean fits = seq ? g_strv_contains ((const char * const[]) { "seq", "omap", "pairs", NULL }, name)
                                    : g_strv_contains ((const char * const[]) { "map", "set", NULL }, name);
                if (!fits)
                  {
                    ks_value_unref (v);
                    return fail_at (r, mark, "the tag !!%s does not apply to a %s", name,
                                    seq ? "sequence" : "mapping");
                  }
              }
            else
              v = apply_cfn_tag (r, mark, tag, v);
          }
        break;
      }

    default:
      v = fail_at (r, mark, "unexpected YAML event");
      yaml_event_delete (event);
      return NULL;
    }

  if (v && anchor)
    {
      Anchor *a = g_new (Anchor, 1);
      a->value = ks_value_ref (v);
      a->nodes = *nodes;
      g_hash_table_replace (r->anchors, g_steal_pointer (&anchor), a);
    }
  return v;
}

KsValue *
ks_yaml_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  Reader r = { 0, };
  yaml_event_t event;
  g_autoptr(KsValue) root = NULL;
  g_autoptr(GError) local = NULL;
  guint64 nodes = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!yaml_parser_initialize (&r.parser))
    {
      g_set_error_literal (error, KS_ERROR, KS_ERROR_LIMIT, "not enough memory to read the YAML text");
      return NULL;
    }
  r.data = data;
  r.length = length;
  r.error = &local;
  r.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, anchor_free);
  yaml_parser_set_input_string (&r.parser, (const unsigned char *) data, length);
  yaml_parser_set_encoding (&r.parser, YAML_UTF8_ENCODING);

  /* stream start, document start, the root node, document end */
  if (!next_event (&r, &event))
    goto out;
  yaml_event_delete (&event);
  if (!next_event (&r, &event))
    goto out;
  if (event.type == YAML_STREAM_END_EVENT)
    {
      fail_at (&r, event.start_mark, "the YAML text holds no document");
      yaml_event_delete (&event);
      goto out;
    }
  yaml_event_delete (&event);
  if (!next_event (&r, &event))
    goto out;
  root = read_node (&r, &event, &nodes);
  if (root == NULL)
    goto out;
  if (!next_event (&r, &event))
    goto out;
  yaml_event_delete (&event);
  if (!next_event (&r, &event))
    goto out;
  if (event.type != YAML_STREAM_END_EVENT)
    fail_at (&r, event.start_mark, "a second YAML document; a file holds one");
  yaml_event_delete (&event);

out:
  yaml_parser_delete (&r.parser);
  g_hash_table_unref (r.anchors);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&root);
}
