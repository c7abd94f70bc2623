/* ks-value.c: DynamoDB attribute values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-value"

#include "config.h"

#include <string.h>
#include <stdlib.h>
#include <math.h>

#include "ks-error.h"
#include "ks-json-reader.h"
#include "ks-value.h"
#include "ks-util-private.h"

#define KS_MAX_DEPTH 32

struct _KsValue
{
  gint   ref_count;
  KsType type;
  union {
    struct { char *data; gsize len; } s;        /* S, N, B */
    gboolean b;                                  /* BOOL */
    struct { KsValue **v; guint n; } l;         /* L, SS, NS, BS */
    struct { KsMapEntry *e; guint n; } m;       /* M */
  } u;
};

G_DEFINE_QUARK (keyshape-error-quark, ks_error)

static const char *type_names[KS_N_TYPES] = {
  "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"
};

const char *
ks_type_to_string (KsType type)
{
  if (type < 0 || type >= KS_N_TYPES)
    return "?";
  return type_names[type];
}

KsType
ks_type_from_string (const char *str)
{
  if (str == NULL)
    return KS_TYPE_INVALID;
  for (int i = 0; i < KS_N_TYPES; i++)
    if (strcmp (str, type_names[i]) == 0)
      return (KsType) i;
  return KS_TYPE_INVALID;
}

gboolean
ks_type_is_scalar_key (KsType type)
{
  return type == KS_TYPE_S || type == KS_TYPE_N || type == KS_TYPE_B;
}

static KsValue *
value_alloc (KsType type)
{
  KsValue *v = g_new0 (KsValue, 1);
  v->ref_count = 1;
  v->type = type;
  return v;
}

/* > 0 while several threads compute (ks-engine.c): set before the threads
 * start and cleared after they are joined, so a plain read suffices. */
static gint value_threads;

void
_ks_value_threads_begin (void)
{
  value_threads++;
}

void
_ks_value_threads_end (void)
{
  g_assert (value_threads > 0);
  value_threads--;
}

KsValue *
ks_value_ref (KsValue *value)
{
  g_return_val_if_fail (value != NULL, NULL);
  if (G_UNLIKELY (value_threads))
    g_atomic_int_inc (&value->ref_count);
  else
    value->ref_count++;
  return value;
}

void
ks_value_unref (KsValue *value)
{
  if (value == NULL)
    return;
  /* the last reference needs no atomic operation even then: no other
   * thread may take one from a value it holds none of (values the engine's
   * threads drop are mostly keys rendered for one item) */
  if (G_UNLIKELY (value_threads) && g_atomic_int_get (&value->ref_count) != 1)
    {
      gint old = g_atomic_int_add (&value->ref_count, -1);
      g_return_if_fail (old > 0);
      if (old > 1)
        return;
    }
  else
    {
      g_return_if_fail (value->ref_count > 0);
      if (--value->ref_count > 0)
        return;
    }

  switch (value->type)
    {
    case KS_TYPE_S:
    case KS_TYPE_N:
    case KS_TYPE_B:
      /* bytes live in the same allocation */
      break;
    case KS_TYPE_L:
    case KS_TYPE_SS:
    case KS_TYPE_NS:
    case KS_TYPE_BS:
      for (guint i = 0; i < value->u.l.n; i++)
        ks_value_unref (value->u.l.v[i]);
      g_free (value->u.l.v);
      break;
    case KS_TYPE_M:
      for (guint i = 0; i < value->u.m.n; i++)
        ks_value_unref (value->u.m.e[i].value);
      /* the engine's maps keep their entries in the same allocation */
      if (value->u.m.e != (KsMapEntry *) (value + 1))
        g_free (value->u.m.e);
      break;
    default:
      break;
    }
  g_free (value);
}

/* S, N and B values keep their bytes in the same allocation: a design holds
 * hundreds of thousands of them. */
static KsValue *
value_alloc_bytes (KsType type, const char *data, gsize len)
{
  KsValue *v = g_malloc (sizeof (KsValue) + len + 1);
  v->ref_count = 1;
  v->type = type;
  v->u.s.data = (char *) (v + 1);
  if (len > 0)
    memcpy (v->u.s.data, data, len);
  v->u.s.data[len] = '\0';
  v->u.s.len = len;
  return v;
}

KsValue *
ks_value_new_string (const char *str,
                     gssize      len)
{
  if (len < 0)
    len = strlen (str);
  return value_alloc_bytes (KS_TYPE_S, str, len);
}

KsValue *
ks_value_new_binary (const guint8 *data,
                     gsize         len)
{
  return value_alloc_bytes (KS_TYPE_B, (const char *) data, len);
}

KsValue *
ks_value_new_bool (gboolean b)
{
  KsValue *v = value_alloc (KS_TYPE_BOOL);
  v->u.b = !!b;
  return v;
}

KsValue *
ks_value_new_null (void)
{
  return value_alloc (KS_TYPE_NULL);
}

KsValue *
ks_value_new_list (KsType     type,
                   GPtrArray *values)
{
  KsValue *v;

  g_return_val_if_fail (type == KS_TYPE_L || type == KS_TYPE_SS ||
                        type == KS_TYPE_NS || type == KS_TYPE_BS, NULL);
  v = value_alloc (type);
  v->u.l.n = values ? values->len : 0;
  v->u.l.v = g_new (KsValue *, MAX (v->u.l.n, 1));
  for (guint i = 0; i < v->u.l.n; i++)
    v->u.l.v[i] = g_ptr_array_index (values, i);
  if (values)
    {
      /* ownership of the elements moved into the value */
      g_ptr_array_set_free_func (values, NULL);
      g_ptr_array_unref (values);
    }
  return v;
}

KsValue *
ks_value_new_empty_map (void)
{
  KsValue *v = value_alloc (KS_TYPE_M);
  v->u.m.e = NULL;
  return v;
}

/* Numbers ---------------------------------------------------------------- */

/* The parts of a number: value = (neg ? -1 : 1) × digits × 10^exp, where
 * digits has no leading or trailing zeros (empty for zero). */
typedef struct
{
  gboolean neg;
  GString *digits;
  gint64   exp;
} NumParts;

static gboolean
number_parse (const char *text,
              NumParts   *parts)
{
  const char *p = text;
  gboolean seen_digit = FALSE;
  gint64 frac_len = 0;
  gint64 exp = 0;

  parts->neg = FALSE;
  parts->digits = g_string_new (NULL);
  parts->exp = 0;

  while (*p == ' ')
    p++;
  if (*p == '+' || *p == '-')
    parts->neg = (*p++ == '-');
  while (g_ascii_isdigit (*p))
    {
      if (parts->digits->len > 0 || *p != '0')
        g_string_append_c (parts->digits, *p);
      seen_digit = TRUE;
      p++;
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          if (parts->digits->len > 0 || *p != '0')
            g_string_append_c (parts->digits, *p);
          frac_len++;
          seen_digit = TRUE;
          p++;
        }
    }
  if (!seen_digit)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      gboolean eneg = FALSE;
      gboolean edigit = FALSE;
      p++;
      if (*p == '+' || *p == '-')
        eneg = (*p++ == '-');
      while (g_ascii_isdigit (*p))
        {
          if (exp < 100000000)
            exp = exp * 10 + (*p - '0');
          edigit = TRUE;
          p++;
        }
      if (!edigit)
        return FALSE;
      if (eneg)
        exp = -exp;
    }
  while (*p == ' ')
    p++;
  if (*p != '\0')
    return FALSE;

  parts->exp = exp - frac_len;
  /* strip trailing zeros */
  while (parts->digits->len > 0 && parts->digits->str[parts->digits->len - 1] == '0')
    {
      g_string_truncate (parts->digits, parts->digits->len - 1);
      parts->exp++;
    }
  if (parts->digits->len == 0)
    {
      parts->neg = FALSE;
      parts->exp = 0;
    }
  return TRUE;
}

