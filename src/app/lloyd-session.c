/* lloyd-session.c — the state behind a window and the rule of what a control
 * change makes stale. GLib only, so tests/test-session.c runs it without a display. */
#define G_LOG_DOMAIN "Lloyd"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lloyd-session.h"

struct _LloydSession
{
  GObject           parent_instance;

  LloydSessionData *data;
  LloydKMeans      *km;
  gboolean          busy;        /* a worker has taken km */
  guint             serial;      /* bumped whenever the model is dropped */
  guint             taken_serial;

  guint             k;
  LloydInit         init;
  guint64           seed;
  guint             max_iter;
  double            tol;
  double           *placed;      /* k × d centroids placed by hand, or NULL */
  guint             n_placed;

  guint             position;
  gboolean          follow;      /* the position tracks the latest iteration */

  /* Cache for the position shown; dropped by DISTANCES. */
  guint32          *labels;
  gboolean          labels_valid;
  LloydScores      *scores;
  LloydScores      *projected;
  LloydScores      *reference;   /* the training rows' scores, when not all rows */
  guint             scores_serial;
  gboolean          deferred;     /* a worker computes them: do not here… */
  guint             deferred_serial; /* …while the cache is still this one */

  /* Who counts as normal: the set, remembered per dataset name, and the rows
   * it makes anomalous (dropped by EVALUATION). */
  char            **normal;
  GHashTable       *normal_by_name;
  guint             normal_serial;
  guint8           *anomalous;
  gsize             n_anomalous;

  /* Dropped by FLAGS. */
  LloydThreshold    threshold;
  guint8           *flags;
  double           *per_cluster;
  gsize             n_flagged;
};

G_DEFINE_FINAL_TYPE (LloydSession, lloyd_session, G_TYPE_OBJECT)

/* Rows of the rule: each control makes stale everything it feeds, and nothing
 * upstream of it. A threshold never touches the model or the distances, which is
 * what keeps the threshold slider live on half a million rows. */
LloydRecompute
lloyd_recompute_for_control (LloydControl control)
{
  const LloydRecompute below_model = LLOYD_RECOMPUTE_DISTANCES
                                     | LLOYD_RECOMPUTE_FLAGS
                                     | LLOYD_RECOMPUTE_FIGURE;

  switch (control)
    {
    case LLOYD_CONTROL_DATASET:
    case LLOYD_CONTROL_PREPROCESS:
      return LLOYD_RECOMPUTE_MATRIX | LLOYD_RECOMPUTE_SWEEP | LLOYD_RECOMPUTE_MODEL | below_model;
    case LLOYD_CONTROL_K:
    case LLOYD_CONTROL_INIT:
    case LLOYD_CONTROL_SEED:
      return LLOYD_RECOMPUTE_MODEL | below_model;
    case LLOYD_CONTROL_MAX_ITER:
    case LLOYD_CONTROL_TOL:
      /* Only later iterations obey the new stopping rule; what exists stays. */
      return LLOYD_RECOMPUTE_FIGURE;
    case LLOYD_CONTROL_HISTORY:
      return below_model;
    case LLOYD_CONTROL_THRESHOLD:
      return LLOYD_RECOMPUTE_FLAGS | LLOYD_RECOMPUTE_FIGURE;
    case LLOYD_CONTROL_VIEW:
      return LLOYD_RECOMPUTE_FIGURE;
    case LLOYD_CONTROL_NORMAL_LABELS:
      /* Flags and thresholds do not depend on labels; training rows do, which
       * lloyd_session_set_normal_labels() adds when they are in use. */
      return LLOYD_RECOMPUTE_EVALUATION | LLOYD_RECOMPUTE_FIGURE;
    default:
      g_return_val_if_reached (LLOYD_RECOMPUTE_NONE);
    }
}

/* ---- prepared data ---------------------------------------------------- */

gboolean *
lloyd_normal_levels (const LloydDataset  *dataset,
                     const char *const   *labels,
                     GError             **error)
{
  g_autofree gboolean *normal = NULL;
  const LloydColumn *col;
  gboolean any = FALSE;

  g_return_val_if_fail (dataset != NULL, NULL);

  if (dataset->label_column < 0)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                   _("%s has no label column to pick normal rows by"), dataset->name);
      return NULL;
    }
  col = &dataset->columns[dataset->label_column];
  normal = g_new0 (gboolean, MAX (1, col->levels->len));
  for (guint j = 0; j < col->levels->len; j++)
    if (labels != NULL && g_strv_contains (labels, g_ptr_array_index (col->levels, j)))
      any = normal[j] = TRUE;
  if (!any)
    {
      g_autofree char *wanted = labels != NULL ? g_strjoinv (", ", (char **) labels) : g_strdup ("");

      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                   _("%s: no row is labelled “%s”"), dataset->name, wanted);
      return NULL;
    }
  return g_steal_pointer (&normal);
}

