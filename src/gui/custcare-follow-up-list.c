/* custcare-follow-up-list.c — the Follow-ups section of the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Four short lists: due today, overdue, upcoming, and recently done. Each row opens its customer
 * (Enter or click) and has Mark Done and Snooze buttons. "Today" is the user's local day; the lists
 * refresh after every change to interactions and at local midnight. The section's badge in the
 * sidebar counts what needs doing today, overdue included.
 */
#define G_LOG_DOMAIN "custcare-follow-ups"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-application.h"
#include "custcare-follow-up-list.h"
#include "custcare-follow-up-notifier.h"
#include "custcare-interaction-row.h"
#include "custcare-window.h"

struct _CustcareFollowUpList
{
  AdwBin               parent_instance;

  CustcareStore       *store;
  gulong               watch_id;
  guint                reload_idle;
  guint                midnight_source;

  GtkStack            *stack;
  AdwPreferencesGroup *today_group;
  AdwPreferencesGroup *overdue_group;
  AdwPreferencesGroup *upcoming_group;
  AdwPreferencesGroup *done_group;
  GtkListBox          *today_rows;
  GtkListBox          *overdue_rows;
  GtkListBox          *upcoming_rows;
  GtkListBox          *done_rows;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CustcareFollowUpList, custcare_follow_up_list, ADW_TYPE_BIN)

static void schedule_midnight (CustcareFollowUpList *self);

static void
get_section (CustcareFollowUpList   *self,
             CustcareFollowUpState   state,
             AdwPreferencesGroup   **out_group,
             GtkListBox            **out_rows)
{
  switch (state)
    {
    case CUSTCARE_FOLLOW_UP_DUE_TODAY:
      *out_group = self->today_group;
      *out_rows = self->today_rows;
      break;
    case CUSTCARE_FOLLOW_UP_OVERDUE:
      *out_group = self->overdue_group;
      *out_rows = self->overdue_rows;
      break;
    case CUSTCARE_FOLLOW_UP_UPCOMING:
      *out_group = self->upcoming_group;
      *out_rows = self->upcoming_rows;
      break;
    case CUSTCARE_FOLLOW_UP_DONE:
    default:
      *out_group = self->done_group;
      *out_rows = self->done_rows;
      break;
    }
}

GtkListBox *
custcare_follow_up_list_get_rows (CustcareFollowUpList  *self,
                                  CustcareFollowUpState  state)
{
  AdwPreferencesGroup *group;
  GtkListBox *rows;

  g_return_val_if_fail (CUSTCARE_IS_FOLLOW_UP_LIST (self), NULL);

  get_section (self, state, &group, &rows);
  return rows;
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static GtkWidget *
new_row (CustcareInteraction   *interaction,
         CustcareFollowUpState  state)
{
  gint64 id = custcare_interaction_get_id (interaction);
  const char *name = custcare_interaction_get_customer_name (interaction);
  g_autofree char *summary = custcare_interaction_dup_summary (interaction);
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  if (state == CUSTCARE_FOLLOW_UP_DONE)
    {
      g_autofree char *done = custcare_interaction_format_time (custcare_interaction_get_follow_up_done_at (interaction));
      when = g_strdup_printf (_("Done %s"), done);
    }
  else
    when = custcare_interaction_format_time (custcare_interaction_get_follow_up_due_at (interaction));
  /* Keep the subtitle to one line of the note: the row is a reminder, the timeline has the rest. */
  g_strdelimit (summary, "\n", ' ');
  subtitle = g_strdup_printf ("%s · %s", when, summary);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *name ? name : _("Unnamed customer"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "customer-id",
                     GSIZE_TO_POINTER ((gsize) custcare_interaction_get_customer_id (interaction)));
  g_object_set_data (G_OBJECT (row), "interaction-id", GSIZE_TO_POINTER ((gsize) id));

  if (state == CUSTCARE_FOLLOW_UP_DONE)
    {
      button = new_icon_button ("edit-undo-symbolic", _("Not Done Yet"));
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "follow-ups.reopen");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  else
    {
      g_autoptr (GMenu) snooze = g_menu_new ();
      static const struct { CustcareSnooze how; const char *label; } choices[] = {
        { CUSTCARE_SNOOZE_ONE_HOUR, N_("For an _Hour") },
        { CUSTCARE_SNOOZE_TOMORROW, N_("Until _Tomorrow") },
        { CUSTCARE_SNOOZE_NEXT_WEEK, N_("Until _Next Week") },
      };
      GtkWidget *menu_button = gtk_menu_button_new ();

      for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
        {
          g_autoptr (GMenuItem) item = g_menu_item_new (_(choices[i].label), NULL);
          g_menu_item_set_action_and_target_value (item, "follow-ups.snooze",
                                                   g_variant_new ("(xu)", id, (guint32) choices[i].how));
          g_menu_append_item (snooze, item);
        }
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "alarm-symbolic");
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (snooze));
      gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (menu_button, _("Snooze"));
      gtk_widget_add_css_class (menu_button, "flat");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);

      button = new_icon_button ("object-select-symbolic", _("Mark Done"));
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "follow-ups.done");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
update_badge (CustcareFollowUpList *self,
              guint                 due,
              gboolean              overdue)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);
  AdwViewStackPage *page;

  if (stack == NULL)
    return;
  for (GtkWidget *child = GTK_WIDGET (self); child != NULL; child = gtk_widget_get_parent (child))
    if ((page = adw_view_stack_get_page (ADW_VIEW_STACK (stack), child)) != NULL)
      {
        adw_view_stack_page_set_badge_number (page, due);
        adw_view_stack_page_set_needs_attention (page, overdue);
        return;
      }
}

