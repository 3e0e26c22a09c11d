/* test-reliability.c — a full disk, a second writer and hostile text never cost a committed record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-customer.h"
#include "custcare-customer-search.h"
#include "custcare-interactions.h"
#include "custcare-loyalty.h"
#include "custcare-orders.h"
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

static char *
schema_fingerprint (CustcareStore *store)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store,
                                                           "SELECT group_concat (type || name || coalesce (sql, ''), '|') "
                                                           "FROM (SELECT * FROM sqlite_schema ORDER BY name)",
                                                           NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
search_finds (CustcareStore *store,
              const char    *text,
              gint64         id)
{
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;

  query->text = g_strdup (text);
  ids = custcare_customer_search (store, query, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* SQL and FTS5 syntax typed into every text field the app stores, and into the search: it is
 * stored as typed, read back as typed, found by searching for it, and the schema is untouched. */
static void
test_injection_is_data (Fixture       *f,
                        gconstpointer  data)
{
  static const char *hostile[] = {
    "Robert'); DROP TABLE customers;--",
    "\" OR 1=1 --",
    "NEAR(smith bob)",
    "NEAR(\"a\" \"b\", 3)",
    "x' UNION SELECT sql FROM sqlite_schema --",
    "name:* OR notes:^a",
    "\"unbalanced",
    "smith) OR (1",
    "*",
    "^",
    "-- '",
    "%_\\",
  };
  g_autofree char *schema_before = schema_fingerprint (f->store);
  g_autofree char *schema_after = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      const char *h = hostile[i];
      g_autofree char *tag = g_strstrip (g_strndup (h, 20));   /* tags are short words */
      const char *tags[] = { tag, NULL };
      g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
      g_autoptr (CustcareCustomer) stored = NULL;
      g_autoptr (CustcareInteraction) call = custcare_interaction_new ();
      g_autoptr (CustcareInteraction) stored_call = NULL;
      g_autoptr (CustcareOrder) order = custcare_order_new ();
      g_autoptr (CustcareOrder) stored_order = NULL;
      g_autoptr (GPtrArray) entries = NULL;
      g_autofree char *marker = g_strdup_printf ("Marker%c%c", 'a' + i / 26, 'a' + i % 26);
      g_autofree char *company = g_strconcat (marker, " ", h, NULL);
      gint64 id, call_id, order_id;
      CustcareOrderLine *line;

      custcare_customer_set_given_name (customer, h);
      custcare_customer_set_family_name (customer, h);
      custcare_customer_set_company (customer, company);
      custcare_customer_set_notes (customer, h);
      custcare_customer_set_preferences (customer, h);
      custcare_customer_set_address_street (customer, h);
      custcare_customer_set_address_locality (customer, h);
      custcare_customer_set_tags (customer, tags);
      id = custcare_customer_repo_insert (f->store, customer, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, >, 0);

      stored = custcare_customer_repo_get (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (custcare_customer_get_given_name (stored), ==, h);
      g_assert_cmpstr (custcare_customer_get_family_name (stored), ==, h);
      g_assert_cmpstr (custcare_customer_get_notes (stored), ==, h);
      g_assert_cmpstr (custcare_customer_get_preferences (stored), ==, h);
      g_assert_cmpstr (custcare_customer_get_address_street (stored), ==, h);
      g_assert_true (custcare_customer_has_tag (stored, tag));

      custcare_interaction_set_customer_id (call, id);
      custcare_interaction_set_occurred_at (call, 1700000000);
      custcare_interaction_set_subject (call, h);
      custcare_interaction_set_notes (call, h);
      call_id = custcare_interactions_add (f->store, call, &error);
      g_assert_no_error (error);
      stored_call = custcare_interactions_get (f->store, call_id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (custcare_interaction_get_subject (stored_call), ==, h);
      g_assert_cmpstr (custcare_interaction_get_notes (stored_call), ==, h);

      custcare_order_set_customer_id (order, id);
      custcare_order_add_line (order, h, 1, 2500);
      custcare_order_set_carrier (order, h);
      custcare_order_set_tracking_number (order, h);
      custcare_order_set_notes (order, h);
      order_id = custcare_orders_insert (f->store, order, &error);
      g_assert_no_error (error);
      custcare_orders_change_status (f->store, order_id, CUSTCARE_ORDER_STATUS_NEW,
                                     CUSTCARE_ORDER_STATUS_CANCELLED, 0, h, &error);
      g_assert_no_error (error);
      stored_order = custcare_orders_get (f->store, order_id, &error);
      g_assert_no_error (error);
      line = g_ptr_array_index (custcare_order_get_lines (stored_order), 0);
      g_assert_cmpstr (line->description, ==, h);
      g_assert_cmpstr (custcare_order_get_carrier (stored_order), ==, h);
      g_assert_cmpstr (custcare_order_get_tracking_number (stored_order), ==, h);
      g_assert_cmpstr (custcare_order_get_notes (stored_order), ==, h);

      custcare_loyalty_adjust (f->store, id, 10, h, &error);
      g_assert_no_error (error);
      entries = custcare_loyalty_list_entries (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (entries->len, ==, 1);
      g_assert_cmpstr (((CustcareLoyaltyEntry *) g_ptr_array_index (entries, 0))->reason, ==, h);

      custcare_store_set_setting (f->store, "shop.name", h, &error);
      g_assert_no_error (error);
      {
        g_autofree char *name = custcare_store_get_setting (f->store, "shop.name");
        g_assert_cmpstr (name, ==, h);
      }

      /* Typed into the search as it is, it never errors; with a word of its own it finds the record. */
      search_finds (f->store, h, id);
      g_assert_true (search_finds (f->store, company, id));
    }

  /* Words inside the hostile text are searchable like any others. */
  g_assert_true (search_finds (f->store, "Robert DROP", 1));
  g_assert_true (search_finds (f->store, "UNION SELECT", 5));

  schema_after = schema_fingerprint (f->store);
  g_assert_cmpstr (schema_before, ==, schema_after);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, G_N_ELEMENTS (hostile));
  custcare_store_verify (f->store, &error);
  g_assert_no_error (error);
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
