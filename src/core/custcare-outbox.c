/* custcare-outbox.c — emails waiting to be sent, and what became of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "custcare-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-order-hooks.h"
#include "custcare-outbox.h"
#include "custcare-store-private.h"
#include "custcare-templates.h"

G_DEFINE_QUARK (custcare-outbox-error-quark, custcare_outbox_error)
G_DEFINE_BOXED_TYPE (CustcareOutboxMessage, custcare_outbox_message,
                     custcare_outbox_message_copy, custcare_outbox_message_free)

static const char * const status_names[] = { "queued", "sending", "sent", "failed", "discarded" };

/* Pauses before the 2nd, 3rd, … attempt after a temporary failure: quick at first (a server
 * restarting), then spread over most of a day (an outage). */
static const gint64 backoff_seconds[] = { 60, 5 * 60, 15 * 60, 60 * 60, 3 * 60 * 60, 6 * 60 * 60, 12 * 60 * 60 };

#define MESSAGE_COLUMNS \
  "id, coalesce (customer_id, 0), coalesce (order_id, 0), template_id, purpose, to_address, to_name, " \
  "subject, body, status, attempts, coalesce (next_attempt_at, 0), last_error, message_id, created_at, " \
  "coalesce (sent_at, 0)"

CustcareOutboxMessage *
custcare_outbox_message_copy (const CustcareOutboxMessage *message)
{
  CustcareOutboxMessage *copy = g_memdup2 (message, sizeof *message);

  copy->template_id = g_strdup (message->template_id);
  copy->to_address = g_strdup (message->to_address);
  copy->to_name = g_strdup (message->to_name);
  copy->subject = g_strdup (message->subject);
  copy->body = g_strdup (message->body);
  copy->last_error = g_strdup (message->last_error);
  copy->message_id = g_strdup (message->message_id);
  return copy;
}

void
custcare_outbox_message_free (CustcareOutboxMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->template_id);
  g_free (message->to_address);
  g_free (message->to_name);
  g_free (message->subject);
  g_free (message->body);
  g_free (message->last_error);
  g_free (message->message_id);
  g_free (message);
}

const char *
custcare_outbox_status_to_string (CustcareOutboxStatus status)
{
  g_return_val_if_fail (status <= CUSTCARE_OUTBOX_DISCARDED, NULL);

  return status_names[status];
}

const char *
custcare_outbox_status_get_label (CustcareOutboxStatus status)
{
  switch (status)
    {
    case CUSTCARE_OUTBOX_QUEUED:
      return _("Waiting to be sent");
    case CUSTCARE_OUTBOX_SENDING:
      return _("Sending");
    case CUSTCARE_OUTBOX_SENT:
      return _("Sent");
    case CUSTCARE_OUTBOX_FAILED:
      return _("Failed");
    case CUSTCARE_OUTBOX_DISCARDED:
      return _("Discarded");
    default:
      g_return_val_if_reached (NULL);
    }
}

static CustcareOutboxStatus
status_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (status_names[i], text) == 0)
      return i;
  return CUSTCARE_OUTBOX_FAILED;
}

static char *
dup_text (CustcareStmt *stmt,
          int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text ? text : "");
}

static CustcareOutboxMessage *
message_from_row (CustcareStmt *stmt)
{
  CustcareOutboxMessage *message = g_new0 (CustcareOutboxMessage, 1);

  message->id = sqlite3_column_int64 (stmt, 0);
  message->customer_id = sqlite3_column_int64 (stmt, 1);
  message->order_id = sqlite3_column_int64 (stmt, 2);
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    message->template_id = dup_text (stmt, 3);
  message->marketing = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 4), "marketing") == 0;
  message->to_address = dup_text (stmt, 5);
  message->to_name = dup_text (stmt, 6);
  message->subject = dup_text (stmt, 7);
  message->body = dup_text (stmt, 8);
  message->status = status_from_string ((const char *) sqlite3_column_text (stmt, 9));
  message->attempts = sqlite3_column_int64 (stmt, 10);
  message->next_attempt_at = sqlite3_column_int64 (stmt, 11);
  message->last_error = dup_text (stmt, 12);
  message->message_id = dup_text (stmt, 13);
  message->created_at = sqlite3_column_int64 (stmt, 14);
  message->sent_at = sqlite3_column_int64 (stmt, 15);
  return message;
}

