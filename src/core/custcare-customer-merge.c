/* custcare-customer-merge.c — possible duplicates, and merging two customers into one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A merge keeps everything: every interaction, order, points row, outbox message, phone, email
 * and tag of the merged customer moves to the survivor in one transaction, and the merged record
 * stays behind archived with merged_into_id set (so links to it can be followed). Undo is the
 * snapshot taken inside that transaction, replayed exactly.
 */
#define G_LOG_DOMAIN "custcare-customer-merge"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-customer-merge.h"
#include "custcare-customer-private.h"
#include "custcare-loyalty.h"

/* Phone numbers shorter than this are extensions or typos, too common to mean "same person". */
#define MIN_PHONE_DIGITS 7

static void
add_duplicate (GArray                  *found,
               gint64                   id,
               CustcareDuplicateReason  reason)
{
  for (guint i = 0; i < found->len; i++)
    {
      CustcareDuplicate *dup = &g_array_index (found, CustcareDuplicate, i);

      if (dup->id == id)
        {
          dup->reasons |= reason;
          return;
        }
    }
  if (found->len < CUSTCARE_DUPLICATES_MAX)
    {
      CustcareDuplicate dup = { id, reason };
      g_array_append_val (found, dup);
    }
}

static gboolean
collect (CustcareStore            *store,
         const char               *sql,
         const char               *text,
         gint64                    exclude_id,
         CustcareDuplicateReason   reason,
         GArray                   *found,
         GError                  **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, exclude_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_duplicate (found, sqlite3_column_int64 (stmt, 0), reason);
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);
  return TRUE;
}

static char *
folded_name (const char *given,
             const char *family,
             const char *display)
{
  g_autofree char *joined = NULL;

  if (given && *given && family && *family)
    joined = g_strdup_printf ("%s %s", given, family);
  else if (display && *display)
    joined = g_strdup (display);
  else
    joined = g_strdup_printf ("%s%s", given ? given : "", family ? family : "");
  return g_strstrip (_custcare_fold_text (joined));
}

/* Edit distance in characters, with an early exit: returns limit + 1 when above @limit. */
static guint
edit_distance (const char *a,
               const char *b,
               guint       limit)
{
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, NULL);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, NULL);
  glong la = 0, lb = 0;
  g_autofree guint *prev = NULL;
  g_autofree guint *cur = NULL;

  while (ua[la]) la++;
  while (ub[lb]) lb++;
  if ((guint) ABS (la - lb) > limit)
    return limit + 1;

  prev = g_new (guint, lb + 1);
  cur = g_new (guint, lb + 1);
  for (glong j = 0; j <= lb; j++)
    prev[j] = j;
  for (glong i = 1; i <= la; i++)
    {
      guint row_min;

      cur[0] = i;
      row_min = cur[0];
      for (glong j = 1; j <= lb; j++)
        {
          guint cost = ua[i - 1] == ub[j - 1] ? 0 : 1;

          cur[j] = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
          row_min = MIN (row_min, cur[j]);
        }
      if (row_min > limit)
        return limit + 1;
      memcpy (prev, cur, sizeof (guint) * (lb + 1));
    }
  return prev[lb];
}

