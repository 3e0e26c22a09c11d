/* custcare-customer-repo.c — reading and writing customers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every public write is one transaction that also keeps `sort_name` and the customer's search
 * index rows in step, so the list and search never disagree with the record. The
 * *_in_transaction variants let importers put a whole file into one transaction.
 */
#define G_LOG_DOMAIN "custcare-customer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-customer-private.h"

#define CUSTOMER_COLUMNS                                                                    \
  "id, given_name, family_name, display_name, company, address_street, address_locality, " \
  "address_region, address_postal_code, address_country, notes, preferences, birthday_year, " \
  "birthday_month, birthday_day, marketing_consent, marketing_consent_at, do_not_contact, "  \
  "archived, created_at, updated_at, last_interaction_at, last_order_at, merged_into_id, "   \
  "import_batch_id"

static void
bind_nullable_int (CustcareStmt *stmt,
                   int           index,
                   gint64        value)
{
  if (value == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

/* Binds ?1..?20 in the order of the INSERT and UPDATE statements below. */
static void
bind_record (CustcareStmt     *stmt,
             CustcareCustomer *customer,
             const char       *sort_name)
{
  int year, month, day;

  custcare_customer_get_birthday (customer, &year, &month, &day);
  sqlite3_bind_text (stmt, 1, custcare_customer_get_given_name (customer), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, custcare_customer_get_family_name (customer), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, custcare_customer_get_display_name (customer), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, sort_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, custcare_customer_get_company (customer), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, custcare_customer_get_address_street (customer), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, custcare_customer_get_address_locality (customer), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, custcare_customer_get_address_region (customer), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, custcare_customer_get_address_postal_code (customer), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, custcare_customer_get_address_country (customer), -1, SQLITE_STATIC);
  bind_nullable_int (stmt, 11, year);
  bind_nullable_int (stmt, 12, month);
  bind_nullable_int (stmt, 13, day);
  sqlite3_bind_text (stmt, 14, custcare_customer_get_notes (customer), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, custcare_customer_get_preferences (customer), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 16, custcare_customer_get_marketing_consent (customer));
  bind_nullable_int (stmt, 17, custcare_customer_get_marketing_consent_at (customer));
  sqlite3_bind_int (stmt, 18, custcare_customer_get_do_not_contact (customer));
  sqlite3_bind_int (stmt, 19, custcare_customer_get_archived (customer));
  bind_nullable_int (stmt, 20, custcare_customer_get_import_batch_id (customer));
}

static gboolean
write_children (CustcareStore     *store,
                CustcareCustomer  *customer,
                gint64             id,
                gboolean           replace,
                GError           **error)
{
  GPtrArray *phones = custcare_customer_get_phones (customer);
  GPtrArray *emails = custcare_customer_get_emails (customer);
  const char * const *tags = custcare_customer_get_tags (customer);

  if (replace)
    {
      static const char *clear[] = {
        "DELETE FROM customer_phones WHERE customer_id = ?",
        "DELETE FROM customer_emails WHERE customer_id = ?",
        "DELETE FROM customer_tags WHERE customer_id = ?",
      };

      for (guint i = 0; i < G_N_ELEMENTS (clear); i++)
        {
          g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, clear[i], error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, id);
          if (!_custcare_store_step_done (store, stmt, error))
            return FALSE;
        }
    }

  for (guint i = 0; i < phones->len; i++)
    {
      CustcareContact *phone = g_ptr_array_index (phones, i);
      g_autofree char *digits = custcare_phone_digits (phone->value);
      g_autoptr (CustcareStmt) stmt =
        _custcare_store_prepare (store,
                                 "INSERT INTO customer_phones (customer_id, position, label, number, digits) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)",
                                 error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, phone->label, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, phone->value, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, digits, -1, SQLITE_STATIC);
      if (!_custcare_store_step_done (store, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < emails->len; i++)
    {
      CustcareContact *email = g_ptr_array_index (emails, i);
      g_autoptr (CustcareStmt) stmt =
        _custcare_store_prepare (store,
                                 "INSERT INTO customer_emails (customer_id, position, label, address) "
                                 "VALUES (?1, ?2, ?3, ?4)",
                                 error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, email->label, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, email->value, -1, SQLITE_STATIC);
      if (!_custcare_store_step_done (store, stmt, error))
        return FALSE;
    }

  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autoptr (CustcareStmt) add_tag =
        _custcare_store_prepare (store, "INSERT INTO tags (name) VALUES (?1) ON CONFLICT (name) DO NOTHING", error);
      g_autoptr (CustcareStmt) link = NULL;

      if (add_tag == NULL)
        return FALSE;
      sqlite3_bind_text (add_tag, 1, tags[i], -1, SQLITE_STATIC);
      if (!_custcare_store_step_done (store, add_tag, error))
        return FALSE;

      link = _custcare_store_prepare (store,
                                      "INSERT OR IGNORE INTO customer_tags (customer_id, tag_id) "
                                      "SELECT ?1, id FROM tags WHERE name = ?2",
                                      error);
      if (link == NULL)
        return FALSE;
      sqlite3_bind_int64 (link, 1, id);
      sqlite3_bind_text (link, 2, tags[i], -1, SQLITE_STATIC);
      if (!_custcare_store_step_done (store, link, error))
        return FALSE;
    }

  return TRUE;
}

gint64
_custcare_customer_repo_insert_in_transaction (CustcareStore               *store,
                                               CustcareCustomer            *customer,
                                               CustcareCustomerWriteFlags   flags,
                                               GError                     **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autofree char *sort_name = NULL;
  gint64 now = _custcare_store_now (store);
  gint64 created_at = now, updated_at = now;
  gint64 id;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (customer), 0);
  g_return_val_if_fail (_custcare_store_in_transaction (store), 0);

  if (!(flags & CUSTCARE_CUSTOMER_WRITE_VALIDATED) && !custcare_customer_validate (customer, error))
    return 0;

  if (flags & CUSTCARE_CUSTOMER_WRITE_KEEP_TIMES)
    {
      if (custcare_customer_get_created_at (customer) > 0)
        created_at = custcare_customer_get_created_at (customer);
      updated_at = MAX (created_at, custcare_customer_get_updated_at (customer));
    }
  if (custcare_customer_get_marketing_consent (customer) && custcare_customer_get_marketing_consent_at (customer) == 0)
    custcare_customer_set_marketing_consent (customer, TRUE, now);

  sort_name = custcare_customer_dup_sort_name (customer);
  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO customers (given_name, family_name, display_name, sort_name, "
                                  "company, address_street, address_locality, address_region, "
                                  "address_postal_code, address_country, birthday_year, birthday_month, "
                                  "birthday_day, notes, preferences, marketing_consent, marketing_consent_at, "
                                  "do_not_contact, archived, import_batch_id, created_at, updated_at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                                  "?16, ?17, ?18, ?19, ?20, ?21, ?22)",
                                  error);
  if (stmt == NULL)
    return 0;
  bind_record (stmt, customer, sort_name);
  sqlite3_bind_int64 (stmt, 21, created_at);
  sqlite3_bind_int64 (stmt, 22, updated_at);
  if (!_custcare_store_step_done (store, stmt, error))
    return 0;
  id = sqlite3_last_insert_rowid (_custcare_store_get_db (store));

  if (!write_children (store, customer, id, FALSE, error))
    return 0;
  if (!(flags & CUSTCARE_CUSTOMER_WRITE_SKIP_INDEX) && !_custcare_customer_reindex (store, id, error))
    return 0;

  _custcare_customer_set_stored (customer, id, created_at, updated_at, 0, 0, 0);
  return id;
}

