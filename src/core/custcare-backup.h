/* custcare-backup.h — verified backups of the shop's database, on demand and on a schedule, and
 * restoring one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

/* How many backups an automatic schedule keeps in its folder unless told otherwise. */
#define CUSTCARE_BACKUP_DEFAULT_KEEP 7

typedef enum
{
  CUSTCARE_BACKUP_SCHEDULE_OFF,
  CUSTCARE_BACKUP_SCHEDULE_DAILY,
  CUSTCARE_BACKUP_SCHEDULE_WEEKLY,
} CustcareBackupSchedule;

/* The backup settings and the outcome of the last backup, as kept in the shop's settings table. */
typedef struct
{
  CustcareBackupSchedule  schedule;
  char                   *folder;          /* where automatic backups go; NULL until chosen */
  guint                   keep;            /* automatic backups kept in @folder */
  gint64                  last_at;         /* last verified backup, UTC seconds; 0 for never */
  char                   *last_path;
  gint64                  last_attempt_at; /* last attempt, successful or not */
  char                   *last_error;      /* why the last attempt failed; NULL when it passed */
} CustcareBackupSettings;

CustcareBackupSettings *custcare_backup_settings_load        (CustcareStore                 *store);
gboolean                custcare_backup_settings_save        (CustcareStore                 *store,
                                                              const CustcareBackupSettings  *settings,
                                                              GError                       **error);
void                    custcare_backup_settings_free        (CustcareBackupSettings        *settings);
gboolean                custcare_backup_is_due               (const CustcareBackupSettings  *settings,
                                                              gint64                         now);

char                   *custcare_backup_file_name            (GDateTime                     *local_time,
                                                              guint                          serial);
gboolean                custcare_backup_is_own_file_name     (const char                    *name);
GPtrArray              *custcare_backup_list                 (const char                    *folder,
                                                              GError                       **error);
gboolean                custcare_backup_prune                (const char                    *folder,
                                                              guint                          keep,
                                                              guint                         *out_removed,
                                                              GError                       **error);

char                   *custcare_backup_write                (CustcareStore                 *store,
                                                              const char                    *folder,
                                                              CustcareStoreProgress          progress,
                                                              gpointer                       progress_data,
                                                              GCancellable                  *cancellable,
                                                              GError                       **error);
void                    custcare_backup_write_async          (CustcareStore                 *store,
                                                              const char                    *folder,
                                                              CustcareStoreProgress          progress,
                                                              gpointer                       progress_data,
                                                              GDestroyNotify                 progress_data_free,
                                                              GCancellable                  *cancellable,
                                                              GAsyncReadyCallback            callback,
                                                              gpointer                       user_data);
char                   *custcare_backup_write_finish         (CustcareStore                 *store,
                                                              GAsyncResult                  *result,
                                                              GError                       **error);
char                   *custcare_backup_run_scheduled        (CustcareStore                 *store,
                                                              GCancellable                  *cancellable,
                                                              GError                       **error);
void                    custcare_backup_run_scheduled_async  (CustcareStore                 *store,
                                                              GCancellable                  *cancellable,
                                                              GAsyncReadyCallback            callback,
                                                              gpointer                       user_data);
char                   *custcare_backup_run_scheduled_finish (CustcareStore                 *store,
                                                              GAsyncResult                  *result,
                                                              GError                       **error);

gboolean                custcare_backup_check                (const char                    *backup_path,
                                                              GError                       **error);
gboolean                custcare_backup_restore              (const char                    *backup_path,
                                                              const char                    *database_path,
                                                              char                         **out_replaced_path,
                                                              GError                       **error);
char                   *custcare_backup_pending_restore_path (const char                    *database_path);
gboolean                custcare_backup_stage_restore        (const char                    *backup_path,
                                                              const char                    *database_path,
                                                              GError                       **error);
gboolean                custcare_backup_apply_pending_restore (const char                   *database_path,
                                                               char                        **out_replaced_path,
                                                               GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareBackupSettings, custcare_backup_settings_free)

G_END_DECLS
