/* test-outbox.c — templates, consent rules and the outbox's states, on a real database file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "custcare-order-hooks.h"
#include "custcare-outbox.h"
#include "custcare-store-private.h"
#include "custcare-templates.h"

typedef struct
{
  char          *dir;
  char          *path;
  CustcareStore *store;
  gint64         now;
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

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_custcare_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("custcare-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  f->now = 1790000000;
  _custcare_store_set_clock (f->store, fixture_clock, f);

  /* 1: transactional only; 2: asked not to be contacted; 3: marketing consent; 4: no address. */
  exec_sql (f,
            "INSERT INTO settings (key, value) VALUES ('shop.name', 'Corner Shop'), ('shop.currency', 'EUR');"
            "INSERT INTO customers (id, given_name, family_name, created_at, updated_at, do_not_contact, "
            "  marketing_consent) VALUES "
            "  (1, 'Ana', 'Lima', 0, 0, 0, 0), (2, 'Ben', 'Ode', 0, 0, 1, 1), (3, 'Cy', 'Park', 0, 0, 0, 1), "
            "  (4, 'Di', 'Quinn', 0, 0, 0, 1);"
            "INSERT INTO customer_emails (customer_id, position, address) VALUES "
            "  (1, 0, 'ana@example.org'), (1, 1, 'ana.work@example.org'), (2, 0, 'ben@example.org'), "
            "  (3, 0, 'cy@example.org');"
            "INSERT INTO orders (id, number, customer_id, placed_at, status, currency, subtotal, total, carrier, "
            "  tracking_number, created_at, updated_at) VALUES "
            "  (10, 'ORD-00010', 1, 0, 'new', 'EUR', 3250, 3250, 'DHL', 'JD0001', 0, 0), "
            "  (20, 'ORD-00020', 2, 0, 'new', 'EUR', 100, 100, '', '', 0, 0), "
            "  (30, 'ORD-00030', 3, 0, 'new', 'EUR', 100, 100, '', '', 0, 0);"
            "INSERT INTO order_items (order_id, position, description, quantity, unit_price) VALUES "
            "  (10, 0, 'Mug', 2, 1200), (10, 1, 'Tea towel', 1, 850);");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
test_defaults (void)
{
  const char * const *ids = custcare_templates_list_ids ();

  g_assert_cmpuint (g_strv_length ((char **) ids), ==, 5);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr (CustcareTemplate) tmpl = custcare_templates_get_default (ids[i]);

      g_assert_cmpstr (tmpl->id, ==, ids[i]);
      g_assert_cmpuint (strlen (tmpl->subject), >, 5);
      g_assert_null (strchr (tmpl->subject, '\n'));
      g_assert_nonnull (strstr (tmpl->body, "{customer_name}"));
      g_assert_nonnull (strstr (tmpl->body, "{shop_name}"));
    }
  g_assert_false (custcare_templates_is_marketing (CUSTCARE_TEMPLATE_ORDER_CONFIRMED));
  g_assert_false (custcare_templates_is_marketing (CUSTCARE_TEMPLATE_ORDER_SHIPPED));
  g_assert_true (custcare_templates_is_marketing (CUSTCARE_TEMPLATE_THANK_YOU));
  g_assert_true (custcare_templates_is_marketing (CUSTCARE_TEMPLATE_FOLLOW_UP));
  g_assert_cmpstr (custcare_templates_for_status ("shipped"), ==, CUSTCARE_TEMPLATE_ORDER_SHIPPED);
  g_assert_cmpstr (custcare_templates_for_status ("completed"), ==, CUSTCARE_TEMPLATE_THANK_YOU);
  g_assert_null (custcare_templates_for_status ("cancelled"));
  {
    g_autoptr (CustcareTemplate) shipped = custcare_templates_get_default (CUSTCARE_TEMPLATE_ORDER_SHIPPED);

    g_assert_nonnull (strstr (shipped->body, "{tracking}"));
    g_assert_nonnull (strstr (shipped->body, "{carrier}"));
  }
}

