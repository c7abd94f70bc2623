/* test-window-export.c: the window's exports, diagram copy, print and
 * Compare With…, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ks-compare-window.h"
#include "ks-diagram-view.h"
#include "ks-window-fixture.h"

/* on a copy of the design in a temporary folder (f->dir), where the
 * exports go too */
typedef KsWindowFixture Fixture;

static GBytes *
read_file (Fixture    *f,
           const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static GFile *
file_in (Fixture    *f,
         const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  return g_file_new_for_path (path);
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize length, n = strlen (needle);
  const char *data = g_bytes_get_data (bytes, &length);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_export_diagram (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) svg = file_in (f, "gsi1.svg");
  g_autoptr(GFile) png = file_in (f, "gsi1.png");
  g_autoptr(GFile) pdf = file_in (f, "gsi1.pdf");
  g_autoptr(GBytes) svg_bytes = NULL;
  g_autoptr(GBytes) png_bytes = NULL;
  g_autoptr(GBytes) pdf_bytes = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *head;

  /* the view shown is what is exported */
  ks_window_set_view_name (f->window, "GSI1");
  ks_test_drain ();
  g_assert_true (ks_window_export_diagram (f->window, "svg", svg, &error));
  g_assert_no_error (error);
  g_assert_true (ks_window_export_diagram (f->window, "png", png, &error));
  g_assert_true (ks_window_export_diagram (f->window, "pdf", pdf, &error));
  g_assert_nonnull (strstr (ks_window_get_last_toast (f->window), "gsi1.pdf"));

  svg_bytes = read_file (f, "gsi1.svg");
  g_assert_true (bytes_contain (svg_bytes, "<svg"));
  /* SVG keeps text as text: GSI1's partition keys are searchable */
  g_assert_true (bytes_contain (svg_bytes, "GSI1"));
  g_assert_true (bytes_contain (svg_bytes, "STATUS#"));
  png_bytes = read_file (f, "gsi1.png");
  head = g_bytes_get_data (png_bytes, NULL);
  g_assert_cmpuint (g_bytes_get_size (png_bytes), >, 1000);
  g_assert_cmpmem (head, 8, "\x89PNG\r\n\x1a\n", 8);
  pdf_bytes = read_file (f, "gsi1.pdf");
  g_assert_cmpmem (g_bytes_get_data (pdf_bytes, NULL), 5, "%PDF-", 5);

  /* a bad format is an error, not a crash */
  g_assert_false (ks_window_export_diagram (f->window, "gif", svg, &error));
  g_assert_nonnull (error);
}

static void
test_export_review (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GFile) markdown = file_in (f, "review.md");
  g_autoptr(GFile) html = file_in (f, "review.html");
  g_autoptr(GBytes) md_bytes = NULL;
  g_autoptr(GBytes) html_bytes = NULL;
  g_autoptr(GBytes) diagram = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ks_window_export (f->window, "markdown", markdown, &error));
  g_assert_no_error (error);
  md_bytes = read_file (f, "review.md");
  g_assert_true (bytes_contain (md_bytes, "E-commerce orders"));
  g_assert_true (bytes_contain (md_bytes, "Orders of a customer, newest first"));
  /* its diagrams beside it */
  diagram = read_file (f, "review-diagrams/ShopOrders.svg");
  g_assert_nonnull (diagram);
  g_assert_true (bytes_contain (diagram, "<svg"));
  g_assert_true (bytes_contain (md_bytes, "review-diagrams/ShopOrders.svg"));

  g_assert_true (ks_window_export (f->window, "html", html, &error));
  html_bytes = read_file (f, "review.html");
  g_assert_true (bytes_contain (html_bytes, "<svg"));
  g_assert_true (bytes_contain (html_bytes, "E-commerce orders"));

  /* and a design format through the same call */
  {
    g_autoptr(GFile) cfn = file_in (f, "shop.template.json");
    g_autoptr(GBytes) cfn_bytes = NULL;
    g_assert_true (ks_window_export (f->window, "cloudformation", cfn, &error));
    cfn_bytes = read_file (f, "shop.template.json");
    g_assert_true (bytes_contain (cfn_bytes, "AWS::DynamoDB::Table"));
  }
  g_assert_false (ks_window_export (f->window, "no-such-format", html, &error));
  g_assert_nonnull (error);
}

