/* cli-bench.c — `lloyd-cli bench PHASE FILE`: the Lloyd side of tools/bench.
 *
 * Each phase loads what it needs untimed, then times only the operation one
 * benchmark line compares (parsing, one-hot + z-score, k-means++, one iteration …)
 * --repeat times, and prints one JSON object with every time and the facts the
 * table needs (n, d, k, iterations, inertia, peak RSS). It is a measuring tool for
 * tools/bench, not an analysis: the other commands are for people. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>

#include "cli-kmeans.h"
#include "elbow.h"
#include "export.h"
#include "metrics.h"
#include "pca.h"
#include "scatter-plot.h"

typedef struct
{
  const char       *phase;
  const char       *path;
  LloydLoadOptions  load_options;
  int               repeat;
  int               k;
  int               k_min;
  int               k_max;
  int               max_iter;
  gint64            seed;
  int               sample;
  gboolean          numeric;
  char             *save_init;
  char             *out;
  GArray           *times;   /* of double, seconds */
  GString          *extra;   /* ", \"key\": value" pairs for the JSON object */
} BenchRun;

typedef gboolean (*BenchPhaseFunc) (BenchRun  *run,
                                    GError   **error);

/* Records the seconds since @start (g_get_monotonic_time). */
static void
add_time (BenchRun *run,
          gint64    start)
{
  double seconds = lloyd_cli_seconds_since (start);

  g_array_append_val (run->times, seconds);
}

static void
add_extra (BenchRun   *run,
           const char *key,
           const char *format,
           ...) G_GNUC_PRINTF (3, 4);

static void
add_extra (BenchRun   *run,
           const char *key,
           const char *format,
           ...)
{
  va_list args;

  g_string_append_printf (run->extra, ", \"%s\": ", key);
  va_start (args, format);
  g_string_append_vprintf (run->extra, format, args);
  va_end (args);
}

/* No progress callback: it would be timed too. */
static LloydDataset *
load (const BenchRun  *run,
      GError         **error)
{
  return lloyd_dataset_load (run->path, &run->load_options, NULL, NULL, NULL, error);
}

/* The matrix k-means sees, made as `lloyd-cli fit` makes it: one-hot + z-score, or
 * with --numeric only the numeric columns, z-scored. */
static LloydMatrix *
preprocess (const BenchRun      *run,
            const LloydDataset  *dataset,
            LloydTransform     **transform,
            GError             **error)
{
  LloydCliKMeansArgs args = { .no_one_hot = run->numeric };

  return lloyd_cli_kmeans_prepare (dataset, &args, transform, error);
}

static LloydMatrix *
load_matrix (const BenchRun  *run,
             LloydTransform **transform_out,
             GError         **error)
{
  g_autoptr (LloydDataset) dataset = load (run, error);

  if (dataset == NULL)
    return NULL;
  return preprocess (run, dataset, transform_out, error);
}

static void
add_matrix_facts (BenchRun          *run,
                  const LloydMatrix *x)
{
  add_extra (run, "n", "%" G_GSIZE_FORMAT, x->n);
  add_extra (run, "d", "%" G_GSIZE_FORMAT, x->d);
}

/* k-means++ with --seed, untimed: the starting centroids of the iteration and fit
 * phases. Returns a k × d copy. */
static double *
plusplus_centroids (const BenchRun        *run,
                    const LloydMatrix     *x,
                    const LloydTransform  *transform,
                    GError               **error)
{
  g_autoptr (LloydKMeans) km = lloyd_kmeans_new (run->k);

  lloyd_kmeans_set_init (km, LLOYD_INIT_KMEANSPP);
  lloyd_kmeans_set_seed (km, run->seed);
  if (!lloyd_kmeans_initialize (km, x, NULL, error))
    return NULL;
  if (run->save_init != NULL &&
      !lloyd_cli_write_initial_centroids (run->save_init, transform, lloyd_kmeans_get_centroids (km),
                                          run->k, error))
    return NULL;
  return g_memdup2 (lloyd_kmeans_get_centroids (km), sizeof (double) * run->k * x->d);
}

/* --- one function per phase -------------------------------------------------------- */

