/* test-credentials.c — the mail password in the real keyring of the test session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "custcare-credentials.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  char     *password;
  GError   *error;
} Wait;

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = custcare_credentials_store_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->password = custcare_credentials_lookup_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
cleared_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = custcare_credentials_clear_finish (result, &wait->error);
  wait->done = TRUE;
}

static void
wait_done (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_roundtrip (void)
{
  const char *password = "pässwörd with spaces & ünïcode ✓";
  Wait stored = { 0 }, found = { 0 }, other = { 0 }, cleared = { 0 }, gone = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *sync_password = NULL;
  g_autofree char *raw = NULL;

  custcare_credentials_store_async ("smtp.example.com", "alice", password, NULL, stored_cb, &stored);
  wait_done (&stored);
  g_assert_no_error (stored.error);
  g_assert_true (stored.ok);

  custcare_credentials_lookup_async ("smtp.example.com", "alice", NULL, looked_up_cb, &found);
  wait_done (&found);
  g_assert_no_error (found.error);
  g_assert_cmpstr (found.password, ==, password);
  g_free (found.password);

  sync_password = custcare_credentials_lookup_sync ("smtp.example.com", "alice", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sync_password, ==, password);

  /* Stored under the app id's schema with host and user, where other tools can see it. */
  raw = secret_password_lookup_sync (custcare_credentials_get_schema (), NULL, &error,
                                     "host", "smtp.example.com", "user", "alice", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (raw, ==, password);
  g_assert_cmpstr (((const SecretSchema *) custcare_credentials_get_schema ())->name, ==, APP_ID);

  /* Another user on the same server has no password. */
  custcare_credentials_lookup_async ("smtp.example.com", "bob", NULL, looked_up_cb, &other);
  wait_done (&other);
  g_assert_error (other.error, CUSTCARE_CREDENTIALS_ERROR, CUSTCARE_CREDENTIALS_ERROR_NOT_FOUND);
  g_assert_null (other.password);
  g_clear_error (&other.error);

  custcare_credentials_clear_async ("smtp.example.com", "alice", NULL, cleared_cb, &cleared);
  wait_done (&cleared);
  g_assert_no_error (cleared.error);
  g_assert_true (cleared.ok);

  custcare_credentials_lookup_async ("smtp.example.com", "alice", NULL, looked_up_cb, &gone);
  wait_done (&gone);
  g_assert_error (gone.error, CUSTCARE_CREDENTIALS_ERROR, CUSTCARE_CREDENTIALS_ERROR_NOT_FOUND);
  g_clear_error (&gone.error);
}

static void
test_replace (void)
{
  Wait first = { 0 }, second = { 0 }, found = { 0 }, cleared = { 0 };

  custcare_credentials_store_async ("mail.example.net", "carol", "old", NULL, stored_cb, &first);
  wait_done (&first);
  g_assert_no_error (first.error);
  custcare_credentials_store_async ("mail.example.net", "carol", "new", NULL, stored_cb, &second);
  wait_done (&second);
  g_assert_no_error (second.error);

  custcare_credentials_lookup_async ("mail.example.net", "carol", NULL, looked_up_cb, &found);
  wait_done (&found);
  g_assert_no_error (found.error);
  g_assert_cmpstr (found.password, ==, "new");
  g_free (found.password);

  custcare_credentials_clear_async ("mail.example.net", "carol", NULL, cleared_cb, &cleared);
  wait_done (&cleared);
  g_assert_no_error (cleared.error);
}

/* Without any secret service the user is told why, and nothing is kept anywhere. */
static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      Wait stored = { 0 };

      custcare_credentials_store_async ("smtp.example.com", "dave", "secret", NULL, stored_cb, &stored);
      wait_done (&stored);
      g_assert_error (stored.error, CUSTCARE_CREDENTIALS_ERROR, CUSTCARE_CREDENTIALS_ERROR_NO_KEYRING);
      g_assert_false (stored.ok);
      g_assert_nonnull (strstr (stored.error->message, "no keyring is available"));
      g_print ("%s\n", stored.error->message);
      g_clear_error (&stored.error);
      return;
    }
  else
    {
      g_auto (GStrv) envp = g_get_environ ();

      envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/custcare-test-bus", TRUE);
      g_test_trap_subprocess_with_envp (NULL, (const char * const *) envp, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout ("*no keyring is available*");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/roundtrip", test_roundtrip);
  g_test_add_func ("/credentials/replace", test_replace);
  g_test_add_func ("/credentials/no-keyring", test_no_keyring);

  return g_test_run ();
}
