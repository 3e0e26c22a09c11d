/* custcare-customer-orders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "custcare-orders"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-customer-orders.h"
#include "custcare-customer-page.h"
#include "custcare-gui-util.h"
#include "custcare-order-editor.h"
#include "custcare-order-page.h"
#include "custcare-order-print.h"
#include "custcare-order-row.h"
#include "custcare-orders-model.h"

struct _CustcareCustomerOrders
{
  GtkWidget            parent_instance;

  CustcareStore       *store;
  gint64               customer_id;
  CustcareOrdersModel *model;

  GtkListBox          *list_box;
};

G_DEFINE_FINAL_TYPE (CustcareCustomerOrders, custcare_customer_orders, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_CUSTOMER_ID,
  N_PROPS
};

enum
{
  ORDER_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *order_row = custcare_order_row_new ();

  custcare_order_row_set_order (CUSTCARE_ORDER_ROW (order_row), item, g_get_real_time () / G_USEC_PER_SEC);
  custcare_order_row_set_show_customer (CUSTCARE_ORDER_ROW (order_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), order_row);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
row_activated_cb (CustcareCustomerOrders *self,
                  GtkListBoxRow          *row)
{
  CustcareOrder *order = custcare_order_row_get_order (CUSTCARE_ORDER_ROW (gtk_list_box_row_get_child (row)));
  gboolean handled = FALSE;

  if (order == NULL)
    return;
  g_signal_emit (self, signals[ORDER_ACTIVATED], 0, custcare_order_get_id (order), &handled);
  if (!handled)
    custcare_order_page_show (GTK_WIDGET (self), self->store, custcare_order_get_id (order));
}

static void
reload (CustcareCustomerOrders *self)
{
  g_autoptr (GError) error = NULL;

  if (self->model == NULL)
    return;
  custcare_orders_model_set_customer_id (self->model, self->customer_id);
  if (self->customer_id > 0 && !custcare_orders_model_reload (self->model, &error))
    g_warning ("Could not read the customer's orders: %s", error->message);
}

GtkWidget *
custcare_customer_orders_new (CustcareStore *store,
                              gint64         customer_id)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  return g_object_new (CUSTCARE_TYPE_CUSTOMER_ORDERS, "store", store, "customer-id", customer_id, NULL);
}

gint64
custcare_customer_orders_get_customer_id (CustcareCustomerOrders *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_ORDERS (self), 0);
  return self->customer_id;
}

void
custcare_customer_orders_set_customer_id (CustcareCustomerOrders *self,
                                          gint64                  customer_id)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER_ORDERS (self));

  if (self->customer_id == customer_id)
    return;
  self->customer_id = customer_id;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
}

guint
custcare_customer_orders_get_n_orders (CustcareCustomerOrders *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_ORDERS (self), 0);
  return self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

static void
editor_saved_cb (AdwDialog              *editor,
                 gint64                  order_id,
                 CustcareCustomerOrders *self)
{
  custcare_order_page_show (GTK_WIDGET (self), self->store, order_id);
}

static void
new_order_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CustcareCustomerOrders *self = CUSTCARE_CUSTOMER_ORDERS (widget);
  AdwDialog *editor;

  if (self->store == NULL || self->customer_id == 0)
    return;
  editor = custcare_order_editor_new (self->store, NULL, self->customer_id);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  adw_dialog_present (editor, widget);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CustcareCustomerOrders *self = CUSTCARE_CUSTOMER_ORDERS (widget);
  g_autoptr (GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->store == NULL || self->customer_id == 0)
    return;
  if (!custcare_order_print_customer_summary (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                              self->customer_id, NULL, &error))
    g_warning ("Printing the order summary failed: %s", error->message);
}

static void
custcare_customer_orders_constructed (GObject *object)
{
  CustcareCustomerOrders *self = CUSTCARE_CUSTOMER_ORDERS (object);
  GtkWidget *placeholder;

  G_OBJECT_CLASS (custcare_customer_orders_parent_class)->constructed (object);

  placeholder = gtk_label_new (_("No orders yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->list_box, placeholder);

  if (self->store != NULL)
    {
      self->model = custcare_orders_model_new (self->store);
      gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->model), create_row, NULL, NULL);
      reload (self);
    }
}

static void
add_customer_section (CustcareCustomerPage *page,
                      gpointer              user_data)
{
  GtkWidget *orders = custcare_customer_orders_new (custcare_customer_page_get_store (page),
                                                    custcare_customer_page_get_customer_id (page));

  custcare_customer_page_add_section (page, custcare_scrolled_clamp_new (orders), "orders", _("Orders"),
                                      "package-x-generic-symbolic");
}

/**
 * custcare_customer_orders_register_customer_section:
 *
 * Puts the customer's orders on every customer page, as its Orders tab. Call once at start-up;
 * later calls do nothing.
 */
void
custcare_customer_orders_register_customer_section (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      custcare_customer_page_add_section_provider (add_customer_section, NULL);
      g_once_init_leave (&registered, 1);
    }
}

static void
custcare_customer_orders_dispose (GObject *object)
{
  CustcareCustomerOrders *self = CUSTCARE_CUSTOMER_ORDERS (object);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_CUSTOMER_ORDERS);
  /* A plain GtkWidget parent owns its layout children: let go of them here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (custcare_customer_orders_parent_class)->dispose (object);
}

static void
custcare_customer_orders_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CustcareCustomerOrders *self = CUSTCARE_CUSTOMER_ORDERS (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_CUSTOMER_ID: g_value_set_int64 (value, self->customer_id); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_customer_orders_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CustcareCustomerOrders *self = CUSTCARE_CUSTOMER_ORDERS (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    case PROP_CUSTOMER_ID: custcare_customer_orders_set_customer_id (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_customer_orders_class_init (CustcareCustomerOrdersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = custcare_customer_orders_constructed;
  object_class->dispose = custcare_customer_orders_dispose;
  object_class->get_property = custcare_customer_orders_get_property;
  object_class->set_property = custcare_customer_orders_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, CUSTCARE_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER_ID] = g_param_spec_int64 ("customer-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CustcareCustomerOrders::order-activated:
   * @order_id: the order the user picked
   *
   * Returns: %TRUE to stop the order from being opened in the window's content pane
   */
  signals[ORDER_ACTIVATED] = g_signal_new ("order-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           g_signal_accumulator_true_handled, NULL, NULL,
                                           G_TYPE_BOOLEAN, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-customer-orders.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerOrders, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "customer-orders.new", NULL, new_order_action);
  gtk_widget_class_install_action (widget_class, "customer-orders.print", NULL, print_action);
}

static void
custcare_customer_orders_init (CustcareCustomerOrders *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
