/* ks-lint-rules-schema.c: tables, indexes, names, TTL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules: name-invalid, index-limit, key-schema, reserved-word,
 * ttl-not-number, unused-index.
 */
#define G_LOG_DOMAIN "keyshape-lint"

#include "config.h"

#include <string.h>

#include "ks-expr.h"
#include "ks-lint-private.h"

#define MAX_GSIS            20    /* default quota, rules §4.1 */
#define MAX_LSIS            5     /* §4.1 */
#define MAX_INCLUDE_ATTRS   100   /* NonKeyAttributes over all indexes, §4.2 */
#define MAX_KEY_NAME_BYTES  255   /* index key attribute names, §4.2, §8.3 */

/* name-invalid: 3–255 characters of [a-zA-Z0-9_.-] (rules §4.1, §6.5) */
static void
check_name (KsLintContext *ctx, const char *what, const char *member, const char *name, char *path)
{
  gsize len = name ? strlen (name) : 0;

  if (len < 3)
    {
      _ks_lint_add (ctx, KS_SEVERITY_ERROR, "name-invalid", path, NULL, NULL, NULL,
                    "%s \"%s\": 1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must have length greater than or equal to 3",
                    what, name ? name : "", name ? name : "", member);
      return;
    }
  if (len > 255)
    {
      _ks_lint_add (ctx, KS_SEVERITY_ERROR, "name-invalid", path, NULL, NULL, NULL,
                    "%s \"%.40s…\": 1 validation error detected: Value at '%s' failed to satisfy constraint: Member must have length less than or equal to 255",
                    what, name, member);
      return;
    }
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
      {
        _ks_lint_add (ctx, KS_SEVERITY_ERROR, "name-invalid", path, NULL, NULL, NULL,
                      "%s \"%s\": 1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
                      what, name, name, member);
        return;
      }
  g_free (path);
}

static void
check_schema (KsLintContext *ctx, KsTable *table, KsIndex *index, const KsKeySchema *ks, const char *path)
{
  const char *where = index ? ks_index_get_name (index) : ks_table_get_name (table);
  const char *kind = index ? (ks_index_get_kind (index) == KS_INDEX_LSI ? "LSI" : "GSI") : "table";

  for (guint k = 0; k < ks->n_pk + ks->n_sk; k++)
    {
      const KsKeyAttr *ka = k < ks->n_pk ? &ks->pk[k] : &ks->sk[k - ks->n_pk];
      if (!ks_type_is_scalar_key (ka->type))
        _ks_lint_add (ctx, KS_SEVERITY_ERROR, "key-schema", g_strdup (path), NULL, NULL, ka->name,
                      "%s %s, key %s: 1 validation error detected: Value '%s' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
                      kind, where, ka->name, ks_type_to_string (ka->type));
      if (strlen (ka->name) > MAX_KEY_NAME_BYTES)
        _ks_lint_add (ctx, KS_SEVERITY_ERROR, "key-schema", g_strdup (path), NULL, NULL, ka->name,
                      "%s %s: a key attribute name is longer than %u bytes (rules §4.2)",
                      kind, where, MAX_KEY_NAME_BYTES);
      for (guint j = k + 1; j < ks->n_pk + ks->n_sk; j++)
        {
          const KsKeyAttr *kb = j < ks->n_pk ? &ks->pk[j] : &ks->sk[j - ks->n_pk];
          if (g_str_equal (ka->name, kb->name))
            _ks_lint_add (ctx, KS_SEVERITY_ERROR, "key-schema", g_strdup (path), NULL, NULL, ka->name,
                          "%s %s: %s", kind, where,
                          k < ks->n_pk && j >= ks->n_pk
                            ? "Both the Hash Key and the Range Key element in the KeySchema have the same name"
                            : "The KeySchema contains multiple key attributes with the same name");
        }
    }
  if (ks->n_pk == 0)
    _ks_lint_add (ctx, KS_SEVERITY_ERROR, "key-schema", g_strdup (path), NULL, NULL, NULL,
                  "%s %s has no partition key", kind, where);
  /* multi-attribute keys exist for GSIs only (rules §10.1) */
  if ((index == NULL || ks_index_get_kind (index) == KS_INDEX_LSI) && (ks->n_pk > 1 || ks->n_sk > 1))
    _ks_lint_add (ctx, KS_SEVERITY_ERROR, "key-schema", g_strdup (path), NULL, NULL, NULL,
                  "%s %s: a %s key has one partition key attribute and at most one sort key attribute; multi-attribute keys are for GSIs only (rules §10.1)",
                  kind, where, kind);
}

