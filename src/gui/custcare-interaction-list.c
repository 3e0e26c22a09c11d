/* custcare-interaction-list.c — a customer's interactions, for the customer page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkListView over CustcareInteractionTimeline: the model counts the customer's interactions
 * and reads rows a page at a time as the view scrolls, so a customer with years of calls opens as
 * fast as a new one. Enter on a row edits it, Delete deletes it (with Undo in a toast), and the
 * "timeline.add" action (Ctrl+Shift+N) adds one.
 */
#define G_LOG_DOMAIN "custcare-interactions"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-application.h"
#include "custcare-customer-page.h"
#include "custcare-customer.h"
#include "custcare-interaction-list.h"
#include "custcare-interaction-row.h"
#include "custcare-interaction-timeline.h"
#include "custcare-log-call-dialog.h"
#include "custcare-window.h"

struct _CustcareInteractionList
{
  AdwBin                       parent_instance;

  CustcareStore               *store;
  gint64                       customer_id;
  CustcareInteractionTimeline *timeline;

  GtkStack                    *stack;
  GtkListView                 *list_view;
  GtkLabel                    *count_label;
  GtkLabel                    *satisfaction_label;
};

G_DEFINE_FINAL_TYPE (CustcareInteractionList, custcare_interaction_list, ADW_TYPE_BIN)

static void
present_toast (CustcareInteractionList *self,
               AdwToast                *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CUSTCARE_IS_WINDOW (root))
    custcare_window_add_toast (CUSTCARE_WINDOW (root), toast);
  else
    {
      /* Not in the main window (tests, or a page shown elsewhere): say it in the log at least. */
      g_message ("%s", adw_toast_get_title (toast));
      g_object_ref_sink (toast);
      g_object_unref (toast);
    }
}

static void
update_summary (CustcareInteractionList *self)
{
  g_autoptr (GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->timeline));
  g_autofree char *count = NULL;
  double average = 0;
  guint rated = 0;
  int latest = 0;

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  count = g_strdup_printf (ngettext ("%u interaction", "%u interactions", n), n);
  gtk_label_set_label (self->count_label, count);

  if (!custcare_interactions_get_satisfaction (self->store, self->customer_id, &average, &rated, &latest, &error))
    g_warning ("Could not read satisfaction: %s", error->message);
  if (rated == 0)
    gtk_label_set_label (self->satisfaction_label, _("No satisfaction ratings yet"));
  else
    {
      g_autofree char *text = NULL;

      /* Translators: "Satisfaction 4.2 of 5 (7 ratings), latest 5" */
      text = g_strdup_printf (ngettext ("Satisfaction ★ %.1f of 5 (%u rating), latest ★ %d",
                                        "Satisfaction ★ %.1f of 5 (%u ratings), latest ★ %d", rated),
                              average, rated, latest);
      gtk_label_set_label (self->satisfaction_label, text);
    }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (item, custcare_interaction_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  CustcareInteraction *interaction = gtk_list_item_get_item (item);
  g_autofree char *summary = custcare_interaction_dup_summary (interaction);

  custcare_interaction_row_set_interaction (CUSTCARE_INTERACTION_ROW (gtk_list_item_get_child (item)), interaction);
  gtk_list_item_set_accessible_label (item, summary);
}

static void
edit_interaction (CustcareInteractionList *self,
                  CustcareInteraction     *interaction)
{
  CustcareLogCallDialog *dialog = custcare_log_call_dialog_new_for_interaction (self->store, interaction);

  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
}

static void
row_activated_cb (CustcareInteractionList *self,
                  guint                    position)
{
  g_autoptr (CustcareInteraction) interaction = g_list_model_get_item (G_LIST_MODEL (self->timeline), position);

  if (interaction != NULL)
    edit_interaction (self, interaction);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CustcareInteractionList *self = CUSTCARE_INTERACTION_LIST (widget);
  CustcareLogCallDialog *dialog = custcare_log_call_dialog_new_for_customer (self->store, self->customer_id);

  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CustcareInteractionList *self = CUSTCARE_INTERACTION_LIST (widget);
  g_autoptr (CustcareInteraction) interaction = NULL;
  g_autoptr (GError) error = NULL;

  interaction = custcare_interactions_get (self->store, g_variant_get_int64 (parameter), &error);
  if (interaction == NULL)
    present_toast (self, adw_toast_new (error->message));
  else
    edit_interaction (self, interaction);
}