void
custcare_follow_up_list_reload (CustcareFollowUpList *self)
{
  guint counts[CUSTCARE_N_FOLLOW_UP_STATES] = { 0 };
  g_autoptr (GError) error = NULL;
  gboolean any = FALSE;

  g_return_if_fail (CUSTCARE_IS_FOLLOW_UP_LIST (self));

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (!custcare_follow_ups_count (self->store, NULL, counts, &error))
    {
      g_warning ("Could not count follow-ups: %s", error->message);
      g_clear_error (&error);
    }

  for (CustcareFollowUpState state = 0; state < CUSTCARE_N_FOLLOW_UP_STATES; state++)
    {
      g_autoptr (GPtrArray) rows = NULL;
      AdwPreferencesGroup *group;
      GtkListBox *list;

      get_section (self, state, &group, &list);
      gtk_list_box_remove_all (list);
      rows = custcare_follow_ups_list (self->store, state, NULL, CUSTCARE_FOLLOW_UP_LIST_LIMIT, &error);
      if (rows == NULL)
        {
          g_warning ("Could not list follow-ups: %s", error->message);
          g_clear_error (&error);
          gtk_widget_set_visible (GTK_WIDGET (group), FALSE);
          continue;
        }
      for (guint i = 0; i < rows->len; i++)
        gtk_list_box_append (list, new_row (g_ptr_array_index (rows, i), state));
      gtk_widget_set_visible (GTK_WIDGET (group), rows->len > 0);
      if (counts[state] > rows->len)
        {
          g_autofree char *more = g_strdup_printf (ngettext ("%u more not shown", "%u more not shown",
                                                             counts[state] - rows->len),
                                                   counts[state] - rows->len);
          adw_preferences_group_set_description (group, more);
        }
      else
        adw_preferences_group_set_description (group, NULL);
      /* Done ones alone don't make a to-do list. */
      if (state != CUSTCARE_FOLLOW_UP_DONE)
        any |= rows->len > 0;
    }

  gtk_stack_set_visible_child_name (self->stack, any ? "list" : "empty");
  update_badge (self, counts[CUSTCARE_FOLLOW_UP_DUE_TODAY] + counts[CUSTCARE_FOLLOW_UP_OVERDUE],
                counts[CUSTCARE_FOLLOW_UP_OVERDUE] > 0);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  CustcareFollowUpList *self = user_data;

  self->reload_idle = 0;
  custcare_follow_up_list_reload (self);
  return G_SOURCE_REMOVE;
}

