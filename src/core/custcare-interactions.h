/* custcare-interactions.h — calls, visits and messages with a customer, and follow-ups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CustcareInteraction is a plain record: one `interactions` row. The custcare_interactions_*
 * functions store and load them (every write one transaction); custcare_follow_ups_* answer what
 * the shop promised to do and when. "Today" is always the user's local day: callers pass the
 * GTimeZone to use (NULL: the local zone), and the current time comes from the store's clock.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_INTERACTION_ERROR (custcare_interaction_error_quark ())

typedef enum
{
  CUSTCARE_INTERACTION_ERROR_INVALID,
  CUSTCARE_INTERACTION_ERROR_NOT_FOUND,
} CustcareInteractionError;

typedef enum
{
  CUSTCARE_CHANNEL_PHONE,
  CUSTCARE_CHANNEL_EMAIL,
  CUSTCARE_CHANNEL_IN_PERSON,
  CUSTCARE_CHANNEL_CHAT,
  CUSTCARE_CHANNEL_SOCIAL,
  CUSTCARE_CHANNEL_LETTER,
  CUSTCARE_CHANNEL_OTHER,
} CustcareChannel;
#define CUSTCARE_N_CHANNELS 7

typedef enum
{
  CUSTCARE_DIRECTION_INBOUND,
  CUSTCARE_DIRECTION_OUTBOUND,
} CustcareDirection;
#define CUSTCARE_N_DIRECTIONS 2

typedef enum
{
  CUSTCARE_OUTCOME_RESOLVED,
  CUSTCARE_OUTCOME_FOLLOW_UP,
  CUSTCARE_OUTCOME_NO_ANSWER,
  CUSTCARE_OUTCOME_LEFT_MESSAGE,
  CUSTCARE_OUTCOME_COMPLAINT,
  CUSTCARE_OUTCOME_INFORMATION,
  CUSTCARE_OUTCOME_SALE,
  CUSTCARE_OUTCOME_OTHER,
} CustcareOutcome;
#define CUSTCARE_N_OUTCOMES 8

/* Where a follow-up stands, seen from the user's local day. */
typedef enum
{
  CUSTCARE_FOLLOW_UP_OVERDUE,     /* due before today */
  CUSTCARE_FOLLOW_UP_DUE_TODAY,   /* due some time today, earlier or later than now */
  CUSTCARE_FOLLOW_UP_UPCOMING,    /* due tomorrow or later */
  CUSTCARE_FOLLOW_UP_DONE,
} CustcareFollowUpState;
#define CUSTCARE_N_FOLLOW_UP_STATES 4

typedef enum
{
  CUSTCARE_SNOOZE_ONE_HOUR,
  CUSTCARE_SNOOZE_TOMORROW,       /* tomorrow at the usual follow-up hour */
  CUSTCARE_SNOOZE_NEXT_WEEK,      /* same weekday next week at the usual hour */
} CustcareSnooze;

/* Follow-ups picked as a date (not a time) fall due at this local hour. */
#define CUSTCARE_FOLLOW_UP_HOUR 9

GQuark      custcare_interaction_error_quark (void);

/* Database spellings ("in-person") and the words a shop owner reads ("In person"). */
const char *custcare_channel_to_string       (CustcareChannel    channel);
gboolean    custcare_channel_from_string     (const char        *text,
                                              CustcareChannel   *out_channel);
const char *custcare_channel_get_label       (CustcareChannel    channel);
const char *custcare_channel_get_icon_name   (CustcareChannel    channel);
const char *custcare_direction_to_string     (CustcareDirection  direction);
gboolean    custcare_direction_from_string   (const char        *text,
                                              CustcareDirection *out_direction);
const char *custcare_direction_get_label     (CustcareDirection  direction);
const char *custcare_outcome_to_string       (CustcareOutcome    outcome);
gboolean    custcare_outcome_from_string     (const char        *text,
                                              CustcareOutcome   *out_outcome);
