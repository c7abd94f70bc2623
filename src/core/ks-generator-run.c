/* ks-generator-run.c: making items from generator specs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See ks-generator.c for how a generation works: columns made from one
 * GRand, keys rendered from the templates, items made again until their
 * primary key is free.
 */
#define G_LOG_DOMAIN "keyshape-generator"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ks-error.h"
#include "ks-generator.h"
#include "ks-generator-private.h"

/* Attempts per item before giving up on distinct, valid keys. */
#define MAX_ATTEMPTS 100
static char *
format_time (gint64 ms, KsTimeFormat format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *base = NULL;

  g_assert (dt != NULL);
  switch (format)
    {
    case KS_TIME_DATE:
      return g_date_time_format (dt, "%Y-%m-%d");
    case KS_TIME_ISO_MS:
      base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
      return g_strdup_printf ("%s.%03dZ", base, (int) (ms % 1000));
    case KS_TIME_ISO:
    case KS_TIME_EPOCH:
    case KS_TIME_EPOCH_MS:
    default:
      return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
    }
}

/* Word lists --------------------------------------------------------------- */

static const char * const first_names[] = {
  "José", "Zoë", "Søren", "Aoife", "Ömer", "Anaïs", "Björn", "Łukasz", "Chloé", "Mateus",
  "Yuki", "Priya", "Kwame", "Ngozi", "Wei", "Ana", "Sofía", "Jürgen", "Elif", "Noah",
  "Amélie", "Dmitri", "Olga", "Hiroshi", "Fatima", "Aarav", "Lucía", "Mikael", "Zeynep", "Tomás",
  "Siobhán", "Inês", "Oskar", "Leilani", "Mei", "Rafael", "Ayşe", "Nikolaj", "Ingrid", "Carlos",
  "Emma", "Liam", "Grace", "Kofi", "Małgorzata", "Thanh", "Rania", "Matteo", "Astrid", "Diego",
};

static const char * const last_names[] = {
  "García", "Müller", "Kjær", "Nguyen", "Okafor", "Kowalski", "Dubois", "Rossi", "Yamamoto", "Sato",
  "Smith", "O'Brien", "Novák", "Şahin", "Andersson", "Silva", "Fernández", "Papadopoulos", "Jansen", "Horváth",
  "Kim", "Singh", "Mensah", "Haddad", "Ivanova", "Lindqvist", "Moreau", "Costa", "Wójcik", "Nakamura",
  "Hernández", "Schmidt", "Eriksen", "Fitzgerald", "Baptiste", "Chen", "Patel", "Öztürk", "Lefèvre", "Virtanen",
};

static const char * const cities[] = {
  "Madrid", "München", "København", "São Paulo", "Zürich", "Kraków", "İstanbul", "Reykjavík",
  "Montréal", "Kyiv", "Tokyo", "Lagos", "Nairobi", "Mumbai", "Bengaluru", "Ho Chi Minh City",
  "Seoul", "Sydney", "Auckland", "Toronto", "Ciudad de México", "Bogotá", "Lima", "Buenos Aires",
  "Lisboa", "Paris", "Bruxelles", "Amsterdam", "Göteborg", "Helsinki", "Tallinn", "Warszawa",
  "Praha", "Wien", "Athína", "Cairo", "Casablanca", "Dubai", "Singapore", "Osaka",
  "Chicago", "Seattle", "Austin", "Vancouver", "Dublin", "Edinburgh", "Milano", "Napoli",
};

static const char * const words[] = {
  "amber", "anchor", "apple", "arrow", "autumn", "basil", "beacon", "birch", "blue", "bold",
  "breeze", "bright", "bronze", "cedar", "chalk", "clear", "cloud", "coast", "copper", "coral",
  "crisp", "delta", "dune", "eager", "ember", "fern", "field", "flint", "forest", "fresh",
  "garden", "gentle", "glacier", "golden", "granite", "harbor", "hazel", "honest", "island", "ivory",
  "jade", "juniper", "kind", "lagoon", "lantern", "lemon", "linen", "lively", "maple", "meadow",
  "mellow", "mint", "misty", "modest", "morning", "nimble", "north", "oak", "ocean", "olive",
  "orbit", "pebble", "pine", "plain", "quiet", "rapid", "raven", "ridge", "river", "robust",
  "saffron", "sage", "sandy", "silver", "simple", "slate", "smooth", "solar", "spruce", "steady",
  "stone", "summer", "swift", "thistle", "timber", "tidy", "trail", "tulip", "valley", "velvet",
  "violet", "vivid", "walnut", "warm", "willow", "winter", "wise", "yarrow", "zenith", "zephyr",
};

static const char * const email_domains[] = { "example.com", "example.org", "example.net" };

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* Columns ------------------------------------------------------------------- */

