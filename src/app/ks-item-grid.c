/* ks-item-grid.c: the sample-data grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-item-grid"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ks-error.h"
#include "ks-item-grid.h"

typedef enum
{
  COLUMN_ENTITY,
  COLUMN_KEY,
  COLUMN_ATTRIBUTE,
} ColumnKind;

typedef struct
{
  ColumnKind  kind;
  char       *name;
  KsItemGrid *grid;     /* not owned */
} ColumnSpec;

struct _KsItemGrid
{
  GtkWidget           parent_instance;

  GtkDropDown        *filter_dropdown;
  GtkLabel           *count_label;
  GtkColumnView      *column_view;

  KsDocument         *document;
  KsSelection        *selection;
  KsItemList         *list;
  GtkSingleSelection *model;
  GtkStringList      *filter_names;
  GPtrArray          *filter_entities;  /* KsEntity, parallel to names after "All" */
  GPtrArray          *specs;            /* ColumnSpec of the current columns, owned by their factories */
  GHashTable         *returned;         /* KsItem: what the highlighted access pattern returns */
  GHashTable         *bound_cells;      /* GtkWidget: cells bound to a row now */
  gboolean            syncing;
};

G_DEFINE_FINAL_TYPE (KsItemGrid, ks_item_grid, GTK_TYPE_WIDGET)

static void
column_spec_free (gpointer data)
{
  ColumnSpec *spec = data;

  g_free (spec->name);
  g_free (spec);
}

static ColumnSpec *
column_spec_new (KsItemGrid *grid,
                 ColumnKind  kind,
                 const char *name)
{
  ColumnSpec *spec = g_new0 (ColumnSpec, 1);

  spec->kind = kind;
  spec->name = g_strdup (name);
  spec->grid = grid;
  return spec;
}

/* Cells -------------------------------------------------------------------- */

/* What a cell shows, so that refreshing a row changes only what differs: a
 * template edit refreshes every row kept alive (several hundred, most off
 * screen), and in most of their cells nothing changed. */
typedef struct
{
  ColumnSpec *spec;       /* not owned */
  KsItemRow  *row;        /* bound now, or NULL */
  gulong      handler;    /* on the row's ::changed */
  gboolean    valid;      /* the fields below say what is shown */
  KsValue    *value;      /* a key or attribute cell's value (a reference) */
  gboolean    computed;
  gboolean    returned;
  char       *markup;     /* the entity cell's */
} Cell;

static GQuark
cell_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("ks-item-grid-cell");
  return quark;
}

static void
cell_forget (Cell *c)
{
  c->valid = FALSE;
  g_clear_pointer (&c->value, ks_value_unref);
  g_clear_pointer (&c->markup, g_free);
}

static void
cell_free (gpointer data)
{
  Cell *c = data;

  cell_forget (c);
  g_free (c);
}

static Cell *
get_cell (GtkWidget *cell)
{
  return g_object_get_qdata (G_OBJECT (cell), cell_quark ());
}

static KsItem *
cell_item (GtkWidget *cell)
{
  Cell *c = get_cell (cell);
  return c->row ? ks_item_row_get_item (c->row) : NULL;
}

static gboolean
is_computed (KsItem     *item,
             const char *key)
{
  /* a key attribute with a template is computed; without one the item's
   * own value is the key, and it is edited like any attribute */
  return item->entity != NULL && ks_entity_get_template (item->entity, key) != NULL;
}

/* Setting a tooltip asks the display server where the pointer is (one
 * round trip): a grid rebinding rows on every undo step must not. */
static void
set_tooltip (GtkWidget  *cell,
             const char *text)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (cell), text) != 0)
    gtk_widget_set_tooltip_text (cell, text);
}

/* Every cell of a row the highlighted access pattern returns is marked, so
 * the row shows lit as in the diagram (GTK 4.8 has no row widgets to
 * style). */
