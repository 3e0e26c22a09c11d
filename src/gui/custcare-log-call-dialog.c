/* custcare-log-call-dialog.c — log a call (or any interaction) without touching the mouse
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The receptionist presses Ctrl+L with the phone at their ear. Focus starts in the customer field;
 * each keystroke searches names, phone digits and emails (the customer list's own search); Down
 * walks the matches, Enter picks one (Enter in the field picks the first). Focus then lands in
 * Notes, and Enter saves. Direction, outcome, follow-up and the rest follow with Tab. When nobody
 * matches, the last match row offers to add the caller as a new customer right here, prefilled
 * with what was typed. A call timer runs from the moment the dialog opens and becomes the
 * duration.
 */
#define G_LOG_DOMAIN "custcare-log-call"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "custcare-customer-search.h"
#include "custcare-customer.h"
#include "custcare-log-call-dialog.h"
#include "custcare-window.h"

/* Matches shown under the customer field; the search itself is capped in core. */
#define MAX_RESULTS 6

typedef enum
{
  FOLLOW_UP_NONE,
  FOLLOW_UP_KEEP,
  FOLLOW_UP_LATER_TODAY,
  FOLLOW_UP_TOMORROW,
  FOLLOW_UP_2_DAYS,
  FOLLOW_UP_3_DAYS,
  FOLLOW_UP_NEXT_WEEK,
  FOLLOW_UP_2_WEEKS,
  FOLLOW_UP_NEXT_MONTH,
} FollowUpChoice;

struct _CustcareLogCallDialog
{
  AdwDialog            parent_instance;

  CustcareStore       *store;
  CustcareInteraction *editing;
  gint64               customer_id;
  gboolean             new_customer;
  GArray              *follow_up_choices;   /* FollowUpChoice, parallel to the combo's model */

  gboolean             timer_enabled;
  gint64               timer_started_us;     /* monotonic; 0 while paused */
  gint64               timer_elapsed_us;     /* before the current run */
  guint                timer_source;

  AdwToastOverlay     *toast_overlay;
  GtkButton           *save_button;
  GtkSearchEntry      *customer_entry;
  GtkListBox          *results;
  GtkListBox          *chosen_list;
  AdwActionRow        *chosen_row;
  AdwAvatar           *chosen_avatar;
  AdwPreferencesGroup *new_customer_group;
  AdwEntryRow         *new_name_row;
  AdwEntryRow         *new_phone_row;
  AdwEntryRow         *new_email_row;
  AdwPreferencesGroup *call_group;
  GtkLabel            *timer_label;
  GtkButton           *timer_button;
  AdwEntryRow         *notes_row;
  AdwComboRow         *direction_row;
  AdwComboRow         *outcome_row;
  AdwComboRow         *follow_up_row;
  AdwEntryRow         *subject_row;
  AdwComboRow         *satisfaction_row;
  AdwComboRow         *channel_row;
};

G_DEFINE_FINAL_TYPE (CustcareLogCallDialog, custcare_log_call_dialog, ADW_TYPE_DIALOG)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (CustcareLogCallDialog *self,
            const char            *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The call timer. */

gint64
custcare_log_call_dialog_get_elapsed (CustcareLogCallDialog *self)
{
  gint64 us;

  g_return_val_if_fail (CUSTCARE_IS_LOG_CALL_DIALOG (self), 0);

  us = self->timer_elapsed_us;
  if (self->timer_started_us != 0)
    us += g_get_monotonic_time () - self->timer_started_us;
  return us / G_USEC_PER_SEC;
}

static void
update_timer_label (CustcareLogCallDialog *self)
{
  gint64 seconds = custcare_log_call_dialog_get_elapsed (self);
  g_autofree char *text = NULL;

  if (seconds >= 3600)
    text = g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60), (int) (seconds % 60));
  else
    text = g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
  gtk_label_set_label (self->timer_label, text);
}

static gboolean
timer_tick_cb (gpointer user_data)
{
  update_timer_label (user_data);
  return G_SOURCE_CONTINUE;
}

