/* cli.h — lloyd-cli: every analysis without a window. One file per command
 * (cli-info.c, cli-fit.c …), each an entry point `int lloyd_cli_NAME (int argc,
 * char **argv)` where argv[0] is the command name. Shared option handling and
 * progress live in cli-common.c. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, the same for every command. */
enum
{
  LLOYD_EXIT_OK = 0,
  LLOYD_EXIT_DATA = 1,   /* the data, a model or a file was bad: message on stderr */
  LLOYD_EXIT_USAGE = 2,  /* the command line was bad */
};

typedef int (*LloydCliCommandFunc) (int    argc,
                                    char **argv);

int lloyd_cli_bench    (int argc, char **argv);
int lloyd_cli_elbow    (int argc, char **argv);
int lloyd_cli_fit      (int argc, char **argv);
int lloyd_cli_info     (int argc, char **argv);
int lloyd_cli_generate (int argc, char **argv);
int lloyd_cli_score    (int argc, char **argv);

G_END_DECLS
