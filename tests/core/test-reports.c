/* test-reports.c — every dashboard figure against small, hand-computed shops
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test writes a tiny shop with plain SQL (the reports must not depend on how other
 * features write their rows), fixes the clock, and checks each figure and the list behind it
 * against numbers worked out by hand in the comments.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "custcare-reports-private.h"

#define DAY (G_GINT64_CONSTANT (24) * 3600)

typedef struct
{
  char          *dir;
  CustcareStore *store;
  gint64         now;
  GTimeZone     *utc;
} Fixture;

static gint64
clock_cb (gpointer user_data)
{
  return ((Fixture *) user_data)->now;
}

/* Noon UTC of a day, so day boundaries in UTC are never in doubt. */
static gint64
at (int year,
    int month,
    int day)
{
  g_autoptr (GDateTime) dt = g_date_time_new_utc (year, month, day, 12, 0, 0);

  return g_date_time_to_unix (dt);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("custcare-reports-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  f->now = at (2026, 3, 15);
  f->utc = g_time_zone_new_utc ();
  _custcare_store_set_clock (f->store, clock_cb, f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_clear_object (&f->store);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_time_zone_unref (f->utc);
}

static void
exec (Fixture    *f,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
exec (Fixture    *f,
      const char *format,
      ...)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  _custcare_store_exec (f->store, sql, &error);
  g_assert_no_error (error);
}

static gint64
add_customer (Fixture    *f,
              const char *name,
              gint64      created_at)
{
  exec (f, "INSERT INTO customers (display_name, created_at, updated_at) VALUES ('%s', %" G_GINT64_FORMAT ", %"
        G_GINT64_FORMAT ")", name, created_at, created_at);
  return sqlite3_last_insert_rowid (_custcare_store_get_db (f->store));
}

static gint64
add_order_full (Fixture    *f,
                gint64      customer_id,
                gint64      placed_at,
                const char *status,
                gint64      due_at,
                gint64      total,
                gint64      refunded,
                gint64      completed_at)
{
  static int number;
  g_autofree char *due = due_at ? g_strdup_printf ("%" G_GINT64_FORMAT, due_at) : g_strdup ("NULL");
  g_autofree char *completed = completed_at ? g_strdup_printf ("%" G_GINT64_FORMAT, completed_at) : g_strdup ("NULL");

  exec (f,
        "INSERT INTO orders (number, customer_id, placed_at, status, due_at, subtotal, total, refunded, completed_at, "
        "created_at, updated_at) VALUES ('T-%d', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '%s', %s, %"
        G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %s, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
        ++number, customer_id, placed_at, status, due, total, total, refunded, completed, placed_at, placed_at);
  return sqlite3_last_insert_rowid (_custcare_store_get_db (f->store));
}

static gint64
add_order (Fixture    *f,
           gint64      customer_id,
           gint64      placed_at,
           const char *status)
{
  return add_order_full (f, customer_id, placed_at, status, 0, 1000, 0,
                         g_str_equal (status, "completed") ? placed_at + DAY : 0);
}

/* A completed order worth @total, completed @days_ago before the fixture's clock. */
static gint64
add_sale (Fixture *f,
          gint64   customer_id,
          gint64   days_ago,
          gint64   total,
          gint64   refunded)
{
  gint64 when = f->now - days_ago * DAY;

  return add_order_full (f, customer_id, when - DAY, refunded > 0 ? "returned" : "completed", 0, total, refunded,
                         when);
}

static gint64
add_interaction (Fixture *f,
                 gint64   customer_id,
                 gint64   occurred_at,
                 int      satisfaction,
                 gint64   follow_up_due_at,
                 gboolean done)
{
  g_autofree char *rating = satisfaction ? g_strdup_printf ("%d", satisfaction) : g_strdup ("NULL");
  g_autofree char *due = follow_up_due_at ? g_strdup_printf ("%" G_GINT64_FORMAT, follow_up_due_at)
                                          : g_strdup ("NULL");

  exec (f,
        "INSERT INTO interactions (customer_id, occurred_at, subject, satisfaction, follow_up_due_at, "
        "follow_up_done_at, created_at, updated_at) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'Call', %s, "
        "%s, %s, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
        customer_id, occurred_at, rating, due, done ? "1" : "NULL", occurred_at, occurred_at);
  return sqlite3_last_insert_rowid (_custcare_store_get_db (f->store));
}

/* Merging archives the duplicate and points it at the survivor. */
static void
mark_merged (Fixture *f,
             gint64   merged,
             gint64   survivor)
{
  exec (f, "UPDATE customers SET archived = 1, merged_into_id = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT,
        survivor, merged);
}

static CustcareDashboardData *
compute (Fixture                 *f,
         CustcareReportPeriodKind kind,
         GTimeZone               *tz)
{
  CustcareReportPeriod period = { kind, 0, 0 };
  g_autoptr (GError) error = NULL;
  CustcareDashboardData *data;

  data = custcare_reports_compute (f->store, &period, CUSTCARE_REPORT_SECTION_ALL, tz ? tz : f->utc, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  g_assert_cmpint (data->sections, ==, CUSTCARE_REPORT_SECTION_ALL);
  return data;
}

/* Checks the ids behind a figure, in order; the list ends with -1. */
static void
assert_list (Fixture             *f,
             CustcareReportFigure figure,
             gint64               start,
             gint64               end,
             int                  detail,
             GTimeZone           *tz,
             ...)
{
  CustcareReportSelection selection = { figure, start, end, detail };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = custcare_reports_list_ids (f->store, &selection, tz ? tz : f->utc, NULL, &error);
  g_autoptr (GString) got = g_string_new (NULL);
  g_autoptr (GString) want = g_string_new (NULL);
  va_list args;
  gint64 id;

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (got, "%" G_GINT64_FORMAT " ", g_array_index (ids, gint64, i));
  va_start (args, tz);
  while ((id = va_arg (args, gint64)) >= 0)
    g_string_append_printf (want, "%" G_GINT64_FORMAT " ", id);
  va_end (args);
  g_assert_cmpstr (got->str, ==, want->str);
}

#define END ((gint64) -1)

static void
test_empty_shop (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (CustcareDashboardData) d = compute (f, CUSTCARE_REPORT_PERIOD_LAST_3_MONTHS, NULL);

  g_assert_cmpint (d->follow_ups_due_today, ==, 0);
  g_assert_cmpint (d->follow_ups_overdue, ==, 0);
  g_assert_cmpint (d->orders_overdue, ==, 0);
  for (guint i = 0; i < CUSTCARE_REPORT_N_WAITING; i++)
    g_assert_cmpint (d->orders_waiting[i], ==, 0);
  g_assert_cmpint (d->customers_at_risk, ==, 0);
  g_assert_cmpint (d->churn_days, ==, 90);
  g_assert_cmpint (d->active_customers, ==, 0);
  g_assert_cmpfloat (custcare_dashboard_data_get_repeat_rate (d), ==, 0);
  g_assert_cmpfloat (custcare_dashboard_data_get_satisfaction_average (d), ==, 0);
  g_assert_cmpint (d->points_outstanding, ==, 0);
  g_assert_cmpint (d->points_value, ==, 0);
  g_assert_cmpuint (d->top_customers->len, ==, 0);
  for (guint i = 0; i < CUSTCARE_RFM_N_SEGMENTS; i++)
    g_assert_cmpint (d->rfm_counts[i], ==, 0);

  /* Last 3 months at 15 March: January, February and March, whole months. */
  g_assert_cmpuint (d->months->len, ==, 3);
  g_assert_cmpint (g_array_index (d->months, CustcareReportMonth, 0).month, ==, 1);
  g_assert_cmpint (g_array_index (d->months, CustcareReportMonth, 2).month, ==, 3);
  g_assert_cmpint (d->period_start, ==, at (2026, 1, 1) - 12 * 3600);
  g_assert_cmpint (d->period_end, ==, at (2026, 4, 1) - 12 * 3600);
  assert_list (f, CUSTCARE_REPORT_FIGURE_TOP_CUSTOMERS, 0, 0, 0, NULL, END);
}

static void
test_periods (Fixture       *f,
              gconstpointer  data)
{
  CustcareReportPeriod period = { CUSTCARE_REPORT_PERIOD_THIS_MONTH, 0, 0 };
  gint64 start, end;

  custcare_report_period_get_range (&period, f->now, f->utc, &start, &end);
  g_assert_cmpint (start, ==, at (2026, 3, 1) - 12 * 3600);
  g_assert_cmpint (end, ==, at (2026, 4, 1) - 12 * 3600);

  /* Twelve months back crosses the year. */
  period.kind = CUSTCARE_REPORT_PERIOD_LAST_12_MONTHS;
  custcare_report_period_get_range (&period, f->now, f->utc, &start, &end);
  g_assert_cmpint (start, ==, at (2025, 4, 1) - 12 * 3600);
  g_assert_cmpint (end, ==, at (2026, 4, 1) - 12 * 3600);

  period.kind = CUSTCARE_REPORT_PERIOD_CUSTOM;
  period.custom_start = at (2025, 12, 20);
  period.custom_end = at (2026, 2, 3);
  custcare_report_period_get_range (&period, f->now, f->utc, &start, &end);
  g_assert_cmpint (start, ==, at (2025, 12, 20));
  g_assert_cmpint (end, ==, at (2026, 2, 3));

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (CustcareDashboardData) d = custcare_reports_compute (f->store, &period, CUSTCARE_REPORT_SECTION_CUSTOMERS,
                                                                    f->utc, NULL, &error);

    g_assert_no_error (error);
    /* December, January, February. */
    g_assert_cmpuint (d->months->len, ==, 3);
    g_assert_cmpint (g_array_index (d->months, CustcareReportMonth, 0).month, ==, 12);
    g_assert_cmpint (g_array_index (d->months, CustcareReportMonth, 0).year, ==, 2025);
    g_assert_cmpint (d->sections, ==, CUSTCARE_REPORT_SECTION_CUSTOMERS);
  }
}

static void
test_follow_ups (Fixture       *f,
                 gconstpointer  data)
{
  gint64 c = add_customer (f, "Ada", at (2026, 1, 1));
  gint64 today_a = add_interaction (f, c, at (2026, 3, 1), 0, f->now - 3600, FALSE);   /* earlier today */
  gint64 today_b = add_interaction (f, c, at (2026, 3, 1), 0, f->now + 3600, FALSE);   /* later today */
  gint64 overdue = add_interaction (f, c, at (2026, 3, 1), 0, at (2026, 3, 14), FALSE);
  g_autoptr (CustcareDashboardData) d = NULL;

  add_interaction (f, c, at (2026, 3, 1), 0, at (2026, 3, 10), TRUE);                 /* done */
  add_interaction (f, c, at (2026, 3, 1), 0, at (2026, 3, 16) - 12 * 3600, FALSE);     /* tomorrow 00:00 */
  add_interaction (f, c, at (2026, 3, 1), 0, 0, FALSE);                                /* no follow-up */

  d = compute (f, CUSTCARE_REPORT_PERIOD_THIS_MONTH, NULL);
  g_assert_cmpint (d->follow_ups_due_today, ==, 2);
  g_assert_cmpint (d->follow_ups_overdue, ==, 1);
  assert_list (f, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY, 0, 0, 0, NULL, today_a, today_b, END);
  assert_list (f, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_OVERDUE, 0, 0, 0, NULL, overdue, END);
}

/* On the day the clocks change, "today" is 23 or 25 hours of local time, not 24 hours of UTC. */
static void
test_follow_ups_dst (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  gint64 c = add_customer (f, "Ada", at (2026, 1, 1));
  gint64 spring_first, spring_last, autumn_last;
  g_autoptr (CustcareDashboardData) spring = NULL;
  g_autoptr (CustcareDashboardData) autumn = NULL;

  if (berlin == NULL)
    {
      g_test_skip ("No time zone data for Europe/Berlin");
      return;
    }

  /* 29 March 2026, 12:00 CEST. The day runs from 00:00 CET (1774738800) to 00:00 CEST on the 30th
   * (1774821600): 23 hours. */
  f->now = 1774778400;
  add_interaction (f, c, at (2026, 3, 1), 0, 1774738800 - 1, FALSE);        /* 23:59:59 on the 28th: overdue */
  spring_first = add_interaction (f, c, at (2026, 3, 1), 0, 1774738800, FALSE);
  spring_last = add_interaction (f, c, at (2026, 3, 1), 0, 1774821600 - 1, FALSE);
  add_interaction (f, c, at (2026, 3, 1), 0, 1774821600 + 1800, FALSE);     /* within "start + 24 h", but the 30th */

  spring = compute (f, CUSTCARE_REPORT_PERIOD_THIS_MONTH, berlin);
  g_assert_cmpint (spring->today_start, ==, 1774738800);
  g_assert_cmpint (spring->today_end, ==, 1774821600);
  g_assert_cmpint (spring->follow_ups_due_today, ==, 2);
  g_assert_cmpint (spring->follow_ups_overdue, ==, 1);
  assert_list (f, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY, 0, 0, 0, berlin, spring_first, spring_last, END);

  /* 25 October 2026, 12:00 CET: from 00:00 CEST (1792879200) to 00:00 CET on the 26th (1792969200),
   * 25 hours. Everything due in March is overdue now. */
  f->now = 1792926000;
  autumn_last = add_interaction (f, c, at (2026, 3, 1), 0, 1792969200 - 1800, FALSE); /* past "start + 24 h" */
  autumn = compute (f, CUSTCARE_REPORT_PERIOD_THIS_MONTH, berlin);
  g_assert_cmpint (autumn->today_end - autumn->today_start, ==, 25 * 3600);
  g_assert_cmpint (autumn->follow_ups_due_today, ==, 1);
  g_assert_cmpint (autumn->follow_ups_overdue, ==, 4);
  assert_list (f, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY, 0, 0, 0, berlin, autumn_last, END);

  /* Months in local time too: October 2026 starts at 00:00 CEST on the 1st. */
  g_assert_cmpint (autumn->period_start, ==, 1790805600);
}

static void
test_orders_overdue_and_waiting (Fixture       *f,
                                 gconstpointer  data)
{
  gint64 c = add_customer (f, "Ada", at (2026, 1, 1));
  gint64 placed = at (2026, 3, 1);
  gint64 late_new = add_order_full (f, c, placed, "new", at (2026, 3, 10), 1000, 0, 0);
  gint64 late_confirmed = add_order_full (f, c, placed, "confirmed", at (2026, 3, 14), 1000, 0, 0);
  gint64 in_progress = add_order_full (f, c, placed, "in-progress", f->now + DAY, 1000, 0, 0);
  gint64 ready = add_order_full (f, c, placed, "ready", at (2026, 3, 2), 1000, 0, 0);
  g_autoptr (CustcareDashboardData) d = NULL;

  add_order_full (f, c, placed, "new", 0, 1000, 0, 0);                       /* no due date */
  add_order_full (f, c, placed, "shipped", at (2026, 3, 2), 1000, 0, 0);     /* with the carrier: not late */
  add_order_full (f, c, placed, "cancelled", at (2026, 3, 2), 1000, 0, 0);
  add_order_full (f, c, placed, "completed", at (2026, 3, 2), 1000, 0, at (2026, 3, 3));

  d = compute (f, CUSTCARE_REPORT_PERIOD_THIS_MONTH, NULL);
  g_assert_cmpint (d->orders_overdue, ==, 2);
  g_assert_cmpint (d->orders_waiting[CUSTCARE_REPORT_WAITING_NEW], ==, 2);
  g_assert_cmpint (d->orders_waiting[CUSTCARE_REPORT_WAITING_CONFIRMED], ==, 1);
  g_assert_cmpint (d->orders_waiting[CUSTCARE_REPORT_WAITING_IN_PROGRESS], ==, 1);
  g_assert_cmpint (d->orders_waiting[CUSTCARE_REPORT_WAITING_READY], ==, 1);
  g_assert_cmpint (d->orders_waiting[CUSTCARE_REPORT_WAITING_SHIPPED], ==, 1);
  assert_list (f, CUSTCARE_REPORT_FIGURE_ORDERS_OVERDUE, 0, 0, 0, NULL, late_new, late_confirmed, END);
  assert_list (f, CUSTCARE_REPORT_FIGURE_ORDERS_WAITING, 0, 0, CUSTCARE_REPORT_WAITING_READY, NULL, ready, END);
  assert_list (f, CUSTCARE_REPORT_FIGURE_ORDERS_WAITING, 0, 0, CUSTCARE_REPORT_WAITING_IN_PROGRESS, NULL,
               in_progress, END);
}

static void
test_customers_at_risk (Fixture       *f,
                        gconstpointer  data)
{
  gint64 created = at (2025, 1, 1);
  gint64 a = add_customer (f, "Two old calls", created);
  gint64 b = add_customer (f, "Old order and call", created);
  gint64 one = add_customer (f, "One old call", created);
  gint64 recent = add_customer (f, "Old orders, recent call", created);
  gint64 merged = add_customer (f, "Merged duplicate", created);
  gint64 archived = add_customer (f, "Archived", created);
  g_autoptr (CustcareDashboardData) d = NULL;
  g_autoptr (CustcareDashboardData) d2 = NULL;
  g_autoptr (GError) error = NULL;

  add_customer (f, "Never seen", created);
  add_interaction (f, a, f->now - 100 * DAY, 0, 0, FALSE);
  add_interaction (f, a, f->now - 200 * DAY, 0, 0, FALSE);
  add_order (f, b, f->now - 130 * DAY, "completed");
  add_interaction (f, b, f->now - 140 * DAY, 0, 0, FALSE);
  add_interaction (f, one, f->now - 100 * DAY, 0, 0, FALSE);
  add_order (f, recent, f->now - 200 * DAY, "completed");
  add_order (f, recent, f->now - 210 * DAY, "completed");
  add_interaction (f, recent, f->now - 10 * DAY, 0, 0, FALSE);
  for (int i = 0; i < 3; i++)
    add_interaction (f, merged, f->now - (100 + i) * DAY, 0, 0, FALSE);
  mark_merged (f, merged, b);
  add_interaction (f, archived, f->now - 100 * DAY, 0, 0, FALSE);
  add_interaction (f, archived, f->now - 101 * DAY, 0, 0, FALSE);
  exec (f, "UPDATE customers SET archived = 1 WHERE id = %" G_GINT64_FORMAT, archived);

  d = compute (f, CUSTCARE_REPORT_PERIOD_THIS_MONTH, NULL);
  g_assert_cmpint (d->customers_at_risk, ==, 2);
  /* Most recently lapsed first: a (100 days) before b (130 days). */
  assert_list (f, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0, 0, 0, NULL, a, b, END);

  /* With 120 days, only b has been quiet long enough. */
  custcare_store_set_setting_int (f->store, CUSTCARE_REPORTS_SETTING_CHURN_DAYS, 120, &error);
  g_assert_no_error (error);
  d2 = compute (f, CUSTCARE_REPORT_PERIOD_THIS_MONTH, NULL);
  g_assert_cmpint (d2->churn_days, ==, 120);
  g_assert_cmpint (d2->customers_at_risk, ==, 1);
  assert_list (f, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0, 0, 0, NULL, b, END);
}

static void
test_repeat_retention_new (Fixture       *f,
                           gconstpointer  data)
{
  gint64 c1 = add_customer (f, "c1", at (2025, 6, 1));
  gint64 c2 = add_customer (f, "c2", at (2026, 1, 10));
  gint64 c3 = add_customer (f, "c3", at (2026, 2, 5));
  gint64 c4 = add_customer (f, "c4", at (2026, 3, 1));
  gint64 dup = add_customer (f, "c4 again", at (2026, 3, 2));
  gint64 c6 = add_customer (f, "c6", at (2026, 2, 20));
  g_autoptr (CustcareDashboardData) d = NULL;
  const CustcareReportMonth *jan, *feb, *mar;

  mark_merged (f, dup, c4);
  exec (f, "UPDATE customers SET archived = 1 WHERE id = %" G_GINT64_FORMAT, c6);

  add_order (f, c1, at (2025, 12, 10), "completed");
  add_order (f, c1, at (2026, 1, 5), "completed");
  add_order (f, c1, at (2026, 2, 10), "new");
  add_order (f, c2, at (2026, 1, 12), "completed");
  add_order (f, c2, at (2026, 1, 20), "cancelled");
  add_order (f, c3, at (2026, 2, 6), "completed");
  add_order_full (f, c3, at (2026, 3, 3), "returned", 0, 1000, 1000, at (2026, 3, 4));
  add_order (f, c4, at (2026, 3, 2), "cancelled");

  d = compute (f, CUSTCARE_REPORT_PERIOD_LAST_3_MONTHS, NULL);
  /* Ordered (not cancelled) in Jan–Mar: c1 twice, c2 once, c3 twice. */
  g_assert_cmpint (d->active_customers, ==, 3);
  g_assert_cmpint (d->repeat_customers, ==, 2);
  g_assert_cmpfloat_with_epsilon (custcare_dashboard_data_get_repeat_rate (d), 2.0 / 3.0, 1e-9);

  jan = &g_array_index (d->months, CustcareReportMonth, 0);
  feb = &g_array_index (d->months, CustcareReportMonth, 1);
  mar = &g_array_index (d->months, CustcareReportMonth, 2);
  /* Dec {c1} → Jan {c1, c2} → Feb {c1, c3} → Mar {c3} */
  g_assert_cmpint (jan->active_customers, ==, 2);
  g_assert_cmpint (jan->previous_active, ==, 1);
  g_assert_cmpint (jan->retained_customers, ==, 1);
  g_assert_cmpint (feb->active_customers, ==, 2);
  g_assert_cmpint (feb->previous_active, ==, 2);
  g_assert_cmpint (feb->retained_customers, ==, 1);
  g_assert_cmpint (mar->active_customers, ==, 1);
  g_assert_cmpint (mar->retained_customers, ==, 1);

  /* New: c2 in January, c3 and c6 (archived, but a real customer) in February, c4 in March; the
   * merged duplicate is not a new customer. */
  g_assert_cmpint (d->new_customers, ==, 4);
  g_assert_cmpint (jan->new_customers, ==, 1);
  g_assert_cmpint (feb->new_customers, ==, 2);
  g_assert_cmpint (mar->new_customers, ==, 1);

  assert_list (f, CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS, d->period_start, d->period_end, 0, NULL, c1, c2, c3, END);
  assert_list (f, CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS, d->period_start, d->period_end, 0, NULL, c1, c3, END);
  assert_list (f, CUSTCARE_REPORT_FIGURE_RETAINED_CUSTOMERS, feb->start, feb->end, 0, NULL, c1, END);
  assert_list (f, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, d->period_start, d->period_end, 0, NULL, c2, c3, c6, c4, END);
  assert_list (f, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, feb->start, feb->end, 0, NULL, c3, c6, END);
}

static void
test_all_cancelled (Fixture       *f,
                    gconstpointer  data)
{
  gint64 c = add_customer (f, "Ada", at (2026, 1, 1));
  g_autoptr (CustcareDashboardData) d = NULL;

  add_order_full (f, c, at (2026, 3, 1), "cancelled", at (2026, 3, 2), 5000, 0, 0);
  add_order_full (f, c, at (2026, 3, 5), "cancelled", at (2026, 3, 6), 7000, 0, 0);

  d = compute (f, CUSTCARE_REPORT_PERIOD_LAST_12_MONTHS, NULL);
  g_assert_cmpuint (d->months->len, ==, 12);
  g_assert_cmpint (d->orders_overdue, ==, 0);
  g_assert_cmpint (d->active_customers, ==, 0);
  g_assert_cmpint (d->repeat_customers, ==, 0);
  g_assert_cmpuint (d->top_customers->len, ==, 0);
  for (guint i = 0; i < CUSTCARE_RFM_N_SEGMENTS; i++)
    g_assert_cmpint (d->rfm_counts[i], ==, 0);
  assert_list (f, CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS, d->period_start, d->period_end, 0, NULL, END);
}

static void
test_satisfaction (Fixture       *f,
                   gconstpointer  data)
{
  gint64 c = add_customer (f, "Ada", at (2025, 1, 1));
  gint64 jan_a = add_interaction (f, c, at (2026, 1, 3), 5, 0, FALSE);
  gint64 jan_b = add_interaction (f, c, at (2026, 1, 30), 3, 0, FALSE);
  gint64 feb = add_interaction (f, c, at (2026, 2, 14), 4, 0, FALSE);
  g_autoptr (CustcareDashboardData) d = NULL;

  add_interaction (f, c, at (2025, 12, 31), 1, 0, FALSE); /* before the period */
  add_interaction (f, c, at (2026, 3, 2), 0, 0, FALSE);   /* not rated */

  d = compute (f, CUSTCARE_REPORT_PERIOD_LAST_3_MONTHS, NULL);
  g_assert_cmpint (d->rated_interactions, ==, 3);
  g_assert_cmpfloat_with_epsilon (custcare_dashboard_data_get_satisfaction_average (d), 4.0, 1e-9);
  g_assert_cmpint (g_array_index (d->months, CustcareReportMonth, 0).rated_interactions, ==, 2);
  g_assert_cmpint (g_array_index (d->months, CustcareReportMonth, 0).rating_sum, ==, 8);
  g_assert_cmpint (g_array_index (d->months, CustcareReportMonth, 1).rating_sum, ==, 4);
  g_assert_cmpint (g_array_index (d->months, CustcareReportMonth, 2).rated_interactions, ==, 0);
  assert_list (f, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, d->period_start, d->period_end, 0, NULL, jan_a, jan_b,
               feb, END);
}

static void
test_points (Fixture       *f,
             gconstpointer  data)
{
  gint64 c1 = add_customer (f, "Ada", at (2025, 1, 1));
  gint64 c2 = add_customer (f, "Bob", at (2025, 1, 1));
  gint64 c3 = add_customer (f, "Cy", at (2025, 1, 1));
  g_autoptr (CustcareDashboardData) d = NULL;
  g_autoptr (CustcareDashboardData) d2 = NULL;
  g_autoptr (GError) error = NULL;

  exec (f, "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind) VALUES "
           "(%" G_GINT64_FORMAT ", 1, 500, 'earn'), (%" G_GINT64_FORMAT ", 2, -200, 'redeem'), "
           "(%" G_GINT64_FORMAT ", 3, 150, 'earn'), (%" G_GINT64_FORMAT ", 4, 40, 'earn'), "
           "(%" G_GINT64_FORMAT ", 5, -40, 'redeem')",
        c1, c1, c2, c3, c3);

  d = compute (f, CUSTCARE_REPORT_PERIOD_THIS_MONTH, NULL);
  g_assert_cmpint (d->points_outstanding, ==, 450);
  /* 100 points = 1.00: 450 points are worth 4.50, i.e. 450 cents. */
  g_assert_cmpint (d->points_value, ==, 450);
  assert_list (f, CUSTCARE_REPORT_FIGURE_POINTS_HOLDERS, 0, 0, 0, NULL, c1, c2, END);

  custcare_store_set_setting_int (f->store, CUSTCARE_REPORTS_SETTING_REDEEM_POINTS, 50, &error);
  g_assert_no_error (error);
  d2 = compute (f, CUSTCARE_REPORT_PERIOD_THIS_MONTH, NULL);
  g_assert_cmpint (d2->points_value, ==, 900);
}

static void
test_top_customers_and_rfm (Fixture       *f,
                            gconstpointer  data)
{
  gint64 created = at (2024, 1, 1);
  gint64 champion = add_customer (f, "Champion", created);
  gint64 loyal = add_customer (f, "Big spender", created);
  gint64 potential = add_customer (f, "New buyer", created);
  gint64 at_risk = add_customer (f, "Regular gone quiet", created);
  gint64 hibernating = add_customer (f, "Occasional gone quiet", created);
  gint64 lost = add_customer (f, "Lost", created);
  gint64 refunded = add_customer (f, "Partly refunded", created);
  gint64 all_back = add_customer (f, "Returned everything", created);
  gint64 cancelled = add_customer (f, "Only cancelled", created);
  gint64 merged = add_customer (f, "Merged duplicate", created);
  g_autoptr (CustcareDashboardData) d = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  const gint64 expected_top[][2] = {
    { champion, 80000 }, { loyal, 60000 }, { refunded, 6000 }, { at_risk, 3000 }, { hibernating, 2000 },
    { potential, 1000 },
  };

  for (int i = 0; i < 4; i++)
    add_sale (f, champion, 5 + i * 7, 20000, 0);
  add_sale (f, loyal, 10, 60000, 0);
  add_sale (f, potential, 10, 1000, 0);
  for (int i = 0; i < 3; i++)
    add_sale (f, at_risk, 200 + i, 1000, 0);
  add_sale (f, hibernating, 200, 2000, 0);
  add_sale (f, lost, 400, 90000, 0);
  add_sale (f, lost, 420, 90000, 0);
  add_sale (f, refunded, 20, 10000, 4000);
  add_sale (f, all_back, 20, 5000, 5000);
  add_order_full (f, cancelled, f->now - 3 * DAY, "cancelled", 0, 40000, 0, 0);
  add_sale (f, merged, 10, 70000, 0);
  mark_merged (f, merged, champion);

  d = compute (f, CUSTCARE_REPORT_PERIOD_LAST_12_MONTHS, NULL);

  /* 12-month spend, refunds deducted; the lost customer's spend is older than a year. */
  g_assert_cmpuint (d->top_customers->len, ==, G_N_ELEMENTS (expected_top));
  for (guint i = 0; i < G_N_ELEMENTS (expected_top); i++)
    {
      const CustcareReportTopCustomer *top = &g_array_index (d->top_customers, CustcareReportTopCustomer, i);

      g_assert_cmpint (top->customer_id, ==, expected_top[i][0]);
      g_assert_cmpint (top->spend, ==, expected_top[i][1]);
    }
  g_assert_cmpstr (g_array_index (d->top_customers, CustcareReportTopCustomer, 0).name, ==, "Champion");
  assert_list (f, CUSTCARE_REPORT_FIGURE_TOP_CUSTOMERS, 0, 0, 0, NULL, champion, loyal, refunded, at_risk,
               hibernating, potential, END);

  g_assert_cmpint (d->rfm_counts[CUSTCARE_RFM_SEGMENT_CHAMPIONS], ==, 1);
  g_assert_cmpint (d->rfm_counts[CUSTCARE_RFM_SEGMENT_LOYAL], ==, 1);
  g_assert_cmpint (d->rfm_counts[CUSTCARE_RFM_SEGMENT_POTENTIAL], ==, 2);
  g_assert_cmpint (d->rfm_counts[CUSTCARE_RFM_SEGMENT_AT_RISK], ==, 1);
  g_assert_cmpint (d->rfm_counts[CUSTCARE_RFM_SEGMENT_HIBERNATING], ==, 1);
  g_assert_cmpint (d->rfm_counts[CUSTCARE_RFM_SEGMENT_LOST], ==, 1);
  g_assert_cmpint (d->rfm_counts[CUSTCARE_RFM_SEGMENT_NONE], ==, 0);

  ids = custcare_rfm_segment_list_customers (f->store, CUSTCARE_RFM_SEGMENT_POTENTIAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, potential);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, refunded);
  assert_list (f, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, 0, 0, CUSTCARE_RFM_SEGMENT_CHAMPIONS, NULL, champion, END);
  assert_list (f, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, 0, 0, CUSTCARE_RFM_SEGMENT_AT_RISK, NULL, at_risk, END);
  assert_list (f, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, 0, 0, CUSTCARE_RFM_SEGMENT_LOST, NULL, lost, END);

  /* A bigger "big spend" makes the big spender merely potential. */
  custcare_store_set_setting_int (f->store, CUSTCARE_REPORTS_SETTING_RFM_BIG_SPEND, 100000, &error);
  g_assert_no_error (error);
  assert_list (f, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, 0, 0, CUSTCARE_RFM_SEGMENT_LOYAL, NULL, champion, END);
}

static void
test_rfm_rules (void)
{
  CustcareRfmSegment segment;

  g_assert_cmpint (custcare_rfm_classify (0, 0, 0, 100), ==, CUSTCARE_RFM_SEGMENT_NONE);
  g_assert_cmpint (custcare_rfm_classify (90, 3, 100, 100), ==, CUSTCARE_RFM_SEGMENT_CHAMPIONS);
  g_assert_cmpint (custcare_rfm_classify (90, 3, 99, 100), ==, CUSTCARE_RFM_SEGMENT_LOYAL);
  g_assert_cmpint (custcare_rfm_classify (90, 1, 100, 100), ==, CUSTCARE_RFM_SEGMENT_LOYAL);
  g_assert_cmpint (custcare_rfm_classify (90, 2, 99, 100), ==, CUSTCARE_RFM_SEGMENT_POTENTIAL);
  g_assert_cmpint (custcare_rfm_classify (91, 3, 100, 100), ==, CUSTCARE_RFM_SEGMENT_AT_RISK);
  g_assert_cmpint (custcare_rfm_classify (365, 2, 99, 100), ==, CUSTCARE_RFM_SEGMENT_HIBERNATING);
  g_assert_cmpint (custcare_rfm_classify (366, 9, 1000, 100), ==, CUSTCARE_RFM_SEGMENT_LOST);

  for (guint i = 0; i < CUSTCARE_RFM_N_SEGMENTS; i++)
    {
      g_assert_true (custcare_rfm_segment_from_nick (custcare_rfm_segment_get_nick (i), &segment));
      g_assert_cmpint (segment, ==, i);
      g_assert_nonnull (custcare_rfm_segment_get_label (i));
    }
  g_assert_false (custcare_rfm_segment_from_nick ("vip", &segment));
}

/* The plans PERF-NOTES.md calls for: partial and covering indexes, no sorting of big sets. */
static void
assert_plan (Fixture    *f,
             const char *sql,
             const char *must_contain,
             const char *must_not_contain)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_custcare_store_get_db (f->store), explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  if (strstr (plan->str, must_contain) == NULL ||
      (must_not_contain != NULL && strstr (plan->str, must_not_contain) != NULL))
    g_error ("Unexpected plan for %s:\n%s", sql, plan->str);
}

