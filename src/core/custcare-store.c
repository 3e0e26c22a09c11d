/* custcare-store.c — the shop's database file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite file holds everything. Opening it is where data is most at risk, so this file is
 * defensive: it never creates a database on top of a file that is something else, refuses a
 * schema newer than it knows, and takes a verified backup copy before any migration runs.
 */
#define G_LOG_DOMAIN "custcare-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "custcare-core-resources.h"
#include "custcare-store-private.h"

/* Below this size a full quick_check on every open costs a few milliseconds; above it the check
 * runs before migrations and in custcare_store_verify(), which the app runs off the main thread. */
#define QUICK_CHECK_ON_OPEN_MAX_BYTES (256 * 1024 * 1024)

struct _CustcareStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  char       *last_backup_path;
  GHashTable *statements;          /* SQL text → sqlite3_stmt */
  gint64    (*now_func) (gpointer user_data);
  gpointer    now_data;
  int         schema_version;
  /* Where migrations come from and how far to go: the built-in ones, except in tests. */
  const char *migrations_path;
  int         target_version;
};

G_DEFINE_FINAL_TYPE (CustcareStore, custcare_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (custcare-store-error-quark, custcare_store_error)

static const guint8 sqlite_magic[16] = "SQLite format 3";

static void
custcare_store_finalize (GObject *object)
{
  CustcareStore *self = CUSTCARE_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* Fold the WAL back into the main file so a closed database is a single self-contained file. */
      sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->last_backup_path, g_free);

  G_OBJECT_CLASS (custcare_store_parent_class)->finalize (object);
}

static void
custcare_store_class_init (CustcareStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = custcare_store_finalize;
}

static void
custcare_store_init (CustcareStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

/**
 * custcare_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/custcare/custcare.db` (inside the Flatpak this is
 *   under `~/.var/app/com.example.CustCare/data`)
 */
char *
custcare_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "custcare", "custcare.db", NULL);
}

gboolean
_custcare_store_set_error (CustcareStore  *self,
                           int             rc,
                           GError        **error)
{
  const char *detail = self != NULL && self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  const char *name = self != NULL && self->path != NULL ? self->path : "";

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_DISK_FULL,
                   _("The disk is full, so the change was not saved. Free some space and try again; "
                     "nothing already saved was lost."));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_BUSY,
                   _("The customer database is busy in another program. Try again in a moment."));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("CustCare cannot write to “%s”. Check that the file and its folder can be changed by you."),
                   name);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a CustCare database. It was left untouched."), name);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CORRUPT,
                   _("The customer database “%s” is damaged. It was left untouched; restore it from a backup."),
                   name);
      break;
    case SQLITE_CONSTRAINT:
      /* Messages raised by our own triggers are already written for people. */
      g_set_error_literal (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT, detail);
      break;
    case SQLITE_INTERRUPT:
      g_set_error_literal (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED, _("The operation was cancelled."));
      break;
    default:
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_FAILED,
                   _("The customer database reported a problem: %s"), detail);
      break;
    }

  return FALSE;
}

sqlite3 *
_custcare_store_get_db (CustcareStore *self)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (self), NULL);

  return self->db;
}

CustcareStmt *
_custcare_store_prepare (CustcareStore  *self,
                         const char     *sql,
                         GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      /* A statement cancelled (sqlite3_interrupt from another thread) while it was being
       * prepared is no programming error. */
      if (rc != SQLITE_INTERRUPT)
        g_critical ("Could not prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      _custcare_store_set_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_custcare_store_exec (CustcareStore  *self,
                      const char     *sql,
                      GError        **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _custcare_store_set_error (self, rc, error);
  return TRUE;
}

gboolean
_custcare_store_step_done (CustcareStore  *self,
                           CustcareStmt   *stmt,
                           GError        **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  return _custcare_store_set_error (self, rc, error);
}

gboolean
_custcare_store_in_transaction (CustcareStore *self)
{
  return !sqlite3_get_autocommit (self->db);
}

static gint64
real_now (gpointer user_data)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The current time in UTC Unix seconds. Tests replace the clock to check due dates and expiry. */
gint64
_custcare_store_now (CustcareStore *self)
{
  return self->now_func (self->now_data);
}

void
_custcare_store_set_clock (CustcareStore  *self,
                           gint64        (*now_func) (gpointer user_data),
                           gpointer        user_data)
{
  self->now_func = now_func != NULL ? now_func : real_now;
  self->now_data = user_data;
}

/* Fails unless the file is empty, missing, or starts with the SQLite header. SQLite itself would
 * happily report "not a database" only on first read; checking here means we never open, let
 * alone write WAL files beside, something that belongs to another program. */
static gboolean
check_header (const char  *path,
              gboolean    *out_exists,
              GError     **error)
{
  guint8 header[16] = { 0 };
  GStatBuf st;
  ssize_t n;
  int fd;

  *out_exists = FALSE;

  if (g_stat (path, &st) != 0)
    {
      if (errno == ENOENT)
        return TRUE;
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("CustCare cannot read “%s”: %s"), path, g_strerror (errno));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a CustCare database. It was left untouched."), path);
      return FALSE;
    }

  *out_exists = st.st_size > 0;
  if (st.st_size == 0)
    return TRUE;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("CustCare cannot read “%s”: %s"), path, g_strerror (errno));
      return FALSE;
    }
  n = read (fd, header, sizeof header);
  close (fd);

  if (n != sizeof header || memcmp (header, sqlite_magic, sizeof header) != 0)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a CustCare database. It was left untouched."), path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
