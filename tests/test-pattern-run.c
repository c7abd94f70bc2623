/* test-pattern-run.c: access patterns resolved into requests and run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ks-design.h"
#include "ks-engine.h"
#include "ks-io.h"
#include "ks-pattern-run.h"

/* Every access pattern of every bundled template passes (issue 3). */
static void
test_templates (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "templates", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_patterns = 0;

  if (d == NULL)
    {
      g_test_skip ("no bundled templates");
      return;
    }
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(KsDesign) design = NULL;
      g_autoptr(KsEngine) engine = NULL;
      GListModel *patterns;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      design = ks_io_load_path (path, NULL, &error);
      g_assert_no_error (error);
      engine = ks_engine_new (design);
      patterns = G_LIST_MODEL (ks_design_get_patterns (design));
      for (guint i = 0; i < g_list_model_get_n_items (patterns); i++)
        {
          g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, i);
          g_autoptr(KsPatternRun) run = ks_pattern_run (engine, pattern);

          if (!run->passed)
            {
              g_autoptr(JsonNode) j = ks_pattern_run_to_json (run);
              g_autofree char *t = json_to_string (j, TRUE);
              g_error ("%s: pattern failed:\n%s", name, t);
            }
          n_patterns++;
        }
    }
  g_test_message ("%u patterns passed", n_patterns);
}

static void
test_served_by (void)
{
  const char *design_json =
    "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"t\","
    " \"tables\": [{\"name\": \"Users\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},"
    "   \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"},"
    "   \"indexes\": [{\"name\": \"GSI1\", \"kind\": \"GSI\", \"partitionKey\": {\"name\": \"GSI1PK\", \"type\": \"S\"},"
    "     \"sortKey\": {\"name\": \"GSI1SK\", \"type\": \"S\"}, \"projection\": {\"type\": \"KEYS_ONLY\"}}]}],"
    " \"entities\": [{\"name\": \"User\", \"table\": \"Users\","
    "   \"attributes\": [{\"name\": \"id\", \"type\": \"S\"}, {\"name\": \"city\", \"type\": \"S\"}, {\"name\": \"age\", \"type\": \"N\"}],"
    "   \"keys\": {\"PK\": \"USER#${id}\", \"SK\": \"PROFILE\", \"GSI1PK\": \"CITY#${city}\", \"GSI1SK\": \"USER#${id}\"},"
    "   \"items\": [{\"id\": \"u1\", \"city\": \"Oslo\", \"age\": 30}, {\"id\": \"u2\", \"city\": \"Oslo\", \"age\": 40}]}],"
    " \"accessPatterns\": ["
    "   {\"name\": \"get user\", \"table\": \"Users\", \"partitionKey\": \"USER#${id}\","
    "    \"sortKey\": {\"op\": \"=\", \"value\": \"PROFILE\"}, \"parameters\": {\"id\": \"u1\"}, \"expects\": [\"User\"]},"
    "   {\"name\": \"users in a city\", \"table\": \"Users\", \"index\": \"GSI1\", \"partitionKey\": \"CITY#${city}\","
    "    \"sortKey\": {\"op\": \"begins_with\", \"value\": \"USER#\"}, \"parameters\": {\"city\": \"Oslo\"},"
    "    \"scanForward\": false, \"limit\": 1, \"expects\": [\"User\"]},"
    "   {\"name\": \"old users\", \"table\": \"Users\", \"partitionKey\": \"USER#${id}\","
    "    \"filter\": \"age > :min\", \"parameters\": {\"id\": \"u2\", \"min\": 35}, \"expects\": [\"User\"]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = ks_io_load_data (design_json, strlen (design_json), "t.json", NULL, &error);
  g_autoptr(KsEngine) engine = NULL;
  GListModel *patterns;
  static const KsServedBy served[] = { KS_SERVED_BY_GET_ITEM, KS_SERVED_BY_QUERY, KS_SERVED_BY_QUERY };
  static const guint counts[] = { 1, 1, 1 };

  g_assert_no_error (error);
  engine = ks_engine_new (design);
  patterns = G_LIST_MODEL (ks_design_get_patterns (design));
  g_assert_cmpuint (g_list_model_get_n_items (patterns), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, i);
      g_autoptr(KsPatternRun) run = ks_pattern_run (engine, pattern);

      g_assert_no_error (run->error);
      g_assert_cmpint (run->served_by, ==, served[i]);
      g_assert_cmpuint (run->result->count, ==, counts[i]);
      g_assert_true (run->passed);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyshape/pattern-run/served-by", test_served_by);
  g_test_add_func ("/keyshape/pattern-run/templates", test_templates);
  return g_test_run ();
}