/**
 * custcare_customer_repo_insert:
 * @customer: a new customer; on success its id and times are set
 *
 * Validates and saves a new customer with its phones, emails and tags in one transaction.
 *
 * Returns: the new id, or 0 with @error set (nothing was written)
 */
gint64
custcare_customer_repo_insert (CustcareStore     *store,
                               CustcareCustomer  *customer,
                               GError           **error)
{
  gint64 id;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), 0);
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (customer), 0);

  if (!custcare_customer_validate (customer, error) || !custcare_store_begin (store, error))
    return 0;
  if ((id = _custcare_customer_repo_insert_in_transaction (store, customer, 0, error)) == 0 ||
      !custcare_store_commit (store, error))
    {
      custcare_store_rollback (store);
      _custcare_customer_set_stored (customer, 0, 0, 0, 0, 0, 0);
      return 0;
    }
  return id;
}

static gint64
column_int (CustcareStmt *stmt,
            int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, column);
}

static const char *
column_text (CustcareStmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

CustcareCustomer *
_custcare_customer_repo_get_in_transaction (CustcareStore  *store,
                                            gint64          id,
                                            GError        **error)
{
  g_autoptr (CustcareCustomer) customer = NULL;
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autoptr (GStrvBuilder) tags = g_strv_builder_new ();
  g_auto (GStrv) tag_names = NULL;
  int rc;

  stmt = _custcare_store_prepare (store, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NOT_FOUND,
                           _("This customer no longer exists. They may have been deleted or merged."));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }

  customer = custcare_customer_new ();
  g_object_freeze_notify (G_OBJECT (customer));
  custcare_customer_set_given_name (customer, column_text (stmt, 1));
  custcare_customer_set_family_name (customer, column_text (stmt, 2));
  custcare_customer_set_display_name (customer, column_text (stmt, 3));
  custcare_customer_set_company (customer, column_text (stmt, 4));
  custcare_customer_set_address_street (customer, column_text (stmt, 5));
  custcare_customer_set_address_locality (customer, column_text (stmt, 6));
  custcare_customer_set_address_region (customer, column_text (stmt, 7));
  custcare_customer_set_address_postal_code (customer, column_text (stmt, 8));
  custcare_customer_set_address_country (customer, column_text (stmt, 9));
  custcare_customer_set_notes (customer, column_text (stmt, 10));
  custcare_customer_set_preferences (customer, column_text (stmt, 11));
  custcare_customer_set_birthday (customer, column_int (stmt, 12), column_int (stmt, 13), column_int (stmt, 14));
  custcare_customer_set_marketing_consent (customer, column_int (stmt, 15), column_int (stmt, 16));
  custcare_customer_set_do_not_contact (customer, column_int (stmt, 17));
  custcare_customer_set_archived (customer, column_int (stmt, 18));
  _custcare_customer_set_stored (customer, id, column_int (stmt, 19), column_int (stmt, 20), column_int (stmt, 21),
                                 column_int (stmt, 22), column_int (stmt, 23));
  custcare_customer_set_import_batch_id (customer, column_int (stmt, 24));
  sqlite3_reset (stmt);

  {
    g_autoptr (CustcareStmt) phones =
      _custcare_store_prepare (store,
                               "SELECT label, number FROM customer_phones WHERE customer_id = ?1 "
                               "ORDER BY position, id",
                               error);
    if (phones == NULL)
      return NULL;
    sqlite3_bind_int64 (phones, 1, id);
    while ((rc = sqlite3_step (phones)) == SQLITE_ROW)
      custcare_customer_add_phone (customer, column_text (phones, 0), column_text (phones, 1));
    if (rc != SQLITE_DONE)
      {
        _custcare_store_set_error (store, rc, error);
        return NULL;
      }
  }

  {
    g_autoptr (CustcareStmt) emails =
      _custcare_store_prepare (store,
                               "SELECT label, address FROM customer_emails WHERE customer_id = ?1 "
                               "ORDER BY position, id",
                               error);
    if (emails == NULL)
      return NULL;
    sqlite3_bind_int64 (emails, 1, id);
    while ((rc = sqlite3_step (emails)) == SQLITE_ROW)
      custcare_customer_add_email (customer, column_text (emails, 0), column_text (emails, 1));
    if (rc != SQLITE_DONE)
      {
        _custcare_store_set_error (store, rc, error);
        return NULL;
      }
  }

  {
    g_autoptr (CustcareStmt) tag_stmt =
      _custcare_store_prepare (store,
                               "SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
                               "WHERE ct.customer_id = ?1 ORDER BY t.name",
                               error);
    if (tag_stmt == NULL)
      return NULL;
    sqlite3_bind_int64 (tag_stmt, 1, id);
    while ((rc = sqlite3_step (tag_stmt)) == SQLITE_ROW)
      g_strv_builder_add (tags, column_text (tag_stmt, 0));
    if (rc != SQLITE_DONE)
      {
        _custcare_store_set_error (store, rc, error);
        return NULL;
      }
  }
  tag_names = g_strv_builder_end (tags);
  custcare_customer_set_tags (customer, (const char * const *) tag_names);
  g_object_thaw_notify (G_OBJECT (customer));

  return g_steal_pointer (&customer);
}

