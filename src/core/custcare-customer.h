/* custcare-customer.h — a customer record and where it is stored
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CustcareCustomer is a plain record: it holds the fields of one customer (the `customers` row
 * plus its phones, emails and tags) and knows how to validate them. The custcare_customer_repo_*
 * functions read and write records; every write is one transaction that also keeps the list's
 * `sort_name` and the search indexes (`customer_search`, `customer_phone_search`) in step.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_CUSTOMER_ERROR (custcare_customer_error_quark ())

typedef enum
{
  CUSTCARE_CUSTOMER_ERROR_NO_NAME,
  CUSTCARE_CUSTOMER_ERROR_INVALID_EMAIL,
  CUSTCARE_CUSTOMER_ERROR_INVALID_PHONE,
  CUSTCARE_CUSTOMER_ERROR_INVALID_DATE,
  CUSTCARE_CUSTOMER_ERROR_INVALID_TAG,
  CUSTCARE_CUSTOMER_ERROR_NOT_FOUND,
  CUSTCARE_CUSTOMER_ERROR_HAS_HISTORY,
  CUSTCARE_CUSTOMER_ERROR_MERGE,
} CustcareCustomerError;

/* One phone number or email address with its label ("Mobile", "Work"...). */
typedef struct
{
  char *label;
  char *value;
} CustcareContact;

#define CUSTCARE_TYPE_CONTACT (custcare_contact_get_type ())

GType            custcare_contact_get_type (void) G_GNUC_CONST;
CustcareContact *custcare_contact_new      (const char            *label,
                                            const char            *value);
CustcareContact *custcare_contact_copy     (const CustcareContact *contact);
void             custcare_contact_free     (CustcareContact       *contact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareContact, custcare_contact_free)

#define CUSTCARE_TYPE_CUSTOMER (custcare_customer_get_type ())
G_DECLARE_FINAL_TYPE (CustcareCustomer, custcare_customer, CUSTCARE, CUSTOMER, GObject)

GQuark            custcare_customer_error_quark            (void);

CustcareCustomer *custcare_customer_new                    (void);
CustcareCustomer *custcare_customer_copy                   (CustcareCustomer  *self);

gint64            custcare_customer_get_id                 (CustcareCustomer  *self);

const char       *custcare_customer_get_given_name         (CustcareCustomer  *self);
void              custcare_customer_set_given_name         (CustcareCustomer  *self,
                                                            const char        *given_name);
const char       *custcare_customer_get_family_name        (CustcareCustomer  *self);
void              custcare_customer_set_family_name        (CustcareCustomer  *self,
                                                            const char        *family_name);
const char       *custcare_customer_get_display_name       (CustcareCustomer  *self);
void              custcare_customer_set_display_name       (CustcareCustomer  *self,
                                                            const char        *display_name);
const char       *custcare_customer_get_company            (CustcareCustomer  *self);
void              custcare_customer_set_company            (CustcareCustomer  *self,
                                                            const char        *company);
const char       *custcare_customer_get_address_street     (CustcareCustomer  *self);
void              custcare_customer_set_address_street     (CustcareCustomer  *self,
                                                            const char        *address_street);
const char       *custcare_customer_get_address_locality   (CustcareCustomer  *self);
void              custcare_customer_set_address_locality   (CustcareCustomer  *self,
                                                            const char        *address_locality);
const char       *custcare_customer_get_address_region     (CustcareCustomer  *self);
void              custcare_customer_set_address_region     (CustcareCustomer  *self,
                                                            const char        *address_region);
const char       *custcare_customer_get_address_postal_code (CustcareCustomer *self);
void              custcare_customer_set_address_postal_code (CustcareCustomer *self,
                                                             const char       *address_postal_code);
const char       *custcare_customer_get_address_country    (CustcareCustomer  *self);
void              custcare_customer_set_address_country    (CustcareCustomer  *self,
                                                            const char        *address_country);
const char       *custcare_customer_get_notes              (CustcareCustomer  *self);
void              custcare_customer_set_notes              (CustcareCustomer  *self,
                                                            const char        *notes);
const char       *custcare_customer_get_preferences        (CustcareCustomer  *self);
void              custcare_customer_set_preferences        (CustcareCustomer  *self,
                                                            const char        *preferences);

/* Birthday: each part 0 when unknown; a year of 0 with a month and day is a birthday without year. */
void              custcare_customer_get_birthday           (CustcareCustomer  *self,
                                                            int               *year,
                                                            int               *month,
                                                            int               *day);
void              custcare_customer_set_birthday           (CustcareCustomer  *self,
                                                            int                year,
                                                            int                month,
                                                            int                day);
char             *custcare_customer_dup_birthday_text      (CustcareCustomer  *self);

gboolean          custcare_customer_get_marketing_consent  (CustcareCustomer  *self);
/* Giving consent stamps marketing-consent-at with @when (0: now at save time); withdrawing clears it. */
void              custcare_customer_set_marketing_consent  (CustcareCustomer  *self,
                                                            gboolean           consent,
                                                            gint64             when);
