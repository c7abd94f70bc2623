/* ks-export-terraform.c: Terraform aws_dynamodb_table resources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The output is already `terraform fmt` clean: two-space indentation and
 * the equals signs of consecutive arguments aligned, as fmt does. A
 * multi-attribute GSI key is written as key_schema blocks (AWS provider
 * 6.29.0 or later, dynamodb-rules.md §10.5), which the required_providers
 * block then asks for.
 */
#define G_LOG_DOMAIN "keyshape-export"

#include "config.h"

#include <string.h>

#include "ks-export-private.h"

typedef struct
{
  GString   *out;
  guint      level;
  GPtrArray *keys;      /* pending arguments, aligned when flushed */
  GPtrArray *values;
} Hcl;

static void
hcl_pad (Hcl *h)
{
  for (guint i = 0; i < h->level; i++)
    g_string_append (h->out, "  ");
}

static void
hcl_flush (Hcl *h)
{
  gsize width = 0;

  for (guint i = 0; i < h->keys->len; i++)
    width = MAX (width, strlen (g_ptr_array_index (h->keys, i)));
  for (guint i = 0; i < h->keys->len; i++)
    {
      const char *key = g_ptr_array_index (h->keys, i);
      hcl_pad (h);
      g_string_append_printf (h->out, "%-*s = %s\n", (int) width, key,
                              (const char *) g_ptr_array_index (h->values, i));
    }
  g_ptr_array_set_size (h->keys, 0);
  g_ptr_array_set_size (h->values, 0);
}

