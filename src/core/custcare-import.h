/* custcare-import.h — importing customers from a CSV file, and reverting an import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The steps a GUI walks through:
 *
 *   1. custcare_import_inspect_async(): reads the whole file once, off the main thread: detects
 *      the format (custcare-csv.h), reads the header row, guesses what each column holds from
 *      its header (English and German), counts the rows and looks at every date to find the
 *      date order. When the dates fit both day/month/year and month/day/year (every date has
 *      both parts ≤ 12), custcare_import_get_date_order_ambiguous() says so and the caller must
 *      choose with custcare_import_set_date_order() before the dry run.
 *   2. The user corrects the mapping (custcare_import_set_column_field() / _set_column_label()),
 *      chooses what happens to duplicates and to rows with problems, and whether a points
 *      column becomes opening balances.
 *   3. custcare_import_dry_run_async(): lists every row's problem (row as the spreadsheet
 *      numbers it, header = row 1; the column's header; the value; the reason in plain words)
 *      and every duplicate, using the customer validation of custcare-customer.c and the
 *      duplicate detection of custcare-customer-merge.c. Nothing is written.
 *   4. custcare_import_run_async(): the import, in ONE transaction on a worker connection: an
 *      import_batches row (kind 'csv', the file's name, the row count), every new customer with
 *      import_batch_id set, opening points as ledger rows of kind 'opening' with the batch's id.
 *      Cancel, an error or (with CUSTCARE_IMPORT_PROBLEMS_ABORT) a bad row leave the database
 *      exactly as it was.
 *
 * custcare_import_revert() removes exactly one batch's customers (and their opening points) in
 * one transaction; customers used since the import are kept and reported.
 *
 * A CustcareImport is used from one thread at a time: do not change it while one of its async
 * jobs runs.
 *
 * Errors: a file the reader refuses fails inspect with CUSTCARE_CSV_ERROR (its message names the
 * line); a cancel, from any step, is G_IO_ERROR_CANCELLED ("Nothing was changed"); everything
 * else is CUSTCARE_IMPORT_ERROR, CUSTCARE_CUSTOMER_ERROR or CUSTCARE_STORE_ERROR, each with a
 * message to show as it is. A result with batch_id 0 imported nothing (every row was left out):
 * no batch was recorded, so there is nothing to revert.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-csv.h"
#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_IMPORT_ERROR (custcare_import_error_quark ())

typedef enum
{
  CUSTCARE_IMPORT_ERROR_NOT_INSPECTED,  /* run or dry run before a successful inspect */
  CUSTCARE_IMPORT_ERROR_NO_NAME_COLUMN, /* no column is mapped to a name or company */
  CUSTCARE_IMPORT_ERROR_DATE_ORDER,     /* the date order is ambiguous and was not chosen */
  CUSTCARE_IMPORT_ERROR_PROBLEMS,       /* rows have problems and the caller chose to abort */
  CUSTCARE_IMPORT_ERROR_BATCH_NOT_FOUND,
  CUSTCARE_IMPORT_ERROR_ALREADY_REVERTED,
} CustcareImportError;

/* What a column holds. PHONE and EMAIL may be mapped to several columns (each value becomes a
 * phone or email with the column's label); a *_LABEL column gives the label of the nearest
 * PHONE / EMAIL column to its left, row by row. NOTES and PREFERENCES from several columns are
 * joined with line breaks; TAGS are split at commas and semicolons. */