static void
interactions_changed_cb (gpointer user_data)
{
  CustcareFollowUpList *self = user_data;

  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add (reload_idle_cb, self);
}

static gboolean
midnight_cb (gpointer user_data)
{
  CustcareFollowUpList *self = user_data;

  self->midnight_source = 0;
  custcare_follow_up_list_reload (self);
  schedule_midnight (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_midnight (CustcareFollowUpList *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 day_end;

  g_clear_handle_id (&self->midnight_source, g_source_remove);
  custcare_follow_up_get_day (now, NULL, NULL, &day_end);
  self->midnight_source = g_timeout_add_seconds_full (G_PRIORITY_LOW, MAX (1, day_end - now + 1),
                                                      midnight_cb, self, NULL);
}

CustcareStore *
custcare_follow_up_list_get_store (CustcareFollowUpList *self)
{
  g_return_val_if_fail (CUSTCARE_IS_FOLLOW_UP_LIST (self), NULL);
  return self->store;
}

void
custcare_follow_up_list_set_store (CustcareFollowUpList *self,
                                   CustcareStore        *store)
{
  g_return_if_fail (CUSTCARE_IS_FOLLOW_UP_LIST (self));
  g_return_if_fail (store == NULL || CUSTCARE_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL && self->watch_id != 0)
    custcare_interactions_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      self->watch_id = custcare_interactions_watch (store, interactions_changed_cb, self);
      schedule_midnight (self);
    }
  else
    g_clear_handle_id (&self->midnight_source, g_source_remove);
  custcare_follow_up_list_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/* In the window's template the list is created before there is a store: take the application's. */
static void
find_store (CustcareFollowUpList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app;

  if (self->store != NULL || !GTK_IS_WINDOW (root))
    return;
  app = gtk_window_get_application (GTK_WINDOW (root));
  if (CUSTCARE_IS_APPLICATION (app))
    custcare_follow_up_list_set_store (self, custcare_application_get_store (CUSTCARE_APPLICATION (app)));
}

static void
custcare_follow_up_list_root (GtkWidget *widget)
{
  CustcareFollowUpList *self = CUSTCARE_FOLLOW_UP_LIST (widget);

  GTK_WIDGET_CLASS (custcare_follow_up_list_parent_class)->root (widget);
  g_signal_connect_object (gtk_widget_get_root (widget), "notify::application", G_CALLBACK (find_store), self,
                           G_CONNECT_SWAPPED);
  find_store (self);
}

static void
custcare_follow_up_list_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (custcare_follow_up_list_parent_class)->map (widget);
  find_store (CUSTCARE_FOLLOW_UP_LIST (widget));
}

static void
open_customer (CustcareFollowUpList *self,
               gint64                customer_id)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-customer", "x", customer_id);
}

static void
row_activated_cb (CustcareFollowUpList *self,
                  GtkListBoxRow        *row)
{
  open_customer (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "customer-id")));
}

static void
present_toast (CustcareFollowUpList *self,
               AdwToast             *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CUSTCARE_IS_WINDOW (root))
    custcare_window_add_toast (CUSTCARE_WINDOW (root), toast);
  else
    {
      g_object_ref_sink (toast);
      g_object_unref (toast);
    }
}

/* A reminder already on screen for a follow-up that was just handled here is stale. */
static void
withdraw_notification (gint64 interaction_id)
{
  GApplication *app = g_application_get_default ();
  g_autofree char *id = custcare_follow_up_notifier_dup_id (interaction_id);

  if (app != NULL)
    g_application_withdraw_notification (app, id);
}

