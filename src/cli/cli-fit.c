/* cli-fit.c — `lloyd-cli fit FILE --k K …`: preprocess, run k-means, and write
 * DIR/summary.json, DIR/assignments.csv and DIR/centroids.csv (or print the
 * summary). Other features (anomaly scoring, figures) extend the run at the
 * marked hook points, where the dataset, transform, matrix and model are in
 * scope and the summary is still open. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "cli-anomaly.h"
#include "cli-figures.h"
#include "cli-kmeans.h"

typedef struct
{
  LloydCliKMeansArgs  args;
  int                 k;
  char               *save_init;

  LloydDataset       *dataset;
  LloydTransform     *transform;
  LloydMatrix        *x;
  LloydKMeans        *km;
  LloydCliAnomaly     anomaly;      /* --threshold, --pca, --save-model … (cli-anomaly.c) */

  gint64              t_start;
  double              t_load, t_preprocess, t_init, t_iterations, t_write;
} FitRun;

static void
fit_run_clear (FitRun *run)
{
  lloyd_cli_kmeans_args_clear (&run->args);
  g_clear_pointer (&run->save_init, g_free);
  g_clear_pointer (&run->dataset, lloyd_dataset_unref);
  g_clear_pointer (&run->transform, lloyd_transform_unref);
  g_clear_pointer (&run->x, lloyd_matrix_free);
  g_clear_pointer (&run->km, lloyd_kmeans_free);
  lloyd_cli_anomaly_clear (&run->anomaly);
}

