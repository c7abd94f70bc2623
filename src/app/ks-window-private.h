/* ks-window-private.h: KsWindow internals shared with ks-window-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-window.h"
#include "ks-entity-editor.h"
#include "ks-index-editor.h"
#include "ks-item-grid.h"
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
  KsItemGrid           *grid;
  GMenu                *templates_section;
  GtkStack             *mode_stack;        /* "edit" or "present" */
  KsPresentation       *presentation;

  /* state */
  KsDocument           *document;
  KsSelection          *selection;
  GSettings            *settings;
  GMenu                *recent_menu;
  guint                 analysis_source;   /* debounced lint and pattern runs */
  char                 *last_toast;
  gboolean              touched;           /* the user did something here */
  gboolean              close_confirmed;
  gboolean              was_fullscreen;    /* before presenting */
};

/* ks-window-actions.c */
void _ks_window_class_init_actions (GtkWidgetClass *widget_class);
void _ks_window_update_actions     (KsWindow       *self);
void _ks_window_save_as            (KsWindow       *self,
                                    gboolean        close_after);
void _ks_window_build_menus        (KsWindow       *self);

/* ks-window.c */
void _ks_window_analyse_soon       (KsWindow       *self);

G_END_DECLS
