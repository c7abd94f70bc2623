/* ks-cost.c: item sizes, capacity units, partition load and monthly cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every figure follows shared/dynamodb-rules.md; the section is named where
 * a number comes from. The estimate, after the rules file's recipe (§7.2):
 *
 *   writes   = Σ entities  writesPerSecond × (table units + Σ index units)
 *   reads    = Σ patterns  requestsPerSecond × read units of one request
 *   storage  = Σ entities  expectedItems × (item size + 100)
 *            + Σ indexes   expected entries × (entry size + 100)
 *
 * Sizes and units come from the sample items (their mean); read units from
 * running each access pattern on the sample data. A month is 730 hours
 * (the pricing file's hoursPerMonth), a GB 2^30 bytes. Prices are before
 * the free tier, which is per account, not per table.
 */
#define G_LOG_DOMAIN "keyshape-cost"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ks-cost.h"
#include "ks-cost-private.h"
#include "ks-design.h"
#include "ks-error.h"
#include "ks-json-reader.h"
#include "ks-lint-private.h"

#define GB (1024.0 * 1024.0 * 1024.0)

/* Units ------------------------------------------------------------------- */

double
ks_read_units (gsize    bytes,
               gboolean strong)
{
  /* §3.5: sizes summed, rounded up to 4 KB once per request; a request
   * reading nothing still costs 1 (strong) / 0.5 (eventual). */
  gsize units = (bytes + KS_READ_UNIT_BYTES - 1) / KS_READ_UNIT_BYTES;

  if (units == 0)
    units = 1;
  return strong ? (double) units : units / 2.0;
}

guint
ks_write_units (gsize bytes)
{
  /* §3.5: ⌈size / 1 KB⌉ per write, an empty write still 1 */
  gsize units = (bytes + KS_WRITE_UNIT_BYTES - 1) / KS_WRITE_UNIT_BYTES;

  return units == 0 ? 1 : (guint) MIN (units, G_MAXUINT);
}

gsize
ks_cost_entry_size (KsView *view,
                    KsItem *item)
{
  g_return_val_if_fail (view != NULL, 0);
  g_return_val_if_fail (item != NULL, 0);

  if (ks_view_get_index (view) == NULL)
    return item->size;
  /* §3.4 / §4.2: an index entry holds the table keys, the index keys and
   * the projected attributes; its size is theirs (names + values). */
  return ks_view_get_entry_size (view, item);
}

/* Prices ------------------------------------------------------------------ */

/* Keep equal to data/pricing.json (dynamodb-rules.md §7.2, us-east-1). */
static const KsPrice default_prices[KS_N_STORAGE_CLASSES] = {
  [KS_STORAGE_CLASS_STANDARD] = {
    .on_demand_read = 0.125,
    .on_demand_write = 0.625,
    .provisioned_read = 0.00013,
    .provisioned_write = 0.00065,
    .storage = 0.25,
  },
  [KS_STORAGE_CLASS_STANDARD_IA] = {
    .on_demand_read = 0.15625,
    .on_demand_write = 0.78125,
    .provisioned_read = 0.00016,
    .provisioned_write = 0.00081,
    .storage = 0.10,
  },
};

static const struct
{
  const char *name;
  gsize       offset;
} price_members[] = {
  { "onDemandReadPerMillion", G_STRUCT_OFFSET (KsPrice, on_demand_read) },
  { "onDemandWritePerMillion", G_STRUCT_OFFSET (KsPrice, on_demand_write) },
  { "provisionedRcuHour", G_STRUCT_OFFSET (KsPrice, provisioned_read) },
  { "provisionedWcuHour", G_STRUCT_OFFSET (KsPrice, provisioned_write) },
  { "storageGbMonth", G_STRUCT_OFFSET (KsPrice, storage) },
};

const char *
ks_storage_class_to_string (KsStorageClass storage_class)
{
  switch (storage_class)
    {
    case KS_STORAGE_CLASS_STANDARD:
      return "STANDARD";
    case KS_STORAGE_CLASS_STANDARD_IA:
      return "STANDARD_INFREQUENT_ACCESS";
    case KS_N_STORAGE_CLASSES:
    default:
      return NULL;
    }
}

KsPricing *
ks_pricing_new_default (void)
{
  KsPricing *p = g_new0 (KsPricing, 1);

  p->region = g_strdup ("us-east-1");
  p->currency = g_strdup ("USD");
  p->hours_per_month = 730;
  memcpy (p->classes, default_prices, sizeof default_prices);
  return p;
}

KsPricing *
ks_pricing_copy (const KsPricing *pricing)
{
  KsPricing *p;

  g_return_val_if_fail (pricing != NULL, NULL);
  p = g_memdup2 (pricing, sizeof *pricing);
  p->region = g_strdup (pricing->region);
  p->currency = g_strdup (pricing->currency);
  return p;
}

void
ks_pricing_free (KsPricing *pricing)
{
  if (pricing == NULL)
    return;
  g_free (pricing->region);
  g_free (pricing->currency);
  g_free (pricing);
}

static gboolean
read_price (JsonNode *node, const char *name, const char *path, double *out, GError **error)
{
  double v;

  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE &&
       json_node_get_value_type (node) != G_TYPE_INT64))
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s must be a number", name, path);
      return FALSE;
    }
  v = json_node_get_double (node);
  if (!isfinite (v) || v < 0)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s must be a price of zero or more", name, path);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
read_string (JsonNode *node, const char *name, const char *path, char **out, GError **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s must be a string", name, path);
      return FALSE;
    }
  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_class (KsPrice *price, JsonObject *obj, const char *name, const char *path, GError **error)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    {
      const char *member = l->data;
      g_autofree char *mpath = g_strdup_printf ("%s.%s", path, member);
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (price_members); i++)
        if (g_str_equal (member, price_members[i].name))
          {
            double *field = G_STRUCT_MEMBER_P (price, price_members[i].offset);
            if (!read_price (json_object_get_member (obj, member), name, mpath, field, error))
              return FALSE;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: unknown member %s", name, mpath);
          return FALSE;
        }
    }
  return TRUE;
}

