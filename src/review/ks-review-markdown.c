/* ks-review-markdown.c: the review document as GitHub-flavoured Markdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-review"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ks-review-private.h"

/* Every block ends with a blank line; the document's end trims the last. */
static void
end_block (KsReviewWriter *w)
{
  g_string_append (w->out, "\n\n");
}

/* Plain text: Markdown's punctuation escaped, so names and descriptions
 * never turn into emphasis, links or HTML; in a table cell a newline is a
 * space and '|' is escaped. */
static void
append_escaped (KsReviewWriter *w, const char *text)
{
  gboolean line_start = w->out->len == 0 || w->out->str[w->out->len - 1] == '\n';

  for (const char *p = text; *p; p++)
    {
      char c = *p;

      /* a line indented four spaces would become a code block */
      if (c == '\r' || (line_start && (c == ' ' || c == '\t')))
        continue;
      if (c == '\n')
        {
          if (w->in_cell)
            g_string_append_c (w->out, ' ');
          else
            {
              g_string_append_c (w->out, '\n');
              line_start = TRUE;
            }
          continue;
        }
      if (line_start && g_ascii_isdigit (c))
        {
          /* "12. " or "12) " at a line start would begin a list */
          const char *q = p;
          while (g_ascii_isdigit (*q))
            q++;
          g_string_append_len (w->out, p, q - p);
          if (*q == '.' || *q == ')')
            g_string_append_c (w->out, '\\');
          p = q - 1;
          line_start = FALSE;
          continue;
        }
      if (strchr ("\\`*_[]<>|&", c) != NULL ||
          (line_start && strchr ("#+-=", c) != NULL))
        g_string_append_c (w->out, '\\');
      g_string_append_c (w->out, c);
      line_start = FALSE;
    }
}

static void
md_begin_document (KsReviewWriter *w, const char *title)
{
}

static void
md_end_document (KsReviewWriter *w)
{
  while (w->out->len > 0 && w->out->str[w->out->len - 1] == '\n')
    g_string_truncate (w->out, w->out->len - 1);
  g_string_append_c (w->out, '\n');
}

static void
md_heading (KsReviewWriter *w, guint level, const char *text, const char *anchor)
{
  for (guint i = 0; i < CLAMP (level, 1, 6); i++)
    g_string_append_c (w->out, '#');
  g_string_append_c (w->out, ' ');
  w->in_cell = TRUE;   /* one line */
  append_escaped (w, text);
  w->in_cell = FALSE;
  end_block (w);
}

static void
md_begin_paragraph (KsReviewWriter *w)
{
}

static void
md_end_paragraph (KsReviewWriter *w)
{
  end_block (w);
}

static void
md_begin_list (KsReviewWriter *w)
{
}

static void
md_begin_item (KsReviewWriter *w)
{
  g_string_append (w->out, "- ");
  w->in_cell = TRUE;   /* an item stays on one line */
}

static void
md_end_item (KsReviewWriter *w)
{
  w->in_cell = FALSE;
  g_string_append_c (w->out, '\n');
}

static void
md_end_list (KsReviewWriter *w)
{
  g_string_append_c (w->out, '\n');
}

static void
md_begin_table (KsReviewWriter *w, guint n_columns, const char * const *headers, guint numeric)
{
  w->in_table = TRUE;
  w->n_columns = n_columns;
  w->in_cell = TRUE;
  g_string_append_c (w->out, '|');
  for (guint i = 0; i < n_columns; i++)
    {
      g_string_append_c (w->out, ' ');
      append_escaped (w, headers[i]);
      g_string_append (w->out, " |");
    }
  g_string_append (w->out, "\n|");
  for (guint i = 0; i < n_columns; i++)
    g_string_append (w->out, numeric & (1u << i) ? " ---: |" : " --- |");
  g_string_append_c (w->out, '\n');
  w->in_cell = FALSE;
}

static void
md_begin_row (KsReviewWriter *w)
{
  w->column = 0;
  g_string_append_c (w->out, '|');
}

static void
md_begin_cell (KsReviewWriter *w)
{
  w->in_cell = TRUE;
  g_string_append_c (w->out, ' ');
}

static void
md_end_cell (KsReviewWriter *w)
{
  w->in_cell = FALSE;
  w->column++;
  g_string_append (w->out, " |");
}

static void
md_end_row (KsReviewWriter *w)
{
  g_assert (w->column == w->n_columns);
  g_string_append_c (w->out, '\n');
}