static void
set_timer_running (CustcareLogCallDialog *self,
                   gboolean               running)
{
  if (running == (self->timer_started_us != 0))
    return;

  if (running)
    {
      self->timer_started_us = g_get_monotonic_time ();
      self->timer_source = g_timeout_add (500, timer_tick_cb, self);
      gtk_button_set_icon_name (self->timer_button, "media-playback-pause-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->timer_button), _("Pause Call Timer"));
    }
  else
    {
      self->timer_elapsed_us += g_get_monotonic_time () - self->timer_started_us;
      self->timer_started_us = 0;
      g_clear_handle_id (&self->timer_source, g_source_remove);
      gtk_button_set_icon_name (self->timer_button, "media-playback-start-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->timer_button), _("Resume Call Timer"));
    }
  update_timer_label (self);
}

static void
timer_toggled_cb (CustcareLogCallDialog *self)
{
  set_timer_running (self, self->timer_started_us == 0);
}

/* Finding the customer. */

static char *
dup_contact_line (CustcareCustomer *customer)
{
  const char *phone = custcare_customer_get_primary_phone (customer);
  const char *email = custcare_customer_get_primary_email (customer);

  if (phone != NULL && *phone && email != NULL && *email)
    return g_strdup_printf ("%s · %s", phone, email);
  if (phone != NULL && *phone)
    return g_strdup (phone);
  return g_strdup (email != NULL ? email : "");
}

static GtkWidget *
new_result_row (const char *title,
                const char *subtitle,
                const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
hide_new_customer (CustcareLogCallDialog *self)
{
  self->new_customer = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->new_customer_group), FALSE);
}

static void
customer_search_changed_cb (CustcareLogCallDialog *self)
{
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->customer_entry))));
  g_autofree char *new_title = NULL;
  gboolean capped = FALSE;

  gtk_list_box_remove_all (self->results);
  hide_new_customer (self);
  if (*text == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
      return;
    }

  query->text = g_strdup (text);
  query->sort = CUSTCARE_CUSTOMER_SORT_LAST_CONTACT;
  query->archived = CUSTCARE_CUSTOMER_ARCHIVED_HIDE;
  /* On the main thread on purpose: the capped FTS query takes a few milliseconds even at a
   * million customers, and the receptionist must see the caller before the next keystroke. */
  ids = custcare_customer_search (self->store, query, &capped, NULL, &error);
  if (ids == NULL)
    g_warning ("Customer search failed: %s", error->message);

  for (guint i = 0; ids != NULL && i < MIN (ids->len, MAX_RESULTS); i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr (CustcareCustomer) customer = custcare_customer_repo_get (self->store, id, NULL);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (customer == NULL)
        continue;
      title = custcare_customer_dup_title (customer);
      subtitle = dup_contact_line (customer);
      row = new_result_row (title, subtitle, NULL);
      g_object_set_data (G_OBJECT (row), "customer-id", GSIZE_TO_POINTER ((gsize) id));
      gtk_list_box_append (self->results, row);
    }

  new_title = g_strdup_printf (_("New Customer “%s”"), text);
  {
    GtkWidget *row = new_result_row (new_title,
                                     ids != NULL && ids->len > 0 ? NULL : _("No customer matches: add the caller"),
                                     "contact-new-symbolic");
    g_object_set_data (G_OBJECT (row), "new-customer", GINT_TO_POINTER (TRUE));
    gtk_list_box_append (self->results, row);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->results), TRUE);
}

static void
choose_customer (CustcareLogCallDialog *self,
                 gint64                 customer_id)
{
  g_autoptr (CustcareCustomer) customer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  customer = custcare_customer_repo_get (self->store, customer_id, &error);
  if (customer == NULL)
    {
      show_error (self, error->message);
      return;
    }

  self->customer_id = customer_id;
  hide_new_customer (self);
  title = custcare_customer_dup_title (customer);
  subtitle = dup_contact_line (customer);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->chosen_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->chosen_row), title);
  adw_action_row_set_subtitle (self->chosen_row, subtitle);
  adw_avatar_set_text (self->chosen_avatar, title);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_entry), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->chosen_list), TRUE);
  if (gtk_widget_get_realized (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->notes_row));
  else
    adw_dialog_set_focus (ADW_DIALOG (self), GTK_WIDGET (self->notes_row));
}

static gboolean
looks_like_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr (" +-()./", *p))
        return FALSE;
    }
  return digits >= 3;
}