gint64            custcare_customer_get_marketing_consent_at (CustcareCustomer *self);
gboolean          custcare_customer_get_do_not_contact     (CustcareCustomer  *self);
void              custcare_customer_set_do_not_contact     (CustcareCustomer  *self,
                                                            gboolean           do_not_contact);
gboolean          custcare_customer_get_archived           (CustcareCustomer  *self);
void              custcare_customer_set_archived           (CustcareCustomer  *self,
                                                            gboolean           archived);

/* Kept by the database: read-only here. 0 = never. */
gint64            custcare_customer_get_created_at         (CustcareCustomer  *self);
gint64            custcare_customer_get_updated_at         (CustcareCustomer  *self);
gint64            custcare_customer_get_last_interaction_at (CustcareCustomer *self);
gint64            custcare_customer_get_last_order_at      (CustcareCustomer  *self);
gint64            custcare_customer_get_merged_into_id     (CustcareCustomer  *self);
gint64            custcare_customer_get_import_batch_id    (CustcareCustomer  *self);
void              custcare_customer_set_import_batch_id    (CustcareCustomer  *self,
                                                            gint64             import_batch_id);

/* Phones and emails: arrays of CustcareContact, in display order. */
GPtrArray        *custcare_customer_get_phones             (CustcareCustomer  *self);
void              custcare_customer_add_phone              (CustcareCustomer  *self,
                                                            const char        *label,
                                                            const char        *number);
GPtrArray        *custcare_customer_get_emails             (CustcareCustomer  *self);
void              custcare_customer_add_email              (CustcareCustomer  *self,
                                                            const char        *label,
                                                            const char        *address);
void              custcare_customer_clear_phones           (CustcareCustomer  *self);
void              custcare_customer_clear_emails           (CustcareCustomer  *self);
const char       *custcare_customer_get_primary_phone      (CustcareCustomer  *self);
const char       *custcare_customer_get_primary_email      (CustcareCustomer  *self);

const char * const *custcare_customer_get_tags             (CustcareCustomer  *self);
void              custcare_customer_set_tags               (CustcareCustomer  *self,
                                                            const char * const *tags);
gboolean          custcare_customer_add_tag                (CustcareCustomer  *self,
                                                            const char        *tag);
gboolean          custcare_customer_remove_tag             (CustcareCustomer  *self,
                                                            const char        *tag);
gboolean          custcare_customer_has_tag                (CustcareCustomer  *self,
                                                            const char        *tag);

/* What people call the customer: display name, else "Given Family", else company, else email. */
char             *custcare_customer_dup_title              (CustcareCustomer  *self);
/* What the list sorts on: the display name, else family name first; case and accents folded. */
char             *custcare_customer_dup_sort_name          (CustcareCustomer  *self);

gboolean          custcare_customer_validate               (CustcareCustomer  *self,
                                                            GError           **error);

/* Field checks, also for validating entries while the user types. */
char             *custcare_phone_digits                    (const char        *number);
gboolean          custcare_phone_is_valid                  (const char        *number);
gboolean          custcare_email_is_valid                  (const char        *address);
gboolean          custcare_birthday_parse                  (const char        *text,
                                                            int               *year,
                                                            int               *month,
                                                            int               *day,
                                                            GError           **error);
char             *custcare_birthday_format                 (int                year,
                                                            int                month,
                                                            int                day);

/* An exact copy of rows taken before a delete or merge, to undo it. */
typedef struct _CustcareCustomerSnapshot CustcareCustomerSnapshot;

#define CUSTCARE_TYPE_CUSTOMER_SNAPSHOT (custcare_customer_snapshot_get_type ())

GType                     custcare_customer_snapshot_get_type (void) G_GNUC_CONST;
CustcareCustomerSnapshot *custcare_customer_snapshot_ref      (CustcareCustomerSnapshot *snapshot);
void                      custcare_customer_snapshot_unref    (CustcareCustomerSnapshot *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareCustomerSnapshot, custcare_customer_snapshot_unref)

/* The repository. */
gint64            custcare_customer_repo_insert            (CustcareStore     *store,
                                                            CustcareCustomer  *customer,
                                                            GError           **error);
CustcareCustomer *custcare_customer_repo_get               (CustcareStore     *store,
                                                            gint64             id,
                                                            GError           **error);
gboolean          custcare_customer_repo_update            (CustcareStore     *store,
                                                            CustcareCustomer  *customer,
                                                            GError           **error);
gboolean          custcare_customer_repo_archive           (CustcareStore     *store,
                                                            gint64             id,
                                                            gboolean           archived,
                                                            GError           **error);
gboolean          custcare_customer_repo_delete            (CustcareStore     *store,
                                                            gint64             id,
                                                            CustcareCustomerSnapshot **out_undo,
                                                            GError           **error);
gboolean          custcare_customer_repo_restore           (CustcareStore     *store,
                                                            CustcareCustomerSnapshot *undo,
                                                            GError           **error);
GStrv             custcare_customer_repo_list_tags         (CustcareStore     *store,
                                                            GError           **error);
gint64            custcare_customer_repo_count             (CustcareStore     *store,
                                                            gboolean           archived,
                                                            GError           **error);

G_END_DECLS
