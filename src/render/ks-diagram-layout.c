/* ks-diagram-layout.c: where the partitions and items of a view go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layout keeps numbers only: per partition a card (entry range,
 * position, height, byte size); rows are uniform, so an item's row is
 * card.y + header + i × row height and needs no storage. Building walks the
 * view's entries once (counts, sizes, key lengths); flowing the cards into
 * columns walks the cards once. Text is made by the drawing code, only for
 * what is visible.
 */
#define G_LOG_DOMAIN "keyshape-render"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ks-diagram-layout.h"
#include "ks-diagram-private.h"
#include "ks-design.h"

struct _KsDiagramLayout
{
  gint       ref_count;
  KsEngine  *engine;
  KsView    *view;
  GArray    *cards;          /* KsDiagramCard, in partition order */
  GArray    *column_cards;   /* guint card indexes, column after column */
  GArray    *column_start;   /* guint offset into column_cards, n_columns + 1 */
  GArray    *entities;       /* KsDiagramEntityInfo */
  GPtrArray *notes;          /* char * */
  guint      n_columns;
  double     card_width;
  double     width;
  double     height;
  guint64    total_size;
  guint      n_entries;
};

/* Fonts ------------------------------------------------------------------ */

PangoContext *
_ks_diagram_get_pango_context (void)
{
  static PangoContext *context = NULL;

  if (g_once_init_enter (&context))
    {
      PangoFontMap *map = pango_cairo_font_map_new ();
      PangoContext *ctx = pango_font_map_create_context (map);
      cairo_font_options_t *options = cairo_font_options_create ();

      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
      pango_cairo_context_set_font_options (ctx, options);
      pango_cairo_context_set_resolution (ctx, 72.0);
      cairo_font_options_destroy (options);
      g_object_unref (map);   /* the context keeps it */
      g_once_init_leave (&context, ctx);
    }
  return context;
}

double
_ks_diagram_mono_advance (void)
{
  static double advance = 0;

  if (advance == 0)
    {
      g_autoptr(PangoLayout) layout = pango_layout_new (_ks_diagram_get_pango_context ());
      PangoFontDescription *desc = pango_font_description_from_string (KS_DIAGRAM_FONT_MONO);
      int w, h;

      pango_font_description_set_absolute_size (desc, KS_DIAGRAM_SIZE_KEY * PANGO_SCALE);
      pango_layout_set_font_description (layout, desc);
      pango_font_description_free (desc);
      pango_layout_set_text (layout, "0123456789ABCDEFGHIJ", -1);
      pango_layout_get_size (layout, &w, &h);
      advance = MAX ((double) w / PANGO_SCALE / 20.0, 1.0);
    }
  return advance;
}

guint
_ks_diagram_key_length (const KsValue *key)
{
  gsize len = 0;

  if (key == NULL)
    return 0;
  switch (ks_value_get_type (key))
    {
    case KS_TYPE_S:
      ks_value_get_string (key, &len);
      return len;
    case KS_TYPE_N:
      return strlen (ks_value_get_number (key));
    case KS_TYPE_B:
      ks_value_get_binary (key, &len);
      return (len + 2) / 3 * 4;
    case KS_TYPE_L:
      for (guint i = 0; i < ks_value_get_length (key); i++)
        len += _ks_diagram_key_length (ks_value_get_element (key, i)) + 3;
      return len;
    default:
      return 4;
    }
}

/* Building ----------------------------------------------------------------- */

typedef struct
{
  const char *key_attr;     /* view key attribute that is absent */
  const char *placeholder;  /* template attribute that is absent, or NULL */
  gboolean    templated;
  guint       count;
} Reason;

static void
add_reason (GArray *reasons, const char *key_attr, const char *placeholder, gboolean templated)
{
  for (guint i = 0; i < reasons->len; i++)
    {
      Reason *r = &g_array_index (reasons, Reason, i);
      if (r->key_attr == key_attr && g_strcmp0 (r->placeholder, placeholder) == 0)
        {
          r->count++;
          return;
        }
    }
  g_array_append_vals (reasons, &(Reason) { key_attr, placeholder, templated, 1 }, 1);
}

