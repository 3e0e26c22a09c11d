/* custcare-reports.c — the dashboard's figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Designed from PERF-NOTES.md (a million customers, five million interactions):
 * - "today" figures only read partial indexes (orders_open_by_due, interactions_open_follow_ups)
 *   or covering ones (orders_by_status), so they cost well under a millisecond;
 * - churn never uses NOT EXISTS over interactions/orders (1.5–6 s): it reads the trigger-kept
 *   customers.last_interaction_at / last_order_at, and only counts a customer's history (at most
 *   two rows through an index) for customers who have only one kind of contact;
 * - months are bucketed in C from one range scan rather than one query per month;
 * - spend and RFM come from one walk of the covering index orders_completed_by_customer, pinned
 *   with INDEXED BY because the planner's own plan was 6–8× slower (custcare-reports-rfm.c).
 * Each section can run on its own worker connection, so the dashboard shows the fast figures
 * while the slow ones are still being computed.
 */
#define G_LOG_DOMAIN "custcare-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "custcare-reports-private.h"

#define DAY (G_GINT64_CONSTANT (24) * 3600)


static const char *waiting_statuses[CUSTCARE_REPORT_N_WAITING] = {
  "new", "confirmed", "in-progress", "ready", "shipped",
};

const char *
custcare_report_waiting_get_status (CustcareReportWaiting waiting)
{
  g_return_val_if_fail (waiting < CUSTCARE_REPORT_N_WAITING, NULL);

  return waiting_statuses[waiting];
}

