/* ks-attribute.h: an attribute of an entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-types.h"

G_BEGIN_DECLS

#define KS_TYPE_ATTRIBUTE (ks_attribute_get_type ())
G_DECLARE_FINAL_TYPE (KsAttribute, ks_attribute, KS, ATTRIBUTE, GObject)

KsAttribute *ks_attribute_new              (const char  *name,
                                            KsType       type);
const char  *ks_attribute_get_name         (KsAttribute *self);
void         ks_attribute_set_name         (KsAttribute *self,
                                            const char  *name);
KsType       ks_attribute_get_value_type   (KsAttribute *self);
void         ks_attribute_set_value_type   (KsAttribute *self,
                                            KsType       type);
gboolean     ks_attribute_get_required     (KsAttribute *self);
void         ks_attribute_set_required     (KsAttribute *self,
                                            gboolean     required);
const char  *ks_attribute_get_description  (KsAttribute *self);
void         ks_attribute_set_description  (KsAttribute *self,
                                            const char  *description);

G_END_DECLS
