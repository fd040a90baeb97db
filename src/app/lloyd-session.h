/* lloyd-session.h — the state behind a window, without widgets: the prepared data,
 * the model parameters, the k-means model and the history position shown. It decides
 * what must be recomputed when a control changes, so that rule is unit-tested. */
#pragma once

#include <glib-object.h>

#include "anomaly.h"
#include "dataset.h"
#include "kmeans.h"
#include "matrix.h"
#include "pca.h"
#include "preprocess.h"

G_BEGIN_DECLS

/* Every control the user (or an action) can change. */
typedef enum
{
  LLOYD_CONTROL_DATASET,
  LLOYD_CONTROL_PREPROCESS,  /* one-hot, normalization */
  LLOYD_CONTROL_K,
  LLOYD_CONTROL_INIT,
  LLOYD_CONTROL_SEED,
  LLOYD_CONTROL_MAX_ITER,
  LLOYD_CONTROL_TOL,
  LLOYD_CONTROL_HISTORY,     /* back, forward, the timeline */
  LLOYD_CONTROL_THRESHOLD,   /* mode or value */
  LLOYD_CONTROL_VIEW,        /* zoom, pan, which figure */
  LLOYD_CONTROL_NORMAL_LABELS, /* which label values count as normal */
} LloydControl;

/* What a change makes stale, from the most to the least expensive. */
typedef enum
{
  LLOYD_RECOMPUTE_NONE      = 0,
  LLOYD_RECOMPUTE_MATRIX    = 1 << 0, /* transform, matrix and 2-D projection */
  LLOYD_RECOMPUTE_SWEEP     = 1 << 1, /* elbow results (kept per dataset and preprocessing) */
  LLOYD_RECOMPUTE_MODEL     = 1 << 2, /* k-means starts again from its initialization */
  LLOYD_RECOMPUTE_DISTANCES = 1 << 3, /* labels and distances of the iteration shown */
  LLOYD_RECOMPUTE_FLAGS     = 1 << 4, /* which points pass the threshold: cheap */
  LLOYD_RECOMPUTE_FIGURE    = 1 << 5, /* redraw only */
  LLOYD_RECOMPUTE_EVALUATION = 1 << 6, /* which rows count as anomalous (confusion, curves): O(n) */
} LloydRecompute;

/* Data ready for k-means: immutable once built and reference counted, so a worker
 * thread and the main thread share it. */
typedef struct
{
  gatomicrefcount  ref_count;
  LloydDataset    *dataset;
  LloydTransform  *transform;
  LloydMatrix     *x;         /* n × d, every row, what is scored and drawn */
  gboolean        *train;     /* n: the rows k-means is fitted on, or NULL for all */
  LloydMatrix     *x_train;   /* those rows (NULL: x itself) */
  char           **normal_labels; /* the labels of the training rows, or NULL for all */
  LloydMatrix     *xy;        /* n × 2, the projection plane of the figures */
  LloydPca        *pca;       /* d > 2: the plane of the first two components; else NULL */
  double          *origin;    /* d: the point the projection plane passes through */
  double          *axes;      /* 2 × d: orthonormal directions of the plane */
  char            *x_title;   /* "PC1 (72.9%)" or the feature's name */
  char            *y_title;
} LloydSessionData;

/* @normal_labels: fit the transform and k-means on the rows with one of these
 * labels only (the tutorials' "train on normal data"), still scoring every row;
 * NULL or empty: all rows. */
LloydSessionData *lloyd_session_data_new     (LloydDataset                 *dataset,
                                              const LloydPreprocessOptions *options,
                                              const char *const            *normal_labels,
                                              GCancellable                 *cancellable,
                                              GError                      **error);
/* The matrix k-means is fitted on. */
const LloydMatrix *lloyd_session_data_get_train (const LloydSessionData    *data);
LloydSessionData *lloyd_session_data_ref     (LloydSessionData             *data);
void              lloyd_session_data_unref   (LloydSessionData             *data);
/* A d-point onto the plane (2 values), and a plane point back into data space. */
void              lloyd_session_data_project (const LloydSessionData       *data,
                                              const double                 *point,
                                              double                       *xy);
