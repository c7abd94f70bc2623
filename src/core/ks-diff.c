/* ks-diff.c: what changed between two designs, and what it takes to migrate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-diff"

#include "config.h"

#include <string.h>

#include "ks-diff.h"
#include "ks-pattern-run.h"

typedef struct
{
  KsDiff     *diff;
  KsEngine   *old_engine;
  KsEngine   *new_engine;
  KsDesign   *old_design;
  KsDesign   *new_design;
  GHashTable *old_to_new;   /* KsItem → KsItem: the same sample item */
  GHashTable *new_to_old;
} Differ;

const char *
ks_diff_kind_to_string (KsDiffKind kind)
{
  switch (kind)
    {
    case KS_DIFF_ADDED:
      return "added";
    case KS_DIFF_REMOVED:
      return "removed";
    case KS_DIFF_CHANGED:
      return "changed";
    default:
      return NULL;
    }
}

const char *
ks_diff_subject_to_string (KsDiffSubject subject)
{
  static const char *const names[] = {
    "design", "table", "index", "entity", "attribute", "template", "items", "pattern",
  };

  if ((guint) subject >= G_N_ELEMENTS (names))
    return NULL;
  return names[subject];
}

/* How each subject reads in a message */
static const char *
subject_label (KsDiffSubject subject)
{
  static const char *const labels[] = {
    "design", "table", "index", "entity", "attribute", "template", "sample items of",
    "access pattern",
  };
  return labels[subject];
}

static void
change_free (KsDiffChange *change)
{
  g_free (change->path);
  g_free (change->field);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change->message);
  g_free (change);
}

static void
backfill_free (KsDiffBackfill *backfill)
{
  g_free (backfill->table);
  g_free (backfill->index);
  g_free (backfill);
}

static void
pattern_result_free (KsDiffPatternResult *result)
{
  g_free (result->pattern);
  g_free (result->old_error);
  g_free (result->new_error);
  g_free (result);
}

static KsDiffChange *
add_change (Differ        *d,
            KsDiffKind     kind,
            KsDiffSubject  subject,
            const char    *path,
            const char    *field,
            const char    *old_value,
            const char    *new_value)
{
  KsDiffChange *change = g_new0 (KsDiffChange, 1);
  GString *message = g_string_new (NULL);

  change->kind = kind;
  change->subject = subject;
  change->path = g_strdup (path);
  change->field = g_strdup (field);
  change->old_value = g_strdup (old_value);
  change->new_value = g_strdup (new_value);
  change->n_items = -1;

  g_string_append (message, subject_label (subject));
  if (path && *path)
    g_string_append_printf (message, " %s", path);
  switch (kind)
    {
    case KS_DIFF_ADDED:
      g_string_append (message, " added");
      if (new_value)
        g_string_append_printf (message, ": %s", new_value);
      break;
    case KS_DIFF_REMOVED:
      g_string_append (message, " removed");
      if (old_value)
        g_string_append_printf (message, ": %s", old_value);
      break;
    case KS_DIFF_CHANGED:
    default:
      g_string_append_printf (message, ": %s%s%s → %s", field ? field : "", field ? " " : "",
                              old_value ? old_value : "(none)", new_value ? new_value : "(none)");
      break;
    }
  change->message = g_string_free (message, FALSE);
  g_ptr_array_add (d->diff->changes, change);
  return change;
}

static gboolean
str_equal (const char *a, const char *b)
{
  /* absent and empty text mean the same in a design */
  return g_strcmp0 (a ? a : "", b ? b : "") == 0;
}

static void
compare_str (Differ *d, KsDiffSubject subject, const char *path, const char *field,
             const char *a, const char *b)
{
  if (!str_equal (a, b))
    add_change (d, KS_DIFF_CHANGED, subject, path, field, a && *a ? a : NULL, b && *b ? b : NULL);
}

static void
compare_number (Differ *d, KsDiffSubject subject, const char *path, const char *field,
                double a, double b)
{
  char abuf[G_ASCII_DTOSTR_BUF_SIZE], bbuf[G_ASCII_DTOSTR_BUF_SIZE];

  if (a == b)
    return;
  add_change (d, KS_DIFF_CHANGED, subject, path, field,
              g_ascii_dtostr (abuf, sizeof abuf, a), g_ascii_dtostr (bbuf, sizeof bbuf, b));
}

/* Text forms of model parts ----------------------------------------------- */

static void
append_key_attrs (GString *out, const KsKeyAttr *attrs, guint n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s (%s)", i ? " + " : "", attrs[i].name,
                            ks_type_to_string (attrs[i].type));
}

/* "PK (S), SK (S)" or "PK (S)" */
static char *
key_schema_text (const KsKeySchema *keys)
{
  GString *out = g_string_new (NULL);

  if (keys == NULL || keys->n_pk == 0)
    g_string_append (out, "no key");
  else
    append_key_attrs (out, keys->pk, keys->n_pk);
  if (keys && keys->n_sk > 0)
    {
      g_string_append (out, ", ");
      append_key_attrs (out, keys->sk, keys->n_sk);
    }
  return g_string_free (out, FALSE);
}

static char *
projection_text (KsIndex *index)
{
  const char * const *include = ks_index_get_include (index);
  GString *out = g_string_new (ks_projection_to_string (ks_index_get_projection (index)));

  if (ks_index_get_projection (index) == KS_PROJECTION_INCLUDE)
    {
      g_string_append (out, " (");
      for (guint i = 0; include && include[i]; i++)
        g_string_append_printf (out, "%s%s", i ? ", " : "", include[i]);
      g_string_append_c (out, ')');
    }
  return g_string_free (out, FALSE);
}

