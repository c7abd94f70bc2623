/* test-review.c: the review document (Markdown and HTML)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Markdown document of the bundled e-commerce template is compared
 * byte for byte with tests/data/review/ecommerce.md.golden; run with
 * KS_UPDATE_GOLDEN=1 to rewrite it after a deliberate change (of the
 * document, the template, lint or cost), and review the diff.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ks-engine.h"
#include "ks-error.h"
#include "ks-export.h"
#include "ks-io.h"
#include "ks-review.h"
#include "ks-review-private.h"

static KsDesign *
load_template (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates", name, NULL);
  g_autoptr(GError) error = NULL;
  KsDesign *design = ks_io_load_path (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (design);
  return design;
}

static KsDesign *
design_from_string (const char *text)
{
  g_autoptr(GError) error = NULL;
  KsDesign *design = ks_io_load_data (text, strlen (text), "test.keyshape.json", NULL, &error);

  g_assert_no_error (error);
  return design;
}

/* XML checks ---------------------------------------------------------------- */

typedef struct
{
  guint       n_svg;
  guint       depth_in_svg;
  GHashTable *ids;
  GPtrArray  *refs;
} XmlStats;

static void
on_start (GMarkupParseContext *ctx, const char *element, const char **names,
          const char **values, gpointer data, GError **error)
{
  XmlStats *stats = data;

  if (g_str_equal (element, "svg"))
    stats->n_svg++;
  for (guint i = 0; names[i]; i++)
    {
      if (g_str_equal (names[i], "id"))
        {
          if (g_hash_table_contains (stats->ids, values[i]))
            g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "duplicate id %s", values[i]);
          g_hash_table_add (stats->ids, g_strdup (values[i]));
        }
      else if (g_str_has_suffix (names[i], "href") && values[i][0] == '#')
        g_ptr_array_add (stats->refs, g_strdup (values[i] + 1));
      else
        {
          const char *url = strstr (values[i], "url(#");
          if (url)
            g_ptr_array_add (stats->refs, g_strndup (url + 5, strcspn (url + 5, ")")));
        }
    }
}

/* Parses @text as XML (the DOCTYPE and the XML declaration pass through)
 * and checks that every id is unique and every #reference resolves. */
static guint
check_xml (const char *text, gsize length)
{
  GMarkupParser parser = { on_start, NULL, NULL, NULL, NULL };
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);
  XmlStats stats = { 0, 0, ids, refs };
  g_autoptr(GMarkupParseContext) ctx = g_markup_parse_context_new (&parser, 0, &stats, NULL);
  g_autoptr(GError) error = NULL;

  g_markup_parse_context_parse (ctx, text, length, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (ctx, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < refs->len; i++)
    if (!g_hash_table_contains (ids, g_ptr_array_index (refs, i)))
      g_error ("reference to a missing id: #%s", (char *) g_ptr_array_index (refs, i));
  return stats.n_svg;
}

/* Markdown ------------------------------------------------------------------ */

