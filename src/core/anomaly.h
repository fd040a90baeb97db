/* anomaly.h — k-means anomaly scores and thresholds.
 *
 * A point's score is its Euclidean distance to the nearest centroid (full space).
 * Distances are computed once per model into a LloydScores, which also keeps them
 * sorted per cluster and globally, so switching the threshold is cheap: resolving a
 * threshold is O(k), counting the flagged points O(k log n), flagging them O(n).
 *
 * Threshold modes, each resolved to one threshold per cluster from *reference*
 * scores (the training rows; all rows when training on everything):
 *   percentile:P  per cluster, the P-th percentile (0–100) of its reference
 *                 members' distances, numpy's default linear interpolation (the
 *                 tutorial's 99th-percentile circles). A cluster without reference
 *                 members gets 0: nothing normal was ever seen there.
 *   farthest:N    one global threshold: the distance of the N-th farthest reference
 *                 point (N ≥ 1, the KDD notebook's "100th farthest"); N beyond the
 *                 number of points means the nearest one.
 *   distance:D    one fixed global distance D ≥ 0.
 * A point is flagged when its distance is strictly greater than the threshold of
 * its own cluster.
 *
 * Everything takes plain inputs (a matrix, k × d centroids, labels), so it works
 * with any centroids: a fit, a loaded model, or a reference file. */
#pragma once

#include <gio/gio.h>

#include "matrix.h"
#include "preprocess.h"

G_BEGIN_DECLS

#define LLOYD_ANOMALY_ERROR (lloyd_anomaly_error_quark ())

typedef enum
{
  LLOYD_ANOMALY_ERROR_INVALID,  /* bad argument: k = 0, d mismatch, no reference rows */
  LLOYD_ANOMALY_ERROR_PARSE,    /* a threshold string that does not parse */
} LloydAnomalyError;

typedef enum
{
  LLOYD_THRESHOLD_PERCENTILE,
  LLOYD_THRESHOLD_FARTHEST,
  LLOYD_THRESHOLD_DISTANCE,
} LloydThresholdMode;

typedef struct
{
  LloydThresholdMode mode;
  double             value;  /* P in [0, 100], N ≥ 1 (integral), or D ≥ 0 */
} LloydThreshold;

GQuark       lloyd_anomaly_error_quark      (void);

/* "percentile:99", "farthest:100", "distance:2.5" (C-locale numbers). */
gboolean     lloyd_threshold_parse          (const char           *text,
                                             LloydThreshold       *out,
                                             GError              **error);
/* The same form; free with g_free(). */
char        *lloyd_threshold_to_string      (const LloydThreshold *threshold);
/* For people, in the user's language ("99th percentile per cluster" style);
 * free with g_free(). Figure titles and status lines use it, never parsers. */
char        *lloyd_threshold_to_display     (const LloydThreshold *threshold);
const char  *lloyd_threshold_mode_to_string (LloydThresholdMode    mode);
/* {"mode", "value", "per_cluster": [k distances]}: how summaries and model files
 * record a resolved threshold. */
JsonNode    *lloyd_threshold_to_json        (const LloydThreshold *threshold,
                                             const double         *per_cluster,
                                             guint                 k);
/* Checks the value's range for its mode. */
gboolean     lloyd_threshold_validate       (const LloydThreshold *threshold,
                                             GError              **error);

typedef struct
{
  gsize    n;
  guint    k;
  guint32 *labels;       /* n: nearest centroid (ties to the lowest index) */
  double  *distances;    /* n: Euclidean distance to it */
  gsize   *offsets;      /* k + 1: cluster c is sorted[offsets[c] .. offsets[c + 1]) */
  double  *sorted;       /* n: distances grouped by cluster, ascending in each */
  gsize   *by_distance;  /* n: rows by decreasing distance, ties by increasing row */
} LloydScores;

/* Scores every row of @x against @k centroids (k × x->d). The nearest centroid
 * comes from lloyd_nearest_centroids(); its distance is then recomputed directly,
 * so small distances keep all their digits. */
LloydScores *lloyd_scores_compute           (const LloydMatrix    *x,
                                             const double         *centroids,
                                             guint                 k,
                                             guint                 n_threads,
                                             GCancellable         *cancellable,
                                             GError              **error);
