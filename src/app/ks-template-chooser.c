/* ks-template-chooser.c: New from Template… (the bundled designs, previewed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-template-chooser"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ks-diagram-fit.h"
#include "ks-engine.h"
#include "ks-io.h"
#include "ks-template-chooser.h"

#define TEMPLATE_SUFFIX ".keyshape.json"
/* The preview shows the whole diagram when it is legible so, never
 * enlarged; a bigger one is shown from its top (title, legend, the first
 * partitions), as many columns of cards as READABLE_ZOOM lets fill the
 * width. */
#define MAX_ZOOM      1.0
#define READABLE_ZOOM 0.62
#define MAX_COLUMNS   6

typedef struct
{
  GFile    *file;
  char     *sort_key;
  KsDesign *design;     /* NULL when it could not be read */
  char     *error;
  KsEngine *engine;     /* made when first shown */
} Template;

struct _KsTemplateChooser
{
  AdwWindow        parent_instance;

  GtkListBox      *list;
  GtkButton       *create_button;
  GtkStack        *detail_stack;
  GtkLabel        *name_label;
  GtkLabel        *counts_label;
  GtkLabel        *description_label;
  GtkDrawingArea  *preview_area;
  AdwStatusPage   *error_page;

  GPtrArray       *templates;     /* Template, in listed order */
  KsDiagram       *diagram;       /* of the selected template */
  double           zoom;
  double           x;             /* viewport origin, diagram units */
  double           y;
};

enum { TEMPLATE_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsTemplateChooser, ks_template_chooser, ADW_TYPE_WINDOW)

static void
template_free (Template *template)
{
  g_clear_object (&template->engine);
  g_clear_object (&template->design);
  g_clear_object (&template->file);
  g_free (template->sort_key);
  g_free (template->error);
  g_free (template);
}

/* A design's name, else its file's */
static char *
display_name (Template *template)
{
  const char *name = template->design ? ks_design_get_name (template->design) : NULL;

  return name != NULL && *name != '\0' ? g_strdup (name) : g_file_get_basename (template->file);
}

/* Readable designs by name, then the files that could not be read */
static int
compare_templates (gconstpointer a,
                   gconstpointer b)
{
  const Template *ta = *(Template * const *) a;
  const Template *tb = *(Template * const *) b;

  if ((ta->design == NULL) != (tb->design == NULL))
    return ta->design == NULL ? 1 : -1;
  return strcmp (ta->sort_key, tb->sort_key);
}

static Template *
selected_template (KsTemplateChooser *self)
{
  int index = ks_template_chooser_get_selected (self);

  return index < 0 ? NULL : g_ptr_array_index (self->templates, index);
}

/* The first sentence of the description: what the list shows */
static char *
summary_of (const char *description)
{
  const char *end;

  if (description == NULL)
    return g_strdup ("");
  end = strstr (description, ". ");
  return end ? g_strndup (description, end - description + 1) : g_strdup (description);
}

/* The bundled templates' descriptions go on with two parts after the
 * summary (tests/test-templates.c holds them to it): each a paragraph,
 * its heading in bold. */
static char *
description_markup (const char *description)
{
  static const char * const headings[] = { "Design choices:", "Deliberately not supported:" };
  g_autofree char *escaped = g_markup_escape_text (description ? description : "", -1);
  GString *markup = g_string_new (escaped);

  for (guint i = 0; i < G_N_ELEMENTS (headings); i++)
    {
      g_autofree char *from = g_strconcat (" ", headings[i], " ", NULL);
      g_autofree char *to = g_strconcat ("\n\n<b>", headings[i], "</b> ", NULL);

      g_string_replace (markup, from, to, 1);
    }
  return g_string_free (markup, FALSE);
}

static guint
count_indexes (KsDesign *design)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (design));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (tables); i++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, i);
      n += g_list_model_get_n_items (G_LIST_MODEL (ks_table_get_indexes (table)));
    }
  return n;
}

