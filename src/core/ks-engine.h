/* ks-engine.h: the recompute engine (derived state of a design)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ks-types.h"
#include "ks-design.h"

G_BEGIN_DECLS

/**
 * KsEntry:
 *
 * One item's place in a view (the table or an index). @pk and @sk are the
 * item's key values: scalars, or for multi-attribute GSI keys an L value
 * holding the components in key-schema order. @sk is NULL without a sort key.
 */
typedef struct
{
  KsValue *pk;
  KsValue *sk;
  KsItem  *item;
  KsValue *table_pk;      /* the item's table key, the tie-breaker */
  KsValue *table_sk;      /* NULL without a table sort key */
  guint64  pk_prefix;     /* order-preserving prefixes of pk and sk: */
  guint64  sk_prefix;     /* equal prefixes fall back to the values */
  guint64  sk_prefix2;    /* sort keys share prefixes (ORDER#2024-…): bytes 8–15 */
} KsEntry;

/**
 * KsChangeSet:
 *
 * What one flush of the engine changed, so that views update only that.
 */
typedef struct
{
  gboolean   full;           /* structure changed: rebuild everything */
  GPtrArray *items;          /* KsItem: added or changed items */
  GPtrArray *removed_items;  /* KsItem: items no longer in the design */
  GPtrArray *views;          /* KsView: views whose entries changed */
  GPtrArray *entities;       /* KsEntity: entities whose items or templates changed */
} KsChangeSet;

/*
 * KsEngine writes the derived fields of the design's items (item->final,
 * size, errors), and its views point into them. So a design has one engine
 * at a time: make another only once the first is gone (a critical warning
 * says so otherwise). To compare two computations, use two designs.
 */
#define KS_TYPE_ENGINE (ks_engine_get_type ())
G_DECLARE_FINAL_TYPE (KsEngine, ks_engine, KS, ENGINE, GObject)

KsEngine    *ks_engine_new               (KsDesign      *design);
KsDesign    *ks_engine_get_design        (KsEngine      *self);
/* Applies pending model changes; emits ::changed when anything changed. */
void         ks_engine_flush             (KsEngine      *self);
void         ks_engine_recompute_full    (KsEngine      *self);
/* Every view: per table, the table then its indexes. */
GPtrArray   *ks_engine_get_views         (KsEngine      *self);
KsView      *ks_engine_get_view          (KsEngine      *self,
                                          const char    *table,
                                          const char    *index);
/* The view of a table or of an index of any table, by name. */
KsView      *ks_engine_find_view         (KsEngine      *self,
                                          const char    *name);
/* Every item of the design in entity order (KsItem). */
void         ks_engine_foreach_item      (KsEngine      *self,
                                          GFunc          func,
                                          gpointer       data);
/* Per-design problems found while computing (template errors):
 * KsProblem array. */
GPtrArray   *ks_engine_get_problems      (KsEngine      *self);

/* Renders an entity's key for one item, for previews: returns the key, or
 * NULL with @missing set (the key is absent) or @error set. */
KsValue     *ks_engine_render_key        (KsEngine      *self,
                                          KsEntity      *entity,
                                          KsItem        *item,
                                          const char    *key_attribute,
                                          GArray        *spans,
                                          const char   **missing,
                                          GError       **error);
/* The same for a template text not (yet) the entity's (NULL or "": no
 * template, the item's own value). */
KsValue     *ks_engine_render_key_text   (KsEngine      *self,
                                          KsEntity      *entity,
                                          KsItem        *item,
                                          const char    *key_attribute,
                                          const char    *text,
                                          GArray        *spans,
                                          const char   **missing,
                                          GError       **error);

/* Views ------------------------------------------------------------------ */

const char        *ks_view_get_name          (KsView        *view);
KsTable           *ks_view_get_table         (KsView        *view);
KsIndex           *ks_view_get_index         (KsView        *view);
const KsKeySchema *ks_view_get_key_schema    (KsView        *view);
guint              ks_view_get_n_entries     (KsView        *view);
const KsEntry     *ks_view_get_entry         (KsView        *view,
                                              guint          position);
/* Partitions are ranges [start, end) of the entries. */
guint              ks_view_get_n_partitions  (KsView        *view);
void               ks_view_get_partition     (KsView        *view,
                                              guint          partition,
                                              guint         *start,
                                              guint         *end);
gboolean           ks_view_find_partition    (KsView        *view,
                                              const KsValue *pk,
                                              guint         *start,
                                              guint         *end);
/* Position of an item's entry, or FALSE when the view does not hold it. */
gboolean           ks_view_find_item         (KsView        *view,
                                              KsItem        *item,
                                              guint         *position);
/* The size of @item's entry in @view: the attributes it projects (for the
 * table and ALL, the item's size). */
gsize              ks_view_get_entry_size    (KsView        *view,
                                              KsItem        *item);
/* Whether the view stores every attribute of its items (projection ALL). */
gboolean           ks_view_projects_all      (KsView        *view);
/* Like ks_view_projects() for an interned name (map entries' names). */
gboolean           ks_view_projects_interned (KsView        *view,
                                              const char    *interned);
/* Whether the view stores @attribute for its items (projection). */
gboolean           ks_view_projects          (KsView        *view,
                                              const char    *attribute);
/* The item as stored in this view: projected attributes only. */
KsValue           *ks_view_project           (KsView        *view,
                                              KsItem        *item);
/* DynamoDB's order of two entries of this view (key, then the table key as
 * tie-breaker). */
int                ks_view_compare_entries   (KsView        *view,
                                              const KsEntry *a,
                                              const KsEntry *b);
/* Fills in the order prefixes of an entry built by hand from its pk and sk
 * (a probe such as a query's start key), so that it compares like the
 * view's own entries. */
void               ks_entry_compute_prefixes (KsEntry       *entry);



G_END_DECLS