gboolean
custcare_outbox_check_consent (CustcareStore  *store,
                               gint64          customer_id,
                               gboolean        marketing,
                               GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  stmt = _custcare_store_prepare (store,
                                  "SELECT do_not_contact, marketing_consent, erased_at IS NOT NULL "
                                  "FROM customers WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_NOT_FOUND,
                   _("This customer no longer exists."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);

  if (sqlite3_column_int (stmt, 0) != 0 || sqlite3_column_int (stmt, 2) != 0)
    {
      g_set_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_DO_NOT_CONTACT,
                   _("This customer asked not to be contacted, so no email was sent."));
      return FALSE;
    }
  if (marketing && sqlite3_column_int (stmt, 1) == 0)
    {
      g_set_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_NO_CONSENT,
                   _("This customer has not agreed to receive marketing emails, so this message was not sent."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
lookup_recipient (CustcareStore  *store,
                  gint64          customer_id,
                  char          **out_address,
                  char          **out_name,
                  GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  stmt = _custcare_store_prepare (store,
                                  "SELECT e.address, "
                                  "  CASE WHEN c.display_name <> '' THEN c.display_name "
                                  "       ELSE trim (c.given_name || ' ' || c.family_name) END "
                                  "FROM customers c JOIN customer_emails e ON e.customer_id = c.id "
                                  "WHERE c.id = ?1 AND e.address <> '' ORDER BY e.position, e.id LIMIT 1",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_NO_ADDRESS,
                   _("This customer has no email address."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);

  *out_address = dup_text (stmt, 0);
  *out_name = dup_text (stmt, 1);
  return TRUE;
}

gboolean
custcare_outbox_get_recipient (CustcareStore  *store,
                               gint64          customer_id,
                               char          **out_address,
                               char          **out_name,
                               GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_address != NULL && out_name != NULL, FALSE);

  return lookup_recipient (store, customer_id, out_address, out_name, error);
}

static gint64
queue_in_transaction (CustcareStore  *store,
                      gint64          customer_id,
                      gint64          order_id,
                      const char     *template_id,
                      gboolean        marketing,
                      const char     *subject,
                      const char     *body,
                      GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autofree char *address = NULL;
  g_autofree char *name = NULL;
  gint64 now = _custcare_store_now (store);

  if (!custcare_outbox_check_consent (store, customer_id, marketing, error))
    return 0;
  if (!lookup_recipient (store, customer_id, &address, &name, error))
    return 0;

  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO outbox (customer_id, order_id, template_id, purpose, to_address, "
                                  "to_name, subject, body, status, next_attempt_at, created_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', ?9, ?9)",
                                  error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (order_id > 0)
    sqlite3_bind_int64 (stmt, 2, order_id);
  if (template_id != NULL)
    sqlite3_bind_text (stmt, 3, template_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, marketing ? "marketing" : "transactional", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, address, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, now);
  if (!_custcare_store_step_done (store, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (_custcare_store_get_db (store));
}

gint64
custcare_outbox_queue (CustcareStore  *store,
                       gint64          customer_id,
                       gint64          order_id,
                       const char     *template_id,
                       gboolean        marketing,
                       const char     *subject,
                       const char     *body,
                       GError        **error)
{
  gint64 id;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);
  g_return_val_if_fail (subject != NULL && body != NULL, 0);

  if (*subject == '\0' || strchr (subject, '\n') != NULL || strchr (subject, '\r') != NULL)
    {
      g_set_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_INVALID,
                   _("A message needs a subject on one line."));
      return 0;
    }
  /* A template's kind decides, whatever the caller says: a thank-you is marketing. */
  if (template_id != NULL && custcare_templates_is_marketing (template_id))
    marketing = TRUE;

  if (_custcare_store_in_transaction (store))
    return queue_in_transaction (store, customer_id, order_id, template_id, marketing, subject, body, error);

  if (!custcare_store_begin (store, error))
    return 0;
  id = queue_in_transaction (store, customer_id, order_id, template_id, marketing, subject, body, error);
  if (id == 0 || !custcare_store_commit (store, error))
    {
      custcare_store_rollback (store);
      return 0;
    }
  return id;
}

gint64
custcare_outbox_queue_template (CustcareStore  *store,
                                gint64          customer_id,
                                gint64          order_id,
                                const char     *template_id,
                                GError        **error)
{
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);

  /* Consent first: a refused message should say so, not complain about a missing order. */
  if (!custcare_templates_is_valid_id (template_id))
    {
      g_set_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_INVALID,
                   _("There is no message template called “%s”."), template_id ? template_id : "");
      return 0;
    }
  if (!custcare_outbox_check_consent (store, customer_id, custcare_templates_is_marketing (template_id), error))
    return 0;
  if (!custcare_templates_render (store, template_id, customer_id, order_id, &subject, &body, error))
    return 0;

  return custcare_outbox_queue (store, customer_id, order_id, template_id, FALSE, subject, body, error);
}

static gboolean
order_hook (CustcareStore                 *store,
            const CustcareOrderTransition *transition,
            gpointer                       user_data,
            GError                       **error)
{
  g_autoptr (CustcareTemplate) tmpl = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *host = NULL;
  const char *template_id = custcare_templates_for_status (transition->to_status);

  if (template_id == NULL)
    return TRUE;

  host = custcare_store_get_setting (store, "mail.smtp-host");
  if (host == NULL || *host == '\0')
    return TRUE;

  tmpl = custcare_templates_get (store, template_id, error);
  if (tmpl == NULL)
    return FALSE;
  if (!tmpl->enabled)
    return TRUE;

  if (custcare_outbox_queue_template (store, transition->customer_id, transition->order_id, template_id,
                                      &local_error) != 0)
    return TRUE;

  /* The customer's wishes, or a missing address, must never block the order itself: those
   * simply mean no email. Anything else (the disk) rolls the status change back. */
  if (local_error->domain == CUSTCARE_OUTBOX_ERROR)
    {
      g_debug ("No %s email for order %" G_GINT64_FORMAT ": %s", template_id, transition->order_id,
               local_error->message);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

void
custcare_outbox_add_order_hook (CustcareStore *store)
{
  g_return_if_fail (CUSTCARE_IS_STORE (store));

  custcare_store_add_order_hook (store, order_hook, NULL, NULL);
}

CustcareOutboxMessage *
custcare_outbox_claim_next (CustcareStore  *store,
                            GError        **error)
{
  g_autoptr (CustcareOutboxMessage) message = NULL;
  gint64 now;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  if (!custcare_store_begin (store, error))
    return NULL;
  now = _custcare_store_now (store);

  {
    g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store,
                                                             "SELECT " MESSAGE_COLUMNS " FROM outbox "
                                                             "WHERE status = 'queued' AND coalesce (next_attempt_at, 0) <= ?1 "
                                                             "ORDER BY next_attempt_at, id LIMIT 1",
                                                             error);
    if (stmt == NULL)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, now);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      message = message_from_row (stmt);
    else if (rc != SQLITE_DONE)
      {
        _custcare_store_set_error (store, rc, error);
        goto failed;
      }
  }

  if (message != NULL)
    {
      g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store,
                                                               "UPDATE outbox SET status = 'sending', attempts = attempts + 1 "
                                                               "WHERE id = ?1",
                                                               error);
      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, message->id);
      if (!_custcare_store_step_done (store, stmt, error))
        goto failed;
      message->status = CUSTCARE_OUTBOX_SENDING;
      message->attempts++;
    }

  if (!custcare_store_commit (store, error))
    goto failed;
  return g_steal_pointer (&message);

failed:
  custcare_store_rollback (store);
  return NULL;
}

