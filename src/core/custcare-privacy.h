/* custcare-privacy.h — privacy requests: everything held about a customer, and erasing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export writes one JSON document with every row the shop holds about one customer: the record,
 * phones, emails, tags, interactions, orders with their items and status history, the loyalty
 * ledger and the outbox messages. Erase removes the customer's personal data in one transaction
 * and keeps what the shop's books need: the customer row stays as "Erased customer" (erased_at
 * set, archived, do-not-contact), orders keep their number, dates, status and amounts, the points
 * ledger keeps every row. Afterwards the database file is rewritten (VACUUM, with secure_delete
 * and a truncating WAL checkpoint) so the erased text no longer exists anywhere in the file.
 *
 * Both are slow on a big shop (VACUUM rewrites the whole file): use the async variants, which
 * run on a worker connection.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_PRIVACY_ERROR (custcare_privacy_error_quark ())

typedef enum
{
  CUSTCARE_PRIVACY_ERROR_NOT_FOUND,
  /* Already erased: there is nothing left to export or erase. */
  CUSTCARE_PRIVACY_ERROR_ERASED,
  /* The data was erased, but the file could not be rewritten yet (another program or window is
   * reading it). Call custcare_privacy_scrub_file() again later. */
  CUSTCARE_PRIVACY_ERROR_NOT_SCRUBBED,
  /* Writing the export file failed. */
  CUSTCARE_PRIVACY_ERROR_FAILED,
} CustcarePrivacyError;

/* The JSON document's "format" member, so a reader knows what it got. */
#define CUSTCARE_PRIVACY_EXPORT_FORMAT "custcare-privacy-export-1"

GQuark   custcare_privacy_error_quark       (void);

/**
 * custcare_privacy_export_json:
 *
 * Reads everything held about @customer_id in one read transaction.
 *
 * Returns: (transfer full): UTF-8 JSON (an object with "format", "exported_at", "customer",
 *   "phones", "emails", "tags", "interactions", "orders" (each with "items" and
 *   "status_history"), "loyalty_ledger", "outbox"), or %NULL with @error set
 */
char    *custcare_privacy_export_json       (CustcareStore        *store,
                                             gint64                customer_id,
                                             GError              **error);
/**
 * custcare_privacy_export:
 *
 * Writes custcare_privacy_export_json() to @file atomically (g_file_replace, mode 0600): a
 * failure never leaves a half-written file.
 */
gboolean custcare_privacy_export            (CustcareStore        *store,
                                             gint64                customer_id,
                                             GFile                *file,
                                             GCancellable         *cancellable,
                                             GError              **error);
void     custcare_privacy_export_async      (CustcareStore        *store,
                                             gint64                customer_id,
                                             GFile                *file,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean custcare_privacy_export_finish     (CustcareStore        *store,
                                             GAsyncResult         *result,
                                             GError              **error);

/**
 * custcare_privacy_erase:
 *
 * Erases @customer_id's personal data (and that of customers merged into them, who are the same
 * person) in one transaction, then calls custcare_privacy_scrub_file(). Removed or blanked: given,
 * family and display name (the display name becomes "Erased customer"), company, address,
 * birthday, notes, preferences, consent, phones, emails, tags (tag names nobody else uses
 * too), the search index row; interaction subjects and notes; order notes, carrier, tracking
 * number and status-change notes; outbox addresses, names, subjects, bodies and errors (queued
 * messages are discarded). Kept: ids, dates, order numbers, statuses, items and every amount,
 * and every points ledger row (the ledger is append-only; a manual adjustment's reason is the
 * shop's own words and stays).
 *
 * Not undoable. Returns %FALSE with CUSTCARE_PRIVACY_ERROR_NOT_SCRUBBED when the erase was
 * committed but the file could not be rewritten yet.
 */
gboolean custcare_privacy_erase             (CustcareStore        *store,
                                             gint64                customer_id,
                                             GError              **error);
/**
 * custcare_privacy_scrub_file:
 *
 * Rewrites the database file so deleted text leaves no trace: merges the full-text index, runs
 * VACUUM and a truncating WAL checkpoint. Needs no open transaction on @store; other connections
 * must not be reading at that moment (it waits for the busy timeout).
 */
gboolean custcare_privacy_scrub_file        (CustcareStore        *store,
                                             GError              **error);
void     custcare_privacy_erase_async       (CustcareStore        *store,
                                             gint64                customer_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean custcare_privacy_erase_finish      (CustcareStore        *store,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
