/* custcare-import.c — importing customers from a CSV file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is read three times, each time streaming (custcare-csv.c): once to inspect it, once
 * for the dry run, once for the import. Nothing of the file is kept but its header, five preview
 * rows and, per column, which date orders its values allow. Rows become CustcareCustomer records
 * by one function (build_customer()) for both the dry run and the import, so the dry run lists
 * exactly the rows the import leaves out; the record is checked by custcare_customer_validate(),
 * the same rules the customer page uses.
 *
 * The import is one transaction on the caller's connection (a worker connection in the async
 * form): the batch row, the customers (inserted with CUSTCARE_CUSTOMER_WRITE_SKIP_INDEX), their
 * opening points, and at the end the search index for the new customers. A cancel, a failure or
 * a problem row under CUSTCARE_IMPORT_PROBLEMS_ABORT rolls all of it back.
 */
#define G_LOG_DOMAIN "custcare-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-customer-merge.h"
#include "custcare-customer-private.h"
#include "custcare-import-private.h"

#define PREVIEW_ROWS 5
/* Rows between two looks at the cancellable and the progress. */
#define CHECK_EVERY 256

G_DEFINE_QUARK (custcare-import-error-quark, custcare_import_error)

/* Progress ------------------------------------------------------------------------------------ */

struct _CustcareProgress
{
  gatomicrefcount          ref_count;
  CustcareCsvProgressFunc  func;
  gpointer                 data;
  GDestroyNotify           destroy;
  GMainContext            *context;
  gint64                   last_report;
};

CustcareProgress *
_custcare_progress_new (CustcareCsvProgressFunc  func,
                        gpointer                 data,
                        GDestroyNotify           destroy,
                        GMainContext            *context)
{
  CustcareProgress *progress = g_new0 (CustcareProgress, 1);

  g_atomic_ref_count_init (&progress->ref_count);
  progress->func = func;
  progress->data = data;
  progress->destroy = destroy;
  progress->context = context != NULL ? g_main_context_ref (context) : NULL;
  return progress;
}

static CustcareProgress *
progress_ref (CustcareProgress *progress)
{
  g_atomic_ref_count_inc (&progress->ref_count);
  return progress;
}

void
_custcare_progress_unref (CustcareProgress *progress)
{
  if (progress == NULL || !g_atomic_ref_count_dec (&progress->ref_count))
    return;
  if (progress->destroy != NULL)
    progress->destroy (progress->data);
  g_clear_pointer (&progress->context, g_main_context_unref);
  g_free (progress);
}

typedef struct
{
  CustcareProgress *progress;
  double            fraction;
} ProgressReport;

static gboolean
progress_dispatch (gpointer user_data)
{
  ProgressReport *report = user_data;

  report->progress->func (report->fraction, report->progress->data);
  return G_SOURCE_REMOVE;
}

static void
progress_report_free (gpointer user_data)
{
  ProgressReport *report = user_data;

  _custcare_progress_unref (report->progress);
  g_free (report);
}

void
_custcare_progress_report (CustcareProgress *progress,
                           double            fraction)
{
  gint64 now;

  if (progress == NULL || progress->func == NULL)
    return;
  fraction = CLAMP (fraction, 0.0, 1.0);
  now = g_get_monotonic_time ();
  if (fraction < 1.0 && now - progress->last_report < G_USEC_PER_SEC / 20)
    return;
  progress->last_report = now;

  if (progress->context == NULL)
    progress->func (fraction, progress->data);
  else
    {
      ProgressReport *report = g_new0 (ProgressReport, 1);

      report->progress = progress_ref (progress);
      report->fraction = fraction;
      _custcare_main_context_post (progress->context, progress_dispatch, report, progress_report_free);
    }
}

/* Boxed records ------------------------------------------------------------------------------- */

CustcareImportProblem *
custcare_import_problem_copy (const CustcareImportProblem *problem)
{
  CustcareImportProblem *copy = g_new0 (CustcareImportProblem, 1);

  *copy = *problem;
  copy->column = g_strdup (problem->column);
  copy->value = g_strdup (problem->value);
  copy->reason = g_strdup (problem->reason);
  return copy;
}

void
custcare_import_problem_free (CustcareImportProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->column);
  g_free (problem->value);
  g_free (problem->reason);
  g_free (problem);
}

G_DEFINE_BOXED_TYPE (CustcareImportProblem, custcare_import_problem, custcare_import_problem_copy,
                     custcare_import_problem_free)

static GPtrArray *
problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_import_problem_free);
}

CustcareImportResult *
custcare_import_result_copy (const CustcareImportResult *result)
{
  CustcareImportResult *copy = g_new0 (CustcareImportResult, 1);

  *copy = *result;
  copy->problems = problems_new ();
  for (guint i = 0; result->problems != NULL && i < result->problems->len; i++)
    g_ptr_array_add (copy->problems, custcare_import_problem_copy (g_ptr_array_index (result->problems, i)));
  return copy;
}

void
custcare_import_result_free (CustcareImportResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->problems, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (CustcareImportResult, custcare_import_result, custcare_import_result_copy,
                     custcare_import_result_free)

/* The import object ---------------------------------------------------------------------------- */

typedef struct
{
  char               *header;
  CustcareImportField field;
  char               *label;
  guint               date_orders;  /* AND of _custcare_import_date_orders() over its dates */
  gboolean            has_dates;
} Column;

struct _CustcareImport
{
  GObject                  parent_instance;

  GFile                   *file;
  char                    *source_name;
  gboolean                 inspected;
  CustcareCsvFormat        format;
  GArray                  *columns;   /* Column */
  GPtrArray               *preview;   /* GStrv */
  guint                    n_rows;

  CustcareDateOrder        date_order;  /* chosen by the caller; UNKNOWN = as detected */
  CustcareImportDuplicates duplicates;
  CustcareImportProblems   problems;
  gboolean                 import_points;
};

G_DEFINE_FINAL_TYPE (CustcareImport, custcare_import, G_TYPE_OBJECT)

static void
column_clear (gpointer data)
{
  Column *column = data;

  g_free (column->header);
  g_free (column->label);
}

static void
custcare_import_finalize (GObject *object)
{
  CustcareImport *self = CUSTCARE_IMPORT (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_pointer (&self->preview, g_ptr_array_unref);

  G_OBJECT_CLASS (custcare_import_parent_class)->finalize (object);
}

static void
custcare_import_class_init (CustcareImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = custcare_import_finalize;
}

static void
custcare_import_init (CustcareImport *self)
{
  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, column_clear);
  self->preview = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->import_points = TRUE;
}

CustcareImport *
custcare_import_new (void)
{
  return g_object_new (CUSTCARE_TYPE_IMPORT, NULL);
}

GFile *
custcare_import_get_file (CustcareImport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), NULL);

  return self->file;
}

const CustcareCsvFormat *
custcare_import_get_format (CustcareImport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), NULL);

  return &self->format;
}

guint
custcare_import_get_n_rows (CustcareImport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), 0);

  return self->n_rows;
}

guint
custcare_import_get_n_columns (CustcareImport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), 0);

  return self->columns->len;
}

static Column *
get_column (CustcareImport *self,
            guint           column)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->columns->len, NULL);

  return &g_array_index (self->columns, Column, column);
}

const char *
custcare_import_get_column_header (CustcareImport *self,
                                   guint           column)
{
  Column *c = get_column (self, column);

  return c != NULL ? c->header : NULL;
}

const char * const *
custcare_import_get_preview_row (CustcareImport *self,
                                 guint           index)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), NULL);

  if (index >= self->preview->len)
    return NULL;
  return g_ptr_array_index (self->preview, index);
}

CustcareImportField
custcare_import_get_column_field (CustcareImport *self,
                                  guint           column)
{
  Column *c = get_column (self, column);

  return c != NULL ? c->field : CUSTCARE_IMPORT_FIELD_IGNORE;
}

void
custcare_import_set_column_field (CustcareImport      *self,
                                  guint                column,
                                  CustcareImportField  field)
{
  Column *c = get_column (self, column);

  g_return_if_fail (field < CUSTCARE_IMPORT_N_FIELDS);

  if (c != NULL)
    c->field = field;
}

const char *
custcare_import_get_column_label (CustcareImport *self,
                                  guint           column)
{
  Column *c = get_column (self, column);

  return c != NULL ? c->label : NULL;
}

void
custcare_import_set_column_label (CustcareImport *self,
                                  guint           column,
                                  const char     *label)
{
  Column *c = get_column (self, column);

  if (c != NULL)
    g_set_str (&c->label, label != NULL ? label : "");
}

