/* test-follow-up-notifications.c — follow-up reminders reach the desktop as notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tests run on a private session bus. This test owns org.gtk.Notifications there (what GNOME
 * Shell owns on a desktop), so GApplication's own notification backend sends its AddNotification
 * calls to us, and we check exactly what a user would see and what clicking would do.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "custcare-application.h"
#include "custcare-customer.h"
#include "custcare-follow-up-list.h"
#include "custcare-follow-up-notifier.h"
#include "custcare-interaction-list.h"
#include "custcare-interactions.h"
#include "custcare-window.h"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  char     *app_id;
  char     *id;
  GVariant *notification;   /* a{sv} */
} Sent;

static GPtrArray *sent;        /* Sent */
static GPtrArray *removed;     /* char *id */
static char *db_path;
static gint64 grace_id;
static gint64 soon_id;
static gint64 overdue_ids[5];
static gboolean flow_done;

static void
sent_free (Sent *s)
{
  g_free (s->app_id);
  g_free (s->id);
  g_variant_unref (s->notification);
  g_free (s);
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  if (g_str_equal (method_name, "AddNotification"))
    {
      Sent *s = g_new0 (Sent, 1);

      g_variant_get (parameters, "(ss@a{sv})", &s->app_id, &s->id, &s->notification);
      g_ptr_array_add (sent, s);
    }
  else
    {
      char *app_id, *id;

      g_variant_get (parameters, "(ss)", &app_id, &id);
      g_ptr_array_add (removed, id);
      g_free (app_id);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static const GDBusInterfaceVTable vtable = { .method_call = method_call_cb };

/* A second connection, so the server is a separate peer on the bus, as GNOME Shell would be. */
static GDBusConnection *
start_notification_server (guint *out_owner_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  GDBusConnection *connection;
  gboolean acquired = FALSE;

  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, "/org/gtk/Notifications", info->interfaces[0], &vtable,
                                     NULL, NULL, &error);
  g_assert_no_error (error);
  *out_owner_id = g_bus_own_name_on_connection (connection, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                                name_acquired_cb, NULL, &acquired, NULL);
  while (!acquired)
    g_main_context_iteration (NULL, TRUE);
  return connection;
}

static gint64
add_follow_up (CustcareStore *store,
               const char    *subject,
               gint64         due_at)
{
  g_autoptr (CustcareInteraction) interaction = custcare_interaction_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_interaction_set_customer_id (interaction, grace_id);
  custcare_interaction_set_subject (interaction, subject);
  custcare_interaction_set_follow_up_due_at (interaction, due_at);
  id = custcare_interactions_add (store, interaction, &error);
  g_assert_no_error (error);
  return id;
}

static void
seed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = custcare_store_open (db_path, &error);
  g_autoptr (CustcareCustomer) grace = custcare_customer_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 done;

  g_assert_no_error (error);
  custcare_customer_set_given_name (grace, "Grace");
  custcare_customer_set_family_name (grace, "Hopper");
  grace_id = custcare_customer_repo_insert (store, grace, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (overdue_ids); i++)
    {
      g_autofree char *subject = g_strdup_printf ("Missed call-back %u", i + 1);
      overdue_ids[i] = add_follow_up (store, subject, now - 86400 * (5 - i));
    }
  done = add_follow_up (store, "Already handled", now - 3600);
  g_assert_true (custcare_follow_ups_set_done (store, done, TRUE, &error));
}

static Sent *
find_sent (const char *id)
{
  for (guint i = 0; i < sent->len; i++)
    {
      Sent *s = g_ptr_array_index (sent, i);
      if (g_str_equal (s->id, id))
        return s;
    }
  return NULL;
}

