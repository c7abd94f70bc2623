/* ks-window-actions.c: the window's actions (win.*) and menus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-application.h"
#include "ks-diagram-view.h"
#include "ks-generate-dialog.h"
#include "ks-generator.h"
#include "ks-io.h"
#include "ks-template-chooser.h"
#include "ks-window-private.h"

static const char * const entity_colors[] = {
  "#3584e4", "#e66100", "#2ec27e", "#9141ac", "#c01c28", "#986a44", "#1c71d8", "#f5c211",
};

void
_ks_window_update_actions (KsWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", ks_document_can_undo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", ks_document_can_redo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate-items",
                                 g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_entities (ks_document_get_design (self->document)))) > 0);
}

/* Files ------------------------------------------------------------------------ */

static GtkFileFilter *
design_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Keyshape Designs and NoSQL Workbench Models"));
  gtk_file_filter_add_pattern (filter, "*.keyshape.json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  return filter;
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  KsWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          ks_application_open_file (KS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), file);
        }
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = design_filter ();

  dialog = gtk_file_chooser_native_new (_("Open Design"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  ks_application_open_file (KS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), file);
}

/* Import: NoSQL Workbench, OneTable, CloudFormation (JSON, YAML),
 * create-table input. The design opens unsaved, in this window if nobody
 * touched it yet, else in a new one; what the import left out is told in
 * a toast. */
static void
on_import_response (GtkNativeDialog *dialog,
                    int              response,
                    KsWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsDocument) document = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  KsWindow *window = self;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  name = g_file_get_basename (file);
  warnings = g_ptr_array_new_with_free_func (g_free);
  design = ks_io_import_file (file, NULL, warnings, NULL, &error);
  if (design == NULL)
    {
      message = g_strdup_printf (_("Could not import %s: %s"), name, error->message);
      ks_window_show_toast (self, message);
      goto out;
    }
  if (!ks_window_is_pristine (self))
    window = ks_window_new (gtk_window_get_application (GTK_WINDOW (self)));
  document = ks_document_new (design);
  /* not saved anywhere yet: closing asks, Open does not replace it */
  ks_document_mark_unsaved (document);
  ks_window_set_document (window, document);
  for (guint i = 0; i < warnings->len; i++)
    g_debug ("%s: %s", name, (const char *) g_ptr_array_index (warnings, i));
  if (warnings->len == 0)
    message = g_strdup_printf (_("Imported %s; saving writes a new Keyshape design"), name);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %s with %u warning: %s",
                                            "Imported %s with %u warnings, the first: %s", warnings->len),
                               name, warnings->len, (const char *) g_ptr_array_index (warnings, 0));
  ks_window_show_toast (window, message);
  gtk_window_present (GTK_WINDOW (window));

out:
  g_object_unref (self);
  g_object_unref (dialog);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("JSON and YAML Files"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.yaml");
  gtk_file_filter_add_pattern (filter, "*.yml");
  gtk_file_filter_add_pattern (filter, "*.template");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_mime_type (filter, "application/x-yaml");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  dialog = gtk_file_chooser_native_new (_("Import Design"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Import"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  g_signal_connect (dialog, "response", G_CALLBACK (on_import_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

typedef struct
{
  KsWindow *self;
  gboolean  close_after;
} SaveAsData;

static void
on_save_as_response (GtkNativeDialog *dialog,
                     int              response,
                     SaveAsData      *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (ks_window_save_to (data->self, file) && data->close_after)
        gtk_window_close (GTK_WINDOW (data->self));
    }
  g_object_unref (data->self);
  g_free (data);
  g_object_unref (dialog);
}

void
_ks_window_save_as (KsWindow *self,
                    gboolean  close_after)
{
  GtkFileChooserNative *dialog;
  SaveAsData *data = g_new0 (SaveAsData, 1);
  g_autofree char *name = g_strdup_printf ("%s.keyshape.json",
                                           ks_design_get_name (ks_document_get_design (self->document)));

  dialog = gtk_file_chooser_native_new (_("Save Design"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  data->self = g_object_ref (self);
  data->close_after = close_after;
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_as_response), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  GFile *file = ks_document_get_file (self->document);

  if (file == NULL || g_str_equal (action_name, "win.save-as"))
    _ks_window_save_as (self, FALSE);
  else
    ks_window_save_to (self, file);
}

/* Editing ------------------------------------------------------------------------------ */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);

  /* a template still being typed is an edit of its own */
  ks_entity_editor_commit (self->entity_editor);
  if (g_str_equal (action_name, "win.undo"))
    ks_document_undo (self->document);
  else
    ks_document_redo (self->document);
}

static char *
unique_name (const char *base,
             gboolean  (*exists) (gpointer, const char *),
             gpointer    data)
{
  for (guint i = 1;; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup (base) : g_strdup_printf ("%s%u", base, i);
      if (!exists (data, name))
        return g_steal_pointer (&name);
    }
}

static gboolean
entity_exists (gpointer data, const char *name)
{
  return ks_design_find_entity (data, name) != NULL;
}

static gboolean
pattern_exists (gpointer data, const char *name)
{
  return ks_design_find_pattern (data, name) != NULL;
}

static KsTable *
first_table (KsWindow *self)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (ks_document_get_design (self->document)));
  g_autoptr(KsTable) table = g_list_model_get_n_items (tables) ? g_list_model_get_item (tables, 0) : NULL;

  return table;   /* the store keeps it alive */
}

