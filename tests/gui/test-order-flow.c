/* test-order-flow.c — take an order through the editor and move it to "ready for pickup", with
 * the real window under Xvfb, then check what the database holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Set CUSTCARE_SHOT_DIR to also save screenshots of the order list, an order page and the editor
 * of a small shop there.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "custcare-application.h"
#include "custcare-customer.h"
#include "custcare-customer-orders.h"
#include "custcare-customer-page.h"
#include "custcare-gui-util.h"
#include "custcare-loyalty.h"
#include "custcare-money.h"
#include "custcare-order-editor.h"
#include "custcare-order-list.h"
#include "custcare-order-page.h"
#include "custcare-order-row.h"
#include "custcare-window.h"

static char *tmp_dir;

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
      gtk_widget_get_visible (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found)
        return found;
    }
  return NULL;
}

static void
spin (void)
{
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static char *
db_text (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Reads through a separate connection, as another program would see the file. */
static char *
status_in_file (const char *path)
{
  sqlite3 *db = NULL;
  char *status;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  status = db_text (db, "SELECT status FROM orders");
  sqlite3_close (db);
  return status;
}

static void
click (GtkWidget  *page,
       const char *label)
{
  GtkWidget *button = find_button (page, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  /* What a click does (gtk_widget_activate would only emit it after a press animation). */
  g_signal_emit_by_name (button, "clicked");
  spin ();
}

static void
flow_activate_cb (GApplication *app,
                  gpointer      user_data)
{
  const char *db_path = user_data;
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  g_autoptr (CustcareCustomer) ada = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) due_day = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *expected_total = NULL;
  g_autofree char *status = NULL;
  GtkWidget *list, *editor, *first_row, *second_row, *page;
  GtkWidget *customer_row, *discount_row, *due_row, *total_label;
  CustcareOrderPage *order_page;
  gint64 ada_id, deadline;

  g_signal_stop_emission_by_name (app, "activate");
  g_assert_nonnull (store);

  custcare_customer_set_given_name (ada, "Ada");
  custcare_customer_set_family_name (ada, "Lovelace");
  custcare_customer_add_email (ada, "Home", "ada@example.org");
  ada_id = custcare_customer_repo_insert (store, ada, &error);
  g_assert_no_error (error);

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  custcare_window_show_section (window, "orders");
  spin ();

  /* The Orders section holds the order list, empty for now. */
  list = find_descendant (GTK_WIDGET (window), CUSTCARE_TYPE_ORDER_LIST);
  g_assert_nonnull (list);
  g_assert_nonnull (custcare_order_list_get_model (CUSTCARE_ORDER_LIST (list)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (custcare_order_list_get_model (CUSTCARE_ORDER_LIST (list)))), ==, 0);

  /* New order. */
  g_assert_true (gtk_widget_activate_action (list, "orders.new", NULL));
  spin ();
  editor = find_descendant (GTK_WIDGET (window), CUSTCARE_TYPE_ORDER_EDITOR);
  g_assert_nonnull (editor);

  /* Pick the customer by typing part of her name and pressing Enter. */
  customer_row = GTK_WIDGET (gtk_widget_get_template_child (editor, CUSTCARE_TYPE_ORDER_EDITOR, "customer_row"));
  gtk_editable_set_text (GTK_EDITABLE (customer_row), "lovel");
  g_signal_emit_by_name (customer_row, "entry-activated");
  g_assert_cmpint (custcare_order_editor_get_customer_id (CUSTCARE_ORDER_EDITOR (editor)), ==, ada_id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (customer_row)), ==, "Ada Lovelace");

  /* Two items: 2 × 45.50 and 1 × 5.00 = 96.00, less 1.00 discount = 95.00. */
  first_row = gtk_widget_get_first_child (GTK_WIDGET (gtk_widget_get_template_child (editor, CUSTCARE_TYPE_ORDER_EDITOR, "items_list")));
  gtk_editable_set_text (GTK_EDITABLE (find_named (first_row, "description")), "Wedding cake");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_named (first_row, "quantity")), 2);
  gtk_editable_set_text (GTK_EDITABLE (find_named (first_row, "price")), "45.50");
  g_assert_true (gtk_widget_activate_action (editor, "editor.add-item", NULL));
  second_row = gtk_widget_get_next_sibling (first_row);
  g_assert_nonnull (second_row);
  gtk_editable_set_text (GTK_EDITABLE (find_named (second_row, "description")), "Cake stand hire");
  gtk_editable_set_text (GTK_EDITABLE (find_named (second_row, "price")), "5");
  discount_row = GTK_WIDGET (gtk_widget_get_template_child (editor, CUSTCARE_TYPE_ORDER_EDITOR, "discount_row"));
  gtk_editable_set_text (GTK_EDITABLE (discount_row), "1.00");

  total_label = GTK_WIDGET (gtk_widget_get_template_child (editor, CUSTCARE_TYPE_ORDER_EDITOR, "total_label"));
  expected_total = custcare_money_format (9500, "EUR");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (total_label)), ==, expected_total);

  /* Due in three days, written as the locale writes dates. */
  due_day = g_date_time_add_days (now, 3);
  due_text = g_date_time_format (due_day, "%x");
  due_row = GTK_WIDGET (gtk_widget_get_template_child (editor, CUSTCARE_TYPE_ORDER_EDITOR, "due_row"));
  gtk_editable_set_text (GTK_EDITABLE (due_row), due_text);

  g_assert_true (gtk_widget_activate_action (editor, "editor.save", NULL));
  spin ();

  /* Saving opens the new order in the content pane. */
  page = custcare_window_get_detail (window);
  g_assert_true (CUSTCARE_IS_ORDER_PAGE (page));
  order_page = CUSTCARE_ORDER_PAGE (page);
  g_assert_cmpint (custcare_order_get_total (custcare_order_page_get_order (order_page)), ==, 9500);
  g_assert_cmpint (custcare_order_get_customer_id (custcare_order_page_get_order (order_page)), ==, ada_id);
  status = status_in_file (db_path);
  g_assert_cmpstr (status, ==, "new");
  g_clear_pointer (&status, g_free);

  /* No points, nothing to spend. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (page, CUSTCARE_TYPE_ORDER_PAGE,
                                                                                     "spend_points_button"))));

  /* Only the legal next steps are offered. */
  g_assert_nonnull (find_button (page, "_Confirm"));
  g_assert_nonnull (find_button (page, "C_ancel Order"));
  g_assert_null (find_button (page, "_Ready for Pickup"));
  g_assert_null (find_button (page, "Co_mplete"));

  /* Confirm: shown at once, but held while its undo toast is up. */
  click (page, "_Confirm");
  g_assert_cmpuint (custcare_order_get_status (custcare_order_page_get_order (order_page)), ==, CUSTCARE_ORDER_STATUS_NEW);
  status = status_in_file (db_path);
  g_assert_cmpstr (status, ==, "new");
  g_clear_pointer (&status, g_free);
  g_assert_nonnull (find_button (page, "_Start Work"));

  /* The next step makes the previous one final. */
  click (page, "_Start Work");
  status = status_in_file (db_path);
  g_assert_cmpstr (status, ==, "confirmed");
  g_clear_pointer (&status, g_free);

  click (page, "_Ready for Pickup");
  status = status_in_file (db_path);
  g_assert_cmpstr (status, ==, "in-progress");
  g_clear_pointer (&status, g_free);

  /* Undo drops the held change: nothing was written, the buttons are back. */
  g_assert_true (gtk_widget_activate_action (page, "order.undo-status", NULL));
  spin ();
  g_assert_nonnull (find_button (page, "_Ready for Pickup"));
  g_assert_nonnull (find_button (page, "_Shipped"));

  /* Ready for pickup again, and this time let the toast time out. */
  click (page, "_Ready for Pickup");
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  for (;;)
    {
      status = status_in_file (db_path);
      if (g_strcmp0 (status, "ready") == 0 || g_get_monotonic_time () > deadline)
        break;
      g_clear_pointer (&status, g_free);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (status, ==, "ready");

  /* The database holds the whole story, each step once. */
  {
    sqlite3 *db = NULL;
    g_autofree char *history = NULL;
    g_autofree char *total = NULL;
    g_autofree char *items = NULL;
    g_autofree char *customer = NULL;
    g_autofree char *due = NULL;

    g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    history = db_text (db, "SELECT group_concat (to_status, ',') FROM (SELECT to_status FROM order_status_history ORDER BY id)");
    total = db_text (db, "SELECT subtotal || '/' || discount || '/' || total FROM orders");
    items = db_text (db, "SELECT group_concat (description || ':' || quantity || 'x' || unit_price, ',') "
                         "FROM (SELECT * FROM order_items ORDER BY position)");
    customer = db_text (db, "SELECT customer_id FROM orders");
    due = db_text (db, "SELECT date (due_at, 'unixepoch', 'localtime') FROM orders");
    sqlite3_close (db);

    g_assert_cmpstr (history, ==, "new,confirmed,in-progress,ready");
    g_assert_cmpstr (total, ==, "9600/100/9500");
    g_assert_cmpstr (items, ==, "Wedding cake:2x4550,Cake stand hire:1x500");
    g_assert_cmpint (g_ascii_strtoll (customer, NULL, 10), ==, ada_id);
    {
      g_autofree char *expected_due = g_date_time_format (due_day, "%Y-%m-%d");
      g_assert_cmpstr (due, ==, expected_due);
    }
  }

  /* The list shows the order with its new status. */
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (custcare_order_list_get_model (CUSTCARE_ORDER_LIST (list)))), ==, 1);

  /* And the customer's own order list (for the customer page) has it too. */
  {
    GtkWidget *customer_orders = custcare_customer_orders_new (store, ada_id);

    g_object_ref_sink (customer_orders);
    g_assert_cmpuint (custcare_customer_orders_get_n_orders (CUSTCARE_CUSTOMER_ORDERS (customer_orders)), ==, 1);
    g_object_unref (customer_orders);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_order_flow (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "flow.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (flow_activate_cb), db);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

/* Closing the window while a status change waits for its undo toast keeps the change. */
static void
close_activate_cb (GApplication *app,
                   gpointer      user_data)
{
  const char *db_path = user_data;
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  g_autoptr (CustcareOrder) order = custcare_order_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *status = NULL;
  GtkWidget *list, *page;

  g_signal_stop_emission_by_name (app, "activate");
  custcare_customer_set_display_name (customer, "Corner Café");
  custcare_order_set_customer_id (order, custcare_customer_repo_insert (store, customer, &error));
  g_assert_no_error (error);
  custcare_order_add_line (order, "Espresso beans, 1 kg", 2, 2400);
  custcare_orders_insert (store, order, &error);
  g_assert_no_error (error);
  /* Points to spend: the page offers Spend Points on an open order. */
  g_assert_true (custcare_loyalty_adjust (store, custcare_order_get_customer_id (order), 500, "Welcome gift", &error));

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  list = find_descendant (GTK_WIDGET (window), CUSTCARE_TYPE_ORDER_LIST);
  custcare_order_page_show (list, store, custcare_order_get_id (order));
  page = custcare_window_get_detail (window);
  g_assert_true (CUSTCARE_IS_ORDER_PAGE (page));

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (page, CUSTCARE_TYPE_ORDER_PAGE,
                                                                                    "spend_points_button"))));
  g_assert_true (gtk_widget_activate_action (page, "order.spend-points", NULL));
  spin ();
  {
    GtkWidget *dialog = find_descendant (GTK_WIDGET (window), ADW_TYPE_DIALOG);

    g_assert_nonnull (dialog);
    adw_dialog_force_close (ADW_DIALOG (dialog));
    spin ();
  }

  click (page, "_Confirm");
  status = status_in_file (db_path);
  g_assert_cmpstr (status, ==, "new");
  g_clear_pointer (&status, g_free);

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();

  status = status_in_file (db_path);
  g_assert_cmpstr (status, ==, "confirmed");
  {
    sqlite3 *db = NULL;
    g_autofree char *history = NULL;

    g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    history = db_text (db, "SELECT group_concat (to_status, ',') FROM (SELECT to_status FROM order_status_history ORDER BY id)");
    sqlite3_close (db);
    g_assert_cmpstr (history, ==, "new,confirmed");
  }
}