static gboolean
find_similar_names (CustcareStore     *store,
                    CustcareCustomer  *draft,
                    GArray            *found,
                    GError           **error)
{
  g_autofree char *name = folded_name (custcare_customer_get_given_name (draft),
                                       custcare_customer_get_family_name (draft),
                                       custcare_customer_get_display_name (draft));
  g_auto (GStrv) words = NULL;
  g_autoptr (GString) exact = g_string_new ("name : (");
  g_autoptr (GString) loose = g_string_new ("name : (");
  const char *matches[2];
  guint n_words = 0;
  /* A typo or two, not more: "Jon Smith" and "John Smith", not "Jane Smith" and "John Smyth". */
  guint limit;

  if (g_utf8_strlen (name, -1) < 4)
    return TRUE;
  limit = g_utf8_strlen (name, -1) >= 10 ? 2 : 1;

  words = g_strsplit (name, " ", -1);
  for (guint i = 0; words[i] != NULL && n_words < 4; i++)
    {
      g_autofree char *start = NULL;
      gboolean ok = words[i][0] != '\0';

      for (const char *p = words[i]; ok && *p; p = g_utf8_next_char (p))
        ok = g_unichar_isalnum (g_utf8_get_char (p));
      if (!ok)
        continue;
      start = g_utf8_substring (words[i], 0, MIN (3, g_utf8_strlen (words[i], -1)));
      g_string_append_printf (exact, "%s\"%s\"", n_words ? " AND " : "", words[i]);
      g_string_append_printf (loose, "%s\"%s\"*", n_words ? " AND " : "", start);
      n_words++;
    }
  if (n_words == 0)
    return TRUE;
  g_string_append_c (exact, ')');
  g_string_append_c (loose, ')');
  matches[0] = exact->str;
  matches[1] = loose->str;

  for (guint m = 0; m < G_N_ELEMENTS (matches); m++)
    {
      g_autoptr (CustcareStmt) stmt =
        _custcare_store_prepare (store,
                                 "SELECT c.id, c.given_name, c.family_name, c.display_name FROM "
                                 "(SELECT rowid AS id FROM customer_search WHERE customer_search MATCH ?1 LIMIT 200) h "
                                 "JOIN customers c ON c.id = h.id "
                                 "WHERE c.id <> ?2 AND c.merged_into_id IS NULL",
                                 error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, matches[m], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, custcare_customer_get_id (draft));
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autofree char *other = folded_name ((const char *) sqlite3_column_text (stmt, 1),
                                                (const char *) sqlite3_column_text (stmt, 2),
                                                (const char *) sqlite3_column_text (stmt, 3));

          if (edit_distance (name, other, limit) <= limit)
            add_duplicate (found, sqlite3_column_int64 (stmt, 0), CUSTCARE_DUPLICATE_SIMILAR_NAME);
        }
      if (rc != SQLITE_DONE)
        return _custcare_store_set_error (store, rc, error);
    }
  return TRUE;
}

/**
 * custcare_customer_find_duplicates:
 * @draft: a customer being created or edited (its own id, if any, is never reported)
 *
 * Looks for customers who may be the same person: the same email address, the same phone number
 * (however it was typed, with or without a country code), or a name one or two typos away.
 * Merged-away records are skipped. Fast enough to run on every keystroke.
 *
 * Returns: (transfer full) (element-type CustcareDuplicate): at most CUSTCARE_DUPLICATES_MAX
 */
GArray *
custcare_customer_find_duplicates (CustcareStore     *store,
                                   CustcareCustomer  *draft,
                                   GError           **error)
{
  return _custcare_customer_find_duplicates_full (store, draft, TRUE, error);
}

/* The same, optionally without the similar-name search: the CSV import leaves a row out only for
 * the same email or phone, and the name search is most of the cost on a big shop. */
GArray *
_custcare_customer_find_duplicates_full (CustcareStore     *store,
                                         CustcareCustomer  *draft,
                                         gboolean           similar_names,
                                         GError           **error)
{
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (CustcareDuplicate));
  GPtrArray *emails, *phones;
  gint64 self_id;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (CUSTCARE_IS_CUSTOMER (draft), NULL);

  self_id = custcare_customer_get_id (draft);
  emails = custcare_customer_get_emails (draft);
  phones = custcare_customer_get_phones (draft);

  for (guint i = 0; i < emails->len; i++)
    {
      CustcareContact *email = g_ptr_array_index (emails, i);

      if (!custcare_email_is_valid (email->value))
        continue;
      if (!collect (store,
                    "SELECT DISTINCT e.customer_id FROM customer_emails e JOIN customers c ON c.id = e.customer_id "
                    "WHERE e.address = ?1 AND e.customer_id <> ?2 AND c.merged_into_id IS NULL",
                    email->value, self_id, CUSTCARE_DUPLICATE_SAME_EMAIL, found, error))
        return NULL;
    }

  for (guint i = 0; i < phones->len; i++)
    {
      CustcareContact *phone = g_ptr_array_index (phones, i);
      g_autofree char *digits = custcare_phone_digits (phone->value);
      gsize len = strlen (digits);

      if (len < MIN_PHONE_DIGITS)
        continue;
      /* Stored numbers that end with this one (stored with a country code, typed without), found
       * by their last seven digits (the customer_phones_by_tail index)... */
      G_STATIC_ASSERT (MIN_PHONE_DIGITS == 7);
      if (!collect (store,
                    "SELECT DISTINCT p.customer_id FROM customer_phones p JOIN customers c ON c.id = p.customer_id "
                    "WHERE substr (p.digits, -7) = substr (?1, -7) AND substr (p.digits, -length (?1)) = ?1 "
                    "AND p.customer_id <> ?2 AND c.merged_into_id IS NULL LIMIT 50",
                    digits, self_id, CUSTCARE_DUPLICATE_SAME_PHONE, found, error))
        return NULL;
      /* ...and stored numbers this one ends with (typed with a country code, stored without). */
      for (gsize start = 0; start + MIN_PHONE_DIGITS <= len && start <= 4; start++)
        if (!collect (store,
                      "SELECT DISTINCT p.customer_id FROM customer_phones p JOIN customers c ON c.id = p.customer_id "
                      "WHERE p.digits = ?1 AND p.customer_id <> ?2 AND c.merged_into_id IS NULL",
                      digits + start, self_id, CUSTCARE_DUPLICATE_SAME_PHONE, found, error))
          return NULL;
    }

  if (similar_names && !find_similar_names (store, draft, found, error))
    return NULL;

  return g_steal_pointer (&found);
}

