/* custcare-import-fields.c — what a column holds, guessed from its header, and dates as
 * spreadsheets write them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "custcare-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "custcare-customer-private.h"
#include "custcare-import-private.h"

static const char *field_names[CUSTCARE_IMPORT_N_FIELDS] = {
  [CUSTCARE_IMPORT_FIELD_IGNORE] = N_("Do not import"),
  [CUSTCARE_IMPORT_FIELD_GIVEN_NAME] = N_("Given name"),
  [CUSTCARE_IMPORT_FIELD_FAMILY_NAME] = N_("Family name"),
  [CUSTCARE_IMPORT_FIELD_DISPLAY_NAME] = N_("Display name"),
  [CUSTCARE_IMPORT_FIELD_COMPANY] = N_("Company"),
  [CUSTCARE_IMPORT_FIELD_STREET] = N_("Street"),
  [CUSTCARE_IMPORT_FIELD_LOCALITY] = N_("City"),
  [CUSTCARE_IMPORT_FIELD_REGION] = N_("Region"),
  [CUSTCARE_IMPORT_FIELD_POSTAL_CODE] = N_("Postcode"),
  [CUSTCARE_IMPORT_FIELD_COUNTRY] = N_("Country"),
  [CUSTCARE_IMPORT_FIELD_BIRTHDAY] = N_("Birthday"),
  [CUSTCARE_IMPORT_FIELD_NOTES] = N_("Notes"),
  [CUSTCARE_IMPORT_FIELD_PREFERENCES] = N_("Preferences"),
  [CUSTCARE_IMPORT_FIELD_PHONE] = N_("Phone"),
  [CUSTCARE_IMPORT_FIELD_PHONE_LABEL] = N_("Phone label"),
  [CUSTCARE_IMPORT_FIELD_EMAIL] = N_("Email"),
  [CUSTCARE_IMPORT_FIELD_EMAIL_LABEL] = N_("Email label"),
  [CUSTCARE_IMPORT_FIELD_TAGS] = N_("Tags"),
  [CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT] = N_("Marketing consent"),
  [CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE] = N_("Consent date"),
  [CUSTCARE_IMPORT_FIELD_DO_NOT_CONTACT] = N_("Do not contact"),
  [CUSTCARE_IMPORT_FIELD_POINTS] = N_("Loyalty points"),
};

const char *
custcare_import_field_get_name (CustcareImportField field)
{
  g_return_val_if_fail (field < CUSTCARE_IMPORT_N_FIELDS, NULL);

  return _(field_names[field]);
}

/* Headers as English and German spreadsheets, address books and shop systems write them, after
 * folding: lower case, no accents, letters and digits only ("E-Mail" → "email", "Straße" →
 * "strasse"). */
