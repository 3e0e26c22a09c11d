/* custcare-store-private.h — what the other files of src/core share about the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "custcare-store.h"

G_BEGIN_DECLS

/* Low-level access for src/core only. Statements returned by _custcare_store_prepare() are cached
 * per connection: the caller must sqlite3_reset() them (use g_autoptr (CustcareStmt)), never finalize. */
typedef sqlite3_stmt CustcareStmt;

CustcareStore *_custcare_store_open_full     (const char     *path,
                                              const char     *migrations_path,
                                              int             target_version,
                                              GError        **error);
sqlite3      *_custcare_store_get_db         (CustcareStore  *self);
CustcareStmt *_custcare_store_prepare        (CustcareStore  *self,
                                              const char     *sql,
                                              GError        **error);
gboolean      _custcare_store_exec           (CustcareStore  *self,
                                              const char     *sql,
                                              GError        **error);
gboolean      _custcare_store_step_done      (CustcareStore  *self,
                                              CustcareStmt   *stmt,
                                              GError        **error);
gboolean      _custcare_store_set_error      (CustcareStore  *self,
                                              int             rc,
                                              GError        **error);
gboolean      _custcare_store_in_transaction (CustcareStore  *self);
gint64        _custcare_store_now            (CustcareStore  *self);
void          _custcare_store_set_clock      (CustcareStore  *self,
                                              gint64        (*now_func) (gpointer user_data),
                                              gpointer        user_data);

/* Test hooks for custcare_store_backup_to_full(): @dest_opened may limit the copy's size (a full
 * disk), @copied may damage the copy before it is checked. */
typedef struct
{
  void     (*dest_opened) (sqlite3    *dest,
                           gpointer    data);
  void     (*copied)      (const char *partial_path,
                           gpointer    data);
  gpointer   data;
} CustcareStoreBackupHooks;

void          _custcare_store_set_backup_hooks (const CustcareStoreBackupHooks *hooks);

static inline void
_custcare_stmt_reset (CustcareStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareStmt, _custcare_stmt_reset)

G_END_DECLS
