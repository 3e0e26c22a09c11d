/* test-orders-print.c — the packing slip and the customer summary, printed to PDF through
 * GtkPrintOperation and read back with pdftotext
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "custcare-customer.h"
#include "custcare-money.h"
#include "custcare-order-print.h"
#include "custcare-orders.h"

typedef struct
{
  char          *dir;
  CustcareStore *store;
  gint64         customer_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("custcare-print-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  custcare_store_set_setting (f->store, "shop.name", "Corner Bakery", &error);
  g_assert_no_error (error);

  custcare_customer_set_given_name (customer, "Ada");
  custcare_customer_set_family_name (customer, "Lovelace");
  custcare_customer_set_address_street (customer, "12 Analytical Row");
  custcare_customer_set_address_locality (customer, "London");
  f->customer_id = custcare_customer_repo_insert (f->store, customer, &error);
  g_assert_no_error (error);
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

static char *
pdf_text (const char *pdf)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    {
      g_test_skip_printf ("pdftotext is not available: %s", error->message);
      return NULL;
    }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static gint64
add_order (Fixture *f,
           guint    n_lines)
{
  g_autoptr (CustcareOrder) order = custcare_order_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_order_set_customer_id (order, f->customer_id);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *description = g_strdup_printf ("Sourdough loaf no. %u", i + 1);
      custcare_order_add_line (order, description, 1 + i % 3, 450 + i);
    }
  custcare_order_set_discount (order, 123);
  custcare_order_set_carrier (order, "Parcel Express");
  custcare_order_set_tracking_number (order, "PX-778899");
  id = custcare_orders_insert (f->store, order, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_slip (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareOrder) order = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "slip.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *total = NULL;
  gint64 id = add_order (f, 3);

  order = custcare_orders_get (f->store, id, &error);
  g_assert_no_error (error);

  g_assert_true (custcare_order_print_slip (NULL, f->store, id, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  text = pdf_text (pdf);
  if (text == NULL)
    return;
  g_test_message ("%s", text);
  total = custcare_money_format (custcare_order_get_total (order), custcare_order_get_currency (order));
  /* 4.50×1 + 4.51×2 + 4.52×3 − 1.23 = 25.85 */
  g_assert_cmpint (custcare_order_get_total (order), ==, 2585);
  g_assert_nonnull (strstr (text, custcare_order_get_number (order)));
  g_assert_nonnull (strstr (text, "Corner Bakery"));
  g_assert_nonnull (strstr (text, "Ada Lovelace"));
  g_assert_nonnull (strstr (text, "12 Analytical Row"));
  g_assert_nonnull (strstr (text, "Sourdough loaf no. 3"));
  g_assert_nonnull (strstr (text, "PX-778899"));
  g_assert_nonnull (strstr (text, total));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));
}

static void
test_slip_many_pages (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "long.pdf", NULL);
  g_autofree char *text = NULL;
  gint64 id = add_order (f, 120);

  g_assert_true (custcare_order_print_slip (NULL, f->store, id, pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  if (text == NULL)
    return;
  /* Every line is printed once, over several pages, and the totals come last. */
  g_assert_nonnull (strstr (text, "Sourdough loaf no. 1 "));
  g_assert_nonnull (strstr (text, "Sourdough loaf no. 120"));
  g_assert_nonnull (strstr (text, "Page 2 of"));
  g_assert_true (strstr (text, "Sourdough loaf no. 120") < strstr (text, "Subtotal"));
}

static void
test_customer_summary (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "summary.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *spent = NULL;
  gint64 a = add_order (f, 1);
  gint64 b = add_order (f, 2);
  gint64 c = add_order (f, 1);

  g_assert_true (custcare_orders_change_status (f->store, c, CUSTCARE_ORDER_STATUS_NEW, CUSTCARE_ORDER_STATUS_CANCELLED,
                                                0, NULL, &error));
  {
    g_autoptr (CustcareOrder) oa = custcare_orders_get (f->store, a, NULL);
    g_autoptr (CustcareOrder) ob = custcare_orders_get (f->store, b, NULL);

    first = g_strdup (custcare_order_get_number (oa));
    second = g_strdup (custcare_order_get_number (ob));
    /* The cancelled order is listed but not counted as spent. */
    spent = custcare_money_format (custcare_order_get_total (oa) + custcare_order_get_total (ob), "EUR");
  }

  g_assert_true (custcare_order_print_customer_summary (NULL, f->store, f->customer_id, pdf, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf);
  if (text == NULL)
    return;
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Corner Bakery"));
  g_assert_nonnull (strstr (text, "Ada Lovelace"));
  g_assert_nonnull (strstr (text, first));
  g_assert_nonnull (strstr (text, second));
  g_assert_nonnull (strstr (text, "Cancelled"));
  g_assert_nonnull (strstr (text, "3 orders"));
  g_assert_nonnull (strstr (text, spent));
}

static void
test_missing_order (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "none.pdf", NULL);

  g_assert_false (custcare_order_print_slip (NULL, f->store, 4242, pdf, &error));
  g_assert_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  /* Amounts are checked as the locale writes them; C.UTF-8 keeps the € sign printable. */
  setlocale (LC_ALL, "C.UTF-8");

  g_test_add ("/orders-print/slip", Fixture, NULL, fixture_setup, test_slip, fixture_teardown);
  g_test_add ("/orders-print/slip-many-pages", Fixture, NULL, fixture_setup, test_slip_many_pages, fixture_teardown);
  g_test_add ("/orders-print/customer-summary", Fixture, NULL, fixture_setup, test_customer_summary, fixture_teardown);
  g_test_add ("/orders-print/missing-order", Fixture, NULL, fixture_setup, test_missing_order, fixture_teardown);

  return g_test_run ();
}
