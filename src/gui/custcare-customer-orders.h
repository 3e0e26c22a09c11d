/* custcare-customer-orders.h — a customer's orders, for the customer page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Embed with custcare_customer_orders_new (store, customer_id); activating an order opens it in
 * the window's content pane (or connect to ::order-activated and return TRUE to do it yourself).
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_CUSTOMER_ORDERS (custcare_customer_orders_get_type ())
G_DECLARE_FINAL_TYPE (CustcareCustomerOrders, custcare_customer_orders, CUSTCARE, CUSTOMER_ORDERS, GtkWidget)

GtkWidget *custcare_customer_orders_new             (CustcareStore          *store,
                                                     gint64                  customer_id);
gint64     custcare_customer_orders_get_customer_id (CustcareCustomerOrders *self);
void       custcare_customer_orders_set_customer_id (CustcareCustomerOrders *self,
                                                     gint64                  customer_id);
guint      custcare_customer_orders_get_n_orders    (CustcareCustomerOrders *self);

void       custcare_customer_orders_register_customer_section (void);

G_END_DECLS