static const struct
{
  const char          *header;
  CustcareImportField  field;
} aliases[] = {
  { "firstname", CUSTCARE_IMPORT_FIELD_GIVEN_NAME },
  { "givenname", CUSTCARE_IMPORT_FIELD_GIVEN_NAME },
  { "forename", CUSTCARE_IMPORT_FIELD_GIVEN_NAME },
  { "first", CUSTCARE_IMPORT_FIELD_GIVEN_NAME },
  { "vorname", CUSTCARE_IMPORT_FIELD_GIVEN_NAME },
  { "rufname", CUSTCARE_IMPORT_FIELD_GIVEN_NAME },
  { "lastname", CUSTCARE_IMPORT_FIELD_FAMILY_NAME },
  { "familyname", CUSTCARE_IMPORT_FIELD_FAMILY_NAME },
  { "surname", CUSTCARE_IMPORT_FIELD_FAMILY_NAME },
  { "last", CUSTCARE_IMPORT_FIELD_FAMILY_NAME },
  { "nachname", CUSTCARE_IMPORT_FIELD_FAMILY_NAME },
  { "familienname", CUSTCARE_IMPORT_FIELD_FAMILY_NAME },
  { "zuname", CUSTCARE_IMPORT_FIELD_FAMILY_NAME },
  { "name", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME },
  { "fullname", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME },
  { "displayname", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME },
  { "customer", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME },
  { "customername", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME },
  { "contact", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME },
  { "kunde", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME },
  { "kundenname", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME },
  { "anzeigename", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME },
  { "vollername", CUSTCARE_IMPORT_FIELD_DISPLAY_NAME },
  { "company", CUSTCARE_IMPORT_FIELD_COMPANY },
  { "companyname", CUSTCARE_IMPORT_FIELD_COMPANY },
  { "organization", CUSTCARE_IMPORT_FIELD_COMPANY },
  { "organisation", CUSTCARE_IMPORT_FIELD_COMPANY },
  { "business", CUSTCARE_IMPORT_FIELD_COMPANY },
  { "firma", CUSTCARE_IMPORT_FIELD_COMPANY },
  { "unternehmen", CUSTCARE_IMPORT_FIELD_COMPANY },
  { "firmenname", CUSTCARE_IMPORT_FIELD_COMPANY },
  { "street", CUSTCARE_IMPORT_FIELD_STREET },
  { "streetaddress", CUSTCARE_IMPORT_FIELD_STREET },
  { "address", CUSTCARE_IMPORT_FIELD_STREET },
  { "addressline", CUSTCARE_IMPORT_FIELD_STREET },
  { "strasse", CUSTCARE_IMPORT_FIELD_STREET },
  { "strassehausnummer", CUSTCARE_IMPORT_FIELD_STREET },
  { "adresse", CUSTCARE_IMPORT_FIELD_STREET },
  { "anschrift", CUSTCARE_IMPORT_FIELD_STREET },
  { "city", CUSTCARE_IMPORT_FIELD_LOCALITY },
  { "town", CUSTCARE_IMPORT_FIELD_LOCALITY },
  { "locality", CUSTCARE_IMPORT_FIELD_LOCALITY },
  { "ort", CUSTCARE_IMPORT_FIELD_LOCALITY },
  { "stadt", CUSTCARE_IMPORT_FIELD_LOCALITY },
  { "wohnort", CUSTCARE_IMPORT_FIELD_LOCALITY },
  { "region", CUSTCARE_IMPORT_FIELD_REGION },
  { "state", CUSTCARE_IMPORT_FIELD_REGION },
  { "county", CUSTCARE_IMPORT_FIELD_REGION },
  { "province", CUSTCARE_IMPORT_FIELD_REGION },
  { "bundesland", CUSTCARE_IMPORT_FIELD_REGION },
  { "kanton", CUSTCARE_IMPORT_FIELD_REGION },
  { "postcode", CUSTCARE_IMPORT_FIELD_POSTAL_CODE },
  { "postalcode", CUSTCARE_IMPORT_FIELD_POSTAL_CODE },
  { "zip", CUSTCARE_IMPORT_FIELD_POSTAL_CODE },
  { "zipcode", CUSTCARE_IMPORT_FIELD_POSTAL_CODE },
  { "plz", CUSTCARE_IMPORT_FIELD_POSTAL_CODE },
  { "postleitzahl", CUSTCARE_IMPORT_FIELD_POSTAL_CODE },
  { "country", CUSTCARE_IMPORT_FIELD_COUNTRY },
  { "land", CUSTCARE_IMPORT_FIELD_COUNTRY },
  { "birthday", CUSTCARE_IMPORT_FIELD_BIRTHDAY },
  { "birthdate", CUSTCARE_IMPORT_FIELD_BIRTHDAY },
  { "dateofbirth", CUSTCARE_IMPORT_FIELD_BIRTHDAY },
  { "dob", CUSTCARE_IMPORT_FIELD_BIRTHDAY },
  { "geburtstag", CUSTCARE_IMPORT_FIELD_BIRTHDAY },
  { "geburtsdatum", CUSTCARE_IMPORT_FIELD_BIRTHDAY },
  { "notes", CUSTCARE_IMPORT_FIELD_NOTES },
  { "note", CUSTCARE_IMPORT_FIELD_NOTES },
  { "comment", CUSTCARE_IMPORT_FIELD_NOTES },
  { "comments", CUSTCARE_IMPORT_FIELD_NOTES },
  { "remarks", CUSTCARE_IMPORT_FIELD_NOTES },
  { "notizen", CUSTCARE_IMPORT_FIELD_NOTES },
  { "notiz", CUSTCARE_IMPORT_FIELD_NOTES },
  { "bemerkung", CUSTCARE_IMPORT_FIELD_NOTES },
  { "bemerkungen", CUSTCARE_IMPORT_FIELD_NOTES },
  { "kommentar", CUSTCARE_IMPORT_FIELD_NOTES },
  { "anmerkungen", CUSTCARE_IMPORT_FIELD_NOTES },
  { "preferences", CUSTCARE_IMPORT_FIELD_PREFERENCES },
  { "preference", CUSTCARE_IMPORT_FIELD_PREFERENCES },
  { "vorlieben", CUSTCARE_IMPORT_FIELD_PREFERENCES },
  { "praferenzen", CUSTCARE_IMPORT_FIELD_PREFERENCES },
  { "wunsche", CUSTCARE_IMPORT_FIELD_PREFERENCES },
  { "tags", CUSTCARE_IMPORT_FIELD_TAGS },
  { "tag", CUSTCARE_IMPORT_FIELD_TAGS },
  { "categories", CUSTCARE_IMPORT_FIELD_TAGS },
  { "groups", CUSTCARE_IMPORT_FIELD_TAGS },
  { "schlagworte", CUSTCARE_IMPORT_FIELD_TAGS },
  { "schlagworter", CUSTCARE_IMPORT_FIELD_TAGS },
  { "kategorien", CUSTCARE_IMPORT_FIELD_TAGS },
  { "kategorie", CUSTCARE_IMPORT_FIELD_TAGS },
  { "gruppen", CUSTCARE_IMPORT_FIELD_TAGS },
  { "marketingconsent", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT },
  { "consent", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT },
  { "marketing", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT },
  { "newsletter", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT },
  { "einwilligung", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT },
  { "werbeeinwilligung", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT },
  { "consentdate", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE },
  { "marketingconsentdate", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE },
  { "consentgiven", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE },
  { "einwilligungsdatum", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE },
  { "einwilligungam", CUSTCARE_IMPORT_FIELD_MARKETING_CONSENT_DATE },
  { "donotcontact", CUSTCARE_IMPORT_FIELD_DO_NOT_CONTACT },
  { "nocontact", CUSTCARE_IMPORT_FIELD_DO_NOT_CONTACT },
  { "optout", CUSTCARE_IMPORT_FIELD_DO_NOT_CONTACT },
  { "kontaktsperre", CUSTCARE_IMPORT_FIELD_DO_NOT_CONTACT },
  { "nichtkontaktieren", CUSTCARE_IMPORT_FIELD_DO_NOT_CONTACT },
  { "points", CUSTCARE_IMPORT_FIELD_POINTS },
  { "loyaltypoints", CUSTCARE_IMPORT_FIELD_POINTS },
  { "pointsbalance", CUSTCARE_IMPORT_FIELD_POINTS },
  { "balance", CUSTCARE_IMPORT_FIELD_POINTS },
  { "punkte", CUSTCARE_IMPORT_FIELD_POINTS },
  { "punktestand", CUSTCARE_IMPORT_FIELD_POINTS },
  { "bonuspunkte", CUSTCARE_IMPORT_FIELD_POINTS },
  { "treuepunkte", CUSTCARE_IMPORT_FIELD_POINTS },
};

