/* ks-generator.c: sample-data generators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kinds and their parameters, the spec check, and generation. Guessing
 * a spec from a design lives in ks-generator-guess.c.
 *
 * One generation is a list of columns, one per attribute, each with its
 * kind, parameters and state (a sequence's next number, a reference's pool
 * of items). An item is made column by column from one GRand; columns that
 * read another attribute of the item (an e-mail from a name, a ULID from a
 * timestamp) run after the others. The item's keys are then rendered from
 * the entity's templates, and an item whose primary key is taken, or whose
 * keys break DynamoDB's rules, is made again.
 */
#define G_LOG_DOMAIN "keyshape-generator"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ks-error.h"
#include "ks-generator.h"
#include "ks-generator-private.h"

/* Attempts per item before giving up on distinct, valid keys. */
#define MAX_ATTEMPTS 100
/* DynamoDB's key sizes (rules §2.2) */
#define MAX_PK_BYTES 2048
#define MAX_SK_BYTES 1024
/* Keeps integer ranges exact in a double and in the sums below. */
#define MAX_SAFE_INTEGER 9007199254740991.0

/* Kinds and parameters ----------------------------------------------------- */

#define T(type) (1u << (type))
#define P_INT   KS_GENERATOR_PARAM_INTEGER
#define P_NUM   KS_GENERATOR_PARAM_NUMBER
#define P_PROB  KS_GENERATOR_PARAM_PROBABILITY
#define P_STR   KS_GENERATOR_PARAM_STRING
#define P_TIME  KS_GENERATOR_PARAM_TIMESTAMP
#define P_CHOICE KS_GENERATOR_PARAM_CHOICE
#define P_VALUES KS_GENERATOR_PARAM_VALUES
#define P_WEIGHTS KS_GENERATOR_PARAM_WEIGHTS
#define P_ENTITY KS_GENERATOR_PARAM_ENTITY
#define P_ATTR  KS_GENERATOR_PARAM_ATTRIBUTE

static const char * const time_formats[] = { "iso", "iso-ms", "date", "epoch", "epoch-ms", NULL };
static const char * const name_styles[] = { "full", "first", "last", NULL };
static const char * const word_styles[] = { "sentence", "lower", "title", NULL };

#define PRESENCE \
  { "presence", P_PROB, N_("Presence"), N_("The chance that an item has the attribute at all"), "1", FALSE, NULL }

static const KsGeneratorParam sequence_params[] = {
  { "start", P_INT, N_("Start"), N_("The first number"), "1", FALSE, NULL },
  { "step", P_INT, N_("Step"), N_("Added for each further value"), "1", FALSE, NULL },
  { "pad", P_INT, N_("Digits"), N_("Zero-pad strings to this many digits (0: no padding)"), "0", FALSE, NULL },
  { "prefix", P_STR, N_("Prefix"), N_("Text before the number (strings only)"), "\"\"", FALSE, NULL },
  PRESENCE,
};

static const KsGeneratorParam uuid_params[] = {
  { "prefix", P_STR, N_("Prefix"), N_("Text before the UUID"), "\"\"", FALSE, NULL },
  PRESENCE,
};

static const KsGeneratorParam ulid_params[] = {
  { "prefix", P_STR, N_("Prefix"), N_("Text before the ULID"), "\"\"", FALSE, NULL },
  { "from", P_TIME, N_("From"), N_("Earliest time of the ULID's time part"), "\"" KS_GENERATOR_DEFAULT_FROM "\"", FALSE, NULL },
  { "to", P_TIME, N_("To"), N_("Latest time of the ULID's time part"), "\"" KS_GENERATOR_DEFAULT_TO "\"", FALSE, NULL },
  { "timeAttribute", P_ATTR, N_("Time from"), N_("Take the time part from this timestamp attribute of the item, so ULIDs sort like it"), NULL, FALSE, NULL },
  PRESENCE,
};