static char *
counts_text (KsDesign *design)
{
  guint entities = g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_entities (design)));
  guint indexes = count_indexes (design);
  guint items = ks_design_count_items (design);
  guint patterns = g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_patterns (design)));
  g_autofree char *e = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entity", "%u entities", entities), entities);
  g_autofree char *x = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u index", "%u indexes", indexes), indexes);
  g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sample item", "%u sample items", items), items);
  g_autofree char *p = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u access pattern", "%u access patterns",
                                                     patterns), patterns);

  /* TRANSLATORS: the counts of a template: entities, indexes, sample
   * items, access patterns */
  return g_strdup_printf (_("%s · %s · %s · %s"), e, x, s, p);
}

/* Reading --------------------------------------------------------------------- */

static void
read_templates (KsTemplateChooser *self,
                GFile             *dir)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  if (dir != NULL)
    children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);
      g_autoptr(GError) error = NULL;
      g_autofree char *label = NULL;
      Template *template;

      if (!g_str_has_suffix (name, TEMPLATE_SUFFIX))
        {
          g_object_unref (info);
          continue;
        }
      template = g_new0 (Template, 1);
      template->file = g_file_get_child (dir, name);
      template->design = ks_io_load_file (template->file, NULL, NULL, &error);
      if (template->design == NULL)
        template->error = g_strdup (error->message);
      label = display_name (template);
      template->sort_key = g_utf8_collate_key_for_filename (label, -1);
      g_ptr_array_add (self->templates, template);
      g_object_unref (info);
    }
  g_ptr_array_sort (self->templates, compare_templates);
}

static GtkWidget *
make_row (Template *template)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *name = display_name (template);
  g_autofree char *summary = template->design ? summary_of (ks_design_get_description (template->design)) : NULL;
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *subtitle = gtk_label_new (template->design ? summary : template->error);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (title, "heading");

  /* one sentence, cut at two lines; the whole of it in the tooltip */
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (subtitle), 2);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (subtitle), 20);
  gtk_label_set_max_width_chars (GTK_LABEL (subtitle), 30);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, template->design ? "dim-label" : "error");
  gtk_widget_set_tooltip_text (row, template->design ? summary : template->error);

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/* Preview --------------------------------------------------------------------- */

/* The column count that shows the whole diagram largest, centred; or
 * its top, legibly */
static void
fit_preview (KsTemplateChooser *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self->preview_area));
  double height = gtk_widget_get_height (GTK_WIDGET (self->preview_area));
  double card_width, best_zoom = 0, w = 0, h = 0;
  guint best = 1;

  if (self->diagram == NULL || width <= 0 || height <= 0)
    return;
  if (!ks_diagram_fit_columns (self->diagram, width, height, MAX_COLUMNS, NULL, &best_zoom))
    {
      /* no table: the diagram says so at its top left */
      self->zoom = 1.0;
      self->x = self->y = 0;
      return;
    }
  if (best_zoom >= READABLE_ZOOM)
    {
      ks_diagram_get_size (self->diagram, &w, &h);
      self->zoom = MIN (best_zoom, MAX_ZOOM);
      /* negative origins leave even margins round the smaller side */
      self->x = (w - width / self->zoom) / 2;
      self->y = (h - height / self->zoom) / 2;
      return;
    }
  card_width = ks_diagram_layout_get_card_width (ks_diagram_get_layout (self->diagram));
  while (best < MAX_COLUMNS && ks_diagram_fit_wrap_width (card_width, best + 1) * READABLE_ZOOM <= width)
    best++;
  self->zoom = MIN (width / ks_diagram_fit_wrap_width (card_width, best), MAX_ZOOM);
  ks_diagram_set_wrap_width (self->diagram, ks_diagram_fit_wrap_width (card_width, best));
  ks_diagram_get_size (self->diagram, &w, &h);
  /* one card wider than the preview starts at its left edge */
  self->x = MIN ((w - width / self->zoom) / 2, 0);
  self->y = 0;
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        data)
{
  KsTemplateChooser *self = data;

  if (self->diagram != NULL)
    ks_diagram_draw (self->diagram, cr, self->x, self->y, width, height, self->zoom);
}

