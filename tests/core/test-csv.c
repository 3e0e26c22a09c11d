/* test-csv.c — the CSV reader and writer, dates and header guesses (no database)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "custcare-csv.h"
#include "custcare-import-private.h"

/* A stream of a header line followed by @size bytes of 'x' and nothing else, made up as it is
 * read: a 100 MB hostile file without 100 MB of memory in the test. */
#define TEST_TYPE_ENDLESS_STREAM (test_endless_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestEndlessStream, test_endless_stream, TEST, ENDLESS_STREAM, GInputStream)

struct _TestEndlessStream
{
  GInputStream parent_instance;
  guint64      size;
  guint64      offset;
};

G_DEFINE_FINAL_TYPE (TestEndlessStream, test_endless_stream, G_TYPE_INPUT_STREAM)

static const char endless_header[] = "Name,Notes\nAda,\"";

static gssize
test_endless_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  TestEndlessStream *self = TEST_ENDLESS_STREAM (stream);
  guint8 *out = buffer;
  gsize n = 0;

  while (n < count && self->offset < self->size)
    {
      out[n++] = self->offset < sizeof endless_header - 1 ? endless_header[self->offset] : 'x';
      self->offset++;
    }
  return n;
}

static void
test_endless_stream_class_init (TestEndlessStreamClass *klass)
{
  G_INPUT_STREAM_CLASS (klass)->read_fn = test_endless_stream_read;
}

static void
test_endless_stream_init (TestEndlessStream *self)
{
}

static CustcareCsvReader *
reader_for (const char *data,
            gssize      len)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);

  return custcare_csv_reader_new_for_bytes (bytes, NULL);
}

/* Reads every row; returns them joined as "a|b\n" lines, or NULL with @error. */
static char *
read_all (const char  *data,
          gssize       len,
          GError     **error)
{
  g_autoptr (CustcareCsvReader) reader = reader_for (data, len);
  g_autoptr (GString) out = g_string_new (NULL);

  for (;;)
    {
      GError *local_error = NULL;
      g_auto (GStrv) row = custcare_csv_reader_read_row (reader, NULL, &local_error);

      if (row == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return NULL;
            }
          break;
        }
      for (guint i = 0; row[i] != NULL; i++)
        g_string_append_printf (out, "%s%s", i ? "|" : "", row[i]);
      g_string_append_c (out, '\n');
    }
  return g_strdup (out->str);
}

static void
assert_format (const char          *data,
               CustcareCsvEncoding  encoding,
               char                 delimiter)
{
  g_autoptr (CustcareCsvReader) reader = reader_for (data, -1);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) row = custcare_csv_reader_read_row (reader, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  g_assert_cmpint (custcare_csv_reader_get_format (reader)->encoding, ==, encoding);
  g_assert_cmpint (custcare_csv_reader_get_format (reader)->delimiter, ==, delimiter);
}

static void
test_detect_delimiter (void)
{
  assert_format ("First name,Last name,City\nAda,Lovelace,London\nBob,Smith,Leeds\n", CUSTCARE_CSV_ENCODING_UTF8, ',');
  assert_format ("Vorname;Nachname;Ort\nAda;Lovelace;Köln\nBob;Smith;\"Bonn, Beuel\"\n",
                 CUSTCARE_CSV_ENCODING_UTF8, ';');
  assert_format ("Name\tPhone\tNotes\nAda\t555 1234\tlikes tea, milk\nBob\t555 9876\t\n", CUSTCARE_CSV_ENCODING_UTF8,
                 '\t');
  /* Commas inside every name ("Lovelace, Ada") but semicolons between the fields. */
  assert_format ("Name;Email\n\"Lovelace, Ada\";ada@example.com\n\"Smith, Bob\";bob@example.com\n",
                 CUSTCARE_CSV_ENCODING_UTF8, ';');
  /* One column: nothing to split on. */
  assert_format ("Name\nAda\nBob\n", CUSTCARE_CSV_ENCODING_UTF8, ',');
}

