/* custcare-orders-repo.c — storing orders and moving them through the pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write is one transaction. A status change writes the new status, its history row and
 * whatever the hooks (loyalty, email) do together, or nothing at all: a failing hook rolls the
 * whole change back, so points, messages and the timeline never disagree with the order.
 */
#define G_LOG_DOMAIN "custcare-orders"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "custcare-money.h"
#include "custcare-order-hooks.h"
#include "custcare-orders-private.h"

#define DEFAULT_NUMBER_PREFIX "ORD-"

static const char *
column_text (CustcareStmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static gint64
column_int (CustcareStmt *stmt,
            int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, column);
}

CustcareOrder *
_custcare_order_from_row (CustcareStmt *stmt,
                          int           first)
{
  CustcareOrder *order = custcare_order_new ();
  CustcareOrderStored stored = { 0 };
  int i = first;

  stored.id = column_int (stmt, i++);
  stored.number = column_text (stmt, i++);
  stored.customer_id = column_int (stmt, i++);
  stored.customer_name = column_text (stmt, i++);
  stored.placed_at = column_int (stmt, i++);
  if (!custcare_order_status_from_string (column_text (stmt, i++), &stored.status))
    stored.status = CUSTCARE_ORDER_STATUS_NEW;
  stored.fulfilment = g_str_equal (column_text (stmt, i++), "delivery") ? CUSTCARE_FULFILMENT_DELIVERY
                                                                        : CUSTCARE_FULFILMENT_PICKUP;
  stored.due_at = column_int (stmt, i++);
  stored.carrier = column_text (stmt, i++);
  stored.tracking_number = column_text (stmt, i++);
  stored.notes = column_text (stmt, i++);
  stored.currency = column_text (stmt, i++);
  stored.subtotal = column_int (stmt, i++);
  stored.discount = column_int (stmt, i++);
  stored.total = column_int (stmt, i++);
  stored.points_redeemed = column_int (stmt, i++);
  stored.points_value = column_int (stmt, i++);
  stored.refunded = column_int (stmt, i++);
  stored.completed_at = column_int (stmt, i++);
  stored.created_at = column_int (stmt, i++);
  stored.updated_at = column_int (stmt, i++);
  _custcare_order_set_stored (order, &stored);
  return order;
}

