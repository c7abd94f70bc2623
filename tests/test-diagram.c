/* test-diagram.c: the key-layout diagram (layout, hit testing, drawing,
 * exports)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ks-diagram.h"
#include "ks-diagram-layout.h"
#include "ks-engine.h"
#include "ks-error.h"
#include "ks-generator.h"
#include "ks-io.h"

static const char *models[] = { "ecommerce", "chat", "saas" };

/* A native design with templates: Customer has no GSI1 template, one Order
 * has no status (sparse GSI1), GSI2 is KEYS_ONLY. */
static const char native_design[] =
  "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"Shop\","
  " \"tables\": [{\"name\": \"Shop\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},"
  "   \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"}, \"typeAttribute\": \"_type\","
  "   \"billing\": {\"mode\": \"PAY_PER_REQUEST\"},"
  "   \"indexes\": [{\"name\": \"GSI1\", \"kind\": \"GSI\", \"partitionKey\": {\"name\": \"GSI1PK\", \"type\": \"S\"},"
  "                  \"sortKey\": {\"name\": \"GSI1SK\", \"type\": \"S\"}, \"projection\": {\"type\": \"ALL\"}},"
  "                 {\"name\": \"GSI2\", \"kind\": \"GSI\", \"partitionKey\": {\"name\": \"GSI2PK\", \"type\": \"S\"},"
  "                  \"projection\": {\"type\": \"KEYS_ONLY\"}}]}],"
  " \"entities\": ["
  "  {\"name\": \"Customer\", \"table\": \"Shop\", \"color\": \"#3584e4\","
  "   \"attributes\": [{\"name\": \"customerId\", \"type\": \"S\"}, {\"name\": \"name\", \"type\": \"S\"}],"
  "   \"keys\": {\"PK\": \"CUSTOMER#${customerId}\", \"SK\": \"PROFILE\", \"GSI2PK\": \"NAME#${name}\"},"
  "   \"items\": [{\"customerId\": \"c1\", \"name\": \"Ana\"}, {\"customerId\": \"c2\", \"name\": \"Bo\"}]},"
  "  {\"name\": \"Order\", \"table\": \"Shop\", \"color\": \"#e66100\","
  "   \"attributes\": [{\"name\": \"customerId\", \"type\": \"S\"}, {\"name\": \"orderId\", \"type\": \"S\"},"
  "                    {\"name\": \"status\", \"type\": \"S\"}, {\"name\": \"amount\", \"type\": \"N\"}],"
  "   \"keys\": {\"PK\": \"CUSTOMER#${customerId}\", \"SK\": \"ORDER#${orderId}\","
  "             \"GSI1PK\": \"STATUS#${status}\", \"GSI1SK\": \"${orderId}\"},"
  "   \"items\": [{\"customerId\": \"c1\", \"orderId\": \"o1\", \"status\": \"SHIPPED\", \"amount\": 12.5},"
  "             {\"customerId\": \"c1\", \"orderId\": \"o2\", \"status\": \"PENDING\", \"amount\": 99},"
  "             {\"customerId\": \"c2\", \"orderId\": \"o3\", \"amount\": 5}]}],"
  " \"accessPatterns\": [{\"name\": \"Orders of a customer\", \"table\": \"Shop\", \"index\": null,"
  "   \"partitionKey\": \"CUSTOMER#${customerId}\", \"sortKey\": {\"op\": \"begins_with\", \"value\": \"ORDER#\"},"
  "   \"filter\": \"amount > :minTotal\", \"parameters\": {\"customerId\": \"c1\", \"minTotal\": 50}}]}";

