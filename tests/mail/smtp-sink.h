/* smtp-sink.h — a real SMTP server for the tests (smtp-sink.py, aiosmtpd on 127.0.0.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

typedef struct
{
  GSubprocess *process;
  char        *dir;
  guint        port;
} Sink;

/* A loopback port nobody listens on right now. */
guint     find_free_port    (void);
/* With @user and @password, AUTH is required. Returns once the server accepts connections. */
Sink     *sink_start        (guint       port,
                             const char *dir,
                             const char *user,
                             const char *password);
/* @mode: "starttls" (required) or "tls" (implicit), with a PEM certificate and key. */
Sink     *sink_start_tls    (guint       port,
                             const char *dir,
                             const char *mode,
                             const char *cert,
                             const char *key);
void      sink_stop         (Sink       *sink);
/* The n-th message received (1-based), as decoded by Python's email parser; waits for it. */
GKeyFile *sink_wait_message (Sink       *sink,
                             guint       n);
guint     sink_count        (Sink       *sink);
char     *summary_get       (GKeyFile   *file,
                             const char *key);