/* Why some of @info's items are not in the view: one short sentence. */
static char *
explain_missing (KsDiagramLayout *self, KsDiagramEntityInfo *info)
{
  const KsKeySchema *keys = ks_view_get_key_schema (self->view);
  const char *attrs[2 * KS_MAX_KEY_ATTRS];
  guint n_attrs = 0, n_errors = 0;
  g_autoptr(GArray) reasons = g_array_new (FALSE, FALSE, sizeof (Reason));
  GString *out = g_string_new (NULL);
  guint n = ks_entity_get_n_items (info->entity);

  /* interned: looked up by pointer in every item */
  for (guint i = 0; i < keys->n_pk; i++)
    attrs[n_attrs++] = g_intern_string (keys->pk[i].name);
  for (guint i = 0; i < keys->n_sk; i++)
    attrs[n_attrs++] = g_intern_string (keys->sk[i].name);

  for (guint i = 0; i < n; i++)
    {
      KsItem *item = ks_entity_get_item (info->entity, i);
      KsValue *final = ks_item_get_final (item);

      if (ks_item_has_errors (item))
        {
          n_errors++;
          continue;
        }
      for (guint a = 0; a < n_attrs; a++)
        {
          const char *missing = NULL;
          gboolean templated;

          if (final != NULL && ks_value_lookup_interned (final, attrs[a]) != NULL)
            continue;
          templated = ks_entity_get_template (info->entity, attrs[a]) != NULL;
          if (templated)
            {
              KsValue *v = ks_engine_render_key (self->engine, info->entity, item, attrs[a],
                                                 NULL, &missing, NULL);
              g_clear_pointer (&v, ks_value_unref);
              if (missing)
                missing = g_intern_string (missing);
            }
          add_reason (reasons, attrs[a], missing, templated);
          break;
        }
    }

  if (info->n_in_view == 0)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s: its item is left out", "%s: all %u items are left out", info->n_items),
                            ks_entity_get_name (info->entity), info->n_items);
  else
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%s: %u of %u item is left out", "%s: %u of %u items are left out", info->n_items),
                            ks_entity_get_name (info->entity), info->n_items - info->n_in_view, info->n_items);

  for (guint i = 0; i < reasons->len; i++)
    {
      Reason *r = &g_array_index (reasons, Reason, i);
      g_string_append (out, i == 0 ? " — " : "; ");
      if (r->count == n && !r->templated)
        g_string_append_printf (out, _("no %s template or value"), r->key_attr);
      else if (r->templated && r->placeholder)
        g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u has no %s (in the %s template)", "%u have no %s (in the %s template)", r->count),
                                r->count, r->placeholder, r->key_attr);
      else
        g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u has no %s", "%u have no %s", r->count),
                                r->count, r->key_attr);
    }
  if (n_errors > 0)
    {
      g_string_append (out, reasons->len == 0 ? " — " : "; ");
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u has key errors and is stored nowhere", "%u have key errors and are stored nowhere", n_errors),
                              n_errors);
    }
  return g_string_free (out, FALSE);
}

static void
entity_info_clear (gpointer data)
{
  KsDiagramEntityInfo *info = data;
  g_clear_pointer (&info->reason, g_free);
}

static void
collect_entities (KsDiagramLayout *self)
{
  KsDesign *design = ks_engine_get_design (self->engine);
  GListModel *entities = G_LIST_MODEL (ks_design_get_entities (design));
  KsTable *table = ks_view_get_table (self->view);
  guint n = g_list_model_get_n_items (entities);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KsEntity) entity = g_list_model_get_item (entities, i);
      KsDiagramEntityInfo info = { 0 };

      if (ks_design_get_entity_table (design, entity) != table)
        continue;
      info.entity = entity;
      info.n_items = ks_entity_get_n_items (entity);
      g_array_append_val (self->entities, info);
    }
}

static KsDiagramEntityInfo *
find_entity (KsDiagramLayout *self, KsEntity *entity, guint *hint)
{
  KsDiagramEntityInfo *infos = (KsDiagramEntityInfo *) (gpointer) self->entities->data;

  if (*hint < self->entities->len && infos[*hint].entity == entity)
    return &infos[*hint];
  for (guint i = 0; i < self->entities->len; i++)
    if (infos[i].entity == entity)
      {
        *hint = i;
        return &infos[i];
      }
  return NULL;
}

