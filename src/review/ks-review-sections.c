/* ks-review-sections.c: the sections of the review document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-review"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ks-cost.h"
#include "ks-coverage.h"
#include "ks-diagram.h"
#include "ks-json-writer.h"
#include "ks-pattern-run.h"
#include "ks-review-private.h"

/* Long lists are cut: a review reads the shape of the result, not all of it */
#define MAX_RETURNED_ROWS 20
#define MAX_FINDINGS      200
/* Diagrams are fitted into this many points (about 1.4 m) */
#define MAX_DIAGRAM_SIDE  4000.0


/* Writer shorthands ------------------------------------------------------- */

#define W(r) (&(r)->w)

static void
heading (KsReviewDoc *r, guint level, const char *text, const char *anchor)
{
  W (r)->klass->heading (W (r), level, text, anchor);
}

static void
text (KsReviewDoc *r, const char *s)
{
  W (r)->klass->text (W (r), s);
}

static void G_GNUC_PRINTF (2, 3)
textf (KsReviewDoc *r, const char *format, ...)
{
  g_autofree char *s = NULL;
  va_list args;

  va_start (args, format);
  s = g_strdup_vprintf (format, args);
  va_end (args);
  text (r, s);
}

static void
code (KsReviewDoc *r, const char *s)
{
  W (r)->klass->code (W (r), s);
}

static void
strong (KsReviewDoc *r, const char *s)
{
  W (r)->klass->strong (W (r), s);
}

static void
emphasis (KsReviewDoc *r, const char *s)
{
  W (r)->klass->emphasis (W (r), s);
}

static void
begin_paragraph (KsReviewDoc *r)
{
  W (r)->klass->begin_paragraph (W (r));
}

static void
end_paragraph (KsReviewDoc *r)
{
  W (r)->klass->end_paragraph (W (r));
}

static void
paragraph (KsReviewDoc *r, const char *s)
{
  begin_paragraph (r);
  text (r, s);
  end_paragraph (r);
}

static void
begin_list (KsReviewDoc *r)
{
  W (r)->klass->begin_list (W (r));
}

static void
end_list (KsReviewDoc *r)
{
  W (r)->klass->end_list (W (r));
}

/* A list item that starts with a label: "Label: " */
static void
begin_item (KsReviewDoc *r, const char *label)
{
  W (r)->klass->begin_item (W (r));
  if (label)
    {
      strong (r, label);
      text (r, " ");
    }
}

static void
end_item (KsReviewDoc *r)
{
  W (r)->klass->end_item (W (r));
}

static void
begin_table (KsReviewDoc *r, guint n_columns, const char * const *headers, guint numeric)
{
  W (r)->klass->begin_table (W (r), n_columns, headers, numeric);
}

static void
end_table (KsReviewDoc *r)
{
  W (r)->klass->end_table (W (r));
}

static void
begin_row (KsReviewDoc *r)
{
  W (r)->klass->begin_row (W (r));
}

static void
end_row (KsReviewDoc *r)
{
  W (r)->klass->end_row (W (r));
}

static void
begin_cell (KsReviewDoc *r)
{
  W (r)->klass->begin_cell (W (r));
}

static void
end_cell (KsReviewDoc *r)
{
  W (r)->klass->end_cell (W (r));
}

static void
cell (KsReviewDoc *r, const char *s)
{
  begin_cell (r);
  text (r, s ? s : "");
  end_cell (r);
}

static void G_GNUC_PRINTF (2, 3)
cellf (KsReviewDoc *r, const char *format, ...)
{
  g_autofree char *s = NULL;
  va_list args;

  va_start (args, format);
  s = g_strdup_vprintf (format, args);
  va_end (args);
  cell (r, s);
}

static void
code_cell (KsReviewDoc *r, const char *s)
{
  begin_cell (r);
  if (s)
    code (r, s);
  else
    text (r, "—");
  end_cell (r);
}

/* Numbers, independent of the locale (the document sits beside DynamoDB
 * JSON, which writes 0.5) --------------------------------------------------- */

static char *
format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* At most @decimals decimals, trailing zeros dropped: 0.5, 12.25, 3 */
static char *
format_number (double value, guint decimals)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char fmt[8];
  char *s;

  if (!isfinite (value))
    return g_strdup ("—");
  if (fabs (value) >= 1e15)
    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3g", value));
  if (decimals == 0 || value == floor (value))
    return format_count ((guint64) MAX (0, llround (value)));
  g_snprintf (fmt, sizeof fmt, "%%.%uf", decimals);
  s = g_strdup (g_ascii_formatd (buf, sizeof buf, fmt, value));
  if (strchr (s, '.'))
    {
      gsize len = strlen (s);
      while (len > 0 && s[len - 1] == '0')
        s[--len] = '\0';
      if (len > 0 && s[len - 1] == '.')
        s[--len] = '\0';
    }
  return s;
}

