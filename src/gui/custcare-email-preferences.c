/* custcare-email-preferences.c — Preferences → Email: the mail account, templates, outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything but the password goes into the shop's settings; the password goes only to the
 * keyring (custcare-credentials.c). Nothing here touches the network on the main thread: the test
 * message is sent from a GTask thread.
 */
#define G_LOG_DOMAIN "custcare-email-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "custcare-credentials.h"
#include "custcare-email-preferences.h"
#include "custcare-gui-util.h"
#include "custcare-outbox-dialog.h"
#include "custcare-smtp.h"
#include "custcare-template-editor.h"
#include "custcare-templates.h"

struct _CustcareEmailPreferences
{
  AdwPreferencesPage    parent_instance;

  CustcareStore        *store;
  GCancellable         *cancellable;
  /* The account the password in the keyring belongs to, as last saved. */
  char                 *saved_host;
  char                 *saved_user;
  gboolean              loading;

  AdwEntryRow          *host_row;
  AdwComboRow          *security_row;
  AdwActionRow         *insecure_row;
  AdwSpinRow           *port_row;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  AdwEntryRow          *from_name_row;
  AdwEntryRow          *from_address_row;
  AdwActionRow         *test_row;
  AdwSpinner           *test_spinner;
  GtkButton            *test_button;
  AdwPreferencesGroup  *templates_group;
};

G_DEFINE_FINAL_TYPE (CustcareEmailPreferences, custcare_email_preferences, ADW_TYPE_PREFERENCES_PAGE)

static void
show_toast (CustcareEmailPreferences *self,
            const char               *message)
{
  if (!custcare_preferences_add_toast (GTK_WIDGET (self), message))
    g_message ("%s", message);
}

static void
show_alert (CustcareEmailPreferences *self,
            const char               *heading,
            const char               *body)
{
  custcare_present_message_alert (GTK_WIDGET (self), heading, body);
}

static char *
dup_row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
save_setting (CustcareEmailPreferences *self,
              const char               *key,
              const char               *value)
{
  g_autoptr (GError) error = NULL;

  if (!custcare_store_set_setting (self->store, key, value, &error))
    show_toast (self, error->message);
}

static void
setting_row_apply_cb (AdwEntryRow              *row,
                      CustcareEmailPreferences *self)
{
  g_autofree char *value = dup_row_text (row);

  save_setting (self, g_object_get_data (G_OBJECT (row), "setting-key"), value);
}

/* ------------------------------------------------------------------ password */

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (CustcareEmailPreferences) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!custcare_credentials_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
      show_alert (self, _("Password Not Saved"), error->message);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  show_toast (self, _("Password saved in the keyring"));
}

static void
password_cleared_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (CustcareEmailPreferences) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!custcare_credentials_clear_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_alert (self, _("Password Not Removed"), error->message);
}

static void
password_row_apply_cb (CustcareEmailPreferences *self)
{
  g_autofree char *host = dup_row_text (self->host_row);
  g_autofree char *user = dup_row_text (self->user_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (*host == '\0')
    {
      show_toast (self, _("Enter the mail server first"));
      return;
    }
  if (*password == '\0')
    custcare_credentials_clear_async (host, user, self->cancellable, password_cleared_cb, g_object_ref (self));
  else
    custcare_credentials_store_async (host, user, password, self->cancellable, password_stored_cb,
                                      g_object_ref (self));
}

static void
password_looked_up_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (CustcareEmailPreferences) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *password = custcare_credentials_lookup_finish (result, &error);

  if (password != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
      memset (password, 0, strlen (password));
    }
  else if (g_error_matches (error, CUSTCARE_CREDENTIALS_ERROR, CUSTCARE_CREDENTIALS_ERROR_NO_KEYRING))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->password_row), error->message);
    }
}

static void
load_password (CustcareEmailPreferences *self)
{
  if (self->saved_host == NULL || *self->saved_host == '\0')
    return;
  custcare_credentials_lookup_async (self->saved_host, self->saved_user, self->cancellable, password_looked_up_cb,
                                     g_object_ref (self));
}

