/* test-window.c — the main window, for real, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-application.h"
#include "custcare-window.h"

static char *tmp_dir;

static void
collect_stack_names (AdwViewStack *stack,
                     GPtrArray    *names)
{
  g_autoptr (GtkSelectionModel) pages = adw_view_stack_get_pages (stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      g_ptr_array_add (names, g_strdup (adw_view_stack_page_get_title (page)));
    }
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
find_visible_status_page (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (ADW_IS_STATUS_PAGE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_visible_status_page (child);
      if (found)
        return found;
    }
  return NULL;
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  GtkWidget *split, *stack;
  g_autofree char *db = g_build_filename (tmp_dir, "custcare.db", NULL);

  g_signal_stop_emission_by_name (app, "activate");
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_nonnull (custcare_application_get_store (CUSTCARE_APPLICATION (app)));
  g_assert_null (custcare_application_get_store_error (CUSTCARE_APPLICATION (app)));
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));

  split = find_descendant (GTK_WIDGET (window), ADW_TYPE_NAVIGATION_SPLIT_VIEW);
  g_assert_nonnull (split);
  g_assert_true (gtk_widget_get_mapped (split));

  stack = find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  g_assert_nonnull (stack);
  collect_stack_names (ADW_VIEW_STACK (stack), names);
  g_assert_cmpuint (names->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "Customers");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "Orders");
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "Follow-ups");
  g_assert_cmpstr (g_ptr_array_index (names, 3), ==, "Dashboard");

  /* Alt+2 switches section. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "orders");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "orders");

  /* The app's actions exist. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_main_window (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "custcare.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };
  int status;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  status = g_application_run (G_APPLICATION (app), 3, argv);
  g_assert_cmpint (status, ==, 0);
}

static void
error_activate_cb (GApplication *app,
                   gpointer      user_data)
{
  const char *bad = user_data;
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  GtkWidget *status;
  const char *description;

  g_signal_stop_emission_by_name (app, "activate");
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_null (custcare_application_get_store (CUSTCARE_APPLICATION (app)));
  g_assert_nonnull (custcare_application_get_store_error (CUSTCARE_APPLICATION (app)));

  /* The visible page explains the problem and names the file. */
  status = find_visible_status_page (GTK_WIDGET (window));
  g_assert_nonnull (status);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   "The Customer Database Could Not Be Opened");
  description = adw_status_page_get_description (ADW_STATUS_PAGE (status));
  g_assert_nonnull (strstr (description, bad));
  g_assert_nonnull (strstr (description, "not a CustCare database"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_store_error_page (void)
{
  static const char letter[] = "hello, this is a letter";
  g_autofree char *bad = g_build_filename (tmp_dir, "not-a-db.txt", NULL);
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  char *argv[] = { (char *) "custcare", (char *) "--database", bad, NULL };
  g_autofree char *after = NULL;

  g_file_set_contents (bad, letter, -1, NULL);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (error_activate_cb), bad);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);

  g_file_get_contents (bad, &after, NULL, NULL);
  g_assert_cmpstr (after, ==, letter);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("custcare-gui-XXXXXX", NULL);
  g_test_add_func ("/gui/main-window", test_main_window);
  g_test_add_func ("/gui/store-error-page", test_store_error_page);
  ret = g_test_run ();
  return ret;
}
