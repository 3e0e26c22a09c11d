/* test-dashboard.c — the Dashboard section, for real, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small shop written through the core repositories with the store's clock at 15 March 2026,
 * noon UTC (TZ=UTC), so every figure is known; the comments work them out. The test checks the
 * numbers on the cards, that a click opens the list behind a figure with the right customers, that
 * the period and the churn days change the figures, the CSV export and PDF printing of a report,
 * the charts' accessible text, and the customer list's segment filter.
 *
 * Set CUSTCARE_SCREENSHOT_DIR to also save PNGs (wide, dark, 360 px narrow) of what it sees.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "custcare-application.h"
#include "custcare-chart.h"
#include "custcare-customer-list.h"
#include "custcare-customer-page.h"
#include "custcare-dashboard-page.h"
#include "custcare-dashboard-report.h"
#include "custcare-dashboard-table.h"
#include "custcare-gui-util.h"
#include "custcare-interactions.h"
#include "custcare-loyalty.h"
#include "custcare-money.h"
#include "custcare-orders.h"
#include "custcare-store-private.h"
#include "custcare-window.h"

#define DAY (G_GINT64_CONSTANT (24) * 3600)

static char *tmp_dir;
static gint64 shop_now;
static gint64 ada_id, bob_id, cleo_id, dan_id, eve_id;

static gint64
clock_cb (gpointer user_data)
{
  return shop_now;
}

static gint64
at (int year,
    int month,
    int day,
    int hour)
{
  g_autoptr (GDateTime) dt = g_date_time_new_utc (year, month, day, hour, 0, 0);

  return g_date_time_to_unix (dt);
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
settle (void)
{
  for (guint i = 0; i < 30; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
dashboard_ready (gpointer data)
{
  CustcareDashboardPage *page = data;

  return !custcare_dashboard_page_get_loading (page) &&
         custcare_dashboard_page_get_data (page, CUSTCARE_REPORT_SECTION_TODAY) != NULL &&
         custcare_dashboard_page_get_data (page, CUSTCARE_REPORT_SECTION_CUSTOMERS) != NULL &&
         custcare_dashboard_page_get_data (page, CUSTCARE_REPORT_SECTION_SATISFACTION) != NULL &&
         custcare_dashboard_page_get_data (page, CUSTCARE_REPORT_SECTION_LOYALTY) != NULL;
}

static gboolean
report_loaded (gpointer data)
{
  return !custcare_dashboard_report_get_loading (data);
}

static void
maybe_screenshot (GtkWidget  *widget,
                  const char *name)
{
  const char *dir = g_getenv ("CUSTCARE_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    return;
  /* Let transitions (the section crossfade, a style change) finish. */
  for (gint64 until = g_get_monotonic_time () + 700 * 1000; g_get_monotonic_time () < until;)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  gtk_test_widget_wait_for_draw (widget);
  settle ();
  path = g_build_filename (dir, name, NULL);
  if (!custcare_widget_save_png (widget, path, &error))
    g_warning ("%s", error->message);
}

/* The shop */

static gint64
add_customer (CustcareStore *store,
              const char    *given,
              const char    *family,
              const char    *company,
              gint64         created_at)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  gint64 id;

  shop_now = created_at;
  custcare_customer_set_given_name (customer, given);
  custcare_customer_set_family_name (customer, family);
  if (company != NULL)
    custcare_customer_set_company (customer, company);
  id = custcare_customer_repo_insert (store, customer, &error);
  g_assert_no_error (error);
  return id;
}

/* An order placed at @placed_at, taken through the pipeline up to @status (completion the day
 * after it was placed). */
