/* custcare-follow-up-notifier.h — desktop notifications for follow-ups that fall due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "custcare-follow-up-monitor.h"

G_BEGIN_DECLS

/* At start-up, this many overdue follow-ups get a notification each; the rest one summary. */
#define CUSTCARE_FOLLOW_UP_NOTIFIER_MAX_AT_START 3

#define CUSTCARE_TYPE_FOLLOW_UP_NOTIFIER (custcare_follow_up_notifier_get_type ())
G_DECLARE_FINAL_TYPE (CustcareFollowUpNotifier, custcare_follow_up_notifier, CUSTCARE, FOLLOW_UP_NOTIFIER, GObject)

CustcareFollowUpNotifier *custcare_follow_up_notifier_new         (GApplication             *application,
                                                                   CustcareStore            *store);
CustcareFollowUpMonitor  *custcare_follow_up_notifier_get_monitor (CustcareFollowUpNotifier *self);
void                      custcare_follow_up_notifier_start       (CustcareFollowUpNotifier *self);
/* The id GApplication knows the notification for @interaction_id by. */
char                     *custcare_follow_up_notifier_dup_id      (gint64                    interaction_id);

G_END_DECLS