/**
 * custcare_duplicate_reason_text:
 *
 * Returns: (transfer full): why a customer looks like a duplicate, for people
 */
char *
custcare_duplicate_reason_text (CustcareDuplicateReason reasons)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();

  if (reasons & CUSTCARE_DUPLICATE_SAME_EMAIL)
    g_ptr_array_add (parts, (gpointer) _("same email"));
  if (reasons & CUSTCARE_DUPLICATE_SAME_PHONE)
    g_ptr_array_add (parts, (gpointer) _("same phone number"));
  if (reasons & CUSTCARE_DUPLICATE_SIMILAR_NAME)
    g_ptr_array_add (parts, (gpointer) _("similar name"));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

/* The fields a person chooses between when two records disagree. */
static const char *merge_fields[] = {
  "given-name", "family-name", "display-name", "company", "address-street", "address-locality",
  "address-region", "address-postal-code", "address-country", "notes", "preferences",
};

/**
 * custcare_customer_merge_conflicts:
 *
 * Returns: (transfer container) (element-type utf8): property names (static strings) that both
 *   records fill in differently, plus "birthday" when both know different birthdays
 */
GPtrArray *
custcare_customer_merge_conflicts (CustcareCustomer *survivor,
                                   CustcareCustomer *other)
{
  GPtrArray *conflicts = g_ptr_array_new ();
  int ys, ms, ds, yo, mo, dO;

  for (guint i = 0; i < G_N_ELEMENTS (merge_fields); i++)
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_object_get (survivor, merge_fields[i], &a, NULL);
      g_object_get (other, merge_fields[i], &b, NULL);
      if (*a != '\0' && *b != '\0' && g_strcmp0 (a, b) != 0)
        g_ptr_array_add (conflicts, (gpointer) merge_fields[i]);
    }
  custcare_customer_get_birthday (survivor, &ys, &ms, &ds);
  custcare_customer_get_birthday (other, &yo, &mo, &dO);
  if (ms != 0 && mo != 0 && (ys != yo || ms != mo || ds != dO))
    g_ptr_array_add (conflicts, (gpointer) "birthday");
  return conflicts;
}

/* The same number with or without a country or trunk prefix: one ends with the other. */
static gboolean
same_number (const char *a,
             const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  if (la < MIN_PHONE_DIGITS || lb < MIN_PHONE_DIGITS)
    return g_strcmp0 (a, b) == 0;
  return la >= lb ? g_str_has_suffix (a, b) : g_str_has_suffix (b, a);
}

