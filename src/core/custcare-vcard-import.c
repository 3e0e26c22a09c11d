/* custcare-vcard-import.c — vCard files into and out of the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import is one transaction: an `import_batches` row (kind 'vcard'), then one customer per
 * card with import_batch_id set, so the CSV import's revert takes vCard batches too. Cards are
 * written as they are read (the file is never all in memory). Customers are written without their
 * search-index row and indexed at the end: one by one for a small import into a big shop, the
 * whole index rebuilt once for a big one. Duplicate detection still sees earlier cards of the same
 * file by email and exact phone digits, which live in ordinary tables.
 */
#define G_LOG_DOMAIN "custcare-vcard"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-customer-merge.h"
#include "custcare-customer-private.h"
#include "custcare-vcard-private.h"

/* Above this many new customers (or a quarter of the shop), rebuild the index instead of
 * indexing each new customer. */
#define REINDEX_ALL_MIN 10000

struct _CustcareVcardImportReport
{
  gatomicrefcount ref_count;
  gboolean        dry_run;
  guint           cards;
  guint           imported;
  guint           merged;
  guint           duplicates_skipped;
  guint           cards_skipped;
  GPtrArray      *problems;
  guint           n_problems;
  gint64          batch_id;
};

G_DEFINE_BOXED_TYPE (CustcareVcardImportReport, custcare_vcard_import_report, custcare_vcard_import_report_ref,
                     custcare_vcard_import_report_unref)

CustcareVcardImportReport *
custcare_vcard_import_report_ref (CustcareVcardImportReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);

  g_atomic_ref_count_inc (&report->ref_count);
  return report;
}

void
custcare_vcard_import_report_unref (CustcareVcardImportReport *report)
{
  g_return_if_fail (report != NULL);

  if (g_atomic_ref_count_dec (&report->ref_count))
    {
      g_clear_pointer (&report->problems, g_ptr_array_unref);
      g_free (report);
    }
}

gboolean
custcare_vcard_import_report_get_dry_run (CustcareVcardImportReport *report)
{
  return report->dry_run;
}

guint
custcare_vcard_import_report_get_cards (CustcareVcardImportReport *report)
{
  return report->cards;
}

guint
custcare_vcard_import_report_get_imported (CustcareVcardImportReport *report)
{
  return report->imported;
}

guint
custcare_vcard_import_report_get_merged (CustcareVcardImportReport *report)
{
  return report->merged;
}

guint
custcare_vcard_import_report_get_duplicates_skipped (CustcareVcardImportReport *report)
{
  return report->duplicates_skipped;
}

guint
custcare_vcard_import_report_get_cards_skipped (CustcareVcardImportReport *report)
{
  return report->cards_skipped;
}

GPtrArray *
custcare_vcard_import_report_get_problems (CustcareVcardImportReport *report)
{
  return report->problems;
}

guint
custcare_vcard_import_report_get_n_problems (CustcareVcardImportReport *report)
{
  return report->n_problems;
}

gint64
custcare_vcard_import_report_get_batch_id (CustcareVcardImportReport *report)
{
  return report->batch_id;
}

/* Merging a card into an existing customer: fill what is empty, add what is missing. */

static void
fill_empty (CustcareCustomer *existing,
            CustcareCustomer *card,
            const char *(*get) (CustcareCustomer *),
            void (*set) (CustcareCustomer *, const char *))
{
  if (*get (existing) == '\0' && *get (card) != '\0')
    set (existing, get (card));
}

