/* custcare-outbox-dialog.h — the emails waiting, sent and failed, with Retry and Discard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_OUTBOX_DIALOG (custcare_outbox_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CustcareOutboxDialog, custcare_outbox_dialog, CUSTCARE, OUTBOX_DIALOG, AdwDialog)

CustcareOutboxDialog *custcare_outbox_dialog_new    (CustcareStore        *store);
/* Reads the outbox again (done by itself whenever the mail worker reports a change). */
void                  custcare_outbox_dialog_reload (CustcareOutboxDialog *self);

G_END_DECLS