/* Words that say what kind of phone or email a column holds; removed before the rest of the
 * header is matched. */
static const struct
{
  const char *word;
  const char *label;  /* N_() */
} label_words[] = {
  { "mobile", N_("Mobile") },
  { "mobil", N_("Mobile") },
  { "handy", N_("Mobile") },
  { "cell", N_("Mobile") },
  { "work", N_("Work") },
  { "business", N_("Work") },
  { "office", N_("Work") },
  { "geschaftlich", N_("Work") },
  { "dienstlich", N_("Work") },
  { "buro", N_("Work") },
  { "home", N_("Home") },
  { "private", N_("Home") },
  { "privat", N_("Home") },
};

static const char *phone_words[] = { "telephone", "telefon", "phone", "tel", "fon", "number", "nummer", "nr", "no" };
static const char *email_words[] = { "email", "mail", "address", "adresse" };

static char *
fold_header (const char *header)
{
  g_autofree char *folded = _custcare_fold_text (header);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, *p);
      else if ((guchar) p[0] == 0xC3 && (guchar) p[1] == 0x9F)  /* ß */
        {
          g_string_append (out, "ss");
          p++;
        }
    }
  return g_string_free (out, FALSE);
}

/* Removes every occurrence of @word from @s; TRUE when there was one. */
static gboolean
remove_word (GString    *s,
             const char *word)
{
  gboolean found = FALSE;
  char *at;

  while ((at = strstr (s->str, word)) != NULL)
    {
      g_string_erase (s, at - s->str, strlen (word));
      found = TRUE;
    }
  return found;
}

