/* test-customer-search.c — search as you type, filters, duplicates and merging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "custcare-customer-merge.h"
#include "custcare-customer-private.h"
#include "custcare-customer-search.h"

typedef struct
{
  char          *dir;
  CustcareStore *store;
  gint64         now;
  gint64         ada, bob, cleo, emile, zoe, corner;
} Fixture;

static gint64
fixed_clock (gpointer user_data)
{
  return ((Fixture *) user_data)->now;
}

static gint64
add (Fixture    *f,
     const char *given,
     const char *family,
     const char *phone,
     const char *email,
     const char *tag)
{
  g_autoptr (CustcareCustomer) c = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_customer_set_given_name (c, given);
  custcare_customer_set_family_name (c, family);
  if (phone)
    custcare_customer_add_phone (c, "", phone);
  if (email)
    custcare_customer_add_email (c, "", email);
  if (tag)
    custcare_customer_add_tag (c, tag);
  f->now++;
  id = custcare_customer_repo_insert (f->store, c, &error);
  g_assert_no_error (error);
  return id;
}

static void
exec_ok (CustcareStore *store,
         const char    *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_custcare_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("custcare-search-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  f->now = 1767225600;
  _custcare_store_set_clock (f->store, fixed_clock, f);

  f->ada = add (f, "Ada", "Lovelace", "+1 (555) 010-2030", "ada@engines.example.com", "VIP");
  f->bob = add (f, "Bob", "Smith", "555.444.1234", "bob.smith@example.org", "wholesale");
  f->cleo = add (f, "Cleo", "Smithers", "020 7946 0018", "cleo@example.org", NULL);
  f->emile = add (f, "Émile", "Zola", "06 12 34 56 78", "emile@example.fr", "vip");
  f->zoe = add (f, "ZOË", "Ångström", "5550102031", NULL, NULL);
  {
    g_autoptr (CustcareCustomer) c = custcare_customer_new ();

    custcare_customer_set_display_name (c, "Corner Bakery");
    custcare_customer_set_notes (c, "Delivers sourdough on Fridays");
    f->corner = custcare_customer_repo_insert (f->store, c, &error);
    g_assert_no_error (error);
  }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* The ids a query finds, as "id,id,id" in result order. */
static char *
search_full (Fixture                     *f,
             const CustcareCustomerQuery *query,
             gboolean                    *capped)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = custcare_customer_search (f->store, query, capped, NULL, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (out, FALSE);
}

static char *
search (Fixture    *f,
        const char *text)
{
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();

  query->text = g_strdup (text);
  return search_full (f, query, NULL);
}

static char *
ids (gint64 a,
     gint64 b,
     gint64 c)
{
  GString *out = g_string_new (NULL);
  gint64 list[] = { a, b, c };

  for (guint i = 0; i < G_N_ELEMENTS (list) && list[i] > 0; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "", list[i]);
  return g_string_free (out, FALSE);
}

static void
check_ids (char   *got,
           gint64  a,
           gint64  b,
           gint64  c)
{
  g_autofree char *want = ids (a, b, c);

  g_assert_cmpstr (got, ==, want);
  g_free (got);
}

#define assert_search(f, text, a, b, c)            \
  G_STMT_START {                                  \
    g_autofree char *got = search ((f), (text));  \
    g_autofree char *want = ids ((a), (b), (c));  \
    g_assert_cmpstr (got, ==, want);              \
  } G_STMT_END

