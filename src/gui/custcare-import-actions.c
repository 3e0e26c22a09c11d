/* custcare-import-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the primary menu's Import Customers… and Revert Last Import… do around the import dialog:
 * pick the file, show the result as a toast whose Undo reverts the batch, reload the list.
 */
#define G_LOG_DOMAIN "custcare-import-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-customer-list.h"
#include "custcare-import-actions.h"
#include "custcare-import-dialog.h"
#include "custcare-import.h"
#include "custcare-window.h"

#define LAST_TOAST_KEY "custcare-import-last-toast"
/* batch id -> customers added, for imports made since the window opened: the core can revert a
 * batch but not yet count one, so the confirmation can name the number only for these. */
#define BATCH_COUNTS_KEY "custcare-import-batch-counts"

static void
show_toast (GtkWindow *window,
            AdwToast  *toast)
{
  if (CUSTCARE_IS_WINDOW (window))
    custcare_window_add_toast (CUSTCARE_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_message (GtkWindow  *window,
              const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_use_markup (toast, FALSE);
  adw_toast_set_timeout (toast, 5);
  show_toast (window, toast);
}

static void
reload_customer_list (GtkWindow *window)
{
  CustcareCustomerList *list = window ? custcare_customer_list_find (GTK_WIDGET (window)) : NULL;

  if (list != NULL && custcare_customer_list_get_model (list) != NULL)
    custcare_customer_list_model_reload (custcare_customer_list_get_model (list));
}

static GHashTable *
batch_counts (GtkWindow *window)
{
  GHashTable *counts = g_object_get_data (G_OBJECT (window), BATCH_COUNTS_KEY);

  if (counts == NULL)
    {
      counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_object_set_data_full (G_OBJECT (window), BATCH_COUNTS_KEY, counts, (GDestroyNotify) g_hash_table_unref);
    }
  return counts;
}

/* Revert */

typedef struct
{
  GWeakRef window;
  gint64   batch_id;
} RevertData;

static void
revert_data_free (RevertData *data)
{
  g_weak_ref_clear (&data->window);
  g_free (data);
}

static void
revert_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  RevertData *data = user_data;
  g_autoptr (GtkWindow) window = g_weak_ref_get (&data->window);
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareImportRevertResult) reverted = custcare_import_revert_finish (CUSTCARE_STORE (source), result, &error);
  g_autofree char *message = NULL;

  if (window == NULL)
    {
      revert_data_free (data);
      return;
    }
  if (reverted == NULL)
    {
      message = g_strdup_printf (_("The import was not reverted: %s"), error->message);
      show_message (window, message);
      revert_data_free (data);
      return;
    }
  g_hash_table_remove (batch_counts (window), &data->batch_id);
  if (reverted->n_kept == 0)
    message = g_strdup_printf (ngettext ("%u imported customer removed", "%u imported customers removed",
                                         reverted->n_removed), reverted->n_removed);
  else
    /* Translators: "410 imported customers removed, 2 kept because they were used since" */
    message = g_strdup_printf (ngettext ("%u imported customer removed, %u kept because they were used since",
                                         "%u imported customers removed, %u kept because they were used since",
                                         reverted->n_removed), reverted->n_removed, reverted->n_kept);
  show_message (window, message);
  reload_customer_list (window);
  revert_data_free (data);
}

static void
start_revert (GtkWindow     *window,
              CustcareStore *store,
              gint64         batch_id)
{
  RevertData *data = g_new0 (RevertData, 1);

  g_weak_ref_init (&data->window, window);
  data->batch_id = batch_id;
  custcare_import_revert_async (store, batch_id, NULL, revert_cb, data);
}

static void
undo_import_cb (AdwToast *toast,
                gpointer  user_data)
{
  GtkWindow *window = g_object_get_data (G_OBJECT (toast), "custcare-window");
  CustcareStore *store = g_object_get_data (G_OBJECT (toast), "custcare-store");
  gint64 batch_id = *(gint64 *) g_object_get_data (G_OBJECT (toast), "custcare-batch");

  if (window != NULL && store != NULL)
    start_revert (window, store, batch_id);
}

static void
imported_cb (CustcareImportDialog *dialog,
             gint64                batch_id,
             guint                 n_added,
             guint                 n_merged,
             GtkWindow            *window)
{
  CustcareStore *store = NULL;
  g_autofree char *message = NULL;
  gint64 *key;
  AdwToast *toast;

  g_object_get (dialog, "store", &store, NULL);
  if (n_merged == 0)
    message = g_strdup_printf (ngettext ("%u customer imported", "%u customers imported", n_added), n_added);
  else
    /* Translators: "412 customers imported, 3 merged" */
    message = g_strdup_printf (ngettext ("%u customer imported, %u merged", "%u customers imported, %u merged", n_added),
                               n_added, n_merged);

  key = g_new (gint64, 1);
  *key = batch_id;
  g_hash_table_insert (batch_counts (window), key, GUINT_TO_POINTER (n_added));

  toast = adw_toast_new (message);
  adw_toast_set_use_markup (toast, FALSE);
  adw_toast_set_timeout (toast, 10);
  if (batch_id > 0)
    {
      gint64 *batch = g_new (gint64, 1);

      *batch = batch_id;
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (toast), "custcare-batch", batch, g_free);
      g_object_set_data_full (G_OBJECT (toast), "custcare-store", store, g_object_unref);
      g_object_set_data (G_OBJECT (toast), "custcare-window", window);
      g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_import_cb), NULL);
    }
  else
    g_clear_object (&store);
  g_object_set_data_full (G_OBJECT (window), LAST_TOAST_KEY, g_object_ref (toast), g_object_unref);
  show_toast (window, toast);
  reload_customer_list (window);
}

