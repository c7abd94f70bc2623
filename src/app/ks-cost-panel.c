/* ks-cost-panel.c: the inspector page of capacity units and monthly cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every figure comes from ks_cost_report_new() (src/core/ks-cost.c); this
 * page only lays them out. The report walks every sample item and runs
 * every access pattern: the window's analysis makes one for the lint rules
 * a moment after an edit and hands it over; failing that, the page makes
 * its own, a moment after the last edit and only while it is shown.
 */
#define G_LOG_DOMAIN "keyshape-cost-panel"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ks-analysis.h"
#include "ks-cost-panel.h"
#include "ks-lazy-refresh.h"

/* after the last edit: typing in the grid is not held up at every key; and
 * later than the window's analysis, which hands over its report first */
#define REFRESH_DELAY_MS 500

struct _KsCostPanel
{
  GtkWidget            parent_instance;

  GtkLabel            *estimate_label;
  GtkLabel            *estimate_caption;
  GtkLabel            *alternative_label;
  AdwPreferencesGroup *monthly_group;
  GtkGrid             *monthly_grid;
  GtkListBox          *patterns_list;
  GtkListBox          *entities_list;
  GtkListBox          *partitions_list;
  GtkListBox          *capacity_list;

  KsLazyRefresh       *lazy;           /* the document, and when to recompute */
  KsPricing           *pricing;
  KsCostReport        *report;         /* handed over while hidden, not shown yet */
};

enum { OBJECT_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KsCostPanel, ks_cost_panel, GTK_TYPE_WIDGET)

/* Figures --------------------------------------------------------------------- */

/* Drops the decimals that say nothing: "12.50" → "12.5", "3.00" → "3". */
static void
trim_decimals (char *text)
{
  const char *point = localeconv ()->decimal_point;
  char *p = point && *point ? strstr (text, point) : NULL;
  gsize len = strlen (text);

  if (p == NULL)
    return;
  while (len > 0 && text[len - 1] == '0')
    text[--len] = '\0';
  if (p + strlen (point) == text + len)
    *p = '\0';
}

/* The digits before the decimal point grouped by three with the locale's
 * separator; where the locale has none (C), with "," (or a space where
 * "," is the decimal point). */
static char *
group_digits (const char *text)
{
  const struct lconv *lc = localeconv ();
  const char *sep = lc->thousands_sep && *lc->thousands_sep ? lc->thousands_sep
                    : g_strcmp0 (lc->decimal_point, ",") == 0 ? " " : ",";
  const char *digits = text + (text[0] == '-');
  gsize n = strspn (digits, "0123456789");
  GString *out = g_string_new_len (text, digits - text);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  g_string_append (out, digits + n);
  return g_string_free (out, FALSE);
}

/* At most @decimals decimals, grouped digits, in the user's locale */
static char *
format_number (double value,
               int    decimals)
{
  g_autofree char *text = NULL;

  if (!isfinite (value))
    return g_strdup ("—");
  text = g_strdup_printf ("%.*f", decimals, value);
  trim_decimals (text);
  return group_digits (text);
}

/* A load figure: small ones are not rounded to a misleading 0 */
static char *
format_load (double value)
{
  g_autofree char *tenth = NULL;

  if (value > 0 && value < 0.1)
    {
      tenth = format_number (0.1, 1);
      return g_strdup_printf ("< %s", tenth);
    }
  return format_number (value, 1);
}

/* The count the plural forms of a figure go by: a whole number as it is,
 * anything else (1.5 writes) as plural */
static gulong
plural_count (double value)
{
  if (value >= 0 && value < 1e6 && value == floor (value))
    return (gulong) value;
  return value >= 1e6 ? 1000000 : 2;
}

static char *
format_bytes (double bytes)
{
  g_autofree char *number = NULL;

  if (bytes < 1024)
    return g_strdup_printf ("%.0f B", MAX (bytes, 0));
  if (bytes < 1024.0 * 1024)
    return g_strdup_printf ("%s KB", (number = format_number (bytes / 1024, 1)));
  if (bytes < 1024.0 * 1024 * 1024)
    return g_strdup_printf ("%s MB", (number = format_number (bytes / (1024.0 * 1024), 1)));
  return g_strdup_printf ("%s GB", (number = format_number (bytes / (1024.0 * 1024 * 1024), 2)));
}

