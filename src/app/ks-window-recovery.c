/* ks-window-recovery.c: autosave of unsaved edits, and their recovery
 *
 * While the document has unsaved edits, its design is autosaved (see
 * ks-recovery.h) a moment after the last edit; saving it, or closing it
 * without saving, removes the autosave. What is left at the next start was
 * not saved before a crash, and ks_window_offer_recovery() offers it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-recovery.h"
#include "ks-window-private.h"

/* after the last edit; typing without a pause still autosaves every
 * AUTOSAVE_MAX_DELAY_US */
#define AUTOSAVE_DELAY_MS     2000
#define AUTOSAVE_MAX_DELAY_US (10 * G_USEC_PER_SEC)

static void
report_error (KsWindow   *self,
              const char *format,
              GError     *error)
{
  g_autofree char *message = g_strdup_printf (format, error->message);

  /* a full disk fails every few seconds: say so once */
  if (g_strcmp0 (message, self->autosave_error) == 0)
    return;
  g_free (self->autosave_error);
  self->autosave_error = g_strdup (message);
  ks_window_show_toast (self, message);
}

/* The autosave is written on a thread of its own, from a snapshot of the
 * design taken on the main thread (ks_recovery_prepare()): serializing
 * 100,000 items takes long enough to be felt between two keystrokes. One
 * write at a time per window; the window waits for it only to save, close
 * or replace its document (the files must be final before they go). */
typedef struct
{
  KsWindow        *window;     /* NULL once the window let go of it */
  KsRecoveryWrite *write;
  GThread         *thread;
  gboolean         ok;
  GError          *error;
  gboolean         finished;
} AutosaveJob;

static void
autosave_job_clear (gpointer data)
{
  AutosaveJob *job = data;

  g_clear_error (&job->error);
}

static gpointer
autosave_thread (gpointer data)
{
  AutosaveJob *job = data;

  job->ok = ks_recovery_write_run (job->write, &job->error);
  return NULL;
}

/* On the main thread: the thread's work is over (joined here), the
 * snapshot's references go, the window hears how it went. */
static void
autosave_finish (AutosaveJob *job)
{
  KsWindow *self = job->window;

  if (job->finished)
    return;
  job->finished = TRUE;
  if (job->thread != NULL)
    g_thread_join (job->thread);
  job->thread = NULL;
  g_clear_pointer (&job->write, ks_recovery_write_free);
  if (self == NULL)
    return;
  job->window = NULL;
  self->autosave_job = NULL;
  if (!job->ok)
    report_error (self, _("Could not autosave the unsaved changes: %s"), job->error);
  else
    g_clear_pointer (&self->autosave_error, g_free);
  g_atomic_rc_box_release_full (job, autosave_job_clear);   /* the window's */
}

static gboolean autosave (gpointer data);

static gboolean
autosave_done (gpointer data)
{
  AutosaveJob *job = data;
  KsWindow *self = job->window;

  autosave_finish (job);
  /* edits made while it was written: their turn now */
  if (self != NULL && self->autosave_again && self->autosave_source == 0)
    autosave (self);
  g_atomic_rc_box_release_full (job, autosave_job_clear);   /* the thread's */
  return G_SOURCE_REMOVE;
}

static gpointer
autosave_thread_main (gpointer data)
{
  autosave_thread (data);
  /* back on the main thread, with the thread's reference */
  g_idle_add_full (G_PRIORITY_DEFAULT, autosave_done, data, NULL);
  return NULL;
}

static void
autosave_wait (KsWindow *self)
{
  if (self->autosave_job != NULL)
    autosave_finish (self->autosave_job);
  self->autosave_again = FALSE;
}

static gboolean
autosave (gpointer data)
{
  KsWindow *self = data;
  g_autoptr(GError) error = NULL;
  KsRecoveryWrite *write = NULL;
  AutosaveJob *job;

  self->autosave_source = 0;
  self->autosave_since = 0;
  if (self->document == NULL)
    return G_SOURCE_REMOVE;
  /* one write at a time: this one follows when that one is done */
  self->autosave_again = self->autosave_job != NULL;
  if (self->autosave_again)
    return G_SOURCE_REMOVE;
  /* removes the autosave when the edits were undone back to the saved state */
  if (!ks_recovery_prepare (self->document, &write, &error))
    {
      report_error (self, _("Could not autosave the unsaved changes: %s"), error);
      return G_SOURCE_REMOVE;
    }
  if (write == NULL)
    {
      g_clear_pointer (&self->autosave_error, g_free);
      return G_SOURCE_REMOVE;
    }

  job = g_atomic_rc_box_new0 (AutosaveJob);
  job->window = self;
  job->write = write;
  self->autosave_job = job;
  job->thread = g_thread_try_new ("keyshape-autosave", autosave_thread_main,
                                  g_atomic_rc_box_acquire (job), &error);
  if (job->thread == NULL)
    {
      /* no thread to be had: write it here */
      g_atomic_rc_box_release_full (job, autosave_job_clear);
      g_clear_error (&error);
      autosave_thread (job);
      autosave_finish (job);
    }
  return G_SOURCE_REMOVE;
}

