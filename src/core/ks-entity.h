/* ks-entity.h: an entity type of a single-table design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ks-types.h"
#include "ks-item.h"
#include "ks-template.h"

G_BEGIN_DECLS

#define KS_TYPE_ENTITY (ks_entity_get_type ())
G_DECLARE_FINAL_TYPE (KsEntity, ks_entity, KS, ENTITY, GObject)

KsEntity    *ks_entity_new                  (const char  *name,
                                             const char  *table);
const char  *ks_entity_get_name             (KsEntity    *self);
void         ks_entity_set_name             (KsEntity    *self,
                                             const char  *name);
const char  *ks_entity_get_table            (KsEntity    *self);
void         ks_entity_set_table            (KsEntity    *self,
                                             const char  *table);
const char  *ks_entity_get_color            (KsEntity    *self);
void         ks_entity_set_color            (KsEntity    *self,
                                             const char  *color);
const char  *ks_entity_get_description      (KsEntity    *self);
void         ks_entity_set_description      (KsEntity    *self,
                                             const char  *description);
guint64      ks_entity_get_expected_items   (KsEntity    *self);
void         ks_entity_set_expected_items   (KsEntity    *self,
                                             guint64      n);
double       ks_entity_get_writes_per_second (KsEntity   *self);
void         ks_entity_set_writes_per_second (KsEntity   *self,
                                             double       wps);
/* Sample-data generators (ks-generator.h): an M value, attribute name →
 * generator spec, or NULL. Not used by the engine: changing them changes
 * no derived state. */
KsValue     *ks_entity_get_generators       (KsEntity    *self);
void         ks_entity_set_generators       (KsEntity    *self,
                                             KsValue     *generators);

/* Attributes: GListStore of KsAttribute */
GListStore  *ks_entity_get_attributes       (KsEntity    *self);
KsAttribute *ks_entity_find_attribute       (KsEntity    *self,
                                             const char  *name);

/* Key templates, one per key attribute (of the table or an index). */
guint        ks_entity_get_n_templates      (KsEntity    *self);
const char  *ks_entity_get_template_key     (KsEntity    *self,
                                             guint        index);
const char  *ks_entity_get_template         (KsEntity    *self,
                                             const char  *key_attribute);
/* The parsed template, or NULL when absent or invalid. */
KsTemplate  *ks_entity_get_parsed_template  (KsEntity    *self,
                                             const char  *key_attribute);
/* The parse error of that template, or NULL. */
const GError *ks_entity_get_template_error  (KsEntity    *self,
                                             const char  *key_attribute);
/* Sets (or with NULL removes) a template. Emits ::template-changed. */
void         ks_entity_set_template         (KsEntity    *self,
                                             const char  *key_attribute,
                                             const char  *text);

/* Sample items */
guint        ks_entity_get_n_items          (KsEntity    *self);
KsItem      *ks_entity_get_item             (KsEntity    *self,
                                             guint        position);
gboolean     ks_entity_find_item            (KsEntity    *self,
                                             KsItem      *item,
                                             guint       *position);
void         ks_entity_insert_item          (KsEntity    *self,
                                             guint        position,
                                             KsItem      *item);
void         ks_entity_append_item          (KsEntity    *self,
                                             KsItem      *item);
void         ks_entity_remove_item          (KsEntity    *self,
                                             guint        position);
/* Replaces an item's own values (takes @values). Emits ::item-changed. */
void         ks_entity_set_item_values      (KsEntity    *self,
                                             KsItem      *item,
                                             KsValue     *values);

G_END_DECLS
