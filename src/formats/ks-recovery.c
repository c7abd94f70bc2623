/* ks-recovery.c: autosaves of unsaved edits, restored after a crash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "keyshape-recovery"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ks-error.h"
#include "ks-io.h"
#include "ks-json-reader.h"
#include "ks-json-writer.h"
#include "ks-native.h"
#include "ks-recovery.h"

#define SIDECAR_FORMAT   "keyshape-recovery"
#define SIDECAR_SUFFIX   ".recovery.json"
#define DESIGN_SUFFIX    ".keyshape.json"
/* object data on a KsDocument: the id of its entry */
#define DOCUMENT_ID_KEY  "ks-recovery-id"

struct _KsRecoveryEntry
{
  gatomicrefcount  ref_count;
  char            *id;
  GFile           *file;
  GFile           *original;     /* NULL: never saved */
  char            *name;
  GDateTime       *saved_at;
};

G_DEFINE_BOXED_TYPE (KsRecoveryEntry, ks_recovery_entry,
                     ks_recovery_entry_ref, ks_recovery_entry_unref)

static char *
entry_path (const char *id,
            const char *suffix)
{
  g_autofree char *dir = ks_recovery_get_dir ();
  g_autofree char *base = g_strconcat (id, suffix, NULL);

  return g_build_filename (dir, base, NULL);
}

/* The id of a running system boot: a process of another boot is gone. */
static char *
get_boot_id (void)
{
  char *text = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

/* Whether the process that wrote an entry still runs (and is not us): its
 * entry is then not a leftover of a crash but a document open there. */
static gboolean
written_by_other_live_process (gint64      pid,
                               const char *boot_id)
{
  g_autofree char *current_boot = get_boot_id ();

  if (pid <= 0 || pid > G_MAXINT || pid == getpid ())
    return FALSE;
  if (boot_id == NULL || current_boot == NULL || strcmp (boot_id, current_boot) != 0)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

static const char *
document_get_id (KsDocument *doc,
                 gboolean    create)
{
  const char *id = g_object_get_data (G_OBJECT (doc), DOCUMENT_ID_KEY);

  if (id == NULL && create)
    {
      char *uuid = g_uuid_string_random ();
      g_object_set_data_full (G_OBJECT (doc), DOCUMENT_ID_KEY, uuid, g_free);
      id = uuid;
    }
  return id;
}

static gboolean
delete_if_present (const char  *path,
                   GError     **error)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: cannot remove the autosave: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
delete_entry (const char  *id,
              GError     **error)
{
  g_autofree char *design = entry_path (id, DESIGN_SUFFIX);
  g_autofree char *sidecar = entry_path (id, SIDECAR_SUFFIX);

  /* the sidecar first: without it, a design file is never listed */
  return delete_if_present (sidecar, error) && delete_if_present (design, error);
}

static char *
sidecar_to_string (KsDocument *doc,
                   GDateTime  *now)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *saved_at = g_date_time_format_iso8601 (now);
  g_autofree char *boot_id = get_boot_id ();
  GFile *original = ks_document_get_file (doc);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, SIDECAR_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "original");
  if (original != NULL)
    {
      g_autofree char *uri = g_file_get_uri (original);
      json_builder_add_string_value (b, uri);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, ks_design_get_name (ks_document_get_design (doc)));
  json_builder_set_member_name (b, "savedAt");
  json_builder_add_string_value (b, saved_at);
  json_builder_set_member_name (b, "pid");
  json_builder_add_int_value (b, getpid ());
  json_builder_set_member_name (b, "bootId");
  if (boot_id != NULL)
    json_builder_add_string_value (b, boot_id);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return ks_json_to_string (root, TRUE);
}

/* Whether @original changed at or after @saved_at. A missing file is not
 * newer: the autosave is then the only copy. */
static gboolean
original_is_newer (GFile     *original,
                   GDateTime *saved_at)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) mtime = NULL;

  info = g_file_query_info (original,
                            G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info == NULL)
    return FALSE;
  mtime = g_file_info_get_modification_date_time (info);
  return mtime != NULL && g_date_time_compare (mtime, saved_at) >= 0;
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Reads one sidecar; NULL when it is not one of ours, unreadable, or its
 * entry is not worth offering. */
