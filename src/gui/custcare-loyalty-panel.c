/* custcare-loyalty-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Loyalty section of a customer's page. Everything shown comes from one summary query and the
 * customer's ledger, both indexed per customer, so a reload stays well within a frame. The ledger
 * is append-only, so "undo" of an adjustment is a second, opposite adjustment that names the first.
 */
#define G_LOG_DOMAIN "custcare-loyalty"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-application.h"
#include "custcare-customer-page.h"
#include "custcare-gui-util.h"
#include "custcare-loyalty-panel.h"
#include "custcare-loyalty.h"
#include "custcare-money.h"
#include "custcare-window.h"

/* Points lapsing within this long are shown as expiring soon. */
#define EXPIRING_SOON (30 * 24 * 60 * 60)

struct _CustcareLoyaltyPanel
{
  AdwBin          parent_instance;

  CustcareStore  *store;
  gint64          customer_id;
  gint64          balance;

  AdwActionRow   *balance_row;
  GtkLabel       *balance_label;
  AdwActionRow   *tier_row;
  GtkLabel       *tier_label;
  AdwActionRow   *expiring_row;
  GtkLabel       *expiring_label;
  AdwActionRow   *owed_row;
  GtkLabel       *owed_label;
  GtkListBox     *ledger_list;
};

G_DEFINE_FINAL_TYPE (CustcareLoyaltyPanel, custcare_loyalty_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CUSTOMER_ID,
  N_PROPS
};

enum {
  POINTS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
format_points (gint64 points)
{
  g_autofree char *number = g_strdup_printf ("%'" G_GINT64_FORMAT, points);

  /* The number goes in as text: xgettext cannot see through G_GINT64_FORMAT. */
  return g_strdup_printf (ngettext ("%s point", "%s points", (gulong) ABS (points)), number);
}

static char *
format_date (gint64 when)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (when);
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%x") : g_strdup ("");
}

static char *
format_money (CustcareLoyaltyPanel *self,
              gint64                minor)
{
  g_autofree char *currency = custcare_money_dup_shop_currency (self->store);

  return custcare_money_format (minor, currency);
}

static void
show_toast (CustcareLoyaltyPanel *self,
            AdwToast             *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else if (CUSTCARE_IS_WINDOW (root))
    custcare_window_add_toast (CUSTCARE_WINDOW (root), toast);
  else
    {
      g_message ("%s", adw_toast_get_title (toast));
      g_object_unref (g_object_ref_sink (toast));
    }
}

static const char *
kind_title (const char *kind)
{
  if (g_strcmp0 (kind, "earn") == 0)
    return _("Earned");
  if (g_strcmp0 (kind, "redeem") == 0)
    return _("Spent");
  if (g_strcmp0 (kind, "refund") == 0)
    return _("Taken back");
  if (g_strcmp0 (kind, "restore") == 0)
    return _("Given back");
  if (g_strcmp0 (kind, "expire") == 0)
    return _("Expired");
  if (g_strcmp0 (kind, "adjust") == 0)
    return _("Adjusted");
  return _("Opening balance");
}

static GtkWidget *
create_entry_row (const CustcareLoyaltyEntry *entry)
{
  g_autofree char *when = format_date (entry->created_at);
  g_autofree char *amount = g_strdup_printf ("%s%'" G_GINT64_FORMAT, entry->delta > 0 ? "+" : "−", ABS (entry->delta));
  g_autoptr (GString) subtitle = g_string_new (when);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (amount);

  /* Most reasons already name their order; say it only when they do not. */
  if (entry->order_number != NULL && (entry->reason == NULL || strstr (entry->reason, entry->order_number) == NULL))
    g_string_append_printf (subtitle, " · %s", entry->order_number);
  if (entry->expires_at > 0)
    {
      g_autofree char *expiry = format_date (entry->expires_at);

      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("expires %s"), expiry);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 entry->reason != NULL && *entry->reason != '\0' ? entry->reason
                                                                                 : kind_title (entry->kind));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_widget_set_tooltip_text (row, kind_title (entry->kind));

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, entry->delta > 0 ? "success" : "error");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

