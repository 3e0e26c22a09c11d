/* test-email-preferences.c — Preferences → Email for real, under Xvfb, against a real SMTP server
 * and the session's keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Set CUSTCARE_SHOTS_DIR to also save screenshots of the page.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "custcare-application.h"
#include "custcare-compose-dialog.h"
#include "custcare-credentials.h"
#include "custcare-email-preferences.h"
#include "custcare-gui-util.h"
#include "custcare-outbox-dialog.h"
#include "custcare-outbox.h"
#include "custcare-preferences-dialog.h"
#include "custcare-smtp.h"
#include "custcare-store-private.h"
#include "custcare-templates.h"
#include "custcare-window.h"
#include "smtp-sink.h"

static char *tmp_dir;

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_tooltip (GtkWidget  *widget,
              const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip (child, tooltip);
      if (found)
        return found;
    }
  return NULL;
}

static void
iterate (guint ms)
{
  for (gint64 until = g_get_monotonic_time () + ms * 1000; g_get_monotonic_time () < until;)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  const char *dir = g_getenv ("CUSTCARE_SHOTS_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, name, NULL);
  iterate (500);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  if (!custcare_widget_save_png (widget, path, &error))
    g_test_message ("No screenshot %s: %s", name, error->message);
}

static void
set_and_apply (GtkWidget  *page,
               const char *title,
               const char *text)
{
  GtkWidget *row = find_row (page, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static char *
wait_for_keyring (const char *host,
                  const char *user,
                  const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  for (;;)
    {
      char *found = custcare_credentials_lookup_sync (host, user, NULL, NULL);

      if (g_strcmp0 (found, expected) == 0 || g_get_monotonic_time () > deadline)
        return found;
      g_free (found);
      iterate (50);
    }
}

static const char *
wait_for_test_result (AdwActionRow *row)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  iterate (50);
  while (g_str_equal (adw_action_row_get_subtitle (row), "Sending…") && g_get_monotonic_time () < deadline)
    iterate (20);
  return adw_action_row_get_subtitle (row);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
test_email_page (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "shop.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *out = g_build_filename (tmp_dir, "received", NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *password = g_strdup_printf ("Secr3t-%s", uuid);
  g_autofree char *stored = NULL;
  g_autofree char *setting = NULL;
  g_autofree char *port_text = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (CustcareSmtpAccount) account = NULL;
  g_autoptr (CustcareTemplate) thank_you = NULL;
  g_autoptr (GKeyFile) received = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *auth_user = NULL;
  guint port = find_free_port ();
  Sink *sink = sink_start (port, out, "frank", password);
  GtkWidget *window, *page, *security, *insecure, *port_row, *send, *row, *toggle;
  AdwDialog *dialog;
  const char *result;

  store = custcare_store_open (path, &error);
  g_assert_no_error (error);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 900);
  adw_window_set_content (ADW_WINDOW (window), adw_status_page_new ());
  gtk_window_present (GTK_WINDOW (window));

  dialog = ADW_DIALOG (custcare_preferences_dialog_new (store));
  adw_preferences_dialog_set_visible_page_name (ADW_PREFERENCES_DIALOG (dialog), "email");
  adw_dialog_present (dialog, window);
  gtk_test_widget_wait_for_draw (window);
  iterate (500);
  page = find_descendant (GTK_WIDGET (dialog), CUSTCARE_TYPE_EMAIL_PREFERENCES);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));

  /* Security: STARTTLS by default; "None" shows the warning and moves the port to 25. */
  security = find_row (page, "Security");
  insecure = find_row (page, "Not encrypted");
  port_row = find_row (page, "Port");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (security)), ==, 0);
  g_assert_false (gtk_widget_get_visible (insecure));
  g_assert_cmpfloat (adw_spin_row_get_value (ADW_SPIN_ROW (port_row)), ==, 587);
  adw_combo_row_set_selected (ADW_COMBO_ROW (security), 2);
  g_assert_true (gtk_widget_get_visible (insecure));
  g_assert_cmpfloat (adw_spin_row_get_value (ADW_SPIN_ROW (port_row)), ==, 25);
  adw_spin_row_set_value (ADW_SPIN_ROW (port_row), port);

  set_and_apply (page, "Outgoing Mail Server (SMTP)", "127.0.0.1");
  set_and_apply (page, "User Name", "frank");
  set_and_apply (page, "Sender Name", "Corner Shop");
  set_and_apply (page, "Sender Address", "shop@example.com");
  set_and_apply (page, "Password", password);

  account = custcare_smtp_account_load (store);
  g_assert_cmpstr (account->host, ==, "127.0.0.1");
  g_assert_cmpuint (account->port, ==, port);
  g_assert_cmpint (account->security, ==, CUSTCARE_SMTP_SECURITY_NONE);
  g_assert_cmpstr (account->user, ==, "frank");
  g_assert_cmpstr (account->from_name, ==, "Corner Shop");
  g_assert_cmpstr (account->from_address, ==, "shop@example.com");
  g_assert_null (account->password);

  /* The password is in the keyring, under host and user, and in none of the shop's settings. */
  stored = wait_for_keyring ("127.0.0.1", "frank", password);
  g_assert_cmpstr (stored, ==, password);
  setting = custcare_store_get_setting (store, "mail.smtp-password");
  g_assert_null (setting);

  save_shot (GTK_WIDGET (dialog), "email-preferences.png");

  /* Send test message: reaches the server, authenticated. */
  row = find_row (page, "Send Test Message");
  send = find_button (row, "_Send");
  g_assert_nonnull (send);
  g_signal_emit_by_name (send, "clicked");
  result = wait_for_test_result (ADW_ACTION_ROW (row));
  g_assert_cmpstr (result, ==, "Sent. Check the sender address’s inbox.");
  received = sink_wait_message (sink, 1);
  subject = summary_get (received, "subject");
  auth_user = summary_get (received, "auth_user");
  g_assert_cmpstr (subject, ==, "CustCare test message");
  g_assert_cmpstr (auth_user, ==, "frank");

  /* A wrong password: the server's own reason is shown. */
  gtk_editable_set_text (GTK_EDITABLE (find_row (page, "Password")), "wrong");
  g_signal_emit_by_name (send, "clicked");
  result = wait_for_test_result (ADW_ACTION_ROW (row));
  g_test_message ("%s", result);
  g_assert_nonnull (strstr (result, "refused the user name or password"));
  g_assert_nonnull (strstr (result, "535"));
  save_shot (GTK_WIDGET (dialog), "email-preferences-error.png");
  {
    AdwDialog *alert = adw_window_get_visible_dialog (ADW_WINDOW (window));

    g_assert_true (ADW_IS_ALERT_DIALOG (alert));
    adw_dialog_force_close (alert);
  }
  g_assert_cmpuint (sink_count (sink), ==, 1);

  /* Templates: one row each; the switch of the thank-you message is saved. */
  row = find_row (page, "Thank you");
  g_assert_nonnull (row);
  g_assert_nonnull (find_row (page, "Order shipped"));
  g_assert_nonnull (find_row (page, "Follow-up"));
  toggle = find_descendant (row, GTK_TYPE_SWITCH);
  g_assert_nonnull (toggle);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  thank_you = custcare_templates_get (store, CUSTCARE_TEMPLATE_THANK_YOU, &error);
  g_assert_no_error (error);
  g_assert_true (thank_you->enabled);
  g_assert_null (find_descendant (find_row (page, "Follow-up"), GTK_TYPE_SWITCH));

  /* The template editor: edit the subject, see the preview, leave to save. */
  g_signal_emit_by_name (find_row (page, "Order shipped"), "activated");
  iterate (600);
  {
    GtkWidget *editor = find_row (GTK_WIDGET (dialog), "Subject");
    g_autoptr (CustcareTemplate) shipped = NULL;

    g_assert_nonnull (editor);
    gtk_editable_set_text (GTK_EDITABLE (editor), "Parcel {order_number} left {shop_name}");
    save_shot (GTK_WIDGET (dialog), "email-template-editor.png");
    adw_preferences_dialog_pop_subpage (ADW_PREFERENCES_DIALOG (dialog));
    iterate (600);
    shipped = custcare_templates_get (store, CUSTCARE_TEMPLATE_ORDER_SHIPPED, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (shipped->subject, ==, "Parcel {order_number} left {shop_name}");
  }

  adw_dialog_force_close (dialog);
  iterate (100);

  /* Nowhere in the shop's file. */
  g_clear_object (&store);
  g_assert_false (file_contains (path, password));
  g_assert_false (file_contains (wal, password));

  gtk_window_destroy (GTK_WINDOW (window));
  sink_stop (sink);
}