typedef struct
{
  const char      *name;          /* interned */
  KsType           type;          /* the value type made */
  KsGeneratorKind  kind;
  KsValue         *spec;
  double           presence;
  int              depends_on;    /* column index read by this one, or -1 */
  gboolean         dependent;     /* reads another attribute of the item */

  /* state and parameters, by kind */
  gint64           next;          /* sequence */
  gint64           step;
  gint64           min, max;      /* integer; timestamp/ulid range (ms) */
  double           dmin, dmax;    /* decimal */
  guint            pad;           /* sequence, integer; decimal: scale */
  KsTimeFormat     format;
  const char      *prefix;
  const char      *text;          /* email domain, names style, words style */
  GPtrArray       *values;        /* enum: typed KsValue */
  GArray          *cumulative;    /* enum: double, running sum of weights */
  KsEntity        *ref_entity;
  const char      *ref_attr;      /* interned */
  GPtrArray       *pool;          /* reference: KsItem that have ref_attr */
} Column;

typedef struct
{
  KsDesign   *design;
  KsEntity   *entity;
  GRand      *rand;
  GArray     *columns;            /* Column */
  KsValue   **current;            /* per column, the item being made */
  GHashTable *picks;              /* KsEntity → KsItem, per item */
} Gen;

static void
column_clear (Column *c)
{
  g_clear_pointer (&c->spec, ks_value_unref);
  g_clear_pointer (&c->values, g_ptr_array_unref);
  g_clear_pointer (&c->cumulative, g_array_unref);
  g_clear_pointer (&c->pool, g_ptr_array_unref);
}

static void
gen_free (Gen *g)
{
  if (g->columns)
    for (guint i = 0; i < g->columns->len; i++)
      {
        column_clear (&g_array_index (g->columns, Column, i));
        if (g->current)
          g_clear_pointer (&g->current[i], ks_value_unref);
      }
  g_clear_pointer (&g->columns, g_array_unref);
  g_clear_pointer (&g->rand, g_rand_free);
  g_clear_pointer (&g->picks, g_hash_table_unref);
  g_free (g->current);
  g_free (g);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Gen, gen_free)

static Gen *
gen_new (KsDesign *design, KsEntity *entity, guint64 seed)
{
  Gen *g = g_new0 (Gen, 1);
  guint32 words32[2] = { (guint32) (seed & 0xffffffffu), (guint32) (seed >> 32) };

  g->design = design;
  g->entity = entity;
  g->rand = g_rand_new_with_seed_array (words32, 2);
  g->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g->picks = g_hash_table_new (NULL, NULL);
  return g;
}

static int
find_column (Gen *g, const char *name)
{
  for (guint i = 0; i < g->columns->len; i++)
    if (g_str_equal (g_array_index (g->columns, Column, i).name, name))
      return i;
  return -1;
}

/* The type a generator makes for an attribute the entity does not declare
 * (one only a template or a generator names). */
static KsType
natural_type (KsGeneratorKind kind, const KsValue *spec)
{
  const char *format;

  switch (kind)
    {
    case KS_GENERATOR_SEQUENCE:
    case KS_GENERATOR_INTEGER:
    case KS_GENERATOR_DECIMAL:
      return KS_TYPE_N;
    case KS_GENERATOR_TIMESTAMP:
      format = _ks_generator_spec_string (spec, "format", "iso");
      return g_str_has_prefix (format, "epoch") ? KS_TYPE_N : KS_TYPE_S;
    case KS_GENERATOR_BOOLEAN:
      return KS_TYPE_BOOL;
    case KS_GENERATOR_ENUM:
    case KS_GENERATOR_REFERENCE:
      return KS_TYPE_INVALID;     /* the values' own types */
    case KS_GENERATOR_NONE:
    case KS_GENERATOR_UUID:
    case KS_GENERATOR_ULID:
    case KS_GENERATOR_PERSON_NAME:
    case KS_GENERATOR_EMAIL:
    case KS_GENERATOR_CITY:
    case KS_GENERATOR_WORDS:
    case KS_N_GENERATOR_KINDS:
    default:
      return KS_TYPE_S;
    }
}

/* Sets up column @c for attribute @name from @spec (already checked).
 * @declared: the attribute's declared type, or KS_TYPE_INVALID. */
