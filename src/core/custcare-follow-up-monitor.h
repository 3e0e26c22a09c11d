/* custcare-follow-up-monitor.h — tells the app when a promised follow-up falls due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "custcare-interactions.h"

G_BEGIN_DECLS

/* The monitor never sleeps longer than this, so it catches up after a suspend, a clock change or a
 * follow-up written by another program. */
#define CUSTCARE_FOLLOW_UP_MONITOR_MAX_SLEEP (15 * 60)

#define CUSTCARE_TYPE_FOLLOW_UP_MONITOR (custcare_follow_up_monitor_get_type ())
G_DECLARE_FINAL_TYPE (CustcareFollowUpMonitor, custcare_follow_up_monitor, CUSTCARE, FOLLOW_UP_MONITOR, GObject)

CustcareFollowUpMonitor *custcare_follow_up_monitor_new             (CustcareStore           *store);
CustcareStore           *custcare_follow_up_monitor_get_store       (CustcareFollowUpMonitor *self);
GTimeZone               *custcare_follow_up_monitor_get_time_zone   (CustcareFollowUpMonitor *self);
void                     custcare_follow_up_monitor_set_time_zone   (CustcareFollowUpMonitor *self,
                                                                     GTimeZone               *tz);
void                     custcare_follow_up_monitor_start           (CustcareFollowUpMonitor *self);
void                     custcare_follow_up_monitor_stop            (CustcareFollowUpMonitor *self);
gboolean                 custcare_follow_up_monitor_get_running     (CustcareFollowUpMonitor *self);
void                     custcare_follow_up_monitor_check           (CustcareFollowUpMonitor *self);
/* When (UTC seconds, by the store's clock) the armed timeout fires; 0 when stopped. */
gint64                   custcare_follow_up_monitor_get_next_wakeup (CustcareFollowUpMonitor *self);

G_END_DECLS
