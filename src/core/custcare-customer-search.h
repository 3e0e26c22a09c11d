/* custcare-customer-search.h — finding customers as the user types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

typedef enum
{
  CUSTCARE_CUSTOMER_SORT_NAME,          /* family name first, A to Z */
  CUSTCARE_CUSTOMER_SORT_LAST_CONTACT,  /* most recent interaction first; never contacted last */
  CUSTCARE_CUSTOMER_SORT_CREATED,       /* newest customers first */
} CustcareCustomerSort;

typedef enum
{
  CUSTCARE_CUSTOMER_ARCHIVED_HIDE,      /* the everyday list */
  CUSTCARE_CUSTOMER_ARCHIVED_ONLY,
  CUSTCARE_CUSTOMER_ARCHIVED_ANY,
} CustcareCustomerArchived;

/* What the user asked for: typed text plus filters. */
typedef struct
{
  char                     *text;          /* nullable: what was typed, as typed */
  char                     *tag;           /* nullable: only customers with this tag */
  char                     *tier;          /* nullable: only customers in this loyalty tier (by name) */
  gboolean                  open_orders;   /* only customers with an order still in the pipeline */
  char                     *segment;       /* nullable: only customers in this RFM segment (its nick) */
  CustcareCustomerArchived  archived;
  CustcareCustomerSort      sort;
} CustcareCustomerQuery;

#define CUSTCARE_TYPE_CUSTOMER_QUERY (custcare_customer_query_get_type ())

/* Search answers stop after this many candidates; the UI then asks the user to refine. */
#define CUSTCARE_CUSTOMER_SEARCH_CAP 1000
/* Filters without text (tag, open orders, tier, segment) are cheaper per row and may list more. */
#define CUSTCARE_CUSTOMER_FILTER_CAP 5000

GType                  custcare_customer_query_get_type  (void) G_GNUC_CONST;
CustcareCustomerQuery *custcare_customer_query_new       (void);
CustcareCustomerQuery *custcare_customer_query_copy      (const CustcareCustomerQuery *query);
void                   custcare_customer_query_free      (CustcareCustomerQuery       *query);
gboolean               custcare_customer_query_equal     (const CustcareCustomerQuery *a,
                                                          const CustcareCustomerQuery *b);
/* TRUE when the query is the plain list (no text, no filter but archived): pageable directly. */
gboolean               custcare_customer_query_is_browse (const CustcareCustomerQuery *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareCustomerQuery, custcare_customer_query_free)

char                  *custcare_customer_search_build_match (const char                  *text);
GArray                *custcare_customer_search          (CustcareStore               *store,
                                                          const CustcareCustomerQuery *query,
                                                          gboolean                    *out_capped,
                                                          GCancellable                *cancellable,
                                                          GError                     **error);
GStrv                  custcare_customer_search_list_tiers (CustcareStore             *store,
                                                          GError                     **error);

G_END_DECLS
