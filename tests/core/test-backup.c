/* test-backup.c — verified backups, keeping the last N, the schedule, and restoring, on real
 * files in temporary folders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "custcare-backup.h"
#include "custcare-demo.h"
#include "custcare-store-private.h"

typedef struct
{
  char *dir;
  char *path;
  char *folder;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("custcare-backup-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  f->folder = g_build_filename (f->dir, "backups", NULL);
  g_assert_cmpint (g_mkdir (f->folder, 0700), ==, 0);
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  g_chmod (dir, 0700);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->folder);
}

/* The warnings the store logs about a damaged file are expected where files are damaged on
 * purpose; anything else stays fatal. */
static gboolean
allow_damage_warnings (const char     *log_domain,
                       GLogLevelFlags  log_level,
                       const char     *message,
                       gpointer        user_data)
{
  return !(g_strcmp0 (log_domain, "custcare-store") == 0 && (log_level & G_LOG_LEVEL_WARNING) &&
           (strstr (message, "integrity_check") != NULL || strstr (message, "refers to a missing") != NULL));
}

static void
exec_ok (CustcareStore *store,
         const char    *sql)
{
  g_autoptr (GError) error = NULL;

  _custcare_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every row of every table, with the type of every value, in a stable order: two databases with
 * equal dumps hold the same data. */
static char *
dump_database (const char *path)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name, sql FROM sqlite_schema WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_string_append_printf (out, "schema %s\n", sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tables->len, >, 10);

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", (char *) tables->pdata[t]);
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      int columns;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      columns = sqlite3_column_count (stmt);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GString *row = g_string_new (NULL);

          for (int c = 0; c < columns; c++)
            g_string_append_printf (row, "%d:%s|", sqlite3_column_type (stmt, c),
                                    sqlite3_column_type (stmt, c) == SQLITE_NULL ? ""
                                      : (const char *) sqlite3_column_text (stmt, c));
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      sqlite3_finalize (stmt);
      g_ptr_array_sort (rows, compare_rows);
      g_string_append_printf (out, "table %s: %u rows\n", (char *) tables->pdata[t], rows->len);
      for (guint r = 0; r < rows->len; r++)
        g_string_append_printf (out, "%s\n", (char *) rows->pdata[r]);
    }
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Names the first line that differs rather than printing two whole databases. */
static void
assert_same_dump (const char *expected,
                  const char *actual)
{
  g_auto (GStrv) a = g_strsplit (expected, "\n", -1);
  g_auto (GStrv) b = g_strsplit (actual, "\n", -1);

  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
      g_error ("The databases differ at dump line %u: expected “%.200s”, found “%.200s”", i,
               a[i] ? a[i] : "(end)", b[i] ? b[i] : "(end)");
}

