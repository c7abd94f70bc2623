/* ks-window.c: one window per design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-application.h"
#include "ks-diagram-view.h"
#include "ks-io.h"
#include "ks-lint.h"
#include "ks-pattern-run.h"
#include "ks-window-private.h"

G_DEFINE_FINAL_TYPE (KsWindow, ks_window, ADW_TYPE_APPLICATION_WINDOW)

KsDesign *
ks_window_new_empty_design (void)
{
  KsDesign *design = ks_design_new ();
  g_autoptr(KsKeySchema) keys = ks_key_schema_new_simple ("PK", KS_TYPE_S, "SK", KS_TYPE_S);
  g_autoptr(KsTable) table = ks_table_new ("Table", keys);

  ks_design_set_name (design, _("Untitled Design"));
  g_list_store_append (ks_design_get_tables (design), table);
  return design;
}

void
ks_window_show_toast (KsWindow   *self,
                      const char *message)
{
  AdwToast *toast;

  g_return_if_fail (KS_IS_WINDOW (self));

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Title ---------------------------------------------------------------------- */

static void
update_title (KsWindow *self)
{
  KsDesign *design = ks_document_get_design (self->document);
  GFile *file = ks_document_get_file (self->document);
  gboolean modified = ks_document_get_modified (self->document);
  g_autofree char *title = g_strdup_printf ("%s%s", ks_design_get_name (design), modified ? " •" : "");
  g_autofree char *subtitle = NULL;

  if (file != NULL)
    {
      g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
      g_autofree char *relative = g_file_get_relative_path (home, file);
      subtitle = relative ? g_strdup_printf ("~/%s", relative) : g_file_get_parse_name (file);
    }
  else
    subtitle = g_strdup (_("Not saved"));
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  /* every edit comes here: the display server hears of real changes only */
  if (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (self)), title) != 0)
    gtk_window_set_title (GTK_WINDOW (self), title);
}

/* Diagram views ---------------------------------------------------------------- */

static GtkWidget *
visible_diagram (KsWindow *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->view_stack);
  return KS_IS_DIAGRAM_VIEW (child) ? child : NULL;
}

GtkWidget *
ks_window_get_diagram_view (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return visible_diagram (self);
}

const char *
ks_window_get_view_name (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
ks_window_set_view_name (KsWindow   *self,
                         const char *view)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), (void) 0);
  if (view != NULL && adw_view_stack_get_child_by_name (self->view_stack, view) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, view);
}

static void
on_diagram_item_activated (KsWindow *self,
                           KsItem   *item)
{
  /* Enter on an item: edit it in the grid */
  ks_item_grid_focus_item (self->grid, item);
}

static void
rebuild_views (KsWindow *self)
{
  GPtrArray *views = ks_engine_get_views (ks_document_get_engine (self->document));
  g_autofree char *visible = g_strdup (adw_view_stack_get_visible_child_name (self->view_stack));
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  gboolean same = TRUE;
  GtkWidget *child;
  guint n = 0;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack)); child;
       child = gtk_widget_get_next_sibling (child))
    if (KS_IS_DIAGRAM_VIEW (child))
      g_ptr_array_add (pages, child);
  n = pages->len;
  same = n == views->len;
  for (guint i = 0; same && i < n; i++)
    same = g_strcmp0 (ks_diagram_view_get_view_name (g_ptr_array_index (pages, i)),
                      ks_view_get_name (g_ptr_array_index (views, i))) == 0 &&
           ks_diagram_view_get_diagram (g_ptr_array_index (pages, i)) != NULL &&
           ks_diagram_get_engine (ks_diagram_view_get_diagram (g_ptr_array_index (pages, i)))
             == ks_document_get_engine (self->document);
  if (same)
    return;

  for (guint i = 0; i < pages->len; i++)
    adw_view_stack_remove (self->view_stack, g_ptr_array_index (pages, i));
  for (guint i = 0; i < views->len; i++)
    {
      KsView *view = g_ptr_array_index (views, i);
      const char *name = ks_view_get_name (view);
      GtkWidget *diagram = ks_diagram_view_new (self->document, self->selection, name);
      AdwViewStackPage *page = adw_view_stack_add_titled (self->view_stack, diagram, name, name);

      g_signal_connect_object (diagram, "item-activated", G_CALLBACK (on_diagram_item_activated), self,
                               G_CONNECT_SWAPPED);

      adw_view_stack_page_set_icon_name (page, ks_view_get_index (view) ? "view-list-symbolic"
                                                                        : "view-grid-symbolic");
    }
  if (visible && adw_view_stack_get_child_by_name (self->view_stack, visible))
    adw_view_stack_set_visible_child_name (self->view_stack, visible);
}