static void
put_double (GString *s,
            double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

static const char *
event_kind_to_string (LloydEventKind kind)
{
  switch (kind)
    {
    case LLOYD_EVENT_EMPTY_CLUSTER:
      return "empty-cluster";
    case LLOYD_EVENT_CONVERGED:
      return "converged";
    default:
      return "unknown";
    }
}

static void
add_centroids (JsonBuilder  *b,
               const double *c,
               guint         k,
               gsize         d)
{
  json_builder_begin_array (b);
  for (guint j = 0; j < k; j++)
    {
      json_builder_begin_array (b);
      for (gsize t = 0; t < d; t++)
        json_builder_add_double_value (b, c[(gsize) j * d + t]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

/* The members every fit summary has; the builder is left inside the object.
 * summary.json is for scripts: its keys and values (stop_reason, tol_rule …) stay
 * untranslated, as do the CSV headers and values written next to it. */
static void
build_summary (FitRun      *run,
               JsonBuilder *b)
{
  const LloydKMeans *km = run->km;
  guint k = lloyd_kmeans_get_k (km);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, run->dataset->path);
  json_builder_set_member_name (b, "k");
  json_builder_add_int_value (b, k);
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, run->x->n);
  json_builder_set_member_name (b, "d");
  json_builder_add_int_value (b, run->x->d);
  json_builder_set_member_name (b, "init");
  json_builder_add_string_value (b, run->args.init != NULL ? run->args.init : "kmeans++");
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, run->args.seed);
  json_builder_set_member_name (b, "max_iter");
  json_builder_add_int_value (b, run->args.max_iter);
  json_builder_set_member_name (b, "n_init");
  json_builder_add_int_value (b, run->args.n_init);
  json_builder_set_member_name (b, "tol");
  json_builder_add_double_value (b, run->args.tol);
  json_builder_set_member_name (b, "tol_scaled");
  json_builder_add_double_value (b, lloyd_kmeans_get_tol_scaled (km));
  json_builder_set_member_name (b, "tol_rule");
  json_builder_add_string_value (b, "stop when the sum over centroids of squared movement <= tol * mean "
                                    "feature variance (tol_scaled), as scikit-learn; 'shift' is the summed "
                                    "Euclidean movement");
  json_builder_set_member_name (b, "normalize");
  json_builder_add_string_value (b, run->transform->normalize == LLOYD_NORMALIZE_ZSCORE ? "zscore" : "none");
  json_builder_set_member_name (b, "one_hot");
  json_builder_add_boolean_value (b, run->transform->one_hot);
  json_builder_set_member_name (b, "features");
  json_builder_begin_array (b);
  for (gsize t = 0; t < run->transform->n_features; t++)
    json_builder_add_string_value (b, run->transform->feature_names[t]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "iterations");
  json_builder_begin_array (b);
  for (guint i = 1; i <= lloyd_kmeans_get_n_iterations (km); i++)
    {
      const LloydIteration *it = lloyd_kmeans_get_iteration (km, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "iteration");
      json_builder_add_int_value (b, it->iteration);
      json_builder_set_member_name (b, "inertia");
      json_builder_add_double_value (b, it->inertia);
      json_builder_set_member_name (b, "moved");
      json_builder_add_int_value (b, it->moved);
      json_builder_set_member_name (b, "shift");
      json_builder_add_double_value (b, it->shift);
      json_builder_set_member_name (b, "shift_squared");
      json_builder_add_double_value (b, it->shift_sq);
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, it->seconds);
      json_builder_set_member_name (b, "events");
      json_builder_begin_array (b);
      for (guint e = 0; e < it->events->len; e++)
        {
          const LloydEvent *ev = &g_array_index (it->events, LloydEvent, e);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, event_kind_to_string (ev->kind));
          if (ev->kind == LLOYD_EVENT_EMPTY_CLUSTER)
            {
              json_builder_set_member_name (b, "cluster");
              json_builder_add_int_value (b, ev->cluster);
              json_builder_set_member_name (b, "row");
              json_builder_add_int_value (b, ev->row);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "converged");
  json_builder_add_boolean_value (b, lloyd_kmeans_is_converged (km));
  json_builder_set_member_name (b, "stop_reason");
  json_builder_add_string_value (b, lloyd_stop_reason_to_string (lloyd_kmeans_get_stop_reason (km)));
  json_builder_set_member_name (b, "n_iter");
  json_builder_add_int_value (b, lloyd_kmeans_get_n_iterations (km));
  json_builder_set_member_name (b, "inertia");
  json_builder_add_double_value (b, lloyd_kmeans_get_inertia (km));
  json_builder_set_member_name (b, "initial_centroids");
  add_centroids (b, lloyd_kmeans_get_iteration (km, 0)->centroids, k, run->x->d);
  json_builder_set_member_name (b, "centroids");
  add_centroids (b, lloyd_kmeans_get_centroids (km), k, run->x->d);
}

static void
add_timings (FitRun      *run,
             JsonBuilder *b)
{
  json_builder_set_member_name (b, "timings");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "load");
  json_builder_add_double_value (b, run->t_load);
  json_builder_set_member_name (b, "preprocess");
  json_builder_add_double_value (b, run->t_preprocess);
  json_builder_set_member_name (b, "init");
  json_builder_add_double_value (b, run->t_init);
  json_builder_set_member_name (b, "iterations");
  json_builder_add_double_value (b, run->t_iterations);
  json_builder_set_member_name (b, "write");
  json_builder_add_double_value (b, run->t_write);
  json_builder_set_member_name (b, "total");
  json_builder_add_double_value (b, lloyd_cli_seconds_since (run->t_start));
  json_builder_end_object (b);
}

static gboolean
write_centroid_rows (FILE         *f,
                     const double *c,
                     guint         k,
                     gsize         d,
                     GError      **error)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint j = 0; j < k; j++)
    {
      g_string_truncate (line, 0);
      for (gsize t = 0; t < d; t++)
        {
          if (t > 0)
            g_string_append_c (line, ',');
          put_double (line, c[(gsize) j * d + t]);
        }
      g_string_append_c (line, '\n');
      if (fputs (line->str, f) < 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s", g_strerror (errno));
          return FALSE;
        }
    }
  return TRUE;
}

