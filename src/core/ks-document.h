/* ks-document.h: a design with its engine and undo history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ks-design.h"
#include "ks-engine.h"

G_BEGIN_DECLS

#define KS_TYPE_DOCUMENT (ks_document_get_type ())
G_DECLARE_FINAL_TYPE (KsDocument, ks_document, KS, DOCUMENT, GObject)

/**
 * KsDocument:
 *
 * Every edit of a design goes through a command of this object: the
 * command calls the model's public setters, lands on the undo stack and
 * flushes the engine, which then says what changed. Undo and redo replay
 * the same setters, so they restore the document exactly.
 */
KsDocument  *ks_document_new              (KsDesign     *design);
KsDesign    *ks_document_get_design       (KsDocument   *self);
KsEngine    *ks_document_get_engine       (KsDocument   *self);
GFile       *ks_document_get_file         (KsDocument   *self);
void         ks_document_set_file         (KsDocument   *self,
                                           GFile        *file);
gboolean     ks_document_get_modified     (KsDocument   *self);
/* Marks the current state as the saved one. */
void         ks_document_mark_saved       (KsDocument   *self);
/* Marks the document as differing from its file, whatever the undo stack
 * says (a design restored from an autosave). Until the next
 * ks_document_mark_saved(), no state counts as the saved one. */
void         ks_document_mark_unsaved     (KsDocument   *self);

gboolean     ks_document_can_undo         (KsDocument   *self);
gboolean     ks_document_can_redo         (KsDocument   *self);
const char  *ks_document_get_undo_label   (KsDocument   *self);
const char  *ks_document_get_redo_label   (KsDocument   *self);
gboolean     ks_document_undo             (KsDocument   *self);
gboolean     ks_document_redo             (KsDocument   *self);
/* Ends merging of consecutive edits (e.g. when an entry loses focus). */
void         ks_document_seal             (KsDocument   *self);

/* Several commands as one undo step. Groups nest. */
void         ks_document_begin_group      (KsDocument   *self,
                                           const char   *label);
void         ks_document_end_group        (KsDocument   *self);

/* Commands */
void         ks_document_set_property     (KsDocument   *self,
                                           gpointer      object,
                                           const char   *property,
                                           const GValue *value);
/* Like g_object_set(): NULL-terminated property/value pairs. */
void         ks_document_set              (KsDocument   *self,
                                           gpointer      object,
                                           const char   *first_property,
                                           ...) G_GNUC_NULL_TERMINATED;
void         ks_document_set_template     (KsDocument   *self,
                                           KsEntity     *entity,
                                           const char   *key_attribute,
                                           const char   *text);
void         ks_document_insert_item      (KsDocument   *self,
                                           KsEntity     *entity,
                                           guint         position,
                                           KsItem       *item);
void         ks_document_remove_item      (KsDocument   *self,
                                           KsEntity     *entity,
                                           guint         position);
/* Takes @values. */
void         ks_document_set_item_values  (KsDocument   *self,
                                           KsItem       *item,
                                           KsValue      *values);
void         ks_document_insert_object    (KsDocument   *self,
                                           GListStore   *store,
                                           guint         position,
                                           gpointer      object);
void         ks_document_remove_object    (KsDocument   *self,
                                           GListStore   *store,
                                           guint         position);

G_END_DECLS
