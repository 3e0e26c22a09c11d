/* custcare-customer-summary.h — one row of the customer list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CUSTCARE_TYPE_CUSTOMER_SUMMARY (custcare_customer_summary_get_type ())
G_DECLARE_FINAL_TYPE (CustcareCustomerSummary, custcare_customer_summary, CUSTCARE, CUSTOMER_SUMMARY, GObject)

gint64      custcare_customer_summary_get_id                  (CustcareCustomerSummary *self);
const char *custcare_customer_summary_get_title               (CustcareCustomerSummary *self);
const char *custcare_customer_summary_get_subtitle            (CustcareCustomerSummary *self);
const char *custcare_customer_summary_get_sort_name           (CustcareCustomerSummary *self);
gboolean    custcare_customer_summary_get_archived            (CustcareCustomerSummary *self);
gint64      custcare_customer_summary_get_last_interaction_at (CustcareCustomerSummary *self);
gint64      custcare_customer_summary_get_created_at          (CustcareCustomerSummary *self);

CustcareCustomerSummary *_custcare_customer_summary_new      (gint64      id,
                                                               const char *title,
                                                               const char *subtitle,
                                                               const char *sort_name,
                                                               gboolean    archived,
                                                               gint64      last_interaction_at,
                                                               gint64      created_at);

G_END_DECLS
