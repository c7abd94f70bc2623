/* ks-generator-guess.c: default generators guessed from a design
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A guess uses, in this order: identifier names (an entity's own id is a
 * ULID, another entity's id a reference to its items), what the entity's
 * sample items show (categories with their frequencies, number ranges,
 * timestamp ranges and formats, how often the attribute is present), the
 * attribute's name (email, createdAt, price …) and, last, its type.
 */
#define G_LOG_DOMAIN "keyshape-generator"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ks-generator.h"
#include "ks-generator-private.h"

/* How many distinct values still make a category. */
#define MAX_CATEGORIES 12
/* Samples of documents (M, L, sets) an enum copies at most. */
#define MAX_SAMPLES 32

gboolean
_ks_generator_is_id_name (const char *name)
{
  gsize len = strlen (name);

  if (g_ascii_strcasecmp (name, "id") == 0)
    return TRUE;
  if (len < 3)
    return FALSE;
  /* orderId, orderID, order_id, order-id */
  if (name[len - 2] == 'I' && (name[len - 1] == 'd' || name[len - 1] == 'D') &&
      (g_ascii_islower (name[len - 3]) || g_ascii_isdigit (name[len - 3])))
    return TRUE;
  return len > 3 && (name[len - 3] == '_' || name[len - 3] == '-') &&
         g_ascii_strcasecmp (name + len - 2, "id") == 0;
}

guint
_ks_generator_pad_width (KsEntity   *entity,
                         const char *attribute)
{
  guint width = 0;

  for (guint t = 0; t < ks_entity_get_n_templates (entity); t++)
    {
      KsTemplate *tmpl = ks_entity_get_parsed_template (entity, ks_entity_get_template_key (entity, t));

      for (guint s = 0; tmpl && s < ks_template_get_n_segments (tmpl); s++)
        {
          const KsSegment *seg = ks_template_get_segment (tmpl, s);
          if (!seg->is_attr || g_strcmp0 (seg->text, attribute) != 0)
            continue;
          for (guint f = 0; f < seg->n_filters; f++)
            if (seg->filters[f].kind == KS_FILTER_PAD)
              width = MAX (width, seg->filters[f].arg);
        }
    }
  return width;
}

/* "orderId" → "order", folded to lower case without separators */
static char *
id_base (const char *name)
{
  gsize len = strlen (name);
  GString *out = g_string_new (NULL);

  len = len >= 2 ? len - 2 : 0;
  for (gsize i = 0; i < len; i++)
    if (g_ascii_isalnum (name[i]))
      g_string_append_c (out, g_ascii_tolower (name[i]));
  return g_string_free (out, FALSE);
}

static char *
fold_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

/* Whether the entity's table keys (not its index keys) read @name. */
static gboolean
in_table_key (KsDesign *design, KsEntity *entity, const char *name)
{
  KsTable *table = ks_design_get_entity_table (design, entity);
  const KsKeySchema *ks;

  if (table == NULL)
    return FALSE;
  ks = ks_table_get_key_schema (table);
  for (guint k = 0; k < ks->n_pk + ks->n_sk; k++)
    {
      const char *key = k < ks->n_pk ? ks->pk[k].name : ks->sk[k - ks->n_pk].name;
      KsTemplate *tmpl = ks_entity_get_parsed_template (entity, key);
      g_autoptr(GPtrArray) attrs = NULL;

      if (tmpl == NULL)
        {
          if (ks_entity_get_template (entity, key) == NULL && g_str_equal (key, name))
            return TRUE;
          continue;
        }
      attrs = ks_template_get_attributes (tmpl);
      for (guint i = 0; i < attrs->len; i++)
        if (g_str_equal (g_ptr_array_index (attrs, i), name))
          return TRUE;
    }
  return FALSE;
}

static gboolean
has_values_of (KsEntity *entity, const char *name)
{
  for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
    if (ks_value_lookup (ks_item_get_values (ks_entity_get_item (entity, i)), name))
      return TRUE;
  return FALSE;
}

