/* custcare-customer-page.c — one customer, in the window's content pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A saved customer is edited in place: each field saves when applied (Enter or its ✓ button),
 * switches save when flipped, and every save is one transaction (custcare_customer_repo_update).
 * A field that does not validate turns red with the reason under its group and is not saved.
 * A new customer is a draft: fields fill the record, possible duplicates show while typing, and
 * Create saves it. Other features add their tabs with custcare_customer_page_add_section().
 */
#define G_LOG_DOMAIN "custcare-customer-page"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-customer-merge-dialog.h"
#include "custcare-customer-merge.h"
#include "custcare-customer-page.h"
#include "custcare-customer-privacy.h"
#include "custcare-window.h"

typedef struct
{
  CustcareCustomerSectionProvider provider;
  gpointer                        user_data;
} SectionProvider;

static GArray *section_providers;

struct _CustcareCustomerPage
{
  AdwBin                parent_instance;

  CustcareStore        *store;
  CustcareCustomer     *customer;     /* as saved; for a draft, the draft */
  gboolean              is_draft;
  guint                 duplicates_timeout;
  gboolean              loading;

  AdwHeaderBar         *header_bar;
  AdwViewStack         *sections;
  GtkStack             *overview_stack;
  AdwPreferencesPage   *form;
  AdwStatusPage        *missing_page;
  GtkWidget            *cancel_button;
  GtkWidget            *create_button;
  GtkWidget            *menu_button;

  AdwPreferencesGroup  *duplicates_group;
  GPtrArray            *duplicate_rows;
  AdwPreferencesGroup  *phones_group;
  AdwPreferencesGroup  *emails_group;
  GPtrArray            *phone_rows;
  GPtrArray            *email_rows;
  GtkWidget            *birthday_row;
  GtkWidget            *tags_box;
  GtkWidget            *tag_entry;
  GtkWidget            *tag_popover;
  GtkWidget            *tag_suggestions;
  GtkTextBuffer        *notes_buffer;
  GtkWidget            *consent_row;
  GtkWidget            *do_not_contact_row;
  GtkWidget            *created_row;
  GtkWidget            *updated_row;
  GtkWidget            *contacted_row;
  GHashTable           *error_labels;  /* AdwPreferencesGroup → GtkLabel */
  GPtrArray            *groups;        /* what rebuild_form() added to the form */
};

G_DEFINE_FINAL_TYPE (CustcareCustomerPage, custcare_customer_page, ADW_TYPE_BIN)

enum {
  CUSTOMER_SAVED,
  CUSTOMER_DELETED,
  OPEN_CUSTOMER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild_form (CustcareCustomerPage *self);
static void update_actions (CustcareCustomerPage *self);
static void drop_tag_popover (CustcareCustomerPage *self);
static void add_group (CustcareCustomerPage *self,
                       AdwPreferencesGroup  *group);
static void schedule_duplicates (CustcareCustomerPage *self);

static void
toast (CustcareCustomerPage *self,
       AdwToast             *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CUSTCARE_IS_WINDOW (root))
    custcare_window_add_toast (CUSTCARE_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
toast_message (CustcareCustomerPage *self,
               const char           *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 5);
  toast (self, t);
}

/* The error line under a group: the reason a field there was refused. */
static void
show_group_error (CustcareCustomerPage *self,
                  AdwPreferencesGroup  *group,
                  const char           *message)
{
  GtkWidget *label = g_hash_table_lookup (self->error_labels, group);

  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_add_css_class (label, "error");
      gtk_widget_add_css_class (label, "caption");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error"), -1);
      adw_preferences_group_add (group, label);
      g_hash_table_insert (self->error_labels, group, label);
    }
  gtk_label_set_text (GTK_LABEL (label), message ? message : "");
  gtk_widget_set_visible (label, message != NULL);
}

static void
set_row_error (GtkWidget  *row,
               const char *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, NULL);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static char *
format_time (gint64 when)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;

  if (when <= 0)
    return g_strdup (_("Never"));
  utc = g_date_time_new_from_unix_utc (when);
  local = g_date_time_to_local (utc);
  /* Translators: a date and time in the user's locale, see g_date_time_format() */
  return g_date_time_format (local, _("%x %H:%M"));
}

static void
update_record_rows (CustcareCustomerPage *self)
{
  g_autofree char *created = format_time (custcare_customer_get_created_at (self->customer));
  g_autofree char *updated = format_time (custcare_customer_get_updated_at (self->customer));
  g_autofree char *contacted = format_time (custcare_customer_get_last_interaction_at (self->customer));
  g_autofree char *consent = NULL;

  if (self->created_row == NULL)
    return;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->created_row), created);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->updated_row), updated);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->contacted_row), contacted);

  if (custcare_customer_get_marketing_consent (self->customer))
    {
      g_autofree char *when = custcare_customer_get_marketing_consent_at (self->customer) > 0
                                ? format_time (custcare_customer_get_marketing_consent_at (self->customer))
                                : g_strdup (_("when saved"));
      consent = g_strdup_printf (_("Given %s"), when);
    }
  else
    consent = g_strdup (_("Not given: no marketing messages"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->consent_row), consent);
}

/* Saves a change to a saved customer: @edit changes a copy; on success the copy becomes the
 * page's customer. Returns the error message, or NULL. */
typedef gboolean (*EditFunc) (CustcareCustomer *copy, gpointer data, GError **error);

static gboolean
save_edit (CustcareCustomerPage  *self,
           EditFunc               edit,
           gpointer               data,
           GError               **error)
{
  g_autoptr (CustcareCustomer) copy = custcare_customer_copy (self->customer);

  if (!edit (copy, data, error))
    return FALSE;
  if (self->is_draft)
    {
      /* A draft is only validated by Create; keep what was typed. */
      g_set_object (&self->customer, copy);
      schedule_duplicates (self);
      return TRUE;
    }
  if (!custcare_customer_repo_update (self->store, copy, error))
    return FALSE;
  g_set_object (&self->customer, copy);
  update_record_rows (self);
  g_signal_emit (self, signals[CUSTOMER_SAVED], 0);
  return TRUE;
}