static void
on_preview_resize (KsTemplateChooser *self)
{
  fit_preview (self);
}

static gboolean
on_preview_query_tooltip (KsTemplateChooser *self,
                          int                x,
                          int                y,
                          gboolean           keyboard,
                          GtkTooltip        *tooltip)
{
  g_autofree char *text = NULL;

  if (self->diagram == NULL || keyboard)
    return FALSE;
  text = ks_diagram_get_tooltip (self->diagram, self->x + x / self->zoom, self->y + y / self->zoom);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
update_theme (KsTemplateChooser *self)
{
  if (self->diagram == NULL)
    return;
  ks_diagram_set_theme (self->diagram, adw_style_manager_get_dark (adw_style_manager_get_default ())
                                       ? KS_DIAGRAM_THEME_DARK : KS_DIAGRAM_THEME_LIGHT);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview_area));
}

static void
show_template (KsTemplateChooser *self,
               Template          *template)
{
  g_autofree char *counts = NULL;
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;

  g_clear_object (&self->diagram);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), template != NULL && template->design != NULL);
  if (template == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }
  if (template->design == NULL)
    {
      adw_status_page_set_description (self->error_page, template->error);
      gtk_stack_set_visible_child_name (self->detail_stack, "error");
      return;
    }

  name = display_name (template);
  gtk_label_set_text (self->name_label, name);
  counts = counts_text (template->design);
  gtk_label_set_text (self->counts_label, counts);
  description = description_markup (ks_design_get_description (template->design));
  gtk_label_set_markup (self->description_label, description);

  if (template->engine == NULL)
    template->engine = ks_engine_new (template->design);
  self->diagram = ks_diagram_new (template->engine);
  g_signal_connect_object (self->diagram, "changed", G_CALLBACK (gtk_widget_queue_draw),
                           self->preview_area, G_CONNECT_SWAPPED);
  update_theme (self);
  fit_preview (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview_area));
  gtk_stack_set_visible_child_name (self->detail_stack, "template");
}

/* Callbacks ------------------------------------------------------------------- */

static void
on_row_selected (KsTemplateChooser *self,
                 GtkListBoxRow     *row)
{
  /* the list lets its rows go after dispose took the templates */
  if (self->templates == NULL)
    return;
  show_template (self, row ? g_ptr_array_index (self->templates, gtk_list_box_row_get_index (row)) : NULL);
}

static void
on_row_activated (KsTemplateChooser *self)
{
  ks_template_chooser_choose (self);
}

static void
on_create_clicked (KsTemplateChooser *self)
{
  ks_template_chooser_choose (self);
}

/* GObject ------------------------------------------------------------------------ */

static void
ks_template_chooser_dispose (GObject *object)
{
  KsTemplateChooser *self = KS_TEMPLATE_CHOOSER (object);

  g_clear_pointer (&self->templates, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_TEMPLATE_CHOOSER);
  g_clear_object (&self->diagram);
  G_OBJECT_CLASS (ks_template_chooser_parent_class)->dispose (object);
}

static void
ks_template_chooser_class_init (KsTemplateChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_template_chooser_dispose;

  /**
   * KsTemplateChooser::template-chosen:
   * @file: the template's file
   *
   * The user chose a template to start a new design from.
   */
  signals[TEMPLATE_CHOSEN] = g_signal_new ("template-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-template-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, KsTemplateChooser, list);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateChooser, create_button);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateChooser, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateChooser, name_label);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateChooser, counts_label);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateChooser, description_label);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateChooser, preview_area);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateChooser, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_preview_resize);
  gtk_widget_class_bind_template_callback (widget_class, on_preview_query_tooltip);
}

static void
ks_template_chooser_init (KsTemplateChooser *self)
{
  self->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) template_free);
  self->zoom = 1.0;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->preview_area, draw_preview, self, NULL);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_theme), self, G_CONNECT_SWAPPED);
}