char **
lloyd_default_normal_labels (const LloydDataset *dataset)
{
  const LloydColumn *col;
  g_autofree gsize *counts = NULL;
  guint best = 0;

  g_return_val_if_fail (dataset != NULL, NULL);

  if (dataset->label_column < 0)
    return NULL;
  col = &dataset->columns[dataset->label_column];
  if (col->levels->len == 0)
    return NULL;
  for (guint j = 0; j < col->levels->len; j++)
    {
      const char *level = g_ptr_array_index (col->levels, j);

      if (g_str_equal (level, "normal") || g_str_equal (level, "normal."))
        {
          const char *one[] = { level, NULL };

          return g_strdupv ((char **) one);
        }
    }
  counts = g_new0 (gsize, col->levels->len);
  for (gsize i = 0; i < dataset->n_rows; i++)
    counts[col->codes[i]]++;
  for (guint j = 1; j < col->levels->len; j++)
    if (counts[j] > counts[best])
      best = j;
  {
    const char *one[] = { g_ptr_array_index (col->levels, best), NULL };

    return g_strdupv ((char **) one);
  }
}

/* The rows whose label is in @normal_labels. */
static gboolean *
normal_rows (const LloydDataset  *dataset,
             const char *const   *normal_labels,
             gsize               *n_train,
             GError             **error)
{
  g_autofree gboolean *levels = lloyd_normal_levels (dataset, normal_labels, error);
  g_autofree gboolean *mask = NULL;
  const LloydColumn *col;

  if (levels == NULL)
    return NULL;
  col = &dataset->columns[dataset->label_column];
  mask = g_new (gboolean, dataset->n_rows);
  *n_train = 0;
  for (gsize i = 0; i < dataset->n_rows; i++)
    {
      mask[i] = levels[col->codes[i]];
      *n_train += mask[i];
    }
  return g_steal_pointer (&mask);
}

LloydSessionData *
lloyd_session_data_new (LloydDataset                 *dataset,
                        const LloydPreprocessOptions *options,
                        const char *const            *normal_labels,
                        GCancellable                 *cancellable,
                        GError                      **error)
{
  g_autoptr(LloydSessionData) data = NULL;
  gsize d, n_train = 0;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  data = g_new0 (LloydSessionData, 1);
  g_atomic_ref_count_init (&data->ref_count);
  data->dataset = lloyd_dataset_ref (dataset);
  if (normal_labels != NULL && normal_labels[0] != NULL)
    {
      data->train = normal_rows (dataset, normal_labels, &n_train, error);
      if (data->train == NULL)
        return NULL;
      data->normal_labels = g_strdupv ((char **) normal_labels);
    }
  /* Statistics (means, deviations, one-hot levels) from the training rows only,
   * as a model trained on normal data would have them. */
  data->transform = lloyd_transform_fit_rows (dataset, data->train, options, error);
  if (data->transform == NULL)
    return NULL;
  data->x = lloyd_transform_apply (data->transform, dataset, cancellable, error);
  if (data->x == NULL)
    return NULL;
  if (data->train != NULL)
    {
      gsize r = 0;

      data->x_train = lloyd_matrix_new (n_train, data->x->d, error);
      if (data->x_train == NULL)
        return NULL;
      for (gsize i = 0; i < data->x->n; i++)
        if (data->train[i])
          memcpy (lloyd_matrix_row (data->x_train, r++), lloyd_matrix_row (data->x, i),
                  data->x->d * sizeof (double));
    }

  d = data->x->d;
  data->origin = g_new0 (double, d);
  data->axes = g_new0 (double, 2 * d);
  if (d > 2)
    {
      /* The figures' plane: the first two principal components. */
      data->pca = lloyd_pca_fit (data->x, 2, 0, cancellable, error);
      if (data->pca == NULL)
        return NULL;
      memcpy (data->origin, data->pca->mean, d * sizeof (double));
      memcpy (data->axes, data->pca->components, MIN (2, data->pca->n_components) * d * sizeof (double));
      data->xy = lloyd_pca_project (data->pca, data->x, 0, cancellable, error);
      if (data->xy == NULL)
        return NULL;
      data->x_title = g_strdup_printf (_("PC1 (%.1f%% of variance)"), 100.0 * data->pca->explained_variance_ratio[0]);
      data->y_title = data->pca->n_components > 1
                      ? g_strdup_printf (_("PC2 (%.1f%% of variance)"), 100.0 * data->pca->explained_variance_ratio[1])
                      : g_strdup ("");
      return g_steal_pointer (&data);
    }

  /* Two features or fewer: the data's own plane, the second axis zero for one
   * feature (every point on y = 0). */
  if (d >= 1)
    data->axes[0] = 1.0;
  if (d >= 2)
    data->axes[d + 1] = 1.0;
  data->x_title = g_strdup (d >= 1 ? data->transform->feature_names[0] : "");
  data->y_title = g_strdup (d >= 2 ? data->transform->feature_names[1] : "");
  data->xy = lloyd_matrix_new (data->x->n, 2, error);
  if (data->xy == NULL)
    return NULL;
  for (gsize i = 0; i < data->x->n; i++)
    lloyd_session_data_project (data, lloyd_matrix_row (data->x, i), lloyd_matrix_row (data->xy, i));

  return g_steal_pointer (&data);
}