/* Simple text fields, by property name. */
static gboolean
edit_string (CustcareCustomer  *copy,
             gpointer           data,
             GError           **error)
{
  GtkEditable *row = data;

  g_object_set (copy, g_object_get_data (G_OBJECT (row), "property"), gtk_editable_get_text (row), NULL);
  return TRUE;
}

static void
string_row_apply_cb (AdwEntryRow          *row,
                     CustcareCustomerPage *self)
{
  g_autoptr (GError) error = NULL;
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (row),
                                                                               ADW_TYPE_PREFERENCES_GROUP));

  if (save_edit (self, edit_string, row, &error))
    {
      set_row_error (GTK_WIDGET (row), NULL);
      show_group_error (self, group, NULL);
      if (!self->is_draft)
        {
          GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
          g_autofree char *title = custcare_customer_dup_title (self->customer);

          /* The name may have changed: the pane title follows. */
          if (CUSTCARE_IS_WINDOW (root))
            {
              GtkWidget *page = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_NAVIGATION_PAGE);
              if (page != NULL)
                adw_navigation_page_set_title (ADW_NAVIGATION_PAGE (page), title);
            }
        }
      return;
    }
  set_row_error (GTK_WIDGET (row), error->message);
  show_group_error (self, group, error->message);
}

static void
draft_row_changed_cb (GtkEditable          *row,
                      CustcareCustomerPage *self)
{
  /* A draft has no apply buttons: every keystroke updates the draft (and the duplicates). */
  if (self->is_draft && !self->loading)
    string_row_apply_cb (ADW_ENTRY_ROW (row), self);
}

static GtkWidget *
add_string_row (CustcareCustomerPage *self,
                AdwPreferencesGroup  *group,
                const char           *title,
                const char           *property)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *value = NULL;

  g_object_get (self->customer, property, &value, NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), !self->is_draft);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
  g_object_set_data_full (G_OBJECT (row), "property", g_strdup (property), g_free);
  g_signal_connect_object (row, "apply", G_CALLBACK (string_row_apply_cb), self, 0);
  g_signal_connect_object (row, "changed", G_CALLBACK (draft_row_changed_cb), self, 0);
  adw_preferences_group_add (group, row);
  return row;
}

/* Phones and emails: the rows are the list; applying one saves them all. */
static gboolean
edit_contacts (CustcareCustomer  *copy,
               gpointer           data,
               GError           **error)
{
  CustcareCustomerPage *self = data;

  custcare_customer_clear_phones (copy);
  custcare_customer_clear_emails (copy);
  for (guint i = 0; i < self->phone_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->phone_rows, i);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

      if (*text != '\0')
        custcare_customer_add_phone (copy, g_object_get_data (G_OBJECT (row), "label"), text);
    }
  for (guint i = 0; i < self->email_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->email_rows, i);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

      if (*text != '\0')
        custcare_customer_add_email (copy, g_object_get_data (G_OBJECT (row), "label"), text);
    }
  return TRUE;
}

static void
contact_row_check (GtkEditable          *row,
                   CustcareCustomerPage *self)
{
  const char *text = gtk_editable_get_text (row);
  gboolean is_phone = g_ptr_array_find (self->phone_rows, row, NULL);
  AdwPreferencesGroup *group = is_phone ? self->phones_group : self->emails_group;
  const char *message = NULL;

  /* Checked as you type; saved only when valid. */
  if (*text != '\0' && is_phone && !custcare_phone_is_valid (text))
    message = _("Use digits, spaces, a leading + and - ( ) . only, at least 3 digits");
  else if (*text != '\0' && !is_phone && strchr (text, '@') != NULL && !custcare_email_is_valid (text))
    message = _("An email address looks like name@example.com");
  set_row_error (GTK_WIDGET (row), message);
  show_group_error (self, group, message);
  if (self->is_draft && !self->loading && message == NULL)
    save_edit (self, edit_contacts, self, NULL);
}

static void
contact_row_apply_cb (GtkEditable          *row,
                      CustcareCustomerPage *self)
{
  g_autoptr (GError) error = NULL;
  gboolean is_phone = g_ptr_array_find (self->phone_rows, row, NULL);

  if (!save_edit (self, edit_contacts, self, &error))
    {
      set_row_error (GTK_WIDGET (row), error->message);
      show_group_error (self, is_phone ? self->phones_group : self->emails_group, error->message);
      return;
    }
  show_group_error (self, is_phone ? self->phones_group : self->emails_group, NULL);
}

static void
remove_contact_cb (GtkButton            *button,
                   CustcareCustomerPage *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");
  gboolean is_phone = g_ptr_array_find (self->phone_rows, row, NULL);
  g_autoptr (GError) error = NULL;

  adw_preferences_group_remove (is_phone ? self->phones_group : self->emails_group, row);
  g_ptr_array_remove (is_phone ? self->phone_rows : self->email_rows, row);
  if (!save_edit (self, edit_contacts, self, &error))
    toast_message (self, error->message);
}

static GtkWidget *
add_contact_row (CustcareCustomerPage *self,
                 gboolean              is_phone,
                 const char           *label,
                 const char           *value)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 label && *label ? label : is_phone ? _("Phone") : _("Email"));
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), is_phone ? GTK_INPUT_PURPOSE_PHONE : GTK_INPUT_PURPOSE_EMAIL);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), !self->is_draft);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  g_object_set_data_full (G_OBJECT (row), "label", g_strdup (label ? label : ""), g_free);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, is_phone ? _("Remove Phone Number") : _("Remove Email Address"));
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_contact_cb), self, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  g_signal_connect_object (row, "changed", G_CALLBACK (contact_row_check), self, 0);
  g_signal_connect_object (row, "apply", G_CALLBACK (contact_row_apply_cb), self, 0);
  adw_preferences_group_add (is_phone ? self->phones_group : self->emails_group, row);
  g_ptr_array_add (is_phone ? self->phone_rows : self->email_rows, row);
  return row;
}

