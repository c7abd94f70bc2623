/* ks-template-row.c: one key template of an entity, with its live preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-template-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ks-template-row.h"

struct _KsTemplateRow
{
  GtkListBoxRow  parent_instance;

  GtkLabel      *key_label;
  GtkLabel      *role_label;
  GtkLabel      *type_label;
  GtkEntry      *entry;
  GtkLabel      *preview_label;
  GtkLabel      *error_label;

  KsDocument    *document;
  KsEntity      *entity;
  char          *key_attribute;
  KsType         key_type;
  KsItem        *preview_item;
  char          *preview_text;
  gboolean       updating;

  /* typed text not handed to the document yet (see on_entry_changed ()) */
  gboolean       has_pending;
  char          *pending_text;
  guint          commit_id;
};

/* Handing a template to the document recomputes every item of the entity:
 * about 1.3 µs an item on the development machine, so from some 15,000
 * items on longer than a frame, and typing would wait for it on every
 * keystroke. For such an entity the row shows the key of the typed text at
 * once and hands the text to the document once typing pauses, on Enter,
 * when the entry loses focus, or before the window saves or undoes
 * (ks_template_row_commit ()). (By the number of items, not by timing the
 * last keystroke: the same typing behaves the same on a busy machine.) */
#define SLOW_ITEMS      15000
#define COMMIT_DELAY_MS 150

G_DEFINE_FINAL_TYPE (KsTemplateRow, ks_template_row, GTK_TYPE_LIST_BOX_ROW)

static void
set_error (KsTemplateRow *self,
           const char    *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
}

/* The first problem the engine found with this template, or NULL. */
static const char *
engine_problem (KsTemplateRow *self)
{
  GPtrArray *problems = ks_engine_get_problems (ks_document_get_engine (self->document));

  for (guint i = 0; i < problems->len; i++)
    {
      const KsProblem *p = g_ptr_array_index (problems, i);
      if (p->entity == self->entity && g_strcmp0 (p->attribute, self->key_attribute) == 0 &&
          p->severity == KS_SEVERITY_ERROR)
        return p->message;
    }
  return NULL;
}

static KsItem *
preview_item (KsTemplateRow *self)
{
  if (self->preview_item != NULL && self->preview_item->entity == self->entity)
    return self->preview_item;
  if (ks_entity_get_n_items (self->entity) > 0)
    return ks_entity_get_item (self->entity, 0);
  return NULL;
}

static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);
  g_string_append (out, escaped);
}

static void
update_preview (KsTemplateRow *self)
{
  KsItem *item = preview_item (self);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (KsSpan));
  g_autoptr(GError) error = NULL;
  g_autoptr(KsValue) key = NULL;
  g_autoptr(GString) markup = g_string_new ("→ ");
  const char *missing = NULL;

  g_clear_pointer (&self->preview_text, g_free);
  if (item == NULL)
    {
      gtk_label_set_markup (self->preview_label, _("<i>No sample item to preview</i>"));
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "dim-label");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->preview_label), "dim-label");

  if (self->has_pending)
    key = ks_engine_render_key_text (ks_document_get_engine (self->document), self->entity, item,
                                     self->key_attribute, self->pending_text, spans, &missing, &error);
  else
    key = ks_engine_render_key (ks_document_get_engine (self->document), self->entity, item,
                                self->key_attribute, spans, &missing, &error);
  if (key != NULL)
    {
      const char *color = ks_entity_get_color (self->entity);
      g_autofree char *text = NULL;
      gsize len, pos = 0;

      if (ks_value_get_type (key) == KS_TYPE_S)
        {
          const char *str = ks_value_get_string (key, &len);
          text = g_strndup (str, len);
        }
      else
        text = ks_value_to_display (key);
      len = strlen (text);
      self->preview_text = g_strdup (text);

      for (guint i = 0; i < spans->len; i++)
        {
          const KsSpan *span = &g_array_index (spans, KsSpan, i);
          if (span->start > len || span->end > len || span->start < pos)
            continue;
          if (span->start > pos)
            {
              g_string_append (markup, "<span alpha=\"65%\">");
              append_escaped (markup, text + pos, span->start - pos);
              g_string_append (markup, "</span>");
            }
          g_string_append_printf (markup, "<span foreground=\"%s\" weight=\"bold\">", color);
          append_escaped (markup, text + span->start, span->end - span->start);
          g_string_append (markup, "</span>");
          pos = span->end;
        }
      if (pos < len)
        {
          /* without spans (a literal template or the item's own value) */
          g_string_append (markup, spans->len ? "<span alpha=\"65%\">" : "<span>");
          append_escaped (markup, text + pos, len - pos);
          g_string_append (markup, "</span>");
        }
    }
  else if (error != NULL)
    {
      g_autofree char *msg = g_markup_escape_text (error->message, -1);
      g_string_append_printf (markup, "<span foreground=\"#c01c28\">%s</span>", msg);
    }
  else
    {
      g_autofree char *msg = NULL;

      if (missing != NULL)
        msg = g_markup_printf_escaped (_("<i>absent: the item has no %s</i>"), missing);
      else
        msg = g_markup_printf_escaped (_("<i>absent: no template and no %s value</i>"), self->key_attribute);
      g_string_append (markup, msg);
      gtk_widget_add_css_class (GTK_WIDGET (self->preview_label), "dim-label");
    }
  gtk_label_set_markup (self->preview_label, markup->str);
}

