/* custcare-customer.c — a customer record and its validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The record holds what the `customers`, `customer_phones`, `customer_emails` and `customer_tags`
 * rows say about one customer. It does not talk to the database: custcare-customer-repo.c does.
 */
#define G_LOG_DOMAIN "custcare-customer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-customer-private.h"

enum {
  PROP_0,
  PROP_ID,
  PROP_GIVEN_NAME,
  PROP_FAMILY_NAME,
  PROP_DISPLAY_NAME,
  PROP_COMPANY,
  PROP_ADDRESS_STREET,
  PROP_ADDRESS_LOCALITY,
  PROP_ADDRESS_REGION,
  PROP_ADDRESS_POSTAL_CODE,
  PROP_ADDRESS_COUNTRY,
  PROP_NOTES,
  PROP_PREFERENCES,
  PROP_BIRTHDAY_YEAR,
  PROP_BIRTHDAY_MONTH,
  PROP_BIRTHDAY_DAY,
  PROP_MARKETING_CONSENT,
  PROP_MARKETING_CONSENT_AT,
  PROP_DO_NOT_CONTACT,
  PROP_ARCHIVED,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_LAST_INTERACTION_AT,
  PROP_LAST_ORDER_AT,
  PROP_MERGED_INTO_ID,
  PROP_IMPORT_BATCH_ID,
  PROP_TAGS,
  PROP_TITLE,
  N_PROPS
};

#define FIRST_STRING_PROP PROP_GIVEN_NAME
#define LAST_STRING_PROP  PROP_PREFERENCES
#define N_STRINGS         (LAST_STRING_PROP - FIRST_STRING_PROP + 1)

struct _CustcareCustomer
{
  GObject    parent_instance;

  gint64     id;
  char      *strings[N_STRINGS];
  int        birthday_year;
  int        birthday_month;
  int        birthday_day;
  gint64     marketing_consent_at;
  gint64     created_at;
  gint64     updated_at;
  gint64     last_interaction_at;
  gint64     last_order_at;
  gint64     merged_into_id;
  gint64     import_batch_id;
  GPtrArray *phones;              /* CustcareContact */
  GPtrArray *emails;              /* CustcareContact */
  GStrv      tags;
  guint      marketing_consent : 1;
  guint      do_not_contact : 1;
  guint      archived : 1;
};

G_DEFINE_FINAL_TYPE (CustcareCustomer, custcare_customer, G_TYPE_OBJECT)
G_DEFINE_QUARK (custcare-customer-error-quark, custcare_customer_error)
G_DEFINE_BOXED_TYPE (CustcareContact, custcare_contact, custcare_contact_copy, custcare_contact_free)

static GParamSpec *properties[N_PROPS];

CustcareContact *
custcare_contact_new (const char *label,
                      const char *value)
{
  CustcareContact *contact = g_new0 (CustcareContact, 1);

  contact->label = g_strdup (label != NULL ? label : "");
  contact->value = g_strdup (value != NULL ? value : "");
  return contact;
}

CustcareContact *
custcare_contact_copy (const CustcareContact *contact)
{
  return custcare_contact_new (contact->label, contact->value);
}

void
custcare_contact_free (CustcareContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->label);
  g_free (contact->value);
  g_free (contact);
}