static void
add_phone_clicked_cb (CustcareCustomerPage *self)
{
  gtk_widget_grab_focus (add_contact_row (self, TRUE, "", ""));
}

static void
add_email_clicked_cb (CustcareCustomerPage *self)
{
  gtk_widget_grab_focus (add_contact_row (self, FALSE, "", ""));
}

static AdwPreferencesGroup *
add_contact_group (CustcareCustomerPage *self,
                   const char           *title,
                   const char           *add_tooltip,
                   GCallback             add_cb)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");

  adw_preferences_group_set_title (group, title);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, add_tooltip);
  g_signal_connect_object (add, "clicked", add_cb, self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (group, add);
  add_group (self, group);
  return group;
}

/* Birthday */
static gboolean
edit_birthday (CustcareCustomer  *copy,
               gpointer           data,
               GError           **error)
{
  int y, m, d;

  if (!custcare_birthday_parse (gtk_editable_get_text (GTK_EDITABLE (data)), &y, &m, &d, error))
    return FALSE;
  custcare_customer_set_birthday (copy, y, m, d);
  return TRUE;
}

static void
birthday_apply_cb (GtkEditable          *row,
                   CustcareCustomerPage *self)
{
  g_autoptr (GError) error = NULL;
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (row),
                                                                               ADW_TYPE_PREFERENCES_GROUP));

  if (!save_edit (self, edit_birthday, row, &error))
    {
      set_row_error (GTK_WIDGET (row), error->message);
      show_group_error (self, group, error->message);
      return;
    }
  set_row_error (GTK_WIDGET (row), NULL);
  show_group_error (self, group, NULL);
}

static void
birthday_changed_cb (GtkEditable          *row,
                     CustcareCustomerPage *self)
{
  int y, m, d;
  g_autoptr (GError) error = NULL;
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (row),
                                                                               ADW_TYPE_PREFERENCES_GROUP));
  const char *text = gtk_editable_get_text (row);
  gboolean ok = custcare_birthday_parse (text, &y, &m, &d, &error);

  /* Half-typed dates are not errors yet: only a complete-looking wrong one is. */
  if (!ok && strlen (text) >= 5)
    {
      set_row_error (GTK_WIDGET (row), error->message);
      show_group_error (self, group, error->message);
    }
  else
    {
      set_row_error (GTK_WIDGET (row), NULL);
      show_group_error (self, group, NULL);
      if (ok && self->is_draft && !self->loading)
        save_edit (self, edit_birthday, row, NULL);
    }
}

/* Tags */
static gboolean
edit_tags (CustcareCustomer  *copy,
           gpointer           data,
           GError           **error)
{
  const char * const *tags = data;

  custcare_customer_set_tags (copy, tags);
  return TRUE;
}

static void rebuild_tags (CustcareCustomerPage *self);

static void
set_tags (CustcareCustomerPage *self,
          GStrv                 tags)
{
  g_autoptr (GError) error = NULL;

  if (!save_edit (self, edit_tags, tags, &error))
    toast_message (self, error->message);
  rebuild_tags (self);
}

static void
remove_tag_cb (GtkButton            *button,
               CustcareCustomerPage *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) tags = NULL;
  const char *tag = g_object_get_data (G_OBJECT (button), "tag");
  const char * const *current = custcare_customer_get_tags (self->customer);

  for (guint i = 0; current[i] != NULL; i++)
    if (g_strcmp0 (current[i], tag) != 0)
      g_strv_builder_add (builder, current[i]);
  tags = g_strv_builder_end (builder);
  set_tags (self, tags);
}

static void
add_tag (CustcareCustomerPage *self,
         const char           *tag)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) tags = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (tag));

  if (*stripped == '\0')
    return;
  g_strv_builder_addv (builder, (const char **) custcare_customer_get_tags (self->customer));
  g_strv_builder_add (builder, stripped);
  tags = g_strv_builder_end (builder);
  set_tags (self, tags);
  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
  gtk_popover_popdown (GTK_POPOVER (self->tag_popover));
}

static void
rebuild_tags (CustcareCustomerPage *self)
{
  const char * const *tags = custcare_customer_get_tags (self->customer);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->tags_box)) != NULL)
    gtk_flow_box_remove (GTK_FLOW_BOX (self->tags_box), child);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      GtkWidget *chip = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      g_autofree char *tooltip = g_strdup_printf (_("Remove the tag “%s”"), tags[i]);

      gtk_box_append (GTK_BOX (box), gtk_label_new (tags[i]));
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("window-close-symbolic"));
      gtk_button_set_child (GTK_BUTTON (chip), box);
      gtk_widget_add_css_class (chip, "pill");
      gtk_widget_add_css_class (chip, "small");
      gtk_widget_set_tooltip_text (chip, tooltip);
      g_object_set_data_full (G_OBJECT (chip), "tag", g_strdup (tags[i]), g_free);
      g_signal_connect_object (chip, "clicked", G_CALLBACK (remove_tag_cb), self, 0);
      gtk_flow_box_append (GTK_FLOW_BOX (self->tags_box), chip);
    }
  gtk_widget_set_visible (self->tags_box, tags[0] != NULL);
}

static void
tag_entry_apply_cb (GtkEditable          *entry,
                    CustcareCustomerPage *self)
{
  add_tag (self, gtk_editable_get_text (entry));
}

static void
tag_suggestion_activated_cb (GtkListBox           *list,
                             GtkListBoxRow        *row,
                             CustcareCustomerPage *self)
{
  add_tag (self, g_object_get_data (G_OBJECT (row), "tag"));
}