/**
 * custcare_loyalty_panel_reload:
 *
 * Reads the customer's points again, after something outside the panel changed them (an order
 * completed, a merge).
 */
void
custcare_loyalty_panel_reload (CustcareLoyaltyPanel *self)
{
  g_autoptr (CustcareLoyaltySummary) summary = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *balance = NULL;
  g_autofree char *worth = NULL;
  g_autofree char *worth_text = NULL;
  g_autofree char *spend = NULL;
  g_autoptr (GString) tier_text = NULL;

  g_return_if_fail (CUSTCARE_IS_LOYALTY_PANEL (self));

  gtk_list_box_remove_all (self->ledger_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "loyalty.adjust", self->customer_id > 0);
  if (self->store == NULL || self->customer_id <= 0)
    return;

  summary = custcare_loyalty_get_summary (self->store, self->customer_id, EXPIRING_SOON, &error);
  entries = summary != NULL ? custcare_loyalty_list_entries (self->store, self->customer_id, &error) : NULL;
  if (entries == NULL)
    {
      show_toast (self, adw_toast_new (error->message));
      return;
    }

  self->balance = summary->balance;
  balance = format_points (summary->balance);
  worth = format_money (self, summary->balance_value);
  worth_text = g_strdup_printf (_("Worth %s"), worth);
  gtk_label_set_label (self->balance_label, balance);
  adw_action_row_set_subtitle (self->balance_row, worth_text);

  spend = format_money (self, summary->spend_12_months);
  tier_text = g_string_new (NULL);
  g_string_printf (tier_text, _("Spent %s in the last 12 months"), spend);
  if (summary->multiplier_pct != 100)
    {
      g_string_append (tier_text, " · ");
      g_autofree char *pct = g_strdup_printf ("%" G_GINT64_FORMAT, summary->multiplier_pct);

      g_string_append_printf (tier_text, _("earns %s%%"), pct);
    }
  if (summary->next_tier_name != NULL)
    {
      g_autofree char *needed = format_money (self, summary->next_tier_spend);

      g_string_append (tier_text, " · ");
      g_string_append_printf (tier_text, _("%s more for %s"), needed, summary->next_tier_name);
    }
  gtk_label_set_label (self->tier_label, summary->tier_name != NULL ? summary->tier_name : _("None"));
  adw_action_row_set_subtitle (self->tier_row, tier_text->str);

  gtk_widget_set_visible (GTK_WIDGET (self->expiring_row), summary->expiring_points > 0);
  if (summary->expiring_points > 0)
    {
      g_autofree char *points = format_points (summary->expiring_points);
      g_autofree char *date = format_date (summary->next_expiry_at);
      g_autofree char *text = g_strdup_printf (_("The first of them lapse on %s"), date);

      gtk_label_set_label (self->expiring_label, points);
      adw_action_row_set_subtitle (self->expiring_row, text);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->owed_row), summary->points_owed > 0);
  if (summary->points_owed > 0)
    {
      g_autofree char *owed = format_points (summary->points_owed);
      gtk_label_set_label (self->owed_label, owed);
    }

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->ledger_list, create_entry_row (g_ptr_array_index (entries, i)));
}

typedef struct
{
  CustcareLoyaltyPanel *panel;
  AdwSpinRow           *points_row;
  AdwEntryRow          *reason_row;
} AdjustDialog;

static void
adjust_dialog_free (AdjustDialog *dialog)
{
  g_clear_object (&dialog->panel);
  g_free (dialog);
}

static gint64
adjust_dialog_points (AdjustDialog *dialog)
{
  return (gint64) adw_spin_row_get_value (dialog->points_row);
}

