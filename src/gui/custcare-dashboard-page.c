/* custcare-dashboard-page.c — the Dashboard section of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening the dashboard never waits for a figure: the cards appear at once with "…" and are
 * insensitive, and each of the four report sections (today, customers, satisfaction, loyalty)
 * is computed on its own worker connection in a thread (custcare_reports_compute_sections_async),
 * so the cheap "today" figures show within a frame or two while the slower walks over a big
 * shop's orders still run. Starting a computation cancels the one it replaces (which interrupts
 * its SQL), and an answer that arrives late for a stale request is dropped.
 *
 * The figures are computed again when the period or the churn days change, when the dashboard is
 * shown after something changed, and when orders or interactions change while it is shown (the
 * same notifications the Orders and Follow-ups lists reload on).
 *
 * Every figure opens what is behind it: the Follow-ups or Orders section with the right filter,
 * the customer list filtered to a segment, or the list of the records counted, in the content
 * pane (CustcareDashboardReport), from where each row opens its customer.
 */
#define G_LOG_DOMAIN "custcare-dashboard"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "custcare-application.h"
#include "custcare-customer-list.h"
#include "custcare-dashboard-page.h"
#include "custcare-dashboard-report.h"
#include "custcare-interactions.h"
#include "custcare-money.h"
#include "custcare-order-list.h"
#include "custcare-orders-model.h"
#include "custcare-window.h"

#define N_SECTIONS 4
#define TOP_ROWS   5
#define PLACEHOLDER "…"

/* The order list's filter menu: "Overdue", then the statuses from "New" (custcare-order-list.c). */
#define ORDER_FILTER_OVERDUE      2
#define ORDER_FILTER_FIRST_STATUS 4

typedef struct
{
  CustcareReportFigure    figure;
  int                     detail;
  CustcareReportSections  section;
  GtkWidget              *widget;   /* the card button or the list row */
  GtkLabel               *value;
  char                   *title;    /* of the list behind it */
  char                   *caption;
} Figure;

struct _CustcareDashboardPage
{
  AdwBin                  parent_instance;

  CustcareStore          *store;
  CustcareReportPeriod    period;
  guint                   previous_period_index;
  CustcareDashboardData  *data[N_SECTIONS];
  GCancellable           *cancellable[N_SECTIONS];
  guint                   generation[N_SECTIONS];
  gboolean                started[N_SECTIONS];
  CustcareReportSections  dirty;      /* to compute again when next shown */
  CustcareReportSections  outdated;   /* what is shown answers another question (period, churn days) */
  guint                   changed_idle;
  gulong                  interactions_watch;
  CustcareOrdersModel    *orders_watch;     /* reloads whenever an order changes: our cue */
  gboolean                loading;
  gboolean                setting_churn;
  gboolean                setting_period;   /* the dropdown follows the period, not the other way */
  GPtrArray              *figures;
  GtkWidget              *top_row_widgets[TOP_ROWS];

  GtkDropDown            *period_dropdown;
  GtkStringList          *period_labels;
  GtkFlowBox             *today_cards;
  GtkListBox             *waiting_rows;
  GtkFlowBox             *customer_cards;
  AdwSpinRow             *churn_row;
  CustcareChart          *new_chart;
  CustcareChart          *retention_chart;
  GtkFlowBox             *satisfaction_cards;
  CustcareChart          *satisfaction_chart;
  GtkFlowBox             *loyalty_cards;
  GtkListBox             *top_rows;
  GtkListBox             *segment_rows;
};

G_DEFINE_FINAL_TYPE (CustcareDashboardPage, custcare_dashboard_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_section         (CustcareDashboardPage *self,
                                    guint                  index);
static void start_waiting_sections (CustcareDashboardPage *self);

static guint
section_index (CustcareReportSections section)
{
  switch (section)
    {
    case CUSTCARE_REPORT_SECTION_TODAY: return 0;
    case CUSTCARE_REPORT_SECTION_CUSTOMERS: return 1;
    case CUSTCARE_REPORT_SECTION_SATISFACTION: return 2;
    case CUSTCARE_REPORT_SECTION_LOYALTY:
    case CUSTCARE_REPORT_SECTION_ALL:
    default:
      return 3;
    }
}

static void
figure_free (Figure *figure)
{
  g_free (figure->title);
  g_free (figure->caption);
  g_free (figure);
}

static Figure *
find_figure (CustcareDashboardPage *self,
             CustcareReportFigure   figure,
             int                    detail)
{
  for (guint i = 0; i < self->figures->len; i++)
    {
      Figure *f = g_ptr_array_index (self->figures, i);

      if (f->figure == figure && f->detail == detail)
        return f;
    }
  return NULL;
}

/* Formatting */

static char *
format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static char *
format_percent (double fraction)
{
  /* TRANSLATORS: a percentage on the dashboard, "40 %" */
  return g_strdup_printf (C_("percentage", "%.0f %%"), fraction * 100);
}

static char *
format_rating (double average)
{
  return g_strdup_printf ("%.1f", average);
}

static char *
format_date (gint64 utc)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (utc);

  return dt != NULL ? g_date_time_format (dt, "%x") : g_strdup ("");
}

static char *
format_month (const CustcareReportMonth *month,
              gboolean                   long_form)
{
  g_autoptr (GDateTime) dt = g_date_time_new_local (month->year, month->month, 1, 0, 0, 0);

  /* %b: abbreviated month name, %B %Y: "March 2026" */
  return g_date_time_format (dt, long_form ? "%B %Y" : "%b");
}

/* The period as words: "1 Mar 2026 – 31 Mar 2026". */
static char *
dup_period_text (gint64 start,
                 gint64 end)
{
  g_autofree char *from = format_date (start);
  g_autofree char *to = format_date (end - 1);

  /* TRANSLATORS: a date range, from – to */
  return g_strdup_printf (_("%s – %s"), from, to);
}

static char *
dup_currency (CustcareDashboardPage *self)
{
  return self->store != NULL ? custcare_money_dup_shop_currency (self->store) : g_strdup ("EUR");
}

/* Cards and rows */

