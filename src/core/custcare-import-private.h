/* custcare-import-private.h — what the import and export files of src/core share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "custcare-csv.h"
#include "custcare-import.h"

G_BEGIN_DECLS

/* custcare-import-fields.c: the orders @text can be read in, as a mask of
 * (1 << CustcareDateOrder): all three for ISO dates (they need no order), DMY for dates with
 * dots, DMY and/or MDY for slashes and dashes; 0 when @text is no date at all. */
guint _custcare_import_date_orders (const char *text);

/* Progress reports, throttled to ~20 a second, delivered in @context (or, with a NULL context,
 * directly in the reporting thread). Reference counted, so reports still queued in the context
 * keep the caller's data alive until they ran; @destroy runs after the last. */
typedef struct _CustcareProgress CustcareProgress;

CustcareProgress *_custcare_progress_new    (CustcareCsvProgressFunc  func,
                                             gpointer                 data,
                                             GDestroyNotify           destroy,
                                             GMainContext            *context);
void              _custcare_progress_report (CustcareProgress        *progress,
                                             double                   fraction);
void              _custcare_progress_unref  (CustcareProgress        *progress);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareProgress, _custcare_progress_unref)

G_END_DECLS