char *
ks_cost_panel_format_money (double      value,
                            const char *currency)
{
  g_autofree char *digits = g_strdup_printf ("%.2f", value);
  g_autofree char *amount = group_digits (digits);

  if (currency == NULL || g_str_equal (currency, "USD"))
    /* Translators: an amount of US dollars; put the sign where your readers expect it */
    return g_strdup_printf (_("$%s"), amount);
  /* Translators: an amount and its ISO currency code: 12.50 EUR */
  return g_strdup_printf (C_("amount and currency", "%s %s"), amount, currency);
}

/* Rows -------------------------------------------------------------------------- */

static GtkWidget *
figure_label (const char *text,
              gboolean    caption)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  if (caption)
    {
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
    }
  return label;
}

/* One figure over another, right-aligned, at the end of a row */
static GtkWidget *
figures_new (const char *first,
             const char *second,
             gboolean    second_is_caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "cost-figures");
  gtk_box_append (GTK_BOX (box), figure_label (first, FALSE));
  if (second != NULL)
    gtk_box_append (GTK_BOX (box), figure_label (second, second_is_caption));
  return box;
}

/* The estimate ---------------------------------------------------------------------- */

/* The tables' billing mode: provisioned when every table is */
static gboolean
billed_provisioned (KsCostPanel *self)
{
  KsDocument *document = ks_lazy_refresh_get_document (self->lazy);
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (ks_document_get_design (document)));
  guint n = g_list_model_get_n_items (tables);

  for (guint t = 0; t < n; t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      if (ks_table_get_billing_mode (table) != KS_BILLING_PROVISIONED)
        return FALSE;
    }
  return n > 0;
}

static void
show_estimate (KsCostPanel  *self,
               KsCostReport *report)
{
  const KsMonthlyCost *standard = &report->monthly[KS_STORAGE_CLASS_STANDARD];
  const char *currency = report->pricing->currency;
  gboolean provisioned = billed_provisioned (self);
  g_autofree char *total = ks_cost_panel_format_money (provisioned ? standard->provisioned.total
                                                                   : standard->on_demand.total, currency);
  g_autofree char *other = ks_cost_panel_format_money (provisioned ? standard->on_demand.total
                                                                   : standard->provisioned.total, currency);
  g_autofree char *alternative = NULL;

  gtk_label_set_text (self->estimate_label, total);
  gtk_label_set_text (self->estimate_caption,
                      provisioned ? _("A month, provisioned: the table’s billing mode")
                                  : _("A month, on demand: the table’s billing mode"));
  alternative = g_strdup_printf (provisioned ? _("On demand, the same load would cost %s a month.")
                                             : _("Provisioned for the same load, it would cost %s a month."),
                                 other);
  gtk_label_set_text (self->alternative_label, alternative);
}

static GtkWidget *
grid_label (KsCostPanel *self,
            const char  *text,
            int          column,
            int          row,
            const char  *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  gtk_widget_set_hexpand (label, column == 0);
  if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (self->monthly_grid, label, column, row, 1, 1);
  return label;
}

