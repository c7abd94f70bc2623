/* ks-application.c: the Keyshape application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-application.h"
#include "ks-io.h"
#include "ks-window.h"

struct _KsApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
  gboolean        recovery_offered;
};

G_DEFINE_FINAL_TYPE (KsApplication, ks_application, ADW_TYPE_APPLICATION)

GFile *
ks_application_get_templates_dir (void)
{
  const char *env = g_getenv ("KEYSHAPE_TEMPLATES_DIR");
  g_autofree char *installed = g_build_filename (PKGDATADIR, "templates", NULL);
  g_autofree char *source = g_build_filename (SOURCE_DATADIR, "templates", NULL);

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (env);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (installed);
  /* run from the build tree */
  if (g_file_test (source, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (source);
  return NULL;
}

static KsWindow *
find_window (KsApplication *self,
             GFile         *file)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (KS_IS_WINDOW (l->data))
      {
        GFile *shown = ks_document_get_file (ks_window_get_document (l->data));
        if (file == NULL ? ks_window_is_pristine (l->data) : (shown && g_file_equal (shown, file)))
          return l->data;
      }
  return NULL;
}

static KsWindow *
new_window (KsApplication *self)
{
  return ks_window_new (GTK_APPLICATION (self));
}

void
ks_application_open_file (KsApplication *self,
                          GFile         *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = NULL;
  KsFileFormat format = KS_FILE_FORMAT_UNKNOWN;
  KsWindow *window;

  g_return_if_fail (KS_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (file));

  if ((window = find_window (self, file)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  design = ks_io_load_file (file, &format, NULL, &error);
  if (design == NULL)
    {
      /* the error shows where the user is looking; no window is opened
       * for a file that cannot be read, unless there is none at all */
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Could not open %s: %s"), name, error->message);
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

      window = KS_IS_WINDOW (active) ? KS_WINDOW (active) : new_window (self);
      ks_window_show_toast (window, message);
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  /* reuse an untouched new window, else open one */
  window = find_window (self, NULL);
  if (window == NULL)
    window = new_window (self);
  ks_window_take_design (window, design, file, format);
  gtk_window_present (GTK_WINDOW (window));
}

/* Actions -------------------------------------------------------------------- */

static void
new_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       data)
{
  gtk_window_present (GTK_WINDOW (new_window (data)));
}

static void
new_from_template_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       data)
{
  KsApplication *self = data;
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = ks_io_load_file (file, NULL, NULL, &error);
  g_autoptr(KsDocument) document = NULL;
  KsWindow *window;

  window = find_window (self, NULL);
  if (window == NULL)
    window = new_window (self);
  if (design == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the template: %s"), error->message);
      ks_window_show_toast (window, message);
    }
  else
    {
      /* a copy to work on: saving asks where */
      document = ks_document_new (design);
      ks_window_set_document (window, document);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       data)
{
  /* each window asks about its unsaved changes */
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (data)));

  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       data)
{
  const char *developers[] = { _("The Keyshape authors"), NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (data));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", "Keyshape",
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Design Amazon DynamoDB single-table schemas visually"),
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
apply_color_scheme (KsApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static const GActionEntry app_actions[] = {
  { "new", new_action, NULL, NULL, NULL },
  { "new-from-template", new_from_template_action, "s", NULL, NULL },
  { "quit", quit_action, NULL, NULL, NULL },
  { "about", about_action, NULL, NULL, NULL },
};

/* GApplication ------------------------------------------------------------------ */

static void
ks_application_startup (GApplication *app)
{
  KsApplication *self = KS_APPLICATION (app);
  g_autoptr(GAction) scheme = NULL;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *zoom_in_accels[] = { "<Control>plus", "<Control>equal", NULL };
  static const char *zoom_out_accels[] = { "<Control>minus", NULL };
  static const char *zoom_fit_accels[] = { "<Control>0", NULL };
  static const char *present_accels[] = { "F5", NULL };

  G_APPLICATION_CLASS (ks_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  scheme = g_settings_create_action (self->settings, "color-scheme");
  g_action_map_add_action (G_ACTION_MAP (self), scheme);
  g_signal_connect_swapped (self->settings, "changed::color-scheme", G_CALLBACK (apply_color_scheme), self);
  apply_color_scheme (self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new", new_accels);
  /* shown in menus and tooltips; the diagram view binds the keys itself */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "diagram.zoom-in", zoom_in_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "diagram.zoom-out", zoom_out_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "diagram.zoom-fit", zoom_fit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.present", present_accels);
}

/* Once per run, over the first window: the unsaved edits a crashed run
 * left behind. */
static void
offer_recovery (KsApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->recovery_offered || !KS_IS_WINDOW (window))
    return;
  self->recovery_offered = TRUE;
  ks_window_offer_recovery (KS_WINDOW (window));
}

static void
ks_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (new_window (KS_APPLICATION (app)));
  gtk_window_present (window);
  offer_recovery (KS_APPLICATION (app));
}

static void
ks_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    ks_application_open_file (KS_APPLICATION (app), files[i]);
  offer_recovery (KS_APPLICATION (app));
}

static void
ks_application_dispose (GObject *object)
{
  KsApplication *self = KS_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (ks_application_parent_class)->dispose (object);
}

static void
ks_application_class_init (KsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ks_application_dispose;
  app_class->startup = ks_application_startup;
  app_class->activate = ks_application_activate;
  app_class->open = ks_application_open;
}

static void
ks_application_init (KsApplication *self)
{
  self->settings = g_settings_new ("org.keyshape.Keyshape");
}

KsApplication *
ks_application_new (void)
{
  return g_object_new (KS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/keyshape/Keyshape",
                       NULL);
}

/**
 * ks_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
ks_application_get_settings (KsApplication *self)
{
  g_return_val_if_fail (KS_IS_APPLICATION (self), NULL);
  return self->settings;
}