static void
add_entity_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  KsDesign *design = ks_document_get_design (self->document);
  GListStore *store = ks_design_get_entities (design);
  KsTable *table = first_table (self);
  g_autofree char *name = unique_name ("Entity", entity_exists, design);
  g_autofree char *upper = g_ascii_strup (name, -1);
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autoptr(KsEntity) entity = ks_entity_new (name, table ? ks_table_get_name (table) : NULL);
  g_autoptr(KsAttribute) id = ks_attribute_new ("id", KS_TYPE_S);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  ks_entity_set_color (entity, entity_colors[n % G_N_ELEMENTS (entity_colors)]);
  ks_attribute_set_required (id, TRUE);
  g_list_store_append (ks_entity_get_attributes (entity), id);
  if (table != NULL)
    {
      const KsKeySchema *ks = ks_table_get_key_schema (table);
      /* a starting point in the usual style: ENTITY#${id} / ENTITY */
      if (ks->n_pk == 1 && ks->pk[0].type == KS_TYPE_S)
        {
          g_autofree char *pk = g_strdup_printf ("%s#${id}", upper);
          ks_entity_set_template (entity, ks->pk[0].name, pk);
        }
      if (ks->n_sk == 1 && ks->sk[0].type == KS_TYPE_S)
        ks_entity_set_template (entity, ks->sk[0].name, upper);
    }
  {
    g_autofree char *value = g_strdup_printf ("%s-1", lower);
    g_autoptr(KsValue) empty = ks_value_new_empty_map ();
    g_autoptr(KsItem) item = ks_item_new (ks_map_set (empty, "id", ks_value_new_string (value, -1)));
    ks_entity_append_item (entity, item);
  }
  ks_document_insert_object (self->document, store, n, entity);
  ks_sidebar_select (self->sidebar, entity);
  ks_entity_editor_focus_name (self->entity_editor);
}

static void
add_pattern_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  KsDesign *design = ks_document_get_design (self->document);
  GListStore *store = ks_design_get_patterns (design);
  KsTable *table = first_table (self);
  g_autofree char *name = unique_name (_("New access pattern"), pattern_exists, design);
  g_autoptr(KsPattern) pattern = ks_pattern_new (name);
  g_autoptr(KsKeyCondition) cond = ks_key_condition_new ();

  if (table != NULL)
    ks_pattern_set_table (pattern, ks_table_get_name (table));
  ks_key_condition_add_pk (cond, NULL, "");
  ks_pattern_set_key_condition (pattern, cond);
  ks_document_insert_object (self->document, store, g_list_model_get_n_items (G_LIST_MODEL (store)), pattern);
  ks_sidebar_select (self->sidebar, pattern);
  ks_pattern_editor_focus_name (self->pattern_editor);
}

static void
add_index_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  KsTable *table = first_table (self);
  GListStore *store;
  g_autofree char *name = NULL;
  g_autofree char *pk = NULL;
  g_autofree char *sk = NULL;
  g_autoptr(KsKeySchema) keys = NULL;
  g_autoptr(KsIndex) index = NULL;

  if (table == NULL)
    return;
  store = ks_table_get_indexes (table);
  for (guint i = 1; name == NULL || ks_table_find_index (table, name); i++)
    {
      g_free (name);
      name = g_strdup_printf ("GSI%u", i);
    }
  pk = g_strdup_printf ("%sPK", name);
  sk = g_strdup_printf ("%sSK", name);
  keys = ks_key_schema_new_simple (pk, KS_TYPE_S, sk, KS_TYPE_S);
  index = ks_index_new (name, KS_INDEX_GSI, keys);
  ks_document_insert_object (self->document, store, g_list_model_get_n_items (G_LIST_MODEL (store)), index);
  ks_sidebar_select (self->sidebar, index);
}

/**
 * ks_window_generate_items:
 *
 * Adds @count made-up items to @entity (ks_generator_generate(): the same
 * seed gives the same items), as one undoable command, and selects the
 * first of them.
 */
