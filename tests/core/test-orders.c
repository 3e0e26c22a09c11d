/* test-orders.c — orders: totals, numbers, the status pipeline, history, refunds, overdue, lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "custcare-customer.h"
#include "custcare-money.h"
#include "custcare-order-hooks.h"
#include "custcare-orders-model.h"
#include "custcare-orders-private.h"

typedef struct
{
  char          *dir;
  CustcareStore *store;
  gint64         clock;
  gint64         customer_id;
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->clock;
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

static char *
query_text (CustcareStore *store,
            const char    *sql,
            gint64         arg)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gint64
add_customer (CustcareStore *store,
              const char    *name)
{
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_customer_set_display_name (customer, name);
  id = custcare_customer_repo_insert (store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("custcare-orders-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  /* Sunday 2026-11-22 10:00 UTC. */
  f->clock = 1795341600;
  _custcare_store_set_clock (f->store, fixture_clock, f);
  f->customer_id = add_customer (f->store, "Ada Lovelace");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gint64
add_order (Fixture *f,
           gint64   price)
{
  g_autoptr (CustcareOrder) order = custcare_order_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_order_set_customer_id (order, f->customer_id);
  custcare_order_add_line (order, "Birthday cake", 1, price);
  id = custcare_orders_insert (f->store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Puts an order straight into @status, bypassing the pipeline, to test the step from there. */
static void
force_status (Fixture             *f,
              gint64               id,
              CustcareOrderStatus  status)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (f->store, "UPDATE orders SET status = ?2 WHERE id = ?1", NULL);

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, custcare_order_status_to_string (status), -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static gint64
history_count (Fixture *f,
               gint64   id)
{
  return query_int (f->store, "SELECT count(*) FROM order_status_history WHERE order_id = ?", id);
}

static char *
status_of (Fixture *f,
           gint64   id)
{
  return query_text (f->store, "SELECT status FROM orders WHERE id = ?", id);
}

/* Written out from DESIGN.md, independently of the table in custcare-orders.c. */
static gboolean
design_allows (CustcareOrderStatus from,
               CustcareOrderStatus to)
{
  static const struct { CustcareOrderStatus from, to; } legal[] = {
    { CUSTCARE_ORDER_STATUS_NEW, CUSTCARE_ORDER_STATUS_CONFIRMED },
    { CUSTCARE_ORDER_STATUS_CONFIRMED, CUSTCARE_ORDER_STATUS_IN_PROGRESS },
    { CUSTCARE_ORDER_STATUS_IN_PROGRESS, CUSTCARE_ORDER_STATUS_READY },
    { CUSTCARE_ORDER_STATUS_IN_PROGRESS, CUSTCARE_ORDER_STATUS_SHIPPED },
    { CUSTCARE_ORDER_STATUS_READY, CUSTCARE_ORDER_STATUS_COMPLETED },
    { CUSTCARE_ORDER_STATUS_SHIPPED, CUSTCARE_ORDER_STATUS_COMPLETED },
    { CUSTCARE_ORDER_STATUS_NEW, CUSTCARE_ORDER_STATUS_CANCELLED },
    { CUSTCARE_ORDER_STATUS_CONFIRMED, CUSTCARE_ORDER_STATUS_CANCELLED },
    { CUSTCARE_ORDER_STATUS_IN_PROGRESS, CUSTCARE_ORDER_STATUS_CANCELLED },
    { CUSTCARE_ORDER_STATUS_READY, CUSTCARE_ORDER_STATUS_CANCELLED },
    { CUSTCARE_ORDER_STATUS_SHIPPED, CUSTCARE_ORDER_STATUS_CANCELLED },
    { CUSTCARE_ORDER_STATUS_READY, CUSTCARE_ORDER_STATUS_RETURNED },
    { CUSTCARE_ORDER_STATUS_SHIPPED, CUSTCARE_ORDER_STATUS_RETURNED },
    { CUSTCARE_ORDER_STATUS_COMPLETED, CUSTCARE_ORDER_STATUS_RETURNED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (legal); i++)
    if (legal[i].from == from && legal[i].to == to)
      return TRUE;
  return FALSE;
}

static void
test_every_transition (Fixture       *f,
                       gconstpointer  data)
{
  guint legal = 0, illegal = 0;

  for (CustcareOrderStatus from = 0; from < CUSTCARE_ORDER_N_STATUSES; from++)
    for (CustcareOrderStatus to = 0; to < CUSTCARE_ORDER_N_STATUSES; to++)
      {
        g_autoptr (GError) error = NULL;
        g_autofree char *after = NULL;
        gint64 id = add_order (f, 1000);
        gint64 before_history;
        gboolean ok;

        force_status (f, id, from);
        before_history = history_count (f, id);
        ok = custcare_orders_change_status (f->store, id, from, to, 0, "step", &error);
        after = status_of (f, id);

        g_test_message ("%s → %s: %s", custcare_order_status_to_string (from),
                        custcare_order_status_to_string (to), ok ? "allowed" : error->message);
        g_assert_cmpint (ok, ==, design_allows (from, to));
        g_assert_cmpint (custcare_order_status_can_change (from, to), ==, design_allows (from, to));
        if (ok)
          {
            g_autofree char *hist_from = query_text (f->store, "SELECT from_status FROM order_status_history "
                                                               "WHERE order_id = ? ORDER BY id DESC LIMIT 1", id);
            g_autofree char *hist_to = query_text (f->store, "SELECT to_status FROM order_status_history "
                                                             "WHERE order_id = ? ORDER BY id DESC LIMIT 1", id);
            g_assert_no_error (error);
            g_assert_cmpstr (after, ==, custcare_order_status_to_string (to));
            g_assert_cmpint (history_count (f, id), ==, before_history + 1);
            g_assert_cmpstr (hist_from, ==, custcare_order_status_to_string (from));
            g_assert_cmpstr (hist_to, ==, custcare_order_status_to_string (to));
            legal++;
          }
        else
          {
            g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_ILLEGAL_TRANSITION);
            /* The message names both states, in the words the shop uses. */
            g_assert_nonnull (strstr (error->message, custcare_order_status_get_label (from)));
            g_assert_nonnull (strstr (error->message, custcare_order_status_get_label (to)));
            g_assert_cmpstr (after, ==, custcare_order_status_to_string (from));
            g_assert_cmpint (history_count (f, id), ==, before_history);
            illegal++;
          }
      }
  g_assert_cmpuint (legal, ==, 14);
  g_assert_cmpuint (illegal, ==, 64 - 14);
}

static void
test_transition_messages (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 id = add_order (f, 1000);
  gint64 completed_at;

  g_assert_false (custcare_order_status_check_change (CUSTCARE_ORDER_STATUS_COMPLETED,
                                                      CUSTCARE_ORDER_STATUS_IN_PROGRESS, &error));
  g_assert_cmpstr (error->message, ==, "An order that is Completed cannot go back to In progress.");
  g_clear_error (&error);

  /* The whole happy path, with completion time set on completion only. */
  g_assert_true (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_NEW, CUSTCARE_ORDER_STATUS_CONFIRMED, 0, NULL, &error));
  g_assert_true (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_CONFIRMED, CUSTCARE_ORDER_STATUS_IN_PROGRESS, 0, NULL, &error));
  g_assert_true (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_IN_PROGRESS, CUSTCARE_ORDER_STATUS_READY, 0, NULL, &error));
  g_assert_cmpint (query_int (f->store, "SELECT completed_at IS NULL FROM orders WHERE id = ?", id), ==, 1);
  f->clock += 3600;
  g_assert_true (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_READY, CUSTCARE_ORDER_STATUS_COMPLETED, 0, "Picked up", &error));
  g_assert_no_error (error);
  completed_at = query_int (f->store, "SELECT completed_at FROM orders WHERE id = ?", id);
  g_assert_cmpint (completed_at, ==, f->clock);

  /* A stale view (the user saw "Ready") is refused, not applied twice. */
  g_assert_false (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_READY, CUSTCARE_ORDER_STATUS_COMPLETED, 0, NULL, &error));
  g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_CHANGED);
  g_clear_error (&error);

  /* The timeline: created, then four changes, oldest first, with the note. */
  {
    g_autoptr (GPtrArray) history = custcare_orders_list_history (f->store, id, &error);
    CustcareOrderHistoryEntry *first, *last;

    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 5);
    first = g_ptr_array_index (history, 0);
    last = g_ptr_array_index (history, 4);
    g_assert_null (first->from_status);
    g_assert_cmpstr (first->to_status, ==, "new");
    g_assert_cmpstr (last->from_status, ==, "ready");
    g_assert_cmpstr (last->to_status, ==, "completed");
    g_assert_cmpstr (last->note, ==, "Picked up");
    g_assert_cmpint (last->changed_at, ==, f->clock);
  }
}