static char *
format_money (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

static char *
format_bytes (double bytes)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (bytes < 1024)
    return g_strdup_printf ("%.0f B", MAX (bytes, 0));
  if (bytes < 1024.0 * 1024)
    return g_strdup_printf ("%s KB", g_ascii_formatd (buf, sizeof buf, "%.1f", bytes / 1024));
  if (bytes < 1024.0 * 1024 * 1024)
    return g_strdup_printf ("%s MB", g_ascii_formatd (buf, sizeof buf, "%.1f", bytes / (1024.0 * 1024)));
  return g_strdup_printf ("%s GB", g_ascii_formatd (buf, sizeof buf, "%.2f", bytes / (1024.0 * 1024 * 1024)));
}

/* Model helpers ------------------------------------------------------------ */

static guint
n_items (gpointer list)
{
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

/* Writes "`PK` (S)" or "`tenantId` (S) + `region` (S)"; "—" for none. */
static void
key_attrs (KsReviewDoc *r, const KsKeyAttr *attrs, guint n)
{
  if (n == 0)
    text (r, "—");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        text (r, " + ");
      code (r, attrs[i].name);
      textf (r, " (%s)", ks_type_to_string (attrs[i].type));
    }
}

/* The role of @attribute in @table's key schemas: "table partition key,
 * GSI1 sort key"; NULL when it is none. */
static char *
key_roles (KsTable *table, const char *attribute)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_free);
  const KsKeySchema *keys = ks_table_get_key_schema (table);
  GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));

  for (guint k = 0; keys && k < keys->n_pk + keys->n_sk; k++)
    {
      gboolean pk = k < keys->n_pk;
      const KsKeyAttr *ka = pk ? &keys->pk[k] : &keys->sk[k - keys->n_pk];
      if (g_strcmp0 (ka->name, attribute) == 0)
        g_ptr_array_add (roles, g_strdup_printf (pk ? _("%s partition key") : _("%s sort key"),
                                                 ks_table_get_name (table)));
    }
  for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
    {
      g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
      const KsKeySchema *ik = ks_index_get_key_schema (index);
      for (guint k = 0; ik && k < ik->n_pk + ik->n_sk; k++)
        {
          gboolean pk = k < ik->n_pk;
          const KsKeyAttr *ka = pk ? &ik->pk[k] : &ik->sk[k - ik->n_pk];
          if (g_strcmp0 (ka->name, attribute) == 0)
            g_ptr_array_add (roles, g_strdup_printf (pk ? _("%s partition key") : _("%s sort key"),
                                                     ks_index_get_name (index)));
        }
    }
  if (roles->len == 0)
    return NULL;
  g_ptr_array_add (roles, NULL);
  return g_strjoinv (", ", (char **) roles->pdata);
}

static const char *
billing_text (KsTable *table, char **owned)
{
  if (ks_table_get_billing_mode (table) == KS_BILLING_PAY_PER_REQUEST)
    return _("on demand (PAY_PER_REQUEST)");
  *owned = g_strdup_printf (_("provisioned (PROVISIONED): %u RCU, %u WCU"),
                            ks_table_get_read_capacity (table),
                            ks_table_get_write_capacity (table));
  return *owned;
}

static const char *
projection_name (KsIndex *index)
{
  return ks_projection_to_string (ks_index_get_projection (index));
}

/* Sections ---------------------------------------------------------------- */

static void
write_title (KsReviewDoc *r)
{
  const char *name = ks_design_get_name (r->design);
  const char *description = ks_design_get_description (r->design);
  const char *notes = ks_design_get_notes (r->design);
  guint n_tables = n_items (ks_design_get_tables (r->design));
  guint n_indexes = 0;

  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (G_LIST_MODEL (ks_design_get_tables (r->design)), t);
      n_indexes += n_items (ks_table_get_indexes (table));
    }

  heading (r, 1, name && *name ? name : _("Untitled design"), "design");
  if (description && *description)
    paragraph (r, description);
  begin_paragraph (r);
  emphasis (r, _("Review document written by Keyshape from the design and its sample data."));
  text (r, " ");
  {
    guint n_entities = n_items (ks_design_get_entities (r->design));
    guint n_samples = ks_design_count_items (r->design);
    guint n_patterns = n_items (ks_design_get_patterns (r->design));

    textf (r, g_dngettext (GETTEXT_PACKAGE, "%u table", "%u tables", n_tables), n_tables);
    text (r, ", ");
    textf (r, g_dngettext (GETTEXT_PACKAGE, "%u index", "%u indexes", n_indexes), n_indexes);
    text (r, ", ");
    textf (r, g_dngettext (GETTEXT_PACKAGE, "%u entity", "%u entities", n_entities), n_entities);
    text (r, ", ");
    textf (r, g_dngettext (GETTEXT_PACKAGE, "%u sample item", "%u sample items", n_samples), n_samples);
    text (r, ", ");
    textf (r, g_dngettext (GETTEXT_PACKAGE, "%u access pattern.", "%u access patterns.", n_patterns), n_patterns);
  }
  end_paragraph (r);
  if (notes && *notes)
    {
      heading (r, 2, _("Notes"), "notes");
      paragraph (r, notes);
    }
}