static gboolean
only_words (const char  *s,
            const char **words,
            guint        n_words)
{
  g_autoptr (GString) rest = g_string_new (s);

  for (guint i = 0; i < n_words; i++)
    remove_word (rest, words[i]);
  return rest->len == 0;
}

CustcareImportField
custcare_import_guess_field (const char  *header,
                             char       **out_label)
{
  g_autofree char *folded = fold_header (header != NULL ? header : "");
  g_autoptr (GString) base = NULL;
  const char *label = NULL;
  gboolean is_label_column = FALSE;
  gboolean had_label_word = FALSE;
  gsize len;

  if (out_label != NULL)
    *out_label = NULL;

  /* "Email 2", "Address1": the number only tells columns apart. */
  len = strlen (folded);
  while (len > 0 && g_ascii_isdigit (folded[len - 1]))
    folded[--len] = '\0';
  if (len == 0)
    return CUSTCARE_IMPORT_FIELD_IGNORE;

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (folded, aliases[i].header) == 0)
      return aliases[i].field;

  base = g_string_new (folded);
  /* "Phone 1 label", "E-Mail-Typ": the label column of a phone or email. */
  if (remove_word (base, "label") || remove_word (base, "bezeichnung") ||
      (base->len > 4 && (g_str_has_suffix (base->str, "type") || g_str_has_suffix (base->str, "typ"))))
    {
      is_label_column = TRUE;
      if (g_str_has_suffix (base->str, "type"))
        g_string_truncate (base, base->len - 4);
      else if (g_str_has_suffix (base->str, "typ"))
        g_string_truncate (base, base->len - 3);
    }
  for (gsize i = base->len; i > 0 && g_ascii_isdigit (base->str[i - 1]); i--)
    g_string_truncate (base, i - 1);
  /* Digits between the words ("phone1label") are gone with the words around them. */
  for (char *p = base->str; *p; p++)
    if (g_ascii_isdigit (*p))
      *p = ' ';
  remove_word (base, " ");

  for (guint i = 0; i < G_N_ELEMENTS (label_words); i++)
    if (remove_word (base, label_words[i].word))
      {
        had_label_word = TRUE;
        if (label == NULL)
          label = label_words[i].label;
      }

  if (base->len > 0 && (strstr (base->str, "mail") != NULL) &&
      only_words (base->str, email_words, G_N_ELEMENTS (email_words)))
    {
      if (is_label_column)
        return CUSTCARE_IMPORT_FIELD_EMAIL_LABEL;
      if (out_label != NULL)
        *out_label = g_strdup (label != NULL ? _(label) : "");
      return CUSTCARE_IMPORT_FIELD_EMAIL;
    }

  if ((base->len == 0 && had_label_word && !is_label_column) ||
      (base->len > 0 && only_words (base->str, phone_words, G_N_ELEMENTS (phone_words)) &&
       strcmp (base->str, "no") != 0 && strcmp (base->str, "nr") != 0 && strcmp (base->str, "number") != 0 &&
       strcmp (base->str, "nummer") != 0))
    {
      if (is_label_column)
        return CUSTCARE_IMPORT_FIELD_PHONE_LABEL;
      if (out_label != NULL)
        *out_label = g_strdup (label != NULL ? _(label) : "");
      return CUSTCARE_IMPORT_FIELD_PHONE;
    }

  return CUSTCARE_IMPORT_FIELD_IGNORE;
}