static void
test_markdown_golden (void)
{
  g_autoptr(KsDesign) design = load_template ("ecommerce.keyshape.json");
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ks-review-XXXXXX", &error);
  g_autofree char *md_path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = NULL;
  gsize length;
  g_autofree char *golden_path = g_test_build_filename (G_TEST_DIST, "data", "review", "ecommerce.md.golden", NULL);
  g_autofree char *golden = NULL;
  GPtrArray *views = ks_engine_get_views (engine);
  guint n_images = 0;

  g_assert_no_error (error);
  md_path = g_build_filename (dir, "ecommerce.md", NULL);
  file = g_file_new_for_path (md_path);
  g_assert_true (ks_review_export_to_file (engine, KS_REVIEW_MARKDOWN, file, warnings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (warnings->len, ==, 0);

  g_file_get_contents (md_path, &text, &length, &error);
  g_assert_no_error (error);
  if (g_getenv ("KS_UPDATE_GOLDEN"))
    {
      g_file_set_contents (golden_path, text, length, &error);
      g_assert_no_error (error);
    }
  g_file_get_contents (golden_path, &golden, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, golden);

  /* every section of the issue is there */
  {
    static const char *const sections[] = {
      "# E-commerce orders\n", "## Tables and indexes\n", "## Entities\n", "**Key templates**",
      "## Coverage\n", "## Access patterns\n", "```json\n", "**Returned items**",
      "## Lint findings\n", "## Sizes and cost\n", "### Monthly estimate\n", "## Diagrams\n",
    };
    for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
      if (strstr (text, sections[i]) == NULL)
        g_error ("the document lacks \"%s\"", sections[i]);
  }

  /* one SVG beside the document per view, each valid XML, each linked */
  for (guint v = 0; v < views->len; v++)
    {
      KsView *view = g_ptr_array_index (views, v);
      KsIndex *index = ks_view_get_index (view);
      g_autofree char *name = index
        ? g_strdup_printf ("%s.%s.svg", ks_table_get_name (ks_view_get_table (view)), ks_index_get_name (index))
        : g_strdup_printf ("%s.svg", ks_table_get_name (ks_view_get_table (view)));
      g_autofree char *svg_path = g_build_filename (dir, "ecommerce-diagrams", name, NULL);
      g_autofree char *link = g_strdup_printf ("](ecommerce-diagrams/%s)", name);
      g_autofree char *svg = NULL;
      gsize svg_length;

      g_file_get_contents (svg_path, &svg, &svg_length, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (check_xml (svg, svg_length), ==, 1);
      g_assert_nonnull (strstr (text, link));
      n_images++;
      g_unlink (svg_path);
    }
  g_assert_cmpuint (n_images, ==, 4);
  {
    g_autofree char *sub = g_build_filename (dir, "ecommerce-diagrams", NULL);
    g_assert_cmpint (g_rmdir (sub), ==, 0);   /* nothing else was written */
  }
  g_unlink (md_path);
  g_rmdir (dir);
}

/* Without a file the Markdown cannot carry its diagrams: it says so. */
static void
test_markdown_string (void)
{
  g_autoptr(KsDesign) design = load_template ("ecommerce.keyshape.json");
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) side = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_review_file_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *with_dir = NULL;

  ks_review_register_exports ();
  text = ks_export_to_string (engine, "markdown", warnings, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "!["));
  g_assert_cmpuint (warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (warnings, 0), "SVG"));

  /* with a folder: the same document but for the image links */
  with_dir = ks_review_to_string (engine, KS_REVIEW_MARKDOWN, "d", side, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (side->len, ==, 4);
  g_assert_cmpstr (((KsReviewFile *) g_ptr_array_index (side, 0))->path, ==, "d/ShopOrders.svg");
  g_assert_cmpstr (((KsReviewFile *) g_ptr_array_index (side, 1))->path, ==, "d/ShopOrders.GSI1.svg");
  g_assert_nonnull (strstr (with_dir, "![ShopOrders (table)](d/ShopOrders.svg)"));
  g_assert_cmpuint (strlen (text), <, strlen (with_dir) + 400);
}

static void
test_diagram_dir (void)
{
  g_autoptr(GFile) a = g_file_new_for_path ("/tmp/x/shop.md");
  g_autoptr(GFile) b = g_file_new_for_path ("/tmp/x/review");
  g_autoptr(GFile) c = g_file_new_for_path ("/tmp/x/v1.2.md");
  g_autofree char *da = ks_review_diagram_dir_for (a);
  g_autofree char *db = ks_review_diagram_dir_for (b);
  g_autofree char *dc = ks_review_diagram_dir_for (c);

  g_assert_cmpstr (da, ==, "shop-diagrams");
  g_assert_cmpstr (db, ==, "review-diagrams");
  g_assert_cmpstr (dc, ==, "v1.2-diagrams");
}

/* HTML ---------------------------------------------------------------------- */

static void
test_html (void)
{
  g_autoptr(KsDesign) design = load_template ("ecommerce.keyshape.json");
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ks_review_register_exports ();
  text = ks_export_to_string (engine, "html", warnings, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_true (g_str_has_prefix (text, "<!DOCTYPE html>\n<html"));
  g_assert_true (g_str_has_suffix (text, "</html>\n"));
  g_assert_null (strstr (text, "<?xml"));
  /* one inline diagram per view, ids unique across them, references resolve */
  g_assert_cmpuint (check_xml (text, strlen (text)), ==, ks_engine_get_views (engine)->len);
  g_assert_nonnull (strstr (text, "<h2 id=\"coverage\">"));
  g_assert_nonnull (strstr (text, "<code class=\"language-json\">"));
  g_assert_nonnull (strstr (text, "&quot;TableName&quot;: &quot;ShopOrders&quot;"));
}

/* Names and texts of the user never become markup */
static const char escaping_design[] =
  "{\"format\": \"keyshape\", \"version\": 1,"
  " \"name\": \"<b>Shop</b> & *co* | `x`\","
  " \"description\": \"1. not a list\\n# not a heading\\n    not code\","
  " \"tables\": [{\"name\": \"Tbl\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"}}],"
  " \"entities\": [{\"name\": \"E|1\", \"table\": \"Tbl\","
  "   \"attributes\": [{\"name\": \"id\", \"type\": \"S\"}],"
  "   \"keys\": {\"PK\": \"A|`B`#${id}\"},"
  "   \"items\": [{\"id\": \"x<y>\"}]}],"
  " \"accessPatterns\": [{\"name\": \"get\", \"table\": \"Tbl\", \"partitionKey\": \"A|`B`#${id}\","
  "   \"parameters\": {\"id\": \"x<y>\"}, \"expects\": [\"E|1\"]}]}";