static void
start_new_customer (CustcareLogCallDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->customer_entry))));

  self->new_customer = TRUE;
  self->customer_id = 0;
  gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_phone_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_email_row), "");
  if (looks_like_phone (text))
    gtk_editable_set_text (GTK_EDITABLE (self->new_phone_row), text);
  else if (strchr (text, '@') != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->new_email_row), text);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->new_name_row), text);

  gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->new_customer_group), TRUE);
  /* The name is what is missing when the caller's number was typed. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->new_name_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->new_name_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->new_phone_row));
}

/* Enter in the new customer's details goes on to the call: Enter there saves. */
static void
new_customer_entry_activated_cb (CustcareLogCallDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->notes_row));
}

static void
result_activated_cb (CustcareLogCallDialog *self,
                     GtkListBoxRow         *row)
{
  if (g_object_get_data (G_OBJECT (row), "new-customer") != NULL)
    start_new_customer (self);
  else
    choose_customer (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "customer-id")));
}

/* Enter in the field takes the best match. */
static void
customer_entry_activate_cb (CustcareLogCallDialog *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if (first != NULL && gtk_widget_get_visible (GTK_WIDGET (self->results)))
    result_activated_cb (self, first);
}

static gboolean
customer_entry_key_cb (CustcareLogCallDialog *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  GtkListBoxRow *first;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || (state & GDK_MODIFIER_MASK) != 0)
    return GDK_EVENT_PROPAGATE;
  first = gtk_list_box_get_row_at_index (self->results, 0);
  if (first == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->results)))
    return GDK_EVENT_PROPAGATE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return GDK_EVENT_STOP;
}

/* Up from the first match goes back to the typing. */
static gboolean
results_keynav_failed_cb (CustcareLogCallDialog *self,
                          GtkDirectionType       direction)
{
  if (direction != GTK_DIR_UP)
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->customer_entry));
  return TRUE;
}

static void
change_customer_cb (CustcareLogCallDialog *self)
{
  self->customer_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->chosen_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_entry), TRUE);
  customer_search_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->customer_entry));
}

void
custcare_log_call_dialog_set_customer (CustcareLogCallDialog *self,
                                       gint64                 customer_id)
{
  g_return_if_fail (CUSTCARE_IS_LOG_CALL_DIALOG (self));

  choose_customer (self, customer_id);
}

gint64
custcare_log_call_dialog_get_customer_id (CustcareLogCallDialog *self)
{
  g_return_val_if_fail (CUSTCARE_IS_LOG_CALL_DIALOG (self), 0);
  return self->customer_id;
}

/* Follow-up choices. */

static const char *
follow_up_choice_label (FollowUpChoice choice)
{
  switch (choice)
    {
    case FOLLOW_UP_NONE: return _("No follow-up");
    case FOLLOW_UP_LATER_TODAY: return _("In 2 hours");
    case FOLLOW_UP_TOMORROW: return _("Tomorrow");
    case FOLLOW_UP_2_DAYS: return _("In 2 days");
    case FOLLOW_UP_3_DAYS: return _("In 3 days");
    case FOLLOW_UP_NEXT_WEEK: return _("In a week");
    case FOLLOW_UP_2_WEEKS: return _("In 2 weeks");
    case FOLLOW_UP_NEXT_MONTH: return _("In a month");
    case FOLLOW_UP_KEEP:
    default: return "";
    }
}

static void
setup_follow_up_choices (CustcareLogCallDialog *self,
                         gint64                 keep_due_at)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  static const FollowUpChoice choices[] = {
    FOLLOW_UP_NONE, FOLLOW_UP_KEEP, FOLLOW_UP_LATER_TODAY, FOLLOW_UP_TOMORROW, FOLLOW_UP_2_DAYS,
    FOLLOW_UP_3_DAYS, FOLLOW_UP_NEXT_WEEK, FOLLOW_UP_2_WEEKS, FOLLOW_UP_NEXT_MONTH,
  };

  g_array_set_size (self->follow_up_choices, 0);
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      if (choices[i] == FOLLOW_UP_KEEP)
        {
          g_autoptr (GDateTime) due = NULL;
          g_autofree char *when = NULL;
          g_autofree char *label = NULL;

          if (keep_due_at == 0)
            continue;
          due = g_date_time_new_from_unix_local (keep_due_at);
          /* Translators: a date and time, see the GDateTime format reference */
          when = g_date_time_format (due, _("%a %-d %b %Y, %H:%M"));
          label = g_strdup_printf (_("As planned: %s"), when);
          gtk_string_list_append (labels, label);
        }
      else
        gtk_string_list_append (labels, follow_up_choice_label (choices[i]));
      g_array_append_val (self->follow_up_choices, choices[i]);
    }
  adw_combo_row_set_model (self->follow_up_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->follow_up_row, keep_due_at != 0 ? 1 : 0);
}