static void
adjust_dialog_validate (AdwAlertDialog *alert)
{
  AdjustDialog *dialog = g_object_get_data (G_OBJECT (alert), "adjust-dialog");
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (dialog->reason_row))));
  gint64 points = adjust_dialog_points (dialog);
  gboolean enough = dialog->panel->balance + points >= 0;

  if (enough)
    gtk_widget_remove_css_class (GTK_WIDGET (dialog->points_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (dialog->points_row), "error");
  adw_alert_dialog_set_response_enabled (alert, "adjust", points != 0 && enough && *reason != '\0');
}

static void
undo_adjustment_cb (AdwToast             *toast,
                    CustcareLoyaltyPanel *self)
{
  g_autoptr (GError) error = NULL;
  gint64 delta = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "delta"));
  const char *reason = g_object_get_data (G_OBJECT (toast), "reason");
  g_autofree char *undo_reason = g_strdup_printf (_("Undo: %s"), reason);

  if (!custcare_loyalty_adjust (self->store, self->customer_id, -delta, undo_reason, &error))
    show_toast (self, adw_toast_new (error->message));
  custcare_loyalty_panel_reload (self);
  g_signal_emit (self, signals[POINTS_CHANGED], 0);
}

static void
adjust_response_cb (AdwAlertDialog *alert,
                    const char     *response,
                    AdjustDialog   *dialog)
{
  CustcareLoyaltyPanel *self = dialog->panel;
  g_autoptr (GError) error = NULL;
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (dialog->reason_row))));
  gint64 points = adjust_dialog_points (dialog);
  g_autofree char *amount = format_points (ABS (points));
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (g_strcmp0 (response, "adjust") != 0)
    return;

  if (!custcare_loyalty_adjust (self->store, self->customer_id, points, reason, &error))
    {
      show_toast (self, adw_toast_new (error->message));
      return;
    }
  custcare_loyalty_panel_reload (self);
  g_signal_emit (self, signals[POINTS_CHANGED], 0);

  title = points > 0 ? g_strdup_printf (_("Added %s"), amount) : g_strdup_printf (_("Took away %s"), amount);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data (G_OBJECT (toast), "delta", GSIZE_TO_POINTER ((gsize) points));
  g_object_set_data_full (G_OBJECT (toast), "reason", g_steal_pointer (&reason), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_adjustment_cb), self, 0);
  show_toast (self, toast);
}

static void
adjust_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CustcareLoyaltyPanel *self = CUSTCARE_LOYALTY_PANEL (widget);
  AdjustDialog *dialog = g_new0 (AdjustDialog, 1);
  g_autofree char *balance = format_points (self->balance);
  g_autofree char *body = NULL;
  AdwDialog *alert;
  GtkWidget *list;

  dialog->panel = g_object_ref (self);
  body = g_strdup_printf (_("The customer has %s. Enter a negative number to take points away. "
                            "The reason is kept in the points history."),
                          balance);
  alert = adw_alert_dialog_new (_("Adjust Points"), body);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (alert),
                                  "cancel", _("_Cancel"),
                                  "adjust", _("_Adjust"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (alert), "adjust", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (alert), "adjust");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (alert), "cancel");
  adw_alert_dialog_set_response_enabled (ADW_ALERT_DIALOG (alert), "adjust", FALSE);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  dialog->points_row = ADW_SPIN_ROW (adw_spin_row_new_with_range (-1000000000, 1000000000, 1));
  adw_spin_row_set_value (dialog->points_row, 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->points_row), _("Points"));
  dialog->reason_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (dialog->reason_row), _("Reason"));
  adw_entry_row_set_activates_default (dialog->reason_row, TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->points_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (dialog->reason_row));
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (alert), list);

  g_object_set_data_full (G_OBJECT (alert), "adjust-dialog", dialog, (GDestroyNotify) adjust_dialog_free);
  g_signal_connect_object (dialog->points_row, "notify::value", G_CALLBACK (adjust_dialog_validate), alert,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog->reason_row, "changed", G_CALLBACK (adjust_dialog_validate), alert,
                           G_CONNECT_SWAPPED);
  g_signal_connect (alert, "response", G_CALLBACK (adjust_response_cb), dialog);

  adw_dialog_set_focus (alert, GTK_WIDGET (dialog->points_row));
  adw_dialog_present (alert, GTK_WIDGET (self));
}

