/* test-smtp.c — sending through a real SMTP server (aiosmtpd on loopback), alone and from the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "custcare-credentials.h"
#include "custcare-export.h"
#include "custcare-order-hooks.h"
#include "custcare-orders.h"
#include "custcare-outbox-worker.h"
#include "custcare-outbox.h"
#include "custcare-privacy.h"
#include "custcare-smtp.h"
#include "custcare-store-private.h"
#include "custcare-templates.h"
#include "custcare-vcard.h"
#include "smtp-sink.h"

/* ------------------------------------------------------------------ a shop */

typedef struct
{
  char          *dir;
  char          *path;
  CustcareStore *store;
  gint64         now;      /* the shop's clock, moved by the tests */
} Fixture;

static gint64
fixture_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now;
}

static void
exec_sql (Fixture    *f,
          const char *sql)
{
  g_autoptr (GError) error = NULL;

  _custcare_store_exec (f->store, sql, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("custcare-smtp-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  f->now = 1790000000;
  _custcare_store_set_clock (f->store, fixture_clock, f);

  exec_sql (f, "INSERT INTO settings (key, value) VALUES ('shop.name', 'Café Ünïcode'), ('shop.currency', 'EUR')");
  exec_sql (f,
            "INSERT INTO customers (id, given_name, family_name, sort_name, created_at, updated_at) "
            "VALUES (1, 'Zoë', 'Brontë', 'brontë zoë', 0, 0);"
            "INSERT INTO customer_emails (customer_id, address) VALUES (1, 'zoe@example.org');"
            "INSERT INTO orders (id, number, customer_id, placed_at, status, currency, subtotal, total, "
            "  carrier, tracking_number, created_at, updated_at) "
            "VALUES (7, 'ORD-00007', 1, 0, 'confirmed', 'EUR', 3250, 3250, 'DHL', 'TRACK123', 0, 0);"
            "INSERT INTO order_items (order_id, position, description, quantity, unit_price) "
            "VALUES (7, 0, 'Crème brûlée mould', 2, 1200), (7, 1, 'Tea towel', 1, 850);");
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
configure_account (Fixture    *f,
                   guint       port,
                   const char *user)
{
  g_autoptr (CustcareSmtpAccount) account = g_new0 (CustcareSmtpAccount, 1);
  g_autoptr (GError) error = NULL;

  account->host = g_strdup ("127.0.0.1");
  account->port = port;
  account->security = CUSTCARE_SMTP_SECURITY_NONE;
  account->user = g_strdup (user);
  account->from_name = g_strdup ("Café Ünïcode");
  account->from_address = g_strdup ("shop@example.com");
  custcare_smtp_account_save (account, f->store, &error);
  g_assert_no_error (error);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Wait;

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  custcare_credentials_store_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
store_password (const char *user,
                const char *password)
{
  Wait wait = { 0 };

  custcare_credentials_store_async ("127.0.0.1", user, password, NULL, stored_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);
}

static CustcareOutboxMessage *
wait_for_status (Fixture              *f,
                 gint64                id,
                 CustcareOutboxStatus  status,
                 gint64                min_attempts)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CustcareOutboxMessage) message = custcare_outbox_get (f->store, id, &error);

      g_assert_no_error (error);
      if ((message->status == status && message->attempts >= min_attempts) || g_get_monotonic_time () > deadline)
        return g_steal_pointer (&message);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20000);
    }
}

static gint64
count_email_interactions (Fixture *f)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (_custcare_store_get_db (f->store),
                                       "SELECT count(*) FROM interactions WHERE customer_id = 1 AND channel = 'email' "
                                       "AND direction = 'outbound'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* ------------------------------------------------------------------ tests */

static void
test_header_encoding (void)
{
  g_autofree char *ascii = custcare_smtp_encode_header ("Plain subject");
  g_autofree char *long_text = custcare_smtp_encode_header ("Ünïcödé “quotes” — and a long subject that must be folded "
                                                            "into several encoded words ✓✓✓✓✓✓✓✓✓✓");
  g_auto (GStrv) lines = g_strsplit (long_text, "\r\n ", -1);

  g_assert_cmpstr (ascii, ==, "Plain subject");
  g_assert_cmpuint (g_strv_length (lines), >, 1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], "=?UTF-8?B?"));
      g_assert_true (g_str_has_suffix (lines[i], "?="));
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
    }
}

