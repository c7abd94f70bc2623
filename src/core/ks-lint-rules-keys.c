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
  const char *interned = g_intern_string (attr);

  for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
    {
      KsValue *v = ks_value_lookup_interned (ks_item_get_values (ks_entity_get_item (entity, i)), interned);
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

/* The count of digits at @s. */
static gsize
count_digits (const char *s)
{
  gsize n = 0;

  while (g_ascii_isdigit (s[n]))
    n++;
  return n;
}

static gboolean
is_date_separator (char c)
{
  return c == '-' || c == '/' || c == '.';
}

/* Starts like a date: 1–4 digits, a separator, 1–2 digits, a separator,
 * a digit (2026-3-1, 01/03/2026, 1.3.26). Hand-written: lint runs this on
 * every sample value. */
static gboolean
looks_like_date (const char *s)
{
  gsize n = count_digits (s);

  if (n < 1 || n > 4 || !is_date_separator (s[n]))
    return FALSE;
  s += n + 1;
  n = count_digits (s);
  if (n < 1 || n > 2 || !is_date_separator (s[n]))
    return FALSE;
  return g_ascii_isdigit (s[n + 1]);
}

/* Exactly @n digits at *@s, which moves past them. */
static gboolean
take_digits (const char **s, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit ((*s)[i]))
      return FALSE;
  *s += n;
  return TRUE;
}

/* A fixed-width ISO-8601 form in [s, end): YYYY-MM-DD, optionally followed
 * by Thh[:mm[:ss[.fff]]] and a zone Z, ±hh, ±hhmm or ±hh:mm. *zone and
 * *zone_len receive the zone (length 0 without one). The text after @end
 * must not continue a match (a '#', a '|' or the end of the string). */
static gboolean
iso_8601 (const char *s, const char *end, const char **zone, gsize *zone_len)
{
  const char *z;

  /* no zone: an empty one, which differs from Z */
  *zone = end;
  *zone_len = 0;
  if (!take_digits (&s, 4) || *s++ != '-' || !take_digits (&s, 2) || *s++ != '-' || !take_digits (&s, 2))
    return FALSE;
  if (s == end)
    return TRUE;
  if (*s++ != 'T' || !take_digits (&s, 2))
    return FALSE;
  if (*s == ':')
    {
      s++;
      if (!take_digits (&s, 2))
        return FALSE;
      if (*s == ':')
        {
          s++;
          if (!take_digits (&s, 2))
            return FALSE;
          if (*s == '.' || *s == ',')
            {
              gsize n = count_digits (s + 1);
              if (n == 0)
                return FALSE;
              s += 1 + n;
            }
        }
    }
  z = s;
  if (*s == 'Z')
    s++;
  else if (*s == '+' || *s == '-')
    {
      s++;
      if (!take_digits (&s, 2))
        return FALSE;
      if (*s == ':')
        {
          s++;
          if (!take_digits (&s, 2))
            return FALSE;
        }
      else if (g_ascii_isdigit (*s) && !take_digits (&s, 2))
        return FALSE;
    }
  if (s != end)
    return FALSE;
  *zone = z;
  *zone_len = s - z;
  return TRUE;
}

/* The timestamp part of a value: a composite key value such as
 * 2024-01-05T09:14:00Z#O-1001 starts with it. */
typedef struct
{
  const char *s;
  gsize       len;
} Span;

static gboolean
timestamp_part (const KsValue *v, Span *part)
{
  if (ks_value_get_type (v) != KS_TYPE_S)
    return FALSE;
  part->s = ks_value_get_string (v, NULL);
  part->len = strcspn (part->s, "#|");
  return part->len > 0;
}

static gboolean
is_integer_span (const Span *part)
{
  gsize i = part->s[0] == '-' ? 1 : 0;

  if (i == part->len)
    return FALSE;
  for (; i < part->len; i++)
    if (!g_ascii_isdigit (part->s[i]))
      return FALSE;
  return TRUE;
}

