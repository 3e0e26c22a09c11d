/* custcare-log-call-dialog.h — log a call (or any interaction) without touching the mouse
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-interactions.h"
#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_LOG_CALL_DIALOG (custcare_log_call_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CustcareLogCallDialog, custcare_log_call_dialog, CUSTCARE, LOG_CALL_DIALOG, AdwDialog)

/* A call in progress: find the caller as you type; the call timer runs. */
CustcareLogCallDialog *custcare_log_call_dialog_new                 (CustcareStore         *store);
/* A past interaction with a known customer (from the customer's timeline): no timer. */
CustcareLogCallDialog *custcare_log_call_dialog_new_for_customer    (CustcareStore         *store,
                                                                     gint64                 customer_id);
/* Edit a stored interaction. */
CustcareLogCallDialog *custcare_log_call_dialog_new_for_interaction (CustcareStore         *store,
                                                                     CustcareInteraction   *interaction);
void                   custcare_log_call_dialog_set_customer        (CustcareLogCallDialog *self,
                                                                     gint64                 customer_id);
gint64                 custcare_log_call_dialog_get_customer_id     (CustcareLogCallDialog *self);
/* Seconds the call timer has run. */
gint64                 custcare_log_call_dialog_get_elapsed         (CustcareLogCallDialog *self);

G_END_DECLS
