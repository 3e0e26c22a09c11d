/* custcare-orders-model.c — orders as a GListModel, one page of rows at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like Manuals' search model, rows are read a page at a time; unlike OFFSET paging, each page
 * continues from the last row read (keyset paging on the list's sort key), so the cost of a page
 * does not grow with how far down the list it is. The model does not count the whole table
 * first: it reports the rows read so far and reads the next page when the view asks for items
 * near the end, so two million orders cost the same as two hundred.
 *
 * Every query below is shaped for one index of the schema (see EXPLAIN QUERY PLAN in
 * tests/core/test-orders.c): orders_by_placed, orders_by_status, orders_by_customer and the
 * partial orders_open_by_due.
 */
#define G_LOG_DOMAIN "custcare-orders"

#include "config.h"

#include "custcare-orders-model.h"
#include "custcare-orders-private.h"

struct _CustcareOrdersModel
{
  GObject              parent_instance;

  CustcareStore       *store;
  CustcareOrdersFilter filter;
  CustcareOrderStatus  status;
  gint64               customer_id;

  GPtrArray           *items;
  gboolean             complete;
  guint                load_more_idle;
  guint                reload_idle;
  gint64               now;
  gint64               week_end;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CustcareOrdersModel, custcare_orders_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

#define SELECT_FROM_INDEXED(index) "SELECT " CUSTCARE_ORDER_COLUMNS " FROM orders o " index " JOIN customers c ON c.id = o.customer_id "
#define SELECT_FROM SELECT_FROM_INDEXED ("")
#define OPEN_PAGE(status) \
  "SELECT * FROM (SELECT id FROM orders INDEXED BY orders_by_status WHERE status = '" status "' " \
  "AND (placed_at, id) < (?2, ?3) ORDER BY placed_at DESC, id DESC LIMIT ?8)"
#define OPEN_BY_DUE "o.due_at IS NOT NULL AND o.status IN ('new', 'confirmed', 'in-progress') "

/* ?2/?3 = the last row's sort key (or the far end on the first page: no OR here, which would
 * keep SQLite from seeking straight to it), ?4 = status, ?5 = customer,
 * ?6 = now, ?7 = end of the week, ?8 = page size. */
const char *
_custcare_orders_model_sql (CustcareOrdersFilter filter,
                            gboolean             by_customer)
{
  /* One customer has tens of orders, a status has up to millions: always start from the
   * customer, and sort their few orders in memory where the index order does not fit. */
  if (by_customer)
    {
      switch (filter)
        {
        case CUSTCARE_ORDERS_FILTER_STATUS:
          return SELECT_FROM_INDEXED ("INDEXED BY orders_by_customer") "WHERE o.customer_id = ?5 AND o.status = ?4 AND (o.placed_at, o.id) < (?2, ?3) "
                             "ORDER BY o.placed_at DESC, o.id DESC LIMIT ?8";
        case CUSTCARE_ORDERS_FILTER_OPEN:
          return SELECT_FROM_INDEXED ("INDEXED BY orders_by_customer") "WHERE o.customer_id = ?5 AND o.status IN ('new', 'confirmed', 'in-progress') "
                             "AND (o.placed_at, o.id) < (?2, ?3) ORDER BY o.placed_at DESC, o.id DESC LIMIT ?8";
        case CUSTCARE_ORDERS_FILTER_OVERDUE:
          return SELECT_FROM_INDEXED ("INDEXED BY orders_by_customer") "WHERE o.customer_id = ?5 AND " OPEN_BY_DUE "AND o.due_at < ?6 "
                             "AND (o.due_at, o.id) > (?2, ?3) ORDER BY o.due_at, o.id LIMIT ?8";
        case CUSTCARE_ORDERS_FILTER_DUE_THIS_WEEK:
          return SELECT_FROM_INDEXED ("INDEXED BY orders_by_customer") "WHERE o.customer_id = ?5 AND " OPEN_BY_DUE "AND o.due_at >= ?6 AND o.due_at < ?7 "
                             "AND (o.due_at, o.id) > (?2, ?3) ORDER BY o.due_at, o.id LIMIT ?8";
        case CUSTCARE_ORDERS_FILTER_ALL:
        default:
          return SELECT_FROM_INDEXED ("INDEXED BY orders_by_customer") "WHERE o.customer_id = ?5 AND (o.placed_at, o.id) < (?2, ?3) "
                             "ORDER BY o.placed_at DESC, o.id DESC LIMIT ?8";
        }
    }

  switch (filter)
    {
    case CUSTCARE_ORDERS_FILTER_STATUS:
      return SELECT_FROM_INDEXED ("INDEXED BY orders_by_status") "WHERE o.status = ?4 AND (o.placed_at, o.id) < (?2, ?3) "
                         "ORDER BY o.placed_at DESC, o.id DESC LIMIT ?8";
    case CUSTCARE_ORDERS_FILTER_OPEN:
      /* Newest first across three statuses: one page from each status's own range of
       * orders_by_status, then the best of those (at most three pages) sorted. An IN () over the
       * index would sort every open order for each page instead. */
      return "SELECT " CUSTCARE_ORDER_COLUMNS " FROM ("
             OPEN_PAGE ("new") " UNION ALL " OPEN_PAGE ("confirmed") " UNION ALL " OPEN_PAGE ("in-progress")
             ") AS k JOIN orders o ON o.id = k.id JOIN customers c ON c.id = o.customer_id "
             "ORDER BY o.placed_at DESC, o.id DESC LIMIT ?8";
    case CUSTCARE_ORDERS_FILTER_OVERDUE:
      return SELECT_FROM_INDEXED ("INDEXED BY orders_open_by_due") "WHERE " OPEN_BY_DUE "AND o.due_at < ?6 "
                         "AND (o.due_at, o.id) > (?2, ?3) ORDER BY o.due_at, o.id LIMIT ?8";
    case CUSTCARE_ORDERS_FILTER_DUE_THIS_WEEK:
      return SELECT_FROM_INDEXED ("INDEXED BY orders_open_by_due") "WHERE " OPEN_BY_DUE "AND o.due_at >= ?6 AND o.due_at < ?7 "
                         "AND (o.due_at, o.id) > (?2, ?3) ORDER BY o.due_at, o.id LIMIT ?8";
    case CUSTCARE_ORDERS_FILTER_ALL:
    default:
      return SELECT_FROM_INDEXED ("INDEXED BY orders_by_placed") "WHERE (o.placed_at, o.id) < (?2, ?3) "
                         "ORDER BY o.placed_at DESC, o.id DESC LIMIT ?8";
    }
}

static gboolean
sorts_by_due (CustcareOrdersFilter filter)
{
  return filter == CUSTCARE_ORDERS_FILTER_OVERDUE || filter == CUSTCARE_ORDERS_FILTER_DUE_THIS_WEEK;
}

/* From the start of today to the end of Sunday, in the user's time zone. */
static void
compute_week (CustcareOrdersModel *self)
{
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) today = NULL;
  g_autoptr (GDateTime) end = NULL;