static void
update_returned (GtkWidget *cell)
{
  Cell *c = get_cell (cell);
  KsItem *item = cell_item (cell);
  gboolean returned = item != NULL && c->spec->grid->returned != NULL &&
                      g_hash_table_contains (c->spec->grid->returned, item);

  if (c->valid && returned == c->returned)
    return;
  if (returned)
    gtk_widget_add_css_class (cell, "returned");
  else
    gtk_widget_remove_css_class (cell, "returned");
  c->returned = returned;
}

static void
update_entity_cell (GtkWidget *cell,
                    Cell      *c,
                    KsItem    *item)
{
  KsEntity *entity = item->entity;
  g_autofree char *markup = NULL;
  gboolean errors = ks_item_has_errors (item);

  if (entity == NULL)
    return;
  markup = g_markup_printf_escaped ("<span foreground=\"%s\">●</span>  %s%s",
                                    ks_entity_get_color (entity), ks_entity_get_name (entity),
                                    errors ? "  ⚠" : "");
  if (g_strcmp0 (markup, c->markup) != 0)
    {
      gtk_label_set_markup (GTK_LABEL (cell), markup);
      g_free (c->markup);
      c->markup = g_steal_pointer (&markup);
    }
  if (errors)
    {
      g_autoptr(GString) tip = g_string_new (NULL);
      for (guint i = 0; i < item->errors->len; i++)
        {
          const KsProblem *p = g_ptr_array_index (item->errors, i);
          g_string_append_printf (tip, "%s%s", i ? "\n" : "", p->message);
        }
      set_tooltip (cell, tip->str);
      gtk_widget_add_css_class (cell, "error");
    }
  else if (!c->valid || gtk_widget_get_has_tooltip (cell))
    {
      set_tooltip (cell, NULL);
      gtk_widget_remove_css_class (cell, "error");
    }
}

static void
update_value_cell (GtkWidget *cell,
                   Cell      *c,
                   KsItem    *item)
{
  ColumnSpec *spec = c->spec;
  KsValue *source = spec->kind == COLUMN_KEY ? ks_item_get_final (item) : item->values;
  KsValue *value = ks_value_lookup (source, spec->name);
  gboolean computed = spec->kind == COLUMN_KEY && is_computed (item, spec->name);
  g_autofree char *text = NULL;

  if (gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (cell)))
    return;
  /* values are immutable: the same one shows the same text */
  if (c->valid && value == c->value && computed == c->computed)
    return;
  text = value ? ks_value_to_display (value) : NULL;
  /* setting the same text again would still delete and insert it, and
   * lay the label out again */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (cell)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (cell), text ? text : "");
  gtk_editable_set_editable (GTK_EDITABLE (cell), !computed);
  if (computed || (spec->kind == COLUMN_KEY && value == NULL))
    gtk_widget_add_css_class (cell, "computed");
  else
    gtk_widget_remove_css_class (cell, "computed");
  set_tooltip (cell, computed ? _("Computed from the entity’s key template") : NULL);
  g_clear_pointer (&c->value, ks_value_unref);
  c->value = value ? ks_value_ref (value) : NULL;
  c->computed = computed;
}

static void
update_cell (GtkWidget *cell)
{
  Cell *c = get_cell (cell);
  KsItem *item = cell_item (cell);

  if (item == NULL)
    return;
  update_returned (cell);
  if (c->spec->kind == COLUMN_ENTITY)
    update_entity_cell (cell, c, item);
  else
    update_value_cell (cell, c, item);
  c->valid = TRUE;
}

