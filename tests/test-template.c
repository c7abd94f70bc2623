/* test-template.c: key templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-template.h"

static KsValue *
item_new (void)
{
  KsMapBuilder *b = ks_map_builder_new (8);
  ks_map_builder_add (b, "customerId", ks_value_new_string ("c-001", -1));
  ks_map_builder_add (b, "orderId", ks_value_new_string ("o-17", -1));
  ks_map_builder_add (b, "n", ks_value_new_number ("42", NULL));
  ks_map_builder_add (b, "neg", ks_value_new_number ("-7.5", NULL));
  ks_map_builder_add (b, "big", ks_value_new_number ("1.5E3", NULL));
  ks_map_builder_add (b, "status", ks_value_new_string ("Shipped", -1));
  ks_map_builder_add (b, "flag", ks_value_new_bool (TRUE));
  ks_map_builder_add (b, "m", ks_value_new_empty_map ());
  ks_map_builder_add (b, "bin", ks_value_new_binary ((const guint8 *) "\x01\x02", 2));
  return ks_map_builder_end (b);
}

static char *
render (const char *text, KsType type, KsRenderResult expect)
{
  g_autoptr(KsTemplate) tmpl = NULL;
  g_autoptr(KsValue) item = item_new ();
  g_autoptr(KsValue) out = NULL;
  g_autoptr(GError) error = NULL;
  const char *missing = NULL;
  KsRenderResult r;

  tmpl = ks_template_parse (text, KS_TEMPLATE_STRICT, NULL, &error);
  g_assert_no_error (error);
  r = ks_template_render (tmpl, item, type, &out, &missing, NULL, &error);
  g_assert_cmpint (r, ==, expect);
  if (r == KS_RENDER_MISSING)
    return g_strdup (missing);
  if (r == KS_RENDER_ERROR)
    return g_strdup (error->message);
  return g_strdup (ks_value_get_string (out, NULL));
}

static void
test_render (void)
{
  const struct { const char *tmpl, *out; } cases[] = {
    { "CUSTOMER#${customerId}", "CUSTOMER#c-001" },
    { "ORDER#${orderId}#${customerId}", "ORDER#o-17#c-001" },
    { "PROFILE", "PROFILE" },
    { "", "" },
    { "${n}", "42" },
    { "N#${n|pad:6}", "N#000042" },
    { "${neg|pad:4}", "-0007.5" },
    { "${big|pad:2}", "1500" },
    { "${status|upper}", "SHIPPED" },
    { "${status|lower}", "shipped" },
    { "${status|upper|lower}", "shipped" },
    { "${flag}", "true" },
    { "${bin}", "AQI=" },
    { "price \\$${n}", "price $42" },
    { "\\{literal\\}\\\\", "{literal}\\" },
    { "é#${customerId}#日本", "é#c-001#日本" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = render (cases[i].tmpl, KS_TYPE_S, KS_RENDER_OK);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_missing (void)
{
  g_autofree char *m = render ("X#${nope}#${customerId}", KS_TYPE_S, KS_RENDER_MISSING);
  g_assert_cmpstr (m, ==, "nope");
}

static void
test_render_errors (void)
{
  g_autofree char *e1 = render ("${m}", KS_TYPE_S, KS_RENDER_ERROR);
  g_autofree char *e2 = render ("${status|pad:3}", KS_TYPE_S, KS_RENDER_ERROR);
  g_autofree char *e3 = render ("N#${n}", KS_TYPE_N, KS_RENDER_ERROR);
  g_autofree char *e4 = render ("${status}", KS_TYPE_N, KS_RENDER_ERROR);
  g_autofree char *ok = render ("${n}", KS_TYPE_N, KS_RENDER_OK);

  g_assert_nonnull (strstr (e1, "cannot be part of a key"));
  g_assert_nonnull (strstr (e2, "pad:3 needs a number"));
  g_assert_nonnull (strstr (e3, "An N key takes one number placeholder"));
  g_assert_nonnull (strstr (e4, "is of type S, but the key is of type N"));
  g_assert_cmpstr (ok, ==, "42");
}

static void
test_syntax_errors (void)
{
  const struct { const char *text; guint pos; const char *needle; } cases[] = {
    { "A#${id", 2, "unbalanced braces" },
    { "A#{id}", 2, "unbalanced braces" },
    { "A#id}", 4, "unbalanced braces" },
    { "A$B", 1, "must start a placeholder" },
    { "${}", 0, "empty placeholder" },
    { "${id|pad}", 5, "pad takes a width" },
    { "${id|pad:0}", 5, "pad takes a width" },
    { "${id|shout}", 5, "unknown filter" },
    { "${id|}", 5, "empty filter" },
    { "${a${b}}", 3, "unexpected" },
    { "x\\q", 1, "escapes only" },
    { "\xff", 0, "UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint pos = 999;
      g_autoptr(KsTemplate) t = ks_template_parse (cases[i].text, KS_TEMPLATE_STRICT, &pos, &error);
      if (t != NULL)
        g_error ("\"%s\" parsed", cases[i].text);
      g_assert_null (t);
      g_assert_error (error, KS_ERROR, KS_ERROR_PARSE);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("\"%s\": \"%s\" lacks \"%s\"", cases[i].text, error->message, cases[i].needle);
      g_assert_cmpuint (pos, ==, cases[i].pos);
      g_assert_true (g_str_has_prefix (error->message, "position "));
    }
}

static void
test_lenient_normalise (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsTemplate) t = ks_template_parse ("CUSTOMER#{customerId}#${orderId}", KS_TEMPLATE_LENIENT, NULL, &error);
  g_autofree char *s = NULL;
  g_autoptr(KsTemplate) again = NULL;

  g_assert_no_error (error);
  s = ks_template_to_string (t);
  g_assert_cmpstr (s, ==, "CUSTOMER#${customerId}#${orderId}");
  again = ks_template_parse (s, KS_TEMPLATE_STRICT, NULL, &error);
  g_assert_no_error (error);
}

static void
test_to_string_round_trip (void)
{
  const char *texts[] = {
    "A#${x|pad:4|upper}#\\$\\{\\}\\\\", "${a}${b}", "plain", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(KsTemplate) t = ks_template_parse (texts[i], KS_TEMPLATE_STRICT, NULL, NULL);
      g_autofree char *s = ks_template_to_string (t);
      g_assert_cmpstr (s, ==, texts[i]);
    }
}

static void
test_introspection (void)
{
  g_autoptr(KsTemplate) t = ks_template_parse ("ORDER#${a}#${b}#${a}", KS_TEMPLATE_STRICT, NULL, NULL);
  g_autoptr(KsTemplate) single = ks_template_parse ("${score}", KS_TEMPLATE_STRICT, NULL, NULL);
  g_autoptr(KsTemplate) filtered = ks_template_parse ("${score|pad:3}", KS_TEMPLATE_STRICT, NULL, NULL);
  g_autoptr(GPtrArray) attrs = ks_template_get_attributes (t);

  g_assert_cmpuint (attrs->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (attrs, 0), ==, "a");
  g_assert_cmpstr (ks_template_get_prefix (t), ==, "ORDER#");
  g_assert_null (ks_template_get_single_attribute (t));
  g_assert_cmpstr (ks_template_get_single_attribute (single), ==, "score");
  g_assert_null (ks_template_get_single_attribute (filtered));
  g_assert_false (ks_template_is_literal (t));
}

static void
test_spans (void)
{
  g_autoptr(KsTemplate) t = ks_template_parse ("C#${customerId}#O#${orderId}", KS_TEMPLATE_STRICT, NULL, NULL);
  g_autoptr(KsValue) item = item_new ();
  g_autoptr(KsValue) out = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (KsSpan));
  KsSpan *s;

  g_assert_cmpint (ks_template_render (t, item, KS_TYPE_S, &out, NULL, spans, NULL), ==, KS_RENDER_OK);
  g_assert_cmpstr (ks_value_get_string (out, NULL), ==, "C#c-001#O#o-17");
  g_assert_cmpuint (spans->len, ==, 2);
  s = &g_array_index (spans, KsSpan, 0);
  g_assert_cmpuint (s->start, ==, 2);
  g_assert_cmpuint (s->end, ==, 7);
  s = &g_array_index (spans, KsSpan, 1);
  g_assert_cmpuint (s->start, ==, 10);
  g_assert_cmpuint (s->end, ==, 14);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/template/render", test_render);
  g_test_add_func ("/keyshape/template/missing", test_missing);
  g_test_add_func ("/keyshape/template/render-errors", test_render_errors);
  g_test_add_func ("/keyshape/template/syntax-errors", test_syntax_errors);
  g_test_add_func ("/keyshape/template/lenient-normalise", test_lenient_normalise);
  g_test_add_func ("/keyshape/template/to-string-round-trip", test_to_string_round_trip);
  g_test_add_func ("/keyshape/template/introspection", test_introspection);
  g_test_add_func ("/keyshape/template/spans", test_spans);
  return g_test_run ();
}