  self->now = _custcare_store_now (self->store);
  now = g_date_time_new_from_unix_local (self->now);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  end = g_date_time_add_days (today, 8 - g_date_time_get_day_of_week (now));
  self->week_end = g_date_time_to_unix (end);
}

static gboolean
load_page (CustcareOrdersModel  *self,
           GError              **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  const char *sql = _custcare_orders_model_sql (self->filter, self->customer_id > 0);
  guint before = self->items->len;
  guint added;
  int rc;

  if (self->complete)
    return FALSE;

  stmt = _custcare_store_prepare (self->store, sql, error);
  if (stmt == NULL)
    return FALSE;

  if (before > 0)
    {
      CustcareOrder *last = g_ptr_array_index (self->items, before - 1);

      sqlite3_bind_int64 (stmt, 2, sorts_by_due (self->filter) ? custcare_order_get_due_at (last)
                                                               : custcare_order_get_placed_at (last));
      sqlite3_bind_int64 (stmt, 3, custcare_order_get_id (last));
    }
  else
    {
      gint64 far = sorts_by_due (self->filter) ? G_MININT64 : G_MAXINT64;

      sqlite3_bind_int64 (stmt, 2, far);
      sqlite3_bind_int64 (stmt, 3, far);
    }
  if (self->filter == CUSTCARE_ORDERS_FILTER_STATUS)
    sqlite3_bind_text (stmt, 4, custcare_order_status_to_string (self->status), -1, SQLITE_STATIC);
  if (self->customer_id > 0)
    sqlite3_bind_int64 (stmt, 5, self->customer_id);
  if (sorts_by_due (self->filter))
    {
      g_autoptr (GDateTime) now = g_date_time_new_from_unix_local (self->now);
      g_autoptr (GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                           g_date_time_get_day_of_month (now), 0, 0, 0);

      /* "Due this week" starts this morning: something due at 9:00 is still due today at 15:00. */
      sqlite3_bind_int64 (stmt, 6, self->filter == CUSTCARE_ORDERS_FILTER_OVERDUE ? self->now : g_date_time_to_unix (today));
      sqlite3_bind_int64 (stmt, 7, self->week_end);
    }
  sqlite3_bind_int (stmt, 8, CUSTCARE_ORDERS_MODEL_PAGE_SIZE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (self->items, _custcare_order_from_row (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      self->complete = TRUE;
      return _custcare_store_set_error (self->store, rc, error);
    }

  added = self->items->len - before;
  if (added < CUSTCARE_ORDERS_MODEL_PAGE_SIZE)
    self->complete = TRUE;
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), before, 0, added);
  return added > 0;
}

