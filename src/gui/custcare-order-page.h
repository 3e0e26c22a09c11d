/* custcare-order-page.h — one order in the content pane: lines, totals, fulfilment, status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-orders.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_ORDER_PAGE (custcare_order_page_get_type ())
G_DECLARE_FINAL_TYPE (CustcareOrderPage, custcare_order_page, CUSTCARE, ORDER_PAGE, AdwBin)

GtkWidget     *custcare_order_page_new            (CustcareStore     *store,
                                                   gint64             order_id);
gint64         custcare_order_page_get_order_id   (CustcareOrderPage *self);
/* The order as shown, including a status change still waiting for its undo toast to close. */
CustcareOrder *custcare_order_page_get_order      (CustcareOrderPage *self);
/* Makes a status change that is waiting for its undo toast final now. */
gboolean       custcare_order_page_commit_pending (CustcareOrderPage *self);

/* Opens order @order_id in the window that holds @widget. */
void           custcare_order_page_show           (GtkWidget         *widget,
                                                   CustcareStore     *store,
                                                   gint64             order_id);

G_END_DECLS
