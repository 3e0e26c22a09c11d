/* custcare-customer-merge-dialog.h — merging two customers, choosing field by field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_CUSTOMER_MERGE_DIALOG (custcare_customer_merge_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CustcareCustomerMergeDialog, custcare_customer_merge_dialog, CUSTCARE, CUSTOMER_MERGE_DIALOG,
                      AdwDialog)

/* @other_id 0 lets the user search for the other customer first. */
CustcareCustomerMergeDialog *custcare_customer_merge_dialog_new (CustcareStore *store,
                                                                 gint64         survivor_id,
                                                                 gint64         other_id);
void                         custcare_customer_merge_dialog_choose_other (CustcareCustomerMergeDialog *self,
                                                                          const char                  *field);
gboolean                     custcare_customer_merge_dialog_merge (CustcareCustomerMergeDialog *self);

G_END_DECLS
