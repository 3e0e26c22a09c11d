/* custcare-csv.c — reading and writing CSV files as spreadsheets save them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader is a byte-level state machine over a refilled 64 KiB buffer. Delimiters, quotes and
 * line breaks are ASCII in every encoding it accepts, so rows are cut on bytes and each field is
 * converted (Windows-1252) or checked (UTF-8) on its own. Nothing is kept between rows except the
 * buffer, so memory is bounded by the caps, whatever the size of the file.
 */
#define G_LOG_DOMAIN "custcare-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-csv.h"

G_DEFINE_QUARK (custcare-csv-error-quark, custcare_csv_error)

#define BUFFER_SIZE (64 * 1024)
/* Records looked at to choose a delimiter. */
#define DETECT_MAX_RECORDS 50

/* Windows-1252 0x80–0x9F; the five bytes it leaves undefined keep their Latin-1 (C1) values. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
  0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
  0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

struct _CustcareCsvReader
{
  GInputStream      *stream;
  guint8            *buffer;
  gsize              pos;
  gsize              len;
  gboolean           eof;
  guint64            bytes_read;

  CustcareCsvFormat  format;
  gboolean           format_known;
  gboolean           format_given;
  /* A multi-byte UTF-8 sequence was seen: the file really is UTF-8. */
  gboolean           seen_utf8;

  guint              line;        /* the line the reader is on */
  guint              row_line;    /* the line the last row began on */
  guint              row;         /* rows returned */
  GError            *error;       /* sticky: once broken, always broken */
};

const char *
custcare_csv_encoding_name (CustcareCsvEncoding encoding)
{
  switch (encoding)
    {
    case CUSTCARE_CSV_ENCODING_UTF8_BOM:
      return _("UTF-8 (with BOM)");
    case CUSTCARE_CSV_ENCODING_WINDOWS_1252:
      return "Windows-1252";
    case CUSTCARE_CSV_ENCODING_UTF8:
    default:
      return "UTF-8";
    }
}

const char *
custcare_csv_delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ';':
      return _("semicolon");
    case '\t':
      return _("tab");
    case ',':
    default:
      return _("comma");
    }
}

static gboolean
is_control (guint8 c)
{
  /* Tab, line feed, carriage return and the DOS end-of-file mark are at home in text files. */
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x1A) || c == 0x7F;
}

static gboolean
has_high_bytes (const char *s,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guint8) s[i] >= 0x80)
      return TRUE;
  return FALSE;
}

/* Counts @delim outside quotes in each record of @sample; the last, possibly cut-off record is
 * left out unless @complete. */
static void
count_delimiters (const char *sample,
                  gsize       len,
                  gboolean    complete,
                  char        delim,
                  guint      *counts,
                  guint      *n_records)
{
  gboolean quoted = FALSE;
  guint n = 0;
  guint count = 0;
  gboolean record_has_text = FALSE;

  for (gsize i = 0; i < len && n < DETECT_MAX_RECORDS; i++)
    {
      char c = sample[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && c == delim)
        count++;
      else if (!quoted && (c == '\n' || c == '\r'))
        {
          if (record_has_text || count > 0)
            counts[n++] = count;
          count = 0;
          record_has_text = FALSE;
          continue;
        }
      if (c != ' ')
        record_has_text = TRUE;
    }
  if (complete && n < DETECT_MAX_RECORDS && (record_has_text || count > 0))
    counts[n++] = count;
  *n_records = n;
}

