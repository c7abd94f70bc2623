/* test-coverage.c: the entity × access pattern matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ks-coverage.h"
#include "ks-design.h"
#include "ks-io.h"

static const char design_json[] =
  "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"Coverage\",\n"
  " \"tables\": [{\"name\": \"Shop\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},\n"
  "   \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"},\n"
  "   \"indexes\": [\n"
  "     {\"name\": \"GSI1\", \"kind\": \"GSI\", \"partitionKey\": {\"name\": \"GSI1PK\", \"type\": \"S\"},\n"
  "      \"projection\": {\"type\": \"ALL\"}},\n"
  "     {\"name\": \"Spare\", \"kind\": \"GSI\", \"partitionKey\": {\"name\": \"SparePK\", \"type\": \"S\"},\n"
  "      \"projection\": {\"type\": \"KEYS_ONLY\"}}]}],\n"
  " \"entities\": [\n"
  "   {\"name\": \"Customer\", \"table\": \"Shop\",\n"
  "    \"attributes\": [{\"name\": \"customerId\", \"type\": \"S\"}],\n"
  "    \"keys\": {\"PK\": \"CUSTOMER#${customerId}\", \"SK\": \"PROFILE\"},\n"
  "    \"items\": [{\"customerId\": \"c1\"}]},\n"
  "   {\"name\": \"Order\", \"table\": \"Shop\",\n"
  "    \"attributes\": [{\"name\": \"customerId\", \"type\": \"S\"}, {\"name\": \"orderId\", \"type\": \"S\"},\n"
  "                   {\"name\": \"state\", \"type\": \"S\"}],\n"
  "    \"keys\": {\"PK\": \"CUSTOMER#${customerId}\", \"SK\": \"ORDER#${orderId}\", \"GSI1PK\": \"STATE#${state}\"},\n"
  "    \"items\": [{\"customerId\": \"c1\", \"orderId\": \"o1\", \"state\": \"OPEN\"},\n"
  "              {\"customerId\": \"c1\", \"orderId\": \"o2\", \"state\": \"DONE\"}]}],\n"
  " \"accessPatterns\": [\n"
  "   {\"name\": \"Orders of a customer\", \"table\": \"Shop\", \"partitionKey\": \"CUSTOMER#${c}\",\n"
  "    \"sortKey\": {\"op\": \"begins_with\", \"value\": \"ORDER#\"}, \"parameters\": {\"c\": \"c1\"},\n"
  "    \"expects\": [\"Order\"]},\n"
  "   {\"name\": \"Customer and orders\", \"table\": \"Shop\", \"partitionKey\": \"CUSTOMER#${c}\",\n"
  "    \"parameters\": {\"c\": \"c1\"}, \"expects\": [\"Order\"]},\n"
  "   {\"name\": \"Open things\", \"table\": \"Shop\", \"index\": \"GSI1\", \"partitionKey\": \"STATE#${s}\",\n"
  "    \"parameters\": {\"s\": \"OPEN\"}, \"expects\": [\"Order\", \"Customer\"]},\n"
  "   {\"name\": \"Everything\", \"table\": \"Shop\"}]}\n";

static void
test_matrix (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = ks_io_load_data (design_json, strlen (design_json), "coverage.json", NULL, &error);
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(KsCoverage) cov = NULL;
  g_autoptr(GPtrArray) unused = NULL;
  g_autoptr(GPtrArray) unserved = NULL;
  g_autofree char *text = NULL;
  enum { CUSTOMER, ORDER };
  enum { ORDERS, BOTH, OPEN, EVERYTHING };

  g_assert_no_error (error);
  engine = ks_engine_new (design);
  cov = ks_coverage_new (engine);
  g_assert_cmpuint (ks_coverage_get_n_entities (cov), ==, 2);
  g_assert_cmpuint (ks_coverage_get_n_patterns (cov), ==, 4);

  /* expected and returned */
  g_assert_cmpint (ks_coverage_get_status (cov, ORDER, ORDERS), ==, KS_COVERAGE_STATUS_OK);
  g_assert_cmpuint (ks_coverage_get_n_returned (cov, ORDER, ORDERS), ==, 2);
  /* the ORDER# prefix keeps the Customer out, though the key reaches it */
  g_assert_cmpint (ks_coverage_get_status (cov, CUSTOMER, ORDERS), ==, KS_COVERAGE_STATUS_NONE);
  g_assert_cmpint (ks_coverage_get_flags (cov, CUSTOMER, ORDERS), ==, KS_COVERAGE_NONE);
  /* without the prefix the Customer comes back too */
  g_assert_cmpint (ks_coverage_get_status (cov, CUSTOMER, BOTH), ==, KS_COVERAGE_STATUS_UNEXPECTED);
  g_assert_cmpint (ks_coverage_get_flags (cov, CUSTOMER, BOTH), ==, KS_COVERAGE_REACHABLE | KS_COVERAGE_RETURNED);
  /* the Customer has no GSI1 key: expected there, never reachable */
  g_assert_cmpint (ks_coverage_get_status (cov, CUSTOMER, OPEN), ==, KS_COVERAGE_STATUS_MISSING);
  g_assert_cmpint (ks_coverage_get_flags (cov, CUSTOMER, OPEN), ==, KS_COVERAGE_EXPECTED);
  g_assert_cmpint (ks_coverage_get_status (cov, ORDER, OPEN), ==, KS_COVERAGE_STATUS_OK);
  g_assert_cmpuint (ks_coverage_get_n_returned (cov, ORDER, OPEN), ==, 1);

  /* served by: the table, GSI1, and a Scan */
  g_assert_cmpstr (ks_view_get_name (ks_coverage_get_view (cov, OPEN)), ==, "GSI1");
  g_assert_true (ks_coverage_is_served (cov, ORDERS));
  g_assert_true (ks_coverage_is_served (cov, OPEN));
  g_assert_false (ks_coverage_is_served (cov, EVERYTHING));
  g_assert_cmpint (ks_coverage_get_run (cov, EVERYTHING)->served_by, ==, KS_SERVED_BY_SCAN);

  unused = ks_coverage_get_unused_indexes (cov);
  g_assert_cmpuint (unused->len, ==, 1);
  g_assert_cmpstr (ks_view_get_name (g_ptr_array_index (unused, 0)), ==, "Spare");
  unserved = ks_coverage_get_unserved_patterns (cov);
  g_assert_cmpuint (unserved->len, ==, 1);
  g_assert_cmpstr (ks_pattern_get_name (g_ptr_array_index (unserved, 0)), ==, "Everything");

  text = ks_coverage_to_text (cov);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "unused index: Spare"));
  {
    g_autoptr(JsonNode) json = ks_coverage_to_json (cov);
    JsonObject *o = json_node_get_object (json);
    JsonObject *p2 = json_array_get_object_element (json_object_get_array_member (o, "patterns"), OPEN);
    JsonObject *cell = json_array_get_object_element (json_object_get_array_member (p2, "cells"), CUSTOMER);
    g_assert_cmpstr (json_object_get_string_member (cell, "status"), ==, "missing");
    g_assert_cmpstr (json_object_get_string_member (p2, "servedBy"), ==, "Query");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/keyshape/coverage/matrix", test_matrix);

  return g_test_run ();
}
