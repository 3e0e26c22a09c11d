/* custcare-customer-privacy.h — Export Customer Data… and Erase Personal Data… of the customer page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

typedef void (*CustcarePrivacyDoneFunc) (GtkWidget *page,
                                         gboolean   erased);

/* The save dialog for the customer's JSON file; the file chosen goes to the page's
 * customer.export-data-to action (a URI). */
void custcare_customer_privacy_choose_export (GtkWidget     *page,
                                              const char    *customer_title);
/* Writes everything held about @customer_id to @file off the main thread, then a toast. */
void custcare_customer_privacy_export        (GtkWidget     *page,
                                              CustcareStore *store,
                                              gint64         customer_id,
                                              GFile         *file);
/* The destructive confirmation; on Erase, erases off the main thread and calls @done (with
 * TRUE when the customer was erased, also when only the file rewrite has to wait). */
void custcare_customer_privacy_confirm_erase (GtkWidget              *page,
                                              CustcareStore          *store,
                                              gint64                  customer_id,
                                              const char             *customer_title,
                                              CustcarePrivacyDoneFunc done);

G_END_DECLS
