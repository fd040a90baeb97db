/* lloyd-window-jobs.c — the window's worker jobs: loading (or generating) and
 * preparing a dataset, moving the model (half-steps, steps, run to
 * convergence) and scoring a history position when the data is too big to do it
 * between two frames. */
#define G_LOG_DOMAIN "Lloyd"

#include "config.h"

#include <glib/gi18n.h>

#include "distance.h"
#include "generate.h"
#include "lloyd-window-private.h"
#include "lloyd-worker.h"

void
_lloyd_source_clear (LloydSource *source)
{
  g_clear_pointer (&source->path, g_free);
  g_clear_pointer (&source->demo, g_free);
  g_clear_pointer (&source->label_column, g_free);
  g_clear_pointer (&source->columns, g_strfreev);
  source->delimiter = 0;
  source->header = LLOYD_HEADER_AUTO;
}

static void
source_copy (LloydSource       *dest,
             const LloydSource *src)
{
  dest->path = g_strdup (src->path);
  dest->demo = g_strdup (src->demo);
  dest->delimiter = src->delimiter;
  dest->header = src->header;
  dest->label_column = g_strdup (src->label_column);
  dest->columns = g_strdupv (src->columns);
}

/* ---- load and prepare ------------------------------------------------- */

typedef struct
{
  LloydSource   source;
  LloydDataset *reuse;     /* already loaded: only preprocess again */
  gboolean      one_hot;
  gboolean      normalize;
  char        **normal_labels; /* fit on rows with these labels only, or NULL */
  guint64       seed;      /* generated demos */
  gint64        started;   /* monotonic µs */
  GCancellable *cancellable;
} LoadInput;

static void
load_input_free (gpointer data)
{
  LoadInput *input = data;

  _lloyd_source_clear (&input->source);
  g_clear_pointer (&input->reuse, lloyd_dataset_unref);
  g_clear_object (&input->cancellable);
  g_strfreev (input->normal_labels);
  g_free (input);
}

static void
forward_progress (double      fraction,
                  const char *what,
                  gpointer    handle)
{
  /* Loading is most of the job; preparing the matrix is the last tenth. */
  lloyd_worker_report (0.9 * fraction, what, handle);
}

static LloydDataset *
load_demo (const char    *name,
           guint64        seed,
           GCancellable  *cancellable,
           GError       **error)
{
  /* The digit is a number, so it must be named as the label column. */
  static const struct { const char *name; const char *file; const char *label; } files[] = {
    { "iris", "iris.csv", NULL },
    { "digits", "digits.csv", "digit" },
    { "kdd", "kddcup-sample.csv.gz", NULL },
  };
  LloydLoadOptions options;

  if (g_str_equal (name, "blobs"))
    return lloyd_generate_demo_blobs (seed, error);
  if (g_str_equal (name, "moons"))
    {
      LloydGenerateOptions gen;

      lloyd_generate_options_init (&gen);
      gen.n = 400;
      gen.noise = 0.08;
      gen.seed = seed;
      return lloyd_generate_moons (&gen, error);
    }

  lloyd_load_options_init (&options);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (g_str_equal (name, files[i].name))
      {
        g_autofree char *path = _lloyd_find_dataset (files[i].file);

        options.label_column = files[i].label;
        if (path == NULL)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("The demo dataset %s is not installed (looked in $LLOYD_DATADIR, %s and %s)"),
                         files[i].file, PKGDATADIR "/datasets", SOURCE_DATADIR "/datasets");
            return NULL;
          }
        return lloyd_dataset_load (path, &options, forward_progress, lloyd_worker_get_handle (),
                                   cancellable, error);
      }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Unknown demo “%s”: choose blobs, moons, iris, digits or kdd"), name);
  return NULL;
}

