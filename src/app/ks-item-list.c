/* ks-item-list.c: the sample items of a design as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-item-list"

#include "config.h"

#include "ks-item-list.h"

struct _KsItemList
{
  GObject     parent_instance;
  KsDocument *document;
  KsEntity   *filter;
  GPtrArray  *entities;     /* KsEntity shown, in design order */
  GArray     *offsets;      /* guint, entities->len + 1 prefix sums */
  GHashTable *rows;         /* KsItem → KsItemRow, weak */
  gulong      store_handler;
  gulong      engine_handler;
};

enum { PROP_0, PROP_DOCUMENT, PROP_FILTER, PROP_N_ITEMS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KsItemList, ks_item_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static guint
total (KsItemList *self)
{
  return g_array_index (self->offsets, guint, self->entities->len);
}

static void
recompute_offsets (KsItemList *self)
{
  guint sum = 0;

  g_array_set_size (self->offsets, self->entities->len + 1);
  for (guint i = 0; i < self->entities->len; i++)
    {
      g_array_index (self->offsets, guint, i) = sum;
      sum += ks_entity_get_n_items (g_ptr_array_index (self->entities, i));
    }
  g_array_index (self->offsets, guint, self->entities->len) = sum;
}

/* The entity holding list position @position (< total). */
static guint
entity_at (KsItemList *self,
           guint       position)
{
  guint lo = 0, hi = self->entities->len;

  /* last entity whose offset is <= position */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (self->offsets, guint, mid) <= position)
        lo = mid;
      else
        hi = mid;
    }
  /* skip empty entities that share the offset */
  while (lo + 1 < self->entities->len && g_array_index (self->offsets, guint, lo + 1) <= position)
    lo++;
  return lo;
}

static void
emit_changed (KsItemList *self,
              guint       position,
              guint       removed,
              guint       added)
{
  if (removed == 0 && added == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
on_entity_items_changed (KsEntity   *entity,
                         guint       position,
                         guint       removed,
                         guint       added,
                         KsItemList *self)
{
  guint index;

  /* a replaced item (new values) keeps its row: the engine's change set
   * refreshes it, see on_engine_changed() */
  if (removed == added)
    return;
  if (!g_ptr_array_find (self->entities, entity, &index))
    return;
  recompute_offsets (self);
  emit_changed (self, g_array_index (self->offsets, guint, index) + position, removed, added);
}

static void
watch_entity (KsItemList *self,
              KsEntity   *entity)
{
  g_signal_connect_object (entity, "items-changed",
                           G_CALLBACK (on_entity_items_changed), self, 0);
}

static void
unwatch_entity (KsItemList *self,
                KsEntity   *entity)
{
  g_signal_handlers_disconnect_by_func (entity, on_entity_items_changed, self);
}

static GPtrArray *
shown_entities (KsItemList *self)
{
  GListModel *store = G_LIST_MODEL (ks_design_get_entities (ks_document_get_design (self->document)));
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (store);

  for (guint i = 0; i < n; i++)
    {
      KsEntity *entity = g_list_model_get_item (store, i);
      if (self->filter == NULL || entity == self->filter)
        g_ptr_array_add (shown, entity);
      else
        g_object_unref (entity);
    }
  return shown;
}

/* Replaces the shown entities, emitting the change as one splice of the
 * range that differs. */
static void
reload (KsItemList *self)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->entities);
  g_autoptr(GArray) old_offsets = g_array_copy (self->offsets);
  guint first = 0, old_end, new_end;

  self->entities = shown_entities (self);
  recompute_offsets (self);

  for (guint i = 0; i < old->len; i++)
    unwatch_entity (self, g_ptr_array_index (old, i));
  for (guint i = 0; i < self->entities->len; i++)
    watch_entity (self, g_ptr_array_index (self->entities, i));

  /* common prefix and suffix of entities keep their rows */
  while (first < old->len && first < self->entities->len &&
         g_ptr_array_index (old, first) == g_ptr_array_index (self->entities, first))
    first++;
  old_end = old->len;
  new_end = self->entities->len;
  while (old_end > first && new_end > first &&
         g_ptr_array_index (old, old_end - 1) == g_ptr_array_index (self->entities, new_end - 1))
    {
      old_end--;
      new_end--;
    }
  emit_changed (self,
                g_array_index (old_offsets, guint, first),
                g_array_index (old_offsets, guint, old_end) - g_array_index (old_offsets, guint, first),
                g_array_index (self->offsets, guint, new_end) - g_array_index (self->offsets, guint, first));
}

