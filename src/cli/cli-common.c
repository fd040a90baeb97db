/* cli-common.c — data options, loading with progress, exit statuses and JSON
 * output shared by every lloyd-cli command. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli-common.h"

void
lloyd_cli_add_data_options (GOptionContext   *context,
                            LloydCliDataArgs *args)
{
  const GOptionEntry entries[] = {
    { "label-column", 'l', 0, G_OPTION_ARG_STRING, &args->label_column,
      N_("The label column, never clustered (default: detected)"), N_("NAME|INDEX|none") },
    { "header", 0, 0, G_OPTION_ARG_STRING, &args->header,
      N_("Whether the first line names the columns (default: auto)"), N_("yes|no|auto") },
    { "delimiter", 'd', 0, G_OPTION_ARG_STRING, &args->delimiter,
      N_("Field delimiter (default: sniffed among , ; tab space)"), N_("C|tab|space") },
    { "drop-missing", 0, 0, G_OPTION_ARG_NONE, &args->drop_missing,
      N_("Drop rows with a missing value instead of failing"), NULL },
    { NULL }
  };
  /* In the main group, so plain --help lists them next to the command's own. */
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
lloyd_cli_data_args_clear (LloydCliDataArgs *args)
{
  g_clear_pointer (&args->label_column, g_free);
  g_clear_pointer (&args->header, g_free);
  g_clear_pointer (&args->delimiter, g_free);
}

gboolean
lloyd_cli_data_args_to_options (const LloydCliDataArgs *args,
                                LloydLoadOptions       *options,
                                GError                **error)
{
  const char *d = args->delimiter;

  lloyd_load_options_init (options);
  options->label_column = args->label_column;
  options->drop_missing = args->drop_missing;

  if (args->header == NULL || g_ascii_strcasecmp (args->header, "auto") == 0)
    options->header = LLOYD_HEADER_AUTO;
  else if (g_ascii_strcasecmp (args->header, "yes") == 0)
    options->header = LLOYD_HEADER_YES;
  else if (g_ascii_strcasecmp (args->header, "no") == 0)
    options->header = LLOYD_HEADER_NO;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--header must be yes, no or auto, not “%s”"), args->header);
      return FALSE;
    }

  if (d == NULL || g_ascii_strcasecmp (d, "auto") == 0)
    options->delimiter = 0;
  else if (g_ascii_strcasecmp (d, "tab") == 0 || strcmp (d, "\\t") == 0)
    options->delimiter = '\t';
  else if (g_ascii_strcasecmp (d, "space") == 0 || g_ascii_strcasecmp (d, "whitespace") == 0)
    options->delimiter = ' ';
  else if (strlen (d) == 1 && d[0] != '"' && d[0] != '\n' && d[0] != '\r' && (guchar) d[0] < 0x80)
    options->delimiter = d[0];
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--delimiter must be one ASCII character, “tab” or “space”, not “%s”"), d);
      return FALSE;
    }
  return TRUE;
}

gboolean
lloyd_cli_parse_args (GOptionContext *context,
                      int            *argc,
                      char         ***argv,
                      int            *exit_status)
{
  g_autoptr (GError) error = NULL;

  /* --help prints and exits 0 inside GOption, which is what we want. */
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_status = lloyd_cli_usage_error ((*argv)[0], "%s", error->message);
      return FALSE;
    }
  *exit_status = LLOYD_EXIT_OK;
  return TRUE;
}

static void
progress_bar_cb (double      fraction,
                 const char *what,
                 gpointer    user_data)
{
  LloydCliProgressBar *bar = user_data;
  int percent = (int) CLAMP (fraction * 100.0, 0.0, 100.0);
  char cells[31];
  int filled = percent * 30 / 100;

  /* NULL keeps the previous phrase (progress.h). */
  if (what != NULL)
    g_strlcpy (bar->what, what, sizeof bar->what);
  if (percent == bar->last_percent)
    return;
  bar->last_percent = percent;
  memset (cells, '#', filled);
  memset (cells + filled, ' ', 30 - filled);
  cells[30] = '\0';
  fprintf (stderr, "\r[%s] %3d%% %-14s", cells, percent, bar->what);
  fflush (stderr);
  bar->drawn = TRUE;
}

LloydProgressFunc
lloyd_cli_progress_begin (LloydCliProgressBar *bar)
{
  bar->drawn = FALSE;
  bar->last_percent = -1;
  bar->what[0] = '\0';
  return isatty (STDERR_FILENO) ? progress_bar_cb : NULL;
}

void
lloyd_cli_progress_end (LloydCliProgressBar *bar)
{
  if (bar->drawn)
    fprintf (stderr, "\r%*s\r", 50, "");
  bar->drawn = FALSE;
}

LloydDataset *
lloyd_cli_load (const char             *path,
                const LloydCliDataArgs *args,
                int                    *exit_status)
{
  g_autoptr (GError) error = NULL;
  LloydLoadOptions options;
  LloydCliProgressBar bar;
  LloydProgressFunc progress = lloyd_cli_progress_begin (&bar);
  LloydDataset *dataset;

  if (!lloyd_cli_data_args_to_options (args, &options, &error))
    {
      *exit_status = lloyd_cli_report_error (error);
      return NULL;
    }
  dataset = lloyd_dataset_load (path, &options, progress, &bar, NULL, &error);
  lloyd_cli_progress_end (&bar);
  if (dataset == NULL)
    {
      *exit_status = lloyd_cli_report_error (error);
      return NULL;
    }
  *exit_status = LLOYD_EXIT_OK;
  return dataset;
}

int
lloyd_cli_report_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, LLOYD_EXIT_DATA);

  /* TRANSLATORS: the program's name, then an error message */
  fprintf (stderr, _("lloyd-cli: %s\n"), error->message);
  if (error->domain == G_OPTION_ERROR
      || g_error_matches (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN))
    return LLOYD_EXIT_USAGE;
  return LLOYD_EXIT_DATA;
}

int
lloyd_cli_usage_error (const char *command,
                       const char *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, _("lloyd-cli: %s\n"), message);
  fprintf (stderr, _("Run “lloyd-cli %s --help” for the options.\n"), command != NULL ? command : "");
  return LLOYD_EXIT_USAGE;
}

gboolean
lloyd_cli_write_json (JsonNode   *node,
                      const char *path,
                      GError    **error)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (node != NULL, FALSE);

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &length);

  if (path == NULL || strcmp (path, "-") == 0)
    {
      if (fwrite (text, 1, length, stdout) != length || fputc ('\n', stdout) == EOF
          || fflush (stdout) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot write to stdout"));
          return FALSE;
        }
      return TRUE;
    }
  {
    g_autofree char *with_newline = g_strconcat (text, "\n", NULL);
    return g_file_set_contents (path, with_newline, -1, error);
  }
}