static guint
count_files (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static int
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static CustcareStore *
open_demo_shop (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = custcare_store_open (path, &error);
  gboolean created = FALSE;

  g_assert_no_error (error);
  custcare_demo_create (store, 7, &created, &error);
  g_assert_no_error (error);
  g_assert_true (created);
  return g_steal_pointer (&store);
}

static void
test_file_names (void)
{
  g_autoptr (GDateTime) when = g_date_time_new_local (2026, 3, 9, 7, 5, 2);
  g_autofree char *name = custcare_backup_file_name (when, 0);
  g_autofree char *second = custcare_backup_file_name (when, 2);

  g_assert_cmpstr (name, ==, "custcare-2026-03-09-070502.db");
  g_assert_cmpstr (second, ==, "custcare-2026-03-09-070502-2.db");
  g_assert_true (custcare_backup_is_own_file_name (name));
  g_assert_true (custcare_backup_is_own_file_name (second));
  g_assert_false (custcare_backup_is_own_file_name ("custcare-2026-03-09-070502.db.partial"));
  g_assert_false (custcare_backup_is_own_file_name ("custcare-2026-03-09.db"));
  g_assert_false (custcare_backup_is_own_file_name ("custcare.db"));
  g_assert_false (custcare_backup_is_own_file_name ("my-custcare-2026-03-09-070502.db"));
  g_assert_false (custcare_backup_is_own_file_name ("custcare-2026-03-09-0705x2.db"));
  g_assert_false (custcare_backup_is_own_file_name ("custcare-2026-03-09-070502-.db"));
}

/* A backup of a whole shop, restored, gives back every row of every table. */
static void
test_backup_restores_identical (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr (CustcareStore) store = open_demo_shop (f->path);
  g_autoptr (CustcareStore) reopened = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) listed = NULL;
  g_autoptr (CustcareBackupSettings) settings = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *name = NULL;
  g_autofree char *original = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *target = g_build_filename (f->dir, "restored", "shop.db", NULL);

  /* The dump first: the backup then notes itself in the live database's settings. */
  original = dump_database (f->path);
  backup = custcare_backup_write (store, f->folder, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  name = g_path_get_basename (backup);
  g_test_message ("backup %s", backup);
  g_assert_true (custcare_backup_is_own_file_name (name));
  g_assert_cmpint (file_mode (backup), ==, 0600);
  /* One self-contained file: no -wal, -shm or .partial beside it. */
  g_assert_cmpuint (count_files (f->folder), ==, 1);
  {
    g_autofree char *header = NULL;
    gsize len;

    /* Bytes 18 and 19 of the header: 1 is rollback-journal mode, 2 would be WAL. */
    g_file_get_contents (backup, &header, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpint (header[18], ==, 1);
    g_assert_cmpint (header[19], ==, 1);
  }
  listed = custcare_backup_list (f->folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (listed->pdata[0], ==, backup);

  /* The outcome is noted for the Backups page. */
  settings = custcare_backup_settings_load (store);
  g_assert_cmpstr (settings->last_path, ==, backup);
  g_assert_cmpint (settings->last_at, >, 0);
  g_assert_null (settings->last_error);

  g_assert_cmpint (query_int (backup, "SELECT count(*) FROM customers"), >, 10);
  g_clear_object (&store);
  copied = dump_database (backup);
  assert_same_dump (original, copied);

  /* Restoring into a place with no database yet. */
  custcare_backup_restore (backup, target, &replaced, &error);
  g_assert_no_error (error);
  g_assert_null (replaced);
  g_assert_cmpint (file_mode (target), ==, 0600);
  restored = dump_database (target);
  assert_same_dump (original, restored);
  reopened = custcare_store_open (target, &error);
  g_assert_no_error (error);
  custcare_store_verify (reopened, &error);
  g_assert_no_error (error);
}

typedef struct
{
  char          *path;
  volatile gint  stop;
  gint64         written;
} Writer;

/* Each transaction adds a customer and their interaction: a consistent snapshot has as many of
 * one as of the other. */
static gpointer
writer_thread (gpointer user_data)
{
  Writer *writer = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = custcare_store_open (writer->path, &error);

  g_assert_no_error (error);
  while (!g_atomic_int_get (&writer->stop))
    {
      g_assert_true (custcare_store_begin (store, &error));
      exec_ok (store, "INSERT INTO customers (given_name, sort_name, notes, created_at, updated_at) "
                      "VALUES ('Writer', 'writer', hex (randomblob (100)), 1, 1)");
      exec_ok (store, "INSERT INTO interactions (customer_id, occurred_at, subject, created_at, updated_at) "
                      "VALUES (last_insert_rowid (), 1, 'Called while backing up', 1, 1)");
      g_assert_true (custcare_store_commit (store, &error));
      writer->written++;
    }
  return NULL;
}

typedef struct
{
  gint64 calls;
  gint64 last_done;
  gint64 total;
} Progress;

static void
record_progress (gint64   done,
                 gint64   total,
                 gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpint (done, >=, progress->last_done);
  g_assert_cmpint (done, <=, total);
  progress->calls++;
  progress->last_done = done;
  progress->total = total;
}

static void
test_backup_while_writing (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = custcare_store_open (f->path, &error);
  g_autoptr (CustcareStore) worker = NULL;
  g_autofree char *backup = NULL;
  Writer writer = { .path = f->path };
  Progress progress = { 0 };
  GThread *thread;
  gint64 customers, interactions;

  g_assert_no_error (error);
  /* About 8 MiB: the copy takes many steps, so the writer gets in between them. */
  exec_ok (store, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                  "INSERT INTO customers (given_name, sort_name, notes, created_at, updated_at) "
                  "SELECT 'Given' || i, 'family' || i, hex (randomblob (200)), i, i FROM n;"
                  "INSERT INTO interactions (customer_id, occurred_at, created_at, updated_at) "
                  "SELECT id, 1, 1, 1 FROM customers");

  thread = g_thread_new ("writer", writer_thread, &writer);
  while (writer.written < 20)
    g_usleep (1000);
  worker = custcare_store_open_worker (store, &error);
  g_assert_no_error (error);
  backup = custcare_backup_write (worker, f->folder, record_progress, &progress, NULL, &error);
  g_assert_no_error (error);
  /* The writer kept going during the copy. */
  {
    gint64 before_stop = writer.written;

    g_usleep (50 * 1000);
    g_atomic_int_set (&writer.stop, 1);
    g_thread_join (thread);
    g_test_message ("%" G_GINT64_FORMAT " writes by the other connection, %" G_GINT64_FORMAT
                    " progress reports of %" G_GINT64_FORMAT " pages", before_stop, progress.calls, progress.total);
  }

  g_assert_cmpint (progress.calls, >, 4);
  g_assert_cmpint (progress.last_done, ==, progress.total);
  custcare_backup_check (backup, &error);
  g_assert_no_error (error);
  customers = query_int (backup, "SELECT count(*) FROM customers");
  interactions = query_int (backup, "SELECT count(*) FROM interactions");
  g_assert_cmpint (customers, ==, interactions);
  g_assert_cmpint (customers, >, 20000);
  g_assert_cmpint (customers, <=, 20000 + writer.written);
}

static void
damage_copy (const char *partial_path,
             gpointer    data)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;

  g_file_get_contents (partial_path, &contents, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 16 * 4096);
  for (gsize i = 4 * 4096; i < 16 * 4096; i += 7)
    contents[i] ^= 0x5a;
  g_file_set_contents (partial_path, contents, len, &error);
  g_assert_no_error (error);
}

static void
test_verification_failure (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (CustcareStore) store = open_demo_shop (f->path);
  g_autoptr (CustcareBackupSettings) settings = NULL;
  g_autoptr (GError) error = NULL;
  CustcareStoreBackupHooks hooks = { .copied = damage_copy };
  char *backup;

  g_test_log_set_fatal_handler (allow_damage_warnings, NULL);
  _custcare_store_set_backup_hooks (&hooks);
  backup = custcare_backup_write (store, f->folder, NULL, NULL, NULL, &error);
  _custcare_store_set_backup_hooks (NULL);

  g_assert_null (backup);
  g_assert_true (g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CORRUPT) ||
                 g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE));
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "did not pass its check and was deleted"));
  g_assert_nonnull (strstr (error->message, "was not changed"));
  g_assert_cmpuint (count_files (f->folder), ==, 0);

  settings = custcare_backup_settings_load (store);
  g_assert_cmpstr (settings->last_error, ==, error->message);
  g_assert_cmpint (settings->last_at, ==, 0);
  g_assert_cmpint (settings->last_attempt_at, >, 0);
}