static void
on_store_items_changed (GListModel *store,
                        guint       position,
                        guint       removed,
                        guint       added,
                        KsItemList *self)
{
  reload (self);
}

static void
notify_row (KsItemList *self,
            KsItem     *item)
{
  KsItemRow *row = g_hash_table_lookup (self->rows, item);

  if (row != NULL)
    ks_item_row_changed (row);
}

static void
on_engine_changed (KsEngine    *engine,
                   KsChangeSet *changes,
                   KsItemList  *self)
{
  if (changes->full)
    {
      g_autoptr(GList) rows = g_hash_table_get_values (self->rows);
      for (GList *l = rows; l; l = l->next)
        ks_item_row_changed (l->data);
      return;
    }
  /* a template edit changes every item of its entity: when the change set
   * is longer than the rows alive (those on screen, about), the rows are
   * told instead; they compare before they redraw */
  if (changes->items->len > g_hash_table_size (self->rows))
    {
      GHashTableIter iter;
      gpointer item, row;
      g_autoptr(GHashTable) changed = g_hash_table_new (NULL, NULL);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < changes->entities->len; i++)
        g_hash_table_add (changed, g_ptr_array_index (changes->entities, i));
      /* a handler may drop rows: notify from a list of our own */
      g_hash_table_iter_init (&iter, self->rows);
      while (g_hash_table_iter_next (&iter, &item, &row))
        if (changes->entities->len == 0 || g_hash_table_contains (changed, ((KsItem *) item)->entity))
          g_ptr_array_add (rows, g_object_ref (row));
      for (guint i = 0; i < rows->len; i++)
        ks_item_row_changed (g_ptr_array_index (rows, i));
      return;
    }
  for (guint i = 0; i < changes->items->len; i++)
    notify_row (self, g_ptr_array_index (changes->items, i));
}

static void
row_finalized (gpointer  data,
               GObject  *where_the_object_was)
{
  KsItemList *self = data;
  GHashTableIter iter;
  gpointer value;

  /* the row is gone, so its item can't be read from it: find it by value */
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

/* GListModel ------------------------------------------------------------- */

static GType
ks_item_list_get_item_type (GListModel *model)
{
  return KS_TYPE_ITEM_ROW;
}

static guint
ks_item_list_get_n_items (GListModel *model)
{
  return total (KS_ITEM_LIST (model));
}

static gpointer
ks_item_list_get_item (GListModel *model,
                       guint       position)
{
  KsItemList *self = KS_ITEM_LIST (model);
  KsItem *item = ks_item_list_get_ks_item (self, position);
  KsItemRow *row;

  if (item == NULL)
    return NULL;
  row = g_hash_table_lookup (self->rows, item);
  if (row != NULL)
    return g_object_ref (row);
  row = ks_item_row_new (item);
  g_hash_table_insert (self->rows, item, row);
  g_object_weak_ref (G_OBJECT (row), row_finalized, self);
  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ks_item_list_get_item_type;
  iface->get_n_items = ks_item_list_get_n_items;
  iface->get_item = ks_item_list_get_item;
}

/* GObject ---------------------------------------------------------------- */

static void
ks_item_list_dispose (GObject *object)
{
  KsItemList *self = KS_ITEM_LIST (object);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, row_finalized, self);
  g_hash_table_remove_all (self->rows);

  if (self->entities)
    for (guint i = 0; i < self->entities->len; i++)
      unwatch_entity (self, g_ptr_array_index (self->entities, i));
  g_clear_pointer (&self->entities, g_ptr_array_unref);

  if (self->document)
    {
      g_clear_signal_handler (&self->store_handler,
                              ks_design_get_entities (ks_document_get_design (self->document)));
      g_clear_signal_handler (&self->engine_handler, ks_document_get_engine (self->document));
    }
  g_clear_object (&self->document);
  g_clear_object (&self->filter);
  G_OBJECT_CLASS (ks_item_list_parent_class)->dispose (object);
}

