/* custcare-export.c — customers, orders and interactions as CSV files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An export is written to a hidden file beside the destination and renamed over it only when
 * every row is written and the file is closed. That is what g_file_replace() does when the
 * destination exists; doing it ourselves also covers a new destination (where GIO's local
 * replace writes the file in place), so a cancelled or failed export never leaves half a file
 * under the chosen name. The file starts with a UTF-8 byte-order mark so that Excel reads the
 * accents right; LibreOffice, Numbers and CustCare's own import skip it.
 */
#define G_LOG_DOMAIN "custcare-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-customer-private.h"
#include "custcare-export.h"
#include "custcare-import-private.h"
#include "custcare-money.h"

#define FLUSH_BYTES (64 * 1024)

/* Writing ------------------------------------------------------------------------------------ */

typedef struct
{
  GFile         *dest;
  GFile         *tmp;
  GOutputStream *out;
  GString       *buffer;
  GCancellable  *cancellable;
} Writer;

static void
writer_clear (Writer *writer)
{
  if (writer->out != NULL)
    g_output_stream_close (writer->out, NULL, NULL);
  if (writer->tmp != NULL)
    g_file_delete (writer->tmp, NULL, NULL);
  g_clear_object (&writer->out);
  g_clear_object (&writer->tmp);
  g_clear_object (&writer->dest);
  if (writer->buffer != NULL)
    g_string_free (writer->buffer, TRUE);
  writer->buffer = NULL;
}

static gboolean
io_error (GError     **error,
          GError      *cause,
          GFile       *dest)
{
  g_autofree char *name = g_file_get_parse_name (dest);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("The export was cancelled. No file was written."));
  else
    g_set_error (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_READ, _("“%s” could not be written: %s"), name,
                 cause->message);
  g_error_free (cause);
  return FALSE;
}

static gboolean
writer_open (Writer        *writer,
             GFile         *dest,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr (GFile) parent = g_file_get_parent (dest);
  g_autofree char *base = g_file_get_basename (dest);
  GError *local_error = NULL;

  writer->dest = g_object_ref (dest);
  writer->cancellable = cancellable;
  writer->buffer = g_string_sized_new (FLUSH_BYTES + 4096);
  if (parent == NULL)
    return io_error (error, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, _("not a file")), dest);

  for (guint attempt = 0;; attempt++)
    {
      g_autofree char *tmp_name = g_strdup_printf (".%s.%08x.partial", base, g_random_int ());
      GFileOutputStream *stream;

      writer->tmp = g_file_get_child (parent, tmp_name);
      /* Customer data: private to the user, like the database. */
      stream = g_file_create (writer->tmp, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
      if (stream != NULL)
        {
          writer->out = G_OUTPUT_STREAM (stream);
          break;
        }
      g_clear_object (&writer->tmp);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS) || attempt >= 5)
        return io_error (error, local_error, dest);
      g_clear_error (&local_error);
    }
  g_string_append (writer->buffer, "\xEF\xBB\xBF");
  return TRUE;
}

static gboolean
writer_flush (Writer   *writer,
              GError  **error)
{
  GError *local_error = NULL;

  if (writer->buffer->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (writer->out, writer->buffer->str, writer->buffer->len, NULL, writer->cancellable,
                                  &local_error))
    return io_error (error, local_error, writer->dest);
  g_string_truncate (writer->buffer, 0);
  return TRUE;
}

static gboolean
writer_row (Writer              *writer,
            const char * const  *fields,
            guint                n_fields,
            GError             **error)
{
  custcare_csv_append_row (writer->buffer, fields, n_fields);
  if (writer->buffer->len >= FLUSH_BYTES)
    return writer_flush (writer, error);
  return TRUE;
}