/* A set of items (open addressing, linear probing): the items changed
 * since the last layout, looked up for every entry of the view, so one
 * probe in a small table rather than a GHashTable's three arrays. */
typedef struct
{
  gconstpointer *slots;
  guint          mask;
  guint          n;
} ItemSet;

static inline guint
item_hash (gconstpointer p)
{
  return (guint) (((guint64) GPOINTER_TO_SIZE (p) >> 4) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) >> 32);
}

static void
item_set_clear (ItemSet *set)
{
  g_clear_pointer (&set->slots, g_free);
  set->mask = 0;
  set->n = 0;
}

static inline gboolean
item_set_contains (const ItemSet *set,
                   gconstpointer  item)
{
  if (set->n == 0)
    return FALSE;
  for (guint h = item_hash (item) & set->mask; set->slots[h] != NULL; h = (h + 1) & set->mask)
    if (set->slots[h] == item)
      return TRUE;
  return FALSE;
}

static void
item_set_add (ItemSet       *set,
              gconstpointer  item)
{
  guint h;

  /* at most half full */
  if (set->slots == NULL || (set->n + 1) * 2 > set->mask + 1)
    {
      gconstpointer *old = set->slots;
      guint old_size = old ? set->mask + 1 : 0;
      guint size = old_size ? old_size * 2 : 64;

      set->slots = g_new0 (gconstpointer, size);
      set->mask = size - 1;
      set->n = 0;
      for (guint i = 0; i < old_size; i++)
        if (old[i] != NULL)
          item_set_add (set, old[i]);
      g_free (old);
    }
  for (h = item_hash (item) & set->mask; set->slots[h] != NULL; h = (h + 1) & set->mask)
    if (set->slots[h] == item)
      return;
  set->slots[h] = item;
  set->n++;
}

/* Cache -------------------------------------------------------------------- */

/* What the last layout of a view learned about its entries, kept by a
 * diagram for the next layout of the same view: after an edit, the items
 * not changed keep their order (their keys are the same), so a walk of the
 * new entries beside the old ones takes what each entry was worth from the
 * old one, in memory order, and computes only the changed items' (the
 * bytes an item takes in a projecting index walk its attributes: several
 * cache misses an item, and the items lie all over the heap). */
struct _KsDiagramLayoutCache
{
  KsView       *view;       /* laid out last (compared, not dereferenced) */
  GPtrArray    *entities;   /* KsEntity, not owned: the table's, as indexed below */
  gconstpointer *items;     /* the last layout's entries' items, in view order */
  guint64      *worth;      /* per entry: (entity index + 1) << 32 | bytes in the view */
  guint         n;
  gboolean      valid;      /* items and worth are of the last layout */
  ItemSet       changed;    /* items changed since: computed again */
  GHashTable   *reasons;    /* KsEntity → Reasons */
};

typedef struct
{
  guint  n_in_view;
  guint  n_items;
  char  *text;
} Reasons;

static void
reasons_free (gpointer data)
{
  Reasons *r = data;

  g_free (r->text);
  g_free (r);
}

static void
cache_forget_entries (KsDiagramLayoutCache *cache)
{
  g_clear_pointer (&cache->items, g_free);
  g_clear_pointer (&cache->worth, g_free);
  cache->n = 0;
  cache->valid = FALSE;
  item_set_clear (&cache->changed);
}

KsDiagramLayoutCache *
_ks_diagram_layout_cache_new (void)
{
  KsDiagramLayoutCache *cache = g_new0 (KsDiagramLayoutCache, 1);

  cache->entities = g_ptr_array_new ();
  cache->reasons = g_hash_table_new_full (NULL, NULL, NULL, reasons_free);
  return cache;
}

void
_ks_diagram_layout_cache_free (KsDiagramLayoutCache *cache)
{
  if (cache == NULL)
    return;
  cache_forget_entries (cache);
  g_ptr_array_unref (cache->entities);
  g_hash_table_unref (cache->reasons);
  g_free (cache);
}