static void
append_csv_name (GString    *line,
                 const char *name)
{
  if (strpbrk (name, ",\"\n") == NULL)
    g_string_append (line, name);
  else
    {
      g_string_append_c (line, '"');
      for (const char *p = name; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
}

/* --save-init (fit and bench): the initial centroids in model units, with the
 * feature names as header, so --init centroids:FILE (or scikit-learn) can start
 * from them. */
gboolean
lloyd_cli_write_initial_centroids (const char            *path,
                                   const LloydTransform  *transform,
                                   const double          *centroids,
                                   guint                  k,
                                   GError               **error)
{
  g_autoptr(GString) header = g_string_new (NULL);
  FILE *f = g_fopen (path, "w");
  gboolean ok;

  if (f == NULL)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), _("Cannot write %s: %s"), path, g_strerror (err));
      return FALSE;
    }
  for (gsize t = 0; t < transform->n_features; t++)
    {
      if (t > 0)
        g_string_append_c (header, ',');
      append_csv_name (header, transform->feature_names[t]);
    }
  g_string_append_c (header, '\n');
  ok = fputs (header->str, f) >= 0 &&
       write_centroid_rows (f, centroids, k, transform->n_features, error);
  if (fclose (f) != 0 && ok)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), _("Cannot write %s: %s"), path, g_strerror (err));
      ok = FALSE;
    }
  return ok;
}

/* DIR/centroids.csv: each centroid twice, in model (normalized) units and mapped
 * back to the original units (one-hot features as proportions). */
static gboolean
write_centroids (FitRun      *run,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(GString) line = g_string_new ("cluster,units");
  const guint k = lloyd_kmeans_get_k (run->km);
  const gsize d = run->x->d;
  const double *c = lloyd_kmeans_get_centroids (run->km);
  g_autofree double *orig = g_new (double, d);
  g_autoptr(GString) contents = NULL;

  for (gsize t = 0; t < d; t++)
    {
      g_string_append_c (line, ',');
      append_csv_name (line, run->transform->feature_names[t]);
    }
  g_string_append_c (line, '\n');
  contents = g_steal_pointer (&line);
  for (guint u = 0; u < 2; u++)
    for (guint j = 0; j < k; j++)
      {
        const double *row = c + (gsize) j * d;

        if (u == 1)
          {
            lloyd_transform_inverse (run->transform, row, orig);
            row = orig;
          }
        g_string_append_printf (contents, "%u,%s", j, u == 0 ? "normalized" : "original");
        for (gsize t = 0; t < d; t++)
          {
            g_string_append_c (contents, ',');
            put_double (contents, row[t]);
          }
        g_string_append_c (contents, '\n');
      }
  return g_file_set_contents (path, contents->str, contents->len, error);
}

/* DIR/assignments.csv: row, cluster, distance (Euclidean, model units). */
static gboolean
write_assignments (FitRun      *run,
                   const char  *path,
                   GError     **error)
{
  /* Every row's nearest centroid and the exact distance the flag was decided on:
   * with --train-on-normal k-means' own labels cover only the training rows. */
  const guint32 *labels = run->anomaly.scores->labels;
  const double *distances = run->anomaly.scores->distances;
  g_autoptr(GString) line = g_string_new (NULL);
  FILE *f = g_fopen (path, "w");
  gboolean ok = TRUE;

  if (f == NULL)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), _("Cannot write %s: %s"), path, g_strerror (err));
      return FALSE;
    }
  /* Hook: extra columns (anomaly score, flag, label …) go after "distance"
   * here and after the distance value in each row below. */
  g_string_assign (line, "row,cluster,distance");
  lloyd_cli_anomaly_csv_header (&run->anomaly, line);
  g_string_append_c (line, '\n');
  fputs (line->str, f);
  for (gsize i = 0; i < run->x->n && ok; i++)
    {
      g_string_printf (line, "%" G_GSIZE_FORMAT ",%u,", i, labels[i]);
      put_double (line, distances[i]);
      lloyd_cli_anomaly_csv_row (&run->anomaly, i, line);
      g_string_append_c (line, '\n');
      ok = fputs (line->str, f) >= 0;
    }
  if (fclose (f) != 0 || !ok)
    {
      int err = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), _("Cannot write %s: %s"), path, g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

