/* custcare-loyalty.h — loyalty points: an append-only ledger per customer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer's balance is the sum of their `loyalty_ledger` rows. Rows are only ever appended
 * (the database refuses edits, deletions and a negative balance); every rule below writes rows:
 *
 * - earn: when an order is completed, whole points (rounded down) on the money paid, that is
 *   the order's total minus what was paid with points, times the tier multiplier. Once per order.
 * - redeem: points spent on an open order lower what is left to pay (orders.points_value).
 * - refund / restore: cancelling or returning an order takes back earned points in proportion to
 *   the money refunded (rounded up, so a partial refund never leaves the customer more points than
 *   the money they kept would earn) and gives back redeemed points (rounded down; all of them on a
 *   cancellation). Points that were already spent cannot be taken back: the row says so, and the
 *   shortfall is taken from the customer's next earned points.
 * - expire: if expiry is on, earned points lapse N months after they were earned; spending always
 *   uses the soonest-expiring points first.
 * - adjust: a manual change, always with a reason.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_LOYALTY_ERROR (custcare_loyalty_error_quark ())

typedef enum
{
  CUSTCARE_LOYALTY_ERROR_INVALID,
  CUSTCARE_LOYALTY_ERROR_NOT_FOUND,
  CUSTCARE_LOYALTY_ERROR_NOT_ENOUGH_POINTS,
  CUSTCARE_LOYALTY_ERROR_EXCEEDS_TOTAL,
  CUSTCARE_LOYALTY_ERROR_ORDER_CLOSED,
  CUSTCARE_LOYALTY_ERROR_REASON_REQUIRED,
} CustcareLoyaltyError;

/* The shop's rules, stored in the settings table (keys "loyalty.*"). Money in minor units. */
typedef struct
{
  gint64 earn_points;    /* this many points are earned ... */
  gint64 earn_spend;     /* ... for every this much money paid (default 1 per 100) */
  gint64 redeem_points;  /* this many points ... */
  gint64 redeem_value;   /* ... are worth this much money (default 100 per 100) */
  gint64 expiry_months;  /* earned points lapse after this many months; 0 = never (default) */
} CustcareLoyaltyRules;

typedef struct
{
  gint64  id;
  char   *name;
  gint64  min_spend;       /* money paid over the last 12 months from which the tier applies */
  gint64  multiplier_pct;  /* 100 = 1x, 150 = 1.5x */
} CustcareLoyaltyTier;

typedef struct
{
  gint64  id;
  gint64  customer_id;
  gint64  created_at;
  gint64  delta;
  char   *kind;          /* earn, redeem, refund, restore, expire, adjust, opening */
  gint64  order_id;      /* 0 if none */
  char   *order_number;  /* NULL if none */
  char   *reason;
  gint64  expires_at;    /* 0 if these points never expire */
} CustcareLoyaltyEntry;

typedef struct
{
  gint64  balance;
  gint64  balance_value;     /* what the balance is worth, in minor units */
  char   *tier_name;         /* NULL when no tier applies */
  gint64  multiplier_pct;
  gint64  spend_12_months;
  char   *next_tier_name;    /* NULL at the top tier */
  gint64  next_tier_spend;   /* spend still needed for the next tier */
  gint64  expiring_points;   /* points that lapse before the horizon asked for */
  gint64  next_expiry_at;    /* when the soonest of those lapse; 0 if none */
  gint64  points_owed;       /* refunded points that were already spent, taken from future earnings */
} CustcareLoyaltySummary;

GQuark    custcare_loyalty_error_quark      (void);

void      custcare_loyalty_get_rules        (CustcareStore               *store,
                                             CustcareLoyaltyRules        *rules);
gboolean  custcare_loyalty_set_rules        (CustcareStore               *store,
                                             const CustcareLoyaltyRules  *rules,
                                             GError                     **error);
gint64    custcare_loyalty_points_value     (const CustcareLoyaltyRules  *rules,
                                             gint64                       points);

GPtrArray *custcare_loyalty_list_tiers      (CustcareStore               *store,
                                             GError                     **error);
gboolean  custcare_loyalty_save_tier        (CustcareStore               *store,
                                             gint64                       id,
                                             const char                  *name,
                                             gint64                       min_spend,
                                             gint64                       multiplier_pct,
                                             gint64                      *out_id,
                                             GError                     **error);
gboolean  custcare_loyalty_delete_tier      (CustcareStore               *store,
                                             gint64                       id,
                                             GError                     **error);
void      custcare_loyalty_tier_free        (CustcareLoyaltyTier         *tier);

gboolean  custcare_loyalty_get_balance      (CustcareStore               *store,
                                             gint64                       customer_id,
                                             gint64                      *balance,
                                             GError                     **error);
CustcareLoyaltySummary *
          custcare_loyalty_get_summary      (CustcareStore               *store,
                                             gint64                       customer_id,
                                             gint64                       expiring_within,
                                             GError                     **error);
void      custcare_loyalty_summary_free     (CustcareLoyaltySummary      *summary);
GPtrArray *custcare_loyalty_list_entries    (CustcareStore               *store,
                                             gint64                       customer_id,
                                             GError                     **error);
void      custcare_loyalty_entry_free       (CustcareLoyaltyEntry        *entry);

gboolean  custcare_loyalty_redeem_on_order  (CustcareStore               *store,
                                             gint64                       order_id,
                                             gint64                       points,
                                             GError                     **error);
gboolean  custcare_loyalty_get_redeemable   (CustcareStore               *store,
                                             gint64                       order_id,
                                             gint64                      *max_points,
                                             GError                     **error);
gboolean  custcare_loyalty_adjust           (CustcareStore               *store,
                                             gint64                       customer_id,
                                             gint64                       delta,
                                             const char                  *reason,
                                             GError                     **error);
gboolean  custcare_loyalty_run_expiry       (CustcareStore               *store,
                                             GError                     **error);
gboolean  custcare_loyalty_run_expiry_full  (CustcareStore               *store,
                                             gint64                      *expired_points,
                                             GCancellable                *cancellable,
                                             GError                     **error);
void      custcare_loyalty_run_expiry_async (CustcareStore               *store,
                                             GCancellable                *cancellable,
                                             GAsyncReadyCallback          callback,
                                             gpointer                     user_data);
gboolean  custcare_loyalty_run_expiry_finish (CustcareStore              *store,
                                             GAsyncResult                *result,
                                             gint64                      *expired_points,
                                             GError                     **error);
guint     custcare_loyalty_schedule_expiry  (CustcareStore               *store);

/* For the customers code: inside the merge transaction, moves every ledger row of @from_id to
 * @into_id. Rows keep their id, time, amount and reason: only the owner changes. */
gboolean  _custcare_loyalty_merge           (CustcareStore               *store,
                                             gint64                       from_id,
                                             gint64                       into_id,
                                             GError                     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareLoyaltyTier, custcare_loyalty_tier_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareLoyaltyEntry, custcare_loyalty_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareLoyaltySummary, custcare_loyalty_summary_free)

G_END_DECLS
