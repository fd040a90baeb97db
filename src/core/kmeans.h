/* kmeans.h — Lloyd's algorithm as an object a teacher can step through and an
 * analyst can run on half a million rows.
 *
 * Lifecycle (VLFeat-style, but the model owns its seed and reports GErrors):
 *   km = lloyd_kmeans_new (k); setters…; lloyd_kmeans_initialize (km, x, …);
 *   then either half-steps (assign, update, assign, …) or lloyd_kmeans_fit().
 *
 * Definitions (documented behaviour, tested):
 *  - assign: every point to its nearest centroid by squared Euclidean distance;
 *    ties go to the lowest centroid index. Identical points are grouped once at
 *    initialize and always share a label (KDD one-hot: 494,021 rows, 145,584
 *    distinct),
 *    so an iteration costs O(distinct points), not O(rows).
 *  - update: each centroid to the mean of its members. A cluster with no members
 *    takes the point farthest from its own current centroid (among points not
 *    already taken this step, and whose cluster keeps another member; ties to the
 *    lowest row) together with the points identical to it; their label changes,
 *    the centroid becomes that point, and this is reported as an event.
 *    lloyd_kmeans_labels_at() gives the labels before such repairs.
 *  - convergence: an assignment step that changes no label, or the sum over
 *    centroids of their squared movement ≤ tol × the mean per-feature variance of
 *    the data (scikit-learn's rule, so --tol means the same in Lloyd and in
 *    scikit-learn; see lloyd_kmeans_get_tol_scaled), or max_iter iterations. The
 *    reason is reported. The reported "shift" is the Euclidean distance moved
 *    (per centroid, and summed), as in ../shared/reference.
 *  - iteration i (1-based) = the i-th assign followed by its update. History entry
 *    0 holds the initial centroids.
 *  - the same seed gives bit-identical results whatever the thread count.
 */
#pragma once

#include <gio/gio.h>

#include "matrix.h"
#include "progress.h"

G_BEGIN_DECLS

#define LLOYD_KMEANS_ERROR (lloyd_kmeans_error_quark ())

typedef enum
{
  LLOYD_KMEANS_ERROR_INVALID,   /* bad parameter: k = 0, k > n, rows out of range, d mismatch */
  LLOYD_KMEANS_ERROR_DISTINCT,  /* fewer distinct points than k */
  LLOYD_KMEANS_ERROR_NONFINITE, /* NaN or infinity in the data */
  LLOYD_KMEANS_ERROR_STATE,     /* a step called in the wrong state (e.g. before initialize) */
} LloydKMeansError;

typedef enum
{
  LLOYD_INIT_RANDOM,          /* Forgy: k distinct random points */
  LLOYD_INIT_PARTITION,       /* random partition: each point to a random cluster, means */
  LLOYD_INIT_KMEANSPP,        /* greedy k-means++: 2 + ⌊ln k⌋ candidates per step */
  LLOYD_INIT_KMEANS_PARALLEL, /* k-means‖: ℓ = 2k, 5 rounds, weighted k-means++ reduction */
  LLOYD_INIT_FIRST,           /* the first k distinct rows */
  LLOYD_INIT_ROWS,            /* given row indices */
  LLOYD_INIT_CENTROIDS,       /* given centroids (a CSV file, or points a user clicked) */
  LLOYD_INIT_AVERAGE,         /* the KDD notebook: average of several random runs' centroids */
} LloydInit;

typedef enum
{
  LLOYD_HALF_STEP_NONE,   /* just initialized */
  LLOYD_HALF_STEP_ASSIGN, /* labels are current, centroids not yet moved */
  LLOYD_HALF_STEP_UPDATE, /* centroids moved to their members' means */
} LloydHalfStep;

typedef enum
{
  LLOYD_STOP_NONE,       /* still running */
  LLOYD_STOP_UNCHANGED,  /* an assignment changed no label */
  LLOYD_STOP_TOLERANCE,  /* total shift ≤ tol */
  LLOYD_STOP_MAX_ITER,
  LLOYD_STOP_CANCELLED,
} LloydStopReason;

typedef enum
{
  LLOYD_EVENT_EMPTY_CLUSTER, /* cluster was empty; took the farthest point (row) */
  LLOYD_EVENT_CONVERGED,
} LloydEventKind;

typedef struct
{
  LloydEventKind kind;
  guint          cluster;
  gsize          row;      /* the point taken, for EMPTY_CLUSTER */
} LloydEvent;

/* One iteration of the history. */
typedef struct
{
  guint     iteration;   /* 0 = initial centroids */
  double   *centroids;   /* k × d: the centroids after this iteration's update */
  double    inertia;     /* Σ squared distance to the centroids used for assignment */
  gsize     moved;       /* points that changed cluster in this assignment */
  double    shift;       /* Σ over centroids of the distance moved in this update */
  double   *shifts;      /* k: per-centroid distance moved (Euclidean) */
  GArray   *events;      /* of LloydEvent */
  double    seconds;     /* wall time of the iteration */
  double    shift_sq;    /* Σ squared movement: what the tolerance rule compares */
} LloydIteration;

typedef struct _LloydKMeans LloydKMeans;

GQuark             lloyd_kmeans_error_quark     (void);

