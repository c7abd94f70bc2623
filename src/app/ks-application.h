/* ks-application.h: the Keyshape application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KS_TYPE_APPLICATION (ks_application_get_type ())
G_DECLARE_FINAL_TYPE (KsApplication, ks_application, KS, APPLICATION, AdwApplication)

KsApplication *ks_application_new            (void);
GSettings     *ks_application_get_settings   (KsApplication *self);
/* Opens @file in a window of its own, or presents the window that already
 * shows it; an untouched empty window is reused. */
void           ks_application_open_file      (KsApplication *self,
                                              GFile         *file);
/* Folders holding the bundled "New from template" designs. */
GFile         *ks_application_get_templates_dir (void);

G_END_DECLS
