/* test-migrations.c — every released schema upgrades with its data intact, and a failed upgrade
 * changes nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/fixtures/custcare-vN.db is a small shop as release N stored it. Each new schema
 * version adds its fixture here. The test migrations (tests/core/migrations/0004-*.sql) stand
 * for a future version after the built-in ones (0001 to 0003).
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-customer-search.h"
#include "custcare-store-private.h"
#include "test-migrations-resources.h"

static const struct
{
  const char *name;
  int         version;
} fixtures[] = {
  { "custcare-v1.db", 1 },
  { "custcare-v2.db", 2 },
};

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
copy_fixture (Fixture    *f,
              const char *name)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data", "fixtures", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;

  g_file_get_contents (src, &contents, &len, &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("custcare-migrate-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  g_file_set_contents_full (f->path, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

static void
fixture_free (Fixture *f)
{
  g_autoptr (GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
query_text (CustcareStore *store,
            const char    *sql)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* A digest of everything the shop holds, to compare before and after an upgrade. */
static char *
shop_digest (CustcareStore *store)
{
  static const char *queries[] = {
    "SELECT group_concat (id || given_name || family_name || display_name || company || notes || address_locality"
    " || coalesce (birthday_month, '') || marketing_consent || do_not_contact || archived || created_at, '|')"
    " FROM (SELECT * FROM customers ORDER BY id)",
    "SELECT group_concat (customer_id || number || digits, '|') FROM (SELECT * FROM customer_phones ORDER BY id)",
    "SELECT group_concat (customer_id || address, '|') FROM (SELECT * FROM customer_emails ORDER BY id)",
    "SELECT group_concat (customer_id || '-' || tag_id, '|') FROM customer_tags",
    "SELECT group_concat (number || status || total || coalesce (completed_at, ''), '|') FROM (SELECT * FROM orders ORDER BY id)",
    "SELECT group_concat (description || quantity || unit_price, '|') FROM (SELECT * FROM order_items ORDER BY id)",
    "SELECT group_concat (order_id || coalesce (from_status, '') || to_status || changed_at, '|') FROM order_status_history",
    "SELECT group_concat (customer_id || subject || notes || outcome || coalesce (satisfaction, ''), '|') FROM interactions",
    "SELECT group_concat (customer_id || delta || kind || reason, '|') FROM loyalty_ledger",
    "SELECT group_concat (key || '=' || value, '|') FROM settings",
    "SELECT group_concat (subject || status, '|') FROM outbox",
    "SELECT group_concat (rowid, '|') FROM customer_search WHERE customer_search MATCH 'zoe OR obrien OR corner'",
  };
  GString *digest = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *part = query_text (store, queries[i]);

      g_assert_nonnull (part);
      g_string_append_printf (digest, "%s\n", part);
    }
  return g_string_free (digest, FALSE);
}

