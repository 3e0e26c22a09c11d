/* custcare-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-application.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_WINDOW (custcare_window_get_type ())
G_DECLARE_FINAL_TYPE (CustcareWindow, custcare_window, CUSTCARE, WINDOW, AdwApplicationWindow)

CustcareWindow *custcare_window_new                      (CustcareApplication *application);
void            custcare_window_add_toast                (CustcareWindow      *self,
                                                          AdwToast            *toast);
void            custcare_window_show_detail              (CustcareWindow      *self,
                                                          GtkWidget           *content,
                                                          const char          *title);
GtkWidget      *custcare_window_get_detail               (CustcareWindow      *self);
void            custcare_window_show_section             (CustcareWindow      *self,
                                                          const char          *section);
void            custcare_window_save_screenshot_and_quit (CustcareWindow      *self,
                                                          const char          *path);

G_END_DECLS
