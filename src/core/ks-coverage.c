/* ks-coverage.c: which access patterns return which entities, through
 * which table or index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot, computed once: the window recomputes it when the engine says
 * the design changed. Cells combine what the templates allow (reachable,
 * ks-lint-match.c) with what the run returns on the sample data.
 */
#define G_LOG_DOMAIN "keyshape-coverage"

#include "config.h"

#include <string.h>

#include "ks-coverage.h"
#include "ks-design.h"
#include "ks-lint-private.h"

typedef struct
{
  guint8 flags;
  guint  n_returned;
} Cell;

struct _KsCoverage
{
  GObject     parent_instance;

  GPtrArray  *entities;     /* KsEntity, owned */
  GPtrArray  *patterns;     /* KsPattern, owned */
  GPtrArray  *runs;         /* KsPatternRun, parallel to patterns */
  GPtrArray  *targets;      /* KsView or NULL, parallel to patterns */
  GPtrArray  *views;        /* KsView: every view of the engine */
  GPtrArray  *view_patterns; /* GPtrArray of KsPattern, parallel to views */
  Cell       *cells;        /* rows × columns */
  KsEngine   *engine;       /* owned: keeps the views alive */
};

G_DEFINE_FINAL_TYPE (KsCoverage, ks_coverage, G_TYPE_OBJECT)

const char *
ks_coverage_status_to_string (KsCoverageStatus status)
{
  switch (status)
    {
    case KS_COVERAGE_STATUS_NONE:
      return "none";
    case KS_COVERAGE_STATUS_OK:
      return "ok";
    case KS_COVERAGE_STATUS_MISSING:
      return "missing";
    case KS_COVERAGE_STATUS_UNEXPECTED:
      return "unexpected";
    default:
      return NULL;
    }
}

static void
ks_coverage_finalize (GObject *object)
{
  KsCoverage *self = KS_COVERAGE (object);

  g_clear_pointer (&self->entities, g_ptr_array_unref);
  g_clear_pointer (&self->patterns, g_ptr_array_unref);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  g_clear_pointer (&self->view_patterns, g_ptr_array_unref);
  g_clear_pointer (&self->cells, g_free);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (ks_coverage_parent_class)->finalize (object);
}

static void
ks_coverage_class_init (KsCoverageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ks_coverage_finalize;
}

static void
ks_coverage_init (KsCoverage *self)
{
  self->entities = g_ptr_array_new_with_free_func (g_object_unref);
  self->patterns = g_ptr_array_new_with_free_func (g_object_unref);
  self->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_pattern_run_free);
  self->targets = g_ptr_array_new ();
  self->views = g_ptr_array_new ();
  self->view_patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

static Cell *
cell (KsCoverage *self, guint row, guint column)
{
  return &self->cells[(gsize) row * self->patterns->len + column];
}

/**
 * ks_coverage_new:
 * @engine: the engine of the design
 *
 * Runs every access pattern of the design and builds the matrix.
 *
 * Returns: (transfer full): the coverage
 */