static void
undo_done_cb (AdwToast             *toast,
              CustcareFollowUpList *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "interaction-id"));
  g_autoptr (GError) error = NULL;

  if (self->store != NULL && !custcare_follow_ups_set_done (self->store, id, FALSE, &error))
    present_toast (self, adw_toast_new (error->message));
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CustcareFollowUpList *self = CUSTCARE_FOLLOW_UP_LIST (widget);
  gint64 id = g_variant_get_int64 (parameter);
  gboolean done = g_str_equal (action_name, "follow-ups.done");
  g_autoptr (GError) error = NULL;
  AdwToast *toast;

  if (self->store == NULL)
    return;
  if (!custcare_follow_ups_set_done (self->store, id, done, &error))
    {
      present_toast (self, adw_toast_new (error->message));
      return;
    }
  /* Reload now rather than at idle so keyboard focus does not sit on a removed row. */
  custcare_follow_up_list_reload (self);
  if (!done)
    return;
  withdraw_notification (id);
  toast = adw_toast_new (_("Follow-up done"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data (G_OBJECT (toast), "interaction-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_done_cb), self, 0);
  present_toast (self, toast);
}

static void
snooze_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CustcareFollowUpList *self = CUSTCARE_FOLLOW_UP_LIST (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *message = NULL;
  gint64 id, due;
  guint32 how;

  if (self->store == NULL)
    return;
  g_variant_get (parameter, "(xu)", &id, &how);
  due = custcare_follow_up_snooze_until (how, g_get_real_time () / G_USEC_PER_SEC, NULL);
  if (!custcare_follow_ups_snooze (self->store, id, due, &error))
    {
      present_toast (self, adw_toast_new (error->message));
      return;
    }
  custcare_follow_up_list_reload (self);
  withdraw_notification (id);
  when = custcare_interaction_format_time (due);
  message = g_strdup_printf (_("Snoozed until %s"), when);
  present_toast (self, adw_toast_new (message));
}

GtkWidget *
custcare_follow_up_list_new (CustcareStore *store)
{
  return g_object_new (CUSTCARE_TYPE_FOLLOW_UP_LIST, "store", store, NULL);
}

static void
custcare_follow_up_list_dispose (GObject *object)
{
  CustcareFollowUpList *self = CUSTCARE_FOLLOW_UP_LIST (object);

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_clear_handle_id (&self->midnight_source, g_source_remove);
  if (self->store != NULL && self->watch_id != 0)
    custcare_interactions_unwatch (self->store, self->watch_id);
  self->watch_id = 0;
  g_clear_object (&self->store);
  /* The template's top widget is also the bin's child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_FOLLOW_UP_LIST);

  G_OBJECT_CLASS (custcare_follow_up_list_parent_class)->dispose (object);
}

static void
custcare_follow_up_list_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  CustcareFollowUpList *self = CUSTCARE_FOLLOW_UP_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_follow_up_list_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  CustcareFollowUpList *self = CUSTCARE_FOLLOW_UP_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      custcare_follow_up_list_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_follow_up_list_class_init (CustcareFollowUpListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_follow_up_list_dispose;
  object_class->get_property = custcare_follow_up_list_get_property;
  object_class->set_property = custcare_follow_up_list_set_property;
  widget_class->root = custcare_follow_up_list_root;
  widget_class->map = custcare_follow_up_list_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CUSTCARE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-follow-up-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareFollowUpList, stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareFollowUpList, today_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareFollowUpList, overdue_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareFollowUpList, upcoming_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareFollowUpList, done_group);
  gtk_widget_class_bind_template_child (widget_class, CustcareFollowUpList, today_rows);
  gtk_widget_class_bind_template_child (widget_class, CustcareFollowUpList, overdue_rows);
  gtk_widget_class_bind_template_child (widget_class, CustcareFollowUpList, upcoming_rows);
  gtk_widget_class_bind_template_child (widget_class, CustcareFollowUpList, done_rows);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "follow-ups.done", "x", done_action);
  gtk_widget_class_install_action (widget_class, "follow-ups.reopen", "x", done_action);
  gtk_widget_class_install_action (widget_class, "follow-ups.snooze", "(xu)", snooze_action);
}

static void
custcare_follow_up_list_init (CustcareFollowUpList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