static void
check_follow_up_notification (GApplication *app,
                              gint64        interaction_id,
                              const char   *subject)
{
  g_autofree char *id = custcare_follow_up_notifier_dup_id (interaction_id);
  Sent *s = find_sent (id);
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *action = NULL;
  g_autoptr (GVariant) target = NULL;
  g_autoptr (GVariant) buttons = NULL;
  g_autoptr (GVariant) button = NULL;
  g_autofree char *button_action = NULL;
  g_autoptr (GVariant) button_target = NULL;

  g_assert_nonnull (s);
  g_assert_cmpstr (s->app_id, ==, g_application_get_application_id (app));
  g_assert_true (g_variant_lookup (s->notification, "title", "s", &title));
  g_assert_cmpstr (title, ==, "Follow up with Grace Hopper");
  g_assert_true (g_variant_lookup (s->notification, "body", "s", &body));
  g_assert_nonnull (strstr (body, subject));
  /* Clicking it opens the customer. */
  g_assert_true (g_variant_lookup (s->notification, "default-action", "s", &action));
  g_assert_cmpstr (action, ==, "app.open-customer");
  target = g_variant_lookup_value (s->notification, "default-action-target", G_VARIANT_TYPE_INT64);
  g_assert_nonnull (target);
  g_assert_cmpint (g_variant_get_int64 (target), ==, grace_id);
  /* And it can be marked done from the notification. */
  buttons = g_variant_lookup_value (s->notification, "buttons", G_VARIANT_TYPE ("aa{sv}"));
  g_assert_nonnull (buttons);
  g_assert_cmpuint (g_variant_n_children (buttons), ==, 1);
  button = g_variant_get_child_value (buttons, 0);
  g_assert_true (g_variant_lookup (button, "action", "s", &button_action));
  g_assert_cmpstr (button_action, ==, "app.follow-up-done");
  button_target = g_variant_lookup_value (button, "target", G_VARIANT_TYPE_INT64);
  g_assert_cmpint (g_variant_get_int64 (button_target), ==, interaction_id);
}

