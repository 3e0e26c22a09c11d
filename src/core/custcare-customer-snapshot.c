/* custcare-customer-snapshot.c — exact copies of rows, to undo a delete or a merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot is taken inside the transaction that is about to change things, so it sees exactly
 * what the change will touch. Undo replays it in four steps: clear rows the change added, put the
 * copied rows back (same ids, upserted, so rows still present are overwritten and rows deleted
 * reappear), point moved rows back at their old owner, and rebuild the search rows. Table and
 * column names come from this folder's code, never from input; values are always bound.
 */
#define G_LOG_DOMAIN "custcare-customer"

#include "config.h"

#include "custcare-customer-private.h"

typedef struct
{
  char      *table;
  GStrv      columns;
  GPtrArray *rows;     /* GVariant "av" each */
} TableRows;

typedef struct
{
  char   *table;
  char   *column;
  gint64  value;
  GArray *ids;         /* gint64: rows whose @column goes back to @value */
} Relink;

typedef struct
{
  char   *table;
  char   *column;
  gint64  value;
} Clear;

struct _CustcareCustomerSnapshot
{
  gatomicrefcount  ref_count;
  GPtrArray       *clears;
  GPtrArray       *tables;
  GPtrArray       *relinks;
  GArray          *reindex;
};

G_DEFINE_BOXED_TYPE (CustcareCustomerSnapshot, custcare_customer_snapshot, custcare_customer_snapshot_ref,
                     custcare_customer_snapshot_unref)

static void
table_rows_free (TableRows *rows)
{
  g_free (rows->table);
  g_strfreev (rows->columns);
  g_ptr_array_unref (rows->rows);
  g_free (rows);
}

static void
relink_free (Relink *relink)
{
  g_free (relink->table);
  g_free (relink->column);
  g_array_unref (relink->ids);
  g_free (relink);
}

static void
clear_free (Clear *clear)
{
  g_free (clear->table);
  g_free (clear->column);
  g_free (clear);
}

CustcareCustomerSnapshot *
_custcare_customer_snapshot_new (void)
{
  CustcareCustomerSnapshot *snapshot = g_new0 (CustcareCustomerSnapshot, 1);

  g_atomic_ref_count_init (&snapshot->ref_count);
  snapshot->clears = g_ptr_array_new_with_free_func ((GDestroyNotify) clear_free);
  snapshot->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_rows_free);
  snapshot->relinks = g_ptr_array_new_with_free_func ((GDestroyNotify) relink_free);
  snapshot->reindex = g_array_new (FALSE, FALSE, sizeof (gint64));
  return snapshot;
}

CustcareCustomerSnapshot *
custcare_customer_snapshot_ref (CustcareCustomerSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);

  g_atomic_ref_count_inc (&snapshot->ref_count);
  return snapshot;
}

void
custcare_customer_snapshot_unref (CustcareCustomerSnapshot *snapshot)
{
  g_return_if_fail (snapshot != NULL);

  if (!g_atomic_ref_count_dec (&snapshot->ref_count))
    return;
  g_ptr_array_unref (snapshot->clears);
  g_ptr_array_unref (snapshot->tables);
  g_ptr_array_unref (snapshot->relinks);
  g_array_unref (snapshot->reindex);
  g_free (snapshot);
}

static GVariant *
column_to_variant (sqlite3_stmt *stmt,
                   int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_INTEGER:
      return g_variant_new_int64 (sqlite3_column_int64 (stmt, column));
    case SQLITE_FLOAT:
      return g_variant_new_double (sqlite3_column_double (stmt, column));
    case SQLITE_TEXT:
      return g_variant_new_string ((const char *) sqlite3_column_text (stmt, column));
    case SQLITE_BLOB:
      return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, sqlite3_column_blob (stmt, column),
                                        sqlite3_column_bytes (stmt, column), 1);
    default:
      return g_variant_new ("()");
    }
}