/* Completion: existing tags that start with what was typed, so "vip" and "VIP" stay one tag. */
static void
tag_entry_changed_cb (GtkEditable          *entry,
                      CustcareCustomerPage *self)
{
  g_auto (GStrv) all = custcare_customer_repo_list_tags (self->store, NULL);
  g_autofree char *typed = g_utf8_casefold (gtk_editable_get_text (entry), -1);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (self->tag_suggestions)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->tag_suggestions), child);
  for (guint i = 0; *typed != '\0' && all != NULL && all[i] != NULL && shown < 8; i++)
    {
      g_autofree char *folded = g_utf8_casefold (all[i], -1);
      GtkWidget *row, *label;

      if (!g_str_has_prefix (folded, typed) || custcare_customer_has_tag (self->customer, all[i]))
        continue;
      label = gtk_label_new (all[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "tag", g_strdup (all[i]), g_free);
      gtk_list_box_append (GTK_LIST_BOX (self->tag_suggestions), row);
      shown++;
    }
  if (shown > 0)
    gtk_popover_popup (GTK_POPOVER (self->tag_popover));
  else
    gtk_popover_popdown (GTK_POPOVER (self->tag_popover));
}

/* Notes save when the text view loses focus. */
static gboolean
edit_notes (CustcareCustomer  *copy,
            gpointer           data,
            GError           **error)
{
  CustcareCustomerPage *self = data;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (self->notes_buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->notes_buffer, &start, &end, FALSE);
  custcare_customer_set_notes (copy, text);
  return TRUE;
}

static void
notes_focus_leave_cb (CustcareCustomerPage *self)
{
  g_autoptr (GError) error = NULL;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autofree char *stripped = NULL;

  gtk_text_buffer_get_bounds (self->notes_buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->notes_buffer, &start, &end, FALSE);
  stripped = g_strstrip (g_strdup (text));
  if (g_strcmp0 (stripped, custcare_customer_get_notes (self->customer)) == 0)
    return;
  if (!save_edit (self, edit_notes, self, &error))
    toast_message (self, error->message);
}

/* Switches */
static gboolean
edit_switch (CustcareCustomer  *copy,
             gpointer           data,
             GError           **error)
{
  CustcareCustomerPage *self = g_object_get_data (G_OBJECT (data), "page");
  gboolean active = adw_switch_row_get_active (ADW_SWITCH_ROW (data));

  if (data == (gpointer) self->consent_row)
    custcare_customer_set_marketing_consent (copy, active, active ? g_get_real_time () / G_USEC_PER_SEC : 0);
  else
    custcare_customer_set_do_not_contact (copy, active);
  return TRUE;
}

static void
switch_changed_cb (AdwSwitchRow         *row,
                   GParamSpec           *pspec,
                   CustcareCustomerPage *self)
{
  g_autoptr (GError) error = NULL;

  if (self->loading)
    return;
  if (!save_edit (self, edit_switch, row, &error))
    toast_message (self, error->message);
  update_record_rows (self);
}

static GtkWidget *
add_switch_row (CustcareCustomerPage *self,
                AdwPreferencesGroup  *group,
                const char           *title,
                const char           *subtitle,
                gboolean              active)
{
  GtkWidget *row = adw_switch_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_switch_row_set_active (ADW_SWITCH_ROW (row), active);
  g_object_set_data (G_OBJECT (row), "page", self);
  g_signal_connect_object (row, "notify::active", G_CALLBACK (switch_changed_cb), self, 0);
  adw_preferences_group_add (group, row);
  return row;
}

static GtkWidget *
add_info_row (AdwPreferencesGroup *group,
              const char          *title)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  return row;
}

/* Possible duplicates, while a customer is being created or edited. */
static void
open_duplicate_cb (GtkButton            *button,
                   CustcareCustomerPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "customer-id"));

  g_signal_emit (self, signals[OPEN_CUSTOMER], 0, id);
}

static void
merge_duplicate_cb (GtkButton            *button,
                    CustcareCustomerPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "customer-id"));

  gtk_widget_activate_action (GTK_WIDGET (self), "customer.merge-with", "x", id);
}

