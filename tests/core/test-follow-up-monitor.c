/* test-follow-up-monitor.c — reminders: what is reported, when the timeout is armed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-follow-up-monitor.h"
#include "custcare-store-private.h"

typedef struct
{
  char          *dir;
  CustcareStore *store;
  gint64         now;
  gboolean       real_clock;
  GPtrArray     *reported;   /* ids */
  GArray        *at_start;
  guint          day_changes;
  gint64         customer_id;
} Fixture;

static gint64
fake_now (gpointer user_data)
{
  Fixture *f = user_data;

  if (f->real_clock)
    return g_get_real_time () / G_USEC_PER_SEC;
  return f->now;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("custcare-monitor-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  /* 2026-03-28 23:00 in Berlin (22:00Z): the night the clocks go forward. */
  f->now = 1774735200;
  _custcare_store_set_clock (f->store, fake_now, f);
  f->reported = g_ptr_array_new ();
  f->at_start = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_assert_true (_custcare_store_exec (f->store,
                                       "INSERT INTO customers (display_name, created_at, updated_at)"
                                       " VALUES ('Grace', 1, 1)",
                                       &error));
  f->customer_id = sqlite3_last_insert_rowid (_custcare_store_get_db (f->store));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_ptr_array_unref (f->reported);
  g_array_unref (f->at_start);
}

static gint64
add_follow_up (Fixture *f,
               gint64   due_at,
               gboolean done)
{
  g_autoptr (CustcareInteraction) interaction = custcare_interaction_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_interaction_set_customer_id (interaction, f->customer_id);
  custcare_interaction_set_subject (interaction, "Call back");
  custcare_interaction_set_follow_up_due_at (interaction, due_at);
  id = custcare_interactions_add (f->store, interaction, &error);
  g_assert_no_error (error);
  if (done)
    g_assert_true (custcare_follow_ups_set_done (f->store, id, TRUE, &error));
  return id;
}

static void
due_cb (CustcareFollowUpMonitor *monitor,
        CustcareInteraction     *interaction,
        gboolean                 at_start,
        Fixture                 *f)
{
  g_assert_cmpstr (custcare_interaction_get_customer_name (interaction), ==, "Grace");
  g_ptr_array_add (f->reported, GSIZE_TO_POINTER (custcare_interaction_get_id (interaction)));
  g_array_append_val (f->at_start, at_start);
}

static void
day_changed_cb (CustcareFollowUpMonitor *monitor,
                Fixture                 *f)
{
  f->day_changes++;
}

static CustcareFollowUpMonitor *
new_monitor (Fixture *f)
{
  CustcareFollowUpMonitor *monitor = custcare_follow_up_monitor_new (f->store);
  g_autoptr (GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");

  g_assert_nonnull (berlin);
  custcare_follow_up_monitor_set_time_zone (monitor, berlin);
  g_signal_connect (monitor, "follow-up-due", G_CALLBACK (due_cb), f);
  g_signal_connect (monitor, "day-changed", G_CALLBACK (day_changed_cb), f);
  return monitor;
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_start_and_due (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (CustcareFollowUpMonitor) monitor = NULL;
  gint64 overdue1 = add_follow_up (f, f->now - 86400 * 2, FALSE);
  gint64 overdue2 = add_follow_up (f, f->now - 60, FALSE);
  gint64 later = add_follow_up (f, f->now + 600, FALSE);
  gint64 far = add_follow_up (f, f->now + 86400 * 3, FALSE);

  add_follow_up (f, f->now - 300, TRUE);
  monitor = new_monitor (f);
  custcare_follow_up_monitor_start (monitor);

  /* Already overdue at start: reported once, flagged as such; the done one is not. */
  g_assert_cmpuint (f->reported->len, ==, 2);
  g_assert_cmpint (GPOINTER_TO_SIZE (f->reported->pdata[0]), ==, overdue1);
  g_assert_cmpint (GPOINTER_TO_SIZE (f->reported->pdata[1]), ==, overdue2);
  g_assert_true (g_array_index (f->at_start, gboolean, 0));
  /* The timeout is armed for the next one. */
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==, f->now + 600);

  /* Waking early (nothing moved) reports nothing again. */
  custcare_follow_up_monitor_check (monitor);
  g_assert_cmpuint (f->reported->len, ==, 2);

  f->now += 601;
  custcare_follow_up_monitor_check (monitor);
  g_assert_cmpuint (f->reported->len, ==, 3);
  g_assert_cmpint (GPOINTER_TO_SIZE (f->reported->pdata[2]), ==, later);
  g_assert_false (g_array_index (f->at_start, gboolean, 2));

  /* Nothing due before midnight, 50 minutes away: the monitor naps at most 15 minutes. */
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==,
                   f->now + CUSTCARE_FOLLOW_UP_MONITOR_MAX_SLEEP);
  /* Close to midnight (2026-03-29 00:00 CET = 23:00Z), it wakes for the new day. */
  f->now = 1774738800 - 100;
  custcare_follow_up_monitor_check (monitor);
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==, 1774738800);
  g_assert_cmpuint (f->day_changes, ==, 0);
  f->now = 1774738800;
  custcare_follow_up_monitor_check (monitor);
  g_assert_cmpuint (f->day_changes, ==, 1);
  g_assert_cmpuint (f->reported->len, ==, 3);
  /* That day has 23 hours: the next midnight is at 22:00Z. */
  f->now = 1774821600 - 30;
  custcare_follow_up_monitor_check (monitor);
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==, 1774821600);

  f->now += 86400 * 4;
  custcare_follow_up_monitor_check (monitor);
  g_assert_cmpuint (f->reported->len, ==, 4);
  g_assert_cmpint (GPOINTER_TO_SIZE (f->reported->pdata[3]), ==, far);

  custcare_follow_up_monitor_stop (monitor);
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==, 0);
}

