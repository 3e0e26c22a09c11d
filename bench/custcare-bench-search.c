/* custcare-bench-search.c — search-as-you-type and list latency at a million customers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   custcare-bench-search --database shop.db [--queries 200]
 *
 * Measures, through the same core code the window uses:
 *  - opening the database and showing the first page of the customer list
 *    (custcare_store_open + CustcareCustomerListModel + its first 100 rows);
 *  - custcare_customer_search() for realistic prefixes of 1–6 characters (given and family names,
 *    email local parts, phone fragments, two-word names, a name with a piece of a number),
 *    p50/p99/max;
 *  - the same queries end to end through the list model (worker thread, then the first 30 rows);
 *  - peak RSS after scrolling the list model through 300,000 rows and 2,000 random jumps.
 */
#define G_LOG_DOMAIN "custcare-bench"

#include "config.h"

#include <string.h>
#include <time.h>

#include "custcare-bench-data.h"
#include "custcare-customer-list-model.h"
#include "custcare-customer-search.h"

/* CPU time of this thread: what a query costs regardless of how busy the machine is. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *name,
        GArray     *ms)
{
  guint n = ms->len;

  g_array_sort (ms, compare_double);
  g_print ("%-34s n=%u  p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", name, n,
           g_array_index (ms, double, n / 2), g_array_index (ms, double, (n * 99 + 99) / 100 - 1),
           g_array_index (ms, double, n - 1));
}

static gint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (field) + 1, NULL, 10);
}

static char *
prefix_of (const char *word,
           guint       chars)
{
  glong len = g_utf8_strlen (word, -1);

  return g_utf8_substring (word, 0, MIN ((glong) chars, len));
}

/* What receptionists type: the start of a name, of an email, a piece of a phone number, a name
 * and a piece of a number. */