static char
detect_delimiter (const char *sample,
                  gsize       len,
                  gboolean    complete)
{
  static const char candidates[] = { ',', ';', '\t' };
  char best = ',';
  double best_score = 0.0;
  guint best_count = 0;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      guint counts[DETECT_MAX_RECORDS];
      guint n = 0, consistent = 0;
      double score;

      count_delimiters (sample, len, complete, candidates[c], counts, &n);
      if (n == 0 || counts[0] == 0)
        continue;
      /* A delimiter splits every record into as many fields as the header has. */
      for (guint i = 0; i < n; i++)
        if (counts[i] == counts[0])
          consistent++;
      score = (double) consistent / n;
      if (score > best_score + 1e-9 || (score > best_score - 1e-9 && counts[0] > best_count))
        {
          best = candidates[c];
          best_score = score;
          best_count = counts[0];
        }
    }
  return best;
}

/* Text with bytes that are not UTF-8 may be Windows-1252, as older spreadsheets save it: it
 * then has none of the five bytes Windows-1252 leaves undefined, and its accented letters are
 * the exception, not most of the text. */
static gboolean
plausible_windows_1252 (const guint8 *s,
                        gsize         len)
{
  gsize high = 0, visible = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = s[i];

      if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)
        return FALSE;
      if (c >= 0x80)
        high++;
      if (c > ' ')
        visible++;
    }
  return visible > 0 && high * 4 <= visible;
}

/* UTF-8 validity of @s, allowing (when not @complete) a sequence cut off at the very end. */
static gboolean
valid_utf8_sample (const char *s,
                   gsize       len,
                   gboolean    complete)
{
  const char *end = NULL;

  if (g_utf8_validate_len (s, len, &end))
    return TRUE;
  if (complete)
    return FALSE;
  /* Only the last 1–3 bytes may be an incomplete character. */
  return (gsize) (end - s) + 4 > len && (guint8) *end >= 0xC2 &&
         g_utf8_get_char_validated (end, len - (end - s)) == (gunichar) -2;
}

/**
 * custcare_csv_detect:
 *
 * Returns: %TRUE with @out_format set, or %FALSE with a readable @error (CUSTCARE_CSV_ERROR)
 */