typedef struct
{
  guint     calls;
  gboolean  fail;
  char     *last_from;
  char     *last_to;
  gint64    last_refund;
} HookState;

static gboolean
test_hook (CustcareStore                 *store,
           const CustcareOrderTransition *transition,
           gpointer                       user_data,
           GError                       **error)
{
  HookState *state = user_data;

  state->calls++;
  g_set_str (&state->last_from, transition->from_status);
  g_set_str (&state->last_to, transition->to_status);
  state->last_refund = transition->refund;

  /* Write something first, to prove it is rolled back along with the status. */
  if (!_custcare_store_exec (store, "INSERT INTO settings (key, value) VALUES ('test.hook-ran', 'yes') "
                                    "ON CONFLICT (key) DO UPDATE SET value = 'again'", error))
    return FALSE;
  if (state->fail)
    {
      g_set_error_literal (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_FAILED, "The mail server said no.");
      return FALSE;
    }
  return TRUE;
}

static void
test_hook_failure_rolls_back (Fixture       *f,
                              gconstpointer  data)
{
  HookState state = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *status = NULL;
  gint64 id = add_order (f, 5000);
  gint64 history_before, updated_before;

  custcare_store_add_order_hook (f->store, test_hook, &state, NULL);

  /* A succeeding hook runs exactly once per change, inside the change. */
  g_assert_true (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_NEW, CUSTCARE_ORDER_STATUS_CONFIRMED, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (state.calls, ==, 1);
  g_assert_cmpstr (state.last_from, ==, "new");
  g_assert_cmpstr (state.last_to, ==, "confirmed");
  exec_ok (f->store, "DELETE FROM settings WHERE key = 'test.hook-ran'");

  /* A failing hook: nothing of the change stays. */
  force_status (f, id, CUSTCARE_ORDER_STATUS_COMPLETED);
  history_before = history_count (f, id);
  updated_before = query_int (f->store, "SELECT updated_at FROM orders WHERE id = ?", id);
  f->clock += 60;
  state.fail = TRUE;
  g_assert_false (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_COMPLETED,
                                                 CUSTCARE_ORDER_STATUS_RETURNED, 2000, "Too small", &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_FAILED);
  g_assert_cmpuint (state.calls, ==, 2);
  g_assert_cmpint (state.last_refund, ==, 2000);
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "completed");
  g_assert_cmpint (history_count (f, id), ==, history_before);
  g_assert_cmpint (query_int (f->store, "SELECT refunded FROM orders WHERE id = ?", id), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT updated_at FROM orders WHERE id = ?", id), ==, updated_before);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM settings WHERE key = 'test.hook-ran'", 0), ==, 0);
  g_clear_error (&error);

  /* And the store is usable afterwards: the same change goes through once the hook agrees. */
  state.fail = FALSE;
  g_assert_true (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_COMPLETED,
                                                CUSTCARE_ORDER_STATUS_RETURNED, 2000, "Too small", &error));
  g_assert_no_error (error);
  g_assert_cmpint (history_count (f, id), ==, history_before + 1);
  g_assert_cmpint (query_int (f->store, "SELECT refunded FROM orders WHERE id = ?", id), ==, 2000);

  g_free (state.last_from);
  g_free (state.last_to);
}