static void
set_figure (CustcareDashboardPage *self,
            CustcareReportFigure   figure,
            int                    detail,
            const char            *value,
            const char            *caption)
{
  Figure *f = find_figure (self, figure, detail);
  g_autofree char *accessible = NULL;

  if (f == NULL)
    return;
  gtk_label_set_text (f->value, value != NULL ? value : PLACEHOLDER);
  if (caption != NULL && GTK_IS_BUTTON (f->widget))
    {
      GtkWidget *caption_label = gtk_widget_get_next_sibling (GTK_WIDGET (f->value));

      g_set_str (&f->caption, caption);
      gtk_label_set_text (GTK_LABEL (caption_label), caption);
    }
  gtk_widget_set_sensitive (f->widget, value != NULL);
  /* TRANSLATORS: what a screen reader says for a dashboard figure: "Customers at Risk: 12" */
  accessible = g_strdup_printf (_("%s: %s"), f->caption, value != NULL ? value : _("being computed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (f->widget), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void figure_clicked_cb (GtkWidget             *widget,
                               CustcareDashboardPage *self);

static void
add_card (CustcareDashboardPage  *self,
          GtkFlowBox             *box,
          CustcareReportFigure    figure,
          int                     detail,
          CustcareReportSections  section,
          const char             *caption,
          const char             *title)
{
  Figure *f = g_new0 (Figure, 1);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value = gtk_label_new (PLACEHOLDER);
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "dashboard-card");
  gtk_widget_add_css_class (value, "title-2");
  gtk_widget_add_css_class (value, "numeric");
  gtk_label_set_xalign (GTK_LABEL (value), 0);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  /* Wrap rather than widen: the cards share a line in a 300 px sidebar. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
  gtk_label_set_width_chars (GTK_LABEL (label), 10);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (content, 6);
  gtk_widget_set_margin_bottom (content, 6);
  gtk_widget_set_margin_start (content, 6);
  gtk_widget_set_margin_end (content, 6);
  gtk_widget_set_valign (content, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (content), value);
  gtk_box_append (GTK_BOX (content), label);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_sensitive (button, FALSE);
  g_signal_connect_object (button, "clicked", G_CALLBACK (figure_clicked_cb), self, 0);
  gtk_flow_box_append (box, button);
  /* The flow box child must not take focus itself: the button inside it does. */
  gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);

  f->figure = figure;
  f->detail = detail;
  f->section = section;
  f->widget = button;
  f->value = GTK_LABEL (value);
  f->caption = g_strdup (caption);
  f->title = g_strdup (title);
  g_ptr_array_add (self->figures, f);
  set_figure (self, figure, detail, NULL, NULL);
}

static GtkWidget *
add_row (CustcareDashboardPage  *self,
         GtkListBox             *box,
         CustcareReportFigure    figure,
         int                     detail,
         CustcareReportSections  section,
         const char             *title,
         const char             *subtitle)
{
  Figure *f = g_new0 (Figure, 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (PLACEHOLDER);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (value, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_list_box_append (box, row);

  f->figure = figure;
  f->detail = detail;
  f->section = section;
  f->widget = row;
  f->value = GTK_LABEL (value);
  f->caption = g_strdup (title);
  f->title = g_strdup (title);
  g_ptr_array_add (self->figures, f);
  set_figure (self, figure, detail, NULL, NULL);
  return row;
}

/* Where a figure leads */

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

static void
show_report (CustcareDashboardPage *self,
             GtkWidget             *report)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CUSTCARE_IS_WINDOW (root))
    custcare_window_show_detail (CUSTCARE_WINDOW (root), report,
                                 custcare_dashboard_report_get_title (CUSTCARE_DASHBOARD_REPORT (report)));
  else
    g_object_ref_sink (report), g_object_unref (report);
}

static void
show_order_list (CustcareDashboardPage *self,
                 guint                  filter_index)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *list;

  if (!CUSTCARE_IS_WINDOW (root))
    return;
  if ((list = find_descendant (GTK_WIDGET (root), CUSTCARE_TYPE_ORDER_LIST)) != NULL)
    custcare_order_list_set_filter_index (CUSTCARE_ORDER_LIST (list), filter_index);
  custcare_window_show_section (CUSTCARE_WINDOW (root), "orders");
}

static void
open_figure (CustcareDashboardPage *self,
             Figure                *f)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  CustcareDashboardData *customers = self->data[section_index (CUSTCARE_REPORT_SECTION_CUSTOMERS)];
  CustcareDashboardData *satisfaction = self->data[section_index (CUSTCARE_REPORT_SECTION_SATISFACTION)];
  CustcareReportSelection selection = { .figure = f->figure, .detail = f->detail };
  g_autofree char *subtitle = NULL;

  switch (f->figure)
    {
    case CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY:
    case CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_OVERDUE:
      if (CUSTCARE_IS_WINDOW (root))
        custcare_window_show_section (CUSTCARE_WINDOW (root), "follow-ups");
      return;
    case CUSTCARE_REPORT_FIGURE_ORDERS_OVERDUE:
      show_order_list (self, ORDER_FILTER_OVERDUE);
      return;
    case CUSTCARE_REPORT_FIGURE_ORDERS_WAITING:
      show_order_list (self, ORDER_FILTER_FIRST_STATUS + f->detail);
      return;
    case CUSTCARE_REPORT_FIGURE_RFM_SEGMENT:
      {
        CustcareCustomerList *list = CUSTCARE_IS_WINDOW (root) ? custcare_customer_list_find (GTK_WIDGET (root)) : NULL;

        if (list == NULL)
          return;
        custcare_customer_list_set_segment (list, custcare_rfm_segment_get_nick (f->detail));
        custcare_window_show_section (CUSTCARE_WINDOW (root), "customers");
        return;
      }
    case CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK:
      if (customers != NULL)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "No order or contact for %" G_GINT64_FORMAT " day",
                                                 "No order or contact for %" G_GINT64_FORMAT " days",
                                                 customers->churn_days),
                                    customers->churn_days);
      break;
    case CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS:
    case CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS:
    case CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS:
      if (customers == NULL)
        return;
      selection.start = customers->period_start;
      selection.end = customers->period_end;
      subtitle = dup_period_text (selection.start, selection.end);
      break;
    case CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS:
      if (satisfaction == NULL)
        return;
      selection.start = satisfaction->period_start;
      selection.end = satisfaction->period_end;
      subtitle = dup_period_text (selection.start, selection.end);
      break;
    case CUSTCARE_REPORT_FIGURE_POINTS_HOLDERS:
    case CUSTCARE_REPORT_FIGURE_TOP_CUSTOMERS:
    case CUSTCARE_REPORT_FIGURE_RETAINED_CUSTOMERS:
    default:
      break;
    }

  if (self->store != NULL)
    show_report (self, custcare_dashboard_report_new_for_figure (self->store, &selection, f->title, subtitle));
}