/* Whether @name alone makes the entity's table partition key while its sort
 * key is literal: CUSTOMER#${customerId} / PROFILE identifies a customer. */
static gboolean
identifies_entity (KsDesign *design, KsEntity *entity, const char *name)
{
  KsTable *table = ks_design_get_entity_table (design, entity);
  const KsKeySchema *ks;
  KsTemplate *pk, *sk = NULL;
  g_autoptr(GPtrArray) attrs = NULL;

  if (table == NULL)
    return FALSE;
  ks = ks_table_get_key_schema (table);
  pk = ks->n_pk ? ks_entity_get_parsed_template (entity, ks->pk[0].name) : NULL;
  if (ks->n_sk)
    {
      sk = ks_entity_get_parsed_template (entity, ks->sk[0].name);
      if (sk == NULL || !ks_template_is_literal (sk))
        return FALSE;
    }
  if (pk == NULL)
    return FALSE;
  attrs = ks_template_get_attributes (pk);
  return attrs->len == 1 && g_str_equal (g_ptr_array_index (attrs, 0), name);
}

/* The entity whose items an id attribute refers to: one named after it
 * (customerId → Customer, userId → UserProfile), else one whose table key
 * reads it. NULL when the id is @entity's own. */
static KsEntity *
reference_target (KsDesign *design, KsEntity *entity, const char *name)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (design));
  g_autofree char *base = id_base (name);
  g_autofree char *own = fold_name (ks_entity_get_name (entity));
  KsEntity *partial_match = NULL;
  KsEntity *key_match = NULL;

  /* Order.orderId, User.id, ChatMessage.messageId, UserProfile.userId */
  if (base[0] == '\0' || g_str_equal (own, base) || g_str_has_suffix (own, base) ||
      identifies_entity (design, entity, name))
    return NULL;
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) other = g_list_model_get_item (entities, e);
      g_autofree char *folded = fold_name (ks_entity_get_name (other));

      if (other == entity || !has_values_of (other, name))
        continue;
      if (g_str_equal (folded, base))
        return other;
      if (partial_match == NULL && (g_str_has_prefix (folded, base) || g_str_has_suffix (folded, base)))
        partial_match = other;
      if (key_match == NULL && in_table_key (design, other, name))
        key_match = other;
    }
  return partial_match ? partial_match : key_match;
}

static gboolean
is_time_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  gsize len = strlen (name);

  /* createdAt, startTime, dueDate, timestamp, expires, ttl */
  if (len > 2 && g_str_has_suffix (name, "At") && g_ascii_islower (name[len - 3]))
    return TRUE;
  return g_str_has_suffix (lower, "time") || g_str_has_suffix (lower, "date") ||
         g_str_has_suffix (lower, "_at") || g_str_equal (lower, "timestamp") ||
         g_str_equal (lower, "ts") || g_str_equal (lower, "ttl") ||
         g_str_has_prefix (lower, "expires") || g_str_equal (lower, "day");
}

static gboolean
name_has (const char *lower, const char * const *parts)
{
  for (guint i = 0; parts[i]; i++)
    if (strstr (lower, parts[i]))
      return TRUE;
  return FALSE;
}

/* Spec building ----------------------------------------------------------- */

static KsMapBuilder *
spec_new (const char *kind)
{
  KsMapBuilder *b = ks_map_builder_new (6);
  ks_map_builder_add (b, "kind", ks_value_new_string (kind, -1));
  return b;
}

static void
spec_str (KsMapBuilder *b, const char *name, const char *value)
{
  ks_map_builder_set (b, name, ks_value_new_string (value, -1));
}

static void
spec_num (KsMapBuilder *b, const char *name, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  KsValue *v = ks_value_new_number (ks_format_double (buf, sizeof buf, value), NULL);

  g_assert (v != NULL);
  ks_map_builder_set (b, name, v);
}

