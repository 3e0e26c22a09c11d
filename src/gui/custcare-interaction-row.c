/* custcare-interaction-row.c — one entry of a customer's timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows what happened (channel, direction, outcome, subject or notes), when, and what is still
 * open (a follow-up and its state). Its menu activates the timeline's actions
 * ("timeline.edit" / "timeline.delete" with the interaction id), so the row holds no logic.
 */
#define G_LOG_DOMAIN "custcare-interactions"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-interaction-row.h"

struct _CustcareInteractionRow
{
  GtkWidget            parent_instance;

  CustcareInteraction *interaction;

  GtkWidget           *box;
  GtkImage            *channel_icon;
  GtkLabel            *title_label;
  GtkLabel            *when_label;
  GtkLabel            *summary_label;
  GtkLabel            *outcome_label;
  GtkLabel            *follow_up_label;
  GtkLabel            *satisfaction_label;
  GtkMenuButton       *menu_button;
};

G_DEFINE_FINAL_TYPE (CustcareInteractionRow, custcare_interaction_row, GTK_TYPE_WIDGET)

char *
custcare_interaction_format_time (gint64 when)
{
  g_autoptr (GDateTime) local = g_date_time_new_from_unix_local (when);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = NULL;
  gint64 today_start, day_start;

  if (local == NULL)
    return g_strdup ("");
  custcare_follow_up_get_day (g_date_time_to_unix (now), NULL, &today_start, NULL);
  custcare_follow_up_get_day (when, NULL, &day_start, NULL);
  /* Translators: a time of day, see the GDateTime format reference */
  clock = g_date_time_format (local, _("%H:%M"));
  if (day_start == today_start)
    return g_strdup_printf (_("Today, %s"), clock);
  if (day_start < today_start && today_start - day_start <= 25 * 3600)
    return g_strdup_printf (_("Yesterday, %s"), clock);
  if (day_start > today_start && day_start - today_start <= 25 * 3600)
    return g_strdup_printf (_("Tomorrow, %s"), clock);
  /* Translators: a date and time, see the GDateTime format reference */
  return g_date_time_format (local, _("%a %-d %b %Y, %H:%M"));
}

char *
custcare_interaction_dup_summary (CustcareInteraction *interaction)
{
  const char *subject = custcare_interaction_get_subject (interaction);
  const char *notes = custcare_interaction_get_notes (interaction);

  if (*subject)
    return g_strdup (subject);
  if (*notes)
    return g_strdup (notes);
  return g_strdup (_("No notes"));
}

static char *
dup_title (CustcareInteraction *interaction)
{
  CustcareChannel channel = custcare_interaction_get_channel (interaction);
  gboolean outbound = custcare_interaction_get_direction (interaction) == CUSTCARE_DIRECTION_OUTBOUND;

  switch (channel)
    {
    case CUSTCARE_CHANNEL_PHONE:
      return g_strdup (outbound ? _("Outgoing call") : _("Incoming call"));
    case CUSTCARE_CHANNEL_EMAIL:
      return g_strdup (outbound ? _("Email sent") : _("Email received"));
    case CUSTCARE_CHANNEL_LETTER:
      return g_strdup (outbound ? _("Letter sent") : _("Letter received"));
    case CUSTCARE_CHANNEL_IN_PERSON:
      return g_strdup (_("Visit"));
    case CUSTCARE_CHANNEL_CHAT:
    case CUSTCARE_CHANNEL_SOCIAL:
    case CUSTCARE_CHANNEL_OTHER:
    default:
      return g_strdup_printf ("%s · %s", custcare_channel_get_label (channel),
                              custcare_direction_get_label (custcare_interaction_get_direction (interaction)));
    }
}