/* Orders completed or refunded elsewhere change the points: read them again whenever the panel
 * comes on screen (its tab is opened). */
static void
panel_map_cb (CustcareLoyaltyPanel *self)
{
  if (self->customer_id > 0)
    custcare_loyalty_panel_reload (self);
}

static void
add_customer_section (CustcareCustomerPage *page,
                      gpointer              user_data)
{
  GtkWidget *panel = custcare_loyalty_panel_new (custcare_customer_page_get_store (page));

  custcare_loyalty_panel_set_customer_id (CUSTCARE_LOYALTY_PANEL (panel), custcare_customer_page_get_customer_id (page));
  custcare_customer_page_add_section (page, custcare_scrolled_clamp_new (panel), "loyalty", _("Loyalty"),
                                      "starred-symbolic");
}

/**
 * custcare_loyalty_panel_register_customer_section:
 *
 * Puts the panel on every customer page, as its Loyalty tab. Call once at start-up; later calls
 * do nothing.
 */
void
custcare_loyalty_panel_register_customer_section (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      custcare_customer_page_add_section_provider (add_customer_section, NULL);
      g_once_init_leave (&registered, 1);
    }
}

static void
custcare_loyalty_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CUSTCARE_TYPE_LOYALTY_PANEL);

  G_OBJECT_CLASS (custcare_loyalty_panel_parent_class)->dispose (object);
}

static void
custcare_loyalty_panel_finalize (GObject *object)
{
  CustcareLoyaltyPanel *self = CUSTCARE_LOYALTY_PANEL (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (custcare_loyalty_panel_parent_class)->finalize (object);
}

static void
custcare_loyalty_panel_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CustcareLoyaltyPanel *self = CUSTCARE_LOYALTY_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_loyalty_panel_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CustcareLoyaltyPanel *self = CUSTCARE_LOYALTY_PANEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CUSTOMER_ID:
      custcare_loyalty_panel_set_customer_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_loyalty_panel_class_init (CustcareLoyaltyPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_loyalty_panel_dispose;
  object_class->finalize = custcare_loyalty_panel_finalize;
  object_class->get_property = custcare_loyalty_panel_get_property;
  object_class->set_property = custcare_loyalty_panel_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CUSTCARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CustcareLoyaltyPanel::points-changed:
   *
   * The panel changed the customer's points (an adjustment or its undo).
   */
  signals[POINTS_CHANGED] = g_signal_new ("points-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-loyalty-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPanel, balance_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPanel, balance_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPanel, tier_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPanel, tier_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPanel, expiring_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPanel, expiring_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPanel, owed_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPanel, owed_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareLoyaltyPanel, ledger_list);

  gtk_widget_class_install_action (widget_class, "loyalty.adjust", NULL, adjust_action);
}

static void
custcare_loyalty_panel_init (CustcareLoyaltyPanel *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No points yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (self->ledger_list, placeholder);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "loyalty.adjust", FALSE);
  g_signal_connect (self, "map", G_CALLBACK (panel_map_cb), NULL);
}

GtkWidget *
custcare_loyalty_panel_new (CustcareStore *store)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  return g_object_new (CUSTCARE_TYPE_LOYALTY_PANEL, "store", store, NULL);
}

gint64
custcare_loyalty_panel_get_customer_id (CustcareLoyaltyPanel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_LOYALTY_PANEL (self), 0);

  return self->customer_id;
}

void
custcare_loyalty_panel_set_customer_id (CustcareLoyaltyPanel *self,
                                        gint64                customer_id)
{
  g_return_if_fail (CUSTCARE_IS_LOYALTY_PANEL (self));

  if (self->customer_id == customer_id)
    return;
  self->customer_id = customer_id;
  custcare_loyalty_panel_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
}
