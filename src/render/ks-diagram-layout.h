/* ks-diagram-layout.h: where the partitions and items of a view go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ks-engine.h"

G_BEGIN_DECLS

/* Geometry in diagram units (one unit: a pixel at zoom 1, a point in PDF). */
#define KS_DIAGRAM_MARGIN        24.0
#define KS_DIAGRAM_COLUMN_GAP    20.0
#define KS_DIAGRAM_CARD_GAP      14.0
#define KS_DIAGRAM_CARD_HEADER   50.0
#define KS_DIAGRAM_CARD_FOOTER    8.0
#define KS_DIAGRAM_ROW_HEIGHT    30.0
#define KS_DIAGRAM_TITLE_HEIGHT  30.0
#define KS_DIAGRAM_LEGEND_HEIGHT 26.0
#define KS_DIAGRAM_NOTE_HEIGHT   20.0
#define KS_DIAGRAM_MAX_NOTES      6

typedef enum
{
  KS_DIAGRAM_HIT_NONE,
  KS_DIAGRAM_HIT_HEADER,       /* title and legend */
  KS_DIAGRAM_HIT_NOTE,         /* a "left out of this view" line */
  KS_DIAGRAM_HIT_PARTITION,    /* a card's heading or padding */
  KS_DIAGRAM_HIT_ITEM,         /* an item row */
} KsDiagramHitKind;

/**
 * KsDiagramHit:
 * @partition: the partition (card) index, for PARTITION and ITEM
 * @position: the entry position in the view, for ITEM
 * @item: the item, for ITEM (not owned)
 * @note: the note line, for NOTE
 */
typedef struct
{
  KsDiagramHitKind kind;
  guint            partition;
  guint            position;
  KsItem          *item;
  guint            note;
} KsDiagramHit;

/**
 * KsDiagramCard:
 *
 * One partition: entries [@start, @end) of the view, placed at (@x, @y) in
 * column @column, @height tall (the layout's card width wide).
 */
typedef struct
{
  guint   start;
  guint   end;
  guint   column;
  double  x;
  double  y;
  double  height;
  guint64 size;          /* bytes stored for the partition in this view */
} KsDiagramCard;

/**
 * KsDiagramEntityInfo:
 *
 * An entity of the view's table: how many of its items the view holds,
 * and when some are left out, why (@reason, for the sparse-index note).
 */
typedef struct
{
  KsEntity *entity;      /* not owned */
  guint     n_in_view;
  guint     n_items;
  char     *reason;      /* NULL when the view holds every item */
} KsDiagramEntityInfo;

typedef struct _KsDiagramLayout KsDiagramLayout;

/* Lays out @view (a view of @engine); valid until the engine next
 * changes. Cards flow into one column until ks_diagram_layout_flow(). */
KsDiagramLayout   *ks_diagram_layout_new           (KsEngine          *engine,
                                                    KsView            *view);
KsDiagramLayout   *ks_diagram_layout_ref           (KsDiagramLayout   *layout);
void               ks_diagram_layout_unref         (KsDiagramLayout   *layout);

KsEngine          *ks_diagram_layout_get_engine    (KsDiagramLayout   *layout);
KsView            *ks_diagram_layout_get_view      (KsDiagramLayout   *layout);

/* Flows the cards into as many columns as fit @width (at least one);
 * @width <= 0 picks the column count giving a pleasant aspect ratio. */
void               ks_diagram_layout_flow          (KsDiagramLayout   *layout,
                                                    double             width);
void               ks_diagram_layout_flow_columns  (KsDiagramLayout   *layout,
                                                    guint              n_columns);
guint              ks_diagram_layout_get_n_columns (KsDiagramLayout   *layout);
void               ks_diagram_layout_get_size      (KsDiagramLayout   *layout,
                                                    double            *width,
                                                    double            *height);
double             ks_diagram_layout_get_card_width (KsDiagramLayout  *layout);
/* Height of the title, legend and notes above the cards. */
double             ks_diagram_layout_get_header_height (KsDiagramLayout *layout);

guint              ks_diagram_layout_get_n_cards   (KsDiagramLayout   *layout);
const KsDiagramCard *ks_diagram_layout_get_card    (KsDiagramLayout   *layout,
                                                    guint              index);
/* The card holding entry @position (binary search), or FALSE. */
gboolean           ks_diagram_layout_find_card     (KsDiagramLayout   *layout,
                                                    guint              position,
                                                    guint             *card);
/* Cards of a column, top to bottom: indexes into the cards. */
const guint       *ks_diagram_layout_get_column    (KsDiagramLayout   *layout,
                                                    guint              column,
                                                    guint             *n_cards);
/* The first card of @column whose bottom is below @y (binary search);
 * its index within the column. */
guint              ks_diagram_layout_column_lookup (KsDiagramLayout   *layout,
                                                    guint              column,
                                                    double             y);

gboolean           ks_diagram_layout_hit_test      (KsDiagramLayout   *layout,
                                                    double             x,
                                                    double             y,
                                                    KsDiagramHit      *hit);
gboolean           ks_diagram_layout_get_entry_rect (KsDiagramLayout  *layout,
                                                    guint              position,
                                                    cairo_rectangle_t *rect);

/* Entities of the view's table, in design order. */
guint              ks_diagram_layout_get_n_entities (KsDiagramLayout  *layout);
const KsDiagramEntityInfo *ks_diagram_layout_get_entity (KsDiagramLayout *layout,
                                                    guint              index);
/* The "left out of this view" lines (sparse indexes, items with key
 * errors); at most KS_DIAGRAM_MAX_NOTES, the last may summarise the rest. */
guint              ks_diagram_layout_get_n_notes   (KsDiagramLayout   *layout);
const char        *ks_diagram_layout_get_note      (KsDiagramLayout   *layout,
                                                    guint              index);

/* Total bytes and items of the view. */
guint64            ks_diagram_layout_get_total_size (KsDiagramLayout  *layout);
guint              ks_diagram_layout_get_n_entries (KsDiagramLayout   *layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsDiagramLayout, ks_diagram_layout_unref)

G_END_DECLS
