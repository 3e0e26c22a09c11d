/* test-import.c — CSV import (inspect, dry run, the one transaction, duplicates, cancel,
 * revert) and CSV export, on real SQLite files in a temporary folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "custcare-customer-merge.h"
#include "custcare-customer-private.h"
#include "custcare-export.h"
#include "custcare-import.h"

typedef struct
{
  char          *dir;
  CustcareStore *store;
  gint64         now;
} Fixture;

static gint64
fixed_clock (gpointer user_data)
{
  return ((Fixture *) user_data)->now;
}

static CustcareStore *
open_store (Fixture    *f,
            const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  CustcareStore *store = custcare_store_open (path, &error);

  g_assert_no_error (error);
  _custcare_store_set_clock (store, fixed_clock, f);
  return store;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("custcare-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->now = 1767225600;  /* 2026-01-01 */
  f->store = open_store (f, "shop.db");
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static gint64
query_int (CustcareStore *store,
           const char    *sql)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
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

static void
exec_ok (CustcareStore *store,
         const char    *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_custcare_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Everything the shop holds, to prove a failed or cancelled import changed nothing. */
static char *
shop_digest (CustcareStore *store)
{
  static const char *queries[] = {
    "SELECT count(*) || ':' || coalesce (group_concat (id || given_name || family_name || company || notes || "
    "coalesce (import_batch_id, '-'), '|'), '') FROM (SELECT * FROM customers ORDER BY id)",
    "SELECT count(*) || ':' || coalesce (group_concat (customer_id || number, '|'), '') FROM customer_phones",
    "SELECT count(*) || ':' || coalesce (group_concat (customer_id || address, '|'), '') FROM customer_emails",
    "SELECT count(*) FROM customer_tags",
    "SELECT count(*) FROM tags",
    "SELECT count(*) || ':' || coalesce (group_concat (customer_id || kind || delta, '|'), '') FROM loyalty_ledger",
    "SELECT count(*) || ':' || coalesce (group_concat (id || source_name || row_count || coalesce (reverted_at, '-'), "
    "'|'), '') FROM import_batches",
    "SELECT count(*) FROM customer_search WHERE customer_search MATCH 'import*'",
  };
  GString *digest = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *part = query_text (store, queries[i]);
      g_string_append_printf (digest, "%s\n", part);
    }
  return g_string_free (digest, FALSE);
}

static gint64
add_customer (Fixture    *f,
              const char *given,
              const char *family,
              const char *phone,
              const char *email)
{
  g_autoptr (CustcareCustomer) c = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_customer_set_given_name (c, given);
  custcare_customer_set_family_name (c, family);
  if (phone != NULL)
    custcare_customer_add_phone (c, "Mobile", phone);
  if (email != NULL)
    custcare_customer_add_email (c, "", email);
  id = custcare_customer_repo_insert (f->store, c, &error);
  g_assert_no_error (error);
  return id;
}

static CustcareImport *
inspected (Fixture    *f,
           const char *name,
           const char *contents)
{
  g_autoptr (GFile) file = write_file (f, name, contents, -1);
  g_autoptr (GError) error = NULL;
  CustcareImport *import = custcare_import_new ();

  custcare_import_inspect (import, file, NULL, &error);
  g_assert_no_error (error);
  return import;
}

static CustcareImportResult *
run_ok (CustcareImport *import,
        CustcareStore  *store)
{
  g_autoptr (GError) error = NULL;
  CustcareImportResult *result = custcare_import_run (import, store, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static CustcareCustomer *
find_by_email (CustcareStore *store,
               const char    *email)
{
  g_autoptr (CustcareStmt) stmt =
    _custcare_store_prepare (store, "SELECT customer_id FROM customer_emails WHERE address = ?1", NULL);
  gint64 id;

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("No customer with %s", email);
  id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _custcare_stmt_reset);
  return custcare_customer_repo_get (store, id, NULL);
}

/* Inspect ---------------------------------------------------------------------------------------- */

static void
test_inspect (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (CustcareImport) import = NULL;

  import = inspected (f, "kunden.csv",
                      "\xEF\xBB\xBFVorname;Nachname;E-Mail;Telefon;Handy;Firma;Straße;PLZ;Ort;Geburtstag;"
                      "Notizen;Tags;Punkte;Kundennummer\n"
                      "Jürgen;Müller;jm@example.de;0221 123456;0170 1234567;;Hauptstr. 1;50667;Köln;07.03.1984;"
                      "\"mag Kaffee; schwarz\";VIP;120;K-1\n"
                      "Anna;Schmidt;anna@example.de;;;Bäckerei Schmidt;;;;;;;;K-2\n");

  g_assert_cmpint (custcare_import_get_format (import)->delimiter, ==, ';');
  g_assert_cmpint (custcare_import_get_format (import)->encoding, ==, CUSTCARE_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpuint (custcare_import_get_n_rows (import), ==, 2);
  g_assert_cmpuint (custcare_import_get_n_columns (import), ==, 14);
  g_assert_cmpstr (custcare_import_get_column_header (import, 0), ==, "Vorname");
  g_assert_cmpint (custcare_import_get_column_field (import, 0), ==, CUSTCARE_IMPORT_FIELD_GIVEN_NAME);
  g_assert_cmpint (custcare_import_get_column_field (import, 1), ==, CUSTCARE_IMPORT_FIELD_FAMILY_NAME);
  g_assert_cmpint (custcare_import_get_column_field (import, 2), ==, CUSTCARE_IMPORT_FIELD_EMAIL);
  g_assert_cmpint (custcare_import_get_column_field (import, 3), ==, CUSTCARE_IMPORT_FIELD_PHONE);
  g_assert_cmpint (custcare_import_get_column_field (import, 4), ==, CUSTCARE_IMPORT_FIELD_PHONE);
  g_assert_cmpstr (custcare_import_get_column_label (import, 4), ==, "Mobile");
  g_assert_cmpint (custcare_import_get_column_field (import, 5), ==, CUSTCARE_IMPORT_FIELD_COMPANY);
  g_assert_cmpint (custcare_import_get_column_field (import, 6), ==, CUSTCARE_IMPORT_FIELD_STREET);
  g_assert_cmpint (custcare_import_get_column_field (import, 7), ==, CUSTCARE_IMPORT_FIELD_POSTAL_CODE);
  g_assert_cmpint (custcare_import_get_column_field (import, 8), ==, CUSTCARE_IMPORT_FIELD_LOCALITY);
  g_assert_cmpint (custcare_import_get_column_field (import, 9), ==, CUSTCARE_IMPORT_FIELD_BIRTHDAY);
  g_assert_cmpint (custcare_import_get_column_field (import, 10), ==, CUSTCARE_IMPORT_FIELD_NOTES);
  g_assert_cmpint (custcare_import_get_column_field (import, 11), ==, CUSTCARE_IMPORT_FIELD_TAGS);
  g_assert_cmpint (custcare_import_get_column_field (import, 12), ==, CUSTCARE_IMPORT_FIELD_POINTS);
  g_assert_cmpint (custcare_import_get_column_field (import, 13), ==, CUSTCARE_IMPORT_FIELD_IGNORE);
  /* Dots: day first, nothing to ask. */
  g_assert_false (custcare_import_get_date_order_ambiguous (import));
  g_assert_cmpint (custcare_import_get_date_order (import), ==, CUSTCARE_DATE_ORDER_DMY);
  g_assert_cmpstr (custcare_import_get_preview_row (import, 0)[0], ==, "Jürgen");
  g_assert_cmpstr (custcare_import_get_preview_row (import, 1)[5], ==, "Bäckerei Schmidt");
  g_assert_null (custcare_import_get_preview_row (import, 2));
}

static void
test_date_order (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (CustcareImport) ambiguous = NULL;
  g_autoptr (CustcareImport) day_first = NULL;
  g_autoptr (CustcareImport) month_first = NULL;
  g_autoptr (CustcareImportResult) result = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareCustomer) ada = NULL;
  g_autoptr (CustcareCustomer) bob = NULL;
  int y, m, d;

  /* Every date has both parts ≤ 12: the file cannot say, the caller must. */
  ambiguous = inspected (f, "a.csv",
                         "Name,Email,Birthday\nAda,ada@example.com,05/06/1990\nBob,bob@example.com,11/12/1985\n"
                         "Cleo,cleo@example.com,1980-01-02\n");
  g_assert_true (custcare_import_get_date_order_ambiguous (ambiguous));
  g_assert_cmpint (custcare_import_get_date_order (ambiguous), ==, CUSTCARE_DATE_ORDER_UNKNOWN);
  problems = custcare_import_dry_run (ambiguous, f->store, NULL, NULL, NULL, &error);
  g_assert_null (problems);
  g_assert_error (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_DATE_ORDER);
  g_clear_error (&error);
  g_assert_null (custcare_import_run (ambiguous, f->store, NULL, NULL, NULL, &error));
  g_assert_error (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_DATE_ORDER);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 0);

  custcare_import_set_date_order (ambiguous, CUSTCARE_DATE_ORDER_MDY);
  g_assert_cmpint (custcare_import_get_date_order (ambiguous), ==, CUSTCARE_DATE_ORDER_MDY);
  result = run_ok (ambiguous, f->store);
  g_assert_cmpuint (result->n_imported, ==, 3);
  ada = find_by_email (f->store, "ada@example.com");
  custcare_customer_get_birthday (ada, &y, &m, &d);
  g_assert_cmpint (y, ==, 1990);
  g_assert_cmpint (m, ==, 5);
  g_assert_cmpint (d, ==, 6);

  /* One date with a day over 12 settles it. */
  day_first = inspected (f, "d.csv", "Name,Birthday\nAda,05/06/1990\nBob,25/12/1985\n");
  g_assert_false (custcare_import_get_date_order_ambiguous (day_first));
  g_assert_cmpint (custcare_import_get_date_order (day_first), ==, CUSTCARE_DATE_ORDER_DMY);
  month_first = inspected (f, "m.csv", "Name,Birthday\nAda,05/06/1990\nBob,12/25/1985\n");
  g_assert_cmpint (custcare_import_get_date_order (month_first), ==, CUSTCARE_DATE_ORDER_MDY);

  /* The order only matters for mapped date columns: unmapped, nothing is asked. */
  custcare_import_set_column_field (ambiguous, 2, CUSTCARE_IMPORT_FIELD_IGNORE);
  custcare_import_set_date_order (ambiguous, CUSTCARE_DATE_ORDER_UNKNOWN);
  g_assert_false (custcare_import_get_date_order_ambiguous (ambiguous));
  (void) bob;
}

