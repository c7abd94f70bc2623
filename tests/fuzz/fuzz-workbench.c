/* fuzz-workbench.c: opening a NoSQL Workbench data model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input goes through ks_io_load_data(), as a file the user opens; a
 * design that loads then goes through what the app does with it
 * (ks_fuzz_check_design()).
 */
#include "config.h"

#include "ks-io.h"
#include "ks-fuzz.h"

int
ks_fuzz_workbench (const guint8 *data,
                   gsize         size)
{
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(GError) error = NULL;
  KsFileFormat format;

  design = ks_io_load_data ((const char *) data, size, "fuzz.json", &format, &error);
  if (format != KS_FILE_FORMAT_WORKBENCH)
    return -1;
  if (design == NULL)
    {
      if (error == NULL)
        g_error ("loading failed without an error");
      return 0;
    }
  ks_fuzz_check_design (design);
  return 0;
}

KS_FUZZ_MAIN (ks_fuzz_workbench)