static gboolean
phase_parse (BenchRun  *run,
             GError   **error)
{
  g_autoptr (LloydDataset) dataset = NULL;

  for (int r = 0; r < run->repeat; r++)
    {
      gint64 start = g_get_monotonic_time ();

      g_clear_pointer (&dataset, lloyd_dataset_unref);
      dataset = load (run, error);
      if (dataset == NULL)
        return FALSE;
      add_time (run, start);
    }
  add_extra (run, "rows", "%" G_GSIZE_FORMAT, dataset->n_rows);
  add_extra (run, "columns", "%" G_GSIZE_FORMAT, dataset->n_columns);
  return TRUE;
}

static gboolean
phase_preprocess (BenchRun  *run,
                  GError   **error)
{
  g_autoptr (LloydDataset) dataset = load (run, error);
  g_autoptr (LloydMatrix) x = NULL;

  if (dataset == NULL)
    return FALSE;
  for (int r = 0; r < run->repeat; r++)
    {
      gint64 start = g_get_monotonic_time ();

      g_clear_pointer (&x, lloyd_matrix_free);
      x = preprocess (run, dataset, NULL, error);
      if (x == NULL)
        return FALSE;
      add_time (run, start);
    }
  add_matrix_facts (run, x);
  return TRUE;
}

/* k-means++ on a new model each time, as a user's first fit would run it. */
static gboolean
phase_init (BenchRun  *run,
            GError   **error)
{
  g_autoptr (LloydMatrix) x = load_matrix (run, NULL, error);

  if (x == NULL)
    return FALSE;
  for (int r = 0; r < run->repeat; r++)
    {
      g_autoptr (LloydKMeans) km = lloyd_kmeans_new (run->k);
      gint64 start;

      lloyd_kmeans_set_init (km, LLOYD_INIT_KMEANSPP);
      lloyd_kmeans_set_seed (km, run->seed);
      start = g_get_monotonic_time ();
      if (!lloyd_kmeans_initialize (km, x, NULL, error))
        return FALSE;
      add_time (run, start);
    }
  add_matrix_facts (run, x);
  add_extra (run, "k", "%d", run->k);
  return TRUE;
}

/* Times one iteration (assign + update) or, with @fit, a fit to convergence with
 * tol = 0 (stop when no label changes, a rule both sides share exactly), both from
 * the k-means++ centroids --save-init writes for the other side. An iteration is
 * timed alone, --repeat times from the same centroids so every repeat does the same
 * work; a fit runs on a new model each time and so includes what a user's fit pays
 * once per data set (checking the data, grouping duplicate rows). */
static gboolean
time_from_plusplus (BenchRun  *run,
                    gboolean   fit,
                    GError   **error)
{
  g_autoptr (LloydTransform) transform = NULL;
  g_autoptr (LloydMatrix) x = load_matrix (run, &transform, error);
  g_autoptr (LloydKMeans) km = NULL;
  g_autofree double *c0 = NULL;

  if (x == NULL || (c0 = plusplus_centroids (run, x, transform, error)) == NULL)
    return FALSE;
  for (int r = 0; r < run->repeat; r++)
    {
      gint64 start = 0;
      gboolean ok;

      if (km == NULL || fit)
        {
          g_clear_pointer (&km, lloyd_kmeans_free);
          km = lloyd_kmeans_new (run->k);
          lloyd_kmeans_set_tol (km, 0.0);
          lloyd_kmeans_set_max_iter (km, run->max_iter);
          lloyd_kmeans_set_init (km, LLOYD_INIT_CENTROIDS);
        }
      lloyd_kmeans_reset (km);
      lloyd_kmeans_set_init_centroids (km, c0, run->k, x->d);
      if (fit)
        start = g_get_monotonic_time ();
      if (!lloyd_kmeans_initialize (km, x, NULL, error))
        return FALSE;
      if (!fit)
        start = g_get_monotonic_time ();
      ok = fit ? lloyd_kmeans_fit (km, x, NULL, NULL, NULL, error)
               : lloyd_kmeans_step (km, x, NULL, error);
      if (!ok)
        return FALSE;
      add_time (run, start);
    }
  add_matrix_facts (run, x);
  add_extra (run, "k", "%d", run->k);
  add_extra (run, "iterations", "%u", lloyd_kmeans_get_n_iterations (km));
  if (fit)
    {
      add_extra (run, "inertia", "%.17g", lloyd_kmeans_get_inertia (km));
      add_extra (run, "stop", "\"%s\"",
                 lloyd_stop_reason_to_string (lloyd_kmeans_get_stop_reason (km)));
    }
  return TRUE;
}

