/* ks-fuzz.h: the fuzz targets' entry functions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each fuzz-NAME.c defines ks_fuzz_NAME(), which takes one input and runs
 * it through the code under test, aborting (g_error) when an invariant
 * breaks. With KS_FUZZ_LIBFUZZER defined (the fuzz-* programs, built with
 * -Dfuzzing=true and clang), KS_FUZZ_MAIN() also defines libFuzzer's entry
 * points; without it (tests/test-fuzz-regressions.c) the same functions run
 * the kept crashing inputs as ordinary tests.
 */
#pragma once

#include <glib.h>

#include "ks-design.h"

G_BEGIN_DECLS

/* Returns 0, or -1 when the input is not of the target's kind (libFuzzer
 * then keeps it out of the corpus). */
typedef int (*KsFuzzFunc) (const guint8 *data,
                           gsize         size);

int  ks_fuzz_native     (const guint8 *data, gsize size);
int  ks_fuzz_workbench  (const guint8 *data, gsize size);
int  ks_fuzz_onetable   (const guint8 *data, gsize size);
int  ks_fuzz_template   (const guint8 *data, gsize size);
int  ks_fuzz_expression (const guint8 *data, gsize size);
int  ks_fuzz_json       (const guint8 *data, gsize size);
int  ks_fuzz_yaml       (const guint8 *data, gsize size);

/* Once per process: criticals and warnings abort, GSlice off (so ASan
 * sees every allocation). */
void ks_fuzz_init       (void);
/* What the app does with a design it opened: recompute, lint, run the
 * access patterns, export to every format, save and reopen (the saved text
 * must read back to the same text). */
void ks_fuzz_check_design (KsDesign *design);

#ifdef KS_FUZZ_LIBFUZZER
#define KS_FUZZ_MAIN(func)                                              \
  int LLVMFuzzerInitialize (int *argc, char ***argv);                   \
  int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);         \
  int                                                                   \
  LLVMFuzzerInitialize (int *argc, char ***argv)                        \
  {                                                                     \
    ks_fuzz_init ();                                                    \
    return 0;                                                           \
  }                                                                     \
  int                                                                   \
  LLVMFuzzerTestOneInput (const guint8 *data, size_t size)              \
  {                                                                     \
    return func (data, size);                                           \
  }
#else
#define KS_FUZZ_MAIN(func)
#endif

G_END_DECLS
