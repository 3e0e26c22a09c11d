/* custcare-import-batch.c — reverting an import batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A revert removes what the import brought and nothing the shop did since. In one transaction:
 * the batch is marked reverted first (migration 0002 lets the ledger drop an 'opening' row only
 * for a reverted batch, and only while the customer has no other points history), then each of
 * the batch's customers who has not been used since — no order, interaction, outbox message,
 * points row other than the batch's opening balance, and no merge — is deleted with its opening
 * points, phones, emails, tags and search entry. The others stay and are reported.
 */
#define G_LOG_DOMAIN "custcare-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "custcare-customer-private.h"
#include "custcare-import-private.h"

CustcareImportRevertResult *
custcare_import_revert_result_copy (const CustcareImportRevertResult *result)
{
  CustcareImportRevertResult *copy = g_new0 (CustcareImportRevertResult, 1);

  *copy = *result;
  copy->kept_ids = g_array_copy (result->kept_ids);
  copy->kept_reason = g_strdup (result->kept_reason);
  return copy;
}

void
custcare_import_revert_result_free (CustcareImportRevertResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->kept_ids, g_array_unref);
  g_free (result->kept_reason);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (CustcareImportRevertResult, custcare_import_revert_result, custcare_import_revert_result_copy,
                     custcare_import_revert_result_free)

/**
 * custcare_import_get_last_batch:
 *
 * Returns: the newest import batch that has not been reverted, or 0 (also on error, with @error set)
 */
gint64
custcare_import_get_last_batch (CustcareStore  *store,
                                GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);

  stmt = _custcare_store_prepare (store,
                                  "SELECT id FROM import_batches WHERE reverted_at IS NULL ORDER BY created_at DESC, "
                                  "id DESC LIMIT 1",
                                  error);
  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    _custcare_store_set_error (store, rc, error);
  return 0;
}

/* counts[]: customers kept for orders, interactions, points, messages, merges (the order of the
 * SELECT in custcare_import_revert()). */
static char *
kept_reason_text (guint n_kept,
                  guint counts[5])
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (n_kept == 0)
    return g_strdup ("");
  if (counts[0] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u has orders", "%u have orders", counts[0]),
                                             counts[0]));
  if (counts[1] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u has interactions",
                                                          "%u have interactions", counts[1]),
                                             counts[1]));
  if (counts[2] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u earned or spent points",
                                                          "%u earned or spent points", counts[2]),
                                             counts[2]));
  if (counts[3] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u was sent email",
                                                          "%u were sent email", counts[3]),
                                             counts[3]));
  if (counts[4] > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u was merged with another customer",
                                                          "%u were merged with other customers", counts[4]),
                                             counts[4]));
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (", ", (char **) parts->pdata);
  /* Translators: the first is a count, the second a list like "1 has orders, 2 have interactions" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u customer was kept because they were used since the import: %s.",
                                       "%u customers were kept because they were used since the import: %s.",
                                       n_kept),
                          n_kept, joined);
}

/**
 * custcare_import_revert:
 *
 * See custcare-import.h. On @store's connection, in the calling thread.
 *
 * Returns: (transfer full): what was removed and kept, or %NULL with @error set (nothing changed)
 */