static gboolean
update_duplicates (gpointer user_data)
{
  CustcareCustomerPage *self = user_data;
  g_autoptr (GArray) found = NULL;

  self->duplicates_timeout = 0;
  for (guint i = 0; i < self->duplicate_rows->len; i++)
    adw_preferences_group_remove (self->duplicates_group, g_ptr_array_index (self->duplicate_rows, i));
  g_ptr_array_set_size (self->duplicate_rows, 0);

  found = custcare_customer_find_duplicates (self->store, self->customer, NULL);
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      CustcareDuplicate *dup = &g_array_index (found, CustcareDuplicate, i);
      g_autoptr (CustcareCustomer) other = custcare_customer_repo_get (self->store, dup->id, NULL);
      g_autofree char *title = NULL;
      g_autofree char *reason = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row, *open;

      if (other == NULL)
        continue;
      title = custcare_customer_dup_title (other);
      reason = custcare_duplicate_reason_text (dup->reasons);
      subtitle = g_strdup_printf ("%s — %s", reason,
                                  custcare_customer_get_primary_phone (other)
                                    ? custcare_customer_get_primary_phone (other)
                                    : custcare_customer_get_primary_email (other)
                                        ? custcare_customer_get_primary_email (other) : "");
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      open = gtk_button_new_with_mnemonic (_("_Open"));
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (open), "customer-id", GSIZE_TO_POINTER (dup->id));
      g_signal_connect_object (open, "clicked", G_CALLBACK (open_duplicate_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
      if (!self->is_draft)
        {
          GtkWidget *merge = gtk_button_new_with_mnemonic (_("_Merge…"));

          gtk_widget_set_valign (merge, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (merge), "customer-id", GSIZE_TO_POINTER (dup->id));
          g_signal_connect_object (merge, "clicked", G_CALLBACK (merge_duplicate_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), merge);
        }
      adw_preferences_group_add (self->duplicates_group, row);
      g_ptr_array_add (self->duplicate_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), self->duplicate_rows->len > 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_duplicates (CustcareCustomerPage *self)
{
  /* Every keystroke would be wasteful; a short pause in typing is enough. */
  g_clear_handle_id (&self->duplicates_timeout, g_source_remove);
  self->duplicates_timeout = g_timeout_add (150, update_duplicates, self);
}

static void
drop_tag_popover (CustcareCustomerPage *self)
{
  GtkWidget *popover = g_steal_pointer (&self->tag_popover);

  if (popover == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (popover), (gpointer *) &self->tag_popover);
  gtk_widget_unparent (popover);
}

static void
add_group (CustcareCustomerPage *self,
           AdwPreferencesGroup  *group)
{
  adw_preferences_page_add (self->form, group);
  g_ptr_array_add (self->groups, group);
}

static void
rebuild_form (CustcareCustomerPage *self)
{
  AdwPreferencesGroup *group;
  GtkWidget *row, *view, *frame;
  GPtrArray *phones, *emails;
  g_autofree char *birthday = NULL;

  self->loading = TRUE;
  /* The suggestions popover hangs off the old tag row: take it down with it. */
  drop_tag_popover (self);
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->form, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_hash_table_remove_all (self->error_labels);
  g_ptr_array_set_size (self->phone_rows, 0);
  g_ptr_array_set_size (self->email_rows, 0);
  g_ptr_array_set_size (self->duplicate_rows, 0);

  /* Who this is, at a glance, above the fields. */
  if (!self->is_draft)
    {
      g_autofree char *title = custcare_customer_dup_title (self->customer);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *avatar = adw_avatar_new (72, title, TRUE);
      GtkWidget *name = gtk_label_new (title);

      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_label_set_justify (GTK_LABEL (name), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (name, "title-1");
      gtk_box_append (GTK_BOX (box), avatar);
      gtk_box_append (GTK_BOX (box), name);
      if (custcare_customer_get_archived (self->customer))
        {
          GtkWidget *archived = gtk_label_new (_("Archived"));

          gtk_widget_add_css_class (archived, "dim-label");
          gtk_box_append (GTK_BOX (box), archived);
        }
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_add (group, box);
      add_group (self, group);
    }

  /* Name */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Name"));
  row = add_string_row (self, group, _("Given Name"), "given-name");
  if (self->is_draft)
    gtk_widget_grab_focus (row);
  add_string_row (self, group, _("Family Name"), "family-name");
  add_string_row (self, group, _("Display Name"), "display-name");
  add_string_row (self, group, _("Company"), "company");
  add_group (self, group);

  self->duplicates_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->duplicates_group, _("Possible Duplicates"));
  adw_preferences_group_set_description (self->duplicates_group,
                                         _("These customers have the same email or phone number, or a similar name"));
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), FALSE);
  add_group (self, self->duplicates_group);

  /* Phones and emails */
  self->phones_group = add_contact_group (self, _("Phone Numbers"), _("Add Phone Number"),
                                          G_CALLBACK (add_phone_clicked_cb));
  self->emails_group = add_contact_group (self, _("Email Addresses"), _("Add Email Address"),
                                          G_CALLBACK (add_email_clicked_cb));
  phones = custcare_customer_get_phones (self->customer);
  emails = custcare_customer_get_emails (self->customer);
  for (guint i = 0; i < phones->len; i++)
    {
      CustcareContact *c = g_ptr_array_index (phones, i);
      add_contact_row (self, TRUE, c->label, c->value);
    }
  for (guint i = 0; i < emails->len; i++)
    {
      CustcareContact *c = g_ptr_array_index (emails, i);
      add_contact_row (self, FALSE, c->label, c->value);
    }
  if (phones->len == 0)
    add_contact_row (self, TRUE, "", "");
  if (emails->len == 0)
    add_contact_row (self, FALSE, "", "");

  /* Address */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Address"));
  add_string_row (self, group, _("Street"), "address-street");
  add_string_row (self, group, _("Town or City"), "address-locality");
  add_string_row (self, group, _("Region"), "address-region");
  add_string_row (self, group, _("Postal Code"), "address-postal-code");
  add_string_row (self, group, _("Country"), "address-country");
  add_group (self, group);

  /* About */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("About"));
  self->birthday_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->birthday_row), _("Birthday (1984-03-07, or 03-07 without year)"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->birthday_row), !self->is_draft);
  birthday = custcare_customer_dup_birthday_text (self->customer);
  gtk_editable_set_text (GTK_EDITABLE (self->birthday_row), birthday);
  g_signal_connect_object (self->birthday_row, "apply", G_CALLBACK (birthday_apply_cb), self, 0);
  g_signal_connect_object (self->birthday_row, "changed", G_CALLBACK (birthday_changed_cb), self, 0);
  adw_preferences_group_add (group, self->birthday_row);
  add_string_row (self, group, _("Preferences"), "preferences");

  self->tag_entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tag_entry), _("Add a Tag"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->tag_entry), TRUE);
  g_signal_connect_object (self->tag_entry, "apply", G_CALLBACK (tag_entry_apply_cb), self, 0);
  g_signal_connect_object (self->tag_entry, "entry-activated", G_CALLBACK (tag_entry_apply_cb), self, 0);
  g_signal_connect_object (self->tag_entry, "changed", G_CALLBACK (tag_entry_changed_cb), self, 0);
  self->tag_suggestions = gtk_list_box_new ();
  gtk_widget_add_css_class (self->tag_suggestions, "navigation-sidebar");
  g_signal_connect_object (self->tag_suggestions, "row-activated", G_CALLBACK (tag_suggestion_activated_cb), self, 0);
  self->tag_popover = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->tag_popover), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->tag_popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->tag_popover), GTK_POS_BOTTOM);
  gtk_popover_set_child (GTK_POPOVER (self->tag_popover), self->tag_suggestions);
  gtk_widget_set_parent (self->tag_popover, self->tag_entry);
  /* Dies with its row whichever goes first. */
  g_object_add_weak_pointer (G_OBJECT (self->tag_popover), (gpointer *) &self->tag_popover);
  adw_preferences_group_add (group, self->tag_entry);
  self->tags_box = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->tags_box), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->tags_box), 8);
  gtk_widget_set_margin_top (self->tags_box, 6);
  adw_preferences_group_add (group, self->tags_box);
  rebuild_tags (self);
  add_group (self, group);

  /* Notes */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Notes"));
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_widget_set_size_request (view, -1, 100);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notes"), -1);
  self->notes_buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_text (self->notes_buffer, custcare_customer_get_notes (self->customer), -1);
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();
    g_signal_connect_object (focus, "leave", G_CALLBACK (notes_focus_leave_cb), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (view, focus);
  }
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (group, frame);
  add_group (self, group);

  /* Contact permissions */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Contact"));
  self->consent_row = add_switch_row (self, group, _("Marketing Consent"), NULL,
                                      custcare_customer_get_marketing_consent (self->customer));
  self->do_not_contact_row = add_switch_row (self, group, _("Do Not Contact"),
                                             _("No calls, emails or letters of any kind"),
                                             custcare_customer_get_do_not_contact (self->customer));
  add_group (self, group);

  /* Record */
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Record"));
  self->created_row = add_info_row (group, _("Created"));
  self->updated_row = add_info_row (group, _("Last Changed"));
  self->contacted_row = add_info_row (group, _("Last Contact"));
  gtk_widget_set_visible (GTK_WIDGET (group), !self->is_draft);
  add_group (self, group);

  update_record_rows (self);
  self->loading = FALSE;
  schedule_duplicates (self);
}

