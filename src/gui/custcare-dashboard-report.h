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

/* Rows shown on screen; Export and Print always take every row. */
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
/* (transfer none) (nullable): %NULL while loading or after an error */
CustcareDashboardTable *custcare_dashboard_report_get_table      (CustcareDashboardReport       *self);

G_END_DECLS
