/* custcare-order-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Undo of a status change: a change to an order's status is final for the rest of the shop the
 * moment it commits (loyalty points are earned, a "ready for pickup" email is queued), and the
 * pipeline only goes forwards, so undoing after the fact would need a compensating change that
 * the rules forbid (Completed → Ready) and would leave earned-then-revoked points and a sent
 * email behind. So the page shows the new status at once but holds the change back while the
 * undo toast is up; it is committed when the toast closes (timeout or dismissed), when another
 * status button is pressed, or when the page goes away. Undo simply drops the held change:
 * nothing was written, so nothing is lost or counted twice. The change is applied with the
 * status the user saw as its expected starting point, so a change made meanwhile elsewhere is
 * refused rather than overwritten.
 */
#define G_LOG_DOMAIN "custcare-orders"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-loyalty-redeem.h"
#include "custcare-loyalty.h"
#include "custcare-money.h"
#include "custcare-order-editor.h"
#include "custcare-order-page.h"
#include "custcare-order-print.h"
#include "custcare-order-row.h"
#include "custcare-window.h"

typedef struct
{
  CustcareOrderStatus from;
  CustcareOrderStatus to;
  gint64              refund;
  char               *note;
  AdwToast           *toast;
} PendingChange;

struct _CustcareOrderPage
{
  AdwBin               parent_instance;

  CustcareStore       *store;
  gint64               order_id;
  CustcareOrder       *order;
  PendingChange       *pending;
  GPtrArray           *item_rows;
  GPtrArray           *history_rows;

  AdwWindowTitle      *window_title;
  AdwActionRow        *status_row;
  GtkImage            *status_icon;
  AdwWrapBox          *actions_box;
  AdwPreferencesGroup *items_group;
  AdwPreferencesGroup *history_group;
  GtkWidget           *spend_points_button;
  GtkLabel            *subtotal_label;
  GtkWidget           *discount_row;
  GtkLabel            *discount_label;
  GtkLabel            *total_label;
  GtkWidget           *points_row;
  GtkLabel            *points_label;
  GtkWidget           *refunded_row;
  GtkLabel            *refunded_label;
  AdwActionRow        *customer_row;
  AdwActionRow        *placed_row;
  AdwActionRow        *method_row;
  AdwActionRow        *due_row;
  AdwActionRow        *carrier_row;
  AdwActionRow        *tracking_row;
  AdwActionRow        *notes_row;
};

G_DEFINE_FINAL_TYPE (CustcareOrderPage, custcare_order_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_ORDER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (CustcareOrderPage *self);

static void
pending_change_free (PendingChange *pending)
{
  g_free (pending->note);
  g_clear_object (&pending->toast);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PendingChange, pending_change_free)

static const char *
status_icon_name (CustcareOrderStatus status)
{
  switch (status)
    {
    case CUSTCARE_ORDER_STATUS_NEW: return "document-new-symbolic";
    case CUSTCARE_ORDER_STATUS_CONFIRMED: return "object-select-symbolic";
    case CUSTCARE_ORDER_STATUS_IN_PROGRESS: return "emblem-system-symbolic";
    case CUSTCARE_ORDER_STATUS_READY: return "package-x-generic-symbolic";
    case CUSTCARE_ORDER_STATUS_SHIPPED: return "mail-send-symbolic";
    case CUSTCARE_ORDER_STATUS_COMPLETED: return "emblem-ok-symbolic";
    case CUSTCARE_ORDER_STATUS_CANCELLED: return "process-stop-symbolic";
    case CUSTCARE_ORDER_STATUS_RETURNED: return "edit-undo-symbolic";
    default: return "package-x-generic-symbolic";
    }
}

static CustcareWindow *
get_window (CustcareOrderPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return CUSTCARE_IS_WINDOW (root) ? CUSTCARE_WINDOW (root) : NULL;
}

static void
show_toast (CustcareOrderPage *self,
            AdwToast          *toast)
{
  CustcareWindow *window = get_window (self);

  /* Takes @toast (transfer full), like adw_toast_overlay_add_toast(). */
  if (window != NULL)
    custcare_window_add_toast (window, toast);
  else
    g_object_unref (toast);
}

static void
show_error (CustcareOrderPage *self,
            const GError      *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  show_toast (self, toast);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
set_money (GtkLabel   *label,
           gint64      amount,
           const char *currency)
{
  g_autofree char *text = custcare_money_format (amount, currency);

  gtk_label_set_label (label, text);
}

static void
set_value (AdwActionRow *row,
           const char   *value)
{
  adw_action_row_set_subtitle (row, value);
  gtk_widget_set_visible (GTK_WIDGET (row), value != NULL && *value != '\0');
}

static void
status_button_clicked_cb (GtkButton         *button,
                          CustcareOrderPage *self)
{
  CustcareOrderStatus to = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "custcare-status"));

  gtk_widget_activate_action (GTK_WIDGET (self), "order.change-status", "u", to);
}

