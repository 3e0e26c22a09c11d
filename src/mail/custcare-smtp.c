/* custcare-smtp.c — sending one email to the shop's mail server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libcurl speaks SMTP (and does the dot-stuffing and the final "." itself); this file builds a
 * proper MIME message and turns curl's results into errors a shop owner can act on, keeping the
 * server's own words, and into "try again later" versus "this will not work" for the outbox.
 */
#define G_LOG_DOMAIN "custcare-smtp"

#include "config.h"

#include <curl/curl.h>
#include <glib/gi18n.h>
#include <string.h>

#include "custcare-smtp.h"

G_DEFINE_QUARK (custcare-smtp-error-quark, custcare_smtp_error)

void
custcare_smtp_account_free (CustcareSmtpAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->host);
  g_free (account->user);
  if (account->password != NULL)
    {
      /* Do not leave the password lying around in freed memory. */
      memset (account->password, 0, strlen (account->password));
      g_free (account->password);
    }
  g_free (account->from_name);
  g_free (account->from_address);
  g_free (account->ca_file);
  g_free (account);
}

const char *
custcare_smtp_security_to_string (CustcareSmtpSecurity security)
{
  switch (security)
    {
    case CUSTCARE_SMTP_SECURITY_TLS:
      return "tls";
    case CUSTCARE_SMTP_SECURITY_NONE:
      return "none";
    case CUSTCARE_SMTP_SECURITY_STARTTLS:
    default:
      return "starttls";
    }
}

CustcareSmtpSecurity
custcare_smtp_security_from_string (const char *text)
{
  if (g_strcmp0 (text, "tls") == 0)
    return CUSTCARE_SMTP_SECURITY_TLS;
  if (g_strcmp0 (text, "none") == 0)
    return CUSTCARE_SMTP_SECURITY_NONE;
  return CUSTCARE_SMTP_SECURITY_STARTTLS;
}

guint
custcare_smtp_security_default_port (CustcareSmtpSecurity security)
{
  switch (security)
    {
    case CUSTCARE_SMTP_SECURITY_TLS:
      return 465;
    case CUSTCARE_SMTP_SECURITY_NONE:
      return 25;
    case CUSTCARE_SMTP_SECURITY_STARTTLS:
    default:
      return 587;
    }
}

static char *
dup_setting (CustcareStore *store,
             const char    *key)
{
  char *value = custcare_store_get_setting (store, key);

  return value ? value : g_strdup ("");
}

CustcareSmtpAccount *
custcare_smtp_account_load (CustcareStore *store)
{
  CustcareSmtpAccount *account = g_new0 (CustcareSmtpAccount, 1);
  g_autofree char *security = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);

  account->host = dup_setting (store, CUSTCARE_SMTP_SETTING_HOST);
  security = dup_setting (store, CUSTCARE_SMTP_SETTING_SECURITY);
  account->security = custcare_smtp_security_from_string (security);
  account->port = (guint) CLAMP (custcare_store_get_setting_int (store, CUSTCARE_SMTP_SETTING_PORT, 0), 0, 65535);
  account->user = dup_setting (store, CUSTCARE_SMTP_SETTING_USER);
  account->from_name = dup_setting (store, CUSTCARE_SMTP_SETTING_FROM_NAME);
  account->from_address = dup_setting (store, CUSTCARE_SMTP_SETTING_FROM_ADDRESS);
  return account;
}