static gpointer
load_thread (gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LoadInput *input = data;
  g_autoptr(LloydDataset) dataset = NULL;
  LloydPreprocessOptions options;

  if (input->reuse != NULL)
    dataset = lloyd_dataset_ref (input->reuse);
  else if (input->source.demo != NULL)
    dataset = load_demo (input->source.demo, input->seed, cancellable, error);
  else
    {
      LloydLoadOptions load;

      lloyd_load_options_init (&load);
      load.delimiter = input->source.delimiter;
      load.header = input->source.header;
      load.label_column = input->source.label_column;
      dataset = lloyd_dataset_load (input->source.path, &load, forward_progress,
                                    lloyd_worker_get_handle (), cancellable, error);
    }
  if (dataset == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  lloyd_worker_report (0.9, _("Preparing features"), lloyd_worker_get_handle ());
  lloyd_preprocess_options_init (&options);
  options.one_hot = input->one_hot;
  options.normalize = input->normalize ? LLOYD_NORMALIZE_ZSCORE : LLOYD_NORMALIZE_NONE;
  options.columns = (const char **) input->source.columns;
  return lloyd_session_data_new (dataset, &options, (const char *const *) input->normal_labels,
                                 cancellable, error);
}

static void
job_progress (GObject    *owner,
              double      fraction,
              const char *what)
{
  _lloyd_window_set_progress (LLOYD_WINDOW (owner), fraction, what);
}

static void
load_done (GObject      *owner,
           gpointer      result,
           const GError *error,
           gpointer      data)
{
  LloydWindow *self = LLOYD_WINDOW (owner);
  g_autoptr(LloydSessionData) prepared = result;
  LoadInput *input = data;
  static const char *const digits_normal[] = { "2", "3", "4", "5", "6", "7", "8", "9", NULL };
  LloydRecompute what;

  /* A newer job replaced this one: it owns the progress bar, drop the result. */
  if (input->cancellable != self->cancellable)
    return;
  _lloyd_window_end_job (self);
  if (g_cancellable_is_cancelled (input->cancellable))
    {
      g_message ("%s", _("Loading cancelled"));
      _lloyd_window_show_message (self, _("Loading cancelled; the previous data is still here"));
      return;
    }

  if (prepared == NULL)
    {
      /* The previous dataset and model stay as they were; the controls go back
       * to describing them. */
      _lloyd_window_show_error (self, error);
      _lloyd_window_refresh (self, LLOYD_RECOMPUTE_MATRIX);
      return;
    }

  g_message ("Loaded %s: %zu rows, %zu features in %.2f s", prepared->dataset->name,
             prepared->dataset->n_rows, prepared->x->d,
             (g_get_monotonic_time () - input->started) / (double) G_USEC_PER_SEC);
  if (prepared->normal_labels != NULL)
    {
      g_autofree char *labels = g_strjoinv (",", prepared->normal_labels);

      g_message ("Fitting on %zu rows labelled %s", prepared->x_train->n, labels);
    }
  _lloyd_source_clear (&self->source);
  source_copy (&self->source, &input->source);
  what = lloyd_session_set_data (self->session, prepared);
  /* The digits demo is the tutorial's "normal 2–9 against 0–1", unless the
   * user chose another set for it this session. */
  if (input->reuse == NULL && g_strcmp0 (input->source.demo, "digits") == 0)
    {
      g_auto(GStrv) def = lloyd_default_normal_labels (prepared->dataset);

      if (def != NULL && g_strv_equal ((const char *const *) def, lloyd_session_get_normal_labels (self->session)))
        what |= lloyd_session_set_normal_labels (self->session, digits_normal);
    }
  _lloyd_window_refresh (self, what);
  if (input->source.path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (input->source.path);
      g_autofree char *uri = g_file_get_uri (file);

      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
    }
}

static const LloydJobClass load_job = {
  .name = "load",
  .func = load_thread,
  .input_free = load_input_free,
  .result_free = (GDestroyNotify) lloyd_session_data_unref,
  .progress = job_progress,
  .done = load_done,
};

void
_lloyd_window_load (LloydWindow       *self,
                    const LloydSource *source,
                    LloydDataset      *reuse)
{
  LoadInput *input;

  g_return_if_fail (LLOYD_IS_WINDOW (self));

  input = g_new0 (LoadInput, 1);
  source_copy (&input->source, source);
  input->reuse = reuse != NULL ? lloyd_dataset_ref (reuse) : NULL;
  input->one_hot = gtk_check_button_get_active (self->one_hot_check);
  input->normalize = gtk_check_button_get_active (self->normalize_check);
  /* Training on normal rows only applies to the same table: a new one starts
   * from every row. */
  if (reuse != NULL && g_variant_get_boolean (g_action_group_get_action_state (G_ACTION_GROUP (self), "fit-normal")))
    input->normal_labels = g_strdupv ((char **) lloyd_session_get_normal_labels (self->session));
  /* Generated demos use a fixed seed of their own: the data stays the same when
   * the model's seed changes. */
  input->seed = 42;
  input->started = g_get_monotonic_time ();

  _lloyd_window_begin_job (self, reuse != NULL ? _("Preparing features") : _("Loading"), FALSE);
  input->cancellable = g_object_ref (self->cancellable);
  lloyd_worker_run (&load_job, G_OBJECT (self), input, self->cancellable);
}

/* ---- model jobs --------------------------------------------------------- */

typedef struct
{
  LloydModelJobKind  kind;
  LloydKMeans       *km;
  LloydSessionData  *data;
  guint              max_iter;
  GCancellable      *cancellable;
  LloydScores       *scores;    /* out: for the latest centroids */
  LloydScores       *projected; /* out: the same in the figure plane */
} ModelInput;

static void
model_input_free (gpointer data)
{
  ModelInput *input = data;

  g_clear_pointer (&input->km, lloyd_kmeans_free);
  g_clear_pointer (&input->data, lloyd_session_data_unref);
  g_clear_object (&input->cancellable);
  g_clear_pointer (&input->scores, lloyd_scores_free);
  g_clear_pointer (&input->projected, lloyd_scores_free);
  g_free (input);
}

/* @scores in the figure plane: each row's distance to its projected centroid. */
static LloydScores *
project_scores (LloydSessionData  *data,
                const LloydScores *scores,
                const double      *centroids)
{
  g_autofree double *xy = g_new (double, 2 * (gsize) scores->k);

  for (guint c = 0; c < scores->k; c++)
    lloyd_session_data_project (data, centroids + c * data->x->d, xy + 2 * c);
  return lloyd_scores_projected (scores, data->xy, xy, NULL);
}

static gpointer
model_thread (gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  ModelInput *input = data;
  const LloydMatrix *x = lloyd_session_data_get_train (input->data);
  gpointer handle = lloyd_worker_get_handle ();
  gboolean ok = TRUE;

  switch (input->kind)
    {
    case LLOYD_MODEL_JOB_ASSIGN:
      ok = lloyd_kmeans_assign (input->km, x, cancellable, error);
      break;
    case LLOYD_MODEL_JOB_UPDATE:
      ok = lloyd_kmeans_update (input->km, x, cancellable, error);
      break;
    case LLOYD_MODEL_JOB_STEP:
      ok = lloyd_kmeans_step (input->km, x, cancellable, error);
      break;
    case LLOYD_MODEL_JOB_RUN:
      /* Step by step rather than lloyd_kmeans_fit(): the history continues from
       * where the user is, and every iteration stays on the timeline. */
      while (ok && !lloyd_kmeans_is_converged (input->km))
        {
          guint done = lloyd_kmeans_get_n_iterations (input->km);
          g_autofree char *what = g_strdup_printf (_("Iteration %u"), done + 1);

          lloyd_worker_report ((double) done / input->max_iter, what, handle);
          ok = lloyd_kmeans_step (input->km, x, cancellable, error);
        }
      break;
    default:
      g_assert_not_reached ();
    }

  /* Score here too: on big data that pass would otherwise stall the window. */
  if (ok)
    input->scores = lloyd_scores_compute (input->data->x, lloyd_kmeans_get_centroids (input->km),
                                          lloyd_kmeans_get_k (input->km), 0, cancellable, NULL);
  if (input->scores != NULL)
    input->projected = project_scores (input->data, input->scores, lloyd_kmeans_get_centroids (input->km));

  /* The model itself always goes back through the input (done takes it). */
  return ok ? GINT_TO_POINTER (1) : NULL;
}

static void
model_done (GObject      *owner,
            gpointer      result,
            const GError *error,
            gpointer      data)
{
  LloydWindow *self = LLOYD_WINDOW (owner);
  ModelInput *input = data;
  gboolean current = input->cancellable == self->cancellable;
  LloydKMeans *km = input->km;

  lloyd_session_return_model (self->session, g_steal_pointer (&input->km));
  if (input->scores != NULL && lloyd_session_get_model (self->session) == km
      && lloyd_session_is_at_latest (self->session))
    lloyd_session_set_scores (self->session, g_steal_pointer (&input->scores),
                              g_steal_pointer (&input->projected));
  if (current)
    _lloyd_window_end_job (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *msg = g_strdup_printf (_("Cancelled after iteration %u"),
                                              lloyd_session_get_n_iterations (self->session));

      g_message ("%s", msg);
      _lloyd_window_show_message (self, msg);
    }
  else if (error != NULL)
    _lloyd_window_show_error (self, error);
  _lloyd_window_refresh (self, LLOYD_RECOMPUTE_DISTANCES | LLOYD_RECOMPUTE_FLAGS | LLOYD_RECOMPUTE_FIGURE);
}

static const LloydJobClass model_job = {
  .name = "model",
  .func = model_thread,
  .input_free = model_input_free,
  .result_free = NULL,
  .progress = job_progress,
  .done = model_done,
};

void
_lloyd_window_run_model_job (LloydWindow       *self,
                             LloydModelJobKind  kind)
{
  g_autoptr(GError) error = NULL;
  ModelInput *input;
  static const char *what[] = {
    [LLOYD_MODEL_JOB_ASSIGN] = N_("Assigning"),
    [LLOYD_MODEL_JOB_UPDATE] = N_("Updating"),
    [LLOYD_MODEL_JOB_STEP] = N_("Stepping"),
    [LLOYD_MODEL_JOB_RUN] = N_("Running to convergence"),
  };

  g_return_if_fail (LLOYD_IS_WINDOW (self));

  if (!lloyd_session_ensure_model (self->session, &error))
    {
      _lloyd_window_show_error (self, error);
      return;
    }
  if (kind == LLOYD_MODEL_JOB_RUN && lloyd_session_is_converged (self->session))
    {
      _lloyd_window_show_message (self, _("Already converged"));
      return;
    }

  input = g_new0 (ModelInput, 1);
  input->kind = kind;
  input->data = lloyd_session_data_ref (lloyd_session_get_data (self->session));
  input->max_iter = MAX (1, lloyd_session_get_max_iter (self->session));
  /* Jump to the latest iteration first: new iterations append there. */
  lloyd_session_seek (self->session, G_MAXUINT);
  input->km = lloyd_session_take_model (self->session);

  _lloyd_window_begin_job (self, _(what[kind]), TRUE);
  input->cancellable = g_object_ref (self->cancellable);
  lloyd_worker_run (&model_job, G_OBJECT (self), input, self->cancellable);
}

/* ---- elbow sweep -------------------------------------------------------- */

typedef struct
{
  LloydSessionData  *data;
  LloydElbowOptions  options;
  GCancellable      *cancellable;
} SweepInput;

static void
sweep_input_free (gpointer p)
{
  SweepInput *input = p;

  lloyd_session_data_unref (input->data);
  g_clear_object (&input->cancellable);
  g_free (input);
}

static gpointer
sweep_thread (gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  SweepInput *input = data;

  return lloyd_elbow_sweep (lloyd_session_data_get_train (input->data), &input->options, lloyd_worker_report,
                            lloyd_worker_get_handle (), cancellable, error);
}

static void
sweep_done (GObject      *owner,
            gpointer      result,
            const GError *error,
            gpointer      data)
{
  LloydWindow *self = LLOYD_WINDOW (owner);
  SweepInput *input = data;

  if (input->cancellable != self->cancellable)
    {
      g_clear_pointer (&result, lloyd_elbow_free);
      return;
    }
  _lloyd_window_end_job (self);
  if (result == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _lloyd_window_show_error (self, error);
      else
        _lloyd_window_show_message (self, _("Sweep cancelled"));
      return;
    }
  _lloyd_window_add_sweep (self, input->data, &input->options, result);
}

static const LloydJobClass sweep_job = {
  .name = "sweep",
  .func = sweep_thread,
  .input_free = sweep_input_free,
  .result_free = (GDestroyNotify) lloyd_elbow_free,
  .progress = job_progress,
  .done = sweep_done,
};

void
_lloyd_window_run_sweep (LloydWindow *self,
                         guint        k_min,
                         guint        k_max,
                         gboolean     silhouette)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);
  SweepInput *input;

  g_return_if_fail (LLOYD_IS_WINDOW (self));

  if (data == NULL || self->cancellable != NULL)
    return;
  input = g_new0 (SweepInput, 1);
  input->data = lloyd_session_data_ref (data);
  lloyd_elbow_options_init (&input->options);
  input->options.k_min = MAX (1, k_min);
  input->options.k_max = MIN (MAX (k_max, input->options.k_min), lloyd_session_data_get_train (data)->n);
  input->options.init = lloyd_session_get_init (self->session);
  if (input->options.init == LLOYD_INIT_CENTROIDS || input->options.init == LLOYD_INIT_ROWS)
    input->options.init = LLOYD_INIT_KMEANSPP;
  input->options.seed = lloyd_session_get_seed (self->session);
  input->options.max_iter = lloyd_session_get_max_iter (self->session);
  input->options.tol = lloyd_session_get_tol (self->session);
  input->options.silhouette = silhouette;
  input->options.silhouette_options.seed = input->options.seed;

  _lloyd_window_begin_job (self, _("Sweeping k"), FALSE);
  input->cancellable = g_object_ref (self->cancellable);
  lloyd_worker_run (&sweep_job, G_OBJECT (self), input, self->cancellable);
}