static gboolean
phase_iter (BenchRun  *run,
            GError   **error)
{
  return time_from_plusplus (run, FALSE, error);
}

static gboolean
phase_fit (BenchRun  *run,
           GError   **error)
{
  return time_from_plusplus (run, TRUE, error);
}

/* The dataset's own labels (the 23 KDD attack types) as the clustering: the same
 * on both sides, with no fit needed. */
static const LloydColumn *
label_column (const LloydDataset  *dataset,
              GError             **error)
{
  if (dataset->label_column < 0)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                   "%s: the silhouette and figure phases need a label column", dataset->name);
      return NULL;
    }
  return &dataset->columns[dataset->label_column];
}

/* Silhouette of a seeded sample of --sample rows. */
static gboolean
phase_silhouette (BenchRun  *run,
                  GError   **error)
{
  g_autoptr (LloydDataset) dataset = load (run, error);
  g_autoptr (LloydMatrix) x = dataset ? preprocess (run, dataset, NULL, error) : NULL;
  const LloydColumn *labels = x ? label_column (dataset, error) : NULL;
  LloydSilhouetteOptions options;
  double score = 0;
  gsize n_used = 0;

  if (labels == NULL)
    return FALSE;
  lloyd_silhouette_options_init (&options);
  options.max_exact = 0;
  options.sample_size = run->sample;
  options.seed = run->seed;
  for (int r = 0; r < run->repeat; r++)
    {
      gint64 start = g_get_monotonic_time ();

      if (!lloyd_metric_silhouette (x, labels->codes, labels->levels->len, &options, &score,
                                    &n_used, NULL, NULL, NULL, error))
        return FALSE;
      add_time (run, start);
    }
  add_extra (run, "n", "%" G_GSIZE_FORMAT, n_used);
  add_extra (run, "d", "%" G_GSIZE_FORMAT, x->d);
  add_extra (run, "silhouette", "%.17g", score);
  return TRUE;
}

/* k-means++ and at most --max-iter iterations for each k from --k-min to --k-max. */
static gboolean
phase_elbow (BenchRun  *run,
             GError   **error)
{
  g_autoptr (LloydMatrix) x = load_matrix (run, NULL, error);
  LloydElbowOptions options;
  g_autoptr (GString) inertias = g_string_new ("[");

  if (x == NULL)
    return FALSE;
  lloyd_elbow_options_init (&options);
  options.k_min = run->k_min;
  options.k_max = run->k_max;
  options.max_iter = run->max_iter;
  options.seed = run->seed;
  for (int r = 0; r < run->repeat; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (LloydElbow) elbow = lloyd_elbow_sweep (x, &options, NULL, NULL, NULL, error);

      if (elbow == NULL)
        return FALSE;
      add_time (run, start);
      if (r == 0)
        for (guint i = 0; i < elbow->n; i++)
          g_string_append_printf (inertias, "%s%.17g", i ? ", " : "", elbow->inertia[i]);
    }
  g_string_append_c (inertias, ']');
  add_matrix_facts (run, x);
  add_extra (run, "k_min", "%d", run->k_min);
  add_extra (run, "k_max", "%d", run->k_max);
  add_extra (run, "max_iter", "%d", run->max_iter);
  add_extra (run, "inertias", "%s", inertias->str);
  return TRUE;
}

/* The clusters figure of every row (PCA plane, coloured by label) rendered and
 * written as a 1200 × 800 PNG; the PCA is untimed. */
