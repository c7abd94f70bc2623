/* ks-json-reader.c: JSON text to a KsValue tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Design files hold hundreds of thousands of small objects. A JsonNode tree
 * costs a hash table per object; this reader builds compact KsValue maps
 * instead (members in file order) and keeps every number's exact decimal
 * text, so a 38-digit number written as a JSON number loses no digit.
 */
#define G_LOG_DOMAIN "keyshape-json"

#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-json-reader.h"

#define MAX_DEPTH 256

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  GError    **error;
  guint       depth;
} Parser;

static gboolean
fail (Parser *ps, const char *at, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Parser *ps, const char *at, const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;
  guint line = 1, col = 1;

  if (ps->error == NULL || *ps->error != NULL)
    return FALSE;
  for (const char *c = ps->start; c < at && c < ps->end; c++)
    {
      if (*c == '\n')
        {
          line++;
          col = 1;
        }
      else if (((guchar) *c & 0xc0) != 0x80)
        col++;
    }
  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error (ps->error, KS_ERROR, KS_ERROR_PARSE, "line %u, column %u: %s", line, col, msg);
  return FALSE;
}

static void
skip_ws (Parser *ps)
{
  while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
    ps->p++;
}

static int
hex4 (const char *p)
{
  int v = 0;
  for (int i = 0; i < 4; i++)
    {
      char c = p[i];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= c - '0';
      else if (c >= 'a' && c <= 'f')
        v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        v |= c - 'A' + 10;
      else
        return -1;
    }
  return v;
}

/* Parses a string at ps->p (the opening quote) into @out. */
static gboolean
parse_string (Parser *ps, GString *out)
{
  const char *open = ps->p;

  g_string_truncate (out, 0);
  ps->p++;
  while (ps->p < ps->end)
    {
      const char *run = ps->p;
      while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (guchar) *ps->p >= 0x20)
        ps->p++;
      g_string_append_len (out, run, ps->p - run);
      if (ps->p >= ps->end)
        break;
      if (*ps->p == '"')
        {
          ps->p++;
          return TRUE;
        }
      if ((guchar) *ps->p < 0x20)
        return fail (ps, ps->p, "a control character inside a string must be escaped");
      /* escape */
      if (ps->p + 1 >= ps->end)
        break;
      switch (ps->p[1])
        {
        case '"': g_string_append_c (out, '"'); ps->p += 2; break;
        case '\\': g_string_append_c (out, '\\'); ps->p += 2; break;
        case '/': g_string_append_c (out, '/'); ps->p += 2; break;
        case 'b': g_string_append_c (out, '\b'); ps->p += 2; break;
        case 'f': g_string_append_c (out, '\f'); ps->p += 2; break;
        case 'n': g_string_append_c (out, '\n'); ps->p += 2; break;
        case 'r': g_string_append_c (out, '\r'); ps->p += 2; break;
        case 't': g_string_append_c (out, '\t'); ps->p += 2; break;
        case 'u':
          {
            int cp;
            if (ps->end - ps->p < 6 || (cp = hex4 (ps->p + 2)) < 0)
              return fail (ps, ps->p, "\\u needs four hexadecimal digits");
            ps->p += 6;
            if (cp >= 0xd800 && cp <= 0xdbff)
              {
                int lo;
                if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
                    (lo = hex4 (ps->p + 2)) < 0xdc00 || lo > 0xdfff)
                  return fail (ps, ps->p, "a UTF-16 high surrogate without its low surrogate");
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                ps->p += 6;
              }
            else if (cp >= 0xdc00 && cp <= 0xdfff)
              return fail (ps, ps->p - 6, "a lone UTF-16 low surrogate");
            g_string_append_unichar (out, cp);
          }
          break;
        default:
          return fail (ps, ps->p, "unknown escape \\%c", ps->p[1]);
        }
    }
  return fail (ps, open, "a string is never closed");
}

static KsValue *parse_value (Parser *ps, GString *buf);