static void
test_phone_formats (Fixture       *f,
                    gconstpointer  data)
{
  /* The same caller's number however it is typed. */
  assert_search (f, "+1 (555) 010-2030", f->ada, 0, 0);
  assert_search (f, "15550102030", f->ada, 0, 0);
  assert_search (f, "5550102030", f->ada, 0, 0);
  assert_search (f, "010 2030", f->ada, 0, 0);
  assert_search (f, "010-2030", f->ada, 0, 0);
  assert_search (f, "2030", f->ada, 0, 0);
  /* A shared beginning finds both numbers, in name order (Ångström sorts as "angstrom"). */
  assert_search (f, "555 010 203", f->zoe, f->ada, 0);
  assert_search (f, "(555) 444", f->bob, 0, 0);
  assert_search (f, "0612345678", f->emile, 0, 0);
  assert_search (f, "12 34 56", f->emile, 0, 0);
  assert_search (f, "7946 0018", f->cleo, 0, 0);
  /* Digits from the middle of a number. */
  assert_search (f, "5501020", f->zoe, f->ada, 0);
  assert_search (f, "44412", f->bob, 0, 0);
  /* A name and part of a number narrow each other; the number is not needed at its start. */
  assert_search (f, "smith 0018", f->cleo, 0, 0);
  assert_search (f, "0018 smi", f->cleo, 0, 0);
  assert_search (f, "ada 010", f->ada, 0, 0);
  assert_search (f, "bob 0018", 0, 0, 0);
  /* Too few digits for a phone number: words only (nobody's name or email has "20"). */
  assert_search (f, "20", 0, 0, 0);
}

static void
test_names_accents_case (Fixture       *f,
                         gconstpointer  data)
{
  assert_search (f, "emile", f->emile, 0, 0);
  assert_search (f, "ÉMILE", f->emile, 0, 0);
  assert_search (f, "Émi", f->emile, 0, 0);
  assert_search (f, "zoe", f->zoe, 0, 0);
  assert_search (f, "angst", f->zoe, 0, 0);
  assert_search (f, "ÅNGSTRÖM", f->zoe, 0, 0);
  /* Prefixes of one to several letters; all words must match, in any order. */
  assert_search (f, "smith", f->bob, f->cleo, 0);
  assert_search (f, "smithe", f->cleo, 0, 0);
  assert_search (f, "bob sm", f->bob, 0, 0);
  assert_search (f, "sm bob", f->bob, 0, 0);
  assert_search (f, "z", f->zoe, f->emile, 0);
  assert_search (f, "lov", f->ada, 0, 0);
  /* Email parts, company/display names, notes and tags. */
  assert_search (f, "bob.smith@example.org", f->bob, 0, 0);
  assert_search (f, "engines", f->ada, 0, 0);
  assert_search (f, "corner bak", f->corner, 0, 0);
  assert_search (f, "sourdough", f->corner, 0, 0);
  assert_search (f, "wholesale", f->bob, 0, 0);
  /* Nothing to search for is the whole list, in name order. */
  {
    g_autofree char *all = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                            ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                                            f->zoe, f->corner, f->ada, f->bob, f->cleo, f->emile);
    g_autofree char *empty = search (f, "");
    g_autofree char *blank = search (f, " \t ");

    g_assert_cmpstr (empty, ==, all);
    g_assert_cmpstr (blank, ==, all);
  }
  assert_search (f, "xylophone", 0, 0, 0);
}