static gboolean
has_phone (CustcareCustomer *customer,
           const char       *number)
{
  GPtrArray *phones = custcare_customer_get_phones (customer);
  g_autofree char *all_digits = custcare_phone_digits (number);
  /* Without the trunk prefix, "070 123" and "+46 70 123" end the same way. */
  const char *digits = all_digits + strspn (all_digits, "0");

  for (guint i = 0; i < phones->len; i++)
    {
      CustcareContact *phone = g_ptr_array_index (phones, i);
      g_autofree char *other_digits = custcare_phone_digits (phone->value);
      const char *other = other_digits + strspn (other_digits, "0");

      if (g_str_equal (digits, other) || (strlen (digits) >= 7 && strlen (other) >= 7 &&
                                          (g_str_has_suffix (digits, other) || g_str_has_suffix (other, digits))))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_email (CustcareCustomer *customer,
           const char       *address)
{
  GPtrArray *emails = custcare_customer_get_emails (customer);

  for (guint i = 0; i < emails->len; i++)
    {
      CustcareContact *email = g_ptr_array_index (emails, i);

      if (g_ascii_strcasecmp (email->value, address) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
merge_card_into (CustcareCustomer *existing,
                 CustcareCustomer *card)
{
  GPtrArray *phones = custcare_customer_get_phones (card);
  GPtrArray *emails = custcare_customer_get_emails (card);
  const char * const *tags = custcare_customer_get_tags (card);
  int ey, em, ed, cy, cm, cd;

  fill_empty (existing, card, custcare_customer_get_given_name, custcare_customer_set_given_name);
  fill_empty (existing, card, custcare_customer_get_family_name, custcare_customer_set_family_name);
  fill_empty (existing, card, custcare_customer_get_company, custcare_customer_set_company);
  fill_empty (existing, card, custcare_customer_get_notes, custcare_customer_set_notes);
  if (*custcare_customer_get_given_name (existing) == '\0' && *custcare_customer_get_family_name (existing) == '\0')
    fill_empty (existing, card, custcare_customer_get_display_name, custcare_customer_set_display_name);

  /* The address is one thing: taken whole, only when the customer has none. */
  if (!*custcare_customer_get_address_street (existing) && !*custcare_customer_get_address_locality (existing) &&
      !*custcare_customer_get_address_region (existing) && !*custcare_customer_get_address_postal_code (existing) &&
      !*custcare_customer_get_address_country (existing))
    {
      custcare_customer_set_address_street (existing, custcare_customer_get_address_street (card));
      custcare_customer_set_address_locality (existing, custcare_customer_get_address_locality (card));
      custcare_customer_set_address_region (existing, custcare_customer_get_address_region (card));
      custcare_customer_set_address_postal_code (existing, custcare_customer_get_address_postal_code (card));
      custcare_customer_set_address_country (existing, custcare_customer_get_address_country (card));
    }

  custcare_customer_get_birthday (existing, &ey, &em, &ed);
  custcare_customer_get_birthday (card, &cy, &cm, &cd);
  if (em == 0 && cm != 0)
    custcare_customer_set_birthday (existing, cy, cm, cd);
  else if (ey == 0 && cy != 0 && em == cm && ed == cd)
    custcare_customer_set_birthday (existing, cy, cm, cd);

  for (guint i = 0; i < phones->len; i++)
    {
      CustcareContact *phone = g_ptr_array_index (phones, i);

      if (!has_phone (existing, phone->value))
        custcare_customer_add_phone (existing, phone->label, phone->value);
    }
  for (guint i = 0; i < emails->len; i++)
    {
      CustcareContact *email = g_ptr_array_index (emails, i);

      if (!has_email (existing, email->value))
        custcare_customer_add_email (existing, email->label, email->value);
    }
  for (guint i = 0; tags[i] != NULL; i++)
    custcare_customer_add_tag (existing, tags[i]);
}

static gint64
count_customers (CustcareStore  *store,
                 GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "SELECT count(*) FROM customers", error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _custcare_store_set_error (store, rc, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static gint64
insert_batch (CustcareStore  *store,
              const char     *source_name,
              GError        **error)
{
  g_autoptr (CustcareStmt) stmt =
    _custcare_store_prepare (store,
                             "INSERT INTO import_batches (kind, source_name, created_at, row_count) "
                             "VALUES ('vcard', ?1, ?2, 0)",
                             error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, source_name != NULL ? source_name : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _custcare_store_now (store));
  if (!_custcare_store_step_done (store, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (_custcare_store_get_db (store));
}

static gboolean
finish_batch (CustcareStore  *store,
              gint64          batch_id,
              guint           row_count,
              GError        **error)
{
  g_autoptr (CustcareStmt) stmt =
    _custcare_store_prepare (store, "UPDATE import_batches SET row_count = ?1 WHERE id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_count);
  sqlite3_bind_int64 (stmt, 2, batch_id);
  return _custcare_store_step_done (store, stmt, error);
}

static char *
describe_customer (CustcareStore *store,
                   gint64         id)
{
  g_autoptr (CustcareCustomer) existing = _custcare_customer_repo_get_in_transaction (store, id, NULL);

  if (existing == NULL)
    return g_strdup_printf ("#%" G_GINT64_FORMAT, id);
  return custcare_customer_dup_title (existing);
}

static gboolean
import_one (CustcareStore              *store,
            CustcareVcardReader        *reader,
            CustcareVcardImportReport  *report,
            CustcareCustomer           *customer,
            guint                       card,
            guint                       line,
            CustcareVcardDuplicates     duplicates,
            GArray                     *new_ids,
            GError                    **error)
{
  g_autoptr (GArray) found = NULL;
  g_autoptr (GError) local_error = NULL;
  gint64 id;

  if (duplicates != CUSTCARE_VCARD_DUPLICATES_ADD)
    {
      found = custcare_customer_find_duplicates (store, customer, error);
      if (found == NULL)
        return FALSE;
    }

  if (found != NULL && found->len > 0)
    {
      CustcareDuplicate *dup = &g_array_index (found, CustcareDuplicate, 0);
      g_autofree char *who = describe_customer (store, dup->id);
      g_autofree char *why = custcare_duplicate_reason_text (dup->reasons);
      g_autofree char *title = custcare_customer_dup_title (customer);
      g_autofree char *message = NULL;

      if (duplicates == CUSTCARE_VCARD_DUPLICATES_SKIP)
        {
          /* Translators: "Looks like Anna Berg, who is already in CustCare (same email); left out." */
          message = g_strdup_printf (_("Looks like %s, who is already in CustCare (%s); left out."), who, why);
          report->duplicates_skipped++;
        }
      else
        {
          g_autoptr (CustcareCustomer) existing = _custcare_customer_repo_get_in_transaction (store, dup->id, error);

          if (existing == NULL)
            return FALSE;
          merge_card_into (existing, customer);
          if (!_custcare_customer_repo_update_in_transaction (store, existing, &local_error))
            {
              if (local_error->domain != CUSTCARE_CUSTOMER_ERROR)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              _custcare_vcard_reader_add_problem (reader, CUSTCARE_VCARD_PROBLEM_CARD_SKIPPED, card, line, "", title,
                                                  0, local_error->message);
              report->cards_skipped++;
              return TRUE;
            }
          /* Translators: "Merged into Anna Berg, who is already in CustCare (same email): …" */
          message = g_strdup_printf (_("Merged into %s, who is already in CustCare (%s): empty fields filled, "
                                       "new phones, emails and tags added, nothing overwritten."),
                                     who, why);
          report->merged++;
        }
      _custcare_vcard_reader_add_problem (reader, CUSTCARE_VCARD_PROBLEM_DUPLICATE, card, line, "FN", title, dup->id,
                                          message);
      return TRUE;
    }

  custcare_customer_set_import_batch_id (customer, report->batch_id);
  id = _custcare_customer_repo_insert_in_transaction (store, customer, CUSTCARE_CUSTOMER_WRITE_SKIP_INDEX,
                                                      &local_error);
  if (id == 0)
    {
      g_autofree char *title = custcare_customer_dup_title (customer);

      if (local_error->domain != CUSTCARE_CUSTOMER_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      _custcare_vcard_reader_add_problem (reader, CUSTCARE_VCARD_PROBLEM_CARD_SKIPPED, card, line, "", title, 0,
                                          local_error->message);
      report->cards_skipped++;
      return TRUE;
    }
  g_array_append_val (new_ids, id);
  report->imported++;
  return TRUE;
}

static void
interrupt_cb (GCancellable  *cancellable,
              CustcareStore *store)
{
  custcare_store_interrupt (store);
}

CustcareVcardImportReport *
custcare_vcard_import (CustcareStore              *store,
                       GInputStream               *stream,
                       const char                 *source_name,
                       goffset                     total_bytes,
                       CustcareVcardImportFlags    flags,
                       CustcareVcardDuplicates     duplicates,
                       GCancellable               *cancellable,
                       CustcareVcardProgressFunc   progress,
                       gpointer                    progress_data,
                       GError                    **error)
{
  g_autoptr (CustcareVcardImportReport) report = NULL;
  g_autoptr (CustcareVcardReader) reader = NULL;
  g_autoptr (GArray) new_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GError) local_error = NULL;
  CustcareCustomer *customer;
  gint64 existing;
  guint card, line;
  gulong handler = 0;
  double reported = -1;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  report = g_new0 (CustcareVcardImportReport, 1);
  g_atomic_ref_count_init (&report->ref_count);
  report->dry_run = (flags & CUSTCARE_VCARD_IMPORT_DRY_RUN) != 0;
  reader = _custcare_vcard_reader_new (stream);

  if (!custcare_store_begin (store, error))
    return NULL;
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (interrupt_cb), store, NULL);

  if ((existing = count_customers (store, &local_error)) < 0 ||
      (report->batch_id = insert_batch (store, source_name, &local_error)) == 0)
    goto failed;

  while (_custcare_vcard_reader_next (reader, &customer, &card, &line, cancellable, &local_error))
    {
      g_autoptr (CustcareCustomer) owned = customer;

      report->cards++;
      if (owned == NULL)
        report->cards_skipped++;
      else if (!import_one (store, reader, report, owned, card, line, duplicates, new_ids, &local_error))
        goto failed;

      if (progress != NULL && total_bytes > 0)
        {
          double fraction = MIN (1.0, (double) _custcare_vcard_reader_get_bytes_read (reader) / total_bytes);

          if (fraction - reported >= 0.01)
            {
              progress (fraction, progress_data);
              reported = fraction;
            }
        }
    }
  if (local_error != NULL)
    goto failed;

  if (new_ids->len > REINDEX_ALL_MIN || (gint64) new_ids->len * 4 > existing)
    {
      if (!_custcare_customer_reindex_all (store, &local_error))
        goto failed;
    }
  else
    {
      for (guint i = 0; i < new_ids->len; i++)
        if (!_custcare_customer_reindex (store, g_array_index (new_ids, gint64, i), &local_error))
          goto failed;
    }
  if (!finish_batch (store, report->batch_id, report->imported, &local_error))
    goto failed;
  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    goto failed;

  /* A dry run keeps nothing; an import that created or changed nobody leaves no empty batch. */
  if (report->dry_run || (report->imported == 0 && report->merged == 0))
    {
      custcare_store_rollback (store);
      report->batch_id = 0;
    }
  else if (!custcare_store_commit (store, &local_error))
    goto failed;

  g_cancellable_disconnect (cancellable, handler);
  report->problems = _custcare_vcard_reader_steal_problems (reader, &report->n_problems);
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&report);

failed:
  custcare_store_rollback (store);
  g_cancellable_disconnect (cancellable, handler);
  /* An interrupted statement reports SQLITE_INTERRUPT; the caller asked for a cancel. */
  if (g_cancellable_is_cancelled (cancellable) && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&local_error);
      g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The import was cancelled."));
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static char *
file_source_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (basename != NULL ? basename : "");

  return g_steal_pointer (&display);
}

CustcareVcardImportReport *
custcare_vcard_import_file (CustcareStore              *store,
                            GFile                      *file,
                            CustcareVcardImportFlags    flags,
                            CustcareVcardDuplicates     duplicates,
                            GCancellable               *cancellable,
                            CustcareVcardProgressFunc   progress,
                            gpointer                    progress_data,
                            GError                    **error)
{
  g_autoptr (GFileInputStream) stream = NULL;
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;
  goffset size = 0;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = file_source_name (file);
  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_FAILED, _("Could not open “%s”: %s"), name,
                   local_error->message);
      return NULL;
    }
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  if (info != NULL)
    size = g_file_info_get_size (info);
  return custcare_vcard_import (store, G_INPUT_STREAM (stream), name, size, flags, duplicates, cancellable, progress,
                                progress_data, error);
}

/* The async import: a worker connection in a thread; progress goes back to the caller's context. */

typedef struct
{
  GFile                     *file;
  CustcareVcardImportFlags   flags;
  CustcareVcardDuplicates    duplicates;
  CustcareVcardProgressFunc  progress;
  gpointer                   progress_data;
  GMainContext              *context;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_free (data);
}

typedef struct
{
  GTask  *task;      /* keeps the task data alive until the call ran */
  double  fraction;
} ProgressCall;

static void
progress_call_free (ProgressCall *call)
{
  g_object_unref (call->task);
  g_free (call);
}

static gboolean
progress_in_context (gpointer user_data)
{
  ProgressCall *call = user_data;
  ImportData *data = g_task_get_task_data (call->task);

  data->progress (call->fraction, data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_from_thread (double   fraction,
                      gpointer user_data)
{
  GTask *task = user_data;
  ImportData *data = g_task_get_task_data (task);
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->task = g_object_ref (task);
  call->fraction = fraction;
  _custcare_main_context_post (data->context, progress_in_context, call, (GDestroyNotify) progress_call_free);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) worker = custcare_store_open_worker (source_object, &error);
  CustcareVcardImportReport *report;

  if (worker == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report = custcare_vcard_import_file (worker, data->file, data->flags, data->duplicates, cancellable,
                                       data->progress != NULL ? progress_from_thread : NULL, task, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) custcare_vcard_import_report_unref);
}

void
custcare_vcard_import_file_async (CustcareStore             *store,
                                  GFile                     *file,
                                  CustcareVcardImportFlags   flags,
                                  CustcareVcardDuplicates    duplicates,
                                  GCancellable              *cancellable,
                                  CustcareVcardProgressFunc  progress,
                                  gpointer                   progress_data,
                                  GAsyncReadyCallback        callback,
                                  gpointer                   user_data)
{
  g_autoptr (GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportData, 1);
  data->file = g_object_ref (file);
  data->flags = flags;
  data->duplicates = duplicates;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_vcard_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

CustcareVcardImportReport *
custcare_vcard_import_file_finish (CustcareStore  *store,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Export */

static gboolean
is_erased (CustcareStore  *store,
           gint64          id,
           gboolean       *erased,
           GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, "SELECT erased_at FROM customers WHERE id = ?1",
                                                           error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *erased = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  else if (rc == SQLITE_DONE)
    *erased = FALSE; /* gone: reading it reports that it no longer exists */
  else
    return _custcare_store_set_error (store, rc, error);
  return TRUE;
}

static void
abandon_replace (GOutputStream *out)
{
  g_autoptr (GCancellable) cancelled = g_cancellable_new ();

  /* Closing a g_file_replace() stream with a cancelled cancellable leaves the old file in place. */
  g_cancellable_cancel (cancelled);
  g_output_stream_close (out, cancelled, NULL);
}

gint64
custcare_vcard_export (CustcareStore         *store,
                       const gint64          *ids,
                       gsize                  n_ids,
                       CustcareVcardVersion   version,
                       GFile                 *file,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_autoptr (GFileOutputStream) out = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GString) chunk = g_string_new (NULL);
  g_autofree char *name = NULL;
  gint64 written = 0;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), -1);
  g_return_val_if_fail (ids != NULL || n_ids == 0, -1);
  g_return_val_if_fail (G_IS_FILE (file), -1);

  name = file_source_name (file);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION, cancellable,
                        &local_error);
  if (out == NULL)
    goto failed;
  /* One read transaction: the file shows the shop at one moment. */
  if (!_custcare_store_exec (store, "BEGIN", &local_error))
    goto failed;

  for (gsize i = 0; i < n_ids; i++)
    {
      g_autoptr (CustcareCustomer) customer = NULL;
      g_autofree char *card = NULL;
      gboolean erased = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error) ||
          !is_erased (store, ids[i], &erased, &local_error))
        goto failed_in_transaction;
      if (erased)
        continue;
      customer = _custcare_customer_repo_get_in_transaction (store, ids[i], &local_error);
      if (customer == NULL)
        goto failed_in_transaction;
      card = custcare_vcard_format_customer (customer, version);
      g_string_append (chunk, card);
      written++;
      if (chunk->len >= 64 * 1024 || i + 1 == n_ids)
        {
          if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), chunk->str, chunk->len, NULL, cancellable,
                                          &local_error))
            goto failed_in_transaction;
          g_string_truncate (chunk, 0);
        }
    }
  if (chunk->len > 0 &&
      !g_output_stream_write_all (G_OUTPUT_STREAM (out), chunk->str, chunk->len, NULL, cancellable, &local_error))
    goto failed_in_transaction;
  custcare_store_rollback (store);
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &local_error))
    goto failed;
  return written;