void              lloyd_session_data_unproject (const LloydSessionData     *data,
                                              const double                 *xy,
                                              double                       *point);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydSessionData, lloyd_session_data_unref)

#define LLOYD_TYPE_SESSION (lloyd_session_get_type ())

G_DECLARE_FINAL_TYPE (LloydSession, lloyd_session, LLOYD, SESSION, GObject)

LloydRecompute    lloyd_recompute_for_control     (LloydControl        control);

LloydSession     *lloyd_session_new               (void);

/* Setters return what the change made stale (NONE when the value did not change)
 * and drop that state themselves; the caller redraws or re-runs accordingly. */
LloydRecompute    lloyd_session_set_data          (LloydSession       *self,
                                                   LloydSessionData   *data);
LloydRecompute    lloyd_session_set_k             (LloydSession       *self,
                                                   guint               k);
LloydRecompute    lloyd_session_set_init          (LloydSession       *self,
                                                   LloydInit           init);
LloydRecompute    lloyd_session_set_seed          (LloydSession       *self,
                                                   guint64             seed);
LloydRecompute    lloyd_session_set_max_iter      (LloydSession       *self,
                                                   guint               max_iter);
LloydRecompute    lloyd_session_set_tol           (LloydSession       *self,
                                                   double              tol);
/* Manual initialization: @n_points plane points (2 values each) become the initial
 * centroids (mapped back to data space); k becomes @n_points. */
LloydRecompute    lloyd_session_set_placed        (LloydSession       *self,
                                                   const double       *xy,
                                                   guint               n_points);
LloydRecompute    lloyd_session_reset             (LloydSession       *self);

LloydSessionData *lloyd_session_get_data          (LloydSession       *self);
guint             lloyd_session_get_k             (LloydSession       *self);
LloydInit         lloyd_session_get_init          (LloydSession       *self);
guint64           lloyd_session_get_seed          (LloydSession       *self);
guint             lloyd_session_get_max_iter      (LloydSession       *self);
double            lloyd_session_get_tol           (LloydSession       *self);

/* The model, created and initialized on first use; NULL while a worker has it. */
LloydKMeans      *lloyd_session_get_model         (LloydSession       *self);
gboolean          lloyd_session_ensure_model      (LloydSession       *self,
                                                   GError            **error);
/* A worker takes the model (transfer full: the job owns it, and frees it if the
 * session is gone when the job ends) and gives it back; lloyd_session_is_busy()
 * is TRUE in between. A setter that drops the model meanwhile makes its return a
 * no-op (the returned model is freed). */
LloydKMeans      *lloyd_session_take_model        (LloydSession       *self);
void              lloyd_session_return_model      (LloydSession       *self,
                                                   LloydKMeans        *km);
gboolean          lloyd_session_is_busy           (LloydSession       *self);

/* Half-steps and steps, on the calling thread, always at the end of the history
 * (a step from a past position first jumps to the latest one). */
gboolean          lloyd_session_assign            (LloydSession       *self,
                                                   GError            **error);
gboolean          lloyd_session_update            (LloydSession       *self,
                                                   GError            **error);
gboolean          lloyd_session_step              (LloydSession       *self,
                                                   GError            **error);
gboolean          lloyd_session_is_converged      (LloydSession       *self);

/* History position: 0 = initial centroids … n_iterations. Seeking returns
 * DISTANCES when the position changed. */
guint             lloyd_session_get_position      (LloydSession       *self);
guint             lloyd_session_get_n_iterations  (LloydSession       *self);
gboolean          lloyd_session_is_at_latest      (LloydSession       *self);
LloydRecompute    lloyd_session_seek              (LloydSession       *self,
                                                   guint               position);
gboolean          lloyd_session_can_back          (LloydSession       *self);
gboolean          lloyd_session_can_forward       (LloydSession       *self);

/* The centroids (k × d) of the position shown and the labels of every point
 * (NULL before the first assignment of the position shown). */
const double     *lloyd_session_get_centroids     (LloydSession       *self);
const guint32    *lloyd_session_get_labels        (LloydSession       *self,
                                                   GError            **error);