static void
test_injection (Fixture       *f,
                gconstpointer  data)
{
  /* FTS5 syntax typed by a user is text, never an error and never a different query. */
  static const char *hostile[] = {
    "\"", "\"\"", "'", "*", "^", "-", ":", "(", ")", "NEAR(", "NEAR(smith bob)", "smith*", "^smith",
    "-smith", "name:smith", "name : smith", "{name}: smith", "smith OR bob", "smith AND", "NOT smith",
    "\"smith", "smith\"", "sm\"ith", "+", "a\"b\"c", "'; DROP TABLE customers; --", "\\", "%", "_",
    "\xff\xfe broken utf-8", "smith) OR (1", "NEAR(\"a\" \"b\", 3)", "*:*", "phones:*",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
      g_autoptr (GError) error = NULL;
      g_autoptr (GArray) found = NULL;

      query->text = g_strdup (hostile[i]);
      found = custcare_customer_search (f->store, query, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
    }

  /* The words in them still search as words. */
  assert_search (f, "name:smith", 0, 0, 0);   /* "name" is a word here, and nobody has it */
  assert_search (f, "bob:smith", f->bob, 0, 0);
  assert_search (f, "smith\"bob", f->bob, 0, 0);
  assert_search (f, "smith OR bob", f->bob, 0, 0); /* "or" is a word too: bob.smith@example.org */
  assert_search (f, "NEAR(smith bob)", 0, 0, 0);
  assert_search (f, "-smith", f->bob, f->cleo, 0);
  assert_search (f, "\"smith", f->bob, f->cleo, 0);
  {
    g_autofree char *match = custcare_customer_search_build_match ("a\"b*c NEAR( d:e");
    g_assert_cmpstr (match, ==, "\"a\"* \"b\"* \"c\"* \"NEAR\"* \"d\"* \"e\"*");
  }
  g_assert_null (custcare_customer_search_build_match ("\"*^-:()"));
  g_assert_cmpint (sqlite3_exec (_custcare_store_get_db (f->store), "SELECT count(*) FROM customers", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
}

static void
test_filters_and_sort (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
  g_autofree char *sql = NULL;

  /* Tags match without regard to case. */
  query->tag = g_strdup ("vip");
  check_ids (search_full (f, query, NULL), f->ada, f->emile, 0);
  g_assert_false (custcare_customer_query_is_browse (query));

  query->text = g_strdup ("emi");
  check_ids (search_full (f, query, NULL), f->emile, 0, 0);
  g_clear_pointer (&query->text, g_free);
  g_clear_pointer (&query->tag, g_free);

  /* Open orders: Bob has one in progress, Cleo's is completed. */
  sql = g_strdup_printf ("INSERT INTO orders (number, customer_id, placed_at, status, total, completed_at, created_at, "
                         "updated_at) VALUES "
                         "('A1', %1$" G_GINT64_FORMAT ", 1, 'in-progress', 1000, NULL, 1, 1),"
                         "('A2', %2$" G_GINT64_FORMAT ", 1, 'completed', 60000, %3$" G_GINT64_FORMAT ", 1, 1),"
                         "('A3', %4$" G_GINT64_FORMAT ", 1, 'completed', 90000, %3$" G_GINT64_FORMAT ", 1, 1),"
                         "('A4', %4$" G_GINT64_FORMAT ", 1, 'returned', 90000, %3$" G_GINT64_FORMAT ", 1, 1),"
                         "('A5', %4$" G_GINT64_FORMAT ", 1, 'completed', 200000, 100, 1, 1),"
                         "('A6', %1$" G_GINT64_FORMAT ", 1, 'completed', 60000, %3$" G_GINT64_FORMAT ", 1, 1)",
                         f->bob, f->cleo, f->now - 30 * 24 * 3600, f->emile);
  exec_ok (f->store, sql);
  exec_ok (f->store, "UPDATE orders SET refunded = 90000 WHERE number = 'A4';"
                     "UPDATE orders SET points_value = 5000 WHERE number = 'A2';"
                     "UPDATE orders SET points_value = 20000 WHERE number = 'A6'");
  query->open_orders = TRUE;
  check_ids (search_full (f, query, NULL), f->bob, 0, 0);
  query->open_orders = FALSE;

  /* Tiers by money paid on orders completed in the last 12 months, net of points and refunds;
   * old orders do not count. Cleo 600 − 50 in points = 550.00 → Silver; Emile 900 + (900 − 900
   * refunded) = 900.00 → Silver (2,000.00 long ago does not make him Gold); Bob 600 − 200 in points
   * = 400.00 → Bronze, like everyone else. */
  query->tier = g_strdup ("Silver");
  check_ids (search_full (f, query, NULL), f->cleo, f->emile, 0);
  g_free (query->tier);
  query->tier = g_strdup ("Gold");
  check_ids (search_full (f, query, NULL), 0, 0, 0);
  g_free (query->tier);
  query->tier = g_strdup ("Bronze");
  query->text = g_strdup ("smith");
  check_ids (search_full (f, query, NULL), f->bob, 0, 0);
  g_clear_pointer (&query->tier, g_free);

  /* Archived customers only show when asked for. */
  custcare_customer_repo_archive (f->store, f->bob, TRUE, NULL);
  check_ids (search_full (f, query, NULL), f->cleo, 0, 0);
  query->archived = CUSTCARE_CUSTOMER_ARCHIVED_ONLY;
  check_ids (search_full (f, query, NULL), f->bob, 0, 0);
  query->archived = CUSTCARE_CUSTOMER_ARCHIVED_ANY;
  check_ids (search_full (f, query, NULL), f->bob, f->cleo, 0);

  /* Sorts: newest first for created; most recent contact first, never-contacted last. */
  query->sort = CUSTCARE_CUSTOMER_SORT_CREATED;
  check_ids (search_full (f, query, NULL), f->cleo, f->bob, 0);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO interactions (customer_id, occurred_at, created_at, updated_at) "
                         "VALUES (%" G_GINT64_FORMAT ", 500, 500, 500)", f->bob);
  exec_ok (f->store, sql);
  query->sort = CUSTCARE_CUSTOMER_SORT_LAST_CONTACT;
  check_ids (search_full (f, query, NULL), f->bob, f->cleo, 0);
}

static void
test_capped (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) found = NULL;
  gboolean capped = FALSE;

  custcare_store_begin (f->store, &error);
  for (guint i = 0; i < CUSTCARE_CUSTOMER_SEARCH_CAP + 50; i++)
    {
      g_autoptr (CustcareCustomer) c = custcare_customer_new ();
      g_autofree char *family = g_strdup_printf ("Capwell%04u", i);

      custcare_customer_set_given_name (c, "Many");
      custcare_customer_set_family_name (c, family);
      _custcare_customer_repo_insert_in_transaction (f->store, c, 0, &error);
      g_assert_no_error (error);
    }
  custcare_store_commit (f->store, &error);

  query->text = g_strdup ("cap");
  found = custcare_customer_search (f->store, query, &capped, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (capped);
  g_assert_cmpuint (found->len, ==, CUSTCARE_CUSTOMER_SEARCH_CAP);
  g_clear_pointer (&found, g_array_unref);

  g_free (query->text);
  query->text = g_strdup ("capwell0999");
  found = custcare_customer_search (f->store, query, &capped, NULL, &error);
  g_assert_false (capped);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_array_unref);

  /* A cancelled search stops with a "cancelled" error, not a wrong answer. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();

    g_free (query->text);
    query->text = g_strdup ("m");
    g_cancellable_cancel (cancellable);
    found = custcare_customer_search (f->store, query, &capped, cancellable, &error);
    g_assert_null (found);
    g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED);
  }
}

static char *
dump (CustcareStore *store,
      gint64         a,
      gint64         b)
{
  static const char *queries[] = {
    "SELECT * FROM customers WHERE id IN (?1, ?2) ORDER BY id",
    "SELECT * FROM customer_phones WHERE customer_id IN (?1, ?2) ORDER BY id",
    "SELECT * FROM customer_emails WHERE customer_id IN (?1, ?2) ORDER BY id",
    "SELECT * FROM customer_tags WHERE customer_id IN (?1, ?2) ORDER BY customer_id, tag_id",
    "SELECT id, customer_id FROM interactions ORDER BY id",
    "SELECT id, customer_id FROM orders ORDER BY id",
    "SELECT id, customer_id FROM loyalty_ledger ORDER BY id",
    "SELECT id, customer_id FROM outbox ORDER BY id",
    "SELECT rowid FROM customer_search WHERE customer_search MATCH 'lovelace OR lovelase'",
    "SELECT rowid FROM customer_phone_search WHERE customer_phone_search MATCH '2030 OR 9999'",
  };
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (_custcare_store_get_db (store), queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      if (sqlite3_bind_parameter_count (stmt) == 2)
        {
          sqlite3_bind_int64 (stmt, 1, a);
          sqlite3_bind_int64 (stmt, 2, b);
        }
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int i = 0; i < sqlite3_column_count (stmt); i++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, i);
              g_string_append_printf (out, "%s|", text ? text : "∅");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
      g_string_append (out, "--\n");
    }
  return g_string_free (out, FALSE);
}

static gint64
count (CustcareStore *store,
       const char    *sql,
       gint64         id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  sqlite3_prepare_v2 (_custcare_store_get_db (store), sql, -1, &stmt, NULL);
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (CustcareCustomer) draft = custcare_customer_new ();
  g_autoptr (GArray) found = NULL;
  g_autoptr (GError) error = NULL;

  /* Nothing alike. */
  custcare_customer_set_given_name (draft, "Xavier");
  custcare_customer_set_family_name (draft, "Quint");
  found = custcare_customer_find_duplicates (f->store, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);

  /* Same email, in other case. */
  custcare_customer_add_email (draft, "", "BOB.Smith@Example.org");
  found = custcare_customer_find_duplicates (f->store, draft, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, CustcareDuplicate, 0).id, ==, f->bob);
  g_assert_cmpint (g_array_index (found, CustcareDuplicate, 0).reasons, ==, CUSTCARE_DUPLICATE_SAME_EMAIL);
  g_clear_pointer (&found, g_array_unref);
  custcare_customer_clear_emails (draft);

  /* Same phone, typed without the country code, and with one where it was stored without. */
  custcare_customer_add_phone (draft, "", "555 010 2030");
  found = custcare_customer_find_duplicates (f->store, draft, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, CustcareDuplicate, 0).id, ==, f->ada);
  g_assert_cmpint (g_array_index (found, CustcareDuplicate, 0).reasons, ==, CUSTCARE_DUPLICATE_SAME_PHONE);
  g_clear_pointer (&found, g_array_unref);
  custcare_customer_clear_phones (draft);
  custcare_customer_add_phone (draft, "", "+1 555 444 1234");
  found = custcare_customer_find_duplicates (f->store, draft, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, CustcareDuplicate, 0).id, ==, f->bob);
  g_clear_pointer (&found, g_array_unref);
  custcare_customer_clear_phones (draft);

  /* Similar names: a typo, an accent, case; but not a different person. */
  custcare_customer_set_given_name (draft, "Ada");
  custcare_customer_set_family_name (draft, "Lovelase");
  found = custcare_customer_find_duplicates (f->store, draft, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, CustcareDuplicate, 0).id, ==, f->ada);
  g_assert_cmpint (g_array_index (found, CustcareDuplicate, 0).reasons, ==, CUSTCARE_DUPLICATE_SIMILAR_NAME);
  g_clear_pointer (&found, g_array_unref);

  custcare_customer_set_given_name (draft, "emile");
  custcare_customer_set_family_name (draft, "ZOLA");
  found = custcare_customer_find_duplicates (f->store, draft, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, CustcareDuplicate, 0).id, ==, f->emile);
  g_clear_pointer (&found, g_array_unref);

  custcare_customer_set_given_name (draft, "Bob");
  custcare_customer_set_family_name (draft, "Smithers");
  found = custcare_customer_find_duplicates (f->store, draft, &error);
  /* "bob smithers" is 2 edits from "bob smith" — too far for a name this short — and 3 from Cleo. */
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);

  /* A saved customer is never its own duplicate. */
  {
    g_autoptr (CustcareCustomer) ada = custcare_customer_repo_get (f->store, f->ada, &error);
    found = custcare_customer_find_duplicates (f->store, ada, &error);
    g_assert_cmpuint (found->len, ==, 0);
  }
}