static void
figure_clicked_cb (GtkWidget             *widget,
                   CustcareDashboardPage *self)
{
  for (guint i = 0; i < self->figures->len; i++)
    {
      Figure *f = g_ptr_array_index (self->figures, i);

      if (f->widget == widget)
        {
          open_figure (self, f);
          return;
        }
    }
}

static void
row_activated_cb (GtkListBox            *box,
                  GtkListBoxRow         *row,
                  CustcareDashboardPage *self)
{
  CustcareDashboardData *loyalty = self->data[section_index (CUSTCARE_REPORT_SECTION_LOYALTY)];

  for (guint i = 0; i < TOP_ROWS; i++)
    if (GTK_WIDGET (row) == self->top_row_widgets[i])
      {
        if (loyalty != NULL && i < loyalty->top_customers->len)
          gtk_widget_activate_action (GTK_WIDGET (self), "app.open-customer", "x",
                                      g_array_index (loyalty->top_customers, CustcareReportTopCustomer, i).customer_id);
        return;
      }
  figure_clicked_cb (GTK_WIDGET (row), self);
}

/* A month of a chart: the customers or ratings behind that bar. */
static void
chart_point_cb (CustcareChart         *chart,
                int                    index,
                CustcareDashboardPage *self)
{
  CustcareDashboardData *data = self->data[section_index (chart == self->satisfaction_chart
                                                            ? CUSTCARE_REPORT_SECTION_SATISFACTION
                                                            : CUSTCARE_REPORT_SECTION_CUSTOMERS)];
  const CustcareReportMonth *month;
  CustcareReportSelection selection = { 0 };
  g_autofree char *month_text = NULL;
  g_autofree char *title = NULL;

  if (data == NULL || self->store == NULL || index < 0 || (guint) index >= data->months->len)
    return;
  month = &g_array_index (data->months, CustcareReportMonth, index);
  month_text = format_month (month, TRUE);
  selection.start = month->start;
  selection.end = month->end;
  if (chart == self->new_chart)
    {
      selection.figure = CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS;
      title = g_strdup (_("New Customers"));
    }
  else if (chart == self->retention_chart)
    {
      selection.figure = CUSTCARE_REPORT_FIGURE_RETAINED_CUSTOMERS;
      title = g_strdup (_("Returning Customers"));
    }
  else
    {
      selection.figure = CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS;
      title = g_strdup (_("Rated Interactions"));
    }
  show_report (self, custcare_dashboard_report_new_for_figure (self->store, &selection, title, month_text));
}

/* Showing the figures */

static void
update_today (CustcareDashboardPage *self,
              CustcareDashboardData *data)
{
  g_autofree char *due = data ? format_count (data->follow_ups_due_today) : NULL;
  g_autofree char *overdue = data ? format_count (data->follow_ups_overdue) : NULL;
  g_autofree char *orders = data ? format_count (data->orders_overdue) : NULL;

  set_figure (self, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY, 0, due, NULL);
  set_figure (self, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_OVERDUE, 0, overdue, NULL);
  set_figure (self, CUSTCARE_REPORT_FIGURE_ORDERS_OVERDUE, 0, orders, NULL);
  for (guint i = 0; i < CUSTCARE_REPORT_N_WAITING; i++)
    {
      g_autofree char *n = data ? format_count (data->orders_waiting[i]) : NULL;

      set_figure (self, CUSTCARE_REPORT_FIGURE_ORDERS_WAITING, i, n, NULL);
    }
}

static void
update_customers (CustcareDashboardPage *self,
                  CustcareDashboardData *data)
{
  g_autofree char *at_risk = data ? format_count (data->customers_at_risk) : NULL;
  g_autofree char *at_risk_caption = NULL;
  g_autofree char *repeat = data ? format_percent (custcare_dashboard_data_get_repeat_rate (data)) : NULL;
  g_autofree char *repeat_caption = NULL;
  g_autofree char *new_customers = data ? format_count (data->new_customers) : NULL;
  g_autofree char *active = data ? format_count (data->active_customers) : NULL;
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) new_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) retention_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) new_values = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) retention_values = g_array_new (FALSE, FALSE, sizeof (double));

  if (data != NULL)
    {
      at_risk_caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At risk: no order or contact for %" G_GINT64_FORMAT " day",
                                                      "At risk: no order or contact for %" G_GINT64_FORMAT " days",
                                                      data->churn_days),
                                         data->churn_days);
      repeat_caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ordered again: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " customer",
                                                     "Ordered again: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " customers",
                                                     data->active_customers),
                                        data->repeat_customers, data->active_customers);
      if (!self->setting_churn && (int) adw_spin_row_get_value (self->churn_row) != (int) data->churn_days)
        {
          self->setting_churn = TRUE;
          adw_spin_row_set_value (self->churn_row, data->churn_days);
          self->setting_churn = FALSE;
        }
    }
  set_figure (self, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0, at_risk, at_risk_caption);
  set_figure (self, CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS, 0, repeat, repeat_caption);
  set_figure (self, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, 0, new_customers, NULL);
  set_figure (self, CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS, 0, active, NULL);

  for (guint i = 0; data != NULL && i < data->months->len; i++)
    {
      const CustcareReportMonth *month = &g_array_index (data->months, CustcareReportMonth, i);
      double n = month->new_customers;
      double retention = month->previous_active > 0 ? (double) month->retained_customers / month->previous_active : NAN;

      g_ptr_array_add (labels, format_month (month, FALSE));
      g_array_append_val (new_values, n);
      g_ptr_array_add (new_texts, format_count (month->new_customers));
      g_array_append_val (retention_values, retention);
      /* TRANSLATORS: no retention figure for a month nobody ordered in the month before */
      g_ptr_array_add (retention_texts, isnan (retention) ? g_strdup (_("none")) : format_percent (retention));
    }
  g_ptr_array_add (labels, NULL);
  g_ptr_array_add (new_texts, NULL);
  g_ptr_array_add (retention_texts, NULL);
  custcare_chart_set_data (self->new_chart, new_values->len, (const char * const *) labels->pdata,
                           (double *) new_values->data, (const char * const *) new_texts->pdata, 0);
  for (guint i = 0; i < retention_values->len; i++)
    g_array_index (retention_values, double, i) *= 100;
  custcare_chart_set_data (self->retention_chart, retention_values->len, (const char * const *) labels->pdata,
                           (double *) retention_values->data, (const char * const *) retention_texts->pdata, 100);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_chart), data != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->retention_chart), data != NULL);
}