KsCoverage *
ks_coverage_new (KsEngine *engine)
{
  KsCoverage *self;
  KsDesign *design;
  GListModel *entities, *patterns;
  GPtrArray *views;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);

  self = g_object_new (KS_TYPE_COVERAGE, NULL);
  self->engine = g_object_ref (engine);
  design = ks_engine_get_design (engine);
  entities = G_LIST_MODEL (ks_design_get_entities (design));
  patterns = G_LIST_MODEL (ks_design_get_patterns (design));
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    g_ptr_array_add (self->entities, g_list_model_get_item (entities, e));
  for (guint p = 0; p < g_list_model_get_n_items (patterns); p++)
    g_ptr_array_add (self->patterns, g_list_model_get_item (patterns, p));

  views = ks_engine_get_views (engine);
  for (guint v = 0; v < views->len; v++)
    {
      g_ptr_array_add (self->views, g_ptr_array_index (views, v));
      g_ptr_array_add (self->view_patterns, g_ptr_array_new ());
    }

  self->cells = g_new0 (Cell, (gsize) MAX (1, self->entities->len) * MAX (1, self->patterns->len));
  for (guint p = 0; p < self->patterns->len; p++)
    {
      KsPattern *pattern = g_ptr_array_index (self->patterns, p);
      const char * const *expects = ks_pattern_get_expects (pattern);
      KsView *view = _ks_pattern_get_view (engine, pattern, NULL);
      KsPatternRun *run = ks_pattern_run (engine, pattern);

      g_ptr_array_add (self->runs, run);
      g_ptr_array_add (self->targets, view);
      if (view)
        {
          guint pos;
          if (g_ptr_array_find (self->views, view, &pos))
            g_ptr_array_add (g_ptr_array_index (self->view_patterns, pos), pattern);
        }

      for (guint e = 0; e < self->entities->len; e++)
        {
          KsEntity *entity = g_ptr_array_index (self->entities, e);
          Cell *c = cell (self, e, p);

          if (expects && g_strv_contains (expects, ks_entity_get_name (entity)))
            c->flags |= KS_COVERAGE_EXPECTED;
          if (view && ks_design_get_entity_table (design, entity) == ks_view_get_table (view) &&
              _ks_entity_can_match_pattern (entity, pattern, view, NULL))
            c->flags |= KS_COVERAGE_REACHABLE;
        }
      if (run->result)
        for (guint i = 0; i < run->result->items->len; i++)
          {
            KsItem *item = g_ptr_array_index (run->result->items, i);
            guint e;
            if (item->entity && g_ptr_array_find (self->entities, item->entity, &e))
              {
                cell (self, e, p)->flags |= KS_COVERAGE_RETURNED;
                cell (self, e, p)->n_returned++;
              }
          }
    }
  return self;
}

guint
ks_coverage_get_n_entities (KsCoverage *self)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), 0);
  return self->entities->len;
}

KsEntity *
ks_coverage_get_entity (KsCoverage *self,
                        guint       row)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), NULL);
  g_return_val_if_fail (row < self->entities->len, NULL);
  return g_ptr_array_index (self->entities, row);
}

guint
ks_coverage_get_n_patterns (KsCoverage *self)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), 0);
  return self->patterns->len;
}

KsPattern *
ks_coverage_get_pattern (KsCoverage *self,
                         guint       column)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), NULL);
  g_return_val_if_fail (column < self->patterns->len, NULL);
  return g_ptr_array_index (self->patterns, column);
}

KsCoverageFlags
ks_coverage_get_flags (KsCoverage *self,
                       guint       row,
                       guint       column)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), KS_COVERAGE_NONE);
  g_return_val_if_fail (row < self->entities->len && column < self->patterns->len, KS_COVERAGE_NONE);
  return cell (self, row, column)->flags;
}

KsCoverageStatus
ks_coverage_get_status (KsCoverage *self,
                        guint       row,
                        guint       column)
{
  KsCoverageFlags flags = ks_coverage_get_flags (self, row, column);

  if ((flags & KS_COVERAGE_EXPECTED) && (flags & KS_COVERAGE_RETURNED))
    return KS_COVERAGE_STATUS_OK;
  if (flags & KS_COVERAGE_EXPECTED)
    return KS_COVERAGE_STATUS_MISSING;
  if (flags & KS_COVERAGE_RETURNED)
    {
      const char * const *expects = ks_pattern_get_expects (g_ptr_array_index (self->patterns, column));
      /* a pattern that expects nothing in particular accepts everything */
      return expects && expects[0] ? KS_COVERAGE_STATUS_UNEXPECTED : KS_COVERAGE_STATUS_OK;
    }
  return KS_COVERAGE_STATUS_NONE;
}

const char *
ks_coverage_get_symbol (KsCoverage *self,
                        guint       row,
                        guint       column)
{
  switch (ks_coverage_get_status (self, row, column))
    {
    case KS_COVERAGE_STATUS_OK:
      return "✓";
    case KS_COVERAGE_STATUS_MISSING:
      return "✗";
    case KS_COVERAGE_STATUS_UNEXPECTED:
      return "!";
    case KS_COVERAGE_STATUS_NONE:
    default:
      return ks_coverage_get_flags (self, row, column) & KS_COVERAGE_REACHABLE ? "·" : "";
    }
}

