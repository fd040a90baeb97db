/* distance.h — the one kernel every nearest-centroid question goes through:
 * ‖x‖² − 2x·c + ‖c‖² with x·c from AVX2 tiles or cblas_dgemm, in row chunks,
 * clamped at 0, argmin in the same pass, both cores used. k-means assignment,
 * anomaly scoring, silhouette and the app's hit-testing all call it. */
#pragma once

#include <gio/gio.h>

#include "matrix.h"

G_BEGIN_DECLS

/* For each row of @x: the index of the nearest of the @k centroids (k × x->d,
 * row-major; ties to the lowest index) into @labels, and the squared distance to it
 * into @dist2. Either output may be NULL. @n_threads 0 means one per core.
 * Returns FALSE only when cancelled (G_IO_ERROR_CANCELLED), checked once per chunk. */
gboolean lloyd_nearest_centroids (const LloydMatrix *x,
                                  const double      *centroids,
                                  guint              k,
                                  guint32           *labels,
                                  double            *dist2,
                                  guint              n_threads,
                                  GCancellable      *cancellable,
                                  GError           **error);

/* Squared Euclidean distance between two d-vectors, computed directly (exact). */
double   lloyd_squared_distance  (const double      *a,
                                  const double      *b,
                                  gsize              d);

/* lloyd_squared_distance() from @x to each of @k centroids (k × d) into @out,
 * bit-identical to calling it k times, only faster. */
void     _lloyd_squared_distances (const double     *x,
                                   const double     *centroids,
                                   guint             k,
                                   gsize             d,
                                   double           *out);

/* What the k-means assignment step needs from one pass over @x, beyond
 * lloyd_nearest_centroids: every output optional. Sums, counts and inertia are
 * reduced over fixed row blocks in block order, so they are bit-identical for any
 * thread count. */
typedef struct
{
  const double *xnorm;  /* in, optional: n squared row norms (cblas_ddot), saves recomputing */
  const guint32 *weights; /* in, optional: n multiplicities (a row standing for that many
                           * identical points) for sums, counts, moved and inertia */
  guint32 *labels;      /* n: nearest centroid; also read first when @prev_labels */
  gboolean prev_labels; /* @labels holds the previous labels: count changes into @moved */
  double  *dist2;       /* n: squared distance to the nearest centroid */
  double  *second2;     /* n: squared distance to the second nearest (G_MAXDOUBLE if k = 1) */
  double  *all2;        /* n × k: squared distance to every centroid (expanded form) */
  double  *sums;        /* k × d: coordinate sums of each cluster's members */
  gsize   *counts;      /* k: members per cluster */
  gsize    moved;       /* out: labels that changed (when @prev_labels) */
  double   inertia;     /* out: Σ dist2 */
} LloydAssignResult;

gboolean _lloyd_assign_pass      (const LloydMatrix *x,
                                  const double      *centroids,
                                  guint              k,
                                  LloydAssignResult *result,
                                  guint              n_threads,
                                  GCancellable      *cancellable,
                                  GError           **error);

/* How _lloyd_assign_pass() cuts @n rows: chunks of @chunk_rows, grouped into
 * @n_blocks contiguous blocks; depends on n, k and d only. */
void     _lloyd_block_layout     (gsize              n,
                                  guint              k,
                                  gsize              d,
                                  gsize             *chunk_rows,
                                  gsize             *n_chunks,
                                  guint             *n_blocks);

/* Cluster sums and counts for given labels, bit-identical to what
 * _lloyd_assign_pass() accumulates for the same labels (and optional @weights);
 * with @centroids also Σ direct squared distance to each point's centroid into
 * @inertia. */
gboolean _lloyd_cluster_sums     (const LloydMatrix *x,
                                  const guint32     *labels,
                                  const guint32     *weights,
                                  const double      *centroids,
                                  guint              k,
                                  double            *sums,
                                  gsize             *counts,
                                  double            *inertia,
                                  guint              n_threads,
                                  GCancellable      *cancellable,
                                  GError           **error);

/* Runs @func for blocks 0 … @n_blocks − 1 on up to @n_threads threads (each
 * block once, in no particular order); FALSE when cancelled between blocks. */
typedef void (*LloydBlockFunc) (gsize    block,
                                gpointer data);
gboolean _lloyd_parallel_blocks  (guint              n_blocks,
                                  guint              n_threads,
                                  LloydBlockFunc     func,
                                  gpointer           data,
                                  GCancellable      *cancellable,
                                  GError           **error);

/* Squared norms of the rows of @x, as the kernel computes them. */
double  *_lloyd_row_norms        (const LloydMatrix *x);

/* Our code threads over row blocks; this makes OpenBLAS single-threaded (once,
 * process-wide) so its own threads neither oversubscribe the cores nor make
 * results depend on the thread count. */
void     _lloyd_blas_use_own_threads (void);

/* 0 → the number of processors; otherwise @n_threads. */
guint    _lloyd_resolve_threads  (guint              n_threads);

G_END_DECLS
