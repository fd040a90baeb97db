/* cli-common.h — what every lloyd-cli command shares: the data-loading options
 * (--label-column, --header, --delimiter, --drop-missing), loading with a progress
 * bar, turning errors into exit statuses, and writing JSON.
 *
 * A command that reads data does:
 *
 *   LloydCliDataArgs data = { 0 };
 *   g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
 *   g_option_context_add_main_entries (context, my_entries, NULL);
 *   lloyd_cli_add_data_options (context, &data);
 *   if (!lloyd_cli_parse_args (context, &argc, &argv, &status))
 *     return status;                          // --help: 0; bad option: 2
 *   g_autoptr (LloydDataset) ds = lloyd_cli_load (argv[1], &data, &status);
 *   if (ds == NULL)
 *     return status;                          // message already on stderr
 *   …
 *   lloyd_cli_data_args_clear (&data);
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cli.h"
#include "dataset.h"

G_BEGIN_DECLS

/* Filled by GOption; strings are owned (free with lloyd_cli_data_args_clear). */
typedef struct
{
  char     *label_column;  /* NAME, 0-based INDEX or "none" */
  char     *header;        /* "yes", "no" or "auto" */
  char     *delimiter;     /* one character, or "tab", "space", "auto" */
  gboolean  drop_missing;
} LloydCliDataArgs;

/* Adds the data options to the main group (after the command's own entries). */
void          lloyd_cli_add_data_options  (GOptionContext         *context,
                                           LloydCliDataArgs       *args);
void          lloyd_cli_data_args_clear   (LloydCliDataArgs       *args);

/* Fills @options from @args; FALSE with a G_OPTION_ERROR for a bad value. The
 * string @options->label_column points into @args. */
gboolean      lloyd_cli_data_args_to_options (const LloydCliDataArgs *args,
                                              LloydLoadOptions       *options,
                                              GError                **error);

/* g_option_context_parse with lloyd-cli's conventions. Returns TRUE to go on;
 * FALSE with *@exit_status set: 0 after --help (handled by GOption itself), 2 after
 * a usage error (message and a hint on stderr). */
gboolean      lloyd_cli_parse_args        (GOptionContext         *context,
                                           int                    *argc,
                                           char                 ***argv,
                                           int                    *exit_status);

/* Loads @path with the options in @args. Shows a progress bar on stderr when
 * stderr is a terminal. On failure prints the error and sets *@exit_status. */
LloydDataset *lloyd_cli_load              (const char             *path,
                                           const LloydCliDataArgs *args,
                                           int                    *exit_status);

/* A progress bar on stderr for any long core job: begin returns the callback to
 * pass with @bar as its user data, or NULL when stderr is not a terminal; end
 * clears the line. */
typedef struct
{
  gboolean drawn;
  int      last_percent;
  char     what[32];      /* the last phrase given; NULL keeps it */
} LloydCliProgressBar;

LloydProgressFunc lloyd_cli_progress_begin (LloydCliProgressBar *bar);
void              lloyd_cli_progress_end   (LloydCliProgressBar *bar);

/* Prints "lloyd-cli: MESSAGE" on stderr and returns the exit status for @error:
 * LLOYD_EXIT_USAGE for G_OPTION_ERROR and LLOYD_DATASET_ERROR_COLUMN (an option
 * named a column that does not exist), LLOYD_EXIT_DATA for everything else. */
int           lloyd_cli_report_error      (const GError           *error);

/* Prints "lloyd-cli: MESSAGE" and a hint to --help on stderr; returns
 * LLOYD_EXIT_USAGE. */
int           lloyd_cli_usage_error       (const char             *command,
                                           const char             *format,
                                           ...) G_GNUC_PRINTF (2, 3);

/* Writes @node pretty-printed with a final newline to @path, or to stdout when
 * @path is NULL or "-". */
gboolean      lloyd_cli_write_json        (JsonNode               *node,
                                           const char             *path,
                                           GError                **error);

G_END_DECLS