static gint64
compute_follow_up_due (CustcareLogCallDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->follow_up_row);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) day = NULL;
  FollowUpChoice choice;
  int year, month, mday;

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->follow_up_choices->len)
    return 0;
  choice = g_array_index (self->follow_up_choices, FollowUpChoice, selected);
  switch (choice)
    {
    case FOLLOW_UP_NONE: return 0;
    case FOLLOW_UP_KEEP: return self->editing ? custcare_interaction_get_follow_up_due_at (self->editing) : 0;
    case FOLLOW_UP_LATER_TODAY: return g_date_time_to_unix (now) + 2 * 3600;
    case FOLLOW_UP_TOMORROW: day = g_date_time_add_days (now, 1); break;
    case FOLLOW_UP_2_DAYS: day = g_date_time_add_days (now, 2); break;
    case FOLLOW_UP_3_DAYS: day = g_date_time_add_days (now, 3); break;
    case FOLLOW_UP_NEXT_WEEK: day = g_date_time_add_weeks (now, 1); break;
    case FOLLOW_UP_2_WEEKS: day = g_date_time_add_weeks (now, 2); break;
    case FOLLOW_UP_NEXT_MONTH:
    default: day = g_date_time_add_months (now, 1); break;
    }
  g_date_time_get_ymd (day, &year, &month, &mday);
  return custcare_follow_up_due_for_date (NULL, year, month, mday);
}

/* A promise to call back is what "needs follow-up" means: offer tomorrow rather than nothing. */
static void
outcome_changed_cb (CustcareLogCallDialog *self)
{
  if (adw_combo_row_get_selected (self->outcome_row) == CUSTCARE_OUTCOME_FOLLOW_UP &&
      adw_combo_row_get_selected (self->follow_up_row) == 0)
    {
      for (guint i = 0; i < self->follow_up_choices->len; i++)
        if (g_array_index (self->follow_up_choices, FollowUpChoice, i) == FOLLOW_UP_TOMORROW)
          adw_combo_row_set_selected (self->follow_up_row, i);
    }
}

/* Saving. */

static gint64
create_customer (CustcareLogCallDialog  *self,
                 GError                **error)
{
  g_autoptr (CustcareCustomer) customer = custcare_customer_new ();
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_name_row))));
  const char *phone = gtk_editable_get_text (GTK_EDITABLE (self->new_phone_row));
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->new_email_row));
  char *space = strrchr (name, ' ');

  /* "Jane Doe" is a given and a family name; a single word is how the shop knows them. */
  if (space != NULL)
    {
      *space = '\0';
      custcare_customer_set_given_name (customer, g_strstrip (name));
      custcare_customer_set_family_name (customer, g_strstrip (space + 1));
    }
  else
    custcare_customer_set_display_name (customer, name);
  if (*phone)
    custcare_customer_add_phone (customer, _("Phone"), phone);
  if (*email)
    custcare_customer_add_email (customer, _("Email"), email);
  return custcare_customer_repo_insert (self->store, customer, error);
}

