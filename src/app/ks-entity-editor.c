/* ks-entity-editor.c: the inspector page of an entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-entity-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ks-entity-editor.h"
#include "ks-template-row.h"

struct _KsEntityEditor
{
  GtkWidget       parent_instance;

  GtkColorButton *color_button;
  GtkLabel       *title_label;
  GtkLabel       *count_label;
  AdwEntryRow    *name_row;
  AdwEntryRow    *description_row;
  GtkListBox     *attributes_list;
  GtkListBox     *keys_list;
  GtkSpinButton  *expected_spin;
  GtkSpinButton  *writes_spin;
  AdwActionRow   *size_row;

  KsDocument     *document;
  KsSelection    *selection;
  KsEntity       *entity;
  KsTable        *table;
  GPtrArray      *template_rows;     /* KsTemplateRow, not owned */
  gboolean        updating;
};

G_DEFINE_FINAL_TYPE (KsEntityEditor, ks_entity_editor, GTK_TYPE_WIDGET)

static const char * const type_names[] = {
  "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS", NULL
};

static void rebuild_keys (KsEntityEditor *self);

/* Rows read from the model ------------------------------------------------ */

static void
update_counts (KsEntityEditor *self)
{
  guint n = ks_entity_get_n_items (self->entity);
  guint64 total = 0;
  g_autofree char *count = NULL;
  g_autofree char *size = NULL;

  for (guint i = 0; i < n; i++)
    total += ks_entity_get_item (self->entity, i)->size;
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);
  gtk_label_set_text (self->count_label, count);
  if (n > 0)
    {
      g_autofree char *avg = g_format_size_full (total / n, G_FORMAT_SIZE_DEFAULT);
      /* Translators: the average size of an entity's sample items */
      size = g_strdup_printf (_("%s on average, by DynamoDB’s rules"), avg);
    }
  adw_action_row_set_subtitle (self->size_row, size ? size : _("No sample items"));
}

static void
update_fields (KsEntityEditor *self)
{
  GdkRGBA rgba;
  const char *desc;

  self->updating = TRUE;
  gtk_label_set_text (self->title_label, ks_entity_get_name (self->entity));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), ks_entity_get_name (self->entity)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), ks_entity_get_name (self->entity));
  desc = ks_entity_get_description (self->entity);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->description_row)), desc ? desc : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->description_row), desc ? desc : "");
  if (gdk_rgba_parse (&rgba, ks_entity_get_color (self->entity)))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  gtk_spin_button_set_value (self->expected_spin, ks_entity_get_expected_items (self->entity));
  gtk_spin_button_set_value (self->writes_spin, ks_entity_get_writes_per_second (self->entity));
  self->updating = FALSE;
}

static void
refresh_templates (KsEntityEditor *self)
{
  KsItem *item = self->selection ? ks_selection_get_item (self->selection) : NULL;

  for (guint i = 0; i < self->template_rows->len; i++)
    {
      KsTemplateRow *row = g_ptr_array_index (self->template_rows, i);
      ks_template_row_set_preview_item (row, item);
      ks_template_row_refresh (row);
    }
}

static void
on_engine_changed (KsEngine       *engine,
                   KsChangeSet    *changes,
                   KsEntityEditor *self)
{
  if (self->entity == NULL)
    return;
  if (changes->full)
    {
      /* key schema or indexes may have changed */
      rebuild_keys (self);
    }
  else
    refresh_templates (self);
  if (changes->full || g_ptr_array_find (changes->entities, self->entity, NULL))
    update_counts (self);
}

static void
on_selection_item (KsEntityEditor *self)
{
  refresh_templates (self);
}

/* Attributes --------------------------------------------------------------- */

/* Renames an attribute as one undo step: its definition, every sample
 * item's value and the templates that refer to it. */