const char *
custcare_report_waiting_get_label (CustcareReportWaiting waiting)
{
  switch (waiting)
    {
    case CUSTCARE_REPORT_WAITING_NEW: return _("New");
    case CUSTCARE_REPORT_WAITING_CONFIRMED: return _("Confirmed");
    case CUSTCARE_REPORT_WAITING_IN_PROGRESS: return _("In Progress");
    case CUSTCARE_REPORT_WAITING_READY: return _("Ready for Pickup");
    case CUSTCARE_REPORT_WAITING_SHIPPED: return _("Shipped");
    case CUSTCARE_REPORT_N_WAITING:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Periods and local-time boundaries */

static GDateTime *
local_time (gint64     utc,
            GTimeZone *time_zone)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (utc);

  return g_date_time_to_timezone (dt, time_zone);
}

/* Local midnight of a calendar day, as UTC seconds. Where midnight does not exist (a DST jump at
 * 00:00), GLib moves to the first valid instant of the day, which is what "start of day" means. */
gint64
_custcare_reports_day_start (GTimeZone *time_zone,
                             int        year,
                             int        month,
                             int        day)
{
  g_autoptr (GDateTime) dt = NULL;

  /* Normalise month overflow/underflow (month 0 = December of the year before, 13 = January). */
  while (month < 1)
    month += 12, year--;
  while (month > 12)
    month -= 12, year++;

  dt = g_date_time_new (time_zone, year, month, day, 0, 0, 0);
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

void
_custcare_reports_today (gint64     now,
                         GTimeZone *time_zone,
                         gint64    *out_start,
                         gint64    *out_end)
{
  g_autoptr (GDateTime) local = local_time (now, time_zone);
  g_autoptr (GDate) date = g_date_new_dmy (g_date_time_get_day_of_month (local),
                                            g_date_time_get_month (local), g_date_time_get_year (local));

  *out_start = _custcare_reports_day_start (time_zone, g_date_get_year (date), g_date_get_month (date),
                                            g_date_get_day (date));
  g_date_add_days (date, 1);
  /* Not start + 24 h: days are 23 or 25 hours long when the clocks change. */
  *out_end = _custcare_reports_day_start (time_zone, g_date_get_year (date), g_date_get_month (date),
                                          g_date_get_day (date));
}

/**
 * custcare_report_period_get_range:
 * @time_zone: (nullable): the shop's time zone, %NULL for local time
 *
 * Resolves @period at @now into [start, end) in UTC seconds, on local month boundaries.
 */
void
custcare_report_period_get_range (const CustcareReportPeriod *period,
                                  gint64                      now,
                                  GTimeZone                  *time_zone,
                                  gint64                     *out_start,
                                  gint64                     *out_end)
{
  g_autoptr (GTimeZone) local_zone = NULL;
  g_autoptr (GDateTime) local = NULL;
  int year, month, months_back;

  g_return_if_fail (period != NULL);

  if (period->kind == CUSTCARE_REPORT_PERIOD_CUSTOM)
    {
      *out_start = period->custom_start;
      *out_end = MAX (period->custom_start, period->custom_end);
      return;
    }

  if (time_zone == NULL)
    time_zone = local_zone = g_time_zone_new_local ();
  local = local_time (now, time_zone);
  year = g_date_time_get_year (local);
  month = g_date_time_get_month (local);
  months_back = period->kind == CUSTCARE_REPORT_PERIOD_LAST_3_MONTHS ? 2
              : period->kind == CUSTCARE_REPORT_PERIOD_LAST_12_MONTHS ? 11 : 0;

  *out_start = _custcare_reports_day_start (time_zone, year, month - months_back, 1);
  *out_end = _custcare_reports_day_start (time_zone, year, month + 1, 1);
}

/* The calendar months [start, end) touches. */
static GArray *
make_months (gint64     start,
             gint64     end,
             GTimeZone *time_zone)
{
  GArray *months = g_array_new (FALSE, TRUE, sizeof (CustcareReportMonth));
  g_autoptr (GDateTime) local = local_time (start, time_zone);
  int year = g_date_time_get_year (local);
  int month = g_date_time_get_month (local);

  /* A guard against absurd custom periods: a century of months is plenty. */
  while (months->len < 1200)
    {
      CustcareReportMonth m = { 0 };

      m.year = year;
      m.month = month;
      m.start = _custcare_reports_day_start (time_zone, year, month, 1);
      m.end = _custcare_reports_day_start (time_zone, year, month + 1, 1);
      if (m.start >= end)
        break;
      g_array_append_val (months, m);
      if (++month > 12)
        month = 1, year++;
    }
  return months;
}

/* Index of the month holding @t, or -1. Months are sorted and contiguous. */
static int
find_month (GArray *months,
            gint64  t)
{
  guint lo = 0, hi = months->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const CustcareReportMonth *m = &g_array_index (months, CustcareReportMonth, mid);

      if (t < m->start)
        hi = mid;
      else if (t >= m->end)
        lo = mid + 1;
      else
        return (int) mid;
    }
  return -1;
}

/* Dashboard data */

static void
clear_top_customer (gpointer data)
{
  CustcareReportTopCustomer *top = data;

  g_clear_pointer (&top->name, g_free);
}

static CustcareDashboardData *
dashboard_data_new (void)
{
  CustcareDashboardData *self = g_atomic_rc_box_new0 (CustcareDashboardData);

  self->months = g_array_new (FALSE, TRUE, sizeof (CustcareReportMonth));
  self->top_customers = g_array_new (FALSE, TRUE, sizeof (CustcareReportTopCustomer));
  g_array_set_clear_func (self->top_customers, clear_top_customer);
  return self;
}

CustcareDashboardData *
custcare_dashboard_data_ref (CustcareDashboardData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
dashboard_data_clear (gpointer data)
{
  CustcareDashboardData *self = data;

  g_clear_pointer (&self->months, g_array_unref);
  g_clear_pointer (&self->top_customers, g_array_unref);
}

void
custcare_dashboard_data_unref (CustcareDashboardData *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, dashboard_data_clear);
}

G_DEFINE_BOXED_TYPE (CustcareDashboardData, custcare_dashboard_data, custcare_dashboard_data_ref,
                     custcare_dashboard_data_unref)

/* Customers who ordered twice or more in the period, out of those who ordered; 0 when nobody did. */
double
custcare_dashboard_data_get_repeat_rate (CustcareDashboardData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->active_customers > 0 ? (double) self->repeat_customers / self->active_customers : 0;
}

/* The average rating (1–5) over the period, 0 when no interaction was rated. */
double
custcare_dashboard_data_get_satisfaction_average (CustcareDashboardData *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rated_interactions > 0 ? (double) self->rating_sum / self->rated_interactions : 0;
}

/**
 * custcare_dashboard_data_merge:
 *
 * Copies the sections @other computed into @self. Both must describe the same period.
 */
void
custcare_dashboard_data_merge (CustcareDashboardData *self,
                               CustcareDashboardData *other)
{
  g_return_if_fail (self != NULL && other != NULL);

  if (self->months->len == 0 && other->months->len > 0)
    g_array_append_vals (self->months, other->months->data, other->months->len);

  if (other->sections & CUSTCARE_REPORT_SECTION_TODAY)
    {
      self->follow_ups_due_today = other->follow_ups_due_today;
      self->follow_ups_overdue = other->follow_ups_overdue;
      self->orders_overdue = other->orders_overdue;
      memcpy (self->orders_waiting, other->orders_waiting, sizeof self->orders_waiting);
    }
  if (other->sections & CUSTCARE_REPORT_SECTION_CUSTOMERS)
    {
      self->churn_days = other->churn_days;
      self->customers_at_risk = other->customers_at_risk;
      self->active_customers = other->active_customers;
      self->repeat_customers = other->repeat_customers;
      self->new_customers = other->new_customers;
      for (guint i = 0; i < self->months->len && i < other->months->len; i++)
        {
          CustcareReportMonth *to = &g_array_index (self->months, CustcareReportMonth, i);
          const CustcareReportMonth *from = &g_array_index (other->months, CustcareReportMonth, i);

          to->new_customers = from->new_customers;
          to->active_customers = from->active_customers;
          to->previous_active = from->previous_active;
          to->retained_customers = from->retained_customers;
        }
    }
  if (other->sections & CUSTCARE_REPORT_SECTION_SATISFACTION)
    {
      self->rated_interactions = other->rated_interactions;
      self->rating_sum = other->rating_sum;
      for (guint i = 0; i < self->months->len && i < other->months->len; i++)
        {
          CustcareReportMonth *to = &g_array_index (self->months, CustcareReportMonth, i);
          const CustcareReportMonth *from = &g_array_index (other->months, CustcareReportMonth, i);

          to->rated_interactions = from->rated_interactions;
          to->rating_sum = from->rating_sum;
        }
    }
  if (other->sections & CUSTCARE_REPORT_SECTION_LOYALTY)
    {
      self->points_outstanding = other->points_outstanding;
      self->points_value = other->points_value;
      g_array_set_size (self->top_customers, 0);
      for (guint i = 0; i < other->top_customers->len; i++)
        {
          CustcareReportTopCustomer top = g_array_index (other->top_customers, CustcareReportTopCustomer, i);

          top.name = g_strdup (top.name);
          g_array_append_val (self->top_customers, top);
        }
      memcpy (self->rfm_counts, other->rfm_counts, sizeof self->rfm_counts);
    }
  self->sections |= other->sections;
}

/* Small SQL helpers */

static gboolean
step_row (CustcareStore *store,
          CustcareStmt  *stmt,
          gboolean      *out_row,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return *out_row = TRUE;
  *out_row = FALSE;
  if (rc == SQLITE_DONE)
    return TRUE;
  return _custcare_store_set_error (store, rc, error);
}

/* Runs a one-row, one-column count. */
static gboolean
query_int64 (CustcareStore *store,
             const char    *sql,
             gint64         a,
             gint64         b,
             gint64        *out_value,
             GError       **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, error);
  gboolean row;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, a);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, b);
  if (!step_row (store, stmt, &row, error))
    return FALSE;
  *out_value = row ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* Collects the first column of every row as ids. */