static void
on_view_changed (KsWindow *self)
{
  GtkWidget *diagram = visible_diagram (self);
  KsItem *item = self->selection ? ks_selection_get_item (self->selection) : NULL;

  if (diagram != NULL && item != NULL)
    ks_diagram_view_reveal_item (KS_DIAGRAM_VIEW (diagram), item);
}

/* Analysis: lint and access patterns, a moment after the last edit ----------- */

static KsDiagramHighlight *
build_highlight (KsWindow     *self,
                 KsPatternRun *run)
{
  KsEngine *engine = ks_document_get_engine (self->document);
  KsPattern *pattern = run->pattern;
  const char *view_name = ks_pattern_get_index (pattern) ? ks_pattern_get_index (pattern)
                                                         : ks_pattern_get_table (pattern);
  KsView *view = view_name ? ks_engine_find_view (engine, view_name) : NULL;
  KsDiagramHighlight *highlight;
  KsValue *pk = NULL;
  guint lo = G_MAXUINT, hi = 0;
  g_autofree char *banner = NULL;
  double rcu;

  if (view == NULL)
    {
      GPtrArray *views = ks_engine_get_views (engine);
      if (views->len == 0)
        return NULL;
      view = g_ptr_array_index (views, 0);
    }
  for (guint i = 0; run->result && i < run->result->items->len; i++)
    {
      guint position;
      if (ks_view_find_item (view, g_ptr_array_index (run->result->items, i), &position))
        {
          lo = MIN (lo, position);
          hi = MAX (hi, position + 1);
        }
    }
  if (lo < hi && run->operation != KS_OPERATION_SCAN)
    pk = ks_view_get_entry (view, lo)->pk;
  highlight = ks_diagram_highlight_new (ks_view_get_name (view), pk, lo < hi ? lo : 0, lo < hi ? hi : 0);
  for (guint i = 0; run->result && i < run->result->items->len; i++)
    ks_diagram_highlight_add_item (highlight, g_ptr_array_index (run->result->items, i));

  if (run->result != NULL)
    {
      /* eventually consistent reads: half a unit per 4 KB read */
      rcu = MAX (1, (run->result->bytes_read + 4095) / 4096) * 0.5;
      banner = g_strdup_printf (_("%s · %s · %u returned of %u read · %.1f RCU"),
                                ks_pattern_get_name (pattern),
                                ks_served_by_to_string (run->served_by),
                                run->result->count, run->result->scanned_count, rcu);
    }
  else
    banner = g_strdup_printf ("%s · %s", ks_pattern_get_name (pattern),
                              run->error ? run->error->message : _("could not run"));
  ks_diagram_highlight_set_banner (highlight, banner);
  return highlight;
}

static char *
run_markup (KsPatternRun *run)
{
  GString *s = g_string_new (NULL);
  g_autofree char *request = run->request ? json_to_string (run->request, TRUE) : NULL;

  if (run->error != NULL)
    {
      g_autofree char *msg = g_markup_escape_text (run->error->message, -1);
      g_string_append_printf (s, "<span foreground=\"#e01b24\" weight=\"bold\">%s</span>\n%s",
                              _("Does not run"), msg);
      return g_string_free (s, FALSE);
    }
  g_string_append_printf (s, "<span weight=\"bold\" foreground=\"%s\">%s</span>  %s",
                          run->passed ? "#26a269" : "#e01b24",
                          run->passed ? _("Passes") : _("Fails"),
                          ks_served_by_to_string (run->served_by));
  if (run->needs_filter)
    g_string_append_printf (s, " · %s", _("relies on a filter"));
  if (run->result)
    {
      g_string_append_c (s, '\n');
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u item returned, %u read", "%u items returned, %u read",
                                              run->result->count),
                              run->result->count, run->result->scanned_count);
    }
  if (run->unexpected && run->unexpected->len)
    {
      g_string_append_printf (s, "\n%s", _("Unexpected entities:"));
      for (guint i = 0; i < run->unexpected->len; i++)
        g_string_append_printf (s, " %s", (char *) g_ptr_array_index (run->unexpected, i));
    }
  if (request)
    {
      g_autofree char *escaped = g_markup_escape_text (request, -1);
      g_string_append_printf (s, "\n<span font_family=\"monospace\" size=\"small\">%s</span>", escaped);
    }
  return g_string_free (s, FALSE);
}