static void
on_cell_editing (GtkEditableLabel *label,
                 GParamSpec       *pspec,
                 gpointer          data)
{
  Cell *c = get_cell (GTK_WIDGET (label));
  KsItem *item = cell_item (GTK_WIDGET (label));
  KsValue *current;
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  if (gtk_editable_label_get_editing (label) || item == NULL)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (label));
  current = ks_value_lookup (item->values, c->spec->name);
  shown = current ? ks_value_to_display (current) : g_strdup ("");
  if (g_str_equal (shown, text))
    return;
  /* the label shows what was typed: compare with the model again */
  cell_forget (c);
  if (!ks_item_grid_commit_cell (c->spec->grid, item, c->spec->name, text, &error))
    {
      gtk_widget_error_bell (GTK_WIDGET (label));
      gtk_widget_activate_action (GTK_WIDGET (c->spec->grid), "win.show-toast", "s", error->message);
      update_cell (GTK_WIDGET (label));
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            ColumnSpec               *spec)
{
  GtkWidget *cell;
  Cell *c = g_new0 (Cell, 1);

  if (spec->kind == COLUMN_ENTITY)
    {
      cell = gtk_label_new (NULL);
      gtk_widget_add_css_class (cell, "entity-cell");
      gtk_label_set_xalign (GTK_LABEL (cell), 0);
      gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
    }
  else
    {
      cell = gtk_editable_label_new ("");
      gtk_editable_set_width_chars (GTK_EDITABLE (cell), spec->kind == COLUMN_KEY ? 18 : 10);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (cell), 40);
      if (spec->kind == COLUMN_KEY)
        gtk_widget_add_css_class (cell, "monospace");
      /* a cell is read out by its attribute, as the column header shows */
      gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL, spec->name, -1);
      g_signal_connect (cell, "notify::editing", G_CALLBACK (on_cell_editing), NULL);
    }
  c->spec = spec;
  g_object_set_qdata_full (G_OBJECT (cell), cell_quark (), c, cell_free);
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ColumnSpec               *spec)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  KsItemRow *row = gtk_list_item_get_item (list_item);
  Cell *c = get_cell (cell);

  /* "ks-row": tests find a row's cells by it */
  g_object_set_data_full (G_OBJECT (cell), "ks-row", g_object_ref (row), g_object_unref);
  c->row = row;
  g_hash_table_add (spec->grid->bound_cells, cell);
  c->handler = g_signal_connect_swapped (row, "changed", G_CALLBACK (update_cell), cell);
  cell_forget (c);
  update_cell (cell);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             ColumnSpec               *spec)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  Cell *c = get_cell (cell);

  if (c->row != NULL && c->handler != 0)
    g_signal_handler_disconnect (c->row, c->handler);
  g_hash_table_remove (spec->grid->bound_cells, cell);
  c->handler = 0;
  c->row = NULL;
  cell_forget (c);
  g_object_set_data (G_OBJECT (cell), "ks-row", NULL);
}

/* Columns -------------------------------------------------------------------- */

static GPtrArray *
wanted_columns (KsItemGrid *self)
{
  GPtrArray *specs = g_ptr_array_new_with_free_func (column_spec_free);
  KsDesign *design = ks_document_get_design (self->document);
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (design));
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (design));
  KsEntity *filter = ks_item_list_get_filter (self->list);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_ptr_array_add (specs, column_spec_new (self, COLUMN_ENTITY, NULL));
  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      g_autoptr(GArray) keys = ks_table_list_key_attributes (table);

      for (guint k = 0; k < keys->len; k++)
        {
          const KsKeyAttr *ka = &g_array_index (keys, KsKeyAttr, k);
          if (g_hash_table_add (seen, ka->name))
            g_ptr_array_add (specs, column_spec_new (self, COLUMN_KEY, ka->name));
        }
    }
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));

      if (filter != NULL && entity != filter)
        continue;
      for (guint a = 0; a < g_list_model_get_n_items (attrs); a++)
        {
          g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, a);
          const char *name = ks_attribute_get_name (attr);
          if (!g_hash_table_contains (seen, name))
            {
              ColumnSpec *spec = column_spec_new (self, COLUMN_ATTRIBUTE, name);
              g_hash_table_add (seen, spec->name);
              g_ptr_array_add (specs, spec);
            }
        }
    }
  return specs;
}

