/* test-window-analysis.c: the window's Capacity and Cost page and its
 * Coverage matrix (sidebar section Analysis), under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ks-cost-panel.h"
#include "ks-coverage.h"
#include "ks-coverage-view.h"
#include "ks-sidebar.h"
#include "ks-window-fixture.h"

/* The bundled template these tests read, below tests/ */
#define DESIGN "../data/templates/ecommerce.keyshape.json"

/* The pages recompute a moment after an edit: wait for it, a while at
 * most (sanitizer builds are slow). */
#define WAIT_UNTIL(cond) KS_TEST_WAIT_UNTIL (cond, 20)

typedef KsWindowFixture Fixture;

/* What the panel should say: the Standard table class's monthly total in
 * the tables' billing mode, from a report of the core on the same
 * document and prices. */
static char *
expected_estimate (Fixture     *f,
                   KsCostPanel *panel)
{
  g_autoptr(KsCostReport) report = ks_cost_report_new (ks_document_get_engine (f->document),
                                                       ks_cost_panel_get_pricing (panel));
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (f->design));
  const KsMonthlyCost *m = &report->monthly[KS_STORAGE_CLASS_STANDARD];
  gboolean provisioned = g_list_model_get_n_items (tables) > 0;

  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      provisioned &= ks_table_get_billing_mode (table) == KS_BILLING_PROVISIONED;
    }
  g_assert_cmpfloat (m->on_demand.total, >, 0);
  return ks_cost_panel_format_money (provisioned ? m->provisioned.total : m->on_demand.total,
                                     report->pricing->currency);
}

static void
test_cost (Fixture       *f,
           gconstpointer  data)
{
  KsCostPanel *panel = KS_COST_PANEL (ks_window_get_cost_panel (f->window));
  KsSidebar *sidebar = KS_SIDEBAR (ks_window_get_sidebar (f->window));
  KsEntity *order = ks_design_find_entity (f->design, "Order");
  KsPattern *profile = ks_design_find_pattern (f->design, "Customer profile");
  g_autofree char *before = NULL;
  g_autofree char *more_writes = NULL;
  g_autofree char *more_reads = NULL;
  g_autofree char *hidden_edit = NULL;

  g_assert_nonnull (order);
  g_assert_nonnull (profile);
  /* not shown yet: nothing computed */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (panel)));
  g_assert_cmpstr (ks_cost_panel_get_estimate (panel), ==, "");

  ks_sidebar_select_page (sidebar, "cost");
  ks_test_drain ();
  g_assert_cmpstr (ks_sidebar_get_page (sidebar), ==, "cost");
  g_assert_null (ks_sidebar_get_selected (sidebar));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panel)));
  before = expected_estimate (f, panel);
  g_assert_cmpstr (ks_cost_panel_get_estimate (panel), ==, before);

  /* ten times the writes of an entity: a command, recomputed live */
  ks_document_set (f->document, order, "writes-per-second", ks_entity_get_writes_per_second (order) * 10, NULL);
  more_writes = expected_estimate (f, panel);
  g_assert_cmpstr (more_writes, !=, before);
  WAIT_UNTIL (g_strcmp0 (ks_cost_panel_get_estimate (panel), more_writes) == 0);

  /* a pattern's rate */
  ks_document_set (f->document, profile, "requests-per-second", ks_pattern_get_requests_per_second (profile) * 100,
                   NULL);
  more_reads = expected_estimate (f, panel);
  g_assert_cmpstr (more_reads, !=, more_writes);
  WAIT_UNTIL (g_strcmp0 (ks_cost_panel_get_estimate (panel), more_reads) == 0);

  /* undone, the first figure again */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  WAIT_UNTIL (g_strcmp0 (ks_cost_panel_get_estimate (panel), more_writes) == 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  WAIT_UNTIL (g_strcmp0 (ks_cost_panel_get_estimate (panel), before) == 0);
  g_assert_false (ks_document_can_undo (f->document));

  /* hidden, the figures on it stay; shown again, they catch up at once */
  ks_sidebar_select (sidebar, order);
  ks_test_drain ();
  g_assert_null (ks_sidebar_get_page (sidebar));
  /* once the inspector's crossfade is over */
  WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (panel)));
  ks_document_set (f->document, order, "writes-per-second", ks_entity_get_writes_per_second (order) * 3, NULL);
  hidden_edit = expected_estimate (f, panel);
  g_usleep (500000);
  ks_test_drain ();
  g_assert_cmpstr (ks_cost_panel_get_estimate (panel), ==, before);
  ks_sidebar_select_page (sidebar, "cost");
  ks_test_drain ();
  g_assert_cmpstr (ks_cost_panel_get_estimate (panel), ==, hidden_edit);
}

/* The cell's class says what ks-coverage computed */
static void
check_cells (KsCoverageView *view,
             KsCoverage     *coverage)
{
  static const char *classes[] = { NULL, "coverage-ok", "coverage-missing", "coverage-unexpected" };

  for (guint e = 0; e < ks_coverage_get_n_entities (coverage); e++)
    for (guint p = 0; p < ks_coverage_get_n_patterns (coverage); p++)
      {
        GtkWidget *cell = ks_coverage_view_get_cell (view, e, p);
        KsCoverageStatus status = ks_coverage_get_status (coverage, e, p);

        g_assert_nonnull (cell);
        for (guint c = 1; c < G_N_ELEMENTS (classes); c++)
          g_assert_cmpint (gtk_widget_has_css_class (cell, classes[c]), ==, status == c);
        if (status == KS_COVERAGE_STATUS_NONE)
          g_assert_cmpint (gtk_widget_has_css_class (cell, "coverage-reachable"), ==,
                           (ks_coverage_get_flags (coverage, e, p) & KS_COVERAGE_REACHABLE) != 0);
      }
}