gint64
custcare_outbox_get_seconds_until_due (CustcareStore *store)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  gint64 due;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), -1);

  stmt = _custcare_store_prepare (store,
                                  "SELECT min (coalesce (next_attempt_at, 0)) FROM outbox WHERE status = 'queued'",
                                  NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return -1;
  due = sqlite3_column_int64 (stmt, 0) - _custcare_store_now (store);
  return MAX (due, 0);
}

/* Logs a sent message as an outbound email interaction. The interactions feature owns that
 * table's API; until it offers an insert this module writes the row itself, with only the
 * columns an email fills. */
static gboolean
_custcare_outbox_log_email_interaction (CustcareStore  *store,
                                        gint64          customer_id,
                                        gint64          order_id,
                                        const char     *subject,
                                        const char     *to_address,
                                        gint64          when,
                                        GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autofree char *notes = NULL;

  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO interactions (customer_id, occurred_at, channel, direction, subject, "
                                  "notes, outcome, order_id, created_at, updated_at) "
                                  "VALUES (?1, ?2, 'email', 'outbound', ?3, ?4, 'information', "
                                  "(SELECT id FROM orders WHERE id = ?5), ?2, ?2)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  /* Translators: the note on the customer's history when CustCare emailed them. */
  notes = g_strdup_printf (_("Email sent to %s"), to_address);
  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, when);
  sqlite3_bind_text (stmt, 3, subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, notes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, order_id);
  return _custcare_store_step_done (store, stmt, error);
}

