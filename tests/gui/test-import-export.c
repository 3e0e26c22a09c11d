/* test-import-export.c — Import Customers…, the exports and the privacy actions, for real
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window under Xvfb on a real SQLite file in a temporary folder. The file choosers are
 * bypassed the way the app itself continues after them: app.import-file, app.export-to and
 * customer.export-data-to take the path. What was written is read back with sqlite3 and from
 * the files.
 *
 * Set CUSTCARE_SCREENSHOT_DIR to also save PNGs of every step (wide and 360 px narrow).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "custcare-application.h"
#include "custcare-customer-list.h"
#include "custcare-customer-page.h"
#include "custcare-export-actions.h"
#include "custcare-gui-util.h"
#include "custcare-import-actions.h"
#include "custcare-import-dialog.h"
#include "custcare-privacy.h"
#include "custcare-window.h"

static char *tmp_dir;

typedef gboolean (*Condition) (gpointer data);

static void
wait_until_for (Condition   condition,
                gpointer    data,
                guint       seconds,
                const char *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  /* Sanitizer builds run several times slower. */
  wait_until_for (condition, data, g_getenv ("CUSTCARE_SANITIZED") ? 120 : 30, what);
}

static void
settle (GtkWidget *widget)
{
  for (guint i = 0; i < 5; i++)
    {
      gtk_test_widget_wait_for_draw (widget);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
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
  /* Let dialogs finish their opening animation. */
  for (guint i = 0; i < 40; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  gtk_test_widget_wait_for_draw (window);
  path = g_build_filename (dir, name, NULL);
  if (!custcare_widget_save_png (window, path, &error))
    g_warning ("%s", error->message);
}

static gint64
query_int (const char *db,
           const char *sql)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (conn, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

static char *
query_text (const char *db,
            const char *sql)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (conn, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return value;
}

/* Accessibility: every control a user operates has a name (as tests/gui/test-accessibility.c). */
static gboolean
needs_name (GtkAccessibleRole role)
{
  switch (role)
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_TOGGLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_COMBO_BOX:
    case GTK_ACCESSIBLE_ROLE_PROGRESS_BAR:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

static gboolean
has_label_content (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && gtk_label_get_text (GTK_LABEL (child))[0] != '\0')
        return TRUE;
      if (has_label_content (child))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_name (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  if (has_text (gtk_widget_get_tooltip_text (widget)) || has_label_content (widget))
    return TRUE;
  /* An action row's title names the control it holds; a menu button's name its inner toggle. */
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (ADW_IS_PREFERENCES_ROW (w) && has_text (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w))))
      return TRUE;
  if (parent != NULL && GTK_IS_MENU_BUTTON (parent))
    return has_name (parent);
  return FALSE;
}

static void
assert_all_named (GtkWidget  *widget,
                  const char *where)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  /* libadwaita's own close and back buttons: not ours to name. */
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwSheetControls") ||
      g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwBackButton"))
    return;
  if (needs_name (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget))) && !has_name (widget))
    {
      g_autoptr (GString) path = g_string_new (NULL);

      for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
        {
          const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (w));
          g_autofree char *part = g_strdup_printf (" > %s%s%s", G_OBJECT_TYPE_NAME (w), id ? "#" : "", id ? id : "");

          g_string_prepend (path, part);
        }
      g_error ("%s: a %s has no accessible name:%s", where, G_OBJECT_TYPE_NAME (widget), path->str);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    assert_all_named (child, where);
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

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static gboolean
state_is (gpointer data)
{
  CustcareImportDialog *dialog = ((gpointer *) data)[0];
  const char *state = ((gpointer *) data)[1];

  return g_strcmp0 (custcare_import_dialog_get_state (dialog), state) == 0;
}

static void
wait_state (CustcareImportDialog *dialog,
            const char           *state)
{
  gpointer data[] = { dialog, (gpointer) state };
  g_autofree char *what = g_strdup_printf ("the import dialog to reach “%s”", state);

  wait_until (state_is, data, what);
}

static CustcareImportDialog *
open_import (GtkWindow  *window,
             const char *path)
{
  AdwDialog *dialog;

  g_action_group_activate_action (G_ACTION_GROUP (gtk_window_get_application (window)), "import-file",
                                  g_variant_new_string (path));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (CUSTCARE_IS_IMPORT_DIALOG (dialog));
  return g_object_ref (CUSTCARE_IMPORT_DIALOG (dialog));
}

static gboolean
toast_shown (gpointer data)
{
  return custcare_import_get_last_toast (data) != NULL;
}