static gboolean
column_setup (Gen *g, Column *c, const char *name, KsType declared, const KsValue *spec,
              const char *where, GError **error)
{
  const KsGeneratorInfo *info = ks_generator_find_kind (_ks_generator_spec_string (spec, "kind", NULL));

  g_assert (info != NULL);
  c->name = g_intern_string (name);
  c->kind = info->kind;
  c->spec = ks_value_ref ((KsValue *) spec);
  c->presence = _ks_generator_spec_number (spec, "presence", 1);
  c->depends_on = -1;
  c->type = declared != KS_TYPE_INVALID ? declared : natural_type (c->kind, spec);

  if (c->kind != KS_GENERATOR_NONE && c->type != KS_TYPE_INVALID &&
      !ks_generator_kind_supports (c->kind, c->type))
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "%s: a %s generator cannot fill an attribute of type %s",
                   where, info->id, ks_type_to_string (c->type));
      return FALSE;
    }

  switch (c->kind)
    {
    case KS_GENERATOR_SEQUENCE:
      c->next = (gint64) _ks_generator_spec_number (spec, "start", 1);
      c->step = (gint64) _ks_generator_spec_number (spec, "step", 1);
      c->pad = (guint) _ks_generator_spec_number (spec, "pad", 0);
      c->prefix = _ks_generator_spec_string (spec, "prefix", "");
      break;
    case KS_GENERATOR_UUID:
      c->prefix = _ks_generator_spec_string (spec, "prefix", "");
      break;
    case KS_GENERATOR_ULID:
      c->prefix = _ks_generator_spec_string (spec, "prefix", "");
      c->min = _ks_generator_spec_time (spec, "from", KS_GENERATOR_DEFAULT_FROM);
      c->max = _ks_generator_spec_time (spec, "to", KS_GENERATOR_DEFAULT_TO);
      c->dependent = ks_value_lookup (spec, "timeAttribute") != NULL;
      break;
    case KS_GENERATOR_TIMESTAMP:
      {
        const char *format = _ks_generator_spec_string (spec, "format", c->type == KS_TYPE_N ? "epoch" : "iso");
        c->format = _ks_generator_time_format_from_string (format);
        c->min = _ks_generator_spec_time (spec, "from", KS_GENERATOR_DEFAULT_FROM);
        c->max = _ks_generator_spec_time (spec, "to", KS_GENERATOR_DEFAULT_TO);
        if ((c->type == KS_TYPE_N) != (c->format == KS_TIME_EPOCH || c->format == KS_TIME_EPOCH_MS))
          {
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                         "%s: the timestamp format %s does not fit an attribute of type %s (strings: iso, iso-ms, date; numbers: epoch, epoch-ms)",
                         where, format, ks_type_to_string (c->type));
            return FALSE;
          }
      }
      break;
    case KS_GENERATOR_INTEGER:
      c->min = (gint64) _ks_generator_spec_number (spec, "min", 0);
      c->max = (gint64) _ks_generator_spec_number (spec, "max", 1000);
      c->pad = (guint) _ks_generator_spec_number (spec, "pad", 0);
      break;
    case KS_GENERATOR_DECIMAL:
      c->dmin = _ks_generator_spec_number (spec, "min", 0);
      c->dmax = _ks_generator_spec_number (spec, "max", 1000);
      c->pad = (guint) _ks_generator_spec_number (spec, "scale", 2);
      break;
    case KS_GENERATOR_ENUM:
      {
        KsValue *values = ks_value_lookup (spec, "values");
        KsValue *weights = ks_value_lookup (spec, "weights");
        double sum = 0;

        c->values = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
        c->cumulative = g_array_new (FALSE, FALSE, sizeof (double));
        for (guint i = 0; i < ks_value_get_length (values); i++)
          {
            g_autofree char *vpath = g_strdup_printf ("%s: values[%u]", where, i);
            KsValue *v = ks_value_from_plain_generic (ks_value_get_element (values, i), c->type, vpath, error);
            if (v == NULL)
              return FALSE;
            g_ptr_array_add (c->values, v);
            sum += weights ? ks_value_get_double (ks_value_get_element (weights, i)) : 1;
            g_array_append_val (c->cumulative, sum);
          }
      }
      break;
    case KS_GENERATOR_PERSON_NAME:
      c->text = _ks_generator_spec_string (spec, "style", "full");
      break;
    case KS_GENERATOR_EMAIL:
      c->text = _ks_generator_spec_string (spec, "domain", NULL);
      c->dependent = ks_value_lookup (spec, "nameAttribute") != NULL;
      break;
    case KS_GENERATOR_WORDS:
      c->min = (gint64) _ks_generator_spec_number (spec, "min", 1);
      c->max = (gint64) _ks_generator_spec_number (spec, "max", 3);
      c->text = _ks_generator_spec_string (spec, "style", "sentence");
      if (c->type == KS_TYPE_SS)
        c->max = MIN (c->max, (gint64) G_N_ELEMENTS (words));
      break;
    case KS_GENERATOR_REFERENCE:
      {
        const char *ename = _ks_generator_spec_string (spec, "entity", NULL);
        KsEntity *target = ks_design_find_entity (g->design, ename);

        if (target == NULL)
          {
            g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND,
                         "%s: refers to entity \"%s\", which the design does not have", where, ename);
            return FALSE;
          }
        c->ref_entity = target;
        c->ref_attr = g_intern_string (_ks_generator_spec_string (spec, "attribute", name));
        c->pool = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_item_unref);
        for (guint i = 0; i < ks_entity_get_n_items (target); i++)
          {
            KsItem *item = ks_entity_get_item (target, i);
            if (ks_value_lookup_interned (ks_item_get_values (item), c->ref_attr))
              g_ptr_array_add (c->pool, ks_item_ref (item));
          }
        if (c->pool->len == 0)
          {
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                         "%s: no item of entity %s has attribute %s to refer to; add or generate %s items first",
                         where, ks_entity_get_name (target), c->ref_attr, ks_entity_get_name (target));
            return FALSE;
          }
      }
      break;
    case KS_GENERATOR_NONE:
    case KS_GENERATOR_CITY:
    case KS_GENERATOR_BOOLEAN:
    case KS_N_GENERATOR_KINDS:
    default:
      break;
    }
  return TRUE;
}

