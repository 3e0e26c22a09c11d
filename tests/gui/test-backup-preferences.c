/* test-backup-preferences.c — Preferences → Backups for real, under Xvfb, on real files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The folder and file dialogs are portals in the Flatpak: the test hands the page the folder or
 * file they would return. Set CUSTCARE_SCREENSHOT_DIR to also save PNGs of the page.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "custcare-application.h"
#include "custcare-backup-preferences.h"
#include "custcare-backup.h"
#include "custcare-demo.h"
#include "custcare-gui-util.h"
#include "custcare-preferences-dialog.h"
#include "custcare-store-private.h"
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
iterate (guint ms)
{
  for (gint64 until = g_get_monotonic_time () + ms * 1000; g_get_monotonic_time () < until;)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static void
wait_until_idle (CustcareBackupPreferences *page)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;

  iterate (20);
  while (custcare_backup_preferences_is_busy (page) && g_get_monotonic_time () < deadline)
    iterate (20);
  g_assert_false (custcare_backup_preferences_is_busy (page));
  iterate (50);
}

static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  const char *dir = g_getenv ("CUSTCARE_SCREENSHOT_DIR");
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

static AdwDialog *
take_alert (GtkWidget *window)
{
  AdwDialog *alert = adw_window_get_visible_dialog (ADW_WINDOW (window));

  g_assert_true (ADW_IS_ALERT_DIALOG (alert));
  return alert;
}

static void
test_back_up_now (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "shop.db", NULL);
  g_autofree char *folder = g_build_filename (tmp_dir, "usb-stick", NULL);
  g_autofree char *gone = g_build_filename (tmp_dir, "unplugged", NULL);
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (CustcareBackupSettings) settings = NULL;
  g_autoptr (GPtrArray) backups = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr (GFile) gone_file = g_file_new_for_path (gone);
  g_autofree char *name = NULL;
  GtkWidget *window, *page, *last_row, *progress_row, *schedule_row, *keep_row, *folder_row;
  AdwDialog *dialog, *alert;
  gboolean created = FALSE;
  GStatBuf st;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  custcare_demo_create (store, 3, &created, &error);
  g_assert_no_error (error);

  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 900);
  adw_window_set_content (ADW_WINDOW (window), adw_status_page_new ());
  gtk_window_present (GTK_WINDOW (window));

  dialog = ADW_DIALOG (custcare_preferences_dialog_new (store));
  adw_preferences_dialog_set_visible_page_name (ADW_PREFERENCES_DIALOG (dialog), "backups");
  adw_dialog_present (dialog, window);
  gtk_test_widget_wait_for_draw (window);
  iterate (300);
  page = find_descendant (GTK_WIDGET (dialog), CUSTCARE_TYPE_BACKUP_PREFERENCES);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));

  last_row = find_row (page, "Last Backup");
  progress_row = find_row (page, "Backing Up…");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (last_row)), ==, "No backup yet");
  g_assert_false (gtk_widget_get_visible (progress_row));
  save_shot (GTK_WIDGET (dialog), "backups-empty.png");

  /* Back Up Now, into the folder the dialog would have returned. */
  custcare_backup_preferences_back_up_to (CUSTCARE_BACKUP_PREFERENCES (page), folder_file);
  g_assert_true (custcare_backup_preferences_is_busy (CUSTCARE_BACKUP_PREFERENCES (page)));
  g_assert_true (gtk_widget_get_visible (progress_row));
  wait_until_idle (CUSTCARE_BACKUP_PREFERENCES (page));
  g_assert_false (gtk_widget_get_visible (progress_row));

  backups = custcare_backup_list (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  custcare_backup_check (backups->pdata[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (backups->pdata[0], &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* The page says when, that it was verified, and where. */
  g_test_message ("Last Backup: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (last_row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (last_row)), "verified"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (last_row)), backups->pdata[0]));
  save_shot (GTK_WIDGET (dialog), "backups-done.png");

  /* Cancel: the backup stops between two steps and leaves nothing. The shop is made larger first
   * so that the copy takes many steps. */
  {
    g_autoptr (CustcareStore) writer = custcare_store_open (path, &error);
    g_autofree char *cancelled_dir = g_build_filename (tmp_dir, "cancelled", NULL);
    g_autoptr (GFile) cancelled_file = g_file_new_for_path (cancelled_dir);
    GtkWidget *cancel;

    g_assert_no_error (error);
    g_assert_cmpint (g_mkdir (cancelled_dir, 0700), ==, 0);
    g_assert_true (_custcare_store_exec (writer,
                                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000) "
                                         "INSERT INTO customers (given_name, sort_name, notes, created_at, updated_at) "
                                         "SELECT 'Bulk' || i, 'bulk' || i, hex (randomblob (300)), i, i FROM n",
                                         &error));
    g_assert_no_error (error);
    custcare_backup_preferences_back_up_to (CUSTCARE_BACKUP_PREFERENCES (page), cancelled_file);
    cancel = find_descendant (progress_row, GTK_TYPE_BUTTON);
    g_assert_nonnull (cancel);
    g_assert_true (gtk_widget_get_visible (progress_row));
    g_signal_emit_by_name (cancel, "clicked");
    wait_until_idle (CUSTCARE_BACKUP_PREFERENCES (page));
    g_assert_false (gtk_widget_get_visible (progress_row));
    {
      g_autoptr (GDir) dir = g_dir_open (cancelled_dir, 0, NULL);

      g_assert_null (g_dir_read_name (dir));
    }
    /* Cancelling is not a failure: the page still shows the last good backup. */
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (last_row)), "verified"));
  }

  /* A folder that is gone: an alert with the reason, and the page shows the failure. */
  custcare_backup_preferences_back_up_to (CUSTCARE_BACKUP_PREFERENCES (page), gone_file);
  wait_until_idle (CUSTCARE_BACKUP_PREFERENCES (page));
  alert = take_alert (window);
  g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (alert)), ==, "Backup Failed");
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (alert)), "does not exist"));
  adw_dialog_force_close (alert);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (last_row)), "Failed on"));
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
  save_shot (GTK_WIDGET (dialog), "backups-failed.png");

  /* Automatic backups: the choices land in the shop's settings. */
  schedule_row = find_row (page, "Schedule");
  keep_row = find_row (page, "Backups to Keep");
  folder_row = find_row (page, "Folder");
  adw_combo_row_set_selected (ADW_COMBO_ROW (schedule_row), CUSTCARE_BACKUP_SCHEDULE_WEEKLY);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (folder_row)), ==,
                   "Choose a folder to start automatic backups");
  custcare_backup_preferences_set_folder (CUSTCARE_BACKUP_PREFERENCES (page), folder_file);
  adw_spin_row_set_value (ADW_SPIN_ROW (keep_row), 3);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (folder_row)), ==, folder);
  settings = custcare_backup_settings_load (store);
  g_assert_cmpint (settings->schedule, ==, CUSTCARE_BACKUP_SCHEDULE_WEEKLY);
  g_assert_cmpstr (settings->folder, ==, folder);
  g_assert_cmpuint (settings->keep, ==, 3);

  adw_dialog_force_close (dialog);
  iterate (100);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (100);
  name = g_path_get_basename (backups->pdata[0]);
  g_assert_true (custcare_backup_is_own_file_name (name));
}