static void
show_monthly (KsCostPanel  *self,
              KsCostReport *report)
{
  const KsPricing *pricing = report->pricing;
  const KsMonthlyCost *standard = &report->monthly[KS_STORAGE_CLASS_STANDARD];
  const KsMonthlyCost *ia = &report->monthly[KS_STORAGE_CLASS_STANDARD_IA];
  const KsCostLine *lines[] = { &standard->on_demand, &standard->provisioned };
  gboolean provisioned = billed_provisioned (self);
  g_autofree char *reads = format_number (report->read_units, 2);
  g_autofree char *writes = format_number (report->write_units, 2);
  g_autofree char *stored = format_bytes (report->storage_bytes);
  g_autofree char *hours = format_number (pricing->hours_per_month, 0);
  g_autofree char *description = NULL;
  g_autofree char *storage_title = NULL;
  GtkWidget *child;
  int row = 0;

  /* Translators: the region (us-east-1), the currency (USD), hours, then
   * the average read and write units a second and the bytes stored */
  description = g_strdup_printf (_("Prices of %s in %s for the Standard table class, %s hours a month, before the free tier. "
                                   "On average %s RCU/s and %s WCU/s; %s stored."),
                                 pricing->region, pricing->currency, hours, reads, writes, stored);
  adw_preferences_group_set_description (self->monthly_group, description);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->monthly_grid))))
    gtk_grid_remove (self->monthly_grid, child);

  grid_label (self, "", 0, row, NULL);
  grid_label (self, _("On Demand"), 1, row, provisioned ? "dim-label" : "heading");
  grid_label (self, _("Provisioned"), 2, row, provisioned ? "heading" : "dim-label");
  row++;
  storage_title = g_strdup_printf (_("Storage (%s)"), stored);
  for (guint r = 0; r < 3; r++)
    {
      const char *titles[] = { _("Reads"), _("Writes"), storage_title };
      grid_label (self, titles[r], 0, row, NULL);
      for (guint m = 0; m < G_N_ELEMENTS (lines); m++)
        {
          double values[] = { lines[m]->reads, lines[m]->writes, lines[m]->storage };
          g_autofree char *money = ks_cost_panel_format_money (values[r], pricing->currency);
          grid_label (self, money, 1 + m, row, NULL);
        }
      row++;
    }
  gtk_grid_attach (self->monthly_grid, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL), 0, row++, 3, 1);
  grid_label (self, _("Total"), 0, row, "heading");
  for (guint m = 0; m < G_N_ELEMENTS (lines); m++)
    {
      g_autofree char *money = ks_cost_panel_format_money (lines[m]->total, pricing->currency);
      GtkWidget *label = grid_label (self, money, 1 + m, row, "heading");

      /* the billing mode of the tables stands out */
      if ((m == 1) != provisioned)
        gtk_widget_add_css_class (label, "dim-label");
    }
  row++;
  {
    g_autofree char *on_demand = ks_cost_panel_format_money (ia->on_demand.total, pricing->currency);
    g_autofree char *prov = ks_cost_panel_format_money (ia->provisioned.total, pricing->currency);
    GtkWidget *label = grid_label (self, _("Standard-IA class"), 0, row, "dim-label");

    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_widget_set_tooltip_text (label, _("Standard-Infrequent Access: cheaper storage, dearer reads and writes"));
    grid_label (self, on_demand, 1, row, "dim-label");
    grid_label (self, prov, 2, row, "dim-label");
  }
}

/* Reads and writes --------------------------------------------------------------------- */

static void
show_patterns (KsCostPanel  *self,
               KsCostReport *report)
{
  ks_analysis_clear_list (self->patterns_list);
  for (guint i = 0; i < report->patterns->len; i++)
    {
      KsPatternCost *pc = g_ptr_array_index (report->patterns, i);
      const char *name = ks_pattern_get_name (pc->pattern);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (!pc->ran)
        {
          subtitle = g_strdup_printf (_("Does not run: %s"), pc->error ? pc->error : "");
          row = ks_analysis_row_new (name, subtitle, pc->pattern);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), ks_analysis_status_icon ("dialog-error-symbolic", "error"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), figures_new ("—", NULL, TRUE));
        }
      else
        {
          g_autofree char *eventual = format_number (pc->units_eventual, 2);
          g_autofree char *strong = format_number (pc->units_strong, 2);
          g_autofree char *ups = format_number (pc->units_per_second, 2);
          g_autofree char *rps = format_number (pc->requests_per_second, 2);
          g_autofree char *served = NULL;
          g_autofree char *units = NULL;
          g_autofree char *main_figure = NULL;
          g_autofree char *caption = NULL;

          /* Translators: "Query on GSI1 · 4 items read" */
          served = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s on %s · %u item read", "%s on %s · %u items read",
                                                 pc->items_read),
                                    pc->operation, pc->view ? ks_view_get_name (pc->view) : "?", pc->items_read);
          if (pc->units_strong < 0)
            units = g_strdup_printf (_("%s RCU a request; no strongly consistent reads on a global index"), eventual);
          else
            units = g_strdup_printf (_("%s RCU a request; %s if strongly consistent"), eventual, strong);
          subtitle = g_strdup_printf ("%s\n%s%s", served, units,
                                      pc->lsi_fetch ? _(" · fetches the items from the table") : "");
          main_figure = g_strdup_printf (_("%s RCU/s"), ups);
          caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s request/s", "%s requests/s",
                                                  plural_count (pc->requests_per_second)), rps);
          row = ks_analysis_row_new (name, subtitle, pc->pattern);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), figures_new (main_figure, caption, TRUE));
        }
      gtk_widget_set_tooltip_text (row, _("Edit the access pattern"));
      gtk_list_box_append (self->patterns_list, row);
    }
}

