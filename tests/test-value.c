/* test-value.c: DynamoDB values, numbers, ordering and sizes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ks-error.h"
#include "ks-value.h"

static KsValue *
ddb (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  KsValue *v;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  v = ks_value_from_ddb_json (json_parser_get_root (parser), "$", &error);
  g_assert_no_error (error);
  return v;
}

static char *
ddb_error (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  KsValue *v;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  v = ks_value_from_ddb_json (json_parser_get_root (parser), "$", &error);
  g_assert_null (v);
  g_assert_nonnull (error);
  return g_strdup (error->message);
}

/* dynamodb-rules.md §1.2: the canonical form DynamoDB returns */
static void
test_number_canonical (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "0042.1200", "42.12" }, { "1.0", "1" }, { "1.5E2", "150" }, { "-0", "0" },
    { "0.000", "0" }, { "+7", "7" }, { "-12.50", "-12.5" }, { "1e-3", "0.001" },
    { "123.456e1", "1234.56" }, { "9.9999999999999999999999999999999999999E+125", NULL },
    { "1E-130", NULL }, { ".5", "0.5" }, { "5.", "5" },
    { "12345678901234567890123456789012345678", "12345678901234567890123456789012345678" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *canon = NULL;
      g_autoptr(GError) error = NULL;
      g_assert_true (ks_number_canonicalize (cases[i].in, &canon, &error));
      g_assert_no_error (error);
      if (cases[i].out)
        g_assert_cmpstr (canon, ==, cases[i].out);
    }

  {
    g_autofree char *canon = NULL;
    g_assert_true (ks_number_canonicalize ("1E125", &canon, NULL));
    g_assert_cmpuint (strlen (canon), ==, 126);
    g_assert_cmpint (canon[0], ==, '1');
  }
  {
    g_autofree char *canon = NULL;
    g_assert_true (ks_number_canonicalize ("1E-130", &canon, NULL));
    g_assert_cmpuint (strlen (canon), ==, 132);
  }
}

static void
test_number_errors (void)
{
  const struct { const char *in, *msg; } cases[] = {
    { "123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number" },
    { "1E+126", "Number overflow. Attempting to store a number with magnitude larger than supported range" },
    { "-1E+126", "Number overflow. Attempting to store a number with magnitude larger than supported range" },
    { "1E-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range" },
    { "abc", "The parameter cannot be converted to a numeric value: abc" },
    { "", "The parameter cannot be converted to a numeric value: " },
    { "1e", "The parameter cannot be converted to a numeric value: 1e" },
    { "--1", "The parameter cannot be converted to a numeric value: --1" },
    { "1e99999999999999999999", "Number overflow. Attempting to store a number with magnitude larger than supported range" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (ks_number_canonicalize (cases[i].in, NULL, &error));
      g_assert_error (error, KS_ERROR, KS_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].msg);
    }
}

/* dynamodb-rules.md §3.2: every measured size */
static void
test_number_size (void)
{
  const struct { const char *lit; gsize size; } cases[] = {
    { "0", 1 }, { "1", 2 }, { "12", 2 }, { "123", 3 }, { "1234", 3 },
    { "12345678901234567890123456789012345678", 20 }, { "0042", 2 }, { "100", 2 },
    { "1010", 3 }, { "0.0000001", 2 }, { "1E125", 2 }, { "1E-100", 2 }, { "1.5", 3 },
    { "15", 2 }, { "1.2", 3 }, { "1.200", 3 }, { "1.234", 4 }, { "3.14159", 5 },
    { "123456", 4 }, { "100.5", 4 }, { "0.15", 2 }, { "-42", 3 }, { "-0", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KsValue) v = ks_value_new_number (cases[i].lit, NULL);
      g_assert_nonnull (v);
      g_assert_cmpuint (ks_value_size (v), ==, cases[i].size);
    }
}

