/* test-template-chooser.c: New from Template… in a real application, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ks-application.h"
#include "ks-template-chooser.h"
#include "ks-window-fixture.h"

#define N_BUNDLED 12

typedef struct
{
  KsApplication *app;
  KsWindow      *window;
} Fixture;

/* A few frames: allocation and drawing run on the frame clock */
static void
settle (void)
{
  ks_test_drain_frames (20);
}

static char *
bundled_dir (void)
{
  return g_build_filename (SOURCE_DATADIR, "templates", NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->app = ks_application_new ();
  /* no session bus here: a non-unique application registers without one */
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, &error));
  g_assert_no_error (error);
  f->window = ks_window_new (GTK_APPLICATION (f->app));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  settle ();
  g_assert_true (ks_window_is_pristine (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (f->app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  settle ();
  g_clear_object (&f->app);
}

/* The chooser open over @window, or NULL */
static KsTemplateChooser *
find_chooser (KsWindow *window)
{
  return ks_test_find_toplevel (KS_TYPE_TEMPLATE_CHOOSER, GTK_WINDOW (window));
}

static KsTemplateChooser *
open_chooser (Fixture *f)
{
  KsTemplateChooser *chooser;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.choose-template", NULL));
  settle ();
  chooser = find_chooser (f->window);
  g_assert_nonnull (chooser);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
  return chooser;
}

static GtkWidget *
child (KsTemplateChooser *chooser,
       const char        *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (chooser), KS_TYPE_TEMPLATE_CHOOSER, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static int
find_template (KsTemplateChooser *chooser,
               const char        *dir,
               const char        *basename)
{
  g_autofree char *path = g_build_filename (dir, basename, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  int index = ks_template_chooser_find (chooser, file);

  g_assert_cmpint (index, >=, 0);
  return index;
}

static guint
count_rows (KsTemplateChooser *chooser)
{
  GtkListBox *list = GTK_LIST_BOX (child (chooser, "list"));
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

/* The application's other KsWindow than the fixture's (at most one), or NULL */
static KsWindow *
other_window (Fixture *f)
{
  KsWindow *found = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l != NULL; l = l->next)
    if (KS_IS_WINDOW (l->data) && l->data != f->window)
      {
        g_assert_null (found);
        found = l->data;
      }
  return found;
}

/* How many different colours the preview shows, as drawn on screen */
static guint
count_preview_colours (KsTemplateChooser *chooser)
{
  GtkWidget *area = child (chooser, "preview_area");
  int width = gtk_widget_get_width (area), height = gtk_widget_get_height (area);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autofree guint32 *pixels = NULL;

  g_assert_cmpint (width, >, 100);
  g_assert_cmpint (height, >, 100);
  texture = ks_test_render_widget (area);
  pixels = g_new (guint32, (gsize) width * height);
  gdk_texture_download (texture, (guchar *) pixels, width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    g_hash_table_add (colours, GUINT_TO_POINTER (pixels[i]));
  return g_hash_table_size (colours);
}

/* Tests ------------------------------------------------------------------------ */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  KsTemplateChooser *chooser = open_chooser (f);
  g_autofree char *dir = bundled_dir ();
  GtkListBox *list = GTK_LIST_BOX (child (chooser, "list"));

  g_assert_cmpuint (ks_template_chooser_get_n_templates (chooser), ==, N_BUNDLED);
  g_assert_cmpuint (count_rows (chooser), ==, N_BUNDLED);
  for (guint i = 0; i < N_BUNDLED; i++)
    {
      KsDesign *design = ks_template_chooser_get_design (chooser, i);

      g_assert_null (ks_template_chooser_get_error (chooser, i));
      g_assert_nonnull (design);
      g_assert_cmpstr (ks_design_get_name (design), !=, "");
      g_assert_cmpstr (ks_design_get_description (design), !=, "");
      /* listed by name */
      if (i > 0)
        g_assert_cmpint (g_utf8_collate (ks_design_get_name (ks_template_chooser_get_design (chooser, i - 1)),
                                         ks_design_get_name (design)), <, 0);
    }
  /* every bundled file is there */
  find_template (chooser, dir, "ecommerce.keyshape.json");
  find_template (chooser, dir, "queue.keyshape.json");
  /* the first is selected, the list has the focus, a double click or
   * Enter opens a row, a single click only selects it */
  g_assert_cmpint (ks_template_chooser_get_selected (chooser), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (child (chooser, "create_button")));
  g_assert_false (gtk_list_box_get_activate_on_single_click (list));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (chooser)), GTK_WIDGET (list)));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (chooser)) == child (chooser, "create_button"));
}