void
_ks_diagram_layout_cache_clear (KsDiagramLayoutCache *cache)
{
  cache->view = NULL;
  g_ptr_array_set_size (cache->entities, 0);
  cache_forget_entries (cache);
  g_hash_table_remove_all (cache->reasons);
}

void
_ks_diagram_layout_cache_update (KsDiagramLayoutCache *cache,
                                 KsChangeSet          *changes)
{
  if (changes->full)
    {
      _ks_diagram_layout_cache_clear (cache);
      return;
    }
  for (guint i = 0; i < changes->entities->len; i++)
    g_hash_table_remove (cache->reasons, g_ptr_array_index (changes->entities, i));
  if (!cache->valid)
    return;
  /* a template edit changes every item of an entity: then the next layout
   * computes everything, as quick as looking each up */
  if ((guint64) cache->changed.n + changes->items->len + changes->removed_items->len > cache->n / 4)
    {
      cache_forget_entries (cache);
      return;
    }
  for (guint i = 0; i < changes->items->len; i++)
    item_set_add (&cache->changed, g_ptr_array_index (changes->items, i));
  for (guint i = 0; i < changes->removed_items->len; i++)
    item_set_add (&cache->changed, g_ptr_array_index (changes->removed_items, i));
}

/* The cache speaks of @self's view and entities, or is emptied. */
static void
cache_check (KsDiagramLayout      *self,
             KsDiagramLayoutCache *cache)
{
  gboolean same = cache->view == self->view && cache->entities->len == self->entities->len;

  for (guint i = 0; same && i < self->entities->len; i++)
    same = g_ptr_array_index (cache->entities, i) == g_array_index (self->entities, KsDiagramEntityInfo, i).entity;
  if (same)
    return;
  _ks_diagram_layout_cache_clear (cache);
  cache->view = self->view;
  for (guint i = 0; i < self->entities->len; i++)
    g_ptr_array_add (cache->entities, g_array_index (self->entities, KsDiagramEntityInfo, i).entity);
}

KsDiagramLayout *
ks_diagram_layout_new (KsEngine *engine,
                       KsView   *view)
{
  return _ks_diagram_layout_new_cached (engine, view, NULL);
}

