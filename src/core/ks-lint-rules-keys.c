/* ks-lint-rules-keys.c: key templates and the order of sort keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules: unpadded-number, unsortable-timestamp, entity-collision.
 * String sort keys order by UTF-8 bytes (rules §2.3), so what goes into
 * them must be fixed-width to sort as the reader expects (§9).
 */
#define G_LOG_DOMAIN "keyshape-lint"

#include "config.h"

#include <string.h>

#include "ks-lint-private.h"

/* Whether @key is a sort key attribute of type S of the table or an index. */
static gboolean
is_string_sort_key (KsTable *table, const char *key)
{
  const KsKeySchema *tk = ks_table_get_key_schema (table);
  GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));

  for (guint k = 0; k < tk->n_sk; k++)
    if (g_str_equal (tk->sk[k].name, key))
      return tk->sk[k].type == KS_TYPE_S;
  for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
    {
      g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
      const KsKeySchema *ik = ks_index_get_key_schema (index);
      for (guint k = 0; k < ik->n_sk; k++)
        if (g_str_equal (ik->sk[k].name, key) && ik->sk[k].type == KS_TYPE_S)
          return TRUE;
    }
  return FALSE;
}

/* The sample values of an attribute (own values of the items). */
static GPtrArray *
sample_values (KsEntity *entity, const char *attr)
{
  GPtrArray *values = g_ptr_array_new ();

  for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
    {
      KsValue *v = ks_value_lookup (ks_item_get_values (ks_entity_get_item (entity, i)), attr);
      if (v)
        g_ptr_array_add (values, v);
    }
  return values;
}

