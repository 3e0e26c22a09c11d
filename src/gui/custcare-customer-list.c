/* custcare-customer-list.c — the Customers section of the sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A search entry over a GtkListView of CustcareCustomerListModel. Typing searches (off the main
 * thread; stale searches are cancelled by the model); the keyboard never has to leave the entry:
 * Down/Up move through the results, Enter opens the selected customer, Escape clears.
 */
#define G_LOG_DOMAIN "custcare-customer-list"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-application.h"
#include "custcare-customer-list.h"
#include "custcare-customer-page.h"
#include "custcare-reports.h"
#include "custcare-window.h"

struct _CustcareCustomerList
{
  AdwBin                     parent_instance;

  CustcareCustomerListModel *model;
  GtkSingleSelection        *selection;
  CustcareCustomerQuery     *query;
  GSimpleActionGroup        *actions;

  GtkSearchEntry            *search_entry;
  GtkMenuButton             *filter_button;
  AdwBanner                 *capped_banner;
  AdwBanner                 *segment_banner;
  GtkStack                  *stack;
  GtkListView               *list_view;
  GMenu                     *tag_menu;
  GMenu                     *tier_menu;
  GMenu                     *segment_menu;
};

G_DEFINE_FINAL_TYPE (CustcareCustomerList, custcare_customer_list, ADW_TYPE_BIN)

static CustcareStore *
get_store (CustcareCustomerList *self)
{
  GApplication *app = g_application_get_default ();

  if (!CUSTCARE_IS_APPLICATION (app))
    return NULL;
  return custcare_application_get_store (CUSTCARE_APPLICATION (app));
}

static void
update_state (CustcareCustomerList *self)
{
  const char *text;
  gboolean filtered;

  if (self->model == NULL)
    return;
  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filtered = (text != NULL && *text != '\0') || self->query->tag != NULL || self->query->tier != NULL ||
             self->query->open_orders || self->query->segment != NULL ||
             self->query->archived != CUSTCARE_CUSTOMER_ARCHIVED_HIDE;

  adw_banner_set_revealed (self->capped_banner, custcare_customer_list_model_get_capped (self->model));
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (custcare_customer_list_model_get_searching (self->model))
    return; /* keep showing the previous answer until the new one is in */
  else
    gtk_stack_set_visible_child_name (self->stack, filtered ? "no-results" : "empty");
}

static void
apply_query (CustcareCustomerList *self)
{
  if (self->model != NULL)
    custcare_customer_list_model_set_query (self->model, self->query);
  update_state (self);
}

static void
search_changed_cb (CustcareCustomerList *self)
{
  g_free (self->query->text);
  self->query->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  apply_query (self);
}