const LloydMatrix *
lloyd_session_data_get_train (const LloydSessionData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->x_train != NULL ? data->x_train : data->x;
}

LloydSessionData *
lloyd_session_data_ref (LloydSessionData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_atomic_ref_count_inc (&data->ref_count);
  return data;
}

void
lloyd_session_data_unref (LloydSessionData *data)
{
  g_return_if_fail (data != NULL);
  if (!g_atomic_ref_count_dec (&data->ref_count))
    return;
  g_clear_pointer (&data->dataset, lloyd_dataset_unref);
  g_clear_pointer (&data->transform, lloyd_transform_unref);
  g_clear_pointer (&data->x, lloyd_matrix_free);
  g_clear_pointer (&data->x_train, lloyd_matrix_free);
  g_clear_pointer (&data->train, g_free);
  g_clear_pointer (&data->normal_labels, g_strfreev);
  g_clear_pointer (&data->xy, lloyd_matrix_free);
  g_clear_pointer (&data->pca, lloyd_pca_free);
  g_free (data->origin);
  g_free (data->axes);
  g_free (data->x_title);
  g_free (data->y_title);
  g_free (data);
}

void
lloyd_session_data_project (const LloydSessionData *data,
                            const double           *point,
                            double                 *xy)
{
  gsize d = data->x->d;

  if (data->pca != NULL && data->pca->n_components == 2)
    {
      lloyd_pca_project_points (data->pca, point, 1, xy);
      return;
    }
  for (guint a = 0; a < 2; a++)
    {
      double s = 0.0;

      for (gsize j = 0; j < d; j++)
        s += (point[j] - data->origin[j]) * data->axes[a * d + j];
      xy[a] = s;
    }
}

void
lloyd_session_data_unproject (const LloydSessionData *data,
                              const double           *xy,
                              double                 *point)
{
  gsize d = data->x->d;

  for (gsize j = 0; j < d; j++)
    point[j] = data->origin[j] + xy[0] * data->axes[j] + xy[1] * data->axes[d + j];
}

/* ---- the session ------------------------------------------------------- */

/* Labels and scores of the position shown are on their way from a worker: the
 * main thread must not compute them meanwhile. Any later change of the cache
 * (a seek, a new model) ends the deferral by itself. */
static gboolean
is_deferred (LloydSession *self)
{
  return self->deferred && self->deferred_serial == self->scores_serial;
}

static void
drop_flags (LloydSession *self)
{
  g_clear_pointer (&self->flags, g_free);
  g_clear_pointer (&self->per_cluster, g_free);
  self->n_flagged = 0;
}

static void
drop_cache (LloydSession *self)
{
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->scores, lloyd_scores_free);
  g_clear_pointer (&self->projected, lloyd_scores_free);
  g_clear_pointer (&self->reference, lloyd_scores_free);
  self->scores_serial++;
  self->labels_valid = FALSE;
  drop_flags (self);
}

static void
drop_evaluation (LloydSession *self)
{
  g_clear_pointer (&self->anomalous, g_free);
  self->n_anomalous = 0;
  self->normal_serial++;
}

static void
drop_model (LloydSession *self)
{
  /* A model out on a worker is not here to free; the serial makes its return
   * a no-op instead. */
  self->serial++;
  g_clear_pointer (&self->km, lloyd_kmeans_free);
  self->position = 0;
  self->follow = TRUE;
  drop_cache (self);
}

static void
lloyd_session_finalize (GObject *object)
{
  LloydSession *self = LLOYD_SESSION (object);

  drop_cache (self);
  g_clear_pointer (&self->km, lloyd_kmeans_free);
  g_clear_pointer (&self->data, lloyd_session_data_unref);
  g_clear_pointer (&self->placed, g_free);
  drop_evaluation (self);
  g_clear_pointer (&self->normal, g_strfreev);
  g_clear_pointer (&self->normal_by_name, g_hash_table_unref);

  G_OBJECT_CLASS (lloyd_session_parent_class)->finalize (object);
}

static void
lloyd_session_class_init (LloydSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lloyd_session_finalize;
}

static void
lloyd_session_init (LloydSession *self)
{
  self->k = 3;
  self->init = LLOYD_INIT_KMEANSPP;
  self->seed = 42;
  self->max_iter = 300;
  self->tol = 1e-4;
  self->follow = TRUE;
  /* The tutorial's threshold: each cluster's 99th percentile. */
  self->threshold.mode = LLOYD_THRESHOLD_PERCENTILE;
  self->threshold.value = 99.0;
  self->normal_by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
}