const char *custcare_outcome_get_label       (CustcareOutcome    outcome);
const char *custcare_follow_up_state_get_label (CustcareFollowUpState state);

#define CUSTCARE_TYPE_INTERACTION (custcare_interaction_get_type ())
G_DECLARE_FINAL_TYPE (CustcareInteraction, custcare_interaction, CUSTCARE, INTERACTION, GObject)

CustcareInteraction *custcare_interaction_new                 (void);
/* A deep copy, id included: what undo re-inserts. */
CustcareInteraction *custcare_interaction_copy                (CustcareInteraction *self);

/* 0 until stored. */
gint64            custcare_interaction_get_id                 (CustcareInteraction *self);
gint64            custcare_interaction_get_customer_id        (CustcareInteraction *self);
void              custcare_interaction_set_customer_id        (CustcareInteraction *self,
                                                               gint64               customer_id);
/* The customer's name as loaded with the row (follow-up lists); "" for a record not loaded. */
const char       *custcare_interaction_get_customer_name      (CustcareInteraction *self);
/* UTC seconds; 0 = "now" when added. */
gint64            custcare_interaction_get_occurred_at        (CustcareInteraction *self);
void              custcare_interaction_set_occurred_at        (CustcareInteraction *self,
                                                               gint64               occurred_at);
CustcareChannel   custcare_interaction_get_channel            (CustcareInteraction *self);
void              custcare_interaction_set_channel            (CustcareInteraction *self,
                                                               CustcareChannel      channel);
CustcareDirection custcare_interaction_get_direction          (CustcareInteraction *self);
void              custcare_interaction_set_direction          (CustcareInteraction *self,
                                                               CustcareDirection    direction);
const char       *custcare_interaction_get_subject            (CustcareInteraction *self);
void              custcare_interaction_set_subject            (CustcareInteraction *self,
                                                               const char          *subject);
const char       *custcare_interaction_get_notes              (CustcareInteraction *self);
void              custcare_interaction_set_notes              (CustcareInteraction *self,
                                                               const char          *notes);
CustcareOutcome   custcare_interaction_get_outcome            (CustcareInteraction *self);
void              custcare_interaction_set_outcome            (CustcareInteraction *self,
                                                               CustcareOutcome      outcome);
/* 1–5, or 0 when not rated. */
int               custcare_interaction_get_satisfaction       (CustcareInteraction *self);
void              custcare_interaction_set_satisfaction       (CustcareInteraction *self,
                                                               int                  satisfaction);
/* 0 when not linked to an order. */
gint64            custcare_interaction_get_order_id           (CustcareInteraction *self);
void              custcare_interaction_set_order_id           (CustcareInteraction *self,
                                                               gint64               order_id);
/* Seconds, or -1 when unknown. */
gint64            custcare_interaction_get_duration           (CustcareInteraction *self);
void              custcare_interaction_set_duration           (CustcareInteraction *self,
                                                               gint64               duration_seconds);
/* UTC seconds, or 0 for none. Clearing the due date also clears done. */
gint64            custcare_interaction_get_follow_up_due_at   (CustcareInteraction *self);
void              custcare_interaction_set_follow_up_due_at   (CustcareInteraction *self,
                                                               gint64               due_at);
gint64            custcare_interaction_get_follow_up_done_at  (CustcareInteraction *self);
void              custcare_interaction_set_follow_up_done_at  (CustcareInteraction *self,
                                                               gint64               done_at);
gint64            custcare_interaction_get_created_at         (CustcareInteraction *self);
gint64            custcare_interaction_get_updated_at         (CustcareInteraction *self);
gboolean          custcare_interaction_validate               (CustcareInteraction *self,
                                                               GError             **error);

/* The repository. */
gint64               custcare_interactions_add        (CustcareStore        *store,
                                                       CustcareInteraction  *interaction,
                                                       GError              **error);