static void
test_totals (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (CustcareOrder) order = custcare_order_new ();
  g_autoptr (CustcareOrder) loaded = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_order_set_customer_id (order, f->customer_id);
  /* Prices that do not divide evenly: 3 × 3.33 + 1 × 0.01 = 10.00 exactly, in cents. */
  custcare_order_add_line (order, "Macaron", 3, 333);
  custcare_order_add_line (order, "Ribbon", 1, 1);
  g_assert_cmpint (custcare_order_get_subtotal (order), ==, 1000);
  custcare_order_set_discount (order, 250);
  g_assert_cmpint (custcare_order_get_total (order), ==, 750);

  /* A discount bigger than the goods is refused, and never makes a negative total. */
  custcare_order_set_discount (order, 1001);
  g_assert_cmpint (custcare_order_get_total (order), ==, 0);
  g_assert_false (custcare_order_validate (order, &error));
  g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID);
  g_clear_error (&error);
  custcare_order_set_discount (order, 1000);
  g_assert_true (custcare_order_validate (order, &error));
  g_assert_cmpint (custcare_order_get_total (order), ==, 0);
  custcare_order_set_discount (order, 250);

  id = custcare_orders_insert (f->store, order, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->store, "SELECT subtotal FROM orders WHERE id = ?", id), ==, 1000);
  g_assert_cmpint (query_int (f->store, "SELECT discount FROM orders WHERE id = ?", id), ==, 250);
  g_assert_cmpint (query_int (f->store, "SELECT total FROM orders WHERE id = ?", id), ==, 750);
  g_assert_cmpint (query_int (f->store, "SELECT sum (quantity * unit_price) FROM order_items WHERE order_id = ?", id), ==, 1000);
  g_assert_cmpstr (custcare_order_get_currency (order), ==, "EUR");

  loaded = custcare_orders_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (custcare_order_get_lines (loaded)->len, ==, 2);
  g_assert_cmpint (custcare_order_get_total (loaded), ==, 750);
  g_assert_cmpstr (custcare_order_get_customer_name (loaded), ==, "Ada Lovelace");

  /* Editing an open order recomputes; a finished one keeps its money fixed. */
  custcare_order_add_line (loaded, "Box", 2, 150);
  g_assert_true (custcare_orders_update (f->store, loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->store, "SELECT total FROM orders WHERE id = ?", id), ==, 1050);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM order_items WHERE order_id = ?", id), ==, 3);
  force_status (f, id, CUSTCARE_ORDER_STATUS_COMPLETED);
  custcare_order_add_line (loaded, "Candle", 1, 99);
  g_assert_false (custcare_orders_update (f->store, loaded, &error));
  g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_LOCKED);
  g_assert_cmpint (query_int (f->store, "SELECT total FROM orders WHERE id = ?", id), ==, 1050);
  g_clear_error (&error);

  /* Amounts past what CustCare records are refused, not wrapped around. */
  {
    g_autoptr (CustcareOrder) huge = custcare_order_new ();

    custcare_order_set_customer_id (huge, f->customer_id);
    custcare_order_add_line (huge, "Island", G_MAXINT64 / 2, 3);
    g_assert_false (custcare_order_validate (huge, &error));
    g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* No lines, no customer, empty description, zero quantity: all refused with a reason. */
  {
    g_autoptr (CustcareOrder) empty = custcare_order_new ();

    g_assert_false (custcare_order_validate (empty, &error));
    g_clear_error (&error);
    custcare_order_set_customer_id (empty, f->customer_id);
    g_assert_false (custcare_order_validate (empty, &error));
    g_clear_error (&error);
    custcare_order_add_line (empty, "  ", 1, 100);
    g_assert_false (custcare_order_validate (empty, &error));
    g_clear_error (&error);
    custcare_order_clear_lines (empty);
    custcare_order_add_line (empty, "Thing", 0, 100);
    g_assert_false (custcare_order_validate (empty, &error));
    g_clear_error (&error);
    custcare_order_set_customer_id (empty, 999999);
    custcare_order_clear_lines (empty);
    custcare_order_add_line (empty, "Thing", 1, 100);
    g_assert_cmpint (custcare_orders_insert (f->store, empty, &error), ==, 0);
    g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID);
  }
}