static char *
index_text (KsIndex *index)
{
  g_autofree char *keys = key_schema_text (ks_index_get_key_schema (index));
  g_autofree char *projection = projection_text (index);

  return g_strdup_printf ("%s; %s; %s", ks_index_kind_to_string (ks_index_get_kind (index)), keys, projection);
}

static char *
billing_text (KsTable *table)
{
  if (ks_table_get_billing_mode (table) == KS_BILLING_PAY_PER_REQUEST)
    return g_strdup ("PAY_PER_REQUEST");
  return g_strdup_printf ("PROVISIONED %u RCU / %u WCU", ks_table_get_read_capacity (table),
                          ks_table_get_write_capacity (table));
}

static char *
key_condition_text (const KsKeyCondition *cond)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; cond && i < cond->n_pk; i++)
    g_string_append_printf (out, "%s%s = %s", i ? " AND " : "",
                            cond->pk[i].attr ? cond->pk[i].attr : "partition key", cond->pk[i].value);
  for (guint i = 0; cond && i < cond->n_sk; i++)
    {
      const KsSkCondition *sk = &cond->sk[i];
      const char *attr = sk->attr ? sk->attr : "sort key";
      g_string_append (out, " AND ");
      if (sk->op == KS_OP_BETWEEN)
        g_string_append_printf (out, "%s BETWEEN %s AND %s", attr, sk->value, sk->to ? sk->to : "");
      else if (sk->op == KS_OP_BEGINS_WITH)
        g_string_append_printf (out, "begins_with(%s, %s)", attr, sk->value);
      else
        g_string_append_printf (out, "%s %s %s", attr, ks_sort_op_to_string (sk->op), sk->value);
    }
  return g_string_free (out, FALSE);
}

static char *
strv_text (const char * const *strv)
{
  if (strv == NULL || strv[0] == NULL)
    return NULL;
  return g_strjoinv (", ", (char **) strv);
}

static gboolean
strv_equal (const char * const *a, const char * const *b)
{
  static const char *const empty[] = { NULL };
  return g_strv_equal (a ? a : empty, b ? b : empty);
}

/* Sample items: the same item in both designs ------------------------------- */

typedef struct
{
  const char *entity;
  KsValue    *values;
} ItemKey;

static guint
item_key_hash (gconstpointer p)
{
  const ItemKey *key = p;
  return g_str_hash (key->entity) * 31 + ks_value_hash (key->values);
}

static gboolean
item_key_equal (gconstpointer a, gconstpointer b)
{
  const ItemKey *x = a, *y = b;
  return g_str_equal (x->entity, y->entity) && ks_value_equal (x->values, y->values);
}

static void
item_key_free (gpointer p)
{
  g_free (p);
}

static void
queue_free (gpointer p)
{
  g_queue_free (p);
}

/* Pairs items of same-named entities with equal own values, in order (two
 * equal items in one entity pair up first with first). */