static void
write_tables (KsReviewDoc *r)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (r->design));

  heading (r, 2, _("Tables and indexes"), "tables");
  if (g_list_model_get_n_items (tables) == 0)
    paragraph (r, _("The design has no table."));
  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      const KsKeySchema *keys = ks_table_get_key_schema (table);
      KsView *view = ks_engine_get_view (r->engine, ks_table_get_name (table), NULL);
      GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));
      g_autofree char *billing = NULL;
      g_autofree char *anchor = g_strdup_printf ("table-%u", t + 1);
      const char *headers[] = { _("Property"), _("Value") };
      guint table_items = view ? ks_view_get_n_entries (view) : 0;

      heading (r, 3, ks_table_get_name (table), anchor);
      begin_table (r, 2, headers, 0);
      begin_row (r); cell (r, _("Partition key"));
      begin_cell (r); key_attrs (r, keys->pk, keys->n_pk); end_cell (r); end_row (r);
      begin_row (r); cell (r, _("Sort key"));
      begin_cell (r); key_attrs (r, keys->sk, keys->n_sk); end_cell (r); end_row (r);
      begin_row (r); cell (r, _("Entity type attribute"));
      code_cell (r, ks_table_get_type_attribute (table)); end_row (r);
      begin_row (r); cell (r, _("Time to live attribute"));
      code_cell (r, ks_table_get_ttl_attribute (table)); end_row (r);
      begin_row (r); cell (r, _("Billing"));
      cell (r, billing_text (table, &billing)); end_row (r);
      begin_row (r); cell (r, _("Sample items"));
      if (view)
        cellf (r, _("%u in %u partitions"), table_items, ks_view_get_n_partitions (view));
      else
        cell (r, "—");
      end_row (r);
      end_table (r);

      if (g_list_model_get_n_items (indexes) == 0)
        {
          paragraph (r, _("No secondary indexes."));
          continue;
        }
      {
        const char *index_headers[] = { _("Index"), _("Kind"), _("Partition key"), _("Sort key"),
                                        _("Projection"), _("Sample items") };
        begin_table (r, G_N_ELEMENTS (index_headers), index_headers, 0);
        for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
          {
            g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
            const KsKeySchema *ik = ks_index_get_key_schema (index);
            KsView *iv = ks_engine_get_view (r->engine, ks_table_get_name (table), ks_index_get_name (index));
            const char * const *include = ks_index_get_include (index);

            begin_row (r);
            cell (r, ks_index_get_name (index));
            cell (r, ks_index_kind_to_string (ks_index_get_kind (index)));
            begin_cell (r); key_attrs (r, ik->pk, ik->n_pk); end_cell (r);
            begin_cell (r); key_attrs (r, ik->sk, ik->n_sk); end_cell (r);
            begin_cell (r);
            text (r, projection_name (index));
            if (ks_index_get_projection (index) == KS_PROJECTION_INCLUDE)
              {
                text (r, ": ");
                for (guint a = 0; include && include[a]; a++)
                  {
                    if (a > 0)
                      text (r, ", ");
                    code (r, include[a]);
                  }
              }
            end_cell (r);
            if (iv)
              {
                guint n = ks_view_get_n_entries (iv);
                if (n < table_items)
                  cellf (r, _("%u of %u in %u partitions"), n, table_items,
                         ks_view_get_n_partitions (iv));
                else
                  cellf (r, _("%u in %u partitions"), n, ks_view_get_n_partitions (iv));
              }
            else
              cell (r, "—");
            end_row (r);
          }
        end_table (r);
      }
    }
}

/* The first sample item's value of @key, or why it has none. */
static void
example_cell (KsReviewDoc *r, KsEntity *entity, const char *key)
{
  KsItem *item = ks_entity_get_n_items (entity) > 0 ? ks_entity_get_item (entity, 0) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KsValue) value = NULL;
  const char *missing = NULL;

  begin_cell (r);
  if (item == NULL)
    text (r, _("no sample items"));
  else if ((value = ks_engine_render_key (r->engine, entity, item, key, NULL, &missing, &error)))
    {
      g_autofree char *display = ks_value_to_display (value);
      code (r, display);
    }
  else if (error)
    textf (r, _("error: %s"), error->message);
  else if (missing)
    {
      text (r, _("absent (no "));
      code (r, missing);
      text (r, _("): the item is not in this index"));
    }
  else
    text (r, _("absent"));
  end_cell (r);
}

