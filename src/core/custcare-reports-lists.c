/* custcare-reports-lists.c — the records behind a figure, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dashboard shows, exports and prints these rows, so it needs no SQL of its own. One cached
 * statement per record, by primary key: the GUI only describes the rows it shows.
 */
#define G_LOG_DOMAIN "custcare-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "custcare-reports-private.h"

void
custcare_report_row_free (CustcareReportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->title);
  g_free (row->subtitle);
  g_free (row);
}

static char *
join_name (const char *given,
           const char *family,
           const char *display)
{
  if (display != NULL && *display != '\0')
    return g_strdup (display);
  if (given != NULL && *given != '\0' && family != NULL && *family != '\0')
    /* TRANSLATORS: a person's name: given name, then family name */
    return g_strdup_printf (C_("person name", "%s %s"), given, family);
  if (given != NULL && *given != '\0')
    return g_strdup (given);
  if (family != NULL && *family != '\0')
    return g_strdup (family);
  return g_strdup (_("Unnamed customer"));
}

/* The name of a customer as the shop would say it, and their company. */
char *
_custcare_reports_customer_name (CustcareStore  *store,
                                 gint64          customer_id,
                                 char          **out_company)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store,
                                                           "SELECT given_name, family_name, display_name, company "
                                                           "FROM customers WHERE id = ?1",
                                                           NULL);

  if (out_company != NULL)
    *out_company = NULL;
  if (stmt == NULL)
    return g_strdup (_("Unnamed customer"));
  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup (_("Unnamed customer"));
  if (out_company != NULL)
    *out_company = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  return join_name ((const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
                    (const char *) sqlite3_column_text (stmt, 2));
}

static char *
format_date (gint64 utc)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (utc);

  /* %x: the date in the user's locale */
  return dt != NULL ? g_date_time_format (dt, "%x") : g_strdup ("");
}

static const char *
status_label (const char *status)
{
  static const struct { const char *status; const char *label; } labels[] = {
    { "new", N_("New") },
    { "confirmed", N_("Confirmed") },
    { "in-progress", N_("In Progress") },
    { "ready", N_("Ready for Pickup") },
    { "shipped", N_("Shipped") },
    { "completed", N_("Completed") },
    { "cancelled", N_("Cancelled") },
    { "returned", N_("Returned") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (status, labels[i].status) == 0)
      return _(labels[i].label);
  return status;
}

static CustcareReportRow *
describe_customer (CustcareStore *store,
                   gint64         id)
{
  CustcareReportRow *row = g_new0 (CustcareReportRow, 1);

  row->id = id;
  row->customer_id = id;
  row->title = _custcare_reports_customer_name (store, id, &row->subtitle);
  if (row->subtitle == NULL)
    row->subtitle = g_strdup ("");
  return row;
}

static CustcareReportRow *
describe_order (CustcareStore *store,
                gint64         id)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store,
                                                           "SELECT number, status, total, customer_id, due_at "
                                                           "FROM orders WHERE id = ?1",
                                                           NULL);
  CustcareReportRow *row = g_new0 (CustcareReportRow, 1);
  g_autofree char *name = NULL;
  g_autofree char *due = NULL;

  row->id = id;
  if (stmt == NULL || (sqlite3_bind_int64 (stmt, 1, id), sqlite3_step (stmt)) != SQLITE_ROW)
    {
      row->title = g_strdup (_("Deleted order"));
      row->subtitle = g_strdup ("");
      return row;
    }
  row->title = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  row->amount = sqlite3_column_int64 (stmt, 2);
  row->customer_id = sqlite3_column_int64 (stmt, 3);
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
    due = format_date (sqlite3_column_int64 (stmt, 4));
  name = _custcare_reports_customer_name (store, row->customer_id, NULL);
  if (due != NULL)
    /* TRANSLATORS: order status · customer name · due date */
    row->subtitle = g_strdup_printf (_("%s · %s · due %s"), status_label ((const char *) sqlite3_column_text (stmt, 1)),
                                     name, due);
  else
    row->subtitle = g_strdup_printf ("%s · %s", status_label ((const char *) sqlite3_column_text (stmt, 1)), name);
  return row;
}

static CustcareReportRow *
describe_interaction (CustcareStore *store,
                      gint64         id)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store,
                                                           "SELECT subject, occurred_at, follow_up_due_at, customer_id, "
                                                           "satisfaction FROM interactions WHERE id = ?1",
                                                           NULL);
  CustcareReportRow *row = g_new0 (CustcareReportRow, 1);
  g_autofree char *name = NULL;
  g_autofree char *when = NULL;
  const char *subject;

  row->id = id;
  if (stmt == NULL || (sqlite3_bind_int64 (stmt, 1, id), sqlite3_step (stmt)) != SQLITE_ROW)
    {
      row->title = g_strdup (_("Deleted interaction"));
      row->subtitle = g_strdup ("");
      return row;
    }
  subject = (const char *) sqlite3_column_text (stmt, 0);
  row->title = g_strdup (subject != NULL && *subject != '\0' ? subject : _("Interaction"));
  row->customer_id = sqlite3_column_int64 (stmt, 3);
  row->amount = sqlite3_column_int64 (stmt, 4);
  name = _custcare_reports_customer_name (store, row->customer_id, NULL);
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    {
      when = format_date (sqlite3_column_int64 (stmt, 2));
      /* TRANSLATORS: customer name · follow-up date */
      row->subtitle = g_strdup_printf (_("%s · follow up %s"), name, when);
    }
  else
    {
      when = format_date (sqlite3_column_int64 (stmt, 1));
      row->subtitle = g_strdup_printf ("%s · %s", name, when);
    }
  return row;
}

/**
 * custcare_reports_describe:
 * @ids: (element-type gint64): from custcare_reports_list_ids()
 *
 * Returns: (transfer full) (element-type CustcareReportRow): one row per id, in order
 */
GPtrArray *
custcare_reports_describe (CustcareStore          *store,
                           CustcareReportListKind  kind,
                           GArray                 *ids,
                           GError                **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_report_row_free);

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (ids != NULL, NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);

      switch (kind)
        {
        case CUSTCARE_REPORT_LIST_ORDERS:
          g_ptr_array_add (rows, describe_order (store, id));
          break;
        case CUSTCARE_REPORT_LIST_INTERACTIONS:
          g_ptr_array_add (rows, describe_interaction (store, id));
          break;
        case CUSTCARE_REPORT_LIST_CUSTOMERS:
        default:
          g_ptr_array_add (rows, describe_customer (store, id));
          break;
        }
    }
  return g_steal_pointer (&rows);
}