static void
print_human (FitRun *run)
{
  const LloydKMeans *km = run->km;

  /* %zu, not G_GSIZE_FORMAT: xgettext cannot see through macros. */
  printf (_("k = %u on %zu × %zu (%s)\n"), lloyd_kmeans_get_k (km), run->x->n, run->x->d, run->dataset->name);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u iteration, stopped: %s\n", "%u iterations, stopped: %s\n",
                       lloyd_kmeans_get_n_iterations (km)),
          lloyd_kmeans_get_n_iterations (km), lloyd_stop_reason_to_display (lloyd_kmeans_get_stop_reason (km)));
  printf (_("Inertia: %.10g\n"), lloyd_kmeans_get_inertia (km));
}

static void
print_timings (FitRun *run)
{
  fprintf (stderr, "load %.3f s, preprocess %.3f s, init %.3f s, iterations %.3f s, write %.3f s, total %.3f s\n",
           run->t_load, run->t_preprocess, run->t_init, run->t_iterations, run->t_write,
           lloyd_cli_seconds_since (run->t_start));
}

int
lloyd_cli_fit (int    argc,
               char **argv)
{
  FitRun run = { 0 };
  LloydCliDataArgs data = { 0 };
  LloydCliFiguresArgs figures = { 0 };
  const GOptionEntry entries[] = {
    { "k", 'k', 0, G_OPTION_ARG_INT, &run.k, N_("Number of clusters (implied by --init rows:… or centroids:…)"), N_("K") },
    { "save-init", 0, 0, G_OPTION_ARG_FILENAME, &run.save_init,
      N_("Write the initial centroids (model units) to this CSV"), N_("FILE.csv") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — cluster a data file with k-means"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) summary = NULL;
  LloydCliProgressBar bar;
  LloydProgressFunc progress;
  const LloydMatrix *train;
  LloydCliAnomalyInput anomaly_input = { 0 };
  LloydCliModelParams model_params = { 0 };
  gint64 t;
  int status;

  run.t_start = g_get_monotonic_time ();
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  lloyd_cli_add_data_options (context, &data);
  lloyd_cli_kmeans_add_options (context, &run.args);
  lloyd_cli_add_figures_options (context, &figures);
  lloyd_cli_anomaly_add_options (context, &run.anomaly);
  if (!lloyd_cli_parse_args (context, &argc, &argv, &status))
    goto out;
  if (argc != 2)
    {
      status = lloyd_cli_usage_error ("fit", _("expected exactly one FILE"));
      goto out;
    }
  if (run.k < 0)
    {
      status = lloyd_cli_usage_error ("fit", _("--k must be at least 1"));
      goto out;
    }

  t = g_get_monotonic_time ();
  run.dataset = lloyd_cli_load (argv[1], &data, &status);
  if (run.dataset == NULL)
    goto out;
  run.t_load = lloyd_cli_seconds_since (t);
  if (!lloyd_cli_anomaly_begin (&run.anomaly, run.dataset, &error))
    goto failed;

  t = g_get_monotonic_time ();
  run.x = lloyd_cli_kmeans_prepare_rows (run.dataset, &run.args,
                                         lloyd_cli_anomaly_training_rows (&run.anomaly),
                                         &run.transform, &error);
  if (run.x == NULL)
    goto failed;
  /* --train-on-normal: k-means sees the normal rows; every row is scored. */
  train = lloyd_cli_anomaly_training_matrix (&run.anomaly, run.x, &error);
  if (train == NULL)
    goto failed;
  run.t_preprocess = lloyd_cli_seconds_since (t);

  run.km = lloyd_kmeans_new ((guint) run.k);
  if (!lloyd_cli_kmeans_configure (run.km, &run.args, run.x->d, &error))
    goto failed;
  if (run.k == 0 && lloyd_kmeans_get_k (run.km) == 0)
    {
      status = lloyd_cli_usage_error ("fit", _("give the number of clusters with --k"));
      goto out;
    }
  if (run.k != 0 && lloyd_kmeans_get_k (run.km) != (guint) run.k)
    {
      status = lloyd_cli_usage_error ("fit", _("--k %d disagrees with the %u initial centroids of --init"),
                                      run.k, lloyd_kmeans_get_k (run.km));
      goto out;
    }

  t = g_get_monotonic_time ();
  if (!lloyd_kmeans_initialize (run.km, train, NULL, &error))
    goto failed;
  run.t_init = lloyd_cli_seconds_since (t);
  if (run.save_init != NULL && !lloyd_cli_write_initial_centroids (run.save_init, run.transform,
                                                                   lloyd_kmeans_get_iteration (run.km, 0)->centroids,
                                                                   lloyd_kmeans_get_k (run.km), &error))
    goto failed;

  t = g_get_monotonic_time ();
  progress = lloyd_cli_progress_begin (&bar);
  if (!lloyd_kmeans_fit (run.km, train, progress, &bar, NULL, &error))
    {
      lloyd_cli_progress_end (&bar);
      goto failed;
    }
  lloyd_cli_progress_end (&bar);
  run.t_iterations = lloyd_cli_seconds_since (t);

  build_summary (&run, builder);
  anomaly_input = (LloydCliAnomalyInput) { run.dataset, run.transform, run.x,
                                           lloyd_kmeans_get_centroids (run.km),
                                           lloyd_kmeans_get_k (run.km), (guint) MAX (run.args.threads, 0) };
  if (!lloyd_cli_anomaly_run (&run.anomaly, &anomaly_input, builder, &error))
    goto failed;
  model_params = (LloydCliModelParams) { lloyd_init_to_string (lloyd_kmeans_get_init (run.km)),
                                         lloyd_kmeans_get_seed (run.km), (guint) run.args.max_iter,
                                         run.args.tol, (guint) run.args.n_init };
  if (!lloyd_cli_anomaly_save_model (&run.anomaly, &anomaly_input, &model_params, &error))
    goto failed;
  /* Hook: anomaly scoring and figures add their members to the open summary
   * here (run.dataset, run.transform, run.x and run.km in scope). */
  if (figures.dir != NULL)
    {
      LloydCliFiguresInput input = { run.dataset, run.transform, train, run.km, NULL,
                                     &run.anomaly.threshold };

      gboolean written = lloyd_cli_write_figures (&input, &figures, FALSE, &error);

      /* One figure run per process: release the font caches for leak checkers. */
      lloyd_plot_shutdown ();
      if (!written)
        goto failed;
    }

  t = g_get_monotonic_time ();
  if (run.args.out != NULL)
    {
      g_autofree char *centroids = g_build_filename (run.args.out, "centroids.csv", NULL);
      g_autofree char *assignments = g_build_filename (run.args.out, "assignments.csv", NULL);

      if (g_mkdir_with_parents (run.args.out, 0755) != 0)
        {
          int err = errno;
          g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (err), _("Cannot create %s: %s"),
                       run.args.out, g_strerror (err));
          goto failed;
        }
      if (!write_centroids (&run, centroids, &error) || !write_assignments (&run, assignments, &error))
        goto failed;
    }
  run.t_write = lloyd_cli_seconds_since (t);
  add_timings (&run, builder);
  json_builder_end_object (builder);
  summary = json_builder_get_root (builder);

  if (run.args.out != NULL)
    {
      g_autofree char *path = g_build_filename (run.args.out, "summary.json", NULL);

      if (!lloyd_cli_write_json (summary, path, &error))
        goto failed;
    }
  if (run.args.json)
    {
      if (!lloyd_cli_write_json (summary, NULL, &error))
        goto failed;
    }
  else if (run.args.out == NULL)
    print_human (&run);
  if (run.args.timings)
    print_timings (&run);
  status = LLOYD_EXIT_OK;
  goto out;

failed:
  status = lloyd_cli_report_error (error);
out:
  lloyd_cli_data_args_clear (&data);
  lloyd_cli_figures_args_clear (&figures);
  fit_run_clear (&run);
  return status;
}
