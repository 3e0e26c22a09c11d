/* custcare-import-actions.h — Import Customers… and Revert Last Import… for the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

/* The file chooser (the portal inside the Flatpak); the chosen file goes to app.import-file. */
void      custcare_import_choose_file   (GtkWindow     *window);
/* The import dialog for @file; when it is done, a toast with Undo, and the list reloads. */
void      custcare_import_open_file     (GtkWindow     *window,
                                         CustcareStore *store,
                                         GFile         *file);
/* Asks, then reverts the newest import that was not reverted yet. */
void      custcare_import_revert_last   (GtkWindow     *window,
                                         CustcareStore *store);

/* For tests: the toast the last import showed, and the confirmation the last revert asked. */
AdwToast *custcare_import_get_last_toast (GtkWindow    *window);

G_END_DECLS
