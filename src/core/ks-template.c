/* ks-template.c: key templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-template"

#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-template.h"

struct _KsTemplate
{
  gint       ref_count;
  char      *source;
  char      *prefix;
  GArray    *segments;   /* KsSegment */
};

static void
segment_clear (gpointer data)
{
  KsSegment *seg = data;
  /* attribute names are interned, so lookups compare pointers */
  if (!seg->is_attr)
    g_free (seg->text);
  g_free (seg->filters);
}

static gboolean
fail (GError **error, guint *error_pos, guint pos, const char *fmt, ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (GError **error, guint *error_pos, guint pos, const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  if (error_pos)
    *error_pos = pos;
  g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "position %u: %s", pos + 1, msg);
  return FALSE;
}

static gboolean
is_name_char (char c)
{
  /* anything but the template's own punctuation and spaces */
  return c != '\0' && c != '}' && c != '{' && c != '$' && c != '|' && c != ' ' && c != '\\';
}

static gboolean
parse_filters (const char *text, guint start, guint end, KsSegment *seg,
               GError **error, guint *error_pos)
{
  /* text[start..end) holds "f|f:arg" */
  g_auto(GStrv) parts = NULL;
  g_autofree char *spec = g_strndup (text + start, end - start);
  guint pos = start;

  if (start == end)
    return fail (error, error_pos, pos, "empty filter after '|'");
  parts = g_strsplit (spec, "|", -1);
  seg->n_filters = g_strv_length (parts);
  seg->filters = g_new0 (KsFilter, seg->n_filters);
  for (guint i = 0; parts[i]; i++)
    {
      const char *f = parts[i];
      if (strcmp (f, "upper") == 0)
        seg->filters[i].kind = KS_FILTER_UPPER;
      else if (strcmp (f, "lower") == 0)
        seg->filters[i].kind = KS_FILTER_LOWER;
      else if (g_str_has_prefix (f, "pad:") || strcmp (f, "pad") == 0)
        {
          char *endp = NULL;
          guint64 n = f[3] ? g_ascii_strtoull (f + 4, &endp, 10) : 0;
          if (f[3] == '\0' || f[4] == '\0' || *endp != '\0' || n == 0 || n > 64)
            return fail (error, error_pos, pos, "pad takes a width from 1 to 64, as in pad:6");
          seg->filters[i].kind = KS_FILTER_PAD;
          seg->filters[i].arg = n;
        }
      else if (*f == '\0')
        return fail (error, error_pos, pos, "empty filter after '|'");
      else
        return fail (error, error_pos, pos, "unknown filter \"%s\" (known: pad:N, upper, lower)", f);
      pos += strlen (f) + 1;
    }
  return TRUE;
}

KsTemplate *
ks_template_parse (const char       *text,
                   KsTemplateFlags   flags,
                   guint            *error_pos,
                   GError          **error)
{
  g_autoptr(GArray) segments = NULL;
  g_autoptr(GString) lit = NULL;
  guint lit_start = 0;
  guint i = 0;
  KsTemplate *tmpl;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      fail (error, error_pos, 0, "not valid UTF-8");
      return NULL;
    }

  segments = g_array_new (FALSE, TRUE, sizeof (KsSegment));
  g_array_set_clear_func (segments, segment_clear);
  lit = g_string_new (NULL);

