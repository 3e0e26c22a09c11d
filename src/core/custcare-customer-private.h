/* custcare-customer-private.h — what src/core shares about customers: bulk writes and the index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "custcare-customer.h"
#include "custcare-store-private.h"

G_BEGIN_DECLS

typedef enum
{
  CUSTCARE_CUSTOMER_WRITE_DEFAULT = 0,
  /* Bulk loads: leave the search indexes alone and call _custcare_customer_reindex_all() after
   * the load (an FTS insert per row makes a big import 3× slower). */
  CUSTCARE_CUSTOMER_WRITE_SKIP_INDEX = 1 << 0,
  /* Keep created_at/updated_at already set on the record (imports, restores). */
  CUSTCARE_CUSTOMER_WRITE_KEEP_TIMES = 1 << 1,
  /* The caller has just run custcare_customer_validate() on this very record (the CSV import
   * checks each row as it reads it). */
  CUSTCARE_CUSTOMER_WRITE_VALIDATED = 1 << 2,
} CustcareCustomerWriteFlags;

/* The same as custcare_customer_repo_insert()/_update() but inside a transaction the caller
 * opened (custcare_store_begin()), so an import of 100,000 rows is one transaction. Validates the
 * record; on failure the caller rolls back. */
gint64   _custcare_customer_repo_insert_in_transaction (CustcareStore               *store,
                                                        CustcareCustomer            *customer,
                                                        CustcareCustomerWriteFlags   flags,
                                                        GError                     **error);
gboolean _custcare_customer_repo_update_in_transaction (CustcareStore               *store,
                                                        CustcareCustomer            *customer,
                                                        GError                     **error);
/* Rewrites one customer's rows in the search indexes from the tables (or removes it when the
 * customer is gone). Call inside the transaction that changed the customer, its phones, emails
 * or tags. */
gboolean _custcare_customer_reindex                    (CustcareStore               *store,
                                                        gint64                       id,
                                                        GError                     **error);
/* Rebuilds the whole index from the tables; for after a bulk load. Inside a transaction. */
gboolean _custcare_customer_reindex_all                (CustcareStore               *store,
                                                        GError                     **error);
CustcareCustomer *_custcare_customer_repo_get_in_transaction (CustcareStore         *store,
                                                        gint64                       id,
                                                        GError                     **error);

void     _custcare_customer_set_stored                 (CustcareCustomer            *self,
                                                        gint64                       id,
                                                        gint64                       created_at,
                                                        gint64                       updated_at,
                                                        gint64                       last_interaction_at,
                                                        gint64                       last_order_at,
                                                        gint64                       merged_into_id);
char    *_custcare_fold_text                           (const char                  *text);

/* Snapshots (custcare-customer-snapshot.c): an exact copy of rows, restored by upsert. */
CustcareCustomerSnapshot *_custcare_customer_snapshot_new          (void);
gboolean                  _custcare_customer_snapshot_capture      (CustcareCustomerSnapshot *snapshot,
                                                                    CustcareStore            *store,
                                                                    const char               *table,
                                                                    const char               *column,
                                                                    gint64                    value,
                                                                    GError                  **error);
void                      _custcare_customer_snapshot_add_clear    (CustcareCustomerSnapshot *snapshot,
                                                                    const char               *table,
                                                                    const char               *column,
                                                                    gint64                    value);
gboolean                  _custcare_customer_snapshot_add_relink   (CustcareCustomerSnapshot *snapshot,
                                                                    CustcareStore            *store,
                                                                    const char               *table,
                                                                    const char               *column,
                                                                    gint64                    value,
                                                                    const char               *where_sql,
                                                                    gint64                    where_value,
                                                                    GError                  **error);
void                      _custcare_customer_snapshot_add_reindex  (CustcareCustomerSnapshot *snapshot,
                                                                    gint64                    customer_id);
gboolean                  _custcare_customer_snapshot_apply        (CustcareCustomerSnapshot *snapshot,
                                                                    CustcareStore            *store,
                                                                    GError                  **error);

G_END_DECLS