static gboolean
writer_commit (Writer   *writer,
               GError  **error)
{
  GError *local_error = NULL;

  if (!writer_flush (writer, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (writer->cancellable, &local_error) ||
      !g_output_stream_close (writer->out, writer->cancellable, &local_error))
    return io_error (error, local_error, writer->dest);
  g_clear_object (&writer->out);
  if (!g_file_move (writer->tmp, writer->dest, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    NULL, NULL, NULL, &local_error))
    return io_error (error, local_error, writer->dest);
  g_clear_object (&writer->tmp);
  return TRUE;
}

/* Values ------------------------------------------------------------------------------------- */

static char *
format_time (gint64 when)
{
  g_autoptr (GDateTime) dt = NULL;

  if (when <= 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_utc (when);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

/* Plain amounts ("1234.50"): a spreadsheet reads them as numbers in any locale's CSV import. */
static char *
format_amount (gint64      minor_units,
               const char *currency)
{
  int digits = custcare_money_currency_digits (currency);
  gint64 scale = 1;
  gint64 major, minor;

  for (int i = 0; i < digits; i++)
    scale *= 10;
  major = ABS (minor_units) / scale;
  minor = ABS (minor_units) % scale;
  if (digits == 0)
    return g_strdup_printf ("%s%" G_GINT64_FORMAT, minor_units < 0 ? "-" : "", major);
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT, minor_units < 0 ? "-" : "", major, digits,
                          minor);
}

static const char *
yes_no (gboolean value)
{
  return value ? "yes" : "no";
}

static const char *
text_column (CustcareStmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static char *
ids_json (GArray *ids)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

static GArray *
all_customer_ids (CustcareStore  *store,
                  GError        **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  stmt = _custcare_store_prepare (store,
                                  "SELECT id FROM customers WHERE merged_into_id IS NULL ORDER BY sort_name, id",
                                  error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/**
 * custcare_export_query_customer_ids:
 *
 * See custcare-export.h.
 */
GArray *
custcare_export_query_customer_ids (CustcareStore               *store,
                                    const CustcareCustomerQuery *query,
                                    gboolean                    *out_capped,
                                    GCancellable                *cancellable,
                                    GError                     **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GString) sql = g_string_new ("SELECT id FROM customers WHERE merged_into_id IS NULL");
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (out_capped != NULL)
    *out_capped = FALSE;
  if (!custcare_customer_query_is_browse (query))
    return custcare_customer_search (store, query, out_capped, cancellable, error);

  /* The plain list: every customer, in the list's order, without the search's cap. */
  if (query->archived == CUSTCARE_CUSTOMER_ARCHIVED_HIDE)
    g_string_append (sql, " AND archived = 0");
  else if (query->archived == CUSTCARE_CUSTOMER_ARCHIVED_ONLY)
    g_string_append (sql, " AND archived = 1");
  switch (query->sort)
    {
    case CUSTCARE_CUSTOMER_SORT_LAST_CONTACT:
      g_string_append (sql, " ORDER BY last_interaction_at DESC NULLS LAST, id DESC");
      break;
    case CUSTCARE_CUSTOMER_SORT_CREATED:
      g_string_append (sql, " ORDER BY created_at DESC, id DESC");
      break;
    case CUSTCARE_CUSTOMER_SORT_NAME:
    default:
      g_string_append (sql, " ORDER BY sort_name, id");
      break;
    }
  stmt = _custcare_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* The three files ------------------------------------------------------------------------------- */

static gboolean
max_contacts (CustcareStore  *store,
              const char     *table,
              const char     *json,
              guint          *out_max,
              GError        **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (n), 0) FROM (SELECT count(*) AS n FROM %s "
                                          "WHERE customer_id IN (SELECT value FROM json_each (?1)) "
                                          "GROUP BY customer_id)",
                                          table);
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  *out_max = MAX (1, sqlite3_column_int (stmt, 0));
  return TRUE;
}

static int
compare_tags (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_ascii_strcasecmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
export_customers (CustcareStore     *store,
                  GArray            *ids,
                  Writer            *writer,
                  guint             *out_rows,
                  CustcareProgress  *progress,
                  GCancellable      *cancellable,
                  GError           **error)
{
  static const char *before[] = {
    "Given name", "Family name", "Display name", "Company", "Street", "City", "Region", "Postcode", "Country",
    "Birthday",
  };
  static const char *after[] = {
    "Tags", "Notes", "Preferences", "Marketing consent", "Consent date", "Do not contact", "Points",
  };
  g_autofree char *json = ids_json (ids);
  g_autoptr (GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  guint n_phones = 1, n_emails = 1;

  if (!max_contacts (store, "customer_phones", json, &n_phones, error) ||
      !max_contacts (store, "customer_emails", json, &n_emails, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (before); i++)
    g_ptr_array_add (header, g_strdup (before[i]));
  for (guint i = 1; i <= n_phones; i++)
    {
      g_ptr_array_add (header, g_strdup_printf ("Phone %u", i));
      g_ptr_array_add (header, g_strdup_printf ("Phone %u label", i));
    }
  for (guint i = 1; i <= n_emails; i++)
    {
      g_ptr_array_add (header, g_strdup_printf ("Email %u", i));
      g_ptr_array_add (header, g_strdup_printf ("Email %u label", i));
    }
  for (guint i = 0; i < G_N_ELEMENTS (after); i++)
    g_ptr_array_add (header, g_strdup (after[i]));
  if (!writer_row (writer, (const char * const *) header->pdata, header->len, error))
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (CustcareCustomer) customer = NULL;
      g_autoptr (GPtrArray) row = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (CustcareStmt) balance = NULL;
      g_autoptr (GError) local_error = NULL;
      GPtrArray *contacts;

      if (i % 256 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          _custcare_progress_report (progress, (double) i / ids->len);
        }

      customer = custcare_customer_repo_get (store, g_array_index (ids, gint64, i), &local_error);
      if (customer == NULL)
        {
          /* Deleted since the list was read: nothing to export for it. */
          if (g_error_matches (local_error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      g_ptr_array_add (row, g_strdup (custcare_customer_get_given_name (customer)));
      g_ptr_array_add (row, g_strdup (custcare_customer_get_family_name (customer)));
      g_ptr_array_add (row, g_strdup (custcare_customer_get_display_name (customer)));
      g_ptr_array_add (row, g_strdup (custcare_customer_get_company (customer)));
      g_ptr_array_add (row, g_strdup (custcare_customer_get_address_street (customer)));
      g_ptr_array_add (row, g_strdup (custcare_customer_get_address_locality (customer)));
      g_ptr_array_add (row, g_strdup (custcare_customer_get_address_region (customer)));
      g_ptr_array_add (row, g_strdup (custcare_customer_get_address_postal_code (customer)));
      g_ptr_array_add (row, g_strdup (custcare_customer_get_address_country (customer)));
      g_ptr_array_add (row, custcare_customer_dup_birthday_text (customer));
      contacts = custcare_customer_get_phones (customer);
      for (guint p = 0; p < n_phones; p++)
        {
          CustcareContact *contact = p < contacts->len ? g_ptr_array_index (contacts, p) : NULL;

          g_ptr_array_add (row, g_strdup (contact != NULL ? contact->value : ""));
          g_ptr_array_add (row, g_strdup (contact != NULL ? contact->label : ""));
        }
      contacts = custcare_customer_get_emails (customer);
      for (guint e = 0; e < n_emails; e++)
        {
          CustcareContact *contact = e < contacts->len ? g_ptr_array_index (contacts, e) : NULL;

          g_ptr_array_add (row, g_strdup (contact != NULL ? contact->value : ""));
          g_ptr_array_add (row, g_strdup (contact != NULL ? contact->label : ""));
        }
      {
        /* In a fixed order, so the same customers always give the same file. */
        g_auto (GStrv) tags = g_strdupv ((char **) custcare_customer_get_tags (customer));

        g_sort_array (tags, g_strv_length (tags), sizeof (char *), compare_tags, NULL);
        g_ptr_array_add (row, g_strjoinv (", ", tags));
      }
      g_ptr_array_add (row, g_strdup (custcare_customer_get_notes (customer)));
      g_ptr_array_add (row, g_strdup (custcare_customer_get_preferences (customer)));
      g_ptr_array_add (row, g_strdup (yes_no (custcare_customer_get_marketing_consent (customer))));
      g_ptr_array_add (row, format_time (custcare_customer_get_marketing_consent_at (customer)));
      g_ptr_array_add (row, g_strdup (yes_no (custcare_customer_get_do_not_contact (customer))));

      balance = _custcare_store_prepare (store,
                                         "SELECT coalesce (sum (delta), 0) FROM loyalty_ledger WHERE customer_id = ?1",
                                         error);
      if (balance == NULL)
        return FALSE;
      sqlite3_bind_int64 (balance, 1, custcare_customer_get_id (customer));
      if (sqlite3_step (balance) != SQLITE_ROW)
        return _custcare_store_set_error (store, sqlite3_errcode (_custcare_store_get_db (store)), error);
      g_ptr_array_add (row, g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (balance, 0)));

      if (!writer_row (writer, (const char * const *) row->pdata, row->len, error))
        return FALSE;
      (*out_rows)++;
    }
  return TRUE;
}

#define CUSTOMER_NAME_SQL                                                                             \
  "CASE WHEN c.display_name <> '' THEN c.display_name "                                             \
  "WHEN c.given_name || c.family_name <> '' THEN trim (c.given_name || ' ' || c.family_name) "       \
  "ELSE c.company END"
#define CUSTOMER_EMAIL_SQL                                                                            \
  "coalesce ((SELECT e.address FROM customer_emails e WHERE e.customer_id = c.id "                   \
  "ORDER BY e.position, e.id LIMIT 1), '')"

static gboolean
export_rows (CustcareStore     *store,
             const char        *count_sql,
             const char        *sql,
             const char        *json,
             Writer            *writer,
             guint             *out_rows,
             gboolean         (*write_row) (CustcareStmt *stmt, const char *currency, Writer *writer, GError **error),
             CustcareProgress  *progress,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autofree char *currency = custcare_money_dup_shop_currency (store);
  g_autoptr (CustcareStmt) count = _custcare_store_prepare (store, count_sql, error);
  g_autoptr (CustcareStmt) stmt = NULL;
  gint64 total;
  int rc;

  if (count == NULL)
    return FALSE;
  if (json != NULL)
    sqlite3_bind_text (count, 1, json, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (count)) != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  total = sqlite3_column_int64 (count, 0);
  g_clear_pointer (&count, _custcare_stmt_reset);

  if (!(stmt = _custcare_store_prepare (store, sql, error)))
    return FALSE;
  if (json != NULL)
    sqlite3_bind_text (stmt, 1, json, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (*out_rows % 256 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          _custcare_progress_report (progress, total > 0 ? (double) *out_rows / total : 0.0);
        }
      if (!write_row (stmt, currency, writer, error))
        return FALSE;
      (*out_rows)++;
    }
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);
  return TRUE;
}

#define ORDER_FILTER " WHERE (?1 IS NULL OR o.customer_id IN (SELECT value FROM json_each (?1)))"

static gboolean
write_order_row (CustcareStmt  *stmt,
                 const char    *currency,
                 Writer        *writer,
                 GError       **error)
{
  const char *order_currency = *text_column (stmt, 6) ? text_column (stmt, 6) : currency;
  g_autofree char *placed = format_time (sqlite3_column_int64 (stmt, 3));
  g_autofree char *due = format_time (sqlite3_column_int64 (stmt, 8));
  g_autofree char *subtotal = format_amount (sqlite3_column_int64 (stmt, 10), order_currency);
  g_autofree char *discount = format_amount (sqlite3_column_int64 (stmt, 11), order_currency);
  g_autofree char *total = format_amount (sqlite3_column_int64 (stmt, 12), order_currency);
  g_autofree char *points = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 13));
  g_autofree char *refunded = format_amount (sqlite3_column_int64 (stmt, 14), order_currency);
  g_autofree char *completed = format_time (sqlite3_column_int64 (stmt, 18));
  GString *items = g_string_new (NULL);
  g_autofree char *items_text = NULL;
  g_auto (GStrv) lines = g_strsplit (text_column (stmt, 9), "\x1f", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto (GStrv) parts = g_strsplit (lines[i], "\x1e", 3);
      g_autofree char *price = NULL;
      gint64 unit_price;

      if (g_strv_length (parts) != 3)
        continue;
      unit_price = g_ascii_strtoll (parts[2], NULL, 10);
      price = format_amount (unit_price, order_currency);
      g_string_append_printf (items, "%s%s × %s @ %s", items->len ? "; " : "", parts[0], parts[1], price);
    }
  items_text = g_string_free (items, FALSE);

  {
    const char *fields[] = {
      text_column (stmt, 0), text_column (stmt, 1), text_column (stmt, 2), placed, text_column (stmt, 4),
      text_column (stmt, 5), order_currency, due, items_text, subtotal, discount, total, points, refunded,
      text_column (stmt, 15), text_column (stmt, 16), text_column (stmt, 17), completed,
    };

    return writer_row (writer, fields, G_N_ELEMENTS (fields), error);
  }
}

static gboolean
export_orders (CustcareStore     *store,
               const char        *json,
               Writer            *writer,
               guint             *out_rows,
               CustcareProgress  *progress,
               GCancellable      *cancellable,
               GError           **error)
{
  static const char *header[] = {
    "Order number", "Customer", "Customer email", "Placed", "Status", "Fulfilment", "Currency", "Due", "Items",
    "Subtotal", "Discount", "Total", "Points redeemed", "Refunded", "Carrier", "Tracking number", "Notes",
    "Completed",
  };

  if (!writer_row (writer, header, G_N_ELEMENTS (header), error))
    return FALSE;
  return export_rows (store, "SELECT count(*) FROM orders o" ORDER_FILTER,
                      "SELECT o.number, " CUSTOMER_NAME_SQL ", " CUSTOMER_EMAIL_SQL ", o.placed_at, o.status, "
                      "o.fulfilment, o.currency, o.id, o.due_at, "
                      "coalesce ((SELECT group_concat (i.quantity || char (30) || i.description || char (30) || "
                      "i.unit_price, char (31)) FROM (SELECT * FROM order_items WHERE order_id = o.id "
                      "ORDER BY position, id) i), ''), "
                      "o.subtotal, o.discount, o.total, o.points_redeemed, o.refunded, o.carrier, "
                      "o.tracking_number, o.notes, o.completed_at "
                      "FROM orders o JOIN customers c ON c.id = o.customer_id" ORDER_FILTER
                      " ORDER BY o.placed_at, o.id",
                      json, writer, out_rows, write_order_row, progress, cancellable, error);
}

static gboolean
write_interaction_row (CustcareStmt  *stmt,
                       const char    *currency,
                       Writer        *writer,
                       GError       **error)
{
  g_autofree char *when = format_time (sqlite3_column_int64 (stmt, 0));
  g_autofree char *satisfaction = sqlite3_column_type (stmt, 8) == SQLITE_NULL
                                    ? g_strdup ("")
                                    : g_strdup_printf ("%d", sqlite3_column_int (stmt, 8));
  g_autofree char *duration = sqlite3_column_type (stmt, 10) == SQLITE_NULL
                                ? g_strdup ("")
                                : g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 10));
  g_autofree char *due = format_time (sqlite3_column_int64 (stmt, 11));
  g_autofree char *done = format_time (sqlite3_column_int64 (stmt, 12));
  const char *fields[] = {
    when, text_column (stmt, 1), text_column (stmt, 2), text_column (stmt, 3), text_column (stmt, 4),
    text_column (stmt, 5), text_column (stmt, 6), text_column (stmt, 7), satisfaction, text_column (stmt, 9),
    duration, due, done,
  };

  return writer_row (writer, fields, G_N_ELEMENTS (fields), error);
}

#define INTERACTION_FILTER " WHERE (?1 IS NULL OR i.customer_id IN (SELECT value FROM json_each (?1)))"

static gboolean
export_interactions (CustcareStore     *store,
                     const char        *json,
                     Writer            *writer,
                     guint             *out_rows,
                     CustcareProgress  *progress,
                     GCancellable      *cancellable,
                     GError           **error)
{
  static const char *header[] = {
    "Date", "Customer", "Customer email", "Channel", "Direction", "Subject", "Notes", "Outcome", "Satisfaction",
    "Order number", "Duration (seconds)", "Follow-up due", "Follow-up done",
  };

  if (!writer_row (writer, header, G_N_ELEMENTS (header), error))
    return FALSE;
  return export_rows (store, "SELECT count(*) FROM interactions i" INTERACTION_FILTER,
                      "SELECT i.occurred_at, " CUSTOMER_NAME_SQL ", " CUSTOMER_EMAIL_SQL ", i.channel, i.direction, "
                      "i.subject, i.notes, i.outcome, i.satisfaction, coalesce (o.number, ''), i.duration_seconds, "
                      "i.follow_up_due_at, i.follow_up_done_at "
                      "FROM interactions i JOIN customers c ON c.id = i.customer_id "
                      "LEFT JOIN orders o ON o.id = i.order_id" INTERACTION_FILTER
                      " ORDER BY i.occurred_at, i.id",
                      json, writer, out_rows, write_interaction_row, progress, cancellable, error);
}

static gboolean
export_full (CustcareStore       *store,
             CustcareExportKind   kind,
             GArray              *customer_ids,
             GFile               *dest,
             guint               *out_rows,
             CustcareProgress    *progress,
             GCancellable        *cancellable,
             GError             **error)
{
  g_autoptr (GArray) all_ids = NULL;
  g_autofree char *json = NULL;
  Writer writer = { 0 };
  gboolean ok = FALSE;
  guint rows = 0;

  if (kind == CUSTCARE_EXPORT_CUSTOMERS && customer_ids == NULL)
    {
      if (!(all_ids = all_customer_ids (store, error)))
        return FALSE;
      customer_ids = all_ids;
    }
  if (customer_ids != NULL)
    json = ids_json (customer_ids);

  /* One read transaction: the file is a consistent picture even while the window keeps working. */
  if (!_custcare_store_exec (store, "BEGIN DEFERRED", error))
    return FALSE;
  if (!writer_open (&writer, dest, cancellable, error))
    goto out;

  switch (kind)
    {
    case CUSTCARE_EXPORT_CUSTOMERS:
      ok = export_customers (store, customer_ids, &writer, &rows, progress, cancellable, error);
      break;
    case CUSTCARE_EXPORT_ORDERS:
      ok = export_orders (store, json, &writer, &rows, progress, cancellable, error);
      break;
    case CUSTCARE_EXPORT_INTERACTIONS:
      ok = export_interactions (store, json, &writer, &rows, progress, cancellable, error);
      break;
    default:
      g_assert_not_reached ();
    }
  ok = ok && writer_commit (&writer, error);

out:
  writer_clear (&writer);
  custcare_store_rollback (store);
  if (!ok)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (error);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The export was cancelled. No file was written."));
        }
      return FALSE;
    }
  if (out_rows != NULL)
    *out_rows = rows;
  _custcare_progress_report (progress, 1.0);
  return TRUE;
}

gboolean
custcare_export_csv (CustcareStore            *store,
                     CustcareExportKind        kind,
                     GArray                   *customer_ids,
                     GFile                    *dest,
                     guint                    *out_rows,
                     CustcareCsvProgressFunc   progress_func,
                     gpointer                  progress_data,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  g_autoptr (CustcareProgress) progress = _custcare_progress_new (progress_func, progress_data, NULL, NULL);

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);
  g_return_val_if_fail (!_custcare_store_in_transaction (store), FALSE);

  return export_full (store, kind, customer_ids, dest, out_rows, progress, cancellable, error);
}

