/* custcare-order-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keyboard first: type part of the customer's name and press Enter when one customer matches,
 * Tab through the first item's description, quantity and price, Ctrl+Enter saves. The total
 * below the items is recomputed on every keystroke with the same integer arithmetic the order
 * itself uses, so what the dialog shows is what gets stored.
 */
#define G_LOG_DOMAIN "custcare-orders"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-customer-search.h"
#include "custcare-customer.h"
#include "custcare-money.h"
#include "custcare-order-editor.h"

#define MAX_MATCHES 6

struct _CustcareOrderEditor
{
  AdwDialog       parent_instance;

  CustcareStore  *store;
  CustcareOrder  *order;       /* NULL for a new order */
  gint64          customer_id;
  char           *currency;
  gboolean        setting_customer;

  AdwBanner      *error_banner;
  AdwEntryRow    *customer_row;
  GtkWidget      *customer_chosen_icon;
  GtkListBox     *customer_matches;
  GtkListBox     *items_list;
  AdwEntryRow    *discount_row;
  GtkLabel       *total_label;
  AdwComboRow    *fulfilment_row;
  AdwEntryRow    *due_row;
  AdwEntryRow    *carrier_row;
  AdwEntryRow    *tracking_row;
  AdwEntryRow    *notes_row;
  GtkWidget      *save_button;
};

G_DEFINE_FINAL_TYPE (CustcareOrderEditor, custcare_order_editor, ADW_TYPE_DIALOG)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_total (CustcareOrderEditor *self);

static char *
dup_customer_title (CustcareStore *store,
                    gint64         customer_id)
{
  g_autoptr (CustcareCustomer) customer = custcare_customer_repo_get (store, customer_id, NULL);

  return customer != NULL ? custcare_customer_dup_title (customer) : NULL;
}

/* Items */

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
remove_item_clicked_cb (GtkButton           *button,
                        CustcareOrderEditor *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  gtk_list_box_remove (self->items_list, row);
  update_total (self);
}