/* From labels and (non-squared) distances computed elsewhere; copies them. */
LloydScores *lloyd_scores_new               (const guint32        *labels,
                                             const double         *distances,
                                             gsize                 n,
                                             guint                 k,
                                             GError              **error);
/* The scores of the rows where @mask is nonzero (renumbered 0…), without
 * recomputing distances: the reference for "train on normal rows". */
LloydScores *lloyd_scores_subset            (const LloydScores    *scores,
                                             const gboolean       *mask,
                                             GError              **error);
void         lloyd_scores_free              (LloydScores          *scores);

gsize        lloyd_scores_cluster_size      (const LloydScores    *scores,
                                             guint                 cluster);
/* numpy.percentile (linear) of one cluster's distances; NaN for an empty cluster. */
double       lloyd_scores_percentile        (const LloydScores    *scores,
                                             guint                 cluster,
                                             double                p);
/* The distance of the @nth farthest point (1-based, clamped to n); NaN if n = 0. */
double       lloyd_scores_farthest          (const LloydScores    *scores,
                                             gsize                 nth);

/* Fills @per_cluster (reference->k values). Fails for an invalid threshold or a
 * farthest threshold without reference points. */
gboolean     lloyd_threshold_resolve        (const LloydThreshold *threshold,
                                             const LloydScores    *reference,
                                             double               *per_cluster,
                                             GError              **error);
/* Points whose distance is > per_cluster[label]: O(k log n). */
gsize        lloyd_scores_count_flagged     (const LloydScores    *scores,
                                             const double         *per_cluster);
/* The same, writing flags[i] = 1 or 0 for every row: O(n). Returns the count. */
gsize        lloyd_scores_flag              (const LloydScores    *scores,
                                             const double         *per_cluster,
                                             guint8               *flags);

/* Per feature, Σ over flagged rows of |centroid_f − x_f| (x in the units of @x,
 * normalized when it came from a transform) into @normalized (x->d values), and
 * when @transform is given the same in original units (both points mapped back by
 * lloyd_transform_inverse) into @original. */
gboolean     lloyd_anomaly_contributions    (const LloydMatrix    *x,
                                             const double         *centroids,
                                             const LloydScores    *scores,
                                             const guint8         *flags,
                                             const LloydTransform *transform,
                                             double               *normalized,
                                             double               *original,
                                             GError              **error);
/* Sums per-feature values into their source columns (all "service=…" features
 * into "service"): @per_source has transform->n_sources values. */
void         lloyd_anomaly_group_by_source  (const LloydTransform *transform,
                                             const double         *per_feature,
                                             double               *per_source);
/* Indices 0…n−1 ordered by decreasing @values (ties by increasing index). */
void         lloyd_anomaly_sort_decreasing  (const double         *values,
                                             gsize                 n,
                                             guint                *order);

/* How faithful a threshold circle drawn in a projection is. */
typedef struct
{
  double radius;             /* around the projected centroid, in projected units */
  gsize  members;            /* rows of the cluster (full-space labels) */
  gsize  inside;             /* members inside the drawn circle */
  gsize  inside_flagged;     /* inside the circle but flagged in full space */
  gsize  outside_unflagged;  /* outside the circle but not flagged in full space */
} LloydCircle;

/* Scores in a 2-D projection, built once per projection: the full-space labels of
 * @scores with each row's distance to its own projected centroid (@projected:
 * scores->n × 2, @projected_centroids: k × 2). Sorted like any LloydScores, so the
 * circles below cost O(n) per threshold switch. */
LloydScores *lloyd_scores_projected         (const LloydScores    *scores,
                                             const LloydMatrix    *projected,
                                             const double         *projected_centroids,
                                             GError              **error);
/* One circle per cluster (@circles: k). Percentile mode: the radius is the same
 * percentile of the reference members' projected distances (@reference_projected,
 * e.g. lloyd_scores_subset() of @projected for the training rows), so the circle
 * holds the same share of them as the threshold does in full space. Other modes:
 * the full-space threshold itself. Counts use every row of @projected and the
 * full-space @flags. */
gboolean     lloyd_anomaly_circles          (const LloydScores    *projected,
                                             const LloydScores    *reference_projected,
                                             const guint8         *flags,
                                             const LloydThreshold *threshold,
                                             const double         *per_cluster,
                                             LloydCircle          *circles,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydScores, lloyd_scores_free)

G_END_DECLS
