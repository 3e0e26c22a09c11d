/* bench-import.c — how fast a big CSV file is imported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   custcare-bench-import [--rows N] [--duplicates skip|merge|import] [--keep DIR]
 *
 * Writes a realistic customer CSV (deterministic: the same N always gives the same file; German
 * and English names with accents, semicolons, quoted notes with commas and line breaks, one or
 * two phones, birthdays with and without year, tags, points) into a temporary folder, then
 * inspects it, dry-runs it and imports it into a fresh database with the same code the app runs
 * (custcare_import_*, one transaction, duplicate detection as chosen, default skip), and prints
 * the seconds and rows per second of each step. The target is 100,000 rows imported in under
 * 5 seconds.
 */
#define G_LOG_DOMAIN "custcare-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <time.h>

#include "custcare-bench-data.h"
#include "custcare-import.h"

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("custcare-bench-import: %s: %s\n", what, error->message);
  exit (1);
}

#define PICK(rand, array) (array[g_rand_int_range (rand, 0, G_N_ELEMENTS (array))])

static char *
email_local (const char *given,
             const char *family,
             guint       n)
{
  g_autofree char *ascii_given = g_str_to_ascii (given, "C");
  g_autofree char *ascii_family = g_str_to_ascii (family, "C");
  g_autofree char *joined = g_strdup_printf ("%s.%s.%u", ascii_given, ascii_family, n);
  GString *out = g_string_new (NULL);

  for (const char *p = joined; *p; p++)
    if (g_ascii_isalnum (*p) || *p == '.')
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

static const char *cities[] = { "Köln", "Berlin", "München", "Hamburg", "Düsseldorf", "Bonn", "Leeds", "London" };

static void
write_csv (const char *path,
           guint       rows,
           guint       first)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261203 + first);
  g_autoptr (GString) out = g_string_new ("\xEF\xBB\xBFVorname;Nachname;Firma;E-Mail;Handy;Telefon;Straße;PLZ;Ort;"
                                          "Geburtstag;Tags;Notizen;Punkte;Newsletter\r\n");
  g_autoptr (GError) error = NULL;
  FILE *file = fopen (path, "wb");

  if (file == NULL)
    g_error ("cannot write %s", path);

  for (guint i = first; i < first + rows; i++)
    {
      const char *given = PICK (rand, bench_given_names);
      const char *family = PICK (rand, bench_family_names);
      g_autofree char *local = email_local (given, family, i);

      g_string_append_printf (out, "%s;%s;", given, family);
      if (g_rand_int_range (rand, 0, 10) == 0)
        g_string_append (out, PICK (rand, bench_companies));
      g_string_append_printf (out, ";%s@%s;+49 1%02d %07d;", local, PICK (rand, bench_email_domains),
                              g_rand_int_range (rand, 50, 80), (int) (i * 7 + 1000000) % 10000000);
      if (g_rand_int_range (rand, 0, 10) < 3)
        g_string_append_printf (out, "0%d %d", g_rand_int_range (rand, 30, 999), g_rand_int_range (rand, 100000, 999999));
      g_string_append_printf (out, ";%s %u;%05d;%s;", PICK (rand, bench_family_names), g_rand_int_range (rand, 1, 200),
                              g_rand_int_range (rand, 1000, 99999), PICK (rand, cities));
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_string_append_printf (out, "%02d.%02d.", g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 1, 13));
      else if (g_rand_int_range (rand, 0, 4) > 0)
        g_string_append_printf (out, "%02d.%02d.%d", g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 1, 13),
                                g_rand_int_range (rand, 1930, 2008));
      g_string_append_c (out, ';');
      for (int t = 0, n_tags = g_rand_int_range (rand, 0, 3); t < n_tags; t++)
        g_string_append_printf (out, "%s%s", t > 0 ? ", " : "", PICK (rand, bench_tags));
      g_string_append_c (out, ';');
      if (g_rand_int_range (rand, 0, 10) < 4)
        {
          g_string_append_c (out, '"');
          for (int w = g_rand_int_range (rand, 3, 12); w > 0; w--)
            g_string_append_printf (out, "%s%s", PICK (rand, bench_note_words), w == 4 ? ", \"\"quoted\"\";\n" : " ");
          g_string_append_c (out, '"');
        }
      g_string_append_c (out, ';');
      if (g_rand_boolean (rand))
        g_string_append_printf (out, "%d", g_rand_int_range (rand, 1, 5000));
      g_string_append_printf (out, ";%s\r\n", g_rand_boolean (rand) ? "ja" : "nein");

      if (out->len > 1024 * 1024)
        {
          fwrite (out->str, 1, out->len, file);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, file);
  fclose (file);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

