/* test-vcard.c — vCard parsing, writing, import into the database, export, hostile files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>

#include "custcare-customer-merge.h"
#include "custcare-customer-private.h"
#include "custcare-test-shop.h"
#include "custcare-vcard-private.h"

typedef CustcareTestShop Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  custcare_test_shop_setup (f, "vcard");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  custcare_test_shop_teardown (f, data);
}

/* A fingerprint of every row a vCard import can touch, to prove "nothing was written". */
static char *
db_fingerprint (CustcareStore *store)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                          "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          custcare_test_query_int (store, "SELECT count(*) FROM customers", 0),
                          custcare_test_query_int (store, "SELECT count(*) FROM customer_phones", 0),
                          custcare_test_query_int (store, "SELECT count(*) FROM customer_emails", 0),
                          custcare_test_query_int (store, "SELECT count(*) FROM tags", 0),
                          custcare_test_query_int (store, "SELECT count(*) FROM import_batches", 0),
                          custcare_test_query_int (store, "SELECT coalesce(sum(length(given_name || family_name || display_name "
                                            "|| company || notes)), 0) FROM customers",
                                     0));
}

static GPtrArray *
parse_text (const char  *text,
            GPtrArray  **problems,
            GError     **error)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));

  return custcare_vcard_parse (bytes, problems, error);
}

static GPtrArray *
parse_one_ok (const char *text,
              GPtrArray **problems)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *customers = parse_text (text, problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (customers);
  return customers;
}

static GBytes *
read_sample (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "vcard", name, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static GPtrArray *
parse_sample (const char *name,
              GPtrArray **problems)
{
  g_autoptr (GBytes) bytes = read_sample (name);
  g_autoptr (GError) error = NULL;
  GPtrArray *customers = custcare_vcard_parse (bytes, problems, &error);

  g_assert_no_error (error);
  g_assert_nonnull (customers);
  return customers;
}

static void
assert_contact (GPtrArray  *contacts,
                guint       index,
                const char *label,
                const char *value)
{
  CustcareContact *contact;

  g_assert_cmpuint (contacts->len, >, index);
  contact = g_ptr_array_index (contacts, index);
  g_assert_cmpstr (contact->label, ==, label);
  g_assert_cmpstr (contact->value, ==, value);
}

static void
assert_birthday (CustcareCustomer *c,
                 int               year,
                 int               month,
                 int               day)
{
  int y, m, d;

  custcare_customer_get_birthday (c, &y, &m, &d);
  g_assert_cmpint (y, ==, year);
  g_assert_cmpint (m, ==, month);
  g_assert_cmpint (d, ==, day);
}

static void
assert_tags (CustcareCustomer *c,
             const char       *joined)
{
  g_autofree char *tags = g_strjoinv (",", (char **) custcare_customer_get_tags (c));

  g_assert_cmpstr (tags, ==, joined);
}

/* Samples */

static void
test_sample_gnome (void)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) customers = parse_sample ("gnome-contacts-4.0.vcf", &problems);
  CustcareCustomer *anna, *bakery;

  g_assert_cmpuint (customers->len, ==, 2);
  g_assert_cmpuint (problems->len, ==, 0);
  anna = g_ptr_array_index (customers, 0);
  g_assert_cmpstr (custcare_customer_get_given_name (anna), ==, "Anna");
  g_assert_cmpstr (custcare_customer_get_family_name (anna), ==, "Bergström");
  g_assert_cmpstr (custcare_customer_get_display_name (anna), ==, "");
  g_assert_cmpstr (custcare_customer_get_company (anna), ==, "Bergström Design");
  /* PREF=1 puts the home address first. */
  assert_contact (custcare_customer_get_emails (anna), 0, "Home", "anna@example.org");
  assert_contact (custcare_customer_get_emails (anna), 1, "Work", "anna.bergstrom@example.com");
  assert_contact (custcare_customer_get_phones (anna), 0, "Mobile", "+46 70 123 45 67");
  assert_contact (custcare_customer_get_phones (anna), 1, "Work", "+46 8 555 010 20");
  g_assert_cmpstr (custcare_customer_get_address_street (anna), ==, "Storgatan 12");
  g_assert_cmpstr (custcare_customer_get_address_locality (anna), ==, "Uppsala");
  g_assert_cmpstr (custcare_customer_get_address_region (anna), ==, "Uppsala län");
  g_assert_cmpstr (custcare_customer_get_address_postal_code (anna), ==, "753 20");
  g_assert_cmpstr (custcare_customer_get_address_country (anna), ==, "Sweden");
  assert_birthday (anna, 1984, 3, 7);
  g_assert_cmpstr (custcare_customer_get_notes (anna), ==,
                   "Prefers email.\nAllergic to lilies, likes tulips. Delivers to the back door; ring twice — the "
                   "bell in the hallway does not work since the renovation of the old storehouse in Svartbäcken.");
  assert_tags (anna, "VIP,Florist");

  bakery = g_ptr_array_index (customers, 1);
  g_assert_cmpstr (custcare_customer_get_company (bakery), ==, "Corner Bakery");
  g_assert_cmpstr (custcare_customer_get_display_name (bakery), ==, "");
  g_assert_cmpstr (custcare_customer_get_given_name (bakery), ==, "");
  assert_contact (custcare_customer_get_phones (bakery), 0, "Work", "+46 18 12 34 56");
}

static void
test_sample_google (void)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) customers = parse_sample ("google-contacts-3.0.vcf", &problems);
  CustcareCustomer *jonas, *dave, *priya;

  g_assert_cmpuint (customers->len, ==, 3);
  g_assert_cmpuint (problems->len, ==, 0);
  jonas = g_ptr_array_index (customers, 0);
  g_assert_cmpstr (custcare_customer_get_given_name (jonas), ==, "Jonas");
  g_assert_cmpstr (custcare_customer_get_family_name (jonas), ==, "Müller");
  g_assert_cmpstr (custcare_customer_get_company (jonas), ==, "Müller & Söhne");
  assert_contact (custcare_customer_get_emails (jonas), 0, "Home", "jonas.mueller@example.net");
  assert_contact (custcare_customer_get_emails (jonas), 1, "Work", "j.mueller@example.com");
  assert_contact (custcare_customer_get_phones (jonas), 0, "Mobile", "+49 151 2345 6789");
  assert_contact (custcare_customer_get_phones (jonas), 1, "Work", "+49 30 1234567");
  /* item1.TEL with item1.X-ABLabel: a custom label. */
  assert_contact (custcare_customer_get_phones (jonas), 2, "Shop", "+49 30 7654321");
  g_assert_cmpstr (custcare_customer_get_address_street (jonas), ==, "Hauptstraße 5");
  g_assert_cmpstr (custcare_customer_get_address_postal_code (jonas), ==, "10115");
  assert_birthday (jonas, 0, 3, 7);
  g_assert_cmpstr (custcare_customer_get_notes (jonas), ==, "Met at the spring fair; wants the catalogue.");
  /* Google's system group "myContacts" is not a tag. */
  assert_tags (jonas, "Wholesale");

  dave = g_ptr_array_index (customers, 1);
  g_assert_cmpstr (custcare_customer_get_display_name (dave), ==, "Plumber Dave");
  assert_tags (dave, "");
  priya = g_ptr_array_index (customers, 2);
  assert_contact (custcare_customer_get_emails (priya), 0, "", "priya.raman@example.in");
  assert_contact (custcare_customer_get_phones (priya), 0, "Home fax", "+91 80 2345 6789");
  assert_birthday (priya, 1990, 12, 24);
}

static void
test_sample_thunderbird (void)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) customers = parse_sample ("thunderbird-4.0.vcf", &problems);
  CustcareCustomer *claire, *tomas;

  g_assert_cmpuint (customers->len, ==, 2);
  g_assert_cmpuint (problems->len, ==, 0);
  claire = g_ptr_array_index (customers, 0);
  assert_contact (custcare_customer_get_emails (claire), 0, "", "claire.dubois@example.fr");
  assert_contact (custcare_customer_get_emails (claire), 1, "Work", "c.dubois@example.com");
  assert_contact (custcare_customer_get_phones (claire), 0, "Mobile", "+33 6 12 34 56 78");
  assert_contact (custcare_customer_get_phones (claire), 1, "Home", "+33 1 23 45 67 89");
  assert_contact (custcare_customer_get_phones (claire), 2, "Fax", "+33 1 23 45 67 80");
  g_assert_cmpstr (custcare_customer_get_address_region (claire), ==, "Île-de-France");
  assert_birthday (claire, 1979, 5, 21);
  g_assert_cmpstr (custcare_customer_get_notes (claire), ==, "Orders every month.\nCall before 10.");
  g_assert_cmpstr (custcare_customer_get_company (claire), ==, "Dubois Fleurs");

  tomas = g_ptr_array_index (customers, 1);
  g_assert_cmpstr (custcare_customer_get_family_name (tomas), ==, "O'Neill");
  /* A tel: URI becomes the number. */
  assert_contact (custcare_customer_get_phones (tomas), 0, "", "+353-1-555-0100");
  assert_contact (custcare_customer_get_emails (tomas), 0, "", "tomas@example.ie");
  assert_birthday (tomas, 0, 3, 7);
}