static gboolean
is_slow (KsTemplateRow *self)
{
  return ks_entity_get_n_items (self->entity) >= SLOW_ITEMS;
}

/* Hands the typed text to the document. */
void
ks_template_row_commit (KsTemplateRow *self)
{
  g_autofree char *text = NULL;
  g_return_if_fail (KS_IS_TEMPLATE_ROW (self));

  g_clear_handle_id (&self->commit_id, g_source_remove);
  if (!self->has_pending)
    return;
  text = g_steal_pointer (&self->pending_text);
  self->has_pending = FALSE;
  self->updating = TRUE;
  /* an empty entry removes the template: the item's own value is the key */
  ks_document_set_template (self->document, self->entity, self->key_attribute,
                            text != NULL && *text != '\0' ? text : NULL);
  self->updating = FALSE;
  ks_template_row_refresh (self);
}

static gboolean
commit_when_idle (gpointer data)
{
  KsTemplateRow *self = data;

  self->commit_id = 0;
  ks_template_row_commit (self);
  return G_SOURCE_REMOVE;
}

static void
on_entry_changed (GtkEditable   *editable,
                  KsTemplateRow *self)
{
  const char *text = gtk_editable_get_text (editable);
  g_autoptr(GError) error = NULL;
  KsTemplate *tmpl;

  if (self->updating)
    return;
  g_free (self->pending_text);
  self->pending_text = g_strdup (text);
  self->has_pending = TRUE;
  if (!is_slow (self))
    {
      ks_template_row_commit (self);
      return;
    }
  g_clear_handle_id (&self->commit_id, g_source_remove);
  self->commit_id = g_timeout_add (COMMIT_DELAY_MS, commit_when_idle, self);
  /* the typed text's own errors and key now; the engine's findings
   * (unknown attributes) once the document has it */
  tmpl = *text ? ks_template_parse (text, KS_TEMPLATE_STRICT, NULL, &error) : NULL;
  g_clear_pointer (&tmpl, ks_template_unref);
  set_error (self, error ? error->message : NULL);
  update_preview (self);
}

static void
on_entry_activate (GtkEntry      *entry,
                   KsTemplateRow *self)
{
  ks_template_row_commit (self);
}

static void
on_focus_leave (GtkEventControllerFocus *focus,
                KsTemplateRow           *self)
{
  ks_template_row_commit (self);
  /* the next edit of this template is a new undo step */
  ks_document_seal (self->document);
}

