/* ks-selection.h: what the window has selected, shared by its views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ks-document.h"

G_BEGIN_DECLS

#define KS_TYPE_SELECTION (ks_selection_get_type ())
G_DECLARE_FINAL_TYPE (KsSelection, ks_selection, KS, SELECTION, GObject)

/**
 * KsSelection:
 *
 * The selected sample item and the highlighted access pattern of one
 * window. The grid, the diagram and the inspector all set and follow it,
 * so selecting an item anywhere selects it everywhere.
 */
KsSelection *ks_selection_new         (void);
KsItem      *ks_selection_get_item    (KsSelection *self);
void         ks_selection_set_item    (KsSelection *self,
                                       KsItem      *item);
KsPattern   *ks_selection_get_pattern (KsSelection *self);
void         ks_selection_set_pattern (KsSelection *self,
                                       KsPattern   *pattern);

G_END_DECLS
