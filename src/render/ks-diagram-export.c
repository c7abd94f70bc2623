/* ks-diagram-export.c: the diagram as SVG, PNG or PDF, and its benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-render"

#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>

#include "ks-diagram-private.h"
#include "ks-error.h"

/* Beyond these, viewers and memory give up: PDF pages of more than 200
 * inches, PNGs wider than cairo's 32767 pixels or of more than 64 Mpx. */
#define PDF_MAX_POINTS   14400.0
#define PNG_MAX_SIDE     32767.0
#define PNG_MAX_PIXELS   (64.0 * 1024 * 1024)

typedef enum
{
  FORMAT_SVG,
  FORMAT_PNG,
  FORMAT_PDF,
} Format;

static cairo_status_t
write_to_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
format_for_path (const char *path, Format *format, GError **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".svg"))
    *format = FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".png"))
    *format = FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = FORMAT_PDF;
  else
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   _("%s: unknown diagram format; the name must end in .svg, .png or .pdf"), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_status (cairo_status_t status, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, KS_ERROR, KS_ERROR_LIMIT, _("%s: cannot draw the diagram: %s"),
               path, cairo_status_to_string (status));
  return FALSE;
}

/* Puts the invisible text layer just before the closing </svg>. */
static void
insert_text_layer (GByteArray *svg, GString *text)
{
  static const char close_tag[] = "</svg>";
  static const char open_group[] =
    "<g id=\"keyshape-text\" fill=\"#000000\" fill-opacity=\"0\" stroke=\"none\" xml:space=\"preserve\">\n";
  guint at = svg->len;

  for (guint i = svg->len; i >= sizeof close_tag - 1; i--)
    if (memcmp (svg->data + i - (sizeof close_tag - 1), close_tag, sizeof close_tag - 1) == 0)
      {
        at = i - (sizeof close_tag - 1);
        break;
      }
  g_string_prepend (text, open_group);
  g_string_append (text, "</g>\n");
  {
    g_autoptr(GByteArray) tail = g_byte_array_new ();
    g_byte_array_append (tail, svg->data + at, svg->len - at);
    g_byte_array_set_size (svg, at);
    g_byte_array_append (svg, (const guint8 *) text->str, text->len);
    g_byte_array_append (svg, tail->data, tail->len);
  }
}

/* Draws the whole diagram into a new file image; @name (a path or a format
 * name) is what error messages name. */