gboolean
custcare_csv_detect (const char         *sample,
                     gsize               len,
                     gboolean            complete,
                     CustcareCsvFormat  *out_format,
                     GError            **error)
{
  const guint8 *bytes = (const guint8 *) sample;
  gsize controls = 0;
  gboolean blank = TRUE;

  g_return_val_if_fail (sample != NULL || len == 0, FALSE);
  g_return_val_if_fail (out_format != NULL, FALSE);

  out_format->encoding = CUSTCARE_CSV_ENCODING_UTF8;
  out_format->delimiter = ',';

  if (len >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
    {
      g_set_error_literal (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_ENCODING,
                           _("The file is saved as UTF-16 (“Unicode text”). Save it from the spreadsheet "
                             "as “CSV UTF-8” and import that file."));
      return FALSE;
    }
  if (len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    {
      out_format->encoding = CUSTCARE_CSV_ENCODING_UTF8_BOM;
      bytes += 3;
      sample += 3;
      len -= 3;
    }

  for (gsize i = 0; i < len; i++)
    {
      if (bytes[i] == 0)
        {
          g_set_error_literal (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_BINARY,
                               _("The file contains NUL bytes, so it is not a CSV text file (it may be a "
                                 "spreadsheet’s own format, or UTF-16 text). Save it as “CSV UTF-8” and "
                                 "import that file."));
          return FALSE;
        }
      if (is_control (bytes[i]))
        controls++;
      if (bytes[i] != '\r' && bytes[i] != '\n' && bytes[i] != ' ' && bytes[i] != '\t')
        blank = FALSE;
    }

  if (blank && complete)
    {
      g_set_error_literal (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_EMPTY,
                           _("The file is empty: there is nothing to import."));
      return FALSE;
    }

  /* A few stray control characters happen in real exports; many mean binary data. */
  if (controls * 100 > len)
    {
      g_set_error_literal (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_BINARY,
                           _("The file does not look like text: it holds binary data. Choose a CSV file "
                             "saved from a spreadsheet or another program."));
      return FALSE;
    }

  if (out_format->encoding != CUSTCARE_CSV_ENCODING_UTF8_BOM && !valid_utf8_sample (sample, len, complete))
    {
      const char *bad = NULL;
      guint line = 1;

      /* Proper UTF-8 letters before the first byte that is not: the file mixes two encodings
       * (rows pasted from elsewhere), and reading it as Windows-1252 would garble the UTF-8. */
      g_utf8_validate_len (sample, len, &bad);
      for (const char *p = sample; p < bad; p++)
        if (*p == '\n')
          line++;
      if (has_high_bytes (sample, bad - sample))
        {
          g_set_error (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_ENCODING,
                       _("Line %u is not valid UTF-8 text, although the lines before it are. Save the file "
                         "from the spreadsheet as “CSV UTF-8” and import it again."),
                       line);
          return FALSE;
        }
      if (!plausible_windows_1252 (bytes, len))
        {
          g_set_error_literal (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_ENCODING,
                               _("The file is neither UTF-8 nor Windows-1252 text, so its letters cannot be "
                                 "read. Save it from the spreadsheet as “CSV UTF-8” and import that file."));
          return FALSE;
        }
      out_format->encoding = CUSTCARE_CSV_ENCODING_WINDOWS_1252;
    }

  out_format->delimiter = detect_delimiter (sample, len, complete);
  return TRUE;
}

static CustcareCsvReader *
reader_new (const CustcareCsvFormat *format)
{
  CustcareCsvReader *reader = g_new0 (CustcareCsvReader, 1);

  reader->buffer = g_malloc (BUFFER_SIZE);
  reader->line = 1;
  if (format != NULL)
    {
      reader->format = *format;
      reader->format_known = TRUE;
      reader->format_given = TRUE;
    }
  return reader;
}

CustcareCsvReader *
custcare_csv_reader_new (GInputStream            *stream,
                         const CustcareCsvFormat *format)
{
  CustcareCsvReader *reader;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  reader = reader_new (format);
  reader->stream = g_object_ref (stream);
  return reader;
}

CustcareCsvReader *
custcare_csv_reader_new_for_bytes (GBytes                  *bytes,
                                   const CustcareCsvFormat *format)
{
  g_autoptr (GInputStream) stream = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  stream = g_memory_input_stream_new_from_bytes (bytes);
  return custcare_csv_reader_new (stream, format);
}

void
custcare_csv_reader_free (CustcareCsvReader *reader)
{
  if (reader == NULL)
    return;
  g_clear_object (&reader->stream);
  g_clear_error (&reader->error);
  g_free (reader->buffer);
  g_free (reader);
}

const CustcareCsvFormat *
custcare_csv_reader_get_format (CustcareCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);

  return &reader->format;
}

guint
custcare_csv_reader_get_line (CustcareCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->row_line;
}

guint
custcare_csv_reader_get_row (CustcareCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->row;
}

guint64
custcare_csv_reader_get_bytes_read (CustcareCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->bytes_read - (reader->len - reader->pos);
}

/* Moves what is left to the start of the buffer and reads until it is full or the stream ends. */
static gboolean
fill (CustcareCsvReader  *reader,
      GCancellable       *cancellable,
      GError            **error)
{
  if (reader->eof)
    return TRUE;
  if (reader->pos > 0)
    {
      memmove (reader->buffer, reader->buffer + reader->pos, reader->len - reader->pos);
      reader->len -= reader->pos;
      reader->pos = 0;
    }
  while (reader->len < BUFFER_SIZE)
    {
      g_autoptr (GError) local_error = NULL;
      gssize n = g_input_stream_read (reader->stream, reader->buffer + reader->len, BUFFER_SIZE - reader->len,
                                      cancellable, &local_error);

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_READ,
                         _("The file could not be read: %s"), local_error->message);
          return FALSE;
        }
      if (n == 0)
        {
          reader->eof = TRUE;
          break;
        }
      reader->len += n;
      reader->bytes_read += n;
    }
  return TRUE;
}

