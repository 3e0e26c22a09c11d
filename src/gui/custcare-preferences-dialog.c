/* custcare-preferences-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shop-wide settings live in the database, not GSettings: they belong to the shop's file, travel
 * with its backups, and are the same for everyone at the desk.
 */
#define G_LOG_DOMAIN "custcare-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-backup-preferences.h"
#include "custcare-email-preferences.h"
#include "custcare-loyalty-preferences.h"
#include "custcare-preferences-dialog.h"

struct _CustcarePreferencesDialog
{
  AdwPreferencesDialog  parent_instance;

  CustcareStore        *store;

  AdwEntryRow          *shop_name_row;
  AdwEntryRow          *shop_address_row;
  AdwEntryRow          *shop_phone_row;
  AdwEntryRow          *shop_email_row;
  AdwEntryRow          *currency_row;
  AdwEntryRow          *order_prefix_row;
};

G_DEFINE_FINAL_TYPE (CustcarePreferencesDialog, custcare_preferences_dialog, ADW_TYPE_PREFERENCES_DIALOG)

static void
show_error (CustcarePreferencesDialog *self,
            const char                *message)
{
  adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self), adw_toast_new (message));
}

static void
setting_row_apply_cb (AdwEntryRow               *row,
                      CustcarePreferencesDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  const char *key = g_object_get_data (G_OBJECT (row), "setting-key");

  if (!custcare_store_set_setting (self->store, key, value, &error))
    show_error (self, error->message);
}

static void
currency_row_apply_cb (AdwEntryRow               *row,
                       CustcarePreferencesDialog *self)
{
  g_autofree char *code = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (row)), -1);
  g_autoptr (GError) error = NULL;
  gboolean valid = strlen (g_strstrip (code)) == 3;

  for (const char *c = code; valid && *c != '\0'; c++)
    valid = g_ascii_isalpha (*c);

  if (!valid)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      show_error (self, _("A currency code is three letters, such as EUR, USD or GBP"));
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  gtk_editable_set_text (GTK_EDITABLE (row), code);
  if (!custcare_store_set_setting (self->store, "shop.currency", code, &error))
    show_error (self, error->message);
}

static void
load_row (CustcarePreferencesDialog *self,
          AdwEntryRow               *row,
          const char                *key,
          const char                *fallback)
{
  g_autofree char *value = custcare_store_get_setting (self->store, key);

  g_object_set_data (G_OBJECT (row), "setting-key", (gpointer) key);
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : fallback);
}

CustcarePreferencesDialog *
custcare_preferences_dialog_new (CustcareStore *store)
{
  CustcarePreferencesDialog *self;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_PREFERENCES_DIALOG, NULL);
  self->store = g_object_ref (store);

  load_row (self, self->shop_name_row, "shop.name", "");
  load_row (self, self->shop_address_row, "shop.address", "");
  load_row (self, self->shop_phone_row, "shop.phone", "");
  load_row (self, self->shop_email_row, "shop.email", "");
  load_row (self, self->currency_row, "shop.currency", "EUR");
  load_row (self, self->order_prefix_row, "orders.number-prefix", "");

  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (self), ADW_PREFERENCES_PAGE (custcare_loyalty_preferences_new (store)));
  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (self), ADW_PREFERENCES_PAGE (custcare_email_preferences_new (store)));
  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (self), ADW_PREFERENCES_PAGE (custcare_backup_preferences_new (store)));

  return self;
}

static void
custcare_preferences_dialog_finalize (GObject *object)
{
  CustcarePreferencesDialog *self = CUSTCARE_PREFERENCES_DIALOG (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (custcare_preferences_dialog_parent_class)->finalize (object);
}

static void
custcare_preferences_dialog_class_init (CustcarePreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = custcare_preferences_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcarePreferencesDialog, shop_name_row);
  gtk_widget_class_bind_template_child (widget_class, CustcarePreferencesDialog, shop_address_row);
  gtk_widget_class_bind_template_child (widget_class, CustcarePreferencesDialog, shop_phone_row);
  gtk_widget_class_bind_template_child (widget_class, CustcarePreferencesDialog, shop_email_row);
  gtk_widget_class_bind_template_child (widget_class, CustcarePreferencesDialog, currency_row);
  gtk_widget_class_bind_template_child (widget_class, CustcarePreferencesDialog, order_prefix_row);
  gtk_widget_class_bind_template_callback (widget_class, setting_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, currency_row_apply_cb);
}

static void
custcare_preferences_dialog_init (CustcarePreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
