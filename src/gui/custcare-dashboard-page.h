/* custcare-dashboard-page.h — the Dashboard section of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-chart.h"
#include "custcare-dashboard-table.h"
#include "custcare-reports.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_DASHBOARD_PAGE (custcare_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (CustcareDashboardPage, custcare_dashboard_page, CUSTCARE, DASHBOARD_PAGE, AdwBin)

CustcareDashboardPage  *custcare_dashboard_page_find              (GtkWidget                  *window);
void                    custcare_dashboard_page_set_store         (CustcareDashboardPage      *self,
                                                                   CustcareStore              *store);
/* Recomputes every figure now (stale computations are cancelled). */
void                    custcare_dashboard_page_refresh           (CustcareDashboardPage      *self);
void                    custcare_dashboard_page_set_period        (CustcareDashboardPage      *self,
                                                                   const CustcareReportPeriod *period);
const CustcareReportPeriod *custcare_dashboard_page_get_period    (CustcareDashboardPage      *self);
void                    custcare_dashboard_page_set_churn_days    (CustcareDashboardPage      *self,
                                                                   int                         days);
/* TRUE while any figure is still being computed. */
gboolean                custcare_dashboard_page_get_loading       (CustcareDashboardPage      *self);
/* (transfer none) (nullable): the figures of @section shown, %NULL while it is being computed */
CustcareDashboardData  *custcare_dashboard_page_get_data          (CustcareDashboardPage      *self,
                                                                   CustcareReportSections      section);
/* The card or row showing a figure (@detail: the status or segment), what a click activates. */
GtkWidget              *custcare_dashboard_page_get_figure_widget (CustcareDashboardPage      *self,
                                                                   CustcareReportFigure        figure,
                                                                   int                         detail);
/* The figure as shown ("12", "40 %", "…" while computing). */
const char             *custcare_dashboard_page_get_figure_text   (CustcareDashboardPage      *self,
                                                                   CustcareReportFigure        figure,
                                                                   int                         detail);
/* @name: "new-customers", "retention" or "satisfaction" */
CustcareChart          *custcare_dashboard_page_get_chart         (CustcareDashboardPage      *self,
                                                                   const char                 *name);
/* The tables behind the charts ("months") and the top customers ("top-customers"), for export. */
CustcareDashboardTable *custcare_dashboard_page_dup_table         (CustcareDashboardPage      *self,
                                                                   const char                 *name);

G_END_DECLS