static void
show_entities (KsCostPanel  *self,
               KsCostReport *report)
{
  ks_analysis_clear_list (self->entities_list);
  for (guint i = 0; i < report->entities->len; i++)
    {
      KsEntityCost *ec = g_ptr_array_index (report->entities, i);
      g_autoptr(GString) views = g_string_new (NULL);
      g_autofree char *size = format_bytes (ec->item_size);
      g_autofree char *per_write = format_number (ec->units_per_write, 2);
      g_autofree char *ups = format_number (ec->units_per_second, 2);
      g_autofree char *wps = format_number (ec->writes_per_second, 2);
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *main_figure = NULL;
      g_autofree char *caption = NULL;
      GtkWidget *row;

      /* the write amplification: the table, then each index it lands in */
      for (guint v = 0; v < ec->views->len; v++)
        {
          KsViewCost *vc = &g_array_index (ec->views, KsViewCost, v);
          g_autofree char *units = NULL;

          if (vc->n_entries == 0 && ks_view_get_index (vc->view) != NULL)
            continue;
          units = format_number (ks_view_get_index (vc->view) ? vc->units_per_write : vc->units, 2);
          g_string_append_printf (views, "%s%s %s", views->len ? " + " : "", ks_view_get_name (vc->view), units);
        }
      if (ec->n_samples > 0)
        first = g_strdup_printf (_("%s an item on average"), size);
      else
        first = g_strdup (_("No sample items to size"));
      /* Translators: "2 WCU a write: ShopOrders 1 + GSI1 1" */
      second = g_strdup_printf (_("%s WCU a write: %s"), per_write, views->str);
      subtitle = g_strdup_printf ("%s\n%s", first, second);
      main_figure = g_strdup_printf (_("%s WCU/s"), ups);
      caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s write/s", "%s writes/s",
                                              plural_count (ec->writes_per_second)), wps);
      row = ks_analysis_row_new (ks_entity_get_name (ec->entity), subtitle, ec->entity);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), ks_analysis_entity_dot (ec->entity));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), figures_new (main_figure, caption, TRUE));
      gtk_widget_set_tooltip_text (row, _("Edit the entity"));
      gtk_list_box_append (self->entities_list, row);
    }
}

/* Partition load -------------------------------------------------------------------------- */

typedef struct
{
  gpointer      object;          /* KsEntity or KsPattern */
  KsEntityCost *entity;
  KsViewCost   *view;            /* writes */
  KsPatternCost *pattern;        /* reads */
  double        load;            /* units a second on the busiest partition */
  double        limit;
} Load;

static char *
partition_text (KsViewCost *vc)
{
  g_autofree char *n = format_number (vc->est_partitions, 0);

  switch (vc->kind)
    {
    case KS_PARTITION_CONSTANT:
      return g_strdup (_("Constant partition key: every item in one partition"));
    case KS_PARTITION_LOW_CARDINALITY:
      return g_strdup_printf (_("Few partition key values: ≈%s partitions"), n);
    case KS_PARTITION_TIME_BUCKET:
      return g_strdup (_("Time-bucket partition key: the current writes go to one partition"));
    case KS_PARTITION_PER_PARENT:
      return g_strdup_printf (_("One partition per %s: ≈%s partitions"),
                              vc->parent ? ks_entity_get_name (vc->parent) : "?", n);
    case KS_PARTITION_SAMPLED:
      return g_strdup_printf (_("≈%s partitions, as the sample items spread"), n);
    case KS_PARTITION_UNKNOWN:
    default:
      return g_strdup_printf (_("≈%s partitions; too few sample items to tell"), n);
    }
}

