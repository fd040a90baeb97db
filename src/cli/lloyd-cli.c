/* lloyd-cli.c — the command dispatcher of lloyd-cli. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "cli.h"

typedef struct
{
  const char          *name;
  const char          *summary;
  LloydCliCommandFunc  run;
} LloydCliCommand;

static const LloydCliCommand commands[] = {
  { "info", N_("Summarise a data file: columns, kinds, statistics"), lloyd_cli_info },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: lloyd-cli COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “lloyd-cli COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return LLOYD_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return LLOYD_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("lloyd-cli %s\n", PACKAGE_VERSION);
      return LLOYD_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  fprintf (stderr, _("lloyd-cli: unknown command “%s”\n"), argv[1]);
  print_usage (stderr);
  return LLOYD_EXIT_USAGE;
}
