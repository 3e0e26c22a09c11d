/* test-customer-list-model.c — the paged customer list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "custcare-customer-list-model.h"
#include "custcare-customer-private.h"

#define N_CUSTOMERS 1234

typedef struct
{
  char          *dir;
  CustcareStore *store;
  gint64         now;
} Fixture;

static gint64
fixed_clock (gpointer user_data)
{
  return ((Fixture *) user_data)->now;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  GRand *rand = g_rand_new_with_seed (7);

  f->dir = g_dir_make_tmp ("custcare-list-XXXXXX", &error);
  path = g_build_filename (f->dir, "shop.db", NULL);
  f->store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  f->now = 1767225600;
  _custcare_store_set_clock (f->store, fixed_clock, f);

  custcare_store_begin (f->store, &error);
  for (guint i = 0; i < N_CUSTOMERS; i++)
    {
      g_autoptr (CustcareCustomer) c = custcare_customer_new ();
      /* Many equal names, so the keyset has to break ties by id. */
      g_autofree char *family = g_strdup_printf ("Family%02d", g_rand_int_range (rand, 0, 40));
      g_autofree char *phone = g_strdup_printf ("555 %04u", i);

      custcare_customer_set_given_name (c, i % 7 == 0 ? "Émile" : "Anna");
      custcare_customer_set_family_name (c, family);
      custcare_customer_add_phone (c, "", phone);
      custcare_customer_set_archived (c, i % 10 == 9);
      f->now = 1767225600 + g_rand_int_range (rand, 0, 1000);
      _custcare_customer_repo_insert_in_transaction (f->store, c, 0, &error);
      g_assert_no_error (error);
    }
  /* Some contacted (two at the same time), most never. */
  g_assert_cmpint (sqlite3_exec (_custcare_store_get_db (f->store),
                                 "INSERT INTO interactions (customer_id, occurred_at, created_at, updated_at) "
                                 "SELECT id, 1000 + (id % 37), 1, 1 FROM customers WHERE id % 3 = 0",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  custcare_store_commit (f->store, &error);
  g_assert_no_error (error);
  g_rand_free (rand);
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
}

/* The ids of the plain list in the order SQL gives with a plain ORDER BY. */
static GArray *
expected_ids (CustcareStore *store,
              const char    *order)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM customers WHERE archived = 0 ORDER BY %s", order);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_custcare_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  return ids;
}

static gint64
id_at (GListModel *model,
       guint       position)
{
  g_autoptr (CustcareCustomerSummary) row = g_list_model_get_item (model, position);

  g_assert_nonnull (row);
  return custcare_customer_summary_get_id (row);
}

static void
check_order (CustcareCustomerListModel *model,
             GArray                    *want)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, want->len);
  for (guint i = 0; i < want->len; i++)
    g_assert_cmpint (id_at (G_LIST_MODEL (model), i), ==, g_array_index (want, gint64, i));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), want->len));
  g_assert_cmpuint (custcare_customer_list_model_get_n_cached_pages (model), <=, CUSTCARE_CUSTOMER_LIST_MAX_PAGES);
}

/* A new answer comes as "all rows removed" then "these rows added", never both at once: given
 * both, GtkListView pages in every added row looking for the removed ones. */
static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *count)
{
  g_assert_true (removed == 0 || added == 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, added > 0 ? position + added : position);
  (*count)++;
}

