/* custcare-reports-private.h — what the files of the reports share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "custcare-reports.h"
#include "custcare-store-private.h"

G_BEGIN_DECLS

/* The reports' SQL, shared with the tests that check its query plans. */

/* The open statuses must match the partial index orders_open_by_due exactly, or SQLite cannot
 * prove the index applies. */
#define OPEN_STATUSES "('new', 'confirmed', 'in-progress')"

#define SQL_FOLLOW_UPS_BETWEEN \
  "FROM interactions " \
  "WHERE follow_up_due_at IS NOT NULL AND follow_up_done_at IS NULL " \
  "AND follow_up_due_at >= ?1 AND follow_up_due_at < ?2 "

#define SQL_FOLLOW_UPS_BEFORE \
  "FROM interactions " \
  "WHERE follow_up_due_at IS NOT NULL AND follow_up_done_at IS NULL AND follow_up_due_at < ?1 "

/* Pinned: without statistics the planner walks orders_by_status instead, and at a million orders
 * that is a scan of every open order rather than of the overdue ones (0.45 ms vs 172 ms). */
#define SQL_ORDERS_OVERDUE \
  "FROM orders INDEXED BY orders_open_by_due WHERE due_at IS NOT NULL AND status IN " OPEN_STATUSES " AND due_at < ?1 "

/* Active before (two or more orders or interactions), but no contact since ?1. A customer with
 * both timestamps set has at least one of each; only the others need their history counted, and
 * then at most two index entries each. */
#define SQL_AT_RISK \
  "FROM customers AS c " \
  "WHERE c.archived = 0 AND c.merged_into_id IS NULL " \
  "AND coalesce (max (c.last_interaction_at, c.last_order_at), c.last_interaction_at, c.last_order_at) < ?1 " \
  "AND ((c.last_interaction_at IS NOT NULL AND c.last_order_at IS NOT NULL) " \
  "  OR (SELECT count(*) FROM (SELECT 1 FROM orders AS o WHERE o.customer_id = c.id LIMIT 2)) " \
  "   + (SELECT count(*) FROM (SELECT 1 FROM interactions AS i WHERE i.customer_id = c.id LIMIT 2)) >= 2) "

/* Orders that count as a customer being active: anything not cancelled. */
#define SQL_ACTIVE_ORDERS \
  "FROM orders WHERE placed_at >= ?1 AND placed_at < ?2 AND status <> 'cancelled' "

/* New customers: a merged duplicate was never a new customer. The merge code archives what it
 * merges, so the unarchived part is an index-only range on customers_by_created and only the
 * (few) archived ones are looked up. */
#define SQL_NEW_CUSTOMERS \
  "SELECT id, created_at FROM customers WHERE archived = 0 AND created_at >= ?1 AND created_at < ?2 " \
  "UNION ALL " \
  "SELECT id, created_at FROM customers WHERE archived = 1 AND created_at >= ?1 AND created_at < ?2 " \
  "AND merged_into_id IS NULL "

#define SQL_RATED \
  "FROM interactions WHERE occurred_at >= ?1 AND occurred_at < ?2 AND satisfaction IS NOT NULL "

#define SQL_POINTS_OUTSTANDING \
  "SELECT coalesce (sum (delta), 0) FROM loyalty_ledger INDEXED BY loyalty_ledger_balance"

#define SQL_WAITING_BY_STATUS \
  "SELECT status, count(*) FROM orders " \
  "WHERE status IN ('new', 'confirmed', 'in-progress', 'ready', 'shipped') GROUP BY status"

#define SQL_SPEND_WALK \
  "SELECT id, customer_id, completed_at, total " \
  "FROM orders INDEXED BY orders_completed_by_customer " \
  "WHERE completed_at IS NOT NULL ORDER BY customer_id"


gint64  _custcare_reports_day_start            (GTimeZone              *time_zone,
                                                int                     year,
                                                int                     month,
                                                int                     day);
void    _custcare_reports_today                (gint64                  now,
                                                GTimeZone              *time_zone,
                                                gint64                 *out_start,
                                                gint64                 *out_end);
gint64  _custcare_reports_month_before         (gint64                  month_start,
                                                GTimeZone              *time_zone);
gint64  _custcare_reports_churn_cutoff         (CustcareStore          *store,
                                                gint64                  now,
                                                gint64                 *out_days);
gboolean _custcare_reports_compute_spend       (CustcareStore          *store,
                                                CustcareDashboardData  *data,
                                                GTimeZone              *time_zone,
                                                GCancellable           *cancellable,
                                                GError                **error);
GArray *_custcare_reports_list_top_customers   (CustcareStore          *store,
                                                GTimeZone              *time_zone,
                                                GCancellable           *cancellable,
                                                GError                **error);
char   *_custcare_reports_customer_name        (CustcareStore          *store,
                                                gint64                  customer_id,
                                                char                  **out_company);

G_END_DECLS