static gboolean
is_date_field (CustcareImportField field)
{
  return field == CUSTCARE_IMPORT_FIELD_BIRTHDAY || field == CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE;
}

/* What the dates of the mapped date columns allow: a mask as _custcare_import_date_orders(), or
 * G_MAXUINT when there are no dates. */
static guint
detected_orders (CustcareImport *self)
{
  guint mask = G_MAXUINT;

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *c = &g_array_index (self->columns, Column, i);

      if (is_date_field (c->field) && c->has_dates)
        mask &= c->date_orders;
    }
  return mask;
}

static CustcareDateOrder
order_from_mask (guint mask)
{
  if (mask == G_MAXUINT || (mask & (1u << CUSTCARE_DATE_ORDER_YMD)))
    return CUSTCARE_DATE_ORDER_YMD;
  if (mask == (1u << CUSTCARE_DATE_ORDER_DMY))
    return CUSTCARE_DATE_ORDER_DMY;
  if (mask == (1u << CUSTCARE_DATE_ORDER_MDY))
    return CUSTCARE_DATE_ORDER_MDY;
  return CUSTCARE_DATE_ORDER_UNKNOWN;
}

CustcareDateOrder
custcare_import_get_date_order (CustcareImport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), CUSTCARE_DATE_ORDER_UNKNOWN);

  if (self->date_order != CUSTCARE_DATE_ORDER_UNKNOWN)
    return self->date_order;
  return order_from_mask (detected_orders (self));
}

gboolean
custcare_import_get_date_order_ambiguous (CustcareImport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), FALSE);

  return order_from_mask (detected_orders (self)) == CUSTCARE_DATE_ORDER_UNKNOWN;
}

void
custcare_import_set_date_order (CustcareImport    *self,
                                CustcareDateOrder  order)
{
  g_return_if_fail (CUSTCARE_IS_IMPORT (self));

  self->date_order = order;
}

void
custcare_import_set_duplicates (CustcareImport           *self,
                                CustcareImportDuplicates  duplicates)
{
  g_return_if_fail (CUSTCARE_IS_IMPORT (self));

  self->duplicates = duplicates;
}

CustcareImportDuplicates
custcare_import_get_duplicates (CustcareImport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), CUSTCARE_IMPORT_DUPLICATES_SKIP);

  return self->duplicates;
}

void
custcare_import_set_problems (CustcareImport         *self,
                              CustcareImportProblems  problems)
{
  g_return_if_fail (CUSTCARE_IS_IMPORT (self));

  self->problems = problems;
}

CustcareImportProblems
custcare_import_get_problems (CustcareImport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), CUSTCARE_IMPORT_PROBLEMS_SKIP_ROWS);

  return self->problems;
}

void
custcare_import_set_import_points (CustcareImport *self,
                                   gboolean        import_points)
{
  g_return_if_fail (CUSTCARE_IS_IMPORT (self));

  self->import_points = !!import_points;
}

gboolean
custcare_import_get_import_points (CustcareImport *self)
{
  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), TRUE);

  return self->import_points;
}

/* Reading the file ---------------------------------------------------------------------------- */

static CustcareCsvReader *
open_reader (GFile         *file,
             const CustcareCsvFormat *format,
             guint64       *out_size,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CUSTCARE_CSV_ERROR, CUSTCARE_CSV_ERROR_READ, _("“%s” could not be opened: %s"), name,
                     local_error->message);
      return NULL;
    }
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  *out_size = info != NULL ? (guint64) g_file_info_get_size (info) : 0;
  return custcare_csv_reader_new (G_INPUT_STREAM (stream), format);
}

static double
fraction_of (CustcareCsvReader *reader,
             guint64            size)
{
  return size > 0 ? (double) custcare_csv_reader_get_bytes_read (reader) / (double) size : 0.0;
}

/**
 * custcare_import_inspect:
 *
 * Reads @file once from start to end: format, header, preview, row count and what its dates
 * allow, and guesses the mapping. A file the reader refuses (custcare-csv.h) fails here with its
 * message. Runs in the calling thread.
 */
gboolean
custcare_import_inspect (CustcareImport  *self,
                         GFile           *file,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr (CustcareCsvReader) reader = NULL;
  g_auto (GStrv) header = NULL;
  g_autoptr (GError) local_error = NULL;
  guint64 size = 0;
  guint n_header;

  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  self->inspected = FALSE;
  g_set_object (&self->file, file);
  g_clear_pointer (&self->source_name, g_free);
  self->source_name = g_file_get_basename (file);
  g_array_set_size (self->columns, 0);
  g_ptr_array_set_size (self->preview, 0);
  self->n_rows = 0;
  self->date_order = CUSTCARE_DATE_ORDER_UNKNOWN;

  if (!(reader = open_reader (file, NULL, &size, cancellable, error)))
    return FALSE;

  header = custcare_csv_reader_read_row (reader, cancellable, error);
  if (header == NULL)
    return FALSE;
  self->format = *custcare_csv_reader_get_format (reader);

  n_header = g_strv_length (header);
  for (guint i = 0; i < n_header; i++)
    {
      Column column = { 0 };
      g_autofree char *stripped = g_strstrip (g_strdup (custcare_csv_unprotect_cell (header[i])));

      column.header = *stripped ? g_steal_pointer (&stripped) : g_strdup_printf (_("Column %u"), i + 1);
      column.field = custcare_import_guess_field (column.header, &column.label);
      if (column.label == NULL)
        column.label = g_strdup ("");
      column.date_orders = G_MAXUINT;
      g_array_append_val (self->columns, column);
    }

  for (;;)
    {
      g_auto (GStrv) row = custcare_csv_reader_read_row (reader, cancellable, &local_error);

      if (row == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      self->n_rows++;
      for (guint i = 0; row[i] != NULL && i < self->columns->len; i++)
        {
          Column *c = &g_array_index (self->columns, Column, i);
          guint orders;

          /* Only a cell that could be a date says anything about the order. */
          if (!g_ascii_isdigit (row[i][0]) && row[i][0] != '-' && row[i][0] != ' ')
            continue;
          orders = _custcare_import_date_orders (row[i]);
          if (orders != 0)
            {
              c->date_orders &= orders;
              c->has_dates = TRUE;
            }
        }
      if (self->preview->len < PREVIEW_ROWS)
        g_ptr_array_add (self->preview, g_steal_pointer (&row));
    }

  self->inspected = TRUE;
  return TRUE;
}

static void
inspect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;

  if (custcare_import_inspect (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
custcare_import_inspect_async (CustcareImport      *self,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CUSTCARE_IS_IMPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_import_inspect_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, inspect_thread);
}

gboolean
custcare_import_inspect_finish (CustcareImport  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* One row into a customer ------------------------------------------------------------------- */

typedef struct
{
  guint  column;
  char  *label;
  char  *value;
} PendingContact;

static void
pending_contact_clear (gpointer data)
{
  PendingContact *contact = data;

  g_free (contact->label);
  g_free (contact->value);
}

static void
add_problem (GPtrArray                 *problems,
             CustcareImportProblemKind  kind,
             guint                      row,
             guint                      line,
             const char                *column,
             const char                *value,
             char                      *reason)
{
  CustcareImportProblem *problem = g_new0 (CustcareImportProblem, 1);

  problem->kind = kind;
  problem->row = row;
  problem->line = line;
  problem->column = g_strdup (column != NULL ? column : "");
  problem->value = g_strdup (value != NULL ? value : "");
  problem->reason = reason;
  g_ptr_array_add (problems, problem);
}

static gboolean
parse_yes_no (const char *text,
              gboolean   *out)
{
  static const char *yes[] = { "yes", "y", "true", "1", "x", "ja", "j", "wahr", "on" };
  static const char *no[] = { "no", "n", "false", "0", "nein", "falsch", "off", "-" };
  g_autofree char *folded = g_utf8_casefold (text, -1);

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (strcmp (folded, yes[i]) == 0)
      {
        *out = TRUE;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (strcmp (folded, no[i]) == 0)
      {
        *out = FALSE;
        return TRUE;
      }
  return FALSE;
}

/* A consent date: an ISO 8601 date and time (what CustCare exports), or a date read like the
 * birthdays (midnight UTC). */
static gboolean
parse_timestamp (const char        *text,
                 CustcareDateOrder  order,
                 gint64            *out)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) when = NULL;
  int y = 0, m = 0, d = 0;

  if (strchr (text, 'T') != NULL)
    when = g_date_time_new_from_iso8601 (text, utc);
  if (when == NULL)
    {
      if (!custcare_import_parse_date (text, order, &y, &m, &d) || y == 0)
        return FALSE;
      when = g_date_time_new (utc, y, m, d, 0, 0, 0);
    }
  if (when == NULL)
    return FALSE;
  *out = g_date_time_to_unix (when);
  return *out > 0;
}

static gboolean
parse_points (const char *text,
              gint64     *out)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  guint64 value;

  /* Thousands written with spaces or a narrow no-break space: "12 500". */
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == 0x00A0 || c == 0x202F)
        continue;
      g_string_append_unichar (digits, c);
    }
  if (digits->len == 0 || digits->len > 12 || !g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT32, &value, NULL))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static void