static GtkWidget *
load_row (const Load *load)
{
  gboolean over = load->load > load->limit;
  g_autofree char *figure = format_load (load->load);
  g_autofree char *limit = format_number (load->limit, 0);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *main_figure = NULL;
  g_autofree char *caption = NULL;
  GtkWidget *row, *box, *bar;

  if (load->view != NULL)
    {
      g_autofree char *spread = partition_text (load->view);
      /* Translators: an entity in a table or index: "Order in GSI1" */
      title = g_strdup_printf (C_("entity in view", "%s in %s"), ks_entity_get_name (load->entity->entity),
                               ks_view_get_name (load->view->view));
      subtitle = g_strdup_printf (_("Busiest partition for writes. %s."), spread);
      main_figure = g_strdup_printf (_("%s WCU/s"), figure);
      caption = g_strdup_printf (_("of %s WCU/s"), limit);
    }
  else
    {
      KsPatternCost *pc = load->pattern;
      g_autofree char *n = format_number (pc->est_partitions, 0);
      title = g_strdup (ks_pattern_get_name (pc->pattern));
      if (pc->est_partitions > 0)
        subtitle = g_strdup_printf (_("Busiest partition for reads: the requests spread over ≈%s partitions of %s."),
                                    n, ks_view_get_name (pc->view));
      else
        subtitle = g_strdup_printf (_("Busiest partition for reads: how the requests spread over %s is not known."),
                                    ks_view_get_name (pc->view));
      main_figure = g_strdup_printf (_("%s RCU/s"), figure);
      caption = g_strdup_printf (_("of %s RCU/s"), limit);
    }
  row = ks_analysis_row_new (title, subtitle, load->object);
  if (over)
    {
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), ks_analysis_status_icon ("dialog-warning-symbolic", "warning"));
      gtk_widget_add_css_class (row, "over-limit");
    }

  box = figures_new (main_figure, caption, TRUE);
  bar = gtk_level_bar_new_for_interval (0, 1);
  /* the default offsets read low as bad (a battery); here high is */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (load->load / load->limit, 0, 1));
  gtk_widget_set_size_request (bar, 84, -1);
  gtk_widget_add_css_class (bar, "partition-load");
  if (over)
    gtk_widget_add_css_class (bar, "over-limit");
  gtk_box_insert_child_after (GTK_BOX (box), bar, gtk_widget_get_first_child (box));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
  return row;
}

static int
compare_loads (gconstpointer a,
               gconstpointer b)
{
  const Load *la = a, *lb = b;
  double fa = la->load / la->limit, fb = lb->load / lb->limit;

  return fa < fb ? 1 : fa > fb ? -1 : 0;
}

static void
show_partitions (KsCostPanel  *self,
                 KsCostReport *report)
{
  g_autoptr(GArray) loads = g_array_new (FALSE, TRUE, sizeof (Load));
  Load busiest_write = { 0 }, busiest_read = { 0 };
  guint n_over = 0, n_over_writes = 0;

  ks_analysis_clear_list (self->partitions_list);
  for (guint e = 0; e < report->entities->len; e++)
    {
      KsEntityCost *ec = g_ptr_array_index (report->entities, e);
      for (guint v = 0; v < ec->views->len; v++)
        {
          KsViewCost *vc = &g_array_index (ec->views, KsViewCost, v);
          KsIndex *index = ks_view_get_index (vc->view);
          Load load = { ec->entity, ec, vc, NULL, vc->partition_wcu, KS_PARTITION_MAX_WCU };

          /* an LSI shares its table's partitions: counted there */
          if (vc->n_entries == 0 || (index && ks_index_get_kind (index) == KS_INDEX_LSI))
            continue;
          if (load.load > load.limit)
            {
              g_array_append_val (loads, load);
              n_over_writes++;
            }
          else if (busiest_write.object == NULL || load.load > busiest_write.load)
            busiest_write = load;
        }
    }
  for (guint p = 0; p < report->patterns->len; p++)
    {
      KsPatternCost *pc = g_ptr_array_index (report->patterns, p);
      Load load = { pc->pattern, NULL, NULL, pc, pc->partition_rcu, KS_PARTITION_MAX_RCU };

      if (!pc->ran || pc->view == NULL)
        continue;
      if (load.load > load.limit)
        g_array_append_val (loads, load);
      else if (busiest_read.object == NULL || load.load > busiest_read.load)
        busiest_read = load;
    }
  n_over = loads->len;
  g_array_sort (loads, compare_loads);
  /* the hot ones; where writes (reads) have none, the busiest partition
   * of the others, to see how far from the limit it is */
  if (busiest_write.object != NULL && n_over_writes == 0)
    g_array_append_val (loads, busiest_write);
  if (busiest_read.object != NULL && n_over_writes == n_over)
    g_array_append_val (loads, busiest_read);

  if (n_over == 0 && loads->len > 0)
    {
      GtkWidget *row = ks_analysis_row_new (_("Every partition within its limits"), NULL, NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), ks_analysis_status_icon ("emblem-ok-symbolic", "success"));
      gtk_list_box_append (self->partitions_list, row);
    }
  else if (n_over > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u partition over its limit",
                                                             "%u partitions over their limits", n_over), n_over);
      GtkWidget *row = ks_analysis_row_new (title, _("Spread the load: shard the partition key, or cache the hot items."),
                                            NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), ks_analysis_status_icon ("dialog-warning-symbolic", "warning"));
      gtk_list_box_append (self->partitions_list, row);
    }
  for (guint i = 0; i < loads->len; i++)
    gtk_list_box_append (self->partitions_list, load_row (&g_array_index (loads, Load, i)));
}