static gint64
add_order (CustcareStore       *store,
           gint64               customer_id,
           gint64               placed_at,
           gint64               due_at,
           gint64               price,
           CustcareOrderStatus  status)
{
  static const CustcareOrderStatus pipeline[] = {
    CUSTCARE_ORDER_STATUS_CONFIRMED, CUSTCARE_ORDER_STATUS_IN_PROGRESS, CUSTCARE_ORDER_STATUS_READY,
    CUSTCARE_ORDER_STATUS_COMPLETED,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareOrder) order = custcare_order_new ();
  CustcareOrderStatus current = CUSTCARE_ORDER_STATUS_NEW;
  gint64 id;

  shop_now = placed_at;
  custcare_order_set_customer_id (order, customer_id);
  custcare_order_set_placed_at (order, placed_at);
  if (due_at != 0)
    custcare_order_set_due_at (order, due_at);
  custcare_order_add_line (order, "Hamper", 1, price);
  id = custcare_orders_insert (store, order, &error);
  g_assert_no_error (error);
  shop_now = placed_at + DAY;
  for (guint i = 0; i < G_N_ELEMENTS (pipeline) && current != status; i++)
    {
      g_assert_true (custcare_orders_change_status (store, id, current, pipeline[i], 0, NULL, &error));
      g_assert_no_error (error);
      current = pipeline[i];
    }
  return id;
}

static void
add_interaction (CustcareStore *store,
                 gint64         customer_id,
                 gint64         occurred_at,
                 const char    *subject,
                 int            rating,
                 gint64         follow_up_due_at)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareInteraction) interaction = custcare_interaction_new ();

  shop_now = occurred_at;
  custcare_interaction_set_customer_id (interaction, customer_id);
  custcare_interaction_set_occurred_at (interaction, occurred_at);
  custcare_interaction_set_channel (interaction, CUSTCARE_CHANNEL_PHONE);
  custcare_interaction_set_direction (interaction, CUSTCARE_DIRECTION_INBOUND);
  custcare_interaction_set_subject (interaction, subject);
  custcare_interaction_set_outcome (interaction, follow_up_due_at ? CUSTCARE_OUTCOME_FOLLOW_UP : CUSTCARE_OUTCOME_RESOLVED);
  if (rating > 0)
    custcare_interaction_set_satisfaction (interaction, rating);
  if (follow_up_due_at != 0)
    custcare_interaction_set_follow_up_due_at (interaction, follow_up_due_at);
  custcare_interactions_add (store, interaction, &error);
  g_assert_no_error (error);
}

/*
 * Now is 15 March 2026. With the default rules (churn 90 days, big spend 500.00):
 *   Ada   joined 1 Mar 2026; completed 200.00 on 1 Feb, 20 Feb and 5 Mar; rated 5 on 5 Mar
 *         → champion (3 orders, 600.00, recent); new this month
 *   Bob   joined 1 Jun 2025; completed 20.00 on 10 Feb; an order placed 1 Mar, due 10 Mar, only
 *         confirmed (overdue, waiting "confirmed"); rated 2 on 20 Jan → potential
 *   Cleo  joined 10 Jan 2025, "Acme, Inc."; completed 1000.00 on 1 Aug 2025; a call on 3 Aug 2025
 *         with a follow-up due 12 Mar 2026 (overdue) → at risk (valued, 225 days); churned
 *   Dan   joined 10 Mar 2026; a call on 14 Mar rated 4, follow-up due today → no segment; new
 *   Eve   joined 1 Jan 2024, company "=SUM(1+1)"; completed 50.00 on 1 Jun 2024, a call on 3 Jun
 *         2024 → lost; churned
 * This month: follow-ups 1 due today, 1 overdue; 1 order overdue; 2 customers at risk (Cleo
 * lapsed last, so first); 2 new customers; Ada and Bob ordered (2), nobody twice (0 %); ratings
 * 5 and 4 (4.5 of 2). Last 12 months: 3 new (Bob too), Ada, Bob and Cleo ordered, Ada and Bob
 * twice or more (67 %),
 * ratings 5, 4, 2 (3.7 of 3).
 */