append_text (GString    *text,
             const char *value)
{
  if (*value == '\0')
    return;
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, value);
}

/* Builds the customer of one data row. Every problem found is added to @problems (all of them,
 * not just the first, so the dry run lists them); returns %NULL when there was one, or when the
 * row is blank (@out_blank). */
static CustcareCustomer *
build_customer (CustcareImport     *self,
                char              **cells,
                guint               row,
                guint               line,
                CustcareDateOrder   order,
                gint64             *out_points,
                gboolean           *out_blank,
                GPtrArray          *problems)
{
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  g_autoptr (GArray) phones = g_array_new (FALSE, TRUE, sizeof (PendingContact));
  g_autoptr (GArray) emails = g_array_new (FALSE, TRUE, sizeof (PendingContact));
  g_autoptr (GString) notes = g_string_new (NULL);
  g_autoptr (GString) preferences = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  guint n_cells = g_strv_length (cells);
  guint n_problems = problems->len;
  gboolean blank = TRUE;
  int consent = -1;
  gint64 consent_at = 0;
  gint64 points = 0;
  int last_phone = -1, last_email = -1;
  const char *tags_column = NULL;

  g_array_set_clear_func (phones, pending_contact_clear);
  g_array_set_clear_func (emails, pending_contact_clear);
  *out_points = 0;
  *out_blank = FALSE;

  for (guint i = 0; i < n_cells; i++)
    if (cells[i][0] != '\0')
      blank = FALSE;
  if (blank)
    {
      *out_blank = TRUE;
      return NULL;
    }

  for (guint i = self->columns->len; i < n_cells; i++)
    if (g_strstrip (cells[i])[0] != '\0')
      {
        add_problem (problems, CUSTCARE_IMPORT_PROBLEM_INVALID, row, line, "", cells[i],
                     g_strdup_printf (_("This row has %u values but the header has %u columns: it may have "
                                        "an unquoted delimiter in it."),
                                      n_cells, self->columns->len));
        break;
      }

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *c = &g_array_index (self->columns, Column, i);
      const char *raw = i < n_cells ? custcare_csv_unprotect_cell (cells[i]) : "";
      g_autofree char *value = NULL;
      int y = 0, m = 0, d = 0;
      gboolean flag = FALSE;

      if (c->field == CUSTCARE_IMPORT_FIELD_IGNORE)
        continue;
      /* Notes keep their own spacing; everything else loses blanks around it. */
      if (c->field == CUSTCARE_IMPORT_FIELD_NOTES || c->field == CUSTCARE_IMPORT_FIELD_PREFERENCES)
        value = g_strdup (raw);
      else
        value = g_strstrip (g_strdup (raw));

      switch (c->field)
        {
        case CUSTCARE_IMPORT_FIELD_GIVEN_NAME:
          if (*value)
            custcare_customer_set_given_name (customer, value);
          break;
        case CUSTCARE_IMPORT_FIELD_FAMILY_NAME:
          if (*value)
            custcare_customer_set_family_name (customer, value);
          break;
        case CUSTCARE_IMPORT_FIELD_DISPLAY_NAME:
          if (*value)
            custcare_customer_set_display_name (customer, value);
          break;
        case CUSTCARE_IMPORT_FIELD_COMPANY:
          if (*value)
            custcare_customer_set_company (customer, value);
          break;
        case CUSTCARE_IMPORT_FIELD_STREET:
          if (*value)
            custcare_customer_set_address_street (customer, value);
          break;
        case CUSTCARE_IMPORT_FIELD_LOCALITY:
          if (*value)
            custcare_customer_set_address_locality (customer, value);
          break;
        case CUSTCARE_IMPORT_FIELD_REGION:
          if (*value)
            custcare_customer_set_address_region (customer, value);
          break;
        case CUSTCARE_IMPORT_FIELD_POSTAL_CODE:
          if (*value)
            custcare_customer_set_address_postal_code (customer, value);
          break;
        case CUSTCARE_IMPORT_FIELD_COUNTRY:
          if (*value)
            custcare_customer_set_address_country (customer, value);
          break;
        case CUSTCARE_IMPORT_FIELD_NOTES:
          append_text (notes, value);
          break;
        case CUSTCARE_IMPORT_FIELD_PREFERENCES:
          append_text (preferences, value);
          break;
        case CUSTCARE_IMPORT_FIELD_BIRTHDAY:
          if (*value == '\0')
            break;
          if (!custcare_import_parse_date (value, order, &y, &m, &d))
            {
              add_problem (problems, CUSTCARE_IMPORT_PROBLEM_INVALID, row, line, c->header, value,
                           order == CUSTCARE_DATE_ORDER_UNKNOWN && _custcare_import_date_orders (value) != 0
                             ? g_strdup (_("This date can be read as day/month or month/day. Choose the date "
                                           "order of the file."))
                             : g_strdup (_("This is not a date CustCare can read. Write it as 1984-03-07, "
                                           "07.03.1984 or 07/03/1984, or without a year as 03-07.")));
              break;
            }
          {
            /* The customer rules decide what a birthday may be (years 1850–2200...). */
            g_autofree char *iso = custcare_birthday_format (y, m, d);
            g_autoptr (GError) date_error = NULL;

            if (!custcare_birthday_parse (iso, &y, &m, &d, &date_error))
              add_problem (problems, CUSTCARE_IMPORT_PROBLEM_INVALID, row, line, c->header, value,
                           g_strdup (date_error->message));
            else
              custcare_customer_set_birthday (customer, y, m, d);
          }
          break;
        case CUSTCARE_IMPORT_FIELD_PHONE:
          last_phone = -1;
          if (*value)
            {
              PendingContact contact = { i, g_strdup (c->label), g_strdup (value) };
              g_array_append_val (phones, contact);
              last_phone = phones->len - 1;
            }
          break;
        case CUSTCARE_IMPORT_FIELD_PHONE_LABEL:
          if (*value && last_phone >= 0)
            g_set_str (&g_array_index (phones, PendingContact, last_phone).label, value);
          break;
        case CUSTCARE_IMPORT_FIELD_EMAIL:
          last_email = -1;
          if (*value)
            {
              PendingContact contact = { i, g_strdup (c->label), g_strdup (value) };
              g_array_append_val (emails, contact);
              last_email = emails->len - 1;
            }
          break;
        case CUSTCARE_IMPORT_FIELD_EMAIL_LABEL:
          if (*value && last_email >= 0)
            g_set_str (&g_array_index (emails, PendingContact, last_email).label, value);
          break;
        case CUSTCARE_IMPORT_FIELD_TAGS:
          {
            g_auto (GStrv) tags = g_strsplit_set (value, ",;", -1);

            tags_column = c->header;
            for (guint t = 0; tags[t] != NULL; t++)
              if (*g_strstrip (tags[t]) != '\0')
                custcare_customer_add_tag (customer, tags[t]);
          }
          break;
        case CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT:
        case CUSTCARE_IMPORT_FIELD_DO_NOT_CONTACT:
          if (*value == '\0')
            break;
          if (!parse_yes_no (value, &flag))
            {
              add_problem (problems, CUSTCARE_IMPORT_PROBLEM_INVALID, row, line, c->header, value,
                           g_strdup (_("Write yes or no here (ja/nein, true/false, 1/0 and x also work).")));
              break;
            }
          if (c->field == CUSTCARE_IMPORT_FIELD_DO_NOT_CONTACT)
            custcare_customer_set_do_not_contact (customer, flag || custcare_customer_get_do_not_contact (customer));
          else
            consent = flag || consent == 1;
          break;
        case CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE:
          if (*value == '\0')
            break;
          if (!parse_timestamp (value, order, &consent_at))
            add_problem (problems, CUSTCARE_IMPORT_PROBLEM_INVALID, row, line, c->header, value,
                         g_strdup (_("This is not a date CustCare can read. Write it as 2024-03-07 or "
                                     "2024-03-07T10:30:00Z.")));
          break;
        case CUSTCARE_IMPORT_FIELD_POINTS:
          {
            gint64 parsed = 0;

            if (*value == '\0')
              break;
            if (!parse_points (value, &parsed))
              add_problem (problems, CUSTCARE_IMPORT_PROBLEM_INVALID, row, line, c->header, value,
                           g_strdup (value[0] == '-'
                                       ? _("Points cannot be negative: an opening balance starts at zero or more.")
                                       : _("Points are a whole number, like 250.")));
            else
              points += parsed;
          }
          break;
        case CUSTCARE_IMPORT_FIELD_IGNORE:
        case CUSTCARE_IMPORT_N_FIELDS:
        default:
          break;
        }
    }

  if (notes->len > 0)
    custcare_customer_set_notes (customer, notes->str);
  if (preferences->len > 0)
    custcare_customer_set_preferences (customer, preferences->str);

  /* A consent date alone is a consent; "no" with a date is no consent. */
  if (consent == 1 || (consent == -1 && consent_at > 0))
    custcare_customer_set_marketing_consent (customer, TRUE, consent_at);

  for (guint i = 0; i < phones->len; i++)
    {
      PendingContact *contact = &g_array_index (phones, PendingContact, i);

      if (!custcare_phone_is_valid (contact->value))
        add_problem (problems, CUSTCARE_IMPORT_PROBLEM_INVALID, row, line,
                     g_array_index (self->columns, Column, contact->column).header, contact->value,
                     g_strdup (_("This is not a phone number. Use digits, spaces, a leading + and - ( ) . only.")));
      else
        custcare_customer_add_phone (customer, contact->label, contact->value);
    }
  for (guint i = 0; i < emails->len; i++)
    {
      PendingContact *contact = &g_array_index (emails, PendingContact, i);

      if (!custcare_email_is_valid (contact->value))
        add_problem (problems, CUSTCARE_IMPORT_PROBLEM_INVALID, row, line,
                     g_array_index (self->columns, Column, contact->column).header, contact->value,
                     g_strdup (_("This is not an email address. It should look like name@example.com.")));
      else
        custcare_customer_add_email (customer, contact->label, contact->value);
    }

  /* Whatever else the customer rules refuse (no name at all, a tag too long...). */
  if (problems->len == n_problems && !custcare_customer_validate (customer, &error))
    {
      const char *column = "";

      if (g_error_matches (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_TAG) && tags_column)
        column = tags_column;
      add_problem (problems, CUSTCARE_IMPORT_PROBLEM_INVALID, row, line, column, "", g_strdup (error->message));
    }

  if (problems->len > n_problems)
    return NULL;
  *out_points = points;
  return g_steal_pointer (&customer);
}