LloydSession *
lloyd_session_new (void)
{
  return g_object_new (LLOYD_TYPE_SESSION, NULL);
}

/* Applies what @control makes stale and returns it. */
static LloydRecompute
changed (LloydSession *self,
         LloydControl  control)
{
  LloydRecompute what = lloyd_recompute_for_control (control);

  if (what & LLOYD_RECOMPUTE_MODEL)
    drop_model (self);
  else if (what & LLOYD_RECOMPUTE_DISTANCES)
    drop_cache (self);
  else if (what & LLOYD_RECOMPUTE_FLAGS)
    drop_flags (self);
  if (what & LLOYD_RECOMPUTE_EVALUATION)
    drop_evaluation (self);
  return what;
}

LloydRecompute
lloyd_session_set_data (LloydSession     *self,
                        LloydSessionData *data)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);

  if (data == self->data)
    return LLOYD_RECOMPUTE_NONE;
  /* Another table: its own normal set (remembered, or the default). The same
   * table prepared anew keeps the set it was prepared with. */
  if (data == NULL || self->data == NULL || data->dataset != self->data->dataset)
    {
      char **remembered = data != NULL ? g_hash_table_lookup (self->normal_by_name, data->dataset->name) : NULL;

      g_clear_pointer (&self->normal, g_strfreev);
      if (remembered != NULL)
        self->normal = g_strdupv (remembered);
      else if (data != NULL)
        self->normal = lloyd_default_normal_labels (data->dataset);
      drop_evaluation (self);
    }
  g_clear_pointer (&self->data, lloyd_session_data_unref);
  if (data != NULL)
    self->data = lloyd_session_data_ref (data);
  /* Placed centroids belong to the old feature space. */
  g_clear_pointer (&self->placed, g_free);
  self->n_placed = 0;
  if (self->init == LLOYD_INIT_CENTROIDS)
    self->init = LLOYD_INIT_KMEANSPP;
  return changed (self, LLOYD_CONTROL_DATASET);
}

LloydRecompute
lloyd_session_set_k (LloydSession *self,
                     guint         k)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);
  g_return_val_if_fail (k > 0, LLOYD_RECOMPUTE_NONE);

  if (k == self->k)
    return LLOYD_RECOMPUTE_NONE;
  self->k = k;
  if (self->init == LLOYD_INIT_CENTROIDS)
    self->init = LLOYD_INIT_KMEANSPP;
  return changed (self, LLOYD_CONTROL_K);
}

LloydRecompute
lloyd_session_set_init (LloydSession *self,
                        LloydInit     init)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);
  /* Given rows or centroids come with their own setter. */
  g_return_val_if_fail (init != LLOYD_INIT_ROWS, LLOYD_RECOMPUTE_NONE);
  g_return_val_if_fail (init != LLOYD_INIT_CENTROIDS || self->placed != NULL, LLOYD_RECOMPUTE_NONE);

  if (init == self->init)
    return LLOYD_RECOMPUTE_NONE;
  self->init = init;
  return changed (self, LLOYD_CONTROL_INIT);
}

LloydRecompute
lloyd_session_set_seed (LloydSession *self,
                        guint64       seed)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);

  if (seed == self->seed)
    return LLOYD_RECOMPUTE_NONE;
  self->seed = seed;
  return changed (self, LLOYD_CONTROL_SEED);
}

LloydRecompute
lloyd_session_set_max_iter (LloydSession *self,
                            guint         max_iter)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);
  g_return_val_if_fail (max_iter > 0, LLOYD_RECOMPUTE_NONE);

  if (max_iter == self->max_iter)
    return LLOYD_RECOMPUTE_NONE;
  self->max_iter = max_iter;
  /* A borrowed model gets it back in lloyd_session_return_model(). */
  if (self->km != NULL && !self->busy)
    lloyd_kmeans_set_max_iter (self->km, max_iter);
  return changed (self, LLOYD_CONTROL_MAX_ITER);
}

LloydRecompute
lloyd_session_set_tol (LloydSession *self,
                       double        tol)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);
  g_return_val_if_fail (tol >= 0.0, LLOYD_RECOMPUTE_NONE);

  if (tol == self->tol)
    return LLOYD_RECOMPUTE_NONE;
  self->tol = tol;
  if (self->km != NULL && !self->busy)
    lloyd_kmeans_set_tol (self->km, tol);
  return changed (self, LLOYD_CONTROL_TOL);
}