typedef struct
{
  const char *db;
  const char *sql;
  gint64      expected;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;

  return query_int (wait->db, wait->sql) == wait->expected;
}

static gboolean
no_dialog (gpointer data)
{
  return adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (data)) == NULL;
}

static gboolean
alert_shown (gpointer data)
{
  return ADW_IS_ALERT_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (data)));
}

/* What clicking a response button does: the response, then the dialog closes. */
static void
respond (AdwDialog  *alert,
         const char *response)
{
  g_object_ref (alert);
  g_signal_emit_by_name (alert, "response", response);
  adw_dialog_force_close (alert);
  g_object_unref (alert);
}

static CustcareWindow *
open_window (GApplication *app,
             int           width)
{
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), width, 720);
  gtk_window_present (GTK_WINDOW (window));
  settle (GTK_WIDGET (window));
  return window;
}

static gint64
add_customer (CustcareStore *store,
              const char    *given,
              const char    *family,
              const char    *email,
              const char    *tag)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareCustomer) c = custcare_customer_new ();
  gint64 id;

  custcare_customer_set_given_name (c, given);
  custcare_customer_set_family_name (c, family);
  if (email != NULL)
    custcare_customer_add_email (c, "Work", email);
  if (tag != NULL)
    custcare_customer_add_tag (c, tag);
  id = custcare_customer_repo_insert (store, c, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* 1. A CSV file through the whole dialog, then Undo, then Revert Last Import… */

static const char shop_csv[] =
  "Vorname;Nachname;E-Mail;Telefon;Geburtstag;Punkte\r\n"
  "Grace;Hopper;grace@navy.example.com;+1 555 0100;09/12/1906;120\r\n"
  "Alan;Turing;alan@bletchley.example.com;0161 496 0000;06/07/1912;0\r\n"
  "Anna;Fehler;anna@;;01/02/1990;5\r\n"
  "Ada;Lovelace;ada@engines.example.com;;10/12/1985;\r\n"
  "Katherine;Johnson;katherine@nasa.example.com;;08/08/1918;40\r\n";

static void
import_activate_cb (GApplication *app,
                    gpointer      user_data)
{
  const char *db = user_data;
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  CustcareWindow *window;
  g_autofree char *csv = g_build_filename (tmp_dir, "Kunden Export.csv", NULL);
  g_autoptr (CustcareImportDialog) dialog = NULL;
  g_autoptr (GError) error = NULL;
  CustcareImport *import;
  GtkWidget *row, *check;
  g_autoptr (GString) labels = g_string_new (NULL);
  g_autoptr (GString) all_problems = g_string_new (NULL);
  GListModel *problems;
  AdwToast *toast;
  gint64 batch;
  g_autofree char *birthday = NULL;
  CountWait back_to_one = { db, "SELECT count(*) FROM customers", 1 };
  AdwDialog *alert;
  int min_width;

  g_signal_stop_emission_by_name (app, "activate");
  g_assert_nonnull (store);
  add_customer (store, "Ada", "Lovelace", "ada@engines.example.com", NULL);
  g_assert_true (g_file_set_contents (csv, shop_csv, -1, &error));

  window = open_window (app, 1000);

  /* A file that is no spreadsheet says why, and nothing else can be done but close. */
  {
    g_autofree char *bad = g_build_filename (tmp_dir, "photo.csv", NULL);
    g_autoptr (CustcareImportDialog) refused = NULL;

    g_assert_true (g_file_set_contents (bad, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, &error));
    refused = open_import (GTK_WINDOW (window), bad);
    wait_state (refused, "error");
    settle (GTK_WIDGET (window));
    g_string_truncate (labels, 0);
    collect_labels (GTK_WIDGET (refused), labels);
    g_test_message ("refused: %s", labels->str);
    g_assert_nonnull (strstr (labels->str, "This File Cannot Be Imported"));
    gtk_widget_activate_action (GTK_WIDGET (refused), "import.next", NULL);
    settle (GTK_WIDGET (window));
    g_assert_cmpstr (custcare_import_dialog_get_state (refused), ==, "error");
    maybe_screenshot (GTK_WIDGET (window), "import-0-refused.png");
    adw_dialog_close (ADW_DIALOG (refused));
    wait_until (no_dialog, window, "the refused file's dialog to close");
  }

  /* Step 1: what was found, and one row per column with the guess preselected. */
  dialog = open_import (GTK_WINDOW (window), csv);
  g_assert_false (custcare_import_dialog_is_vcard (dialog));
  wait_state (dialog, "csv");
  settle (GTK_WIDGET (window));
  import = custcare_import_dialog_get_import (dialog);
  g_assert_nonnull (import);
  g_assert_cmpuint (custcare_import_get_n_rows (import), ==, 5);
  g_assert_cmpint (custcare_import_get_format (import)->delimiter, ==, ';');
  g_assert_nonnull (find_row (GTK_WIDGET (dialog), "Format"));
  collect_labels (GTK_WIDGET (dialog), labels);
  g_test_message ("file page: %s", labels->str);
  g_assert_nonnull (strstr (labels->str, "5 rows"));
  g_assert_nonnull (strstr (labels->str, "semicolon"));

  {
    static const struct { const char *header; CustcareImportField field; const char *sample; } expected[] = {
      { "Vorname", CUSTCARE_IMPORT_FIELD_GIVEN_NAME, "Grace" },
      { "Nachname", CUSTCARE_IMPORT_FIELD_FAMILY_NAME, "Hopper" },
      { "E-Mail", CUSTCARE_IMPORT_FIELD_EMAIL, "grace@navy.example.com" },
      { "Telefon", CUSTCARE_IMPORT_FIELD_PHONE, "+1 555 0100" },
      { "Geburtstag", CUSTCARE_IMPORT_FIELD_BIRTHDAY, "09/12/1906" },
      { "Punkte", CUSTCARE_IMPORT_FIELD_POINTS, "120" },
    };

    g_assert_cmpuint (custcare_import_get_n_columns (import), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        row = custcare_import_dialog_get_column_row (dialog, i);
        g_assert_true (ADW_IS_COMBO_ROW (row));
        g_assert_true (gtk_widget_get_mapped (row));
        g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, expected[i].header);
        g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), expected[i].sample));
        g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, expected[i].field);
      }
    g_assert_null (custcare_import_dialog_get_column_row (dialog, G_N_ELEMENTS (expected)));
  }
  /* The dropdown is the mapping: choosing "Don't import" and back changes the import. */
  row = custcare_import_dialog_get_column_row (dialog, 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), CUSTCARE_IMPORT_FIELD_IGNORE);
  g_assert_cmpint (custcare_import_get_column_field (import, 3), ==, CUSTCARE_IMPORT_FIELD_IGNORE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), CUSTCARE_IMPORT_FIELD_PHONE);
  g_assert_cmpint (custcare_import_get_column_field (import, 3), ==, CUSTCARE_IMPORT_FIELD_PHONE);

  /* Every date fits both orders: the dialog asks, with an example from the file, and Next waits. */
  g_assert_true (custcare_import_get_date_order_ambiguous (import));
  row = find_row (GTK_WIDGET (dialog), "_Day, Month, Year");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  g_test_message ("D/M/Y example: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "December"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (GTK_WIDGET (dialog),
                                                                                   "_Month, Day, Year"))),
                            "September"));
  assert_all_named (GTK_WIDGET (dialog), "file page");
  /* Enter is Next. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (adw_dialog_get_default_widget (ADW_DIALOG (dialog)))), ==, "_Next");
  maybe_screenshot (GTK_WIDGET (window), "import-1-columns.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL);
  settle (GTK_WIDGET (window));
  g_assert_cmpstr (custcare_import_dialog_get_state (dialog), ==, "csv");
  check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_cmpint (custcare_import_get_date_order (import), ==, CUSTCARE_DATE_ORDER_DMY);

  /* Narrow: the dialog fits a 360 px window. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  settle (GTK_WIDGET (window));
  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_test_message ("import dialog minimum width: %d px", min_width);
  g_assert_cmpint (min_width, <=, 360);
  maybe_screenshot (GTK_WIDGET (window), "import-1-columns-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  settle (GTK_WIDGET (window));

  /* Step 2: options; a points column offers opening balances. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL);
  wait_state (dialog, "options");
  settle (GTK_WIDGET (window));
  row = find_row (GTK_WIDGET (dialog), "Opening _Balances");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  g_assert_true (adw_switch_row_get_active (ADW_SWITCH_ROW (row)));
  assert_all_named (GTK_WIDGET (dialog), "options page");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (adw_dialog_get_default_widget (ADW_DIALOG (dialog)))), ==, "_Check");
  maybe_screenshot (GTK_WIDGET (window), "import-2-options.png");

  /* Step 3: the dry run lists every problem; nothing is written yet. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.check", NULL);
  wait_state (dialog, "review");
  settle (GTK_WIDGET (window));
  g_test_message ("summary: %s", custcare_import_dialog_get_summary (dialog));
  g_assert_nonnull (strstr (custcare_import_dialog_get_summary (dialog), "3 customers will be added"));
  g_assert_nonnull (strstr (custcare_import_dialog_get_summary (dialog), "1 already in CustCare skipped"));
  g_assert_nonnull (strstr (custcare_import_dialog_get_summary (dialog), "1 row has problems"));
  problems = custcare_import_dialog_get_problems (dialog);
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    g_string_append_printf (all_problems, "%s\n",
                            gtk_string_list_get_string (GTK_STRING_LIST (problems), i));
  g_test_message ("problems:\n%s", all_problems->str);
  /* Row 4 (the header is row 1) has a broken email; row 5 is Ada, already in the shop. */
  g_assert_nonnull (strstr (all_problems->str, "Row 4 · E-Mail\n“anna@” — "));
  g_assert_nonnull (strstr (all_problems->str, "Row 5"));
  g_assert_null (strstr (all_problems->str, "Row 2"));
  /* ...and the list shows them. */
  g_string_truncate (labels, 0);
  collect_labels (GTK_WIDGET (dialog), labels);
  g_assert_nonnull (strstr (labels->str, "Row 4 · E-Mail"));
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers"), ==, 1);
  assert_all_named (GTK_WIDGET (dialog), "review page");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (adw_dialog_get_default_widget (ADW_DIALOG (dialog)))), ==,
                   "_Import the Rest");
  maybe_screenshot (GTK_WIDGET (window), "import-3-check.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  settle (GTK_WIDGET (window));
  maybe_screenshot (GTK_WIDGET (window), "import-3-check-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  settle (GTK_WIDGET (window));

  /* Step 4 and 5: import the rest; the dialog closes, a toast says how many, with Undo. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL);
  wait_until (toast_shown, window, "the import's toast");
  g_assert_cmpstr (custcare_import_dialog_get_state (dialog), ==, "done");
  toast = custcare_import_get_last_toast (GTK_WINDOW (window));
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "3 customers imported");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  wait_until (no_dialog, window, "the import dialog to close");
  maybe_screenshot (GTK_WIDGET (window), "import-5-toast.png");

  batch = query_int (db, "SELECT max(id) FROM import_batches");
  g_assert_cmpint (batch, >, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers"), ==, 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers WHERE import_batch_id IS NOT NULL"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers WHERE family_name = 'Fehler'"), ==, 0);
  /* 09/12/1906 read day first, as chosen; Grace's 120 points are an opening balance. */
  birthday = query_text (db, "SELECT printf('%d-%d-%d', birthday_year, birthday_month, birthday_day) "
                             "FROM customers WHERE family_name = 'Hopper'");
  g_assert_cmpstr (birthday, ==, "1906-12-9");
  g_assert_cmpint (query_int (db, "SELECT sum(delta) FROM loyalty_ledger WHERE kind = 'opening'"), ==, 160);
  /* The list shows the new customers. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (custcare_customer_list_get_model (
                      custcare_customer_list_find (GTK_WIDGET (window))))), ==, 4);

  /* Undo on the toast reverts the batch. */
  g_signal_emit_by_name (toast, "button-clicked");
  wait_until (count_is, &back_to_one, "the revert");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM loyalty_ledger"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM import_batches WHERE reverted_at IS NULL"), ==, 0);

  /* Again, and this time Revert Last Import… from the menu, after a confirmation. */
  g_clear_object (&dialog);
  g_object_set_data (G_OBJECT (window), "custcare-import-last-toast", NULL);
  dialog = open_import (GTK_WINDOW (window), csv);
  wait_state (dialog, "csv");
  check = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (find_row (GTK_WIDGET (dialog), "_Day, Month, Year")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.check", NULL);
  wait_state (dialog, "review");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL);
  wait_until (toast_shown, window, "the second import's toast");
  wait_until (no_dialog, window, "the import dialog to close");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers"), ==, 4);

  g_action_group_activate_action (G_ACTION_GROUP (app), "revert-import", NULL);
  wait_until (alert_shown, window, "the revert confirmation");
  alert = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_test_message ("revert: %s", adw_alert_dialog_get_body (ADW_ALERT_DIALOG (alert)));
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (alert)), "The 3 customers"));
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (alert)), "used since"));
  maybe_screenshot (GTK_WIDGET (window), "import-revert-confirm.png");
  respond (alert, "revert");
  wait_until (count_is, &back_to_one, "the revert from the menu");

  /* Nothing left to revert: the menu says so instead of asking. */
  wait_until (no_dialog, window, "the confirmation to close");
  g_action_group_activate_action (G_ACTION_GROUP (app), "revert-import", NULL);
  settle (GTK_WIDGET (window));
  g_assert_null (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
run_app (const char *db_name,
         GCallback   activate,
         gpointer    data_for_db)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, db_name, NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", activate, data_for_db ? data_for_db : db);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

static void
test_import_csv (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "import.db", NULL);

  run_app ("import.db", G_CALLBACK (import_activate_cb), db);
}

