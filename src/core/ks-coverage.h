/* ks-coverage.h: which access patterns return which entities, through
 * which table or index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ks-engine.h"
#include "ks-pattern-run.h"

G_BEGIN_DECLS

/**
 * KsCoverageFlags:
 * @KS_COVERAGE_EXPECTED: the pattern lists the entity in its `expects`
 * @KS_COVERAGE_REACHABLE: the pattern's key condition can match keys the
 *   entity's templates produce on the pattern's target, for some values
 * @KS_COVERAGE_RETURNED: the pattern returns items of the entity on the
 *   sample data
 */
typedef enum
{
  KS_COVERAGE_NONE      = 0,
  KS_COVERAGE_EXPECTED  = 1 << 0,
  KS_COVERAGE_REACHABLE = 1 << 1,
  KS_COVERAGE_RETURNED  = 1 << 2,
} KsCoverageFlags;

/**
 * KsCoverageStatus:
 * @KS_COVERAGE_STATUS_NONE: neither expected nor returned
 * @KS_COVERAGE_STATUS_OK: expected and returned
 * @KS_COVERAGE_STATUS_MISSING: expected, but not returned on the sample
 *   data (reachable: the sample data lacks it; otherwise the key condition
 *   cannot return it)
 * @KS_COVERAGE_STATUS_UNEXPECTED: returned without being expected
 */
typedef enum
{
  KS_COVERAGE_STATUS_NONE,
  KS_COVERAGE_STATUS_OK,
  KS_COVERAGE_STATUS_MISSING,
  KS_COVERAGE_STATUS_UNEXPECTED,
} KsCoverageStatus;

const char *ks_coverage_status_to_string (KsCoverageStatus status);

#define KS_TYPE_COVERAGE (ks_coverage_get_type ())
G_DECLARE_FINAL_TYPE (KsCoverage, ks_coverage, KS, COVERAGE, GObject)

/* A snapshot of the engine's design: entities in design order (rows),
 * access patterns in design order (columns). Runs every pattern. */
KsCoverage       *ks_coverage_new                (KsEngine    *engine);

guint             ks_coverage_get_n_entities     (KsCoverage  *self);
KsEntity         *ks_coverage_get_entity         (KsCoverage  *self,
                                                  guint        row);
guint             ks_coverage_get_n_patterns     (KsCoverage  *self);
KsPattern        *ks_coverage_get_pattern        (KsCoverage  *self,
                                                  guint        column);

KsCoverageFlags   ks_coverage_get_flags          (KsCoverage  *self,
                                                  guint        row,
                                                  guint        column);
KsCoverageStatus  ks_coverage_get_status         (KsCoverage  *self,
                                                  guint        row,
                                                  guint        column);
/* The cell as one symbol, as the matrix text and the review document show
 * it: "✓" OK, "✗" missing, "!" unexpected, "·" reachable with other
 * parameter values, "" none of these. */
const char       *ks_coverage_get_symbol         (KsCoverage  *self,
                                                  guint        row,
                                                  guint        column);
/* Items of the entity the pattern returns on the sample data. */
guint             ks_coverage_get_n_returned     (KsCoverage  *self,
                                                  guint        row,
                                                  guint        column);

/* The pattern's target (table or index), or NULL when it does not exist. */
KsView           *ks_coverage_get_view           (KsCoverage  *self,
                                                  guint        column);
/* The pattern's run (request, how it is served, result). */
KsPatternRun     *ks_coverage_get_run            (KsCoverage  *self,
                                                  guint        column);
/* Whether an index or the table serves the pattern with a GetItem or a
 * Query (not a Scan, not an error). */
gboolean          ks_coverage_is_served          (KsCoverage  *self,
                                                  guint        column);
/* Every view of the design with the patterns it serves (KsPattern, not
 * owned), for the index columns of the matrix. */
guint             ks_coverage_get_n_views        (KsCoverage  *self);
KsView           *ks_coverage_get_view_at        (KsCoverage  *self,
                                                  guint        position);
GPtrArray        *ks_coverage_get_view_patterns  (KsCoverage  *self,
                                                  guint        position);
/* Indexes (KsView) that no pattern reads; patterns (KsPattern) that no
 * table or index serves. New arrays. */
GPtrArray        *ks_coverage_get_unused_indexes (KsCoverage  *self);
GPtrArray        *ks_coverage_get_unserved_patterns (KsCoverage *self);

/* {"entities": […], "patterns": [{"name", "view", "servedBy", "served",
 *  "cells": [{"entity", "status", "expected", "reachable", "returned"}]}],
 *  "views": [{"name", "patterns"}], "unusedIndexes", "unservedPatterns"} */
JsonNode         *ks_coverage_to_json            (KsCoverage  *self);
/* The matrix as text for a terminal: one row per entity, one column per
 * pattern; ✓ expected and returned, ✗ expected but missing, ! returned
 * unexpectedly, · reachable, blank otherwise. */
char             *ks_coverage_to_text            (KsCoverage  *self);

G_END_DECLS