/* Dry run ---------------------------------------------------------------------------------------- */

typedef struct
{
  guint       row;
  guint       line;
  const char *column;
  const char *value;
  const char *reason;
} ExpectedProblem;

static void
test_dry_run_problems (Fixture       *f,
                       gconstpointer  data)
{
  static const ExpectedProblem expected[] = {
    { 3, 3, "E-Mail", "bob(at)example.com", "not an email address" },
    { 4, 4, "Geburtstag", "31.02.1990", "not a date" },
    { 4, 4, "Telefon", "call me", "not a phone number" },
    { 5, 5, "", "", "A customer needs a name" },
    { 6, 8, "Punkte", "-20", "cannot be negative" },
  };
  g_autoptr (CustcareImport) import = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = shop_digest (f->store);
  g_autofree char *after = NULL;

  import = inspected (f, "kunden.csv",
                      "Vorname,Nachname,E-Mail,Telefon,Geburtstag,Notizen,Punkte,Newsletter\n"
                      "Ada,Lovelace,ada@example.com,+44 20 7946 0001,10.12.1985,,100,ja\n"
                      "Bob,Smith,bob(at)example.com,,,,,\n"
                      "Cleo,Jones,,call me,31.02.1990,,,\n"
                      ",,,,,\"a note\nover two\nlines\",,\n"
                      "Dan,Brown,dan@example.com,,,,-20,vielleicht\n"
                      ",,,,,,,\n"
                      "Eve,Adams,eve@example.com,,,,,\n");
  g_assert_cmpuint (custcare_import_get_n_rows (import), ==, 7);

  problems = custcare_import_dry_run (import, f->store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    {
      CustcareImportProblem *p = g_ptr_array_index (problems, i);
      g_test_message ("row %u line %u “%s” “%s”: %s", p->row, p->line, p->column, p->value, p->reason);
    }
  g_assert_cmpuint (problems->len, ==, 6);
  for (guint i = 0; i < 5; i++)
    {
      CustcareImportProblem *p = g_ptr_array_index (problems, i);

      g_assert_cmpint (p->kind, ==, CUSTCARE_IMPORT_PROBLEM_INVALID);
      g_assert_cmpuint (p->row, ==, expected[i].row);
      g_assert_cmpuint (p->line, ==, expected[i].line);
      g_assert_cmpstr (p->column, ==, expected[i].column);
      g_assert_cmpstr (p->value, ==, expected[i].value);
      if (strstr (p->reason, expected[i].reason) == NULL)
        g_error ("Row %u: “%s” does not say “%s”", p->row, p->reason, expected[i].reason);
    }
  /* Dan's row has a second problem: "vielleicht" is neither yes nor no. */
  {
    CustcareImportProblem *p = g_ptr_array_index (problems, 5);

    g_assert_cmpuint (p->row, ==, 6);
    g_assert_cmpstr (p->column, ==, "Newsletter");
    g_assert_cmpstr (p->value, ==, "vielleicht");
    g_assert_nonnull (strstr (p->reason, "yes or no"));
  }

  /* A dry run writes nothing. */
  after = shop_digest (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* The rows are read and checked a few batches ahead on a thread of their own (one core: in
 * turn, CUSTCARE_IMPORT_ONE_THREAD forces that here). Either way gives the same problems, in
 * file order, and the same shop, over many batches. */
static char *
problems_text (GPtrArray *problems)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      CustcareImportProblem *p = g_ptr_array_index (problems, i);

      g_string_append_printf (text, "%u/%u %d %s “%s” %s\n", p->row, p->line, p->kind, p->column, p->value, p->reason);
    }
  return g_string_free (text, FALSE);
}

static void
test_read_ahead (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GString) csv = g_string_new ("Vorname;Nachname;E-Mail;Telefon;Punkte\n");
  char *problems[2] = { NULL, NULL };
  char *digests[2] = { NULL, NULL };
  g_autoptr (CustcareImport) import = NULL;

  for (guint i = 1; i <= 3000; i++)
    {
      if (i % 97 == 0)
        g_string_append_printf (csv, "Bad%u;Row;not-an-email;;%u\n", i, i);
      else if (i % 331 == 0)  /* the same email as a row one or more batches before */
        g_string_append_printf (csv, "Again%u;Row;p%u@example.com;;\n", i, i - 300);
      else
        g_string_append_printf (csv, "Imported%u;\"Row\nline\";p%u@example.com;+49 30 %07u;%u\n", i, i, i, i % 50);
    }
  import = inspected (f, "many.csv", csv->str);
  g_assert_cmpuint (custcare_import_get_n_rows (import), ==, 3000);
  custcare_import_set_import_points (import, TRUE);

  for (guint way = 0; way < 2; way++)
    {
      g_autoptr (CustcareStore) store = open_store (f, way == 0 ? "threads.db" : "one-thread.db");
      g_autoptr (GPtrArray) found = NULL;
      g_autoptr (CustcareImportResult) result = NULL;
      g_autoptr (GError) error = NULL;

      if (way == 1)
        g_setenv ("CUSTCARE_IMPORT_ONE_THREAD", "1", TRUE);
      found = custcare_import_dry_run (import, store, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      problems[way] = problems_text (found);
      result = run_ok (import, store);
      g_unsetenv ("CUSTCARE_IMPORT_ONE_THREAD");

      g_assert_cmpuint (result->n_rows, ==, 3000);
      g_assert_cmpuint (result->n_skipped_problems, ==, 3000 / 97);
      g_assert_cmpuint (result->n_skipped_duplicates, ==, 9);  /* 331, 662, …, 2979 */
      g_assert_cmpuint (result->n_imported, ==, 3000 - 3000 / 97 - 9);
      digests[way] = shop_digest (store);
    }
  g_assert_cmpuint (strlen (problems[0]), >, 0);
  g_assert_cmpstr (problems[0], ==, problems[1]);
  g_assert_cmpstr (digests[0], ==, digests[1]);
  /* In file order, numbered as a spreadsheet shows them (the header is row 1): the first bad row
   * is data row 97, the last 2910 (30 × 97). */
  g_assert_true (g_str_has_prefix (problems[0], "98/"));
  g_assert_nonnull (strstr (problems[0], "\n2911/"));
  for (guint way = 0; way < 2; way++)
    {
      g_free (problems[way]);
      g_free (digests[way]);
    }
}

/* Import ------------------------------------------------------------------------------------------ */

static void
test_import_one_batch (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (CustcareImport) import = NULL;
  g_autoptr (CustcareImportResult) result = NULL;
  g_autoptr (CustcareCustomer) ada = NULL;
  g_autoptr (CustcareCustomer) corner = NULL;
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
  g_autoptr (GArray) found = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *source_expected = NULL;
  CustcareContact *phone;
  int y, m, d;

  add_customer (f, "Existing", "Person", NULL, "existing@example.com");
  import = inspected (f, "shop export.csv",
                      "First name,Last name,Company,Mobile,Work phone,Email,Birthday,Tags,Points,Marketing consent,"
                      "Consent date,Do not contact\n"
                      "Ada,Lovelace,,+44 7700 900001,020 7946 0001,ada@example.com,--12-10,\"VIP, tea\",250,yes,"
                      "2025-06-01T09:30:00Z,no\n"
                      ",,Corner Bakery,,0221 555 0102,,,wholesale,0,no,,yes\n"
                      "Bob,Smith,,,,bob@example.com,1970-01-31,,,,,\n");
  result = run_ok (import, f->store);

  g_assert_cmpint (result->batch_id, >, 0);
  g_assert_cmpuint (result->n_rows, ==, 3);
  g_assert_cmpuint (result->n_imported, ==, 3);
  g_assert_cmpuint (result->n_skipped_problems, ==, 0);
  g_assert_cmpint (result->points_imported, ==, 250);
  g_assert_cmpuint (result->problems->len, ==, 0);

  /* The batch row, and every new customer points at it. */
  source = query_text (f->store, "SELECT kind || '|' || source_name || '|' || row_count || '|' || created_at "
                                 "FROM import_batches");
  g_assert_cmpstr (source, ==, "csv|shop export.csv|3|1767225600");
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers WHERE import_batch_id IS NOT NULL"), ==, 3);
  g_assert_cmpint (custcare_import_get_last_batch (f->store, NULL), ==, result->batch_id);

  ada = find_by_email (f->store, "ada@example.com");
  g_assert_cmpint (custcare_customer_get_import_batch_id (ada), ==, result->batch_id);
  g_assert_cmpuint (custcare_customer_get_phones (ada)->len, ==, 2);
  phone = g_ptr_array_index (custcare_customer_get_phones (ada), 0);
  g_assert_cmpstr (phone->label, ==, "Mobile");
  g_assert_cmpstr (phone->value, ==, "+44 7700 900001");
  phone = g_ptr_array_index (custcare_customer_get_phones (ada), 1);
  g_assert_cmpstr (phone->label, ==, "Work");
  custcare_customer_get_birthday (ada, &y, &m, &d);
  g_assert_cmpint (y, ==, 0);
  g_assert_cmpint (m, ==, 12);
  g_assert_cmpint (d, ==, 10);
  g_assert_true (custcare_customer_has_tag (ada, "VIP"));
  g_assert_true (custcare_customer_has_tag (ada, "tea"));
  g_assert_true (custcare_customer_get_marketing_consent (ada));
  g_assert_cmpint (custcare_customer_get_marketing_consent_at (ada), ==, 1748770200);
  g_assert_false (custcare_customer_get_do_not_contact (ada));

  /* Opening points: one ledger row of kind 'opening' with the batch. */
  reason = query_text (f->store, "SELECT kind || '|' || delta || '|' || import_batch_id || '|' || reason "
                                 "FROM loyalty_ledger");
  source_expected = g_strdup_printf ("opening|250|%" G_GINT64_FORMAT "|Opening balance imported from "
                                     "“shop export.csv”", result->batch_id);
  g_assert_cmpstr (reason, ==, source_expected);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM loyalty_ledger"), ==, 1);

  corner = custcare_customer_repo_get (f->store, custcare_customer_get_id (ada) + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (custcare_customer_get_company (corner), ==, "Corner Bakery");
  g_assert_true (custcare_customer_get_do_not_contact (corner));

  /* The search index was brought up to date once, at the end. */
  query->text = g_strdup ("lovel");
  found = custcare_customer_search (f->store, query, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, custcare_customer_get_id (ada));
  g_clear_pointer (&found, g_array_unref);
  g_free (query->text);
  query->text = g_strdup ("existing");
  found = custcare_customer_search (f->store, query, NULL, NULL, &error);
  g_assert_cmpuint (found->len, ==, 1);
}

static void
test_import_abort_on_problem (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr (CustcareImport) import = NULL;
  g_autoptr (CustcareImportResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_customer (f, "Existing", "Person", NULL, "existing@example.com");
  before = shop_digest (f->store);
  import = inspected (f, "bad.csv", "Name,Email,Points\nAda,ada@example.com,10\nBob,not-an-email,5\nCleo,,7\n");

  custcare_import_set_problems (import, CUSTCARE_IMPORT_PROBLEMS_ABORT);
  result = custcare_import_run (import, f->store, NULL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_PROBLEMS);
  g_assert_nonnull (strstr (error->message, "Row 3, column “Email”"));
  g_assert_nonnull (strstr (error->message, "Nothing was imported"));
  after = shop_digest (f->store);
  g_assert_cmpstr (before, ==, after);

  /* Skipping instead: the good rows go in, the bad one is reported. */
  custcare_import_set_problems (import, CUSTCARE_IMPORT_PROBLEMS_SKIP_ROWS);
  result = run_ok (import, f->store);
  g_assert_cmpuint (result->n_imported, ==, 2);
  g_assert_cmpuint (result->n_skipped_problems, ==, 1);
  g_assert_cmpuint (result->problems->len, ==, 1);
  g_assert_cmpuint (((CustcareImportProblem *) g_ptr_array_index (result->problems, 0))->row, ==, 3);
  g_assert_cmpint (query_int (f->store, "SELECT sum (delta) FROM loyalty_ledger"), ==, 17);
}

static void
test_import_error_midway (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GString) csv = g_string_new ("First name,Last name,Email,Phone,Points\n");
  g_autoptr (CustcareImport) import = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_customer (f, "Existing", "Person", "0221 999 0000", "existing@example.com");
  for (guint i = 1; i <= 1000; i++)
    g_string_append_printf (csv, "%s,Import%u,c%u@example.com,0221 %07u,%u\n", i == 700 ? "Boom" : "Cust", i, i, i, i);
  file = write_file (f, "big.csv", csv->str, csv->len);
  import = custcare_import_new ();
  custcare_import_inspect (import, file, NULL, &error);
  g_assert_no_error (error);

  /* The database refuses row 701 (as a full disk or a broken file would): nothing may stay. */
  exec_ok (f->store, "CREATE TRIGGER boom BEFORE INSERT ON customers WHEN NEW.given_name = 'Boom' "
                     "BEGIN SELECT RAISE (ABORT, 'boom'); END");
  before = shop_digest (f->store);
  g_assert_null (custcare_import_run (import, f->store, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Row 701"));
  after = shop_digest (f->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (_custcare_store_in_transaction (f->store));
  g_assert_cmpint (custcare_import_get_last_batch (f->store, NULL), ==, 0);
}

static void
test_duplicates_skip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (CustcareImport) import = NULL;
  g_autoptr (CustcareImportResult) result = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  gint64 ada = add_customer (f, "Ada", "Lovelace", "+44 20 7946 0001", "ada@example.com");
  gint64 bob = add_customer (f, "Bob", "Smith", "+1 (555) 444-1234", "bob@example.com");
  CustcareImportProblem *p;
  const char *csv =
    "Name,Email,Phone\n"
    "Ada L.,ADA@example.com,\n"          /* same email, other case */
    "Robert Smith,,555.444.1234\n"      /* same phone, without country code */
    "Cleo Jones,cleo@example.com,\n"
    "Cleo J.,cleo@example.com,\n"        /* same as row 4 of the file */
    "Dan Brown,dan@example.com,\n";

  import = inspected (f, "dups.csv", csv);
  problems = custcare_import_dry_run (import, f->store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 3);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpint (p->kind, ==, CUSTCARE_IMPORT_PROBLEM_DUPLICATE);
  g_assert_cmpuint (p->row, ==, 2);
  g_assert_cmpint (p->duplicate_of, ==, ada);
  g_assert_nonnull (strstr (p->reason, "Ada Lovelace"));
  g_assert_nonnull (strstr (p->reason, "same email"));
  p = g_ptr_array_index (problems, 1);
  g_assert_cmpuint (p->row, ==, 3);
  g_assert_cmpint (p->duplicate_of, ==, bob);
  g_assert_nonnull (strstr (p->reason, "same phone"));
  p = g_ptr_array_index (problems, 2);
  g_assert_cmpuint (p->row, ==, 5);
  g_assert_cmpstr (p->value, ==, "cleo@example.com");
  g_assert_nonnull (strstr (p->reason, "Row 4"));

  result = run_ok (import, f->store);
  g_assert_cmpuint (result->n_imported, ==, 2);
  g_assert_cmpuint (result->n_skipped_duplicates, ==, 3);
  g_assert_cmpuint (result->problems->len, ==, 3);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 4);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customer_emails WHERE address = 'cleo@example.com'"),
                   ==, 1);
}

static void
test_duplicates_merge (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (CustcareImport) import = NULL;
  g_autoptr (CustcareImportResult) result = NULL;
  g_autoptr (CustcareCustomer) ada = NULL;
  g_autoptr (GError) error = NULL;
  gint64 ada_id = add_customer (f, "Ada", "Lovelace", "+44 20 7946 0001", "ada@example.com");
  GPtrArray *phones;

  import = inspected (f, "merge.csv",
                      "First name,Last name,Company,Email,Email 2,Mobile,Phone,Tags,City,Points\n"
                      "Augusta,King,Analytical Engines,ada@example.com,ada@work.example.com,020 7946 0001,"
                      "+44 7700 900123,VIP,London,500\n"
                      "Babbage,,Engines Ltd,charles@example.com,,,,,,\n");
  custcare_import_set_duplicates (import, CUSTCARE_IMPORT_DUPLICATES_MERGE);
  result = run_ok (import, f->store);
  g_assert_cmpuint (result->n_merged, ==, 1);
  g_assert_cmpuint (result->n_imported, ==, 1);
  g_assert_cmpuint (result->problems->len, ==, 0);
  /* Points of a merged row are not added to an existing customer's history. */
  g_assert_cmpint (result->points_imported, ==, 0);

  ada = custcare_customer_repo_get (f->store, ada_id, &error);
  g_assert_no_error (error);
  /* Filled where empty, never overwritten. */
  g_assert_cmpstr (custcare_customer_get_given_name (ada), ==, "Ada");
  g_assert_cmpstr (custcare_customer_get_family_name (ada), ==, "Lovelace");
  g_assert_cmpstr (custcare_customer_get_company (ada), ==, "Analytical Engines");
  g_assert_cmpstr (custcare_customer_get_address_locality (ada), ==, "London");
  g_assert_true (custcare_customer_has_tag (ada, "VIP"));
  g_assert_cmpuint (custcare_customer_get_emails (ada)->len, ==, 2);
  /* 020 7946 0001 is the number she has (without country code); the mobile is new. */
  phones = custcare_customer_get_phones (ada);
  g_assert_cmpuint (phones->len, ==, 2);
  g_assert_cmpstr (((CustcareContact *) g_ptr_array_index (phones, 1))->value, ==, "+44 7700 900123");
  g_assert_cmpint (custcare_customer_get_import_batch_id (ada), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM loyalty_ledger"), ==, 0);
}

/* Cancel ------------------------------------------------------------------------------------------ */

typedef struct
{
  GCancellable *cancellable;
  double        cancel_at;
  guint         calls;
  double        last;
  GThread      *thread;
} ProgressProbe;

static void
cancel_on_progress (double   fraction,
                    gpointer user_data)
{
  ProgressProbe *probe = user_data;

  g_assert_cmpfloat (fraction, >=, probe->last);
  probe->last = fraction;
  probe->calls++;
  if (probe->thread != NULL)
    g_assert_true (g_thread_self () == probe->thread);
  if (probe->cancellable != NULL && fraction >= probe->cancel_at)
    g_cancellable_cancel (probe->cancellable);
}

static GFile *
write_big_file (Fixture *f,
                guint    rows)
{
  g_autoptr (GString) csv = g_string_new ("First name,Last name,Email,Phone,Notes,Points\n");

  for (guint i = 1; i <= rows; i++)
    g_string_append_printf (csv, "Imported%u,Person%u,p%u@example.com,0221 %07u,\"note, with comma\",%u\n", i, i, i,
                            i, i % 50);
  return write_file (f, "big.csv", csv->str, csv->len);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (CustcareImport) import = custcare_import_new ();
  g_autoptr (GFile) file = write_big_file (f, 20000);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  ProgressProbe probe = { cancellable, 0.0, 0, 0.0, NULL };

  add_customer (f, "Existing", "Person", NULL, "existing@example.com");
  custcare_import_inspect (import, file, NULL, &error);
  g_assert_no_error (error);
  custcare_import_set_duplicates (import, CUSTCARE_IMPORT_DUPLICATES_IMPORT);
  before = shop_digest (f->store);

  g_assert_null (custcare_import_run (import, f->store, cancel_on_progress, &probe, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (probe.calls, >, 0);
  g_assert_cmpfloat (probe.last, <, 1.0);
  after = shop_digest (f->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (_custcare_store_in_transaction (f->store));
  g_clear_error (&error);

  /* Into an empty shop (where the indexes are built at the end): cancelled, the same. */
  {
    g_autoptr (CustcareStore) empty = open_store (f, "empty.db");
    g_autoptr (GCancellable) again = g_cancellable_new ();
    g_autofree char *empty_before = shop_digest (empty);
    g_autofree char *empty_after = NULL;
    g_autofree char *schema_before = query_text (empty, "SELECT group_concat (name, '|') FROM sqlite_schema");
    g_autofree char *schema_after = NULL;
    ProgressProbe probe2 = { again, 0.0, 0, 0.0, NULL };

    g_assert_null (custcare_import_run (import, empty, cancel_on_progress, &probe2, again, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    empty_after = shop_digest (empty);
    schema_after = query_text (empty, "SELECT group_concat (name, '|') FROM sqlite_schema");
    g_assert_cmpstr (empty_before, ==, empty_after);
    g_assert_cmpstr (schema_before, ==, schema_after);
  }

  /* Cancelled before it starts: the same. */
  g_assert_null (custcare_import_run (import, f->store, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_free (after);
  after = shop_digest (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* Async, on worker connections, with progress in the caller's thread. */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static void
wait_for (Waiter *waiter)
{
  g_clear_object (&waiter->result);
  g_main_loop_run (waiter->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (CustcareImport) import = custcare_import_new ();
  g_autoptr (GFile) file = write_big_file (f, 3000);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (CustcareImportResult) result = NULL;
  g_autoptr (CustcareImportRevertResult) reverted = NULL;
  g_autoptr (GError) error = NULL;
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };
  ProgressProbe probe = { NULL, 0, 0, 0.0, g_thread_self () };
  g_autofree char *before_indexes = query_text (f->store, "SELECT group_concat (name || sql, '|') FROM "
                                                          "(SELECT * FROM sqlite_schema WHERE type = 'index' "
                                                          "ORDER BY name)");
  g_autofree char *after_indexes = NULL;

  custcare_import_inspect_async (import, file, NULL, got_result, &waiter);
  wait_for (&waiter);
  g_assert_true (custcare_import_inspect_finish (import, waiter.result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (custcare_import_get_n_rows (import), ==, 3000);

  custcare_import_dry_run_async (import, f->store, cancel_on_progress, &probe, NULL, NULL, got_result, &waiter);
  wait_for (&waiter);
  problems = custcare_import_dry_run_finish (import, waiter.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpfloat (probe.last, ==, 1.0);

  probe.last = 0.0;
  probe.calls = 0;
  custcare_import_run_async (import, f->store, cancel_on_progress, &probe, NULL, NULL, got_result, &waiter);
  wait_for (&waiter);
  result = custcare_import_run_finish (import, waiter.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_imported, ==, 3000);
  g_assert_cmpuint (probe.calls, >=, 1);
  g_assert_cmpfloat (probe.last, ==, 1.0);
  /* Written by the worker connection, seen by this one. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 3000);
  /* A bulk load into an empty shop built the secondary indexes at the end: all back, and used. */
  after_indexes = query_text (f->store, "SELECT group_concat (name || sql, '|') FROM "
                                        "(SELECT * FROM sqlite_schema WHERE type = 'index' ORDER BY name)");
  g_assert_cmpstr (before_indexes, ==, after_indexes);
  custcare_store_verify (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customer_emails WHERE address = 'p2999@example.com'"),
                   ==, 1);
  /* The search index was merged into one piece, and merges as it goes again afterwards. */
  g_assert_cmpint (query_int (f->store, "SELECT coalesce ((SELECT v FROM customer_search_config "
                                        "WHERE k = 'automerge'), 4)"), ==, 4);
  g_assert_cmpint (query_int (f->store, "SELECT coalesce ((SELECT v FROM customer_phone_search_config "
                                        "WHERE k = 'automerge'), 4)"), ==, 4);
  {
    g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
    g_autoptr (GArray) found = NULL;

    query->text = g_strdup ("Imported2999");
    found = custcare_customer_search (f->store, query, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
  }

  custcare_import_revert_async (f->store, result->batch_id, NULL, got_result, &waiter);
  wait_for (&waiter);
  reverted = custcare_import_revert_finish (f->store, waiter.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reverted->n_removed, ==, 3000);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 0);

  g_clear_object (&waiter.result);
  g_main_loop_unref (waiter.loop);
}

/* Revert ------------------------------------------------------------------------------------------ */

static void
test_revert (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (CustcareImport) first = NULL;
  g_autoptr (CustcareImport) second = NULL;
  g_autoptr (CustcareImportResult) a = NULL;
  g_autoptr (CustcareImportResult) b = NULL;
  g_autoptr (CustcareImportRevertResult) reverted = NULL;
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
  g_autoptr (GArray) found = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 existing = add_customer (f, "Existing", "Person", NULL, "existing@example.com");
  gint64 called, adjusted;

  first = inspected (f, "first.csv",
                     "Name,Email,Points\nAnna Unused,anna@example.com,100\nCarl Called,carl@example.com,50\n"
                     "Paula Points,paula@example.com,30\nOtto Untouched,otto@example.com,\n");
  a = run_ok (first, f->store);
  f->now += 60;
  second = inspected (f, "second.csv", "Name,Email,Points\nSecond One,s1@example.com,5\nSecond Two,s2@example.com,\n");
  b = run_ok (second, f->store);
  g_assert_cmpint (custcare_import_get_last_batch (f->store, NULL), ==, b->batch_id);

  /* Since the import: Carl was called, Paula spent points. */
  called = query_int (f->store, "SELECT customer_id FROM customer_emails WHERE address = 'carl@example.com'");
  adjusted = query_int (f->store, "SELECT customer_id FROM customer_emails WHERE address = 'paula@example.com'");
  sql = g_strdup_printf ("INSERT INTO interactions (customer_id, occurred_at, created_at, updated_at) "
                         "VALUES (%" G_GINT64_FORMAT ", 1767300000, 1767300000, 1767300000);"
                         "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind, reason) "
                         "VALUES (%" G_GINT64_FORMAT ", 1767300000, -10, 'adjust', 'gift');",
                         called, adjusted);
  exec_ok (f->store, sql);

  /* The ledger still refuses to lose an opening row of a batch that is not reverted. */
  {
    char *message = NULL;

    g_assert_cmpint (sqlite3_exec (_custcare_store_get_db (f->store),
                                   "DELETE FROM loyalty_ledger WHERE kind = 'opening'", NULL, NULL, &message) & 0xff,
                     ==, SQLITE_CONSTRAINT);
    g_assert_nonnull (strstr (message, "cannot be deleted"));
    sqlite3_free (message);
  }

  reverted = custcare_import_revert (f->store, a->batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reverted->n_removed, ==, 2);
  g_assert_cmpuint (reverted->n_kept, ==, 2);
  g_assert_cmpint (g_array_index (reverted->kept_ids, gint64, 0), ==, called);
  g_assert_cmpint (g_array_index (reverted->kept_ids, gint64, 1), ==, adjusted);
  g_test_message ("%s", reverted->kept_reason);
  g_assert_cmpstr (reverted->kept_reason, ==,
                   "2 customers were kept because they were used since the import: 1 has interactions, "
                   "1 earned or spent points.");

  /* Exactly that batch's unused customers are gone, with their opening points and search rows. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 5);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customer_emails WHERE address IN "
                                        "('anna@example.com', 'otto@example.com')"), ==, 0);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM customers WHERE id = %" G_GINT64_FORMAT, existing);
  g_assert_cmpint (query_int (f->store, sql), ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM loyalty_ledger WHERE kind = 'opening'"), ==, 3);
  g_assert_cmpint (query_int (f->store, "SELECT sum (delta) FROM loyalty_ledger"), ==, 50 + 30 - 10 + 5);
  query->text = g_strdup ("anna");
  found = custcare_customer_search (f->store, query, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);
  g_free (query->text);
  query->text = g_strdup ("carl");
  found = custcare_customer_search (f->store, query, NULL, NULL, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT reverted_at FROM import_batches WHERE id = %" G_GINT64_FORMAT, a->batch_id);
  g_assert_cmpint (query_int (f->store, sql), ==, f->now);

  /* Even for a reverted batch, the opening row of a customer with other points history stays. */
  {
    char *message = NULL;
    g_autofree char *del = g_strdup_printf ("DELETE FROM loyalty_ledger WHERE kind = 'opening' AND customer_id = %"
                                            G_GINT64_FORMAT, adjusted);

    g_assert_cmpint (sqlite3_exec (_custcare_store_get_db (f->store), del, NULL, NULL, &message) & 0xff, ==,
                     SQLITE_CONSTRAINT);
    sqlite3_free (message);
  }

  /* Once only; the other batch is now the last one, and reverts whole. */
  g_clear_pointer (&reverted, custcare_import_revert_result_free);
  g_assert_null (custcare_import_revert (f->store, a->batch_id, &error));
  g_assert_error (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_ALREADY_REVERTED);
  g_clear_error (&error);
  g_assert_null (custcare_import_revert (f->store, 9999, &error));
  g_assert_error (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_BATCH_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (custcare_import_get_last_batch (f->store, NULL), ==, b->batch_id);
  reverted = custcare_import_revert (f->store, b->batch_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reverted->n_removed, ==, 2);
  g_assert_cmpuint (reverted->n_kept, ==, 0);
  g_assert_cmpstr (reverted->kept_reason, ==, "");
  g_assert_cmpint (custcare_import_get_last_batch (f->store, NULL), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM customers"), ==, 3);
  custcare_store_verify (f->store, &error);
  g_assert_no_error (error);
}


/* Hostile files ------------------------------------------------------------------------------------ */

static void
test_hostile_files (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    const char       *contents;
    gssize            len;
    CustcareCsvError  code;
    const char       *says;
  } files[] = {
    { "", 0, CUSTCARE_CSV_ERROR_EMPTY, "empty" },
    { "Name,Notes\nAda,\"open\nBob,x\n", -1, CUSTCARE_CSV_ERROR_UNBALANCED_QUOTE, "line 2" },
    { "Name,Notes\nAda,a\0b\n", 18, CUSTCARE_CSV_ERROR_BINARY, "NUL" },
    { "Name\n\x81\x8D\x8F\x90\x9D\x81\n", -1, CUSTCARE_CSV_ERROR_ENCODING, "UTF-8" },
    { "\x7F" "ELF\x02\x01\x01\x03\x04\x05\x06\x07\x08\x0B\x0C\x0E\x0F\x10\x11\x12\x13\x14", 22,
      CUSTCARE_CSV_ERROR_BINARY, "binary" },
  };
  g_autofree char *before = NULL;
  g_autoptr (GString) wide = g_string_new (NULL);

  add_customer (f, "Existing", "Person", NULL, "existing@example.com");
  before = shop_digest (f->store);

  for (guint i = 0; i <= G_N_ELEMENTS (files) + 1; i++)
    {
      g_autoptr (CustcareImport) import = custcare_import_new ();
      g_autoptr (GFile) file = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *after = NULL;
      CustcareCsvError code;
      const char *says;

      if (i < G_N_ELEMENTS (files))
        {
          file = write_file (f, "hostile.csv", files[i].contents, files[i].len);
          code = files[i].code;
          says = files[i].says;
        }
      else if (i == G_N_ELEMENTS (files))
        {
          /* 10,000 columns. */
          for (guint c = 0; c < 10000; c++)
            g_string_append_printf (wide, "%sName%u", c ? "," : "", c);
          g_string_append (wide, "\nAda\n");
          file = write_file (f, "wide.csv", wide->str, wide->len);
          code = CUSTCARE_CSV_ERROR_TOO_MANY_COLUMNS;
          says = "more than 1000 columns";
        }
      else
        {
          /* A 100 MB file that is one field: written in pieces, refused after the first MiB. */
          g_autofree char *path = g_build_filename (f->dir, "huge.csv", NULL);
          g_autofree char *chunk = g_malloc (1024 * 1024);
          FILE *out = fopen (path, "wb");

          g_assert_nonnull (out);
          memset (chunk, 'x', 1024 * 1024);
          fputs ("Name,Notes\nAda,\"", out);
          for (guint k = 0; k < 100; k++)
            g_assert_cmpuint (fwrite (chunk, 1, 1024 * 1024, out), ==, 1024 * 1024);
          fputs ("\"\n", out);
          fclose (out);
          file = g_file_new_for_path (path);
          code = CUSTCARE_CSV_ERROR_FIELD_TOO_LONG;
          says = "longer than 1 MiB";
        }

      g_assert_false (custcare_import_inspect (import, file, NULL, &error));
      g_assert_error (error, CUSTCARE_CSV_ERROR, code);
      if (strstr (error->message, says) == NULL)
        g_error ("“%s” does not say “%s”", error->message, says);
      g_clear_error (&error);
      /* Nothing can be run from a file that did not pass inspection. */
      g_assert_null (custcare_import_run (import, f->store, NULL, NULL, NULL, &error));
      g_assert_error (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_NOT_INSPECTED);
      after = shop_digest (f->store);
      g_assert_cmpstr (before, ==, after);
      g_file_delete (file, NULL, NULL);
    }
}

/* Export ----------------------------------------------------------------------------------------- */

typedef struct
{
  gint64 zoe, corner, emile;
} Shop;

static void
make_shop (Fixture *f,
           Shop    *shop)
{
  g_autoptr (CustcareCustomer) zoe = custcare_customer_new ();
  g_autoptr (CustcareCustomer) corner = custcare_customer_new ();
  g_autoptr (CustcareCustomer) emile = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  const char *zoe_tags[] = { "VIP", "tea lover", NULL };

  custcare_customer_set_given_name (zoe, "Zoë");
  custcare_customer_set_family_name (zoe, "O'Brien");
  custcare_customer_set_company (zoe, "Corner, Bakery \"Ltd\"");
  custcare_customer_set_address_street (zoe, "Hauptstr. 1\nHinterhaus");
  custcare_customer_set_address_locality (zoe, "Köln");
  custcare_customer_set_address_region (zoe, "NRW");
  custcare_customer_set_address_postal_code (zoe, "50667");
  custcare_customer_set_address_country (zoe, "Germany");
  custcare_customer_set_birthday (zoe, 1984, 3, 7);
  custcare_customer_set_notes (zoe, "Line one\nline two, with comma; and semicolon\n=not a formula");
  custcare_customer_set_preferences (zoe, "  oat milk; no sugar");
  custcare_customer_add_phone (zoe, "Mobile", "+49 170 1234567");
  custcare_customer_add_phone (zoe, "Work", "0221 555 0102");
  custcare_customer_add_phone (zoe, "", "-555 0199 22");
  custcare_customer_add_email (zoe, "Work", "zoe@example.com");
  custcare_customer_add_email (zoe, "Home", "zoe.obrien@example.org");
  custcare_customer_set_tags (zoe, zoe_tags);
  custcare_customer_set_marketing_consent (zoe, TRUE, 1700000000);
  shop->zoe = custcare_customer_repo_insert (f->store, zoe, &error);
  g_assert_no_error (error);

  custcare_customer_set_display_name (corner, "Corner Bakery");
  custcare_customer_set_birthday (corner, 0, 2, 29);
  custcare_customer_set_do_not_contact (corner, TRUE);
  custcare_customer_add_email (corner, "", "shop@corner.example");
  shop->corner = custcare_customer_repo_insert (f->store, corner, &error);
  g_assert_no_error (error);

  custcare_customer_set_given_name (emile, "Émile");
  custcare_customer_set_family_name (emile, "Zola");
  custcare_customer_add_phone (emile, "", "+33 1 23 45 67 89");
  custcare_customer_add_tag (emile, "wholesale");
  shop->emile = custcare_customer_repo_insert (f->store, emile, &error);
  g_assert_no_error (error);

  sql = g_strdup_printf ("INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind, reason) "
                         "VALUES (%" G_GINT64_FORMAT ", 1767000000, 120, 'adjust', 'welcome gift');"
                         "INSERT INTO orders (id, number, customer_id, placed_at, status, currency, subtotal, discount, "
                         "total, created_at, updated_at, notes) VALUES (7, 'ORD-00007', %" G_GINT64_FORMAT
                         ", 1767100000, 'ready', 'EUR', 1350, 100, 1250, 1767100000, 1767100000, '@risk');"
                         "INSERT INTO order_items (order_id, position, description, quantity, unit_price) "
                         "VALUES (7, 0, 'Bread, rye', 2, 350), (7, 1, 'Cake', 1, 650);"
                         "INSERT INTO interactions (customer_id, occurred_at, channel, direction, subject, notes, "
                         "outcome, satisfaction, order_id, created_at, updated_at) VALUES (%" G_GINT64_FORMAT
                         ", 1767200000, 'phone', 'inbound', 'Order question', '=HYPERLINK(\"http://x\")', "
                         "'resolved', 5, 7, 1767200000, 1767200000);",
                         shop->zoe, shop->zoe, shop->zoe);
  exec_ok (f->store, sql);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Every field of a customer, for comparing two databases. */
static char *
describe (CustcareCustomer *c,
          CustcareStore    *store)
{
  GString *out = g_string_new (NULL);
  g_autofree char *birthday = custcare_customer_dup_birthday_text (c);
  g_autofree char *balance_sql = g_strdup_printf ("SELECT coalesce (sum (delta), 0) FROM loyalty_ledger "
                                                  "WHERE customer_id = %" G_GINT64_FORMAT, custcare_customer_get_id (c));
  g_auto (GStrv) tags = g_strdupv ((char **) custcare_customer_get_tags (c));

  g_string_append_printf (out, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|consent=%d@%" G_GINT64_FORMAT "|dnc=%d|",
                          custcare_customer_get_given_name (c), custcare_customer_get_family_name (c),
                          custcare_customer_get_display_name (c), custcare_customer_get_company (c),
                          custcare_customer_get_address_street (c), custcare_customer_get_address_locality (c),
                          custcare_customer_get_address_region (c), custcare_customer_get_address_postal_code (c),
                          custcare_customer_get_address_country (c), birthday, custcare_customer_get_notes (c),
                          custcare_customer_get_preferences (c), custcare_customer_get_marketing_consent (c),
                          custcare_customer_get_marketing_consent_at (c), custcare_customer_get_do_not_contact (c));
  for (guint i = 0; i < custcare_customer_get_phones (c)->len; i++)
    {
      CustcareContact *phone = g_ptr_array_index (custcare_customer_get_phones (c), i);
      g_string_append_printf (out, "phone[%s]=%s|", phone->label, phone->value);
    }
  for (guint i = 0; i < custcare_customer_get_emails (c)->len; i++)
    {
      CustcareContact *email = g_ptr_array_index (custcare_customer_get_emails (c), i);
      g_string_append_printf (out, "email[%s]=%s|", email->label, email->value);
    }
  g_sort_array (tags, g_strv_length (tags), sizeof (char *), compare_strings, NULL);
  for (guint i = 0; tags[i] != NULL; i++)
    g_string_append_printf (out, "tag=%s|", tags[i]);
  g_string_append_printf (out, "points=%" G_GINT64_FORMAT, query_int (store, balance_sql));
  return g_string_free (out, FALSE);
}

static char *
describe_all (CustcareStore *store)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "SELECT id FROM customers ORDER BY sort_name", NULL);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  g_clear_pointer (&stmt, _custcare_stmt_reset);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (CustcareCustomer) c = custcare_customer_repo_get (store, g_array_index (ids, gint64, i), NULL);
      g_ptr_array_add (lines, describe (c, store));
    }
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static char *
read_contents (GFile *file)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (CustcareStore) other = open_store (f, "other.db");
  g_autofree char *export_path = g_build_filename (f->dir, "customers.csv", NULL);
  g_autofree char *again_path = g_build_filename (f->dir, "again.csv", NULL);
  g_autoptr (GFile) exported = g_file_new_for_path (export_path);
  g_autoptr (GFile) again = g_file_new_for_path (again_path);
  g_autoptr (CustcareImport) import = custcare_import_new ();
  g_autoptr (CustcareImportResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *imported = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  Shop shop;
  guint rows = 0;

  make_shop (f, &shop);
  g_assert_true (custcare_export_csv (f->store, CUSTCARE_EXPORT_CUSTOMERS, NULL, exported, &rows, NULL, NULL, NULL,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 3);
  first = read_contents (exported);
  g_test_message ("%s", first);
  g_assert_true (g_str_has_prefix (first, "\xEF\xBB\xBFGiven name,Family name,Display name,Company,Street,City,Region,"
                                          "Postcode,Country,Birthday,Phone 1,Phone 1 label,Phone 2,Phone 2 label,Phone 3,"
                                          "Phone 3 label,Email 1,Email 1 label,Email 2,Email 2 label,Tags,Notes,"
                                          "Preferences,Marketing consent,Consent date,Do not contact,Points\r\n"));
  /* Formula-safe: the phone starting with - gets its apostrophe. */
  g_assert_nonnull (strstr (first, ",'-555 0199 22,"));

  /* Into an empty shop with the guessed mapping, nothing chosen by hand. */
  custcare_import_inspect (import, exported, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < custcare_import_get_n_columns (import); i++)
    g_assert_cmpint (custcare_import_get_column_field (import, i), !=, CUSTCARE_IMPORT_FIELD_IGNORE);
  result = run_ok (import, other);
  g_assert_cmpuint (result->n_imported, ==, 3);
  g_assert_cmpuint (result->problems->len, ==, 0);

  original = describe_all (f->store);
  imported = describe_all (other);
  g_test_message ("%s", original);
  g_assert_cmpstr (original, ==, imported);
  g_assert_nonnull (strstr (original, "points=120"));

  /* And out again: the very same file. */
  g_assert_true (custcare_export_csv (other, CUSTCARE_EXPORT_CUSTOMERS, NULL, again, NULL, NULL, NULL, NULL, &error));
  second = read_contents (again);
  g_assert_cmpstr (first, ==, second);
}

static GStrv
read_csv_row (GFile *file,
              guint  index)
{
  g_autoptr (GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr (CustcareCsvReader) reader = custcare_csv_reader_new (G_INPUT_STREAM (stream), NULL);

  for (guint i = 0;; i++)
    {
      g_autoptr (GError) error = NULL;
      GStrv row = custcare_csv_reader_read_row (reader, NULL, &error);

      g_assert_no_error (error);
      if (row == NULL || i == index)
        return row;
      g_strfreev (row);
    }
}

static void
test_export_orders_interactions (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *orders_path = g_build_filename (f->dir, "orders.csv", NULL);
  g_autofree char *calls_path = g_build_filename (f->dir, "interactions.csv", NULL);
  g_autoptr (GFile) orders = g_file_new_for_path (orders_path);
  g_autoptr (GFile) calls = g_file_new_for_path (calls_path);
  g_autoptr (GArray) only_corner = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) header = NULL;
  g_auto (GStrv) order = NULL;
  g_auto (GStrv) call = NULL;
  g_autofree char *contents = NULL;
  Shop shop;
  guint rows = 0;

  make_shop (f, &shop);
  g_assert_true (custcare_export_csv (f->store, CUSTCARE_EXPORT_ORDERS, NULL, orders, &rows, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 1);
  header = read_csv_row (orders, 0);
  g_assert_cmpstr (header[0], ==, "Order number");
  order = read_csv_row (orders, 1);
  g_assert_cmpstr (order[0], ==, "ORD-00007");
  g_assert_cmpstr (order[1], ==, "Zoë O'Brien");
  g_assert_cmpstr (order[2], ==, "zoe@example.com");
  g_assert_cmpstr (order[3], ==, "2025-12-30T13:06:40Z");
  g_assert_cmpstr (order[4], ==, "ready");
  g_assert_cmpstr (order[8], ==, "2 × Bread, rye @ 3.50; 1 × Cake @ 6.50");
  g_assert_cmpstr (order[9], ==, "13.50");
  g_assert_cmpstr (order[10], ==, "1.00");
  g_assert_cmpstr (order[11], ==, "12.50");
  g_assert_cmpstr (order[16], ==, "'@risk");

  g_assert_true (custcare_export_csv (f->store, CUSTCARE_EXPORT_INTERACTIONS, NULL, calls, &rows, NULL, NULL, NULL,
                                      &error));
  g_assert_no_error (error);
  call = read_csv_row (calls, 1);
  g_assert_cmpstr (call[1], ==, "Zoë O'Brien");
  g_assert_cmpstr (call[5], ==, "Order question");
  g_assert_cmpstr (call[6], ==, "'=HYPERLINK(\"http://x\")");
  g_assert_cmpstr (call[8], ==, "5");
  g_assert_cmpstr (call[9], ==, "ORD-00007");

  /* Only the customers asked for. */
  g_array_append_val (only_corner, shop.corner);
  g_assert_true (custcare_export_csv (f->store, CUSTCARE_EXPORT_INTERACTIONS, only_corner, calls, &rows, NULL, NULL,
                                      NULL, &error));
  g_assert_cmpuint (rows, ==, 0);
  contents = read_contents (calls);
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "Date,Customer,"));
  g_assert_null (strstr (contents, "Order question"));
}

static void
cancel_at_once (double   fraction,
                gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static guint
count_partial_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    n += g_str_has_suffix (name, ".partial");
  return n;
}

static void
test_export_atomic (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *keep_path = g_build_filename (f->dir, "keep.csv", NULL);
  g_autofree char *new_path = g_build_filename (f->dir, "new.csv", NULL);
  g_autofree char *missing_path = g_build_filename (f->dir, "no-such-folder", "x.csv", NULL);
  g_autoptr (GFile) keep = NULL;
  g_autoptr (GFile) fresh = g_file_new_for_path (new_path);
  g_autoptr (GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  Shop shop;

  make_shop (f, &shop);
  keep = write_file (f, "keep.csv", "OLD\n", -1);

  for (CustcareExportKind kind = CUSTCARE_EXPORT_CUSTOMERS; kind <= CUSTCARE_EXPORT_INTERACTIONS; kind++)
    {
      g_autoptr (GCancellable) cancellable = g_cancellable_new ();
      g_autoptr (GCancellable) cancellable2 = g_cancellable_new ();

      g_assert_false (custcare_export_csv (f->store, kind, NULL, keep, NULL, cancel_at_once, cancellable, cancellable,
                                           &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_free (contents);
      contents = read_contents (keep);
      g_assert_cmpstr (contents, ==, "OLD\n");

      g_assert_false (custcare_export_csv (f->store, kind, NULL, fresh, NULL, cancel_at_once, cancellable2,
                                           cancellable2, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_false (g_file_query_exists (fresh, NULL));
      g_assert_cmpuint (count_partial_files (f->dir), ==, 0);
    }

  /* A folder that does not exist: a clear error naming the file. */
  g_assert_false (custcare_export_csv (f->store, CUSTCARE_EXPORT_CUSTOMERS, NULL, missing, NULL, NULL, NULL, NULL,
                                       &error));
  g_assert_error (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "x.csv"));
  g_clear_error (&error);

  /* Replacing an existing file works when not cancelled. */
  g_assert_true (custcare_export_csv (f->store, CUSTCARE_EXPORT_CUSTOMERS, NULL, keep, NULL, NULL, NULL, NULL, &error));
  g_free (contents);
  contents = read_contents (keep);
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBFGiven name"));
  g_assert_cmpuint (count_partial_files (f->dir), ==, 0);
}

static void
test_export_query_ids (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  gboolean capped = TRUE;
  Shop shop;

  make_shop (f, &shop);
  custcare_customer_repo_archive (f->store, shop.emile, TRUE, &error);
  g_assert_no_error (error);

  /* The plain list: every customer that is not archived, by name. */
  ids = custcare_export_query_customer_ids (f->store, query, &capped, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (capped);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, shop.corner);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, shop.zoe);
  g_clear_pointer (&ids, g_array_unref);

  /* The list's own search and filters. */
  query->archived = CUSTCARE_CUSTOMER_ARCHIVED_ANY;
  query->text = g_strdup ("zola");
  ids = custcare_export_query_customer_ids (f->store, query, &capped, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, shop.emile);
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&query->text, g_free);
  query->tag = g_strdup ("VIP");
  ids = custcare_export_query_customer_ids (f->store, query, &capped, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, shop.zoe);
}


static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static void
test_export_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "async.csv", NULL);
  g_autoptr (GFile) dest = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };
  ProgressProbe probe = { NULL, 0, 0, 0.0, g_thread_self () };
  guint rows = 0;

  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *given = g_strdup_printf ("Async%u", i);
      g_autofree char *email = g_strdup_printf ("async%u@example.com", i);

      add_customer (f, given, "Export", NULL, email);
    }

  /* On a worker connection; progress arrives in this thread, ending at 1.0. */
  custcare_export_csv_async (f->store, CUSTCARE_EXPORT_CUSTOMERS, NULL, dest, cancel_on_progress, &probe, NULL, NULL,
                             export_done, &waiter);
  g_main_loop_run (waiter.loop);
  g_assert_true (custcare_export_csv_finish (f->store, waiter.result, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 600);
  g_assert_cmpuint (probe.calls, >=, 1);
  g_assert_cmpfloat (probe.last, ==, 1.0);
  contents = read_contents (dest);
  g_assert_nonnull (strstr (contents, "async599@example.com"));

  g_clear_object (&waiter.result);
  g_main_loop_unref (waiter.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/import/inspect", test_inspect);
  ADD ("/import/date-order", test_date_order);
  ADD ("/import/dry-run/problems", test_dry_run_problems);
  ADD ("/import/run/one-batch", test_import_one_batch);
  ADD ("/import/run/read-ahead", test_read_ahead);
  ADD ("/import/run/abort-on-problem", test_import_abort_on_problem);
  ADD ("/import/run/error-midway-leaves-nothing", test_import_error_midway);
  ADD ("/import/duplicates/skip", test_duplicates_skip);
  ADD ("/import/duplicates/merge", test_duplicates_merge);
  ADD ("/import/cancel-leaves-database-as-it-was", test_cancel);
  ADD ("/import/async", test_async);
  ADD ("/import/revert", test_revert);
  ADD ("/import/hostile-files", test_hostile_files);
  ADD ("/export/round-trip", test_round_trip);
  ADD ("/export/orders-and-interactions", test_export_orders_interactions);
  ADD ("/export/atomic", test_export_atomic);
  ADD ("/export/query-ids", test_export_query_ids);
  ADD ("/export/async", test_export_async);
#undef ADD

  return g_test_run ();
}
