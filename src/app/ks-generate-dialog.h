/* ks-generate-dialog.h: Generate Items… (count and seed for an entity)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ks-design.h"

G_BEGIN_DECLS

#define KS_TYPE_GENERATE_DIALOG (ks_generate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KsGenerateDialog, ks_generate_dialog, KS, GENERATE_DIALOG, AdwMessageDialog)

/**
 * KsGenerateDialog:
 *
 * Asks which entity gets made-up sample items, how many, and the seed
 * that makes them (the same seed gives the same items). Responses
 * "cancel" and "generate"; the caller generates (ks-generator.h).
 */
GtkWidget *ks_generate_dialog_new        (GtkWindow        *parent,
                                          KsDesign         *design,
                                          KsEntity         *entity);
KsEntity  *ks_generate_dialog_get_entity (KsGenerateDialog *self);
guint      ks_generate_dialog_get_count  (KsGenerateDialog *self);
void       ks_generate_dialog_set_count  (KsGenerateDialog *self,
                                          guint             count);
guint64    ks_generate_dialog_get_seed   (KsGenerateDialog *self);
void       ks_generate_dialog_set_seed   (KsGenerateDialog *self,
                                          guint64           seed);

G_END_DECLS
