/* custcare-backup.c — verified backups of the shop's database, on demand and on a schedule, and
 * restoring one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The copy itself is custcare_store_backup_to_full() (online backup API, verified, renamed into
 * place). This file names the copies, keeps the last N of them, decides when one is due, and puts
 * a backup back.
 *
 * The schedule, folder and "keep" live in the shop's settings table rather than in GSettings:
 * they belong to the shop's file (a second shop opened with --database has its own), and the
 * outcome of the last backup is a fact about that file. The folder is a path on this machine, so
 * a database carried to another PC keeps a folder that may not exist there; the first automatic
 * backup then fails with a message that says to choose another folder.
 *
 * Restoring never happens under a connection that is open: custcare_backup_restore() takes the
 * database out of WAL mode, which SQLite only allows to the one connection left, then holds an
 * exclusive lock while it swaps the files. Another process with the file open makes it refuse.
 */
#define G_LOG_DOMAIN "custcare-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "custcare-backup.h"
#include "custcare-store-private.h"

#define KEY_SCHEDULE        "backup.schedule"
#define KEY_FOLDER          "backup.folder"
#define KEY_KEEP            "backup.keep"
#define KEY_LAST_AT         "backup.last-at"
#define KEY_LAST_PATH       "backup.last-path"
#define KEY_LAST_ATTEMPT_AT "backup.last-attempt-at"
#define KEY_LAST_ERROR      "backup.last-error"

/* A failed automatic backup (the USB disk is not plugged in) is tried again after this long, not
 * on every tick. */
#define RETRY_AFTER_FAILURE (60 * 60)
/* A shop opened every morning at about the same time gets its daily backup every morning. */
#define DAILY_INTERVAL  (20 * 60 * 60)
#define WEEKLY_INTERVAL (7 * 24 * 60 * 60 - 4 * 60 * 60)

static const char *schedule_names[] = { "off", "daily", "weekly" };

/**
 * custcare_backup_settings_load:
 *
 * Returns: (transfer full): the shop's backup settings, with defaults for what is not set
 */
CustcareBackupSettings *
custcare_backup_settings_load (CustcareStore *store)
{
  CustcareBackupSettings *settings = g_new0 (CustcareBackupSettings, 1);
  g_autofree char *schedule = NULL;
  gint64 keep;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), settings);

  schedule = custcare_store_get_setting (store, KEY_SCHEDULE);
  for (guint i = 0; i < G_N_ELEMENTS (schedule_names); i++)
    if (g_strcmp0 (schedule, schedule_names[i]) == 0)
      settings->schedule = i;

  settings->folder = custcare_store_get_setting (store, KEY_FOLDER);
  if (settings->folder != NULL && settings->folder[0] == '\0')
    g_clear_pointer (&settings->folder, g_free);
  keep = custcare_store_get_setting_int (store, KEY_KEEP, CUSTCARE_BACKUP_DEFAULT_KEEP);
  settings->keep = (guint) CLAMP (keep, 1, 1000);
  settings->last_at = custcare_store_get_setting_int (store, KEY_LAST_AT, 0);
  settings->last_path = custcare_store_get_setting (store, KEY_LAST_PATH);
  settings->last_attempt_at = custcare_store_get_setting_int (store, KEY_LAST_ATTEMPT_AT, 0);
  settings->last_error = custcare_store_get_setting (store, KEY_LAST_ERROR);

  return settings;
}

/**
 * custcare_backup_settings_save:
 *
 * Saves the schedule, folder and number to keep (not the outcome of the last backup, which only
 * a backup writes), in one transaction.
 */
gboolean
custcare_backup_settings_save (CustcareStore                 *store,
                               const CustcareBackupSettings  *settings,
                               GError                       **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (settings->schedule < G_N_ELEMENTS (schedule_names), FALSE);

  if (!custcare_store_begin (store, error))
    return FALSE;
  if (!custcare_store_set_setting (store, KEY_SCHEDULE, schedule_names[settings->schedule], error) ||
      !custcare_store_set_setting (store, KEY_FOLDER, settings->folder, error) ||
      !custcare_store_set_setting_int (store, KEY_KEEP, MAX (settings->keep, 1), error))
    {
      custcare_store_rollback (store);
      return FALSE;
    }
  return custcare_store_commit (store, error);
}