static void
match_items (Differ *d)
{
  g_autoptr(GHashTable) pending = g_hash_table_new_full (item_key_hash, item_key_equal, item_key_free, queue_free);
  GListModel *old_entities = G_LIST_MODEL (ks_design_get_entities (d->old_design));
  GListModel *new_entities = G_LIST_MODEL (ks_design_get_entities (d->new_design));

  for (guint e = 0; e < g_list_model_get_n_items (old_entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (old_entities, e);
      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        {
          KsItem *item = ks_entity_get_item (entity, i);
          ItemKey probe = { ks_entity_get_name (entity), item->values };
          GQueue *queue = g_hash_table_lookup (pending, &probe);

          if (queue == NULL)
            {
              ItemKey *key = g_new (ItemKey, 1);
              *key = probe;
              queue = g_queue_new ();
              g_hash_table_insert (pending, key, queue);
            }
          g_queue_push_tail (queue, item);
        }
    }
  for (guint e = 0; e < g_list_model_get_n_items (new_entities); e++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (new_entities, e);
      for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
        {
          KsItem *item = ks_entity_get_item (entity, i);
          ItemKey probe = { ks_entity_get_name (entity), item->values };
          GQueue *queue = g_hash_table_lookup (pending, &probe);
          KsItem *old_item = queue ? g_queue_pop_head (queue) : NULL;

          if (old_item)
            {
              g_hash_table_insert (d->old_to_new, old_item, item);
              g_hash_table_insert (d->new_to_old, item, old_item);
            }
        }
    }
}

/* Structure ----------------------------------------------------------------- */

static void
compare_design (Differ *d)
{
  compare_str (d, KS_DIFF_DESIGN, "", "name", ks_design_get_name (d->old_design), ks_design_get_name (d->new_design));
  compare_str (d, KS_DIFF_DESIGN, "", "description", ks_design_get_description (d->old_design),
               ks_design_get_description (d->new_design));
  compare_str (d, KS_DIFF_DESIGN, "", "notes", ks_design_get_notes (d->old_design), ks_design_get_notes (d->new_design));
}

static void
compare_indexes (Differ *d, KsTable *old_table, KsTable *new_table)
{
  GListModel *old_indexes = G_LIST_MODEL (ks_table_get_indexes (old_table));
  GListModel *new_indexes = G_LIST_MODEL (ks_table_get_indexes (new_table));
  const char *table = ks_table_get_name (new_table);

  for (guint i = 0; i < g_list_model_get_n_items (old_indexes); i++)
    {
      g_autoptr(KsIndex) a = g_list_model_get_item (old_indexes, i);
      KsIndex *b = ks_table_find_index (new_table, ks_index_get_name (a));
      g_autofree char *path = g_strdup_printf ("%s.%s", table, ks_index_get_name (a));

      if (b == NULL)
        {
          g_autofree char *text = index_text (a);
          add_change (d, KS_DIFF_REMOVED, KS_DIFF_INDEX, path, NULL, text, NULL);
          continue;
        }
      if (ks_index_get_kind (a) != ks_index_get_kind (b))
        add_change (d, KS_DIFF_CHANGED, KS_DIFF_INDEX, path, "kind",
                    ks_index_kind_to_string (ks_index_get_kind (a)),
                    ks_index_kind_to_string (ks_index_get_kind (b)));
      if (!ks_key_schema_equal (ks_index_get_key_schema (a), ks_index_get_key_schema (b)))
        {
          g_autofree char *ka = key_schema_text (ks_index_get_key_schema (a));
          g_autofree char *kb = key_schema_text (ks_index_get_key_schema (b));
          add_change (d, KS_DIFF_CHANGED, KS_DIFF_INDEX, path, "key schema", ka, kb);
        }
      {
        g_autofree char *pa = projection_text (a);
        g_autofree char *pb = projection_text (b);
        compare_str (d, KS_DIFF_INDEX, path, "projection", pa, pb);
      }
    }
  for (guint i = 0; i < g_list_model_get_n_items (new_indexes); i++)
    {
      g_autoptr(KsIndex) b = g_list_model_get_item (new_indexes, i);
      if (ks_table_find_index (old_table, ks_index_get_name (b)) == NULL)
        {
          g_autofree char *path = g_strdup_printf ("%s.%s", table, ks_index_get_name (b));
          g_autofree char *text = index_text (b);
          add_change (d, KS_DIFF_ADDED, KS_DIFF_INDEX, path, NULL, NULL, text);
        }
    }
}

static void
compare_tables (Differ *d)
{
  GListModel *old_tables = G_LIST_MODEL (ks_design_get_tables (d->old_design));
  GListModel *new_tables = G_LIST_MODEL (ks_design_get_tables (d->new_design));

  for (guint t = 0; t < g_list_model_get_n_items (old_tables); t++)
    {
      g_autoptr(KsTable) a = g_list_model_get_item (old_tables, t);
      const char *name = ks_table_get_name (a);
      KsTable *b = ks_design_find_table (d->new_design, name);

      if (b == NULL)
        {
          g_autofree char *keys = key_schema_text (ks_table_get_key_schema (a));
          add_change (d, KS_DIFF_REMOVED, KS_DIFF_TABLE, name, NULL, keys, NULL);
          continue;
        }
      if (!ks_key_schema_equal (ks_table_get_key_schema (a), ks_table_get_key_schema (b)))
        {
          g_autofree char *ka = key_schema_text (ks_table_get_key_schema (a));
          g_autofree char *kb = key_schema_text (ks_table_get_key_schema (b));
          add_change (d, KS_DIFF_CHANGED, KS_DIFF_TABLE, name, "key schema", ka, kb);
        }
      compare_str (d, KS_DIFF_TABLE, name, "type attribute", ks_table_get_type_attribute (a),
                   ks_table_get_type_attribute (b));
      compare_str (d, KS_DIFF_TABLE, name, "TTL attribute", ks_table_get_ttl_attribute (a),
                   ks_table_get_ttl_attribute (b));
      {
        g_autofree char *ba = billing_text (a);
        g_autofree char *bb = billing_text (b);
        compare_str (d, KS_DIFF_TABLE, name, "billing", ba, bb);
      }
      compare_indexes (d, a, b);
    }
  for (guint t = 0; t < g_list_model_get_n_items (new_tables); t++)
    {
      g_autoptr(KsTable) b = g_list_model_get_item (new_tables, t);
      if (ks_design_find_table (d->old_design, ks_table_get_name (b)) == NULL)
        {
          g_autofree char *keys = key_schema_text (ks_table_get_key_schema (b));
          GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (b));
          add_change (d, KS_DIFF_ADDED, KS_DIFF_TABLE, ks_table_get_name (b), NULL, NULL, keys);
          for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
            {
              g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
              g_autofree char *path = g_strdup_printf ("%s.%s", ks_table_get_name (b), ks_index_get_name (index));
              g_autofree char *text = index_text (index);
              add_change (d, KS_DIFF_ADDED, KS_DIFF_INDEX, path, NULL, NULL, text);
            }
        }
    }
}

static char *
attribute_text (KsAttribute *attribute)
{
  return g_strdup_printf ("%s%s", ks_type_to_string (ks_attribute_get_value_type (attribute)),
                          ks_attribute_get_required (attribute) ? ", required" : "");
}