ensure_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("CustCare cannot create the folder “%s”: %s"), dir, g_strerror (errno));
      return FALSE;
    }

  /* Create the file ourselves so it is private from its first byte; SQLite gives the -wal and
   * -shm files the same mode as the database. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("CustCare cannot write to “%s”: %s"), path, g_strerror (errno));
      return FALSE;
    }
  /* Customer records are personal data: tighten a file somebody loosened. */
  if (fchmod (fd, 0600) != 0)
    g_debug ("Could not make %s private: %s", path, g_strerror (errno));
  close (fd);

  return TRUE;
}

static int
query_int (CustcareStore *self,
           const char    *sql,
           int           *out_value)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

static gboolean
run_quick_check (CustcareStore  *self,
                 const char     *pragma,
                 GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, pragma, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *result = (const char *) sqlite3_column_text (stmt, 0);
          ok = g_strcmp0 (result, "ok") == 0;
          if (!ok)
            g_warning ("%s on %s: %s", pragma, self->path, result);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    return _custcare_store_set_error (self, rc, error);
  if (!ok)
    return _custcare_store_set_error (self, SQLITE_CORRUPT, error);
  return TRUE;
}

static gboolean
apply_connection_settings (CustcareStore  *self,
                           GError        **error)
{
  char *journal_mode = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, TRUE);

  if (!_custcare_store_exec (self,
                             "PRAGMA foreign_keys = ON;"
                             "PRAGMA synchronous = NORMAL;"
                             "PRAGMA temp_store = MEMORY;"
                             "PRAGMA cache_size = -32768;"
                             "PRAGMA trusted_schema = OFF;",
                             error))
    return FALSE;

  /* WAL: readers never block the writer, and a crash mid-write never damages committed pages. */
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      journal_mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return _custcare_store_set_error (self, rc, error);
  if (g_ascii_strcasecmp (journal_mode, "wal") != 0)
    g_warning ("%s: journal mode is %s, not WAL", self->path, journal_mode);
  g_free (journal_mode);

  return TRUE;
}

static GBytes *
load_migration (const char  *migrations_path,
                int          version,
                GError     **error)
{
  g_autofree char *resource = NULL;
  g_auto (GStrv) children = NULL;
  g_autofree char *prefix = g_strdup_printf ("%04d-", version);

  children = g_resources_enumerate_children (migrations_path, 0, error);
  if (children == NULL)
    return NULL;

  for (guint i = 0; children[i] != NULL; i++)
    {
      if (g_str_has_prefix (children[i], prefix) && g_str_has_suffix (children[i], ".sql"))
        {
          resource = g_strconcat (migrations_path, "/", children[i], NULL);
          break;
        }
    }

  if (resource == NULL)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_MIGRATION,
                   "No migration to schema version %d is built in", version);
      return NULL;
    }

  return g_resources_lookup_data (resource, 0, error);
}

static char *
make_backup_path (const char *path,
                  const char *reason)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint i = 0;; i++)
    {
      g_autofree char *candidate = i == 0
        ? g_strdup_printf ("%s.%s-%s.bak", path, reason, stamp)
        : g_strdup_printf ("%s.%s-%s-%u.bak", path, reason, stamp, i);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&candidate);
    }
}

