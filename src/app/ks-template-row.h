/* ks-template-row.h: one key template of an entity, with its live preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-document.h"

G_BEGIN_DECLS

#define KS_TYPE_TEMPLATE_ROW (ks_template_row_get_type ())
G_DECLARE_FINAL_TYPE (KsTemplateRow, ks_template_row, KS, TEMPLATE_ROW, GtkListBoxRow)

/**
 * KsTemplateRow:
 *
 * The template entry for one key attribute of an entity (of the table or
 * of an index), the key it gives the preview item, split into literal text
 * and attribute values, and the template's error inline. Typing edits the
 * document through ks_document_set_template(): on each keystroke, or once
 * typing pauses for an entity so large that recomputing it takes longer
 * than a frame.
 */
GtkWidget  *ks_template_row_new             (KsDocument    *document,
                                             KsEntity      *entity,
                                             const char    *key_attribute,
                                             KsType         key_type,
                                             const char    *role);
const char *ks_template_row_get_key_attribute (KsTemplateRow *self);
GtkEditable *ks_template_row_get_editable   (KsTemplateRow *self);
/* Shows the key this template gives @item (NULL: the entity's first). */
void        ks_template_row_set_preview_item (KsTemplateRow *self,
                                             KsItem        *item);
/* Hands what is typed to the document now (typing into the template of an
 * entity that takes long to recompute is handed over once it pauses). */
void        ks_template_row_commit          (KsTemplateRow *self);
/* Whether typed text waits to be handed to the document. */
gboolean    ks_template_row_has_pending     (KsTemplateRow *self);
/* Re-reads the template, its errors and the preview from the model. */
void        ks_template_row_refresh         (KsTemplateRow *self);
/* The preview's plain text and the error shown, for tests. */
char       *ks_template_row_get_preview_text (KsTemplateRow *self);
const char *ks_template_row_get_error_text  (KsTemplateRow *self);

G_END_DECLS