/* Lights the selected pattern's items, with its run from the last
 * analysis when nothing changed since (analysis_runs), else a new one. */
static void
update_highlight (KsWindow *self)
{
  KsPattern *pattern = ks_selection_get_pattern (self->selection);
  g_autoptr(KsDiagramHighlight) highlight = NULL;
  g_autoptr(KsPatternRun) fresh = NULL;
  KsPatternRun *run = NULL;

  if (pattern != NULL)
    {
      g_autoptr(GError) error = NULL;

      run = self->analysis_runs ? g_hash_table_lookup (self->analysis_runs, pattern) : NULL;
      if (run == NULL)
        run = fresh = ks_pattern_run (ks_document_get_engine (self->document), pattern);
      /* the renderer knows the key condition's exact range; a pattern that
       * does not run still marks what it returned, if anything */
      highlight = ks_diagram_highlight_new_for_run (ks_document_get_engine (self->document), run, &error);
      if (highlight == NULL)
        highlight = build_highlight (self, run);
      if (ks_pattern_editor_get_pattern (self->pattern_editor) == pattern)
        {
          g_autofree char *markup = run_markup (run);
          ks_pattern_editor_set_result (self->pattern_editor, markup);
        }
    }
  /* the rows it returns are lit in the grid as in the diagram */
  ks_item_grid_set_returned_items (self->grid, run != NULL && run->result != NULL ? run->result->items : NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack)); child;
       child = gtk_widget_get_next_sibling (child))
    if (KS_IS_DIAGRAM_VIEW (child))
      ks_diagram_view_set_highlight (KS_DIAGRAM_VIEW (child), highlight);
}


/* The analysis runs in steps (the cost report, lint, the access patterns),
 * in main-loop turns of their own at idle priority (the report and lint a
 * part at a time, about 10 ms a turn), so that input arriving meanwhile is
 * handled between them; an edit starts it over. */
enum
{
  ANALYSIS_COST = 1,
  ANALYSIS_LINT,
  ANALYSIS_PATTERNS,
};

/* how long one turn of the analysis may hold the main loop */
#define ANALYSIS_SLICE_US (10 * 1000)
/* edits that keep coming run a quick analysis whole every two seconds or
 * so; a longer one (a large design) waits for editing to pause */
#define ANALYSIS_WHOLE_MAX_US (50 * 1000)

/* Runs the next access pattern and shows its status; returns whether
 * more follow. The last one done, the selected one's items are lit. */
static gboolean
run_next_pattern (KsWindow *self)
{
  KsEngine *engine = ks_document_get_engine (self->document);
  GListModel *patterns = G_LIST_MODEL (ks_design_get_patterns (ks_document_get_design (self->document)));
  g_autoptr(KsPattern) pattern = NULL;
  KsPatternRun *run;
  KsPatternStatus status;
  g_autofree char *summary = NULL;

  if (self->analysis_pattern >= g_list_model_get_n_items (patterns))
    {
      update_highlight (self);
      _ks_window_run_live_soon (self);
      return FALSE;
    }
  pattern = g_list_model_get_item (patterns, self->analysis_pattern++);
  run = ks_pattern_run (engine, pattern);
  if (!run->passed)
    status = KS_PATTERN_STATUS_FAIL;
  else if (run->served_by == KS_SERVED_BY_SCAN || run->needs_filter)
    status = KS_PATTERN_STATUS_WARN;
  else
    status = KS_PATTERN_STATUS_PASS;
  if (run->error)
    summary = g_strdup (run->error->message);
  else
    summary = g_strdup_printf (_("%s · %u items"), ks_served_by_to_string (run->served_by),
                               run->result ? run->result->count : 0);
  ks_sidebar_set_pattern_status (self->sidebar, pattern, status, summary);
  /* kept until the next edit: selecting the pattern lights its items
   * without running it again */
  g_hash_table_replace (self->analysis_runs, g_object_ref (pattern), run);
  return TRUE;
}

