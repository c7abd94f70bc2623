/* ks-cli-cost.c: keyshape-cli cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ks-cli-private.h"
#include "ks-cost.h"
#include "ks-engine.h"
#include "ks-json-writer.h"

/* The price table: --pricing, else the installed data/pricing.json, else
 * the one in the source tree (uninstalled runs), else the compiled-in one. */
static KsPricing *
load_pricing (const char *path, GError **error)
{
  const char *candidates[] = { PKGDATADIR "/pricing.json", SOURCE_DATADIR "/pricing.json" };

  if (path)
    return ks_pricing_load (path, error);
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
      return ks_pricing_load (candidates[i], error);
  return ks_pricing_new_default ();
}

static char *
format_bytes (double bytes)
{
  if (bytes < 1024)
    return g_strdup_printf ("%.0f B", bytes);
  if (bytes < 1024.0 * 1024)
    return g_strdup_printf ("%.1f KB", bytes / 1024);
  if (bytes < 1024.0 * 1024 * 1024)
    return g_strdup_printf ("%.1f MB", bytes / (1024.0 * 1024));
  return g_strdup_printf ("%.2f GB", bytes / (1024.0 * 1024 * 1024));
}

static void
print_entities (KsCostReport *report)
{
  g_print ("%s\n", _("Entities (sizes from the sample items; a write puts a whole item)"));
  for (guint e = 0; e < report->entities->len; e++)
    {
      KsEntityCost *ec = g_ptr_array_index (report->entities, e);
      g_autofree char *storage = format_bytes (ec->storage_bytes);

      g_print ("  %s: %u sample item%s, %.0f B on average (largest %u B)\n",
               ks_entity_get_name (ec->entity), ec->n_samples, ec->n_samples == 1 ? "" : "s",
               ec->item_size, ec->max_item_size);
      g_print ("    write: %g WCU table + %g WCU indexes = %g WCU; × %g writes/s = %g WCU/s\n",
               ec->table_units, ec->index_units, ec->units_per_write, ec->writes_per_second,
               ec->units_per_second);
      g_print ("    storage at %" G_GUINT64_FORMAT " items: %s\n", ec->expected_items, storage);
      for (guint v = 0; v < ec->views->len; v++)
        {
          KsViewCost *vc = &g_array_index (ec->views, KsViewCost, v);
          g_autofree char *per = format_bytes (vc->partition_bytes);

          g_print ("    %-16s %u entr%s (%.0f%%), %.0f B each, %g WCU; partition key %s%s%s: ≈%.0f partitions, %.1f items (%s) each, busiest %.1f WCU/s\n",
                   ks_view_get_name (vc->view), vc->n_entries, vc->n_entries == 1 ? "y" : "ies",
                   vc->fraction * 100, vc->entry_size, vc->units, ks_partition_kind_to_string (vc->kind),
                   vc->parent ? " of " : "", vc->parent ? ks_entity_get_name (vc->parent) : "",
                   vc->est_partitions, vc->items_per_partition, per, vc->partition_wcu);
        }
    }
}

static void
print_patterns (KsCostReport *report)
{
  if (report->patterns->len == 0)
    return;
  g_print ("\n%s\n", _("Access patterns (read units per request on the sample data; eventually consistent unless strong)"));
  for (guint p = 0; p < report->patterns->len; p++)
    {
      KsPatternCost *pc = g_ptr_array_index (report->patterns, p);

      if (!pc->ran)
        {
          g_print ("  %s: not run: %s\n", ks_pattern_get_name (pc->pattern), pc->error);
          continue;
        }
      g_print ("  %s: %s on %s, %u item%s read (%" G_GSIZE_FORMAT " B), %u returned%s\n",
               ks_pattern_get_name (pc->pattern), pc->operation, ks_view_get_name (pc->view),
               pc->items_read, pc->items_read == 1 ? "" : "s", pc->bytes_read, pc->items_returned,
               pc->lsi_fetch ? ", items fetched from the table" : "");
      if (pc->units_strong < 0)
        g_print ("    %g RCU (strong reads not allowed on a GSI) × %g requests/s = %g RCU/s\n",
                 pc->units_eventual, pc->requests_per_second, pc->units_per_second);
      else
        g_print ("    %g RCU eventual / %g strong × %g requests/s = %g RCU/s\n",
                 pc->units_eventual, pc->units_strong, pc->requests_per_second, pc->units_per_second);
    }
}