/* Duplicates ------------------------------------------------------------------------------------ */

/* Emails and phone numbers seen earlier in the same file, so that a file with a customer twice
 * is caught without the database (whose search index is brought up to date only at the end).
 * Phones follow custcare_customer_find_duplicates(): a number matches a stored one that ends
 * with it, or one it ends with after up to four leading digits (a country code). Keys are
 * 64-bit hashes of the text where pointers hold them (memory: ~24 bytes a key, whatever the
 * length; a false match would take two of 2^64), the text itself elsewhere. */
typedef struct
{
  GHashTable *emails;         /* folded address → index + 1 into refs */
  GHashTable *phones;         /* digits → index + 1 */
  GHashTable *phone_endings;  /* every ending of ≥ MIN_PHONE_DIGITS digits → index + 1 */
  GArray     *refs;           /* RowRef */
  gboolean    shop_was_empty; /* nobody in the database to be a duplicate of */
} Seen;

typedef struct
{
  guint  row;
  gint64 id;  /* 0 in the dry run */
} RowRef;

/* Numbers shorter than this are too common to say "the same person" (as custcare-customer-merge.c). */
#define MIN_PHONE_DIGITS 7

#if GLIB_SIZEOF_VOID_P >= 8
#define SEEN_KEYS_ARE_HASHES 1
#else
#define SEEN_KEYS_ARE_HASHES 0
#endif

