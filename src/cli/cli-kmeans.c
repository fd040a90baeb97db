/* cli-kmeans.c — the preprocessing and k-means options of `fit` and `elbow`. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "cli-kmeans.h"

#define LLOYD_CLI_MAX_N_INIT 1000

void
lloyd_cli_kmeans_add_options (GOptionContext     *context,
                              LloydCliKMeansArgs *args)
{
  const GOptionEntry entries[] = {
    { "init", 'i', 0, G_OPTION_ARG_STRING, &args->init,
      N_("Initialization: random, partition, kmeans++ (default), kmeans-parallel, first, "
         "rows:I,J,… (0-based), centroids:FILE.csv (model units, as --save-init writes), average:R"),
      N_("METHOD") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &args->seed, N_("Random seed (default 0)"), N_("S") },
    { "max-iter", 0, 0, G_OPTION_ARG_INT, &args->max_iter, N_("Most iterations per run (default 300)"), N_("N") },
    { "tol", 0, 0, G_OPTION_ARG_DOUBLE, &args->tol,
      N_("Stop when the summed squared centroid movement is ≤ T × the mean feature variance, "
         "as scikit-learn's tol (default 1e-4)"), N_("T") },
    { "n-init", 0, 0, G_OPTION_ARG_INT, &args->n_init,
      N_("Runs from different random starts; the lowest inertia is kept (default 1)"), N_("R") },
    { "normalize", 0, 0, G_OPTION_ARG_STRING, &args->normalize,
      N_("zscore (default; a constant column is only centered) or none"), N_("zscore|none") },
    { "one-hot", 0, 0, G_OPTION_ARG_NONE, &args->one_hot, N_("One-hot encode categorical columns (default)"), NULL },
    { "no-one-hot", 0, 0, G_OPTION_ARG_NONE, &args->no_one_hot, N_("Drop categorical columns instead"), NULL },
    { "columns", 'c', 0, G_OPTION_ARG_STRING, &args->columns,
      N_("Comma-separated columns to use (default: all but the label)"), N_("A,B,…") },
    { "threads", 't', 0, G_OPTION_ARG_INT, &args->threads, N_("Threads (default: one per core)"), N_("N") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &args->out, N_("Write the results into this directory"), N_("DIR") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &args->json, N_("Print the summary as JSON on stdout"), NULL },
    { "timings", 0, 0, G_OPTION_ARG_NONE, &args->timings,
      N_("Print the time of each phase (load, preprocess, init, iterations, total) on stderr"), NULL },
    { NULL }
  };
  GOptionGroup *group;

  memset (args, 0, sizeof *args);
  args->max_iter = 300;
  args->tol = 1e-4;
  args->n_init = 1;
  group = g_option_group_new ("kmeans", _("Preprocessing and k-means options:"),
                              _("Show the preprocessing and k-means options"), NULL, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
}

void
lloyd_cli_kmeans_args_clear (LloydCliKMeansArgs *args)
{
  g_clear_pointer (&args->init, g_free);
  g_clear_pointer (&args->normalize, g_free);
  g_clear_pointer (&args->columns, g_free);
  g_clear_pointer (&args->out, g_free);
}

LloydMatrix *
lloyd_cli_kmeans_prepare (const LloydDataset       *dataset,
                          const LloydCliKMeansArgs *args,
                          LloydTransform          **transform,
                          GError                  **error)
{
  return lloyd_cli_kmeans_prepare_rows (dataset, args, NULL, transform, error);
}

LloydMatrix *
lloyd_cli_kmeans_prepare_rows (const LloydDataset       *dataset,
                               const LloydCliKMeansArgs *args,
                               const gboolean           *row_mask,
                               LloydTransform          **transform,
                               GError                  **error)
{
  LloydPreprocessOptions options;
  g_auto(GStrv) columns = NULL;
  g_autoptr(LloydTransform) t = NULL;
  LloydMatrix *x;

  lloyd_preprocess_options_init (&options);
  options.one_hot = !args->no_one_hot;
  if (args->normalize == NULL || g_strcmp0 (args->normalize, "zscore") == 0)
    options.normalize = LLOYD_NORMALIZE_ZSCORE;
  else if (g_strcmp0 (args->normalize, "none") == 0)
    options.normalize = LLOYD_NORMALIZE_NONE;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--normalize must be zscore or none, not “%s”"), args->normalize);
      return NULL;
    }
  if (args->columns != NULL)
    {
      columns = g_strsplit (args->columns, ",", -1);
      for (char **c = columns; *c != NULL; c++)
        g_strstrip (*c);
      options.columns = (const char **) columns;
    }
  t = lloyd_transform_fit_rows (dataset, row_mask, &options, error);
  if (t == NULL)
    return NULL;
  x = lloyd_transform_apply (t, dataset, NULL, error);
  if (x == NULL)
    return NULL;
  if (transform != NULL)
    *transform = g_steal_pointer (&t);
  return x;
}

static gboolean
parse_rows (const char  *list,
            GArray      *rows,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);

  for (char **p = parts; *p != NULL; p++)
    {
      guint64 v;

      if (!g_ascii_string_to_unsigned (g_strstrip (*p), 10, 0, G_MAXSIZE, &v, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--init rows: “%s” is not a row number (0-based)"), *p);
          return FALSE;
        }
      {
        gsize row = (gsize) v;
        g_array_append_val (rows, row);
      }
    }
  return TRUE;
}

/* Centroids from a CSV (header optional), each row one centroid of d values. */
static gboolean
read_centroids (LloydKMeans  *km,
                const char   *path,
                gsize         d,
                GError      **error)
{
  LloydLoadOptions options;
  g_autoptr(LloydDataset) ds = NULL;
  g_autofree double *values = NULL;

  lloyd_load_options_init (&options);
  options.label_column = "none";
  ds = lloyd_dataset_load (path, &options, NULL, NULL, NULL, error);
  if (ds == NULL)
    return FALSE;
  if (ds->n_columns != d)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: the centroids have %zu columns but the data has %zu features after preprocessing"),
                   path, ds->n_columns, d);
      return FALSE;
    }
  if (ds->n_rows > G_MAXUINT)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("%s: too many centroids"), path);
      return FALSE;
    }
  values = g_new (double, ds->n_rows * d);
  for (gsize j = 0; j < d; j++)
    {
      if (ds->columns[j].kind != LLOYD_COLUMN_NUMERIC)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s: column %zu (“%s”) is not numeric"), path, j + 1, ds->columns[j].name);
          return FALSE;
        }
      for (gsize i = 0; i < ds->n_rows; i++)
        values[i * d + j] = ds->columns[j].values[i];
    }
  lloyd_kmeans_set_init_centroids (km, values, (guint) ds->n_rows, d);
  return TRUE;
}

