/* custcare-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_APPLICATION (custcare_application_get_type ())
G_DECLARE_FINAL_TYPE (CustcareApplication, custcare_application, CUSTCARE, APPLICATION, AdwApplication)

CustcareApplication *custcare_application_new       (void);
CustcareStore       *custcare_application_get_store (CustcareApplication *self);
const GError        *custcare_application_get_store_error (CustcareApplication *self);
void                 custcare_application_restart   (CustcareApplication *self);
gboolean             custcare_application_get_restart_requested (CustcareApplication *self);

G_END_DECLS
