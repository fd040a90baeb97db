/* lloyd-cli.c — the command dispatcher of lloyd-cli. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct
{
  const char          *name;
  const char          *summary;
  LloydCliCommandFunc  run;
} LloydCliCommand;

static const LloydCliCommand commands[] = {
  { "bench", N_("Time one phase of a benchmark line (for tools/bench)"), lloyd_cli_bench },
  { "info", N_("Summarise a data file: columns, kinds, statistics"), lloyd_cli_info },
  { "fit", N_("Cluster a data file with k-means"), lloyd_cli_fit },
  { "elbow", N_("Inertia over a range of k, and the elbow"), lloyd_cli_elbow },
  { "score", N_("Score a data file with a model saved by fit --save-model"), lloyd_cli_score },
  { "generate", N_("Write synthetic blobs or moons, with anomalies, as CSV"), lloyd_cli_generate },
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
  /* $LLOYD_LOCALEDIR lets tests use the catalogues of an uninstalled build. */
  const char *localedir = g_getenv ("LLOYD_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
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
      {
        /* GOption's usage line names the program: "lloyd-cli fit", not "fit". */
        g_autofree char *prgname = g_strdup_printf ("lloyd-cli %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  fprintf (stderr, _("lloyd-cli: unknown command “%s”\n"), argv[1]);
  print_usage (stderr);
  return LLOYD_EXIT_USAGE;
}
