/* custcare-vcard.h — reading and writing vCard files (3.0 and 4.0, and what old 2.1 exports do)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser reads a file as a stream, one card at a time, so memory follows the largest card,
 * not the size of the file. It understands what GNOME Contacts (evolution-data-server), Google
 * Contacts and Thunderbird write: folded lines, QUOTED-PRINTABLE (with soft line breaks) and
 * base64, CHARSET, quoted and listed parameters, escaped text, labelled TEL/EMAIL, ADR, BDAY with
 * or without a year, N/FN, ORG, NOTE and CATEGORIES. Other properties (X-…, PHOTO, UID, REV…)
 * are read past and left out.
 *
 * A file that is not a vCard at all (empty, binary, NUL bytes, text that is not UTF-8 and says no
 * CHARSET, a card with no END, a single property over CUSTCARE_VCARD_MAX_PROPERTY_BYTES, a card
 * with more than CUSTCARE_VCARD_MAX_PROPERTIES lines) fails as a whole with CUSTCARE_VCARD_ERROR
 * and a message naming the line. Problems with single values (an email that is not an address, a
 * birthday that is not a date) leave that value out and are listed as CustcareVcardProblem; a
 * card with no name at all is left out and listed.
 *
 * Importing puts the whole file into one transaction and one `import_batches` row (kind
 * 'vcard'), so the CSV import's revert also reverts a vCard import. It runs on a worker connection
 * off the main thread (custcare_vcard_import_async()), reports progress, and can be cancelled;
 * cancelling or any failure leaves the database as it was. A dry run does everything an import
 * does, then rolls back, so its list of problems and counts are exactly what the import would do.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-customer.h"
#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_VCARD_ERROR (custcare_vcard_error_quark ())

typedef enum
{
  /* The file holds nothing (or only blank lines). */
  CUSTCARE_VCARD_ERROR_EMPTY,
  /* Not a vCard: binary data, NUL bytes, no BEGIN:VCARD where one is expected. */
  CUSTCARE_VCARD_ERROR_NOT_VCARD,
  /* Text that is not UTF-8 and names no CHARSET, or a CHARSET that cannot be converted. */
  CUSTCARE_VCARD_ERROR_ENCODING,
  /* A card that starts and never ends (BEGIN:VCARD without END:VCARD). */
  CUSTCARE_VCARD_ERROR_UNTERMINATED,
  /* A property, card or file over the limits below. */
  CUSTCARE_VCARD_ERROR_TOO_LARGE,
  /* Reading or writing the file failed; the message says why. */
  CUSTCARE_VCARD_ERROR_FAILED,
} CustcareVcardError;

/* One property line (after unfolding and decoding) may hold at most this many bytes. PHOTO and
 * other left-out properties count too, so a 100 MB line is refused rather than read into memory. */
#define CUSTCARE_VCARD_MAX_PROPERTY_BYTES (1024 * 1024)
/* Lines per card. */
#define CUSTCARE_VCARD_MAX_PROPERTIES     5000
/* Problems kept in a report; more are counted but not listed. */
#define CUSTCARE_VCARD_MAX_PROBLEMS       1000

typedef enum
{
  CUSTCARE_VCARD_VERSION_3_0,
  CUSTCARE_VCARD_VERSION_4_0,
} CustcareVcardVersion;

typedef enum
{
  /* A value was left out; the rest of the card is imported. */
  CUSTCARE_VCARD_PROBLEM_VALUE_DROPPED,
  /* The whole card was left out (it has no name, or does not validate). */
  CUSTCARE_VCARD_PROBLEM_CARD_SKIPPED,
  /* The card looks like a customer already in CustCare (see CustcareVcardDuplicates). */
  CUSTCARE_VCARD_PROBLEM_DUPLICATE,
} CustcareVcardProblemKind;

/* One problem, for the dry-run list: "Card 3, line 17, EMAIL “anna@”: not an email address…". */
typedef struct
{
  CustcareVcardProblemKind kind;
  guint                    card;      /* 1-based position of the card in the file */
  guint                    line;      /* 1-based line where the property (or card) starts */
  char                    *property;  /* "EMAIL", "BDAY"…; "" for the card as a whole */
  char                    *value;     /* the value as found, shortened to 80 characters */
  char                    *message;   /* what is wrong and what happens, in plain words */
  gint64                   duplicate_of; /* for DUPLICATE: the existing customer's id */
} CustcareVcardProblem;

#define CUSTCARE_TYPE_VCARD_PROBLEM (custcare_vcard_problem_get_type ())