static GArray *
query_ids (CustcareStore *store,
           const char    *sql,
           const gint64  *params,
           guint          n_params,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, error);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean row = TRUE;

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_params; i++)
    sqlite3_bind_int64 (stmt, (int) i + 1, params[i]);
  while (row)
    {
      if (!step_row (store, stmt, &row, error))
        return NULL;
      if (row)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (ids, id);
        }
      if ((ids->len & 0xfff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
    }
  return g_steal_pointer (&ids);
}

/* TODAY */




static gboolean
compute_today (CustcareStore         *store,
               CustcareDashboardData *data,
               GError               **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  gboolean row = TRUE;

  if (!query_int64 (store, "SELECT count(*) " SQL_FOLLOW_UPS_BETWEEN, data->today_start, data->today_end,
                    &data->follow_ups_due_today, error) ||
      !query_int64 (store, "SELECT count(*) " SQL_FOLLOW_UPS_BEFORE, data->today_start, 0,
                    &data->follow_ups_overdue, error) ||
      !query_int64 (store, "SELECT count(*) " SQL_ORDERS_OVERDUE, data->now, 0, &data->orders_overdue, error))
    return FALSE;

  /* Index-only on orders_by_status (status, placed_at). */
  stmt = _custcare_store_prepare (store, SQL_WAITING_BY_STATUS, error);
  if (stmt == NULL)
    return FALSE;
  while (row)
    {
      if (!step_row (store, stmt, &row, error))
        return FALSE;
      if (!row)
        break;
      for (guint i = 0; i < CUSTCARE_REPORT_N_WAITING; i++)
        if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), waiting_statuses[i]) == 0)
          data->orders_waiting[i] = sqlite3_column_int64 (stmt, 1);
    }
  return TRUE;
}