static void
open_position (CustcareCustomerList *self,
               guint                 position)
{
  g_autoptr (CustcareCustomerSummary) summary = NULL;

  if (self->model == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;
  summary = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (custcare_customer_summary_get_id (summary) > 0)
    custcare_customer_list_open_customer (self, custcare_customer_summary_get_id (summary));
}

static void
list_activate_cb (CustcareCustomerList *self,
                  guint                 position)
{
  gtk_single_selection_set_selected (self->selection, position);
  open_position (self, position);
}

static void
search_activate_cb (CustcareCustomerList *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  /* Enter opens the highlighted customer, or the first match when none is highlighted yet. */
  open_position (self, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
}

static void
stop_search_cb (CustcareCustomerList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
move_selection (CustcareCustomerList *self,
                int                   delta)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint target;

  if (n == 0)
    return;
  if (selected == GTK_INVALID_LIST_POSITION)
    target = delta > 0 ? 0 : n - 1;
  else if (delta < 0)
    target = selected > (guint) -delta ? selected + delta : 0;
  else
    target = MIN (selected + delta, n - 1);
  gtk_single_selection_set_selected (self->selection, target);
  gtk_list_view_scroll_to (self->list_view, target, GTK_LIST_SCROLL_NONE, NULL);
}

static gboolean
search_key_pressed_cb (CustcareCustomerList  *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_selection (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_selection (self, -1);
      return TRUE;
    case GDK_KEY_Page_Down:
      move_selection (self, 10);
      return TRUE;
    case GDK_KEY_Page_Up:
      move_selection (self, -10);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
model_changed_cb (CustcareCustomerList *self)
{
  /* A new answer: highlight its first row so Enter opens it. */
  if (self->model != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0 &&
      !custcare_customer_list_model_get_searching (self->model))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

      if (text != NULL && *text != '\0')
        gtk_single_selection_set_selected (self->selection, 0);
    }
  update_state (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  CustcareCustomerSummary *summary = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  const char *sub = custcare_customer_summary_get_subtitle (summary);
  g_autofree char *accessible = NULL;

  if (custcare_customer_summary_get_archived (summary))
    {
      g_autofree char *text = g_strdup_printf (_("%s (archived)"), custcare_customer_summary_get_title (summary));
      gtk_label_set_text (GTK_LABEL (title), text);
    }
  else
    gtk_label_set_text (GTK_LABEL (title), custcare_customer_summary_get_title (summary));
  gtk_label_set_text (GTK_LABEL (subtitle), sub);
  gtk_widget_set_visible (subtitle, sub != NULL && *sub != '\0');
  accessible = g_strdup_printf ("%s, %s", custcare_customer_summary_get_title (summary), sub ? sub : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
customer_changed_cb (CustcareCustomerList *self)
{
  if (self->model != NULL)
    custcare_customer_list_model_reload (self->model);
}

static void
customer_deleted_cb (CustcareCustomerList *self,
                     CustcareCustomerPage *page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  customer_changed_cb (self);
  if (CUSTCARE_IS_WINDOW (root) && custcare_window_get_detail (CUSTCARE_WINDOW (root)) == GTK_WIDGET (page))
    custcare_window_show_detail (CUSTCARE_WINDOW (root), NULL, NULL);
}

static void
customer_opened_cb (CustcareCustomerList *self,
                    gint64                customer_id)
{
  custcare_customer_list_open_customer (self, customer_id);
}

static void
show_page (CustcareCustomerList *self,
           CustcareCustomerPage *page)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = custcare_customer_page_dup_title (page);

  g_signal_connect_object (page, "customer-saved", G_CALLBACK (customer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "customer-deleted", G_CALLBACK (customer_deleted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "open-customer", G_CALLBACK (customer_opened_cb), self, G_CONNECT_SWAPPED);
  if (CUSTCARE_IS_WINDOW (root))
    custcare_window_show_detail (CUSTCARE_WINDOW (root), GTK_WIDGET (page), title);
}

/**
 * custcare_customer_list_open_customer:
 *
 * Shows the customer's page in the window's content pane.
 */
void
custcare_customer_list_open_customer (CustcareCustomerList *self,
                                      gint64                customer_id)
{
  CustcareStore *store;

  g_return_if_fail (CUSTCARE_IS_CUSTOMER_LIST (self));

  if ((store = get_store (self)) == NULL)
    return;
  show_page (self, custcare_customer_page_new (store, customer_id));
}

/**
 * custcare_customer_list_new_customer:
 *
 * Opens a new, empty customer page (app.new-customer, Ctrl+N). What was typed in the search
 * entry becomes the name, number or email, so "search, not found, create" is one step.
 */
void
custcare_customer_list_new_customer (CustcareCustomerList *self)
{
  CustcareCustomerPage *page;
  CustcareStore *store;
  CustcareCustomer *draft;
  g_autofree char *text = NULL;

  g_return_if_fail (CUSTCARE_IS_CUSTOMER_LIST (self));

  if ((store = get_store (self)) == NULL)
    return;
  page = custcare_customer_page_new_draft (store);
  draft = custcare_customer_page_get_customer (page);
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  if (*text != '\0')
    {
      if (custcare_email_is_valid (text))
        custcare_customer_add_email (draft, "", text);
      else if (custcare_phone_is_valid (text))
        custcare_customer_add_phone (draft, "", text);
      else
        {
          g_auto (GStrv) words = g_strsplit (text, " ", 2);

          custcare_customer_set_given_name (draft, words[0]);
          if (words[1] != NULL)
            custcare_customer_set_family_name (draft, words[1]);
        }
    }
  show_page (self, page);
}

void
custcare_customer_list_focus_search (CustcareCustomerList *self)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER_LIST (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (CUSTCARE_IS_WINDOW (root))
    custcare_window_show_section (CUSTCARE_WINDOW (root), "customers");
  custcare_customer_list_focus_search (CUSTCARE_CUSTOMER_LIST (widget));
}

static void
sort_changed (GSimpleAction *action,
              GVariant      *value,
              gpointer       user_data)
{
  CustcareCustomerList *self = user_data;
  const char *sort = g_variant_get_string (value, NULL);

  g_simple_action_set_state (action, value);
  self->query->sort = g_str_equal (sort, "last-contact") ? CUSTCARE_CUSTOMER_SORT_LAST_CONTACT
                      : g_str_equal (sort, "created")    ? CUSTCARE_CUSTOMER_SORT_CREATED
                                                         : CUSTCARE_CUSTOMER_SORT_NAME;
  apply_query (self);
}

static void
archived_changed (GSimpleAction *action,
                  GVariant      *value,
                  gpointer       user_data)
{
  CustcareCustomerList *self = user_data;
  const char *archived = g_variant_get_string (value, NULL);

  g_simple_action_set_state (action, value);
  self->query->archived = g_str_equal (archived, "only") ? CUSTCARE_CUSTOMER_ARCHIVED_ONLY
                          : g_str_equal (archived, "any") ? CUSTCARE_CUSTOMER_ARCHIVED_ANY
                                                          : CUSTCARE_CUSTOMER_ARCHIVED_HIDE;
  apply_query (self);
}

static void
open_orders_changed (GSimpleAction *action,
                     GVariant      *value,
                     gpointer       user_data)
{
  CustcareCustomerList *self = user_data;

  g_simple_action_set_state (action, value);
  self->query->open_orders = g_variant_get_boolean (value);
  apply_query (self);
}

static void
tag_changed (GSimpleAction *action,
             GVariant      *value,
             gpointer       user_data)
{
  CustcareCustomerList *self = user_data;
  const char *tag = g_variant_get_string (value, NULL);

  g_simple_action_set_state (action, value);
  g_free (self->query->tag);
  self->query->tag = *tag ? g_strdup (tag) : NULL;
  apply_query (self);
}

static void
tier_changed (GSimpleAction *action,
              GVariant      *value,
              gpointer       user_data)
{
  CustcareCustomerList *self = user_data;
  const char *tier = g_variant_get_string (value, NULL);

  g_simple_action_set_state (action, value);
  g_free (self->query->tier);
  self->query->tier = *tier ? g_strdup (tier) : NULL;
  apply_query (self);
}

static void
segment_changed (GSimpleAction *action,
                 GVariant      *value,
                 gpointer       user_data)
{
  CustcareCustomerList *self = user_data;
  const char *nick = g_variant_get_string (value, NULL);
  CustcareRfmSegment segment;

  g_simple_action_set_state (action, value);
  g_free (self->query->segment);
  self->query->segment = custcare_rfm_segment_from_nick (nick, &segment) ? g_strdup (nick) : NULL;
  if (self->query->segment != NULL)
    {
      /* TRANSLATORS: above the customer list filtered to one segment; %s is "Champions", "At Risk"... */
      g_autofree char *title = g_strdup_printf (_("Segment: %s"), custcare_rfm_segment_get_label (segment));

      adw_banner_set_title (self->segment_banner, title);
    }
  adw_banner_set_revealed (self->segment_banner, self->query->segment != NULL);
  apply_query (self);
}

static void
clear_segment_cb (CustcareCustomerList *self)
{
  custcare_customer_list_set_segment (self, NULL);
}

/**
 * custcare_customer_list_set_segment:
 * @nick: (nullable): an RFM segment's nick ("champions", "at-risk"...), %NULL for every customer
 *
 * Filters the list to the customers of one segment (the dashboard's segment figures lead here).
 */
void
custcare_customer_list_set_segment (CustcareCustomerList *self,
                                    const char           *nick)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER_LIST (self));

  g_action_group_change_action_state (G_ACTION_GROUP (self->actions), "segment",
                                      g_variant_new_string (nick != NULL ? nick : ""));
}

static void
fill_choice_menu (GMenu              *menu,
                  const char         *action,
                  const char         *any_label,
                  const char * const *choices)
{
  g_autoptr (GMenuItem) any = g_menu_item_new (any_label, NULL);

  g_menu_remove_all (menu);
  g_menu_item_set_action_and_target (any, action, "s", "");
  g_menu_append_item (menu, any);
  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (choices[i], NULL);

      g_menu_item_set_action_and_target (item, action, "s", choices[i]);
      g_menu_append_item (menu, item);
    }
}

static void
filter_menu_opened_cb (CustcareCustomerList *self)
{
  CustcareStore *store = get_store (self);
  g_auto (GStrv) tags = NULL;
  g_auto (GStrv) tiers = NULL;

  if (!gtk_menu_button_get_active (self->filter_button) || store == NULL)
    return;
  /* Tags change as customers are edited: list the current ones each time the menu opens. */
  tags = custcare_customer_repo_list_tags (store, NULL);
  tiers = custcare_customer_search_list_tiers (store, NULL);
  fill_choice_menu (self->tag_menu, "customers.tag", _("Any Tag"), (const char * const *) tags);
  fill_choice_menu (self->tier_menu, "customers.tier", _("Any Tier"), (const char * const *) tiers);
}

static void
custcare_customer_list_root (GtkWidget *widget)
{
  CustcareCustomerList *self = CUSTCARE_CUSTOMER_LIST (widget);
  CustcareStore *store;

  GTK_WIDGET_CLASS (custcare_customer_list_parent_class)->root (widget);

  /* The store belongs to the application; it is known once the list is in a window. */
  if (self->model != NULL || (store = get_store (self)) == NULL)
    return;
  self->model = custcare_customer_list_model_new (store);
  /* After the selection model has seen the change, so it can select among the new rows. */
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->model, "notify::capped", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::searching", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  apply_query (self);
}

static void
custcare_customer_list_dispose (GObject *object)
{
  CustcareCustomerList *self = CUSTCARE_CUSTOMER_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_CUSTOMER_LIST);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (custcare_customer_list_parent_class)->dispose (object);
}

static void
custcare_customer_list_finalize (GObject *object)
{
  CustcareCustomerList *self = CUSTCARE_CUSTOMER_LIST (object);

  g_clear_pointer (&self->query, custcare_customer_query_free);

  G_OBJECT_CLASS (custcare_customer_list_parent_class)->finalize (object);
}

static void
custcare_customer_list_class_init (CustcareCustomerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_customer_list_dispose;
  object_class->finalize = custcare_customer_list_finalize;
  widget_class->root = custcare_customer_list_root;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-customer-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerList, filter_button);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerList, capped_banner);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerList, segment_banner);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerList, segment_menu);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerList, stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerList, list_view);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerList, tag_menu);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerList, tier_menu);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_segment_cb);

  gtk_widget_class_install_action (widget_class, "customers.focus-search", NULL, focus_search_action);

  gtk_widget_class_set_css_name (widget_class, "customerlist");
}