static gboolean
migrate (CustcareStore  *self,
         int             from_version,
         GError        **error)
{
  /* A database with data in it is copied aside before any change to its schema. */
  if (from_version > 0)
    {
      g_autofree char *reason = g_strdup_printf ("before-v%d", self->target_version);
      g_autofree char *backup = make_backup_path (self->path, reason);

      if (!custcare_store_backup_to (self, backup, error))
        {
          g_prefix_error (error, _("Could not make a safety copy before upgrading the database: "));
          return FALSE;
        }
      g_set_str (&self->last_backup_path, backup);
      g_message ("Backed up %s to %s before upgrading from schema %d", self->path, backup, from_version);
    }

  /* Every pending migration runs in one transaction: if any of them fails, the file stays at
   * the version it had, not at some version in between. */
  if (!_custcare_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (int version = from_version + 1; version <= self->target_version; version++)
    {
      g_autoptr (GBytes) sql = NULL;
      g_autofree char *script = NULL;
      g_autofree char *set_version = NULL;
      g_autoptr (GError) local_error = NULL;

      if (!(sql = load_migration (self->migrations_path, version, &local_error)) ||
          !(script = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql))) ||
          !(set_version = g_strdup_printf ("PRAGMA user_version = %d", version)) ||
          !_custcare_store_exec (self, script, &local_error) ||
          !_custcare_store_exec (self, set_version, &local_error) ||
          (version == self->target_version && !_custcare_store_exec (self, "COMMIT", &local_error)))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          self->schema_version = from_version;
          g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_MIGRATION,
                       _("Could not upgrade the customer database “%s” to version %d: %s. "
                         "It was left as it was."),
                       self->path, version, local_error->message);
          return FALSE;
        }

      self->schema_version = version;
      g_debug ("Migrated %s to schema %d", self->path, version);
    }

  return TRUE;
}

static gboolean
open_connection (CustcareStore  *self,
                 GError        **error)
{
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    return _custcare_store_set_error (self, rc, error);

  /* SQLite quietly falls back to read-only when it may not write; a shop can't work like that,
   * and a half-working app is worse than a clear message. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    return _custcare_store_set_error (self, SQLITE_READONLY, error);

  return TRUE;
}

/**
 * custcare_store_open:
 * @path: (nullable): the database file, or %NULL for custcare_store_default_path()
 *
 * Opens the shop's database, creating it if the file does not exist (or is empty), and brings its
 * schema up to date. Files that are not SQLite databases, damaged files and databases written by a
 * newer CustCare are refused and left exactly as they were.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
CustcareStore *
custcare_store_open (const char  *path,
                     GError     **error)
{
  return _custcare_store_open_full (path, RESOURCE_BASE "/migrations", CUSTCARE_STORE_SCHEMA_VERSION, error);
}

/* custcare_store_open() with the migrations taken from @migrations_path (a GResource folder of
 * NNNN-name.sql files) up to @target_version: lets tests exercise upgrades, including failing ones,
 * with the real code path. */
CustcareStore *
_custcare_store_open_full (const char  *path,
                           const char  *migrations_path,
                           int          target_version,
                           GError     **error)
{
  g_autoptr (CustcareStore) self = NULL;
  g_autofree char *default_path = NULL;
  gboolean existed = FALSE;
  GStatBuf st;
  int version = 0;
  int rc;

  if (path == NULL)
    path = default_path = custcare_store_default_path ();

  /* Resources are linked into the static library; make sure they are registered even when no
   * constructor ran (static linking drops unreferenced constructors). */
  g_resources_register (custcare_core_get_resource ());

  self = g_object_new (CUSTCARE_TYPE_STORE, NULL);
  self->now_func = real_now;
  self->path = g_canonicalize_filename (path, NULL);
  self->migrations_path = migrations_path;
  self->target_version = target_version;

  if (!check_header (self->path, &existed, error))
    return NULL;

  if (!ensure_private_file (self->path, error))
    return NULL;

  if (!open_connection (self, error))
    return NULL;

  /* The first read of the schema is what fails on a damaged header or page 1. */
  if ((rc = query_int (self, "PRAGMA user_version", &version)) != SQLITE_OK)
    {
      _custcare_store_set_error (self, rc, error);
      return NULL;
    }

  if (version > target_version)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of CustCare (database version %d; this version "
                     "knows up to %d). Update CustCare to open it. The file was not changed."),
                   self->path, version, target_version);
      return NULL;
    }

  /* Version 0 with tables in it is some other program's SQLite file: never migrate that. */
  if (version == 0 && existed)
    {
      int tables = 0;

      if ((rc = query_int (self, "SELECT count(*) FROM sqlite_schema", &tables)) != SQLITE_OK)
        {
          _custcare_store_set_error (self, rc, error);
          return NULL;
        }
      if (tables > 0)
        {
          g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE,
                       _("“%s” is a database of another program, not of CustCare. It was left untouched."),
                       self->path);
          return NULL;
        }
    }

  if (existed &&
      (version < target_version ||
       (g_stat (self->path, &st) == 0 && st.st_size <= QUICK_CHECK_ON_OPEN_MAX_BYTES)) &&
      !run_quick_check (self, "PRAGMA quick_check", error))
    return NULL;

  if (!apply_connection_settings (self, error))
    return NULL;

  self->schema_version = version;
  if (version < target_version && !migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * custcare_store_open_worker:
 *
 * Opens a second connection to the same, already migrated, file for work off the main thread
 * (import, export, backup, reports, the mail worker). Each connection belongs to one thread.
 *
 * Returns: (transfer full): a new store, or %NULL with @error set
 */
CustcareStore *
custcare_store_open_worker (CustcareStore  *self,
                            GError        **error)
{
  g_autoptr (CustcareStore) worker = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (self), NULL);

  worker = g_object_new (CUSTCARE_TYPE_STORE, NULL);
  worker->now_func = self->now_func;
  worker->now_data = self->now_data;
  worker->path = g_strdup (self->path);
  worker->schema_version = self->schema_version;

  if (!open_connection (worker, error) || !apply_connection_settings (worker, error))
    return NULL;

  return g_steal_pointer (&worker);
}