static void
md_end_table (KsReviewWriter *w)
{
  w->in_table = FALSE;
  g_string_append_c (w->out, '\n');
}

static guint
longest_run (const char *text, char c)
{
  guint longest = 0, run = 0;

  for (const char *p = text; *p; p++)
    {
      run = *p == c ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  return longest;
}

static void
md_code_block (KsReviewWriter *w, const char *language, const char *text)
{
  guint fence = MAX (3, longest_run (text, '`') + 1);

  for (guint i = 0; i < fence; i++)
    g_string_append_c (w->out, '`');
  g_string_append (w->out, language ? language : "");
  g_string_append_c (w->out, '\n');
  g_string_append (w->out, text);
  if (text[0] && text[strlen (text) - 1] != '\n')
    g_string_append_c (w->out, '\n');
  for (guint i = 0; i < fence; i++)
    g_string_append_c (w->out, '`');
  end_block (w);
}

static void
md_text (KsReviewWriter *w, const char *text)
{
  append_escaped (w, text);
}

/* A code span: fenced by one more backtick than the text's longest run,
 * padded when the text starts or ends with one; in a table '|' is escaped
 * (GFM splits cells before it parses spans). */
static void
md_code (KsReviewWriter *w, const char *text)
{
  guint fence = longest_run (text, '`') + 1;
  gboolean pad;
  gsize len = strlen (text);

  if (len == 0)
    {
      g_string_append (w->out, "*");
      g_string_append (w->out, _("(empty)"));
      g_string_append (w->out, "*");
      return;
    }
  pad = text[0] == '`' || text[len - 1] == '`' || (text[0] == ' ' && text[len - 1] == ' ');
  for (guint i = 0; i < fence; i++)
    g_string_append_c (w->out, '`');
  if (pad)
    g_string_append_c (w->out, ' ');
  for (const char *p = text; *p; p++)
    {
      if (*p == '\n' || *p == '\r')
        g_string_append_c (w->out, ' ');
      else if (*p == '|' && w->in_table)
        g_string_append (w->out, "\\|");
      else
        g_string_append_c (w->out, *p);
    }
  if (pad)
    g_string_append_c (w->out, ' ');
  for (guint i = 0; i < fence; i++)
    g_string_append_c (w->out, '`');
}

static void
md_strong (KsReviewWriter *w, const char *text)
{
  g_string_append (w->out, "**");
  append_escaped (w, text);
  g_string_append (w->out, "**");
}

static void
md_emphasis (KsReviewWriter *w, const char *text)
{
  g_string_append_c (w->out, '*');
  append_escaped (w, text);
  g_string_append_c (w->out, '*');
}

static gboolean
md_diagram (KsReviewWriter *w, const char *title, const char *name, GBytes *svg, GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;

  if (w->diagram_dir == NULL)
    {
      md_begin_paragraph (w);
      md_emphasis (w, _("The diagram is a separate SVG file; export the review document to a file to get it."));
      md_end_paragraph (w);
      return TRUE;
    }
  path = g_strdup_printf ("%s/%s.svg", w->diagram_dir, name);
  if (w->side_files)
    {
      KsReviewFile *file = g_new0 (KsReviewFile, 1);
      file->path = g_strdup (path);
      file->contents = g_bytes_ref (svg);
      g_ptr_array_add (w->side_files, file);
    }
  /* a link destination in <…> may hold spaces; '<', '>' and newlines
   * cannot occur in the stems ks-review.c makes */
  escaped = g_uri_escape_string (path, "/", TRUE);
  g_string_append (w->out, "![");
  w->in_cell = TRUE;
  append_escaped (w, title);
  w->in_cell = FALSE;
  g_string_append_printf (w->out, "](%s)", escaped);
  end_block (w);
  return TRUE;
}

const KsReviewWriterClass ks_review_markdown_class = {
  .begin_document = md_begin_document,
  .end_document = md_end_document,
  .heading = md_heading,
  .begin_paragraph = md_begin_paragraph,
  .end_paragraph = md_end_paragraph,
  .begin_list = md_begin_list,
  .begin_item = md_begin_item,
  .end_item = md_end_item,
  .end_list = md_end_list,
  .begin_table = md_begin_table,
  .begin_row = md_begin_row,
  .begin_cell = md_begin_cell,
  .end_cell = md_end_cell,
  .end_row = md_end_row,
  .end_table = md_end_table,
  .code_block = md_code_block,
  .text = md_text,
  .code = md_code,
  .strong = md_strong,
  .emphasis = md_emphasis,
  .diagram = md_diagram,
};
