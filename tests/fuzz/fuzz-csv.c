/* fuzz-csv.c — libFuzzer target for the CSV reader, its detection, the writer and the date
 * and header parsers of the import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built with -Dfuzzing=true by clang (see tests/fuzz/meson.build); build-aux/in-env test runs it
 * for a bounded time. Besides "no crash, no leak, no undefined behaviour" it checks what the
 * reader promises: rows of valid UTF-8 within the caps, line numbers that only grow, and that
 * whatever was read, written back by custcare_csv_append_row(), reads back the same.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "custcare-csv.h"
#include "custcare-import-private.h"

static void
check_field (const char *field)
{
  static const CustcareDateOrder orders[] = {
    CUSTCARE_DATE_ORDER_UNKNOWN, CUSTCARE_DATE_ORDER_YMD, CUSTCARE_DATE_ORDER_DMY, CUSTCARE_DATE_ORDER_MDY,
  };
  g_autofree char *label = NULL;
  gsize len = strlen (field);
  int y, m, d;

  g_assert (g_utf8_validate (field, -1, NULL));
  /* Windows-1252 letters take up to three bytes as UTF-8. */
  g_assert (len <= 3 * (gsize) CUSTCARE_CSV_MAX_FIELD_BYTES + 3);

  if (len > 64)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    if (custcare_import_parse_date (field, orders[i], &y, &m, &d))
      {
        g_assert (m >= 1 && m <= 12 && d >= 1 && d <= 31);
        g_assert (y == 0 || (y >= 1 && y <= 9999));
      }
  (void) _custcare_import_date_orders (field);
  g_assert (custcare_import_guess_field (field, &label) < CUSTCARE_IMPORT_N_FIELDS);
  (void) custcare_csv_unprotect_cell (field);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (CustcareCsvReader) reader = custcare_csv_reader_new_for_bytes (bytes, NULL);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GString) written = g_string_new (NULL);
  g_autoptr (GError) detect_error = NULL;
  CustcareCsvFormat format;
  guint last_line = 0;

  if (custcare_csv_detect ((const char *) data, size, TRUE, &format, &detect_error))
    g_assert (format.delimiter == ',' || format.delimiter == ';' || format.delimiter == '\t');
  else
    g_assert (detect_error != NULL && detect_error->domain == CUSTCARE_CSV_ERROR);

  for (;;)
    {
      g_autoptr (GError) error = NULL;
      GStrv row = custcare_csv_reader_read_row (reader, NULL, &error);
      guint n;

      if (row == NULL)
        {
          /* Every refusal is one of the reader's own, with a message for people. */
          if (error != NULL)
            g_assert (error->domain == CUSTCARE_CSV_ERROR && error->message[0] != '\0');
          break;
        }
      n = g_strv_length (row);
      g_assert (n >= 1 && n <= CUSTCARE_CSV_MAX_COLUMNS);
      g_assert (custcare_csv_reader_get_line (reader) > last_line);
      last_line = custcare_csv_reader_get_line (reader);
      for (guint i = 0; i < n; i++)
        check_field (row[i]);
      custcare_csv_append_row (written, (const char * const *) row, n);
      g_ptr_array_add (rows, row);
    }
  g_assert (custcare_csv_reader_get_bytes_read (reader) <= size);

  /* What was read, written out and read again, is the same. */
  if (rows->len > 0)
    {
      const CustcareCsvFormat utf8_comma = { CUSTCARE_CSV_ENCODING_UTF8, ',' };
      g_autoptr (GBytes) again = g_bytes_new (written->str, written->len);
      g_autoptr (CustcareCsvReader) reread = custcare_csv_reader_new_for_bytes (again, &utf8_comma);

      for (guint r = 0; r < rows->len; r++)
        {
          char **expected = g_ptr_array_index (rows, r);
          g_autoptr (GError) error = NULL;
          g_auto (GStrv) row = NULL;

          /* A row of one empty field is a blank line, which readers skip. */
          if (expected[1] == NULL && expected[0][0] == '\0')
            continue;
          row = custcare_csv_reader_read_row (reread, NULL, &error);
          g_assert_no_error (error);
          g_assert (row != NULL);
          g_assert (g_strv_length (row) == g_strv_length (expected));
          for (guint i = 0; expected[i] != NULL; i++)
            g_assert (strcmp (custcare_csv_unprotect_cell (row[i]), expected[i]) == 0);
        }
    }
  return 0;
}