static void
ks_template_row_dispose (GObject *object)
{
  KsTemplateRow *self = KS_TEMPLATE_ROW (object);

  /* nothing typed is lost */
  if (self->document != NULL)
    ks_template_row_commit (self);
  g_clear_handle_id (&self->commit_id, g_source_remove);
  g_clear_pointer (&self->pending_text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KS_TYPE_TEMPLATE_ROW);
  g_clear_object (&self->document);
  g_clear_object (&self->entity);
  g_clear_pointer (&self->preview_item, ks_item_unref);
  g_clear_pointer (&self->key_attribute, g_free);
  g_clear_pointer (&self->preview_text, g_free);
  G_OBJECT_CLASS (ks_template_row_parent_class)->dispose (object);
}

static void
ks_template_row_class_init (KsTemplateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ks_template_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/keyshape/Keyshape/ks-template-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KsTemplateRow, key_label);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateRow, role_label);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateRow, type_label);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateRow, entry);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateRow, preview_label);
  gtk_widget_class_bind_template_child (widget_class, KsTemplateRow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
}

static void
ks_template_row_init (KsTemplateRow *self)
{
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), focus);
}

GtkWidget *
ks_template_row_new (KsDocument *document,
                     KsEntity   *entity,
                     const char *key_attribute,
                     KsType      key_type,
                     const char *role)
{
  KsTemplateRow *self;

  g_return_val_if_fail (KS_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (KS_IS_ENTITY (entity), NULL);
  g_return_val_if_fail (key_attribute != NULL, NULL);

  self = g_object_new (KS_TYPE_TEMPLATE_ROW, NULL);
  self->document = g_object_ref (document);
  self->entity = g_object_ref (entity);
  self->key_attribute = g_strdup (key_attribute);
  self->key_type = key_type;
  gtk_label_set_text (self->key_label, key_attribute);
  gtk_label_set_text (self->role_label, role);
  gtk_label_set_text (self->type_label, ks_type_to_string (key_type));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, key_attribute, -1);
  ks_template_row_refresh (self);
  return GTK_WIDGET (self);
}

const char *
ks_template_row_get_key_attribute (KsTemplateRow *self)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_ROW (self), NULL);
  return self->key_attribute;
}

/**
 * ks_template_row_get_editable:
 *
 * Returns: (transfer none): the template entry
 */
GtkEditable *
ks_template_row_get_editable (KsTemplateRow *self)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_ROW (self), NULL);
  return GTK_EDITABLE (self->entry);
}

void
ks_template_row_set_preview_item (KsTemplateRow *self,
                                  KsItem        *item)
{
  g_return_if_fail (KS_IS_TEMPLATE_ROW (self));

  if (self->preview_item == item)
    return;
  g_clear_pointer (&self->preview_item, ks_item_unref);
  self->preview_item = item ? ks_item_ref (item) : NULL;
  update_preview (self);
}

void
ks_template_row_refresh (KsTemplateRow *self)
{
  const char *text = ks_entity_get_template (self->entity, self->key_attribute);
  const GError *parse_error = ks_entity_get_template_error (self->entity, self->key_attribute);

  g_return_if_fail (KS_IS_TEMPLATE_ROW (self));

  if (self->has_pending)
    {
      /* what is typed stands until the document has it */
      update_preview (self);
      return;
    }
  if (!self->updating && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), text ? text : "") != 0)
    {
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
      self->updating = FALSE;
    }
  set_error (self, parse_error ? parse_error->message : engine_problem (self));
  update_preview (self);
}

/**
 * ks_template_row_get_preview_text:
 *
 * Returns: (transfer full) (nullable): the previewed key as text, or %NULL
 *   when the key is absent or cannot be built
 */
char *
ks_template_row_get_preview_text (KsTemplateRow *self)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_ROW (self), NULL);
  return g_strdup (self->preview_text);
}

const char *
ks_template_row_get_error_text (KsTemplateRow *self)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_ROW (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

gboolean
ks_template_row_has_pending (KsTemplateRow *self)
{
  g_return_val_if_fail (KS_IS_TEMPLATE_ROW (self), FALSE);
  return self->has_pending;
}
