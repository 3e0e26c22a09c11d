/* custcare-store.h — the shop's database file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CUSTCARE_STORE_ERROR (custcare_store_error_quark ())

typedef enum
{
  CUSTCARE_STORE_ERROR_FAILED,
  CUSTCARE_STORE_ERROR_NOT_A_DATABASE,
  CUSTCARE_STORE_ERROR_CORRUPT,
  CUSTCARE_STORE_ERROR_TOO_NEW,
  CUSTCARE_STORE_ERROR_READ_ONLY,
  CUSTCARE_STORE_ERROR_DISK_FULL,
  CUSTCARE_STORE_ERROR_BUSY,
  CUSTCARE_STORE_ERROR_CONSTRAINT,
  CUSTCARE_STORE_ERROR_NOT_FOUND,
  CUSTCARE_STORE_ERROR_MIGRATION,
  CUSTCARE_STORE_ERROR_INVALID,
  CUSTCARE_STORE_ERROR_CANCELLED,
} CustcareStoreError;

/* The newest schema this build knows. */
#define CUSTCARE_STORE_SCHEMA_VERSION 3

/* Called after each step of a long copy: how far it is, out of how much. */
typedef void (*CustcareStoreProgress) (gint64   done,
                                       gint64   total,
                                       gpointer user_data);

#define CUSTCARE_TYPE_STORE (custcare_store_get_type ())
G_DECLARE_FINAL_TYPE (CustcareStore, custcare_store, CUSTCARE, STORE, GObject)

GQuark         custcare_store_error_quark          (void);
char          *custcare_store_default_path         (void);
CustcareStore *custcare_store_open                 (const char     *path,
                                                    GError        **error);
CustcareStore *custcare_store_open_worker          (CustcareStore  *self,
                                                    GError        **error);
const char    *custcare_store_get_path             (CustcareStore  *self);
const char    *custcare_store_get_last_backup_path (CustcareStore  *self);
int            custcare_store_get_schema_version   (CustcareStore  *self);
gboolean       custcare_store_verify               (CustcareStore  *self,
                                                    GError        **error);
gboolean       custcare_store_check_file           (const char     *path,
                                                    GError        **error);
gboolean       custcare_store_backup_to            (CustcareStore  *self,
                                                    const char     *dest_path,
                                                    GError        **error);
gboolean       custcare_store_backup_to_full       (CustcareStore          *self,
                                                    const char             *dest_path,
                                                    CustcareStoreProgress   progress,
                                                    gpointer                progress_data,
                                                    GCancellable           *cancellable,
                                                    GError                **error);
gboolean       custcare_store_begin                (CustcareStore  *self,
                                                    GError        **error);
gboolean       custcare_store_commit               (CustcareStore  *self,
                                                    GError        **error);
void           custcare_store_rollback             (CustcareStore  *self);
char          *custcare_store_get_setting          (CustcareStore  *self,
                                                    const char     *key);
gint64         custcare_store_get_setting_int      (CustcareStore  *self,
                                                    const char     *key,
                                                    gint64          default_value);
gboolean       custcare_store_set_setting          (CustcareStore  *self,
                                                    const char     *key,
                                                    const char     *value,
                                                    GError        **error);
gboolean       custcare_store_set_setting_int      (CustcareStore  *self,
                                                    const char     *key,
                                                    gint64          value,
                                                    GError        **error);
void           custcare_store_interrupt            (CustcareStore  *self);

G_END_DECLS