static gint64
rand_range64 (GRand *rand, gint64 lo, gint64 hi)
{
  guint64 span = (guint64) (hi - lo) + 1;
  guint64 r = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);

  g_assert (lo <= hi);
  /* span 0: the whole 64-bit range; the modulo bias is below 2^-11 for
   * the ranges of sample data */
  return span == 0 ? (gint64) r : lo + (gint64) (r % span);
}

static KsValue *
number_or_string (KsType type, const char *prefix, gint64 n, guint pad)
{
  if (type == KS_TYPE_N)
    return ks_value_new_number_int (n);
  else
    {
      g_autofree char *text = NULL;
      if (pad > 0 && n >= 0)
        text = g_strdup_printf ("%s%0*" G_GINT64_FORMAT, prefix ? prefix : "", (int) pad, n);
      else
        text = g_strdup_printf ("%s%" G_GINT64_FORMAT, prefix ? prefix : "", n);
      return ks_value_new_string (text, -1);
    }
}

static void
append_crockford (GString *out, guint64 bits, guint n_chars)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  for (guint i = n_chars; i > 0; i--)
    g_string_append_c (out, alphabet[(bits >> (5 * (i - 1))) & 31]);
}

/* A ULID: 48 bits of milliseconds, then 80 random bits, Crockford base 32
 * (10 + 16 characters), https://github.com/ulid/spec */
static char *
make_ulid (GRand *rand, const char *prefix, gint64 ms)
{
  GString *out = g_string_new (prefix);
  guint64 hi = ((guint64) g_rand_int (rand) << 8) | (g_rand_int (rand) & 0xff);   /* 40 bits */
  guint64 lo = ((guint64) g_rand_int (rand) << 8) | (g_rand_int (rand) & 0xff);   /* 40 bits */

  append_crockford (out, (guint64) ms & G_GUINT64_CONSTANT (0xffffffffffff), 10);
  append_crockford (out, hi, 8);
  append_crockford (out, lo, 8);
  return g_string_free (out, FALSE);
}

static char *
make_uuid (GRand *rand, const char *prefix)
{
  guint8 b[16];

  for (guint i = 0; i < 16; i += 4)
    {
      guint32 r = g_rand_int (rand);
      b[i] = r >> 24;
      b[i + 1] = r >> 16;
      b[i + 2] = r >> 8;
      b[i + 3] = r;
    }
  b[6] = (b[6] & 0x0f) | 0x40;      /* version 4 */
  b[8] = (b[8] & 0x3f) | 0x80;      /* RFC 4122 variant */
  return g_strdup_printf ("%s%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          prefix, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static char *
make_words (GRand *rand, guint n, const char *style)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const char *w = PICK (rand, words);
      if (i > 0)
        g_string_append_c (out, ' ');
      if (g_str_equal (style, "title") || (i == 0 && g_str_equal (style, "sentence")))
        {
          g_string_append_c (out, g_ascii_toupper (w[0]));
          g_string_append (out, w + 1);
        }
      else
        g_string_append (out, w);
    }
  return g_string_free (out, FALSE);
}

/* first.last from a name: ASCII, lower case, dots between the parts. */
static char *
email_local_part (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if ((*p == ' ' || *p == '-' || *p == '.') && out->len > 0 && out->str[out->len - 1] != '.')
        g_string_append_c (out, '.');
    }
  while (out->len > 0 && out->str[out->len - 1] == '.')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, out->len == 0);
}

