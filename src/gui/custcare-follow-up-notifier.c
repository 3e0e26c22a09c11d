/* custcare-follow-up-notifier.c — desktop notifications for follow-ups that fall due
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turns CustcareFollowUpMonitor's reports into GNotifications, sent through the application so
 * they reach GNOME Shell (org.gtk.Notifications), the portal in a Flatpak, or
 * org.freedesktop.Notifications elsewhere. Clicking one opens the customer ("app.open-customer");
 * its Mark Done button ("app.follow-up-done") closes the follow-up without opening the window.
 * At start-up, a few missed follow-ups get a notification each and the rest one summary, so a
 * shop returning from a holiday is not buried in pop-ups.
 */
#define G_LOG_DOMAIN "custcare-follow-ups"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "custcare-follow-up-notifier.h"

struct _CustcareFollowUpNotifier
{
  GObject                  parent_instance;

  GApplication            *application;   /* weak: the application owns us */
  CustcareStore           *store;
  CustcareFollowUpMonitor *monitor;
  guint                    at_start_count;
};

G_DEFINE_FINAL_TYPE (CustcareFollowUpNotifier, custcare_follow_up_notifier, G_TYPE_OBJECT)

char *
custcare_follow_up_notifier_dup_id (gint64 interaction_id)
{
  return g_strdup_printf ("follow-up-%" G_GINT64_FORMAT, interaction_id);
}

static void
send_follow_up (CustcareFollowUpNotifier *self,
                CustcareInteraction      *interaction)
{
  g_autoptr (GNotification) notification = NULL;
  g_autoptr (GDateTime) due = g_date_time_new_from_unix_local (custcare_interaction_get_follow_up_due_at (interaction));
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *when = NULL;
  g_autofree char *id = custcare_follow_up_notifier_dup_id (custcare_interaction_get_id (interaction));
  const char *name = custcare_interaction_get_customer_name (interaction);
  const char *what = *custcare_interaction_get_subject (interaction) ? custcare_interaction_get_subject (interaction)
                                                                     : custcare_interaction_get_notes (interaction);

  title = g_strdup_printf (_("Follow up with %s"), *name ? name : _("a customer"));
  /* Translators: a date and time, see the GDateTime format reference */
  when = g_date_time_format (due, _("%a %-d %b, %H:%M"));
  if (*what)
    body = g_strdup_printf (_("Due %s: %s"), when, what);
  else
    body = g_strdup_printf (_("Due %s"), when);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "x-gnome.reminder");
  g_notification_set_default_action_and_target_value (notification, "app.open-customer",
                                                      g_variant_new_int64 (custcare_interaction_get_customer_id (interaction)));
  g_notification_add_button_with_target_value (notification, _("Mark Done"), "app.follow-up-done",
                                               g_variant_new_int64 (custcare_interaction_get_id (interaction)));
  g_application_send_notification (self->application, id, notification);
}

static void
follow_up_due_cb (CustcareFollowUpNotifier *self,
                  CustcareInteraction      *interaction,
                  gboolean                  at_start)
{
  if (self->application == NULL)
    return;
  if (at_start && ++self->at_start_count > CUSTCARE_FOLLOW_UP_NOTIFIER_MAX_AT_START)
    return;
  send_follow_up (self, interaction);
}

void
custcare_follow_up_notifier_start (CustcareFollowUpNotifier *self)
{
  guint more;

  g_return_if_fail (CUSTCARE_IS_FOLLOW_UP_NOTIFIER (self));

  self->at_start_count = 0;
  custcare_follow_up_monitor_start (self->monitor);
  if (self->application == NULL || self->at_start_count <= CUSTCARE_FOLLOW_UP_NOTIFIER_MAX_AT_START)
    return;

  more = self->at_start_count - CUSTCARE_FOLLOW_UP_NOTIFIER_MAX_AT_START;
  {
    g_autoptr (GNotification) summary = NULL;
    g_autofree char *title = g_strdup_printf (ngettext ("%u more follow-up is overdue", "%u more follow-ups are overdue", more),
                                              more);

    summary = g_notification_new (title);
    g_notification_set_body (summary, _("See the Follow-ups list"));
    g_notification_set_category (summary, "x-gnome.reminder");
    g_notification_set_default_action_and_target_value (summary, "app.show-follow-ups", NULL);
    g_application_send_notification (self->application, "follow-ups-overdue", summary);
  }
}

static void
follow_up_done_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  CustcareFollowUpNotifier *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  g_autofree char *notification_id = custcare_follow_up_notifier_dup_id (id);
  g_autoptr (GError) error = NULL;

  if (!custcare_follow_ups_set_done (self->store, id, TRUE, &error))
    g_warning ("Could not mark the follow-up done: %s", error->message);
  if (self->application != NULL)
    g_application_withdraw_notification (self->application, notification_id);
}

static void
show_follow_ups_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  CustcareFollowUpNotifier *self = user_data;
  GtkApplication *app = GTK_IS_APPLICATION (self->application) ? GTK_APPLICATION (self->application) : NULL;
  GtkWindow *window = app != NULL ? gtk_application_get_active_window (app) : NULL;

  g_application_activate (self->application);
  window = app != NULL ? gtk_application_get_active_window (app) : window;
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "follow-ups");
}

CustcareFollowUpMonitor *
custcare_follow_up_notifier_get_monitor (CustcareFollowUpNotifier *self)
{
  g_return_val_if_fail (CUSTCARE_IS_FOLLOW_UP_NOTIFIER (self), NULL);
  return self->monitor;
}

static void
custcare_follow_up_notifier_dispose (GObject *object)
{
  CustcareFollowUpNotifier *self = CUSTCARE_FOLLOW_UP_NOTIFIER (object);

  if (self->monitor != NULL)
    custcare_follow_up_monitor_stop (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);
  if (self->application != NULL)
    {
      g_action_map_remove_action (G_ACTION_MAP (self->application), "follow-up-done");
      g_action_map_remove_action (G_ACTION_MAP (self->application), "show-follow-ups");
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }

  G_OBJECT_CLASS (custcare_follow_up_notifier_parent_class)->dispose (object);
}

static void
custcare_follow_up_notifier_class_init (CustcareFollowUpNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = custcare_follow_up_notifier_dispose;
}

static void
custcare_follow_up_notifier_init (CustcareFollowUpNotifier *self)
{
}

CustcareFollowUpNotifier *
custcare_follow_up_notifier_new (GApplication  *application,
                                 CustcareStore *store)
{
  CustcareFollowUpNotifier *self;
  const GActionEntry actions[] = {
    { .name = "follow-up-done", .parameter_type = "x", .activate = follow_up_done_activated },
    { .name = "show-follow-ups", .activate = show_follow_ups_activated },
  };

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_FOLLOW_UP_NOTIFIER, NULL);
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  self->store = g_object_ref (store);
  self->monitor = custcare_follow_up_monitor_new (store);
  g_signal_connect_object (self->monitor, "follow-up-due", G_CALLBACK (follow_up_due_cb), self, G_CONNECT_SWAPPED);
  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions), self);
  return self;
}