static void
test_expand (void)
{
  g_autoptr (GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;

  g_hash_table_insert (values, (gpointer) "customer_name", (gpointer) "Zoë");
  g_hash_table_insert (values, (gpointer) "total", (gpointer) "{customer_name}");
  text = custcare_templates_expand ("Hi {customer_name}, {unknown} {total} {", values);
  /* Unknown placeholders stay visible; values are not expanded again. */
  g_assert_cmpstr (text, ==, "Hi Zoë, {unknown} {customer_name} {");
}

static void
test_render_and_edit (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *subject2 = NULL;
  g_autofree char *body2 = NULL;
  g_autoptr (CustcareTemplate) edited = NULL;
  g_autoptr (CustcareTemplate) reset = NULL;
  g_autoptr (GHashTable) sample = NULL;

  custcare_templates_render (f->store, CUSTCARE_TEMPLATE_ORDER_SHIPPED, 1, 10, &subject, &body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (subject, ==, "Your order ORD-00010 is on its way");
  g_assert_nonnull (strstr (body, "Hello Ana,"));
  g_assert_nonnull (strstr (body, "DHL"));
  g_assert_nonnull (strstr (body, "JD0001"));
  g_assert_nonnull (strstr (body, "2 × Mug"));
  g_assert_nonnull (strstr (body, "1 × Tea towel"));
  g_assert_nonnull (strstr (body, "Corner Shop"));
  g_assert_null (strstr (body, "{"));

  custcare_templates_save (f->store, CUSTCARE_TEMPLATE_ORDER_SHIPPED, "Sent: {order_number} {items}",
                           "Dear {customer_name}, total {total}.", &error);
  g_assert_no_error (error);
  edited = custcare_templates_get (f->store, CUSTCARE_TEMPLATE_ORDER_SHIPPED, &error);
  g_assert_no_error (error);
  g_assert_true (edited->customized);
  custcare_templates_render (f->store, CUSTCARE_TEMPLATE_ORDER_SHIPPED, 1, 10, &subject2, &body2, &error);
  g_assert_no_error (error);
  /* Items span lines; in a subject they must not. */
  g_assert_null (strchr (subject2, '\n'));
  g_assert_true (g_str_has_prefix (subject2, "Sent: ORD-00010 2 × Mug"));
  g_assert_true (g_str_has_prefix (body2, "Dear Ana, total "));
  g_assert_nonnull (strstr (body2, "32"));

  /* A subject on two lines is refused and nothing changes. */
  g_assert_false (custcare_templates_save (f->store, CUSTCARE_TEMPLATE_ORDER_SHIPPED, "a\nBcc: x@y", "b", &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_INVALID);
  g_clear_error (&error);

  custcare_templates_reset (f->store, CUSTCARE_TEMPLATE_ORDER_SHIPPED, &error);
  g_assert_no_error (error);
  reset = custcare_templates_get (f->store, CUSTCARE_TEMPLATE_ORDER_SHIPPED, &error);
  g_assert_no_error (error);
  g_assert_false (reset->customized);
  g_assert_cmpstr (reset->subject, ==, "Your order {order_number} is on its way");

  sample = custcare_templates_sample_values (f->store);
  g_assert_cmpstr (g_hash_table_lookup (sample, "shop_name"), ==, "Corner Shop");
  g_assert_nonnull (g_hash_table_lookup (sample, "items"));
}

static void
test_consent (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 id;

  /* Transactional to a customer without marketing consent: fine, to the first address. */
  id = custcare_outbox_queue_template (f->store, 1, 10, CUSTCARE_TEMPLATE_ORDER_CONFIRMED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  {
    g_autoptr (CustcareOutboxMessage) message = custcare_outbox_get (f->store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (message->to_address, ==, "ana@example.org");
    g_assert_cmpstr (message->to_name, ==, "Ana Lima");
    g_assert_cmpint (message->status, ==, CUSTCARE_OUTBOX_QUEUED);
    g_assert_false (message->marketing);
    g_assert_cmpint (message->created_at, ==, f->now);
  }

  /* Marketing without consent: refused, nothing queued. */
  g_assert_cmpint (custcare_outbox_queue_template (f->store, 1, 10, CUSTCARE_TEMPLATE_THANK_YOU, &error), ==, 0);
  g_assert_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_NO_CONSENT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  /* Even when written by hand and called transactional, a thank-you is marketing. */
  g_assert_cmpint (custcare_outbox_queue (f->store, 1, 0, CUSTCARE_TEMPLATE_FOLLOW_UP, FALSE, "Hi", "Hi", &error),
                   ==, 0);
  g_assert_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_NO_CONSENT);
  g_clear_error (&error);

  /* Do not contact: nothing at all, even about their own order. */
  g_assert_cmpint (custcare_outbox_queue_template (f->store, 2, 20, CUSTCARE_TEMPLATE_ORDER_READY, &error), ==, 0);
  g_assert_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_DO_NOT_CONTACT);
  g_assert_nonnull (strstr (error->message, "asked not to be contacted"));
  g_clear_error (&error);
  g_assert_cmpint (custcare_outbox_queue (f->store, 2, 0, NULL, FALSE, "Hi", "Hi", &error), ==, 0);
  g_assert_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_DO_NOT_CONTACT);
  g_clear_error (&error);

  /* Marketing with consent: fine. */
  id = custcare_outbox_queue_template (f->store, 3, 30, CUSTCARE_TEMPLATE_THANK_YOU, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  /* No address. */
  g_assert_cmpint (custcare_outbox_queue_template (f->store, 4, 0, CUSTCARE_TEMPLATE_FOLLOW_UP, &error), ==, 0);
  g_assert_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_NO_ADDRESS);
  g_clear_error (&error);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox"), ==, 2);

  /* Consent withdrawn after queueing: a retry is refused too. */
  exec_sql (f, "UPDATE customers SET marketing_consent = 0 WHERE id = 3");
  custcare_outbox_mark_failed (f->store, id, "550 nope", FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (custcare_outbox_retry (f->store, id, &error));
  g_assert_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_NO_CONSENT);
}

static void
test_backoff_and_states (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 id;
  gint64 start = f->now;

  id = custcare_outbox_queue (f->store, 1, 0, NULL, FALSE, "Hello", "Body", &error);
  g_assert_no_error (error);
  g_assert_cmpint (custcare_outbox_get_seconds_until_due (f->store), ==, 0);

  for (gint64 attempt = 1; attempt <= CUSTCARE_OUTBOX_MAX_ATTEMPTS; attempt++)
    {
      g_autoptr (CustcareOutboxMessage) claimed = NULL;
      g_autoptr (CustcareOutboxMessage) after = NULL;
      g_autoptr (CustcareOutboxMessage) none = NULL;

      claimed = custcare_outbox_claim_next (f->store, &error);
      g_assert_no_error (error);
      g_assert_nonnull (claimed);
      g_assert_cmpint (claimed->id, ==, id);
      g_assert_cmpint (claimed->attempts, ==, attempt);
      g_assert_cmpint (claimed->status, ==, CUSTCARE_OUTBOX_SENDING);

      /* While sending, nothing else is due and it cannot be discarded. */
      none = custcare_outbox_claim_next (f->store, &error);
      g_assert_no_error (error);
      g_assert_null (none);
      g_assert_false (custcare_outbox_discard (f->store, id, &error));
      g_assert_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_INVALID_STATE);
      g_clear_error (&error);

      custcare_outbox_mark_failed (f->store, id, "421 try later", TRUE, &error);
      g_assert_no_error (error);
      after = custcare_outbox_get (f->store, id, &error);
      g_assert_no_error (error);
      if (attempt < CUSTCARE_OUTBOX_MAX_ATTEMPTS)
        {
          gint64 wait = after->next_attempt_at - f->now;

          g_assert_cmpint (after->status, ==, CUSTCARE_OUTBOX_QUEUED);
          g_assert_cmpstr (after->last_error, ==, "421 try later");
          /* The pause grows: 1 min, 5 min, 15 min, … */
          g_assert_cmpint (wait, >=, attempt == 1 ? 60 : 300);
          g_assert_cmpint (custcare_outbox_get_seconds_until_due (f->store), ==, wait);
          none = custcare_outbox_claim_next (f->store, &error);
          g_assert_no_error (error);
          g_assert_null (none);
          f->now = after->next_attempt_at;
        }
      else
        {
          g_assert_cmpint (after->status, ==, CUSTCARE_OUTBOX_FAILED);
          g_assert_nonnull (strstr (after->last_error, "421 try later"));
          g_assert_cmpint (custcare_outbox_get_seconds_until_due (f->store), ==, -1);
        }
    }
  g_assert_cmpint (f->now - start, >, 12 * 60 * 60);

  /* Retry puts it back at once with a fresh count; sending logs an interaction. */
  custcare_outbox_retry (f->store, id, &error);
  g_assert_no_error (error);
  {
    g_autoptr (CustcareOutboxMessage) claimed = custcare_outbox_claim_next (f->store, &error);
    g_autoptr (CustcareOutboxMessage) sent = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (claimed);
    g_assert_cmpint (claimed->attempts, ==, 1);
    custcare_outbox_mark_sent (f->store, id, "<abc@example.com>", &error);
    g_assert_no_error (error);
    sent = custcare_outbox_get (f->store, id, &error);
    g_assert_cmpint (sent->status, ==, CUSTCARE_OUTBOX_SENT);
    g_assert_cmpstr (sent->message_id, ==, "<abc@example.com>");
    g_assert_cmpint (sent->sent_at, ==, f->now);
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM interactions WHERE customer_id = 1 AND channel = 'email' "
                                 "AND direction = 'outbound' AND subject = 'Hello'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT last_interaction_at FROM customers WHERE id = 1"), ==, f->now);

  /* A sent message can be neither retried nor discarded. */
  g_assert_false (custcare_outbox_retry (f->store, id, &error));
  g_assert_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_INVALID_STATE);
  g_clear_error (&error);

  /* Discard: kept, never sent. */
  id = custcare_outbox_queue (f->store, 1, 0, NULL, FALSE, "Second", "Body", &error);
  g_assert_no_error (error);
  custcare_outbox_discard (f->store, id, &error);
  g_assert_no_error (error);
  {
    g_autoptr (CustcareOutboxMessage) none = custcare_outbox_claim_next (f->store, &error);
    g_autoptr (GPtrArray) all = custcare_outbox_list (f->store, 0, &error);

    g_assert_null (none);
    g_assert_cmpuint (all->len, ==, 2);
    g_assert_cmpint (((CustcareOutboxMessage *) all->pdata[0])->status, ==, CUSTCARE_OUTBOX_DISCARDED);
  }
}

