/* custcare-order-hooks.h — what happens elsewhere when an order changes status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order pipeline (custcare-orders.c) calls _custcare_order_hooks_run() in exactly one place:
 * inside the transaction that changes an order's status, after the status and its history row are
 * written. Loyalty is part of src/core and is called directly from there, so points and status
 * always commit (or roll back) together. Features outside src/core (email) register a hook with
 * custcare_store_add_order_hook(); a hook that fails rolls the whole status change back.
 */
#pragma once

#include "custcare-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      order_id;
  gint64      customer_id;
  const char *from_status;   /* e.g. "shipped" */
  const char *to_status;     /* e.g. "returned" */
  gint64      refund;        /* minor units refunded by this change (returns, cancellations), else 0 */
  const char *note;
} CustcareOrderTransition;

typedef gboolean (*CustcareOrderHook) (CustcareStore                 *store,
                                       const CustcareOrderTransition *transition,
                                       gpointer                       user_data,
                                       GError                       **error);

void     custcare_store_add_order_hook    (CustcareStore                 *store,
                                           CustcareOrderHook              hook,
                                           gpointer                       user_data,
                                           GDestroyNotify                 destroy);
gboolean _custcare_order_hooks_run        (CustcareStore                 *store,
                                           const CustcareOrderTransition *transition,
                                           GError                       **error);

/* Implemented by the loyalty feature (custcare-loyalty.c): earn on completion, take back on
 * cancellation/return in proportion to the refund, give back redeemed points. */
gboolean _custcare_loyalty_order_transition (CustcareStore                 *store,
                                             const CustcareOrderTransition *transition,
                                             GError                       **error);

G_END_DECLS