static void
set_string (CustcareCustomer *self,
            guint             prop_id,
            const char       *value)
{
  g_autofree char *stripped = g_strstrip (g_strdup (value != NULL ? value : ""));

  /* Notes keep their inner line breaks; only surrounding blanks go. */
  if (g_set_str (&self->strings[prop_id - FIRST_STRING_PROP], stripped))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
      if (prop_id <= PROP_COMPANY)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

static void
set_int64 (CustcareCustomer *self,
           gint64           *field,
           guint             prop_id,
           gint64            value)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
custcare_customer_finalize (GObject *object)
{
  CustcareCustomer *self = CUSTCARE_CUSTOMER (object);

  for (guint i = 0; i < N_STRINGS; i++)
    g_free (self->strings[i]);
  g_clear_pointer (&self->phones, g_ptr_array_unref);
  g_clear_pointer (&self->emails, g_ptr_array_unref);
  g_clear_pointer (&self->tags, g_strfreev);

  G_OBJECT_CLASS (custcare_customer_parent_class)->finalize (object);
}

static void
custcare_customer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CustcareCustomer *self = CUSTCARE_CUSTOMER (object);

  if (prop_id >= FIRST_STRING_PROP && prop_id <= LAST_STRING_PROP)
    {
      g_value_set_string (value, self->strings[prop_id - FIRST_STRING_PROP]);
      return;
    }

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_BIRTHDAY_YEAR: g_value_set_int (value, self->birthday_year); break;
    case PROP_BIRTHDAY_MONTH: g_value_set_int (value, self->birthday_month); break;
    case PROP_BIRTHDAY_DAY: g_value_set_int (value, self->birthday_day); break;
    case PROP_MARKETING_CONSENT: g_value_set_boolean (value, self->marketing_consent); break;
    case PROP_MARKETING_CONSENT_AT: g_value_set_int64 (value, self->marketing_consent_at); break;
    case PROP_DO_NOT_CONTACT: g_value_set_boolean (value, self->do_not_contact); break;
    case PROP_ARCHIVED: g_value_set_boolean (value, self->archived); break;
    case PROP_CREATED_AT: g_value_set_int64 (value, self->created_at); break;
    case PROP_UPDATED_AT: g_value_set_int64 (value, self->updated_at); break;
    case PROP_LAST_INTERACTION_AT: g_value_set_int64 (value, self->last_interaction_at); break;
    case PROP_LAST_ORDER_AT: g_value_set_int64 (value, self->last_order_at); break;
    case PROP_MERGED_INTO_ID: g_value_set_int64 (value, self->merged_into_id); break;
    case PROP_IMPORT_BATCH_ID: g_value_set_int64 (value, self->import_batch_id); break;
    case PROP_TAGS: g_value_set_boxed (value, self->tags); break;
    case PROP_TITLE: g_value_take_string (value, custcare_customer_dup_title (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_customer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CustcareCustomer *self = CUSTCARE_CUSTOMER (object);

  if (prop_id >= FIRST_STRING_PROP && prop_id <= LAST_STRING_PROP)
    {
      set_string (self, prop_id, g_value_get_string (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_BIRTHDAY_YEAR:
      custcare_customer_set_birthday (self, g_value_get_int (value), self->birthday_month, self->birthday_day);
      break;
    case PROP_BIRTHDAY_MONTH:
      custcare_customer_set_birthday (self, self->birthday_year, g_value_get_int (value), self->birthday_day);
      break;
    case PROP_BIRTHDAY_DAY:
      custcare_customer_set_birthday (self, self->birthday_year, self->birthday_month, g_value_get_int (value));
      break;
    case PROP_MARKETING_CONSENT:
      custcare_customer_set_marketing_consent (self, g_value_get_boolean (value), self->marketing_consent_at);
      break;
    case PROP_MARKETING_CONSENT_AT:
      set_int64 (self, &self->marketing_consent_at, PROP_MARKETING_CONSENT_AT, g_value_get_int64 (value));
      break;
    case PROP_DO_NOT_CONTACT:
      custcare_customer_set_do_not_contact (self, g_value_get_boolean (value));
      break;
    case PROP_ARCHIVED:
      custcare_customer_set_archived (self, g_value_get_boolean (value));
      break;
    case PROP_IMPORT_BATCH_ID:
      custcare_customer_set_import_batch_id (self, g_value_get_int64 (value));
      break;
    case PROP_TAGS:
      custcare_customer_set_tags (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_customer_class_init (CustcareCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  static const char *string_names[N_STRINGS] = {
    "given-name", "family-name", "display-name", "company", "address-street", "address-locality",
    "address-region", "address-postal-code", "address-country", "notes", "preferences",
  };

  object_class->finalize = custcare_customer_finalize;
  object_class->get_property = custcare_customer_get_property;
  object_class->set_property = custcare_customer_set_property;

  for (guint i = 0; i < N_STRINGS; i++)
    properties[FIRST_STRING_PROP + i] = g_param_spec_string (string_names[i], NULL, NULL, "", rw);

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_BIRTHDAY_YEAR] = g_param_spec_int ("birthday-year", NULL, NULL, 0, 9999, 0, rw);
  properties[PROP_BIRTHDAY_MONTH] = g_param_spec_int ("birthday-month", NULL, NULL, 0, 99, 0, rw);
  properties[PROP_BIRTHDAY_DAY] = g_param_spec_int ("birthday-day", NULL, NULL, 0, 99, 0, rw);
  properties[PROP_MARKETING_CONSENT] = g_param_spec_boolean ("marketing-consent", NULL, NULL, FALSE, rw);
  properties[PROP_MARKETING_CONSENT_AT] =
    g_param_spec_int64 ("marketing-consent-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_DO_NOT_CONTACT] = g_param_spec_boolean ("do-not-contact", NULL, NULL, FALSE, rw);
  properties[PROP_ARCHIVED] = g_param_spec_boolean ("archived", NULL, NULL, FALSE, rw);
  properties[PROP_CREATED_AT] = g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_LAST_INTERACTION_AT] =
    g_param_spec_int64 ("last-interaction-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_LAST_ORDER_AT] = g_param_spec_int64 ("last-order-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_MERGED_INTO_ID] = g_param_spec_int64 ("merged-into-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_IMPORT_BATCH_ID] = g_param_spec_int64 ("import-batch-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_TAGS] = g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
custcare_customer_init (CustcareCustomer *self)
{
  for (guint i = 0; i < N_STRINGS; i++)
    self->strings[i] = g_strdup ("");
  self->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_contact_free);
  self->emails = g_ptr_array_new_with_free_func ((GDestroyNotify) custcare_contact_free);
  self->tags = g_new0 (char *, 1);
}

CustcareCustomer *
custcare_customer_new (void)
{
  return g_object_new (CUSTCARE_TYPE_CUSTOMER, NULL);
}

/**
 * custcare_customer_copy:
 *
 * Returns: (transfer full): an independent copy with the same id, for editing without touching
 *   the original until the change is saved
 */
CustcareCustomer *
custcare_customer_copy (CustcareCustomer *self)
{
  CustcareCustomer *copy;

  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  copy = custcare_customer_new ();
  for (guint i = 0; i < N_STRINGS; i++)
    g_set_str (&copy->strings[i], self->strings[i]);
  copy->id = self->id;
  copy->birthday_year = self->birthday_year;
  copy->birthday_month = self->birthday_month;
  copy->birthday_day = self->birthday_day;
  copy->marketing_consent = self->marketing_consent;
  copy->marketing_consent_at = self->marketing_consent_at;
  copy->do_not_contact = self->do_not_contact;
  copy->archived = self->archived;
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->last_interaction_at = self->last_interaction_at;
  copy->last_order_at = self->last_order_at;
  copy->merged_into_id = self->merged_into_id;
  copy->import_batch_id = self->import_batch_id;
  for (guint i = 0; i < self->phones->len; i++)
    g_ptr_array_add (copy->phones, custcare_contact_copy (g_ptr_array_index (self->phones, i)));
  for (guint i = 0; i < self->emails->len; i++)
    g_ptr_array_add (copy->emails, custcare_contact_copy (g_ptr_array_index (self->emails, i)));
  g_strfreev (copy->tags);
  copy->tags = g_strdupv (self->tags);
  return copy;
}

gint64
custcare_customer_get_id (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), 0);

  return self->id;
}

const char *
custcare_customer_get_given_name (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_GIVEN_NAME - FIRST_STRING_PROP];
}

void
custcare_customer_set_given_name (CustcareCustomer *self,
                                  const char       *given_name)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_GIVEN_NAME, given_name);
}

const char *
custcare_customer_get_family_name (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_FAMILY_NAME - FIRST_STRING_PROP];
}