static void
test_plain_list_sorts (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (CustcareCustomerListModel) model = custcare_customer_list_model_new (f->store);
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
  g_autoptr (GArray) by_name = expected_ids (f->store, "sort_name, id");
  g_autoptr (GArray) by_created = expected_ids (f->store, "created_at DESC, id DESC");
  g_autoptr (GArray) by_contact = expected_ids (f->store, "last_interaction_at DESC, id DESC");
  guint items_changed = 0;

  g_assert_cmpuint (by_name->len, >, 1000);
  check_order (model, by_name);

  /* A jump into the middle (no neighbour page cached), then backwards and forwards from there. */
  {
    g_autoptr (CustcareCustomerListModel) jumpy = custcare_customer_list_model_new (f->store);
    guint positions[] = { 777, 650, 1100, 5, 778, 899, 900, 1000 };

    for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
      g_assert_cmpint (id_at (G_LIST_MODEL (jumpy), positions[i]), ==, g_array_index (by_name, gint64, positions[i]));
  }

  g_signal_connect (model, "items-changed", G_CALLBACK (count_items_changed), &items_changed);
  query->sort = CUSTCARE_CUSTOMER_SORT_CREATED;
  custcare_customer_list_model_set_query (model, query);
  g_assert_cmpuint (items_changed, ==, 2);
  check_order (model, by_created);

  query->sort = CUSTCARE_CUSTOMER_SORT_LAST_CONTACT;
  custcare_customer_list_model_set_query (model, query);
  check_order (model, by_contact);
  /* Setting the same query again changes nothing. */
  custcare_customer_list_model_set_query (model, query);
  g_assert_cmpuint (items_changed, ==, 4);

  /* Archived customers are their own list. */
  query->archived = CUSTCARE_CUSTOMER_ARCHIVED_ONLY;
  query->sort = CUSTCARE_CUSTOMER_SORT_NAME;
  custcare_customer_list_model_set_query (model, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CUSTOMERS / 10);
  for (guint i = 0; i < N_CUSTOMERS / 10; i++)
    {
      g_autoptr (CustcareCustomerSummary) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_true (custcare_customer_summary_get_archived (row));
    }
}

static void
test_summary_text (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (CustcareCustomerListModel) model = custcare_customer_list_model_new (f->store);
  g_autoptr (CustcareCustomerSummary) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

  g_assert_nonnull (strstr (custcare_customer_summary_get_title (first), "Family00"));
  g_assert_true (g_str_has_prefix (custcare_customer_summary_get_subtitle (first), "555 "));
}

static void
wait_for_search (CustcareCustomerListModel *model)
{
  while (custcare_customer_list_model_get_searching (model))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_search_mode (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (CustcareCustomerListModel) model = custcare_customer_list_model_new (f->store);
  g_autoptr (CustcareCustomerQuery) query = custcare_customer_query_new ();
  guint n;

  /* Several keystrokes in a row: only the last one's answer lands. */
  query->text = g_strdup ("e");
  custcare_customer_list_model_set_query (model, query);
  g_assert_true (custcare_customer_list_model_get_searching (model));
  g_free (query->text);
  query->text = g_strdup ("emi");
  custcare_customer_list_model_set_query (model, query);
  g_free (query->text);
  query->text = g_strdup ("émile family01");
  custcare_customer_list_model_set_query (model, query);
  wait_for_search (model);
  g_assert_null (custcare_customer_list_model_get_error (model));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CustcareCustomerSummary) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_true (g_str_has_prefix (custcare_customer_summary_get_title (row), "Émile Family01"));
      g_assert_false (custcare_customer_summary_get_archived (row));
    }
  g_assert_false (custcare_customer_list_model_get_capped (model));

  /* A phone fragment. */
  g_free (query->text);
  query->text = g_strdup ("555 0042");
  custcare_customer_list_model_set_query (model, query);
  wait_for_search (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* Clearing the text goes back to the plain list at once. */
  g_clear_pointer (&query->text, g_free);
  custcare_customer_list_model_set_query (model, query);
  g_assert_false (custcare_customer_list_model_get_searching (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CUSTOMERS - N_CUSTOMERS / 10);

  /* A search that starts and is replaced by the plain list never lands afterwards. */
  query->text = g_strdup ("anna");
  custcare_customer_list_model_set_query (model, query);
  g_clear_pointer (&query->text, g_free);
  custcare_customer_list_model_set_query (model, query);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (100000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CUSTOMERS - N_CUSTOMERS / 10);

  /* Adding a customer shows after a reload. */
  {
    g_autoptr (CustcareCustomer) c = custcare_customer_new ();

    custcare_customer_set_given_name (c, "Zed");
    custcare_customer_repo_insert (f->store, c, NULL);
    custcare_customer_list_model_reload (model);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CUSTOMERS - N_CUSTOMERS / 10 + 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/customer-list/plain-list-sorts", Fixture, NULL, fixture_setup, test_plain_list_sorts, fixture_teardown);
  g_test_add ("/customer-list/summary-text", Fixture, NULL, fixture_setup, test_summary_text, fixture_teardown);
  g_test_add ("/customer-list/search-mode", Fixture, NULL, fixture_setup, test_search_mode, fixture_teardown);

  return g_test_run ();
}
