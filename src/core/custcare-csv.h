/* custcare-csv.h — reading and writing CSV files as spreadsheets save them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader streams: it holds one row at a time, never the file, so a 100 MB file costs what its
 * longest row costs. It detects the delimiter (comma, semicolon, tab) and the encoding (UTF-8
 * with or without a byte-order mark, or Windows-1252/Latin-1 as older spreadsheets save it,
 * converted to UTF-8), follows RFC 4180 quoting (delimiters and line breaks inside quotes, ""
 * for a quote) and refuses hostile input with a message that says what is wrong and where:
 * unbalanced quotes (with the line the quote opened on), a field over CUSTCARE_CSV_MAX_FIELD_BYTES,
 * a row over CUSTCARE_CSV_MAX_COLUMNS columns, NUL bytes or other binary content, text that is
 * neither UTF-8 nor plausible Windows-1252, and an empty file.
 *
 * The writer (custcare_csv_append_row()) writes UTF-8, comma separated, CRLF line ends, quotes
 * only where RFC 4180 needs it, and keeps spreadsheets from running cells as formulas: a cell
 * that starts with = + - @ (or a tab or carriage return) gets an apostrophe in front
 * ("'=SUM(A1)", "'+49 30 1234"), which spreadsheets show as text. The importer removes exactly
 * that apostrophe again, so a CustCare export imports back unchanged.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CUSTCARE_CSV_ERROR (custcare_csv_error_quark ())

typedef enum
{
  CUSTCARE_CSV_ERROR_EMPTY,            /* no bytes, or only blank lines */
  CUSTCARE_CSV_ERROR_BINARY,           /* NUL bytes or control characters: not a text file */
  CUSTCARE_CSV_ERROR_ENCODING,         /* neither UTF-8 nor plausible Windows-1252 (or UTF-16) */
  CUSTCARE_CSV_ERROR_UNBALANCED_QUOTE, /* a quoted field never closes */
  CUSTCARE_CSV_ERROR_FIELD_TOO_LONG,   /* a field over CUSTCARE_CSV_MAX_FIELD_BYTES, a row over _MAX_ROW_BYTES */
  CUSTCARE_CSV_ERROR_TOO_MANY_COLUMNS, /* one row over CUSTCARE_CSV_MAX_COLUMNS fields */
  CUSTCARE_CSV_ERROR_READ,             /* the file could not be read or written */
} CustcareCsvError;

/* Caps that keep a hostile file from exhausting memory. */
#define CUSTCARE_CSV_MAX_FIELD_BYTES (1024 * 1024)
#define CUSTCARE_CSV_MAX_COLUMNS     1000
#define CUSTCARE_CSV_MAX_ROW_BYTES   (8 * 1024 * 1024)
/* How much of the start of a file the detection looks at. */
#define CUSTCARE_CSV_SNIFF_BYTES     (64 * 1024)

typedef enum
{
  CUSTCARE_CSV_ENCODING_UTF8,
  CUSTCARE_CSV_ENCODING_UTF8_BOM,
  CUSTCARE_CSV_ENCODING_WINDOWS_1252,
} CustcareCsvEncoding;

typedef struct
{
  CustcareCsvEncoding encoding;
  char                delimiter;  /* ',', ';' or '\t' */
} CustcareCsvFormat;

/* Progress of a long job, 0.0 to 1.0. The async functions call it in the thread-default main
 * context of the caller (so a GUI can update a progress bar directly), at most ~20 times a
 * second; the synchronous functions call it in the calling thread. */
typedef void (*CustcareCsvProgressFunc) (double   fraction,
                                         gpointer user_data);

GQuark      custcare_csv_error_quark     (void);

/* Detects encoding and delimiter from the first bytes of a file. @complete says @sample is the
 * whole file (so a cut-off last line is not held against it). */
gboolean    custcare_csv_detect          (const char          *sample,
                                          gsize                len,
                                          gboolean             complete,
                                          CustcareCsvFormat   *out_format,
                                          GError             **error);
/* "UTF-8", "UTF-8 (with BOM)", "Windows-1252": for showing what was detected. */
const char *custcare_csv_encoding_name   (CustcareCsvEncoding  encoding);
/* "comma", "semicolon", "tab": translated, for showing what was detected. */
const char *custcare_csv_delimiter_name  (char                 delimiter);

typedef struct _CustcareCsvReader CustcareCsvReader;

/* @format: (nullable): the format to read, or %NULL to detect it from the first
 *   CUSTCARE_CSV_SNIFF_BYTES (detection errors come from the first read_row). */
CustcareCsvReader       *custcare_csv_reader_new            (GInputStream            *stream,
                                                             const CustcareCsvFormat *format);
CustcareCsvReader       *custcare_csv_reader_new_for_bytes  (GBytes                  *bytes,
                                                             const CustcareCsvFormat *format);
void                     custcare_csv_reader_free           (CustcareCsvReader       *reader);
/* Returns: (transfer full) (nullable): the next row's fields as UTF-8, or %NULL at the end of
 *   the file (error unset) or on a problem (@error set, naming the line). Blank lines are
 *   skipped. */
GStrv                    custcare_csv_reader_read_row       (CustcareCsvReader       *reader,
                                                             GCancellable            *cancellable,
                                                             GError                 **error);
/* The format being read: detected after the first custcare_csv_reader_read_row(). */
const CustcareCsvFormat *custcare_csv_reader_get_format     (CustcareCsvReader       *reader);
/* The line of the file the last row began on (1 = the first line); rows with line breaks
 * inside quotes span several lines. */
guint                    custcare_csv_reader_get_line       (CustcareCsvReader       *reader);
/* Rows returned so far (1 after the header row was read). */
guint                    custcare_csv_reader_get_row        (CustcareCsvReader       *reader);
/* Bytes consumed from the stream so far, for progress against the file size. */
guint64                  custcare_csv_reader_get_bytes_read (CustcareCsvReader       *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareCsvReader, custcare_csv_reader_free)

/* Appends one row to @out: the fields joined by commas, quoted where needed, formula-safe
 * (see above), ending in CRLF. NULL fields are written as empty. */
void        custcare_csv_append_row      (GString             *out,
                                          const char * const  *fields,
                                          guint                n_fields);
/* Undoes the formula-safety apostrophe of custcare_csv_append_row() on a cell read back. */
const char *custcare_csv_unprotect_cell  (const char          *cell);

G_END_DECLS
