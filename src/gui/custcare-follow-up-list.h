/* custcare-follow-up-list.h — the Follow-ups section of the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-interactions.h"
#include "custcare-store.h"

G_BEGIN_DECLS

/* Rows listed per section; the heading tells how many more there are. */
#define CUSTCARE_FOLLOW_UP_LIST_LIMIT 50

#define CUSTCARE_TYPE_FOLLOW_UP_LIST (custcare_follow_up_list_get_type ())
G_DECLARE_FINAL_TYPE (CustcareFollowUpList, custcare_follow_up_list, CUSTCARE, FOLLOW_UP_LIST, AdwBin)

GtkWidget     *custcare_follow_up_list_new       (CustcareStore         *store);
/* Without a store, the list takes its window's application's store once it is shown. */
CustcareStore *custcare_follow_up_list_get_store (CustcareFollowUpList  *self);
void           custcare_follow_up_list_set_store (CustcareFollowUpList  *self,
                                                  CustcareStore         *store);
void           custcare_follow_up_list_reload    (CustcareFollowUpList  *self);
/* The rows of one section, for tests: a GtkListBox of AdwActionRows. */
GtkListBox    *custcare_follow_up_list_get_rows  (CustcareFollowUpList  *self,
                                                  CustcareFollowUpState  state);

G_END_DECLS