/* CUSTOMERS */


gint64
_custcare_reports_churn_cutoff (CustcareStore *store,
                                gint64         now,
                                gint64        *out_days)
{
  gint64 days = custcare_store_get_setting_int (store, CUSTCARE_REPORTS_SETTING_CHURN_DAYS,
                                                CUSTCARE_REPORTS_DEFAULT_CHURN_DAYS);

  if (days < 1)
    days = CUSTCARE_REPORTS_DEFAULT_CHURN_DAYS;
  if (out_days != NULL)
    *out_days = days;
  return now - days * DAY;
}



static gboolean
compute_customers (CustcareStore         *store,
                   CustcareDashboardData *data,
                   GTimeZone             *time_zone,
                   GCancellable          *cancellable,
                   GError               **error)
{
  /* customer id -> gint64[2] { id, orders placed in the period } */
  g_autoptr (GHashTable) period_counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  /* One set of customer ids per month, slot 0 being the month before the period. */
  g_autoptr (GPtrArray) month_sets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  gint64 cutoff = _custcare_reports_churn_cutoff (store, data->now, &data->churn_days);
  gint64 scan_start;
  guint n = data->months->len;
  gboolean row = TRUE;

  if (!query_int64 (store, "SELECT count(*) " SQL_AT_RISK, cutoff, 0, &data->customers_at_risk, error))
    return FALSE;

  /* One scan of orders_by_placed covers the period and the month before it (for retention). */
  scan_start = n > 0 ? _custcare_reports_month_before (g_array_index (data->months, CustcareReportMonth, 0).start,
                                                      time_zone)
                     : data->period_start;
  for (guint i = 0; i < n + 1; i++)
    g_ptr_array_add (month_sets, g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL));

  {
    g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "SELECT customer_id, placed_at " SQL_ACTIVE_ORDERS,
                                                             error);
    guint rows = 0;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, scan_start);
    sqlite3_bind_int64 (stmt, 2, data->period_end);
    while (row)
      {
        gint64 customer_id, placed_at;
        int m;

        if (!step_row (store, stmt, &row, error))
          return FALSE;
        if (!row)
          break;
        if ((++rows & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
          return FALSE;
        customer_id = sqlite3_column_int64 (stmt, 0);
        placed_at = sqlite3_column_int64 (stmt, 1);

        if (placed_at >= data->period_start)
          {
            gint64 *key = g_hash_table_lookup (period_counts, &customer_id);

            if (key == NULL)
              {
                /* key[0] = id, key[1] = orders in the period */
                key = g_new (gint64, 2);
                key[0] = customer_id;
                key[1] = 0;
                g_hash_table_insert (period_counts, key, key);
              }
            key[1]++;
          }

        m = find_month (data->months, placed_at);
        if (m < 0 && placed_at < data->period_start)
          m = -1; /* the month before the period: slot 0 */
        else if (m < 0)
          continue;
        if (!g_hash_table_contains (g_ptr_array_index (month_sets, m + 1), &customer_id))
          g_hash_table_add (g_ptr_array_index (month_sets, m + 1), g_memdup2 (&customer_id, sizeof customer_id));
      }
  }

  {
    GHashTableIter iter;
    gpointer value;

    data->active_customers = g_hash_table_size (period_counts);
    g_hash_table_iter_init (&iter, period_counts);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        gint64 *entry = value;

        if (entry[1] >= 2)
          data->repeat_customers++;
      }
  }

  for (guint i = 0; i < n; i++)
    {
      CustcareReportMonth *month = &g_array_index (data->months, CustcareReportMonth, i);
      GHashTable *before = g_ptr_array_index (month_sets, i);
      GHashTable *now = g_ptr_array_index (month_sets, i + 1);
      GHashTableIter iter;
      gpointer key;

      month->active_customers = g_hash_table_size (now);
      month->previous_active = g_hash_table_size (before);
      month->retained_customers = 0;
      g_hash_table_iter_init (&iter, now);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_hash_table_contains (before, key))
          month->retained_customers++;
    }

  {
    g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, SQL_NEW_CUSTOMERS, error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, data->period_start);
    sqlite3_bind_int64 (stmt, 2, data->period_end);
    row = TRUE;
    while (row)
      {
        int m;

        if (!step_row (store, stmt, &row, error))
          return FALSE;
        if (!row)
          break;
        data->new_customers++;
        m = find_month (data->months, sqlite3_column_int64 (stmt, 1));
        if (m >= 0)
          g_array_index (data->months, CustcareReportMonth, m).new_customers++;
      }
  }

  return TRUE;
}