CustcareImportRevertResult *
custcare_import_revert (CustcareStore  *store,
                        gint64          batch_id,
                        GError        **error)
{
  g_autoptr (CustcareImportRevertResult) result = NULL;
  g_autoptr (GArray) removable = g_array_new (FALSE, FALSE, sizeof (gint64));
  CustcareStmt *stmt;
  guint counts[5] = { 0 };
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  result = g_new0 (CustcareImportRevertResult, 1);
  result->kept_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!custcare_store_begin (store, error))
    return NULL;

  stmt = _custcare_store_prepare (store, "SELECT reverted_at FROM import_batches WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _custcare_stmt_reset (stmt);
      if (rc != SQLITE_DONE)
        _custcare_store_set_error (store, rc, error);
      else
        g_set_error_literal (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_BATCH_NOT_FOUND,
                             _("This import no longer exists, so there is nothing to undo."));
      goto fail;
    }
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      _custcare_stmt_reset (stmt);
      g_set_error_literal (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_ALREADY_REVERTED,
                           _("This import was already undone."));
      goto fail;
    }
  _custcare_stmt_reset (stmt);

  /* First: the ledger's trigger allows opening rows to go only for a reverted batch. */
  stmt = _custcare_store_prepare (store, "UPDATE import_batches SET reverted_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  sqlite3_bind_int64 (stmt, 2, MAX (_custcare_store_now (store), 1));
  if (!_custcare_store_step_done (store, stmt, error))
    {
      _custcare_stmt_reset (stmt);
      goto fail;
    }
  _custcare_stmt_reset (stmt);

  stmt = _custcare_store_prepare (
    store,
    "SELECT c.id,"
    " EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id),"
    " EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = c.id),"
    " EXISTS (SELECT 1 FROM loyalty_ledger l WHERE l.customer_id = c.id"
    "         AND NOT (l.kind = 'opening' AND l.import_batch_id IS ?1)),"
    " EXISTS (SELECT 1 FROM outbox m WHERE m.customer_id = c.id),"
    " c.merged_into_id IS NOT NULL OR EXISTS (SELECT 1 FROM customers s WHERE s.merged_into_id = c.id)"
    " FROM customers c WHERE c.import_batch_id = ?1 ORDER BY c.id",
    error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, batch_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      gboolean kept = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        if (sqlite3_column_int (stmt, 1 + i))
          {
            counts[i]++;
            kept = TRUE;
          }
      if (kept)
        g_array_append_val (result->kept_ids, id);
      else
        g_array_append_val (removable, id);
    }
  _custcare_stmt_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      goto fail;
    }

  for (guint i = 0; i < removable->len; i++)
    {
      gint64 id = g_array_index (removable, gint64, i);
      CustcareStmt *del;

      del = _custcare_store_prepare (store,
                                     "DELETE FROM loyalty_ledger WHERE customer_id = ?1 AND kind = 'opening' "
                                     "AND import_batch_id = ?2",
                                     error);
      if (del == NULL)
        goto fail;
      sqlite3_bind_int64 (del, 1, id);
      sqlite3_bind_int64 (del, 2, batch_id);
      if (!_custcare_store_step_done (store, del, error))
        {
          _custcare_stmt_reset (del);
          goto fail;
        }
      _custcare_stmt_reset (del);

      del = _custcare_store_prepare (store, "DELETE FROM customers WHERE id = ?1", error);
      if (del == NULL)
        goto fail;
      sqlite3_bind_int64 (del, 1, id);
      if (!_custcare_store_step_done (store, del, error))
        {
          _custcare_stmt_reset (del);
          goto fail;
        }
      _custcare_stmt_reset (del);

      /* The customer is gone: this drops their search entry. */
      if (!_custcare_customer_reindex (store, id, error))
        goto fail;
    }

  if (!custcare_store_commit (store, error))
    return NULL;

  result->n_removed = removable->len;
  result->n_kept = result->kept_ids->len;
  result->kept_reason = kept_reason_text (result->n_kept, counts);
  return g_steal_pointer (&result);

fail:
  custcare_store_rollback (store);
  return NULL;
}

static void
revert_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr (CustcareStore) worker = NULL;
  g_autoptr (GError) error = NULL;
  CustcareImportRevertResult *result = NULL;
  gint64 batch_id = *(gint64 *) task_data;

  worker = custcare_store_open_worker (source_object, &error);
  if (worker != NULL)
    result = custcare_import_revert (worker, batch_id, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) custcare_import_revert_result_free);
}

void
custcare_import_revert_async (CustcareStore       *store,
                              gint64               batch_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CUSTCARE_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_import_revert_async);
  g_task_set_task_data (task, g_memdup2 (&batch_id, sizeof batch_id), g_free);
  /* Once started, a revert runs to its end: half a revert is never kept anyway. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, revert_thread);
}

CustcareImportRevertResult *
custcare_import_revert_finish (CustcareStore  *store,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
