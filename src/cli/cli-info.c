/* cli-info.c — `lloyd-cli info FILE`: what a data file holds (columns, kinds,
 * distinct values, means and population deviations), for people or as JSON. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli-common.h"

/* The format's identifier, also in the table: it names a parser, as --json does,
 * so it is not translated. */
static const char *
format_to_string (LloydDatasetFormat format)
{
  switch (format)
    {
    case LLOYD_FORMAT_KDD99:
      return "kdd99";
    case LLOYD_FORMAT_GENERATED:
      return "generated";
    case LLOYD_FORMAT_CSV:
    default:
      return "csv";
    }
}

/* Keys and values are for scripts (the kind is lloyd_column_kind_to_string's
 * identifier): never translated, whatever the language. */
static JsonNode *
info_to_json (const LloydDataset *dataset)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, dataset->path);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format_to_string (dataset->format));
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, dataset->n_rows);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (gsize j = 0; j < dataset->n_columns; j++)
    {
      const LloydColumn *column = &dataset->columns[j];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, column->name);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, lloyd_column_kind_to_string (column->kind));
      if (column->kind == LLOYD_COLUMN_NUMERIC)
        {
          double mean, std;

          lloyd_dataset_column_stats (dataset, j, NULL, &mean, &std);
          json_builder_set_member_name (builder, "mean");
          json_builder_add_double_value (builder, mean);
          json_builder_set_member_name (builder, "std");
          json_builder_add_double_value (builder, std);
        }
      else
        {
          json_builder_set_member_name (builder, "distinct");
          json_builder_add_int_value (builder, column->levels->len);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "label_column");
  if (dataset->label_column >= 0)
    json_builder_add_string_value (builder, dataset->columns[dataset->label_column].name);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "one_hot_dimension");
  json_builder_add_int_value (builder, lloyd_dataset_one_hot_dimension (dataset));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The width to give printf's %-*s so that @s fills @width characters on screen:
 * translated words such as "numérique" have more bytes than characters. */
static int
pad (const char *s,
     int         width)
{
  return width + (int) (strlen (s) - g_utf8_strlen (s, -1));
}

static void
print_info (const LloydDataset *dataset)
{
  gsize n_numeric = 0, n_categorical = 0;
  const char *h_column = _("column"), *h_kind = _("kind"), *h_mean = _("mean / distinct"), *h_std = _("std");
  int mean_width, std_width;

  for (gsize j = 0; j < dataset->n_columns; j++)
    {
      if (dataset->columns[j].kind == LLOYD_COLUMN_NUMERIC)
        n_numeric++;
      else if (dataset->columns[j].kind == LLOYD_COLUMN_CATEGORICAL)
        n_categorical++;
    }
  printf ("%s (%s)\n", dataset->path, format_to_string (dataset->format));
  /* %zu, not G_GSIZE_FORMAT: xgettext cannot see through macros. */
  printf (_("%zu rows, %zu columns: %zu numeric, %zu categorical\n"),
          dataset->n_rows, dataset->n_columns, n_numeric, n_categorical);
  if (dataset->n_dropped > 0)
    printf (_("%zu rows with missing values dropped\n"), dataset->n_dropped);
  printf (_("Label column: %s\n"),
          dataset->label_column >= 0 ? dataset->columns[dataset->label_column].name : _("none"));
  printf (_("One-hot dimension: %zu\n\n"), lloyd_dataset_one_hot_dimension (dataset));
  /* The number columns widen to fit their translated headings. */
  mean_width = MAX (14, (int) g_utf8_strlen (h_mean, -1));
  std_width = MAX (14, (int) g_utf8_strlen (h_std, -1));
  printf ("%5s  %-*s %-*s %*s %*s\n", "#", pad (h_column, 28), h_column, pad (h_kind, 12), h_kind,
          pad (h_mean, mean_width), h_mean, pad (h_std, std_width), h_std);
  for (gsize j = 0; j < dataset->n_columns; j++)
    {
      const LloydColumn *column = &dataset->columns[j];
      const char *kind = lloyd_column_kind_to_display (column->kind);

      if (column->kind == LLOYD_COLUMN_NUMERIC)
        {
          double mean, std;

          lloyd_dataset_column_stats (dataset, j, NULL, &mean, &std);
          printf ("%5" G_GSIZE_FORMAT "  %-*s %-*s %*.6g %*.6g\n", j, pad (column->name, 28), column->name,
                  pad (kind, 12), kind, mean_width, mean, std_width, std);
        }
      else
        printf ("%5" G_GSIZE_FORMAT "  %-*s %-*s %*u\n", j, pad (column->name, 28), column->name, pad (kind, 12),
                kind, mean_width, column->levels->len);
    }
}

int
lloyd_cli_info (int    argc,
                char **argv)
{
  LloydCliDataArgs data = { 0 };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of a table"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("FILE — summarise a data file"));
  g_autoptr (LloydDataset) dataset = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  lloyd_cli_add_data_options (context, &data);
  if (!lloyd_cli_parse_args (context, &argc, &argv, &status))
    goto out;
  if (argc != 2)
    {
      status = lloyd_cli_usage_error ("info", _("expected exactly one FILE"));
      goto out;
    }
  dataset = lloyd_cli_load (argv[1], &data, &status);
  if (dataset == NULL)
    goto out;

  if (json)
    {
      g_autoptr (JsonNode) node = info_to_json (dataset);
      g_autoptr (GError) error = NULL;

      if (!lloyd_cli_write_json (node, NULL, &error))
        status = lloyd_cli_report_error (error);
    }
  else
    print_info (dataset);

out:
  lloyd_cli_data_args_clear (&data);
  return status;
}
