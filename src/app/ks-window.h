/* ks-window.h: one window per design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ks-document.h"
#include "ks-live-settings.h"
#include "ks-selection.h"

G_BEGIN_DECLS

#define KS_TYPE_WINDOW (ks_window_get_type ())
G_DECLARE_FINAL_TYPE (KsWindow, ks_window, KS, WINDOW, AdwApplicationWindow)

/**
 * KsWindow:
 *
 * The window of one design: sidebar, diagram (one page per table and
 * index view in an #AdwViewStack), sample-data grid and inspector, all
 * reading one #KsDocument and sharing one #KsSelection.
 */
KsWindow    *ks_window_new            (GtkApplication *application);
KsDocument  *ks_window_get_document   (KsWindow       *self);
void         ks_window_set_document   (KsWindow       *self,
                                       KsDocument     *document);
KsSelection *ks_window_get_selection  (KsWindow       *self);
/* Loads @file into this window; on failure shows the error as a toast,
 * keeps the current document and returns FALSE. */
gboolean     ks_window_load_file      (KsWindow       *self,
                                       GFile          *file);
/* Shows @design, read from @file in @format. */
void         ks_window_take_design    (KsWindow       *self,
                                       KsDesign       *design,
                                       GFile          *file,
                                       int             format);
/* Saves to @file (atomic); errors are shown as toasts. */
gboolean     ks_window_save_to        (KsWindow       *self,
                                       GFile          *file);
/* A window showing a new design nobody has touched yet. */
gboolean     ks_window_is_pristine    (KsWindow       *self);
void         ks_window_show_toast     (KsWindow       *self,
                                       const char     *message);
/* The message of the last toast shown (tests). */
const char  *ks_window_get_last_toast (KsWindow       *self);
/* The table or index whose diagram is shown. */
const char  *ks_window_get_view_name  (KsWindow       *self);
void         ks_window_set_view_name  (KsWindow       *self,
                                       const char     *view);
/* Presentation mode (win.present, F5): full screen, one access pattern a
 * step; Escape leaves. Leaving selects the pattern last shown. */
void         ks_window_present_patterns (KsWindow     *self);
void         ks_window_leave_presentation (KsWindow   *self);
gboolean     ks_window_is_presenting  (KsWindow       *self);
/* Offers the unsaved edits a crashed run left (ks-recovery.h) in a dialog
 * over this window; FALSE when there are none. */
gboolean     ks_window_offer_recovery (KsWindow       *self);
/* ks-window-export.c: Export (a ks-export.h format, "markdown" and "html"
 * included), Export Diagram (svg, png, pdf), Copy Diagram as Image, Print
 * Diagram (@pdf: print to that file without the dialog), Compare With… */
gboolean     ks_window_export         (KsWindow       *self,
                                       const char     *format,
                                       GFile          *file,
                                       GError        **error);
gboolean     ks_window_export_diagram (KsWindow       *self,
                                       const char     *format,
                                       GFile          *file,
                                       GError        **error);
gboolean     ks_window_copy_diagram   (KsWindow       *self,
                                       GError        **error);
gboolean     ks_window_print_diagram  (KsWindow       *self,
                                       GFile          *pdf,
                                       GError        **error);
GtkWidget   *ks_window_compare_with   (KsWindow       *self,
                                       GFile          *file,
                                       GError        **error);
gboolean     ks_window_generate_items (KsWindow       *self,
                                       KsEntity       *entity,
                                       guint           count,
                                       guint64         seed,
                                       GError        **error);
/* ks-window-live.c: the Deploy… dialog (its connection is the one the
 * access-pattern editor's Run Against Endpoint uses). */
GtkWidget   *ks_window_show_deploy    (KsWindow       *self);
/* The connection (NULL: AWS with the configured credentials and region). */
void         ks_window_set_live_settings (KsWindow     *self,
                                          const KsLiveSettings *settings);
const KsLiveSettings *ks_window_get_live_settings (KsWindow *self);
/* Widgets, for tests */
GtkWidget   *ks_window_get_diagram_view (KsWindow     *self);
GtkWidget   *ks_window_get_grid       (KsWindow       *self);
GtkWidget   *ks_window_get_sidebar    (KsWindow       *self);
GtkWidget   *ks_window_get_entity_editor (KsWindow    *self);
GtkWidget   *ks_window_get_presentation (KsWindow     *self);
GtkWidget   *ks_window_get_pattern_editor (KsWindow   *self);
GtkWidget   *ks_window_get_cost_panel     (KsWindow   *self);
GtkWidget   *ks_window_get_coverage_view  (KsWindow   *self);
/* The design with one table (PK, SK of type S) and no entities. */
KsDesign    *ks_window_new_empty_design (void);

G_END_DECLS