static void
write_entity (KsReviewDoc *r, KsEntity *entity, guint position)
{
  KsTable *table = ks_design_get_entity_table (r->design, entity);
  GListModel *attributes = G_LIST_MODEL (ks_entity_get_attributes (entity));
  const char *description = ks_entity_get_description (entity);
  g_autofree char *anchor = g_strdup_printf ("entity-%u", position + 1);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  heading (r, 3, ks_entity_get_name (entity), anchor);
  if (description && *description)
    paragraph (r, description);

  begin_list (r);
  begin_item (r, _("Table:"));
  if (table)
    text (r, ks_table_get_name (table));
  else
    textf (r, _("none (the design has no table “%s”)"), ks_entity_get_table (entity) ? ks_entity_get_table (entity) : "");
  end_item (r);
  if (ks_entity_get_color (entity))
    {
      begin_item (r, _("Colour:"));
      code (r, ks_entity_get_color (entity));
      end_item (r);
    }
  begin_item (r, _("Sample items:"));
  textf (r, "%u", ks_entity_get_n_items (entity));
  end_item (r);
  if (ks_entity_get_expected_items (entity) > 0 || ks_entity_get_writes_per_second (entity) > 0)
    {
      g_autofree char *expected = format_count (ks_entity_get_expected_items (entity));
      g_autofree char *wps = format_number (ks_entity_get_writes_per_second (entity), 2);
      begin_item (r, _("Load:"));
      textf (r, _("%s items expected in production, %s writes per second"), expected, wps);
      end_item (r);
    }
  end_list (r);

  if (g_list_model_get_n_items (attributes) > 0)
    {
      const char *headers[] = { _("Attribute"), _("Type"), _("Required"), _("Description") };
      begin_table (r, G_N_ELEMENTS (headers), headers, 0);
      for (guint a = 0; a < g_list_model_get_n_items (attributes); a++)
        {
          g_autoptr(KsAttribute) attribute = g_list_model_get_item (attributes, a);
          begin_row (r);
          code_cell (r, ks_attribute_get_name (attribute));
          cell (r, ks_type_to_string (ks_attribute_get_value_type (attribute)));
          cell (r, ks_attribute_get_required (attribute) ? _("yes") : "");
          cell (r, ks_attribute_get_description (attribute));
          end_row (r);
        }
      end_table (r);
    }
  else
    paragraph (r, _("No attributes declared."));

  /* key attributes of the table and its indexes, then any template for an
   * attribute that is no key (lint reports those) */
  if (table)
    {
      GArray *attrs = ks_table_list_key_attributes (table);
      for (guint k = 0; k < attrs->len; k++)
        g_ptr_array_add (keys, g_array_index (attrs, KsKeyAttr, k).name);
      g_array_unref (attrs);
    }
  for (guint t = 0; t < ks_entity_get_n_templates (entity); t++)
    {
      const char *key = ks_entity_get_template_key (entity, t);
      if (!g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
        g_ptr_array_add (keys, (gpointer) key);
    }
  if (keys->len == 0)
    return;

  begin_paragraph (r);
  strong (r, _("Key templates"));
  end_paragraph (r);
  {
    const char *headers[] = { _("Key attribute"), _("Used as"), _("Template"), _("First sample item") };
    begin_table (r, G_N_ELEMENTS (headers), headers, 0);
    for (guint k = 0; k < keys->len; k++)
      {
        const char *key = g_ptr_array_index (keys, k);
        const char *tmpl = ks_entity_get_template (entity, key);
        const GError *tmpl_error = ks_entity_get_template_error (entity, key);
        g_autofree char *roles = table ? key_roles (table, key) : NULL;

        begin_row (r);
        code_cell (r, key);
        cell (r, roles ? roles : _("not a key attribute"));
        begin_cell (r);
        if (tmpl)
          code (r, tmpl);
        else if (ks_entity_find_attribute (entity, key))
          text (r, _("the item's own value"));
        else
          text (r, _("none: the items are not in this index"));
        end_cell (r);
        if (tmpl_error)
          cellf (r, _("error: %s"), tmpl_error->message);
        else if (tmpl == NULL && ks_entity_find_attribute (entity, key) == NULL)
          cell (r, "—");
        else
          example_cell (r, entity, key);
        end_row (r);
      }
    end_table (r);
  }
}

static void
write_entities (KsReviewDoc *r)
{
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (r->design));

  heading (r, 2, _("Entities"), "entities");
  if (g_list_model_get_n_items (entities) == 0)
    paragraph (r, _("The design has no entity."));
  for (guint e = 0; e < g_list_model_get_n_items (entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, e);
      write_entity (r, entity, e);
    }
}

/* "Query on GSI1, needs a filter" */
static char *
served_text (KsPatternRun *run)
{
  const char *target = ks_pattern_get_index (run->pattern)
                       ? ks_pattern_get_index (run->pattern) : ks_pattern_get_table (run->pattern);

  if (run->request == NULL)
    return g_strdup (_("does not run"));
  return g_strdup_printf ("%s%s%s%s", ks_served_by_to_string (run->served_by),
                          target ? _(" on ") : "", target ? target : "",
                          run->needs_filter ? _(", needs a filter") : "");
}