static void
save_clicked_cb (CustcareLogCallDialog *self)
{
  g_autoptr (CustcareInteraction) interaction = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *notes = NULL;
  gint64 created_customer = 0;
  GtkRoot *root;
  gboolean ok;

  if (self->customer_id == 0 && !self->new_customer)
    {
      show_error (self, _("Choose the customer first: type part of their name, phone number or email"));
      gtk_widget_grab_focus (GTK_WIDGET (self->customer_entry));
      return;
    }

  if (self->new_customer)
    {
      if ((created_customer = create_customer (self, &error)) == 0)
        {
          show_error (self, error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->new_name_row));
          return;
        }
      self->customer_id = created_customer;
    }

  interaction = self->editing != NULL ? custcare_interaction_copy (self->editing) : custcare_interaction_new ();
  notes = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->notes_row))));
  custcare_interaction_set_customer_id (interaction, self->customer_id);
  custcare_interaction_set_channel (interaction, adw_combo_row_get_selected (self->channel_row));
  custcare_interaction_set_direction (interaction, adw_combo_row_get_selected (self->direction_row));
  custcare_interaction_set_outcome (interaction, adw_combo_row_get_selected (self->outcome_row));
  custcare_interaction_set_satisfaction (interaction, adw_combo_row_get_selected (self->satisfaction_row));
  custcare_interaction_set_notes (interaction, notes);
  custcare_interaction_set_subject (interaction, gtk_editable_get_text (GTK_EDITABLE (self->subject_row)));
  if (self->timer_enabled)
    custcare_interaction_set_duration (interaction, custcare_log_call_dialog_get_elapsed (self));
  {
    gint64 due = compute_follow_up_due (self);

    if (due != custcare_interaction_get_follow_up_due_at (interaction))
      {
        custcare_interaction_set_follow_up_due_at (interaction, due);
        custcare_interaction_set_follow_up_done_at (interaction, 0);
      }
  }

  if (self->editing != NULL)
    ok = custcare_interactions_update (self->store, interaction, &error);
  else
    ok = custcare_interactions_add (self->store, interaction, &error) != 0;

  if (!ok)
    {
      /* Don't leave a customer behind for a call that was not logged. */
      if (created_customer != 0)
        {
          custcare_customer_repo_delete (self->store, created_customer, NULL, NULL);
          self->customer_id = 0;
        }
      show_error (self, error->message);
      return;
    }

  set_timer_running (self, FALSE);
  g_signal_emit (self, signals[SAVED], 0, custcare_interaction_get_id (interaction));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (CUSTCARE_IS_WINDOW (root))
    {
      g_autofree char *name = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->chosen_row)));
      g_autofree char *message = NULL;

      if (self->new_customer)
        g_set_str (&name, gtk_editable_get_text (GTK_EDITABLE (self->new_name_row)));
      if (self->editing != NULL)
        message = g_strdup (_("Interaction saved"));
      else
        message = g_strdup_printf (_("Logged the call with %s"), name);
      custcare_window_add_toast (CUSTCARE_WINDOW (root), adw_toast_new (message));
    }
  adw_dialog_force_close (ADW_DIALOG (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save_clicked_cb (CUSTCARE_LOG_CALL_DIALOG (widget));
}

static void
custcare_log_call_dialog_dispose (GObject *object)
{
  CustcareLogCallDialog *self = CUSTCARE_LOG_CALL_DIALOG (object);

  g_clear_handle_id (&self->timer_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_LOG_CALL_DIALOG);

  G_OBJECT_CLASS (custcare_log_call_dialog_parent_class)->dispose (object);
}

static void
custcare_log_call_dialog_finalize (GObject *object)
{
  CustcareLogCallDialog *self = CUSTCARE_LOG_CALL_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->editing);
  g_clear_pointer (&self->follow_up_choices, g_array_unref);

  G_OBJECT_CLASS (custcare_log_call_dialog_parent_class)->finalize (object);
}

static void
custcare_log_call_dialog_class_init (CustcareLogCallDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_log_call_dialog_dispose;
  object_class->finalize = custcare_log_call_dialog_finalize;

  /**
   * CustcareLogCallDialog::saved:
   * @interaction_id: the interaction that was logged or edited
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-log-call-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, customer_entry);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, results);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, chosen_list);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, chosen_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, chosen_avatar);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, new_customer_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, new_name_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, new_phone_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, new_email_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, call_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, timer_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, timer_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, direction_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, follow_up_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, satisfaction_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareLogCallDialog, channel_row);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_customer_cb);
  gtk_widget_class_bind_template_callback (widget_class, timer_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, adw_dialog_close);
  gtk_widget_class_bind_template_callback (widget_class, new_customer_entry_activated_cb);

  /* Ctrl+Enter saves from anywhere in the dialog, also from a combo row. */
  gtk_widget_class_install_action (widget_class, "log-call.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "log-call.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "log-call.save", NULL);
}

