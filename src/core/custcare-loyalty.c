/* custcare-loyalty.c — loyalty points: earn, redeem, take back, adjust, tiers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Refunds are reconciled, not replayed: for an order, what should have been taken back and given
 * back so far is a function of the order's *cumulative* refund (orders.refunded), and the code
 * appends only the difference from what the ledger already holds for that order. So the hook can
 * run twice for one change, partial refunds can come in any number of steps, and the points that
 * leave can never add up to more than the order earned; a full refund takes back exactly what it
 * earned. That is what makes "buy, earn, refund, repeat" unable to create points.
 *
 * Durability: ledger rows are written in the same transaction as the order's status change, so a
 * crash keeps both or neither. The connection runs WAL with synchronous=NORMAL; FULL would only
 * add that the very last commits survive a power cut (not an app crash), and SQLite cannot switch
 * it inside the order's transaction anyway. A commit lost to a power cut loses the status change
 * with its points, never one without the other, so NORMAL is kept.
 */
#define G_LOG_DOMAIN "custcare-loyalty"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "custcare-loyalty-private.h"
#include "custcare-money.h"
#include "custcare-order-hooks.h"

G_DEFINE_QUARK (custcare-loyalty-error-quark, custcare_loyalty_error)

#define DEFAULT_EARN_POINTS   1
#define DEFAULT_EARN_SPEND    100
#define DEFAULT_REDEEM_POINTS 100
#define DEFAULT_REDEEM_VALUE  100

typedef struct
{
  gint64  id;
  gint64  customer_id;  /* who holds the order's points now (follows merges) */
  char   *status;
  char   *number;
  gint64  total;
  gint64  points_value;
  gint64  refunded;
  gint64  earned;       /* points earned on the order */
  gint64  taken;        /* earned points taken back so far */
  gint64  redeemed;     /* points spent on the order */
  gint64  restored;     /* spent points given back so far */
  gboolean has_earn_row;
} OrderPoints;

static void
order_points_clear (OrderPoints *order)
{
  g_clear_pointer (&order->status, g_free);
  g_clear_pointer (&order->number, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OrderPoints, order_points_clear)

/* ---- rules ------------------------------------------------------------------------------ */

void
custcare_loyalty_get_rules (CustcareStore        *store,
                            CustcareLoyaltyRules *rules)
{
  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (rules != NULL);

  rules->earn_points = custcare_store_get_setting_int (store, "loyalty.earn-points", DEFAULT_EARN_POINTS);
  rules->earn_spend = custcare_store_get_setting_int (store, "loyalty.earn-spend", DEFAULT_EARN_SPEND);
  rules->redeem_points = custcare_store_get_setting_int (store, "loyalty.redeem-points", DEFAULT_REDEEM_POINTS);
  rules->redeem_value = custcare_store_get_setting_int (store, "loyalty.redeem-value", DEFAULT_REDEEM_VALUE);
  rules->expiry_months = custcare_store_get_setting_int (store, "loyalty.expiry-months", 0);

  /* A hand-edited or damaged setting must not divide by zero or award negative points. */
  if (rules->earn_points < 0)
    rules->earn_points = 0;
  if (rules->earn_spend <= 0)
    rules->earn_spend = DEFAULT_EARN_SPEND;
  if (rules->redeem_points <= 0)
    rules->redeem_points = DEFAULT_REDEEM_POINTS;
  if (rules->redeem_value < 0)
    rules->redeem_value = 0;
  if (rules->expiry_months < 0)
    rules->expiry_months = 0;
}

gboolean
custcare_loyalty_set_rules (CustcareStore               *store,
                            const CustcareLoyaltyRules  *rules,
                            GError                     **error)
{
  gboolean nested, ok;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);

  if (rules->earn_points < 0 || rules->earn_points > 1000000 || rules->earn_spend <= 0)
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID,
                           _("Points earned must be zero or more, for an amount of money above zero."));
      return FALSE;
    }
  if (rules->redeem_points <= 0 || rules->redeem_value <= 0)
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID,
                           _("Points must be worth some money: both numbers must be above zero."));
      return FALSE;
    }
  if (rules->expiry_months < 0 || rules->expiry_months > 120)
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID,
                           _("Points can expire after 1 to 120 months, or never (0)."));
      return FALSE;
    }

  if (!_custcare_loyalty_begin (store, &nested, error))
    return FALSE;
  ok = custcare_store_set_setting_int (store, "loyalty.earn-points", rules->earn_points, error) &&
       custcare_store_set_setting_int (store, "loyalty.earn-spend", rules->earn_spend, error) &&
       custcare_store_set_setting_int (store, "loyalty.redeem-points", rules->redeem_points, error) &&
       custcare_store_set_setting_int (store, "loyalty.redeem-value", rules->redeem_value, error) &&
       custcare_store_set_setting_int (store, "loyalty.expiry-months", rules->expiry_months, error);
  return _custcare_loyalty_end (store, nested, ok, error);
}

