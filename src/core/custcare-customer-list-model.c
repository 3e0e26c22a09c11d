/* custcare-customer-list-model.c — the customer list, paged from the database on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of CustcareCustomerSummary that never holds the whole shop: rows are read in
 * pages of CUSTCARE_CUSTOMER_LIST_PAGE_SIZE when the list view asks for them, and only the last
 * CUSTCARE_CUSTOMER_LIST_MAX_PAGES pages used stay in memory, so a million customers cost what
 * is on screen (Manuals' search model works the same way).
 *
 * Two modes:
 *  - the plain list (no text, no filter but archived): the count comes from the index, and pages
 *    are read by keyset from the neighbouring cached page — 0.1 ms at any depth, where OFFSET
 *    grows to ~40 ms at row 900,000 (PERF-NOTES.md). A jump (scrollbar drag) to a page with no
 *    cached neighbour falls back to OFFSET once, and scrolling on from there is keyset again;
 *  - a search or filter: custcare_customer_search() runs on a worker connection in a thread,
 *    the previous search is cancelled at once (stale keystrokes stop mid-statement), and the
 *    capped list of ids it returns is paged by id.
 */
#define G_LOG_DOMAIN "custcare-customer-list"

#include "config.h"

#include "custcare-customer-list-model.h"
#include "custcare-customer-private.h"

typedef struct
{
  guint      index;
  GPtrArray *rows;       /* CustcareCustomerSummary */
  guint64    last_used;
} Page;

struct _CustcareCustomerListModel
{
  GObject                parent_instance;

  CustcareStore         *store;
  CustcareCustomerQuery *query;
  guint                  n_items;

  /* Search mode: the matching ids in order, or NULL in plain list mode. */
  GArray                *ids;
  gboolean               capped;
  gboolean               searching;
  GError                *error;

  GHashTable            *pages;       /* page index → Page */
  guint64                use_counter;

  /* Searches run on their own connection, one at a time. */
  CustcareStore         *worker;
  GMutex                 worker_lock;
  GCancellable          *search_cancellable;
  guint                  generation;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_N_ITEMS,
  PROP_CAPPED,
  PROP_SEARCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CustcareCustomerListModel, custcare_customer_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

#define SUMMARY_COLUMNS                                                                             \
  "c.id, c.given_name, c.family_name, c.display_name, c.company, c.archived, "                      \
  "c.last_interaction_at, c.created_at, c.sort_name, "                                            \
  "(SELECT number FROM customer_phones WHERE customer_id = c.id ORDER BY position LIMIT 1), "      \
  "(SELECT address FROM customer_emails WHERE customer_id = c.id ORDER BY position LIMIT 1) "

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->rows);
  g_free (page);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static CustcareCustomerSummary *
summary_from_row (sqlite3_stmt *stmt)
{
  const char *given = column_text (stmt, 1);
  const char *family = column_text (stmt, 2);
  const char *display = column_text (stmt, 3);
  const char *company = column_text (stmt, 4);
  const char *phone = column_text (stmt, 9);
  const char *email = column_text (stmt, 10);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (*display)
    title = g_strdup (display);
  else if (*given && *family)
    title = g_strdup_printf ("%s %s", given, family);
  else if (*given || *family)
    title = g_strdup (*given ? given : family);
  else if (*company)
    title = g_strdup (company);
  else
    title = g_strdup (email);

  /* What tells two John Smiths apart at a glance: their number, else email, else company. */
  if (*phone && *company && g_strcmp0 (title, company) != 0)
    subtitle = g_strdup_printf ("%s · %s", phone, company);
  else if (*phone)
    subtitle = g_strdup (phone);
  else if (*email && g_strcmp0 (title, email) != 0)
    subtitle = g_strdup (email);
  else if (g_strcmp0 (title, company) != 0)
    subtitle = g_strdup (company);

  return _custcare_customer_summary_new (sqlite3_column_int64 (stmt, 0), title, subtitle ? subtitle : "",
                                         column_text (stmt, 8), sqlite3_column_int (stmt, 5),
                                         sqlite3_column_int64 (stmt, 6), sqlite3_column_int64 (stmt, 7));
}

static int
archived_value (CustcareCustomerListModel *self)
{
  return self->query->archived == CUSTCARE_CUSTOMER_ARCHIVED_ONLY ? 1 : 0;
}

/* Reads up to @limit rows of the plain list starting at @offset with OFFSET; used only when no
 * neighbouring page gives a keyset. */