/* Runs the next step; returns whether more follow. */
static gboolean
analyse_step (KsWindow *self)
{
  KsEngine *engine = ks_document_get_engine (self->document);
  gint64 start = g_get_monotonic_time ();

  switch (self->analysis_step)
    {
    case ANALYSIS_COST:
      /* one cost report for the lint rules and the Capacity and Cost page,
       * a few of its parts (an entity's samples, a view's entries) per
       * main-loop turn */
      if (self->analysis_builder == NULL)
        {
          self->analysis_work = 0;
          self->analysis_builder = ks_cost_builder_new (engine, ks_cost_panel_get_pricing (self->cost_panel));
        }
      while (ks_cost_builder_step (self->analysis_builder))
        if (g_get_monotonic_time () - start > ANALYSIS_SLICE_US)
          goto out;
      self->analysis_cost = ks_cost_builder_finish (g_steal_pointer (&self->analysis_builder));
      self->analysis_step = ANALYSIS_LINT;
      break;
    case ANALYSIS_LINT:
      /* the rules a group at a time, as long as the slice lasts */
      if (self->analysis_linter == NULL)
        self->analysis_linter = ks_linter_new (engine, self->analysis_cost);
      while (ks_linter_step (self->analysis_linter))
        if (g_get_monotonic_time () - start > ANALYSIS_SLICE_US)
          goto out;
      {
        g_autoptr(GPtrArray) problems = ks_linter_finish (g_steal_pointer (&self->analysis_linter));
        ks_cost_panel_take_report (self->cost_panel, g_steal_pointer (&self->analysis_cost));
        ks_sidebar_set_problems (self->sidebar, problems);
        self->analysis_step = ANALYSIS_PATTERNS;
        self->analysis_pattern = 0;
        break;
      }
    case ANALYSIS_PATTERNS:
    default:
      /* a pattern at a time (one may read much of the table) */
      while (run_next_pattern (self))
        if (g_get_monotonic_time () - start > ANALYSIS_SLICE_US)
          goto out;
      self->analysis_step = 0;
      self->analysis_since = 0;
      break;
    }
out:
  self->analysis_work += g_get_monotonic_time () - start;
  if (self->analysis_step == 0)
    self->analysis_us = self->analysis_work;
  return self->analysis_step != 0;
}

static gboolean
analyse_next (gpointer data)
{
  KsWindow *self = data;
  guint source = self->analysis_source;

  /* the steps read the engine between main-loop turns: up to date (should
   * that find anything to compute, the analysis starts over) */
  ks_engine_flush (ks_document_get_engine (self->document));
  if (self->analysis_source != source)
    return G_SOURCE_REMOVE;
  if (analyse_step (self))
    return G_SOURCE_CONTINUE;
  self->analysis_source = 0;
  return G_SOURCE_REMOVE;
}

/* Typing paused: the steps, at idle priority. */
static gboolean
analyse_begin (gpointer data)
{
  KsWindow *self = data;

  self->analysis_step = ANALYSIS_COST;
  self->analysis_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, analyse_next, self, NULL);
  return G_SOURCE_REMOVE;
}

/* Every step at once. */
static void
analyse_now (KsWindow *self)
{
  self->analysis_step = ANALYSIS_COST;
  while (analyse_step (self))
    ;
}

static gboolean
analyse_all (gpointer data)
{
  KsWindow *self = data;

  self->analysis_source = 0;
  analyse_now (self);
  return G_SOURCE_REMOVE;
}

/* Drops the analysis pending or under way. */
static void
analysis_cancel (KsWindow *self)
{
  g_clear_handle_id (&self->analysis_source, g_source_remove);
  /* the linter reads the report */
  g_clear_pointer (&self->analysis_linter, ks_linter_free);
  /* the runs were of the state before */
  if (self->analysis_runs != NULL)
    g_hash_table_remove_all (self->analysis_runs);
  g_clear_pointer (&self->analysis_cost, ks_cost_report_free);
  g_clear_pointer (&self->analysis_builder, ks_cost_builder_free);
  self->analysis_step = 0;
}

