/* custcare-loyalty-expiry.c — points that lapse, replayed from the ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * There is no table of "lots": which points are still held is worked out by replaying a customer's
 * ledger in order. Every positive row starts a lot (earned points carry their expiry date, other
 * points never lapse); every negative row, whatever its kind, uses up the soonest-expiring lots
 * first. Because the replay is a pure function of the append-only ledger, the expiry pass only
 * has to append one `expire` row for what is left of the lapsed lots, and running it again finds
 * nothing left to expire.
 *
 * The code runs a customer's expiry before it spends or takes back their points, so a lapsed lot
 * is always gone before anything later could draw on it.
 */
#define G_LOG_DOMAIN "custcare-loyalty"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "custcare-loyalty-private.h"

/* Customers per transaction in the expiry pass: short enough that the front desk never waits on
 * the write lock, long enough not to pay for a commit per customer. */
#define EXPIRY_BATCH 200

#define WATERMARK_KEY "loyalty.expiry-checked-until"

gint64
_custcare_loyalty_add_months (gint64 when,
                              int    months)
{
  g_autoptr (GDateTime) start = g_date_time_new_from_unix_utc (when);
  g_autoptr (GDateTime) end = NULL;

  if (start == NULL)
    return when;
  end = g_date_time_add_months (start, months);
  return end != NULL ? g_date_time_to_unix (end) : when;
}

gboolean
_custcare_loyalty_begin (CustcareStore  *store,
                         gboolean       *nested,
                         GError        **error)
{
  /* Inside someone else's transaction (an order status change, a merge) a savepoint keeps a
   * refused loyalty change from leaving half of its rows behind in theirs. */
  *nested = _custcare_store_in_transaction (store);
  if (*nested)
    return _custcare_store_exec (store, "SAVEPOINT loyalty", error);
  return custcare_store_begin (store, error);
}

gboolean
_custcare_loyalty_end (CustcareStore  *store,
                       gboolean        nested,
                       gboolean        ok,
                       GError        **error)
{
  if (nested)
    {
      if (ok)
        return _custcare_store_exec (store, "RELEASE loyalty", error);
      _custcare_store_exec (store, "ROLLBACK TO loyalty; RELEASE loyalty", NULL);
      return FALSE;
    }
  if (ok)
    return custcare_store_commit (store, error);
  custcare_store_rollback (store);
  return FALSE;
}

GArray *
_custcare_loyalty_compute_lots (CustcareStore  *store,
                                gint64          customer_id,
                                GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autoptr (GArray) lots = g_array_new (FALSE, FALSE, sizeof (CustcareLoyaltyLot));
  int rc;

  stmt = _custcare_store_prepare (store,
                                  "SELECT delta, expires_at FROM loyalty_ledger "
                                  "WHERE customer_id = ?1 ORDER BY created_at, id",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 delta = sqlite3_column_int64 (stmt, 0);

      if (delta > 0)
        {
          CustcareLoyaltyLot lot = {
            .expires_at = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? G_MAXINT64
                                                                       : sqlite3_column_int64 (stmt, 1),
            .remaining = delta,
          };
          guint pos = lots->len;

          /* Keep the lots sorted by expiry; equal dates stay in the order they were earned. */
          while (pos > 0 && g_array_index (lots, CustcareLoyaltyLot, pos - 1).expires_at > lot.expires_at)
            pos--;
          g_array_insert_val (lots, pos, lot);
        }
      else
        {
          gint64 to_take = -delta;

          for (guint i = 0; i < lots->len && to_take > 0; i++)
            {
              CustcareLoyaltyLot *lot = &g_array_index (lots, CustcareLoyaltyLot, i);
              gint64 take = MIN (lot->remaining, to_take);

              lot->remaining -= take;
              to_take -= take;
            }
        }
    }
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&lots);
}

gboolean
_custcare_loyalty_expire_customer (CustcareStore  *store,
                                   gint64          customer_id,
                                   gint64         *expired,
                                   GError        **error)
{
  g_autoptr (GArray) lots = NULL;
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autoptr (GDateTime) lapsed = NULL;
  g_autofree char *lapsed_text = NULL;
  gint64 now = _custcare_store_now (store);
  gint64 amount = 0, latest = 0, balance;

  if (expired != NULL)
    *expired = 0;

  /* With expiry switched off nothing lapses, even points earned while it was on. */
  if (custcare_store_get_setting_int (store, "loyalty.expiry-months", 0) <= 0)
    return TRUE;

  lots = _custcare_loyalty_compute_lots (store, customer_id, error);
  if (lots == NULL)
    return FALSE;

  for (guint i = 0; i < lots->len; i++)
    {
      const CustcareLoyaltyLot *lot = &g_array_index (lots, CustcareLoyaltyLot, i);

      if (lot->expires_at <= now && lot->remaining > 0)
        {
          amount += lot->remaining;
          latest = MAX (latest, lot->expires_at);
        }
    }
  if (amount == 0)
    return TRUE;

  /* The replay cannot hold more than the balance, but the balance is what the database guards:
   * never ask it for more. */
  if (!_custcare_loyalty_balance (store, customer_id, &balance, error))
    return FALSE;
  amount = MIN (amount, balance);
  if (amount <= 0)
    return TRUE;

  lapsed = g_date_time_new_from_unix_utc (latest);
  lapsed_text = g_date_time_format (lapsed, "%Y-%m-%d");

  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind, reason) "
                                  "VALUES (?1, ?2, ?3, 'expire', ?4)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  {
    g_autofree char *reason = g_strdup_printf (_("Unused points that lapsed on or before %s"), lapsed_text);

    sqlite3_bind_int64 (stmt, 1, customer_id);
    sqlite3_bind_int64 (stmt, 2, now);
    sqlite3_bind_int64 (stmt, 3, -amount);
    sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_TRANSIENT);
    if (!_custcare_store_step_done (store, stmt, error))
      return FALSE;
  }

  if (expired != NULL)
    *expired = amount;
  return TRUE;
}