static void
test_rearmed_by_changes (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (CustcareFollowUpMonitor) monitor = new_monitor (f);
  g_autoptr (GError) error = NULL;
  gint64 soon, sooner;

  custcare_follow_up_monitor_start (monitor);
  g_assert_cmpuint (f->reported->len, ==, 0);
  /* Nothing due: midnight is 1 hour away, so the 15-minute nap wins. */
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==, f->now + CUSTCARE_FOLLOW_UP_MONITOR_MAX_SLEEP);

  soon = add_follow_up (f, f->now + 300, FALSE);
  drain ();
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==, f->now + 300);

  sooner = add_follow_up (f, f->now + 120, FALSE);
  drain ();
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==, f->now + 120);

  g_assert_true (custcare_follow_ups_set_done (f->store, sooner, TRUE, &error));
  drain ();
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==, f->now + 300);

  g_assert_true (custcare_follow_ups_snooze (f->store, soon, f->now + 60, &error));
  drain ();
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==, f->now + 60);

  g_assert_true (custcare_interactions_delete (f->store, soon, NULL, &error));
  drain ();
  g_assert_cmpint (custcare_follow_up_monitor_get_next_wakeup (monitor), ==, f->now + CUSTCARE_FOLLOW_UP_MONITOR_MAX_SLEEP);
  g_assert_cmpuint (f->reported->len, ==, 0);
}

static gboolean
give_up_cb (gpointer user_data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

/* The real GLib timeout fires and the signal arrives, with the real clock. */
static void
test_real_timeout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (CustcareFollowUpMonitor) monitor = new_monitor (f);
  gint64 start_us, id;
  guint guard;

  f->real_clock = TRUE;
  id = add_follow_up (f, g_get_real_time () / G_USEC_PER_SEC + 2, FALSE);
  start_us = g_get_monotonic_time ();
  custcare_follow_up_monitor_start (monitor);
  g_assert_cmpuint (f->reported->len, ==, 0);

  guard = g_timeout_add_seconds (10, give_up_cb, NULL);
  while (f->reported->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  g_assert_cmpint (GPOINTER_TO_SIZE (f->reported->pdata[0]), ==, id);
  g_assert_false (g_array_index (f->at_start, gboolean, 0));
  /* It waited for the due time rather than polling. */
  g_assert_cmpint (g_get_monotonic_time () - start_us, >=, G_USEC_PER_SEC / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/follow-up-monitor/start-and-due", Fixture, NULL, fixture_setup, test_start_and_due, fixture_teardown);
  g_test_add ("/follow-up-monitor/rearmed-by-changes", Fixture, NULL, fixture_setup, test_rearmed_by_changes, fixture_teardown);
  g_test_add ("/follow-up-monitor/real-timeout", Fixture, NULL, fixture_setup, test_real_timeout, fixture_teardown);

  return g_test_run ();
}