gboolean
custcare_smtp_account_save (const CustcareSmtpAccount  *account,
                            CustcareStore              *store,
                            GError                    **error)
{
  g_return_val_if_fail (CUSTCARE_IS_STORE (store), FALSE);

  /* Deliberately no password here: it lives only in the keyring. */
  if (!custcare_store_begin (store, error))
    return FALSE;
  if (!custcare_store_set_setting (store, CUSTCARE_SMTP_SETTING_HOST, account->host ? account->host : "", error) ||
      !custcare_store_set_setting_int (store, CUSTCARE_SMTP_SETTING_PORT, account->port, error) ||
      !custcare_store_set_setting (store, CUSTCARE_SMTP_SETTING_SECURITY,
                                   custcare_smtp_security_to_string (account->security), error) ||
      !custcare_store_set_setting (store, CUSTCARE_SMTP_SETTING_USER, account->user ? account->user : "", error) ||
      !custcare_store_set_setting (store, CUSTCARE_SMTP_SETTING_FROM_NAME,
                                   account->from_name ? account->from_name : "", error) ||
      !custcare_store_set_setting (store, CUSTCARE_SMTP_SETTING_FROM_ADDRESS,
                                   account->from_address ? account->from_address : "", error) ||
      !custcare_store_commit (store, error))
    {
      custcare_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* An address goes into a header and the SMTP envelope as it is: refuse anything that could
 * break out of either. */
static gboolean
address_is_safe (const char *address)
{
  const char *at;

  if (address == NULL || *address == '\0' || strlen (address) > 254)
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || strchr ("<>()[],;:\"\\", *p) != NULL)
      return FALSE;
  at = strchr (address, '@');
  return at != NULL && at != address && at[1] != '\0' && strchr (at + 1, '@') == NULL;
}

gboolean
custcare_smtp_account_check (const CustcareSmtpAccount  *account,
                             GError                    **error)
{
  if (account->host == NULL || *account->host == '\0')
    {
      g_set_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_NOT_CONFIGURED,
                   _("No mail server is set up. Enter one in Preferences → Email."));
      return FALSE;
    }
  if (!address_is_safe (account->from_address))
    {
      g_set_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_NOT_CONFIGURED,
                   _("The sender address in Preferences → Email is not a valid email address."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

char *
custcare_smtp_encode_header (const char *text)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  if (is_ascii (text))
    return g_strdup (text);

  /* RFC 2047: encoded words of at most 75 characters, so at most 45 bytes of UTF-8 each, cut
   * between characters (never inside one), folded onto continuation lines. */
  out = g_string_new (NULL);
  p = text;
  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *b64 = NULL;

      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if (next - p > 45)
            break;
          end = next;
        }
      b64 = g_base64_encode ((const guchar *) p, end - p);
      if (out->len > 0)
        g_string_append (out, "\r\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", b64);
      p = end;
    }
  return g_string_free (out, FALSE);
}

static char *
format_mailbox (const char *name,
                const char *address)
{
  g_autofree char *clean = g_strdup (name ? name : "");

  g_strdelimit (clean, "\r\n\t", ' ');
  g_strstrip (clean);
  if (*clean == '\0')
    return g_strdup_printf ("<%s>", address);
  if (!is_ascii (clean))
    {
      g_autofree char *encoded = custcare_smtp_encode_header (clean);

      return g_strdup_printf ("%s <%s>", encoded, address);
    }
  {
    GString *quoted = g_string_new ("\"");

    for (const char *p = clean; *p != '\0'; p++)
      {
        if (*p == '"' || *p == '\\')
          g_string_append_c (quoted, '\\');
        g_string_append_c (quoted, *p);
      }
    g_string_append_printf (quoted, "\" <%s>", address);
    return g_string_free (quoted, FALSE);
  }
}

