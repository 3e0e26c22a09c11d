/* test-privacy.c — everything held about a customer as JSON, and erasing it from the file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "custcare-customer-private.h"
#include "custcare-test-shop.h"
#include "custcare-privacy.h"

typedef CustcareTestShop Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  custcare_test_shop_setup (f, "privacy");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  custcare_test_shop_teardown (f, data);
}

static void
exec_sql (CustcareStore *store,
          const char    *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_custcare_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A tiny JSON reader, enough to check the export's structure: objects, arrays, strings (with
 * every escape), numbers, true/false/null. Strict: anything else fails the test. */

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } JsonKind;

typedef struct _Json Json;
struct _Json
{
  JsonKind   kind;
  char      *text;     /* strings; numbers as written */
  gboolean   boolean;
  GPtrArray *items;    /* arrays: Json; objects: Json with key */
  char      *key;
};

static void
json_free (Json *j)
{
  if (j == NULL)
    return;
  g_free (j->text);
  g_free (j->key);
  if (j->items != NULL)
    g_ptr_array_unref (j->items);
  g_free (j);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Json, json_free)

static void
skip_ws (const char **p)
{
  while (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t')
    (*p)++;
}

static char *
parse_string (const char **p)
{
  GString *out = g_string_new (NULL);

  g_assert_cmpint (**p, ==, '"');
  (*p)++;
  while (**p != '"')
    {
      guchar c = **p;

      g_assert_cmpint (c, >=, 0x20); /* control characters must be escaped */
      if (c == '\\')
        {
          (*p)++;
          switch (**p)
            {
            case '"': g_string_append_c (out, '"'); break;
            case '\\': g_string_append_c (out, '\\'); break;
            case '/': g_string_append_c (out, '/'); break;
            case 'b': g_string_append_c (out, '\b'); break;
            case 'f': g_string_append_c (out, '\f'); break;
            case 'n': g_string_append_c (out, '\n'); break;
            case 'r': g_string_append_c (out, '\r'); break;
            case 't': g_string_append_c (out, '\t'); break;
            case 'u':
              {
                char hex[5] = { 0 };
                guint64 value;

                memcpy (hex, *p + 1, 4);
                g_assert_true (g_ascii_string_to_unsigned (hex, 16, 0, 0xffff, &value, NULL));
                g_string_append_unichar (out, (gunichar) value);
                *p += 4;
              }
              break;
            default:
              g_assert_not_reached ();
            }
          (*p)++;
        }
      else
        {
          g_assert_cmpint (c, !=, '\0');
          g_string_append_c (out, c);
          (*p)++;
        }
    }
  (*p)++;
  g_assert_true (g_utf8_validate (out->str, -1, NULL));
  return g_string_free (out, FALSE);
}

static Json *
parse_value (const char **p)
{
  Json *j = g_new0 (Json, 1);

  skip_ws (p);
  if (**p == '{' || **p == '[')
    {
      gboolean object = **p == '{';
      char close = object ? '}' : ']';

      j->kind = object ? J_OBJECT : J_ARRAY;
      j->items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_free);
      (*p)++;
      skip_ws (p);
      if (**p == close)
        {
          (*p)++;
          return j;
        }
      for (;;)
        {
          g_autofree char *key = NULL;
          Json *item;

          skip_ws (p);
          if (object)
            {
              key = parse_string (p);
              skip_ws (p);
              g_assert_cmpint (**p, ==, ':');
              (*p)++;
            }
          item = parse_value (p);
          item->key = g_steal_pointer (&key);
          g_ptr_array_add (j->items, item);
          skip_ws (p);
          if (**p == ',')
            {
              (*p)++;
              continue;
            }
          g_assert_cmpint (**p, ==, close);
          (*p)++;
          return j;
        }
    }
  if (**p == '"')
    {
      j->kind = J_STRING;
      j->text = parse_string (p);
      return j;
    }
  if (g_str_has_prefix (*p, "null"))
    {
      j->kind = J_NULL;
      *p += 4;
      return j;
    }
  if (g_str_has_prefix (*p, "true") || g_str_has_prefix (*p, "false"))
    {
      j->kind = J_BOOL;
      j->boolean = **p == 't';
      *p += j->boolean ? 4 : 5;
      return j;
    }
  {
    const char *start = *p;

    if (**p == '-')
      (*p)++;
    g_assert_true (g_ascii_isdigit (**p));
    while (g_ascii_isdigit (**p) || **p == '.' || **p == 'e' || **p == 'E' || **p == '+' || **p == '-')
      (*p)++;
    j->kind = J_NUMBER;
    j->text = g_strndup (start, *p - start);
  }
  return j;
}

