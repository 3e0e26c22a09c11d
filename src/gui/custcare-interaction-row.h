/* custcare-interaction-row.h — one entry of a customer's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-interactions.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_INTERACTION_ROW (custcare_interaction_row_get_type ())
G_DECLARE_FINAL_TYPE (CustcareInteractionRow, custcare_interaction_row, CUSTCARE, INTERACTION_ROW, GtkWidget)

GtkWidget           *custcare_interaction_row_new             (void);
CustcareInteraction *custcare_interaction_row_get_interaction (CustcareInteractionRow *self);
void                 custcare_interaction_row_set_interaction (CustcareInteractionRow *self,
                                                               CustcareInteraction    *interaction);

/* "Tue 12 May 2026, 14:05", in the user's zone; "Today, 14:05" and "Yesterday, 09:10" for the
 * last two days. Shared with the follow-ups list. */
char                *custcare_interaction_format_time         (gint64                  when);
/* The line that says what happened: the subject, else the first line of the notes. */
char                *custcare_interaction_dup_summary         (CustcareInteraction    *interaction);

G_END_DECLS