typedef struct
{
  char       *bad;    /* the first value that breaks time order, or NULL */
  const char *why;
} TimestampVerdict;

static void
timestamp_verdict_free (TimestampVerdict *v)
{
  g_free (v->bad);
  g_free (v);
}

/* Whether @attr_name's sample values are timestamps whose string order is
 * not time order. */
static TimestampVerdict *
timestamp_verdict (KsEntity *entity, const char *attr_name)
{
  g_autoptr(GPtrArray) values = sample_values (entity, attr_name);
  g_autoptr(GArray) parts = g_array_sized_new (FALSE, FALSE, sizeof (Span), values->len);
  TimestampVerdict *verdict = g_new0 (TimestampVerdict, 1);
  gboolean temporal = name_is_temporal (attr_name), all_integers = TRUE;
  const char *first_zone = NULL;
  gsize first_zone_len = 0, width = 0;

  for (guint i = 0; i < values->len; i++)
    {
      Span part;
      if (!timestamp_part (g_ptr_array_index (values, i), &part))
        continue;
      g_array_append_val (parts, part);
      if (all_integers && !is_integer_span (&part))
        all_integers = FALSE;
      /* the part ends where no date goes on: the value itself will do */
      if (!temporal && looks_like_date (part.s))
        temporal = TRUE;
    }
  /* epoch numbers are the concern of unpadded-number */
  if (!temporal || parts->len == 0 || all_integers)
    return verdict;
  for (guint i = 0; i < parts->len && verdict->bad == NULL; i++)
    {
      const Span *part = &g_array_index (parts, Span, i);
      const char *zone = NULL;
      gsize zone_len;

      if (!iso_8601 (part->s, part->s + part->len, &zone, &zone_len))
        verdict->why = "is not ISO-8601";
      else if (first_zone != NULL &&
               (zone_len != first_zone_len || memcmp (zone, first_zone, zone_len) != 0))
        verdict->why = "has another UTC offset than the others";
      else if (width != 0 && part->len != width)
        verdict->why = "has another width than the others";
      else if (first_zone == NULL)
        {
          first_zone = zone;
          first_zone_len = zone_len;
        }
      if (verdict->why != NULL)
        verdict->bad = g_strndup (part->s, part->len);
      width = part->len;
    }
  return verdict;
}

/* @verdicts keeps each attribute's verdict for the entity's other keys. */
static void
check_timestamp (KsLintContext *ctx, KsEntity *entity, const char *key,
                 const char *attr_name, GHashTable *reported, GHashTable *verdicts)
{
  TimestampVerdict *verdict = g_hash_table_lookup (verdicts, attr_name);

  if (verdict == NULL)
    {
      verdict = timestamp_verdict (entity, attr_name);
      g_hash_table_insert (verdicts, g_strdup (attr_name), verdict);
    }
  if (verdict->bad == NULL || !g_hash_table_add (reported, g_strdup_printf ("%s\n%s", key, attr_name)))
    return;
  _ks_lint_add (ctx, KS_SEVERITY_WARNING, "unsortable-timestamp",
                g_strdup_printf ("entities[%u].keys.%s", _ks_lint_entity_index (ctx, entity), key),
                entity, NULL, key,
                "entity %s, key %s: the timestamp %s \"%s\" %s, so string order is not time order; use fixed-width ISO-8601 UTC (2026-03-01T10:00:00Z) or epoch seconds as a Number (rules §9)",
                ks_entity_get_name (entity), key, attr_name, verdict->bad, verdict->why);
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
      g_autoptr(GHashTable) verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                              (GDestroyNotify) timestamp_verdict_free);
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
                check_timestamp (ctx, entity, key, key, reported, verdicts);
              continue;
            }
          for (guint s = 0; s < ks_template_get_n_segments (tmpl); s++)
            {
              const KsSegment *seg = ks_template_get_segment (tmpl, s);
              if (!seg->is_attr)
                continue;
              check_number_placeholder (ctx, entity, key, seg, reported);
              check_timestamp (ctx, entity, key, seg->text, reported, verdicts);
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