void
_ks_window_analyse_soon (KsWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  /* lint and cost walk every item (0.2 s or so at 100,000 items): not on
   * each keystroke, but once typing pauses (a quarter of a second, a little
   * longer when the analysis takes long, so that it less often runs just
   * before the next keystroke; still before the Capacity and Cost page
   * would make its own report, half a second after the last edit), and
   * when editing goes on without a pause, every two seconds or so when it
   * is quick (a small design; a tenth of the main thread's time at most):
   * a large design's waits for a pause, as it runs in slices that an edit
   * starts over */
  guint pause_ms = CLAMP (self->analysis_us * 2 / 1000, 250, 400);
  gint64 max_wait = MAX (2 * G_USEC_PER_SEC, 10 * self->analysis_us);

  /* pending, or under way and now of the state before: again */
  analysis_cancel (self);
  if (self->analysis_since == 0)
    self->analysis_since = now;
  if (now - self->analysis_since >= max_wait && self->analysis_us < ANALYSIS_WHOLE_MAX_US)
    self->analysis_source = g_idle_add (analyse_all, self);   /* edits kept coming: now, whole */
  else
    self->analysis_source = g_timeout_add (pause_ms, analyse_begin, self);
}

/* Document signals ---------------------------------------------------------------- */

static void
on_engine_changed (KsEngine    *engine,
                   KsChangeSet *changes,
                   KsWindow    *self)
{
  KsItem *item = ks_selection_get_item (self->selection);

  if (changes->full)
    rebuild_views (self);
  /* a removed item is no longer selected */
  if (item != NULL && (item->entity == NULL || !ks_entity_find_item (item->entity, item, NULL)))
    ks_selection_set_item (self->selection, NULL);
  _ks_window_analyse_soon (self);
}

static void
on_document_notify (KsWindow *self)
{
  self->touched = TRUE;
  update_title (self);
  _ks_window_update_actions (self);
  /* every command notifies can-undo: pattern edits, which the engine does
   * not see, are run again too */
  _ks_window_autosave_soon (self);
  _ks_window_analyse_soon (self);
}

static void
on_design_notify (KsWindow *self)
{
  update_title (self);
}

static void
on_selection_pattern (KsWindow *self)
{
  KsPattern *pattern = ks_selection_get_pattern (self->selection);

  update_highlight (self);
  if (pattern != NULL)
    ks_window_set_view_name (self, ks_pattern_get_index (pattern) ? ks_pattern_get_index (pattern)
                                                                  : ks_pattern_get_table (pattern));
}

/* Sidebar -------------------------------------------------------------------------- */

static void
on_sidebar_selected (KsWindow *self)
{
  gpointer object = ks_sidebar_get_selected (self->sidebar);
  const char *page = "empty";

  ks_entity_editor_set_entity (self->entity_editor, KS_IS_ENTITY (object) ? object : NULL);
  ks_table_editor_set_table (self->table_editor, KS_IS_TABLE (object) ? object : NULL);
  ks_index_editor_set_index (self->index_editor, KS_IS_INDEX (object) ? object : NULL);
  ks_pattern_editor_set_pattern (self->pattern_editor, KS_IS_PATTERN (object) ? object : NULL);
  ks_selection_set_pattern (self->selection, KS_IS_PATTERN (object) ? object : NULL);

  if (KS_IS_ENTITY (object))
    {
      KsItem *item = ks_selection_get_item (self->selection);
      page = "entity";
      /* preview this entity's first item unless one of its items is selected */
      if ((item == NULL || item->entity != object) && ks_entity_get_n_items (object) > 0)
        ks_selection_set_item (self->selection, ks_entity_get_item (object, 0));
    }
  else if (KS_IS_TABLE (object))
    {
      page = "table";
      ks_window_set_view_name (self, ks_table_get_name (object));
    }
  else if (KS_IS_INDEX (object))
    {
      page = "index";
      ks_window_set_view_name (self, ks_index_get_name (object));
    }
  else if (KS_IS_PATTERN (object))
    page = "pattern";
  else if (ks_sidebar_get_page (self->sidebar) != NULL)
    page = ks_sidebar_get_page (self->sidebar);   /* "cost" or "coverage" */
  gtk_stack_set_visible_child_name (self->inspector, page);
  _ks_window_run_live_soon (self);
}

