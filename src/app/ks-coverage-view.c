/* ks-coverage-view.c: the inspector page of the coverage matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matrix is ks_coverage_new()'s (src/core/ks-coverage.c), the symbols
 * those of `keyshape-cli patterns --matrix` and of the review document.
 * It runs every access pattern, so it is made a moment after the last
 * edit and only while the page is shown.
 */
#define G_LOG_DOMAIN "keyshape-coverage-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ks-analysis.h"
#include "ks-coverage.h"
#include "ks-coverage-view.h"
#include "ks-lazy-refresh.h"

/* after the last edit: typing in the grid is not held up at every key */
#define REFRESH_DELAY_MS 300

struct _KsCoverageView
{
  GtkWidget       parent_instance;

  GtkListBox     *summary_list;
  GtkWidget      *matrix_scroller;
  GtkGrid        *matrix;
  GtkWidget      *matrix_empty;
  GtkFlowBox     *legend;
  GtkListBox     *patterns_list;
  GtkListBox     *views_list;

  KsLazyRefresh  *lazy;           /* the document, and when to recompute */
  GPtrArray      *headers;        /* GtkWidget, one per column */
  GPtrArray      *cells;          /* GtkWidget, rows × columns */
  guint           n_rows;
};

enum { OBJECT_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsCoverageView, ks_coverage_view, GTK_TYPE_WIDGET)

/* The cells' symbols and colours, the legend's order */
static const struct
{
  const char *symbol;
  const char *css_class;
  const char *text;
} kinds[] = {
  { "✓", "coverage-ok",         N_("Expected and returned") },
  { "✗", "coverage-missing",    N_("Expected, not returned") },
  { "!", "coverage-unexpected", N_("Returned, not expected") },
  { "·", "coverage-reachable",  N_("Reachable with other values") },
};

enum { KIND_OK, KIND_MISSING, KIND_UNEXPECTED, KIND_REACHABLE, KIND_NONE };

/* Helpers ------------------------------------------------------------------------ */

static int
cell_kind (KsCoverage *coverage,
           guint       row,
           guint       column)
{
  switch (ks_coverage_get_status (coverage, row, column))
    {
    case KS_COVERAGE_STATUS_OK:
      return KIND_OK;
    case KS_COVERAGE_STATUS_MISSING:
      return KIND_MISSING;
    case KS_COVERAGE_STATUS_UNEXPECTED:
      return KIND_UNEXPECTED;
    case KS_COVERAGE_STATUS_NONE:
    default:
      return ks_coverage_get_flags (coverage, row, column) & KS_COVERAGE_REACHABLE ? KIND_REACHABLE : KIND_NONE;
    }
}

/* "Query on GSI1", "Scan of ShopOrders: no key serves it", "Does not run: …" */
static char *
served_text (KsCoverage *coverage,
             guint       column)
{
  KsPatternRun *run = ks_coverage_get_run (coverage, column);
  KsView *view = ks_coverage_get_view (coverage, column);
  g_autofree char *text = NULL;

  if (run->request == NULL || run->error != NULL)
    return g_strdup_printf (_("Does not run: %s"), run->error ? run->error->message : _("no request"));
  if (view == NULL)
    return g_strdup (_("Its table or index does not exist"));
  if (run->served_by == KS_SERVED_BY_SCAN)
    return g_strdup_printf (_("Scan of %s: no key serves it"), ks_view_get_name (view));
  /* Translators: "Query on GSI1": the operation, then the table or index */
  text = g_strdup_printf (_("%s on %s"), ks_served_by_to_string (run->served_by), ks_view_get_name (view));
  if (run->needs_filter)
    return g_strdup_printf (_("%s, relies on a filter"), text);
  return g_steal_pointer (&text);
}