static void
test_deliver (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "received", NULL);
  guint port = find_free_port ();
  Sink *sink = sink_start (port, out, NULL, NULL);
  g_autoptr (CustcareSmtpAccount) account = NULL;
  g_autoptr (GKeyFile) received = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *date = NULL;
  g_autofree char *received_id = NULL;
  g_autofree char *charset = NULL;
  const char *sent_subject = "Ihre Bestellung “ORD-1” ist fertig ✓ — größer als erwartet, façade";
  const char *sent_body = "Hallo Zoë,\n\n.a line starting with a dot\n.\nmüßig = equals sign, trailing space \n"
                          "A very long line that goes on and on, well past the seventy-six characters a "
                          "quoted-printable line may have, so it must be softly broken.\nBye";

  configure_account (f, port, "");
  account = custcare_smtp_account_load (f->store);
  text = custcare_smtp_build_message (account, "zoe@example.org", "Zoë Brontë", sent_subject, sent_body,
                                      1790000000, &message_id, &error);
  g_assert_no_error (error);
  g_assert_true (strstr (text, "\r\n\r\n") != NULL);
  /* Every line ends in CRLF and none is longer than the 78 characters mail wants. */
  for (const char *p = text; (p = strchr (p, '\n')) != NULL; p++)
    g_assert_cmpint (p[-1], ==, '\r');

  custcare_smtp_send (account, "zoe@example.org", text, NULL, &error);
  g_assert_no_error (error);

  received = sink_wait_message (sink, 1);
  subject = summary_get (received, "subject");
  body = summary_get (received, "body");
  from = summary_get (received, "from");
  to = summary_get (received, "to");
  date = summary_get (received, "date");
  received_id = summary_get (received, "message_id");
  charset = summary_get (received, "charset");
  g_assert_cmpstr (subject, ==, sent_subject);
  g_assert_cmpstr (from, ==, "Café Ünïcode <shop@example.com>");
  g_assert_cmpstr (to, ==, "Zoë Brontë <zoe@example.org>");
  /* 1790000000 is a Monday. */
  g_assert_cmpstr (date, ==, "Mon, 21 Sep 2026 14:13:20 +0000");
  g_assert_cmpstr (received_id, ==, message_id);
  g_assert_true (g_str_has_suffix (message_id, "@example.com>"));
  g_assert_cmpstr (charset, ==, "utf-8");
  {
    /* The body comes back exactly, dots, trailing space and all (line ends aside). */
    g_autofree char *expected = g_strconcat (sent_body, "\n", NULL);
    g_auto (GStrv) parts = g_strsplit (body, "\r\n", -1);
    g_autofree char *joined = g_strjoinv ("\n", parts);

    g_assert_cmpstr (joined, ==, expected);
  }

  sink_stop (sink);
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  guint port = find_free_port ();
  g_autoptr (CustcareSmtpAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  configure_account (f, port, "");
  account = custcare_smtp_account_load (f->store);
  text = custcare_smtp_build_message (account, "zoe@example.org", "", "Hi", "Hi", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (custcare_smtp_send (account, "zoe@example.org", text, NULL, &error));
  g_assert_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_TEMPORARY);
  g_test_message ("%s", error->message);
}

static void
test_worker_delivers_and_logs (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "received", NULL);
  guint port = find_free_port ();
  Sink *sink = sink_start (port, out, NULL, NULL);
  g_autoptr (CustcareOutboxWorker) worker = NULL;
  g_autoptr (CustcareOutboxMessage) message = NULL;
  g_autoptr (GKeyFile) received = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *received_id = NULL;
  gint64 id;

  configure_account (f, port, "");
  id = custcare_outbox_queue_template (f->store, 1, 7, CUSTCARE_TEMPLATE_ORDER_SHIPPED, &error);
  g_assert_no_error (error);

  worker = custcare_outbox_worker_new (f->store);
  custcare_outbox_worker_start (worker, &error);
  g_assert_no_error (error);
  custcare_outbox_worker_wake (worker);

  message = wait_for_status (f, id, CUSTCARE_OUTBOX_SENT, 1);
  g_assert_cmpint (message->status, ==, CUSTCARE_OUTBOX_SENT);
  g_assert_cmpint (message->sent_at, ==, f->now);
  received = sink_wait_message (sink, 1);
  subject = summary_get (received, "subject");
  body = summary_get (received, "body");
  received_id = summary_get (received, "message_id");
  g_assert_cmpstr (subject, ==, "Your order ORD-00007 is on its way");
  g_assert_nonnull (strstr (body, "Hello Zoë,"));
  g_assert_nonnull (strstr (body, "shipped with DHL"));
  g_assert_nonnull (strstr (body, "TRACK123"));
  g_assert_nonnull (strstr (body, "Crème brûlée mould"));
  g_assert_nonnull (strstr (body, "Café Ünïcode"));
  g_assert_cmpstr (received_id, ==, message->message_id);
  g_assert_cmpint (count_email_interactions (f), ==, 1);

  custcare_outbox_worker_stop (worker);
  sink_stop (sink);
}