/* RFC 5322 date, always in English whatever the user's locale. */
static char *
format_date (gint64 now)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (now);

  return g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d +0000",
                          days[g_date_time_get_day_of_week (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_year (utc),
                          g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
}

static void
qp_append (GString *out,
           guint   *line_len,
           const char *token)
{
  gsize len = strlen (token);

  /* Soft line break: lines of at most 76 characters including the "=". */
  if (*line_len + len > 75)
    {
      g_string_append (out, "=\r\n");
      *line_len = 0;
    }
  g_string_append (out, token);
  *line_len += len;
}

static char *
encode_quoted_printable (const char *body)
{
  GString *out = g_string_new (NULL);
  guint line_len = 0;

  for (const char *p = body; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      char token[4];

      if (c == '\r' && p[1] == '\n')
        continue;
      if (c == '\n' || c == '\r')
        {
          g_string_append (out, "\r\n");
          line_len = 0;
          continue;
        }
      /* Spaces at the end of a line would be eaten by mail servers: encode them there. */
      if ((c == ' ' || c == '\t') && (p[1] == '\0' || p[1] == '\n' || p[1] == '\r'))
        g_snprintf (token, sizeof token, "=%02X", c);
      else if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t')
        {
          token[0] = c;
          token[1] = '\0';
        }
      else
        g_snprintf (token, sizeof token, "=%02X", c);
      qp_append (out, &line_len, token);
    }
  if (out->len == 0 || !g_str_has_suffix (out->str, "\r\n"))
    g_string_append (out, "\r\n");
  return g_string_free (out, FALSE);
}

char *
custcare_smtp_build_message (const CustcareSmtpAccount  *account,
                             const char                 *to_address,
                             const char                 *to_name,
                             const char                 *subject,
                             const char                 *body,
                             gint64                      now,
                             char                      **out_message_id,
                             GError                    **error)
{
  g_autofree char *date = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *clean_subject = NULL;
  g_autofree char *encoded_subject = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *encoded_body = NULL;
  const char *domain;

  if (!custcare_smtp_account_check (account, error))
    return NULL;
  if (!address_is_safe (to_address))
    {
      g_set_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_PERMANENT,
                   _("“%s” is not an email address CustCare can send to."), to_address ? to_address : "");
      return NULL;
    }

  date = format_date (now);
  from = format_mailbox (account->from_name, account->from_address);
  to = format_mailbox (to_name, to_address);
  clean_subject = g_strdup (subject ? subject : "");
  g_strdelimit (clean_subject, "\r\n", ' ');
  encoded_subject = custcare_smtp_encode_header (clean_subject);
  domain = strchr (account->from_address, '@') + 1;
  uuid = g_uuid_string_random ();
  message_id = g_strdup_printf ("<%s@%s>", uuid, domain);
  encoded_body = encode_quoted_printable (body ? body : "");

  if (out_message_id)
    *out_message_id = g_strdup (message_id);

  return g_strdup_printf ("Date: %s\r\n"
                          "From: %s\r\n"
                          "To: %s\r\n"
                          "Subject: %s\r\n"
                          "Message-ID: %s\r\n"
                          "MIME-Version: 1.0\r\n"
                          "Content-Type: text/plain; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: quoted-printable\r\n"
                          "\r\n"
                          "%s",
                          date, from, to, encoded_subject, message_id, encoded_body);
}

typedef struct
{
  const char   *data;
  gsize         length;
  gsize         offset;
  GCancellable *cancellable;
  GString      *reply;      /* the server's current (possibly multi-line) answer */
  char         *last_reply; /* its last complete answer */
} Transfer;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  nitems,
         void   *user_data)
{
  Transfer *transfer = user_data;
  gsize n = MIN (size * nitems, transfer->length - transfer->offset);

  memcpy (buffer, transfer->data + transfer->offset, n);
  transfer->offset += n;
  return n;
}

/* Only what the server says is kept (never what CustCare sends, which includes AUTH). */
static int
debug_cb (CURL          *handle,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  Transfer *transfer = user_data;
  g_autofree char *line = NULL;

  if (type != CURLINFO_HEADER_IN)
    return 0;
  line = g_strndup (data, size);
  g_strchomp (line);
  if (transfer->reply->len > 0)
    g_string_append_c (transfer->reply, ' ');
  /* "250-PIPELINING" continues, "250 OK" ends an answer. */
  g_string_append (transfer->reply, strlen (line) > 4 ? line + 4 : line);
  if (strlen (line) < 4 || line[3] != '-')
    {
      g_free (transfer->last_reply);
      transfer->last_reply = g_strdup_printf ("%.3s %s", line, transfer->reply->str);
      g_string_truncate (transfer->reply, 0);
    }
  return 0;
}

static int
progress_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  Transfer *transfer = user_data;

  return g_cancellable_is_cancelled (transfer->cancellable) ? 1 : 0;
}

static gsize curl_initialized;

