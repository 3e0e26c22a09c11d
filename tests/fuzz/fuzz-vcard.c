/* fuzz-vcard.c — libFuzzer target for the vCard parser and writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any input must either be refused with a CUSTCARE_VCARD_ERROR or give customers that pass
 * validation; and every customer, written as 3.0 and as 4.0 and read back, must come back with
 * the same fields (the writer escapes and folds everything the parser can produce).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "custcare-vcard.h"

static void
check_same (CustcareCustomer *a,
            CustcareCustomer *b)
{
  const char *(*getters[]) (CustcareCustomer *) = {
    custcare_customer_get_given_name, custcare_customer_get_family_name, custcare_customer_get_display_name,
    custcare_customer_get_company, custcare_customer_get_address_street, custcare_customer_get_address_locality,
    custcare_customer_get_address_region, custcare_customer_get_address_postal_code,
    custcare_customer_get_address_country, custcare_customer_get_notes,
  };
  GPtrArray *lists_a[] = { custcare_customer_get_phones (a), custcare_customer_get_emails (a) };
  GPtrArray *lists_b[] = { custcare_customer_get_phones (b), custcare_customer_get_emails (b) };
  const char * const *tags_a = custcare_customer_get_tags (a);
  const char * const *tags_b = custcare_customer_get_tags (b);
  int ya, ma, da, yb, mb, db;

  for (guint i = 0; i < G_N_ELEMENTS (getters); i++)
    if (g_strcmp0 (getters[i] (a), getters[i] (b)) != 0)
      g_error ("field %u: “%s” came back as “%s”", i, getters[i] (a), getters[i] (b));
  custcare_customer_get_birthday (a, &ya, &ma, &da);
  custcare_customer_get_birthday (b, &yb, &mb, &db);
  g_assert_true (ya == yb && ma == mb && da == db);
  for (guint l = 0; l < 2; l++)
    {
      g_assert_cmpuint (lists_a[l]->len, ==, lists_b[l]->len);
      for (guint i = 0; i < lists_a[l]->len; i++)
        {
          CustcareContact *ca = g_ptr_array_index (lists_a[l], i);
          CustcareContact *cb = g_ptr_array_index (lists_b[l], i);

          g_assert_cmpstr (ca->label, ==, cb->label);
          g_assert_cmpstr (ca->value, ==, cb->value);
        }
    }
  g_assert_cmpuint (g_strv_length ((char **) tags_a), ==, g_strv_length ((char **) tags_b));
  for (guint i = 0; tags_a[i] != NULL; i++)
    g_assert_cmpstr (tags_a[i], ==, tags_b[i]);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) customers = custcare_vcard_parse (bytes, &problems, &error);

  if (customers == NULL)
    {
      g_assert_true (error != NULL && error->domain == CUSTCARE_VCARD_ERROR);
      g_assert_true (error->message != NULL && *error->message != '\0');
      return 0;
    }
  g_assert_no_error (error);

  for (guint i = 0; i < problems->len; i++)
    {
      CustcareVcardProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *text = custcare_vcard_problem_to_string (problem);

      g_assert_true (g_utf8_validate (text, -1, NULL));
    }

  for (guint i = 0; i < customers->len; i++)
    {
      CustcareCustomer *customer = g_ptr_array_index (customers, i);

      g_assert_true (custcare_customer_validate (customer, NULL));
      for (int v = CUSTCARE_VCARD_VERSION_3_0; v <= CUSTCARE_VCARD_VERSION_4_0; v++)
        {
          g_autofree char *card = custcare_vcard_format_customer (customer, v);
          g_autoptr (GBytes) again_bytes = NULL;
          g_autoptr (GPtrArray) again = NULL;
          g_autoptr (GPtrArray) again_problems = NULL;

          g_assert_true (g_utf8_validate (card, -1, NULL));
          /* A customer can hold more text than one vCard line may (1 MiB); those are not compared. */
          if (strlen (card) > CUSTCARE_VCARD_MAX_PROPERTY_BYTES / 2)
            continue;
          again_bytes = g_bytes_new (card, strlen (card));
          again = custcare_vcard_parse (again_bytes, &again_problems, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (again->len, ==, 1);
          if (again_problems->len != 0)
            g_error ("writing produced a problem: %s",
                     ((CustcareVcardProblem *) g_ptr_array_index (again_problems, 0))->message);
          check_same (customer, g_ptr_array_index (again, 0));
        }
    }
  return 0;
}