typedef enum
{
  CUSTCARE_IMPORT_FIELD_IGNORE,
  CUSTCARE_IMPORT_FIELD_GIVEN_NAME,
  CUSTCARE_IMPORT_FIELD_FAMILY_NAME,
  CUSTCARE_IMPORT_FIELD_DISPLAY_NAME,          /* a single name ("Corner Bakery") */
  CUSTCARE_IMPORT_FIELD_COMPANY,
  CUSTCARE_IMPORT_FIELD_STREET,
  CUSTCARE_IMPORT_FIELD_LOCALITY,              /* city / town */
  CUSTCARE_IMPORT_FIELD_REGION,
  CUSTCARE_IMPORT_FIELD_POSTAL_CODE,
  CUSTCARE_IMPORT_FIELD_COUNTRY,
  CUSTCARE_IMPORT_FIELD_BIRTHDAY,              /* with or without year */
  CUSTCARE_IMPORT_FIELD_NOTES,
  CUSTCARE_IMPORT_FIELD_PREFERENCES,
  CUSTCARE_IMPORT_FIELD_PHONE,
  CUSTCARE_IMPORT_FIELD_PHONE_LABEL,
  CUSTCARE_IMPORT_FIELD_EMAIL,
  CUSTCARE_IMPORT_FIELD_EMAIL_LABEL,
  CUSTCARE_IMPORT_FIELD_TAGS,
  CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT,     /* yes/no, ja/nein, true/false, 1/0, x */
  CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE,/* a date, or an ISO 8601 date and time */
  CUSTCARE_IMPORT_FIELD_DO_NOT_CONTACT,        /* yes/no... */
  CUSTCARE_IMPORT_FIELD_POINTS,                /* whole points ≥ 0: the opening balance */
  CUSTCARE_IMPORT_N_FIELDS,
} CustcareImportField;

/* The order of day, month and year in dates that are not ISO (year first). Dates with dots
 * (07.03.1984, 07.03.) are always day first, as in German; slashes and dashes may be either. */
typedef enum
{
  CUSTCARE_DATE_ORDER_UNKNOWN,
  CUSTCARE_DATE_ORDER_YMD,  /* 1984-03-07, 03-07 without year */
  CUSTCARE_DATE_ORDER_DMY,  /* 07/03/1984, 07.03.1984, 07.03. */
  CUSTCARE_DATE_ORDER_MDY,  /* 03/07/1984, 03/07 */
} CustcareDateOrder;

typedef enum
{
  CUSTCARE_IMPORT_DUPLICATES_SKIP,    /* a row that matches a customer (same email or phone) is left out */
  CUSTCARE_IMPORT_DUPLICATES_MERGE,   /* ...fills that customer's empty fields and adds phones, emails, tags */
  CUSTCARE_IMPORT_DUPLICATES_IMPORT,  /* ...is imported as a new customer anyway */
} CustcareImportDuplicates;

typedef enum
{
  CUSTCARE_IMPORT_PROBLEMS_SKIP_ROWS, /* rows with problems are left out, the rest imported */
  CUSTCARE_IMPORT_PROBLEMS_ABORT,     /* any problem row stops the import; nothing is written */
} CustcareImportProblems;

typedef enum
{
  CUSTCARE_IMPORT_PROBLEM_INVALID,    /* the row cannot be imported as it is */
  CUSTCARE_IMPORT_PROBLEM_DUPLICATE,  /* the row matches an existing customer (duplicate_of) */
} CustcareImportProblemKind;

/* One problem of one row. */
typedef struct
{
  CustcareImportProblemKind kind;
  guint                     row;          /* as a spreadsheet numbers it: the header is row 1 */
  guint                     line;         /* the line of the file the row begins on */
  char                     *column;       /* the column's header ("E-Mail"); "" for the row as a whole */
  char                     *value;        /* the value as read; "" when it is missing */
  char                     *reason;       /* in plain words, translated */
  gint64                    duplicate_of; /* for DUPLICATE: the existing customer's id */
} CustcareImportProblem;

#define CUSTCARE_TYPE_IMPORT_PROBLEM (custcare_import_problem_get_type ())
GType                  custcare_import_problem_get_type (void) G_GNUC_CONST;
CustcareImportProblem *custcare_import_problem_copy     (const CustcareImportProblem *problem);
void                   custcare_import_problem_free     (CustcareImportProblem       *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareImportProblem, custcare_import_problem_free)

/* What an import did. */
typedef struct
{
  gint64     batch_id;              /* the import_batches row, for custcare_import_revert() */
  guint      n_rows;                /* data rows in the file (not counting the header) */
  guint      n_imported;            /* new customers */
  guint      n_merged;              /* rows merged into existing customers */
  guint      n_skipped_duplicates;
  guint      n_skipped_problems;
  gint64     points_imported;       /* opening points written, over all new customers */
  GPtrArray *problems;              /* (element-type CustcareImportProblem): the rows left out */
} CustcareImportResult;

