/* custcare-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application owns the shop's database connection for the main thread and the command line:
 * `custcare` opens the window, and a few options work without one (verify, version), which
 * keeps scripting and tests simple.
 */
#define G_LOG_DOMAIN "custcare-application"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-application.h"
#include "custcare-backup.h"
#include "custcare-demo.h"
#include "custcare-customer-list.h"
#include "custcare-customer-orders.h"
#include "custcare-customer-page.h"
#include "custcare-export-actions.h"
#include "custcare-follow-up-list.h"
#include "custcare-follow-up-notifier.h"
#include "custcare-gui-util.h"
#include "custcare-import-actions.h"
#include "custcare-interaction-list.h"
#include "custcare-log-call-dialog.h"
#include "custcare-order-list.h"
#include "custcare-outbox-dialog.h"
#include "custcare-outbox-worker.h"
#include "custcare-loyalty-panel.h"
#include "custcare-loyalty.h"
#include "custcare-preferences-dialog.h"
#include "custcare-window.h"

struct _CustcareApplication
{
  AdwApplication  parent_instance;

  char           *database_path;
  char           *screenshot_path;
  char           *startup_action;
  CustcareStore  *store;
  GError         *store_error;
  CustcareFollowUpNotifier *follow_up_notifier;
  guint           loyalty_expiry_id;
  /* Automatic backups: the timer, and the run in progress (cancelled on quit). */
  guint           backup_timer_id;
  GCancellable   *backup_cancellable;
  gboolean        backup_running;
  char           *restore_notice;
  gboolean        restart_requested;
};

G_DEFINE_FINAL_TYPE (CustcareApplication, custcare_application, ADW_TYPE_APPLICATION)

