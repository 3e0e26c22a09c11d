/* test-money.c — amounts of money: formatting in the user's locale, parsing, no float anywhere
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "custcare-money.h"

static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) == NULL)
    {
      g_test_skip_printf ("The %s locale is not installed", name);
      return FALSE;
    }
  return TRUE;
}

static void
test_format_style (void)
{
  CustcareMoneyStyle english = { ".", ",", TRUE, FALSE };
  CustcareMoneyStyle german = { ",", ".", FALSE, TRUE };
  struct { gint64 amount; const char *currency; const CustcareMoneyStyle *style; const char *expected; } cases[] = {
    { 0, "EUR", &english, "€0.00" },
    { 5, "EUR", &english, "€0.05" },
    { 123456789, "EUR", &english, "€1,234,567.89" },
    { -1999, "USD", &english, "-$19.99" },
    { 100000, "EUR", &german, "1.000,00\u00a0€" },
    { 1250, "JPY", &english, "¥1,250" },
    { 1234, "KWD", &english, "KD1.234" },
    { 99, "XYZ", &english, "XYZ0.99" },
    { G_MININT64 + 1, "EUR", &english, "-€92,233,720,368,547,758.07" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = custcare_money_format_with_style (cases[i].amount, cases[i].currency, cases[i].style);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_format_locale (gconstpointer data)
{
  const char *locale = data;
  g_autofree char *text = NULL;

  if (!use_locale (locale))
    return;

  text = custcare_money_format (123456, "EUR");
  if (g_str_has_prefix (locale, "de_DE"))
    /* German: comma for decimals, dot (or narrow space) for thousands, symbol after. */
    g_assert_true (g_str_equal (text, "1.234,56\u00a0€") || g_str_equal (text, "1\u202f234,56\u00a0€"));
  else if (g_str_has_prefix (locale, "en_US"))
    g_assert_cmpstr (text, ==, "€1,234.56");
  else
    g_assert_cmpstr (text, ==, "€1234.56");

  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_parse (void)
{
  struct { const char *text; const char *currency; gint64 expected; } good[] = {
    { "12", "EUR", 1200 },
    { "12.5", "EUR", 1250 },
    { "12.50", "EUR", 1250 },
    { " € 0.99 ", "EUR", 99 },
    { "EUR 3.20", "EUR", 320 },
    { "1500", "JPY", 1500 },
    { "0.001", "KWD", 1 },
    { "-4.00", "EUR", -400 },
  };
  const char *bad[] = { "", "abc", "12.345", "1.2.3", "12,50", "€", "1e5" };

  setlocale (LC_ALL, "C.UTF-8");
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 value = 0;

      g_assert_true (custcare_money_parse (good[i].text, good[i].currency, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, good[i].expected);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 value = 0;

      g_assert_false (custcare_money_parse (bad[i], "EUR", &value, &error));
      g_assert_error (error, CUSTCARE_MONEY_ERROR, CUSTCARE_MONEY_ERROR_INVALID);
    }

  /* Round trip through the plain format used in entries. */
  for (gint64 v = 0; v < 100000; v += 997)
    {
      g_autofree char *text = custcare_money_format_plain (v, "EUR");
      gint64 back = -1;

      g_assert_true (custcare_money_parse (text, "EUR", &back, NULL));
      g_assert_cmpint (back, ==, v);
    }

  {
    g_autoptr (GError) error = NULL;
    gint64 value;

    g_assert_false (custcare_money_parse ("99999999999999999999", "EUR", &value, &error));
    g_assert_error (error, CUSTCARE_MONEY_ERROR, CUSTCARE_MONEY_ERROR_TOO_LARGE);
  }
}

static void
test_parse_german (void)
{
  gint64 value = 0;

  if (!use_locale ("de_DE.UTF-8"))
    return;
  g_assert_true (custcare_money_parse ("1.234,56 €", "EUR", &value, NULL));
  g_assert_cmpint (value, ==, 123456);
  g_assert_true (custcare_money_parse ("3,2", "EUR", &value, NULL));
  g_assert_cmpint (value, ==, 320);
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_arithmetic (void)
{
  gint64 out = 0;

  g_assert_true (custcare_money_multiply (333, 3, &out));
  g_assert_cmpint (out, ==, 999);
  g_assert_false (custcare_money_multiply (CUSTCARE_MONEY_MAX, 2, &out));
  g_assert_false (custcare_money_multiply (G_MAXINT64, G_MAXINT64, &out));
  g_assert_false (custcare_money_multiply (-1, 2, &out));
  g_assert_true (custcare_money_add (CUSTCARE_MONEY_MAX - 1, 1, &out));
  g_assert_false (custcare_money_add (CUSTCARE_MONEY_MAX, 1, &out));
}

static void
test_shop_currency (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("custcare-money-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "shop.db", NULL);
  g_autoptr (CustcareStore) store = custcare_store_open (path, &error);
  g_autofree char *currency = NULL;
  g_autofree char *changed = NULL;

  g_assert_no_error (error);
  currency = custcare_money_dup_shop_currency (store);
  g_assert_cmpstr (currency, ==, "EUR");
  custcare_store_set_setting (store, "shop.currency", "gbp", &error);
  g_assert_no_error (error);
  changed = custcare_money_dup_shop_currency (store);
  g_assert_cmpstr (changed, ==, "GBP");

  g_clear_object (&store);
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_unlink (child);
      }
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/format/style", test_format_style);
  g_test_add_data_func ("/money/format/locale-de", "de_DE.UTF-8", test_format_locale);
  g_test_add_data_func ("/money/format/locale-en", "en_US.UTF-8", test_format_locale);
  g_test_add_data_func ("/money/format/locale-c", "C.UTF-8", test_format_locale);
  g_test_add_func ("/money/parse", test_parse);
  g_test_add_func ("/money/parse/german", test_parse_german);
  g_test_add_func ("/money/arithmetic", test_arithmetic);
  g_test_add_func ("/money/shop-currency", test_shop_currency);

  return g_test_run ();
}
