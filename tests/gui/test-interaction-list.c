/* test-interaction-list.c — a customer's timeline: paging, edit with Enter, Delete and Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "custcare-application.h"
#include "custcare-customer.h"
#include "custcare-interaction-list.h"
#include "custcare-interaction-timeline.h"
#include "custcare-interactions.h"
#include "custcare-log-call-dialog.h"
#include "custcare-store-private.h"
#include "custcare-window.h"

#define N_INTERACTIONS 1200

static char *db_path;
static gint64 customer_id;
static gint64 newest_id;
static gboolean flow_done;

static void
seed (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = custcare_store_open (db_path, &error);
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_no_error (error);
  custcare_customer_set_display_name (customer, "Corner Bakery");
  customer_id = custcare_customer_repo_insert (store, customer, &error);
  g_assert_no_error (error);
  /* One statement, not 1,200 transactions: the test is about the view, not about inserting. */
  {
    g_autofree char *sql = g_strdup_printf ("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
                                            " INSERT INTO interactions (customer_id, occurred_at, notes, created_at, updated_at)"
                                            " SELECT %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " - (%d - i) * 3600,"
                                            " 'Weekly bread order ' || i, 1, 1 FROM n",
                                            N_INTERACTIONS - 1, customer_id, now, N_INTERACTIONS);

    g_assert_true (_custcare_store_exec (store, sql, &error));
    g_assert_no_error (error);
    newest_id = sqlite3_last_insert_rowid (_custcare_store_get_db (store));
  }
}

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

static GListModel *model;

static gboolean
count_is (gpointer data)
{
  return g_list_model_get_n_items (model) == GPOINTER_TO_UINT (data);
}

static gboolean
edit_dialog_shown (gpointer data)
{
  return CUSTCARE_IS_LOG_CALL_DIALOG (adw_application_window_get_visible_dialog (data));
}

static gboolean
no_dialog (gpointer data)
{
  return adw_application_window_get_visible_dialog (data) == NULL;
}

static gboolean
focus_in_dialog (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (data);
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) : NULL;

  return row != NULL && gtk_widget_get_ancestor (row, CUSTCARE_TYPE_LOG_CALL_DIALOG) != NULL;
}

static gboolean
undo_shown (gpointer data)
{
  return find_button (data, "_Undo") != NULL;
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  g_autoptr (CustcareInteraction) first = NULL;
  g_autoptr (CustcareInteraction) restored = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *xid = NULL;
  GtkWidget *page, *list, *list_view;
  gint64 started;

  started = g_get_monotonic_time ();
  page = custcare_interaction_list_new_page (store, customer_id, &title, &error);
  g_assert_no_error (error);
  custcare_window_show_detail (CUSTCARE_WINDOW (window), page, title);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_test_message ("Timeline of %d interactions shown in %.1f ms", N_INTERACTIONS,
                  (g_get_monotonic_time () - started) / 1000.0);
  g_assert_cmpstr (title, ==, "Corner Bakery");

  list = find_descendant (page, CUSTCARE_TYPE_INTERACTION_LIST);
  list_view = find_descendant (list, GTK_TYPE_LIST_VIEW);
  model = custcare_interaction_list_get_model (CUSTCARE_INTERACTION_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_INTERACTIONS);
  /* Drawing the first screen read a few pages (GtkListView keeps ~200 rows around what it shows),
   * not the whole history. */
  g_test_message ("Rows read to draw the first screen: %u",
                  custcare_interaction_timeline_get_n_loaded (CUSTCARE_INTERACTION_TIMELINE (model)));
  g_assert_cmpuint (custcare_interaction_timeline_get_n_loaded (CUSTCARE_INTERACTION_TIMELINE (model)), <=, 300);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpint (custcare_interaction_get_id (first), ==, newest_id);

  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  xdotool ("windowfocus", "--sync", xid, NULL);
  gtk_list_view_scroll_to (GTK_LIST_VIEW (list_view), 0, GTK_LIST_SCROLL_FOCUS, NULL);
  gtk_widget_grab_focus (list_view);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Enter on the newest entry opens it for editing; Escape closes without saving. */
  xdotool ("key", "Return", NULL);
  g_assert_true (wait_until (edit_dialog_shown, window));
  g_assert_cmpstr (adw_dialog_get_title (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window))),
                   ==, "Edit Interaction");
  /* Keyboard focus lands in the dialog, on the notes. */
  g_assert_true (wait_until (focus_in_dialog, window));
  xdotool ("key", "Escape", NULL);
  g_assert_true (wait_until (no_dialog, window));

  /* Delete removes it, and Undo in the toast brings it back with the same id. */
  gtk_list_view_scroll_to (GTK_LIST_VIEW (list_view), 0, GTK_LIST_SCROLL_FOCUS, NULL);
  gtk_widget_grab_focus (list_view);
  xdotool ("key", "Delete", NULL);
  g_assert_true (wait_until (count_is, GUINT_TO_POINTER (N_INTERACTIONS - 1)));
  g_assert_null (custcare_interactions_get (store, newest_id, NULL));
  g_assert_true (wait_until (undo_shown, window));
  gtk_widget_activate (find_button (GTK_WIDGET (window), "_Undo"));
  g_assert_true (wait_until (count_is, GUINT_TO_POINTER (N_INTERACTIONS)));
  restored = custcare_interactions_get (store, newest_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (custcare_interaction_get_notes (restored), ==, "Weekly bread order 1199");

  /* Scrolling to the oldest reads pages up to it. */
  {
    g_autoptr (CustcareInteraction) oldest = g_list_model_get_item (model, N_INTERACTIONS - 1);
    g_assert_cmpstr (custcare_interaction_get_notes (oldest), ==, "Weekly bread order 0");
  }

  flow_done = TRUE;
  gtk_window_destroy (window);
}

static void
test_timeline (void)
{
  g_autoptr (CustcareApplication) app = NULL;
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");
  char *argv[] = { (char *) "custcare", (char *) "--database", db_path, NULL };

  if (xdotool_path == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and an X display to press real keys");
      return;
    }
  seed ();
  app = custcare_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
  g_assert_true (flow_done);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  dir = g_dir_make_tmp ("custcare-timeline-XXXXXX", NULL);
  db_path = g_build_filename (dir, "shop.db", NULL);
  g_test_add_func ("/gui/interaction-list/timeline", test_timeline);
  ret = g_test_run ();
  g_free (db_path);
  return ret;
}