gboolean
ks_number_canonicalize (const char  *text,
                        char       **canonical,
                        GError     **error)
{
  NumParts parts = { FALSE, NULL, 0 };
  GString *out;
  gint64 len, hi;

  if (text == NULL || !number_parse (text, &parts))
    {
      if (parts.digits)
        g_string_free (parts.digits, TRUE);
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "The parameter cannot be converted to a numeric value: %s",
                   text ? text : "(null)");
      return FALSE;
    }

  len = parts.digits->len;
  if (len == 0)
    {
      g_string_free (parts.digits, TRUE);
      if (canonical)
        *canonical = g_strdup ("0");
      return TRUE;
    }
  if (len > 38)
    {
      g_string_free (parts.digits, TRUE);
      g_set_error_literal (error, KS_ERROR, KS_ERROR_INVALID,
                           "Attempting to store more than 38 significant digits in a Number");
      return FALSE;
    }
  hi = parts.exp + len - 1;
  if (hi > 125)
    {
      g_string_free (parts.digits, TRUE);
      g_set_error_literal (error, KS_ERROR, KS_ERROR_INVALID,
                           "Number overflow. Attempting to store a number with magnitude larger than supported range");
      return FALSE;
    }
  if (parts.exp < -130)
    {
      g_string_free (parts.digits, TRUE);
      g_set_error_literal (error, KS_ERROR, KS_ERROR_INVALID,
                           "Number underflow. Attempting to store a number with magnitude smaller than supported range");
      return FALSE;
    }

  if (canonical)
    {
      out = g_string_new (parts.neg ? "-" : "");
      if (parts.exp >= 0)
        {
          g_string_append_len (out, parts.digits->str, len);
          for (gint64 i = 0; i < parts.exp; i++)
            g_string_append_c (out, '0');
        }
      else
        {
          gint64 int_len = len + parts.exp;
          if (int_len > 0)
            {
              g_string_append_len (out, parts.digits->str, int_len);
              g_string_append_c (out, '.');
              g_string_append (out, parts.digits->str + int_len);
            }
          else
            {
              g_string_append (out, "0.");
              for (gint64 i = 0; i < -int_len; i++)
                g_string_append_c (out, '0');
              g_string_append_len (out, parts.digits->str, len);
            }
        }
      *canonical = g_string_free (out, FALSE);
    }
  g_string_free (parts.digits, TRUE);
  return TRUE;
}

KsValue *
ks_value_new_number (const char  *text,
                     GError     **error)
{
  char *canonical = NULL;
  KsValue *v;

  if (!ks_number_canonicalize (text, &canonical, error))
    return NULL;
  v = value_alloc_bytes (KS_TYPE_N, canonical, strlen (canonical));
  g_free (canonical);
  return v;
}

KsValue *
ks_value_new_number_int (gint64 n)
{
  char buf[32];
  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, n);
  return value_alloc_bytes (KS_TYPE_N, buf, strlen (buf));
}

/* Compares two canonical numbers. */
int
ks_number_compare (const char *a,
                   const char *b)
{
  gboolean na = a[0] == '-', nb = b[0] == '-';
  gboolean za = strcmp (a, "0") == 0, zb = strcmp (b, "0") == 0;
  const char *pa, *pb, *da, *db;
  gsize ia, ib;
  int sign, r = 0;

  if (za && zb)
    return 0;
  if (na != nb)
    return na ? -1 : 1;
  if (za)
    return nb ? 1 : -1;
  if (zb)
    return na ? -1 : 1;

  sign = na ? -1 : 1;
  pa = na ? a + 1 : a;
  pb = nb ? b + 1 : b;
  da = strchr (pa, '.');
  db = strchr (pb, '.');
  ia = da ? (gsize) (da - pa) : strlen (pa);
  ib = db ? (gsize) (db - pb) : strlen (pb);
  /* "0.x" has integer part "0", which is shorter than any other */
  if (ia == 1 && pa[0] == '0')
    ia = 0;
  if (ib == 1 && pb[0] == '0')
    ib = 0;
  if (ia != ib)
    return ia < ib ? -sign : sign;
  if (ia > 0)
    {
      r = strncmp (pa, pb, ia);
      if (r != 0)
        return r < 0 ? -sign : sign;
    }
  /* fractions */
  {
    const char *fa = da ? da + 1 : "";
    const char *fb = db ? db + 1 : "";
    while (*fa || *fb)
      {
        char ca = *fa ? *fa : '0';
        char cb = *fb ? *fb : '0';
        if (ca != cb)
          return ca < cb ? -sign : sign;
        if (*fa)
          fa++;
        if (*fb)
          fb++;
      }
  }
  return 0;
}

guint64
ks_number_order_key (const char *canonical)
{
  const char *p = canonical;
  gboolean negative = FALSE, seen_point = FALSE, started = FALSE;
  gint64 exponent = 0;
  guint64 digits = 0, magnitude;
  guint n_digits = 0;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  /* canonical text is plain decimal: the exponent is the count of integer
   * digits, or minus the count of zeros after the point before the first
   * significant digit */
  for (; *p; p++)
    {
      if (*p == '.')
        {
          seen_point = TRUE;
          continue;
        }
      if (*p < '0' || *p > '9')
        break;
      if (!started && *p == '0')
        {
          if (seen_point)
            exponent--;
          continue;
        }
      started = TRUE;
      if (!seen_point)
        exponent++;
      if (n_digits < 16)
        {
          digits = digits * 10 + (guint64) (*p - '0');
          n_digits++;
        }
    }
  if (!started)
    return G_GUINT64_CONSTANT (1) << 63;   /* zero */
  for (; n_digits < 16; n_digits++)
    digits *= 10;
  /* 9 bits of exponent (DynamoDB's range is -130 to +126) above 54 bits of
   * digits (10^16 < 2^54) */
  exponent = CLAMP (exponent + 131, 1, 511);
  magnitude = ((guint64) exponent << 54) | digits;
  return negative ? (G_GUINT64_CONSTANT (1) << 63) - 1 - magnitude
                  : (G_GUINT64_CONSTANT (1) << 63) | magnitude;
}

static gint64
floor_div2 (gint64 x)
{
  return x >= 0 ? x / 2 : -((-x + 1) / 2);
}