static void
compare_attributes (Differ *d, KsEntity *a, KsEntity *b)
{
  GListModel *old_attrs = G_LIST_MODEL (ks_entity_get_attributes (a));
  GListModel *new_attrs = G_LIST_MODEL (ks_entity_get_attributes (b));
  const char *entity = ks_entity_get_name (b);

  for (guint i = 0; i < g_list_model_get_n_items (old_attrs); i++)
    {
      g_autoptr(KsAttribute) x = g_list_model_get_item (old_attrs, i);
      KsAttribute *y = ks_entity_find_attribute (b, ks_attribute_get_name (x));
      g_autofree char *path = g_strdup_printf ("%s.%s", entity, ks_attribute_get_name (x));

      if (y == NULL)
        {
          g_autofree char *text = attribute_text (x);
          add_change (d, KS_DIFF_REMOVED, KS_DIFF_ATTRIBUTE, path, NULL, text, NULL);
          continue;
        }
      compare_str (d, KS_DIFF_ATTRIBUTE, path, "type", ks_type_to_string (ks_attribute_get_value_type (x)),
                   ks_type_to_string (ks_attribute_get_value_type (y)));
      if (ks_attribute_get_required (x) != ks_attribute_get_required (y))
        add_change (d, KS_DIFF_CHANGED, KS_DIFF_ATTRIBUTE, path, "required",
                    ks_attribute_get_required (x) ? "yes" : "no", ks_attribute_get_required (y) ? "yes" : "no");
      compare_str (d, KS_DIFF_ATTRIBUTE, path, "description", ks_attribute_get_description (x),
                   ks_attribute_get_description (y));
    }
  for (guint i = 0; i < g_list_model_get_n_items (new_attrs); i++)
    {
      g_autoptr(KsAttribute) y = g_list_model_get_item (new_attrs, i);
      if (ks_entity_find_attribute (a, ks_attribute_get_name (y)) == NULL)
        {
          g_autofree char *path = g_strdup_printf ("%s.%s", entity, ks_attribute_get_name (y));
          g_autofree char *text = attribute_text (y);
          add_change (d, KS_DIFF_ADDED, KS_DIFF_ATTRIBUTE, path, NULL, NULL, text);
        }
    }
}

/* Sample items of @b (present in both designs) whose value of @key changes */
static guint
count_key_changes (Differ *d, KsEntity *b, const char *key)
{
  guint n = 0;

  for (guint i = 0; i < ks_entity_get_n_items (b); i++)
    {
      KsItem *item = ks_entity_get_item (b, i);
      KsItem *old_item = g_hash_table_lookup (d->new_to_old, item);
      KsValue *x, *y;

      if (old_item == NULL)
        continue;
      x = old_item->final ? ks_value_lookup (old_item->final, key) : NULL;
      y = item->final ? ks_value_lookup (item->final, key) : NULL;
      if (!ks_value_equal (x, y))
        n++;
    }
  return n;
}

static void
compare_templates (Differ *d, KsEntity *a, KsEntity *b)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  const char *entity = ks_entity_get_name (b);

  for (guint t = 0; t < ks_entity_get_n_templates (a); t++)
    g_ptr_array_add (keys, (gpointer) ks_entity_get_template_key (a, t));
  for (guint t = 0; t < ks_entity_get_n_templates (b); t++)
    {
      const char *key = ks_entity_get_template_key (b, t);
      if (!g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
        g_ptr_array_add (keys, (gpointer) key);
    }
  for (guint k = 0; k < keys->len; k++)
    {
      const char *key = g_ptr_array_index (keys, k);
      const char *x = ks_entity_get_template (a, key);
      const char *y = ks_entity_get_template (b, key);
      g_autofree char *path = NULL;
      KsDiffChange *change;
      guint n;

      if (g_strcmp0 (x, y) == 0)
        continue;
      path = g_strdup_printf ("%s.keys.%s", entity, key);
      change = add_change (d, x == NULL ? KS_DIFF_ADDED : y == NULL ? KS_DIFF_REMOVED : KS_DIFF_CHANGED,
                           KS_DIFF_TEMPLATE, path, NULL, x, y);
      n = count_key_changes (d, b, key);
      change->n_items = n;
      {
        const char *verb = change->kind == KS_DIFF_ADDED ? "gain" : change->kind == KS_DIFF_REMOVED ? "lose" : "change";
        char *message = g_strdup_printf ("%s (%u sample item%s %s%s %s)", change->message, n,
                                         n == 1 ? "" : "s", verb, n == 1 ? "s" : "", key);
        g_free (change->message);
        change->message = message;
      }
    }
}

static void
compare_items (Differ *d, KsEntity *a, KsEntity *b)
{
  guint removed = 0, added = 0;
  KsDiffChange *change;
  char old_n[16], new_n[16];

  for (guint i = 0; i < ks_entity_get_n_items (a); i++)
    if (!g_hash_table_contains (d->old_to_new, ks_entity_get_item (a, i)))
      removed++;
  for (guint i = 0; i < ks_entity_get_n_items (b); i++)
    if (!g_hash_table_contains (d->new_to_old, ks_entity_get_item (b, i)))
      added++;
  if (added == 0 && removed == 0)
    return;
  g_snprintf (old_n, sizeof old_n, "%u", ks_entity_get_n_items (a));
  g_snprintf (new_n, sizeof new_n, "%u", ks_entity_get_n_items (b));
  change = add_change (d, KS_DIFF_CHANGED, KS_DIFF_ITEMS, ks_entity_get_name (b), NULL, old_n, new_n);
  change->n_items = added + removed;
  g_free (change->message);
  change->message = g_strdup_printf ("sample items of %s (%u → %u): %u removed, %u added "
                                     "(an edited item counts as one of each)",
                                     ks_entity_get_name (b), ks_entity_get_n_items (a),
                                     ks_entity_get_n_items (b), removed, added);
}