static gboolean
read_by_offset (CustcareCustomerListModel  *self,
                guint                       offset,
                guint                       limit,
                GPtrArray                  *rows,
                GError                    **error)
{
  static const char *sql[] = {
    [CUSTCARE_CUSTOMER_SORT_NAME] =
      "SELECT " SUMMARY_COLUMNS "FROM customers c WHERE c.archived = ?1 "
      "ORDER BY c.sort_name, c.id LIMIT ?2 OFFSET ?3",
    [CUSTCARE_CUSTOMER_SORT_LAST_CONTACT] =
      "SELECT " SUMMARY_COLUMNS "FROM customers c WHERE c.archived = ?1 "
      "ORDER BY c.last_interaction_at DESC, c.id DESC LIMIT ?2 OFFSET ?3",
    [CUSTCARE_CUSTOMER_SORT_CREATED] =
      "SELECT " SUMMARY_COLUMNS "FROM customers c WHERE c.archived = ?1 "
      "ORDER BY c.created_at DESC, c.id DESC LIMIT ?2 OFFSET ?3",
  };
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (self->store, sql[self->query->sort], error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, archived_value (self));
  sqlite3_bind_int (stmt, 2, limit);
  sqlite3_bind_int (stmt, 3, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, summary_from_row (stmt));
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (self->store, rc, error);
  return TRUE;
}

/* Reads up to @limit rows that follow @after in the list's order. */
static gboolean
read_after (CustcareCustomerListModel  *self,
            CustcareCustomerSummary    *after,
            guint                       limit,
            GPtrArray                  *rows,
            GError                    **error)
{
  gint64 id = custcare_customer_summary_get_id (after);
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  switch (self->query->sort)
    {
    case CUSTCARE_CUSTOMER_SORT_NAME:
      stmt = _custcare_store_prepare (self->store,
                                      "SELECT " SUMMARY_COLUMNS "FROM customers c WHERE c.archived = ?1 "
                                      "AND (c.sort_name, c.id) > (?2, ?3) ORDER BY c.sort_name, c.id LIMIT ?4",
                                      error);
      if (stmt != NULL)
        sqlite3_bind_text (stmt, 2, custcare_customer_summary_get_sort_name (after), -1, SQLITE_TRANSIENT);
      break;

    case CUSTCARE_CUSTOMER_SORT_CREATED:
      stmt = _custcare_store_prepare (self->store,
                                      "SELECT " SUMMARY_COLUMNS "FROM customers c WHERE c.archived = ?1 "
                                      "AND (c.created_at, c.id) < (?2, ?3) ORDER BY c.created_at DESC, c.id DESC "
                                      "LIMIT ?4",
                                      error);
      if (stmt != NULL)
        sqlite3_bind_int64 (stmt, 2, custcare_customer_summary_get_created_at (after));
      break;

    case CUSTCARE_CUSTOMER_SORT_LAST_CONTACT:
    default:
      /* Most recent first, then the never-contacted (NULL) by id: two index ranges in turn. */
      if (custcare_customer_summary_get_last_interaction_at (after) != 0)
        {
          stmt = _custcare_store_prepare (self->store,
                                          "SELECT " SUMMARY_COLUMNS "FROM customers c WHERE c.archived = ?1 "
                                          "AND (c.last_interaction_at, c.id) < (?2, ?3) "
                                          "ORDER BY c.last_interaction_at DESC, c.id DESC LIMIT ?4",
                                          error);
          if (stmt != NULL)
            sqlite3_bind_int64 (stmt, 2, custcare_customer_summary_get_last_interaction_at (after));
        }
      else
        stmt = _custcare_store_prepare (self->store,
                                        "SELECT " SUMMARY_COLUMNS "FROM customers c WHERE c.archived = ?1 "
                                        "AND c.last_interaction_at IS NULL AND c.id < ?3 AND ?2 IS NULL "
                                        "ORDER BY c.last_interaction_at DESC, c.id DESC LIMIT ?4",
                                        error);
      break;
    }
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, archived_value (self));
  sqlite3_bind_int64 (stmt, 3, id);
  sqlite3_bind_int (stmt, 4, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, summary_from_row (stmt));
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (self->store, rc, error);

  if (self->query->sort == CUSTCARE_CUSTOMER_SORT_LAST_CONTACT &&
      custcare_customer_summary_get_last_interaction_at (after) != 0 && rows->len < limit)
    {
      g_autoptr (CustcareStmt) rest =
        _custcare_store_prepare (self->store,
                                 "SELECT " SUMMARY_COLUMNS "FROM customers c WHERE c.archived = ?1 "
                                 "AND c.last_interaction_at IS NULL ORDER BY c.id DESC LIMIT ?2",
                                 error);
      if (rest == NULL)
        return FALSE;
      sqlite3_bind_int (rest, 1, archived_value (self));
      sqlite3_bind_int (rest, 2, limit - rows->len);
      while ((rc = sqlite3_step (rest)) == SQLITE_ROW)
        g_ptr_array_add (rows, summary_from_row (rest));
      if (rc != SQLITE_DONE)
        return _custcare_store_set_error (self->store, rc, error);
    }
  return TRUE;
}

