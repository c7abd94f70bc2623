/* ks-pattern-editor.c: the inspector page of an access pattern
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-pattern-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ks-pattern-editor.h"

struct _KsPatternEditor
{
  GtkWidget      parent_instance;

  GtkLabel      *title_label;
  GtkLabel      *result_label;
  GtkLabel      *live_label;
  AdwActionRow  *live_row;
  GtkSwitch     *live_switch;
  AdwEntryRow   *name_row;
  AdwEntryRow   *description_row;
  AdwComboRow   *target_row;
  GtkListBox    *pk_list;
  AdwComboRow   *op_row;
  AdwEntryRow   *sk_value_row;
  AdwEntryRow   *sk_to_row;
  AdwEntryRow   *filter_row;
  GtkSwitch     *forward_switch;
  GtkSpinButton *limit_spin;
  GtkSpinButton *rps_spin;
  GtkListBox    *params_list;
  GtkFlowBox    *expects_box;

  KsDocument    *document;
  KsPattern     *pattern;
  GtkStringList *targets;
  GPtrArray     *target_indexes;   /* char * index name or NULL, parallel to targets */
  gboolean       updating;
};

enum { PROP_0, PROP_RUN_LIVE, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KsPatternEditor, ks_pattern_editor, GTK_TYPE_WIDGET)

static const KsSortOp ops[] = {
  KS_OP_NONE, KS_OP_EQ, KS_OP_LT, KS_OP_LE, KS_OP_GT, KS_OP_GE, KS_OP_BETWEEN, KS_OP_BEGINS_WITH
};

static void
set_text (GtkEditable *editable,
          const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (editable), text ? text : "") != 0)
    gtk_editable_set_text (editable, text ? text : "");
}

static KsTable *
pattern_table (KsPatternEditor *self)
{
  KsDesign *design = ks_document_get_design (self->document);
  const char *name = ks_pattern_get_table (self->pattern);
  KsTable *table = name ? ks_design_find_table (design, name) : NULL;

  if (table == NULL && g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_tables (design))) > 0)
    {
      /* no table named: the design's only (first) table */
      g_autoptr(KsTable) first = g_list_model_get_item (G_LIST_MODEL (ks_design_get_tables (design)), 0);
      table = first;
    }
  return table;
}

/* The key schema the pattern reads: its index's, or the table's. */
static const KsKeySchema *
target_schema (KsPatternEditor *self)
{
  KsTable *table = pattern_table (self);
  const char *index_name = ks_pattern_get_index (self->pattern);
  KsIndex *index;

  if (table == NULL)
    return NULL;
  index = index_name ? ks_table_find_index (table, index_name) : NULL;
  return index ? ks_index_get_key_schema (index) : ks_table_get_key_schema (table);
}

/* Key condition ------------------------------------------------------------- */

static void
apply_condition (KsPatternEditor *self)
{
  const KsKeyCondition *old = ks_pattern_get_key_condition (self->pattern);
  g_autoptr(KsKeyCondition) cond = ks_key_condition_new ();
  KsSortOp op = ops[MIN (adw_combo_row_get_selected (self->op_row), G_N_ELEMENTS (ops) - 1)];
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->sk_value_row));
  const char *to = gtk_editable_get_text (GTK_EDITABLE (self->sk_to_row));

  if (self->pattern == NULL || self->updating)
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->pk_list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *attr = g_object_get_data (G_OBJECT (row), "ks-attr");
      if (ADW_IS_ENTRY_ROW (row))
        ks_key_condition_add_pk (cond, attr, gtk_editable_get_text (GTK_EDITABLE (row)));
    }
  if (op != KS_OP_NONE)
    ks_key_condition_add_sk (cond, old && old->n_sk ? old->sk[0].attr : NULL, op, value,
                             op == KS_OP_BETWEEN ? to : NULL);
  /* further sort-key conditions (multi-attribute keys) are kept as they are */
  for (guint i = 1; old && i < old->n_sk && op != KS_OP_NONE; i++)
    ks_key_condition_add_sk (cond, old->sk[i].attr, old->sk[i].op, old->sk[i].value, old->sk[i].to);
  if (old == NULL || !ks_key_condition_equal (old, cond))
    ks_document_set (self->document, self->pattern, "key-condition", cond, NULL);
}

static void
on_condition_apply (AdwEntryRow     *row,
                    KsPatternEditor *self)
{
  apply_condition (self);
}

