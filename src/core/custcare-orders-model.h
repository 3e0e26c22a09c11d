/* custcare-orders-model.h — a list of orders, paged from the database as it is scrolled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "custcare-orders.h"

G_BEGIN_DECLS

typedef enum
{
  CUSTCARE_ORDERS_FILTER_ALL,            /* newest first */
  CUSTCARE_ORDERS_FILTER_STATUS,         /* one status, newest first */
  CUSTCARE_ORDERS_FILTER_OPEN,           /* new, confirmed or in progress, newest first */
  CUSTCARE_ORDERS_FILTER_OVERDUE,        /* past due and still open, most overdue first */
  CUSTCARE_ORDERS_FILTER_DUE_THIS_WEEK,  /* still open, due from today to the end of the week, soonest first */
} CustcareOrdersFilter;

#define CUSTCARE_ORDERS_MODEL_PAGE_SIZE 100

#define CUSTCARE_TYPE_ORDERS_MODEL (custcare_orders_model_get_type ())
G_DECLARE_FINAL_TYPE (CustcareOrdersModel, custcare_orders_model, CUSTCARE, ORDERS_MODEL, GObject)

CustcareOrdersModel *custcare_orders_model_new             (CustcareStore        *store);
CustcareStore       *custcare_orders_model_get_store       (CustcareOrdersModel  *self);
void                 custcare_orders_model_set_filter      (CustcareOrdersModel  *self,
                                                            CustcareOrdersFilter  filter,
                                                            CustcareOrderStatus   status);
CustcareOrdersFilter custcare_orders_model_get_filter      (CustcareOrdersModel  *self);
/* 0 = every customer. */
void                 custcare_orders_model_set_customer_id (CustcareOrdersModel  *self,
                                                            gint64                customer_id);
gint64               custcare_orders_model_get_customer_id (CustcareOrdersModel  *self);
/* Re-reads from the first page (after an order was added or changed). */
gboolean             custcare_orders_model_reload          (CustcareOrdersModel  *self,
                                                            GError              **error);
/* Appends the next page now; FALSE when there is nothing more (or on error). */
gboolean             custcare_orders_model_load_more       (CustcareOrdersModel  *self,
                                                            GError              **error);
gboolean             custcare_orders_model_is_complete     (CustcareOrdersModel  *self);
/* The moment "now" was taken for the overdue and due-this-week filters. */
gint64               custcare_orders_model_get_now         (CustcareOrdersModel  *self);

G_END_DECLS