static KsEngine *
load_model (const char *name)
{
  const char *shared = g_getenv ("KS_SHARED_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = NULL;

  if (shared == NULL)
    return NULL;
  path = g_build_filename (shared, "conformance", name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  design = ks_io_load_path (path, NULL, &error);
  g_assert_no_error (error);
  return ks_engine_new (design);
}

static KsEngine *
load_native (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = ks_io_load_data (native_design, strlen (native_design), "native", NULL, &error);

  g_assert_no_error (error);
  return ks_engine_new (design);
}

static gboolean
skip_without_shared (void)
{
  if (g_getenv ("KS_SHARED_DIR") == NULL)
    {
      g_test_skip ("KS_SHARED_DIR is not set");
      return TRUE;
    }
  return FALSE;
}

/* Layout ------------------------------------------------------------------- */

static void
check_layout (KsEngine *engine, KsView *view)
{
  g_autoptr(KsDiagramLayout) layout = ks_diagram_layout_new (engine, view);
  guint n_cards = ks_diagram_layout_get_n_cards (layout);
  guint n = ks_view_get_n_entries (view), items = 0;
  double width, height;

  g_assert_cmpuint (n_cards, ==, ks_view_get_n_partitions (view));
  g_assert_cmpuint (ks_diagram_layout_get_n_entries (layout), ==, n);

  ks_diagram_layout_flow (layout, 1200);
  ks_diagram_layout_get_size (layout, &width, &height);
  g_assert_cmpfloat (width, <=, MAX (1200, 2 * KS_DIAGRAM_MARGIN + 560) + 0.5);

  for (guint c = 0; c < n_cards; c++)
    {
      const KsDiagramCard *card = ks_diagram_layout_get_card (layout, c);
      guint s, e;
      ks_view_get_partition (view, c, &s, &e);
      g_assert_cmpuint (card->start, ==, s);
      g_assert_cmpuint (card->end, ==, e);
      g_assert_cmpfloat (card->y + card->height, <=, height);
      items += e - s;
    }
  g_assert_cmpuint (items, ==, n);

  /* columns: cards top to bottom without overlap */
  for (guint col = 0; col < ks_diagram_layout_get_n_columns (layout); col++)
    {
      guint nc;
      const guint *cards = ks_diagram_layout_get_column (layout, col, &nc);
      for (guint k = 1; k < nc; k++)
        {
          const KsDiagramCard *a = ks_diagram_layout_get_card (layout, cards[k - 1]);
          const KsDiagramCard *b = ks_diagram_layout_get_card (layout, cards[k]);
          g_assert_cmpfloat (a->y + a->height, <, b->y);
        }
    }

  /* every item's row hit-tests back to it; its heading to the partition */
  for (guint i = 0; i < n; i++)
    {
      cairo_rectangle_t r;
      KsDiagramHit hit;
      guint card;

      g_assert_true (ks_diagram_layout_get_entry_rect (layout, i, &r));
      g_assert_true (ks_diagram_layout_hit_test (layout, r.x + r.width / 2, r.y + r.height / 2, &hit));
      g_assert_cmpint (hit.kind, ==, KS_DIAGRAM_HIT_ITEM);
      g_assert_cmpuint (hit.position, ==, i);
      g_assert_true (hit.item == ks_view_get_entry (view, i)->item);
      g_assert_true (ks_diagram_layout_find_card (layout, i, &card));
      g_assert_cmpuint (hit.partition, ==, card);
    }
  for (guint c = 0; c < n_cards; c++)
    {
      const KsDiagramCard *card = ks_diagram_layout_get_card (layout, c);
      KsDiagramHit hit;
      g_assert_true (ks_diagram_layout_hit_test (layout, card->x + 5, card->y + 5, &hit));
      g_assert_cmpint (hit.kind, ==, KS_DIAGRAM_HIT_PARTITION);
      g_assert_cmpuint (hit.partition, ==, c);
      /* the gap under a card is nothing */
      g_assert_false (ks_diagram_layout_hit_test (layout, card->x + 5, card->y + card->height + KS_DIAGRAM_CARD_GAP / 2, &hit));
    }
}

static void
test_layout_conformance (void)
{
  if (skip_without_shared ())
    return;
  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      g_autofree char *file = g_strdup_printf ("%s.model.json", models[m]);
      g_autoptr(KsEngine) engine = load_model (file);
      GPtrArray *views;

      if (engine == NULL)
        {
          g_test_skip ("conformance models not found");
          return;
        }
      views = ks_engine_get_views (engine);
      g_assert_cmpuint (views->len, >, 1);
      for (guint v = 0; v < views->len; v++)
        check_layout (engine, g_ptr_array_index (views, v));
    }
}

static void
test_layout_native (void)
{
  g_autoptr(KsEngine) engine = load_native ();
  GPtrArray *views = ks_engine_get_views (engine);

  for (guint v = 0; v < views->len; v++)
    check_layout (engine, g_ptr_array_index (views, v));
}

static void
test_hit_outside (void)
{
  g_autoptr(KsEngine) engine = load_native ();
  g_autoptr(KsDiagram) diagram = ks_diagram_new (engine);
  KsDiagramHit hit;
  double w, h;

  ks_diagram_get_size (diagram, &w, &h);
  g_assert_false (ks_diagram_hit_test (diagram, -1, 10, &hit));
  g_assert_false (ks_diagram_hit_test (diagram, 10, h + 1, &hit));
  g_assert_false (ks_diagram_hit_test (diagram, w + 5, h / 2, &hit));
  g_assert_cmpint (hit.kind, ==, KS_DIAGRAM_HIT_NONE);
  g_assert_true (ks_diagram_hit_test (diagram, KS_DIAGRAM_MARGIN + 4, KS_DIAGRAM_MARGIN + 4, &hit));
  g_assert_cmpint (hit.kind, ==, KS_DIAGRAM_HIT_HEADER);
}

static void
test_sparse_note (void)
{
  g_autoptr(KsEngine) engine = load_native ();
  KsView *table = ks_engine_find_view (engine, "Shop");
  KsView *gsi1 = ks_engine_find_view (engine, "GSI1");
  g_autoptr(KsDiagramLayout) lt = ks_diagram_layout_new (engine, table);
  g_autoptr(KsDiagramLayout) lg = ks_diagram_layout_new (engine, gsi1);
  g_autoptr(KsDiagram) diagram = NULL;
  g_autofree char *tooltip = NULL;
  gboolean customer = FALSE, order = FALSE;
  KsDiagramHit hit;

  g_assert_cmpuint (ks_diagram_layout_get_n_notes (lt), ==, 0);
  g_assert_cmpuint (ks_diagram_layout_get_n_notes (lg), ==, 2);
  for (guint i = 0; i < ks_diagram_layout_get_n_notes (lg); i++)
    {
      const char *note = ks_diagram_layout_get_note (lg, i);
      if (g_str_has_prefix (note, "Customer:"))
        {
          customer = TRUE;
          g_assert_nonnull (strstr (note, "all 2 items are left out"));
          g_assert_nonnull (strstr (note, "no GSI1PK template"));
        }
      if (g_str_has_prefix (note, "Order:"))
        {
          order = TRUE;
          g_assert_nonnull (strstr (note, "1 of 3"));
          g_assert_nonnull (strstr (note, "status"));
          g_assert_nonnull (strstr (note, "GSI1PK"));
        }
    }
  g_assert_true (customer && order);
  for (guint i = 0; i < ks_diagram_layout_get_n_entities (lg); i++)
    {
      const KsDiagramEntityInfo *info = ks_diagram_layout_get_entity (lg, i);
      g_assert_cmpuint (info->n_in_view, ==, g_str_equal (ks_entity_get_name (info->entity), "Order") ? 2 : 0);
    }

  /* the note is a tooltip target */
  diagram = ks_diagram_new (engine);
  ks_diagram_set_view (diagram, "GSI1");
  g_assert_true (ks_diagram_hit_test (diagram, 100, KS_DIAGRAM_MARGIN + KS_DIAGRAM_TITLE_HEIGHT + KS_DIAGRAM_LEGEND_HEIGHT + 4, &hit));
  g_assert_cmpint (hit.kind, ==, KS_DIAGRAM_HIT_NOTE);
  tooltip = ks_diagram_get_tooltip (diagram, 100, KS_DIAGRAM_MARGIN + KS_DIAGRAM_TITLE_HEIGHT + KS_DIAGRAM_LEGEND_HEIGHT + 4);
  g_assert_nonnull (strstr (tooltip, "Customer"));
}

/* Exports ------------------------------------------------------------------ */

typedef struct
{
  GString *text;
  gboolean svg_root;
  guint    depth;
} SvgScan;

static void
svg_start (GMarkupParseContext *ctx, const char *element, const char **names,
           const char **values, gpointer data, GError **error)
{
  SvgScan *scan = data;
  if (scan->depth++ == 0)
    scan->svg_root = g_str_equal (element, "svg");
}

static void
svg_end (GMarkupParseContext *ctx, const char *element, gpointer data, GError **error)
{
  SvgScan *scan = data;
  scan->depth--;
  if (g_str_equal (element, "text"))
    g_string_append_c (scan->text, '\n');
}

static void
svg_text (GMarkupParseContext *ctx, const char *text, gsize len, gpointer data, GError **error)
{
  SvgScan *scan = data;
  const char *element = g_markup_parse_context_get_element (ctx);
  if (g_strcmp0 (element, "text") == 0 || g_strcmp0 (element, "tspan") == 0)
    g_string_append_len (scan->text, text, len);
}

/* The SVG parses as XML; returns the text of its <text> elements. */
static char *
check_svg (const char *path)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  SvgScan scan = { g_string_new (NULL), FALSE, 0 };
  GMarkupParseContext *ctx;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  ctx = g_markup_parse_context_new (&parser, 0, &scan, NULL);
  /* skip the XML declaration, which GMarkup does not take */
  {
    const char *start = strstr (data, "<svg");
    g_assert_nonnull (start);
    g_assert_true (g_markup_parse_context_parse (ctx, start, len - (start - data), &error));
    g_assert_no_error (error);
    g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
    g_assert_no_error (error);
  }
  g_markup_parse_context_free (ctx);
  g_assert_true (scan.svg_root);
  return g_string_free (scan.text, FALSE);
}

