/* custcare-backup-preferences.c — Preferences → Backups: back up now, the schedule, restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Copies and checks run on a worker connection in a thread (custcare-backup.c); this page only
 * picks folders and files, shows progress and the outcome. Restoring cannot happen under the
 * window's own connections, so the page stages a checked copy and restarts CustCare, which puts
 * it in place before it opens the database (custcare_backup_apply_pending_restore()).
 */
#define G_LOG_DOMAIN "custcare-backup-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "custcare-application.h"
#include "custcare-backup-preferences.h"
#include "custcare-backup.h"
#include "custcare-gui-util.h"

struct _CustcareBackupPreferences
{
  AdwPreferencesPage  parent_instance;

  CustcareStore      *store;
  GCancellable       *cancellable;   /* the page's lifetime */
  GCancellable       *backup_cancellable;
  char               *folder;
  gboolean            loading;
  gboolean            busy;

  AdwActionRow       *last_row;
  GtkImage           *status_icon;
  AdwActionRow       *back_up_row;
  GtkButton          *back_up_button;
  AdwActionRow       *progress_row;
  GtkProgressBar     *progress_bar;
  AdwComboRow        *schedule_row;
  AdwActionRow       *folder_row;
  GtkButton          *folder_button;
  AdwSpinRow         *keep_row;
  AdwButtonRow       *restore_row;
};

G_DEFINE_FINAL_TYPE (CustcareBackupPreferences, custcare_backup_preferences, ADW_TYPE_PREFERENCES_PAGE)

static void
show_toast (CustcareBackupPreferences *self,
            const char                *message)
{
  if (!custcare_preferences_add_toast (GTK_WIDGET (self), message))
    g_message ("%s", message);
}

static void
show_alert (CustcareBackupPreferences *self,
            const char                *heading,
            const char                *body)
{
  custcare_present_message_alert (GTK_WIDGET (self), heading, body);
}

static char *
format_time (gint64 when)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (when);

  /* Translators: when the last backup was made, see g_date_time_format() */
  return local != NULL ? g_date_time_format (local, _("%a %-d %b %Y, %H:%M")) : g_strdup ("");
}

static void
update_status (CustcareBackupPreferences *self)
{
  g_autoptr (CustcareBackupSettings) settings = custcare_backup_settings_load (self->store);
  g_autofree char *subtitle = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  if (settings->last_error != NULL && settings->last_attempt_at >= settings->last_at)
    {
      g_autofree char *when = format_time (settings->last_attempt_at);

      /* Translators: "FAILED-WHEN: why" */
      subtitle = g_strdup_printf (_("Failed on %s: %s"), when, settings->last_error);
      gtk_image_set_from_icon_name (self->status_icon, "dialog-warning-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "error");
    }
  else if (settings->last_at > 0)
    {
      g_autofree char *when = format_time (settings->last_at);

      /* Translators: "WHEN, verified — PATH" */
      subtitle = g_strdup_printf (_("%s, verified — %s"), when, settings->last_path ? settings->last_path : "");
      gtk_image_set_from_icon_name (self->status_icon, "object-select-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "success");
    }
  else
    {
      subtitle = g_strdup (_("No backup yet"));
      gtk_image_set_from_icon_name (self->status_icon, "dialog-information-symbolic");
    }
  adw_action_row_set_subtitle (self->last_row, subtitle);
}

static void
update_folder_row (CustcareBackupPreferences *self)
{
  if (self->folder != NULL)
    adw_action_row_set_subtitle (self->folder_row, self->folder);
  else if (adw_combo_row_get_selected (self->schedule_row) != CUSTCARE_BACKUP_SCHEDULE_OFF)
    adw_action_row_set_subtitle (self->folder_row, _("Choose a folder to start automatic backups"));
  else
    adw_action_row_set_subtitle (self->folder_row, _("Not chosen"));
}

static void
save_settings (CustcareBackupPreferences *self)
{
  CustcareBackupSettings settings = {
    .schedule = adw_combo_row_get_selected (self->schedule_row),
    .folder = self->folder,
    .keep = (guint) adw_spin_row_get_value (self->keep_row),
  };
  g_autoptr (GError) error = NULL;
  GApplication *app = g_application_get_default ();

  if (self->loading)
    return;
  update_folder_row (self);
  if (!custcare_backup_settings_save (self->store, &settings, &error))
    {
      show_toast (self, error->message);
      return;
    }
  /* A schedule just switched on makes its first backup now rather than at the next tick. */
  if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "check-backup"))
    g_action_group_activate_action (G_ACTION_GROUP (app), "check-backup", NULL);
}