/**
 * custcare_loyalty_run_expiry_full:
 * @expired_points: (out) (optional): how many points lapsed in this pass
 *
 * Appends an `expire` row for every customer whose earned points have lapsed. Only customers with
 * points that lapsed since the last pass are looked at (a watermark in the settings), so the daily
 * pass stays small at a million customers; each customer's replay is exact, so running the pass
 * twice, or after a crash half-way, changes nothing. Works in batches of short transactions; run
 * it on a worker connection (custcare_store_open_worker()) from the user interface.
 */
gboolean
custcare_loyalty_run_expiry_full (CustcareStore  *store,
                                  gint64         *expired_points,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  CustcareLoyaltyRules rules;
  g_autoptr (GArray) customers = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 now, watermark, total = 0;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  if (expired_points != NULL)
    *expired_points = 0;

  custcare_loyalty_get_rules (store, &rules);
  if (rules.expiry_months <= 0)
    return TRUE;

  now = _custcare_store_now (store);
  watermark = custcare_store_get_setting_int (store, WATERMARK_KEY, G_MININT64);

  {
    g_autoptr (CustcareStmt) stmt = NULL;

    stmt = _custcare_store_prepare (store,
                                    "SELECT DISTINCT customer_id FROM loyalty_ledger "
                                    "WHERE expires_at IS NOT NULL AND expires_at > ?1 AND expires_at <= ?2",
                                    error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, watermark);
    sqlite3_bind_int64 (stmt, 2, now);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (customers, id);
      }
    if (rc != SQLITE_DONE)
      return _custcare_store_set_error (store, rc, error);
  }

  for (guint start = 0; start < customers->len; start += EXPIRY_BATCH)
    {
      gboolean nested, ok = TRUE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!_custcare_loyalty_begin (store, &nested, error))
        return FALSE;
      for (guint i = start; ok && i < MIN (start + EXPIRY_BATCH, customers->len); i++)
        {
          gint64 expired = 0;

          ok = _custcare_loyalty_expire_customer (store, g_array_index (customers, gint64, i), &expired, error);
          total += expired;
        }
      if (!_custcare_loyalty_end (store, nested, ok, error))
        return FALSE;
    }

  if (now > watermark && !custcare_store_set_setting_int (store, WATERMARK_KEY, now, error))
    return FALSE;

  if (expired_points != NULL)
    *expired_points = total;
  return TRUE;
}

/**
 * custcare_loyalty_run_expiry:
 *
 * The expiry pass (see custcare_loyalty_run_expiry_full()). The app runs it at start-up and daily.
 */
gboolean
custcare_loyalty_run_expiry (CustcareStore  *store,
                             GError        **error)
{
  return custcare_loyalty_run_expiry_full (store, NULL, NULL, error);
}

static void
expiry_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CustcareStore *store = source_object;
  g_autoptr (CustcareStore) worker = NULL;
  g_autoptr (GError) error = NULL;
  gint64 expired = 0;

  /* Its own connection: the pass scans the whole ledger, which must not hold up the window. */
  worker = custcare_store_open_worker (store, &error);
  if (worker == NULL || !custcare_loyalty_run_expiry_full (worker, &expired, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, (gssize) expired);
}

/**
 * custcare_loyalty_run_expiry_async:
 *
 * Runs the expiry pass in a thread, on a worker connection to @store's file.
 */
void
custcare_loyalty_run_expiry_async (CustcareStore       *store,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CUSTCARE_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_loyalty_run_expiry_async);

  /* With expiry off (the default) there is nothing to scan: no thread, no second connection. */
  if (custcare_store_get_setting_int (store, "loyalty.expiry-months", 0) <= 0)
    {
      g_task_return_int (task, 0);
      return;
    }
  g_task_run_in_thread (task, expiry_thread);
}

gboolean
custcare_loyalty_run_expiry_finish (CustcareStore  *store,
                                    GAsyncResult   *result,
                                    gint64         *expired_points,
                                    GError        **error)
{
  gssize expired;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  expired = g_task_propagate_int (G_TASK (result), error);
  if (expired < 0)
    return FALSE;
  if (expired_points != NULL)
    *expired_points = expired;
  return TRUE;
}

static void
scheduled_expiry_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  gint64 expired = 0;

  if (!custcare_loyalty_run_expiry_finish (CUSTCARE_STORE (object), result, &expired, &error))
    g_warning ("The daily loyalty points expiry did not run: %s", error->message);
  else if (expired > 0)
    g_debug ("%" G_GINT64_FORMAT " loyalty points lapsed", expired);
}

static gboolean
scheduled_expiry_tick (gpointer user_data)
{
  custcare_loyalty_run_expiry_async (CUSTCARE_STORE (user_data), NULL, scheduled_expiry_cb, NULL);
  return G_SOURCE_CONTINUE;
}

/**
 * custcare_loyalty_schedule_expiry:
 *
 * Runs the expiry pass now, in the background, and again every day while the main loop runs.
 *
 * Returns: the id of the daily source; remove it with g_clear_handle_id() when the app quits.
 */
guint
custcare_loyalty_schedule_expiry (CustcareStore *store)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);

  scheduled_expiry_tick (store);
  return g_timeout_add_seconds_full (G_PRIORITY_LOW, 24 * 60 * 60, scheduled_expiry_tick, g_object_ref (store),
                                     g_object_unref);
}
