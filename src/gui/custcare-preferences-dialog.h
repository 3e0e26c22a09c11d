/* custcare-preferences-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_PREFERENCES_DIALOG (custcare_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CustcarePreferencesDialog, custcare_preferences_dialog, CUSTCARE, PREFERENCES_DIALOG, AdwPreferencesDialog)

CustcarePreferencesDialog *custcare_preferences_dialog_new (CustcareStore *store);

G_END_DECLS
