/* custcare-interaction-timeline.h — one customer's interactions, newest first, paged on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "custcare-interactions.h"

G_BEGIN_DECLS

/* Rows fetched per database round trip. */
#define CUSTCARE_INTERACTION_TIMELINE_PAGE_SIZE 50

#define CUSTCARE_TYPE_INTERACTION_TIMELINE (custcare_interaction_timeline_get_type ())
G_DECLARE_FINAL_TYPE (CustcareInteractionTimeline, custcare_interaction_timeline, CUSTCARE, INTERACTION_TIMELINE, GObject)

CustcareInteractionTimeline *custcare_interaction_timeline_new             (CustcareStore               *store,
                                                                            gint64                       customer_id);
gint64                       custcare_interaction_timeline_get_customer_id (CustcareInteractionTimeline *self);
void                         custcare_interaction_timeline_reload          (CustcareInteractionTimeline *self);
/* How many rows have been read from the database so far (the rest is read when asked for). */
guint                        custcare_interaction_timeline_get_n_loaded    (CustcareInteractionTimeline *self);

G_END_DECLS
