/* custcare-interaction-list.h — a customer's interactions, for the customer page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_INTERACTION_LIST (custcare_interaction_list_get_type ())
G_DECLARE_FINAL_TYPE (CustcareInteractionList, custcare_interaction_list, CUSTCARE, INTERACTION_LIST, AdwBin)

GtkWidget  *custcare_interaction_list_new             (CustcareStore           *store,
                                                       gint64                   customer_id);
GtkWidget  *custcare_interaction_list_new_page         (CustcareStore           *store,
                                                       gint64                   customer_id,
                                                       char                   **out_title,
                                                       GError                 **error);
void        custcare_interaction_list_register_customer_section (void);
gint64      custcare_interaction_list_get_customer_id (CustcareInteractionList *self);
GListModel *custcare_interaction_list_get_model       (CustcareInteractionList *self);

G_END_DECLS