static gboolean
specs_equal (GPtrArray *a,
             GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      ColumnSpec *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);
      if (x->kind != y->kind || g_strcmp0 (x->name, y->name) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Columns change with the structure (attributes, keys, filter), never
 * with a keystroke in a cell or a template. */
static void
update_columns (KsItemGrid *self)
{
  g_autoptr(GPtrArray) specs = wanted_columns (self);
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  if (specs_equal (specs, self->specs))
    return;

  /* without a model while the columns change: otherwise every column
   * added rebinds every visible row */
  gtk_column_view_set_model (self->column_view, NULL);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->column_view, column);
    }
  for (guint i = 0; i < specs->len; i++)
    {
      ColumnSpec *spec = g_ptr_array_index (specs, i);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data_full (G_OBJECT (factory), "ks-spec", spec, column_spec_free);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), spec);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), spec);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), spec);
      column = gtk_column_view_column_new (spec->kind == COLUMN_ENTITY ? _("Entity") : spec->name, factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (spec->kind == COLUMN_ENTITY)
        gtk_column_view_column_set_fixed_width (column, 130);
      gtk_column_view_column_set_expand (column, i + 1 == specs->len);
      gtk_column_view_append_column (self->column_view, column);
    }
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->model));
  g_ptr_array_set_free_func (specs, NULL);
  g_clear_pointer (&self->specs, g_ptr_array_unref);
  self->specs = g_steal_pointer (&specs);
}

/* Filter ------------------------------------------------------------------- */

static void
update_filter_names (KsItemGrid *self)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ks_document_get_design (self->document)));
  KsEntity *filter = ks_item_list_get_filter (self->list);
  guint n = g_list_model_get_n_items (entities);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = 0;

  g_ptr_array_set_size (self->filter_entities, 0);
  g_ptr_array_add (names, (gpointer) _("All Entities"));
  for (guint i = 0; i < n; i++)
    {
      KsEntity *entity = g_list_model_get_item (entities, i);
      g_ptr_array_add (self->filter_entities, entity);
      g_ptr_array_add (names, (gpointer) ks_entity_get_name (entity));
      if (entity == filter)
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);

  self->syncing = TRUE;
  gtk_string_list_splice (self->filter_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->filter_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->filter_dropdown, selected);
  self->syncing = FALSE;
  if (filter != NULL && selected == 0)
    ks_item_grid_set_filter (self, NULL);
}

static void
on_filter_selected (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    KsItemGrid  *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->syncing || self->list == NULL)
    return;
  ks_item_grid_set_filter (self, selected == 0 || selected == GTK_INVALID_LIST_POSITION
                                 ? NULL : g_ptr_array_index (self->filter_entities, selected - 1));
}

static void
update_count (KsItemGrid *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);

  gtk_label_set_text (self->count_label, text);
}

/* Selection ------------------------------------------------------------------ */

static void
scroll_to (KsItemGrid *self,
           guint       position)
{
  GtkWidget *child;

  /* GTK 4.8 has no gtk_column_view_scroll_to(): its inner list view has
   * the list.scroll-to-item action */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        return;
      }
}

static void
on_model_selected (GtkSingleSelection *model,
                   GParamSpec         *pspec,
                   KsItemGrid         *self)
{
  KsItemRow *row = gtk_single_selection_get_selected_item (model);

  if (self->syncing)
    return;
  self->syncing = TRUE;
  ks_selection_set_item (self->selection, row ? ks_item_row_get_item (row) : NULL);
  self->syncing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.duplicate", row != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.delete", row != NULL);
}

static void
on_selection_item (KsItemGrid *self)
{
  KsItem *item = ks_selection_get_item (self->selection);
  guint position;

  if (self->syncing)
    return;
  self->syncing = TRUE;
  if (item != NULL && ks_item_list_find (self->list, item, &position))
    {
      gtk_single_selection_set_selected (self->model, position);
      scroll_to (self, position);
    }
  else
    gtk_single_selection_set_selected (self->model, GTK_INVALID_LIST_POSITION);
  self->syncing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.duplicate", item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.delete", item != NULL);
}

static void
on_engine_changed (KsEngine    *engine,
                   KsChangeSet *changes,
                   KsItemGrid  *self)
{
  update_columns (self);
}

static void
on_entities_changed (KsItemGrid *self)
{
  update_filter_names (self);
  update_columns (self);
}

/* Actions -------------------------------------------------------------------- */

/* Values for a new item: every attribute its key templates use and every
 * required one, so that it lands in the table with readable keys. */