guint
ks_coverage_get_n_returned (KsCoverage *self,
                            guint       row,
                            guint       column)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), 0);
  g_return_val_if_fail (row < self->entities->len && column < self->patterns->len, 0);
  return cell (self, row, column)->n_returned;
}

KsView *
ks_coverage_get_view (KsCoverage *self,
                      guint       column)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), NULL);
  g_return_val_if_fail (column < self->patterns->len, NULL);
  return g_ptr_array_index (self->targets, column);
}

KsPatternRun *
ks_coverage_get_run (KsCoverage *self,
                     guint       column)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), NULL);
  g_return_val_if_fail (column < self->patterns->len, NULL);
  return g_ptr_array_index (self->runs, column);
}

gboolean
ks_coverage_is_served (KsCoverage *self,
                       guint       column)
{
  KsPatternRun *run = ks_coverage_get_run (self, column);

  return run && run->request && run->error == NULL && run->served_by != KS_SERVED_BY_SCAN &&
         ks_coverage_get_view (self, column) != NULL;
}

guint
ks_coverage_get_n_views (KsCoverage *self)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), 0);
  return self->views->len;
}

KsView *
ks_coverage_get_view_at (KsCoverage *self,
                         guint       position)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), NULL);
  g_return_val_if_fail (position < self->views->len, NULL);
  return g_ptr_array_index (self->views, position);
}

GPtrArray *
ks_coverage_get_view_patterns (KsCoverage *self,
                               guint       position)
{
  g_return_val_if_fail (KS_IS_COVERAGE (self), NULL);
  g_return_val_if_fail (position < self->views->len, NULL);
  return g_ptr_array_index (self->view_patterns, position);
}

GPtrArray *
ks_coverage_get_unused_indexes (KsCoverage *self)
{
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (KS_IS_COVERAGE (self), out);
  for (guint v = 0; v < self->views->len; v++)
    {
      KsView *view = g_ptr_array_index (self->views, v);
      GPtrArray *users = g_ptr_array_index (self->view_patterns, v);
      if (ks_view_get_index (view) != NULL && users->len == 0)
        g_ptr_array_add (out, view);
    }
  return out;
}

GPtrArray *
ks_coverage_get_unserved_patterns (KsCoverage *self)
{
  GPtrArray *out = g_ptr_array_new ();

  g_return_val_if_fail (KS_IS_COVERAGE (self), out);
  for (guint p = 0; p < self->patterns->len; p++)
    if (!ks_coverage_is_served (self, p))
      g_ptr_array_add (out, g_ptr_array_index (self->patterns, p));
  return out;
}

