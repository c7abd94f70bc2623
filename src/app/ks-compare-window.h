/* ks-compare-window.h: what changed between another version and this design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ks-diff.h"

G_BEGIN_DECLS

#define KS_TYPE_COMPARE_WINDOW (ks_compare_window_get_type ())
G_DECLARE_FINAL_TYPE (KsCompareWindow, ks_compare_window, KS, COMPARE_WINDOW, AdwWindow)

/**
 * KsCompareWindow:
 *
 * The outcome of Compare With…: the changes from another version of the
 * design (@old_name) to the one in the window, the backfill they need and
 * the access patterns whose results change (ks_diff_to_text()), with a
 * button that copies the text.
 */
GtkWidget  *ks_compare_window_new      (GtkWindow  *parent,
                                        const char *old_name,
                                        const char *new_name,
                                        KsDiff     *diff);
/* The text shown (tests). */
char       *ks_compare_window_get_text (KsCompareWindow *self);

G_END_DECLS