static void
hcl_quote (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '$':
        case '%':
          /* ${ and %{ start interpolations and directives */
          g_string_append_c (out, *p);
          if (p[1] == '{')
            g_string_append_c (out, *p);
          break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
hcl_string (Hcl *h, const char *key, const char *value)
{
  GString *v = g_string_new (NULL);
  hcl_quote (v, value);
  g_ptr_array_add (h->keys, g_strdup (key));
  g_ptr_array_add (h->values, g_string_free (v, FALSE));
}

static void
hcl_raw (Hcl *h, const char *key, const char *value)
{
  g_ptr_array_add (h->keys, g_strdup (key));
  g_ptr_array_add (h->values, g_strdup (value));
}

static void
hcl_uint (Hcl *h, const char *key, guint value)
{
  g_ptr_array_add (h->keys, g_strdup (key));
  g_ptr_array_add (h->values, g_strdup_printf ("%u", value));
}

static void
hcl_strv (Hcl *h, const char *key, const char * const *strv)
{
  GString *v = g_string_new ("[");
  for (guint i = 0; strv && strv[i]; i++)
    {
      if (i > 0)
        g_string_append (v, ", ");
      hcl_quote (v, strv[i]);
    }
  g_string_append_c (v, ']');
  g_ptr_array_add (h->keys, g_strdup (key));
  g_ptr_array_add (h->values, g_string_free (v, FALSE));
}

static void
hcl_blank (Hcl *h)
{
  hcl_flush (h);
  g_string_append_c (h->out, '\n');
}

static void
hcl_open (Hcl *h, const char *header)
{
  hcl_flush (h);
  hcl_pad (h);
  g_string_append_printf (h->out, "%s {\n", header);
  h->level++;
}

static void
hcl_close (Hcl *h)
{
  hcl_flush (h);
  h->level--;
  hcl_pad (h);
  g_string_append (h->out, "}\n");
}

/* A resource name: snake_case of the table name (ShopOrders → shop_orders),
 * made unique. */
static char *
resource_name (const char *table_name, GHashTable *used)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *base = NULL;
  char prev = 0;

  for (const char *p = table_name; *p; p++)
    {
      char c = *p;
      if (g_ascii_isalnum (c))
        {
          if (g_ascii_isupper (c) && (g_ascii_islower (prev) || g_ascii_isdigit (prev)) &&
              s->len > 0)
            g_string_append_c (s, '_');
          g_string_append_c (s, g_ascii_tolower (c));
        }
      else if (s->len > 0 && s->str[s->len - 1] != '_')
        g_string_append_c (s, '_');
      prev = c;
    }
  while (s->len > 0 && s->str[s->len - 1] == '_')
    g_string_truncate (s, s->len - 1);
  if (s->len == 0 || g_ascii_isdigit (s->str[0]))
    g_string_prepend (s, "table_");
  base = g_strdup (s->str);
  for (guint n = 2; g_hash_table_contains (used, s->str); n++)
    g_string_printf (s, "%s_%u", base, n);
  g_hash_table_add (used, g_strdup (s->str));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
is_multi_attribute (KsIndex *index)
{
  const KsKeySchema *k = ks_index_get_key_schema (index);
  return k->n_pk > 1 || k->n_sk > 1;
}

static void
write_projection (Hcl *h, KsIndex *index)
{
  hcl_string (h, "projection_type", ks_projection_to_string (ks_index_get_projection (index)));
  if (ks_index_get_projection (index) == KS_PROJECTION_INCLUDE)
    hcl_strv (h, "non_key_attributes", ks_index_get_include (index));
}

static void
write_key_schema_block (Hcl *h, const char *name, const char *type)
{
  hcl_open (h, "key_schema");
  hcl_string (h, "attribute_name", name);
  hcl_string (h, "key_type", type);
  hcl_close (h);
}

static void
write_table (Hcl *h, KsTable *table, GHashTable *used)
{
  const KsKeySchema *tk = ks_table_get_key_schema (table);
  g_autoptr(GPtrArray) indexes = ks_export_list_indexes (table);
  g_autoptr(GArray) attrs = ks_table_list_key_attributes (table);
  g_autofree char *rname = resource_name (ks_table_get_name (table), used);
  g_autofree char *header = g_strdup_printf ("resource \"aws_dynamodb_table\" \"%s\"", rname);
  gboolean provisioned = ks_table_get_billing_mode (table) == KS_BILLING_PROVISIONED;
  const char *ttl = ks_table_get_ttl_attribute (table);

  hcl_open (h, header);
  hcl_string (h, "name", ks_table_get_name (table));
  hcl_string (h, "billing_mode", provisioned ? "PROVISIONED" : "PAY_PER_REQUEST");
  if (provisioned)
    {
      hcl_uint (h, "read_capacity", MAX (1, ks_table_get_read_capacity (table)));
      hcl_uint (h, "write_capacity", MAX (1, ks_table_get_write_capacity (table)));
    }
  hcl_string (h, "hash_key", tk->pk[0].name);
  if (tk->n_sk)
    hcl_string (h, "range_key", tk->sk[0].name);

  /* every key attribute, and only those */
  for (guint i = 0; i < attrs->len; i++)
    {
      const KsKeyAttr *a = &g_array_index (attrs, KsKeyAttr, i);
      hcl_blank (h);
      hcl_open (h, "attribute");
      hcl_string (h, "name", a->name);
      hcl_string (h, "type", ks_type_to_string (a->type));
      hcl_close (h);
    }

  for (guint i = 0; i < indexes->len; i++)
    {
      KsIndex *index = g_ptr_array_index (indexes, i);
      const KsKeySchema *ik = ks_index_get_key_schema (index);

      hcl_blank (h);
      if (ks_index_get_kind (index) == KS_INDEX_LSI)
        {
          hcl_open (h, "local_secondary_index");
          hcl_string (h, "name", ks_index_get_name (index));
          hcl_string (h, "range_key", ik->sk[0].name);
          write_projection (h, index);
          hcl_close (h);
          continue;
        }
      hcl_open (h, "global_secondary_index");
      hcl_string (h, "name", ks_index_get_name (index));
      if (!is_multi_attribute (index))
        {
          hcl_string (h, "hash_key", ik->pk[0].name);
          if (ik->n_sk)
            hcl_string (h, "range_key", ik->sk[0].name);
        }
      write_projection (h, index);
      if (provisioned)
        {
          hcl_uint (h, "read_capacity", MAX (1, ks_table_get_read_capacity (table)));
          hcl_uint (h, "write_capacity", MAX (1, ks_table_get_write_capacity (table)));
        }
      if (is_multi_attribute (index))
        {
          for (guint k = 0; k < ik->n_pk; k++)
            {
              hcl_blank (h);
              write_key_schema_block (h, ik->pk[k].name, "HASH");
            }
          for (guint k = 0; k < ik->n_sk; k++)
            {
              hcl_blank (h);
              write_key_schema_block (h, ik->sk[k].name, "RANGE");
            }
        }
      hcl_close (h);
    }

  if (ttl && *ttl)
    {
      hcl_blank (h);
      hcl_open (h, "ttl");
      hcl_string (h, "attribute_name", ttl);
      hcl_raw (h, "enabled", "true");
      hcl_close (h);
    }
  hcl_close (h);
}

char *
ks_export_terraform (KsEngine   *engine,
                     GPtrArray  *warnings,
                     GError    **error)
{
  KsDesign *design = ks_engine_get_design (engine);
  g_autoptr(GPtrArray) tables = ks_export_list_tables (design);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  gboolean multi = FALSE;
  g_autofree char *name = ks_export_one_line (ks_design_get_name (design), "without a name");
  Hcl h = { g_string_new (NULL), 0, keys, values };

  if (!ks_export_check_design (design, error))
    {
      g_string_free (h.out, TRUE);
      return NULL;
    }
  for (guint t = 0; t < tables->len; t++)
    {
      g_autoptr(GPtrArray) indexes = ks_export_list_indexes (g_ptr_array_index (tables, t));
      for (guint i = 0; i < indexes->len; i++)
        multi |= is_multi_attribute (g_ptr_array_index (indexes, i));
    }

  g_string_append_printf (h.out, "# DynamoDB tables of the design %s (exported by Keyshape)\n\n", name);
  hcl_open (&h, "terraform");
  hcl_open (&h, "required_providers");
  hcl_open (&h, "aws =");
  hcl_string (&h, "source", "hashicorp/aws");
  /* key_schema blocks in a GSI came with 6.29.0 */
  hcl_string (&h, "version", multi ? ">= 6.29.0" : ">= 5.0");
  hcl_close (&h);
  hcl_close (&h);
  hcl_close (&h);
  for (guint t = 0; t < tables->len; t++)
    {
      hcl_blank (&h);
      write_table (&h, g_ptr_array_index (tables, t), used);
    }
  return g_string_free (h.out, FALSE);
}
