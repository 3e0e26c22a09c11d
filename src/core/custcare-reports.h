/* custcare-reports.h — the dashboard's figures, and the list of records behind each of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports are read-only SQL over the schema of 0001-initial.sql. Every figure can hand back the
 * records it counted (custcare_reports_list_ids()) so the dashboard can show "the list behind it".
 * Day and month boundaries are the shop's local time (an injectable GTimeZone); times are UTC
 * Unix seconds; money is integer minor units.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

/* Settings keys read by the reports. */
#define CUSTCARE_REPORTS_SETTING_CHURN_DAYS          "reports.churn-days"
#define CUSTCARE_REPORTS_DEFAULT_CHURN_DAYS          90
#define CUSTCARE_REPORTS_SETTING_RFM_BIG_SPEND       "reports.rfm-big-spend"
#define CUSTCARE_REPORTS_DEFAULT_RFM_BIG_SPEND       50000
#define CUSTCARE_REPORTS_SETTING_REDEEM_POINTS       "loyalty.redeem-points-per-unit"
#define CUSTCARE_REPORTS_DEFAULT_REDEEM_POINTS       100
/* How many customers the "top customers" table holds. */
#define CUSTCARE_REPORTS_TOP_CUSTOMERS               20

typedef enum
{
  CUSTCARE_REPORT_PERIOD_THIS_MONTH,
  CUSTCARE_REPORT_PERIOD_LAST_3_MONTHS,
  CUSTCARE_REPORT_PERIOD_LAST_12_MONTHS,
  CUSTCARE_REPORT_PERIOD_CUSTOM,
} CustcareReportPeriodKind;

/* The months a report covers. "Last 3 months" is the current calendar month and the two before
 * it, so monthly trends always have whole months. A custom period is [custom_start, custom_end)
 * in UTC seconds, and its months are those it touches. */
typedef struct
{
  CustcareReportPeriodKind kind;
  gint64                   custom_start;
  gint64                   custom_end;
} CustcareReportPeriod;

void custcare_report_period_get_range (const CustcareReportPeriod *period,
                                       gint64                      now,
                                       GTimeZone                  *time_zone,
                                       gint64                     *out_start,
                                       gint64                     *out_end);

/* Order statuses that are still waiting for the shop (or the carrier), in pipeline order. */
typedef enum
{
  CUSTCARE_REPORT_WAITING_NEW,
  CUSTCARE_REPORT_WAITING_CONFIRMED,
  CUSTCARE_REPORT_WAITING_IN_PROGRESS,
  CUSTCARE_REPORT_WAITING_READY,
  CUSTCARE_REPORT_WAITING_SHIPPED,
  CUSTCARE_REPORT_N_WAITING,
} CustcareReportWaiting;

const char *custcare_report_waiting_get_status (CustcareReportWaiting waiting);
const char *custcare_report_waiting_get_label  (CustcareReportWaiting waiting);

/* RFM segments, from simple thresholds on completed orders (all time, refunds deducted), of
 * customers who are neither archived nor merged. "Recent" is a completed order in the last 90
 * days, "lapsing" 91–180 days... see custcare-reports-rfm.c for the exact rules. */
typedef enum
{
  CUSTCARE_RFM_SEGMENT_NONE,        /* no completed order yet */
  CUSTCARE_RFM_SEGMENT_CHAMPIONS,
  CUSTCARE_RFM_SEGMENT_LOYAL,
  CUSTCARE_RFM_SEGMENT_POTENTIAL,
  CUSTCARE_RFM_SEGMENT_AT_RISK,
  CUSTCARE_RFM_SEGMENT_HIBERNATING,
  CUSTCARE_RFM_SEGMENT_LOST,
  CUSTCARE_RFM_N_SEGMENTS,
} CustcareRfmSegment;

const char         *custcare_rfm_segment_get_nick        (CustcareRfmSegment  segment);
const char         *custcare_rfm_segment_get_label       (CustcareRfmSegment  segment);
const char         *custcare_rfm_segment_get_description (CustcareRfmSegment  segment);
gboolean            custcare_rfm_segment_from_nick       (const char         *nick,
                                                          CustcareRfmSegment *out_segment);
