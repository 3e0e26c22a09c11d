/* custcare-dashboard-report.h — the list behind a dashboard figure, or one of its tables, in the
 * content pane, with Export and Print
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-dashboard-table.h"
#include "custcare-reports.h"

G_BEGIN_DECLS

/* Records described and shown on screen; Export and Print always take every one. */
#define CUSTCARE_DASHBOARD_REPORT_MAX_ROWS 200

#define CUSTCARE_TYPE_DASHBOARD_REPORT (custcare_dashboard_report_get_type ())
G_DECLARE_FINAL_TYPE (CustcareDashboardReport, custcare_dashboard_report, CUSTCARE, DASHBOARD_REPORT, AdwBin)

/* The records behind @selection, read off the main thread. */
GtkWidget              *custcare_dashboard_report_new_for_figure (CustcareStore                 *store,
                                                                  const CustcareReportSelection *selection,
                                                                  const char                    *title,
                                                                  const char                    *subtitle);
GtkWidget              *custcare_dashboard_report_new_for_table  (CustcareStore                 *store,
                                                                  CustcareDashboardTable        *table);
const char             *custcare_dashboard_report_get_title      (CustcareDashboardReport       *self);
gboolean                custcare_dashboard_report_get_loading    (CustcareDashboardReport       *self);
/* (transfer none) (nullable): %NULL while loading or after an error. For a figure's list, only
 * the rows shown until Export or Print (or an export) has described every record. */
CustcareDashboardTable *custcare_dashboard_report_get_table      (CustcareDashboardReport       *self);
/* How many records are behind the figure (the table may hold only the first ones). */
guint                   custcare_dashboard_report_get_n_records  (CustcareDashboardReport       *self);
void                    custcare_dashboard_report_export_csv_async  (CustcareDashboardReport    *self,
                                                                     GFile                      *file,
                                                                     GCancellable               *cancellable,
                                                                     GAsyncReadyCallback         callback,
                                                                     gpointer                    user_data);
gboolean                custcare_dashboard_report_export_csv_finish (CustcareDashboardReport    *self,
                                                                     GAsyncResult               *result,
                                                                     GError                    **error);

G_END_DECLS