LloydRecompute
lloyd_session_set_placed (LloydSession *self,
                          const double *xy,
                          guint         n_points)
{
  gsize d;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);
  g_return_val_if_fail (self->data != NULL, LLOYD_RECOMPUTE_NONE);
  g_return_val_if_fail (xy != NULL && n_points > 0, LLOYD_RECOMPUTE_NONE);

  d = self->data->x->d;
  g_free (self->placed);
  self->placed = g_new (double, (gsize) n_points * d);
  for (guint c = 0; c < n_points; c++)
    lloyd_session_data_unproject (self->data, xy + 2 * c, self->placed + c * d);
  self->n_placed = n_points;
  self->k = n_points;
  self->init = LLOYD_INIT_CENTROIDS;
  return changed (self, LLOYD_CONTROL_INIT);
}

LloydRecompute
lloyd_session_reset (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);

  return changed (self, LLOYD_CONTROL_SEED);
}

LloydSessionData *
lloyd_session_get_data (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), NULL);
  return self->data;
}

guint
lloyd_session_get_k (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), 0);
  return self->k;
}

LloydInit
lloyd_session_get_init (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_INIT_KMEANSPP);
  return self->init;
}

guint64
lloyd_session_get_seed (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), 0);
  return self->seed;
}

guint
lloyd_session_get_max_iter (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), 0);
  return self->max_iter;
}

double
lloyd_session_get_tol (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), 0.0);
  return self->tol;
}

LloydKMeans *
lloyd_session_get_model (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), NULL);
  return self->km;
}

gboolean
lloyd_session_ensure_model (LloydSession  *self,
                            GError       **error)
{
  g_autoptr(LloydKMeans) km = NULL;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), FALSE);

  if (self->busy)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("The model is busy; wait for the running job or cancel it"));
      return FALSE;
    }
  if (self->km != NULL)
    return TRUE;
  if (self->data == NULL)
    {
      g_set_error_literal (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_STATE,
                           _("No data loaded: open a file or choose demo data"));
      return FALSE;
    }

  km = lloyd_kmeans_new (self->k);
  lloyd_kmeans_set_init (km, self->init);
  lloyd_kmeans_set_seed (km, self->seed);
  lloyd_kmeans_set_max_iter (km, self->max_iter);
  lloyd_kmeans_set_tol (km, self->tol);
  if (self->init == LLOYD_INIT_CENTROIDS)
    lloyd_kmeans_set_init_centroids (km, self->placed, self->n_placed, self->data->x->d);
  if (!lloyd_kmeans_initialize (km, lloyd_session_data_get_train (self->data), NULL, error))
    return FALSE;

  self->km = g_steal_pointer (&km);
  self->position = 0;
  self->follow = TRUE;
  drop_cache (self);
  return TRUE;
}

LloydKMeans *
lloyd_session_take_model (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), NULL);
  g_return_val_if_fail (!self->busy, NULL);
  g_return_val_if_fail (self->km != NULL, NULL);


  /* Ownership moves to the job: if the window goes away mid-job, the job frees
   * the model when it ends, never while a thread still uses it. */
  self->busy = TRUE;
  self->taken_serial = self->serial;
  drop_cache (self);
  return g_steal_pointer (&self->km);
}

void
lloyd_session_return_model (LloydSession *self,
                            LloydKMeans  *km)
{
  g_return_if_fail (LLOYD_IS_SESSION (self));
  g_return_if_fail (self->busy);
  g_return_if_fail (km != NULL);

  self->busy = FALSE;
  if (self->taken_serial != self->serial)
    {
      /* Something the model depended on changed while it was out. */
      lloyd_kmeans_free (km);
      return;
    }
  self->km = km;
  lloyd_kmeans_set_max_iter (km, self->max_iter);
  lloyd_kmeans_set_tol (km, self->tol);
  if (self->follow)
    self->position = lloyd_kmeans_get_n_iterations (km);
  drop_cache (self);
}

gboolean
lloyd_session_is_busy (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), FALSE);
  return self->busy;
}

typedef gboolean (*HalfStepFunc) (LloydKMeans *, const LloydMatrix *, GCancellable *, GError **);

static gboolean
run_half_step (LloydSession  *self,
               HalfStepFunc   func,
               GError       **error)
{
  gboolean ok;

  if (!lloyd_session_ensure_model (self, error))
    return FALSE;
  ok = func (self->km, lloyd_session_data_get_train (self->data), NULL, error);
  self->follow = TRUE;
  self->position = lloyd_kmeans_get_n_iterations (self->km);
  drop_cache (self);
  return ok;
}

gboolean
lloyd_session_assign (LloydSession  *self,
                      GError       **error)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), FALSE);
  return run_half_step (self, lloyd_kmeans_assign, error);
}

gboolean
lloyd_session_update (LloydSession  *self,
                      GError       **error)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), FALSE);
  return run_half_step (self, lloyd_kmeans_update, error);
}

gboolean
lloyd_session_step (LloydSession  *self,
                    GError       **error)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), FALSE);
  return run_half_step (self, lloyd_kmeans_step, error);
}

gboolean
lloyd_session_is_converged (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), FALSE);
  return self->km != NULL && !self->busy && lloyd_kmeans_is_converged (self->km);
}