static KsValue *
column_make (Gen *g, Column *c)
{
  GRand *rand = g->rand;

  switch (c->kind)
    {
    case KS_GENERATOR_NONE:
      return NULL;

    case KS_GENERATOR_SEQUENCE:
      {
        gint64 n = c->next;
        /* at the end of the range the number repeats, and the item's key
         * collides: generation stops with a clear error */
        if ((c->step > 0 && c->next <= G_MAXINT64 - c->step) ||
            (c->step < 0 && c->next >= G_MININT64 - c->step))
          c->next += c->step;
        return number_or_string (c->type, c->prefix, n, c->pad);
      }

    case KS_GENERATOR_UUID:
      {
        g_autofree char *text = make_uuid (rand, c->prefix);
        return ks_value_new_string (text, -1);
      }

    case KS_GENERATOR_ULID:
      {
        gint64 ms = rand_range64 (rand, c->min, c->max);
        g_autofree char *text = NULL;
        KsValue *source = c->depends_on >= 0 ? g->current[c->depends_on] : NULL;

        if (source && ks_value_get_type (source) == KS_TYPE_S)
          {
            gint64 t;
            /* the same second (or day) as the item's timestamp, so the
             * ULIDs sort like it; the milliseconds stay random */
            if (_ks_generator_parse_time (ks_value_get_string (source, NULL), &t))
              ms = t + (t % 1000 == 0 ? g_rand_int_range (rand, 0, 1000) : 0);
          }
        else if (source && ks_value_get_type (source) == KS_TYPE_N)
          {
            double t = ks_value_get_double (source);
            /* epoch seconds or milliseconds */
            ms = t > 1e11 ? (gint64) t : (gint64) (t * 1000) + g_rand_int_range (rand, 0, 1000);
          }
        text = make_ulid (rand, c->prefix, MAX (ms, 0));
        return ks_value_new_string (text, -1);
      }

    case KS_GENERATOR_TIMESTAMP:
      {
        gint64 ms = rand_range64 (rand, c->min, c->max);
        g_autofree char *text = NULL;

        switch (c->format)
          {
          case KS_TIME_EPOCH:
            return ks_value_new_number_int (ms / 1000);
          case KS_TIME_EPOCH_MS:
            return ks_value_new_number_int (ms);
          case KS_TIME_ISO:
          case KS_TIME_ISO_MS:
          case KS_TIME_DATE:
          default:
            text = format_time (ms, c->format);
            return ks_value_new_string (text, -1);
          }
      }

    case KS_GENERATOR_INTEGER:
      return number_or_string (c->type, "", rand_range64 (rand, c->min, c->max), c->pad);

    case KS_GENERATOR_DECIMAL:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        char format[16];
        double d = c->dmin + g_rand_double (rand) * (c->dmax - c->dmin);

        g_snprintf (format, sizeof format, "%%.%uf", c->pad);
        g_ascii_formatd (buf, sizeof buf, format, CLAMP (d, c->dmin, c->dmax));
        if (c->type == KS_TYPE_S)
          return ks_value_new_string (buf, -1);
        return ks_value_new_number (buf, NULL);
      }

    case KS_GENERATOR_ENUM:
      {
        double total = g_array_index (c->cumulative, double, c->cumulative->len - 1);
        double r = g_rand_double (rand) * total;
        guint i = 0;

        while (i + 1 < c->cumulative->len && r >= g_array_index (c->cumulative, double, i))
          i++;
        return ks_value_ref (g_ptr_array_index (c->values, i));
      }

    case KS_GENERATOR_PERSON_NAME:
      {
        const char *first = PICK (rand, first_names);
        const char *last = PICK (rand, last_names);
        g_autofree char *full = NULL;

        if (g_str_equal (c->text, "first"))
          return ks_value_new_string (first, -1);
        if (g_str_equal (c->text, "last"))
          return ks_value_new_string (last, -1);
        full = g_strdup_printf ("%s %s", first, last);
        return ks_value_new_string (full, -1);
      }

    case KS_GENERATOR_EMAIL:
      {
        KsValue *source = c->depends_on >= 0 ? g->current[c->depends_on] : NULL;
        const char *domain = c->text ? c->text : PICK (rand, email_domains);
        g_autofree char *local = NULL;
        g_autofree char *text = NULL;

        if (source && ks_value_get_type (source) == KS_TYPE_S)
          local = email_local_part (ks_value_get_string (source, NULL));
        if (local == NULL)
          {
            g_autofree char *name = g_strdup_printf ("%s %s", PICK (rand, first_names), PICK (rand, last_names));
            local = email_local_part (name);
          }
        /* people share names; a number keeps most addresses apart */
        if (g_rand_double (rand) < 0.4)
          text = g_strdup_printf ("%s%d@%s", local, g_rand_int_range (rand, 1, 100), domain);
        else
          text = g_strdup_printf ("%s@%s", local, domain);
        return ks_value_new_string (text, -1);
      }

    case KS_GENERATOR_CITY:
      return ks_value_new_string (PICK (rand, cities), -1);

    case KS_GENERATOR_WORDS:
      {
        guint n = (guint) rand_range64 (rand, c->min, c->max);

        if (c->type == KS_TYPE_S)
          {
            g_autofree char *text = make_words (rand, n, c->text);
            return ks_value_new_string (text, -1);
          }
        else
          {
            GPtrArray *elems = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
            g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

            while (elems->len < n)
              {
                const char *w = PICK (rand, words);
                /* a set holds each word once */
                if (c->type == KS_TYPE_SS && !g_hash_table_add (seen, (gpointer) w))
                  continue;
                g_ptr_array_add (elems, ks_value_new_string (w, -1));
              }
            return ks_value_new_list (c->type, elems);
          }
      }

    case KS_GENERATOR_BOOLEAN:
      return ks_value_new_bool (g_rand_double (rand) < _ks_generator_spec_number (c->spec, "probability", 0.5));

    case KS_GENERATOR_REFERENCE:
      {
        KsItem *item = g_hash_table_lookup (g->picks, c->ref_entity);
        KsValue *v;

        /* every reference of one item to one entity copies from the same
         * item of it: an order line's orderId and orderedAt match */
        if (item == NULL)
          {
            item = g_ptr_array_index (c->pool, g_rand_int_range (rand, 0, c->pool->len));
            g_hash_table_insert (g->picks, c->ref_entity, item);
          }
        v = ks_value_lookup_interned (ks_item_get_values (item), c->ref_attr);
        return v ? ks_value_ref (v) : NULL;
      }

    case KS_N_GENERATOR_KINDS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* Makes one item's values, independent columns first. */
static KsValue *
gen_make_values (Gen *g)
{
  KsMapBuilder *b;

  g_hash_table_remove_all (g->picks);
  for (guint i = 0; i < g->columns->len; i++)
    g_clear_pointer (&g->current[i], ks_value_unref);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < g->columns->len; i++)
      {
        Column *c = &g_array_index (g->columns, Column, i);
        if (c->dependent != (pass == 1))
          continue;
        if (c->presence < 1 && g_rand_double (g->rand) >= c->presence)
          continue;
        g->current[i] = column_make (g, c);
      }
  b = ks_map_builder_new (g->columns->len);
  for (guint i = 0; i < g->columns->len; i++)
    if (g->current[i])
      ks_map_builder_add_interned (b, g_array_index (g->columns, Column, i).name,
                                   ks_value_ref (g->current[i]));
  return ks_map_builder_end (b);
}