static void
on_op_selected (AdwComboRow     *row,
                GParamSpec      *pspec,
                KsPatternEditor *self)
{
  KsSortOp op = ops[MIN (adw_combo_row_get_selected (row), G_N_ELEMENTS (ops) - 1)];

  gtk_widget_set_visible (GTK_WIDGET (self->sk_value_row), op != KS_OP_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->sk_to_row), op == KS_OP_BETWEEN);
  apply_condition (self);
}

static void
rebuild_pk_rows (KsPatternEditor *self)
{
  const KsKeySchema *schema = target_schema (self);
  const KsKeyCondition *cond = ks_pattern_get_key_condition (self->pattern);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pk_list))))
    gtk_list_box_remove (self->pk_list, child);

  for (guint i = 0; i < MAX (schema ? schema->n_pk : 1, 1); i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      const char *attr = schema && schema->n_pk > 1 ? schema->pk[i].name : NULL;
      const char *value = NULL;
      g_autofree char *title = NULL;

      /* the single-attribute form names no attribute */
      for (guint c = 0; cond && c < cond->n_pk; c++)
        if (g_strcmp0 (cond->pk[c].attr, attr) == 0 || (attr == NULL && c == 0) ||
            (schema && cond->pk[c].attr && schema->n_pk == 1 && g_str_equal (cond->pk[c].attr, schema->pk[0].name)))
          value = cond->pk[c].value;
      title = g_strdup_printf (_("Partition Key %s ="), schema && schema->n_pk ? schema->pk[i].name : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_widget_add_css_class (row, "monospace");
      gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
      g_object_set_data_full (G_OBJECT (row), "ks-attr", g_strdup (attr), g_free);
      g_signal_connect (row, "apply", G_CALLBACK (on_condition_apply), self);
      gtk_list_box_append (self->pk_list, row);
    }
}

/* Target ------------------------------------------------------------------- */

static void
rebuild_targets (KsPatternEditor *self)
{
  KsTable *table = pattern_table (self);
  GListModel *indexes;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  g_ptr_array_set_size (self->target_indexes, 0);
  if (table != NULL)
    {
      g_ptr_array_add (names, g_strdup_printf (_("Table %s"), ks_table_get_name (table)));
      g_ptr_array_add (self->target_indexes, NULL);
      indexes = G_LIST_MODEL (ks_table_get_indexes (table));
      for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
        {
          g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
          g_ptr_array_add (names, g_strdup_printf (_("Index %s"), ks_index_get_name (index)));
          g_ptr_array_add (self->target_indexes, g_strdup (ks_index_get_name (index)));
          if (g_strcmp0 (ks_pattern_get_index (self->pattern), ks_index_get_name (index)) == 0)
            selected = i + 1;
        }
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->targets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->targets)),
                          (const char * const *) names->pdata);
  adw_combo_row_set_selected (self->target_row, selected);
}

static void
on_target_selected (AdwComboRow     *row,
                    GParamSpec      *pspec,
                    KsPatternEditor *self)
{
  guint selected = adw_combo_row_get_selected (row);
  const char *index;

  if (self->pattern == NULL || self->updating || selected >= self->target_indexes->len)
    return;
  index = g_ptr_array_index (self->target_indexes, selected);
  if (g_strcmp0 (index, ks_pattern_get_index (self->pattern)) != 0)
    ks_document_set (self->document, self->pattern, "index", index, NULL);
}

/* Parameters ----------------------------------------------------------------- */

static KsValue *
parse_parameter (const char *text,
                 KsValue    *old)
{
  KsType type = old ? ks_value_get_type (old) : KS_TYPE_INVALID;
  KsValue *value;

  if (type != KS_TYPE_INVALID && (value = ks_value_parse_text (text, type, NULL)))
    return value;
  /* a new parameter: a number when it reads as one, else a string */
  if (g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "false") == 0)
    return ks_value_new_bool (g_ascii_strcasecmp (text, "true") == 0);
  if (*text && (value = ks_value_new_number (text, NULL)))
    return value;
  return ks_value_new_string (text, -1);
}

