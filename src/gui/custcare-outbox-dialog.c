/* custcare-outbox-dialog.c — the emails waiting, sent and failed, with Retry and Discard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the newest messages only: the outbox is a working list, the full record of what was sent
 * is the interactions on each customer.
 */
#define G_LOG_DOMAIN "custcare-outbox-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-outbox-dialog.h"
#include "custcare-outbox-worker.h"
#include "custcare-outbox.h"

#define SHOWN_MESSAGES 200

struct _CustcareOutboxDialog
{
  AdwDialog             parent_instance;

  CustcareStore        *store;
  CustcareOutboxWorker *worker;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkListBox           *list_box;
};

G_DEFINE_FINAL_TYPE (CustcareOutboxDialog, custcare_outbox_dialog, ADW_TYPE_DIALOG)

static void
retry_clicked_cb (GtkButton            *button,
                  CustcareOutboxDialog *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "outbox-id"));
  g_autoptr (GError) error = NULL;

  if (!custcare_outbox_retry (self->store, id, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  else if (self->worker != NULL)
    custcare_outbox_worker_wake (self->worker);
  custcare_outbox_dialog_reload (self);
}

static void
discard_clicked_cb (GtkButton            *button,
                    CustcareOutboxDialog *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "outbox-id"));
  g_autoptr (GError) error = NULL;

  if (!custcare_outbox_discard (self->store, id, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  else
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Message discarded")));
  custcare_outbox_dialog_reload (self);
}

static GtkWidget *
add_button (CustcareOutboxDialog  *self,
            GtkWidget             *row,
            gint64                 id,
            const char            *icon_name,
            const char            *tooltip,
            GCallback              callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "outbox-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (button, "clicked", callback, self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

static GtkWidget *
create_row (CustcareOutboxDialog        *self,
            const CustcareOutboxMessage *message)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (custcare_outbox_status_get_label (message->status));
  g_autoptr (GString) subtitle = g_string_new (NULL);
  g_autoptr (GDateTime) when = g_date_time_new_from_unix_local (message->sent_at ? message->sent_at
                                                                                  : message->created_at);
  g_autofree char *when_text = g_date_time_format (when, "%x %X");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message->subject);
  if (message->to_name != NULL && *message->to_name != '\0')
    g_string_append_printf (subtitle, "%s <%s>", message->to_name, message->to_address);
  else
    g_string_append (subtitle, message->to_address);
  g_string_append_printf (subtitle, " · %s", when_text);
  if (message->last_error != NULL && *message->last_error != '\0' && message->status != CUSTCARE_OUTBOX_SENT)
    g_string_append_printf (subtitle, "\n%s", message->last_error);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_selectable (ADW_ACTION_ROW (row), TRUE);

  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "caption");
  if (message->status == CUSTCARE_OUTBOX_FAILED)
    gtk_widget_add_css_class (status, "error");
  else if (message->status == CUSTCARE_OUTBOX_SENT)
    gtk_widget_add_css_class (status, "success");
  else
    gtk_widget_add_css_class (status, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);

  if (message->status == CUSTCARE_OUTBOX_FAILED || message->status == CUSTCARE_OUTBOX_QUEUED)
    {
      add_button (self, row, message->id, "view-refresh-symbolic", _("Retry Now"), G_CALLBACK (retry_clicked_cb));
      add_button (self, row, message->id, "user-trash-symbolic", _("Discard"), G_CALLBACK (discard_clicked_cb));
    }
  return row;
}

void
custcare_outbox_dialog_reload (CustcareOutboxDialog *self)
{
  g_autoptr (GPtrArray) messages = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (CUSTCARE_IS_OUTBOX_DIALOG (self));

  gtk_list_box_remove_all (self->list_box);
  messages = custcare_outbox_list (self->store, SHOWN_MESSAGES, &error);
  if (messages == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  for (guint i = 0; i < messages->len; i++)
    gtk_list_box_append (self->list_box, create_row (self, g_ptr_array_index (messages, i)));
  gtk_stack_set_visible_child_name (self->stack, messages->len > 0 ? "list" : "empty");
}

static void
message_changed_cb (CustcareOutboxDialog *self,
                    gint64                id)
{
  custcare_outbox_dialog_reload (self);
}

CustcareOutboxDialog *
custcare_outbox_dialog_new (CustcareStore *store)
{
  CustcareOutboxDialog *self;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_OUTBOX_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->worker = custcare_outbox_worker_get_for_store (store);
  if (self->worker != NULL)
    {
      g_object_ref (self->worker);
      g_signal_connect_object (self->worker, "message-changed", G_CALLBACK (message_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  custcare_outbox_dialog_reload (self);
  return self;
}

static void
custcare_outbox_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CUSTCARE_TYPE_OUTBOX_DIALOG);

  G_OBJECT_CLASS (custcare_outbox_dialog_parent_class)->dispose (object);
}

static void
custcare_outbox_dialog_finalize (GObject *object)
{
  CustcareOutboxDialog *self = CUSTCARE_OUTBOX_DIALOG (object);

  g_clear_object (&self->worker);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (custcare_outbox_dialog_parent_class)->finalize (object);
}

static void
custcare_outbox_dialog_class_init (CustcareOutboxDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_outbox_dialog_dispose;
  object_class->finalize = custcare_outbox_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-outbox-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareOutboxDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CustcareOutboxDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareOutboxDialog, list_box);
}

static void
custcare_outbox_dialog_init (CustcareOutboxDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
