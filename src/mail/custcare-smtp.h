/* custcare-smtp.h — sending one email to the shop's mail server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Blocking: call it from a worker thread (custcare-outbox-worker.c) or a GTask, never the UI.
 */
#pragma once

#include <gio/gio.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_SMTP_ERROR (custcare_smtp_error_quark ())

typedef enum
{
  /* Worth trying again later: server down, network trouble, a 4xx answer. */
  CUSTCARE_SMTP_ERROR_TEMPORARY,
  /* Will fail again the same way: a 5xx answer, a refused address. */
  CUSTCARE_SMTP_ERROR_PERMANENT,
  /* The server refused the user name or password. */
  CUSTCARE_SMTP_ERROR_AUTH,
  /* The account in Preferences is incomplete. */
  CUSTCARE_SMTP_ERROR_NOT_CONFIGURED,
  CUSTCARE_SMTP_ERROR_CANCELLED,
} CustcareSmtpError;

typedef enum
{
  CUSTCARE_SMTP_SECURITY_STARTTLS,
  CUSTCARE_SMTP_SECURITY_TLS,
  CUSTCARE_SMTP_SECURITY_NONE,
} CustcareSmtpSecurity;

/* The settings keys of the account (the password is never among them: it is in the keyring). */
#define CUSTCARE_SMTP_SETTING_HOST         "mail.smtp-host"
#define CUSTCARE_SMTP_SETTING_PORT         "mail.smtp-port"
#define CUSTCARE_SMTP_SETTING_SECURITY     "mail.smtp-security"
#define CUSTCARE_SMTP_SETTING_USER         "mail.smtp-user"
#define CUSTCARE_SMTP_SETTING_FROM_NAME    "mail.from-name"
#define CUSTCARE_SMTP_SETTING_FROM_ADDRESS "mail.from-address"

typedef struct
{
  char                 *host;
  guint                 port;           /* 0 = the usual one for @security */
  CustcareSmtpSecurity  security;
  char                 *user;           /* empty = no authentication */
  char                 *password;
  char                 *from_name;
  char                 *from_address;
  /* Extra CA certificates to trust (PEM file), for a shop's own server; NULL = the system's. */
  char                 *ca_file;
} CustcareSmtpAccount;

GQuark               custcare_smtp_error_quark        (void);

void                 custcare_smtp_account_free       (CustcareSmtpAccount  *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CustcareSmtpAccount, custcare_smtp_account_free)

const char          *custcare_smtp_security_to_string (CustcareSmtpSecurity  security);
CustcareSmtpSecurity custcare_smtp_security_from_string (const char         *text);
guint                custcare_smtp_security_default_port (CustcareSmtpSecurity security);
/* Reads the account from the shop's settings, without the password. */
CustcareSmtpAccount *custcare_smtp_account_load       (CustcareStore        *store);
gboolean             custcare_smtp_account_save       (const CustcareSmtpAccount *account,
                                                       CustcareStore        *store,
                                                       GError              **error);
gboolean             custcare_smtp_account_check      (const CustcareSmtpAccount *account,
                                                       GError              **error);

/* The whole message (headers and quoted-printable UTF-8 body, CRLF line ends). @now is Unix
 * seconds for the Date header. Returns NULL if an address or name cannot be put in a header. */
char                *custcare_smtp_build_message      (const CustcareSmtpAccount *account,
                                                       const char           *to_address,
                                                       const char           *to_name,
                                                       const char           *subject,
                                                       const char           *body,
                                                       gint64                now,
                                                       char                **out_message_id,
                                                       GError              **error);
/* "=?UTF-8?B?…?=" words for a header value (folded), or the text itself when it is plain ASCII. */
char                *custcare_smtp_encode_header      (const char           *text);

/* Sends @message (from custcare_smtp_build_message()) to @to_address. Errors carry the server's
 * own answer so the shop owner can read why. */
gboolean             custcare_smtp_send               (const CustcareSmtpAccount *account,
                                                       const char           *to_address,
                                                       const char           *message,
                                                       GCancellable         *cancellable,
                                                       GError              **error);

G_END_DECLS