static void
schedule_changed_cb (CustcareBackupPreferences *self)
{
  save_settings (self);
}

static void
keep_changed_cb (CustcareBackupPreferences *self)
{
  save_settings (self);
}

static GFile *
dup_initial_folder (CustcareBackupPreferences *self)
{
  return self->folder != NULL && g_file_test (self->folder, G_FILE_TEST_IS_DIR) ? g_file_new_for_path (self->folder)
                                                                                : NULL;
}

/**
 * custcare_backup_preferences_set_folder:
 * @folder: the folder for automatic backups (what the folder dialog returned)
 */
void
custcare_backup_preferences_set_folder (CustcareBackupPreferences *self,
                                        GFile                     *folder)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CUSTCARE_IS_BACKUP_PREFERENCES (self));
  g_return_if_fail (G_IS_FILE (folder));

  if ((path = g_file_get_path (folder)) == NULL)
    {
      show_toast (self, _("CustCare can only keep backups in a folder on this computer or a disk attached to it."));
      return;
    }
  g_set_str (&self->folder, path);
  save_settings (self);
}

static void
automatic_folder_chosen_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr (CustcareBackupPreferences) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (object), result, &error);

  if (folder != NULL)
    custcare_backup_preferences_set_folder (self, folder);
}

static void
folder_clicked_cb (CustcareBackupPreferences *self)
{
  g_autoptr (GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr (GFile) initial = dup_initial_folder (self);

  gtk_file_dialog_set_title (dialog, _("Folder for Automatic Backups"));
  gtk_file_dialog_set_accept_label (dialog, _("_Select"));
  gtk_file_dialog_set_initial_folder (dialog, initial);
  gtk_file_dialog_select_folder (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->cancellable,
                                 automatic_folder_chosen_cb, g_object_ref (self));
}

static void
set_busy (CustcareBackupPreferences *self,
          gboolean                   busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_up_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_row), !busy);
}

static void
backup_progress_cb (gint64   done,
                    gint64   total,
                    gpointer user_data)
{
  CustcareBackupPreferences *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
}

static void
backup_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (CustcareBackupPreferences) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = custcare_backup_write_finish (CUSTCARE_STORE (object), result, &error);

  g_clear_object (&self->backup_cancellable);
  if (g_application_get_default () != NULL)
    g_application_release (g_application_get_default ());
  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), FALSE);
  set_busy (self, FALSE);
  update_status (self);

  if (path == NULL)
    {
      if (g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED))
        show_toast (self, _("The backup was cancelled"));
      else
        show_alert (self, _("Backup Failed"), error->message);
      return;
    }
  /* Short enough for a narrow window; the Last Backup row names the file. */
  show_toast (self, _("Backed up and verified"));
}

/**
 * custcare_backup_preferences_back_up_to:
 * @folder: where to write the backup (what the folder dialog returned)
 *
 * Starts a backup into @folder on a worker thread, with progress and Cancel on the page.
 */