static gboolean
gen_add_column (Gen *g, const char *name, KsType declared, const KsValue *spec, GError **error)
{
  Column c = { 0 };
  g_autofree char *where = g_strdup_printf ("entity %s, generators.%s", ks_entity_get_name (g->entity), name);

  if (!ks_generator_check_spec (spec, where, error))
    return FALSE;
  if (!column_setup (g, &c, name, declared, spec, where, error))
    {
      column_clear (&c);
      return FALSE;
    }
  g_array_append_val (g->columns, c);
  return TRUE;
}

/* Links the columns that read another attribute of the item. */
static void
gen_link (Gen *g)
{
  for (guint i = 0; i < g->columns->len; i++)
    {
      Column *c = &g_array_index (g->columns, Column, i);
      const char *source = NULL;

      if (c->kind == KS_GENERATOR_ULID)
        source = _ks_generator_spec_string (c->spec, "timeAttribute", NULL);
      else if (c->kind == KS_GENERATOR_EMAIL)
        source = _ks_generator_spec_string (c->spec, "nameAttribute", NULL);
      c->depends_on = source ? find_column (g, source) : -1;
      /* a source that is itself dependent is made later: read nothing */
      if (c->depends_on >= 0 && g_array_index (g->columns, Column, c->depends_on).dependent)
        c->depends_on = -1;
    }
  g->current = g_new0 (KsValue *, MAX (g->columns->len, 1));
}

/* Generation ------------------------------------------------------------- */

static void
add_template_attributes (GPtrArray *names, KsEntity *entity)
{
  for (guint t = 0; t < ks_entity_get_n_templates (entity); t++)
    {
      KsTemplate *tmpl = ks_entity_get_parsed_template (entity, ks_entity_get_template_key (entity, t));
      g_autoptr(GPtrArray) attrs = tmpl ? ks_template_get_attributes (tmpl) : NULL;

      for (guint k = 0; attrs && k < attrs->len; k++)
        {
          const char *a = g_intern_string (g_ptr_array_index (attrs, k));
          if (!g_ptr_array_find (names, a, NULL))
            g_ptr_array_add (names, (gpointer) a);
        }
    }
}

/* A spec for an attribute no generator names and the entity does not
 * declare, but a key template reads. */
static KsValue *
template_only_spec (KsEntity *entity, const char *name, GArray *slots)
{
  KsType type = KS_TYPE_S;
  guint pad = _ks_generator_pad_width (entity, name);
  g_autofree char *json = NULL;

  /* a single placeholder for an N key makes a number */
  for (guint i = 0; i < slots->len; i++)
    {
      const KsKeySlot *s = &g_array_index (slots, KsKeySlot, i);
      if (s->tmpl && s->type == KS_TYPE_N && g_strcmp0 (ks_template_get_single_attribute (s->tmpl), name) == 0)
        type = KS_TYPE_N;
    }
  if (type == KS_TYPE_N || pad > 0)
    {
      /* numbers that fit the pad:N width keep their sort order */
      gint64 max = 1;
      for (guint k = 0; k < (pad > 0 ? MIN (pad, 15) : 6); k++)
        max *= 10;
      json = g_strdup_printf ("{\"kind\": \"integer\", \"min\": 0, \"max\": %" G_GINT64_FORMAT "}", max - 1);
    }
  else if (_ks_generator_is_id_name (name))
    json = g_strdup ("{\"kind\": \"ulid\"}");
  else
    json = g_strdup ("{\"kind\": \"words\", \"min\": 1, \"max\": 2, \"style\": \"lower\"}");
  {
    g_autoptr(JsonNode) node = json_from_string (json, NULL);
    return ks_value_from_json_node (node);
  }
}

