/* custcare-dashboard-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A figure's list can be long (the churn list of a big shop has tens of thousands of customers),
 * so its ids and their descriptions are read on a worker connection in a thread, the page shows
 * a placeholder meanwhile, and only the first CUSTCARE_DASHBOARD_REPORT_MAX_ROWS rows become
 * widgets. The table behind it keeps every row for Export and Print.
 */
#define G_LOG_DOMAIN "custcare-dashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-dashboard-report.h"
#include "custcare-money.h"
#include "custcare-order-page.h"
#include "custcare-window.h"

struct _CustcareDashboardReport
{
  AdwBin                  parent_instance;

  CustcareStore          *store;
  CustcareDashboardTable *table;
  struct _LoadData       *load;       /* for a figure's list: what to describe for Export/Print */
  guint                   n_records;
  gboolean                complete;   /* the table has every record, not only those shown */
  GCancellable           *cancellable;
  char                   *title;
  gboolean                loading;

  AdwWindowTitle         *window_title;
  GtkStack               *stack;
  AdwStatusPage          *empty_page;
  AdwStatusPage          *error_page;
  GtkListBox             *rows;
  GtkLabel               *more_label;
  GtkWidget              *export_button;
  GtkWidget              *print_button;
};

G_DEFINE_FINAL_TYPE (CustcareDashboardReport, custcare_dashboard_report, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (CustcareDashboardReport *self,
             gboolean                 loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static GtkWidget *
make_row (CustcareDashboardTable *table,
          guint                   index)
{
  const char * const *cells = g_ptr_array_index (table->rows, index);
  guint n = g_strv_length (table->headers);
  guint first_numeric = MAX (1, MIN (table->first_numeric, n));
  GtkWidget *row = adw_action_row_new ();
  g_autoptr (GString) subtitle = g_string_new (NULL);
  gboolean target = g_array_index (table->customer_ids, gint64, index) > 0 ||
                    g_array_index (table->order_ids, gint64, index) > 0;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cells[0]);
  for (guint i = 1; i < first_numeric; i++)
    if (*cells[i] != '\0')
      g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", cells[i]);

  if (n - first_numeric == 1)
    {
      GtkWidget *value = gtk_label_new (cells[first_numeric]);

      gtk_widget_add_css_class (value, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
    }
  else
    for (guint i = first_numeric; i < n; i++)
      /* TRANSLATORS: a column and its value in a row of a report, "Retained: 3" */
      g_string_append_printf (subtitle, _("%s%s: %s"), subtitle->len ? " · " : "", table->headers[i], cells[i]);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  if (target)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
    }
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
show_table (CustcareDashboardReport *self)
{
  guint n = MAX (self->n_records, custcare_dashboard_table_get_n_rows (self->table));
  guint shown = MIN (custcare_dashboard_table_get_n_rows (self->table), CUSTCARE_DASHBOARD_REPORT_MAX_ROWS);

  gtk_list_box_remove_all (self->rows);
  for (guint i = 0; i < shown; i++)
    gtk_list_box_append (self->rows, make_row (self->table, i));
  if (n > shown)
    {
      g_autofree char *more = g_strdup_printf (
        /* TRANSLATORS: under a long list on the dashboard */
        g_dngettext (GETTEXT_PACKAGE, "Showing the first %u of %u row. Export or print to see them all.",
                     "Showing the first %u of %u rows. Export or print to see them all.", n),
        shown, n);

      gtk_label_set_text (self->more_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), n > shown);
  gtk_widget_set_sensitive (self->export_button, TRUE);
  gtk_widget_set_sensitive (self->print_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "rows" : "empty");
}

static void
row_activated_cb (CustcareDashboardReport *self,
                  GtkListBoxRow           *row)
{
  int index = gtk_list_box_row_get_index (row);
  gint64 customer_id, order_id;

  if (self->table == NULL || index < 0 || (guint) index >= custcare_dashboard_table_get_n_rows (self->table))
    return;
  customer_id = g_array_index (self->table->customer_ids, gint64, index);
  order_id = g_array_index (self->table->order_ids, gint64, index);
  if (order_id > 0 && self->store != NULL)
    custcare_order_page_show (GTK_WIDGET (self), self->store, order_id);
  else if (customer_id > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.open-customer", "x", customer_id);
}

/* Reading a figure's list */

typedef struct _LoadData
{
  CustcareReportSelection  selection;
  CustcareReportListKind   kind;
  char                    *title;
  char                    *subtitle;
  char                    *currency;
  GArray                  *ids;       /* set by the loading thread, read once it is done */
} LoadData;

static void
load_data_clear (LoadData *ld)
{
  g_free (ld->title);
  g_free (ld->subtitle);
  g_free (ld->currency);
  g_clear_pointer (&ld->ids, g_array_unref);
}

static void
load_data_unref (LoadData *ld)
{
  g_rc_box_release_full (ld, (GDestroyNotify) load_data_clear);
}

static void
interrupt_cb (GCancellable  *cancellable,
              CustcareStore *worker)
{
  custcare_store_interrupt (worker);
}

static CustcareDashboardTable *
table_for_rows (const LoadData *ld,
                GPtrArray      *rows)
{
  const char *customer_headers[] = { _("Customer"), _("Company"), NULL };
  const char *order_headers[] = { _("Order"), _("Status, customer and due date"), _("Total"), NULL };
  const char *interaction_headers[] = { _("Subject"), _("Customer and date"), _("Rating"), NULL };
  CustcareDashboardTable *table;

  switch (ld->kind)
    {
    case CUSTCARE_REPORT_LIST_ORDERS:
      table = custcare_dashboard_table_new (ld->title, ld->subtitle, order_headers, 2);
      break;
    case CUSTCARE_REPORT_LIST_INTERACTIONS:
      table = custcare_dashboard_table_new (ld->title, ld->subtitle, interaction_headers, 2);
      break;
    case CUSTCARE_REPORT_LIST_CUSTOMERS:
    default:
      table = custcare_dashboard_table_new (ld->title, ld->subtitle, customer_headers, 2);
      break;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      CustcareReportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *amount = NULL;

      switch (ld->kind)
        {
        case CUSTCARE_REPORT_LIST_ORDERS:
          amount = custcare_money_format (row->amount, ld->currency);
          custcare_dashboard_table_add_row (table, row->customer_id, row->id,
                                            (const char *[]) { row->title, row->subtitle, amount });
          break;
        case CUSTCARE_REPORT_LIST_INTERACTIONS:
          amount = row->amount > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, row->amount) : g_strdup ("");
          custcare_dashboard_table_add_row (table, row->customer_id, 0,
                                            (const char *[]) { row->title, row->subtitle, amount });
          break;
        case CUSTCARE_REPORT_LIST_CUSTOMERS:
        default:
          custcare_dashboard_table_add_row (table, row->customer_id, 0, (const char *[]) { row->title, row->subtitle });
          break;
        }
    }
  return table;
}

/* Describes @ids (all of them, or the first @limit) on a worker connection. */
static CustcareDashboardTable *
describe_on_worker (CustcareStore  *store,
                    LoadData       *ld,
                    GArray         *ids,
                    guint           limit,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr (CustcareStore) worker = custcare_store_open_worker (store, error);
  g_autoptr (GArray) some = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  if (worker == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  some = g_array_sized_new (FALSE, FALSE, sizeof (gint64), MIN (ids->len, limit));
  g_array_append_vals (some, ids->data, MIN (ids->len, limit));
  rows = custcare_reports_describe (worker, ld->kind, some, error);
  return rows != NULL ? table_for_rows (ld, rows) : NULL;
}

/* The ids behind the figure, and words for the rows shown: a churn list of half a million
 * customers is on screen as soon as its ids are, and described in full only for Export or Print. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *ld = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) worker = custcare_store_open_worker (source_object, &error);
  g_autoptr (GArray) ids = NULL;
  CustcareDashboardTable *table = NULL;
  gulong handler = 0;

  if (worker == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb), worker, NULL);
  ids = custcare_reports_list_ids (worker, &ld->selection, NULL, cancellable, &error);
  g_cancellable_disconnect (cancellable, handler);
  if (ids != NULL)
    table = describe_on_worker (source_object, ld, ids, CUSTCARE_DASHBOARD_REPORT_MAX_ROWS, cancellable, &error);

  if (table == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      ld->ids = g_steal_pointer (&ids);
      g_task_return_pointer (task, table, (GDestroyNotify) custcare_dashboard_table_unref);
    }
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (CustcareDashboardReport) self = user_data;
  g_autoptr (GError) error = NULL;
  CustcareDashboardTable *table = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      /* The page was closed meanwhile. */
      g_clear_pointer (&table, custcare_dashboard_table_unref);
      return;
    }
  if (table == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED))
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      set_loading (self, FALSE);
      return;
    }
  self->table = table;
  self->n_records = self->load->ids->len;
  self->complete = custcare_dashboard_table_get_n_rows (table) == self->n_records;
  show_table (self);
  set_loading (self, FALSE);
}