static void
test_auth_refused_then_fixed (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "received", NULL);
  guint port = find_free_port ();
  Sink *sink = sink_start (port, out, "bob", "s3cret pa55");
  g_autoptr (CustcareOutboxWorker) worker = NULL;
  g_autoptr (CustcareOutboxMessage) failed = NULL;
  g_autoptr (CustcareOutboxMessage) sent = NULL;
  g_autoptr (GKeyFile) received = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *auth_user = NULL;
  gint64 id;

  configure_account (f, port, "bob");
  store_password ("bob", "wrong");
  id = custcare_outbox_queue (f->store, 1, 0, NULL, FALSE, "Ihre Rechnung", "Grüße", &error);
  g_assert_no_error (error);

  worker = custcare_outbox_worker_new (f->store);
  custcare_outbox_worker_start (worker, &error);
  g_assert_no_error (error);
  custcare_outbox_worker_wake (worker);

  failed = wait_for_status (f, id, CUSTCARE_OUTBOX_FAILED, 1);
  g_assert_cmpint (failed->status, ==, CUSTCARE_OUTBOX_FAILED);
  g_test_message ("%s", failed->last_error);
  /* The server's own answer (aiosmtpd: "535 5.7.8 Authentication credentials invalid"). */
  g_assert_nonnull (strstr (failed->last_error, "535"));
  g_assert_nonnull (strstr (failed->last_error, "Authentication credentials invalid"));
  g_assert_cmpstr (failed->subject, ==, "Ihre Rechnung");
  g_assert_cmpstr (failed->body, ==, "Grüße");
  g_assert_cmpuint (sink_count (sink), ==, 0);
  g_assert_cmpint (count_email_interactions (f), ==, 0);

  store_password ("bob", "s3cret pa55");
  custcare_outbox_retry (f->store, id, &error);
  g_assert_no_error (error);
  custcare_outbox_worker_wake (worker);

  sent = wait_for_status (f, id, CUSTCARE_OUTBOX_SENT, 1);
  g_assert_cmpint (sent->status, ==, CUSTCARE_OUTBOX_SENT);
  g_assert_cmpstr (sent->last_error, ==, "");
  received = sink_wait_message (sink, 1);
  auth_user = summary_get (received, "auth_user");
  g_assert_cmpstr (auth_user, ==, "bob");
  g_assert_cmpint (count_email_interactions (f), ==, 1);

  custcare_outbox_worker_stop (worker);
  sink_stop (sink);
}

static void
test_server_down_then_up (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "received", NULL);
  guint port = find_free_port ();
  g_autoptr (CustcareOutboxWorker) worker = NULL;
  g_autoptr (CustcareOutboxMessage) waiting = NULL;
  g_autoptr (CustcareOutboxMessage) sent = NULL;
  g_autoptr (GKeyFile) received = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *subject = NULL;
  Sink *sink;
  gint64 id;

  configure_account (f, port, "");
  id = custcare_outbox_queue_template (f->store, 1, 7, CUSTCARE_TEMPLATE_ORDER_CONFIRMED, &error);
  g_assert_no_error (error);

  worker = custcare_outbox_worker_new (f->store);
  custcare_outbox_worker_start (worker, &error);
  g_assert_no_error (error);
  custcare_outbox_worker_wake (worker);

  /* Nobody listens: the message stays queued with the reason and a time for the next try. */
  waiting = wait_for_status (f, id, CUSTCARE_OUTBOX_QUEUED, 1);
  g_assert_cmpint (waiting->status, ==, CUSTCARE_OUTBOX_QUEUED);
  g_assert_cmpint (waiting->attempts, ==, 1);
  g_assert_cmpint (waiting->next_attempt_at, ==, f->now + 60);
  g_assert_nonnull (strstr (waiting->last_error, "Could not reach the mail server"));
  g_test_message ("%s", waiting->last_error);

  /* Waking it before the pause is over does not send. */
  custcare_outbox_worker_wake (worker);
  g_usleep (300000);
  {
    g_autoptr (CustcareOutboxMessage) still = wait_for_status (f, id, CUSTCARE_OUTBOX_QUEUED, 1);

    g_assert_cmpint (still->attempts, ==, 1);
  }

  sink = sink_start (port, out, NULL, NULL);
  f->now += 61;
  custcare_outbox_worker_wake (worker);

  sent = wait_for_status (f, id, CUSTCARE_OUTBOX_SENT, 2);
  g_assert_cmpint (sent->status, ==, CUSTCARE_OUTBOX_SENT);
  g_assert_cmpint (sent->attempts, ==, 2);
  received = sink_wait_message (sink, 1);
  subject = summary_get (received, "subject");
  g_assert_cmpstr (subject, ==, "Your order ORD-00007 is confirmed");

  custcare_outbox_worker_stop (worker);
  sink_stop (sink);
}