static GtkWidget *
add_item_row (CustcareOrderEditor *self,
              const char          *description,
              gint64               quantity,
              gint64               unit_price)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *description_entry = gtk_entry_new ();
  GtkWidget *quantity_spin = gtk_spin_button_new_with_range (1, 100000, 1);
  GtkWidget *price_entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  gtk_widget_set_name (description_entry, "description");
  gtk_entry_set_placeholder_text (GTK_ENTRY (description_entry), _("What is sold"));
  gtk_widget_set_hexpand (description_entry, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (description_entry), description != NULL ? description : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (description_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Description"), -1);

  gtk_widget_set_name (quantity_spin, "quantity");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (quantity_spin), (double) MAX (1, quantity));
  gtk_accessible_update_property (GTK_ACCESSIBLE (quantity_spin), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Quantity"), -1);

  gtk_widget_set_name (price_entry, "price");
  gtk_entry_set_placeholder_text (GTK_ENTRY (price_entry), _("Price"));
  /* The description gets the room: amounts and counts are short. */
  gtk_editable_set_width_chars (GTK_EDITABLE (price_entry), 6);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (price_entry), 8);
  gtk_editable_set_width_chars (GTK_EDITABLE (quantity_spin), 2);
  gtk_editable_set_alignment (GTK_EDITABLE (price_entry), 1.0);
  gtk_entry_set_input_purpose (GTK_ENTRY (price_entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (price_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unit price"), -1);
  if (unit_price > 0)
    {
      g_autofree char *text = custcare_money_format_plain (unit_price, self->currency);
      gtk_editable_set_text (GTK_EDITABLE (price_entry), text);
    }

  gtk_widget_set_tooltip_text (remove, _("Remove Item"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);

  g_signal_connect_object (description_entry, "changed", G_CALLBACK (update_total), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (quantity_spin, "value-changed", G_CALLBACK (update_total), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (price_entry, "changed", G_CALLBACK (update_total), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_item_clicked_cb), self, 0);
  /* Enter in a field saves the order, like everywhere else in the dialog. */
  gtk_entry_set_activates_default (GTK_ENTRY (description_entry), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (price_entry), TRUE);

  gtk_box_append (GTK_BOX (box), description_entry);
  gtk_box_append (GTK_BOX (box), quantity_spin);
  gtk_box_append (GTK_BOX (box), price_entry);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (self->items_list, row);
  return row;
}

static void
add_item_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CustcareOrderEditor *self = CUSTCARE_ORDER_EDITOR (widget);
  GtkWidget *row = add_item_row (self, NULL, 1, 0);

  gtk_widget_grab_focus (find_named (row, "description"));
  update_total (self);
}

/* Reads the dialog into @order. On a problem, says which field and returns FALSE. */
static gboolean
read_fields (CustcareOrderEditor  *self,
             CustcareOrder        *order,
             gboolean              for_total_only,
             GError              **error)
{
  const char *discount_text = gtk_editable_get_text (GTK_EDITABLE (self->discount_row));
  g_autofree char *due_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->due_row))));
  gint64 discount = 0;

  custcare_order_clear_lines (order);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->items_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *description = find_named (row, "description");
      GtkWidget *quantity = find_named (row, "quantity");
      GtkWidget *price = find_named (row, "price");
      const char *price_text;
      gint64 unit_price = 0;

      if (description == NULL || quantity == NULL || price == NULL)
        continue;
      price_text = gtk_editable_get_text (GTK_EDITABLE (price));
      /* A row left completely empty is not an item. */
      if (*gtk_editable_get_text (GTK_EDITABLE (description)) == '\0' && *price_text == '\0')
        continue;
      if (*price_text != '\0' && !custcare_money_parse (price_text, self->currency, &unit_price, error))
        return FALSE;
      custcare_order_add_line (order, gtk_editable_get_text (GTK_EDITABLE (description)),
                               (gint64) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (quantity)), unit_price);
    }

  if (*discount_text != '\0' && !custcare_money_parse (discount_text, self->currency, &discount, error))
    return FALSE;
  custcare_order_set_discount (order, discount);
  if (for_total_only)
    return TRUE;

  custcare_order_set_customer_id (order, self->customer_id);
  custcare_order_set_fulfilment (order, adw_combo_row_get_selected (self->fulfilment_row) == 1
                                          ? CUSTCARE_FULFILMENT_DELIVERY : CUSTCARE_FULFILMENT_PICKUP);
  if (*due_text == '\0')
    custcare_order_set_due_at (order, 0);
  else
    {
      g_autoptr (GDate) date = g_date_new ();
      g_autoptr (GDateTime) end_of_day = NULL;

      /* The locale's way of writing dates, and ISO (2026-11-30), both work. */
      g_date_set_parse (date, due_text);
      if (!g_date_valid (date))
        {
          g_autoptr (GDateTime) example = g_date_time_new_now_local ();
          g_autofree char *example_text = g_date_time_format (example, "%x");

          g_set_error (error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                       _("“%s” is not a date. Write it like %s."), due_text, example_text);
          return FALSE;
        }
      /* Due on a day means due by the end of it: overdue from the next morning. */
      end_of_day = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date),
                                          23, 59, 59);
      custcare_order_set_due_at (order, g_date_time_to_unix (end_of_day));
    }
  custcare_order_set_carrier (order, gtk_editable_get_text (GTK_EDITABLE (self->carrier_row)));
  custcare_order_set_tracking_number (order, gtk_editable_get_text (GTK_EDITABLE (self->tracking_row)));
  custcare_order_set_notes (order, gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));
  return TRUE;
}

static void
update_total (CustcareOrderEditor *self)
{
  g_autoptr (CustcareOrder) scratch = custcare_order_new ();
  g_autofree char *text = NULL;

  if (!read_fields (self, scratch, TRUE, NULL))
    {
      gtk_label_set_label (self->total_label, "—");
      return;
    }
  text = custcare_money_format (custcare_order_get_total (scratch), self->currency);
  gtk_label_set_label (self->total_label, text);
}

/* Customer */

static void
show_customer_chosen (CustcareOrderEditor *self,
                      gboolean             chosen)
{
  gtk_widget_set_visible (self->customer_chosen_icon, chosen);
  if (chosen)
    gtk_widget_add_css_class (GTK_WIDGET (self->customer_row), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->customer_row), "success");
}

void
custcare_order_editor_set_customer (CustcareOrderEditor *self,
                                    gint64               customer_id)
{
  g_autofree char *title = NULL;

  g_return_if_fail (CUSTCARE_IS_ORDER_EDITOR (self));

  title = customer_id > 0 ? dup_customer_title (self->store, customer_id) : NULL;
  self->customer_id = title != NULL ? customer_id : 0;
  self->setting_customer = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->customer_row), title != NULL ? title : "");
  self->setting_customer = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->customer_matches), FALSE);
  show_customer_chosen (self, self->customer_id > 0);
}

