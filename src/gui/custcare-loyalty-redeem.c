/* custcare-loyalty-redeem.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small alert dialog rather than a widget of its own: one number, its value in money, and the
 * most that can be spent, which the core works out (balance without lapsed points, capped by what
 * is left to pay) so the dialog never offers what the core would refuse.
 */
#define G_LOG_DOMAIN "custcare-loyalty"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-loyalty-redeem.h"
#include "custcare-loyalty.h"
#include "custcare-money.h"
#include "custcare-window.h"

typedef struct
{
  CustcareStore           *store;
  gint64                   order_id;
  gint64                   most;
  CustcareLoyaltyRules     rules;
  char                    *currency;
  AdwSpinRow              *points_row;
  GWeakRef                 parent;
  CustcareLoyaltyRedeemed  redeemed;
  gpointer                 user_data;
  GDestroyNotify           destroy;
} RedeemDialog;

static void
redeem_dialog_free (RedeemDialog *self)
{
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_clear_object (&self->store);
  g_weak_ref_clear (&self->parent);
  g_free (self->currency);
  g_free (self);
}

static void
show_toast (GtkWidget  *widget,
            const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else if (CUSTCARE_IS_WINDOW (root))
    custcare_window_add_toast (CUSTCARE_WINDOW (root), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
points_changed_cb (AdwAlertDialog *alert)
{
  RedeemDialog *self = g_object_get_data (G_OBJECT (alert), "redeem-dialog");
  gint64 points = (gint64) adw_spin_row_get_value (self->points_row);
  gint64 value = custcare_loyalty_points_value (&self->rules, points);
  g_autofree char *money = custcare_money_format (value, self->currency);
  g_autofree char *worth = g_strdup_printf (_("Worth %s"), money);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->points_row), worth);
  adw_alert_dialog_set_response_enabled (alert, "spend", value > 0 && points <= self->most);
}

static void
response_cb (AdwAlertDialog *alert,
             const char     *response,
             RedeemDialog   *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkWidget) parent = g_weak_ref_get (&self->parent);
  gint64 points = (gint64) adw_spin_row_get_value (self->points_row);

  if (g_strcmp0 (response, "spend") != 0)
    return;
  if (!custcare_loyalty_redeem_on_order (self->store, self->order_id, points, &error))
    {
      if (parent != NULL)
        show_toast (parent, error->message);
      return;
    }
  if (self->redeemed != NULL)
    self->redeemed (self->order_id, points, self->user_data);
}

/**
 * custcare_loyalty_redeem_dialog_present:
 * @redeemed: (nullable): called after the points were spent
 *
 * Asks how many of the customer's points to spend on @order_id and spends them. Errors (the order
 * changed meanwhile, say) are shown as a toast on @parent's window.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL if the order could not be read
 */
AdwDialog *
custcare_loyalty_redeem_dialog_present (CustcareStore           *store,
                                        gint64                   order_id,
                                        GtkWidget               *parent,
                                        CustcareLoyaltyRedeemed  redeemed,
                                        gpointer                 user_data,
                                        GDestroyNotify           destroy)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *most_money = NULL;
  g_autofree char *body = NULL;
  RedeemDialog *self;
  AdwDialog *alert;
  GtkWidget *list;
  gint64 most = 0;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);

  if (!custcare_loyalty_get_redeemable (store, order_id, &most, &error))
    {
      show_toast (parent, error->message);
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }

  self = g_new0 (RedeemDialog, 1);
  self->store = g_object_ref (store);
  self->order_id = order_id;
  self->most = most;
  g_weak_ref_init (&self->parent, parent);
  self->currency = custcare_money_dup_shop_currency (store);
  self->redeemed = redeemed;
  self->user_data = user_data;
  self->destroy = destroy;
  custcare_loyalty_get_rules (store, &self->rules);

  most_money = custcare_money_format (custcare_loyalty_points_value (&self->rules, most), self->currency);
  if (most > 0)
    {
      g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, most);

      body = g_strdup_printf (ngettext ("Up to %s point, worth %s, can be spent on this order.",
                                        "Up to %s points, worth %s, can be spent on this order.",
                                        (gulong) most),
                              number, most_money);
    }
  else
    body = g_strdup (_("No points can be spent on this order: the customer has none to spend, or nothing is left to pay."));

  alert = adw_alert_dialog_new (_("Spend Points"), body);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (alert), "cancel", _("_Cancel"), "spend", _("_Spend"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (alert), "spend", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (alert), "spend");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (alert), "cancel");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  self->points_row = ADW_SPIN_ROW (adw_spin_row_new_with_range (0, MAX (most, 0), 1));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->points_row), _("Points to Spend"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->points_row));
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (alert), list);

  g_object_set_data_full (G_OBJECT (alert), "redeem-dialog", self, (GDestroyNotify) redeem_dialog_free);
  g_signal_connect_object (self->points_row, "notify::value", G_CALLBACK (points_changed_cb), alert, G_CONNECT_SWAPPED);
  g_signal_connect (alert, "response", G_CALLBACK (response_cb), self);

  /* Offer everything that can be spent; the owner lowers it if the customer wants to keep some. */
  adw_spin_row_set_value (self->points_row, most);
  points_changed_cb (ADW_ALERT_DIALOG (alert));

  adw_dialog_set_focus (alert, GTK_WIDGET (self->points_row));
  adw_dialog_present (alert, parent);
  return alert;
}
