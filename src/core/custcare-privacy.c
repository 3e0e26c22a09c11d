/* custcare-privacy.c — a customer's data on request, and erasing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The export dumps every column of every row that belongs to the customer, as the database holds
 * it (times are UTC Unix seconds, money integer minor units), so nothing is missed when a column
 * is added later. JSON is written here with a small escaper rather than a new dependency.
 *
 * The erase blanks or deletes personal text and keeps the rows the books need. Deleted text can
 * survive in three places SQLite does not clean by itself: free pages and cell gaps (secure_delete
 * zeroes them), old frames of the WAL (a truncating checkpoint removes them) and the full-text
 * index, whose segments keep a deleted row's terms until they are merged ('optimize'). VACUUM
 * then rewrites every page of the file.
 */
#define G_LOG_DOMAIN "custcare-privacy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-customer-private.h"
#include "custcare-privacy.h"

G_DEFINE_QUARK (custcare-privacy-error-quark, custcare_privacy_error)

/* JSON */

static void
json_string (GString    *out,
             const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          /* Control characters must be escaped; U+2028/9 too, for readers that treat JSON as JavaScript. */
          if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_indent (GString *out,
             int      depth)
{
  g_string_append_c (out, '\n');
  for (int i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
json_key (GString    *out,
          int         depth,
          gboolean   *first,
          const char *key)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  json_indent (out, depth);
  json_string (out, key);
  g_string_append (out, ": ");
}

/* Writes the current row's columns as members of an open object. */
static void
json_row_members (GString      *out,
                  CustcareStmt *stmt,
                  int           depth,
                  gboolean     *first)
{
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      json_key (out, depth, first, sqlite3_column_name (stmt, i));
      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_NULL:
          g_string_append (out, "null");
          break;
        case SQLITE_INTEGER:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            g_string_append (out, g_ascii_dtostr (buf, sizeof buf, sqlite3_column_double (stmt, i)));
          }
          break;
        case SQLITE_BLOB:
          {
            g_autofree char *b64 = g_base64_encode (sqlite3_column_blob (stmt, i), sqlite3_column_bytes (stmt, i));

            json_string (out, b64);
          }
          break;
        default:
          json_string (out, (const char *) sqlite3_column_text (stmt, i));
        }
    }
}

typedef gboolean (*RowChildren) (CustcareStore  *store,
                                 CustcareStmt   *row,
                                 GString        *out,
                                 int             depth,
                                 gboolean       *first,
                                 GError        **error);

/* An array of objects, one per row of @sql with ?1 bound to @id. */
static gboolean
json_rows (CustcareStore  *store,
           GString        *out,
           int             depth,
           const char     *sql,
           gint64          id,
           RowChildren     children,
           GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, error);
  gboolean any = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  g_string_append_c (out, '[');
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean first = TRUE;

      if (any)
        g_string_append_c (out, ',');
      any = TRUE;
      json_indent (out, depth + 1);
      g_string_append_c (out, '{');
      json_row_members (out, stmt, depth + 2, &first);
      if (children != NULL && !children (store, stmt, out, depth + 2, &first, error))
        return FALSE;
      json_indent (out, depth + 1);
      g_string_append_c (out, '}');
    }
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);
  if (any)
    json_indent (out, depth);
  g_string_append_c (out, ']');
  return TRUE;
}

static gboolean
order_children (CustcareStore  *store,
                CustcareStmt   *row,
                GString        *out,
                int             depth,
                gboolean       *first,
                GError        **error)
{
  /* Column 0 of the orders query is the id. The statements differ from the parent's, so the
   * cached parent statement is not disturbed. */
  gint64 order_id = sqlite3_column_int64 (row, 0);

  json_key (out, depth, first, "items");
  if (!json_rows (store, out, depth, "SELECT * FROM order_items WHERE order_id = ?1 ORDER BY position, id", order_id,
                  NULL, error))
    return FALSE;
  json_key (out, depth, first, "status_history");
  return json_rows (store, out, depth,
                    "SELECT * FROM order_status_history WHERE order_id = ?1 ORDER BY changed_at, id", order_id, NULL,
                    error);
}

