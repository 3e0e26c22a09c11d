/* test-customer-list.c — the customer list and page, for real, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Set CUSTCARE_SCREENSHOT_DIR to also save PNGs of what the test sees.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-application.h"
#include "custcare-customer-list.h"
#include "custcare-customer-page.h"
#include "custcare-gui-util.h"
#include "custcare-window.h"

static char *tmp_dir;
static gint64 ada_id, bob_id;

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds; fails the test after a few seconds. */
static void
wait_until (Condition  condition,
            gpointer   data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
search_settled (gpointer data)
{
  CustcareCustomerList *list = data;
  CustcareCustomerListModel *model = custcare_customer_list_get_model (list);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (custcare_customer_list_get_search_entry (list)));
  const CustcareCustomerQuery *query = custcare_customer_list_model_get_query (model);

  /* The entry's text reached the model (after the entry's typing delay) and the search is done. */
  return g_strcmp0 (query->text ? query->text : "", typed) == 0 && !custcare_customer_list_model_get_searching (model);
}

static void
type_and_wait (CustcareCustomerList *list,
               const char           *text)
{
  gtk_editable_set_text (GTK_EDITABLE (custcare_customer_list_get_search_entry (list)), text);
  wait_until (search_settled, list, "the search to finish");
  /* One more frame so the list view shows the new rows. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

/* The text the list view shows right now. */
static char *
visible_rows (CustcareCustomerList *list)
{
  GString *out = g_string_new (NULL);
  GtkWidget *view = NULL;

  for (GtkWidget *w = GTK_WIDGET (list); w != NULL;)
    {
      if (GTK_IS_LIST_VIEW (w))
        {
          view = w;
          break;
        }
      /* depth-first search for the GtkListView */
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && w != GTK_WIDGET (list) && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = (w == NULL || w == GTK_WIDGET (list)) ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (view);
  collect_labels (view, out);
  return g_string_free (out, FALSE);
}

static void
maybe_screenshot (GtkWidget  *window,
                  const char *name)
{
  const char *dir = g_getenv ("CUSTCARE_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (dir == NULL)
    return;
  for (guint i = 0; i < 30; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (window);
  path = g_build_filename (dir, name, NULL);
  if (!custcare_widget_save_png (window, path, &error))
    g_warning ("%s", error->message);
}

static GtkWidget *
find_group (GtkWidget  *widget,
            const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (widget) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_group (child, title);
      if (found)
        return found;
    }
  return NULL;
}

static gboolean
duplicates_shown (gpointer data)
{
  GtkWidget *group = find_group (data, "Possible Duplicates");

  return group != NULL && gtk_widget_get_visible (group);
}

static void
fill_shop (CustcareStore *store)
{
  g_autoptr (GError) error = NULL;
  static const char *given[] = { "Anna", "Ben", "Chloé", "Dev", "Emil", "Farah", "Gus", "Hana" };
  static const char *family[] = { "Smith", "Jones", "Okafor", "Novak", "Rossi", "Tanaka" };

  for (guint i = 0; i < 240; i++)
    {
      g_autoptr (CustcareCustomer) c = custcare_customer_new ();
      g_autofree char *phone = g_strdup_printf ("0161 496 %04u", i);

      custcare_customer_set_given_name (c, given[i % G_N_ELEMENTS (given)]);
      custcare_customer_set_family_name (c, family[(i / 8) % G_N_ELEMENTS (family)]);
      custcare_customer_add_phone (c, "Mobile", phone);
      if (i % 5 == 0)
        custcare_customer_add_tag (c, "regular");
      g_assert_cmpint (custcare_customer_repo_insert (store, c, &error), >, 0);
    }

  {
    g_autoptr (CustcareCustomer) ada = custcare_customer_new ();
    g_autoptr (CustcareCustomer) bob = custcare_customer_new ();

    custcare_customer_set_given_name (ada, "Ada");
    custcare_customer_set_family_name (ada, "Lovelace");
    custcare_customer_set_company (ada, "Analytical Engines");
    custcare_customer_add_phone (ada, "Mobile", "+1 (555) 010-2030");
    custcare_customer_add_email (ada, "Work", "ada@engines.example.com");
    custcare_customer_add_tag (ada, "VIP");
    custcare_customer_set_notes (ada, "Prefers calls after 2 pm.");
    custcare_customer_set_marketing_consent (ada, TRUE, 0);
    ada_id = custcare_customer_repo_insert (store, ada, &error);
    g_assert_no_error (error);
    custcare_customer_set_given_name (bob, "Bob");
    custcare_customer_set_family_name (bob, "Byte");
    bob_id = custcare_customer_repo_insert (store, bob, &error);
    g_assert_no_error (error);
  }
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  CustcareCustomerList *list;
  CustcareCustomerListModel *model;
  GtkWidget *entry, *detail;
  g_autofree char *rows = NULL;

  g_signal_stop_emission_by_name (app, "activate");
  g_assert_nonnull (store);
  fill_shop (store);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  list = custcare_customer_list_find (GTK_WIDGET (window));
  g_assert_nonnull (list);
  model = custcare_customer_list_get_model (list);
  g_assert_nonnull (model);
  entry = custcare_customer_list_get_search_entry (list);
  /* The model counted before the shop was filled here: show the shop as it is now. */
  custcare_customer_list_model_reload (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 242);

  /* Ctrl+F's action focuses the search entry. */
  gtk_widget_activate_action (GTK_WIDGET (list), "customers.focus-search", NULL);
  g_assert_true (gtk_widget_has_focus (entry) || gtk_widget_is_focus (gtk_widget_get_first_child (entry)) ||
                 gtk_widget_get_focus_child (entry) != NULL);

  /* Typing filters the list: by name... */
  type_and_wait (list, "lovel");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  rows = visible_rows (list);
  g_assert_nonnull (strstr (rows, "Ada Lovelace"));
  g_assert_null (strstr (rows, "Smith"));
  maybe_screenshot (GTK_WIDGET (window), "customer-search.png");
  g_clear_pointer (&rows, g_free);

  /* ...by a phone number typed differently... */
  type_and_wait (list, "010 2030");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  /* ...and by a prefix shared by many. */
  type_and_wait (list, "smi");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 40);
  rows = visible_rows (list);
  g_assert_nonnull (strstr (rows, "Smith"));
  g_assert_null (strstr (rows, "Lovelace"));
  g_clear_pointer (&rows, g_free);

  /* Nothing found says so. */
  type_and_wait (list, "zzzz");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* Escape clears the search and the whole list is back. */
  type_and_wait (list, "ada");
  g_signal_emit_by_name (entry, "stop-search");
  wait_until (search_settled, list, "the cleared search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 242);

  /* Enter opens the first match in the content pane. */
  type_and_wait (list, "ada lov");
  g_signal_emit_by_name (entry, "activate");
  detail = custcare_window_get_detail (window);
  g_assert_true (CUSTCARE_IS_CUSTOMER_PAGE (detail));
  g_assert_cmpint (custcare_customer_page_get_customer_id (CUSTCARE_CUSTOMER_PAGE (detail)), ==, ada_id);
  maybe_screenshot (GTK_WIDGET (window), "customer-page.png");

  /* Ctrl+N with a name typed: a draft prefilled with it, and Ada shown as a possible duplicate. */
  type_and_wait (list, "Ada Lovelase");
  g_action_group_activate_action (G_ACTION_GROUP (app), "new-customer", NULL);
  detail = custcare_window_get_detail (window);
  g_assert_true (CUSTCARE_IS_CUSTOMER_PAGE (detail));
  g_assert_cmpint (custcare_customer_page_get_customer_id (CUSTCARE_CUSTOMER_PAGE (detail)), ==, 0);
  g_assert_cmpstr (custcare_customer_get_family_name (custcare_customer_page_get_customer (CUSTCARE_CUSTOMER_PAGE (detail))),
                   ==, "Lovelase");
  wait_until (duplicates_shown, detail, "possible duplicates");
  maybe_screenshot (GTK_WIDGET (window), "customer-new.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_customer_list (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "shop.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("custcare-customer-gui-XXXXXX", NULL);
  g_test_add_func ("/gui/customer-list", test_customer_list);
  return g_test_run ();
}