static void
on_param_apply (AdwEntryRow     *row,
                KsPatternEditor *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "ks-param");
  KsValue *params = ks_pattern_get_parameters (self->pattern);
  KsValue *old = params ? ks_value_lookup (params, name) : NULL;
  g_autoptr(KsValue) empty = ks_value_new_empty_map ();
  g_autoptr(KsValue) updated = NULL;

  updated = ks_map_set (params ? params : empty, name,
                        parse_parameter (gtk_editable_get_text (GTK_EDITABLE (row)), old));
  ks_document_set (self->document, self->pattern, "parameters", updated, NULL);
}

static void
on_param_remove (GtkButton       *button,
                 KsPatternEditor *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "ks-param");
  g_autoptr(KsValue) updated = ks_map_remove (ks_pattern_get_parameters (self->pattern), name);

  ks_document_set (self->document, self->pattern, "parameters", updated, NULL);
}

static void
on_param_add (AdwEntryRow     *row,
              KsPatternEditor *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));
  KsValue *params = ks_pattern_get_parameters (self->pattern);
  g_autoptr(KsValue) empty = ks_value_new_empty_map ();
  g_autoptr(KsValue) updated = NULL;

  if (*name == '\0' || (params && ks_value_lookup (params, name)))
    {
      gtk_widget_error_bell (GTK_WIDGET (row));
      return;
    }
  updated = ks_map_set (params ? params : empty, name, ks_value_new_string ("", 0));
  ks_document_set (self->document, self->pattern, "parameters", updated, NULL);
}

static void
rebuild_params (KsPatternEditor *self)
{
  KsValue *params = ks_pattern_get_parameters (self->pattern);
  GtkWidget *child, *add;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->params_list))))
    gtk_list_box_remove (self->params_list, child);
  for (guint i = 0; params && i < ks_value_get_length (params); i++)
    {
      const KsMapEntry *e = ks_value_get_entry (params, i);
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *text = ks_value_to_display (e->value);
      g_autofree char *title = g_strdup_printf ("%s · %s", e->name, ks_type_to_string (ks_value_get_type (e->value)));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row), text);
      g_object_set_data_full (G_OBJECT (row), "ks-param", g_strdup (e->name), g_free);
      g_signal_connect (row, "apply", G_CALLBACK (on_param_apply), self);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, _("Remove Parameter"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove parameter"), -1);
      g_object_set_data_full (G_OBJECT (remove), "ks-param", g_strdup (e->name), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_param_remove), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
      gtk_list_box_append (self->params_list, row);
    }
  add = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (add), _("New Parameter Name"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (add), TRUE);
  g_signal_connect (add, "apply", G_CALLBACK (on_param_add), self);
  gtk_list_box_append (self->params_list, add);
}

/* Expects ------------------------------------------------------------------- */

static void
on_expect_toggled (GtkCheckButton  *check,
                   KsPatternEditor *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) expects = NULL;

  if (self->updating)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->expects_box)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (button)))
        g_strv_builder_add (builder, gtk_check_button_get_label (GTK_CHECK_BUTTON (button)));
    }
  expects = g_strv_builder_end (builder);
  ks_document_set (self->document, self->pattern, "expects", expects, NULL);
}

static void
rebuild_expects (KsPatternEditor *self)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ks_document_get_design (self->document)));
  const char * const *expects = ks_pattern_get_expects (self->pattern);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->expects_box))))
    gtk_flow_box_remove (self->expects_box, child);
  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, i);
      GtkWidget *check = gtk_check_button_new_with_label (ks_entity_get_name (entity));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   expects && g_strv_contains (expects, ks_entity_get_name (entity)));
      g_signal_connect (check, "toggled", G_CALLBACK (on_expect_toggled), self);
      gtk_flow_box_append (self->expects_box, check);
    }
}

/* Fields ----------------------------------------------------------------------- */