/**
 * custcare_customer_repo_get:
 *
 * Returns: (transfer full): the customer with phones, emails and tags, or %NULL with @error set
 *   (CUSTCARE_CUSTOMER_ERROR_NOT_FOUND when there is no such customer)
 */
CustcareCustomer *
custcare_customer_repo_get (CustcareStore  *store,
                            gint64          id,
                            GError        **error)
{
  gboolean own_transaction;
  CustcareCustomer *customer;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  /* One read transaction, so the row and its phones/emails/tags are from the same moment. */
  own_transaction = !_custcare_store_in_transaction (store);
  if (own_transaction && !_custcare_store_exec (store, "BEGIN", error))
    return NULL;
  customer = _custcare_customer_repo_get_in_transaction (store, id, error);
  if (own_transaction)
    _custcare_store_exec (store, "COMMIT", NULL);
  return customer;
}

gboolean
_custcare_customer_repo_update_in_transaction (CustcareStore     *store,
                                               CustcareCustomer  *customer,
                                               GError           **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autofree char *sort_name = NULL;
  gint64 id = custcare_customer_get_id (customer);
  gint64 now = _custcare_store_now (store);
  CustcareStmt *read_back;

  g_return_val_if_fail (_custcare_store_in_transaction (store), FALSE);

  if (id <= 0)
    {
      g_set_error_literal (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NOT_FOUND,
                           _("This customer has not been saved yet."));
      return FALSE;
    }
  if (!custcare_customer_validate (customer, error))
    return FALSE;
  if (custcare_customer_get_marketing_consent (customer) && custcare_customer_get_marketing_consent_at (customer) == 0)
    custcare_customer_set_marketing_consent (customer, TRUE, now);

  sort_name = custcare_customer_dup_sort_name (customer);
  stmt = _custcare_store_prepare (store,
                                  "UPDATE customers SET given_name = ?1, family_name = ?2, display_name = ?3, "
                                  "sort_name = ?4, company = ?5, address_street = ?6, address_locality = ?7, "
                                  "address_region = ?8, address_postal_code = ?9, address_country = ?10, "
                                  "birthday_year = ?11, birthday_month = ?12, birthday_day = ?13, notes = ?14, "
                                  "preferences = ?15, marketing_consent = ?16, marketing_consent_at = ?17, "
                                  "do_not_contact = ?18, archived = ?19, import_batch_id = ?20, "
                                  "updated_at = max (?21, created_at) WHERE id = ?22",
                                  error);
  if (stmt == NULL)
    return FALSE;
  bind_record (stmt, customer, sort_name);
  sqlite3_bind_int64 (stmt, 21, now);
  sqlite3_bind_int64 (stmt, 22, id);
  if (!_custcare_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (_custcare_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NOT_FOUND,
                           _("This customer no longer exists. They may have been deleted or merged."));
      return FALSE;
    }

  if (!write_children (store, customer, id, TRUE, error) || !_custcare_customer_reindex (store, id, error))
    return FALSE;

  /* Times the database keeps (and triggers may have moved) come back into the record. */
  read_back = _custcare_store_prepare (store,
                                       "SELECT created_at, updated_at, last_interaction_at, last_order_at, "
                                       "merged_into_id FROM customers WHERE id = ?1",
                                       error);
  if (read_back == NULL)
    return FALSE;
  sqlite3_bind_int64 (read_back, 1, id);
  if (sqlite3_step (read_back) == SQLITE_ROW)
    _custcare_customer_set_stored (customer, id, column_int (read_back, 0), column_int (read_back, 1),
                                   column_int (read_back, 2), column_int (read_back, 3), column_int (read_back, 4));
  sqlite3_reset (read_back);
  return TRUE;
}