static gboolean
detect_format (CustcareCsvReader  *reader,
               GCancellable       *cancellable,
               GError            **error)
{
  if (!fill (reader, cancellable, error))
    return FALSE;
  if (!reader->format_known)
    {
      if (!custcare_csv_detect ((const char *) reader->buffer, MIN (reader->len, CUSTCARE_CSV_SNIFF_BYTES),
                                reader->eof && reader->len <= CUSTCARE_CSV_SNIFF_BYTES, &reader->format, error))
        return FALSE;
      reader->format_known = TRUE;
    }
  if (reader->len >= 3 && memcmp (reader->buffer, "\xEF\xBB\xBF", 3) == 0)
    {
      /* The mark is no part of the first header. */
      reader->pos = 3;
      if (reader->format.encoding == CUSTCARE_CSV_ENCODING_UTF8)
        reader->format.encoding = CUSTCARE_CSV_ENCODING_UTF8_BOM;
    }
  return TRUE;
}

/* The next byte, or -1 at the end of the stream (-2 on a read error). */
static inline int
next_byte (CustcareCsvReader  *reader,
           GCancellable       *cancellable,
           GError            **error)
{
  if (G_UNLIKELY (reader->pos >= reader->len))
    {
      if (reader->eof)
        return -1;
      if (!fill (reader, cancellable, error))
        return -2;
      if (reader->pos >= reader->len)
        return -1;
    }
  return reader->buffer[reader->pos++];
}

static inline int
peek_byte (CustcareCsvReader  *reader,
           GCancellable       *cancellable,
           GError            **error)
{
  if (G_UNLIKELY (reader->pos >= reader->len))
    {
      if (reader->eof)
        return -1;
      if (!fill (reader, cancellable, error))
        return -2;
      if (reader->pos >= reader->len)
        return -1;
    }
  return reader->buffer[reader->pos];
}

static char *
windows_1252_to_utf8 (const char *s,
                      gsize       len)
{
  GString *out = g_string_sized_new (len + len / 4);

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = s[i];

      if (c < 0x80)
        g_string_append_c (out, c);
      else
        g_string_append_unichar (out, c < 0xA0 ? cp1252_high[c - 0x80] : (gunichar) c);
    }
  return g_string_free (out, FALSE);
}

/* The field's bytes as UTF-8 text. */
static char *
finish_field (CustcareCsvReader  *reader,
              GString            *field,
              GError            **error)
{
  if (reader->format.encoding == CUSTCARE_CSV_ENCODING_WINDOWS_1252)
    return windows_1252_to_utf8 (field->str, field->len);

  if (!has_high_bytes (field->str, field->len))
    return g_strndup (field->str, field->len);

  if (g_utf8_validate_len (field->str, field->len, NULL))
    {
      reader->seen_utf8 = TRUE;
      return g_strndup (field->str, field->len);
    }

  /* The start of the file was plain ASCII, so it was taken for UTF-8; the first accented letter
   * shows it is Windows-1252. Nothing read so far differs between the two. */
  if (!reader->seen_utf8 && !reader->format_given && reader->format.encoding == CUSTCARE_CSV_ENCODING_UTF8 &&
      plausible_windows_1252 ((const guint8 *) field->str, field->len))
    {
      reader->format.encoding = CUSTCARE_CSV_ENCODING_WINDOWS_1252;
      return windows_1252_to_utf8 (field->str, field->len);
    }

  g_set_error (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_ENCODING,
               _("Line %u is not valid UTF-8 text, although the file started as UTF-8. Save the file "
                 "from the spreadsheet as “CSV UTF-8” and import it again."),
               reader->line);
  return NULL;
}

static gboolean
fail (CustcareCsvReader  *reader,
      GError            **error,
      CustcareCsvError    code,
      char               *message)
{
  g_set_error_literal (&reader->error, CUSTCARE_CSV_ERROR, code, message);
  g_free (message);
  if (error != NULL)
    *error = g_error_copy (reader->error);
  return FALSE;
}