static KsValue *
spec_end (KsMapBuilder *b, double presence)
{
  if (presence < 1)
    spec_num (b, "presence", MAX (0.01, round (presence * 100) / 100));
  return ks_map_builder_end (b);
}

static char *
time_text (gint64 ms, KsTimeFormat format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);

  if (format == KS_TIME_DATE)
    return g_date_time_format (dt, "%Y-%m-%d");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* The entity's attribute that an id's ULID should take its time from. */
static const char *
find_time_attribute (KsEntity *entity)
{
  GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));
  const char *first = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (attrs); i++)
    {
      g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, i);
      const char *name = ks_attribute_get_name (attr);
      KsType type = ks_attribute_get_value_type (attr);

      if ((type != KS_TYPE_S && type != KS_TYPE_N) || !is_time_name (name))
        continue;
      if (g_str_has_prefix (name, "created"))
        return g_intern_string (name);
      if (first == NULL)
        first = g_intern_string (name);
    }
  return first;
}

/* Guesses from the samples -------------------------------------------------- */

/* The attribute's distinct sample values with their counts. */
typedef struct
{
  GPtrArray *values;     /* KsValue, all samples */
  GPtrArray *distinct;   /* KsValue, first-seen order */
  GArray    *counts;     /* guint per distinct value */
} Samples;

static void
samples_clear (Samples *s)
{
  g_clear_pointer (&s->values, g_ptr_array_unref);
  g_clear_pointer (&s->distinct, g_ptr_array_unref);
  g_clear_pointer (&s->counts, g_array_unref);
}

static void
samples_collect (Samples *s, KsEntity *entity, const char *name)
{
  s->values = g_ptr_array_new ();
  s->distinct = g_ptr_array_new ();
  s->counts = g_array_new (FALSE, TRUE, sizeof (guint));
  for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
    {
      KsValue *v = ks_value_lookup (ks_item_get_values (ks_entity_get_item (entity, i)), name);
      guint k;

      if (v == NULL || ks_value_get_type (v) == KS_TYPE_NULL)
        continue;
      g_ptr_array_add (s->values, v);
      for (k = 0; k < s->distinct->len; k++)
        if (ks_value_equal (g_ptr_array_index (s->distinct, k), v))
          break;
      if (k == s->distinct->len)
        {
          guint zero = 0;
          if (s->distinct->len > MAX_SAMPLES)
            continue;
          g_ptr_array_add (s->distinct, v);
          g_array_append_val (s->counts, zero);
        }
      g_array_index (s->counts, guint, k)++;
    }
}

static KsValue *
guess_enum (Samples *s, KsType type, double presence)
{
  KsMapBuilder *b = spec_new ("enum");
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
  GPtrArray *weights = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
  gboolean uniform = TRUE;
  guint n = MIN (s->distinct->len, MAX_SAMPLES);

  /* the spec holds plain JSON values: sets become lists */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) node = ks_value_to_plain_json (g_ptr_array_index (s->distinct, i), type);
      g_ptr_array_add (values, ks_value_from_json_node (node));
      g_ptr_array_add (weights, ks_value_new_number_int (g_array_index (s->counts, guint, i)));
      uniform &= g_array_index (s->counts, guint, i) == g_array_index (s->counts, guint, 0);
    }
  ks_map_builder_set (b, "values", ks_value_new_list (KS_TYPE_L, values));
  if (!uniform)
    ks_map_builder_set (b, "weights", ks_value_new_list (KS_TYPE_L, weights));
  else
    g_ptr_array_unref (weights);
  return spec_end (b, presence);
}

