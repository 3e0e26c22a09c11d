/* custcare-customer-list-model.h — the customer list, paged from the database on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "custcare-customer-search.h"
#include "custcare-customer-summary.h"
#include "custcare-store.h"

G_BEGIN_DECLS

/* Rows fetched per database round trip, and how many such pages stay in memory. */
#define CUSTCARE_CUSTOMER_LIST_PAGE_SIZE 100
#define CUSTCARE_CUSTOMER_LIST_MAX_PAGES 24

#define CUSTCARE_TYPE_CUSTOMER_LIST_MODEL (custcare_customer_list_model_get_type ())
G_DECLARE_FINAL_TYPE (CustcareCustomerListModel, custcare_customer_list_model, CUSTCARE, CUSTOMER_LIST_MODEL, GObject)

CustcareCustomerListModel   *custcare_customer_list_model_new           (CustcareStore               *store);
CustcareStore               *custcare_customer_list_model_get_store     (CustcareCustomerListModel   *self);
const CustcareCustomerQuery *custcare_customer_list_model_get_query     (CustcareCustomerListModel   *self);
void                         custcare_customer_list_model_set_query     (CustcareCustomerListModel   *self,
                                                                         const CustcareCustomerQuery *query);
void                         custcare_customer_list_model_reload        (CustcareCustomerListModel   *self);
gboolean                     custcare_customer_list_model_get_capped    (CustcareCustomerListModel   *self);
gboolean                     custcare_customer_list_model_get_searching (CustcareCustomerListModel   *self);
const GError                *custcare_customer_list_model_get_error     (CustcareCustomerListModel   *self);
guint                        custcare_customer_list_model_get_n_cached_pages (CustcareCustomerListModel *self);

G_END_DECLS
