/* ks-review.c: the review document of a design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-review"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ks-cost.h"
#include "ks-coverage.h"
#include "ks-export.h"
#include "ks-lint.h"
#include "ks-review-private.h"

/* Public API -------------------------------------------------------------- */

void
ks_review_file_free (KsReviewFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_clear_pointer (&file->contents, g_bytes_unref);
  g_free (file);
}

char *
ks_review_to_string (KsEngine        *engine,
                     KsReviewFormat   format,
                     const char      *diagram_dir,
                     GPtrArray       *side_files,
                     GPtrArray       *warnings,
                     GError         **error)
{
  KsReviewDoc r = { { 0 } };
  g_autoptr(GString) out = g_string_new (NULL);
  const char *name;
  gboolean ok;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (format == KS_REVIEW_MARKDOWN || format == KS_REVIEW_HTML, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ks_engine_flush (engine);
  r.w.klass = format == KS_REVIEW_HTML ? &ks_review_html_class : &ks_review_markdown_class;
  r.w.out = out;
  r.w.warnings = warnings;
  r.w.diagram_dir = diagram_dir;
  r.w.side_files = side_files;
  r.engine = engine;
  r.design = ks_engine_get_design (engine);
  r.coverage = ks_coverage_new (engine);
  r.cost = ks_cost_report_new (engine, NULL);
  r.problems = ks_lint_run (engine);

  name = ks_design_get_name (r.design);
  r.w.klass->begin_document (&r.w, name && *name ? name : _("Untitled design"));
  _ks_review_write_sections (&r);
  ok = _ks_review_write_diagrams (&r, error);
  r.w.klass->end_document (&r.w);

  g_object_unref (r.coverage);
  ks_cost_report_free (r.cost);
  g_ptr_array_unref (r.problems);
  if (!ok)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
ks_review_diagram_dir_for (GFile *file)
{
  g_autofree char *base = NULL;
  char *dot;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  base = g_file_get_basename (file);
  dot = strrchr (base, '.');
  if (dot && dot != base)
    *dot = '\0';
  return g_strdup_printf ("%s-diagrams", base);
}

gboolean
ks_review_export_to_file (KsEngine        *engine,
                          KsReviewFormat   format,
                          GFile           *file,
                          GPtrArray       *warnings,
                          GError         **error)
{
  g_autoptr(GPtrArray) side_files = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_review_file_free);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *document = NULL;

  g_return_val_if_fail (KS_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == KS_REVIEW_MARKDOWN)
    dir = ks_review_diagram_dir_for (file);
  document = ks_review_to_string (engine, format, dir, side_files, warnings, error);
  if (document == NULL)
    return FALSE;

  /* the diagrams first: the document never refers to files not written */
  parent = g_file_get_parent (file);
  for (guint i = 0; i < side_files->len; i++)
    {
      KsReviewFile *side = g_ptr_array_index (side_files, i);
      g_autoptr(GFile) target = parent ? g_file_resolve_relative_path (parent, side->path)
                                       : g_file_new_for_path (side->path);
      g_autoptr(GFile) folder = g_file_get_parent (target);
      g_autoptr(GError) local_error = NULL;

      if (!g_file_make_directory_with_parents (folder, NULL, &local_error) &&
          !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!g_file_replace_contents (target, g_bytes_get_data (side->contents, NULL),
                                    g_bytes_get_size (side->contents), NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, NULL, error))
        return FALSE;
    }
  return g_file_replace_contents (file, document, strlen (document), NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, error);
}

/* The export registry's view of the two documents */

static char *
export_markdown (KsEngine *engine, GPtrArray *warnings, GError **error)
{
  return ks_review_to_string (engine, KS_REVIEW_MARKDOWN, NULL, NULL, warnings, error);
}

static char *
export_html (KsEngine *engine, GPtrArray *warnings, GError **error)
{
  return ks_review_to_string (engine, KS_REVIEW_HTML, NULL, NULL, warnings, error);
}

static gboolean
export_markdown_file (KsEngine *engine, GFile *file, GPtrArray *warnings, GError **error)
{
  return ks_review_export_to_file (engine, KS_REVIEW_MARKDOWN, file, warnings, error);
}

static gboolean
export_html_file (KsEngine *engine, GFile *file, GPtrArray *warnings, GError **error)
{
  return ks_review_export_to_file (engine, KS_REVIEW_HTML, file, warnings, error);
}

void
ks_review_register_exports (void)
{
  static const KsExportFormat markdown = {
    "markdown", N_("Review document (Markdown)"), ".md", "text/markdown"
  };
  static const KsExportFormat html = {
    "html", N_("Review document (HTML)"), ".html", "text/html"
  };

  ks_export_register (&markdown, export_markdown, export_markdown_file);
  ks_export_register (&html, export_html, export_html_file);
}