static KsValue *
guess_from_samples (KsEntity *entity, const char *name, KsType type, Samples *s, double presence)
{
  guint n = s->values->len;
  gboolean document = type == KS_TYPE_M || type == KS_TYPE_L || type == KS_TYPE_SS ||
                      type == KS_TYPE_NS || type == KS_TYPE_BS || type == KS_TYPE_B;

  if (n == 0)
    return NULL;
  if (type == KS_TYPE_BOOL)
    {
      KsMapBuilder *b = spec_new ("boolean");
      guint yes = 0;
      for (guint i = 0; i < n; i++)
        yes += ks_value_get_type (g_ptr_array_index (s->values, i)) == KS_TYPE_BOOL &&
               ks_value_get_bool (g_ptr_array_index (s->values, i));
      spec_num (b, "probability", round (100.0 * yes / n) / 100);
      return spec_end (b, presence);
    }
  /* documents are copied from the samples */
  if (document)
    return guess_enum (s, type, presence);
  if (n >= 2 && s->distinct->len <= MAX_CATEGORIES && s->distinct->len * 2 <= n)
    return guess_enum (s, type, presence);

  if (type == KS_TYPE_S)
    {
      gint64 lo = G_MAXINT64, hi = G_MININT64;
      int format = -1;

      for (guint i = 0; i < n; i++)
        {
          KsValue *v = g_ptr_array_index (s->values, i);
          const char *text = ks_value_get_type (v) == KS_TYPE_S ? ks_value_get_string (v, NULL) : "";
          int f = _ks_generator_time_format (text);
          gint64 ms;

          if (f < 0 || (format >= 0 && f != format) || !_ks_generator_parse_time (text, &ms))
            return NULL;
          format = f;
          lo = MIN (lo, ms);
          hi = MAX (hi, ms);
        }
      {
        KsMapBuilder *b = spec_new ("timestamp");
        g_autofree char *from = NULL, *to = NULL;
        /* one sample: a month from it */
        if (hi == lo)
          hi = lo + G_GINT64_CONSTANT (30) * 24 * 3600 * 1000;
        from = time_text (lo, format);
        to = time_text (hi, format);
        spec_str (b, "from", from);
        spec_str (b, "to", to);
        if (format != KS_TIME_ISO)
          spec_str (b, "format", _ks_generator_time_format_to_string (format));
        return spec_end (b, presence);
      }
    }
  if (type == KS_TYPE_N)
    {
      double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
      guint scale = 0;

      for (guint i = 0; i < n; i++)
        {
          KsValue *v = g_ptr_array_index (s->values, i);
          const char *text, *dot;
          double d;

          if (ks_value_get_type (v) != KS_TYPE_N)
            return NULL;
          text = ks_value_get_number (v);
          d = ks_value_get_double (v);
          dot = strchr (text, '.');
          if (dot)
            scale = MAX (scale, (guint) strlen (dot + 1));
          lo = MIN (lo, d);
          hi = MAX (hi, d);
        }
      if (fabs (lo) > 1e15 || fabs (hi) > 1e15)
        return NULL;
      if (is_time_name (name) && lo >= 1e9 && hi < 1e13 && scale == 0)
        {
          /* epoch seconds or milliseconds */
          KsMapBuilder *b = spec_new ("timestamp");
          gboolean ms = lo >= 1e11;
          g_autofree char *from = time_text ((gint64) (ms ? lo : lo * 1000), KS_TIME_ISO);
          g_autofree char *to = time_text ((gint64) (ms ? hi : hi * 1000) + (hi == lo ? G_GINT64_CONSTANT (2592000000) : 0),
                                           KS_TIME_ISO);
          spec_str (b, "from", from);
          spec_str (b, "to", to);
          spec_str (b, "format", ms ? "epoch-ms" : "epoch");
          return spec_end (b, presence);
        }
      if (hi == lo)
        hi = lo + MAX (10, fabs (lo));
      if (scale == 0)
        {
          KsMapBuilder *b = spec_new ("integer");
          guint pad = _ks_generator_pad_width (entity, name);
          if (pad > 0 && pad < 16)
            hi = MIN (hi, pow (10, pad) - 1);
          spec_num (b, "min", lo);
          spec_num (b, "max", MAX (hi, lo));
          return spec_end (b, presence);
        }
      else
        {
          KsMapBuilder *b = spec_new ("decimal");
          spec_num (b, "min", lo);
          spec_num (b, "max", hi);
          spec_num (b, "scale", MIN (scale, 6));
          return spec_end (b, presence);
        }
    }
  return NULL;
}

