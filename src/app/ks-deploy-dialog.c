/* ks-deploy-dialog.c: Deploy… — the design's tables and items at an endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-deploy-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-deploy.h"
#include "ks-deploy-dialog.h"

struct _KsDeployDialog
{
  AdwWindow             parent_instance;

  GtkButton            *close_button;
  GtkButton            *deploy_button;
  AdwPreferencesGroup  *connection_group;
  AdwEntryRow          *endpoint_row;
  AdwEntryRow          *region_row;
  AdwEntryRow          *profile_row;
  AdwEntryRow          *prefix_row;
  GtkSwitch            *replace_switch;
  GtkLabel             *plan_label;
  AdwPreferencesGroup  *progress_group;
  GtkProgressBar       *progress_bar;
  GtkLabel             *status_label;

  KsEngine             *engine;
  GCancellable         *cancellable;    /* while deploying */
  gboolean              plan_ok;
};

G_DEFINE_FINAL_TYPE (KsDeployDialog, ks_deploy_dialog, ADW_TYPE_WINDOW)

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text ? g_steal_pointer (&text) : NULL;
}

static void
update_buttons (KsDeployDialog *self)
{
  gboolean running = self->cancellable != NULL;
  gboolean replace = gtk_switch_get_active (self->replace_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->deploy_button), self->plan_ok && !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connection_group), !running);
  gtk_button_set_label (self->close_button, running ? _("_Cancel") : _("_Close"));
  /* replacing deletes tables and their items: the button says so */
  gtk_button_set_label (self->deploy_button, replace ? _("_Replace and Deploy") : _("_Deploy"));
  if (replace)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->deploy_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->deploy_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->deploy_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->deploy_button), "suggested-action");
    }
}

/* What the deploy will send, or why DynamoDB would refuse it. */
static void
update_plan (KsDeployDialog *self)
{
  g_autofree char *prefix = entry_text (self->prefix_row);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDeployPlan) plan = ks_deploy_plan_new (self->engine, prefix, &error);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_tables, n_items = 0;

  self->plan_ok = plan != NULL;
  if (plan == NULL)
    {
      gtk_label_set_text (self->plan_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->plan_label), "error");
      update_buttons (self);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->plan_label), "error");
  n_tables = ks_deploy_plan_get_n_tables (plan);
  for (guint i = 0; i < n_tables; i++)
    n_items += ks_deploy_plan_get_n_items (plan, i);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Creates %u table and loads %u sample items:",
                                             "Creates %u tables and loads %u sample items:", n_tables),
                          n_tables, n_items);
  for (guint i = 0; i < n_tables; i++)
    {
      guint n = ks_deploy_plan_get_n_items (plan, i);
      g_string_append_printf (text, "\n• %s — ", ks_deploy_plan_get_table_name (plan, i));
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", n), n);
    }
  gtk_label_set_text (self->plan_label, text->str);
  update_buttons (self);
}

static void
on_progress (const KsDeployProgress *progress,
             gpointer                data)
{
  KsDeployDialog *self = data;
  g_autofree char *text = NULL;

  /* destroyed while the deploy winds down */
  if (self->engine == NULL)
    return;
  switch (progress->step)
    {
    case KS_DEPLOY_STEP_CHECKING:
      text = g_strdup (_("Checking which tables exist…"));
      gtk_progress_bar_pulse (self->progress_bar);
      break;
    case KS_DEPLOY_STEP_DELETING:
      text = g_strdup_printf (_("Deleting %s…"), progress->table);
      gtk_progress_bar_pulse (self->progress_bar);
      break;
    case KS_DEPLOY_STEP_CREATING:
      text = g_strdup_printf (_("Creating %s and waiting until it is active…"), progress->table);
      gtk_progress_bar_pulse (self->progress_bar);
      break;
    case KS_DEPLOY_STEP_LOADING:
      text = g_strdup_printf (_("Loading %s: %u of %u items"), progress->table, progress->done, progress->total);
      gtk_progress_bar_set_fraction (self->progress_bar,
                                     progress->total ? (double) progress->done / progress->total : 1.0);
      break;
    case KS_DEPLOY_STEP_RETRYING:
      text = g_strdup_printf (_("Retrying: %s"), progress->message);
      break;
    case KS_DEPLOY_STEP_WARNING:
      text = g_strdup (progress->message);
      break;
    case KS_DEPLOY_STEP_DONE:
    default:
      return;
    }
  gtk_label_set_text (self->status_label, text);
}