static void
bind_variant (sqlite3_stmt *stmt,
              int           index,
              GVariant     *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    sqlite3_bind_double (stmt, index, g_variant_get_double (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
    {
      gsize len;
      gconstpointer data = g_variant_get_fixed_array (value, &len, 1);

      sqlite3_bind_blob (stmt, index, data, len, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_null (stmt, index);
}

/* Copies every row of @table whose @column is @value. */
gboolean
_custcare_customer_snapshot_capture (CustcareCustomerSnapshot  *snapshot,
                                     CustcareStore             *store,
                                     const char                *table,
                                     const char                *column,
                                     gint64                     value,
                                     GError                   **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE %s = ?1", table, column);
  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
  sqlite3 *db = _custcare_store_get_db (store);
  sqlite3_stmt *stmt = NULL;
  TableRows *rows;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _custcare_store_set_error (store, rc, error);
  sqlite3_bind_int64 (stmt, 1, value);

  rows = g_new0 (TableRows, 1);
  rows->table = g_strdup (table);
  rows->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    g_strv_builder_add (names, sqlite3_column_name (stmt, i));
  rows->columns = g_strv_builder_end (names);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (GVariantBuilder) row = g_variant_builder_new (G_VARIANT_TYPE ("av"));

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_variant_builder_add (row, "v", column_to_variant (stmt, i));
      g_ptr_array_add (rows->rows, g_variant_ref_sink (g_variant_builder_end (row)));
    }
  sqlite3_finalize (stmt);
  g_ptr_array_add (snapshot->tables, rows);

  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);
  return TRUE;
}

/* On undo, first delete the rows of @table whose @column is @value (rows the change created). */
void
_custcare_customer_snapshot_add_clear (CustcareCustomerSnapshot *snapshot,
                                       const char               *table,
                                       const char               *column,
                                       gint64                    value)
{
  Clear *clear = g_new0 (Clear, 1);

  clear->table = g_strdup (table);
  clear->column = g_strdup (column);
  clear->value = value;
  g_ptr_array_add (snapshot->clears, clear);
}

/* Remembers which rows of @table match @where_sql (with ?1 = @where_value) now, so undo can set
 * their @column back to @value after the change moved or unlinked them. */
gboolean
_custcare_customer_snapshot_add_relink (CustcareCustomerSnapshot  *snapshot,
                                        CustcareStore             *store,
                                        const char                *table,
                                        const char                *column,
                                        gint64                     value,
                                        const char                *where_sql,
                                        gint64                     where_value,
                                        GError                   **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s", table, where_sql);
  sqlite3_stmt *stmt = NULL;
  Relink *relink;
  int rc;

  rc = sqlite3_prepare_v2 (_custcare_store_get_db (store), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _custcare_store_set_error (store, rc, error);
  sqlite3_bind_int64 (stmt, 1, where_value);

  relink = g_new0 (Relink, 1);
  relink->table = g_strdup (table);
  relink->column = g_strdup (column);
  relink->value = value;
  relink->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (relink->ids, id);
    }
  sqlite3_finalize (stmt);
  g_ptr_array_add (snapshot->relinks, relink);

  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);
  return TRUE;
}

void
_custcare_customer_snapshot_add_reindex (CustcareCustomerSnapshot *snapshot,
                                         gint64                    customer_id)
{
  g_array_append_val (snapshot->reindex, customer_id);
}

static gboolean
run_with_value (CustcareStore  *store,
                const char     *sql,
                gint64          a,
                gint64          b,
                GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (_custcare_store_get_db (store), sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, a);
      sqlite3_bind_int64 (stmt, 2, b);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return _custcare_store_set_error (store, rc, error);
  return TRUE;
}

static gboolean
restore_rows (CustcareStore  *store,
              TableRows      *rows,
              GError        **error)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  guint n_columns = g_strv_length (rows->columns);
  int rc = SQLITE_OK;

  if (rows->rows->len == 0)
    return TRUE;

  g_string_append_printf (sql, "INSERT INTO %s (", rows->table);
  for (guint i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s%s", i ? ", " : "", rows->columns[i]);
  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s?%u", i ? ", " : "", i + 1);
  g_string_append (sql, ") ON CONFLICT DO UPDATE SET ");
  for (guint i = 0; i < n_columns; i++)
    g_string_append_printf (sql, "%s%s = excluded.%s", i ? ", " : "", rows->columns[i], rows->columns[i]);

  rc = sqlite3_prepare_v2 (_custcare_store_get_db (store), sql->str, -1, &stmt, NULL);
  for (guint r = 0; rc == SQLITE_OK && r < rows->rows->len; r++)
    {
      GVariant *row = g_ptr_array_index (rows->rows, r);

      sqlite3_reset (stmt);
      for (guint i = 0; i < n_columns; i++)
        {
          g_autoptr (GVariant) boxed = g_variant_get_child_value (row, i);
          g_autoptr (GVariant) value = g_variant_get_variant (boxed);

          bind_variant (stmt, i + 1, value);
        }
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    return _custcare_store_set_error (store, rc, error);
  return TRUE;
}

/* Replays the snapshot inside the caller's transaction. */
gboolean
_custcare_customer_snapshot_apply (CustcareCustomerSnapshot  *snapshot,
                                   CustcareStore             *store,
                                   GError                   **error)
{
  g_return_val_if_fail (_custcare_store_in_transaction (store), FALSE);

  for (guint i = 0; i < snapshot->clears->len; i++)
    {
      Clear *clear = g_ptr_array_index (snapshot->clears, i);
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE %s = ?1 AND ?2 = ?2", clear->table, clear->column);

      if (!run_with_value (store, sql, clear->value, 0, error))
        return FALSE;
    }

  for (guint i = 0; i < snapshot->tables->len; i++)
    if (!restore_rows (store, g_ptr_array_index (snapshot->tables, i), error))
      return FALSE;

  for (guint i = 0; i < snapshot->relinks->len; i++)
    {
      Relink *relink = g_ptr_array_index (snapshot->relinks, i);
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE id = ?2", relink->table, relink->column);

      for (guint j = 0; j < relink->ids->len; j++)
        if (!run_with_value (store, sql, relink->value, g_array_index (relink->ids, gint64, j), error))
          return FALSE;
    }

  for (guint i = 0; i < snapshot->reindex->len; i++)
    if (!_custcare_customer_reindex (store, g_array_index (snapshot->reindex, gint64, i), error))
      return FALSE;

  return TRUE;
}