static void
test_compose_and_outbox (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "compose.db", NULL);
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (GError) error = NULL;
  CustcareOutboxMessage *message;
  CustcareComposeDialog *compose;
  GtkWidget *window, *banner, *send;
  AdwDialog *outbox;
  gint64 id;

  store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  _custcare_store_exec (store,
                        "INSERT INTO customers (id, given_name, family_name, created_at, updated_at, "
                        "  do_not_contact, marketing_consent) VALUES (1, 'Ana', 'Lima', 0, 0, 0, 0), "
                        "  (2, 'Ben', 'Ode', 0, 0, 1, 1);"
                        "INSERT INTO customer_emails (customer_id, address) VALUES (1, 'ana@example.org'), "
                        "  (2, 'ben@example.org');"
                        "INSERT INTO orders (id, number, customer_id, placed_at, status, currency, subtotal, total, "
                        "  created_at, updated_at) VALUES (5, 'ORD-00005', 1, 0, 'confirmed', 'EUR', 1250, 1250, 0, 0);"
                        "INSERT INTO order_items (order_id, description, quantity, unit_price) "
                        "  VALUES (5, 'Linen apron', 1, 1250);"
                        "INSERT INTO settings (key, value) VALUES ('shop.name', 'Corner Shop');",
                        &error);
  g_assert_no_error (error);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 800);
  adw_window_set_content (ADW_WINDOW (window), adw_status_page_new ());
  gtk_window_present (GTK_WINDOW (window));

  /* Marketing to a customer without consent: the dialog says so and Send is off. */
  compose = custcare_compose_dialog_new (store, 1, 0, CUSTCARE_TEMPLATE_FOLLOW_UP);
  adw_dialog_present (ADW_DIALOG (compose), window);
  gtk_test_widget_wait_for_draw (window);
  banner = find_descendant (GTK_WIDGET (compose), ADW_TYPE_BANNER);
  send = find_button (GTK_WIDGET (compose), "_Send");
  g_assert_true (adw_banner_get_revealed (ADW_BANNER (banner)));
  g_assert_nonnull (strstr (adw_banner_get_title (ADW_BANNER (banner)), "marketing"));
  g_assert_false (gtk_widget_get_sensitive (send));
  adw_dialog_force_close (ADW_DIALOG (compose));

  /* A transactional message is fine without consent, and lands in the outbox. */
  compose = custcare_compose_dialog_new (store, 1, 5, CUSTCARE_TEMPLATE_ORDER_CONFIRMED);
  adw_dialog_present (ADW_DIALOG (compose), window);
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (gtk_widget_get_sensitive (find_button (GTK_WIDGET (compose), "_Send")));
  save_shot (GTK_WIDGET (compose), "email-compose.png");
  id = custcare_compose_dialog_send (compose, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  adw_dialog_force_close (ADW_DIALOG (compose));

  /* Do not contact: refused. */
  compose = custcare_compose_dialog_new (store, 2, 0, NULL);
  adw_dialog_present (ADW_DIALOG (compose), window);
  gtk_test_widget_wait_for_draw (window);
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (compose), "_Send")));
  g_assert_cmpint (custcare_compose_dialog_send (compose, &error), ==, 0);
  g_assert_error (error, CUSTCARE_OUTBOX_ERROR, CUSTCARE_OUTBOX_ERROR_DO_NOT_CONTACT);
  g_clear_error (&error);
  adw_dialog_force_close (ADW_DIALOG (compose));

  messages = custcare_outbox_list (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 1);
  message = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (message->to_address, ==, "ana@example.org");
  g_assert_cmpstr (message->subject, ==, "Your order ORD-00005 is confirmed");
  g_assert_nonnull (strstr (message->body, "1 × Linen apron"));
  g_assert_cmpint (message->order_id, ==, 5);

  /* The outbox shows it (no account is set up, so it waits) with Retry and Discard. */
  outbox = ADW_DIALOG (custcare_outbox_dialog_new (store));
  adw_dialog_present (outbox, window);
  iterate (500);
  g_assert_nonnull (find_row (GTK_WIDGET (outbox), message->subject));
  save_shot (GTK_WIDGET (outbox), "email-outbox.png");
  {
    GtkWidget *discard = find_tooltip (find_row (GTK_WIDGET (outbox), message->subject), "Discard");
    g_autoptr (CustcareOutboxMessage) after = NULL;

    g_assert_nonnull (discard);
    g_assert_nonnull (find_tooltip (find_row (GTK_WIDGET (outbox), message->subject), "Retry Now"));
    g_signal_emit_by_name (discard, "clicked");
    after = custcare_outbox_get (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (after->status, ==, CUSTCARE_OUTBOX_DISCARDED);
    /* Reloaded: a discarded message has nothing left to do. */
    g_assert_null (find_tooltip (find_row (GTK_WIDGET (outbox), message->subject), "Discard"));
  }
  adw_dialog_force_close (outbox);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
app_activate_cb (GApplication *app,
                 gpointer      user_data)
{
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  AdwDialog *dialog;

  g_signal_stop_emission_by_name (app, "activate");
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The primary menu's Outbox item. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "outbox", NULL);
  iterate (300);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (CUSTCARE_IS_OUTBOX_DIALOG (dialog));
  adw_dialog_force_close (dialog);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_app_outbox_action (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "app.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (app_activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("custcare-email-prefs-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/email-preferences/account-password-test-message", test_email_page);
  g_test_add_func ("/email-preferences/compose-and-outbox", test_compose_and_outbox);
  g_test_add_func ("/email-preferences/app-outbox-action", test_app_outbox_action);

  status = g_test_run ();
  g_free (tmp_dir);
  return status;
}