static void
custcare_customer_list_init (CustcareCustomerList *self)
{
  const GActionEntry entries[] = {
    { .name = "sort", .parameter_type = "s", .state = "'name'", .change_state = sort_changed },
    { .name = "archived", .parameter_type = "s", .state = "'hide'", .change_state = archived_changed },
    { .name = "open-orders", .state = "false", .change_state = open_orders_changed },
    { .name = "tag", .parameter_type = "s", .state = "''", .change_state = tag_changed },
    { .name = "tier", .parameter_type = "s", .state = "''", .change_state = tier_changed },
    { .name = "segment", .parameter_type = "s", .state = "''", .change_state = segment_changed },
  };
  GtkListItemFactory *factory;
  GtkEventController *keys;
  GtkShortcutController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->query = custcare_customer_query_new ();

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "customers", G_ACTION_GROUP (self->actions));

  /* Segments by RFM (custcare-reports-rfm.c); "no purchase yet" is not a segment to filter on. */
  {
    g_autoptr (GMenuItem) any = g_menu_item_new (_("Any Segment"), NULL);

    g_menu_item_set_action_and_target (any, "customers.segment", "s", "");
    g_menu_append_item (self->segment_menu, any);
  }
  for (guint i = CUSTCARE_RFM_SEGMENT_CHAMPIONS; i < CUSTCARE_RFM_N_SEGMENTS; i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (custcare_rfm_segment_get_label (i), NULL);

      g_menu_item_set_action_and_target (item, "customers.segment", "s", custcare_rfm_segment_get_nick (i));
      g_menu_append_item (self->segment_menu, item);
    }

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  /* Arrows in the search entry move through the results, as in a combo box. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  /* Ctrl+F from anywhere in the window. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>f"),
                                                          gtk_named_action_new ("customers.focus-search")));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));

  g_signal_connect_object (self->filter_button, "notify::active", G_CALLBACK (filter_menu_opened_cb), self,
                           G_CONNECT_SWAPPED);
}

CustcareCustomerListModel *
custcare_customer_list_get_model (CustcareCustomerList *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_LIST (self), NULL);

  return self->model;
}

GtkWidget *
custcare_customer_list_get_search_entry (CustcareCustomerList *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_LIST (self), NULL);

  return GTK_WIDGET (self->search_entry);
}

static GtkWidget *
find_list (GtkWidget *widget)
{
  if (CUSTCARE_IS_CUSTOMER_LIST (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * custcare_customer_list_find:
 * @window: the main window
 *
 * Returns: (transfer none) (nullable): the window's customer list, for app actions
 */
CustcareCustomerList *
custcare_customer_list_find (GtkWidget *window)
{
  g_return_val_if_fail (GTK_IS_WIDGET (window), NULL);

  return (CustcareCustomerList *) find_list (window);
}
