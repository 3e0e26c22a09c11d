/* custcare-loyalty-preferences.h — the Loyalty page of Preferences: rates, expiry, tiers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_LOYALTY_PREFERENCES (custcare_loyalty_preferences_get_type ())
G_DECLARE_FINAL_TYPE (CustcareLoyaltyPreferences, custcare_loyalty_preferences, CUSTCARE, LOYALTY_PREFERENCES,
                      AdwPreferencesPage)

GtkWidget *custcare_loyalty_preferences_new (CustcareStore *store);

G_END_DECLS
