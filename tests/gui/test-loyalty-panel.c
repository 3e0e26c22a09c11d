/* test-loyalty-panel.c — the Loyalty panel and preferences page, for real, under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-application.h"
#include "custcare-customer-page.h"
#include "custcare-gui-util.h"
#include "custcare-loyalty-panel.h"
#include "custcare-loyalty-preferences.h"
#include "custcare-loyalty-redeem.h"
#include "custcare-loyalty.h"
#include "custcare-order-hooks.h"
#include "custcare-store-private.h"

static char *tmp_dir;

static gint64 fixed_now = 1767225600; /* 2026-01-01 */

static gint64
test_clock (gpointer user_data)
{
  return fixed_now;
}

static gint64
insert (CustcareStore *store,
        const char    *sql,
        const char    *text,
        gint64         number)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, number);
  g_assert_true (_custcare_store_step_done (store, stmt, NULL));
  return sqlite3_last_insert_rowid (_custcare_store_get_db (store));
}

static void
complete_order (CustcareStore *store,
                gint64         order_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStmt) stmt = NULL;
  CustcareOrderTransition transition = { .order_id = order_id, .from_status = "new", .to_status = "completed" };

  g_assert_true (custcare_store_begin (store, NULL));
  stmt = _custcare_store_prepare (store, "UPDATE orders SET status = 'completed', completed_at = ?2 WHERE id = ?1", NULL);
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, fixed_now);
  g_assert_true (_custcare_store_step_done (store, stmt, NULL));
  _custcare_order_hooks_run (store, &transition, &error);
  g_assert_no_error (error);
  g_assert_true (custcare_store_commit (store, NULL));
}

/* A customer with a welcome gift, an order that earned points and points spent on another. */
static CustcareStore *
create_shop (const char *name,
             gint64     *customer_id)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = custcare_store_open (path, &error);
  CustcareLoyaltyRules rules;
  gint64 order, open_order;

  g_assert_no_error (error);
  _custcare_store_set_clock (store, test_clock, NULL);
  custcare_loyalty_get_rules (store, &rules);
  rules.expiry_months = 1;
  g_assert_true (custcare_loyalty_set_rules (store, &rules, NULL));

  *customer_id = insert (store,
                         "INSERT INTO customers (display_name, sort_name, created_at, updated_at) "
                         "VALUES (?1, ?1, ?2, ?2)",
                         "Ada Lovelace", fixed_now);
  order = insert (store,
                  "INSERT INTO orders (number, customer_id, placed_at, subtotal, total, created_at, updated_at) "
                  "VALUES (?1, 1, ?2, 12345, 12345, ?2, ?2)",
                  "A-1001", fixed_now);
  open_order = insert (store,
                       "INSERT INTO orders (number, customer_id, placed_at, subtotal, total, created_at, updated_at) "
                       "VALUES (?1, 1, ?2, 5000, 5000, ?2, ?2)",
                       "A-1002", fixed_now);

  g_assert_true (custcare_loyalty_adjust (store, *customer_id, 500, "Welcome gift", NULL));
  complete_order (store, order);                                    /* +123, lapse in a month */
  g_assert_true (custcare_loyalty_redeem_on_order (store, open_order, 100, NULL));
  return g_steal_pointer (&store);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type,
                 int        skip)
{
  g_autoptr (GPtrArray) queue = g_ptr_array_new ();

  g_ptr_array_add (queue, widget);
  for (guint i = 0; i < queue->len; i++)
    {
      GtkWidget *w = g_ptr_array_index (queue, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && skip-- == 0)
        return w;
      for (GtkWidget *child = gtk_widget_get_first_child (w); child; child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (queue, child);
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  GtkWidget *button;

  for (int i = 0; (button = find_descendant (widget, GTK_TYPE_BUTTON, i)) != NULL; i++)
    if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0)
      return button;
  return NULL;
}

static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  GtkWidget *label;

  for (int i = 0; (label = find_descendant (widget, GTK_TYPE_LABEL, i)) != NULL; i++)
    if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), text) == 0)
      return GTK_LABEL (label);
  return NULL;
}