static void
update_satisfaction (CustcareDashboardPage *self,
                     CustcareDashboardData *data)
{
  g_autofree char *average = NULL;
  g_autofree char *rated = data ? format_count (data->rated_interactions) : NULL;
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  if (data != NULL)
    /* TRANSLATORS: no average rating: nobody was rated in the period */
    average = data->rated_interactions > 0 ? format_rating (custcare_dashboard_data_get_satisfaction_average (data))
                                           : g_strdup (C_("rating", "None"));
  /* The average is a figure too: it opens the rated interactions, as their count does. */
  set_figure (self, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, 0, average, NULL);
  set_figure (self, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, 1, rated, NULL);

  for (guint i = 0; data != NULL && i < data->months->len; i++)
    {
      const CustcareReportMonth *month = &g_array_index (data->months, CustcareReportMonth, i);
      double value = month->rated_interactions > 0 ? (double) month->rating_sum / month->rated_interactions : NAN;

      g_ptr_array_add (labels, format_month (month, FALSE));
      g_array_append_val (values, value);
      g_ptr_array_add (texts, isnan (value) ? g_strdup (_("none")) : format_rating (value));
    }
  g_ptr_array_add (labels, NULL);
  g_ptr_array_add (texts, NULL);
  custcare_chart_set_data (self->satisfaction_chart, values->len, (const char * const *) labels->pdata,
                           (double *) values->data, (const char * const *) texts->pdata, 5);
  gtk_widget_set_sensitive (GTK_WIDGET (self->satisfaction_chart), data != NULL);
}

static void
update_loyalty (CustcareDashboardPage *self,
                CustcareDashboardData *data)
{
  g_autofree char *currency = dup_currency (self);
  g_autofree char *points = data ? format_count (data->points_outstanding) : NULL;
  g_autofree char *value = data ? custcare_money_format (data->points_value, currency) : NULL;
  g_autofree char *points_caption = NULL;

  if (data != NULL)
    /* TRANSLATORS: under the number of loyalty points customers hold; %s is their value in money */
    points_caption = g_strdup_printf (_("Points outstanding, worth %s"), value);
  set_figure (self, CUSTCARE_REPORT_FIGURE_POINTS_HOLDERS, 0, points, points_caption);

  for (guint i = 0; i < TOP_ROWS; i++)
    {
      GtkWidget *row = self->top_row_widgets[i];
      gboolean present = data != NULL && i < data->top_customers->len;

      gtk_widget_set_visible (row, data == NULL ? i < 3 : present);
      if (present)
        {
          const CustcareReportTopCustomer *top = &g_array_index (data->top_customers, CustcareReportTopCustomer, i);
          g_autofree char *spend = custcare_money_format (top->spend, currency);
          GtkWidget *label = g_object_get_data (G_OBJECT (row), "custcare-value");

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), top->name);
          gtk_label_set_text (GTK_LABEL (label), spend);
        }
      gtk_widget_set_sensitive (row, present);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.show-top-customers", data != NULL);

  for (guint i = CUSTCARE_RFM_SEGMENT_CHAMPIONS; i < CUSTCARE_RFM_N_SEGMENTS; i++)
    {
      g_autofree char *n = data ? format_count (data->rfm_counts[i]) : NULL;

      set_figure (self, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, i, n, NULL);
    }
}

static void
update_section (CustcareDashboardPage *self,
                guint                  index)
{
  CustcareDashboardData *data = self->data[index];

  switch (index)
    {
    case 0: update_today (self, data); break;
    case 1: update_customers (self, data); break;
    case 2: update_satisfaction (self, data); break;
    default: update_loyalty (self, data); break;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.show-months",
                                 self->data[1] != NULL && self->data[2] != NULL);
}

/* Computing */

typedef struct
{
  CustcareDashboardPage *self;
  guint                  index;
  guint                  generation;
} Request;

static void
update_loading (CustcareDashboardPage *self)
{
  gboolean loading = FALSE;

  for (guint i = 0; i < N_SECTIONS; i++)
    loading |= self->cancellable[i] != NULL;
  if (loading == self->loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr (CustcareDashboardPage) self = request->self;
  guint index = request->index;
  gboolean current = request->generation == self->generation[index];
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareDashboardData) data = custcare_reports_compute_finish (CUSTCARE_STORE (source), result, &error);

  g_free (request);
  if (!current)
    return; /* a newer computation replaced this one */
  g_clear_object (&self->cancellable[index]);
  self->started[index] = FALSE;
  start_waiting_sections (self);
  if (data == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED))
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

          g_warning ("Could not compute the dashboard: %s", error->message);
          if (CUSTCARE_IS_WINDOW (root))
            custcare_window_add_toast (CUSTCARE_WINDOW (root), adw_toast_new (error->message));
        }
      update_loading (self);
      return;
    }
  g_clear_pointer (&self->data[index], custcare_dashboard_data_unref);
  self->data[index] = g_steal_pointer (&data);
  update_section (self, index);
  update_loading (self);
}

static void
start_section (CustcareDashboardPage *self,
               guint                  index)
{
  Request *request = g_new0 (Request, 1);

  request->self = g_object_ref (self);
  request->index = index;
  request->generation = self->generation[index];
  self->started[index] = TRUE;
  custcare_reports_compute_sections_async (self->store, &self->period, 1 << index, NULL, self->cancellable[index],
                                           computed_cb, request);
}

/* "Today" reads partial indexes and always starts at once. The other sections each walk a big
 * part of the shop; run together on a two-core machine they only slow each other and the window
 * down, so at most one fewer than the processors run at a time, the rest wait their turn. */
static void
start_waiting_sections (CustcareDashboardPage *self)
{
  static const guint order[] = { 1, 3, 2 }; /* customers, loyalty, satisfaction */
  guint max_running = MAX (1, g_get_num_processors () - 1);
  guint running = 0;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    running += self->cancellable[order[i]] != NULL && self->started[order[i]];
  for (guint i = 0; i < G_N_ELEMENTS (order) && running < max_running; i++)
    if (self->cancellable[order[i]] != NULL && !self->started[order[i]])
      {
        start_section (self, order[i]);
        running++;
      }
}