#define FLUSH_LITERAL(at) G_STMT_START { \
    if (lit->len > 0) { \
      KsSegment s = { FALSE, g_strdup (lit->str), lit_start, (at) - lit_start, NULL, 0 }; \
      g_array_append_val (segments, s); \
      g_string_truncate (lit, 0); \
    } \
  } G_STMT_END

  while (text[i] != '\0')
    {
      char c = text[i];

      if (c == '\\')
        {
          char n = text[i + 1];
          if (n == '$' || n == '{' || n == '}' || n == '\\')
            {
              if (lit->len == 0)
                lit_start = i;
              g_string_append_c (lit, n);
              i += 2;
              continue;
            }
          fail (error, error_pos, i, "'\\' escapes only '$', '{', '}' and '\\'");
          return NULL;
        }
      if ((c == '$' && text[i + 1] == '{') ||
          (c == '{' && (flags & KS_TEMPLATE_LENIENT)))
        {
          guint open = i;
          guint name_start = (c == '$') ? i + 2 : i + 1;
          guint j = name_start;
          guint name_end, close;
          KsSegment seg = { TRUE, NULL, open, 0, NULL, 0 };

          while (is_name_char (text[j]))
            j++;
          name_end = j;
          if (text[j] == '|')
            {
              while (text[j] != '\0' && text[j] != '}' && text[j] != '{' && text[j] != '$')
                j++;
            }
          if (text[j] != '}')
            {
              if (text[j] == '\0')
                fail (error, error_pos, open, "unbalanced braces: '%s' is never closed",
                      c == '$' ? "${" : "{");
              else
                fail (error, error_pos, j, "unexpected '%c' inside a placeholder", text[j]);
              return NULL;
            }
          close = j;
          if (name_end == name_start)
            {
              fail (error, error_pos, open, "empty placeholder: write ${attributeName}");
              return NULL;
            }
          FLUSH_LITERAL (open);
          {
            g_autofree char *name = g_strndup (text + name_start, name_end - name_start);
            seg.text = (char *) g_intern_string (name);
          }
          seg.length = close + 1 - open;
          if (name_end < close &&
              !parse_filters (text, name_end + 1, close, &seg, error, error_pos))
            {
              segment_clear (&seg);
              return NULL;
            }
          g_array_append_val (segments, seg);
          i = close + 1;
          continue;
        }
      if (c == '$')
        {
          fail (error, error_pos, i, "a '$' must start a placeholder ${name}; write \\$ for a literal '$'");
          return NULL;
        }
      if (c == '{')
        {
          fail (error, error_pos, i, "unbalanced braces: '{' without '$'; write \\{ for a literal '{'");
          return NULL;
        }
      if (c == '}')
        {
          fail (error, error_pos, i, "unbalanced braces: '}' closes nothing; write \\} for a literal '}'");
          return NULL;
        }
      if (lit->len == 0)
        lit_start = i;
      g_string_append_c (lit, c);
      i++;
    }
  FLUSH_LITERAL (i);
#undef FLUSH_LITERAL

  for (guint k = 0; k < segments->len; k++)
    g_array_index (segments, KsSegment, k).text_len = strlen (g_array_index (segments, KsSegment, k).text);

  tmpl = g_new0 (KsTemplate, 1);
  tmpl->ref_count = 1;
  tmpl->source = g_strdup (text);
  tmpl->segments = g_steal_pointer (&segments);
  if (tmpl->segments->len > 0 && !g_array_index (tmpl->segments, KsSegment, 0).is_attr)
    tmpl->prefix = g_strdup (g_array_index (tmpl->segments, KsSegment, 0).text);
  else
    tmpl->prefix = g_strdup ("");
  return tmpl;
}

KsTemplate *
ks_template_ref (KsTemplate *tmpl)
{
  g_return_val_if_fail (tmpl != NULL, NULL);
  tmpl->ref_count++;
  return tmpl;
}

void
ks_template_unref (KsTemplate *tmpl)
{
  if (tmpl == NULL || --tmpl->ref_count > 0)
    return;
  g_array_unref (tmpl->segments);
  g_free (tmpl->source);
  g_free (tmpl->prefix);
  g_free (tmpl);
}

const char *
ks_template_get_source (KsTemplate *tmpl)
{
  return tmpl->source;
}

const char *
ks_template_get_prefix (KsTemplate *tmpl)
{
  return tmpl->prefix;
}

static void
append_escaped (GString *out, const char *s)
{
  for (; *s; s++)
    {
      if (*s == '$' || *s == '{' || *s == '}' || *s == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *s);
    }
}

char *
ks_template_to_string (KsTemplate *tmpl)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tmpl->segments->len; i++)
    {
      const KsSegment *seg = &g_array_index (tmpl->segments, KsSegment, i);
      if (!seg->is_attr)
        {
          append_escaped (out, seg->text);
          continue;
        }
      g_string_append (out, "${");
      g_string_append (out, seg->text);
      for (guint f = 0; f < seg->n_filters; f++)
        {
          switch (seg->filters[f].kind)
            {
            case KS_FILTER_PAD:
              g_string_append_printf (out, "|pad:%u", seg->filters[f].arg);
              break;
            case KS_FILTER_UPPER:
              g_string_append (out, "|upper");
              break;
            case KS_FILTER_LOWER:
              g_string_append (out, "|lower");
              break;
            }
        }
      g_string_append_c (out, '}');
    }
  return g_string_free (out, FALSE);
}

guint
ks_template_get_n_segments (KsTemplate *tmpl)
{
  return tmpl->segments->len;
}

const KsSegment *
ks_template_get_segment (KsTemplate *tmpl,
                         guint       index)
{
  g_return_val_if_fail (index < tmpl->segments->len, NULL);
  return &g_array_index (tmpl->segments, KsSegment, index);
}

const char *
ks_template_get_single_attribute (KsTemplate *tmpl)
{
  const KsSegment *seg;

  if (tmpl->segments->len != 1)
    return NULL;
  seg = &g_array_index (tmpl->segments, KsSegment, 0);
  if (!seg->is_attr || seg->n_filters > 0)
    return NULL;
  return seg->text;
}

