/* custcare-order-row.h — one order in a list: number, customer, status, total, due date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-orders.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_ORDER_ROW (custcare_order_row_get_type ())
G_DECLARE_FINAL_TYPE (CustcareOrderRow, custcare_order_row, CUSTCARE, ORDER_ROW, GtkWidget)

GtkWidget     *custcare_order_row_new         (void);
CustcareOrder *custcare_order_row_get_order   (CustcareOrderRow *self);
/* @now: the moment "overdue" is judged against (UTC Unix seconds). */
void           custcare_order_row_set_order   (CustcareOrderRow *self,
                                               CustcareOrder    *order,
                                               gint64            now);
/* Whether the row shows the customer's name (not on a customer's own page). */
void           custcare_order_row_set_show_customer (CustcareOrderRow *self,
                                                     gboolean          show_customer);

/* Shared with the order page and printing: a date in the user's locale, "" for 0. */
char          *custcare_order_format_date     (gint64            unix_time);
/* A libadwaita style class for a status label ("accent", "success"...). */
const char    *custcare_order_status_style_class (CustcareOrderStatus status);

G_END_DECLS