static KsRecoveryEntry *
read_entry (const char *dir,
            const char *sidecar_name)
{
  g_autofree char *id = g_strndup (sidecar_name, strlen (sidecar_name) - strlen (SIDECAR_SUFFIX));
  g_autofree char *sidecar = g_build_filename (dir, sidecar_name, NULL);
  g_autofree char *design = entry_path (id, DESIGN_SUFFIX);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) saved_at = NULL;
  g_autoptr(GFile) original = NULL;
  KsRecoveryEntry *entry;
  JsonObject *obj;
  JsonNode *pid;
  const char *format, *uri, *saved, *name;
  gsize length;

  if (id[0] == '\0' || !g_file_test (design, G_FILE_TEST_IS_REGULAR))
    return NULL;
  if (!g_file_get_contents (sidecar, &text, &length, NULL))
    return NULL;
  root = ks_json_parse_node (text, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  obj = json_node_get_object (root);
  format = member_string (obj, "format");
  uri = member_string (obj, "original");
  saved = member_string (obj, "savedAt");
  name = member_string (obj, "name");
  if (format == NULL || strcmp (format, SIDECAR_FORMAT) != 0 || saved == NULL)
    return NULL;
  saved_at = g_date_time_new_from_iso8601 (saved, NULL);
  if (saved_at == NULL)
    return NULL;

  pid = json_object_get_member (obj, "pid");
  if (pid != NULL && JSON_NODE_HOLDS_VALUE (pid) && json_node_get_value_type (pid) == G_TYPE_INT64
      && written_by_other_live_process (json_node_get_int (pid), member_string (obj, "bootId")))
    return NULL;

  if (uri != NULL)
    {
      original = g_file_new_for_uri (uri);
      if (original_is_newer (original, saved_at))
        return NULL;
    }

  entry = g_new0 (KsRecoveryEntry, 1);
  g_atomic_ref_count_init (&entry->ref_count);
  entry->id = g_steal_pointer (&id);
  entry->file = g_file_new_for_path (design);
  entry->original = g_steal_pointer (&original);
  entry->name = g_strdup (name ? name : "");
  entry->saved_at = g_date_time_to_utc (saved_at);
  return entry;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const KsRecoveryEntry *ea = *(KsRecoveryEntry * const *) a;
  const KsRecoveryEntry *eb = *(KsRecoveryEntry * const *) b;
  int cmp = g_date_time_compare (eb->saved_at, ea->saved_at);

  return cmp != 0 ? cmp : strcmp (ea->id, eb->id);
}

KsRecoveryEntry *
ks_recovery_entry_ref (KsRecoveryEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  g_atomic_ref_count_inc (&entry->ref_count);
  return entry;
}

void
ks_recovery_entry_unref (KsRecoveryEntry *entry)
{
  g_return_if_fail (entry != NULL);

  if (!g_atomic_ref_count_dec (&entry->ref_count))
    return;
  g_free (entry->id);
  g_object_unref (entry->file);
  g_clear_object (&entry->original);
  g_free (entry->name);
  g_date_time_unref (entry->saved_at);
  g_free (entry);
}

GFile *
ks_recovery_entry_get_original (KsRecoveryEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);
  return entry->original;
}

const char *
ks_recovery_entry_get_name (KsRecoveryEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);
  return entry->name;
}

GDateTime *
ks_recovery_entry_get_saved_at (KsRecoveryEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);
  return entry->saved_at;
}

GFile *
ks_recovery_entry_get_file (KsRecoveryEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);
  return entry->file;
}

