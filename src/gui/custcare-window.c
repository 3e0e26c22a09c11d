/* custcare-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: a list on the left (customers, orders, follow-ups, dashboard), the selected
 * record on the right, collapsing to one pane on narrow screens.
 */
#define G_LOG_DOMAIN "custcare-window"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-dashboard-page.h"
#include "custcare-gui-util.h"
#include "custcare-window.h"

struct _CustcareWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  char                 *screenshot_path;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwNavigationSplitView *split_view;
  AdwViewStack         *sections;
  AdwNavigationPage    *content_page;
  GtkWidget            *empty_detail;
  AdwStatusPage        *store_error_page;
};

G_DEFINE_FINAL_TYPE (CustcareWindow, custcare_window, ADW_TYPE_APPLICATION_WINDOW)

static void show_store_error (CustcareWindow *self,
                              const GError   *error);

CustcareWindow *
custcare_window_new (CustcareApplication *application)
{
  CustcareWindow *self;

  g_return_val_if_fail (CUSTCARE_IS_APPLICATION (application), NULL);

  self = g_object_new (CUSTCARE_TYPE_WINDOW, "application", application, NULL);

  if (custcare_application_get_store (application) == NULL)
    show_store_error (self, custcare_application_get_store_error (application));

  return self;
}

void
custcare_window_add_toast (CustcareWindow *self,
                           AdwToast       *toast)
{
  g_return_if_fail (CUSTCARE_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
custcare_window_show_section (CustcareWindow *self,
                              const char     *section)
{
  g_return_if_fail (CUSTCARE_IS_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->sections, section);
  adw_navigation_split_view_set_show_content (self->split_view, FALSE);
}

/**
 * custcare_window_show_detail:
 * @content: (nullable): the record to show (usually an #AdwToolbarView with its own header bar),
 *   or %NULL for the empty state
 * @title: the page title (read by screen readers and shown when the split view is collapsed)
 *
 * Shows a record (a customer, an order...) in the right-hand pane, and navigates to it when the
 * window is narrow.
 */
void
custcare_window_show_detail (CustcareWindow *self,
                             GtkWidget      *content,
                             const char     *title)
{
  g_return_if_fail (CUSTCARE_IS_WINDOW (self));
  g_return_if_fail (content == NULL || GTK_IS_WIDGET (content));

  if (content == NULL)
    {
      adw_navigation_page_set_child (self->content_page, self->empty_detail);
      adw_navigation_page_set_title (self->content_page, _("Details"));
      adw_navigation_split_view_set_show_content (self->split_view, FALSE);
      return;
    }

  adw_navigation_page_set_child (self->content_page, content);
  adw_navigation_page_set_title (self->content_page, title);
  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
}

/**
 * custcare_window_get_detail:
 *
 * Returns: (transfer none) (nullable): what the right-hand pane shows, or %NULL when it is empty
 */
GtkWidget *
custcare_window_get_detail (CustcareWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (CUSTCARE_IS_WINDOW (self), NULL);

  child = adw_navigation_page_get_child (self->content_page);
  return child == self->empty_detail ? NULL : child;
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  custcare_window_show_section (CUSTCARE_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static gboolean
take_screenshot_cb (gpointer user_data)
{
  CustcareWindow *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!custcare_widget_save_png (GTK_WIDGET (self), self->screenshot_path, &error))
    g_warning ("Screenshot failed: %s", error->message);
  else
    g_message ("Saved a screenshot to %s", self->screenshot_path);

  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
screenshot_on_map_cb (CustcareWindow *self)
{
  /* Let layout, fonts and icons settle over a few frames before drawing. */
  g_timeout_add_full (G_PRIORITY_LOW, 1000, take_screenshot_cb, g_object_ref (self), g_object_unref);
}

/**
 * custcare_window_save_screenshot_and_quit:
 *
 * For `custcare --screenshot FILE`: once the window is shown, save what it displays as a PNG and
 * close it. Used to check the app on machines without a screen, and to make the store screenshots.
 */
void
custcare_window_save_screenshot_and_quit (CustcareWindow *self,
                                          const char     *path)
{
  g_return_if_fail (CUSTCARE_IS_WINDOW (self));

  g_set_str (&self->screenshot_path, path);
  g_signal_connect_object (self, "map", G_CALLBACK (screenshot_on_map_cb), self, G_CONNECT_SWAPPED);
}

static void
show_store_error (CustcareWindow *self,
                  const GError   *error)
{
  adw_status_page_set_description (self->store_error_page, error->message);
  gtk_stack_set_visible_child_name (self->main_stack, "store-error");
}

static gboolean
custcare_window_close_request (GtkWindow *window)
{
  CustcareWindow *self = CUSTCARE_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set (self->settings, "window-size", "(ii)", width, height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (custcare_window_parent_class)->close_request (window);
}

static void
custcare_window_dispose (GObject *object)
{
  CustcareWindow *self = CUSTCARE_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUSTCARE_TYPE_WINDOW);

  G_OBJECT_CLASS (custcare_window_parent_class)->dispose (object);
}

static void
custcare_window_finalize (GObject *object)
{
  CustcareWindow *self = CUSTCARE_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->empty_detail);
  g_clear_pointer (&self->screenshot_path, g_free);

  G_OBJECT_CLASS (custcare_window_parent_class)->finalize (object);
}

static void
custcare_window_class_init (CustcareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = custcare_window_dispose;
  object_class->finalize = custcare_window_finalize;
  window_class->close_request = custcare_window_close_request;

  g_type_ensure (CUSTCARE_TYPE_DASHBOARD_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CustcareWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CustcareWindow, split_view);
  gtk_widget_class_bind_template_child (widget_class, CustcareWindow, sections);
  gtk_widget_class_bind_template_child (widget_class, CustcareWindow, content_page);
  gtk_widget_class_bind_template_child (widget_class, CustcareWindow, empty_detail);
  gtk_widget_class_bind_template_child (widget_class, CustcareWindow, store_error_page);

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-section", "s", "customers");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-section", "s", "orders");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-section", "s", "follow-ups");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "win.show-section", "s", "dashboard");
}

static void
custcare_window_init (CustcareWindow *self)
{
  int width, height;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Kept alive while a record replaces it in the content pane. */
  g_object_ref (self->empty_detail);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (APP_ID);
  g_settings_get (self->settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}
