/* ks-document.c: a design with its engine and undo history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-document"

#include "config.h"

#include <gobject/gvaluecollector.h>

#include "ks-document.h"

typedef enum
{
  CMD_PROPERTY,
  CMD_TEMPLATE,
  CMD_INSERT_ITEM,
  CMD_REMOVE_ITEM,
  CMD_ITEM_VALUES,
  CMD_INSERT_OBJECT,
  CMD_REMOVE_OBJECT,
  CMD_GROUP,
} CommandKind;

typedef struct _Command Command;

struct _Command
{
  CommandKind kind;
  char       *label;
  gint64      time;
  gpointer    object;       /* ref: GObject, entity, store */
  char       *name;         /* property or key attribute */
  GValue      old_value;
  GValue      new_value;
  char       *old_text;
  char       *new_text;
  KsItem     *item;
  KsValue    *old_values;
  KsValue    *new_values;
  guint       position;
  GPtrArray  *children;     /* Command, for groups */
};

struct _KsDocument
{
  GObject     parent_instance;
  KsDesign   *design;
  KsEngine   *engine;
  GFile      *file;
  GPtrArray  *undo;          /* Command */
  GPtrArray  *redo;          /* Command */
  GPtrArray  *group_stack;   /* Command being built */
  Command    *saved;         /* top of undo when saved */
  gboolean    saved_valid;
  gboolean    sealed;
  gboolean    modified;
};

enum { PROP_0, PROP_FILE, PROP_MODIFIED, PROP_CAN_UNDO, PROP_CAN_REDO, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KsDocument, ks_document, G_TYPE_OBJECT)

static void
command_free (Command *cmd)
{
  g_free (cmd->label);
  g_clear_object (&cmd->object);
  g_free (cmd->name);
  if (G_IS_VALUE (&cmd->old_value))
    g_value_unset (&cmd->old_value);
  if (G_IS_VALUE (&cmd->new_value))
    g_value_unset (&cmd->new_value);
  g_free (cmd->old_text);
  g_free (cmd->new_text);
  g_clear_pointer (&cmd->item, ks_item_unref);
  g_clear_pointer (&cmd->old_values, ks_value_unref);
  g_clear_pointer (&cmd->new_values, ks_value_unref);
  g_clear_pointer (&cmd->children, g_ptr_array_unref);
  g_free (cmd);
}

static Command *
command_new (CommandKind kind, const char *label)
{
  Command *cmd = g_new0 (Command, 1);
  cmd->kind = kind;
  cmd->label = g_strdup (label);
  cmd->time = g_get_monotonic_time ();
  return cmd;
}

static void
apply (Command *cmd, gboolean forward)
{
  switch (cmd->kind)
    {
    case CMD_PROPERTY:
      g_object_set_property (cmd->object, cmd->name, forward ? &cmd->new_value : &cmd->old_value);
      break;
    case CMD_TEMPLATE:
      ks_entity_set_template (cmd->object, cmd->name, forward ? cmd->new_text : cmd->old_text);
      break;
    case CMD_INSERT_ITEM:
    case CMD_REMOVE_ITEM:
      if ((cmd->kind == CMD_INSERT_ITEM) == forward)
        ks_entity_insert_item (cmd->object, cmd->position, cmd->item);
      else
        ks_entity_remove_item (cmd->object, cmd->position);
      break;
    case CMD_ITEM_VALUES:
      ks_entity_set_item_values (cmd->item->entity, cmd->item,
                                 ks_value_ref (forward ? cmd->new_values : cmd->old_values));
      break;
    case CMD_INSERT_OBJECT:
    case CMD_REMOVE_OBJECT:
      if ((cmd->kind == CMD_INSERT_OBJECT) == forward)
        g_list_store_insert (cmd->object, cmd->position, g_value_get_object (&cmd->new_value));
      else
        g_list_store_remove (cmd->object, cmd->position);
      break;
    case CMD_GROUP:
      if (forward)
        for (guint i = 0; i < cmd->children->len; i++)
          apply (g_ptr_array_index (cmd->children, i), TRUE);
      else
        for (guint i = cmd->children->len; i > 0; i--)
          apply (g_ptr_array_index (cmd->children, i - 1), FALSE);
      break;
    }
}

