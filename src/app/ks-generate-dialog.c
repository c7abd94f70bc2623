/* ks-generate-dialog.c: Generate Items… (count and seed for an entity)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-generate-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-generate-dialog.h"

struct _KsGenerateDialog
{
  AdwMessageDialog  parent_instance;

  AdwComboRow      *entity_row;
  GtkSpinButton    *count_spin;
  GtkSpinButton    *seed_spin;

  KsDesign         *design;
};

G_DEFINE_FINAL_TYPE (KsGenerateDialog, ks_generate_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
on_shuffle_clicked (KsGenerateDialog *self)
{
  gtk_spin_button_set_value (self->seed_spin, g_random_int ());
}

static void
on_entity_selected (KsGenerateDialog *self)
{
  /* nothing to generate for a design without entities */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "generate",
                                           ks_generate_dialog_get_entity (self) != NULL);
}

static void
ks_generate_dialog_dispose (GObject *object)
{
  KsGenerateDialog *self = KS_GENERATE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_GENERATE_DIALOG);
  g_clear_object (&self->design);
  G_OBJECT_CLASS (ks_generate_dialog_parent_class)->dispose (object);
}

static void
ks_generate_dialog_class_init (KsGenerateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_generate_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-generate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KsGenerateDialog, entity_row);
  gtk_widget_class_bind_template_child (widget_class, KsGenerateDialog, count_spin);
  gtk_widget_class_bind_template_child (widget_class, KsGenerateDialog, seed_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_shuffle_clicked);
}

static void
ks_generate_dialog_init (KsGenerateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->entity_row, "notify::selected", G_CALLBACK (on_entity_selected), self);
  /* a fresh seed each time; shown, so a good set can be made again */
  on_shuffle_clicked (self);
}

GtkWidget *
ks_generate_dialog_new (GtkWindow *parent,
                        KsDesign  *design,
                        KsEntity  *entity)
{
  KsGenerateDialog *self;
  GListModel *entities;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KS_IS_DESIGN (design), NULL);
  g_return_val_if_fail (entity == NULL || KS_IS_ENTITY (entity), NULL);

  self = g_object_new (KS_TYPE_GENERATE_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->design = g_object_ref (design);
  entities = G_LIST_MODEL (ks_design_get_entities (design));
  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(KsEntity) each = g_list_model_get_item (entities, i);
      gtk_string_list_append (names, ks_entity_get_name (each));
      if (each == entity)
        selected = i;
    }
  adw_combo_row_set_model (self->entity_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->entity_row, selected);
  on_entity_selected (self);
  return GTK_WIDGET (self);
}

/**
 * ks_generate_dialog_get_entity:
 *
 * Returns: (transfer none) (nullable): the entity chosen
 */
KsEntity *
ks_generate_dialog_get_entity (KsGenerateDialog *self)
{
  GListModel *entities;
  guint selected;
  g_autoptr(KsEntity) entity = NULL;

  g_return_val_if_fail (KS_IS_GENERATE_DIALOG (self), NULL);

  if (self->design == NULL)
    return NULL;
  entities = G_LIST_MODEL (ks_design_get_entities (self->design));
  selected = adw_combo_row_get_selected (self->entity_row);
  if (selected >= g_list_model_get_n_items (entities))
    return NULL;
  entity = g_list_model_get_item (entities, selected);
  return entity;   /* the design keeps it */
}

guint
ks_generate_dialog_get_count (KsGenerateDialog *self)
{
  g_return_val_if_fail (KS_IS_GENERATE_DIALOG (self), 0);
  return gtk_spin_button_get_value_as_int (self->count_spin);
}

void
ks_generate_dialog_set_count (KsGenerateDialog *self,
                              guint             count)
{
  g_return_if_fail (KS_IS_GENERATE_DIALOG (self));
  gtk_spin_button_set_value (self->count_spin, count);
}

guint64
ks_generate_dialog_get_seed (KsGenerateDialog *self)
{
  g_return_val_if_fail (KS_IS_GENERATE_DIALOG (self), 0);
  return (guint64) gtk_spin_button_get_value (self->seed_spin);
}

void
ks_generate_dialog_set_seed (KsGenerateDialog *self,
                             guint64           seed)
{
  g_return_if_fail (KS_IS_GENERATE_DIALOG (self));
  gtk_spin_button_set_value (self->seed_spin, (double) seed);
}
