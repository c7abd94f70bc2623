/* ks-sidebar.c: the navigation sidebar of a design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-analysis.h"
#include "ks-sidebar.h"

struct _KsSidebar
{
  GtkWidget   parent_instance;

  GtkListBox *tables_list;
  GtkListBox *entities_list;
  GtkListBox *patterns_list;
  GtkListBox *problems_list;
  GtkListBox *analysis_list;
  GtkWidget  *cost_row;
  GtkWidget  *coverage_row;
  GtkLabel   *problems_count;

  KsDocument *document;
  GObject    *selected;
  const char *page;           /* "cost", "coverage" or NULL: an analysis row */
  GPtrArray  *problems;       /* KsProblem, shared with the window */
  GHashTable *status;         /* KsPattern → status, not owned keys */
  GHashTable *summaries;      /* KsPattern → char * */
  gboolean    selecting;
};

enum { PROP_0, PROP_SELECTED, PROP_PAGE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { RENAME, PROBLEM_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsSidebar, ks_sidebar, GTK_TYPE_WIDGET)

static GtkListBox *
list_for (KsSidebar *self,
          gpointer   object)
{
  if (KS_IS_TABLE (object) || KS_IS_INDEX (object))
    return self->tables_list;
  if (KS_IS_ENTITY (object))
    return self->entities_list;
  if (KS_IS_PATTERN (object))
    return self->patterns_list;
  return NULL;
}

static GtkWidget *
row_new (gpointer    object,
         GtkWidget  *start,
         GtkWidget  *label,
         GtkWidget  *end)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  if (start)
    gtk_box_append (GTK_BOX (box), start);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* short names (tables, indexes) stay whole; their tags give way */
  if (!KS_IS_ENTITY (object) && !KS_IS_PATTERN (object))
    gtk_label_set_width_chars (GTK_LABEL (label), MIN (g_utf8_strlen (gtk_label_get_text (GTK_LABEL (label)), -1), 12));
  gtk_box_append (GTK_BOX (box), label);
  if (end)
    {
      if (GTK_IS_LABEL (end) && !KS_IS_ENTITY (object))
        gtk_label_set_ellipsize (GTK_LABEL (end), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (end, "dim-label");
      gtk_widget_add_css_class (end, "caption");
      gtk_box_append (GTK_BOX (box), end);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "ks-object", g_object_ref (object), g_object_unref);
  return row;
}

/* Table and indexes -------------------------------------------------------- */

static char *
key_summary (const KsKeySchema *ks)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ks->n_pk; i++)
    g_string_append_printf (s, "%s%s", i ? "+" : "", ks->pk[i].name);
  for (guint i = 0; i < ks->n_sk; i++)
    g_string_append_printf (s, "%s%s", i ? "+" : " · ", ks->sk[i].name);
  return g_string_free (s, FALSE);
}

static void
rebuild_tables (KsSidebar *self)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (ks_document_get_design (self->document)));
  KsEngine *engine = ks_document_get_engine (self->document);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tables_list))))
    gtk_list_box_remove (self->tables_list, child);

  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));
      KsView *table_view = ks_engine_get_view (engine, ks_table_get_name (table), NULL);
      guint n_table = table_view ? ks_view_get_n_entries (table_view) : 0;
      g_autofree char *keys = key_summary (ks_table_get_key_schema (table));
      GtkWidget *label = gtk_label_new (ks_table_get_name (table));
      GtkWidget *row;

      gtk_widget_add_css_class (label, "heading");
      row = row_new (table, gtk_image_new_from_icon_name ("view-grid-symbolic"), label,
                     gtk_label_new (keys));
      gtk_widget_set_tooltip_text (row, _("The table: keys, type attribute, TTL and billing"));
      gtk_list_box_append (self->tables_list, row);

      for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
        {
          g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
          KsView *view = ks_engine_get_view (engine, ks_table_get_name (table), ks_index_get_name (index));
          guint n = view ? ks_view_get_n_entries (view) : 0;
          g_autoptr(GString) tags = g_string_new (ks_index_kind_to_string (ks_index_get_kind (index)));
          g_autofree char *tip = NULL;

          g_string_append_printf (tags, " · %s", ks_projection_to_string (ks_index_get_projection (index)));
          if (n < n_table)
            g_string_append_printf (tags, " · %s", _("sparse"));
          tip = g_strdup_printf (_("%u of %u items in this index"), n, n_table);
          row = row_new (index, gtk_image_new_from_icon_name ("view-list-symbolic"),
                         gtk_label_new (ks_index_get_name (index)), gtk_label_new (tags->str));
          gtk_widget_add_css_class (row, "index-row");
          gtk_widget_set_tooltip_text (row, tip);
          gtk_list_box_append (self->tables_list, row);
        }
    }

  /* keep the selection across the rebuild */
  if (KS_IS_TABLE (self->selected) || KS_IS_INDEX (self->selected))
    {
      g_autoptr(GObject) selected = g_object_ref (self->selected);
      ks_sidebar_select (self, selected);
    }
}

