/* cli-anomaly.h — the anomaly, PCA, evaluation and model-file part of `lloyd-cli
 * fit`, and what `lloyd-cli score` shares with it.
 *
 * In `fit`:
 *   LloydCliAnomaly an = { 0 };
 *   lloyd_cli_anomaly_add_options (context, &an);
 *   … load the dataset …
 *   lloyd_cli_anomaly_begin (&an, dataset, &error);        // threshold, normal rows
 *   … fit the transform on lloyd_cli_anomaly_training_rows (&an) (NULL: all) …
 *   train = lloyd_cli_anomaly_training_matrix (&an, x, &error);
 *   … fit k-means on train …
 *   lloyd_cli_anomaly_run (&an, &input, builder, &error);  // adds "pca", "anomaly", "evaluation"
 *   lloyd_cli_anomaly_csv_header / _csv_row in assignments.csv
 *   lloyd_cli_anomaly_save_model (&an, &input, &model_args, &error);
 *   lloyd_cli_anomaly_clear (&an);
 */
#pragma once

#include <json-glib/json-glib.h>

#include "anomaly.h"
#include "cli-common.h"
#include "evaluate.h"
#include "model.h"
#include "pca.h"

G_BEGIN_DECLS

typedef struct
{
  /* Options (owned strings). */
  char           *threshold_text;   /* percentile:P | farthest:N | distance:D */
  char           *normal_label;
  gboolean        train_on_normal;
  gboolean        pca;
  char           *save_model;

  /* State, filled by begin and run. */
  LloydThreshold  threshold;
  gboolean       *train_rows;       /* n: rows fitted on, or NULL for all */
  gsize           n_train;
  LloydMatrix    *x_train;          /* the training rows when a subset */
  LloydScores    *scores;           /* every row */
  LloydScores    *reference;        /* the training rows' scores (thresholds come from these) */
  double         *thresholds;       /* k */
  guint8         *flags;            /* n */
  gsize           n_flagged;
  LloydPca       *pca_model;        /* with --pca and d > 2 */
  LloydMatrix    *projected;        /* n × 2 with --pca */
} LloydCliAnomaly;

/* What a fit or a loaded model gives the anomaly part. */
typedef struct
{
  const LloydDataset   *dataset;
  const LloydTransform *transform;
  const LloydMatrix    *x;          /* every row, transformed */
  const double         *centroids;  /* k × x->d */
  guint                 k;
  guint                 n_threads;
} LloydCliAnomalyInput;

/* The k-means parameters a saved model records. */
typedef struct
{
  const char *init;
  guint64     seed;
  guint       max_iter;
  double      tol;
  guint       n_init;
} LloydCliModelParams;

/* Adds --threshold, --normal-label, --train-on-normal, --pca and --save-model as
 * the "anomaly" group. */
void              lloyd_cli_anomaly_add_options      (GOptionContext             *context,
                                                      LloydCliAnomaly            *an);
void              lloyd_cli_anomaly_clear            (LloydCliAnomaly            *an);

/* Parses the threshold and finds the normal rows. Errors are G_OPTION_ERROR
 * (bad option) or LLOYD_DATASET_ERROR_COLUMN (no label column / unknown label). */
gboolean          lloyd_cli_anomaly_begin            (LloydCliAnomaly            *an,
                                                      const LloydDataset         *dataset,
                                                      GError                    **error);
/* The rows the transform and k-means are fitted on: NULL for every row. */
const gboolean   *lloyd_cli_anomaly_training_rows    (const LloydCliAnomaly      *an);
/* @x itself, or a copy of its training rows. */
const LloydMatrix *lloyd_cli_anomaly_training_matrix (LloydCliAnomaly            *an,
                                                      const LloydMatrix          *x,
                                                      GError                    **error);

/* Scores every row, resolves the threshold on the training rows, flags, and adds
 * "pca" (with --pca), "anomaly" and, with labels, "evaluation" to the open
 * summary object in @b. */
gboolean          lloyd_cli_anomaly_run              (LloydCliAnomaly            *an,
                                                      const LloydCliAnomalyInput *in,
                                                      JsonBuilder                *b,
                                                      GError                    **error);
/* The same for `score`: thresholds come from @model, not from the data. */
gboolean          lloyd_cli_anomaly_run_model        (LloydCliAnomaly            *an,
                                                      const LloydModel           *model,
                                                      const LloydCliAnomalyInput *in,
                                                      JsonBuilder                *b,
                                                      GError                    **error);

/* Extra assignments.csv columns: ",flagged" and with --pca ",pc1,pc2". */
void              lloyd_cli_anomaly_csv_header       (const LloydCliAnomaly      *an,
                                                      GString                    *line);
void              lloyd_cli_anomaly_csv_row          (const LloydCliAnomaly      *an,
                                                      gsize                       row,
                                                      GString                    *line);

/* With --save-model: writes the model file. Does nothing otherwise. */
gboolean          lloyd_cli_anomaly_save_model       (const LloydCliAnomaly      *an,
                                                      const LloydCliAnomalyInput *in,
                                                      const LloydCliModelParams  *params,
                                                      GError                    **error);

G_END_DECLS