KsDocument *
ks_recovery_entry_restore (KsRecoveryEntry  *entry,
                           GError          **error)
{
  g_autoptr(KsDesign) design = NULL;
  KsDocument *doc;
  KsFileFormat format;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  design = ks_io_load_file (entry->file, &format, NULL, error);
  if (design == NULL)
    return NULL;
  if (format != KS_FILE_FORMAT_NATIVE)
    {
      g_autofree char *path = g_file_get_path (entry->file);
      g_set_error (error, KS_ERROR, KS_ERROR_INVALID, "%s: not a Keyshape design", path);
      return NULL;
    }
  doc = ks_document_new (design);
  if (entry->original != NULL)
    ks_document_set_file (doc, entry->original);
  ks_document_mark_unsaved (doc);
  g_object_set_data_full (G_OBJECT (doc), DOCUMENT_ID_KEY, g_strdup (entry->id), g_free);
  return doc;
}

char *
ks_recovery_get_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "keyshape", "recovery", NULL);
}

struct _KsRecoveryWrite
{
  char             *dir;
  char             *design_path;
  char             *sidecar_path;
  char             *sidecar;
  KsNativeSnapshot *design;
};

gboolean
ks_recovery_prepare (KsDocument       *doc,
                     KsRecoveryWrite **write,
                     GError          **error)
{
  KsRecoveryWrite *w;
  g_autoptr(GDateTime) now = NULL;
  const char *id;

  g_return_val_if_fail (KS_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (write != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *write = NULL;
  if (!ks_document_get_modified (doc))
    return ks_recovery_remove (doc, error);

  id = document_get_id (doc, TRUE);
  w = g_new0 (KsRecoveryWrite, 1);
  w->dir = ks_recovery_get_dir ();
  w->design_path = entry_path (id, DESIGN_SUFFIX);
  w->sidecar_path = entry_path (id, SIDECAR_SUFFIX);
  /* the time is taken before writing, so an original saved while we write
   * counts as newer */
  now = g_date_time_new_now_utc ();
  w->sidecar = sidecar_to_string (doc, now);
  w->design = ks_native_snapshot_new (ks_document_get_design (doc));
  *write = w;
  return TRUE;
}

gboolean
ks_recovery_write_run (KsRecoveryWrite  *write,
                       GError          **error)
{
  g_autofree char *design = NULL;

  g_return_val_if_fail (write != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_mkdir_with_parents (write->dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: cannot create the autosave folder: %s", write->dir, g_strerror (saved_errno));
      return FALSE;
    }
  design = ks_native_snapshot_to_string (write->design);
  /* each file is replaced atomically (a temporary file renamed over it);
   * the design first, so a sidecar never names a half-written design */
  return g_file_set_contents_full (write->design_path, design, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error)
    && g_file_set_contents_full (write->sidecar_path, write->sidecar, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

void
ks_recovery_write_free (KsRecoveryWrite *write)
{
  if (write == NULL)
    return;
  g_free (write->dir);
  g_free (write->design_path);
  g_free (write->sidecar_path);
  g_free (write->sidecar);
  ks_native_snapshot_free (write->design);
  g_free (write);
}

gboolean
ks_recovery_save (KsDocument  *doc,
                  GError     **error)
{
  KsRecoveryWrite *write = NULL;
  gboolean ok;

  g_return_val_if_fail (KS_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ks_recovery_prepare (doc, &write, error))
    return FALSE;
  if (write == NULL)
    return TRUE;    /* no unsaved edits: the entry went */
  ok = ks_recovery_write_run (write, error);
  ks_recovery_write_free (write);
  return ok;
}

gboolean
ks_recovery_remove (KsDocument  *doc,
                    GError     **error)
{
  const char *id;

  g_return_val_if_fail (KS_IS_DOCUMENT (doc), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = document_get_id (doc, FALSE);
  if (id == NULL)
    return TRUE;    /* never autosaved */
  return delete_entry (id, error);
}

GPtrArray *
ks_recovery_list (void)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ks_recovery_entry_unref);
  g_autofree char *dir_path = ks_recovery_get_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return entries;     /* nothing was ever autosaved */
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      KsRecoveryEntry *entry;

      if (!g_str_has_suffix (name, SIDECAR_SUFFIX))
        continue;
      entry = read_entry (dir_path, name);
      if (entry != NULL)
        g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_newest_first);
  return entries;
}

gboolean
ks_recovery_discard (KsRecoveryEntry  *entry,
                     GError          **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return delete_entry (entry->id, error);
}