static void
limit_copy_size (sqlite3  *dest,
                 gpointer  data)
{
  g_assert_cmpint (sqlite3_exec (dest, "PRAGMA max_page_count = 8", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A full disk (SQLite's page limit, as in /reliability/full-disk) and a folder that is gone. */
static void
test_full_or_missing_folder (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr (CustcareStore) store = open_demo_shop (f->path);
  g_autoptr (GError) error = NULL;
  g_autofree char *gone = g_build_filename (f->dir, "usb-stick", NULL);
  CustcareStoreBackupHooks hooks = { .dest_opened = limit_copy_size };
  char *backup;

  _custcare_store_set_backup_hooks (&hooks);
  backup = custcare_backup_write (store, f->folder, NULL, NULL, NULL, &error);
  _custcare_store_set_backup_hooks (NULL);
  g_assert_null (backup);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_DISK_FULL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "the disk is full"));
  g_assert_nonnull (strstr (error->message, "No partial file"));
  g_assert_cmpuint (count_files (f->folder), ==, 0);
  g_clear_error (&error);

  backup = custcare_backup_write (store, gone, NULL, NULL, NULL, &error);
  g_assert_null (backup);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, gone));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
}

/* Permissions mean nothing to root, and the suite runs as root in its build root: the read-only
 * folder is tried by a child that has given up root. */
