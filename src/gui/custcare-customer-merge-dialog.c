/* custcare-customer-merge-dialog.c — merging two customers, choosing field by field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The customer whose page opened the dialog survives. Fields both customers fill in differently
 * are shown side by side with a choice each; everything else is kept from both (empty fields
 * are filled from the other customer, phones, emails and tags are joined). The merge itself is
 * custcare_customer_repo_merge(): one transaction, with a snapshot the page offers as Undo.
 */
#define G_LOG_DOMAIN "custcare-customer-merge"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-customer-list-model.h"
#include "custcare-customer-merge-dialog.h"
#include "custcare-customer-merge.h"
#include "custcare-gui-util.h"

struct _CustcareCustomerMergeDialog
{
  AdwDialog                  parent_instance;

  CustcareStore             *store;
  CustcareCustomer          *survivor;
  CustcareCustomer          *other;
  CustcareCustomerListModel *candidates;
  GHashTable                *take_other;     /* field → GtkCheckButton for the other's value */

  GtkStack                  *stack;
  GtkSearchEntry            *pick_entry;
  GtkListView               *pick_list;
  AdwPreferencesPage        *compare_page;
  GtkWidget                 *merge_button;
};

G_DEFINE_FINAL_TYPE (CustcareCustomerMergeDialog, custcare_customer_merge_dialog, ADW_TYPE_DIALOG)

enum {
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
field_title (const char *field)
{
  static const struct { const char *field, *title; } titles[] = {
    { "given-name", N_("Given Name") }, { "family-name", N_("Family Name") },
    { "display-name", N_("Display Name") }, { "company", N_("Company") },
    { "address-street", N_("Street") }, { "address-locality", N_("Town or City") },
    { "address-region", N_("Region") }, { "address-postal-code", N_("Postal Code") },
    { "address-country", N_("Country") }, { "notes", N_("Notes") }, { "preferences", N_("Preferences") },
    { "birthday", N_("Birthday") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].field, field))
      return _(titles[i].title);
  return field;
}

static char *
field_value (CustcareCustomer *customer,
             const char       *field)
{
  char *value = NULL;

  if (g_str_equal (field, "birthday"))
    return custcare_customer_dup_birthday_text (customer);
  g_object_get (customer, field, &value, NULL);
  return value;
}

static GtkWidget *
choice_row (const char *whose,
            const char *value,
            GtkWidget  *group_with)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), value);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), whose);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group_with != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (group_with));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data (G_OBJECT (row), "check", check);
  return row;
}

static void
show_comparison (CustcareCustomerMergeDialog *self)
{
  g_autoptr (GPtrArray) conflicts = custcare_customer_merge_conflicts (self->survivor, self->other);
  g_autofree char *survivor_title = custcare_customer_dup_title (self->survivor);
  g_autofree char *other_title = custcare_customer_dup_title (self->other);
  g_autofree char *description = NULL;
  g_autofree char *keeps = NULL;
  g_autofree char *goes = NULL;
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  description = g_strdup_printf (_("Every interaction, order, loyalty points entry, message, phone number, email "
                                   "address and tag of %s moves to %s. %s stays in the archive, marked as merged. "
                                   "You can undo this right after."),
                                 other_title, survivor_title, other_title);
  adw_preferences_group_set_title (group, _("What Happens"));
  adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (self->compare_page, group);

  keeps = g_strdup_printf (_("Keep from %s"), survivor_title);
  goes = g_strdup_printf (_("Take from %s"), other_title);
  for (guint i = 0; i < conflicts->len; i++)
    {
      const char *field = g_ptr_array_index (conflicts, i);
      g_autofree char *mine = field_value (self->survivor, field);
      g_autofree char *theirs = field_value (self->other, field);
      GtkWidget *keep_row, *take_row;

      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, field_title (field));
      keep_row = choice_row (keeps, mine, NULL);
      take_row = choice_row (goes, theirs, g_object_get_data (G_OBJECT (keep_row), "check"));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (g_object_get_data (G_OBJECT (keep_row), "check")), TRUE);
      adw_preferences_group_add (group, keep_row);
      adw_preferences_group_add (group, take_row);
      g_hash_table_insert (self->take_other, (gpointer) field, g_object_get_data (G_OBJECT (take_row), "check"));
      adw_preferences_page_add (self->compare_page, group);
    }
  if (conflicts->len == 0)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_description (group, _("The two customers do not disagree on any field."));
      adw_preferences_page_add (self->compare_page, group);
    }

  gtk_stack_set_visible_child_name (self->stack, "compare");
  gtk_widget_set_sensitive (self->merge_button, TRUE);
}

static gboolean
set_other (CustcareCustomerMergeDialog *self,
           gint64                       other_id)
{
  g_autoptr (GError) error = NULL;

  g_clear_object (&self->other);
  self->other = custcare_customer_repo_get (self->store, other_id, &error);
  if (self->other == NULL)
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  show_comparison (self);
  return TRUE;
}

static void
pick_changed_cb (CustcareCustomerMergeDialog *self)
{
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();

  query->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pick_entry)));
  custcare_customer_list_model_set_query (self->candidates, query);
}

static void
pick_activate_cb (CustcareCustomerMergeDialog *self,
                  guint                        position)
{
  g_autoptr (CustcareCustomerSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->candidates), position);

  if (summary == NULL || custcare_customer_summary_get_id (summary) == custcare_customer_get_id (self->survivor))
    return;
  set_other (self, custcare_customer_summary_get_id (summary));
}

