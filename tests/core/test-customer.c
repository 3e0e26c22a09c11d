/* test-customer.c — customer records: validation, saving, the search index, delete and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "custcare-customer-private.h"
#include "custcare-test-shop.h"

typedef CustcareTestShop Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  custcare_test_shop_setup (f, "customer");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  custcare_test_shop_teardown (f, data);
}

/* Ids a full-text index gives for a raw FTS5 query: 0 for none, -1 for more than one. */
static gint64
index_match (CustcareStore *store,
             const char    *sql,
             const char    *match)
{
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (_custcare_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = -1; /* more than one */
  sqlite3_finalize (stmt);
  return id;
}

static gint64
fts_match (CustcareStore *store,
           const char    *match)
{
  return index_match (store, "SELECT rowid FROM customer_search WHERE customer_search MATCH ?1", match);
}

/* The phone index: @digits anywhere inside one of the customer's numbers. */
static gint64
phone_match (CustcareStore *store,
             const char    *digits)
{
  g_autofree char *match = g_strdup_printf ("\"%s\"", digits);

  return index_match (store, "SELECT rowid FROM customer_phone_search WHERE customer_phone_search MATCH ?1", match);
}

static CustcareCustomer *
make_ada (void)
{
  CustcareCustomer *c = custcare_customer_new ();
  const char *tags[] = { "VIP", "wholesale", "vip", " ", NULL };

  custcare_customer_set_given_name (c, "  Ada ");
  custcare_customer_set_family_name (c, "Lovelace-Énard");
  custcare_customer_set_company (c, "Analytical Engines Ltd");
  custcare_customer_set_address_street (c, "12 St James's Square");
  custcare_customer_set_address_locality (c, "London");
  custcare_customer_set_address_region (c, "Greater London");
  custcare_customer_set_address_postal_code (c, "SW1Y 4JH");
  custcare_customer_set_address_country (c, "GB");
  custcare_customer_set_birthday (c, 0, 12, 10);
  custcare_customer_set_notes (c, "Prefers calls after 2 pm.\nAllergic to lilies.");
  custcare_customer_set_preferences (c, "Large print receipts");
  custcare_customer_set_marketing_consent (c, TRUE, 0);
  custcare_customer_set_do_not_contact (c, FALSE);
  custcare_customer_add_phone (c, "Mobile", "+1 (555) 010-2030");
  custcare_customer_add_phone (c, "Home", "020 7946 0018");
  custcare_customer_add_email (c, "Work", "ada@engines.example.com");
  custcare_customer_add_email (c, "", "a.lovelace@example.org");
  custcare_customer_set_tags (c, tags);
  return c;
}

static void
test_validation (void)
{
  g_autoptr (CustcareCustomer) c = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  int y, m, d;

  g_assert_false (custcare_customer_validate (c, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NO_NAME);
  g_clear_error (&error);

  /* Blanks are no name. */
  custcare_customer_set_given_name (c, "   ");
  g_assert_false (custcare_customer_validate (c, NULL));
  custcare_customer_set_display_name (c, "Corner Bakery");
  g_assert_true (custcare_customer_validate (c, NULL));

  custcare_customer_add_email (c, "", "not an email");
  g_assert_false (custcare_customer_validate (c, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_EMAIL);
  g_assert_nonnull (strstr (error->message, "not an email"));
  g_clear_error (&error);
  custcare_customer_clear_emails (c);

  g_assert_true (custcare_email_is_valid ("jo.smith+shop@mail.example.co.uk"));
  g_assert_false (custcare_email_is_valid ("jo@example"));
  g_assert_false (custcare_email_is_valid ("@example.com"));
  g_assert_false (custcare_email_is_valid ("jo@@example.com"));
  g_assert_false (custcare_email_is_valid ("jo..smith@example.com"));
  g_assert_false (custcare_email_is_valid ("jo@example..com"));
  g_assert_false (custcare_email_is_valid ("jo smith@example.com"));

  custcare_customer_add_phone (c, "", "555-CALL-NOW");
  g_assert_false (custcare_customer_validate (c, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_PHONE);
  g_clear_error (&error);
  custcare_customer_clear_phones (c);
  g_assert_true (custcare_phone_is_valid ("+44 (0)20 7946-0018"));
  g_assert_true (custcare_phone_is_valid ("555.010.2030 ext. 12"));
  g_assert_true (custcare_phone_is_valid ("555 010 2030 x12"));
  g_assert_false (custcare_phone_is_valid ("12"));
  g_assert_false (custcare_phone_is_valid ("55+5 010"));
  g_assert_false (custcare_phone_is_valid ("call me"));

  /* Dates, with and without a year. */
  g_assert_true (custcare_birthday_parse ("1984-03-07", &y, &m, &d, NULL));
  g_assert_cmpint (y, ==, 1984);
  g_assert_cmpint (m, ==, 3);
  g_assert_cmpint (d, ==, 7);
  g_assert_true (custcare_birthday_parse ("--02-29", &y, &m, &d, NULL));
  g_assert_cmpint (y, ==, 0);
  g_assert_cmpint (m, ==, 2);
  g_assert_cmpint (d, ==, 29);
  g_assert_true (custcare_birthday_parse ("12-25", &y, &m, &d, NULL));
  g_assert_true (custcare_birthday_parse ("", &y, &m, &d, NULL));
  g_assert_cmpint (m, ==, 0);
  g_assert_false (custcare_birthday_parse ("2023-02-29", &y, &m, &d, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_DATE);
  g_clear_error (&error);
  g_assert_true (custcare_birthday_parse ("2024-02-29", &y, &m, &d, NULL));
  g_assert_false (custcare_birthday_parse ("13-01", &y, &m, &d, NULL));
  g_assert_false (custcare_birthday_parse ("1984-04-31", &y, &m, &d, NULL));
  g_assert_false (custcare_birthday_parse ("07/03/1984", &y, &m, &d, NULL));
  g_assert_false (custcare_birthday_parse ("1700-01-01", &y, &m, &d, NULL));

  custcare_customer_set_birthday (c, 2023, 2, 29);
  g_assert_false (custcare_customer_validate (c, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_DATE);
  g_clear_error (&error);
  custcare_customer_set_birthday (c, 0, 2, 29);
  g_assert_true (custcare_customer_validate (c, NULL));
  {
    g_autofree char *text = custcare_customer_dup_birthday_text (c);
    g_assert_cmpstr (text, ==, "02-29");
  }

  custcare_customer_add_tag (c, "a tag that is far too long to be a tag, it is a sentence");
  g_assert_false (custcare_customer_validate (c, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_TAG);
}

static void
test_phone_digits (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "+1 (555) 010-2030", "15550102030" },
    { "5550102030", "5550102030" },
    { "020 7946 0018", "02079460018" },
    { "", "" },
    { "٠١٢٣", "0123" }, /* Arabic-Indic digits */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *digits = custcare_phone_digits (cases[i].in);
      g_assert_cmpstr (digits, ==, cases[i].out);
    }
}

static void
test_insert_get (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (CustcareCustomer) ada = make_ada ();
  g_autoptr (CustcareCustomer) back = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sort_name = NULL;
  g_autofree char *title = NULL;
  gint64 id;
  int y, m, d;
  CustcareContact *contact;

  id = custcare_customer_repo_insert (f->store, ada, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (custcare_customer_get_id (ada), ==, id);
  g_assert_cmpint (custcare_customer_get_created_at (ada), ==, f->now);
  g_assert_cmpint (custcare_customer_get_marketing_consent_at (ada), ==, f->now);

  back = custcare_customer_repo_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (custcare_customer_get_given_name (back), ==, "Ada");
  g_assert_cmpstr (custcare_customer_get_family_name (back), ==, "Lovelace-Énard");
  g_assert_cmpstr (custcare_customer_get_company (back), ==, "Analytical Engines Ltd");
  g_assert_cmpstr (custcare_customer_get_address_street (back), ==, "12 St James's Square");
  g_assert_cmpstr (custcare_customer_get_address_locality (back), ==, "London");
  g_assert_cmpstr (custcare_customer_get_address_region (back), ==, "Greater London");
  g_assert_cmpstr (custcare_customer_get_address_postal_code (back), ==, "SW1Y 4JH");
  g_assert_cmpstr (custcare_customer_get_address_country (back), ==, "GB");
  g_assert_cmpstr (custcare_customer_get_notes (back), ==, "Prefers calls after 2 pm.\nAllergic to lilies.");
  g_assert_cmpstr (custcare_customer_get_preferences (back), ==, "Large print receipts");
  custcare_customer_get_birthday (back, &y, &m, &d);
  g_assert_cmpint (y, ==, 0);
  g_assert_cmpint (m, ==, 12);
  g_assert_cmpint (d, ==, 10);
  g_assert_true (custcare_customer_get_marketing_consent (back));
  g_assert_cmpint (custcare_customer_get_marketing_consent_at (back), ==, f->now);
  g_assert_false (custcare_customer_get_do_not_contact (back));
  g_assert_false (custcare_customer_get_archived (back));
  g_assert_cmpint (custcare_customer_get_created_at (back), ==, f->now);
  g_assert_cmpint (custcare_customer_get_updated_at (back), ==, f->now);

  g_assert_cmpuint (custcare_customer_get_phones (back)->len, ==, 2);
  contact = g_ptr_array_index (custcare_customer_get_phones (back), 0);
  g_assert_cmpstr (contact->label, ==, "Mobile");
  g_assert_cmpstr (contact->value, ==, "+1 (555) 010-2030");
  g_assert_cmpuint (custcare_customer_get_emails (back)->len, ==, 2);
  contact = g_ptr_array_index (custcare_customer_get_emails (back), 1);
  g_assert_cmpstr (contact->value, ==, "a.lovelace@example.org");

  /* "vip" folded into "VIP"; blanks dropped. */
  g_assert_cmpuint (g_strv_length ((GStrv) custcare_customer_get_tags (back)), ==, 2);
  g_assert_true (custcare_customer_has_tag (back, "vip"));
  g_assert_true (custcare_customer_has_tag (back, "Wholesale"));

  /* Stored digits and the list's sort key. */
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customer_phones WHERE digits = '15550102030'", 0), ==, 1);
  sort_name = custcare_test_query_text (f->store, "SELECT sort_name FROM customers WHERE id = ?1", id);
  g_assert_cmpstr (sort_name, ==, "lovelace-enard ada");
  title = custcare_customer_dup_title (back);
  g_assert_cmpstr (title, ==, "Ada Lovelace-Énard");

  /* Missing customers are reported as such. */
  g_assert_null (custcare_customer_repo_get (f->store, id + 100, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NOT_FOUND);
}

static void
test_index (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (CustcareCustomer) ada = make_ada ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  id = custcare_customer_repo_insert (f->store, ada, &error);
  g_assert_no_error (error);

  /* Any run of three or more of a number's digits matches, however the number was typed. */
  g_assert_cmpint (phone_match (f->store, "0102030"), ==, id);
  g_assert_cmpint (phone_match (f->store, "5550102030"), ==, id);
  g_assert_cmpint (phone_match (f->store, "15550102030"), ==, id);
  g_assert_cmpint (phone_match (f->store, "2030"), ==, id);
  g_assert_cmpint (phone_match (f->store, "79460018"), ==, id);
  g_assert_cmpint (phone_match (f->store, "5550102"), ==, id); /* the middle of a number too */
  /* Accents and case are folded by the tokenizer. */
  g_assert_cmpint (fts_match (f->store, "name : enard"), ==, id);
  g_assert_cmpint (fts_match (f->store, "company : analyt*"), ==, id);
  g_assert_cmpint (fts_match (f->store, "emails : lovelace"), ==, id);
  g_assert_cmpint (fts_match (f->store, "tags : wholesale"), ==, id);
  g_assert_cmpint (fts_match (f->store, "notes : lilies"), ==, id);

  /* An update rewrites the row: old values no longer match, new ones do. */
  custcare_customer_clear_phones (ada);
  custcare_customer_add_phone (ada, "Mobile", "07700 900123");
  custcare_customer_set_family_name (ada, "King");
  custcare_customer_remove_tag (ada, "wholesale");
  f->now += 60;
  custcare_customer_repo_update (f->store, ada, &error);
  g_assert_no_error (error);
  g_assert_cmpint (custcare_customer_get_updated_at (ada), ==, f->now);
  g_assert_cmpint (phone_match (f->store, "0102030"), ==, 0);
  g_assert_cmpint (phone_match (f->store, "900123"), ==, id);
  g_assert_cmpint (fts_match (f->store, "name : enard"), ==, 0);
  g_assert_cmpint (fts_match (f->store, "name : king"), ==, id);
  g_assert_cmpint (fts_match (f->store, "tags : wholesale"), ==, 0);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customer_phones WHERE customer_id = ?1", id), ==, 1);
  {
    g_autofree char *sort_name = custcare_test_query_text (f->store, "SELECT sort_name FROM customers WHERE id = ?1", id);
    g_assert_cmpstr (sort_name, ==, "king ada");
  }
}

static void
test_failed_writes_change_nothing (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr (CustcareCustomer) ada = make_ada ();
  g_autoptr (CustcareCustomer) bad = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  id = custcare_customer_repo_insert (f->store, ada, &error);
  g_assert_no_error (error);

  /* An invalid change is refused and the stored row stays as it was. */
  custcare_customer_add_email (ada, "", "broken@");
  custcare_customer_set_family_name (ada, "Changed");
  g_assert_false (custcare_customer_repo_update (f->store, ada, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_EMAIL);
  g_clear_error (&error);
  {
    g_autoptr (CustcareCustomer) back = custcare_customer_repo_get (f->store, id, NULL);
    g_assert_cmpstr (custcare_customer_get_family_name (back), ==, "Lovelace-Énard");
    g_assert_cmpuint (custcare_customer_get_emails (back)->len, ==, 2);
  }

  g_assert_cmpint (custcare_customer_repo_insert (f->store, bad, &error), ==, 0);
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NO_NAME);
  g_assert_cmpint (custcare_customer_get_id (bad), ==, 0);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customers", 0), ==, 1);
  g_assert_false (_custcare_store_in_transaction (f->store));
}

static void
test_archive (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (CustcareCustomer) ada = make_ada ();
  g_autoptr (CustcareCustomer) back = NULL;
  g_autoptr (GError) error = NULL;
  gint64 id = custcare_customer_repo_insert (f->store, ada, &error);

  f->now += 3600;
  g_assert_true (custcare_customer_repo_archive (f->store, id, TRUE, &error));
  g_assert_no_error (error);
  back = custcare_customer_repo_get (f->store, id, &error);
  g_assert_true (custcare_customer_get_archived (back));
  g_assert_cmpint (custcare_customer_get_updated_at (back), ==, f->now);
  g_assert_cmpint (custcare_customer_repo_count (f->store, TRUE, NULL), ==, 1);
  g_assert_cmpint (custcare_customer_repo_count (f->store, FALSE, NULL), ==, 0);

  g_assert_false (custcare_customer_repo_archive (f->store, id + 1, TRUE, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NOT_FOUND);
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
test_delete_refused_with_history (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr (CustcareCustomer) ada = make_ada ();
  g_autoptr (CustcareCustomer) bob = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *order_sql = NULL;
  g_autofree char *points_sql = NULL;
  gint64 ada_id, bob_id;

  custcare_customer_set_given_name (bob, "Bob");
  ada_id = custcare_customer_repo_insert (f->store, ada, NULL);
  bob_id = custcare_customer_repo_insert (f->store, bob, NULL);

  order_sql = g_strdup_printf ("INSERT INTO orders (number, customer_id, placed_at, created_at, updated_at) "
                               "VALUES ('A-1', %" G_GINT64_FORMAT ", 1, 1, 1)", ada_id);
  exec_ok (f->store, order_sql);
  g_assert_false (custcare_customer_repo_delete (f->store, ada_id, NULL, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_HAS_HISTORY);
  g_assert_nonnull (strstr (error->message, "Archive"));
  g_clear_error (&error);

  points_sql = g_strdup_printf ("INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind) "
                                "VALUES (%" G_GINT64_FORMAT ", 1, 10, 'opening')", bob_id);
  exec_ok (f->store, points_sql);
  g_assert_false (custcare_customer_repo_delete (f->store, bob_id, NULL, &error));
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_HAS_HISTORY);

  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customers", 0), ==, 2);
  g_assert_false (_custcare_store_in_transaction (f->store));
}

static char *
dump_customer (CustcareStore *store,
               gint64         id)
{
  /* Every column of every row that belongs to the customer, as text. */
  static const char *queries[] = {
    "SELECT * FROM customers WHERE id = ?1",
    "SELECT * FROM customer_phones WHERE customer_id = ?1 ORDER BY id",
    "SELECT * FROM customer_emails WHERE customer_id = ?1 ORDER BY id",
    "SELECT * FROM customer_tags WHERE customer_id = ?1 ORDER BY tag_id",
    "SELECT * FROM interactions WHERE customer_id = ?1 ORDER BY id",
    "SELECT id FROM outbox WHERE customer_id = ?1 ORDER BY id",
    "SELECT id FROM customers WHERE merged_into_id = ?1 ORDER BY id",
  };
  GString *out = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      sqlite3_prepare_v2 (_custcare_store_get_db (store), queries[q], -1, &stmt, NULL);
      sqlite3_bind_int64 (stmt, 1, id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int i = 0; i < sqlite3_column_count (stmt); i++)
            g_string_append_printf (out, "%s|", sqlite3_column_text (stmt, i) ? (const char *) sqlite3_column_text (stmt, i) : "∅");
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
      g_string_append (out, "--\n");
    }
  return g_string_free (out, FALSE);
}

static void
test_delete_and_restore (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (CustcareCustomer) ada = make_ada ();
  g_autoptr (CustcareCustomer) old = custcare_customer_new ();
  g_autoptr (CustcareCustomerSnapshot) undo = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  gint64 id, old_id;

  id = custcare_customer_repo_insert (f->store, ada, &error);
  g_assert_no_error (error);
  custcare_customer_set_given_name (old, "Ada (old record)");
  old_id = custcare_customer_repo_insert (f->store, old, &error);
  g_assert_no_error (error);

  sql = g_strdup_printf ("INSERT INTO interactions (customer_id, occurred_at, subject, created_at, updated_at) "
                         "VALUES (%1$" G_GINT64_FORMAT ", 100, 'Asked about gift cards', 100, 100), "
                         "(%1$" G_GINT64_FORMAT ", 200, 'Called back', 200, 200);"
                         "INSERT INTO outbox (customer_id, to_address, subject, body, created_at) "
                         "VALUES (%1$" G_GINT64_FORMAT ", 'ada@engines.example.com', 'Hi', 'Hello', 300);"
                         "UPDATE customers SET merged_into_id = %1$" G_GINT64_FORMAT ", archived = 1 "
                         "WHERE id = %2$" G_GINT64_FORMAT,
                         id, old_id);
  exec_ok (f->store, sql);
  before = dump_customer (f->store, id);

  g_assert_true (custcare_customer_repo_delete (f->store, id, &undo, &error));
  g_assert_no_error (error);
  g_assert_nonnull (undo);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customers WHERE id = ?1", id), ==, 0);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM interactions", 0), ==, 0);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM outbox WHERE customer_id IS NULL", 0), ==, 1);
  g_assert_cmpint (phone_match (f->store, "0102030"), ==, 0);

  g_assert_true (custcare_customer_repo_restore (f->store, undo, &error));
  g_assert_no_error (error);
  after = dump_customer (f->store, id);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (phone_match (f->store, "0102030"), ==, id);
  g_assert_cmpint (custcare_test_query_int (f->store, "PRAGMA foreign_key_check", 0), ==, -1);
}

static void
test_bulk_in_one_transaction (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 first = 0;

  g_assert_true (custcare_store_begin (f->store, &error));
  for (int i = 0; i < 500; i++)
    {
      g_autoptr (CustcareCustomer) c = custcare_customer_new ();
      g_autofree char *given = g_strdup_printf ("Given%d", i);
      g_autofree char *phone = g_strdup_printf ("555-01%02d-%04d", i % 100, i);
      gint64 id;

      custcare_customer_set_given_name (c, given);
      custcare_customer_set_family_name (c, "Bulk");
      custcare_customer_add_phone (c, "", phone);
      id = _custcare_customer_repo_insert_in_transaction (f->store, c, CUSTCARE_CUSTOMER_WRITE_SKIP_INDEX, &error);
      g_assert_no_error (error);
      if (first == 0)
        first = id;
    }
  /* Nothing is indexed until the rebuild, which happens inside the same transaction. */
  g_assert_cmpint (fts_match (f->store, "name : given499"), ==, 0);
  g_assert_true (_custcare_customer_reindex_all (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (custcare_store_commit (f->store, &error));

  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customers", 0), ==, 500);
  g_assert_cmpint (fts_match (f->store, "name : given499"), ==, first + 499);
  g_assert_cmpint (phone_match (f->store, "01990499"), ==, first + 499);

  /* A failed import rolls back whole. */
  g_assert_true (custcare_store_begin (f->store, &error));
  {
    g_autoptr (CustcareCustomer) good = custcare_customer_new ();
    g_autoptr (CustcareCustomer) bad = custcare_customer_new ();

    custcare_customer_set_given_name (good, "Good");
    g_assert_cmpint (_custcare_customer_repo_insert_in_transaction (f->store, good, 0, &error), >, 0);
    custcare_customer_set_given_name (bad, "Bad");
    custcare_customer_add_phone (bad, "", "not a phone");
    g_assert_cmpint (_custcare_customer_repo_insert_in_transaction (f->store, bad, 0, &error), ==, 0);
    g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_PHONE);
    custcare_store_rollback (f->store);
  }
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customers", 0), ==, 500);
  g_assert_cmpint (fts_match (f->store, "name : good"), ==, 0);
}

static void
test_record_basics (void)
{
  g_autoptr (CustcareCustomer) c = custcare_customer_new ();
  g_autoptr (CustcareCustomer) copy = NULL;
  g_autofree char *title = NULL;
  g_autofree char *sort_name = NULL;

  custcare_customer_set_company (c, "Corner Bakery");
  title = custcare_customer_dup_title (c);
  g_assert_cmpstr (title, ==, "Corner Bakery");
  sort_name = custcare_customer_dup_sort_name (c);
  g_assert_cmpstr (sort_name, ==, "corner bakery");

  custcare_customer_set_marketing_consent (c, TRUE, 1000);
  g_assert_cmpint (custcare_customer_get_marketing_consent_at (c), ==, 1000);
  /* Withdrawing consent drops its date. */
  custcare_customer_set_marketing_consent (c, FALSE, 1000);
  g_assert_cmpint (custcare_customer_get_marketing_consent_at (c), ==, 0);

  custcare_customer_add_phone (c, "Shop", "555 0100");
  custcare_customer_add_tag (c, "bakery");
  copy = custcare_customer_copy (c);
  custcare_customer_clear_phones (c);
  custcare_customer_remove_tag (c, "BAKERY");
  g_assert_cmpuint (custcare_customer_get_phones (copy)->len, ==, 1);
  g_assert_true (custcare_customer_has_tag (copy, "bakery"));
  g_assert_false (custcare_customer_has_tag (c, "bakery"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/customer/validation", test_validation);
  g_test_add_func ("/customer/phone-digits", test_phone_digits);
  g_test_add_func ("/customer/record", test_record_basics);
  g_test_add ("/customer/insert-get", Fixture, NULL, fixture_setup, test_insert_get, fixture_teardown);
  g_test_add ("/customer/index", Fixture, NULL, fixture_setup, test_index, fixture_teardown);
  g_test_add ("/customer/failed-writes", Fixture, NULL, fixture_setup, test_failed_writes_change_nothing,
              fixture_teardown);
  g_test_add ("/customer/archive", Fixture, NULL, fixture_setup, test_archive, fixture_teardown);
  g_test_add ("/customer/delete-refused", Fixture, NULL, fixture_setup, test_delete_refused_with_history,
              fixture_teardown);
  g_test_add ("/customer/delete-restore", Fixture, NULL, fixture_setup, test_delete_and_restore, fixture_teardown);
  g_test_add ("/customer/bulk", Fixture, NULL, fixture_setup, test_bulk_in_one_transaction, fixture_teardown);

  return g_test_run ();
}
