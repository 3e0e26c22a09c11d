/* custcare-export-dialog.h — an export to a file, with progress and Cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-customer-search.h"
#include "custcare-export.h"
#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_EXPORT_DIALOG (custcare_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CustcareExportDialog, custcare_export_dialog, CUSTCARE, EXPORT_DIALOG, AdwDialog)

/**
 * custcare_export_dialog_new:
 * @query: (nullable): for customers, the customer list's search and filters (%NULL: everyone)
 * @dest: a .vcf / .vcard name writes customers as vCards, anything else CSV
 *
 * The export starts when the dialog is presented. "finished" (guint rows, gboolean capped,
 * GError *error) fires at the end — error is %NULL on success, G_IO_ERROR_CANCELLED after
 * Cancel — and the dialog closes.
 */
CustcareExportDialog *custcare_export_dialog_new (CustcareStore               *store,
                                                  CustcareExportKind           kind,
                                                  const CustcareCustomerQuery *query,
                                                  GFile                       *dest);
/* Whether @file's name asks for vCard. */
gboolean              custcare_export_file_is_vcard (GFile                    *file);

G_END_DECLS
