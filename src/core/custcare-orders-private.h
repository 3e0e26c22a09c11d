/* custcare-orders-private.h — what the order files of src/core share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "custcare-orders-model.h"
#include "custcare-orders.h"
#include "custcare-store-private.h"

G_BEGIN_DECLS

/* An `orders` row as read (with the customer's name joined in). */
typedef struct
{
  gint64               id;
  const char          *number;
  gint64               customer_id;
  const char          *customer_name;
  gint64               placed_at;
  CustcareOrderStatus  status;
  CustcareFulfilment   fulfilment;
  gint64               due_at;
  const char          *carrier;
  const char          *tracking_number;
  const char          *notes;
  const char          *currency;
  gint64               subtotal;
  gint64               discount;
  gint64               total;
  gint64               points_redeemed;
  gint64               points_value;
  gint64               refunded;
  gint64               completed_at;
  gint64               created_at;
  gint64               updated_at;
} CustcareOrderStored;

/* The column list every order query selects, in the order _custcare_order_from_row() reads. */
#define CUSTCARE_ORDER_COLUMNS                                                                      \
  "o.id, o.number, o.customer_id, "                                                                 \
  "CASE WHEN c.display_name <> '' THEN c.display_name "                                             \
  "     WHEN trim (c.given_name || ' ' || c.family_name) <> '' THEN trim (c.given_name || ' ' || c.family_name) " \
  "     ELSE c.company END, "                                                                       \
  "o.placed_at, o.status, o.fulfilment, o.due_at, o.carrier, o.tracking_number, o.notes, o.currency, " \
  "o.subtotal, o.discount, o.total, o.points_redeemed, o.points_value, o.refunded, o.completed_at, " \
  "o.created_at, o.updated_at"

void           _custcare_order_set_stored       (CustcareOrder             *self,
                                                 const CustcareOrderStored *stored);
void           _custcare_order_set_lines_loaded (CustcareOrder             *self);
void           _custcare_order_set_identity     (CustcareOrder             *self,
                                                 gint64                     id,
                                                 const char                *number,
                                                 gint64                     placed_at,
                                                 gint64                     created_at);
/* Builds a summary order (no lines) from a row selected with CUSTCARE_ORDER_COLUMNS at @first. */
CustcareOrder *_custcare_order_from_row         (CustcareStmt              *stmt,
                                                 int                        first);

/* The query a page of @filter is read with (for EXPLAIN QUERY PLAN in the tests). */
const char    *_custcare_orders_model_sql       (CustcareOrdersFilter       filter,
                                                 gboolean                   by_customer);

/* Every CustcareOrdersModel on @store reloads soon (after an order was written). */
void           _custcare_orders_model_store_changed (CustcareStore         *store);

G_END_DECLS