static void
compute (CustcareDashboardPage  *self,
         CustcareReportSections  sections)
{
  if (self->store == NULL)
    return;
  for (guint index = 0; index < N_SECTIONS; index++)
    {
      if (!(sections & (1 << index)))
        continue;
      /* Cancel the stale computation (interrupting its SQL) and forget its answer. */
      if (self->cancellable[index] != NULL)
        g_cancellable_cancel (self->cancellable[index]);
      g_clear_object (&self->cancellable[index]);
      self->cancellable[index] = g_cancellable_new ();
      self->started[index] = FALSE;
      self->generation[index]++;
      /* Figures for another period: placeholders until the new ones arrive. After a change to
       * the shop the old figures stay (and open their lists) until the new ones replace them. */
      if (self->outdated & (1 << index))
        {
          g_clear_pointer (&self->data[index], custcare_dashboard_data_unref);
          update_section (self, index);
        }
    }
  self->outdated &= ~sections;
  if (self->cancellable[0] != NULL && !self->started[0])
    start_section (self, 0);
  start_waiting_sections (self);
  self->dirty &= ~sections;
  update_loading (self);
}

/* Computes now when shown, or remembers to when next shown. @outdated: the figures shown no
 * longer answer the question asked (not merely a change to the shop). */
static void
invalidate (CustcareDashboardPage  *self,
            CustcareReportSections  sections,
            gboolean                outdated)
{
  self->dirty |= sections;
  if (outdated)
    self->outdated |= sections;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    compute (self, self->dirty);
}

void
custcare_dashboard_page_refresh (CustcareDashboardPage *self)
{
  g_return_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self));

  compute (self, CUSTCARE_REPORT_SECTION_ALL);
}

static gboolean
changed_idle_cb (gpointer user_data)
{
  CustcareDashboardPage *self = user_data;

  self->changed_idle = 0;
  invalidate (self, CUSTCARE_REPORT_SECTION_ALL, FALSE);
  return G_SOURCE_REMOVE;
}

/* Many changes in a row (an import, a merge) make one recomputation. */
static void
data_changed_cb (gpointer user_data)
{
  CustcareDashboardPage *self = user_data;

  if (self->changed_idle == 0)
    self->changed_idle = g_timeout_add_full (G_PRIORITY_LOW, 300, changed_idle_cb, self, NULL);
}

static void
orders_changed_cb (CustcareDashboardPage *self)
{
  data_changed_cb (self);
}

void
custcare_dashboard_page_set_store (CustcareDashboardPage *self,
                                   CustcareStore         *store)
{
  g_return_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (store == NULL || CUSTCARE_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL && self->interactions_watch != 0)
    custcare_interactions_unwatch (self->store, self->interactions_watch);
  self->interactions_watch = 0;
  g_clear_object (&self->orders_watch);
  g_set_object (&self->store, store);
  if (store == NULL)
    return;

  self->interactions_watch = custcare_interactions_watch (store, data_changed_cb, self);
  /* The orders models are told of every order written; a model filtered to the overdue orders
   * costs one partial-index read per change. */
  self->orders_watch = custcare_orders_model_new (store);
  custcare_orders_model_set_filter (self->orders_watch, CUSTCARE_ORDERS_FILTER_OVERDUE, 0);
  /* Its first page now (a hundred rows through a partial index), so that only the reloads that
   * follow a change reach us. */
  custcare_orders_model_reload (self->orders_watch, NULL);
  g_signal_connect_object (self->orders_watch, "items-changed", G_CALLBACK (orders_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->setting_churn = TRUE;
  adw_spin_row_set_value (self->churn_row,
                          custcare_store_get_setting_int (store, CUSTCARE_REPORTS_SETTING_CHURN_DAYS,
                                                          CUSTCARE_REPORTS_DEFAULT_CHURN_DAYS));
  self->setting_churn = FALSE;
  invalidate (self, CUSTCARE_REPORT_SECTION_ALL, TRUE);
}

/* The period */

static const char *period_names[] = {
  N_("This Month"), N_("Last 3 Months"), N_("Last 12 Months"), N_("Custom…"),
};

void
custcare_dashboard_page_set_period (CustcareDashboardPage      *self,
                                    const CustcareReportPeriod *period)
{
  g_return_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (period != NULL);

  self->period = *period;
  self->previous_period_index = period->kind;
  self->setting_period = TRUE;
  if (period->kind == CUSTCARE_REPORT_PERIOD_CUSTOM)
    {
      g_autofree char *text = dup_period_text (period->custom_start, period->custom_end);
      const char *labels[] = { text, NULL };

      /* "Custom…" becomes the dates chosen (which moves the dropdown's selection). */
      gtk_string_list_splice (self->period_labels, CUSTCARE_REPORT_PERIOD_CUSTOM, 1, labels);
    }
  if (gtk_drop_down_get_selected (self->period_dropdown) != (guint) period->kind)
    gtk_drop_down_set_selected (self->period_dropdown, period->kind);
  self->setting_period = FALSE;
  /* "Today" and loyalty do not depend on the period. */
  invalidate (self, CUSTCARE_REPORT_SECTION_CUSTOMERS | CUSTCARE_REPORT_SECTION_SATISFACTION, TRUE);
}

const CustcareReportPeriod *
custcare_dashboard_page_get_period (CustcareDashboardPage *self)
{
  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self), NULL);
  return &self->period;
}

static gboolean
parse_date (const char *text,
            GDate      *out)
{
  g_date_clear (out, 1);
  if (text == NULL)
    return FALSE;
  g_date_set_parse (out, text);
  return g_date_valid (out);
}

static gint64
local_midnight (const GDate *date)
{
  g_autoptr (GDateTime) dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                    g_date_get_day (date), 0, 0, 0);

  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

typedef struct
{
  CustcareDashboardPage *self;
  AdwEntryRow           *from_row;
  AdwEntryRow           *to_row;
} CustomDialog;

static void
custom_dialog_free (CustomDialog *dialog)
{
  g_object_unref (dialog->self);
  g_free (dialog);
}