/* Entities ------------------------------------------------------------------ */

static void
update_count (GtkLabel *label)
{
  KsEntity *entity = g_object_get_data (G_OBJECT (label), "ks-entity");
  g_autofree char *text = g_strdup_printf ("%u", ks_entity_get_n_items (entity));

  gtk_label_set_text (label, text);
}

static GtkWidget *
create_entity_row (gpointer item,
                   gpointer data)
{
  KsEntity *entity = item;
  GtkWidget *dot = ks_analysis_entity_dot (entity);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  g_object_bind_property (entity, "name", name, "label", G_BINDING_SYNC_CREATE);

  gtk_widget_add_css_class (count, "numeric");
  g_object_set_data_full (G_OBJECT (count), "ks-entity", g_object_ref (entity), g_object_unref);
  update_count (GTK_LABEL (count));
  g_signal_connect_object (entity, "items-changed", G_CALLBACK (update_count), count, G_CONNECT_SWAPPED);

  return row_new (entity, dot, name, count);
}

/* Patterns ------------------------------------------------------------------ */

static void
apply_status (KsSidebar *self,
              GtkWidget *row)
{
  KsPattern *pattern = g_object_get_data (G_OBJECT (row), "ks-object");
  GtkWidget *image = g_object_get_data (G_OBJECT (row), "ks-status");
  KsPatternStatus status = GPOINTER_TO_INT (g_hash_table_lookup (self->status, pattern));
  const char *summary = g_hash_table_lookup (self->summaries, pattern);
  static const char *icons[] = {
    "content-loading-symbolic", "emblem-ok-symbolic", "dialog-warning-symbolic", "dialog-error-symbolic"
  };
  static const char *classes[] = { "dim-label", "success", "warning", "error" };

  gtk_image_set_from_icon_name (GTK_IMAGE (image), icons[status]);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (image, classes[i]);
  gtk_widget_add_css_class (image, classes[status]);
  gtk_widget_set_tooltip_text (row, summary);
}

static GtkWidget *
create_pattern_row (gpointer item,
                    gpointer data)
{
  KsSidebar *self = data;
  KsPattern *pattern = item;
  GtkWidget *image = gtk_image_new ();
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *row;

  g_object_bind_property (pattern, "name", name, "label", G_BINDING_SYNC_CREATE);
  row = row_new (pattern, image, name, NULL);
  g_object_set_data (G_OBJECT (row), "ks-status", image);
  apply_status (self, row);
  return row;
}

/* Selection ----------------------------------------------------------------- */