/**
 * custcare_customer_merge_dialog_choose_other:
 *
 * Takes the other customer's value for @field (a property name, or "birthday"), as clicking its
 * choice does.
 */
void
custcare_customer_merge_dialog_choose_other (CustcareCustomerMergeDialog *self,
                                             const char                  *field)
{
  GtkWidget *check;

  g_return_if_fail (CUSTCARE_IS_CUSTOMER_MERGE_DIALOG (self));

  if ((check = g_hash_table_lookup (self->take_other, field)) != NULL)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
}

/**
 * custcare_customer_merge_dialog_merge:
 *
 * Merges with the choices made, emits "merged" with the undo snapshot, and closes.
 */
gboolean
custcare_customer_merge_dialog_merge (CustcareCustomerMergeDialog *self)
{
  g_autoptr (CustcareCustomer) chosen = NULL;
  g_autoptr (CustcareCustomerSnapshot) undo = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *other_title = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_MERGE_DIALOG (self), FALSE);

  if (self->other == NULL)
    return FALSE;
  chosen = custcare_customer_copy (self->survivor);
  g_hash_table_iter_init (&iter, self->take_other);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *field = key;

      if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (value)))
        continue;
      if (g_str_equal (field, "birthday"))
        {
          int y, m, d;

          custcare_customer_get_birthday (self->other, &y, &m, &d);
          custcare_customer_set_birthday (chosen, y, m, d);
        }
      else
        {
          g_autofree char *theirs = field_value (self->other, field);
          g_object_set (chosen, field, theirs, NULL);
        }
    }

  other_title = custcare_customer_dup_title (self->other);
  if (!custcare_customer_repo_merge (self->store, custcare_customer_get_id (self->survivor),
                                     custcare_customer_get_id (self->other), chosen, &undo, &error))
    {
      custcare_present_message_alert (GTK_WIDGET (self), _("Customers Not Merged"), error->message);
      return FALSE;
    }
  g_signal_emit (self, signals[MERGED], 0, undo, other_title);
  adw_dialog_close (ADW_DIALOG (self));
  return TRUE;
}

static void
merge_clicked_cb (CustcareCustomerMergeDialog *self)
{
  custcare_customer_merge_dialog_merge (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  CustcareCustomerSummary *summary = gtk_list_item_get_item (item);
  const char *subtitle = custcare_customer_summary_get_subtitle (summary);
  g_autofree char *text = *subtitle ? g_strdup_printf ("%s — %s", custcare_customer_summary_get_title (summary), subtitle)
                                    : g_strdup (custcare_customer_summary_get_title (summary));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
custcare_customer_merge_dialog_dispose (GObject *object)
{
  CustcareCustomerMergeDialog *self = CUSTCARE_CUSTOMER_MERGE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_CUSTOMER_MERGE_DIALOG);
  g_clear_object (&self->candidates);

  G_OBJECT_CLASS (custcare_customer_merge_dialog_parent_class)->dispose (object);
}

static void
custcare_customer_merge_dialog_finalize (GObject *object)
{
  CustcareCustomerMergeDialog *self = CUSTCARE_CUSTOMER_MERGE_DIALOG (object);

  g_clear_object (&self->survivor);
  g_clear_object (&self->other);
  g_clear_object (&self->store);
  g_clear_pointer (&self->take_other, g_hash_table_unref);

  G_OBJECT_CLASS (custcare_customer_merge_dialog_parent_class)->finalize (object);
}

static void
custcare_customer_merge_dialog_class_init (CustcareCustomerMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = custcare_customer_merge_dialog_dispose;
  object_class->finalize = custcare_customer_merge_dialog_finalize;

  /**
   * CustcareCustomerMergeDialog::merged:
   * @undo: restores both customers exactly (custcare_customer_repo_restore())
   * @merged_title: the name of the customer merged away
   */
  signals[MERGED] = g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 2, CUSTCARE_TYPE_CUSTOMER_SNAPSHOT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-customer-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerMergeDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerMergeDialog, pick_entry);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerMergeDialog, pick_list);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerMergeDialog, compare_page);
  gtk_widget_class_bind_template_child (widget_class, CustcareCustomerMergeDialog, merge_button);
  gtk_widget_class_bind_template_callback (widget_class, pick_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, merge_clicked_cb);
}

static void
custcare_customer_merge_dialog_init (CustcareCustomerMergeDialog *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->take_other = g_hash_table_new (g_str_hash, g_str_equal);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->pick_list, factory);
  g_object_unref (factory);
}

CustcareCustomerMergeDialog *
custcare_customer_merge_dialog_new (CustcareStore *store,
                                    gint64         survivor_id,
                                    gint64         other_id)
{
  CustcareCustomerMergeDialog *self;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_CUSTOMER_MERGE_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->survivor = custcare_customer_repo_get (store, survivor_id, &error);
  if (self->survivor == NULL)
    {
      g_warning ("%s", error->message);
      self->survivor = custcare_customer_new ();
    }
  self->candidates = custcare_customer_list_model_new (store);
  gtk_list_view_set_model (self->pick_list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->candidates)))));
  if (other_id > 0)
    set_other (self, other_id);
  else
    gtk_stack_set_visible_child_name (self->stack, "pick");
  return self;
}