gboolean
custcare_outbox_mark_sent (CustcareStore  *store,
                           gint64          id,
                           const char     *message_id,
                           GError        **error)
{
  g_autoptr (CustcareOutboxMessage) message = NULL;
  gint64 now;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  if (!custcare_store_begin (store, error))
    return FALSE;
  now = _custcare_store_now (store);

  message = custcare_outbox_get (store, id, error);
  if (message == NULL)
    goto failed;

  {
    g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store,
                                                             "UPDATE outbox SET status = 'sent', sent_at = ?2, message_id = ?3, "
                                                             "last_error = '', next_attempt_at = NULL WHERE id = ?1",
                                                             error);
    if (stmt == NULL)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, now);
    sqlite3_bind_text (stmt, 3, message_id ? message_id : "", -1, SQLITE_TRANSIENT);
    if (!_custcare_store_step_done (store, stmt, error))
      goto failed;
  }

  if (message->customer_id > 0 &&
      !_custcare_outbox_log_email_interaction (store, message->customer_id, message->order_id, message->subject,
                                               message->to_address, now, error))
    goto failed;

  if (custcare_store_commit (store, error))
    return TRUE;

failed:
  custcare_store_rollback (store);
  return FALSE;
}

gboolean
custcare_outbox_mark_failed (CustcareStore  *store,
                             gint64          id,
                             const char     *reason,
                             gboolean        temporary,
                             GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autoptr (CustcareOutboxMessage) message = NULL;
  g_autofree char *final_reason = NULL;
  gint64 now = _custcare_store_now (store);
  gboolean requeue;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  message = custcare_outbox_get (store, id, error);
  if (message == NULL)
    return FALSE;

  requeue = temporary && message->attempts < CUSTCARE_OUTBOX_MAX_ATTEMPTS;
  if (temporary && !requeue)
    /* Translators: %d is a number of attempts, %s the mail server's last answer. */
    final_reason = g_strdup_printf (_("Gave up after %d attempts: %s"), (int) message->attempts, reason);
  else
    final_reason = g_strdup (reason);

  stmt = _custcare_store_prepare (store,
                                  "UPDATE outbox SET status = ?2, last_error = ?3, next_attempt_at = ?4 "
                                  "WHERE id = ?1 AND status IN ('sending', 'queued')",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, requeue ? "queued" : "failed", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, final_reason, -1, SQLITE_TRANSIENT);
  if (requeue)
    {
      guint step = MIN ((guint) MAX (message->attempts, 1) - 1, G_N_ELEMENTS (backoff_seconds) - 1);

      sqlite3_bind_int64 (stmt, 4, now + backoff_seconds[step]);
    }
  return _custcare_store_step_done (store, stmt, error);
}

gboolean
custcare_outbox_recover_interrupted (CustcareStore  *store,
                                     GError        **error)
{
  return _custcare_store_exec (store, "UPDATE outbox SET status = 'queued' WHERE status = 'sending'", error);
}

static gboolean
change_state (CustcareStore  *store,
              gint64          id,
              const char     *sql,
              GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, _custcare_store_now (store));
  if (!_custcare_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_custcare_store_get_db (store)) == 0)
    {
      g_set_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_INVALID_STATE,
                   _("This message has already been sent or is being sent right now."));
      return FALSE;
    }
  return TRUE;
}

gboolean
custcare_outbox_retry (CustcareStore  *store,
                       gint64          id,
                       GError        **error)
{
  g_autoptr (CustcareOutboxMessage) message = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  message = custcare_outbox_get (store, id, error);
  if (message == NULL)
    return FALSE;
  /* Consent may have been withdrawn since the message was first queued. */
  if (message->customer_id > 0 &&
      !custcare_outbox_check_consent (store, message->customer_id, message->marketing, error))
    return FALSE;

  return change_state (store, id,
                       "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = ?2 "
                       "WHERE id = ?1 AND status IN ('failed', 'queued')",
                       error);
}

gboolean
custcare_outbox_discard (CustcareStore  *store,
                         gint64          id,
                         GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  return change_state (store, id,
                       "UPDATE outbox SET status = 'discarded', next_attempt_at = NULL "
                       "WHERE id = ?1 AND status IN ('failed', 'queued')",
                       error);
}

CustcareOutboxMessage *
custcare_outbox_get (CustcareStore  *store,
                     gint64          id,
                     GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  stmt = _custcare_store_prepare (store, "SELECT " MESSAGE_COLUMNS " FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return message_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_NOT_FOUND,
                 _("This message is no longer in the outbox."));
  else
    _custcare_store_set_error (store, rc, error);
  return NULL;
}

GPtrArray *
custcare_outbox_list (CustcareStore  *store,
                      guint           limit,
                      GError        **error)
{
  g_autoptr (GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_outbox_message_free);
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  stmt = _custcare_store_prepare (store,
                                  "SELECT " MESSAGE_COLUMNS " FROM outbox ORDER BY created_at DESC, id DESC LIMIT ?1",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? limit : G_MAXINT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (messages, message_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&messages);
}
