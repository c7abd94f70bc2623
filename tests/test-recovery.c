/* test-recovery.c: autosaves of unsaved edits and their recovery
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * G_TEST_OPTION_ISOLATE_DIRS points g_get_user_state_dir() ($XDG_STATE_HOME)
 * and the other XDG directories at a fresh temporary directory for every
 * test case.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ks-io.h"
#include "ks-native.h"
#include "ks-recovery.h"

static const char design_text[] =
  "{\"format\": \"keyshape\", \"version\": 1, \"name\": \"Shop\",\n"
  " \"tables\": [{\"name\": \"T\", \"partitionKey\": {\"name\": \"PK\", \"type\": \"S\"},\n"
  "   \"sortKey\": {\"name\": \"SK\", \"type\": \"S\"}}],\n"
  " \"entities\": [{\"name\": \"Order\", \"table\": \"T\",\n"
  "   \"attributes\": [{\"name\": \"orderId\", \"type\": \"S\", \"required\": true}],\n"
  "   \"keys\": {\"PK\": \"ORDER#${orderId}\", \"SK\": \"ORDER\"},\n"
  "   \"items\": [{\"orderId\": \"o1\"}, {\"orderId\": \"o2\"}]}],\n"
  " \"accessPatterns\": []}\n";

static KsDocument *
new_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDesign) design = ks_io_load_data (design_text, strlen (design_text),
                                                "shop.keyshape.json", NULL, &error);

  g_assert_no_error (error);
  return ks_document_new (design);
}

/* A document opened from a file in the test's temporary directory. */
static KsDocument *
new_document_with_file (const char *basename)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), basename, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  KsDocument *doc = new_document ();

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_file_set_contents (path, design_text, -1, &error);
  g_assert_no_error (error);
  ks_document_set_file (doc, file);
  return doc;
}

static void
edit (KsDocument *doc,
      const char *name)
{
  ks_document_set (doc, ks_document_get_design (doc), "name", name, NULL);
  g_assert_true (ks_document_get_modified (doc));
}