CustcareRfmSegment  custcare_rfm_classify                (gint64              days_since_last_order,
                                                          gint64              completed_orders,
                                                          gint64              net_spend,
                                                          gint64              big_spend);
/* The customers of one segment, ascending ids: what the customer list filters on. */
GArray             *custcare_rfm_segment_list_customers  (CustcareStore      *store,
                                                          CustcareRfmSegment  segment,
                                                          GCancellable       *cancellable,
                                                          GError            **error);

/* What the dashboard computes; the GUI shows the sections as they arrive. */
typedef enum
{
  CUSTCARE_REPORT_SECTION_TODAY     = 1 << 0, /* follow-ups, orders overdue and waiting */
  CUSTCARE_REPORT_SECTION_CUSTOMERS = 1 << 1, /* at risk, repeat rate, retention, new per month */
  CUSTCARE_REPORT_SECTION_SATISFACTION = 1 << 2,
  CUSTCARE_REPORT_SECTION_LOYALTY   = 1 << 3, /* points outstanding, top customers, RFM */
  CUSTCARE_REPORT_SECTION_ALL       = 0xf,
} CustcareReportSections;

typedef struct
{
  gint64 start;                   /* local midnight of the 1st, in UTC seconds */
  gint64 end;
  int    year;
  int    month;                   /* 1–12 */
  gint64 new_customers;
  gint64 active_customers;        /* customers with an order (not cancelled) placed this month */
  gint64 previous_active;         /* ... and the month before */
  gint64 retained_customers;      /* active the month before and again this month */
  gint64 rated_interactions;
  gint64 rating_sum;              /* average = rating_sum / rated_interactions */
} CustcareReportMonth;

typedef struct
{
  gint64  customer_id;
  char   *name;
  gint64  spend;                  /* completed orders minus refunds, last 12 months */
} CustcareReportTopCustomer;

#define CUSTCARE_TYPE_DASHBOARD_DATA (custcare_dashboard_data_get_type ())

typedef struct _CustcareDashboardData CustcareDashboardData;

struct _CustcareDashboardData
{
  /*< public, read-only >*/
  CustcareReportSections sections;   /* which of the figures below were computed */
  gint64  now;
  gint64  period_start;
  gint64  period_end;
  gint64  today_start;
  gint64  today_end;

  /* TODAY */
  gint64  follow_ups_due_today;
  gint64  follow_ups_overdue;
  gint64  orders_overdue;
  gint64  orders_waiting[CUSTCARE_REPORT_N_WAITING];

  /* CUSTOMERS */
  gint64  churn_days;
  gint64  customers_at_risk;
  gint64  active_customers;          /* ordered in the period */
  gint64  repeat_customers;          /* ordered at least twice in the period */
  gint64  new_customers;             /* joined in the period (merged duplicates excluded) */
  GArray *months;                    /* CustcareReportMonth, oldest first */

  /* SATISFACTION (also fills months[].rated_interactions and rating_sum) */
  gint64  rated_interactions;
  gint64  rating_sum;

  /* LOYALTY */
  gint64  points_outstanding;
  gint64  points_value;              /* in minor units */
  GArray *top_customers;             /* CustcareReportTopCustomer, biggest spend first */
  gint64  rfm_counts[CUSTCARE_RFM_N_SEGMENTS];
};

GType                  custcare_dashboard_data_get_type  (void) G_GNUC_CONST;
CustcareDashboardData *custcare_dashboard_data_ref       (CustcareDashboardData *self);
void                   custcare_dashboard_data_unref     (CustcareDashboardData *self);
double                 custcare_dashboard_data_get_repeat_rate          (CustcareDashboardData *self);
double                 custcare_dashboard_data_get_satisfaction_average (CustcareDashboardData *self);
/* Combines the sections of @other into @self (the GUI computes sections in parallel). */
void                   custcare_dashboard_data_merge     (CustcareDashboardData *self,
                                                          CustcareDashboardData *other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareDashboardData, custcare_dashboard_data_unref)

