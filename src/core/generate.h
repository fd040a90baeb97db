/* generate.h — synthetic datasets, deterministic for a seed: Gaussian blobs (like
 * scikit-learn's make_blobs), two moons, and injected anomalies with a label column
 * ("normal" / "anomaly") marking them. */
#pragma once

#include "dataset.h"

G_BEGIN_DECLS

typedef enum
{
  LLOYD_ANOMALIES_UNIFORM, /* uniform in the data's bounding box enlarged by 50% */
  LLOYD_ANOMALIES_BLOBS,   /* small separate blobs (the tutorial's 2 anomalous blobs) */
} LloydAnomalyKind;

typedef struct
{
  gsize            n;           /* normal points */
  guint            centers;
  guint            dims;
  double           std;         /* cluster standard deviation */
  double           box_min;     /* centers uniform in [box_min, box_max]^dims */
  double           box_max;
  gsize            anomalies;   /* extra anomalous points */
  LloydAnomalyKind anomaly_kind;
  double           noise;       /* moons: Gaussian noise */
  guint64          seed;
} LloydGenerateOptions;

/* Defaults as make_blobs: n 300, 3 centers, 2 dims, std 1, box [-10, 10]; no
 * anomalies (uniform when asked for); moons' noise 0.05; seed 0. Without anomalies
 * the label is the blob or moon index ("0", "1", …). */
void          lloyd_generate_options_init (LloydGenerateOptions       *options);

/* Columns x0..x{dims-1} (moons: x0, x1) and, always (blobs and moons), a
 * label column "label". Errors on nonsense parameters (n = 0, dims = 0 …). */
LloydDataset *lloyd_generate_blobs        (const LloydGenerateOptions *options,
                                           GError                    **error);
LloydDataset *lloyd_generate_moons        (const LloydGenerateOptions *options,
                                           GError                    **error);

/* The classroom demo: the tutorial's 3 blobs in 2-D plus 2 small anomalous blobs. */
LloydDataset *lloyd_generate_demo_blobs   (guint64                     seed,
                                           GError                    **error);

G_END_DECLS