static void
rename_attribute (KsEntityEditor *self,
                  KsAttribute    *attr,
                  const char     *name)
{
  g_autofree char *old = g_strdup (ks_attribute_get_name (attr));
  g_autofree char *old_ref = g_strdup_printf ("${%s", old);
  g_autofree char *new_ref = g_strdup_printf ("${%s", name);
  guint n_items = ks_entity_get_n_items (self->entity);

  if (*name == '\0' || g_str_equal (old, name))
    return;
  if (ks_entity_find_attribute (self->entity, name) != NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  ks_document_begin_group (self->document, _("Rename Attribute"));
  ks_document_set (self->document, attr, "name", name, NULL);
  for (guint i = 0; i < n_items; i++)
    {
      KsItem *item = ks_entity_get_item (self->entity, i);
      KsValue *value = ks_value_lookup (item->values, old);
      if (value != NULL)
        {
          g_autoptr(KsValue) without = ks_map_remove (item->values, old);
          ks_document_set_item_values (self->document, item,
                                       ks_map_set (without, name, ks_value_ref (value)));
        }
    }
  for (guint t = 0; t < ks_entity_get_n_templates (self->entity); t++)
    {
      const char *key = ks_entity_get_template_key (self->entity, t);
      const char *text = ks_entity_get_template (self->entity, key);
      g_auto(GStrv) parts = NULL;
      g_autoptr(GString) out = NULL;

      if (text == NULL || strstr (text, old_ref) == NULL)
        continue;
      /* replace "${old}" and "${old|" only, not "${older}" */
      out = g_string_new (NULL);
      parts = g_strsplit (text, old_ref, -1);
      g_string_append (out, parts[0]);
      for (guint p = 1; parts[p]; p++)
        {
          gboolean ours = parts[p][0] == '}' || parts[p][0] == '|';
          g_string_append (out, ours ? new_ref : old_ref);
          g_string_append (out, parts[p]);
        }
      ks_document_set_template (self->document, self->entity, key, out->str);
    }
  ks_document_end_group (self->document);
}

static void
on_attr_name_activate (GtkEntry       *entry,
                       KsEntityEditor *self)
{
  KsAttribute *attr = g_object_get_data (G_OBJECT (entry), "ks-attribute");
  rename_attribute (self, attr, gtk_editable_get_text (GTK_EDITABLE (entry)));
  /* a refused name goes back to the model's */
  gtk_editable_set_text (GTK_EDITABLE (entry), ks_attribute_get_name (attr));
}

static void
on_attr_name_leave (GtkEventControllerFocus *focus,
                    KsEntityEditor          *self)
{
  on_attr_name_activate (GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (focus))), self);
}

static void
on_attr_type_selected (GtkDropDown    *dropdown,
                       GParamSpec     *pspec,
                       KsEntityEditor *self)
{
  KsAttribute *attr = g_object_get_data (G_OBJECT (dropdown), "ks-attribute");
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || (int) selected == ks_attribute_get_value_type (attr))
    return;
  ks_document_set (self->document, attr, "value-type", (int) selected, NULL);
}

static void
on_attr_required_toggled (GtkCheckButton *check,
                          KsEntityEditor *self)
{
  KsAttribute *attr = g_object_get_data (G_OBJECT (check), "ks-attribute");
  gboolean active = gtk_check_button_get_active (check);

  if (active != ks_attribute_get_required (attr))
    ks_document_set (self->document, attr, "required", active, NULL);
}

static void
on_attr_remove (GtkButton      *button,
                KsEntityEditor *self)
{
  KsAttribute *attr = g_object_get_data (G_OBJECT (button), "ks-attribute");
  guint position;

  if (g_list_store_find (ks_entity_get_attributes (self->entity), attr, &position))
    ks_document_remove_object (self->document, ks_entity_get_attributes (self->entity), position);
}

static gboolean
type_to_selected (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      data)
{
  g_value_set_uint (to, (guint) g_value_get_int (from));
  return TRUE;
}

static GtkWidget *
create_attribute_row (gpointer item,
                      gpointer data)
{
  KsEntityEditor *self = data;
  KsAttribute *attr = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dropdown = gtk_drop_down_new_from_strings ((const char * const *) type_names);
  GtkWidget *required = gtk_check_button_new_with_label (_("Required"));
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_has_frame (GTK_ENTRY (entry), FALSE);
  gtk_widget_add_css_class (entry, "monospace");
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
  gtk_editable_set_text (GTK_EDITABLE (entry), ks_attribute_get_name (attr));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Attribute name"), -1);
  g_object_set_data (G_OBJECT (entry), "ks-attribute", attr);
  g_signal_connect (entry, "activate", G_CALLBACK (on_attr_name_activate), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_attr_name_leave), self);
  gtk_widget_add_controller (entry, focus);
  g_object_bind_property (attr, "name", entry, "text", G_BINDING_DEFAULT);

  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dropdown, _("DynamoDB type"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("DynamoDB type"), -1);
  g_object_set_data (G_OBJECT (dropdown), "ks-attribute", attr);
  g_object_bind_property_full (attr, "value-type", dropdown, "selected", G_BINDING_SYNC_CREATE,
                               type_to_selected, NULL, NULL, NULL);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_attr_type_selected), self);

  gtk_widget_set_valign (required, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (required), "ks-attribute", attr);
  g_object_bind_property (attr, "required", required, "active", G_BINDING_SYNC_CREATE);
  g_signal_connect (required, "toggled", G_CALLBACK (on_attr_required_toggled), self);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Attribute"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove attribute"), -1);
  g_object_set_data (G_OBJECT (remove), "ks-attribute", attr);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_attr_remove), self);

  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), required);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