const char *
custcare_store_get_path (CustcareStore *self)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (self), NULL);

  return self->path;
}

/**
 * custcare_store_get_last_backup_path:
 *
 * Returns: (nullable): the safety copy taken before the last migration, if any
 */
const char *
custcare_store_get_last_backup_path (CustcareStore *self)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (self), NULL);

  return self->last_backup_path;
}

int
custcare_store_get_schema_version (CustcareStore *self)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (self), 0);

  return self->schema_version;
}

/**
 * custcare_store_verify:
 *
 * Runs `PRAGMA integrity_check` over the whole file. Slow on a large shop: call it from a worker
 * connection.
 */
gboolean
custcare_store_verify (CustcareStore  *self,
                       GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (self), FALSE);

  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  if (!run_quick_check (self, "PRAGMA integrity_check", error))
    return FALSE;

  /* foreign_key_check lists the rows that point nowhere: none is the good answer. */
  if (!(stmt = _custcare_store_prepare (self, "PRAGMA foreign_key_check", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_warning ("%s: row %lld of %s refers to a missing %s", self->path,
                 (long long) sqlite3_column_int64 (stmt, 1), sqlite3_column_text (stmt, 0),
                 sqlite3_column_text (stmt, 2));
      return _custcare_store_set_error (self, SQLITE_CORRUPT, error);
    }
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (self, rc, error);
  return TRUE;
}

/**
 * custcare_store_check_file:
 *
 * Verifies a database file (a backup, or a file about to be restored) without changing it.
 */
gboolean
custcare_store_check_file (const char  *path,
                           GError     **error)
{
  g_autoptr (CustcareStore) probe = g_object_new (CUSTCARE_TYPE_STORE, NULL);
  gboolean existed = FALSE;
  int version = 0;
  int rc;

  probe->path = g_canonicalize_filename (path, NULL);
  probe->now_func = real_now;

  if (!check_header (probe->path, &existed, error))
    return FALSE;
  if (!existed)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is empty or missing."), probe->path);
      return FALSE;
    }

  rc = sqlite3_open_v2 (probe->path, &probe->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    return _custcare_store_set_error (probe, rc, error);

  if ((rc = query_int (probe, "PRAGMA user_version", &version)) != SQLITE_OK)
    return _custcare_store_set_error (probe, rc, error);
  if (version < 1)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a CustCare database. It was left untouched."), probe->path);
      return FALSE;
    }
  if (version > CUSTCARE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of CustCare (database version %d; this version "
                     "knows up to %d). Update CustCare to open it. The file was not changed."),
                   probe->path, version, CUSTCARE_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return custcare_store_verify (probe, error);
}

/* Tests replace the destination's limits or damage the copy between writing and checking it. */
static CustcareStoreBackupHooks backup_hooks;

void
_custcare_store_set_backup_hooks (const CustcareStoreBackupHooks *hooks)
{
  if (hooks != NULL)
    backup_hooks = *hooks;
  else
    memset (&backup_hooks, 0, sizeof backup_hooks);
}

/* Pages per backup step: 256 pages of 4 KiB is about a millisecond of copying, so progress moves
 * and Cancel answers at once even on a shop of gigabytes. */
#define BACKUP_STEP_PAGES 256

static gboolean
set_backup_write_error (const char  *dest_path,
                        int          rc,
                        int          saved_errno,
                        GError     **error)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_DISK_FULL,
                   _("The backup “%s” was not written: the disk is full. Free some space or choose "
                     "another folder. No partial file was left behind."), dest_path);
      break;
    case SQLITE_INTERRUPT:
      g_set_error_literal (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED,
                           _("The backup was cancelled. No partial file was left behind."));
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_BUSY,
                   _("The backup “%s” was not written because the database was busy. Try again in a moment."),
                   dest_path);
      break;
    default:
      if (saved_errno == ENOSPC || saved_errno == EDQUOT)
        return set_backup_write_error (dest_path, SQLITE_FULL, 0, error);
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY,
                   _("The backup “%s” was not written: %s. Check that the folder exists, that it can be "
                     "changed by you and that the disk is connected. No partial file was left behind."),
                   dest_path, saved_errno != 0 ? g_strerror (saved_errno) : sqlite3_errstr (rc));
      break;
    }
  return FALSE;
}

