/* ks-bench-hooks.c: figures of other layers for keyshape-bench
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ks-bench-hooks.h"
#include "ks-diagram.h"
#include "ks-diagram-layout.h"
#include "ks-query.h"

static int
compare_doubles (const double *a,
                 const double *b)
{
  return *a < *b ? -1 : *a > *b;
}

/* The largest partition of GSI1 ("STATUS#OPEN", about half the items),
 * newest first, one page of 100 items. */
double
ks_bench_query_ms (KsEngine *engine)
{
  const char *text =
    "{\"TableName\": \"Bench\", \"IndexName\": \"GSI1\","
    " \"KeyConditionExpression\": \"GSI1PK = :s AND GSI1SK > :since\","
    " \"ExpressionAttributeValues\": {\":s\": {\"S\": \"STATUS#OPEN\"}, \":since\": {\"S\": \"2026-03\"}},"
    " \"ScanIndexForward\": false, \"Limit\": 100}";
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsRequest) request = ks_request_parse (KS_OPERATION_QUERY, node, &error);
  gint64 start;
  double best = -1;

  if (request == NULL)
    g_error ("bench query: %s", error->message);
  /* the median of 50 runs, each a parse-free Query returning one page */
  {
    double times[50];
    for (guint r = 0; r < G_N_ELEMENTS (times); r++)
      {
        g_autoptr(KsQueryResult) result = NULL;
        start = g_get_monotonic_time ();
        result = ks_query_run (engine, request, &error);
        times[r] = (g_get_monotonic_time () - start) / 1000.0;
        if (result == NULL)
          g_error ("bench query: %s", error->message);
        if (result->count != 100)
          g_error ("bench query: %u items, not a page of 100", result->count);
      }
    for (guint i = 1; i < G_N_ELEMENTS (times); i++)
      for (guint j = i; j > 0 && times[j - 1] > times[j]; j--)
        {
          double t = times[j];
          times[j] = times[j - 1];
          times[j - 1] = t;
        }
    best = times[G_N_ELEMENTS (times) / 2];
  }
  return best;
}

/* A frame of the diagram of the table (100,000 items in 2,000 × 50
 * partitions), at the slowest zoom level. */
double
ks_bench_draw_ms (KsEngine *engine)
{
  return ks_diagram_benchmark_draw_ms (engine, "Bench", 20);
}

/* What the window's diagram redoes when an edit changes its view: the
 * layout of the table's 100,000 entries, flowed into columns. */
double
ks_bench_layout_ms (KsEngine *engine)
{
  KsView *view = ks_engine_find_view (engine, "Bench");
  gint64 start;
  KsDiagramLayout *layout;

  if (view == NULL)
    return -1;
  start = g_get_monotonic_time ();
  layout = ks_diagram_layout_new (engine, view);
  ks_diagram_layout_flow (layout, 1600);
  ks_diagram_layout_unref (layout);
  return (g_get_monotonic_time () - start) / 1000.0;
}

double
ks_bench_layout_item_edit_ms (KsEngine *engine,
                              KsEntity *entity,
                              int       runs)
{
  g_autoptr(KsDiagram) diagram = ks_diagram_new (engine);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  ks_diagram_set_view (diagram, "Bench");
  ks_diagram_set_wrap_width (diagram, 1600);
  if (ks_diagram_get_layout (diagram) == NULL)
    return -1;
  for (int r = 0; r < runs; r++)
    {
      KsItem *item = ks_entity_get_item (entity, (r * 7) % ks_entity_get_n_items (entity));
      g_autofree char *title = g_strdup_printf ("Edited %d", r);
      KsValue *values = ks_map_set (item->values, "title", ks_value_new_string (title, -1));
      gint64 start;
      double ms;

      ks_entity_set_item_values (entity, item, values);
      ks_engine_flush (engine);
      start = g_get_monotonic_time ();
      ks_diagram_get_layout (diagram);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  g_array_sort (times, (GCompareFunc) compare_doubles);
  return g_array_index (times, double, times->len / 2);
}
