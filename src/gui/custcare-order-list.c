/* custcare-order-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list reads its rows through CustcareOrdersModel, a page at a time, so it opens as fast on
 * a shop with two million orders as on a new one. It finds the shop's database through the
 * application when it is put in a window, so the main window's template can simply hold it.
 */
#define G_LOG_DOMAIN "custcare-orders"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-application.h"
#include "custcare-order-editor.h"
#include "custcare-order-list.h"
#include "custcare-order-page.h"
#include "custcare-order-row.h"

typedef struct
{
  const char           *label;
  CustcareOrdersFilter  filter;
  CustcareOrderStatus   status;
  const char           *empty_title;
  const char           *empty_description;
} FilterChoice;

static const FilterChoice filters[] = {
  { N_("All Orders"), CUSTCARE_ORDERS_FILTER_ALL, 0, N_("No Orders Yet"),
    N_("Orders you take appear here, with their fulfilment status") },
  { N_("Open"), CUSTCARE_ORDERS_FILTER_OPEN, 0, N_("No Open Orders"), N_("Every order is ready, shipped or done") },
  { N_("Overdue"), CUSTCARE_ORDERS_FILTER_OVERDUE, 0, N_("Nothing Overdue"), N_("Every promise is kept so far") },
  { N_("Due This Week"), CUSTCARE_ORDERS_FILTER_DUE_THIS_WEEK, 0, N_("Nothing Due This Week"), NULL },
  { N_("New"), CUSTCARE_ORDERS_FILTER_STATUS, CUSTCARE_ORDER_STATUS_NEW, N_("No New Orders"), NULL },
  { N_("Confirmed"), CUSTCARE_ORDERS_FILTER_STATUS, CUSTCARE_ORDER_STATUS_CONFIRMED, N_("No Confirmed Orders"), NULL },
  { N_("In Progress"), CUSTCARE_ORDERS_FILTER_STATUS, CUSTCARE_ORDER_STATUS_IN_PROGRESS, N_("Nothing in Progress"), NULL },
  { N_("Ready for Pickup"), CUSTCARE_ORDERS_FILTER_STATUS, CUSTCARE_ORDER_STATUS_READY, N_("Nothing Waiting for Pickup"), NULL },
  { N_("Shipped"), CUSTCARE_ORDERS_FILTER_STATUS, CUSTCARE_ORDER_STATUS_SHIPPED, N_("Nothing Shipped"), NULL },
  { N_("Completed"), CUSTCARE_ORDERS_FILTER_STATUS, CUSTCARE_ORDER_STATUS_COMPLETED, N_("No Completed Orders"), NULL },
  { N_("Cancelled"), CUSTCARE_ORDERS_FILTER_STATUS, CUSTCARE_ORDER_STATUS_CANCELLED, N_("No Cancelled Orders"), NULL },
  { N_("Returned"), CUSTCARE_ORDERS_FILTER_STATUS, CUSTCARE_ORDER_STATUS_RETURNED, N_("No Returned Orders"), NULL },
};

struct _CustcareOrderList
{
  GtkWidget            parent_instance;

  CustcareStore       *store;
  CustcareOrdersModel *model;

  GtkDropDown         *filter_dropdown;
  GtkStack            *stack;
  GtkListView         *list_view;
  AdwStatusPage       *empty_page;
  GtkWidget           *empty_new_button;
};

G_DEFINE_FINAL_TYPE (CustcareOrderList, custcare_order_list, GTK_TYPE_WIDGET)