static void
on_sidebar_rename (KsSidebar *sidebar,
                   GObject   *object,
                   KsWindow  *self)
{
  ks_sidebar_select (self->sidebar, object);
  if (KS_IS_ENTITY (object))
    ks_entity_editor_focus_name (self->entity_editor);
  else if (KS_IS_TABLE (object))
    ks_table_editor_focus_name (self->table_editor);
  else if (KS_IS_INDEX (object))
    ks_index_editor_focus_name (self->index_editor);
  else if (KS_IS_PATTERN (object))
    ks_pattern_editor_focus_name (self->pattern_editor);
}

static void
on_problem_activated (KsSidebar *sidebar,
                      KsProblem *problem,
                      KsWindow  *self)
{
  if (problem->entity != NULL)
    ks_sidebar_select (self->sidebar, problem->entity);
  if (problem->item != NULL)
    ks_selection_set_item (self->selection, problem->item);
  ks_window_show_toast (self, problem->message);
}

/* A row of the cost panel or a cell of the coverage matrix: edit its
 * pattern, entity, table or index */
static void
on_analysis_activated (GtkWidget *view,
                       GObject   *object,
                       KsWindow  *self)
{
  ks_sidebar_select (self->sidebar, object);
}

static void
on_index_activated (KsTableEditor *editor,
                    KsIndex       *index,
                    KsWindow      *self)
{
  ks_sidebar_select (self->sidebar, index);
}

/* Presentation mode ------------------------------------------------------------------ */

void
ks_window_present_patterns (KsWindow *self)
{
  KsPattern *pattern;

  g_return_if_fail (KS_IS_WINDOW (self));

  if (ks_window_is_presenting (self))
    return;
  ks_presentation_set_document (self->presentation, self->document);
  /* start on the pattern being looked at, if any */
  pattern = ks_selection_get_pattern (self->selection);
  if (pattern != NULL)
    ks_presentation_show_pattern (self->presentation, pattern);
  else
    ks_presentation_set_step (self->presentation, 0);
  self->was_fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));
  gtk_stack_set_visible_child_name (self->mode_stack, "present");
  if (!self->was_fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->presentation));
}

void
ks_window_leave_presentation (KsWindow *self)
{
  KsPattern *pattern;

  g_return_if_fail (KS_IS_WINDOW (self));

  if (!ks_window_is_presenting (self))
    return;
  pattern = ks_presentation_get_pattern (self->presentation);
  if (!self->was_fullscreen)
    gtk_window_unfullscreen (GTK_WINDOW (self));
  gtk_stack_set_visible_child_name (self->mode_stack, "edit");
  /* the pattern last presented stays highlighted, ready to edit */
  if (pattern != NULL)
    ks_sidebar_select (self->sidebar, pattern);
  /* nothing to follow while hidden */
  ks_presentation_set_document (self->presentation, NULL);
}

gboolean
ks_window_is_presenting (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "present") == 0;
}

static void
on_presentation_leave (KsWindow *self)
{
  ks_window_leave_presentation (self);
}

/* Drag and drop ---------------------------------------------------------------------- */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         KsWindow      *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  for (GSList *l = files; l; l = l->next)
    ks_application_open_file (KS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), l->data);
  return files != NULL;
}

/* Window state ---------------------------------------------------------------------- */

static void
save_window_state (KsWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", MAX (width, 360));
      g_settings_set_int (self->settings, "window-height", MAX (height, 294));
    }
}