static void
test_query_plans (Fixture       *f,
                  gconstpointer  data)
{
  /* Without statistics, as in a new shop; bench-dashboard prints the plans at a million rows. */
  assert_plan (f, "SELECT count(*) " SQL_FOLLOW_UPS_BETWEEN, "interactions_open_follow_ups", NULL);
  assert_plan (f, "SELECT count(*) " SQL_FOLLOW_UPS_BEFORE, "interactions_open_follow_ups", NULL);
  assert_plan (f, "SELECT count(*) " SQL_ORDERS_OVERDUE, "orders_open_by_due", NULL);
  assert_plan (f, SQL_WAITING_BY_STATUS, "COVERING INDEX orders_by_status", NULL);
  assert_plan (f, SQL_POINTS_OUTSTANDING, "COVERING INDEX loyalty_ledger_balance", NULL);
  assert_plan (f, SQL_SPEND_WALK, "COVERING INDEX orders_completed_by_customer", "TEMP B-TREE");
  assert_plan (f, SQL_NEW_CUSTOMERS, "COVERING INDEX customers_by_created", NULL);
  assert_plan (f, "SELECT customer_id, placed_at " SQL_ACTIVE_ORDERS, "orders_by_placed", NULL);
  assert_plan (f, "SELECT occurred_at, satisfaction " SQL_RATED, "interactions_by_time", NULL);
  /* Churn reads the customers table once; no NOT EXISTS over the big tables. */
  assert_plan (f, "SELECT count(*) " SQL_AT_RISK, "customers", NULL);
  g_assert_null (strstr (SQL_AT_RISK, "NOT EXISTS"));
}