static gpointer
seen_key (const char *text,
          gsize       len)
{
#if SEEN_KEYS_ARE_HASHES
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (gsize i = 0; i < len; i++)
    {
      hash ^= (guint8) text[i];
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  return GSIZE_TO_POINTER (hash != 0 ? hash : 1);
#else
  return g_strndup (text, len);
#endif
}

static GHashTable *
seen_table_new (void)
{
#if SEEN_KEYS_ARE_HASHES
  return g_hash_table_new (g_direct_hash, g_direct_equal);
#else
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
#endif
}

static guint
seen_get (GHashTable *table,
          const char *text,
          gsize       len)
{
  gpointer key = seen_key (text, len);
  guint found = GPOINTER_TO_UINT (g_hash_table_lookup (table, key));

#if !SEEN_KEYS_ARE_HASHES
  g_free (key);
#endif
  return found;
}

static void
seen_put (GHashTable *table,
          const char *text,
          gsize       len,
          guint       ref)
{
  gpointer key = seen_key (text, len);

  if (!g_hash_table_contains (table, key))
    g_hash_table_insert (table, key, GUINT_TO_POINTER (ref));
#if !SEEN_KEYS_ARE_HASHES
  else
    g_free (key);
#endif
}

static gboolean
seen_init (Seen           *seen,
           CustcareStore  *store,
           GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  seen->emails = seen_table_new ();
  seen->phones = seen_table_new ();
  seen->phone_endings = seen_table_new ();
  seen->refs = g_array_new (FALSE, FALSE, sizeof (RowRef));

  stmt = _custcare_store_prepare (store, "SELECT NOT EXISTS (SELECT 1 FROM customers WHERE merged_into_id IS NULL)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  seen->shop_was_empty = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->emails, g_hash_table_unref);
  g_clear_pointer (&seen->phones, g_hash_table_unref);
  g_clear_pointer (&seen->phone_endings, g_hash_table_unref);
  g_clear_pointer (&seen->refs, g_array_unref);
}

/* What a row's emails and phones are compared by, in the order of the customer's emails and
 * phones: computed once, on the reading thread. */
typedef struct
{
  GStrv emails;  /* case-folded */
  GStrv digits;
} ContactKeys;

static void
contact_keys_init (ContactKeys      *keys,
                   CustcareCustomer *customer)
{
  GPtrArray *emails = custcare_customer_get_emails (customer);
  GPtrArray *phones = custcare_customer_get_phones (customer);

  keys->emails = g_new0 (char *, emails->len + 1);
  for (guint i = 0; i < emails->len; i++)
    keys->emails[i] = g_utf8_casefold (((CustcareContact *) g_ptr_array_index (emails, i))->value, -1);
  keys->digits = g_new0 (char *, phones->len + 1);
  for (guint i = 0; i < phones->len; i++)
    keys->digits[i] = custcare_phone_digits (((CustcareContact *) g_ptr_array_index (phones, i))->value);
}

static void
contact_keys_clear (ContactKeys *keys)
{
  g_clear_pointer (&keys->emails, g_strfreev);
  g_clear_pointer (&keys->digits, g_strfreev);
}

static const RowRef *
seen_lookup (Seen               *seen,
             CustcareCustomer   *customer,
             const ContactKeys  *keys,
             const char        **out_value)
{
  GPtrArray *emails = custcare_customer_get_emails (customer);
  GPtrArray *phones = custcare_customer_get_phones (customer);
  guint ref = 0;

  for (guint i = 0; i < emails->len && ref == 0; i++)
    {
      const char *key = keys->emails[i];

      if ((ref = seen_get (seen->emails, key, strlen (key))) != 0)
        *out_value = ((CustcareContact *) g_ptr_array_index (emails, i))->value;
    }
  for (guint i = 0; i < phones->len && ref == 0; i++)
    {
      CustcareContact *phone = g_ptr_array_index (phones, i);
      const char *digits = keys->digits[i];
      gsize len = strlen (digits);

      if (len < MIN_PHONE_DIGITS)
        continue;
      ref = seen_get (seen->phone_endings, digits, len);
      for (gsize start = 1; ref == 0 && start <= 4 && start + MIN_PHONE_DIGITS <= len; start++)
        ref = seen_get (seen->phones, digits + start, len - start);
      if (ref != 0)
        *out_value = phone->value;
    }
  return ref != 0 ? &g_array_index (seen->refs, RowRef, ref - 1) : NULL;
}

static void
seen_add (Seen              *seen,
          const ContactKeys *keys,
          guint              row,
          gint64             id)
{
  RowRef added = { row, id };
  guint ref;

  g_array_append_val (seen->refs, added);
  ref = seen->refs->len;

  for (guint i = 0; keys->emails[i] != NULL; i++)
    seen_put (seen->emails, keys->emails[i], strlen (keys->emails[i]), ref);
  for (guint i = 0; keys->digits[i] != NULL; i++)
    {
      const char *digits = keys->digits[i];
      gsize len = strlen (digits);

      if (len < MIN_PHONE_DIGITS)
        continue;
      seen_put (seen->phones, digits, len, ref);
      for (gsize start = 0; start + MIN_PHONE_DIGITS <= len; start++)
        seen_put (seen->phone_endings, digits + start, len - start, ref);
    }
}

static char *
customer_title (CustcareStore *store,
                gint64         id)
{
  g_autoptr (CustcareCustomer) customer = _custcare_customer_repo_get_in_transaction (store, id, NULL);

  return customer != NULL ? custcare_customer_dup_title (customer) : g_strdup ("?");
}

/* Looks for the customer this row duplicates: earlier in the file, or in the database (same
 * email or phone, by custcare_customer_find_duplicates() without its similar-name search: a
 * similar name alone is not enough to leave a row out). Returns FALSE on a database error; *out_id is 0 for none, -1 for a row of
 * the file in the dry run. */
static gboolean
find_duplicate (CustcareStore      *store,
                Seen               *seen,
                CustcareCustomer   *customer,
                const ContactKeys  *keys,
                guint               row,
                guint               line,
                gint64             *out_id,
                GPtrArray          *problems,
                GError            **error)
{
  const char *value = NULL;
  const RowRef *ref = seen_lookup (seen, customer, keys, &value);
  g_autoptr (GArray) found = NULL;

  *out_id = 0;
  if (ref != NULL)
    {
      *out_id = ref->id != 0 ? ref->id : -1;
      add_problem (problems, CUSTCARE_IMPORT_PROBLEM_DUPLICATE, row, line, "", value,
                   g_strdup_printf (_("Row %u of this file has the same email or phone number."), ref->row));
      ((CustcareImportProblem *) g_ptr_array_index (problems, problems->len - 1))->duplicate_of = MAX (ref->id, 0);
      return TRUE;
    }

  /* An empty shop has nobody the row could duplicate but the rows before it. */
  if (seen->shop_was_empty)
    return TRUE;
  found = _custcare_customer_find_duplicates_full (store, customer, FALSE, error);
  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < found->len; i++)
    {
      CustcareDuplicate *dup = &g_array_index (found, CustcareDuplicate, i);
      g_autofree char *title = NULL;
      g_autofree char *why = NULL;
      CustcareImportProblem *problem;

      if (!(dup->reasons & (CUSTCARE_DUPLICATE_SAME_EMAIL | CUSTCARE_DUPLICATE_SAME_PHONE)))
        continue;
      title = customer_title (store, dup->id);
      why = custcare_duplicate_reason_text (dup->reasons);
      add_problem (problems, CUSTCARE_IMPORT_PROBLEM_DUPLICATE, row, line, "", "",
                   /* Translators: the first is a customer's name, the second why ("same email") */
                   g_strdup_printf (_("Already a customer: “%s” (%s)."), title, why));
      problem = g_ptr_array_index (problems, problems->len - 1);
      problem->duplicate_of = dup->id;
      *out_id = dup->id;
      return TRUE;
    }
  return TRUE;
}

/* The same number, written with or without country code and trunk zero: "020 7946 0001" and
 * "+44 20 7946 0001". */
static gboolean
same_number (const char *a,
             const char *b)
{
  gsize la, lb;

  while (*a == '0')
    a++;
  while (*b == '0')
    b++;
  la = strlen (a);
  lb = strlen (b);
  if (MIN (la, lb) < MIN_PHONE_DIGITS)
    return strcmp (a, b) == 0;
  return la >= lb ? g_str_has_suffix (a, b) : g_str_has_suffix (b, a);
}

/* Fills what the existing customer lacks from the row: empty fields, a birthday, phones, emails
 * and tags it does not have, consent it has not recorded, do-not-contact. Nothing is overwritten. */
static gboolean
merge_into (CustcareStore     *store,
            gint64             id,
            CustcareCustomer  *incoming,
            GError           **error)
{
  static const char *string_fields[] = {
    "given-name", "family-name", "display-name", "company", "address-street", "address-locality",
    "address-region", "address-postal-code", "address-country", "notes", "preferences",
  };
  g_autoptr (CustcareCustomer) existing = _custcare_customer_repo_get_in_transaction (store, id, error);
  GPtrArray *phones, *emails;
  const char * const *tags;
  int y, m, d;

  if (existing == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (string_fields); i++)
    {
      g_autofree char *have = NULL;
      g_autofree char *offered = NULL;

      g_object_get (existing, string_fields[i], &have, NULL);
      g_object_get (incoming, string_fields[i], &offered, NULL);
      if ((have == NULL || *have == '\0') && offered != NULL && *offered != '\0')
        g_object_set (existing, string_fields[i], offered, NULL);
    }

  custcare_customer_get_birthday (existing, NULL, &m, NULL);
  if (m == 0)
    {
      custcare_customer_get_birthday (incoming, &y, &m, &d);
      custcare_customer_set_birthday (existing, y, m, d);
    }

  phones = custcare_customer_get_phones (incoming);
  for (guint i = 0; i < phones->len; i++)
    {
      CustcareContact *phone = g_ptr_array_index (phones, i);
      g_autofree char *digits = custcare_phone_digits (phone->value);
      GPtrArray *have = custcare_customer_get_phones (existing);
      gboolean known = FALSE;

      for (guint j = 0; j < have->len && !known; j++)
        {
          g_autofree char *other = custcare_phone_digits (((CustcareContact *) g_ptr_array_index (have, j))->value);

          known = same_number (digits, other);
        }
      if (!known)
        custcare_customer_add_phone (existing, phone->label, phone->value);
    }

  emails = custcare_customer_get_emails (incoming);
  for (guint i = 0; i < emails->len; i++)
    {
      CustcareContact *email = g_ptr_array_index (emails, i);
      GPtrArray *have = custcare_customer_get_emails (existing);
      gboolean known = FALSE;

      for (guint j = 0; j < have->len && !known; j++)
        known = g_ascii_strcasecmp (((CustcareContact *) g_ptr_array_index (have, j))->value, email->value) == 0;
      if (!known)
        custcare_customer_add_email (existing, email->label, email->value);
    }

  tags = custcare_customer_get_tags (incoming);
  for (guint i = 0; tags[i] != NULL; i++)
    custcare_customer_add_tag (existing, tags[i]);

  if (!custcare_customer_get_marketing_consent (existing) && custcare_customer_get_marketing_consent (incoming))
    custcare_customer_set_marketing_consent (existing, TRUE, custcare_customer_get_marketing_consent_at (incoming));
  /* Do-not-contact only ever gets stricter. */
  if (custcare_customer_get_do_not_contact (incoming))
    custcare_customer_set_do_not_contact (existing, TRUE);

  return _custcare_customer_repo_update_in_transaction (store, existing, error);
}

/* Dry run and import ----------------------------------------------------------------------------- */

static gboolean
check_ready (CustcareImport     *self,
             CustcareDateOrder  *out_order,
             GError            **error)
{
  gboolean has_name = FALSE;

  if (!self->inspected)
    {
      g_set_error_literal (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_NOT_INSPECTED,
                           _("Choose a file to import first."));
      return FALSE;
    }
  for (guint i = 0; i < self->columns->len; i++)
    {
      CustcareImportField field = g_array_index (self->columns, Column, i).field;

      has_name |= field == CUSTCARE_IMPORT_FIELD_GIVEN_NAME || field == CUSTCARE_IMPORT_FIELD_FAMILY_NAME ||
                  field == CUSTCARE_IMPORT_FIELD_DISPLAY_NAME || field == CUSTCARE_IMPORT_FIELD_COMPANY;
    }
  if (!has_name)
    {
      g_set_error_literal (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_NO_NAME_COLUMN,
                           _("No column holds a name. Choose which column has the given name, family name, "
                             "full name or company."));
      return FALSE;
    }
  *out_order = custcare_import_get_date_order (self);
  if (*out_order == CUSTCARE_DATE_ORDER_UNKNOWN && custcare_import_get_date_order_ambiguous (self))
    {
      g_set_error_literal (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_DATE_ORDER,
                           _("The dates in this file can be read as day/month/year or as month/day/year. "
                             "Choose which one the file uses."));
      return FALSE;
    }
  return TRUE;
}

/* Normalises a cancellation, whichever layer noticed it, to G_IO_ERROR_CANCELLED. */
static gboolean
cancelled_error (GCancellable  *cancellable,
                 GError       **error)
{
  if (!g_cancellable_is_cancelled (cancellable))
    return FALSE;
  g_clear_error (error);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The import was cancelled. Nothing was changed."));
  return TRUE;
}

static int
interrupt_when_cancelled (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

/* Reading and checking the rows ------------------------------------------------------------ */

/* The file is read and its rows turned into customers on a thread of their own, a batch ahead
 * of the loop that checks duplicates and writes: on two cores that is a third of an import's
 * time taken off (the writing is SQLite's, on the one connection). */
#define BATCH_ROWS CHECK_EVERY
#define BATCHES_AHEAD 4

typedef struct
{
  CustcareCustomer *customer;  /* NULL: a row with problems, or a blank one */
  ContactKeys       keys;      /* with a customer */
  guint             row;
  guint             line;
  gint64            points;
  guint             first_problem;
  guint             n_problems;
  gboolean          blank;
} ParsedRow;

typedef struct
{
  GArray    *rows;      /* ParsedRow */
  GPtrArray *problems;  /* CustcareImportProblem, the rows' problems in order */
  double     fraction;  /* of the file read once this batch was */
  GError    *error;     /* what ended the reading early, with the last batch */
  gboolean   last;
} ParsedBatch;

static void
parsed_row_clear (gpointer data)
{
  ParsedRow *parsed = data;

  g_clear_object (&parsed->customer);
  contact_keys_clear (&parsed->keys);
}

static ParsedBatch *
parsed_batch_new (void)
{
  ParsedBatch *batch = g_new0 (ParsedBatch, 1);

  batch->rows = g_array_sized_new (FALSE, TRUE, sizeof (ParsedRow), BATCH_ROWS);
  g_array_set_clear_func (batch->rows, parsed_row_clear);
  batch->problems = problems_new ();
  return batch;
}

static void
parsed_batch_reset (ParsedBatch *batch)
{
  g_array_set_size (batch->rows, 0);
  g_ptr_array_set_size (batch->problems, 0);
  g_clear_error (&batch->error);
  batch->last = FALSE;
}

static void
parsed_batch_free (gpointer data)
{
  ParsedBatch *batch = data;

  g_array_unref (batch->rows);
  g_ptr_array_unref (batch->problems);
  g_clear_error (&batch->error);
  g_free (batch);
}

typedef struct
{
  CustcareImport    *self;
  CustcareCsvReader *reader;
  CustcareDateOrder  order;
  guint64            size;
  GCancellable      *cancellable;
  /* With a reading thread: */
  GAsyncQueue       *full;   /* ParsedBatch, read, for the writing loop */
  GAsyncQueue       *empty;  /* ParsedBatch, done with, for the reading thread */
  GThread           *thread;
  /* Without (one core): the one batch, read when it is needed. */
  ParsedBatch       *inline_batch;
  int                stop;
} Parser;

static void
parser_fill (Parser      *parser,
             ParsedBatch *batch)
{
  parsed_batch_reset (batch);
  while (batch->rows->len < BATCH_ROWS)
    {
      g_auto (GStrv) cells = custcare_csv_reader_read_row (parser->reader, parser->cancellable, &batch->error);
      ParsedRow parsed = { 0 };

      if (cells == NULL)
        {
          batch->last = TRUE;
          break;
        }
      parsed.row = custcare_csv_reader_get_row (parser->reader);
      parsed.line = custcare_csv_reader_get_line (parser->reader);
      parsed.first_problem = batch->problems->len;
      parsed.customer = build_customer (parser->self, cells, parsed.row, parsed.line, parser->order,
                                        &parsed.points, &parsed.blank, batch->problems);
      parsed.n_problems = batch->problems->len - parsed.first_problem;
      if (parsed.customer != NULL)
        contact_keys_init (&parsed.keys, parsed.customer);
      g_array_append_val (batch->rows, parsed);
    }
  batch->fraction = fraction_of (parser->reader, parser->size);
}

static gpointer
parser_thread (gpointer data)
{
  Parser *parser = data;

  for (;;)
    {
      ParsedBatch *batch = g_async_queue_pop (parser->empty);

      if (g_atomic_int_get (&parser->stop))
        {
          parsed_batch_free (batch);
          return NULL;
        }
      parser_fill (parser, batch);
      g_async_queue_push (parser->full, batch);
      if (batch->last)
        return NULL;
    }
}

/* Starts reading the data rows of @reader (past its header), on a thread where there is a core
 * for it. */
static void
parser_start (Parser            *parser,
              CustcareImport    *self,
              CustcareCsvReader *reader,
              CustcareDateOrder  order,
              guint64            size,
              GCancellable      *cancellable)
{
  *parser = (Parser) {
    .self = self,
    .reader = reader,
    .order = order,
    .size = size,
    .cancellable = cancellable,
  };
  if (g_get_num_processors () < 2 || g_getenv ("CUSTCARE_IMPORT_ONE_THREAD") != NULL)
    {
      parser->inline_batch = parsed_batch_new ();
      return;
    }
  parser->full = g_async_queue_new_full (parsed_batch_free);
  parser->empty = g_async_queue_new_full (parsed_batch_free);
  for (guint i = 0; i < BATCHES_AHEAD; i++)
    g_async_queue_push (parser->empty, parsed_batch_new ());
  parser->thread = g_thread_new ("custcare-import-read", parser_thread, parser);
}

/* The next batch of rows, in file order; the previous one is given back. */
static ParsedBatch *
parser_next (Parser      *parser,
             ParsedBatch *done)
{
  if (parser->thread == NULL)
    {
      parser_fill (parser, parser->inline_batch);
      return parser->inline_batch;
    }
  if (done != NULL)
    g_async_queue_push (parser->empty, done);
  return g_async_queue_pop (parser->full);
}

/* Stops the reading thread, wherever it is, and frees every batch (@held too). */
static void
parser_finish (Parser      *parser,
               ParsedBatch *held)
{
  if (parser->thread != NULL)
    {
      g_atomic_int_set (&parser->stop, 1);
      /* Wakes the thread if it waits for a batch to fill: it sees the stop and ends. */
      g_async_queue_push (parser->empty, held != NULL ? held : parsed_batch_new ());
      g_thread_join (g_steal_pointer (&parser->thread));
    }
  g_clear_pointer (&parser->inline_batch, parsed_batch_free);
  g_clear_pointer (&parser->full, g_async_queue_unref);
  g_clear_pointer (&parser->empty, g_async_queue_unref);
}

typedef enum
{
  MODE_DRY_RUN,
  MODE_IMPORT,
} Mode;

/* The one loop over the data rows, for the dry run (nothing written, @result's problems are the
 * answer) and for the import (inside the caller's transaction). */
static gboolean
process_rows (CustcareImport        *self,
              CustcareStore         *store,
              Mode                   mode,
              gint64                 batch_id,
              CustcareImportResult  *result,
              GArray                *new_ids,
              CustcareProgress      *progress,
              GCancellable          *cancellable,
              GError               **error)
{
  g_autoptr (CustcareCsvReader) reader = NULL;
  g_auto (GStrv) header = NULL;
  g_autofree char *reason = NULL;
  Parser parser = { 0 };
  ParsedBatch *batch = NULL;
  guint next_row = 0;
  CustcareDateOrder order;
  CustcareStmt *ledger = NULL;
  Seen seen = { 0 };
  guint64 size = 0;
  gboolean ok = FALSE;
  gboolean check_duplicates = self->duplicates != CUSTCARE_IMPORT_DUPLICATES_IMPORT;
  gboolean has_points_column = FALSE;

  if (!check_ready (self, &order, error))
    return FALSE;
  for (guint i = 0; i < self->columns->len; i++)
    has_points_column |= g_array_index (self->columns, Column, i).field == CUSTCARE_IMPORT_FIELD_POINTS;

  if (!(reader = open_reader (self->file, &self->format, &size, cancellable, error)))
    return FALSE;
  if (!(header = custcare_csv_reader_read_row (reader, cancellable, error)))
    return FALSE;

  if (mode == MODE_IMPORT && self->import_points && has_points_column)
    {
      ledger = _custcare_store_prepare (store,
                                        "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind, reason, "
                                        "import_batch_id) VALUES (?1, ?2, ?3, 'opening', ?4, ?5)",
                                        error);
      if (ledger == NULL)
        return FALSE;
      /* Translators: the reason of an opening points balance; %s is the file's name */
      reason = g_strdup_printf (_("Opening balance imported from “%s”"), self->source_name);
    }

  if (!seen_init (&seen, store, error))
    {
      seen_clear (&seen);
      goto out_early;
    }
  parser_start (&parser, self, reader, order, size, cancellable);
  for (;;)
    {
      CustcareCustomer *customer;
      ParsedRow *parsed;
      guint row, line;
      gint64 points = 0;
      gint64 duplicate_id = 0;
      gboolean blank = FALSE;
      guint n_problems;

      if (batch == NULL || next_row == batch->rows->len)
        {
          if (batch != NULL && batch->last)
            {
              if (batch->error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&batch->error));
                  goto out;
                }
              break;
            }
          batch = parser_next (&parser, batch);
          next_row = 0;
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          _custcare_progress_report (progress, 0.95 * batch->fraction);
          continue;
        }

      parsed = &g_array_index (batch->rows, ParsedRow, next_row++);
      row = parsed->row;
      line = parsed->line;
      points = parsed->points;
      blank = parsed->blank;
      /* Borrowed: the reading thread frees the batch's customers when it reuses the batch, so
       * memory is given back where it was taken (across threads, malloc's locks cost more than
       * the second core gives). */
      customer = parsed->customer;
      result->n_rows++;

      n_problems = result->problems->len;
      for (guint i = 0; i < parsed->n_problems; i++)
        g_ptr_array_add (result->problems,
                         g_steal_pointer (&g_ptr_array_index (batch->problems, parsed->first_problem + i)));
      if (blank)
        {
          result->n_rows--;
          continue;
        }
      if (customer == NULL)
        {
          result->n_skipped_problems++;
          if (mode == MODE_IMPORT && self->problems == CUSTCARE_IMPORT_PROBLEMS_ABORT)
            {
              CustcareImportProblem *first = g_ptr_array_index (result->problems, n_problems);

              if (*first->column)
                g_set_error (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_PROBLEMS,
                             /* Translators: row number, column header, the reason */
                             _("Row %u, column “%s”: %s Nothing was imported."),
                             first->row, first->column, first->reason);
              else
                g_set_error (error, CUSTCARE_IMPORT_ERROR, CUSTCARE_IMPORT_ERROR_PROBLEMS,
                             _("Row %u: %s Nothing was imported."), first->row, first->reason);
              goto out;
            }
          continue;
        }

      if (check_duplicates &&
          !find_duplicate (store, &seen, customer, &parsed->keys, row, line, &duplicate_id, result->problems, error))
        goto out;

      if (duplicate_id != 0)
        {
          if (self->duplicates == CUSTCARE_IMPORT_DUPLICATES_SKIP)
            {
              result->n_skipped_duplicates++;
              continue;
            }
          /* Merged, the row is not left out: only the dry run lists it, to say what will happen. */
          if (mode == MODE_IMPORT)
            {
              custcare_import_problem_free (g_ptr_array_steal_index (result->problems, result->problems->len - 1));
              if (!merge_into (store, duplicate_id, customer, error))
                {
                  g_prefix_error (error, _("Row %u: "), row);
                  goto out;
                }
            }
          result->n_merged++;
          if (duplicate_id > 0)
            seen_add (&seen, &parsed->keys, row, duplicate_id);
          continue;
        }

      if (mode == MODE_IMPORT)
        {
          gint64 id;

          custcare_customer_set_import_batch_id (customer, batch_id);
          /* Checked by build_customer() as it was read. */
          id = _custcare_customer_repo_insert_in_transaction (store, customer,
                                                              CUSTCARE_CUSTOMER_WRITE_SKIP_INDEX |
                                                                CUSTCARE_CUSTOMER_WRITE_VALIDATED,
                                                              error);
          if (id == 0)
            {
              g_prefix_error (error, _("Row %u: "), row);
              goto out;
            }
          g_array_append_val (new_ids, id);
          if (ledger != NULL && points > 0)
            {
              sqlite3_bind_int64 (ledger, 1, id);
              sqlite3_bind_int64 (ledger, 2, _custcare_store_now (store));
              sqlite3_bind_int64 (ledger, 3, points);
              sqlite3_bind_text (ledger, 4, reason, -1, SQLITE_STATIC);
              sqlite3_bind_int64 (ledger, 5, batch_id);
              if (!_custcare_store_step_done (store, ledger, error))
                goto out;
              sqlite3_reset (ledger);
              result->points_imported += points;
            }
          if (check_duplicates)
            seen_add (&seen, &parsed->keys, row, id);
        }
      else
        {
          if (self->import_points && has_points_column)
            result->points_imported += points;
          if (check_duplicates)
            seen_add (&seen, &parsed->keys, row, 0);
        }
      result->n_imported++;
    }
  ok = TRUE;

out:
  parser_finish (&parser, batch);
  seen_clear (&seen);
out_early:
  if (ledger != NULL)
    _custcare_stmt_reset (ledger);
  return ok;
}

