/* ks-index-editor.c: the inspector page of a secondary index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-index-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ks-index-editor.h"

struct _KsIndexEditor
{
  GtkWidget    parent_instance;

  GtkLabel    *title_label;
  AdwEntryRow *name_row;
  AdwComboRow *kind_row;
  GtkListBox  *pk_list;
  GtkListBox  *sk_list;
  GtkButton   *pk_add;
  GtkButton   *sk_add;
  AdwComboRow *projection_row;
  AdwEntryRow *include_row;

  KsDocument  *document;
  KsIndex     *index;
  gboolean     updating;
};

G_DEFINE_FINAL_TYPE (KsIndexEditor, ks_index_editor, GTK_TYPE_WIDGET)

static const char * const key_type_names[] = { "S", "N", "B", NULL };
static const KsType key_types[] = { KS_TYPE_S, KS_TYPE_N, KS_TYPE_B };

static void update_fields (KsIndexEditor *self);

static KsTable *
index_table (KsIndexEditor *self)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (ks_document_get_design (self->document)));

  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      if (g_list_store_find (ks_table_get_indexes (table), self->index, NULL))
        return table;
    }
  return NULL;
}

/* Reads the key rows back into a schema and commits it when it differs. */
static void
apply_keys (KsIndexEditor *self)
{
  g_autoptr(KsKeySchema) schema = ks_key_schema_new ();
  GtkListBox *lists[] = { self->pk_list, self->sk_list };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (self->index == NULL || self->updating)
    return;
  for (guint l = 0; l < 2; l++)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (lists[l])); row;
         row = gtk_widget_get_next_sibling (row))
      {
        GtkEditable *entry = g_object_get_data (G_OBJECT (row), "ks-entry");
        GtkDropDown *type = g_object_get_data (G_OBJECT (row), "ks-type");
        const char *name;

        if (entry == NULL)
          continue;
        name = gtk_editable_get_text (entry);
        if (*name == '\0' || !g_hash_table_add (seen, (gpointer) name))
          {
            gtk_widget_error_bell (GTK_WIDGET (self));
            gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s",
                                        *name == '\0' ? _("A key attribute needs a name")
                                                      : _("A key attribute can appear only once"));
            update_fields (self);
            return;
          }
        if (l == 0)
          ks_key_schema_add_pk (schema, name, key_types[gtk_drop_down_get_selected (type)]);
        else
          ks_key_schema_add_sk (schema, name, key_types[gtk_drop_down_get_selected (type)]);
      }
  if (schema->n_pk == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      update_fields (self);
      return;
    }
  if (!ks_key_schema_equal (schema, ks_index_get_key_schema (self->index)))
    ks_document_set (self->document, self->index, "key-schema", schema, NULL);
}

static void
on_key_entry_activate (GtkEntry      *entry,
                       KsIndexEditor *self)
{
  apply_keys (self);
}

static void
on_key_entry_leave (GtkEventControllerFocus *focus,
                    KsIndexEditor           *self)
{
  apply_keys (self);
}

static void
on_key_type_selected (GtkDropDown   *dropdown,
                      GParamSpec    *pspec,
                      KsIndexEditor *self)
{
  apply_keys (self);
}

static void
on_key_remove (GtkButton     *button,
               KsIndexEditor *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (row)), row);
  apply_keys (self);
}

static void
add_key_row (KsIndexEditor *self,
             GtkListBox    *list,
             const char    *name,
             KsType         type,
             gboolean       editable)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dropdown = gtk_drop_down_new_from_strings ((const char * const *) key_type_names);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set (box, "margin-start", 6, "margin-end", 6, "margin-top", 6, "margin-bottom", 6, NULL);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_has_frame (GTK_ENTRY (entry), FALSE);
  gtk_widget_add_css_class (entry, "monospace");
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Key attribute name"), -1);
  g_signal_connect (entry, "activate", G_CALLBACK (on_key_entry_activate), self);
  g_signal_connect (focus, "leave", G_CALLBACK (on_key_entry_leave), self);
  gtk_widget_add_controller (entry, focus);
  for (guint i = 0; i < G_N_ELEMENTS (key_types); i++)
    if (key_types[i] == type)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Key attribute type"), -1);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_key_type_selected), self);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Key Attribute"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove key attribute"), -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_key_remove), self);

  gtk_widget_set_sensitive (box, editable);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "ks-entry", entry);
  g_object_set_data (G_OBJECT (row), "ks-type", dropdown);
  gtk_list_box_append (list, row);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row; row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "ks-entry"))
      n++;
  return n;
}