static void
fill_shop (CustcareStore *store)
{
  ada_id = add_customer (store, "Ada", "Lovelace", NULL, at (2026, 3, 1, 9));
  bob_id = add_customer (store, "Bob", "Baker", NULL, at (2025, 6, 1, 9));
  cleo_id = add_customer (store, "Cleo", "Clarke", "Acme, Inc.", at (2025, 1, 10, 9));
  dan_id = add_customer (store, "Dan", "Dawson", NULL, at (2026, 3, 10, 9));
  eve_id = add_customer (store, "Eve", "Evans", "=SUM(1+1)", at (2024, 1, 1, 9));

  add_order (store, ada_id, at (2026, 2, 1, 10), 0, 20000, CUSTCARE_ORDER_STATUS_COMPLETED);
  add_order (store, ada_id, at (2026, 2, 20, 10), 0, 20000, CUSTCARE_ORDER_STATUS_COMPLETED);
  add_order (store, ada_id, at (2026, 3, 5, 10), 0, 20000, CUSTCARE_ORDER_STATUS_COMPLETED);
  add_order (store, bob_id, at (2026, 2, 10, 10), 0, 2000, CUSTCARE_ORDER_STATUS_COMPLETED);
  add_order (store, bob_id, at (2026, 3, 1, 10), at (2026, 3, 10, 17), 3000, CUSTCARE_ORDER_STATUS_CONFIRMED);
  add_order (store, cleo_id, at (2025, 8, 1, 10), 0, 100000, CUSTCARE_ORDER_STATUS_COMPLETED);
  add_order (store, eve_id, at (2024, 6, 1, 10), 0, 5000, CUSTCARE_ORDER_STATUS_COMPLETED);

  add_interaction (store, ada_id, at (2026, 3, 5, 11), "Thanks for the hamper", 5, 0);
  add_interaction (store, bob_id, at (2026, 1, 20, 11), "Late delivery", 2, 0);
  add_interaction (store, cleo_id, at (2025, 8, 3, 11), "Quote for the summer", 0, at (2026, 3, 12, 9));
  add_interaction (store, dan_id, at (2026, 3, 14, 11), "First visit", 4, at (2026, 3, 15, 15));
  add_interaction (store, eve_id, at (2024, 6, 3, 11), "Thanks", 0, 0);

  shop_now = at (2026, 3, 15, 12);
}

/* Checks */

static void
assert_figure (CustcareDashboardPage *page,
               CustcareReportFigure   figure,
               int                    detail,
               const char            *expected)
{
  GtkWidget *widget = custcare_dashboard_page_get_figure_widget (page, figure, detail);

  g_assert_nonnull (widget);
  g_assert_cmpstr (custcare_dashboard_page_get_figure_text (page, figure, detail), ==, expected);
  g_assert_true (gtk_widget_get_sensitive (widget));
}

static CustcareDashboardReport *
click_figure (CustcareWindow        *window,
              CustcareDashboardPage *page,
              CustcareReportFigure   figure,
              int                    detail)
{
  GtkWidget *widget = custcare_dashboard_page_get_figure_widget (page, figure, detail);
  GtkWidget *detail_widget;

  g_assert_nonnull (widget);
  /* What a click or Enter does: a card is a button, a row an activatable list row. */
  if (GTK_IS_BUTTON (widget))
    g_signal_emit_by_name (widget, "clicked");
  else
    g_signal_emit_by_name (gtk_widget_get_parent (widget), "row-activated", widget);
  detail_widget = custcare_window_get_detail (window);
  if (!CUSTCARE_IS_DASHBOARD_REPORT (detail_widget))
    return NULL;
  wait_until (report_loaded, detail_widget, "the list behind the figure");
  return CUSTCARE_DASHBOARD_REPORT (detail_widget);
}