static gboolean
all_digits (const char *s,
            gsize       min_len,
            gsize       max_len)
{
  gsize len = strlen (s);

  if (len < min_len || len > max_len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
check_date (int year,
            int month,
            int day)
{
  if (month < 1 || month > 12 || day < 1)
    return FALSE;
  /* Without a year, 29 February is a real birthday. */
  return day <= g_date_get_days_in_month (month, year > 0 && year <= 9999 ? year : 2000);
}

static int
expand_year (const char *digits)
{
  int year = atoi (digits);

  if (strlen (digits) <= 2)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
      int this_year = g_date_time_get_year (now);

      /* Birthdays and consent dates lie in the past: '84 is 1984, '05 is 2005. */
      year += 2000;
      if (year > this_year)
        year -= 100;
    }
  return year;
}

typedef enum
{
  SHAPE_NONE,
  SHAPE_ISO,          /* year first, or CustCare's own month-day: no order needed */
  SHAPE_DAY_FIRST,    /* dots: day first */
  SHAPE_EITHER,       /* slashes or dashes, year last or no year: day or month first */
} DateShape;

/* Cuts @text into its numbers; @parts gets up to three, @out_n how many. */
static DateShape
date_shape (const char  *text,
            char        *parts[3],
            guint       *out_n)
{
  g_autofree char *s = g_strstrip (g_strdup (text));
  char separator = 0;
  g_auto (GStrv) tokens = NULL;
  guint n;

  *out_n = 0;
  if (*s == '\0')
    return SHAPE_NONE;

  /* ISO 8601 with a time ("2026-03-01T10:20:30Z", "2026-03-01 10:20"): the date part. */
  if (strlen (s) > 10 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == ' '))
    s[10] = '\0';

  if (g_str_has_prefix (s, "--"))
    {
      tokens = g_strsplit (s + 2, "-", -1);
      if (g_strv_length (tokens) != 2 || !all_digits (tokens[0], 1, 2) || !all_digits (tokens[1], 1, 2))
        return SHAPE_NONE;
      parts[0] = g_strdup ("");
      parts[1] = g_strdup (tokens[0]);
      parts[2] = g_strdup (tokens[1]);
      *out_n = 3;
      return SHAPE_ISO;
    }

  for (const char *p = s; *p; p++)
    {
      if (*p == '-' || *p == '.' || *p == '/')
        {
          if (separator != 0 && separator != *p)
            return SHAPE_NONE;
          separator = *p;
        }
      else if (!g_ascii_isdigit (*p))
        return SHAPE_NONE;
    }
  if (separator == 0)
    return SHAPE_NONE;

  {
    char sep[2] = { separator, '\0' };
    tokens = g_strsplit (s, sep, -1);
  }
  n = g_strv_length (tokens);
  /* "07.03." is day and month without a year. */
  if (separator == '.' && n == 3 && tokens[2][0] == '\0')
    n = 2;
  if (n < 2 || n > 3)
    return SHAPE_NONE;
  for (guint i = 0; i < n; i++)
    if (!all_digits (tokens[i], 1, i == 0 && n == 3 ? 4 : (i == 2 ? 4 : 2)))
      return SHAPE_NONE;

  if (n == 3 && strlen (tokens[0]) == 4)
    {
      if (separator == '.' || strlen (tokens[1]) > 2 || strlen (tokens[2]) > 2)
        return SHAPE_NONE;
      for (guint i = 0; i < 3; i++)
        parts[i] = g_strdup (tokens[i]);
      *out_n = 3;
      return SHAPE_ISO;
    }
  if (n == 3 && (strlen (tokens[0]) > 2 || (strlen (tokens[2]) != 2 && strlen (tokens[2]) != 4)))
    return SHAPE_NONE;
  if (n == 2 && separator == '-')
    {
      /* CustCare writes a birthday without year as month-day: "03-07". */
      parts[0] = g_strdup ("");
      parts[1] = g_strdup (tokens[0]);
      parts[2] = g_strdup (tokens[1]);
      *out_n = 3;
      return SHAPE_ISO;
    }

  for (guint i = 0; i < n; i++)
    parts[i] = g_strdup (tokens[i]);
  *out_n = n;
  return separator == '.' ? SHAPE_DAY_FIRST : SHAPE_EITHER;
}