CustcareApplication *
custcare_application_new (void)
{
  return g_object_new (CUSTCARE_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

static char *
dup_database_path (CustcareApplication *self)
{
  return self->database_path != NULL ? g_strdup (self->database_path) : custcare_store_default_path ();
}

/* A restore chosen in Preferences was staged beside the database; it goes in place now, before
 * anything opens the file. */
static void
apply_pending_restore (CustcareApplication *self)
{
  g_autofree char *path = dup_database_path (self);
  g_autofree char *replaced = NULL;
  g_autoptr (GError) error = NULL;

  if (!custcare_backup_apply_pending_restore (path, &replaced, &error))
    self->restore_notice = g_strdup_printf (_("The backup was not restored: %s"), error->message);
  else if (replaced != NULL)
    self->restore_notice = g_strdup_printf (_("The backup was restored. The database it replaced was kept as “%s”."),
                                            replaced);
}

/**
 * custcare_application_get_store:
 *
 * Returns: (transfer none) (nullable): the open database, or %NULL when it could not be opened
 *   (see custcare_application_get_store_error())
 */
CustcareStore *
custcare_application_get_store (CustcareApplication *self)
{
  g_return_val_if_fail (CUSTCARE_IS_APPLICATION (self), NULL);

  if (self->store == NULL && self->store_error == NULL)
    {
      apply_pending_restore (self);
      self->store = custcare_store_open (self->database_path, &self->store_error);
      /* Email: queue messages on order status changes, and send them on a worker thread. */
      if (self->store != NULL)
        custcare_outbox_worker_get_for_store (self->store);
    }

  return self->store;
}

const GError *
custcare_application_get_store_error (CustcareApplication *self)
{
  g_return_val_if_fail (CUSTCARE_IS_APPLICATION (self), NULL);

  return self->store_error;
}

static int
run_verify (CustcareApplication *self)
{
  g_autofree char *path = dup_database_path (self);
  g_autoptr (GError) error = NULL;

  if (!custcare_store_check_file (path, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print (_("“%s” is a healthy CustCare database.\n"), path);
  return 0;
}

/* `custcare --backup FOLDER`: works while the app runs on the same file (online backup API). */
static int
run_backup (CustcareApplication *self,
            const char          *folder)
{
  g_autofree char *path = dup_database_path (self);
  g_autofree char *backup = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (GError) error = NULL;

  /* Opening a missing file would create an empty shop, and back that up. */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("There is no CustCare database at “%s” to back up.\n"), path);
      return 1;
    }
  if ((store = custcare_store_open (path, &error)) == NULL ||
      (backup = custcare_backup_write (store, folder, NULL, NULL, NULL, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("%s\n", backup);
  return 0;
}

/* `custcare --restore FILE`: refused while CustCare has the database open. */
static int
run_restore (CustcareApplication *self,
             const char          *backup)
{
  g_autofree char *path = dup_database_path (self);
  g_autofree char *replaced = NULL;
  g_autoptr (GError) error = NULL;

  if (!custcare_backup_restore (backup, path, &replaced, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print (_("Restored “%s” into “%s”.\n"), backup, path);
  if (replaced != NULL)
    g_print (_("The database it replaced was kept as “%s”.\n"), replaced);
  return 0;
}

/* `custcare --new-customer` and `--log-call` (the desktop file's actions, for launchers that do not
 * use D-Bus activation) run that app action: in the instance already running, or in this one once its
 * window is up. */
static int
run_startup_action (CustcareApplication *self,
                    const char          *action_name)
{
  g_autoptr (GError) error = NULL;

  if (!g_application_register (G_APPLICATION (self), NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (g_application_get_is_remote (G_APPLICATION (self)))
    {
      g_application_activate (G_APPLICATION (self));
      g_action_group_activate_action (G_ACTION_GROUP (self), action_name, NULL);
      return 0;
    }

  g_set_str (&self->startup_action, action_name);
  return -1;
}

/* `custcare --demo`: a new, empty database becomes a demo shop; a shop with customers is never
 * touched. Then the window opens as usual. */
static int
create_demo (CustcareApplication *self)
{
  CustcareStore *store = custcare_application_get_store (self);
  g_autoptr (GError) error = NULL;
  gboolean created = FALSE;

  if (store == NULL)
    {
      g_printerr ("%s\n", self->store_error->message);
      return 1;
    }
  if (!custcare_demo_create (store, 1, &created, &error))
    {
      g_printerr (_("Could not create the demo shop: %s\n"), error->message);
      return 1;
    }
  if (!created)
    g_printerr (_("“%s” already has customers, so no demo shop was added.\n"), custcare_store_get_path (store));
  return -1;
}

static int
custcare_application_handle_local_options (GApplication *application,
                                           GVariantDict *options)
{
  CustcareApplication *self = CUSTCARE_APPLICATION (application);
  const char *path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "database", "^&ay", &path))
    {
      g_free (self->database_path);
      self->database_path = g_canonicalize_filename (path, NULL);
      /* Another file than the usual one is a separate shop: don't hand it to a running instance. */
      g_application_set_flags (application, g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  if (g_variant_dict_lookup (options, "screenshot", "^&ay", &path))
    {
      self->screenshot_path = g_canonicalize_filename (path, NULL);
      g_application_set_flags (application, g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  if (g_variant_dict_contains (options, "verify"))
    return run_verify (self);
  if (g_variant_dict_lookup (options, "backup", "^&ay", &path))
    return run_backup (self, path);
  if (g_variant_dict_lookup (options, "restore", "^&ay", &path))
    return run_restore (self, path);

  if (g_variant_dict_contains (options, "demo"))
    {
      int status = create_demo (self);

      if (status >= 0)
        return status;
    }

  if (g_variant_dict_contains (options, "new-customer"))
    return run_startup_action (self, "new-customer");
  if (g_variant_dict_contains (options, "log-call"))
    return run_startup_action (self, "log-call");

  return -1;
}

static void
scheduled_backup_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (CustcareApplication) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = custcare_backup_run_scheduled_finish (CUSTCARE_STORE (object), result, &error);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  self->backup_running = FALSE;
  if (path != NULL)
    g_debug ("Automatic backup: %s", path);
  if (error == NULL || g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED))
    return;

  /* Never a dialog: the front desk keeps working; the toast leads to the whole message. */
  g_message ("The automatic backup failed: %s", error->message);
  if (CUSTCARE_IS_WINDOW (window))
    {
      AdwToast *toast = adw_toast_new (_("The automatic backup failed"));

      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "app.backup-preferences");
      adw_toast_set_timeout (toast, 0);
      custcare_window_add_toast (CUSTCARE_WINDOW (window), toast);
    }
}

static gboolean
backup_tick (gpointer user_data)
{
  CustcareApplication *self = user_data;

  if (!self->backup_running && self->store != NULL)
    {
      self->backup_running = TRUE;
      custcare_backup_run_scheduled_async (self->store, self->backup_cancellable, scheduled_backup_cb,
                                           g_object_ref (self));
    }
  return G_SOURCE_CONTINUE;
}

static void
custcare_application_activate (GApplication *application)
{
  CustcareApplication *self = CUSTCARE_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (custcare_window_new (self));
      if (self->screenshot_path != NULL)
        custcare_window_save_screenshot_and_quit (CUSTCARE_WINDOW (window), self->screenshot_path);
    }

  gtk_window_present (window);

  /* Follow-up reminders: the ones missed while the app was closed now, the next ones when due. */
  if (self->follow_up_notifier == NULL && custcare_application_get_store (self) != NULL)
    {
      self->follow_up_notifier = custcare_follow_up_notifier_new (G_APPLICATION (self), self->store);
      custcare_follow_up_notifier_start (self->follow_up_notifier);
    }

  /* Points that lapsed while the app was closed expire now (off the main thread), then daily. */
  if (self->loyalty_expiry_id == 0 && custcare_application_get_store (self) != NULL)
    self->loyalty_expiry_id = custcare_loyalty_schedule_expiry (self->store);

  /* An automatic backup that fell due while the app was closed runs now, off the main thread;
   * the timer checks again every half hour. */
  if (self->backup_timer_id == 0 && custcare_application_get_store (self) != NULL)
    {
      backup_tick (self);
      self->backup_timer_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, 30 * 60, backup_tick, self, NULL);
    }

  if (self->restore_notice != NULL)
    {
      custcare_present_message_alert (GTK_WIDGET (window), _("Restore from Backup"), self->restore_notice);
      g_clear_pointer (&self->restore_notice, g_free);
    }

  if (self->startup_action != NULL)
    {
      g_autofree char *action_name = g_steal_pointer (&self->startup_action);

      if (g_action_group_has_action (G_ACTION_GROUP (self), action_name))
        g_action_group_activate_action (G_ACTION_GROUP (self), action_name, NULL);
      else
        g_warning ("This version of CustCare has no “%s” action", action_name);
    }
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close windows properly so each saves its state; the app quits when the last one is gone. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  CustcareApplication *self = user_data;
  static const char *developers[] = { "The CustCare developers", NULL };

  adw_show_about_dialog (GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (self))),
                         "application-name", _("CustCare"),
                         "application-icon", APP_ID,
                         "developer-name", _("The CustCare developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Customer records, calls, orders and loyalty points for small shops"),
                         "developers", developers,
                         "copyright", "© 2026 The CustCare developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  CustcareStore *store = custcare_application_get_store (self);

  if (store == NULL)
    return;
  adw_dialog_present (ADW_DIALOG (custcare_preferences_dialog_new (store)), GTK_WIDGET (window));
}

/* app.check-backup: Preferences → Backups after a change, so a schedule just switched on does not
 * wait for the next tick. */
static void
check_backup_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  backup_tick (user_data);
}

/* app.backup-preferences: Preferences → Backups (from the toast of a failed automatic backup). */
static void
backup_preferences_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  CustcareStore *store = custcare_application_get_store (self);
  CustcarePreferencesDialog *dialog;

  if (store == NULL)
    return;
  dialog = custcare_preferences_dialog_new (store);
  adw_preferences_dialog_set_visible_page_name (ADW_PREFERENCES_DIALOG (dialog), "backups");
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (window));
}

/**
 * custcare_application_restart:
 *
 * Closes every window and asks main() to start CustCare again, which opens the database afresh
 * (applying a restore staged in Preferences → Backups). Every connection of this process goes
 * with it, which is what makes the swap of the database file safe.
 */
void
custcare_application_restart (CustcareApplication *self)
{
  g_return_if_fail (CUSTCARE_IS_APPLICATION (self));

  self->restart_requested = TRUE;
  /* A window closes its dialogs before it closes itself: close them first (Preferences is one). */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      AdwDialog *dialog;

      while (ADW_IS_APPLICATION_WINDOW (l->data) &&
             (dialog = adw_application_window_get_visible_dialog (l->data)) != NULL)
        adw_dialog_force_close (dialog);
    }
  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
}

gboolean
custcare_application_get_restart_requested (CustcareApplication *self)
{
  g_return_val_if_fail (CUSTCARE_IS_APPLICATION (self), FALSE);

  return self->restart_requested;
}

static GtkWindow *
ensure_window (CustcareApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
    }
  if (window != NULL)
    gtk_window_present (window);
  return window;
}