static Json *
json_parse (const char *text)
{
  const char *p = text;
  Json *root = parse_value (&p);

  skip_ws (&p);
  g_assert_cmpint (*p, ==, '\0');
  return root;
}

static Json *
member (Json       *object,
        const char *key)
{
  g_assert_cmpint (object->kind, ==, J_OBJECT);
  for (guint i = 0; i < object->items->len; i++)
    {
      Json *item = g_ptr_array_index (object->items, i);

      if (g_str_equal (item->key, key))
        return item;
    }
  g_error ("no member “%s”", key);
  return NULL;
}

static Json *
element (Json  *array,
         guint  index)
{
  g_assert_cmpint (array->kind, ==, J_ARRAY);
  g_assert_cmpuint (index, <, array->items->len);
  return g_ptr_array_index (array->items, index);
}

static const char *
str_member (Json       *object,
            const char *key)
{
  Json *j = member (object, key);

  g_assert_cmpint (j->kind, ==, J_STRING);
  return j->text;
}

static gint64
int_member (Json       *object,
            const char *key)
{
  Json *j = member (object, key);

  g_assert_cmpint (j->kind, ==, J_NUMBER);
  return g_ascii_strtoll (j->text, NULL, 10);
}

static guint
array_len (Json *array)
{
  g_assert_cmpint (array->kind, ==, J_ARRAY);
  return array->items->len;
}

/* A customer with a distinctive string in every field that can hold personal data. */

static const char *personal[] = {
  "Zyxgivenq", "Zyxfamilyq", "Zyxdisplayq", "Zyxcompanyq", "Zyxstreetq", "Zyxlocalityq", "Zyxregionq", "ZP98765",
  "Zyxcountryq", "Zyxnotesq", "Zyxprefsq", "zyxmail@zyxdomainq.example", "+99 555 8642097", "Zyxmobilelabelq",
  "Zyxtagq", "Zyxsubjectq", "Zyxinteractionnotesq", "Zyxordernotesq", "Zyxcarrierq", "ZYXTRACK123456",
  "Zyxstatusnoteq", "zyxoutboxto@zyxdomainq.example", "Zyxoutboxnameq", "Zyxoutboxsubjectq", "Zyxoutboxbodyq",
  "Zyxsmtperrorq", "Zyxmergedgivenq", "zyxmerged@zyxdomainq.example", "Zyxorphanbodyq",
};

typedef struct
{
  gint64 customer;
  gint64 merged;
  gint64 other;
  gint64 order;
} Shop;

static gint64
insert_customer (Fixture    *f,
                 const char *given,
                 const char *family,
                 const char *email,
                 const char *phone,
                 const char *tag)
{
  g_autoptr (CustcareCustomer) c = custcare_customer_new ();
  g_autoptr (GError) error = NULL;
  gint64 id;

  custcare_customer_set_given_name (c, given);
  custcare_customer_set_family_name (c, family);
  if (email != NULL)
    custcare_customer_add_email (c, "Work", email);
  if (phone != NULL)
    custcare_customer_add_phone (c, phone == personal[12] ? personal[13] : "Mobile", phone);
  if (tag != NULL)
    custcare_customer_add_tag (c, tag);
  id = custcare_customer_repo_insert (f->store, c, &error);
  g_assert_no_error (error);
  return id;
}

