/* ks-window-export.c: the window's exports, diagram copy and print, and
 * Compare With…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ks-compare-window.h"
#include "ks-diagram-view.h"
#include "ks-diff.h"
#include "ks-export.h"
#include "ks-io.h"
#include "ks-review.h"
#include "ks-window-private.h"

static KsDiagram *
current_diagram (KsWindow  *self,
                 GError   **error)
{
  GtkWidget *view = ks_window_get_diagram_view (self);

  if (view == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The design has no table to draw"));
      return NULL;
    }
  return ks_diagram_view_get_diagram (KS_DIAGRAM_VIEW (view));
}

static gboolean
is_review_format (const char *name)
{
  return g_str_equal (name, "markdown") || g_str_equal (name, "html");
}

/* Files ---------------------------------------------------------------------------- */

/**
 * ks_window_export:
 * @format: an export format (ks-export.h): "cloudformation", "markdown"…
 *
 * Writes the design in @format to @file; a Markdown review document writes
 * its diagrams to a folder beside it. A toast says it is done, or what the
 * format could not express.
 */
gboolean
ks_window_export (KsWindow    *self,
                  const char  *format,
                  GFile       *file,
                  GError     **error)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (KS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!ks_export_to_file (ks_document_get_engine (self->document), format, file, warnings, error))
    return FALSE;
  if (warnings->len > 0)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u thing the format cannot say was left out",
                                                               "%u things the format cannot say were left out",
                                                               warnings->len), warnings->len);
      ks_window_show_toast (self, message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Exported %s"), name);
      ks_window_show_toast (self, message);
    }
  return TRUE;
}

/**
 * ks_window_export_diagram:
 * @format: "svg", "png" or "pdf"
 *
 * Writes the diagram of the view shown, as it is shown (highlight and
 * selection included), to @file, and says so in a toast.
 */
gboolean
ks_window_export_diagram (KsWindow    *self,
                          const char  *format,
                          GFile       *file,
                          GError     **error)
{
  KsDiagram *diagram;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (KS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if ((diagram = current_diagram (self, error)) == NULL)
    return FALSE;
  /* PNG at twice the size: sharp on high-density screens and in documents */
  bytes = ks_diagram_export_bytes (diagram, format, g_str_equal (format, "png") ? 2.0 : 1.0, error);
  if (bytes == NULL ||
      !g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error))
    return FALSE;
  {
    g_autofree char *name = g_file_get_basename (file);
    g_autofree char *message = g_strdup_printf (_("Exported %s"), name);
    ks_window_show_toast (self, message);
  }
  return TRUE;
}

typedef struct
{
  KsWindow *self;
  char     *format;
  gboolean  diagram;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_object_unref (data->self);
  g_free (data->format);
  g_free (data);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    ExportData      *data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      done = data->diagram ? ks_window_export_diagram (data->self, data->format, file, &error)
                           : ks_window_export (data->self, data->format, file, &error);
      if (!done)
        {
          g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);
          ks_window_show_toast (data->self, message);
        }
    }
  export_data_free (data);
  g_object_unref (dialog);
}

static void
show_export_dialog (KsWindow   *self,
                    const char *format,
                    gboolean    diagram,
                    const char *title,
                    const char *file_name)
{
  GtkFileChooserNative *dialog;
  ExportData *data = g_new0 (ExportData, 1);

  data->self = g_object_ref (self);
  data->format = g_strdup (format);
  data->diagram = diagram;
  dialog = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file_name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);
  const KsExportFormat *format = ks_export_find_format (name);
  g_autofree char *file_name = NULL;

  if (format == NULL)
    return;
  file_name = g_strconcat (ks_design_get_name (ks_document_get_design (self->document)), format->extension, NULL);
  show_export_dialog (self, name, FALSE,
                      is_review_format (name) ? _("Export Review Document") : _("Export Design"), file_name);
}

static void
export_diagram_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  const char *format = g_variant_get_string (param, NULL);
  g_autofree char *file_name = NULL;

  if (!g_str_equal (format, "svg") && !g_str_equal (format, "png") && !g_str_equal (format, "pdf"))
    return;
  /* "Shop-GSI1.svg": the design and the view drawn */
  file_name = g_strdup_printf ("%s-%s.%s", ks_design_get_name (ks_document_get_design (self->document)),
                               ks_window_get_view_name (self), format);
  show_export_dialog (self, format, TRUE, _("Export Diagram"), file_name);
}

/* Clipboard ------------------------------------------------------------------------ */