gboolean
lloyd_cli_kmeans_configure (LloydKMeans              *km,
                            const LloydCliKMeansArgs *args,
                            gsize                     d,
                            GError                  **error)
{
  const char *init = args->init != NULL ? args->init : "kmeans++";
  LloydInit method;

  if (args->max_iter < 1 || args->n_init < 1 || args->threads < 0 || !(args->tol >= 0.0))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--max-iter and --n-init must be at least 1, --threads and --tol not negative"));
      return FALSE;
    }
  /* Each run is a full fit: beyond this the user almost surely mistyped. */
  if (args->n_init > LLOYD_CLI_MAX_N_INIT)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--n-init %d is too many: use at most %d runs"), args->n_init, LLOYD_CLI_MAX_N_INIT);
      return FALSE;
    }
  lloyd_kmeans_set_seed (km, (guint64) args->seed);
  lloyd_kmeans_set_max_iter (km, args->max_iter);
  lloyd_kmeans_set_tol (km, args->tol);
  lloyd_kmeans_set_n_init (km, args->n_init);
  lloyd_kmeans_set_n_threads (km, args->threads);

  if (g_str_has_prefix (init, "rows:"))
    {
      g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gsize));

      if (!parse_rows (init + 5, rows, error))
        return FALSE;
      if (rows->len == 0)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _("--init rows: needs at least one row number, as rows:0,10,20"));
          return FALSE;
        }
      lloyd_kmeans_set_init_rows (km, (const gsize *) (gconstpointer) rows->data, rows->len);
      return TRUE;
    }
  if (g_str_has_prefix (init, "centroids:"))
    return read_centroids (km, init + 10, d, error);
  if (g_str_has_prefix (init, "average:") || g_strcmp0 (init, "average") == 0)
    {
      guint64 runs = 5;

      if (init[7] == ':' && !g_ascii_string_to_unsigned (init + 8, 10, 1, 1000, &runs, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--init average:R needs a number of runs from 1 to 1000, not “%s”"), init + 8);
          return FALSE;
        }
      lloyd_kmeans_set_init (km, LLOYD_INIT_AVERAGE);
      lloyd_kmeans_set_average_runs (km, (guint) runs);
      return TRUE;
    }
  if (!lloyd_init_from_string (init, &method) || method == LLOYD_INIT_ROWS ||
      method == LLOYD_INIT_CENTROIDS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown --init “%s”: use random, partition, kmeans++, kmeans-parallel, first, "
                     "rows:I,J,…, centroids:FILE.csv or average:R"), init);
      return FALSE;
    }
  lloyd_kmeans_set_init (km, method);
  return TRUE;
}

double
lloyd_cli_seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}
