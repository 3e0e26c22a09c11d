/* custcare-export-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs one export off the main thread (the core writes through g_file_replace, so a cancelled
 * or failed export leaves no half-written file) and shows how far it got. For customers, the ids
 * are looked up first, on a worker connection, from the customer list's own query, so the file
 * holds exactly the customers the list shows.
 */
#define G_LOG_DOMAIN "custcare-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-export-dialog.h"
#include "custcare-vcard.h"

struct _CustcareExportDialog
{
  AdwDialog              parent_instance;

  CustcareStore         *store;
  CustcareExportKind     kind;
  CustcareCustomerQuery *query;
  GFile                 *dest;
  GCancellable          *cancellable;
  gboolean               started;
  gboolean               capped;
  guint                  pulse_id;

  GtkLabel              *label;
  GtkProgressBar        *progress;
};

G_DEFINE_FINAL_TYPE (CustcareExportDialog, custcare_export_dialog, ADW_TYPE_DIALOG)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

gboolean
custcare_export_file_is_vcard (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name ? g_utf8_strdown (name, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".vcf") || g_str_has_suffix (lower, ".vcard"));
}

static void
finish (CustcareExportDialog *self,
        guint                 rows,
        const GError         *error)
{
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_signal_emit (self, signals[FINISHED], 0, rows, self->capped, error);
  adw_dialog_force_close (ADW_DIALOG (self));
}

static void
show_progress (CustcareExportDialog *self,
               double                fraction)
{
  gtk_progress_bar_set_fraction (self->progress, CLAMP (fraction, 0.0, 1.0));
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  CustcareExportDialog *self = user_data;

  /* The core delivers progress in this (the main) thread. */
  show_progress (self, fraction);
}

static gboolean
pulse_cb (gpointer user_data)
{
  CustcareExportDialog *self = user_data;

  gtk_progress_bar_pulse (self->progress);
  return G_SOURCE_CONTINUE;
}

static void
csv_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (CustcareExportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  guint rows = 0;

  custcare_export_csv_finish (CUSTCARE_STORE (source), result, &rows, &error);
  finish (self, rows, error);
}

static void
vcard_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (CustcareExportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  gint64 cards = custcare_vcard_export_finish (CUSTCARE_STORE (source), result, &error);

  finish (self, cards > 0 ? (guint) cards : 0, error);
}

static void
write_file (CustcareExportDialog *self,
            GArray               *ids)
{
  if (self->kind == CUSTCARE_EXPORT_CUSTOMERS && custcare_export_file_is_vcard (self->dest))
    {
      /* The vCard writer reports no progress: the bar pulses. */
      self->pulse_id = g_timeout_add (100, pulse_cb, self);
      custcare_vcard_export_async (self->store, ids ? (const gint64 *) ids->data : NULL, ids ? ids->len : 0,
                                   CUSTCARE_VCARD_VERSION_3_0, self->dest, self->cancellable, vcard_done_cb,
                                   g_object_ref (self));
      return;
    }
  custcare_export_csv_async (self->store, self->kind, ids, self->dest, progress_cb, g_object_ref (self),
                             g_object_unref, self->cancellable, csv_done_cb, g_object_ref (self));
}

typedef struct
{
  GArray  *ids;
  gboolean capped;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_pointer (&lookup->ids, g_array_unref);
  g_free (lookup);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CustcareExportDialog *self = source_object;
  g_autoptr (CustcareStore) worker = NULL;
  g_autoptr (GError) error = NULL;
  Lookup *lookup = g_new0 (Lookup, 1);

  worker = custcare_store_open_worker (self->store, &error);
  if (worker != NULL)
    lookup->ids = custcare_export_query_customer_ids (worker, task_data, &lookup->capped, cancellable, &error);
  if (lookup->ids == NULL)
    {
      lookup_free (lookup);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, lookup, (GDestroyNotify) lookup_free);
}

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CustcareExportDialog *self = CUSTCARE_EXPORT_DIALOG (source);
  g_autoptr (GError) error = NULL;
  Lookup *lookup = g_task_propagate_pointer (G_TASK (result), &error);

  if (lookup == NULL)
    {
      finish (self, 0, error);
      return;
    }
  self->capped = lookup->capped;
  write_file (self, lookup->ids);
  lookup_free (lookup);
}

static void
start (CustcareExportDialog *self)
{
  g_autoptr (GTask) task = NULL;

  if (self->started)
    return;
  self->started = TRUE;

  if (self->kind != CUSTCARE_EXPORT_CUSTOMERS)
    {
      write_file (self, NULL);
      return;
    }
  task = g_task_new (self, self->cancellable, lookup_done_cb, NULL);
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, custcare_customer_query_copy (self->query), (GDestroyNotify) custcare_customer_query_free);
  g_task_run_in_thread (task, lookup_thread);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_cancellable_cancel (CUSTCARE_EXPORT_DIALOG (widget)->cancellable);
}

static void
close_attempt_cb (CustcareExportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
}

CustcareExportDialog *
custcare_export_dialog_new (CustcareStore               *store,
                            CustcareExportKind           kind,
                            const CustcareCustomerQuery *query,
                            GFile                       *dest)
{
  CustcareExportDialog *self;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (dest), NULL);

  self = g_object_new (CUSTCARE_TYPE_EXPORT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  self->query = query ? custcare_customer_query_copy (query) : custcare_customer_query_new ();
  self->dest = g_object_ref (dest);

  base = g_file_get_basename (dest);
  name = g_filename_display_name (base ? base : "");
  switch (kind)
    {
    case CUSTCARE_EXPORT_ORDERS:
      text = g_strdup_printf (_("Writing orders to “%s”…"), name);
      break;
    case CUSTCARE_EXPORT_INTERACTIONS:
      text = g_strdup_printf (_("Writing interactions to “%s”…"), name);
      break;
    case CUSTCARE_EXPORT_CUSTOMERS:
    default:
      text = g_strdup_printf (_("Writing customers to “%s”…"), name);
      break;
    }
  gtk_label_set_text (self->label, text);
  return self;
}

static void
custcare_export_dialog_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (custcare_export_dialog_parent_class)->map (widget);
  start (CUSTCARE_EXPORT_DIALOG (widget));
}

static void
custcare_export_dialog_dispose (GObject *object)
{
  CustcareExportDialog *self = CUSTCARE_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (custcare_export_dialog_parent_class)->dispose (object);
}

static void
custcare_export_dialog_finalize (GObject *object)
{
  CustcareExportDialog *self = CUSTCARE_EXPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->dest);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->query, custcare_customer_query_free);

  G_OBJECT_CLASS (custcare_export_dialog_parent_class)->finalize (object);
}

static void
custcare_export_dialog_class_init (CustcareExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_export_dialog_dispose;
  object_class->finalize = custcare_export_dialog_finalize;
  widget_class->map = custcare_export_dialog_map;

  /**
   * CustcareExportDialog::finished:
   * @rows: records written
   * @capped: the customer list's search stopped at its cap, so only the first matches are in the file
   * @error: (nullable): why nothing was written (G_IO_ERROR_CANCELLED after Cancel)
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_BOOLEAN, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareExportDialog, label);
  gtk_widget_class_bind_template_child (widget_class, CustcareExportDialog, progress);

  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
}

static void
custcare_export_dialog_init (CustcareExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self, "close-attempt", G_CALLBACK (close_attempt_cb), self, G_CONNECT_SWAPPED);
}