static void
compare_entities (Differ *d)
{
  GListModel *old_entities = G_LIST_MODEL (ks_design_get_entities (d->old_design));
  GListModel *new_entities = G_LIST_MODEL (ks_design_get_entities (d->new_design));

  for (guint e = 0; e < g_list_model_get_n_items (old_entities); e++)
    {
      g_autoptr(KsEntity) a = g_list_model_get_item (old_entities, e);
      const char *name = ks_entity_get_name (a);
      KsEntity *b = ks_design_find_entity (d->new_design, name);

      if (b == NULL)
        {
          g_autofree char *text = g_strdup_printf ("%u sample items", ks_entity_get_n_items (a));
          add_change (d, KS_DIFF_REMOVED, KS_DIFF_ENTITY, name, NULL, text, NULL);
          continue;
        }
      compare_str (d, KS_DIFF_ENTITY, name, "table", ks_entity_get_table (a), ks_entity_get_table (b));
      compare_str (d, KS_DIFF_ENTITY, name, "description", ks_entity_get_description (a),
                   ks_entity_get_description (b));
      compare_str (d, KS_DIFF_ENTITY, name, "colour", ks_entity_get_color (a), ks_entity_get_color (b));
      compare_number (d, KS_DIFF_ENTITY, name, "expected items", ks_entity_get_expected_items (a),
                      ks_entity_get_expected_items (b));
      compare_number (d, KS_DIFF_ENTITY, name, "writes per second", ks_entity_get_writes_per_second (a),
                      ks_entity_get_writes_per_second (b));
      compare_attributes (d, a, b);
      compare_templates (d, a, b);
      compare_items (d, a, b);
    }
  for (guint e = 0; e < g_list_model_get_n_items (new_entities); e++)
    {
      g_autoptr(KsEntity) b = g_list_model_get_item (new_entities, e);
      if (ks_design_find_entity (d->old_design, ks_entity_get_name (b)) == NULL)
        {
          g_autofree char *text = g_strdup_printf ("%u sample items", ks_entity_get_n_items (b));
          add_change (d, KS_DIFF_ADDED, KS_DIFF_ENTITY, ks_entity_get_name (b), NULL, NULL, text);
        }
    }
}

/* No parameters and an empty map are the same */
static gboolean
params_equal (KsValue *a, KsValue *b)
{
  if (a == NULL || b == NULL)
    return (a ? ks_value_get_length (a) : 0) == (b ? ks_value_get_length (b) : 0);
  return ks_value_equal (a, b);
}

static char *
pattern_target_text (KsPattern *pattern)
{
  if (ks_pattern_get_index (pattern))
    return g_strdup_printf ("%s.%s", ks_pattern_get_table (pattern) ? ks_pattern_get_table (pattern) : "",
                            ks_pattern_get_index (pattern));
  return g_strdup (ks_pattern_get_table (pattern));
}

static void
compare_patterns (Differ *d)
{
  GListModel *old_patterns = G_LIST_MODEL (ks_design_get_patterns (d->old_design));
  GListModel *new_patterns = G_LIST_MODEL (ks_design_get_patterns (d->new_design));

  for (guint p = 0; p < g_list_model_get_n_items (old_patterns); p++)
    {
      g_autoptr(KsPattern) a = g_list_model_get_item (old_patterns, p);
      const char *name = ks_pattern_get_name (a);
      KsPattern *b = ks_design_find_pattern (d->new_design, name);

      if (b == NULL)
        {
          add_change (d, KS_DIFF_REMOVED, KS_DIFF_PATTERN, name, NULL, NULL, NULL);
          continue;
        }
      {
        g_autofree char *ta = pattern_target_text (a);
        g_autofree char *tb = pattern_target_text (b);
        compare_str (d, KS_DIFF_PATTERN, name, "target", ta, tb);
      }
      if (!ks_key_condition_equal (ks_pattern_get_key_condition (a), ks_pattern_get_key_condition (b)))
        {
          g_autofree char *ka = key_condition_text (ks_pattern_get_key_condition (a));
          g_autofree char *kb = key_condition_text (ks_pattern_get_key_condition (b));
          add_change (d, KS_DIFF_CHANGED, KS_DIFF_PATTERN, name, "key condition", ka, kb);
        }
      compare_str (d, KS_DIFF_PATTERN, name, "filter", ks_pattern_get_filter (a), ks_pattern_get_filter (b));
      if (!params_equal (ks_pattern_get_parameters (a), ks_pattern_get_parameters (b)))
        {
          g_autofree char *pa = ks_pattern_get_parameters (a) ? ks_value_to_display (ks_pattern_get_parameters (a)) : NULL;
          g_autofree char *pb = ks_pattern_get_parameters (b) ? ks_value_to_display (ks_pattern_get_parameters (b)) : NULL;
          add_change (d, KS_DIFF_CHANGED, KS_DIFF_PATTERN, name, "parameters", pa, pb);
        }
      if (ks_pattern_get_scan_forward (a) != ks_pattern_get_scan_forward (b))
        add_change (d, KS_DIFF_CHANGED, KS_DIFF_PATTERN, name, "direction",
                    ks_pattern_get_scan_forward (a) ? "forward" : "backward",
                    ks_pattern_get_scan_forward (b) ? "forward" : "backward");
      compare_number (d, KS_DIFF_PATTERN, name, "limit", ks_pattern_get_limit (a), ks_pattern_get_limit (b));
      compare_number (d, KS_DIFF_PATTERN, name, "requests per second", ks_pattern_get_requests_per_second (a),
                      ks_pattern_get_requests_per_second (b));
      if (!strv_equal (ks_pattern_get_expects (a), ks_pattern_get_expects (b)))
        {
          g_autofree char *ea = strv_text (ks_pattern_get_expects (a));
          g_autofree char *eb = strv_text (ks_pattern_get_expects (b));
          add_change (d, KS_DIFF_CHANGED, KS_DIFF_PATTERN, name, "expects", ea, eb);
        }
      compare_str (d, KS_DIFF_PATTERN, name, "description", ks_pattern_get_description (a),
                   ks_pattern_get_description (b));
    }
  for (guint p = 0; p < g_list_model_get_n_items (new_patterns); p++)
    {
      g_autoptr(KsPattern) b = g_list_model_get_item (new_patterns, p);
      if (ks_design_find_pattern (d->old_design, ks_pattern_get_name (b)) == NULL)
        add_change (d, KS_DIFF_ADDED, KS_DIFF_PATTERN, ks_pattern_get_name (b), NULL, NULL, NULL);
    }
}