static gboolean
has_phone (CustcareCustomer *customer,
           const char       *number)
{
  g_autofree char *digits = custcare_phone_digits (number);
  GPtrArray *phones = custcare_customer_get_phones (customer);

  for (guint i = 0; i < phones->len; i++)
    {
      g_autofree char *other = custcare_phone_digits (((CustcareContact *) g_ptr_array_index (phones, i))->value);

      if (same_number (digits, other))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_email (CustcareCustomer *customer,
           const char       *address)
{
  GPtrArray *emails = custcare_customer_get_emails (customer);

  for (guint i = 0; i < emails->len; i++)
    if (g_ascii_strcasecmp (((CustcareContact *) g_ptr_array_index (emails, i))->value, address) == 0)
      return TRUE;
  return FALSE;
}

/* The survivor as it will be saved: the chosen fields, then the merged customer's where the
 * survivor has nothing, and every phone, email and tag of both. */
static CustcareCustomer *
combine (CustcareCustomer *survivor,
         CustcareCustomer *merged,
         CustcareCustomer *chosen)
{
  CustcareCustomer *result = custcare_customer_copy (chosen != NULL ? chosen : survivor);
  GPtrArray *phones = custcare_customer_get_phones (merged);
  GPtrArray *emails = custcare_customer_get_emails (merged);
  const char * const *tags = custcare_customer_get_tags (merged);
  int y, m, d;

  for (guint i = 0; i < G_N_ELEMENTS (merge_fields); i++)
    {
      g_autofree char *mine = NULL;
      g_autofree char *theirs = NULL;

      g_object_get (result, merge_fields[i], &mine, NULL);
      g_object_get (merged, merge_fields[i], &theirs, NULL);
      if (*mine == '\0' && *theirs != '\0')
        g_object_set (result, merge_fields[i], theirs, NULL);
    }
  custcare_customer_get_birthday (result, NULL, &m, NULL);
  if (m == 0)
    {
      custcare_customer_get_birthday (merged, &y, &m, &d);
      custcare_customer_set_birthday (result, y, m, d);
    }

  /* A wish not to be contacted, from either record, wins; so does the older consent. */
  if (custcare_customer_get_do_not_contact (merged))
    custcare_customer_set_do_not_contact (result, TRUE);
  if (!custcare_customer_get_marketing_consent (result) && custcare_customer_get_marketing_consent (merged) &&
      chosen == NULL)
    custcare_customer_set_marketing_consent (result, TRUE, custcare_customer_get_marketing_consent_at (merged));
  custcare_customer_set_archived (result, custcare_customer_get_archived (survivor));

  for (guint i = 0; i < phones->len; i++)
    {
      CustcareContact *phone = g_ptr_array_index (phones, i);

      if (!has_phone (result, phone->value))
        custcare_customer_add_phone (result, phone->label, phone->value);
    }
  for (guint i = 0; i < emails->len; i++)
    {
      CustcareContact *email = g_ptr_array_index (emails, i);

      if (!has_email (result, email->value))
        custcare_customer_add_email (result, email->label, email->value);
    }
  for (guint i = 0; tags[i] != NULL; i++)
    custcare_customer_add_tag (result, tags[i]);

  return result;
}

static gboolean
exec_ids (CustcareStore  *store,
          const char     *sql,
          gint64          a,
          gint64          b,
          gint64          c,
          GError        **error)
{
  g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  sqlite3_bind_int64 (stmt, 3, c);
  return _custcare_store_step_done (store, stmt, error);
}

/* Tables whose rows belong to a customer and move with a merge (the ledger moves through
 * _custcare_loyalty_merge(), which owns the ledger's rules; undo relinks it like the others). */
static const char *moved_tables[] = { "interactions", "orders", "outbox" };
static const char *relinked_tables[] = { "interactions", "orders", "loyalty_ledger", "outbox" };

/**
 * custcare_customer_repo_merge:
 * @survivor_id: the customer who stays
 * @merged_id: the customer merged into the survivor; kept archived with merged_into_id set
 * @chosen: (nullable): the survivor's fields as the user chose them field by field (its id,
 *   phones, emails and tags are ignored: both customers' are kept); %NULL keeps the survivor's
 *   values and fills empty ones from the merged customer
 * @out_undo: (out) (optional): for custcare_customer_repo_restore(), which undoes the merge exactly
 *
 * Moves every interaction, order, loyalty points row, outbox message, phone, email and tag of the
 * merged customer to the survivor in one transaction.
 */
gboolean
custcare_customer_repo_merge (CustcareStore             *store,
                              gint64                     survivor_id,
                              gint64                     merged_id,
                              CustcareCustomer          *chosen,
                              CustcareCustomerSnapshot **out_undo,
                              GError                   **error)
{
  g_autoptr (CustcareCustomerSnapshot) undo = NULL;
  g_autoptr (CustcareCustomer) survivor = NULL;
  g_autoptr (CustcareCustomer) merged = NULL;
  g_autoptr (CustcareCustomer) result = NULL;
  static const char *children[] = { "customer_phones", "customer_emails", "customer_tags" };
  gint64 ids[2] = { survivor_id, merged_id };

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (chosen == NULL || CUSTCARE_IS_CUSTOMER (chosen), FALSE);

  if (survivor_id == merged_id)
    {
      g_set_error_literal (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_MERGE,
                           _("A customer cannot be merged with themselves."));
      return FALSE;
    }

  if (!custcare_store_begin (store, error))
    return FALSE;

  if (!(survivor = _custcare_customer_repo_get_in_transaction (store, survivor_id, error)) ||
      !(merged = _custcare_customer_repo_get_in_transaction (store, merged_id, error)))
    goto failed;
  if (custcare_customer_get_merged_into_id (survivor) != 0 || custcare_customer_get_merged_into_id (merged) != 0)
    {
      g_set_error_literal (error, CUSTCARE_CUSTOMER_ERROR, CUSTCARE_CUSTOMER_ERROR_MERGE,
                           _("One of these customers was already merged into another one."));
      goto failed;
    }

  /* Everything the merge will change, copied first. */
  undo = _custcare_customer_snapshot_new ();
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      for (guint t = 0; t < G_N_ELEMENTS (children); t++)
        _custcare_customer_snapshot_add_clear (undo, children[t], "customer_id", ids[i]);
      if (!_custcare_customer_snapshot_capture (undo, store, "customers", "id", ids[i], error))
        goto failed;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    for (guint t = 0; t < G_N_ELEMENTS (children); t++)
      if (!_custcare_customer_snapshot_capture (undo, store, children[t], "customer_id", ids[i], error))
        goto failed;
  for (guint t = 0; t < G_N_ELEMENTS (relinked_tables); t++)
    if (!_custcare_customer_snapshot_add_relink (undo, store, relinked_tables[t], "customer_id", merged_id,
                                                 "customer_id = ?1", merged_id, error))
      goto failed;
  if (!_custcare_customer_snapshot_add_relink (undo, store, "customers", "merged_into_id", merged_id,
                                               "merged_into_id = ?1", merged_id, error))
    goto failed;
  _custcare_customer_snapshot_add_reindex (undo, survivor_id);
  _custcare_customer_snapshot_add_reindex (undo, merged_id);

  /* The merged customer's phones, emails and tags go to the survivor (deduplicated). */
  result = combine (survivor, merged, chosen);
  _custcare_customer_set_stored (result, survivor_id, custcare_customer_get_created_at (survivor),
                                 custcare_customer_get_updated_at (survivor),
                                 custcare_customer_get_last_interaction_at (survivor),
                                 custcare_customer_get_last_order_at (survivor), 0);
  for (guint t = 0; t < G_N_ELEMENTS (children); t++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE customer_id = ?1 AND ?2 = ?2 AND ?3 = ?3",
                                              children[t]);
      if (!exec_ids (store, sql, merged_id, 0, 0, error))
        goto failed;
    }
  if (!_custcare_customer_repo_update_in_transaction (store, result, error))
    goto failed;

  for (guint t = 0; t < G_N_ELEMENTS (moved_tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET customer_id = ?1 WHERE customer_id = ?2 AND ?3 = ?3",
                                              moved_tables[t]);
      if (!exec_ids (store, sql, survivor_id, merged_id, 0, error))
        goto failed;
    }
  if (!_custcare_loyalty_merge (store, merged_id, survivor_id, error))
    goto failed;

  if (!exec_ids (store,
                 "UPDATE customers SET merged_into_id = ?1 WHERE merged_into_id = ?2 AND ?3 = ?3",
                 survivor_id, merged_id, 0, error) ||
      !exec_ids (store,
                 "UPDATE customers SET "
                 "last_interaction_at = (SELECT max (last_interaction_at) FROM customers WHERE id IN (?1, ?2)), "
                 "last_order_at = (SELECT max (last_order_at) FROM customers WHERE id IN (?1, ?2)), "
                 "created_at = (SELECT min (created_at) FROM customers WHERE id IN (?1, ?2)) "
                 "WHERE id = ?1 AND ?3 = ?3",
                 survivor_id, merged_id, 0, error) ||
      !exec_ids (store,
                 "UPDATE customers SET merged_into_id = ?1, archived = 1, updated_at = max (?3, created_at) "
                 "WHERE id = ?2",
                 survivor_id, merged_id, _custcare_store_now (store), error) ||
      !_custcare_customer_reindex (store, merged_id, error))
    goto failed;

  if (!custcare_store_commit (store, error))
    goto failed;

  if (out_undo != NULL)
    *out_undo = g_steal_pointer (&undo);
  return TRUE;

failed:
  custcare_store_rollback (store);
  return FALSE;
}