static const KsGeneratorParam timestamp_params[] = {
  { "from", P_TIME, N_("From"), N_("The earliest time"), "\"" KS_GENERATOR_DEFAULT_FROM "\"", FALSE, NULL },
  { "to", P_TIME, N_("To"), N_("The latest time"), "\"" KS_GENERATOR_DEFAULT_TO "\"", FALSE, NULL },
  { "format", P_CHOICE, N_("Format"), N_("iso, iso-ms or date for strings (fixed width, so they sort); epoch or epoch-ms for numbers (the default for N attributes)"), NULL, FALSE, time_formats },
  PRESENCE,
};

static const KsGeneratorParam integer_params[] = {
  { "min", P_INT, N_("Minimum"), N_("The smallest value"), "0", FALSE, NULL },
  { "max", P_INT, N_("Maximum"), N_("The largest value"), "1000", FALSE, NULL },
  { "pad", P_INT, N_("Digits"), N_("Zero-pad strings to this many digits (0: no padding)"), "0", FALSE, NULL },
  PRESENCE,
};

static const KsGeneratorParam decimal_params[] = {
  { "min", P_NUM, N_("Minimum"), N_("The smallest value"), "0", FALSE, NULL },
  { "max", P_NUM, N_("Maximum"), N_("The largest value"), "1000", FALSE, NULL },
  { "scale", P_INT, N_("Decimals"), N_("Digits after the decimal point"), "2", FALSE, NULL },
  PRESENCE,
};

static const KsGeneratorParam enum_params[] = {
  { "values", P_VALUES, N_("Values"), N_("The values to pick from"), NULL, TRUE, NULL },
  { "weights", P_WEIGHTS, N_("Weights"), N_("How often each value comes up, relative to the others (default: equally)"), NULL, FALSE, NULL },
  PRESENCE,
};

static const KsGeneratorParam person_name_params[] = {
  { "style", P_CHOICE, N_("Style"), N_("full (first and last name), first or last"), "\"full\"", FALSE, name_styles },
  PRESENCE,
};

static const KsGeneratorParam email_params[] = {
  { "domain", P_STR, N_("Domain"), N_("The domain of every address (default: example.com, example.org and example.net)"), NULL, FALSE, NULL },
  { "nameAttribute", P_ATTR, N_("Name from"), N_("Make the address from this name attribute of the item"), NULL, FALSE, NULL },
  PRESENCE,
};

static const KsGeneratorParam city_params[] = {
  PRESENCE,
};

static const KsGeneratorParam words_params[] = {
  { "min", P_INT, N_("Minimum"), N_("The fewest words (elements of a set or list)"), "1", FALSE, NULL },
  { "max", P_INT, N_("Maximum"), N_("The most words (elements of a set or list)"), "3", FALSE, NULL },
  { "style", P_CHOICE, N_("Style"), N_("sentence (first word capitalised), lower or title"), "\"sentence\"", FALSE, word_styles },
  PRESENCE,
};

static const KsGeneratorParam boolean_params[] = {
  { "probability", P_PROB, N_("Probability"), N_("The chance of true"), "0.5", FALSE, NULL },
  PRESENCE,
};

static const KsGeneratorParam reference_params[] = {
  { "entity", P_ENTITY, N_("Entity"), N_("The entity whose items are referred to"), NULL, TRUE, NULL },
  { "attribute", P_ATTR, N_("Attribute"), N_("The attribute of those items to copy (default: the same name)"), NULL, FALSE, NULL },
  PRESENCE,
};

#define KIND(k, id, label, desc, types, params) \
  { k, id, label, desc, types, params, G_N_ELEMENTS (params) }