/* 1b. A vCard file: the number of cards, the same options, check and import in one batch. */

static const char shop_vcf[] =
  "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\n"
  "EMAIL;TYPE=WORK:grace@navy.example.com\r\nTEL;TYPE=CELL:+1 555 0100\r\nEND:VCARD\r\n"
  "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
  "EMAIL:ada@engines.example.com\r\nEND:VCARD\r\n"
  "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Alan Turing\r\nN:Turing;Alan;;;\r\nEMAIL:alan@\r\nEND:VCARD\r\n";

static void
vcard_activate_cb (GApplication *app,
                   gpointer      user_data)
{
  const char *db = user_data;
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  g_autofree char *vcf = g_build_filename (tmp_dir, "contacts.vcf", NULL);
  g_autoptr (CustcareImportDialog) dialog = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) labels = g_string_new (NULL);
  g_autoptr (GString) all_problems = g_string_new (NULL);
  GListModel *problems;
  CustcareWindow *window;

  g_signal_stop_emission_by_name (app, "activate");
  add_customer (store, "Ada", "Lovelace", "ada@engines.example.com", NULL);
  g_assert_true (g_file_set_contents (vcf, shop_vcf, -1, &error));

  window = open_window (app, 1000);
  dialog = open_import (GTK_WINDOW (window), vcf);
  g_assert_true (custcare_import_dialog_is_vcard (dialog));
  g_assert_null (custcare_import_dialog_get_import (dialog));
  wait_state (dialog, "vcard");
  settle (GTK_WIDGET (window));
  collect_labels (GTK_WIDGET (dialog), labels);
  g_assert_nonnull (strstr (labels->str, "3 Contact Cards"));
  g_assert_nonnull (strstr (labels->str, "contacts.vcf"));
  assert_all_named (GTK_WIDGET (dialog), "vCard page");
  maybe_screenshot (GTK_WIDGET (window), "import-vcard-1.png");
  /* Reading the cards wrote nothing. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers"), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL);
  wait_state (dialog, "options");
  settle (GTK_WIDGET (window));
  /* No points column in a vCard. */
  g_assert_false (gtk_widget_get_mapped (find_row (GTK_WIDGET (dialog), "Opening _Balances")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.check", NULL);
  wait_state (dialog, "review");
  settle (GTK_WIDGET (window));
  g_test_message ("summary: %s", custcare_import_dialog_get_summary (dialog));
  g_assert_nonnull (strstr (custcare_import_dialog_get_summary (dialog), "2 customers will be added"));
  g_assert_nonnull (strstr (custcare_import_dialog_get_summary (dialog), "1 already in CustCare skipped"));
  problems = custcare_import_dialog_get_problems (dialog);
  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    g_string_append_printf (all_problems, "%s\n", gtk_string_list_get_string (GTK_STRING_LIST (problems), i));
  g_test_message ("problems:\n%s", all_problems->str);
  g_assert_nonnull (strstr (all_problems->str, "Card 3"));
  g_assert_nonnull (strstr (all_problems->str, "“alan@”"));
  maybe_screenshot (GTK_WIDGET (window), "import-vcard-3-check.png");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL);
  wait_until (toast_shown, window, "the vCard import's toast");
  g_assert_cmpstr (adw_toast_get_title (custcare_import_get_last_toast (GTK_WINDOW (window))), ==,
                   "2 customers imported");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM import_batches WHERE kind = 'vcard'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers WHERE import_batch_id IS NOT NULL"), ==, 2);
  wait_until (no_dialog, window, "the import dialog to close");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_import_vcard (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "vcard.db", NULL);

  run_app ("vcard.db", G_CALLBACK (vcard_activate_cb), db);
}

