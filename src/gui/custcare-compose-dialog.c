/* custcare-compose-dialog.c — write an email to a customer from a template, and queue it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sending only queues: the dialog closes at once and the mail worker does the network part.
 */
#define G_LOG_DOMAIN "custcare-compose-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-compose-dialog.h"
#include "custcare-outbox-worker.h"
#include "custcare-outbox.h"
#include "custcare-templates.h"

struct _CustcareComposeDialog
{
  AdwDialog      parent_instance;

  CustcareStore *store;
  gint64         customer_id;
  gint64         order_id;
  /* The templates offered: without an order, only those that do not speak of one. */
  GPtrArray     *template_ids;

  AdwBanner     *refusal_banner;
  AdwActionRow  *to_row;
  AdwComboRow   *template_row;
  AdwEntryRow   *subject_row;
  GtkTextView   *body_view;
  GtkButton     *send_button;
};

enum
{
  MESSAGE_QUEUED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CustcareComposeDialog, custcare_compose_dialog, ADW_TYPE_DIALOG)

static const char *
selected_template (CustcareComposeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->template_row);

  return self->template_ids != NULL && selected < self->template_ids->len ? g_ptr_array_index (self->template_ids, selected)
                                                                          : NULL;
}

/* Says up front when the customer may not get this kind of message, instead of failing on Send. */
static void
check_consent (CustcareComposeDialog *self)
{
  const char *id = selected_template (self);
  g_autoptr (GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *name = NULL;
  gboolean allowed;

  allowed = custcare_outbox_check_consent (self->store, self->customer_id,
                                           id ? custcare_templates_is_marketing (id) : TRUE, &error) &&
            custcare_outbox_get_recipient (self->store, self->customer_id, &address, &name, &error);
  adw_banner_set_title (self->refusal_banner, allowed ? "" : error->message);
  adw_banner_set_revealed (self->refusal_banner, !allowed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), allowed);
}

static void
template_selected_cb (CustcareComposeDialog *self)
{
  const char *id = selected_template (self);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autoptr (GError) error = NULL;

  if (self->store == NULL || id == NULL)
    return;
  if (!custcare_templates_render (self->store, id, self->customer_id, self->order_id, &subject, &body, &error))
    {
      adw_banner_set_title (self->refusal_banner, error->message);
      adw_banner_set_revealed (self->refusal_banner, TRUE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), body, -1);
  check_consent (self);
}

gint64
custcare_compose_dialog_send (CustcareComposeDialog  *self,
                              GError                **error)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *body = NULL;
  g_autofree char *subject = NULL;
  CustcareOutboxWorker *worker;
  gint64 id;

  g_return_val_if_fail (CUSTCARE_IS_COMPOSE_DIALOG (self), 0);

  buffer = gtk_text_view_get_buffer (self->body_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  subject = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_row))));

  id = custcare_outbox_queue (self->store, self->customer_id, self->order_id, selected_template (self), FALSE,
                              subject, body, error);
  if (id == 0)
    return 0;

  worker = custcare_outbox_worker_get_for_store (self->store);
  if (worker != NULL)
    custcare_outbox_worker_wake (worker);
  g_signal_emit (self, signals[MESSAGE_QUEUED], 0, id);
  return id;
}

static void
send_clicked_cb (CustcareComposeDialog *self)
{
  g_autoptr (GError) error = NULL;

  if (custcare_compose_dialog_send (self, &error) == 0)
    {
      adw_banner_set_title (self->refusal_banner, error->message);
      adw_banner_set_revealed (self->refusal_banner, TRUE);
      return;
    }
  adw_dialog_close (ADW_DIALOG (self));
}

CustcareComposeDialog *
custcare_compose_dialog_new (CustcareStore *store,
                             gint64         customer_id,
                             gint64         order_id,
                             const char    *template_id)
{
  CustcareComposeDialog *self;
  const char * const *ids = custcare_templates_list_ids ();
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *address = NULL;
  g_autofree char *name = NULL;
  guint selected = 0;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_COMPOSE_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->customer_id = customer_id;
  self->order_id = order_id;

  if (template_id == NULL)
    template_id = order_id > 0 ? CUSTCARE_TEMPLATE_ORDER_CONFIRMED : CUSTCARE_TEMPLATE_FOLLOW_UP;
  self->template_ids = g_ptr_array_new ();
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (order_id <= 0 && custcare_templates_get_trigger_status (ids[i]) != NULL)
        continue;
      if (g_strcmp0 (ids[i], template_id) == 0)
        selected = self->template_ids->len;
      g_ptr_array_add (self->template_ids, (gpointer) ids[i]);
      gtk_string_list_append (labels, custcare_templates_get_label (ids[i]));
    }

  if (custcare_outbox_get_recipient (store, customer_id, &address, &name, NULL))
    {
      g_autofree char *to = *name ? g_strdup_printf ("%s <%s>", name, address) : g_strdup (address);

      adw_action_row_set_subtitle (self->to_row, to);
    }
  else
    adw_action_row_set_subtitle (self->to_row, _("No email address"));

  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->template_row, selected);
  /* Selecting the first entry emits nothing: fill in explicitly. */
  template_selected_cb (self);

  return self;
}

static void
custcare_compose_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CUSTCARE_TYPE_COMPOSE_DIALOG);

  G_OBJECT_CLASS (custcare_compose_dialog_parent_class)->dispose (object);
}

static void
custcare_compose_dialog_finalize (GObject *object)
{
  CustcareComposeDialog *self = CUSTCARE_COMPOSE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->template_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (custcare_compose_dialog_parent_class)->finalize (object);
}

static void
custcare_compose_dialog_class_init (CustcareComposeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_compose_dialog_dispose;
  object_class->finalize = custcare_compose_dialog_finalize;

  /**
   * CustcareComposeDialog::message-queued:
   * @id: the outbox id
   *
   * The message is in the outbox; the caller may show a toast.
   */
  signals[MESSAGE_QUEUED] = g_signal_new ("message-queued", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-compose-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareComposeDialog, refusal_banner);
  gtk_widget_class_bind_template_child (widget_class, CustcareComposeDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareComposeDialog, template_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareComposeDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareComposeDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, CustcareComposeDialog, send_button);
  gtk_widget_class_bind_template_callback (widget_class, template_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
}

static void
custcare_compose_dialog_init (CustcareComposeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