static void
test_ordering (void)
{
  const char *numbers[] = { "-1E+125", "-5", "-0.5", "0", "1E-130", "0.5", "2", "10", "100.25", "1E+125" };
  g_autoptr(KsValue) a = ks_value_new_string ("A", -1);
  g_autoptr(KsValue) la = ks_value_new_string ("a", -1);
  g_autoptr(KsValue) z = ks_value_new_string ("z", -1);
  g_autoptr(KsValue) inv = ks_value_new_string ("\xc2\xbf", -1);   /* ¿ */
  g_autoptr(KsValue) pre = ks_value_new_string ("ORDER#1", -1);
  g_autoptr(KsValue) ext = ks_value_new_string ("ORDER#10", -1);
  guint8 b1[] = { 0x7f }, b2[] = { 0x80 };
  g_autoptr(KsValue) v1 = ks_value_new_binary (b1, 1);
  g_autoptr(KsValue) v2 = ks_value_new_binary (b2, 1);

  /* S: UTF-8 bytes */
  g_assert_cmpint (ks_value_compare (a, la), <, 0);
  g_assert_cmpint (ks_value_compare (z, inv), <, 0);
  g_assert_cmpint (ks_value_compare (pre, ext), <, 0);
  /* B: unsigned bytes */
  g_assert_cmpint (ks_value_compare (v1, v2), <, 0);
  /* N: numeric */
  for (guint i = 0; i + 1 < G_N_ELEMENTS (numbers); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (numbers); j++)
      {
        g_autoptr(KsValue) x = ks_value_new_number (numbers[i], NULL);
        g_autoptr(KsValue) y = ks_value_new_number (numbers[j], NULL);
        g_assert_cmpint (ks_value_compare (x, y), <, 0);
        g_assert_cmpint (ks_value_compare (y, x), >, 0);
      }
  {
    g_autoptr(KsValue) x = ks_value_new_number ("1.50", NULL);
    g_autoptr(KsValue) y = ks_value_new_number ("15E-1", NULL);
    g_assert_cmpint (ks_value_compare (x, y), ==, 0);
    g_assert_true (ks_value_equal (x, y));
  }
}

/* The engine's sort prefix of numbers: never contradicts the order. */
static void
test_number_order_key (void)
{
  const char *fixed[] = { "-1E+125", "-12345678901234567890", "-12345678901234567", "-5", "-0.5",
                          "-0.05", "-1E-130", "0", "1E-130", "0.05", "0.5", "0.9999999999999999999",
                          "1", "2", "10", "100.25", "12345678901234567", "12345678901234568",
                          "99999999999999999999999999999999999999", "1E+125" };
  GRand *rand = g_rand_new_with_seed (7);
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (values, ks_value_new_number (fixed[i], NULL));
  for (guint i = 0; i < 400; i++)
    {
      char text[80];
      int digits = g_rand_int_range (rand, 1, 39);
      int point = g_rand_int_range (rand, 0, digits + 1);
      int shift = g_rand_int_range (rand, -40, 40);
      char *p = text;
      if (g_rand_boolean (rand))
        *p++ = '-';
      for (int d = 0; d < digits; d++)
        {
          if (d == point && d > 0)
            *p++ = '.';
          /* few distinct digits, so that long common prefixes occur */
          *p++ = "01239"[g_rand_int_range (rand, 0, 5)];
        }
      g_snprintf (p, sizeof text - (p - text), "E%d", shift);
      g_ptr_array_add (values, ks_value_new_number (text, NULL));
    }
  for (guint i = 0; i < values->len; i++)
    for (guint j = 0; j < values->len; j++)
      {
        const char *a = ks_value_get_number (g_ptr_array_index (values, i));
        const char *b = ks_value_get_number (g_ptr_array_index (values, j));
        int c = ks_number_compare (a, b);
        guint64 ka = ks_number_order_key (a), kb = ks_number_order_key (b);
        if (c < 0)
          g_assert_cmpuint (ka, <=, kb);
        else if (c == 0)
          g_assert_cmpuint (ka, ==, kb);
        /* keys that differ decide alone */
        if (ka < kb)
          g_assert_cmpint (c, <, 0);
      }
  /* different magnitudes and signs get different keys */
  g_assert_cmpuint (ks_number_order_key ("-0.5"), <, ks_number_order_key ("0"));
  g_assert_cmpuint (ks_number_order_key ("0"), <, ks_number_order_key ("0.000001"));
  g_assert_cmpuint (ks_number_order_key ("9"), <, ks_number_order_key ("10"));
  g_ptr_array_unref (values);
  g_rand_free (rand);
}

