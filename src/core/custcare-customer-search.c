/* custcare-customer-search.c — finding customers as the user types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measured at a million customers (PERF-NOTES.md): ranking or sorting every FTS match costs
 * ~1.3 µs a match, so "jo" (93k matches) took 120 ms and "co" over 1 s. So a search takes at most
 * CUSTCARE_CUSTOMER_SEARCH_CAP + 1 candidates straight from the index (no ranking), and only
 * those are filtered and sorted; when the cap is hit the UI asks the user to type more.
 *
 * What the user types never becomes FTS5 syntax: it is cut into runs of letters and digits, and
 * each run becomes a quoted prefix term, so quotes, NEAR(, *, ^, -, : and AND/OR/NOT are text.
 */
#define G_LOG_DOMAIN "custcare-customer-search"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "custcare-customer-private.h"
#include "custcare-customer-search.h"
#include "custcare-loyalty-private.h"
#include "custcare-reports.h"

/* More terms than this only narrow an already tiny answer, and each costs an index walk. */
#define MAX_TERMS 8
/* The fewest digits looked for inside phone numbers (the trigram index needs three). */
#define MIN_NUMBER_DIGITS 3

G_DEFINE_BOXED_TYPE (CustcareCustomerQuery, custcare_customer_query, custcare_customer_query_copy,
                     custcare_customer_query_free)

CustcareCustomerQuery *
custcare_customer_query_new (void)
{
  return g_new0 (CustcareCustomerQuery, 1);
}

CustcareCustomerQuery *
custcare_customer_query_copy (const CustcareCustomerQuery *query)
{
  CustcareCustomerQuery *copy = g_memdup2 (query, sizeof *query);

  copy->text = g_strdup (query->text);
  copy->tag = g_strdup (query->tag);
  copy->tier = g_strdup (query->tier);
  copy->segment = g_strdup (query->segment);
  return copy;
}

void
custcare_customer_query_free (CustcareCustomerQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->text);
  g_free (query->tag);
  g_free (query->tier);
  g_free (query->segment);
  g_free (query);
}

gboolean
custcare_customer_query_equal (const CustcareCustomerQuery *a,
                               const CustcareCustomerQuery *b)
{
  return g_strcmp0 (a->text, b->text) == 0 && g_strcmp0 (a->tag, b->tag) == 0 &&
         g_strcmp0 (a->tier, b->tier) == 0 && g_strcmp0 (a->segment, b->segment) == 0 &&
         !a->open_orders == !b->open_orders &&
         a->archived == b->archived && a->sort == b->sort;
}

static gboolean
has_text (const char *s)
{
  if (s == NULL)
    return FALSE;
  for (; *s; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return TRUE;
  return FALSE;
}

static gboolean
is_term_char (gunichar c)
{
  /* What FTS5's unicode61 tokenizer keeps in a token: letters, digits and combining marks. */
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gboolean
looks_like_phone (const char *text,
                  guint      *n_digits)
{
  *n_digits = 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_digit_value (c) >= 0)
        (*n_digits)++;
      else if (!g_unichar_isspace (c) && strchr ("+-().\\/", c) == NULL)
        return FALSE;
    }
  return *n_digits > 0;
}

static gboolean
is_number_term (const char *term)
{
  gsize len = strlen (term);

  if (len < MIN_NUMBER_DIGITS)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (term[i]))
      return FALSE;
  return TRUE;
}

/* What typed text looks for, as up to three FTS5 queries (each %NULL when not needed):
 *  - @words, on `customer_search`: every term as a prefix;
 *  - @phone, on `customer_phone_search`: the numbers, each anywhere inside a phone number;
 *  - @names, on `customer_search`: the terms that are not numbers, for customers found by
 *    @phone (a name and part of a number: "meyer 0102").
 * A customer matches @words, or @phone and @names together; a number typed with punctuation
 * ("+1 (555) 010-2030") is only looked for in phone numbers. */
typedef struct
{
  char *words;
  char *phone;
  char *names;
} SearchMatch;

