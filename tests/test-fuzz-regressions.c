/* test-fuzz-regressions.c: the fuzz targets' inputs as ordinary tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every input a fuzz target once crashed on is kept in
 * tests/fuzz/regressions/NAME/; this test runs each of them, and every seed
 * of tests/fuzz/corpus/NAME/, through the same entry function as the
 * libFuzzer program fuzz-NAME, without libFuzzer, so a build without clang
 * (and the sanitizer build of CI) catches a regression. An invariant that
 * breaks aborts in the entry function (g_error); criticals and warnings
 * are fatal here as in the fuzzers.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ks-error.h"
#include "ks-json-reader.h"
#include "ks-fuzz.h"

typedef struct
{
  const char *name;
  KsFuzzFunc  func;
} Target;

static const Target targets[] = {
  { "native", ks_fuzz_native },
  { "workbench", ks_fuzz_workbench },
  { "onetable", ks_fuzz_onetable },
  { "template", ks_fuzz_template },
  { "expression", ks_fuzz_expression },
  { "json", ks_fuzz_json },
  { "yaml", ks_fuzz_yaml },
};

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Runs every file of tests/fuzz/@kind/@target->name; returns how many. */
static guint
run_directory (const Target *target,
               const char   *kind)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", kind, target->name, NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return 0;     /* no input kept for this target */
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && !g_str_equal (name, "README.md"))
      g_ptr_array_add (names, g_strdup (name));
  /* a stable order, so a failure names the same input every time */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, names->pdata[i], NULL);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = 0;

      g_file_get_contents (path, &data, &length, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %s", target->name, (const char *) names->pdata[i]);
      target->func ((const guint8 *) data, length);
    }
  return names->len;
}

static void
test_regressions (gconstpointer data)
{
  const Target *target = data;
  guint n = run_directory (target, "regressions");

  if (n == 0)
    g_test_skip ("no kept crashing input for this target");
}

static void
test_corpus (gconstpointer data)
{
  const Target *target = data;
  guint n = run_directory (target, "corpus");

  /* the seeds are part of the source tree: a target without any is a
   * packaging mistake */
  g_assert_cmpuint (n, >, 0);
}

/* json-glib recurses once per nesting level without a limit; everything
 * that hands user JSON to it goes through ks_json_parse_node(). */
static void
test_json_node_nesting (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *open = g_strnfill (256, '[');
  g_autofree char *close = g_strnfill (256, ']');
  g_autofree char *ok = g_strconcat (open, close, NULL);
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autofree char *in_string = g_strdup_printf ("[\"%s\"]", deep);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) string_node = NULL;
  g_autoptr(KsValue) value = NULL;

  node = ks_json_parse_node (ok, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  refused = ks_json_parse_node (deep, -1, &error);
  g_assert_null (refused);
  g_assert_error (error, KS_ERROR, KS_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "line 1, column 257: nested deeper than 256 levels");
  g_clear_error (&error);

  /* brackets inside strings do not count */
  string_node = ks_json_parse_node (in_string, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (string_node);

  /* a list typed or pasted into a grid cell */
  value = ks_value_parse_text (deep, KS_TYPE_L, &error);
  g_assert_null (value);
  g_assert_error (error, KS_ERROR, KS_ERROR_PARSE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *regressions = g_strdup_printf ("/keyshape/fuzz-regressions/%s", targets[i].name);
      g_autofree char *corpus = g_strdup_printf ("/keyshape/fuzz-regressions/%s-corpus", targets[i].name);

      g_test_add_data_func (regressions, &targets[i], test_regressions);
      g_test_add_data_func (corpus, &targets[i], test_corpus);
    }
  g_test_add_func ("/keyshape/fuzz-regressions/json-node-nesting", test_json_node_nesting);
  return g_test_run ();
}
