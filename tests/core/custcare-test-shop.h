/* custcare-test-shop.h — a shop database in a temporary folder, for the core tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Use as a GTest fixture:
 *   typedef CustcareTestShop Fixture;
 *   g_test_add ("/x/y", Fixture, "customer", custcare_test_shop_setup, test_y, custcare_test_shop_teardown);
 * where the data string names the temporary folder (custcare-customer-XXXXXX).
 */
#pragma once

#include "custcare-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  char          *dir;
  char          *path;   /* dir/shop.db */
  CustcareStore *store;
  gint64         now;    /* the store's clock: 2026-01-01 00:00 UTC until a test moves it */
} CustcareTestShop;

void    custcare_test_shop_setup    (CustcareTestShop *shop,
                                     gconstpointer     name);
void    custcare_test_shop_teardown (CustcareTestShop *shop,
                                     gconstpointer     name);

/* The first column of the first row of @sql; ?1 (if the statement has it) is @param. */
gint64  custcare_test_query_int     (CustcareStore    *store,
                                     const char       *sql,
                                     gint64            param);
char   *custcare_test_query_text    (CustcareStore    *store,
                                     const char       *sql,
                                     gint64            param);

G_END_DECLS