static KsValue *
parse_number (Parser *ps)
{
  const char *s = ps->p;
  g_autofree char *text = NULL;
  GError *local = NULL;
  KsValue *v;

  if (ps->p < ps->end && *ps->p == '-')
    ps->p++;
  if (ps->p >= ps->end || !g_ascii_isdigit (*ps->p))
    {
      fail (ps, s, "not a JSON value");
      return NULL;
    }
  if (*ps->p == '0' && ps->p + 1 < ps->end && g_ascii_isdigit (ps->p[1]))
    {
      fail (ps, s, "a number may not start with 0");
      return NULL;
    }
  while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
    ps->p++;
  if (ps->p < ps->end && *ps->p == '.')
    {
      ps->p++;
      if (ps->p >= ps->end || !g_ascii_isdigit (*ps->p))
        {
          fail (ps, ps->p, "a digit must follow the decimal point");
          return NULL;
        }
      while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
        ps->p++;
    }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E'))
    {
      ps->p++;
      if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
        ps->p++;
      if (ps->p >= ps->end || !g_ascii_isdigit (*ps->p))
        {
          fail (ps, ps->p, "a digit must follow the exponent");
          return NULL;
        }
      while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
        ps->p++;
    }
  text = g_strndup (s, ps->p - s);
  v = ks_value_new_number (text, &local);
  if (v == NULL)
    {
      fail (ps, s, "%s", local->message);
      g_error_free (local);
    }
  return v;
}

static gboolean
has_name (GArray *entries, const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_array_index (entries, KsMapEntry, i).name == name)
      return TRUE;
  return FALSE;
}

static KsValue *
parse_object (Parser *ps, GString *buf)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (KsMapEntry));
  g_autoptr(GHashTable) seen = NULL;
  KsValue *v;

  ps->p++;   /* { */
  skip_ws (ps);
  if (ps->p < ps->end && *ps->p == '}')
    {
      ps->p++;
      g_array_free (entries, TRUE);
      return ks_value_new_empty_map ();
    }
  for (;;)
    {
      const char *name_at;
      const char *name;
      KsMapEntry e;

      skip_ws (ps);
      name_at = ps->p;
      if (ps->p >= ps->end || *ps->p != '"')
        {
          fail (ps, ps->p, "expected a member name in double quotes");
          goto error;
        }
      if (!parse_string (ps, buf))
        goto error;
      if (!g_utf8_validate_len (buf->str, buf->len, NULL) || memchr (buf->str, '\0', buf->len))
        {
          fail (ps, name_at, "a member name must be UTF-8 text without NUL");
          goto error;
        }
      name = g_intern_string (buf->str);
      /* small objects are searched; large ones get a set */
      if (seen == NULL && entries->len >= 16)
        {
          seen = g_hash_table_new (NULL, NULL);
          for (guint i = 0; i < entries->len; i++)
            g_hash_table_add (seen, (gpointer) g_array_index (entries, KsMapEntry, i).name);
        }
      if (seen ? g_hash_table_contains (seen, name) : has_name (entries, name))
        {
          fail (ps, name_at, "the member \"%s\" appears twice in one object", name);
          goto error;
        }
      if (seen)
        g_hash_table_add (seen, (gpointer) name);
      skip_ws (ps);
      if (ps->p >= ps->end || *ps->p != ':')
        {
          fail (ps, ps->p, "expected ':' after a member name");
          goto error;
        }
      ps->p++;
      e.name = name;
      e.value = parse_value (ps, buf);
      if (e.value == NULL)
        goto error;
      g_array_append_val (entries, e);
      skip_ws (ps);
      if (ps->p < ps->end && *ps->p == ',')
        {
          ps->p++;
          continue;
        }
      if (ps->p < ps->end && *ps->p == '}')
        {
          ps->p++;
          break;
        }
      fail (ps, ps->p, "expected ',' or '}' in an object");
      goto error;
    }
  {
    guint n = entries->len;
    v = ks_value_new_map_take ((KsMapEntry *) g_array_free (entries, FALSE), n);
  }
  return v;

error:
  for (guint i = 0; i < entries->len; i++)
    ks_value_unref (g_array_index (entries, KsMapEntry, i).value);
  g_array_free (entries, TRUE);
  return NULL;
}