static GListModel *
labels_model (const char *(*label_func) (guint),
              guint        n)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, label_func (i));
  return G_LIST_MODEL (list);
}

static const char *
direction_label (guint i)
{
  return custcare_direction_get_label (i);
}

static const char *
outcome_label (guint i)
{
  return custcare_outcome_get_label (i);
}

static const char *
channel_label (guint i)
{
  return custcare_channel_get_label (i);
}

static const char *
satisfaction_label (guint rating)
{
  static const char *labels[] = {
    N_("Not rated"), N_("★ Very unhappy"), N_("★★ Unhappy"), N_("★★★ Neutral"), N_("★★★★ Happy"),
    N_("★★★★★ Very happy"),
  };
  return _(labels[MIN (rating, G_N_ELEMENTS (labels) - 1)]);
}

static void
custcare_log_call_dialog_init (CustcareLogCallDialog *self)
{
  g_autoptr (GListModel) directions = NULL;
  g_autoptr (GListModel) outcomes = NULL;
  g_autoptr (GListModel) ratings = NULL;
  g_autoptr (GListModel) channels = NULL;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->follow_up_choices = g_array_new (FALSE, FALSE, sizeof (FollowUpChoice));

  directions = labels_model (direction_label, CUSTCARE_N_DIRECTIONS);
  outcomes = labels_model (outcome_label, CUSTCARE_N_OUTCOMES);
  ratings = labels_model (satisfaction_label, 6);
  channels = labels_model (channel_label, CUSTCARE_N_CHANNELS);
  adw_combo_row_set_model (self->direction_row, directions);
  adw_combo_row_set_model (self->outcome_row, outcomes);
  adw_combo_row_set_model (self->satisfaction_row, ratings);
  adw_combo_row_set_model (self->channel_row, channels);
  setup_follow_up_choices (self, 0);
  g_signal_connect_object (self->outcome_row, "notify::selected", G_CALLBACK (outcome_changed_cb), self,
                           G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (customer_entry_key_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->customer_entry), keys);
  g_signal_connect_object (self->results, "keynav-failed", G_CALLBACK (results_keynav_failed_cb), self,
                           G_CONNECT_SWAPPED);
}

CustcareLogCallDialog *
custcare_log_call_dialog_new (CustcareStore *store)
{
  CustcareLogCallDialog *self;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_LOG_CALL_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->timer_enabled = TRUE;
  set_timer_running (self, TRUE);
  return self;
}

CustcareLogCallDialog *
custcare_log_call_dialog_new_for_customer (CustcareStore *store,
                                           gint64         customer_id)
{
  CustcareLogCallDialog *self;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_LOG_CALL_DIALOG, "title", _("Add Interaction"), NULL);
  self->store = g_object_ref (store);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->timer_label)), FALSE);
  adw_preferences_group_set_title (self->call_group, _("Interaction"));
  choose_customer (self, customer_id);
  return self;
}

CustcareLogCallDialog *
custcare_log_call_dialog_new_for_interaction (CustcareStore       *store,
                                              CustcareInteraction *interaction)
{
  CustcareLogCallDialog *self;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (CUSTCARE_IS_INTERACTION (interaction), NULL);

  self = custcare_log_call_dialog_new_for_customer (store, custcare_interaction_get_customer_id (interaction));
  adw_dialog_set_title (ADW_DIALOG (self), _("Edit Interaction"));
  self->editing = custcare_interaction_copy (interaction);
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), custcare_interaction_get_notes (interaction));
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), custcare_interaction_get_subject (interaction));
  adw_combo_row_set_selected (self->direction_row, custcare_interaction_get_direction (interaction));
  adw_combo_row_set_selected (self->channel_row, custcare_interaction_get_channel (interaction));
  adw_combo_row_set_selected (self->satisfaction_row, custcare_interaction_get_satisfaction (interaction));
  setup_follow_up_choices (self, custcare_interaction_get_follow_up_due_at (interaction));
  /* After the follow-up choices, so "needs follow-up" does not replace the planned date. */
  adw_combo_row_set_selected (self->outcome_row, custcare_interaction_get_outcome (interaction));
  return self;
}