void
custcare_backup_settings_free (CustcareBackupSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->folder);
  g_free (settings->last_path);
  g_free (settings->last_error);
  g_free (settings);
}

/**
 * custcare_backup_is_due:
 * @now: UTC Unix seconds
 *
 * Returns: whether the schedule calls for an automatic backup at @now
 */
gboolean
custcare_backup_is_due (const CustcareBackupSettings *settings,
                        gint64                        now)
{
  gint64 interval;

  g_return_val_if_fail (settings != NULL, FALSE);

  if (settings->folder == NULL)
    return FALSE;
  switch (settings->schedule)
    {
    case CUSTCARE_BACKUP_SCHEDULE_DAILY:
      interval = DAILY_INTERVAL;
      break;
    case CUSTCARE_BACKUP_SCHEDULE_WEEKLY:
      interval = WEEKLY_INTERVAL;
      break;
    case CUSTCARE_BACKUP_SCHEDULE_OFF:
    default:
      return FALSE;
    }

  /* The last attempt failed recently: wait a while rather than fail on every tick. */
  if (settings->last_attempt_at > settings->last_at && now >= settings->last_attempt_at &&
      now - settings->last_attempt_at < RETRY_AFTER_FAILURE)
    return FALSE;
  /* A last backup in the future means the clock was wrong then or is now: one backup too many
   * is better than none for weeks. */
  if (settings->last_at > now)
    return TRUE;
  return now - settings->last_at >= interval;
}

/**
 * custcare_backup_file_name:
 * @local_time: when the backup is made, in local time
 * @serial: 0, or a number that makes the name unique when two backups fall in one second
 *
 * Returns: (transfer full): `custcare-YYYY-MM-DD-HHMMSS.db` (or `…-HHMMSS-N.db`)
 */
char *
custcare_backup_file_name (GDateTime *local_time,
                           guint      serial)
{
  g_autofree char *stamp = g_date_time_format (local_time, "%Y-%m-%d-%H%M%S");

  if (serial == 0)
    return g_strdup_printf ("custcare-%s.db", stamp);
  return g_strdup_printf ("custcare-%s-%u.db", stamp, serial);
}

/* Parses a name made by custcare_backup_file_name() into its sortable parts. */
static gboolean
parse_file_name (const char  *name,
                 char         stamp[18],
                 guint64     *serial)
{
  static const char layout[] = "NNNN-NN-NN-NNNNNN";
  const char *p;

  if (!g_str_has_prefix (name, "custcare-"))
    return FALSE;
  p = name + strlen ("custcare-");
  for (guint i = 0; i < sizeof layout - 1; i++, p++)
    if (layout[i] == 'N' ? !g_ascii_isdigit (*p) : *p != layout[i])
      return FALSE;
  memcpy (stamp, name + strlen ("custcare-"), 17);
  stamp[17] = '\0';

  *serial = 0;
  if (*p == '-')
    {
      const char *digits = ++p;

      while (g_ascii_isdigit (*p))
        p++;
      if (p == digits || p - digits > 6)
        return FALSE;
      *serial = g_ascii_strtoull (digits, NULL, 10);
    }
  return strcmp (p, ".db") == 0;
}

/**
 * custcare_backup_is_own_file_name:
 *
 * Returns: whether @name (a base name) is one CustCare gives its backups; only such files are
 *   ever pruned
 */
gboolean
custcare_backup_is_own_file_name (const char *name)
{
  char stamp[18];
  guint64 serial;

  return name != NULL && parse_file_name (name, stamp, &serial);
}

static int
compare_backup_names (gconstpointer a,
                      gconstpointer b)
{
  g_autofree char *name_a = g_path_get_basename (*(const char * const *) a);
  g_autofree char *name_b = g_path_get_basename (*(const char * const *) b);
  char stamp_a[18], stamp_b[18];
  guint64 serial_a, serial_b;
  int cmp;

  parse_file_name (name_a, stamp_a, &serial_a);
  parse_file_name (name_b, stamp_b, &serial_b);
  if ((cmp = strcmp (stamp_a, stamp_b)) != 0)
    return cmp;
  return serial_a < serial_b ? -1 : serial_a > serial_b;
}