static void
test_status_change_sends (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "received", NULL);
  guint port = find_free_port ();
  Sink *sink = sink_start (port, out, NULL, NULL);
  CustcareOrderTransition transition = { .order_id = 7, .customer_id = 1, .from_status = "confirmed",
                                         .to_status = "ready" };
  g_autoptr (GKeyFile) received = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *subject = NULL;
  CustcareOutboxWorker *worker;

  configure_account (f, port, "");
  worker = custcare_outbox_worker_get_for_store (f->store);
  g_assert_nonnull (worker);

  /* What custcare_orders_change_status() does: the hooks run inside its transaction. */
  custcare_store_begin (f->store, &error);
  g_assert_no_error (error);
  exec_sql (f, "UPDATE orders SET status = 'ready' WHERE id = 7");
  _custcare_order_hooks_run (f->store, &transition, &error);
  g_assert_no_error (error);
  /* Hold the transaction a moment: the worker must wait for it, not miss the message. */
  g_usleep (200000);
  custcare_store_commit (f->store, &error);
  g_assert_no_error (error);

  received = sink_wait_message (sink, 1);
  subject = summary_get (received, "subject");
  g_assert_cmpstr (subject, ==, "Your order ORD-00007 is ready for pickup");

  sink_stop (sink);
}

/* A self-signed certificate for 127.0.0.1, made with openssl for this test. */
static void
make_certificate (Fixture  *f,
                  char    **out_cert,
                  char    **out_key)
{
  g_autofree char *cert = g_build_filename (f->dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (f->dir, "key.pem", NULL);
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                         "subjectAltName=IP:127.0.0.1,DNS:localhost", NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  *out_cert = g_steal_pointer (&cert);
  *out_key = g_steal_pointer (&key);
}

static void
send_one (CustcareSmtpAccount  *account,
          GError              **error)
{
  g_autofree char *text = custcare_smtp_build_message (account, "zoe@example.org", "Zoë", "Sicher ✓", "Body",
                                                       1790000000, NULL, error);

  g_assert_nonnull (text);
  custcare_smtp_send (account, "zoe@example.org", text, NULL, error);
}

static void
test_tls (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out_starttls = g_build_filename (f->dir, "starttls", NULL);
  g_autofree char *out_tls = g_build_filename (f->dir, "tls", NULL);
  g_autofree char *out_plain = g_build_filename (f->dir, "plain", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autoptr (CustcareSmtpAccount) account = NULL;
  g_autoptr (GKeyFile) received = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *subject = NULL;
  Sink *sink;

  make_certificate (f, &cert, &key);
  configure_account (f, 0, "");
  account = custcare_smtp_account_load (f->store);
  account->ca_file = g_strdup (cert);

  /* STARTTLS, required by the server. */
  account->security = CUSTCARE_SMTP_SECURITY_STARTTLS;
  account->port = find_free_port ();
  sink = sink_start_tls (account->port, out_starttls, "starttls", cert, key);
  send_one (account, &error);
  g_assert_no_error (error);
  received = sink_wait_message (sink, 1);
  subject = summary_get (received, "subject");
  g_assert_cmpstr (subject, ==, "Sicher ✓");
  sink_stop (sink);

  /* Implicit TLS (SMTPS). */
  account->security = CUSTCARE_SMTP_SECURITY_TLS;
  account->port = find_free_port ();
  sink = sink_start_tls (account->port, out_tls, "tls", cert, key);
  send_one (account, &error);
  g_assert_no_error (error);
  g_clear_pointer (&received, g_key_file_unref);
  received = sink_wait_message (sink, 1);

  /* A certificate nobody vouches for is refused, and that will not fix itself. */
  g_clear_pointer (&account->ca_file, g_free);
  send_one (account, &error);
  g_assert_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_PERMANENT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (sink_count (sink), ==, 1);
  sink_stop (sink);

  /* STARTTLS asked for, but the server cannot: nothing goes out in the clear. */
  account->security = CUSTCARE_SMTP_SECURITY_STARTTLS;
  account->port = find_free_port ();
  sink = sink_start (account->port, out_plain, NULL, NULL);
  send_one (account, &error);
  g_assert_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_PERMANENT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (sink_count (sink), ==, 0);
  sink_stop (sink);
}

/* The real order pipeline: custcare_orders_change_status() runs the hooks, the worker sends. */
static void
test_orders_pipeline_sends (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "received", NULL);
  guint port = find_free_port ();
  Sink *sink = sink_start (port, out, NULL, NULL);
  g_autoptr (CustcareOrder) order = custcare_order_new ();
  g_autoptr (GKeyFile) received = NULL;
  g_autoptr (GKeyFile) shipped = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  gint64 id;

  configure_account (f, port, "");
  g_assert_nonnull (custcare_outbox_worker_get_for_store (f->store));

  custcare_order_set_customer_id (order, 1);
  custcare_order_set_fulfilment (order, CUSTCARE_FULFILMENT_DELIVERY);
  custcare_order_add_line (order, "Teapot", 1, 2500);
  id = custcare_orders_insert (f->store, order, &error);
  g_assert_no_error (error);

  custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_NEW, CUSTCARE_ORDER_STATUS_CONFIRMED, 0, NULL,
                                 &error);
  g_assert_no_error (error);
  received = sink_wait_message (sink, 1);
  subject = summary_get (received, "subject");
  expected = g_strdup_printf ("Your order %s is confirmed", custcare_order_get_number (order));
  g_assert_cmpstr (subject, ==, expected);

  custcare_order_set_carrier (order, "UPS");
  custcare_order_set_tracking_number (order, "1Z42");
  custcare_orders_update (f->store, order, &error);
  g_assert_no_error (error);
  /* In progress sends nothing; shipped sends the shipping message with carrier and tracking. */
  custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_CONFIRMED, CUSTCARE_ORDER_STATUS_IN_PROGRESS, 0,
                                 NULL, &error);
  g_assert_no_error (error);
  custcare_orders_change_status (f->store, id, CUSTCARE_ORDER_STATUS_IN_PROGRESS, CUSTCARE_ORDER_STATUS_SHIPPED, 0,
                                 NULL, &error);
  g_assert_no_error (error);
  shipped = sink_wait_message (sink, 2);
  body = summary_get (shipped, "body");
  g_assert_nonnull (strstr (body, "UPS"));
  g_assert_nonnull (strstr (body, "1Z42"));
  g_assert_nonnull (strstr (body, "1 × Teapot"));
  g_assert_cmpuint (sink_count (sink), ==, 2);

  sink_stop (sink);
}