GType                 custcare_vcard_problem_get_type (void) G_GNUC_CONST;
CustcareVcardProblem *custcare_vcard_problem_copy     (const CustcareVcardProblem *problem);
void                  custcare_vcard_problem_free     (CustcareVcardProblem       *problem);
/* "Card 3 (line 17), EMAIL “anna@”: …" — one line for a list or a log. */
char                 *custcare_vcard_problem_to_string (const CustcareVcardProblem *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareVcardProblem, custcare_vcard_problem_free)

GQuark     custcare_vcard_error_quark (void);

/* Parsing without a database (tests, the fuzzer, previews). */

/**
 * custcare_vcard_parse:
 * @data: the file's bytes
 * @out_problems: (out) (optional) (element-type CustcareVcardProblem): values and cards left out
 *
 * Returns: (transfer full) (element-type CustcareCustomer): the customers the cards describe
 *   (not yet saved), or %NULL with @error set when the file as a whole cannot be read
 */
GPtrArray *custcare_vcard_parse              (GBytes                *data,
                                              GPtrArray            **out_problems,
                                              GError               **error);
/**
 * custcare_vcard_parse_stream:
 * @stream: read in chunks, never all at once
 * @cancellable: (nullable): checked between cards
 *
 * The same as custcare_vcard_parse() on a stream.
 */
GPtrArray *custcare_vcard_parse_stream       (GInputStream          *stream,
                                              GPtrArray            **out_problems,
                                              GCancellable          *cancellable,
                                              GError               **error);

/* Writing. */

/**
 * custcare_vcard_format_customer:
 *
 * Returns: (transfer full): one card for @customer, CRLF line ends, folded at 75 octets (never
 *   inside a UTF-8 character), with every field the parser reads
 */
char      *custcare_vcard_format_customer    (CustcareCustomer      *customer,
                                              CustcareVcardVersion   version);

/**
 * custcare_vcard_export:
 * @ids: (array length=n_ids): customers to write, in this order
 * @cancellable: (nullable): a cancelled export leaves @file as it was
 *
 * Writes one card per customer to @file, replacing it atomically (g_file_replace): a failure or
 * a cancel never leaves a half-written file. Erased customers are left out; an id that no longer
 * exists fails the export (CUSTCARE_CUSTOMER_ERROR_NOT_FOUND). Call from a worker thread with a
 * worker connection, or use custcare_vcard_export_async().
 *
 * Returns: the number of cards written, or -1 with @error set
 */
gint64     custcare_vcard_export             (CustcareStore         *store,
                                              const gint64          *ids,
                                              gsize                  n_ids,
                                              CustcareVcardVersion   version,
                                              GFile                 *file,
                                              GCancellable          *cancellable,
                                              GError               **error);
