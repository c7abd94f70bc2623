/* ks-cost.h: item sizes, capacity units, partition load and monthly cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ks-engine.h"
#include "ks-pattern-run.h"

G_BEGIN_DECLS

/* Capacity arithmetic (dynamodb-rules.md §3.5, §7.1) ---------------------- */

#define KS_READ_UNIT_BYTES        4096     /* one read unit covers 4 KB */
#define KS_WRITE_UNIT_BYTES       1024     /* one write unit covers 1 KB */
#define KS_STORAGE_OVERHEAD_BYTES 100      /* per item and per index entry, §3.4 */
#define KS_PARTITION_MAX_RCU      3000     /* per partition and second, §7.3 */
#define KS_PARTITION_MAX_WCU      1000
#define KS_ITEM_COLLECTION_LIMIT  (10.0 * 1024 * 1024 * 1024)  /* with an LSI, §3.6 */

/* Read units of one request that reads @bytes: ⌈bytes / 4 KB⌉, halved for
 * an eventually consistent read; at least 1 (strong) or 0.5 (eventual). */
double       ks_read_units             (gsize          bytes,
                                        gboolean       strong);
/* Write units of one write of @bytes: ⌈bytes / 1 KB⌉, at least 1. */
guint        ks_write_units            (gsize          bytes);
/* Bytes an item takes in @view: the whole item in the table, its projected
 * attributes (table keys, index keys, projection) in an index (§3.4, §4.2). */
gsize        ks_cost_entry_size        (KsView        *view,
                                        KsItem        *item);

/* Prices ------------------------------------------------------------------ */

/* DynamoDB's TableClass (KsTableClass is KsTable's GObject class). */
typedef enum
{
  KS_STORAGE_CLASS_STANDARD,
  KS_STORAGE_CLASS_STANDARD_IA,
  KS_N_STORAGE_CLASSES,
} KsStorageClass;

const char  *ks_storage_class_to_string  (KsStorageClass   storage_class);

typedef struct
{
  double on_demand_read;        /* USD per million read request units */
  double on_demand_write;       /* USD per million write request units */
  double provisioned_read;      /* USD per RCU-hour */
  double provisioned_write;     /* USD per WCU-hour */
  double storage;               /* USD per GB-month */
} KsPrice;

/**
 * KsPricing:
 *
 * The price table the estimate uses: one region, both table classes
 * (dynamodb-rules.md §7.2). The bundled table is data/pricing.json,
 * installed to PKGDATADIR; the same figures are compiled in as the fallback.
 */
typedef struct
{
  char    *region;
  char    *currency;
  double   hours_per_month;     /* 730, as AWS's pricing calculator */
  KsPrice  classes[KS_N_STORAGE_CLASSES];
} KsPricing;

/* The compiled-in table (us-east-1). */
KsPricing   *ks_pricing_new_default    (void);
/* Reads a price table in the format of data/pricing.json; errors name the
 * file and the JSON member. */
KsPricing   *ks_pricing_new_from_data  (const char    *data,
                                        gssize         length,
                                        const char    *name,
                                        GError       **error);
KsPricing   *ks_pricing_load           (const char    *path,
                                        GError       **error);
KsPricing   *ks_pricing_copy           (const KsPricing *pricing);
void         ks_pricing_free           (KsPricing     *pricing);
JsonNode    *ks_pricing_to_json        (const KsPricing *pricing);

/* The report --------------------------------------------------------------- */

/**
 * KsPartitionKind:
 *
 * How the partition key of an entity spreads its items over partitions of
 * one view. The estimate of the number of partitions at the entity's
 * expectedItems follows from it:
 * @KS_PARTITION_CONSTANT: the template has no placeholder: one partition.
 * @KS_PARTITION_LOW_CARDINALITY: only BOOL placeholders, or placeholders
 *   of categories (labels such as SHIPPED, not identifiers; at least 4
 *   samples, at most half of them distinct): as many partitions as the samples
 *   show values, the writes spread as in the samples.
 * @KS_PARTITION_TIME_BUCKET: a placeholder holds a date bucket (2026-03,
 *   2026-03-01, 2026-03-01T10): all current writes go to one partition.
 * @KS_PARTITION_PER_PARENT: the same template as another entity stored one
 *   item per partition (Customer for its Orders): as many partitions as
 *   that entity has expected items.
 * @KS_PARTITION_SAMPLED: the sample items' items-per-partition ratio holds.
 * @KS_PARTITION_UNKNOWN: fewer than two sample items; assumed spread.
 */
typedef enum
{
  KS_PARTITION_CONSTANT,
  KS_PARTITION_LOW_CARDINALITY,
  KS_PARTITION_TIME_BUCKET,
  KS_PARTITION_PER_PARENT,
  KS_PARTITION_SAMPLED,
  KS_PARTITION_UNKNOWN,
} KsPartitionKind;

const char  *ks_partition_kind_to_string (KsPartitionKind kind);

