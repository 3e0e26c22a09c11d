/* custcare-templates.c — the texts of the emails CustCare sends to customers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Defaults are not stored in the database: keeping them in code means they follow the user's
 * language and improve with new versions until the shop writes its own.
 */
#define G_LOG_DOMAIN "custcare-templates"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "custcare-money.h"
#include "custcare-store-private.h"
#include "custcare-templates.h"

typedef struct
{
  const char *id;
  const char *label;
  const char *trigger_status;
  gboolean    marketing;
  gboolean    enabled_by_default;
} TemplateInfo;

static const TemplateInfo template_info[] = {
  { CUSTCARE_TEMPLATE_ORDER_CONFIRMED, N_("Order confirmed"), "confirmed", FALSE, TRUE },
  { CUSTCARE_TEMPLATE_ORDER_READY, N_("Ready for pickup"), "ready", FALSE, TRUE },
  { CUSTCARE_TEMPLATE_ORDER_SHIPPED, N_("Order shipped"), "shipped", FALSE, TRUE },
  /* Marketing needs consent, and some shops would rather thank in person: off until switched on. */
  { CUSTCARE_TEMPLATE_THANK_YOU, N_("Thank you"), "completed", TRUE, FALSE },
  { CUSTCARE_TEMPLATE_FOLLOW_UP, N_("Follow-up"), NULL, TRUE, FALSE },
};

static const char * const template_ids[] = {
  CUSTCARE_TEMPLATE_ORDER_CONFIRMED,
  CUSTCARE_TEMPLATE_ORDER_READY,
  CUSTCARE_TEMPLATE_ORDER_SHIPPED,
  CUSTCARE_TEMPLATE_THANK_YOU,
  CUSTCARE_TEMPLATE_FOLLOW_UP,
  NULL,
};

G_DEFINE_BOXED_TYPE (CustcareTemplate, custcare_template, custcare_template_copy, custcare_template_free)

CustcareTemplate *
custcare_template_copy (const CustcareTemplate *tmpl)
{
  CustcareTemplate *copy = g_new0 (CustcareTemplate, 1);

  copy->id = g_strdup (tmpl->id);
  copy->subject = g_strdup (tmpl->subject);
  copy->body = g_strdup (tmpl->body);
  copy->enabled = tmpl->enabled;
  copy->customized = tmpl->customized;
  return copy;
}

void
custcare_template_free (CustcareTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_free (tmpl->id);
  g_free (tmpl->subject);
  g_free (tmpl->body);
  g_free (tmpl);
}

static const TemplateInfo *
find_info (const char *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (template_info); i++)
    if (g_str_equal (template_info[i].id, id))
      return &template_info[i];
  return NULL;
}

static gboolean
check_id (const char  *id,
          GError     **error)
{
  if (find_info (id) != NULL)
    return TRUE;
  g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_INVALID,
               _("There is no message template called “%s”."), id ? id : "");
  return FALSE;
}

const char * const *
custcare_templates_list_ids (void)
{
  return template_ids;
}

gboolean
custcare_templates_is_valid_id (const char *id)
{
  return find_info (id) != NULL;
}

const char *
custcare_templates_get_label (const char *id)
{
  const TemplateInfo *info = find_info (id);

  return info ? _(info->label) : id;
}

gboolean
custcare_templates_is_marketing (const char *id)
{
  const TemplateInfo *info = find_info (id);

  /* An unknown kind of message is treated as the stricter one. */
  return info ? info->marketing : TRUE;
}

const char *
custcare_templates_get_trigger_status (const char *id)
{
  const TemplateInfo *info = find_info (id);

  return info ? info->trigger_status : NULL;
}

const char *
custcare_templates_for_status (const char *status)
{
  if (status == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (template_info); i++)
    if (g_strcmp0 (template_info[i].trigger_status, status) == 0)
      return template_info[i].id;
  return NULL;
}