gboolean
ks_template_is_literal (KsTemplate *tmpl)
{
  for (guint i = 0; i < tmpl->segments->len; i++)
    if (g_array_index (tmpl->segments, KsSegment, i).is_attr)
      return FALSE;
  return TRUE;
}

GPtrArray *
ks_template_get_attributes (KsTemplate *tmpl)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < tmpl->segments->len; i++)
    {
      const KsSegment *seg = &g_array_index (tmpl->segments, KsSegment, i);
      const char *iname;
      if (!seg->is_attr)
        continue;
      iname = g_intern_string (seg->text);
      if (!g_ptr_array_find (names, iname, NULL))
        g_ptr_array_add (names, (gpointer) iname);
    }
  return names;
}

/* Appends a number zero-padded to @width digits of integer part. */
static void
append_padded_number (GString *out, const char *num, guint width)
{
  gboolean neg = num[0] == '-';
  const char *digits = neg ? num + 1 : num;
  const char *dot = strchr (digits, '.');
  gsize int_len = dot ? (gsize) (dot - digits) : strlen (digits);

  if (neg)
    g_string_append_c (out, '-');
  for (gsize k = int_len; k < width; k++)
    g_string_append_c (out, '0');
  g_string_append (out, digits);
}

static gboolean
append_value (GString        *out,
              const KsSegment *seg,
              const KsValue   *value,
              GError         **error)
{
  gsize start = out->len;
  KsType t = ks_value_get_type (value);
  gboolean padded = FALSE;

  for (guint f = 0; f < seg->n_filters; f++)
    if (seg->filters[f].kind == KS_FILTER_PAD)
      {
        if (t != KS_TYPE_N)
          {
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                         "pad:%u needs a number, but ${%s} is of type %s",
                         seg->filters[f].arg, seg->text, ks_type_to_string (t));
            return FALSE;
          }
        if (!padded)
          append_padded_number (out, ks_value_get_number (value), seg->filters[f].arg);
        padded = TRUE;
      }

  if (!padded)
    {
      switch (t)
        {
        case KS_TYPE_S:
        case KS_TYPE_N:
          {
            gsize len;
            const char *s = ks_value_get_string (value, &len);
            g_string_append_len (out, s, len);
          }
          break;
        case KS_TYPE_B:
          {
            gsize len;
            const guint8 *b = ks_value_get_binary (value, &len);
            g_autofree char *b64 = g_base64_encode (b, len);
            g_string_append (out, b64);
          }
          break;
        case KS_TYPE_BOOL:
          g_string_append (out, ks_value_get_bool (value) ? "true" : "false");
          break;
        default:
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "${%s} is of type %s, which cannot be part of a key",
                       seg->text, ks_type_to_string (t));
          return FALSE;
        }
    }

  for (guint f = 0; f < seg->n_filters; f++)
    {
      if (seg->filters[f].kind == KS_FILTER_UPPER || seg->filters[f].kind == KS_FILTER_LOWER)
        {
          gboolean ascii = TRUE;
          for (gsize k = start; k < out->len && ascii; k++)
            ascii = (guchar) out->str[k] < 0x80;
          if (ascii)
            {
              /* the common case, in place */
              for (gsize k = start; k < out->len; k++)
                out->str[k] = seg->filters[f].kind == KS_FILTER_UPPER ? g_ascii_toupper (out->str[k])
                                                                      : g_ascii_tolower (out->str[k]);
              continue;
            }
        }
      if (seg->filters[f].kind == KS_FILTER_UPPER || seg->filters[f].kind == KS_FILTER_LOWER)
        {
          g_autofree char *part = g_strndup (out->str + start, out->len - start);
          g_autofree char *conv = seg->filters[f].kind == KS_FILTER_UPPER
                                  ? g_utf8_strup (part, -1) : g_utf8_strdown (part, -1);
          g_string_truncate (out, start);
          g_string_append (out, conv);
        }
    }
  return TRUE;
}