static void
test_copy_diagram (Fixture       *f,
                   gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  GdkContentFormats *formats;
  GdkTexture *texture;

  g_assert_true (ks_window_copy_diagram (f->window, &error));
  g_assert_no_error (error);
  g_assert_true (gdk_clipboard_is_local (clipboard));
  formats = gdk_clipboard_get_formats (clipboard);
  g_assert_true (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "image/svg+xml"));

  g_value_init (&value, GDK_TYPE_TEXTURE);
  g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &value, &error));
  texture = g_value_get_object (&value);
  /* the whole diagram, at twice its size */
  {
    double w = 0, h = 0;
    KsDiagram *diagram = ks_diagram_view_get_diagram (KS_DIAGRAM_VIEW (ks_window_get_diagram_view (f->window)));
    ks_diagram_get_size (diagram, &w, &h);
    g_assert_cmpint (gdk_texture_get_width (texture), ==, (int) ceil (w * 2));
    g_assert_cmpint (gdk_texture_get_height (texture), ==, (int) ceil (h * 2));
  }
}

static int
count_pages (GBytes *pdf)
{
  gsize length;
  const char *data = g_bytes_get_data (pdf, &length);
  const char *end = data + length;
  int n = 0;

  /* "/Type /Page" but not "/Type /Pages"; the streams hold NUL bytes */
  for (const char *p = data; p + 12 <= end; p++)
    if (memcmp (p, "/Type /Page", 11) == 0 && p[11] != 's')
      n++;
  return n;
}

static void
test_print (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GFile) pdf = file_in (f, "print.pdf");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  KsDiagram *diagram;
  double w = 0, h = 0;

  /* the table holds every item: a long diagram over several pages */
  ks_window_set_view_name (f->window, "ShopOrders");
  ks_test_drain ();
  g_assert_true (ks_window_print_diagram (f->window, pdf, &error));
  g_assert_no_error (error);
  bytes = read_file (f, "print.pdf");
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);
  diagram = ks_diagram_view_get_diagram (KS_DIAGRAM_VIEW (ks_window_get_diagram_view (f->window)));
  ks_diagram_get_size (diagram, &w, &h);
  g_test_message ("%d pages", count_pages (bytes));
  if (g_getenv ("KS_KEEP_PRINT")) g_file_set_contents (g_getenv ("KS_KEEP_PRINT"), g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
  g_assert_cmpint (count_pages (bytes), >, 1);
  /* the window's diagram is left as it was */
  {
    double w2 = 0, h2 = 0;
    ks_diagram_get_size (diagram, &w2, &h2);
    g_assert_cmpfloat (w2, ==, w);
    g_assert_cmpfloat (h2, ==, h);
  }
}

static void
test_compare (Fixture       *f,
              gconstpointer  data)
{
  KsEntity *order = ks_design_find_entity (f->design, "Order");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *same = NULL;
  g_autoptr(GFile) missing = file_in (f, "missing.keyshape.json");
  GtkWidget *window;

  /* nothing changed yet */
  window = ks_window_compare_with (f->window, f->file, &error);
  g_assert_no_error (error);
  g_assert_true (KS_IS_COMPARE_WINDOW (window));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (f->window));
  same = ks_compare_window_get_text (KS_COMPARE_WINDOW (window));
  g_assert_nonnull (strstr (same, "same"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* a changed template: named, with the items whose keys change */
  ks_document_set_template (f->document, order, "GSI1PK", "ST#${status}");
  window = ks_window_compare_with (f->window, f->file, &error);
  g_assert_no_error (error);
  text = ks_compare_window_get_text (KS_COMPARE_WINDOW (window));
  g_assert_nonnull (strstr (text, "Order.keys.GSI1PK"));
  g_assert_nonnull (strstr (text, "22 sample items"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* a file that cannot be read */
  g_assert_null (ks_window_compare_with (f->window, missing, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ks_test_init (&argc, &argv, "window-export", KS_TEST_INIT_DEFAULT);

  if (home == NULL)
    return 77;

  ks_window_test_add_copy ("/keyshape/window-export/diagram", NULL, test_export_diagram);
  ks_window_test_add_copy ("/keyshape/window-export/review", NULL, test_export_review);
  ks_window_test_add_copy ("/keyshape/window-export/copy-diagram", NULL, test_copy_diagram);
  ks_window_test_add_copy ("/keyshape/window-export/print", NULL, test_print);
  ks_window_test_add_copy ("/keyshape/window-export/compare", NULL, test_compare);
  return ks_test_run (home);
}
