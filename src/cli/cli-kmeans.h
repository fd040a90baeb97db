/* cli-kmeans.h — what `fit` and `elbow` share: the preprocessing and k-means
 * options, turning them into a matrix and a configured model, and phase timing. */
#pragma once

#include "cli-common.h"
#include "kmeans.h"
#include "preprocess.h"

G_BEGIN_DECLS

/* Filled by GOption; strings owned (free with lloyd_cli_kmeans_args_clear). */
typedef struct
{
  char     *init;        /* random|partition|kmeans++|kmeans-parallel|first|rows:I,J|centroids:F|average:R */
  gint64    seed;
  int       max_iter;
  double    tol;
  int       n_init;
  char     *normalize;   /* zscore|none */
  gboolean  no_one_hot;
  gboolean  one_hot;     /* accepted for symmetry; one-hot is the default */
  char     *columns;     /* comma-separated names */
  int       threads;
  char     *out;         /* output directory */
  gboolean  json;
  gboolean  timings;
} LloydCliKMeansArgs;

/* Sets the defaults and adds the options as the "kmeans" group. */
void            lloyd_cli_kmeans_add_options (GOptionContext       *context,
                                              LloydCliKMeansArgs   *args);
void            lloyd_cli_kmeans_args_clear  (LloydCliKMeansArgs   *args);

/* Fits the transform the options ask for and applies it. */
LloydMatrix    *lloyd_cli_kmeans_prepare     (const LloydDataset       *dataset,
                                              const LloydCliKMeansArgs *args,
                                              LloydTransform          **transform,
                                              GError                  **error);
/* The same with the transform fitted on the rows where @row_mask is TRUE (NULL:
 * all), and applied to every row: `fit --train-on-normal`. */
LloydMatrix    *lloyd_cli_kmeans_prepare_rows (const LloydDataset       *dataset,
                                               const LloydCliKMeansArgs *args,
                                               const gboolean           *row_mask,
                                               LloydTransform          **transform,
                                               GError                  **error);

/* Parses --init into @init plus, for rows:/centroids:/average:, the model's
 * setters (which for rows and centroids also set k). Given centroids are read
 * from a CSV in model units (as --save-init writes them), one row per centroid. */
gboolean        lloyd_cli_kmeans_configure   (LloydKMeans              *km,
                                              const LloydCliKMeansArgs *args,
                                              gsize                     d,
                                              GError                  **error);

/* Seconds since @start (g_get_monotonic_time). */
/* Writes @k centroids (model units) as CSV under the feature names (cli-fit.c). */
gboolean        lloyd_cli_write_initial_centroids (const char           *path,
                                                   const LloydTransform *transform,
                                                   const double         *centroids,
                                                   guint                 k,
                                                   GError              **error);
double          lloyd_cli_seconds_since      (gint64                    start);

G_END_DECLS