static void
test_fixtures_upgrade_to_current (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CustcareStore) raw = NULL;
      g_autoptr (CustcareStore) store = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      Fixture f = { 0 };

      copy_fixture (&f, fixtures[i].name);

      /* What the fixture holds, read without migrating (its own schema version). */
      raw = _custcare_store_open_full (f.path, "/com/example/CustCare/tests/good", fixtures[i].version, &error);
      g_assert_no_error (error);
      before = shop_digest (raw);
      g_clear_object (&raw);

      store = custcare_store_open (f.path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (custcare_store_get_schema_version (store), ==, CUSTCARE_STORE_SCHEMA_VERSION);
      after = shop_digest (store);
      g_assert_cmpstr (before, ==, after);
      g_assert_true (strstr (after, "Zoë") != NULL);
      custcare_store_verify (store, &error);
      g_assert_no_error (error);

      /* Schema 2: the ledger lets a reverted import's opening points go, nothing else. */
      {
        g_autofree char *trigger = query_text (store, "SELECT sql FROM sqlite_schema "
                                                      "WHERE name = 'loyalty_ledger_no_delete'");
        char *message = NULL;

        g_assert_nonnull (strstr (trigger, "reverted_at"));
        g_assert_cmpint (sqlite3_exec (_custcare_store_get_db (store), "DELETE FROM loyalty_ledger", NULL, NULL,
                                       &message) & 0xff, ==, SQLITE_CONSTRAINT);
        sqlite3_free (message);
      }
      if (fixtures[i].version >= 2)
        {
          g_autofree char *opening = query_text (store, "SELECT group_concat (customer_id || ':' || delta || ':' || "
                                                        "import_batch_id) FROM loyalty_ledger WHERE kind = 'opening'");
          g_assert_cmpstr (opening, ==, "4:250:1");
        }

      /* Schema 3: numbers are found from the phone index, wherever in the number the digits are. */
      {
        g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
        g_autoptr (GArray) found = NULL;
        g_autofree char *phones_column = query_text (store, "SELECT count(*) FROM pragma_table_info ('customer_search') "
                                                            "WHERE name = 'phones'");

        g_assert_cmpstr (phones_column, ==, "0");
        query->text = g_strdup ("555 0102");
        found = custcare_customer_search (store, query, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (found->len, ==, 2);
        g_clear_pointer (&found, g_array_unref);
        g_set_str (&query->text, "010-2030");
        found = custcare_customer_search (store, query, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (found->len, ==, 1);
        g_assert_cmpint (g_array_index (found, gint64, 0), ==, 2);
      }

      g_clear_object (&store);
      fixture_free (&f);
    }
}

static void
test_upgrade_takes_verified_backup (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (CustcareStore) backup = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *backup_path = NULL;
  g_autofree char *channel = NULL;
  Fixture f = { 0 };

  copy_fixture (&f, "custcare-v1.db");
  store = _custcare_store_open_full (f.path, "/com/example/CustCare/tests/good", 1, &error);
  g_assert_no_error (error);
  before = shop_digest (store);
  g_clear_object (&store);

  store = _custcare_store_open_full (f.path, "/com/example/CustCare/tests/good", 4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (custcare_store_get_schema_version (store), ==, 4);
  after = shop_digest (store);
  g_assert_cmpstr (before, ==, after);
  channel = query_text (store, "SELECT preferred_channel FROM customers WHERE id = 1");
  g_assert_cmpstr (channel, ==, "phone");

  /* The safety copy is the old version, whole and verified. */
  backup_path = g_strdup (custcare_store_get_last_backup_path (store));
  g_assert_nonnull (backup_path);
  g_assert_true (g_str_has_prefix (backup_path, f.path));
  g_assert_nonnull (strstr (backup_path, "before-v4"));
  custcare_store_check_file (backup_path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  backup = _custcare_store_open_full (backup_path, "/com/example/CustCare/tests/good", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (custcare_store_get_schema_version (backup), ==, 1);
  g_free (after);
  after = shop_digest (backup);
  g_assert_cmpstr (before, ==, after);

  /* Reopening at the same version takes no second backup. */
  g_clear_object (&backup);
  store = _custcare_store_open_full (f.path, "/com/example/CustCare/tests/good", 4, &error);
  g_assert_no_error (error);
  g_assert_null (custcare_store_get_last_backup_path (store));
  g_clear_object (&store);
  fixture_free (&f);
}

static void
test_failed_upgrade_changes_nothing (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *half = NULL;
  Fixture f = { 0 };

  copy_fixture (&f, "custcare-v1.db");
  store = _custcare_store_open_full (f.path, "/com/example/CustCare/tests/broken", 1, &error);
  g_assert_no_error (error);
  before = shop_digest (store);
  g_clear_object (&store);

  store = _custcare_store_open_full (f.path, "/com/example/CustCare/tests/broken", 4, &error);
  g_assert_null (store);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, f.path));
  g_assert_nonnull (strstr (error->message, "left as it was"));
  /* Migrations 2 and 3 ran before 4 failed: all pending migrations are one transaction, so it is gone too. */
  g_clear_error (&error);

  store = _custcare_store_open_full (f.path, "/com/example/CustCare/tests/broken", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (custcare_store_get_schema_version (store), ==, 1);
  after = shop_digest (store);
  g_assert_cmpstr (before, ==, after);
  half = query_text (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'");
  g_assert_cmpstr (half, ==, "0");
  custcare_store_verify (store, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  fixture_free (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_resources_register (test_migrations_get_resource ());

  g_test_add_func ("/migrations/fixtures-upgrade-to-current", test_fixtures_upgrade_to_current);
  g_test_add_func ("/migrations/upgrade-takes-verified-backup", test_upgrade_takes_verified_backup);
  g_test_add_func ("/migrations/failed-upgrade-changes-nothing", test_failed_upgrade_changes_nothing);

  return g_test_run ();
}
