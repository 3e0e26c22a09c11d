/* test-loyalty.c — the points ledger: earn, redeem, refunds, expiry, tiers, merges
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Customers and orders are set up with plain SQL and order status changes call the order hooks
 * directly inside a transaction, exactly where the order pipeline calls them.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-loyalty.h"
#include "custcare-order-hooks.h"
#include "custcare-store-private.h"
#include "test-loyalty-model.h"

#define DAY   (24 * 3600)
#define T0    G_GINT64_CONSTANT (1767225600) /* 2026-01-01 00:00 UTC */

typedef struct
{
  char          *dir;
  CustcareStore *store;
  gint64         now;
} Fixture;

static gint64
months_after (gint64 when,
              int    months)
{
  g_autoptr (GDateTime) start = g_date_time_new_from_unix_utc (when);
  g_autoptr (GDateTime) end = g_date_time_add_months (start, months);

  return g_date_time_to_unix (end);
}

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("custcare-loyalty-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  f->now = T0;
  _custcare_store_set_clock (f->store, fixture_clock, f);
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
  g_free (f->dir);
}

/* ---- plain-SQL set-up, standing in for the customers and orders code ------------------------ */

static gint64
query_int (CustcareStore *store,
           const char    *sql,
           gint64         arg)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static gint64
add_customer (Fixture    *f,
              const char *name)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  stmt = _custcare_store_prepare (f->store,
                                  "INSERT INTO customers (display_name, sort_name, created_at, updated_at) "
                                  "VALUES (?1, ?1, ?2, ?2)",
                                  NULL);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, f->now);
  g_assert_true (_custcare_store_step_done (f->store, stmt, NULL));
  return sqlite3_last_insert_rowid (_custcare_store_get_db (f->store));
}

static gint64
add_order (Fixture *f,
           gint64   customer_id,
           gint64   total)
{
  static int serial = 0;
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autofree char *number = g_strdup_printf ("T-%05d", ++serial);

  stmt = _custcare_store_prepare (f->store,
                                  "INSERT INTO orders (number, customer_id, placed_at, subtotal, total, "
                                  "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4, ?3, ?3)",
                                  NULL);
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  sqlite3_bind_int64 (stmt, 3, f->now);
  sqlite3_bind_int64 (stmt, 4, total);
  g_assert_true (_custcare_store_step_done (f->store, stmt, NULL));
  return sqlite3_last_insert_rowid (_custcare_store_get_db (f->store));
}

/* What the order pipeline does: status, refund and history, then the hooks, in one transaction. */
static gboolean
change_status (Fixture     *f,
               gint64       order_id,
               const char  *to_status,
               gint64       refund,
               GError     **error)
{
  g_autoptr (CustcareStmt) update = NULL;
  g_autoptr (CustcareStmt) history = NULL;
  CustcareOrderTransition transition = { 0 };
  g_autofree char *from = NULL;
  gboolean ok;

  g_assert_true (custcare_store_begin (f->store, NULL));
  {
    g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (f->store, "SELECT status, customer_id FROM orders WHERE id = ?1", NULL);
    sqlite3_bind_int64 (stmt, 1, order_id);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    from = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    transition.customer_id = sqlite3_column_int64 (stmt, 1);
  }
  update = _custcare_store_prepare (f->store,
                                    "UPDATE orders SET status = ?2, refunded = refunded + ?3, updated_at = ?4, "
                                    "completed_at = CASE WHEN ?2 = 'completed' THEN ?4 ELSE completed_at END "
                                    "WHERE id = ?1",
                                    NULL);
  sqlite3_bind_int64 (update, 1, order_id);
  sqlite3_bind_text (update, 2, to_status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 3, refund);
  sqlite3_bind_int64 (update, 4, f->now);
  g_assert_true (_custcare_store_step_done (f->store, update, NULL));
  history = _custcare_store_prepare (f->store,
                                     "INSERT INTO order_status_history (order_id, changed_at, from_status, "
                                     "to_status, refund) VALUES (?1, ?2, ?3, ?4, ?5)",
                                     NULL);
  sqlite3_bind_int64 (history, 1, order_id);
  sqlite3_bind_int64 (history, 2, f->now);
  sqlite3_bind_text (history, 3, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (history, 4, to_status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (history, 5, refund);
  g_assert_true (_custcare_store_step_done (f->store, history, NULL));

  transition.order_id = order_id;
  transition.from_status = from;
  transition.to_status = to_status;
  transition.refund = refund;
  ok = _custcare_order_hooks_run (f->store, &transition, error);
  if (ok)
    ok = custcare_store_commit (f->store, error);
  else
    custcare_store_rollback (f->store);
  return ok;
}

static void
change_status_ok (Fixture    *f,
                  gint64      order_id,
                  const char *to_status,
                  gint64      refund)
{
  g_autoptr (GError) error = NULL;

  change_status (f, order_id, to_status, refund, &error);
  g_assert_no_error (error);
}

/* Runs the hook a second time for the order's current state, as a retried call would. */
static void
rerun_hook (Fixture *f,
            gint64   order_id)
{
  g_autoptr (GError) error = NULL;
  CustcareOrderTransition transition = { .order_id = order_id, .from_status = "completed", .to_status = "completed" };

  g_assert_true (custcare_store_begin (f->store, NULL));
  _custcare_loyalty_order_transition (f->store, &transition, &error);
  g_assert_no_error (error);
  g_assert_true (custcare_store_commit (f->store, NULL));
}

static gint64
balance (Fixture *f,
         gint64   customer_id)
{
  g_autoptr (GError) error = NULL;
  gint64 points = -1;

  custcare_loyalty_get_balance (f->store, customer_id, &points, &error);
  g_assert_no_error (error);
  /* The balance is the ledger's sum, counted independently, and never negative. */
  g_assert_cmpint (points, ==, query_int (f->store, "SELECT total (delta) FROM loyalty_ledger WHERE customer_id = ?1",
                                          customer_id));
  g_assert_cmpint (points, >=, 0);
  return points;
}

static gint64
order_points (Fixture    *f,
              gint64      order_id,
              const char *kind)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  stmt = _custcare_store_prepare (f->store,
                                  "SELECT total (delta) FROM loyalty_ledger WHERE order_id = ?1 AND kind = ?2", NULL);
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
redeem_ok (Fixture *f,
           gint64   order_id,
           gint64   points)
{
  g_autoptr (GError) error = NULL;

  custcare_loyalty_redeem_on_order (f->store, order_id, points, &error);
  g_assert_no_error (error);
}

static void
adjust_ok (Fixture *f,
           gint64   customer_id,
           gint64   delta)
{
  g_autoptr (GError) error = NULL;

  custcare_loyalty_adjust (f->store, customer_id, delta, "test", &error);
  g_assert_no_error (error);
}

static void
set_expiry (Fixture *f,
            gint64   months)
{
  CustcareLoyaltyRules rules;
  g_autoptr (GError) error = NULL;

  custcare_loyalty_get_rules (f->store, &rules);
  rules.expiry_months = months;
  custcare_loyalty_set_rules (f->store, &rules, &error);
  g_assert_no_error (error);
}

static gint64
ledger_rows (Fixture *f)
{
  return query_int (f->store, "SELECT count (*) FROM loyalty_ledger", 0);
}

/* ---- earning ------------------------------------------------------------------------------ */

static void
test_earn_once (Fixture       *f,
                gconstpointer  data)
{
  gint64 ann = add_customer (f, "Ann");
  gint64 order = add_order (f, ann, 12345);

  change_status_ok (f, order, "confirmed", 0);
  g_assert_cmpint (balance (f, ann), ==, 0);
  change_status_ok (f, order, "completed", 0);
  /* 123.45 earns 123 whole points. */
  g_assert_cmpint (balance (f, ann), ==, 123);

  /* The hook running again for the same completion awards nothing more. */
  rerun_hook (f, order);
  rerun_hook (f, order);
  g_assert_cmpint (balance (f, ann), ==, 123);
  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM loyalty_ledger WHERE kind = 'earn' AND order_id = ?1",
                              order), ==, 1);
}