/* dynamodb-rules.md §3.1 */
static void
test_item_size (void)
{
  g_autoptr(KsValue) item = ddb ("{\"M\": {\"shirt-color\": {\"S\": \"R\"}, \"shirt-size\": {\"S\": \"M\"}}}");
  g_autoptr(KsValue) nested = ddb ("{\"M\": {\"a\": {\"M\": {\"b\": {\"L\": [{\"N\": \"1\"}, {\"BOOL\": true}]}}}}}");
  g_autoptr(KsValue) sets = ddb ("{\"M\": {\"s\": {\"SS\": [\"ab\", \"cde\"]}, \"n\": {\"NS\": [\"1\", \"123\"]}, \"b\": {\"BS\": [\"AAE=\"]}}}");
  g_autoptr(KsValue) utf8 = ddb ("{\"M\": {\"é\": {\"S\": \"日本\"}}}");

  g_assert_cmpuint (ks_item_size (item), ==, 23);
  /* a (1) + M: 3 + [b (1) + L: 3 + (2 + 1) + (1 + 1) + 1] = 1 + 3 + 1 + 8 + 1 = 14 */
  g_assert_cmpuint (ks_item_size (nested), ==, 1 + (3 + (1 + (3 + (2 + 1) + (1 + 1)) + 1)));
  g_assert_cmpuint (ks_item_size (sets), ==, (1 + 5) + (1 + 2 + 3) + (1 + 2));
  g_assert_cmpuint (ks_item_size (utf8), ==, 2 + 6);
}