/* An attribute is defined once in AttributeDefinitions: one type. */
static void
check_key_types (KsLintContext *ctx, KsTable *table, guint t)
{
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));

  for (guint x = 0; x <= g_list_model_get_n_items (indexes); x++)
    {
      g_autoptr(KsIndex) index = x > 0 ? g_list_model_get_item (indexes, x - 1) : NULL;
      const KsKeySchema *ks = index ? ks_index_get_key_schema (index) : ks_table_get_key_schema (table);

      for (guint k = 0; k < ks->n_pk + ks->n_sk; k++)
        {
          const KsKeyAttr *ka = k < ks->n_pk ? &ks->pk[k] : &ks->sk[k - ks->n_pk];
          gpointer seen;
          if (g_hash_table_lookup_extended (types, ka->name, NULL, &seen))
            {
              if (GPOINTER_TO_INT (seen) != (int) ka->type)
                _ks_lint_add (ctx, KS_SEVERITY_ERROR, "key-schema",
                              index ? g_strdup_printf ("tables[%u].indexes[%u]", t, x - 1) : g_strdup_printf ("tables[%u]", t),
                              NULL, NULL, ka->name,
                              "table %s: key attribute %s is of type %s in %s but of type %s elsewhere; an attribute has one type in AttributeDefinitions",
                              ks_table_get_name (table), ka->name, ks_type_to_string (ka->type),
                              index ? ks_index_get_name (index) : ks_table_get_name (table),
                              ks_type_to_string (GPOINTER_TO_INT (seen)));
            }
          else
            g_hash_table_insert (types, (gpointer) ka->name, GINT_TO_POINTER (ka->type));
        }
    }
}