static void
create_clicked_cb (CustcareCustomerPage *self)
{
  g_autoptr (GError) error = NULL;
  GtkRoot *root;
  g_autofree char *title = NULL;

  notes_focus_leave_cb (self);
  if (custcare_customer_repo_insert (self->store, self->customer, &error) == 0)
    {
      toast_message (self, error->message);
      return;
    }
  /* From now on the page edits a saved customer. */
  self->is_draft = FALSE;
  gtk_widget_set_visible (self->create_button, FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_visible (self->menu_button, TRUE);
  rebuild_form (self);
  update_actions (self);
  for (guint i = 0; section_providers != NULL && i < section_providers->len; i++)
    {
      SectionProvider *p = &g_array_index (section_providers, SectionProvider, i);
      p->provider (self, p->user_data);
    }
  g_signal_emit (self, signals[CUSTOMER_SAVED], 0);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  title = custcare_customer_dup_title (self->customer);
  if (CUSTCARE_IS_WINDOW (root))
    {
      g_autofree char *message = g_strdup_printf (_("Added %s"), title);
      GtkWidget *nav = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_NAVIGATION_PAGE);

      if (nav != NULL)
        adw_navigation_page_set_title (ADW_NAVIGATION_PAGE (nav), title);
      toast_message (self, message);
    }
}

static void
cancel_clicked_cb (CustcareCustomerPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CUSTCARE_IS_WINDOW (root))
    custcare_window_show_detail (CUSTCARE_WINDOW (root), NULL, NULL);
}

/* Archive, delete, merge */
static void
update_actions (CustcareCustomerPage *self)
{
  gboolean saved = !self->is_draft && custcare_customer_get_id (self->customer) > 0;
  gboolean archived = saved && custcare_customer_get_archived (self->customer);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.archive", saved && !archived);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.unarchive", archived);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.delete", saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.merge", saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.merge-with", saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.export-data", saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.export-data-to", saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.erase", saved);
}

static void
reload_customer (CustcareCustomerPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareCustomer) fresh = custcare_customer_repo_get (self->store, custcare_customer_get_id (self->customer),
                                                                   &error);

  if (fresh == NULL)
    {
      adw_status_page_set_description (self->missing_page, error->message);
      gtk_stack_set_visible_child_name (self->overview_stack, "missing");
      return;
    }
  g_set_object (&self->customer, fresh);
  rebuild_form (self);
  update_actions (self);
}

static void
undo_archive_cb (CustcareCustomerPage *self)
{
  g_autoptr (GError) error = NULL;

  if (!custcare_customer_repo_archive (self->store, custcare_customer_get_id (self->customer),
                                      !custcare_customer_get_archived (self->customer), &error))
    {
      toast_message (self, error->message);
      return;
    }
  reload_customer (self);
  g_signal_emit (self, signals[CUSTOMER_SAVED], 0);
}

static void
set_archived (CustcareCustomerPage *self,
              gboolean              archived)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *title = custcare_customer_dup_title (self->customer);
  g_autofree char *message = NULL;
  AdwToast *t;

  if (!custcare_customer_repo_archive (self->store, custcare_customer_get_id (self->customer), archived, &error))
    {
      toast_message (self, error->message);
      return;
    }
  reload_customer (self);
  g_signal_emit (self, signals[CUSTOMER_SAVED], 0);

  message = g_strdup_printf (archived ? _("Archived %s") : _("Restored %s from the archive"), title);
  t = adw_toast_new (message);
  adw_toast_set_button_label (t, _("_Undo"));
  g_signal_connect_object (t, "button-clicked", G_CALLBACK (undo_archive_cb), self, G_CONNECT_SWAPPED);
  toast (self, t);
}

static void
archive_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_archived (CUSTCARE_CUSTOMER_PAGE (widget), TRUE);
}

static void
unarchive_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  set_archived (CUSTCARE_CUSTOMER_PAGE (widget), FALSE);
}

typedef struct
{
  CustcareStore            *store;
  CustcareCustomerSnapshot *undo;
  GWeakRef                  list_source;
  char                     *title;
} UndoData;

static void
undo_data_free (UndoData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->undo, custcare_customer_snapshot_unref);
  g_weak_ref_clear (&data->list_source);
  g_free (data->title);
  g_free (data);
}

static void
undo_delete_cb (AdwToast *t,
                UndoData *data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GObject) page = g_weak_ref_get (&data->list_source);

  if (!custcare_customer_repo_restore (data->store, data->undo, &error))
    {
      g_warning ("Could not undo: %s", error->message);
      return;
    }
  /* The page is gone from the pane; the list still listens to it for reloads. */
  if (page != NULL)
    g_signal_emit (page, signals[CUSTOMER_SAVED], 0);
}

