/* custcare-customer-page.h — one customer, in the window's content pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-customer.h"
#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_CUSTOMER_PAGE (custcare_customer_page_get_type ())
G_DECLARE_FINAL_TYPE (CustcareCustomerPage, custcare_customer_page, CUSTCARE, CUSTOMER_PAGE, AdwBin)

/* Opens an existing customer (a read error shows in the page) ... */
CustcareCustomerPage *custcare_customer_page_new          (CustcareStore        *store,
                                                            gint64                customer_id);
/* ... or a new, unsaved one, which is saved with the page's Create button. */
CustcareCustomerPage *custcare_customer_page_new_draft    (CustcareStore        *store);

gint64                custcare_customer_page_get_customer_id (CustcareCustomerPage *self);
CustcareStore        *custcare_customer_page_get_store    (CustcareCustomerPage *self);
CustcareCustomer     *custcare_customer_page_get_customer (CustcareCustomerPage *self);
char                 *custcare_customer_page_dup_title    (CustcareCustomerPage *self);

/**
 * custcare_customer_page_add_section:
 * @widget: what the section shows (it gets the page's customer id from
 *   custcare_customer_page_get_customer_id() and should reload when the "customer-saved" signal fires)
 * @name: a stable id ("interactions", "orders", "loyalty")
 * @title: shown in the page's view switcher ("Interactions")
 * @icon_name: a symbolic icon for narrow windows
 *
 * THE place where other features put their part of the customer page (interaction timeline,
 * orders, loyalty): each becomes a tab next to Overview, in the order added. Sections are added
 * by the providers registered with custcare_customer_page_add_section_provider().
 */
void                  custcare_customer_page_add_section  (CustcareCustomerPage *self,
                                                            GtkWidget            *widget,
                                                            const char           *name,
                                                            const char           *title,
                                                            const char           *icon_name);
GtkWidget            *custcare_customer_page_get_section  (CustcareCustomerPage *self,
                                                            const char           *name);
void                  custcare_customer_page_show_section (CustcareCustomerPage *self,
                                                            const char           *name);

/* Called for every customer page that is created (new pages of saved customers only), so each
 * feature can add its section in one line at startup, without the customers code knowing it:
 *
 *   static void add_orders (CustcareCustomerPage *page, gpointer data)
 *   {
 *     custcare_customer_page_add_section (page, my_orders_widget_new (...), "orders", _("Orders"),
 *                                         "package-x-generic-symbolic");
 *   }
 *   custcare_customer_page_add_section_provider (add_orders, NULL);
 */
typedef void (*CustcareCustomerSectionProvider) (CustcareCustomerPage *page,
                                                 gpointer              user_data);

void                  custcare_customer_page_add_section_provider (CustcareCustomerSectionProvider provider,
                                                                   gpointer                        user_data);

G_END_DECLS