/* The password is filed under host and user: when either changes, move it along. */
static void
account_key_changed (CustcareEmailPreferences *self)
{
  g_autofree char *host = dup_row_text (self->host_row);
  g_autofree char *user = dup_row_text (self->user_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (g_strcmp0 (host, self->saved_host) == 0 && g_strcmp0 (user, self->saved_user) == 0)
    return;
  if (self->saved_host != NULL && *self->saved_host != '\0')
    custcare_credentials_clear_async (self->saved_host, self->saved_user, self->cancellable, password_cleared_cb,
                                      g_object_ref (self));
  if (*host != '\0' && *password != '\0')
    custcare_credentials_store_async (host, user, password, self->cancellable, password_stored_cb,
                                      g_object_ref (self));
  g_set_str (&self->saved_host, host);
  g_set_str (&self->saved_user, user);
}

static void
host_row_apply_cb (CustcareEmailPreferences *self)
{
  g_autofree char *host = dup_row_text (self->host_row);

  save_setting (self, CUSTCARE_SMTP_SETTING_HOST, host);
  account_key_changed (self);
}

static void
user_row_apply_cb (CustcareEmailPreferences *self)
{
  g_autofree char *user = dup_row_text (self->user_row);

  save_setting (self, CUSTCARE_SMTP_SETTING_USER, user);
  account_key_changed (self);
}

static void
from_address_row_apply_cb (CustcareEmailPreferences *self)
{
  g_autofree char *address = dup_row_text (self->from_address_row);

  if (*address != '\0' && (strchr (address, '@') == NULL || strchr (address, ' ') != NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->from_address_row), "error");
      show_toast (self, _("The sender address is not a valid email address"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->from_address_row), "error");
  save_setting (self, CUSTCARE_SMTP_SETTING_FROM_ADDRESS, address);
}

static void
security_row_changed_cb (CustcareEmailPreferences *self)
{
  CustcareSmtpSecurity security = adw_combo_row_get_selected (self->security_row);
  guint old_default;

  gtk_widget_set_visible (GTK_WIDGET (self->insecure_row), security == CUSTCARE_SMTP_SECURITY_NONE);
  if (self->loading)
    return;

  save_setting (self, CUSTCARE_SMTP_SETTING_SECURITY, custcare_smtp_security_to_string (security));
  /* Follow the port along with the security unless the shop chose a port of its own. */
  for (old_default = 0; old_default < 3; old_default++)
    if ((guint) adw_spin_row_get_value (self->port_row) == custcare_smtp_security_default_port (old_default))
      {
        adw_spin_row_set_value (self->port_row, custcare_smtp_security_default_port (security));
        break;
      }
}

static void
port_row_changed_cb (CustcareEmailPreferences *self)
{
  g_autoptr (GError) error = NULL;

  if (self->loading)
    return;
  if (!custcare_store_set_setting_int (self->store, CUSTCARE_SMTP_SETTING_PORT,
                                       (gint64) adw_spin_row_get_value (self->port_row), &error))
    show_toast (self, error->message);
}

/* ------------------------------------------------------------------ test message */

static void
send_test_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CustcareSmtpAccount *account = task_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  text = custcare_smtp_build_message (account, account->from_address, account->from_name,
                                      _("CustCare test message"),
                                      _("This is a test message from CustCare.\n"
                                        "If you can read it, your shop can email its customers.\n"),
                                      g_get_real_time () / G_USEC_PER_SEC, NULL, &error);
  if (text == NULL || !custcare_smtp_send (account, account->from_address, text, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
send_test_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CustcareEmailPreferences *self = CUSTCARE_EMAIL_PREFERENCES (source);
  g_autoptr (GError) error = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_CANCELLED))
        return;
      adw_action_row_set_subtitle (self->test_row, error->message);
      show_alert (self, _("Test Message Not Sent"), error->message);
      return;
    }

  adw_action_row_set_subtitle (self->test_row, _("Sent. Check the sender address’s inbox."));
  show_toast (self, _("Test message sent"));
}

static void
test_button_clicked_cb (CustcareEmailPreferences *self)
{
  g_autoptr (CustcareSmtpAccount) account = custcare_smtp_account_load (self->store);
  g_autoptr (GError) error = NULL;
  g_autoptr (GTask) task = NULL;

  if (!custcare_smtp_account_check (account, &error))
    {
      adw_action_row_set_subtitle (self->test_row, error->message);
      return;
    }
  /* What is in the row is what the shop means, saved or not yet. */
  account->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));

  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  adw_action_row_set_subtitle (self->test_row, _("Sending…"));

  task = g_task_new (self, self->cancellable, send_test_done_cb, NULL);
  g_task_set_task_data (task, g_steal_pointer (&account), (GDestroyNotify) custcare_smtp_account_free);
  g_task_run_in_thread (task, send_test_thread);
}

/* ------------------------------------------------------------------ templates and outbox */

static void
template_switch_cb (GtkSwitch                *toggle,
                    GParamSpec               *pspec,
                    CustcareEmailPreferences *self)
{
  const char *id = g_object_get_data (G_OBJECT (toggle), "template-id");
  g_autoptr (GError) error = NULL;

  if (!custcare_templates_set_enabled (self->store, id, gtk_switch_get_active (toggle), &error))
    show_toast (self, error->message);
}