#define CUSTCARE_TYPE_IMPORT_RESULT (custcare_import_result_get_type ())
GType                 custcare_import_result_get_type (void) G_GNUC_CONST;
CustcareImportResult *custcare_import_result_copy     (const CustcareImportResult *result);
void                  custcare_import_result_free     (CustcareImportResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareImportResult, custcare_import_result_free)

/* What a revert did. */
typedef struct
{
  guint   n_removed;          /* customers of the batch deleted, with their opening points */
  guint   n_kept;             /* customers of the batch kept because they were used since */
  GArray *kept_ids;           /* (element-type gint64) */
  char   *kept_reason;        /* "2 customers were kept because they have orders, interactions
                                 or points since the import." (translated), or "" */
} CustcareImportRevertResult;

#define CUSTCARE_TYPE_IMPORT_REVERT_RESULT (custcare_import_revert_result_get_type ())
GType                       custcare_import_revert_result_get_type (void) G_GNUC_CONST;
CustcareImportRevertResult *custcare_import_revert_result_copy     (const CustcareImportRevertResult *result);
void                        custcare_import_revert_result_free     (CustcareImportRevertResult       *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareImportRevertResult, custcare_import_revert_result_free)

GQuark              custcare_import_error_quark   (void);

/* The field's name for a column mapping menu ("Given name", "Phone"...), translated. */
const char         *custcare_import_field_get_name (CustcareImportField field);
/* Guesses a column's field from its header ("Vorname", "E-Mail 2", "Handy"...), and for phone
 * and email columns a label from it ("Mobile", "Work", "Home"; "" when it says none). */
CustcareImportField custcare_import_guess_field    (const char          *header,
                                                    char               **out_label);

/* Dates as spreadsheets write them: 1984-03-07, 07.03.1984, 7/3/84, 03/07/1984, and without a
 * year --03-07, 07.03., 07/03. Two-digit years are 19xx when that would otherwise lie in the
 * future. Returns %FALSE when @text is not a date in @order (year 0 = no year). */
gboolean            custcare_import_parse_date     (const char          *text,
                                                    CustcareDateOrder    order,
                                                    int                 *year,
                                                    int                 *month,
                                                    int                 *day);

#define CUSTCARE_TYPE_IMPORT (custcare_import_get_type ())
G_DECLARE_FINAL_TYPE (CustcareImport, custcare_import, CUSTCARE, IMPORT, GObject)

CustcareImport     *custcare_import_new                     (void);

/* Step 1. */
gboolean            custcare_import_inspect                 (CustcareImport            *self,
                                                             GFile                     *file,
                                                             GCancellable              *cancellable,
                                                             GError                   **error);
void                custcare_import_inspect_async           (CustcareImport            *self,
                                                             GFile                     *file,
                                                             GCancellable              *cancellable,
                                                             GAsyncReadyCallback        callback,
                                                             gpointer                   user_data);
gboolean            custcare_import_inspect_finish          (CustcareImport            *self,
                                                             GAsyncResult              *result,
                                                             GError                   **error);

/* What inspect found. */
GFile              *custcare_import_get_file                (CustcareImport            *self);
const CustcareCsvFormat *custcare_import_get_format         (CustcareImport            *self);
guint               custcare_import_get_n_rows              (CustcareImport            *self);
guint               custcare_import_get_n_columns           (CustcareImport            *self);
const char         *custcare_import_get_column_header       (CustcareImport            *self,
                                                             guint                      column);
/* The first rows (up to 5) as read, for a preview: NULL past the end. */
const char * const *custcare_import_get_preview_row         (CustcareImport            *self,
                                                             guint                      index);

/* The mapping, guessed by inspect; change it freely before the dry run. */
CustcareImportField custcare_import_get_column_field        (CustcareImport            *self,
                                                             guint                      column);
void                custcare_import_set_column_field        (CustcareImport            *self,
                                                             guint                      column,
                                                             CustcareImportField        field);
const char         *custcare_import_get_column_label        (CustcareImport            *self,
                                                             guint                      column);
void                custcare_import_set_column_label        (CustcareImport            *self,
                                                             guint                      column,
                                                             const char                *label);