static GString *log_capture;

static GLogWriterOutput
capture_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      g_string_append_printf (log_capture, "%s\n", (const char *) fields[i].value);
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
assert_file_lacks (const char *path,
                   const char *secret)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return;
  g_test_message ("scanned %s (%" G_GSIZE_FORMAT " bytes)", path, length);
  g_assert_null (memmem (contents, length, secret, strlen (secret)));
}

/* The password goes through the whole app (keyring → worker → server) and is found nowhere on
 * disk: not in the database, its WAL, the settings, a backup copy, an export (CSV, vCard, a
 * privacy request), the message or the log. */
static void
test_password_never_stored (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "received", NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *password = g_strdup_printf ("Pw-%s", uuid);
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *eml = g_build_filename (out, "1.eml", NULL);
  guint port = find_free_port ();
  Sink *sink = sink_start (port, out, "erin", password);
  g_autoptr (CustcareOutboxWorker) worker = NULL;
  g_autoptr (CustcareOutboxMessage) sent = NULL;
  g_autoptr (GKeyFile) received = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSettingsSchema) schema = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 id;

  configure_account (f, port, "erin");
  store_password ("erin", password);
  id = custcare_outbox_queue (f->store, 1, 0, NULL, FALSE, "Hello", "Body", &error);
  g_assert_no_error (error);

  worker = custcare_outbox_worker_new (f->store);
  custcare_outbox_worker_start (worker, &error);
  g_assert_no_error (error);
  custcare_outbox_worker_wake (worker);
  sent = wait_for_status (f, id, CUSTCARE_OUTBOX_SENT, 1);
  /* It really was used: the server only accepts it. */
  g_assert_cmpint (sent->status, ==, CUSTCARE_OUTBOX_SENT);
  received = sink_wait_message (sink, 1);
  custcare_outbox_worker_stop (worker);

  custcare_store_backup_to (f->store, backup, &error);
  g_assert_no_error (error);

  /* Nor in anything the shop exports: the CSV files, a vCard file and a privacy export. */
  {
    static const CustcareExportKind kinds[] = { CUSTCARE_EXPORT_CUSTOMERS, CUSTCARE_EXPORT_ORDERS,
                                                CUSTCARE_EXPORT_INTERACTIONS };
    const gint64 ids[] = { 1 };
    g_autofree char *vcf = g_build_filename (f->dir, "export.vcf", NULL);
    g_autofree char *json = g_build_filename (f->dir, "privacy.json", NULL);
    g_autoptr (GFile) vcf_file = g_file_new_for_path (vcf);
    g_autoptr (GFile) json_file = g_file_new_for_path (json);

    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        g_autofree char *name = g_strdup_printf ("export-%u.csv", i);
        g_autofree char *csv = g_build_filename (f->dir, name, NULL);
        g_autoptr (GFile) csv_file = g_file_new_for_path (csv);

        g_assert_true (custcare_export_csv (f->store, kinds[i], NULL, csv_file, NULL, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
        assert_file_lacks (csv, password);
        g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));
      }
    g_assert_cmpint (custcare_vcard_export (f->store, ids, G_N_ELEMENTS (ids), CUSTCARE_VCARD_VERSION_4_0,
                                            vcf_file, NULL, &error), ==, 1);
    g_assert_no_error (error);
    assert_file_lacks (vcf, password);
    g_assert_true (custcare_privacy_export (f->store, 1, json_file, NULL, &error));
    g_assert_no_error (error);
    assert_file_lacks (json, password);
    g_assert_true (g_file_test (json, G_FILE_TEST_EXISTS));
  }

  assert_file_lacks (f->path, password);
  assert_file_lacks (wal, password);
  assert_file_lacks (shm, password);
  assert_file_lacks (backup, password);
  assert_file_lacks (eml, password);
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));

  g_assert_cmpint (sqlite3_prepare_v2 (_custcare_store_get_db (f->store), "SELECT key, value FROM settings",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_assert_null (strstr ((const char *) sqlite3_column_text (stmt, 1), password));
  sqlite3_finalize (stmt);

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema != NULL)
    {
      g_autoptr (GSettings) settings = g_settings_new (APP_ID);
      g_auto (GStrv) keys = g_settings_schema_list_keys (schema);

      for (guint i = 0; keys[i] != NULL; i++)
        {
          g_autoptr (GVariant) value = g_settings_get_value (settings, keys[i]);
          g_autofree char *text = g_variant_print (value, FALSE);

          g_assert_null (strstr (text, password));
        }
    }

  g_assert_null (strstr (log_capture->str, password));

  sink_stop (sink);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  log_capture = g_string_new (NULL);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);

  g_test_add_func ("/smtp/header-encoding", test_header_encoding);
  g_test_add ("/smtp/deliver", Fixture, NULL, fixture_setup, test_deliver, fixture_teardown);
  g_test_add ("/smtp/connection-refused", Fixture, NULL, fixture_setup, test_connection_refused, fixture_teardown);
  g_test_add ("/smtp/starttls-and-tls", Fixture, NULL, fixture_setup, test_tls, fixture_teardown);
  g_test_add ("/outbox-worker/delivers-and-logs", Fixture, NULL, fixture_setup, test_worker_delivers_and_logs,
              fixture_teardown);
  g_test_add ("/outbox-worker/auth-refused-then-fixed", Fixture, NULL, fixture_setup, test_auth_refused_then_fixed,
              fixture_teardown);
  g_test_add ("/outbox-worker/server-down-then-up", Fixture, NULL, fixture_setup, test_server_down_then_up,
              fixture_teardown);
  g_test_add ("/outbox-worker/status-change-sends", Fixture, NULL, fixture_setup, test_status_change_sends,
              fixture_teardown);

  g_test_add ("/outbox-worker/orders-pipeline-sends", Fixture, NULL, fixture_setup, test_orders_pipeline_sends,
              fixture_teardown);
  g_test_add ("/outbox-worker/password-never-stored", Fixture, NULL, fixture_setup, test_password_never_stored,
              fixture_teardown);

  return g_test_run ();
}
