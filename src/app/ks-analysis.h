/* ks-analysis.h: the rows the Analysis pages (cost, coverage) are made of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ks-entity.h"

G_BEGIN_DECLS

/* An AdwActionRow; with @object (or NULL), activatable, and the object
 * kept as its "ks-object" data for the page's row-activated handler. */
GtkWidget *ks_analysis_row_new     (const char *title,
                                    const char *subtitle,
                                    gpointer    object);
/* An icon with a style class ("success", "warning", "error", …) */
GtkWidget *ks_analysis_status_icon (const char *icon_name,
                                    const char *css_class);
/* A dot in @entity's colour, hidden from screen readers */
GtkWidget *ks_analysis_entity_dot  (KsEntity   *entity);
/* Removes @list's rows (its placeholder stays). */
void       ks_analysis_clear_list  (GtkListBox *list);

G_END_DECLS