static void
on_close_response (AdwMessageDialog *dialog,
                   const char       *response,
                   KsWindow         *self)
{
  if (g_str_equal (response, "discard"))
    {
      _ks_window_autosave_forget (self);
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (g_str_equal (response, "save"))
    {
      GFile *file = ks_document_get_file (self->document);
      if (file == NULL)
        _ks_window_save_as (self, TRUE);
      else if (ks_window_save_to (self, file))
        gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
ks_window_close_request (GtkWindow *window)
{
  KsWindow *self = KS_WINDOW (window);
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (self->document != NULL && !self->close_confirmed)
    ks_entity_editor_commit (self->entity_editor);
  if (self->close_confirmed || self->document == NULL || !ks_document_get_modified (self->document))
    {
      /* edits undone back to the saved state may have been autosaved */
      if (!self->close_confirmed)
        _ks_window_autosave_forget (self);
      save_window_state (self);
      return GTK_WINDOW_CLASS (ks_window_parent_class)->close_request (window);
    }

  heading = g_strdup_printf (_("Save Changes to “%s”?"), ks_design_get_name (ks_document_get_design (self->document)));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, heading,
                                                       _("Unsaved changes are lost for good if you close without saving.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_close_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* GObject ---------------------------------------------------------------------------- */

static void
disconnect_document (KsWindow *self)
{
  if (self->document == NULL)
    return;
  g_signal_handlers_disconnect_by_data (ks_document_get_engine (self->document), self);
  g_signal_handlers_disconnect_by_data (ks_document_get_design (self->document), self);
  g_signal_handlers_disconnect_by_data (self->document, self);
}

static void
ks_window_dispose (GObject *object)
{
  KsWindow *self = KS_WINDOW (object);

  analysis_cancel (self);
  g_clear_pointer (&self->analysis_runs, g_hash_table_unref);
  _ks_window_live_dispose (self);
  /* not removed: a window destroyed without closing keeps its autosave */
  _ks_window_autosave_cancel (self);
  disconnect_document (self);
  if (self->selection)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_WINDOW);
  g_clear_object (&self->document);
  g_clear_object (&self->selection);
  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->autosave_error, g_free);
  g_clear_object (&self->print_settings);
  g_clear_object (&self->page_setup);
  G_OBJECT_CLASS (ks_window_parent_class)->dispose (object);
}

static void
ks_window_class_init (KsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ks_window_dispose;
  window_class->close_request = ks_window_close_request;

  g_type_ensure (KS_TYPE_SIDEBAR);
  g_type_ensure (KS_TYPE_ENTITY_EDITOR);
  g_type_ensure (KS_TYPE_TABLE_EDITOR);
  g_type_ensure (KS_TYPE_INDEX_EDITOR);
  g_type_ensure (KS_TYPE_PATTERN_EDITOR);
  g_type_ensure (KS_TYPE_COST_PANEL);
  g_type_ensure (KS_TYPE_COVERAGE_VIEW);
  g_type_ensure (KS_TYPE_ITEM_GRID);
  g_type_ensure (KS_TYPE_PRESENTATION);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, hpaned);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, vpaned);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, entity_editor);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, table_editor);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, index_editor);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, pattern_editor);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, cost_panel);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, coverage_view);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, grid);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, KsWindow, presentation);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_rename);
  gtk_widget_class_bind_template_callback (widget_class, on_problem_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_index_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_analysis_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_presentation_leave);

  _ks_window_class_init_actions (widget_class);
  _ks_window_class_init_export (widget_class);
  _ks_window_class_init_live (widget_class);
}

static void
ks_window_init (KsWindow *self)
{
  GtkDropTarget *drop;
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsDocument) document = NULL;

  self->analysis_runs = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) ks_pattern_run_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->selection = ks_selection_new ();
  g_signal_connect_swapped (self->selection, "notify::pattern", G_CALLBACK (on_selection_pattern), self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_paned_set_position (self->hpaned, 880);
  _ks_window_init_live (self);

  design = ks_window_new_empty_design ();
  document = ks_document_new (design);
  ks_window_set_document (self, document);
  self->touched = FALSE;
}