static void
test_sample_v21 (void)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) customers = parse_sample ("old-phone-2.1.vcf", &problems);
  CustcareCustomer *soren;

  g_assert_cmpuint (customers->len, ==, 1);
  g_assert_cmpuint (problems->len, ==, 0);
  soren = g_ptr_array_index (customers, 0);
  g_assert_cmpstr (custcare_customer_get_given_name (soren), ==, "Søren");
  g_assert_cmpstr (custcare_customer_get_family_name (soren), ==, "Jørgensen");
  /* Bare 2.1 parameters: TEL;CELL;PREF and TEL;HOME;VOICE. */
  assert_contact (custcare_customer_get_phones (soren), 0, "Mobile", "+45 20 12 34 56");
  assert_contact (custcare_customer_get_phones (soren), 1, "Home", "+45 33 12 34 56");
  /* Quoted-printable with =0D=0A and a soft line break. */
  g_assert_cmpstr (custcare_customer_get_notes (soren), ==, "First line\nSecond line goes on and on: æøå");
  /* CHARSET=ISO-8859-1 converted. */
  g_assert_cmpstr (custcare_customer_get_address_street (soren), ==, "Nørregade 7");
  g_assert_cmpstr (custcare_customer_get_address_locality (soren), ==, "København");
}

/* Syntax */

static void
test_folding (void)
{
  /* CRLF and bare LF, space and tab continuations, and a fold inside a UTF-8 character (some
   * writers cut at 75 bytes blindly): unfolding joins the bytes back. */
  const char *text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë\r\n  Fold\nN:Fold;Zo\xc3\r\n \xab;;;\n"
                     "NOTE:one\r\n\ttwo\r\n  three\nEND:VCARD";
  g_autoptr (GPtrArray) customers = parse_one_ok (text, NULL);
  CustcareCustomer *c = g_ptr_array_index (customers, 0);

  g_assert_cmpuint (customers->len, ==, 1);
  g_assert_cmpstr (custcare_customer_get_given_name (c), ==, "Zoë");
  g_assert_cmpstr (custcare_customer_get_family_name (c), ==, "Fold");
  g_assert_cmpstr (custcare_customer_get_notes (c), ==, "onetwo three");
  /* FN "Zoë Fold" (one of the two spaces was the fold) is what N says: no separate display name. */
  g_assert_cmpstr (custcare_customer_get_display_name (c), ==, "");
}

static void
test_quoted_printable (void)
{
  const char *text = "BEGIN:VCARD\nVERSION:2.1\nN:Ng;Mai\n"
                     "NOTE;QUOTED-PRINTABLE:Caf=C3=A9 =3D good=\n"
                     " and more=\n"
                     "=E2=82=AC\n"
                     "ORG;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:M=FCller GmbH\n"
                     "END:VCARD\n";
  g_autoptr (GPtrArray) customers = parse_one_ok (text, NULL);
  CustcareCustomer *c = g_ptr_array_index (customers, 0);

  /* A soft break joins lines as they are: the space starting " and" is text, not a fold. */
  g_assert_cmpstr (custcare_customer_get_notes (c), ==, "Café = good and more€");
  g_assert_cmpstr (custcare_customer_get_company (c), ==, "Müller GmbH");
}

static void
test_base64 (void)
{
  /* "Notes in base64 ✓" */
  g_autofree char *encoded = g_base64_encode ((const guchar *) "Notes in base64 ✓", strlen ("Notes in base64 ✓"));
  g_autofree char *text = g_strdup_printf ("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Base;Bea\r\n"
                                           "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP////\r\n"
                                           " ////////////////////////////////////8=\r\n"
                                           "NOTE;ENCODING=b:%s\r\n"
                                           "PHOTO;BASE64:\r\n  AAAA\r\n  BBBB\r\n\r\n"
                                           "EMAIL:bea@example.com\r\nEND:VCARD\r\n",
                                           encoded);
  g_autoptr (GPtrArray) customers = parse_one_ok (text, NULL);
  CustcareCustomer *c = g_ptr_array_index (customers, 0);

  g_assert_cmpstr (custcare_customer_get_notes (c), ==, "Notes in base64 ✓");
  assert_contact (custcare_customer_get_emails (c), 0, "", "bea@example.com");
}

static void
test_escaping (void)
{
  const char *text = "BEGIN:VCARD\nVERSION:4.0\nN:Smith\\; Jones;Ann\\,Marie;;;\nFN:Ann\\,Marie Smith\\; Jones\n"
                     "ORG:Back\\\\slash \\; Co;Dept\nNOTE:a\\nb\\Nc\\, d\\; e\\\\ f C:\\temp\n"
                     "ADR:;;Line 1\\nLine 2;Town\\, Upper;;;\nEND:VCARD\n";
  g_autoptr (GPtrArray) customers = parse_one_ok (text, NULL);
  CustcareCustomer *c = g_ptr_array_index (customers, 0);

  g_assert_cmpstr (custcare_customer_get_family_name (c), ==, "Smith; Jones");
  g_assert_cmpstr (custcare_customer_get_given_name (c), ==, "Ann,Marie");
  g_assert_cmpstr (custcare_customer_get_display_name (c), ==, "");
  g_assert_cmpstr (custcare_customer_get_company (c), ==, "Back\\slash ; Co");
  g_assert_cmpstr (custcare_customer_get_notes (c), ==, "a\nb\nc, d; e\\ f C:\\temp");
  g_assert_cmpstr (custcare_customer_get_address_street (c), ==, "Line 1\nLine 2");
  g_assert_cmpstr (custcare_customer_get_address_locality (c), ==, "Town, Upper");
}

static void
test_bday_forms (void)
{
  static const struct
  {
    const char *bday;
    int         year, month, day;
  } cases[] = {
    { "BDAY:--0307", 0, 3, 7 },
    { "BDAY:--03-07", 0, 3, 7 },
    { "BDAY:19840307", 1984, 3, 7 },
    { "BDAY:1984-03-07", 1984, 3, 7 },
    { "BDAY;VALUE=date-and-or-time:19840307T101500Z", 1984, 3, 7 },
    { "BDAY:1984-03-07T00:00:00Z", 1984, 3, 7 },
    { "BDAY;VALUE=DATE:20000229", 2000, 2, 29 },
    { "BDAY:--0229", 0, 2, 29 },
    { "BDAY:1604-11-05", 0, 11, 5 }, /* Apple: no year */
  };
  static const char *bad[] = { "BDAY:19850229", "BDAY:--1332", "BDAY:---07", "BDAY:1984", "BDAY:soon",
                               "BDAY:1700-01-01" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("BEGIN:VCARD\nVERSION:4.0\nFN:B\n%s\nEND:VCARD\n", cases[i].bday);
      g_autoptr (GPtrArray) problems = NULL;
      g_autoptr (GPtrArray) customers = parse_one_ok (text, &problems);

      g_test_message ("%s", cases[i].bday);
      g_assert_cmpuint (problems->len, ==, 0);
      assert_birthday (g_ptr_array_index (customers, 0), cases[i].year, cases[i].month, cases[i].day);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("BEGIN:VCARD\nVERSION:4.0\nFN:B\n%s\nEND:VCARD\n", bad[i]);
      g_autoptr (GPtrArray) problems = NULL;
      g_autoptr (GPtrArray) customers = parse_one_ok (text, &problems);
      CustcareVcardProblem *problem;

      g_test_message ("%s", bad[i]);
      g_assert_cmpuint (customers->len, ==, 1);
      assert_birthday (g_ptr_array_index (customers, 0), 0, 0, 0);
      g_assert_cmpuint (problems->len, ==, 1);
      problem = g_ptr_array_index (problems, 0);
      g_assert_cmpint (problem->kind, ==, CUSTCARE_VCARD_PROBLEM_VALUE_DROPPED);
      g_assert_cmpstr (problem->property, ==, "BDAY");
      g_assert_cmpuint (problem->line, ==, 4);
      g_assert_cmpstr (problem->value, ==, strchr (bad[i], ':') + 1);
    }
}