/* app.log-call (Ctrl+L from anywhere, and the desktop file's action): the Log Call dialog. */
static void
log_call_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = ensure_window (self);
  CustcareStore *store = custcare_application_get_store (self);

  if (window == NULL || store == NULL)
    return;
  /* A second Ctrl+L while a call is being logged keeps that call. */
  if (ADW_IS_APPLICATION_WINDOW (window) &&
      CUSTCARE_IS_LOG_CALL_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window))))
    return;
  adw_dialog_present (ADW_DIALOG (custcare_log_call_dialog_new (store)), GTK_WIDGET (window));
}

/* app.open-customer (int64 customer id): from notifications and the follow-ups list. */
static void
open_customer_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = ensure_window (self);
  CustcareStore *store = custcare_application_get_store (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  CustcareCustomerList *list;
  GtkWidget *page;

  if (!CUSTCARE_IS_WINDOW (window) || store == NULL)
    return;
  /* The customer page, on its Interactions tab: where the follow-up that called us is. The
   * sidebar stays where it is, so the Follow-ups list can be worked through one by one. */
  if ((list = custcare_customer_list_find (GTK_WIDGET (window))) != NULL)
    {
      custcare_customer_list_open_customer (list, g_variant_get_int64 (parameter));
      page = custcare_window_get_detail (CUSTCARE_WINDOW (window));
      if (CUSTCARE_IS_CUSTOMER_PAGE (page) &&
          custcare_customer_page_get_section (CUSTCARE_CUSTOMER_PAGE (page), "interactions") != NULL)
        custcare_customer_page_show_section (CUSTCARE_CUSTOMER_PAGE (page), "interactions");
      return;
    }
  page = custcare_interaction_list_new_page (store, g_variant_get_int64 (parameter), &title, &error);
  if (page == NULL)
    {
      custcare_window_add_toast (CUSTCARE_WINDOW (window), adw_toast_new (error->message));
      return;
    }
  custcare_window_show_detail (CUSTCARE_WINDOW (window), page, title);
}

