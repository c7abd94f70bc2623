/* ks-window-fixture.h: what the window tests share (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program's set-up (a temporary home for autosaves and recent files,
 * a display, libadwaita), a window showing a design, running the main
 * loop until something holds, pressing keys the way GTK does, and finding
 * widgets and windows.
 */
#pragma once

#include "ks-window.h"

G_BEGIN_DECLS

/* The design most window tests open, below tests/: a copy of the first
 * bundled template, kept stable for them. */
#define KS_TEST_DESIGN "data/window-shop.keyshape.json"

typedef enum
{
  KS_TEST_INIT_DEFAULT    = 0,
  /* GTK's test accessibility backend, which keeps the accessible
   * properties for the tests to read (else none: no bus needed) */
  KS_TEST_INIT_ACCESSIBLE = 1 << 0,
  /* $HOME in the temporary home too (no ~/.aws of the machine) */
  KS_TEST_INIT_HOME       = 1 << 1,
} KsTestInitFlags;

/* Program set-up, instead of g_test_init (): $XDG_STATE_HOME and
 * $XDG_DATA_HOME in a new temporary folder (set before GLib reads them),
 * the cairo renderer (software GL on Xvfb is slow), gtk_init and
 * adw_init. Returns the temporary folder, for ks_test_run (); NULL when
 * there is no display (the program then exits with 77, skipped). */
char       *ks_test_init             (int              *argc,
                                      char           ***argv,
                                      const char       *name,
                                      KsTestInitFlags   flags);
/* g_test_run (), then removes @home; returns the status to exit with. */
int         ks_test_run              (const char       *home);

/* Runs the main loop until nothing is pending. */
void        ks_test_drain            (void);
/* @n frames: each drains the main loop, then waits 5 ms (allocation and
 * drawing run on the frame clock). */
void        ks_test_drain_frames     (guint             n);

/* Runs the main loop until @cond holds, for at most @seconds (sanitizer
 * builds are slow), then asserts it. */
#define KS_TEST_WAIT_UNTIL(cond, seconds)                                          \
  G_STMT_START {                                                                   \
    gint64 ks_deadline_ = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;    \
    while (!(cond) && g_get_monotonic_time () < ks_deadline_)                      \
      ks_test_drain_frames (1);                                                    \
    g_assert_true (cond);                                                          \
  } G_STMT_END

/* Deletes @path and everything below it. */
void        ks_test_remove_tree      (const char       *path);
/* Copies @name (a file below tests/) into @dir (made if missing) as @as. */
GFile      *ks_test_copy_design      (const char       *name,
                                      const char       *dir,
                                      const char       *as);

/* A new 1280×800 window, presented, with @file loaded (asserted). */
KsWindow   *ks_test_window_new       (GFile            *file);

/* Calls @func on each shortcut of @widget's shortcut controllers (not
 * its children's) until it returns TRUE; whether one did. */
typedef gboolean (*KsTestShortcutFunc) (GtkWidget   *widget,
                                        GtkShortcut *shortcut,
                                        gpointer     data);
gboolean    ks_test_foreach_shortcut (GtkWidget          *widget,
                                      KsTestShortcutFunc  func,
                                      gpointer            data);
/* Presses @keyval on @widget the way GTK does: through the shortcut
 * controllers of the widget and its ancestors (the class key bindings
 * among them), innermost first. FALSE when no shortcut takes it. */
gboolean    ks_test_press_key        (GtkWidget        *widget,
                                      guint             keyval,
                                      GdkModifierType   modifiers);
/* The first widget of @type in the tree of @widget (itself included). */
GtkWidget  *ks_test_find_child       (GtkWidget        *widget,
                                      GType             type);
/* A visible toplevel of @type, transient for @parent unless that is NULL;
 * NULL when there is none. */
gpointer    ks_test_find_toplevel    (GType             type,
                                      GtkWindow        *parent);
/* @widget as drawn now, at its size, by its window's renderer. */
GdkTexture *ks_test_render_widget    (GtkWidget        *widget);

/* A window showing a design: g_test_add (path, KsWindowFixture, NAME,
 * ks_window_fixture_setup, test, ks_window_fixture_teardown), NAME a file
 * below tests/ (NULL: KS_TEST_DESIGN). */
typedef struct
{
  KsWindow   *window;
  KsDocument *document;
  KsDesign   *design;
  GFile      *file;       /* the design shown */
  char       *dir;        /* for ks_window_fixture_setup_copy (): the copy's folder */
} KsWindowFixture;

/* Opens @file in a new window (ks_test_window_new ()) for @f. */
void        ks_window_fixture_open       (KsWindowFixture *f,
                                          GFile           *file);
void        ks_window_fixture_setup      (KsWindowFixture *f,
                                          gconstpointer    name);
/* The same on a copy of NAME in a temporary folder, removed with the
 * fixture (for tests that write beside the design). */
void        ks_window_fixture_setup_copy (KsWindowFixture *f,
                                          gconstpointer    name);
/* Destroys the window (unless the test did, leaving NULL) and the copy. */
void        ks_window_fixture_teardown   (KsWindowFixture *f,
                                          gconstpointer    name);

/* g_test_add () of @test on a window showing @name (NULL: KS_TEST_DESIGN) */
#define ks_window_test_add(path, name, test) \
  g_test_add (path, KsWindowFixture, name, ks_window_fixture_setup, test, ks_window_fixture_teardown)
/* The same on a copy of @name (ks_window_fixture_setup_copy ()) */
#define ks_window_test_add_copy(path, name, test) \
  g_test_add (path, KsWindowFixture, name, ks_window_fixture_setup_copy, test, ks_window_fixture_teardown)

G_END_DECLS