guint
lloyd_session_get_position (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), 0);
  return self->position;
}

guint
lloyd_session_get_n_iterations (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), 0);
  if (self->km == NULL || self->busy)
    return self->position;
  return lloyd_kmeans_get_n_iterations (self->km);
}

gboolean
lloyd_session_is_at_latest (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), TRUE);
  return self->position == lloyd_session_get_n_iterations (self);
}

LloydRecompute
lloyd_session_seek (LloydSession *self,
                    guint         position)
{
  guint n;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);

  n = lloyd_session_get_n_iterations (self);
  position = MIN (position, n);
  self->follow = position == n;
  if (position == self->position)
    return LLOYD_RECOMPUTE_NONE;
  self->position = position;
  return changed (self, LLOYD_CONTROL_HISTORY);
}

gboolean
lloyd_session_can_back (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), FALSE);
  return !self->busy && self->km != NULL && self->position > 0;
}

gboolean
lloyd_session_can_forward (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), FALSE);
  return !self->busy && self->km != NULL && !lloyd_session_is_at_latest (self);
}

const double *
lloyd_session_get_centroids (LloydSession *self)
{
  const LloydIteration *it;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), NULL);

  if (self->km == NULL || self->busy)
    return NULL;
  if (lloyd_session_is_at_latest (self))
    return lloyd_kmeans_get_centroids (self->km);
  it = lloyd_kmeans_get_iteration (self->km, self->position);
  return it != NULL ? it->centroids : NULL;
}

/* Labels shown: at the latest position the model's own (NULL until its first
 * assignment); at a past iteration i ≥ 1 the assignment that iteration's update
 * averaged; at 0 none, as before the first assignment. */
const guint32 *
lloyd_session_get_labels (LloydSession  *self,
                          GError       **error)
{
  const LloydMatrix *x;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), NULL);

  if (self->km == NULL || self->busy)
    return NULL;
  if (self->data->train != NULL)
    {
      /* The model's own labels cover the training rows only: every row's
       * nearest centroid comes from the scores. */
      const LloydScores *scores;

      if (lloyd_session_is_at_latest (self) ? lloyd_kmeans_get_labels (self->km) == NULL : self->position == 0)
        return NULL;
      scores = lloyd_session_get_scores (self, error);
      return scores != NULL ? scores->labels : NULL;
    }
  if (lloyd_session_is_at_latest (self))
    return lloyd_kmeans_get_labels (self->km);
  if (self->position == 0)
    return NULL;
  if (self->labels_valid)
    return self->labels;
  if (is_deferred (self))
    return NULL;

  x = self->data->x;
  g_free (self->labels);
  self->labels = g_try_new (guint32, x->n);
  if (self->labels == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for %zu labels"), x->n);
      return NULL;
    }
  if (!lloyd_kmeans_labels_at (self->km, x, self->position, self->labels, error))
    {
      g_clear_pointer (&self->labels, g_free);
      return NULL;
    }
  self->labels_valid = TRUE;
  return self->labels;
}

const LloydScores *
lloyd_session_get_scores (LloydSession  *self,
                          GError       **error)
{
  const double *centroids;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), NULL);

  if (self->scores != NULL)
    return self->scores;
  centroids = lloyd_session_get_centroids (self);
  if (centroids == NULL || is_deferred (self))
    return NULL;
  self->scores = lloyd_scores_compute (self->data->x, centroids, lloyd_kmeans_get_k (self->km),
                                       0, NULL, error);
  return self->scores;
}

const LloydScores *
lloyd_session_get_projected_scores (LloydSession  *self,
                                    GError       **error)
{
  const LloydScores *scores;
  const double *centroids;
  g_autofree double *xy = NULL;
  gsize d;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), NULL);

  if (self->projected != NULL)
    return self->projected;
  if (is_deferred (self))
    return NULL;
  scores = lloyd_session_get_scores (self, error);
  centroids = lloyd_session_get_centroids (self);
  if (scores == NULL || centroids == NULL)
    return NULL;
  d = self->data->x->d;
  xy = g_new (double, 2 * scores->k);
  for (guint c = 0; c < scores->k; c++)
    lloyd_session_data_project (self->data, centroids + c * d, xy + 2 * c);
  self->projected = lloyd_scores_projected (scores, self->data->xy, xy, error);
  return self->projected;
}

guint
lloyd_session_get_scores_serial (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), 0);
  return self->scores_serial;
}

void
lloyd_session_set_scores (LloydSession *self,
                          LloydScores  *scores,
                          LloydScores  *projected)
{
  g_return_if_fail (LLOYD_IS_SESSION (self));
  g_return_if_fail (scores != NULL);

  g_clear_pointer (&self->scores, lloyd_scores_free);
  g_clear_pointer (&self->projected, lloyd_scores_free);
  g_clear_pointer (&self->reference, lloyd_scores_free);
  drop_flags (self);
  self->scores = scores;
  self->projected = projected;
  self->scores_serial++;
}