gsize
ks_number_size (const char *canonical)
{
  /* Works on the canonical text without allocating: the significant
   * digits run from the first non-zero digit to the last non-zero digit;
   * their powers of ten give the base-100 pairs (dynamodb-rules.md §3.2). */
  const char *p = canonical;
  gboolean neg = FALSE;
  const char *dot;
  gint64 int_len, first = -1, last = -1, pos = 0;
  gint64 hi, lo, pairs;

  if (*p == '-')
    {
      neg = TRUE;
      p++;
    }
  dot = strchr (p, '.');
  int_len = dot ? dot - p : (gint64) strlen (p);
  /* digit index pos counts digits left to right, skipping the dot; the
   * power of ten of digit pos is int_len - 1 - pos */
  for (const char *c = p; *c; c++)
    {
      if (*c == '.')
        continue;
      if (*c >= '1' && *c <= '9')
        {
          if (first < 0)
            first = pos;
          last = pos;
        }
      pos++;
    }
  if (first < 0)
    return 1;
  hi = int_len - 1 - first;
  lo = int_len - 1 - last;
  pairs = floor_div2 (hi) - floor_div2 (lo) + 1;
  return 1 + pairs + (neg ? 1 : 0);
}

/* Accessors --------------------------------------------------------------- */

KsType
ks_value_get_type (const KsValue *value)
{
  g_return_val_if_fail (value != NULL, KS_TYPE_INVALID);
  return value->type;
}

const char *
ks_value_get_string (const KsValue *value,
                     gsize         *len)
{
  g_return_val_if_fail (value != NULL, NULL);
  if (value->type != KS_TYPE_S && value->type != KS_TYPE_N && value->type != KS_TYPE_B)
    {
      if (len)
        *len = 0;
      return NULL;
    }
  if (len)
    *len = value->u.s.len;
  return value->u.s.data;
}

const char *
ks_value_get_number (const KsValue *value)
{
  g_return_val_if_fail (value != NULL && value->type == KS_TYPE_N, NULL);
  return value->u.s.data;
}

const guint8 *
ks_value_get_binary (const KsValue *value,
                     gsize         *len)
{
  g_return_val_if_fail (value != NULL && value->type == KS_TYPE_B, NULL);
  if (len)
    *len = value->u.s.len;
  return (const guint8 *) value->u.s.data;
}

gboolean
ks_value_get_bool (const KsValue *value)
{
  g_return_val_if_fail (value != NULL && value->type == KS_TYPE_BOOL, FALSE);
  return value->u.b;
}

gdouble
ks_value_get_double (const KsValue *value)
{
  g_return_val_if_fail (value != NULL && value->type == KS_TYPE_N, 0);
  return g_ascii_strtod (value->u.s.data, NULL);
}

guint
ks_value_get_length (const KsValue *value)
{
  g_return_val_if_fail (value != NULL, 0);
  switch (value->type)
    {
    case KS_TYPE_M:
      return value->u.m.n;
    case KS_TYPE_L:
    case KS_TYPE_SS:
    case KS_TYPE_NS:
    case KS_TYPE_BS:
      return value->u.l.n;
    case KS_TYPE_S:
    case KS_TYPE_B:
      return value->u.s.len;
    default:
      return 0;
    }
}

KsValue *
ks_value_get_element (const KsValue *value,
                      guint          index)
{
  g_return_val_if_fail (value != NULL, NULL);
  if (value->type == KS_TYPE_M)
    return index < value->u.m.n ? value->u.m.e[index].value : NULL;
  if (value->type != KS_TYPE_L && value->type != KS_TYPE_SS &&
      value->type != KS_TYPE_NS && value->type != KS_TYPE_BS)
    return NULL;
  return index < value->u.l.n ? value->u.l.v[index] : NULL;
}

const KsMapEntry *
ks_value_get_entry (const KsValue *value,
                    guint          index)
{
  g_return_val_if_fail (value != NULL && value->type == KS_TYPE_M, NULL);
  return index < value->u.m.n ? &value->u.m.e[index] : NULL;
}

KsValue *
ks_value_lookup (const KsValue *map,
                 const char    *name)
{
  g_return_val_if_fail (map != NULL, NULL);
  if (map->type != KS_TYPE_M || name == NULL)
    return NULL;
  /* entry names are interned: most lookups match by pointer */
  for (guint i = 0; i < map->u.m.n; i++)
    if (map->u.m.e[i].name == name)
      return map->u.m.e[i].value;
  for (guint i = 0; i < map->u.m.n; i++)
    if (strcmp (map->u.m.e[i].name, name) == 0)
      return map->u.m.e[i].value;
  return NULL;
}

KsValue *
ks_value_lookup_interned (const KsValue *map,
                          const char    *interned)
{
  if (map->type != KS_TYPE_M)
    return NULL;
  for (guint i = 0; i < map->u.m.n; i++)
    if (map->u.m.e[i].name == interned)
      return map->u.m.e[i].value;
  return NULL;
}

KsValue *
ks_value_lookup_interned_hint (const KsValue *map,
                               const char    *interned,
                               guint         *hint)
{
  if (map->type != KS_TYPE_M)
    return NULL;
  if (*hint < map->u.m.n && map->u.m.e[*hint].name == interned)
    return map->u.m.e[*hint].value;
  for (guint i = 0; i < map->u.m.n; i++)
    if (map->u.m.e[i].name == interned)
      {
        *hint = i;
        return map->u.m.e[i].value;
      }
  return NULL;
}

/* Maps -------------------------------------------------------------------- */

struct _KsMapBuilder
{
  GArray *entries;
};

KsMapBuilder *
ks_map_builder_new (guint reserve)
{
  KsMapBuilder *b = g_new0 (KsMapBuilder, 1);
  b->entries = g_array_sized_new (FALSE, FALSE, sizeof (KsMapEntry), reserve);
  return b;
}

/* Appends without looking for an existing entry of that name. */
void
ks_map_builder_add (KsMapBuilder *builder,
                    const char   *name,
                    KsValue      *value)
{
  KsMapEntry e = { g_intern_string (name), value };
  g_array_append_val (builder->entries, e);
}

void
ks_map_builder_add_interned (KsMapBuilder *builder,
                             const char   *interned,
                             KsValue      *value)
{
  KsMapEntry e = { interned, value };
  g_array_append_val (builder->entries, e);
}

void
ks_map_builder_set_interned (KsMapBuilder *builder,
                             const char   *interned,
                             KsValue      *value)
{
  for (guint i = 0; i < builder->entries->len; i++)
    {
      KsMapEntry *e = &g_array_index (builder->entries, KsMapEntry, i);
      if (e->name == interned)
        {
          ks_value_unref (e->value);
          e->value = value;
          return;
        }
    }
  ks_map_builder_add_interned (builder, interned, value);
}

/* Replaces an entry of that name, or appends. Takes @value. */
void
ks_map_builder_set (KsMapBuilder *builder,
                    const char   *name,
                    KsValue      *value)
{
  const char *iname = g_intern_string (name);
  for (guint i = 0; i < builder->entries->len; i++)
    {
      KsMapEntry *e = &g_array_index (builder->entries, KsMapEntry, i);
      if (e->name == iname)
        {
          ks_value_unref (e->value);
          e->value = value;
          return;
        }
    }
  ks_map_builder_add (builder, iname, value);
}

KsValue *
ks_map_builder_end (KsMapBuilder *builder)
{
  KsValue *v = value_alloc (KS_TYPE_M);
  v->u.m.n = builder->entries->len;
  v->u.m.e = (KsMapEntry *) g_array_free (builder->entries, v->u.m.n == 0);
  /* GArray rounds its room up to a power of two: give back the rest */
  if (v->u.m.n > 0)
    v->u.m.e = g_renew (KsMapEntry, v->u.m.e, v->u.m.n);
  g_free (builder);
  return v;
}