static gboolean
phase_figure (BenchRun  *run,
              GError   **error)
{
  g_autoptr (LloydDataset) dataset = load (run, error);
  g_autoptr (LloydMatrix) x = dataset ? preprocess (run, dataset, NULL, error) : NULL;
  const LloydColumn *labels = x ? label_column (dataset, error) : NULL;
  g_autoptr (LloydPca) pca = labels ? lloyd_pca_fit (x, 2, 0, NULL, error) : NULL;
  g_autoptr (LloydMatrix) xy = pca ? lloyd_pca_project (pca, x, 0, NULL, error) : NULL;
  g_autofree char *out = NULL;
  LloydScatterPlot plot = { 0 };
  LloydExportOptions options;

  if (xy == NULL)
    return FALSE;
  out = run->out ? g_strdup (run->out) : g_build_filename (g_get_tmp_dir (), "lloyd-bench.png", NULL);
  plot.n = xy->n;
  plot.xy = xy->data;
  plot.labels = labels->codes;
  plot.k = labels->levels->len;
  plot.x_title = "PC 1";
  plot.y_title = "PC 2";
  lloyd_export_options_init (&options);
  options.width = 1200;
  options.height = 800;
  for (int r = 0; r < run->repeat; r++)
    {
      gint64 start = g_get_monotonic_time ();

      if (!lloyd_export_figure (out, &options, lloyd_scatter_plot_render_figure, &plot, error))
        return FALSE;
      add_time (run, start);
    }
  add_extra (run, "n", "%" G_GSIZE_FORMAT, xy->n);
  add_extra (run, "density", "%s", lloyd_scatter_plot_uses_density (&plot) ? "true" : "false");
  return TRUE;
}

/* PCA to 2 components: fit (covariance and eigenvectors) and project every row. */
static gboolean
phase_pca (BenchRun  *run,
           GError   **error)
{
  g_autoptr (LloydMatrix) x = load_matrix (run, NULL, error);

  if (x == NULL)
    return FALSE;
  for (int r = 0; r < run->repeat; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (LloydPca) pca = lloyd_pca_fit (x, 2, 0, NULL, error);
      g_autoptr (LloydMatrix) y = pca ? lloyd_pca_project (pca, x, 0, NULL, error) : NULL;

      if (y == NULL)
        return FALSE;
      add_time (run, start);
    }
  add_matrix_facts (run, x);
  return TRUE;
}

/* Everything a user waits for: load, one-hot + z-score, k-means++, fit with the
 * default tolerance. */
static gboolean
phase_e2e (BenchRun  *run,
           GError   **error)
{
  gsize  n = 0, d = 0;
  double inertia = 0;
  guint  iterations = 0;

  for (int r = 0; r < run->repeat; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (LloydMatrix) x = load_matrix (run, NULL, error);
      g_autoptr (LloydKMeans) km = lloyd_kmeans_new (run->k);

      if (x == NULL)
        return FALSE;
      lloyd_kmeans_set_init (km, LLOYD_INIT_KMEANSPP);
      lloyd_kmeans_set_seed (km, run->seed);
      lloyd_kmeans_set_max_iter (km, run->max_iter);
      if (!lloyd_kmeans_fit (km, x, NULL, NULL, NULL, error))
        return FALSE;
      add_time (run, start);
      n = x->n;
      d = x->d;
      inertia = lloyd_kmeans_get_inertia (km);
      iterations = lloyd_kmeans_get_n_iterations (km);
    }
  add_extra (run, "n", "%" G_GSIZE_FORMAT, n);
  add_extra (run, "d", "%" G_GSIZE_FORMAT, d);
  add_extra (run, "k", "%d", run->k);
  add_extra (run, "inertia", "%.17g", inertia);
  add_extra (run, "iterations", "%u", iterations);
  add_extra (run, "matrix_bytes", "%" G_GSIZE_FORMAT, n * d * sizeof (double));
  return TRUE;
}

static const struct
{
  const char     *name;
  BenchPhaseFunc  run;
} phases[] = {
  { "parse", phase_parse },
  { "preprocess", phase_preprocess },
  { "init", phase_init },
  { "iter", phase_iter },
  { "fit", phase_fit },
  { "elbow", phase_elbow },
  { "silhouette", phase_silhouette },
  { "pca", phase_pca },
  { "figure", phase_figure },
  { "e2e", phase_e2e },
};

