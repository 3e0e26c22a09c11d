/* test-demo.c — the demo shop is believable and keeps every rule of a real one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "custcare-customer.h"
#include "custcare-demo.h"
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

  f->dir = g_dir_make_tmp ("custcare-demo-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "demo.db", NULL);
  f->store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
query_int (CustcareStore *store,
           const char    *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_custcare_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
create_demo (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  gboolean created = FALSE;

  g_assert_true (custcare_demo_create (f->store, 7, &created, &error));
  g_assert_no_error (error);
  g_assert_true (created);
}

static void
test_shop_is_believable (Fixture       *f,
                         gconstpointer  data)
{
  static const char *statuses[] = {
    "new", "confirmed", "in-progress", "ready", "shipped", "completed", "cancelled", "returned",
  };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  create_demo (f);

  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, CUSTCARE_DEMO_CUSTOMERS);
  /* Names, a way to reach most of them, some businesses, some tags. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers WHERE sort_name = ''"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(DISTINCT customer_id) FROM customer_phones"), ==,
                   CUSTCARE_DEMO_CUSTOMERS);
  g_assert_cmpint (query_int (f->store, "SELECT count(DISTINCT customer_id) FROM customer_emails"), >,
                   CUSTCARE_DEMO_CUSTOMERS * 8 / 10);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers WHERE company <> ''"), >, 40);
  g_assert_cmpint (query_int (f->store, "SELECT count(DISTINCT tag_id) FROM customer_tags"), >=, 5);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers WHERE archived = 1"), >, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers WHERE do_not_contact = 1"), >, 0);
  /* The same pool of names gives a few namesakes, as in any town. */
  g_assert_cmpint (query_int (f->store, "SELECT count(DISTINCT sort_name) FROM customers"), >,
                   CUSTCARE_DEMO_CUSTOMERS / 2);

  /* Orders in every state, all in the past. */
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM orders WHERE status = '%s'", statuses[i]);
      g_assert_cmpint (query_int (f->store, sql), >, 0);
    }
  g_assert_cmpint (query_int (f->store, "SELECT max(placed_at) FROM orders"), <=, now);
  g_assert_cmpint (query_int (f->store, "SELECT min(placed_at) FROM orders"), <, now - 365 * 24 * 3600);

  /* Calls and visits, with follow-ups both open and done. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM interactions"), >, CUSTCARE_DEMO_CUSTOMERS);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM interactions "
                                        "WHERE follow_up_due_at IS NOT NULL AND follow_up_done_at IS NULL"), >, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM interactions WHERE follow_up_done_at IS NOT NULL"), >, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM interactions WHERE satisfaction IS NOT NULL"), >, 0);

  /* Loyalty: earned on completion, spent, given back on returns, adjusted with a reason. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM loyalty_ledger WHERE kind = 'earn'"), >, 100);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM loyalty_ledger WHERE kind = 'redeem'"), >, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM loyalty_ledger WHERE kind = 'adjust'"), >, 0);
}

static void
test_shop_keeps_the_rules (Fixture       *f,
                           gconstpointer  data)
{
  create_demo (f);

  /* Every customer is in the search index, once. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customer_search"), ==, CUSTCARE_DEMO_CUSTOMERS);

  /* Every order's history starts with its creation and ends in its current status. */
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM orders o WHERE "
                              "(SELECT to_status FROM order_status_history h WHERE h.order_id = o.id "
                              " ORDER BY changed_at DESC, id DESC LIMIT 1) IS NOT o.status"), ==, 0);
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM orders o WHERE "
                              "(SELECT count(*) FROM order_status_history h WHERE h.order_id = o.id "
                              " AND h.from_status IS NULL) <> 1"), ==, 0);
  /* History never runs backwards in time. */
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM order_status_history a JOIN order_status_history b "
                              "ON a.order_id = b.order_id AND b.id > a.id WHERE b.changed_at < a.changed_at"), ==, 0);
  /* Completed orders earned points; no balance is negative; the denormalised dates hold. */
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM orders o WHERE status = 'completed' AND total - points_value >= 100 AND NOT EXISTS "
                              "(SELECT 1 FROM loyalty_ledger l WHERE l.order_id = o.id AND l.kind = 'earn')"), ==, 0);
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM (SELECT sum(delta) AS b FROM loyalty_ledger "
                              "GROUP BY customer_id) WHERE b < 0"), ==, 0);
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM customers c WHERE last_order_at IS NOT "
                              "(SELECT max(placed_at) FROM orders o WHERE o.customer_id = c.id)"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

static void
test_existing_shop_is_left_alone (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  gboolean created = TRUE;

  custcare_customer_set_given_name (customer, "Ada");
  custcare_customer_set_family_name (customer, "Lovelace");
  g_assert_cmpint (custcare_customer_repo_insert (f->store, customer, &error), >, 0);
  g_assert_no_error (error);

  g_assert_true (custcare_demo_create (f->store, 7, &created, &error));
  g_assert_no_error (error);
  g_assert_false (created);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM orders"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/demo/believable", Fixture, NULL, fixture_setup, test_shop_is_believable, fixture_teardown);
  g_test_add ("/demo/keeps-the-rules", Fixture, NULL, fixture_setup, test_shop_keeps_the_rules, fixture_teardown);
  g_test_add ("/demo/existing-shop-left-alone", Fixture, NULL, fixture_setup, test_existing_shop_is_left_alone,
              fixture_teardown);
  return g_test_run ();
}