static void
test_types (void)
{
  const char *text = "BEGIN:VCARD\nVERSION:3.0\nN:Typed;Tia\n"
                     "TEL;TYPE=WORK;TYPE=VOICE:+1 555 0100\n"
                     "TEL;TYPE=WORK;TYPE=CELL:+1 555 0101\n"
                     "TEL;TYPE=\"home,fax\":+1 555 0102\n"
                     "TEL;TYPE=pager:+1 555 0103\n"
                     "TEL;TYPE=cell,pref:+1 555 0104\n"
                     "TEL:+1 555 0105\n"
                     "TEL;TYPE=work:not a number\n"
                     "EMAIL;TYPE=internet,work:tia@work.example\n"
                     "EMAIL;TYPE=home;PREF=1:tia@home.example\n"
                     "EMAIL:broken@\n"
                     "ADR;TYPE=work:;;1 Work Rd;Worktown;;;\n"
                     "ADR;TYPE=home;PREF=1:;;2 Home St;Hometown;;;\n"
                     "ADR;TYPE=other:;;3 Other Ave;Elsewhere;;;\n"
                     "END:VCARD\n";
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) customers = parse_one_ok (text, &problems);
  CustcareCustomer *c = g_ptr_array_index (customers, 0);
  GPtrArray *phones = custcare_customer_get_phones (c);
  CustcareVcardProblem *problem;

  g_assert_cmpuint (phones->len, ==, 6);
  assert_contact (phones, 0, "Mobile", "+1 555 0104"); /* pref first */
  assert_contact (phones, 1, "Work", "+1 555 0100");
  /* TYPE=WORK;TYPE=CELL: both types are read; a mobile is a mobile. */
  assert_contact (phones, 2, "Mobile", "+1 555 0101");
  assert_contact (phones, 3, "Home fax", "+1 555 0102");
  assert_contact (phones, 4, "Pager", "+1 555 0103");
  assert_contact (phones, 5, "", "+1 555 0105");
  assert_contact (custcare_customer_get_emails (c), 0, "Home", "tia@home.example");
  assert_contact (custcare_customer_get_emails (c), 1, "Work", "tia@work.example");
  g_assert_cmpstr (custcare_customer_get_address_street (c), ==, "2 Home St");

  g_assert_cmpuint (problems->len, ==, 4);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->property, ==, "TEL");
  g_assert_cmpstr (problem->value, ==, "not a number");
  g_assert_cmpuint (problem->line, ==, 10);
  g_assert_nonnull (strstr (problem->message, "not a phone number"));
  problem = g_ptr_array_index (problems, 1);
  g_assert_cmpstr (problem->property, ==, "EMAIL");
  g_assert_cmpstr (problem->value, ==, "broken@");
  g_assert_nonnull (strstr (problem->message, "not an email address"));
  /* The work address came first; the preferred home one replaced it; the third is left out. */
  problem = g_ptr_array_index (problems, 2);
  g_assert_cmpstr (problem->property, ==, "ADR");
  g_assert_cmpuint (problem->line, ==, 14);
  g_assert_cmpstr (problem->value, ==, ";;1 Work Rd;Worktown;;;");
  problem = g_ptr_array_index (problems, 3);
  g_assert_cmpstr (problem->property, ==, "ADR");
  g_assert_cmpuint (problem->line, ==, 16);
  {
    g_autofree char *line = custcare_vcard_problem_to_string (problem);

    g_assert_cmpstr (line, ==,
                     "Card 1 (line 16), ADR “;;3 Other Ave;Elsewhere;;;”: CustCare keeps one address per customer "
                     "and this card has several; this one is left out.");
  }
}

static void
test_categories (void)
{
  const char *text = "BEGIN:VCARD\nVERSION:4.0\nFN:Cat Egory\nN:Egory;Cat;;;\n"
                     "CATEGORIES:VIP, wholesale ,Comma\\, Inc\nCATEGORIES:vip,Weekly\n"
                     "CATEGORIES:an extremely long category name that is not a tag at all\nEND:VCARD\n";
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) customers = parse_one_ok (text, &problems);

  /* Tags are case-insensitively unique: "vip" is already there as "VIP". */
  assert_tags (g_ptr_array_index (customers, 0), "VIP,wholesale,Comma, Inc,Weekly");
  g_assert_cmpuint (problems->len, ==, 1);
}

static void
test_no_name_and_junk (void)
{
  const char *text = "BEGIN:VCARD\nVERSION:3.0\nTEL:+1 555 0100\nEND:VCARD\n"
                     "BEGIN:VCARD\nVERSION:3.0\nFN:Good\nthis line is no property\nX-FOO;BAR=\"x:y\":z\nEND:VCARD\n";
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) customers = parse_one_ok (text, &problems);
  CustcareVcardProblem *problem;

  g_assert_cmpuint (customers->len, ==, 1);
  g_assert_cmpuint (problems->len, ==, 2);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpint (problem->kind, ==, CUSTCARE_VCARD_PROBLEM_CARD_SKIPPED);
  g_assert_cmpuint (problem->card, ==, 1);
  g_assert_cmpuint (problem->line, ==, 1);
  g_assert_nonnull (strstr (problem->message, "no name"));
  problem = g_ptr_array_index (problems, 1);
  g_assert_cmpuint (problem->card, ==, 2);
  g_assert_cmpuint (problem->line, ==, 8);
}

static void
test_charset (void)
{
  /* Latin-1 bytes with CHARSET are converted... */
  const char *with = "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=ISO-8859-1:M\xfcller;J\xfcrgen\nEND:VCARD\n";
  /* ...without, the file is refused, naming the line. */
  const char *without = "BEGIN:VCARD\nVERSION:3.0\nFN:Ok\nNOTE:Caf\xe9\nEND:VCARD\n";
  const char *unknown = "BEGIN:VCARD\nVERSION:3.0\nFN;CHARSET=X-NO-SUCH-SET:Ok\nEND:VCARD\n";
  g_autoptr (GPtrArray) customers = parse_one_ok (with, NULL);
  g_autoptr (GError) error = NULL;
  GPtrArray *none;

  g_assert_cmpstr (custcare_customer_get_family_name (g_ptr_array_index (customers, 0)), ==, "Müller");
  g_assert_cmpstr (custcare_customer_get_given_name (g_ptr_array_index (customers, 0)), ==, "Jürgen");

  none = parse_text (without, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "Line 4 (NOTE) is not UTF-8"));
  g_clear_error (&error);

  none = parse_text (unknown, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "X-NO-SUCH-SET"));
}

static void
test_byte_order_mark (void)
{
  g_autoptr (GBytes) sample = read_sample ("thunderbird-4.0.vcf");
  const char *text = g_bytes_get_data (sample, NULL);
  gsize len = g_bytes_get_size (sample);
  static const char *encodings[] = { "UTF-8", "UTF-16LE", "UTF-16BE" };
  static const char *marks[] = { "\xef\xbb\xbf", "\xff\xfe", "\xfe\xff" };

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autoptr (GError) error = NULL;
      gsize converted_len = 0;
      g_autofree char *converted = g_convert (text, len, encodings[i], "UTF-8", NULL, &converted_len, &error);
      g_autoptr (GByteArray) file = g_byte_array_new ();
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GPtrArray) customers = NULL;
      g_autoptr (GPtrArray) problems = NULL;

      g_assert_no_error (error);
      g_byte_array_append (file, (const guint8 *) marks[i], strlen (marks[i]));
      g_byte_array_append (file, (const guint8 *) converted, converted_len);
      bytes = g_byte_array_free_to_bytes (g_steal_pointer (&file));
      customers = custcare_vcard_parse (bytes, &problems, &error);
      g_test_message ("%s", encodings[i]);
      g_assert_no_error (error);
      g_assert_cmpuint (customers->len, ==, 2);
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_cmpstr (custcare_customer_get_address_region (g_ptr_array_index (customers, 0)), ==, "Île-de-France");
    }

  /* UTF-16 that breaks off in the middle of a character. */
  {
    g_autoptr (GBytes) broken = g_bytes_new_static ("\xff\xfe" "B\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D\0\n\0F", 27);
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) none = custcare_vcard_parse (broken, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_ENCODING);
  }
}