static void
make_shop (Fixture *f,
           Shop    *shop)
{
  g_autoptr (CustcareCustomer) c = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;

  shop->customer = insert_customer (f, personal[0], personal[1], personal[11], personal[12], personal[14]);
  c = custcare_customer_repo_get (f->store, shop->customer, &error);
  g_assert_no_error (error);
  custcare_customer_set_display_name (c, personal[2]);
  custcare_customer_set_company (c, personal[3]);
  custcare_customer_set_address_street (c, personal[4]);
  custcare_customer_set_address_locality (c, personal[5]);
  custcare_customer_set_address_region (c, personal[6]);
  custcare_customer_set_address_postal_code (c, personal[7]);
  custcare_customer_set_address_country (c, personal[8]);
  custcare_customer_set_notes (c, "Zyxnotesq with \"quotes\", a \\ backslash, a tab\t, a bell \x07 and ünïcödé ✓");
  custcare_customer_set_preferences (c, personal[10]);
  custcare_customer_set_birthday (c, 1984, 3, 7);
  custcare_customer_set_marketing_consent (c, TRUE, f->now - 100);
  custcare_customer_repo_update (f->store, c, &error);
  g_assert_no_error (error);

  /* A record merged into this one earlier: the same person, archived. */
  shop->merged = insert_customer (f, personal[26], "Zyxfamilyq", personal[27], NULL, NULL);
  /* Someone else, who shares the tag "VIP" but not the distinctive one, and must keep everything. */
  shop->other = insert_customer (f, "Keep", "Me", "keep@example.com", "+1 555 0100", "VIP");

  sql = g_strdup_printf (
    "UPDATE customers SET archived = 1, merged_into_id = %1$" G_GINT64_FORMAT " WHERE id = %2$" G_GINT64_FORMAT ";"
    "INSERT INTO customer_tags (customer_id, tag_id) SELECT %1$" G_GINT64_FORMAT ", id FROM tags WHERE name = 'VIP';"
    "INSERT INTO interactions (customer_id, occurred_at, channel, subject, notes, created_at, updated_at) VALUES "
    "  (%1$" G_GINT64_FORMAT ", 1767000000, 'phone', '%3$s', '%4$s', 1767000000, 1767000000),"
    "  (%1$" G_GINT64_FORMAT ", 1767000100, 'email', 'Second call', 'Zyxinteractionnotesq again', 1767000100, 1767000100);"
    "INSERT INTO orders (id, number, customer_id, placed_at, status, carrier, tracking_number, notes, currency, "
    "  subtotal, discount, total, created_at, updated_at) VALUES "
    "  (501, 'ORD-00501', %1$" G_GINT64_FORMAT ", 1767000000, 'completed', '%5$s', '%6$s', '%7$s', 'EUR', 12345, 345, "
    "   12000, 1767000000, 1767000000),"
    "  (502, 'ORD-00502', %1$" G_GINT64_FORMAT ", 1767000500, 'new', '', '', '', 'EUR', 999, 0, 999, 1767000500, "
    "   1767000500),"
    "  (503, 'ORD-00503', %8$" G_GINT64_FORMAT ", 1767000600, 'new', 'Other Carrier', 'OTHER-TRACK', 'other notes', "
    "   'EUR', 500, 0, 500, 1767000600, 1767000600);"
    "INSERT INTO order_items (order_id, position, description, quantity, unit_price) VALUES "
    "  (501, 0, 'Tulips', 3, 4115), (502, 0, 'Vase', 1, 999);"
    "INSERT INTO order_status_history (order_id, changed_at, from_status, to_status, note, actor, refund) VALUES "
    "  (501, 1767000000, NULL, 'new', '', '', 0),"
    "  (501, 1767000050, 'new', 'completed', '%9$s', 'owner', 0),"
    "  (503, 1767000600, NULL, 'new', 'other status note', '', 0);"
    "INSERT INTO loyalty_ledger (customer_id, created_at, delta, kind, order_id, reason) VALUES "
    "  (%1$" G_GINT64_FORMAT ", 1767000050, 120, 'earn', 501, 'Order ORD-00501 completed'),"
    "  (%1$" G_GINT64_FORMAT ", 1767000060, -20, 'redeem', 502, 'Spent on order ORD-00502'),"
    "  (%1$" G_GINT64_FORMAT ", 1767000070, 5, 'adjust', NULL, 'Goodwill');"
    "INSERT INTO outbox (customer_id, order_id, template_id, to_address, to_name, subject, body, status, last_error, "
    "  created_at) VALUES "
    "  (%1$" G_GINT64_FORMAT ", 501, 'order-confirmed', '%10$s', '%11$s', '%12$s', '%13$s', 'failed', '%14$s', "
    "   1767000000),"
    "  (%1$" G_GINT64_FORMAT ", 502, NULL, '%10$s', '%11$s', '%12$s', '%13$s queued', 'queued', '', 1767000500),"
    "  (%8$" G_GINT64_FORMAT ", 503, NULL, 'keep@example.com', 'Keep Me', 'Other subject', 'Other body', 'queued', '', "
    "   1767000600),"
    /* A message about their order whose customer link was lost. */
    "  (NULL, 502, NULL, '%10$s', '', 'About your order', '%15$s', 'sent', '', 1767000700);",
    shop->customer, shop->merged, personal[15], personal[16], personal[18], personal[19], personal[17],
    shop->other, personal[20], personal[21], personal[22], personal[23], personal[24], personal[25], personal[28]);
  exec_sql (f->store, sql);
  shop->order = 501;
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  Shop shop;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr (Json) root = NULL;
  g_autofree char *out_path = NULL;
  g_autoptr (GFile) out = NULL;
  g_autofree char *written = NULL;
  Json *customer, *orders, *order, *history, *ledger, *outbox, *phones, *emails, *tags, *interactions, *merged;
  GStatBuf st;

  make_shop (f, &shop);
  json = custcare_privacy_export_json (f->store, shop.customer, &error);
  g_assert_no_error (error);
  root = json_parse (json);

  g_assert_cmpstr (str_member (root, "format"), ==, CUSTCARE_PRIVACY_EXPORT_FORMAT);
  g_assert_cmpstr (str_member (root, "exported_at"), ==, "2026-01-01T00:00:00Z");

  customer = member (root, "customer");
  g_assert_cmpint (int_member (customer, "id"), ==, shop.customer);
  g_assert_cmpstr (str_member (customer, "given_name"), ==, personal[0]);
  g_assert_cmpstr (str_member (customer, "family_name"), ==, personal[1]);
  g_assert_cmpstr (str_member (customer, "display_name"), ==, personal[2]);
  g_assert_cmpstr (str_member (customer, "company"), ==, personal[3]);
  g_assert_cmpstr (str_member (customer, "address_street"), ==, personal[4]);
  g_assert_cmpstr (str_member (customer, "address_postal_code"), ==, personal[7]);
  /* Quotes, backslash, tab and a control character survive the escaping. */
  g_assert_cmpstr (str_member (customer, "notes"), ==,
                   "Zyxnotesq with \"quotes\", a \\ backslash, a tab\t, a bell \x07 and ünïcödé ✓");
  g_assert_nonnull (strstr (json, "a bell \\u0007 and"));
  g_assert_cmpstr (str_member (customer, "preferences"), ==, personal[10]);
  g_assert_cmpint (int_member (customer, "birthday_year"), ==, 1984);
  g_assert_cmpint (int_member (customer, "marketing_consent"), ==, 1);
  g_assert_cmpint (int_member (customer, "marketing_consent_at"), ==, f->now - 100);
  g_assert_cmpint (member (customer, "erased_at")->kind, ==, J_NULL);

  phones = member (root, "phones");
  g_assert_cmpuint (array_len (phones), ==, 1);
  g_assert_cmpstr (str_member (element (phones, 0), "number"), ==, personal[12]);
  g_assert_cmpstr (str_member (element (phones, 0), "label"), ==, personal[13]);
  emails = member (root, "emails");
  g_assert_cmpuint (array_len (emails), ==, 1);
  g_assert_cmpstr (str_member (element (emails, 0), "address"), ==, personal[11]);
  tags = member (root, "tags");
  g_assert_cmpuint (array_len (tags), ==, 2);
  g_assert_cmpstr (element (tags, 0)->text, ==, "VIP");
  g_assert_cmpstr (element (tags, 1)->text, ==, personal[14]);

  interactions = member (root, "interactions");
  g_assert_cmpuint (array_len (interactions), ==, 2);
  g_assert_cmpstr (str_member (element (interactions, 0), "subject"), ==, personal[15]);
  g_assert_cmpstr (str_member (element (interactions, 0), "notes"), ==, personal[16]);
  g_assert_cmpstr (str_member (element (interactions, 1), "channel"), ==, "email");

  orders = member (root, "orders");
  g_assert_cmpuint (array_len (orders), ==, 2);
  order = element (orders, 0);
  g_assert_cmpstr (str_member (order, "number"), ==, "ORD-00501");
  g_assert_cmpint (int_member (order, "total"), ==, 12000);
  g_assert_cmpstr (str_member (order, "carrier"), ==, personal[18]);
  g_assert_cmpstr (str_member (order, "tracking_number"), ==, personal[19]);
  g_assert_cmpstr (str_member (order, "notes"), ==, personal[17]);
  g_assert_cmpuint (array_len (member (order, "items")), ==, 1);
  g_assert_cmpstr (str_member (element (member (order, "items"), 0), "description"), ==, "Tulips");
  g_assert_cmpint (int_member (element (member (order, "items"), 0), "unit_price"), ==, 4115);
  history = member (order, "status_history");
  g_assert_cmpuint (array_len (history), ==, 2);
  g_assert_cmpint (member (element (history, 0), "from_status")->kind, ==, J_NULL);
  g_assert_cmpstr (str_member (element (history, 1), "to_status"), ==, "completed");
  g_assert_cmpstr (str_member (element (history, 1), "note"), ==, personal[20]);
  g_assert_cmpuint (array_len (member (element (orders, 1), "status_history")), ==, 0);

  ledger = member (root, "loyalty_ledger");
  g_assert_cmpuint (array_len (ledger), ==, 3);
  g_assert_cmpint (int_member (element (ledger, 0), "delta"), ==, 120);
  g_assert_cmpstr (str_member (element (ledger, 0), "kind"), ==, "earn");
  g_assert_cmpstr (str_member (element (ledger, 2), "reason"), ==, "Goodwill");

  outbox = member (root, "outbox");
  g_assert_cmpuint (array_len (outbox), ==, 3);
  g_assert_cmpstr (str_member (element (outbox, 2), "body"), ==, personal[28]);
  g_assert_cmpint (member (element (outbox, 2), "customer_id")->kind, ==, J_NULL);
  g_assert_cmpstr (str_member (element (outbox, 0), "to_address"), ==, personal[21]);
  g_assert_cmpstr (str_member (element (outbox, 0), "body"), ==, personal[24]);
  g_assert_cmpstr (str_member (element (outbox, 0), "last_error"), ==, personal[25]);

  merged = member (root, "merged_records");
  g_assert_cmpuint (array_len (merged), ==, 1);
  g_assert_cmpstr (str_member (element (merged, 0), "given_name"), ==, personal[26]);

  /* Nothing about the other customer. */
  g_assert_null (strstr (json, "keep@example.com"));
  g_assert_null (strstr (json, "OTHER-TRACK"));
  g_assert_null (strstr (json, "Other body"));

  /* To a file: atomically, private. */
  out_path = g_build_filename (f->dir, "export.json", NULL);
  out = g_file_new_for_path (out_path);
  g_file_set_contents (out_path, "old", -1, NULL);
  g_assert_true (custcare_privacy_export (f->store, shop.customer, out, NULL, &error));
  g_assert_no_error (error);
  g_file_get_contents (out_path, &written, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==, json);
  g_assert_cmpint (g_stat (out_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* A customer who does not exist: a clear error, the file untouched. */
  g_assert_false (custcare_privacy_export (f->store, 424242, out, NULL, &error));
  g_assert_error (error, CUSTCARE_PRIVACY_ERROR, CUSTCARE_PRIVACY_ERROR_NOT_FOUND);
  g_clear_pointer (&written, g_free);
  g_file_get_contents (out_path, &written, NULL, NULL);
  g_assert_cmpstr (written, ==, json);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  return memmem (contents, len, needle, strlen (needle)) != NULL;
}

static void
assert_file_clean (const char *db_path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[s], NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
        {
          g_autofree char *lower = g_ascii_strdown (personal[i], -1);

          if (file_contains (path, personal[i]) || file_contains (path, lower))
            g_error ("“%s” is still in %s", personal[i], path);
        }
    }
}

static void
test_erase (Fixture       *f,
            gconstpointer  data)
{
  Shop shop;
  g_autoptr (GError) error = NULL;
  g_autoptr (CustcareCustomer) erased = NULL;
  g_autoptr (CustcareCustomer) other = NULL;
  g_autofree char *name = NULL;
  g_autofree char *status_note = NULL;
  gint64 totals_before, totals_after, points_before, history_before;
  gboolean found_before = FALSE;

  make_shop (f, &shop);
  /* Checkpoint so every string is in the main file too, the way a shop's database usually is. */
  exec_sql (f->store, "PRAGMA wal_checkpoint(TRUNCATE)");
  for (guint i = 0; i < G_N_ELEMENTS (personal) && !found_before; i++)
    found_before = file_contains (f->path, personal[i]);
  g_assert_true (found_before); /* the check below can fail */

  totals_before = custcare_test_query_int (f->store, "SELECT sum(total) * 1000 + count(*) FROM orders", 0);
  points_before = custcare_test_query_int (f->store, "SELECT sum(delta) * 1000 + count(*) FROM loyalty_ledger", 0);
  history_before = custcare_test_query_int (f->store, "SELECT count(*) FROM order_status_history", 0);

  g_assert_true (custcare_privacy_erase (f->store, shop.customer, &error));
  g_assert_no_error (error);

  /* The books are unchanged. */
  totals_after = custcare_test_query_int (f->store, "SELECT sum(total) * 1000 + count(*) FROM orders", 0);
  g_assert_cmpint (totals_before, ==, totals_after);
  g_assert_cmpint (points_before, ==, custcare_test_query_int (f->store, "SELECT sum(delta) * 1000 + count(*) FROM loyalty_ledger", 0));
  g_assert_cmpint (history_before, ==, custcare_test_query_int (f->store, "SELECT count(*) FROM order_status_history", 0));
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT total FROM orders WHERE id = 501", 0), ==, 12000);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT subtotal - discount FROM orders WHERE id = 501", 0), ==, 12000);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM order_items WHERE order_id IN (501, 502)", 0), ==, 2);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT customer_id FROM orders WHERE id = 501", 0), ==, shop.customer);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM loyalty_ledger WHERE customer_id = ?1", shop.customer),
                   ==, 3);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT id FROM order_status_history WHERE note = '' AND to_status = "
                                        "'completed' AND order_id = 501 AND actor = 'owner'", 0),
                   >, 0);

  /* The customer row stays, as "Erased customer". */
  erased = custcare_customer_repo_get (f->store, shop.customer, &error);
  g_assert_no_error (error);
  name = custcare_customer_dup_title (erased);
  g_assert_cmpstr (name, ==, "Erased customer");
  g_assert_cmpstr (custcare_customer_get_given_name (erased), ==, "");
  g_assert_cmpstr (custcare_customer_get_company (erased), ==, "");
  g_assert_cmpuint (custcare_customer_get_phones (erased)->len, ==, 0);
  g_assert_cmpuint (custcare_customer_get_emails (erased)->len, ==, 0);
  g_assert_null (custcare_customer_get_tags (erased)[0]);
  g_assert_true (custcare_customer_get_archived (erased));
  g_assert_true (custcare_customer_get_do_not_contact (erased));
  g_assert_false (custcare_customer_get_marketing_consent (erased));
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT erased_at FROM customers WHERE id = ?1", shop.customer), ==, f->now);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT erased_at FROM customers WHERE id = ?1", shop.merged), ==, f->now);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customer_search WHERE rowid = ?1", shop.customer), ==,
                   0);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM tags WHERE name = 'Zyxtagq'", 0), ==, 0);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM outbox WHERE status = 'queued' AND customer_id = ?1",
                              shop.customer),
                   ==, 0);

  /* The other customer keeps everything, including the shared tag. */
  other = custcare_customer_repo_get (f->store, shop.other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (custcare_customer_get_primary_email (other), ==, "keep@example.com");
  g_assert_true (custcare_customer_has_tag (other, "VIP"));
  status_note = custcare_test_query_text (f->store, "SELECT note FROM order_status_history WHERE order_id = 503", 0);
  g_assert_cmpstr (status_note, ==, "other status note");
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM outbox WHERE body = 'Other body' AND status = 'queued'",
                              0),
                   ==, 1);
  g_assert_cmpint (custcare_test_query_int (f->store,
                              "SELECT rowid FROM customer_search WHERE customer_search MATCH 'keep'", 0),
                   ==, shop.other);
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT count(*) FROM customer_search WHERE customer_search MATCH 'zyx*'", 0),
                   ==, 0);

  /* Nothing personal is left in the bytes of the file, its WAL or shared memory. */
  assert_file_clean (f->path);
  g_clear_object (&f->store);
  assert_file_clean (f->path);

  /* Erasing twice is refused clearly. */
  f->store = custcare_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_false (custcare_privacy_erase (f->store, shop.customer, &error));
  g_assert_error (error, CUSTCARE_PRIVACY_ERROR, CUSTCARE_PRIVACY_ERROR_ERASED);
  g_clear_error (&error);
  g_assert_false (custcare_privacy_erase (f->store, 424242, &error));
  g_assert_error (error, CUSTCARE_PRIVACY_ERROR, CUSTCARE_PRIVACY_ERROR_NOT_FOUND);
  g_assert_true (custcare_store_verify (f->store, NULL));
}