static gboolean
is_integer_text (const char *s)
{
  if (*s == '-')
    s++;
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* unpadded-number ------------------------------------------------------------ */

static void
check_number_placeholder (KsLintContext *ctx, KsEntity *entity, const char *key,
                          const KsSegment *seg, GHashTable *reported)
{
  KsAttribute *attr = ks_entity_find_attribute (entity, seg->text);
  g_autoptr(GPtrArray) values = sample_values (entity, seg->text);
  g_autofree char *path = NULL;
  gboolean is_number = attr && ks_attribute_get_value_type (attr) == KS_TYPE_N;
  gboolean widths_vary = FALSE, all_integers = values->len > 0;
  gsize width = 0;

  for (guint f = 0; f < seg->n_filters; f++)
    if (seg->filters[f].kind == KS_FILTER_PAD)
      return;
  if (attr == NULL && values->len > 0)
    {
      is_number = TRUE;
      for (guint i = 0; i < values->len; i++)
        if (ks_value_get_type (g_ptr_array_index (values, i)) != KS_TYPE_N)
          is_number = FALSE;
    }
  if (!is_number)
    {
      /* numbers kept in a string attribute: same trap when widths differ */
      for (guint i = 0; i < values->len && all_integers; i++)
        {
          KsValue *v = g_ptr_array_index (values, i);
          const char *s;
          gsize len;

          if (ks_value_get_type (v) != KS_TYPE_S)
            {
              all_integers = FALSE;
              break;
            }
          s = ks_value_get_string (v, &len);
          all_integers = is_integer_text (s);
          if (i > 0 && len != width)
            widths_vary = TRUE;
          width = len;
        }
      if (!all_integers || !widths_vary)
        return;
    }
  if (!g_hash_table_add (reported, g_strdup_printf ("%s\n%s", key, seg->text)))
    return;
  path = g_strdup_printf ("entities[%u].keys.%s", _ks_lint_entity_index (ctx, entity), key);
  _ks_lint_add (ctx, KS_SEVERITY_WARNING, "unpadded-number", g_steal_pointer (&path), entity, NULL, key,
                "entity %s, key %s: ${%s} puts %s into the string sort key without zero-padding, so \"10\" sorts before \"9\"; write ${%s|pad:N} with N digits (rules §2.3, §9)",
                ks_entity_get_name (entity), key, seg->text,
                is_number ? "a number" : "numbers of different widths", seg->text);
}

/* unsortable-timestamp ------------------------------------------------------- */

static gboolean
name_is_temporal (const char *name)
{
  gsize len = strlen (name);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  /* createdAt, updated_at, orderDate, startTime, timestamp */
  if (len > 2 && name[len - 2] == 'A' && name[len - 1] == 't' && g_ascii_islower (name[len - 3]))
    return TRUE;
  return g_str_has_suffix (lower, "_at") || g_str_has_suffix (lower, "date") ||
         g_str_has_suffix (lower, "time") || g_str_has_suffix (lower, "timestamp");
}

static gboolean
looks_like_date (const char *s)
{
  static GRegex *re;

  if (g_once_init_enter (&re))
    g_once_init_leave (&re, g_regex_new ("^[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}", G_REGEX_OPTIMIZE, 0, NULL));
  return g_regex_match (re, s, 0, NULL);
}

/* A fixed-width ISO-8601 form; *zone receives the offset part. */
static gboolean
iso_8601 (const char *s, char **zone)
{
  static GRegex *re;
  g_autoptr(GMatchInfo) info = NULL;

  if (g_once_init_enter (&re))
    g_once_init_leave (&re, g_regex_new ("^[0-9]{4}-[0-9]{2}-[0-9]{2}"
                                         "(T[0-9]{2}(:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?)?"
                                         "(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$",
                                         G_REGEX_OPTIMIZE, 0, NULL));
  if (!g_regex_match (re, s, 0, &info))
    return FALSE;
  *zone = g_match_info_fetch (info, 5);
  return TRUE;
}

/* The timestamp part of a value: a composite key value such as
 * 2024-01-05T09:14:00Z#O-1001 starts with it. */
static char *
timestamp_part (const KsValue *v)
{
  const char *s;
  gsize len;

  if (ks_value_get_type (v) != KS_TYPE_S)
    return NULL;
  s = ks_value_get_string (v, NULL);
  len = strcspn (s, "#|");
  return len ? g_strndup (s, len) : NULL;
}

static void
check_timestamp (KsLintContext *ctx, KsEntity *entity, const char *key,
                 const char *attr_name, GHashTable *reported)
{
  g_autoptr(GPtrArray) values = sample_values (entity, attr_name);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *first_zone = NULL;
  const char *bad = NULL, *why = NULL;
  gboolean temporal = name_is_temporal (attr_name), all_integers = TRUE;
  gsize width = 0;

  for (guint i = 0; i < values->len; i++)
    {
      char *part = timestamp_part (g_ptr_array_index (values, i));
      if (part == NULL)
        continue;
      g_ptr_array_add (parts, part);
      if (!is_integer_text (part))
        all_integers = FALSE;
      if (looks_like_date (part))
        temporal = TRUE;
    }
  /* epoch numbers are the concern of unpadded-number */
  if (!temporal || parts->len == 0 || all_integers)
    return;
  for (guint i = 0; i < parts->len && bad == NULL; i++)
    {
      const char *s = g_ptr_array_index (parts, i);
      g_autofree char *zone = NULL;
      gsize len = strlen (s);

      if (!iso_8601 (s, &zone))
        {
          bad = s;
          why = "is not ISO-8601";
        }
      else if (first_zone != NULL && g_strcmp0 (first_zone, zone) != 0)
        {
          bad = s;
          why = "has another UTC offset than the others";
        }
      else if (width != 0 && len != width)
        {
          bad = s;
          why = "has another width than the others";
        }
      else if (first_zone == NULL)
        first_zone = g_steal_pointer (&zone);
      width = len;
    }
  if (bad == NULL || !g_hash_table_add (reported, g_strdup_printf ("%s\n%s", key, attr_name)))
    return;
  _ks_lint_add (ctx, KS_SEVERITY_WARNING, "unsortable-timestamp",
                g_strdup_printf ("entities[%u].keys.%s", _ks_lint_entity_index (ctx, entity), key),
                entity, NULL, key,
                "entity %s, key %s: the timestamp %s \"%s\" %s, so string order is not time order; use fixed-width ISO-8601 UTC (2026-03-01T10:00:00Z) or epoch seconds as a Number (rules §9)",
                ks_entity_get_name (entity), key, attr_name, bad, why);
}

static void
check_sort_keys (KsLintContext *ctx)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ctx->design));

  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      KsTable *table = ks_design_get_entity_table (ctx->design, entity);
      g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GArray) keys = NULL;

      if (table == NULL)
        continue;
      keys = ks_table_list_key_attributes (table);
      for (guint k = 0; k < keys->len; k++)
        {
          const char *key = g_array_index (keys, KsKeyAttr, k).name;
          KsTemplate *tmpl = ks_entity_get_parsed_template (entity, key);

          if (!is_string_sort_key (table, key))
            continue;
          if (tmpl == NULL)
            {
              /* no template: the item's own attribute is the key */
              if (ks_entity_get_template (entity, key) == NULL)
                check_timestamp (ctx, entity, key, key, reported);
              continue;
            }
          for (guint s = 0; s < ks_template_get_n_segments (tmpl); s++)
            {
              const KsSegment *seg = ks_template_get_segment (tmpl, s);
              if (!seg->is_attr)
                continue;
              check_number_placeholder (ctx, entity, key, seg, reported);
              check_timestamp (ctx, entity, key, seg->text, reported);
            }
        }
    }
}