/**
 * ks_window_copy_diagram:
 *
 * Puts the diagram of the view shown on the clipboard, as an image (PNG
 * texture) and as SVG.
 */
gboolean
ks_window_copy_diagram (KsWindow  *self,
                        GError   **error)
{
  KsDiagram *diagram;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) svg = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkContentProvider) provider = NULL;
  GdkContentProvider *providers[2];

  g_return_val_if_fail (KS_IS_WINDOW (self), FALSE);

  if ((diagram = current_diagram (self, error)) == NULL ||
      (png = ks_diagram_export_bytes (diagram, "png", 2.0, error)) == NULL ||
      (svg = ks_diagram_export_bytes (diagram, "svg", 1.0, error)) == NULL ||
      (texture = gdk_texture_new_from_bytes (png, error)) == NULL)
    return FALSE;
  providers[0] = gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, texture);
  providers[1] = gdk_content_provider_new_for_bytes ("image/svg+xml", svg);
  provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  return gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)), provider);
}

static void
copy_diagram_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (ks_window_copy_diagram (self, &error))
    message = g_strdup_printf (_("Copied the diagram of %s"), ks_window_get_view_name (self));
  else
    message = g_strdup_printf (_("Could not copy the diagram: %s"), error->message);
  ks_window_show_toast (self, message);
}

/* Printing ------------------------------------------------------------------------- */

typedef struct
{
  KsDiagram *diagram;
  double     scale;       /* page units per diagram unit */
  double     page_height; /* diagram units on one page */
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_object (&job->diagram);
  g_free (job);
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double w = 0, h = 0;

  /* cards flow into the page's width at full size; a diagram still wider
   * (one card wider than the page) is scaled down, and a long one runs on
   * over as many pages as it needs */
  ks_diagram_set_wrap_width (job->diagram, width);
  ks_diagram_get_size (job->diagram, &w, &h);
  job->scale = w > 0 ? MIN (1.0, width / w) : 1.0;
  job->page_height = height / job->scale;
  gtk_print_operation_set_n_pages (operation, MAX (1, (int) ceil (h / job->page_height)));
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PrintJob          *job)
{
  ks_diagram_draw (job->diagram, gtk_print_context_get_cairo_context (context), 0, page * job->page_height,
                   gtk_print_context_get_width (context), gtk_print_context_get_height (context), job->scale);
}

/**
 * ks_window_print_diagram:
 * @pdf: (nullable): a PDF file to print to without asking, or %NULL for the
 *   print dialog
 *
 * Prints the diagram of the view shown, fitted to the page width, on as
 * many pages as it needs, with the highlighted access pattern (the
 * selected item is not outlined on paper).
 */
gboolean
ks_window_print_diagram (KsWindow  *self,
                         GFile     *pdf,
                         GError   **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  KsDiagram *shown;
  PrintJob *job;
  GtkPrintOperationResult result;
  KsPattern *pattern;

  g_return_val_if_fail (KS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (pdf == NULL || G_IS_FILE (pdf), FALSE);

  if ((shown = current_diagram (self, error)) == NULL)
    return FALSE;
  /* a diagram of its own: the page, not the window, decides the layout;
   * printed light, whatever the window's style */
  job = g_new0 (PrintJob, 1);
  job->diagram = ks_diagram_new (ks_document_get_engine (self->document));
  ks_diagram_set_view (job->diagram, ks_diagram_get_view (shown));
  pattern = ks_selection_get_pattern (self->selection);
  if (pattern != NULL)
    {
      g_autoptr(KsDiagramHighlight) highlight = ks_diagram_highlight_new_for_pattern (ks_document_get_engine (self->document),
                                                                                     pattern, NULL);
      /* the banner follows the visible area: on paper it would cover every page */
      if (highlight != NULL)
        ks_diagram_highlight_set_banner (highlight, NULL);
      ks_diagram_set_highlight (job->diagram, highlight);
    }

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  {
    g_autofree char *name = g_strdup_printf ("%s — %s", ks_design_get_name (ks_document_get_design (self->document)),
                                             ks_diagram_get_view (shown));
    gtk_print_operation_set_job_name (operation, name);
  }
  if (self->print_settings != NULL)
    gtk_print_operation_set_print_settings (operation, self->print_settings);
  if (self->page_setup != NULL)
    gtk_print_operation_set_default_page_setup (operation, self->page_setup);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), job);
  g_object_set_data_full (G_OBJECT (operation), "ks-job", job, (GDestroyNotify) print_job_free);

  if (pdf != NULL)
    {
      g_autofree char *path = g_file_get_path (pdf);
      if (path == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Can only print to a local file"));
          return FALSE;
        }
      gtk_print_operation_set_export_filename (operation, path);
    }
  result = gtk_print_operation_run (operation,
                                    pdf ? GTK_PRINT_OPERATION_ACTION_EXPORT : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (self), error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    return FALSE;
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_set_object (&self->print_settings, gtk_print_operation_get_print_settings (operation));
      g_set_object (&self->page_setup, gtk_print_operation_get_default_page_setup (operation));
    }
  return TRUE;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!ks_window_print_diagram (self, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not print: %s"), error->message);
      ks_window_show_toast (self, message);
    }
}