/* What @points are worth in minor units, rounded down (the shop never pays out a fraction). */
gint64
custcare_loyalty_points_value (const CustcareLoyaltyRules *rules,
                               gint64                      points)
{
  g_return_val_if_fail (rules != NULL, 0);

  if (points <= 0 || rules->redeem_points <= 0)
    return 0;
  return points * rules->redeem_value / rules->redeem_points;
}

static char *
format_money (CustcareStore *store,
              gint64         minor)
{
  g_autofree char *currency = custcare_money_dup_shop_currency (store);

  return custcare_money_format (minor, currency);
}

/* Numbers go into translated messages as text: xgettext cannot see through G_GINT64_FORMAT. */
static char *
number_text (gint64 number)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, number);
}

/* ---- tiers ------------------------------------------------------------------------------ */

void
custcare_loyalty_tier_free (CustcareLoyaltyTier *tier)
{
  if (tier == NULL)
    return;
  g_free (tier->name);
  g_free (tier);
}

GPtrArray *
custcare_loyalty_list_tiers (CustcareStore  *store,
                             GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autoptr (GPtrArray) tiers = g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_loyalty_tier_free);
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  stmt = _custcare_store_prepare (store,
                                  "SELECT id, name, min_spend, multiplier_pct FROM loyalty_tiers ORDER BY min_spend",
                                  error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CustcareLoyaltyTier *tier = g_new0 (CustcareLoyaltyTier, 1);

      tier->id = sqlite3_column_int64 (stmt, 0);
      tier->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      tier->min_spend = sqlite3_column_int64 (stmt, 2);
      tier->multiplier_pct = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (tiers, tier);
    }
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&tiers);
}

/**
 * custcare_loyalty_save_tier:
 * @id: the tier to change, or 0 to add one
 *
 * Tiers apply from @min_spend (money paid over the last 12 months) upwards; the highest threshold
 * a customer reaches gives the multiplier. Names and thresholds are unique.
 */
gboolean
custcare_loyalty_save_tier (CustcareStore  *store,
                            gint64          id,
                            const char     *name,
                            gint64          min_spend,
                            gint64          multiplier_pct,
                            gint64         *out_id,
                            GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  if (*clean == '\0')
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID,
                           _("A tier needs a name."));
      return FALSE;
    }
  if (min_spend < 0)
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID,
                           _("A tier’s spend threshold cannot be negative."));
      return FALSE;
    }
  if (multiplier_pct <= 0 || multiplier_pct > 10000)
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID,
                           _("A tier’s multiplier must be between 1% and 10000%."));
      return FALSE;
    }

  if (id == 0)
    stmt = _custcare_store_prepare (store,
                                    "INSERT INTO loyalty_tiers (name, min_spend, multiplier_pct) VALUES (?2, ?3, ?4)",
                                    error);
  else
    stmt = _custcare_store_prepare (store,
                                    "UPDATE loyalty_tiers SET name = ?2, min_spend = ?3, multiplier_pct = ?4 "
                                    "WHERE id = ?1",
                                    error);
  if (stmt == NULL)
    return FALSE;
  if (id != 0)
    sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, min_spend);
  sqlite3_bind_int64 (stmt, 4, multiplier_pct);

  rc = sqlite3_step (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID,
                           _("Another tier already has this name or this spend threshold."));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);
  if (id != 0 && sqlite3_changes (_custcare_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_NOT_FOUND,
                           _("This tier no longer exists."));
      return FALSE;
    }
  if (out_id != NULL)
    *out_id = id != 0 ? id : sqlite3_last_insert_rowid (_custcare_store_get_db (store));
  return TRUE;
}

