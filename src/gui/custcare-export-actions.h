/* custcare-export-actions.h — Export Customers…, Export Orders…, Export Interactions…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-export.h"
#include "custcare-store.h"

G_BEGIN_DECLS

/* "customers", "orders", "interactions"; FALSE for anything else. */
gboolean  custcare_export_kind_from_name (const char         *name,
                                          CustcareExportKind *out_kind);
/* The save dialog (the portal inside the Flatpak); the file chosen goes to app.export-to. */
void      custcare_export_choose_file    (GtkWindow          *window,
                                          CustcareExportKind  kind);
/* Writes @kind to @dest with progress and Cancel, then says so in a toast. Customers are the
 * ones the customer list shows now (its search text and filters). */
void      custcare_export_to_file        (GtkWindow          *window,
                                          CustcareStore      *store,
                                          CustcareExportKind  kind,
                                          GFile              *dest);

/* For tests: the toast the last export ended with (NULL while it runs). */
AdwToast *custcare_export_get_last_toast (GtkWindow          *window);

G_END_DECLS