static void
test_interrupted (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareOutboxMessage) claimed = NULL;
  g_autoptr (CustcareOutboxMessage) again = NULL;
  gint64 id;

  id = custcare_outbox_queue (f->store, 1, 0, NULL, FALSE, "Hello", "Body", &error);
  g_assert_no_error (error);
  claimed = custcare_outbox_claim_next (f->store, &error);
  g_assert_nonnull (claimed);
  /* The app died while sending. */
  custcare_outbox_recover_interrupted (f->store, &error);
  g_assert_no_error (error);
  again = custcare_outbox_claim_next (f->store, &error);
  g_assert_nonnull (again);
  g_assert_cmpint (again->id, ==, id);
  g_assert_cmpint (again->attempts, ==, 2);
}

static gboolean
run_transition (Fixture     *f,
                gint64       order_id,
                gint64       customer_id,
                const char  *to_status,
                GError     **error)
{
  CustcareOrderTransition transition = { .order_id = order_id, .customer_id = customer_id,
                                         .from_status = "new", .to_status = to_status };

  if (!custcare_store_begin (f->store, error))
    return FALSE;
  if (!_custcare_order_hooks_run (f->store, &transition, error))
    {
      custcare_store_rollback (f->store);
      return FALSE;
    }
  return custcare_store_commit (f->store, error);
}

