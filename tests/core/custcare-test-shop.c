/* custcare-test-shop.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-test-shop.h"

static gint64
fixed_clock (gpointer user_data)
{
  CustcareTestShop *shop = user_data;

  return shop->now;
}

void
custcare_test_shop_setup (CustcareTestShop *shop,
                          gconstpointer     name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("custcare-%s-XXXXXX", name != NULL ? (const char *) name : "test");

  shop->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  shop->path = g_build_filename (shop->dir, "shop.db", NULL);
  shop->store = custcare_store_open (shop->path, &error);
  g_assert_no_error (error);
  shop->now = 1767225600; /* 2026-01-01 */
  _custcare_store_set_clock (shop->store, fixed_clock, shop);
}

void
custcare_test_shop_teardown (CustcareTestShop *shop,
                             gconstpointer     name)
{
  g_autoptr (GDir) dir = NULL;
  const char *child_name;

  g_clear_object (&shop->store);
  dir = g_dir_open (shop->dir, 0, NULL);
  while (dir != NULL && (child_name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (shop->dir, child_name, NULL);
      g_unlink (child);
    }
  g_rmdir (shop->dir);
  g_clear_pointer (&shop->dir, g_free);
  g_clear_pointer (&shop->path, g_free);
}

static sqlite3_stmt *
query (CustcareStore *store,
       const char    *sql,
       gint64         param)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_custcare_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);
  return stmt;
}

gint64
custcare_test_query_int (CustcareStore *store,
                         const char    *sql,
                         gint64         param)
{
  sqlite3_stmt *stmt = query (store, sql, param);
  gint64 value = -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

char *
custcare_test_query_text (CustcareStore *store,
                          const char    *sql,
                          gint64         param)
{
  sqlite3_stmt *stmt = query (store, sql, param);
  char *value = NULL;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}
