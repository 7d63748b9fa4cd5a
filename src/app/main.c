/* main.c — the buurtnet desktop app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bn-application.h"

#include <glib/gi18n.h>
#include <locale.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(BnApplication) app = NULL;
  /* An uninstalled build (./dev.sh, the tests) finds its catalogues in the
   * build directory's po/. */
  const char *localedir = g_getenv ("BN_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = bn_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