KsValue *
ks_value_new_map_take (KsMapEntry *entries,
                       guint       n)
{
  KsValue *v = value_alloc (KS_TYPE_M);
  v->u.m.e = entries;
  v->u.m.n = n;
  return v;
}

KsValue *
_ks_value_new_map_inline (guint        room,
                          KsMapEntry **entries)
{
  KsValue *v = g_malloc (sizeof (KsValue) + room * sizeof (KsMapEntry));

  v->ref_count = 1;
  v->type = KS_TYPE_M;
  v->u.m.e = (KsMapEntry *) (v + 1);
  v->u.m.n = 0;
  *entries = v->u.m.e;
  return v;
}

void
_ks_value_map_inline_set_length (KsValue *map,
                                 guint    n)
{
  g_assert (map->type == KS_TYPE_M && map->u.m.e == (KsMapEntry *) (map + 1));
  map->u.m.n = n;
}

KsValue *
ks_map_set (const KsValue *map,
            const char    *name,
            KsValue       *value)
{
  KsMapBuilder *b;

  g_return_val_if_fail (map != NULL && map->type == KS_TYPE_M, NULL);
  b = ks_map_builder_new (map->u.m.n + 1);
  for (guint i = 0; i < map->u.m.n; i++)
    ks_map_builder_add (b, map->u.m.e[i].name, ks_value_ref (map->u.m.e[i].value));
  ks_map_builder_set (b, name, value);
  return ks_map_builder_end (b);
}

KsValue *
ks_map_remove (const KsValue *map,
               const char    *name)
{
  KsMapBuilder *b;

  g_return_val_if_fail (map != NULL && map->type == KS_TYPE_M, NULL);
  b = ks_map_builder_new (map->u.m.n);
  for (guint i = 0; i < map->u.m.n; i++)
    if (strcmp (map->u.m.e[i].name, name) != 0)
      ks_map_builder_add (b, map->u.m.e[i].name, ks_value_ref (map->u.m.e[i].value));
  return ks_map_builder_end (b);
}

/* Comparison -------------------------------------------------------------- */

static int
bytes_compare (const char *a, gsize alen, const char *b, gsize blen)
{
  int r = memcmp (a, b, MIN (alen, blen));
  if (r != 0)
    return r < 0 ? -1 : 1;
  if (alen == blen)
    return 0;
  return alen < blen ? -1 : 1;
}

int
ks_value_compare (const KsValue *a,
                  const KsValue *b)
{
  if (a == b)
    return 0;
  if (a->type != b->type)
    return a->type < b->type ? -1 : 1;
  switch (a->type)
    {
    case KS_TYPE_S:
    case KS_TYPE_B:
      /* memcmp compares unsigned bytes: UTF-8 byte order and B order */
      return bytes_compare (a->u.s.data, a->u.s.len, b->u.s.data, b->u.s.len);
    case KS_TYPE_N:
      return ks_number_compare (a->u.s.data, b->u.s.data);
    case KS_TYPE_L:
      for (guint i = 0; i < MIN (a->u.l.n, b->u.l.n); i++)
        {
          int r = ks_value_compare (a->u.l.v[i], b->u.l.v[i]);
          if (r != 0)
            return r;
        }
      return a->u.l.n == b->u.l.n ? 0 : (a->u.l.n < b->u.l.n ? -1 : 1);
    case KS_TYPE_BOOL:
      return a->u.b == b->u.b ? 0 : (a->u.b ? 1 : -1);
    default:
      return ks_value_equal (a, b) ? 0 : (a < b ? -1 : 1);
    }
}

static gboolean
set_contains (const KsValue *set, const KsValue *elem)
{
  for (guint i = 0; i < set->u.l.n; i++)
    if (ks_value_equal (set->u.l.v[i], elem))
      return TRUE;
  return FALSE;
}

gboolean
ks_value_equal (const KsValue *a,
                const KsValue *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case KS_TYPE_S:
    case KS_TYPE_B:
    case KS_TYPE_N:
      return a->u.s.len == b->u.s.len && memcmp (a->u.s.data, b->u.s.data, a->u.s.len) == 0;
    case KS_TYPE_BOOL:
      return a->u.b == b->u.b;
    case KS_TYPE_NULL:
      return TRUE;
    case KS_TYPE_L:
      if (a->u.l.n != b->u.l.n)
        return FALSE;
      for (guint i = 0; i < a->u.l.n; i++)
        if (!ks_value_equal (a->u.l.v[i], b->u.l.v[i]))
          return FALSE;
      return TRUE;
    case KS_TYPE_SS:
    case KS_TYPE_NS:
    case KS_TYPE_BS:
      if (a->u.l.n != b->u.l.n)
        return FALSE;
      for (guint i = 0; i < a->u.l.n; i++)
        if (!set_contains (b, a->u.l.v[i]))
          return FALSE;
      return TRUE;
    case KS_TYPE_M:
      if (a->u.m.n != b->u.m.n)
        return FALSE;
      for (guint i = 0; i < a->u.m.n; i++)
        {
          KsValue *other = ks_value_lookup (b, a->u.m.e[i].name);
          if (other == NULL || !ks_value_equal (a->u.m.e[i].value, other))
            return FALSE;
        }
      return TRUE;
    default:
      return FALSE;
    }
}

guint
ks_value_hash (const KsValue *value)
{
  guint h = 5381 + value->type;
  switch (value->type)
    {
    case KS_TYPE_S:
    case KS_TYPE_N:
    case KS_TYPE_B:
      for (gsize i = 0; i < value->u.s.len; i++)
        h = h * 33 + (guint8) value->u.s.data[i];
      return h;
    case KS_TYPE_BOOL:
      return h + value->u.b;
    case KS_TYPE_L:
      for (guint i = 0; i < value->u.l.n; i++)
        h = h * 31 + ks_value_hash (value->u.l.v[i]);
      return h;
    default:
      return h;
    }
}

/* Sizes ------------------------------------------------------------------- */

gsize
ks_value_size (const KsValue *value)
{
  gsize size = 0;

  switch (value->type)
    {
    case KS_TYPE_S:
    case KS_TYPE_B:
      return value->u.s.len;
    case KS_TYPE_N:
      return ks_number_size (value->u.s.data);
    case KS_TYPE_BOOL:
    case KS_TYPE_NULL:
      return 1;
    case KS_TYPE_M:
      size = 3;
      for (guint i = 0; i < value->u.m.n; i++)
        size += strlen (value->u.m.e[i].name) + ks_value_size (value->u.m.e[i].value) + 1;
      return size;
    case KS_TYPE_L:
      size = 3;
      for (guint i = 0; i < value->u.l.n; i++)
        size += ks_value_size (value->u.l.v[i]) + 1;
      return size;
    case KS_TYPE_SS:
    case KS_TYPE_NS:
    case KS_TYPE_BS:
      for (guint i = 0; i < value->u.l.n; i++)
        size += ks_value_size (value->u.l.v[i]);
      return size;
    default:
      return 0;
    }
}

gsize
ks_item_size (const KsValue *map)
{
  gsize size = 0;

  g_return_val_if_fail (map != NULL && map->type == KS_TYPE_M, 0);
  for (guint i = 0; i < map->u.m.n; i++)
    size += strlen (map->u.m.e[i].name) + ks_value_size (map->u.m.e[i].value);
  return size;
}

/* DynamoDB JSON ----------------------------------------------------------- */

