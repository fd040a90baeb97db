/* elbow.h — choosing k: a sweep of k-means over a range of k (inertia and
 * optionally silhouette per k) and two elbow detectors, the notebook's second
 * difference rule and Kneedle (Satopää et al. 2011). */
#pragma once

#include <gio/gio.h>

#include "kmeans.h"
#include "matrix.h"
#include "metrics.h"
#include "progress.h"

G_BEGIN_DECLS

typedef struct
{
  guint      k_min;           /* ≥ 1 */
  guint      k_max;           /* ≥ k_min */
  LloydInit  init;            /* default k-means++ (given rows/centroids are refused) */
  guint64    seed;            /* every k is fitted with this seed */
  guint      n_init;          /* default 1 */
  guint      max_iter;        /* default 300 */
  double     tol;             /* default 1e-4 (as lloyd_kmeans_set_tol) */
  guint      n_threads;       /* 0: one per core */
  gboolean   silhouette;      /* also the silhouette per k (NaN for k = 1) */
  LloydSilhouetteOptions silhouette_options;
} LloydElbowOptions;

typedef struct
{
  guint    n;                         /* number of k values */
  guint   *k;                         /* n */
  double  *inertia;                   /* n */
  double  *silhouette;                /* n; NaN where not computed */
  gsize    silhouette_sample_size;    /* rows the silhouettes are over (0: none) */
  guint    elbow_second_difference;   /* k, or 0 = no clear elbow */
  guint    elbow_kneedle;             /* k, or 0 = no clear elbow */
} LloydElbow;

void        lloyd_elbow_options_init (LloydElbowOptions       *options);

/* Runs the sweep; progress is per k. A cancelled sweep returns NULL with
 * G_IO_ERROR_CANCELLED. */
LloydElbow *lloyd_elbow_sweep        (const LloydMatrix       *x,
                                      const LloydElbowOptions *options,
                                      LloydProgressFunc        progress,
                                      gpointer                 user_data,
                                      GCancellable            *cancellable,
                                      GError                 **error);
void        lloyd_elbow_free         (LloydElbow              *elbow);

/* The rule of ../shared/seeds/002: the k where the second difference of the
 * inertia sequence is largest, i.e. k[argmax] + 1 (= argmax + 2 when the sweep
 * starts at k = 1). 0 when n < 3 or no second difference is positive. @k must
 * be consecutive. */
guint       lloyd_elbow_second_difference (const guint  *k,
                                           const double *inertia,
                                           guint         n);
/* Kneedle with sensitivity S = 1 on a decreasing convex curve: the first local
 * maximum of the difference curve that the curve then falls below its threshold
 * from. 0 when there is none. */
guint       lloyd_elbow_kneedle      (const guint  *k,
                                      const double *inertia,
                                      guint         n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydElbow, lloyd_elbow_free)

G_END_DECLS