static void
undo_delete_cb (AdwToast                *toast,
                CustcareInteractionList *self)
{
  CustcareInteraction *undo = g_object_get_data (G_OBJECT (toast), "undo");
  g_autoptr (GError) error = NULL;

  if (!custcare_interactions_restore (self->store, undo, &error))
    present_toast (self, adw_toast_new (error->message));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CustcareInteractionList *self = CUSTCARE_INTERACTION_LIST (widget);
  g_autoptr (CustcareInteraction) undo = NULL;
  g_autoptr (GError) error = NULL;
  AdwToast *toast;

  if (!custcare_interactions_delete (self->store, g_variant_get_int64 (parameter), &undo, &error))
    {
      present_toast (self, adw_toast_new (error->message));
      return;
    }

  toast = adw_toast_new (_("Interaction deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_use_markup (toast, FALSE);
  g_object_set_data_full (G_OBJECT (toast), "undo", g_steal_pointer (&undo), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  present_toast (self, toast);
}

/* Delete on the focused row. The list item widget holds the focus, our row is its child. */
static gboolean
key_pressed_cb (CustcareInteractionList *self,
                guint                    keyval,
                guint                    keycode,
                GdkModifierType          state)
{
  GtkWidget *focus;

  if ((keyval != GDK_KEY_Delete && keyval != GDK_KEY_KP_Delete) || (state & GDK_MODIFIER_MASK) != 0)
    return GDK_EVENT_PROPAGATE;

  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    {
      GtkWidget *child = gtk_widget_get_first_child (w);
      CustcareInteractionRow *row = NULL;

      if (CUSTCARE_IS_INTERACTION_ROW (w))
        row = CUSTCARE_INTERACTION_ROW (w);
      else if (child != NULL && CUSTCARE_IS_INTERACTION_ROW (child))
        row = CUSTCARE_INTERACTION_ROW (child);
      if (row != NULL && custcare_interaction_row_get_interaction (row) != NULL)
        {
          gtk_widget_activate_action (GTK_WIDGET (self), "timeline.delete", "x",
                                      custcare_interaction_get_id (custcare_interaction_row_get_interaction (row)));
          return GDK_EVENT_STOP;
        }
    }
  return GDK_EVENT_PROPAGATE;
}

GtkWidget *
custcare_interaction_list_new (CustcareStore *store,
                               gint64         customer_id)
{
  CustcareInteractionList *self;
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_INTERACTION_LIST, NULL);
  self->store = g_object_ref (store);
  self->customer_id = customer_id;
  self->timeline = custcare_interaction_timeline_new (store, customer_id);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->timeline)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (selection);

  g_signal_connect_object (self->timeline, "items-changed", G_CALLBACK (update_summary), self, G_CONNECT_SWAPPED);
  update_summary (self);
  return GTK_WIDGET (self);
}

/**
 * custcare_interaction_list_new_page:
 * @out_title: (out): the customer's name, for the page title
 *
 * A content-pane page with the customer's name in the header and their timeline below, for
 * showing a customer where the full customer page is not available.
 *
 * Returns: (transfer floating) (nullable): the page, or %NULL with @error set if the customer is gone
 */
GtkWidget *
custcare_interaction_list_new_page (CustcareStore  *store,
                                    gint64          customer_id,
                                    char          **out_title,
                                    GError        **error)
{
  g_autoptr (CustcareCustomer) customer = NULL;
  g_autofree char *title = NULL;
  GtkWidget *view, *header, *window_title;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  if ((customer = custcare_customer_repo_get (store, customer_id, error)) == NULL)
    return NULL;
  title = custcare_customer_dup_title (customer);

  view = adw_toolbar_view_new ();
  header = adw_header_bar_new ();
  window_title = adw_window_title_new (title, custcare_customer_get_primary_phone (customer));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), window_title);
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (view), header);
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (view), custcare_interaction_list_new (store, customer_id));

  if (out_title != NULL)
    *out_title = g_steal_pointer (&title);
  return view;
}

static void
add_customer_section (CustcareCustomerPage *page,
                      gpointer              user_data)
{
  custcare_customer_page_add_section (page,
                                      custcare_interaction_list_new (custcare_customer_page_get_store (page),
                                                                     custcare_customer_page_get_customer_id (page)),
                                      "interactions", _("Interactions"), "call-start-symbolic");
}

/**
 * custcare_interaction_list_register_customer_section:
 *
 * Puts the timeline on every customer page, as its Interactions tab. Call once at start-up; later
 * calls do nothing.
 */
void
custcare_interaction_list_register_customer_section (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      custcare_customer_page_add_section_provider (add_customer_section, NULL);
      g_once_init_leave (&registered, 1);
    }
}

gint64
custcare_interaction_list_get_customer_id (CustcareInteractionList *self)
{
  g_return_val_if_fail (CUSTCARE_IS_INTERACTION_LIST (self), 0);
  return self->customer_id;
}

/**
 * custcare_interaction_list_get_model:
 *
 * Returns: (transfer none): the timeline, newest first
 */
GListModel *
custcare_interaction_list_get_model (CustcareInteractionList *self)
{
  g_return_val_if_fail (CUSTCARE_IS_INTERACTION_LIST (self), NULL);
  return G_LIST_MODEL (self->timeline);
}

static void
custcare_interaction_list_dispose (GObject *object)
{
  CustcareInteractionList *self = CUSTCARE_INTERACTION_LIST (object);

  /* The template's top widget is also the bin's child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_INTERACTION_LIST);
  g_clear_object (&self->timeline);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (custcare_interaction_list_parent_class)->dispose (object);
}

static void
custcare_interaction_list_class_init (CustcareInteractionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_interaction_list_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-interaction-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionList, stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionList, list_view);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionList, count_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareInteractionList, satisfaction_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "timeline.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "timeline.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "timeline.delete", "x", delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "timeline.add", NULL);
}

static void
custcare_interaction_list_init (CustcareInteractionList *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
}