KsDiagramLayout *
_ks_diagram_layout_new_cached (KsEngine             *engine,
                               KsView               *view,
                               KsDiagramLayoutCache *cache)
{
  KsDiagramLayout *self;
  gboolean all;
  gconstpointer *old_items = NULL, *new_items = NULL;
  guint64 *old_worth = NULL, *new_worth = NULL;
  guint old = 0, old_n = 0;
  guint n_parts, max_sk = 0, max_pk = 0, hint = 0, stride;
  double adv, key_w, head_w;

  g_return_val_if_fail (KS_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (view != NULL, NULL);

  self = g_new0 (KsDiagramLayout, 1);
  self->ref_count = 1;
  self->engine = g_object_ref (engine);
  self->view = view;
  self->entities = g_array_new (FALSE, TRUE, sizeof (KsDiagramEntityInfo));
  g_array_set_clear_func (self->entities, entity_info_clear);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  self->column_cards = g_array_new (FALSE, FALSE, sizeof (guint));
  self->column_start = g_array_new (FALSE, FALSE, sizeof (guint));

  n_parts = ks_view_get_n_partitions (view);
  self->n_entries = ks_view_get_n_entries (view);
  self->cards = g_array_sized_new (FALSE, TRUE, sizeof (KsDiagramCard), n_parts);
  g_array_set_size (self->cards, n_parts);
  collect_entities (self);
  if (cache != NULL)
    {
      cache_check (self, cache);
      if (cache->valid)
        {
          old_items = cache->items;
          old_worth = cache->worth;
          old_n = cache->n;
        }
      new_items = g_new (gconstpointer, MAX (self->n_entries, 1));
      new_worth = g_new (guint64, MAX (self->n_entries, 1));
    }
  all = ks_view_projects_all (view);
  /* key lengths only size the cards: a sample of them is enough, and
   * keeps the walk to the entries and their items */
  stride = MAX (self->n_entries / 2048, 1);

  for (guint p = 0; p < n_parts; p++)
    {
      KsDiagramCard *card = &g_array_index (self->cards, KsDiagramCard, p);
      const KsEntry *first;

      ks_view_get_partition (view, p, &card->start, &card->end);
      first = ks_view_get_entry (view, card->start);
      if (p % stride == 0)
        max_pk = MAX (max_pk, _ks_diagram_key_length (first->pk));
      card->height = KS_DIAGRAM_CARD_HEADER + (card->end - card->start) * KS_DIAGRAM_ROW_HEIGHT + KS_DIAGRAM_CARD_FOOTER;
      for (guint i = card->start; i < card->end; i++)
        {
          const KsEntry *e = ks_view_get_entry (view, i);
          KsDiagramEntityInfo *info = NULL;
          gboolean known = FALSE;
          guint64 size = 0, worth;

          if (old_items != NULL && !item_set_contains (&cache->changed, e->item))
            {
              /* the old entries of changed or removed items are passed */
              while (old < old_n && old_items[old] != e->item && item_set_contains (&cache->changed, old_items[old]))
                old++;
              if (old < old_n && old_items[old] == e->item)
                {
                  guint index = (guint) (old_worth[old] >> 32);
                  info = index > 0 ? &g_array_index (self->entities, KsDiagramEntityInfo, index - 1) : NULL;
                  size = old_worth[old] & G_MAXUINT32;
                  known = TRUE;
                  old++;
                }
            }
          if (!known)
            {
              info = find_entity (self, e->item->entity, &hint);
              size = all ? e->item->size : ks_view_get_entry_size (view, e->item);
            }
          /* an item is 400 KB at most: its size fits beside the index */
          worth = (info ? (guint64) (info - (KsDiagramEntityInfo *) (gpointer) self->entities->data) + 1 : 0) << 32 |
                  MIN (size, G_MAXUINT32);
          if (new_items != NULL)
            {
              new_items[i] = e->item;
              new_worth[i] = worth;
            }
          if (info)
            info->n_in_view++;
          card->size += size;
          if (e->sk && i % stride == 0)
            max_sk = MAX (max_sk, _ks_diagram_key_length (e->sk));
        }
      self->total_size += card->size;
    }
  if (cache != NULL)
    {
      cache_forget_entries (cache);
      cache->items = new_items;
      cache->worth = new_worth;
      cache->n = self->n_entries;
      cache->valid = TRUE;
    }

  /* Notes: which entities' items the view leaves out, and why. */
  for (guint i = 0; i < self->entities->len; i++)
    {
      KsDiagramEntityInfo *info = &g_array_index (self->entities, KsDiagramEntityInfo, i);
      if (info->n_in_view < info->n_items)
        {
          Reasons *r = cache ? g_hash_table_lookup (cache->reasons, info->entity) : NULL;

          /* the reasons change with the entity's items and templates */
          if (r == NULL || r->n_in_view != info->n_in_view || r->n_items != info->n_items)
            {
              r = g_new0 (Reasons, 1);
              r->n_in_view = info->n_in_view;
              r->n_items = info->n_items;
              r->text = explain_missing (self, info);
              if (cache != NULL)
                g_hash_table_insert (cache->reasons, info->entity, r);
            }
          info->reason = g_strdup (r->text);
          if (cache == NULL)
            reasons_free (r);
          if (self->notes->len < KS_DIAGRAM_MAX_NOTES)
            g_ptr_array_add (self->notes, g_strdup (info->reason));
        }
    }
  if (self->notes->len == KS_DIAGRAM_MAX_NOTES)
    {
      guint more = 0;
      for (guint i = 0; i < self->entities->len; i++)
        more += g_array_index (self->entities, KsDiagramEntityInfo, i).reason != NULL;
      if (more > KS_DIAGRAM_MAX_NOTES)
        {
          g_free (g_ptr_array_steal_index (self->notes, KS_DIAGRAM_MAX_NOTES - 1));
          g_ptr_array_add (self->notes, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more entity with items left out", "and %u more entities with items left out", more - KS_DIAGRAM_MAX_NOTES + 1),
                                                         more - KS_DIAGRAM_MAX_NOTES + 1));
        }
    }

  /* Card width: wide enough for the longest keys within reason; longer
   * ones are ellipsized (the tooltip has them in full). */
  adv = _ks_diagram_mono_advance ();
  key_w = 44 + MIN (max_sk, 48) * adv + 170;
  head_w = 36 + MIN (max_pk, 48) * adv + 120;
  self->card_width = CLAMP (ceil (MAX (key_w, head_w)), 340, 640);

  ks_diagram_layout_flow_columns (self, 1);
  return self;
}