KsPricing *
ks_pricing_new_from_data (const char  *data,
                          gssize       length,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(KsPricing) p = ks_pricing_new_default ();
  g_autoptr(GError) local = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root;

  g_return_val_if_fail (data != NULL, NULL);
  if (name == NULL)
    name = "pricing";
  doc = ks_json_parse_node (data, length, &local);
  if (doc == NULL)
    {
      g_set_error (error, KS_ERROR, KS_ERROR_PARSE, "%s: %s", name, local->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (doc))
    {
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: $ must be an object", name);
      return NULL;
    }
  root = json_node_get_object (doc);
  members = json_object_get_members (root);
  for (GList *l = members; l; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (root, member);
      g_autofree char *path = g_strdup_printf ("$.%s", member);

      if (g_str_equal (member, "description") || g_str_equal (member, "$comment"))
        continue;
      else if (g_str_equal (member, "region"))
        {
          if (!read_string (node, name, path, &p->region, error))
            return NULL;
        }
      else if (g_str_equal (member, "currency"))
        {
          if (!read_string (node, name, path, &p->currency, error))
            return NULL;
        }
      else if (g_str_equal (member, "hoursPerMonth"))
        {
          if (!read_price (node, name, path, &p->hours_per_month, error))
            return NULL;
          if (p->hours_per_month <= 0 || p->hours_per_month > 744)
            {
              g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                           "%s: %s must be between 1 and 744 (31 days)", name, path);
              return NULL;
            }
        }
      else if (g_str_equal (member, "tableClasses"))
        {
          JsonObject *classes;
          g_autoptr(GList) cls = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s must be an object", name, path);
              return NULL;
            }
          classes = json_node_get_object (node);
          cls = json_object_get_members (classes);
          for (GList *c = cls; c; c = c->next)
            {
              g_autofree char *cpath = g_strdup_printf ("%s.%s", path, (const char *) c->data);
              JsonNode *cnode = json_object_get_member (classes, c->data);
              int k = -1;

              for (int t = 0; t < KS_N_STORAGE_CLASSES; t++)
                if (g_str_equal (c->data, ks_storage_class_to_string (t)))
                  k = t;
              if (k < 0)
                {
                  g_set_error (error, KS_ERROR, KS_ERROR_INVALID,
                               "%s: unknown table class %s (known: STANDARD, STANDARD_INFREQUENT_ACCESS)",
                               name, cpath);
                  return NULL;
                }
              if (!JSON_NODE_HOLDS_OBJECT (cnode))
                {
                  g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: %s must be an object", name, cpath);
                  return NULL;
                }
              if (!read_class (&p->classes[k], json_node_get_object (cnode), name, cpath, error))
                return NULL;
            }
        }
      else
        {
          g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: unknown member %s", name, path);
          return NULL;
        }
    }
  return g_steal_pointer (&p);
}

KsPricing *
ks_pricing_load (const char  *path,
                 GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);
  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return ks_pricing_new_from_data (data, length, path, error);
}

JsonNode *
ks_pricing_to_json (const KsPricing *pricing)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "region");
  json_builder_add_string_value (b, pricing->region);
  json_builder_set_member_name (b, "currency");
  json_builder_add_string_value (b, pricing->currency);
  json_builder_set_member_name (b, "hoursPerMonth");
  json_builder_add_double_value (b, pricing->hours_per_month);
  json_builder_set_member_name (b, "tableClasses");
  json_builder_begin_object (b);
  for (int k = 0; k < KS_N_STORAGE_CLASSES; k++)
    {
      json_builder_set_member_name (b, ks_storage_class_to_string (k));
      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (price_members); i++)
        {
          const double *field = G_STRUCT_MEMBER_P (&pricing->classes[k], price_members[i].offset);
          json_builder_set_member_name (b, price_members[i].name);
          json_builder_add_double_value (b, *field);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Partition keys ------------------------------------------------------------ */

const char *
ks_partition_kind_to_string (KsPartitionKind kind)
{
  static const char *names[] = {
    "constant", "low-cardinality", "time-bucket", "per-parent", "sampled", "unknown",
  };

  g_return_val_if_fail (kind <= KS_PARTITION_UNKNOWN, NULL);
  return names[kind];
}

/* Exactly @n digits at *@s, which moves past them. */
static gboolean
take_digits (const char **s, guint n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit ((*s)[i]))
      return FALSE;
  *s += n;
  return TRUE;
}

/* A date bucket rather than an instant: 2026, 2026-03, 2026-03-01,
 * 2026-03-01T10, 2026-W09 (DG-PKDesign: "time-based keys"). Hand-written:
 * the cost and lint reports ask this of every sample value. */
gboolean
_ks_cost_is_time_bucket (const KsValue *value)
{
  const char *s;

  if (value == NULL || ks_value_get_type (value) != KS_TYPE_S)
    return FALSE;
  s = ks_value_get_string (value, NULL);
  if (!take_digits (&s, 4))
    return FALSE;
  if (*s == '\0')
    return TRUE;                            /* 2026 */
  if (*s++ != '-')
    return FALSE;
  if (*s == 'W')
    {
      s++;
      return take_digits (&s, 2) && *s == '\0';   /* 2026-W09 */
    }
  if (!take_digits (&s, 2))
    return FALSE;
  if (*s == '\0')
    return TRUE;                            /* 2026-03 */
  if (*s++ != '-' || !take_digits (&s, 2))
    return FALSE;
  if (*s == '\0')
    return TRUE;                            /* 2026-03-01 */
  return *s++ == 'T' && take_digits (&s, 2) && *s == '\0';   /* 2026-03-01T10 */
}

/* The attributes an entity's partition key in @view is made of: the
 * placeholders of its templates, or the key attribute itself where it has
 * no template (literal keys). *literal_only is TRUE when every key attribute
 * has a template without placeholders. The skeleton is the templates with
 * every placeholder replaced by \1, to compare key shapes across entities. */
