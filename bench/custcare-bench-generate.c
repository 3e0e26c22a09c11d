/* custcare-bench-generate.c — builds a deterministic, realistic shop database for benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   custcare-bench-generate --customers 1000000 --output shop.db
 *
 * Per customer on average: 5 interactions, 2 orders, 3 loyalty points rows (the shop of
 * PERF-NOTES.md at 1,000,000 customers). Customers go through the same core code the app and the
 * importers use (_custcare_customer_repo_insert_in_transaction, one transaction, search index
 * rebuilt after the load); interactions, orders and points rows, which belong to other features,
 * are written with plain INSERTs here because only their volume matters to these benchmarks.
 * As PERF-NOTES.md measured, the load runs in one transaction with a big cache and the secondary
 * indexes are dropped first and rebuilt after.
 */
#define G_LOG_DOMAIN "custcare-bench"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "custcare-bench-data.h"
#include "custcare-customer-private.h"

#define DAY (24 * 3600)
/* "Now" of the synthetic shop: 2026-06-01, so the data does not drift between runs. */
#define SHOP_NOW G_GINT64_CONSTANT (1780272000)

static void
die_on_error (GError *error)
{
  if (error != NULL)
    {
      g_printerr ("custcare-bench-generate: %s\n", error->message);
      exit (1);
    }
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_printerr ("custcare-bench-generate: %s: %s\n", sql, message);
      exit (1);
    }
}

static sqlite3_stmt *
prepare_or_die (sqlite3    *db,
                const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("custcare-bench-generate: %s: %s\n", sql, sqlite3_errmsg (db));
      exit (1);
    }
  return stmt;
}

static void
step_or_die (sqlite3      *db,
             sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      g_printerr ("custcare-bench-generate: %s\n", sqlite3_errmsg (db));
      exit (1);
    }
  sqlite3_reset (stmt);
}

