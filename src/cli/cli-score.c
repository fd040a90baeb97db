/* cli-score.c — `lloyd-cli score --model model.json FILE [--out DIR]`: score new
 * data with a saved model's transform, centroids and thresholds, and write
 * DIR/summary.json and DIR/assignments.csv (or print the summary). */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "cli-anomaly.h"

static gboolean
write_assignments (const LloydCliAnomaly *an,
                   const char            *path,
                   GError               **error)
{
  const LloydScores *s = an->scores;
  g_autoptr (GString) text = g_string_new ("row,cluster,distance");
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  lloyd_cli_anomaly_csv_header (an, text);
  g_string_append_c (text, '\n');
  for (gsize i = 0; i < s->n; i++)
    {
      g_string_append_printf (text, "%" G_GSIZE_FORMAT ",%u,%s", i, s->labels[i],
                              g_ascii_formatd (buf, sizeof buf, "%.17g", s->distances[i]));
      lloyd_cli_anomaly_csv_row (an, i, text);
      g_string_append_c (text, '\n');
    }
  return g_file_set_contents (path, text->str, (gssize) text->len, error);
}

static void
add_model_info (JsonBuilder        *b,
                const char         *model_path,
                const LloydModel   *model,
                const LloydDataset *ds)
{
  g_autofree char *sum = ds->path ? lloyd_file_sha256 (ds->path, NULL) : NULL;

  json_builder_set_member_name (b, "model");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, model_path);
  json_builder_set_member_name (b, "lloyd_version");
  json_builder_add_string_value (b, model->lloyd_version);
  json_builder_set_member_name (b, "trained_on");
  json_builder_add_string_value (b, model->data_name);
  json_builder_set_member_name (b, "trained_on_sha256");
  json_builder_add_string_value (b, model->data_sha256);
  json_builder_set_member_name (b, "same_data");
  json_builder_add_boolean_value (b, sum != NULL && g_str_equal (sum, model->data_sha256));
  json_builder_end_object (b);
}

int
lloyd_cli_score (int    argc,
                 char **argv)
{
  LloydCliDataArgs data = { 0 };
  LloydCliAnomaly an = { 0 };
  g_autofree char *model_path = NULL;
  g_autofree char *out = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model_path,
      N_("The model saved by lloyd-cli fit --save-model"), N_("MODEL.json") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("Write summary.json and assignments.csv into this directory"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context =
    g_option_context_new (_("FILE — score a data file with a saved anomaly model"));
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydModel) model = NULL;
  g_autoptr (LloydDataset) ds = NULL;
  g_autoptr (LloydMatrix) x = NULL;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) summary = NULL;
  LloydCliAnomalyInput in = { 0 };
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  lloyd_cli_add_data_options (context, &data);
  if (!lloyd_cli_parse_args (context, &argc, &argv, &status))
    goto out;
  if (argc != 2)
    {
      status = lloyd_cli_usage_error ("score", _("expected exactly one FILE"));
      goto out;
    }
  if (model_path == NULL)
    {
      status = lloyd_cli_usage_error ("score", _("give the model with --model MODEL.json"));
      goto out;
    }

  model = lloyd_model_load (model_path, &error);
  if (model == NULL)
    goto failed;
  ds = lloyd_cli_load (argv[1], &data, &status);
  if (ds == NULL)
    goto out;
  x = lloyd_model_apply (model, ds, NULL, &error);
  if (x == NULL)
    goto failed;

  in.dataset = ds;
  in.transform = model->transform;
  in.x = x;
  in.centroids = model->centroids;
  in.k = model->k;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, ds->path ? ds->path : ds->name);
  add_model_info (b, model_path, model, ds);
  json_builder_set_member_name (b, "k");
  json_builder_add_int_value (b, model->k);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, (gint64) x->n);
  json_builder_set_member_name (b, "d");
  json_builder_add_int_value (b, (gint64) x->d);
  if (!lloyd_cli_anomaly_run_model (&an, model, &in, b, &error))
    goto failed;
  json_builder_end_object (b);
  summary = json_builder_get_root (b);

  if (out != NULL)
    {
      g_autofree char *summary_path = g_build_filename (out, "summary.json", NULL);
      g_autofree char *assignments = g_build_filename (out, "assignments.csv", NULL);

      if (g_mkdir_with_parents (out, 0755) != 0)
        {
          int err = errno;
          g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (err), _("Cannot create %s: %s"),
                       out, g_strerror (err));
          goto failed;
        }
      if (!lloyd_cli_write_json (summary, summary_path, &error)
          || !write_assignments (&an, assignments, &error))
        goto failed;
    }
  if (json)
    {
      if (!lloyd_cli_write_json (summary, NULL, &error))
        goto failed;
    }
  else if (out == NULL)
    {
      g_autofree char *threshold = lloyd_threshold_to_display (&an.threshold);

      /* %zu, not G_GSIZE_FORMAT: xgettext cannot see through macros. */
      printf (_("%zu rows of %s scored with %s (k = %u, threshold: %s)\n"),
              x->n, ds->name, model_path, model->k, threshold);
      printf (_("Flagged: %zu\n"), an.n_flagged);
    }
  status = LLOYD_EXIT_OK;
  goto out;

failed:
  status = lloyd_cli_report_error (error);
out:
  lloyd_cli_data_args_clear (&data);
  lloyd_cli_anomaly_clear (&an);
  return status;
}