static void
test_erase_refused_changes_nothing (Fixture       *f,
                                    gconstpointer  data)
{
  Shop shop;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  make_shop (f, &shop);
  before = custcare_privacy_export_json (f->store, shop.customer, &error);
  g_assert_no_error (error);
  /* A trigger that fails half-way through the erase: everything rolls back. */
  exec_sql (f->store, "CREATE TEMP TRIGGER fail_erase BEFORE UPDATE OF notes ON orders "
                      "BEGIN SELECT RAISE (ABORT, 'refused for the test'); END");
  g_assert_false (custcare_privacy_erase (f->store, shop.customer, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  exec_sql (f->store, "DROP TRIGGER temp.fail_erase");
  after = custcare_privacy_export_json (f->store, shop.customer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (before, ==, after);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} AsyncState;

static void
erase_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = custcare_privacy_erase_finish (CUSTCARE_STORE (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_erase_async (Fixture       *f,
                  gconstpointer  data)
{
  Shop shop;
  AsyncState state = { 0 };
  g_autoptr (GError) error = NULL;

  make_shop (f, &shop);
  state.loop = g_main_loop_new (NULL, FALSE);
  custcare_privacy_erase_async (f->store, shop.customer, NULL, erase_done, &state);
  g_main_loop_run (state.loop);
  g_main_loop_unref (state.loop);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  /* The main connection sees it, and the file is clean while the main connection is open. */
  g_assert_cmpint (custcare_test_query_int (f->store, "SELECT erased_at FROM customers WHERE id = ?1", shop.customer), ==, f->now);
  assert_file_clean (f->path);
}

/* CUSTCARE_PRIVACY_BENCH_DB=shop.db (a copy: it is changed) times an export and an erase in a big
 * shop, e.g. one made by bench/custcare-bench-generate. */
static void
test_bench (void)
{
  const char *path = g_getenv ("CUSTCARE_PRIVACY_BENCH_DB");
  g_autoptr (CustcareStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  gint64 id, t0, size_before, size_after;
  GStatBuf st;

  if (path == NULL)
    {
      g_test_skip ("set CUSTCARE_PRIVACY_BENCH_DB to a copy of a big shop");
      return;
    }
  store = custcare_store_open (path, &error);
  g_assert_no_error (error);
  id = custcare_test_query_int (store, "SELECT customer_id FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE "
                         "erased_at IS NULL) ORDER BY id DESC LIMIT 1",
                  0);
  g_assert_cmpint (id, >, 0);
  t0 = g_get_monotonic_time ();
  json = custcare_privacy_export_json (store, id, &error);
  g_assert_no_error (error);
  g_test_message ("export of customer %" G_GINT64_FORMAT ": %zu bytes in %.1f ms", id, strlen (json),
                  (g_get_monotonic_time () - t0) / 1000.0);
  g_stat (path, &st);
  size_before = st.st_size;
  t0 = g_get_monotonic_time ();
  g_assert_true (custcare_privacy_erase (store, id, &error));
  g_assert_no_error (error);
  g_stat (path, &st);
  size_after = st.st_size;
  g_test_message ("erase + scrub in a %" G_GINT64_FORMAT "-customer shop (%.0f MiB, after %.0f MiB): %.1f s",
                  custcare_test_query_int (store, "SELECT count(*) FROM customers", 0), size_before / 1048576.0,
                  size_after / 1048576.0, (g_get_monotonic_time () - t0) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/privacy/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);
  g_test_add ("/privacy/erase", Fixture, NULL, fixture_setup, test_erase, fixture_teardown);
  g_test_add ("/privacy/erase-refused", Fixture, NULL, fixture_setup, test_erase_refused_changes_nothing,
              fixture_teardown);
  g_test_add ("/privacy/erase-async", Fixture, NULL, fixture_setup, test_erase_async, fixture_teardown);
  g_test_add_func ("/privacy/bench", test_bench);

  return g_test_run ();
}