gboolean
custcare_loyalty_delete_tier (CustcareStore  *store,
                              gint64          id,
                              GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  stmt = _custcare_store_prepare (store, "DELETE FROM loyalty_tiers WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _custcare_store_step_done (store, stmt, error);
}

/* Money paid (net of points and refunds) on orders completed in the 12 months before now. */
static gboolean
spend_12_months (CustcareStore  *store,
                 gint64          customer_id,
                 gint64          exclude_order_id,
                 gint64         *spend,
                 GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  gint64 now = _custcare_store_now (store);
  int rc;

  stmt = _custcare_store_prepare (store,
                                  "SELECT coalesce (sum (max (total - points_value - refunded, 0)), 0) "
                                  "FROM orders WHERE customer_id = ?1 AND completed_at IS NOT NULL "
                                  "AND completed_at > ?2 AND completed_at <= ?3 AND id <> ?4",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, _custcare_loyalty_add_months (now, -12));
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, exclude_order_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  *spend = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* The tier a spend reaches: the highest threshold at or below it. No tier means 100%. */
static gboolean
tier_for_spend (CustcareStore  *store,
                gint64          spend,
                char          **name,
                gint64         *multiplier_pct,
                GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  stmt = _custcare_store_prepare (store,
                                  "SELECT name, multiplier_pct FROM loyalty_tiers WHERE min_spend <= ?1 "
                                  "ORDER BY min_spend DESC LIMIT 1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, spend);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (name != NULL)
        *name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *multiplier_pct = sqlite3_column_int64 (stmt, 1);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);
  if (name != NULL)
    *name = NULL;
  *multiplier_pct = 100;
  return TRUE;
}

/* ---- reading the ledger ------------------------------------------------------------------ */

gboolean
_custcare_loyalty_balance (CustcareStore  *store,
                           gint64          customer_id,
                           gint64         *balance,
                           GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  stmt = _custcare_store_prepare (store,
                                  "SELECT coalesce (sum (delta), 0) FROM loyalty_ledger WHERE customer_id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  *balance = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
custcare_loyalty_get_balance (CustcareStore  *store,
                              gint64          customer_id,
                              gint64         *balance,
                              GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (balance != NULL, FALSE);

  return _custcare_loyalty_balance (store, customer_id, balance, error);
}

void
custcare_loyalty_entry_free (CustcareLoyaltyEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->kind);
  g_free (entry->order_number);
  g_free (entry->reason);
  g_free (entry);
}

/**
 * custcare_loyalty_list_entries:
 *
 * Returns: (transfer full): the customer's whole ledger, newest first, as #CustcareLoyaltyEntry.
 */
GPtrArray *
custcare_loyalty_list_entries (CustcareStore  *store,
                               gint64          customer_id,
                               GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_loyalty_entry_free);
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  stmt = _custcare_store_prepare (store,
                                  "SELECT l.id, l.customer_id, l.created_at, l.delta, l.kind, l.order_id, o.number, "
                                  "l.reason, l.expires_at FROM loyalty_ledger l "
                                  "LEFT JOIN orders o ON o.id = l.order_id "
                                  "WHERE l.customer_id = ?1 ORDER BY l.created_at DESC, l.id DESC",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CustcareLoyaltyEntry *entry = g_new0 (CustcareLoyaltyEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->customer_id = sqlite3_column_int64 (stmt, 1);
      entry->created_at = sqlite3_column_int64 (stmt, 2);
      entry->delta = sqlite3_column_int64 (stmt, 3);
      entry->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      entry->order_id = sqlite3_column_int64 (stmt, 5);
      entry->order_number = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      entry->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      entry->expires_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/* Where an order's points go: its customer, or whoever that customer was merged into. */
static gboolean
resolve_customer (CustcareStore  *store,
                  gint64          customer_id,
                  gint64         *resolved,
                  GError        **error)
{
  *resolved = customer_id;

  /* A merge chain is short; the bound only guards against a cycle in a damaged file. */
  for (int depth = 0; depth < 16; depth++)
    {
      g_autoptr (CustcareStmt) stmt = NULL;
      int rc;

      stmt = _custcare_store_prepare (store, "SELECT merged_into_id FROM customers WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, *resolved);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE || (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_NULL))
        return TRUE;
      if (rc != SQLITE_ROW)
        return _custcare_store_set_error (store, rc, error);
      *resolved = sqlite3_column_int64 (stmt, 0);
    }
  return TRUE;
}

/* Returns FALSE with CUSTCARE_LOYALTY_ERROR_NOT_FOUND if the order does not exist. */
static gboolean
load_order (CustcareStore  *store,
            gint64          order_id,
            OrderPoints    *order,
            GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  gint64 customer_id;
  int rc;

  stmt = _custcare_store_prepare (store,
                                  "SELECT o.customer_id, o.status, o.number, o.total, o.points_value, o.refunded, "
                                  "coalesce (sum (CASE WHEN l.kind = 'earn' THEN l.delta END), 0), "
                                  "coalesce (-sum (CASE WHEN l.kind = 'refund' THEN l.delta END), 0), "
                                  "coalesce (-sum (CASE WHEN l.kind = 'redeem' THEN l.delta END), 0), "
                                  "coalesce (sum (CASE WHEN l.kind = 'restore' THEN l.delta END), 0), "
                                  "count (CASE WHEN l.kind = 'earn' THEN 1 END) "
                                  "FROM orders o LEFT JOIN loyalty_ledger l ON l.order_id = o.id "
                                  "WHERE o.id = ?1 GROUP BY o.id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_NOT_FOUND,
                           _("This order no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);

  order->id = order_id;
  customer_id = sqlite3_column_int64 (stmt, 0);
  order->status = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  order->number = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  order->total = sqlite3_column_int64 (stmt, 3);
  order->points_value = sqlite3_column_int64 (stmt, 4);
  order->refunded = sqlite3_column_int64 (stmt, 5);
  order->earned = sqlite3_column_int64 (stmt, 6);
  order->taken = sqlite3_column_int64 (stmt, 7);
  order->redeemed = sqlite3_column_int64 (stmt, 8);
  order->restored = sqlite3_column_int64 (stmt, 9);
  order->has_earn_row = sqlite3_column_int64 (stmt, 10) > 0;
  _custcare_stmt_reset (stmt);

  return resolve_customer (store, customer_id, &order->customer_id, error);
}

static gint64
order_money_paid (const OrderPoints *order)
{
  return MAX (order->total - order->points_value, 0);
}

/* How many of the order's earned points should have been taken back, and how many of its spent
 * points given back, for the refunds made so far. Taking back rounds up and giving back rounds
 * down, both on the cumulative refund, so neither can ever pass what the order earned or spent,
 * and a full refund lands on exactly both. */
static void
order_targets (const OrderPoints *order,
               gint64            *take_target,
               gint64            *restore_target)
{
  gint64 paid = order_money_paid (order);
  gboolean whole = g_strcmp0 (order->status, "cancelled") == 0 ||
                   (g_strcmp0 (order->status, "returned") == 0 && paid == 0) ||
                   (paid > 0 && order->refunded >= paid);

  if (whole)
    {
      *take_target = order->earned;
      *restore_target = order->redeemed;
    }
  else if (paid > 0 && order->refunded > 0)
    {
      *take_target = (order->earned * order->refunded + paid - 1) / paid;
      *restore_target = order->redeemed * order->refunded / paid;
    }
  else
    {
      *take_target = 0;
      *restore_target = 0;
    }
}

/* ---- writing the ledger ------------------------------------------------------------------ */

static gboolean
append_row (CustcareStore  *store,
            gint64          customer_id,
            gint64          delta,
            const char     *kind,
            gint64          order_id,
            const char     *reason,
            gint64          expires_at,
            GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind, order_id, "
                                  "reason, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, _custcare_store_now (store));
  sqlite3_bind_int64 (stmt, 3, delta);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  if (order_id > 0)
    sqlite3_bind_int64 (stmt, 5, order_id);
  sqlite3_bind_text (stmt, 6, reason, -1, SQLITE_TRANSIENT);
  if (expires_at > 0)
    sqlite3_bind_int64 (stmt, 7, expires_at);
  return _custcare_store_step_done (store, stmt, error);
}

/* Takes back what the order's refunds owe. Points already spent cannot be taken (the balance never
 * goes below zero, and a refund must never fail because of points), so only what is there is
 * taken; the rest stays owed and is taken from the customer's next earned points. */
static gboolean
take_back (CustcareStore      *store,
           const OrderPoints  *order,
           gint64              take_target,
           GError            **error)
{
  g_autofree char *reason = NULL;
  gint64 owed = take_target - order->taken;
  gint64 balance, take;

  if (owed <= 0)
    return TRUE;
  if (!_custcare_loyalty_expire_customer (store, order->customer_id, NULL, error) ||
      !_custcare_loyalty_balance (store, order->customer_id, &balance, error))
    return FALSE;

  take = MIN (owed, MAX (balance, 0));
  if (take == 0)
    return TRUE;

  if (take < owed)
    {
      g_autofree char *short_by = number_text (owed - take);

      reason = g_strdup_printf (_("Order %s refunded; %s more points were already spent and will be taken "
                                  "from future points"),
                                order->number, short_by);
    }
  else if (g_strcmp0 (order->status, "cancelled") == 0)
    reason = g_strdup_printf (_("Order %s cancelled"), order->number);
  else
    reason = g_strdup_printf (_("Order %s refunded"), order->number);

  return append_row (store, order->customer_id, -take, "refund", order->id, reason, 0, error);
}

/* Points still owed from earlier refunds are settled from newly earned points. */
static gboolean
collect_owed_points (CustcareStore  *store,
                     gint64          customer_id,
                     GError        **error)
{
  g_autoptr (GArray) order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  {
    g_autoptr (CustcareStmt) stmt = NULL;

    stmt = _custcare_store_prepare (store,
                                    "SELECT DISTINCT l.order_id FROM loyalty_ledger l "
                                    "JOIN orders o ON o.id = l.order_id "
                                    "WHERE l.customer_id = ?1 AND l.kind = 'earn' "
                                    "AND (o.refunded > 0 OR o.status IN ('cancelled', 'returned')) "
                                    "ORDER BY l.order_id",
                                    error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, customer_id);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (order_ids, id);
      }
    if (rc != SQLITE_DONE)
      return _custcare_store_set_error (store, rc, error);
  }

  for (guint i = 0; i < order_ids->len; i++)
    {
      g_auto (OrderPoints) order = { 0 };
      gint64 take_target, restore_target;

      if (!load_order (store, g_array_index (order_ids, gint64, i), &order, error))
        return FALSE;
      order_targets (&order, &take_target, &restore_target);
      if (!take_back (store, &order, take_target, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
points_owed (CustcareStore  *store,
             gint64          customer_id,
             gint64         *owed,
             GError        **error)
{
  g_autoptr (GArray) order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  *owed = 0;
  {
    g_autoptr (CustcareStmt) stmt = NULL;

    stmt = _custcare_store_prepare (store,
                                    "SELECT DISTINCT l.order_id FROM loyalty_ledger l "
                                    "JOIN orders o ON o.id = l.order_id "
                                    "WHERE l.customer_id = ?1 AND l.kind = 'earn' "
                                    "AND (o.refunded > 0 OR o.status IN ('cancelled', 'returned'))",
                                    error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, customer_id);
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (order_ids, id);
      }
    if (rc != SQLITE_DONE)
      return _custcare_store_set_error (store, rc, error);
  }
  for (guint i = 0; i < order_ids->len; i++)
    {
      g_auto (OrderPoints) order = { 0 };
      gint64 take_target, restore_target;

      if (!load_order (store, g_array_index (order_ids, gint64, i), &order, error))
        return FALSE;
      order_targets (&order, &take_target, &restore_target);
      *owed += MAX (take_target - order.taken, 0);
    }
  return TRUE;
}

static gboolean
earn (CustcareStore  *store,
      OrderPoints    *order,
      GError        **error)
{
  CustcareLoyaltyRules rules;
  g_autofree char *tier_name = NULL;
  g_autofree char *reason = NULL;
  gint64 spend, multiplier_pct, points, expires_at = 0;

  /* Once per order, however often the hook runs for it. */
  if (order->has_earn_row)
    return TRUE;

  custcare_loyalty_get_rules (store, &rules);

  /* The tier comes from what was spent before this order. */
  if (!spend_12_months (store, order->customer_id, order->id, &spend, error) ||
      !tier_for_spend (store, spend, &tier_name, &multiplier_pct, error))
    return FALSE;

  points = order_money_paid (order) * rules.earn_points * multiplier_pct / (rules.earn_spend * 100);
  if (points <= 0)
    return TRUE;

  if (rules.expiry_months > 0)
    expires_at = _custcare_loyalty_add_months (_custcare_store_now (store), (int) rules.expiry_months);

  if (multiplier_pct != 100 && tier_name != NULL)
    {
      g_autofree char *pct = number_text (multiplier_pct);

      reason = g_strdup_printf (_("Order %s completed (%s tier, %s%%)"), order->number, tier_name, pct);
    }
  else
    reason = g_strdup_printf (_("Order %s completed"), order->number);

  if (!append_row (store, order->customer_id, points, "earn", order->id, reason, expires_at, error))
    return FALSE;
  order->earned = points;
  order->has_earn_row = TRUE;

  return collect_owed_points (store, order->customer_id, error);
}

/* Appends whatever the order's refunds and cancellation still owe in either direction. Spent
 * points come back first, so they can cover earned points being taken back. */
static gboolean
reconcile (CustcareStore  *store,
           OrderPoints    *order,
           GError        **error)
{
  gint64 take_target, restore_target;

  order_targets (order, &take_target, &restore_target);

  if (restore_target > order->restored)
    {
      g_autofree char *reason = g_strdup_printf (_("Points spent on order %s given back"), order->number);

      if (!append_row (store, order->customer_id, restore_target - order->restored, "restore", order->id, reason, 0,
                       error))
        return FALSE;
      order->restored = restore_target;
    }

  return take_back (store, order, take_target, error);
}

/**
 * _custcare_loyalty_order_transition:
 *
 * Called by the order pipeline inside the transaction of every status change, after the status,
 * completed_at, refunded and the history row are written. Completing awards points once; a
 * cancellation or a (partial) return takes back and gives back points for the refunds so far.
 */
gboolean
_custcare_loyalty_order_transition (CustcareStore                 *store,
                                    const CustcareOrderTransition *transition,
                                    GError                       **error)
{
  g_auto (OrderPoints) order = { 0 };
  gboolean nested, ok;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (transition != NULL, FALSE);

  if (!_custcare_loyalty_begin (store, &nested, error))
    return FALSE;

  ok = load_order (store, transition->order_id, &order, error);
  if (ok && g_strcmp0 (order.status, "completed") == 0 && !order.has_earn_row)
    {
      /* Settling earlier debts may have touched this very order: read it again afterwards. */
      ok = earn (store, &order, error);
      order_points_clear (&order);
      ok = ok && load_order (store, transition->order_id, &order, error);
    }
  if (ok)
    ok = reconcile (store, &order, error);

  return _custcare_loyalty_end (store, nested, ok, error);
}

/**
 * custcare_loyalty_redeem_on_order:
 *
 * Spends @points of the order's customer on the order: they lower what is left to pay
 * (orders.points_value). Refused if the customer has fewer points, if the points are worth more
 * than is left to pay, or if the order is already completed, cancelled or returned. Runs in its
 * own transaction, or inside the caller's.
 */
gboolean
custcare_loyalty_redeem_on_order (CustcareStore  *store,
                                  gint64          order_id,
                                  gint64          points,
                                  GError        **error)
{
  g_auto (OrderPoints) order = { 0 };
  CustcareLoyaltyRules rules;
  gboolean nested, ok = FALSE;
  gint64 value, balance;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  if (points <= 0)
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID,
                           _("Choose how many points to spend."));
      return FALSE;
    }

  custcare_loyalty_get_rules (store, &rules);
  value = custcare_loyalty_points_value (&rules, points);

  if (!_custcare_loyalty_begin (store, &nested, error))
    return FALSE;

  if (!load_order (store, order_id, &order, error))
    goto out;

  if (g_strcmp0 (order.status, "completed") == 0 || g_strcmp0 (order.status, "cancelled") == 0 ||
      g_strcmp0 (order.status, "returned") == 0)
    {
      g_set_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_ORDER_CLOSED,
                   _("Order %s is already %s, so points can no longer be spent on it."), order.number, order.status);
      goto out;
    }
  if (value <= 0)
    {
      g_autofree char *asked = number_text (points);
      g_autofree char *least = number_text ((rules.redeem_points + rules.redeem_value - 1) / rules.redeem_value);

      g_set_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID,
                   _("%s points are worth less than the smallest coin; spend at least %s."), asked, least);
      goto out;
    }
  if (order.points_value + value > order.total)
    {
      g_autofree char *worth = format_money (store, value);
      g_autofree char *left = format_money (store, MAX (order.total - order.points_value, 0));
      g_autofree char *asked = number_text (points);

      g_set_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_EXCEEDS_TOTAL,
                   _("%s points are worth %s, more than the %s left to pay on order %s."), asked, worth, left,
                   order.number);
      goto out;
    }

  if (!_custcare_loyalty_expire_customer (store, order.customer_id, NULL, error) ||
      !_custcare_loyalty_balance (store, order.customer_id, &balance, error))
    goto out;
  if (balance < points)
    {
      g_autofree char *have = number_text (balance);
      g_autofree char *asked = number_text (points);

      g_set_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_NOT_ENOUGH_POINTS,
                   _("The customer has only %s points, not the %s asked for."), have, asked);
      goto out;
    }

  {
    g_autofree char *reason = g_strdup_printf (_("Spent on order %s"), order.number);
    g_autoptr (CustcareStmt) stmt = NULL;

    if (!append_row (store, order.customer_id, -points, "redeem", order.id, reason, 0, error))
      goto out;
    stmt = _custcare_store_prepare (store,
                                    "UPDATE orders SET points_redeemed = points_redeemed + ?2, "
                                    "points_value = points_value + ?3, updated_at = ?4 WHERE id = ?1",
                                    error);
    if (stmt == NULL)
      goto out;
    sqlite3_bind_int64 (stmt, 1, order.id);
    sqlite3_bind_int64 (stmt, 2, points);
    sqlite3_bind_int64 (stmt, 3, value);
    sqlite3_bind_int64 (stmt, 4, _custcare_store_now (store));
    ok = _custcare_store_step_done (store, stmt, error);
  }

out:
  return _custcare_loyalty_end (store, nested, ok, error);
}

/**
 * custcare_loyalty_get_redeemable:
 * @max_points: (out): the most points that can be spent on the order now
 *
 * What custcare_loyalty_redeem_on_order() would accept at most: limited by the customer's balance
 * (without points that have lapsed but not yet been expired) and by what is left to pay. Zero for
 * an order that is completed, cancelled or returned. (With a value per point below one minor unit,
 * a very small number of points is still refused as worth nothing.)
 */
gboolean
custcare_loyalty_get_redeemable (CustcareStore  *store,
                                 gint64          order_id,
                                 gint64         *max_points,
                                 GError        **error)
{
  g_auto (OrderPoints) order = { 0 };
  CustcareLoyaltyRules rules;
  gint64 balance, lapsed = 0, by_total;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (max_points != NULL, FALSE);

  *max_points = 0;
  if (!load_order (store, order_id, &order, error))
    return FALSE;
  if (g_strcmp0 (order.status, "completed") == 0 || g_strcmp0 (order.status, "cancelled") == 0 ||
      g_strcmp0 (order.status, "returned") == 0)
    return TRUE;

  custcare_loyalty_get_rules (store, &rules);
  if (!_custcare_loyalty_balance (store, order.customer_id, &balance, error))
    return FALSE;
  if (rules.expiry_months > 0)
    {
      g_autoptr (GArray) lots = _custcare_loyalty_compute_lots (store, order.customer_id, error);
      gint64 now = _custcare_store_now (store);

      if (lots == NULL)
        return FALSE;
      for (guint i = 0; i < lots->len; i++)
        if (g_array_index (lots, CustcareLoyaltyLot, i).expires_at <= now)
          lapsed += g_array_index (lots, CustcareLoyaltyLot, i).remaining;
    }

  by_total = rules.redeem_value > 0
               ? MAX (order.total - order.points_value, 0) * rules.redeem_points / rules.redeem_value
               : 0;
  *max_points = MAX (MIN (balance - lapsed, by_total), 0);
  return TRUE;
}

/**
 * custcare_loyalty_adjust:
 * @delta: points to add (positive) or take away (negative)
 * @reason: why, in the shop's words; required
 *
 * A manual change to the balance. Taking away more than the customer has is refused.
 */
gboolean
custcare_loyalty_adjust (CustcareStore  *store,
                         gint64          customer_id,
                         gint64          delta,
                         const char     *reason,
                         GError        **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  gboolean nested, ok = FALSE;
  gint64 balance;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  if (*clean == '\0')
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_REASON_REQUIRED,
                           _("Say why the points are being changed."));
      return FALSE;
    }
  if (delta == 0)
    {
      g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_INVALID,
                           _("Enter a number of points to add or take away."));
      return FALSE;
    }

  if (!_custcare_loyalty_begin (store, &nested, error))
    return FALSE;

  {
    g_autoptr (CustcareStmt) stmt = NULL;
    int rc;

    stmt = _custcare_store_prepare (store, "SELECT 1 FROM customers WHERE id = ?1", error);
    if (stmt == NULL)
      goto out;
    sqlite3_bind_int64 (stmt, 1, customer_id);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_DONE)
      {
        g_set_error_literal (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_NOT_FOUND,
                             _("This customer no longer exists."));
        goto out;
      }
    if (rc != SQLITE_ROW)
      {
        _custcare_store_set_error (store, rc, error);
        goto out;
      }
  }

  if (delta < 0)
    {
      if (!_custcare_loyalty_expire_customer (store, customer_id, NULL, error) ||
          !_custcare_loyalty_balance (store, customer_id, &balance, error))
        goto out;
      if (balance + delta < 0)
        {
          g_autofree char *have = number_text (balance);
          g_autofree char *asked = number_text (-delta);

          g_set_error (error, CUSTCARE_LOYALTY_ERROR, CUSTCARE_LOYALTY_ERROR_NOT_ENOUGH_POINTS,
                       _("The customer has only %s points, so %s cannot be taken away."), have, asked);
          goto out;
        }
    }

  ok = append_row (store, customer_id, delta, "adjust", 0, clean, 0, error);

out:
  return _custcare_loyalty_end (store, nested, ok, error);
}

