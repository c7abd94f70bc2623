/* ks-index.h: a secondary index (GSI or LSI)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ks-types.h"

G_BEGIN_DECLS

#define KS_TYPE_INDEX (ks_index_get_type ())
G_DECLARE_FINAL_TYPE (KsIndex, ks_index, KS, INDEX, GObject)

KsIndex            *ks_index_new                    (const char        *name,
                                                     KsIndexKind        kind,
                                                     const KsKeySchema *keys);
const char         *ks_index_get_name               (KsIndex           *self);
void                ks_index_set_name               (KsIndex           *self,
                                                     const char        *name);
KsIndexKind         ks_index_get_kind               (KsIndex           *self);
void                ks_index_set_kind               (KsIndex           *self,
                                                     KsIndexKind        kind);
const KsKeySchema  *ks_index_get_key_schema         (KsIndex           *self);
void                ks_index_set_key_schema         (KsIndex           *self,
                                                     const KsKeySchema *keys);
KsProjection        ks_index_get_projection         (KsIndex           *self);
void                ks_index_set_projection         (KsIndex           *self,
                                                     KsProjection       projection);
const char * const *ks_index_get_include            (KsIndex           *self);
void                ks_index_set_include            (KsIndex           *self,
                                                     const char * const *attributes);
gboolean            ks_index_includes               (KsIndex           *self,
                                                     const char        *attribute);

G_END_DECLS
