/* custcare-import-dialog.h — importing customers from a CSV or vCard file, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-import.h"
#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_IMPORT_DIALOG (custcare_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CustcareImportDialog, custcare_import_dialog, CUSTCARE, IMPORT_DIALOG, AdwDialog)

/* A .vcf / .vcard file (by name or content type) is read as vCard, anything else as CSV. The
 * dialog emits "imported" (gint64 batch_id, guint n_added, guint n_merged) when the import is
 * committed, and closes. */
CustcareImportDialog *custcare_import_dialog_new           (CustcareStore        *store,
                                                            GFile                *file);
gboolean              custcare_import_dialog_is_vcard      (CustcareImportDialog *self);

/* For tests and screen readers' sake: where the flow is ("reading", "error", "csv", "vcard",
 * "options", "checking", "check-error", "review", "running", "ended"). */
const char           *custcare_import_dialog_get_state     (CustcareImportDialog *self);
/* The CSV import being set up (NULL for a vCard file). */
CustcareImport       *custcare_import_dialog_get_import    (CustcareImportDialog *self);
/* The mapping row of CSV column @column (an AdwComboRow), or NULL. */
GtkWidget            *custcare_import_dialog_get_column_row (CustcareImportDialog *self,
                                                            guint                 column);
/* The dry run's summary and its problem list (GtkStringList of "title\ndetails" lines). */
const char           *custcare_import_dialog_get_summary   (CustcareImportDialog *self);
GListModel           *custcare_import_dialog_get_problems  (CustcareImportDialog *self);

G_END_DECLS
