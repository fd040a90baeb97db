/* kmeans-private.h — what kmeans.c and kmeans-init.c share: the model's fields
 * and the initializations. */
#pragma once

#include "kmeans.h"
#include "rng.h"

G_BEGIN_DECLS

struct _LloydKMeans
{
  /* parameters */
  guint      k;
  LloydInit  init;
  guint64    seed;
  guint      max_iter;
  double     tol;
  guint      n_init;
  guint      n_threads;
  gsize     *init_rows;
  guint      n_init_rows;
  double    *init_centroids;
  gsize      init_d;
  guint      average_runs;

  /* the last data check_data() accepted (see there) */
  const LloydMatrix *checked_x;
  const double *checked_data;
  gsize      checked_n;
  gsize      checked_d;
  guint64    checked_fingerprint;
  double     mean_variance;
  /* Identical points of the checked data, grouped: k-means works on one row per
   * distinct point with its multiplicity (identical points always share a
   * label). NULL when every point is distinct: then x itself is used. */
  gsize      u_checked;       /* distinct points of the checked data */
  LloydMatrix *groups;        /* u × d: each distinct point once, in order of first row */
  guint32   *group_weight;    /* u */
  guint32   *row_group;       /* n → group */
  gsize     *group_row;       /* u → its first row */

  /* state */
  gsize      n;               /* rows of the data initialized on */
  gsize      u;               /* distinct points (= n without groups) */
  gsize      d;
  double     tol_scaled;      /* tol × mean feature variance */
  double    *centroids;       /* k × d, NULL before initialize */
  double    *xnorm;           /* u squared row norms of the work matrix, or NULL */
  guint32   *labels;          /* u, NULL before the first assign */
  guint32   *labels_next;     /* u, scratch so a cancelled assign changes nothing */
  guint32   *row_labels;      /* n, the labels per row (only with groups) */
  double    *sums;            /* k × d, from the last assign */
  gsize     *counts;          /* k */
  GPtrArray *history;         /* of LloydIteration* */
  LloydHalfStep   half_step;
  LloydStopReason stop_reason;
  double     inertia;         /* see lloyd_kmeans_get_inertia() */
};

/* The assignment half-step's pieces, shared with the bounds-based fit. */
gboolean _lloyd_kmeans_alloc_labels   (LloydKMeans       *km,
                                       GError           **error);
void     _lloyd_kmeans_free_labels    (LloydKMeans       *km);
/* A history entry for the next iteration (a copy of the current centroids);
 * NULL with G_IO_ERROR_NO_SPACE when it does not fit. */
LloydIteration *_lloyd_kmeans_new_entry (LloydKMeans     *km,
                                       GError           **error);
void     _lloyd_kmeans_free_entry     (LloydIteration    *it);
/* Appends @it (from _lloyd_kmeans_new_entry) with the assignment's inertia and
 * moved count, and enters the ASSIGN state. */
void     _lloyd_kmeans_record_assign  (LloydKMeans       *km,
                                       LloydIteration    *it,
                                       double             inertia,
                                       gsize              moved,
                                       gint64             t0);
/* A plain assignment (the BLAS kernel); optionally the squared distances to
 * the nearest and second-nearest centroid. */
gboolean _lloyd_kmeans_assign_full    (LloydKMeans       *km,
                                       const LloydMatrix *x,
                                       double            *dist2,
                                       double            *second2,
                                       GCancellable      *cancellable,
                                       GError           **error);

/* One whole iteration (assign, update) with Hamerly's bounds: the same labels
 * and centroids as lloyd_kmeans_step(). @bounds is owned by the caller's fit
 * loop: start from NULL, free with _lloyd_hamerly_free(). */
typedef struct _LloydHamerly LloydHamerly;
gboolean _lloyd_kmeans_hamerly_step   (LloydKMeans       *km,
                                       const LloydMatrix *x,
                                       LloydHamerly     **bounds,
                                       GCancellable      *cancellable,
                                       GError           **error);
void     _lloyd_hamerly_free          (LloydHamerly      *bounds);

/* The matrix k-means iterates on for data @x: the groups, or @x itself. */
const LloydMatrix *_lloyd_kmeans_work (const LloydKMeans *km,
                                       const LloydMatrix *x);
/* After the group labels changed: the per-row labels follow. */
void     _lloyd_kmeans_expand_labels  (LloydKMeans       *km);

/* Fills @out (k × x->d) with initial centroids by km->init, drawing from @rng. */
gboolean _lloyd_kmeans_init_centroids (LloydKMeans       *km,
                                       const LloydMatrix *x,
                                       LloydRng          *rng,
                                       double            *out,
                                       GCancellable      *cancellable,
                                       GError           **error);

/* Greedy k-means++ (as scikit-learn: 2 + ⌊ln k⌋ candidates per step) on the rows
 * of @x, which must be distinct points, with optional @weights (multiplicities);
 * writes @k row indices. Used directly and as the reduction step of k-means‖. */
gboolean _lloyd_kmeanspp_rows         (const LloydMatrix *x,
                                       const double      *weights,
                                       guint              k,
                                       LloydRng          *rng,
                                       guint              n_threads,
                                       gsize             *rows,
                                       GCancellable      *cancellable,
                                       GError           **error);

/* A random permutation of 0 … n − 1 drawn one entry at a time (sparse
 * Fisher–Yates: memory grows with the draws, not with n). */
typedef struct
{
  GHashTable *swapped;
  gsize       n;
  gsize       t;
} LloydShuffle;

void     _lloyd_shuffle_init          (LloydShuffle      *shuffle,
                                       gsize              n);
gsize    _lloyd_shuffle_next          (LloydShuffle      *shuffle,
                                       LloydRng          *rng);
void     _lloyd_shuffle_clear         (LloydShuffle      *shuffle);

/* TRUE when the two d-vectors are identical (−0 equals 0). */
gboolean _lloyd_rows_equal            (const double      *a,
                                       const double      *b,
                                       gsize              d);

G_END_DECLS