static guint
count_files (void)
{
  g_autofree char *dir_path = ks_recovery_get_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The path of the entry's sidecar, beside its design. */
static char *
sidecar_path (KsRecoveryEntry *entry)
{
  g_autofree char *design = g_file_get_path (ks_recovery_entry_get_file (entry));

  g_assert_true (g_str_has_suffix (design, ".keyshape.json"));
  design[strlen (design) - strlen (".keyshape.json")] = '\0';
  return g_strconcat (design, ".recovery.json", NULL);
}

static void
test_dir (void)
{
  g_autofree char *dir = ks_recovery_get_dir ();
  g_autofree char *expected = g_build_filename (g_get_user_state_dir (), "keyshape", "recovery", NULL);
  g_autoptr(GPtrArray) entries = ks_recovery_list ();

  g_assert_cmpstr (dir, ==, expected);
  /* nothing autosaved yet, not even the folder */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (entries->len, ==, 0);
}

static void
test_save_list_restore (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDocument) doc = new_document_with_file ("shop.keyshape.json");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(KsDocument) restored = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *edited_text = NULL;
  g_autofree char *restored_text = NULL;
  g_autofree char *design_path = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *sidecar_text = NULL;
  g_autofree char *uri = NULL;
  KsRecoveryEntry *entry;
  GStatBuf st;

  edit (doc, "Shop (edited)");
  g_assert_true (ks_recovery_save (doc, &error));
  g_assert_no_error (error);
  after = g_date_time_new_now_utc ();
  g_assert_cmpuint (count_files (), ==, 2);

  entries = ks_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (ks_recovery_entry_get_name (entry), ==, "Shop (edited)");
  g_assert_true (g_file_equal (ks_recovery_entry_get_original (entry), ks_document_get_file (doc)));
  g_assert_cmpint (g_date_time_compare (ks_recovery_entry_get_saved_at (entry), before), >=, 0);
  g_assert_cmpint (g_date_time_compare (ks_recovery_entry_get_saved_at (entry), after), <=, 0);

  /* the autosave is the design in the native format, private to the user */
  design_path = g_file_get_path (ks_recovery_entry_get_file (entry));
  g_assert_cmpint (g_stat (design_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  sidecar = sidecar_path (entry);
  g_assert_cmpint (g_stat (sidecar, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_file_get_contents (sidecar, &sidecar_text, NULL, &error);
  g_assert_no_error (error);
  uri = g_file_get_uri (ks_document_get_file (doc));
  g_assert_nonnull (strstr (sidecar_text, uri));

  /* restoring gives the edited design, unsaved, bound to the original */
  restored = ks_recovery_entry_restore (entry, &error);
  g_assert_no_error (error);
  g_assert_true (ks_document_get_modified (restored));
  g_assert_true (g_file_equal (ks_document_get_file (restored), ks_document_get_file (doc)));
  edited_text = ks_native_to_string (ks_document_get_design (doc));
  restored_text = ks_native_to_string (ks_document_get_design (restored));
  g_assert_cmpstr (restored_text, ==, edited_text);

  /* later autosaves of the restored document replace the same entry */
  edit (restored, "Shop (edited twice)");
  g_assert_true (ks_recovery_save (restored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (), ==, 2);
  again = ks_recovery_list ();
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpstr (ks_recovery_entry_get_name (g_ptr_array_index (again, 0)), ==, "Shop (edited twice)");
  g_assert_true (g_file_equal (ks_recovery_entry_get_file (g_ptr_array_index (again, 0)),
                               ks_recovery_entry_get_file (entry)));

  /* saving the document ends with removing its autosave */
  ks_document_mark_saved (restored);
  g_assert_false (ks_document_get_modified (restored));
  g_assert_true (ks_recovery_remove (restored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (), ==, 0);
}

static void
test_unmodified (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDocument) doc = new_document ();
  g_autoptr(GPtrArray) entries = NULL;

  /* nothing to keep: no file written, and removing is a no-op */
  g_assert_true (ks_recovery_save (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (), ==, 0);
  g_assert_true (ks_recovery_remove (doc, &error));
  g_assert_no_error (error);

  edit (doc, "Changed");
  g_assert_true (ks_recovery_save (doc, &error));
  g_assert_cmpuint (count_files (), ==, 2);
  /* undone back to the saved state: the autosave goes away */
  g_assert_true (ks_document_undo (doc));
  g_assert_false (ks_document_get_modified (doc));
  g_assert_true (ks_recovery_save (doc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (), ==, 0);
  entries = ks_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 0);
}

static void
set_mtime (GFile     *file,
           GDateTime *when)
{
  g_autoptr(GError) error = NULL;

  g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                               (guint64) g_date_time_to_unix (when),
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  g_file_set_attribute_uint32 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                               (guint32) g_date_time_get_microsecond (when),
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
}

static void
test_original_newer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDocument) doc = new_document_with_file ("newer.keyshape.json");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) gone = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) earlier = NULL;
  GDateTime *saved_at;
  GFile *original = ks_document_get_file (doc);

  edit (doc, "Edited");
  g_assert_true (ks_recovery_save (doc, &error));
  g_assert_no_error (error);
  entries = ks_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 1);
  saved_at = ks_recovery_entry_get_saved_at (g_ptr_array_index (entries, 0));

  /* the original written after the autosave (saved later, or changed by
   * someone else): the autosave is out of date */
  later = g_date_time_add_seconds (saved_at, 10);
  set_mtime (original, later);
  listed = ks_recovery_list ();
  g_assert_cmpuint (listed->len, ==, 0);

  /* older than the autosave: offered */
  earlier = g_date_time_add_seconds (saved_at, -10);
  set_mtime (original, earlier);
  g_clear_pointer (&listed, g_ptr_array_unref);
  listed = ks_recovery_list ();
  g_assert_cmpuint (listed->len, ==, 1);

  /* the original is gone: the autosave is the only copy left */
  g_assert_true (g_file_delete (original, NULL, &error));
  g_assert_no_error (error);
  gone = ks_recovery_list ();
  g_assert_cmpuint (gone->len, ==, 1);
}

static void
test_untitled_and_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDocument) first = new_document ();
  g_autoptr(KsDocument) second = new_document ();
  g_autoptr(GPtrArray) entries = NULL;

  edit (first, "First");
  g_assert_true (ks_recovery_save (first, &error));
  g_assert_no_error (error);
  g_usleep (2000);
  edit (second, "Second");
  g_assert_true (ks_recovery_save (second, &error));
  g_assert_no_error (error);

  entries = ks_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 2);
  /* newest first; never saved, so no original */
  g_assert_cmpstr (ks_recovery_entry_get_name (g_ptr_array_index (entries, 0)), ==, "Second");
  g_assert_cmpstr (ks_recovery_entry_get_name (g_ptr_array_index (entries, 1)), ==, "First");
  g_assert_null (ks_recovery_entry_get_original (g_ptr_array_index (entries, 0)));
  g_assert_null (ks_recovery_entry_get_original (g_ptr_array_index (entries, 1)));
}

static void
test_discard (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KsDocument) doc = new_document ();
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) after = NULL;
  KsRecoveryEntry *entry;

  edit (doc, "Edited");
  g_assert_true (ks_recovery_save (doc, &error));
  entries = ks_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);

  g_assert_true (ks_recovery_discard (entry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (), ==, 0);
  after = ks_recovery_list ();
  g_assert_cmpuint (after->len, ==, 0);
  /* discarding twice is not an error */
  g_assert_true (ks_recovery_discard (entry, &error));
  g_assert_no_error (error);
}

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static char *
sidecar_json (const char *saved_at,
              gint64      pid,
              const char *boot_id)
{
  g_autofree char *boot = boot_id ? g_strdup_printf ("\"%s\"", boot_id) : g_strdup ("null");

  return g_strdup_printf ("{\"format\": \"keyshape-recovery\", \"version\": 1, \"original\": null,"
                          " \"name\": \"N\", \"savedAt\": \"%s\", \"pid\": %" G_GINT64_FORMAT ","
                          " \"bootId\": %s}", saved_at, pid, boot);
}