static void
add_key_attribute (KsIndexEditor *self,
                   GtkListBox    *list,
                   const char    *suffix)
{
  g_autofree char *name = NULL;

  if (self->index == NULL || count_rows (list) >= KS_MAX_KEY_ATTRS)
    return;
  name = g_strdup_printf ("%s%s%u", ks_index_get_name (self->index), suffix, count_rows (list) + 1);
  add_key_row (self, list, name, KS_TYPE_S, TRUE);
  apply_keys (self);
}

static void
on_pk_add (GtkButton     *button,
           KsIndexEditor *self)
{
  add_key_attribute (self, self->pk_list, "PK");
}

static void
on_sk_add (GtkButton     *button,
           KsIndexEditor *self)
{
  add_key_attribute (self, self->sk_list, "SK");
}

static void
update_fields (KsIndexEditor *self)
{
  const KsKeySchema *ks;
  const char * const *include;
  g_autofree char *include_text = NULL;
  gboolean lsi;
  GtkWidget *child;

  if (self->index == NULL)
    return;
  ks = ks_index_get_key_schema (self->index);
  lsi = ks_index_get_kind (self->index) == KS_INDEX_LSI;
  self->updating = TRUE;
  gtk_label_set_text (self->title_label, ks_index_get_name (self->index));
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), ks_index_get_name (self->index)))
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), ks_index_get_name (self->index));
  adw_combo_row_set_selected (self->kind_row, lsi ? 1 : 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pk_list))))
    gtk_list_box_remove (self->pk_list, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sk_list))))
    gtk_list_box_remove (self->sk_list, child);
  for (guint i = 0; i < ks->n_pk; i++)
    add_key_row (self, self->pk_list, ks->pk[i].name, ks->pk[i].type, !lsi);
  for (guint i = 0; i < ks->n_sk; i++)
    add_key_row (self, self->sk_list, ks->sk[i].name, ks->sk[i].type, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pk_add), !lsi && ks->n_pk < KS_MAX_KEY_ATTRS);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sk_add), ks->n_sk < (lsi ? 1u : KS_MAX_KEY_ATTRS));

  adw_combo_row_set_selected (self->projection_row, ks_index_get_projection (self->index));
  gtk_widget_set_visible (GTK_WIDGET (self->include_row),
                          ks_index_get_projection (self->index) == KS_PROJECTION_INCLUDE);
  include = ks_index_get_include (self->index);
  include_text = include ? g_strjoinv (", ", (char **) include) : g_strdup ("");
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->include_row)), include_text))
    gtk_editable_set_text (GTK_EDITABLE (self->include_row), include_text);
  self->updating = FALSE;
}

static void
on_name_apply (AdwEntryRow   *row,
               KsIndexEditor *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));
  KsTable *table;
  KsDesign *design;
  GListModel *patterns;
  g_autofree char *old = NULL;

  if (self->index == NULL || self->updating)
    return;
  table = index_table (self);
  if (*name == '\0' || table == NULL ||
      (ks_table_find_index (table, name) && ks_table_find_index (table, name) != self->index))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      update_fields (self);
      return;
    }
  old = g_strdup (ks_index_get_name (self->index));
  if (g_str_equal (old, name))
    return;
  design = ks_document_get_design (self->document);
  ks_document_begin_group (self->document, _("Rename Index"));
  ks_document_set (self->document, self->index, "name", name, NULL);
  patterns = G_LIST_MODEL (ks_design_get_patterns (design));
  for (guint i = 0; i < g_list_model_get_n_items (patterns); i++)
    {
      g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, i);
      if (g_strcmp0 (ks_pattern_get_index (pattern), old) == 0)
        ks_document_set (self->document, pattern, "index", name, NULL);
    }
  ks_document_end_group (self->document);
}

