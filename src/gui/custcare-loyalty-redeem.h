/* custcare-loyalty-redeem.h — the "Spend Points" dialog for an order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

/* Called after points were spent on the order (the order's points value changed). */
typedef void (*CustcareLoyaltyRedeemed) (gint64   order_id,
                                         gint64   points,
                                         gpointer user_data);

AdwDialog *custcare_loyalty_redeem_dialog_present (CustcareStore           *store,
                                                   gint64                   order_id,
                                                   GtkWidget               *parent,
                                                   CustcareLoyaltyRedeemed  redeemed,
                                                   gpointer                 user_data,
                                                   GDestroyNotify           destroy);

G_END_DECLS