static guint
n_flagged (KsCoverageView *view)
{
  guint n = 0;

  for (guint p = 0; p < ks_coverage_view_get_n_columns (view); p++)
    n += gtk_widget_has_css_class (ks_coverage_view_get_header (view, p), "unserved");
  return n;
}

static void
test_coverage (Fixture       *f,
               gconstpointer  data)
{
  KsCoverageView *view = KS_COVERAGE_VIEW (ks_window_get_coverage_view (f->window));
  KsSidebar *sidebar = KS_SIDEBAR (ks_window_get_sidebar (f->window));
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (f->design));
  GListModel *patterns = G_LIST_MODEL (ks_design_get_patterns (f->design));
  guint n_entities = g_list_model_get_n_items (entities);
  guint n_patterns = g_list_model_get_n_items (patterns);
  KsPattern *by_email = ks_design_find_pattern (f->design, "Customer by e-mail");
  KsTable *table = ks_design_find_table (f->design, ks_pattern_get_table (by_email));
  GListStore *indexes = ks_table_get_indexes (table);
  KsIndex *gsi = ks_table_find_index (table, ks_pattern_get_index (by_email));
  g_autoptr(KsCoverage) coverage = NULL;
  guint column, position;

  g_assert_cmpuint (n_entities, >, 1);
  g_assert_cmpuint (n_patterns, >, 1);
  g_assert_true (g_list_store_find (G_LIST_STORE (patterns), by_email, &column));
  g_assert_true (g_list_store_find (indexes, gsi, &position));

  ks_sidebar_select_page (sidebar, "coverage");
  ks_test_drain ();
  g_assert_cmpstr (ks_sidebar_get_page (sidebar), ==, "coverage");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));

  /* one row per entity, one column per pattern, in design order */
  g_assert_cmpuint (ks_coverage_view_get_n_rows (view), ==, n_entities);
  g_assert_cmpuint (ks_coverage_view_get_n_columns (view), ==, n_patterns);
  g_assert_null (ks_coverage_view_get_cell (view, n_entities, 0));
  g_assert_null (ks_coverage_view_get_cell (view, 0, n_patterns));
  g_assert_null (ks_coverage_view_get_header (view, n_patterns));
  coverage = ks_coverage_new (ks_document_get_engine (f->document));
  check_cells (view, coverage);
  for (guint p = 0; p < n_patterns; p++)
    g_assert_cmpint (gtk_widget_has_css_class (ks_coverage_view_get_header (view, p), "unserved"), ==,
                     !ks_coverage_is_served (coverage, p));
  g_assert_cmpuint (n_flagged (view), ==, 0);
  g_clear_object (&coverage);

  /* without its index, the pattern has nothing to serve it: flagged */
  ks_document_remove_object (f->document, indexes, position);
  WAIT_UNTIL (gtk_widget_has_css_class (ks_coverage_view_get_header (view, column), "unserved"));
  g_assert_cmpuint (n_flagged (view), ==, 1);
  coverage = ks_coverage_new (ks_document_get_engine (f->document));
  g_assert_false (ks_coverage_is_served (coverage, column));
  check_cells (view, coverage);
  g_clear_object (&coverage);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  WAIT_UNTIL (n_flagged (view) == 0);

  /* a new pattern (no partition key yet) adds a column, flagged */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-pattern", NULL);
  ks_test_drain ();
  g_assert_true (KS_IS_PATTERN (ks_sidebar_get_selected (sidebar)));
  ks_sidebar_select_page (sidebar, "coverage");
  ks_test_drain ();
  g_assert_cmpuint (ks_coverage_view_get_n_columns (view), ==, n_patterns + 1);
  g_assert_true (gtk_widget_has_css_class (ks_coverage_view_get_header (view, n_patterns), "unserved"));
  g_assert_cmpuint (ks_coverage_view_get_n_rows (view), ==, n_entities);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  WAIT_UNTIL (ks_coverage_view_get_n_columns (view) == n_patterns);

  /* a click on a column's header edits its pattern */
  g_signal_emit_by_name (ks_coverage_view_get_header (view, column), "clicked");
  ks_test_drain ();
  g_assert_true (ks_sidebar_get_selected (sidebar) == (gpointer) by_email);
  g_assert_null (ks_sidebar_get_page (sidebar));
  g_assert_true (gtk_widget_get_mapped (ks_window_get_pattern_editor (f->window)));
  WAIT_UNTIL (!gtk_widget_get_mapped (GTK_WIDGET (view)));

  /* and a click on a cell, the pattern of its column */
  ks_sidebar_select_page (sidebar, "coverage");
  ks_test_drain ();
  {
    g_autoptr(KsPattern) first = g_list_model_get_item (patterns, 0);
    g_signal_emit_by_name (ks_coverage_view_get_cell (view, n_entities - 1, 0), "clicked");
    ks_test_drain ();
    g_assert_true (ks_sidebar_get_selected (sidebar) == (gpointer) first);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ks_test_init (&argc, &argv, "window-analysis", KS_TEST_INIT_DEFAULT);

  if (home == NULL)
    return 77;

  ks_window_test_add ("/keyshape/window-analysis/cost", DESIGN, test_cost);
  ks_window_test_add ("/keyshape/window-analysis/coverage", DESIGN, test_coverage);
  return ks_test_run (home);
}
