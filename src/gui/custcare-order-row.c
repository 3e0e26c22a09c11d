/* custcare-order-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Overdue orders are marked with an alarm icon and the error colour, and their row says so in
 * words, so it is not told by colour alone (and screen readers hear it).
 */
#define G_LOG_DOMAIN "custcare-orders"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-money.h"
#include "custcare-order-row.h"

struct _CustcareOrderRow
{
  GtkWidget      parent_instance;

  CustcareOrder *order;

  GtkLabel      *number_label;
  GtkLabel      *total_label;
  GtkLabel      *customer_label;
  GtkLabel      *status_label;
  GtkWidget     *due_box;
  GtkWidget     *overdue_icon;
  GtkLabel      *due_label;
};

G_DEFINE_FINAL_TYPE (CustcareOrderRow, custcare_order_row, GTK_TYPE_WIDGET)

char *
custcare_order_format_date (gint64 unix_time)
{
  g_autoptr (GDateTime) dt = NULL;

  if (unix_time == 0)
    return g_strdup ("");
  dt = g_date_time_new_from_unix_local (unix_time);
  /* %x: the date as the user's locale writes it. */
  return g_date_time_format (dt, "%x");
}

GtkWidget *
custcare_order_row_new (void)
{
  return g_object_new (CUSTCARE_TYPE_ORDER_ROW, NULL);
}

CustcareOrder *
custcare_order_row_get_order (CustcareOrderRow *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDER_ROW (self), NULL);
  return self->order;
}

/* libadwaita's own colours: what needs doing stands out, what is done recedes. */
static const char *const style_classes[] = { "accent", "success", "warning", "dim-label" };

const char *
custcare_order_status_style_class (CustcareOrderStatus status)
{
  switch (status)
    {
    case CUSTCARE_ORDER_STATUS_NEW:
    case CUSTCARE_ORDER_STATUS_CONFIRMED:
    case CUSTCARE_ORDER_STATUS_IN_PROGRESS:
      return "accent";
    case CUSTCARE_ORDER_STATUS_READY:
    case CUSTCARE_ORDER_STATUS_SHIPPED:
      return "success";
    case CUSTCARE_ORDER_STATUS_RETURNED:
      return "warning";
    case CUSTCARE_ORDER_STATUS_COMPLETED:
    case CUSTCARE_ORDER_STATUS_CANCELLED:
    default:
      return "dim-label";
    }
}

void
custcare_order_row_set_order (CustcareOrderRow *self,
                              CustcareOrder    *order,
                              gint64            now)
{
  g_autofree char *total = NULL;
  g_autofree char *due = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *description = NULL;
  CustcareOrderStatus status;
  gboolean overdue;

  g_return_if_fail (CUSTCARE_IS_ORDER_ROW (self));
  g_return_if_fail (order == NULL || CUSTCARE_IS_ORDER (order));

  g_set_object (&self->order, order);
  if (order == NULL)
    return;

  status = custcare_order_get_status (order);
  overdue = custcare_order_is_overdue (order, now);
  total = custcare_money_format (custcare_order_get_total (order), custcare_order_get_currency (order));
  due = custcare_order_format_date (custcare_order_get_due_at (order));

  gtk_label_set_label (self->number_label, custcare_order_get_number (order));
  gtk_label_set_label (self->total_label, total);
  gtk_label_set_label (self->customer_label, custcare_order_get_customer_name (order));
  gtk_label_set_label (self->status_label, custcare_order_status_get_label (status));
  for (guint i = 0; i < G_N_ELEMENTS (style_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), style_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), custcare_order_status_style_class (status));

  if (overdue)
    /* Translators: %s is a date */
    due_text = g_strdup_printf (_("Overdue since %s"), due);
  else if (custcare_order_get_due_at (order) != 0 && custcare_order_status_is_open (status))
    /* Translators: %s is a date */
    due_text = g_strdup_printf (_("Due %s"), due);
  else
    {
      g_autofree char *placed = custcare_order_format_date (custcare_order_get_placed_at (order));
      /* Translators: %s is a date */
      due_text = g_strdup_printf (_("Placed %s"), placed);
    }

  gtk_label_set_label (self->due_label, due_text);
  gtk_widget_set_visible (self->overdue_icon, overdue);
  if (overdue)
    {
      gtk_widget_add_css_class (self->due_box, "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->due_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (self->due_box, "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->due_label), "dim-label");
    }

  /* One sentence for screen readers instead of five separate labels. */
  description = g_strdup_printf ("%s, %s, %s, %s, %s", custcare_order_get_number (order),
                                 custcare_order_get_customer_name (order),
                                 custcare_order_status_get_label (status), total, due_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
}

void
custcare_order_row_set_show_customer (CustcareOrderRow *self,
                                      gboolean          show_customer)
{
  g_return_if_fail (CUSTCARE_IS_ORDER_ROW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->customer_label), show_customer);
}

static void
custcare_order_row_dispose (GObject *object)
{
  CustcareOrderRow *self = CUSTCARE_ORDER_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_ORDER_ROW);
  /* A plain GtkWidget parent owns its layout children: let go of them here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->order);

  G_OBJECT_CLASS (custcare_order_row_parent_class)->dispose (object);
}

static void
custcare_order_row_class_init (CustcareOrderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_order_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-order-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderRow, number_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderRow, total_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderRow, customer_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderRow, due_box);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderRow, overdue_icon);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderRow, due_label);
  gtk_widget_class_set_css_name (widget_class, "custcare-order-row");
}

static void
custcare_order_row_init (CustcareOrderRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