/* app.outbox: the emails waiting, sent and failed, with Retry and Discard. */
static void
outbox_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  CustcareStore *store = custcare_application_get_store (self);

  if (store == NULL)
    return;
  adw_dialog_present (ADW_DIALOG (custcare_outbox_dialog_new (store)), GTK_WIDGET (window));
}

/* app.new-customer (Ctrl+N, and the desktop file's action): a new customer in the main window. */
static void
new_customer_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  CustcareCustomerList *list;

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
    }
  if (!CUSTCARE_IS_WINDOW (window) || (list = custcare_customer_list_find (GTK_WIDGET (window))) == NULL)
    return;
  custcare_window_show_section (CUSTCARE_WINDOW (window), "customers");
  custcare_customer_list_new_customer (list);
}

/* app.import (Ctrl+I): the file chooser, then app.import-file (a path or URI; tests start here). */
static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = ensure_window (self);

  if (window != NULL && custcare_application_get_store (self) != NULL)
    custcare_import_choose_file (window);
}

static void
import_file_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = ensure_window (self);
  CustcareStore *store = custcare_application_get_store (self);
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));

  if (window != NULL && store != NULL)
    custcare_import_open_file (window, store, file);
}

static void
revert_import_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = ensure_window (self);
  CustcareStore *store = custcare_application_get_store (self);

  if (window != NULL && store != NULL)
    custcare_import_revert_last (window, store);
}

/* app.export-customers, -orders, -interactions: the save dialog, then app.export-to
 * ((kind, path or URI); tests start here). */
static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = ensure_window (self);
  const char *name = g_action_get_name (G_ACTION (action));
  CustcareExportKind kind;

  if (window == NULL || custcare_application_get_store (self) == NULL ||
      !custcare_export_kind_from_name (name + strlen ("export-"), &kind))
    return;
  custcare_export_choose_file (window, kind);
}