static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = g_build_filename (g_getenv ("BACKUP_TEST_DIR"), "shop.db", NULL);
      g_autofree char *folder = g_build_filename (g_getenv ("BACKUP_TEST_DIR"), "backups", NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (CustcareStore) store = NULL;
      char *backup;

      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        exit (77);
      store = custcare_store_open (path, &error);
      g_assert_no_error (error);
      backup = custcare_backup_write (store, folder, NULL, NULL, NULL, &error);
      g_assert_null (backup);
      g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY);
      g_printerr ("%s\n", error->message);
      g_assert_nonnull (strstr (error->message, "was not written"));
      g_assert_nonnull (strstr (error->message, "Permission denied"));
      return;
    }

  g_object_unref (open_demo_shop (f->path));
  g_assert_cmpint (g_chmod (f->dir, 0777), ==, 0);
  g_assert_cmpint (g_chmod (f->path, 0666), ==, 0);
  g_assert_cmpint (g_chmod (f->folder, 0555), ==, 0);
  g_setenv ("BACKUP_TEST_DIR", f->dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*was not written*");
  g_assert_cmpuint (count_files (f->folder), ==, 0);
}

static gint64 fake_now;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

static void
touch (const char *path)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, "not a backup", -1, &error);
  g_assert_no_error (error);
}