static void
on_deployed (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(KsDeployDialog) self = data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->cancellable);
  ks_deploy_finish (result, &error);
  if (self->engine == NULL)
    return;     /* destroyed meanwhile: nobody to tell */
  if (error == NULL)
    {
      g_autofree char *endpoint = entry_text (self->endpoint_row);
      g_autofree char *text = g_strdup_printf (_("Deployed to %s."), endpoint ? endpoint : _("AWS"));
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_label_set_text (self->status_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
    }
  else
    {
      const char *text = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                         ? _("Cancelled. Tables already created stay at the endpoint.")
                         : error->message;
      gtk_label_set_text (self->status_label, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  update_buttons (self);
}

static void
on_deploy_clicked (KsDeployDialog *self)
{
  ks_deploy_dialog_deploy (self);
}

static void
on_close_clicked (KsDeployDialog *self)
{
  if (self->cancellable != NULL)
    ks_deploy_dialog_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
ks_deploy_dialog_close_request (GtkWindow *window)
{
  /* closed while deploying: the deploy stops (it holds its own reference) */
  ks_deploy_dialog_cancel (KS_DEPLOY_DIALOG (window));
  return GTK_WINDOW_CLASS (ks_deploy_dialog_parent_class)->close_request (window);
}

static void
ks_deploy_dialog_dispose (GObject *object)
{
  KsDeployDialog *self = KS_DEPLOY_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_DEPLOY_DIALOG);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (ks_deploy_dialog_parent_class)->dispose (object);
}

static void
ks_deploy_dialog_class_init (KsDeployDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ks_deploy_dialog_dispose;
  window_class->close_request = ks_deploy_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-deploy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, deploy_button);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, connection_group);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, region_row);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, profile_row);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, replace_switch);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, plan_label);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, progress_group);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KsDeployDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, update_plan);
  gtk_widget_class_bind_template_callback (widget_class, on_deploy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked);
}

static void
ks_deploy_dialog_init (KsDeployDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->replace_switch, "notify::active", G_CALLBACK (update_buttons), self);
}

GtkWidget *
ks_deploy_dialog_new (GtkWindow            *parent,
                      KsEngine             *engine,
                      const KsLiveSettings *settings)
{
  KsDeployDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);

  self = g_object_new (KS_TYPE_DEPLOY_DIALOG, "transient-for", parent, NULL);
  self->engine = g_object_ref (engine);
  if (settings != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), settings->endpoint ? settings->endpoint : "");
      gtk_editable_set_text (GTK_EDITABLE (self->region_row), settings->region ? settings->region : "");
      gtk_editable_set_text (GTK_EDITABLE (self->profile_row), settings->profile ? settings->profile : "");
      gtk_editable_set_text (GTK_EDITABLE (self->prefix_row), settings->table_prefix ? settings->table_prefix : "");
    }
  update_plan (self);
  return GTK_WIDGET (self);
}

/**
 * ks_deploy_dialog_get_settings:
 *
 * Returns: (transfer full): the connection entered
 */
KsLiveSettings *
ks_deploy_dialog_get_settings (KsDeployDialog *self)
{
  g_autofree char *endpoint = NULL;
  g_autofree char *region = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (KS_IS_DEPLOY_DIALOG (self), NULL);

  endpoint = entry_text (self->endpoint_row);
  region = entry_text (self->region_row);
  profile = entry_text (self->profile_row);
  prefix = entry_text (self->prefix_row);
  return ks_live_settings_new (endpoint, region, profile, prefix);
}

void
ks_deploy_dialog_set_replace (KsDeployDialog *self,
                              gboolean        replace)
{
  g_return_if_fail (KS_IS_DEPLOY_DIALOG (self));
  gtk_switch_set_active (self->replace_switch, replace);
}

gboolean
ks_deploy_dialog_deploy (KsDeployDialog *self)
{
  g_autoptr(KsLiveSettings) settings = NULL;
  KsDeployFlags flags = KS_DEPLOY_FLAGS_NONE;

  g_return_val_if_fail (KS_IS_DEPLOY_DIALOG (self), FALSE);

  if (self->cancellable != NULL)
    return FALSE;
  /* the design may have changed since the dialog opened */
  update_plan (self);
  if (!self->plan_ok)
    return FALSE;
  settings = ks_deploy_dialog_get_settings (self);
  if (gtk_switch_get_active (self->replace_switch))
    flags |= KS_DEPLOY_FLAGS_REPLACE;
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->progress_group), TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_label_set_text (self->status_label, _("Connecting…"));
  update_buttons (self);
  ks_deploy_async (self->engine, settings, flags, on_progress, g_object_ref (self), g_object_unref,
                   self->cancellable, on_deployed, g_object_ref (self));
  return TRUE;
}

void
ks_deploy_dialog_cancel (KsDeployDialog *self)
{
  g_return_if_fail (KS_IS_DEPLOY_DIALOG (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
ks_deploy_dialog_is_running (KsDeployDialog *self)
{
  g_return_val_if_fail (KS_IS_DEPLOY_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

const char *
ks_deploy_dialog_get_status (KsDeployDialog *self)
{
  g_return_val_if_fail (KS_IS_DEPLOY_DIALOG (self), NULL);
  return gtk_label_get_text (self->status_label);
}

const char *
ks_deploy_dialog_get_plan (KsDeployDialog *self)
{
  g_return_val_if_fail (KS_IS_DEPLOY_DIALOG (self), NULL);
  return gtk_label_get_text (self->plan_label);
}

double
ks_deploy_dialog_get_fraction (KsDeployDialog *self)
{
  g_return_val_if_fail (KS_IS_DEPLOY_DIALOG (self), 0);
  return gtk_progress_bar_get_fraction (self->progress_bar);
}