static KsValue *
new_item_values (KsEntity *entity)
{
  GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));
  guint n = ks_entity_get_n_items (entity) + 1;
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  KsMapBuilder *builder = ks_map_builder_new (8);

  for (guint t = 0; t < ks_entity_get_n_templates (entity); t++)
    {
      KsTemplate *tmpl = ks_entity_get_parsed_template (entity, ks_entity_get_template_key (entity, t));
      g_autoptr(GPtrArray) names = tmpl ? ks_template_get_attributes (tmpl) : NULL;
      for (guint i = 0; names && i < names->len; i++)
        g_hash_table_add (used, g_strdup (g_ptr_array_index (names, i)));
    }
  for (guint a = 0; a < g_list_model_get_n_items (attrs); a++)
    {
      g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, a);
      const char *name = ks_attribute_get_name (attr);
      KsValue *value = NULL;

      if (!ks_attribute_get_required (attr) && !g_hash_table_contains (used, name))
        continue;
      switch (ks_attribute_get_value_type (attr))
        {
        case KS_TYPE_S:
          {
            g_autofree char *text = g_strdup_printf ("%s-%u", name, n);
            value = ks_value_new_string (text, -1);
            break;
          }
        case KS_TYPE_N:
          value = ks_value_new_number_int (n);
          break;
        case KS_TYPE_BOOL:
          value = ks_value_new_bool (FALSE);
          break;
        default:
          break;
        }
      if (value != NULL)
        ks_map_builder_add (builder, name, value);
    }
  return ks_map_builder_end (builder);
}

static void
insert_and_select (KsItemGrid *self,
                   KsEntity   *entity,
                   guint       position,
                   KsValue    *values)
{
  g_autoptr(KsItem) item = ks_item_new (values);

  ks_document_insert_item (self->document, entity, position, item);
  ks_selection_set_item (self->selection, item);
}

static void
grid_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KsItemGrid *self = KS_ITEM_GRID (widget);
  KsItem *item = ks_selection_get_item (self->selection);
  guint position;

  if (self->document == NULL)
    return;
  if (g_str_equal (action_name, "grid.add"))
    {
      KsEntity *entity = NULL;
      GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ks_document_get_design (self->document)));
      g_autoptr(KsEntity) first = g_list_model_get_n_items (entities) ? g_list_model_get_item (entities, 0) : NULL;

      entity = ks_item_list_get_filter (self->list);
      if (entity == NULL && item != NULL)
        entity = item->entity;
      if (entity == NULL)
        entity = first;
      if (entity == NULL)
        {
          gtk_widget_activate_action (widget, "win.show-toast", "s", _("Add an entity first"));
          return;
        }
      insert_and_select (self, entity, ks_entity_get_n_items (entity), new_item_values (entity));
    }
  else if (item != NULL && item->entity != NULL && ks_entity_find_item (item->entity, item, &position))
    {
      if (g_str_equal (action_name, "grid.duplicate"))
        insert_and_select (self, item->entity, position + 1, ks_value_ref (item->values));
      else
        {
          KsEntity *entity = item->entity;
          ks_document_remove_item (self->document, entity, position);
          /* select the neighbour, as a list does after a deletion */
          if (ks_entity_get_n_items (entity) > 0)
            ks_selection_set_item (self->selection,
                                   ks_entity_get_item (entity, MIN (position, ks_entity_get_n_items (entity) - 1)));
          else
            ks_selection_set_item (self->selection, NULL);
        }
    }
}

/* GObject -------------------------------------------------------------------- */

static void
disconnect_document (KsItemGrid *self)
{
  if (self->document == NULL)
    return;
  g_signal_handlers_disconnect_by_data (ks_document_get_engine (self->document), self);
  g_signal_handlers_disconnect_by_data (ks_design_get_entities (ks_document_get_design (self->document)), self);
  g_signal_handlers_disconnect_by_data (self->selection, self);
}

