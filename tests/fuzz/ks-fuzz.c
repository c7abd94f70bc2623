/* ks-fuzz.c: what every fuzz target shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-fuzz"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ks-engine.h"
#include "ks-export.h"
#include "ks-io.h"
#include "ks-json-writer.h"
#include "ks-lint.h"
#include "ks-native.h"
#include "ks-pattern-run.h"
#include "ks-fuzz.h"

/* GLib stops a fatal message with SIGTRAP, on which libFuzzer neither
 * reports nor saves the input: abort instead. */
static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         data)
{
  GLogWriterOutput out = g_log_writer_standard_streams (level, fields, n_fields, data);

  if (level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return out;
}

void
ks_fuzz_init (void)
{
  g_log_set_writer_func (write_log, NULL, NULL);
  /* GSlice caches blocks, which hides use-after-free from ASan and reads
   * as leaks to LeakSanitizer (GLib before 2.76) */
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  /* a critical or warning on some input is a bug like a crash: the code
   * must refuse bad input with a GError */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

static void
check_native_round_trip (KsDesign *design)
{
  g_autofree char *text = ks_native_to_string (design);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) again = NULL;
  g_autofree char *text2 = NULL;
  KsFileFormat format;

  again = ks_io_load_data (text, strlen (text), "saved.keyshape.json", &format, &error);
  if (again == NULL)
    g_error ("a saved design does not open again: %s\n%s", error->message, text);
  if (format != KS_FILE_FORMAT_NATIVE)
    g_error ("a saved design opens as format %d\n%s", format, text);
  text2 = ks_native_to_string (again);
  if (strcmp (text, text2) != 0)
    g_error ("saving a reopened design changes it:\n--- first save\n%s\n--- second save\n%s",
             text, text2);
}

void
ks_fuzz_check_design (KsDesign *design)
{
  g_autoptr(KsEngine) engine = ks_engine_new (design);
  g_autoptr(GPtrArray) problems = NULL;
  const KsExportFormat *formats;
  GListModel *patterns;

  problems = ks_lint_run (engine);

  patterns = G_LIST_MODEL (ks_design_get_patterns (design));
  for (guint i = 0; i < g_list_model_get_n_items (patterns); i++)
    {
      g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, i);
      g_autoptr(KsPatternRun) run = ks_pattern_run (engine, pattern);
      g_autoptr(JsonNode) json = ks_pattern_run_to_json (run);
      g_autofree char *text = ks_json_to_string (json, TRUE);

      if (text == NULL || text[0] != '{')
        g_error ("pattern %u runs to no JSON object: %s", i, text);
    }

  formats = ks_export_get_formats ();
  for (guint i = 0; formats[i].name != NULL; i++)
    {
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = ks_export_to_string (engine, formats[i].name, warnings, &error);

      if (text == NULL && error == NULL)
        g_error ("export to %s failed without an error", formats[i].name);
    }

  check_native_round_trip (design);
}