/* Guesses from the name and type -------------------------------------------- */

static KsValue *
enum_of (const char * const *values, double presence)
{
  KsMapBuilder *b = spec_new ("enum");
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; values[i]; i++)
    g_ptr_array_add (list, ks_value_new_string (values[i], -1));
  ks_map_builder_set (b, "values", ks_value_new_list (KS_TYPE_L, list));
  return spec_end (b, presence);
}

static KsValue *
words_of (guint min, guint max, const char *style, double presence)
{
  KsMapBuilder *b = spec_new ("words");
  spec_num (b, "min", min);
  spec_num (b, "max", max);
  spec_str (b, "style", style);
  return spec_end (b, presence);
}

static KsValue *
guess_from_name (KsEntity *entity, const char *name, KsType type, double presence)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  static const char * const person[] = { "fullname", "displayname", "username", "customername",
                                         "authorname", "ownername", "contactname", "guestname",
                                         "patientname", "sendername", NULL };
  static const char * const long_text[] = { "description", "body", "text", "content", "message",
                                            "comment", "note", "summary", "bio", "reason", NULL };
  static const char * const short_text[] = { "title", "subject", "headline", "label", NULL };
  static const char * const money[] = { "price", "amount", "total", "cost", "balance", "fee", NULL };
  static const char * const counts[] = { "count", "quantity", "qty", NULL };
  static const char * const statuses[] = { "ACTIVE", "PENDING", "INACTIVE", NULL };
  static const char * const countries[] = { "DE", "FR", "ES", "US", "JP", "BR", "IN", "NG", NULL };
  static const char * const currencies[] = { "EUR", "USD", "GBP", "JPY", NULL };

  switch (type)
    {
    case KS_TYPE_S:
      if (strstr (lower, "email") || g_str_equal (lower, "mail"))
        {
          KsMapBuilder *b = spec_new ("email");
          static const char * const sources[] = { "name", "fullName", "displayName", "customerName", NULL };
          for (guint i = 0; sources[i]; i++)
            {
              KsAttribute *a = ks_entity_find_attribute (entity, sources[i]);
              if (a && ks_attribute_get_value_type (a) == KS_TYPE_S)
                {
                  spec_str (b, "nameAttribute", sources[i]);
                  break;
                }
            }
          return spec_end (b, presence);
        }
      if (g_str_equal (lower, "firstname") || g_str_equal (lower, "givenname"))
        {
          KsMapBuilder *b = spec_new ("person-name");
          spec_str (b, "style", "first");
          return spec_end (b, presence);
        }
      if (g_str_equal (lower, "lastname") || g_str_equal (lower, "surname") || g_str_equal (lower, "familyname"))
        {
          KsMapBuilder *b = spec_new ("person-name");
          spec_str (b, "style", "last");
          return spec_end (b, presence);
        }
      if (g_str_equal (lower, "name") || g_strv_contains (person, lower))
        return spec_end (spec_new ("person-name"), presence);
      if (strstr (lower, "city") || strstr (lower, "town"))
        return spec_end (spec_new ("city"), presence);
      if (is_time_name (name))
        {
          KsMapBuilder *b = spec_new ("timestamp");
          if (g_str_has_suffix (lower, "date") || g_str_equal (lower, "day"))
            spec_str (b, "format", "date");
          return spec_end (b, presence);
        }
      if (g_str_has_suffix (lower, "status") || g_str_has_suffix (lower, "state"))
        return enum_of (statuses, presence);
      if (g_str_has_suffix (lower, "country"))
        return enum_of (countries, presence);
      if (g_str_has_suffix (lower, "currency"))
        return enum_of (currencies, presence);
      if (name_has (lower, long_text))
        return words_of (5, 15, "sentence", presence);
      if (name_has (lower, short_text) || g_str_has_suffix (lower, "name"))
        return words_of (2, 5, "title", presence);
      return words_of (1, 3, "lower", presence);

    case KS_TYPE_N:
      if (is_time_name (name))
        {
          KsMapBuilder *b = spec_new ("timestamp");
          spec_str (b, "format", "epoch");
          return spec_end (b, presence);
        }
      if (name_has (lower, money))
        {
          KsMapBuilder *b = spec_new ("decimal");
          spec_num (b, "min", 1);
          spec_num (b, "max", 500);
          return spec_end (b, presence);
        }
      {
        KsMapBuilder *b = spec_new ("integer");
        guint pad = _ks_generator_pad_width (entity, name);
        double max = name_has (lower, counts) ? 10 : 1000;

        if (strstr (lower, "rating") || strstr (lower, "stars"))
          max = 5;
        if (pad > 0 && pad < 16)
          max = MIN (max, pow (10, pad) - 1);
        spec_num (b, "min", max <= 10 ? 1 : 0);
        spec_num (b, "max", max);
        return spec_end (b, presence);
      }

    case KS_TYPE_BOOL:
      return spec_end (spec_new ("boolean"), presence);

    case KS_TYPE_SS:
    case KS_TYPE_L:
      return words_of (1, 3, "lower", presence);

    case KS_TYPE_B:
    case KS_TYPE_NULL:
    case KS_TYPE_M:
    case KS_TYPE_NS:
    case KS_TYPE_BS:
    case KS_N_TYPES:
    case KS_TYPE_INVALID:
    default:
      return NULL;
    }
}