gint64
custcare_order_editor_get_customer_id (CustcareOrderEditor *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDER_EDITOR (self), 0);
  return self->customer_id;
}

static void
customer_changed_cb (CustcareOrderEditor *self)
{
  g_autoptr (CustcareCustomerQuery) query = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  if (self->setting_customer)
    return;

  /* Typing again means choosing again. */
  self->customer_id = 0;
  show_customer_chosen (self, FALSE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->customer_matches))) != NULL)
    gtk_list_box_remove (self->customer_matches, child);

  query = custcare_customer_query_new ();
  query->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->customer_row)));
  query->archived = CUSTCARE_CUSTOMER_ARCHIVED_HIDE;
  query->sort = CUSTCARE_CUSTOMER_SORT_NAME;
  if (*g_strstrip (query->text) == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->customer_matches), FALSE);
      return;
    }
  /* The same search as the customer list, capped well within a keystroke (PERF-NOTES). */
  ids = custcare_customer_search (self->store, query, NULL, NULL, &error);
  if (ids == NULL)
    {
      g_warning ("Customer search failed: %s", error->message);
      return;
    }

  for (guint i = 0; i < ids->len && i < MAX_MATCHES; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr (CustcareCustomer) customer = custcare_customer_repo_get (self->store, id, NULL);
      g_autofree char *title = NULL;
      GtkWidget *row;
      const char *detail;

      if (customer == NULL)
        continue;
      title = custcare_customer_dup_title (customer);
      detail = custcare_customer_get_primary_email (customer);
      if (detail == NULL || *detail == '\0')
        detail = custcare_customer_get_primary_phone (customer);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (detail != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "custcare-customer-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_list_box_append (self->customer_matches, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->customer_matches), ids->len > 0);
  /* More than fit here: the list says so rather than hiding that others exist. */
  if (ids->len > MAX_MATCHES)
    {
      GtkWidget *more = adw_action_row_new ();
      g_autofree char *text = g_strdup_printf (_("%u more: type more of the name"), ids->len - MAX_MATCHES);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more), text);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (more), FALSE);
      gtk_widget_add_css_class (more, "dim-label");
      gtk_list_box_append (self->customer_matches, more);
    }
}

static void
customer_match_activated_cb (CustcareOrderEditor *self,
                             GtkListBoxRow       *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "custcare-customer-id");

  if (id == NULL)
    return;
  custcare_order_editor_set_customer (self, *id);
  /* On to the first item. */
  {
    GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (self->items_list));
    GtkWidget *description = first != NULL ? find_named (first, "description") : NULL;

    if (description != NULL)
      gtk_widget_grab_focus (description);
  }
}

static void
customer_activated_cb (CustcareOrderEditor *self)
{
  GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (self->customer_matches));

  /* Enter picks the first suggestion: usually the one that was meant. */
  if (self->customer_id == 0 && first != NULL && GTK_IS_LIST_BOX_ROW (first))
    customer_match_activated_cb (self, GTK_LIST_BOX_ROW (first));
}

/* Saving */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CustcareOrderEditor *self = CUSTCARE_ORDER_EDITOR (widget);
  g_autoptr (CustcareOrder) order = self->order != NULL ? custcare_order_copy (self->order) : custcare_order_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  if (self->customer_id == 0)
    {
      g_set_error (&error, CUSTCARE_ORDER_ERROR, CUSTCARE_ORDER_ERROR_INVALID,
                   *gtk_editable_get_text (GTK_EDITABLE (self->customer_row)) == '\0'
                     ? _("Choose the customer this order is for.")
                     : _("Pick the customer from the suggestions below the name."));
      goto fail;
    }
  if (!read_fields (self, order, FALSE, &error))
    goto fail;

  if (self->order == NULL)
    {
      custcare_order_set_currency (order, self->currency);
      id = custcare_orders_insert (self->store, order, &error);
      if (id == 0)
        goto fail;
    }
  else
    {
      if (!custcare_orders_update (self->store, order, &error))
        goto fail;
      id = custcare_order_get_id (order);
    }

  g_signal_emit (self, signals[SAVED], 0, id);
  adw_dialog_close (ADW_DIALOG (self));
  return;