void
_ks_window_autosave_soon (KsWindow *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->autosave_source != 0 && now - self->autosave_since >= AUTOSAVE_MAX_DELAY_US)
    return;     /* edits kept coming: the pending autosave goes ahead */
  if (self->autosave_source == 0)
    self->autosave_since = now;
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  self->autosave_source = g_timeout_add (AUTOSAVE_DELAY_MS, autosave, self);
}

void
_ks_window_autosave_flush (KsWindow *self)
{
  gboolean pending = self->autosave_source != 0 || self->autosave_again;

  g_clear_handle_id (&self->autosave_source, g_source_remove);
  autosave_wait (self);
  if (!pending)
    return;
  autosave (self);
  /* the document is about to go: its last edits are on disk when it does */
  autosave_wait (self);
}

void
_ks_window_autosave_cancel (KsWindow *self)
{
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  self->autosave_since = 0;
  /* a write under way finishes (its files are whole) */
  autosave_wait (self);
}

void
_ks_window_autosave_forget (KsWindow *self)
{
  g_autoptr(GError) error = NULL;

  /* after the write under way, or it would bring the autosave back */
  _ks_window_autosave_cancel (self);
  if (self->document != NULL && !ks_recovery_remove (self->document, &error))
    report_error (self, _("Could not remove the autosave: %s"), error);
}

/* Recovery ----------------------------------------------------------------------- */

/* Where a recovered document goes: the window showing its file unchanged,
 * else an untouched window, else a new one. */
static KsWindow *
window_for (KsWindow *self,
            GFile    *original)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */
  KsWindow *window;

  for (guint i = 0; original != NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);
      KsDocument *doc;
      GFile *file;

      if (!KS_IS_WINDOW (toplevel))
        continue;
      doc = ks_window_get_document (KS_WINDOW (toplevel));
      file = ks_document_get_file (doc);
      if (file != NULL && g_file_equal (file, original) && !ks_document_get_modified (doc))
        return KS_WINDOW (toplevel);
    }
  if (ks_window_is_pristine (self))
    return self;
  window = ks_window_new (gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
recover (KsWindow  *self,
         GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      KsRecoveryEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(KsDocument) document = ks_recovery_entry_restore (entry, &error);
      g_autofree char *message = NULL;
      KsWindow *window;

      if (document == NULL)
        {
          /* the autosave stays for another try */
          message = g_strdup_printf (_("Could not recover “%s”: %s"), ks_recovery_entry_get_name (entry),
                                     error->message);
          ks_window_show_toast (self, message);
          continue;
        }
      window = window_for (self, ks_recovery_entry_get_original (entry));
      ks_window_set_document (window, document);
      message = g_strdup_printf (_("Recovered the unsaved changes to “%s”"), ks_recovery_entry_get_name (entry));
      ks_window_show_toast (window, message);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
discard (KsWindow  *self,
         GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ks_recovery_discard (g_ptr_array_index (entries, i), &error))
        {
          g_autofree char *message = g_strdup_printf (_("Could not discard the autosave: %s"), error->message);
          ks_window_show_toast (self, message);
        }
    }
}

static void
on_recovery_response (AdwMessageDialog *dialog,
                      const char       *response,
                      KsWindow         *self)
{
  GPtrArray *entries = g_object_get_data (G_OBJECT (dialog), "ks-entries");

  if (g_str_equal (response, "recover"))
    recover (self, entries);
  else if (g_str_equal (response, "discard"))
    discard (self, entries);
  /* closed otherwise: offered again at the next start */
}

static char *
entry_time (KsRecoveryEntry *entry)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (ks_recovery_entry_get_saved_at (entry));

  /* TRANSLATORS: when unsaved changes were autosaved, a g_date_time_format()
   * string: "3 March 14:05" */
  return g_date_time_format (local, _("%-d %B %H:%M"));
}

/**
 * ks_window_offer_recovery:
 *
 * Offers back the unsaved edits a previous run left behind (after a crash),
 * in a dialog over @self: Recover opens each in a window (@self when
 * untouched), Discard deletes them.
 *
 * Returns: whether there was anything to offer
 */
gboolean
ks_window_offer_recovery (KsWindow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (KS_IS_WINDOW (self), FALSE);

  entries = ks_recovery_list ();
  if (entries->len == 0)
    return FALSE;
  if (entries->len == 1)
    {
      KsRecoveryEntry *entry = g_ptr_array_index (entries, 0);
      g_autofree char *time = entry_time (entry);
      body = g_strdup_printf (_("“%s” had changes that were not saved when Keyshape last stopped. "
                                "They were autosaved on %s."),
                              ks_recovery_entry_get_name (entry), time);
    }
  else
    {
      g_autoptr(GString) names = g_string_new (NULL);
      for (guint i = 0; i < entries->len; i++)
        g_string_append_printf (names, "%s“%s”", i ? ", " : "",
                                ks_recovery_entry_get_name (g_ptr_array_index (entries, i)));
      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u design had changes that were not saved when Keyshape last stopped: %s.",
                                           "%u designs had changes that were not saved when Keyshape last stopped: %s.",
                                           entries->len),
                              entries->len, names->str);
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Recover Unsaved Changes?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "discard", _("_Discard"),
                                    "recover", _("_Recover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "recover", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "recover");
  adw_message_dialog_set_close_response (dialog, "later");
  g_object_set_data_full (G_OBJECT (dialog), "ks-entries", g_steal_pointer (&entries),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_recovery_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}