/* 2. Cancel a long import: the database stays exactly as it was. */

static void
cancel_activate_cb (GApplication *app,
                    gpointer      user_data)
{
  const char *db = user_data;
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  g_autofree char *csv = g_build_filename (tmp_dir, "big.csv", NULL);
  g_autoptr (GString) text = g_string_new ("Given name,Family name,Email,Notes\r\n");
  g_autoptr (CustcareImportDialog) dialog = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) labels = g_string_new (NULL);
  CustcareWindow *window;
  /* Cancelled at once, so any size would do; with screenshots, big enough to still be running
   * after the picture of the progress bar is taken. */
  guint n_rows = g_getenv ("CUSTCARE_SCREENSHOT_DIR") ? 200000 : g_getenv ("CUSTCARE_SANITIZED") ? 5000 : 20000;

  g_signal_stop_emission_by_name (app, "activate");
  add_customer (store, "Ada", "Lovelace", "ada@engines.example.com", NULL);
  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (text, "Given%u,Family%u,person%u@example.com,\"Met at the fair, row %u\"\r\n", i, i, i, i);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, &error));

  window = open_window (app, 1000);
  dialog = open_import (GTK_WINDOW (window), csv);
  wait_state (dialog, "csv");
  g_assert_cmpuint (custcare_import_get_n_rows (custcare_import_dialog_get_import (dialog)), ==, n_rows);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.check", NULL);
  wait_state (dialog, "review");
  g_test_message ("summary: %s", custcare_import_dialog_get_summary (dialog));

  /* Import, and Cancel at once. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL);
  g_assert_cmpstr (custcare_import_dialog_get_state (dialog), ==, "running");
  maybe_screenshot (GTK_WIDGET (window), "import-4-progress.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL);
  wait_state (dialog, "ended");
  settle (GTK_WIDGET (window));
  collect_labels (GTK_WIDGET (dialog), labels);
  g_test_message ("ended: %s", labels->str);
  g_assert_nonnull (strstr (labels->str, "Import Cancelled"));
  g_assert_nonnull (strstr (labels->str, "Nothing was imported"));
  maybe_screenshot (GTK_WIDGET (window), "import-4-cancelled.png");

  g_assert_cmpint (query_int (db, "SELECT count(*) FROM customers"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM import_batches"), ==, 0);
  g_assert_null (custcare_import_get_last_toast (GTK_WINDOW (window)));
  adw_dialog_close (ADW_DIALOG (dialog));
  wait_until (no_dialog, window, "the dialog to close");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_import_cancel (void)
{
  g_autofree char *db = g_build_filename (tmp_dir, "cancel.db", NULL);

  run_app ("cancel.db", G_CALLBACK (cancel_activate_cb), db);
}

/* 3. Export Customers… writes exactly the customers the filtered list shows. */

