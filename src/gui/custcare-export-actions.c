/* custcare-export-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The primary menu's exports: a save dialog whose file type (.csv or .vcf) decides the format,
 * the export dialog while the file is written, and a toast naming the file at the end.
 */
#define G_LOG_DOMAIN "custcare-export-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-customer-list.h"
#include "custcare-export-actions.h"
#include "custcare-export-dialog.h"
#include "custcare-gui-util.h"
#include "custcare-window.h"

#define LAST_TOAST_KEY "custcare-export-last-toast"

static const char * const kind_names[] = {
  [CUSTCARE_EXPORT_CUSTOMERS] = "customers",
  [CUSTCARE_EXPORT_ORDERS] = "orders",
  [CUSTCARE_EXPORT_INTERACTIONS] = "interactions",
};

gboolean
custcare_export_kind_from_name (const char         *name,
                                CustcareExportKind *out_kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (name, kind_names[i]) == 0)
      {
        *out_kind = (CustcareExportKind) i;
        return TRUE;
      }
  return FALSE;
}

static void
show_toast (GtkWindow  *window,
            const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  /* File names are not markup. */
  adw_toast_set_use_markup (toast, FALSE);
  adw_toast_set_timeout (toast, 6);
  g_object_set_data_full (G_OBJECT (window), LAST_TOAST_KEY, g_object_ref (toast), g_object_unref);
  if (CUSTCARE_IS_WINDOW (window))
    custcare_window_add_toast (CUSTCARE_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static char *
dup_display_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);

  return g_filename_display_name (base ? base : "");
}

static void
finished_cb (CustcareExportDialog *dialog,
             guint                 rows,
             gboolean              capped,
             const GError         *error,
             GtkWindow            *window)
{
  GFile *dest = g_object_get_data (G_OBJECT (dialog), "custcare-dest");
  CustcareExportKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "custcare-kind"));
  g_autofree char *name = dup_display_name (dest);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup_printf (_("Export cancelled: “%s” was not written"), name);
  else if (error != NULL)
    {
      custcare_present_message_alert (GTK_WIDGET (window), _("Export Failed"), error->message);
      message = g_strdup_printf (_("“%s” was not written"), name);
    }
  else if (kind == CUSTCARE_EXPORT_ORDERS)
    message = g_strdup_printf (ngettext ("%u order exported to “%s”", "%u orders exported to “%s”", rows), rows, name);
  else if (kind == CUSTCARE_EXPORT_INTERACTIONS)
    message = g_strdup_printf (ngettext ("%u interaction exported to “%s”", "%u interactions exported to “%s”", rows),
                               rows, name);
  else if (capped)
    message = g_strdup_printf (ngettext ("The first %u matching customer exported to “%s”; refine the search for the rest",
                                         "The first %u matching customers exported to “%s”; refine the search for the rest",
                                         rows), rows, name);
  else
    message = g_strdup_printf (ngettext ("%u customer exported to “%s”", "%u customers exported to “%s”", rows), rows,
                               name);
  show_toast (window, message);
}

void
custcare_export_to_file (GtkWindow          *window,
                         CustcareStore      *store,
                         CustcareExportKind  kind,
                         GFile              *dest)
{
  CustcareCustomerList *list = custcare_customer_list_find (GTK_WIDGET (window));
  const CustcareCustomerQuery *query = NULL;
  CustcareExportDialog *dialog;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (CUSTCARE_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (dest));

  /* Exactly what the list shows: its search text, tag, tier, open-orders and archived filters. */
  if (list != NULL && custcare_customer_list_get_model (list) != NULL)
    query = custcare_customer_list_model_get_query (custcare_customer_list_get_model (list));

  g_object_set_data (G_OBJECT (window), LAST_TOAST_KEY, NULL);
  dialog = custcare_export_dialog_new (store, kind, query, dest);
  g_object_set_data_full (G_OBJECT (dialog), "custcare-dest", g_object_ref (dest), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "custcare-kind", GUINT_TO_POINTER (kind));
  g_signal_connect_object (dialog, "finished", G_CALLBACK (finished_cb), window, 0);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (window));
}

typedef struct
{
  GtkWindow          *window;
  CustcareExportKind  kind;
} ChooseData;

static void
file_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ChooseData *data = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, &error);
  GtkApplication *app = gtk_window_get_application (data->window);

  if (file != NULL && app != NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_action_group_activate_action (G_ACTION_GROUP (app), "export-to",
                                      g_variant_new ("(ss)", kind_names[data->kind], uri));
    }
  else if (file == NULL && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    show_toast (data->window, error->message);
  g_object_unref (data->window);
  g_free (data);
}

static GtkFileFilter *
filter_new (const char *name,
            const char *mime_type,
            const char *suffix)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_suffix (filter, suffix);
  return filter;
}

void
custcare_export_choose_file (GtkWindow          *window,
                             CustcareExportKind  kind)
{
  g_autoptr (GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr (GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr (GtkFileFilter) csv = filter_new (_("Spreadsheet (CSV)"), "text/csv", "csv");
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *initial = NULL;
  ChooseData *data;

  g_return_if_fail (GTK_IS_WINDOW (window));

  g_list_store_append (filters, csv);
  switch (kind)
    {
    case CUSTCARE_EXPORT_ORDERS:
      gtk_file_dialog_set_title (dialog, _("Export Orders"));
      /* Translators: the suggested file name; keep the date and the extension */
      initial = g_strdup_printf (_("orders-%s.csv"), date);
      break;
    case CUSTCARE_EXPORT_INTERACTIONS:
      gtk_file_dialog_set_title (dialog, _("Export Interactions"));
      /* Translators: the suggested file name; keep the date and the extension */
      initial = g_strdup_printf (_("interactions-%s.csv"), date);
      break;
    case CUSTCARE_EXPORT_CUSTOMERS:
    default:
      {
        g_autoptr (GtkFileFilter) vcard = filter_new (_("Contacts (vCard)"), "text/vcard", "vcf");

        g_list_store_append (filters, vcard);
        gtk_file_dialog_set_title (dialog, _("Export Customers"));
        /* Translators: the suggested file name; keep the date and the extension */
        initial = g_strdup_printf (_("customers-%s.csv"), date);
      }
      break;
    }
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, csv);
  gtk_file_dialog_set_initial_name (dialog, initial);
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));

  data = g_new0 (ChooseData, 1);
  data->window = g_object_ref (window);
  data->kind = kind;
  gtk_file_dialog_save (dialog, window, NULL, file_chosen_cb, data);
}

AdwToast *
custcare_export_get_last_toast (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  return g_object_get_data (G_OBJECT (window), LAST_TOAST_KEY);
}