static void
check_tables (KsLintContext *ctx)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (ctx->design));
  g_autoptr(GHashTable) table_names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));
      const KsKeySchema *tk = ks_table_get_key_schema (table);
      const char *tname = ks_table_get_name (table);
      g_autoptr(GHashTable) index_names = g_hash_table_new (g_str_hash, g_str_equal);
      g_autofree char *tpath = g_strdup_printf ("tables[%u]", t);
      guint n_gsi = 0, n_lsi = 0, n_include = 0;

      check_name (ctx, "table", "tableName", tname, g_strdup_printf ("tables[%u].name", t));
      if (tname && !g_hash_table_add (table_names, (gpointer) tname))
        _ks_lint_add (ctx, KS_SEVERITY_ERROR, "name-invalid", g_strdup_printf ("tables[%u].name", t),
                      NULL, NULL, NULL, "table \"%s\": two tables have this name", tname);
      check_schema (ctx, table, NULL, tk, tpath);
      check_key_types (ctx, table, t);

      for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
        {
          g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
          const KsKeySchema *ik = ks_index_get_key_schema (index);
          const char *iname = ks_index_get_name (index);
          g_autofree char *ipath = g_strdup_printf ("tables[%u].indexes[%u]", t, i);

          check_name (ctx, "index", "indexName", iname, g_strdup_printf ("%s.name", ipath));
          if (iname && !g_hash_table_add (index_names, (gpointer) iname))
            _ks_lint_add (ctx, KS_SEVERITY_ERROR, "name-invalid", g_strdup_printf ("%s.name", ipath),
                          NULL, NULL, NULL,
                          "table %s: One or more parameter values were invalid: Duplicate index name: %s",
                          tname, iname);
          check_schema (ctx, table, index, ik, ipath);
          if (ks_index_get_projection (index) == KS_PROJECTION_INCLUDE)
            n_include += ks_index_get_include (index) ? g_strv_length ((char **) ks_index_get_include (index)) : 0;

          if (ks_index_get_kind (index) == KS_INDEX_GSI)
            {
              n_gsi++;
              continue;
            }
          n_lsi++;
          /* rules §4.1, §6.5 */
          if (tk->n_sk == 0)
            _ks_lint_add (ctx, KS_SEVERITY_ERROR, "index-limit", g_strdup (ipath), NULL, NULL, NULL,
                          "LSI %s: One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
                          iname);
          if (ik->n_sk == 0)
            _ks_lint_add (ctx, KS_SEVERITY_ERROR, "key-schema", g_strdup (ipath), NULL, NULL, NULL,
                          "LSI %s: One or more parameter values were invalid: Index KeySchema does not have a range key for index: %s",
                          iname, iname);
          if (ik->n_pk >= 1 && tk->n_pk >= 1 && !g_str_equal (ik->pk[0].name, tk->pk[0].name))
            _ks_lint_add (ctx, KS_SEVERITY_ERROR, "key-schema", g_strdup (ipath), NULL, NULL, ik->pk[0].name,
                          "LSI %s: One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: %s. index hash key: %s, table hash key: %s",
                          iname, iname, ik->pk[0].name, tk->pk[0].name);
        }
      if (n_gsi > MAX_GSIS)
        _ks_lint_add (ctx, KS_SEVERITY_ERROR, "index-limit", g_strdup (tpath), NULL, NULL, NULL,
                      "table %s has %u GSIs: One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of %u",
                      tname, n_gsi, MAX_GSIS);
      if (n_lsi > MAX_LSIS)
        _ks_lint_add (ctx, KS_SEVERITY_ERROR, "index-limit", g_strdup (tpath), NULL, NULL, NULL,
                      "table %s has %u LSIs: One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of %u",
                      tname, n_lsi, MAX_LSIS);
      if (n_include > MAX_INCLUDE_ATTRS)
        _ks_lint_add (ctx, KS_SEVERITY_ERROR, "index-limit", g_strdup (tpath), NULL, NULL, NULL,
                      "table %s: its indexes project %u INCLUDE attributes; the limit is %u over all indexes of a table, a name in two indexes counting twice (rules §4.2)",
                      tname, n_include, MAX_INCLUDE_ATTRS);
    }
}

/* reserved-word: names an expression must alias (rules §5.2) */
static const char *
alias_reason (const char *name)
{
  if (!ks_attribute_name_needs_alias (name))
    return NULL;
  if (ks_is_reserved_word (name))
    return "is a DynamoDB reserved word";
  if (g_ascii_isdigit (name[0]))
    return "starts with a digit";
  if (strchr (name, '.'))
    return "contains '.', which expressions read as a path separator";
  return "is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)";
}

static void
check_reserved (KsLintContext *ctx)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (ctx->design));
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ctx->design));

  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      g_autoptr(GArray) keys = ks_table_list_key_attributes (table);

      for (guint k = 0; k < keys->len; k++)
        {
          const KsKeyAttr *ka = &g_array_index (keys, KsKeyAttr, k);
          const char *why = alias_reason (ka->name);
          if (why)
            _ks_lint_add (ctx, KS_SEVERITY_WARNING, "reserved-word", g_strdup_printf ("tables[%u]", t),
                          NULL, NULL, ka->name,
                          "table %s, key attribute %s: the name %s; every key condition must alias it (#%s) (rules §5.2)",
                          ks_table_get_name (table), ka->name, why, ka->name);
        }
    }
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));
      KsTable *table = ks_design_get_entity_table (ctx->design, entity);

      for (guint a = 0; a < g_list_model_get_n_items (attrs); a++)
        {
          g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, a);
          const char *name = ks_attribute_get_name (attr);
          const char *why = alias_reason (name);

          /* key attributes were reported with their table */
          if (why == NULL || (table && ks_table_is_key_attribute (table, name)))
            continue;
          _ks_lint_add (ctx, KS_SEVERITY_WARNING, "reserved-word",
                        g_strdup_printf ("entities[%u].attributes[%u]", e, a), entity, NULL, name,
                        "entity %s, attribute %s: the name %s; filters and projections must alias it (#%s) (rules §5.2)",
                        ks_entity_get_name (entity), name, why, name);
        }
    }
}

