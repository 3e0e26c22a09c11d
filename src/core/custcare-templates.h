/* custcare-templates.h — the texts of the emails CustCare sends to customers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Five templates exist (the `message_templates` table allows exactly these ids). Each has a
 * built-in default in the user's language; a row in the table only exists once the shop edited
 * the text or switched automatic sending. Placeholders in braces ({customer_name}, {order_number},
 * {items}, {total}, {tracking}, {carrier}, {shop_name}) are filled in when a message is queued.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TEMPLATE_ORDER_CONFIRMED "order-confirmed"
#define CUSTCARE_TEMPLATE_ORDER_READY     "order-ready"
#define CUSTCARE_TEMPLATE_ORDER_SHIPPED   "order-shipped"
#define CUSTCARE_TEMPLATE_THANK_YOU       "thank-you"
#define CUSTCARE_TEMPLATE_FOLLOW_UP       "follow-up"

typedef struct
{
  char     *id;
  char     *subject;
  char     *body;
  /* Sent automatically when an order reaches the template's status. */
  gboolean  enabled;
  /* The shop changed the text (a row exists with a subject or body of its own). */
  gboolean  customized;
} CustcareTemplate;

#define CUSTCARE_TYPE_TEMPLATE (custcare_template_get_type ())

GType               custcare_template_get_type        (void) G_GNUC_CONST;
CustcareTemplate   *custcare_template_copy            (const CustcareTemplate *tmpl);
void                custcare_template_free            (CustcareTemplate       *tmpl);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareTemplate, custcare_template_free)

/* NULL-terminated list of every template id, in the order the preferences show them. */
const char * const *custcare_templates_list_ids       (void);
gboolean            custcare_templates_is_valid_id    (const char             *id);
/* "Order confirmed", for lists and combo rows. */
const char         *custcare_templates_get_label      (const char             *id);
/* Marketing messages (thank-you, follow-up) need the customer's consent; the others are
 * transactional: the customer is waiting for news of their own order. */
gboolean            custcare_templates_is_marketing   (const char             *id);
/* The order status ("confirmed", "ready", "shipped", "completed") that sends this template
 * automatically, or NULL for templates only sent by hand. */
const char         *custcare_templates_get_trigger_status (const char         *id);
/* The template sent automatically when an order enters @status, or NULL. */
const char         *custcare_templates_for_status     (const char             *status);

/* The built-in text, translated. */
CustcareTemplate   *custcare_templates_get_default    (const char             *id);
/* The shop's text if it has one, else the default. */
CustcareTemplate   *custcare_templates_get            (CustcareStore          *store,
                                                       const char             *id,
                                                       GError                **error);
gboolean            custcare_templates_save           (CustcareStore          *store,
                                                       const char             *id,
                                                       const char             *subject,
                                                       const char             *body,
                                                       GError                **error);
gboolean            custcare_templates_set_enabled    (CustcareStore          *store,
                                                       const char             *id,
                                                       gboolean                enabled,
                                                       GError                **error);
/* Back to the built-in text; the enabled switch is kept. */
gboolean            custcare_templates_reset          (CustcareStore          *store,
                                                       const char             *id,
                                                       GError                **error);

/* Placeholder name (without braces) → value. */
GHashTable         *custcare_templates_collect_values (CustcareStore          *store,
                                                       gint64                  customer_id,
                                                       gint64                  order_id,
                                                       GError                **error);
/* Made-up values for the preview in Preferences (uses the real shop name if set). */
GHashTable         *custcare_templates_sample_values  (CustcareStore          *store);
/* Replaces each {name} found in @values; unknown placeholders stay as written so a typo shows. */
char               *custcare_templates_expand         (const char             *text,
                                                       GHashTable             *values);
gboolean            custcare_templates_render         (CustcareStore          *store,
                                                       const char             *id,
                                                       gint64                  customer_id,
                                                       gint64                  order_id,
                                                       char                  **out_subject,
                                                       char                  **out_body,
                                                       GError                **error);

G_END_DECLS