static void
write_coverage (KsReviewDoc *r)
{
  KsCoverage *cov = r->coverage;
  guint n_entities = ks_coverage_get_n_entities (cov);
  guint n_patterns = ks_coverage_get_n_patterns (cov);
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autoptr(GPtrArray) unused = NULL;
  g_autoptr(GPtrArray) unserved = NULL;

  heading (r, 2, _("Coverage"), "coverage");
  if (n_patterns == 0)
    {
      paragraph (r, _("The design has no access pattern."));
      return;
    }
  paragraph (r, _("Which entities each access pattern returns on the sample data: "
                  "✓ expected and returned, ✗ expected but not returned, "
                  "! returned without being expected, · reachable with other parameter values."));
  g_ptr_array_add (headers, (gpointer) _("Access pattern"));
  g_ptr_array_add (headers, (gpointer) _("Served by"));
  for (guint e = 0; e < n_entities; e++)
    g_ptr_array_add (headers, (gpointer) ks_entity_get_name (ks_coverage_get_entity (cov, e)));
  begin_table (r, headers->len, (const char * const *) headers->pdata, 0);
  for (guint p = 0; p < n_patterns; p++)
    {
      g_autofree char *served = served_text (ks_coverage_get_run (cov, p));
      begin_row (r);
      cell (r, ks_pattern_get_name (ks_coverage_get_pattern (cov, p)));
      cell (r, served);
      for (guint e = 0; e < n_entities; e++)
        cell (r, ks_coverage_get_symbol (cov, e, p));
      end_row (r);
    }
  end_table (r);

  unused = ks_coverage_get_unused_indexes (cov);
  unserved = ks_coverage_get_unserved_patterns (cov);
  if (unused->len == 0 && unserved->len == 0)
    return;
  begin_list (r);
  if (unused->len > 0)
    {
      begin_item (r, _("Indexes no access pattern reads:"));
      for (guint i = 0; i < unused->len; i++)
        {
          if (i > 0)
            text (r, ", ");
          text (r, ks_view_get_name (g_ptr_array_index (unused, i)));
        }
      end_item (r);
    }
  if (unserved->len > 0)
    {
      begin_item (r, _("Access patterns no table or index serves:"));
      for (guint i = 0; i < unserved->len; i++)
        {
          if (i > 0)
            text (r, ", ");
          text (r, ks_pattern_get_name (g_ptr_array_index (unserved, i)));
        }
      end_item (r);
    }
  end_list (r);
}

/* The key attributes a returned item is shown by: the view's keys, then
 * the table's (an index entry is identified by both). */
static GPtrArray *
result_key_names (KsView *view)
{
  GPtrArray *names = g_ptr_array_new ();
  const KsKeySchema *vk = ks_view_get_key_schema (view);
  const KsKeySchema *tk = ks_table_get_key_schema (ks_view_get_table (view));

  for (guint k = 0; k < vk->n_pk + vk->n_sk; k++)
    g_ptr_array_add (names, (k < vk->n_pk ? vk->pk[k] : vk->sk[k - vk->n_pk]).name);
  for (guint k = 0; tk && k < tk->n_pk + tk->n_sk; k++)
    {
      const char *name = (k < tk->n_pk ? tk->pk[k] : tk->sk[k - tk->n_pk]).name;
      if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
        g_ptr_array_add (names, (gpointer) name);
    }
  return names;
}

static void
write_returned (KsReviewDoc *r, KsView *view, KsQueryResult *result)
{
  g_autoptr(GPtrArray) names = result_key_names (view);
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  guint shown = MIN (result->items->len, MAX_RETURNED_ROWS);

  g_ptr_array_add (headers, (gpointer) "#");
  g_ptr_array_add (headers, (gpointer) _("Entity"));
  g_ptr_array_extend (headers, names, NULL, NULL);
  begin_table (r, headers->len, (const char * const *) headers->pdata, 1);
  for (guint i = 0; i < shown; i++)
    {
      KsItem *item = g_ptr_array_index (result->items, i);
      KsValue *final = ks_item_get_final (item);

      begin_row (r);
      cellf (r, "%u", i + 1);
      cell (r, item->entity ? ks_entity_get_name (item->entity) : "");
      for (guint k = 0; k < names->len; k++)
        {
          KsValue *v = ks_value_lookup (final, g_ptr_array_index (names, k));
          g_autofree char *display = v ? ks_value_to_display (v) : NULL;
          code_cell (r, display);
        }
      end_row (r);
    }
  end_table (r);
  if (result->items->len > shown)
    {
      begin_paragraph (r);
      textf (r, _("… and %u more items."), result->items->len - shown);
      end_paragraph (r);
    }
}