KsValue *
ks_generator_guess (KsDesign    *design,
                    KsEntity    *entity,
                    KsAttribute *attribute)
{
  const char *name;
  KsType type;
  Samples s = { 0 };
  double presence = 1;
  KsValue *spec = NULL;

  g_return_val_if_fail (KS_IS_DESIGN (design), NULL);
  g_return_val_if_fail (KS_IS_ENTITY (entity), NULL);
  g_return_val_if_fail (KS_IS_ATTRIBUTE (attribute), NULL);

  name = ks_attribute_get_name (attribute);
  type = ks_attribute_get_value_type (attribute);
  samples_collect (&s, entity, name);
  /* optional attributes keep the share of items that have them; the
   * table key needs its attributes in every item */
  if (ks_entity_get_n_items (entity) > 0 && !ks_attribute_get_required (attribute) &&
      !in_table_key (design, entity, name))
    presence = (double) s.values->len / ks_entity_get_n_items (entity);
  if (presence == 0)
    presence = 1;      /* no sample has it: no evidence either way */

  if ((type == KS_TYPE_S || type == KS_TYPE_N) && _ks_generator_is_id_name (name))
    {
      KsEntity *target = reference_target (design, entity, name);
      if (target)
        {
          KsMapBuilder *b = spec_new ("reference");
          spec_str (b, "entity", ks_entity_get_name (target));
          spec = spec_end (b, presence);
        }
      else if (type == KS_TYPE_N)
        {
          KsMapBuilder *b = spec_new ("sequence");
          double next = 1;
          for (guint i = 0; i < s.values->len; i++)
            if (ks_value_get_type (g_ptr_array_index (s.values, i)) == KS_TYPE_N)
              next = MAX (next, floor (ks_value_get_double (g_ptr_array_index (s.values, i))) + 1);
          spec_num (b, "start", MIN (next, 1e15));
          spec = spec_end (b, presence);
        }
      else
        {
          KsMapBuilder *b = spec_new ("ulid");
          const char *time_attr = find_time_attribute (entity);
          if (time_attr)
            spec_str (b, "timeAttribute", time_attr);
          spec = spec_end (b, presence);
        }
    }
  if (spec == NULL)
    spec = guess_from_samples (entity, name, type, &s, presence);
  if (spec == NULL)
    spec = guess_from_name (entity, name, type, presence);
  samples_clear (&s);
  return spec;
}