/**
 * custcare_backup_list:
 *
 * Returns: (transfer full) (element-type utf8): the paths of CustCare's backups in @folder,
 *   oldest first; other files are not listed
 */
GPtrArray *
custcare_backup_list (const char  *folder,
                      GError     **error)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *name;

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_FOUND,
                   _("The backup folder “%s” cannot be read: %s"), folder, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!custcare_backup_is_own_file_name (name))
        continue;
      path = g_build_filename (folder, name, NULL);
      /* A folder or a link that happens to have the name is not ours to delete. */
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
  g_ptr_array_sort (paths, compare_backup_names);
  return g_steal_pointer (&paths);
}

/**
 * custcare_backup_prune:
 * @keep: how many of the newest backups to keep (at least 1)
 *
 * Deletes CustCare's oldest backups in @folder until @keep remain. Files whose names CustCare
 * does not give its backups are never touched.
 */
gboolean
custcare_backup_prune (const char  *folder,
                       guint        keep,
                       guint       *out_removed,
                       GError     **error)
{
  g_autoptr (GPtrArray) paths = custcare_backup_list (folder, error);
  guint removed = 0;

  if (out_removed != NULL)
    *out_removed = 0;
  if (paths == NULL)
    return FALSE;

  keep = MAX (keep, 1);
  for (guint i = 0; i + keep < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);

      if (g_unlink (path) != 0)
        {
          g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                       _("The old backup “%s” could not be deleted: %s"), path, g_strerror (errno));
          return FALSE;
        }
      removed++;
    }
  if (out_removed != NULL)
    *out_removed = removed;
  return TRUE;
}

/* The outcome goes into the shop's settings so the Backups page can show it; a failure to note
 * it must not turn a good backup into a failed one. */
static void
record_outcome (CustcareStore *store,
                const char    *path,
                const GError  *failure)
{
  g_autoptr (GError) error = NULL;
  gint64 now = _custcare_store_now (store);

  if (!custcare_store_begin (store, &error))
    goto out;
  if (!custcare_store_set_setting_int (store, KEY_LAST_ATTEMPT_AT, now, &error) ||
      !custcare_store_set_setting (store, KEY_LAST_ERROR, failure != NULL ? failure->message : NULL, &error) ||
      (path != NULL &&
       (!custcare_store_set_setting_int (store, KEY_LAST_AT, now, &error) ||
        !custcare_store_set_setting (store, KEY_LAST_PATH, path, &error))))
    {
      custcare_store_rollback (store);
      goto out;
    }
  custcare_store_commit (store, &error);
out:
  if (error != NULL)
    g_message ("Could not note the outcome of the backup: %s", error->message);
}

/**
 * custcare_backup_write:
 * @folder: an existing folder
 *
 * Writes a verified backup of @store into @folder as `custcare-YYYY-MM-DD-HHMMSS.db` (local
 * time, mode 0600) and notes the outcome in the shop's settings. Slow on a large shop: call it
 * on a worker connection, or use custcare_backup_write_async().
 *
 * Returns: (transfer full): the path of the backup, or %NULL with @error set (and no file left)
 */
char *
custcare_backup_write (CustcareStore          *store,
                       const char             *folder,
                       CustcareStoreProgress   progress,
                       gpointer                progress_data,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (folder != NULL, NULL);

  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (&local_error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_FOUND,
                   _("The backup folder “%s” does not exist. Connect the disk it is on, or choose "
                     "another folder."), folder);
      goto failed;
    }

  now = g_date_time_new_from_unix_local (_custcare_store_now (store));
  for (guint serial = 0; path == NULL || g_file_test (path, G_FILE_TEST_EXISTS); serial++)
    {
      g_autofree char *name = custcare_backup_file_name (now, serial);

      g_free (path);
      path = g_build_filename (folder, name, NULL);
    }

  if (!custcare_store_backup_to_full (store, path, progress, progress_data, cancellable, &local_error))
    goto failed;

  record_outcome (store, path, NULL);
  return g_steal_pointer (&path);