/* Every record in words, for Export and Print. */

static void
describe_all_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  LoadData *ld = task_data;
  GError *error = NULL;
  CustcareDashboardTable *table = describe_on_worker (source_object, ld, ld->ids, G_MAXUINT, cancellable, &error);

  if (table == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, table, (GDestroyNotify) custcare_dashboard_table_unref);
}

static void
described_all_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) outer = user_data;
  CustcareDashboardReport *self = g_task_get_source_object (outer);
  GError *error = NULL;
  CustcareDashboardTable *table = g_task_propagate_pointer (G_TASK (result), &error);

  if (table == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  if (self->store == NULL)
    {
      /* Closed meanwhile. */
      custcare_dashboard_table_unref (table);
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The report was closed."));
      return;
    }
  /* The rows on screen are the first of these: only the table behind them changes. */
  g_clear_pointer (&self->table, custcare_dashboard_table_unref);
  self->table = table;
  self->complete = TRUE;
  g_task_return_boolean (outer, TRUE);
}

static void
ensure_complete_async (CustcareDashboardReport *self,
                       GCancellable            *cancellable,
                       GAsyncReadyCallback      callback,
                       gpointer                 user_data)
{
  g_autoptr (GTask) outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GTask) task = NULL;

  if (self->store == NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The report was closed."));
      return;
    }
  if (self->table == NULL)
    {
      g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("The list is still being read."));
      return;
    }
  if (self->complete || self->load == NULL)
    {
      g_task_return_boolean (outer, TRUE);
      return;
    }
  task = g_task_new (self->store, cancellable, described_all_cb, g_steal_pointer (&outer));
  g_task_set_task_data (task, g_rc_box_acquire (self->load), (GDestroyNotify) load_data_unref);
  g_task_run_in_thread (task, describe_all_thread);
}

