/* test-interactions.c — the interaction log, its timeline, follow-ups and satisfaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "custcare-interaction-timeline.h"
#include "custcare-interactions.h"
#include "custcare-store-private.h"

typedef struct
{
  char          *dir;
  char          *path;
  CustcareStore *store;
  gint64         now;
} Fixture;

static gint64
fake_now (gpointer user_data)
{
  Fixture *f = user_data;
  return f->now;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("custcare-interactions-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  f->now = 1780000000;  /* 2026-05-28 */
  _custcare_store_set_clock (f->store, fake_now, f);
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
  g_free (f->path);
}

static gint64
add_customer (Fixture    *f,
              const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStmt) stmt = NULL;

  stmt = _custcare_store_prepare (f->store,
                                  "INSERT INTO customers (display_name, sort_name, created_at, updated_at)"
                                  " VALUES (?1, ?1, 1, 1)",
                                  &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  g_assert_true (_custcare_store_step_done (f->store, stmt, &error));
  g_assert_no_error (error);
  return sqlite3_last_insert_rowid (_custcare_store_get_db (f->store));
}

static gint64
query_int (Fixture    *f,
           const char *sql,
           gint64      arg)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (f->store, sql, &error);

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_type (stmt, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 0);
}

static gint64
add_interaction (Fixture    *f,
                 gint64      customer_id,
                 gint64      occurred_at,
                 const char *subject,
                 gint64      follow_up_due_at)
{
  g_autoptr (CustcareInteraction) interaction = custcare_interaction_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_interaction_set_customer_id (interaction, customer_id);
  custcare_interaction_set_occurred_at (interaction, occurred_at);
  custcare_interaction_set_subject (interaction, subject);
  custcare_interaction_set_follow_up_due_at (interaction, follow_up_due_at);
  id = custcare_interactions_add (f->store, interaction, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_add_get_update (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (CustcareInteraction) interaction = custcare_interaction_new ();
  g_autoptr (CustcareInteraction) loaded = NULL;
  g_autoptr (GError) error = NULL;
  gint64 ada = add_customer (f, "Ada Lovelace");
  gint64 id;

  custcare_interaction_set_customer_id (interaction, ada);
  custcare_interaction_set_channel (interaction, CUSTCARE_CHANNEL_IN_PERSON);
  custcare_interaction_set_direction (interaction, CUSTCARE_DIRECTION_OUTBOUND);
  custcare_interaction_set_subject (interaction, "Collected the cake");
  custcare_interaction_set_notes (interaction, "Wants the same for June; '); DROP TABLE customers; --");
  custcare_interaction_set_outcome (interaction, CUSTCARE_OUTCOME_SALE);
  custcare_interaction_set_satisfaction (interaction, 4);
  custcare_interaction_set_duration (interaction, 95);
  custcare_interaction_set_follow_up_due_at (interaction, f->now + 86400);

  id = custcare_interactions_add (f->store, interaction, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, custcare_interaction_get_id (interaction));

  loaded = custcare_interactions_get (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (custcare_interaction_get_customer_id (loaded), ==, ada);
  g_assert_cmpstr (custcare_interaction_get_customer_name (loaded), ==, "Ada Lovelace");
  g_assert_cmpint (custcare_interaction_get_occurred_at (loaded), ==, f->now);
  g_assert_cmpint (custcare_interaction_get_channel (loaded), ==, CUSTCARE_CHANNEL_IN_PERSON);
  g_assert_cmpint (custcare_interaction_get_direction (loaded), ==, CUSTCARE_DIRECTION_OUTBOUND);
  g_assert_cmpstr (custcare_interaction_get_subject (loaded), ==, "Collected the cake");
  g_assert_cmpstr (custcare_interaction_get_notes (loaded), ==,
                   "Wants the same for June; '); DROP TABLE customers; --");
  g_assert_cmpint (custcare_interaction_get_outcome (loaded), ==, CUSTCARE_OUTCOME_SALE);
  g_assert_cmpint (custcare_interaction_get_satisfaction (loaded), ==, 4);
  g_assert_cmpint (custcare_interaction_get_duration (loaded), ==, 95);
  g_assert_cmpint (custcare_interaction_get_follow_up_due_at (loaded), ==, f->now + 86400);
  g_assert_cmpint (custcare_interaction_get_follow_up_done_at (loaded), ==, 0);
  g_assert_cmpint (custcare_interaction_get_order_id (loaded), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT last_interaction_at FROM customers WHERE id = ?1", ada), ==, f->now);
  g_assert_cmpstr (custcare_channel_to_string (CUSTCARE_CHANNEL_IN_PERSON), ==, "in-person");

  /* Edit: moving the interaction back in time moves the customer's last contact back too. */
  f->now += 60;
  custcare_interaction_set_occurred_at (loaded, f->now - 7200);
  custcare_interaction_set_satisfaction (loaded, 0);
  custcare_interaction_set_duration (loaded, -1);
  g_assert_true (custcare_interactions_update (f->store, loaded, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT last_interaction_at FROM customers WHERE id = ?1", ada), ==, f->now - 7200);
  g_assert_cmpint (query_int (f, "SELECT satisfaction FROM interactions WHERE id = ?1", id), ==, -1);
  g_assert_cmpint (query_int (f, "SELECT duration_seconds FROM interactions WHERE id = ?1", id), ==, -1);
  g_assert_cmpint (query_int (f, "SELECT updated_at FROM interactions WHERE id = ?1", id), ==, f->now);

  /* Refusals leave the stored row alone. */
  custcare_interaction_set_satisfaction (loaded, 6);
  g_assert_false (custcare_interactions_update (f->store, loaded, &error));
  g_assert_error (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_INVALID);
  g_clear_error (&error);
  custcare_interaction_set_satisfaction (loaded, 2);
  custcare_interaction_set_order_id (loaded, 4242);
  g_assert_false (custcare_interactions_update (f->store, loaded, &error));
  g_assert_error (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT satisfaction FROM interactions WHERE id = ?1", id), ==, -1);
  g_assert_false (_custcare_store_in_transaction (f->store));

  custcare_interaction_set_order_id (loaded, 0);
  custcare_interaction_set_customer_id (loaded, 999);
  g_assert_false (custcare_interactions_update (f->store, loaded, &error));
  g_assert_error (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT customer_id FROM interactions WHERE id = ?1", id), ==, ada);

  {
    g_autoptr (CustcareInteraction) orphan = custcare_interaction_new ();
    g_assert_cmpint (custcare_interactions_add (f->store, orphan, &error), ==, 0);
    g_assert_error (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM interactions WHERE ?1", 1), ==, 1);
  }
}

static void
test_ordering_and_paging (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareInteraction) last = NULL;
  g_autoptr (CustcareInteractionTimeline) timeline = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 ada = add_customer (f, "Ada");
  gint64 bob = add_customer (f, "Bob");
  const guint total = 260;
  guint pages = 0;

  /* Inserted out of order, with several interactions at the same second: the id breaks ties. */
  for (guint i = 0; i < total; i++)
    {
      gint64 when = 1700000000 + ((i * 37) % 100) * 3600;
      add_interaction (f, ada, when, "call", 0);
      if (i % 10 == 0)
        add_interaction (f, bob, when, "bob", 0);
    }
  g_assert_cmpuint (custcare_interactions_count (f->store, ada, &error), ==, total);

  for (;;)
    {
      g_autoptr (GPtrArray) page = custcare_interactions_list_page (f->store, ada, last, 50, &error);

      g_assert_no_error (error);
      if (page->len == 0)
        break;
      pages++;
      for (guint i = 0; i < page->len; i++)
        {
          CustcareInteraction *row = g_ptr_array_index (page, i);
          gint64 id = custcare_interaction_get_id (row);

          g_assert_cmpint (custcare_interaction_get_customer_id (row), ==, ada);
          g_assert_false (g_hash_table_contains (seen, &id));
          g_array_append_val (ids, id);
          g_hash_table_add (seen, &g_array_index (ids, gint64, ids->len - 1));
          if (last != NULL)
            {
              gint64 lt = custcare_interaction_get_occurred_at (last), rt = custcare_interaction_get_occurred_at (row);
              /* Newest first; same time: higher id first. */
              g_assert_true (rt < lt || (rt == lt && id < custcare_interaction_get_id (last)));
            }
          g_set_object (&last, row);
        }
    }
  g_assert_cmpuint (pages, ==, 6);
  g_assert_cmpuint (ids->len, ==, total);

  /* The model reads pages only as far as it is asked to. */
  timeline = custcare_interaction_timeline_new (f->store, ada);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (timeline)), ==, total);
  g_assert_cmpuint (custcare_interaction_timeline_get_n_loaded (timeline), ==, CUSTCARE_INTERACTION_TIMELINE_PAGE_SIZE);
  {
    g_autoptr (CustcareInteraction) row = g_list_model_get_item (G_LIST_MODEL (timeline), 120);
    g_assert_cmpint (custcare_interaction_get_id (row), ==, g_array_index (ids, gint64, 120));
    g_assert_cmpuint (custcare_interaction_timeline_get_n_loaded (timeline), ==, 150);
  }
  for (guint i = 0; i < total; i++)
    {
      g_autoptr (CustcareInteraction) row = g_list_model_get_item (G_LIST_MODEL (timeline), i);
      g_assert_cmpint (custcare_interaction_get_id (row), ==, g_array_index (ids, gint64, i));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (timeline), total));

  /* A new call shows at the top once the model has heard of it. */
  {
    gint64 id = add_interaction (f, ada, f->now, "newest", 0);
    g_autoptr (CustcareInteraction) top = NULL;

    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (timeline)), ==, total + 1);
    top = g_list_model_get_item (G_LIST_MODEL (timeline), 0);
    g_assert_cmpint (custcare_interaction_get_id (top), ==, id);
  }
}

static void
test_delete_and_undo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareInteraction) undo = NULL;
  g_autoptr (CustcareInteraction) back = NULL;
  gint64 ada = add_customer (f, "Ada");
  gint64 older = add_interaction (f, ada, f->now - 1000, "older", 0);
  gint64 newest = add_interaction (f, ada, f->now, "newest", f->now + 3600);

  g_assert_cmpint (query_int (f, "SELECT last_interaction_at FROM customers WHERE id = ?1", ada), ==, f->now);
  g_assert_true (custcare_interactions_delete (f->store, newest, &undo, &error));
  g_assert_no_error (error);
  g_assert_nonnull (undo);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM interactions WHERE id = ?1", newest), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT last_interaction_at FROM customers WHERE id = ?1", ada), ==, f->now - 1000);

  g_assert_false (custcare_interactions_delete (f->store, newest, NULL, &error));
  g_assert_error (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Undo brings back the same row, id and all. */
  g_assert_true (custcare_interactions_restore (f->store, undo, &error));
  g_assert_no_error (error);
  back = custcare_interactions_get (f->store, newest, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (custcare_interaction_get_subject (back), ==, "newest");
  g_assert_cmpint (custcare_interaction_get_follow_up_due_at (back), ==, f->now + 3600);
  g_assert_cmpint (custcare_interaction_get_created_at (back), ==, custcare_interaction_get_created_at (undo));
  g_assert_cmpint (query_int (f, "SELECT last_interaction_at FROM customers WHERE id = ?1", ada), ==, f->now);

  /* If the id was reused in the meantime, undo still brings the interaction back. */
  {
    g_autoptr (CustcareInteraction) undo2 = NULL;
    gint64 reused;

    g_assert_true (custcare_interactions_delete (f->store, newest, &undo2, &error));
    reused = add_interaction (f, ada, f->now - 5, "meanwhile", 0);
    g_assert_cmpint (reused, ==, newest);
    g_assert_true (custcare_interactions_restore (f->store, undo2, &error));
    g_assert_no_error (error);
    g_assert_cmpint (custcare_interaction_get_id (undo2), !=, newest);
    g_assert_cmpuint (custcare_interactions_count (f->store, ada, NULL), ==, 3);
  }
  (void) older;
}

static void
test_satisfaction (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 ada = add_customer (f, "Ada");
  gint64 bob = add_customer (f, "Bob");
  const int ratings[] = { 5, 0, 2, 4, 0 };
  double average = -1;
  guint count = 99;
  int latest = -1;

  g_assert_true (custcare_interactions_get_satisfaction (f->store, ada, &average, &count, &latest, &error));
  g_assert_cmpfloat (average, ==, 0.0);
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpint (latest, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
    {
      g_autoptr (CustcareInteraction) interaction = custcare_interaction_new ();

      custcare_interaction_set_customer_id (interaction, ada);
      custcare_interaction_set_occurred_at (interaction, 1700000000 + i * 100);
      custcare_interaction_set_satisfaction (interaction, ratings[i]);
      g_assert_cmpint (custcare_interactions_add (f->store, interaction, &error), >, 0);
    }
  {
    g_autoptr (CustcareInteraction) other = custcare_interaction_new ();
    custcare_interaction_set_customer_id (other, bob);
    custcare_interaction_set_satisfaction (other, 1);
    g_assert_cmpint (custcare_interactions_add (f->store, other, &error), >, 0);
  }

  g_assert_true (custcare_interactions_get_satisfaction (f->store, ada, &average, &count, &latest, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (average, 11.0 / 3.0, 1e-9);
  g_assert_cmpuint (count, ==, 3);
  /* The most recent rated one (4), not the most recent interaction (unrated). */
  g_assert_cmpint (latest, ==, 4);
}

/* Day boundaries in real zones: DST days have 23 or 25 hours. */
typedef struct
{
  const char *zone;
  gint64      now;
  gint64      day_start;
  gint64      day_end;
} DayCase;

static void
test_days_across_zones (void)
{
  static const DayCase cases[] = {
    /* Europe/Berlin, 2026-03-29: clocks go 02:00 CET → 03:00 CEST. 23 hours. */
    { "Europe/Berlin", 1774778400 /* 2026-03-29T10:00Z */, 1774738800 /* 03-28T23:00Z */, 1774821600 /* 03-29T22:00Z */ },
    /* Europe/Berlin, 2026-10-25: 03:00 CEST → 02:00 CET. 25 hours. */
    { "Europe/Berlin", 1792922400 /* 2026-10-25T10:00Z */, 1792879200 /* 10-24T22:00Z */, 1792969200 /* 10-25T23:00Z */ },
    /* America/New_York, 2026-03-08: 23 hours. At 03:30Z it is still the 7th in New York. */
    { "America/New_York", 1772940600 /* 2026-03-08T03:30Z */, 1772859600 /* 03-07T05:00Z */, 1772946000 /* 03-08T05:00Z */ },
    { "America/New_York", 1772989200 /* 2026-03-08T17:00Z */, 1772946000 /* 03-08T05:00Z */, 1773028800 /* 03-09T04:00Z */ },
    /* Pacific/Auckland, 2026-04-05: NZDT (+13) ends, NZST (+12). 25 hours. */
    { "Pacific/Auckland", 1775347200 /* 2026-04-05T00:00Z */, 1775300400 /* 04-04T11:00Z */, 1775390400 /* 04-05T12:00Z */ },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (cases[i].zone);
      gint64 start, end;

      if (tz == NULL)
        {
          g_test_skip ("time zone data is not installed");
          return;
        }
      custcare_follow_up_get_day (cases[i].now, tz, &start, &end);
      g_test_message ("%s at %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT,
                      cases[i].zone, cases[i].now, start, end);
      g_assert_cmpint (start, ==, cases[i].day_start);
      g_assert_cmpint (end, ==, cases[i].day_end);
    }
}

static void
test_state_depends_on_zone (void)
{
  g_autoptr (GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr (GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");
  g_autoptr (GTimeZone) auckland = g_time_zone_new_identifier ("Pacific/Auckland");
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  /* 2026-06-10T03:00Z: 05:00 on the 10th in Berlin, 23:00 on the 9th in New York, 15:00 on the
   * 10th in Auckland. The follow-up is due 2026-06-09T20:00Z. */
  gint64 now = 1781060400, due = 1781035200;

  if (berlin == NULL || new_york == NULL || auckland == NULL)
    {
      g_test_skip ("time zone data is not installed");
      return;
    }
  g_assert_cmpint (custcare_follow_up_get_state (due, 0, now, berlin), ==, CUSTCARE_FOLLOW_UP_OVERDUE);
  g_assert_cmpint (custcare_follow_up_get_state (due, 0, now, new_york), ==, CUSTCARE_FOLLOW_UP_DUE_TODAY);
  g_assert_cmpint (custcare_follow_up_get_state (due, 0, now, auckland), ==, CUSTCARE_FOLLOW_UP_DUE_TODAY);
  g_assert_cmpint (custcare_follow_up_get_state (due, 0, now, utc), ==, CUSTCARE_FOLLOW_UP_OVERDUE);
  g_assert_cmpint (custcare_follow_up_get_state (due + 86400, 0, now, new_york), ==, CUSTCARE_FOLLOW_UP_UPCOMING);
  g_assert_cmpint (custcare_follow_up_get_state (due + 86400, 0, now, berlin), ==, CUSTCARE_FOLLOW_UP_DUE_TODAY);
  g_assert_cmpint (custcare_follow_up_get_state (due, now, now, berlin), ==, CUSTCARE_FOLLOW_UP_DONE);

  /* On Berlin's 23-hour day, 00:30 the next morning is upcoming, although it is less than 24
   * hours after midnight. */
  g_assert_cmpint (custcare_follow_up_get_state (1774823400 /* 03-29T22:30Z = 03-30 00:30 CEST */, 0,
                                                 1774778400, berlin), ==, CUSTCARE_FOLLOW_UP_UPCOMING);
  /* On the 25-hour day, 23:30 CET is still today, 24.5 hours after midnight. */
  g_assert_cmpint (custcare_follow_up_get_state (1792967400 /* 10-25T22:30Z = 23:30 CET */, 0,
                                                 1792922400, berlin), ==, CUSTCARE_FOLLOW_UP_DUE_TODAY);
}

static void
test_due_dates_and_snooze (void)
{
  g_autoptr (GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr (GTimeZone) auckland = g_time_zone_new_identifier ("Pacific/Auckland");

  if (berlin == NULL || auckland == NULL)
    {
      g_test_skip ("time zone data is not installed");
      return;
    }
  /* 09:00 local, in summer and in winter time. */
  g_assert_cmpint (custcare_follow_up_due_for_date (berlin, 2026, 3, 29), ==, 1774767600 /* 07:00Z */);
  g_assert_cmpint (custcare_follow_up_due_for_date (berlin, 2026, 3, 28), ==, 1774684800 /* 08:00Z */);
  g_assert_cmpint (custcare_follow_up_due_for_date (berlin, 2026, 2, 30), ==, 0);

  /* Snoozing to tomorrow across the change keeps 09:00 on the wall clock. */
  g_assert_cmpint (custcare_follow_up_snooze_until (CUSTCARE_SNOOZE_TOMORROW, 1774728000 /* 03-28T20:00Z */, berlin),
                   ==, 1774767600);
  g_assert_cmpint (custcare_follow_up_snooze_until (CUSTCARE_SNOOZE_ONE_HOUR, 1774728000, berlin), ==, 1774731600);
  /* Auckland, 2026-04-01 13:00 NZDT → next week, 2026-04-08 09:00 NZST (+12) = 04-07T21:00Z. */
  g_assert_cmpint (custcare_follow_up_snooze_until (CUSTCARE_SNOOZE_NEXT_WEEK, 1775001600, auckland),
                   ==, 1775595600);
}

static void
test_follow_up_lists (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");
  g_autoptr (GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr (GError) error = NULL;
  guint counts[CUSTCARE_N_FOLLOW_UP_STATES];
  gint64 ada, overdue, today_early, today_late, tomorrow, done, plain;

  if (new_york == NULL || berlin == NULL)
    {
      g_test_skip ("time zone data is not installed");
      return;
    }

  /* 2026-06-09 23:00 in New York, 2026-06-10 05:00 in Berlin. */
  f->now = 1781060400;
  ada = add_customer (f, "Ada");
  overdue = add_interaction (f, ada, f->now - 86400 * 3, "overdue", 1780920000 /* 06-08T12:00Z */);
  today_early = add_interaction (f, ada, f->now - 86400, "today early", 1781035200 /* 06-09T20:00Z */);
  today_late = add_interaction (f, ada, f->now - 3600, "today late", 1781062200 /* 06-10T03:30Z */);
  tomorrow = add_interaction (f, ada, f->now - 60, "tomorrow", 1781100000 /* 06-10T14:00Z */);
  done = add_interaction (f, ada, f->now - 120, "done", 1781000000);
  plain = add_interaction (f, ada, f->now - 30, "no follow-up", 0);
  g_assert_true (custcare_follow_ups_set_done (f->store, done, TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (custcare_follow_ups_count (f->store, new_york, counts, &error));
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_OVERDUE], ==, 1);
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_DUE_TODAY], ==, 2);
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_UPCOMING], ==, 1);
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_DONE], ==, 1);

  /* The same moment seen from Berlin: the 9th is over. */
  g_assert_true (custcare_follow_ups_count (f->store, berlin, counts, &error));
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_OVERDUE], ==, 2);
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_DUE_TODAY], ==, 2);
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_UPCOMING], ==, 0);

  {
    g_autoptr (GPtrArray) upcoming = custcare_follow_ups_list (f->store, CUSTCARE_FOLLOW_UP_UPCOMING, new_york, 10, &error);
    g_autoptr (GPtrArray) today = custcare_follow_ups_list (f->store, CUSTCARE_FOLLOW_UP_DUE_TODAY, berlin, 10, &error);
    g_autoptr (GPtrArray) done_list = custcare_follow_ups_list (f->store, CUSTCARE_FOLLOW_UP_DONE, berlin, 10, &error);

    g_assert_cmpuint (upcoming->len, ==, 1);
    g_assert_cmpint (custcare_interaction_get_id (g_ptr_array_index (upcoming, 0)), ==, tomorrow);
    g_assert_cmpstr (custcare_interaction_get_customer_name (g_ptr_array_index (upcoming, 0)), ==, "Ada");
    g_assert_cmpuint (today->len, ==, 2);
    g_assert_cmpint (custcare_interaction_get_id (g_ptr_array_index (today, 0)), ==, today_late);
    g_assert_cmpuint (done_list->len, ==, 1);
    g_assert_cmpint (custcare_interaction_get_id (g_ptr_array_index (done_list, 0)), ==, done);
  }

  /* Snooze moves it; it also reopens a done one. */
  g_assert_true (custcare_follow_ups_snooze (f->store, overdue,
                                             custcare_follow_up_snooze_until (CUSTCARE_SNOOZE_TOMORROW, f->now, new_york),
                                             &error));
  g_assert_cmpint (query_int (f, "SELECT follow_up_due_at FROM interactions WHERE id = ?1", overdue), ==,
                   1781096400 /* 2026-06-10 09:00 EDT */);
  g_assert_true (custcare_follow_ups_snooze (f->store, done, f->now + 60, &error));
  g_assert_cmpint (query_int (f, "SELECT follow_up_done_at FROM interactions WHERE id = ?1", done), ==, -1);
  g_assert_true (custcare_follow_ups_set_done (f->store, today_early, TRUE, &error));
  g_assert_true (custcare_follow_ups_count (f->store, new_york, counts, &error));
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_OVERDUE], ==, 0);
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_DUE_TODAY], ==, 2);
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_UPCOMING], ==, 2);
  g_assert_cmpuint (counts[CUSTCARE_FOLLOW_UP_DONE], ==, 1);

  /* Nothing to mark done on an interaction without a follow-up; unknown ids are reported. */
  g_assert_false (custcare_follow_ups_set_done (f->store, plain, TRUE, &error));
  g_assert_error (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (custcare_follow_ups_snooze (f->store, 12345, f->now, &error));
  g_assert_error (error, CUSTCARE_INTERACTION_ERROR, CUSTCARE_INTERACTION_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (custcare_follow_ups_next_due (f->store, f->now, &error), ==, f->now + 60);
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_watch (Fixture       *f,
            gconstpointer  data)
{
  guint calls = 0;
  gint64 ada = add_customer (f, "Ada");
  gulong watch = custcare_interactions_watch (f->store, count_cb, &calls);
  gint64 id = add_interaction (f, ada, 0, "x", f->now + 10);

  g_assert_cmpuint (calls, ==, 1);
  g_assert_true (custcare_follow_ups_set_done (f->store, id, TRUE, NULL));
  g_assert_cmpuint (calls, ==, 2);
  g_assert_true (custcare_interactions_delete (f->store, id, NULL, NULL));
  g_assert_cmpuint (calls, ==, 3);
  custcare_interactions_unwatch (f->store, watch);
  add_interaction (f, ada, 0, "y", 0);
  g_assert_cmpuint (calls, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/interactions/add-get-update", Fixture, NULL, fixture_setup, test_add_get_update, fixture_teardown);
  g_test_add ("/interactions/ordering-and-paging", Fixture, NULL, fixture_setup, test_ordering_and_paging, fixture_teardown);
  g_test_add ("/interactions/delete-and-undo", Fixture, NULL, fixture_setup, test_delete_and_undo, fixture_teardown);
  g_test_add ("/interactions/satisfaction", Fixture, NULL, fixture_setup, test_satisfaction, fixture_teardown);
  g_test_add ("/interactions/watch", Fixture, NULL, fixture_setup, test_watch, fixture_teardown);
  g_test_add_func ("/follow-ups/days-across-zones", test_days_across_zones);
  g_test_add_func ("/follow-ups/state-depends-on-zone", test_state_depends_on_zone);
  g_test_add_func ("/follow-ups/due-dates-and-snooze", test_due_dates_and_snooze);
  g_test_add ("/follow-ups/lists", Fixture, NULL, fixture_setup, test_follow_up_lists, fixture_teardown);

  return g_test_run ();
}