KsWindow *
ks_window_new (GtkApplication *application)
{
  KsWindow *self = g_object_new (KS_TYPE_WINDOW, "application", application, NULL);

  if (KS_IS_APPLICATION (application))
    {
      self->settings = g_object_ref (ks_application_get_settings (KS_APPLICATION (application)));
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  _ks_window_build_menus (self);
  return self;
}

/**
 * ks_window_get_document:
 *
 * Returns: (transfer none): the document shown
 */
KsDocument *
ks_window_get_document (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return self->document;
}

void
ks_window_set_document (KsWindow   *self,
                        KsDocument *document)
{
  GListModel *entities;

  g_return_if_fail (KS_IS_WINDOW (self));
  g_return_if_fail (KS_IS_DOCUMENT (document));

  /* the document shown so far keeps its latest autosave */
  _ks_window_autosave_flush (self);
  disconnect_document (self);
  ks_selection_set_item (self->selection, NULL);
  ks_selection_set_pattern (self->selection, NULL);
  g_set_object (&self->document, document);
  self->touched = TRUE;

  g_signal_connect (ks_document_get_engine (document), "changed", G_CALLBACK (on_engine_changed), self);
  g_signal_connect_swapped (document, "notify", G_CALLBACK (on_document_notify), self);
  g_signal_connect_swapped (ks_document_get_design (document), "notify::name", G_CALLBACK (on_design_notify), self);

  ks_sidebar_set_document (self->sidebar, document);
  ks_entity_editor_set_document (self->entity_editor, document, self->selection);
  ks_table_editor_set_document (self->table_editor, document);
  ks_index_editor_set_document (self->index_editor, document);
  ks_pattern_editor_set_document (self->pattern_editor, document);
  ks_cost_panel_set_document (self->cost_panel, document);
  ks_coverage_view_set_document (self->coverage_view, document);
  ks_item_grid_set_document (self->grid, document, self->selection);
  rebuild_views (self);

  /* start on the first entity: its editor is the heart of the window */
  entities = G_LIST_MODEL (ks_design_get_entities (ks_document_get_design (document)));
  if (g_list_model_get_n_items (entities) > 0)
    {
      g_autoptr(KsEntity) first = g_list_model_get_item (entities, 0);
      ks_sidebar_select (self->sidebar, first);
    }
  else
    {
      g_autoptr(KsTable) table = NULL;
      GListModel *tables = G_LIST_MODEL (ks_design_get_tables (ks_document_get_design (document)));
      if (g_list_model_get_n_items (tables) > 0)
        {
          table = g_list_model_get_item (tables, 0);
          ks_sidebar_select (self->sidebar, table);
        }
    }

  update_title (self);
  _ks_window_update_actions (self);
  analysis_cancel (self);
  analyse_now (self);
  /* a recovered document starts with unsaved edits */
  if (ks_document_get_modified (document))
    _ks_window_autosave_soon (self);
}

/**
 * ks_window_get_selection:
 *
 * Returns: (transfer none): the selection shared by the views
 */
KsSelection *
ks_window_get_selection (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return self->selection;
}

void
ks_window_take_design (KsWindow *self,
                       KsDesign *design,
                       GFile    *file,
                       int       format)
{
  g_autoptr(KsDocument) document = NULL;

  g_return_if_fail (KS_IS_WINDOW (self));
  g_return_if_fail (KS_IS_DESIGN (design));

  document = ks_document_new (design);
  /* an imported model is saved as a new native file, never over itself */
  if (format == KS_FILE_FORMAT_NATIVE)
    ks_document_set_file (document, file);
  else
    ks_window_show_toast (self, _("Imported a NoSQL Workbench model: saving writes a new Keyshape design"));
  ks_window_set_document (self, document);
  if (file != NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
    }
}

gboolean
ks_window_load_file (KsWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = NULL;
  KsFileFormat format = KS_FILE_FORMAT_UNKNOWN;

  g_return_val_if_fail (KS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  design = ks_io_load_file (file, &format, NULL, &error);
  if (design == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Could not open %s: %s"), name, error->message);
      ks_window_show_toast (self, message);
      return FALSE;
    }
  ks_window_take_design (self, design, file, format);
  return TRUE;
}

gboolean
ks_window_save_to (KsWindow *self,
                   GFile    *file)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  ks_entity_editor_commit (self->entity_editor);
  if (!ks_io_save_file (ks_document_get_design (self->document), file, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save: %s"), error->message);
      ks_window_show_toast (self, message);
      return FALSE;
    }
  ks_document_set_file (self->document, file);
  ks_document_mark_saved (self->document);
  _ks_window_autosave_forget (self);
  {
    g_autofree char *uri = g_file_get_uri (file);
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  }
  update_title (self);
  return TRUE;
}

gboolean
ks_window_is_pristine (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), FALSE);
  return !self->touched && ks_document_get_file (self->document) == NULL &&
         !ks_document_get_modified (self->document) && !ks_document_can_undo (self->document);
}

const char *
ks_window_get_last_toast (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return self->last_toast;
}

GtkWidget *
ks_window_get_grid (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->grid);
}

GtkWidget *
ks_window_get_sidebar (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->sidebar);
}

GtkWidget *
ks_window_get_entity_editor (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->entity_editor);
}

GtkWidget *
ks_window_get_pattern_editor (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->pattern_editor);
}

GtkWidget *
ks_window_get_cost_panel (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->cost_panel);
}

GtkWidget *
ks_window_get_coverage_view (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->coverage_view);
}

GtkWidget *
ks_window_get_presentation (KsWindow *self)
{
  g_return_val_if_fail (KS_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->presentation);
}