/* fsync a file or a folder, so that a backup reported as written survives a power cut. */
static int
sync_path (const char *path,
           gboolean    is_dir)
{
  int fd = g_open (path, (is_dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC, 0);
  int saved;

  if (fd < 0)
    return errno;
  saved = fsync (fd) == 0 || (is_dir && errno == EINVAL) ? 0 : errno;
  close (fd);
  return saved;
}

/**
 * custcare_store_backup_to:
 * @dest_path: where to write the copy (replaced if it exists)
 *
 * Copies the live database with the SQLite online backup API and verifies the copy. See
 * custcare_store_backup_to_full().
 */
gboolean
custcare_store_backup_to (CustcareStore  *self,
                          const char     *dest_path,
                          GError        **error)
{
  return custcare_store_backup_to_full (self, dest_path, NULL, NULL, NULL, error);
}

/**
 * custcare_store_backup_to_full:
 * @dest_path: where to write the copy (replaced if it exists)
 * @progress: (nullable): called on this thread after each step with the pages copied and the total
 * @cancellable: (nullable): stops the copy between two steps
 *
 * Copies the live database with the SQLite online backup API, in small steps inside one read
 * transaction: the copy is one consistent snapshot, and in WAL mode the app keeps writing while it
 * runs. The copy is written to `DEST.partial` beside its destination (mode 0600), switched out of
 * WAL mode so that it is one self-contained file, flushed to disk, checked with
 * custcare_store_check_file() (`PRAGMA integrity_check`, foreign keys, schema version), and only
 * then renamed into place. On any failure, or a failed check, the partial file is deleted.
 *
 * Call it on a worker connection (custcare_store_open_worker()) when the shop is large.
 */
gboolean
custcare_store_backup_to_full (CustcareStore          *self,
                               const char             *dest_path,
                               CustcareStoreProgress   progress,
                               gpointer                progress_data,
                               GCancellable           *cancellable,
                               GError                **error)
{
  g_autofree char *tmp_path = g_strconcat (dest_path, ".partial", NULL);
  g_autofree char *tmp_journal = g_strconcat (tmp_path, "-journal", NULL);
  g_autofree char *dest_dir = g_path_get_dirname (dest_path);
  g_autoptr (GError) check_error = NULL;
  gboolean own_snapshot = FALSE;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int saved_errno = 0;
  int fd;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (self), FALSE);

  g_unlink (tmp_path);
  fd = g_open (tmp_path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_backup_write_error (dest_path, SQLITE_CANTOPEN, errno, error);
  close (fd);

  /* One snapshot for the whole copy: without it a write elsewhere between two steps would make
   * SQLite restart the copy from the first page, for ever on a busy shop. */
  if (sqlite3_get_autocommit (self->db))
    {
      rc = sqlite3_exec (self->db, "BEGIN; SELECT count(*) FROM sqlite_schema;", NULL, NULL, NULL);
      own_snapshot = rc == SQLITE_OK;
    }

  rc = sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK && backup_hooks.dest_opened != NULL)
    backup_hooks.dest_opened (dest, backup_hooks.data);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", self->db, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          do
            {
              if (g_cancellable_is_cancelled (cancellable))
                {
                  rc = SQLITE_INTERRUPT;
                  break;
                }
              rc = sqlite3_backup_step (backup, BACKUP_STEP_PAGES);
              if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep (20);
              else if (progress != NULL && (rc == SQLITE_OK || rc == SQLITE_DONE))
                progress (sqlite3_backup_pagecount (backup) - sqlite3_backup_remaining (backup),
                          sqlite3_backup_pagecount (backup), progress_data);
            }
          while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = sqlite3_errcode (dest);
        }
    }
  if (own_snapshot)
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  /* A backup in rollback-journal mode is a single file: nothing beside it to lose or to copy. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK && dest != NULL)
    saved_errno = sqlite3_system_errno (dest);
  sqlite3_close_v2 (dest);

  if (rc == SQLITE_OK && (saved_errno = sync_path (tmp_path, FALSE)) != 0)
    rc = SQLITE_IOERR_FSYNC;

  if (rc != SQLITE_OK)
    {
      g_unlink (tmp_path);
      g_unlink (tmp_journal);
      return set_backup_write_error (dest_path, rc, saved_errno, error);
    }

  if (backup_hooks.copied != NULL)
    backup_hooks.copied (tmp_path, backup_hooks.data);

  if (!custcare_store_check_file (tmp_path, &check_error))
    {
      g_unlink (tmp_path);
      g_unlink (tmp_journal);
      g_message ("Backup %s failed its check: %s", dest_path, check_error->message);
      g_set_error (error, CUSTCARE_STORE_ERROR, check_error->code,
                   _("The backup “%s” did not pass its check and was deleted: the copy on that disk is "
                     "damaged. The shop’s database itself was not changed. Try again, or choose a "
                     "folder on another disk."), dest_path);
      return FALSE;
    }

  /* Whatever the umask or the folder's ACL, a backup holds personal data. */
  g_chmod (tmp_path, 0600);
  if (g_rename (tmp_path, dest_path) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp_path);
      return set_backup_write_error (dest_path, SQLITE_IOERR, saved_errno, error);
    }
  if ((saved_errno = sync_path (dest_dir, TRUE)) != 0)
    g_debug ("Could not flush the folder %s: %s", dest_dir, g_strerror (saved_errno));

  return TRUE;
}

