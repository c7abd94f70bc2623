/* ks-entity-editor.h: the inspector page of an entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-document.h"
#include "ks-selection.h"

G_BEGIN_DECLS

#define KS_TYPE_ENTITY_EDITOR (ks_entity_editor_get_type ())
G_DECLARE_FINAL_TYPE (KsEntityEditor, ks_entity_editor, KS, ENTITY_EDITOR, GtkWidget)

/**
 * KsEntityEditor:
 *
 * Name, colour, description, attributes (name, type, required), one
 * #KsTemplateRow per key attribute of the entity's table and indexes with
 * the live key of the selected item, and the load figures. Every edit is
 * a #KsDocument command.
 */
GtkWidget *ks_entity_editor_new          (void);
void       ks_entity_editor_set_document (KsEntityEditor *self,
                                          KsDocument     *document,
                                          KsSelection    *selection);
KsEntity  *ks_entity_editor_get_entity   (KsEntityEditor *self);
void       ks_entity_editor_set_entity   (KsEntityEditor *self,
                                          KsEntity       *entity);
/* The template row of a key attribute, or NULL (tests, focus). */
GtkWidget *ks_entity_editor_get_template_row (KsEntityEditor *self,
                                          const char     *key_attribute);
void       ks_entity_editor_focus_name   (KsEntityEditor *self);
/* Hands text typed into the templates to the document now. */
void       ks_entity_editor_commit       (KsEntityEditor *self);

G_END_DECLS