KsDiagramLayout *
ks_diagram_layout_ref (KsDiagramLayout *layout)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_atomic_int_inc (&layout->ref_count);
  return layout;
}

void
ks_diagram_layout_unref (KsDiagramLayout *layout)
{
  g_return_if_fail (layout != NULL);
  if (!g_atomic_int_dec_and_test (&layout->ref_count))
    return;
  g_array_unref (layout->cards);
  g_array_unref (layout->column_cards);
  g_array_unref (layout->column_start);
  g_array_unref (layout->entities);
  g_ptr_array_unref (layout->notes);
  g_object_unref (layout->engine);
  g_free (layout);
}

KsEngine *
ks_diagram_layout_get_engine (KsDiagramLayout *layout)
{
  return layout->engine;
}

KsView *
ks_diagram_layout_get_view (KsDiagramLayout *layout)
{
  return layout->view;
}

/* Flowing ------------------------------------------------------------------ */

double
ks_diagram_layout_get_header_height (KsDiagramLayout *layout)
{
  guint notes = MAX (layout->notes->len, 1);
  return KS_DIAGRAM_MARGIN + KS_DIAGRAM_TITLE_HEIGHT + KS_DIAGRAM_LEGEND_HEIGHT +
         notes * KS_DIAGRAM_NOTE_HEIGHT + 12;
}

/* Masonry: each card goes to the currently shortest column, so reading
 * left to right, top to bottom follows the partition order closely. Each
 * column's y positions are prefix sums of its cards' heights. */
static double
flow (KsDiagramLayout *self, guint n_columns, gboolean place)
{
  g_autofree double *bottom = g_new (double, n_columns);
  g_autofree guint *count = g_new0 (guint, n_columns);
  double top = ks_diagram_layout_get_header_height (self);
  double tallest = top;
  guint n_cards = self->cards->len;

  for (guint c = 0; c < n_columns; c++)
    bottom[c] = top;
  for (guint i = 0; i < n_cards; i++)
    {
      KsDiagramCard *card = &g_array_index (self->cards, KsDiagramCard, i);
      guint best = 0;

      for (guint c = 1; c < n_columns; c++)
        if (bottom[c] < bottom[best] - 0.5)
          best = c;
      if (place)
        {
          card->column = best;
          card->x = KS_DIAGRAM_MARGIN + best * (self->card_width + KS_DIAGRAM_COLUMN_GAP);
          card->y = bottom[best];
          count[best]++;
        }
      bottom[best] += card->height + KS_DIAGRAM_CARD_GAP;
    }
  for (guint c = 0; c < n_columns; c++)
    tallest = MAX (tallest, bottom[c]);

  if (place)
    {
      guint offset = 0;
      g_array_set_size (self->column_start, n_columns + 1);
      for (guint c = 0; c < n_columns; c++)
        {
          g_array_index (self->column_start, guint, c) = offset;
          offset += count[c];
          count[c] = g_array_index (self->column_start, guint, c);
        }
      g_array_index (self->column_start, guint, n_columns) = offset;
      g_array_set_size (self->column_cards, n_cards);
      for (guint i = 0; i < n_cards; i++)
        {
          KsDiagramCard *card = &g_array_index (self->cards, KsDiagramCard, i);
          g_array_index (self->column_cards, guint, count[card->column]++) = i;
        }
      self->n_columns = n_columns;
      self->width = 2 * KS_DIAGRAM_MARGIN + n_columns * self->card_width + (n_columns - 1) * KS_DIAGRAM_COLUMN_GAP;
      self->width = MAX (self->width, 2 * KS_DIAGRAM_MARGIN + 560);
      self->height = tallest - (n_cards > 0 ? KS_DIAGRAM_CARD_GAP : 0) + KS_DIAGRAM_MARGIN;
    }
  return tallest;
}