void
custcare_customer_set_family_name (CustcareCustomer *self,
                                   const char       *family_name)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_FAMILY_NAME, family_name);
}

const char *
custcare_customer_get_display_name (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_DISPLAY_NAME - FIRST_STRING_PROP];
}

void
custcare_customer_set_display_name (CustcareCustomer *self,
                                    const char       *display_name)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_DISPLAY_NAME, display_name);
}

const char *
custcare_customer_get_company (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_COMPANY - FIRST_STRING_PROP];
}

void
custcare_customer_set_company (CustcareCustomer *self,
                               const char       *company)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_COMPANY, company);
}

const char *
custcare_customer_get_address_street (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_ADDRESS_STREET - FIRST_STRING_PROP];
}

void
custcare_customer_set_address_street (CustcareCustomer *self,
                                      const char       *address_street)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_ADDRESS_STREET, address_street);
}

const char *
custcare_customer_get_address_locality (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_ADDRESS_LOCALITY - FIRST_STRING_PROP];
}

void
custcare_customer_set_address_locality (CustcareCustomer *self,
                                        const char       *address_locality)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_ADDRESS_LOCALITY, address_locality);
}

const char *
custcare_customer_get_address_region (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_ADDRESS_REGION - FIRST_STRING_PROP];
}

void
custcare_customer_set_address_region (CustcareCustomer *self,
                                      const char       *address_region)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_ADDRESS_REGION, address_region);
}

