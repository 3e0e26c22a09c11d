/* custcare-customer-merge.h — possible duplicates, and merging two customers into one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "custcare-customer.h"

G_BEGIN_DECLS

typedef enum
{
  CUSTCARE_DUPLICATE_SAME_EMAIL   = 1 << 0,
  CUSTCARE_DUPLICATE_SAME_PHONE   = 1 << 1,
  CUSTCARE_DUPLICATE_SIMILAR_NAME = 1 << 2,
} CustcareDuplicateReason;

typedef struct
{
  gint64                  id;
  CustcareDuplicateReason reasons;
} CustcareDuplicate;

/* At most this many possible duplicates are reported. */
#define CUSTCARE_DUPLICATES_MAX 10

GArray    *custcare_customer_find_duplicates (CustcareStore             *store,
                                              CustcareCustomer          *draft,
                                              GError                   **error);
char      *custcare_duplicate_reason_text    (CustcareDuplicateReason    reasons);
/* src/core only: without the similar-name search (same email or phone only). */
GArray    *_custcare_customer_find_duplicates_full (CustcareStore       *store,
                                                    CustcareCustomer    *draft,
                                                    gboolean             similar_names,
                                                    GError             **error);

GPtrArray *custcare_customer_merge_conflicts (CustcareCustomer          *survivor,
                                              CustcareCustomer          *other);
gboolean   custcare_customer_repo_merge      (CustcareStore             *store,
                                              gint64                     survivor_id,
                                              gint64                     merged_id,
                                              CustcareCustomer          *chosen,
                                              CustcareCustomerSnapshot **out_undo,
                                              GError                   **error);

G_END_DECLS