static void
custom_validate_cb (CustomDialog *dialog)
{
  AdwAlertDialog *alert = ADW_ALERT_DIALOG (gtk_widget_get_ancestor (GTK_WIDGET (dialog->from_row),
                                                                     ADW_TYPE_ALERT_DIALOG));
  GDate from, to;
  gboolean from_ok = parse_date (gtk_editable_get_text (GTK_EDITABLE (dialog->from_row)), &from);
  gboolean to_ok = parse_date (gtk_editable_get_text (GTK_EDITABLE (dialog->to_row)), &to);

  if (from_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (dialog->from_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (dialog->from_row), "error");
  if (to_ok && (!from_ok || g_date_compare (&from, &to) <= 0))
    gtk_widget_remove_css_class (GTK_WIDGET (dialog->to_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (dialog->to_row), "error");
  if (alert != NULL)
    adw_alert_dialog_set_response_enabled (alert, "show", from_ok && to_ok && g_date_compare (&from, &to) <= 0);
}

static void
custom_response_cb (AdwAlertDialog *alert,
                    const char     *response,
                    CustomDialog   *dialog)
{
  CustcareDashboardPage *self = dialog->self;
  CustcareReportPeriod period = { .kind = CUSTCARE_REPORT_PERIOD_CUSTOM };
  GDate from, to;

  if (g_strcmp0 (response, "show") != 0 ||
      !parse_date (gtk_editable_get_text (GTK_EDITABLE (dialog->from_row)), &from) ||
      !parse_date (gtk_editable_get_text (GTK_EDITABLE (dialog->to_row)), &to))
    {
      /* Cancelled: back to the period shown. */
      gtk_drop_down_set_selected (self->period_dropdown, self->previous_period_index);
      return;
    }
  g_date_add_days (&to, 1); /* the end date is included */
  period.custom_start = local_midnight (&from);
  period.custom_end = local_midnight (&to);
  custcare_dashboard_page_set_period (self, &period);
}

static void
ask_custom_period (CustcareDashboardPage *self)
{
  AdwDialog *alert = adw_alert_dialog_new (_("Custom Period"), _("Figures over the days from the first date to the last, both included"));
  GtkWidget *list = gtk_list_box_new ();
  CustomDialog *dialog = g_new0 (CustomDialog, 1);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 start = self->period.kind == CUSTCARE_REPORT_PERIOD_CUSTOM ? self->period.custom_start : now - 30 * 86400;
  gint64 end = self->period.kind == CUSTCARE_REPORT_PERIOD_CUSTOM ? self->period.custom_end : now + 1;
  g_autofree char *from_text = format_date (start);
  g_autofree char *to_text = format_date (end - 1);

  dialog->self = g_object_ref (self);
  dialog->from_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  dialog->to_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->from_row), _("From"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->to_row), _("To"));
  gtk_editable_set_text (GTK_EDITABLE (dialog->from_row), from_text);
  gtk_editable_set_text (GTK_EDITABLE (dialog->to_row), to_text);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->from_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->to_row));
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (alert), list);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (alert), "cancel", _("_Cancel"), "show", _("_Show"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (alert), "show", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (alert), "show");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (alert), "cancel");
  g_signal_connect_swapped (dialog->from_row, "changed", G_CALLBACK (custom_validate_cb), dialog);
  g_signal_connect_swapped (dialog->to_row, "changed", G_CALLBACK (custom_validate_cb), dialog);
  g_signal_connect_data (alert, "response", G_CALLBACK (custom_response_cb), dialog,
                         (GClosureNotify) custom_dialog_free, 0);
  adw_dialog_present (alert, GTK_WIDGET (self));
}

static void
period_selected_cb (CustcareDashboardPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->period_dropdown);
  CustcareReportPeriod period = { .kind = selected };

  if (self->setting_period)
    return;
  if (selected == GTK_INVALID_LIST_POSITION || selected == (guint) self->period.kind)
    {
      if (selected == CUSTCARE_REPORT_PERIOD_CUSTOM && selected != self->previous_period_index)
        ask_custom_period (self);
      return;
    }
  if (selected == CUSTCARE_REPORT_PERIOD_CUSTOM)
    {
      ask_custom_period (self);
      return;
    }
  custcare_dashboard_page_set_period (self, &period);
}

/* Churn days */

void
custcare_dashboard_page_set_churn_days (CustcareDashboardPage *self,
                                        int                    days)
{
  g_return_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self));

  adw_spin_row_set_value (self->churn_row, days);
}

static void
churn_changed_cb (CustcareDashboardPage *self)
{
  g_autoptr (GError) error = NULL;
  int days = (int) adw_spin_row_get_value (self->churn_row);

  if (self->setting_churn || self->store == NULL)
    return;
  if (custcare_store_get_setting_int (self->store, CUSTCARE_REPORTS_SETTING_CHURN_DAYS,
                                      CUSTCARE_REPORTS_DEFAULT_CHURN_DAYS) == days)
    return;
  if (!custcare_store_set_setting_int (self->store, CUSTCARE_REPORTS_SETTING_CHURN_DAYS, days, &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      if (CUSTCARE_IS_WINDOW (root))
        custcare_window_add_toast (CUSTCARE_WINDOW (root), adw_toast_new (error->message));
      return;
    }
  invalidate (self, CUSTCARE_REPORT_SECTION_CUSTOMERS, TRUE);
}

/* Tables */

CustcareDashboardTable *
custcare_dashboard_page_dup_table (CustcareDashboardPage *self,
                                   const char            *name)
{
  CustcareDashboardData *customers, *satisfaction, *loyalty;
  g_autofree char *currency = NULL;
  CustcareDashboardTable *table;

  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self), NULL);

  customers = self->data[section_index (CUSTCARE_REPORT_SECTION_CUSTOMERS)];
  satisfaction = self->data[section_index (CUSTCARE_REPORT_SECTION_SATISFACTION)];
  loyalty = self->data[section_index (CUSTCARE_REPORT_SECTION_LOYALTY)];

  if (g_strcmp0 (name, "months") == 0 && customers != NULL && satisfaction != NULL)
    {
      const char *headers[] = { _("Month"), _("New customers"), _("Ordered"), _("Ordered the month before"),
                                _("Ordered again"), _("Retention"), _("Rated"), _("Average rating"), NULL };
      g_autofree char *period = dup_period_text (customers->period_start, customers->period_end);

      table = custcare_dashboard_table_new (_("Customers and Satisfaction by Month"), period, headers, 1);
      for (guint i = 0; i < customers->months->len; i++)
        {
          const CustcareReportMonth *month = &g_array_index (customers->months, CustcareReportMonth, i);
          const CustcareReportMonth *rated = i < satisfaction->months->len
                                               ? &g_array_index (satisfaction->months, CustcareReportMonth, i)
                                               : month;
          g_autofree char *label = format_month (month, TRUE);
          g_autofree char *new_customers = g_strdup_printf ("%" G_GINT64_FORMAT, month->new_customers);
          g_autofree char *active = g_strdup_printf ("%" G_GINT64_FORMAT, month->active_customers);
          g_autofree char *previous = g_strdup_printf ("%" G_GINT64_FORMAT, month->previous_active);
          g_autofree char *retained = g_strdup_printf ("%" G_GINT64_FORMAT, month->retained_customers);
          g_autofree char *retention = month->previous_active > 0
                                         ? format_percent ((double) month->retained_customers / month->previous_active)
                                         : g_strdup ("");
          g_autofree char *n_rated = g_strdup_printf ("%" G_GINT64_FORMAT, rated->rated_interactions);
          g_autofree char *average = rated->rated_interactions > 0
                                       ? format_rating ((double) rated->rating_sum / rated->rated_interactions)
                                       : g_strdup ("");

          custcare_dashboard_table_add_row (table, 0, 0,
                                            (const char *[]) { label, new_customers, active, previous, retained,
                                                               retention, n_rated, average });
        }
      return table;
    }
  if (g_strcmp0 (name, "top-customers") == 0 && loyalty != NULL)
    {
      const char *headers[] = { _("Customer"), _("Spend, last 12 months"), NULL };

      currency = dup_currency (self);
      table = custcare_dashboard_table_new (_("Top Customers"), _("By spend over the last 12 months"), headers, 1);
      for (guint i = 0; i < loyalty->top_customers->len; i++)
        {
          const CustcareReportTopCustomer *top = &g_array_index (loyalty->top_customers, CustcareReportTopCustomer, i);
          g_autofree char *spend = custcare_money_format (top->spend, currency);

          custcare_dashboard_table_add_row (table, top->customer_id, 0, (const char *[]) { top->name, spend });
        }
      return table;
    }
  return NULL;
}