static void
check_png (const char *path, double diagram_w, double diagram_h, double scale)
{
  g_autofree char *data = NULL;
  gsize len;
  guint32 w, h;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  memcpy (&w, data + 16, 4);
  memcpy (&h, data + 20, 4);
  g_assert_cmpuint (GUINT32_FROM_BE (w), ==, (guint32) ceil (diagram_w * scale));
  g_assert_cmpuint (GUINT32_FROM_BE (h), ==, (guint32) ceil (diagram_h * scale));
}

static char *
pdf_text (const char *path)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "-q", path, "-", NULL };
  int status;

  if (pdftotext == NULL)
    return NULL;
  argv[0] = pdftotext;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
export_view (KsEngine *engine, const char *view, const char *expect, KsDiagramTheme theme)
{
  g_autofree char *dir = g_dir_make_tmp ("ks-diagram-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "d.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "d.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "d.PDF", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDiagram) diagram = ks_diagram_new (engine);
  g_autofree char *text = NULL;
  g_autofree char *ptext = NULL;
  g_autofree char *pdf_data = NULL;
  double w, h;

  ks_diagram_set_view (diagram, view);
  ks_diagram_get_size (diagram, &w, &h);   /* auto flow, as exports use */

  g_assert_true (ks_diagram_render_to_file (engine, view, NULL, theme, 1, svg, &error));
  g_assert_no_error (error);
  text = check_svg (svg);
  g_assert_nonnull (strstr (text, expect));
  g_assert_nonnull (strstr (text, view));

  g_assert_true (ks_diagram_render_to_file (engine, view, NULL, theme, 1.5, png, &error));
  g_assert_no_error (error);
  check_png (png, w, h, 1.5);

  g_assert_true (ks_diagram_render_to_file (engine, view, NULL, theme, 1, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &pdf_data, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf_data, "%PDF-"));
  ptext = pdf_text (pdf);
  if (ptext == NULL)
    g_test_message ("pdftotext (poppler-utils) not found: the PDF's text is not checked");
  else
    g_assert_nonnull (strstr (ptext, expect));

  g_unlink (svg);
  g_unlink (png);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_export_conformance (void)
{
  g_autoptr(KsEngine) engine = NULL;

  if (skip_without_shared ())
    return;
  engine = load_model ("ecommerce.model.json");
  if (engine == NULL)
    {
      g_test_skip ("conformance models not found");
      return;
    }
  /* key text as a whole, though its parts are drawn in two styles */
  export_view (engine, "ShopOrders", "CUSTOMER#c001", KS_DIAGRAM_THEME_LIGHT);
  export_view (engine, "GSI1", "STATUS#SHIPPED", KS_DIAGRAM_THEME_DARK);
  export_view (engine, "GSI2", "PRODUCT#SKU-ESP-250", KS_DIAGRAM_THEME_LIGHT);
}

static void
test_export_keys_only (void)
{
  g_autoptr(KsEngine) engine = load_native ();
  g_autofree char *dir = g_dir_make_tmp ("ks-diagram-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "k.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_all = NULL;

  /* GSI2 is KEYS_ONLY: rows say which attributes are not there */
  g_assert_true (ks_diagram_render_to_file (engine, "GSI2", NULL, KS_DIAGRAM_THEME_LIGHT, 1, svg, &error));
  g_assert_no_error (error);
  text = check_svg (svg);
  g_assert_nonnull (strstr (text, "not projected"));
  g_assert_nonnull (strstr (text, "customerId"));
  g_assert_null (strstr (text, "c1"));   /* no value of a non-projected attribute */

  /* the table (ALL) shows values and marks nothing absent */
  g_assert_true (ks_diagram_render_to_file (engine, "Shop", NULL, KS_DIAGRAM_THEME_LIGHT, 1, svg, &error));
  g_assert_no_error (error);
  text_all = check_svg (svg);
  g_assert_null (strstr (text_all, "not projected"));
  g_assert_nonnull (strstr (text_all, "SHIPPED"));
  g_unlink (svg);
  g_rmdir (dir);
}

static void
test_export_errors (void)
{
  g_autoptr(KsEngine) engine = load_native ();
  g_autofree char *dir = g_dir_make_tmp ("ks-diagram-XXXXXX", NULL);
  g_autofree char *bad_ext = g_build_filename (dir, "d.jpg", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "no", "such", "d.png", NULL);
  g_autofree char *ok = g_build_filename (dir, "d.svg", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (ks_diagram_render_to_file (engine, "Shop", NULL, KS_DIAGRAM_THEME_LIGHT, 1, bad_ext, &error));
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "d.jpg"));
  g_clear_error (&error);
  g_assert_false (g_file_test (bad_ext, G_FILE_TEST_EXISTS));

  g_assert_false (ks_diagram_render_to_file (engine, "Nope", NULL, KS_DIAGRAM_THEME_LIGHT, 1, ok, &error));
  g_assert_error (error, KS_ERROR, KS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Nope"));
  g_clear_error (&error);

  g_assert_false (ks_diagram_render_to_file (engine, "Shop", NULL, KS_DIAGRAM_THEME_LIGHT, 0, ok, &error));
  g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (ks_diagram_render_to_file (engine, "Shop", NULL, KS_DIAGRAM_THEME_LIGHT, 1, missing_dir, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_rmdir (dir);
}

/* Highlights ----------------------------------------------------------------- */

static void
test_highlight_pattern (void)
{
  g_autoptr(KsEngine) engine = load_native ();
  KsDesign *design = ks_engine_get_design (engine);
  KsPattern *pattern = ks_design_find_pattern (design, "Orders of a customer");
  KsView *view = ks_engine_find_view (engine, "Shop");
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDiagramHighlight) hl = NULL;
  g_autoptr(KsDiagram) diagram = ks_diagram_new (engine);
  g_autofree char *dir = g_dir_make_tmp ("ks-diagram-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "p.svg", NULL);
  g_autofree char *text = NULL;
  g_autofree char *pk = NULL;
  guint start, end, ps, pe;

  g_assert_nonnull (pattern);
  hl = ks_diagram_highlight_new_for_pattern (engine, pattern, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ks_diagram_highlight_get_view (hl), ==, "Shop");
  pk = ks_value_to_display (ks_diagram_highlight_get_pk (hl));
  g_assert_cmpstr (pk, ==, "CUSTOMER#c1");

  /* c1's partition holds o1, o2 and the profile; begins_with(SK, ORDER#)
   * reads o1 and o2; the filter (total > 50) returns o2 only */
  g_assert_true (ks_view_find_partition (view, ks_diagram_highlight_get_pk (hl), &ps, &pe));
  ks_diagram_highlight_get_range (hl, &start, &end);
  g_assert_cmpuint (pe - ps, ==, 3);
  g_assert_cmpuint (start, ==, ps);
  g_assert_cmpuint (end, ==, ps + 2);
  g_assert_cmpuint (ks_diagram_highlight_get_n_items (hl), ==, 1);
  g_assert_true (ks_diagram_highlight_has_item (hl, ks_view_get_entry (view, ps + 1)->item));
  g_assert_nonnull (strstr (ks_diagram_highlight_get_banner (hl), "Orders of a customer"));
  g_assert_nonnull (strstr (ks_diagram_highlight_get_banner (hl), "CUSTOMER#c1"));
  g_assert_nonnull (strstr (ks_diagram_highlight_get_banner (hl), "1 item of 2 read"));

  g_assert_true (ks_diagram_render_to_file (engine, NULL, hl, KS_DIAGRAM_THEME_DARK, 1, svg, &error));
  g_assert_no_error (error);
  text = check_svg (svg);
  g_assert_nonnull (strstr (text, "Orders of a customer"));
  g_unlink (svg);
  g_rmdir (dir);

  /* a highlight of another view does not show; a bogus range is clamped */
  {
    g_autoptr(KsDiagramHighlight) other = ks_diagram_highlight_new ("GSI1", NULL, 0, 1000);
    cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 200);
    cairo_t *cr = cairo_create (s);
    ks_diagram_set_highlight (diagram, other);
    ks_diagram_draw (diagram, cr, 0, 0, 300, 200, 1);
    ks_diagram_set_view (diagram, "GSI1");
    ks_diagram_draw (diagram, cr, 0, 0, 300, 200, 0.3);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (s);
  }
}

/* Model changes and scale ---------------------------------------------------- */

static void
on_changed (KsDiagram *diagram, guint *count)
{
  (*count)++;
}

static void
test_follows_engine (void)
{
  g_autoptr(KsEngine) engine = load_native ();
  KsEntity *order = ks_design_find_entity (ks_engine_get_design (engine), "Order");
  KsItem *item = ks_entity_get_item (order, 2);   /* the one without status */
  g_autoptr(KsDiagram) diagram = ks_diagram_new (engine);
  guint changed = 0;
  KsValue *values;
  cairo_rectangle_t rect;

  ks_diagram_set_view (diagram, "GSI1");
  g_signal_connect (diagram, "changed", G_CALLBACK (on_changed), &changed);
  g_assert_cmpuint (ks_diagram_layout_get_n_cards (ks_diagram_get_layout (diagram)), ==, 2);
  g_assert_false (ks_diagram_get_item_rect (diagram, item, &rect));

  values = ks_map_set (ks_item_get_values (item), "status", ks_value_new_string ("NEW", -1));
  ks_entity_set_item_values (order, item, values);
  ks_engine_flush (engine);
  g_assert_cmpuint (changed, >=, 1);
  g_assert_cmpuint (ks_diagram_layout_get_n_cards (ks_diagram_get_layout (diagram)), ==, 3);
  g_assert_true (ks_diagram_get_item_rect (diagram, item, &rect));
  g_assert_cmpuint (ks_diagram_layout_get_n_notes (ks_diagram_get_layout (diagram)), ==, 1);
}

static KsEngine *
large_engine (guint n_items, guint per_partition)
{
  g_autoptr(KsDesign) design = ks_design_new ();
  g_autoptr(KsKeySchema) keys = ks_key_schema_new_simple ("PK", KS_TYPE_S, "SK", KS_TYPE_S);
  g_autoptr(KsTable) table = ks_table_new ("Big", keys);
  g_autoptr(KsEntity) entity = ks_entity_new ("Event", "Big");

  g_list_store_append (ks_design_get_tables (design), table);
  ks_entity_set_template (entity, "PK", "DEVICE#${device}");
  ks_entity_set_template (entity, "SK", "EVENT#${seq|pad:8}");
  for (guint i = 0; i < n_items; i++)
    {
      KsMapBuilder *b = ks_map_builder_new (3);
      g_autofree char *device = g_strdup_printf ("d%06u", i / per_partition);
      g_autoptr(KsItem) item = NULL;
      ks_map_builder_add (b, g_intern_string ("device"), ks_value_new_string (device, -1));
      ks_map_builder_add (b, g_intern_string ("seq"), ks_value_new_number_int (i));
      ks_map_builder_add (b, g_intern_string ("reading"), ks_value_new_number_int (i % 97));
      item = ks_item_new (ks_map_builder_end (b));
      ks_entity_append_item (entity, item);
    }
  g_list_store_append (ks_design_get_entities (design), entity);
  return ks_engine_new (design);
}

static void
test_large (void)
{
  struct { guint n, per; } cases[] = { { 100000, 100000 }, { 100000, 1 } };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(KsEngine) engine = large_engine (cases[c].n, cases[c].per);
      KsView *view = ks_engine_find_view (engine, "Big");
      g_autoptr(KsDiagramLayout) layout = NULL;
      gint64 t0;
      double ms, w, h;
      cairo_rectangle_t r;
      KsDiagramHit hit;

      g_assert_cmpuint (ks_view_get_n_entries (view), ==, cases[c].n);
      g_assert_cmpuint (ks_view_get_n_partitions (view), ==, cases[c].n / cases[c].per);
      t0 = g_get_monotonic_time ();
      layout = ks_diagram_layout_new (engine, view);
      ks_diagram_layout_flow (layout, 1600);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_test_message ("layout of %u items in %u partitions: %.2f ms", cases[c].n,
                      ks_diagram_layout_get_n_cards (layout), ms);

      /* the last item, far down, is found by hit testing */
      ks_diagram_layout_get_size (layout, &w, &h);
      g_assert_true (ks_diagram_layout_get_entry_rect (layout, cases[c].n - 1, &r));
      g_assert_true (ks_diagram_layout_hit_test (layout, r.x + 3, r.y + 3, &hit));
      g_assert_cmpint (hit.kind, ==, KS_DIAGRAM_HIT_ITEM);
      g_assert_cmpuint (hit.position, ==, cases[c].n - 1);

      ms = ks_diagram_benchmark_draw_ms (engine, "Big", 3);
      g_assert_cmpfloat (ms, >=, 0);
      g_test_message ("draw: worst mean frame %.2f ms", ms);
    }
}

/* A diagram lays its view out again after an edit from what it kept of the
 * last layout: always what a fresh layout says. */
static void
assert_same_layout (KsDiagramLayout *kept,
                    KsDiagramLayout *fresh)
{
  double w1, h1, w2, h2;

  g_assert_cmpuint (ks_diagram_layout_get_n_entries (kept), ==, ks_diagram_layout_get_n_entries (fresh));
  g_assert_cmpuint (ks_diagram_layout_get_total_size (kept), ==, ks_diagram_layout_get_total_size (fresh));
  g_assert_cmpuint (ks_diagram_layout_get_n_cards (kept), ==, ks_diagram_layout_get_n_cards (fresh));
  for (guint i = 0; i < ks_diagram_layout_get_n_cards (kept); i++)
    {
      const KsDiagramCard *a = ks_diagram_layout_get_card (kept, i);
      const KsDiagramCard *b = ks_diagram_layout_get_card (fresh, i);
      g_assert_cmpuint (a->start, ==, b->start);
      g_assert_cmpuint (a->end, ==, b->end);
      g_assert_cmpuint (a->size, ==, b->size);
    }
  g_assert_cmpuint (ks_diagram_layout_get_n_entities (kept), ==, ks_diagram_layout_get_n_entities (fresh));
  for (guint i = 0; i < ks_diagram_layout_get_n_entities (kept); i++)
    {
      const KsDiagramEntityInfo *a = ks_diagram_layout_get_entity (kept, i);
      const KsDiagramEntityInfo *b = ks_diagram_layout_get_entity (fresh, i);
      g_assert_true (a->entity == b->entity);
      g_assert_cmpuint (a->n_in_view, ==, b->n_in_view);
      g_assert_cmpuint (a->n_items, ==, b->n_items);
      g_assert_cmpstr (a->reason, ==, b->reason);
    }
  g_assert_cmpuint (ks_diagram_layout_get_n_notes (kept), ==, ks_diagram_layout_get_n_notes (fresh));
  for (guint i = 0; i < ks_diagram_layout_get_n_notes (kept); i++)
    g_assert_cmpstr (ks_diagram_layout_get_note (kept, i), ==, ks_diagram_layout_get_note (fresh, i));
  ks_diagram_layout_flow (fresh, ks_diagram_layout_get_n_columns (kept) > 1 ? 0 : 1);
  ks_diagram_layout_flow_columns (fresh, ks_diagram_layout_get_n_columns (kept));
  ks_diagram_layout_get_size (kept, &w1, &h1);
  ks_diagram_layout_get_size (fresh, &w2, &h2);
  g_assert_cmpfloat (w1, ==, w2);
  g_assert_cmpfloat (h1, ==, h2);
}

static void
set_value (KsEntity   *entity,
           KsItem     *item,
           const char *attribute,
           KsValue    *value)
{
  ks_entity_set_item_values (entity, item, ks_map_set (ks_item_get_values (item), attribute, value));
}

static void
test_layout_cache (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "templates",
                                                 "ecommerce.keyshape.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = ks_io_load_path (path, NULL, &error);
  g_autoptr(GPtrArray) generated = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(GPtrArray) diagrams = g_ptr_array_new_with_free_func (g_object_unref);
  KsEntity *order, *customer;
  GPtrArray *views;

  g_assert_no_error (error);
  order = ks_design_find_entity (design, "Order");
  customer = ks_design_find_entity (design, "Customer");
  g_assert_true (ks_generator_generate (design, order, 2000, 7, &generated, &error));
  for (guint i = 0; i < generated->len; i++)
    ks_entity_append_item (order, g_ptr_array_index (generated, i));
  engine = ks_engine_new (design);
  views = ks_engine_get_views (engine);
  for (guint v = 0; v < views->len; v++)
    {
      KsDiagram *diagram = ks_diagram_new (engine);
      ks_diagram_set_view (diagram, ks_view_get_name (g_ptr_array_index (views, v)));
      ks_diagram_set_wrap_width (diagram, 1200);
      g_assert_nonnull (ks_diagram_get_layout (diagram));
      g_ptr_array_add (diagrams, diagram);
    }

  for (guint step = 0; step < 9; step++)
    {
      KsItem *item = ks_entity_get_item (order, 10 + step * 97);

      switch (step)
        {
        case 0:   /* a sort key within the partition */
          set_value (order, item, "createdAt", ks_value_new_string ("2023-12-31T23:59:59Z", -1));
          break;
        case 1:   /* another partition of the table and of GSI1 */
          set_value (order, item, "customerId", ks_value_new_string ("c002", -1));
          set_value (order, ks_entity_get_item (order, 500), "orderStatus", ks_value_new_string ("RETURNED", -1));
          break;
        case 2:   /* bytes of a projected attribute only */
          set_value (order, item, "orderTotal", ks_value_new_number_int (123456789));
          break;
        case 3:   /* out of GSI1: no status */
          ks_entity_set_item_values (order, item, ks_map_remove (ks_item_get_values (item), "orderStatus"));
          break;
        case 4:
          ks_entity_remove_item (order, 3);
          break;
        case 5:
          {
            g_autoptr(KsItem) copy = ks_item_new (ks_map_set (ks_item_get_values (item), "orderId",
                                                              ks_value_new_string ("O-COPY", -1)));
            ks_entity_insert_item (order, 0, copy);
            break;
          }
        case 6:   /* a template: every order */
          ks_entity_set_template (order, "GSI1SK", "${orderTotal}#${orderId}");
          break;
        case 7:   /* another entity, another index */
          set_value (customer, ks_entity_get_item (customer, 1), "email", ks_value_new_string ("new@example.com", -1));
          break;
        default:  /* several edits before the next layout */
          set_value (order, item, "createdAt", ks_value_new_string ("2021-01-01T00:00:00Z", -1));
          ks_engine_flush (engine);
          set_value (order, ks_entity_get_item (order, 900), "customerId", ks_value_new_string ("c003", -1));
          break;
        }
      ks_engine_flush (engine);
      for (guint d = 0; d < diagrams->len; d++)
        {
          KsDiagram *diagram = g_ptr_array_index (diagrams, d);
          KsDiagramLayout *kept = ks_diagram_get_layout (diagram);
          g_autoptr(KsDiagramLayout) fresh = ks_diagram_layout_new (engine, ks_diagram_layout_get_view (kept));

          g_assert_true (ks_diagram_layout_get_view (kept) == ks_engine_find_view (engine, ks_diagram_get_view (diagram)));
          assert_same_layout (kept, fresh);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyshape/diagram/layout-conformance", test_layout_conformance);
  g_test_add_func ("/keyshape/diagram/layout-native", test_layout_native);
  g_test_add_func ("/keyshape/diagram/hit-outside", test_hit_outside);
  g_test_add_func ("/keyshape/diagram/sparse-note", test_sparse_note);
  g_test_add_func ("/keyshape/diagram/export-conformance", test_export_conformance);
  g_test_add_func ("/keyshape/diagram/export-keys-only", test_export_keys_only);
  g_test_add_func ("/keyshape/diagram/export-errors", test_export_errors);
  g_test_add_func ("/keyshape/diagram/highlight-pattern", test_highlight_pattern);
  g_test_add_func ("/keyshape/diagram/follows-engine", test_follows_engine);
  g_test_add_func ("/keyshape/diagram/large", test_large);
  g_test_add_func ("/keyshape/diagram/layout-cache", test_layout_cache);

  return g_test_run ();
}