static void
test_order_hook (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  custcare_outbox_add_order_hook (f->store);

  /* No account set up yet: status changes send nothing. */
  run_transition (f, 10, 1, "confirmed", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox"), ==, 0);

  exec_sql (f, "INSERT INTO settings (key, value) VALUES ('mail.smtp-host', 'smtp.example.com')");
  run_transition (f, 10, 1, "confirmed", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE template_id = 'order-confirmed' "
                                 "AND order_id = 10 AND status = 'queued'"), ==, 1);

  /* Switched off: nothing. */
  custcare_templates_set_enabled (f->store, CUSTCARE_TEMPLATE_ORDER_SHIPPED, FALSE, &error);
  g_assert_no_error (error);
  run_transition (f, 10, 1, "shipped", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE template_id = 'order-shipped'"), ==, 0);

  /* Do not contact never blocks the order, it just sends nothing. */
  run_transition (f, 20, 2, "ready", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE customer_id = 2"), ==, 0);

  /* Thank-you is off by default; on, it goes only to customers who agreed. */
  run_transition (f, 30, 3, "completed", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE template_id = 'thank-you'"), ==, 0);
  custcare_templates_set_enabled (f->store, CUSTCARE_TEMPLATE_THANK_YOU, TRUE, &error);
  g_assert_no_error (error);
  run_transition (f, 30, 3, "completed", &error);
  g_assert_no_error (error);
  run_transition (f, 10, 1, "completed", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE template_id = 'thank-you'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT customer_id FROM outbox WHERE template_id = 'thank-you'"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE template_id = 'thank-you' "
                                 "AND purpose = 'marketing'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/templates/defaults", test_defaults);
  g_test_add_func ("/templates/expand", test_expand);
  g_test_add ("/templates/render-and-edit", Fixture, NULL, fixture_setup, test_render_and_edit, fixture_teardown);
  g_test_add ("/outbox/consent", Fixture, NULL, fixture_setup, test_consent, fixture_teardown);
  g_test_add ("/outbox/backoff-and-states", Fixture, NULL, fixture_setup, test_backoff_and_states, fixture_teardown);
  g_test_add ("/outbox/interrupted", Fixture, NULL, fixture_setup, test_interrupted, fixture_teardown);
  g_test_add ("/outbox/order-hook", Fixture, NULL, fixture_setup, test_order_hook, fixture_teardown);

  return g_test_run ();
}
