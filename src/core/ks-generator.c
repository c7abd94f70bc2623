/* ks-generator.c: sample-data generators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kinds and their parameters, and the spec check. Generation lives in
 * ks-generator-run.c, guessing a spec from a design in ks-generator-guess.c.
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

KsTimeFormat
_ks_generator_time_format_from_string (const char *text)
{
  for (guint i = 0; time_formats[i]; i++)
    if (g_str_equal (time_formats[i], text))
      return i;
  return KS_TIME_ISO;
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

double
_ks_generator_spec_number (const KsValue *spec, const char *name, double fallback)
{
  KsValue *v = ks_value_lookup (spec, name);
  return v && ks_value_get_type (v) == KS_TYPE_N ? ks_value_get_double (v) : fallback;
}

const char *
_ks_generator_spec_string (const KsValue *spec, const char *name, const char *fallback)
{
  KsValue *v = ks_value_lookup (spec, name);
  return v && ks_value_get_type (v) == KS_TYPE_S ? ks_value_get_string (v, NULL) : fallback;
}

gint64
_ks_generator_spec_time (const KsValue *spec, const char *name, const char *fallback)
{
  gint64 ms = 0;

  if (!_ks_generator_parse_time (_ks_generator_spec_string (spec, name, fallback), &ms))
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
  kind = _ks_generator_spec_string (spec, "kind", NULL);
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
      if (_ks_generator_spec_number (spec, "pad", 0) < 0 || _ks_generator_spec_number (spec, "pad", 0) > 38)
        return spec_fail (error, path, "pad", "a width from 0 to 38 digits");
      if (info->kind == KS_GENERATOR_SEQUENCE && _ks_generator_spec_number (spec, "step", 1) == 0)
        return spec_fail (error, path, "step", "a step of 0 repeats one number");
      if (info->kind == KS_GENERATOR_INTEGER && _ks_generator_spec_number (spec, "min", 0) > _ks_generator_spec_number (spec, "max", 1000))
        return spec_fail (error, path, NULL, "min %g is above max %g",
                          _ks_generator_spec_number (spec, "min", 0), _ks_generator_spec_number (spec, "max", 1000));
      break;
    case KS_GENERATOR_DECIMAL:
      if (_ks_generator_spec_number (spec, "min", 0) > _ks_generator_spec_number (spec, "max", 1000))
        return spec_fail (error, path, NULL, "min %g is above max %g",
                          _ks_generator_spec_number (spec, "min", 0), _ks_generator_spec_number (spec, "max", 1000));
      if (_ks_generator_spec_number (spec, "scale", 2) < 0 || _ks_generator_spec_number (spec, "scale", 2) > 10)
        return spec_fail (error, path, "scale", "from 0 to 10 decimals");
      break;
    case KS_GENERATOR_WORDS:
      if (_ks_generator_spec_number (spec, "min", 1) < 1 || _ks_generator_spec_number (spec, "max", 3) > 200 ||
          _ks_generator_spec_number (spec, "min", 1) > _ks_generator_spec_number (spec, "max", 3))
        return spec_fail (error, path, NULL, "min and max words must satisfy 1 ≤ min ≤ max ≤ 200");
      break;
    case KS_GENERATOR_ULID:
    case KS_GENERATOR_TIMESTAMP:
      if (_ks_generator_spec_time (spec, "from", KS_GENERATOR_DEFAULT_FROM) > _ks_generator_spec_time (spec, "to", KS_GENERATOR_DEFAULT_TO))
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