static gboolean
base64_valid (const char *s)
{
  gsize len = strlen (s);
  gsize pad = 0;

  if (len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];
      if (c == '=')
        {
          if (i < len - 2)
            return FALSE;
          pad++;
        }
      else if (pad > 0)
        return FALSE;
      else if (!(g_ascii_isalnum (c) || c == '+' || c == '/'))
        return FALSE;
    }
  return TRUE;
}

KsValue *
ks_value_new_binary_base64 (const char  *text,
                            const char  *path,
                            GError     **error)
{
  g_autofree guchar *data = NULL;
  gsize len = 0;

  if (!base64_valid (text))
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "%s: not valid base64", path);
      return NULL;
    }
  if (*text == '\0')
    return ks_value_new_binary (NULL, 0);
  data = g_base64_decode (text, &len);
  return ks_value_new_binary (data, len);
}

/* The shortest decimal text that reads back as @d (g_ascii_dtostr() always
 * writes 17 significant digits: 0.99 would become 0.98999999999999999). */
const char *
ks_format_double (char *buf, gsize len, double d)
{
  for (int precision = 1; precision < 17; precision++)
    {
      char fmt[8];
      g_snprintf (fmt, sizeof fmt, "%%.%dg", precision);
      g_ascii_formatd (buf, len, fmt, d);
      if (g_ascii_strtod (buf, NULL) == d)
        return buf;
    }
  return g_ascii_dtostr (buf, len, d);
}

/* JSON arrives as generic values (ks-json-reader.h, or a JsonNode turned
 * into one): object → M, array → L, string → S, number → N, true/false →
 * BOOL, null → NULL. The readers below give them their DynamoDB types. */

static const char *
generic_kind (const KsValue *g)
{
  switch (g->type)
    {
    case KS_TYPE_M: return "an object";
    case KS_TYPE_L: return "an array";
    case KS_TYPE_S: return "a string";
    case KS_TYPE_N: return "a number";
    case KS_TYPE_BOOL: return "a boolean";
    default: return "null";
    }
}

KsValue *
ks_value_from_json_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        GList *names = json_object_get_members (obj);
        KsMapBuilder *b = ks_map_builder_new (g_list_length (names));
        for (GList *l = names; l; l = l->next)
          ks_map_builder_add (b, l->data, ks_value_from_json_node (json_object_get_member (obj, l->data)));
        g_list_free (names);
        return ks_map_builder_end (b);
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *arr = json_node_get_array (node);
        GPtrArray *elems = g_ptr_array_new_full (json_array_get_length (arr), (GDestroyNotify) ks_value_unref);
        for (guint i = 0; i < json_array_get_length (arr); i++)
          g_ptr_array_add (elems, ks_value_from_json_node (json_array_get_element (arr, i)));
        return ks_value_new_list (KS_TYPE_L, elems);
      }
    case JSON_NODE_NULL:
      return ks_value_new_null ();
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          return ks_value_new_string (json_node_get_string (node), -1);
        case G_TYPE_BOOLEAN:
          return ks_value_new_bool (json_node_get_boolean (node));
        case G_TYPE_INT64:
          return ks_value_new_number_int (json_node_get_int (node));
        default:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            double d = json_node_get_double (node);
            KsValue *v = isfinite (d) ? ks_value_new_number (ks_format_double (buf, sizeof buf, d), NULL) : NULL;
            /* out of DynamoDB's range: keep the text, the reader says why */
            return v ? v : ks_value_new_string (ks_format_double (buf, sizeof buf, d), -1);
          }
        }
    }
}

static KsValue *value_from_ddb (const KsValue *g, const char *path, guint depth, GError **error);

static gboolean
check_set_duplicates (GPtrArray  *elems,
                      const char *path,
                      GError    **error)
{
  if (elems->len < 2)
    return TRUE;
  {
    g_autoptr(GHashTable) seen = g_hash_table_new ((GHashFunc) ks_value_hash,
                                                   (GEqualFunc) ks_value_equal);
    for (guint i = 0; i < elems->len; i++)
      {
        if (!g_hash_table_add (seen, g_ptr_array_index (elems, i)))
          {
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                         "%s: One or more parameter values were invalid: Input collection contains duplicates.",
                         path);
            return FALSE;
          }
      }
  }
  return TRUE;
}

static KsValue *
set_from_ddb (KsType         type,
              const KsValue *g,
              const char    *path,
              GError       **error)
{
  g_autoptr(GPtrArray) elems = NULL;

  if (g->type != KS_TYPE_L)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: expected an array", path);
      return NULL;
    }
  if (g->u.l.n == 0)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s", path,
                   type == KS_TYPE_SS ? "One or more parameter values were invalid: An string set  may not be empty"
                   : type == KS_TYPE_NS ? "One or more parameter values were invalid: An number set  may not be empty"
                   : "One or more parameter values were invalid: Binary sets should not be empty");
      return NULL;
    }
  elems = g_ptr_array_new_full (g->u.l.n, (GDestroyNotify) ks_value_unref);
  for (guint i = 0; i < g->u.l.n; i++)
    {
      const KsValue *e = g->u.l.v[i];
      g_autofree char *epath = path ? g_strdup_printf ("%s[%u]", path, i) : NULL;
      KsValue *v;

      if (e->type != KS_TYPE_S)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: expected a string", epath);
          return NULL;
        }
      if (type == KS_TYPE_SS)
        v = ks_value_ref ((KsValue *) e);
      else if (type == KS_TYPE_NS)
        {
          GError *local = NULL;
          v = ks_value_new_number (e->u.s.data, &local);
          if (v == NULL)
            {
              g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s", epath, local->message);
              g_error_free (local);
              return NULL;
            }
        }
      else
        {
          v = ks_value_new_binary_base64 (e->u.s.data, epath, error);
          if (v == NULL)
            return NULL;
        }
      g_ptr_array_add (elems, v);
    }
  if (!check_set_duplicates (elems, path, error))
    return NULL;
  return ks_value_new_list (type, g_steal_pointer (&elems));
}