static void
search_match_clear (SearchMatch *match)
{
  g_clear_pointer (&match->words, g_free);
  g_clear_pointer (&match->phone, g_free);
  g_clear_pointer (&match->names, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchMatch, search_match_clear)

static void
append_term (GString    *match,
             const char *term,
             gboolean    prefix)
{
  /* Terms hold letters, digits and marks only, so no quote can occur; doubling any is what FTS5
   * string syntax requires, kept here in case the rule of is_term_char() ever widens. */
  g_autofree char *quoted = g_strjoinv ("\"\"", (char *[]) { (char *) term, NULL });

  if (match->len > 0)
    g_string_append_c (match, ' ');
  g_string_append_printf (match, prefix ? "\"%s\"*" : "\"%s\"", quoted);
}

static gboolean
search_match_init (SearchMatch *match,
                   const char  *text)
{
  g_autoptr (GString) words = g_string_new (NULL);
  g_autoptr (GString) names = g_string_new (NULL);
  g_autoptr (GString) phone = g_string_new (NULL);
  g_autoptr (GString) term = g_string_new (NULL);
  g_autofree char *valid = NULL;
  guint n_terms = 0, n_digits = 0;

  *match = (SearchMatch) { 0 };
  if (text == NULL)
    return FALSE;
  valid = g_utf8_make_valid (text, -1);

  if (looks_like_phone (valid, &n_digits) && n_digits >= MIN_NUMBER_DIGITS)
    {
      g_autofree char *digits = custcare_phone_digits (valid);
      g_autofree char *trimmed = g_strstrip (g_strdup (valid));

      match->phone = g_strdup_printf ("\"%s\"", digits);
      /* A single run of digits may equally be part of an email or a note: search everywhere. */
      if (strlen (digits) == strlen (trimmed))
        match->words = g_strdup_printf ("\"%s\"*", digits);
      return TRUE;
    }

  for (const char *p = valid;; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && is_term_char (c))
        {
          g_string_append_unichar (term, c);
          continue;
        }
      if (term->len > 0 && n_terms < MAX_TERMS)
        {
          append_term (words, term->str, TRUE);
          if (is_number_term (term->str))
            append_term (phone, term->str, FALSE);
          else
            append_term (names, term->str, TRUE);
          n_terms++;
        }
      g_string_truncate (term, 0);
      if (c == 0)
        break;
    }

  if (words->len == 0)
    return FALSE;
  match->words = g_string_free (g_steal_pointer (&words), FALSE);
  /* Numbers among words: also the customers whose phone has them and whose words have the rest. */
  if (phone->len > 0 && names->len > 0)
    {
      match->phone = g_string_free (g_steal_pointer (&phone), FALSE);
      match->names = g_string_free (g_steal_pointer (&names), FALSE);
    }
  return TRUE;
}

gboolean
custcare_customer_query_is_browse (const CustcareCustomerQuery *query)
{
  g_auto (SearchMatch) match = { 0 };

  return !search_match_init (&match, query->text) && !has_text (query->tag) && !has_text (query->tier) &&
         !has_text (query->segment) && !query->open_orders;
}

/**
 * custcare_customer_search_build_match:
 * @text: (nullable): what the user typed
 *
 * Turns typed text into a safe FTS5 query on `customer_search`: every run of letters/digits
 * becomes a quoted prefix term, all of which must match. A number typed in pieces ("010 2030",
 * "+1 (555) 010-2030") is looked for in `customer_phone_search` instead, and gives %NULL here.
 *
 * Returns: (transfer full) (nullable): the MATCH expression, or %NULL when there are no words to search
 */
char *
custcare_customer_search_build_match (const char *text)
{
  g_auto (SearchMatch) match = { 0 };

  if (!search_match_init (&match, text))
    return NULL;
  return g_steal_pointer (&match.words);
}