/* One entity in one view (the table or an index). */
typedef struct
{
  KsView          *view;
  guint            n_entries;         /* sample items of the entity in the view */
  double           fraction;          /* n_entries / sample items (sparse indexes) */
  double           entry_size;        /* mean bytes of an entry (projected) */
  double           units;             /* mean write units of one entry */
  double           units_per_write;   /* fraction × units */
  guint            n_partitions;      /* distinct partition keys among the samples */
  guint            max_partition;     /* sample entries in the fullest partition */
  KsPartitionKind  kind;
  KsEntity        *parent;            /* KS_PARTITION_PER_PARENT */
  double           est_partitions;    /* at expectedItems */
  double           items_per_partition;
  double           partition_bytes;   /* this entity's bytes per partition */
  double           write_share;       /* of the entity's writes, on the busiest partition */
  double           partition_wcu;     /* write units per second there */
  double           storage_bytes;     /* expected entries × (entry size + 100) */
} KsViewCost;

typedef struct
{
  KsEntity  *entity;
  KsTable   *table;
  guint      n_samples;         /* sample items without errors */
  double     item_size;         /* mean, bytes (§3.1) */
  guint      max_item_size;
  guint64    expected_items;
  double     writes_per_second;
  double     table_units;       /* mean write units of a put on the table */
  double     index_units;       /* Σ over indexes of their units per write */
  double     units_per_write;   /* table + indexes (§4.4) */
  double     units_per_second;  /* writes_per_second × units_per_write */
  double     storage_bytes;     /* table and index entries, with overhead */
  GArray    *views;             /* KsViewCost: the table first, then indexes */
} KsEntityCost;

/* One access pattern, run on the sample data. Read units follow §3.5: the
 * sizes of the items read (index entries on an index) summed and rounded
 * up to 4 KB once; a GetItem the item's size; an LSI query whose filter
 * reads unprojected attributes also fetches each item read from the table,
 * each rounded on its own (§4.5; the fetched size is taken as the mean size
 * of the items the query returned, or of the entities expected). */
typedef struct
{
  KsPattern    *pattern;
  KsPatternRun *run;            /* the run: request, how served, result */
  KsView       *view;           /* the target, or NULL when it does not exist */
  gboolean      ran;            /* FALSE: @error says why */
  char         *error;
  const char   *operation;      /* "Query", "Scan", "GetItem" */
  guint         items_read;     /* on the sample data, before the filter */
  guint         items_returned;
  gsize         bytes_read;
  gboolean      lsi_fetch;      /* reads through an LSI fetch the items */
  double        units_eventual; /* read units per request */
  double        units_strong;   /* < 0: not allowed (GSI) */
  double        requests_per_second;
  double        units_per_second;  /* eventually consistent */
  double        est_partitions;    /* partitions the requests spread over;
                                    * 0 when unknown (Scan, no expectedItems) */
  double        partition_rcu;     /* read units per second on one partition */
} KsPatternCost;

/* A holder of capacity: a table (with its LSIs) or a GSI (§4.1). */
typedef struct
{
  KsTable   *table;
  KsIndex   *index;             /* NULL for the table */
  double     read_units;        /* per second */
  double     write_units;       /* per second */
  guint      provisioned_rcu;   /* ⌈read_units⌉, at least 1 (§7.3) */
  guint      provisioned_wcu;
  double     storage_bytes;
} KsCapacityCost;

typedef struct
{
  double reads;
  double writes;
  double storage;
  double total;
} KsCostLine;

typedef struct
{
  KsCostLine on_demand;
  KsCostLine provisioned;
} KsMonthlyCost;

typedef struct
{
  KsPricing     *pricing;
  GPtrArray     *entities;      /* KsEntityCost */
  GPtrArray     *patterns;      /* KsPatternCost */
  GPtrArray     *capacity;      /* KsCapacityCost */
  double         read_units;    /* per second, all patterns */
  double         write_units;   /* per second, all entities */
  guint          provisioned_rcu;
  guint          provisioned_wcu;
  double         storage_bytes;
  double         storage_gb;
  KsMonthlyCost  monthly[KS_N_STORAGE_CLASSES];
} KsCostReport;

/* Computes the report from the engine's current state; @pricing NULL uses
 * the compiled-in table. */
KsCostReport *ks_cost_report_new       (KsEngine        *engine,
                                        const KsPricing *pricing);

/* The same a part at a time (an entity's samples, a view's entries, …),
 * for a window that handles input between the parts: step until it
 * returns FALSE, then finish. The engine must not change meanwhile (drop
 * the builder with ks_cost_builder_free () when it does). */
typedef struct _KsCostBuilder KsCostBuilder;

KsCostBuilder *ks_cost_builder_new     (KsEngine        *engine,
                                        const KsPricing *pricing);
/* Does one part; returns whether parts remain. */
gboolean      ks_cost_builder_step     (KsCostBuilder   *builder);
/* The report (doing what remains), and frees @builder. */
KsCostReport *ks_cost_builder_finish   (KsCostBuilder   *builder);
void          ks_cost_builder_free     (KsCostBuilder   *builder);
void          ks_cost_report_free      (KsCostReport    *report);
KsEntityCost *ks_cost_report_find_entity (KsCostReport  *report,
                                        KsEntity        *entity);
/* The entity's figures for one view, or NULL when it has no entry there. */
KsViewCost   *ks_entity_cost_find_view (KsEntityCost    *cost,
                                        KsView          *view);
KsPatternCost *ks_cost_report_find_pattern (KsCostReport *report,
                                        KsPattern       *pattern);
/* The figures as JSON (keyshape-cli cost --json). */
JsonNode     *ks_cost_report_to_json   (KsCostReport    *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsPricing, ks_pricing_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsCostReport, ks_cost_report_free)

G_END_DECLS