static GPtrArray *
partition_attributes (KsEntity *entity, KsView *view, gboolean *literal_only, GString *skeleton)
{
  const KsKeySchema *ks = ks_view_get_key_schema (view);
  GPtrArray *attrs = g_ptr_array_new ();

  *literal_only = TRUE;
  for (guint k = 0; k < ks->n_pk; k++)
    {
      KsTemplate *tmpl = ks_entity_get_parsed_template (entity, ks->pk[k].name);

      if (k > 0)
        g_string_append_c (skeleton, '\2');
      if (tmpl == NULL)
        {
          *literal_only = FALSE;
          g_ptr_array_add (attrs, (gpointer) ks->pk[k].name);
          g_string_append_c (skeleton, '\1');
          continue;
        }
      for (guint s = 0; s < ks_template_get_n_segments (tmpl); s++)
        {
          const KsSegment *seg = ks_template_get_segment (tmpl, s);
          if (seg->is_attr)
            {
              *literal_only = FALSE;
              g_ptr_array_add (attrs, seg->text);
              g_string_append_c (skeleton, '\1');
            }
          else
            g_string_append (skeleton, seg->text);
        }
    }
  return attrs;
}

typedef struct
{
  KsViewCost  vc;
  double      size_sum;
  double      units_sum;
  gboolean    all_bool;
  gboolean    time_bucket;
  gboolean    categorical;
  GString    *skeleton;
} ViewAcc;

typedef struct
{
  KsEntityCost *ec;
  GArray       *acc;     /* ViewAcc, parallel to ec->views */
} EntityAcc;

/* An identifier names one thing (customerId, orderId, uuid): it repeats in
 * the samples because children share their parent's, not because it has
 * few values. */
static gboolean
name_is_identifier (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_str_has_suffix (lower, "id") || g_str_has_suffix (lower, "key");
}

/* A label such as SHIPPED, GOLD or in_progress, not a code with digits
 * (SKU-ESP-250) that could have any number of values. */