static KsValue *
value_from_ddb (const KsValue *g,
                const char    *path,
                guint          depth,
                GError       **error)
{
  const char *tag;
  const KsValue *inner;
  KsType type;

  if (depth > KS_MAX_DEPTH)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_LIMIT,
                   "%s: nesting deeper than %d levels", path, KS_MAX_DEPTH);
      return NULL;
    }
  if (g == NULL || g->type != KS_TYPE_M)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "%s: expected an AttributeValue object such as {\"S\": \"text\"}", path);
      return NULL;
    }
  if (g->u.m.n == 0)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "%s: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes", path);
      return NULL;
    }
  if (g->u.m.n > 1)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "%s: Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes", path);
      return NULL;
    }
  tag = g->u.m.e[0].name;
  inner = g->u.m.e[0].value;
  type = ks_type_from_string (tag);

  switch (type)
    {
    case KS_TYPE_S:
    case KS_TYPE_N:
    case KS_TYPE_B:
      if (inner->type != KS_TYPE_S)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s.%s: expected a string", path, tag);
          return NULL;
        }
      if (type == KS_TYPE_S)
        return ks_value_ref ((KsValue *) inner);
      if (type == KS_TYPE_B)
        {
          g_autofree char *p = path ? g_strdup_printf ("%s.B", path) : NULL;
          return ks_value_new_binary_base64 (inner->u.s.data, p, error);
        }
      {
        GError *local = NULL;
        KsValue *v = ks_value_new_number (inner->u.s.data, &local);
        if (v == NULL)
          {
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s.N: %s", path, local->message);
            g_error_free (local);
          }
        return v;
      }
    case KS_TYPE_BOOL:
      if (inner->type != KS_TYPE_BOOL)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s.BOOL: expected true or false", path);
          return NULL;
        }
      return ks_value_ref ((KsValue *) inner);
    case KS_TYPE_NULL:
      if (inner->type != KS_TYPE_BOOL)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s.NULL: expected true", path);
          return NULL;
        }
      return ks_value_new_null ();
    case KS_TYPE_M:
      {
        KsMapBuilder *b;

        if (inner->type != KS_TYPE_M)
          {
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s.M: expected an object", path);
            return NULL;
          }
        b = ks_map_builder_new (inner->u.m.n);
        for (guint i = 0; i < inner->u.m.n; i++)
          {
            g_autofree char *p = path ? g_strdup_printf ("%s.M.%s", path, inner->u.m.e[i].name) : NULL;
            KsValue *v = value_from_ddb (inner->u.m.e[i].value, p, depth + 1, error);
            if (v == NULL)
              {
                ks_value_unref (ks_map_builder_end (b));
                return NULL;
              }
            ks_map_builder_add_interned (b, inner->u.m.e[i].name, v);
          }
        return ks_map_builder_end (b);
      }
    case KS_TYPE_L:
      {
        GPtrArray *elems;

        if (inner->type != KS_TYPE_L)
          {
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s.L: expected an array", path);
            return NULL;
          }
        elems = g_ptr_array_new_full (inner->u.l.n, (GDestroyNotify) ks_value_unref);
        for (guint i = 0; i < inner->u.l.n; i++)
          {
            g_autofree char *p = path ? g_strdup_printf ("%s.L[%u]", path, i) : NULL;
            KsValue *v = value_from_ddb (inner->u.l.v[i], p, depth + 1, error);
            if (v == NULL)
              {
                g_ptr_array_unref (elems);
                return NULL;
              }
            g_ptr_array_add (elems, v);
          }
        return ks_value_new_list (KS_TYPE_L, elems);
      }
    case KS_TYPE_SS:
    case KS_TYPE_NS:
    case KS_TYPE_BS:
      {
        g_autofree char *p = path ? g_strdup_printf ("%s.%s", path, tag) : NULL;
        return set_from_ddb (type, inner, p, error);
      }
    default:
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "%s: unknown AttributeValue type \"%s\"", path, tag);
      return NULL;
    }
}

/* Parsers run first without building the JSON path of every value; only
 * when that fails do they run again, with paths, for the message. */
KsValue *
ks_value_from_ddb_generic (const KsValue *g,
                           const char    *path,
                           GError       **error)
{
  KsValue *v = value_from_ddb (g, NULL, 0, NULL);

  if (v == NULL)
    v = value_from_ddb (g, path ? path : "$", 0, error);
  return v;
}

KsValue *
ks_value_from_ddb_json (JsonNode    *node,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(KsValue) g = NULL;

  if (node == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                   "%s: expected an AttributeValue object such as {\"S\": \"text\"}", path ? path : "$");
      return NULL;
    }
  g = ks_value_from_json_node (node);
  return ks_value_from_ddb_generic (g, path, error);
}

static KsValue *
item_from_ddb (const KsValue *g, const char *path, GError **error)
{
  KsMapBuilder *b;

  if (g->type != KS_TYPE_M)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: expected an item object", path);
      return NULL;
    }
  b = ks_map_builder_new (g->u.m.n);
  for (guint i = 0; i < g->u.m.n; i++)
    {
      g_autofree char *p = path ? g_strdup_printf ("%s.%s", path, g->u.m.e[i].name) : NULL;
      KsValue *v = value_from_ddb (g->u.m.e[i].value, p, 1, error);
      if (v == NULL)
        {
          ks_value_unref (ks_map_builder_end (b));
          return NULL;
        }
      ks_map_builder_add_interned (b, g->u.m.e[i].name, v);
    }
  return ks_map_builder_end (b);
}

KsValue *
ks_item_from_ddb_generic (const KsValue *g,
                          const char    *path,
                          GError       **error)
{
  KsValue *v = item_from_ddb (g, NULL, NULL);

  if (v == NULL)
    v = item_from_ddb (g, path ? path : "$", error);
  return v;
}

KsValue *
ks_item_from_ddb_json (JsonNode    *node,
                       const char  *path,
                       GError     **error)
{
  g_autoptr(KsValue) g = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: expected an item object", path ? path : "$");
      return NULL;
    }
  g = ks_value_from_json_node (node);
  return ks_item_from_ddb_generic (g, path, error);
}

static JsonNode *
string_node (const char *s)
{
  JsonNode *n = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (n, s);
  return n;
}

static JsonNode *
elem_plain (const KsValue *v)
{
  if (v->type == KS_TYPE_B)
    {
      g_autofree char *b64 = g_base64_encode ((const guchar *) v->u.s.data, v->u.s.len);
      return string_node (b64);
    }
  return string_node (v->u.s.data);
}

JsonNode *
ks_value_to_ddb_json (const KsValue *value)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  const char *tag = type_names[value->type];

  switch (value->type)
    {
    case KS_TYPE_S:
    case KS_TYPE_N:
    case KS_TYPE_B:
      json_object_set_member (obj, tag, elem_plain (value));
      break;
    case KS_TYPE_BOOL:
      json_object_set_boolean_member (obj, tag, value->u.b);
      break;
    case KS_TYPE_NULL:
      json_object_set_boolean_member (obj, tag, TRUE);
      break;
    case KS_TYPE_M:
      json_object_set_member (obj, tag, ks_item_to_ddb_json (value));
      break;
    case KS_TYPE_L:
      {
        JsonArray *arr = json_array_new ();
        for (guint i = 0; i < value->u.l.n; i++)
          json_array_add_element (arr, ks_value_to_ddb_json (value->u.l.v[i]));
        json_object_set_array_member (obj, tag, arr);
      }
      break;
    case KS_TYPE_SS:
    case KS_TYPE_NS:
    case KS_TYPE_BS:
      {
        JsonArray *arr = json_array_new ();
        for (guint i = 0; i < value->u.l.n; i++)
          json_array_add_element (arr, elem_plain (value->u.l.v[i]));
        json_object_set_array_member (obj, tag, arr);
      }
      break;
    default:
      break;
    }
  json_node_take_object (node, obj);
  return node;
}

JsonNode *
ks_item_to_ddb_json (const KsValue *map)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < map->u.m.n; i++)
    json_object_set_member (obj, map->u.m.e[i].name,
                            ks_value_to_ddb_json (map->u.m.e[i].value));
  json_node_take_object (node, obj);
  return node;
}

static void
append_message (GString *out, const KsValue *v)
{
  switch (v->type)
    {
    case KS_TYPE_S:
    case KS_TYPE_N:
      g_string_append_printf (out, "{%s:%s}", type_names[v->type], v->u.s.data);
      break;
    case KS_TYPE_B:
      {
        g_autofree char *b64 = g_base64_encode ((const guchar *) v->u.s.data, v->u.s.len);
        g_string_append_printf (out, "{B:%s}", b64);
      }
      break;
    case KS_TYPE_BOOL:
      g_string_append_printf (out, "{BOOL:%s}", v->u.b ? "true" : "false");
      break;
    case KS_TYPE_NULL:
      g_string_append (out, "{NULL:true}");
      break;
    default:
      {
        g_autofree char *d = ks_value_to_display (v);
        g_string_append_printf (out, "{%s:%s}", type_names[v->type], d);
      }
      break;
    }
}