const char *
custcare_customer_get_address_postal_code (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_ADDRESS_POSTAL_CODE - FIRST_STRING_PROP];
}

void
custcare_customer_set_address_postal_code (CustcareCustomer *self,
                                           const char       *address_postal_code)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_ADDRESS_POSTAL_CODE, address_postal_code);
}

const char *
custcare_customer_get_address_country (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_ADDRESS_COUNTRY - FIRST_STRING_PROP];
}

void
custcare_customer_set_address_country (CustcareCustomer *self,
                                       const char       *address_country)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_ADDRESS_COUNTRY, address_country);
}

const char *
custcare_customer_get_notes (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_NOTES - FIRST_STRING_PROP];
}

void
custcare_customer_set_notes (CustcareCustomer *self,
                             const char       *notes)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_NOTES, notes);
}

const char *
custcare_customer_get_preferences (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->strings[PROP_PREFERENCES - FIRST_STRING_PROP];
}

void
custcare_customer_set_preferences (CustcareCustomer *self,
                                   const char       *preferences)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_string (self, PROP_PREFERENCES, preferences);
}

void
custcare_customer_get_birthday (CustcareCustomer *self,
                                int              *year,
                                int              *month,
                                int              *day)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  if (year != NULL)
    *year = self->birthday_year;
  if (month != NULL)
    *month = self->birthday_month;
  if (day != NULL)
    *day = self->birthday_day;
}

void
custcare_customer_set_birthday (CustcareCustomer *self,
                                int               year,
                                int               month,
                                int               day)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->birthday_year != year)
    {
      self->birthday_year = year;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIRTHDAY_YEAR]);
    }
  if (self->birthday_month != month)
    {
      self->birthday_month = month;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIRTHDAY_MONTH]);
    }
  if (self->birthday_day != day)
    {
      self->birthday_day = day;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIRTHDAY_DAY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * custcare_customer_dup_birthday_text:
 *
 * Returns: (transfer full): "1984-03-07", "03-07" without a year, or "" when unknown
 */
char *
custcare_customer_dup_birthday_text (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return custcare_birthday_format (self->birthday_year, self->birthday_month, self->birthday_day);
}

gboolean
custcare_customer_get_marketing_consent (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), FALSE);

  return self->marketing_consent;
}

void
custcare_customer_set_marketing_consent (CustcareCustomer *self,
                                         gboolean          consent,
                                         gint64            when)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  consent = !!consent;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->marketing_consent != consent)
    {
      self->marketing_consent = consent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKETING_CONSENT]);
    }
  /* A consent without its date is worthless as a record: the date goes with it. */
  set_int64 (self, &self->marketing_consent_at, PROP_MARKETING_CONSENT_AT, consent ? MAX (when, 0) : 0);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
custcare_customer_get_marketing_consent_at (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), 0);

  return self->marketing_consent_at;
}

