/* custcare-outbox.h — emails waiting to be sent, and what became of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every email goes into the `outbox` table first, in the same transaction as whatever caused it
 * (an order status change), so nothing is lost if the network or the app goes away. The mail
 * worker (src/mail/custcare-outbox-worker.c) claims due messages, sends them and records the
 * outcome here. The consent rules live here too, so no caller can get around them.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_OUTBOX_ERROR (custcare_outbox_error_quark ())

typedef enum
{
  CUSTCARE_OUTBOX_ERROR_DO_NOT_CONTACT,
  CUSTCARE_OUTBOX_ERROR_NO_CONSENT,
  CUSTCARE_OUTBOX_ERROR_NO_ADDRESS,
  CUSTCARE_OUTBOX_ERROR_NOT_FOUND,
  CUSTCARE_OUTBOX_ERROR_INVALID_STATE,
  CUSTCARE_OUTBOX_ERROR_INVALID,
} CustcareOutboxError;

typedef enum
{
  CUSTCARE_OUTBOX_QUEUED,
  CUSTCARE_OUTBOX_SENDING,
  CUSTCARE_OUTBOX_SENT,
  CUSTCARE_OUTBOX_FAILED,
  CUSTCARE_OUTBOX_DISCARDED,
} CustcareOutboxStatus;

/* A temporary failure is retried this many times (with growing pauses) before it counts as failed. */
#define CUSTCARE_OUTBOX_MAX_ATTEMPTS 8

typedef struct
{
  gint64                id;
  gint64                customer_id;   /* 0 if the customer was deleted */
  gint64                order_id;      /* 0 if none */
  char                 *template_id;   /* NULL for a message written by hand */
  gboolean              marketing;
  char                 *to_address;
  char                 *to_name;
  char                 *subject;
  char                 *body;
  CustcareOutboxStatus  status;
  gint64                attempts;
  gint64                next_attempt_at;  /* 0 = none */
  char                 *last_error;
  char                 *message_id;
  gint64                created_at;
  gint64                sent_at;          /* 0 = not sent */
} CustcareOutboxMessage;

#define CUSTCARE_TYPE_OUTBOX_MESSAGE (custcare_outbox_message_get_type ())

GType                  custcare_outbox_message_get_type (void) G_GNUC_CONST;
CustcareOutboxMessage *custcare_outbox_message_copy     (const CustcareOutboxMessage *message);
void                   custcare_outbox_message_free     (CustcareOutboxMessage       *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareOutboxMessage, custcare_outbox_message_free)

GQuark      custcare_outbox_error_quark          (void);
const char *custcare_outbox_status_to_string     (CustcareOutboxStatus  status);
/* "Waiting", "Sent", … for the outbox list. */
const char *custcare_outbox_status_get_label     (CustcareOutboxStatus  status);

/* Checks that @customer_id may receive a message of this kind: never when they asked not to be
 * contacted; marketing only with their consent. */
gboolean    custcare_outbox_check_consent        (CustcareStore        *store,
                                                  gint64                customer_id,
                                                  gboolean              marketing,
                                                  GError              **error);
/* Where a message to @customer_id goes: their first email address, and their name. */
gboolean    custcare_outbox_get_recipient        (CustcareStore        *store,
                                                  gint64                customer_id,
                                                  char                **out_address,
                                                  char                **out_name,
                                                  GError              **error);
/* Queues a message to the customer's first email address. Runs in the caller's transaction if
 * there is one (the order status hook), else in its own. Returns the outbox id or 0. */
gint64      custcare_outbox_queue                (CustcareStore        *store,
                                                  gint64                customer_id,
                                                  gint64                order_id,
                                                  const char           *template_id,
                                                  gboolean              marketing,
                                                  const char           *subject,
                                                  const char           *body,
                                                  GError              **error);
/* Renders @template_id for the customer (and order) and queues it. */
gint64      custcare_outbox_queue_template       (CustcareStore        *store,
                                                  gint64                customer_id,
                                                  gint64                order_id,
                                                  const char           *template_id,
                                                  GError              **error);
/* Registers the order hook that queues the enabled template for each new status. Only queues
 * anything once an email account is set up (settings key mail.smtp-host). */
void        custcare_outbox_add_order_hook       (CustcareStore        *store);

/* For the worker. Takes the next due message and marks it sending (attempts + 1); %NULL with no
 * error set when nothing is due. */
CustcareOutboxMessage *custcare_outbox_claim_next (CustcareStore       *store,
                                                   GError             **error);
/* Seconds until the next queued message is due (0 = now), or -1 if none is queued. */
gint64      custcare_outbox_get_seconds_until_due (CustcareStore       *store);
/* Marks it sent and logs an outbound email interaction on the customer, in one transaction. */
gboolean    custcare_outbox_mark_sent            (CustcareStore        *store,
                                                  gint64                id,
                                                  const char           *message_id,
                                                  GError              **error);
/* A temporary failure goes back into the queue with a pause that grows with each attempt,
 * until CUSTCARE_OUTBOX_MAX_ATTEMPTS; a permanent one is failed at once. */
gboolean    custcare_outbox_mark_failed          (CustcareStore        *store,
                                                  gint64                id,
                                                  const char           *reason,
                                                  gboolean              temporary,
                                                  GError              **error);
/* Messages left "sending" by a crash go back into the queue. */
gboolean    custcare_outbox_recover_interrupted  (CustcareStore        *store,
                                                  GError              **error);
/* Failed (or still queued) → queued now, with a fresh count of attempts. */
gboolean    custcare_outbox_retry                (CustcareStore        *store,
                                                  gint64                id,
                                                  GError              **error);
/* Failed or queued → discarded: kept for the record, never sent. */
gboolean    custcare_outbox_discard              (CustcareStore        *store,
                                                  gint64                id,
                                                  GError              **error);
CustcareOutboxMessage *custcare_outbox_get       (CustcareStore        *store,
                                                  gint64                id,
                                                  GError              **error);
/* Newest first; element type CustcareOutboxMessage. */
GPtrArray  *custcare_outbox_list                 (CustcareStore        *store,
                                                  guint                 limit,
                                                  GError              **error);

G_END_DECLS
