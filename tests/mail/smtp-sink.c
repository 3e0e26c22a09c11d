/* smtp-sink.c — a real SMTP server for the tests (smtp-sink.py, aiosmtpd on 127.0.0.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

#include "smtp-sink.h"


guint
find_free_port (void)
{
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static Sink *
sink_launch (GSubprocessLauncher *launcher,
             guint                port,
             const char          *dir,
             const char          *user,
             const char          *password)
{
  const char *script = SMTP_SINK;
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  Sink *sink = g_new0 (Sink, 1);

  sink->dir = g_strdup (dir);
  sink->port = port;
  sink->process = g_subprocess_launcher_spawn (launcher, &error, "python3", script, port_text, dir, user, password,
                                               NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sink->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
  return sink;
}

Sink *
sink_start (guint       port,
            const char *dir,
            const char *user,
            const char *password)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_subprocess_launcher_unsetenv (launcher, "SINK_TLS");
  return sink_launch (launcher, port, dir, user, password);
}

Sink *
sink_start_tls (guint       port,
                const char *dir,
                const char *mode,
                const char *cert,
                const char *key)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_subprocess_launcher_setenv (launcher, "SINK_TLS", mode, TRUE);
  g_subprocess_launcher_setenv (launcher, "SINK_TLS_CERT", cert, TRUE);
  g_subprocess_launcher_setenv (launcher, "SINK_TLS_KEY", key, TRUE);
  return sink_launch (launcher, port, dir, NULL, NULL);
}

void
sink_stop (Sink *sink)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (sink->process, SIGTERM);
  g_subprocess_wait (sink->process, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (sink->process);
  g_free (sink->dir);
  g_free (sink);
}

/* The n-th message the server received, decoded by Python's email parser; waits for it. */
GKeyFile *
sink_wait_message (Sink *sink,
                   guint n)
{
  g_autofree char *name = g_strdup_printf ("%u.summary", n);
  g_autofree char *path = g_build_filename (sink->dir, name, NULL);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  while (!g_file_test (path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&file);
}

guint
sink_count (Sink *sink)
{
  g_autoptr (GDir) dir = g_dir_open (sink->dir, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".summary"))
      count++;
  return count;
}

char *
summary_get (GKeyFile   *file,
             const char *key)
{
  g_autoptr (GError) error = NULL;
  char *value = g_key_file_get_string (file, "message", key, &error);

  g_assert_no_error (error);
  return value;
}

