/* main.c — starts Lloyd: locale and translations, then the application. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "lloyd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(LloydApplication) app = NULL;
  /* $LLOYD_LOCALEDIR lets tests use the catalogues of an uninstalled build. */
  const char *localedir = g_getenv ("LLOYD_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Lloyd"));
  app = lloyd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
