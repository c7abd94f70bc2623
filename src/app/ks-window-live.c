/* ks-window-live.c: Deploy… and "Run Against Endpoint" (src/live)
 *
 * The window keeps one connection (KsLiveSettings): what the Deploy…
 * dialog was last left with. The access-pattern editor's "Run Against
 * Endpoint" runs the pattern shown there against it, after each change,
 * and shows the endpoint's answer beside Keyshape's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-deploy-dialog.h"
#include "ks-live-run.h"
#include "ks-window-private.h"

static char *
describe_settings (const KsLiveSettings *settings)
{
  const char *where = settings && settings->endpoint ? settings->endpoint : _("AWS");

  if (settings != NULL && settings->table_prefix != NULL)
    /* TRANSLATORS: an endpoint, and the prefix of its table names */
    return g_strdup_printf (_("%s, tables %s…"), where, settings->table_prefix);
  return g_strdup (where);
}

static void
update_live_target (KsWindow *self)
{
  g_autofree char *where = describe_settings (self->live_settings);
  g_autofree char *text = g_strdup_printf (_("Against %s (set in Deploy…)"), where);

  ks_pattern_editor_set_live_target (self->pattern_editor, text);
}

void
ks_window_set_live_settings (KsWindow             *self,
                             const KsLiveSettings *settings)
{
  g_return_if_fail (KS_IS_WINDOW (self));

  g_clear_pointer (&self->live_settings, ks_live_settings_free);
  if (settings != NULL)
    self->live_settings = ks_live_settings_copy (settings);
  update_live_target (self);
  _ks_window_run_live_soon (self);
}

/**
 * ks_window_get_live_settings:
 *
 * Returns: (transfer none) (nullable): the connection, NULL for AWS's defaults
 */
const KsLiveSettings *
ks_window_get_live_settings (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return self->live_settings;
}

/* Deploy… ------------------------------------------------------------------------- */

static gboolean
on_deploy_close_request (KsDeployDialog *dialog,
                         KsWindow       *self)
{
  g_autoptr(KsLiveSettings) settings = ks_deploy_dialog_get_settings (dialog);

  /* the connection entered is the one "Run Against Endpoint" uses */
  ks_window_set_live_settings (self, settings);
  return FALSE;
}

/**
 * ks_window_show_deploy:
 *
 * Opens the Deploy… dialog on the window's connection.
 *
 * Returns: (transfer none): the dialog
 */
GtkWidget *
ks_window_show_deploy (KsWindow *self)
{
  GtkWidget *dialog;

  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);

  dialog = ks_deploy_dialog_new (GTK_WINDOW (self), ks_document_get_engine (self->document), self->live_settings);
  g_signal_connect_object (dialog, "close-request", G_CALLBACK (on_deploy_close_request), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
deploy_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  ks_window_show_deploy (KS_WINDOW (widget));
}

/* Run Against Endpoint ----------------------------------------------------------------- */

static char *
live_markup (const KsLiveCheck *check)
{
  JsonObject *live = check->live && JSON_NODE_HOLDS_OBJECT (check->live) ? json_node_get_object (check->live) : NULL;
  g_autofree char *answer = NULL;

  if (live != NULL && json_object_has_member (live, "Count"))
    {
      guint count = json_object_get_int_member (live, "Count");
      answer = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", count), count);
    }
  else if (live != NULL && json_object_has_member (live, "Item"))
    answer = g_strdup (_("the item"));
  else if (live != NULL && json_object_has_member (live, "__type"))
    answer = g_strdup (json_object_get_string_member_with_default (live, "message", ""));
  else
    answer = g_strdup (_("no item"));     /* a GetItem that finds none */

  if (check->equal)
    return g_markup_printf_escaped ("<span weight=\"bold\" foreground=\"#26a269\">%s</span>  %s\n%s",
                                    _("Endpoint agrees"), answer,
                                    _("The live answer equals Keyshape’s."));
  return g_markup_printf_escaped ("<span weight=\"bold\" foreground=\"#e01b24\">%s</span>  %s\n%s",
                                  _("Endpoint differs"), answer,
                                  check->difference ? check->difference : "");
}