static void
test_close_keeps_held_change (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "close.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (close_activate_cb), db);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  const char *dir = g_getenv ("CUSTCARE_SHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  if (!custcare_widget_save_png (widget, path, &error))
    g_test_message ("screenshot failed: %s", error->message);
}

/* A small shop with believable orders in every state, some overdue. */
static void
fill_shop (CustcareStore *store)
{
  static const char *const names[][2] = {
    { "Harry", "Allen" }, { "Olivia", "Chen" }, { "Noah", "Doyle" }, { "Lucía", "García" },
    { "Yusuf", "Green" }, { "Evie", "Stewart" }, { "Oscar", "Price" }, { "Amara", "Okafor" },
  };
  static const struct { const char *description; gint64 price; } products[] = {
    { "Stoneware mug, blue glaze", 1800 }, { "Personalised engraving", 1200 }, { "Serving platter", 6450 },
    { "Gift wrapping", 350 }, { "Tea set for two", 8900 }, { "Repair: chipped rim", 2500 },
  };
  static const CustcareOrderStatus path[] = {
    CUSTCARE_ORDER_STATUS_CONFIRMED, CUSTCARE_ORDER_STATUS_IN_PROGRESS, CUSTCARE_ORDER_STATUS_READY,
    CUSTCARE_ORDER_STATUS_COMPLETED,
  };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 customers[G_N_ELEMENTS (names)];
  g_autoptr (GError) error = NULL;

  custcare_store_set_setting (store, "shop.currency", "GBP", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (CustcareCustomer) customer = custcare_customer_new ();

      custcare_customer_set_given_name (customer, names[i][0]);
      custcare_customer_set_family_name (customer, names[i][1]);
      customers[i] = custcare_customer_repo_insert (store, customer, &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < 24; i++)
    {
      g_autoptr (CustcareOrder) order = custcare_order_new ();
      CustcareOrderStatus status = CUSTCARE_ORDER_STATUS_NEW;
      guint steps = (i * 7) % 5;
      gint64 id;

      custcare_order_set_customer_id (order, customers[i % G_N_ELEMENTS (customers)]);
      custcare_order_set_placed_at (order, now - (24 - i) * 86400 / 2);
      custcare_order_add_line (order, products[i % G_N_ELEMENTS (products)].description, 1 + i % 3,
                               products[i % G_N_ELEMENTS (products)].price);
      if (i % 3 == 0)
        custcare_order_add_line (order, products[(i + 3) % G_N_ELEMENTS (products)].description, 1,
                                 products[(i + 3) % G_N_ELEMENTS (products)].price);
      if (i % 4 == 0)
        custcare_order_set_discount (order, 500);
      /* Due dates from a few days ago to next week. */
      custcare_order_set_due_at (order, now + ((gint64) (i % 9) - 3) * 86400);
      custcare_order_set_fulfilment (order, i % 2 ? CUSTCARE_FULFILMENT_DELIVERY : CUSTCARE_FULFILMENT_PICKUP);
      if (i % 2)
        {
          custcare_order_set_carrier (order, "Royal Mail");
          custcare_order_set_tracking_number (order, "RM123456785GB");
        }
      id = custcare_orders_insert (store, order, &error);
      g_assert_no_error (error);
      for (guint s = 0; s < steps && s < G_N_ELEMENTS (path); s++)
        {
          g_assert_true (custcare_orders_change_status (store, id, status, path[s], 0,
                                                        s == 1 ? "Glaze fired, cooling" : NULL, &error));
          status = path[s];
        }
    }
}

static void
shop_activate_cb (GApplication *app,
                  gpointer      user_data)
{
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  g_autoptr (GError) error = NULL;
  GtkWidget *list;
  CustcareOrdersModel *model;
  guint n_overdue;

  g_signal_stop_emission_by_name (app, "activate");
  fill_shop (store);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  custcare_window_show_section (window, "orders");
  list = find_descendant (GTK_WIDGET (window), CUSTCARE_TYPE_ORDER_LIST);
  model = custcare_order_list_get_model (CUSTCARE_ORDER_LIST (list));
  g_assert_true (custcare_orders_model_reload (model, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);

  /* The overdue filter lists only overdue orders, most overdue first, and marks them. */
  custcare_order_list_set_filter_index (CUSTCARE_ORDER_LIST (list), 2);
  for (guint i = 0; i < 3; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      spin ();
    }
  n_overdue = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n_overdue, >, 0);
  for (guint i = 0; i < n_overdue; i++)
    {
      g_autoptr (CustcareOrder) order = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_true (custcare_order_is_overdue (order, g_get_real_time () / G_USEC_PER_SEC));
    }
  {
    GtkWidget *row = find_descendant (list, CUSTCARE_TYPE_ORDER_ROW);
    GtkWidget *due_box = GTK_WIDGET (gtk_widget_get_template_child (row, CUSTCARE_TYPE_ORDER_ROW, "due_box"));
    GtkWidget *icon = GTK_WIDGET (gtk_widget_get_template_child (row, CUSTCARE_TYPE_ORDER_ROW, "overdue_icon"));

    g_assert_true (gtk_widget_has_css_class (due_box, "error"));
    g_assert_true (gtk_widget_get_visible (icon));
  }
  save_shot (GTK_WIDGET (window), "orders-overdue.png");

  /* Open the most overdue order, with the whole list beside it. */
  {
    g_autoptr (CustcareOrder) order = g_list_model_get_item (G_LIST_MODEL (model), 0);

    custcare_order_list_set_filter_index (CUSTCARE_ORDER_LIST (list), 0);
    spin ();
    custcare_order_page_show (list, store, custcare_order_get_id (order));
  }
  for (guint i = 0; i < 5; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      spin ();
    }
  save_shot (GTK_WIDGET (window), "orders-window.png");

  /* The lower half of the order page: fulfilment and the timeline. */
  {
    GtkWidget *page = custcare_window_get_detail (window);
    GtkWidget *scrolled = find_descendant (page, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    g_assert_true (CUSTCARE_IS_ORDER_PAGE (page));
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    for (guint i = 0; i < 3; i++)
      {
        gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
        spin ();
      }
    save_shot (GTK_WIDGET (window), "orders-history.png");
  }

  gtk_widget_activate_action (list, "orders.new", NULL);
  for (guint i = 0; i < 5; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      spin ();
    }
  save_shot (GTK_WIDGET (window), "orders-editor.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every customer page has Overview, Interactions, Orders and Loyalty tabs; the Orders tab lists
 * exactly this customer's orders, and the page with all four tabs still fits a 360 px window. */
static void
customer_tabs_activate_cb (GApplication *app,
                           gpointer      user_data)
{
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  const char *db_path = custcare_store_get_path (store);
  static const char *const tabs[] = { "overview", "interactions", "orders", "loyalty" };
  g_autofree char *customer_text = NULL;
  g_autofree char *count_text = NULL;
  GtkWidget *page, *section, *orders;
  int min_width;

  g_signal_stop_emission_by_name (app, "activate");
  fill_shop (store);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    customer_text = db_text (db, "SELECT id FROM customers WHERE family_name = 'Chen'");
    count_text = db_text (db, "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id "
                              "WHERE c.family_name = 'Chen'");
    sqlite3_close (db);
  }
  g_assert_cmpint (g_ascii_strtoll (count_text, NULL, 10), >, 0);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-customer",
                                  g_variant_new_int64 (g_ascii_strtoll (customer_text, NULL, 10)));
  spin ();
  page = custcare_window_get_detail (window);
  g_assert_true (CUSTCARE_IS_CUSTOMER_PAGE (page));
  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    g_assert_nonnull (custcare_customer_page_get_section (CUSTCARE_CUSTOMER_PAGE (page), tabs[i]));

  section = custcare_customer_page_get_section (CUSTCARE_CUSTOMER_PAGE (page), "orders");
  orders = find_descendant (section, CUSTCARE_TYPE_CUSTOMER_ORDERS);
  g_assert_nonnull (orders);
  custcare_customer_page_show_section (CUSTCARE_CUSTOMER_PAGE (page), "orders");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_cmpuint (custcare_customer_orders_get_n_orders (CUSTCARE_CUSTOMER_ORDERS (orders)), ==,
                    g_ascii_strtoll (count_text, NULL, 10));
  save_shot (GTK_WIDGET (window), "customer-orders-tab.png");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  for (guint i = 0; i < 3; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      spin ();
    }
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("customer page minimum width with four tabs: %d px", min_width);
  g_assert_cmpint (min_width, <=, 360);
  save_shot (GTK_WIDGET (window), "customer-orders-tab-narrow.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_customer_tabs (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "tabs.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (customer_tabs_activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

static void
test_shop_with_orders (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "shop.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (shop_activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  setlocale (LC_ALL, "C.UTF-8");
  tmp_dir = g_dir_make_tmp ("custcare-order-flow-XXXXXX", NULL);
  g_test_add_func ("/order-flow/editor-to-ready", test_order_flow);
  g_test_add_func ("/order-flow/close-keeps-held-change", test_close_keeps_held_change);
  g_test_add_func ("/order-flow/shop-with-orders", test_shop_with_orders);
  g_test_add_func ("/order-flow/customer-tabs", test_customer_tabs);
  return g_test_run ();
}