GPtrArray *
custcare_import_dry_run (CustcareImport           *self,
                         CustcareStore            *store,
                         CustcareCsvProgressFunc   progress_func,
                         gpointer                  progress_data,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  g_autoptr (CustcareProgress) progress = _custcare_progress_new (progress_func, progress_data, NULL, NULL);
  g_autoptr (CustcareImportResult) result = g_new0 (CustcareImportResult, 1);
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), NULL);
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  result->problems = problems_new ();
  db = _custcare_store_get_db (store);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 10000, interrupt_when_cancelled, cancellable);
  ok = process_rows (self, store, MODE_DRY_RUN, 0, result, NULL, progress, cancellable, error);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  if (!ok)
    {
      cancelled_error (cancellable, error);
      return NULL;
    }
  _custcare_progress_report (progress, 1.0);
  return g_steal_pointer (&result->problems);
}

/* From this many rows on, an import into an empty shop builds the customer tables' secondary
 * indexes once at the end rather than row by row (PERF-NOTES.md: a bulk load is several times
 * faster so). Only into an empty shop: then the duplicate check does not read the database,
 * which would need the indexes. The index definitions are taken from the schema itself, and the
 * DROP and CREATE are part of the import's transaction, so a rollback puts them back. */
#define BULK_ROWS 2000