fail:
  adw_banner_set_title (self->error_banner, error->message);
  adw_banner_set_revealed (self->error_banner, TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  adw_dialog_close (ADW_DIALOG (widget));
}

static void
load_order (CustcareOrderEditor *self)
{
  GPtrArray *lines = custcare_order_get_lines (self->order);
  g_autofree char *title = NULL;

  title = g_strdup_printf (_("Order %s"), custcare_order_get_number (self->order));
  adw_dialog_set_title (ADW_DIALOG (self), title);
  gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));

  custcare_order_editor_set_customer (self, custcare_order_get_customer_id (self->order));
  for (guint i = 0; i < lines->len; i++)
    {
      CustcareOrderLine *line = g_ptr_array_index (lines, i);
      add_item_row (self, line->description, line->quantity, line->unit_price);
    }
  if (custcare_order_get_discount (self->order) > 0)
    {
      g_autofree char *discount = custcare_money_format_plain (custcare_order_get_discount (self->order), self->currency);
      gtk_editable_set_text (GTK_EDITABLE (self->discount_row), discount);
    }
  adw_combo_row_set_selected (self->fulfilment_row,
                              custcare_order_get_fulfilment (self->order) == CUSTCARE_FULFILMENT_DELIVERY ? 1 : 0);
  if (custcare_order_get_due_at (self->order) != 0)
    {
      g_autoptr (GDateTime) due = g_date_time_new_from_unix_local (custcare_order_get_due_at (self->order));
      g_autofree char *due_text = g_date_time_format (due, "%x");
      gtk_editable_set_text (GTK_EDITABLE (self->due_row), due_text);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->carrier_row), custcare_order_get_carrier (self->order));
  gtk_editable_set_text (GTK_EDITABLE (self->tracking_row), custcare_order_get_tracking_number (self->order));
  gtk_editable_set_text (GTK_EDITABLE (self->notes_row), custcare_order_get_notes (self->order));

  /* Once an order has left the pipeline its money is settled (points, refunds). */
  if (!custcare_order_status_is_open (custcare_order_get_status (self->order)))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->items_list), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->discount_row), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.add-item", FALSE);
    }
}

AdwDialog *
custcare_order_editor_new (CustcareStore *store,
                           CustcareOrder *order,
                           gint64         customer_id)
{
  CustcareOrderEditor *self;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (order == NULL || CUSTCARE_IS_ORDER (order), NULL);

  self = g_object_new (CUSTCARE_TYPE_ORDER_EDITOR, NULL);
  self->store = g_object_ref (store);
  if (order != NULL)
    {
      self->order = custcare_order_copy (order);
      g_set_str (&self->currency, custcare_order_get_currency (order));
    }
  if (self->currency == NULL || *self->currency == '\0')
    {
      g_free (self->currency);
      self->currency = custcare_money_dup_shop_currency (store);
    }

  if (self->order != NULL)
    load_order (self);
  else
    {
      add_item_row (self, NULL, 1, 0);
      if (customer_id > 0)
        custcare_order_editor_set_customer (self, customer_id);
    }
  update_total (self);

  /* Placeholder-like hint for dates in the locale's own format. */
  {
    g_autoptr (GDateTime) today = g_date_time_new_now_local ();
    g_autofree char *example = g_date_time_format (today, "%x");
    /* Translators: %s is today's date as an example of how to write one */
    g_autofree char *hint = g_strdup_printf (_("Due Date (like %s)"), example);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->due_row), hint);
  }

  return ADW_DIALOG (self);
}

static void
custcare_order_editor_dispose (GObject *object)
{
  CustcareOrderEditor *self = CUSTCARE_ORDER_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_ORDER_EDITOR);
  g_clear_object (&self->order);
  g_clear_object (&self->store);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (custcare_order_editor_parent_class)->dispose (object);
}

static void
custcare_order_editor_class_init (CustcareOrderEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_order_editor_dispose;

  /**
   * CustcareOrderEditor::saved:
   * @order_id: the order that was created or changed
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-order-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, error_banner);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, customer_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, customer_chosen_icon);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, customer_matches);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, items_list);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, discount_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, total_label);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, fulfilment_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, due_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, carrier_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, tracking_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, notes_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareOrderEditor, save_button);
  gtk_widget_class_bind_template_callback (widget_class, customer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_match_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, update_total);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.add-item", NULL, add_item_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "editor.add-item", NULL);
}

static void
custcare_order_editor_init (CustcareOrderEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