failed:
  if (!g_error_matches (local_error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED))
    record_outcome (store, NULL, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

typedef struct
{
  char                  *folder;
  CustcareStoreProgress  progress;
  gpointer               progress_data;
  GDestroyNotify         progress_data_free;
  int                    last_permille;
} WriteData;

static void
write_data_free (WriteData *data)
{
  if (data->progress_data_free != NULL)
    data->progress_data_free (data->progress_data);
  g_free (data->folder);
  g_free (data);
}

typedef struct
{
  GTask  *task;
  gint64  done;
  gint64  total;
} ProgressReport;

static gboolean
deliver_progress (gpointer user_data)
{
  ProgressReport *report = user_data;
  WriteData *data = g_task_get_task_data (report->task);

  if (!g_task_get_completed (report->task))
    data->progress (report->done, report->total, data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (ProgressReport *report)
{
  g_object_unref (report->task);
  g_free (report);
}

/* Runs on the worker thread: hands the progress to the caller's main context, at most once
 * per tenth of a percent. */
static void
thread_progress (gint64   done,
                 gint64   total,
                 gpointer user_data)
{
  GTask *task = user_data;
  WriteData *data = g_task_get_task_data (task);
  int permille = total > 0 ? (int) (done * 1000 / total) : 1000;
  ProgressReport *report;

  if (data->progress == NULL || permille == data->last_permille)
    return;
  data->last_permille = permille;
  report = g_new0 (ProgressReport, 1);
  report->task = g_object_ref (task);
  report->done = done;
  report->total = total;
  _custcare_main_context_post (g_task_get_context (task), deliver_progress, report,
                               (GDestroyNotify) progress_report_free);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  g_autoptr (CustcareStore) worker = NULL;
  g_autoptr (GError) error = NULL;
  char *path;

  worker = custcare_store_open_worker (CUSTCARE_STORE (source_object), &error);
  if (worker == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  path = custcare_backup_write (worker, data->folder, thread_progress, task, cancellable, &error);
  if (path == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, path, g_free);
}

/**
 * custcare_backup_write_async:
 * @progress: (nullable): called on the caller's main context as the copy goes on
 *
 * custcare_backup_write() in a thread, on its own connection to @store's file.
 */
void
custcare_backup_write_async (CustcareStore          *store,
                             const char             *folder,
                             CustcareStoreProgress   progress,
                             gpointer                progress_data,
                             GDestroyNotify          progress_data_free,
                             GCancellable           *cancellable,
                             GAsyncReadyCallback     callback,
                             gpointer                user_data)
{
  g_autoptr (GTask) task = NULL;
  WriteData *data;

  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (folder != NULL);

  data = g_new0 (WriteData, 1);
  data->folder = g_strdup (folder);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_data_free = progress_data_free;
  data->last_permille = -1;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_backup_write_async);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

/**
 * custcare_backup_write_finish:
 *
 * Returns: (transfer full): the path of the verified backup, or %NULL with @error set
 */
char *
custcare_backup_write_finish (CustcareStore  *store,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * custcare_backup_run_scheduled:
 *
 * Makes the automatic backup if one is due (by the store's clock), then deletes CustCare's
 * oldest backups in the folder beyond the number to keep.
 *
 * Returns: (transfer full) (nullable): the new backup's path; %NULL without an error when none
 *   was due
 */
char *
custcare_backup_run_scheduled (CustcareStore  *store,
                               GCancellable   *cancellable,
                               GError        **error)
{
  g_autoptr (CustcareBackupSettings) settings = NULL;
  g_autoptr (GError) prune_error = NULL;
  g_autofree char *path = NULL;
  guint removed = 0;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  settings = custcare_backup_settings_load (store);
  if (!custcare_backup_is_due (settings, _custcare_store_now (store)))
    return NULL;

  path = custcare_backup_write (store, settings->folder, NULL, NULL, cancellable, error);
  if (path == NULL)
    return NULL;

  /* Only after a verified backup: a failing disk must not eat the good old copies. */
  if (!custcare_backup_prune (settings->folder, settings->keep, &removed, &prune_error))
    g_message ("%s", prune_error->message);
  else if (removed > 0)
    g_debug ("Deleted %u old backups from %s", removed, settings->folder);

  return g_steal_pointer (&path);
}

static void
scheduled_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_autoptr (CustcareStore) worker = NULL;
  g_autoptr (GError) error = NULL;
  char *path;

  worker = custcare_store_open_worker (CUSTCARE_STORE (source_object), &error);
  if (worker == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  path = custcare_backup_run_scheduled (worker, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, path, g_free);
}

/**
 * custcare_backup_run_scheduled_async:
 *
 * custcare_backup_run_scheduled() in a thread, on its own connection. When no backup is due it
 * returns at once, without a thread.
 */
void
custcare_backup_run_scheduled_async (CustcareStore       *store,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (CustcareBackupSettings) settings = NULL;

  g_return_if_fail (CUSTCARE_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_backup_run_scheduled_async);

  settings = custcare_backup_settings_load (store);
  if (!custcare_backup_is_due (settings, _custcare_store_now (store)))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_task_run_in_thread (task, scheduled_thread);
}

char *
custcare_backup_run_scheduled_finish (CustcareStore  *store,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Restore ---------------------------------------------------------------------------- */

/* The tables every CustCare database has, whatever its version. */
static const char required_tables_sql[] =
  "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
  "AND name IN ('customers', 'interactions', 'orders', 'loyalty_ledger', 'settings')";
#define N_REQUIRED_TABLES 5

/**
 * custcare_backup_check:
 *
 * Whether @backup_path can be restored: a CustCare database (by header, schema version and
 * tables) no newer than this version of the app, that passes `PRAGMA integrity_check` and the
 * foreign key check. The file is not changed.
 */
gboolean
custcare_backup_check (const char  *backup_path,
                       GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  int found = -1;

  if (!custcare_store_check_file (backup_path, error))
    return FALSE;

  if (sqlite3_open_v2 (backup_path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, required_tables_sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    found = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);

  if (found != N_REQUIRED_TABLES)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a CustCare database. It was left untouched."), backup_path);
      return FALSE;
    }
  return TRUE;
}

/* Copies a database file with the backup API (so a -wal beside the source is included) into a
 * new private file, in rollback-journal mode, flushed to disk. */
static gboolean
copy_database (const char  *source_path,
               const char  *dest_path,
               GError     **error)
{
  sqlite3 *source = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int saved_errno = 0;
  int fd;
  int rc;

  g_unlink (dest_path);
  fd = g_open (dest_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("CustCare cannot write to “%s”: %s"), dest_path, g_strerror (errno));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (source_path, &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", source, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          rc = rc == SQLITE_DONE ? sqlite3_errcode (dest) : rc;
        }
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK && dest != NULL)
    saved_errno = sqlite3_system_errno (dest);
  sqlite3_close_v2 (dest);
  sqlite3_close_v2 (source);

  if (rc == SQLITE_OK)
    {
      fd = g_open (dest_path, O_RDWR | O_CLOEXEC, 0);
      if (fd < 0 || fsync (fd) != 0)
        {
          saved_errno = errno;
          rc = SQLITE_IOERR_FSYNC;
        }
      if (fd >= 0)
        close (fd);
    }

  if (rc != SQLITE_OK)
    {
      g_unlink (dest_path);
      if ((rc & 0xff) == SQLITE_FULL || saved_errno == ENOSPC)
        g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_DISK_FULL,
                     _("The disk that holds “%s” is full. Free some space and try again; nothing was changed."),
                     dest_path);
      else
        g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                     _("CustCare cannot copy “%s” to “%s”: %s. Nothing was changed."), source_path, dest_path,
                     saved_errno != 0 ? g_strerror (saved_errno) : sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/* A plain copy for the one case where SQLite cannot read the file: it is locked by this process. */
static gboolean
copy_bytes (const char *source_path,
            const char *dest_path)
{
  char buffer[65536];
  gboolean ok = TRUE;
  ssize_t n;
  int in, out;

  if ((in = g_open (source_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0)) < 0)
    return FALSE;
  if ((out = g_open (dest_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
    {
      close (in);
      return FALSE;
    }
  while (ok && (n = read (in, buffer, sizeof buffer)) != 0)
    {
      if (n < 0)
        ok = errno == EINTR;
      else
        for (ssize_t written = 0, w; ok && written < n; written += w)
          if ((w = write (out, buffer + written, n - written)) < 0)
            {
              ok = errno == EINTR;
              w = 0;
            }
    }
  ok = ok && fsync (out) == 0;
  close (in);
  if (close (out) != 0)
    ok = FALSE;
  if (!ok)
    g_unlink (dest_path);
  return ok;
}

static char *
make_replaced_path (const char *database_path)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");

  for (guint i = 0;; i++)
    {
      g_autofree char *candidate = i == 0
        ? g_strdup_printf ("%s.before-restore-%s", database_path, stamp)
        : g_strdup_printf ("%s.before-restore-%s-%u", database_path, stamp, i);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
}

static void
sync_folder (const char *folder)
{
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

static gboolean
set_in_use_error (const char  *database_path,
                  GError     **error)
{
  g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_BUSY,
               _("“%s” is open in CustCare or another program. Close CustCare, then restore again. "
                 "Nothing was changed."), database_path);
  return FALSE;
}

/* Takes sole hold of the live database: out of WAL mode (SQLite allows that only to the last
 * connection, and folds the WAL into the file on the way), then an exclusive lock that keeps
 * anyone from opening it until the swap is done. A damaged file cannot be switched; it is
 * replaced all the same, since that is what restoring is for. */
static gboolean
lock_live_database (const char  *database_path,
                    sqlite3    **out_db,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  g_autofree char *mode = NULL;
  int rc;

  *out_db = NULL;
  rc = sqlite3_open_v2 (database_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_close_v2 (db);
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("CustCare cannot write to “%s”. Check that the file and its folder can be changed by you."),
                   database_path);
      return FALSE;
    }
  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, 1000);

  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = DELETE", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);

  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ||
      (rc == SQLITE_OK && g_ascii_strcasecmp (mode, "delete") != 0))
    {
      sqlite3_close_v2 (db);
      return set_in_use_error (database_path, error);
    }
  if (rc != SQLITE_OK)
    {
      g_message ("Replacing %s, which SQLite cannot read: %s", database_path, sqlite3_errstr (rc));
      *out_db = db;
      return TRUE;
    }

  rc = sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_close_v2 (db);
      return set_in_use_error (database_path, error);
    }

  *out_db = db;
  return TRUE;
}

/**
 * custcare_backup_restore:
 * @backup_path: a backup (any CustCare database file)
 * @database_path: the shop's database, which is replaced
 * @out_replaced_path: (out) (optional) (transfer full): where the replaced database was kept,
 *   or %NULL when there was none
 *
 * Replaces @database_path with a copy of @backup_path, but only once the backup passes
 * custcare_backup_check(). The replaced file is kept beside it as
 * `custcare.db.before-restore-YYYY-MM-DD-HHMMSS` (mode 0600), with its WAL folded in; no `-wal`
 * or `-shm` of the old file is left for the restored one to pick up. Refuses while any other
 * connection (this process's or another's) has @database_path open: close the store first.
 */
gboolean
custcare_backup_restore (const char  *backup_path,
                         const char  *database_path,
                         char       **out_replaced_path,
                         GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *staged = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autofree char *source = NULL;
  sqlite3 *live = NULL;
  GStatBuf st;

  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (database_path != NULL, FALSE);

  if (out_replaced_path != NULL)
    *out_replaced_path = NULL;

  source = g_canonicalize_filename (backup_path, NULL);
  target = g_canonicalize_filename (database_path, NULL);
  if (g_strcmp0 (source, target) == 0)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_INVALID,
                   _("“%s” is the database itself, not a backup of it. Choose a backup file."), source);
      return FALSE;
    }

  if (!custcare_backup_check (source, error))
    return FALSE;

  folder = g_path_get_dirname (target);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("CustCare cannot create the folder “%s”: %s"), folder, g_strerror (errno));
      return FALSE;
    }

  /* The copy that will become the database is made and checked first, beside it, so the swap
   * itself is one rename. */
  staged = g_strconcat (target, ".restoring", NULL);
  if (!copy_database (source, staged, error))
    return FALSE;
  if (!custcare_backup_check (staged, error))
    {
      g_unlink (staged);
      return FALSE;
    }

  wal = g_strconcat (target, "-wal", NULL);
  shm = g_strconcat (target, "-shm", NULL);

  if (g_lstat (target, &st) == 0 && st.st_size > 0)
    {
      if (!S_ISREG (st.st_mode))
        {
          g_unlink (staged);
          g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE,
                       _("“%s” is not a file. Nothing was changed."), target);
          return FALSE;
        }
      if (!lock_live_database (target, &live, error))
        {
          g_unlink (staged);
          return FALSE;
        }

      /* A second name for the old file: it stays whole under that name after the rename. */
      replaced = make_replaced_path (target);
      if (link (target, replaced) != 0 && !copy_bytes (target, replaced))
        {
          int saved = errno;

          sqlite3_close_v2 (live);
          g_unlink (staged);
          g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                       _("CustCare cannot keep the current database aside as “%s”: %s. Nothing was changed."),
                       replaced, g_strerror (saved));
          return FALSE;
        }
      g_chmod (replaced, 0600);

      /* Normally gone with WAL mode; a damaged file may still have one, which must never be
       * replayed onto the restored database. It is kept with the replaced file. */
      if (g_file_test (wal, G_FILE_TEST_EXISTS))
        {
          g_autofree char *replaced_wal = g_strconcat (replaced, "-wal", NULL);

          if (g_rename (wal, replaced_wal) != 0)
            g_unlink (wal);
        }
      g_unlink (shm);
    }

  if (g_rename (staged, target) != 0)
    {
      int saved = errno;

      sqlite3_close_v2 (live);
      g_unlink (staged);
      if (replaced != NULL)
        g_unlink (replaced);
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("CustCare cannot replace “%s”: %s. Nothing was changed."), target, g_strerror (saved));
      return FALSE;
    }
  sync_folder (folder);

  /* The lock was on the old file, which is now only the one kept aside. */
  if (live != NULL)
    {
      sqlite3_exec (live, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close_v2 (live);
    }
  g_unlink (wal);
  g_unlink (shm);

  if (out_replaced_path != NULL)
    *out_replaced_path = g_steal_pointer (&replaced);
  return TRUE;
}

