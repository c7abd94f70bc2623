/* ks-review-private.h: the review document's writers (Markdown, HTML)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-cost.h"
#include "ks-coverage.h"
#include "ks-review.h"

G_BEGIN_DECLS

/*
 * The document is written once, in ks-review.c, through a small writer
 * interface; ks-review-markdown.c and ks-review-html.c turn the calls into
 * their syntax. Block calls (heading, paragraph, list, table, code block,
 * diagram) never nest, except inline runs (text, code, strong, emphasis)
 * inside a paragraph, a list item or a table cell.
 */

typedef struct _KsReviewWriter KsReviewWriter;

typedef struct
{
  void (*begin_document) (KsReviewWriter *w, const char *title);
  void (*end_document)   (KsReviewWriter *w);
  /* @level 1–4; @anchor: an id, letters, digits and '-' only */
  void (*heading)        (KsReviewWriter *w, guint level, const char *text, const char *anchor);
  void (*begin_paragraph) (KsReviewWriter *w);
  void (*end_paragraph)  (KsReviewWriter *w);
  void (*begin_list)     (KsReviewWriter *w);
  void (*begin_item)     (KsReviewWriter *w);
  void (*end_item)       (KsReviewWriter *w);
  void (*end_list)       (KsReviewWriter *w);
  /* @headers: @n_columns column titles; @numeric: right-aligned columns
   * (a bit per column), may be 0 */
  void (*begin_table)    (KsReviewWriter *w, guint n_columns, const char * const *headers, guint numeric);
  void (*begin_row)      (KsReviewWriter *w);
  void (*begin_cell)     (KsReviewWriter *w);
  void (*end_cell)       (KsReviewWriter *w);
  void (*end_row)        (KsReviewWriter *w);
  void (*end_table)      (KsReviewWriter *w);
  void (*code_block)     (KsReviewWriter *w, const char *language, const char *text);
  /* Inline runs */
  void (*text)           (KsReviewWriter *w, const char *text);
  void (*code)           (KsReviewWriter *w, const char *text);
  void (*strong)         (KsReviewWriter *w, const char *text);
  void (*emphasis)       (KsReviewWriter *w, const char *text);
  /* The SVG image of a diagram; @name is a file-name-safe stem, unique in
   * the document. FALSE with @error when it cannot be placed. */
  gboolean (*diagram)    (KsReviewWriter *w, const char *title, const char *name, GBytes *svg, GError **error);
} KsReviewWriterClass;

struct _KsReviewWriter
{
  const KsReviewWriterClass *klass;
  GString    *out;
  GPtrArray  *warnings;      /* char *, may be NULL */
  /* Markdown */
  const char *diagram_dir;   /* NULL: diagrams left out */
  GPtrArray  *side_files;    /* KsReviewFile, may be NULL */
  /* state of the current block */
  gboolean    in_table;
  gboolean    in_cell;
  guint       n_columns;
  guint       numeric;       /* right-aligned columns, a bit each */
  guint       column;
  guint       n_diagrams;
};

extern const KsReviewWriterClass ks_review_markdown_class;
extern const KsReviewWriterClass ks_review_html_class;

/* One document being written (ks-review.c sets it up) */
typedef struct
{
  KsReviewWriter  w;
  KsEngine       *engine;
  KsDesign       *design;
  KsCoverage     *coverage;
  KsCostReport   *cost;
  GPtrArray      *problems;
} KsReviewDoc;

/* ks-review-sections.c: the design, tables and indexes, entities,
 * coverage, access patterns, lint findings, sizes and cost; then the
 * diagram of the table and of every index (FALSE when one cannot be
 * drawn). */
void     _ks_review_write_sections (KsReviewDoc *r);
gboolean _ks_review_write_diagrams (KsReviewDoc *r, GError **error);

/* Rewrites an SVG document from cairo for inlining into HTML: drops the XML
 * declaration and prefixes every id (and every reference to one) with
 * @prefix, so the glyph and clip ids of several diagrams do not collide. */
char *_ks_review_svg_for_inline (GBytes *svg, const char *prefix);

G_END_DECLS
