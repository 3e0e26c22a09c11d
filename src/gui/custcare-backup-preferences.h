/* custcare-backup-preferences.h — Preferences → Backups: back up now, the schedule, restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_BACKUP_PREFERENCES (custcare_backup_preferences_get_type ())
G_DECLARE_FINAL_TYPE (CustcareBackupPreferences, custcare_backup_preferences, CUSTCARE, BACKUP_PREFERENCES,
                      AdwPreferencesPage)

CustcareBackupPreferences *custcare_backup_preferences_new          (CustcareStore             *store);
void                       custcare_backup_preferences_back_up_to   (CustcareBackupPreferences *self,
                                                                     GFile                     *folder);
void                       custcare_backup_preferences_set_folder   (CustcareBackupPreferences *self,
                                                                     GFile                     *folder);
void                       custcare_backup_preferences_restore_from (CustcareBackupPreferences *self,
                                                                     GFile                     *backup);
gboolean                   custcare_backup_preferences_is_busy      (CustcareBackupPreferences *self);

G_END_DECLS