void
custcare_import_open_file (GtkWindow     *window,
                           CustcareStore *store,
                           GFile         *file)
{
  CustcareImportDialog *dialog;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  dialog = custcare_import_dialog_new (store, file);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), window, 0);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (window));
}

static void
file_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GtkWindow) window = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, &error);
  g_autofree char *uri = NULL;
  GtkApplication *app;

  if (file == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        show_message (window, error->message);
      return;
    }
  app = gtk_window_get_application (window);
  uri = g_file_get_uri (file);
  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "import-file", g_variant_new_string (uri));
}

static GtkFileFilter *
filter_new (const char         *name,
            const char * const *mime_types,
            const char * const *suffixes)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; mime_types != NULL && mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, mime_types[i]);
  for (guint i = 0; suffixes != NULL && suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  return filter;
}

void
custcare_import_choose_file (GtkWindow *window)
{
  static const char *csv_types[] = { "text/csv", "text/tab-separated-values", "text/plain", NULL };
  static const char *csv_suffixes[] = { "csv", "tsv", "txt", NULL };
  static const char *vcard_types[] = { "text/vcard", "text/x-vcard", "text/directory", NULL };
  static const char *vcard_suffixes[] = { "vcf", "vcard", NULL };
  static const char *all_types[] = { "text/csv", "text/tab-separated-values", "text/plain", "text/vcard",
                                     "text/x-vcard", "text/directory", NULL };
  static const char *all_suffixes[] = { "csv", "tsv", "txt", "vcf", "vcard", NULL };
  g_autoptr (GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr (GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr (GtkFileFilter) all = filter_new (_("Spreadsheets and Contacts"), all_types, all_suffixes);
  g_autoptr (GtkFileFilter) csv = filter_new (_("Spreadsheets (CSV, TSV, Text)"), csv_types, csv_suffixes);
  g_autoptr (GtkFileFilter) vcard = filter_new (_("Contacts (vCard)"), vcard_types, vcard_suffixes);

  g_return_if_fail (GTK_IS_WINDOW (window));

  g_list_store_append (filters, all);
  g_list_store_append (filters, csv);
  g_list_store_append (filters, vcard);
  gtk_file_dialog_set_title (dialog, _("Import Customers"));
  gtk_file_dialog_set_accept_label (dialog, _("_Open"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, all);
  gtk_file_dialog_open (dialog, window, NULL, file_chosen_cb, g_object_ref (window));
}

/* Revert Last Import… */

typedef struct
{
  GtkWindow     *window;
  CustcareStore *store;
  gint64         batch_id;
} ConfirmData;

static void
confirm_data_free (ConfirmData *data)
{
  g_clear_object (&data->window);
  g_clear_object (&data->store);
  g_free (data);
}

static void
confirm_revert_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ConfirmData *data = user_data;
  const char *response = adw_alert_dialog_choose_finish (ADW_ALERT_DIALOG (source), result);

  if (g_strcmp0 (response, "revert") == 0)
    start_revert (data->window, data->store, data->batch_id);
  confirm_data_free (data);
}

void
custcare_import_revert_last (GtkWindow     *window,
                             CustcareStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) body = g_string_new (NULL);
  gint64 batch_id;
  gpointer count;
  AdwDialog *dialog;
  ConfirmData *data;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (CUSTCARE_IS_STORE (store));

  batch_id = custcare_import_get_last_batch (store, &error);
  if (error != NULL)
    {
      show_message (window, error->message);
      return;
    }
  if (batch_id == 0)
    {
      show_message (window, _("There is no import to revert"));
      return;
    }

  if (g_hash_table_lookup_extended (batch_counts (window), &batch_id, NULL, &count))
    g_string_append_printf (body, ngettext ("The %u customer the last import added is removed, with their opening "
                                            "points.",
                                            "The %u customers the last import added are removed, with their opening "
                                            "points.",
                                            GPOINTER_TO_UINT (count)),
                            GPOINTER_TO_UINT (count));
  else
    g_string_append (body, _("The customers the last import added are removed, with their opening points."));
  g_string_append (body, " ");
  g_string_append (body, _("Customers used since — with orders, interactions or points of their own — are kept, "
                           "and details merged into customers you already had stay."));

  dialog = adw_alert_dialog_new (_("Revert the Last Import?"), body->str);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "revert", _("_Revert"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "revert", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");

  data = g_new0 (ConfirmData, 1);
  data->window = g_object_ref (window);
  data->store = g_object_ref (store);
  data->batch_id = batch_id;
  adw_alert_dialog_choose (ADW_ALERT_DIALOG (dialog), GTK_WIDGET (window), NULL, confirm_revert_cb, data);
}

AdwToast *
custcare_import_get_last_toast (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  return g_object_get_data (G_OBJECT (window), LAST_TOAST_KEY);
}