/* The date order of the file's date columns (birthday, consent date). UNKNOWN and ambiguous
 * when the dates fit more than one order: then the caller must choose. */
CustcareDateOrder   custcare_import_get_date_order          (CustcareImport            *self);
gboolean            custcare_import_get_date_order_ambiguous (CustcareImport           *self);
void                custcare_import_set_date_order          (CustcareImport            *self,
                                                             CustcareDateOrder          order);

/* Choices, with their defaults: SKIP, SKIP_ROWS, points imported (TRUE). */
void                custcare_import_set_duplicates          (CustcareImport            *self,
                                                             CustcareImportDuplicates   duplicates);
CustcareImportDuplicates custcare_import_get_duplicates     (CustcareImport            *self);
void                custcare_import_set_problems            (CustcareImport            *self,
                                                             CustcareImportProblems     problems);
CustcareImportProblems custcare_import_get_problems         (CustcareImport            *self);
void                custcare_import_set_import_points       (CustcareImport            *self,
                                                             gboolean                   import_points);
gboolean            custcare_import_get_import_points       (CustcareImport            *self);

/* Step 3: every problem and duplicate, in file order. Reads @store; writes nothing.
 * Returns: (transfer container) (element-type CustcareImportProblem) */
GPtrArray          *custcare_import_dry_run                 (CustcareImport            *self,
                                                             CustcareStore             *store,
                                                             CustcareCsvProgressFunc    progress,
                                                             gpointer                   progress_data,
                                                             GCancellable              *cancellable,
                                                             GError                   **error);
/* On a worker connection of @store. @progress is called in the caller's main context. */
void                custcare_import_dry_run_async           (CustcareImport            *self,
                                                             CustcareStore             *store,
                                                             CustcareCsvProgressFunc    progress,
                                                             gpointer                   progress_data,
                                                             GDestroyNotify             progress_destroy,
                                                             GCancellable              *cancellable,
                                                             GAsyncReadyCallback        callback,
                                                             gpointer                   user_data);
GPtrArray          *custcare_import_dry_run_finish          (CustcareImport            *self,
                                                             GAsyncResult              *result,
                                                             GError                   **error);

/* Step 4: the import in one transaction on @store's connection (the sync form runs in the
 * calling thread; tests and the command line use it). */
CustcareImportResult *custcare_import_run                   (CustcareImport            *self,
                                                             CustcareStore             *store,
                                                             CustcareCsvProgressFunc    progress,
                                                             gpointer                   progress_data,
                                                             GCancellable              *cancellable,
                                                             GError                   **error);
void                custcare_import_run_async               (CustcareImport            *self,
                                                             CustcareStore             *store,
                                                             CustcareCsvProgressFunc    progress,
                                                             gpointer                   progress_data,
                                                             GDestroyNotify             progress_destroy,
                                                             GCancellable              *cancellable,
                                                             GAsyncReadyCallback        callback,
                                                             gpointer                   user_data);
CustcareImportResult *custcare_import_run_finish            (CustcareImport            *self,
                                                             GAsyncResult              *result,
                                                             GError                   **error);

/* The newest import batch not yet reverted (any kind), for "Undo last import": 0 when none. */
gint64              custcare_import_get_last_batch          (CustcareStore             *store,
                                                             GError                   **error);
/* Removes batch @batch_id's customers and their opening points in one transaction and marks
 * the batch reverted. Customers with orders, interactions, outbox messages, points other than
 * the batch's opening rows, or merged with another customer since, are kept (listed in the
 * result). Fields an import merged into existing customers stay. */
CustcareImportRevertResult *custcare_import_revert          (CustcareStore             *store,
                                                             gint64                     batch_id,
                                                             GError                   **error);
void                custcare_import_revert_async            (CustcareStore             *store,
                                                             gint64                     batch_id,
                                                             GCancellable              *cancellable,
                                                             GAsyncReadyCallback        callback,
                                                             gpointer                   user_data);
CustcareImportRevertResult *custcare_import_revert_finish   (CustcareStore             *store,
                                                             GAsyncResult              *result,
                                                             GError                   **error);

G_END_DECLS