LloydKMeans       *lloyd_kmeans_new             (guint               k);
void               lloyd_kmeans_free            (LloydKMeans        *km);
/* Forgets centroids and history, keeps parameters. */
void               lloyd_kmeans_reset           (LloydKMeans        *km);

void               lloyd_kmeans_set_k           (LloydKMeans        *km,
                                                 guint               k);
void               lloyd_kmeans_set_init        (LloydKMeans        *km,
                                                 LloydInit           init);
void               lloyd_kmeans_set_seed        (LloydKMeans        *km,
                                                 guint64             seed);
void               lloyd_kmeans_set_max_iter    (LloydKMeans        *km,
                                                 guint               max_iter);   /* default 300 */
void               lloyd_kmeans_set_tol         (LloydKMeans        *km,
                                                 double              tol);        /* default 1e-4 */
void               lloyd_kmeans_set_n_init      (LloydKMeans        *km,
                                                 guint               n_init);     /* default 1 */
void               lloyd_kmeans_set_n_threads   (LloydKMeans        *km,
                                                 guint               n_threads);  /* 0: all cores */
void               lloyd_kmeans_set_init_rows   (LloydKMeans        *km,
                                                 const gsize        *rows,
                                                 guint               n_rows);
/* @centroids: k × d values (k = n_centroids, which also sets k). */
void               lloyd_kmeans_set_init_centroids (LloydKMeans     *km,
                                                 const double       *centroids,
                                                 guint               n_centroids,
                                                 gsize               d);
void               lloyd_kmeans_set_average_runs (LloydKMeans       *km,
                                                 guint               runs);       /* default 5 */

guint              lloyd_kmeans_get_k           (const LloydKMeans  *km);
gsize              lloyd_kmeans_get_d           (const LloydKMeans  *km);
LloydInit          lloyd_kmeans_get_init        (const LloydKMeans  *km);
guint64            lloyd_kmeans_get_seed        (const LloydKMeans  *km);
/* The shift threshold actually used: tol × the mean per-feature variance of the
 * data (scikit-learn's rule, so a tol means the same in both); set by initialize. */
double             lloyd_kmeans_get_tol_scaled  (const LloydKMeans  *km);

/* Chooses the initial centroids (history entry 0). */
gboolean           lloyd_kmeans_initialize      (LloydKMeans        *km,
                                                 const LloydMatrix  *x,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
/* Half-steps. Each appends to or completes the current history entry. */
gboolean           lloyd_kmeans_assign          (LloydKMeans        *km,
                                                 const LloydMatrix  *x,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
gboolean           lloyd_kmeans_update          (LloydKMeans        *km,
                                                 const LloydMatrix  *x,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
/* One whole iteration: assign then update; checks convergence. */
gboolean           lloyd_kmeans_step            (LloydKMeans        *km,
                                                 const LloydMatrix  *x,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
/* Initialize (unless already initialized and not yet stepped) and iterate until a
 * stop reason, with n_init restarts keeping the lowest inertia. Uses bounds-based
 * acceleration that gives exactly plain Lloyd's labels and centroids. A cancelled
 * fit returns FALSE with G_IO_ERROR_CANCELLED and leaves the model usable. */
gboolean           lloyd_kmeans_fit             (LloydKMeans        *km,
                                                 const LloydMatrix  *x,
                                                 LloydProgressFunc   progress,
                                                 gpointer            user_data,
                                                 GCancellable       *cancellable,
                                                 GError            **error);

LloydHalfStep      lloyd_kmeans_get_half_step   (const LloydKMeans  *km);
LloydStopReason    lloyd_kmeans_get_stop_reason (const LloydKMeans  *km);
gboolean           lloyd_kmeans_is_converged    (const LloydKMeans  *km);
/* Current centroids (k × d) and labels (n; NULL before the first assign). */
const double      *lloyd_kmeans_get_centroids   (const LloydKMeans  *km);
const guint32     *lloyd_kmeans_get_labels      (const LloydKMeans  *km);
/* Sum of squared distances of every point to its nearest *current* centroid:
 * after fit() exactly that (a final assignment, as scikit-learn's); after an
 * assign half-step, the inertia of that assignment; NaN before any. */
double             lloyd_kmeans_get_inertia     (const LloydKMeans  *km);

guint              lloyd_kmeans_get_n_iterations (const LloydKMeans *km);   /* history length − 1 */
const LloydIteration *lloyd_kmeans_get_iteration (const LloydKMeans *km,
                                                 guint               i);
/* Labels for a past iteration i, recomputed from that iteration's starting
 * centroids (history is not n labels per iteration). @labels has x->n entries. */
gboolean           lloyd_kmeans_labels_at       (const LloydKMeans  *km,
                                                 const LloydMatrix  *x,
                                                 guint               i,
                                                 guint32            *labels,
                                                 GError            **error);

const char        *lloyd_init_to_string         (LloydInit           init);
gboolean           lloyd_init_from_string       (const char         *s,
                                                 LloydInit          *init);
const char        *lloyd_stop_reason_to_string  (LloydStopReason     reason);
/* Why a fit stopped, in the user's language (kmeans-display.c); _to_string is
 * the untranslated identifier that JSON summaries use. */
const char        *lloyd_stop_reason_to_display (LloydStopReason     reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydKMeans, lloyd_kmeans_free)

G_END_DECLS