void       custcare_vcard_export_async       (CustcareStore         *store,
                                              const gint64          *ids,
                                              gsize                  n_ids,
                                              CustcareVcardVersion   version,
                                              GFile                 *file,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
/* Returns: the number of cards written, or -1 with @error set. */
gint64     custcare_vcard_export_finish      (CustcareStore         *store,
                                              GAsyncResult          *result,
                                              GError               **error);

/* Importing. */

typedef enum
{
  /* Leave out a card that looks like a customer already in CustCare (same email, same phone or
   * a very similar name, as custcare_customer_find_duplicates() decides). */
  CUSTCARE_VCARD_DUPLICATES_SKIP,
  /* Fill the existing customer's empty fields from the card and add its phones, emails and tags;
   * nothing already there is overwritten. Merged customers keep their own import batch, so a
   * revert of this import leaves them (with what was added). */
  CUSTCARE_VCARD_DUPLICATES_MERGE,
  /* Import every card as a new customer. */
  CUSTCARE_VCARD_DUPLICATES_ADD,
} CustcareVcardDuplicates;

typedef enum
{
  CUSTCARE_VCARD_IMPORT_DEFAULT = 0,
  /* Do everything, then roll back: the report says what an import would do; nothing is kept. */
  CUSTCARE_VCARD_IMPORT_DRY_RUN = 1 << 0,
} CustcareVcardImportFlags;

/* Called from the importing thread with the share of the file read so far (0.0–1.0). The async
 * variant calls it in the caller's main context instead. */
typedef void (*CustcareVcardProgressFunc) (double   fraction,
                                           gpointer user_data);

/* What an import did (or, for a dry run, would do). */
typedef struct _CustcareVcardImportReport CustcareVcardImportReport;

#define CUSTCARE_TYPE_VCARD_IMPORT_REPORT (custcare_vcard_import_report_get_type ())

GType                      custcare_vcard_import_report_get_type      (void) G_GNUC_CONST;
CustcareVcardImportReport *custcare_vcard_import_report_ref           (CustcareVcardImportReport *report);
void                       custcare_vcard_import_report_unref         (CustcareVcardImportReport *report);
gboolean                   custcare_vcard_import_report_get_dry_run   (CustcareVcardImportReport *report);
/* Cards found in the file. */
guint                      custcare_vcard_import_report_get_cards     (CustcareVcardImportReport *report);
/* New customers created (would be created, for a dry run). */
guint                      custcare_vcard_import_report_get_imported  (CustcareVcardImportReport *report);
/* Cards merged into an existing customer (CUSTCARE_VCARD_DUPLICATES_MERGE). */
guint                      custcare_vcard_import_report_get_merged    (CustcareVcardImportReport *report);
/* Cards left out as duplicates (CUSTCARE_VCARD_DUPLICATES_SKIP). */
guint                      custcare_vcard_import_report_get_duplicates_skipped (CustcareVcardImportReport *report);
/* Cards left out because they could not be used (no name…). */
guint                      custcare_vcard_import_report_get_cards_skipped (CustcareVcardImportReport *report);
/* Every problem, in file order (at most CUSTCARE_VCARD_MAX_PROBLEMS of them).
 * Returns: (transfer none) (element-type CustcareVcardProblem) */
GPtrArray                 *custcare_vcard_import_report_get_problems  (CustcareVcardImportReport *report);
/* Problems found, also those beyond CUSTCARE_VCARD_MAX_PROBLEMS. */
guint                      custcare_vcard_import_report_get_n_problems (CustcareVcardImportReport *report);
/* The `import_batches` row of a committed import (what the revert takes); 0 for a dry run. */
gint64                     custcare_vcard_import_report_get_batch_id  (CustcareVcardImportReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareVcardImportReport, custcare_vcard_import_report_unref)

/**
 * custcare_vcard_import:
 * @store: a connection for this thread (custcare_store_open_worker() off the main thread)
 * @stream: the file's contents
 * @source_name: what `import_batches.source_name` records (the file's name)
 * @total_bytes: the stream's size for progress, or 0 when not known
 * @progress: (nullable) (scope call): called in this thread
 *
 * Reads every card and writes them in one transaction with one `import_batches` row. A failure,
 * a file-level error or a cancel rolls everything back: the database is as it was.
 *
 * Returns: (transfer full): the report, or %NULL with @error set (G_IO_ERROR_CANCELLED after a
 *   cancel; CUSTCARE_VCARD_ERROR for a file that cannot be read; CUSTCARE_STORE_ERROR)
 */
CustcareVcardImportReport *custcare_vcard_import       (CustcareStore              *store,
                                                        GInputStream               *stream,
                                                        const char                 *source_name,
                                                        goffset                     total_bytes,
                                                        CustcareVcardImportFlags    flags,
                                                        CustcareVcardDuplicates     duplicates,
                                                        GCancellable               *cancellable,
                                                        CustcareVcardProgressFunc   progress,
                                                        gpointer                    progress_data,
                                                        GError                    **error);
/* custcare_vcard_import() on a file (its display name is the source name), in this thread. */
CustcareVcardImportReport *custcare_vcard_import_file  (CustcareStore              *store,
                                                        GFile                      *file,
                                                        CustcareVcardImportFlags    flags,
                                                        CustcareVcardDuplicates     duplicates,
                                                        GCancellable               *cancellable,
                                                        CustcareVcardProgressFunc   progress,
                                                        gpointer                    progress_data,
                                                        GError                    **error);
/**
 * custcare_vcard_import_file_async:
 * @file: the .vcf file; its display name becomes the batch's source name
 * @progress: (nullable): called in the thread-default main context of the caller
 * @progress_data: for @progress; must stay valid until @callback runs
 *
 * custcare_vcard_import() on a worker connection in a thread.
 */
void                       custcare_vcard_import_file_async  (CustcareStore             *store,
                                                              GFile                     *file,
                                                              CustcareVcardImportFlags   flags,
                                                              CustcareVcardDuplicates    duplicates,
                                                              GCancellable              *cancellable,
                                                              CustcareVcardProgressFunc  progress,
                                                              gpointer                   progress_data,
                                                              GAsyncReadyCallback        callback,
                                                              gpointer                   user_data);
CustcareVcardImportReport *custcare_vcard_import_file_finish (CustcareStore             *store,
                                                              GAsyncResult              *result,
                                                              GError                   **error);

G_END_DECLS
