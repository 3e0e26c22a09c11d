/* bench-dashboard.c — how long the dashboard takes on the benchmark shop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   custcare-bench-dashboard [--period this-month|3|12] [--runs N] SHOP.db
 *
 * Runs the same report code as the app (custcare_reports_compute on a worker connection) with
 * the clock at the synthetic shop's "now", and prints the time of each section, of the whole
 * dashboard on one thread, of the sections in parallel as the dashboard runs them, and of the
 * lists behind a few figures. Medians of --runs warm runs, after one cold run.
 */
#define G_LOG_DOMAIN "custcare-bench"

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "custcare-reports-private.h"

/* The generator's "now": 2026-06-01 (custcare-bench-generate.c). */
#define SHOP_NOW G_GINT64_CONSTANT (1780272000)

static gint64
clock_cb (gpointer user_data)
{
  return SHOP_NOW;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_double);
  return g_array_index (samples, double, samples->len / 2);
}

static void
die (GError *error)
{
  g_printerr ("custcare-bench-dashboard: %s\n", error->message);
  exit (1);
}

/* CPU time of this thread: on a loaded machine wall time mostly measures the other processes. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
time_sections (CustcareStore              *store,
               const CustcareReportPeriod *period,
               CustcareReportSections      sections,
               double                     *out_cpu_ms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareDashboardData) data = NULL;
  gint64 t0 = g_get_monotonic_time ();
  double cpu0 = thread_cpu_ms ();

  data = custcare_reports_compute (store, period, sections, NULL, NULL, &error);
  if (data == NULL)
    die (error);
  *out_cpu_ms = thread_cpu_ms () - cpu0;
  return (g_get_monotonic_time () - t0) / 1000.0;
}

typedef struct
{
  GMainLoop *loop;
  int        pending;
  gint64     start;
  double     first_ms;
  double     last_ms;
} Parallel;

static void
parallel_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Parallel *p = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareDashboardData) data = custcare_reports_compute_finish (CUSTCARE_STORE (source), result, &error);
  double ms = (g_get_monotonic_time () - p->start) / 1000.0;

  if (data == NULL)
    die (error);
  if (p->first_ms == 0)
    p->first_ms = ms;
  p->last_ms = ms;
  if (--p->pending == 0)
    g_main_loop_quit (p->loop);
}

/* As the dashboard does it: the quick sections and the slow ones on their own connections. */
static void
time_parallel (CustcareStore              *store,
               const CustcareReportPeriod *period,
               double                     *first_ms,
               double                     *all_ms)
{
  static const CustcareReportSections groups[] = {
    CUSTCARE_REPORT_SECTION_TODAY,
    CUSTCARE_REPORT_SECTION_CUSTOMERS,
    CUSTCARE_REPORT_SECTION_SATISFACTION,
    CUSTCARE_REPORT_SECTION_LOYALTY,
  };
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Parallel p = { loop, G_N_ELEMENTS (groups), g_get_monotonic_time (), 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    custcare_reports_compute_sections_async (store, period, groups[i], NULL, NULL, parallel_done_cb, &p);
  g_main_loop_run (loop);
  *first_ms = p.first_ms;
  *all_ms = p.last_ms;
}

static double
time_list (CustcareStore        *store,
           CustcareReportFigure  figure,
           gint64                start,
           gint64                end,
           int                   detail,
           guint                *out_len)
{
  CustcareReportSelection selection = { figure, start, end, detail };
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  gint64 t0 = g_get_monotonic_time ();

  ids = custcare_reports_list_ids (store, &selection, NULL, NULL, &error);
  if (ids == NULL)
    die (error);
  *out_len = ids->len;
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static void
print_plan (CustcareStore *store,
            const char    *label,
            const char    *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (_custcare_store_get_db (store), explain, -1, &stmt, NULL) != SQLITE_OK)
    return;
  g_print ("  plan %-22s", label);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_print (" | %s", sqlite3_column_text (stmt, 3));
  g_print ("\n");
  sqlite3_finalize (stmt);
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; CustcareReportSections sections; } section_names[] = {
    { "today (follow-ups, orders)", CUSTCARE_REPORT_SECTION_TODAY },
    { "customers (churn, repeat, new)", CUSTCARE_REPORT_SECTION_CUSTOMERS },
    { "satisfaction trend", CUSTCARE_REPORT_SECTION_SATISFACTION },
    { "loyalty (points, top, RFM)", CUSTCARE_REPORT_SECTION_LOYALTY },
    { "whole dashboard, one thread", CUSTCARE_REPORT_SECTION_ALL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) main_store = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (CustcareDashboardData) data = NULL;
  g_autofree char *period_name = NULL;
  CustcareReportPeriod period = { CUSTCARE_REPORT_PERIOD_LAST_3_MONTHS, 0, 0 };
  int runs = 5;
  double open_ms;
  gint64 t0;
  const GOptionEntry entries[] = {
    { "period", 'p', 0, G_OPTION_ARG_STRING, &period_name, "this-month, 3 or 12 (default 3)", "PERIOD" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Warm runs per figure (default 5)", "N" },
    { NULL }
  };

  context = g_option_context_new ("SHOP.db - time the dashboard");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || runs < 1)
    {
      g_printerr ("usage: custcare-bench-dashboard [--period this-month|3|12] [--runs N] SHOP.db\n");
      return 2;
    }
  if (g_strcmp0 (period_name, "this-month") == 0)
    period.kind = CUSTCARE_REPORT_PERIOD_THIS_MONTH;
  else if (g_strcmp0 (period_name, "12") == 0)
    period.kind = CUSTCARE_REPORT_PERIOD_LAST_12_MONTHS;

  t0 = g_get_monotonic_time ();
  main_store = custcare_store_open (argv[1], &error);
  if (main_store == NULL)
    die (error);
  _custcare_store_set_clock (main_store, clock_cb, NULL);
  store = custcare_store_open_worker (main_store, &error);
  if (store == NULL)
    die (error);
  open_ms = (g_get_monotonic_time () - t0) / 1000.0;

  g_print ("dashboard benchmark: %s, period %s, %d warm runs (median ms)\n", argv[1],
           period_name ? period_name : "3", runs);
  {
    g_autofree char *load = NULL;

    /* Wall times are only comparable between runs at a similar load. */
    if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
      g_print ("  load average: %s", load);
  }
  g_print ("  %-34s %9.1f\n", "open database + worker", open_ms);

  for (guint s = 0; s < G_N_ELEMENTS (section_names); s++)
    {
      g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr (GArray) cpu_samples = g_array_new (FALSE, FALSE, sizeof (double));
      double cpu;
      double cold = time_sections (store, &period, section_names[s].sections, &cpu);

      for (int i = 0; i < runs; i++)
        {
          double ms = time_sections (store, &period, section_names[s].sections, &cpu);
          g_array_append_val (samples, ms);
          g_array_append_val (cpu_samples, cpu);
        }
      g_print ("  %-34s %9.1f   (CPU %.1f; first run %.1f)\n", section_names[s].name, median (samples),
               median (cpu_samples), cold);
    }

  {
    g_autoptr (GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (double));

    for (int i = 0; i < runs; i++)
      {
        double a, b;

        time_parallel (main_store, &period, &a, &b);
        g_array_append_val (first, a);
        g_array_append_val (all, b);
      }
    g_print ("  %-34s %9.1f\n", "parallel: first section shown", median (first));
    g_print ("  %-34s %9.1f\n", "parallel: every section shown", median (all));
  }

  data = custcare_reports_compute (store, &period, CUSTCARE_REPORT_SECTION_ALL, NULL, NULL, &error);
  if (data == NULL)
    die (error);
  {
    static const struct { const char *name; CustcareReportFigure figure; gboolean period; int detail; } lists[] = {
      { "list: follow-ups overdue", CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_OVERDUE, FALSE, 0 },
      { "list: orders overdue", CUSTCARE_REPORT_FIGURE_ORDERS_OVERDUE, FALSE, 0 },
      { "list: orders ready", CUSTCARE_REPORT_FIGURE_ORDERS_WAITING, FALSE, CUSTCARE_REPORT_WAITING_READY },
      { "list: customers at risk", CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, FALSE, 0 },
      { "list: repeat customers", CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS, TRUE, 0 },
      { "list: new customers", CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, TRUE, 0 },
      { "list: top customers", CUSTCARE_REPORT_FIGURE_TOP_CUSTOMERS, FALSE, 0 },
      { "list: RFM champions", CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, FALSE, CUSTCARE_RFM_SEGMENT_CHAMPIONS },
    };

    for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
      {
        guint len = 0;
        double ms = time_list (store, lists[i].figure, lists[i].period ? data->period_start : 0,
                               lists[i].period ? data->period_end : 0, lists[i].detail, &len);

        g_print ("  %-34s %9.1f   (%u rows)\n", lists[i].name, ms, len);
      }
  }

  g_print ("figures: follow-ups today %" G_GINT64_FORMAT ", overdue %" G_GINT64_FORMAT
           "; orders overdue %" G_GINT64_FORMAT ", ready %" G_GINT64_FORMAT "; at risk %" G_GINT64_FORMAT
           "; active %" G_GINT64_FORMAT ", repeat %" G_GINT64_FORMAT "; new %" G_GINT64_FORMAT
           "; rated %" G_GINT64_FORMAT " (avg %.2f); points %" G_GINT64_FORMAT "; top spend %" G_GINT64_FORMAT "\n",
           data->follow_ups_due_today, data->follow_ups_overdue, data->orders_overdue,
           data->orders_waiting[CUSTCARE_REPORT_WAITING_READY], data->customers_at_risk, data->active_customers,
           data->repeat_customers, data->new_customers, data->rated_interactions,
           custcare_dashboard_data_get_satisfaction_average (data), data->points_outstanding,
           data->top_customers->len > 0 ? g_array_index (data->top_customers, CustcareReportTopCustomer, 0).spend : 0);
  g_print ("RFM:");
  for (guint i = 1; i < CUSTCARE_RFM_N_SEGMENTS; i++)
    g_print (" %s %" G_GINT64_FORMAT, custcare_rfm_segment_get_nick (i), data->rfm_counts[i]);
  g_print ("\n");

  print_plan (store, "follow-ups overdue", "SELECT count(*) " SQL_FOLLOW_UPS_BEFORE);
  print_plan (store, "orders overdue", "SELECT count(*) " SQL_ORDERS_OVERDUE);
  print_plan (store, "waiting by status", SQL_WAITING_BY_STATUS);
  print_plan (store, "at risk", "SELECT count(*) " SQL_AT_RISK);
  print_plan (store, "orders in period", "SELECT customer_id, placed_at " SQL_ACTIVE_ORDERS);
  print_plan (store, "new customers", SQL_NEW_CUSTOMERS);
  print_plan (store, "satisfaction", "SELECT occurred_at, satisfaction " SQL_RATED);
  print_plan (store, "points", SQL_POINTS_OUTSTANDING);
  print_plan (store, "spend walk", SQL_SPEND_WALK);
  return 0;
}