char *
ks_value_to_message_string (const KsValue *value)
{
  GString *out = g_string_new (NULL);
  append_message (out, value);
  return g_string_free (out, FALSE);
}

static void
append_display (GString *out, const KsValue *v, gboolean quote)
{
  switch (v->type)
    {
    case KS_TYPE_S:
      if (quote)
        {
          JsonNode *n = string_node (v->u.s.data);
          g_autofree char *s = json_to_string (n, FALSE);
          json_node_unref (n);
          g_string_append (out, s);
        }
      else
        g_string_append_len (out, v->u.s.data, v->u.s.len);
      break;
    case KS_TYPE_N:
      g_string_append (out, v->u.s.data);
      break;
    case KS_TYPE_B:
      {
        g_autofree char *b64 = g_base64_encode ((const guchar *) v->u.s.data, v->u.s.len);
        if (quote)
          g_string_append_c (out, '"');
        g_string_append (out, b64);
        if (quote)
          g_string_append_c (out, '"');
      }
      break;
    case KS_TYPE_BOOL:
      g_string_append (out, v->u.b ? "true" : "false");
      break;
    case KS_TYPE_NULL:
      g_string_append (out, "null");
      break;
    case KS_TYPE_M:
      g_string_append_c (out, '{');
      for (guint i = 0; i < v->u.m.n; i++)
        {
          JsonNode *n = string_node (v->u.m.e[i].name);
          g_autofree char *s = json_to_string (n, FALSE);
          json_node_unref (n);
          if (i)
            g_string_append (out, ", ");
          g_string_append (out, s);
          g_string_append (out, ": ");
          append_display (out, v->u.m.e[i].value, TRUE);
        }
      g_string_append_c (out, '}');
      break;
    default:
      g_string_append_c (out, '[');
      for (guint i = 0; i < v->u.l.n; i++)
        {
          if (i)
            g_string_append (out, ", ");
          append_display (out, v->u.l.v[i], TRUE);
        }
      g_string_append_c (out, ']');
      break;
    }
}

char *
ks_value_to_display (const KsValue *value)
{
  GString *out = g_string_new (NULL);
  append_display (out, value, FALSE);
  return g_string_free (out, FALSE);
}

/* Plain JSON -------------------------------------------------------------- */

static KsValue *
plain_number (const KsValue *g, const char *path, GError **error)
{
  GError *local = NULL;
  KsValue *v;

  if (g->type == KS_TYPE_N)
    return ks_value_ref ((KsValue *) g);
  v = ks_value_new_number (g->u.s.data, &local);
  if (v == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s", path, local->message);
      g_error_free (local);
    }
  return v;
}

static KsValue *
plain_from (const KsValue *g, KsType declared, const char *path, guint depth, GError **error)
{
  if (depth > KS_MAX_DEPTH)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_LIMIT,
                   "%s: nesting deeper than %d levels", path, KS_MAX_DEPTH);
      return NULL;
    }
  switch (g->type)
    {
    case KS_TYPE_NULL:
      return ks_value_ref ((KsValue *) g);

    case KS_TYPE_M:
      {
        KsMapBuilder *b;

        if (g->u.m.n == 1 && g_str_equal (g->u.m.e[0].name, "$ddb"))
          {
            /* a value plain JSON cannot say (a nested set, binary, a type
             * other than the declared one), written as DynamoDB JSON */
            g_autofree char *p = path ? g_strdup_printf ("%s.$ddb", path) : NULL;
            return value_from_ddb (g->u.m.e[0].value, p, depth + 1, error);
          }
        if (declared != KS_TYPE_INVALID && declared != KS_TYPE_M)
          {
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                         "%s: expected a value of type %s, found an object", path, type_names[declared]);
            return NULL;
          }
        b = ks_map_builder_new (g->u.m.n);
        for (guint i = 0; i < g->u.m.n; i++)
          {
            g_autofree char *p = path ? g_strdup_printf ("%s.%s", path, g->u.m.e[i].name) : NULL;
            KsValue *v = plain_from (g->u.m.e[i].value, KS_TYPE_INVALID, p, depth + 1, error);
            if (v == NULL)
              {
                ks_value_unref (ks_map_builder_end (b));
                return NULL;
              }
            ks_map_builder_add_interned (b, g->u.m.e[i].name, v);
          }
        return ks_map_builder_end (b);
      }

    case KS_TYPE_L:
      {
        GPtrArray *elems;
        KsType elem_type = KS_TYPE_INVALID;

        if (declared == KS_TYPE_SS)
          elem_type = KS_TYPE_S;
        else if (declared == KS_TYPE_NS)
          elem_type = KS_TYPE_N;
        else if (declared == KS_TYPE_BS)
          elem_type = KS_TYPE_B;
        else if (declared != KS_TYPE_INVALID && declared != KS_TYPE_L)
          {
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                         "%s: expected a value of type %s, found an array", path, type_names[declared]);
            return NULL;
          }
        if (elem_type != KS_TYPE_INVALID && g->u.l.n == 0)
          {
            g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                         "%s: a %s set may not be empty", path, type_names[declared]);
            return NULL;
          }
        elems = g_ptr_array_new_full (g->u.l.n, (GDestroyNotify) ks_value_unref);
        for (guint i = 0; i < g->u.l.n; i++)
          {
            g_autofree char *p = path ? g_strdup_printf ("%s[%u]", path, i) : NULL;
            const KsValue *e = g->u.l.v[i];
            KsValue *v;

            if (elem_type != KS_TYPE_INVALID && e->type != KS_TYPE_S && e->type != KS_TYPE_N)
              {
                g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                             "%s: a %s set holds only %s values", p, type_names[declared], type_names[elem_type]);
                g_ptr_array_unref (elems);
                return NULL;
              }
            v = plain_from (e, elem_type, p, depth + 1, error);
            if (v == NULL)
              {
                g_ptr_array_unref (elems);
                return NULL;
              }
            g_ptr_array_add (elems, v);
          }
        if (elem_type != KS_TYPE_INVALID && !check_set_duplicates (elems, path, error))
          {
            g_ptr_array_unref (elems);
            return NULL;
          }
        return ks_value_new_list (elem_type != KS_TYPE_INVALID ? declared : KS_TYPE_L, elems);
      }

    case KS_TYPE_BOOL:
      if (declared != KS_TYPE_INVALID && declared != KS_TYPE_BOOL)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "%s: expected a value of type %s, found a boolean", path, type_names[declared]);
          return NULL;
        }
      return ks_value_ref ((KsValue *) g);

    case KS_TYPE_N:
      if (declared != KS_TYPE_INVALID && declared != KS_TYPE_N)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "%s: expected a value of type %s, found a number", path, type_names[declared]);
          return NULL;
        }
      return ks_value_ref ((KsValue *) g);

    case KS_TYPE_S:
      if (declared == KS_TYPE_N)
        return plain_number (g, path, error);
      if (declared == KS_TYPE_B)
        return ks_value_new_binary_base64 (g->u.s.data, path, error);
      if (declared != KS_TYPE_INVALID && declared != KS_TYPE_S)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                       "%s: expected a value of type %s, found a string", path, type_names[declared]);
          return NULL;
        }
      return ks_value_ref ((KsValue *) g);

    default:
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: unsupported JSON value (%s)", path,
                   generic_kind (g));
      return NULL;
    }
}