static char *
cell_text (KsCoverage *coverage,
           guint       row,
           guint       column)
{
  const char *entity = ks_entity_get_name (ks_coverage_get_entity (coverage, row));
  const char *pattern = ks_pattern_get_name (ks_coverage_get_pattern (coverage, column));
  guint n = ks_coverage_get_n_returned (coverage, row, column);
  gboolean reachable = (ks_coverage_get_flags (coverage, row, column) & KS_COVERAGE_REACHABLE) != 0;

  switch (cell_kind (coverage, row, column))
    {
    case KIND_OK:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s by “%s”: expected, %u item returned",
                                           "%s by “%s”: expected, %u items returned", n),
                              entity, pattern, n);
    case KIND_MISSING:
      return g_strdup_printf (reachable ? _("%s by “%s”: expected, but the sample data has none it returns")
                                        : _("%s by “%s”: expected, but the key condition cannot return it"),
                              entity, pattern);
    case KIND_UNEXPECTED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s by “%s”: %u item returned, not expected",
                                           "%s by “%s”: %u items returned, not expected", n),
                              entity, pattern, n);
    case KIND_REACHABLE:
      return g_strdup_printf (_("%s by “%s”: not returned here, reachable with other parameter values"),
                              entity, pattern);
    default:
      return g_strdup_printf (_("%s by “%s”: not returned"), entity, pattern);
    }
}

/* A pattern no key serves: it runs, as a Scan (a warning), or not at all */
static GtkWidget *
unserved_icon (KsPatternRun *run)
{
  gboolean runs = run->request != NULL && run->error == NULL;

  return ks_analysis_status_icon (runs ? "dialog-warning-symbolic" : "dialog-error-symbolic", runs ? "warning" : "error");
}

static void
on_matrix_clicked (GtkButton      *button,
                   KsCoverageView *self)
{
  GObject *object = g_object_get_data (G_OBJECT (button), "ks-object");

  if (object != NULL)
    g_signal_emit (self, signals[OBJECT_ACTIVATED], 0, object);
}

/* A flat button of the matrix that activates @object */
static GtkWidget *
matrix_button (KsCoverageView *self,
               GtkWidget      *child,
               gpointer        object,
               const char     *description,
               const char     *css_class)
{
  GtkWidget *button = gtk_button_new ();

  gtk_button_set_child (GTK_BUTTON (button), child);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, css_class);
  gtk_widget_set_tooltip_text (button, description);
  /* a symbol says little to a screen reader: the words instead */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  g_object_set_data_full (G_OBJECT (button), "ks-object", g_object_ref (object), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_matrix_clicked), self);
  return button;
}

/* The matrix ------------------------------------------------------------------------- */