static void
fill_actions (CustcareOrderPage   *self,
              CustcareOrderStatus  status)
{
  CustcareOrderStatus next[CUSTCARE_ORDER_N_STATUSES];
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->actions_box))) != NULL)
    adw_wrap_box_remove (self->actions_box, child);

  /* The buttons wrap onto more lines in a narrow window rather than widen it. */
  n = custcare_order_status_next (status, next);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (custcare_order_status_get_action_label (next[i]));

      g_object_set_data (G_OBJECT (button), "custcare-status", GUINT_TO_POINTER (next[i]));
      if (next[i] == CUSTCARE_ORDER_STATUS_CANCELLED)
        gtk_widget_add_css_class (button, "destructive-action");
      else if (i == 0 && next[i] != CUSTCARE_ORDER_STATUS_RETURNED)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "pill");
      g_signal_connect_object (button, "clicked", G_CALLBACK (status_button_clicked_cb), self, 0);
      adw_wrap_box_append (self->actions_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), n > 0);
}

static char *
describe_history (const CustcareOrderHistoryEntry *entry,
                  const char                      *currency)
{
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_local (entry->changed_at);
  g_autofree char *when = g_date_time_format (dt, "%x %R");
  GString *text = g_string_new (when);

  if (entry->refund > 0)
    {
      g_autofree char *refund = custcare_money_format (entry->refund, currency);
      /* Translators: %s is an amount of money */
      g_string_append (text, " · ");
      g_string_append_printf (text, _("Refunded %s"), refund);
    }
  if (entry->note != NULL && *entry->note != '\0')
    {
      g_string_append (text, " · ");
      g_string_append (text, entry->note);
    }
  return g_string_free (text, FALSE);
}

static void
fill_history (CustcareOrderPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) history = custcare_orders_list_history (self->store, self->order_id, &error);
  const char *currency = custcare_order_get_currency (self->order);

  clear_rows (self->history_group, self->history_rows);
  if (history == NULL)
    {
      g_warning ("Could not read the history of order %" G_GINT64_FORMAT ": %s", self->order_id, error->message);
      return;
    }

  if (self->pending != NULL)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (status_icon_name (self->pending->to));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), custcare_order_status_get_label (self->pending->to));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Saved when the undo message closes"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }

  for (guint i = history->len; i > 0; i--)
    {
      CustcareOrderHistoryEntry *entry = g_ptr_array_index (history, i - 1);
      CustcareOrderStatus to = CUSTCARE_ORDER_STATUS_NEW;
      g_autofree char *subtitle = describe_history (entry, currency);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon;

      custcare_order_status_from_string (entry->to_status, &to);
      icon = gtk_image_new_from_icon_name (status_icon_name (to));
      gtk_widget_add_css_class (icon, custcare_order_status_style_class (to));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     entry->from_status == NULL ? _("Order taken") : custcare_order_status_get_label (to));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->history_group, row);
      g_ptr_array_add (self->history_rows, row);
    }
}