static gboolean
write_history (CustcareStore  *store,
               gint64          order_id,
               gint64          when,
               const char     *from_status,
               const char     *to_status,
               const char     *note,
               gint64          refund,
               GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO order_status_history (order_id, changed_at, from_status, to_status, "
                                  "note, refund) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, when);
  if (from_status != NULL)
    sqlite3_bind_text (stmt, 3, from_status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, to_status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, note != NULL ? note : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, refund);
  return _custcare_store_step_done (store, stmt, error);
}

static gboolean
write_lines (CustcareStore  *store,
             gint64          order_id,
             CustcareOrder  *order,
             GError        **error)
{
  GPtrArray *lines = custcare_order_get_lines (order);
  g_autoptr (CustcareStmt) del = NULL;

  del = _custcare_store_prepare (store, "DELETE FROM order_items WHERE order_id = ?", error);
  if (del == NULL)
    return FALSE;
  sqlite3_bind_int64 (del, 1, order_id);
  if (!_custcare_store_step_done (store, del, error))
    return FALSE;

  for (guint i = 0; i < lines->len; i++)
    {
      CustcareOrderLine *line = g_ptr_array_index (lines, i);
      g_autoptr (CustcareStmt) stmt = NULL;

      stmt = _custcare_store_prepare (store,
                                      "INSERT INTO order_items (order_id, position, description, quantity, unit_price) "
                                      "VALUES (?1, ?2, ?3, ?4, ?5)",
                                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, order_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_text (stmt, 3, line->description, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, line->quantity);
      sqlite3_bind_int64 (stmt, 5, line->unit_price);
      if (!_custcare_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
number_taken (CustcareStore  *store,
              const char     *number,
              gboolean       *out_taken,
              GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "SELECT 1 FROM orders WHERE number = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);
  *out_taken = rc == SQLITE_ROW;
  return TRUE;
}

static char *
format_number (const char *prefix,
               gint64      counter)
{
  return g_strdup_printf ("%s%05" G_GINT64_FORMAT, prefix, counter);
}

static char *
dup_prefix (CustcareStore *store)
{
  char *prefix = custcare_store_get_setting (store, "orders.number-prefix");

  return prefix != NULL ? prefix : g_strdup (DEFAULT_NUMBER_PREFIX);
}

char *
custcare_orders_peek_next_number (CustcareStore *store)
{
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  prefix = dup_prefix (store);
  return format_number (prefix, MAX (1, custcare_store_get_setting_int (store, "orders.next-number", 1)));
}

/* Takes the next free number and advances the counter; must run inside the insert's transaction
 * so that a failed insert gives the number back. Numbers already used (an import, a changed
 * prefix) are skipped rather than reused. */
static char *
take_number (CustcareStore  *store,
             GError        **error)
{
  g_autofree char *prefix = dup_prefix (store);
  gint64 counter = MAX (1, custcare_store_get_setting_int (store, "orders.next-number", 1));

  for (;;)
    {
      g_autofree char *number = format_number (prefix, counter);
      gboolean taken = FALSE;

      if (!number_taken (store, number, &taken, error))
        return NULL;
      counter++;
      if (!taken)
        {
          if (!custcare_store_set_setting_int (store, "orders.next-number", counter, error))
            return NULL;
          return g_steal_pointer (&number);
        }
    }
}

static gboolean
customer_exists (CustcareStore  *store,
                 gint64          customer_id,
                 GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "SELECT 1 FROM customers WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
               _("The customer of this order no longer exists. Choose another customer."));
  return FALSE;
}

/**
 * custcare_orders_insert:
 * @order: a new order with its customer and lines; on success it gets its id and number
 *
 * Takes the next order number, saves the order with its lines and the first row of its status
 * history ("New"), all in one transaction.
 *
 * Returns: the new id, or 0 with @error set (nothing was written, no number was used up)
 */
gint64
custcare_orders_insert (CustcareStore  *store,
                        CustcareOrder  *order,
                        GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autofree char *number = NULL;
  g_autofree char *currency = NULL;
  gint64 now, placed_at, id;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);
  g_return_val_if_fail (CUSTCARE_IS_ORDER (order), 0);
  g_return_val_if_fail (custcare_order_get_id (order) == 0, 0);

  if (!custcare_order_validate (order, error) || !custcare_store_begin (store, error))
    return 0;

  now = _custcare_store_now (store);
  placed_at = custcare_order_get_placed_at (order) > 0 ? custcare_order_get_placed_at (order) : now;
  currency = *custcare_order_get_currency (order) != '\0' ? g_strdup (custcare_order_get_currency (order))
                                                          : custcare_money_dup_shop_currency (store);

  if (!customer_exists (store, custcare_order_get_customer_id (order), error) ||
      (number = take_number (store, error)) == NULL)
    goto fail;

  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO orders (number, customer_id, placed_at, status, fulfilment, due_at, "
                                  "carrier, tracking_number, notes, currency, subtotal, discount, total, "
                                  "created_at, updated_at) "
                                  "VALUES (?1, ?2, ?3, 'new', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
                                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, custcare_order_get_customer_id (order));
  sqlite3_bind_int64 (stmt, 3, placed_at);
  sqlite3_bind_text (stmt, 4, custcare_fulfilment_to_string (custcare_order_get_fulfilment (order)), -1, SQLITE_STATIC);
  if (custcare_order_get_due_at (order) != 0)
    sqlite3_bind_int64 (stmt, 5, custcare_order_get_due_at (order));
  sqlite3_bind_text (stmt, 6, custcare_order_get_carrier (order), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, custcare_order_get_tracking_number (order), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, custcare_order_get_notes (order), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, currency, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, custcare_order_get_subtotal (order));
  sqlite3_bind_int64 (stmt, 11, custcare_order_get_discount (order));
  sqlite3_bind_int64 (stmt, 12, custcare_order_get_total (order));
  sqlite3_bind_int64 (stmt, 13, now);
  if (!_custcare_store_step_done (store, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (_custcare_store_get_db (store));

  if (!write_lines (store, id, order, error) ||
      !write_history (store, id, placed_at, NULL, "new", NULL, 0, error) ||
      !custcare_store_commit (store, error))
    goto fail;

  custcare_order_set_currency (order, currency);
  _custcare_order_set_identity (order, id, number, placed_at, now);
  _custcare_orders_model_store_changed (store);
  return id;

fail:
  custcare_store_rollback (store);
  return 0;
}

typedef struct
{
  CustcareOrderStatus status;
  gint64              customer_id;
  gint64              total;
  gint64              discount;
  gint64              points_value;
  gint64              refunded;
  char                currency[8];
} OrderState;

static gboolean
read_state (CustcareStore  *store,
            gint64          order_id,
            OrderState     *state,
            GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  stmt = _custcare_store_prepare (store,
                                  "SELECT status, customer_id, total, discount, points_value, refunded, currency "
                                  "FROM orders WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, order_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_NOT_FOUND,
                   _("This order no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  if (!custcare_order_status_from_string (column_text (stmt, 0), &state->status))
    state->status = CUSTCARE_ORDER_STATUS_NEW;
  state->customer_id = column_int (stmt, 1);
  state->total = column_int (stmt, 2);
  state->discount = column_int (stmt, 3);
  state->points_value = column_int (stmt, 4);
  state->refunded = column_int (stmt, 5);
  g_strlcpy (state->currency, column_text (stmt, 6), sizeof state->currency);
  return TRUE;
}

/**
 * custcare_orders_update:
 * @order: a stored order, changed
 *
 * Saves what can still change about an order. Lines and discount are fixed once the order has
 * left the pipeline (ready, shipped, completed, cancelled or returned), because points and
 * refunds were reckoned on that total; fulfilment details and notes can always change.
 */
gboolean
custcare_orders_update (CustcareStore  *store,
                        CustcareOrder  *order,
                        GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  OrderState state;
  gboolean money_changes;
  gint64 now;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (CUSTCARE_IS_ORDER (order), FALSE);
  g_return_val_if_fail (custcare_order_get_id (order) > 0, FALSE);

  if (!custcare_order_validate (order, error) || !custcare_store_begin (store, error))
    return FALSE;

  if (!read_state (store, custcare_order_get_id (order), &state, error))
    goto fail;

  money_changes = state.total != custcare_order_get_total (order) || state.discount != custcare_order_get_discount (order);
  if (money_changes && !custcare_order_status_is_open (state.status))
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_LOCKED,
                   _("The lines and discount of an order that is %s can no longer be changed."),
                   custcare_order_status_get_label (state.status));
      goto fail;
    }
  if (custcare_order_get_total (order) < state.points_value + state.refunded)
    {
      g_autofree char *paid = custcare_money_format (state.points_value + state.refunded, custcare_order_get_currency (order));

      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                   _("The total cannot go below %s, which was already paid with points or refunded."), paid);
      goto fail;
    }
  if (custcare_order_get_customer_id (order) != state.customer_id &&
      !customer_exists (store, custcare_order_get_customer_id (order), error))
    goto fail;

  now = _custcare_store_now (store);
  stmt = _custcare_store_prepare (store,
                                  "UPDATE orders SET customer_id = ?2, fulfilment = ?3, due_at = ?4, carrier = ?5, "
                                  "tracking_number = ?6, notes = ?7, subtotal = ?8, discount = ?9, total = ?10, "
                                  "updated_at = ?11 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, custcare_order_get_id (order));
  sqlite3_bind_int64 (stmt, 2, custcare_order_get_customer_id (order));
  sqlite3_bind_text (stmt, 3, custcare_fulfilment_to_string (custcare_order_get_fulfilment (order)), -1, SQLITE_STATIC);
  if (custcare_order_get_due_at (order) != 0)
    sqlite3_bind_int64 (stmt, 4, custcare_order_get_due_at (order));
  sqlite3_bind_text (stmt, 5, custcare_order_get_carrier (order), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, custcare_order_get_tracking_number (order), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, custcare_order_get_notes (order), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, custcare_order_get_subtotal (order));
  sqlite3_bind_int64 (stmt, 9, custcare_order_get_discount (order));
  sqlite3_bind_int64 (stmt, 10, custcare_order_get_total (order));
  sqlite3_bind_int64 (stmt, 11, now);
  if (!_custcare_store_step_done (store, stmt, error))
    goto fail;
  if (money_changes || custcare_order_status_is_open (state.status))
    {
      if (!write_lines (store, custcare_order_get_id (order), order, error))
        goto fail;
    }
  if (!custcare_store_commit (store, error))
    return FALSE;
  _custcare_orders_model_store_changed (store);
  return TRUE;

fail:
  custcare_store_rollback (store);
  return FALSE;
}

/**
 * custcare_orders_get:
 *
 * Returns: (transfer full): the order with its lines, or %NULL with
 *   %CUSTCARE_ORDER_ERROR_NOT_FOUND
 */
CustcareOrder *
custcare_orders_get (CustcareStore  *store,
                     gint64          id,
                     GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autoptr (CustcareStmt) lines = NULL;
  g_autoptr (CustcareOrder) order = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  stmt = _custcare_store_prepare (store,
                                  "SELECT " CUSTCARE_ORDER_COLUMNS " FROM orders o "
                                  "JOIN customers c ON c.id = o.customer_id WHERE o.id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_NOT_FOUND, _("This order no longer exists."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  order = _custcare_order_from_row (stmt, 0);

  lines = _custcare_store_prepare (store,
                                   "SELECT description, quantity, unit_price FROM order_items "
                                   "WHERE order_id = ? ORDER BY position, id",
                                   error);
  if (lines == NULL)
    return NULL;
  sqlite3_bind_int64 (lines, 1, id);
  while ((rc = sqlite3_step (lines)) == SQLITE_ROW)
    custcare_order_add_line (order, column_text (lines, 0), column_int (lines, 1), column_int (lines, 2));
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  _custcare_order_set_lines_loaded (order);
  return g_steal_pointer (&order);
}

/**
 * custcare_orders_change_status:
 * @expected_from: the status the user saw; if the order has moved on meanwhile (another window,
 *   an undo), nothing changes and %CUSTCARE_ORDER_ERROR_CHANGED is reported
 * @refund: money refunded by this change, in minor units: only for cancelling and returning, at
 *   most what was paid in money (total − points value) minus what was refunded before
 * @note: (nullable): shown in the order's timeline
 *
 * Moves an order along the pipeline. In one transaction: the new status (and completion time),
 * the refund, a history row, and the hooks of other features (loyalty, email). If anything
 * fails, none of it is kept.
 */
gboolean
custcare_orders_change_status (CustcareStore        *store,
                               gint64                order_id,
                               CustcareOrderStatus   expected_from,
                               CustcareOrderStatus   to,
                               gint64                refund,
                               const char           *note,
                               GError              **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  CustcareOrderTransition transition;
  OrderState state;
  gint64 now, refundable;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (to < CUSTCARE_ORDER_N_STATUSES, FALSE);

  if (!custcare_store_begin (store, error))
    return FALSE;
  if (!read_state (store, order_id, &state, error))
    goto fail;

  if (state.status != expected_from)
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_CHANGED,
                   _("The order was changed meanwhile: it is now %s. Nothing else was changed."),
                   custcare_order_status_get_label (state.status));
      goto fail;
    }
  if (!custcare_order_status_check_change (state.status, to, error))
    goto fail;

  refundable = MAX (0, state.total - state.points_value - state.refunded);
  if (refund != 0 && to != CUSTCARE_ORDER_STATUS_RETURNED && to != CUSTCARE_ORDER_STATUS_CANCELLED)
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_REFUND,
                   _("Money can only be refunded when an order is cancelled or returned."));
      goto fail;
    }
  if (refund < 0)
    {
      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_REFUND, _("A refund cannot be negative."));
      goto fail;
    }
  if (refund > refundable)
    {
      g_autofree char *max = custcare_money_format (refundable, state.currency);
      g_autofree char *asked = custcare_money_format (refund, state.currency);

      g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_REFUND,
                   _("A refund of %s is more than the customer paid for this order: at most %s can be refunded."),
                   asked, max);
      goto fail;
    }

  now = _custcare_store_now (store);
  stmt = _custcare_store_prepare (store,
                                  "UPDATE orders SET status = ?2, refunded = refunded + ?3, "
                                  "completed_at = CASE WHEN ?2 = 'completed' THEN ?4 ELSE completed_at END, "
                                  "updated_at = ?4 WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_text (stmt, 2, custcare_order_status_to_string (to), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, refund);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!_custcare_store_step_done (store, stmt, error))
    goto fail;

  if (!write_history (store, order_id, now, custcare_order_status_to_string (state.status),
                      custcare_order_status_to_string (to), note, refund, error))
    goto fail;

  transition.order_id = order_id;
  transition.customer_id = state.customer_id;
  transition.from_status = custcare_order_status_to_string (state.status);
  transition.to_status = custcare_order_status_to_string (to);
  transition.refund = refund;
  transition.note = note != NULL ? note : "";
  if (!_custcare_order_hooks_run (store, &transition, error))
    goto fail;

  if (!custcare_store_commit (store, error))
    return FALSE;
  _custcare_orders_model_store_changed (store);
  return TRUE;

fail:
  custcare_store_rollback (store);
  return FALSE;
}

/**
 * custcare_orders_list_history:
 *
 * Returns: (transfer full) (element-type CustcareOrderHistoryEntry): the order's timeline,
 *   oldest first
 */
GPtrArray *
custcare_orders_list_history (CustcareStore  *store,
                              gint64          order_id,
                              GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_order_history_entry_free);
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  stmt = _custcare_store_prepare (store,
                                  "SELECT id, changed_at, from_status, to_status, note, refund "
                                  "FROM order_status_history WHERE order_id = ? ORDER BY changed_at, id",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, order_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CustcareOrderHistoryEntry *entry = g_new0 (CustcareOrderHistoryEntry, 1);

      entry->id = column_int (stmt, 0);
      entry->changed_at = column_int (stmt, 1);
      entry->from_status = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NULL : g_strdup (column_text (stmt, 2));
      entry->to_status = g_strdup (column_text (stmt, 3));
      entry->note = g_strdup (column_text (stmt, 4));
      entry->refund = column_int (stmt, 5);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/**
 * custcare_orders_count_overdue:
 *
 * Orders past their due date that are still new, confirmed or in progress. Reads only the
 * partial index `orders_open_by_due`, so it stays instant with millions of finished orders.
 *
 * Returns: the count, or -1 with @error set
 */
gint64
custcare_orders_count_overdue (CustcareStore  *store,
                               GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), -1);

  stmt = _custcare_store_prepare (store,
                                  "SELECT count(*) FROM orders INDEXED BY orders_open_by_due "
                                  "WHERE due_at IS NOT NULL AND status IN ('new', 'confirmed', 'in-progress') "
                                  "AND due_at < ?",
                                  error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, _custcare_store_now (store));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _custcare_store_set_error (store, sqlite3_errcode (_custcare_store_get_db (store)), error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}