void
ks_diagram_layout_flow_columns (KsDiagramLayout *layout,
                                guint            n_columns)
{
  g_return_if_fail (layout != NULL);
  n_columns = CLAMP (n_columns, 1, MAX (layout->cards->len, 1));
  flow (layout, n_columns, TRUE);
}

void
ks_diagram_layout_flow (KsDiagramLayout *layout,
                        double           width)
{
  guint n;

  g_return_if_fail (layout != NULL);
  if (width > 0)
    {
      n = (guint) MAX (1.0, floor ((width - 2 * KS_DIAGRAM_MARGIN + KS_DIAGRAM_COLUMN_GAP) /
                                   (layout->card_width + KS_DIAGRAM_COLUMN_GAP)));
    }
  else
    {
      /* the column count whose result is closest to 16:10, up to 8 */
      double best_score = G_MAXDOUBLE;
      guint max = MIN (MAX (layout->cards->len, 1), 8);

      n = 1;
      for (guint c = 1; c <= max; c++)
        {
          double h = flow (layout, c, FALSE) + KS_DIAGRAM_MARGIN;
          double w = 2 * KS_DIAGRAM_MARGIN + c * layout->card_width + (c - 1) * KS_DIAGRAM_COLUMN_GAP;
          double score = fabs (log ((w / h) / 1.6));
          if (score < best_score - 0.01)
            {
              best_score = score;
              n = c;
            }
        }
    }
  ks_diagram_layout_flow_columns (layout, n);
}

guint
ks_diagram_layout_get_n_columns (KsDiagramLayout *layout)
{
  return layout->n_columns;
}

void
ks_diagram_layout_get_size (KsDiagramLayout *layout,
                            double          *width,
                            double          *height)
{
  if (width)
    *width = layout->width;
  if (height)
    *height = layout->height;
}

double
ks_diagram_layout_get_card_width (KsDiagramLayout *layout)
{
  return layout->card_width;
}

/* Queries ------------------------------------------------------------------ */

guint
ks_diagram_layout_get_n_cards (KsDiagramLayout *layout)
{
  return layout->cards->len;
}

const KsDiagramCard *
ks_diagram_layout_get_card (KsDiagramLayout *layout,
                            guint            index)
{
  g_return_val_if_fail (index < layout->cards->len, NULL);
  return &g_array_index (layout->cards, KsDiagramCard, index);
}

gboolean
ks_diagram_layout_find_card (KsDiagramLayout *layout,
                             guint            position,
                             guint           *card)
{
  guint lo = 0, hi = layout->cards->len;

  /* the last card starting at or before @position */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (layout->cards, KsDiagramCard, mid).start <= position)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0 || position >= g_array_index (layout->cards, KsDiagramCard, lo - 1).end)
    return FALSE;
  if (card)
    *card = lo - 1;
  return TRUE;
}

const guint *
ks_diagram_layout_get_column (KsDiagramLayout *layout,
                              guint            column,
                              guint           *n_cards)
{
  guint start, end;

  g_return_val_if_fail (column < layout->n_columns, NULL);
  start = g_array_index (layout->column_start, guint, column);
  end = g_array_index (layout->column_start, guint, column + 1);
  *n_cards = end - start;
  return &g_array_index (layout->column_cards, guint, start);
}