static gboolean
wait_for (guint     *counter,
          guint      at_least)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (*counter < at_least && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return *counter >= at_least;
}

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
find_tooltip (GtkWidget  *widget,
              const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip (child, tooltip);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr (CustcareInteraction) soon = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *soon_notification = NULL;
  guint wake = g_timeout_add (100, wake_cb, NULL);
  g_autofree char *title = NULL;
  Sent *summary;

  /* At start: the three oldest overdue ones, one each, and a summary of the other two. */
  g_assert_true (wait_for (&sent->len, 4));
  g_assert_cmpuint (sent->len, ==, 4);
  check_follow_up_notification (app, overdue_ids[0], "Missed call-back 1");
  check_follow_up_notification (app, overdue_ids[1], "Missed call-back 2");
  check_follow_up_notification (app, overdue_ids[2], "Missed call-back 3");
  summary = find_sent ("follow-ups-overdue");
  g_assert_nonnull (summary);
  g_assert_true (g_variant_lookup (summary->notification, "title", "s", &title));
  g_assert_cmpstr (title, ==, "2 more follow-ups are overdue");

  /* A follow-up logged while the app runs re-arms the reminder, which fires when it falls due. */
  soon_id = add_follow_up (store, "Quote for 40 cupcakes", g_get_real_time () / G_USEC_PER_SEC + 2);
  soon_notification = custcare_follow_up_notifier_dup_id (soon_id);
  g_assert_null (find_sent (soon_notification));
  g_assert_true (wait_for (&sent->len, 5));
  check_follow_up_notification (app, soon_id, "Quote for 40 cupcakes");
  g_assert_cmpuint (sent->len, ==, 5);

  /* The notification's default action opens the customer in the window... */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-customer", g_variant_new_int64 (grace_id));
  g_assert_nonnull (custcare_window_get_detail (CUSTCARE_WINDOW (window)));
  g_assert_cmpstr (adw_navigation_page_get_title (ADW_NAVIGATION_PAGE (gtk_widget_get_ancestor (custcare_window_get_detail (CUSTCARE_WINDOW (window)), ADW_TYPE_NAVIGATION_PAGE))),
                   ==, "Grace Hopper");
  /* ...with her interactions, where the follow-up is. */
  {
    GtkWidget *list = find_descendant (custcare_window_get_detail (CUSTCARE_WINDOW (window)), CUSTCARE_TYPE_INTERACTION_LIST);

    g_assert_nonnull (list);
    g_assert_cmpint (custcare_interaction_list_get_customer_id (CUSTCARE_INTERACTION_LIST (list)), ==, grace_id);
  }

  /* ...and its button marks the follow-up done and withdraws the notification. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "follow-up-done", g_variant_new_int64 (soon_id));
  soon = custcare_interactions_get (store, soon_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (custcare_interaction_get_follow_up_done_at (soon), >, 0);
  g_assert_true (wait_for (&removed->len, 1));
  g_assert_cmpstr (g_ptr_array_index (removed, 0), ==, soon_notification);

  /* The Follow-ups list: the overdue ones are there, oldest first; its Mark Done button closes
   * the follow-up and withdraws its notification; Snooze moves one to tomorrow morning. */
  {
    GtkWidget *list = find_descendant (GTK_WIDGET (window), CUSTCARE_TYPE_FOLLOW_UP_LIST);
    GtkListBox *overdue, *upcoming;
    GtkListBoxRow *row;
    GtkWidget *done_button;
    g_autoptr (CustcareInteraction) first = NULL;
    g_autoptr (CustcareInteraction) snoozed = NULL;
    g_autofree char *first_notification = custcare_follow_up_notifier_dup_id (overdue_ids[0]);
    gint64 tomorrow;

    g_assert_nonnull (list);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    overdue = custcare_follow_up_list_get_rows (CUSTCARE_FOLLOW_UP_LIST (list), CUSTCARE_FOLLOW_UP_OVERDUE);
    row = gtk_list_box_get_row_at_index (overdue, 0);
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Grace Hopper");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Missed call-back 1"));
    g_assert_nonnull (gtk_list_box_get_row_at_index (overdue, 4));
    g_assert_null (gtk_list_box_get_row_at_index (overdue, 5));

    done_button = find_tooltip (GTK_WIDGET (row), "Mark Done");
    g_assert_nonnull (done_button);
    g_signal_emit_by_name (done_button, "clicked");
    first = custcare_interactions_get (store, overdue_ids[0], &error);
    g_assert_no_error (error);
    g_assert_cmpint (custcare_interaction_get_follow_up_done_at (first), >, 0);
    g_assert_true (wait_for (&removed->len, 2));
    g_assert_cmpstr (g_ptr_array_index (removed, 1), ==, first_notification);
    g_assert_null (gtk_list_box_get_row_at_index (overdue, 4));

    gtk_widget_activate_action (list, "follow-ups.snooze", "(xu)", overdue_ids[1], (guint32) CUSTCARE_SNOOZE_TOMORROW);
    snoozed = custcare_interactions_get (store, overdue_ids[1], &error);
    tomorrow = custcare_follow_up_snooze_until (CUSTCARE_SNOOZE_TOMORROW, g_get_real_time () / G_USEC_PER_SEC, NULL);
    g_assert_cmpint (llabs (custcare_interaction_get_follow_up_due_at (snoozed) - tomorrow), <=, 86400);
    upcoming = custcare_follow_up_list_get_rows (CUSTCARE_FOLLOW_UP_LIST (list), CUSTCARE_FOLLOW_UP_UPCOMING);
    g_assert_nonnull (gtk_list_box_get_row_at_index (upcoming, 0));
    g_assert_null (gtk_list_box_get_row_at_index (overdue, 3));
  }

  g_source_remove (wake);
  flow_done = TRUE;
  gtk_window_destroy (window);
}

static void
test_notifications (void)
{
  g_autoptr (CustcareApplication) app = NULL;
  g_autoptr (GDBusConnection) server = NULL;
  char *argv[] = { (char *) "custcare", (char *) "--database", db_path, NULL };
  guint owner_id;

  server = start_notification_server (&owner_id);
  seed ();
  app = custcare_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (flow_done);
  g_bus_unown_name (owner_id);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sent = g_ptr_array_new_with_free_func ((GDestroyNotify) sent_free);
  removed = g_ptr_array_new_with_free_func (g_free);
  dir = g_dir_make_tmp ("custcare-notify-XXXXXX", NULL);
  db_path = g_build_filename (dir, "shop.db", NULL);
  g_test_add_func ("/gui/follow-up-notifications", test_notifications);
  ret = g_test_run ();
  g_ptr_array_unref (sent);
  g_ptr_array_unref (removed);
  g_free (db_path);
  return ret;
}