gboolean
custcare_orders_model_load_more (CustcareOrdersModel  *self,
                                 GError              **error)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDERS_MODEL (self), FALSE);

  return load_page (self, error);
}

gboolean
custcare_orders_model_is_complete (CustcareOrdersModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDERS_MODEL (self), TRUE);
  return self->complete;
}

gint64
custcare_orders_model_get_now (CustcareOrdersModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDERS_MODEL (self), 0);
  return self->now;
}

gboolean
custcare_orders_model_reload (CustcareOrdersModel  *self,
                              GError              **error)
{
  guint removed;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (CUSTCARE_IS_ORDERS_MODEL (self), FALSE);

  g_clear_handle_id (&self->load_more_idle, g_source_remove);
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  removed = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  self->complete = FALSE;
  compute_week (self);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  load_page (self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_more_idle_cb (gpointer user_data)
{
  CustcareOrdersModel *self = user_data;
  g_autoptr (GError) error = NULL;

  self->load_more_idle = 0;
  load_page (self, &error);
  if (error != NULL)
    g_warning ("Could not read more orders: %s", error->message);
  return G_SOURCE_REMOVE;
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  CustcareOrdersModel *self = user_data;
  g_autoptr (GError) error = NULL;

  self->reload_idle = 0;
  if (!custcare_orders_model_reload (self, &error))
    g_warning ("Could not read the orders again: %s", error->message);
  return G_SOURCE_REMOVE;
}

static GPtrArray *
get_models (CustcareStore *store)
{
  GPtrArray *models = g_object_get_data (G_OBJECT (store), "custcare-orders-models");

  if (models == NULL)
    {
      models = g_ptr_array_new ();
      g_object_set_data_full (G_OBJECT (store), "custcare-orders-models", models, (GDestroyNotify) g_ptr_array_unref);
    }
  return models;
}

/* Called by the repository after an order was written and committed: every list of orders on
 * this store reads its rows again, once, when the main loop is next idle, so lists show the
 * change without each window having to know who else shows orders. */
void
_custcare_orders_model_store_changed (CustcareStore *store)
{
  GPtrArray *models = g_object_get_data (G_OBJECT (store), "custcare-orders-models");

  for (guint i = 0; models != NULL && i < models->len; i++)
    {
      CustcareOrdersModel *self = g_ptr_array_index (models, i);

      if (self->reload_idle == 0)
        self->reload_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
    }
}

static GType
custcare_orders_model_get_item_type (GListModel *model)
{
  return CUSTCARE_TYPE_ORDER;
}

static guint
custcare_orders_model_get_n_items (GListModel *model)
{
  return CUSTCARE_ORDERS_MODEL (model)->items->len;
}

static gpointer
custcare_orders_model_get_item (GListModel *model,
                                guint       position)
{
  CustcareOrdersModel *self = CUSTCARE_ORDERS_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  /* The view is nearing the end of what was read: read on, but not from inside this call,
   * since a list model must not change while it is being asked for an item. */
  if (!self->complete && self->load_more_idle == 0 && position + CUSTCARE_ORDERS_MODEL_PAGE_SIZE / 2 >= self->items->len)
    self->load_more_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, load_more_idle_cb, self, NULL);

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = custcare_orders_model_get_item_type;
  iface->get_n_items = custcare_orders_model_get_n_items;
  iface->get_item = custcare_orders_model_get_item;
}

CustcareOrdersModel *
custcare_orders_model_new (CustcareStore *store)
{
  CustcareOrdersModel *self;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  self = g_object_new (CUSTCARE_TYPE_ORDERS_MODEL, NULL);
  self->store = g_object_ref (store);
  g_ptr_array_add (get_models (store), self);
  compute_week (self);
  return self;
}

CustcareStore *
custcare_orders_model_get_store (CustcareOrdersModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDERS_MODEL (self), NULL);
  return self->store;
}