CustcareTemplate *
custcare_templates_get_default (const char *id)
{
  const TemplateInfo *info = find_info (id);
  CustcareTemplate *tmpl;

  g_return_val_if_fail (info != NULL, NULL);

  tmpl = g_new0 (CustcareTemplate, 1);
  tmpl->id = g_strdup (id);
  tmpl->enabled = info->enabled_by_default;

  /* Translators: the texts below are emails to a shop's customers. Keep the words in braces
   * ({customer_name}, {order_number}, …) exactly as they are: they are replaced when sending. */
  if (g_str_equal (id, CUSTCARE_TEMPLATE_ORDER_CONFIRMED))
    {
      tmpl->subject = g_strdup (_("Your order {order_number} is confirmed"));
      tmpl->body = g_strdup (_("Hello {customer_name},\n"
                               "\n"
                               "thank you for your order. We have confirmed it and are getting it ready:\n"
                               "\n"
                               "{items}\n"
                               "\n"
                               "Total: {total}\n"
                               "\n"
                               "We will let you know as soon as it is on its way or ready for you.\n"
                               "\n"
                               "Kind regards,\n"
                               "{shop_name}\n"));
    }
  else if (g_str_equal (id, CUSTCARE_TEMPLATE_ORDER_READY))
    {
      tmpl->subject = g_strdup (_("Your order {order_number} is ready for pickup"));
      tmpl->body = g_strdup (_("Hello {customer_name},\n"
                               "\n"
                               "good news: your order {order_number} is ready and waiting for you.\n"
                               "\n"
                               "{items}\n"
                               "\n"
                               "Total: {total}\n"
                               "\n"
                               "Just drop by during our opening hours. See you soon!\n"
                               "\n"
                               "{shop_name}\n"));
    }
  else if (g_str_equal (id, CUSTCARE_TEMPLATE_ORDER_SHIPPED))
    {
      tmpl->subject = g_strdup (_("Your order {order_number} is on its way"));
      tmpl->body = g_strdup (_("Hello {customer_name},\n"
                               "\n"
                               "your order {order_number} has just been shipped with {carrier}.\n"
                               "Tracking number: {tracking}\n"
                               "\n"
                               "{items}\n"
                               "\n"
                               "We hope you enjoy it.\n"
                               "\n"
                               "Kind regards,\n"
                               "{shop_name}\n"));
    }
  else if (g_str_equal (id, CUSTCARE_TEMPLATE_THANK_YOU))
    {
      tmpl->subject = g_strdup (_("Thank you from {shop_name}"));
      tmpl->body = g_strdup (_("Hello {customer_name},\n"
                               "\n"
                               "thank you for shopping with us. We hope you are happy with your order "
                               "{order_number}.\n"
                               "If anything is not quite right, just reply to this email and we will "
                               "sort it out.\n"
                               "\n"
                               "Warm regards,\n"
                               "{shop_name}\n"));
    }
  else
    {
      tmpl->subject = g_strdup (_("How are you getting on, {customer_name}?"));
      tmpl->body = g_strdup (_("Hello {customer_name},\n"
                               "\n"
                               "it has been a little while since your last visit, and we wanted to "
                               "check in.\n"
                               "Is there anything we can help you with? Simply reply to this email.\n"
                               "\n"
                               "Best wishes,\n"
                               "{shop_name}\n"));
    }

  return tmpl;
}

CustcareTemplate *
custcare_templates_get (CustcareStore  *store,
                        const char     *id,
                        GError        **error)
{
  g_autoptr (CustcareTemplate) tmpl = NULL;
  g_autoptr (CustcareStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  if (!check_id (id, error))
    return NULL;

  tmpl = custcare_templates_get_default (id);
  stmt = _custcare_store_prepare (store, "SELECT subject, body, enabled FROM message_templates WHERE id = ?1",
                                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *subject = (const char *) sqlite3_column_text (stmt, 0);
      const char *body = (const char *) sqlite3_column_text (stmt, 1);

      /* An empty text in the row means "the default", so switching a template off does not
       * freeze its default text in today's language. */
      if (subject != NULL && *subject != '\0')
        {
          g_set_str (&tmpl->subject, subject);
          tmpl->customized = TRUE;
        }
      if (body != NULL && *body != '\0')
        {
          g_set_str (&tmpl->body, body);
          tmpl->customized = TRUE;
        }
      tmpl->enabled = sqlite3_column_int (stmt, 2) != 0;
    }
  else if (rc != SQLITE_DONE)
    {
      _custcare_store_set_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&tmpl);
}

/* Writes one row; NULL subject/body keep what is stored, "" means the default. */
static gboolean
write_row (CustcareStore  *store,
           const char     *id,
           const char     *subject,
           const char     *body,
           int             enabled,
           GError        **error)
{
  g_autoptr (CustcareTemplate) current = NULL;
  g_autoptr (CustcareTemplate) fallback = NULL;
  g_autoptr (CustcareStmt) stmt = NULL;
  g_autofree char *stored_subject = NULL;
  g_autofree char *stored_body = NULL;

  if (!check_id (id, error))
    return FALSE;

  current = custcare_templates_get (store, id, error);
  if (current == NULL)
    return FALSE;
  fallback = custcare_templates_get_default (id);

  if (subject == NULL)
    stored_subject = g_strdup (g_str_equal (current->subject, fallback->subject) ? "" : current->subject);
  else
    stored_subject = g_strdup (g_str_equal (subject, fallback->subject) ? "" : subject);
  if (body == NULL)
    stored_body = g_strdup (g_str_equal (current->body, fallback->body) ? "" : current->body);
  else
    stored_body = g_strdup (g_str_equal (body, fallback->body) ? "" : body);
  if (enabled < 0)
    enabled = current->enabled;

  stmt = _custcare_store_prepare (store,
                                  "INSERT INTO message_templates (id, subject, body, enabled) VALUES (?1, ?2, ?3, ?4) "
                                  "ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, "
                                  "body = excluded.body, enabled = excluded.enabled",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, stored_subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, stored_body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, enabled ? 1 : 0);
  return _custcare_store_step_done (store, stmt, error);
}

gboolean
custcare_templates_save (CustcareStore  *store,
                         const char     *id,
                         const char     *subject,
                         const char     *body,
                         GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);
  g_return_val_if_fail (subject != NULL && body != NULL, FALSE);

  g_autofree char *trimmed = g_strstrip (g_strdup (subject));

  if (*trimmed == '\0')
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_INVALID,
                   _("A message needs a subject."));
      return FALSE;
    }
  if (strchr (subject, '\n') != NULL || strchr (subject, '\r') != NULL)
    {
      g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_INVALID,
                   _("The subject must fit on one line."));
      return FALSE;
    }
  return write_row (store, id, subject, body, -1, error);
}

