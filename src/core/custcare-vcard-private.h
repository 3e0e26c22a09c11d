/* custcare-vcard-private.h — the streaming card reader the import is built on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "custcare-vcard.h"

G_BEGIN_DECLS

typedef struct _CustcareVcardReader CustcareVcardReader;

CustcareVcardReader *_custcare_vcard_reader_new            (GInputStream          *stream);
void                 _custcare_vcard_reader_free           (CustcareVcardReader   *reader);
/* Reads the next card. Returns TRUE with *out_customer set (or NULL when the card was left out;
 * the reason is among the problems), FALSE at the end of the file (error unset) or with @error
 * set when the file as a whole cannot be read. */
gboolean             _custcare_vcard_reader_next           (CustcareVcardReader   *reader,
                                                            CustcareCustomer     **out_customer,
                                                            guint                 *out_card,
                                                            guint                 *out_line,
                                                            GCancellable          *cancellable,
                                                            GError               **error);
goffset              _custcare_vcard_reader_get_bytes_read (CustcareVcardReader   *reader);
void                 _custcare_vcard_reader_add_problem    (CustcareVcardReader   *reader,
                                                            CustcareVcardProblemKind kind,
                                                            guint                  card,
                                                            guint                  line,
                                                            const char            *property,
                                                            const char            *value,
                                                            gint64                 duplicate_of,
                                                            const char            *message);
/* Returns: (transfer full): the problems so far, in file order; the reader starts a new list. */
GPtrArray           *_custcare_vcard_reader_steal_problems (CustcareVcardReader   *reader,
                                                            guint                 *out_n_problems);

/* The label CustCare gives a TEL or EMAIL with these vCard TYPE values ("Mobile", "Work fax"…). */
const char          *_custcare_vcard_label_for_types       (const char * const    *types,
                                                            gboolean               is_phone);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareVcardReader, _custcare_vcard_reader_free)

G_END_DECLS