/* ---- scrubbing the history --------------------------------------------- */

/* Below this many rows a position's labels and scores take a few milliseconds:
 * computed in place, they show without a frame of stale colours. */
#define SCRUB_SYNC_ROWS 20000

typedef struct
{
  LloydSessionData *data;
  guint             k;
  double           *start;      /* k × d: centroids the position's labels come from, or NULL */
  double           *centroids;  /* k × d: the centroids shown */
  guint             serial;     /* the session's key for this position */
  GCancellable     *cancellable;
  guint32          *labels;     /* out */
  LloydScores      *scores;     /* out */
  LloydScores      *projected;  /* out */
} ScrubInput;

static void
scrub_input_free (gpointer p)
{
  ScrubInput *input = p;

  g_clear_pointer (&input->data, lloyd_session_data_unref);
  g_clear_object (&input->cancellable);
  g_free (input->start);
  g_free (input->centroids);
  g_free (input->labels);
  g_clear_pointer (&input->scores, lloyd_scores_free);
  g_clear_pointer (&input->projected, lloyd_scores_free);
  g_free (input);
}

static gpointer
scrub_thread (gpointer       p,
              GCancellable  *cancellable,
              GError       **error)
{
  ScrubInput *input = p;
  const LloydMatrix *x = input->data->x;

  if (input->start != NULL)
    {
      input->labels = g_try_new (guint32, MAX (x->n, 1));
      if (input->labels == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory for %zu labels"), x->n);
          return NULL;
        }
      if (!lloyd_nearest_centroids (x, input->start, input->k, input->labels, NULL, 0, cancellable, error))
        return NULL;
    }
  input->scores = lloyd_scores_compute (x, input->centroids, input->k, 0, cancellable, error);
  if (input->scores == NULL)
    return NULL;
  input->projected = project_scores (input->data, input->scores, input->centroids);
  return GINT_TO_POINTER (1);
}