static void
update_state (KsDocument *self)
{
  Command *top = self->undo->len ? g_ptr_array_index (self->undo, self->undo->len - 1) : NULL;
  gboolean modified = !(self->saved_valid && top == self->saved);

  if (modified != self->modified)
    {
      self->modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Records a command already applied: in the innermost open group, else
 * on the undo stack (@sealed: the next edit never merges into it). */
static void
record (KsDocument *self, Command *cmd, gboolean sealed)
{
  if (self->group_stack->len > 0)
    {
      Command *group = g_ptr_array_index (self->group_stack, self->group_stack->len - 1);
      g_ptr_array_add (group->children, cmd);
      return;
    }
  g_ptr_array_add (self->undo, cmd);
  g_ptr_array_set_size (self->redo, 0);
  self->sealed = sealed;
  ks_engine_flush (self->engine);
  update_state (self);
}

/* Runs a new command and records it. */
static void
push (KsDocument *self, Command *cmd)
{
  apply (cmd, TRUE);
  record (self, cmd, FALSE);
}

static void
ks_document_dispose (GObject *object)
{
  KsDocument *self = KS_DOCUMENT (object);

  if (self->undo)
    g_ptr_array_set_size (self->undo, 0);
  if (self->redo)
    g_ptr_array_set_size (self->redo, 0);
  g_clear_object (&self->engine);
  g_clear_object (&self->design);
  g_clear_object (&self->file);
  G_OBJECT_CLASS (ks_document_parent_class)->dispose (object);
}

static void
ks_document_finalize (GObject *object)
{
  KsDocument *self = KS_DOCUMENT (object);

  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_ptr_array_unref (self->group_stack);
  G_OBJECT_CLASS (ks_document_parent_class)->finalize (object);
}

static void
ks_document_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KsDocument *self = KS_DOCUMENT (object);
  switch (prop_id)
    {
    case PROP_FILE: g_value_set_object (value, self->file); break;
    case PROP_MODIFIED: g_value_set_boolean (value, self->modified); break;
    case PROP_CAN_UNDO: g_value_set_boolean (value, ks_document_can_undo (self)); break;
    case PROP_CAN_REDO: g_value_set_boolean (value, ks_document_can_redo (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_document_set_property_impl (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  KsDocument *self = KS_DOCUMENT (object);
  switch (prop_id)
    {
    case PROP_FILE: ks_document_set_file (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ks_document_class_init (KsDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ks_document_dispose;
  object_class->finalize = ks_document_finalize;
  object_class->get_property = ks_document_get_property;
  object_class->set_property = ks_document_set_property_impl;

  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MODIFIED] = g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ks_document_init (KsDocument *self)
{
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  self->group_stack = g_ptr_array_new ();
  self->saved_valid = TRUE;
  self->saved = NULL;
}

KsDocument *
ks_document_new (KsDesign *design)
{
  KsDocument *self;

  g_return_val_if_fail (KS_IS_DESIGN (design), NULL);
  self = g_object_new (KS_TYPE_DOCUMENT, NULL);
  self->design = g_object_ref (design);
  self->engine = ks_engine_new (design);
  return self;
}

KsDesign *
ks_document_get_design (KsDocument *self)
{
  return self->design;
}

KsEngine *
ks_document_get_engine (KsDocument *self)
{
  return self->engine;
}

GFile *
ks_document_get_file (KsDocument *self)
{
  return self->file;
}

void
ks_document_set_file (KsDocument *self, GFile *file)
{
  g_return_if_fail (KS_IS_DOCUMENT (self));
  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

gboolean
ks_document_get_modified (KsDocument *self)
{
  return self->modified;
}

void
ks_document_mark_saved (KsDocument *self)
{
  self->saved = self->undo->len ? g_ptr_array_index (self->undo, self->undo->len - 1) : NULL;
  self->saved_valid = TRUE;
  self->sealed = TRUE;
  update_state (self);
}

void
ks_document_mark_unsaved (KsDocument *self)
{
  g_return_if_fail (KS_IS_DOCUMENT (self));

  self->saved_valid = FALSE;
  update_state (self);
}

gboolean
ks_document_can_undo (KsDocument *self)
{
  return self->undo->len > 0;
}

gboolean
ks_document_can_redo (KsDocument *self)
{
  return self->redo->len > 0;
}

const char *
ks_document_get_undo_label (KsDocument *self)
{
  return self->undo->len ? ((Command *) g_ptr_array_index (self->undo, self->undo->len - 1))->label : NULL;
}

const char *
ks_document_get_redo_label (KsDocument *self)
{
  return self->redo->len ? ((Command *) g_ptr_array_index (self->redo, self->redo->len - 1))->label : NULL;
}

/* Moves the newest command of @from to @to, undoing or redoing it. */
static gboolean
replay (KsDocument *self, GPtrArray *from, GPtrArray *to, gboolean forward)
{
  Command *cmd;

  g_return_val_if_fail (self->group_stack->len == 0, FALSE);
  if (from->len == 0)
    return FALSE;
  cmd = g_ptr_array_steal_index (from, from->len - 1);
  apply (cmd, forward);
  g_ptr_array_add (to, cmd);
  self->sealed = TRUE;
  ks_engine_flush (self->engine);
  update_state (self);
  return TRUE;
}

gboolean
ks_document_undo (KsDocument *self)
{
  g_return_val_if_fail (KS_IS_DOCUMENT (self), FALSE);
  return replay (self, self->undo, self->redo, FALSE);
}

gboolean
ks_document_redo (KsDocument *self)
{
  g_return_val_if_fail (KS_IS_DOCUMENT (self), FALSE);
  return replay (self, self->redo, self->undo, TRUE);
}

void
ks_document_seal (KsDocument *self)
{
  self->sealed = TRUE;
}

void
ks_document_begin_group (KsDocument *self, const char *label)
{
  Command *group = command_new (CMD_GROUP, label);
  group->children = g_ptr_array_new_with_free_func ((GDestroyNotify) command_free);
  g_ptr_array_add (self->group_stack, group);
}

void
ks_document_end_group (KsDocument *self)
{
  Command *group;

  g_return_if_fail (self->group_stack->len > 0);
  group = g_ptr_array_steal_index (self->group_stack, self->group_stack->len - 1);
  if (group->children->len == 0)
    {
      command_free (group);
      return;
    }
  /* already applied child by child: record only */
  record (self, group, TRUE);
}

/* Commands --------------------------------------------------------------- */

void
ks_document_set_property (KsDocument   *self,
                          gpointer      object,
                          const char   *property,
                          const GValue *value)
{
  GParamSpec *pspec;
  Command *cmd;

  g_return_if_fail (KS_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_OBJECT (object));

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_return_if_fail (pspec != NULL);

  cmd = command_new (CMD_PROPERTY, property);
  cmd->object = g_object_ref (object);
  cmd->name = g_strdup (property);
  g_value_init (&cmd->old_value, pspec->value_type);
  g_value_init (&cmd->new_value, pspec->value_type);
  g_object_get_property (object, property, &cmd->old_value);
  g_value_copy (value, &cmd->new_value);
  if (g_param_values_cmp (pspec, &cmd->old_value, &cmd->new_value) == 0 &&
      pspec->value_type != KS_TYPE_KEY_SCHEMA && !G_TYPE_IS_BOXED (pspec->value_type))
    {
      command_free (cmd);
      return;
    }
  /* typing into one field merges into one undo step */
  if (!self->sealed && self->group_stack->len == 0 && self->undo->len > 0)
    {
      Command *top = g_ptr_array_index (self->undo, self->undo->len - 1);
      if (top->kind == CMD_PROPERTY && top->object == object && g_str_equal (top->name, property) &&
          cmd->time - top->time < G_USEC_PER_SEC * 2 &&
          (pspec->value_type == G_TYPE_STRING))
        {
          g_value_copy (value, (g_value_unset (&top->new_value), g_value_init (&top->new_value, pspec->value_type)));
          top->time = cmd->time;
          command_free (cmd);
          g_object_set_property (object, property, value);
          ks_engine_flush (self->engine);
          update_state (self);
          return;
        }
    }
  push (self, cmd);
}

void
ks_document_set (KsDocument *self,
                 gpointer    object,
                 const char *first_property,
                 ...)
{
  va_list args;
  const char *name = first_property;
  gboolean grouped = FALSE;

  va_start (args, first_property);
  while (name != NULL)
    {
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), name);
      GValue value = G_VALUE_INIT;
      g_autofree char *error = NULL;
      const char *next;

      if (pspec == NULL)
        {
          g_critical ("%s: no property %s on %s", G_STRFUNC, name, G_OBJECT_TYPE_NAME (object));
          break;
        }
      G_VALUE_COLLECT_INIT (&value, pspec->value_type, args, 0, &error);
      if (error)
        {
          g_critical ("%s: %s", G_STRFUNC, error);
          break;
        }
      next = va_arg (args, const char *);
      if (next != NULL && !grouped)
        {
          ks_document_begin_group (self, name);
          grouped = TRUE;
        }
      ks_document_set_property (self, object, name, &value);
      g_value_unset (&value);
      name = next;
    }
  va_end (args);
  if (grouped)
    ks_document_end_group (self);
}

void
ks_document_set_template (KsDocument *self,
                          KsEntity   *entity,
                          const char *key_attribute,
                          const char *text)
{
  const char *old = ks_entity_get_template (entity, key_attribute);
  Command *cmd;

  g_return_if_fail (KS_IS_DOCUMENT (self));
  if (g_strcmp0 (old, text) == 0)
    return;

  if (!self->sealed && self->group_stack->len == 0 && self->undo->len > 0)
    {
      Command *top = g_ptr_array_index (self->undo, self->undo->len - 1);
      gint64 now = g_get_monotonic_time ();
      if (top->kind == CMD_TEMPLATE && top->object == (gpointer) entity &&
          g_str_equal (top->name, key_attribute) && now - top->time < G_USEC_PER_SEC * 2)
        {
          g_free (top->new_text);
          top->new_text = g_strdup (text);
          top->time = now;
          ks_entity_set_template (entity, key_attribute, text);
          ks_engine_flush (self->engine);
          update_state (self);
          return;
        }
    }

  cmd = command_new (CMD_TEMPLATE, key_attribute);
  cmd->object = g_object_ref (entity);
  cmd->name = g_strdup (key_attribute);
  cmd->old_text = g_strdup (old);
  cmd->new_text = g_strdup (text);
  push (self, cmd);
}

void
ks_document_insert_item (KsDocument *self,
                         KsEntity   *entity,
                         guint       position,
                         KsItem     *item)
{
  Command *cmd = command_new (CMD_INSERT_ITEM, "item");
  cmd->object = g_object_ref (entity);
  cmd->position = position;
  cmd->item = ks_item_ref (item);
  push (self, cmd);
  self->sealed = TRUE;
}

void
ks_document_remove_item (KsDocument *self,
                         KsEntity   *entity,
                         guint       position)
{
  Command *cmd = command_new (CMD_REMOVE_ITEM, "item");
  cmd->object = g_object_ref (entity);
  cmd->position = position;
  cmd->item = ks_item_ref (ks_entity_get_item (entity, position));
  push (self, cmd);
  self->sealed = TRUE;
}

void
ks_document_set_item_values (KsDocument *self,
                             KsItem     *item,
                             KsValue    *values)
{
  Command *cmd;

  g_return_if_fail (item->entity != NULL);
  if (ks_value_equal (item->values, values))
    {
      ks_value_unref (values);
      return;
    }
  cmd = command_new (CMD_ITEM_VALUES, "item");
  cmd->item = ks_item_ref (item);
  cmd->old_values = ks_value_ref (item->values);
  cmd->new_values = values;
  push (self, cmd);
  self->sealed = TRUE;
}

void
ks_document_insert_object (KsDocument *self,
                           GListStore *store,
                           guint       position,
                           gpointer    object)
{
  Command *cmd = command_new (CMD_INSERT_OBJECT, "insert");
  cmd->object = g_object_ref (store);
  cmd->position = position;
  g_value_init (&cmd->new_value, G_TYPE_OBJECT);
  g_value_set_object (&cmd->new_value, object);
  push (self, cmd);
  self->sealed = TRUE;
}

void
ks_document_remove_object (KsDocument *self,
                           GListStore *store,
                           guint       position)
{
  Command *cmd = command_new (CMD_REMOVE_OBJECT, "remove");
  g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (store), position);

  cmd->object = g_object_ref (store);
  cmd->position = position;
  g_value_init (&cmd->new_value, G_TYPE_OBJECT);
  g_value_set_object (&cmd->new_value, object);
  push (self, cmd);
  self->sealed = TRUE;
}
