/* ks-cost-panel.h: the inspector page of capacity units and monthly cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ks-cost.h"
#include "ks-document.h"

G_BEGIN_DECLS

#define KS_TYPE_COST_PANEL (ks_cost_panel_get_type ())
G_DECLARE_FINAL_TYPE (KsCostPanel, ks_cost_panel, KS, COST_PANEL, GtkWidget)

/**
 * KsCostPanel:
 *
 * What the design costs, as ks_cost_report_new() computes it: the monthly
 * estimate on demand and provisioned (with storage, in the pricing
 * region), per access pattern the read units of a request and a second,
 * per entity the write units of a write in its table and indexes, the
 * load of the busiest partitions against DynamoDB's per-partition limits,
 * and the capacity of the table and of each global index.
 *
 * The report is recomputed a moment after the document changes, and only
 * while the panel is shown, unless ks_cost_panel_take_report() hands one
 * over first. ::object-activated asks to edit the #KsPattern
 * or #KsEntity of a row.
 */
GtkWidget       *ks_cost_panel_new           (void);
void             ks_cost_panel_set_document  (KsCostPanel *self,
                                              KsDocument  *document);
/* The price table the figures use (data/pricing.json when installed). */
const KsPricing *ks_cost_panel_get_pricing   (KsCostPanel *self);
/* A report of the document's current state, made with that price table
 * by someone who needed one anyway: shown instead of making another. */
void             ks_cost_panel_take_report   (KsCostPanel  *self,
                                              KsCostReport *report);
/* The monthly estimate shown in large type: the total of the Standard
 * table class in the tables' billing mode, as ks_cost_panel_format_money()
 * writes it; "" before the first computation. */
const char      *ks_cost_panel_get_estimate  (KsCostPanel *self);
/* "$1,234.56" for USD, "1,234.56 EUR" otherwise, in the user's locale. */
char            *ks_cost_panel_format_money  (double       value,
                                              const char  *currency);

G_END_DECLS