JsonNode *
ks_coverage_to_json (KsCoverage *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) unused = NULL;
  g_autoptr(GPtrArray) unserved = NULL;

  g_return_val_if_fail (KS_IS_COVERAGE (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "entities");
  json_builder_begin_array (b);
  for (guint e = 0; e < self->entities->len; e++)
    json_builder_add_string_value (b, ks_entity_get_name (g_ptr_array_index (self->entities, e)));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "patterns");
  json_builder_begin_array (b);
  for (guint p = 0; p < self->patterns->len; p++)
    {
      KsPatternRun *run = g_ptr_array_index (self->runs, p);
      KsView *view = g_ptr_array_index (self->targets, p);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, ks_pattern_get_name (g_ptr_array_index (self->patterns, p)));
      json_builder_set_member_name (b, "view");
      if (view)
        json_builder_add_string_value (b, ks_view_get_name (view));
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "servedBy");
      if (run->request)
        json_builder_add_string_value (b, ks_served_by_to_string (run->served_by));
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "served");
      json_builder_add_boolean_value (b, ks_coverage_is_served (self, p));
      json_builder_set_member_name (b, "cells");
      json_builder_begin_array (b);
      for (guint e = 0; e < self->entities->len; e++)
        {
          Cell *c = cell (self, e, p);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "entity");
          json_builder_add_string_value (b, ks_entity_get_name (g_ptr_array_index (self->entities, e)));
          json_builder_set_member_name (b, "status");
          json_builder_add_string_value (b, ks_coverage_status_to_string (ks_coverage_get_status (self, e, p)));
          json_builder_set_member_name (b, "expected");
          json_builder_add_boolean_value (b, (c->flags & KS_COVERAGE_EXPECTED) != 0);
          json_builder_set_member_name (b, "reachable");
          json_builder_add_boolean_value (b, (c->flags & KS_COVERAGE_REACHABLE) != 0);
          json_builder_set_member_name (b, "returned");
          json_builder_add_int_value (b, c->n_returned);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "views");
  json_builder_begin_array (b);
  for (guint v = 0; v < self->views->len; v++)
    {
      GPtrArray *users = g_ptr_array_index (self->view_patterns, v);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, ks_view_get_name (g_ptr_array_index (self->views, v)));
      json_builder_set_member_name (b, "patterns");
      json_builder_begin_array (b);
      for (guint i = 0; i < users->len; i++)
        json_builder_add_string_value (b, ks_pattern_get_name (g_ptr_array_index (users, i)));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  unused = ks_coverage_get_unused_indexes (self);
  json_builder_set_member_name (b, "unusedIndexes");
  json_builder_begin_array (b);
  for (guint i = 0; i < unused->len; i++)
    json_builder_add_string_value (b, ks_view_get_name (g_ptr_array_index (unused, i)));
  json_builder_end_array (b);

  unserved = ks_coverage_get_unserved_patterns (self);
  json_builder_set_member_name (b, "unservedPatterns");
  json_builder_begin_array (b);
  for (guint i = 0; i < unserved->len; i++)
    json_builder_add_string_value (b, ks_pattern_get_name (g_ptr_array_index (unserved, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A blank where the cell has no symbol, to keep the columns */
static const char *
cell_mark (KsCoverage *self, guint e, guint p)
{
  const char *symbol = ks_coverage_get_symbol (self, e, p);

  return *symbol ? symbol : " ";
}

char *
ks_coverage_to_text (KsCoverage *self)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) unused = NULL;
  g_autoptr(GPtrArray) unserved = NULL;
  int width = 6;

  g_return_val_if_fail (KS_IS_COVERAGE (self), g_string_free (out, FALSE));

  for (guint e = 0; e < self->entities->len; e++)
    width = MAX (width, (int) g_utf8_strlen (ks_entity_get_name (g_ptr_array_index (self->entities, e)), -1));

  /* columns are numbered; their names follow the matrix */
  g_string_append_printf (out, "%-*s", width, "");
  for (guint p = 0; p < self->patterns->len; p++)
    g_string_append_printf (out, " %3u", p + 1);
  g_string_append_c (out, '\n');
  for (guint e = 0; e < self->entities->len; e++)
    {
      const char *name = ks_entity_get_name (g_ptr_array_index (self->entities, e));
      g_string_append (out, name);
      for (int pad = (int) g_utf8_strlen (name, -1); pad < width; pad++)
        g_string_append_c (out, ' ');
      for (guint p = 0; p < self->patterns->len; p++)
        g_string_append_printf (out, "   %s", cell_mark (self, e, p));
      g_string_append_c (out, '\n');
    }
  g_string_append_c (out, '\n');
  for (guint p = 0; p < self->patterns->len; p++)
    {
      KsPatternRun *run = g_ptr_array_index (self->runs, p);
      KsView *view = g_ptr_array_index (self->targets, p);
      g_string_append_printf (out, "%3u  %s: %s on %s\n", p + 1,
                              ks_pattern_get_name (g_ptr_array_index (self->patterns, p)),
                              run->request ? ks_served_by_to_string (run->served_by) : "not runnable",
                              view ? ks_view_get_name (view) : "(no such table or index)");
    }
  g_string_append (out, "\n✓ expected and returned   ✗ expected, not returned   ! returned, not expected   · reachable by its keys\n");
  unused = ks_coverage_get_unused_indexes (self);
  for (guint i = 0; i < unused->len; i++)
    g_string_append_printf (out, "unused index: %s\n", ks_view_get_name (g_ptr_array_index (unused, i)));
  unserved = ks_coverage_get_unserved_patterns (self);
  for (guint i = 0; i < unserved->len; i++)
    g_string_append_printf (out, "pattern served by no table or index: %s\n",
                            ks_pattern_get_name (g_ptr_array_index (unserved, i)));
  return g_string_free (out, FALSE);
}