static void
set_titles (CustcareDashboardReport *self,
            const char              *title,
            const char              *subtitle)
{
  g_set_str (&self->title, title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
}

/**
 * custcare_dashboard_report_new_for_figure:
 * @title: what the figure counts ("Customers at Risk")
 * @subtitle: (nullable): the period or the rule
 */
GtkWidget *
custcare_dashboard_report_new_for_figure (CustcareStore                 *store,
                                          const CustcareReportSelection *selection,
                                          const char                    *title,
                                          const char                    *subtitle)
{
  CustcareDashboardReport *self;
  g_autoptr (GTask) task = NULL;
  LoadData *ld;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (selection != NULL, NULL);

  self = g_object_new (CUSTCARE_TYPE_DASHBOARD_REPORT, NULL);
  self->store = g_object_ref (store);
  set_titles (self, title, subtitle);
  set_loading (self, TRUE);

  ld = g_rc_box_new0 (LoadData);
  ld->selection = *selection;
  ld->kind = custcare_report_figure_get_list_kind (selection->figure);
  ld->title = g_strdup (title);
  ld->subtitle = g_strdup (subtitle);
  ld->currency = custcare_money_dup_shop_currency (store);
  self->load = g_rc_box_acquire (ld);

  task = g_task_new (store, self->cancellable, load_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, custcare_dashboard_report_new_for_figure);
  g_task_set_task_data (task, ld, (GDestroyNotify) load_data_unref);
  g_task_run_in_thread (task, load_thread);
  return GTK_WIDGET (self);
}

GtkWidget *
custcare_dashboard_report_new_for_table (CustcareStore          *store,
                                         CustcareDashboardTable *table)
{
  CustcareDashboardReport *self;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  self = g_object_new (CUSTCARE_TYPE_DASHBOARD_REPORT, NULL);
  self->store = g_object_ref (store);
  self->table = custcare_dashboard_table_ref (table);
  self->n_records = custcare_dashboard_table_get_n_rows (table);
  self->complete = TRUE;
  set_titles (self, table->title, table->subtitle);
  show_table (self);
  return GTK_WIDGET (self);
}

const char *
custcare_dashboard_report_get_title (CustcareDashboardReport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_REPORT (self), NULL);
  return self->title;
}

gboolean
custcare_dashboard_report_get_loading (CustcareDashboardReport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_REPORT (self), FALSE);
  return self->loading;
}

CustcareDashboardTable *
custcare_dashboard_report_get_table (CustcareDashboardReport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_REPORT (self), NULL);
  return self->table;
}

/* Export and print */

static void
toast (CustcareDashboardReport *self,
       const char              *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CUSTCARE_IS_WINDOW (root))
    custcare_window_add_toast (CUSTCARE_WINDOW (root), adw_toast_new (message));
  else
    g_warning ("%s", message);
}

