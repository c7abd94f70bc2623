/* ks-generator-keys.c: the keys of generated items
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A generated item must give its table and index keys through the entity's
 * templates, within DynamoDB's key rules, and a primary key no other item
 * of the table has.
 */
#define G_LOG_DOMAIN "keyshape-generator"

#include "config.h"

#include <string.h>

#include "ks-generator-private.h"

/* DynamoDB's key sizes (rules §2.2) */
#define MAX_PK_BYTES 2048
#define MAX_SK_BYTES 1024

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
GArray *
_ks_generator_key_slots (KsTable *table, KsEntity *entity)
{
  GArray *slots = g_array_new (FALSE, TRUE, sizeof (KsKeySlot));
  const KsKeySchema *ts = ks_table_get_key_schema (table);
  g_autoptr(GArray) all = ks_table_list_key_attributes (table);

  for (guint i = 0; i < all->len; i++)
    {
      const KsKeyAttr *ka = &g_array_index (all, KsKeyAttr, i);
      KsKeySlot s = { ka->name, ka->type, FALSE, FALSE, NULL };

      s.is_table = (ts->n_pk > 0 && g_str_equal (ts->pk[0].name, ka->name)) ||
                   (ts->n_sk > 0 && g_str_equal (ts->sk[0].name, ka->name));
      s.is_sort = is_sort_key (table, ka->name);
      s.tmpl = ks_entity_get_parsed_template (entity, ka->name);
      g_array_append_val (slots, s);
    }
  return slots;
}


/* Renders (or looks up) one key attribute of @values. */
KsKeyResult
_ks_generator_render_key (const KsKeySlot *s, const KsValue *values, KsValue **out, char **why)
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
          return KS_KEY_ABSENT;
        }
      if (r == KS_RENDER_ERROR)
        {
          *why = g_strdup_printf ("%s: %s", s->name, error->message);
          return KS_KEY_BAD;
        }
    }
  else
    {
      KsValue *v = ks_value_lookup (values, s->name);
      if (v == NULL)
        {
          *why = g_strdup_printf ("%s has no value", s->name);
          return KS_KEY_ABSENT;
        }
      if (ks_value_get_type (v) != s->type)
        {
          *why = g_strdup_printf ("%s is of type %s, the key is %s", s->name,
                                  ks_type_to_string (ks_value_get_type (v)), ks_type_to_string (s->type));
          return KS_KEY_BAD;
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
      return KS_KEY_BAD;
    }
  return KS_KEY_OK;
}

/* The primary key of @values as one value (pk, or a list [pk, sk]), or
 * NULL with *why set. *bad: the key is wrong rather than absent. */
KsValue *
_ks_generator_primary_key (GArray *slots, const KsValue *values, gboolean *bad, char **why)
{
  KsValue *parts[2] = { NULL, NULL };
  guint n = 0;

  *bad = FALSE;
  for (guint i = 0; i < slots->len; i++)
    {
      const KsKeySlot *s = &g_array_index (slots, KsKeySlot, i);
      KsValue *v;
      KsKeyResult r;

      if (!s->is_table)
        continue;
      r = _ks_generator_render_key (s, values, &v, why);
      if (r != KS_KEY_OK)
        {
          *bad = r == KS_KEY_BAD;
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
char *
_ks_generator_table_key_attributes (GArray *slots)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < slots->len; i++)
    {
      const KsKeySlot *s = &g_array_index (slots, KsKeySlot, i);
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