static int
progress_cb (void *user_data)
{
  /* Non-zero interrupts the statement: the search it belongs to is stale. */
  return g_cancellable_is_cancelled (G_CANCELLABLE (user_data));
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
collect_ids (CustcareStore  *store,
             CustcareStmt   *stmt,
             GArray         *ids,
             GError        **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    return _custcare_store_set_error (store, rc, error);
  return TRUE;
}

/* The customers whose phone numbers hold @match's numbers and whose words match its other terms,
 * added to @ids until it has @limit. Both indexes are read once each, in rowid order, and merged
 * here: joining them in SQL evaluates the words' prefix query again for every phone match
 * ("smith 123" at a million customers: 35,000 phone matches, 44 s). */
static gboolean
collect_phone_and_names (CustcareStore      *store,
                         const SearchMatch  *match,
                         GArray             *ids,
                         guint               limit,
                         GError            **error)
{
  g_autoptr (CustcareStmt) phones = NULL;
  g_autoptr (CustcareStmt) names = NULL;
  int rc_phones, rc_names;

  phones = _custcare_store_prepare (store,
                                    "SELECT rowid FROM customer_phone_search WHERE customer_phone_search MATCH ?1 "
                                    "ORDER BY rowid",
                                    error);
  if (phones == NULL)
    return FALSE;
  names = _custcare_store_prepare (store,
                                   "SELECT rowid FROM customer_search WHERE customer_search MATCH ?1 ORDER BY rowid",
                                   error);
  if (names == NULL)
    return FALSE;
  sqlite3_bind_text (phones, 1, match->phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (names, 1, match->names, -1, SQLITE_STATIC);

  rc_phones = sqlite3_step (phones);
  rc_names = sqlite3_step (names);
  while (rc_phones == SQLITE_ROW && rc_names == SQLITE_ROW && ids->len < limit)
    {
      gint64 a = sqlite3_column_int64 (phones, 0), b = sqlite3_column_int64 (names, 0);

      if (a == b)
        g_array_append_val (ids, a);
      if (a <= b)
        rc_phones = sqlite3_step (phones);
      if (b <= a)
        rc_names = sqlite3_step (names);
    }
  if (rc_phones != SQLITE_ROW && rc_phones != SQLITE_DONE)
    return _custcare_store_set_error (store, rc_phones, error);
  if (rc_names != SQLITE_ROW && rc_names != SQLITE_DONE)
    return _custcare_store_set_error (store, rc_names, error);
  return TRUE;
}

static const char *
order_by (CustcareCustomerSort sort)
{
  switch (sort)
    {
    case CUSTCARE_CUSTOMER_SORT_LAST_CONTACT:
      return " ORDER BY c.last_interaction_at DESC NULLS LAST, c.id DESC";
    case CUSTCARE_CUSTOMER_SORT_CREATED:
      return " ORDER BY c.created_at DESC, c.id DESC";
    case CUSTCARE_CUSTOMER_SORT_NAME:
    default:
      return " ORDER BY c.sort_name, c.id";
    }
}

/* Filters, each switched off by its NULL/0 parameter. The tier is the highest tier whose minimum
 * the customer's spend reaches: money paid (net of points and refunds) on orders completed in the
 * 12 months before now — the same rule custcare-loyalty.c earns by. */
#define FILTER_SQL                                                                                      \
  " (?2 = 2 OR c.archived = ?2)"                                                                      \
  " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id"        \
  "      WHERE ct.customer_id = c.id AND t.name = ?3))"                                                \
  " AND (?4 = 0 OR EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id"                          \
  "      AND o.status IN ('new', 'confirmed', 'in-progress', 'ready', 'shipped')))"                     \
  " AND (?5 IS NULL OR (SELECT lt.name FROM loyalty_tiers lt WHERE lt.min_spend <="                    \
  "      (SELECT coalesce (sum (max (o.total - o.points_value - o.refunded, 0)), 0) FROM orders o"      \
  "        WHERE o.customer_id = c.id AND o.completed_at IS NOT NULL"                                  \
  "        AND o.completed_at > ?6 AND o.completed_at <= ?8)"                                          \
  "      ORDER BY lt.min_spend DESC LIMIT 1) = ?5)"

/**
 * custcare_customer_search:
 * @out_capped: (out) (optional): set when there were more candidates than the cap, so the
 *   answer is incomplete and the user should type more
 * @cancellable: (nullable): cancel from any thread to abandon the search (the statement is
 *   interrupted within a few thousand VM steps)
 *
 * Runs a search on @store's connection, in the calling thread (use a worker connection off the
 * main thread).
 *
 * Returns: (transfer full) (element-type gint64): matching customer ids in the query's order, or
 *   %NULL with @error set (CUSTCARE_STORE_ERROR_CANCELLED when cancelled)
 */
GArray *
custcare_customer_search (CustcareStore                *store,
                          const CustcareCustomerQuery  *query,
                          gboolean                     *out_capped,
                          GCancellable                 *cancellable,
                          GError                      **error)
{
  g_autoptr (GArray) candidates = NULL;
  g_autoptr (GArray) members = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto (SearchMatch) match = { 0 };
  gboolean has_match;
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autoptr (GString) json = NULL;
  g_autoptr (CustcareStmt) stmt = NULL;
  sqlite3 *db;
  gboolean capped = FALSE;
  guint cap;
  gboolean ok = FALSE;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  db = _custcare_store_get_db (store);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, progress_cb, cancellable);

  has_match = search_match_init (&match, query->text);
  cap = has_match ? CUSTCARE_CUSTOMER_SEARCH_CAP : CUSTCARE_CUSTOMER_FILTER_CAP;

  /* Step 1: an unranked, capped candidate set from the cheapest index that applies (a name with
   * part of a number adds the customers found by collect_phone_and_names()). */
  if (has_match && (match.phone == NULL || match.names != NULL))
    stmt = _custcare_store_prepare (store,
                                    "SELECT rowid FROM customer_search WHERE customer_search MATCH ?1 LIMIT ?2",
                                    error);
  else if (has_match && match.words == NULL)
    stmt = _custcare_store_prepare (store,
                                    "SELECT rowid FROM customer_phone_search WHERE customer_phone_search MATCH ?3 "
                                    "AND ?1 IS NULL LIMIT ?2",
                                    error);
  else if (has_match && match.names == NULL)
    stmt = _custcare_store_prepare (store,
                                    "SELECT rowid FROM customer_search WHERE customer_search MATCH ?1 "
                                    "UNION ALL "
                                    "SELECT rowid FROM customer_phone_search WHERE customer_phone_search MATCH ?3 "
                                    "LIMIT ?2",
                                    error);
  else if (has_text (query->tag))
    stmt = _custcare_store_prepare (store,
                                    "SELECT ct.customer_id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
                                    "WHERE t.name = ?1 LIMIT ?2",
                                    error);
  else if (query->open_orders)
    stmt = _custcare_store_prepare (store,
                                    "SELECT DISTINCT customer_id FROM orders "
                                    "WHERE status IN ('new', 'confirmed', 'in-progress', 'ready', 'shipped') "
                                    "AND ?1 IS NULL LIMIT ?2",
                                    error);
  /* The segment comes from one walk of the completed orders (custcare-reports-rfm.c), not from
   * SQL: it either is the candidate set or narrows the one the index gave. */
  if (has_text (query->segment))
    {
      CustcareRfmSegment segment;

      if (!custcare_rfm_segment_from_nick (query->segment, &segment))
        {
          g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_INVALID,
                       _("There is no customer segment called “%s”."), query->segment);
          goto out;
        }
      members = custcare_rfm_segment_list_customers (store, segment, cancellable, error);
      if (members == NULL)
        goto out;
    }
  if (has_match || has_text (query->tag) || query->open_orders || members != NULL)
    {
      if (stmt == NULL && members == NULL)
        goto out;
      candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
      if (stmt == NULL)
        {
          /* The segment alone: its members are the candidates. */
          g_array_append_vals (candidates, members->data, MIN (members->len, cap + 1));
        }
      else
        {
          if (has_match)
            {
              sqlite3_bind_text (stmt, 1, match.words, -1, SQLITE_STATIC);
              if (match.phone != NULL)
                sqlite3_bind_text (stmt, 3, match.phone, -1, SQLITE_STATIC);
            }
          else if (has_text (query->tag))
            sqlite3_bind_text (stmt, 1, query->tag, -1, SQLITE_TRANSIENT);
          /* With a segment too, the index's candidates are narrowed to it: take them all. */
          sqlite3_bind_int (stmt, 2, members != NULL ? -1 : (int) cap + 1);
          if (!collect_ids (store, stmt, candidates, error))
            goto out;
          g_clear_pointer (&stmt, _custcare_stmt_reset);
          if (match.names != NULL &&
              !collect_phone_and_names (store, &match, candidates, members != NULL ? G_MAXUINT : cap + 1, error))
            goto out;
          /* Both indexes may have found a customer. */
          if (match.phone != NULL && match.words != NULL)
            {
              guint kept = 0;

              g_array_sort (candidates, compare_ids);
              for (guint i = 0; i < candidates->len; i++)
                if (kept == 0 || g_array_index (candidates, gint64, i) != g_array_index (candidates, gint64, kept - 1))
                  g_array_index (candidates, gint64, kept++) = g_array_index (candidates, gint64, i);
              g_array_set_size (candidates, kept);
            }
          if (members != NULL)
            {
              guint kept = 0;

              for (guint i = 0; i < candidates->len; i++)
                {
                  gint64 id = g_array_index (candidates, gint64, i);

                  if (bsearch (&id, members->data, members->len, sizeof (gint64), compare_ids) != NULL)
                    g_array_index (candidates, gint64, kept++) = id;
                }
              g_array_set_size (candidates, kept);
            }
        }
      if (candidates->len > cap)
        {
          capped = TRUE;
          g_array_set_size (candidates, cap);
        }
      if (candidates->len == 0)
        {
          ok = TRUE;
          goto out;
        }
      json = g_string_new ("[");
      for (guint i = 0; i < candidates->len; i++)
        g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (candidates, gint64, i));
      g_string_append_c (json, ']');
    }

  /* Step 2: filters and order over the candidates only (or, for a tier alone, over the list). */
  g_string_append (sql, "SELECT c.id FROM customers c WHERE ");
  if (json != NULL)
    g_string_append (sql, "c.id IN (SELECT value FROM json_each (?1)) AND ");
  else
    g_string_append (sql, "?1 IS NULL AND ");
  g_string_append (sql, FILTER_SQL);
  g_string_append (sql, order_by (query->sort));
  g_string_append (sql, " LIMIT ?7");

  stmt = _custcare_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    goto out;
  if (json != NULL)
    sqlite3_bind_text (stmt, 1, json->str, json->len, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, query->archived == CUSTCARE_CUSTOMER_ARCHIVED_ANY ? 2
                             : query->archived == CUSTCARE_CUSTOMER_ARCHIVED_ONLY ? 1 : 0);
  if (has_text (query->tag))
    sqlite3_bind_text (stmt, 3, query->tag, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, !!query->open_orders);
  if (has_text (query->tier))
    sqlite3_bind_text (stmt, 5, query->tier, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, _custcare_loyalty_add_months (_custcare_store_now (store), -12));
  sqlite3_bind_int64 (stmt, 8, _custcare_store_now (store));
  sqlite3_bind_int (stmt, 7, cap + 1);
  if (!collect_ids (store, stmt, ids, error))
    goto out;
  if (ids->len > cap)
    {
      capped = TRUE;
      g_array_set_size (ids, cap);
    }
  ok = TRUE;

out:
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  if (!ok)
    return NULL;
  if (out_capped != NULL)
    *out_capped = capped;
  return g_steal_pointer (&ids);
}

/**
 * custcare_customer_search_list_tiers:
 *
 * Returns: (transfer full): the loyalty tiers' names, lowest first, for the filter menu
 */
GStrv
custcare_customer_search_list_tiers (CustcareStore  *store,
                                     GError        **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  stmt = _custcare_store_prepare (store, "SELECT name FROM loyalty_tiers ORDER BY min_spend", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}