static void
test_preview (Fixture       *f,
              gconstpointer  data)
{
  KsTemplateChooser *chooser = open_chooser (f);
  g_autofree char *dir = bundled_dir ();
  int chat = find_template (chooser, dir, "chat.keyshape.json");
  int ecommerce = find_template (chooser, dir, "ecommerce.keyshape.json");
  KsDesign *design = ks_template_chooser_get_design (chooser, chat);
  g_autoptr(KsTable) table = g_list_model_get_item (G_LIST_MODEL (ks_design_get_tables (design)), 0);
  g_autofree char *entities = g_strdup_printf ("%u entities",
                                               g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_entities (design))));
  g_autofree char *items = g_strdup_printf ("%u sample items", ks_design_count_items (design));
  g_autofree char *patterns = g_strdup_printf ("%u access patterns",
                                               g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_patterns (design))));
  g_autoptr(GString) description = NULL;
  const char *counts;
  KsDiagram *diagram;
  KsDiagramLayout *layout;
  double w = 0, h = 0;

  ks_template_chooser_select (chooser, chat);
  settle ();
  g_assert_cmpint (ks_template_chooser_get_selected (chooser), ==, chat);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (chooser, "detail_stack"))), ==, "template");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (chooser, "name_label"))), ==, "Chat and messaging");
  /* the whole description, its parts in paragraphs */
  description = g_string_new (gtk_label_get_text (GTK_LABEL (child (chooser, "description_label"))));
  g_assert_nonnull (strstr (description->str, "\n\nDesign choices: "));
  g_assert_nonnull (strstr (description->str, "\n\nDeliberately not supported: "));
  g_string_replace (description, "\n\n", " ", 0);
  g_assert_cmpstr (description->str, ==, ks_design_get_description (design));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (child (chooser, "description_label"))));
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (child (chooser, "description_label"))));
  counts = gtk_label_get_text (GTK_LABEL (child (chooser, "counts_label")));
  g_assert_nonnull (strstr (counts, entities));
  g_assert_nonnull (strstr (counts, items));
  g_assert_nonnull (strstr (counts, patterns));
  g_assert_nonnull (strstr (counts, "index"));

  /* the table's diagram, with its partitions, drawn in the preview */
  diagram = ks_template_chooser_get_diagram (chooser);
  g_assert_nonnull (diagram);
  g_assert_true (ks_engine_get_design (ks_diagram_get_engine (diagram)) == design);
  layout = ks_diagram_get_layout (diagram);
  g_assert_nonnull (layout);
  g_assert_cmpstr (ks_view_get_name (ks_diagram_layout_get_view (layout)), ==, ks_table_get_name (table));
  g_assert_cmpuint (ks_diagram_layout_get_n_cards (layout), >, 1);
  g_assert_cmpuint (ks_diagram_layout_get_n_entries (layout), >, 0);
  ks_diagram_get_size (diagram, &w, &h);
  g_assert_cmpfloat (w, >, 0);
  g_assert_cmpfloat (h, >, 0);
  g_assert_cmpint (ks_diagram_get_theme (diagram), ==, KS_DIAGRAM_THEME_LIGHT);
  /* cards, text and entity colours, not one flat fill */
  g_assert_cmpuint (count_preview_colours (chooser), >, 20);

  /* another template, another diagram; the dark style follows */
  ks_template_chooser_select (chooser, ecommerce);
  settle ();
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child (chooser, "name_label"))), ==, "E-commerce orders");
  g_assert_true (ks_engine_get_design (ks_diagram_get_engine (ks_template_chooser_get_diagram (chooser))) ==
                 ks_template_chooser_get_design (chooser, ecommerce));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  settle ();
  g_assert_cmpint (ks_diagram_get_theme (ks_template_chooser_get_diagram (chooser)), ==, KS_DIAGRAM_THEME_DARK);
  g_assert_cmpuint (count_preview_colours (chooser), >, 20);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  settle ();
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  KsTemplateChooser *chooser = open_chooser (f);
  g_autofree char *dir = bundled_dir ();
  int index = find_template (chooser, dir, "ecommerce.keyshape.json");
  const char *name = ks_design_get_name (ks_template_chooser_get_design (chooser, index));
  KsDocument *document;
  GtkListBoxRow *row;
  KsWindow *second;

  g_assert_cmpstr (name, ==, "E-commerce orders");
  ks_template_chooser_select (chooser, index);
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  g_signal_emit_by_name (child (chooser, "create_button"), "clicked");
  settle ();

  /* the chooser is gone; the untouched window shows the template as a
   * new, unsaved design */
  g_assert_null (chooser);
  g_assert_null (find_chooser (f->window));
  g_assert_null (other_window (f));
  document = ks_window_get_document (f->window);
  g_assert_cmpstr (ks_design_get_name (ks_document_get_design (document)), ==, "E-commerce orders");
  g_assert_null (ks_document_get_file (document));
  g_assert_cmpuint (ks_design_count_items (ks_document_get_design (document)), >, 0);

  /* once edited, the window keeps its design: Enter on a row opens the
   * next template in a window of its own */
  ks_document_set (document, ks_document_get_design (document), "name", "My shop", NULL);
  g_assert_false (ks_window_is_pristine (f->window));
  chooser = open_chooser (f);
  index = find_template (chooser, dir, "iot.keyshape.json");
  ks_template_chooser_select (chooser, index);
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (chooser, "list")), index);
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  /* what Enter (and a double click) does on a row */
  g_signal_emit_by_name (row, "activate");
  settle ();
  g_assert_null (chooser);
  second = other_window (f);
  g_assert_nonnull (second);
  g_assert_cmpstr (ks_design_get_name (ks_document_get_design (ks_window_get_document (second))), ==,
                   "IoT time series");
  g_assert_null (ks_document_get_file (ks_window_get_document (second)));
  g_assert_cmpstr (ks_design_get_name (ks_document_get_design (ks_window_get_document (f->window))), ==, "My shop");
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  KsTemplateChooser *chooser;
  KsDocument *document = ks_window_get_document (f->window);

  /* Ctrl+Shift+N opens it; Escape closes it and nothing opens */
  g_assert_true (ks_test_press_key (GTK_WIDGET (f->window), GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  settle ();
  chooser = find_chooser (f->window);
  g_assert_nonnull (chooser);
  g_object_add_weak_pointer (G_OBJECT (chooser), (gpointer *) &chooser);
  g_assert_true (ks_test_press_key (GTK_WIDGET (chooser), GDK_KEY_Escape, 0));
  settle ();
  g_assert_null (chooser);
  g_assert_true (ks_window_get_document (f->window) == document);
  g_assert_true (ks_window_is_pristine (f->window));
  g_assert_null (other_window (f));
}

/* The command line and the tests open a template through the action
 * itself, with the file's URI. */
static void
test_action (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *dir = bundled_dir ();
  g_autofree char *path = g_build_filename (dir, "booking.keyshape.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "new-from-template", g_variant_new_string (uri));
  settle ();
  g_assert_cmpstr (ks_design_get_name (ks_document_get_design (ks_window_get_document (f->window))), ==,
                   "Booking and scheduling");
  g_assert_null (ks_document_get_file (ks_window_get_document (f->window)));
}

static void
test_broken (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *bundled = bundled_dir ();
  g_autofree char *dir = g_dir_make_tmp ("keyshape-templates-XXXXXX", NULL);
  g_autofree char *source = g_build_filename (bundled, "queue.keyshape.json", NULL);
  g_autofree char *good = g_build_filename (dir, "queue.keyshape.json", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.keyshape.json", NULL);
  g_autofree char *other = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  KsTemplateChooser *chooser;
  KsDocument *document = ks_window_get_document (f->window);
  GtkWidget *create;
  int index;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (good, contents, length, NULL));
  g_assert_true (g_file_set_contents (broken, "{ \"format\": \"keyshape\", \"tables\": [", -1, NULL));
  g_assert_true (g_file_set_contents (other, "not a template", -1, NULL));
  g_setenv ("KEYSHAPE_TEMPLATES_DIR", dir, TRUE);

  chooser = open_chooser (f);
  create = child (chooser, "create_button");
  g_assert_cmpuint (ks_template_chooser_get_n_templates (chooser), ==, 2);
  g_assert_cmpuint (count_rows (chooser), ==, 2);
  /* the readable one first, selected; the broken one listed after it */
  g_assert_cmpint (find_template (chooser, dir, "queue.keyshape.json"), ==, 0);
  index = find_template (chooser, dir, "broken.keyshape.json");
  g_assert_cmpint (index, ==, 1);
  g_assert_null (ks_template_chooser_get_design (chooser, index));
  g_assert_nonnull (ks_template_chooser_get_error (chooser, index));
  g_assert_true (gtk_widget_get_sensitive (create));

  ks_template_chooser_select (chooser, index);
  settle ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (chooser, "detail_stack"))), ==, "error");
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (child (chooser, "error_page"))), ==,
                   ks_template_chooser_get_error (chooser, index));
  g_assert_null (ks_template_chooser_get_diagram (chooser));
  g_assert_false (gtk_widget_get_sensitive (create));
  /* Enter on it does nothing */
  g_signal_emit_by_name (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child (chooser, "list")), index), "activate");
  settle ();
  g_assert_true (find_chooser (f->window) == chooser);
  g_assert_true (ks_window_get_document (f->window) == document);

  /* the good one still opens */
  ks_template_chooser_select (chooser, 0);
  g_assert_true (gtk_widget_get_sensitive (create));
  g_assert_true (ks_template_chooser_choose (chooser));
  settle ();
  g_assert_null (find_chooser (f->window));
  g_assert_cmpstr (ks_design_get_name (ks_document_get_design (ks_window_get_document (f->window))), ==,
                   "Sparse-index work queue");

  g_setenv ("KEYSHAPE_TEMPLATES_DIR", bundled, TRUE);
  g_unlink (good);
  g_unlink (broken);
  g_unlink (other);
  g_rmdir (dir);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *bundled = bundled_dir ();
  g_autofree char *dir = g_dir_make_tmp ("keyshape-templates-XXXXXX", NULL);
  KsTemplateChooser *chooser;

  g_setenv ("KEYSHAPE_TEMPLATES_DIR", dir, TRUE);
  chooser = open_chooser (f);
  g_assert_cmpuint (ks_template_chooser_get_n_templates (chooser), ==, 0);
  g_assert_cmpint (ks_template_chooser_get_selected (chooser), ==, -1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (chooser, "detail_stack"))), ==, "empty");
  g_assert_false (gtk_widget_get_sensitive (child (chooser, "create_button")));
  g_assert_false (ks_template_chooser_choose (chooser));
  gtk_window_close (GTK_WINDOW (chooser));
  settle ();
  g_setenv ("KEYSHAPE_TEMPLATES_DIR", bundled, TRUE);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *templates = bundled_dir ();
  g_autofree char *home = NULL;

  /* the templates are the source tree's, never an installed copy; no
   * session bus is started for the application */
  g_setenv ("KEYSHAPE_TEMPLATES_DIR", templates, TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keyshape-test-bus", TRUE);
  home = ks_test_init (&argc, &argv, "chooser", KS_TEST_INIT_ACCESSIBLE);
  if (home == NULL)
    return 77;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_test_add ("/keyshape/template-chooser/list", Fixture, NULL, fixture_setup, test_list, fixture_teardown);
  g_test_add ("/keyshape/template-chooser/preview", Fixture, NULL, fixture_setup, test_preview, fixture_teardown);
  g_test_add ("/keyshape/template-chooser/create", Fixture, NULL, fixture_setup, test_create, fixture_teardown);
  g_test_add ("/keyshape/template-chooser/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/keyshape/template-chooser/action", Fixture, NULL, fixture_setup, test_action, fixture_teardown);
  g_test_add ("/keyshape/template-chooser/broken", Fixture, NULL, fixture_setup, test_broken, fixture_teardown);
  g_test_add ("/keyshape/template-chooser/empty", Fixture, NULL, fixture_setup, test_empty, fixture_teardown);
  return ks_test_run (home);
}