static char *
email_local_part (const char *given,
                  const char *family,
                  BenchRand  *r)
{
  g_autofree char *g = g_str_to_ascii (given, "C");
  g_autofree char *f = g_str_to_ascii (family, "C");
  g_autofree char *joined = NULL;
  GString *out = g_string_new (NULL);

  switch (bench_rand_below (r, 4))
    {
    case 0: joined = g_strdup_printf ("%s.%s", g, f); break;
    case 1: joined = g_strdup_printf ("%c%s%u", g[0], f, bench_rand_below (r, 100)); break;
    case 2: joined = g_strdup_printf ("%s_%s%u", g, f, 1950 + bench_rand_below (r, 60)); break;
    default: joined = g_strdup_printf ("%s%u", g, bench_rand_below (r, 10000)); break;
    }
  for (const char *p = joined; *p; p++)
    if (g_ascii_isalnum (*p) || *p == '.' || *p == '_')
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static CustcareCustomer *
make_customer (BenchRand *r)
{
  CustcareCustomer *c = custcare_customer_new ();
  const char *given = BENCH_PICK (r, bench_given_names);
  const char *family = BENCH_PICK (r, bench_family_names);
  guint n_phones = 1 + (bench_rand_below (r, 10) < 3);
  guint n_emails = bench_rand_below (r, 10) < 1 ? 0 : 1 + (bench_rand_below (r, 10) < 2);

  custcare_customer_set_given_name (c, given);
  custcare_customer_set_family_name (c, family);
  if (bench_rand_below (r, 100) < 15)
    custcare_customer_set_company (c, BENCH_PICK (r, bench_companies));
  custcare_customer_set_address_street (c, "1 High Street");
  custcare_customer_set_address_locality (c, "Springfield");
  if (bench_rand_below (r, 100) < 40)
    custcare_customer_set_birthday (c, bench_rand_below (r, 2) ? 1940 + bench_rand_below (r, 65) : 0,
                                    1 + bench_rand_below (r, 12), 1 + bench_rand_below (r, 28));

  for (guint i = 0; i < n_phones; i++)
    {
      g_autofree char *number = bench_format_phone (bench_rand_below (r, 5), 200 + bench_rand_below (r, 200),
                                                    bench_rand_below (r, 1000), bench_rand_below (r, 10000));
      custcare_customer_add_phone (c, i == 0 ? "Mobile" : "Home", number);
    }
  for (guint i = 0; i < n_emails; i++)
    {
      g_autofree char *local = email_local_part (given, family, r);
      g_autofree char *address = g_strdup_printf ("%s@%s", local, BENCH_PICK (r, bench_email_domains));
      custcare_customer_add_email (c, i == 0 ? "Home" : "Work", address);
    }
  if (bench_rand_below (r, 100) < 30)
    {
      custcare_customer_add_tag (c, BENCH_PICK (r, bench_tags));
      if (bench_rand_below (r, 3) == 0)
        custcare_customer_add_tag (c, BENCH_PICK (r, bench_tags));
    }
  if (bench_rand_below (r, 100) < 20)
    {
      g_autoptr (GString) notes = g_string_new (NULL);
      guint words = 4 + bench_rand_below (r, 12);

      for (guint i = 0; i < words; i++)
        g_string_append_printf (notes, "%s%s", i ? " " : "", BENCH_PICK (r, bench_note_words));
      custcare_customer_set_notes (c, notes->str);
    }
  if (bench_rand_below (r, 100) < 35)
    custcare_customer_set_marketing_consent (c, TRUE, SHOP_NOW - bench_rand_below (r, 1000) * DAY);
  if (bench_rand_below (r, 100) < 2)
    custcare_customer_set_do_not_contact (c, TRUE);
  if (bench_rand_below (r, 100) < 3)
    custcare_customer_set_archived (c, TRUE);
  return c;
}

static gint64
clock_cb (gpointer user_data)
{
  return *(gint64 *) user_data;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (GPtrArray) index_sql = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tmp_path = NULL;
  gint64 n_customers = 1000000;
  char *output = NULL;
  BenchRand r = { 0x9E3779B97F4A7C15ULL };
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 clock_now = SHOP_NOW;
  gint64 t0, t;
  gint64 n_orders, n_interactions, n_ledger;
  const GOptionEntry entries[] = {
    { "customers", 'n', 0, G_OPTION_ARG_INT64, &n_customers, "Number of customers (default 1000000)", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Database file to create (replaced)", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("- build a synthetic shop database");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || output == NULL || n_customers < 1)
    {
      g_printerr ("usage: custcare-bench-generate [--customers N] --output FILE\n");
      return 2;
    }
  n_interactions = n_customers * 5;
  n_orders = n_customers * 2;
  n_ledger = n_customers * 3;

  /* Build beside the destination and rename at the end: a half-built shop is never left behind. */
  tmp_path = g_strconcat (output, ".partial", NULL);
  g_unlink (tmp_path);
  for (const char *suffix = "-wal"; suffix; suffix = g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *side = g_strconcat (tmp_path, suffix, NULL);
      g_unlink (side);
    }

  t0 = g_get_monotonic_time ();
  store = custcare_store_open (tmp_path, &error);
  die_on_error (error);
  _custcare_store_set_clock (store, clock_cb, &clock_now);
  db = _custcare_store_get_db (store);
  exec_or_die (db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;");

  /* Drop secondary indexes for the load (their definitions are read back from the schema). */
  stmt = prepare_or_die (db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"", sqlite3_column_text (stmt, 0));
      g_ptr_array_add (index_sql, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (index_sql, g_steal_pointer (&drop));
    }
  sqlite3_finalize (stmt);
  for (guint i = 1; i < index_sql->len; i += 2)
    exec_or_die (db, g_ptr_array_index (index_sql, i));

  custcare_store_begin (store, &error);
  die_on_error (error);

  for (gint64 i = 0; i < n_customers; i++)
    {
      g_autoptr (CustcareCustomer) c = make_customer (&r);

      /* Customers joined over the last six years. */
      clock_now = SHOP_NOW - 6 * 365 * DAY + (6 * 365 * DAY) * i / n_customers;
      _custcare_customer_repo_insert_in_transaction (store, c, CUSTCARE_CUSTOMER_WRITE_SKIP_INDEX, &error);
      die_on_error (error);
      if ((i + 1) % 100000 == 0)
        g_printerr ("  customers: %" G_GINT64_FORMAT "\n", i + 1);
    }
  t = g_get_monotonic_time ();
  g_printerr ("customers: %" G_GINT64_FORMAT " in %.1f s\n", n_customers, (t - t0) / 1e6);

  stmt = prepare_or_die (db,
                         "INSERT INTO interactions (customer_id, occurred_at, channel, direction, subject, notes, "
                         "outcome, satisfaction, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?2, ?2)");
  {
    static const char *channels[] = { "phone", "phone", "phone", "email", "in-person", "chat", "social", "letter" };
    static const char *outcomes[] = { "resolved", "resolved", "follow-up", "no-answer", "information", "sale" };
    static const char *subjects[] = { "Order question", "Opening hours", "Complaint about delivery", "Gift idea",
                                      "Returned call", "Price check", "Booking" };

    for (gint64 i = 0; i < n_interactions; i++)
      {
        sqlite3_bind_int64 (stmt, 1, 1 + bench_rand_below (&r, n_customers));
        sqlite3_bind_int64 (stmt, 2, SHOP_NOW - bench_rand_below (&r, 3 * 365) * DAY - bench_rand_below (&r, DAY));
        sqlite3_bind_text (stmt, 3, BENCH_PICK (&r, channels), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 4, bench_rand_below (&r, 3) ? "inbound" : "outbound", -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, BENCH_PICK (&r, subjects), -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 6, BENCH_PICK (&r, outcomes), -1, SQLITE_STATIC);
        if (bench_rand_below (&r, 4) == 0)
          sqlite3_bind_int (stmt, 7, 1 + bench_rand_below (&r, 5));
        else
          sqlite3_bind_null (stmt, 7);
        step_or_die (db, stmt);
      }
  }
  sqlite3_finalize (stmt);
  g_printerr ("interactions: %" G_GINT64_FORMAT " in %.1f s\n", n_interactions, (g_get_monotonic_time () - t) / 1e6);
  t = g_get_monotonic_time ();

  stmt = prepare_or_die (db,
                         "INSERT INTO orders (number, customer_id, placed_at, status, fulfilment, due_at, subtotal, "
                         "total, refunded, completed_at, created_at, updated_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?3, ?3)");
  {
    sqlite3_stmt *ledger = prepare_or_die (db,
                                           "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind, order_id, "
                                           "reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    gint64 ledger_rows = 0;

    for (gint64 i = 0; i < n_orders; i++)
      {
        g_autofree char *number = g_strdup_printf ("B-%07" G_GINT64_FORMAT, i + 1);
        gint64 customer = 1 + bench_rand_below (&r, n_customers);
        gint64 placed = SHOP_NOW - bench_rand_below (&r, 4 * 365) * DAY;
        guint roll = bench_rand_below (&r, 100);
        gint64 total = 500 + bench_rand_below (&r, 30000);
        const char *status;
        gint64 completed = 0, refunded = 0;

        if (placed > SHOP_NOW - 14 * DAY && roll < 60)
          status = roll < 20 ? "new" : roll < 40 ? "in-progress" : "ready";
        else if (roll < 86)
          status = "completed", completed = placed + (1 + bench_rand_below (&r, 10)) * DAY;
        else if (roll < 92)
          status = "cancelled";
        else if (roll < 94)
          status = "returned", completed = placed + 3 * DAY, refunded = total / 2;
        else
          status = roll < 97 ? "confirmed" : "shipped";

        sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 2, customer);
        sqlite3_bind_int64 (stmt, 3, placed);
        sqlite3_bind_text (stmt, 4, status, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 5, bench_rand_below (&r, 3) ? "pickup" : "delivery", -1, SQLITE_STATIC);
        sqlite3_bind_int64 (stmt, 6, placed + 7 * DAY);
        sqlite3_bind_int64 (stmt, 7, total);
        sqlite3_bind_int64 (stmt, 8, refunded);
        if (completed)
          sqlite3_bind_int64 (stmt, 9, completed);
        else
          sqlite3_bind_null (stmt, 9);
        step_or_die (db, stmt);

        /* Points earned on completed orders; the rest of the ledger is opening balances below. */
        if (completed && ledger_rows < n_ledger)
          {
            sqlite3_bind_int64 (ledger, 1, customer);
            sqlite3_bind_int64 (ledger, 2, completed);
            sqlite3_bind_int64 (ledger, 3, MAX (1, total / 100));
            sqlite3_bind_text (ledger, 4, "earn", -1, SQLITE_STATIC);
            sqlite3_bind_int64 (ledger, 5, sqlite3_last_insert_rowid (db));
            sqlite3_bind_text (ledger, 6, "", -1, SQLITE_STATIC);
            step_or_die (db, ledger);
            ledger_rows++;
          }
      }
    g_printerr ("orders: %" G_GINT64_FORMAT " in %.1f s\n", n_orders, (g_get_monotonic_time () - t) / 1e6);
    t = g_get_monotonic_time ();

    for (; ledger_rows < n_ledger; ledger_rows++)
      {
        sqlite3_bind_int64 (ledger, 1, 1 + bench_rand_below (&r, n_customers));
        sqlite3_bind_int64 (ledger, 2, SHOP_NOW - bench_rand_below (&r, 4 * 365) * DAY);
        sqlite3_bind_int64 (ledger, 3, 10 + bench_rand_below (&r, 500));
        sqlite3_bind_text (ledger, 4, bench_rand_below (&r, 2) ? "opening" : "adjust", -1, SQLITE_STATIC);
        sqlite3_bind_null (ledger, 5);
        sqlite3_bind_text (ledger, 6, "Goodwill", -1, SQLITE_STATIC);
        step_or_die (db, ledger);
      }
    sqlite3_finalize (ledger);
  }
  sqlite3_finalize (stmt);
  g_printerr ("ledger: %" G_GINT64_FORMAT " in %.1f s\n", n_ledger, (g_get_monotonic_time () - t) / 1e6);
  t = g_get_monotonic_time ();

  for (guint i = 0; i < index_sql->len; i += 2)
    exec_or_die (db, g_ptr_array_index (index_sql, i));
  /* The trigger kept last_interaction_at while indexes were gone; nothing else to fix up. */
  g_printerr ("indexes: %.1f s\n", (g_get_monotonic_time () - t) / 1e6);
  t = g_get_monotonic_time ();

  _custcare_customer_reindex_all (store, &error);
  die_on_error (error);
  g_printerr ("search index: %.1f s\n", (g_get_monotonic_time () - t) / 1e6);
  t = g_get_monotonic_time ();

  custcare_store_commit (store, &error);
  die_on_error (error);
  exec_or_die (db, "INSERT INTO customer_search (customer_search) VALUES ('optimize')");
  exec_or_die (db, "INSERT INTO customer_phone_search (customer_phone_search) VALUES ('optimize')");
  exec_or_die (db, "PRAGMA journal_mode = WAL");
  g_printerr ("commit + optimize: %.1f s\n", (g_get_monotonic_time () - t) / 1e6);
  g_clear_object (&store);

  if (g_rename (tmp_path, output) != 0)
    {
      g_printerr ("custcare-bench-generate: cannot rename to %s: %s\n", output, g_strerror (errno));
      return 1;
    }
  g_printerr ("total: %.1f s → %s\n", (g_get_monotonic_time () - t0) / 1e6, output);
  return 0;
}