static void
update_fields (KsPatternEditor *self)
{
  const KsKeyCondition *cond;
  KsSortOp op = KS_OP_NONE;

  if (self->pattern == NULL)
    return;
  cond = ks_pattern_get_key_condition (self->pattern);
  self->updating = TRUE;
  gtk_label_set_text (self->title_label, ks_pattern_get_name (self->pattern));
  set_text (GTK_EDITABLE (self->name_row), ks_pattern_get_name (self->pattern));
  set_text (GTK_EDITABLE (self->description_row), ks_pattern_get_description (self->pattern));
  rebuild_targets (self);
  rebuild_pk_rows (self);
  if (cond && cond->n_sk > 0)
    {
      op = cond->sk[0].op;
      set_text (GTK_EDITABLE (self->sk_value_row), cond->sk[0].value);
      set_text (GTK_EDITABLE (self->sk_to_row), cond->sk[0].to);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (ops[i] == op)
      adw_combo_row_set_selected (self->op_row, i);
  gtk_widget_set_visible (GTK_WIDGET (self->sk_value_row), op != KS_OP_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->sk_to_row), op == KS_OP_BETWEEN);
  set_text (GTK_EDITABLE (self->filter_row), ks_pattern_get_filter (self->pattern));
  gtk_switch_set_active (self->forward_switch, ks_pattern_get_scan_forward (self->pattern));
  gtk_spin_button_set_value (self->limit_spin, ks_pattern_get_limit (self->pattern));
  gtk_spin_button_set_value (self->rps_spin, ks_pattern_get_requests_per_second (self->pattern));
  rebuild_params (self);
  rebuild_expects (self);
  self->updating = FALSE;
}

static void
on_name_apply (AdwEntryRow     *row,
               KsPatternEditor *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));
  KsPattern *other;

  if (self->pattern == NULL || self->updating)
    return;
  other = ks_design_find_pattern (ks_document_get_design (self->document), name);
  if (*name == '\0' || (other != NULL && other != self->pattern))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      update_fields (self);
      return;
    }
  ks_document_set (self->document, self->pattern, "name", name, NULL);
}

static void
on_description_changed (GtkEditable     *editable,
                        KsPatternEditor *self)
{
  const char *text = gtk_editable_get_text (editable);

  if (self->pattern && !self->updating)
    ks_document_set (self->document, self->pattern, "description", *text ? text : NULL, NULL);
}

static void
on_filter_apply (AdwEntryRow     *row,
                 KsPatternEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->pattern && !self->updating)
    ks_document_set (self->document, self->pattern, "filter", *text ? text : NULL, NULL);
}

static void
on_forward_changed (GtkSwitch       *sw,
                    GParamSpec      *pspec,
                    KsPatternEditor *self)
{
  if (self->pattern && !self->updating)
    ks_document_set (self->document, self->pattern, "scan-forward", gtk_switch_get_active (sw), NULL);
}

static void
on_limit_changed (GtkSpinButton   *spin,
                  KsPatternEditor *self)
{
  if (self->pattern && !self->updating)
    ks_document_set (self->document, self->pattern, "limit", (guint) gtk_spin_button_get_value (spin), NULL);
}

static void
on_rps_changed (GtkSpinButton   *spin,
                KsPatternEditor *self)
{
  if (self->pattern && !self->updating)
    ks_document_set (self->document, self->pattern, "requests-per-second", gtk_spin_button_get_value (spin), NULL);
}

static void
on_pattern_notify (KsPatternEditor *self,
                   GParamSpec      *pspec)
{
  /* the description is typed here: rebuilding would move the cursor */
  if (g_str_equal (pspec->name, "description"))
    return;
  update_fields (self);
}

static void
ks_pattern_editor_dispose (GObject *object)
{
  KsPatternEditor *self = KS_PATTERN_EDITOR (object);

  if (self->pattern)
    g_signal_handlers_disconnect_by_data (self->pattern, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_PATTERN_EDITOR);
  /* children the template does not name */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->pattern);
  g_clear_object (&self->document);
  g_clear_object (&self->targets);
  g_clear_pointer (&self->target_indexes, g_ptr_array_unref);
  G_OBJECT_CLASS (ks_pattern_editor_parent_class)->dispose (object);
}