static void
compute_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CustcareDashboardData **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = custcare_reports_compute_finish (CUSTCARE_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareDashboardData) data = custcare_reports_compute_finish (CUSTCARE_STORE (source), result, &error);

  g_assert_null (data);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  CustcareReportPeriod period = { CUSTCARE_REPORT_PERIOD_THIS_MONTH, 0, 0 };
  gint64 c = add_customer (f, "Ada", at (2026, 1, 1));
  CustcareDashboardData *result = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  gboolean cancelled = FALSE;

  add_interaction (f, c, at (2026, 3, 1), 4, at (2026, 3, 14), FALSE);
  add_sale (f, c, 3, 2500, 0);

  /* The worker connection sees the data and the injected clock. */
  custcare_reports_compute_async (f->store, &period, NULL, compute_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (result->now, ==, f->now);
  g_assert_cmpint (result->follow_ups_overdue, ==, 1);
  g_assert_cmpint (result->rated_interactions, ==, 1);
  g_assert_cmpuint (result->top_customers->len, ==, 1);
  g_assert_cmpint (result->sections, ==, CUSTCARE_REPORT_SECTION_ALL);
  custcare_dashboard_data_unref (result);

  g_cancellable_cancel (cancellable);
  custcare_reports_compute_async (f->store, &period, cancellable, cancelled_cb, &cancelled);
  while (!cancelled)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_merge_sections (Fixture       *f,
                     gconstpointer  data)
{
  CustcareReportPeriod period = { CUSTCARE_REPORT_PERIOD_LAST_3_MONTHS, 0, 0 };
  gint64 c = add_customer (f, "Ada", at (2026, 1, 1));
  g_autoptr (CustcareDashboardData) today = NULL;
  g_autoptr (CustcareDashboardData) rest = NULL;
  g_autoptr (GError) error = NULL;

  add_interaction (f, c, at (2026, 2, 1), 2, at (2026, 3, 1), FALSE);
  add_sale (f, c, 3, 2500, 0);
  add_sale (f, c, 4, 2500, 0);

  today = custcare_reports_compute (f->store, &period, CUSTCARE_REPORT_SECTION_TODAY, f->utc, NULL, &error);
  g_assert_no_error (error);
  rest = custcare_reports_compute (f->store, &period, CUSTCARE_REPORT_SECTION_ALL & ~CUSTCARE_REPORT_SECTION_TODAY,
                                   f->utc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (today->repeat_customers, ==, 0);
  custcare_dashboard_data_merge (today, rest);
  g_assert_cmpint (today->sections, ==, CUSTCARE_REPORT_SECTION_ALL);
  g_assert_cmpint (today->follow_ups_overdue, ==, 1);
  g_assert_cmpint (today->repeat_customers, ==, 1);
  g_assert_cmpint (g_array_index (today->months, CustcareReportMonth, 1).rating_sum, ==, 2);
  g_assert_cmpuint (today->top_customers->len, ==, 1);
  g_assert_cmpstr (g_array_index (today->top_customers, CustcareReportTopCustomer, 0).name, ==, "Ada");
}

static void
test_describe (Fixture       *f,
               gconstpointer  data)
{
  gint64 c = add_customer (f, "Corner Bakery", at (2026, 1, 1));
  gint64 o = add_order_full (f, c, at (2026, 3, 1), "ready", 0, 1234, 0, 0);
  gint64 i = add_interaction (f, c, at (2026, 3, 1), 0, at (2026, 3, 20), FALSE);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GPtrArray) rows = NULL;
  CustcareReportRow *row;

  exec (f, "UPDATE customers SET company = 'Bakers Ltd' WHERE id = %" G_GINT64_FORMAT, c);
  g_array_append_val (ids, c);
  rows = custcare_reports_describe (f->store, CUSTCARE_REPORT_LIST_CUSTOMERS, ids, NULL);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->title, ==, "Corner Bakery");
  g_assert_cmpstr (row->subtitle, ==, "Bakers Ltd");
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_array_index (ids, gint64, 0) = o;
  rows = custcare_reports_describe (f->store, CUSTCARE_REPORT_LIST_ORDERS, ids, NULL);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpint (row->amount, ==, 1234);
  g_assert_cmpint (row->customer_id, ==, c);
  g_assert_nonnull (strstr (row->subtitle, "Corner Bakery"));
  g_assert_nonnull (strstr (row->subtitle, "Ready for Pickup"));
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_array_index (ids, gint64, 0) = i;
  rows = custcare_reports_describe (f->store, CUSTCARE_REPORT_LIST_INTERACTIONS, ids, NULL);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->title, ==, "Call");
  g_assert_cmpint (row->customer_id, ==, c);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/reports/empty-shop", test_empty_shop);
  ADD ("/reports/periods", test_periods);
  ADD ("/reports/follow-ups", test_follow_ups);
  ADD ("/reports/follow-ups-dst", test_follow_ups_dst);
  ADD ("/reports/orders-overdue-and-waiting", test_orders_overdue_and_waiting);
  ADD ("/reports/customers-at-risk", test_customers_at_risk);
  ADD ("/reports/repeat-retention-new", test_repeat_retention_new);
  ADD ("/reports/all-cancelled", test_all_cancelled);
  ADD ("/reports/satisfaction", test_satisfaction);
  ADD ("/reports/points", test_points);
  ADD ("/reports/top-customers-and-rfm", test_top_customers_and_rfm);
  ADD ("/reports/query-plans", test_query_plans);
  ADD ("/reports/async", test_async);
  ADD ("/reports/merge-sections", test_merge_sections);
  ADD ("/reports/describe", test_describe);
#undef ADD
  g_test_add_func ("/reports/rfm-rules", test_rfm_rules);

  return g_test_run ();
}