/* The list box whose first row has @title (preference groups hold list boxes of their own). */
static GtkListBox *
find_list (GtkWidget  *widget,
           const char *title)
{
  GtkWidget *list;

  for (int i = 0; (list = find_descendant (widget, GTK_TYPE_LIST_BOX, i)) != NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);

      if (ADW_IS_PREFERENCES_ROW (row) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
        return GTK_LIST_BOX (list);
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

static void
wait_for (gboolean (*done) (gpointer),
          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (done (data));
}

static gboolean
dialog_closed (gpointer data)
{
  return adw_window_get_visible_dialog (ADW_WINDOW (data)) == NULL;
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
  /* Let dialogs finish their opening animation. */
  for (gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (widget)));
  /* Screenshots are for people looking at the UI; not being able to take one is no test failure. */
  if (!custcare_widget_save_png (widget, path, &error))
    g_test_message ("No screenshot %s: %s", name, error->message);
}

static void
test_panel (void)
{
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gint64 customer_id, balance = 0;
  GtkWidget *window, *overlay, *scroller, *panel, *list, *button, *spin, *entry;
  AdwDialog *dialog;
  GtkListBoxRow *first;

  store = create_shop ("panel.db", &customer_id);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 760);
  overlay = adw_toast_overlay_new ();
  scroller = gtk_scrolled_window_new ();
  panel = custcare_loyalty_panel_new (store);
  gtk_widget_set_margin_start (panel, 12);
  gtk_widget_set_margin_end (panel, 12);
  gtk_widget_set_margin_top (panel, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), panel);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), scroller);
  adw_window_set_content (ADW_WINDOW (window), overlay);

  /* Without a customer there is nothing to adjust. */
  g_assert_false (gtk_widget_is_sensitive (find_button (panel, "_Adjust Points…")));

  /* Two days later, the earned points lapse within the month. */
  fixed_now += 2 * 24 * 3600;
  custcare_loyalty_panel_set_customer_id (CUSTCARE_LOYALTY_PANEL (panel), customer_id);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  /* 500 + 123 − 100 points; Bronze. The 100 spent came out of the 123 earned (they lapse first,
   * the gift never does), so 23 points are about to lapse. */
  g_assert_nonnull (find_label (panel, "523 points"));
  g_assert_nonnull (find_label (panel, "Bronze"));
  g_assert_nonnull (find_label (panel, "23 points"));
  list = GTK_WIDGET (find_list (panel, "Spent on order A-1002"));
  g_assert_nonnull (list);
  entries = custcare_loyalty_list_entries (store, customer_id, NULL);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpuint (count_rows (GTK_LIST_BOX (list)), ==, 3);
  first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Spent on order A-1002");
  g_assert_nonnull (find_label (GTK_WIDGET (first), "−100"));
  save_shot (window, "loyalty-panel.png");

  /* Adjust through the dialog: the reason is required before Adjust can be pressed. */
  button = find_button (panel, "_Adjust Points…");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  dialog = adw_window_get_visible_dialog (ADW_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  spin = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_SPIN_ROW, 0);
  entry = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, 0);
  g_assert_nonnull (spin);
  g_assert_nonnull (entry);

  adw_spin_row_set_value (ADW_SPIN_ROW (spin), -23);
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "adjust"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "adjust"));
  /* More than the customer has cannot be taken away. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "Voucher printed twice");
  adw_spin_row_set_value (ADW_SPIN_ROW (spin), -524);
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "adjust"));
  adw_spin_row_set_value (ADW_SPIN_ROW (spin), -23);
  g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "adjust"));
  save_shot (window, "loyalty-adjust.png");

  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Adjust"), "clicked");
  wait_for (dialog_closed, window);

  g_assert_true (custcare_loyalty_get_balance (store, customer_id, &balance, NULL));
  g_assert_cmpint (balance, ==, 500);
  g_assert_nonnull (find_label (panel, "500 points"));
  g_assert_cmpuint (count_rows (GTK_LIST_BOX (list)), ==, 4);
  first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Voucher printed twice");
  g_assert_nonnull (find_label (GTK_WIDGET (first), "−23"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences (void)
{
  g_autoptr (CustcareStore) store = NULL;
  gint64 customer_id;
  CustcareLoyaltyRules rules;
  AdwDialog *dialog;
  GtkWidget *window, *page, *tiers, *spin;

  store = create_shop ("preferences.db", &customer_id);
  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 800);
  adw_window_set_content (ADW_WINDOW (window), adw_status_page_new ());
  gtk_window_present (GTK_WINDOW (window));

  dialog = adw_preferences_dialog_new ();
  page = custcare_loyalty_preferences_new (store);
  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (dialog), ADW_PREFERENCES_PAGE (page));
  adw_dialog_present (dialog, window);
  gtk_test_widget_wait_for_draw (window);

  /* Three default tiers, with an accessible remove button each. */
  tiers = GTK_WIDGET (find_list (page, "Bronze"));
  g_assert_nonnull (tiers);
  g_assert_cmpuint (count_rows (GTK_LIST_BOX (tiers)), ==, 3);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (tiers), 2))),
                   ==, "Gold");

  /* The first spin row is "Points Earned": changing it is saved at once. */
  spin = find_descendant (page, ADW_TYPE_SPIN_ROW, 0);
  g_assert_cmpfloat (adw_spin_row_get_value (ADW_SPIN_ROW (spin)), ==, 1);
  adw_spin_row_set_value (ADW_SPIN_ROW (spin), 3);
  custcare_loyalty_get_rules (store, &rules);
  g_assert_cmpint (rules.earn_points, ==, 3);
  g_assert_cmpint (rules.expiry_months, ==, 1);
  save_shot (window, "loyalty-preferences.png");

  adw_dialog_force_close (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
redeemed_cb (gint64   order_id,
             gint64   points,
             gpointer user_data)
{
  gint64 *spent = user_data;

  *spent = points;
}

static void
test_redeem_dialog (void)
{
  g_autoptr (CustcareStore) store = NULL;
  gint64 customer_id, spent = 0, order, balance = -1;
  GtkWidget *window, *spin;
  AdwDialog *dialog;

  store = create_shop ("redeem.db", &customer_id);
  order = insert (store,
                  "INSERT INTO orders (number, customer_id, placed_at, subtotal, total, created_at, updated_at) "
                  "VALUES (?1, 1, ?2, 300, 300, ?2, ?2)",
                  "A-1003", fixed_now);
  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 600);
  adw_window_set_content (ADW_WINDOW (window), adw_status_page_new ());
  gtk_window_present (GTK_WINDOW (window));

  /* 523 points, but only 3.00 is left to pay: 300 points at most, offered in full. */
  dialog = custcare_loyalty_redeem_dialog_present (store, order, window, redeemed_cb, &spent, NULL);
  g_assert_nonnull (dialog);
  spin = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_SPIN_ROW, 0);
  g_assert_cmpfloat (adw_spin_row_get_value (ADW_SPIN_ROW (spin)), ==, 300);
  g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "spend"));
  adw_spin_row_set_value (ADW_SPIN_ROW (spin), 0);
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "spend"));
  adw_spin_row_set_value (ADW_SPIN_ROW (spin), 120);
  g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "spend"));
  save_shot (window, "loyalty-redeem.png");

  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Spend"), "clicked");
  wait_for (dialog_closed, window);
  g_assert_cmpint (spent, ==, 120);
  g_assert_true (custcare_loyalty_get_balance (store, customer_id, &balance, NULL));
  g_assert_cmpint (balance, ==, 403);
  {
    g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "SELECT points_value FROM orders WHERE id = ?1", NULL);
    sqlite3_bind_int64 (stmt, 1, order);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 120);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
