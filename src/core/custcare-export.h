/* custcare-export.h — customers, orders and interactions as CSV files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files are UTF-8, comma separated, with a header row, RFC 4180 quoting and formula-safe cells
 * (see custcare-csv.h). They are written through g_file_replace(): the old file (if any) stays
 * until the new one is complete, so a cancelled or failed export never leaves half a file.
 *
 * The customer file has one column per field (names, company, address, birthday as 1984-03-07
 * or 03-07 without a year, notes, preferences, marketing consent and its date as ISO 8601 UTC,
 * do-not-contact, tags joined by ", ", the points balance) and a "Phone N" / "Phone N label"
 * pair and an "Email N" / "Email N label" pair for as many phones and emails as the customer
 * with the most has. custcare_import_guess_field() maps every one of these headers back, so an
 * export imports back with every field intact.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-csv.h"
#include "custcare-customer-search.h"
#include "custcare-store.h"

G_BEGIN_DECLS

typedef enum
{
  CUSTCARE_EXPORT_CUSTOMERS,
  CUSTCARE_EXPORT_ORDERS,        /* one row per order, with its customer and items */
  CUSTCARE_EXPORT_INTERACTIONS,  /* one row per interaction, with its customer */
} CustcareExportKind;

/* The ids of every customer the customer list shows for @query (its search text, filters,
 * archived choice and sort), in the list's order. The list's own search stops at
 * CUSTCARE_CUSTOMER_SEARCH_CAP candidates for typed text; @out_capped says when that happened,
 * so the GUI can say the export holds only the first ones. Without text every match is listed.
 * Returns: (transfer full) (element-type gint64) */
GArray  *custcare_export_query_customer_ids (CustcareStore               *store,
                                             const CustcareCustomerQuery *query,
                                             gboolean                    *out_capped,
                                             GCancellable                *cancellable,
                                             GError                     **error);

/* Writes @kind to @dest. @customer_ids: (nullable) (element-type gint64): the customers (for
 * orders and interactions: those customers' records), in this order; %NULL for all customers
 * that are not merged away. Returns the number of data rows written in @out_rows. On @store's
 * connection in the calling thread. */
gboolean custcare_export_csv                (CustcareStore               *store,
                                             CustcareExportKind           kind,
                                             GArray                      *customer_ids,
                                             GFile                       *dest,
                                             guint                       *out_rows,
                                             CustcareCsvProgressFunc      progress,
                                             gpointer                     progress_data,
                                             GCancellable                *cancellable,
                                             GError                     **error);
/* The same on a worker connection of @store; @progress runs in the caller's main context. */
void     custcare_export_csv_async          (CustcareStore               *store,
                                             CustcareExportKind           kind,
                                             GArray                      *customer_ids,
                                             GFile                       *dest,
                                             CustcareCsvProgressFunc      progress,
                                             gpointer                     progress_data,
                                             GDestroyNotify               progress_destroy,
                                             GCancellable                *cancellable,
                                             GAsyncReadyCallback          callback,
                                             gpointer                     user_data);
gboolean custcare_export_csv_finish         (CustcareStore               *store,
                                             GAsyncResult                *result,
                                             guint                       *out_rows,
                                             GError                     **error);

G_END_DECLS