/* ttl-not-number: TTL reads a top-level N of epoch seconds (rules §8.1) */
static void
check_ttl (KsLintContext *ctx)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (ctx->design));
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ctx->design));

  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      const char *ttl = ks_table_get_ttl_attribute (table);

      if (ttl == NULL || *ttl == '\0')
        continue;
      for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
        {
          g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
          KsAttribute *attr = ks_entity_find_attribute (entity, ttl);
          gboolean reported = FALSE;

          if (ks_design_get_entity_table (ctx->design, entity) != table)
            continue;
          if (attr && ks_attribute_get_value_type (attr) != KS_TYPE_N)
            {
              _ks_lint_add (ctx, KS_SEVERITY_INFO, "ttl-not-number",
                            g_strdup_printf ("entities[%u].attributes", e), entity, NULL, ttl,
                            "entity %s: the TTL attribute %s of table %s is of type %s; DynamoDB expires only items whose %s is a Number of epoch seconds and ignores other types (rules §8.1)",
                            ks_entity_get_name (entity), ttl, ks_table_get_name (table),
                            ks_type_to_string (ks_attribute_get_value_type (attr)), ttl);
              continue;
            }
          for (guint i = 0; i < ks_entity_get_n_items (entity) && !reported; i++)
            {
              KsItem *item = ks_entity_get_item (entity, i);
              KsValue *v = ks_value_lookup (ks_item_get_values (item), ttl);
              g_autofree char *label = NULL;

              if (v == NULL)
                continue;
              label = _ks_lint_item_label (ctx, item);
              if (ks_value_get_type (v) != KS_TYPE_N)
                {
                  _ks_lint_add (ctx, KS_SEVERITY_INFO, "ttl-not-number", _ks_lint_item_path (ctx, item),
                                entity, item, ttl,
                                "%s: the TTL attribute %s is of type %s; DynamoDB ignores it unless it is a Number of epoch seconds (rules §8.1)",
                                label, ttl, ks_type_to_string (ks_value_get_type (v)));
                  reported = TRUE;
                }
              else if (ks_value_get_double (v) >= 1e11)
                {
                  /* 1e11 seconds is the year 5138: these are milliseconds */
                  _ks_lint_add (ctx, KS_SEVERITY_INFO, "ttl-not-number", _ks_lint_item_path (ctx, item),
                                entity, item, ttl,
                                "%s: the TTL value %s looks like epoch milliseconds; DynamoDB reads epoch seconds, so the item would not expire for millennia (rules §8.1)",
                                label, ks_value_get_number (v));
                  reported = TRUE;
                }
            }
        }
    }
}

/* unused-index: an index no access pattern reads (write cost for nothing) */
static void
check_unused_indexes (KsLintContext *ctx)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (ctx->design));
  GListModel *patterns = G_LIST_MODEL (ks_design_get_patterns (ctx->design));
  guint n_patterns = g_list_model_get_n_items (patterns);

  /* without any access pattern there is nothing to check against */
  if (n_patterns == 0)
    return;
  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));

      for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
        {
          g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
          gboolean used = FALSE;

          for (guint p = 0; p < n_patterns && !used; p++)
            {
              g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, p);
              const char *ptable = ks_pattern_get_table (pattern);
              KsTable *target = ptable ? ks_design_find_table (ctx->design, ptable) : NULL;

              if (target == NULL && ptable == NULL && g_list_model_get_n_items (tables) == 1)
                target = table;
              used = target == table && g_strcmp0 (ks_pattern_get_index (pattern), ks_index_get_name (index)) == 0;
            }
          if (!used)
            _ks_lint_add (ctx, KS_SEVERITY_WARNING, "unused-index",
                          g_strdup_printf ("tables[%u].indexes[%u]", t, i), NULL, NULL, NULL,
                          "%s %s of table %s serves no access pattern; every write to an item it holds still pays for it (rules §4.4)",
                          ks_index_kind_to_string (ks_index_get_kind (index)), ks_index_get_name (index),
                          ks_table_get_name (table));
        }
    }
}

void
_ks_lint_rules_schema (KsLintContext *ctx)
{
  check_tables (ctx);
  check_reserved (ctx);
  check_ttl (ctx);
  check_unused_indexes (ctx);
}
