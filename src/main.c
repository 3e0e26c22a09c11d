/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "custcare-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (CustcareApplication) app = NULL;
  int status;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = custcare_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  /* Preferences → Backups → Restore: start again, with none of this process's connections left,
   * so the restored database is what opens. */
  if (status == 0 && custcare_application_get_restart_requested (app))
    {
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) args = NULL;

      /* Started by D-Bus activation, it comes back as a plain launch, so that it opens its window. */
      for (int i = 0; i < argc; i++)
        if (g_strcmp0 (argv[i], "--gapplication-service") != 0)
          g_strv_builder_add (builder, argv[i]);
      args = g_strv_builder_end (builder);
      g_clear_object (&app);
      execv ("/proc/self/exe", args);
      g_printerr (_("CustCare could not restart itself (%s). Start it again to open the restored database.\n"),
                  g_strerror (errno));
    }
  return status;
}