static const KsGeneratorInfo kinds[KS_N_GENERATOR_KINDS] = {
  { KS_GENERATOR_NONE, "none", N_("None"), N_("Leave the attribute out"),
    0xffffffffu, NULL, 0 },
  KIND (KS_GENERATOR_SEQUENCE, "sequence", N_("Sequence"), N_("Numbers counting up: 1, 2, 3 …"),
        T (KS_TYPE_S) | T (KS_TYPE_N), sequence_params),
  KIND (KS_GENERATOR_UUID, "uuid", N_("UUID"), N_("Random UUIDs (version 4)"),
        T (KS_TYPE_S), uuid_params),
  KIND (KS_GENERATOR_ULID, "ulid", N_("ULID"), N_("ULIDs: unique identifiers that sort by time"),
        T (KS_TYPE_S), ulid_params),
  KIND (KS_GENERATOR_TIMESTAMP, "timestamp", N_("Timestamp"), N_("Times in a range, ISO-8601 or epoch"),
        T (KS_TYPE_S) | T (KS_TYPE_N), timestamp_params),
  KIND (KS_GENERATOR_INTEGER, "integer", N_("Whole number"), N_("Whole numbers in a range"),
        T (KS_TYPE_S) | T (KS_TYPE_N), integer_params),
  KIND (KS_GENERATOR_DECIMAL, "decimal", N_("Decimal number"), N_("Numbers in a range, with a fixed number of decimals"),
        T (KS_TYPE_S) | T (KS_TYPE_N), decimal_params),
  KIND (KS_GENERATOR_ENUM, "enum", N_("One of"), N_("One of a list of values, optionally weighted"),
        0xffffffffu, enum_params),
  KIND (KS_GENERATOR_PERSON_NAME, "person-name", N_("Person name"), N_("Names of people from many countries"),
        T (KS_TYPE_S), person_name_params),
  KIND (KS_GENERATOR_EMAIL, "email", N_("E-mail address"), N_("E-mail addresses at example domains"),
        T (KS_TYPE_S), email_params),
  KIND (KS_GENERATOR_CITY, "city", N_("City"), N_("Names of cities around the world"),
        T (KS_TYPE_S), city_params),
  KIND (KS_GENERATOR_WORDS, "words", N_("Words"), N_("A few words of text, or a set or list of words"),
        T (KS_TYPE_S) | T (KS_TYPE_SS) | T (KS_TYPE_L), words_params),
  KIND (KS_GENERATOR_BOOLEAN, "boolean", N_("Boolean"), N_("true or false"),
        T (KS_TYPE_BOOL), boolean_params),
  KIND (KS_GENERATOR_REFERENCE, "reference", N_("Reference"), N_("A value copied from an item of another entity, so relationships hold"),
        0xffffffffu, reference_params),
};

const KsGeneratorInfo *
ks_generator_get_kinds (guint *n_kinds)
{
  if (n_kinds)
    *n_kinds = KS_N_GENERATOR_KINDS;
  return kinds;
}

const KsGeneratorInfo *
ks_generator_get_info (KsGeneratorKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < KS_N_GENERATOR_KINDS, NULL);
  return &kinds[kind];
}

const KsGeneratorInfo *
ks_generator_find_kind (const char *id)
{
  for (guint i = 0; id && i < KS_N_GENERATOR_KINDS; i++)
    if (g_str_equal (kinds[i].id, id))
      return &kinds[i];
  return NULL;
}

gboolean
ks_generator_kind_supports (KsGeneratorKind kind,
                            KsType          type)
{
  g_return_val_if_fail (kind >= 0 && kind < KS_N_GENERATOR_KINDS, FALSE);
  if (type < 0 || type >= KS_N_TYPES)
    return FALSE;
  return (kinds[kind].types & T (type)) != 0;
}

static const KsGeneratorParam *
find_param (const KsGeneratorInfo *info, const char *name)
{
  for (guint i = 0; i < info->n_params; i++)
    if (g_str_equal (info->params[i].name, name))
      return &info->params[i];
  return NULL;
}

/* Times --------------------------------------------------------------------- */

gboolean
_ks_generator_parse_time (const char *text,
                          gint64     *ms)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;
  gsize len = text ? strlen (text) : 0;

  if (len == 10 && text[4] == '-' && text[7] == '-')
    {
      g_autofree char *full = g_strconcat (text, "T00:00:00Z", NULL);
      dt = g_date_time_new_from_iso8601 (full, utc);
    }
  else if (len > 10)
    dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL || g_date_time_get_year (dt) < 1970 || g_date_time_get_year (dt) > 9999)
    return FALSE;
  *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

int
_ks_generator_time_format (const char *text)
{
  gint64 ms;
  gsize len = strlen (text);

  /* only the fixed-width forms the generator writes itself */
  if (!_ks_generator_parse_time (text, &ms))
    return -1;
  if (len == 10)
    return KS_TIME_DATE;
  if (len == 20 && text[10] == 'T' && text[19] == 'Z')
    return KS_TIME_ISO;
  if (len == 24 && text[10] == 'T' && text[19] == '.' && text[23] == 'Z')
    return KS_TIME_ISO_MS;
  return -1;
}