static void
show_table_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CustcareDashboardPage *self = CUSTCARE_DASHBOARD_PAGE (widget);
  g_autoptr (CustcareDashboardTable) table = NULL;

  table = custcare_dashboard_page_dup_table (self, g_str_equal (action_name, "dashboard.show-months") ? "months"
                                                                                                  : "top-customers");
  if (table != NULL && self->store != NULL)
    show_report (self, custcare_dashboard_report_new_for_table (self->store, table));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  custcare_dashboard_page_refresh (CUSTCARE_DASHBOARD_PAGE (widget));
}

/* Accessors */

gboolean
custcare_dashboard_page_get_loading (CustcareDashboardPage *self)
{
  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self), FALSE);
  return self->loading;
}

CustcareDashboardData *
custcare_dashboard_page_get_data (CustcareDashboardPage *self,
                                  CustcareReportSections section)
{
  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self), NULL);
  return self->data[section_index (section)];
}

GtkWidget *
custcare_dashboard_page_get_figure_widget (CustcareDashboardPage *self,
                                           CustcareReportFigure   figure,
                                           int                    detail)
{
  Figure *f;

  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self), NULL);
  f = find_figure (self, figure, detail);
  return f != NULL ? f->widget : NULL;
}

const char *
custcare_dashboard_page_get_figure_text (CustcareDashboardPage *self,
                                         CustcareReportFigure   figure,
                                         int                    detail)
{
  Figure *f;

  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self), NULL);
  f = find_figure (self, figure, detail);
  return f != NULL ? gtk_label_get_text (f->value) : NULL;
}

CustcareChart *
custcare_dashboard_page_get_chart (CustcareDashboardPage *self,
                                   const char            *name)
{
  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_PAGE (self), NULL);

  if (g_strcmp0 (name, "new-customers") == 0)
    return self->new_chart;
  if (g_strcmp0 (name, "retention") == 0)
    return self->retention_chart;
  if (g_strcmp0 (name, "satisfaction") == 0)
    return self->satisfaction_chart;
  return NULL;
}

CustcareDashboardPage *
custcare_dashboard_page_find (GtkWidget *window)
{
  g_return_val_if_fail (GTK_IS_WIDGET (window), NULL);

  return (CustcareDashboardPage *) find_descendant (window, CUSTCARE_TYPE_DASHBOARD_PAGE);
}

/* Life cycle */

static void
custcare_dashboard_page_root (GtkWidget *widget)
{
  CustcareDashboardPage *self = CUSTCARE_DASHBOARD_PAGE (widget);
  GApplication *app;

  GTK_WIDGET_CLASS (custcare_dashboard_page_parent_class)->root (widget);

  /* The window's template is built before the window knows its application. */
  app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (gtk_widget_get_root (widget))));
  if (app == NULL)
    app = g_application_get_default ();
  if (CUSTCARE_IS_APPLICATION (app) && self->store == NULL)
    custcare_dashboard_page_set_store (self, custcare_application_get_store (CUSTCARE_APPLICATION (app)));
}

static void
custcare_dashboard_page_map (GtkWidget *widget)
{
  CustcareDashboardPage *self = CUSTCARE_DASHBOARD_PAGE (widget);

  GTK_WIDGET_CLASS (custcare_dashboard_page_parent_class)->map (widget);
  /* Shown again: everything, since customers added, edited or archived elsewhere send no
   * notification (and the day may have turned). The figures shown stay until the new ones come. */
  compute (self, CUSTCARE_REPORT_SECTION_ALL);
}

static void
custcare_dashboard_page_dispose (GObject *object)
{
  CustcareDashboardPage *self = CUSTCARE_DASHBOARD_PAGE (object);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      /* An answer still on its way finds nothing to update. */
      self->generation[i]++;
      if (self->cancellable[i] != NULL)
        g_cancellable_cancel (self->cancellable[i]);
      g_clear_object (&self->cancellable[i]);
      g_clear_pointer (&self->data[i], custcare_dashboard_data_unref);
    }
  g_clear_handle_id (&self->changed_idle, g_source_remove);
  if (self->store != NULL && self->interactions_watch != 0)
    custcare_interactions_unwatch (self->store, self->interactions_watch);
  self->interactions_watch = 0;
  g_clear_object (&self->orders_watch);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (custcare_dashboard_page_parent_class)->dispose (object);
}

static void
custcare_dashboard_page_finalize (GObject *object)
{
  CustcareDashboardPage *self = CUSTCARE_DASHBOARD_PAGE (object);

  g_clear_pointer (&self->figures, g_ptr_array_unref);
  g_clear_object (&self->period_labels);

  G_OBJECT_CLASS (custcare_dashboard_page_parent_class)->finalize (object);
}

