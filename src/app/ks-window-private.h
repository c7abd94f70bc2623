/* ks-window-private.h: KsWindow internals shared with ks-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-live-settings.h"
#include "ks-window.h"
#include "ks-cost-panel.h"
#include "ks-coverage-view.h"
#include "ks-entity-editor.h"
#include "ks-index-editor.h"
#include "ks-item-grid.h"
#include "ks-lint.h"
#include "ks-pattern-run.h"
#include "ks-pattern-editor.h"
#include "ks-presentation.h"
#include "ks-sidebar.h"
#include "ks-table-editor.h"

G_BEGIN_DECLS

struct _KsWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  AdwSplitButton       *open_button;
  GtkMenuButton        *export_button;
  AdwFlap              *flap;
  AdwViewStack         *view_stack;
  GtkPaned             *hpaned;
  GtkPaned             *vpaned;
  KsSidebar            *sidebar;
  GtkStack             *inspector;
  KsEntityEditor       *entity_editor;
  KsTableEditor        *table_editor;
  KsIndexEditor        *index_editor;
  KsPatternEditor      *pattern_editor;
  KsCostPanel          *cost_panel;
  KsCoverageView       *coverage_view;
  KsItemGrid           *grid;
  GtkStack             *mode_stack;        /* "edit" or "present" */
  KsPresentation       *presentation;

  /* state */
  KsDocument           *document;
  KsSelection          *selection;
  GSettings            *settings;
  GMenu                *recent_menu;
  guint                 analysis_source;   /* debounced lint and pattern runs */
  gint64                analysis_since;    /* when the pending analysis was first asked for */
  guint                 analysis_step;     /* the next step of the analysis under way, or 0 */
  KsCostReport         *analysis_cost;     /* made by its first step */
  KsCostBuilder        *analysis_builder;  /* …a part at a time */
  KsLinter             *analysis_linter;   /* lint, a group of rules at a time */
  guint                 analysis_pattern;  /* the next access pattern to run */
  GHashTable           *analysis_runs;     /* KsPattern → KsPatternRun, until the next edit */
  gint64                analysis_work;     /* µs of work of the analysis under way */
  gint64                analysis_us;       /* what the last whole analysis took (µs of work) */
  char                 *last_toast;
  gboolean              touched;           /* the user did something here */
  gboolean              close_confirmed;
  gboolean              was_fullscreen;    /* before presenting */
  guint                 autosave_source;
  gint64                autosave_since;    /* first edit the pending autosave waits for */
  char                 *autosave_error;    /* the last one shown */
  gpointer              autosave_job;      /* the autosave being written, off the main thread */
  gboolean              autosave_again;    /* edits came while it was written */
  GtkPrintSettings     *print_settings;    /* kept between prints */
  GtkPageSetup         *page_setup;
  KsLiveSettings       *live_settings;     /* Deploy… and Run Against Endpoint */
  GCancellable         *live_cancellable;  /* the live run under way */
  guint                 live_source;
};

/* ks-window-actions.c */
void _ks_window_class_init_actions (GtkWidgetClass *widget_class);
void _ks_window_update_actions     (KsWindow       *self);
void _ks_window_save_as            (KsWindow       *self,
                                    gboolean        close_after);
void _ks_window_build_menus        (KsWindow       *self);

/* ks-window-export.c: export, copy, print, compare */
void _ks_window_class_init_export  (GtkWidgetClass *widget_class);
void _ks_window_build_export_menu  (KsWindow       *self);

/* ks-window-live.c: Deploy… and Run Against Endpoint */
void _ks_window_class_init_live    (GtkWidgetClass *widget_class);
void _ks_window_init_live          (KsWindow       *self);
void _ks_window_live_dispose       (KsWindow       *self);
/* Runs the pattern being edited against the endpoint, when asked to. */
void _ks_window_run_live_soon      (KsWindow       *self);

/* ks-window-recovery.c */
void _ks_window_autosave_soon      (KsWindow       *self);
void _ks_window_autosave_flush     (KsWindow       *self);
void _ks_window_autosave_cancel    (KsWindow       *self);
/* After saving, or closing without saving: the autosave goes. */
void _ks_window_autosave_forget    (KsWindow       *self);

/* ks-window.c */
void _ks_window_analyse_soon       (KsWindow       *self);

G_END_DECLS