static void
test_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ks_recovery_get_dir ();
  g_autofree char *good = sidecar_json ("2024-01-02T03:04:05Z", 0, NULL);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(KsDocument) restored = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* not JSON; not a sidecar; no time; a bad time; no design beside it;
   * a design without a sidecar; deeply nested */
  write_file (dir, "a.recovery.json", "{not json");
  write_file (dir, "a.keyshape.json", design_text);
  write_file (dir, "b.recovery.json", "{\"format\": \"other\", \"savedAt\": \"2024-01-02T03:04:05Z\"}");
  write_file (dir, "b.keyshape.json", design_text);
  write_file (dir, "c.recovery.json", "{\"format\": \"keyshape-recovery\"}");
  write_file (dir, "c.keyshape.json", design_text);
  write_file (dir, "d.recovery.json", "{\"format\": \"keyshape-recovery\", \"savedAt\": \"yesterday\"}");
  write_file (dir, "d.keyshape.json", design_text);
  write_file (dir, "e.recovery.json", good);
  write_file (dir, "f.keyshape.json", design_text);
  {
    g_autofree char *deep = g_strnfill (100000, '[');
    write_file (dir, "g.recovery.json", deep);
    write_file (dir, "g.keyshape.json", design_text);
  }
  write_file (dir, ".recovery.json", good);
  write_file (dir, "h.recovery.json", good);
  write_file (dir, "h.keyshape.json", "{\"format\": \"keyshape\", \"version\": 1, \"tables\": 3}");

  entries = ks_recovery_list ();
  /* only h is a complete entry; its design is damaged, which restoring
   * says, naming the file */
  g_assert_cmpuint (entries->len, ==, 1);
  restored = ks_recovery_entry_restore (g_ptr_array_index (entries, 0), &error);
  g_assert_null (restored);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "h.keyshape.json"));
}

/* A pid that is no longer in use: a child that has exited. */
static GPid
dead_pid (void)
{
  pid_t pid = fork ();

  if (pid == 0)
    _exit (0);
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);
  return pid;
}

static void
test_other_process (void)
{
  g_autofree char *dir = ks_recovery_get_dir ();
  g_autofree char *boot_id = NULL;
  g_autofree char *live = NULL;
  g_autofree char *dead = NULL;
  g_autofree char *other_boot = NULL;
  g_autofree char *mine = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot_id, NULL, NULL))
    {
      g_test_skip ("no /proc/sys/kernel/random/boot_id");
      return;
    }
  g_strstrip (boot_id);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  /* a running Keyshape (our parent stands in for it) still has it open */
  live = sidecar_json ("2024-01-02T03:04:05Z", getppid (), boot_id);
  write_file (dir, "live.recovery.json", live);
  write_file (dir, "live.keyshape.json", design_text);
  /* left by a process that is gone, or ran before the last boot */
  dead = sidecar_json ("2024-01-02T03:04:06Z", dead_pid (), boot_id);
  write_file (dir, "dead.recovery.json", dead);
  write_file (dir, "dead.keyshape.json", design_text);
  other_boot = sidecar_json ("2024-01-02T03:04:07Z", getppid (), "00000000-0000-0000-0000-000000000000");
  write_file (dir, "boot.recovery.json", other_boot);
  write_file (dir, "boot.keyshape.json", design_text);
  /* our own */
  mine = sidecar_json ("2024-01-02T03:04:08Z", getpid (), boot_id);
  write_file (dir, "mine.recovery.json", mine);
  write_file (dir, "mine.keyshape.json", design_text);

  entries = ks_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 3);
  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *path = g_file_get_path (ks_recovery_entry_get_file (g_ptr_array_index (entries, i)));
      g_assert_null (strstr (path, "live"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/keyshape/recovery/dir", test_dir);
  g_test_add_func ("/keyshape/recovery/save-list-restore", test_save_list_restore);
  g_test_add_func ("/keyshape/recovery/unmodified", test_unmodified);
  g_test_add_func ("/keyshape/recovery/original-newer", test_original_newer);
  g_test_add_func ("/keyshape/recovery/untitled-and-order", test_untitled_and_order);
  g_test_add_func ("/keyshape/recovery/discard", test_discard);
  g_test_add_func ("/keyshape/recovery/damaged", test_damaged);
  g_test_add_func ("/keyshape/recovery/other-process", test_other_process);
  return g_test_run ();
}