const char *
_ks_generator_time_format_to_string (KsTimeFormat format)
{
  return time_formats[format];
}

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

/* Checking specs ------------------------------------------------------------ */

static gboolean
spec_fail (GError **error, const char *path, const char *member, const char *fmt, ...) G_GNUC_PRINTF (4, 5);

static gboolean
spec_fail (GError **error, const char *path, const char *member, const char *fmt, ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  if (member)
    g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s.%s: %s", path, member, msg);
  else
    g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s", path, msg);
  return FALSE;
}

static gboolean
is_integer (const KsValue *v)
{
  double d;

  if (ks_value_get_type (v) != KS_TYPE_N)
    return FALSE;
  d = ks_value_get_double (v);
  return d == floor (d) && fabs (d) <= MAX_SAFE_INTEGER;
}

static gboolean
check_param (const KsGeneratorParam *param, const KsValue *v, const char *path, GError **error)
{
  KsType t = ks_value_get_type (v);
  gint64 ms;

  switch (param->type)
    {
    case KS_GENERATOR_PARAM_INTEGER:
      if (!is_integer (v))
        return spec_fail (error, path, param->name, "expected a whole number");
      return TRUE;
    case KS_GENERATOR_PARAM_NUMBER:
      if (t != KS_TYPE_N || fabs (ks_value_get_double (v)) > 1e15)
        return spec_fail (error, path, param->name, "expected a number (magnitude up to 1e15)");
      return TRUE;
    case KS_GENERATOR_PARAM_PROBABILITY:
      if (t != KS_TYPE_N || ks_value_get_double (v) < 0 || ks_value_get_double (v) > 1)
        return spec_fail (error, path, param->name, "expected a number from 0 to 1");
      return TRUE;
    case KS_GENERATOR_PARAM_STRING:
      if (t != KS_TYPE_S)
        return spec_fail (error, path, param->name, "expected a string");
      return TRUE;
    case KS_GENERATOR_PARAM_ENTITY:
    case KS_GENERATOR_PARAM_ATTRIBUTE:
      if (t != KS_TYPE_S || ks_value_get_string (v, NULL)[0] == '\0')
        return spec_fail (error, path, param->name, "expected a name");
      return TRUE;
    case KS_GENERATOR_PARAM_TIMESTAMP:
      if (t != KS_TYPE_S || !_ks_generator_parse_time (ks_value_get_string (v, NULL), &ms))
        return spec_fail (error, path, param->name,
                          "expected an ISO-8601 time from 1970 on, such as 2024-01-31 or 2024-01-31T12:00:00Z");
      return TRUE;
    case KS_GENERATOR_PARAM_CHOICE:
      if (t != KS_TYPE_S || !g_strv_contains (param->choices, ks_value_get_string (v, NULL)))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) param->choices);
          return spec_fail (error, path, param->name, "expected one of %s", list);
        }
      return TRUE;
    case KS_GENERATOR_PARAM_VALUES:
      if (t != KS_TYPE_L || ks_value_get_length (v) == 0)
        return spec_fail (error, path, param->name, "expected a non-empty list of values");
      return TRUE;
    case KS_GENERATOR_PARAM_WEIGHTS:
      {
        double sum = 0;
        if (t != KS_TYPE_L)
          return spec_fail (error, path, param->name, "expected a list of numbers");
        for (guint i = 0; i < ks_value_get_length (v); i++)
          {
            KsValue *w = ks_value_get_element (v, i);
            if (ks_value_get_type (w) != KS_TYPE_N || ks_value_get_double (w) < 0 ||
                ks_value_get_double (w) > 1e12)
              {
                g_autofree char *m = g_strdup_printf ("%s[%u]", param->name, i);
                return spec_fail (error, path, m, "expected a number from 0 to 1e12");
              }
            sum += ks_value_get_double (w);
          }
        if (sum <= 0)
          return spec_fail (error, path, param->name, "at least one weight must be above 0");
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static double
spec_number (const KsValue *spec, const char *name, double fallback)
{
  KsValue *v = ks_value_lookup (spec, name);
  return v && ks_value_get_type (v) == KS_TYPE_N ? ks_value_get_double (v) : fallback;
}

static const char *
spec_string (const KsValue *spec, const char *name, const char *fallback)
{
  KsValue *v = ks_value_lookup (spec, name);
  return v && ks_value_get_type (v) == KS_TYPE_S ? ks_value_get_string (v, NULL) : fallback;
}

static gint64
spec_time (const KsValue *spec, const char *name, const char *fallback)
{
  gint64 ms = 0;

  if (!_ks_generator_parse_time (spec_string (spec, name, fallback), &ms))
    g_assert_not_reached ();      /* checked by ks_generator_check_spec() */
  return ms;
}

gboolean
ks_generator_check_spec (const KsValue  *spec,
                         const char     *path,
                         GError        **error)
{
  const KsGeneratorInfo *info;
  const char *kind;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (ks_value_get_type (spec) != KS_TYPE_M)
    return spec_fail (error, path, NULL, "a generator is an object such as {\"kind\": \"ulid\"}");
  kind = spec_string (spec, "kind", NULL);
  if (kind == NULL)
    return spec_fail (error, path, NULL, "a generator needs a \"kind\" string");
  info = ks_generator_find_kind (kind);
  if (info == NULL)
    {
      g_autoptr(GString) known = g_string_new (NULL);
      for (guint i = 0; i < KS_N_GENERATOR_KINDS; i++)
        g_string_append_printf (known, "%s%s", i ? ", " : "", kinds[i].id);
      return spec_fail (error, path, "kind", "unknown generator kind \"%s\" (known: %s)", kind, known->str);
    }

  for (guint i = 0; i < ks_value_get_length (spec); i++)
    {
      const KsMapEntry *e = ks_value_get_entry (spec, i);
      const KsGeneratorParam *param;

      if (g_str_equal (e->name, "kind"))
        continue;
      param = find_param (info, e->name);
      if (param == NULL)
        return spec_fail (error, path, e->name, "a %s generator has no parameter \"%s\"", info->id, e->name);
      if (!check_param (param, e->value, path, error))
        return FALSE;
    }
  for (guint i = 0; i < info->n_params; i++)
    if (info->params[i].required && ks_value_lookup (spec, info->params[i].name) == NULL)
      return spec_fail (error, path, NULL, "a %s generator needs \"%s\"", info->id, info->params[i].name);

  /* consistency between parameters */
  switch (info->kind)
    {
    case KS_GENERATOR_SEQUENCE:
    case KS_GENERATOR_INTEGER:
      if (spec_number (spec, "pad", 0) < 0 || spec_number (spec, "pad", 0) > 38)
        return spec_fail (error, path, "pad", "a width from 0 to 38 digits");
      if (info->kind == KS_GENERATOR_SEQUENCE && spec_number (spec, "step", 1) == 0)
        return spec_fail (error, path, "step", "a step of 0 repeats one number");
      if (info->kind == KS_GENERATOR_INTEGER && spec_number (spec, "min", 0) > spec_number (spec, "max", 1000))
        return spec_fail (error, path, NULL, "min %g is above max %g",
                          spec_number (spec, "min", 0), spec_number (spec, "max", 1000));
      break;
    case KS_GENERATOR_DECIMAL:
      if (spec_number (spec, "min", 0) > spec_number (spec, "max", 1000))
        return spec_fail (error, path, NULL, "min %g is above max %g",
                          spec_number (spec, "min", 0), spec_number (spec, "max", 1000));
      if (spec_number (spec, "scale", 2) < 0 || spec_number (spec, "scale", 2) > 10)
        return spec_fail (error, path, "scale", "from 0 to 10 decimals");
      break;
    case KS_GENERATOR_WORDS:
      if (spec_number (spec, "min", 1) < 1 || spec_number (spec, "max", 3) > 200 ||
          spec_number (spec, "min", 1) > spec_number (spec, "max", 3))
        return spec_fail (error, path, NULL, "min and max words must satisfy 1 ≤ min ≤ max ≤ 200");
      break;
    case KS_GENERATOR_ULID:
    case KS_GENERATOR_TIMESTAMP:
      if (spec_time (spec, "from", KS_GENERATOR_DEFAULT_FROM) > spec_time (spec, "to", KS_GENERATOR_DEFAULT_TO))
        return spec_fail (error, path, NULL, "\"from\" is after \"to\"");
      break;
    case KS_GENERATOR_ENUM:
      {
        KsValue *weights = ks_value_lookup (spec, "weights");
        KsValue *values = ks_value_lookup (spec, "values");
        if (weights && ks_value_get_length (weights) != ks_value_get_length (values))
          return spec_fail (error, path, "weights", "%u weights for %u values",
                            ks_value_get_length (weights), ks_value_get_length (values));
      }
      break;
    case KS_GENERATOR_NONE:
    case KS_GENERATOR_UUID:
    case KS_GENERATOR_PERSON_NAME:
    case KS_GENERATOR_EMAIL:
    case KS_GENERATOR_CITY:
    case KS_GENERATOR_BOOLEAN:
    case KS_GENERATOR_REFERENCE:
    case KS_N_GENERATOR_KINDS:
    default:
      break;
    }
  return TRUE;
}

KsValue *
ks_generator_get_spec (KsDesign   *design,
                       KsEntity   *entity,
                       const char *attribute_name)
{
  KsValue *stored = ks_entity_get_generators (entity);
  KsValue *spec = stored ? ks_value_lookup (stored, attribute_name) : NULL;
  KsAttribute *attr;

  if (spec)
    return ks_value_ref (spec);
  attr = ks_entity_find_attribute (entity, attribute_name);
  return attr ? ks_generator_guess (design, entity, attr) : NULL;
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
      column_clear (&g_array_index (g->columns, Column, i));
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
      format = spec_string (spec, "format", "iso");
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
  const KsGeneratorInfo *info = ks_generator_find_kind (spec_string (spec, "kind", NULL));

  g_assert (info != NULL);
  c->name = g_intern_string (name);
  c->kind = info->kind;
  c->spec = ks_value_ref ((KsValue *) spec);
  c->presence = spec_number (spec, "presence", 1);
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
      c->next = (gint64) spec_number (spec, "start", 1);
      c->step = (gint64) spec_number (spec, "step", 1);
      c->pad = (guint) spec_number (spec, "pad", 0);
      c->prefix = spec_string (spec, "prefix", "");
      break;
    case KS_GENERATOR_UUID:
      c->prefix = spec_string (spec, "prefix", "");
      break;
    case KS_GENERATOR_ULID:
      c->prefix = spec_string (spec, "prefix", "");
      c->min = spec_time (spec, "from", KS_GENERATOR_DEFAULT_FROM);
      c->max = spec_time (spec, "to", KS_GENERATOR_DEFAULT_TO);
      c->dependent = ks_value_lookup (spec, "timeAttribute") != NULL;
      break;
    case KS_GENERATOR_TIMESTAMP:
      {
        const char *format = spec_string (spec, "format", c->type == KS_TYPE_N ? "epoch" : "iso");
        c->format = KS_TIME_ISO;
        for (guint i = 0; time_formats[i]; i++)
          if (g_str_equal (time_formats[i], format))
            c->format = i;
        c->min = spec_time (spec, "from", KS_GENERATOR_DEFAULT_FROM);
        c->max = spec_time (spec, "to", KS_GENERATOR_DEFAULT_TO);
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
      c->min = (gint64) spec_number (spec, "min", 0);
      c->max = (gint64) spec_number (spec, "max", 1000);
      c->pad = (guint) spec_number (spec, "pad", 0);
      break;
    case KS_GENERATOR_DECIMAL:
      c->dmin = spec_number (spec, "min", 0);
      c->dmax = spec_number (spec, "max", 1000);
      c->pad = (guint) spec_number (spec, "scale", 2);
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
      c->text = spec_string (spec, "style", "full");
      break;
    case KS_GENERATOR_EMAIL:
      c->text = spec_string (spec, "domain", NULL);
      c->dependent = ks_value_lookup (spec, "nameAttribute") != NULL;
      break;
    case KS_GENERATOR_WORDS:
      c->min = (gint64) spec_number (spec, "min", 1);
      c->max = (gint64) spec_number (spec, "max", 3);
      c->text = spec_string (spec, "style", "sentence");
      if (c->type == KS_TYPE_SS)
        c->max = MIN (c->max, (gint64) G_N_ELEMENTS (words));
      break;
    case KS_GENERATOR_REFERENCE:
      {
        const char *ename = spec_string (spec, "entity", NULL);
        KsEntity *target = ks_design_find_entity (g->design, ename);

        if (target == NULL)
          {
            g_set_error (error, KS_ERROR, KS_ERROR_NOT_FOUND,
                         "%s: refers to entity \"%s\", which the design does not have", where, ename);
            return FALSE;
          }
        c->ref_entity = target;
        c->ref_attr = g_intern_string (spec_string (spec, "attribute", name));
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
      return ks_value_new_bool (g_rand_double (rand) < spec_number (c->spec, "probability", 0.5));

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
        source = spec_string (c->spec, "timeAttribute", NULL);
      else if (c->kind == KS_GENERATOR_EMAIL)
        source = spec_string (c->spec, "nameAttribute", NULL);
      c->depends_on = source ? find_column (g, source) : -1;
      /* a source that is itself dependent is made later: read nothing */
      if (c->depends_on >= 0 && g_array_index (g->columns, Column, c->depends_on).dependent)
        c->depends_on = -1;
    }
  g->current = g_new0 (KsValue *, MAX (g->columns->len, 1));
}

/* Keys ---------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  KsType      type;
  gboolean    is_sort;
  gboolean    is_table;
  KsTemplate *tmpl;        /* the entity's template, or NULL: own value */
} KeySlot;

/* Whether @name is a sort key of the table or of an index: those take
 * 1,024 bytes, partition keys 2,048 (rules §2.2). */
static gboolean
is_sort_key (KsTable *table, const char *name)
{
  const KsKeySchema *ts = ks_table_get_key_schema (table);
  GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));

  for (guint k = 0; k < ts->n_sk; k++)
    if (g_str_equal (ts->sk[k].name, name))
      return TRUE;
  for (guint x = 0; x < g_list_model_get_n_items (indexes); x++)
    {
      g_autoptr(KsIndex) index = g_list_model_get_item (indexes, x);
      const KsKeySchema *is = ks_index_get_key_schema (index);
      for (guint k = 0; k < is->n_sk; k++)
        if (g_str_equal (is->sk[k].name, name))
          return TRUE;
    }
  return FALSE;
}