guint
ks_diagram_layout_column_lookup (KsDiagramLayout *layout,
                                 guint            column,
                                 double           y)
{
  guint n, lo = 0, hi;
  const guint *cards = ks_diagram_layout_get_column (layout, column, &n);

  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const KsDiagramCard *c = &g_array_index (layout->cards, KsDiagramCard, cards[mid]);
      if (c->y + c->height <= y)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

gboolean
ks_diagram_layout_hit_test (KsDiagramLayout *layout,
                            double           x,
                            double           y,
                            KsDiagramHit    *hit)
{
  double header = ks_diagram_layout_get_header_height (layout);
  double pitch = layout->card_width + KS_DIAGRAM_COLUMN_GAP;
  const KsDiagramCard *card;
  const guint *cards;
  guint column, k, n;

  g_return_val_if_fail (hit != NULL, FALSE);
  memset (hit, 0, sizeof *hit);

  if (x < 0 || y < 0 || x >= layout->width || y >= layout->height)
    return FALSE;
  if (y < header)
    {
      double notes_top = KS_DIAGRAM_MARGIN + KS_DIAGRAM_TITLE_HEIGHT + KS_DIAGRAM_LEGEND_HEIGHT;
      if (y >= notes_top && layout->notes->len > 0 &&
          y < notes_top + layout->notes->len * KS_DIAGRAM_NOTE_HEIGHT)
        {
          hit->kind = KS_DIAGRAM_HIT_NOTE;
          hit->note = (guint) ((y - notes_top) / KS_DIAGRAM_NOTE_HEIGHT);
        }
      else
        hit->kind = KS_DIAGRAM_HIT_HEADER;
      return TRUE;
    }
  if (x < KS_DIAGRAM_MARGIN)
    return FALSE;
  column = (guint) ((x - KS_DIAGRAM_MARGIN) / pitch);
  if (column >= layout->n_columns || x - KS_DIAGRAM_MARGIN - column * pitch >= layout->card_width)
    return FALSE;

  cards = ks_diagram_layout_get_column (layout, column, &n);
  k = ks_diagram_layout_column_lookup (layout, column, y);
  if (k >= n)
    return FALSE;
  card = &g_array_index (layout->cards, KsDiagramCard, cards[k]);
  if (y < card->y)
    return FALSE;

  hit->partition = cards[k];
  hit->kind = KS_DIAGRAM_HIT_PARTITION;
  if (y >= card->y + KS_DIAGRAM_CARD_HEADER)
    {
      guint row = (guint) ((y - card->y - KS_DIAGRAM_CARD_HEADER) / KS_DIAGRAM_ROW_HEIGHT);
      if (row < card->end - card->start)
        {
          hit->kind = KS_DIAGRAM_HIT_ITEM;
          hit->position = card->start + row;
          hit->item = ks_view_get_entry (layout->view, hit->position)->item;
        }
    }
  return TRUE;
}

gboolean
ks_diagram_layout_get_entry_rect (KsDiagramLayout   *layout,
                                  guint              position,
                                  cairo_rectangle_t *rect)
{
  const KsDiagramCard *card;
  guint index;

  if (!ks_diagram_layout_find_card (layout, position, &index))
    return FALSE;
  card = &g_array_index (layout->cards, KsDiagramCard, index);
  rect->x = card->x;
  rect->y = card->y + KS_DIAGRAM_CARD_HEADER + (position - card->start) * KS_DIAGRAM_ROW_HEIGHT;
  rect->width = layout->card_width;
  rect->height = KS_DIAGRAM_ROW_HEIGHT;
  return TRUE;
}

guint
ks_diagram_layout_get_n_entities (KsDiagramLayout *layout)
{
  return layout->entities->len;
}

const KsDiagramEntityInfo *
ks_diagram_layout_get_entity (KsDiagramLayout *layout,
                              guint            index)
{
  g_return_val_if_fail (index < layout->entities->len, NULL);
  return &g_array_index (layout->entities, KsDiagramEntityInfo, index);
}

guint
ks_diagram_layout_get_n_notes (KsDiagramLayout *layout)
{
  return layout->notes->len;
}

const char *
ks_diagram_layout_get_note (KsDiagramLayout *layout,
                            guint            index)
{
  g_return_val_if_fail (index < layout->notes->len, NULL);
  return g_ptr_array_index (layout->notes, index);
}

guint64
ks_diagram_layout_get_total_size (KsDiagramLayout *layout)
{
  return layout->total_size;
}

guint
ks_diagram_layout_get_n_entries (KsDiagramLayout *layout)
{
  return layout->n_entries;
}