customer_page_activate_cb (GApplication *app,
                           gpointer      user_data)
{
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  CustcareCustomerPage *page;
  GtkWidget *window, *section, *panel;
  gint64 customer_id;
  int min_width = 0;

  g_signal_stop_emission_by_name (app, "activate");
  g_assert_nonnull (store);
  customer_id = insert (store,
                        "INSERT INTO customers (display_name, sort_name, created_at, updated_at) "
                        "VALUES (?1, ?1, ?2, ?2)",
                        "Grace Hopper", fixed_now);
  g_assert_true (custcare_loyalty_adjust (store, customer_id, 250, "Opening the new shop", NULL));

  /* The app does not register the tab yet (see custcare-application.c): do what it will do. */
  custcare_loyalty_panel_register_customer_section ();
  window = adw_window_new ();
  gtk_application_add_window (GTK_APPLICATION (app), GTK_WINDOW (window));
  page = custcare_customer_page_new (store, customer_id);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));

  /* The customer page has a Loyalty tab holding the panel for this customer. */
  section = custcare_customer_page_get_section (page, "loyalty");
  g_assert_nonnull (section);
  panel = find_descendant (section, CUSTCARE_TYPE_LOYALTY_PANEL, 0);
  g_assert_nonnull (panel);
  g_assert_cmpint (custcare_loyalty_panel_get_customer_id (CUSTCARE_LOYALTY_PANEL (panel)), ==, customer_id);
  custcare_customer_page_show_section (page, "loyalty");
  gtk_test_widget_wait_for_draw (window);
  g_assert_nonnull (find_label (panel, "250 points"));

  /* The tab's own content fits a phone-sized window (360 px). */
  gtk_widget_measure (section, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("Loyalty tab minimum width: %d px", min_width);
  g_assert_cmpint (min_width, <=, 300);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_customer_page (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "customer-page.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (customer_page_activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("custcare-loyalty-gui-XXXXXX", NULL);
  g_test_add_func ("/gui/loyalty/panel", test_panel);
  g_test_add_func ("/gui/loyalty/preferences", test_preferences);
  g_test_add_func ("/gui/loyalty/redeem-dialog", test_redeem_dialog);
  g_test_add_func ("/gui/loyalty/customer-page", test_customer_page);
  ret = g_test_run ();

  {
    g_autoptr (GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (tmp_dir, name, NULL);
        g_unlink (child);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }
  return ret;
}
