/* custcare-customer-list.h — the Customers section of the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-customer-list-model.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_CUSTOMER_LIST (custcare_customer_list_get_type ())
G_DECLARE_FINAL_TYPE (CustcareCustomerList, custcare_customer_list, CUSTCARE, CUSTOMER_LIST, AdwBin)

CustcareCustomerList      *custcare_customer_list_find            (GtkWidget            *window);
CustcareCustomerListModel *custcare_customer_list_get_model       (CustcareCustomerList *self);
GtkWidget                 *custcare_customer_list_get_search_entry (CustcareCustomerList *self);
void                       custcare_customer_list_focus_search    (CustcareCustomerList *self);
void                       custcare_customer_list_new_customer    (CustcareCustomerList *self);
void                       custcare_customer_list_open_customer   (CustcareCustomerList *self,
                                                                   gint64                customer_id);
void                       custcare_customer_list_set_segment     (CustcareCustomerList *self,
                                                                   const char           *nick);

G_END_DECLS
