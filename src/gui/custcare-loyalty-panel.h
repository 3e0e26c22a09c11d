/* custcare-loyalty-panel.h — a customer's points: balance, tier, expiring points, history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_LOYALTY_PANEL (custcare_loyalty_panel_get_type ())
G_DECLARE_FINAL_TYPE (CustcareLoyaltyPanel, custcare_loyalty_panel, CUSTCARE, LOYALTY_PANEL, AdwBin)

GtkWidget *custcare_loyalty_panel_new             (CustcareStore        *store);
gint64     custcare_loyalty_panel_get_customer_id (CustcareLoyaltyPanel *self);
void       custcare_loyalty_panel_set_customer_id (CustcareLoyaltyPanel *self,
                                                   gint64                customer_id);
void       custcare_loyalty_panel_reload          (CustcareLoyaltyPanel *self);

void       custcare_loyalty_panel_register_customer_section (void);

G_END_DECLS
