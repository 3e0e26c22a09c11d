/* custcare-vcard-write.c — customers as vCard text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes everything custcare-vcard.c reads, so reading an export back gives the same fields:
 * text escaped (\\ \, \; \n), lines folded at 75 octets between UTF-8 characters, CRLF line ends.
 * Labels with a vCard TYPE are written as TYPE; any other label goes into an Apple/Google-style
 * group (item1.TEL + item1.X-ABLabel), which Google Contacts and the reader understand.
 */
#define G_LOG_DOMAIN "custcare-vcard"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-vcard-private.h"

/* Translatable labels, as the customer editor shows them. */
static const struct
{
  const char *label;
  const char *types;   /* what the writer puts in TYPE= */
} known_labels[] = {
  { N_("Mobile"), "cell" },
  { N_("Work"), "work" },
  { N_("Home"), "home" },
  { N_("Work fax"), "work,fax" },
  { N_("Home fax"), "home,fax" },
  { N_("Fax"), "fax" },
  { N_("Pager"), "pager" },
  { N_("Main"), "main" },
  { N_("Other"), "other" },
};

static const char *
types_for_label (const char *label)
{
  if (label == NULL || *label == '\0')
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (known_labels); i++)
    if (g_str_equal (label, known_labels[i].label) || g_str_equal (label, _(known_labels[i].label)))
      return known_labels[i].types;
  return NULL;
}

/* Writing */

/* Folds at 75 octets, never inside a UTF-8 sequence; continuation lines start with a space. */
static void
append_folded (GString    *out,
               const char *line)
{
  gsize len = strlen (line), pos = 0, limit = 75;

  while (len - pos > limit)
    {
      gsize cut = pos + limit;

      while (cut > pos && ((guchar) line[cut] & 0xC0) == 0x80)
        cut--;
      g_string_append_len (out, line + pos, cut - pos);
      g_string_append (out, "\r\n ");
      pos = cut;
      limit = 74;
    }
  g_string_append (out, line + pos);
  g_string_append (out, "\r\n");
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case ',':
          g_string_append (out, "\\,");
          break;
        case ';':
          g_string_append (out, "\\;");
          break;
        case '\r':
          if (p[1] != '\n')
            g_string_append (out, "\\n");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void
add_line (GString    *card,
          GString    *line)
{
  append_folded (card, line->str);
  g_string_truncate (line, 0);
}

static void
add_contacts (GString              *card,
              GString              *line,
              GPtrArray            *contacts,
              const char           *name,
              CustcareVcardVersion  version,
              guint                *group)
{
  for (guint i = 0; i < contacts->len; i++)
    {
      CustcareContact *contact = g_ptr_array_index (contacts, i);
      const char *types = types_for_label (contact->label);
      gboolean pref = i == 0 && contacts->len > 1;
      g_autofree char *group_name = NULL;

      if (types == NULL)
        {
          group_name = g_strdup_printf ("item%u", ++*group);
          g_string_append_printf (line, "%s.", group_name);
          types = "";
        }
      g_string_append (line, name);
      if (version == CUSTCARE_VCARD_VERSION_3_0)
        {
          if (*types || pref)
            g_string_append_printf (line, ";TYPE=%s%s%s", types, *types && pref ? "," : "", pref ? "pref" : "");
        }
      else
        {
          if (*types)
            g_string_append_printf (line, strchr (types, ',') ? ";TYPE=\"%s\"" : ";TYPE=%s", types);
          if (pref)
            g_string_append (line, ";PREF=1");
        }
      g_string_append_c (line, ':');
      append_escaped (line, contact->value);
      add_line (card, line);
      if (group_name != NULL)
        {
          g_string_append_printf (line, "%s.X-ABLabel:", group_name);
          append_escaped (line, contact->label);
          add_line (card, line);
        }
    }
}

char *
custcare_vcard_format_customer (CustcareCustomer     *customer,
                                CustcareVcardVersion  version)
{
  g_autoptr (GString) card = g_string_new (NULL);
  g_autoptr (GString) line = g_string_new (NULL);
  g_autofree char *title = NULL;
  const char * const *tags;
  const char *street;
  int year, month, day;
  guint group = 0;

  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (customer), NULL);

  g_string_append (card, "BEGIN:VCARD\r\n");
  g_string_append (card, version == CUSTCARE_VCARD_VERSION_3_0 ? "VERSION:3.0\r\n" : "VERSION:4.0\r\n");
  g_string_append (card, "PRODID:-//CustCare//CustCare " PACKAGE_VERSION "//EN\r\n");

  title = custcare_customer_dup_title (customer);
  g_string_append (line, "FN:");
  append_escaped (line, title);
  add_line (card, line);

  g_string_append (line, "N:");
  append_escaped (line, custcare_customer_get_family_name (customer));
  g_string_append_c (line, ';');
  append_escaped (line, custcare_customer_get_given_name (customer));
  g_string_append (line, ";;;");
  add_line (card, line);

  if (*custcare_customer_get_company (customer))
    {
      g_string_append (line, "ORG:");
      append_escaped (line, custcare_customer_get_company (customer));
      add_line (card, line);
    }

  add_contacts (card, line, custcare_customer_get_phones (customer), "TEL", version, &group);
  add_contacts (card, line, custcare_customer_get_emails (customer), "EMAIL", version, &group);

  street = custcare_customer_get_address_street (customer);
  if (*street || *custcare_customer_get_address_locality (customer) ||
      *custcare_customer_get_address_region (customer) || *custcare_customer_get_address_postal_code (customer) ||
      *custcare_customer_get_address_country (customer))
    {
      g_string_append (line, "ADR:;;");
      append_escaped (line, street);
      g_string_append_c (line, ';');
      append_escaped (line, custcare_customer_get_address_locality (customer));
      g_string_append_c (line, ';');
      append_escaped (line, custcare_customer_get_address_region (customer));
      g_string_append_c (line, ';');
      append_escaped (line, custcare_customer_get_address_postal_code (customer));
      g_string_append_c (line, ';');
      append_escaped (line, custcare_customer_get_address_country (customer));
      add_line (card, line);
    }

  custcare_customer_get_birthday (customer, &year, &month, &day);
  if (month != 0 && day != 0)
    {
      if (version == CUSTCARE_VCARD_VERSION_3_0 && year != 0)
        g_string_append_printf (line, "BDAY:%04d-%02d-%02d", year, month, day);
      else if (version == CUSTCARE_VCARD_VERSION_3_0)
        g_string_append_printf (line, "BDAY:--%02d-%02d", month, day);
      else if (year != 0)
        g_string_append_printf (line, "BDAY:%04d%02d%02d", year, month, day);
      else
        g_string_append_printf (line, "BDAY:--%02d%02d", month, day);
      add_line (card, line);
    }

  if (*custcare_customer_get_notes (customer))
    {
      g_string_append (line, "NOTE:");
      append_escaped (line, custcare_customer_get_notes (customer));
      add_line (card, line);
    }

  tags = custcare_customer_get_tags (customer);
  if (tags[0] != NULL)
    {
      g_string_append (line, "CATEGORIES:");
      for (guint i = 0; tags[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append_c (line, ',');
          append_escaped (line, tags[i]);
        }
      add_line (card, line);
    }

  g_string_append (card, "END:VCARD\r\n");
  return g_string_free (g_steal_pointer (&card), FALSE);
}