static KsValue *
parse_array (Parser *ps, GString *buf)
{
  GPtrArray *elems = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);

  ps->p++;   /* [ */
  skip_ws (ps);
  if (ps->p < ps->end && *ps->p == ']')
    {
      ps->p++;
      return ks_value_new_list (KS_TYPE_L, elems);
    }
  for (;;)
    {
      KsValue *v = parse_value (ps, buf);
      if (v == NULL)
        {
          g_ptr_array_unref (elems);
          return NULL;
        }
      g_ptr_array_add (elems, v);
      skip_ws (ps);
      if (ps->p < ps->end && *ps->p == ',')
        {
          ps->p++;
          continue;
        }
      if (ps->p < ps->end && *ps->p == ']')
        {
          ps->p++;
          break;
        }
      fail (ps, ps->p, "expected ',' or ']' in an array");
      g_ptr_array_unref (elems);
      return NULL;
    }
  return ks_value_new_list (KS_TYPE_L, elems);
}

static gboolean
literal (Parser *ps, const char *word)
{
  gsize len = strlen (word);
  if ((gsize) (ps->end - ps->p) >= len && memcmp (ps->p, word, len) == 0)
    {
      ps->p += len;
      return TRUE;
    }
  return FALSE;
}

static KsValue *
parse_value (Parser *ps, GString *buf)
{
  KsValue *v = NULL;

  skip_ws (ps);
  if (ps->p >= ps->end)
    {
      fail (ps, ps->p, "the text ends where a value should be");
      return NULL;
    }
  if (++ps->depth > MAX_DEPTH)
    {
      fail (ps, ps->p, "nested deeper than %d levels", MAX_DEPTH);
      return NULL;
    }
  switch (*ps->p)
    {
    case '{':
      v = parse_object (ps, buf);
      break;
    case '[':
      v = parse_array (ps, buf);
      break;
    case '"':
      {
        const char *at = ps->p;
        if (parse_string (ps, buf))
          {
            if (!g_utf8_validate_len (buf->str, buf->len, NULL))
              fail (ps, at, "the string is not valid UTF-8");
            else
              v = ks_value_new_string (buf->str, buf->len);
          }
      }
      break;
    case 't':
      if (literal (ps, "true"))
        v = ks_value_new_bool (TRUE);
      else
        fail (ps, ps->p, "not a JSON value");
      break;
    case 'f':
      if (literal (ps, "false"))
        v = ks_value_new_bool (FALSE);
      else
        fail (ps, ps->p, "not a JSON value");
      break;
    case 'n':
      if (literal (ps, "null"))
        v = ks_value_new_null ();
      else
        fail (ps, ps->p, "not a JSON value");
      break;
    default:
      v = parse_number (ps);
      break;
    }
  ps->depth--;
  return v;
}

KsValue *
ks_json_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  Parser ps = { data, data, data + length, error, 0 };
  g_autoptr(GString) buf = g_string_sized_new (256);
  KsValue *v;

  /* a UTF-8 byte order mark is tolerated */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    ps.p += 3;
  v = parse_value (&ps, buf);
  if (v == NULL)
    return NULL;
  skip_ws (&ps);
  if (ps.p < ps.end)
    {
      fail (&ps, ps.p, "unexpected text after the JSON value");
      ks_value_unref (v);
      return NULL;
    }
  return v;
}

JsonNode *
ks_json_parse_node (const char  *data,
                    gssize       length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  Parser ps;
  gboolean in_string = FALSE;

  g_return_val_if_fail (data != NULL || length <= 0, NULL);
  if (data == NULL)
    data = "";
  if (length < 0)
    length = strlen (data);
  ps = (Parser) { data, data, data + length, error, 0 };

  /* json-glib recurses once per level without a limit: a deep enough
   * document overflows the stack, so count the levels first */
  for (; ps.p < ps.end; ps.p++)
    {
      char c = *ps.p;
      if (in_string)
        {
          if (c == '\\' && ps.p + 1 < ps.end)
            ps.p++;     /* the escaped character */
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++ps.depth > MAX_DEPTH)
            {
              fail (&ps, ps.p, "nested deeper than %d levels", MAX_DEPTH);
              return NULL;
            }
        }
      else if ((c == ']' || c == '}') && ps.depth > 0)
        ps.depth--;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      g_set_error_literal (error, KS_ERROR, KS_ERROR_PARSE, local->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, KS_ERROR, KS_ERROR_PARSE, "the text holds no JSON value");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}
