/* ks-diff.h: what changed between two designs, and what it takes to migrate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ks-engine.h"

G_BEGIN_DECLS

typedef enum
{
  KS_DIFF_ADDED,
  KS_DIFF_REMOVED,
  KS_DIFF_CHANGED,
} KsDiffKind;

typedef enum
{
  KS_DIFF_DESIGN,       /* name, description, notes */
  KS_DIFF_TABLE,
  KS_DIFF_INDEX,
  KS_DIFF_ENTITY,
  KS_DIFF_ATTRIBUTE,
  KS_DIFF_TEMPLATE,
  KS_DIFF_ITEMS,        /* an entity's sample items */
  KS_DIFF_PATTERN,
} KsDiffSubject;

const char *ks_diff_kind_to_string    (KsDiffKind    kind);
const char *ks_diff_subject_to_string (KsDiffSubject subject);

/**
 * KsDiffChange:
 * @path: what changed: "ShopOrders", "ShopOrders.GSI1", "Order",
 *   "Order.status", "Order.keys.GSI1PK", a pattern's name
 * @field: the property of a changed object ("projection", "type",
 *   "partition key", …); NULL for an added or removed object
 * @old_value, @new_value: the property before and after, as text (NULL
 *   when absent)
 * @n_items: for a template, the sample items (present in both designs)
 *   whose value of that key attribute changes; for sample items, how many
 *   were added or removed; -1 otherwise
 * @message: one line for people: "template Order.keys.GSI1PK changed:
 *   STATUS#${status} → ST#${status} (22 sample items change keys)"
 */
typedef struct
{
  KsDiffKind     kind;
  KsDiffSubject  subject;
  char          *path;
  char          *field;
  char          *old_value;
  char          *new_value;
  gint           n_items;
  char          *message;
} KsDiffChange;

/**
 * KsDiffBackfill:
 * @table: the table's name; @index: the index's name, or NULL for the table
 * @kind: ADDED (a new index), REMOVED (a dropped one) or CHANGED
 * @n_old, @n_new: entries in the view before and after
 * @n_enter: sample items (present in both designs) that enter the view
 * @n_leave: … that leave it
 * @n_rekey: … that stay but get another key there
 * @n_rewrite: on the table: items whose stored attributes change, which a
 *   backfill must rewrite (DynamoDB then updates the indexes); 0 on indexes
 * @recreate: the index's key schema or projection changed, which DynamoDB
 *   cannot do in place: the index must be deleted and created again (the
 *   table: a new table and a copy of every item)
 *
 * The effect of the changes on one table or index, on the sample items
 * that both designs hold (matched by entity and values).
 */
typedef struct
{
  char        *table;
  char        *index;
  KsDiffKind   kind;
  guint        n_old;
  guint        n_new;
  guint        n_enter;
  guint        n_leave;
  guint        n_rekey;
  guint        n_rewrite;
  gboolean     recreate;
} KsDiffBackfill;

/**
 * KsDiffPatternResult:
 * @pattern: the access pattern's name (present in both designs)
 * @old_count, @new_count: items returned before and after (0 on error)
 * @old_error, @new_error: why it did not run, or NULL
 * @n_gained: items returned now that were not before
 * @n_lost: items returned before that are not now
 * @reordered: the same items in another order
 * @request_changed: the concrete request differs
 *
 * An access pattern whose result on the sample data changes.
 */
typedef struct
{
  char      *pattern;
  guint      old_count;
  guint      new_count;
  char      *old_error;
  char      *new_error;
  guint      n_gained;
  guint      n_lost;
  gboolean   reordered;
  gboolean   request_changed;
} KsDiffPatternResult;

/**
 * KsDiff:
 * @changes: (element-type KsDiffChange): in design order: the design,
 *   tables and their indexes, entities (attributes, templates, items),
 *   access patterns
 * @backfill: (element-type KsDiffBackfill): views the changes touch
 * @patterns: (element-type KsDiffPatternResult): patterns whose results change
 */
typedef struct
{
  GPtrArray *changes;
  GPtrArray *backfill;
  GPtrArray *patterns;
} KsDiff;

/* Compares the designs of two engines (each its own design). Runs every
 * access pattern on both. Sample items are the same item in both designs
 * when they belong to entities of the same name and have the same own
 * values; the backfill counts only those. */
KsDiff   *ks_diff_new       (KsEngine *old_engine,
                             KsEngine *new_engine);
void      ks_diff_free      (KsDiff   *diff);
/* No change at all (then backfill and patterns are empty too). */
gboolean  ks_diff_is_empty  (KsDiff   *diff);

/* {"equal": bool, "changes": [{"kind", "subject", "path", "field", "old",
 *  "new", "items", "message"}], "backfill": [{"table", "index", "kind",
 *  "before", "after", "enter", "leave", "rekey", "rewrite", "recreate"}],
 *  "patterns": [{"name", "before": {"count"|"error"}, "after": …,
 *  "gained", "lost", "reordered", "requestChanged"}]} */
JsonNode *ks_diff_to_json   (KsDiff   *diff);
/* The same for a terminal or a dialog: sections of indented lines; "The
 * designs are the same.\n" when empty. */
char     *ks_diff_to_text   (KsDiff   *diff);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsDiff, ks_diff_free)

G_END_DECLS
