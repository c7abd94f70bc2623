/* ks-template-chooser.h: New from Template… (the bundled designs, previewed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ks-design.h"
#include "ks-diagram.h"

G_BEGIN_DECLS

#define KS_TYPE_TEMPLATE_CHOOSER (ks_template_chooser_get_type ())
G_DECLARE_FINAL_TYPE (KsTemplateChooser, ks_template_chooser, KS, TEMPLATE_CHOOSER, AdwWindow)

/**
 * KsTemplateChooser:
 *
 * A modal window listing the designs (`*.keyshape.json`) of a templates
 * folder, each read once when the chooser opens, by design name with a
 * one-line summary; the selected one shows its description, its counts
 * and a preview of its table's key-layout diagram. A file that cannot be
 * read is listed with its error and cannot be chosen.
 *
 * Create, a double click or Enter on a row emit
 * #KsTemplateChooser::template-chosen with the file, then the chooser
 * closes; the caller opens it (`app.new-from-template`). Escape and
 * Cancel close it.
 */
GtkWidget  *ks_template_chooser_new             (GtkWindow         *parent,
                                                 GFile             *dir);
guint       ks_template_chooser_get_n_templates (KsTemplateChooser *self);
/* The template at @index (in the order listed): its file, and its design
 * or NULL with the error that kept it from being read. */
GFile      *ks_template_chooser_get_file        (KsTemplateChooser *self,
                                                 guint              index);
KsDesign   *ks_template_chooser_get_design      (KsTemplateChooser *self,
                                                 guint              index);
const char *ks_template_chooser_get_error       (KsTemplateChooser *self,
                                                 guint              index);
/* The listed position of the template read from @file, or -1. */
int         ks_template_chooser_find            (KsTemplateChooser *self,
                                                 GFile             *file);
void        ks_template_chooser_select          (KsTemplateChooser *self,
                                                 guint              index);
/* The selected position, or -1. */
int         ks_template_chooser_get_selected    (KsTemplateChooser *self);
/* The preview's diagram of the selected template (NULL for none, or one
 * that could not be read). */
KsDiagram  *ks_template_chooser_get_diagram     (KsTemplateChooser *self);
/* What Create does: emits ::template-chosen for the selected template and
 * closes; FALSE (and stays open) when nothing that can be opened is
 * selected. */
gboolean    ks_template_chooser_choose          (KsTemplateChooser *self);

G_END_DECLS