gint64
_custcare_reports_month_before (gint64     month_start,
                                GTimeZone *time_zone)
{
  g_autoptr (GDateTime) local = local_time (month_start, time_zone);

  return _custcare_reports_day_start (time_zone, g_date_time_get_year (local), g_date_time_get_month (local) - 1, 1);
}

/* SATISFACTION */


static gboolean
compute_satisfaction (CustcareStore         *store,
                      CustcareDashboardData *data,
                      GCancellable          *cancellable,
                      GError               **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "SELECT occurred_at, satisfaction " SQL_RATED, error);
  gboolean row = TRUE;
  guint rows = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->period_start);
  sqlite3_bind_int64 (stmt, 2, data->period_end);
  while (row)
    {
      gint64 rating;
      int m;

      if (!step_row (store, stmt, &row, error))
        return FALSE;
      if (!row)
        break;
      if ((++rows & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      rating = sqlite3_column_int64 (stmt, 1);
      data->rated_interactions++;
      data->rating_sum += rating;
      m = find_month (data->months, sqlite3_column_int64 (stmt, 0));
      if (m >= 0)
        {
          g_array_index (data->months, CustcareReportMonth, m).rated_interactions++;
          g_array_index (data->months, CustcareReportMonth, m).rating_sum += rating;
        }
    }
  return TRUE;
}

/* LOYALTY */

static gboolean
compute_points (CustcareStore         *store,
                CustcareDashboardData *data,
                GError               **error)
{
  gint64 per_unit = custcare_store_get_setting_int (store, CUSTCARE_REPORTS_SETTING_REDEEM_POINTS,
                                                    CUSTCARE_REPORTS_DEFAULT_REDEEM_POINTS);

  /* Index-only over the covering index; the table itself is three times wider. */
  if (!query_int64 (store, SQL_POINTS_OUTSTANDING, 0, 0, &data->points_outstanding, error))
    return FALSE;
  if (per_unit < 1)
    per_unit = CUSTCARE_REPORTS_DEFAULT_REDEEM_POINTS;
  /* per_unit points are worth one unit of currency, i.e. 100 minor units. */
  data->points_value = data->points_outstanding * 100 / per_unit;
  return TRUE;
}

/**
 * custcare_reports_compute:
 * @time_zone: (nullable): the shop's time zone, %NULL for local time
 *
 * Computes the dashboard figures of @sections for @period, as of the store's clock. Runs on the
 * calling thread: call it on a worker connection (custcare_store_open_worker()).
 *
 * Returns: (transfer full): the figures, or %NULL with @error set
 */
CustcareDashboardData *
custcare_reports_compute (CustcareStore              *store,
                          const CustcareReportPeriod *period,
                          CustcareReportSections      sections,
                          GTimeZone                  *time_zone,
                          GCancellable               *cancellable,
                          GError                    **error)
{
  g_autoptr (CustcareDashboardData) data = dashboard_data_new ();
  g_autoptr (GTimeZone) local_zone = NULL;
  gboolean in_transaction;
  gboolean ok = TRUE;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL, NULL);

  if (time_zone == NULL)
    time_zone = local_zone = g_time_zone_new_local ();

  data->now = _custcare_store_now (store);
  custcare_report_period_get_range (period, data->now, time_zone, &data->period_start, &data->period_end);
  _custcare_reports_today (data->now, time_zone, &data->today_start, &data->today_end);
  g_array_unref (data->months);
  data->months = make_months (data->period_start, data->period_end, time_zone);

  /* One read transaction: every figure sees the same snapshot of the shop. */
  in_transaction = !sqlite3_get_autocommit (_custcare_store_get_db (store));
  if (!in_transaction && !_custcare_store_exec (store, "BEGIN", error))
    return NULL;

  if (ok && (sections & CUSTCARE_REPORT_SECTION_TODAY))
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error) && compute_today (store, data, error);
  if (ok && (sections & CUSTCARE_REPORT_SECTION_CUSTOMERS))
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         compute_customers (store, data, time_zone, cancellable, error);
  if (ok && (sections & CUSTCARE_REPORT_SECTION_SATISFACTION))
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         compute_satisfaction (store, data, cancellable, error);
  if (ok && (sections & CUSTCARE_REPORT_SECTION_LOYALTY))
    ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
         compute_points (store, data, error) &&
         _custcare_reports_compute_spend (store, data, time_zone, cancellable, error);

  if (!in_transaction)
    _custcare_store_exec (store, "COMMIT", NULL);
  if (!ok)
    return NULL;

  data->sections = sections;
  return g_steal_pointer (&data);
}