static void
test_numbers (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *peek = NULL;
  const char *expected[] = { "CC-00001", "CC-00002", "CC-00003", "CC-00005" };
  gint64 ids[4];

  g_autofree char *default_peek = custcare_orders_peek_next_number (f->store);
  g_assert_cmpstr (default_peek, ==, "ORD-00001");

  custcare_store_set_setting (f->store, "orders.number-prefix", "CC-", &error);
  g_assert_no_error (error);
  ids[0] = add_order (f, 100);
  ids[1] = add_order (f, 100);

  /* A failed insert uses up no number. */
  {
    g_autoptr (CustcareOrder) bad = custcare_order_new ();

    custcare_order_set_customer_id (bad, 424242);
    custcare_order_add_line (bad, "Ghost", 1, 1);
    g_assert_cmpint (custcare_orders_insert (f->store, bad, &error), ==, 0);
    g_clear_error (&error);
  }
  ids[2] = add_order (f, 100);

  /* A number already taken (say, by an import) is skipped. */
  exec_ok (f->store, "INSERT INTO orders (number, customer_id, placed_at, created_at, updated_at) "
                     "SELECT 'CC-00004', id, 0, 0, 0 FROM customers LIMIT 1");
  peek = custcare_orders_peek_next_number (f->store);
  g_assert_cmpstr (peek, ==, "CC-00004");
  ids[3] = add_order (f, 100);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *number = query_text (f->store, "SELECT number FROM orders WHERE id = ?", ids[i]);
      g_assert_cmpstr (number, ==, expected[i]);
    }
  g_assert_cmpint (custcare_store_get_setting_int (f->store, "orders.next-number", 0), ==, 6);
}

