/* ks-table.h: a DynamoDB table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ks-types.h"

G_BEGIN_DECLS

#define KS_TYPE_TABLE (ks_table_get_type ())
G_DECLARE_FINAL_TYPE (KsTable, ks_table, KS, TABLE, GObject)

KsTable           *ks_table_new                (const char        *name,
                                                const KsKeySchema *keys);
const char        *ks_table_get_name           (KsTable           *self);
void               ks_table_set_name           (KsTable           *self,
                                                const char        *name);
const KsKeySchema *ks_table_get_key_schema     (KsTable           *self);
void               ks_table_set_key_schema     (KsTable           *self,
                                                const KsKeySchema *keys);
const char        *ks_table_get_type_attribute (KsTable           *self);
void               ks_table_set_type_attribute (KsTable           *self,
                                                const char        *name);
const char        *ks_table_get_ttl_attribute  (KsTable           *self);
void               ks_table_set_ttl_attribute  (KsTable           *self,
                                                const char        *name);
KsBillingMode      ks_table_get_billing_mode   (KsTable           *self);
void               ks_table_set_billing_mode   (KsTable           *self,
                                                KsBillingMode      mode);
guint              ks_table_get_read_capacity  (KsTable           *self);
void               ks_table_set_read_capacity  (KsTable           *self,
                                                guint              rcu);
guint              ks_table_get_write_capacity (KsTable           *self);
void               ks_table_set_write_capacity (KsTable           *self,
                                                guint              wcu);
/* GListStore of KsIndex */
GListStore        *ks_table_get_indexes        (KsTable           *self);
KsIndex           *ks_table_find_index         (KsTable           *self,
                                                const char        *name);
/* Whether @attribute is a key attribute of the table or of any index. */
gboolean           ks_table_is_key_attribute   (KsTable           *self,
                                                const char        *attribute);
/* Key attribute names of the table and its indexes, in order, deduplicated,
 * with their types (KsKeyAttr, not owned). */
GArray            *ks_table_list_key_attributes (KsTable          *self);

G_END_DECLS