/* CPU time of this process: on a machine shared with other work, the wall time says as much
 * about the others as about the import. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new ("— time a CSV import");
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (CustcareImport) import = NULL;
  g_autoptr (CustcareImportResult) result = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *duplicates = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *load = NULL;
  int rows = 100000;
  GStatBuf st;
  gint64 start;
  double inspect_s, dry_s, import_s, import_cpu;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &rows, "Rows in the file (default 100000)", "N" },
    { "duplicates", 0, 0, G_OPTION_ARG_STRING, &duplicates, "skip (default), merge or import", "MODE" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Write the file and database into DIR and keep them", "DIR" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("options", error);

  dir = keep != NULL ? g_strdup (keep) : g_dir_make_tmp ("custcare-bench-import-XXXXXX", &error);
  if (dir == NULL)
    die ("temporary folder", error);
  g_mkdir_with_parents (dir, 0700);
  csv_path = g_build_filename (dir, "customers.csv", NULL);
  db_path = g_build_filename (dir, "shop.db", NULL);
  g_unlink (db_path);

  g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
  if (load == NULL)
    load = g_strdup ("?\n");
  start = g_get_monotonic_time ();
  write_csv (csv_path, rows, 0);
  g_stat (csv_path, &st);
  g_print ("file: %d rows, %.1f MB, written in %.2f s\n", rows, st.st_size / 1e6, seconds_since (start));

  store = custcare_store_open (db_path, &error);
  if (store == NULL)
    die ("database", error);
  file = g_file_new_for_path (csv_path);
  import = custcare_import_new ();
  if (g_strcmp0 (duplicates, "merge") == 0)
    custcare_import_set_duplicates (import, CUSTCARE_IMPORT_DUPLICATES_MERGE);
  else if (g_strcmp0 (duplicates, "import") == 0)
    custcare_import_set_duplicates (import, CUSTCARE_IMPORT_DUPLICATES_IMPORT);

  start = g_get_monotonic_time ();
  if (!custcare_import_inspect (import, file, NULL, &error))
    die ("inspect", error);
  inspect_s = seconds_since (start);

  start = g_get_monotonic_time ();
  problems = custcare_import_dry_run (import, store, NULL, NULL, NULL, &error);
  if (problems == NULL)
    die ("dry run", error);
  dry_s = seconds_since (start);

  start = g_get_monotonic_time ();
  import_cpu = cpu_seconds ();
  result = custcare_import_run (import, store, NULL, NULL, NULL, &error);
  if (result == NULL)
    die ("import", error);
  import_s = seconds_since (start);
  import_cpu = cpu_seconds () - import_cpu;

  g_print ("load average at the start: %s", load);
  g_print ("inspect:  %6.2f s  %9.0f rows/s\n", inspect_s, rows / inspect_s);
  g_print ("dry run:  %6.2f s  %9.0f rows/s  (%u problems)\n", dry_s, rows / dry_s, problems->len);
  g_print ("import:   %6.2f s  %9.0f rows/s  (CPU %.2f s; %u customers, %u duplicates skipped, %u merged, %u rows with "
           "problems, %" G_GINT64_FORMAT " opening points; target: 100,000 rows in < 5 s)\n",
           import_s, rows / import_s, import_cpu, result->n_imported, result->n_skipped_duplicates, result->n_merged,
           result->n_skipped_problems, result->points_imported);

  /* A second, smaller file into the shop that now has customers: every row is checked against
   * the database for duplicates (custcare_customer_find_duplicates). */
  {
    g_autoptr (CustcareImport) second = custcare_import_new ();
    g_autoptr (CustcareImportResult) more = NULL;
    guint more_rows = MAX (rows / 5, 1);
    double more_s, more_cpu;

    write_csv (csv_path, more_rows, rows);
    if (!custcare_import_inspect (second, file, NULL, &error))
      die ("inspect", error);
    start = g_get_monotonic_time ();
    more_cpu = cpu_seconds ();
    more = custcare_import_run (second, store, NULL, NULL, NULL, &error);
    if (more == NULL)
      die ("second import", error);
    more_s = seconds_since (start);
    more_cpu = cpu_seconds () - more_cpu;
    g_print ("import of %u more rows into the shop of %u:  %6.2f s  %9.0f rows/s  (CPU %.2f s; %u duplicates)\n",
             more_rows, result->n_imported, more_s, more_rows / more_s, more_cpu, more->n_skipped_duplicates);
  }

  g_clear_object (&store);
  if (keep == NULL)
    {
      g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

      g_unlink (csv_path);
      g_unlink (db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return 0;
}