static void
template_row_activated_cb (AdwActionRow             *row,
                           CustcareEmailPreferences *self)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_DIALOG);
  const char *id = g_object_get_data (G_OBJECT (row), "template-id");

  if (dialog != NULL)
    adw_preferences_dialog_push_subpage (ADW_PREFERENCES_DIALOG (dialog),
                                         ADW_NAVIGATION_PAGE (custcare_template_editor_new (self->store, id)));
}

static void
build_template_rows (CustcareEmailPreferences *self)
{
  const char * const *ids = custcare_templates_list_ids ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr (CustcareTemplate) tmpl = custcare_templates_get (self->store, ids[i], NULL);
      GtkWidget *row = adw_action_row_new ();
      const char *status = custcare_templates_get_trigger_status (ids[i]);
      g_autoptr (GString) subtitle = g_string_new (NULL);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), custcare_templates_get_label (ids[i]));
      if (custcare_templates_is_marketing (ids[i]))
        g_string_append (subtitle, _("Marketing: only with consent"));
      else
        g_string_append (subtitle, _("About the customer’s order"));
      if (status == NULL)
        g_string_append_printf (subtitle, " · %s", _("sent by hand"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      g_object_set_data_full (G_OBJECT (row), "template-id", g_strdup (ids[i]), g_free);

      if (status != NULL && tmpl != NULL)
        {
          GtkWidget *toggle = gtk_switch_new ();

          gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
          gtk_switch_set_active (GTK_SWITCH (toggle), tmpl->enabled);
          /* Translators: accessible name of the switch next to a message template. */
          gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Send automatically"), -1);
          gtk_widget_set_tooltip_text (toggle, _("Send automatically"));
          g_object_set_data_full (G_OBJECT (toggle), "template-id", g_strdup (ids[i]), g_free);
          g_signal_connect_object (toggle, "notify::active", G_CALLBACK (template_switch_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (template_row_activated_cb), self, 0);
      adw_preferences_group_add (self->templates_group, row);
    }
}

static void
outbox_row_activated_cb (CustcareEmailPreferences *self)
{
  adw_dialog_present (ADW_DIALOG (custcare_outbox_dialog_new (self->store)), GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ setup */

static void
load_row (CustcareEmailPreferences *self,
          AdwEntryRow              *row,
          const char               *key)
{
  g_autofree char *value = custcare_store_get_setting (self->store, key);

  g_object_set_data (G_OBJECT (row), "setting-key", (gpointer) key);
  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
}

CustcareEmailPreferences *
custcare_email_preferences_new (CustcareStore *store)
{
  CustcareEmailPreferences *self;
  g_autoptr (CustcareSmtpAccount) account = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_EMAIL_PREFERENCES, NULL);
  self->store = g_object_ref (store);

  account = custcare_smtp_account_load (store);
  self->loading = TRUE;
  load_row (self, self->host_row, CUSTCARE_SMTP_SETTING_HOST);
  load_row (self, self->user_row, CUSTCARE_SMTP_SETTING_USER);
  load_row (self, self->from_name_row, CUSTCARE_SMTP_SETTING_FROM_NAME);
  load_row (self, self->from_address_row, CUSTCARE_SMTP_SETTING_FROM_ADDRESS);
  adw_combo_row_set_selected (self->security_row, account->security);
  adw_spin_row_set_value (self->port_row,
                          account->port ? account->port : custcare_smtp_security_default_port (account->security));
  gtk_widget_set_visible (GTK_WIDGET (self->insecure_row), account->security == CUSTCARE_SMTP_SECURITY_NONE);
  self->loading = FALSE;

  self->saved_host = g_strdup (account->host);
  self->saved_user = g_strdup (account->user);
  load_password (self);
  build_template_rows (self);

  return self;
}

static void
custcare_email_preferences_dispose (GObject *object)
{
  CustcareEmailPreferences *self = CUSTCARE_EMAIL_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_EMAIL_PREFERENCES);

  G_OBJECT_CLASS (custcare_email_preferences_parent_class)->dispose (object);
}

static void
custcare_email_preferences_finalize (GObject *object)
{
  CustcareEmailPreferences *self = CUSTCARE_EMAIL_PREFERENCES (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->saved_host, g_free);
  g_clear_pointer (&self->saved_user, g_free);

  G_OBJECT_CLASS (custcare_email_preferences_parent_class)->finalize (object);
}

static void
custcare_email_preferences_class_init (CustcareEmailPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_email_preferences_dispose;
  object_class->finalize = custcare_email_preferences_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-email-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, host_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, security_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, insecure_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, port_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, user_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, password_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, from_name_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, from_address_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, test_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, test_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareEmailPreferences, templates_group);
  gtk_widget_class_bind_template_callback (widget_class, setting_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, host_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, user_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, from_address_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, outbox_row_activated_cb);
}

static void
custcare_email_preferences_init (CustcareEmailPreferences *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