static void
write_pattern (KsReviewDoc *r, guint column)
{
  KsPatternRun *run = ks_coverage_get_run (r->coverage, column);
  KsPattern *pattern = run->pattern;
  KsView *view = ks_coverage_get_view (r->coverage, column);
  KsPatternCost *pc = ks_cost_report_find_pattern (r->cost, pattern);
  const char *description = ks_pattern_get_description (pattern);
  const char * const *expects = ks_pattern_get_expects (pattern);
  KsValue *params = ks_pattern_get_parameters (pattern);
  g_autofree char *anchor = g_strdup_printf ("pattern-%u", column + 1);
  g_autofree char *served = served_text (run);

  heading (r, 3, ks_pattern_get_name (pattern), anchor);
  if (description && *description)
    paragraph (r, description);

  begin_list (r);
  begin_item (r, _("Target:"));
  if (ks_pattern_get_index (pattern))
    textf (r, _("index %s of %s"), ks_pattern_get_index (pattern),
           ks_pattern_get_table (pattern) ? ks_pattern_get_table (pattern) : "?");
  else
    textf (r, _("table %s"), ks_pattern_get_table (pattern) ? ks_pattern_get_table (pattern) : "?");
  end_item (r);
  begin_item (r, _("Served by:"));
  text (r, served);
  end_item (r);
  if (params && ks_value_get_length (params) > 0)
    {
      begin_item (r, _("Parameters:"));
      for (guint i = 0; i < ks_value_get_length (params); i++)
        {
          const KsMapEntry *entry = ks_value_get_entry (params, i);
          g_autofree char *display = ks_value_to_display (entry->value);
          if (i > 0)
            text (r, ", ");
          code (r, entry->name);
          text (r, " = ");
          code (r, display);
        }
      end_item (r);
    }
  if (expects && expects[0])
    {
      begin_item (r, _("Expects:"));
      for (guint i = 0; expects[i]; i++)
        textf (r, "%s%s", i ? ", " : "", expects[i]);
      end_item (r);
    }
  begin_item (r, _("Result:"));
  strong (r, run->passed ? _("passes") : _("fails"));
  if (run->error)
    textf (r, _(" — %s"), run->error->message);
  else if (run->result)
    {
      textf (r, g_dngettext (GETTEXT_PACKAGE, " — returns %u item", " — returns %u items", run->result->count),
             run->result->count);
      textf (r, _(" (reads %u)"), run->result->scanned_count);
      if (run->unexpected && run->unexpected->len > 0)
        {
          text (r, _("; entities it does not expect: "));
          for (guint i = 0; i < run->unexpected->len; i++)
            textf (r, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (run->unexpected, i));
        }
      else if (!run->passed)
        text (r, _("; none of the entities it expects"));
    }
  end_item (r);
  if (pc && pc->ran)
    {
      g_autofree char *eventual = format_number (pc->units_eventual, 2);
      g_autofree char *strong_units = format_number (pc->units_strong, 2);
      g_autofree char *rps = format_number (pc->requests_per_second, 2);
      g_autofree char *ups = format_number (pc->units_per_second, 2);
      begin_item (r, _("Read cost:"));
      if (pc->units_strong < 0)
        textf (r, _("%s RCU per request (strongly consistent reads are not allowed here)"), eventual);
      else
        textf (r, _("%s RCU per request eventually consistent, %s strongly consistent"), eventual, strong_units);
      if (pc->requests_per_second > 0)
        textf (r, _("; × %s requests/s = %s RCU/s"), rps, ups);
      end_item (r);
    }
  end_list (r);

  if (run->request)
    {
      g_autofree char *json = ks_json_to_string (run->request, TRUE);
      begin_paragraph (r);
      strong (r, _("Request"));
      textf (r, " (%s)", ks_operation_to_string (run->operation));
      end_paragraph (r);
      W (r)->klass->code_block (W (r), "json", json);
    }
  if (run->result && view)
    {
      begin_paragraph (r);
      strong (r, _("Returned items"));
      end_paragraph (r);
      if (run->result->items->len == 0)
        paragraph (r, _("None on the sample data."));
      else
        write_returned (r, view, run->result);
    }
}

static void
write_patterns (KsReviewDoc *r)
{
  guint n = ks_coverage_get_n_patterns (r->coverage);

  heading (r, 2, _("Access patterns"), "patterns");
  if (n == 0)
    paragraph (r, _("The design has no access pattern."));
  for (guint p = 0; p < n; p++)
    write_pattern (r, p);
}

static void
write_findings (KsReviewDoc *r)
{
  guint counts[3] = { 0, 0, 0 };
  guint shown = MIN (r->problems->len, MAX_FINDINGS);

  heading (r, 2, _("Lint findings"), "lint");
  if (r->problems->len == 0)
    {
      paragraph (r, _("No findings."));
      return;
    }
  for (guint i = 0; i < r->problems->len; i++)
    {
      KsProblem *p = g_ptr_array_index (r->problems, i);
      counts[CLAMP (p->severity, KS_SEVERITY_ERROR, KS_SEVERITY_INFO)]++;
    }
  begin_paragraph (r);
  textf (r, _("%u errors, %u warnings, %u notes."), counts[0], counts[1], counts[2]);
  end_paragraph (r);
  {
    const char *headers[] = { _("Severity"), _("Rule"), _("Where"), _("Message") };
    begin_table (r, G_N_ELEMENTS (headers), headers, 0);
    for (guint i = 0; i < shown; i++)
      {
        KsProblem *p = g_ptr_array_index (r->problems, i);
        begin_row (r);
        cell (r, ks_severity_to_string (p->severity));
        code_cell (r, p->rule);
        if (p->path)
          code_cell (r, p->path);
        else
          cell (r, p->entity ? ks_entity_get_name (p->entity) : "—");
        cell (r, p->message);
        end_row (r);
      }
    end_table (r);
  }
  if (r->problems->len > shown)
    {
      begin_paragraph (r);
      textf (r, _("… and %u more; keyshape-cli validate lists them all."), r->problems->len - shown);
      end_paragraph (r);
    }
}