on_add_attribute (GtkButton      *button,
                  KsEntityEditor *self)
{
  GListStore *store;
  g_autofree char *name = NULL;
  g_autoptr(KsAttribute) attr = NULL;

  if (self->entity == NULL)
    return;
  store = ks_entity_get_attributes (self->entity);
  for (guint i = 1; name == NULL || ks_entity_find_attribute (self->entity, name); i++)
    {
      g_free (name);
      name = i == 1 ? g_strdup ("attribute") : g_strdup_printf ("attribute%u", i);
    }
  attr = ks_attribute_new (name, KS_TYPE_S);
  ks_document_insert_object (self->document, store,
                             g_list_model_get_n_items (G_LIST_MODEL (store)), attr);
}

/* Keys --------------------------------------------------------------------- */

/* A key attribute may serve several indexes: one row, roles joined. */
static void
add_role (GHashTable *roles,
          GHashTable *types,
          GPtrArray  *order,
          const char *attr,
          KsType      type,
          const char *role)
{
  GString *text = g_hash_table_lookup (roles, attr);

  if (text == NULL)
    {
      g_hash_table_insert (roles, (gpointer) attr, g_string_new (role));
      g_hash_table_insert (types, (gpointer) attr, GINT_TO_POINTER (type));
      g_ptr_array_add (order, (gpointer) attr);
    }
  else
    g_string_append_printf (text, " · %s", role);
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
rebuild_keys (KsEntityEditor *self)
{
  GtkWidget *child;
  g_autoptr(GHashTable) roles = NULL;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GHashTable) types = NULL;
  GListModel *indexes;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->keys_list))))
    gtk_list_box_remove (self->keys_list, child);
  g_ptr_array_set_size (self->template_rows, 0);

  self->table = self->entity
    ? ks_design_get_entity_table (ks_document_get_design (self->document), self->entity)
    : NULL;
  if (self->table == NULL)
    return;

  roles = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, string_free);
  types = g_hash_table_new (g_str_hash, g_str_equal);
  order = g_ptr_array_new ();

  {
    const KsKeySchema *ks = ks_table_get_key_schema (self->table);
    for (guint i = 0; i < ks->n_pk; i++)
      {
        add_role (roles, types, order, ks->pk[i].name, ks->pk[i].type, _("table partition key"));
      }
    for (guint i = 0; i < ks->n_sk; i++)
      {
        add_role (roles, types, order, ks->sk[i].name, ks->sk[i].type, _("table sort key"));
      }
  }
  indexes = G_LIST_MODEL (ks_table_get_indexes (self->table));
  for (guint x = 0; x < g_list_model_get_n_items (indexes); x++)
    {
      g_autoptr(KsIndex) index = g_list_model_get_item (indexes, x);
      const KsKeySchema *ks = ks_index_get_key_schema (index);
      for (guint i = 0; i < ks->n_pk; i++)
        {
          g_autofree char *role = g_strdup_printf (_("%s partition key"), ks_index_get_name (index));
          add_role (roles, types, order, ks->pk[i].name, ks->pk[i].type, role);
        }
      for (guint i = 0; i < ks->n_sk; i++)
        {
          g_autofree char *role = g_strdup_printf (_("%s sort key"), ks_index_get_name (index));
          add_role (roles, types, order, ks->sk[i].name, ks->sk[i].type, role);
        }
    }

  for (guint i = 0; i < order->len; i++)
    {
      const char *attr = g_ptr_array_index (order, i);
      GString *role = g_hash_table_lookup (roles, attr);
      GtkWidget *row = ks_template_row_new (self->document, self->entity, attr,
                                            GPOINTER_TO_INT (g_hash_table_lookup (types, attr)),
                                            role->str);
      gtk_list_box_append (self->keys_list, row);
      g_ptr_array_add (self->template_rows, row);
    }
  refresh_templates (self);
}