/* Takes effect at the next custcare_orders_model_reload(). */
void
custcare_orders_model_set_filter (CustcareOrdersModel  *self,
                                  CustcareOrdersFilter  filter,
                                  CustcareOrderStatus   status)
{
  g_return_if_fail (CUSTCARE_IS_ORDERS_MODEL (self));

  self->filter = filter;
  self->status = status;
}

CustcareOrdersFilter
custcare_orders_model_get_filter (CustcareOrdersModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDERS_MODEL (self), CUSTCARE_ORDERS_FILTER_ALL);
  return self->filter;
}

void
custcare_orders_model_set_customer_id (CustcareOrdersModel *self,
                                       gint64               customer_id)
{
  g_return_if_fail (CUSTCARE_IS_ORDERS_MODEL (self));
  self->customer_id = customer_id;
}

gint64
custcare_orders_model_get_customer_id (CustcareOrdersModel *self)
{
  g_return_val_if_fail (CUSTCARE_IS_ORDERS_MODEL (self), 0);
  return self->customer_id;
}

static void
custcare_orders_model_dispose (GObject *object)
{
  CustcareOrdersModel *self = CUSTCARE_ORDERS_MODEL (object);

  g_clear_handle_id (&self->load_more_idle, g_source_remove);
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  if (self->store != NULL)
    g_ptr_array_remove (get_models (self->store), self);

  G_OBJECT_CLASS (custcare_orders_model_parent_class)->dispose (object);
}

static void
custcare_orders_model_finalize (GObject *object)
{
  CustcareOrdersModel *self = CUSTCARE_ORDERS_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (custcare_orders_model_parent_class)->finalize (object);
}

static void
custcare_orders_model_class_init (CustcareOrdersModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = custcare_orders_model_dispose;
  object_class->finalize = custcare_orders_model_finalize;
}

static void
custcare_orders_model_init (CustcareOrdersModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}