static void
update (CustcareInteractionRow *self)
{
  CustcareInteraction *interaction = self->interaction;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *summary = NULL;
  g_autoptr (GMenu) menu = NULL;
  gint64 duration, due;
  int rating;

  if (interaction == NULL)
    return;

  title = dup_title (interaction);
  gtk_label_set_label (self->title_label, title);
  gtk_image_set_from_icon_name (self->channel_icon,
                                custcare_channel_get_icon_name (custcare_interaction_get_channel (interaction)));

  when = custcare_interaction_format_time (custcare_interaction_get_occurred_at (interaction));
  duration = custcare_interaction_get_duration (interaction);
  if (duration >= 0)
    {
      g_autofree char *with_duration = g_strdup_printf ("%s · %d:%02d", when, (int) (duration / 60), (int) (duration % 60));
      g_set_str (&when, with_duration);
    }
  gtk_label_set_label (self->when_label, when);

  summary = custcare_interaction_dup_summary (interaction);
  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label),
                               *custcare_interaction_get_notes (interaction) ? custcare_interaction_get_notes (interaction) : NULL);
  gtk_label_set_label (self->outcome_label, custcare_outcome_get_label (custcare_interaction_get_outcome (interaction)));

  due = custcare_interaction_get_follow_up_due_at (interaction);
  gtk_widget_set_visible (GTK_WIDGET (self->follow_up_label), due != 0);
  gtk_widget_remove_css_class (GTK_WIDGET (self->follow_up_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->follow_up_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->follow_up_label), "success");
  if (due != 0)
    {
      g_autofree char *due_text = custcare_interaction_format_time (due);
      g_autofree char *label = NULL;
      CustcareFollowUpState state = custcare_follow_up_get_state (due, custcare_interaction_get_follow_up_done_at (interaction),
                                                                  g_get_real_time () / G_USEC_PER_SEC, NULL);

      if (state == CUSTCARE_FOLLOW_UP_DONE)
        {
          label = g_strdup (_("Followed up"));
          gtk_widget_add_css_class (GTK_WIDGET (self->follow_up_label), "success");
        }
      else
        {
          label = g_strdup_printf (_("Follow up %s"), due_text);
          if (state == CUSTCARE_FOLLOW_UP_OVERDUE)
            gtk_widget_add_css_class (GTK_WIDGET (self->follow_up_label), "error");
          else if (state == CUSTCARE_FOLLOW_UP_DUE_TODAY)
            gtk_widget_add_css_class (GTK_WIDGET (self->follow_up_label), "warning");
        }
      gtk_label_set_label (self->follow_up_label, label);
    }

  rating = custcare_interaction_get_satisfaction (interaction);
  gtk_widget_set_visible (GTK_WIDGET (self->satisfaction_label), rating > 0);
  if (rating > 0)
    {
      g_autoptr (GString) stars = g_string_new (NULL);
      g_autofree char *accessible = g_strdup_printf (ngettext ("Satisfaction: %d star", "Satisfaction: %d stars", rating), rating);

      for (int i = 0; i < 5; i++)
        g_string_append (stars, i < rating ? "★" : "☆");
      gtk_label_set_label (self->satisfaction_label, stars->str);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->satisfaction_label), accessible);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->satisfaction_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }

  menu = g_menu_new ();
  {
    g_autoptr (GMenuItem) edit = g_menu_item_new (_("_Edit"), NULL);
    g_autoptr (GMenuItem) delete = g_menu_item_new (_("_Delete"), NULL);

    g_menu_item_set_action_and_target_value (edit, "timeline.edit",
                                             g_variant_new_int64 (custcare_interaction_get_id (interaction)));
    g_menu_item_set_action_and_target_value (delete, "timeline.delete",
                                             g_variant_new_int64 (custcare_interaction_get_id (interaction)));
    g_menu_append_item (menu, edit);
    g_menu_append_item (menu, delete);
  }
  gtk_menu_button_set_menu_model (self->menu_button, G_MENU_MODEL (menu));
}

CustcareInteraction *
custcare_interaction_row_get_interaction (CustcareInteractionRow *self)
{
  g_return_val_if_fail (CUSTCARE_IS_INTERACTION_ROW (self), NULL);
  return self->interaction;
}

void
custcare_interaction_row_set_interaction (CustcareInteractionRow *self,
                                          CustcareInteraction    *interaction)
{
  g_return_if_fail (CUSTCARE_IS_INTERACTION_ROW (self));

  if (g_set_object (&self->interaction, interaction))
    update (self);
}

static void
custcare_interaction_row_dispose (GObject *object)
{
  CustcareInteractionRow *self = CUSTCARE_INTERACTION_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_INTERACTION_ROW);
  g_clear_object (&self->interaction);

  G_OBJECT_CLASS (custcare_interaction_row_parent_class)->dispose (object);
}

static void
custcare_interaction_row_class_init (CustcareInteractionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_interaction_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-interaction-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionRow, box);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionRow, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionRow, when_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionRow, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionRow, follow_up_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionRow, satisfaction_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionRow, menu_button);
}

static void
custcare_interaction_row_init (CustcareInteractionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
custcare_interaction_row_new (void)
{
  return g_object_new (CUSTCARE_TYPE_INTERACTION_ROW, NULL);
}