/**
 * custcare_customer_repo_update:
 *
 * Saves every field of an existing customer (phones, emails and tags are replaced by the
 * record's) in one transaction. On failure nothing changes in the database.
 */
gboolean
custcare_customer_repo_update (CustcareStore     *store,
                               CustcareCustomer  *customer,
                               GError           **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (customer), FALSE);

  if (!custcare_customer_validate (customer, error) || !custcare_store_begin (store, error))
    return FALSE;
  if (!_custcare_customer_repo_update_in_transaction (store, customer, error) ||
      !custcare_store_commit (store, error))
    {
      custcare_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * custcare_customer_repo_archive:
 * @archived: %TRUE to archive, %FALSE to bring the customer back
 *
 * Archived customers keep all their history but leave the everyday list and search.
 */
gboolean
custcare_customer_repo_archive (CustcareStore  *store,
                                gint64          id,
                                gboolean        archived,
                                GError        **error)
{
  g_autoptr (CustcareStmt) stmt = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  if (!custcare_store_begin (store, error))
    return FALSE;
  stmt = _custcare_store_prepare (store,
                                  "UPDATE customers SET archived = ?1, updated_at = max (?2, created_at) "
                                  "WHERE id = ?3",
                                  error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int (stmt, 1, !!archived);
  sqlite3_bind_int64 (stmt, 2, _custcare_store_now (store));
  sqlite3_bind_int64 (stmt, 3, id);
  if (!_custcare_store_step_done (store, stmt, error))
    goto failed;
  if (sqlite3_changes (_custcare_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NOT_FOUND,
                           _("This customer no longer exists. They may have been deleted or merged."));
      goto failed;
    }
  return custcare_store_commit (store, error);

failed:
  custcare_store_rollback (store);
  return FALSE;
}

static gint64
count_for_customer (CustcareStore  *store,
                    const char     *sql,
                    gint64          id,
                    GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _custcare_store_set_error (store, rc, error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * custcare_customer_repo_delete:
 * @out_undo: (out) (optional): what custcare_customer_repo_restore() needs to bring the customer
 *   back exactly (same id, phones, emails, tags and interactions)
 *
 * Deletes a customer and their interactions. A customer with orders or loyalty points is refused
 * (CUSTCARE_CUSTOMER_ERROR_HAS_HISTORY): the shop's books must keep them; archive them instead.
 */
gboolean
custcare_customer_repo_delete (CustcareStore             *store,
                               gint64                     id,
                               CustcareCustomerSnapshot **out_undo,
                               GError                   **error)
{
  g_autoptr (CustcareCustomerSnapshot) undo = NULL;
  g_autoptr (CustcareStmt) stmt = NULL;
  gint64 orders, points;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  if (!custcare_store_begin (store, error))
    return FALSE;

  orders = count_for_customer (store, "SELECT count(*) FROM orders WHERE customer_id = ?1", id, error);
  if (orders < 0)
    goto failed;
  points = count_for_customer (store, "SELECT count(*) FROM loyalty_ledger WHERE customer_id = ?1", id, error);
  if (points < 0)
    goto failed;
  if (orders > 0 || points > 0)
    {
      g_set_error_literal (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_HAS_HISTORY,
                           orders > 0
                             ? _("This customer has orders, which the shop’s records must keep, so they cannot be "
                                 "deleted. Archive them instead: they leave the list and search, and their history "
                                 "stays.")
                             : _("This customer has loyalty points history, which the shop’s records must keep, so "
                                 "they cannot be deleted. Archive them instead: they leave the list and search, and "
                                 "their history stays."));
      goto failed;
    }

  undo = _custcare_customer_snapshot_new ();
  if (!_custcare_customer_snapshot_capture (undo, store, "customers", "id", id, error) ||
      !_custcare_customer_snapshot_capture (undo, store, "customer_phones", "customer_id", id, error) ||
      !_custcare_customer_snapshot_capture (undo, store, "customer_emails", "customer_id", id, error) ||
      !_custcare_customer_snapshot_capture (undo, store, "customer_tags", "customer_id", id, error) ||
      !_custcare_customer_snapshot_capture (undo, store, "interactions", "customer_id", id, error) ||
      !_custcare_customer_snapshot_add_relink (undo, store, "outbox", "customer_id", id, "customer_id = ?1", id,
                                               error) ||
      !_custcare_customer_snapshot_add_relink (undo, store, "customers", "merged_into_id", id,
                                               "merged_into_id = ?1", id, error))
    goto failed;
  _custcare_customer_snapshot_add_reindex (undo, id);

  stmt = _custcare_store_prepare (store, "DELETE FROM customers WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_custcare_store_step_done (store, stmt, error))
    goto failed;
  if (sqlite3_changes (_custcare_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_NOT_FOUND,
                           _("This customer no longer exists. They may have been deleted or merged."));
      goto failed;
    }
  if (!_custcare_customer_reindex (store, id, error) || !custcare_store_commit (store, error))
    goto failed;

  if (out_undo != NULL)
    *out_undo = g_steal_pointer (&undo);
  return TRUE;

failed:
  custcare_store_rollback (store);
  return FALSE;
}

/**
 * custcare_customer_repo_restore:
 * @undo: from custcare_customer_repo_delete() or a merge
 *
 * Puts back exactly the rows the snapshot holds, in one transaction.
 */
gboolean
custcare_customer_repo_restore (CustcareStore             *store,
                                CustcareCustomerSnapshot  *undo,
                                GError                   **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (undo != NULL, FALSE);

  if (!custcare_store_begin (store, error))
    return FALSE;
  if (!_custcare_customer_snapshot_apply (undo, store, error) || !custcare_store_commit (store, error))
    {
      custcare_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * custcare_customer_repo_list_tags:
 *
 * Returns: (transfer full): every tag in use, sorted, for completion and the filter menu
 */
GStrv
custcare_customer_repo_list_tags (CustcareStore  *store,
                                  GError        **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  stmt = _custcare_store_prepare (store, "SELECT name FROM tags ORDER BY name COLLATE NOCASE", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gint64
custcare_customer_repo_count (CustcareStore  *store,
                              gboolean        archived,
                              GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), -1);

  return count_for_customer (store, "SELECT count(*) FROM customers WHERE archived = ?1", !!archived, error);
}

/* A customer's rows in the two search indexes: `customer_search` for the words, and
 * `customer_phone_search` (trigrams, so any run of three or more digits of a number matches)
 * for the digits of their numbers, when they have any. */
static gboolean
index_from_row (CustcareStore  *store,
                CustcareStmt   *row,
                GError        **error)
{
  g_autoptr (CustcareStmt) insert = NULL;
  g_autoptr (GString) name = g_string_new (NULL);
  const char *parts[] = { column_text (row, 1), column_text (row, 2), column_text (row, 3) };
  const char *digits = column_text (row, 6);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (*parts[i] == '\0')
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, parts[i]);
    }

  insert = _custcare_store_prepare (store,
                                    "INSERT INTO customer_search (rowid, name, company, emails, tags, notes) "
                                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                    error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, sqlite3_column_int64 (row, 0));
  sqlite3_bind_text (insert, 2, name->str, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, column_text (row, 4), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 4, column_text (row, 5), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 5, column_text (row, 7), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 6, column_text (row, 8), -1, SQLITE_TRANSIENT);
  if (!_custcare_store_step_done (store, insert, error))
    return FALSE;
  if (*digits == '\0')
    return TRUE;

  g_clear_pointer (&insert, _custcare_stmt_reset);
  insert = _custcare_store_prepare (store, "INSERT INTO customer_phone_search (rowid, digits) VALUES (?1, ?2)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, sqlite3_column_int64 (row, 0));
  sqlite3_bind_text (insert, 2, digits, -1, SQLITE_TRANSIENT);
  return _custcare_store_step_done (store, insert, error);
}

#define INDEX_SOURCE_SQL                                                                            \
  "SELECT c.id, c.given_name, c.family_name, c.display_name, c.company, "                          \
  "(SELECT group_concat (address, ' ') FROM customer_emails WHERE customer_id = c.id), "           \
  "(SELECT group_concat (digits, ' ') FROM customer_phones WHERE customer_id = c.id), "            \
  "(SELECT group_concat (t.name, ' ') FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "      \
  "  WHERE ct.customer_id = c.id), "                                                               \
  "c.notes FROM customers c "

gboolean
_custcare_customer_reindex (CustcareStore  *store,
                            gint64          id,
                            GError        **error)
{
  g_autoptr (CustcareStmt) remove = NULL;
  g_autoptr (CustcareStmt) row = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  for (guint i = 0; i < 2; i++)
    {
      remove = _custcare_store_prepare (store,
                                        i == 0 ? "DELETE FROM customer_search WHERE rowid = ?1"
                                               : "DELETE FROM customer_phone_search WHERE rowid = ?1",
                                        error);
      if (remove == NULL)
        return FALSE;
      sqlite3_bind_int64 (remove, 1, id);
      if (!_custcare_store_step_done (store, remove, error))
        return FALSE;
      g_clear_pointer (&remove, _custcare_stmt_reset);
    }

  row = _custcare_store_prepare (store, INDEX_SOURCE_SQL "WHERE c.id = ?1", error);
  if (row == NULL)
    return FALSE;
  sqlite3_bind_int64 (row, 1, id);
  rc = sqlite3_step (row);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return _custcare_store_set_error (store, rc, error);
  return index_from_row (store, row, error);
}

/* The whole of both search indexes, in two statements (the same as migration 3's): a bulk load
 * spends a quarter less on them than row by row from C. The name's parts are joined by blanks
 * (index_from_row() leaves out empty ones; to the tokenizer that is the same). */
gboolean
_custcare_customer_reindex_all (CustcareStore  *store,
                                GError        **error)
{
  g_return_val_if_fail (_custcare_store_in_transaction (store), FALSE);

  return _custcare_store_exec (store,
                               "INSERT INTO customer_search (customer_search) VALUES ('delete-all');"
                               "INSERT INTO customer_phone_search (customer_phone_search) VALUES ('delete-all');"
                               "INSERT INTO customer_search (rowid, name, company, emails, tags, notes) "
                               "SELECT c.id, c.given_name || ' ' || c.family_name || ' ' || c.display_name, "
                               "       c.company, "
                               "       coalesce ((SELECT group_concat (address, ' ') FROM customer_emails "
                               "                  WHERE customer_id = c.id), ''), "
                               "       coalesce ((SELECT group_concat (t.name, ' ') FROM customer_tags ct "
                               "                  JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = c.id), ''), "
                               "       c.notes "
                               "  FROM customers c ORDER BY c.id;"
                               "INSERT INTO customer_phone_search (rowid, digits) "
                               "SELECT customer_id, group_concat (digits, ' ') FROM customer_phones "
                               " GROUP BY customer_id ORDER BY customer_id",
                               error);
}