/* Writing */

static CustcareCustomer *
make_full_customer (void)
{
  CustcareCustomer *c = custcare_customer_new ();
  const char *tags[] = { "VIP", "Comma, Tag", "Semi;colon", NULL };

  custcare_customer_set_given_name (c, "Ångström-Éléonore");
  custcare_customer_set_family_name (c, "Back\\slash; Family");
  custcare_customer_set_company (c, "Ørsted, Sons & Co; Ltd");
  custcare_customer_set_address_street (c, "Lange Straße 1\nHinterhaus, 3. OG");
  custcare_customer_set_address_locality (c, "Köln");
  custcare_customer_set_address_region (c, "NRW");
  custcare_customer_set_address_postal_code (c, "50667");
  custcare_customer_set_address_country (c, "Deutschland");
  custcare_customer_set_birthday (c, 1984, 3, 7);
  custcare_customer_set_notes (c, "Line one, with comma; and semicolon\nLine two: ünïcödé ✓ 日本語のテキストがとても長い場合に折り返しが"
                                  "正しく行われることを確認するための文章です。\\ backslash");
  custcare_customer_add_phone (c, "Mobile", "+49 170 1234567");
  custcare_customer_add_phone (c, "Work fax", "+49 221 99887766");
  custcare_customer_add_phone (c, "Werkstatt", "+49 221 123");
  custcare_customer_add_phone (c, "", "0221 555");
  custcare_customer_add_email (c, "Work", "eleonore@example.com");
  custcare_customer_add_email (c, "Private, old", "e.old@example.org");
  custcare_customer_set_tags (c, tags);
  return c;
}

static void
assert_same_vcard_fields (CustcareCustomer *a,
                          CustcareCustomer *b)
{
  GPtrArray *lists_a[] = { custcare_customer_get_phones (a), custcare_customer_get_emails (a) };
  GPtrArray *lists_b[] = { custcare_customer_get_phones (b), custcare_customer_get_emails (b) };
  int ya, ma, da;

  g_assert_cmpstr (custcare_customer_get_given_name (a), ==, custcare_customer_get_given_name (b));
  g_assert_cmpstr (custcare_customer_get_family_name (a), ==, custcare_customer_get_family_name (b));
  g_assert_cmpstr (custcare_customer_get_display_name (a), ==, custcare_customer_get_display_name (b));
  g_assert_cmpstr (custcare_customer_get_company (a), ==, custcare_customer_get_company (b));
  g_assert_cmpstr (custcare_customer_get_address_street (a), ==, custcare_customer_get_address_street (b));
  g_assert_cmpstr (custcare_customer_get_address_locality (a), ==, custcare_customer_get_address_locality (b));
  g_assert_cmpstr (custcare_customer_get_address_region (a), ==, custcare_customer_get_address_region (b));
  g_assert_cmpstr (custcare_customer_get_address_postal_code (a), ==, custcare_customer_get_address_postal_code (b));
  g_assert_cmpstr (custcare_customer_get_address_country (a), ==, custcare_customer_get_address_country (b));
  g_assert_cmpstr (custcare_customer_get_notes (a), ==, custcare_customer_get_notes (b));
  custcare_customer_get_birthday (a, &ya, &ma, &da);
  assert_birthday (b, ya, ma, da);
  {
    g_autofree char *ta = g_strjoinv ("|", (char **) custcare_customer_get_tags (a));
    g_autofree char *tb = g_strjoinv ("|", (char **) custcare_customer_get_tags (b));

    g_assert_cmpstr (ta, ==, tb);
  }
  for (guint l = 0; l < 2; l++)
    {
      g_assert_cmpuint (lists_a[l]->len, ==, lists_b[l]->len);
      for (guint i = 0; i < lists_a[l]->len; i++)
        {
          CustcareContact *ca = g_ptr_array_index (lists_a[l], i);

          assert_contact (lists_b[l], i, ca->label, ca->value);
        }
    }
}

static void
test_write_format (void)
{
  g_autoptr (CustcareCustomer) c = make_full_customer ();
  g_autofree char *card = custcare_vcard_format_customer (c, CUSTCARE_VCARD_VERSION_4_0);
  g_auto (GStrv) lines = NULL;
  guint n_lines;

  g_assert_true (g_str_has_prefix (card, "BEGIN:VCARD\r\nVERSION:4.0\r\n"));
  g_assert_true (g_str_has_suffix (card, "END:VCARD\r\n"));
  /* Every line ends with CRLF: no bare LF. */
  for (const char *p = card; *p; p++)
    if (*p == '\n')
      g_assert_cmpint (p[-1], ==, '\r');
  lines = g_strsplit (card, "\r\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  for (guint i = 0; i + 1 < n_lines; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      /* Folding never cuts a UTF-8 character: every physical line is valid UTF-8 by itself. */
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
  g_assert_nonnull (strstr (card, "\r\nN:Back\\\\slash\\; Family;Ångström-Éléonore;;;\r\n"));
  g_assert_nonnull (strstr (card, "\r\nORG:Ørsted\\, Sons & Co\\; Ltd\r\n"));
  g_assert_nonnull (strstr (card, "\r\nTEL;TYPE=cell;PREF=1:+49 170 1234567\r\n"));
  g_assert_nonnull (strstr (card, "\r\nTEL;TYPE=\"work,fax\":+49 221 99887766\r\n"));
  g_assert_nonnull (strstr (card, "\r\nitem1.TEL:+49 221 123\r\nitem1.X-ABLabel:Werkstatt\r\n"));
  g_assert_nonnull (strstr (card, "\r\nTEL:0221 555\r\n"));
  g_assert_nonnull (strstr (card, "\r\nitem2.X-ABLabel:Private\\, old\r\n"));
  g_assert_nonnull (strstr (card, "\r\nADR:;;Lange Straße 1\\nHinterhaus\\, 3. OG;Köln;NRW;50667;Deutschland\r\n"));
  g_assert_nonnull (strstr (card, "\r\nBDAY:19840307\r\n"));
  g_assert_nonnull (strstr (card, "\r\nCATEGORIES:VIP,Comma\\, Tag,Semi\\;colon\r\n"));
  g_assert_nonnull (strstr (card, "\r\nNOTE:Line one\\, with comma\\; and semicolon\\nLine two"));

  {
    g_autofree char *card3 = custcare_vcard_format_customer (c, CUSTCARE_VCARD_VERSION_3_0);

    g_assert_nonnull (strstr (card3, "\r\nVERSION:3.0\r\n"));
    g_assert_nonnull (strstr (card3, "\r\nTEL;TYPE=cell,pref:+49 170 1234567\r\n"));
    g_assert_nonnull (strstr (card3, "\r\nBDAY:1984-03-07\r\n"));
  }
  custcare_customer_set_birthday (c, 0, 3, 7);
  {
    g_autofree char *card4 = custcare_vcard_format_customer (c, CUSTCARE_VCARD_VERSION_4_0);
    g_autofree char *card3 = custcare_vcard_format_customer (c, CUSTCARE_VCARD_VERSION_3_0);

    g_assert_nonnull (strstr (card4, "\r\nBDAY:--0307\r\n"));
    g_assert_nonnull (strstr (card3, "\r\nBDAY:--03-07\r\n"));
  }
}

static void
test_write_parse_round_trip (void)
{
  for (int v = CUSTCARE_VCARD_VERSION_3_0; v <= CUSTCARE_VCARD_VERSION_4_0; v++)
    {
      g_autoptr (CustcareCustomer) c = make_full_customer ();
      g_autoptr (CustcareCustomer) company_only = custcare_customer_new ();
      g_autoptr (CustcareCustomer) display = custcare_customer_new ();
      g_autofree char *a = custcare_vcard_format_customer (c, v);
      g_autofree char *b = NULL;
      g_autofree char *d = NULL;
      g_autofree char *all = NULL;
      g_autoptr (GPtrArray) problems = NULL;
      g_autoptr (GPtrArray) customers = NULL;

      custcare_customer_set_company (company_only, "Only A Company");
      custcare_customer_add_email (company_only, "Other", "shop@company.example");
      custcare_customer_set_display_name (display, "Madonna");
      custcare_customer_set_birthday (display, 0, 2, 29);
      b = custcare_vcard_format_customer (company_only, v);
      d = custcare_vcard_format_customer (display, v);
      all = g_strconcat (a, b, d, NULL);
      customers = parse_one_ok (all, &problems);
      g_assert_cmpuint (problems->len, ==, 0);
      g_assert_cmpuint (customers->len, ==, 3);
      assert_same_vcard_fields (c, g_ptr_array_index (customers, 0));
      assert_same_vcard_fields (company_only, g_ptr_array_index (customers, 1));
      assert_same_vcard_fields (display, g_ptr_array_index (customers, 2));
    }
}

/* Import */

static CustcareVcardImportReport *
import_text (Fixture                  *f,
             const char               *text,
             CustcareVcardImportFlags  flags,
             CustcareVcardDuplicates   duplicates,
             GError                  **error)
{
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (text), strlen (text), g_free);

  return custcare_vcard_import (f->store, stream, "test.vcf", strlen (text), flags, duplicates, NULL, NULL, NULL,
                                error);
}