gboolean
custcare_customer_get_do_not_contact (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), FALSE);

  return self->do_not_contact;
}

void
custcare_customer_set_do_not_contact (CustcareCustomer *self,
                                      gboolean          do_not_contact)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  do_not_contact = !!do_not_contact;
  if (self->do_not_contact == do_not_contact)
    return;
  self->do_not_contact = do_not_contact;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DO_NOT_CONTACT]);
}

gboolean
custcare_customer_get_archived (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), FALSE);

  return self->archived;
}

void
custcare_customer_set_archived (CustcareCustomer *self,
                                gboolean          archived)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  archived = !!archived;
  if (self->archived == archived)
    return;
  self->archived = archived;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVED]);
}

gint64
custcare_customer_get_created_at (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), 0);

  return self->created_at;
}

gint64
custcare_customer_get_updated_at (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), 0);

  return self->updated_at;
}

gint64
custcare_customer_get_last_interaction_at (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), 0);

  return self->last_interaction_at;
}

gint64
custcare_customer_get_last_order_at (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), 0);

  return self->last_order_at;
}

gint64
custcare_customer_get_merged_into_id (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), 0);

  return self->merged_into_id;
}

gint64
custcare_customer_get_import_batch_id (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), 0);

  return self->import_batch_id;
}

void
custcare_customer_set_import_batch_id (CustcareCustomer *self,
                                       gint64            import_batch_id)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  set_int64 (self, &self->import_batch_id, PROP_IMPORT_BATCH_ID, import_batch_id);
}

/* Values the database keeps; the repository sets them after reading or writing a row. */
void
_custcare_customer_set_stored (CustcareCustomer *self,
                               gint64            id,
                               gint64            created_at,
                               gint64            updated_at,
                               gint64            last_interaction_at,
                               gint64            last_order_at,
                               gint64            merged_into_id)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (self, &self->id, PROP_ID, id);
  set_int64 (self, &self->created_at, PROP_CREATED_AT, created_at);
  set_int64 (self, &self->updated_at, PROP_UPDATED_AT, updated_at);
  set_int64 (self, &self->last_interaction_at, PROP_LAST_INTERACTION_AT, last_interaction_at);
  set_int64 (self, &self->last_order_at, PROP_LAST_ORDER_AT, last_order_at);
  set_int64 (self, &self->merged_into_id, PROP_MERGED_INTO_ID, merged_into_id);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * custcare_customer_get_phones:
 *
 * Returns: (transfer none) (element-type CustcareContact): the phone numbers, in order
 */
GPtrArray *
custcare_customer_get_phones (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->phones;
}

void
custcare_customer_add_phone (CustcareCustomer *self,
                             const char       *label,
                             const char       *number)
{
  g_autofree char *stripped = g_strstrip (g_strdup (number != NULL ? number : ""));

  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  g_ptr_array_add (self->phones, custcare_contact_new (label, stripped));
}

/**
 * custcare_customer_get_emails:
 *
 * Returns: (transfer none) (element-type CustcareContact): the email addresses, in order
 */
GPtrArray *
custcare_customer_get_emails (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->emails;
}

void
custcare_customer_add_email (CustcareCustomer *self,
                             const char       *label,
                             const char       *address)
{
  g_autofree char *stripped = g_strstrip (g_strdup (address != NULL ? address : ""));

  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  g_ptr_array_add (self->emails, custcare_contact_new (label, stripped));
}

void
custcare_customer_clear_phones (CustcareCustomer *self)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  g_ptr_array_set_size (self->phones, 0);
}

void
custcare_customer_clear_emails (CustcareCustomer *self)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  g_ptr_array_set_size (self->emails, 0);
}

/**
 * custcare_customer_get_primary_phone:
 *
 * Returns: (nullable): the first phone number
 */
const char *
custcare_customer_get_primary_phone (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->phones->len > 0 ? ((CustcareContact *) g_ptr_array_index (self->phones, 0))->value : NULL;
}

/**
 * custcare_customer_get_primary_email:
 *
 * Returns: (nullable): the first email address
 */
