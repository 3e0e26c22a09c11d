/* custcare-loyalty-private.h — what the loyalty files of src/core share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "custcare-loyalty.h"
#include "custcare-store-private.h"

G_BEGIN_DECLS

/* Points still held from one positive ledger row, as replayed from the ledger. */
typedef struct
{
  gint64 expires_at;  /* G_MAXINT64 for points that never expire */
  gint64 remaining;
} CustcareLoyaltyLot;

GArray   *_custcare_loyalty_compute_lots     (CustcareStore  *store,
                                              gint64          customer_id,
                                              GError        **error);
gboolean  _custcare_loyalty_expire_customer  (CustcareStore  *store,
                                              gint64          customer_id,
                                              gint64         *expired,
                                              GError        **error);
gint64    _custcare_loyalty_add_months       (gint64          when,
                                              int             months);
gboolean  _custcare_loyalty_balance          (CustcareStore  *store,
                                              gint64          customer_id,
                                              gint64         *balance,
                                              GError        **error);
gboolean  _custcare_loyalty_begin            (CustcareStore  *store,
                                              gboolean       *nested,
                                              GError        **error);
gboolean  _custcare_loyalty_end              (CustcareStore  *store,
                                              gboolean        nested,
                                              gboolean        ok,
                                              GError        **error);

G_END_DECLS