static void
test_ddb_errors (void)
{
  const struct { const char *json, *needle; } cases[] = {
    { "{}", "Supplied AttributeValue is empty" },
    { "{\"S\": \"a\", \"N\": \"1\"}", "more than one datatypes" },
    { "{\"SS\": []}", "An string set  may not be empty" },
    { "{\"NS\": []}", "An number set  may not be empty" },
    { "{\"BS\": []}", "Binary sets should not be empty" },
    { "{\"SS\": [\"a\", \"a\"]}", "contains duplicates" },
    { "{\"NS\": [\"1\", \"1.0\"]}", "contains duplicates" },
    { "{\"B\": \"not base64!\"}", "not valid base64" },
    { "{\"N\": \"12abc\"}", "cannot be converted to a numeric value" },
    { "{\"N\": 12}", "expected a string" },
    { "{\"X\": \"1\"}", "unknown AttributeValue type" },
    { "{\"M\": {\"a\": {\"L\": [{\"Q\": 1}]}}}", "$.M.a.L[0]" },
    { "[1]", "expected an AttributeValue" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *msg = ddb_error (cases[i].json);
      if (strstr (msg, cases[i].needle) == NULL)
        g_error ("%s: \"%s\" does not mention \"%s\"", cases[i].json, msg, cases[i].needle);
    }
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *msg = NULL;

  for (int i = 0; i < 40; i++)
    g_string_append (json, "{\"L\": [");
  g_string_append (json, "{\"S\": \"x\"}");
  for (int i = 0; i < 40; i++)
    g_string_append (json, "]}");
  msg = ddb_error (json->str);
  g_assert_nonnull (strstr (msg, "nesting deeper than 32"));
}

static void
test_plain_round_trip (void)
{
  g_autoptr(KsValue) item = ddb ("{\"M\": {"
                                 "\"s\": {\"S\": \"x\"}, \"n\": {\"N\": \"12.5\"},"
                                 "\"big\": {\"N\": \"12345678901234567890123456789012345678\"},"
                                 "\"tiny\": {\"N\": \"0.1\"},"
                                 "\"b\": {\"B\": \"AAEC/w==\"}, \"t\": {\"BOOL\": true}, \"z\": {\"NULL\": true},"
                                 "\"m\": {\"M\": {\"tags\": {\"SS\": [\"a\", \"b\"]}, \"bin\": {\"B\": \"AQ==\"},"
                                 "  \"nums\": {\"NS\": [\"1\", \"2\"]}, \"huge\": {\"N\": \"1E+100\"}}},"
                                 "\"l\": {\"L\": [{\"N\": \"1\"}, {\"S\": \"two\"}, {\"BS\": [\"AQ==\"]}]},"
                                 "\"ss\": {\"SS\": [\"q\"]}}}");
  g_autoptr(JsonNode) plain = ks_value_to_plain_json (item, KS_TYPE_M);
  g_autoptr(GError) error = NULL;
  g_autoptr(KsValue) back = NULL;
  g_autofree char *text = json_to_string (plain, FALSE);
  KsValue *decl_item;

  /* the top level is typed by declarations; undeclared values must still
   * come back exactly through the $ddb escape */
  back = ks_value_from_plain_json (plain, KS_TYPE_M, "$", &error);
  g_assert_no_error (error);
  g_assert_true (ks_value_equal (item, back));
  g_assert_nonnull (strstr (text, "\"$ddb\""));

  /* a declared set is a plain array */
  decl_item = ks_value_lookup (item, "ss");
  {
    g_autoptr(JsonNode) n = ks_value_to_plain_json (decl_item, KS_TYPE_SS);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (n));
  }
}

static void
test_parse_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsValue) n = ks_value_parse_text ("007.50", KS_TYPE_N, &error);
  g_autoptr(KsValue) m = NULL;
  g_autoptr(KsValue) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (ks_value_get_number (n), ==, "7.5");
  m = ks_value_parse_text ("{\"a\": [1, \"x\"]}", KS_TYPE_M, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ks_value_get_type (m), ==, KS_TYPE_M);
  bad = ks_value_parse_text ("{oops", KS_TYPE_M, &error);
  g_assert_null (bad);
  g_assert_error (error, KS_ERROR, KS_ERROR_PARSE);
}

static void
test_message_string (void)
{
  g_autoptr(KsValue) s = ks_value_new_string ("b", -1);
  g_autoptr(KsValue) n = ks_value_new_number ("1", NULL);
  g_autofree char *ms = ks_value_to_message_string (s);
  g_autofree char *mn = ks_value_to_message_string (n);

  g_assert_cmpstr (ms, ==, "{S:b}");
  g_assert_cmpstr (mn, ==, "{N:1}");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keyshape/value/number-canonical", test_number_canonical);
  g_test_add_func ("/keyshape/value/number-errors", test_number_errors);
  g_test_add_func ("/keyshape/value/number-size", test_number_size);
  g_test_add_func ("/keyshape/value/ordering", test_ordering);
  g_test_add_func ("/keyshape/value/number-order-key", test_number_order_key);
  g_test_add_func ("/keyshape/value/item-size", test_item_size);
  g_test_add_func ("/keyshape/value/ddb-errors", test_ddb_errors);
  g_test_add_func ("/keyshape/value/deep-nesting", test_deep_nesting);
  g_test_add_func ("/keyshape/value/plain-round-trip", test_plain_round_trip);
  g_test_add_func ("/keyshape/value/parse-text", test_parse_text);
  g_test_add_func ("/keyshape/value/message-string", test_message_string);
  return g_test_run ();
}
