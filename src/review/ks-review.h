/* ks-review.h: the review document of a design (Markdown or HTML)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ks-engine.h"

G_BEGIN_DECLS

typedef enum
{
  KS_REVIEW_MARKDOWN,
  KS_REVIEW_HTML,
} KsReviewFormat;

/**
 * KsReviewFile:
 * @path: where the file goes, relative to the document ("shop-diagrams/ShopOrders.svg")
 * @contents: the file's bytes
 *
 * A file the document refers to: the Markdown document's diagrams.
 */
typedef struct
{
  char   *path;
  GBytes *contents;
} KsReviewFile;

void          ks_review_file_free        (KsReviewFile    *file);

/*
 * The document covers: the design's name, description and notes; tables and
 * indexes (keys, projections, billing); per entity its attributes and a
 * table of key templates per key attribute; the coverage matrix (access
 * patterns × entities); every access pattern with its request (DynamoDB
 * JSON), how it is served and the items it returns; the lint findings;
 * sizes, capacity and the monthly cost estimate; and the diagram of the
 * table and of every index.
 *
 * HTML is one self-contained file, diagrams inline as SVG. Markdown refers to
 * its diagrams as SVG files in @diagram_dir (relative to the document; each
 * file is appended to @side_files as a KsReviewFile); with @diagram_dir NULL
 * the diagrams are left out and @warnings says so.
 *
 * Returns the document text; NULL with @error when a diagram cannot be drawn.
 */
char         *ks_review_to_string        (KsEngine        *engine,
                                          KsReviewFormat   format,
                                          const char      *diagram_dir,
                                          GPtrArray       *side_files,
                                          GPtrArray       *warnings,
                                          GError         **error);

/* Writes the document to @file (replaced atomically). For Markdown the
 * diagrams go to a folder beside it named after it: shop.md gets
 * shop-diagrams/TABLE.svg, shop-diagrams/TABLE.INDEX.svg. This is the one
 * call behind the window's "Export Review Document…". */
gboolean      ks_review_export_to_file   (KsEngine        *engine,
                                          KsReviewFormat   format,
                                          GFile           *file,
                                          GPtrArray       *warnings,
                                          GError         **error);

/* The folder name the diagrams of a Markdown document at @file go to. */
char         *ks_review_diagram_dir_for  (GFile           *file);

/* Registers "markdown" and "html" in the export registry (ks-export.h), so
 * ks_export_to_string() and ks_export_to_file() write them. Call once at
 * start-up (keyshape-cli and the application do); calling again is
 * harmless. */
void          ks_review_register_exports (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsReviewFile, ks_review_file_free)

G_END_DECLS