/* Public API --------------------------------------------------------------------- */

/**
 * ks_template_chooser_new:
 * @parent: (nullable): the window it is modal to
 * @dir: (nullable): the templates folder
 *
 * Returns: (transfer none): a new chooser, the first template selected
 */
GtkWidget *
ks_template_chooser_new (GtkWindow *parent,
                         GFile     *dir)
{
  KsTemplateChooser *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (dir == NULL || G_IS_FILE (dir), NULL);

  self = g_object_new (KS_TYPE_TEMPLATE_CHOOSER, "transient-for", parent, NULL);
  read_templates (self, dir);
  for (guint i = 0; i < self->templates->len; i++)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (self->templates, i)));
  if (self->templates->len > 0)
    {
      ks_template_chooser_select (self, 0);
      /* arrows and Enter work in the list from the start */
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, 0)));
    }
  else
    show_template (self, NULL);
  return GTK_WIDGET (self);
}

guint
ks_template_chooser_get_n_templates (KsTemplateChooser *self)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_CHOOSER (self), 0);
  return self->templates->len;
}

/**
 * ks_template_chooser_get_file:
 *
 * Returns: (transfer none): the file of the template at @index
 */
GFile *
ks_template_chooser_get_file (KsTemplateChooser *self,
                              guint              index)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_CHOOSER (self), NULL);
  g_return_val_if_fail (index < self->templates->len, NULL);
  return ((Template *) g_ptr_array_index (self->templates, index))->file;
}

/**
 * ks_template_chooser_get_design:
 *
 * Returns: (transfer none) (nullable): the design of the template at
 *   @index, NULL when it could not be read
 */
KsDesign *
ks_template_chooser_get_design (KsTemplateChooser *self,
                                guint              index)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_CHOOSER (self), NULL);
  g_return_val_if_fail (index < self->templates->len, NULL);
  return ((Template *) g_ptr_array_index (self->templates, index))->design;
}

/**
 * ks_template_chooser_get_error:
 *
 * Returns: (nullable): why the template at @index could not be read
 */
const char *
ks_template_chooser_get_error (KsTemplateChooser *self,
                               guint              index)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_CHOOSER (self), NULL);
  g_return_val_if_fail (index < self->templates->len, NULL);
  return ((Template *) g_ptr_array_index (self->templates, index))->error;
}

int
ks_template_chooser_find (KsTemplateChooser *self,
                          GFile             *file)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_CHOOSER (self), -1);
  g_return_val_if_fail (G_IS_FILE (file), -1);

  for (guint i = 0; i < self->templates->len; i++)
    if (g_file_equal (((Template *) g_ptr_array_index (self->templates, i))->file, file))
      return i;
  return -1;
}

void
ks_template_chooser_select (KsTemplateChooser *self,
                            guint              index)
{
  g_return_if_fail (KS_IS_TEMPLATE_CHOOSER (self));
  g_return_if_fail (index < self->templates->len);

  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, index));
}

int
ks_template_chooser_get_selected (KsTemplateChooser *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (KS_IS_TEMPLATE_CHOOSER (self), -1);
  row = gtk_list_box_get_selected_row (self->list);
  return row ? gtk_list_box_row_get_index (row) : -1;
}

/**
 * ks_template_chooser_get_diagram:
 *
 * Returns: (transfer none) (nullable): the preview's diagram
 */
KsDiagram *
ks_template_chooser_get_diagram (KsTemplateChooser *self)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_CHOOSER (self), NULL);
  return self->diagram;
}

gboolean
ks_template_chooser_choose (KsTemplateChooser *self)
{
  Template *template;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (KS_IS_TEMPLATE_CHOOSER (self), FALSE);

  template = selected_template (self);
  if (template == NULL || template->design == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  /* the handler may close us first; keep what we emit alive */
  file = g_object_ref (template->file);
  g_object_ref (self);
  g_signal_emit (self, signals[TEMPLATE_CHOSEN], 0, file);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
  return TRUE;
}