static void
free_parts (char  *parts[3],
            guint  n)
{
  for (guint i = 0; i < n; i++)
    g_free (parts[i]);
}

gboolean
custcare_import_parse_date (const char        *text,
                            CustcareDateOrder  order,
                            int               *year,
                            int               *month,
                            int               *day)
{
  char *parts[3] = { NULL, NULL, NULL };
  guint n = 0;
  DateShape shape = date_shape (text != NULL ? text : "", parts, &n);
  int y = 0, m = 0, d = 0;
  gboolean ok = TRUE;

  switch (shape)
    {
    case SHAPE_ISO:
      y = parts[0][0] ? atoi (parts[0]) : 0;
      m = atoi (parts[1]);
      d = atoi (parts[2]);
      break;
    case SHAPE_DAY_FIRST:
    case SHAPE_EITHER:
      if (shape == SHAPE_DAY_FIRST || order == CUSTCARE_DATE_ORDER_DMY)
        {
          d = atoi (parts[0]);
          m = atoi (parts[1]);
        }
      else if (order == CUSTCARE_DATE_ORDER_MDY)
        {
          m = atoi (parts[0]);
          d = atoi (parts[1]);
        }
      else
        ok = FALSE;
      if (n == 3)
        y = expand_year (parts[2]);
      break;
    case SHAPE_NONE:
    default:
      ok = FALSE;
      break;
    }
  free_parts (parts, n);

  if (!ok || !check_date (y, m, d))
    return FALSE;
  if (year != NULL)
    *year = y;
  if (month != NULL)
    *month = m;
  if (day != NULL)
    *day = d;
  return TRUE;
}

guint
_custcare_import_date_orders (const char *text)
{
  char *parts[3] = { NULL, NULL, NULL };
  guint n = 0;
  DateShape shape = date_shape (text, parts, &n);
  guint mask = 0;

  free_parts (parts, n);
  switch (shape)
    {
    case SHAPE_ISO:
      if (custcare_import_parse_date (text, CUSTCARE_DATE_ORDER_UNKNOWN, NULL, NULL, NULL))
        mask = (1u << CUSTCARE_DATE_ORDER_YMD) | (1u << CUSTCARE_DATE_ORDER_DMY) | (1u << CUSTCARE_DATE_ORDER_MDY);
      break;
    case SHAPE_DAY_FIRST:
      if (custcare_import_parse_date (text, CUSTCARE_DATE_ORDER_DMY, NULL, NULL, NULL))
        mask = 1u << CUSTCARE_DATE_ORDER_DMY;
      break;
    case SHAPE_EITHER:
      if (custcare_import_parse_date (text, CUSTCARE_DATE_ORDER_DMY, NULL, NULL, NULL))
        mask |= 1u << CUSTCARE_DATE_ORDER_DMY;
      if (custcare_import_parse_date (text, CUSTCARE_DATE_ORDER_MDY, NULL, NULL, NULL))
        mask |= 1u << CUSTCARE_DATE_ORDER_MDY;
      break;
    case SHAPE_NONE:
    default:
      break;
    }
  return mask;
}