static void
scrub_done (GObject      *owner,
            gpointer      result,
            const GError *error,
            gpointer      p)
{
  LloydWindow *self = LLOYD_WINDOW (owner);
  ScrubInput *input = p;

  if (input->cancellable == self->scrub_cancellable)
    g_clear_object (&self->scrub_cancellable);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* End the deferral: the window computes them itself if it still can. */
      _lloyd_window_show_error (self, error);
      if (lloyd_session_set_deferred (self->session, input->serial, NULL, NULL, NULL))
        _lloyd_window_refresh (self, LLOYD_RECOMPUTE_FIGURE);
      return;
    }
  if (result == NULL)
    return;
  if (lloyd_session_set_deferred (self->session, input->serial, g_steal_pointer (&input->labels),
                                  g_steal_pointer (&input->scores), g_steal_pointer (&input->projected)))
    _lloyd_window_refresh (self, LLOYD_RECOMPUTE_DISTANCES | LLOYD_RECOMPUTE_FLAGS | LLOYD_RECOMPUTE_FIGURE);
}

static const LloydJobClass scrub_job = {
  .name = "scrub",
  .func = scrub_thread,
  .input_free = scrub_input_free,
  .done = scrub_done,
};

void
_lloyd_window_seek (LloydWindow *self,
                    guint        position)
{
  LloydSession *s;
  LloydSessionData *data;
  LloydKMeans *km;
  LloydRecompute what;
  ScrubInput *input;
  gsize d;

  g_return_if_fail (LLOYD_IS_WINDOW (self));

  s = self->session;
  what = lloyd_session_seek (s, position);
  data = lloyd_session_get_data (s);
  km = lloyd_session_get_model (s);
  if (what == LLOYD_RECOMPUTE_NONE || data == NULL || km == NULL || data->x->n < SCRUB_SYNC_ROWS
      || lloyd_session_get_centroids (s) == NULL)
    {
      _lloyd_window_refresh (self, what);
      return;
    }

  if (self->scrub_cancellable != NULL)
    g_cancellable_cancel (self->scrub_cancellable);
  g_clear_object (&self->scrub_cancellable);
  self->scrub_cancellable = g_cancellable_new ();

  d = data->x->d;
  position = lloyd_session_get_position (s);
  input = g_new0 (ScrubInput, 1);
  input->data = lloyd_session_data_ref (data);
  input->k = lloyd_kmeans_get_k (km);
  input->centroids = g_memdup2 (lloyd_session_get_centroids (s), sizeof (double) * input->k * d);
  /* Away from the latest iteration every row's label is its nearest centroid at
   * the start of the iteration shown (lloyd_kmeans_labels_at()); training on a
   * subset takes them from the scores instead. */
  if (!lloyd_session_is_at_latest (s) && position > 0 && data->train == NULL)
    input->start = g_memdup2 (lloyd_kmeans_get_iteration (km, position - 1)->centroids,
                              sizeof (double) * input->k * d);
  input->serial = lloyd_session_defer_scores (s);
  input->cancellable = g_object_ref (self->scrub_cancellable);
  lloyd_worker_run (&scrub_job, G_OBJECT (self), input, self->scrub_cancellable);
  _lloyd_window_refresh (self, what);
}