/* The entity's key attributes in its table: the table's first, then the
 * indexes'. */
static GArray *
key_slots (KsTable *table, KsEntity *entity)
{
  GArray *slots = g_array_new (FALSE, TRUE, sizeof (KeySlot));
  const KsKeySchema *ts = ks_table_get_key_schema (table);
  g_autoptr(GArray) all = ks_table_list_key_attributes (table);

  for (guint i = 0; i < all->len; i++)
    {
      const KsKeyAttr *ka = &g_array_index (all, KsKeyAttr, i);
      KeySlot s = { ka->name, ka->type, FALSE, FALSE, NULL };

      s.is_table = (ts->n_pk > 0 && g_str_equal (ts->pk[0].name, ka->name)) ||
                   (ts->n_sk > 0 && g_str_equal (ts->sk[0].name, ka->name));
      s.is_sort = is_sort_key (table, ka->name);
      s.tmpl = ks_entity_get_parsed_template (entity, ka->name);
      g_array_append_val (slots, s);
    }
  return slots;
}

typedef enum
{
  KEY_OK,
  KEY_ABSENT,
  KEY_BAD,
} KeyResult;

/* Renders (or looks up) one key attribute of @values. */
static KeyResult
render_key (const KeySlot *s, const KsValue *values, KsValue **out, char **why)
{
  g_autoptr(GError) error = NULL;
  const char *missing = NULL;
  gsize len = 0;

  *out = NULL;
  if (s->tmpl)
    {
      KsRenderResult r = ks_template_render (s->tmpl, values, s->type, out, &missing, NULL, &error);
      if (r == KS_RENDER_MISSING)
        {
          *why = g_strdup_printf ("%s has no value of %s", s->name, missing);
          return KEY_ABSENT;
        }
      if (r == KS_RENDER_ERROR)
        {
          *why = g_strdup_printf ("%s: %s", s->name, error->message);
          return KEY_BAD;
        }
    }
  else
    {
      KsValue *v = ks_value_lookup (values, s->name);
      if (v == NULL)
        {
          *why = g_strdup_printf ("%s has no value", s->name);
          return KEY_ABSENT;
        }
      if (ks_value_get_type (v) != s->type)
        {
          *why = g_strdup_printf ("%s is of type %s, the key is %s", s->name,
                                  ks_type_to_string (ks_value_get_type (v)), ks_type_to_string (s->type));
          return KEY_BAD;
        }
      *out = ks_value_ref (v);
    }
  if (s->type == KS_TYPE_S)
    ks_value_get_string (*out, &len);
  else if (s->type == KS_TYPE_B)
    ks_value_get_binary (*out, &len);
  else
    len = 1;
  if (len == 0 || len > (s->is_sort ? MAX_SK_BYTES : MAX_PK_BYTES))
    {
      *why = g_strdup_printf ("%s would be %" G_GSIZE_FORMAT " bytes long (keys take 1 to %u)",
                              s->name, len, s->is_sort ? MAX_SK_BYTES : MAX_PK_BYTES);
      g_clear_pointer (out, ks_value_unref);
      return KEY_BAD;
    }
  return KEY_OK;
}