static void
test_restore_from_backup (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "restore.db", NULL);
  g_autofree char *folder = g_build_filename (tmp_dir, "restore-backups", NULL);
  g_autofree char *letter = g_build_filename (tmp_dir, "letter.txt", NULL);
  g_autofree char *pending = custcare_backup_pending_restore_path (path);
  g_autofree char *backup = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) backup_file = NULL;
  g_autoptr (GFile) letter_file = g_file_new_for_path (letter);
  GtkWidget *window, *page;
  AdwDialog *dialog, *alert;
  gboolean created = FALSE;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_file_set_contents (letter, "Dear customer", -1, &error);
  g_assert_no_error (error);
  store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  custcare_demo_create (store, 3, &created, &error);
  g_assert_no_error (error);
  backup = custcare_backup_write (store, folder, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  backup_file = g_file_new_for_path (backup);

  window = adw_window_new ();
  /* Narrow. (At exactly 360 px libadwaita warns that the preferences dialog's bottom sheet needs
   * 360 px of the 350 px it gets, whichever page is shown.) */
  gtk_window_set_default_size (GTK_WINDOW (window), 370, 700);
  adw_window_set_content (ADW_WINDOW (window), adw_status_page_new ());
  gtk_window_present (GTK_WINDOW (window));
  dialog = ADW_DIALOG (custcare_preferences_dialog_new (store));
  adw_preferences_dialog_set_visible_page_name (ADW_PREFERENCES_DIALOG (dialog), "backups");
  adw_dialog_present (dialog, window);
  gtk_test_widget_wait_for_draw (window);
  iterate (300);
  page = find_descendant (GTK_WIDGET (dialog), CUSTCARE_TYPE_BACKUP_PREFERENCES);
  save_shot (GTK_WIDGET (dialog), "backups-narrow.png");

  /* Not a backup: refused with the reason, before any question. */
  custcare_backup_preferences_restore_from (CUSTCARE_BACKUP_PREFERENCES (page), letter_file);
  wait_until_idle (CUSTCARE_BACKUP_PREFERENCES (page));
  alert = take_alert (window);
  save_shot (GTK_WIDGET (alert), "backups-restore-refused.png");
  g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (alert)), ==, "Cannot Restore This File");
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (alert)), "not a CustCare database"));
  adw_dialog_force_close (alert);
  iterate (100);

  /* A good backup: the question says what will happen; Cancel changes nothing. */
  custcare_backup_preferences_restore_from (CUSTCARE_BACKUP_PREFERENCES (page), backup_file);
  wait_until_idle (CUSTCARE_BACKUP_PREFERENCES (page));
  alert = take_alert (window);
  g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (alert)), ==, "Restore This Backup?");
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (alert)), "restore.db.before-restore-"));
  g_assert_cmpstr (adw_alert_dialog_get_default_response (ADW_ALERT_DIALOG (alert)), ==, "cancel");
  save_shot (GTK_WIDGET (alert), "backups-restore-question.png");
  g_signal_emit_by_name (alert, "response", "cancel");
  adw_dialog_force_close (alert);
  iterate (200);
  g_assert_false (g_file_test (pending, G_FILE_TEST_EXISTS));

  /* Restore: a checked copy is staged for the restart (there is no app to restart here). */
  custcare_backup_preferences_restore_from (CUSTCARE_BACKUP_PREFERENCES (page), backup_file);
  wait_until_idle (CUSTCARE_BACKUP_PREFERENCES (page));
  alert = take_alert (window);
  g_signal_emit_by_name (alert, "response", "restore");
  adw_dialog_force_close (alert);
  wait_until_idle (CUSTCARE_BACKUP_PREFERENCES (page));
  g_assert_true (g_file_test (pending, G_FILE_TEST_EXISTS));
  custcare_backup_check (pending, &error);
  g_assert_no_error (error);

  adw_dialog_force_close (dialog);
  iterate (100);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (100);

  /* What the restarted app does before it opens the database. */
  g_clear_object (&store);
  {
    g_autofree char *replaced = NULL;

    custcare_backup_apply_pending_restore (path, &replaced, &error);
    g_assert_no_error (error);
    g_assert_nonnull (replaced);
    g_assert_false (g_file_test (pending, G_FILE_TEST_EXISTS));
  }
}