static void
ks_item_list_finalize (GObject *object)
{
  KsItemList *self = KS_ITEM_LIST (object);

  g_array_unref (self->offsets);
  g_hash_table_unref (self->rows);
  G_OBJECT_CLASS (ks_item_list_parent_class)->finalize (object);
}

static void
ks_item_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  KsItemList *self = KS_ITEM_LIST (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, total (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_item_list_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  KsItemList *self = KS_ITEM_LIST (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      self->document = g_value_dup_object (value);
      break;
    case PROP_FILTER:
      ks_item_list_set_filter (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_item_list_constructed (GObject *object)
{
  KsItemList *self = KS_ITEM_LIST (object);

  G_OBJECT_CLASS (ks_item_list_parent_class)->constructed (object);

  g_assert (KS_IS_DOCUMENT (self->document));
  self->store_handler =
    g_signal_connect (ks_design_get_entities (ks_document_get_design (self->document)),
                      "items-changed", G_CALLBACK (on_store_items_changed), self);
  self->engine_handler =
    g_signal_connect (ks_document_get_engine (self->document), "changed",
                      G_CALLBACK (on_engine_changed), self);
  self->entities = shown_entities (self);
  for (guint i = 0; i < self->entities->len; i++)
    watch_entity (self, g_ptr_array_index (self->entities, i));
  recompute_offsets (self);
}

static void
ks_item_list_class_init (KsItemListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ks_item_list_constructed;
  object_class->dispose = ks_item_list_dispose;
  object_class->finalize = ks_item_list_finalize;
  object_class->get_property = ks_item_list_get_property;
  object_class->set_property = ks_item_list_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, KS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL, KS_TYPE_ENTITY,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ks_item_list_init (KsItemList *self)
{
  self->offsets = g_array_new (FALSE, TRUE, sizeof (guint));
  g_array_set_size (self->offsets, 1);
  self->rows = g_hash_table_new (NULL, NULL);
}

KsItemList *
ks_item_list_new (KsDocument *document)
{
  g_return_val_if_fail (KS_IS_DOCUMENT (document), NULL);
  return g_object_new (KS_TYPE_ITEM_LIST, "document", document, NULL);
}

/**
 * ks_item_list_get_document:
 *
 * Returns: (transfer none): the document
 */
KsDocument *
ks_item_list_get_document (KsItemList *self)
{
  g_return_val_if_fail (KS_IS_ITEM_LIST (self), NULL);
  return self->document;
}

/**
 * ks_item_list_get_filter:
 *
 * Returns: (transfer none) (nullable): the only entity shown, or %NULL
 *   when the list shows every entity's items
 */
KsEntity *
ks_item_list_get_filter (KsItemList *self)
{
  g_return_val_if_fail (KS_IS_ITEM_LIST (self), NULL);
  return self->filter;
}

void
ks_item_list_set_filter (KsItemList *self,
                         KsEntity   *entity)
{
  g_return_if_fail (KS_IS_ITEM_LIST (self));
  g_return_if_fail (entity == NULL || KS_IS_ENTITY (entity));

  if (!g_set_object (&self->filter, entity))
    return;
  if (self->entities != NULL)
    reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * ks_item_list_get_ks_item:
 *
 * Returns: (transfer none) (nullable): the item at @position
 */
KsItem *
ks_item_list_get_ks_item (KsItemList *self,
                          guint       position)
{
  guint e;

  g_return_val_if_fail (KS_IS_ITEM_LIST (self), NULL);

  if (position >= total (self))
    return NULL;
  e = entity_at (self, position);
  return ks_entity_get_item (g_ptr_array_index (self->entities, e),
                             position - g_array_index (self->offsets, guint, e));
}

gboolean
ks_item_list_find (KsItemList *self,
                   KsItem     *item,
                   guint      *position)
{
  guint e, p;

  g_return_val_if_fail (KS_IS_ITEM_LIST (self), FALSE);

  if (item == NULL || item->entity == NULL ||
      !g_ptr_array_find (self->entities, item->entity, &e) ||
      !ks_entity_find_item (item->entity, item, &p))
    return FALSE;
  if (position)
    *position = g_array_index (self->offsets, guint, e) + p;
  return TRUE;
}