static void
write_cost (KsReviewDoc *r)
{
  KsCostReport *cost = r->cost;

  heading (r, 2, _("Sizes and cost"), "cost");
  if (cost->entities->len > 0)
    {
      const char *headers[] = { _("Entity"), _("Sample items"), _("Mean size"), _("Largest"),
                                _("Expected items"), _("Writes/s"), _("WCU per write"),
                                _("Storage") };
      heading (r, 3, _("Item sizes and writes"), "cost-entities");
      begin_table (r, G_N_ELEMENTS (headers), headers, 0xfe);
      for (guint i = 0; i < cost->entities->len; i++)
        {
          KsEntityCost *ec = g_ptr_array_index (cost->entities, i);
          g_autofree char *mean = format_bytes (ec->item_size);
          g_autofree char *largest = format_bytes (ec->max_item_size);
          g_autofree char *expected = format_count (ec->expected_items);
          g_autofree char *wps = format_number (ec->writes_per_second, 2);
          g_autofree char *units = format_number (ec->units_per_write, 2);
          g_autofree char *storage = format_bytes (ec->storage_bytes);
          begin_row (r);
          cell (r, ks_entity_get_name (ec->entity));
          cellf (r, "%u", ec->n_samples);
          cell (r, mean);
          cell (r, largest);
          cell (r, expected);
          cell (r, wps);
          cell (r, units);
          cell (r, storage);
          end_row (r);
        }
      end_table (r);
    }
  if (cost->patterns->len > 0)
    {
      const char *headers[] = { _("Access pattern"), _("Operation"), _("Items read"), _("Returned"),
                                _("RCU per request"), _("Requests/s"), _("RCU/s") };
      heading (r, 3, _("Reads"), "cost-reads");
      paragraph (r, _("Read units per request on the sample data, eventually consistent."));
      begin_table (r, G_N_ELEMENTS (headers), headers, 0x7c);
      for (guint i = 0; i < cost->patterns->len; i++)
        {
          KsPatternCost *pc = g_ptr_array_index (cost->patterns, i);
          g_autofree char *units = format_number (pc->units_eventual, 2);
          g_autofree char *rps = format_number (pc->requests_per_second, 2);
          g_autofree char *ups = format_number (pc->units_per_second, 2);
          begin_row (r);
          cell (r, ks_pattern_get_name (pc->pattern));
          if (!pc->ran)
            {
              cell (r, _("does not run"));
              for (guint c = 0; c < 5; c++)
                cell (r, "—");
              end_row (r);
              continue;
            }
          cell (r, pc->operation);
          cellf (r, "%u", pc->items_read);
          cellf (r, "%u", pc->items_returned);
          cell (r, units);
          cell (r, rps);
          cell (r, ups);
          end_row (r);
        }
      end_table (r);
    }
  if (cost->capacity->len > 0)
    {
      const char *headers[] = { _("Table or index"), _("RCU/s"), _("WCU/s"), _("Provisioned RCU"),
                                _("Provisioned WCU"), _("Storage") };
      heading (r, 3, _("Capacity"), "cost-capacity");
      paragraph (r, _("A global secondary index has capacity of its own; a local one uses its table's."));
      begin_table (r, G_N_ELEMENTS (headers), headers, 0x3e);
      for (guint i = 0; i < cost->capacity->len; i++)
        {
          KsCapacityCost *cc = g_ptr_array_index (cost->capacity, i);
          g_autofree char *reads = format_number (cc->read_units, 2);
          g_autofree char *writes = format_number (cc->write_units, 2);
          g_autofree char *storage = format_bytes (cc->storage_bytes);
          begin_row (r);
          if (cc->index)
            cellf (r, "%s.%s", ks_table_get_name (cc->table), ks_index_get_name (cc->index));
          else
            cell (r, ks_table_get_name (cc->table));
          cell (r, reads);
          cell (r, writes);
          cellf (r, "%u", cc->provisioned_rcu);
          cellf (r, "%u", cc->provisioned_wcu);
          cell (r, storage);
          end_row (r);
        }
      end_table (r);
    }

  heading (r, 3, _("Monthly estimate"), "cost-monthly");
  {
    g_autofree char *reads = format_number (cost->read_units, 2);
    g_autofree char *writes = format_number (cost->write_units, 2);
    g_autofree char *gb = format_number (cost->storage_gb, 3);
    g_autofree char *hours = format_number (cost->pricing->hours_per_month, 0);
    begin_paragraph (r);
    textf (r, _("%s, %s, %s hours a month, before the free tier: %s RCU/s and %s WCU/s on average, %s GB stored."),
           cost->pricing->region, cost->pricing->currency, hours, reads, writes, gb);
    end_paragraph (r);
  }
  {
    const char *headers[] = { "", _("Standard, on demand"), _("Standard, provisioned"),
                              _("Standard-IA, on demand"), _("Standard-IA, provisioned") };
    const char *rows[] = { _("Reads"), _("Writes"), _("Storage"), _("Total") };
    begin_table (r, G_N_ELEMENTS (headers), headers, 0x1e);
    for (guint row = 0; row < G_N_ELEMENTS (rows); row++)
      {
        begin_row (r);
        cell (r, rows[row]);
        for (guint c = 0; c < KS_N_STORAGE_CLASSES; c++)
          for (guint mode = 0; mode < 2; mode++)
            {
              const KsCostLine *line = mode == 0 ? &cost->monthly[c].on_demand : &cost->monthly[c].provisioned;
              double values[] = { line->reads, line->writes, line->storage, line->total };
              g_autofree char *money = format_money (values[row]);
              if (row == 3)
                {
                  begin_cell (r);
                  strong (r, money);
                  end_cell (r);
                }
              else
                cell (r, money);
            }
        end_row (r);
      }
    end_table (r);
  }
}