const char *
custcare_customer_get_primary_email (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return self->emails->len > 0 ? ((CustcareContact *) g_ptr_array_index (self->emails, 0))->value : NULL;
}

/**
 * custcare_customer_get_tags:
 *
 * Returns: (transfer none): the tags, never %NULL
 */
const char * const *
custcare_customer_get_tags (CustcareCustomer *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  return (const char * const *) self->tags;
}

static int
find_tag (CustcareCustomer *self,
          const char       *tag)
{
  g_autofree char *folded = g_utf8_casefold (tag, -1);

  for (guint i = 0; self->tags[i] != NULL; i++)
    {
      g_autofree char *other = g_utf8_casefold (self->tags[i], -1);

      if (g_strcmp0 (folded, other) == 0)
        return i;
    }
  return -1;
}

/* Tags are unique without regard to case, as in the `tags` table; blanks are dropped. */
void
custcare_customer_set_tags (CustcareCustomer   *self,
                            const char * const *tags)
{
  g_auto (GStrv) old = NULL;

  g_return_if_fail (CUSTCARE_IS_CUSTOMER (self));

  old = g_steal_pointer (&self->tags);
  self->tags = g_new0 (char *, 1);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *tag = g_strstrip (g_strdup (tags[i]));

      if (*tag != '\0' && find_tag (self, tag) < 0)
        {
          guint n = g_strv_length (self->tags);

          self->tags = g_renew (char *, self->tags, n + 2);
          self->tags[n] = g_steal_pointer (&tag);
          self->tags[n + 1] = NULL;
        }
    }
  if (!g_strv_equal ((const char * const *) old, (const char * const *) self->tags))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

gboolean
custcare_customer_add_tag (CustcareCustomer *self,
                           const char       *tag)
{
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv) tags = NULL;

  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  if (find_tag (self, tag) >= 0)
    return FALSE;
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) self->tags);
  g_strv_builder_add (builder, tag);
  tags = g_strv_builder_end (builder);
  custcare_customer_set_tags (self, (const char * const *) tags);
  return TRUE;
}

gboolean
custcare_customer_remove_tag (CustcareCustomer *self,
                              const char       *tag)
{
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv) tags = NULL;
  int index;

  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  if ((index = find_tag (self, tag)) < 0)
    return FALSE;
  builder = g_strv_builder_new ();
  for (int i = 0; self->tags[i] != NULL; i++)
    if (i != index)
      g_strv_builder_add (builder, self->tags[i]);
  tags = g_strv_builder_end (builder);
  custcare_customer_set_tags (self, (const char * const *) tags);
  return TRUE;
}

gboolean
custcare_customer_has_tag (CustcareCustomer *self,
                           const char       *tag)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), FALSE);

  return tag != NULL && find_tag (self, tag) >= 0;
}

static const char *
nonempty (const char *s)
{
  return s != NULL && *s != '\0' ? s : NULL;
}

/**
 * custcare_customer_dup_title:
 *
 * Returns: (transfer full): the name to show for the customer
 */
char *
custcare_customer_dup_title (CustcareCustomer *self)
{
  const char *given, *family;

  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  if (nonempty (custcare_customer_get_display_name (self)))
    return g_strdup (custcare_customer_get_display_name (self));
  given = nonempty (custcare_customer_get_given_name (self));
  family = nonempty (custcare_customer_get_family_name (self));
  if (given && family)
    return g_strdup_printf ("%s %s", given, family);
  if (given || family)
    return g_strdup (given ? given : family);
  if (nonempty (custcare_customer_get_company (self)))
    return g_strdup (custcare_customer_get_company (self));
  if (custcare_customer_get_primary_email (self) != NULL)
    return g_strdup (custcare_customer_get_primary_email (self));
  return g_strdup (_("Unnamed customer"));
}

/* Folds case and drops accents, so "Émile" sorts and searches with "emile". */
char *
_custcare_fold_text (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_NFKD);
  g_autoptr (GString) bare = g_string_new (NULL);

  if (decomposed == NULL)
    return g_strdup ("");
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      g_string_append_unichar (bare, c);
    }
  return g_utf8_casefold (bare->str, -1);
}