typedef struct
{
  KsWindow     *self;
  GCancellable *cancellable;    /* this run's */
} LiveRunData;

static void
on_live_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LiveRunData *data = user_data;
  g_autoptr(KsWindow) self = data->self;
  g_autoptr(GCancellable) cancellable = data->cancellable;
  g_autoptr(GError) error = NULL;
  g_autoptr(KsLiveRun) run = ks_live_run_finish (result, &error);
  g_autofree char *markup = NULL;

  g_free (data);
  /* another run replaced this one, or the window is gone */
  if (cancellable != self->live_cancellable || self->document == NULL)
    return;
  g_clear_object (&self->live_cancellable);
  if (run == NULL)
    markup = g_markup_printf_escaped ("<span weight=\"bold\" foreground=\"#e01b24\">%s</span>\n%s",
                                      _("Could not run against the endpoint"), error->message);
  else if (ks_live_run_get_n_checks (run) == 0)
    markup = g_markup_escape_text (_("The endpoint was not asked: the pattern has no request."), -1);
  else
    markup = live_markup (ks_live_run_get_check (run, 0));
  ks_pattern_editor_set_live_result (self->pattern_editor, markup);
}

static gboolean
run_live (gpointer user_data)
{
  KsWindow *self = user_data;
  KsPattern *pattern = ks_pattern_editor_get_pattern (self->pattern_editor);
  g_autoptr(KsLiveSettings) defaults = NULL;
  g_autofree char *where = NULL;
  g_autofree char *waiting = NULL;
  LiveRunData *data;

  self->live_source = 0;
  if (self->live_cancellable != NULL)
    g_cancellable_cancel (self->live_cancellable);
  g_clear_object (&self->live_cancellable);
  if (pattern == NULL || !ks_pattern_editor_get_run_live (self->pattern_editor))
    return G_SOURCE_REMOVE;

  if (self->live_settings == NULL)
    defaults = ks_live_settings_new (NULL, NULL, NULL, NULL);
  where = describe_settings (self->live_settings);
  waiting = g_strdup_printf (_("Asking %s…"), where);
  {
    g_autofree char *markup = g_markup_escape_text (waiting, -1);
    ks_pattern_editor_set_live_result (self->pattern_editor, markup);
  }
  self->live_cancellable = g_cancellable_new ();
  data = g_new0 (LiveRunData, 1);
  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->live_cancellable);
  ks_live_run_async (ks_document_get_engine (self->document),
                     self->live_settings ? self->live_settings : defaults,
                     ks_pattern_get_name (pattern), self->live_cancellable, on_live_done, data);
  return G_SOURCE_REMOVE;
}

void
_ks_window_run_live_soon (KsWindow *self)
{
  if (!ks_pattern_editor_get_run_live (self->pattern_editor))
    {
      g_clear_handle_id (&self->live_source, g_source_remove);
      if (self->live_cancellable != NULL)
        g_cancellable_cancel (self->live_cancellable);
      g_clear_object (&self->live_cancellable);
      return;
    }
  /* a network round trip per pattern edit at most every half second */
  g_clear_handle_id (&self->live_source, g_source_remove);
  self->live_source = g_timeout_add (500, run_live, self);
}

void
_ks_window_live_dispose (KsWindow *self)
{
  g_clear_handle_id (&self->live_source, g_source_remove);
  if (self->live_cancellable != NULL)
    g_cancellable_cancel (self->live_cancellable);
  g_clear_object (&self->live_cancellable);
  g_clear_pointer (&self->live_settings, ks_live_settings_free);
}

void
_ks_window_init_live (KsWindow *self)
{
  g_signal_connect_swapped (self->pattern_editor, "notify::run-live", G_CALLBACK (_ks_window_run_live_soon), self);
  update_live_target (self);
}

void
_ks_window_class_init_live (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.deploy", NULL, deploy_action);
}