static void
export_to_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CustcareApplication *self = user_data;
  GtkWindow *window = ensure_window (self);
  CustcareStore *store = custcare_application_get_store (self);
  const char *kind_name, *path;
  g_autoptr (GFile) file = NULL;
  CustcareExportKind kind;

  g_variant_get (parameter, "(&s&s)", &kind_name, &path);
  if (window == NULL || store == NULL || !custcare_export_kind_from_name (kind_name, &kind))
    return;
  file = g_file_new_for_commandline_arg (path);
  custcare_export_to_file (window, store, kind, file);
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_action },
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "outbox", .activate = outbox_action },
  { .name = "backup-preferences", .activate = backup_preferences_action },
  { .name = "check-backup", .activate = check_backup_action },
  { .name = "new-customer", .activate = new_customer_action },
  { .name = "log-call", .activate = log_call_action },
  { .name = "open-customer", .parameter_type = "x", .activate = open_customer_action },
  { .name = "import", .activate = import_action },
  { .name = "import-file", .parameter_type = "s", .activate = import_file_action },
  { .name = "revert-import", .activate = revert_import_action },
  { .name = "export-customers", .activate = export_action },
  { .name = "export-orders", .activate = export_action },
  { .name = "export-interactions", .activate = export_action },
  { .name = "export-to", .parameter_type = "(ss)", .activate = export_to_action },
};

static void
custcare_application_startup (GApplication *application)
{
  CustcareApplication *self = CUSTCARE_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *new_customer_accels[] = { "<Control>n", NULL };
  static const char *log_call_accels[] = { "<Control>l", NULL };
  static const char *import_accels[] = { "<Control>i", NULL };

  G_APPLICATION_CLASS (custcare_application_parent_class)->startup (application);

  /* The window's template names the customer list: GtkBuilder only finds registered types. */
  g_type_ensure (CUSTCARE_TYPE_CUSTOMER_LIST);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-customer", new_customer_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.log-call", log_call_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.import", import_accels);
  /* The window's template names the follow-ups list: GtkBuilder only finds registered types. */
  g_type_ensure (CUSTCARE_TYPE_FOLLOW_UP_LIST);
  /* The customer page's tabs, in this order after Overview. */
  custcare_interaction_list_register_customer_section ();
  custcare_customer_orders_register_customer_section ();
  custcare_loyalty_panel_register_customer_section ();
}

/* A backup running when the app quits is stopped and waited for, so no partial file is left. */
static void
custcare_application_shutdown (GApplication *application)
{
  CustcareApplication *self = CUSTCARE_APPLICATION (application);
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  g_clear_handle_id (&self->backup_timer_id, g_source_remove);
  g_cancellable_cancel (self->backup_cancellable);
  while (self->backup_running && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10 * 1000);

  G_APPLICATION_CLASS (custcare_application_parent_class)->shutdown (application);
}

static void
custcare_application_finalize (GObject *object)
{
  CustcareApplication *self = CUSTCARE_APPLICATION (object);

  g_clear_handle_id (&self->backup_timer_id, g_source_remove);
  g_clear_object (&self->backup_cancellable);
  g_clear_pointer (&self->restore_notice, g_free);

  g_clear_handle_id (&self->loyalty_expiry_id, g_source_remove);
  g_clear_object (&self->follow_up_notifier);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->screenshot_path, g_free);
  g_clear_pointer (&self->startup_action, g_free);

  G_OBJECT_CLASS (custcare_application_parent_class)->finalize (object);
}

static void
custcare_application_class_init (CustcareApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = custcare_application_finalize;

  app_class->handle_local_options = custcare_application_handle_local_options;
  app_class->activate = custcare_application_activate;
  app_class->startup = custcare_application_startup;
  app_class->shutdown = custcare_application_shutdown;

  /* Widgets the window's template names: GtkBuilder can only find registered types. */
  g_type_ensure (CUSTCARE_TYPE_ORDER_LIST);
}

static void
custcare_application_init (CustcareApplication *self)
{
  static const GOptionEntry options[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL, N_("Use the customer database in FILE"), N_("FILE") },
    { "verify", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Check the database for damage and exit"), NULL },
    { "backup", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Write a verified backup of the database into FOLDER and exit"),
      N_("FOLDER") },
    { "restore", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Replace the database with the backup FILE, once it passes its check, and exit"), N_("FILE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Fill a new, empty database with a demo shop"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { "new-customer", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open CustCare to add a new customer"), NULL },
    { "log-call", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open CustCare to log a call"), NULL },
    { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
      "Save a PNG of the main window to FILE once it is drawn, then quit", "FILE" },
    { NULL }
  };

  self->backup_cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Customer records, calls, orders and loyalty points for small shops."));
}
