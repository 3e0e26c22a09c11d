/* test-log-call.c — log a call with the keyboard alone, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real key presses: xdotool sends them through the X server's XTEST extension, so they reach the
 * app exactly as a receptionist's keyboard would (Ctrl+L, typing, Down, Enter). Set
 * CUSTCARE_SHOTS_DIR to also save screenshots of the dialog, the follow-ups list and a timeline.
 */
#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "custcare-application.h"
#include "custcare-customer.h"
#include "custcare-follow-up-list.h"
#include "custcare-gui-util.h"
#include "custcare-interaction-list.h"
#include "custcare-interactions.h"
#include "custcare-log-call-dialog.h"
#include "custcare-window.h"

static char *tmp_dir;
static char *db_path;
static gint64 ada_id;
static gint64 bob_id;
static gboolean flow_done;

static gint64
add_customer (CustcareStore *store,
              const char    *given,
              const char    *family,
              const char    *phone,
              const char    *email)
{
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_customer_set_given_name (customer, given);
  custcare_customer_set_family_name (customer, family);
  custcare_customer_add_phone (customer, "Mobile", phone);
  if (email != NULL)
    custcare_customer_add_email (customer, "Home", email);
  id = custcare_customer_repo_insert (store, customer, &error);
  g_assert_no_error (error);
  return id;
}

static void
add_interaction (CustcareStore     *store,
                 gint64             customer_id,
                 gint64             occurred_at,
                 CustcareChannel    channel,
                 CustcareDirection  direction,
                 CustcareOutcome    outcome,
                 const char        *notes,
                 int                satisfaction,
                 gint64             due_at,
                 gboolean           done)
{
  g_autoptr (CustcareInteraction) interaction = custcare_interaction_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_interaction_set_customer_id (interaction, customer_id);
  custcare_interaction_set_occurred_at (interaction, occurred_at);
  custcare_interaction_set_channel (interaction, channel);
  custcare_interaction_set_direction (interaction, direction);
  custcare_interaction_set_outcome (interaction, outcome);
  custcare_interaction_set_notes (interaction, notes);
  custcare_interaction_set_satisfaction (interaction, satisfaction);
  custcare_interaction_set_follow_up_due_at (interaction, due_at);
  if (channel == CUSTCARE_CHANNEL_PHONE)
    custcare_interaction_set_duration (interaction, 125);
  id = custcare_interactions_add (store, interaction, &error);
  g_assert_no_error (error);
  if (done)
    g_assert_true (custcare_follow_ups_set_done (store, id, TRUE, &error));
}

static void
seed_shop (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = custcare_store_open (db_path, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 today_start, today_end;
  gint64 grace;

  g_assert_no_error (error);
  custcare_follow_up_get_day (now, NULL, &today_start, &today_end);
  ada_id = add_customer (store, "Ada", "Lovelace", "+44 20 7946 0102", "ada@example.org");
  bob_id = add_customer (store, "Bob", "Marley", "555 867 5309", NULL);
  grace = add_customer (store, "Grace", "Hopper", "+1 202 555 0147", "grace@example.com");

  add_interaction (store, ada_id, now - 86400 * 20, CUSTCARE_CHANNEL_IN_PERSON, CUSTCARE_DIRECTION_INBOUND,
                   CUSTCARE_OUTCOME_SALE, "Bought the walnut cake; loved it", 5, 0, FALSE);
  add_interaction (store, ada_id, now - 86400 * 6, CUSTCARE_CHANNEL_EMAIL, CUSTCARE_DIRECTION_OUTBOUND,
                   CUSTCARE_OUTCOME_INFORMATION, "Sent the allergen list", 0, 0, FALSE);
  add_interaction (store, ada_id, now - 86400 * 3, CUSTCARE_CHANNEL_PHONE, CUSTCARE_DIRECTION_INBOUND,
                   CUSTCARE_OUTCOME_COMPLAINT, "Delivery came an hour late; offered a discount on the next order",
                   2, now - 86400, FALSE);
  add_interaction (store, grace, now - 86400, CUSTCARE_CHANNEL_PHONE, CUSTCARE_DIRECTION_INBOUND,
                   CUSTCARE_OUTCOME_FOLLOW_UP, "Wants a quote for 40 cupcakes", 0, today_end - 3600, FALSE);
  add_interaction (store, bob_id, now - 86400 * 2, CUSTCARE_CHANNEL_PHONE, CUSTCARE_DIRECTION_OUTBOUND,
                   CUSTCARE_OUTCOME_LEFT_MESSAGE, "Left a message about the birthday order", 0,
                   today_end + 86400 * 2 + 3600 * 10, FALSE);
  add_interaction (store, grace, now - 86400 * 8, CUSTCARE_CHANNEL_CHAT, CUSTCARE_DIRECTION_INBOUND,
                   CUSTCARE_OUTCOME_RESOLVED, "Asked for opening hours at Easter", 4, now - 86400 * 5, TRUE);
}

/* Runs xdotool and waits for it: the key events queue up in the X server until we iterate. */
static void
xdotool (const char *first,
         ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_until (Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gboolean
log_call_dialog_shown (gpointer data)
{
  return CUSTCARE_IS_LOG_CALL_DIALOG (adw_application_window_get_visible_dialog (data));
}

static gboolean
no_dialog (gpointer data)
{
  return adw_application_window_get_visible_dialog (data) == NULL;
}

static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (name == NULL || g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), name) == 0))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type, name);
      if (found)
        return found;
    }
  return NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static gboolean