/* Compare With… ---------------------------------------------------------------------- */

/**
 * ks_window_compare_with:
 * @file: another version of the design (native or NoSQL Workbench)
 *
 * Shows what changed from the design in @file to the one in the window:
 * the changes, the backfill they need and the access patterns whose
 * results change.
 *
 * Returns: (transfer none): the window showing it, or %NULL with @error
 */
GtkWidget *
ks_window_compare_with (KsWindow  *self,
                        GFile     *file,
                        GError   **error)
{
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(KsDiff) diff = NULL;
  g_autofree char *old_name = NULL;
  GtkWidget *window;
  GFile *current;

  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  design = ks_io_load_file (file, NULL, NULL, error);
  if (design == NULL)
    return NULL;
  engine = ks_engine_new (design);
  diff = ks_diff_new (engine, ks_document_get_engine (self->document));
  old_name = g_file_get_basename (file);
  current = ks_document_get_file (self->document);
  if (current != NULL)
    {
      g_autofree char *new_name = g_file_get_basename (current);
      window = ks_compare_window_new (GTK_WINDOW (self), old_name, new_name, diff);
    }
  else
    window = ks_compare_window_new (GTK_WINDOW (self), old_name, ks_design_get_name (ks_document_get_design (self->document)),
                                    diff);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
on_compare_response (GtkNativeDialog *dialog,
                     int              response,
                     KsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (ks_window_compare_with (self, file, &error) == NULL)
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Could not open %s: %s"), name, error->message);
          ks_window_show_toast (self, message);
        }
    }
  g_object_unref (self);
  g_object_unref (dialog);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Keyshape Designs and NoSQL Workbench Models"));
  gtk_file_filter_add_pattern (filter, "*.json");
  dialog = gtk_file_chooser_native_new (_("Compare With"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("C_ompare"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_compare_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Set-up ------------------------------------------------------------------------------ */

void
_ks_window_class_init_export (GtkWidgetClass *widget_class)
{
  /* "markdown" and "html" join the export registry */
  ks_review_register_exports ();

  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.export-diagram", "s", export_diagram_action);
  gtk_widget_class_install_action (widget_class, "win.copy-diagram", NULL, copy_diagram_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-diagram", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
}

void
_ks_window_build_export_menu (KsWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) formats = g_menu_new ();
  g_autoptr(GMenu) review = g_menu_new ();
  g_autoptr(GMenu) diagram = g_menu_new ();
  g_autoptr(GMenu) other = g_menu_new ();

  for (const KsExportFormat *format = ks_export_get_formats (); format && format->name; format++)
    {
      g_autofree char *label = g_strdup_printf (_("%s…"), _(format->title));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.export", "s", format->name);
      g_menu_append_item (is_review_format (format->name) ? review : formats, item);
    }
  g_menu_append_section (menu, _("Design"), G_MENU_MODEL (formats));
  g_menu_append_section (menu, _("Review Document"), G_MENU_MODEL (review));
  g_menu_append (diagram, _("Diagram as SVG…"), "win.export-diagram::svg");
  g_menu_append (diagram, _("Diagram as PNG…"), "win.export-diagram::png");
  g_menu_append (diagram, _("Diagram as PDF…"), "win.export-diagram::pdf");
  g_menu_append (diagram, _("Copy Diagram as Image"), "win.copy-diagram");
  g_menu_append (diagram, _("Print Diagram…"), "win.print");
  g_menu_append_section (menu, _("Diagram"), G_MENU_MODEL (diagram));
  g_menu_append (other, _("Compare With…"), "win.compare");
  g_menu_append (other, _("Deploy to DynamoDB…"), "win.deploy");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (other));
  gtk_menu_button_set_menu_model (self->export_button, G_MENU_MODEL (menu));
}