static void
ks_pattern_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KsPatternEditor *self = KS_PATTERN_EDITOR (object);

  switch (prop_id)
    {
    case PROP_RUN_LIVE:
      g_value_set_boolean (value, ks_pattern_editor_get_run_live (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_pattern_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KsPatternEditor *self = KS_PATTERN_EDITOR (object);

  switch (prop_id)
    {
    case PROP_RUN_LIVE:
      ks_pattern_editor_set_run_live (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_live_switch_active (KsPatternEditor *self)
{
  if (!gtk_switch_get_active (self->live_switch))
    ks_pattern_editor_set_live_result (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_LIVE]);
}

static void
ks_pattern_editor_class_init (KsPatternEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_pattern_editor_dispose;
  object_class->get_property = ks_pattern_editor_get_property;
  object_class->set_property = ks_pattern_editor_set_property;

  /**
   * KsPatternEditor:run-live:
   *
   * Whether the user wants the pattern also run against the endpoint
   * (the window does it and calls ks_pattern_editor_set_live_result()).
   */
  properties[PROP_RUN_LIVE] =
    g_param_spec_boolean ("run-live", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-pattern-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, result_label);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, live_label);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, live_row);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, live_switch);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, description_row);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, target_row);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, pk_list);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, op_row);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, sk_value_row);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, sk_to_row);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, filter_row);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, forward_switch);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, limit_spin);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, rps_spin);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, params_list);
  gtk_widget_class_bind_template_child (widget_class, KsPatternEditor, expects_box);
  gtk_widget_class_bind_template_callback (widget_class, on_name_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_description_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_target_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_op_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_condition_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_forward_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_limit_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_rps_changed);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ks_pattern_editor_init (KsPatternEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->targets = gtk_string_list_new (NULL);
  self->target_indexes = g_ptr_array_new_with_free_func (g_free);
  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (self->targets));
  g_signal_connect_swapped (self->live_switch, "notify::active", G_CALLBACK (on_live_switch_active), self);
}

GtkWidget *
ks_pattern_editor_new (void)
{
  return g_object_new (KS_TYPE_PATTERN_EDITOR, NULL);
}

void
ks_pattern_editor_set_document (KsPatternEditor *self,
                                KsDocument      *document)
{
  g_return_if_fail (KS_IS_PATTERN_EDITOR (self));
  g_return_if_fail (KS_IS_DOCUMENT (document));

  ks_pattern_editor_set_pattern (self, NULL);
  g_set_object (&self->document, document);
}

/**
 * ks_pattern_editor_get_pattern:
 *
 * Returns: (transfer none) (nullable): the pattern edited
 */
KsPattern *
ks_pattern_editor_get_pattern (KsPatternEditor *self)
{
  g_return_val_if_fail (KS_IS_PATTERN_EDITOR (self), NULL);
  return self->pattern;
}

void
ks_pattern_editor_set_pattern (KsPatternEditor *self,
                               KsPattern       *pattern)
{
  g_return_if_fail (KS_IS_PATTERN_EDITOR (self));

  if (self->pattern == pattern)
    return;
  if (self->pattern)
    g_signal_handlers_disconnect_by_data (self->pattern, self);
  g_set_object (&self->pattern, pattern);
  if (pattern)
    g_signal_connect_swapped (pattern, "notify", G_CALLBACK (on_pattern_notify), self);
  ks_pattern_editor_set_result (self, NULL);
  ks_pattern_editor_set_live_result (self, NULL);
  update_fields (self);
}

void
ks_pattern_editor_set_result (KsPatternEditor *self,
                              const char      *markup)
{
  g_return_if_fail (KS_IS_PATTERN_EDITOR (self));

  gtk_label_set_markup (self->result_label, markup ? markup : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), markup != NULL);
}

void
ks_pattern_editor_focus_name (KsPatternEditor *self)
{
  g_return_if_fail (KS_IS_PATTERN_EDITOR (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

gboolean
ks_pattern_editor_get_run_live (KsPatternEditor *self)
{
  g_return_val_if_fail (KS_IS_PATTERN_EDITOR (self), FALSE);
  return gtk_switch_get_active (self->live_switch);
}

void
ks_pattern_editor_set_run_live (KsPatternEditor *self,
                                gboolean         run_live)
{
  g_return_if_fail (KS_IS_PATTERN_EDITOR (self));
  /* the switch notifies */
  gtk_switch_set_active (self->live_switch, run_live);
}

void
ks_pattern_editor_set_live_target (KsPatternEditor *self,
                                   const char      *description)
{
  g_return_if_fail (KS_IS_PATTERN_EDITOR (self));
  adw_action_row_set_subtitle (self->live_row, description ? description : "");
}

void
ks_pattern_editor_set_live_result (KsPatternEditor *self,
                                   const char      *markup)
{
  g_return_if_fail (KS_IS_PATTERN_EDITOR (self));

  gtk_label_set_markup (self->live_label, markup ? markup : "");
  gtk_widget_set_visible (GTK_WIDGET (self->live_label), markup != NULL);
}

const char *
ks_pattern_editor_get_live_text (KsPatternEditor *self)
{
  g_return_val_if_fail (KS_IS_PATTERN_EDITOR (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->live_label)) ? gtk_label_get_text (self->live_label) : NULL;
}
