/* custcare-credentials.h — the mail password, kept in the user's keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password is stored with libsecret (the Secret portal inside Flatpak) under a schema named
 * after the app id, with the attributes host and user. It is never written anywhere else: if no
 * keyring is available the user is told so and nothing is kept.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CUSTCARE_CREDENTIALS_ERROR (custcare_credentials_error_quark ())

typedef enum
{
  /* There is no secret service (or it is locked and refused to unlock). */
  CUSTCARE_CREDENTIALS_ERROR_NO_KEYRING,
  CUSTCARE_CREDENTIALS_ERROR_NOT_FOUND,
  CUSTCARE_CREDENTIALS_ERROR_INVALID,
} CustcareCredentialsError;

GQuark   custcare_credentials_error_quark  (void);
/* The libsecret schema (name = APP_ID), for tests and tools that inspect the keyring. */
gconstpointer custcare_credentials_get_schema (void);

void     custcare_credentials_store_async  (const char           *host,
                                            const char           *user,
                                            const char           *password,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean custcare_credentials_store_finish (GAsyncResult         *result,
                                            GError              **error);
void     custcare_credentials_lookup_async (const char           *host,
                                            const char           *user,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* Returns the password, or NULL: with CUSTCARE_CREDENTIALS_ERROR_NOT_FOUND when none is stored. */
char    *custcare_credentials_lookup_finish (GAsyncResult        *result,
                                             GError             **error);
void     custcare_credentials_clear_async  (const char           *host,
                                            const char           *user,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean custcare_credentials_clear_finish (GAsyncResult         *result,
                                            GError              **error);
/* For the mail worker thread, which may block. */
char    *custcare_credentials_lookup_sync  (const char           *host,
                                            const char           *user,
                                            GCancellable         *cancellable,
                                            GError              **error);
/* Frees a password returned by lookup, wiping it first. */
void     custcare_credentials_free_password (char                *password);

G_END_DECLS