gboolean
custcare_templates_set_enabled (CustcareStore  *store,
                                const char     *id,
                                gboolean        enabled,
                                GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  return write_row (store, id, NULL, NULL, enabled ? 1 : 0, error);
}

gboolean
custcare_templates_reset (CustcareStore  *store,
                          const char     *id,
                          GError        **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  return write_row (store, id, "", "", -1, error);
}

static char *
dup_column (CustcareStmt *stmt,
            int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return g_strdup (text ? text : "");
}

GHashTable *
custcare_templates_collect_values (CustcareStore  *store,
                                   gint64          customer_id,
                                   gint64          order_id,
                                   GError        **error)
{
  g_autoptr (GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *shop_name = NULL;
  int rc;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  shop_name = custcare_store_get_setting (store, "shop.name");
  g_hash_table_insert (values, (gpointer) "shop_name", g_strdup (shop_name && *shop_name ? shop_name : ""));

  if (customer_id > 0)
    {
      g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store,
                                                               "SELECT given_name, display_name, family_name, company "
                                                               "FROM customers WHERE id = ?1",
                                                               error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, customer_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          g_autofree char *given = dup_column (stmt, 0);
          g_autofree char *display = dup_column (stmt, 1);
          g_autofree char *family = dup_column (stmt, 2);
          g_autofree char *company = dup_column (stmt, 3);
          /* Greet people by their given name; a business by its name. */
          const char *name = *given ? given : *display ? display : *family ? family : company;

          g_hash_table_insert (values, (gpointer) "customer_name", g_strdup (name));
        }
      else if (rc == SQLITE_DONE)
        {
          g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_FOUND,
                       _("This customer no longer exists."));
          return NULL;
        }
      else
        {
          _custcare_store_set_error (store, rc, error);
          return NULL;
        }
    }
  if (!g_hash_table_contains (values, "customer_name") ||
      *(const char *) g_hash_table_lookup (values, "customer_name") == '\0')
    g_hash_table_insert (values, (gpointer) "customer_name", g_strdup (_("valued customer")));

  if (order_id > 0)
    {
      g_autoptr (CustcareStmt) stmt = _custcare_store_prepare (store,
                                                               "SELECT number, total, currency, carrier, tracking_number "
                                                               "FROM orders WHERE id = ?1",
                                                               error);
      g_autoptr (GString) items = g_string_new (NULL);
      g_autofree char *currency = NULL;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, order_id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          if (rc == SQLITE_DONE)
            g_set_error (error, CUSTCARE_STORE_ERROR, CUSTCARE_STORE_ERROR_NOT_FOUND,
                         _("This order no longer exists."));
          else
            _custcare_store_set_error (store, rc, error);
          return NULL;
        }
      currency = dup_column (stmt, 2);
      if (*currency == '\0')
        g_set_str (&currency, NULL);
      if (currency == NULL)
        currency = custcare_money_dup_shop_currency (store);
      g_hash_table_insert (values, (gpointer) "order_number", dup_column (stmt, 0));
      g_hash_table_insert (values, (gpointer) "total", custcare_money_format (sqlite3_column_int64 (stmt, 1), currency));
      g_hash_table_insert (values, (gpointer) "carrier", dup_column (stmt, 3));
      g_hash_table_insert (values, (gpointer) "tracking", dup_column (stmt, 4));

      {
        g_autoptr (CustcareStmt) lines = _custcare_store_prepare (store,
                                                                  "SELECT quantity, description, quantity * unit_price "
                                                                  "FROM order_items WHERE order_id = ?1 "
                                                                  "ORDER BY position, id",
                                                                  error);
        if (lines == NULL)
          return NULL;
        sqlite3_bind_int64 (lines, 1, order_id);
        while ((rc = sqlite3_step (lines)) == SQLITE_ROW)
          {
            g_autofree char *amount = custcare_money_format (sqlite3_column_int64 (lines, 2), currency);
            g_autofree char *quantity = g_strdup_printf ("%'" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (lines, 0));

            if (items->len > 0)
              g_string_append_c (items, '\n');
            /* Translators: one line of an order in an email: quantity, description, amount. */
            g_string_append_printf (items, _("%s × %s — %s"), quantity,
                                    (const char *) sqlite3_column_text (lines, 1), amount);
          }
        if (rc != SQLITE_DONE)
          {
            _custcare_store_set_error (store, rc, error);
            return NULL;
          }
      }
      g_hash_table_insert (values, (gpointer) "items", g_string_free (g_steal_pointer (&items), FALSE));
    }
  else
    {
      g_hash_table_insert (values, (gpointer) "order_number", g_strdup (""));
      g_hash_table_insert (values, (gpointer) "total", g_strdup (""));
      g_hash_table_insert (values, (gpointer) "carrier", g_strdup (""));
      g_hash_table_insert (values, (gpointer) "tracking", g_strdup (""));
      g_hash_table_insert (values, (gpointer) "items", g_strdup (""));
    }

  return g_steal_pointer (&values);
}

