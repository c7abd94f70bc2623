/* ks-json-writer.c: stable, pretty JSON output
 *
 * json-glib's generator formats doubles with more digits than needed on
 * some versions; design files are diffed in git, so write them ourselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ks-json-writer.h"
#include "ks-value.h"

static void
write_string (GString *out, const char *s)
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
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
indent (GString *out, guint level)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

typedef struct
{
  KsJsonMemberWriter hook;
  gpointer           data;
} Hooks;

static void write_node (GString *out, JsonNode *node, guint level, gboolean pretty, const Hooks *hooks);

static gboolean
short_scalar_object (JsonObject *obj, GList *members)
{
  gsize total = 0;
  guint n = 0;

  for (GList *l = members; l; l = l->next, n++)
    {
      JsonNode *v = json_object_get_member (obj, l->data);
      if (!JSON_NODE_HOLDS_VALUE (v) && !JSON_NODE_HOLDS_NULL (v))
        return FALSE;
      total += strlen (l->data) + 6;
      if (JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
        total += strlen (json_node_get_string (v));
      else
        total += 6;
    }
  return n <= 3 && total <= 60;
}

/* Sample items: one line each, so that a diff shows the item that changed. */
static void
write_items (GString *out, JsonArray *arr, guint level, const Hooks *hooks)
{
  guint n = json_array_get_length (arr);

  if (n == 0)
    {
      g_string_append (out, "[]");
      return;
    }
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      indent (out, level + 1);
      write_node (out, json_array_get_element (arr, i), level + 1, FALSE, hooks);
    }
  indent (out, level);
  g_string_append_c (out, ']');
}

static void
write_node (GString *out, JsonNode *node, guint level, gboolean pretty, const Hooks *hooks)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      {
        GType t = json_node_get_value_type (node);
        if (t == G_TYPE_STRING)
          write_string (out, json_node_get_string (node));
        else if (t == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (t == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            ks_format_double (buf, sizeof buf, json_node_get_double (node));
            g_string_append (out, buf);
            if (strpbrk (buf, ".eEn") == NULL)
              g_string_append (out, ".0");
          }
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *arr = json_node_get_array (node);
        guint n = json_array_get_length (arr);
        gboolean flat = !pretty;

        if (n == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        /* short arrays of scalars stay on one line */
        if (!flat)
          {
            flat = n <= 8;
            for (guint i = 0; i < n && flat; i++)
              {
                JsonNode *e = json_array_get_element (arr, i);
                if (!JSON_NODE_HOLDS_VALUE (e) && !JSON_NODE_HOLDS_NULL (e))
                  flat = FALSE;
                else if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING &&
                         strlen (json_node_get_string (e)) > 24)
                  flat = FALSE;
              }
          }
        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append (out, flat ? ", " : ",");
            if (!flat)
              indent (out, level + 1);
            write_node (out, json_array_get_element (arr, i), level + 1, pretty && !flat, hooks);
          }
        if (!flat)
          indent (out, level);
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        GList *members = json_object_get_members (obj);

        if (members == NULL)
          {
            g_string_append (out, "{}");
            break;
          }
        /* small objects of scalars ({"name": "PK", "type": "S"}) stay on
         * one line */
        if (pretty && short_scalar_object (obj, members))
          pretty = FALSE;
        g_string_append_c (out, '{');
        for (GList *l = members; l; l = l->next)
          {
            if (l != members)
              g_string_append (out, pretty ? "," : ", ");
            if (pretty)
              indent (out, level + 1);
            write_string (out, l->data);
            g_string_append (out, ": ");
            if (hooks && hooks->hook &&
                hooks->hook (out, obj, l->data, level + 1, hooks->data))
              ;
            else if (pretty && g_str_equal (l->data, "items") &&
                JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, l->data)))
              write_items (out, json_node_get_array (json_object_get_member (obj, l->data)), level + 1, hooks);
            else
              write_node (out, json_object_get_member (obj, l->data), level + 1, pretty, hooks);
          }
        g_list_free (members);
        if (pretty)
          indent (out, level);
        g_string_append_c (out, '}');
      }
      break;
    }
}

char *
ks_json_to_string_full (JsonNode           *node,
                        gboolean            pretty,
                        KsJsonMemberWriter  hook,
                        gpointer            data)
{
  GString *out = g_string_new (NULL);
  Hooks hooks = { hook, data };

  write_node (out, node, 0, pretty, &hooks);
  if (pretty)
    g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

char *
ks_json_to_string (JsonNode *node,
                   gboolean  pretty)
{
  return ks_json_to_string_full (node, pretty, NULL, NULL);
}