static void
show_matrix (KsCoverageView *self,
             KsCoverage     *coverage)
{
  guint n_entities = ks_coverage_get_n_entities (coverage);
  guint n_patterns = ks_coverage_get_n_patterns (coverage);
  GtkWidget *child;
  GtkWidget *served;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->matrix))))
    gtk_grid_remove (self->matrix, child);
  g_ptr_array_set_size (self->headers, 0);
  g_ptr_array_set_size (self->cells, 0);
  self->n_rows = 0;

  gtk_widget_set_visible (self->matrix_scroller, n_entities > 0 && n_patterns > 0);
  gtk_widget_set_visible (self->matrix_empty, n_entities == 0 || n_patterns == 0);
  if (n_entities == 0 || n_patterns == 0)
    return;

  for (guint p = 0; p < n_patterns; p++)
    {
      KsPattern *pattern = ks_coverage_get_pattern (coverage, p);
      gboolean ok = ks_coverage_is_served (coverage, p);
      g_autofree char *number = g_strdup_printf ("%u", p + 1);
      g_autofree char *how = served_text (coverage, p);
      g_autofree char *tip = g_strdup_printf ("%u. %s\n%s", p + 1, ks_pattern_get_name (pattern), how);
      GtkWidget *label = gtk_label_new (number);
      GtkWidget *header;

      gtk_widget_add_css_class (label, "numeric");
      header = matrix_button (self, label, pattern, tip, "coverage-header");
      if (!ok)
        gtk_widget_add_css_class (header, "unserved");
      gtk_grid_attach (self->matrix, header, 1 + p, 0, 1, 1);
      g_ptr_array_add (self->headers, header);
    }

  for (guint e = 0; e < n_entities; e++)
    {
      KsEntity *entity = ks_coverage_get_entity (coverage, e);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *name = gtk_label_new (ks_entity_get_name (entity));
      g_autofree char *tip = g_strdup_printf (_("Edit %s"), ks_entity_get_name (entity));
      GtkWidget *header;

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      /* whole up to 14 characters; longer names give way, with a tooltip */
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (name), MIN (g_utf8_strlen (ks_entity_get_name (entity), -1), 14));
      gtk_label_set_max_width_chars (GTK_LABEL (name), 14);
      gtk_box_append (GTK_BOX (box), ks_analysis_entity_dot (entity));
      gtk_box_append (GTK_BOX (box), name);
      header = matrix_button (self, box, entity, tip, "coverage-entity");
      gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      ks_entity_get_name (entity), -1);
      gtk_grid_attach (self->matrix, header, 0, 1 + e, 1, 1);
      self->n_rows++;

      for (guint p = 0; p < n_patterns; p++)
        {
          int kind = cell_kind (coverage, e, p);
          g_autofree char *text = cell_text (coverage, e, p);
          GtkWidget *label = gtk_label_new (kind < KIND_NONE ? kinds[kind].symbol : "");
          GtkWidget *cell = matrix_button (self, label, ks_coverage_get_pattern (coverage, p), text, "coverage-cell");

          if (kind < KIND_NONE)
            gtk_widget_add_css_class (cell, kinds[kind].css_class);
          gtk_grid_attach (self->matrix, cell, 1 + p, 1 + e, 1, 1);
          g_ptr_array_add (self->cells, cell);
        }
    }

  /* the last line: is the pattern served by a key (GetItem or Query)? */
  served = gtk_label_new (C_("coverage matrix", "Served by a key"));
  gtk_label_set_xalign (GTK_LABEL (served), 0);
  gtk_widget_add_css_class (served, "caption");
  gtk_widget_add_css_class (served, "dim-label");
  gtk_widget_add_css_class (served, "coverage-served-title");
  gtk_grid_attach (self->matrix, served, 0, 1 + n_entities, 1, 1);
  for (guint p = 0; p < n_patterns; p++)
    {
      gboolean ok = ks_coverage_is_served (coverage, p);
      KsPatternRun *run = ks_coverage_get_run (coverage, p);
      GtkWidget *image = ok ? ks_analysis_status_icon ("emblem-ok-symbolic", "dim-label") : unserved_icon (run);
      g_autofree char *how = served_text (coverage, p);

      gtk_widget_add_css_class (image, "coverage-served");
      gtk_widget_set_tooltip_text (image, how);
      gtk_grid_attach (self->matrix, image, 1 + p, 1 + n_entities, 1, 1);
    }
}

static void
build_legend (KsCoverageView *self)
{
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *symbol = gtk_label_new (kinds[k].symbol);
      GtkWidget *text = gtk_label_new (_(kinds[k].text));

      gtk_widget_add_css_class (symbol, "coverage-symbol");
      gtk_widget_add_css_class (symbol, kinds[k].css_class);
      gtk_accessible_update_state (GTK_ACCESSIBLE (symbol), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_widget_add_css_class (text, "caption");
      gtk_box_append (GTK_BOX (box), symbol);
      gtk_box_append (GTK_BOX (box), text);
      gtk_flow_box_append (self->legend, box);
    }
  /* a key to read, not a list to move through */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->legend)); child;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}

/* The lists --------------------------------------------------------------------------- */