/* A file-name stem from a table or index name: letters, digits, '.', '-'
 * and '_' kept (DynamoDB names use only those), anything else '_'. */
static char *
file_stem (const char *name, GHashTable *used)
{
  g_autoptr(GString) stem = g_string_new (NULL);
  char *result;

  for (const char *p = name; *p; p++)
    g_string_append_c (stem, g_ascii_isalnum (*p) || strchr ("._-", *p) ? *p : '_');
  if (stem->len == 0 || stem->str[0] == '.')
    g_string_prepend_c (stem, '_');
  result = g_strdup (stem->str);
  for (guint n = 2; g_hash_table_contains (used, result); n++)
    {
      g_free (result);
      result = g_strdup_printf ("%s-%u", stem->str, n);
    }
  g_hash_table_add (used, g_strdup (result));
  return result;
}

gboolean
_ks_review_write_diagrams (KsReviewDoc *r, GError **error)
{
  GPtrArray *views = ks_engine_get_views (r->engine);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  heading (r, 2, _("Diagrams"), "diagrams");
  if (views->len == 0)
    {
      paragraph (r, _("The design has no table."));
      return TRUE;
    }
  if (W (r)->klass == &ks_review_markdown_class && W (r)->diagram_dir == NULL && W (r)->warnings)
    g_ptr_array_add (W (r)->warnings,
                     g_strdup (_("the Markdown review document's diagrams are separate SVG files; "
                                 "they are written only when the document is exported to a file")));
  for (guint v = 0; v < views->len; v++)
    {
      KsView *view = g_ptr_array_index (views, v);
      KsTable *table = ks_view_get_table (view);
      KsIndex *index = ks_view_get_index (view);
      g_autoptr(KsDiagram) diagram = ks_diagram_new (r->engine);
      g_autoptr(GBytes) svg = NULL;
      g_autofree char *title = NULL;
      g_autofree char *name = NULL;
      g_autofree char *stem = NULL;
      g_autofree char *anchor = g_strdup_printf ("diagram-%u", v + 1);
      double width, height, scale;

      if (index)
        {
          title = g_strdup_printf (_("%s (%s of %s)"), ks_index_get_name (index),
                                   ks_index_kind_to_string (ks_index_get_kind (index)),
                                   ks_table_get_name (table));
          name = g_strdup_printf ("%s.%s", ks_table_get_name (table), ks_index_get_name (index));
        }
      else
        {
          title = g_strdup_printf (_("%s (table)"), ks_table_get_name (table));
          name = g_strdup (ks_table_get_name (table));
        }
      stem = file_stem (name, used);
      heading (r, 3, title, anchor);

      ks_diagram_set_view (diagram, ks_view_get_name (view));
      ks_diagram_set_theme (diagram, KS_DIAGRAM_THEME_LIGHT);
      ks_diagram_get_size (diagram, &width, &height);
      /* a big view is drawn smaller, where the renderer shows colour bars
       * instead of every key: the document stays readable and small */
      scale = MIN (1.0, MAX_DIAGRAM_SIDE / MAX (MAX (width, height), 1));
      svg = ks_diagram_export_bytes (diagram, "svg", MAX (scale, 0.01), error);
      if (svg == NULL)
        {
          g_prefix_error (error, _("Diagram of %s: "), name);
          return FALSE;
        }
      if (!W (r)->klass->diagram (W (r), title, stem, svg, error))
        return FALSE;
    }
  return TRUE;
}

void
_ks_review_write_sections (KsReviewDoc *r)
{
  write_title (r);
  write_tables (r);
  write_entities (r);
  write_coverage (r);
  write_patterns (r);
  write_findings (r);
  write_cost (r);
}