static void
print_capacity (KsCostReport *report)
{
  g_print ("\n%s\n", _("Capacity (a GSI has its own; an LSI uses its table's)"));
  for (guint i = 0; i < report->capacity->len; i++)
    {
      KsCapacityCost *c = g_ptr_array_index (report->capacity, i);
      g_autofree char *name = c->index ? g_strdup_printf ("%s.%s", ks_table_get_name (c->table), ks_index_get_name (c->index))
                                       : g_strdup (ks_table_get_name (c->table));
      g_autofree char *storage = format_bytes (c->storage_bytes);

      g_print ("  %-24s %g RCU/s, %g WCU/s → provisioned %u RCU, %u WCU; %s\n",
               name, c->read_units, c->write_units, c->provisioned_rcu, c->provisioned_wcu, storage);
    }
}

static void
print_monthly (KsCostReport *report)
{
  const char *cur = report->pricing->currency;

  g_print ("\n%s %s, %s, %g h; %s\n", _("Monthly estimate,"), report->pricing->region, cur,
           report->pricing->hours_per_month, _("before the free tier"));
  g_print ("  %g RCU/s and %g WCU/s on average, %g GB stored\n",
           report->read_units, report->write_units, report->storage_gb);
  for (int k = 0; k < KS_N_STORAGE_CLASSES; k++)
    {
      const KsMonthlyCost *m = &report->monthly[k];
      g_print ("  %s\n", ks_storage_class_to_string (k));
      g_print ("    %-12s %12s %12s\n", "", "on-demand", "provisioned");
      g_print ("    %-12s %12.2f %12.2f\n", "reads", m->on_demand.reads, m->provisioned.reads);
      g_print ("    %-12s %12.2f %12.2f\n", "writes", m->on_demand.writes, m->provisioned.writes);
      g_print ("    %-12s %12.2f %12.2f\n", "storage", m->on_demand.storage, m->provisioned.storage);
      g_print ("    %-12s %12.2f %12.2f\n", "total", m->on_demand.total, m->provisioned.total);
    }
}

int
ks_cli_cmd_cost (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autofree char *pricing_path = NULL;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the figures as JSON"), NULL },
    { "pricing", 0, 0, G_OPTION_ARG_FILENAME, &pricing_path, N_("Prices to use (the format of data/pricing.json)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(KsPricing) pricing = NULL;
  g_autoptr(KsCostReport) report = NULL;
  g_autoptr(GError) error = NULL;
  int status = KS_EXIT_OK;

  if (!ks_cli_parse_options (entries, &argc, &argv, "DESIGN",
                             _("Item sizes, capacity units and a monthly cost estimate"), 1, 1))
    return KS_EXIT_USAGE;
  pricing = load_pricing (pricing_path, &error);
  if (pricing == NULL)
    {
      ks_cli_print_error (NULL, error);
      return KS_EXIT_USAGE;
    }
  design = ks_cli_load (argv[1], &status);
  if (design == NULL)
    return status;
  engine = ks_engine_new (design);
  report = ks_cost_report_new (engine, pricing);

  if (json)
    {
      g_autoptr(JsonNode) root = ks_cost_report_to_json (report);
      g_autofree char *text = ks_json_to_string (root, TRUE);
      if (!ks_cli_write_output (NULL, text, strlen (text), &status))
        return status;
      return KS_EXIT_OK;
    }
  g_print ("%s: %s\n\n", argv[1], ks_design_get_name (design) ? ks_design_get_name (design) : "");
  print_entities (report);
  print_patterns (report);
  print_capacity (report);
  print_monthly (report);
  return KS_EXIT_OK;
}