static void
delete_response_cb (AdwAlertDialog       *dialog,
                    GAsyncResult         *result,
                    CustcareCustomerPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareCustomerSnapshot) undo = NULL;
  const char *response = adw_alert_dialog_choose_finish (dialog, result);
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  UndoData *data;
  AdwToast *t;

  if (g_strcmp0 (response, "delete") != 0)
    {
      g_object_unref (self);
      return;
    }
  title = custcare_customer_dup_title (self->customer);
  /* Deleted now, with an exact snapshot: Undo restores the same customer, id and history. */
  if (!custcare_customer_repo_delete (self->store, custcare_customer_get_id (self->customer), &undo, &error))
    {
      AdwDialog *refused = adw_alert_dialog_new (_("Customer Not Deleted"), error->message);

      adw_alert_dialog_add_response (ADW_ALERT_DIALOG (refused), "close", _("_Close"));
      adw_dialog_present (refused, GTK_WIDGET (self));
      g_object_unref (self);
      return;
    }

  data = g_new0 (UndoData, 1);
  data->store = g_object_ref (self->store);
  data->undo = g_steal_pointer (&undo);
  g_weak_ref_init (&data->list_source, self);
  message = g_strdup_printf (_("Deleted %s"), title);
  t = adw_toast_new (message);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_timeout (t, 10);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (undo_delete_cb), data, (GClosureNotify) undo_data_free, 0);
  toast (self, t);
  g_signal_emit (self, signals[CUSTOMER_DELETED], 0);
  g_object_unref (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CustcareCustomerPage *self = CUSTCARE_CUSTOMER_PAGE (widget);
  g_autofree char *title = custcare_customer_dup_title (self->customer);
  g_autofree char *heading = g_strdup_printf (_("Delete %s?"), title);
  AdwDialog *dialog = adw_alert_dialog_new (heading, _("Their details and interactions are deleted. You can undo "
                                                       "this for a few seconds. Customers with orders or points "
                                                       "cannot be deleted; archive them instead."));

  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_choose (ADW_ALERT_DIALOG (dialog), widget, NULL, (GAsyncReadyCallback) delete_response_cb,
                           g_object_ref (self));
}

static void
undo_merge_cb (AdwToast *t,
               UndoData *data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GObject) page = g_weak_ref_get (&data->list_source);

  if (!custcare_customer_repo_restore (data->store, data->undo, &error))
    {
      g_warning ("Could not undo the merge: %s", error->message);
      return;
    }
  if (page != NULL)
    {
      reload_customer (CUSTCARE_CUSTOMER_PAGE (page));
      g_signal_emit (page, signals[CUSTOMER_SAVED], 0);
    }
}

static void
merged_cb (CustcareCustomerPage     *self,
           CustcareCustomerSnapshot *undo,
           const char               *merged_title)
{
  g_autofree char *message = g_strdup_printf (_("Merged %s into this customer"), merged_title);
  UndoData *data;
  AdwToast *t;

  reload_customer (self);
  g_signal_emit (self, signals[CUSTOMER_SAVED], 0);

  data = g_new0 (UndoData, 1);
  data->store = g_object_ref (self->store);
  data->undo = custcare_customer_snapshot_ref (undo);
  g_weak_ref_init (&data->list_source, self);
  t = adw_toast_new (message);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_timeout (t, 10);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (undo_merge_cb), data, (GClosureNotify) undo_data_free, 0);
  toast (self, t);
}

static void
open_merge_dialog (CustcareCustomerPage *self,
                   gint64                other_id)
{
  CustcareCustomerMergeDialog *dialog =
    custcare_customer_merge_dialog_new (self->store, custcare_customer_get_id (self->customer), other_id);

  g_signal_connect_object (dialog, "merged", G_CALLBACK (merged_cb), self, G_CONNECT_SWAPPED);
  /* The dialog's toast and undo are the page's: the dialog is gone by then. */
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  open_merge_dialog (CUSTCARE_CUSTOMER_PAGE (widget), 0);
}

static void
merge_with_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_merge_dialog (CUSTCARE_CUSTOMER_PAGE (widget), g_variant_get_int64 (parameter));
}

/* Privacy requests (custcare-customer-privacy.c does the asking and the work) */
static void
export_data_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CustcareCustomerPage *self = CUSTCARE_CUSTOMER_PAGE (widget);
  g_autofree char *title = custcare_customer_dup_title (self->customer);

  custcare_customer_privacy_choose_export (widget, title);
}

static void
export_data_to_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CustcareCustomerPage *self = CUSTCARE_CUSTOMER_PAGE (widget);
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));

  custcare_customer_privacy_export (widget, self->store, custcare_customer_get_id (self->customer), file);
}

static void
erased_cb (GtkWidget *widget,
           gboolean   erased)
{
  CustcareCustomerPage *self = CUSTCARE_CUSTOMER_PAGE (widget);

  if (!erased)
    return;
  g_signal_emit (self, signals[CUSTOMER_SAVED], 0);
  /* What is left ("Erased customer", archived) in a fresh page from the list: rebuilding this
   * one in place, right after the confirmation gave the focus back to a row, leaks that row's
   * libadwaita animation (LeakSanitizer). */
  if (g_signal_has_handler_pending (self, signals[OPEN_CUSTOMER], 0, FALSE))
    g_signal_emit (self, signals[OPEN_CUSTOMER], 0, custcare_customer_get_id (self->customer));
  else
    reload_customer (self);
}

static void
erase_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CustcareCustomerPage *self = CUSTCARE_CUSTOMER_PAGE (widget);
  g_autofree char *title = custcare_customer_dup_title (self->customer);

  custcare_customer_privacy_confirm_erase (widget, self->store, custcare_customer_get_id (self->customer), title,
                                           erased_cb);
}

static void
custcare_customer_page_dispose (GObject *object)
{
  CustcareCustomerPage *self = CUSTCARE_CUSTOMER_PAGE (object);

  g_clear_handle_id (&self->duplicates_timeout, g_source_remove);
  drop_tag_popover (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_CUSTOMER_PAGE);

  G_OBJECT_CLASS (custcare_customer_page_parent_class)->dispose (object);
}

