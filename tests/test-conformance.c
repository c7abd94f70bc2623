/* test-conformance.c: the shared conformance cases through the query engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every request of ../shared/conformance/NAME.requests.json runs through
 * ks_query_execute() on the model NAME.model.json, and is compared with the
 * response DynamoDB (dynalite) gave, as conformance/README.md says: Query
 * items in order except among items sharing the same index key, Count,
 * ScannedCount and LastEvaluatedKey exactly; Scan items as a set and
 * LastEvaluatedKey by presence; errors by their exact message. The shared
 * folder is found through KS_SHARED_DIR; the tests skip without it.
 */
#include "config.h"

#include <string.h>

#include "ks-engine.h"
#include "ks-error.h"
#include "ks-io.h"
#include "ks-query.h"

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* A JSON text with object members and set elements sorted, for equality
 * that ignores member order and set order. */
static JsonNode *
canonical (JsonNode *node, const char *parent_member)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      JsonObject *out = json_object_new ();
      g_autoptr(GList) names = json_object_get_members (obj);
      JsonNode *res = json_node_new (JSON_NODE_OBJECT);

      names = g_list_sort (names, (GCompareFunc) strcmp);
      for (GList *l = names; l; l = l->next)
        json_object_set_member (out, l->data, canonical (json_object_get_member (obj, l->data), l->data));
      json_node_take_object (res, out);
      return res;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);
      JsonArray *out = json_array_new ();
      JsonNode *res = json_node_new (JSON_NODE_ARRAY);
      gboolean is_set = parent_member && (!strcmp (parent_member, "SS") || !strcmp (parent_member, "NS")
                                          || !strcmp (parent_member, "BS"));
      g_autoptr(GPtrArray) strs = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *e = json_array_get_element (arr, i);
          if (is_set)
            g_ptr_array_add (strs, g_strdup (json_node_get_string (e)));
          else
            json_array_add_element (out, canonical (e, NULL));
        }
      if (is_set)
        {
          g_ptr_array_sort (strs, compare_strings);
          for (guint i = 0; i < strs->len; i++)
            json_array_add_string_element (out, strs->pdata[i]);
        }
      json_node_take_array (res, out);
      return res;
    }
  return json_node_copy (node);
}

static char *
canonical_text (JsonNode *node)
{
  g_autoptr(JsonNode) c = NULL;

  if (node == NULL)
    return g_strdup ("null");
  c = canonical (node, NULL);
  return json_to_string (c, FALSE);
}

/* The attributes whose values make an item's place in the queried view. */
static GPtrArray *
order_key_names (KsEngine *engine, JsonObject *request)
{
  GPtrArray *names = g_ptr_array_new ();
  const char *table = json_object_get_string_member_with_default (request, "TableName", NULL);
  const char *index = json_object_get_string_member_with_default (request, "IndexName", NULL);
  KsView *view = ks_engine_get_view (engine, table, index);
  const KsKeySchema *keys;

  if (view == NULL)
    return names;
  keys = ks_view_get_key_schema (view);
  for (guint i = 0; i < keys->n_pk; i++)
    g_ptr_array_add (names, keys->pk[i].name);
  for (guint i = 0; i < keys->n_sk; i++)
    g_ptr_array_add (names, keys->sk[i].name);
  return names;
}

static char *
group_of (JsonNode *item, GPtrArray *names, guint position)
{
  JsonObject *obj = json_node_get_object (item);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      JsonNode *v = json_object_get_member (obj, names->pdata[i]);
      g_autofree char *t = NULL;

      if (v == NULL)
        {
          /* key not returned (projection): keep the exact order */
          g_string_free (s, TRUE);
          return g_strdup_printf ("#%u", position);
        }
      t = canonical_text (v);
      g_string_append_printf (s, "%s|", t);
    }
  return g_string_free (s, FALSE);
}

/* Items in order, items of one group (same index key) in any order. */
static gboolean
items_match (JsonArray *expected, JsonArray *actual, GPtrArray *names, gboolean as_set, char **why)
{
  guint n = json_array_get_length (expected);
  guint i = 0;

  if (actual == NULL)
    {
      *why = g_strdup ("no Items in the response");
      return FALSE;
    }
  if (json_array_get_length (actual) != n)
    {
      *why = g_strdup_printf ("%u items, expected %u", json_array_get_length (actual), n);
      return FALSE;
    }
  while (i < n)
    {
      g_autofree char *g = as_set ? g_strdup ("") : group_of (json_array_get_element (expected, i), names, i);
      g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
      guint j = i;

      while (j < n)
        {
          g_autofree char *gj = as_set ? g_strdup ("") : group_of (json_array_get_element (expected, j), names, j);
          g_autofree char *ga = as_set ? g_strdup ("") : group_of (json_array_get_element (actual, j), names, j);
          if (strcmp (gj, g) != 0)
            break;
          if (strcmp (ga, g) != 0)
            {
              g_autofree char *t = canonical_text (json_array_get_element (actual, j));
              *why = g_strdup_printf ("item %u out of order: %s", j, t);
              return FALSE;
            }
          g_ptr_array_add (want, canonical_text (json_array_get_element (expected, j)));
          g_ptr_array_add (got, canonical_text (json_array_get_element (actual, j)));
          j++;
        }
      g_ptr_array_sort (want, compare_strings);
      g_ptr_array_sort (got, compare_strings);
      for (guint k = 0; k < want->len; k++)
        if (strcmp (want->pdata[k], got->pdata[k]) != 0)
          {
            *why = g_strdup_printf ("item differs:\n  expected %s\n  got      %s",
                                    (char *) want->pdata[k], (char *) got->pdata[k]);
            return FALSE;
          }
      i = j;
    }
  return TRUE;
}