static gboolean
is_label (const KsValue *v)
{
  const char *s;

  if (ks_value_get_type (v) == KS_TYPE_BOOL)
    return TRUE;
  if (ks_value_get_type (v) != KS_TYPE_S)
    return FALSE;
  s = ks_value_get_string (v, NULL);
  if (!g_ascii_isalpha (*s))
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalpha (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

static void
classify_partitions (KsEntity *entity, ViewAcc *a, GPtrArray *attrs, gboolean literal_only)
{
  a->all_bool = attrs->len > 0;
  a->time_bucket = FALSE;
  a->categorical = attrs->len > 0;
  if (literal_only)
    return;
  for (guint i = 0; i < attrs->len; i++)
    {
      const char *name = g_ptr_array_index (attrs, i);
      KsAttribute *attr = ks_entity_find_attribute (entity, name);
      const char *interned = g_intern_string (name);
      g_autoptr(GHashTable) distinct = g_hash_table_new ((GHashFunc) ks_value_hash, (GEqualFunc) ks_value_equal);
      gboolean bucket = TRUE, seen = FALSE, bools = attr && ks_attribute_get_value_type (attr) == KS_TYPE_BOOL;
      gboolean labels = TRUE;
      guint n_values = 0;

      for (guint j = 0; j < ks_entity_get_n_items (entity); j++)
        {
          KsItem *item = ks_entity_get_item (entity, j);
          KsValue *v = ks_value_lookup_interned (ks_item_get_values (item), interned);
          if (v == NULL)
            continue;
          seen = TRUE;
          n_values++;
          g_hash_table_add (distinct, v);
          if (labels && !is_label (v))
            labels = FALSE;
          if (bucket && !_ks_cost_is_time_bucket (v))
            bucket = FALSE;
          if (attr == NULL && ks_value_get_type (v) != KS_TYPE_BOOL)
            bools = FALSE;
        }
      if (attr == NULL && !seen)
        bools = FALSE;
      if (!bools)
        a->all_bool = FALSE;
      if (seen && bucket)
        a->time_bucket = TRUE;
      /* a status, a tier: labels, few of them, repeated across many
       * samples (at least four, at most half of them distinct) */
      if (name_is_identifier (name) || !labels || n_values < 4 ||
          g_hash_table_size (distinct) * 2 > n_values)
        a->categorical = FALSE;
    }
}

/* Walks the view once, partition by partition, counting each entity's
 * entries, their sizes and the partitions they occupy. */
typedef struct
{
  EntityAcc *ea;
  guint      count;
} Seen;

static void
scan_view (KsView *view, guint v_index, GHashTable *by_entity)
{
  guint np = ks_view_get_n_partitions (view);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (Seen));

  KsEntity *last = NULL;
  EntityAcc *last_ea = NULL;

  for (guint p = 0; p < np; p++)
    {
      guint start, end;

      ks_view_get_partition (view, p, &start, &end);
      g_array_set_size (seen, 0);
      for (guint i = start; i < end; i++)
        {
          const KsEntry *entry = ks_view_get_entry (view, i);
          EntityAcc *ea;
          ViewAcc *a;

          /* neighbours are mostly of one entity */
          if (entry->item->entity != last)
            {
              last = entry->item->entity;
              last_ea = g_hash_table_lookup (by_entity, last);
            }
          ea = last_ea;
          Seen *s = NULL;
          gsize size;

          if (ea == NULL)
            continue;
          a = &g_array_index (ea->acc, ViewAcc, v_index);
          size = ks_cost_entry_size (view, entry->item);
          a->vc.n_entries++;
          a->size_sum += size;
          a->units_sum += ks_write_units (size);
          /* a partition rarely holds more than a few entities */
          for (guint k = 0; k < seen->len && s == NULL; k++)
            if (g_array_index (seen, Seen, k).ea == ea)
              s = &g_array_index (seen, Seen, k);
          if (s == NULL)
            {
              Seen fresh = { ea, 0 };
              g_array_append_val (seen, fresh);
              s = &g_array_index (seen, Seen, seen->len - 1);
              a->vc.n_partitions++;
            }
          s->count++;
          a->vc.max_partition = MAX (a->vc.max_partition, s->count);
        }
    }
}

static void
finish_view (KsEntityCost *ec, ViewAcc *a, GPtrArray *accs)
{
  KsViewCost *vc = &a->vc;
  double expected = (double) ec->expected_items;
  double n = vc->n_entries;
  guint64 parent_expected = 0;

  vc->fraction = ec->n_samples ? n / ec->n_samples : 0;
  vc->entry_size = n ? a->size_sum / n : 0;
  vc->units = n ? a->units_sum / n : 0;
  vc->units_per_write = vc->fraction * vc->units;

  /* Another entity with the same key shape stored one item per partition
   * is the parent of this item collection (DG-Collections). */
  if (a->skeleton)
    for (guint i = 0; i < accs->len; i++)
      {
        EntityAcc *other = g_ptr_array_index (accs, i);
        ViewAcc *oa = NULL;

        if (other->ec == ec)
          continue;
        for (guint v = 0; v < other->acc->len; v++)
          if (g_array_index (other->acc, ViewAcc, v).vc.view == vc->view)
            oa = &g_array_index (other->acc, ViewAcc, v);
        if (oa == NULL || oa->skeleton == NULL || oa->vc.n_entries == 0 ||
            oa->vc.n_partitions != oa->vc.n_entries || other->ec->expected_items == 0 ||
            !g_string_equal (oa->skeleton, a->skeleton))
          continue;
        if (other->ec->expected_items > parent_expected)
          {
            parent_expected = other->ec->expected_items;
            vc->parent = other->ec->entity;
          }
      }

  if (vc->kind == KS_PARTITION_CONSTANT)
    {
      vc->est_partitions = 1;
      vc->write_share = 1;
    }
  else if (a->all_bool || a->categorical)
    {
      /* BOOL placeholders (at most two values each), or categories whose
       * values the samples already show: as many partitions as values */
      vc->kind = KS_PARTITION_LOW_CARDINALITY;
      vc->est_partitions = MAX (1, vc->n_partitions);
      vc->write_share = n >= 2 ? vc->max_partition / n : 1.0;
      vc->write_share = MAX (vc->write_share, 1.0 / vc->est_partitions);
    }
  else if (a->time_bucket)
    {
      /* all writes of the current period land in its one partition */
      vc->kind = KS_PARTITION_TIME_BUCKET;
      vc->est_partitions = MAX (1.0, n ? expected * vc->n_partitions / n : 1);
      vc->write_share = 1;
    }
  else if (vc->parent)
    {
      vc->kind = KS_PARTITION_PER_PARENT;
      vc->est_partitions = MAX (1.0, (double) parent_expected);
      vc->write_share = 1.0 / vc->est_partitions;
    }
  else if (n >= 2)
    {
      vc->kind = KS_PARTITION_SAMPLED;
      vc->est_partitions = MAX (1.0, expected > 0 ? expected * vc->n_partitions / n : vc->n_partitions);
      vc->write_share = 1.0 / vc->est_partitions;
    }
  else
    {
      vc->kind = KS_PARTITION_UNKNOWN;
      vc->est_partitions = MAX (1.0, expected);
      vc->write_share = 1.0 / vc->est_partitions;
    }
  if (expected > 0)
    vc->est_partitions = MIN (vc->est_partitions, MAX (1.0, expected * vc->fraction));
  vc->items_per_partition = expected * vc->fraction / vc->est_partitions;
  vc->partition_bytes = vc->items_per_partition * vc->entry_size;
  vc->partition_wcu = ec->writes_per_second * vc->units_per_write * vc->write_share;
  /* §3.4: every item and every index entry is billed 100 bytes more */
  vc->storage_bytes = expected * vc->fraction * (vc->entry_size + (n ? KS_STORAGE_OVERHEAD_BYTES : 0));
}

static void
entity_cost_free (KsEntityCost *ec)
{
  g_clear_pointer (&ec->views, g_array_unref);
  g_free (ec);
}

static void
entity_acc_free (EntityAcc *ea)
{
  for (guint v = 0; ea->acc && v < ea->acc->len; v++)
    {
      ViewAcc *a = &g_array_index (ea->acc, ViewAcc, v);
      if (a->skeleton)
        g_string_free (a->skeleton, TRUE);
    }
  g_clear_pointer (&ea->acc, g_array_unref);
  g_free (ea);
}

/* The work of a report, done a part at a time (ks_cost_builder_step ()):
 * each entity's samples, then each view's entries, then the rest. */
struct _KsCostBuilder
{
  KsCostReport *report;
  KsEngine     *engine;
  GHashTable   *by_entity;   /* KsEntity → EntityAcc */
  GPtrArray    *accs;        /* EntityAcc */
  guint         n_entities;
  guint         n_views;
  guint         next;        /* entities, then views, then the rest */
};

static void
entity_setup (KsCostBuilder *b, KsEntity *entity)
{
  KsDesign *design = ks_engine_get_design (b->engine);
  GPtrArray *views = ks_engine_get_views (b->engine);
  KsEntityCost *ec = g_new0 (KsEntityCost, 1);
  EntityAcc *ea = g_new0 (EntityAcc, 1);
  double size_sum = 0;

  ec->entity = entity;
  ec->table = ks_design_get_entity_table (design, entity);
  ec->expected_items = ks_entity_get_expected_items (entity);
  ec->writes_per_second = ks_entity_get_writes_per_second (entity);
  ec->views = g_array_new (FALSE, TRUE, sizeof (KsViewCost));
  for (guint i = 0; i < ks_entity_get_n_items (entity); i++)
    {
      KsItem *item = ks_entity_get_item (entity, i);
      if (ks_item_has_errors (item))
        continue;
      ec->n_samples++;
      size_sum += item->size;
      ec->max_item_size = MAX (ec->max_item_size, item->size);
    }
  ec->item_size = ec->n_samples ? size_sum / ec->n_samples : 0;
  g_ptr_array_add (b->report->entities, ec);

  ea->ec = ec;
  ea->acc = g_array_new (FALSE, TRUE, sizeof (ViewAcc));
  g_array_set_size (ea->acc, views->len);
  for (guint v = 0; v < views->len; v++)
    {
      ViewAcc *a = &g_array_index (ea->acc, ViewAcc, v);
      KsView *view = g_ptr_array_index (views, v);
      g_autoptr(GPtrArray) attrs = NULL;
      gboolean literal_only;

      a->vc.view = view;
      if (ec->table == NULL || ks_view_get_table (view) != ec->table)
        continue;
      a->skeleton = g_string_new (NULL);
      attrs = partition_attributes (entity, view, &literal_only, a->skeleton);
      a->vc.kind = literal_only ? KS_PARTITION_CONSTANT : KS_PARTITION_UNKNOWN;
      classify_partitions (entity, a, attrs, literal_only);
    }
  g_hash_table_insert (b->by_entity, entity, ea);
  g_ptr_array_add (b->accs, ea);
}

static void
entities_finish (KsCostBuilder *b)
{
  for (guint i = 0; i < b->accs->len; i++)
    {
      EntityAcc *ea = g_ptr_array_index (b->accs, i);
      KsEntityCost *ec = ea->ec;

      for (guint v = 0; v < ea->acc->len; v++)
        {
          ViewAcc *a = &g_array_index (ea->acc, ViewAcc, v);
          if (a->skeleton == NULL)
            continue;
          /* the table view always keeps its place (first), indexes only
           * when the entity lands in them */
          if (a->vc.n_entries == 0 && ks_view_get_index (a->vc.view) != NULL)
            continue;
          finish_view (ec, a, b->accs);
          g_array_append_val (ec->views, a->vc);
        }
      for (guint v = 0; v < ec->views->len; v++)
        {
          KsViewCost *vc = &g_array_index (ec->views, KsViewCost, v);
          if (ks_view_get_index (vc->view) == NULL)
            ec->table_units = vc->units;
          else
            ec->index_units += vc->units_per_write;
          ec->storage_bytes += vc->storage_bytes;
        }
      /* §4.4: a write costs its table units plus one index write in each
       * index the item lands in */
      ec->units_per_write = ec->table_units + ec->index_units;
      ec->units_per_second = ec->writes_per_second * ec->units_per_write;
    }
}

/* Capacity and money ----------------------------------------------------- */

static KsCapacityCost *
capacity_for (KsCostReport *report, KsTable *table, KsIndex *index)
{
  /* an LSI uses its table's capacity (§4.1) */
  if (index && ks_index_get_kind (index) == KS_INDEX_LSI)
    index = NULL;
  for (guint i = 0; i < report->capacity->len; i++)
    {
      KsCapacityCost *c = g_ptr_array_index (report->capacity, i);
      if (c->table == table && c->index == index)
        return c;
    }
  return NULL;
}

static void
compute_capacity (KsCostReport *report, KsEngine *engine)
{
  GListModel *tables = G_LIST_MODEL (ks_design_get_tables (ks_engine_get_design (engine)));

  for (guint t = 0; t < g_list_model_get_n_items (tables); t++)
    {
      g_autoptr(KsTable) table = g_list_model_get_item (tables, t);
      GListModel *indexes = G_LIST_MODEL (ks_table_get_indexes (table));
      KsCapacityCost *c = g_new0 (KsCapacityCost, 1);

      c->table = table;
      g_ptr_array_add (report->capacity, c);
      for (guint i = 0; i < g_list_model_get_n_items (indexes); i++)
        {
          g_autoptr(KsIndex) index = g_list_model_get_item (indexes, i);
          if (ks_index_get_kind (index) != KS_INDEX_GSI)
            continue;
          c = g_new0 (KsCapacityCost, 1);
          c->table = table;
          c->index = index;
          g_ptr_array_add (report->capacity, c);
        }
    }

  for (guint e = 0; e < report->entities->len; e++)
    {
      KsEntityCost *ec = g_ptr_array_index (report->entities, e);
      for (guint v = 0; v < ec->views->len; v++)
        {
          KsViewCost *vc = &g_array_index (ec->views, KsViewCost, v);
          KsCapacityCost *c = capacity_for (report, ks_view_get_table (vc->view), ks_view_get_index (vc->view));
          if (c == NULL)
            continue;
          c->write_units += ec->writes_per_second * vc->units_per_write;
          c->storage_bytes += vc->storage_bytes;
        }
    }
  for (guint p = 0; p < report->patterns->len; p++)
    {
      KsPatternCost *pc = g_ptr_array_index (report->patterns, p);
      KsCapacityCost *c;
      if (pc->view == NULL || !pc->ran)
        continue;
      c = capacity_for (report, ks_view_get_table (pc->view), ks_view_get_index (pc->view));
      if (c)
        c->read_units += pc->units_per_second;
    }

  for (guint i = 0; i < report->capacity->len; i++)
    {
      KsCapacityCost *c = g_ptr_array_index (report->capacity, i);
      /* §7.3: at least 1 RCU and 1 WCU per table and per GSI */
      c->provisioned_rcu = (guint) MAX (1.0, ceil (c->read_units - 1e-9));
      c->provisioned_wcu = (guint) MAX (1.0, ceil (c->write_units - 1e-9));
      report->read_units += c->read_units;
      report->write_units += c->write_units;
      report->provisioned_rcu += c->provisioned_rcu;
      report->provisioned_wcu += c->provisioned_wcu;
      report->storage_bytes += c->storage_bytes;
    }
  report->storage_gb = report->storage_bytes / GB;
}

static void
compute_monthly (KsCostReport *report)
{
  const KsPricing *pricing = report->pricing;
  double seconds = pricing->hours_per_month * 3600.0;

  for (int k = 0; k < KS_N_STORAGE_CLASSES; k++)
    {
      const KsPrice *price = &pricing->classes[k];
      KsMonthlyCost *m = &report->monthly[k];

      /* on-demand: request units per month × price per million (§7.1) */
      m->on_demand.reads = report->read_units * seconds / 1e6 * price->on_demand_read;
      m->on_demand.writes = report->write_units * seconds / 1e6 * price->on_demand_write;
      /* provisioned: capacity units held every hour of the month */
      m->provisioned.reads = report->provisioned_rcu * pricing->hours_per_month * price->provisioned_read;
      m->provisioned.writes = report->provisioned_wcu * pricing->hours_per_month * price->provisioned_write;
      m->on_demand.storage = m->provisioned.storage = report->storage_gb * price->storage;
      m->on_demand.total = m->on_demand.reads + m->on_demand.writes + m->on_demand.storage;
      m->provisioned.total = m->provisioned.reads + m->provisioned.writes + m->provisioned.storage;
    }
}

/* Report ------------------------------------------------------------------ */

static void
pattern_cost_free (KsPatternCost *pc)
{
  g_free (pc->error);
  g_clear_pointer (&pc->run, ks_pattern_run_free);
  g_free (pc);
}

KsCostBuilder *
ks_cost_builder_new (KsEngine        *engine,
                     const KsPricing *pricing)
{
  KsCostBuilder *b;
  KsCostReport *report;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);

  report = g_new0 (KsCostReport, 1);
  report->pricing = pricing ? ks_pricing_copy (pricing) : ks_pricing_new_default ();
  report->entities = g_ptr_array_new_with_free_func ((GDestroyNotify) entity_cost_free);
  report->patterns = g_ptr_array_new_with_free_func ((GDestroyNotify) pattern_cost_free);
  report->capacity = g_ptr_array_new_with_free_func (g_free);

  b = g_new0 (KsCostBuilder, 1);
  b->report = report;
  b->engine = g_object_ref (engine);
  b->by_entity = g_hash_table_new (NULL, NULL);
  b->accs = g_ptr_array_new_with_free_func ((GDestroyNotify) entity_acc_free);
  /* up to date before the first step */
  b->n_views = ks_engine_get_views (engine)->len;
  b->n_entities = g_list_model_get_n_items (G_LIST_MODEL (ks_design_get_entities (ks_engine_get_design (engine))));
  return b;
}