static void
ks_item_grid_dispose (GObject *object)
{
  KsItemGrid *self = KS_ITEM_GRID (object);

  disconnect_document (self);
  if (self->column_view)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_ITEM_GRID);
  /* children the template does not name */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  g_clear_object (&self->list);
  g_clear_object (&self->document);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_names);
  g_clear_pointer (&self->filter_entities, g_ptr_array_unref);
  g_clear_pointer (&self->specs, g_ptr_array_unref);
  g_clear_pointer (&self->returned, g_hash_table_unref);
  g_clear_pointer (&self->bound_cells, g_hash_table_unref);
  G_OBJECT_CLASS (ks_item_grid_parent_class)->dispose (object);
}

static void
ks_item_grid_class_init (KsItemGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_item_grid_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-item-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, KsItemGrid, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KsItemGrid, count_label);
  gtk_widget_class_bind_template_child (widget_class, KsItemGrid, column_view);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_selected);

  gtk_widget_class_install_action (widget_class, "grid.add", NULL, grid_action);
  gtk_widget_class_install_action (widget_class, "grid.duplicate", NULL, grid_action);
  gtk_widget_class_install_action (widget_class, "grid.delete", NULL, grid_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK, "grid.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "grid.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "grid.delete", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ks_item_grid_init (KsItemGrid *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->bound_cells = g_hash_table_new (NULL, NULL);
  self->filter_names = gtk_string_list_new (NULL);
  self->filter_entities = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (self->filter_names));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.duplicate", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "grid.delete", FALSE);
}

GtkWidget *
ks_item_grid_new (void)
{
  return g_object_new (KS_TYPE_ITEM_GRID, NULL);
}

void
ks_item_grid_set_document (KsItemGrid  *self,
                           KsDocument  *document,
                           KsSelection *selection)
{
  g_return_if_fail (KS_IS_ITEM_GRID (self));
  g_return_if_fail (KS_IS_DOCUMENT (document));
  g_return_if_fail (KS_IS_SELECTION (selection));

  disconnect_document (self);
  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->model);
  g_clear_object (&self->list);
  g_set_object (&self->document, document);
  g_set_object (&self->selection, selection);

  self->list = ks_item_list_new (document);
  self->model = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  gtk_single_selection_set_autoselect (self->model, FALSE);
  gtk_single_selection_set_can_unselect (self->model, TRUE);
  gtk_single_selection_set_selected (self->model, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->model, "notify::selected", G_CALLBACK (on_model_selected), self);
  g_signal_connect_object (self->list, "notify::n-items", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->model));

  g_signal_connect (ks_document_get_engine (document), "changed", G_CALLBACK (on_engine_changed), self);
  g_signal_connect_swapped (ks_design_get_entities (ks_document_get_design (document)), "items-changed",
                            G_CALLBACK (on_entities_changed), self);
  g_signal_connect_swapped (selection, "notify::item", G_CALLBACK (on_selection_item), self);

  update_filter_names (self);
  update_columns (self);
  update_count (self);
  on_selection_item (self);
}

/**
 * ks_item_grid_get_list:
 *
 * Returns: (transfer none): the list model shown
 */
KsItemList *
ks_item_grid_get_list (KsItemGrid *self)
{
  g_return_val_if_fail (KS_IS_ITEM_GRID (self), NULL);
  return self->list;
}

void
ks_item_grid_set_filter (KsItemGrid *self,
                         KsEntity   *entity)
{
  g_return_if_fail (KS_IS_ITEM_GRID (self));

  if (ks_item_list_get_filter (self->list) == entity)
    return;
  self->syncing = TRUE;
  ks_item_list_set_filter (self->list, entity);
  self->syncing = FALSE;
  update_filter_names (self);
  update_columns (self);
  update_count (self);
  /* keep the shared selection on screen when it is still listed */
  on_selection_item (self);
}

guint
ks_item_grid_get_selected (KsItemGrid *self)
{
  g_return_val_if_fail (KS_IS_ITEM_GRID (self), GTK_INVALID_LIST_POSITION);
  return self->model ? gtk_single_selection_get_selected (self->model) : GTK_INVALID_LIST_POSITION;
}

