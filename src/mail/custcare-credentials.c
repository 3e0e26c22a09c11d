/* custcare-credentials.c — the mail password, kept in the user's keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "custcare-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "custcare-credentials.h"

G_DEFINE_QUARK (custcare-credentials-error-quark, custcare_credentials_error)

static const SecretSchema credentials_schema = {
  APP_ID, SECRET_SCHEMA_NONE,
  {
    { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

gconstpointer
custcare_credentials_get_schema (void)
{
  return &credentials_schema;
}

/* Whatever went wrong talking to the keyring, the shop owner needs the same advice; the
 * technical reason is kept at the end for whoever helps them. */
static void
set_keyring_error (GError     **error,
                   const GError *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, cause->message);
      return;
    }
  g_set_error (error, CUSTCARE_CREDENTIALS_ERROR, CUSTCARE_CREDENTIALS_ERROR_NO_KEYRING,
               _("The password could not be kept because no keyring is available (%s). "
                 "CustCare only keeps passwords in the keyring, never in its own files: "
                 "make sure a keyring such as GNOME Keyring is running and unlocked, then try again."),
               cause->message);
}

static gboolean
check_key (const char  *host,
           const char  *user,
           GError     **error)
{
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, CUSTCARE_CREDENTIALS_ERROR, CUSTCARE_CREDENTIALS_ERROR_INVALID,
                           _("Enter the mail server before its password."));
      return FALSE;
    }
  return TRUE;
}

static void
store_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      GError *mapped = NULL;

      set_keyring_error (&mapped, error);
      g_task_return_error (task, mapped);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
custcare_credentials_store_async (const char          *host,
                                  const char          *user,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, custcare_credentials_store_async);
  if (!check_key (host, user, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Translators: the name of the password in the user's keyring (Passwords and Keys). */
  label = g_strdup_printf (_("CustCare email password for %s on %s"), user ? user : "", host);
  secret_password_store (&credentials_schema, SECRET_COLLECTION_DEFAULT, label, password, cancellable,
                         store_done_cb, g_steal_pointer (&task),
                         "host", host, "user", user ? user : "", NULL);
}

gboolean
custcare_credentials_store_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      GError *mapped = NULL;

      set_keyring_error (&mapped, error);
      g_task_return_error (task, mapped);
    }
  else if (password == NULL)
    g_task_return_new_error (task, CUSTCARE_CREDENTIALS_ERROR, CUSTCARE_CREDENTIALS_ERROR_NOT_FOUND,
                             _("No password is saved for this mail account."));
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
custcare_credentials_lookup_async (const char          *host,
                                   const char          *user,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, custcare_credentials_lookup_async);
  if (!check_key (host, user, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  secret_password_lookup (&credentials_schema, cancellable, lookup_done_cb, g_steal_pointer (&task),
                          "host", host, "user", user ? user : "", NULL);
}

char *
custcare_credentials_lookup_finish (GAsyncResult  *result,
                                    GError       **error)
{
  char *secret = g_task_propagate_pointer (G_TASK (result), error);
  char *copy;

  if (secret == NULL)
    return NULL;
  /* Hand out plain g_free-able memory; wipe libsecret's copy. */
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

static void
clear_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      GError *mapped = NULL;

      set_keyring_error (&mapped, error);
      g_task_return_error (task, mapped);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
custcare_credentials_clear_async (const char          *host,
                                  const char          *user,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, custcare_credentials_clear_async);
  if (!check_key (host, user, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  secret_password_clear (&credentials_schema, cancellable, clear_done_cb, g_steal_pointer (&task),
                         "host", host, "user", user ? user : "", NULL);
}

gboolean
custcare_credentials_clear_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
custcare_credentials_lookup_sync (const char    *host,
                                  const char    *user,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr (GError) local_error = NULL;
  char *secret;
  char *copy;

  if (!check_key (host, user, error))
    return NULL;
  secret = secret_password_lookup_sync (&credentials_schema, cancellable, &local_error,
                                        "host", host, "user", user ? user : "", NULL);
  if (local_error != NULL)
    {
      set_keyring_error (error, local_error);
      return NULL;
    }
  if (secret == NULL)
    {
      g_set_error_literal (error, CUSTCARE_CREDENTIALS_ERROR, CUSTCARE_CREDENTIALS_ERROR_NOT_FOUND,
                           _("No password is saved for this mail account."));
      return NULL;
    }
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

void
custcare_credentials_free_password (char *password)
{
  if (password == NULL)
    return;
  memset (password, 0, strlen (password));
  g_free (password);
}