GHashTable *
custcare_templates_sample_values (CustcareStore *store)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *shop_name = store ? custcare_store_get_setting (store, "shop.name") : NULL;
  g_autofree char *currency = store ? custcare_money_dup_shop_currency (store) : g_strdup ("EUR");
  g_autofree char *line1 = custcare_money_format (2400, currency);
  g_autofree char *line2 = custcare_money_format (850, currency);

  g_hash_table_insert (values, (gpointer) "customer_name", g_strdup (_("Alex")));
  g_hash_table_insert (values, (gpointer) "order_number", g_strdup ("ORD-00042"));
  {
    /* Translators: sample order lines for the template preview. */
    g_autofree char *a = g_strdup_printf (_("2 × Ceramic mug — %s"), line1);
    g_autofree char *b = g_strdup_printf (_("1 × Linen tea towel — %s"), line2);

    g_hash_table_insert (values, (gpointer) "items", g_strdup_printf ("%s\n%s", a, b));
  }
  g_hash_table_insert (values, (gpointer) "total", custcare_money_format (3250, currency));
  g_hash_table_insert (values, (gpointer) "tracking", g_strdup ("1Z999AA10123456784"));
  g_hash_table_insert (values, (gpointer) "carrier", g_strdup (_("Parcel Post")));
  g_hash_table_insert (values, (gpointer) "shop_name",
                       g_strdup (shop_name && *shop_name ? shop_name : _("Your Shop")));
  return values;
}

char *
custcare_templates_expand (const char *text,
                           GHashTable *values)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 64);
  p = text;
  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close;
      g_autofree char *name = NULL;
      const char *value;

      if (open == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      close = strchr (open + 1, '}');
      if (close == NULL)
        {
          g_string_append (out, open);
          break;
        }
      name = g_strndup (open + 1, close - open - 1);
      value = values ? g_hash_table_lookup (values, name) : NULL;
      if (value != NULL)
        {
          g_string_append (out, value);
          p = close + 1;
        }
      else
        {
          g_string_append_c (out, '{');
          p = open + 1;
        }
    }

  return g_string_free (out, FALSE);
}

gboolean
custcare_templates_render (CustcareStore  *store,
                           const char     *id,
                           gint64          customer_id,
                           gint64          order_id,
                           char          **out_subject,
                           char          **out_body,
                           GError        **error)
{
  g_autoptr (CustcareTemplate) tmpl = NULL;
  g_autoptr (GHashTable) values = NULL;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  tmpl = custcare_templates_get (store, id, error);
  if (tmpl == NULL)
    return FALSE;
  values = custcare_templates_collect_values (store, customer_id, order_id, error);
  if (values == NULL)
    return FALSE;

  subject = custcare_templates_expand (tmpl->subject, values);
  /* A value with a line break (items) must never split the subject header. */
  g_strdelimit (subject, "\r\n", ' ');
  if (out_subject)
    *out_subject = g_steal_pointer (&subject);
  if (out_body)
    *out_body = custcare_templates_expand (tmpl->body, values);
  return TRUE;
}
