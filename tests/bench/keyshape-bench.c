/* keyshape-bench.c: the performance targets of DESIGN.md §9
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds a design of 50 entities and 5 GSIs holding N sample items (one
 * entity holds 10,000 of them, for the template-edit figure), then prints
 * one JSON line of medians over several runs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ks-design.h"
#include "ks-engine-private.h"
#include "ks-io.h"
#include "ks-native.h"
#include "ks-lint.h"
#include "ks-bench-hooks.h"

#define N_ENTITIES 50
#define N_GSIS 5
#define BIG_ENTITY_ITEMS 10000

static KsDesign *
make_design (guint n_items)
{
  KsDesign *d = ks_design_new ();
  g_autoptr(KsKeySchema) tk = ks_key_schema_new_simple ("PK", KS_TYPE_S, "SK", KS_TYPE_S);
  g_autoptr(KsTable) table = ks_table_new ("Bench", tk);
  GRand *rand = g_rand_new_with_seed (42);
  guint big = MIN (BIG_ENTITY_ITEMS, n_items);
  guint rest = n_items - big;

  ks_design_set_name (d, "Benchmark");
  for (guint g = 0; g < N_GSIS; g++)
    {
      g_autofree char *name = g_strdup_printf ("GSI%u", g + 1);
      g_autofree char *pk = g_strdup_printf ("GSI%uPK", g + 1);
      g_autofree char *sk = g_strdup_printf ("GSI%uSK", g + 1);
      g_autoptr(KsKeySchema) keys = ks_key_schema_new_simple (pk, KS_TYPE_S, sk, g == 4 ? KS_TYPE_N : KS_TYPE_S);
      g_autoptr(KsIndex) index = ks_index_new (name, KS_INDEX_GSI, keys);
      if (g == 1)
        ks_index_set_projection (index, KS_PROJECTION_KEYS_ONLY);
      g_list_store_append (ks_table_get_indexes (table), index);
    }
  g_list_store_append (ks_design_get_tables (d), table);

  for (guint e = 0; e < N_ENTITIES; e++)
    {
      g_autofree char *name = g_strdup_printf ("Entity%02u", e);
      g_autoptr(KsEntity) entity = ks_entity_new (name, "Bench");
      const char *attrs[] = { "id", "parentId", "status", "createdAt", "title" };
      guint count = e == 0 ? big : rest / (N_ENTITIES - 1) + (e - 1 < rest % (N_ENTITIES - 1) ? 1 : 0);

      for (guint a = 0; a < G_N_ELEMENTS (attrs); a++)
        {
          g_autoptr(KsAttribute) attr = ks_attribute_new (attrs[a], KS_TYPE_S);
          g_list_store_append (ks_entity_get_attributes (entity), attr);
        }
      {
        g_autoptr(KsAttribute) amount = ks_attribute_new ("amount", KS_TYPE_N);
        g_list_store_append (ks_entity_get_attributes (entity), amount);
      }
      {
        g_autofree char *pk = g_strdup_printf ("E%02u#${parentId}", e);
        g_autofree char *sk = g_strdup_printf ("E%02u#${createdAt}#${id}", e);
        ks_entity_set_template (entity, "PK", pk);
        ks_entity_set_template (entity, "SK", sk);
      }
      /* every entity sits in some GSIs; GSI5 sorts by a number */
      ks_entity_set_template (entity, "GSI1PK", "STATUS#${status}");
      ks_entity_set_template (entity, "GSI1SK", "${createdAt}");
      if (e % 2 == 0)
        {
          ks_entity_set_template (entity, "GSI2PK", "PARENT#${parentId}");
          ks_entity_set_template (entity, "GSI2SK", "${id}");
        }
      if (e % 3 == 0)
        {
          ks_entity_set_template (entity, "GSI3PK", "${title|lower}");
          ks_entity_set_template (entity, "GSI3SK", "${id}");
        }
      if (e % 5 == 0)
        {
          ks_entity_set_template (entity, "GSI4PK", "ALL");
          ks_entity_set_template (entity, "GSI4SK", "${createdAt}#${id}");
        }
      ks_entity_set_template (entity, "GSI5PK", "AMOUNTS#${status}");
      ks_entity_set_template (entity, "GSI5SK", "${amount}");

      for (guint i = 0; i < count; i++)
        {
          KsMapBuilder *b = ks_map_builder_new (6);
          char buf[64];
          g_autoptr(KsItem) item = NULL;

          g_snprintf (buf, sizeof buf, "%08x%04u", g_rand_int (rand), i);
          ks_map_builder_add (b, "id", ks_value_new_string (buf, -1));
          g_snprintf (buf, sizeof buf, "p%05u", g_rand_int_range (rand, 0, 2000));
          ks_map_builder_add (b, "parentId", ks_value_new_string (buf, -1));
          ks_map_builder_add (b, "status", ks_value_new_string (g_rand_boolean (rand) ? "OPEN" : "CLOSED", -1));
          g_snprintf (buf, sizeof buf, "2026-%02d-%02dT%02d:%02d:%02dZ", g_rand_int_range (rand, 1, 13),
                      g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 0, 24),
                      g_rand_int_range (rand, 0, 60), g_rand_int_range (rand, 0, 60));
          ks_map_builder_add (b, "createdAt", ks_value_new_string (buf, -1));
          g_snprintf (buf, sizeof buf, "Title %u", g_rand_int_range (rand, 0, 500));
          ks_map_builder_add (b, "title", ks_value_new_string (buf, -1));
          g_snprintf (buf, sizeof buf, "%u.%02u", g_rand_int_range (rand, 0, 100000), g_rand_int_range (rand, 0, 100));
          ks_map_builder_add (b, "amount", ks_value_new_number (buf, NULL));
          item = ks_item_new (ks_map_builder_end (b));
          ks_entity_append_item (entity, item);
        }
      g_list_store_append (ks_design_get_entities (d), entity);
    }
  g_rand_free (rand);
  return d;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof (double), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Resident memory now: the design, its engine and everything derived. */