/* Capacity ---------------------------------------------------------------------------------- */

static void
show_capacity (KsCostPanel  *self,
               KsCostReport *report)
{
  ks_analysis_clear_list (self->capacity_list);
  for (guint i = 0; i < report->capacity->len; i++)
    {
      KsCapacityCost *cc = g_ptr_array_index (report->capacity, i);
      g_autofree char *reads = format_number (cc->read_units, 2);
      g_autofree char *writes = format_number (cc->write_units, 2);
      g_autofree char *stored = format_bytes (cc->storage_bytes);
      g_autofree char *prov_rcu = format_number (cc->provisioned_rcu, 0);
      g_autofree char *prov_wcu = format_number (cc->provisioned_wcu, 0);
      g_autofree char *subtitle = NULL;
      g_autofree char *rcu = NULL;
      g_autofree char *wcu = NULL;
      GtkWidget *row;

      subtitle = g_strdup_printf (cc->index ? _("Global index · %s stored\nProvisioned: %s RCU, %s WCU")
                                            : _("Table · %s stored\nProvisioned: %s RCU, %s WCU"),
                                  stored, prov_rcu, prov_wcu);
      rcu = g_strdup_printf (_("%s RCU/s"), reads);
      wcu = g_strdup_printf (_("%s WCU/s"), writes);
      row = ks_analysis_row_new (cc->index ? ks_index_get_name (cc->index) : ks_table_get_name (cc->table),
                                 subtitle, NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), figures_new (rcu, wcu, FALSE));
      gtk_list_box_append (self->capacity_list, row);
    }
}

/* Refresh ------------------------------------------------------------------------------------ */

static void
show_report (KsCostPanel  *self,
             KsCostReport *report)
{
  show_estimate (self, report);
  show_monthly (self, report);
  show_patterns (self, report);
  show_entities (self, report);
  show_partitions (self, report);
  show_capacity (self, report);
}

/* The report handed over, else one of our own */
static void
refresh (GtkWidget *widget)
{
  KsCostPanel *self = KS_COST_PANEL (widget);
  KsEngine *engine = ks_document_get_engine (ks_lazy_refresh_get_document (self->lazy));
  g_autoptr(KsCostReport) report = g_steal_pointer (&self->report);

  if (report == NULL)
    report = ks_cost_report_new (engine, self->pricing);
  show_report (self, report);
}

static void
on_changed (GtkWidget *widget)
{
  KsCostPanel *self = KS_COST_PANEL (widget);

  /* a report handed over is of the state before */
  g_clear_pointer (&self->report, ks_cost_report_free);
}

static void
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  KsCostPanel   *self)
{
  GObject *object = g_object_get_data (G_OBJECT (row), "ks-object");

  if (object != NULL)
    g_signal_emit (self, signals[OBJECT_ACTIVATED], 0, object);
}

/* GObject ------------------------------------------------------------------------------------ */