/* Keep the last N: only CustCare's own backups, the oldest first; never anything else. */
static void
test_prune_keeps_last_n (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (CustcareStore) store = open_demo_shop (f->path);
  g_autoptr (GPtrArray) made = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) left = NULL;
  g_autoptr (GError) error = NULL;
  const char *others[] = { "custcare-notes.txt", "custcare-2026-01-01.db", "holiday-photo.jpg",
                           "custcare-2020-01-01-000000.db.partial", "custcare.db" };
  g_autofree char *folder_like = g_build_filename (f->folder, "custcare-2019-01-01-000000.db", NULL);
  guint removed = 0;

  _custcare_store_set_clock (store, fake_clock, NULL);
  for (guint i = 0; i < 5; i++)
    {
      /* Days apart, and two in the same second. */
      fake_now = 1767261600 + (i < 4 ? i : 3) * 86400;
      g_ptr_array_add (made, custcare_backup_write (store, f->folder, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (g_str_has_suffix (made->pdata[4], "-1.db"));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *path = g_build_filename (f->folder, others[i], NULL);
      touch (path);
    }
  g_assert_cmpint (g_mkdir (folder_like, 0700), ==, 0);

  custcare_backup_prune (f->folder, 2, &removed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 3);
  left = custcare_backup_list (f->folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 2);
  g_assert_cmpstr (left->pdata[0], ==, made->pdata[3]);
  g_assert_cmpstr (left->pdata[1], ==, made->pdata[4]);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *path = g_build_filename (f->folder, others[i], NULL);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_true (g_file_test (folder_like, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_files (f->folder), ==, 2 + G_N_ELEMENTS (others) + 1);
}

static void
test_schedule (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (CustcareStore) store = open_demo_shop (f->path);
  g_autoptr (CustcareBackupSettings) settings = NULL;
  g_autoptr (CustcareBackupSettings) loaded = NULL;
  g_autoptr (GPtrArray) left = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *gone = g_build_filename (f->dir, "gone", NULL);
  const gint64 day = 24 * 60 * 60, start = 1767261600;
  char *path;

  /* Nothing is due until a schedule and a folder are chosen. */
  settings = custcare_backup_settings_load (store);
  g_assert_cmpint (settings->schedule, ==, CUSTCARE_BACKUP_SCHEDULE_OFF);
  g_assert_null (settings->folder);
  g_assert_cmpuint (settings->keep, ==, CUSTCARE_BACKUP_DEFAULT_KEEP);
  g_assert_false (custcare_backup_is_due (settings, start));
  settings->schedule = CUSTCARE_BACKUP_SCHEDULE_DAILY;
  g_assert_false (custcare_backup_is_due (settings, start));
  settings->folder = g_strdup (f->folder);
  g_assert_true (custcare_backup_is_due (settings, start));

  /* Daily: due again the next morning, not an hour later. */
  settings->last_at = settings->last_attempt_at = start;
  g_assert_false (custcare_backup_is_due (settings, start + 3600));
  g_assert_false (custcare_backup_is_due (settings, start + 19 * 3600));
  g_assert_true (custcare_backup_is_due (settings, start + day - 30 * 60));
  g_assert_true (custcare_backup_is_due (settings, start + 3 * day));
  /* Weekly. */
  settings->schedule = CUSTCARE_BACKUP_SCHEDULE_WEEKLY;
  g_assert_false (custcare_backup_is_due (settings, start + 6 * day));
  g_assert_true (custcare_backup_is_due (settings, start + 7 * day));
  /* A failed attempt is retried after an hour, not on every tick. */
  settings->last_attempt_at = start + 8 * day;
  g_assert_false (custcare_backup_is_due (settings, start + 8 * day + 600));
  g_assert_true (custcare_backup_is_due (settings, start + 8 * day + 3600));
  /* A clock that went back. */
  settings->last_attempt_at = settings->last_at;
  g_assert_true (custcare_backup_is_due (settings, start - day));
  /* Off is off. */
  settings->schedule = CUSTCARE_BACKUP_SCHEDULE_OFF;
  g_assert_false (custcare_backup_is_due (settings, start + 30 * day));

  /* Saved in the shop's settings and read back. */
  settings->schedule = CUSTCARE_BACKUP_SCHEDULE_DAILY;
  settings->keep = 2;
  custcare_backup_settings_save (store, settings, &error);
  g_assert_no_error (error);
  loaded = custcare_backup_settings_load (store);
  g_assert_cmpint (loaded->schedule, ==, CUSTCARE_BACKUP_SCHEDULE_DAILY);
  g_assert_cmpstr (loaded->folder, ==, f->folder);
  g_assert_cmpuint (loaded->keep, ==, 2);

  /* The scheduled run, by the store's clock: a backup on the first day, none later that day,
   * one each following day, and only the last two kept. */
  _custcare_store_set_clock (store, fake_clock, NULL);
  for (gint64 d = 0; d < 4; d++)
    {
      fake_now = start + d * day;
      path = custcare_backup_run_scheduled (store, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (path);
      g_free (path);
      fake_now += 2 * 3600;
      path = custcare_backup_run_scheduled (store, NULL, &error);
      g_assert_no_error (error);
      g_assert_null (path);
    }
  left = custcare_backup_list (f->folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 2);

  /* The folder is gone: the failure is noted, then retried an hour later. */
  g_clear_pointer (&settings->folder, g_free);
  settings->folder = g_strdup (gone);
  custcare_backup_settings_save (store, settings, &error);
  g_assert_no_error (error);
  fake_now = start + 5 * day;
  path = custcare_backup_run_scheduled (store, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&loaded, custcare_backup_settings_free);
  loaded = custcare_backup_settings_load (store);
  g_assert_nonnull (loaded->last_error);
  g_assert_nonnull (strstr (loaded->last_error, gone));
  g_assert_cmpint (loaded->last_attempt_at, ==, fake_now);
  g_assert_cmpint (loaded->last_at, ==, start + 3 * day);
  fake_now += 600;
  g_assert_null (custcare_backup_run_scheduled (store, NULL, &error));
  g_assert_no_error (error);
  fake_now += 3600;
  g_assert_null (custcare_backup_run_scheduled (store, NULL, &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_FOUND);
}

static void
make_raw_database (const char *path,
                   const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static char *
read_file_or_die (const char *path,
                  gsize      *len)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);
  return contents;
}

/* Damaged, foreign and too new files are refused, and the shop's database is left as it was. */
static void
test_restore_refuses_bad_files (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr (CustcareStore) store = open_demo_shop (f->path);
  g_autoptr (GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *before = NULL;
  g_autofree char *text = g_build_filename (f->dir, "letter.txt", NULL);
  g_autofree char *corrupt = g_build_filename (f->dir, "corrupt.db", NULL);
  g_autofree char *newer = g_build_filename (f->dir, "newer.db", NULL);
  g_autofree char *foreign = g_build_filename (f->dir, "foreign.db", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.db", NULL);
  g_autofree char *staged = g_strconcat (f->path, ".restoring", NULL);
  g_autofree char *contents = NULL;
  gsize len, before_len;
  struct { const char *path; int code; } cases[] = {
    { text, CUSTCARE_STORE_ERROR_NOT_A_DATABASE },
    { corrupt, CUSTCARE_STORE_ERROR_CORRUPT },
    { newer, CUSTCARE_STORE_ERROR_TOO_NEW },
    { foreign, CUSTCARE_STORE_ERROR_NOT_A_DATABASE },
    { empty, CUSTCARE_STORE_ERROR_NOT_A_DATABASE },
  };

  good = custcare_backup_write (store, f->folder, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  touch (text);
  contents = read_file_or_die (good, &len);
  for (gsize i = 4 * 4096; i < MIN (len, 16 * 4096); i += 7)
    contents[i] ^= 0x5a;
  g_file_set_contents (corrupt, contents, len, &error);
  g_assert_no_error (error);
  {
    g_autoptr (GFile) from = g_file_new_for_path (good);
    g_autoptr (GFile) to = g_file_new_for_path (newer);

    g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  make_raw_database (newer, "PRAGMA user_version = 99");
  make_raw_database (foreign, "CREATE TABLE photos (id INTEGER PRIMARY KEY); PRAGMA user_version = 1");
  g_file_set_contents (empty, "", 0, &error);
  g_assert_no_error (error);

  g_test_log_set_fatal_handler (allow_damage_warnings, NULL);
  before = read_file_or_die (f->path, &before_len);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *after = NULL;
      g_autofree char *replaced = NULL;
      gsize after_len;

      g_assert_false (custcare_backup_restore (cases[i].path, f->path, &replaced, &error));
      g_test_message ("%s: %s", cases[i].path, error->message);
      if (cases[i].code == CUSTCARE_STORE_ERROR_CORRUPT)
        g_assert_true (g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CORRUPT) ||
                       g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE));
      else
        g_assert_error (error, CUSTCARE_STORE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].path));
      g_assert_null (replaced);
      g_clear_error (&error);

      after = read_file_or_die (f->path, &after_len);
      g_assert_cmpmem (before, before_len, after, after_len);
      g_assert_false (g_file_test (staged, G_FILE_TEST_EXISTS));
    }
  /* Only the database and the files made above: nothing kept aside, nothing staged. */
  g_assert_cmpuint (count_files (f->dir), ==, 7);
}

/* The replaced database is kept aside (its WAL folded in, mode 0600), no -wal or -shm of it is
 * left for the restored file, and the restored file is what opens next. */
static void
test_restore_keeps_replaced (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr (CustcareStore) store = open_demo_shop (f->path);
  g_autoptr (GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *prefix = g_strconcat (f->path, ".before-restore-", NULL);
  sqlite3 *db = NULL;
  gint64 customers;

  backup = custcare_backup_write (store, f->folder, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  customers = query_int (backup, "SELECT count(*) FROM customers");
  g_clear_object (&store);
  expected = dump_database (backup);

  /* Work done after the backup, left in the WAL as a crash would leave it. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_autocheckpoint = 0;"
                                     "INSERT INTO customers (given_name, sort_name, created_at, updated_at) "
                                     "VALUES ('After', 'after', 1, 1)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* While the database is open (here, in this process) restoring is refused. */
  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (custcare_backup_restore (backup, f->path, &replaced, &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "Close CustCare"));
  g_clear_error (&error);
  g_assert_null (replaced);
  g_clear_object (&store);

  /* Again with a WAL left behind, then restore with nobody using the file. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_autocheckpoint = 0;"
                                     "INSERT INTO customers (given_name, sort_name, created_at, updated_at) "
                                     "VALUES ('Later', 'later', 1, 1)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);

  custcare_backup_restore (backup, f->path, &replaced, &error);
  g_assert_no_error (error);
  g_assert_nonnull (replaced);
  g_test_message ("kept aside as %s", replaced);
  g_assert_true (g_str_has_prefix (replaced, prefix));
  g_assert_cmpint (file_mode (replaced), ==, 0600);
  g_assert_cmpint (file_mode (f->path), ==, 0600);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  /* The kept file is whole on its own, with the work that was only in the WAL. */
  custcare_backup_check (replaced, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (replaced, "SELECT count(*) FROM customers"), ==, customers + 2);
  g_assert_cmpint (query_int (replaced, "SELECT count(*) FROM customers WHERE given_name IN ('After', 'Later')"), ==, 2);

  restored = dump_database (f->path);
  assert_same_dump (expected, restored);
  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM customers"), ==, customers);
}

/* The window's way: a checked copy is staged, and put in place before the database next opens. */
static void
test_pending_restore (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (CustcareStore) store = open_demo_shop (f->path);
  g_autoptr (GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *pending = custcare_backup_pending_restore_path (f->path);
  g_autofree char *text = g_build_filename (f->dir, "letter.txt", NULL);
  gint64 customers;

  backup = custcare_backup_write (store, f->folder, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  customers = query_int (backup, "SELECT count(*) FROM customers");
  exec_ok (store, "DELETE FROM customer_tags; DELETE FROM customer_emails; DELETE FROM customer_phones");

  touch (text);
  g_assert_false (custcare_backup_stage_restore (text, f->path, &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE);
  g_clear_error (&error);
  g_assert_false (g_file_test (pending, G_FILE_TEST_EXISTS));

  custcare_backup_stage_restore (backup, f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (file_mode (pending), ==, 0600);
  /* Still open: nothing happens yet, and the staged file waits. */
  g_assert_false (custcare_backup_apply_pending_restore (f->path, &replaced, &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_true (g_file_test (pending, G_FILE_TEST_EXISTS));

  g_clear_object (&store);
  custcare_backup_apply_pending_restore (f->path, &replaced, &error);
  g_assert_no_error (error);
  g_assert_nonnull (replaced);
  g_assert_false (g_file_test (pending, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM customer_emails"), >, 0);
  g_assert_cmpint (query_int (replaced, "SELECT count(*) FROM customer_emails"), ==, 0);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM customers"), ==, customers);

  /* Nothing staged: nothing to do. */
  g_clear_pointer (&replaced, g_free);
  g_assert_true (custcare_backup_apply_pending_restore (f->path, &replaced, &error));
  g_assert_no_error (error);
  g_assert_null (replaced);
}

static void
cancel_on_first_step (gint64   done,
                      gint64   total,
                      gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = custcare_store_open (f->path, &error);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (CustcareBackupSettings) settings = NULL;
  char *backup;

  g_assert_no_error (error);
  exec_ok (store, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
                  "INSERT INTO customers (given_name, sort_name, notes, created_at, updated_at) "
                  "SELECT 'Given' || i, 'family' || i, hex (randomblob (400)), i, i FROM n");
  backup = custcare_backup_write (store, f->folder, cancel_on_first_step, cancellable, cancellable, &error);
  g_assert_null (backup);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (f->folder), ==, 0);
  /* Cancelling is not a failure to report. */
  settings = custcare_backup_settings_load (store);
  g_assert_null (settings->last_error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/backup/file-names", test_file_names);
  ADD ("/backup/restores-identical", test_backup_restores_identical);
  ADD ("/backup/while-writing", test_backup_while_writing);
  ADD ("/backup/verification-failure", test_verification_failure);
  ADD ("/backup/full-or-missing-folder", test_full_or_missing_folder);
  ADD ("/backup/read-only-folder", test_read_only_folder);
  ADD ("/backup/cancel", test_cancel);
  ADD ("/backup/prune-keeps-last-n", test_prune_keeps_last_n);
  ADD ("/backup/schedule", test_schedule);
  ADD ("/backup/restore-refuses-bad-files", test_restore_refuses_bad_files);
  ADD ("/backup/restore-keeps-replaced", test_restore_keeps_replaced);
  ADD ("/backup/pending-restore", test_pending_restore);
#undef ADD

  return g_test_run ();
}
