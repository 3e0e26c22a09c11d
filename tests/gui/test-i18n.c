/* test-i18n.c — CustCare speaks the user's language: German here, through the real catalog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs with LANGUAGE=de and the de_DE.UTF-8 locale, binds the custcare domain to the catalog built
 * from po/de.po, opens the main window and checks what a German user reads: the window's labels,
 * the words the core uses (order states), money with a decimal comma and the symbol after the
 * amount, and dates as Germans write them.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "custcare-application.h"
#include "custcare-money.h"
#include "custcare-orders.h"
#include "custcare-window.h"

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

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  AdwViewStack *sections;
  g_autoptr (GtkSelectionModel) pages = NULL;
  g_autoptr (GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  g_signal_stop_emission_by_name (app, "activate");
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  sections = ADW_VIEW_STACK (find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (sections);
  pages = adw_view_stack_get_pages (sections);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr (AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      g_ptr_array_add (titles, g_strdup (adw_view_stack_page_get_title (page)));
    }
  g_assert_cmpuint (titles->len, >=, 4);
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "Kunden");
  g_assert_cmpstr (g_ptr_array_index (titles, 1), ==, "Bestellungen");
  g_assert_cmpstr (g_ptr_array_index (titles, 2), ==, "Wiedervorlagen");
  g_assert_cmpstr (g_ptr_array_index (titles, 3), ==, "Übersicht");
  /* The name of the app is a name: never translated. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "CustCare");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_in_german (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "custcare.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

static void
test_core_words_in_german (void)
{
  /* The core translates through its own gettext calls (gi18n-lib.h), not through GTK. */
  g_assert_cmpstr (custcare_order_status_get_label (CUSTCARE_ORDER_STATUS_READY), ==, "Abholbereit");
  g_assert_cmpstr (custcare_order_status_get_label (CUSTCARE_ORDER_STATUS_CANCELLED), ==, "Storniert");
  g_assert_cmpstr (_("Preferences"), ==, "Einstellungen");
}

static void
test_money_in_german (void)
{
  g_autofree char *euros = custcare_money_format (123456, "EUR");
  g_autofree char *small = custcare_money_format (5, "EUR");

  /* 1.234,56 € with a no-break space before the symbol. */
  g_assert_cmpstr (euros, ==, "1.234,56\u00a0€");
  g_assert_cmpstr (small, ==, "0,05\u00a0€");
}

static void
test_dates_in_german (void)
{
  g_autoptr (GDateTime) date = g_date_time_new_local (2026, 3, 7, 12, 0, 0);
  g_autofree char *text = g_date_time_format (date, "%x");
  g_autofree char *month = g_date_time_format (date, "%B");

  /* The format the list rows use: the locale's own date. */
  g_assert_cmpstr (text, ==, "07.03.2026");
  g_assert_cmpstr (month, ==, "März");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() settles on a fixed English locale; this test is about German. */
  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_print ("1..0 # SKIP the de_DE.UTF-8 locale is not installed (Debian: locales-all)\n");
      return 0;
    }
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("custcare-i18n-XXXXXX", NULL);
  g_test_add_func ("/i18n/core-words", test_core_words_in_german);
  g_test_add_func ("/i18n/money", test_money_in_german);
  g_test_add_func ("/i18n/dates", test_dates_in_german);
  g_test_add_func ("/i18n/window", test_window_in_german);
  return g_test_run ();
}
