/* ks-design.h: the document's content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ks-types.h"
#include "ks-table.h"
#include "ks-index.h"
#include "ks-entity.h"
#include "ks-attribute.h"
#include "ks-pattern.h"

G_BEGIN_DECLS

#define KS_TYPE_DESIGN (ks_design_get_type ())
G_DECLARE_FINAL_TYPE (KsDesign, ks_design, KS, DESIGN, GObject)

KsDesign    *ks_design_new              (void);
const char  *ks_design_get_name         (KsDesign    *self);
void         ks_design_set_name         (KsDesign    *self,
                                         const char  *name);
const char  *ks_design_get_description  (KsDesign    *self);
void         ks_design_set_description  (KsDesign    *self,
                                         const char  *description);
const char  *ks_design_get_notes        (KsDesign    *self);
void         ks_design_set_notes        (KsDesign    *self,
                                         const char  *notes);

/* GListStore of KsTable, KsEntity, KsPattern */
GListStore  *ks_design_get_tables       (KsDesign    *self);
GListStore  *ks_design_get_entities     (KsDesign    *self);
GListStore  *ks_design_get_patterns     (KsDesign    *self);

KsTable     *ks_design_find_table       (KsDesign    *self,
                                         const char  *name);
KsEntity    *ks_design_find_entity      (KsDesign    *self,
                                         const char  *name);
KsPattern   *ks_design_find_pattern     (KsDesign    *self,
                                         const char  *name);
/* The table an entity lives in (its named table, or the only one). */
KsTable     *ks_design_get_entity_table (KsDesign    *self,
                                         KsEntity    *entity);
guint        ks_design_count_items      (KsDesign    *self);

G_END_DECLS