static void
on_kind_selected (AdwComboRow   *row,
                  GParamSpec    *pspec,
                  KsIndexEditor *self)
{
  KsIndexKind kind = adw_combo_row_get_selected (row) == 1 ? KS_INDEX_LSI : KS_INDEX_GSI;
  KsTable *table;

  if (self->index == NULL || self->updating || kind == ks_index_get_kind (self->index))
    return;
  table = index_table (self);
  ks_document_begin_group (self->document, _("Change Index Kind"));
  if (kind == KS_INDEX_LSI && table != NULL)
    {
      /* an LSI takes the table's partition key and one sort key */
      const KsKeySchema *tks = ks_table_get_key_schema (table);
      const KsKeySchema *iks = ks_index_get_key_schema (self->index);
      g_autoptr(KsKeySchema) schema = ks_key_schema_new ();

      ks_key_schema_add_pk (schema, tks->pk[0].name, tks->pk[0].type);
      if (iks->n_sk > 0)
        ks_key_schema_add_sk (schema, iks->sk[0].name, iks->sk[0].type);
      ks_document_set (self->document, self->index, "key-schema", schema, NULL);
    }
  ks_document_set (self->document, self->index, "kind", (int) kind, NULL);
  ks_document_end_group (self->document);
}

static void
on_projection_selected (AdwComboRow   *row,
                        GParamSpec    *pspec,
                        KsIndexEditor *self)
{
  KsProjection projection = adw_combo_row_get_selected (row);

  if (self->index && !self->updating && projection != ks_index_get_projection (self->index))
    ks_document_set (self->document, self->index, "projection", (int) projection, NULL);
}

static void
on_include_apply (AdwEntryRow   *row,
                  KsIndexEditor *self)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) include = NULL;

  if (self->index == NULL || self->updating)
    return;
  parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (row)), ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i])
        g_strv_builder_add (builder, parts[i]);
    }
  include = g_strv_builder_end (builder);
  ks_document_set (self->document, self->index, "include", include, NULL);
}

static void
ks_index_editor_dispose (GObject *object)
{
  KsIndexEditor *self = KS_INDEX_EDITOR (object);

  if (self->index)
    g_signal_handlers_disconnect_by_data (self->index, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_INDEX_EDITOR);
  /* children the template does not name */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->index);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (ks_index_editor_parent_class)->dispose (object);
}

static void
ks_index_editor_class_init (KsIndexEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_index_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-index-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KsIndexEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, KsIndexEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, KsIndexEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, KsIndexEditor, pk_list);
  gtk_widget_class_bind_template_child (widget_class, KsIndexEditor, sk_list);
  gtk_widget_class_bind_template_child (widget_class, KsIndexEditor, pk_add);
  gtk_widget_class_bind_template_child (widget_class, KsIndexEditor, sk_add);
  gtk_widget_class_bind_template_child (widget_class, KsIndexEditor, projection_row);
  gtk_widget_class_bind_template_child (widget_class, KsIndexEditor, include_row);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_pk_add);
  gtk_widget_class_bind_template_callback (widget_class, on_sk_add);
  gtk_widget_class_bind_template_callback (widget_class, on_projection_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_include_apply);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ks_index_editor_init (KsIndexEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ks_index_editor_new (void)
{
  return g_object_new (KS_TYPE_INDEX_EDITOR, NULL);
}

void
ks_index_editor_set_document (KsIndexEditor *self,
                              KsDocument    *document)
{
  g_return_if_fail (KS_IS_INDEX_EDITOR (self));
  g_return_if_fail (KS_IS_DOCUMENT (document));

  ks_index_editor_set_index (self, NULL);
  g_set_object (&self->document, document);
}

/**
 * ks_index_editor_get_index:
 *
 * Returns: (transfer none) (nullable): the index edited
 */
KsIndex *
ks_index_editor_get_index (KsIndexEditor *self)
{
  g_return_val_if_fail (KS_IS_INDEX_EDITOR (self), NULL);
  return self->index;
}

void
ks_index_editor_set_index (KsIndexEditor *self,
                           KsIndex       *index)
{
  g_return_if_fail (KS_IS_INDEX_EDITOR (self));

  if (self->index == index)
    return;
  if (self->index)
    g_signal_handlers_disconnect_by_data (self->index, self);
  g_set_object (&self->index, index);
  if (index)
    g_signal_connect_swapped (index, "notify", G_CALLBACK (update_fields), self);
  update_fields (self);
}

void
ks_index_editor_focus_name (KsIndexEditor *self)
{
  g_return_if_fail (KS_IS_INDEX_EDITOR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}
