/* ks-review-html.c: the review document as one self-contained HTML file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-review"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ks-review-private.h"

/* The markup is also well-formed XML (polyglot HTML5): every element
 * closed, only the five XML entities, so it parses with an XML parser too. */

static const char stylesheet[] =
  "body { font-family: Cantarell, system-ui, sans-serif; line-height: 1.45; color: #241f31;"
  " background: #ffffff; max-width: 72rem; margin: 2rem auto; padding: 0 1.5rem; }\n"
  "h1, h2, h3 { line-height: 1.2; }\n"
  "h2 { border-bottom: 1px solid #deddda; padding-bottom: 0.2em; margin-top: 2.2em; }\n"
  "code, pre { font-family: \"Source Code Pro\", ui-monospace, monospace; font-size: 0.9em; }\n"
  "code { background: #f6f5f4; border-radius: 3px; padding: 0 0.2em; }\n"
  "pre { background: #f6f5f4; border-radius: 6px; padding: 0.8em 1em; overflow-x: auto; }\n"
  "pre code { background: none; padding: 0; }\n"
  "table { border-collapse: collapse; margin: 0.8em 0; }\n"
  "th, td { border: 1px solid #deddda; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }\n"
  "th { background: #f6f5f4; }\n"
  "td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }\n"
  "figure { margin: 1em 0 2em; }\n"
  "figure .diagram { overflow: auto; border: 1px solid #deddda; border-radius: 6px; }\n"
  "figure svg { display: block; max-width: 100%; height: auto; }\n"
  "@media (prefers-color-scheme: dark) {\n"
  "  body { color: #ffffff; background: #1e1e1e; }\n"
  "  code, pre, th { background: #303030; }\n"
  "  th, td, h2, figure .diagram { border-color: #454545; }\n"
  "}\n"
  "@media print { figure { break-inside: avoid; } }\n";

static void
append_escaped (GString *out, const char *text)
{
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\r': break;
      default:
        /* XML 1.0 refuses the other C0 controls */
        if ((guchar) *p < 0x20 && *p != '\n' && *p != '\t')
          g_string_append_c (out, ' ');
        else
          g_string_append_c (out, *p);
      }
}

static void
html_begin_document (KsReviewWriter *w, const char *title)
{
  g_string_append (w->out,
                   "<!DOCTYPE html>\n"
                   "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n"
                   "<head>\n"
                   "<meta charset=\"utf-8\"/>\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                   "<meta name=\"generator\" content=\"Keyshape\"/>\n"
                   "<title>");
  append_escaped (w->out, title);
  g_string_append (w->out, "</title>\n<style>\n");
  g_string_append (w->out, stylesheet);
  g_string_append (w->out, "</style>\n</head>\n<body>\n");
}

static void
html_end_document (KsReviewWriter *w)
{
  g_string_append (w->out, "</body>\n</html>\n");
}

static void
html_heading (KsReviewWriter *w, guint level, const char *text, const char *anchor)
{
  level = CLAMP (level, 1, 6);
  g_string_append_printf (w->out, "<h%u", level);
  if (anchor)
    {
      g_string_append (w->out, " id=\"");
      append_escaped (w->out, anchor);
      g_string_append_c (w->out, '"');
    }
  g_string_append_c (w->out, '>');
  append_escaped (w->out, text);
  g_string_append_printf (w->out, "</h%u>\n", level);
}

static void
html_begin_paragraph (KsReviewWriter *w)
{
  g_string_append (w->out, "<p>");
}

static void
html_end_paragraph (KsReviewWriter *w)
{
  g_string_append (w->out, "</p>\n");
}

static void
html_begin_list (KsReviewWriter *w)
{
  g_string_append (w->out, "<ul>\n");
}

static void
html_begin_item (KsReviewWriter *w)
{
  g_string_append (w->out, "<li>");
}

static void
html_end_item (KsReviewWriter *w)
{
  g_string_append (w->out, "</li>\n");
}

static void
html_end_list (KsReviewWriter *w)
{
  g_string_append (w->out, "</ul>\n");
}

static void
html_begin_table (KsReviewWriter *w, guint n_columns, const char * const *headers, guint numeric)
{
  w->in_table = TRUE;
  w->n_columns = n_columns;
  w->numeric = numeric;
  g_string_append (w->out, "<table>\n<thead><tr>");
  for (guint i = 0; i < n_columns; i++)
    {
      g_string_append (w->out, numeric & (1u << i) ? "<th class=\"num\">" : "<th>");
      append_escaped (w->out, headers[i]);
      g_string_append (w->out, "</th>");
    }
  g_string_append (w->out, "</tr></thead>\n<tbody>\n");
}

static void
html_begin_row (KsReviewWriter *w)
{
  w->column = 0;
  g_string_append (w->out, "<tr>");
}

static void
html_begin_cell (KsReviewWriter *w)
{
  g_string_append (w->out, w->numeric & (1u << w->column) ? "<td class=\"num\">" : "<td>");
}