static CustcareVcardImportReport *
import_sample (Fixture                  *f,
               const char               *name,
               CustcareVcardImportFlags  flags,
               CustcareVcardDuplicates   duplicates)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "vcard", name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  CustcareVcardImportReport *report =
    custcare_vcard_import_file (f->store, file, flags, duplicates, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
test_import_batch (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (CustcareVcardImportReport) report =
    import_sample (f, "gnome-contacts-4.0.vcf", 0, CUSTCARE_VCARD_DUPLICATES_SKIP);
  gint64 batch = custcare_vcard_import_report_get_batch_id (report);
  g_autofree char *kind = NULL, *source = NULL;
  g_autoptr (GError) error = NULL;
  gint64 anna_id;
  g_autoptr (CustcareCustomer) anna = NULL;

  g_assert_false (custcare_vcard_import_report_get_dry_run (report));
  g_assert_cmpuint (custcare_vcard_import_report_get_cards (report), ==, 2);
  g_assert_cmpuint (custcare_vcard_import_report_get_imported (report), ==, 2);
  g_assert_cmpint (batch, >, 0);
  kind = custcare_test_query_text (f->store, "SELECT kind FROM import_batches WHERE id = ?1", batch);
  source = custcare_test_query_text (f->store, "SELECT source_name FROM import_batches WHERE id = ?1", batch);
  g_assert_cmpstr (kind, ==, "vcard");
  g_assert_cmpstr (source, ==, "gnome-contacts-4.0.vcf");
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT row_count FROM import_batches WHERE id = ?1", batch), ==, 2);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT created_at FROM import_batches WHERE id = ?1", batch), ==, f->now);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customers WHERE import_batch_id = ?1", batch), ==, 2);

  /* Indexed for search after the load. */
  anna_id = custcare_test_query_int (f->store, "SELECT id FROM customers WHERE family_name = 'Bergström'", 0);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT rowid FROM customer_search WHERE customer_search MATCH 'berg*'", 0),
                   ==, anna_id);
  g_assert_cmpint (custcare_test_query_int (f->store,
                              "SELECT rowid FROM customer_phone_search WHERE customer_phone_search MATCH '1234567'", 0),
                   ==, anna_id);
  anna = custcare_customer_repo_get (f->store, anna_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (custcare_customer_get_import_batch_id (anna), ==, batch);
  assert_tags (anna, "Florist,VIP");
}

static void
test_import_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  static const char *samples[] = { "gnome-contacts-4.0.vcf", "google-contacts-3.0.vcf", "thunderbird-4.0.vcf",
                                   "old-phone-2.1.vcf" };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    for (int v = CUSTCARE_VCARD_VERSION_3_0; v <= CUSTCARE_VCARD_VERSION_4_0; v++)
      {
        g_autoptr (GPtrArray) parsed = parse_sample (samples[s], NULL);
        g_autoptr (CustcareVcardImportReport) report =
          import_sample (f, samples[s], 0, CUSTCARE_VCARD_DUPLICATES_ADD);
        gint64 batch = custcare_vcard_import_report_get_batch_id (report);
        g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autofree char *out_path = g_build_filename (f->dir, "out.vcf", NULL);
        g_autoptr (GFile) out = g_file_new_for_path (out_path);
        g_autoptr (GError) error = NULL;
        g_autoptr (GPtrArray) again = NULL;
        g_autoptr (GBytes) bytes = NULL;
        sqlite3_stmt *stmt = NULL;
        gint64 written;

        g_test_message ("%s as %s", samples[s], v == CUSTCARE_VCARD_VERSION_3_0 ? "3.0" : "4.0");
        sqlite3_prepare_v2 (_custcare_store_get_db (f->store),
                            "SELECT id FROM customers WHERE import_batch_id = ?1 ORDER BY id", -1, &stmt, NULL);
        sqlite3_bind_int64 (stmt, 1, batch);
        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            gint64 id = sqlite3_column_int64 (stmt, 0);
            g_array_append_val (ids, id);
          }
        sqlite3_finalize (stmt);
        g_assert_cmpuint (ids->len, ==, parsed->len);

        written = custcare_vcard_export (f->store, (gint64 *) ids->data, ids->len, v, out, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpint (written, ==, parsed->len);
        bytes = g_file_load_bytes (out, NULL, NULL, &error);
        g_assert_no_error (error);
        again = custcare_vcard_parse (bytes, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (again->len, ==, parsed->len);
        for (guint i = 0; i < parsed->len; i++)
          {
            g_autoptr (CustcareCustomer) stored =
              custcare_customer_repo_get (f->store, g_array_index (ids, gint64, i), &error);

            g_assert_no_error (error);
            /* Tags come back from the database sorted; compare through the stored record. */
            assert_same_vcard_fields (stored, g_ptr_array_index (again, i));
            custcare_customer_set_tags (g_ptr_array_index (parsed, i), custcare_customer_get_tags (stored));
            assert_same_vcard_fields (g_ptr_array_index (parsed, i), stored);
          }
      }
}

static void
test_import_dry_run (Fixture       *f,
                     gconstpointer  data)
{
  const char *text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ok One\nN:One;Ok;;;\nEMAIL:one@example.com\nEND:VCARD\n"
                     "BEGIN:VCARD\nVERSION:3.0\nTEL:+1 555 0100\nEND:VCARD\n"
                     "BEGIN:VCARD\nVERSION:3.0\nN:Two;Ok;;;\nEMAIL:not-an-address\nBDAY:1984-13-40\nEND:VCARD\n";
  g_autofree char *before = db_fingerprint (f->store);
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareVcardImportReport) report =
    import_text (f, text, CUSTCARE_VCARD_IMPORT_DRY_RUN, CUSTCARE_VCARD_DUPLICATES_SKIP, &error);
  GPtrArray *problems;
  CustcareVcardProblem *p;

  g_assert_no_error (error);
  g_assert_true (custcare_vcard_import_report_get_dry_run (report));
  g_assert_cmpuint (custcare_vcard_import_report_get_cards (report), ==, 3);
  g_assert_cmpuint (custcare_vcard_import_report_get_imported (report), ==, 2);
  g_assert_cmpuint (custcare_vcard_import_report_get_cards_skipped (report), ==, 1);
  g_assert_cmpint (custcare_vcard_import_report_get_batch_id (report), ==, 0);
  problems = custcare_vcard_import_report_get_problems (report);
  g_assert_cmpuint (problems->len, ==, 3);
  g_assert_cmpuint (custcare_vcard_import_report_get_n_problems (report), ==, 3);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (p->card, ==, 2);
  g_assert_cmpuint (p->line, ==, 7);
  g_assert_cmpint (p->kind, ==, CUSTCARE_VCARD_PROBLEM_CARD_SKIPPED);
  p = g_ptr_array_index (problems, 1);
  g_assert_cmpuint (p->card, ==, 3);
  g_assert_cmpuint (p->line, ==, 14);
  g_assert_cmpstr (p->property, ==, "EMAIL");
  g_assert_cmpstr (p->value, ==, "not-an-address");
  p = g_ptr_array_index (problems, 2);
  g_assert_cmpuint (p->line, ==, 15);
  g_assert_cmpstr (p->property, ==, "BDAY");
  {
    g_autofree char *line = custcare_vcard_problem_to_string (p);

    g_assert_cmpstr (line, ==,
                     "Card 3 (line 15), BDAY “1984-13-40”: This is not a birthday CustCare can read (a full date "
                     "like 1984-03-07, or a month and day like --03-07); it is left out.");
  }
  after = db_fingerprint (f->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM import_batches", 0), ==, 0);
}