static gboolean
drop_bulk_indexes (CustcareStore  *store,
                   GPtrArray     **out_sql,
                   GError        **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) sql = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  *out_sql = NULL;
  stmt = _custcare_store_prepare (store, "SELECT NOT EXISTS (SELECT 1 FROM customers)", error);
  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  if (!sqlite3_column_int (stmt, 0))
    return TRUE;
  g_clear_pointer (&stmt, _custcare_stmt_reset);

  /* Kept: the indexes a merge and the search index read customers' phones and emails by. The
   * ledger is empty too (its rows need a customer), and gets the opening points. */
  stmt = _custcare_store_prepare (store,
                                  "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
                                  "AND tbl_name IN ('customers', 'customer_phones', 'customer_emails', 'customer_tags', "
                                  "'loyalty_ledger') "
                                  "AND name NOT IN ('customer_phones_by_customer', 'customer_emails_by_customer')",
                                  error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (sql, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);
  g_clear_pointer (&stmt, _custcare_stmt_reset);

  for (guint i = 0; i < names->len; i++)
    {
      /* Names from the schema, not from the user; DDL cannot take bound parameters. */
      char *drop = sqlite3_mprintf ("DROP INDEX \"%w\"", (const char *) g_ptr_array_index (names, i));
      gboolean ok = _custcare_store_exec (store, drop, error);

      sqlite3_free (drop);
      if (!ok)
        return FALSE;
    }
  *out_sql = g_steal_pointer (&sql);
  return TRUE;
}

/* The sorts behind CREATE INDEX may use the other cores (SQLite's sorter threads, what
 * PRAGMA threads sets). */
static gboolean
restore_bulk_indexes (CustcareStore  *store,
                      GPtrArray      *sql,
                      GError        **error)
{
  sqlite3 *db = _custcare_store_get_db (store);
  int threads = sqlite3_limit (db, SQLITE_LIMIT_WORKER_THREADS, MIN (g_get_num_processors (), 4) - 1);
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < sql->len; i++)
    ok = _custcare_store_exec (store, g_ptr_array_index (sql, i), error);
  sqlite3_limit (db, SQLITE_LIMIT_WORKER_THREADS, threads);
  return ok;
}