static void
set_selected (KsSidebar *self,
              GObject   *object)
{
  if (g_set_object (&self->selected, object))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
set_page (KsSidebar  *self,
          const char *page)
{
  if (g_strcmp0 (self->page, page) == 0)
    return;
  self->page = page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
on_row_selected (GtkListBox    *list,
                 GtkListBoxRow *row,
                 KsSidebar     *self)
{
  GtkListBox *lists[] = { self->tables_list, self->entities_list, self->patterns_list, self->analysis_list };

  if (row == NULL)
    {
      /* a row of this list went away (removed object): select nothing */
      if (!self->selecting && list_for (self, self->selected) == list)
        set_selected (self, NULL);
      else if (!self->selecting && list == self->analysis_list)
        set_page (self, NULL);
      return;
    }
  self->selecting = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (lists[i] != list)
      gtk_list_box_unselect_all (lists[i]);
  self->selecting = FALSE;
  /* both change before either is notified: no half-changed state seen */
  g_object_freeze_notify (G_OBJECT (self));
  if (list == self->analysis_list)
    {
      set_page (self, GTK_WIDGET (row) == self->cost_row ? "cost" : "coverage");
      set_selected (self, NULL);
    }
  else
    {
      set_page (self, NULL);
      set_selected (self, g_object_get_data (G_OBJECT (row), "ks-object"));
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_problem_activated (GtkListBox    *list,
                      GtkListBoxRow *row,
                      KsSidebar     *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ks-problem"));

  if (self->problems == NULL || index >= self->problems->len)
    return;
  g_signal_emit (self, signals[PROBLEM_ACTIVATED], 0, g_ptr_array_index (self->problems, index));
}

static void
on_engine_changed (KsEngine    *engine,
                   KsChangeSet *changes,
                   KsSidebar   *self)
{
  if (changes->full)
    rebuild_tables (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KsSidebar *self = KS_SIDEBAR (widget);
  KsDesign *design;
  GListStore *store = NULL;
  guint position;

  if (self->document == NULL || self->selected == NULL)
    return;
  design = ks_document_get_design (self->document);
  if (KS_IS_ENTITY (self->selected))
    store = ks_design_get_entities (design);
  else if (KS_IS_PATTERN (self->selected))
    store = ks_design_get_patterns (design);
  else if (KS_IS_INDEX (self->selected))
    {
      GListModel *tables = G_LIST_MODEL (ks_design_get_tables (design));
      for (guint t = 0; t < g_list_model_get_n_items (tables) && store == NULL; t++)
        {
          g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
          if (g_list_store_find (ks_table_get_indexes (table), self->selected, NULL))
            store = ks_table_get_indexes (table);
        }
    }
  if (store == NULL || !g_list_store_find (store, self->selected, &position))
    {
      gtk_widget_error_bell (widget);
      return;
    }
  ks_document_remove_object (self->document, store, position);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KsSidebar *self = KS_SIDEBAR (widget);

  if (self->selected != NULL)
    g_signal_emit (self, signals[RENAME], 0, self->selected);
}

static void
on_right_click (GtkGestureClick *gesture,
                int              n_press,
                double           x,
                double           y,
                KsSidebar       *self)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (GTK_LIST_BOX (list), y);
  g_autoptr(GMenu) menu = NULL;
  GtkWidget *popover;

  if (row == NULL)
    return;
  gtk_list_box_select_row (GTK_LIST_BOX (list), row);
  menu = g_menu_new ();
  g_menu_append (menu, _("_Rename"), "sidebar.rename");
  if (!KS_IS_TABLE (self->selected))
    g_menu_append (menu, _("_Delete"), "sidebar.remove");
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, GTK_WIDGET (row));
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover),
                               &(GdkRectangle) { x, y - gtk_widget_get_allocated_height (GTK_WIDGET (row)) * 0, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

/* GObject -------------------------------------------------------------------- */

static void
ks_sidebar_dispose (GObject *object)
{
  KsSidebar *self = KS_SIDEBAR (object);

  if (self->document)
    g_signal_handlers_disconnect_by_data (ks_document_get_engine (self->document), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_SIDEBAR);
  /* children the template does not name */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->document);
  g_clear_object (&self->selected);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->status, g_hash_table_unref);
  g_clear_pointer (&self->summaries, g_hash_table_unref);
  G_OBJECT_CLASS (ks_sidebar_parent_class)->dispose (object);
}

static void
ks_sidebar_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KsSidebar *self = KS_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;
    case PROP_PAGE:
      g_value_set_string (value, self->page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_sidebar_class_init (KsSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_sidebar_dispose;
  object_class->get_property = ks_sidebar_get_property;

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KsSidebar::rename:
   * @object: the table, index, entity or pattern to rename
   */
  signals[RENAME] =
    g_signal_new ("rename", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_OBJECT);
  /**
   * KsSidebar::problem-activated:
   * @problem: (type gpointer): the #KsProblem
   */
  signals[PROBLEM_ACTIVATED] =
    g_signal_new ("problem-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, KsSidebar, tables_list);
  gtk_widget_class_bind_template_child (widget_class, KsSidebar, entities_list);
  gtk_widget_class_bind_template_child (widget_class, KsSidebar, patterns_list);
  gtk_widget_class_bind_template_child (widget_class, KsSidebar, problems_list);
  gtk_widget_class_bind_template_child (widget_class, KsSidebar, analysis_list);
  gtk_widget_class_bind_template_child (widget_class, KsSidebar, cost_row);
  gtk_widget_class_bind_template_child (widget_class, KsSidebar, coverage_row);
  gtk_widget_class_bind_template_child (widget_class, KsSidebar, problems_count);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_activated);

  gtk_widget_class_install_action (widget_class, "sidebar.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "sidebar.rename", NULL, rename_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "sidebar.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "sidebar.rename", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kssidebar");
}

static void
ks_sidebar_init (KsSidebar *self)
{
  GtkListBox *lists[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->status = g_hash_table_new (NULL, NULL);
  self->summaries = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  lists[0] = self->tables_list;
  lists[1] = self->entities_list;
  lists[2] = self->patterns_list;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      GtkGesture *click = gtk_gesture_click_new ();
      gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
      g_signal_connect (click, "pressed", G_CALLBACK (on_right_click), self);
      gtk_widget_add_controller (GTK_WIDGET (lists[i]), GTK_EVENT_CONTROLLER (click));
    }
}

GtkWidget *
ks_sidebar_new (void)
{
  return g_object_new (KS_TYPE_SIDEBAR, NULL);
}

void
ks_sidebar_set_document (KsSidebar  *self,
                         KsDocument *document)
{
  KsDesign *design;

  g_return_if_fail (KS_IS_SIDEBAR (self));
  g_return_if_fail (KS_IS_DOCUMENT (document));

  if (self->document)
    g_signal_handlers_disconnect_by_data (ks_document_get_engine (self->document), self);
  g_set_object (&self->document, document);
  set_selected (self, NULL);
  g_hash_table_remove_all (self->status);
  g_hash_table_remove_all (self->summaries);

  design = ks_document_get_design (document);
  gtk_list_box_bind_model (self->entities_list, G_LIST_MODEL (ks_design_get_entities (design)),
                           create_entity_row, self, NULL);
  gtk_list_box_bind_model (self->patterns_list, G_LIST_MODEL (ks_design_get_patterns (design)),
                           create_pattern_row, self, NULL);
  rebuild_tables (self);
  g_signal_connect (ks_document_get_engine (document), "changed", G_CALLBACK (on_engine_changed), self);
}

/**
 * ks_sidebar_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected model object
 */
gpointer
ks_sidebar_get_selected (KsSidebar *self)
{
  g_return_val_if_fail (KS_IS_SIDEBAR (self), NULL);
  return self->selected;
}

void
ks_sidebar_select (KsSidebar *self,
                   gpointer   object)
{
  GtkListBox *list;
  GtkWidget *child;

  g_return_if_fail (KS_IS_SIDEBAR (self));

  list = object ? list_for (self, object) : NULL;
  if (list == NULL)
    {
      self->selecting = TRUE;
      gtk_list_box_unselect_all (self->tables_list);
      gtk_list_box_unselect_all (self->entities_list);
      gtk_list_box_unselect_all (self->patterns_list);
      gtk_list_box_unselect_all (self->analysis_list);
      self->selecting = FALSE;
      g_object_freeze_notify (G_OBJECT (self));
      set_page (self, NULL);
      set_selected (self, NULL);
      g_object_thaw_notify (G_OBJECT (self));
      return;
    }
  for (child = gtk_widget_get_first_child (GTK_WIDGET (list)); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_object_get_data (G_OBJECT (child), "ks-object") == object)
      {
        if (gtk_list_box_get_selected_row (list) == GTK_LIST_BOX_ROW (child))
          set_selected (self, object);
        else
          gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (child));
        return;
      }
}

/**
 * ks_sidebar_get_page:
 *
 * Returns: (nullable): the analysis page chosen ("cost" or "coverage"),
 *   or NULL when a model object (or nothing) is
 */
const char *
ks_sidebar_get_page (KsSidebar *self)
{
  g_return_val_if_fail (KS_IS_SIDEBAR (self), NULL);
  return self->page;
}

void
ks_sidebar_select_page (KsSidebar  *self,
                        const char *page)
{
  GtkWidget *row = NULL;

  g_return_if_fail (KS_IS_SIDEBAR (self));

  if (g_strcmp0 (page, "cost") == 0)
    row = self->cost_row;
  else if (g_strcmp0 (page, "coverage") == 0)
    row = self->coverage_row;
  if (row == NULL)
    ks_sidebar_select (self, NULL);
  else
    gtk_list_box_select_row (self->analysis_list, GTK_LIST_BOX_ROW (row));
}

void
ks_sidebar_set_problems (KsSidebar *self,
                         GPtrArray *problems)
{
  GtkWidget *child;
  g_autofree char *count = NULL;

  g_return_if_fail (KS_IS_SIDEBAR (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))))
    gtk_list_box_remove (self->problems_list, child);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = problems ? g_ptr_array_ref (problems) : NULL;
  if (problems == NULL)
    return;

  /* a long list helps nobody: the first 50, most severe first as linted */
  for (guint i = 0; i < MIN (problems->len, 50); i++)
    {
      const KsProblem *p = g_ptr_array_index (problems, i);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *image = gtk_image_new_from_icon_name (p->severity == KS_SEVERITY_ERROR ? "dialog-error-symbolic"
                                                       : p->severity == KS_SEVERITY_WARNING ? "dialog-warning-symbolic"
                                                       : "dialog-information-symbolic");
      GtkWidget *label = gtk_label_new (p->rule);
      g_autofree char *tip = g_strdup_printf ("%s: %s", ks_severity_to_string (p->severity), p->message);

      gtk_widget_add_css_class (image, p->severity == KS_SEVERITY_ERROR ? "error"
                                       : p->severity == KS_SEVERITY_WARNING ? "warning" : "accent");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      if (p->entity)
        {
          g_autofree char *text = g_strdup_printf ("%s · %s", p->rule, ks_entity_get_name (p->entity));
          gtk_label_set_text (GTK_LABEL (label), text);
        }
      gtk_box_append (GTK_BOX (box), image);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_widget_set_tooltip_text (row, tip);
      g_object_set_data (G_OBJECT (row), "ks-problem", GUINT_TO_POINTER (i));
      gtk_list_box_append (self->problems_list, row);
    }
  count = problems->len ? g_strdup_printf ("%u", problems->len) : g_strdup ("");
  gtk_label_set_text (self->problems_count, count);
}

guint
ks_sidebar_get_n_problems (KsSidebar *self)
{
  g_return_val_if_fail (KS_IS_SIDEBAR (self), 0);
  return self->problems ? self->problems->len : 0;
}

void
ks_sidebar_set_pattern_status (KsSidebar       *self,
                               KsPattern       *pattern,
                               KsPatternStatus  status,
                               const char      *summary)
{
  GtkWidget *child;

  g_return_if_fail (KS_IS_SIDEBAR (self));

  g_hash_table_insert (self->status, pattern, GINT_TO_POINTER (status));
  g_hash_table_insert (self->summaries, pattern, g_strdup (summary));
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->patterns_list)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_object_get_data (G_OBJECT (child), "ks-object") == (gpointer) pattern)
      apply_status (self, child);
}
