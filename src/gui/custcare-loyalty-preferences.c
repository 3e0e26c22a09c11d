/* custcare-loyalty-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules live in the shop's database (settings and loyalty_tiers), so they travel with its
 * backups. Rates are saved as soon as a value changes; a tier is edited in a small dialog and
 * saved as a whole, because its name and threshold must stay unique and a half-typed threshold
 * would clash with another tier's.
 */
#define G_LOG_DOMAIN "custcare-loyalty"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "custcare-gui-util.h"
#include "custcare-loyalty-preferences.h"
#include "custcare-loyalty.h"
#include "custcare-money.h"

struct _CustcareLoyaltyPreferences
{
  AdwPreferencesPage  parent_instance;

  CustcareStore      *store;
  char               *currency;
  int                 digits;
  gboolean            loading;

  AdwSpinRow         *earn_points_row;
  AdwSpinRow         *earn_spend_row;
  AdwSpinRow         *redeem_points_row;
  AdwSpinRow         *redeem_value_row;
  AdwSpinRow         *expiry_row;
  GtkListBox         *tiers_list;
};

G_DEFINE_FINAL_TYPE (CustcareLoyaltyPreferences, custcare_loyalty_preferences, ADW_TYPE_PREFERENCES_PAGE)

static void reload_tiers (CustcareLoyaltyPreferences *self);

static void
show_error (CustcareLoyaltyPreferences *self,
            const char                 *message)
{
  if (!custcare_preferences_add_toast (GTK_WIDGET (self), message))
    g_warning ("%s", message);
}

static double
to_major (CustcareLoyaltyPreferences *self,
          gint64                      minor)
{
  return minor / pow (10, self->digits);
}

static gint64
to_minor (CustcareLoyaltyPreferences *self,
          double                      major)
{
  return (gint64) llround (major * pow (10, self->digits));
}

static void
setup_money_row (CustcareLoyaltyPreferences *self,
                 AdwSpinRow                 *row)
{
  GtkAdjustment *adjustment = adw_spin_row_get_adjustment (row);

  adw_spin_row_set_digits (row, self->digits);
  gtk_adjustment_set_lower (adjustment, 1 / pow (10, self->digits));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), self->currency);
}

static void
rule_changed_cb (CustcareLoyaltyPreferences *self)
{
  CustcareLoyaltyRules rules;
  g_autoptr (GError) error = NULL;

  if (self->loading)
    return;

  rules.earn_points = (gint64) adw_spin_row_get_value (self->earn_points_row);
  rules.earn_spend = MAX (to_minor (self, adw_spin_row_get_value (self->earn_spend_row)), 1);
  rules.redeem_points = (gint64) adw_spin_row_get_value (self->redeem_points_row);
  rules.redeem_value = MAX (to_minor (self, adw_spin_row_get_value (self->redeem_value_row)), 1);
  rules.expiry_months = (gint64) adw_spin_row_get_value (self->expiry_row);
  if (!custcare_loyalty_set_rules (self->store, &rules, &error))
    show_error (self, error->message);
}

/* ---- tiers ------------------------------------------------------------------------------- */

typedef struct
{
  CustcareLoyaltyPreferences *page;
  gint64                      tier_id;
  AdwEntryRow                *name_row;
  AdwSpinRow                 *spend_row;
  AdwSpinRow                 *multiplier_row;
} TierDialog;

static void
tier_dialog_free (TierDialog *dialog)
{
  g_clear_object (&dialog->page);
  g_free (dialog);
}

static void
tier_dialog_validate (AdwAlertDialog *alert)
{
  TierDialog *dialog = g_object_get_data (G_OBJECT (alert), "tier-dialog");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (dialog->name_row))));

  adw_alert_dialog_set_response_enabled (alert, "save", *name != '\0');
}

