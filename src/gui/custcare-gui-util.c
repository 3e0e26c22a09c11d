/* custcare-gui-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "custcare-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-gui-util.h"

/* Renders what @widget shows right now with its window's own renderer, so screenshots work
 * the same under Xvfb, Wayland or Broadway, without a screen grabber. */
gboolean
custcare_widget_save_png (GtkWidget   *widget,
                          const char  *path,
                          GError     **error)
{
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  /* A toplevel's paintable draws nothing (windows draw themselves through their surface):
   * draw what fills the window instead. */
  if (GTK_IS_NATIVE (widget) && gtk_widget_get_first_child (widget) != NULL)
    widget = gtk_widget_get_first_child (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0 || gtk_widget_get_native (widget) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The widget is not on screen");
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Nothing was drawn");
      return FALSE;
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }
  return TRUE;
}

/* A tab's content the HIG way: a readable width in wide windows, the usual margins, and vertical
 * scrolling when it is taller than the window. */
GtkWidget *
custcare_scrolled_clamp_new (GtkWidget *child)
{
  GtkWidget *clamp, *scroller;

  g_return_val_if_fail (GTK_IS_WIDGET (child), NULL);

  gtk_widget_set_margin_top (child, 18);
  gtk_widget_set_margin_bottom (child, 18);
  gtk_widget_set_margin_start (child, 12);
  gtk_widget_set_margin_end (child, 12);
  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  return scroller;
}

/* A toast in the Preferences dialog that holds @widget (a page, or a dialog pushed onto it).
 * Returns: %FALSE when @widget is not in one, so the caller can say it some other way */
gboolean
custcare_preferences_add_toast (GtkWidget  *widget,
                                const char *message)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_DIALOG);

  if (dialog == NULL)
    return FALSE;
  adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (dialog), adw_toast_new (message));
  return TRUE;
}

/* An alert with a heading, a text and a Close button, over @parent's window. */
void
custcare_present_message_alert (GtkWidget  *parent,
                                const char *heading,
                                const char *body)
{
  AdwDialog *alert = adw_alert_dialog_new (heading, body);

  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (alert), "close", _("_Close"));
  adw_dialog_present (alert, parent);
}