typedef struct
{
  const char *backup;
  gboolean    asked;
  char       *notice;
} AppRun;

/* In the app: Preferences → Backups (through app.backup-preferences), Restore, confirm; the app
 * closes its window and asks main() to start it again. */
static void
restore_activate_cb (GApplication *app,
                     AppRun       *run)
{
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  g_autoptr (GFile) backup = g_file_new_for_path (run->backup);
  GtkWidget *page;
  AdwDialog *dialog, *alert;

  g_signal_stop_emission_by_name (app, "activate");
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "backup-preferences", NULL);
  iterate (300);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (CUSTCARE_IS_PREFERENCES_DIALOG (dialog));
  g_assert_cmpstr (adw_preferences_dialog_get_visible_page_name (ADW_PREFERENCES_DIALOG (dialog)), ==, "backups");
  page = find_descendant (GTK_WIDGET (dialog), CUSTCARE_TYPE_BACKUP_PREFERENCES);

  custcare_backup_preferences_restore_from (CUSTCARE_BACKUP_PREFERENCES (page), backup);
  wait_until_idle (CUSTCARE_BACKUP_PREFERENCES (page));
  alert = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (alert));
  run->asked = TRUE;
  g_signal_emit_by_name (alert, "response", "restore");
  adw_dialog_force_close (alert);
  /* Staging, then the restart closes the window and g_application_run() returns. */
}