static gboolean
customer_state (CustcareStore  *store,
                gint64          id,
                gboolean       *erased,
                GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "SELECT erased_at FROM customers WHERE id = ?1",
                                                           error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CUSTCARE_PRIVACY_ERROR, CUSTCARE_PRIVACY_ERROR_NOT_FOUND,
                           _("This customer no longer exists. They may have been deleted or merged."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  *erased = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  return TRUE;
}

static gboolean
write_export (CustcareStore  *store,
              gint64          id,
              GString        *out,
              GError        **error)
{
  static const struct
  {
    const char  *key;
    const char  *sql;
    RowChildren  children;
  } sections[] = {
    { "phones", "SELECT * FROM customer_phones WHERE customer_id = ?1 ORDER BY position, id", NULL },
    { "emails", "SELECT * FROM customer_emails WHERE customer_id = ?1 ORDER BY position, id", NULL },
    { "interactions", "SELECT * FROM interactions WHERE customer_id = ?1 ORDER BY occurred_at, id", NULL },
    { "orders", "SELECT * FROM orders WHERE customer_id = ?1 ORDER BY placed_at, id", order_children },
    { "loyalty_ledger", "SELECT * FROM loyalty_ledger WHERE customer_id = ?1 ORDER BY created_at, id", NULL },
    { "outbox",
      "SELECT * FROM outbox WHERE customer_id = ?1 OR order_id IN (SELECT id FROM orders WHERE customer_id = ?1) "
      "ORDER BY created_at, id",
      NULL },
    /* Records merged into this one are the same person's. */
    { "merged_records", "SELECT * FROM customers WHERE merged_into_id = ?1 ORDER BY id", NULL },
  };
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (_custcare_store_now (store));
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_key (out, 1, &first, "format");
  json_string (out, CUSTCARE_PRIVACY_EXPORT_FORMAT);
  json_key (out, 1, &first, "exported_at");
  json_string (out, stamp);
  json_key (out, 1, &first, "notes_on_units");
  json_string (out, "Times (*_at) are seconds since 1970-01-01 UTC; money is in minor units (cents) of the "
                    "order's currency; points are whole points.");

  json_key (out, 1, &first, "customer");
  {
    g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "SELECT * FROM customers WHERE id = ?1", error);
    gboolean member_first = TRUE;
    int rc;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, id);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW)
      return _custcare_store_set_error (store, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, error);
    g_string_append_c (out, '{');
    json_row_members (out, stmt, 2, &member_first);
    json_indent (out, 1);
    g_string_append_c (out, '}');
  }

  json_key (out, 1, &first, "tags");
  {
    g_autoptr (CustcareStmt) stmt =
      _custcare_store_prepare (store,
                               "SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
                               "WHERE ct.customer_id = ?1 ORDER BY t.name COLLATE NOCASE",
                               error);
    int rc;
    gboolean any = FALSE;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, id);
    g_string_append_c (out, '[');
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        if (any)
          g_string_append (out, ", ");
        any = TRUE;
        json_string (out, (const char *) sqlite3_column_text (stmt, 0));
      }
    if (rc != SQLITE_DONE)
      return _custcare_store_set_error (store, rc, error);
    g_string_append_c (out, ']');
  }

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      json_key (out, 1, &first, sections[i].key);
      if (!json_rows (store, out, 1, sections[i].sql, id, sections[i].children, error))
        return FALSE;
    }
  g_string_append (out, "\n}\n");
  return TRUE;
}