static void
csv_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (custcare_dashboard_table_write_csv_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_complete_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CustcareDashboardReport *self = CUSTCARE_DASHBOARD_REPORT (source);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  custcare_dashboard_table_write_csv_async (self->table, g_task_get_task_data (task), g_task_get_cancellable (task),
                                            csv_written_cb, g_object_ref (task));
}

/**
 * custcare_dashboard_report_export_csv_async:
 * @file: where to write (a local file)
 *
 * Writes every record behind the report as CSV, describing those not shown first, all off the
 * main thread. What the Export button does once a file is chosen.
 */
void
custcare_dashboard_report_export_csv_async (CustcareDashboardReport *self,
                                            GFile                   *file,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data)
{
  GTask *task;

  g_return_if_fail (CUSTCARE_IS_DASHBOARD_REPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_dashboard_report_export_csv_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  ensure_complete_async (self, cancellable, export_complete_cb, task);
}

gboolean
custcare_dashboard_report_export_csv_finish (CustcareDashboardReport  *self,
                                             GAsyncResult             *result,
                                             GError                  **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CustcareDashboardReport *self = CUSTCARE_DASHBOARD_REPORT (source);
  g_autoptr (GError) error = NULL;

  if (custcare_dashboard_report_export_csv_finish (self, result, &error))
    toast (self, _("Report exported"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           !g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
save_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CustcareDashboardReport) self = user_data;
  g_autoptr (GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (file == NULL || self->table == NULL)
    return; /* the user cancelled */
  custcare_dashboard_report_export_csv_async (self, file, self->cancellable, exported_cb, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CustcareDashboardReport *self = CUSTCARE_DASHBOARD_REPORT (widget);
  g_autoptr (GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autofree char *name = NULL;

  if (self->table == NULL)
    return;
  /* TRANSLATORS: the suggested file name of an exported report; %s is its title */
  name = g_strdup_printf (_("%s.csv"), self->table->title);
  g_strdelimit (name, "/\\:", '-');
  gtk_file_filter_set_name (filter, _("Spreadsheet (CSV)"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  g_list_store_append (filters, filter);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_title (dialog, _("Export Report"));
  gtk_file_dialog_set_initial_name (dialog, name);
  gtk_file_dialog_save (dialog, GTK_WINDOW (gtk_widget_get_root (widget)), self->cancellable, save_chosen_cb,
                        g_object_ref (self));
}

static void
print_complete_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CustcareDashboardReport *self = CUSTCARE_DASHBOARD_REPORT (source);
  g_autoptr (GError) error = NULL;
  g_autofree char *shop = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  shop = custcare_store_get_setting (self->store, "shop.name");
  if (!custcare_dashboard_table_print (self->table, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       shop != NULL && *shop != '\0' ? shop : _("CustCare"), NULL, &error))
    toast (self, error->message);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CustcareDashboardReport *self = CUSTCARE_DASHBOARD_REPORT (widget);

  if (self->table == NULL || self->store == NULL)
    return;
  ensure_complete_async (self, self->cancellable, print_complete_cb, NULL);
}

guint
custcare_dashboard_report_get_n_records (CustcareDashboardReport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_DASHBOARD_REPORT (self), 0);
  return self->n_records;
}

static void
custcare_dashboard_report_dispose (GObject *object)
{
  CustcareDashboardReport *self = CUSTCARE_DASHBOARD_REPORT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->table, custcare_dashboard_table_unref);
  g_clear_pointer (&self->load, load_data_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_DASHBOARD_REPORT);

  G_OBJECT_CLASS (custcare_dashboard_report_parent_class)->dispose (object);
}

static void
custcare_dashboard_report_finalize (GObject *object)
{
  CustcareDashboardReport *self = CUSTCARE_DASHBOARD_REPORT (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (custcare_dashboard_report_parent_class)->finalize (object);
}

static void
custcare_dashboard_report_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  CustcareDashboardReport *self = CUSTCARE_DASHBOARD_REPORT (object);

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
custcare_dashboard_report_class_init (CustcareDashboardReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_dashboard_report_dispose;
  object_class->finalize = custcare_dashboard_report_finalize;
  object_class->get_property = custcare_dashboard_report_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-dashboard-report.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardReport, window_title);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardReport, stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardReport, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardReport, error_page);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardReport, rows);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardReport, more_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardReport, export_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareDashboardReport, print_button);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "report.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "report.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "report.print", NULL);
}

static void
custcare_dashboard_report_init (CustcareDashboardReport *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