static gint64
add_due_order (Fixture             *f,
               gint64               due_at,
               CustcareOrderStatus  status)
{
  g_autoptr (CustcareOrder) order = custcare_order_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_order_set_customer_id (order, f->customer_id);
  custcare_order_add_line (order, "Repair", 1, 4500);
  custcare_order_set_due_at (order, due_at);
  id = custcare_orders_insert (f->store, order, &error);
  g_assert_no_error (error);
  force_status (f, id, status);
  return id;
}

static void
test_overdue (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (CustcareOrdersModel) model = custcare_orders_model_new (f->store);
  g_autoptr (GError) error = NULL;
  gint64 now = f->clock;
  gint64 late_new, late_progress, later;
  gint64 expect[2];

  late_progress = add_due_order (f, now - 2 * 86400, CUSTCARE_ORDER_STATUS_IN_PROGRESS);
  late_new = add_due_order (f, now - 60, CUSTCARE_ORDER_STATUS_NEW);
  add_due_order (f, now - 86400, CUSTCARE_ORDER_STATUS_READY);
  add_due_order (f, now - 86400, CUSTCARE_ORDER_STATUS_SHIPPED);
  add_due_order (f, now - 86400, CUSTCARE_ORDER_STATUS_COMPLETED);
  add_due_order (f, now - 86400, CUSTCARE_ORDER_STATUS_CANCELLED);
  add_due_order (f, now - 86400, CUSTCARE_ORDER_STATUS_RETURNED);
  later = add_due_order (f, now + 3600, CUSTCARE_ORDER_STATUS_CONFIRMED);
  add_due_order (f, 0, CUSTCARE_ORDER_STATUS_NEW);

  g_assert_cmpint (custcare_orders_count_overdue (f->store, &error), ==, 2);

  custcare_orders_model_set_filter (model, CUSTCARE_ORDERS_FILTER_OVERDUE, 0);
  g_assert_true (custcare_orders_model_reload (model, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  expect[0] = late_progress; /* most overdue first */
  expect[1] = late_new;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (CustcareOrder) order = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpint (custcare_order_get_id (order), ==, expect[i]);
      g_assert_true (custcare_order_is_overdue (order, now));
    }

  /* Due an hour from now: not yet; two hours later it is. */
  {
    g_autoptr (CustcareOrder) order = custcare_orders_get (f->store, later, &error);
    g_assert_false (custcare_order_is_overdue (order, now));
    g_assert_true (custcare_order_is_overdue (order, now + 7200));
  }
  f->clock = now + 7200;
  g_assert_cmpint (custcare_orders_count_overdue (f->store, &error), ==, 3);
  g_assert_true (custcare_orders_model_reload (model, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  /* Once ready, it is no longer overdue. */
  g_assert_true (custcare_orders_change_status (f->store, late_progress, CUSTCARE_ORDER_STATUS_IN_PROGRESS,
                                                CUSTCARE_ORDER_STATUS_READY, 0, NULL, &error));
  g_assert_cmpint (custcare_orders_count_overdue (f->store, &error), ==, 2);

  /* Due this week (the clock is a Sunday morning): due later today counts, next Monday not. */
  f->clock = now;
  add_due_order (f, now + 8 * 3600, CUSTCARE_ORDER_STATUS_NEW);
  add_due_order (f, now + 2 * 86400, CUSTCARE_ORDER_STATUS_NEW);
  custcare_orders_model_set_filter (model, CUSTCARE_ORDERS_FILTER_DUE_THIS_WEEK, 0);
  g_assert_true (custcare_orders_model_reload (model, &error));
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

    g_assert_cmpuint (n, >=, 1);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr (CustcareOrder) order = g_list_model_get_item (G_LIST_MODEL (model), i);
        g_assert_cmpint (custcare_order_get_due_at (order), <, now + 86400);
        g_assert_true (custcare_order_status_is_open (custcare_order_get_status (order)));
      }
  }
}

static void
test_partial_return (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareOrder) order = NULL;
  gint64 id = add_order (f, 10000);

  /* 20.00 of the 100.00 was paid with points (as the loyalty feature records it). */
  {
    g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (f->store, "UPDATE orders SET points_redeemed = 2000, points_value = 2000 WHERE id = ?", NULL);
    sqlite3_bind_int64 (stmt, 1, id);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  }
  force_status (f, id, CUSTCARE_ORDER_STATUS_COMPLETED);

  order = custcare_orders_get (f->store, id, &error);
  g_assert_cmpint (custcare_order_get_paid (order), ==, 8000);
  g_assert_cmpint (custcare_order_get_refundable (order), ==, 8000);

  /* Refunding more than was paid in money is refused and changes nothing. */
  g_assert_false (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_COMPLETED,
                                                 CUSTCARE_ORDER_STATUS_RETURNED, 8001, NULL, &error));
  g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_REFUND);
  g_assert_nonnull (strstr (error->message, "80.00"));
  g_clear_error (&error);
  g_assert_false (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_COMPLETED,
                                                 CUSTCARE_ORDER_STATUS_RETURNED, -1, NULL, &error));
  g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_REFUND);
  g_clear_error (&error);
  {
    g_autofree char *status = status_of (f, id);
    g_assert_cmpstr (status, ==, "completed");
  }

  /* A partial return: 30.00 back. */
  g_assert_true (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_COMPLETED,
                                                CUSTCARE_ORDER_STATUS_RETURNED, 3000, "One chair broken", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->store, "SELECT refunded FROM orders WHERE id = ?", id), ==, 3000);
  g_assert_cmpint (query_int (f->store, "SELECT refund FROM order_status_history WHERE order_id = ? ORDER BY id DESC LIMIT 1", id), ==, 3000);

  /* A refund only goes with cancelling or returning. */
  {
    gint64 other = add_order (f, 500);

    g_assert_false (custcare_orders_change_status (f->store, other, CUSTCARE_ORDER_STATUS_NEW,
                                                   CUSTCARE_ORDER_STATUS_CONFIRMED, 100, NULL, &error));
    g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_REFUND);
    g_clear_error (&error);
    /* Cancelling refunds at most the total. */
    g_assert_false (custcare_orders_change_status (f->store, other, CUSTCARE_ORDER_STATUS_NEW,
                                                   CUSTCARE_ORDER_STATUS_CANCELLED, 501, NULL, &error));
    g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_REFUND);
    g_clear_error (&error);
    g_assert_true (custcare_orders_change_status (f->store, other, CUSTCARE_ORDER_STATUS_NEW,
                                                  CUSTCARE_ORDER_STATUS_CANCELLED, 500, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_list_paging (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (CustcareOrdersModel) model = custcare_orders_model_new (f->store);
  g_autoptr (GError) error = NULL;
  gint64 other_customer = add_customer (f->store, "Grace Hopper");
  guint n;

  /* 250 orders, several placed in the same second, so the key (placed_at, id) matters. */
  for (guint i = 0; i < 250; i++)
    {
      g_autoptr (CustcareOrder) order = custcare_order_new ();

      f->clock += i % 3 == 0 ? 1 : 0;
      custcare_order_set_customer_id (order, i % 5 == 0 ? other_customer : f->customer_id);
      custcare_order_add_line (order, "Item", 1, 100 + i);
      g_assert_cmpint (custcare_orders_insert (f->store, order, &error), >, 0);
      if (i % 10 == 0)
        force_status (f, custcare_order_get_id (order), CUSTCARE_ORDER_STATUS_SHIPPED);
    }

  g_assert_true (custcare_orders_model_reload (model, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, CUSTCARE_ORDERS_MODEL_PAGE_SIZE);
  while (custcare_orders_model_load_more (model, &error))
    ;
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, 250);
  g_assert_true (custcare_orders_model_is_complete (model));

  /* Newest first, each order exactly once. */
  for (guint i = 1; i < n; i++)
    {
      g_autoptr (CustcareOrder) a = g_list_model_get_item (G_LIST_MODEL (model), i - 1);
      g_autoptr (CustcareOrder) b = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_true (custcare_order_get_placed_at (a) > custcare_order_get_placed_at (b) ||
                     (custcare_order_get_placed_at (a) == custcare_order_get_placed_at (b) &&
                      custcare_order_get_id (a) > custcare_order_get_id (b)));
    }
  {
    g_autoptr (CustcareOrder) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_cmpint (custcare_order_get_total (first), ==, 100 + 249);
    g_assert_cmpstr (custcare_order_get_customer_name (first), ==, "Ada Lovelace");
  }

  custcare_orders_model_set_filter (model, CUSTCARE_ORDERS_FILTER_STATUS, CUSTCARE_ORDER_STATUS_SHIPPED);
  g_assert_true (custcare_orders_model_reload (model, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 25);

  custcare_orders_model_set_filter (model, CUSTCARE_ORDERS_FILTER_ALL, 0);
  custcare_orders_model_set_customer_id (model, other_customer);
  g_assert_true (custcare_orders_model_reload (model, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr (CustcareOrder) order = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpint (custcare_order_get_customer_id (order), ==, other_customer);
    }

  custcare_orders_model_set_filter (model, CUSTCARE_ORDERS_FILTER_OPEN, 0);
  g_assert_true (custcare_orders_model_reload (model, &error));
  /* Of this customer's 50 orders, every second one was shipped. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 25);
}

/* Every list query reads an index; none scans the orders table or sorts it whole. */
static void
test_query_plans (Fixture       *f,
                  gconstpointer  data)
{
  for (CustcareOrdersFilter filter = CUSTCARE_ORDERS_FILTER_ALL; filter <= CUSTCARE_ORDERS_FILTER_DUE_THIS_WEEK; filter++)
    for (int by_customer = 0; by_customer <= 1; by_customer++)
      {
        g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", _custcare_orders_model_sql (filter, by_customer), NULL);
        g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (f->store, sql, NULL);
        g_autoptr (GString) plan = g_string_new (NULL);

        g_assert_nonnull (stmt);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
        g_test_message ("filter %d, by customer %d:\n%s", filter, by_customer, plan->str);
        g_assert_true (strstr (plan->str, "USING INDEX orders_") != NULL ||
                       strstr (plan->str, "USING COVERING INDEX orders_") != NULL);
        g_assert_null (strstr (plan->str, "SCAN orders"));
        g_assert_null (strstr (plan->str, "SCAN o"));
        if (by_customer)
          g_assert_nonnull (strstr (plan->str, "orders_by_customer"));
        /* Sorting in memory only for one customer's orders, or the (at most three) pages merged
         * for the open orders. */
        if (!by_customer && filter != CUSTCARE_ORDERS_FILTER_OPEN)
          g_assert_null (strstr (plan->str, "TEMP B-TREE"));
      }
}

/* A list shows a new order without being told: the repository nudges every model. */
static void
test_list_follows_writes (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (CustcareOrdersModel) model = custcare_orders_model_new (f->store);
  g_autoptr (GError) error = NULL;
  gint64 id;

  g_assert_true (custcare_orders_model_reload (model, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  id = add_order (f, 700);
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  custcare_orders_model_set_filter (model, CUSTCARE_ORDERS_FILTER_STATUS, CUSTCARE_ORDER_STATUS_NEW);
  g_assert_true (custcare_orders_model_reload (model, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_true (custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_NEW, CUSTCARE_ORDER_STATUS_CONFIRMED, 0, NULL, &error));
  while (g_list_model_get_n_items (G_LIST_MODEL (model)) != 0)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/orders/transitions/every-pair", test_every_transition);
  ADD ("/orders/transitions/messages-and-history", test_transition_messages);
  ADD ("/orders/transitions/hook-failure-rolls-back", test_hook_failure_rolls_back);
  ADD ("/orders/totals", test_totals);
  ADD ("/orders/numbers", test_numbers);
  ADD ("/orders/overdue", test_overdue);
  ADD ("/orders/partial-return", test_partial_return);
  ADD ("/orders/list/paging", test_list_paging);
  ADD ("/orders/list/query-plans", test_query_plans);
  ADD ("/orders/list/follows-writes", test_list_follows_writes);
#undef ADD

  return g_test_run ();
}