static gboolean
same_member (JsonObject *a, JsonObject *b, const char *name)
{
  g_autofree char *x = canonical_text (json_object_get_member (a, name));
  g_autofree char *y = canonical_text (json_object_get_member (b, name));
  return strcmp (x, y) == 0;
}

static gboolean
check_case (KsEngine *engine, JsonObject *req, JsonObject *expected, char **why)
{
  const char *op = json_object_get_string_member (req, "op");
  JsonNode *request = json_object_get_member (req, "request");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) response = ks_query_execute (engine, op, request, &error);
  JsonObject *want_error = json_object_has_member (expected, "error") ? json_object_get_object_member (expected, "error") : NULL;
  JsonObject *want, *got;

  if (want_error)
    {
      const char *msg = json_object_get_string_member (want_error, "message");
      if (response != NULL)
        {
          *why = g_strdup_printf ("expected the error \"%s\", got a response", msg);
          return FALSE;
        }
      if (strcmp (msg, error->message) != 0)
        {
          *why = g_strdup_printf ("expected the error \"%s\", got \"%s\"", msg, error->message);
          return FALSE;
        }
      return TRUE;
    }
  if (response == NULL)
    {
      *why = g_strdup_printf ("unexpected error: %s", error->message);
      return FALSE;
    }
  want = json_object_get_object_member (expected, "response");
  got = json_node_get_object (response);
  if (strcmp (op, "GetItem") == 0)
    {
      if (!same_member (want, got, "Item"))
        {
          g_autofree char *t = canonical_text (json_object_get_member (got, "Item"));
          *why = g_strdup_printf ("Item differs: got %s", t);
          return FALSE;
        }
      return TRUE;
    }
  if (!same_member (want, got, "Count") || !same_member (want, got, "ScannedCount"))
    {
      *why = g_strdup_printf ("Count/ScannedCount %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                              ", expected %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                              json_object_get_int_member_with_default (got, "Count", -1),
                              json_object_get_int_member_with_default (got, "ScannedCount", -1),
                              json_object_get_int_member_with_default (want, "Count", -1),
                              json_object_get_int_member_with_default (want, "ScannedCount", -1));
      return FALSE;
    }
  if (strcmp (op, "Scan") == 0)
    {
      if (json_object_has_member (want, "LastEvaluatedKey") != json_object_has_member (got, "LastEvaluatedKey"))
        {
          *why = g_strdup ("LastEvaluatedKey presence differs");
          return FALSE;
        }
    }
  else if (!same_member (want, got, "LastEvaluatedKey"))
    {
      g_autofree char *t = canonical_text (json_object_get_member (got, "LastEvaluatedKey"));
      *why = g_strdup_printf ("LastEvaluatedKey differs: got %s", t);
      return FALSE;
    }
  if (json_object_has_member (want, "Items"))
    {
      g_autoptr(GPtrArray) names = order_key_names (engine, json_node_get_object (request));
      return items_match (json_object_get_array_member (want, "Items"),
                          json_object_has_member (got, "Items") ? json_object_get_array_member (got, "Items") : NULL,
                          names, strcmp (op, "Scan") == 0, why);
    }
  if (json_object_has_member (got, "Items"))
    {
      *why = g_strdup ("Items present, expected none");
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_model (gconstpointer data)
{
  const char *name = data;
  const char *shared = g_getenv ("KS_SHARED_DIR");
  g_autofree char *dir = NULL;
  g_autofree char *model = NULL;
  g_autofree char *requests_path = NULL;
  g_autofree char *expected_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = NULL;
  g_autoptr(KsEngine) engine = NULL;
  g_autoptr(JsonNode) requests = NULL;
  g_autoptr(JsonNode) expected = NULL;
  JsonArray *reqs, *exps;
  guint failures = 0;

  dir = shared ? g_build_filename (shared, "conformance", NULL) : NULL;
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the shared conformance cases are not available (set KS_SHARED_DIR)");
      return;
    }
  model = g_strdup_printf ("%s/%s.model.json", dir, name);
  requests_path = g_strdup_printf ("%s/%s.requests.json", dir, name);
  expected_path = g_strdup_printf ("%s/%s.expected.json", dir, name);

  design = ks_io_load_path (model, NULL, &error);
  g_assert_no_error (error);
  engine = ks_engine_new (design);
  requests = load_json (requests_path);
  expected = load_json (expected_path);
  reqs = json_node_get_array (requests);
  exps = json_node_get_array (expected);
  g_assert_cmpuint (json_array_get_length (reqs), ==, json_array_get_length (exps));

  for (guint i = 0; i < json_array_get_length (reqs); i++)
    {
      JsonObject *req = json_array_get_object_element (reqs, i);
      JsonObject *exp = json_array_get_object_element (exps, i);
      g_autofree char *why = NULL;

      if (!check_case (engine, req, exp, &why))
        {
          g_printerr ("%s: %s: %s\n", name, json_object_get_string_member (req, "name"), why);
          failures++;
        }
    }
  g_test_message ("%s: %u of %u cases reproduced", name,
                  json_array_get_length (reqs) - failures, json_array_get_length (reqs));
  g_assert_cmpuint (failures, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/keyshape/conformance/chat", "chat", test_model);
  g_test_add_data_func ("/keyshape/conformance/ecommerce", "ecommerce", test_model);
  g_test_add_data_func ("/keyshape/conformance/saas", "saas", test_model);
  return g_test_run ();
}