static void
fill_items (CustcareOrderPage *self)
{
  GPtrArray *lines = custcare_order_get_lines (self->order);
  const char *currency = custcare_order_get_currency (self->order);

  clear_rows (self->items_group, self->item_rows);
  for (guint i = 0; i < lines->len; i++)
    {
      CustcareOrderLine *line = g_ptr_array_index (lines, i);
      g_autofree char *unit = custcare_money_format (line->unit_price, currency);
      g_autofree char *subtitle = NULL;
      g_autofree char *quantity = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *amount_label;
      gint64 amount = 0;

      custcare_order_line_get_amount (line, &amount);
      /* Translators: quantity × unit price, e.g. "3 × €2.50" */
      quantity = g_strdup_printf ("%'" G_GINT64_FORMAT, line->quantity);
      subtitle = g_strdup_printf (_("%s × %s"), quantity, unit);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->description);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      amount_label = gtk_label_new (NULL);
      gtk_widget_add_css_class (amount_label, "numeric");
      set_money (GTK_LABEL (amount_label), amount, currency);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount_label);
      adw_preferences_group_add (self->items_group, row);
      g_ptr_array_add (self->item_rows, row);
    }
}

static void
refresh (CustcareOrderPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareOrder) order = NULL;
  g_autofree char *placed = NULL;
  g_autofree char *due = NULL;
  g_autofree char *due_text = NULL;
  const char *currency;
  CustcareOrderStatus status;
  gint64 now;

  if (self->store == NULL || self->order_id == 0)
    return;

  order = custcare_orders_get (self->store, self->order_id, &error);
  if (order == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Order Not Found"));
      adw_window_title_set_subtitle (self->window_title, error->message);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.edit", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.print", FALSE);
      return;
    }
  g_set_object (&self->order, order);

  currency = custcare_order_get_currency (order);
  status = self->pending != NULL ? self->pending->to : custcare_order_get_status (order);
  now = g_get_real_time () / G_USEC_PER_SEC;

  adw_window_title_set_title (self->window_title, custcare_order_get_number (order));
  adw_window_title_set_subtitle (self->window_title, custcare_order_get_customer_name (order));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), custcare_order_status_get_label (status));
  gtk_image_set_from_icon_name (self->status_icon, status_icon_name (status));
  due = custcare_order_format_date (custcare_order_get_due_at (order));
  if (custcare_order_get_due_at (order) != 0 && custcare_order_get_due_at (order) < now &&
      custcare_order_status_is_open (status))
    {
      /* Translators: %s is a date */
      due_text = g_strdup_printf (_("Overdue since %s"), due);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_row), "error");
      gtk_image_set_from_icon_name (self->status_icon, "alarm-symbolic");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_row), "error");
      if (custcare_order_get_due_at (order) != 0 && custcare_order_status_is_open (status))
        /* Translators: %s is a date */
        due_text = g_strdup_printf (_("Due %s"), due);
    }
  adw_action_row_set_subtitle (self->status_row, due_text != NULL ? due_text : "");
  fill_actions (self, status);

  fill_items (self);
  set_money (self->subtotal_label, custcare_order_get_subtotal (order), currency);
  set_money (self->discount_label, -custcare_order_get_discount (order), currency);
  gtk_widget_set_visible (self->discount_row, custcare_order_get_discount (order) > 0);
  set_money (self->total_label, custcare_order_get_total (order), currency);
  set_money (self->points_label, custcare_order_get_points_value (order), currency);
  gtk_widget_set_visible (self->points_row, custcare_order_get_points_value (order) > 0);
  set_money (self->refunded_label, custcare_order_get_refunded (order), currency);
  gtk_widget_set_visible (self->refunded_row, custcare_order_get_refunded (order) > 0);
  {
    gint64 redeemable = 0;

    /* Points can be spent while the order is still open and the customer has some to spend. */
    if (!custcare_order_status_is_open (status) ||
        !custcare_loyalty_get_redeemable (self->store, self->order_id, &redeemable, NULL))
      redeemable = 0;
    gtk_widget_set_visible (self->spend_points_button, redeemable > 0);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.spend-points", redeemable > 0);
  }

  placed = custcare_order_format_date (custcare_order_get_placed_at (order));
  set_value (self->customer_row, custcare_order_get_customer_name (order));
  set_value (self->placed_row, placed);
  set_value (self->method_row, custcare_fulfilment_get_label (custcare_order_get_fulfilment (order)));
  set_value (self->due_row, due);
  set_value (self->carrier_row, custcare_order_get_carrier (order));
  set_value (self->tracking_row, custcare_order_get_tracking_number (order));
  set_value (self->notes_row, custcare_order_get_notes (order));

  fill_history (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.undo-status", self->pending != NULL);
}

/* Pending status changes */

