/* test-crash.c — SIGKILL at random moments never costs a committed record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts crash-writer on one database over and over, kills it with SIGKILL after a random delay,
 * and after every kill checks that the file opens, passes PRAGMA integrity_check, holds every write
 * the writer reported as committed, and keeps the ledger and status-history invariants.
 *
 * CUSTCARE_CRASH_KILLS sets the number of kills (default 200, 60 under the sanitizers); the seed is printed so a failure
 * can be replayed with --seed.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "custcare-store-private.h"

typedef struct
{
  GHashTable *customers;      /* id set */
  GHashTable *interactions;   /* id set */
  GHashTable *order_status;   /* id → last reported status (char *) */
  GHashTable *redeemed;       /* order id set */
} Promises;

static void
promises_init (Promises *p)
{
  p->customers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  p->interactions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  p->order_status = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  p->redeemed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
promises_clear (Promises *p)
{
  g_hash_table_unref (p->customers);
  g_hash_table_unref (p->interactions);
  g_hash_table_unref (p->order_status);
  g_hash_table_unref (p->redeemed);
}

static gint64 *
id_dup (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

/* Moves what @from promised into @into (a later order status replaces an earlier one). */
static void
promises_move (Promises *into,
               Promises *from)
{
  GHashTable *pairs[][2] = {
    { into->customers, from->customers },
    { into->interactions, from->interactions },
    { into->redeemed, from->redeemed },
  };
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_hash_table_iter_init (&iter, pairs[i][1]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (pairs[i][0], id_dup (*(gint64 *) key));
      g_hash_table_remove_all (pairs[i][1]);
    }
  g_hash_table_iter_init (&iter, from->order_status);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (into->order_status, id_dup (*(gint64 *) key), g_strdup (value));
  g_hash_table_remove_all (from->order_status);
}

static guint
record_line (Promises   *p,
             const char *line)
{
  g_auto (GStrv) parts = g_strsplit (line, " ", 3);
  gint64 id;

  if (g_strv_length (parts) < 2)
    return 0;
  id = g_ascii_strtoll (parts[1], NULL, 10);
  g_assert_cmpint (id, >, 0);

  if (g_str_equal (parts[0], "customer"))
    g_hash_table_add (p->customers, id_dup (id));
  else if (g_str_equal (parts[0], "interaction"))
    g_hash_table_add (p->interactions, id_dup (id));
  else if (g_str_equal (parts[0], "order") && parts[2] != NULL)
    g_hash_table_insert (p->order_status, id_dup (id), g_strdup (parts[2]));
  else if (g_str_equal (parts[0], "redeem"))
    g_hash_table_add (p->redeemed, id_dup (id));
  else
    g_error ("unexpected line from the writer: %s", line);
  return 1;
}

static gint64
query_int64 (CustcareStore *store,
             const char    *sql,
             gint64         arg)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* A reported status must be on disk: either it is the order's status now, or the writer had
 * committed a later step it did not get to report. Either way it is in the history. */
static void
check_promises (CustcareStore *store,
                Promises      *p)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, p->customers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM customers WHERE id = ?", *(gint64 *) key), ==, 1);

  g_hash_table_iter_init (&iter, p->interactions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_cmpint (query_int64 (store, "SELECT count(*) FROM interactions WHERE id = ?", *(gint64 *) key), ==, 1);

  g_hash_table_iter_init (&iter, p->order_status);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store,
                                                               "SELECT count(*) FROM order_status_history "
                                                               "WHERE order_id = ?1 AND to_status = ?2",
                                                               NULL);
      sqlite3_bind_int64 (stmt, 1, *(gint64 *) key);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != 1)
        g_error ("order %" G_GINT64_FORMAT " was reported %s, but its history does not say so",
                 *(gint64 *) key, (char *) value);
    }

  g_hash_table_iter_init (&iter, p->redeemed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_cmpint (query_int64 (store, "SELECT points_redeemed FROM orders WHERE id = ?", *(gint64 *) key), >, 0);
}

/* Invariants that hold whatever moment the writer died at. */
static void
check_invariants (CustcareStore *store)
{
  /* Every order's status is the last step of its history: status and history commit together. */
  g_assert_cmpint (query_int64 (store,
                                "SELECT count(*) FROM orders o WHERE o.status IS NOT "
                                "(SELECT to_status FROM order_status_history h WHERE h.order_id = o.id "
                                " ORDER BY h.id DESC LIMIT 1) AND ?1 = ?1",
                                0),
                   ==, 0);

  /* No balance below zero. */
  g_assert_cmpint (query_int64 (store,
                                "SELECT count(*) FROM (SELECT customer_id, sum (delta) AS balance "
                                "FROM loyalty_ledger GROUP BY customer_id) WHERE balance < ?1",
                                0),
                   ==, 0);

  /* Points are earned once per completed order, and never for an order that is not completed
   * (or returned after completion). */
  g_assert_cmpint (query_int64 (store,
                                "SELECT count(*) FROM (SELECT order_id FROM loyalty_ledger WHERE kind = 'earn' "
                                "GROUP BY order_id HAVING count(*) > ?1)",
                                1),
                   ==, 0);
  g_assert_cmpint (query_int64 (store,
                                "SELECT count(*) FROM loyalty_ledger l JOIN orders o ON o.id = l.order_id "
                                "WHERE l.kind = 'earn' AND o.completed_at IS NULL AND ?1 = ?1",
                                0),
                   ==, 0);
  g_assert_cmpint (query_int64 (store,
                                "SELECT count(*) FROM orders o WHERE o.status = 'completed' AND o.total - o.points_value >= ?1 "
                                "AND NOT EXISTS (SELECT 1 FROM loyalty_ledger l WHERE l.order_id = o.id AND l.kind = 'earn')",
                                100),
                   ==, 0);

  /* Points spent on an order are on the ledger. */
  g_assert_cmpint (query_int64 (store,
                                "SELECT count(*) FROM orders o WHERE o.points_redeemed > ?1 AND NOT EXISTS "
                                "(SELECT 1 FROM loyalty_ledger l WHERE l.order_id = o.id AND l.kind = 'redeem')",
                                0),
                   ==, 0);
}