gboolean
ks_cost_builder_step (KsCostBuilder *b)
{
  g_return_val_if_fail (b != NULL, FALSE);

  if (b->next < b->n_entities)
    {
      GListModel *entities = G_LIST_MODEL (ks_design_get_entities (ks_engine_get_design (b->engine)));
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, b->next);
      entity_setup (b, entity);
    }
  else if (b->next < b->n_entities + b->n_views)
    {
      guint v = b->next - b->n_entities;
      scan_view (g_ptr_array_index (ks_engine_get_views (b->engine), v), v, b->by_entity);
    }
  else if (b->next == b->n_entities + b->n_views)
    {
      entities_finish (b);
      _ks_cost_compute_patterns (b->report, b->engine);
      compute_capacity (b->report, b->engine);
      compute_monthly (b->report);
    }
  else
    return FALSE;
  b->next++;
  return b->next <= b->n_entities + b->n_views;
}

KsCostReport *
ks_cost_builder_finish (KsCostBuilder *b)
{
  KsCostReport *report;

  g_return_val_if_fail (b != NULL, NULL);

  while (ks_cost_builder_step (b))
    ;
  report = g_steal_pointer (&b->report);
  ks_cost_builder_free (b);
  return report;
}

void
ks_cost_builder_free (KsCostBuilder *b)
{
  if (b == NULL)
    return;
  g_clear_pointer (&b->report, ks_cost_report_free);
  g_clear_pointer (&b->accs, g_ptr_array_unref);
  g_clear_pointer (&b->by_entity, g_hash_table_unref);
  g_clear_object (&b->engine);
  g_free (b);
}