static void
ks_cost_panel_dispose (GObject *object)
{
  KsCostPanel *self = KS_COST_PANEL (object);

  g_clear_pointer (&self->lazy, ks_lazy_refresh_free);
  g_clear_pointer (&self->report, ks_cost_report_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_COST_PANEL);
  /* children the template does not name */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->pricing, ks_pricing_free);
  G_OBJECT_CLASS (ks_cost_panel_parent_class)->dispose (object);
}

static void
ks_cost_panel_class_init (KsCostPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_cost_panel_dispose;

  /**
   * KsCostPanel::object-activated:
   * @object: the #KsPattern or #KsEntity of the row
   */
  signals[OBJECT_ACTIVATED] =
    g_signal_new ("object-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-cost-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, KsCostPanel, estimate_label);
  gtk_widget_class_bind_template_child (widget_class, KsCostPanel, estimate_caption);
  gtk_widget_class_bind_template_child (widget_class, KsCostPanel, alternative_label);
  gtk_widget_class_bind_template_child (widget_class, KsCostPanel, monthly_group);
  gtk_widget_class_bind_template_child (widget_class, KsCostPanel, monthly_grid);
  gtk_widget_class_bind_template_child (widget_class, KsCostPanel, patterns_list);
  gtk_widget_class_bind_template_child (widget_class, KsCostPanel, entities_list);
  gtk_widget_class_bind_template_child (widget_class, KsCostPanel, partitions_list);
  gtk_widget_class_bind_template_child (widget_class, KsCostPanel, capacity_list);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "costpanel");
}

/* The installed price table, the source tree's (uninstalled runs), or the
 * compiled-in one: as keyshape-cli cost does without --pricing */
static KsPricing *
load_pricing (void)
{
  const char *candidates[] = { PKGDATADIR "/pricing.json", SOURCE_DATADIR "/pricing.json" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
      {
        g_autoptr(GError) error = NULL;
        KsPricing *pricing = ks_pricing_load (candidates[i], &error);

        if (pricing != NULL)
          return pricing;
        g_debug ("%s", error->message);
      }
  return ks_pricing_new_default ();
}

static void
ks_cost_panel_init (KsCostPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pricing = load_pricing ();
  self->lazy = ks_lazy_refresh_new (GTK_WIDGET (self), REFRESH_DELAY_MS, refresh, on_changed);
}

GtkWidget *
ks_cost_panel_new (void)
{
  return g_object_new (KS_TYPE_COST_PANEL, NULL);
}

void
ks_cost_panel_set_document (KsCostPanel *self,
                            KsDocument  *document)
{
  g_return_if_fail (KS_IS_COST_PANEL (self));
  g_return_if_fail (document == NULL || KS_IS_DOCUMENT (document));

  g_clear_pointer (&self->report, ks_cost_report_free);
  ks_lazy_refresh_set_document (self->lazy, document);
}

/**
 * ks_cost_panel_take_report:
 * @report: (transfer full): the report of the document's current state,
 *   made with ks_cost_panel_get_pricing()
 *
 * Shows a report someone else made (the window's analysis makes one for
 * the lint rules), so the panel need not make its own: at once when
 * shown, else when it is shown next, unless the document changes first.
 */
void
ks_cost_panel_take_report (KsCostPanel  *self,
                           KsCostReport *report)
{
  g_return_if_fail (KS_IS_COST_PANEL (self));
  g_return_if_fail (report != NULL);

  g_clear_pointer (&self->report, ks_cost_report_free);
  if (ks_lazy_refresh_get_document (self->lazy) == NULL)
    {
      ks_cost_report_free (report);
      return;
    }
  /* shown at once, or when the page is shown next */
  self->report = report;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ks_lazy_refresh_run (self->lazy);
  else
    ks_lazy_refresh_queue (self->lazy, TRUE);
}

/**
 * ks_cost_panel_get_pricing:
 *
 * Returns: (transfer none): the price table the figures use
 */
const KsPricing *
ks_cost_panel_get_pricing (KsCostPanel *self)
{
  g_return_val_if_fail (KS_IS_COST_PANEL (self), NULL);
  return self->pricing;
}

const char *
ks_cost_panel_get_estimate (KsCostPanel *self)
{
  g_return_val_if_fail (KS_IS_COST_PANEL (self), NULL);
  return gtk_label_get_text (self->estimate_label);
}