/* Reads the writer's output until its "ready" line (which record_line() does not count). */
static void
wait_for_ready (GSubprocess *proc,
                GByteArray  *output)
{
  GInputStream *pipe = g_subprocess_get_stdout_pipe (proc);

  while (output->len == 0 || memchr (output->data, '\n', output->len) == NULL)
    {
      g_autoptr (GError) error = NULL;
      guint8 chunk[256];
      gssize n = g_input_stream_read (pipe, chunk, sizeof chunk, NULL, &error);

      g_assert_no_error (error);
      if (n == 0)
        g_error ("the writer stopped before it opened the database");
      g_byte_array_append (output, chunk, (guint) n);
    }
}

static void
read_to_end (GSubprocess *proc,
             GByteArray  *output)
{
  GInputStream *pipe = g_subprocess_get_stdout_pipe (proc);
  gssize n;

  do
    {
      g_autoptr (GError) error = NULL;
      guint8 chunk[4096];

      n = g_input_stream_read (pipe, chunk, sizeof chunk, NULL, &error);
      g_assert_no_error (error);
      g_byte_array_append (output, chunk, (guint) n);
    }
  while (n > 0);
}

static void
test_kill_at_random (void)
{
  g_autofree char *dir = g_dir_make_tmp ("custcare-crash-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "shop.db", NULL);
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "core", "crash-writer", NULL);
  const char *kills_env = g_getenv ("CUSTCARE_CRASH_KILLS");
  /* 200 kills in the plain run; the sanitizer pass (ten times slower) repeats it with 60. */
  guint kills = kills_env ? (guint) g_ascii_strtoull (kills_env, NULL, 10)
                          : g_getenv ("CUSTCARE_SANITIZED") ? 60 : 200;
  guint32 seed = g_test_rand_int ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint reported = 0;
  Promises promises, fresh;

  g_test_message ("seed %u, %u kills", seed, kills);
  promises_init (&promises);
  promises_init (&fresh);

  for (guint k = 0; k < kills; k++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSubprocess) proc = NULL;
      g_autoptr (GBytes) out = NULL;
      g_autoptr (GByteArray) output = g_byte_array_new ();
      g_autoptr (CustcareStore) store = NULL;
      g_autofree char *seed_arg = g_strdup_printf ("%u", g_rand_int (rand));
      g_auto (GStrv) lines = NULL;
      gsize len;
      const char *text;

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, writer, db, seed_arg, NULL);
      g_assert_no_error (error);

      /* Most kills wait for the writer to have opened the database (on a loaded machine, or under
       * the sanitizers, opening alone can take longer than the pause) and land somewhere in the
       * middle of its work; every tenth may land while it opens (the first creates the schema). */
      if (k % 10 != 5)
        wait_for_ready (proc, output);
      g_usleep (g_rand_int_range (rand, 5, 120) * 1000);
      g_subprocess_send_signal (proc, SIGKILL);
      read_to_end (proc, output);
      g_subprocess_wait (proc, NULL, &error);
      g_assert_no_error (error);
      out = g_byte_array_free_to_bytes (g_steal_pointer (&output));
      g_assert_true (g_subprocess_get_if_signaled (proc) || g_subprocess_get_exit_status (proc) == 0);
      if (!g_subprocess_get_if_signaled (proc))
        g_error ("the writer stopped by itself (status %d)", g_subprocess_get_exit_status (proc));

      text = g_bytes_get_data (out, &len);
      if (len > 0)
        {
          g_autofree char *copy = g_strndup (text, len);
          char *last_newline = strrchr (copy, '\n');

          /* A line cut short by the kill is not a promise. */
          if (last_newline != NULL)
            {
              *last_newline = '\0';
              lines = g_strsplit (copy, "\n", -1);
              for (guint i = 0; lines[i] != NULL; i++)
                reported += record_line (&fresh, lines[i]);
            }
        }

      store = custcare_store_open (db, &error);
      g_assert_no_error (error);
      custcare_store_verify (store, &error);
      g_assert_no_error (error);
      /* What this run promised is checked now; everything promised so far every 20 kills and
       * after the last (a committed row cannot come back once lost, so nothing slips through). */
      check_promises (store, &fresh);
      promises_move (&promises, &fresh);
      if (k % 20 == 19 || k + 1 == kills)
        check_promises (store, &promises);
      check_invariants (store);
    }

  g_test_message ("%u kills survived; %u committed writes reported and found", kills, reported);
  g_assert_cmpuint (reported, >, kills);
  g_assert_cmpuint (g_hash_table_size (promises.order_status), >, 0);

  promises_clear (&promises);
  promises_clear (&fresh);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (db);
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash/kill-at-random", test_kill_at_random);
  return g_test_run ();
}