static Gen *
gen_prepare (KsDesign *design, KsEntity *entity, guint64 seed, GArray *slots, GError **error)
{
  g_autoptr(Gen) g = gen_new (design, entity, seed);
  GListModel *attrs = G_LIST_MODEL (ks_entity_get_attributes (entity));
  KsValue *stored = ks_entity_get_generators (entity);
  g_autoptr(GPtrArray) extra = g_ptr_array_new ();

  /* declared attributes, in order */
  for (guint i = 0; i < g_list_model_get_n_items (attrs); i++)
    {
      g_autoptr(KsAttribute) attr = g_list_model_get_item (attrs, i);
      const char *name = ks_attribute_get_name (attr);
      g_autoptr(KsValue) spec = ks_generator_get_spec (design, entity, name);

      if (spec && !gen_add_column (g, name, ks_attribute_get_value_type (attr), spec, error))
        return NULL;
    }
  /* generators of undeclared attributes, then attributes only templates read */
  for (guint i = 0; stored && i < ks_value_get_length (stored); i++)
    {
      const KsMapEntry *e = ks_value_get_entry (stored, i);
      if (ks_entity_find_attribute (entity, e->name) == NULL &&
          !gen_add_column (g, e->name, KS_TYPE_INVALID, e->value, error))
        return NULL;
    }
  add_template_attributes (extra, entity);
  for (guint i = 0; i < extra->len; i++)
    {
      const char *name = g_ptr_array_index (extra, i);
      g_autoptr(KsValue) spec = NULL;

      if (find_column (g, name) >= 0 || ks_entity_find_attribute (entity, name) != NULL ||
          (stored && ks_value_lookup (stored, name)))
        continue;
      spec = template_only_spec (entity, name, slots);
      if (!gen_add_column (g, name, KS_TYPE_INVALID, spec, error))
        return NULL;
    }

  /* the table's key needs its attributes in every item */
  for (guint i = 0; i < slots->len; i++)
    {
      const KsKeySlot *s = &g_array_index (slots, KsKeySlot, i);
      g_autoptr(GPtrArray) names = NULL;

      if (!s->is_table)
        continue;
      if (s->tmpl)
        names = ks_template_get_attributes (s->tmpl);
      else
        {
          names = g_ptr_array_new ();
          g_ptr_array_add (names, (gpointer) s->name);
        }
      for (guint k = 0; k < names->len; k++)
        {
          int c = find_column (g, g_ptr_array_index (names, k));
          if (c < 0 || g_array_index (g->columns, Column, c).kind == KS_GENERATOR_NONE)
            {
              g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                           "entity %s: the table key %s needs attribute %s, which no generator fills",
                           ks_entity_get_name (entity), s->name, (char *) g_ptr_array_index (names, k));
              return NULL;
            }
          g_array_index (g->columns, Column, c).presence = 1;
        }
    }
  gen_link (g);
  return g_steal_pointer (&g);
}

