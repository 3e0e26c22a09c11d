/* test-accessibility.c — every control in the main window has a name a screen reader can speak
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the main window on the demo shop under Xvfb, visits every section (wide, then narrow with
 * the split view collapsed, with a record open), opens the Preferences dialog, and walks the whole
 * widget tree through GTK's accessibility API. A button, toggle, check box, switch or menu button
 * without an accessible name (its label text, an accessible label or labelled-by relation, or a
 * tooltip) fails the test, with the path of widget types and template ids that leads to it.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-application.h"
#include "custcare-demo.h"
#include "custcare-window.h"

static char *tmp_dir;

/* Controls that someone operates, and so must be named. */
static gboolean
needs_name (GtkAccessibleRole role)
{
  switch (role)
    {
    case GTK_ACCESSIBLE_ROLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_TOGGLE_BUTTON:
    case GTK_ACCESSIBLE_ROLE_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_RADIO:
    case GTK_ACCESSIBLE_ROLE_SWITCH:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_CHECKBOX:
    case GTK_ACCESSIBLE_ROLE_MENU_ITEM_RADIO:
    case GTK_ACCESSIBLE_ROLE_TAB:
    case GTK_ACCESSIBLE_ROLE_LINK:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

/* Text that a label inside the control contributes to its name (ARIA "name from content"). */
static gboolean
has_label_content (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && has_text (gtk_label_get_text (GTK_LABEL (child))))
        return TRUE;
      if (GTK_IS_INSCRIPTION (child) && has_text (gtk_inscription_get_text (GTK_INSCRIPTION (child))))
        return TRUE;
      if (has_label_content (child))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_accessible_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;
  if (has_text (gtk_widget_get_tooltip_text (widget)))
    return TRUE;
  if (has_label_content (widget))
    return TRUE;
  /* A menu button or split button is one control to a screen reader: its inner toggle speaks
   * the name given to the whole. */
  if (parent != NULL && (GTK_IS_MENU_BUTTON (parent) || ADW_IS_SPLIT_BUTTON (parent)))
    return has_accessible_name (parent);
  return FALSE;
}

static char *
describe (GtkWidget *widget)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GString *path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *id = GTK_IS_BUILDABLE (w) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)) : NULL;

      g_ptr_array_insert (parts, 0, id != NULL ? g_strdup_printf ("%s#%s", G_OBJECT_TYPE_NAME (w), id)
                                               : g_strdup (G_OBJECT_TYPE_NAME (w)));
    }
  for (guint i = 0; i < parts->len; i++)
    g_string_append_printf (path, "%s%s", i > 0 ? " > " : "", (char *) g_ptr_array_index (parts, i));

  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (path, " (icon %s)", gtk_button_get_icon_name (GTK_BUTTON (widget)));
  else if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL)
    g_string_append_printf (path, " (icon %s)", gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)));
  return g_string_free (path, FALSE);
}

/* Collects, once each, the visible controls under @widget that have no name. */
static void
collect_unnamed (GtkWidget  *widget,
                 GHashTable *seen,
                 GPtrArray  *unnamed,
                 guint      *n_checked)
{
  if (!gtk_widget_get_visible (widget))
    return;

  if (needs_name (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget))) &&
      !g_hash_table_contains (seen, widget))
    {
      g_hash_table_add (seen, widget);
      (*n_checked)++;
      if (!has_accessible_name (widget))
        g_ptr_array_add (unnamed, describe (widget));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, seen, unnamed, n_checked);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found)
        return found;
    }
  return NULL;
}

/* Lets the main loop lay out and draw what just changed. */
static void
settle (GtkWidget *widget)
{
  for (guint i = 0; i < 5; i++)
    {
      gtk_test_widget_wait_for_draw (widget);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

/* Activates the first row of the visible list, if there is one, so a record's page is walked too. */
static void
open_first_row (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LIST_VIEW (widget) || GTK_IS_COLUMN_VIEW (widget))
    {
      gtk_widget_activate_action (widget, "list.activate-item", "u", 0);
      return;
    }
  if (GTK_IS_LIST_BOX (widget))
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), 0);
      if (row != NULL)
        g_signal_emit_by_name (row, "activate");
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    open_first_row (child);
}

