/* custcare-order-list.h — the Orders section of the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-orders-model.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_ORDER_LIST (custcare_order_list_get_type ())
G_DECLARE_FINAL_TYPE (CustcareOrderList, custcare_order_list, CUSTCARE, ORDER_LIST, GtkWidget)

CustcareOrdersModel *custcare_order_list_get_model (CustcareOrderList *self);
/* Filter choices in the order the dropdown lists them. */
void                 custcare_order_list_set_filter_index (CustcareOrderList *self,
                                                           guint              index);

G_END_DECLS