static void
show_summary (KsCoverageView *self,
              KsCoverage     *coverage)
{
  g_autoptr(GPtrArray) unused = ks_coverage_get_unused_indexes (coverage);
  g_autoptr(GPtrArray) unserved = ks_coverage_get_unserved_patterns (coverage);
  GtkWidget *row;

  ks_analysis_clear_list (self->summary_list);
  if (unserved->len == 0 && unused->len == 0)
    {
      row = ks_analysis_row_new (ks_coverage_get_n_patterns (coverage) > 0
                                 ? _("Every access pattern is served by a key, and every index is read")
                                 : _("No access patterns to check"), NULL, NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), ks_analysis_status_icon ("emblem-ok-symbolic", "success"));
      gtk_list_box_append (self->summary_list, row);
      return;
    }
  if (unserved->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *title = NULL;

      for (guint i = 0; i < unserved->len; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", ks_pattern_get_name (g_ptr_array_index (unserved, i)));
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u access pattern no table or index serves",
                                            "%u access patterns no table or index serves", unserved->len),
                               unserved->len);
      row = ks_analysis_row_new (title, names->str, NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), ks_analysis_status_icon ("dialog-warning-symbolic", "warning"));
      gtk_widget_add_css_class (row, "coverage-unserved");
      gtk_list_box_append (self->summary_list, row);
    }
  if (unused->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *title = NULL;

      for (guint i = 0; i < unused->len; i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", ks_view_get_name (g_ptr_array_index (unused, i)));
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u index no access pattern reads",
                                            "%u indexes no access pattern reads", unused->len),
                               unused->len);
      row = ks_analysis_row_new (title, names->str, NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 ks_analysis_status_icon ("dialog-information-symbolic", "accent"));
      gtk_list_box_append (self->summary_list, row);
    }
}

static void
show_patterns (KsCoverageView *self,
               KsCoverage     *coverage)
{
  ks_analysis_clear_list (self->patterns_list);
  for (guint p = 0; p < ks_coverage_get_n_patterns (coverage); p++)
    {
      KsPattern *pattern = ks_coverage_get_pattern (coverage, p);
      KsPatternRun *run = ks_coverage_get_run (coverage, p);
      g_autofree char *how = served_text (coverage, p);
      g_autofree char *number = g_strdup_printf ("%u", p + 1);
      GtkWidget *badge = gtk_label_new (number);
      GtkWidget *row = ks_analysis_row_new (ks_pattern_get_name (pattern), how, pattern);

      gtk_widget_add_css_class (badge, "coverage-number");
      gtk_widget_add_css_class (badge, "numeric");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), badge);
      if (!ks_coverage_is_served (coverage, p))
        {
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), unserved_icon (run));
          gtk_widget_add_css_class (badge, "unserved");
        }
      gtk_widget_set_tooltip_text (row, _("Edit the access pattern"));
      gtk_list_box_append (self->patterns_list, row);
    }
}

static void
show_views (KsCoverageView *self,
            KsCoverage     *coverage)
{
  ks_analysis_clear_list (self->views_list);
  for (guint v = 0; v < ks_coverage_get_n_views (coverage); v++)
    {
      KsView *view = ks_coverage_get_view_at (coverage, v);
      KsIndex *index = ks_view_get_index (view);
      GPtrArray *users = ks_coverage_get_view_patterns (coverage, v);
      g_autoptr(GString) numbers = g_string_new (NULL);
      g_autofree char *subtitle = NULL;
      const char *kind;
      GtkWidget *row;

      for (guint i = 0; i < users->len; i++)
        for (guint p = 0; p < ks_coverage_get_n_patterns (coverage); p++)
          if (ks_coverage_get_pattern (coverage, p) == g_ptr_array_index (users, i))
            g_string_append_printf (numbers, "%s%u", numbers->len ? ", " : "", p + 1);
      kind = index == NULL ? _("Table")
             : ks_index_get_kind (index) == KS_INDEX_LSI ? _("Local index") : _("Global index");
      if (users->len > 0)
        /* Translators: "Global index · read by patterns 5, 6" */
        subtitle = g_strdup_printf (_("%s · read by patterns %s"), kind, numbers->str);
      else
        subtitle = g_strdup_printf (_("%s · no access pattern reads it"), kind);
      row = ks_analysis_row_new (ks_view_get_name (view), subtitle,
                                 index != NULL ? (gpointer) index : (gpointer) ks_view_get_table (view));
      if (users->len == 0 && index != NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   ks_analysis_status_icon ("dialog-information-symbolic", "accent"));
      gtk_widget_set_tooltip_text (row, index != NULL ? _("Edit the index") : _("Edit the table"));
      gtk_list_box_append (self->views_list, row);
    }
}

/* Refresh ----------------------------------------------------------------------------- */

static void
refresh (GtkWidget *widget)
{
  KsCoverageView *self = KS_COVERAGE_VIEW (widget);
  KsEngine *engine = ks_document_get_engine (ks_lazy_refresh_get_document (self->lazy));
  g_autoptr(KsCoverage) coverage = ks_coverage_new (engine);

  show_summary (self, coverage);
  show_matrix (self, coverage);
  show_patterns (self, coverage);
  show_views (self, coverage);
}