static void
tier_dialog_response_cb (AdwAlertDialog *alert,
                         const char     *response,
                         TierDialog     *dialog)
{
  CustcareLoyaltyPreferences *self = dialog->page;
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (!custcare_loyalty_save_tier (self->store, dialog->tier_id, gtk_editable_get_text (GTK_EDITABLE (dialog->name_row)),
                                   to_minor (self, adw_spin_row_get_value (dialog->spend_row)),
                                   (gint64) adw_spin_row_get_value (dialog->multiplier_row), NULL, &error))
    show_error (self, error->message);
  reload_tiers (self);
}

static void
present_tier_dialog (CustcareLoyaltyPreferences *self,
                     const CustcareLoyaltyTier  *tier)
{
  TierDialog *dialog = g_new0 (TierDialog, 1);
  AdwDialog *alert;
  GtkWidget *list;

  dialog->page = g_object_ref (self);
  dialog->tier_id = tier != NULL ? tier->id : 0;

  alert = adw_alert_dialog_new (tier != NULL ? _("Edit Tier") : _("Add Tier"), NULL);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (alert), "cancel", _("_Cancel"), "save", _("_Save"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (alert), "save", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (alert), "save");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (alert), "cancel");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  dialog->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->name_row), _("Name"));
  adw_entry_row_set_activates_default (dialog->name_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (dialog->name_row), tier != NULL ? tier->name : "");

  dialog->spend_row = ADW_SPIN_ROW (adw_spin_row_new_with_range (0, (double) CUSTCARE_MONEY_MAX / 100, 1));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->spend_row), _("From Spend Over 12 Months"));
  adw_spin_row_set_digits (dialog->spend_row, self->digits);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (dialog->spend_row), self->currency);
  adw_spin_row_set_value (dialog->spend_row, tier != NULL ? to_major (self, tier->min_spend) : 0);

  dialog->multiplier_row = ADW_SPIN_ROW (adw_spin_row_new_with_range (1, 10000, 5));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->multiplier_row), _("Points Multiplier"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (dialog->multiplier_row), _("Percent: 100 earns the normal rate, 150 one and a half times"));
  adw_spin_row_set_value (dialog->multiplier_row, tier != NULL ? tier->multiplier_pct : 100);

  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->name_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->spend_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->multiplier_row));
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (alert), list);

  g_object_set_data_full (G_OBJECT (alert), "tier-dialog", dialog, (GDestroyNotify) tier_dialog_free);
  g_signal_connect_object (dialog->name_row, "changed", G_CALLBACK (tier_dialog_validate), alert, G_CONNECT_SWAPPED);
  g_signal_connect (alert, "response", G_CALLBACK (tier_dialog_response_cb), dialog);
  tier_dialog_validate (ADW_ALERT_DIALOG (alert));

  adw_dialog_present (alert, GTK_WIDGET (self));
}

static void
tier_row_activated_cb (AdwActionRow               *row,
                       CustcareLoyaltyPreferences *self)
{
  present_tier_dialog (self, g_object_get_data (G_OBJECT (row), "tier"));
}

static void
remove_tier_clicked_cb (GtkButton                  *button,
                        CustcareLoyaltyPreferences *self)
{
  const CustcareLoyaltyTier *tier = g_object_get_data (G_OBJECT (button), "tier");
  g_autoptr (GError) error = NULL;

  if (!custcare_loyalty_delete_tier (self->store, tier->id, &error))
    show_error (self, error->message);
  reload_tiers (self);
}