gboolean
_custcare_loyalty_merge (CustcareStore  *store,
                         gint64          from_id,
                         gint64          into_id,
                         GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (_custcare_store_in_transaction (store), FALSE);
  g_return_val_if_fail (from_id != into_id, FALSE);

  /* The ledger's update trigger allows exactly this: the owner changes, nothing else. */
  stmt = _custcare_store_prepare (store, "UPDATE loyalty_ledger SET customer_id = ?2 WHERE customer_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from_id);
  sqlite3_bind_int64 (stmt, 2, into_id);
  return _custcare_store_step_done (store, stmt, error);
}

void
custcare_loyalty_summary_free (CustcareLoyaltySummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->tier_name);
  g_free (summary->next_tier_name);
  g_free (summary);
}

/**
 * custcare_loyalty_get_summary:
 * @expiring_within: seconds from now: points lapsing before then count as expiring soon
 *
 * Everything the customer page shows about a customer's points, in one call.
 */
CustcareLoyaltySummary *
custcare_loyalty_get_summary (CustcareStore  *store,
                              gint64          customer_id,
                              gint64          expiring_within,
                              GError        **error)
{
  g_autoptr (CustcareLoyaltySummary) summary = g_new0 (CustcareLoyaltySummary, 1);
  g_autoptr (GArray) lots = NULL;
  CustcareLoyaltyRules rules;
  gint64 horizon;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  custcare_loyalty_get_rules (store, &rules);
  if (!_custcare_loyalty_balance (store, customer_id, &summary->balance, error) ||
      !spend_12_months (store, customer_id, 0, &summary->spend_12_months, error) ||
      !tier_for_spend (store, summary->spend_12_months, &summary->tier_name, &summary->multiplier_pct, error) ||
      !points_owed (store, customer_id, &summary->points_owed, error))
    return NULL;
  summary->balance_value = custcare_loyalty_points_value (&rules, summary->balance);

  {
    g_autoptr (CustcareStmt) stmt = NULL;
    int rc;

    stmt = _custcare_store_prepare (store,
                                    "SELECT name, min_spend FROM loyalty_tiers WHERE min_spend > ?1 "
                                    "ORDER BY min_spend LIMIT 1",
                                    error);
    if (stmt == NULL)
      return NULL;
    sqlite3_bind_int64 (stmt, 1, summary->spend_12_months);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      {
        summary->next_tier_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        summary->next_tier_spend = sqlite3_column_int64 (stmt, 1) - summary->spend_12_months;
      }
    else if (rc != SQLITE_DONE)
      {
        _custcare_store_set_error (store, rc, error);
        return NULL;
      }
  }

  if (rules.expiry_months > 0)
    {
      lots = _custcare_loyalty_compute_lots (store, customer_id, error);
      if (lots == NULL)
        return NULL;
      horizon = _custcare_store_now (store) + expiring_within;
      for (guint i = 0; i < lots->len; i++)
        {
          const CustcareLoyaltyLot *lot = &g_array_index (lots, CustcareLoyaltyLot, i);

          if (lot->remaining > 0 && lot->expires_at <= horizon)
            {
              summary->expiring_points += lot->remaining;
              if (summary->next_expiry_at == 0 || lot->expires_at < summary->next_expiry_at)
                summary->next_expiry_at = lot->expires_at;
            }
        }
    }

  return g_steal_pointer (&summary);
}