/* Backfill ------------------------------------------------------------------ */

static gboolean
index_needs_recreate (KsIndex *a, KsIndex *b)
{
  g_autofree char *pa = projection_text (a);
  g_autofree char *pb = projection_text (b);

  return ks_index_get_kind (a) != ks_index_get_kind (b) ||
         !ks_key_schema_equal (ks_index_get_key_schema (a), ks_index_get_key_schema (b)) ||
         !g_str_equal (pa, pb);
}

/* Whether a backfill must write the item again: a key attribute of the
 * table or of an index (or the entity type attribute) gets another value
 * or goes away. The own values of a matched item are equal by definition;
 * what else differs is computed for no key any more (the keys of a dropped
 * index), which may stay as it is. */
static gboolean
needs_rewrite (KsValue *old_final, KsValue *new_final, KsTable *new_table)
{
  const char *type_attribute = ks_table_get_type_attribute (new_table);

  if (ks_value_equal (old_final, new_final))
    return FALSE;
  for (guint pass = 0; pass < 2; pass++)
    {
      KsValue *from = pass == 0 ? new_final : old_final;
      KsValue *other = pass == 0 ? old_final : new_final;

      for (guint i = 0; i < ks_value_get_length (from); i++)
        {
          const KsMapEntry *entry = ks_value_get_entry (from, i);
          if ((ks_table_is_key_attribute (new_table, entry->name) ||
               g_strcmp0 (entry->name, type_attribute) == 0) &&
              !ks_value_equal (ks_value_lookup (other, entry->name), entry->value))
            return TRUE;
        }
    }
  return FALSE;
}

/* Entries of @view whose item has a counterpart in the other design
 * (through @map) that @other, the other design's view, does not hold
 * (@other NULL: every such entry). */
static guint
count_matched (KsView *view, GHashTable *map, KsView *other)
{
  guint n = 0;

  for (guint i = 0; i < ks_view_get_n_entries (view); i++)
    {
      KsItem *counterpart = g_hash_table_lookup (map, ks_view_get_entry (view, i)->item);
      if (counterpart && (other == NULL || !ks_view_find_item (other, counterpart, NULL)))
        n++;
    }
  return n;
}

static void
compare_view (Differ *d, KsView *a, KsView *b)
{
  KsDiffBackfill *bf = g_new0 (KsDiffBackfill, 1);
  KsView *any = b ? b : a;
  KsIndex *index = ks_view_get_index (any);

  bf->table = g_strdup (ks_table_get_name (ks_view_get_table (any)));
  bf->index = index ? g_strdup (ks_index_get_name (index)) : NULL;
  bf->kind = a == NULL ? KS_DIFF_ADDED : b == NULL ? KS_DIFF_REMOVED : KS_DIFF_CHANGED;
  bf->n_old = a ? ks_view_get_n_entries (a) : 0;
  bf->n_new = b ? ks_view_get_n_entries (b) : 0;

  if (a == NULL)
    bf->n_enter = count_matched (b, d->new_to_old, NULL);
  else if (b == NULL)
    bf->n_leave = count_matched (a, d->old_to_new, NULL);
  else
    {
      bf->n_enter = count_matched (b, d->new_to_old, a);
      bf->n_leave = count_matched (a, d->old_to_new, b);
      for (guint i = 0; i < ks_view_get_n_entries (a); i++)
        {
          const KsEntry *x = ks_view_get_entry (a, i);
          KsItem *item = g_hash_table_lookup (d->old_to_new, x->item);
          const KsEntry *y;
          guint position;

          if (item == NULL || !ks_view_find_item (b, item, &position))
            continue;
          y = ks_view_get_entry (b, position);
          if (!ks_value_equal (x->pk, y->pk) || !ks_value_equal (x->sk, y->sk))
            bf->n_rekey++;
          if (index == NULL && needs_rewrite (ks_item_get_final (x->item), ks_item_get_final (item),
                                              ks_view_get_table (b)))
            bf->n_rewrite++;
        }
      if (index)
        bf->recreate = index_needs_recreate (ks_view_get_index (a), index);
      else
        bf->recreate = !ks_key_schema_equal (ks_view_get_key_schema (a), ks_view_get_key_schema (b));
    }

  if (bf->kind == KS_DIFF_CHANGED && !bf->recreate &&
      bf->n_enter + bf->n_leave + bf->n_rekey + bf->n_rewrite == 0)
    {
      backfill_free (bf);
      return;
    }
  g_ptr_array_add (d->diff->backfill, bf);
}

static void
compare_views (Differ *d)
{
  GPtrArray *old_views = ks_engine_get_views (d->old_engine);
  GPtrArray *new_views = ks_engine_get_views (d->new_engine);

  for (guint v = 0; v < new_views->len; v++)
    {
      KsView *b = g_ptr_array_index (new_views, v);
      KsIndex *index = ks_view_get_index (b);
      KsView *a = ks_engine_get_view (d->old_engine, ks_table_get_name (ks_view_get_table (b)),
                                      index ? ks_index_get_name (index) : NULL);
      compare_view (d, a, b);
    }
  for (guint v = 0; v < old_views->len; v++)
    {
      KsView *a = g_ptr_array_index (old_views, v);
      KsIndex *index = ks_view_get_index (a);
      if (ks_engine_get_view (d->new_engine, ks_table_get_name (ks_view_get_table (a)),
                              index ? ks_index_get_name (index) : NULL) == NULL)
        compare_view (d, a, NULL);
    }
}

