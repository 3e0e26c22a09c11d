/* test-store.c — opening, creating, migrating and refusing database files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "custcare-store-private.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("custcare-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        {
          g_chmod (child, 0600);
          g_unlink (child);
        }
    }
  g_chmod (dir, 0700);
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
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

static gint64
count_rows (CustcareStore *store,
            const char    *sql)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
exec_ok (CustcareStore *store,
         const char    *sql)
{
  g_autoptr (GError) error = NULL;

  _custcare_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

/* Writes a raw SQLite file with sqlite3 directly, bypassing CustCare. */
static void
make_raw_database (const char *path,
                   const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
test_create_fresh (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autofree char *nested = g_build_filename (f->dir, "a", "b", "shop.db", NULL);
  GStatBuf st;

  store = custcare_store_open (nested, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (custcare_store_get_schema_version (store), ==, CUSTCARE_STORE_SCHEMA_VERSION);
  g_assert_null (custcare_store_get_last_backup_path (store));

  /* Every table of the design exists. */
  for (const char *const *t = (const char *const[]) { "customers", "customer_phones", "customer_emails",
                                                      "tags", "customer_tags", "customer_search",
                                                      "customer_phone_search",
                                                      "interactions", "orders", "order_items",
                                                      "order_status_history", "loyalty_ledger",
                                                      "loyalty_tiers", "outbox", "message_templates",
                                                      "settings", "import_batches", NULL };
       *t != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema WHERE name = '%s'", *t);
      g_assert_cmpint (count_rows (store, sql), ==, 1);
    }

  g_assert_cmpint (count_rows (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (count_rows (store, "PRAGMA user_version"), ==, CUSTCARE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (store, "PRAGMA busy_timeout"), >=, 1000);
  {
    g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "PRAGMA journal_mode", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  }

  g_assert_cmpint (g_stat (nested, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_reopen_keeps_data (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  CustcareStore *store;
  g_autofree char *value = NULL;

  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  custcare_store_set_setting (store, "shop.name", "Corner Bakery", &error);
  g_assert_no_error (error);
  exec_ok (store, "INSERT INTO customers (given_name, family_name, sort_name, created_at, updated_at) "
                  "VALUES ('Ada', 'Lovelace', 'lovelace ada', 1, 1)");
  g_object_unref (store);

  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  value = custcare_store_get_setting (store, "shop.name");
  g_assert_cmpstr (value, ==, "Corner Bakery");
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM customers"), ==, 1);
  /* Reopening an up-to-date database takes no backup. */
  g_assert_null (custcare_store_get_last_backup_path (store));
  g_object_unref (store);
}

static void
test_empty_file_becomes_database (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;

  g_file_set_contents (f->path, "", 0, &error);
  g_assert_no_error (error);
  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (custcare_store_get_schema_version (store), ==, CUSTCARE_STORE_SCHEMA_VERSION);
}

static void
test_refuses_newer_version (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *sql = g_strdup_printf ("CREATE TABLE future (x); PRAGMA user_version = %d;",
                                          CUSTCARE_STORE_SCHEMA_VERSION + 1);
  gsize before_len, after_len;

  make_raw_database (f->path, sql);
  before = read_file_or_die (f->path, &before_len);

  store = custcare_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "newer version"));

  after = read_file_or_die (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
  wal = g_strconcat (f->path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuses_non_database (Fixture       *f,
                           gconstpointer  data)
{
  static const char text[] = "name,email\nAda,ada@example.com\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autofree char *after = NULL;
  gsize after_len;

  g_file_set_contents (f->path, text, -1, &error);
  g_assert_no_error (error);

  store = custcare_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, f->path));

  after = read_file_or_die (f->path, &after_len);
  g_assert_cmpmem (text, strlen (text), after, after_len);
}

static void
test_refuses_foreign_sqlite (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  make_raw_database (f->path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
                              "INSERT INTO moz_places (url) VALUES ('https://example.com');");
  before = read_file_or_die (f->path, &before_len);

  store = custcare_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE);

  after = read_file_or_die (f->path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_refuses_corrupt (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *after = NULL;
  gsize len, after_len;

  /* A real CustCare database with customers, then damage pages past the first: the header stays
   * valid, so only the integrity check can tell. */
  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  exec_ok (store, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                  "INSERT INTO customers (given_name, family_name, sort_name, notes, created_at, updated_at) "
                  "SELECT 'Given' || i, 'Family' || i, 'family' || i, hex (randomblob (64)), i, i FROM n");
  g_clear_object (&store);

  contents = read_file_or_die (f->path, &len);
  g_assert_cmpuint (len, >, 16 * 4096);
  for (gsize i = 8 * 4096; i < 16 * 4096; i += 7)
    contents[i] ^= 0x5a;
  g_file_set_contents (f->path, contents, len, &error);
  g_assert_no_error (error);

  store = custcare_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_true (g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CORRUPT) ||
                 g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_A_DATABASE));
  g_assert_nonnull (strstr (error->message, f->path));

  after = read_file_or_die (f->path, &after_len);
  g_assert_cmpmem (contents, len, after, after_len);
  g_assert_false (custcare_store_check_file (f->path, NULL));
}

/* Permission checks mean nothing to root, and the test suite runs as root in its build root:
 * open the file from a child that has given up root. */
static void
test_read_only_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  CustcareStore *store;

  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  g_object_unref (store);

  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);

  if (geteuid () == 0)
    {
      if (g_test_subprocess ())
        {
          if (setgid (65534) != 0 || setuid (65534) != 0)
            {
              g_printerr ("cannot drop root\n");
              exit (77);
            }
          store = custcare_store_open (f->path, &error);
          g_assert_null (store);
          g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY);
          g_assert_nonnull (strstr (error->message, "cannot write"));
          return;
        }
      /* The directory and file must be reachable by the unprivileged child. */
      g_chmod (f->dir, 0555);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
    }
  else
    {
      store = custcare_store_open (f->path, &error);
      g_assert_null (store);
      g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_READ_ONLY);
    }
}

static void
test_tightens_permissions (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  GStatBuf st;

  make_raw_database (f->path, "PRAGMA user_version = 0;");
  g_chmod (f->path, 0644);
  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_ledger_is_append_only (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;

  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  exec_ok (store, "INSERT INTO customers (id, sort_name, created_at, updated_at) VALUES (1, 'a', 1, 1), (2, 'b', 1, 1)");
  exec_ok (store, "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind) VALUES (1, 1, 50, 'earn')");

  /* No edits, no deletes. */
  _custcare_store_exec (store, "UPDATE loyalty_ledger SET delta = 5000", &error);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "cannot be changed"));
  g_clear_error (&error);

  _custcare_store_exec (store, "DELETE FROM loyalty_ledger", &error);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "cannot be deleted"));
  g_clear_error (&error);

  /* Never below zero. */
  _custcare_store_exec (store, "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind) "
                               "VALUES (1, 2, -51, 'redeem')", &error);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "Not enough"));
  g_clear_error (&error);
  exec_ok (store, "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind) VALUES (1, 2, -50, 'redeem')");

  /* Adjustments need a reason. */
  _custcare_store_exec (store, "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind) "
                               "VALUES (1, 3, 10, 'adjust')", &error);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Merging moves rows to the surviving customer and nothing else. */
  exec_ok (store, "UPDATE loyalty_ledger SET customer_id = 2 WHERE customer_id = 1");
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM loyalty_ledger WHERE customer_id = 2"), ==, 2);
  g_assert_cmpint (count_rows (store, "SELECT sum(delta) FROM loyalty_ledger"), ==, 0);

  /* A customer with points history cannot be deleted outright. */
  _custcare_store_exec (store, "DELETE FROM customers WHERE id = 2", &error);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM loyalty_ledger"), ==, 2);
}