static gboolean
list_settled (gpointer data)
{
  CustcareCustomerList *list = data;
  CustcareCustomerListModel *model = custcare_customer_list_get_model (list);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (custcare_customer_list_get_search_entry (list)));
  const CustcareCustomerQuery *query = custcare_customer_list_model_get_query (model);

  return g_strcmp0 (query->text ? query->text : "", typed) == 0 && !custcare_customer_list_model_get_searching (model);
}

static gboolean
export_done (gpointer data)
{
  return custcare_export_get_last_toast (data) != NULL;
}

static void
export_to (GApplication   *app,
           CustcareWindow *window,
           const char     *kind,
           const char     *path)
{
  g_object_set_data (G_OBJECT (window), "custcare-export-last-toast", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "export-to", g_variant_new ("(ss)", kind, path));
  wait_until (export_done, window, "the export");
  wait_until (no_dialog, window, "the export dialog to close");
  g_test_message ("%s", adw_toast_get_title (custcare_export_get_last_toast (GTK_WINDOW (window))));
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
export_activate_cb (GApplication *app,
                    gpointer      user_data)
{
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  g_autofree char *csv_path = g_build_filename (tmp_dir, "regular smiths.csv", NULL);
  g_autofree char *vcf_path = g_build_filename (tmp_dir, "regular smiths.vcf", NULL);
  g_autofree char *all_path = g_build_filename (tmp_dir, "everyone.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *vcf = NULL;
  g_autofree char *all = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  CustcareCustomerList *list;
  CustcareWindow *window;
  guint n_lines = 0;

  g_signal_stop_emission_by_name (app, "activate");
  /* 30 customers: even ones are Smiths, every third is a regular; regular Smiths: 0, 6, 12, 18, 24. */
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *given = g_strdup_printf ("Cust%02u", i);
      g_autofree char *email = g_strdup_printf ("cust%02u@example.com", i);

      add_customer (store, given, i % 2 == 0 ? "Smith" : "Jones", email, i % 3 == 0 ? "regular" : NULL);
    }

  window = open_window (app, 1000);
  list = custcare_customer_list_find (GTK_WIDGET (window));
  custcare_customer_list_model_reload (custcare_customer_list_get_model (list));
  gtk_widget_activate_action (GTK_WIDGET (list), "customers.tag", "s", "regular");
  gtk_editable_set_text (GTK_EDITABLE (custcare_customer_list_get_search_entry (list)), "smith");
  wait_until (list_settled, list, "the filtered list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (custcare_customer_list_get_model (list))), ==, 5);

  export_to (app, window, "customers", csv_path);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (csv, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      n_lines++;
  /* A header and exactly the five regular Smiths. */
  g_assert_cmpuint (n_lines, ==, 6);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *given = g_strdup_printf ("Cust%02u", i);

      if (i % 6 == 0)
        g_assert_nonnull (strstr (csv, given));
      else
        g_assert_null (strstr (csv, given));
    }
  g_assert_cmpstr (adw_toast_get_title (custcare_export_get_last_toast (GTK_WINDOW (window))), ==,
                   "5 customers exported to “regular smiths.csv”");
  maybe_screenshot (GTK_WIDGET (window), "export-toast.png");

  /* The same list as vCards, chosen by the file's type. */
  export_to (app, window, "customers", vcf_path);
  g_assert_true (g_file_get_contents (vcf_path, &vcf, NULL, &error));
  g_assert_cmpuint (count_occurrences (vcf, "BEGIN:VCARD"), ==, 5);
  g_assert_nonnull (strstr (vcf, "Cust06"));
  g_assert_null (strstr (vcf, "Cust03"));

  /* Without the filters, everyone. */
  gtk_widget_activate_action (GTK_WIDGET (list), "customers.tag", "s", "");
  gtk_editable_set_text (GTK_EDITABLE (custcare_customer_list_get_search_entry (list)), "");
  wait_until (list_settled, list, "the whole list");
  export_to (app, window, "customers", all_path);
  g_assert_true (g_file_get_contents (all_path, &all, NULL, &error));
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *given = g_strdup_printf ("Cust%02u", i);

      g_assert_nonnull (strstr (all, given));
    }

  /* Cancel at once: no file, and the toast says so. */
  {
    g_autofree char *cancelled_path = g_build_filename (tmp_dir, "cancelled.csv", NULL);
    AdwDialog *progress;

    g_object_set_data (G_OBJECT (window), "custcare-export-last-toast", NULL);
    g_action_group_activate_action (G_ACTION_GROUP (app), "export-to",
                                    g_variant_new ("(ss)", "customers", cancelled_path));
    progress = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
    g_assert_nonnull (progress);
    assert_all_named (GTK_WIDGET (progress), "export dialog");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (progress), "export.cancel", NULL));
    wait_until (export_done, window, "the cancelled export");
    wait_until (no_dialog, window, "the export dialog to close");
    g_assert_cmpstr (adw_toast_get_title (custcare_export_get_last_toast (GTK_WINDOW (window))), ==,
                     "Export cancelled: “cancelled.csv” was not written");
    g_assert_false (g_file_test (cancelled_path, G_FILE_TEST_EXISTS));
  }

  /* Orders and interactions: CSV files with their header. */
  {
    g_autofree char *orders_path = g_build_filename (tmp_dir, "orders.csv", NULL);
    g_autofree char *orders = NULL;

    export_to (app, window, "orders", orders_path);
    g_assert_true (g_file_get_contents (orders_path, &orders, NULL, &error));
    g_assert_cmpstr (adw_toast_get_title (custcare_export_get_last_toast (GTK_WINDOW (window))), ==,
                     "0 orders exported to “orders.csv”");
    g_assert_nonnull (strchr (orders, ','));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_export_filtered (void)
{
  run_app ("export.db", G_CALLBACK (export_activate_cb), NULL);
}

/* 4. The customer page's privacy actions: export everything about Ada, then erase her. */

typedef struct
{
  CustcareStore *store;
  gint64         id;
} CustomerRef;

static gboolean
privacy_toast_shown (gpointer data)
{
  return g_object_get_data (data, "custcare-privacy-last-toast") != NULL;
}

static gboolean
erased_in_db (gpointer data)
{
  CustomerRef *ref = data;
  g_autoptr (CustcareCustomer) c = custcare_customer_repo_get (ref->store, ref->id, NULL);

  return c != NULL && custcare_customer_get_given_name (c)[0] == '\0' && custcare_customer_get_emails (c)->len == 0;
}

static gboolean
erased_page_shown (gpointer data)
{
  GtkWidget *page = custcare_window_get_detail (data);
  CustcareCustomer *c;

  if (!CUSTCARE_IS_CUSTOMER_PAGE (page))
    return FALSE;
  c = custcare_customer_page_get_customer (CUSTCARE_CUSTOMER_PAGE (page));

  return custcare_customer_get_given_name (c)[0] == '\0' && custcare_customer_get_archived (c);
}

static void
privacy_activate_cb (GApplication *app,
                     gpointer      user_data)
{
  CustcareStore *store = custcare_application_get_store (CUSTCARE_APPLICATION (app));
  g_autofree char *json_path = g_build_filename (tmp_dir, "ada.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr (GError) error = NULL;
  CustomerRef ref = { store, 0 };
  CustcareCustomerList *list;
  CustcareWindow *window;
  GtkWidget *page;
  AdwDialog *alert;
  const char *body;

  g_signal_stop_emission_by_name (app, "activate");
  ref.id = add_customer (store, "Ada", "Lovelace", "ada@engines.example.com", "VIP");
  add_customer (store, "Bob", "Byte", "bob@example.com", "VIP");

  window = open_window (app, 1000);
  list = custcare_customer_list_find (GTK_WIDGET (window));
  custcare_customer_list_model_reload (custcare_customer_list_get_model (list));
  custcare_customer_list_open_customer (list, ref.id);
  page = custcare_window_get_detail (window);
  g_assert_true (CUSTCARE_IS_CUSTOMER_PAGE (page));
  settle (GTK_WIDGET (window));

  /* Export Customer Data…: one JSON file with everything about her. */
  g_assert_true (gtk_widget_activate_action (page, "customer.export-data-to", "s", json_path));
  wait_until (privacy_toast_shown, window, "the privacy export");
  g_assert_cmpstr (adw_toast_get_title (g_object_get_data (G_OBJECT (window), "custcare-privacy-last-toast")), ==,
                   "Customer data exported to “ada.json”");
  g_assert_true (g_file_get_contents (json_path, &json, NULL, &error));
  g_assert_nonnull (strstr (json, CUSTCARE_PRIVACY_EXPORT_FORMAT));
  g_assert_nonnull (strstr (json, "ada@engines.example.com"));
  g_assert_null (strstr (json, "bob@example.com"));

  /* Erase Personal Data…: a destructive confirmation that says what goes and what stays. */
  g_assert_true (gtk_widget_activate_action (page, "customer.erase", NULL));
  wait_until (alert_shown, window, "the erase confirmation");
  alert = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  body = adw_alert_dialog_get_body (ADW_ALERT_DIALOG (alert));
  g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (alert)), ==, "Erase Personal Data?");
  g_assert_nonnull (strstr (body, "Removed from Ada Lovelace: name"));
  g_assert_nonnull (strstr (body, "totals"));
  g_assert_nonnull (strstr (body, "cannot be undone"));
  g_assert_cmpint (adw_alert_dialog_get_response_appearance (ADW_ALERT_DIALOG (alert), "erase"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_alert_dialog_get_default_response (ADW_ALERT_DIALOG (alert)), ==, "cancel");
  maybe_screenshot (GTK_WIDGET (window), "privacy-erase-confirm.png");

  /* Cancel keeps her... */
  respond (alert, "cancel");
  wait_until (no_dialog, window, "the confirmation to close");
  settle (GTK_WIDGET (window));
  g_assert_false (erased_in_db (&ref));

  /* ...Erase removes her personal data, and the page shows what is left (this time in a
   * phone-sized window: resizing with an alert open makes libadwaita measure its heading wrong). */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  settle (GTK_WIDGET (window));
  gtk_widget_activate_action (page, "customer.erase", NULL);
  wait_until (alert_shown, window, "the erase confirmation");
  maybe_screenshot (GTK_WIDGET (window), "privacy-erase-confirm-narrow.png");
  respond (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)), "erase");
  wait_until (erased_in_db, &ref, "the erase");
  wait_until (erased_page_shown, window, "the page to show the erased customer");
  page = custcare_window_get_detail (window);
  g_assert_cmpint (custcare_customer_page_get_customer_id (CUSTCARE_CUSTOMER_PAGE (page)), ==, ref.id);
  maybe_screenshot (GTK_WIDGET (window), "privacy-erased.png");
  /* Bob is untouched. */
  g_assert_cmpint (custcare_customer_repo_count (store, FALSE, NULL), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_privacy_erase (void)
{
  run_app ("privacy.db", G_CALLBACK (privacy_activate_cb), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("custcare-import-gui-XXXXXX", NULL);
  g_test_add_func ("/gui/import-export/import-csv", test_import_csv);
  g_test_add_func ("/gui/import-export/import-vcard", test_import_vcard);
  g_test_add_func ("/gui/import-export/import-cancel", test_import_cancel);
  g_test_add_func ("/gui/import-export/export-filtered", test_export_filtered);
  g_test_add_func ("/gui/import-export/privacy-erase", test_privacy_erase);
  return g_test_run ();
}