char *
custcare_customer_dup_sort_name (CustcareCustomer *self)
{
  const char *family, *given;
  g_autofree char *key = NULL;

  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), NULL);

  family = nonempty (custcare_customer_get_family_name (self));
  given = nonempty (custcare_customer_get_given_name (self));
  /* The list shows the display name when there is one, so it sorts by it too. */
  if (nonempty (custcare_customer_get_display_name (self)))
    key = g_strdup (custcare_customer_get_display_name (self));
  else if (family != NULL)
    key = g_strdup_printf ("%s %s", family, given ? given : "");
  else if (given != NULL)
    key = g_strdup (given);
  else if (nonempty (custcare_customer_get_company (self)))
    key = g_strdup (custcare_customer_get_company (self));
  else
    key = g_strdup (custcare_customer_get_primary_email (self));

  return g_strstrip (_custcare_fold_text (key));
}

/**
 * custcare_phone_digits:
 * @number: a phone number as typed: "+1 (555) 010-2030"
 *
 * Returns: (transfer full): its digits only: "15550102030"
 */
char *
custcare_phone_digits (const char *number)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = number; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int value = g_unichar_digit_value (c);

      /* Any script's digits count ("٠١٢" typed on an Arabic keyboard). */
      if (value >= 0)
        g_string_append_c (digits, '0' + value);
    }
  return g_string_free (digits, FALSE);
}

/* Digits, blanks and the usual punctuation of phone numbers, a leading "+", and at least three
 * digits; an extension may follow "x" or "ext". */
gboolean
custcare_phone_is_valid (const char *number)
{
  g_autofree char *digits = NULL;
  const char *p;
  gboolean in_extension = FALSE;

  if (number == NULL)
    return FALSE;
  p = number;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '+')
    p++;
  for (; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_digit_value (c) >= 0 || strchr (" -().\\/", c) != NULL || c == 0x00A0)
        continue;
      if (!in_extension && (g_ascii_strncasecmp (p, "ext", 3) == 0))
        {
          in_extension = TRUE;
          p += 2;
          if (p[1] == '.')
            p++;
          continue;
        }
      if (!in_extension && (c == 'x' || c == 'X'))
        {
          in_extension = TRUE;
          continue;
        }
      return FALSE;
    }
  digits = custcare_phone_digits (number);
  return strlen (digits) >= 3 && strlen (digits) <= 20;
}

/* name@example.org: one "@", no blanks, and a domain with a dot between non-empty labels. This is
 * meant to catch typing mistakes, not to accept or refuse what mail servers would. */