KsCostReport *
ks_cost_report_new (KsEngine        *engine,
                    const KsPricing *pricing)
{
  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);

  return ks_cost_builder_finish (ks_cost_builder_new (engine, pricing));
}

void
ks_cost_report_free (KsCostReport *report)
{
  if (report == NULL)
    return;
  ks_pricing_free (report->pricing);
  g_ptr_array_unref (report->entities);
  g_ptr_array_unref (report->patterns);
  g_ptr_array_unref (report->capacity);
  g_free (report);
}

KsEntityCost *
ks_cost_report_find_entity (KsCostReport *report,
                            KsEntity     *entity)
{
  g_return_val_if_fail (report != NULL, NULL);
  for (guint i = 0; i < report->entities->len; i++)
    {
      KsEntityCost *ec = g_ptr_array_index (report->entities, i);
      if (ec->entity == entity)
        return ec;
    }
  return NULL;
}

KsViewCost *
ks_entity_cost_find_view (KsEntityCost *cost,
                          KsView       *view)
{
  g_return_val_if_fail (cost != NULL, NULL);
  for (guint v = 0; v < cost->views->len; v++)
    {
      KsViewCost *vc = &g_array_index (cost->views, KsViewCost, v);
      if (vc->view == view)
        return vc->n_entries > 0 ? vc : NULL;
    }
  return NULL;
}

KsPatternCost *
ks_cost_report_find_pattern (KsCostReport *report,
                             KsPattern    *pattern)
{
  g_return_val_if_fail (report != NULL, NULL);
  for (guint i = 0; i < report->patterns->len; i++)
    {
      KsPatternCost *pc = g_ptr_array_index (report->patterns, i);
      if (pc->pattern == pattern)
        return pc;
    }
  return NULL;
}

/* JSON -------------------------------------------------------------------- */

/* Figures rounded to what matters (1e-6), so that 0.1 + 0.2 prints as 0.3 */
static void
add_number (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  if (v == floor (v) && fabs (v) < 9e15)
    json_builder_add_int_value (b, (gint64) v);
  else
    json_builder_add_double_value (b, round (v * 1e6) / 1e6);
}

