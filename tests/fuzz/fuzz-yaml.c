/* fuzz-yaml.c: the YAML reader (ks_yaml_parse) and CloudFormation imports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is YAML text. ks_yaml_parse() must accept it or refuse it
 * with a "line L, column C" error, and read it the same way twice. Then it
 * goes through ks_io_load_data() as a template the user opens; a
 * CloudFormation design that loads goes through what the app does with it
 * (ks_fuzz_check_design()).
 */
#include "config.h"

#include "ks-io.h"
#include "ks-yaml.h"
#include "ks-fuzz.h"

int
ks_fuzz_yaml (const guint8 *data,
              gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsValue) value = NULL;
  g_autoptr(KsValue) again = NULL;
  g_autoptr(KsDesign) design = NULL;
  KsFileFormat format;

  value = ks_yaml_parse ((const char *) data, size, &error);
  if (value == NULL)
    {
      if (error == NULL || !(g_str_has_prefix (error->message, "line ") ||
                             g_str_equal (error->message, "not enough memory to read the YAML text")))
        g_error ("a refused YAML document gives no \"line L, column C\" error: %s",
                 error ? error->message : "(none)");
      return 0;
    }
  again = ks_yaml_parse ((const char *) data, size, &error);
  if (again == NULL || !ks_value_equal (value, again))
    g_error ("the same YAML text reads differently the second time");

  design = ks_io_load_data ((const char *) data, size, "template.yaml", &format, &error);
  if (design == NULL)
    {
      if (error == NULL)
        g_error ("loading failed without an error");
      return 0;
    }
  if (format != KS_FILE_FORMAT_CLOUDFORMATION && format != KS_FILE_FORMAT_CREATE_TABLE)
    return 0;     /* JSON of another format: its own target covers it */
  ks_fuzz_check_design (design);
  return 0;
}

KS_FUZZ_MAIN (ks_fuzz_yaml)
