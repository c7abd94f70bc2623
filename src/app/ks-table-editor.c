/* ks-table-editor.c: the inspector page of a table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-table-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ks-table-editor.h"

struct _KsTableEditor
{
  GtkWidget      parent_instance;

  GtkLabel      *title_label;
  AdwEntryRow   *name_row;
  AdwEntryRow   *pk_row;
  GtkDropDown   *pk_type;
  AdwEntryRow   *sk_row;
  GtkDropDown   *sk_type;
  AdwEntryRow   *type_row;
  AdwEntryRow   *ttl_row;
  AdwComboRow   *billing_row;
  AdwActionRow  *rcu_row;
  AdwActionRow  *wcu_row;
  GtkSpinButton *rcu_spin;
  GtkSpinButton *wcu_spin;
  GtkListBox    *indexes_list;

  KsDocument    *document;
  KsTable       *table;
  gboolean       updating;
};

enum { INDEX_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsTableEditor, ks_table_editor, GTK_TYPE_WIDGET)

static const KsType key_types[] = { KS_TYPE_S, KS_TYPE_N, KS_TYPE_B };

static guint
key_type_position (KsType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_types); i++)
    if (key_types[i] == type)
      return i;
  return 0;
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static char *
describe_index (KsIndex *index)
{
  const KsKeySchema *ks = ks_index_get_key_schema (index);
  GString *s = g_string_new (ks_index_kind_to_string (ks_index_get_kind (index)));

  g_string_append (s, " · ");
  for (guint i = 0; i < ks->n_pk; i++)
    g_string_append_printf (s, "%s%s", i ? " + " : "", ks->pk[i].name);
  for (guint i = 0; i < ks->n_sk; i++)
    g_string_append_printf (s, "%s%s", i ? " + " : " / ", ks->sk[i].name);
  g_string_append_printf (s, " · %s", ks_projection_to_string (ks_index_get_projection (index)));
  return g_string_free (s, FALSE);
}

static void
rebuild_indexes (KsTableEditor *self)
{
  GListModel *indexes;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->indexes_list))))
    gtk_list_box_remove (self->indexes_list, child);
  if (self->table == NULL)
    return;
  indexes = G_LIST_MODEL (ks_table_get_indexes (self->table));
  for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
    {
      g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
      g_autofree char *subtitle = describe_index (index);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ks_index_get_name (index));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "ks-index", g_object_ref (index), g_object_unref);
      gtk_list_box_append (self->indexes_list, row);
    }
}

static void
update_fields (KsTableEditor *self)
{
  const KsKeySchema *ks;
  gboolean provisioned;

  if (self->table == NULL)
    return;
  ks = ks_table_get_key_schema (self->table);
  self->updating = TRUE;
  gtk_label_set_text (self->title_label, ks_table_get_name (self->table));
  set_text (self->name_row, ks_table_get_name (self->table));
  set_text (self->pk_row, ks->n_pk ? ks->pk[0].name : "");
  gtk_drop_down_set_selected (self->pk_type, key_type_position (ks->n_pk ? ks->pk[0].type : KS_TYPE_S));
  set_text (self->sk_row, ks->n_sk ? ks->sk[0].name : "");
  gtk_drop_down_set_selected (self->sk_type, key_type_position (ks->n_sk ? ks->sk[0].type : KS_TYPE_S));
  set_text (self->type_row, ks_table_get_type_attribute (self->table));
  set_text (self->ttl_row, ks_table_get_ttl_attribute (self->table));
  provisioned = ks_table_get_billing_mode (self->table) == KS_BILLING_PROVISIONED;
  adw_combo_row_set_selected (self->billing_row, provisioned ? 1 : 0);
  gtk_widget_set_visible (GTK_WIDGET (self->rcu_row), provisioned);
  gtk_widget_set_visible (GTK_WIDGET (self->wcu_row), provisioned);
  gtk_spin_button_set_value (self->rcu_spin, ks_table_get_read_capacity (self->table));
  gtk_spin_button_set_value (self->wcu_spin, ks_table_get_write_capacity (self->table));
  self->updating = FALSE;
  rebuild_indexes (self);
}

static void
on_name_apply (AdwEntryRow   *row,
               KsTableEditor *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));
  KsDesign *design;
  GListModel *list;
  g_autofree char *old = NULL;

  if (self->table == NULL || self->updating)
    return;
  design = ks_document_get_design (self->document);
  if (*name == '\0' || (ks_design_find_table (design, name) && ks_design_find_table (design, name) != self->table))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      update_fields (self);
      return;
    }
  old = g_strdup (ks_table_get_name (self->table));
  if (g_str_equal (old, name))
    return;

  /* entities and patterns refer to the table by name */
  ks_document_begin_group (self->document, _("Rename Table"));
  ks_document_set (self->document, self->table, "name", name, NULL);
  list = G_LIST_MODEL (ks_design_get_entities (design));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (list, i);
      if (g_strcmp0 (ks_entity_get_table (entity), old) == 0)
        ks_document_set (self->document, entity, "table", name, NULL);
    }
  list = G_LIST_MODEL (ks_design_get_patterns (design));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(KsPattern) pattern = g_list_model_get_item (list, i);
      if (g_strcmp0 (ks_pattern_get_table (pattern), old) == 0)
        ks_document_set (self->document, pattern, "table", name, NULL);
    }
  ks_document_end_group (self->document);
}