static void
test_detect_encoding (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *rows = NULL;
  g_autoptr (GString) late = g_string_new ("Name;City\n");

  /* UTF-8 with a BOM: the mark is not part of the first header. */
  assert_format ("\xEF\xBB\xBFName,City\nZoë,Köln\n", CUSTCARE_CSV_ENCODING_UTF8_BOM, ',');
  rows = read_all ("\xEF\xBB\xBFName,City\nZoë,Köln\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rows, ==, "Name|City\nZoë|Köln\n");
  g_clear_pointer (&rows, g_free);

  /* Windows-1252 as Excel saves it: ü ö € and the typographic quote of 0x92 become UTF-8. */
  assert_format ("Name;Ort\nM\xFCller;K\xF6ln\n", CUSTCARE_CSV_ENCODING_WINDOWS_1252, ';');
  rows = read_all ("Name;Ort;Notes\nM\xFCller;K\xF6ln;10 \x80 it\x92s\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rows, ==, "Name|Ort|Notes\nMüller|Köln|10 € it’s\n");
  g_clear_pointer (&rows, g_free);

  /* Plain ASCII for the first 64 KiB, then the first Latin-1 letter: still Windows-1252. */
  for (guint i = 0; late->len < 70 * 1024; i++)
    g_string_append_printf (late, "Customer %u;Bonn\n", i);
  g_string_append (late, "J\xFCrgen;M\xFCnchen\n");
  rows = read_all (late->str, late->len, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (rows, "Jürgen|München\n"));
  g_clear_pointer (&rows, g_free);

  /* UTF-8 that goes bad is not silently garbled: the line is named, near the start... */
  g_string_assign (late, "Name;City\nZoë;Köln\nJ\xFCrgen;Bonn\n");
  rows = read_all (late->str, late->len, &error);
  g_assert_error (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "Line 3"));
  g_assert_null (rows);
  g_clear_error (&error);

  /* ...and far beyond what detection looked at. */
  g_string_assign (late, "Name;City\nZoë;Köln\n");
  for (guint i = 0; late->len < 70 * 1024; i++)
    g_string_append_printf (late, "Customer %u;Bonn\n", i);
  g_string_append (late, "J\xFCrgen;M\xFCnchen\n");
  rows = read_all (late->str, late->len, &error);
  g_assert_error (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_ENCODING);
  {
    guint line = 1;
    g_autofree char *where = NULL;

    for (const char *p = late->str; p < strstr (late->str, "J\xFC"); p++)
      line += *p == '\n';
    where = g_strdup_printf ("Line %u ", line);
    g_assert_nonnull (strstr (error->message, where));
  }
  g_assert_nonnull (strstr (error->message, "is not valid UTF-8"));
  g_assert_null (rows);
}

static void
test_quoting (void)
{
  static const char data[] =
    "Name,Notes,Phone\r\n"
    "\"Lovelace, Ada\",\"Said \"\"hello\"\"\r\nand left\",555 1234\r\n"
    "Bob,,\r\n"
    "\r\n"
    "\"\",\"multi\nline\nnote\",\"\"\n"
    "Cleo,plain \"quote\" inside,x";
  g_autoptr (CustcareCsvReader) reader = reader_for (data, -1);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) header = NULL;
  g_auto (GStrv) ada = NULL;
  g_auto (GStrv) bob = NULL;
  g_auto (GStrv) third = NULL;
  g_auto (GStrv) cleo = NULL;
  g_auto (GStrv) end = NULL;

  header = custcare_csv_reader_read_row (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (custcare_csv_reader_get_line (reader), ==, 1);
  ada = custcare_csv_reader_read_row (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ada), ==, 3);
  g_assert_cmpstr (ada[0], ==, "Lovelace, Ada");
  g_assert_cmpstr (ada[1], ==, "Said \"hello\"\r\nand left");
  g_assert_cmpstr (ada[2], ==, "555 1234");
  g_assert_cmpuint (custcare_csv_reader_get_line (reader), ==, 2);
  g_assert_cmpuint (custcare_csv_reader_get_row (reader), ==, 2);

  bob = custcare_csv_reader_read_row (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (bob), ==, 3);
  g_assert_cmpstr (bob[1], ==, "");
  g_assert_cmpstr (bob[2], ==, "");
  /* Ada's note took two lines. */
  g_assert_cmpuint (custcare_csv_reader_get_line (reader), ==, 4);

  /* The blank line 5 is skipped. */
  third = custcare_csv_reader_read_row (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (custcare_csv_reader_get_line (reader), ==, 6);
  g_assert_cmpuint (custcare_csv_reader_get_row (reader), ==, 4);
  g_assert_cmpstr (third[0], ==, "");
  g_assert_cmpstr (third[1], ==, "multi\nline\nnote");
  g_assert_cmpstr (third[2], ==, "");

  /* The last line has no line end; a quote inside an unquoted field is just a character. */
  cleo = custcare_csv_reader_read_row (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (custcare_csv_reader_get_line (reader), ==, 9);
  g_assert_cmpstr (cleo[1], ==, "plain \"quote\" inside");
  g_assert_cmpstr (cleo[2], ==, "x");

  end = custcare_csv_reader_read_row (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (end);
  g_assert_cmpuint (custcare_csv_reader_get_bytes_read (reader), ==, strlen (data));
}

static void
assert_refused (const char       *data,
                gssize            len,
                CustcareCsvError  code,
                const char       *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *rows = read_all (data, len, &error);

  g_assert_null (rows);
  g_assert_error (error, CUSTCARE_CSV_ERROR, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
}

static void
test_hostile (void)
{
  g_autoptr (GString) wide = g_string_new (NULL);
  g_autoptr (GString) big = g_string_new ("Name,Notes\nAda,\"");
  g_autoptr (GRand) rand = g_rand_new_with_seed (4181);
  guint8 garbage[4096];

  assert_refused ("", 0, CUSTCARE_CSV_ERROR_EMPTY, "empty");
  assert_refused ("\n\r\n  \n", -1, CUSTCARE_CSV_ERROR_EMPTY, "empty");
  assert_refused ("Name,Notes\nAda,fine\nBob,\"never closed\nCleo,x\n", -1, CUSTCARE_CSV_ERROR_UNBALANCED_QUOTE,
                  "line 3");
  assert_refused ("Name,Notes\nAda,n\0ul\n", 20, CUSTCARE_CSV_ERROR_BINARY, "NUL");
  assert_refused ("\xFF\xFEN\0a\0m\0e\0", 10, CUSTCARE_CSV_ERROR_ENCODING, "UTF-16");
  /* Bytes Windows-1252 does not have, in a file that is not UTF-8 either. */
  assert_refused ("Name\n\x81\x8D\x8F\x90\x9D\n", -1, CUSTCARE_CSV_ERROR_ENCODING, "neither UTF-8 nor Windows-1252");
  /* A PNG picture. */
  assert_refused ("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16, CUSTCARE_CSV_ERROR_BINARY, NULL);

  /* Random bytes: refused as binary (or as not text), never read as rows. */
  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = g_rand_int_range (rand, 1, 256);
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *rows = read_all ((const char *) garbage, sizeof garbage, &error);

    g_assert_null (rows);
    g_assert_true (g_error_matches (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_BINARY) ||
                   g_error_matches (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_ENCODING));
  }

  /* 10,000 columns. */
  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (wide, "%sc%u", i ? "," : "", i);
  g_string_append_c (wide, '\n');
  assert_refused (wide->str, wide->len, CUSTCARE_CSV_ERROR_TOO_MANY_COLUMNS, "1000 columns");

  /* A field of 2 MiB (the cap is 1 MiB). */
  while (big->len < 2 * 1024 * 1024)
    g_string_append (big, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (big, "\"\n");
  assert_refused (big->str, big->len, CUSTCARE_CSV_ERROR_FIELD_TOO_LONG, "1 MiB");
}

static void
test_huge_field_streams (void)
{
  g_autoptr (TestEndlessStream) stream = g_object_new (TEST_TYPE_ENDLESS_STREAM, NULL);
  g_autoptr (CustcareCsvReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) header = NULL;
  g_auto (GStrv) row = NULL;

  /* 100 MB in one quoted field: refused after reading little more than the cap. */
  stream->size = 100 * 1000 * 1000;
  reader = custcare_csv_reader_new (G_INPUT_STREAM (stream), NULL);
  header = custcare_csv_reader_read_row (reader, NULL, &error);
  g_assert_no_error (error);
  row = custcare_csv_reader_read_row (reader, NULL, &error);
  g_assert_null (row);
  g_assert_error (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_FIELD_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_cmpuint (stream->offset, <, 2 * CUSTCARE_CSV_MAX_FIELD_BYTES);
  g_assert_cmpuint (custcare_csv_reader_get_bytes_read (reader), <=, CUSTCARE_CSV_MAX_FIELD_BYTES + 64 * 1024);
}

static void
test_writer (void)
{
  const char *fields[] = {
    "plain", "a,b", "say \"hi\"", "line\nbreak", "=SUM(A1:A9)", "+49 30 1234", "-5", "@cmd", "'=kept", "'plain",
    "", NULL, "Zoë",
  };
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (CustcareCsvReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) row = NULL;

  custcare_csv_append_row (out, fields, G_N_ELEMENTS (fields));
  g_assert_cmpstr (out->str, ==,
                   "plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",'=SUM(A1:A9),'+49 30 1234,'-5,'@cmd,''=kept,"
                   "'plain,,,Zoë\r\n");

  /* Read back, with the apostrophes taken off again, every value is as it was. */
  reader = reader_for (out->str, out->len);
  row = custcare_csv_reader_read_row (reader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (row), ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (custcare_csv_unprotect_cell (row[i]), ==, fields[i] != NULL ? fields[i] : "");
}

static void
test_writer_round_trip_random (void)
{
  static const char *pieces[] = { "a", "Zoë", ",", ";", "\"", "\n", "\r\n", "\r", "=", "+", "-", "@", "'", "\t", " ",
                                  "1", "€" };
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261203);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (CustcareCsvReader) reader = NULL;

  for (guint r = 0; r < 500; r++)
    {
      guint n = g_rand_int_range (rand, 2, 8);
      char **fields = g_new0 (char *, n + 1);

      for (guint i = 0; i < n; i++)
        {
          GString *field = g_string_new (NULL);
          guint len = g_rand_int_range (rand, 0, 6);

          for (guint k = 0; k < len; k++)
            g_string_append (field, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
          fields[i] = g_string_free (field, FALSE);
        }
      custcare_csv_append_row (out, (const char * const *) fields, n);
      g_ptr_array_add (rows, fields);
    }

  reader = reader_for (out->str, out->len);
  for (guint r = 0; r < rows->len; r++)
    {
      char **expected = g_ptr_array_index (rows, r);
      g_autoptr (GError) error = NULL;
      g_auto (GStrv) row = custcare_csv_reader_read_row (reader, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (row);
      g_assert_cmpuint (g_strv_length (row), ==, g_strv_length (expected));
      for (guint i = 0; expected[i] != NULL; i++)
        g_assert_cmpstr (custcare_csv_unprotect_cell (row[i]), ==, expected[i]);
    }
}

static void
assert_date (const char        *text,
             CustcareDateOrder  order,
             int                year,
             int                month,
             int                day)
{
  int y = -1, m = -1, d = -1;

  if (!custcare_import_parse_date (text, order, &y, &m, &d))
    g_error ("“%s” was not read as a date", text);
  g_assert_cmpint (y, ==, year);
  g_assert_cmpint (m, ==, month);
  g_assert_cmpint (d, ==, day);
}

static void
test_dates (void)
{
  const guint dmy = 1u << CUSTCARE_DATE_ORDER_DMY, mdy = 1u << CUSTCARE_DATE_ORDER_MDY;
  const guint all = dmy | mdy | (1u << CUSTCARE_DATE_ORDER_YMD);

  assert_date ("1984-03-07", CUSTCARE_DATE_ORDER_UNKNOWN, 1984, 3, 7);
  assert_date ("1984/3/7", CUSTCARE_DATE_ORDER_MDY, 1984, 3, 7);
  assert_date ("2026-03-01T10:20:30Z", CUSTCARE_DATE_ORDER_UNKNOWN, 2026, 3, 1);
  assert_date ("03-07", CUSTCARE_DATE_ORDER_UNKNOWN, 0, 3, 7);
  assert_date ("--03-07", CUSTCARE_DATE_ORDER_UNKNOWN, 0, 3, 7);
  assert_date ("07.03.1984", CUSTCARE_DATE_ORDER_UNKNOWN, 1984, 3, 7);
  assert_date ("7.3.84", CUSTCARE_DATE_ORDER_MDY, 1984, 3, 7);  /* dots are always day first */
  assert_date ("07.03.", CUSTCARE_DATE_ORDER_UNKNOWN, 0, 3, 7);
  assert_date ("07/03/1984", CUSTCARE_DATE_ORDER_DMY, 1984, 3, 7);
  assert_date ("07/03/1984", CUSTCARE_DATE_ORDER_MDY, 1984, 7, 3);
  assert_date ("3/7/05", CUSTCARE_DATE_ORDER_MDY, 2005, 3, 7);
  assert_date ("29/02", CUSTCARE_DATE_ORDER_DMY, 0, 2, 29);  /* a birthday without year may be 29 February */
  assert_date (" 25/12/1990 ", CUSTCARE_DATE_ORDER_DMY, 1990, 12, 25);

  g_assert_false (custcare_import_parse_date ("07/03/1984", CUSTCARE_DATE_ORDER_UNKNOWN, NULL, NULL, NULL));
  g_assert_false (custcare_import_parse_date ("31/02/1990", CUSTCARE_DATE_ORDER_DMY, NULL, NULL, NULL));
  g_assert_false (custcare_import_parse_date ("29.02.1990", CUSTCARE_DATE_ORDER_DMY, NULL, NULL, NULL));
  g_assert_false (custcare_import_parse_date ("12/25/1990", CUSTCARE_DATE_ORDER_DMY, NULL, NULL, NULL));
  g_assert_false (custcare_import_parse_date ("tomorrow", CUSTCARE_DATE_ORDER_DMY, NULL, NULL, NULL));
  g_assert_false (custcare_import_parse_date ("07/03-1984", CUSTCARE_DATE_ORDER_DMY, NULL, NULL, NULL));
  g_assert_false (custcare_import_parse_date ("", CUSTCARE_DATE_ORDER_DMY, NULL, NULL, NULL));

  /* What each value says about the file's order. */
  g_assert_cmpuint (_custcare_import_date_orders ("1984-03-07"), ==, all);
  g_assert_cmpuint (_custcare_import_date_orders ("07.03.1984"), ==, dmy);
  g_assert_cmpuint (_custcare_import_date_orders ("07/03/1984"), ==, dmy | mdy);
  g_assert_cmpuint (_custcare_import_date_orders ("25/03/1984"), ==, dmy);
  g_assert_cmpuint (_custcare_import_date_orders ("03/25/1984"), ==, mdy);
  g_assert_cmpuint (_custcare_import_date_orders ("Tuesday"), ==, 0);
  g_assert_cmpuint (_custcare_import_date_orders ("555-1234-567"), ==, 0);
}

static void
test_guess_headers (void)
{
  static const struct
  {
    const char          *header;
    CustcareImportField  field;
    const char          *label;
  } cases[] = {
    { "First name", CUSTCARE_IMPORT_FIELD_GIVEN_NAME, NULL },
    { "Vorname", CUSTCARE_IMPORT_FIELD_GIVEN_NAME, NULL },
    { "Last Name", CUSTCARE_IMPORT_FIELD_FAMILY_NAME, NULL },
    { "Nachname", CUSTCARE_IMPORT_FIELD_FAMILY_NAME, NULL },
    { "Name", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME, NULL },
    { "Company", CUSTCARE_IMPORT_FIELD_COMPANY, NULL },
    { "Firma", CUSTCARE_IMPORT_FIELD_COMPANY, NULL },
    { "Street", CUSTCARE_IMPORT_FIELD_STREET, NULL },
    { "Straße", CUSTCARE_IMPORT_FIELD_STREET, NULL },
    { "Address 1", CUSTCARE_IMPORT_FIELD_STREET, NULL },
    { "City", CUSTCARE_IMPORT_FIELD_LOCALITY, NULL },
    { "Ort", CUSTCARE_IMPORT_FIELD_LOCALITY, NULL },
    { "Postcode", CUSTCARE_IMPORT_FIELD_POSTAL_CODE, NULL },
    { "ZIP code", CUSTCARE_IMPORT_FIELD_POSTAL_CODE, NULL },
    { "PLZ", CUSTCARE_IMPORT_FIELD_POSTAL_CODE, NULL },
    { "Country", CUSTCARE_IMPORT_FIELD_COUNTRY, NULL },
    { "Birthday", CUSTCARE_IMPORT_FIELD_BIRTHDAY, NULL },
    { "Geburtstag", CUSTCARE_IMPORT_FIELD_BIRTHDAY, NULL },
    { "Date of birth", CUSTCARE_IMPORT_FIELD_BIRTHDAY, NULL },
    { "Notes", CUSTCARE_IMPORT_FIELD_NOTES, NULL },
    { "Bemerkungen", CUSTCARE_IMPORT_FIELD_NOTES, NULL },
    { "Tags", CUSTCARE_IMPORT_FIELD_TAGS, NULL },
    { "Points", CUSTCARE_IMPORT_FIELD_POINTS, NULL },
    { "Punkte", CUSTCARE_IMPORT_FIELD_POINTS, NULL },
    { "E-Mail", CUSTCARE_IMPORT_FIELD_EMAIL, "" },
    { "Email 2", CUSTCARE_IMPORT_FIELD_EMAIL, "" },
    { "E-Mail-Adresse", CUSTCARE_IMPORT_FIELD_EMAIL, "" },
    { "Work email", CUSTCARE_IMPORT_FIELD_EMAIL, "Work" },
    { "Telefon", CUSTCARE_IMPORT_FIELD_PHONE, "" },
    { "Phone number", CUSTCARE_IMPORT_FIELD_PHONE, "" },
    { "Mobile", CUSTCARE_IMPORT_FIELD_PHONE, "Mobile" },
    { "Handy", CUSTCARE_IMPORT_FIELD_PHONE, "Mobile" },
    { "Mobile phone", CUSTCARE_IMPORT_FIELD_PHONE, "Mobile" },
    { "Telefon geschäftlich", CUSTCARE_IMPORT_FIELD_PHONE, "Work" },
    { "Home Phone", CUSTCARE_IMPORT_FIELD_PHONE, "Home" },
    { "Phone 2 label", CUSTCARE_IMPORT_FIELD_PHONE_LABEL, NULL },
    { "Email 1 label", CUSTCARE_IMPORT_FIELD_EMAIL_LABEL, NULL },
    { "Phone type", CUSTCARE_IMPORT_FIELD_PHONE_LABEL, NULL },
    { "Marketing consent", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT, NULL },
    { "Newsletter", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT, NULL },
    { "Consent date", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE, NULL },
    { "Do not contact", CUSTCARE_IMPORT_FIELD_DO_NOT_CONTACT, NULL },
    { "Titel", CUSTCARE_IMPORT_FIELD_IGNORE, NULL },
    { "Customer No", CUSTCARE_IMPORT_FIELD_IGNORE, NULL },
    { "Nr", CUSTCARE_IMPORT_FIELD_IGNORE, NULL },
    { "", CUSTCARE_IMPORT_FIELD_IGNORE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = NULL;
      CustcareImportField field = custcare_import_guess_field (cases[i].header, &label);

      if (field != cases[i].field)
        g_error ("“%s” was guessed as %s, not %s", cases[i].header, custcare_import_field_get_name (field),
                 custcare_import_field_get_name (cases[i].field));
      g_assert_cmpstr (label, ==, cases[i].label);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/detect/delimiter", test_detect_delimiter);
  g_test_add_func ("/csv/detect/encoding", test_detect_encoding);
  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/hostile", test_hostile);
  g_test_add_func ("/csv/hostile/huge-field-streams", test_huge_field_streams);
  g_test_add_func ("/csv/writer", test_writer);
  g_test_add_func ("/csv/writer/round-trip-random", test_writer_round_trip_random);
  g_test_add_func ("/csv/dates", test_dates);
  g_test_add_func ("/csv/guess-headers", test_guess_headers);

  return g_test_run ();
}