static void toast_dismissed_cb (AdwToast          *toast,
                                CustcareOrderPage *self);

static void
release_toast (CustcareOrderPage *self,
               PendingChange     *pending)
{
  if (pending->toast == NULL)
    return;
  g_signal_handlers_disconnect_by_data (pending->toast, self);
  adw_toast_dismiss (pending->toast);
}

/**
 * custcare_order_page_commit_pending:
 *
 * Returns: %FALSE if a held change could not be saved (the user was told why)
 */
gboolean
custcare_order_page_commit_pending (CustcareOrderPage *self)
{
  g_autoptr (PendingChange) pending = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (CUSTCARE_IS_ORDER_PAGE (self), FALSE);

  if (self->pending == NULL)
    return TRUE;

  pending = g_steal_pointer (&self->pending);
  release_toast (self, pending);
  ok = custcare_orders_change_status (self->store, self->order_id, pending->from, pending->to, pending->refund,
                                      pending->note, &error);
  if (!ok)
    show_error (self, error);
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    refresh (self);
  return ok;
}

static void
undo_status_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CustcareOrderPage *self = CUSTCARE_ORDER_PAGE (widget);
  g_autoptr (PendingChange) pending = g_steal_pointer (&self->pending);

  if (pending == NULL)
    return;
  release_toast (self, pending);
  refresh (self);
}

static void
toast_button_clicked_cb (AdwToast          *toast,
                         CustcareOrderPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "order.undo-status", NULL);
}

static void
toast_dismissed_cb (AdwToast          *toast,
                    CustcareOrderPage *self)
{
  if (self->pending != NULL && self->pending->toast == toast)
    custcare_order_page_commit_pending (self);
}

static void
hold_change (CustcareOrderPage   *self,
             CustcareOrderStatus  to,
             gint64               refund,
             const char          *note)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  PendingChange *pending;

  /* Only one change is held at a time: the one before becomes final. */
  if (!custcare_order_page_commit_pending (self))
    return;
  if (self->order == NULL)
    return;
  if (!custcare_order_status_check_change (custcare_order_get_status (self->order), to, &error))
    {
      show_error (self, error);
      return;
    }

  pending = g_new0 (PendingChange, 1);
  pending->from = custcare_order_get_status (self->order);
  pending->to = to;
  pending->refund = refund;
  pending->note = g_strdup (note);
  /* Translators: "ORD-00012 is now Ready for pickup" */
  title = g_strdup_printf (_("%s is now %s"), custcare_order_get_number (self->order), custcare_order_status_get_label (to));
  pending->toast = adw_toast_new (title);
  adw_toast_set_button_label (pending->toast, _("_Undo"));
  adw_toast_set_timeout (pending->toast, 5);
  g_signal_connect_object (pending->toast, "button-clicked", G_CALLBACK (toast_button_clicked_cb), self, 0);
  g_signal_connect_object (pending->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  self->pending = pending;

  refresh (self);
  show_toast (self, g_object_ref (pending->toast));
}

static void
return_response_cb (AdwAlertDialog    *dialog,
                    GAsyncResult      *result,
                    CustcareOrderPage *self)
{
  const char *response = adw_alert_dialog_choose_finish (dialog, result);
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "custcare-refund-entry");
  GtkEditable *note = g_object_get_data (G_OBJECT (dialog), "custcare-note-entry");
  g_autoptr (GError) error = NULL;
  gint64 refund = 0;

  if (g_strcmp0 (response, "return") != 0 || self->order == NULL)
    goto out;
  if (!custcare_money_parse (gtk_editable_get_text (entry), custcare_order_get_currency (self->order), &refund, &error))
    {
      show_error (self, error);
      goto out;
    }
  if (refund < 0 || refund > custcare_order_get_refundable (self->order))
    {
      g_autofree char *max = custcare_money_format (custcare_order_get_refundable (self->order),
                                                    custcare_order_get_currency (self->order));
      g_autoptr (GError) refund_error = g_error_new (CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_REFUND,
                                                     _("At most %s can be refunded for this order."), max);
      show_error (self, refund_error);
      goto out;
    }
  hold_change (self, CUSTCARE_ORDER_STATUS_RETURNED, refund, gtk_editable_get_text (note));

out:
  g_object_unref (self);
}