static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  p = strstr (status, "VmRSS:");
  if (p == NULL)
    return 0;
  return g_ascii_strtod (p + 6, NULL) / 1024.0;
}

int
main (int argc, char **argv)
{
  int n_items = 100000;
  int runs = 5;
  g_autofree char *only = NULL;
  gboolean serial = FALSE;
  GOptionEntry entries[] = {
    { "items", 'n', 0, G_OPTION_ARG_INT, &n_items, "Number of sample items (default 100000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Runs per figure (default 5)", "N" },
    { "serial", 0, 0, G_OPTION_ARG_NONE, &serial, "Compute on one thread (to compare)", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only repeat one figure, for profiling: full, keys, lint or template", "FIGURE" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  double full[32], keys[32], item_edit[32], tmpl_edit[32], load[32], save[32], query[32], draw[32], layout[32], lint[32];
  double layout_edit = -1;
  KsEntity *big, *other;
  gboolean have_query = FALSE, have_draw = FALSE;
  double rss;
  g_autoptr(GString) out = g_string_new (NULL);

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("keyshape-bench: %s\n", error->message);
      return 2;
    }
  runs = CLAMP (runs, 1, 32);
  /* every entity needs an item (the item-edit figure edits Entity07's) */
  n_items = MAX (n_items, BIG_ENTITY_ITEMS + N_ENTITIES);

  design = make_design (n_items);
  engine = ks_engine_new (design);
  _ks_engine_set_serial (engine, serial);
  big = ks_design_find_entity (design, "Entity00");
  other = ks_design_find_entity (design, "Entity07");

  if (only != NULL)
    {
      /* for a profiler: repeat one figure and print each time */
      for (int r = 0; r < runs; r++)
        {
          const char *sks[] = { "E00#${id}#${createdAt}", "E00#${createdAt}#${id}" };
          double t0 = now_ms ();
          if (g_str_equal (only, "full"))
            ks_engine_recompute_full (engine);
          else if (g_str_equal (only, "keys"))
            _ks_engine_compute_keys (engine);
          else if (g_str_equal (only, "lint"))
            g_ptr_array_unref (ks_lint_run (engine));
          else if (g_str_equal (only, "template"))
            ks_entity_set_template (big, "SK", sks[r % 2]);
          else
            {
              g_printerr ("keyshape-bench: --only takes full, keys, lint or template\n");
              return 2;
            }
          if (!g_str_equal (only, "keys") && !g_str_equal (only, "lint"))
            ks_engine_flush (engine);
          g_print ("%s %.2f ms\n", only, now_ms () - t0);
        }
      return 0;
    }

  for (int r = 0; r < runs; r++)
    {
      double t0 = now_ms ();
      ks_engine_recompute_full (engine);
      ks_engine_flush (engine);
      full[r] = now_ms () - t0;
    }

  rss = rss_mb ();

  /* the keys alone (every item's final attributes), as ElectroDB builds
   * them: without putting the items in the tables and indexes */
  for (int r = 0; r < runs; r++)
    {
      double t0 = now_ms ();
      _ks_engine_compute_keys (engine);
      keys[r] = now_ms () - t0;
    }
  ks_engine_flush (engine);

  for (int r = 0; r < runs; r++)
    {
      KsItem *item = ks_entity_get_item (other, r % ks_entity_get_n_items (other));
      g_autofree char *id = g_strdup_printf ("edited-%d", r);
      KsValue *values = ks_map_set (item->values, "createdAt", ks_value_new_string (id, -1));
      double t0 = now_ms ();
      ks_entity_set_item_values (other, item, values);
      ks_engine_flush (engine);
      item_edit[r] = now_ms () - t0;
    }

  for (int r = 0; r < runs; r++)
    {
      const char *sks[] = { "E00#${id}#${createdAt}", "E00#${createdAt}#${id}" };
      double t0 = now_ms ();
      ks_entity_set_template (big, "SK", sks[r % 2]);
      ks_engine_flush (engine);
      tmpl_edit[r] = now_ms () - t0;
    }

  text = ks_native_to_string (design);
  tmpdir = g_dir_make_tmp ("keyshape-bench-XXXXXX", NULL);
  path = g_build_filename (tmpdir, "bench.keyshape.json", NULL);
  for (int r = 0; r < runs; r++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      double t0 = now_ms ();
      if (!ks_io_save_file (design, file, NULL, &error))
        g_error ("save: %s", error->message);
      save[r] = now_ms () - t0;
    }
  for (int r = 0; r < runs; r++)
    {
      /* opening = reading the file and computing the derived state */
      double t0 = now_ms ();
      g_autoptr(KsDesign) loaded = ks_io_load_path (path, NULL, &error);
      g_autoptr(KsEngine) e2 = NULL;
      if (loaded == NULL)
        g_error ("load: %s", error->message);
      e2 = ks_engine_new (loaded);
      load[r] = now_ms () - t0;
    }
  g_remove (path);
  g_rmdir (tmpdir);

  for (int r = 0; r < runs; r++)
    {
      query[r] = ks_bench_query_ms (engine);
      have_query = query[r] >= 0;
      draw[r] = ks_bench_draw_ms (engine);
      have_draw = draw[r] >= 0;
      layout[r] = ks_bench_layout_ms (engine);
    }
  layout_edit = ks_bench_layout_item_edit_ms (engine, other, runs);

  /* what the window analyses after edits (once typing pauses): lint,
   * sizes and cost of the whole design */
  for (int r = 0; r < runs; r++)
    {
      double t0 = now_ms ();
      g_autoptr(GPtrArray) problems = ks_lint_run (engine);
      lint[r] = now_ms () - t0;
    }

  g_string_append_printf (out, "{\"items\": %d", n_items);
  g_string_append_printf (out, ", \"recompute_full_ms\": %.2f", median (full, runs));
  g_string_append_printf (out, ", \"recompute_item_edit_ms\": %.3f", median (item_edit, runs));
  g_string_append_printf (out, ", \"recompute_template_edit_ms\": %.2f", median (tmpl_edit, runs));
  g_string_append_printf (out, ", \"keys_ms\": %.2f", median (keys, runs));
  g_string_append_printf (out, ", \"keys_per_s\": %.0f", n_items / (median (keys, runs) / 1000.0));
  g_string_append_printf (out, ", \"load_ms\": %.1f", median (load, runs));
  g_string_append_printf (out, ", \"save_ms\": %.1f", median (save, runs));
  if (have_query)
    g_string_append_printf (out, ", \"query_ms\": %.4f", median (query, runs));
  if (have_draw)
    {
      g_string_append_printf (out, ", \"draw_ms\": %.2f", median (draw, runs));
      g_string_append_printf (out, ", \"layout_ms\": %.2f", median (layout, runs));
      if (layout_edit >= 0)
        g_string_append_printf (out, ", \"layout_item_edit_ms\": %.2f", layout_edit);
    }
  g_string_append_printf (out, ", \"lint_ms\": %.1f", median (lint, runs));
  g_string_append_printf (out, ", \"rss_mb\": %.1f}", rss);
  g_print ("%s\n", out->str);
  return 0;
}