typedef struct
{
  CustcareStore      *store;
  CustcareExportKind  kind;
  GArray             *customer_ids;
  GFile              *dest;
  CustcareProgress   *progress;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_object (&job->store);
  g_clear_pointer (&job->customer_ids, g_array_unref);
  g_clear_object (&job->dest);
  g_clear_pointer (&job->progress, _custcare_progress_unref);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr (CustcareStore) worker = NULL;
  g_autoptr (GError) error = NULL;
  guint rows = 0;

  worker = custcare_store_open_worker (job->store, &error);
  if (worker == NULL ||
      !export_full (worker, job->kind, job->customer_ids, job->dest, &rows, job->progress, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, rows);
}

void
custcare_export_csv_async (CustcareStore            *store,
                           CustcareExportKind        kind,
                           GArray                   *customer_ids,
                           GFile                    *dest,
                           CustcareCsvProgressFunc   progress,
                           gpointer                  progress_data,
                           GDestroyNotify            progress_destroy,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GMainContext) context = NULL;
  ExportJob *job;

  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (dest));

  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (store);
  job->kind = kind;
  job->customer_ids = customer_ids != NULL ? g_array_copy (customer_ids) : NULL;
  job->dest = g_object_ref (dest);
  context = g_main_context_ref_thread_default ();
  job->progress = _custcare_progress_new (progress, progress_data, progress_destroy, context);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_export_csv_async);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
custcare_export_csv_finish (CustcareStore  *store,
                            GAsyncResult   *result,
                            guint          *out_rows,
                            GError        **error)
{
  gssize rows;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  rows = g_task_propagate_int (G_TASK (result), error);
  if (rows < 0)
    return FALSE;
  if (out_rows != NULL)
    *out_rows = rows;
  return TRUE;
}
