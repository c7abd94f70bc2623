/* ks-recovery.h: autosaves of unsaved edits, restored after a crash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ks-document.h"

G_BEGIN_DECLS

/*
 * While a document has unsaved edits, the window calls ks_recovery_save()
 * every few seconds. Each document has its own entry in
 * $XDG_STATE_HOME/keyshape/recovery/: ID.keyshape.json (the design in the
 * native format) and ID.recovery.json (a sidecar naming the original file,
 * the design, the time and the process). Both are replaced atomically.
 * Saving the document, or closing it without saving, ends with
 * ks_recovery_remove(). What is left at the next start was not saved
 * before a crash: ks_recovery_list() finds it, ks_recovery_entry_restore()
 * opens it, ks_recovery_discard() drops it.
 */

#define KS_TYPE_RECOVERY_ENTRY (ks_recovery_entry_get_type ())

typedef struct _KsRecoveryEntry KsRecoveryEntry;

GType             ks_recovery_entry_get_type     (void) G_GNUC_CONST;
KsRecoveryEntry  *ks_recovery_entry_ref          (KsRecoveryEntry  *entry);
void              ks_recovery_entry_unref        (KsRecoveryEntry  *entry);
/* The file the edits were made to, or NULL for a design never saved. */
GFile            *ks_recovery_entry_get_original (KsRecoveryEntry  *entry);
/* The design's name, for the restore dialog. */
const char       *ks_recovery_entry_get_name     (KsRecoveryEntry  *entry);
/* When the autosave was written (UTC). */
GDateTime        *ks_recovery_entry_get_saved_at (KsRecoveryEntry  *entry);
/* The autosaved design. */
GFile            *ks_recovery_entry_get_file     (KsRecoveryEntry  *entry);
/* A document holding the autosaved design, its file set to the original
 * and marked unsaved; later autosaves of it replace this entry. */
KsDocument       *ks_recovery_entry_restore      (KsRecoveryEntry  *entry,
                                                  GError          **error);

/* $XDG_STATE_HOME/keyshape/recovery */
char             *ks_recovery_get_dir            (void);

/* Writes @doc's design to its entry, or removes the entry when @doc has no
 * unsaved edits. */
gboolean          ks_recovery_save               (KsDocument       *doc,
                                                  GError          **error);
/*
 * ks_recovery_save() in steps, so that the writing runs on another thread
 * while the document is edited on: ks_recovery_prepare(), on the
 * document's thread, takes what the entry needs (a snapshot of the design,
 * see ks_native_snapshot_new(), the paths and the sidecar), or when @doc
 * has no unsaved edits removes the entry and sets @write to NULL;
 * ks_recovery_write_run() writes it, on any one thread;
 * ks_recovery_write_free() runs on the document's thread once that is
 * done. Writes of one document must not overlap: the later one could
 * finish first.
 */
typedef struct _KsRecoveryWrite KsRecoveryWrite;

gboolean          ks_recovery_prepare            (KsDocument       *doc,
                                                  KsRecoveryWrite **write,
                                                  GError          **error);
gboolean          ks_recovery_write_run          (KsRecoveryWrite  *write,
                                                  GError          **error);
void              ks_recovery_write_free         (KsRecoveryWrite  *write);

/* Removes @doc's entry (after saving it, or closing it without saving). */
gboolean          ks_recovery_remove             (KsDocument       *doc,
                                                  GError          **error);
/* The entries worth offering, newest first (KsRecoveryEntry): those whose
 * original file is missing or older than the autosave. Entries that another
 * running Keyshape is still writing are left out; entries older than their
 * original file (saved later, or changed by someone else) and unreadable
 * ones are too. */
GPtrArray        *ks_recovery_list               (void);
/* Deletes the entry's files. */
gboolean          ks_recovery_discard            (KsRecoveryEntry  *entry,
                                                  GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KsRecoveryEntry, ks_recovery_entry_unref)

G_END_DECLS