void
custcare_backup_preferences_back_up_to (CustcareBackupPreferences *self,
                                        GFile                     *folder)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CUSTCARE_IS_BACKUP_PREFERENCES (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (self->busy)
    return;
  if ((path = g_file_get_path (folder)) == NULL)
    {
      show_alert (self, _("Backup Failed"),
                  _("CustCare can only write backups to a folder on this computer or a disk attached to it."));
      return;
    }

  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), TRUE);
  self->backup_cancellable = g_cancellable_new ();
  /* Quitting mid-backup cancels it (dispose); the hold lets it delete its partial file first. */
  if (g_application_get_default () != NULL)
    g_application_hold (g_application_get_default ());
  custcare_backup_write_async (self->store, path, backup_progress_cb, g_object_ref (self), g_object_unref,
                               self->backup_cancellable, backup_written_cb, g_object_ref (self));
}

static void
backup_folder_chosen_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr (CustcareBackupPreferences) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (object), result, &error);

  if (folder != NULL)
    custcare_backup_preferences_back_up_to (self, folder);
}

static void
back_up_clicked_cb (CustcareBackupPreferences *self)
{
  g_autoptr (GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr (GFile) initial = dup_initial_folder (self);

  gtk_file_dialog_set_title (dialog, _("Back Up Into"));
  gtk_file_dialog_set_accept_label (dialog, _("_Back Up Here"));
  gtk_file_dialog_set_initial_folder (dialog, initial);
  gtk_file_dialog_select_folder (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->cancellable,
                                 backup_folder_chosen_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (CustcareBackupPreferences *self)
{
  g_cancellable_cancel (self->backup_cancellable);
}

/* ---- Restore ---------------------------------------------------------------------------- */

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;

  if (!custcare_backup_check (task_data, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
stage_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CustcareBackupPreferences *self = source_object;
  g_autoptr (GError) error = NULL;

  if (!custcare_backup_stage_restore (task_data, custcare_store_get_path (self->store), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
staged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CustcareBackupPreferences *self = CUSTCARE_BACKUP_PREFERENCES (object);
  g_autoptr (GError) error = NULL;
  GApplication *app = g_application_get_default ();

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_alert (self, _("Restore Failed"), error->message);
      return;
    }
  if (CUSTCARE_IS_APPLICATION (app))
    custcare_application_restart (CUSTCARE_APPLICATION (app));
  else
    show_toast (self, _("Restart CustCare to finish restoring"));
}

static void
confirm_response_cb (AdwAlertDialog            *alert,
                     const char                *response,
                     CustcareBackupPreferences *self)
{
  g_autoptr (GTask) task = NULL;
  const char *path = g_object_get_data (G_OBJECT (alert), "backup-path");

  if (g_strcmp0 (response, "restore") != 0 || self->busy)
    return;
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, staged_cb, NULL);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, stage_thread);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CustcareBackupPreferences *self = CUSTCARE_BACKUP_PREFERENCES (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *database = g_path_get_basename (custcare_store_get_path (self->store));
  g_autofree char *made = NULL;
  g_autofree char *body = NULL;
  AdwDialog *alert;
  GStatBuf st;

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_alert (self, _("Cannot Restore This File"), error->message);
      return;
    }

  made = g_stat (path, &st) == 0 ? format_time (st.st_mtime) : g_strdup ("?");
  body = g_strdup_printf (_("The shop’s database will be replaced by the backup “%s” from %s, which passed its check. "
                            "Anything entered after that backup was made will no longer be shown.\n\n"
                            "The current database is kept beside it as “%s.before-restore-…”. "
                            "CustCare closes and starts again to open the restored database."),
                          name, made, database);
  alert = adw_alert_dialog_new (_("Restore This Backup?"), body);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (alert), "cancel", _("_Cancel"), "restore",
                                  _("_Restore and Restart"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (alert), "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (alert), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (alert), "cancel");
  g_object_set_data_full (G_OBJECT (alert), "backup-path", g_strdup (path), g_free);
  g_signal_connect_object (alert, "response", G_CALLBACK (confirm_response_cb), self, 0);
  adw_dialog_present (alert, GTK_WIDGET (self));
}

/**
 * custcare_backup_preferences_restore_from:
 * @backup: the backup file the user chose
 *
 * Checks @backup in a thread, then asks for confirmation; on Restore, stages it and restarts.
 */
void
custcare_backup_preferences_restore_from (CustcareBackupPreferences *self,
                                          GFile                     *backup)
{
  g_autoptr (GTask) task = NULL;
  char *path;

  g_return_if_fail (CUSTCARE_IS_BACKUP_PREFERENCES (self));
  g_return_if_fail (G_IS_FILE (backup));

  if (self->busy)
    return;
  if ((path = g_file_get_path (backup)) == NULL)
    {
      show_alert (self, _("Cannot Restore This File"),
                  _("CustCare can only restore a backup from this computer or a disk attached to it."));
      return;
    }
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, checked_cb, NULL);
  g_task_set_task_data (task, path, g_free);
  g_task_run_in_thread (task, check_thread);
}

static void
restore_file_chosen_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (CustcareBackupPreferences) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, &error);

  if (file != NULL)
    custcare_backup_preferences_restore_from (self, file);
}

static void
restore_activated_cb (CustcareBackupPreferences *self)
{
  g_autoptr (GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr (GFile) initial = dup_initial_folder (self);
  g_autoptr (GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr (GtkFileFilter) backups = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (backups, _("CustCare Backups"));
  gtk_file_filter_add_pattern (backups, "*.db");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, backups);
  g_list_store_append (filters, all);

  gtk_file_dialog_set_title (dialog, _("Restore from Backup"));
  gtk_file_dialog_set_accept_label (dialog, _("_Check Backup"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_initial_folder (dialog, initial);
  gtk_file_dialog_open (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->cancellable,
                        restore_file_chosen_cb, g_object_ref (self));
}

gboolean
custcare_backup_preferences_is_busy (CustcareBackupPreferences *self)
{
  g_return_val_if_fail (CUSTCARE_IS_BACKUP_PREFERENCES (self), FALSE);

  return self->busy;
}

CustcareBackupPreferences *
custcare_backup_preferences_new (CustcareStore *store)
{
  CustcareBackupPreferences *self;
  g_autoptr (CustcareBackupSettings) settings = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_BACKUP_PREFERENCES, NULL);
  self->store = g_object_ref (store);

  settings = custcare_backup_settings_load (store);
  self->loading = TRUE;
  self->folder = g_strdup (settings->folder);
  adw_combo_row_set_selected (self->schedule_row, settings->schedule);
  adw_spin_row_set_value (self->keep_row, settings->keep);
  self->loading = FALSE;
  update_folder_row (self);
  update_status (self);

  return self;
}

static void
custcare_backup_preferences_dispose (GObject *object)
{
  CustcareBackupPreferences *self = CUSTCARE_BACKUP_PREFERENCES (object);

  /* Closing Preferences stops a backup in progress; it deletes its partial file. */
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->backup_cancellable);

  G_OBJECT_CLASS (custcare_backup_preferences_parent_class)->dispose (object);
}

static void
custcare_backup_preferences_finalize (GObject *object)
{
  CustcareBackupPreferences *self = CUSTCARE_BACKUP_PREFERENCES (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->backup_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->folder, g_free);

  G_OBJECT_CLASS (custcare_backup_preferences_parent_class)->finalize (object);
}

static void
custcare_backup_preferences_class_init (CustcareBackupPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_backup_preferences_dispose;
  object_class->finalize = custcare_backup_preferences_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-backup-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, last_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, back_up_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, back_up_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, progress_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, schedule_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, folder_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, folder_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, keep_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareBackupPreferences, restore_row);
  gtk_widget_class_bind_template_callback (widget_class, back_up_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, folder_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, restore_activated_cb);
}

static void
custcare_backup_preferences_init (CustcareBackupPreferences *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
