/* custcare-order-editor.h — the dialog for taking a new order or changing one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-orders.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_ORDER_EDITOR (custcare_order_editor_get_type ())
G_DECLARE_FINAL_TYPE (CustcareOrderEditor, custcare_order_editor, CUSTCARE, ORDER_EDITOR, AdwDialog)

/* @order: (nullable): the order to change, or %NULL for a new one
 * @customer_id: for a new order, the customer it is for (0: the user picks one) */
AdwDialog *custcare_order_editor_new             (CustcareStore       *store,
                                                  CustcareOrder       *order,
                                                  gint64               customer_id);
gint64     custcare_order_editor_get_customer_id (CustcareOrderEditor *self);
void       custcare_order_editor_set_customer    (CustcareOrderEditor *self,
                                                  gint64               customer_id);

G_END_DECLS