/* The restarted app puts the staged copy in place before it opens the database, and says so. */
static void
notice_activate_cb (GApplication *app,
                    AppRun       *run)
{
  AdwDialog *alert;
  GtkWindow *window;

  /* The app's own activate: the window, and the notice on it. */
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);
  iterate (300);
  alert = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (alert));
  run->notice = g_strdup (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (alert)));
  adw_dialog_force_close (alert);
  gtk_window_destroy (window);
}

static void
test_restore_restarts_app (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "app.db", NULL);
  g_autofree char *folder = g_build_filename (tmp_dir, "app-backups", NULL);
  g_autofree char *pending = custcare_backup_pending_restore_path (path);
  g_autofree char *backup = NULL;
  g_autoptr (GError) error = NULL;
  char *argv[] = { (char *) "custcare", (char *) "--database", path, NULL };
  AppRun run = { 0 };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  {
    g_autoptr (CustcareStore) store = custcare_store_open (path, &error);

    /* No follow-ups due: the app would send desktop notifications, and the test session has no
     * notification server. */
    g_assert_no_error (error);
    custcare_store_set_setting (store, "shop.name", "Corner Shop", &error);
    g_assert_no_error (error);
    backup = custcare_backup_write (store, folder, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    custcare_store_set_setting (store, "shop.name", "Renamed after the backup", &error);
    g_assert_no_error (error);
  }
  run.backup = backup;

  {
    g_autoptr (CustcareApplication) app = custcare_application_new ();

    g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
    g_signal_connect (app, "activate", G_CALLBACK (restore_activate_cb), &run);
    g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
    g_assert_true (run.asked);
    g_assert_true (custcare_application_get_restart_requested (app));
    g_assert_true (g_file_test (pending, G_FILE_TEST_EXISTS));
  }

  {
    g_autoptr (CustcareApplication) app = custcare_application_new ();

    g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
    g_signal_connect_after (app, "activate", G_CALLBACK (notice_activate_cb), &run);
    g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
    g_assert_false (custcare_application_get_restart_requested (app));
  }
  g_test_message ("%s", run.notice);
  g_assert_nonnull (run.notice);
  g_assert_nonnull (strstr (run.notice, "The backup was restored"));
  g_assert_nonnull (strstr (run.notice, "app.db.before-restore-"));
  g_assert_false (g_file_test (pending, G_FILE_TEST_EXISTS));
  {
    g_autoptr (CustcareStore) store = custcare_store_open (path, &error);
    g_autofree char *name = NULL;

    g_assert_no_error (error);
    name = custcare_store_get_setting (store, "shop.name");
    g_assert_cmpstr (name, ==, "Corner Shop");
  }
  g_free (run.notice);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("custcare-backup-prefs-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/backup-preferences/back-up-now", test_back_up_now);
  g_test_add_func ("/backup-preferences/restore-from-backup", test_restore_from_backup);
  g_test_add_func ("/backup-preferences/restore-restarts-app", test_restore_restarts_app);
  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);
    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  g_free (tmp_dir);
  return status;
}