gboolean             custcare_interactions_update     (CustcareStore        *store,
                                                       CustcareInteraction  *interaction,
                                                       GError              **error);
gboolean             custcare_interactions_delete     (CustcareStore        *store,
                                                       gint64                id,
                                                       CustcareInteraction **out_undo,
                                                       GError              **error);
gboolean             custcare_interactions_restore    (CustcareStore        *store,
                                                       CustcareInteraction  *undo,
                                                       GError              **error);
CustcareInteraction *custcare_interactions_get        (CustcareStore        *store,
                                                       gint64                id,
                                                       GError              **error);
guint                custcare_interactions_count      (CustcareStore        *store,
                                                       gint64                customer_id,
                                                       GError              **error);
/* Newest first. With @after (the last row of the previous page) the page continues after it:
 * keyset paging, as cheap at the thousandth row as at the first. */
GPtrArray           *custcare_interactions_list_page  (CustcareStore        *store,
                                                       gint64                customer_id,
                                                       CustcareInteraction  *after,
                                                       guint                 limit,
                                                       GError              **error);
/* Average over rated interactions (0.0 when none), how many were rated, and the most recent
 * rating (0 when none). */
gboolean             custcare_interactions_get_satisfaction (CustcareStore  *store,
                                                       gint64                customer_id,
                                                       double               *out_average,
                                                       guint                *out_count,
                                                       int                  *out_latest,
                                                       GError              **error);

/* Told after every change made through these functions (add, edit, delete, restore, done,
 * snooze), so lists and reminders can refresh. */
typedef void (*CustcareInteractionsChangedFunc) (gpointer user_data);

gulong               custcare_interactions_watch      (CustcareStore                  *store,
                                                       CustcareInteractionsChangedFunc func,
                                                       gpointer                        user_data);
void                 custcare_interactions_unwatch    (CustcareStore                  *store,
                                                       gulong                          watch_id);

/* Follow-ups. @tz NULL means the user's local zone. */
void                  custcare_follow_up_get_day      (gint64                now,
                                                       GTimeZone             *tz,
                                                       gint64                *out_start,
                                                       gint64                *out_end);
CustcareFollowUpState custcare_follow_up_get_state    (gint64                due_at,
                                                       gint64                done_at,
                                                       gint64                now,
                                                       GTimeZone             *tz);
gint64                custcare_follow_up_due_for_date (GTimeZone             *tz,
                                                       int                    year,
                                                       int                    month,
                                                       int                    day);
gint64                custcare_follow_up_snooze_until (CustcareSnooze         snooze,
                                                       gint64                 now,
                                                       GTimeZone             *tz);
/* Open follow-ups in @state, soonest due first (done: most recently done first). */
GPtrArray            *custcare_follow_ups_list        (CustcareStore         *store,
                                                       CustcareFollowUpState  state,
                                                       GTimeZone             *tz,
                                                       guint                  limit,
                                                       GError               **error);
gboolean              custcare_follow_ups_count       (CustcareStore         *store,
                                                       GTimeZone             *tz,
                                                       guint                  out_counts[CUSTCARE_N_FOLLOW_UP_STATES],
                                                       GError               **error);
/* Open follow-ups with @from < due ≤ @to, soonest first. */
GPtrArray            *custcare_follow_ups_list_due_between (CustcareStore    *store,
                                                       gint64                 from,
                                                       gint64                 to,
                                                       GError               **error);
/* The soonest due time after @after among open follow-ups, or 0. */
gint64                custcare_follow_ups_next_due    (CustcareStore         *store,
                                                       gint64                 after,
                                                       GError               **error);
gboolean              custcare_follow_ups_set_done    (CustcareStore         *store,
                                                       gint64                 id,
                                                       gboolean               done,
                                                       GError               **error);
gboolean              custcare_follow_ups_snooze      (CustcareStore         *store,
                                                       gint64                 id,
                                                       gint64                 due_at,
                                                       GError               **error);

G_END_DECLS
