/* custcare-outbox-worker.c — sends what is in the outbox, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread with its own database connection. It sleeps until the next message is due or it is
 * woken, claims messages one at a time (a short write transaction each), sends them with no
 * transaction open, and records the outcome. The UI hears about changes through the
 * ::message-changed signal, emitted in the main context that created the worker.
 */
#define G_LOG_DOMAIN "custcare-outbox-worker"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-credentials.h"
#include "custcare-order-hooks.h"
#include "custcare-outbox-worker.h"
#include "custcare-outbox.h"
#include "custcare-smtp.h"

/* Even with nothing due, look again now and then: another window or process may have queued. */
#define IDLE_POLL_SECONDS 60

struct _CustcareOutboxWorker
{
  GObject        parent_instance;

  CustcareStore *store;          /* the worker's own connection, used only by the thread */
  GMainContext  *main_context;
  GThread       *thread;
  GCancellable  *cancellable;
  GMutex         mutex;
  GCond          cond;
  gboolean       woken;
  gboolean       stopping;
};

enum
{
  MESSAGE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CustcareOutboxWorker, custcare_outbox_worker, G_TYPE_OBJECT)

typedef struct
{
  CustcareOutboxWorker *worker;
  gint64                id;
} ChangedEvent;

static gboolean
emit_changed_cb (gpointer data)
{
  ChangedEvent *event = data;

  g_signal_emit (event->worker, signals[MESSAGE_CHANGED], 0, event->id);
  return G_SOURCE_REMOVE;
}

static void
changed_event_free (gpointer data)
{
  ChangedEvent *event = data;

  g_object_unref (event->worker);
  g_free (event);
}

static void
notify_changed (CustcareOutboxWorker *self,
                gint64                id)
{
  ChangedEvent *event = g_new0 (ChangedEvent, 1);
  g_autoptr (GSource) source = g_idle_source_new ();

  event->worker = g_object_ref (self);
  event->id = id;
  /* Not g_main_context_invoke_full(): from the sending thread it calls the handlers right there
   * whenever it can acquire the main context, and they update widgets. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_changed_cb, event, changed_event_free);
  g_source_set_static_name (source, "[custcare] outbox message changed");
  g_source_attach (source, self->main_context);
}

static gboolean
is_stopping (CustcareOutboxWorker *self)
{
  gboolean stopping;

  g_mutex_lock (&self->mutex);
  stopping = self->stopping;
  g_mutex_unlock (&self->mutex);
  return stopping;
}

static void
record_failure (CustcareOutboxWorker *self,
                gint64                id,
                const GError         *cause,
                gboolean              temporary)
{
  g_autoptr (GError) error = NULL;

  if (!custcare_outbox_mark_failed (self->store, id, cause->message, temporary, &error))
    g_warning ("Could not record the outcome of message %" G_GINT64_FORMAT ": %s", id, error->message);
}

static void
send_due_messages (CustcareOutboxWorker *self)
{
  g_autoptr (CustcareSmtpAccount) account = NULL;
  gboolean password_looked_up = FALSE;
  g_autoptr (GError) password_error = NULL;

  while (!is_stopping (self))
    {
      g_autoptr (CustcareOutboxMessage) message = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *message_id = NULL;

      message = custcare_outbox_claim_next (self->store, &error);
      if (message == NULL)
        {
          if (error != NULL)
            g_warning ("Could not read the outbox: %s", error->message);
          return;
        }

      /* Read the account once per batch, so a change in Preferences applies to the next batch. */
      if (account == NULL)
        account = custcare_smtp_account_load (self->store);
      if (!custcare_smtp_account_check (account, &error))
        {
          record_failure (self, message->id, error, TRUE);
          notify_changed (self, message->id);
          continue;
        }
      if (!password_looked_up && account->user != NULL && *account->user != '\0')
        {
          password_looked_up = TRUE;
          account->password = custcare_credentials_lookup_sync (account->host, account->user, self->cancellable,
                                                                &password_error);
        }
      if (password_error != NULL)
        {
          record_failure (self, message->id, password_error, TRUE);
          notify_changed (self, message->id);
          continue;
        }

      text = custcare_smtp_build_message (account, message->to_address, message->to_name, message->subject,
                                          message->body, g_get_real_time () / G_USEC_PER_SEC, &message_id, &error);
      if (text == NULL)
        {
          record_failure (self, message->id, error, FALSE);
          notify_changed (self, message->id);
          continue;
        }

      notify_changed (self, message->id);
      if (custcare_smtp_send (account, message->to_address, text, self->cancellable, &error))
        {
          g_autoptr (GError) sent_error = NULL;

          if (!custcare_outbox_mark_sent (self->store, message->id, message_id, &sent_error))
            g_warning ("Message %" G_GINT64_FORMAT " was sent but could not be marked so: %s",
                       message->id, sent_error->message);
        }
      else if (g_error_matches (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_CANCELLED))
        /* Left "sending": custcare_outbox_recover_interrupted() queues it again next start. */
        return;
      else
        record_failure (self, message->id, error,
                        g_error_matches (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_TEMPORARY));
      notify_changed (self, message->id);
    }
}