/* Access-pattern results ---------------------------------------------------- */

static void
compare_results (Differ *d)
{
  GListModel *new_patterns = G_LIST_MODEL (ks_design_get_patterns (d->new_design));

  for (guint p = 0; p < g_list_model_get_n_items (new_patterns); p++)
    {
      g_autoptr(KsPattern) b = g_list_model_get_item (new_patterns, p);
      KsPattern *a = ks_design_find_pattern (d->old_design, ks_pattern_get_name (b));
      g_autoptr(KsPatternRun) ra = NULL;
      g_autoptr(KsPatternRun) rb = NULL;
      g_autoptr(GHashTable) in_a = g_hash_table_new (NULL, NULL);   /* new items the old run returned */
      g_autoptr(GHashTable) in_b = g_hash_table_new (NULL, NULL);
      GPtrArray *items_a, *items_b;
      g_autoptr(GPtrArray) none = g_ptr_array_new ();
      KsDiffPatternResult *res;
      gboolean same_order = TRUE;

      if (a == NULL)
        continue;
      ra = ks_pattern_run (d->old_engine, a);
      rb = ks_pattern_run (d->new_engine, b);
      items_a = ra->result && !ra->error ? ra->result->items : none;
      items_b = rb->result && !rb->error ? rb->result->items : none;

      res = g_new0 (KsDiffPatternResult, 1);
      res->pattern = g_strdup (ks_pattern_get_name (b));
      res->old_count = ra->result && !ra->error ? ra->result->count : 0;
      res->new_count = rb->result && !rb->error ? rb->result->count : 0;
      res->old_error = ra->error ? g_strdup (ra->error->message) : NULL;
      res->new_error = rb->error ? g_strdup (rb->error->message) : NULL;
      res->request_changed = (ra->request == NULL) != (rb->request == NULL) ||
                             (ra->request && !json_node_equal (ra->request, rb->request));

      for (guint i = 0; i < items_b->len; i++)
        g_hash_table_add (in_b, g_ptr_array_index (items_b, i));
      for (guint i = 0; i < items_a->len; i++)
        {
          KsItem *mapped = g_hash_table_lookup (d->old_to_new, g_ptr_array_index (items_a, i));
          if (mapped)
            g_hash_table_add (in_a, mapped);
          if (mapped == NULL || !g_hash_table_contains (in_b, mapped))
            res->n_lost++;
          if (i >= items_b->len || mapped != g_ptr_array_index (items_b, i))
            same_order = FALSE;
        }
      for (guint i = 0; i < items_b->len; i++)
        if (!g_hash_table_contains (in_a, g_ptr_array_index (items_b, i)))
          res->n_gained++;
      res->reordered = res->n_gained == 0 && res->n_lost == 0 && !same_order &&
                       items_a->len == items_b->len;

      if (g_strcmp0 (res->old_error, res->new_error) == 0 && res->n_gained == 0 && res->n_lost == 0 &&
          !res->reordered && res->old_count == res->new_count)
        {
          pattern_result_free (res);
          continue;
        }
      g_ptr_array_add (d->diff->patterns, res);
    }
}

/* Public API ---------------------------------------------------------------- */

KsDiff *
ks_diff_new (KsEngine *old_engine,
             KsEngine *new_engine)
{
  Differ d = { 0 };

  g_return_val_if_fail (KS_IS_ENGINE (old_engine), NULL);
  g_return_val_if_fail (KS_IS_ENGINE (new_engine), NULL);
  g_return_val_if_fail (ks_engine_get_design (old_engine) != ks_engine_get_design (new_engine), NULL);

  ks_engine_flush (old_engine);
  ks_engine_flush (new_engine);

  d.diff = g_new0 (KsDiff, 1);
  d.diff->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  d.diff->backfill = g_ptr_array_new_with_free_func ((GDestroyNotify) backfill_free);
  d.diff->patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) pattern_result_free);
  d.old_engine = old_engine;
  d.new_engine = new_engine;
  d.old_design = ks_engine_get_design (old_engine);
  d.new_design = ks_engine_get_design (new_engine);
  d.old_to_new = g_hash_table_new (NULL, NULL);
  d.new_to_old = g_hash_table_new (NULL, NULL);

  match_items (&d);
  compare_design (&d);
  compare_tables (&d);
  compare_entities (&d);
  compare_patterns (&d);
  if (d.diff->changes->len > 0)
    {
      compare_views (&d);
      compare_results (&d);
    }

  g_hash_table_unref (d.old_to_new);
  g_hash_table_unref (d.new_to_old);
  return d.diff;
}

void
ks_diff_free (KsDiff *diff)
{
  if (diff == NULL)
    return;
  g_ptr_array_unref (diff->changes);
  g_ptr_array_unref (diff->backfill);
  g_ptr_array_unref (diff->patterns);
  g_free (diff);
}

gboolean
ks_diff_is_empty (KsDiff *diff)
{
  g_return_val_if_fail (diff != NULL, TRUE);
  return diff->changes->len == 0;
}

static void
add_string_or_null (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder *b, const char *member, gboolean value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}

static void
add_outcome (JsonBuilder *b, const char *member, guint count, const char *error)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  if (error)
    add_string_or_null (b, "error", error);
  else
    add_int (b, "count", count);
  json_builder_end_object (b);
}