static void
apply_keys (KsTableEditor *self)
{
  const char *pk = gtk_editable_get_text (GTK_EDITABLE (self->pk_row));
  const char *sk = gtk_editable_get_text (GTK_EDITABLE (self->sk_row));
  g_autoptr(KsKeySchema) schema = NULL;

  if (self->table == NULL || self->updating)
    return;
  if (*pk == '\0' || g_strcmp0 (pk, sk) == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s",
                                  *pk == '\0' ? _("A table needs a partition key")
                                              : _("The sort key must differ from the partition key"));
      update_fields (self);
      return;
    }
  schema = ks_key_schema_new_simple (pk, key_types[gtk_drop_down_get_selected (self->pk_type)],
                                     *sk ? sk : NULL, key_types[gtk_drop_down_get_selected (self->sk_type)]);
  if (!ks_key_schema_equal (schema, ks_table_get_key_schema (self->table)))
    ks_document_set (self->document, self->table, "key-schema", schema, NULL);
}

static void
on_keys_apply (AdwEntryRow   *row,
               KsTableEditor *self)
{
  apply_keys (self);
}

static void
on_key_type_selected (GtkDropDown   *dropdown,
                      GParamSpec    *pspec,
                      KsTableEditor *self)
{
  apply_keys (self);
}

static void
on_type_apply (AdwEntryRow   *row,
               KsTableEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->table && !self->updating)
    ks_document_set (self->document, self->table, "type-attribute", *text ? text : NULL, NULL);
}

static void
on_ttl_apply (AdwEntryRow   *row,
              KsTableEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->table && !self->updating)
    ks_document_set (self->document, self->table, "ttl-attribute", *text ? text : NULL, NULL);
}

static void
on_billing_selected (AdwComboRow   *row,
                     GParamSpec    *pspec,
                     KsTableEditor *self)
{
  KsBillingMode mode = adw_combo_row_get_selected (row) == 1 ? KS_BILLING_PROVISIONED : KS_BILLING_PAY_PER_REQUEST;

  if (self->table && !self->updating && mode != ks_table_get_billing_mode (self->table))
    ks_document_set (self->document, self->table, "billing-mode", (int) mode, NULL);
}

static void
on_capacity_changed (GtkSpinButton *spin,
                     KsTableEditor *self)
{
  if (self->table == NULL || self->updating)
    return;
  ks_document_set (self->document, self->table,
                   spin == self->rcu_spin ? "read-capacity" : "write-capacity",
                   (guint) gtk_spin_button_get_value (spin), NULL);
}

static void
on_index_activated (GtkListBox    *list,
                    GtkListBoxRow *row,
                    KsTableEditor *self)
{
  g_signal_emit (self, signals[INDEX_ACTIVATED], 0, g_object_get_data (G_OBJECT (row), "ks-index"));
}

static void
on_engine_changed (KsEngine      *engine,
                   KsChangeSet   *changes,
                   KsTableEditor *self)
{
  if (changes->full)
    update_fields (self);
}

static void
ks_table_editor_dispose (GObject *object)
{
  KsTableEditor *self = KS_TABLE_EDITOR (object);

  if (self->table)
    g_signal_handlers_disconnect_by_data (self->table, self);
  if (self->document)
    g_signal_handlers_disconnect_by_data (ks_document_get_engine (self->document), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_TABLE_EDITOR);
  /* children the template does not name */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->table);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (ks_table_editor_parent_class)->dispose (object);
}

static void
ks_table_editor_class_init (KsTableEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_table_editor_dispose;

  /**
   * KsTableEditor::index-activated:
   * @index: the #KsIndex chosen in the list
   */
  signals[INDEX_ACTIVATED] =
    g_signal_new ("index-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, KS_TYPE_INDEX);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-table-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, pk_row);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, pk_type);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, sk_row);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, sk_type);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, ttl_row);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, billing_row);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, rcu_row);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, wcu_row);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, rcu_spin);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, wcu_spin);
  gtk_widget_class_bind_template_child (widget_class, KsTableEditor, indexes_list);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_keys_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_key_type_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_type_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_ttl_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_billing_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_capacity_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_index_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ks_table_editor_init (KsTableEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ks_table_editor_new (void)
{
  return g_object_new (KS_TYPE_TABLE_EDITOR, NULL);
}

void
ks_table_editor_set_document (KsTableEditor *self,
                              KsDocument    *document)
{
  g_return_if_fail (KS_IS_TABLE_EDITOR (self));
  g_return_if_fail (KS_IS_DOCUMENT (document));

  ks_table_editor_set_table (self, NULL);
  if (self->document)
    g_signal_handlers_disconnect_by_data (ks_document_get_engine (self->document), self);
  g_set_object (&self->document, document);
  g_signal_connect (ks_document_get_engine (document), "changed", G_CALLBACK (on_engine_changed), self);
}

/**
 * ks_table_editor_get_table:
 *
 * Returns: (transfer none) (nullable): the table edited
 */
KsTable *
ks_table_editor_get_table (KsTableEditor *self)
{
  g_return_val_if_fail (KS_IS_TABLE_EDITOR (self), NULL);
  return self->table;
}

void
ks_table_editor_set_table (KsTableEditor *self,
                           KsTable       *table)
{
  g_return_if_fail (KS_IS_TABLE_EDITOR (self));

  if (self->table == table)
    return;
  if (self->table)
    g_signal_handlers_disconnect_by_data (self->table, self);
  g_set_object (&self->table, table);
  if (table)
    g_signal_connect_swapped (table, "notify", G_CALLBACK (update_fields), self);
  update_fields (self);
  if (table == NULL)
    rebuild_indexes (self);
}

void
ks_table_editor_focus_name (KsTableEditor *self)
{
  g_return_if_fail (KS_IS_TABLE_EDITOR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}