static KsValue *
lookup_in_map (const char *name, gpointer data)
{
  /* segment names are interned */
  return ks_value_lookup_interned (data, name);
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

/* One buffer per thread, reused by every render. */
static GString *
render_buffer (void)
{
  static GPrivate key = G_PRIVATE_INIT (string_free);
  GString *buf = g_private_get (&key);

  if (buf == NULL)
    {
      buf = g_string_sized_new (128);
      g_private_set (&key, buf);
    }
  g_string_truncate (buf, 0);
  return buf;
}

/* A rendering that is the S value @v itself: one span over all of it */
static void
whole_value_span (GArray        *spans,
                  const KsValue *v)
{
  KsSpan sp = { 0, 0, 0 };
  gsize len;

  if (spans == NULL)
    return;
  ks_value_get_string (v, &len);
  sp.end = len;
  g_array_append_val (spans, sp);
}

KsRenderResult
ks_template_render (KsTemplate     *tmpl,
                    const KsValue  *item,
                    KsType          key_type,
                    KsValue       **out,
                    const char    **missing,
                    GArray         *spans,
                    GError        **error)
{
  return ks_template_render_with (tmpl, lookup_in_map, (gpointer) item, key_type,
                                  out, missing, spans, error);
}

KsRenderResult
ks_template_render_with (KsTemplate     *tmpl,
                         KsLookupFunc    lookup,
                         gpointer        data,
                         KsType          key_type,
                         KsValue       **out,
                         const char    **missing,
                         GArray         *spans,
                         GError        **error)
{
  *out = NULL;

  if (key_type == KS_TYPE_N || key_type == KS_TYPE_B)
    {
      /* a number or binary key is exactly one placeholder of its own type */
      const char *attr = ks_template_get_single_attribute (tmpl);
      KsValue *v;

      if (attr == NULL)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "An %s key takes one %s placeholder such as ${attribute}, not \"%s\"",
                       ks_type_to_string (key_type),
                       key_type == KS_TYPE_N ? "number" : "binary", tmpl->source);
          return KS_RENDER_ERROR;
        }
      v = lookup (attr, data);
      if (v == NULL)
        {
          if (missing)
            *missing = g_intern_string (attr);
          return KS_RENDER_MISSING;
        }
      if (ks_value_get_type (v) != key_type)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "${%s} is of type %s, but the key is of type %s",
                       attr, ks_type_to_string (ks_value_get_type (v)),
                       ks_type_to_string (key_type));
          return KS_RENDER_ERROR;
        }
      whole_value_span (spans, v);
      *out = ks_value_ref (v);
      return KS_RENDER_OK;
    }

  if (tmpl->segments->len == 1)
    {
      /* ${attr} of an S value is that value: share it */
      const KsSegment *seg = &g_array_index (tmpl->segments, KsSegment, 0);
      KsValue *v;

      if (seg->is_attr && seg->n_filters == 0 && key_type == KS_TYPE_S
          && (v = lookup (seg->text, data)) != NULL && ks_value_get_type (v) == KS_TYPE_S)
        {
          whole_value_span (spans, v);
          *out = ks_value_ref (v);
          return KS_RENDER_OK;
        }
    }

  if (spans == NULL)
    {
      /* the engine's case, for every item: literals and plain S or N
       * placeholders into a buffer on the stack */
      char stack[256];
      gsize len = 0;
      gboolean simple = TRUE;

      for (guint i = 0; i < tmpl->segments->len && simple; i++)
        {
          const KsSegment *seg = &g_array_index (tmpl->segments, KsSegment, i);
          const char *text;
          gsize n;

          if (!seg->is_attr)
            text = seg->text, n = seg->text_len;
          else
            {
              KsValue *v;
              KsType t;

              if (seg->n_filters > 0)
                {
                  simple = FALSE;
                  break;
                }
              v = lookup (seg->text, data);
              if (v == NULL)
                {
                  if (missing)
                    *missing = g_intern_string (seg->text);
                  return KS_RENDER_MISSING;
                }
              t = ks_value_get_type (v);
              if (t != KS_TYPE_S && t != KS_TYPE_N)
                {
                  simple = FALSE;
                  break;
                }
              text = ks_value_get_string (v, &n);
            }
          if (len + n > sizeof stack)
            simple = FALSE;
          else
            {
              memcpy (stack + len, text, n);
              len += n;
            }
        }
      if (simple)
        {
          *out = ks_value_new_string (stack, len);
          return KS_RENDER_OK;
        }
    }

  {
    GString *buf = render_buffer ();

    for (guint i = 0; i < tmpl->segments->len; i++)
      {
        const KsSegment *seg = &g_array_index (tmpl->segments, KsSegment, i);
        KsValue *v;
        gsize start = buf->len;

        if (!seg->is_attr)
          {
            g_string_append (buf, seg->text);
            continue;
          }
        v = lookup (seg->text, data);
        if (v == NULL)
          {
            if (missing)
              *missing = g_intern_string (seg->text);
            return KS_RENDER_MISSING;
          }
        if (!append_value (buf, seg, v, error))
          return KS_RENDER_ERROR;
        if (spans)
          {
            KsSpan sp = { start, buf->len, i };
            g_array_append_val (spans, sp);
          }
      }
    *out = ks_value_new_string (buf->str, buf->len);
  }
  return KS_RENDER_OK;
}