guint
lloyd_session_defer_scores (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), 0);

  self->deferred = TRUE;
  self->deferred_serial = self->scores_serial;
  return self->scores_serial;
}

gboolean
lloyd_session_is_deferred (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), FALSE);
  return is_deferred (self);
}

gboolean
lloyd_session_set_deferred (LloydSession *self,
                            guint         serial,
                            guint32      *labels,
                            LloydScores  *scores,
                            LloydScores  *projected)
{
  g_autofree guint32 *owned_labels = labels;
  g_autoptr(LloydScores) owned_scores = scores;
  g_autoptr(LloydScores) owned_projected = projected;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), FALSE);

  if (!is_deferred (self) || serial != self->scores_serial)
    return FALSE;
  self->deferred = FALSE;
  if (labels != NULL && self->km != NULL && !lloyd_session_is_at_latest (self))
    {
      g_free (self->labels);
      self->labels = g_steal_pointer (&owned_labels);
      self->labels_valid = TRUE;
    }
  if (scores != NULL)
    lloyd_session_set_scores (self, g_steal_pointer (&owned_scores), g_steal_pointer (&owned_projected));
  return TRUE;
}

LloydRecompute
lloyd_session_set_threshold (LloydSession         *self,
                             const LloydThreshold *threshold)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);
  g_return_val_if_fail (threshold != NULL, LLOYD_RECOMPUTE_NONE);
  g_return_val_if_fail (lloyd_threshold_validate (threshold, NULL), LLOYD_RECOMPUTE_NONE);

  if (threshold->mode == self->threshold.mode && threshold->value == self->threshold.value)
    return LLOYD_RECOMPUTE_NONE;
  self->threshold = *threshold;
  return changed (self, LLOYD_CONTROL_THRESHOLD);
}

void
lloyd_session_get_threshold (LloydSession   *self,
                             LloydThreshold *threshold)
{
  g_return_if_fail (LLOYD_IS_SESSION (self));
  g_return_if_fail (threshold != NULL);
  *threshold = self->threshold;
}

/* Thresholds resolve against the training rows' scores (every row unless the
 * model is trained on normal rows) and flag every row. */
const guint8 *
lloyd_session_get_flags (LloydSession   *self,
                         gsize          *n_flagged,
                         const double  **per_cluster,
                         GError        **error)
{
  const LloydScores *scores;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), NULL);

  if (self->flags == NULL)
    {
      scores = lloyd_session_get_scores (self, error);
      if (scores == NULL)
        return NULL;
      if (self->data->train != NULL && self->reference == NULL)
        {
          self->reference = lloyd_scores_subset (scores, self->data->train, error);
          if (self->reference == NULL)
            return NULL;
        }
      self->per_cluster = g_new0 (double, scores->k);
      if (!lloyd_threshold_resolve (&self->threshold, self->reference != NULL ? self->reference : scores,
                                    self->per_cluster, error))
        {
          g_clear_pointer (&self->per_cluster, g_free);
          return NULL;
        }
      self->flags = g_try_malloc (MAX (1, scores->n));
      if (self->flags == NULL)
        {
          g_clear_pointer (&self->per_cluster, g_free);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("Not enough memory for %zu flags"), scores->n);
          return NULL;
        }
      self->n_flagged = lloyd_scores_flag (scores, self->per_cluster, self->flags);
    }
  if (n_flagged != NULL)
    *n_flagged = self->n_flagged;
  if (per_cluster != NULL)
    *per_cluster = self->per_cluster;
  return self->flags;
}

const char *const *
lloyd_session_get_normal_labels (LloydSession *self)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (LLOYD_IS_SESSION (self), none);
  return self->normal != NULL ? (const char *const *) self->normal : none;
}

LloydRecompute
lloyd_session_set_normal_labels (LloydSession      *self,
                                 const char *const *labels)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  const LloydColumn *col;
  gboolean same;
  LloydRecompute what;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), LLOYD_RECOMPUTE_NONE);

  if (self->data == NULL || self->data->dataset->label_column < 0)
    return LLOYD_RECOMPUTE_NONE;
  /* In the label column's order, each once, only labels that exist. */
  col = &self->data->dataset->columns[self->data->dataset->label_column];
  for (guint j = 0; j < col->levels->len; j++)
    if (labels != NULL && g_strv_contains (labels, g_ptr_array_index (col->levels, j)))
      g_ptr_array_add (kept, g_strdup (g_ptr_array_index (col->levels, j)));
  g_ptr_array_add (kept, NULL);
  same = self->normal != NULL && g_strv_equal ((const char *const *) self->normal,
                                               (const char *const *) kept->pdata);
  if (same || (self->normal == NULL && kept->len == 1))
    return LLOYD_RECOMPUTE_NONE;
  g_clear_pointer (&self->normal, g_strfreev);
  self->normal = (char **) g_ptr_array_steal (kept, NULL);
  g_hash_table_replace (self->normal_by_name, g_strdup (self->data->dataset->name), g_strdupv (self->normal));
  what = changed (self, LLOYD_CONTROL_NORMAL_LABELS);
  /* Trained on normal rows: those rows changed, so does everything fitted on them. */
  if (self->data->train != NULL)
    what |= lloyd_recompute_for_control (LLOYD_CONTROL_PREPROCESS);
  return what;
}

