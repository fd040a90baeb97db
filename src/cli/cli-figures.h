/* cli-figures.h — `lloyd-cli fit … --figures DIR`: every figure that applies
 * to a fitted model, written to a folder with the src/plot renderers (the same
 * ones the app draws with): clusters, convergence, elbow (after a sweep),
 * distances, contributions (when points are flagged), labels and the ROC/PR
 * curves (when the data has labels), centroids (image-like data), and with
 * --frames one clusters frame per iteration. */
#pragma once

#include "anomaly.h"
#include "cli.h"
#include "dataset.h"
#include "elbow.h"
#include "kmeans.h"
#include "plot-common.h"
#include "preprocess.h"

G_BEGIN_DECLS

/* Filled by GOption; strings are owned (free with lloyd_cli_figures_args_clear). */
typedef struct
{
  char     *dir;          /* --figures DIR; NULL: no figures */
  char     *format;       /* png (default), svg or pdf */
  char     *size;         /* WxH in pixels (PNG) or points (SVG, PDF); default 1200x800 */
  double    scale;        /* PNG pixel density; default 1 */
  gboolean  frames;       /* also frames/frame-001… per iteration */
  gboolean  transparent;
  gboolean  no_stamp;     /* leave the provenance footer out */
} LloydCliFiguresArgs;

/* Adds --figures, --format, --size, --scale, --frames, --transparent and
 * --no-stamp as the "figures" group. */
void     lloyd_cli_add_figures_options (GOptionContext            *context,
                                        LloydCliFiguresArgs       *args);
void     lloyd_cli_figures_args_clear  (LloydCliFiguresArgs       *args);

/* What the fit produced; only dataset, x and kmeans are required. */
typedef struct
{
  const LloydDataset   *dataset;    /* names, true labels */
  const LloydTransform *transform;  /* feature names, grouping, original units; or NULL */
  const LloydMatrix    *x;          /* the matrix k-means ran on */
  const LloydKMeans    *kmeans;     /* fitted: history, labels, centroids */
  const LloydElbow     *elbow;      /* a sweep, or NULL */
  const LloydThreshold *threshold;  /* NULL: percentile:99 (the tutorial's circles) */
} LloydCliFiguresInput;

/* Writes the figures into args->dir (created if needed) and lists each file on
 * stdout when @verbose. FALSE with an error a person can act on (a bad --size,
 * an unwritable folder). A command that is done drawing calls
 * lloyd_plot_shutdown () before it exits. */
gboolean lloyd_cli_write_figures       (const LloydCliFiguresInput *input,
                                        const LloydCliFiguresArgs  *args,
                                        gboolean                    verbose,
                                        GError                    **error);

/* `lloyd-cli elbow … --figures DIR`: elbow.png (or .svg, .pdf) of a sweep. */
gboolean lloyd_cli_write_elbow_figure  (const LloydElbow           *elbow,
                                        const char                 *dataset_name,
                                        guint64                     seed,
                                        const LloydCliFiguresArgs  *args,
                                        gboolean                    verbose,
                                        GError                    **error);

G_END_DECLS