static void
test_status_history_is_immutable (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;

  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  exec_ok (store, "INSERT INTO customers (id, sort_name, created_at, updated_at) VALUES (1, 'a', 1, 1);"
                  "INSERT INTO orders (id, number, customer_id, placed_at, created_at, updated_at) "
                  "VALUES (1, 'A-1', 1, 1, 1, 1);"
                  "INSERT INTO order_status_history (order_id, changed_at, to_status) VALUES (1, 1, 'new')");
  _custcare_store_exec (store, "UPDATE order_status_history SET to_status = 'completed'", &error);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
}

static void
test_transaction_rollback (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;

  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);

  custcare_store_begin (store, &error);
  g_assert_no_error (error);
  exec_ok (store, "INSERT INTO customers (sort_name, created_at, updated_at) VALUES ('x', 1, 1)");
  custcare_store_rollback (store);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM customers"), ==, 0);

  custcare_store_begin (store, &error);
  g_assert_no_error (error);
  exec_ok (store, "INSERT INTO customers (sort_name, created_at, updated_at) VALUES ('x', 1, 1)");
  custcare_store_commit (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM customers"), ==, 1);
}

static void
test_backup_and_verify (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (CustcareStore) copy = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "copy.db", NULL);
  GStatBuf st;

  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  exec_ok (store, "INSERT INTO customers (sort_name, created_at, updated_at) VALUES ('x', 1, 1)");

  custcare_store_backup_to (store, backup, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (backup, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  custcare_store_check_file (backup, &error);
  g_assert_no_error (error);
  custcare_store_verify (store, &error);
  g_assert_no_error (error);

  copy = custcare_store_open (backup, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (copy, "SELECT count(*) FROM customers"), ==, 1);
}

static void
test_worker_connection (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (CustcareStore) worker = NULL;

  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  worker = custcare_store_open_worker (store, &error);
  g_assert_no_error (error);

  exec_ok (store, "INSERT INTO customers (sort_name, created_at, updated_at) VALUES ('x', 1, 1)");
  g_assert_cmpint (count_rows (worker, "SELECT count(*) FROM customers"), ==, 1);
  g_assert_cmpint (count_rows (worker, "PRAGMA foreign_keys"), ==, 1);
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autofree char *injection = NULL;

  store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (custcare_store_get_setting_int (store, "orders.next-number", 1), ==, 1);
  custcare_store_set_setting_int (store, "orders.next-number", 42, &error);
  g_assert_no_error (error);
  g_assert_cmpint (custcare_store_get_setting_int (store, "orders.next-number", 1), ==, 42);

  /* Values are bound, never spliced into SQL. */
  custcare_store_set_setting (store, "shop.name", "Bob's'); DROP TABLE customers; --", &error);
  g_assert_no_error (error);
  injection = custcare_store_get_setting (store, "shop.name");
  g_assert_cmpstr (injection, ==, "Bob's'); DROP TABLE customers; --");
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'customers'"), ==, 1);

  custcare_store_set_setting (store, "shop.name", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (custcare_store_get_setting (store, "shop.name"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/create-fresh", test_create_fresh);
  ADD ("/store/reopen-keeps-data", test_reopen_keeps_data);
  ADD ("/store/empty-file-becomes-database", test_empty_file_becomes_database);
  ADD ("/store/refuses-newer-version", test_refuses_newer_version);
  ADD ("/store/refuses-non-database", test_refuses_non_database);
  ADD ("/store/refuses-foreign-sqlite", test_refuses_foreign_sqlite);
  ADD ("/store/refuses-corrupt", test_refuses_corrupt);
  ADD ("/store/read-only-file", test_read_only_file);
  ADD ("/store/tightens-permissions", test_tightens_permissions);
  ADD ("/store/ledger-is-append-only", test_ledger_is_append_only);
  ADD ("/store/status-history-is-immutable", test_status_history_is_immutable);
  ADD ("/store/transaction-rollback", test_transaction_rollback);
  ADD ("/store/backup-and-verify", test_backup_and_verify);
  ADD ("/store/worker-connection", test_worker_connection);
  ADD ("/store/settings", test_settings);
#undef ADD

  return g_test_run ();
}