static void
add_line (JsonBuilder *b, const char *name, const KsCostLine *line)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  add_number (b, "reads", line->reads);
  add_number (b, "writes", line->writes);
  add_number (b, "storage", line->storage);
  add_number (b, "total", line->total);
  json_builder_end_object (b);
}

static void
add_entity (JsonBuilder *b, KsEntityCost *ec)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, ks_entity_get_name (ec->entity));
  json_builder_set_member_name (b, "table");
  if (ec->table)
    json_builder_add_string_value (b, ks_table_get_name (ec->table));
  else
    json_builder_add_null_value (b);
  add_number (b, "sampleItems", ec->n_samples);
  add_number (b, "itemSize", ec->item_size);
  add_number (b, "maxItemSize", ec->max_item_size);
  add_number (b, "expectedItems", (double) ec->expected_items);
  add_number (b, "writesPerSecond", ec->writes_per_second);
  json_builder_set_member_name (b, "writeUnits");
  json_builder_begin_object (b);
  add_number (b, "table", ec->table_units);
  add_number (b, "indexes", ec->index_units);
  add_number (b, "total", ec->units_per_write);
  json_builder_end_object (b);
  add_number (b, "writeUnitsPerSecond", ec->units_per_second);
  add_number (b, "storageBytes", ec->storage_bytes);
  json_builder_set_member_name (b, "views");
  json_builder_begin_array (b);
  for (guint v = 0; v < ec->views->len; v++)
    {
      KsViewCost *vc = &g_array_index (ec->views, KsViewCost, v);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "view");
      json_builder_add_string_value (b, ks_view_get_name (vc->view));
      add_number (b, "entries", vc->n_entries);
      add_number (b, "fraction", vc->fraction);
      add_number (b, "entrySize", vc->entry_size);
      add_number (b, "writeUnits", vc->units);
      add_number (b, "writeUnitsPerWrite", vc->units_per_write);
      add_number (b, "storageBytes", vc->storage_bytes);
      json_builder_set_member_name (b, "partitions");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, ks_partition_kind_to_string (vc->kind));
      if (vc->parent)
        {
          json_builder_set_member_name (b, "parent");
          json_builder_add_string_value (b, ks_entity_get_name (vc->parent));
        }
      add_number (b, "sampled", vc->n_partitions);
      add_number (b, "largestSampled", vc->max_partition);
      add_number (b, "estimated", vc->est_partitions);
      add_number (b, "itemsPerPartition", vc->items_per_partition);
      add_number (b, "bytesPerPartition", vc->partition_bytes);
      add_number (b, "busiestWriteUnitsPerSecond", vc->partition_wcu);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
add_pattern (JsonBuilder *b, KsPatternCost *pc)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, ks_pattern_get_name (pc->pattern));
  json_builder_set_member_name (b, "view");
  if (pc->view)
    json_builder_add_string_value (b, ks_view_get_name (pc->view));
  else
    json_builder_add_null_value (b);
  if (!pc->ran)
    {
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, pc->error ? pc->error : "");
    }
  else
    {
      json_builder_set_member_name (b, "operation");
      json_builder_add_string_value (b, pc->operation);
      add_number (b, "itemsRead", pc->items_read);
      add_number (b, "itemsReturned", pc->items_returned);
      add_number (b, "bytesRead", pc->bytes_read);
      json_builder_set_member_name (b, "readUnits");
      json_builder_begin_object (b);
      add_number (b, "eventual", pc->units_eventual);
      json_builder_set_member_name (b, "strong");
      if (pc->units_strong < 0)
        json_builder_add_null_value (b);
      else
        json_builder_add_double_value (b, pc->units_strong);
      json_builder_end_object (b);
    }
  add_number (b, "requestsPerSecond", pc->requests_per_second);
  add_number (b, "readUnitsPerSecond", pc->units_per_second);
  add_number (b, "partitions", pc->est_partitions);
  add_number (b, "partitionReadUnitsPerSecond", pc->partition_rcu);
  json_builder_end_object (b);
}

JsonNode *
ks_cost_report_to_json (KsCostReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (report != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "region");
  json_builder_add_string_value (b, report->pricing->region);
  json_builder_set_member_name (b, "currency");
  json_builder_add_string_value (b, report->pricing->currency);

  json_builder_set_member_name (b, "entities");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->entities->len; i++)
    add_entity (b, g_ptr_array_index (report->entities, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "patterns");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->patterns->len; i++)
    add_pattern (b, g_ptr_array_index (report->patterns, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "capacity");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->capacity->len; i++)
    {
      KsCapacityCost *c = g_ptr_array_index (report->capacity, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "table");
      json_builder_add_string_value (b, ks_table_get_name (c->table));
      json_builder_set_member_name (b, "index");
      if (c->index)
        json_builder_add_string_value (b, ks_index_get_name (c->index));
      else
        json_builder_add_null_value (b);
      add_number (b, "readUnitsPerSecond", c->read_units);
      add_number (b, "writeUnitsPerSecond", c->write_units);
      add_number (b, "provisionedRcu", c->provisioned_rcu);
      add_number (b, "provisionedWcu", c->provisioned_wcu);
      add_number (b, "storageBytes", c->storage_bytes);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "totals");
  json_builder_begin_object (b);
  add_number (b, "readUnitsPerSecond", report->read_units);
  add_number (b, "writeUnitsPerSecond", report->write_units);
  add_number (b, "provisionedRcu", report->provisioned_rcu);
  add_number (b, "provisionedWcu", report->provisioned_wcu);
  add_number (b, "storageBytes", report->storage_bytes);
  add_number (b, "storageGB", report->storage_gb);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "monthly");
  json_builder_begin_object (b);
  for (int k = 0; k < KS_N_STORAGE_CLASSES; k++)
    {
      json_builder_set_member_name (b, ks_storage_class_to_string (k));
      json_builder_begin_object (b);
      add_line (b, "onDemand", &report->monthly[k].on_demand);
      add_line (b, "provisioned", &report->monthly[k].provisioned);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "pricing");
  json_builder_add_value (b, ks_pricing_to_json (report->pricing));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Access patterns --------------------------------------------------------- */