/**
 * custcare_store_begin:
 *
 * Starts a write transaction. `BEGIN IMMEDIATE` takes the write lock up front, so a busy
 * database is reported here rather than half-way through a change.
 */
gboolean
custcare_store_begin (CustcareStore  *self,
                      GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (self), FALSE);
  g_return_val_if_fail (!_custcare_store_in_transaction (self), FALSE);

  return _custcare_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
custcare_store_commit (CustcareStore  *self,
                       GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (self), FALSE);

  if (!_custcare_store_exec (self, "COMMIT", error))
    {
      custcare_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
custcare_store_rollback (CustcareStore *self)
{
  g_return_if_fail (CUSTCARE_IS_STORE (self));

  if (_custcare_store_in_transaction (self))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

char *
custcare_store_get_setting (CustcareStore *self,
                            const char    *key)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (self), NULL);

  stmt = _custcare_store_prepare (self, "SELECT value FROM settings WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return NULL;
}

gint64
custcare_store_get_setting_int (CustcareStore *self,
                                const char    *key,
                                gint64         default_value)
{
  g_autofree char *value = custcare_store_get_setting (self, key);
  gint64 parsed;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &parsed, NULL))
    return default_value;
  return parsed;
}

gboolean
custcare_store_set_setting (CustcareStore  *self,
                            const char     *key,
                            const char     *value,
                            GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (self), FALSE);

  if (value == NULL)
    stmt = _custcare_store_prepare (self, "DELETE FROM settings WHERE key = ?", error);
  else
    stmt = _custcare_store_prepare (self,
                                    "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return _custcare_store_step_done (self, stmt, error);
}

gboolean
custcare_store_set_setting_int (CustcareStore  *self,
                                const char     *key,
                                gint64          value,
                                GError        **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return custcare_store_set_setting (self, key, buf, error);
}

/* Abandons whatever query is running on this connection (a stale search, say). Safe to call
 * from any thread. */
void
custcare_store_interrupt (CustcareStore *self)
{
  g_return_if_fail (CUSTCARE_IS_STORE (self));

  sqlite3_interrupt (self->db);
}
