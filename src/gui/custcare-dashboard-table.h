/* custcare-dashboard-table.h — a report table of the dashboard: shown, exported to CSV, printed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CUSTCARE_TYPE_DASHBOARD_TABLE (custcare_dashboard_table_get_type ())

/* Rows of text cells under column headings. Each row may point at a customer (the row opens their
 * page) and at an order. Reference counted; not changed once handed to a worker thread. */
typedef struct
{
  char      *title;          /* "Customers at Risk" */
  char      *subtitle;       /* the period or the rule, nullable */
  GStrv      headers;
  GPtrArray *rows;           /* GStrv, as many cells as headers */
  GArray    *customer_ids;   /* gint64 per row, 0 for none */
  GArray    *order_ids;      /* gint64 per row, 0 for none */
  guint      first_numeric;  /* columns from this one on are figures: right-aligned */
} CustcareDashboardTable;

GType                   custcare_dashboard_table_get_type  (void) G_GNUC_CONST;
CustcareDashboardTable *custcare_dashboard_table_new       (const char              *title,
                                                            const char              *subtitle,
                                                            const char * const      *headers,
                                                            guint                    first_numeric);
CustcareDashboardTable *custcare_dashboard_table_ref       (CustcareDashboardTable  *self);
void                    custcare_dashboard_table_unref     (CustcareDashboardTable  *self);
/* @cells: as many as there are headers */
void                    custcare_dashboard_table_add_row   (CustcareDashboardTable  *self,
                                                            gint64                   customer_id,
                                                            gint64                   order_id,
                                                            const char * const      *cells);
guint                   custcare_dashboard_table_get_n_rows (CustcareDashboardTable *self);

/* One CSV cell (RFC 4180 quoting; text a spreadsheet would run as a formula is neutralised). */
char                   *custcare_csv_cell                  (const char              *text);
char                   *custcare_dashboard_table_to_csv    (CustcareDashboardTable  *self);
/* Writes the CSV to @path atomically (a temporary file renamed over it). */
gboolean                custcare_dashboard_table_write_csv (CustcareDashboardTable  *self,
                                                            const char              *path,
                                                            GError                 **error);
/* The same in a worker thread. */
void                    custcare_dashboard_table_write_csv_async  (CustcareDashboardTable *self,
                                                                   GFile                  *file,
                                                                   GCancellable           *cancellable,
                                                                   GAsyncReadyCallback     callback,
                                                                   gpointer                user_data);
gboolean                custcare_dashboard_table_write_csv_finish (GAsyncResult           *result,
                                                                   GError                **error);

/* @export_filename: (nullable): write a PDF there without asking; %NULL shows the print dialog. */
gboolean                custcare_dashboard_table_print     (CustcareDashboardTable  *self,
                                                            GtkWindow               *parent,
                                                            const char              *shop_name,
                                                            const char              *export_filename,
                                                            GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareDashboardTable, custcare_dashboard_table_unref)

G_END_DECLS