/**
 * custcare_backup_pending_restore_path:
 *
 * Returns: (transfer full): where custcare_backup_stage_restore() puts a backup to restore the
 *   next time the database is opened
 */
char *
custcare_backup_pending_restore_path (const char *database_path)
{
  g_autofree char *target = g_canonicalize_filename (database_path, NULL);

  return g_strconcat (target, ".restore-pending", NULL);
}

/**
 * custcare_backup_stage_restore:
 *
 * For the window, whose many connections cannot all be closed while it runs: checks the backup,
 * then keeps a checked copy beside the database, which
 * custcare_backup_apply_pending_restore() puts in place before the database is next opened.
 */
gboolean
custcare_backup_stage_restore (const char  *backup_path,
                               const char  *database_path,
                               GError     **error)
{
  g_autofree char *pending = custcare_backup_pending_restore_path (database_path);
  g_autofree char *folder = g_path_get_dirname (pending);

  if (!custcare_backup_check (backup_path, error))
    return FALSE;
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("CustCare cannot create the folder “%s”: %s"), folder, g_strerror (errno));
      return FALSE;
    }
  if (!copy_database (backup_path, pending, error))
    return FALSE;
  if (!custcare_backup_check (pending, error))
    {
      g_unlink (pending);
      return FALSE;
    }
  sync_folder (folder);
  return TRUE;
}

/**
 * custcare_backup_apply_pending_restore:
 * @out_replaced_path: (out) (optional) (transfer full): where the replaced database was kept
 *
 * Restores the backup staged by custcare_backup_stage_restore(), if there is one. Call it before
 * the database is opened. A staged file that fails is removed (the backup it came from is
 * untouched), unless the database was only busy.
 *
 * Returns: %FALSE with @error set if a staged restore failed; %TRUE otherwise, restored or not
 */
gboolean
custcare_backup_apply_pending_restore (const char  *database_path,
                                       char       **out_replaced_path,
                                       GError     **error)
{
  g_autofree char *pending = custcare_backup_pending_restore_path (database_path);
  g_autoptr (GError) local_error = NULL;

  if (out_replaced_path != NULL)
    *out_replaced_path = NULL;
  if (!g_file_test (pending, G_FILE_TEST_EXISTS))
    return TRUE;

  if (!custcare_backup_restore (pending, database_path, out_replaced_path, &local_error))
    {
      if (!g_error_matches (local_error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_BUSY))
        g_unlink (pending);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_unlink (pending);
  return TRUE;
}