JsonNode *
ks_diff_to_json (KsDiff *diff)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (diff != NULL, NULL);

  json_builder_begin_object (b);
  add_bool (b, "equal", ks_diff_is_empty (diff));
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < diff->changes->len; i++)
    {
      KsDiffChange *c = g_ptr_array_index (diff->changes, i);
      json_builder_begin_object (b);
      add_string_or_null (b, "kind", ks_diff_kind_to_string (c->kind));
      add_string_or_null (b, "subject", ks_diff_subject_to_string (c->subject));
      add_string_or_null (b, "path", c->path);
      add_string_or_null (b, "field", c->field);
      add_string_or_null (b, "old", c->old_value);
      add_string_or_null (b, "new", c->new_value);
      if (c->n_items >= 0)
        add_int (b, "items", c->n_items);
      add_string_or_null (b, "message", c->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "backfill");
  json_builder_begin_array (b);
  for (guint i = 0; i < diff->backfill->len; i++)
    {
      KsDiffBackfill *f = g_ptr_array_index (diff->backfill, i);
      json_builder_begin_object (b);
      add_string_or_null (b, "table", f->table);
      add_string_or_null (b, "index", f->index);
      add_string_or_null (b, "kind", ks_diff_kind_to_string (f->kind));
      add_int (b, "before", f->n_old);
      add_int (b, "after", f->n_new);
      add_int (b, "enter", f->n_enter);
      add_int (b, "leave", f->n_leave);
      add_int (b, "rekey", f->n_rekey);
      add_int (b, "rewrite", f->n_rewrite);
      add_bool (b, "recreate", f->recreate);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "patterns");
  json_builder_begin_array (b);
  for (guint i = 0; i < diff->patterns->len; i++)
    {
      KsDiffPatternResult *r = g_ptr_array_index (diff->patterns, i);
      json_builder_begin_object (b);
      add_string_or_null (b, "name", r->pattern);
      add_outcome (b, "before", r->old_count, r->old_error);
      add_outcome (b, "after", r->new_count, r->new_error);
      add_int (b, "gained", r->n_gained);
      add_int (b, "lost", r->n_lost);
      add_bool (b, "reordered", r->reordered);
      add_bool (b, "requestChanged", r->request_changed);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
append_part (GString *line, gboolean *first, const char *format, guint n)
{
  if (n == 0)
    return;
  g_string_append (line, *first ? ": " : ", ");
  g_string_append_printf (line, format, n, n == 1 ? "" : "s");
  *first = FALSE;
}

char *
ks_diff_to_text (KsDiff *diff)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (diff != NULL, NULL);

  if (ks_diff_is_empty (diff))
    {
      g_string_append (out, "The designs are the same.\n");
      return g_string_free (out, FALSE);
    }
  g_string_append_printf (out, "Changes (%u)\n", diff->changes->len);
  for (guint i = 0; i < diff->changes->len; i++)
    {
      KsDiffChange *c = g_ptr_array_index (diff->changes, i);
      g_string_append_printf (out, "  %s\n", c->message);
    }

  if (diff->backfill->len > 0)
    {
      g_string_append (out, "\nBackfill (sample items present in both designs)\n");
      for (guint i = 0; i < diff->backfill->len; i++)
        {
          KsDiffBackfill *f = g_ptr_array_index (diff->backfill, i);
          gboolean first = TRUE;

          g_string_append_printf (out, "  %s%s%s", f->table, f->index ? "." : "", f->index ? f->index : "");
          if (f->kind == KS_DIFF_ADDED)
            g_string_append_printf (out, " (new %s, %u entries)", f->index ? "index" : "table", f->n_new);
          else if (f->kind == KS_DIFF_REMOVED)
            g_string_append_printf (out, " (%s removed, had %u entries)", f->index ? "index" : "table", f->n_old);
          else if (f->n_old != f->n_new)
            g_string_append_printf (out, " (%u → %u entries)", f->n_old, f->n_new);
          append_part (out, &first, "%u item%s to rewrite", f->n_rewrite);
          append_part (out, &first, "%u item%s enter", f->n_enter);
          append_part (out, &first, "%u item%s leave", f->n_leave);
          append_part (out, &first, "%u item%s change keys", f->n_rekey);
          if (f->recreate)
            g_string_append_printf (out, "%s%s", first ? ": " : "; ",
                                    f->index ? "the key schema or projection of an index cannot change: "
                                               "delete it and create it again"
                                             : "the key schema of a table cannot change: "
                                               "copy every item to a new table");
          g_string_append_c (out, '\n');
        }
    }

  if (diff->patterns->len > 0)
    {
      g_string_append (out, "\nAccess patterns whose results change\n");
      for (guint i = 0; i < diff->patterns->len; i++)
        {
          KsDiffPatternResult *r = g_ptr_array_index (diff->patterns, i);
          gboolean first = TRUE;

          g_string_append_printf (out, "  %s: ", r->pattern);
          if (r->old_error)
            g_string_append (out, "error");
          else
            g_string_append_printf (out, "%u item%s", r->old_count, r->old_count == 1 ? "" : "s");
          g_string_append (out, " → ");
          if (r->new_error)
            g_string_append_printf (out, "error (%s)", r->new_error);
          else
            g_string_append_printf (out, "%u item%s", r->new_count, r->new_count == 1 ? "" : "s");
          append_part (out, &first, "%u new item%s", r->n_gained);
          append_part (out, &first, "%u item%s no longer returned", r->n_lost);
          if (r->reordered)
            g_string_append_printf (out, "%s%s", first ? ": " : ", ", "in another order");
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}