static void
ask_return (CustcareOrderPage *self)
{
  AdwDialog *dialog;
  GtkWidget *box, *amount, *note;
  g_autofree char *refundable = custcare_money_format_plain (custcare_order_get_refundable (self->order),
                                                             custcare_order_get_currency (self->order));
  g_autofree char *paid = custcare_money_format (custcare_order_get_refundable (self->order),
                                                 custcare_order_get_currency (self->order));
  g_autofree char *body = g_strdup_printf (_("How much money goes back to the customer? At most %s, what they paid "
                                             "and have not had back yet."), paid);

  dialog = adw_alert_dialog_new (_("Return Order?"), body);
  box = gtk_list_box_new ();
  gtk_widget_add_css_class (box, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  amount = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (amount), _("Refund"));
  gtk_editable_set_text (GTK_EDITABLE (amount), refundable);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (amount), TRUE);
  note = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (note), _("Reason"));
  gtk_list_box_append (GTK_LIST_BOX (box), amount);
  gtk_list_box_append (GTK_LIST_BOX (box), note);
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "custcare-refund-entry", amount);
  g_object_set_data (G_OBJECT (dialog), "custcare-note-entry", note);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "return", _("_Return"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "return", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "return");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_choose (ADW_ALERT_DIALOG (dialog), GTK_WIDGET (self), NULL,
                           (GAsyncReadyCallback) return_response_cb, g_object_ref (self));
}

static void
cancel_response_cb (AdwAlertDialog    *dialog,
                    GAsyncResult      *result,
                    CustcareOrderPage *self)
{
  const char *response = adw_alert_dialog_choose_finish (dialog, result);

  if (g_strcmp0 (response, "cancel-order") == 0)
    hold_change (self, CUSTCARE_ORDER_STATUS_CANCELLED, 0, NULL);
  g_object_unref (self);
}

static void
ask_cancel (CustcareOrderPage *self)
{
  AdwDialog *dialog;
  g_autofree char *heading = g_strdup_printf (_("Cancel Order %s?"), custcare_order_get_number (self->order));

  dialog = adw_alert_dialog_new (heading, _("The order leaves the pipeline for good. Points spent on it go back to "
                                            "the customer."));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "keep", _("_Keep Order"), "cancel-order",
                                  _("C_ancel Order"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "cancel-order", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "keep");
  adw_alert_dialog_choose (ADW_ALERT_DIALOG (dialog), GTK_WIDGET (self), NULL,
                           (GAsyncReadyCallback) cancel_response_cb, g_object_ref (self));
}

static void
change_status_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CustcareOrderPage *self = CUSTCARE_ORDER_PAGE (widget);
  CustcareOrderStatus to = g_variant_get_uint32 (parameter);

  if (self->order == NULL || to >= CUSTCARE_ORDER_N_STATUSES)
    return;

  /* Make any held change final first, so the dialogs below see the real status. */
  if (!custcare_order_page_commit_pending (self))
    return;

  if (to == CUSTCARE_ORDER_STATUS_RETURNED)
    ask_return (self);
  else if (to == CUSTCARE_ORDER_STATUS_CANCELLED)
    ask_cancel (self);
  else
    hold_change (self, to, 0, NULL);
}

static void
editor_saved_cb (CustcareOrderEditor *editor,
                 gint64               order_id,
                 CustcareOrderPage   *self)
{
  refresh (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CustcareOrderPage *self = CUSTCARE_ORDER_PAGE (widget);
  AdwDialog *editor;

  if (self->order == NULL || !custcare_order_page_commit_pending (self))
    return;
  editor = custcare_order_editor_new (self->store, self->order, 0);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  adw_dialog_present (editor, widget);
}

static void
points_redeemed_cb (gint64   order_id,
                    gint64   points,
                    gpointer user_data)
{
  CustcareOrderPage *self = user_data;

  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    refresh (self);
}

static void
spend_points_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CustcareOrderPage *self = CUSTCARE_ORDER_PAGE (widget);

  if (self->order == NULL || !custcare_order_page_commit_pending (self))
    return;
  custcare_loyalty_redeem_dialog_present (self->store, self->order_id, widget, points_redeemed_cb,
                                          g_object_ref (self), g_object_unref);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CustcareOrderPage *self = CUSTCARE_ORDER_PAGE (widget);
  g_autoptr (GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!custcare_order_page_commit_pending (self))
    return;
  if (!custcare_order_print_slip (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store, self->order_id,
                                  NULL, &error))
    show_error (self, error);
}