gboolean
custcare_email_is_valid (const char *address)
{
  const char *at;
  g_auto (GStrv) labels = NULL;

  if (address == NULL || *address == '\0' || !g_utf8_validate (address, -1, NULL))
    return FALSE;
  for (const char *p = address; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>' || *p == '"')
      return FALSE;
  at = strchr (address, '@');
  if (at == NULL || at == address || strchr (at + 1, '@') != NULL)
    return FALSE;
  if (address[0] == '.' || at[-1] == '.' || strstr (address, "..") != NULL)
    return FALSE;
  labels = g_strsplit (at + 1, ".", -1);
  if (g_strv_length (labels) < 2)
    return FALSE;
  for (guint i = 0; labels[i] != NULL; i++)
    if (labels[i][0] == '\0' || labels[i][0] == '-')
      return FALSE;
  return TRUE;
}

static gboolean
date_is_valid (int year,
               int month,
               int day)
{
  /* Without a year, 29 February is a real birthday. */
  if (month < 1 || month > 12 || day < 1)
    return FALSE;
  if (year == 0)
    return day <= g_date_get_days_in_month (month, 2000);
  if (year < 1850 || year > 2200)
    return FALSE;
  return day <= g_date_get_days_in_month (month, year);
}

static gboolean
parse_number (const char *s,
              gsize       len,
              int        *out)
{
  guint64 value;
  g_autofree char *part = g_strndup (s, len);

  if (len == 0 || !g_ascii_string_to_unsigned (part, 10, 0, 9999, &value, NULL))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

/**
 * custcare_birthday_parse:
 * @text: "1984-03-07", a birthday without year as "03-07" or "--03-07" (vCard), or "" for unknown
 *
 * Returns: %TRUE with the parts set (0 when unknown), or %FALSE with a readable @error
 */
gboolean
custcare_birthday_parse (const char  *text,
                         int         *year,
                         int         *month,
                         int         *day,
                         GError     **error)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_auto (GStrv) parts = NULL;
  int y = 0, m = 0, d = 0;
  gboolean ok = FALSE;
  const char *body = s;

  if (*s == '\0')
    {
      *year = *month = *day = 0;
      return TRUE;
    }

  if (g_str_has_prefix (body, "--"))
    body += 2;
  parts = g_strsplit (body, "-", -1);
  if (body == s && g_strv_length (parts) == 3)
    ok = strlen (parts[0]) == 4 && parse_number (parts[0], strlen (parts[0]), &y) &&
         parse_number (parts[1], strlen (parts[1]), &m) && parse_number (parts[2], strlen (parts[2]), &d);
  else if (g_strv_length (parts) == 2)
    ok = parse_number (parts[0], strlen (parts[0]), &m) && parse_number (parts[1], strlen (parts[1]), &d);

  if (!ok || !date_is_valid (y, m, d))
    {
      g_set_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_DATE,
                   _("“%s” is not a date. Write a birthday as year-month-day (1984-03-07), or month-day "
                     "(03-07) when the year is not known."),
                   s);
      return FALSE;
    }
  *year = y;
  *month = m;
  *day = d;
  return TRUE;
}

/**
 * custcare_birthday_format:
 *
 * Returns: (transfer full): the ISO form custcare_birthday_parse() reads back, or ""
 */
char *
custcare_birthday_format (int year,
                          int month,
                          int day)
{
  if (month == 0 || day == 0)
    return g_strdup ("");
  if (year == 0)
    return g_strdup_printf ("%02d-%02d", month, day);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

/**
 * custcare_customer_validate:
 *
 * Checks what a person could have typed wrong. The first problem found is reported, naming the
 * field, so the editor can point at it.
 */
gboolean
custcare_customer_validate (CustcareCustomer  *self,
                            GError           **error)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (self), FALSE);

  if (!nonempty (custcare_customer_get_given_name (self)) && !nonempty (custcare_customer_get_family_name (self)) &&
      !nonempty (custcare_customer_get_display_name (self)) && !nonempty (custcare_customer_get_company (self)))
    {
      g_set_error_literal (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NO_NAME,
                           _("A customer needs a name: a given or family name, a display name or a company."));
      return FALSE;
    }

  for (guint i = 0; i < self->emails->len; i++)
    {
      CustcareContact *email = g_ptr_array_index (self->emails, i);

      if (!custcare_email_is_valid (email->value))
        {
          g_set_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_EMAIL,
                       _("“%s” is not an email address. It should look like name@example.com."), email->value);
          return FALSE;
        }
    }

  for (guint i = 0; i < self->phones->len; i++)
    {
      CustcareContact *phone = g_ptr_array_index (self->phones, i);

      if (!custcare_phone_is_valid (phone->value))
        {
          g_set_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_PHONE,
                       _("“%s” is not a phone number. Use digits, spaces, a leading + and - ( ) . only."),
                       phone->value);
          return FALSE;
        }
    }

  if ((self->birthday_year != 0 || self->birthday_month != 0 || self->birthday_day != 0) &&
      !date_is_valid (self->birthday_year, self->birthday_month, self->birthday_day))
    {
      g_set_error_literal (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_DATE,
                           _("The birthday is not a real date."));
      return FALSE;
    }

  for (guint i = 0; self->tags[i] != NULL; i++)
    {
      if (g_utf8_strlen (self->tags[i], -1) > 40)
        {
          g_set_error (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_INVALID_TAG,
                       _("The tag “%s” is too long: tags are short words like “VIP” or “wholesale”."),
                       self->tags[i]);
          return FALSE;
        }
    }

  return TRUE;
}
