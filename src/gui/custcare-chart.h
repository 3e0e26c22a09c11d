/* custcare-chart.h — a small bar or line chart, drawn with GtkSnapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  CUSTCARE_CHART_BARS,
  CUSTCARE_CHART_LINE,
} CustcareChartKind;

#define CUSTCARE_TYPE_CHART (custcare_chart_get_type ())
G_DECLARE_FINAL_TYPE (CustcareChart, custcare_chart, CUSTCARE, CHART, GtkWidget)

GtkWidget         *custcare_chart_new             (CustcareChartKind   kind,
                                                   const char         *title);
void               custcare_chart_set_kind        (CustcareChart      *self,
                                                   CustcareChartKind   kind);
const char        *custcare_chart_get_title       (CustcareChart      *self);
void               custcare_chart_set_title       (CustcareChart      *self,
                                                   const char         *title);
/* @labels: short names of the points ("Mar"); @values: the heights, NAN for no value (no rating
 * that month); @value_texts: how each value is written ("4.5", "60 %", "—"); @max: the top of
 * the scale, or 0 to take the largest value. */
void               custcare_chart_set_data        (CustcareChart      *self,
                                                   guint               n_points,
                                                   const char * const *labels,
                                                   const double       *values,
                                                   const char * const *value_texts,
                                                   double              max);
guint              custcare_chart_get_n_points    (CustcareChart      *self);
/* What a screen reader is told: every label with its value. */
char              *custcare_chart_dup_description (CustcareChart      *self);
/* The point under @x (widget coordinates), or -1. */
int                custcare_chart_get_point_at    (CustcareChart      *self,
                                                   double              x);

G_END_DECLS