static void
custcare_customer_page_finalize (GObject *object)
{
  CustcareCustomerPage *self = CUSTCARE_CUSTOMER_PAGE (object);

  g_clear_object (&self->customer);
  g_clear_object (&self->store);
  g_clear_pointer (&self->phone_rows, g_ptr_array_unref);
  g_clear_pointer (&self->email_rows, g_ptr_array_unref);
  g_clear_pointer (&self->duplicate_rows, g_ptr_array_unref);
  g_clear_pointer (&self->error_labels, g_hash_table_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (custcare_customer_page_parent_class)->finalize (object);
}

static void
custcare_customer_page_class_init (CustcareCustomerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_customer_page_dispose;
  object_class->finalize = custcare_customer_page_finalize;

  /**
   * CustcareCustomerPage::customer-saved:
   *
   * The customer was created, changed, archived, merged or restored: lists and sections reload.
   */
  signals[CUSTOMER_SAVED] = g_signal_new ("customer-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 0);
  signals[CUSTOMER_DELETED] = g_signal_new ("customer-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The user asked to see another customer (a possible duplicate). */
  signals[OPEN_CUSTOMER] = g_signal_new ("open-customer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-customer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerPage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerPage, sections);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerPage, overview_stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerPage, form);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerPage, missing_page);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerPage, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_install_action (widget_class, "customer.archive", NULL, archive_action);
  gtk_widget_class_install_action (widget_class, "customer.unarchive", NULL, unarchive_action);
  gtk_widget_class_install_action (widget_class, "customer.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "customer.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "customer.merge-with", "x", merge_with_action);
  gtk_widget_class_install_action (widget_class, "customer.export-data", NULL, export_data_action);
  gtk_widget_class_install_action (widget_class, "customer.export-data-to", "s", export_data_to_action);
  gtk_widget_class_install_action (widget_class, "customer.erase", NULL, erase_action);
}

static void
custcare_customer_page_init (CustcareCustomerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->phone_rows = g_ptr_array_new ();
  self->email_rows = g_ptr_array_new ();
  self->duplicate_rows = g_ptr_array_new ();
  self->error_labels = g_hash_table_new (NULL, NULL);
  self->groups = g_ptr_array_new ();
}

CustcareCustomerPage *
custcare_customer_page_new (CustcareStore *store,
                            gint64         customer_id)
{
  CustcareCustomerPage *self;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_CUSTOMER_PAGE, NULL);
  self->store = g_object_ref (store);
  self->customer = custcare_customer_repo_get (store, customer_id, &error);
  if (self->customer == NULL)
    {
      self->customer = custcare_customer_new ();
      adw_status_page_set_description (self->missing_page, error->message);
      gtk_stack_set_visible_child_name (self->overview_stack, "missing");
      gtk_widget_set_visible (self->menu_button, FALSE);
      return self;
    }
  rebuild_form (self);
  update_actions (self);
  for (guint i = 0; section_providers != NULL && i < section_providers->len; i++)
    {
      SectionProvider *p = &g_array_index (section_providers, SectionProvider, i);
      p->provider (self, p->user_data);
    }
  return self;
}

static void
build_draft_form (CustcareCustomerPage *self)
{
  if (self->groups->len == 0)
    rebuild_form (self);
}

CustcareCustomerPage *
custcare_customer_page_new_draft (CustcareStore *store)
{
  CustcareCustomerPage *self;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_CUSTOMER_PAGE, NULL);
  self->store = g_object_ref (store);
  self->customer = custcare_customer_new ();
  self->is_draft = TRUE;
  gtk_widget_set_visible (self->create_button, TRUE);
  gtk_widget_set_visible (self->cancel_button, TRUE);
  gtk_widget_set_visible (self->menu_button, FALSE);
  /* The form is built when first shown, so the caller can prefill the draft first. */
  g_signal_connect (self, "map", G_CALLBACK (build_draft_form), NULL);
  update_actions (self);
  return self;
}

gint64
custcare_customer_page_get_customer_id (CustcareCustomerPage *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_PAGE (self), 0);

  return custcare_customer_get_id (self->customer);
}

/**
 * custcare_customer_page_get_store:
 *
 * Returns: (transfer none): the database the page reads and writes, for its sections
 */
CustcareStore *
custcare_customer_page_get_store (CustcareCustomerPage *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_PAGE (self), NULL);

  return self->store;
}

/**
 * custcare_customer_page_get_customer:
 *
 * Returns: (transfer none): the customer as last saved (or the draft)
 */
CustcareCustomer *
custcare_customer_page_get_customer (CustcareCustomerPage *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_PAGE (self), NULL);

  return self->customer;
}

char *
custcare_customer_page_dup_title (CustcareCustomerPage *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_PAGE (self), NULL);

  if (self->is_draft)
    return g_strdup (_("New Customer"));
  return custcare_customer_dup_title (self->customer);
}

void
custcare_customer_page_add_section (CustcareCustomerPage *self,
                                    GtkWidget            *widget,
                                    const char           *name,
                                    const char           *title,
                                    const char           *icon_name)
{
  AdwViewStackPage *page;

  g_return_if_fail (CUSTCARE_IS_CUSTOMER_PAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL && title != NULL);

  page = adw_view_stack_add_titled (self->sections, widget, name, title);
  if (icon_name != NULL)
    adw_view_stack_page_set_icon_name (page, icon_name);
}

/**
 * custcare_customer_page_get_section:
 *
 * Returns: (transfer none) (nullable): the widget added under @name
 */
GtkWidget *
custcare_customer_page_get_section (CustcareCustomerPage *self,
                                    const char           *name)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_PAGE (self), NULL);

  return adw_view_stack_get_child_by_name (self->sections, name);
}

void
custcare_customer_page_show_section (CustcareCustomerPage *self,
                                     const char           *name)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER_PAGE (self));

  adw_view_stack_set_visible_child_name (self->sections, name);
}

void
custcare_customer_page_add_section_provider (CustcareCustomerSectionProvider provider,
                                             gpointer                        user_data)
{
  SectionProvider p = { provider, user_data };

  g_return_if_fail (provider != NULL);

  if (section_providers == NULL)
    section_providers = g_array_new (FALSE, FALSE, sizeof (SectionProvider));
  g_array_append_val (section_providers, p);
}