char *
custcare_privacy_export_json (CustcareStore  *store,
                              gint64          customer_id,
                              GError        **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  gboolean erased = FALSE;
  gboolean ok;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  /* One read transaction: every section from the same moment. */
  if (!_custcare_store_exec (store, "BEGIN", error))
    return NULL;
  ok = customer_state (store, customer_id, &erased, error) && write_export (store, customer_id, out, error);
  custcare_store_rollback (store);
  if (!ok)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
custcare_privacy_export (CustcareStore  *store,
                         gint64          customer_id,
                         GFile          *file,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autofree char *json = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  json = custcare_privacy_export_json (store, customer_id, error);
  if (json == NULL)
    return FALSE;
  /* g_file_replace_contents writes a temporary file and renames it over the target. */
  if (!g_file_replace_contents (file, json, strlen (json), NULL, FALSE,
                                G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable,
                                &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CUSTCARE_PRIVACY_ERROR, CUSTCARE_PRIVACY_ERROR_FAILED,
                     _("Could not write “%s”: %s. Nothing was written; the file is as it was."), name,
                     local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Erase */

static gboolean
exec_for (CustcareStore  *store,
          const char     *sql,
          gint64          id,
          GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _custcare_store_step_done (store, stmt, error);
}

static GArray *
ids_for (CustcareStore  *store,
         const char     *sql,
         gint64          id,
         GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, error);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 value = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, value);
    }
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

typedef struct
{
  gint64  id;
  gint64  order_id;
  gint64  changed_at;
  char   *from_status;
  char   *to_status;
  char   *actor;
  gint64  refund;
} HistoryRow;

static void
history_row_clear (HistoryRow *row)
{
  g_free (row->from_status);
  g_free (row->to_status);
  g_free (row->actor);
}

/* Status history rows cannot be updated (a trigger refuses it, so history stays true), but a
 * note can hold what the customer said. The row is written again, identical but for the note. */
static gboolean
blank_status_notes (CustcareStore  *store,
                    gint64          customer_id,
                    GError        **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (HistoryRow));
  g_autoptr (CustcareStmt) select = NULL;
  int rc;

  g_array_set_clear_func (rows, (GDestroyNotify) history_row_clear);
  select = _custcare_store_prepare (store,
                                    "SELECT h.id, h.order_id, h.changed_at, h.from_status, h.to_status, h.actor, "
                                    "h.refund FROM order_status_history h JOIN orders o ON o.id = h.order_id "
                                    "WHERE o.customer_id = ?1 AND h.note <> ''",
                                    error);
  if (select == NULL)
    return FALSE;
  sqlite3_bind_int64 (select, 1, customer_id);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      HistoryRow row = {
        sqlite3_column_int64 (select, 0),
        sqlite3_column_int64 (select, 1),
        sqlite3_column_int64 (select, 2),
        g_strdup ((const char *) sqlite3_column_text (select, 3)),
        g_strdup ((const char *) sqlite3_column_text (select, 4)),
        g_strdup ((const char *) sqlite3_column_text (select, 5)),
        sqlite3_column_int64 (select, 6),
      };
      g_array_append_val (rows, row);
    }
  sqlite3_reset (select);
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);

  for (guint i = 0; i < rows->len; i++)
    {
      HistoryRow *row = &g_array_index (rows, HistoryRow, i);
      g_autoptr (CustcareStmt) insert = NULL;

      if (!exec_for (store, "DELETE FROM order_status_history WHERE id = ?1", row->id, error))
        return FALSE;
      insert = _custcare_store_prepare (store,
                                        "INSERT INTO order_status_history (id, order_id, changed_at, from_status, "
                                        "to_status, note, actor, refund) VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7)",
                                        error);
      if (insert == NULL)
        return FALSE;
      sqlite3_bind_int64 (insert, 1, row->id);
      sqlite3_bind_int64 (insert, 2, row->order_id);
      sqlite3_bind_int64 (insert, 3, row->changed_at);
      sqlite3_bind_text (insert, 4, row->from_status, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, row->to_status, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, row->actor, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 7, row->refund);
      if (!_custcare_store_step_done (store, insert, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
erase_one (CustcareStore  *store,
           gint64          id,
           GError        **error)
{
  static const char *statements[] = {
    /* Tags first: their ids are needed to drop tag names only this customer had. */
    "CREATE TEMP TABLE IF NOT EXISTS erased_tags (id INTEGER PRIMARY KEY)",
    "INSERT OR IGNORE INTO temp.erased_tags SELECT tag_id FROM customer_tags WHERE customer_id = ?1",
    "DELETE FROM customer_tags WHERE customer_id = ?1",
    "DELETE FROM tags WHERE id IN (SELECT id FROM temp.erased_tags) "
    "AND NOT EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.tag_id = tags.id)",
    "DELETE FROM temp.erased_tags",
    "DELETE FROM customer_phones WHERE customer_id = ?1",
    "DELETE FROM customer_emails WHERE customer_id = ?1",
    "UPDATE interactions SET subject = '', notes = '' WHERE customer_id = ?1",
    "UPDATE orders SET notes = '', carrier = '', tracking_number = '' WHERE customer_id = ?1",
    "UPDATE outbox SET to_address = '', to_name = '', subject = '', body = '', last_error = '', message_id = '', "
    "status = CASE WHEN status IN ('queued', 'sending') THEN 'discarded' ELSE status END, next_attempt_at = NULL "
    "WHERE customer_id = ?1 OR order_id IN (SELECT id FROM orders WHERE customer_id = ?1)",
    "DELETE FROM customer_search WHERE rowid = ?1",
    "DELETE FROM customer_phone_search WHERE rowid = ?1",
  };
  g_autoptr (CustcareStmt) update = NULL;
  g_autofree char *sort_name = NULL;
  const char *erased_name = _("Erased customer");

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    if (!exec_for (store, statements[i], id, error))
      return FALSE;
  if (!blank_status_notes (store, id, error))
    return FALSE;

  sort_name = g_strstrip (_custcare_fold_text (erased_name));
  update = _custcare_store_prepare (store,
                                    "UPDATE customers SET given_name = '', family_name = '', display_name = ?2, "
                                    "sort_name = ?3, company = '', address_street = '', address_locality = '', "
                                    "address_region = '', address_postal_code = '', address_country = '', "
                                    "birthday_year = NULL, birthday_month = NULL, birthday_day = NULL, notes = '', "
                                    "preferences = '', marketing_consent = 0, marketing_consent_at = NULL, "
                                    "do_not_contact = 1, archived = 1, erased_at = ?4, "
                                    "updated_at = max (?4, created_at) WHERE id = ?1",
                                    error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, id);
  sqlite3_bind_text (update, 2, erased_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, sort_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 4, _custcare_store_now (store));
  return _custcare_store_step_done (store, update, error);
}

static int
query_int (CustcareStore *store,
           const char    *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  if (sqlite3_prepare_v2 (_custcare_store_get_db (store), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

gboolean
custcare_privacy_scrub_file (CustcareStore  *store,
                             GError        **error)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int busy = 1, rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (!_custcare_store_in_transaction (store), FALSE);

  db = _custcare_store_get_db (store);
  /* Merging the full-text index drops the terms of deleted rows from its segments. */
  if (!_custcare_store_exec (store,
                             "INSERT INTO customer_search (customer_search) VALUES ('optimize');"
                             "INSERT INTO customer_phone_search (customer_phone_search) VALUES ('optimize')",
                             error) ||
      !_custcare_store_exec (store, "VACUUM", error))
    return FALSE;

  rc = sqlite3_prepare_v2 (db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    busy = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (busy != 0)
    {
      g_set_error_literal (error, CUSTCARE_PRIVACY_ERROR, CUSTCARE_PRIVACY_ERROR_NOT_SCRUBBED,
                           _("The customer’s details were erased, but another window or program is reading the "
                             "database, so the file could not be cleaned of the old copies yet. Close it and try "
                             "again."));
      return FALSE;
    }
  return TRUE;
}

gboolean
custcare_privacy_erase (CustcareStore  *store,
                        gint64          customer_id,
                        GError        **error)
{
  g_autoptr (GArray) ids = NULL;
  gboolean erased = FALSE;
  int secure_delete;
  gboolean ok = FALSE;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  secure_delete = query_int (store, "PRAGMA secure_delete");
  if (!_custcare_store_exec (store, "PRAGMA secure_delete = ON", error))
    return FALSE;
  if (!custcare_store_begin (store, error))
    goto out;
  if (!customer_state (store, customer_id, &erased, error))
    goto rollback;
  if (erased)
    {
      g_set_error_literal (error, CUSTCARE_PRIVACY_ERROR, CUSTCARE_PRIVACY_ERROR_ERASED,
                           _("This customer’s personal data has already been erased."));
      goto rollback;
    }
  /* The customer and every record merged into them (and into those), which are the same person. */
  ids = ids_for (store,
                 "WITH RECURSIVE m (id) AS (SELECT ?1 UNION SELECT c.id FROM customers c JOIN m ON c.merged_into_id = "
                 "m.id) SELECT id FROM m",
                 customer_id, error);
  if (ids == NULL)
    goto rollback;
  for (guint i = 0; i < ids->len; i++)
    if (!erase_one (store, g_array_index (ids, gint64, i), error))
      goto rollback;
  if (!custcare_store_commit (store, error))
    goto out;
  ok = TRUE;
  goto out;

rollback:
  custcare_store_rollback (store);
out:
  if (secure_delete == 0)
    _custcare_store_exec (store, "PRAGMA secure_delete = OFF", NULL);
  if (!ok)
    return FALSE;
  return custcare_privacy_scrub_file (store, error);
}

/* Async variants: a worker connection in a thread. */

typedef struct
{
  gint64  customer_id;
  GFile  *file;
} PrivacyData;

static void
privacy_data_free (PrivacyData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

static void
privacy_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrivacyData *data = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) worker = custcare_store_open_worker (source_object, &error);
  gboolean ok;

  if (worker == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->file != NULL)
    ok = custcare_privacy_export (worker, data->customer_id, data->file, cancellable, &error);
  else
    ok = custcare_privacy_erase (worker, data->customer_id, &error);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_async (CustcareStore       *store,
           gint64               customer_id,
           GFile               *file,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (store, cancellable, callback, user_data);
  PrivacyData *data = g_new0 (PrivacyData, 1);

  data->customer_id = customer_id;
  data->file = file != NULL ? g_object_ref (file) : NULL;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) privacy_data_free);
  g_task_run_in_thread (task, privacy_thread);
}

void
custcare_privacy_export_async (CustcareStore       *store,
                               gint64               customer_id,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  run_async (store, customer_id, file, custcare_privacy_export_async, cancellable, callback, user_data);
}

gboolean
custcare_privacy_export_finish (CustcareStore  *store,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * custcare_privacy_erase_async:
 * @cancellable: (nullable): only stops it before it starts; an erase is never half done
 */
void
custcare_privacy_erase_async (CustcareStore       *store,
                              gint64               customer_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (CUSTCARE_IS_STORE (store));

  run_async (store, customer_id, NULL, custcare_privacy_erase_async, cancellable, callback, user_data);
}

gboolean
custcare_privacy_erase_finish (CustcareStore  *store,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
