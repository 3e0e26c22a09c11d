/* custcare-email-preferences.h — Preferences → Email: the mail account, templates, outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_EMAIL_PREFERENCES (custcare_email_preferences_get_type ())
G_DECLARE_FINAL_TYPE (CustcareEmailPreferences, custcare_email_preferences, CUSTCARE, EMAIL_PREFERENCES,
                      AdwPreferencesPage)

CustcareEmailPreferences *custcare_email_preferences_new (CustcareStore *store);

G_END_DECLS
