/* test-reliability.c — a full disk and a second writer never cost a committed record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-store-private.h"

typedef struct
{
  char          *dir;
  char          *path;
  CustcareStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("custcare-reliability-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GDir) d = NULL;
  const char *name;

  g_clear_object (&f->store);
  d = g_dir_open (f->dir, 0, NULL);
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
query_int (CustcareStore *store,
           const char    *sql)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
insert_customer (CustcareStore  *store,
                 int             i,
                 gsize           notes_size,
                 GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autofree char *notes = g_strnfill (notes_size, 'n');
  g_autofree char *name = g_strdup_printf ("customer %d", i);

  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO customers (display_name, sort_name, notes, created_at, updated_at) "
                                  "VALUES (?1, ?1, ?2, 1, 1)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, notes, -1, SQLITE_TRANSIENT);
  return _custcare_store_step_done (store, stmt, error);
}

/* SQLite reports a full disk and a database at its max_page_count the same way (SQLITE_FULL),
 * so capping the page count is a faithful stand-in for a full file system. */
static void
test_full_disk (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cap = NULL;
  gint64 pages;
  int i;

  for (i = 0; i < 100; i++)
    {
      insert_customer (f->store, i, 100, &error);
      g_assert_no_error (error);
    }

  pages = query_int (f->store, "PRAGMA page_count");
  cap = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 4);
  _custcare_store_exec (f->store, cap, &error);
  g_assert_no_error (error);

  /* A big import that does not fit. */
  custcare_store_begin (f->store, &error);
  g_assert_no_error (error);
  for (i = 100; i < 10000 && error == NULL; i++)
    insert_customer (f->store, i, 4000, &error);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_nonnull (strstr (error->message, "nothing already saved was lost"));
  g_clear_error (&error);
  custcare_store_rollback (f->store);

  /* Everything committed before is there, and the file is sound. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 100);
  custcare_store_verify (f->store, &error);
  g_assert_no_error (error);

  /* A single write that no longer fits fails cleanly too. */
  insert_customer (f->store, 20000, 64 * 1024, &error);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_DISK_FULL);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 100);

  /* Space comes back: work goes on. */
  _custcare_store_exec (f->store, "PRAGMA max_page_count = 1073741823", &error);
  g_assert_no_error (error);
  insert_customer (f->store, 20001, 64 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 101);
  custcare_store_verify (f->store, &error);
  g_assert_no_error (error);
}

/* Two programs on one file: the second waits for the busy timeout, then gets a clear message;
 * nothing is corrupted and it works once the first is done. */
static void
test_second_writer (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) other = NULL;
  gint64 start, waited;

  other = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  sqlite3_busy_timeout (_custcare_store_get_db (other), 300);

  custcare_store_begin (f->store, &error);
  g_assert_no_error (error);
  insert_customer (f->store, 1, 10, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  custcare_store_begin (other, &error);
  waited = (g_get_monotonic_time () - start) / 1000;
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "busy"));
  g_assert_cmpint (waited, >=, 250);
  g_clear_error (&error);

  /* Readers are never blocked by the writer (WAL) and see only committed data. */
  g_assert_cmpint (query_int (other, "SELECT count(*) FROM customers"), ==, 0);

  custcare_store_commit (f->store, &error);
  g_assert_no_error (error);

  custcare_store_begin (other, &error);
  g_assert_no_error (error);
  insert_customer (other, 2, 10, &error);
  g_assert_no_error (error);
  custcare_store_commit (other, &error);
  g_assert_no_error (error);

  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 2);
  custcare_store_verify (f->store, &error);
  g_assert_no_error (error);
}

/* Search terms, names and notes are data, never SQL. */
static void
test_injection_is_data (Fixture       *f,
                        gconstpointer  data)
{
  static const char *hostile[] = {
    "Robert'); DROP TABLE customers;--",
    "\" OR 1=1 --",
    "NEAR(a b)",
    "*",
    "^start",
    "x' UNION SELECT sql FROM sqlite_schema --",
  };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (f->store,
                                                               "INSERT INTO customers (display_name, sort_name, created_at, updated_at) "
                                                               "VALUES (?1, ?1, 1, 1)",
                                                               &error);
      g_assert_no_error (error);
      sqlite3_bind_text (stmt, 1, hostile[i], -1, SQLITE_STATIC);
      _custcare_store_step_done (f->store, stmt, &error);
      g_assert_no_error (error);
    }

  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, G_N_ELEMENTS (hostile));
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (f->store,
                                                               "SELECT count(*) FROM customers WHERE display_name = ?",
                                                               &error);
      sqlite3_bind_text (stmt, 1, hostile[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reliability/full-disk", Fixture, NULL, fixture_setup, test_full_disk, fixture_teardown);
  g_test_add ("/reliability/second-writer", Fixture, NULL, fixture_setup, test_second_writer, fixture_teardown);
  g_test_add ("/reliability/injection-is-data", Fixture, NULL, fixture_setup, test_injection_is_data, fixture_teardown);

  return g_test_run ();
}