static GBytes *
export_bytes (KsDiagram   *self,
              Format       format,
              double       scale,
              const char  *name,
              GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  double w, h, banner_h = 0, banner_w;

  if (!(scale > 0) || scale > 16)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   _("%s: the scale must be more than 0 and at most 16 (got %g)"), name, scale);
      return NULL;
    }

  ks_diagram_get_size (self, &w, &h);
  banner_w = MIN (w - 2 * KS_DIAGRAM_MARGIN, 760);
  if (self->hl_active)
    banner_h = _ks_diagram_draw_banner (self, NULL, 0, 0, banner_w);
  if (banner_h > 0)
    h += banner_h + KS_DIAGRAM_MARGIN / 2;

  switch (format)
    {
    case FORMAT_PNG:
      scale = MIN (scale, MIN (PNG_MAX_SIDE / w, PNG_MAX_SIDE / h));
      scale = MIN (scale, sqrt (PNG_MAX_PIXELS / (w * h)));
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (1, ceil (w * scale)), MAX (1, ceil (h * scale)));
      break;
    case FORMAT_PDF:
      scale = MIN (scale, MIN (PDF_MAX_POINTS / w, PDF_MAX_POINTS / h));
      surface = cairo_pdf_surface_create_for_stream (write_to_bytes, bytes, w * scale, h * scale);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Keyshape");
      if (self->view)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, ks_view_get_name (self->view));
      break;
    case FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_to_bytes, bytes, w * scale, h * scale);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      self->svg_text = g_string_new (NULL);
      break;
    default:
      g_assert_not_reached ();
    }

  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  _ks_diagram_draw_scaled (self, cr, 0, 0, w, h, scale);
  if (banner_h > 0)
    _ks_diagram_draw_banner (self, cr, KS_DIAGRAM_MARGIN, h - banner_h - KS_DIAGRAM_MARGIN, banner_w);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (format == FORMAT_PNG && status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, write_to_bytes, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (format == FORMAT_SVG)
    {
      if (status == CAIRO_STATUS_SUCCESS)
        insert_text_layer (bytes, self->svg_text);
      g_string_free (self->svg_text, TRUE);
      self->svg_text = NULL;
    }
  if (!check_status (status, name, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

gboolean
ks_diagram_export (KsDiagram   *self,
                   double       scale,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  Format format;

  g_return_val_if_fail (KS_IS_DIAGRAM (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!format_for_path (path, &format, error))
    return FALSE;
  bytes = export_bytes (self, format, scale, path, error);
  if (bytes == NULL)
    return FALSE;
  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

GBytes *
ks_diagram_export_bytes (KsDiagram   *self,
                         const char  *format,
                         double       scale,
                         GError     **error)
{
  Format f;

  g_return_val_if_fail (KS_IS_DIAGRAM (self), NULL);
  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_ascii_strcasecmp (format, "svg") == 0)
    f = FORMAT_SVG;
  else if (g_ascii_strcasecmp (format, "png") == 0)
    f = FORMAT_PNG;
  else if (g_ascii_strcasecmp (format, "pdf") == 0)
    f = FORMAT_PDF;
  else
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   _("Unknown diagram format “%s” (svg, png or pdf)"), format);
      return NULL;
    }
  return export_bytes (self, f, scale, format, error);
}

gboolean
ks_diagram_render_to_file (KsEngine           *engine,
                           const char         *view,
                           KsDiagramHighlight *highlight,
                           KsDiagramTheme      theme,
                           double              scale,
                           const char         *path,
                           GError            **error)
{
  g_autoptr(KsDiagram) diagram = NULL;

  g_return_val_if_fail (KS_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  diagram = ks_diagram_new (engine);
  ks_diagram_set_view (diagram, view);
  if (ks_diagram_get_layout (diagram) == NULL)
    {
      if (view)
        g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND, _("No table or index named “%s”"), view);
      else
        g_set_error_literal (error, KS_ERROR, KS_ERROR_NOT_FOUND, _("The design has no table"));
      return FALSE;
    }
  ks_diagram_set_theme (diagram, theme);
  ks_diagram_set_highlight (diagram, highlight);
  return ks_diagram_export (diagram, scale, path, error);
}

double
ks_diagram_benchmark_draw_ms (KsEngine   *engine,
                              const char *view,
                              int         iterations)
{
  const double width = 1600, height = 1000;
  g_autoptr(KsDiagram) diagram = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double w, h, worst = 0;
  double zooms[] = { 1, 0.5, 0.25, 0.1, 0.01, 0 };

  g_return_val_if_fail (KS_IS_ENGINE (engine), -1);
  diagram = ks_diagram_new (engine);
  ks_diagram_set_view (diagram, view);
  if (ks_diagram_get_layout (diagram) == NULL)
    return -1;
  ks_diagram_set_wrap_width (diagram, width);
  ks_diagram_get_size (diagram, &w, &h);
  zooms[G_N_ELEMENTS (zooms) - 1] = MIN (width / w, height / h);
  iterations = MAX (iterations, 1);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      double zoom = zooms[z];
      double vis_w = width / zoom, vis_h = height / zoom;
      double span_x = MAX (w - vis_w, 0), span_y = MAX (h - vis_h, 0);
      gint64 start = g_get_monotonic_time ();
      double ms;

      for (int i = 0; i < iterations; i++)
        {
          /* scroll a third of a screen per frame, so most frames draw
           * rows they have not drawn before */
          double vx = span_x > 0 ? fmod (i * 0.5 * vis_w, span_x) : 0;
          double vy = span_y > 0 ? fmod (i * 0.37 * vis_h, span_y) : 0;
          ks_diagram_draw (diagram, cr, vx, vy, width, height, zoom);
        }
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - start) / 1000.0 / iterations;
      worst = MAX (worst, ms);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return worst;
}