static void
custcare_dashboard_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CustcareDashboardPage *self = CUSTCARE_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_dashboard_page_class_init (CustcareDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_dashboard_page_dispose;
  object_class->finalize = custcare_dashboard_page_finalize;
  object_class->get_property = custcare_dashboard_page_get_property;
  widget_class->root = custcare_dashboard_page_root;
  widget_class->map = custcare_dashboard_page_map;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CUSTCARE_TYPE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, today_cards);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, waiting_rows);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, customer_cards);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, churn_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, new_chart);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, retention_chart);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, satisfaction_cards);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, satisfaction_chart);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, loyalty_cards);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, top_rows);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardPage, segment_rows);

  gtk_widget_class_install_action (widget_class, "dashboard.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "dashboard.show-months", NULL, show_table_action);
  gtk_widget_class_install_action (widget_class, "dashboard.show-top-customers", NULL, show_table_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "dashboard.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "dashboard.refresh", NULL);

  gtk_widget_class_set_css_name (widget_class, "dashboard");
}

static void
custcare_dashboard_page_init (CustcareDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->figures = g_ptr_array_new_with_free_func ((GDestroyNotify) figure_free);
  /* Three whole months: early in a month "this month" says little, and three bars show a trend. */
  self->period.kind = CUSTCARE_REPORT_PERIOD_LAST_3_MONTHS;
  self->previous_period_index = self->period.kind;
  self->dirty = CUSTCARE_REPORT_SECTION_ALL;

  self->period_labels = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (period_names); i++)
    gtk_string_list_append (self->period_labels, _(period_names[i]));
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (self->period_labels));
  gtk_drop_down_set_selected (self->period_dropdown, self->period.kind);
  g_signal_connect_object (self->period_dropdown, "notify::selected", G_CALLBACK (period_selected_cb), self,
                           G_CONNECT_SWAPPED);

  add_card (self, self->today_cards, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_DUE_TODAY, 0, CUSTCARE_REPORT_SECTION_TODAY,
            _("Follow-ups due today"), _("Follow-ups Due Today"));
  add_card (self, self->today_cards, CUSTCARE_REPORT_FIGURE_FOLLOW_UPS_OVERDUE, 0, CUSTCARE_REPORT_SECTION_TODAY,
            _("Follow-ups overdue"), _("Follow-ups Overdue"));
  add_card (self, self->today_cards, CUSTCARE_REPORT_FIGURE_ORDERS_OVERDUE, 0, CUSTCARE_REPORT_SECTION_TODAY,
            _("Orders overdue"), _("Overdue Orders"));
  for (guint i = 0; i < CUSTCARE_REPORT_N_WAITING; i++)
    add_row (self, self->waiting_rows, CUSTCARE_REPORT_FIGURE_ORDERS_WAITING, i, CUSTCARE_REPORT_SECTION_TODAY,
             custcare_report_waiting_get_label (i), NULL);

  add_card (self, self->customer_cards, CUSTCARE_REPORT_FIGURE_CUSTOMERS_AT_RISK, 0,
            CUSTCARE_REPORT_SECTION_CUSTOMERS, _("Customers at risk"), _("Customers at Risk"));
  add_card (self, self->customer_cards, CUSTCARE_REPORT_FIGURE_REPEAT_CUSTOMERS, 0,
            CUSTCARE_REPORT_SECTION_CUSTOMERS, _("Repeat customers"), _("Repeat Customers"));
  add_card (self, self->customer_cards, CUSTCARE_REPORT_FIGURE_NEW_CUSTOMERS, 0, CUSTCARE_REPORT_SECTION_CUSTOMERS,
            _("New customers"), _("New Customers"));
  add_card (self, self->customer_cards, CUSTCARE_REPORT_FIGURE_ACTIVE_CUSTOMERS, 0,
            CUSTCARE_REPORT_SECTION_CUSTOMERS, _("Customers who ordered"), _("Customers Who Ordered"));

  add_card (self, self->satisfaction_cards, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, 0,
            CUSTCARE_REPORT_SECTION_SATISFACTION, _("Average rating, out of 5"), _("Rated Interactions"));
  add_card (self, self->satisfaction_cards, CUSTCARE_REPORT_FIGURE_RATED_INTERACTIONS, 1,
            CUSTCARE_REPORT_SECTION_SATISFACTION, _("Rated interactions"), _("Rated Interactions"));

  add_card (self, self->loyalty_cards, CUSTCARE_REPORT_FIGURE_POINTS_HOLDERS, 0, CUSTCARE_REPORT_SECTION_LOYALTY,
            _("Points outstanding"), _("Customers Holding Points"));

  for (guint i = 0; i < TOP_ROWS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *value = gtk_label_new (PLACEHOLDER);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), PLACEHOLDER);
      gtk_widget_add_css_class (value, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "custcare-value", value);
      gtk_list_box_append (self->top_rows, row);
      self->top_row_widgets[i] = row;
    }

  for (guint i = CUSTCARE_RFM_SEGMENT_CHAMPIONS; i < CUSTCARE_RFM_N_SEGMENTS; i++)
    add_row (self, self->segment_rows, CUSTCARE_REPORT_FIGURE_RFM_SEGMENT, i, CUSTCARE_REPORT_SECTION_LOYALTY,
             custcare_rfm_segment_get_label (i), custcare_rfm_segment_get_description (i));

  g_signal_connect_object (self->waiting_rows, "row-activated", G_CALLBACK (row_activated_cb), self, 0);
  g_signal_connect_object (self->top_rows, "row-activated", G_CALLBACK (row_activated_cb), self, 0);
  g_signal_connect_object (self->segment_rows, "row-activated", G_CALLBACK (row_activated_cb), self, 0);
  g_signal_connect_object (self->churn_row, "notify::value", G_CALLBACK (churn_changed_cb), self, G_CONNECT_SWAPPED);

  custcare_chart_set_title (self->new_chart, _("New customers per month"));
  custcare_chart_set_kind (self->new_chart, CUSTCARE_CHART_BARS);
  custcare_chart_set_title (self->retention_chart, _("Retention by month, percent"));
  custcare_chart_set_kind (self->retention_chart, CUSTCARE_CHART_BARS);
  custcare_chart_set_title (self->satisfaction_chart, _("Average rating by month, out of 5"));
  custcare_chart_set_kind (self->satisfaction_chart, CUSTCARE_CHART_LINE);
  g_signal_connect_object (self->new_chart, "point-activated", G_CALLBACK (chart_point_cb), self, 0);
  g_signal_connect_object (self->retention_chart, "point-activated", G_CALLBACK (chart_point_cb), self, 0);
  g_signal_connect_object (self->satisfaction_chart, "point-activated", G_CALLBACK (chart_point_cb), self, 0);

  for (guint i = 0; i < N_SECTIONS; i++)
    update_section (self, i);
}