/* Entity fields ------------------------------------------------------------ */

static void
on_name_apply (AdwEntryRow    *row,
               KsEntityEditor *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *old = NULL;
  GListModel *patterns;

  if (self->entity == NULL || self->updating)
    return;
  if (*name == '\0' || (ks_design_find_entity (ks_document_get_design (self->document), name) != NULL &&
                        ks_design_find_entity (ks_document_get_design (self->document), name) != self->entity))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      update_fields (self);
      return;
    }
  old = g_strdup (ks_entity_get_name (self->entity));
  if (g_str_equal (old, name))
    return;

  /* access patterns name the entities they expect */
  ks_document_begin_group (self->document, _("Rename Entity"));
  ks_document_set (self->document, self->entity, "name", name, NULL);
  patterns = G_LIST_MODEL (ks_design_get_patterns (ks_document_get_design (self->document)));
  for (guint i = 0; i < g_list_model_get_n_items (patterns); i++)
    {
      g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, i);
      const char * const *expects = ks_pattern_get_expects (pattern);
      g_auto(GStrv) renamed = NULL;

      if (expects == NULL || !g_strv_contains (expects, old))
        continue;
      renamed = g_strdupv ((char **) expects);
      for (guint k = 0; renamed[k]; k++)
        if (g_str_equal (renamed[k], old))
          {
            g_free (renamed[k]);
            renamed[k] = g_strdup (name);
          }
      ks_document_set (self->document, pattern, "expects", renamed, NULL);
    }
  ks_document_end_group (self->document);
}

static void
on_description_changed (GtkEditable    *editable,
                        KsEntityEditor *self)
{
  const char *text = gtk_editable_get_text (editable);

  if (self->entity == NULL || self->updating)
    return;
  ks_document_set (self->document, self->entity, "description", *text ? text : NULL, NULL);
}

static void
on_color_set (GtkColorButton *button,
              KsEntityEditor *self)
{
  GdkRGBA rgba;
  g_autofree char *hex = NULL;

  if (self->entity == NULL || self->updating)
    return;
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  hex = g_strdup_printf ("#%02x%02x%02x",
                         (int) (rgba.red * 255 + 0.5),
                         (int) (rgba.green * 255 + 0.5),
                         (int) (rgba.blue * 255 + 0.5));
  ks_document_set (self->document, self->entity, "color", hex, NULL);
}

static void
on_expected_changed (GtkSpinButton  *spin,
                     KsEntityEditor *self)
{
  if (self->entity == NULL || self->updating)
    return;
  ks_document_set (self->document, self->entity, "expected-items",
                   (guint64) gtk_spin_button_get_value (spin), NULL);
}

static void
on_writes_changed (GtkSpinButton  *spin,
                   KsEntityEditor *self)
{
  if (self->entity == NULL || self->updating)
    return;
  ks_document_set (self->document, self->entity, "writes-per-second",
                   gtk_spin_button_get_value (spin), NULL);
}

static void
on_entity_notify (KsEntityEditor *self)
{
  update_fields (self);
}

/* GObject ------------------------------------------------------------------ */

static void
disconnect_entity (KsEntityEditor *self)
{
  if (self->entity)
    g_signal_handlers_disconnect_by_data (self->entity, self);
}

static void
ks_entity_editor_dispose (GObject *object)
{
  KsEntityEditor *self = KS_ENTITY_EDITOR (object);

  disconnect_entity (self);
  if (self->document)
    g_signal_handlers_disconnect_by_data (ks_document_get_engine (self->document), self);
  if (self->selection)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_ENTITY_EDITOR);
  /* children the template does not name */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->entity);
  g_clear_object (&self->document);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->template_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (ks_entity_editor_parent_class)->dispose (object);
}