results_listed (gpointer data)
{
  GtkWidget *results = find_descendant (data, GTK_TYPE_LIST_BOX, "results");

  /* One match for "0102" and the "New Customer" row. */
  return results != NULL && gtk_widget_get_visible (results) && count_rows (GTK_LIST_BOX (results)) == 2;
}

static gboolean
customer_chosen (gpointer data)
{
  return custcare_log_call_dialog_get_customer_id (data) == ada_id;
}

static gboolean
notes_typed (gpointer data)
{
  return g_str_equal (gtk_editable_get_text (data), "Asked about the June order");
}

static gboolean
is_focus (gpointer data)
{
  GtkRoot *root = gtk_widget_get_root (data);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == data || gtk_widget_is_ancestor (focus, data));
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
  /* Let transitions (dialogs, the split view) finish. */
  for (gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC; g_get_monotonic_time () < end;)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  if (!custcare_widget_save_png (widget, path, &error))
    g_warning ("Screenshot failed: %s", error->message);
}

static void
focus_window (GtkWindow *window)
{
  g_autofree char *xid = NULL;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  xdotool ("windowfocus", "--sync", xid, NULL);
  for (guint i = 0; i < 50 && !gtk_window_is_active (window); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

static void
run_flow (CustcareApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  CustcareStore *store = custcare_application_get_store (app);
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GError) error = NULL;
  CustcareInteraction *logged;
  CustcareLogCallDialog *dialog;
  GtkWidget *notes, *entry;
  gint64 started = g_get_monotonic_time ();

  g_assert_true (CUSTCARE_IS_WINDOW (window));
  focus_window (window);

  /* Ctrl+L from the main window. */
  xdotool ("key", "--clearmodifiers", "ctrl+l", NULL);
  g_assert_true (wait_until (log_call_dialog_shown, window));
  dialog = CUSTCARE_LOG_CALL_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  entry = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY, "customer_entry");
  notes = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "notes_row");
  g_assert_nonnull (entry);
  g_assert_nonnull (notes);
  g_assert_true (wait_until (is_focus, entry));

  /* Part of Ada's number, as a caller's display shows it. */
  xdotool ("type", "--delay", "40", "0102", NULL);
  g_assert_true (wait_until (results_listed, dialog));
  save_shot (GTK_WIDGET (window), "log-call-search.png");

  xdotool ("key", "--delay", "60", "Down", "Return", NULL);
  g_assert_true (wait_until (customer_chosen, dialog));
  g_assert_true (wait_until (is_focus, notes));

  xdotool ("type", "--delay", "20", "Asked about the June order", NULL);
  g_assert_true (wait_until (notes_typed, notes));
  /* Tab reaches direction and outcome: make it an outgoing call. */
  xdotool ("key", "--delay", "60", "Tab", NULL);
  g_assert_true (wait_until (is_focus, find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "direction_row")));
  xdotool ("key", "--delay", "60", "shift+Tab", NULL);
  g_assert_true (wait_until (is_focus, notes));
  save_shot (GTK_WIDGET (window), "log-call-dialog.png");

  xdotool ("key", "Return", NULL);
  g_assert_true (wait_until (no_dialog, window));
  g_test_message ("Call logged in %.1f s of keyboard input (xdotool delays included)",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  page = custcare_interactions_list_page (store, ada_id, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  logged = g_ptr_array_index (page, 0);
  g_assert_cmpstr (custcare_interaction_get_notes (logged), ==, "Asked about the June order");
  g_assert_cmpint (custcare_interaction_get_channel (logged), ==, CUSTCARE_CHANNEL_PHONE);
  g_assert_cmpint (custcare_interaction_get_direction (logged), ==, CUSTCARE_DIRECTION_INBOUND);
  g_assert_cmpint (custcare_interaction_get_duration (logged), >=, 0);
  g_assert_cmpint (custcare_interaction_get_occurred_at (logged), >=, g_get_real_time () / G_USEC_PER_SEC - 60);

  /* Opening the customer (as a follow-up notification does) shows the call on their timeline. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "follow-ups");
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-customer", g_variant_new_int64 (ada_id));
  {
    GtkWidget *detail = custcare_window_get_detail (CUSTCARE_WINDOW (window));
    GtkWidget *list = detail != NULL ? find_descendant (detail, CUSTCARE_TYPE_INTERACTION_LIST, NULL) : NULL;
    g_autoptr (CustcareInteraction) top = NULL;

    g_assert_nonnull (list);
    top = g_list_model_get_item (custcare_interaction_list_get_model (CUSTCARE_INTERACTION_LIST (list)), 0);
    g_assert_cmpstr (custcare_interaction_get_notes (top), ==, "Asked about the June order");
  }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  save_shot (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)), "follow-ups-and-timeline.png");
}

/* An unknown caller becomes a customer without leaving the dialog. */
static void
run_new_customer_flow (CustcareApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  CustcareStore *store = custcare_application_get_store (app);
  g_autoptr (CustcareCustomer) customer = NULL;
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (GError) error = NULL;
  CustcareLogCallDialog *dialog;
  GtkWidget *name;
  gint64 new_id;

  xdotool ("key", "--clearmodifiers", "ctrl+l", NULL);
  g_assert_true (wait_until (log_call_dialog_shown, window));
  dialog = CUSTCARE_LOG_CALL_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  name = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "new_name_row");
  g_assert_true (wait_until (is_focus, find_descendant (GTK_WIDGET (dialog), GTK_TYPE_SEARCH_ENTRY, "customer_entry")));

  xdotool ("type", "--delay", "30", "0777 123 999", NULL);
  /* Nobody matches: Enter takes the only row, "New Customer". */
  xdotool ("key", "Return", NULL);
  if (!wait_until (is_focus, name))
    save_shot (GTK_WIDGET (window), "log-call-new-customer-failed.png");
  g_assert_true (wait_until (is_focus, name));
  save_shot (GTK_WIDGET (window), "log-call-new-customer.png");
  xdotool ("type", "--delay", "20", "Margaret Hamilton", NULL);
  /* Enter in the new customer's name goes on to the notes. */
  xdotool ("key", "Return", NULL);
  g_assert_true (wait_until (is_focus, find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, "notes_row")));
  xdotool ("type", "--delay", "20", "Wants a wedding cake", NULL);
  xdotool ("key", "Return", NULL);
  g_assert_true (wait_until (no_dialog, window));

  page = custcare_interactions_list_page (store, 4, NULL, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 1);
  new_id = custcare_interaction_get_customer_id (g_ptr_array_index (page, 0));
  customer = custcare_customer_repo_get (store, new_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (custcare_customer_get_given_name (customer), ==, "Margaret");
  g_assert_cmpstr (custcare_customer_get_family_name (customer), ==, "Hamilton");
  g_assert_cmpstr (custcare_customer_get_primary_phone (customer), ==, "0777 123 999");
  g_assert_cmpstr (custcare_interaction_get_notes (g_ptr_array_index (page, 0)), ==, "Wants a wedding cake");
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  run_flow (CUSTCARE_APPLICATION (app));
  run_new_customer_flow (CUSTCARE_APPLICATION (app));
  flow_done = TRUE;
  gtk_window_destroy (window);
}

/* The seeded overdue follow-up raises a notification at start: give it somewhere to go, as
 * GNOME Shell would (test-follow-up-notifications checks what is sent). */
static void
notification_call_cb (GDBusConnection       *connection,
                      const char            *sender,
                      const char            *object_path,
                      const char            *interface_name,
                      const char            *method_name,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation,
                      gpointer               user_data)
{
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static guint
own_notification_server (GDBusConnection **out_connection)
{
  static const char xml[] =
    "<node><interface name='org.gtk.Notifications'>"
    "<method name='AddNotification'><arg type='s'/><arg type='s'/><arg type='a{sv}'/></method>"
    "<method name='RemoveNotification'><arg type='s'/><arg type='s'/></method>"
    "</interface></node>";
  static const GDBusInterfaceVTable vtable = { .method_call = notification_call_cb };
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (xml, &error);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr (GVariant) reply = NULL;
  GDBusConnection *connection;
  guint id;

  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, "/org/gtk/Notifications", info->interfaces[0], &vtable,
                                     NULL, NULL, &error);
  g_assert_no_error (error);
  id = g_bus_own_name_on_connection (connection, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                     NULL, NULL, NULL, NULL);
  /* RequestName is in flight: a round trip on the same connection makes sure it was handled. */
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetNameOwner", g_variant_new ("(s)", "org.gtk.Notifications"),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  *out_connection = connection;
  return id;
}

static void
test_log_call_keyboard_only (void)
{
  g_autoptr (CustcareApplication) app = NULL;
  g_autoptr (GDBusConnection) notification_server = NULL;
  guint owner_id;
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  char *argv[] = { (char *) "custcare", (char *) "--database", db_path, NULL };

  if (xdotool_path == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X display to press real keys");
      return;
    }

  owner_id = own_notification_server (&notification_server);
  seed_shop ();
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
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("custcare-log-call-XXXXXX", NULL);
  db_path = g_build_filename (tmp_dir, "shop.db", NULL);
  g_test_add_func ("/gui/log-call/keyboard-only", test_log_call_keyboard_only);
  ret = g_test_run ();
  g_free (db_path);
  g_free (tmp_dir);
  return ret;
}