KsValue *
ks_value_from_plain_generic (const KsValue *g,
                             KsType         declared,
                             const char    *path,
                             GError       **error)
{
  KsValue *v = plain_from (g, declared, NULL, 0, NULL);

  if (v == NULL)
    v = plain_from (g, declared, path ? path : "$", 0, error);
  return v;
}

KsValue *
ks_value_from_plain_json (JsonNode    *node,
                          KsType       declared,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(KsValue) g = ks_value_from_json_node (node);
  return ks_value_from_plain_generic (g, declared, path, error);
}

/* Whether a canonical number can be written as a JSON number that any
 * reader (a double) takes back exactly; else it is written as a string
 * so that no digit is lost. */
static gboolean
number_fits_double (const char *canonical)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *back = NULL;
  gsize len = strlen (canonical);

  if (strchr (canonical, '.') == NULL && len <= 15)
    return TRUE;
  if (len > 19)
    return FALSE;
  ks_format_double (buf, sizeof buf, g_ascii_strtod (canonical, NULL));
  return strchr (buf, 'e') == NULL && ks_number_canonicalize (buf, &back, NULL) &&
         strcmp (back, canonical) == 0;
}

void
ks_json_append_string (GString *out, const char *s, gsize len)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = s[i];
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_base64 (GString *out, const KsValue *v)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) v->u.s.data, v->u.s.len);
  ks_json_append_string (out, b64, strlen (b64));
}

void
ks_value_append_ddb_json (GString       *out,
                          const KsValue *value)
{
  g_string_append (out, "{\"");
  g_string_append (out, type_names[value->type]);
  g_string_append (out, "\": ");
  switch (value->type)
    {
    case KS_TYPE_S:
    case KS_TYPE_N:
      ks_json_append_string (out, value->u.s.data, value->u.s.len);
      break;
    case KS_TYPE_B:
      append_base64 (out, value);
      break;
    case KS_TYPE_BOOL:
      g_string_append (out, value->u.b ? "true" : "false");
      break;
    case KS_TYPE_NULL:
      g_string_append (out, "true");
      break;
    case KS_TYPE_M:
      g_string_append_c (out, '{');
      for (guint i = 0; i < value->u.m.n; i++)
        {
          if (i)
            g_string_append (out, ", ");
          ks_json_append_string (out, value->u.m.e[i].name, strlen (value->u.m.e[i].name));
          g_string_append (out, ": ");
          ks_value_append_ddb_json (out, value->u.m.e[i].value);
        }
      g_string_append_c (out, '}');
      break;
    default:
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->u.l.n; i++)
        {
          const KsValue *e = value->u.l.v[i];
          if (i)
            g_string_append (out, ", ");
          if (value->type == KS_TYPE_L)
            ks_value_append_ddb_json (out, e);
          else if (e->type == KS_TYPE_B)
            append_base64 (out, e);
          else
            ks_json_append_string (out, e->u.s.data, e->u.s.len);
        }
      g_string_append_c (out, ']');
      break;
    }
  g_string_append_c (out, '}');
}

static void
append_escaped (GString *out, const KsValue *value)
{
  g_string_append (out, "{\"$ddb\": ");
  ks_value_append_ddb_json (out, value);
  g_string_append_c (out, '}');
}

void
ks_value_append_plain_json (GString       *out,
                            const KsValue *value,
                            KsType         declared)
{
  if (declared != KS_TYPE_INVALID && declared != value->type)
    {
      append_escaped (out, value);
      return;
    }
  switch (value->type)
    {
    case KS_TYPE_S:
      ks_json_append_string (out, value->u.s.data, value->u.s.len);
      break;
    case KS_TYPE_B:
      if (declared == KS_TYPE_B)
        append_base64 (out, value);
      else
        append_escaped (out, value);
      break;
    case KS_TYPE_N:
      if (number_fits_double (value->u.s.data))
        g_string_append_len (out, value->u.s.data, value->u.s.len);
      else if (declared == KS_TYPE_N)
        ks_json_append_string (out, value->u.s.data, value->u.s.len);
      else
        append_escaped (out, value);
      break;
    case KS_TYPE_BOOL:
      g_string_append (out, value->u.b ? "true" : "false");
      break;
    case KS_TYPE_NULL:
      g_string_append (out, "null");
      break;
    case KS_TYPE_M:
      if (value->u.m.n == 1 && g_str_equal (value->u.m.e[0].name, "$ddb"))
        {
          append_escaped (out, value);
          break;
        }
      g_string_append_c (out, '{');
      for (guint i = 0; i < value->u.m.n; i++)
        {
          if (i)
            g_string_append (out, ", ");
          ks_json_append_string (out, value->u.m.e[i].name, strlen (value->u.m.e[i].name));
          g_string_append (out, ": ");
          ks_value_append_plain_json (out, value->u.m.e[i].value, KS_TYPE_INVALID);
        }
      g_string_append_c (out, '}');
      break;
    case KS_TYPE_L:
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->u.l.n; i++)
        {
          if (i)
            g_string_append (out, ", ");
          ks_value_append_plain_json (out, value->u.l.v[i], KS_TYPE_INVALID);
        }
      g_string_append_c (out, ']');
      break;
    default:
      /* a set: an array of its elements where declared so, else escaped */
      if (declared != value->type)
        {
          append_escaped (out, value);
          break;
        }
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->u.l.n; i++)
        {
          const KsValue *e = value->u.l.v[i];
          if (i)
            g_string_append (out, ", ");
          if (e->type == KS_TYPE_B)
            append_base64 (out, e);
          else if (e->type == KS_TYPE_N && number_fits_double (e->u.s.data))
            g_string_append_len (out, e->u.s.data, e->u.s.len);
          else
            ks_json_append_string (out, e->u.s.data, e->u.s.len);
        }
      g_string_append_c (out, ']');
      break;
    }
}

JsonNode *
ks_value_to_plain_json (const KsValue *value,
                        KsType         declared)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonNode *node;

  ks_value_append_plain_json (text, value, declared);
  node = json_from_string (text->str, NULL);
  g_assert (node != NULL);
  return node;
}

KsValue *
ks_value_parse_text (const char  *text,
                     KsType       type,
                     GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;

  switch (type)
    {
    case KS_TYPE_S:
      return ks_value_new_string (text, -1);
    case KS_TYPE_N:
      return ks_value_new_number (text, error);
    case KS_TYPE_B:
      return ks_value_new_binary_base64 (text, "value", error);
    case KS_TYPE_BOOL:
      if (g_ascii_strcasecmp (text, "true") == 0)
        return ks_value_new_bool (TRUE);
      if (g_ascii_strcasecmp (text, "false") == 0)
        return ks_value_new_bool (FALSE);
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "expected true or false");
      return NULL;
    case KS_TYPE_NULL:
      return ks_value_new_null ();
    default:
      node = ks_json_parse_node (text, -1, &local);
      if (node == NULL)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "not valid JSON: %s", local->message);
          g_error_free (local);
          return NULL;
        }
      return ks_value_from_plain_json (node, type, "value", error);
    }
}
