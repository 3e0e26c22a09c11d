/* custcare-money.c — formatting and parsing amounts of money
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * printf ("%.2f") would go through a double and round; instead the integer amount is split into
 * major and minor parts and each is written with integer arithmetic. The locale supplies only the
 * punctuation (localeconv's monetary fields), the shop's settings the currency.
 */
#define G_LOG_DOMAIN "custcare-money"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <limits.h>
#include <locale.h>

#include "custcare-money.h"

G_DEFINE_QUARK (custcare-money-error-quark, custcare_money_error)

typedef struct
{
  const char *code;
  const char *symbol;
  int         digits;
} CurrencyInfo;

/* The currencies a small shop is likely to use; any other ISO code is shown as the code itself
 * with two decimals, which is right for most of the rest. */
static const CurrencyInfo currencies[] = {
  { "EUR", "€", 2 },   { "USD", "$", 2 },   { "GBP", "£", 2 },   { "JPY", "¥", 0 },
  { "CHF", "CHF", 2 }, { "SEK", "kr", 2 },  { "NOK", "kr", 2 },  { "DKK", "kr.", 2 },
  { "PLN", "zł", 2 },  { "CZK", "Kč", 2 },  { "HUF", "Ft", 2 },  { "CAD", "CA$", 2 },
  { "AUD", "A$", 2 },  { "NZD", "NZ$", 2 }, { "INR", "₹", 2 },   { "KRW", "₩", 0 },
  { "ISK", "kr", 0 },  { "BRL", "R$", 2 },  { "MXN", "MX$", 2 }, { "CNY", "CN¥", 2 },
  { "KWD", "KD", 3 },  { "BHD", "BD", 3 },
};

static const CurrencyInfo *
find_currency (const char *currency)
{
  if (currency == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (g_ascii_strcasecmp (currencies[i].code, currency) == 0)
      return &currencies[i];
  return NULL;
}

int
custcare_money_currency_digits (const char *currency)
{
  const CurrencyInfo *info = find_currency (currency);

  return info != NULL ? info->digits : 2;
}

const char *
custcare_money_currency_symbol (const char *currency)
{
  const CurrencyInfo *info = find_currency (currency);

  if (info != NULL)
    return info->symbol;
  return currency != NULL && *currency != '\0' ? currency : "€";
}

/**
 * custcare_money_style_from_locale:
 *
 * Fills @style from the current LC_MONETARY locale. The C locale has no monetary punctuation at
 * all; it gets "." and no grouping, with the symbol first.
 */
void
custcare_money_style_from_locale (CustcareMoneyStyle *style)
{
  const struct lconv *lc = localeconv ();
  const char *mark = lc->mon_decimal_point;
  const char *group = lc->mon_thousands_sep;

  g_return_if_fail (style != NULL);

  if (mark == NULL || *mark == '\0')
    mark = (lc->decimal_point != NULL && *lc->decimal_point != '\0') ? lc->decimal_point : ".";
  if (group == NULL)
    group = "";
  g_strlcpy (style->decimal_mark, mark, sizeof style->decimal_mark);
  g_strlcpy (style->group_separator, group, sizeof style->group_separator);
  style->symbol_first = lc->p_cs_precedes == CHAR_MAX ? TRUE : lc->p_cs_precedes != 0;
  style->symbol_space = lc->p_sep_by_space == CHAR_MAX ? FALSE : lc->p_sep_by_space != 0;
}

static gint64
power_of_ten (int digits)
{
  gint64 p = 1;

  for (int i = 0; i < digits; i++)
    p *= 10;
  return p;
}

static void
append_number (GString                  *out,
               gint64                    minor_units,
               const char               *currency,
               const CustcareMoneyStyle *style,
               gboolean                  with_sign)
{
  int digits = custcare_money_currency_digits (currency);
  gint64 scale = power_of_ten (digits);
  guint64 magnitude;
  guint64 major, minor;
  char major_text[32];
  gsize len, first;

  /* G_MININT64 has no positive counterpart: work on the unsigned magnitude. */
  magnitude = minor_units < 0 ? (guint64) (-(minor_units + 1)) + 1 : (guint64) minor_units;
  major = magnitude / (guint64) scale;
  minor = magnitude % (guint64) scale;

  if (minor_units < 0 && with_sign)
    g_string_append_c (out, '-');

  g_snprintf (major_text, sizeof major_text, "%" G_GUINT64_FORMAT, major);
  len = strlen (major_text);
  first = len % 3 == 0 ? 3 : len % 3;
  g_string_append_len (out, major_text, first);
  for (gsize i = first; i < len; i += 3)
    {
      g_string_append (out, style->group_separator);
      g_string_append_len (out, major_text + i, 3);
    }

  if (digits > 0)
    {
      g_string_append (out, style->decimal_mark);
      g_string_append_printf (out, "%0*" G_GUINT64_FORMAT, digits, minor);
    }
}

char *
custcare_money_format_with_style (gint64                    minor_units,
                                  const char               *currency,
                                  const CustcareMoneyStyle *style)
{
  const char *symbol = custcare_money_currency_symbol (currency);
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (style != NULL, NULL);

  if (style->symbol_first)
    {
      /* "-€5.00", not "€-5.00". */
      if (minor_units < 0)
        g_string_append_c (out, '-');
      g_string_append (out, symbol);
      if (style->symbol_space)
        g_string_append (out, "\u00a0");
      append_number (out, minor_units, currency, style, FALSE);
    }
  else
    {
      append_number (out, minor_units, currency, style, TRUE);
      g_string_append (out, "\u00a0");
      g_string_append (out, symbol);
    }
  return g_string_free (out, FALSE);
}

/**
 * custcare_money_format:
 * @minor_units: the amount, in the currency's minor units
 * @currency: (nullable): ISO 4217 code; %NULL for the euro
 *
 * Returns: (transfer full): the amount as the user's locale writes money ("€1,234.50",
 *   "1.234,50 €")
 */
char *
custcare_money_format (gint64      minor_units,
                       const char *currency)
{
  CustcareMoneyStyle style;

  custcare_money_style_from_locale (&style);
  return custcare_money_format_with_style (minor_units, currency, &style);
}

char *
custcare_money_format_plain (gint64      minor_units,
                             const char *currency)
{
  CustcareMoneyStyle style;
  GString *out = g_string_new (NULL);

  custcare_money_style_from_locale (&style);
  /* Entries are edited by hand: grouping would only get in the way. */
  style.group_separator[0] = '\0';
  append_number (out, minor_units, currency, &style, TRUE);
  return g_string_free (out, FALSE);
}

/**
 * custcare_money_parse:
 * @text: what the user typed: "12", "12.5", "1,234.50", "€ 3,20" (in a locale that writes
 *   decimals with a comma)
 *
 * Reads an amount written in the locale's style. The currency symbol, spaces and the locale's
 * grouping are ignored; more decimals than the currency has are refused rather than rounded,
 * so nobody loses a cent without noticing.
 */
gboolean
custcare_money_parse (const char  *text,
                      const char  *currency,
                      gint64      *out_minor_units,
                      GError     **error)
{
  CustcareMoneyStyle style;
  int digits = custcare_money_currency_digits (currency);
  const char *symbol = custcare_money_currency_symbol (currency);
  g_autoptr (GString) cleaned = g_string_new (NULL);
  guint64 major = 0, minor = 0;
  int minor_digits = 0;
  gboolean negative = FALSE, seen_mark = FALSE, seen_digit = FALSE;
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_minor_units != NULL, FALSE);

  custcare_money_style_from_locale (&style);

  /* Drop the symbol, the ISO code and any kind of space. */
  for (p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_str_has_prefix (p, symbol))
        p += strlen (symbol);
      else if (currency != NULL && *currency != '\0' && g_ascii_strncasecmp (p, currency, strlen (currency)) == 0)
        p += strlen (currency);
      else if (g_unichar_isspace (c) || c == 0x00a0 || c == 0x202f)
        p = g_utf8_next_char (p);
      else
        {
          g_string_append_unichar (cleaned, c);
          p = g_utf8_next_char (p);
        }
    }

  p = cleaned->str;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  while (*p != '\0')
    {
      if (g_ascii_isdigit (*p))
        {
          seen_digit = TRUE;
          if (seen_mark)
            {
              if (++minor_digits > digits)
                goto too_precise;
              minor = minor * 10 + (guint64) (*p - '0');
            }
          else
            {
              major = major * 10 + (guint64) (*p - '0');
              if (major > (guint64) (CUSTCARE_MONEY_MAX / power_of_ten (digits)))
                {
                  g_set_error (error, CUSTCARE_MONEY_ERROR, CUSTCARE_MONEY_ERROR_TOO_LARGE,
                               _("“%s” is more money than CustCare can record."), text);
                  return FALSE;
                }
            }
          p++;
        }
      else if (!seen_mark && g_str_has_prefix (p, style.decimal_mark))
        {
          seen_mark = TRUE;
          p += strlen (style.decimal_mark);
        }
      else if (!seen_mark && style.group_separator[0] != '\0' && g_str_has_prefix (p, style.group_separator))
        p += strlen (style.group_separator);
      else
        goto invalid;
    }

  if (!seen_digit)
    goto invalid;

  for (; minor_digits < digits; minor_digits++)
    minor *= 10;

  *out_minor_units = (gint64) (major * (guint64) power_of_ten (digits) + minor);
  if (negative)
    *out_minor_units = -*out_minor_units;
  return TRUE;