static gboolean
read_ids (CustcareCustomerListModel  *self,
          guint                       start,
          guint                       limit,
          GPtrArray                  *rows,
          GError                    **error)
{
  for (guint i = start; i < start + limit && i < self->ids->len; i++)
    {
      g_autoptr (CustcareStmt) stmt =
        _custcare_store_prepare (self->store, "SELECT " SUMMARY_COLUMNS "FROM customers c WHERE c.id = ?1", error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (self->ids, gint64, i));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        g_ptr_array_add (rows, summary_from_row (stmt));
      else if (rc == SQLITE_DONE)
        /* Deleted since the search ran: keep the position so the list does not shift. */
        g_ptr_array_add (rows, _custcare_customer_summary_new (g_array_index (self->ids, gint64, i), "", "", "",
                                                               TRUE, 0, 0));
      else
        return _custcare_store_set_error (self->store, rc, error);
    }
  return TRUE;
}

static void
evict_pages (CustcareCustomerListModel *self)
{
  while (g_hash_table_size (self->pages) > CUSTCARE_CUSTOMER_LIST_MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value;
      gpointer oldest_key = NULL;
      guint64 oldest = G_MAXUINT64;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *page = value;

          if (page->last_used < oldest)
            {
              oldest = page->last_used;
              oldest_key = key;
            }
        }
      g_hash_table_remove (self->pages, oldest_key);
    }
}

static Page *
get_page (CustcareCustomerListModel *self,
          guint                      index)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint start = index * CUSTCARE_CUSTOMER_LIST_PAGE_SIZE;
  Page *page;
  Page *previous;
  gboolean ok;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page != NULL)
    {
      page->last_used = ++self->use_counter;
      return page;
    }

  if (self->ids != NULL)
    ok = read_ids (self, start, CUSTCARE_CUSTOMER_LIST_PAGE_SIZE, rows, &error);
  else if (index > 0 &&
           (previous = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index - 1))) != NULL &&
           previous->rows->len == CUSTCARE_CUSTOMER_LIST_PAGE_SIZE)
    ok = read_after (self, g_ptr_array_index (previous->rows, previous->rows->len - 1),
                     CUSTCARE_CUSTOMER_LIST_PAGE_SIZE, rows, &error);
  else
    ok = read_by_offset (self, start, CUSTCARE_CUSTOMER_LIST_PAGE_SIZE, rows, &error);

  if (!ok)
    {
      /* A read failing under the list view (a busy or vanished file) must not crash it: the
       * rows show empty and the error is kept for the UI. */
      g_warning ("Could not read customers %u–%u: %s", start, start + CUSTCARE_CUSTOMER_LIST_PAGE_SIZE,
                 error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
    }

  page = g_new0 (Page, 1);
  page->index = index;
  page->rows = g_steal_pointer (&rows);
  page->last_used = ++self->use_counter;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  evict_pages (self);
  return page;
}

static GType
custcare_customer_list_model_get_item_type (GListModel *model)
{
  return CUSTCARE_TYPE_CUSTOMER_SUMMARY;
}

static guint
custcare_customer_list_model_get_n_items (GListModel *model)
{
  return CUSTCARE_CUSTOMER_LIST_MODEL (model)->n_items;
}

static gpointer
custcare_customer_list_model_get_item (GListModel *model,
                                       guint       position)
{
  CustcareCustomerListModel *self = CUSTCARE_CUSTOMER_LIST_MODEL (model);
  Page *page;
  guint offset = position % CUSTCARE_CUSTOMER_LIST_PAGE_SIZE;

  if (position >= self->n_items)
    return NULL;
  page = get_page (self, position / CUSTCARE_CUSTOMER_LIST_PAGE_SIZE);
  if (offset < page->rows->len)
    return g_object_ref (g_ptr_array_index (page->rows, offset));
  /* The database shrank since the count (another window deleted someone): an empty row. */
  return _custcare_customer_summary_new (0, "", "", "", FALSE, 0, 0);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = custcare_customer_list_model_get_item_type;
  iface->get_n_items = custcare_customer_list_model_get_n_items;
  iface->get_item = custcare_customer_list_model_get_item;
}