static void
print_result (const BenchRun *run)
{
  struct rusage usage;

  printf ("{\"phase\": \"%s\", \"times\": [", run->phase);
  for (guint i = 0; i < run->times->len; i++)
    printf ("%s%.6f", i ? ", " : "", g_array_index (run->times, double, i));
  getrusage (RUSAGE_SELF, &usage);
  printf ("]%s, \"max_rss_kb\": %ld}\n", run->extra->str, usage.ru_maxrss);
}

int
lloyd_cli_bench (int    argc,
                 char **argv)
{
  BenchRun run = {
    .repeat = 1, .k = 23, .k_min = 2, .k_max = 30, .max_iter = 300, .seed = 0, .sample = 10000,
  };
  const GOptionEntry entries[] = {
    { "repeat", 0, 0, G_OPTION_ARG_INT, &run.repeat, "Time the phase N times (default 1)", "N" },
    { "k", 0, 0, G_OPTION_ARG_INT, &run.k, "Clusters (default 23)", "K" },
    { "k-min", 0, 0, G_OPTION_ARG_INT, &run.k_min, "Elbow: smallest k (default 2)", "K" },
    { "k-max", 0, 0, G_OPTION_ARG_INT, &run.k_max, "Elbow: largest k (default 30)", "K" },
    { "max-iter", 0, 0, G_OPTION_ARG_INT, &run.max_iter, "Iterations at most (default 300)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &run.seed, "Random seed (default 0)", "SEED" },
    { "sample", 0, 0, G_OPTION_ARG_INT, &run.sample, "Silhouette sample size (default 10000)", "N" },
    { "numeric", 0, 0, G_OPTION_ARG_NONE, &run.numeric, "Numeric columns only, no one-hot", NULL },
    { "save-init", 0, 0, G_OPTION_ARG_FILENAME, &run.save_init,
      "Write the initial centroids as CSV (iter, fit)", "FILE" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &run.out, "Figure output file", "FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("PHASE FILE");
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) phase_list = g_string_new ("Phases:");
  LloydCliDataArgs data = { 0 };
  BenchPhaseFunc func = NULL;
  int status;

  /* The result is JSON for tools/bench: "0.5", never a locale's "0,5". */
  setlocale (LC_NUMERIC, "C");

  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    g_string_append_printf (phase_list, " %s", phases[i].name);
  /* A measuring tool for tools/bench: its messages are not translated. */
  g_option_context_set_summary (context, "Times one phase of a benchmark line for tools/bench "
                                         "and prints its times as JSON.");
  g_option_context_set_description (context, phase_list->str);
  g_option_context_add_main_entries (context, entries, NULL);
  lloyd_cli_add_data_options (context, &data);
  if (!lloyd_cli_parse_args (context, &argc, &argv, &status))
    goto out;
  if (argc != 3)
    {
      status = lloyd_cli_usage_error (argv[0], "expected PHASE FILE");
      goto out;
    }
  if (run.repeat < 1 || run.k < 1 || run.k_min < 1 || run.k_max < run.k_min || run.max_iter < 1 ||
      run.sample < 2)
    {
      status = lloyd_cli_usage_error (argv[0], "--repeat, --k, --k-min ≤ --k-max, --max-iter "
                                               "must be positive, --sample at least 2");
      goto out;
    }
  run.phase = argv[1];
  run.path = argv[2];
  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    if (g_str_equal (run.phase, phases[i].name))
      func = phases[i].run;
  if (func == NULL)
    {
      status = lloyd_cli_usage_error (argv[0], "unknown phase “%s”; %s", run.phase,
                                      phase_list->str);
      goto out;
    }
  if (!lloyd_cli_data_args_to_options (&data, &run.load_options, &error))
    {
      status = lloyd_cli_report_error (error);
      goto out;
    }

  run.times = g_array_new (FALSE, FALSE, sizeof (double));
  run.extra = g_string_new (NULL);
  if (func (&run, &error))
    {
      print_result (&run);
      status = LLOYD_EXIT_OK;
    }
  else
    status = lloyd_cli_report_error (error);
  g_array_unref (run.times);
  g_string_free (run.extra, TRUE);

out:
  g_free (run.save_init);
  g_free (run.out);
  lloyd_cli_data_args_clear (&data);
  return status;
}
