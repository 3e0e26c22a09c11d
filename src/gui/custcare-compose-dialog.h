/* custcare-compose-dialog.h — write an email to a customer from a template, and queue it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the customer and order pages:
 *
 *   adw_dialog_present (ADW_DIALOG (custcare_compose_dialog_new (store, customer_id, order_id, NULL)),
 *                       GTK_WIDGET (page));
 *
 * The consent rules apply (custcare-outbox.c): the dialog says why it cannot send, if it cannot.
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_COMPOSE_DIALOG (custcare_compose_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CustcareComposeDialog, custcare_compose_dialog, CUSTCARE, COMPOSE_DIALOG, AdwDialog)

/* @order_id: 0 for none (then only templates that need no order are offered). @template_id: NULL
 * to start with the one that fits (order confirmed for an order, else follow-up). */
CustcareComposeDialog *custcare_compose_dialog_new  (CustcareStore         *store,
                                                     gint64                 customer_id,
                                                     gint64                 order_id,
                                                     const char            *template_id);
/* Queues the message as written (what the Send button does); returns the outbox id or 0. */
gint64                 custcare_compose_dialog_send (CustcareComposeDialog *self,
                                                     GError               **error);

G_END_DECLS