static gint64
add_customer (Fixture    *f,
              const char *given,
              const char *family,
              const char *email,
              const char *phone)
{
  g_autoptr (CustcareCustomer) c = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_customer_set_given_name (c, given);
  custcare_customer_set_family_name (c, family);
  if (email != NULL)
    custcare_customer_add_email (c, "Work", email);
  if (phone != NULL)
    custcare_customer_add_phone (c, "Mobile", phone);
  id = custcare_customer_repo_insert (f->store, c, &error);
  g_assert_no_error (error);
  return id;
}

static const char *dup_text =
  "BEGIN:VCARD\nVERSION:3.0\nN:Bergström;Anna;;;\nEMAIL;TYPE=HOME:ANNA@example.org\nEMAIL:second@example.org\n"
  "TEL;TYPE=CELL:+46 70 123 45 67\nTEL;TYPE=WORK:+46 8 111 222\nORG:Design AB\nNOTE:From the card\n"
  "BDAY:1984-03-07\nADR:;;Storgatan 12;Uppsala;;;\nCATEGORIES:Florist\nEND:VCARD\n"
  "BEGIN:VCARD\nVERSION:3.0\nN:New;Nina;;;\nEMAIL:nina@example.org\nEND:VCARD\n"
  /* The same person twice in one file: the second is a duplicate of the first. */
  "BEGIN:VCARD\nVERSION:3.0\nN:New;Nina;;;\nEMAIL:nina@example.org\nEND:VCARD\n";

static void
test_import_duplicates_skip (Fixture       *f,
                             gconstpointer  data)
{
  gint64 anna = add_customer (f, "Anna", "Bergström", "anna@example.org", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareVcardImportReport) report =
    import_text (f, dup_text, 0, CUSTCARE_VCARD_DUPLICATES_SKIP, &error);
  GPtrArray *problems;
  CustcareVcardProblem *p;
  g_autoptr (CustcareCustomer) stored = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (custcare_vcard_import_report_get_imported (report), ==, 1);
  g_assert_cmpuint (custcare_vcard_import_report_get_duplicates_skipped (report), ==, 2);
  problems = custcare_vcard_import_report_get_problems (report);
  g_assert_cmpuint (problems->len, ==, 2);
  p = g_ptr_array_index (problems, 0);
  g_assert_cmpint (p->kind, ==, CUSTCARE_VCARD_PROBLEM_DUPLICATE);
  g_assert_cmpint (p->duplicate_of, ==, anna);
  g_assert_cmpuint (p->card, ==, 1);
  g_assert_nonnull (strstr (p->message, "Anna Bergström"));
  g_assert_nonnull (strstr (p->message, "same email"));
  p = g_ptr_array_index (problems, 1);
  g_assert_cmpuint (p->card, ==, 3);
  g_assert_cmpint (p->duplicate_of, ==, custcare_test_query_int (f->store, "SELECT id FROM customers WHERE given_name = 'Nina'", 0));
  /* Skipped means untouched. */
  stored = custcare_customer_repo_get (f->store, anna, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (custcare_customer_get_emails (stored)->len, ==, 1);
  g_assert_cmpstr (custcare_customer_get_company (stored), ==, "");
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customers", 0), ==, 2);

  /* Importing the same file again changes nobody: no batch is recorded. */
  {
    g_autoptr (CustcareVcardImportReport) again = import_text (f, dup_text, 0, CUSTCARE_VCARD_DUPLICATES_SKIP, &error);
    gint64 batches = custcare_test_query_int (f->store, "SELECT count(*) FROM import_batches", 0);

    g_assert_no_error (error);
    g_assert_cmpuint (custcare_vcard_import_report_get_imported (again), ==, 0);
    g_assert_cmpuint (custcare_vcard_import_report_get_duplicates_skipped (again), ==, 3);
    g_assert_cmpint (custcare_vcard_import_report_get_batch_id (again), ==, 0);
    g_assert_cmpint (batches, ==, 1);
  }
}

static void
test_import_duplicates_merge (Fixture       *f,
                              gconstpointer  data)
{
  gint64 anna = add_customer (f, "Anna", "Bergström", "anna@example.org", "070 123 45 67");
  g_autoptr (CustcareCustomer) before = NULL;
  g_autoptr (CustcareCustomer) stored = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareVcardImportReport) report = NULL;
  const char *tags[] = { "VIP", NULL };
  GPtrArray *phones, *emails;

  before = custcare_customer_repo_get (f->store, anna, &error);
  g_assert_no_error (error);
  custcare_customer_set_notes (before, "Our own note");
  custcare_customer_set_tags (before, tags);
  custcare_customer_repo_update (f->store, before, &error);
  g_assert_no_error (error);

  report = import_text (f, dup_text, 0, CUSTCARE_VCARD_DUPLICATES_MERGE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (custcare_vcard_import_report_get_merged (report), ==, 2);
  g_assert_cmpuint (custcare_vcard_import_report_get_imported (report), ==, 1);

  stored = custcare_customer_repo_get (f->store, anna, &error);
  g_assert_no_error (error);
  /* Never overwritten... */
  g_assert_cmpstr (custcare_customer_get_notes (stored), ==, "Our own note");
  /* ...empty fields filled... */
  g_assert_cmpstr (custcare_customer_get_company (stored), ==, "Design AB");
  g_assert_cmpstr (custcare_customer_get_address_street (stored), ==, "Storgatan 12");
  assert_birthday (stored, 1984, 3, 7);
  /* ...new phones, emails and tags added; the same number written differently is not added. */
  phones = custcare_customer_get_phones (stored);
  emails = custcare_customer_get_emails (stored);
  g_assert_cmpuint (phones->len, ==, 2);
  assert_contact (phones, 0, "Mobile", "070 123 45 67");
  assert_contact (phones, 1, "Work", "+46 8 111 222");
  g_assert_cmpuint (emails->len, ==, 2);
  assert_contact (emails, 0, "Work", "anna@example.org");
  assert_contact (emails, 1, "", "second@example.org");
  assert_tags (stored, "Florist,VIP");
  /* The merged customer keeps their own batch: a revert of the import does not delete them. */
  g_assert_cmpint (custcare_customer_get_import_batch_id (stored), ==, 0);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customers", 0), ==, 2);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT rowid FROM customer_search WHERE customer_search MATCH 'design'", 0),
                   ==, anna);
}

static void
cancel_on_progress (double   fraction,
                    gpointer user_data)
{
  GCancellable *cancellable = user_data;

  if (fraction > 0.3)
    g_cancellable_cancel (cancellable);
}

static GString *
many_cards (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text,
                            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person %u\r\nN:Person;Number %u;;;\r\n"
                            "EMAIL:person%u@example.com\r\nTEL:+1 555 %07u\r\nNOTE:%s\r\nEND:VCARD\r\n",
                            i, i, i, i, "Some notes about this person that make the file a bit longer.");
  return text;
}

