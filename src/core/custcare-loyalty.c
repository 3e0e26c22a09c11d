/* custcare-loyalty.c — loyalty points
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Placeholder until the loyalty feature lands: order status changes award nothing yet.
 */
#define G_LOG_DOMAIN "custcare-loyalty"

#include "config.h"

#include "custcare-order-hooks.h"

gboolean
_custcare_loyalty_order_transition (CustcareStore                 *store,
                                    const CustcareOrderTransition *transition,
                                    GError                       **error)
{
  return TRUE;
}