static void
test_escaping (void)
{
  g_autoptr(KsDesign) design = design_from_string (escaping_design);
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(GError) error = NULL;
  g_autofree char *md = ks_review_to_string (engine, KS_REVIEW_MARKDOWN, NULL, NULL, NULL, &error);
  g_autofree char *html = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (md, "# \\<b\\>Shop\\</b\\> \\& \\*co\\* \\| \\`x\\`\n"));
  g_assert_nonnull (strstr (md, "\n1\\. not a list\n\\# not a heading\nnot code\n"));
  /* a table cell: '|' escaped, also inside a code span; backticks fenced */
  g_assert_nonnull (strstr (md, "| `PK` | Tbl partition key | ``A\\|`B`#${id}`` | ``A\\|`B`#x<y>`` |"));
  g_assert_nonnull (strstr (md, "| get | GetItem on Tbl | ✓ |"));

  html = ks_review_to_string (engine, KS_REVIEW_HTML, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (html, "<h1 id=\"design\">&lt;b&gt;Shop&lt;/b&gt; &amp; *co* | `x`</h1>"));
  g_assert_null (strstr (html, "<b>"));
  g_assert_cmpuint (check_xml (html, strlen (html)), ==, 1);
}

/* A design with nothing in it still gives a document */
static void
test_empty (void)
{
  g_autoptr(KsDesign) design = design_from_string ("{\"format\": \"keyshape\", \"version\": 1}");
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(GError) error = NULL;
  g_autofree char *md = ks_review_to_string (engine, KS_REVIEW_MARKDOWN, "d", NULL, NULL, &error);
  g_autofree char *html = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (md, "# Untitled design\n"));
  g_assert_nonnull (strstr (md, "The design has no table."));
  g_assert_nonnull (strstr (md, "The design has no access pattern."));
  html = ks_review_to_string (engine, KS_REVIEW_HTML, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check_xml (html, strlen (html)), ==, 0);
}