gboolean
custcare_smtp_send (const CustcareSmtpAccount  *account,
                    const char                 *to_address,
                    const char                 *message,
                    GCancellable               *cancellable,
                    GError                    **error)
{
  g_autofree char *url = NULL;
  g_autofree char *mail_from = NULL;
  g_autofree char *recipient = NULL;
  char errbuf[CURL_ERROR_SIZE] = { 0 };
  struct curl_slist *recipients = NULL;
  Transfer transfer = { 0 };
  long response = 0;
  guint port;
  CURL *curl;
  CURLcode rc;
  gboolean host_is_ipv6;

  g_return_val_if_fail (account != NULL && message != NULL, FALSE);

  if (!custcare_smtp_account_check (account, error))
    return FALSE;
  if (!address_is_safe (to_address))
    {
      g_set_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_PERMANENT,
                   _("“%s” is not an email address CustCare can send to."), to_address ? to_address : "");
      return FALSE;
    }

  if (g_once_init_enter (&curl_initialized))
    {
      curl_global_init (CURL_GLOBAL_DEFAULT);
      g_once_init_leave (&curl_initialized, 1);
    }

  port = account->port ? account->port : custcare_smtp_security_default_port (account->security);
  host_is_ipv6 = strchr (account->host, ':') != NULL;
  url = g_strdup_printf ("%s://%s%s%s:%u",
                         account->security == CUSTCARE_SMTP_SECURITY_TLS ? "smtps" : "smtp",
                         host_is_ipv6 ? "[" : "", account->host, host_is_ipv6 ? "]" : "", port);
  mail_from = g_strdup_printf ("<%s>", account->from_address);
  recipient = g_strdup_printf ("<%s>", to_address);

  transfer.data = message;
  transfer.length = strlen (message);
  transfer.cancellable = cancellable;
  transfer.reply = g_string_new (NULL);

  curl = curl_easy_init ();
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 30L);
  /* A stalled server is given a minute, however long the whole message takes. */
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt (curl, CURLOPT_USE_SSL,
                    account->security == CUSTCARE_SMTP_SECURITY_STARTTLS ? (long) CURLUSESSL_ALL
                                                                          : (long) CURLUSESSL_NONE);
  if (account->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, account->ca_file);
  if (account->user != NULL && *account->user != '\0')
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, account->user);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, account->password ? account->password : "");
    }
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, mail_from);
  recipients = curl_slist_append (recipients, recipient);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t) transfer.length);
  curl_easy_setopt (curl, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (curl, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (curl, CURLOPT_DEBUGDATA, &transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, &transfer);

  rc = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response);

  curl_slist_free_all (recipients);
  curl_easy_cleanup (curl);

  if (rc != CURLE_OK)
    {
      const char *detail = transfer.last_reply && response >= 400 ? transfer.last_reply
                           : *errbuf ? errbuf : curl_easy_strerror (rc);

      if (rc == CURLE_ABORTED_BY_CALLBACK)
        g_set_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_CANCELLED, _("Sending was cancelled."));
      else if (response >= 400 && response < 500)
        g_set_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_TEMPORARY,
                     _("The mail server is busy and asked to try again later: %s"), detail);
      else if (rc == CURLE_LOGIN_DENIED)
        g_set_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_AUTH,
                     _("The mail server refused the user name or password: %s"), detail);
      else if (response >= 500)
        g_set_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_PERMANENT,
                     _("The mail server refused the message: %s"), detail);
      else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_USE_SSL_FAILED ||
               rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_CERTPROBLEM || rc == CURLE_SSL_CACERT_BADFILE)
        g_set_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_PERMANENT,
                     _("Could not set up a secure connection to the mail server %s: %s"), account->host, detail);
      else
        g_set_error (error, CUSTCARE_SMTP_ERROR, CUSTCARE_SMTP_ERROR_TEMPORARY,
                     _("Could not reach the mail server %s (port %u): %s"), account->host, port, detail);
    }

  g_string_free (transfer.reply, TRUE);
  g_free (transfer.last_reply);
  return rc == CURLE_OK;
}