static void
test_import_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GString) text = many_cards (3000);
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_data (text->str, text->len, NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  CustcareVcardImportReport *report;

  add_customer (f, "Existing", "Customer", "existing@example.com", NULL);
  before = db_fingerprint (f->store);
  report = custcare_vcard_import (f->store, stream, "big.vcf", text->len, 0, CUSTCARE_VCARD_DUPLICATES_SKIP,
                                  cancellable, cancel_on_progress, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = db_fingerprint (f->store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM import_batches", 0), ==, 0);
  /* The connection is usable afterwards. */
  add_customer (f, "After", "Cancel", NULL, NULL);
}

typedef struct
{
  GMainLoop                 *loop;
  CustcareVcardImportReport *report;
  GError                    *error;
  guint                      progress_calls;
  double                     last_fraction;
  GThread                   *main_thread;
} AsyncState;

static void
async_progress (double   fraction,
                gpointer user_data)
{
  AsyncState *state = user_data;

  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpfloat (fraction, >=, state->last_fraction);
  state->last_fraction = fraction;
  state->progress_calls++;
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->report = custcare_vcard_import_file_finish (CUSTCARE_STORE (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_import_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GString) text = many_cards (2000);
  g_autofree char *path = g_build_filename (f->dir, "many.vcf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  AsyncState state = { 0 };
  gint64 t0;

  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
  state.loop = g_main_loop_new (NULL, FALSE);
  state.main_thread = g_thread_self ();
  t0 = g_get_monotonic_time ();
  custcare_vcard_import_file_async (f->store, file, 0, CUSTCARE_VCARD_DUPLICATES_SKIP, NULL, async_progress, &state,
                                    async_done, &state);
  g_main_loop_run (state.loop);
  g_test_message ("2000 cards imported in %.0f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.report);
  g_assert_cmpuint (custcare_vcard_import_report_get_imported (state.report), ==, 2000);
  /* Let queued progress calls run before the state goes away. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (state.progress_calls, >=, 10);
  g_assert_cmpfloat (state.last_fraction, ==, 1.0);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customers", 0), ==, 2000);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customer_search", 0), ==, 2000);
  custcare_vcard_import_report_unref (state.report);
  g_main_loop_unref (state.loop);
}

/* Hostile files: each fails with a clear message, and nothing is written. */

static void
assert_import_fails (Fixture    *f,
                     GBytes     *bytes,
                     int         code,
                     const char *message_part)
{
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = db_fingerprint (f->store);
  g_autofree char *after = NULL;
  CustcareVcardImportReport *report =
    custcare_vcard_import (f->store, stream, "bad.vcf", g_bytes_get_size (bytes), 0, CUSTCARE_VCARD_DUPLICATES_ADD,
                           NULL, NULL, NULL, &error);

  g_assert_null (report);
  g_assert_error (error, CUSTCARE_VCARD_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, message_part));
  after = db_fingerprint (f->store);
  g_assert_cmpstr (before, ==, after);
}

#define B(literal) literal, sizeof (literal) - 1

static void
test_hostile_small (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    const char *bytes;
    gsize       len;
    int         code;
    const char *message;
  } cases[] = {
    { B (""), CUSTCARE_VCARD_ERROR_EMPTY, "The file is empty" },
    { B ("\r\n\n  \n"), CUSTCARE_VCARD_ERROR_EMPTY, "The file is empty" },
    { B ("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), CUSTCARE_VCARD_ERROR_NOT_VCARD, "Line 1" },
    { B ("name,email\nAnna,anna@example.com\n"), CUSTCARE_VCARD_ERROR_NOT_VCARD, "Line 1 is not part of a contact card" },
    { B ("BEGIN:VCARD\nVERSION:3.0\nFN:A\0B\nEND:VCARD\n"), CUSTCARE_VCARD_ERROR_NOT_VCARD, "Line 3 contains a NUL" },
    { B ("BEGIN:VCARD\nVERSION:3.0\nFN:\xff\xfe\xfd\nEND:VCARD\n"), CUSTCARE_VCARD_ERROR_ENCODING,
      "Line 3 (FN) is not UTF-8" },
    { B ("BEGIN:VCARD\nVERSION:3.0\nFN:Cut Short\nEMAIL:a@example.com\n"), CUSTCARE_VCARD_ERROR_UNTERMINATED,
      "starts on line 1 has no END:VCARD" },
    { B ("BEGIN:VCARD\nFN:One\nBEGIN:VCARD\nFN:Two\nEND:VCARD\n"), CUSTCARE_VCARD_ERROR_UNTERMINATED,
      "next card on line 3" },
    { B ("BEGIN:VCARD\nFN:One\nEND:VCARD\ntrailing junk\n"), CUSTCARE_VCARD_ERROR_NOT_VCARD, "Line 4" },
    { B ("BEGIN:VCARD\nFN:One\nNOTE;ENCODING=b:AAAA\nEND:VCARD\n"), CUSTCARE_VCARD_ERROR_NOT_VCARD,
      "Line 3 (NOTE) decodes to binary" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (cases[i].bytes, cases[i].len);

      g_test_message ("case %u", i);
      assert_import_fails (f, bytes, cases[i].code, cases[i].message);
    }
}

/* ASan's quarantine keeps freed memory, so memory bounds are checked in normal builds only. */
static glong peak_rss_kib (void);

static void
assert_rss_growth_below (glong before_kib,
                         glong limit_kib)
{
  if (g_getenv ("CUSTCARE_SANITIZED") != NULL)
    return;
  g_assert_cmpint (peak_rss_kib () - before_kib, <, limit_kib);
}

static glong
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* A stream of @size bytes: a card whose NOTE (or PHOTO) goes on and on, made up as it is read so
 * the test itself needs no memory for it. */
typedef struct
{
  GInputStream parent_instance;
  goffset      size;
  goffset      pos;
  const char  *head;
  const char  *fill;
} HugeStream;

typedef struct
{
  GInputStreamClass parent_class;
} HugeStreamClass;

static GType huge_stream_get_type (void);
G_DEFINE_TYPE (HugeStream, huge_stream, G_TYPE_INPUT_STREAM)

static gssize
huge_stream_read (GInputStream  *stream,
                  void          *buffer,
                  gsize          count,
                  GCancellable  *cancellable,
                  GError       **error)
{
  HugeStream *self = (HugeStream *) stream;
  gsize head_len = strlen (self->head), fill_len = strlen (self->fill);
  gsize n = 0;

  while (n < count && self->pos < self->size)
    {
      const char *from;
      gsize avail;

      if ((gsize) self->pos < head_len)
        {
          from = self->head + self->pos;
          avail = head_len - self->pos;
        }
      else
        {
          gsize offset = (self->pos - head_len) % fill_len;

          from = self->fill + offset;
          avail = fill_len - offset;
        }
      avail = MIN (avail, MIN (count - n, (gsize) (self->size - self->pos)));
      memcpy ((char *) buffer + n, from, avail);
      n += avail;
      self->pos += avail;
    }
  return n;
}

static void
huge_stream_class_init (HugeStreamClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = huge_stream_read;
}

static void
huge_stream_init (HugeStream *self)
{
}

static void
test_hostile_huge_property (Fixture       *f,
                            gconstpointer  data)
{
  HugeStream *huge = g_object_new (huge_stream_get_type (), NULL);
  g_autoptr (GInputStream) stream = G_INPUT_STREAM (huge);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = db_fingerprint (f->store);
  g_autofree char *after = NULL;
  glong rss_before = peak_rss_kib ();
  CustcareVcardImportReport *report;

  huge->size = 100 * 1024 * 1024;
  huge->head = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Huge\r\nPHOTO;ENCODING=b:";
  huge->fill = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=";
  report = custcare_vcard_import (f->store, stream, "huge.vcf", huge->size, 0, CUSTCARE_VCARD_DUPLICATES_ADD, NULL,
                                  NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "Line 4 (PHOTO) is larger than 1 MiB"));
  /* It stopped soon after the first MiB instead of reading 100 MB. */
  g_assert_cmpint (huge->pos, <, 2 * 1024 * 1024);
  assert_rss_growth_below (rss_before, 16 * 1024);
  after = db_fingerprint (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_hostile_folded_huge (Fixture       *f,
                          gconstpointer  data)
{
  /* The same, with the property folded into short lines: the logical line is capped too. */
  HugeStream *huge = g_object_new (huge_stream_get_type (), NULL);
  g_autoptr (GInputStream) stream = G_INPUT_STREAM (huge);
  g_autoptr (GError) error = NULL;
  CustcareVcardImportReport *report;

  huge->size = 100 * 1024 * 1024;
  huge->head = "BEGIN:VCARD\nVERSION:3.0\nFN:Huge\nNOTE:";
  huge->fill = "abcdefghijklmnopqrstuvwxyz\r\n ";
  report = custcare_vcard_import (f->store, stream, "huge.vcf", huge->size, 0, CUSTCARE_VCARD_DUPLICATES_ADD, NULL,
                                  NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "Line 4 (NOTE)"));
  g_assert_cmpint (huge->pos, <, 2 * 1024 * 1024);
}

static void
test_hostile_many_properties (Fixture       *f,
                              gconstpointer  data)
{
  HugeStream *huge = g_object_new (huge_stream_get_type (), NULL);
  g_autoptr (GInputStream) stream = G_INPUT_STREAM (huge);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = db_fingerprint (f->store);
  g_autofree char *after = NULL;
  glong rss_before = peak_rss_kib ();
  CustcareVcardImportReport *report;

  /* A card of a million TEL lines. */
  huge->size = 20 * 1024 * 1024;
  huge->head = "BEGIN:VCARD\nVERSION:3.0\nFN:Many\n";
  huge->fill = "TEL:+1 555 0100\nCATEGORIES:a,b,c,d,e,f,g,h\n";
  report = custcare_vcard_import (f->store, stream, "many.vcf", huge->size, 0, CUSTCARE_VCARD_DUPLICATES_ADD, NULL,
                                  NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "starts on line 1 has more than 5000 lines"));
  g_assert_cmpint (huge->pos, <, 1024 * 1024);
  assert_rss_growth_below (rss_before, 16 * 1024);
  after = db_fingerprint (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_hostile_many_lines_between (Fixture       *f,
                                 gconstpointer  data)
{
  /* A million X- lines inside one card (properties that are read past) hit the same limit. */
  HugeStream *huge = g_object_new (huge_stream_get_type (), NULL);
  g_autoptr (GInputStream) stream = G_INPUT_STREAM (huge);
  g_autoptr (GError) error = NULL;
  CustcareVcardImportReport *report;

  huge->size = 30 * 1024 * 1024;
  huge->head = "BEGIN:VCARD\nVERSION:3.0\nFN:Many\n";
  huge->fill = "X-IGNORED:yes\n";
  report = custcare_vcard_import (f->store, stream, "many.vcf", huge->size, 0, CUSTCARE_VCARD_DUPLICATES_ADD, NULL,
                                  NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_TOO_LARGE);
}

static void
test_many_cards_bounded_memory (Fixture       *f,
                                gconstpointer  data)
{
  /* 40,000 cards are parsed and written one at a time, never all held as records (fewer in the
   * slow sanitizer build, which does not check memory). */
  guint n_cards = g_getenv ("CUSTCARE_SANITIZED") != NULL ? 4000 : 40000;
  g_autoptr (GString) text = many_cards (n_cards);
  g_autoptr (GInputStream) stream = g_memory_input_stream_new_from_data (text->str, text->len, NULL);
  g_autoptr (GError) error = NULL;
  glong rss_before = peak_rss_kib ();
  g_autoptr (CustcareVcardImportReport) report = NULL;
  gint64 t0 = g_get_monotonic_time ();

  report = custcare_vcard_import (f->store, stream, "many.vcf", text->len, CUSTCARE_VCARD_IMPORT_DRY_RUN,
                                  CUSTCARE_VCARD_DUPLICATES_ADD, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%u cards (%zu bytes), dry run: %.0f ms, peak RSS +%ld KiB", n_cards, text->len,
                  (g_get_monotonic_time () - t0) / 1000.0, peak_rss_kib () - rss_before);
  g_assert_cmpuint (custcare_vcard_import_report_get_imported (report), ==, n_cards);
  /* The 8 MB of text plus SQLite's page cache (32 MiB per connection), not the 40,000 records. */
  assert_rss_growth_below (rss_before, 64 * 1024);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customers", 0), ==, 0);
}

/* Export */

static void
test_export_atomic (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "contacts.vcf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();
  g_autoptr (GDir) dir = NULL;
  const char *name;
  gint64 missing = 999999, written;
  guint files = 0;

  g_assert_true (_custcare_store_exec (f->store, "BEGIN", NULL));
  for (guint i = 0; i < 1500; i++)
    {
      g_autofree char *given = g_strdup_printf ("Person %u", i);
      g_autofree char *email = g_strdup_printf ("p%u@example.com", i);
      g_autoptr (CustcareCustomer) c = custcare_customer_new ();
      gint64 id;

      custcare_customer_set_given_name (c, given);
      custcare_customer_add_email (c, "", email);
      custcare_customer_set_notes (c, "A note long enough that 1500 cards are more than one 64 KiB write.");
      id = _custcare_customer_repo_insert_in_transaction (f->store, c, 0, &error);
      g_assert_no_error (error);
      g_array_append_val (ids, id);
    }
  g_assert_true (custcare_store_commit (f->store, NULL));

  g_file_set_contents (path, "the old file\n", -1, &error);
  g_assert_no_error (error);

  /* A customer that no longer exists at the end: the export fails after writing >64 KiB. */
  g_array_append_val (ids, missing);
  written = custcare_vcard_export (f->store, (gint64 *) ids->data, ids->len, CUSTCARE_VCARD_VERSION_4_0, file, NULL,
                                   &error);
  g_assert_cmpint (written, ==, -1);
  g_assert_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "the old file\n");
  g_clear_pointer (&contents, g_free);

  /* Cancelled: the same. */
  g_cancellable_cancel (cancelled);
  written = custcare_vcard_export (f->store, (gint64 *) ids->data, ids->len - 1, CUSTCARE_VCARD_VERSION_4_0, file,
                                   cancelled, &error);
  g_assert_cmpint (written, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_cmpstr (contents, ==, "the old file\n");
  g_clear_pointer (&contents, g_free);

  /* No temporary file is left behind (shop.db, its -wal/-shm, and contacts.vcf). */
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_test_message ("left in the folder: %s", name);
      g_assert_true (g_str_has_prefix (name, "shop.db") || g_str_equal (name, "contacts.vcf"));
      files++;
    }
  g_assert_cmpuint (files, >=, 2);

  /* And a good export replaces it. */
  written = custcare_vcard_export (f->store, (gint64 *) ids->data, ids->len - 1, CUSTCARE_VCARD_VERSION_4_0, file,
                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (written, ==, 1500);
  {
    g_autoptr (GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &error);
    g_autoptr (GPtrArray) again = custcare_vcard_parse (bytes, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (again->len, ==, 1500);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vcard/sample/gnome-contacts", test_sample_gnome);
  g_test_add_func ("/vcard/sample/google-contacts", test_sample_google);
  g_test_add_func ("/vcard/sample/thunderbird", test_sample_thunderbird);
  g_test_add_func ("/vcard/sample/old-phone-2.1", test_sample_v21);
  g_test_add_func ("/vcard/parse/folding", test_folding);
  g_test_add_func ("/vcard/parse/quoted-printable", test_quoted_printable);
  g_test_add_func ("/vcard/parse/base64", test_base64);
  g_test_add_func ("/vcard/parse/escaping", test_escaping);
  g_test_add_func ("/vcard/parse/bday", test_bday_forms);
  g_test_add_func ("/vcard/parse/types", test_types);
  g_test_add_func ("/vcard/parse/categories", test_categories);
  g_test_add_func ("/vcard/parse/no-name-and-junk", test_no_name_and_junk);
  g_test_add_func ("/vcard/parse/charset", test_charset);
  g_test_add_func ("/vcard/parse/byte-order-mark", test_byte_order_mark);
  g_test_add_func ("/vcard/write/format", test_write_format);
  g_test_add_func ("/vcard/write/round-trip", test_write_parse_round_trip);
  g_test_add ("/vcard/import/batch", Fixture, NULL, fixture_setup, test_import_batch, fixture_teardown);
  g_test_add ("/vcard/import/round-trip", Fixture, NULL, fixture_setup, test_import_round_trip, fixture_teardown);
  g_test_add ("/vcard/import/dry-run", Fixture, NULL, fixture_setup, test_import_dry_run, fixture_teardown);
  g_test_add ("/vcard/import/duplicates-skip", Fixture, NULL, fixture_setup, test_import_duplicates_skip,
              fixture_teardown);
  g_test_add ("/vcard/import/duplicates-merge", Fixture, NULL, fixture_setup, test_import_duplicates_merge,
              fixture_teardown);
  g_test_add ("/vcard/import/cancel", Fixture, NULL, fixture_setup, test_import_cancel, fixture_teardown);
  g_test_add ("/vcard/import/async", Fixture, NULL, fixture_setup, test_import_async, fixture_teardown);
  g_test_add ("/vcard/hostile/small", Fixture, NULL, fixture_setup, test_hostile_small, fixture_teardown);
  g_test_add ("/vcard/hostile/huge-property", Fixture, NULL, fixture_setup, test_hostile_huge_property,
              fixture_teardown);
  g_test_add ("/vcard/hostile/huge-folded-property", Fixture, NULL, fixture_setup, test_hostile_folded_huge,
              fixture_teardown);
  g_test_add ("/vcard/hostile/many-properties", Fixture, NULL, fixture_setup, test_hostile_many_properties,
              fixture_teardown);
  g_test_add ("/vcard/hostile/many-ignored-lines", Fixture, NULL, fixture_setup, test_hostile_many_lines_between,
              fixture_teardown);
  g_test_add ("/vcard/hostile/many-cards-bounded-memory", Fixture, NULL, fixture_setup,
              test_many_cards_bounded_memory, fixture_teardown);
  g_test_add ("/vcard/export/atomic", Fixture, NULL, fixture_setup, test_export_atomic, fixture_teardown);

  return g_test_run ();
}
