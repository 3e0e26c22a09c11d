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

/* Runs @func in @context's thread, at its next iteration. Unlike g_main_context_invoke_full(),
 * never in the calling thread: that one runs @func right away in a worker thread whenever it can
 * acquire the context, and the caller's callbacks (GTK's among them) must run in its own thread. */
static inline void
_custcare_main_context_post (GMainContext   *context,
                             GSourceFunc     func,
                             gpointer        data,
                             GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[custcare] progress");
  g_source_attach (source, context);
  g_source_unref (source);
}

static inline void
_custcare_stmt_reset (CustcareStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareStmt, _custcare_stmt_reset)

G_END_DECLS