failed_in_transaction:
  custcare_store_rollback (store);
failed:
  if (out != NULL && !g_output_stream_is_closed (G_OUTPUT_STREAM (out)))
    abandon_replace (G_OUTPUT_STREAM (out));
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || local_error->domain != G_IO_ERROR)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, CUSTCARE_VCARD_ERROR, CUSTCARE_VCARD_ERROR_FAILED,
                 _("Could not write “%s”: %s. Nothing was written; the file is as it was."), name,
                 local_error->message);
  return -1;
}

typedef struct
{
  GArray               *ids;
  CustcareVcardVersion  version;
  GFile                *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_pointer (&data->ids, g_array_unref);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) worker = custcare_store_open_worker (source_object, &error);
  gint64 written;

  if (worker == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  written = custcare_vcard_export (worker, (const gint64 *) (void *) data->ids->data, data->ids->len, data->version,
                                   data->file, cancellable, &error);
  if (written < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, written);
}

void
custcare_vcard_export_async (CustcareStore         *store,
                             const gint64          *ids,
                             gsize                  n_ids,
                             CustcareVcardVersion   version,
                             GFile                 *file,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr (GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);
  g_array_append_vals (data->ids, ids, n_ids);
  data->version = version;
  data->file = g_object_ref (file);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, custcare_vcard_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gint64
custcare_vcard_export_finish (CustcareStore  *store,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