static int
query_pragma (sqlite3    *db,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int value = -32768;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The search index for the new customers, built once they are all in: with an FTS5 insert after
 * each customer's rows, 100,000 rows took 11-15 s instead of 5 (like FTS3, FTS5 writes out its
 * pending terms at savepoints, which the other tables' statements open). Into an empty shop (@whole_index: the index is only the import) FTS5's
 * merging as it goes is switched off and the index is merged into one segment at the end
 * instead: about a fifth faster, and the best shape for searching. Both settings change inside
 * the import's transaction. */
static gboolean
finish_index (CustcareStore  *store,
              GArray         *new_ids,
              gboolean        whole_index,
              GError        **error)
{
  gint64 total = custcare_customer_repo_count (store, FALSE, NULL) + custcare_customer_repo_count (store, TRUE, NULL);
  g_autofree char *restore = NULL;
  gboolean ok = TRUE;

  if (new_ids->len == 0)
    return TRUE;

  if (whole_index)
    {
      g_autoptr (CustcareStmt) stmt =
        _custcare_store_prepare (store, "SELECT coalesce ((SELECT v FROM customer_search_config "
                                        "WHERE k = 'automerge'), 4), "
                                        "coalesce ((SELECT v FROM customer_phone_search_config "
                                        "WHERE k = 'automerge'), 4)", error);

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return _custcare_store_set_error (store, sqlite3_errcode (_custcare_store_get_db (store)), error);
      restore = g_strdup_printf ("INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', %d);"
                                 "INSERT INTO customer_phone_search (customer_phone_search, rank) "
                                 "VALUES ('automerge', %d)",
                                 sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1));
      g_clear_pointer (&stmt, _custcare_stmt_reset);
      if (!_custcare_store_exec (store,
                                 "INSERT INTO customer_search (customer_search, rank) VALUES ('automerge', 0);"
                                 "INSERT INTO customer_phone_search (customer_phone_search, rank) "
                                 "VALUES ('automerge', 0)",
                                 error))
        return FALSE;
    }

  /* A rebuild reads every customer; worth it when most of them are new. */
  if ((gint64) new_ids->len * 3 >= total)
    ok = _custcare_customer_reindex_all (store, error);
  for (guint i = 0; ok && (gint64) new_ids->len * 3 < total && i < new_ids->len; i++)
    ok = _custcare_customer_reindex (store, g_array_index (new_ids, gint64, i), error);

  if (restore != NULL)
    ok = ok &&
         _custcare_store_exec (store,
                               "INSERT INTO customer_search (customer_search) VALUES ('optimize');"
                               "INSERT INTO customer_phone_search (customer_phone_search) VALUES ('optimize')",
                               error) &&
         _custcare_store_exec (store, restore, error);
  return ok;
}

CustcareImportResult *
custcare_import_run (CustcareImport           *self,
                     CustcareStore            *store,
                     CustcareCsvProgressFunc   progress_func,
                     gpointer                  progress_data,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  g_autoptr (CustcareProgress) progress = _custcare_progress_new (progress_func, progress_data, NULL, NULL);
  g_autoptr (CustcareImportResult) result = NULL;
  g_autoptr (CustcareStmt) stmt = NULL;
  CustcareDateOrder order;
  sqlite3 *db;
  gboolean ok = FALSE;
  int cache_pages;
  gint64 started, rows_done;
  g_autoptr (GPtrArray) dropped_indexes = NULL;
  g_autoptr (GArray) new_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (CUSTCARE_IS_IMPORT (self), NULL);
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  if (!check_ready (self, &order, error))
    return NULL;

  result = g_new0 (CustcareImportResult, 1);
  result->problems = problems_new ();
  db = _custcare_store_get_db (store);

  if (!custcare_store_begin (store, error))
    return NULL;
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 10000, interrupt_when_cancelled, cancellable);
  /* The whole import is one transaction: with the usual 32 MiB page cache a big one spills
   * dirty pages half-way and slows to a third (PERF-NOTES.md: bulk loads want 256 MiB). */
  cache_pages = query_pragma (db, "PRAGMA cache_size");
  sqlite3_exec (db, "PRAGMA cache_size = -262144", NULL, NULL, NULL);

  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO import_batches (kind, source_name, created_at, row_count) "
                                  "VALUES ('csv', ?1, ?2, 0)",
                                  error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_text (stmt, 1, self->source_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _custcare_store_now (store));
  if (!_custcare_store_step_done (store, stmt, error))
    goto out;
  g_clear_pointer (&stmt, _custcare_stmt_reset);
  result->batch_id = sqlite3_last_insert_rowid (db);

  started = g_get_monotonic_time ();
  if (self->n_rows >= BULK_ROWS && !drop_bulk_indexes (store, &dropped_indexes, error))
    goto out;
  if (!process_rows (self, store, MODE_IMPORT, result->batch_id, result, new_ids, progress, cancellable, error))
    goto out;
  if (dropped_indexes != NULL && !restore_bulk_indexes (store, dropped_indexes, error))
    goto out;
  rows_done = g_get_monotonic_time ();
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (!finish_index (store, new_ids, dropped_indexes != NULL, error))
    goto out;
  g_debug ("Imported %u rows in %.2f s, search index %.2f s", result->n_rows, (rows_done - started) / 1e6,
           (g_get_monotonic_time () - rows_done) / 1e6);

  stmt = _custcare_store_prepare (store, "UPDATE import_batches SET row_count = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, result->n_imported);
  sqlite3_bind_int64 (stmt, 2, result->batch_id);
  if (!_custcare_store_step_done (store, stmt, error))
    goto out;
  g_clear_pointer (&stmt, _custcare_stmt_reset);

  /* A file that brought nothing new leaves no batch to revert. */
  if (result->n_imported == 0 && result->n_merged == 0)
    {
      custcare_store_rollback (store);
      result->batch_id = 0;
      ok = TRUE;
      goto out;
    }
  /* The last look at the cancellable: after the commit the import has happened. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  if (!custcare_store_commit (store, error))
    goto out;
  ok = TRUE;

out:
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  if (!ok)
    custcare_store_rollback (store);
  {
    g_autofree char *restore = g_strdup_printf ("PRAGMA cache_size = %d", cache_pages);

    sqlite3_exec (db, restore, NULL, NULL, NULL);
  }
  if (!ok)
    {
      cancelled_error (cancellable, error);
      return NULL;
    }
  _custcare_progress_report (progress, 1.0);
  return g_steal_pointer (&result);
}

/* Async forms --------------------------------------------------------------------------------- */

typedef struct
{
  CustcareStore    *store;
  CustcareProgress *progress;
} JobData;

static void
job_data_free (gpointer data)
{
  JobData *job = data;

  g_clear_object (&job->store);
  g_clear_pointer (&job->progress, _custcare_progress_unref);
  g_free (job);
}

static GTask *
job_new (CustcareImport          *self,
         CustcareStore           *store,
         CustcareCsvProgressFunc  progress,
         gpointer                 progress_data,
         GDestroyNotify           progress_destroy,
         GCancellable            *cancellable,
         GAsyncReadyCallback      callback,
         gpointer                 user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  JobData *job = g_new0 (JobData, 1);
  g_autoptr (GMainContext) context = NULL;

  job->store = g_object_ref (store);
  context = g_main_context_ref_thread_default ();
  job->progress = _custcare_progress_new (progress, progress_data, progress_destroy, context);
  g_task_set_task_data (task, job, job_data_free);
  return task;
}

static void
progress_relay (double   fraction,
                gpointer user_data)
{
  _custcare_progress_report (user_data, fraction);
}

static void
dry_run_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  JobData *job = task_data;
  g_autoptr (CustcareStore) worker = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *problems = NULL;

  worker = custcare_store_open_worker (job->store, &error);
  if (worker != NULL)
    problems = custcare_import_dry_run (source_object, worker, progress_relay, job->progress, cancellable, &error);
  if (problems == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, problems, (GDestroyNotify) g_ptr_array_unref);
}

void
custcare_import_dry_run_async (CustcareImport          *self,
                               CustcareStore           *store,
                               CustcareCsvProgressFunc  progress,
                               gpointer                 progress_data,
                               GDestroyNotify           progress_destroy,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CUSTCARE_IS_IMPORT (self));
  g_return_if_fail (CUSTCARE_IS_STORE (store));

  task = job_new (self, store, progress, progress_data, progress_destroy, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_import_dry_run_async);
  g_task_run_in_thread (task, dry_run_thread);
}

GPtrArray *
custcare_import_dry_run_finish (CustcareImport  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  JobData *job = task_data;
  g_autoptr (CustcareStore) worker = NULL;
  g_autoptr (GError) error = NULL;
  CustcareImportResult *result = NULL;

  worker = custcare_store_open_worker (job->store, &error);
  if (worker != NULL)
    result = custcare_import_run (source_object, worker, progress_relay, job->progress, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) custcare_import_result_free);
}

void
custcare_import_run_async (CustcareImport          *self,
                           CustcareStore           *store,
                           CustcareCsvProgressFunc  progress,
                           gpointer                 progress_data,
                           GDestroyNotify           progress_destroy,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CUSTCARE_IS_IMPORT (self));
  g_return_if_fail (CUSTCARE_IS_STORE (store));

  task = job_new (self, store, progress, progress_data, progress_destroy, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_import_run_async);
  /* A cancel after the commit changes nothing: the result is what happened. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

CustcareImportResult *
custcare_import_run_finish (CustcareImport  *self,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