static void
reload_tiers (CustcareLoyaltyPreferences *self)
{
  g_autoptr (GPtrArray) tiers = NULL;
  g_autoptr (GError) error = NULL;

  gtk_list_box_remove_all (self->tiers_list);
  tiers = custcare_loyalty_list_tiers (self->store, &error);
  if (tiers == NULL)
    {
      show_error (self, error->message);
      return;
    }

  for (guint i = 0; i < tiers->len; i++)
    {
      CustcareLoyaltyTier *tier = g_ptr_array_index (tiers, i);
      g_autofree char *spend = custcare_money_format (tier->min_spend, self->currency);
      g_autofree char *pct = g_strdup_printf ("%" G_GINT64_FORMAT, tier->multiplier_pct);
      g_autofree char *subtitle = g_strdup_printf (_("From %s · earns %s%%"), spend, pct);
      g_autofree char *remove_label = g_strdup_printf (_("Remove tier %s"), tier->name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      CustcareLoyaltyTier *copy = g_new0 (CustcareLoyaltyTier, 1);

      *copy = *tier;
      copy->name = g_strdup (tier->name);
      g_object_set_data_full (G_OBJECT (row), "tier", copy, (GDestroyNotify) custcare_loyalty_tier_free);
      g_object_set_data (G_OBJECT (remove), "tier", copy);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tier->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (tier_row_activated_cb), self, 0);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Tier"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_tier_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

      gtk_list_box_append (self->tiers_list, row);
    }
}

static void
add_tier_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  present_tier_dialog (CUSTCARE_LOYALTY_PREFERENCES (widget), NULL);
}

/* ---- the page ---------------------------------------------------------------------------- */

static void
custcare_loyalty_preferences_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CUSTCARE_TYPE_LOYALTY_PREFERENCES);

  G_OBJECT_CLASS (custcare_loyalty_preferences_parent_class)->dispose (object);
}

static void
custcare_loyalty_preferences_finalize (GObject *object)
{
  CustcareLoyaltyPreferences *self = CUSTCARE_LOYALTY_PREFERENCES (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (custcare_loyalty_preferences_parent_class)->finalize (object);
}

static void
custcare_loyalty_preferences_class_init (CustcareLoyaltyPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_loyalty_preferences_dispose;
  object_class->finalize = custcare_loyalty_preferences_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-loyalty-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPreferences, earn_points_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPreferences, earn_spend_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPreferences, redeem_points_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPreferences, redeem_value_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPreferences, expiry_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPreferences, tiers_list);

  gtk_widget_class_install_action (widget_class, "loyalty-preferences.add-tier", NULL, add_tier_action);
}

static void
custcare_loyalty_preferences_init (CustcareLoyaltyPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * custcare_loyalty_preferences_new:
 *
 * Returns: (transfer floating): the Loyalty page for the preferences dialog
 */
GtkWidget *
custcare_loyalty_preferences_new (CustcareStore *store)
{
  CustcareLoyaltyPreferences *self;
  CustcareLoyaltyRules rules;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_LOYALTY_PREFERENCES, NULL);
  self->store = g_object_ref (store);
  self->currency = custcare_money_dup_shop_currency (store);
  self->digits = custcare_money_currency_digits (self->currency);

  setup_money_row (self, self->earn_spend_row);
  setup_money_row (self, self->redeem_value_row);

  self->loading = TRUE;
  custcare_loyalty_get_rules (store, &rules);
  adw_spin_row_set_value (self->earn_points_row, rules.earn_points);
  adw_spin_row_set_value (self->earn_spend_row, to_major (self, rules.earn_spend));
  adw_spin_row_set_value (self->redeem_points_row, rules.redeem_points);
  adw_spin_row_set_value (self->redeem_value_row, to_major (self, rules.redeem_value));
  adw_spin_row_set_value (self->expiry_row, rules.expiry_months);
  self->loading = FALSE;

  g_signal_connect_object (self->earn_points_row, "notify::value", G_CALLBACK (rule_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->earn_spend_row, "notify::value", G_CALLBACK (rule_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->redeem_points_row, "notify::value", G_CALLBACK (rule_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->redeem_value_row, "notify::value", G_CALLBACK (rule_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->expiry_row, "notify::value", G_CALLBACK (rule_changed_cb), self, G_CONNECT_SWAPPED);

  reload_tiers (self);

  return GTK_WIDGET (self);
}