GtkWidget *
custcare_order_page_new (CustcareStore *store,
                         gint64         order_id)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  return g_object_new (CUSTCARE_TYPE_ORDER_PAGE, "store", store, "order-id", order_id, NULL);
}

gint64
custcare_order_page_get_order_id (CustcareOrderPage *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDER_PAGE (self), 0);
  return self->order_id;
}

CustcareOrder *
custcare_order_page_get_order (CustcareOrderPage *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDER_PAGE (self), NULL);
  return self->order;
}

void
custcare_order_page_show (GtkWidget     *widget,
                          CustcareStore *store,
                          gint64         order_id)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *page;
  CustcareOrderPage *current;

  g_return_if_fail (CUSTCARE_IS_STORE (store));

  if (!CUSTCARE_IS_WINDOW (root))
    return;

  /* Leaving an order makes its held status change final (dispose does it too; doing it here
   * first means the list the user goes back to already shows it). */
  current = CUSTCARE_IS_ORDER_PAGE (custcare_window_get_detail (CUSTCARE_WINDOW (root)))
              ? CUSTCARE_ORDER_PAGE (custcare_window_get_detail (CUSTCARE_WINDOW (root))) : NULL;
  if (current != NULL)
    custcare_order_page_commit_pending (current);

  page = custcare_order_page_new (store, order_id);
  custcare_window_show_detail (CUSTCARE_WINDOW (root), page,
                               CUSTCARE_ORDER_PAGE (page)->order != NULL
                                 ? custcare_order_get_number (CUSTCARE_ORDER_PAGE (page)->order) : _("Order"));
}

static void
custcare_order_page_constructed (GObject *object)
{
  CustcareOrderPage *self = CUSTCARE_ORDER_PAGE (object);

  G_OBJECT_CLASS (custcare_order_page_parent_class)->constructed (object);

  refresh (self);
}

static void
custcare_order_page_dispose (GObject *object)
{
  CustcareOrderPage *self = CUSTCARE_ORDER_PAGE (object);

  /* Closing the page or the window must not lose a change the user made. */
  if (self->pending != NULL && self->store != NULL)
    custcare_order_page_commit_pending (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_ORDER_PAGE);
  g_clear_object (&self->order);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (custcare_order_page_parent_class)->dispose (object);
}

static void
custcare_order_page_finalize (GObject *object)
{
  CustcareOrderPage *self = CUSTCARE_ORDER_PAGE (object);

  g_ptr_array_unref (self->item_rows);
  g_ptr_array_unref (self->history_rows);

  G_OBJECT_CLASS (custcare_order_page_parent_class)->finalize (object);
}

static void
custcare_order_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CustcareOrderPage *self = CUSTCARE_ORDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_ORDER_ID: g_value_set_int64 (value, self->order_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_order_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CustcareOrderPage *self = CUSTCARE_ORDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_ORDER_ID: self->order_id = g_value_get_int64 (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_order_page_class_init (CustcareOrderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = custcare_order_page_constructed;
  object_class->dispose = custcare_order_page_dispose;
  object_class->finalize = custcare_order_page_finalize;
  object_class->get_property = custcare_order_page_get_property;
  object_class->set_property = custcare_order_page_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, CUSTCARE_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER_ID] = g_param_spec_int64 ("order-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-order-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, items_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, spend_points_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, subtotal_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, discount_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, discount_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, points_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, points_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, refunded_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, refunded_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, placed_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, method_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, due_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, carrier_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, tracking_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderPage, notes_row);

  gtk_widget_class_install_action (widget_class, "order.change-status", "u", change_status_action);
  gtk_widget_class_install_action (widget_class, "order.undo-status", NULL, undo_status_action);
  gtk_widget_class_install_action (widget_class, "order.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "order.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "order.spend-points", NULL, spend_points_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "order.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "order.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "order.undo-status", NULL);
}

static void
custcare_order_page_init (CustcareOrderPage *self)
{
  self->item_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