static void
update_empty_state (CustcareOrderList *self)
{
  guint index = gtk_drop_down_get_selected (self->filter_dropdown);
  const FilterChoice *choice = &filters[index < G_N_ELEMENTS (filters) ? index : 0];
  gboolean empty = self->model == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

  adw_status_page_set_title (self->empty_page, _(choice->empty_title));
  adw_status_page_set_description (self->empty_page, choice->empty_description != NULL ? _(choice->empty_description) : NULL);
  gtk_widget_set_visible (self->empty_new_button, choice->filter == CUSTCARE_ORDERS_FILTER_ALL);
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CustcareOrderList        *self)
{
  gtk_list_item_set_child (item, custcare_order_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             CustcareOrderList        *self)
{
  CustcareOrderRow *row = CUSTCARE_ORDER_ROW (gtk_list_item_get_child (item));

  custcare_order_row_set_order (row, gtk_list_item_get_item (item), g_get_real_time () / G_USEC_PER_SEC);
}

static void
list_activate_cb (CustcareOrderList *self,
                  guint              position)
{
  g_autoptr (CustcareOrder) order = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (order != NULL)
    custcare_order_page_show (GTK_WIDGET (self), self->store, custcare_order_get_id (order));
}

static void
reload (CustcareOrderList *self)
{
  g_autoptr (GError) error = NULL;

  if (self->model == NULL)
    return;
  if (!custcare_orders_model_reload (self->model, &error))
    g_warning ("Could not read the orders: %s", error->message);
}

void
custcare_order_list_set_filter_index (CustcareOrderList *self,
                                      guint              index)
{
  g_return_if_fail (CUSTCARE_IS_ORDER_LIST (self));
  g_return_if_fail (index < G_N_ELEMENTS (filters));

  gtk_drop_down_set_selected (self->filter_dropdown, index);
}

static void
filter_changed_cb (CustcareOrderList *self)
{
  guint index = gtk_drop_down_get_selected (self->filter_dropdown);

  if (self->model == NULL || index >= G_N_ELEMENTS (filters))
    return;
  custcare_orders_model_set_filter (self->model, filters[index].filter, filters[index].status);
  reload (self);
  update_empty_state (self);
}

CustcareOrdersModel *
custcare_order_list_get_model (CustcareOrderList *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDER_LIST (self), NULL);
  return self->model;
}

static void
editor_saved_cb (AdwDialog         *editor,
                 gint64             order_id,
                 CustcareOrderList *self)
{
  custcare_order_page_show (GTK_WIDGET (self), self->store, order_id);
}

static void
new_order_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CustcareOrderList *self = CUSTCARE_ORDER_LIST (widget);
  AdwDialog *editor;

  if (self->store == NULL)
    return;
  editor = custcare_order_editor_new (self->store, NULL, 0);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  adw_dialog_present (editor, widget);
}

static void
set_store (CustcareOrderList *self,
           CustcareStore     *store)
{
  g_autoptr (GtkSingleSelection) selection = NULL;

  if (self->store == store)
    return;
  g_set_object (&self->store, store);
  g_clear_object (&self->model);
  if (store != NULL)
    {
      self->model = custcare_orders_model_new (store);
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_empty_state), self, G_CONNECT_SWAPPED);
      filter_changed_cb (self);
    }
  selection = gtk_single_selection_new (self->model != NULL ? g_object_ref (G_LIST_MODEL (self->model)) : NULL);
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.new", store != NULL);
  update_empty_state (self);
}

static void
custcare_order_list_root (GtkWidget *widget)
{
  CustcareOrderList *self = CUSTCARE_ORDER_LIST (widget);
  GApplication *app;

  GTK_WIDGET_CLASS (custcare_order_list_parent_class)->root (widget);

  /* The window's template is built before the window knows its application: fall back to
   * the process's application, which is the same one. */
  app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (gtk_widget_get_root (widget))));
  if (app == NULL)
    app = g_application_get_default ();
  if (CUSTCARE_IS_APPLICATION (app))
    set_store (self, custcare_application_get_store (CUSTCARE_APPLICATION (app)));
}

static void
custcare_order_list_dispose (GObject *object)
{
  CustcareOrderList *self = CUSTCARE_ORDER_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_ORDER_LIST);
  /* A plain GtkWidget parent owns its layout children: let go of them here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (custcare_order_list_parent_class)->dispose (object);
}

static void
custcare_order_list_class_init (CustcareOrderListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_order_list_dispose;
  widget_class->root = custcare_order_list_root;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-order-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderList, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderList, stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderList, list_view);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderList, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderList, empty_new_button);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "orders.new", NULL, new_order_action);
  gtk_widget_class_set_css_name (widget_class, "custcare-order-list");
}

static void
custcare_order_list_init (CustcareOrderList *self)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    gtk_string_list_append (labels, _(filters[i].label));
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (labels));

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "orders.new", FALSE);
  update_empty_state (self);
}