static void
on_row_activated (GtkListBox     *list,
                  GtkListBoxRow  *row,
                  KsCoverageView *self)
{
  GObject *object = g_object_get_data (G_OBJECT (row), "ks-object");

  if (object != NULL)
    g_signal_emit (self, signals[OBJECT_ACTIVATED], 0, object);
}

/* GObject ------------------------------------------------------------------------------ */

static void
ks_coverage_view_dispose (GObject *object)
{
  KsCoverageView *self = KS_COVERAGE_VIEW (object);

  g_clear_pointer (&self->lazy, ks_lazy_refresh_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_COVERAGE_VIEW);
  /* children the template does not name */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->headers, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  G_OBJECT_CLASS (ks_coverage_view_parent_class)->dispose (object);
}

static void
ks_coverage_view_class_init (KsCoverageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_coverage_view_dispose;

  /**
   * KsCoverageView::object-activated:
   * @object: the #KsPattern, #KsEntity, #KsTable or #KsIndex chosen
   */
  signals[OBJECT_ACTIVATED] =
    g_signal_new ("object-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-coverage-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KsCoverageView, summary_list);
  gtk_widget_class_bind_template_child (widget_class, KsCoverageView, matrix_scroller);
  gtk_widget_class_bind_template_child (widget_class, KsCoverageView, matrix);
  gtk_widget_class_bind_template_child (widget_class, KsCoverageView, matrix_empty);
  gtk_widget_class_bind_template_child (widget_class, KsCoverageView, legend);
  gtk_widget_class_bind_template_child (widget_class, KsCoverageView, patterns_list);
  gtk_widget_class_bind_template_child (widget_class, KsCoverageView, views_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "coverageview");
}

static void
ks_coverage_view_init (KsCoverageView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* the matrix owns its widgets; these only point at them */
  self->headers = g_ptr_array_new ();
  self->cells = g_ptr_array_new ();
  /* it runs every access pattern: a moment after the last edit */
  self->lazy = ks_lazy_refresh_new (GTK_WIDGET (self), REFRESH_DELAY_MS, refresh, NULL);
  build_legend (self);
}

GtkWidget *
ks_coverage_view_new (void)
{
  return g_object_new (KS_TYPE_COVERAGE_VIEW, NULL);
}

void
ks_coverage_view_set_document (KsCoverageView *self,
                               KsDocument     *document)
{
  g_return_if_fail (KS_IS_COVERAGE_VIEW (self));
  g_return_if_fail (document == NULL || KS_IS_DOCUMENT (document));

  ks_lazy_refresh_set_document (self->lazy, document);
}

guint
ks_coverage_view_get_n_rows (KsCoverageView *self)
{
  g_return_val_if_fail (KS_IS_COVERAGE_VIEW (self), 0);
  return self->n_rows;
}

guint
ks_coverage_view_get_n_columns (KsCoverageView *self)
{
  g_return_val_if_fail (KS_IS_COVERAGE_VIEW (self), 0);
  return self->headers->len;
}

/**
 * ks_coverage_view_get_header:
 *
 * Returns: (transfer none) (nullable): the button heading @column
 */
GtkWidget *
ks_coverage_view_get_header (KsCoverageView *self,
                             guint           column)
{
  g_return_val_if_fail (KS_IS_COVERAGE_VIEW (self), NULL);
  return column < self->headers->len ? g_ptr_array_index (self->headers, column) : NULL;
}

/**
 * ks_coverage_view_get_cell:
 *
 * Returns: (transfer none) (nullable): the button of a cell
 */
GtkWidget *
ks_coverage_view_get_cell (KsCoverageView *self,
                           guint           row,
                           guint           column)
{
  g_return_val_if_fail (KS_IS_COVERAGE_VIEW (self), NULL);
  if (row >= self->n_rows || column >= self->headers->len)
    return NULL;
  return g_ptr_array_index (self->cells, (gsize) row * self->headers->len + column);
}