static void
test_merge_and_undo (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (CustcareCustomer) dup = custcare_customer_new ();
  g_autoptr (CustcareCustomer) survivor = NULL;
  g_autoptr (CustcareCustomer) chosen = NULL;
  g_autoptr (CustcareCustomer) merged = NULL;
  g_autoptr (CustcareCustomerSnapshot) undo = NULL;
  g_autoptr (GPtrArray) conflicts = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after_undo = NULL;
  g_autofree char *sql = NULL;
  gint64 dup_id, other;

  custcare_customer_set_given_name (dup, "Ada");
  custcare_customer_set_family_name (dup, "Lovelase");
  custcare_customer_set_company (dup, "Difference Engines");
  custcare_customer_set_address_locality (dup, "Marylebone");
  custcare_customer_add_phone (dup, "Work", "555 010 2030");  /* the same number, typed otherwise */
  custcare_customer_add_phone (dup, "Home", "555 999 9999");
  custcare_customer_add_email (dup, "", "ADA@engines.example.com");
  custcare_customer_add_email (dup, "", "countess@example.org");
  custcare_customer_add_tag (dup, "vip");
  custcare_customer_add_tag (dup, "newsletter");
  custcare_customer_set_do_not_contact (dup, TRUE);
  dup_id = custcare_customer_repo_insert (f->store, dup, &error);
  g_assert_no_error (error);
  other = add (f, "Old", "Record", NULL, NULL, NULL);

  /* Rows of every kind on both sides. */
  sql = g_strdup_printf ("INSERT INTO interactions (customer_id, occurred_at, created_at, updated_at) VALUES "
                         "(%1$" G_GINT64_FORMAT ", 100, 100, 100), (%2$" G_GINT64_FORMAT ", 900, 900, 900),"
                         "(%2$" G_GINT64_FORMAT ", 300, 300, 300);"
                         "INSERT INTO orders (number, customer_id, placed_at, created_at, updated_at) VALUES "
                         "('M1', %1$" G_GINT64_FORMAT ", 1, 1, 1), ('M2', %2$" G_GINT64_FORMAT ", 2, 2, 2);"
                         "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind) VALUES "
                         "(%1$" G_GINT64_FORMAT ", 1, 50, 'opening'), (%2$" G_GINT64_FORMAT ", 1, 70, 'opening');"
                         "INSERT INTO outbox (customer_id, to_address, subject, body, created_at) VALUES "
                         "(%2$" G_GINT64_FORMAT ", 'countess@example.org', 'Hi', 'Hello', 5);"
                         "UPDATE customers SET merged_into_id = %2$" G_GINT64_FORMAT ", archived = 1 WHERE id = %3$"
                         G_GINT64_FORMAT,
                         f->ada, dup_id, other);
  exec_ok (f->store, sql);

  survivor = custcare_customer_repo_get (f->store, f->ada, &error);
  merged = custcare_customer_repo_get (f->store, dup_id, &error);
  conflicts = custcare_customer_merge_conflicts (survivor, merged);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (conflicts, 0), ==, "family-name");

  before = dump (f->store, f->ada, dup_id);

  /* The user keeps the survivor's family name but takes the other's company. */
  chosen = custcare_customer_copy (survivor);
  custcare_customer_set_company (chosen, "Difference Engines");
  f->now += 1000;
  g_assert_true (custcare_customer_repo_merge (f->store, f->ada, dup_id, chosen, &undo, &error));
  g_assert_no_error (error);

  {
    g_autoptr (CustcareCustomer) result = custcare_customer_repo_get (f->store, f->ada, &error);
    g_autoptr (CustcareCustomer) gone = custcare_customer_repo_get (f->store, dup_id, &error);

    g_assert_cmpstr (custcare_customer_get_family_name (result), ==, "Lovelace");
    g_assert_cmpstr (custcare_customer_get_company (result), ==, "Difference Engines");
    g_assert_cmpstr (custcare_customer_get_address_locality (result), ==, "Marylebone");
    g_assert_true (custcare_customer_get_do_not_contact (result));
    /* Phones and emails: the union, without the same number or address twice. */
    g_assert_cmpuint (custcare_customer_get_phones (result)->len, ==, 2);
    g_assert_cmpuint (custcare_customer_get_emails (result)->len, ==, 2);
    g_assert_true (custcare_customer_has_tag (result, "VIP"));
    g_assert_true (custcare_customer_has_tag (result, "newsletter"));
    g_assert_cmpint (custcare_customer_get_last_interaction_at (result), ==, 900);

    g_assert_true (custcare_customer_get_archived (gone));
    g_assert_cmpint (custcare_customer_get_merged_into_id (gone), ==, f->ada);
    g_assert_cmpuint (custcare_customer_get_phones (gone)->len, ==, 0);
  }
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM interactions WHERE customer_id = ?1", f->ada), ==, 3);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM orders WHERE customer_id = ?1", f->ada), ==, 2);
  g_assert_cmpint (count (f->store, "SELECT sum(delta) FROM loyalty_ledger WHERE customer_id = ?1", f->ada), ==, 120);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM outbox WHERE customer_id = ?1", f->ada), ==, 1);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM customers WHERE merged_into_id = ?1", f->ada), ==, 2);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM orders WHERE customer_id = ?1", dup_id), ==, 0);
  /* Search finds the survivor by the merged customer's number and email. */
  assert_search (f, "999 9999", f->ada, 0, 0);
  assert_search (f, "countess", f->ada, 0, 0);

  /* Merging again, or with oneself, is refused. */
  g_assert_false (custcare_customer_repo_merge (f->store, f->ada, dup_id, NULL, NULL, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_MERGE);
  g_clear_error (&error);
  g_assert_false (custcare_customer_repo_merge (f->store, f->ada, f->ada, NULL, NULL, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_MERGE);
  g_clear_error (&error);

  /* Undo puts every row back exactly as it was. */
  g_assert_true (custcare_customer_repo_restore (f->store, undo, &error));
  g_assert_no_error (error);
  after_undo = dump (f->store, f->ada, dup_id);
  g_assert_cmpstr (after_undo, ==, before);
  assert_search (f, "999 9999", dup_id, 0, 0);
}

static void
test_merge_failure_changes_nothing (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = dump (f->store, f->ada, f->bob);
  g_autofree char *after = NULL;

  g_assert_false (custcare_customer_repo_merge (f->store, f->ada, 9999, NULL, NULL, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A trigger refusing part of the move rolls the whole merge back. */
  exec_ok (f->store, "CREATE TEMP TRIGGER refuse BEFORE UPDATE OF customer_id ON outbox "
                     "BEGIN SELECT RAISE (ABORT, 'refused for the test'); END;"
                     "INSERT INTO outbox (customer_id, to_address, subject, body, created_at) "
                     "SELECT id, 'x@example.org', 's', 'b', 1 FROM customers WHERE given_name = 'Bob'");
  g_free (before);
  before = dump (f->store, f->ada, f->bob);
  g_assert_false (custcare_customer_repo_merge (f->store, f->ada, f->bob, NULL, NULL, &error));
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CONSTRAINT);
  after = dump (f->store, f->ada, f->bob);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (_custcare_store_in_transaction (f->store));
}

/* The RFM segment filter (the dashboard's segment figures lead to it), alone and with text. */
static void
test_segment (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
  g_autoptr (CustcareCustomerQuery) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) none = NULL;
  g_autofree char *sql = NULL;
  gint64 day = 24 * 3600;

  /* Ada: 3 orders, 600.00, last 5 days ago → champions. Bob: 1 order of 10.00, 10 days ago →
   * potential. Cleo: 1000.00, 200 days ago → at risk. Émile: 10.00, 400 days ago → lost. Zoë:
   * three small orders, 30 days ago → loyal. Corner Bakery never bought: in no segment. */
  sql = g_strdup_printf ("INSERT INTO orders (number, customer_id, placed_at, status, total, completed_at, created_at, "
                         "updated_at) VALUES "
                         "('S1', %1$" G_GINT64_FORMAT ", 1, 'completed', 20000, %6$" G_GINT64_FORMAT ", 1, 1),"
                         "('S2', %1$" G_GINT64_FORMAT ", 1, 'completed', 20000, %6$" G_GINT64_FORMAT ", 1, 1),"
                         "('S3', %1$" G_GINT64_FORMAT ", 1, 'completed', 20000, %6$" G_GINT64_FORMAT ", 1, 1),"
                         "('S4', %2$" G_GINT64_FORMAT ", 1, 'completed', 1000, %7$" G_GINT64_FORMAT ", 1, 1),"
                         "('S5', %3$" G_GINT64_FORMAT ", 1, 'completed', 100000, %8$" G_GINT64_FORMAT ", 1, 1),"
                         "('S6', %4$" G_GINT64_FORMAT ", 1, 'completed', 1000, %9$" G_GINT64_FORMAT ", 1, 1),"
                         "('S7', %5$" G_GINT64_FORMAT ", 1, 'completed', 500, %10$" G_GINT64_FORMAT ", 1, 1),"
                         "('S8', %5$" G_GINT64_FORMAT ", 1, 'completed', 500, %10$" G_GINT64_FORMAT ", 1, 1),"
                         "('S9', %5$" G_GINT64_FORMAT ", 1, 'completed', 500, %10$" G_GINT64_FORMAT ", 1, 1)",
                         f->ada, f->bob, f->cleo, f->emile, f->zoe, f->now - 5 * day, f->now - 10 * day,
                         f->now - 200 * day, f->now - 400 * day, f->now - 30 * day);
  exec_ok (f->store, sql);

  query->segment = g_strdup ("champions");
  g_assert_false (custcare_customer_query_is_browse (query));
  check_ids (search_full (f, query, NULL), f->ada, 0, 0);
  g_free (query->segment);
  query->segment = g_strdup ("loyal");
  check_ids (search_full (f, query, NULL), f->zoe, 0, 0);
  g_free (query->segment);
  query->segment = g_strdup ("at-risk");
  check_ids (search_full (f, query, NULL), f->cleo, 0, 0);
  g_free (query->segment);
  query->segment = g_strdup ("lost");
  check_ids (search_full (f, query, NULL), f->emile, 0, 0);
  g_free (query->segment);
  query->segment = g_strdup ("hibernating");
  check_ids (search_full (f, query, NULL), 0, 0, 0);

  /* With typed text: the matches that are in the segment. "smith" finds Bob and Cleo; only Bob
   * is a potential customer. */
  g_free (query->segment);
  query->segment = g_strdup ("potential");
  query->text = g_strdup ("smith");
  check_ids (search_full (f, query, NULL), f->bob, 0, 0);
  g_free (query->text);
  query->text = g_strdup ("cleo");
  check_ids (search_full (f, query, NULL), 0, 0, 0);
  g_clear_pointer (&query->text, g_free);

  /* Copies and comparisons see the segment. */
  copy = custcare_customer_query_copy (query);
  g_assert_cmpstr (copy->segment, ==, "potential");
  g_assert_true (custcare_customer_query_equal (query, copy));
  g_free (copy->segment);
  copy->segment = g_strdup ("lost");
  g_assert_false (custcare_customer_query_equal (query, copy));

  /* Archived customers are in no segment. */
  custcare_customer_repo_archive (f->store, f->cleo, TRUE, NULL);
  g_free (query->segment);
  query->segment = g_strdup ("at-risk");
  query->archived = CUSTCARE_CUSTOMER_ARCHIVED_ANY;
  check_ids (search_full (f, query, NULL), 0, 0, 0);

  /* A segment that does not exist is an error, not an empty list. */
  g_free (query->segment);
  query->segment = g_strdup ("vip");
  none = custcare_customer_search (f->store, query, NULL, NULL, &error);
  g_assert_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_INVALID);
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/customer-search/phone-formats", test_phone_formats);
  ADD ("/customer-search/names-accents-case", test_names_accents_case);
  ADD ("/customer-search/injection", test_injection);
  ADD ("/customer-search/filters-and-sort", test_filters_and_sort);
  ADD ("/customer-search/capped", test_capped);
  ADD ("/customer-search/segment", test_segment);
  ADD ("/customer-search/duplicates", test_duplicates);
  ADD ("/customer-search/merge-and-undo", test_merge_and_undo);
  ADD ("/customer-search/merge-failure", test_merge_failure_changes_nothing);
#undef ADD

  return g_test_run ();
}
