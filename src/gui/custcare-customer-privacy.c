/* custcare-customer-privacy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer's privacy requests, from the customer page's menu: a copy of everything the shop
 * holds about them (one JSON file), and erasing their personal data. The work is the core's
 * (custcare-privacy.h) and runs off the main thread; this file asks, and says what happened.
 */
#define G_LOG_DOMAIN "custcare-customer-privacy"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-customer-privacy.h"
#include "custcare-gui-util.h"
#include "custcare-privacy.h"
#include "custcare-window.h"

static void
show_toast (GtkWidget  *page,
            const char *message)
{
  GtkRoot *root = gtk_widget_get_root (page);
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_use_markup (toast, FALSE);
  adw_toast_set_timeout (toast, 6);
  if (CUSTCARE_IS_WINDOW (root))
    {
      /* Tests wait for it: the export's file exists before it is complete. */
      g_object_set_data_full (G_OBJECT (root), "custcare-privacy-last-toast", g_object_ref (toast), g_object_unref);
      custcare_window_add_toast (CUSTCARE_WINDOW (root), toast);
    }
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* Export Customer Data… */

static void
export_file_chosen_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (GtkWidget) page = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, &error);
  g_autofree char *uri = NULL;

  if (file == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        show_toast (page, error->message);
      return;
    }
  uri = g_file_get_uri (file);
  gtk_widget_activate_action (page, "customer.export-data-to", "s", uri);
}

void
custcare_customer_privacy_choose_export (GtkWidget  *page,
                                         const char *customer_title)
{
  g_autoptr (GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr (GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr (GtkFileFilter) json = gtk_file_filter_new ();
  g_autofree char *initial = NULL;
  GtkRoot *root = gtk_widget_get_root (page);

  g_return_if_fail (GTK_IS_WIDGET (page));

  gtk_file_filter_set_name (json, _("JSON Document"));
  gtk_file_filter_add_mime_type (json, "application/json");
  gtk_file_filter_add_suffix (json, "json");
  g_list_store_append (filters, json);
  /* Translators: the suggested file name of a privacy export; keep ".json" */
  initial = g_strdup_printf (_("%s — customer data.json"), customer_title);
  /* A name is no path: a slash in it would point elsewhere. */
  g_strdelimit (initial, "/\\", '-');

  gtk_file_dialog_set_title (dialog, _("Export Customer Data"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, json);
  gtk_file_dialog_set_initial_name (dialog, initial);
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  gtk_file_dialog_save (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, export_file_chosen_cb,
                        g_object_ref (page));
}

typedef struct
{
  GtkWidget *page;
  GFile     *file;
} ExportData;

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportData *data = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_file_get_basename (data->file);
  g_autofree char *name = g_filename_display_name (base ? base : "");
  g_autofree char *message = NULL;

  if (custcare_privacy_export_finish (CUSTCARE_STORE (source), result, &error))
    message = g_strdup_printf (_("Customer data exported to “%s”"), name);
  else
    message = g_strdup_printf (_("“%s” was not written: %s"), name, error->message);
  show_toast (data->page, message);
  g_object_unref (data->page);
  g_object_unref (data->file);
  g_free (data);
}

void
custcare_customer_privacy_export (GtkWidget     *page,
                                  CustcareStore *store,
                                  gint64         customer_id,
                                  GFile         *file)
{
  ExportData *data;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->page = g_object_ref (page);
  data->file = g_object_ref (file);
  custcare_privacy_export_async (store, customer_id, file, NULL, export_done_cb, data);
}

/* Erase Personal Data… */

typedef struct
{
  GtkWidget              *page;
  CustcareStore          *store;
  gint64                  customer_id;
  char                   *title;
  CustcarePrivacyDoneFunc done;
  AdwToast               *working;
} EraseData;

static void
erase_data_free (EraseData *data)
{
  if (data->working != NULL)
    adw_toast_dismiss (data->working);
  g_clear_object (&data->working);
  g_clear_object (&data->page);
  g_clear_object (&data->store);
  g_free (data->title);
  g_free (data);
}

static void
erase_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  EraseData *data = user_data;
  g_autoptr (GError) error = NULL;
  gboolean erased = custcare_privacy_erase_finish (CUSTCARE_STORE (source), result, &error);
  g_autofree char *message = NULL;

  if (erased)
    message = g_strdup_printf (_("%s’s personal data was erased"), data->title);
  else if (g_error_matches (error, CUSTCARE_PRIVACY_ERROR, CUSTCARE_PRIVACY_ERROR_NOT_SCRUBBED))
    {
      /* The rows are gone; only the rewrite of the file has to wait for the other reader. */
      erased = TRUE;
      message = g_strdup_printf (_("%s’s personal data was erased. %s"), data->title, error->message);
    }
  else
    {
      custcare_present_message_alert (data->page, _("Nothing Was Erased"), error->message);
    }
  if (data->working != NULL)
    adw_toast_dismiss (data->working);
  g_clear_object (&data->working);
  if (message != NULL)
    show_toast (data->page, message);
  if (data->done != NULL)
    data->done (data->page, erased);
  erase_data_free (data);
}

static void
erase_response_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  EraseData *data = user_data;
  const char *response = adw_alert_dialog_choose_finish (ADW_ALERT_DIALOG (source), result);

  if (g_strcmp0 (response, "erase") != 0)
    {
      erase_data_free (data);
      return;
    }
  /* Rewriting the file takes a few seconds in a big shop: say that something is happening. */
  {
    g_autofree char *message = g_strdup_printf (_("Erasing %s’s personal data…"), data->title);
    GtkRoot *root = gtk_widget_get_root (data->page);

    data->working = adw_toast_new (message);
    adw_toast_set_use_markup (data->working, FALSE);
    adw_toast_set_timeout (data->working, 0);
    if (CUSTCARE_IS_WINDOW (root))
      custcare_window_add_toast (CUSTCARE_WINDOW (root), g_object_ref (data->working));
  }
  custcare_privacy_erase_async (data->store, data->customer_id, NULL, erase_done_cb, data);
}

void
custcare_customer_privacy_confirm_erase (GtkWidget              *page,
                                         CustcareStore          *store,
                                         gint64                  customer_id,
                                         const char             *customer_title,
                                         CustcarePrivacyDoneFunc done)
{
  g_autofree char *removed = NULL;
  AdwDialog *dialog;
  EraseData *data;

  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (CUSTCARE_IS_STORE (store));

  /* The name goes in the body: a long heading does not wrap in a narrow window. */
  removed = g_strdup_printf (_("Removed from %s: name, company, address, birthday, notes and preferences, phone "
                               "numbers, email addresses and tags, the subjects and notes of their interactions, the "
                               "notes, carrier and tracking number of their orders, and the emails written to them."),
                             customer_title);
  dialog = adw_alert_dialog_new (_("Erase Personal Data?"), NULL);
  adw_alert_dialog_format_body (ADW_ALERT_DIALOG (dialog), "%s\n\n%s\n\n%s", removed,
                                _("Kept, without their name: their orders with number, date, status, items and "
                                  "totals, and their points history, so the shop’s books still add up. The customer "
                                  "stays in the archive as “Erased customer”."),
                                _("This cannot be undone. Export their data first if they asked for a copy."));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "erase", _("_Erase"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");

  data = g_new0 (EraseData, 1);
  data->page = g_object_ref (page);
  data->store = g_object_ref (store);
  data->customer_id = customer_id;
  data->title = g_strdup (customer_title);
  data->done = done;
  adw_alert_dialog_choose (ADW_ALERT_DIALOG (dialog), page, NULL, erase_response_cb, data);
}