static void
html_end_cell (KsReviewWriter *w)
{
  w->column++;
  g_string_append (w->out, "</td>");
}

static void
html_end_row (KsReviewWriter *w)
{
  g_string_append (w->out, "</tr>\n");
}

static void
html_end_table (KsReviewWriter *w)
{
  w->in_table = FALSE;
  g_string_append (w->out, "</tbody>\n</table>\n");
}

static void
html_code_block (KsReviewWriter *w, const char *language, const char *text)
{
  g_string_append (w->out, "<pre><code");
  if (language)
    g_string_append_printf (w->out, " class=\"language-%s\"", language);
  g_string_append_c (w->out, '>');
  append_escaped (w->out, text);
  g_string_append (w->out, "</code></pre>\n");
}

static void
html_text (KsReviewWriter *w, const char *text)
{
  append_escaped (w->out, text);
}

static void
html_code (KsReviewWriter *w, const char *text)
{
  g_string_append (w->out, "<code>");
  append_escaped (w->out, text);
  g_string_append (w->out, "</code>");
}

static void
html_strong (KsReviewWriter *w, const char *text)
{
  g_string_append (w->out, "<strong>");
  append_escaped (w->out, text);
  g_string_append (w->out, "</strong>");
}

static void
html_emphasis (KsReviewWriter *w, const char *text)
{
  g_string_append (w->out, "<em>");
  append_escaped (w->out, text);
  g_string_append (w->out, "</em>");
}

static gboolean
html_diagram (KsReviewWriter *w, const char *title, const char *name, GBytes *svg, GError **error)
{
  g_autofree char *prefix = g_strdup_printf ("d%u-", ++w->n_diagrams);
  g_autofree char *inline_svg = _ks_review_svg_for_inline (svg, prefix);

  g_string_append (w->out, "<figure>\n<figcaption>");
  append_escaped (w->out, title);
  g_string_append (w->out, "</figcaption>\n<div class=\"diagram\">\n");
  g_string_append (w->out, inline_svg);
  if (w->out->str[w->out->len - 1] != '\n')
    g_string_append_c (w->out, '\n');
  g_string_append (w->out, "</div>\n</figure>\n");
  return TRUE;
}

static gboolean
starts_with (const char *p, const char *end, const char *what)
{
  gsize n = strlen (what);
  return (gsize) (end - p) >= n && memcmp (p, what, n) == 0;
}

/* Ids and references occur inside tags only: text between tags (the
 * searchable text layer holds the user's key values) is copied as it is. */
char *
_ks_review_svg_for_inline (GBytes *svg, const char *prefix)
{
  gsize len;
  const char *data = g_bytes_get_data (svg, &len);
  const char *p = data, *end = data + len;
  GString *out = g_string_sized_new (len + len / 16);
  gboolean in_tag = FALSE;
  char quote = 0;

  /* leave out the XML declaration: the root element starts the text */
  {
    const char *root = g_strstr_len (data, len, "<svg");
    if (root)
      p = root;
  }
  while (p < end)
    {
      char c = *p;

      if (!in_tag)
        in_tag = c == '<';
      else if (quote)
        {
          if (c == quote)
            quote = 0;
          else if (starts_with (p, end, "url(#"))
            {
              g_string_append (out, "url(#");
              g_string_append (out, prefix);
              p += strlen ("url(#");
              continue;
            }
        }
      else if (c == '>')
        in_tag = FALSE;
      else if (c == '"' || c == '\'')
        quote = c;
      else if (g_ascii_isspace (p[-1]) && starts_with (p, end, "id=\""))
        {
          g_string_append (out, "id=\"");
          g_string_append (out, prefix);
          p += strlen ("id=\"");
          quote = '"';
          continue;
        }
      else if ((g_ascii_isspace (p[-1]) || p[-1] == ':') && starts_with (p, end, "href=\"#"))
        {
          g_string_append (out, "href=\"#");
          g_string_append (out, prefix);
          p += strlen ("href=\"#");
          quote = '"';
          continue;
        }
      g_string_append_c (out, c);
      p++;
    }
  return g_string_free (out, FALSE);
}

const KsReviewWriterClass ks_review_html_class = {
  .begin_document = html_begin_document,
  .end_document = html_end_document,
  .heading = html_heading,
  .begin_paragraph = html_begin_paragraph,
  .end_paragraph = html_end_paragraph,
  .begin_list = html_begin_list,
  .begin_item = html_begin_item,
  .end_item = html_end_item,
  .end_list = html_end_list,
  .begin_table = html_begin_table,
  .begin_row = html_begin_row,
  .begin_cell = html_begin_cell,
  .end_cell = html_end_cell,
  .end_row = html_end_row,
  .end_table = html_end_table,
  .code_block = html_code_block,
  .text = html_text,
  .code = html_code,
  .strong = html_strong,
  .emphasis = html_emphasis,
  .diagram = html_diagram,
};