static gpointer
worker_thread (gpointer data)
{
  CustcareOutboxWorker *self = data;
  g_autoptr (GError) error = NULL;

  if (!custcare_outbox_recover_interrupted (self->store, &error))
    g_warning ("Could not requeue interrupted messages: %s", error->message);

  for (;;)
    {
      gint64 wait;
      gint64 end;

      g_mutex_lock (&self->mutex);
      self->woken = FALSE;
      if (self->stopping)
        {
          g_mutex_unlock (&self->mutex);
          break;
        }
      g_mutex_unlock (&self->mutex);

      send_due_messages (self);

      wait = custcare_outbox_get_seconds_until_due (self->store);
      /* Something still due means the last claim failed (database busy): do not spin. */
      if (wait < 0 || wait > IDLE_POLL_SECONDS)
        wait = IDLE_POLL_SECONDS;
      wait = MAX (wait, 1);

      end = g_get_monotonic_time () + wait * G_TIME_SPAN_SECOND;
      g_mutex_lock (&self->mutex);
      while (!self->stopping && !self->woken)
        if (!g_cond_wait_until (&self->cond, &self->mutex, end))
          break;
      g_mutex_unlock (&self->mutex);
    }

  return NULL;
}

CustcareOutboxWorker *
custcare_outbox_worker_new (CustcareStore *store)
{
  CustcareOutboxWorker *self;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_OUTBOX_WORKER, NULL);
  self->store = custcare_store_open_worker (store, &error);
  if (self->store == NULL)
    g_warning ("The mail worker could not open the database: %s", error->message);
  return self;
}

gboolean
custcare_outbox_worker_start (CustcareOutboxWorker  *self,
                              GError               **error)
{
  g_return_val_if_fail (CUSTCARE_IS_OUTBOX_WORKER (self), FALSE);

  if (self->thread != NULL)
    return TRUE;
  if (self->store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Emails cannot be sent because the database could not be opened a second time."));
      return FALSE;
    }

  self->stopping = FALSE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->thread = g_thread_try_new ("custcare-mail", worker_thread, self, error);
  return self->thread != NULL;
}

void
custcare_outbox_worker_wake (CustcareOutboxWorker *self)
{
  g_return_if_fail (CUSTCARE_IS_OUTBOX_WORKER (self));

  g_mutex_lock (&self->mutex);
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
}

void
custcare_outbox_worker_stop (CustcareOutboxWorker *self)
{
  g_return_if_fail (CUSTCARE_IS_OUTBOX_WORKER (self));

  if (self->thread == NULL)
    return;

  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_cancellable_cancel (self->cancellable);

  g_thread_join (g_steal_pointer (&self->thread));
}

/* Runs inside the status change's transaction, after the outbox hook queued the message: the
 * worker's claim waits for the write lock, so it sees the message as soon as it commits. */
static gboolean
wake_on_status_change (CustcareStore                 *store,
                       const CustcareOrderTransition *transition,
                       gpointer                       user_data,
                       GError                       **error)
{
  custcare_outbox_worker_wake (user_data);
  return TRUE;
}

static void
worker_destroy (gpointer data)
{
  CustcareOutboxWorker *self = data;

  custcare_outbox_worker_stop (self);
  g_object_unref (self);
}

CustcareOutboxWorker *
custcare_outbox_worker_get_for_store (CustcareStore *store)
{
  CustcareOutboxWorker *self;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_get_data (G_OBJECT (store), "custcare-outbox-worker");
  if (self != NULL)
    return self;

  self = custcare_outbox_worker_new (store);
  if (!custcare_outbox_worker_start (self, &error))
    {
      g_warning ("%s", error->message);
      g_object_unref (self);
      return NULL;
    }
  g_object_set_data_full (G_OBJECT (store), "custcare-outbox-worker", self, worker_destroy);
  custcare_outbox_add_order_hook (store);
  custcare_store_add_order_hook (store, wake_on_status_change, self, NULL);
  return self;
}

static void
custcare_outbox_worker_dispose (GObject *object)
{
  CustcareOutboxWorker *self = CUSTCARE_OUTBOX_WORKER (object);

  custcare_outbox_worker_stop (self);

  G_OBJECT_CLASS (custcare_outbox_worker_parent_class)->dispose (object);
}

static void
custcare_outbox_worker_finalize (GObject *object)
{
  CustcareOutboxWorker *self = CUSTCARE_OUTBOX_WORKER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (custcare_outbox_worker_parent_class)->finalize (object);
}

static void
custcare_outbox_worker_class_init (CustcareOutboxWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = custcare_outbox_worker_dispose;
  object_class->finalize = custcare_outbox_worker_finalize;

  /**
   * CustcareOutboxWorker::message-changed:
   * @id: the outbox id of the message
   *
   * A message started sending, was sent or failed.
   */
  signals[MESSAGE_CHANGED] = g_signal_new ("message-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
custcare_outbox_worker_init (CustcareOutboxWorker *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->main_context = g_main_context_ref_thread_default ();
}