static void
test_svg_inline (void)
{
  static const char svg[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
    "<defs><symbol id=\"glyph0-1\"/><clipPath id=\"clip1\"/></defs>"
    "<g clip-path=\"url(#clip1)\"><use xlink:href=\"#glyph0-1\" x=\"1\"/></g>"
    "<g style=\"clip-path:url(#clip1)\" data-id=\"x\"/>"
    "<text>id=\"a\" href=\"#b\" url(#c) &gt;</text></svg>\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (svg, sizeof svg - 1);
  g_autofree char *out = _ks_review_svg_for_inline (bytes, "d1-");

  g_assert_cmpstr (out, ==,
    "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
    "<defs><symbol id=\"d1-glyph0-1\"/><clipPath id=\"d1-clip1\"/></defs>"
    "<g clip-path=\"url(#d1-clip1)\"><use xlink:href=\"#d1-glyph0-1\" x=\"1\"/></g>"
    "<g style=\"clip-path:url(#d1-clip1)\" data-id=\"x\"/>"
    "<text>id=\"a\" href=\"#b\" url(#c) &gt;</text></svg>\n");
}

static void
test_registry (void)
{
  const KsExportFormat *formats;
  guint n_before = 0, n_after = 0;

  ks_review_register_exports ();
  for (formats = ks_export_get_formats (); formats[n_before].name; n_before++)
    ;
  ks_review_register_exports ();
  for (formats = ks_export_get_formats (); formats[n_after].name; n_after++)
    ;
  g_assert_cmpuint (n_before, ==, n_after);
  g_assert_cmpstr (ks_export_find_format ("markdown")->extension, ==, ".md");
  g_assert_cmpstr (ks_export_find_format ("html")->mime_type, ==, "text/html");
  g_assert_nonnull (ks_export_find_format ("keyshape"));
}

/* ks_export_to_file writes every format, with the review's side files */
static void
test_export_to_file (void)
{
  g_autoptr(KsDesign) design = load_template ("ecommerce.keyshape.json");
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ks-review-XXXXXX", &error);
  g_autofree char *md = g_build_filename (dir, "r.md", NULL);
  g_autofree char *tf = g_build_filename (dir, "t.tf", NULL);
  g_autofree char *svg = g_build_filename (dir, "r-diagrams", "ShopOrders.GSI3.svg", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "r.html", NULL);
  g_autoptr(GFile) md_file = g_file_new_for_path (md);
  g_autoptr(GFile) tf_file = g_file_new_for_path (tf);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);

  ks_review_register_exports ();
  g_assert_true (ks_export_to_file (engine, "markdown", md_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
  g_assert_true (ks_export_to_file (engine, "terraform", tf_file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (tf, G_FILE_TEST_IS_REGULAR));
  g_assert_false (ks_export_to_file (engine, "html", missing_file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ks_export_to_file (engine, "excel", tf_file, NULL, &error));
  g_assert_error (error, KS_ERROR, KS_ERROR_NOT_FOUND);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    g_autofree char *sub = g_build_filename (dir, "r-diagrams", NULL);
    g_autoptr(GDir) s = g_dir_open (sub, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (s)))
      {
        g_autofree char *p = g_build_filename (sub, name, NULL);
        g_unlink (p);
      }
    g_rmdir (sub);
    g_unlink (md);
    g_unlink (tf);
    (void) d;
  }
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/review/markdown-golden", test_markdown_golden);
  g_test_add_func ("/keyshape/review/markdown-string", test_markdown_string);
  g_test_add_func ("/keyshape/review/diagram-dir", test_diagram_dir);
  g_test_add_func ("/keyshape/review/html", test_html);
  g_test_add_func ("/keyshape/review/escaping", test_escaping);
  g_test_add_func ("/keyshape/review/empty", test_empty);
  g_test_add_func ("/keyshape/review/svg-inline", test_svg_inline);
  g_test_add_func ("/keyshape/review/registry", test_registry);
  g_test_add_func ("/keyshape/review/export-to-file", test_export_to_file);
  return g_test_run ();
}