/* The primary key of @values as one value (pk, or a list [pk, sk]), or
 * NULL with *why set. *bad: the key is wrong rather than absent. */
static KsValue *
primary_key (GArray *slots, const KsValue *values, gboolean *bad, char **why)
{
  KsValue *parts[2] = { NULL, NULL };
  guint n = 0;

  *bad = FALSE;
  for (guint i = 0; i < slots->len; i++)
    {
      const KeySlot *s = &g_array_index (slots, KeySlot, i);
      KsValue *v;
      KeyResult r;

      if (!s->is_table)
        continue;
      r = render_key (s, values, &v, why);
      if (r != KEY_OK)
        {
          *bad = r == KEY_BAD;
          for (guint k = 0; k < n; k++)
            ks_value_unref (parts[k]);
          return NULL;
        }
      parts[n++] = v;
    }
  if (n == 1)
    return parts[0];
  else
    {
      GPtrArray *list = g_ptr_array_new ();
      for (guint k = 0; k < n; k++)
        g_ptr_array_add (list, parts[k]);
      return ks_value_new_list (KS_TYPE_L, list);
    }
}

/* The attributes the table key templates read, for error messages. */
static char *
table_key_attributes (GArray *slots)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < slots->len; i++)
    {
      const KeySlot *s = &g_array_index (slots, KeySlot, i);
      g_autoptr(GPtrArray) names = NULL;

      if (!s->is_table)
        continue;
      if (s->tmpl == NULL)
        {
          g_string_append_printf (out, "%s%s", out->len ? ", " : "", s->name);
          continue;
        }
      names = ks_template_get_attributes (s->tmpl);
      for (guint k = 0; k < names->len; k++)
        if (!strstr (out->str, g_ptr_array_index (names, k)))
          g_string_append_printf (out, "%s%s", out->len ? ", " : "", (char *) g_ptr_array_index (names, k));
    }
  return g_string_free (out, FALSE);
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
      const KeySlot *s = &g_array_index (slots, KeySlot, i);
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
      const KeySlot *s = &g_array_index (slots, KeySlot, i);
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
  slots = key_slots (table, entity);
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
      other_slots = other == entity ? g_array_ref (slots) : key_slots (table, other);
      for (guint i = 0; i < ks_entity_get_n_items (other); i++)
        {
          g_autofree char *why = NULL;
          gboolean bad;
          KsValue *key = primary_key (other_slots, ks_item_get_values (ks_entity_get_item (other, i)), &bad, &why);
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

          key = primary_key (slots, values, &bad, &why);
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
              const KeySlot *s = &g_array_index (slots, KeySlot, i);
              g_autoptr(KsValue) v = NULL;
              if (s->is_table)
                continue;
              if (render_key (s, values, &v, &why) == KEY_BAD)
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
          g_autofree char *attrs = table_key_attributes (slots);
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