gboolean
ks_window_generate_items (KsWindow  *self,
                          KsEntity  *entity,
                          guint      count,
                          guint64    seed,
                          GError   **error)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *message = NULL;
  g_autofree char *seed_text = NULL;
  guint n;

  g_return_val_if_fail (KS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (KS_IS_ENTITY (entity), FALSE);

  n = ks_entity_get_n_items (entity);
  if (!ks_generator_generate (ks_document_get_design (self->document), entity, count, seed, &items, error))
    return FALSE;
  /* one command: one undo takes them all away, and the engine recomputes once */
  ks_document_begin_group (self->document, _("Generate items"));
  for (guint i = 0; i < items->len; i++)
    ks_document_insert_item (self->document, entity, n + i, g_ptr_array_index (items, i));
  ks_document_end_group (self->document);
  if (items->len > 0)
    ks_selection_set_item (self->selection, ks_entity_get_item (entity, n));
  /* the seed goes in as text: xgettext cannot see through G_GUINT64_FORMAT */
  seed_text = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %u item to %s (seed %s)",
                                          "Added %u items to %s (seed %s)", items->len),
                             items->len, ks_entity_get_name (entity), seed_text);
  ks_window_show_toast (self, message);
  return TRUE;
}

static void
on_generate_response (KsGenerateDialog *dialog,
                      const char       *response,
                      KsWindow         *self)
{
  KsEntity *entity = ks_generate_dialog_get_entity (dialog);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "generate") || entity == NULL)
    return;
  if (!ks_window_generate_items (self, entity, ks_generate_dialog_get_count (dialog),
                                 ks_generate_dialog_get_seed (dialog), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not generate items: %s"), error->message);
      ks_window_show_toast (self, message);
    }
}

static void
generate_items_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  gpointer selected = ks_sidebar_get_selected (self->sidebar);
  KsEntity *entity = ks_item_list_get_filter (ks_item_grid_get_list (self->grid));
  KsItem *item = ks_selection_get_item (self->selection);
  GtkWidget *dialog;

  /* the entity the user is looking at: the grid's filter, the sidebar's
   * entity, the selected item's */
  if (entity == NULL && KS_IS_ENTITY (selected))
    entity = selected;
  if (entity == NULL && item != NULL)
    entity = item->entity;
  dialog = ks_generate_dialog_new (GTK_WINDOW (self), ks_document_get_design (self->document), entity);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_generate_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ks_window_show_toast (KS_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);
  int n = g_variant_get_int32 (param);
  GPtrArray *views = ks_engine_get_views (ks_document_get_engine (self->document));

  if (n >= 1 && (guint) n <= views->len)
    ks_window_set_view_name (self, ks_view_get_name (g_ptr_array_index (views, n - 1)));
}

static void
present_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KsWindow *self = KS_WINDOW (widget);

  if (g_str_equal (action_name, "win.present"))
    ks_window_present_patterns (self);
  else
    ks_window_leave_presentation (self);
}

/* The chooser hands the file to the application's action, which the
 * command line and the tests use too: an untouched window shows the new
 * design, else a new window does. */
static void
on_template_chosen (KsWindow *self,
                    GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  gtk_widget_activate_action (GTK_WIDGET (self), "app.new-from-template", "s", uri);
}

static void
choose_template_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  g_autoptr(GFile) dir = ks_application_get_templates_dir ();
  GtkWidget *chooser = ks_template_chooser_new (GTK_WINDOW (widget), dir);

  g_signal_connect_object (chooser, "template-chosen", G_CALLBACK (on_template_chosen), widget, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

void
_ks_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.add-entity", NULL, add_entity_action);
  gtk_widget_class_install_action (widget_class, "win.add-pattern", NULL, add_pattern_action);
  gtk_widget_class_install_action (widget_class, "win.add-index", NULL, add_index_action);
  gtk_widget_class_install_action (widget_class, "win.generate-items", NULL, generate_items_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.view", "i", view_action);
  gtk_widget_class_install_action (widget_class, "win.choose-template", NULL, choose_template_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "win.present", NULL, present_action);
  gtk_widget_class_install_action (widget_class, "win.leave-presentation", NULL, present_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.choose-template", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-entity", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-pattern", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-index", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.present", NULL);
  for (int i = 1; i <= 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, GDK_ALT_MASK, "win.view", "i", i);
}

/* Menus --------------------------------------------------------------------------------- */

static void
rebuild_recent_menu (KsWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  guint n = 0;

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l && n < 10; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GMenuItem) item = NULL;

      if (!g_str_has_suffix (uri, ".keyshape.json") || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  if (n == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Designs"), "win.no-recent");
      g_menu_append_item (self->recent_menu, item);
    }
}

void
_ks_window_build_menus (KsWindow *self)
{
  _ks_window_build_export_menu (self);
  self->recent_menu = g_menu_new ();
  rebuild_recent_menu (self);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  adw_split_button_set_menu_model (self->open_button, G_MENU_MODEL (self->recent_menu));
}