too_precise:
  g_set_error (error, CUSTCARE_MONEY_ERROR, CUSTCARE_MONEY_ERROR_INVALID,
               g_dngettext (GETTEXT_PACKAGE, "“%s” has more decimals than the currency has: use at most %d.",
                            "“%s” has more decimals than the currency has: use at most %d.", digits),
               text, digits);
  return FALSE;

invalid:
  {
    g_autofree char *example = custcare_money_format_plain (1250 * power_of_ten (digits) / 100, currency);

    g_set_error (error, CUSTCARE_MONEY_ERROR, CUSTCARE_MONEY_ERROR_INVALID,
                 _("“%s” is not an amount of money. Write it like %s."), text, example);
  }
  return FALSE;
}

/* Products and sums of amounts, refusing anything past CUSTCARE_MONEY_MAX instead of wrapping. */
gboolean
custcare_money_multiply (gint64  unit_price,
                         gint64  quantity,
                         gint64 *out_total)
{
  if (unit_price < 0 || quantity < 0)
    return FALSE;
  if (quantity != 0 && unit_price > CUSTCARE_MONEY_MAX / quantity)
    return FALSE;
  *out_total = unit_price * quantity;
  return TRUE;
}

gboolean
custcare_money_add (gint64  a,
                    gint64  b,
                    gint64 *out_sum)
{
  if (a < 0 || b < 0 || a > CUSTCARE_MONEY_MAX - b)
    return FALSE;
  *out_sum = a + b;
  return TRUE;
}

char *
custcare_money_dup_shop_currency (CustcareStore *store)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  value = custcare_store_get_setting (store, "shop.currency");
  if (value == NULL || strlen (g_strstrip (value)) != 3)
    return g_strdup ("EUR");
  return g_ascii_strup (value, -1);
}
