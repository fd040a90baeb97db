/* metrics.h — how good a clustering is: inertia, mean squared error, silhouette
 * (exact, or on a seeded sample), Davies–Bouldin and Calinski–Harabasz, with the
 * same definitions as scikit-learn 1.2.
 *
 * Labels are cluster indices < k; clusters without members are ignored (as
 * scikit-learn, which only sees the labels that occur). */
#pragma once

#include <gio/gio.h>

#include "matrix.h"
#include "progress.h"

G_BEGIN_DECLS

/* Σ squared distance of each point to the centroid of its label (direct, exact). */
double   lloyd_metric_inertia           (const LloydMatrix *x,
                                         const double      *centroids,
                                         guint              k,
                                         const guint32     *labels);
/* Inertia / n. */
double   lloyd_metric_mse               (const LloydMatrix *x,
                                         const double      *centroids,
                                         guint              k,
                                         const guint32     *labels);

typedef struct
{
  gsize    max_exact;    /* exact (all n² pairs) up to this n; default 20000 */
  gsize    sample_size;  /* above max_exact: silhouette of this many rows drawn
                          * without replacement (default 10000) */
  guint64  seed;         /* for the sample */
  guint    n_threads;    /* 0: one per core */
} LloydSilhouetteOptions;

void     lloyd_silhouette_options_init  (LloydSilhouetteOptions *options);

/* Mean silhouette coefficient with Euclidean distances, in BLAS blocks with
 * O(block) memory besides O(n) for grouping identical (point, label) pairs, each
 * of which is scored once with its multiplicity. A point alone in its cluster
 * scores 0. Needs 2 ≤ clusters
 * used ≤ n − 1 (LLOYD_KMEANS_ERROR_INVALID otherwise). @n_used: the rows the
 * score is over (n, or the sample size). Cancellable between blocks. */
gboolean lloyd_metric_silhouette        (const LloydMatrix            *x,
                                         const guint32                *labels,
                                         guint                         k,
                                         const LloydSilhouetteOptions *options,
                                         double                       *score,
                                         gsize                        *n_used,
                                         LloydProgressFunc             progress,
                                         gpointer                      user_data,
                                         GCancellable                 *cancellable,
                                         GError                      **error);

/* Davies–Bouldin index (lower is better), centroids = members' means. Needs at
 * least 2 clusters used. */
gboolean lloyd_metric_davies_bouldin    (const LloydMatrix *x,
                                         const guint32     *labels,
                                         guint              k,
                                         double            *score,
                                         GError           **error);

/* Calinski–Harabasz (variance ratio; higher is better). Needs 2 ≤ clusters
 * used ≤ n − 1; 1.0 when every cluster is a single point value. */
gboolean lloyd_metric_calinski_harabasz (const LloydMatrix *x,
                                         const guint32     *labels,
                                         guint              k,
                                         double            *score,
                                         GError           **error);

G_END_DECLS
