/* custcare-gui-util.h — small helpers shared by the widgets and their tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

gboolean custcare_widget_save_png (GtkWidget   *widget,
                                   const char  *path,
                                   GError     **error);

GtkWidget *custcare_scrolled_clamp_new (GtkWidget *child);

gboolean   custcare_preferences_add_toast (GtkWidget  *widget,
                                           const char *message);
void       custcare_present_message_alert (GtkWidget  *parent,
                                           const char *heading,
                                           const char *body);

G_END_DECLS