/* Off the main thread */

typedef struct
{
  CustcareReportPeriod    period;
  CustcareReportSections  sections;
  GTimeZone              *time_zone;
} ComputeData;

static void
compute_data_free (ComputeData *cd)
{
  g_clear_pointer (&cd->time_zone, g_time_zone_unref);
  g_free (cd);
}

static void
interrupt_cb (GCancellable  *cancellable,
              CustcareStore *worker)
{
  custcare_store_interrupt (worker);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *cd = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) worker = custcare_store_open_worker (source_object, &error);
  g_autoptr (CustcareDashboardData) data = NULL;
  gulong handler = 0;

  if (worker == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb), worker, NULL);
  data = custcare_reports_compute (worker, &cd->period, cd->sections, cd->time_zone, cancellable, &error);
  g_cancellable_disconnect (cancellable, handler);

  if (data == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data), (GDestroyNotify) custcare_dashboard_data_unref);
}

/**
 * custcare_reports_compute_sections_async:
 * @time_zone: (nullable): %NULL for local time
 *
 * Computes @sections on a new worker connection in a thread. Cancelling @cancellable interrupts
 * the running query.
 */
void
custcare_reports_compute_sections_async (CustcareStore              *store,
                                         const CustcareReportPeriod *period,
                                         CustcareReportSections      sections,
                                         GTimeZone                  *time_zone,
                                         GCancellable               *cancellable,
                                         GAsyncReadyCallback         callback,
                                         gpointer                    user_data)
{
  g_autoptr (GTask) task = NULL;
  ComputeData *cd;

  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (period != NULL);

  cd = g_new0 (ComputeData, 1);
  cd->period = *period;
  cd->sections = sections;
  cd->time_zone = time_zone != NULL ? g_time_zone_ref (time_zone) : g_time_zone_new_local ();

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_reports_compute_sections_async);
  g_task_set_task_data (task, cd, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

void
custcare_reports_compute_async (CustcareStore              *store,
                                const CustcareReportPeriod *period,
                                GCancellable               *cancellable,
                                GAsyncReadyCallback         callback,
                                gpointer                    user_data)
{
  custcare_reports_compute_sections_async (store, period, CUSTCARE_REPORT_SECTION_ALL, NULL, cancellable, callback,
                                           user_data);
}

/**
 * custcare_reports_compute_finish:
 *
 * Returns: (transfer full): the figures, or %NULL with @error set
 */
CustcareDashboardData *
custcare_reports_compute_finish (CustcareStore  *store,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The lists behind the figures */

CustcareReportListKind
custcare_report_figure_get_list_kind (CustcareReportFigure figure)
{
  switch (figure)
    {
    case CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY:
    case CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_OVERDUE:
    case CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS:
      return CUSTCARE_REPORT_LIST_INTERACTIONS;
    case CUSTCARE_REPORT_FIGURE_ORDERS_OVERDUE:
    case CUSTCARE_REPORT_FIGURE_ORDERS_WAITING:
      return CUSTCARE_REPORT_LIST_ORDERS;
    case CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK:
    case CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS:
    case CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS:
    case CUSTCARE_REPORT_FIGURE_RETAINED_CUSTOMERS:
    case CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS:
    case CUSTCARE_REPORT_FIGURE_POINTS_HOLDERS:
    case CUSTCARE_REPORT_FIGURE_TOP_CUSTOMERS:
    case CUSTCARE_REPORT_FIGURE_RFM_SEGMENT:
    default:
      return CUSTCARE_REPORT_LIST_CUSTOMERS;
    }
}

/**
 * custcare_reports_list_ids:
 * @time_zone: (nullable): %NULL for local time
 *
 * The records a figure counted, so the dashboard can show them. Figures "as of today" use the
 * store's clock; figures over a period or a month use @selection's start and end.
 *
 * Returns: (transfer full) (element-type gint64): the ids, or %NULL with @error set
 */
GArray *
custcare_reports_list_ids (CustcareStore                 *store,
                           const CustcareReportSelection *selection,
                           GTimeZone                     *time_zone,
                           GCancellable                  *cancellable,
                           GError                       **error)
{
  g_autoptr (GTimeZone) local_zone = NULL;
  gint64 now, today_start, today_end;
  gint64 params[3] = { selection->start, selection->end, 0 };

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (selection != NULL, NULL);

  if (time_zone == NULL)
    time_zone = local_zone = g_time_zone_new_local ();
  now = _custcare_store_now (store);
  _custcare_reports_today (now, time_zone, &today_start, &today_end);

  switch (selection->figure)
    {
    case CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY:
      params[0] = today_start, params[1] = today_end;
      return query_ids (store, "SELECT id " SQL_FOLLOW_UPS_BETWEEN "ORDER BY follow_up_due_at, id", params, 2,
                        cancellable, error);
    case CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_OVERDUE:
      params[0] = today_start;
      return query_ids (store, "SELECT id " SQL_FOLLOW_UPS_BEFORE "ORDER BY follow_up_due_at, id", params, 1,
                        cancellable, error);
    case CUSTCARE_REPORT_FIGURE_ORDERS_OVERDUE:
      params[0] = now;
      return query_ids (store, "SELECT id " SQL_ORDERS_OVERDUE "ORDER BY due_at, id", params, 1, cancellable, error);
    case CUSTCARE_REPORT_FIGURE_ORDERS_WAITING:
      {
        g_autoptr (CustcareStmt) stmt = NULL;
        g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        gboolean row = TRUE;

        if (selection->detail < 0 || selection->detail >= CUSTCARE_REPORT_N_WAITING)
          {
            g_set_error_literal (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_INVALID, _("There is no such order status."));
            return NULL;
          }
        stmt = _custcare_store_prepare (store, "SELECT id FROM orders WHERE status = ?1 ORDER BY placed_at, id", error);
        if (stmt == NULL)
          return NULL;
        sqlite3_bind_text (stmt, 1, waiting_statuses[selection->detail], -1, SQLITE_STATIC);
        while (row)
          {
            if (!step_row (store, stmt, &row, error))
              return NULL;
            if (row)
              {
                gint64 id = sqlite3_column_int64 (stmt, 0);

                g_array_append_val (ids, id);
              }
          }
        return g_steal_pointer (&ids);
      }
    case CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK:
      /* Most recently lapsed first: the ones most worth a call. */
      params[0] = _custcare_reports_churn_cutoff (store, now, NULL);
      return query_ids (store,
                        "SELECT c.id " SQL_AT_RISK
                        "ORDER BY coalesce (max (c.last_interaction_at, c.last_order_at), c.last_interaction_at, "
                        "c.last_order_at) DESC, c.id",
                        params, 1, cancellable, error);
    case CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS:
    case CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS:
      params[2] = selection->figure == CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS ? 2 : 1;
      return query_ids (store,
                        "SELECT customer_id " SQL_ACTIVE_ORDERS
                        "GROUP BY customer_id HAVING count(*) >= ?3 ORDER BY customer_id",
                        params, 3, cancellable, error);
    case CUSTCARE_REPORT_FIGURE_RETAINED_CUSTOMERS:
      params[2] = _custcare_reports_month_before (selection->start, time_zone);
      return query_ids (store,
                        "SELECT customer_id " SQL_ACTIVE_ORDERS
                        "INTERSECT "
                        "SELECT customer_id FROM orders WHERE placed_at >= ?3 AND placed_at < ?1 "
                        "AND status <> 'cancelled' ORDER BY 1",
                        params, 3, cancellable, error);
    case CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS:
      return query_ids (store, "SELECT id FROM (" SQL_NEW_CUSTOMERS ") ORDER BY created_at, id", params, 2,
                        cancellable, error);
    case CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS:
      return query_ids (store, "SELECT id " SQL_RATED "ORDER BY occurred_at, id", params, 2, cancellable, error);
    case CUSTCARE_REPORT_FIGURE_POINTS_HOLDERS:
      return query_ids (store,
                        "SELECT customer_id FROM loyalty_ledger INDEXED BY loyalty_ledger_balance "
                        "GROUP BY customer_id HAVING sum (delta) > 0 ORDER BY sum (delta) DESC, customer_id",
                        params, 0, cancellable, error);
    case CUSTCARE_REPORT_FIGURE_TOP_CUSTOMERS:
      return _custcare_reports_list_top_customers (store, time_zone, cancellable, error);
    case CUSTCARE_REPORT_FIGURE_RFM_SEGMENT:
      if (selection->detail < 0 || selection->detail >= CUSTCARE_RFM_N_SEGMENTS)
        {
          g_set_error_literal (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_INVALID, _("There is no such customer segment."));
          return NULL;
        }
      return custcare_rfm_segment_list_customers (store, selection->detail, cancellable, error);
    default:
      g_set_error_literal (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_INVALID, _("This figure has no list."));
      return NULL;
    }
}
