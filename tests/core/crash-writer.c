/* crash-writer.c — a busy front desk that test-crash kills at random moments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: crash-writer DATABASE SEED
 *
 * Writes through the same core APIs the app uses, forever: new customers, logged calls, orders
 * moved through the pipeline (earning loyalty points on completion), point redemptions and
 * returns. After each call that committed, it prints one line saying what is now on disk:
 *
 *   customer ID | interaction ID | order ID STATUS | redeem ORDER POINTS
 *
 * A line is written only after the commit returned, so every line is a promise the database
 * must keep after a SIGKILL.
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "custcare-customer.h"
#include "custcare-interactions.h"
#include "custcare-loyalty.h"
#include "custcare-orders.h"
#include "custcare-store-private.h"

static void
report (const char *format,
        ...)
{
  g_autofree char *line = NULL;
  va_list args;
  gsize len, written = 0;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  /* One write() per line, unbuffered: a line is either out whole or not at all. */
  len = strlen (line);
  while (written < len)
    {
      ssize_t n = write (STDOUT_FILENO, line + written, len - written);
      if (n <= 0)
        exit (3);
      written += n;
    }
}

static void
fail (const char   *what,
      const GError *error)
{
  g_printerr ("crash-writer: %s: %s\n", what, error ? error->message : "?");
  exit (2);
}

static gint64
new_customer (CustcareStore *store,
              GRand         *rand)
{
  static const char *given[] = { "Ada", "Zoë", "Björn", "Chloé", "Dmitri", "Emeka", "Fatima", "Grace" };
  static const char *family[] = { "Lovelace", "Ångström", "O'Brien", "Müller", "Nakamura", "Okafor" };
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *phone = g_strdup_printf ("+1 555 %03d %04d", g_rand_int_range (rand, 0, 1000),
                                            g_rand_int_range (rand, 0, 10000));
  gint64 id;

  custcare_customer_set_given_name (customer, given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);
  custcare_customer_set_family_name (customer, family[g_rand_int_range (rand, 0, G_N_ELEMENTS (family))]);
  custcare_customer_add_phone (customer, "mobile", phone);

  id = custcare_customer_repo_insert (store, customer, &error);
  if (id <= 0)
    fail ("insert customer", error);
  report ("customer %" G_GINT64_FORMAT "\n", id);
  return id;
}

static void
log_call (CustcareStore *store,
          gint64         customer_id,
          GRand         *rand)
{
  g_autoptr (CustcareInteraction) call = custcare_interaction_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_interaction_set_customer_id (call, customer_id);
  custcare_interaction_set_occurred_at (call, _custcare_store_now (store) - g_rand_int_range (rand, 0, 86400));
  custcare_interaction_set_subject (call, "Asked about an order");
  custcare_interaction_set_notes (call, "Called from the shop floor; wants a call back.");

  id = custcare_interactions_add (store, call, &error);
  if (id <= 0)
    fail ("log call", error);
  report ("interaction %" G_GINT64_FORMAT "\n", id);
}

static gboolean
move (CustcareStore       *store,
      gint64               order_id,
      CustcareOrderStatus  from,
      CustcareOrderStatus  to,
      gint64               refund)
{
  g_autoptr (GError) error = NULL;

  if (!custcare_orders_change_status (store, order_id, from, to, refund, "", &error))
    fail ("change status", error);
  report ("order %" G_GINT64_FORMAT " %s\n", order_id, custcare_order_status_to_string (to));
  return TRUE;
}

static void
run_order (CustcareStore *store,
           gint64         customer_id,
           GRand         *rand)
{
  g_autoptr (CustcareOrder) order = custcare_order_new ();
  g_autoptr (CustcareOrder) stored = NULL;
  g_autoptr (GError) error = NULL;
  gint64 order_id, balance = 0;

  custcare_order_set_customer_id (order, customer_id);
  custcare_order_add_line (order, "Sourdough loaf", g_rand_int_range (rand, 1, 6), 450);
  custcare_order_add_line (order, "Birthday cake", 1, g_rand_int_range (rand, 1000, 9000));

  order_id = custcare_orders_insert (store, order, &error);
  if (order_id <= 0)
    fail ("insert order", error);
  report ("order %" G_GINT64_FORMAT " new\n", order_id);

  /* Spend points when there are some, so redemption and its restoration are on the line too. */
  if (custcare_loyalty_get_balance (store, customer_id, &balance, NULL) && balance >= 100 && g_rand_boolean (rand))
    {
      if (!custcare_loyalty_redeem_on_order (store, order_id, 100, &error))
        fail ("redeem", error);
      report ("redeem %" G_GINT64_FORMAT " 100\n", order_id);
    }

  if (g_rand_int_range (rand, 0, 10) == 0)
    {
      move (store, order_id, CUSTCARE_ORDER_STATUS_NEW, CUSTCARE_ORDER_STATUS_CANCELLED, 0);
      return;
    }

  move (store, order_id, CUSTCARE_ORDER_STATUS_NEW, CUSTCARE_ORDER_STATUS_CONFIRMED, 0);
  move (store, order_id, CUSTCARE_ORDER_STATUS_CONFIRMED, CUSTCARE_ORDER_STATUS_IN_PROGRESS, 0);
  move (store, order_id, CUSTCARE_ORDER_STATUS_IN_PROGRESS, CUSTCARE_ORDER_STATUS_READY, 0);
  move (store, order_id, CUSTCARE_ORDER_STATUS_READY, CUSTCARE_ORDER_STATUS_COMPLETED, 0);

  if (g_rand_int_range (rand, 0, 5) == 0)
    {
      stored = custcare_orders_get (store, order_id, &error);
      if (stored == NULL)
        fail ("get order", error);
      if (custcare_order_get_refundable (stored) > 0)
        move (store, order_id, CUSTCARE_ORDER_STATUS_COMPLETED, CUSTCARE_ORDER_STATUS_RETURNED,
              g_rand_int_range (rand, 1, (gint32) MIN (custcare_order_get_refundable (stored), G_MAXINT32 - 1) + 1));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (GRand) rand = NULL;
  g_autoptr (GArray) customers = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (argc != 3)
    {
      g_printerr ("usage: crash-writer DATABASE SEED\n");
      return 1;
    }

  store = custcare_store_open (argv[1], &error);
  if (store == NULL)
    fail ("open", error);
  rand = g_rand_new_with_seed ((guint32) g_ascii_strtoull (argv[2], NULL, 10));
  /* Tells the test the database is open, so its kills land in the work however slow the machine. */
  report ("ready\n");

  for (;;)
    {
      gint64 customer_id;

      if (customers->len < 3 || g_rand_int_range (rand, 0, 8) == 0)
        {
          customer_id = new_customer (store, rand);
          g_array_append_val (customers, customer_id);
        }
      customer_id = g_array_index (customers, gint64, g_rand_int_range (rand, 0, customers->len));

      log_call (store, customer_id, rand);
      run_order (store, customer_id, rand);
    }
}