static gboolean
read_fields (CustcareCsvReader  *reader,
             GPtrArray          *fields,
             gboolean           *out_end,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr (GString) field = g_string_sized_new (64);
  GError *local_error = NULL;
  const char delim = reader->format.delimiter;
  gboolean quoted = FALSE;
  gboolean field_started = FALSE;  /* anything (even a quote pair) was read for this field */
  guint quote_line = 0;
  gsize row_bytes = 0;

  *out_end = FALSE;

  for (;;)
    {
      int c = next_byte (reader, cancellable, &local_error);

      if (c == -2)
        {
          reader->error = local_error;
          if (error != NULL)
            *error = g_error_copy (local_error);
          return FALSE;
        }

      if (c == 0)
        return fail (reader, error, CUSTCARE_CSV_ERROR_BINARY,
                     g_strdup_printf (_("Line %u contains a NUL byte, which no text file has. The file is "
                                        "damaged or not a CSV file."),
                                      reader->line));

      if (quoted)
        {
          if (c == -1)
            return fail (reader, error, CUSTCARE_CSV_ERROR_UNBALANCED_QUOTE,
                         g_strdup_printf (_("The quotation mark opened on line %u is never closed, so the "
                                            "rest of the file would be one field. Check that line in the "
                                            "spreadsheet or a text editor."),
                                          quote_line));
          if (c == '"')
            {
              int next = peek_byte (reader, cancellable, NULL);

              if (next == '"')
                {
                  reader->pos++;
                  g_string_append_c (field, '"');
                }
              else
                quoted = FALSE;
            }
          else
            {
              if (c == '\n' || (c == '\r' && peek_byte (reader, cancellable, NULL) != '\n'))
                reader->line++;
              g_string_append_c (field, c);
            }
        }
      else if (c == -1 || c == '\n' || c == '\r' || c == delim)
        {
          gboolean end_of_row = c != delim;

          if (c == -1 && fields->len == 0 && !field_started && field->len == 0)
            {
              *out_end = TRUE;
              return TRUE;
            }
          if (c == '\r' && peek_byte (reader, cancellable, NULL) == '\n')
            reader->pos++;

          if (fields->len >= CUSTCARE_CSV_MAX_COLUMNS)
            return fail (reader, error, CUSTCARE_CSV_ERROR_TOO_MANY_COLUMNS,
                         g_strdup_printf (_("Line %u has more than %u columns. CustCare reads at most %u; "
                                            "remove the extra columns and try again."),
                                          reader->row_line, CUSTCARE_CSV_MAX_COLUMNS, CUSTCARE_CSV_MAX_COLUMNS));
          {
            char *text = finish_field (reader, field, &local_error);

            if (text == NULL)
              {
                reader->error = local_error;
                if (error != NULL)
                  *error = g_error_copy (local_error);
                return FALSE;
              }
            g_ptr_array_add (fields, text);
          }
          g_string_truncate (field, 0);
          field_started = FALSE;

          if (end_of_row)
            {
              if (c != -1)
                reader->line++;
              return TRUE;
            }
        }
      else if (c == '"' && !field_started && field->len == 0)
        {
          quoted = TRUE;
          field_started = TRUE;
          quote_line = reader->line;
        }
      else
        {
          /* Text after a closing quote, or a quote inside an unquoted field, is kept as it is,
           * as spreadsheets do. */
          g_string_append_c (field, c);
          field_started = TRUE;
        }

      if (G_UNLIKELY (field->len > CUSTCARE_CSV_MAX_FIELD_BYTES))
        return fail (reader, error, CUSTCARE_CSV_ERROR_FIELD_TOO_LONG,
                     g_strdup_printf (_("A field that starts on line %u is longer than %u MiB. CustCare "
                                        "reads fields of up to %u MiB; the file may be damaged."),
                                      quoted ? quote_line : reader->line,
                                      CUSTCARE_CSV_MAX_FIELD_BYTES / (1024 * 1024),
                                      CUSTCARE_CSV_MAX_FIELD_BYTES / (1024 * 1024)));
      if (G_UNLIKELY (++row_bytes > CUSTCARE_CSV_MAX_ROW_BYTES))
        return fail (reader, error, CUSTCARE_CSV_ERROR_FIELD_TOO_LONG,
                     g_strdup_printf (_("The row that starts on line %u is longer than %u MiB. CustCare "
                                        "reads rows of up to %u MiB; the file may be damaged."),
                                      reader->row_line, CUSTCARE_CSV_MAX_ROW_BYTES / (1024 * 1024),
                                      CUSTCARE_CSV_MAX_ROW_BYTES / (1024 * 1024)));
    }
}

