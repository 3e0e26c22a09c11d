/* custcare-money.h — amounts of money as integer minor units, shown in the user's locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money is never a floating-point number in CustCare: an amount is a gint64 count of the
 * currency's minor units (cents for EUR, yen for JPY). Formatting and parsing go through the
 * locale's monetary conventions (decimal mark, grouping, where the symbol goes) by hand, so a
 * total is always exactly what was added up.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_MONEY_ERROR (custcare_money_error_quark ())

typedef enum
{
  CUSTCARE_MONEY_ERROR_INVALID,
  CUSTCARE_MONEY_ERROR_TOO_LARGE,
} CustcareMoneyError;

/* How amounts are written: taken from the locale (custcare_money_style_from_locale()) or given
 * explicitly, for tests and for printing in a fixed style. */
typedef struct
{
  char     decimal_mark[8];
  char     group_separator[8];
  gboolean symbol_first;       /* "€12.50" rather than "12,50 €" */
  gboolean symbol_space;       /* a space between symbol and number */
} CustcareMoneyStyle;

/* The largest amount CustCare accepts anywhere: a trillion in major units, far from overflow. */
#define CUSTCARE_MONEY_MAX ((gint64) 100000000000000)

GQuark      custcare_money_error_quark        (void);
void        custcare_money_style_from_locale  (CustcareMoneyStyle       *style);
int         custcare_money_currency_digits    (const char               *currency);
const char *custcare_money_currency_symbol    (const char               *currency);
char       *custcare_money_format             (gint64                    minor_units,
                                               const char               *currency);
char       *custcare_money_format_with_style  (gint64                    minor_units,
                                               const char               *currency,
                                               const CustcareMoneyStyle *style);
/* The number alone, without symbol ("12.50" / "12,50"): for entries. */
char       *custcare_money_format_plain       (gint64                    minor_units,
                                               const char               *currency);
gboolean    custcare_money_parse              (const char               *text,
                                               const char               *currency,
                                               gint64                   *out_minor_units,
                                               GError                  **error);
gboolean    custcare_money_multiply           (gint64                    unit_price,
                                               gint64                    quantity,
                                               gint64                   *out_total);
gboolean    custcare_money_add                (gint64                    a,
                                               gint64                    b,
                                               gint64                   *out_sum);
/* The shop's currency (settings key `shop.currency`, ISO 4217 code), "EUR" when unset. */
char       *custcare_money_dup_shop_currency  (CustcareStore            *store);

G_END_DECLS