/* Synchronous, for worker threads, the benchmark and tests. @time_zone may be %NULL (local). */
CustcareDashboardData *custcare_reports_compute        (CustcareStore                *store,
                                                        const CustcareReportPeriod   *period,
                                                        CustcareReportSections        sections,
                                                        GTimeZone                    *time_zone,
                                                        GCancellable                 *cancellable,
                                                        GError                      **error);

/* Computes every section on a worker connection of @store, off the calling thread. */
void                   custcare_reports_compute_async  (CustcareStore                *store,
                                                        const CustcareReportPeriod   *period,
                                                        GCancellable                 *cancellable,
                                                        GAsyncReadyCallback           callback,
                                                        gpointer                      user_data);
void                   custcare_reports_compute_sections_async (CustcareStore          *store,
                                                                const CustcareReportPeriod *period,
                                                                CustcareReportSections  sections,
                                                                GTimeZone              *time_zone,
                                                                GCancellable           *cancellable,
                                                                GAsyncReadyCallback     callback,
                                                                gpointer                user_data);
CustcareDashboardData *custcare_reports_compute_finish (CustcareStore                *store,
                                                        GAsyncResult                 *result,
                                                        GError                      **error);

/* The list behind a figure. */
typedef enum
{
  CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY,   /* interactions */
  CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_OVERDUE,     /* interactions */
  CUSTCARE_REPORT_FIGURE_ORDERS_OVERDUE,         /* orders */
  CUSTCARE_REPORT_FIGURE_ORDERS_WAITING,         /* orders; detail = CustcareReportWaiting */
  CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK,      /* customers */
  CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS,       /* customers; start/end */
  CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS,       /* customers; start/end */
  CUSTCARE_REPORT_FIGURE_RETAINED_CUSTOMERS,     /* customers; start/end = one month */
  CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS,          /* customers; start/end */
  CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS,     /* interactions; start/end */
  CUSTCARE_REPORT_FIGURE_POINTS_HOLDERS,         /* customers */
  CUSTCARE_REPORT_FIGURE_TOP_CUSTOMERS,          /* customers, biggest spend first */
  CUSTCARE_REPORT_FIGURE_RFM_SEGMENT,            /* customers; detail = CustcareRfmSegment */
} CustcareReportFigure;

typedef enum
{
  CUSTCARE_REPORT_LIST_CUSTOMERS,
  CUSTCARE_REPORT_LIST_ORDERS,
  CUSTCARE_REPORT_LIST_INTERACTIONS,
} CustcareReportListKind;

typedef struct
{
  CustcareReportFigure figure;
  gint64               start;    /* for figures over a period or a month */
  gint64               end;
  int                  detail;
} CustcareReportSelection;

CustcareReportListKind custcare_report_figure_get_list_kind (CustcareReportFigure figure);

/* Returns: (transfer full): the ids (gint64) of the records behind the figure */
GArray    *custcare_reports_list_ids (CustcareStore                 *store,
                                      const CustcareReportSelection *selection,
                                      GTimeZone                     *time_zone,
                                      GCancellable                  *cancellable,
                                      GError                       **error);

/* One record of such a list, in words, for display, CSV and printing. */
typedef struct
{
  gint64  id;
  gint64  customer_id;
  char   *title;     /* customer name / order number / interaction subject */
  char   *subtitle;  /* company / status and customer / customer and date */
  gint64  amount;    /* order total, customer's 12-month spend... or 0 */
} CustcareReportRow;

void       custcare_report_row_free  (CustcareReportRow *row);

/* Returns: (transfer full) (element-type CustcareReportRow): rows in the order of @ids */
GPtrArray *custcare_reports_describe (CustcareStore           *store,
                                      CustcareReportListKind   kind,
                                      GArray                  *ids,
                                      GError                 **error);

G_END_DECLS