/* Anomaly scores for the centroids shown: computed once per position (the
 * expensive part) and kept until the position or the model changes. */
const LloydScores *lloyd_session_get_scores       (LloydSession       *self,
                                                   GError            **error);
/* The same rows' distances to their own centroid in the figure plane (for the
 * threshold circles), cached like the scores. */
const LloydScores *lloyd_session_get_projected_scores (LloydSession   *self,
                                                   GError            **error);
/* Changes whenever the scores do: a key for caches built from them. */
guint             lloyd_session_get_scores_serial (LloydSession       *self);
/* Hands in scores computed elsewhere (a worker) for the position shown, and
 * optionally their projected twin (both transfer full). */
void              lloyd_session_set_scores        (LloydSession       *self,
                                                   LloydScores        *scores,
                                                   LloydScores        *projected);

/* Big data: a worker computes the labels and scores of the position shown. From
 * lloyd_session_defer_scores() (which returns a key) until the worker hands them
 * in, or until the position or model changes, the getters above return NULL
 * instead of computing on the calling thread. lloyd_session_set_deferred() takes
 * the results (transfer full, any may be NULL: labels are only used away from the
 * latest iteration) and returns FALSE, freeing them, when @serial is stale. */
guint             lloyd_session_defer_scores      (LloydSession       *self);
gboolean          lloyd_session_is_deferred       (LloydSession       *self);
gboolean          lloyd_session_set_deferred      (LloydSession       *self,
                                                   guint               serial,
                                                   guint32            *labels,
                                                   LloydScores        *scores,
                                                   LloydScores        *projected);

/* The anomaly threshold: changing it only re-flags (FLAGS | FIGURE). */
LloydRecompute    lloyd_session_set_threshold     (LloydSession       *self,
                                                   const LloydThreshold *threshold);
void              lloyd_session_get_threshold     (LloydSession       *self,
                                                   LloydThreshold     *threshold);
/* Per-point flags (n bytes) and per-cluster thresholds (k) for the current
 * threshold; NULL without scores. O(n) once per threshold change. */
const guint8     *lloyd_session_get_flags         (LloydSession       *self,
                                                   gsize              *n_flagged,
                                                   const double      **per_cluster,
                                                   GError            **error);
/* Which label values count as normal ("anomalous" = any other label), a set
 * remembered per dataset (by name) for the session's life. On a new dataset it
 * is the one remembered for it, else the default below. */
const char *const *lloyd_session_get_normal_labels (LloydSession      *self);
/* Returns EVALUATION | FIGURE; when the model is trained on normal rows
 * (data->train) also MATRIX, MODEL and what follows, but drops nothing: the
 * caller prepares the data again with the new set and hands it to set_data().
 * Labels the dataset does not have are left out; NONE when the set is unchanged. */
LloydRecompute    lloyd_session_set_normal_labels (LloydSession       *self,
                                                   const char *const  *labels);
/* Bumped whenever the normal set changes: a key for caches (the curves). */
guint             lloyd_session_get_normal_serial (LloydSession       *self);
/* Per row: 1 when its label is not in the normal set (the positive class of the
 * confusion matrix and the curves), computed once per set; NULL without a label
 * column. */
const guint8     *lloyd_session_get_anomalous     (LloydSession       *self,
                                                   gsize              *n_anomalous);
/* The label named "normal" or "normal." (KDD, generated data) if there is one,
 * else the most frequent (ties: the first); NULL without a label column. */
char            **lloyd_default_normal_labels     (const LloydDataset *dataset);
/* Per level of the label column: is it in @labels? NULL with an error naming the
 * labels there are when none of @labels occurs (or no label column). */
gboolean         *lloyd_normal_levels             (const LloydDataset *dataset,
                                                   const char *const  *labels,
                                                   GError            **error);

/* "2, 3, 4" or, beyond @max_shown labels, "normal., smurf. and 3 more"; "none"
 * for an empty set. */
char             *lloyd_format_label_set          (const char *const  *labels,
                                                   guint               max_shown);

/* A short translated line describing the position shown. */
char             *lloyd_session_describe          (LloydSession       *self);

G_END_DECLS