guint
lloyd_session_get_normal_serial (LloydSession *self)
{
  g_return_val_if_fail (LLOYD_IS_SESSION (self), 0);
  return self->normal_serial;
}

const guint8 *
lloyd_session_get_anomalous (LloydSession *self,
                             gsize        *n_anomalous)
{
  const LloydDataset *ds;
  const LloydColumn *col;
  g_autofree gboolean *normal = NULL;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), NULL);

  if (self->data == NULL || self->data->dataset->label_column < 0)
    return NULL;
  if (self->anomalous == NULL)
    {
      ds = self->data->dataset;
      col = &ds->columns[ds->label_column];
      /* An empty set (or one no row has) makes every row anomalous. */
      normal = lloyd_normal_levels (ds, (const char *const *) self->normal, NULL);
      self->anomalous = g_malloc (MAX (1, ds->n_rows));
      self->n_anomalous = 0;
      for (gsize i = 0; i < ds->n_rows; i++)
        self->n_anomalous += self->anomalous[i] = normal == NULL || !normal[col->codes[i]];
    }
  if (n_anomalous != NULL)
    *n_anomalous = self->n_anomalous;
  return self->anomalous;
}

char *
lloyd_format_label_set (const char *const *labels,
                        guint              max_shown)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = labels != NULL ? g_strv_length ((char **) labels) : 0;

  if (n == 0)
    return g_strdup (_("none"));
  for (guint i = 0; i < n && i < MAX (1, max_shown); i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", labels[i]);
  if (n > MAX (1, max_shown))
    /* TRANSLATORS: the end of a shortened list of labels */
    g_string_append_printf (s, ngettext (" and %u more", " and %u more", n - MAX (1, max_shown)),
                            n - MAX (1, max_shown));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

char *
lloyd_session_describe (LloydSession *self)
{
  const LloydIteration *it;
  GString *s;
  guint n;

  g_return_val_if_fail (LLOYD_IS_SESSION (self), NULL);

  if (self->data == NULL)
    return g_strdup (_("No data: open a file or choose demo data"));
  if (self->busy)
    return g_strdup (_("Working…"));
  if (self->km == NULL)
    return g_strdup (_("Ready: press Step or Assign to start"));

  n = lloyd_kmeans_get_n_iterations (self->km);
  it = lloyd_kmeans_get_iteration (self->km, self->position);
  s = g_string_new (NULL);
  g_string_append_printf (s, _("Iteration %u of %u"), self->position, n);
  if (lloyd_session_is_at_latest (self))
    {
      switch (lloyd_kmeans_get_half_step (self->km))
        {
        case LLOYD_HALF_STEP_NONE:
          g_string_append (s, _(" · initial centroids"));
          break;
        case LLOYD_HALF_STEP_ASSIGN:
          g_string_append (s, _(" · after assign"));
          break;
        case LLOYD_HALF_STEP_UPDATE:
          g_string_append (s, _(" · after update"));
          break;
        default:
          break;
        }
    }
  if (it != NULL && self->position > 0)
    {
      char inertia[G_ASCII_DTOSTR_BUF_SIZE];

      /* Whole numbers up to 10¹⁵ rather than 1.17692e+06: the status line is read aloud. */
      if (fabs (it->inertia) >= 1e6 && fabs (it->inertia) < 1e15)
        g_snprintf (inertia, sizeof inertia, "%.0f", it->inertia);
      else
        g_snprintf (inertia, sizeof inertia, "%.6g", it->inertia);
      g_string_append_printf (s, _(" · inertia %s · %zu moved · shift %.3g · %.1f ms"),
                              inertia, it->moved, it->shift, it->seconds * 1000.0);
      if (lloyd_session_is_at_latest (self) && lloyd_kmeans_get_stop_reason (self->km) == LLOYD_STOP_MAX_ITER)
        g_string_append (s, _(" · stopped at the iteration limit, not converged"));
      else if (lloyd_session_is_at_latest (self) && lloyd_kmeans_is_converged (self->km))
        g_string_append_printf (s, _(" · converged (%s)"),
                                lloyd_stop_reason_to_display (lloyd_kmeans_get_stop_reason (self->km)));
      else
        g_string_append (s, _(" · not converged"));
    }
  return g_string_free (s, FALSE);
}