static void
ks_entity_editor_class_init (KsEntityEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_entity_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-entity-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KsEntityEditor, color_button);
  gtk_widget_class_bind_template_child (widget_class, KsEntityEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, KsEntityEditor, count_label);
  gtk_widget_class_bind_template_child (widget_class, KsEntityEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, KsEntityEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, KsEntityEditor, attributes_list);
  gtk_widget_class_bind_template_child (widget_class, KsEntityEditor, keys_list);
  gtk_widget_class_bind_template_child (widget_class, KsEntityEditor, expected_spin);
  gtk_widget_class_bind_template_child (widget_class, KsEntityEditor, writes_spin);
  gtk_widget_class_bind_template_child (widget_class, KsEntityEditor, size_row);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_description_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_color_set);
  gtk_widget_class_bind_template_callback (widget_class, on_add_attribute);
  gtk_widget_class_bind_template_callback (widget_class, on_expected_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_writes_changed);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ks_entity_editor_init (KsEntityEditor *self)
{
  self->template_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ks_entity_editor_new (void)
{
  return g_object_new (KS_TYPE_ENTITY_EDITOR, NULL);
}

void
ks_entity_editor_set_document (KsEntityEditor *self,
                               KsDocument     *document,
                               KsSelection    *selection)
{
  g_return_if_fail (KS_IS_ENTITY_EDITOR (self));
  g_return_if_fail (KS_IS_DOCUMENT (document));
  g_return_if_fail (KS_IS_SELECTION (selection));

  ks_entity_editor_set_entity (self, NULL);
  if (self->document)
    g_signal_handlers_disconnect_by_data (ks_document_get_engine (self->document), self);
  if (self->selection)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_set_object (&self->document, document);
  g_set_object (&self->selection, selection);
  g_signal_connect (ks_document_get_engine (document), "changed", G_CALLBACK (on_engine_changed), self);
  g_signal_connect_swapped (selection, "notify::item", G_CALLBACK (on_selection_item), self);
}

/**
 * ks_entity_editor_get_entity:
 *
 * Returns: (transfer none) (nullable): the entity edited
 */
KsEntity *
ks_entity_editor_get_entity (KsEntityEditor *self)
{
  g_return_val_if_fail (KS_IS_ENTITY_EDITOR (self), NULL);
  return self->entity;
}

void
ks_entity_editor_set_entity (KsEntityEditor *self,
                             KsEntity       *entity)
{
  g_return_if_fail (KS_IS_ENTITY_EDITOR (self));
  g_return_if_fail (entity == NULL || KS_IS_ENTITY (entity));

  if (self->entity == entity)
    return;
  ks_entity_editor_commit (self);
  disconnect_entity (self);
  g_set_object (&self->entity, entity);
  if (entity == NULL)
    {
      gtk_list_box_bind_model (self->attributes_list, NULL, NULL, NULL, NULL);
      rebuild_keys (self);
      return;
    }
  g_signal_connect_swapped (entity, "notify", G_CALLBACK (on_entity_notify), self);
  gtk_list_box_bind_model (self->attributes_list, G_LIST_MODEL (ks_entity_get_attributes (entity)),
                           create_attribute_row, self, NULL);
  update_fields (self);
  update_counts (self);
  rebuild_keys (self);
}

GtkWidget *
ks_entity_editor_get_template_row (KsEntityEditor *self,
                                   const char     *key_attribute)
{
  g_return_val_if_fail (KS_IS_ENTITY_EDITOR (self), NULL);

  for (guint i = 0; i < self->template_rows->len; i++)
    {
      KsTemplateRow *row = g_ptr_array_index (self->template_rows, i);
      if (g_strcmp0 (ks_template_row_get_key_attribute (row), key_attribute) == 0)
        return GTK_WIDGET (row);
    }
  return NULL;
}

void
ks_entity_editor_focus_name (KsEntityEditor *self)
{
  g_return_if_fail (KS_IS_ENTITY_EDITOR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

/* Hands what is typed into the template rows to the document (see
 * ks_template_row_commit ()): before the window saves, undoes or closes. */
void
ks_entity_editor_commit (KsEntityEditor *self)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_if_fail (KS_IS_ENTITY_EDITOR (self));

  /* committing refreshes the editor, which may rebuild its rows */
  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->template_rows->len; i++)
    if (ks_template_row_has_pending (g_ptr_array_index (self->template_rows, i)))
      g_ptr_array_add (rows, g_object_ref (g_ptr_array_index (self->template_rows, i)));
  for (guint i = 0; i < rows->len; i++)
    ks_template_row_commit (g_ptr_array_index (rows, i));
}