static void
assert_customers (CustcareDashboardTable *table,
                  const gint64           *expected,
                  guint                   n)
{
  g_assert_nonnull (table);
  g_assert_cmpuint (custcare_dashboard_table_get_n_rows (table), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (table->customer_ids, gint64, i), ==, expected[i]);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
read_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static gboolean
search_settled (gpointer data)
{
  CustcareCustomerListModel *model = custcare_customer_list_get_model (data);

  return !custcare_customer_list_model_get_searching (model);
}

static void
assert_list_shows (CustcareCustomerList *list,
                   const char           *segment,
                   gint64                only_id)
{
  CustcareCustomerListModel *model = custcare_customer_list_get_model (list);
  g_autoptr (CustcareCustomerSummary) summary = NULL;

  g_assert_cmpstr (custcare_customer_list_model_get_query (model)->segment, ==, segment);
  wait_until (search_settled, list, "the segment filter");
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  summary = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (custcare_customer_summary_get_id (summary), ==, only_id);
}

static gboolean
write_done (gpointer data)
{
  return *(gboolean *) data;
}

static void
csv_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (custcare_dashboard_table_write_csv_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean export_done;

static void
report_exported_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (custcare_dashboard_report_export_csv_finish (CUSTCARE_DASHBOARD_REPORT (source), result, &error));
  g_assert_no_error (error);
  export_done = TRUE;
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  CustcareDashboardPage *page;
  CustcareDashboardReport *report;
  CustcareCustomerList *list;
  CustcareChart *chart;
  GtkWidget *dropdown, *detail;
  g_autoptr (GError) error = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *points_text = NULL;
  g_autofree char *description = NULL;
  gint64 points = 0;

  g_signal_stop_emission_by_name (app, "activate");
  g_assert_nonnull (store);
  _custcare_store_set_clock (store, clock_cb, NULL);
  fill_shop (store);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  page = custcare_dashboard_page_find (GTK_WIDGET (window));
  g_assert_nonnull (page);
  /* The last three months by default; this test starts with this month. */
  g_assert_cmpint (custcare_dashboard_page_get_period (page)->kind, ==, CUSTCARE_REPORT_PERIOD_LAST_3_MONTHS);
  custcare_dashboard_page_set_period (page, &(CustcareReportPeriod) { CUSTCARE_REPORT_PERIOD_THIS_MONTH, 0, 0 });
  /* Hidden, it computes nothing; shown, it fills in. */
  g_assert_null (custcare_dashboard_page_get_data (page, CUSTCARE_REPORT_SECTION_TODAY));
  custcare_window_show_section (window, "dashboard");
  /* Right away: placeholders on insensitive cards, while the workers run. */
  g_assert_cmpstr (custcare_dashboard_page_get_figure_text (page, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0), ==, "…");
  g_assert_false (gtk_widget_get_sensitive (
    custcare_dashboard_page_get_figure_widget (page, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0)));
  wait_until (dashboard_ready, page, "the dashboard's figures");

  /* The cards show the shop's figures. */
  assert_figure (page, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY, 0, "1");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_OVERDUE, 0, "1");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_ORDERS_OVERDUE, 0, "1");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_ORDERS_WAITING, CUSTCARE_REPORT_WAITING_CONFIRMED, "1");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_ORDERS_WAITING, CUSTCARE_REPORT_WAITING_NEW, "0");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0, "2");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, 0, "2");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS, 0, "2");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS, 0, "0 %");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, 0, "4.5");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, 1, "2");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, CUSTCARE_RFM_SEGMENT_CHAMPIONS, "1");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, CUSTCARE_RFM_SEGMENT_LOYAL, "0");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, CUSTCARE_RFM_SEGMENT_POTENTIAL, "1");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, CUSTCARE_RFM_SEGMENT_AT_RISK, "1");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, CUSTCARE_RFM_SEGMENT_HIBERNATING, "0");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, CUSTCARE_RFM_SEGMENT_LOST, "1");
  /* Points: whatever the loyalty rules earned on the completed orders, as the ledger holds them. */
  for (guint i = 0; i < 5; i++)
    {
      gint64 ids[] = { ada_id, bob_id, cleo_id, dan_id, eve_id }, balance = 0;

      g_assert_true (custcare_loyalty_get_balance (store, ids[i], &balance, &error));
      points += balance;
    }
  g_assert_cmpint (points, >, 0);
  points_text = g_strdup_printf ("%'" G_GINT64_FORMAT, points);
  assert_figure (page, CUSTCARE_REPORT_FIGURE_POINTS_HOLDERS, 0, points_text);
  maybe_screenshot (GTK_WIDGET (window), "dashboard.png");

  /* The charts are images with their numbers in words: this month only, 2 new customers. */
  chart = custcare_dashboard_page_get_chart (page, "new-customers");
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG));
  g_assert_cmpuint (custcare_chart_get_n_points (chart), ==, 1);
  description = custcare_chart_dup_description (chart);
  g_assert_cmpstr (description, ==, "Mar: 2");
  gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_LABEL, "New customers per month");
  g_clear_pointer (&description, g_free);
  /* Satisfaction: the line's point is the month's average. */
  description = custcare_chart_dup_description (custcare_dashboard_page_get_chart (page, "satisfaction"));
  g_assert_cmpstr (description, ==, "Mar: 4.5");
  g_clear_pointer (&description, g_free);

  /* A click on "customers at risk" lists them, the most recently lapsed first... */
  report = click_figure (window, page, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0);
  g_assert_nonnull (report);
  assert_customers (custcare_dashboard_report_get_table (report), (gint64[]) { cleo_id, eve_id }, 2);
  maybe_screenshot (GTK_WIDGET (window), "dashboard-at-risk.png");

  /* ...exported as CSV: quoted per RFC 4180, Eve's formula-like company neutralised... */
  {
    g_autofree char *path = g_build_filename (tmp_dir, "at-risk.csv", NULL);
    g_autofree char *csv = NULL;
    g_autofree char *pdf = g_build_filename (tmp_dir, "at-risk.pdf", NULL);
    g_autoptr (GFile) file = g_file_new_build_filename (tmp_dir, "at-risk-async.csv", NULL);
    g_autofree char *async_csv = NULL;
    gboolean written = FALSE;
    GStatBuf st;

    g_assert_true (custcare_dashboard_table_write_csv (custcare_dashboard_report_get_table (report), path, &error));
    g_assert_no_error (error);
    csv = read_file (path);
    g_assert_cmpstr (csv, ==, "Customer,Company\r\nCleo Clarke,\"Acme, Inc.\"\r\nEve Evans,'=SUM(1+1)\r\n");
    /* ...the same off the main thread, as the Export button does... */
    custcare_dashboard_table_write_csv_async (custcare_dashboard_report_get_table (report), file, NULL,
                                              csv_written_cb, &written);
    wait_until (write_done, &written, "the CSV export");
    async_csv = read_file (g_file_peek_path (file));
    g_assert_cmpstr (async_csv, ==, csv);
    /* ...and printed (to PDF, as "Print to File" does). */
    g_assert_true (custcare_dashboard_table_print (custcare_dashboard_report_get_table (report), GTK_WINDOW (window),
                                                   "Test Shop", pdf, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (pdf, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 500);
  }

  /* Each row opens its customer's page. */
  {
    GtkListBox *rows = GTK_LIST_BOX (find_descendant (GTK_WIDGET (report), GTK_TYPE_LIST_BOX));

    g_assert_nonnull (rows);
    g_signal_emit_by_name (rows, "row-activated", gtk_list_box_get_row_at_index (rows, 0));
    settle ();
    detail = custcare_window_get_detail (window);
    g_assert_true (CUSTCARE_IS_CUSTOMER_PAGE (detail));
    g_assert_cmpint (custcare_customer_page_get_customer_id (CUSTCARE_CUSTOMER_PAGE (detail)), ==, cleo_id);
  }

  /* Other figures open their own lists: new customers this month, top customers. */
  report = click_figure (window, page, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, 0);
  assert_customers (custcare_dashboard_report_get_table (report), (gint64[]) { ada_id, dan_id }, 2);
  report = click_figure (window, page, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, 0);
  assert_customers (custcare_dashboard_report_get_table (report), (gint64[]) { ada_id, dan_id }, 2);
  {
    g_autoptr (CustcareDashboardTable) top = custcare_dashboard_page_dup_table (page, "top-customers");
    g_autofree char *csv = NULL;

    /* Last 12 months: Cleo 1000.00, Ada 600.00, Bob 20.00; Eve bought in 2024. */
    assert_customers (top, (gint64[]) { cleo_id, ada_id, bob_id }, 3);
    csv = custcare_dashboard_table_to_csv (top);
    currency = custcare_money_dup_shop_currency (store);
    {
      g_autofree char *cleo_spend = custcare_money_format (100000, currency);
      g_autofree char *cell = custcare_csv_cell (cleo_spend);
      g_autofree char *line = g_strdup_printf ("Cleo Clarke,%s\r\n", cell);

      g_assert_nonnull (strstr (csv, line));
    }
  }

  /* Orders overdue opens the Orders section on its Overdue filter. */
  g_signal_emit_by_name (custcare_dashboard_page_get_figure_widget (page, CUSTCARE_REPORT_FIGURE_ORDERS_OVERDUE, 0),
                         "clicked");
  settle ();
  custcare_window_show_section (window, "dashboard");
  settle ();

  /* The period: the last 12 months have 3 new customers, and 2 of the 3 buyers ordered twice. */
  dropdown = find_descendant (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), CUSTCARE_REPORT_PERIOD_LAST_12_MONTHS);
  g_assert_cmpint (custcare_dashboard_page_get_period (page)->kind, ==, CUSTCARE_REPORT_PERIOD_LAST_12_MONTHS);
  wait_until (dashboard_ready, page, "the figures of the last 12 months");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, 0, "3");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS, 0, "3");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS, 0, "67 %");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, 0, "3.7");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, 1, "3");
  /* "Today" does not depend on the period. */
  assert_figure (page, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY, 0, "1");
  chart = custcare_dashboard_page_get_chart (page, "new-customers");
  g_assert_cmpuint (custcare_chart_get_n_points (chart), ==, 12);
  description = custcare_chart_dup_description (chart);
  g_assert_true (g_str_has_prefix (description, "Apr: 0, May: 0, Jun: 1, Jul: 0"));
  g_assert_true (g_str_has_suffix (description, "Feb: 0, Mar: 2"));
  gtk_test_accessible_assert_property (chart, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  g_clear_pointer (&description, g_free);
  /* Retention in March: Ada and Bob ordered in February and again in March. */
  description = custcare_chart_dup_description (custcare_dashboard_page_get_chart (page, "retention"));
  g_assert_true (g_str_has_suffix (description, "Mar: 100 %"));
  g_clear_pointer (&description, g_free);
  {
    g_autoptr (CustcareDashboardTable) months = custcare_dashboard_page_dup_table (page, "months");
    g_autofree char *path = g_build_filename (tmp_dir, "months.csv", NULL);
    g_autofree char *csv = NULL;

    g_assert_nonnull (months);
    g_assert_cmpuint (custcare_dashboard_table_get_n_rows (months), ==, 12);
    g_assert_true (custcare_dashboard_table_write_csv (months, path, &error));
    csv = read_file (path);
    g_assert_true (g_str_has_prefix (csv, "Month,New customers,Ordered,Ordered the month before,Ordered again,"
                                          "Retention,Rated,Average rating\r\nApril 2025,0,0,0,0,,0,\r\n"));
    /* March: Ada and Dan joined; Ada and Bob ordered, both also in February; Ada and Dan rated. */
    g_assert_true (g_str_has_suffix (csv, "March 2026,2,2,2,2,100 %,2,4.5\r\n"));
  }
  maybe_screenshot (GTK_WIDGET (window), "dashboard-12-months.png");

  /* A custom period, typed in the dialog the period menu opens: June 2025, when Bob joined. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), CUSTCARE_REPORT_PERIOD_CUSTOM);
  {
    AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
    GtkListBox *rows;
    const CustcareReportPeriod *period;

    g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
    rows = GTK_LIST_BOX (adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (dialog)));
    gtk_editable_set_text (GTK_EDITABLE (gtk_list_box_get_row_at_index (rows, 0)), "2025-06-01");
    /* An end before the start cannot be shown. */
    gtk_editable_set_text (GTK_EDITABLE (gtk_list_box_get_row_at_index (rows, 1)), "2025-05-01");
    g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "show"));
    gtk_editable_set_text (GTK_EDITABLE (gtk_list_box_get_row_at_index (rows, 1)), "2025-06-30");
    g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "show"));
    g_signal_emit_by_name (dialog, "response", "show");
    adw_dialog_force_close (dialog);
    period = custcare_dashboard_page_get_period (page);
    g_assert_cmpint (period->kind, ==, CUSTCARE_REPORT_PERIOD_CUSTOM);
    g_assert_cmpint (period->custom_start, ==, at (2025, 6, 1, 0));
    g_assert_cmpint (period->custom_end, ==, at (2025, 7, 1, 0));
    /* One dialog, answered: none is left open, and the menu shows the dates. */
    settle ();
    g_assert_null (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, CUSTCARE_REPORT_PERIOD_CUSTOM);
    g_assert_nonnull (strstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown))),
                              "2025"));
  }
  wait_until (dashboard_ready, page, "the figures of June 2025");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, 0, "1");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS, 0, "0");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, 0, "None");
  report = click_figure (window, page, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, 0);
  assert_customers (custcare_dashboard_report_get_table (report), (gint64[]) { bob_id }, 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), CUSTCARE_REPORT_PERIOD_LAST_12_MONTHS);
  wait_until (dashboard_ready, page, "the figures of the last 12 months again");

  /* Churn days on the page: at 400 days only Eve is at risk, and the setting is kept. */
  custcare_dashboard_page_set_churn_days (page, 400);
  wait_until (dashboard_ready, page, "the churn list at 400 days");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0, "1");
  g_assert_cmpint (custcare_store_get_setting_int (store, CUSTCARE_REPORTS_SETTING_CHURN_DAYS, 0), ==, 400);
  report = click_figure (window, page, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0);
  assert_customers (custcare_dashboard_report_get_table (report), (gint64[]) { eve_id }, 1);

  /* A change to the shop reaches the dashboard: a follow-up due today for Bob. */
  add_interaction (store, bob_id, at (2026, 3, 15, 11), "Where is my order?", 0, at (2026, 3, 15, 16));
  shop_now = at (2026, 3, 15, 12);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_strcmp0 (custcare_dashboard_page_get_figure_text (page, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY, 0),
                      "2") != 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }

  /* A segment opens the customer list filtered to it, with exactly its customers. */
  list = custcare_customer_list_find (GTK_WIDGET (window));
  g_assert_nonnull (list);
  custcare_window_show_detail (window, NULL, NULL);
  g_assert_null (click_figure (window, page, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, CUSTCARE_RFM_SEGMENT_CHAMPIONS));
  assert_list_shows (list, "champions", ada_id);
  maybe_screenshot (GTK_WIDGET (window), "customers-champions.png");
  custcare_customer_list_set_segment (list, "at-risk");
  assert_list_shows (list, "at-risk", cleo_id);
  custcare_customer_list_set_segment (list, "lost");
  assert_list_shows (list, "lost", eve_id);
  custcare_customer_list_set_segment (list, "potential");
  assert_list_shows (list, "potential", bob_id);
  /* Typed text narrows within the segment: "ada" is no potential customer. */
  gtk_editable_set_text (GTK_EDITABLE (custcare_customer_list_get_search_entry (list)), "ada");
  {
    CustcareCustomerListModel *model = custcare_customer_list_get_model (list);
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_strcmp0 (custcare_customer_list_model_get_query (model)->text, "ada") != 0 ||
           custcare_customer_list_model_get_searching (model))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
    gtk_editable_set_text (GTK_EDITABLE (custcare_customer_list_get_search_entry (list)), "");
  }
  custcare_customer_list_set_segment (list, NULL);
  g_assert_null (custcare_customer_list_model_get_query (custcare_customer_list_get_model (list))->segment);

  /* A customer added while the dashboard was hidden counts when it is shown again. */
  assert_figure (page, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, 0, "3");
  add_customer (store, "Fay", "Foster", NULL, at (2026, 3, 15, 11));
  shop_now = at (2026, 3, 15, 12);
  custcare_window_show_section (window, "dashboard");
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (g_strcmp0 (custcare_dashboard_page_get_figure_text (page, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, 0), "4") != 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }

  /* A long list: 205 more customers, last seen early in 2024. The report describes the rows it
   * shows, and every one for the export. */
  for (guint i = 0; i < 205; i++)
    {
      g_autofree char *given = g_strdup_printf ("Lapsed%03u", i);
      gint64 id = add_customer (store, given, "Longago", NULL, at (2023, 1, 1, 9));

      add_interaction (store, id, at (2024, 1, 2, 9) + i * 60, "Visit", 0, 0);
      add_interaction (store, id, at (2024, 1, 3, 9) + i * 60, "Visit", 0, 0);
    }
  shop_now = at (2026, 3, 15, 12);
  custcare_window_show_section (window, "customers");
  settle ();
  custcare_window_show_section (window, "dashboard");
  wait_until (dashboard_ready, page, "the figures with the lapsed customers");
  assert_figure (page, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0, "206");
  report = click_figure (window, page, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0);
  g_assert_cmpuint (custcare_dashboard_report_get_n_records (report), ==, 206);
  g_assert_cmpuint (custcare_dashboard_table_get_n_rows (custcare_dashboard_report_get_table (report)), ==,
                    CUSTCARE_DASHBOARD_REPORT_MAX_ROWS);
  {
    g_autoptr (GFile) file = g_file_new_build_filename (tmp_dir, "at-risk-all.csv", NULL);
    g_autofree char *csv = NULL;
    g_auto (GStrv) lines = NULL;

    export_done = FALSE;
    custcare_dashboard_report_export_csv_async (report, file, NULL, report_exported_cb, NULL);
    wait_until (write_done, &export_done, "the export of the whole list");
    csv = read_file (g_file_peek_path (file));
    lines = g_strsplit (csv, "\r\n", -1);
    /* Headings, Eve (lapsed last), the 205, and the empty string after the last CRLF. */
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 206 + 1);
    g_assert_cmpstr (lines[1], ==, "Eve Evans,'=SUM(1+1)");
    g_assert_true (g_str_has_suffix (lines[206], " Longago,"));
    g_assert_cmpuint (custcare_dashboard_table_get_n_rows (custcare_dashboard_report_get_table (report)), ==, 206);
  }

  /* Screenshots: dark, and 360 px wide. */
  if (g_getenv ("CUSTCARE_SCREENSHOT_DIR") != NULL)
    {
      custcare_window_show_section (window, "dashboard");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
      maybe_screenshot (GTK_WIDGET (window), "dashboard-dark.png");
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
      gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
      custcare_window_show_detail (window, NULL, NULL);
      maybe_screenshot (GTK_WIDGET (window), "dashboard-narrow.png");
      {
        GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (chart), GTK_TYPE_SCROLLED_WINDOW);
        GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

        for (guint i = 1; i <= 4; i++)
          {
            g_autofree char *name = g_strdup_printf ("dashboard-narrow-%u.png", i);

            gtk_adjustment_set_value (adj, i * 560);
            maybe_screenshot (GTK_WIDGET (window), name);
          }
      }
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_dashboard (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "shop.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

/* CSV cells on their own: RFC 4180 quoting and formula neutralising. */
static void
test_csv_cells (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "=1+2", "'=1+2" },
    { "+44 20 7946 0000", "'+44 20 7946 0000" },
    { "-3", "-3" },
    { "-2+3", "'-2+3" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"" },
    { "4.5", "4.5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cell = custcare_csv_cell (cases[i].in);

      g_assert_cmpstr (cell, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The test accessibility backend keeps the properties gtk_test_accessible_assert_property() reads. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LC_NUMERIC", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("custcare-dashboard-gui-XXXXXX", NULL);
  g_test_add_func ("/gui/dashboard/csv-cells", test_csv_cells);
  g_test_add_func ("/gui/dashboard", test_dashboard);
  return g_test_run ();
}