static void
walk_sections (GtkWidget  *window,
               GHashTable *seen,
               GPtrArray  *unnamed,
               guint      *n_checked)
{
  AdwViewStack *sections = ADW_VIEW_STACK (find_descendant (window, ADW_TYPE_VIEW_STACK));
  g_autoptr (GtkSelectionModel) pages = NULL;
  guint n_pages;

  g_assert_nonnull (sections);
  pages = adw_view_stack_get_pages (sections);
  n_pages = g_list_model_get_n_items (G_LIST_MODEL (pages));
  g_assert_cmpuint (n_pages, >, 0);

  for (guint i = 0; i < n_pages; i++)
    {
      g_autoptr (AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      adw_view_stack_set_visible_child (sections, adw_view_stack_page_get_child (page));
      settle (window);
      collect_unnamed (window, seen, unnamed, n_checked);
      open_first_row (GTK_WIDGET (adw_view_stack_page_get_child (page)));
      settle (window);
      collect_unnamed (window, seen, unnamed, n_checked);
    }
}

static void
activate_cb (GApplication *app,
             gpointer      user_data)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  CustcareWindow *window = custcare_window_new (CUSTCARE_APPLICATION (app));
  guint n_checked = 0;
  AdwDialog *dialog;

  g_signal_stop_emission_by_name (app, "activate");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  settle (GTK_WIDGET (window));

  walk_sections (GTK_WIDGET (window), seen, unnamed, &n_checked);

  /* Narrow: the split view collapses, and other buttons (back) appear. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  settle (GTK_WIDGET (window));
  walk_sections (GTK_WIDGET (window), seen, unnamed, &n_checked);

  /* The Preferences dialog. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  settle (GTK_WIDGET (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  settle (GTK_WIDGET (window));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_nonnull (dialog);
  collect_unnamed (GTK_WIDGET (window), seen, unnamed, &n_checked);
  adw_dialog_force_close (dialog);

  g_test_message ("%u controls checked", n_checked);
  /* The header bar's menu button and the window controls at least. */
  g_assert_cmpuint (n_checked, >=, 3);
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (unnamed, i));
  if (unnamed->len > 0)
    g_test_fail_printf ("%u of %u controls have no accessible name (label, tooltip or accessible label); "
                        "the first: %s", unnamed->len, n_checked, (char *) g_ptr_array_index (unnamed, 0));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_every_control_is_named (void)
{
  g_autoptr (CustcareApplication) app = custcare_application_new ();
  g_autofree char *db = g_build_filename (tmp_dir, "demo.db", NULL);
  char *argv[] = { (char *) "custcare", (char *) "--database", db, NULL };
  g_autoptr (GError) error = NULL;

  /* The demo shop, so the lists have rows and a record can be opened. */
  {
    g_autoptr (CustcareStore) store = custcare_store_open (db, &error);
    gboolean created = FALSE;

    g_assert_no_error (error);
    g_assert_true (custcare_demo_create (store, 11, &created, &error));
    g_assert_no_error (error);
    g_assert_true (created);
  }

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 3, argv), ==, 0);
}

/* The check itself must be able to fail: an icon-only button with nothing else is caught, and each
 * of the three ways of naming it is accepted. */
static void
test_check_catches_unnamed_button (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *bare = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *with_tooltip = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *with_label = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *with_text = gtk_button_new_with_label ("Add");
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  guint n_checked = 0;

  gtk_widget_set_tooltip_text (with_tooltip, "Add Customer");
  gtk_accessible_update_property (GTK_ACCESSIBLE (with_label), GTK_ACCESSIBLE_PROPERTY_LABEL, "Add Customer", -1);
  gtk_box_append (GTK_BOX (box), bare);
  gtk_box_append (GTK_BOX (box), with_tooltip);
  gtk_box_append (GTK_BOX (box), with_label);
  gtk_box_append (GTK_BOX (box), with_text);
  gtk_window_set_child (GTK_WINDOW (window), box);

  collect_unnamed (box, seen, unnamed, &n_checked);
  g_assert_cmpuint (n_checked, ==, 4);
  g_assert_cmpuint (unnamed->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (unnamed, 0), "GtkButton (icon list-add-symbolic)"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The test accessibility backend keeps the accessible properties and relations that
   * gtk_test_accessible_has_property() reads; with GTK_A11Y=none they are dropped. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("custcare-a11y-XXXXXX", NULL);
  g_test_add_func ("/a11y/check-catches-unnamed-button", test_check_catches_unnamed_button);
  g_test_add_func ("/a11y/every-control-is-named", test_every_control_is_named);
  ret = g_test_run ();
  return ret;
}