static void
replace_contents (CustcareCustomerListModel *self,
                  GArray                    *ids,
                  guint                      n_items,
                  gboolean                   capped)
{
  guint old_n = self->n_items;
  gboolean was_capped = self->capped;

  /* Two signals, not one "replace everything": given both removed and added rows, GtkListView
   * looks for the widgets of the removed rows among all the added ones, which pages in the whole
   * list (half a minute of frozen window at a million customers). Between them the model is
   * empty, as the first signal says. */
  g_hash_table_remove_all (self->pages);
  g_clear_pointer (&self->ids, g_array_unref);
  self->n_items = 0;
  if (old_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
  g_hash_table_remove_all (self->pages);
  self->ids = ids;
  self->n_items = n_items;
  self->capped = capped;
  if (n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n_items);
  if (old_n != n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  if (was_capped != capped)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAPPED]);
}

static void
set_searching (CustcareCustomerListModel *self,
               gboolean                   searching)
{
  if (self->searching == searching)
    return;
  self->searching = searching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

typedef struct
{
  CustcareCustomerQuery *query;
  guint                  generation;
  gboolean               capped;
} SearchData;

static void
search_data_free (SearchData *data)
{
  custcare_customer_query_free (data->query);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CustcareCustomerListModel *self = source_object;
  SearchData *data = task_data;
  g_autoptr (GError) error = NULL;
  GArray *ids = NULL;

  g_mutex_lock (&self->worker_lock);
  if (!g_cancellable_is_cancelled (cancellable))
    ids = custcare_customer_search (self->worker, data->query, &data->capped, cancellable, &error);
  g_mutex_unlock (&self->worker_lock);

  if (ids == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CustcareCustomerListModel *self = CUSTCARE_CUSTOMER_LIST_MODEL (source);
  SearchData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  GArray *ids;

  ids = g_task_propagate_pointer (G_TASK (result), &error);
  /* Only the newest search may change the list; older ones were cancelled or overtaken. */
  if (data->generation != self->generation)
    {
      g_clear_pointer (&ids, g_array_unref);
      return;
    }
  set_searching (self, FALSE);
  if (ids == NULL)
    {
      if (!g_error_matches (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_CANCELLED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Search failed: %s", error->message);
          g_clear_error (&self->error);
          self->error = g_steal_pointer (&error);
          replace_contents (self, g_array_new (FALSE, FALSE, sizeof (gint64)), 0, FALSE);
        }
      return;
    }
  replace_contents (self, ids, ids->len, data->capped);
}

static void
start_search (CustcareCustomerListModel *self)
{
  g_autoptr (GTask) task = NULL;
  SearchData *data;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->generation++;

  if (self->worker == NULL)
    {
      g_autoptr (GError) error = NULL;

      self->worker = custcare_store_open_worker (self->store, &error);
      if (self->worker == NULL)
        {
          g_warning ("Could not open a search connection: %s", error->message);
          g_clear_error (&self->error);
          self->error = g_steal_pointer (&error);
          replace_contents (self, g_array_new (FALSE, FALSE, sizeof (gint64)), 0, FALSE);
          return;
        }
    }

  self->search_cancellable = g_cancellable_new ();
  data = g_new0 (SearchData, 1);
  data->query = custcare_customer_query_copy (self->query);
  data->generation = self->generation;

  set_searching (self, TRUE);
  task = g_task_new (self, self->search_cancellable, search_done, NULL);
  g_task_set_source_tag (task, start_search);
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  g_task_run_in_thread (task, search_thread);
}

static guint
count_plain_list (CustcareCustomerListModel *self)
{
  g_autoptr (GError) error = NULL;
  gint64 n = custcare_customer_repo_count (self->store, archived_value (self), &error);

  if (n < 0)
    {
      g_warning ("Could not count customers: %s", error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      return 0;
    }
  return (guint) n;
}

static void
refresh (CustcareCustomerListModel *self)
{
  g_clear_error (&self->error);

  /* "All customers, archived or not" has no single index order; it goes the search way. */
  if (custcare_customer_query_is_browse (self->query) && self->query->archived != CUSTCARE_CUSTOMER_ARCHIVED_ANY)
    {
      g_cancellable_cancel (self->search_cancellable);
      self->generation++;
      set_searching (self, FALSE);
      replace_contents (self, NULL, count_plain_list (self), FALSE);
      return;
    }
  start_search (self);
}

static void
custcare_customer_list_model_dispose (GObject *object)
{
  CustcareCustomerListModel *self = CUSTCARE_CUSTOMER_LIST_MODEL (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  G_OBJECT_CLASS (custcare_customer_list_model_parent_class)->dispose (object);
}

static void
custcare_customer_list_model_finalize (GObject *object)
{
  CustcareCustomerListModel *self = CUSTCARE_CUSTOMER_LIST_MODEL (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->query, custcare_customer_query_free);
  g_clear_error (&self->error);
  /* A search thread holds a reference to the model, so none runs by now. */
  g_clear_object (&self->worker);
  g_clear_object (&self->store);
  g_mutex_clear (&self->worker_lock);

  G_OBJECT_CLASS (custcare_customer_list_model_parent_class)->finalize (object);
}

static void
custcare_customer_list_model_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  CustcareCustomerListModel *self = CUSTCARE_CUSTOMER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE: g_value_set_object (value, self->store); break;
    case PROP_N_ITEMS: g_value_set_uint (value, self->n_items); break;
    case PROP_CAPPED: g_value_set_boolean (value, self->capped); break;
    case PROP_SEARCHING: g_value_set_boolean (value, self->searching); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_customer_list_model_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  CustcareCustomerListModel *self = CUSTCARE_CUSTOMER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE: self->store = g_value_dup_object (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
custcare_customer_list_model_constructed (GObject *object)
{
  CustcareCustomerListModel *self = CUSTCARE_CUSTOMER_LIST_MODEL (object);

  G_OBJECT_CLASS (custcare_customer_list_model_parent_class)->constructed (object);

  g_assert (CUSTCARE_IS_STORE (self->store));
  self->n_items = count_plain_list (self);
}

static void
custcare_customer_list_model_class_init (CustcareCustomerListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = custcare_customer_list_model_constructed;
  object_class->dispose = custcare_customer_list_model_dispose;
  object_class->finalize = custcare_customer_list_model_finalize;
  object_class->get_property = custcare_customer_list_model_get_property;
  object_class->set_property = custcare_customer_list_model_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, CUSTCARE_TYPE_STORE,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPPED] = g_param_spec_boolean ("capped", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCHING] = g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                       G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
custcare_customer_list_model_init (CustcareCustomerListModel *self)
{
  self->query = custcare_customer_query_new ();
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  g_mutex_init (&self->worker_lock);
}

/**
 * custcare_customer_list_model_new:
 *
 * Returns: (transfer full): the plain list of customers (not archived, by name); counting them is
 *   the only work done now
 */
CustcareCustomerListModel *
custcare_customer_list_model_new (CustcareStore *store)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  return g_object_new (CUSTCARE_TYPE_CUSTOMER_LIST_MODEL, "store", store, NULL);
}

CustcareStore *
custcare_customer_list_model_get_store (CustcareCustomerListModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_LIST_MODEL (self), NULL);

  return self->store;
}

const CustcareCustomerQuery *
custcare_customer_list_model_get_query (CustcareCustomerListModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_LIST_MODEL (self), NULL);

  return self->query;
}

/**
 * custcare_customer_list_model_set_query:
 *
 * Shows what @query asks for. The plain list updates at once; a search updates when it finishes
 * (the model's "searching" property is %TRUE meanwhile) and cancels any search still running.
 */
void
custcare_customer_list_model_set_query (CustcareCustomerListModel   *self,
                                        const CustcareCustomerQuery *query)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER_LIST_MODEL (self));
  g_return_if_fail (query != NULL);

  if (custcare_customer_query_equal (self->query, query))
    return;
  custcare_customer_query_free (self->query);
  self->query = custcare_customer_query_copy (query);
  refresh (self);
}

/* Reads everything again, after customers were added, changed or removed. */
void
custcare_customer_list_model_reload (CustcareCustomerListModel *self)
{
  g_return_if_fail (CUSTCARE_IS_CUSTOMER_LIST_MODEL (self));

  refresh (self);
}

gboolean
custcare_customer_list_model_get_capped (CustcareCustomerListModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_LIST_MODEL (self), FALSE);

  return self->capped;
}

gboolean
custcare_customer_list_model_get_searching (CustcareCustomerListModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_LIST_MODEL (self), FALSE);

  return self->searching;
}

/**
 * custcare_customer_list_model_get_error:
 *
 * Returns: (nullable): why the last read or search failed, if it did
 */
const GError *
custcare_customer_list_model_get_error (CustcareCustomerListModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_LIST_MODEL (self), NULL);

  return self->error;
}

guint
custcare_customer_list_model_get_n_cached_pages (CustcareCustomerListModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER_LIST_MODEL (self), 0);

  return g_hash_table_size (self->pages);
}