void
ks_item_grid_select (KsItemGrid *self,
                     guint       position)
{
  g_return_if_fail (KS_IS_ITEM_GRID (self));
  if (self->model)
    gtk_single_selection_set_selected (self->model, position);
}

void
ks_item_grid_set_returned_items (KsItemGrid *self,
                                 GPtrArray  *items)
{
  GHashTableIter iter;
  gpointer cell;

  g_return_if_fail (KS_IS_ITEM_GRID (self));

  g_clear_pointer (&self->returned, g_hash_table_unref);
  if (items != NULL && items->len > 0)
    {
      self->returned = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) ks_item_unref, NULL);
      for (guint i = 0; i < items->len; i++)
        g_hash_table_add (self->returned, ks_item_ref (g_ptr_array_index (items, i)));
    }
  g_hash_table_iter_init (&iter, self->bound_cells);
  while (g_hash_table_iter_next (&iter, &cell, NULL))
    update_returned (cell);
}

gboolean
ks_item_grid_is_returned (KsItemGrid *self,
                          KsItem     *item)
{
  g_return_val_if_fail (KS_IS_ITEM_GRID (self), FALSE);
  return self->returned != NULL && g_hash_table_contains (self->returned, item);
}

gboolean
ks_item_grid_focus_item (KsItemGrid *self,
                         KsItem     *item)
{
  GtkWidget *child;
  guint position;

  g_return_val_if_fail (KS_IS_ITEM_GRID (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  if (self->list == NULL)
    return FALSE;
  if (!ks_item_list_find (self->list, item, &position))
    {
      ks_item_grid_set_filter (self, NULL);
      if (!ks_item_list_find (self->list, item, &position))
        return FALSE;
    }
  ks_selection_set_item (self->selection, item);
  /* GTK 4.8's column view has no API to focus a row: its inner list view
   * focuses the item list.select-item picks, as a click would */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        gtk_widget_activate_action (child, "list.select-item", "(ubb)", position, FALSE, FALSE);
        break;
      }
  return gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

GStrv
ks_item_grid_get_column_titles (KsItemGrid *self)
{
  GListModel *columns;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (KS_IS_ITEM_GRID (self), NULL);

  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_strv_builder_add (builder, gtk_column_view_column_get_title (column));
    }
  return g_strv_builder_end (builder);
}

gboolean
ks_item_grid_commit_cell (KsItemGrid  *self,
                          KsItem      *item,
                          const char  *attribute,
                          const char  *text,
                          GError     **error)
{
  KsAttribute *attr;
  KsValue *current;
  KsType type = KS_TYPE_S;
  g_autoptr(KsValue) value = NULL;

  g_return_val_if_fail (KS_IS_ITEM_GRID (self), FALSE);
  g_return_val_if_fail (item != NULL && item->entity != NULL, FALSE);

  current = ks_value_lookup (item->values, attribute);
  if (*text == '\0')
    {
      if (current != NULL)
        ks_document_set_item_values (self->document, item, ks_map_remove (item->values, attribute));
      return TRUE;
    }

  /* the declared type, else the current value's, else the key's */
  attr = ks_entity_find_attribute (item->entity, attribute);
  if (attr != NULL)
    type = ks_attribute_get_value_type (attr);
  else if (current != NULL)
    type = ks_value_get_type (current);
  else
    {
      KsTable *table = ks_design_get_entity_table (ks_document_get_design (self->document), item->entity);
      g_autoptr(GArray) keys = table ? ks_table_list_key_attributes (table) : NULL;
      for (guint i = 0; keys && i < keys->len; i++)
        if (g_str_equal (g_array_index (keys, KsKeyAttr, i).name, attribute))
          type = g_array_index (keys, KsKeyAttr, i).type;
    }

  value = ks_value_parse_text (text, type, error);
  if (value == NULL)
    {
      g_prefix_error (error, _("%s of a %s item: "), attribute, ks_entity_get_name (item->entity));
      return FALSE;
    }
  ks_document_set_item_values (self->document, item, ks_map_set (item->values, attribute, g_steal_pointer (&value)));
  return TRUE;
}