static void
test_earn_excludes_points (Fixture       *f,
                           gconstpointer  data)
{
  gint64 ann = add_customer (f, "Ann");
  gint64 order = add_order (f, ann, 10000);

  adjust_ok (f, ann, 2000);
  /* 2000 points pay 20.00 of the 100.00 order; only the 80.00 paid in money earns points. */
  redeem_ok (f, order, 2000);
  g_assert_cmpint (query_int (f->store, "SELECT points_value FROM orders WHERE id = ?1", order), ==, 2000);
  g_assert_cmpint (query_int (f->store, "SELECT points_redeemed FROM orders WHERE id = ?1", order), ==, 2000);
  g_assert_cmpint (balance (f, ann), ==, 0);
  change_status_ok (f, order, "completed", 0);
  g_assert_cmpint (balance (f, ann), ==, 80);
}

static void
test_earn_rate_configurable (Fixture       *f,
                             gconstpointer  data)
{
  CustcareLoyaltyRules rules;
  g_autoptr (GError) error = NULL;
  g_autofree char *setting = NULL;
  gint64 ann = add_customer (f, "Ann");
  gint64 order = add_order (f, ann, 9999);

  custcare_loyalty_get_rules (f->store, &rules);
  g_assert_cmpint (rules.earn_points, ==, 1);
  g_assert_cmpint (rules.earn_spend, ==, 100);
  g_assert_cmpint (rules.redeem_points, ==, 100);
  g_assert_cmpint (rules.redeem_value, ==, 100);
  g_assert_cmpint (rules.expiry_months, ==, 0);

  /* 5 points per 10.00: 99.99 earns 49 (49.995 rounded down). */
  rules.earn_points = 5;
  rules.earn_spend = 1000;
  custcare_loyalty_set_rules (f->store, &rules, &error);
  g_assert_no_error (error);
  change_status_ok (f, order, "completed", 0);
  g_assert_cmpint (balance (f, ann), ==, 49);
  setting = custcare_store_get_setting (f->store, "loyalty.earn-points");
  g_assert_cmpstr (setting, ==, "5");

  rules.redeem_value = 0;
  g_assert_false (custcare_loyalty_set_rules (f->store, &rules, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID);
}

/* ---- redeeming ---------------------------------------------------------------------------- */

static void
test_redeem_refusals (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 ann = add_customer (f, "Ann");
  gint64 order = add_order (f, ann, 500);
  gint64 done = add_order (f, ann, 100);
  gint64 big = add_order (f, ann, 100000);
  gint64 rows, most = -1;

  adjust_ok (f, ann, 1000);
  rows = ledger_rows (f);

  /* More than the balance. */
  g_assert_false (custcare_loyalty_redeem_on_order (f->store, big, 1001, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_NOT_ENOUGH_POINTS);
  g_assert_nonnull (strstr (error->message, "1000"));
  g_clear_error (&error);

  /* Worth more than the order's 5.00. */
  g_assert_false (custcare_loyalty_redeem_on_order (f->store, order, 600, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_EXCEEDS_TOTAL);
  g_clear_error (&error);

  /* Nothing, or a negative amount. */
  g_assert_false (custcare_loyalty_redeem_on_order (f->store, order, 0, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (custcare_loyalty_redeem_on_order (f->store, order, -5, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID);
  g_clear_error (&error);

  /* A completed order. */
  change_status_ok (f, done, "completed", 0);
  rows = ledger_rows (f);
  g_assert_false (custcare_loyalty_redeem_on_order (f->store, done, 10, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_ORDER_CLOSED);
  g_clear_error (&error);

  /* An order that does not exist. */
  g_assert_false (custcare_loyalty_redeem_on_order (f->store, 999999, 10, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (ledger_rows (f), ==, rows);
  g_assert_cmpint (query_int (f->store, "SELECT points_value FROM orders WHERE id = ?1", order), ==, 0);

  /* What can be spent at most: the order's 5.00, although the balance is 1001. */
  g_assert_true (custcare_loyalty_get_redeemable (f->store, order, &most, NULL));
  g_assert_cmpint (most, ==, 500);
  g_assert_true (custcare_loyalty_get_redeemable (f->store, big, &most, NULL));
  g_assert_cmpint (most, ==, 1001);
  g_assert_true (custcare_loyalty_get_redeemable (f->store, done, &most, NULL));
  g_assert_cmpint (most, ==, 0);

  /* Two redemptions up to exactly the total are fine; one point more is not. */
  redeem_ok (f, order, 300);
  redeem_ok (f, order, 200);
  g_assert_false (custcare_loyalty_redeem_on_order (f->store, order, 1, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_EXCEEDS_TOTAL);
  g_assert_cmpint (query_int (f->store, "SELECT points_value FROM orders WHERE id = ?1", order), ==, 500);
  g_assert_cmpint (balance (f, ann), ==, 1000 + 1 - 500);
}

/* Inside a caller's transaction, a refused redemption leaves the caller's work alone. */
static void
test_redeem_nested (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 ann = add_customer (f, "Ann");
  gint64 order = add_order (f, ann, 500);

  adjust_ok (f, ann, 100);
  g_assert_true (custcare_store_begin (f->store, NULL));
  g_assert_true (_custcare_store_exec (f->store, "UPDATE orders SET notes = 'kept'", NULL));
  g_assert_false (custcare_loyalty_redeem_on_order (f->store, order, 200, &error));
  g_assert_true (_custcare_store_in_transaction (f->store));
  redeem_ok (f, order, 50);
  g_assert_true (custcare_store_commit (f->store, NULL));
  g_assert_cmpint (query_int (f->store, "SELECT notes = 'kept' FROM orders WHERE id = ?1", order), ==, 1);
  g_assert_cmpint (balance (f, ann), ==, 50);
}

/* ---- refunds and cancellations ------------------------------------------------------------ */

/* Buy, earn, refund, repeat: must never leave the customer with points. */
static void
test_refund_exploit (Fixture       *f,
                     gconstpointer  data)
{
  gint64 ann = add_customer (f, "Ann");
  gint64 kept_money = 0;

  for (int round = 0; round < 40; round++)
    {
      gint64 order = add_order (f, ann, 1000 + round);
      gint64 paid = 1000 + round;
      gint64 refunded = 0;

      change_status_ok (f, order, "completed", 0);
      /* Refund in many small steps, as a scripted attack would, but keep a coin or two at times. */
      while (refunded < paid - (round % 3))
        {
          gint64 step = MIN (1 + (round * 7 + refunded) % 97, paid - refunded);

          change_status_ok (f, order, "returned", step);
          refunded += step;
          /* Never more taken back than earned. */
          g_assert_cmpint (-order_points (f, order, "refund"), <=, order_points (f, order, "earn"));
        }
      kept_money += paid - refunded;
      if (refunded == paid)
        g_assert_cmpint (-order_points (f, order, "refund"), ==, order_points (f, order, "earn"));

      /* The points left never exceed what the money actually kept earns on its own. */
      g_assert_cmpint (balance (f, ann), <=, kept_money / 100);
    }
  g_assert_cmpint (balance (f, ann), ==, 0);
}

static void
test_refund_partial_rounding (Fixture       *f,
                              gconstpointer  data)
{
  gint64 ann = add_customer (f, "Ann");
  gint64 order = add_order (f, ann, 10000);

  change_status_ok (f, order, "completed", 0);
  g_assert_cmpint (balance (f, ann), ==, 100);
  /* 0.01 refunded takes back a whole point (rounded up): 99 left. */
  change_status_ok (f, order, "returned", 1);
  g_assert_cmpint (balance (f, ann), ==, 99);
  /* Cumulative: 50.00 refunded in total takes back 50, not 51. */
  change_status_ok (f, order, "returned", 4999);
  g_assert_cmpint (balance (f, ann), ==, 50);
  change_status_ok (f, order, "returned", 5000);
  g_assert_cmpint (balance (f, ann), ==, 0);
  g_assert_cmpint (order_points (f, order, "refund"), ==, -100);
}

static void
test_cancel_restores_redeemed (Fixture       *f,
                               gconstpointer  data)
{
  gint64 ann = add_customer (f, "Ann");
  gint64 order = add_order (f, ann, 3000);

  adjust_ok (f, ann, 700);
  redeem_ok (f, order, 500);
  g_assert_cmpint (balance (f, ann), ==, 200);
  change_status_ok (f, order, "cancelled", 0);
  g_assert_cmpint (balance (f, ann), ==, 700);
  g_assert_cmpint (order_points (f, order, "restore"), ==, 500);
  /* Running the hook again gives nothing twice. */
  rerun_hook (f, order);
  g_assert_cmpint (balance (f, ann), ==, 700);
}

static void
test_return_partial_restores (Fixture       *f,
                              gconstpointer  data)
{
  gint64 ann = add_customer (f, "Ann");
  gint64 order = add_order (f, ann, 10000);

  adjust_ok (f, ann, 1000);
  redeem_ok (f, order, 1000);          /* 10.00 in points, 90.00 in money */
  change_status_ok (f, order, "completed", 0);
  g_assert_cmpint (balance (f, ann), ==, 90);

  /* A third of the money back: a third of the spent points back (333, rounded down), and 30 of the
   * 90 earned points taken back. */
  change_status_ok (f, order, "returned", 3000);
  g_assert_cmpint (order_points (f, order, "restore"), ==, 333);
  g_assert_cmpint (order_points (f, order, "refund"), ==, -30);
  g_assert_cmpint (balance (f, ann), ==, 90 + 333 - 30);

  /* The rest: everything given back and taken back exactly. */
  change_status_ok (f, order, "returned", 6000);
  g_assert_cmpint (order_points (f, order, "restore"), ==, 1000);
  g_assert_cmpint (order_points (f, order, "refund"), ==, -90);
  g_assert_cmpint (balance (f, ann), ==, 1000);
}

/* Points already spent cannot be taken back: the refund still goes through, the row says so, and
 * the shortfall comes out of the next points earned. */
static void
test_refund_after_spending (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (CustcareLoyaltySummary) summary = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gint64 ann = add_customer (f, "Ann");
  gint64 first = add_order (f, ann, 10000);
  gint64 second = add_order (f, ann, 10000);
  gint64 third = add_order (f, ann, 3000);
  gint64 fourth = add_order (f, ann, 20000);

  change_status_ok (f, first, "completed", 0);
  redeem_ok (f, second, 80);
  g_assert_cmpint (balance (f, ann), ==, 20);

  change_status_ok (f, first, "returned", 10000);
  g_assert_cmpint (balance (f, ann), ==, 0);
  g_assert_cmpint (order_points (f, first, "refund"), ==, -20);
  entries = custcare_loyalty_list_entries (f->store, ann, NULL);
  g_assert_cmpstr (((CustcareLoyaltyEntry *) entries->pdata[0])->kind, ==, "refund");
  g_assert_nonnull (strstr (((CustcareLoyaltyEntry *) entries->pdata[0])->reason, "80 more points"));

  summary = custcare_loyalty_get_summary (f->store, ann, 30 * DAY, NULL);
  g_assert_cmpint (summary->points_owed, ==, 80);

  /* 30 new points all go to the debt; then 200 more cover the remaining 50. */
  change_status_ok (f, third, "completed", 0);
  g_assert_cmpint (balance (f, ann), ==, 0);
  change_status_ok (f, fourth, "completed", 0);
  g_assert_cmpint (order_points (f, first, "refund"), ==, -100);
  g_assert_cmpint (balance (f, ann), ==, 200 - 50);
}

/* ---- expiry -------------------------------------------------------------------------------- */

static void
test_expiry_fifo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareLoyaltySummary) summary = NULL;
  gint64 ann = add_customer (f, "Ann");
  gint64 first = add_order (f, ann, 10000);
  gint64 second = add_order (f, ann, 5000);
  gint64 third = add_order (f, ann, 100000);
  gint64 expired = -1, rows;

  set_expiry (f, 12);
  change_status_ok (f, first, "completed", 0);     /* 100 points, lapse 2027-01-01 */
  f->now += 180 * DAY;
  change_status_ok (f, second, "completed", 0);    /* 50 points, lapse 2027-06-30 */
  f->now += 30 * DAY;
  /* 120 points spent: the 100 that lapse first, then 20 of the later 50. */
  redeem_ok (f, third, 120);
  g_assert_cmpint (balance (f, ann), ==, 30);

  summary = custcare_loyalty_get_summary (f->store, ann, 365 * DAY, NULL);
  g_assert_cmpint (summary->expiring_points, ==, 30);

  f->now = T0 + 365 * DAY + 1;
  custcare_loyalty_run_expiry_full (f->store, &expired, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (expired, ==, 0);
  g_assert_cmpint (balance (f, ann), ==, 30);

  f->now = T0 + 545 * DAY;
  custcare_loyalty_run_expiry_full (f->store, &expired, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (expired, ==, 30);
  g_assert_cmpint (balance (f, ann), ==, 0);

  /* Running it again changes nothing. */
  rows = ledger_rows (f);
  custcare_loyalty_run_expiry_full (f->store, &expired, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (expired, ==, 0);
  f->now += DAY;
  g_assert_true (custcare_loyalty_run_expiry (f->store, NULL));
  g_assert_cmpint (ledger_rows (f), ==, rows);
}

static void
test_expiry_idempotent (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 ann = add_customer (f, "Ann");
  gint64 bob = add_customer (f, "Bob");
  gint64 order = add_order (f, ann, 10000);
  gint64 other = add_order (f, bob, 5000);
  gint64 rows, expired;

  set_expiry (f, 6);
  change_status_ok (f, order, "completed", 0);
  change_status_ok (f, other, "completed", 0);
  adjust_ok (f, ann, 7);                   /* a manual gift never lapses */
  g_assert_true (custcare_loyalty_adjust (f->store, ann, -30, "used at the till", NULL));
  g_assert_cmpint (balance (f, ann), ==, 77);

  /* Not yet due: nothing happens. */
  f->now = months_after (T0, 6) - 1;
  custcare_loyalty_run_expiry_full (f->store, &expired, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (expired, ==, 0);

  f->now = months_after (T0, 6);
  custcare_loyalty_run_expiry_full (f->store, &expired, NULL, &error);
  g_assert_no_error (error);
  /* Ann's 30 spent came out of the earned 100 (soonest to lapse), so 70 lapse; Bob's 50 lapse. */
  g_assert_cmpint (expired, ==, 120);
  g_assert_cmpint (balance (f, ann), ==, 7);
  g_assert_cmpint (balance (f, bob), ==, 0);

  rows = ledger_rows (f);
  for (int i = 0; i < 3; i++)
    {
      g_assert_true (custcare_loyalty_run_expiry (f->store, NULL));
      f->now += 40 * DAY;
    }
  g_assert_cmpint (ledger_rows (f), ==, rows);
}

static void
test_expiry_off (Fixture       *f,
                 gconstpointer  data)
{
  gint64 ann = add_customer (f, "Ann");
  gint64 order = add_order (f, ann, 10000);

  change_status_ok (f, order, "completed", 0);
  f->now += 3650 * DAY;
  g_assert_true (custcare_loyalty_run_expiry (f->store, NULL));
  g_assert_cmpint (balance (f, ann), ==, 100);
  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM loyalty_ledger WHERE expires_at IS NOT NULL", 0), ==, 0);
}

static void
expiry_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  gint64 *expired = user_data;
  g_autoptr (GError) error = NULL;

  custcare_loyalty_run_expiry_finish (CUSTCARE_STORE (object), result, expired, &error);
  g_assert_no_error (error);
}

/* The app's start-up and daily pass: in a thread, on its own connection. */
static void
test_expiry_background (Fixture       *f,
                        gconstpointer  data)
{
  gint64 ann = add_customer (f, "Ann");
  gint64 order = add_order (f, ann, 4200);
  gint64 expired = -1;

  set_expiry (f, 1);
  change_status_ok (f, order, "completed", 0);
  f->now = months_after (f->now, 1);
  custcare_loyalty_run_expiry_async (f->store, NULL, expiry_done_cb, &expired);
  while (expired < 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (expired, ==, 42);
  g_assert_cmpint (balance (f, ann), ==, 0);
}

/* ---- tiers ---------------------------------------------------------------------------------- */

static gint64
earn_after_spend (Fixture *f,
                  gint64   spend)
{
  gint64 customer = add_customer (f, "Tiered");
  gint64 earlier = add_order (f, customer, spend);
  gint64 order = add_order (f, customer, 10000);

  change_status_ok (f, earlier, "completed", 0);
  f->now += DAY;
  change_status_ok (f, order, "completed", 0);
  return order_points (f, order, "earn");
}

static void
test_tiers_thresholds (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GPtrArray) tiers = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareLoyaltySummary) summary = NULL;
  gint64 platinum = 0, customer, old_order, order;

  /* Defaults: Bronze 0 (1x), Silver 500.00 (1.25x), Gold 1500.00 (1.5x). 100.00 earns 100 base. */
  g_assert_cmpint (earn_after_spend (f, 49999), ==, 100);
  g_assert_cmpint (earn_after_spend (f, 50000), ==, 125);
  g_assert_cmpint (earn_after_spend (f, 149999), ==, 125);
  g_assert_cmpint (earn_after_spend (f, 150000), ==, 150);

  /* Thresholds and multipliers are editable. */
  custcare_loyalty_save_tier (f->store, 0, "Platinum", 300000, 200, &platinum, &error);
  g_assert_no_error (error);
  g_assert_cmpint (earn_after_spend (f, 300000), ==, 200);
  custcare_loyalty_save_tier (f->store, platinum, "Platinum", 300001, 300, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (earn_after_spend (f, 300000), ==, 150);
  g_assert_cmpint (earn_after_spend (f, 300001), ==, 300);
  g_assert_false (custcare_loyalty_save_tier (f->store, 0, "Gold", 5, 100, NULL, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (custcare_loyalty_save_tier (f->store, 0, "Zero", 7, 0, NULL, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (custcare_loyalty_delete_tier (f->store, platinum, NULL));
  tiers = custcare_loyalty_list_tiers (f->store, NULL);
  g_assert_cmpuint (tiers->len, ==, 3);
  g_assert_cmpstr (((CustcareLoyaltyTier *) tiers->pdata[1])->name, ==, "Silver");

  /* The 12-month window: spend completed exactly 12 months ago no longer counts. */
  customer = add_customer (f, "Window");
  old_order = add_order (f, customer, 60000);
  order = add_order (f, customer, 10000);
  change_status_ok (f, old_order, "completed", 0);
  f->now = months_after (f->now, 12) - 1;
  summary = custcare_loyalty_get_summary (f->store, customer, 0, NULL);
  g_assert_cmpstr (summary->tier_name, ==, "Silver");
  g_assert_cmpint (summary->spend_12_months, ==, 60000);
  g_assert_cmpstr (summary->next_tier_name, ==, "Gold");
  g_assert_cmpint (summary->next_tier_spend, ==, 90000);
  g_clear_pointer (&summary, custcare_loyalty_summary_free);
  f->now += 1;
  summary = custcare_loyalty_get_summary (f->store, customer, 0, NULL);
  g_assert_cmpstr (summary->tier_name, ==, "Bronze");
  change_status_ok (f, order, "completed", 0);
  g_assert_cmpint (order_points (f, order, "earn"), ==, 100);
}

/* ---- adjustments, merges, the database's own guards ------------------------------------------ */

static void
test_adjust (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gint64 ann = add_customer (f, "Ann");

  g_assert_false (custcare_loyalty_adjust (f->store, ann, 50, "   ", &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_false (custcare_loyalty_adjust (f->store, ann, 50, NULL, &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  g_assert_false (custcare_loyalty_adjust (f->store, 424242, 50, "gift", &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (ledger_rows (f), ==, 0);

  g_assert_true (custcare_loyalty_adjust (f->store, ann, 50, "  Birthday gift ", NULL));
  g_assert_false (custcare_loyalty_adjust (f->store, ann, -51, "correction", &error));
  g_assert_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_NOT_ENOUGH_POINTS);
  g_assert_true (custcare_loyalty_adjust (f->store, ann, -50, "correction", NULL));
  g_assert_cmpint (balance (f, ann), ==, 0);

  entries = custcare_loyalty_list_entries (f->store, ann, NULL);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((CustcareLoyaltyEntry *) entries->pdata[1])->reason, ==, "Birthday gift");
  g_assert_cmpstr (((CustcareLoyaltyEntry *) entries->pdata[1])->kind, ==, "adjust");
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 ann = add_customer (f, "Ann");
  gint64 dup = add_customer (f, "Ann (duplicate)");
  gint64 order = add_order (f, dup, 5000);
  gint64 rows;

  adjust_ok (f, ann, 10);
  change_status_ok (f, order, "completed", 0);
  adjust_ok (f, dup, 5);
  rows = ledger_rows (f);

  g_assert_true (custcare_store_begin (f->store, NULL));
  _custcare_loyalty_merge (f->store, dup, ann, &error);
  g_assert_no_error (error);
  g_assert_true (_custcare_store_exec (f->store, "UPDATE customers SET merged_into_id = 1 WHERE id = 2", NULL));
  g_assert_true (custcare_store_commit (f->store, NULL));

  g_assert_cmpint (balance (f, ann), ==, 65);
  g_assert_cmpint (balance (f, dup), ==, 0);
  g_assert_cmpint (ledger_rows (f), ==, rows);

  /* The order stayed with the old record: its refund still reaches the merged customer. */
  change_status_ok (f, order, "returned", 5000);
  g_assert_cmpint (balance (f, ann), ==, 15);
  g_assert_cmpint (balance (f, dup), ==, 0);
}

static void
test_triggers (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 ann = add_customer (f, "Ann");
  gint64 bob = add_customer (f, "Bob");

  adjust_ok (f, ann, 10);
  g_assert_false (_custcare_store_exec (f->store, "UPDATE loyalty_ledger SET delta = 1000", &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "cannot be changed"));
  g_clear_error (&error);
  g_assert_false (_custcare_store_exec (f->store, "UPDATE loyalty_ledger SET reason = 'other'", &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (_custcare_store_exec (f->store, "DELETE FROM loyalty_ledger", &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "cannot be deleted"));
  g_clear_error (&error);
  /* A negative balance is refused by the database even if the code were wrong. */
  g_assert_false (_custcare_store_exec (f->store,
                                        "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind, reason) "
                                        "VALUES (1, 0, -11, 'adjust', 'x')",
                                        &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  /* An adjustment without a reason is refused by the database too. */
  g_assert_false (_custcare_store_exec (f->store,
                                        "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind) "
                                        "VALUES (1, 0, 5, 'adjust')",
                                        &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  /* Moving rows to another customer (a merge) is the one change allowed. */
  g_assert_true (_custcare_store_exec (f->store, "UPDATE loyalty_ledger SET customer_id = 2", NULL));
  g_assert_cmpint (balance (f, bob), ==, 10);
  g_assert_cmpint (balance (f, ann), ==, 0);
}

/* ---- property test: random histories against a separate model (test-loyalty-model.c) ---------- */

#define N_CUSTOMERS 3
#define STEPS 25

typedef struct
{
  Fixture  *f;
  Model    *model;
  GRand    *rand;
  gint64    customers[N_CUSTOMERS];
  GArray   *orders;  /* database ids, by model index */
  guint     sequence;
  int       step;
} Run;

static int
pick_live_customer (Run *run)
{
  int live[N_CUSTOMERS], n = 0;

  for (int c = 0; c < N_CUSTOMERS; c++)
    if (!model_is_merged (run->model, c))
      live[n++] = c;
  return live[g_rand_int_range (run->rand, 0, n)];
}

/* A random order of the sequence whose status is one of @statuses, or -1. */
static int
pick_order (Run               *run,
            const char *const *statuses)
{
  g_autoptr (GArray) matches = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < run->orders->len; i++)
    if (statuses == NULL || g_strv_contains (statuses, model_order_status (run->model, i)))
      g_array_append_val (matches, i);
  if (matches->len == 0)
    return -1;
  return g_array_index (matches, int, g_rand_int_range (run->rand, 0, matches->len));
}

static const char *const open_statuses[] = { "new", "confirmed", "in-progress", "ready", "shipped", NULL };
static const char *const returnable_statuses[] = { "ready", "shipped", "completed", "returned", NULL };
static const char *const cancellable_statuses[] = { "new", "confirmed", "in-progress", "ready", "shipped", NULL };

static void
check_run (Run        *run,
           const char *what)
{
  Fixture *f = run->f;

  for (int c = 0; c < N_CUSTOMERS; c++)
    {
      gint64 expected = model_balance (run->model, c);
      gint64 actual = balance (f, run->customers[c]);

      if (actual != expected)
        g_error ("sequence %u step %d (%s): customer %d has %" G_GINT64_FORMAT " points, the model says %"
                 G_GINT64_FORMAT, run->sequence, run->step, what, c, actual, expected);
    }
  for (guint i = 0; i < run->orders->len; i++)
    {
      gint64 id = g_array_index (run->orders, gint64, i);
      gint64 earned, taken, redeemed, restored;

      model_order_points (run->model, i, &earned, &taken, &redeemed, &restored);
      if (order_points (f, id, "earn") != earned || -order_points (f, id, "refund") != taken ||
          -order_points (f, id, "redeem") != redeemed || order_points (f, id, "restore") != restored ||
          query_int (f->store, "SELECT points_value FROM orders WHERE id = ?1", id) !=
            model_order_points_value (run->model, i))
        g_error ("sequence %u step %d (%s): order %u has earn %" G_GINT64_FORMAT " refund %" G_GINT64_FORMAT
                 " redeem %" G_GINT64_FORMAT " restore %" G_GINT64_FORMAT "; the model says %" G_GINT64_FORMAT
                 " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                 run->sequence, run->step, what, i, order_points (f, id, "earn"), -order_points (f, id, "refund"),
                 -order_points (f, id, "redeem"), order_points (f, id, "restore"), earned, taken, redeemed, restored);
      /* Never more taken back than earned, never more given back than spent. */
      g_assert_cmpint (taken, <=, earned);
      g_assert_cmpint (restored, <=, redeemed);
    }
}

static const char *
random_step (Run *run)
{
  Fixture *f = run->f;
  GRand *r = run->rand;
  g_autoptr (GError) error = NULL;
  int op = g_rand_int_range (r, 0, 100);
  int o;

  if (op < 14)
    {
      int c = pick_live_customer (run);
      gint64 total = g_rand_int_range (r, 0, 5) == 0 ? g_rand_int_range (r, 0, 300) : g_rand_int_range (r, 0, 90000);
      gint64 id = add_order (f, run->customers[c], total);

      g_array_append_val (run->orders, id);
      g_assert_cmpint (model_add_order (run->model, c, total), ==, run->orders->len - 1);
      return "new order";
    }
  if (op < 32 && (o = pick_order (run, open_statuses)) >= 0)
    {
      change_status_ok (f, g_array_index (run->orders, gint64, o), "completed", 0);
      model_change_status (run->model, o, "completed", 0);
      return "complete";
    }
  if (op < 36 && (o = pick_order (run, (const char *const[]) { "new", "confirmed", NULL })) >= 0)
    {
      change_status_ok (f, g_array_index (run->orders, gint64, o), "ready", 0);
      model_change_status (run->model, o, "ready", 0);
      return "ready";
    }
  if (op < 48 && (o = pick_order (run, g_rand_int_range (r, 0, 6) == 0 ? NULL : open_statuses)) >= 0)
    {
      gint64 id = g_array_index (run->orders, gint64, o);
      gint64 have = model_balance (run->model, model_order_customer (run->model, o));
      CustcareLoyaltyRules rules;
      gint64 points, fits;
      gboolean expected, ok;

      custcare_loyalty_get_rules (f->store, &rules);
      fits = (model_order_total (run->model, o) - model_order_points_value (run->model, o)) * rules.redeem_points /
             rules.redeem_value;
      switch (g_rand_int_range (r, 0, 5))
        {
        case 0: points = MIN (have, fits); break;
        case 1: points = MIN (have, fits) / 2; break;
        case 2: points = g_rand_int_range (r, -1, (gint32) MIN (have + 20, G_MAXINT32 - 1)); break;
        case 3: points = g_rand_int_range (r, 1, 400); break;
        default: points = have + 1; break;
        }
      /* The most that can be spent is exactly where the model starts refusing. */
      {
        gint64 most = -1;

        g_assert_true (custcare_loyalty_get_redeemable (f->store, id, &most, NULL));
        if (most > 0 && custcare_loyalty_points_value (&rules, most) > 0)
          g_assert_true (model_redeem_would_accept (run->model, o, most));
        if (points > most)
          g_assert_false (model_redeem_would_accept (run->model, o, points));
      }
      expected = model_redeem (run->model, o, points);
      ok = custcare_loyalty_redeem_on_order (f->store, id, points, &error);
      if (ok != expected)
        g_error ("sequence %u step %d: redeeming %" G_GINT64_FORMAT " points on order %d: %s, the model says %s",
                 run->sequence, run->step, points, o, ok ? "accepted" : error->message,
                 expected ? "accept" : "refuse");
      return ok ? "redeem" : "redeem refused";
    }
  if (op < 62 && (o = pick_order (run, returnable_statuses)) >= 0)
    {
      gint64 left = model_order_paid (run->model, o) - model_order_refunded (run->model, o);
      gint64 refund;

      if (op < 55 && left >= 2)
        refund = g_rand_int_range (r, 1, (gint32) left);
      else
        refund = MAX (left, 0);
      change_status_ok (f, g_array_index (run->orders, gint64, o), "returned", refund);
      model_change_status (run->model, o, "returned", refund);
      return op < 55 ? "partial return" : "full return";
    }
  if (op < 68 && (o = pick_order (run, cancellable_statuses)) >= 0)
    {
      gint64 refund = model_order_paid (run->model, o) - model_order_refunded (run->model, o);

      change_status_ok (f, g_array_index (run->orders, gint64, o), "cancelled", MAX (refund, 0));
      model_change_status (run->model, o, "cancelled", MAX (refund, 0));
      return "cancel";
    }
  if (op < 73 && (o = pick_order (run, NULL)) >= 0)
    {
      rerun_hook (f, g_array_index (run->orders, gint64, o));
      model_rerun (run->model, o);
      return "hook again";
    }
  if (op < 84)
    {
      int c = pick_live_customer (run);
      gint64 have = model_balance (run->model, c);
      gint64 delta = g_rand_int_range (r, (gint32) -MIN (have + 30, G_MAXINT32 - 1), 300);
      gboolean expected = model_adjust (run->model, c, delta);
      gboolean ok = custcare_loyalty_adjust (f->store, run->customers[c], delta, "random", &error);

      if (ok != expected)
        g_error ("sequence %u step %d: adjusting by %" G_GINT64_FORMAT ": %s, the model says %s", run->sequence,
                 run->step, delta, ok ? "accepted" : error->message, expected ? "accept" : "refuse");
      return ok ? "adjust" : "adjust refused";
    }
  if (op < 92)
    {
      gint64 expired = 0;

      g_assert_true (custcare_loyalty_run_expiry_full (f->store, &expired, NULL, &error));
      model_expiry_pass (run->model);
      return expired > 0 ? "expiry pass" : "expiry pass (nothing due)";
    }
  if (op < 96)
    {
      int from = pick_live_customer (run), into = pick_live_customer (run);
      g_autoptr (CustcareStmt) orders = NULL;
      g_autoptr (CustcareStmt) customer = NULL;

      if (from == into)
        return "no merge";
      g_assert_true (custcare_store_begin (f->store, NULL));
      _custcare_loyalty_merge (f->store, run->customers[from], run->customers[into], &error);
      g_assert_no_error (error);
      orders = _custcare_store_prepare (f->store, "UPDATE orders SET customer_id = ?2 WHERE customer_id = ?1", NULL);
      sqlite3_bind_int64 (orders, 1, run->customers[from]);
      sqlite3_bind_int64 (orders, 2, run->customers[into]);
      g_assert_true (_custcare_store_step_done (f->store, orders, NULL));
      customer = _custcare_store_prepare (f->store, "UPDATE customers SET merged_into_id = ?2 WHERE id = ?1", NULL);
      sqlite3_bind_int64 (customer, 1, run->customers[from]);
      sqlite3_bind_int64 (customer, 2, run->customers[into]);
      g_assert_true (_custcare_store_step_done (f->store, customer, NULL));
      g_assert_true (custcare_store_commit (f->store, NULL));
      model_merge (run->model, from, into);
      return "merge";
    }

  /* A long quiet spell, then the daily pass. */
  f->now += g_rand_int_range (r, 30, 200) * DAY;
  model_set_now (run->model, f->now);
  {
    gint64 expired = 0;

    g_assert_true (custcare_loyalty_run_expiry_full (f->store, &expired, NULL, &error));
    model_expiry_pass (run->model);
    return expired > 0 ? "months later (points lapsed)" : "months later";
  }
}

static void
test_random_histories (Fixture       *f,
                       gconstpointer  data)
{
  const char *env = g_getenv ("CUSTCARE_LOYALTY_SEQUENCES");
  guint sequences = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 2000;
  const char *seed_env = g_getenv ("CUSTCARE_LOYALTY_SEED");
  guint32 seed = seed_env != NULL ? (guint32) g_ascii_strtoull (seed_env, NULL, 10) : g_test_rand_int ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  static const gint64 rates[][4] = {
    { 1, 100, 100, 100 }, { 5, 1000, 100, 100 }, { 3, 1, 1, 1 }, { 1, 100, 50, 7 }, { 2, 300, 7, 50 },
  };
  static const gint64 expiry[] = { 0, 0, 1, 2, 3, 12 };

  g_test_message ("random histories: seed %u (replay with CUSTCARE_LOYALTY_SEED=%u), %u sequences", seed, seed,
                  sequences);
  /* Speed only: this file is thrown away. */
  g_assert_true (_custcare_store_exec (f->store, "PRAGMA synchronous = OFF", NULL));

  for (guint s = 0; s < sequences; s++)
    {
      const gint64 *rate = rates[g_rand_int_range (rand, 0, G_N_ELEMENTS (rates))];
      CustcareLoyaltyRules rules = { rate[0], rate[1], rate[2], rate[3],
                                     expiry[g_rand_int_range (rand, 0, G_N_ELEMENTS (expiry))] };
      g_autoptr (GError) error = NULL;
      g_autoptr (GArray) orders = g_array_new (FALSE, FALSE, sizeof (gint64));
      Run run = { .f = f, .rand = rand, .orders = orders, .sequence = s };

      /* A fresh file now and then keeps the ledger small, so thousands of sequences stay quick. */
      if (s > 0 && s % 100 == 0)
        {
          g_autofree char *name = g_strdup_printf ("random-%u.db", s);
          g_autofree char *path = g_build_filename (f->dir, name, NULL);

          g_clear_object (&f->store);
          f->store = custcare_store_open (path, &error);
          g_assert_no_error (error);
          _custcare_store_set_clock (f->store, fixture_clock, f);
          g_assert_true (_custcare_store_exec (f->store, "PRAGMA synchronous = OFF", NULL));
        }

      custcare_loyalty_set_rules (f->store, &rules, &error);
      g_assert_no_error (error);
      run.model = model_new (rules.earn_points, rules.earn_spend, rules.redeem_points, rules.redeem_value,
                             rules.expiry_months);
      model_set_now (run.model, f->now);
      model_set_watermark (run.model, custcare_store_get_setting_int (f->store, "loyalty.expiry-checked-until",
                                                                      G_MININT64));
      for (int c = 0; c < N_CUSTOMERS; c++)
        {
          run.customers[c] = add_customer (f, "Random");
          g_assert_cmpint (model_add_customer (run.model), ==, c);
        }

      for (run.step = 0; run.step < STEPS; run.step++)
        {
          const char *what;

          f->now += g_rand_int_range (rand, 0, 6 * DAY);
          model_set_now (run.model, f->now);
          what = random_step (&run);
          check_run (&run, what);
          g_hash_table_insert (counts, (gpointer) what,
                               GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, what)) + 1));
        }
      model_free (run.model);
    }

  /* Every kind of step really happened, many times over. */
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_test_message ("%s: %d", (const char *) key, GPOINTER_TO_INT (value));
  if (sequences >= 1000)
    for (const char *const *what = (const char *const[]) { "new order", "complete", "redeem", "redeem refused",
                                                           "partial return", "full return", "cancel",
                                                           "hook again", "adjust", "adjust refused",
                                                           "expiry pass", "merge", "months later",
                                                           "months later (points lapsed)", NULL };
         *what != NULL; what++)
      g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (counts, *what)), >, 200);

  /* Across every file: no customer anywhere ever went below zero. */
  g_assert_cmpint (query_int (f->store, "SELECT count (*) FROM (SELECT customer_id FROM loyalty_ledger "
                                        "GROUP BY customer_id HAVING sum (delta) < 0)", 0), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/loyalty/earn/once-per-order", test_earn_once);
  ADD ("/loyalty/earn/excludes-points-paid", test_earn_excludes_points);
  ADD ("/loyalty/earn/rate-configurable", test_earn_rate_configurable);
  ADD ("/loyalty/redeem/refusals", test_redeem_refusals);
  ADD ("/loyalty/redeem/nested-transaction", test_redeem_nested);
  ADD ("/loyalty/refund/exploit", test_refund_exploit);
  ADD ("/loyalty/refund/partial-rounding", test_refund_partial_rounding);
  ADD ("/loyalty/refund/after-spending", test_refund_after_spending);
  ADD ("/loyalty/cancel/restores-redeemed", test_cancel_restores_redeemed);
  ADD ("/loyalty/return/partial-restores", test_return_partial_restores);
  ADD ("/loyalty/expiry/fifo", test_expiry_fifo);
  ADD ("/loyalty/expiry/idempotent", test_expiry_idempotent);
  ADD ("/loyalty/expiry/off", test_expiry_off);
  ADD ("/loyalty/expiry/background", test_expiry_background);
  ADD ("/loyalty/tiers/thresholds", test_tiers_thresholds);
  ADD ("/loyalty/adjust", test_adjust);
  ADD ("/loyalty/merge", test_merge);
  ADD ("/loyalty/ledger/triggers", test_triggers);
  ADD ("/loyalty/property/random-histories", test_random_histories);
#undef ADD

  return g_test_run ();
}