static GPtrArray *
make_queries (guint n)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);
  BenchRand r = { 0xC0FFEE1234567ULL };

  for (guint i = 0; queries->len < n; i++)
    {
      guint chars = 1 + bench_rand_below (&r, 6);

      switch (i % 5)
        {
        case 0:
          g_ptr_array_add (queries, prefix_of (BENCH_PICK (&r, bench_given_names), chars));
          break;
        case 1:
          g_ptr_array_add (queries, prefix_of (BENCH_PICK (&r, bench_family_names), chars));
          break;
        case 2:
          {
            g_autofree char *given = g_ascii_strdown (BENCH_PICK (&r, bench_given_names), -1);
            g_autofree char *family = g_ascii_strdown (BENCH_PICK (&r, bench_family_names), -1);
            g_autofree char *local = g_strdup_printf ("%s.%s", given, family);

            /* "james.r": the local part up to and a little past the dot. */
            g_ptr_array_add (queries, prefix_of (local, MIN (g_utf8_strlen (given, -1) + 1 + chars / 2, 6 + 2)));
            break;
          }
        case 3:
          {
            g_autofree char *digits = g_strdup_printf ("%u%03u%04u", 200 + bench_rand_below (&r, 200),
                                                       bench_rand_below (&r, 1000), bench_rand_below (&r, 10000));
            /* The end of a number, 3–6 digits, sometimes with a space as people read it out. */
            guint len = 3 + bench_rand_below (&r, 4);
            const char *tail = digits + strlen (digits) - len;

            if (len >= 5 && bench_rand_below (&r, 2))
              g_ptr_array_add (queries, g_strdup_printf ("%.*s %s", 2, tail, tail + 2));
            else
              g_ptr_array_add (queries, g_strdup (tail));
            break;
          }
        default:
          if (i % 10 == 9)
            {
              /* A family name and a piece of the number: "Meyer 0102" (the phone index and the
               * words' index merged). */
              g_ptr_array_add (queries, g_strdup_printf ("%s %03u", BENCH_PICK (&r, bench_family_names),
                                                         bench_rand_below (&r, 1000)));
            }
          else
            {
              g_autofree char *family = prefix_of (BENCH_PICK (&r, bench_family_names), MAX (1, chars / 2));

              g_ptr_array_add (queries, g_strdup_printf ("%s %s", BENCH_PICK (&r, bench_given_names), family));
            }
          break;
        }
    }
  return queries;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (CustcareCustomerListModel) model = NULL;
  g_autoptr (GPtrArray) queries = NULL;
  g_autoptr (GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) model_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *by_length[7] = { NULL };
  char *database = NULL;
  int n_queries = 200;
  gboolean verbose = FALSE;
  guint capped = 0;
  gint64 t0;
  guint n_items;
  BenchRand r = { 0xBADC0DE5ULL };
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, "The shop database (from custcare-bench-generate)", "FILE" },
    { "queries", 'q', 0, G_OPTION_ARG_INT, &n_queries, "Number of search prefixes (default 200)", "N" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Print every query with its time", NULL },
    { NULL }
  };

  context = g_option_context_new ("- measure customer search and list latency");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || database == NULL || n_queries < 1)
    {
      g_printerr ("usage: custcare-bench-search --database FILE [--queries N]\n");
      return 2;
    }

  {
    g_autofree char *loadavg = NULL;

    if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
      g_print ("%-34s %s", "load average at start", loadavg);
  }

  /* Opening the shop and showing the first screenful. */
  t0 = g_get_monotonic_time ();
  store = custcare_store_open (database, &error);
  if (store == NULL)
    {
      g_printerr ("custcare-bench-search: %s\n", error->message);
      return 1;
    }
  model = custcare_customer_list_model_new (store);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < MIN (n_items, 100u); i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  g_print ("%-34s %.1f ms (%u customers in the list)\n", "open + first page of the list",
           (g_get_monotonic_time () - t0) / 1000.0, n_items);

  for (guint i = 0; i < G_N_ELEMENTS (by_length); i++)
    by_length[i] = g_array_new (FALSE, FALSE, sizeof (double));

  queries = make_queries (n_queries);
  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
      g_autoptr (GArray) ids = NULL;
      gboolean was_capped = FALSE;
      gint64 t;
      double ms;

      double cpu;

      query->text = g_strdup (g_ptr_array_index (queries, i));
      cpu = thread_cpu_ms ();
      t = g_get_monotonic_time ();
      ids = custcare_customer_search (store, query, &was_capped, NULL, &error);
      ms = (g_get_monotonic_time () - t) / 1000.0;
      cpu = thread_cpu_ms () - cpu;
      g_array_append_val (cpu_ms, cpu);
      if (ids == NULL)
        {
          g_printerr ("custcare-bench-search: “%s”: %s\n", query->text, error->message);
          return 1;
        }
      g_array_append_val (search_ms, ms);
      g_array_append_val (by_length[MIN (g_utf8_strlen (query->text, -1), 6)], ms);
      capped += was_capped;
      if (verbose)
        g_print ("  %-16s %7.2f ms  %4u%s\n", query->text, ms, ids->len, was_capped ? " (capped)" : "");
    }
  report ("search (custcare_customer_search)", search_ms);
  report ("  CPU time of the same", cpu_ms);
  for (guint len = 1; len < G_N_ELEMENTS (by_length); len++)
    if (by_length[len]->len > 0)
      {
        g_autofree char *name = g_strdup_printf ("  %u character%s%s", len, len > 1 ? "s" : "", len == 6 ? "+" : "");
        report (name, by_length[len]);
      }
  for (guint i = 0; i < G_N_ELEMENTS (by_length); i++)
    g_array_unref (by_length[i]);
  g_print ("%-34s %u of %u\n", "  capped (\"refine your search\")", capped, queries->len);

  /* End to end as the window does it: worker thread, then the rows on screen. */
  for (guint i = 0; i < queries->len; i++)
    {
      g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
      gint64 t;
      double ms;

      query->text = g_strdup_printf ("%s", (char *) g_ptr_array_index (queries, (i * 7) % queries->len));
      t = g_get_monotonic_time ();
      custcare_customer_list_model_set_query (model, query);
      while (custcare_customer_list_model_get_searching (model))
        g_main_context_iteration (NULL, TRUE);
      for (guint j = 0; j < MIN (g_list_model_get_n_items (G_LIST_MODEL (model)), 30u); j++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), j));
      ms = (g_get_monotonic_time () - t) / 1000.0;
      g_array_append_val (model_ms, ms);
    }
  report ("search + first 30 rows (list model)", model_ms);

  /* Scrolling: sequential pages, then jumps anywhere (a dragged scrollbar). */
  {
    g_autoptr (CustcareCustomerQuery) plain = custcare_customer_query_new ();
    g_autoptr (GArray) jump_ms = g_array_new (FALSE, FALSE, sizeof (double));
    guint scrolled;

    custcare_customer_list_model_set_query (model, plain);
    n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
    scrolled = MIN (n_items, 300000u);
    t0 = g_get_monotonic_time ();
    for (guint i = 0; i < scrolled; i++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
    g_print ("%-34s %u rows in %.0f ms (%.3f ms per 100-row page)\n", "scroll the list", scrolled,
             (g_get_monotonic_time () - t0) / 1000.0,
             (g_get_monotonic_time () - t0) / 1000.0 / MAX (1u, scrolled / 100));
    for (guint i = 0; i < 2000 && n_items > 0; i++)
      {
        guint position = bench_rand_below (&r, n_items);
        gint64 t = g_get_monotonic_time ();
        double ms;

        /* A screenful at the new place. */
        for (guint j = position; j < MIN (n_items, position + 30); j++)
          g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), j));
        ms = (g_get_monotonic_time () - t) / 1000.0;
        g_array_append_val (jump_ms, ms);
      }
    if (jump_ms->len > 0)
      report ("jump anywhere + 30 rows", jump_ms);
  }

  g_print ("%-34s peak %.1f MiB, now %.1f MiB\n", "memory (RSS)", status_kib ("VmHWM:") / 1024.0,
           status_kib ("VmRSS:") / 1024.0);
  return 0;
}