/* entity-collision --------------------------------------------------------- */

/* Two entities of one table whose templates can give the same primary key:
 * one write would replace the other's item (rules §2.1, §9 typed prefixes). */
static void
check_collisions (KsLintContext *ctx)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ctx->design));
  guint n = g_list_model_get_n_items (entities);

  for (guint b = 1; b < n; b++)
    {
      g_autoptr(KsEntity) eb = g_list_model_get_item (entities, b);
      KsTable *table = ks_design_get_entity_table (ctx->design, eb);
      const KsKeySchema *tk;

      if (table == NULL)
        continue;
      tk = ks_table_get_key_schema (table);
      if (tk->n_pk != 1 || tk->n_sk > 1)
        continue;
      for (guint a = 0; a < b; a++)
        {
          g_autoptr(KsEntity) ea = g_list_model_get_item (entities, a);
          KsTemplate *pa = ks_entity_get_parsed_template (ea, tk->pk[0].name);
          KsTemplate *pb = ks_entity_get_parsed_template (eb, tk->pk[0].name);
          KsTemplate *sa = tk->n_sk ? ks_entity_get_parsed_template (ea, tk->sk[0].name) : NULL;
          KsTemplate *sb = tk->n_sk ? ks_entity_get_parsed_template (eb, tk->sk[0].name) : NULL;
          const char *key = tk->n_sk ? tk->sk[0].name : tk->pk[0].name;

          if (ks_design_get_entity_table (ctx->design, ea) != table || pa == NULL || pb == NULL)
            continue;
          if (tk->n_sk && (sa == NULL || sb == NULL))
            continue;
          if (!_ks_templates_may_collide (pa, pb) || (tk->n_sk && !_ks_templates_may_collide (sa, sb)))
            continue;
          if (tk->n_sk)
            _ks_lint_add (ctx, KS_SEVERITY_WARNING, "entity-collision",
                          g_strdup_printf ("entities[%u].keys.%s", b, key), eb, NULL, key,
                          "entities %s and %s can produce the same primary key in table %s: %s \"%s\" / \"%s\" and %s \"%s\" / \"%s\"; give each entity's key its own type prefix (rules §9)",
                          ks_entity_get_name (ea), ks_entity_get_name (eb), ks_table_get_name (table),
                          tk->pk[0].name, ks_template_get_source (pa), ks_template_get_source (pb),
                          tk->sk[0].name, ks_template_get_source (sa), ks_template_get_source (sb));
          else
            _ks_lint_add (ctx, KS_SEVERITY_WARNING, "entity-collision",
                          g_strdup_printf ("entities[%u].keys.%s", b, key), eb, NULL, key,
                          "entities %s and %s can produce the same primary key in table %s: %s \"%s\" and \"%s\"; give each entity's key its own type prefix (rules §9)",
                          ks_entity_get_name (ea), ks_entity_get_name (eb), ks_table_get_name (table),
                          tk->pk[0].name, ks_template_get_source (pa), ks_template_get_source (pb));
        }
    }
}

void
_ks_lint_rules_keys (KsLintContext *ctx)
{
  check_sort_keys (ctx);
  check_collisions (ctx);
}