static gboolean
check_templates (KsEntity *entity, GError **error)
{
  for (guint t = 0; t < ks_entity_get_n_templates (entity); t++)
    {
      const char *key = ks_entity_get_template_key (entity, t);
      const GError *terr = ks_entity_get_template_error (entity, key);
      if (terr)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "entity %s: the template of %s does not parse (%s); fix it before generating items",
                       ks_entity_get_name (entity), key, terr->message);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ks_generator_generate (KsDesign   *design,
                       KsEntity   *entity,
                       guint       count,
                       guint64     seed,
                       GPtrArray **items,
                       GError    **error)
{
  g_autoptr(Gen) g = NULL;
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GHashTable) taken = NULL;
  g_autoptr(GPtrArray) made = NULL;
  GListModel *entities;
  KsTable *table;

  g_return_val_if_fail (KS_IS_DESIGN (design), FALSE);
  g_return_val_if_fail (KS_IS_ENTITY (entity), FALSE);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *items = NULL;
  table = ks_design_get_entity_table (design, entity);
  if (table == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND,
                   "entity %s: no table to generate items for (table \"%s\" does not exist)",
                   ks_entity_get_name (entity), ks_entity_get_table (entity) ? ks_entity_get_table (entity) : "");
      return FALSE;
    }
  if (!check_templates (entity, error))
    return FALSE;
  slots = _ks_generator_key_slots (table, entity);
  g = gen_prepare (design, entity, seed, slots, error);
  if (g == NULL)
    return FALSE;

  /* the primary keys the table holds already, of every entity in it */
  taken = g_hash_table_new_full ((GHashFunc) ks_value_hash, (GEqualFunc) ks_value_equal,
                                 (GDestroyNotify) ks_value_unref, NULL);
  entities = G_LIST_MODEL (ks_design_get_entities (design));
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) other = g_list_model_get_item (entities, e);
      g_autoptr(GArray) other_slots = NULL;

      if (ks_design_get_entity_table (design, other) != table)
        continue;
      other_slots = other == entity ? g_array_ref (slots) : _ks_generator_key_slots (table, other);
      for (guint i = 0; i < ks_entity_get_n_items (other); i++)
        {
          g_autofree char *why = NULL;
          gboolean bad;
          KsValue *key = _ks_generator_primary_key (other_slots, ks_item_get_values (ks_entity_get_item (other, i)), &bad, &why);
          if (key)
            g_hash_table_add (taken, key);
        }
    }

  made = g_ptr_array_new_full (count, (GDestroyNotify) ks_item_unref);
  for (guint n = 0; n < count; n++)
    {
      g_autofree char *last_problem = NULL;
      gboolean collided = FALSE;
      guint attempt;

      for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
        {
          g_autoptr(KsValue) values = gen_make_values (g);
          g_autoptr(KsValue) key = NULL;
          g_autofree char *why = NULL;
          gboolean bad = FALSE, ok = TRUE;

          key = _ks_generator_primary_key (slots, values, &bad, &why);
          if (key == NULL)
            {
              g_free (last_problem);
              last_problem = g_steal_pointer (&why);
              continue;
            }
          if (g_hash_table_contains (taken, key))
            {
              g_autofree char *shown = ks_value_to_display (key);
              g_free (last_problem);
              last_problem = g_strdup_printf ("the primary key %s is taken", shown);
              collided = TRUE;
              continue;
            }
          /* the index keys must be valid where present (absent: sparse) */
          for (guint i = 0; i < slots->len && ok; i++)
            {
              const KsKeySlot *s = &g_array_index (slots, KsKeySlot, i);
              g_autoptr(KsValue) v = NULL;
              if (s->is_table)
                continue;
              if (_ks_generator_render_key (s, values, &v, &why) == KS_KEY_BAD)
                {
                  g_free (last_problem);
                  last_problem = g_steal_pointer (&why);
                  ok = FALSE;
                }
              g_clear_pointer (&why, g_free);
            }
          if (!ok)
            continue;
          g_hash_table_add (taken, g_steal_pointer (&key));
          g_ptr_array_add (made, ks_item_new (g_steal_pointer (&values)));
          break;
        }
      if (attempt == MAX_ATTEMPTS)
        {
          g_autofree char *attrs = _ks_generator_table_key_attributes (slots);
          if (collided)
            g_set_error (error, KS_ERROR, KS_ERROR_LIMIT,
                         "entity %s: item %u of %u: %u attempts gave no primary key that is still free (last: %s); "
                         "the generators of %s give too few distinct keys",
                         ks_entity_get_name (entity), n + 1, count, MAX_ATTEMPTS, last_problem, attrs);
          else
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                         "entity %s: item %u of %u: %u attempts gave no valid keys (last: %s)",
                         ks_entity_get_name (entity), n + 1, count, MAX_ATTEMPTS, last_problem);
          return FALSE;
        }
    }
  *items = g_steal_pointer (&made);
  return TRUE;
}

GPtrArray *
ks_generator_preview (KsDesign      *design,
                      KsEntity      *entity,
                      const char    *attribute_name,
                      const KsValue *spec,
                      guint          count,
                      guint64        seed,
                      GError       **error)
{
  g_autoptr(Gen) g = NULL;
  g_autoptr(GPtrArray) out = NULL;
  KsAttribute *attr;
  Column *c;

  g_return_val_if_fail (KS_IS_DESIGN (design), NULL);
  g_return_val_if_fail (KS_IS_ENTITY (entity), NULL);
  g_return_val_if_fail (attribute_name != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  g = gen_new (design, entity, seed);
  attr = ks_entity_find_attribute (entity, attribute_name);
  if (!gen_add_column (g, attribute_name, attr ? ks_attribute_get_value_type (attr) : KS_TYPE_INVALID,
                       spec, error))
    return NULL;
  gen_link (g);
  c = &g_array_index (g->columns, Column, 0);
  /* a preview shows the values, not their absence */
  c->presence = 1;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_value_unref);
  for (guint i = 0; i < count; i++)
    {
      KsValue *v;
      g_hash_table_remove_all (g->picks);
      v = column_make (g, c);
      if (v)
        g_ptr_array_add (out, v);
    }
  return g_steal_pointer (&out);
}