static gboolean
pattern_pk_is_literal (KsPattern *pattern)
{
  const KsKeyCondition *cond = ks_pattern_get_key_condition (pattern);

  if (cond == NULL || cond->n_pk == 0)
    return FALSE;
  for (guint i = 0; i < cond->n_pk; i++)
    {
      g_autoptr(KsTemplate) tmpl = ks_template_parse (cond->pk[i].value ? cond->pk[i].value : "",
                                                     KS_TEMPLATE_STRICT, NULL, NULL);
      if (tmpl == NULL || !ks_template_is_literal (tmpl))
        return FALSE;
    }
  return TRUE;
}

/* Whether a read through an LSI must fetch the items from the table: the
 * filter reads an attribute the LSI does not project (§4.5). */
static gboolean
needs_lsi_fetch (KsPattern *pattern, KsView *view)
{
  KsIndex *index = ks_view_get_index (view);
  const char *filter = ks_pattern_get_filter (pattern);
  g_autoptr(GPtrArray) attrs = NULL;

  if (index == NULL || ks_index_get_kind (index) != KS_INDEX_LSI || filter == NULL)
    return FALSE;
  attrs = _ks_expression_attributes (filter);
  for (guint i = 0; i < attrs->len; i++)
    if (!ks_view_projects (view, g_ptr_array_index (attrs, i)))
      return TRUE;
  return FALSE;
}

static void
pattern_units (KsPatternCost *pc, KsCostReport *report)
{
  KsQueryResult *result = pc->run->result;
  KsIndex *index = ks_view_get_index (pc->view);
  gboolean gsi = index && ks_index_get_kind (index) == KS_INDEX_GSI;
  gsize bytes;

  pc->items_read = result->scanned_count;
  pc->items_returned = result->items->len;
  if (pc->run->operation == KS_OPERATION_GET_ITEM)
    {
      /* §3.5: the item's size; a missing item still costs 1 / 0.5 */
      KsItem *item = result->items->len ? g_ptr_array_index (result->items, 0) : NULL;
      bytes = item ? item->size : 0;
    }
  else
    bytes = result->bytes_read;
  pc->bytes_read = bytes;
  pc->units_eventual = ks_read_units (bytes, FALSE);
  pc->units_strong = gsi ? -1 : ks_read_units (bytes, TRUE);

  pc->lsi_fetch = needs_lsi_fetch (pc->pattern, pc->view);
  if (pc->lsi_fetch && pc->items_read > 0)
    {
      /* every item read is fetched from the table, rounded on its own */
      double size = 0;
      guint n = 0, units;

      for (guint i = 0; i < result->items->len; i++, n++)
        size += ((KsItem *) g_ptr_array_index (result->items, i))->size;
      if (n == 0)
        {
          const char * const *expects = ks_pattern_get_expects (pc->pattern);
          for (guint i = 0; expects && expects[i]; i++)
            for (guint e = 0; e < report->entities->len; e++)
              {
                KsEntityCost *ec = g_ptr_array_index (report->entities, e);
                if (g_str_equal (ks_entity_get_name (ec->entity), expects[i]) && ec->n_samples)
                  {
                    size += ec->item_size;
                    n++;
                  }
              }
        }
      units = ks_read_units (n ? (gsize) ceil (size / n) : 0, TRUE);
      pc->units_strong += (double) units * pc->items_read;
      pc->units_eventual += units / 2.0 * pc->items_read;
    }
  pc->units_per_second = pc->requests_per_second * pc->units_eventual;
}

static void
pattern_partitions (KsPatternCost *pc, KsCostReport *report)
{
  const char * const *expects = ks_pattern_get_expects (pc->pattern);

  pc->est_partitions = 0;
  if (pc->run->served_by == KS_SERVED_BY_SCAN)
    return;
  if (pattern_pk_is_literal (pc->pattern))
    pc->est_partitions = 1;
  else
    for (guint i = 0; expects && expects[i]; i++)
      for (guint e = 0; e < report->entities->len; e++)
        {
          KsEntityCost *ec = g_ptr_array_index (report->entities, e);
          KsViewCost *vc;

          if (!g_str_equal (ks_entity_get_name (ec->entity), expects[i]) || ec->expected_items == 0)
            continue;
          vc = ks_entity_cost_find_view (ec, pc->view);
          if (vc && (pc->est_partitions == 0 || vc->est_partitions < pc->est_partitions))
            pc->est_partitions = vc->est_partitions;
        }
  if (pc->est_partitions > 0)
    pc->partition_rcu = pc->units_per_second / pc->est_partitions;
}

void
_ks_cost_compute_patterns (KsCostReport *report,
                           KsEngine     *engine)
{
  GListModel *patterns = G_LIST_MODEL (ks_design_get_patterns (ks_engine_get_design (engine)));

  for (guint p = 0; p < g_list_model_get_n_items (patterns); p++)
    {
      g_autoptr(KsPattern) pattern = g_list_model_get_item (patterns, p);
      KsPatternCost *pc = g_new0 (KsPatternCost, 1);
      g_autofree char *why = NULL;

      pc->pattern = pattern;
      pc->requests_per_second = ks_pattern_get_requests_per_second (pattern);
      pc->units_strong = -1;
      pc->view = _ks_pattern_get_view (engine, pattern, &why);
      pc->run = ks_pattern_run (engine, pattern);
      pc->operation = ks_operation_to_string (pc->run->operation);
      g_ptr_array_add (report->patterns, pc);
      if (pc->view == NULL)
        {
          pc->error = g_steal_pointer (&why);
          continue;
        }
      if (pc->run->result == NULL)
        {
          pc->error = g_strdup (pc->run->error ? pc->run->error->message : "the pattern did not run");
          continue;
        }
      pc->ran = TRUE;
      pattern_units (pc, report);
      pattern_partitions (pc, report);
    }
}