static gboolean
row_is_blank (GPtrArray *fields)
{
  return fields->len == 1 && *(const char *) g_ptr_array_index (fields, 0) == '\0';
}

GStrv
custcare_csv_reader_read_row (CustcareCsvReader  *reader,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_return_val_if_fail (reader != NULL, NULL);

  if (reader->error != NULL)
    {
      g_propagate_error (error, g_error_copy (reader->error));
      return NULL;
    }

  if (reader->bytes_read == 0 && !reader->eof)
    {
      GError *local_error = NULL;

      if (!detect_format (reader, cancellable, &local_error))
        {
          reader->error = local_error;
          g_propagate_error (error, g_error_copy (local_error));
          return NULL;
        }
    }

  for (;;)
    {
      g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
      gboolean end = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      reader->row_line = reader->line;
      if (!read_fields (reader, fields, &end, cancellable, error))
        return NULL;
      if (end)
        {
          if (reader->row == 0)
            {
              g_set_error_literal (&reader->error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_EMPTY,
                                   _("The file is empty: there is nothing to import."));
              g_propagate_error (error, g_error_copy (reader->error));
            }
          return NULL;
        }
      if (row_is_blank (fields))
        continue;

      reader->row++;
      g_ptr_array_add (fields, NULL);
      return (GStrv) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
    }
}

static gboolean
needs_protection (const char *value)
{
  const char *p = value;

  /* Apostrophes already in front of such a character get one more, so the importer's removal
   * of one gives back exactly what was stored. */
  while (*p == '\'')
    p++;
  return *p == '=' || *p == '+' || *p == '-' || *p == '@' || *p == '\t' || *p == '\r';
}

void
custcare_csv_append_row (GString            *out,
                         const char * const *fields,
                         guint               n_fields)
{
  g_return_if_fail (out != NULL);

  for (guint i = 0; i < n_fields; i++)
    {
      const char *value = fields[i] != NULL ? fields[i] : "";
      gboolean protect = needs_protection (value);
      /* RFC 4180 needs quotes around , " CR and LF; semicolons and tabs are quoted too, so that
       * delimiter detection never mistakes them for the delimiter of a CustCare export, and a
       * leading U+FEFF, which a reader would take for a byte-order mark. */
      gboolean quote = strpbrk (value, ",\"\r\n;\t") != NULL || g_str_has_prefix (value, "\xEF\xBB\xBF");

      if (i > 0)
        g_string_append_c (out, ',');
      if (quote)
        g_string_append_c (out, '"');
      if (protect)
        g_string_append_c (out, '\'');
      if (quote)
        {
          for (const char *p = value; *p; p++)
            {
              if (*p == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
        }
      else
        g_string_append (out, value);
    }
  g_string_append (out, "\r\n");
}

const char *
custcare_csv_unprotect_cell (const char *cell)
{
  if (cell != NULL && cell[0] == '\'' && needs_protection (cell + 1))
    return cell + 1;
  return cell;
}
