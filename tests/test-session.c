/* test-session.c — the window's state without widgets: what each control makes
 * stale, history positions, and a model handed to a worker and back. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "generate.h"
#include "lloyd-session.h"
#include "test-util.h"

static void
test_recompute_table (void)
{
  LloydRecompute all = LLOYD_RECOMPUTE_MATRIX | LLOYD_RECOMPUTE_SWEEP | LLOYD_RECOMPUTE_MODEL
                       | LLOYD_RECOMPUTE_DISTANCES | LLOYD_RECOMPUTE_FLAGS | LLOYD_RECOMPUTE_FIGURE;
  LloydRecompute model = LLOYD_RECOMPUTE_MODEL | LLOYD_RECOMPUTE_DISTANCES
                         | LLOYD_RECOMPUTE_FLAGS | LLOYD_RECOMPUTE_FIGURE;

  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_DATASET), ==, all);
  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_PREPROCESS), ==, all);
  /* The sweep is kept per dataset and preprocessing: the model's knobs keep it. */
  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_K), ==, model);
  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_INIT), ==, model);
  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_SEED), ==, model);
  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_HISTORY), ==,
                   LLOYD_RECOMPUTE_DISTANCES | LLOYD_RECOMPUTE_FLAGS | LLOYD_RECOMPUTE_FIGURE);
  /* The threshold slider must never re-run k-means nor recompute distances. */
  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_THRESHOLD), ==,
                   LLOYD_RECOMPUTE_FLAGS | LLOYD_RECOMPUTE_FIGURE);
  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_VIEW), ==, LLOYD_RECOMPUTE_FIGURE);
  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_MAX_ITER), ==, LLOYD_RECOMPUTE_FIGURE);
  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_TOL), ==, LLOYD_RECOMPUTE_FIGURE);
}

static void
test_setters_unchanged (void)
{
  g_autoptr(LloydSession) session = lloyd_session_new ();

  g_assert_cmpuint (lloyd_session_get_k (session), ==, 3);
  g_assert_cmpint (lloyd_session_set_k (session, 3), ==, LLOYD_RECOMPUTE_NONE);
  g_assert_cmpint (lloyd_session_set_k (session, 5) & LLOYD_RECOMPUTE_MODEL, !=, 0);
  g_assert_cmpuint (lloyd_session_get_k (session), ==, 5);
  g_assert_cmpint (lloyd_session_set_seed (session, lloyd_session_get_seed (session)), ==, LLOYD_RECOMPUTE_NONE);
  g_assert_cmpint (lloyd_session_set_seed (session, 7) & LLOYD_RECOMPUTE_MODEL, !=, 0);
  g_assert_cmpint (lloyd_session_set_init (session, LLOYD_INIT_FIRST) & LLOYD_RECOMPUTE_MODEL, !=, 0);
  g_assert_cmpint (lloyd_session_set_init (session, LLOYD_INIT_FIRST), ==, LLOYD_RECOMPUTE_NONE);
  g_assert_cmpint (lloyd_session_set_max_iter (session, 10), ==, LLOYD_RECOMPUTE_FIGURE);
  g_assert_cmpint (lloyd_session_set_tol (session, 0.5), ==, LLOYD_RECOMPUTE_FIGURE);
}

static void
test_no_data (void)
{
  g_autoptr(LloydSession) session = lloyd_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_false (lloyd_session_step (session, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_STATE);
  g_assert_null (lloyd_session_get_model (session));
  g_assert_false (lloyd_session_can_back (session));
  g_assert_false (lloyd_session_can_forward (session));
  text = lloyd_session_describe (session);
  g_assert_nonnull (text);
}

static LloydSessionData *
blobs_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LloydDataset) blobs = lloyd_generate_demo_blobs (42, &error);
  LloydPreprocessOptions options;
  LloydSessionData *data;

  g_assert_no_error (error);
  lloyd_preprocess_options_init (&options);
  data = lloyd_session_data_new (blobs, &options, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

static void
test_projection (void)
{
  g_autoptr(LloydSessionData) data = blobs_data ();
  double xy[2], back[2];

  g_assert_cmpuint (data->x->d, ==, 2);
  g_assert_cmpuint (data->xy->n, ==, data->x->n);
  /* Two features: the plane is the data's own plane, both ways. */
  for (gsize i = 0; i < data->x->n; i += 37)
    {
      const double *p = lloyd_matrix_row (data->x, i);

      lloyd_session_data_project (data, p, xy);
      g_assert_cmpfloat (xy[0], ==, p[0]);
      g_assert_cmpfloat (xy[1], ==, p[1]);
      lloyd_session_data_unproject (data, xy, back);
      g_assert_cmpfloat (back[0], ==, p[0]);
      g_assert_cmpfloat (back[1], ==, p[1]);
      g_assert_cmpfloat (lloyd_matrix_row (data->xy, i)[0], ==, p[0]);
    }
}

static void
test_history (void)
{
  g_autoptr(LloydSession) session = lloyd_session_new ();
  g_autoptr(LloydSessionData) data = blobs_data ();
  g_autoptr(GError) error = NULL;
  const guint32 *labels;
  const LloydScores *scores;
  const double *centroids_latest;

  g_assert_cmpint (lloyd_session_set_data (session, data) & LLOYD_RECOMPUTE_MATRIX, !=, 0);
  g_assert_cmpint (lloyd_session_set_data (session, data), ==, LLOYD_RECOMPUTE_NONE);
  lloyd_session_set_init (session, LLOYD_INIT_FIRST);

  g_assert_true (lloyd_session_ensure_model (session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lloyd_session_get_position (session), ==, 0);
  /* Before the first assignment there are no labels to show. */
  g_assert_null (lloyd_session_get_labels (session, &error));
  g_assert_no_error (error);

  for (int i = 0; i < 3; i++)
    {
      g_assert_true (lloyd_session_step (session, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (lloyd_session_get_position (session), ==, 3);
  g_assert_cmpuint (lloyd_session_get_n_iterations (session), ==, 3);
  g_assert_true (lloyd_session_is_at_latest (session));
  g_assert_true (lloyd_session_can_back (session));
  g_assert_false (lloyd_session_can_forward (session));
  centroids_latest = lloyd_session_get_centroids (session);
  g_assert_nonnull (centroids_latest);

  /* Back in time: labels recomputed for that iteration, distances cached. */
  g_assert_cmpint (lloyd_session_seek (session, 1), ==, lloyd_recompute_for_control (LLOYD_CONTROL_HISTORY));
  g_assert_cmpuint (lloyd_session_get_position (session), ==, 1);
  g_assert_true (lloyd_session_can_forward (session));
  labels = lloyd_session_get_labels (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (labels);
  for (gsize i = 0; i < data->x->n; i++)
    g_assert_cmpuint (labels[i], <, 3);
  scores = lloyd_session_get_scores (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scores);
  g_assert_true (lloyd_session_get_scores (session, &error) == scores);
  g_assert_cmpuint (scores->n, ==, data->x->n);
  for (gsize i = 0; i < data->x->n; i++)
    g_assert_cmpfloat (scores->distances[i], >=, 0.0);
  g_assert_cmpint (lloyd_session_seek (session, 1), ==, LLOYD_RECOMPUTE_NONE);

  /* Seeking past the end stops at the latest iteration. */
  lloyd_session_seek (session, 99);
  g_assert_cmpuint (lloyd_session_get_position (session), ==, 3);

  /* A step from the past continues from the latest iteration. */
  lloyd_session_seek (session, 0);
  g_assert_true (lloyd_session_step (session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lloyd_session_get_position (session), ==, 4);

  /* Changing k drops the model and the history. */
  g_assert_cmpint (lloyd_session_set_k (session, 4) & LLOYD_RECOMPUTE_MODEL, !=, 0);
  g_assert_null (lloyd_session_get_model (session));
  g_assert_cmpuint (lloyd_session_get_position (session), ==, 0);
  g_assert_false (lloyd_session_can_back (session));
}

static void
test_reset_same_seed (void)
{
  g_autoptr(LloydSession) session = lloyd_session_new ();
  g_autoptr(LloydSessionData) data = blobs_data ();
  g_autoptr(GError) error = NULL;
  double before[6], after[6];

  lloyd_session_set_data (session, data);
  lloyd_session_set_init (session, LLOYD_INIT_KMEANSPP);
  lloyd_session_set_seed (session, 1234);
  g_assert_true (lloyd_session_ensure_model (session, &error));
  memcpy (before, lloyd_session_get_centroids (session), sizeof before);
  g_assert_true (lloyd_session_step (session, &error));

  g_assert_cmpint (lloyd_session_reset (session) & LLOYD_RECOMPUTE_MODEL, !=, 0);
  g_assert_true (lloyd_session_ensure_model (session, &error));
  g_assert_no_error (error);
  memcpy (after, lloyd_session_get_centroids (session), sizeof after);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpfloat (before[i], ==, after[i]);
}

/* The slider's promise: a threshold change re-flags but never recomputes the
 * scores (the same object survives), and the flags follow the threshold. */
static void
test_threshold (void)
{
  g_autoptr(LloydSession) session = lloyd_session_new ();
  g_autoptr(LloydSessionData) data = blobs_data ();
  g_autoptr(GError) error = NULL;
  LloydThreshold t = { LLOYD_THRESHOLD_PERCENTILE, 99.0 };
  const LloydScores *scores;
  const double *per_cluster;
  gsize n99, n50, n_far;
  const guint8 *flags;

  lloyd_session_set_data (session, data);
  lloyd_session_set_init (session, LLOYD_INIT_FIRST);
  /* No model yet: nothing to flag, and no error either. */
  g_assert_null (lloyd_session_get_flags (session, &n99, NULL, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 5; i++)
    g_assert_true (lloyd_session_step (session, &error));

  g_assert_cmpint (lloyd_session_set_threshold (session, &t), ==, LLOYD_RECOMPUTE_NONE);
  scores = lloyd_session_get_scores (session, &error);
  g_assert_nonnull (scores);
  flags = lloyd_session_get_flags (session, &n99, &per_cluster, &error);
  g_assert_no_error (error);
  g_assert_nonnull (flags);
  g_assert_nonnull (per_cluster);
  g_assert_cmpuint (n99, >, 0);
  g_assert_cmpuint (n99, <, data->x->n / 10);

  t.value = 50.0;
  g_assert_cmpint (lloyd_session_set_threshold (session, &t), ==,
                   LLOYD_RECOMPUTE_FLAGS | LLOYD_RECOMPUTE_FIGURE);
  g_assert_true (lloyd_session_get_scores (session, &error) == scores);
  flags = lloyd_session_get_flags (session, &n50, NULL, &error);
  g_assert_nonnull (flags);
  g_assert_cmpuint (n50, >, n99);
  {
    gsize count = 0;

    for (gsize i = 0; i < data->x->n; i++)
      count += flags[i] != 0;
    g_assert_cmpuint (count, ==, n50);
  }

  t.mode = LLOYD_THRESHOLD_FARTHEST;
  t.value = 10;
  lloyd_session_set_threshold (session, &t);
  g_assert_nonnull (lloyd_session_get_flags (session, &n_far, NULL, &error));
  /* Strictly greater than the 10th farthest distance: the 9 beyond it. */
  g_assert_cmpuint (n_far, ==, 9);
  g_assert_true (lloyd_session_get_scores (session, &error) == scores);

  /* Moving through the history recomputes the scores. */
  lloyd_session_seek (session, 1);
  g_assert_true (lloyd_session_get_scores (session, &error) != NULL);
}

/* The tutorials' setup: fit on the normal rows, score every row; at the 100th
 * percentile no training row can be flagged, and the anomalies are. */
static void
test_train_on_normal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LloydDataset) blobs = lloyd_generate_demo_blobs (42, &error);
  g_autoptr(LloydSessionData) data = NULL;
  g_autoptr(LloydSession) session = lloyd_session_new ();
  LloydThreshold t = { LLOYD_THRESHOLD_PERCENTILE, 100.0 };
  LloydPreprocessOptions options;
  const guint8 *flags;
  const guint32 *labels;
  gsize n_normal = 0, n_flagged = 0, flagged_anomalies = 0;

  g_assert_no_error (error);
  lloyd_preprocess_options_init (&options);
  g_assert_null (lloyd_session_data_new (blobs, &options, (const char *[]) { "no-such-label", NULL }, NULL, &error));
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN);
  g_clear_error (&error);

  data = lloyd_session_data_new (blobs, &options, (const char *[]) { "normal", NULL }, NULL, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < blobs->n_rows; i++)
    {
      const char *label = lloyd_dataset_get_label (blobs, i);

      g_assert_cmpint (data->train[i], ==, g_str_equal (label, "normal"));
      n_normal += data->train[i];
    }
  g_assert_cmpuint (n_normal, <, blobs->n_rows);
  g_assert_cmpuint (lloyd_session_data_get_train (data)->n, ==, n_normal);
  g_assert_cmpuint (data->x->n, ==, blobs->n_rows);

  lloyd_session_set_data (session, data);
  lloyd_session_set_init (session, LLOYD_INIT_FIRST);
  for (int i = 0; i < 20 && !lloyd_session_is_converged (session); i++)
    g_assert_true (lloyd_session_step (session, &error));
  g_assert_no_error (error);
  lloyd_session_set_threshold (session, &t);

  labels = lloyd_session_get_labels (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (labels);
  flags = lloyd_session_get_flags (session, &n_flagged, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (flags);
  for (gsize i = 0; i < blobs->n_rows; i++)
    {
      g_assert_cmpuint (labels[i], <, 3);
      if (data->train[i])
        g_assert_cmpint (flags[i], ==, 0);
      else
        flagged_anomalies += flags[i] != 0;
    }
  g_assert_cmpuint (flagged_anomalies, ==, n_flagged);
  g_assert_cmpuint (flagged_anomalies, >, 0);
}

static void
test_worker_handoff (void)
{
  g_autoptr(LloydSession) session = lloyd_session_new ();
  g_autoptr(LloydSessionData) data = blobs_data ();
  g_autoptr(GError) error = NULL;
  LloydKMeans *km;

  lloyd_session_set_data (session, data);
  g_assert_true (lloyd_session_ensure_model (session, &error));

  /* Taken and given back unchanged in meaning: the session follows the latest. */
  km = lloyd_session_take_model (session);
  g_assert_nonnull (km);
  g_assert_true (lloyd_session_is_busy (session));
  g_assert_null (lloyd_session_get_model (session));
  g_assert_false (lloyd_session_step (session, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_true (lloyd_kmeans_step (km, data->x, NULL, &error));
  g_assert_true (lloyd_kmeans_step (km, data->x, NULL, &error));
  lloyd_session_return_model (session, km);
  g_assert_false (lloyd_session_is_busy (session));
  g_assert_true (lloyd_session_get_model (session) == km);
  g_assert_cmpuint (lloyd_session_get_position (session), ==, 2);

  /* Taken, then k changes while it is out: its return is discarded. */
  km = lloyd_session_take_model (session);
  g_assert_cmpint (lloyd_session_set_k (session, 2) & LLOYD_RECOMPUTE_MODEL, !=, 0);
  lloyd_session_return_model (session, km);
  g_assert_false (lloyd_session_is_busy (session));
  g_assert_null (lloyd_session_get_model (session));
  g_assert_true (lloyd_session_ensure_model (session, &error));
  g_assert_cmpuint (lloyd_kmeans_get_k (lloyd_session_get_model (session)), ==, 2);
}

/* Scrubbing big data: between lloyd_session_defer_scores() and the worker's hand-in
 * the getters compute nothing; the hand-in is taken for its own position only. */
static void
test_deferred_scores (void)
{
  g_autoptr(LloydSession) session = lloyd_session_new ();
  g_autoptr(LloydSessionData) data = blobs_data ();
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *expected = NULL;
  const guint32 *labels;
  guint serial, stale;
  LloydScores *scores;
  const double *centroids;
  guint k;

  lloyd_session_set_data (session, data);
  lloyd_session_set_init (session, LLOYD_INIT_FIRST);
  for (int i = 0; i < 3; i++)
    g_assert_true (lloyd_session_step (session, &error));
  g_assert_no_error (error);
  k = lloyd_session_get_k (session);

  /* What the main thread would compute for position 2, the reference. */
  lloyd_session_seek (session, 2);
  labels = lloyd_session_get_labels (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (labels);
  expected = g_memdup2 (labels, sizeof (guint32) * data->x->n);

  /* A deferral made stale by a later seek is refused and ends by itself. */
  lloyd_session_seek (session, 1);
  stale = lloyd_session_defer_scores (session);
  g_assert_true (lloyd_session_is_deferred (session));
  g_assert_null (lloyd_session_get_labels (session, &error));
  g_assert_null (lloyd_session_get_scores (session, &error));
  g_assert_null (lloyd_session_get_projected_scores (session, &error));
  g_assert_no_error (error);
  lloyd_session_seek (session, 2);
  g_assert_false (lloyd_session_is_deferred (session));

  serial = lloyd_session_defer_scores (session);
  g_assert_cmpuint (serial, !=, stale);
  g_assert_null (lloyd_session_get_labels (session, &error));
  centroids = lloyd_session_get_centroids (session);
  scores = lloyd_scores_compute (data->x, centroids, k, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (lloyd_session_set_deferred (session, stale, NULL, NULL, NULL));
  g_assert_true (lloyd_session_is_deferred (session));
  g_assert_true (lloyd_session_set_deferred (session, serial, g_memdup2 (expected, sizeof (guint32) * data->x->n),
                                             scores, NULL));
  g_assert_false (lloyd_session_is_deferred (session));
  labels = lloyd_session_get_labels (session, &error);
  g_assert_nonnull (labels);
  g_assert_cmpmem (labels, sizeof (guint32) * data->x->n, expected, sizeof (guint32) * data->x->n);
  g_assert_true (lloyd_session_get_scores (session, &error) == scores);
  /* The projected twin was not handed in: computed on demand again. */
  g_assert_nonnull (lloyd_session_get_projected_scores (session, &error));
  g_assert_no_error (error);
}

static void
test_placed_centroids (void)
{
  g_autoptr(LloydSession) session = lloyd_session_new ();
  g_autoptr(LloydSessionData) data = blobs_data ();
  g_autoptr(GError) error = NULL;
  const double placed[4] = { -5.0, 1.0, 3.0, 2.5 };
  const double *c;

  lloyd_session_set_data (session, data);
  g_assert_cmpint (lloyd_session_set_placed (session, placed, 2) & LLOYD_RECOMPUTE_MODEL, !=, 0);
  g_assert_cmpuint (lloyd_session_get_k (session), ==, 2);
  g_assert_cmpint (lloyd_session_get_init (session), ==, LLOYD_INIT_CENTROIDS);
  g_assert_true (lloyd_session_ensure_model (session, &error));
  g_assert_no_error (error);
  c = lloyd_session_get_centroids (session);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpfloat (c[i], ==, placed[i]);

  /* A new dataset forgets centroids placed in the old one. */
  {
    g_autoptr(LloydSessionData) other = blobs_data ();

    lloyd_session_set_data (session, other);
    g_assert_cmpint (lloyd_session_get_init (session), !=, LLOYD_INIT_CENTROIDS);
  }
}

/* ---- the normal set (the digits tutorial: normal 2–9, anomalous 0–1) ---- */

static const char *const digits_2_to_9[] = { "2", "3", "4", "5", "6", "7", "8", "9", NULL };

static LloydDataset *
load_digits (void)
{
  g_autofree char *path = lloyd_test_shared_path ("data/digits.csv");
  g_autoptr(GError) error = NULL;
  LloydLoadOptions options;
  LloydDataset *digits;

  lloyd_load_options_init (&options);
  options.label_column = "digit";
  digits = lloyd_dataset_load (path, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (digits);
  g_assert_cmpint (digits->label_column, >=, 0);
  return digits;
}

static LloydSessionData *
prepare (LloydDataset      *dataset,
         const char *const *normal)
{
  g_autoptr(GError) error = NULL;
  LloydPreprocessOptions options;
  LloydSessionData *data;

  lloyd_preprocess_options_init (&options);
  data = lloyd_session_data_new (dataset, &options, normal, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

static int
digit_of (LloydDataset *digits,
          gsize         row)
{
  return atoi (lloyd_dataset_get_label (digits, row));
}

/* A set of labels picks the training rows: exactly the rows with one of them. */
static void
test_normal_training_rows (void)
{
  g_autoptr(LloydDataset) digits = load_digits ();
  g_autoptr(LloydSessionData) data = prepare (digits, digits_2_to_9);
  g_autoptr(LloydSessionData) some = NULL;
  g_autoptr(GError) error = NULL;
  LloydPreprocessOptions options;
  gsize n_train = 0;

  for (gsize i = 0; i < digits->n_rows; i++)
    {
      g_assert_cmpint (data->train[i], ==, digit_of (digits, i) >= 2);
      n_train += data->train[i];
    }
  /* digits.csv: 178 zeros and 182 ones among 1,797 rows. */
  g_assert_cmpuint (n_train, ==, 1797 - 178 - 182);
  g_assert_cmpuint (lloyd_session_data_get_train (data)->n, ==, n_train);
  g_assert_cmpuint (data->x->n, ==, digits->n_rows);
  g_assert_cmpuint (g_strv_length (data->normal_labels), ==, 8);

  /* A label the column lacks is ignored when another one exists… */
  some = prepare (digits, (const char *[]) { "7", "seven", NULL });
  n_train = 0;
  for (gsize i = 0; i < digits->n_rows; i++)
    {
      g_assert_cmpint (some->train[i], ==, digit_of (digits, i) == 7);
      n_train += some->train[i];
    }
  g_assert_cmpuint (n_train, ==, lloyd_session_data_get_train (some)->n);
  /* …and is an error naming it when none does. */
  lloyd_preprocess_options_init (&options);
  g_assert_null (lloyd_session_data_new (digits, &options, (const char *[]) { "seven", "eight", NULL }, NULL, &error));
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN);
  g_assert_nonnull (strstr (error->message, "seven, eight"));
  g_clear_error (&error);
  /* An empty set: every row, as without one. */
  g_clear_pointer (&some, lloyd_session_data_unref);
  some = prepare (digits, (const char *[]) { NULL });
  g_assert_null (some->train);
  g_assert_null (some->normal_labels);
}

/* The default set, and a set remembered per dataset while the session lives. */
static void
test_normal_default_remembered (void)
{
  g_autoptr(LloydDataset) digits = load_digits ();
  g_autoptr(LloydDataset) again = load_digits ();
  g_autoptr(LloydSessionData) data = prepare (digits, NULL);
  g_autoptr(LloydSessionData) blobs = blobs_data ();
  g_autoptr(LloydSessionData) data_again = prepare (again, NULL);
  g_autoptr(LloydSession) session = lloyd_session_new ();
  g_auto(GStrv) def = lloyd_default_normal_labels (digits);
  g_autofree gsize *counts = g_new0 (gsize, 10);
  int most = 0;

  for (gsize i = 0; i < digits->n_rows; i++)
    counts[digit_of (digits, i)]++;
  for (int j = 1; j < 10; j++)
    if (counts[j] > counts[most])
      most = j;
  /* Most frequent: digit 3 (183 rows). */
  g_assert_cmpuint (g_strv_length (def), ==, 1);
  g_assert_cmpint (atoi (def[0]), ==, most);
  g_assert_cmpint (most, ==, 3);

  g_assert_cmpuint (g_strv_length ((char **) lloyd_session_get_normal_labels (session)), ==, 0);
  lloyd_session_set_data (session, data);
  g_assert_cmpstrv (lloyd_session_get_normal_labels (session), def);

  /* Set in any order, with repeats: kept once each, in the column's order. */
  g_assert_cmpint (lloyd_session_set_normal_labels (session, (const char *[]) { "9", "2", "3", "4", "5", "6",
                                                                                  "7", "8", "2", NULL }),
                   !=, LLOYD_RECOMPUTE_NONE);
  g_assert_cmpuint (g_strv_length ((char **) lloyd_session_get_normal_labels (session)), ==, 8);
  g_assert_true (g_strv_contains (lloyd_session_get_normal_labels (session), "9"));
  g_assert_false (g_strv_contains (lloyd_session_get_normal_labels (session), "1"));

  /* Blobs has a label named normal: that is its default. */
  lloyd_session_set_data (session, blobs);
  g_assert_cmpstrv (lloyd_session_get_normal_labels (session), ((const char *[]) { "normal", NULL }));
  /* The same file loaded again (a new table of that name) gets its set back. */
  lloyd_session_set_data (session, data_again);
  g_assert_cmpuint (g_strv_length ((char **) lloyd_session_get_normal_labels (session)), ==, 8);
  g_assert_false (g_strv_contains (lloyd_session_get_normal_labels (session), "0"));
}

/* What a new set makes stale: without training on normal rows only the
 * evaluation (which rows are anomalous); with it, the data and the model too. */
static void
test_normal_recompute (void)
{
  g_autoptr(LloydDataset) digits = load_digits ();
  g_autoptr(LloydSessionData) all = prepare (digits, NULL);
  g_autoptr(LloydSessionData) trained = prepare (digits, (const char *[]) { "3", NULL });
  g_autoptr(LloydSession) session = lloyd_session_new ();
  g_autoptr(GError) error = NULL;
  LloydRecompute model_and_below = lloyd_recompute_for_control (LLOYD_CONTROL_PREPROCESS);
  const guint8 *flags, *anomalous;
  LloydKMeans *km;
  gsize n_anomalous = 0, n_flagged = 0;
  guint serial;

  g_assert_cmpint (lloyd_recompute_for_control (LLOYD_CONTROL_NORMAL_LABELS), ==,
                   LLOYD_RECOMPUTE_EVALUATION | LLOYD_RECOMPUTE_FIGURE);

  lloyd_session_set_data (session, all);
  lloyd_session_set_k (session, 10);
  lloyd_session_set_init (session, LLOYD_INIT_FIRST);
  for (int i = 0; i < 3; i++)
    g_assert_true (lloyd_session_step (session, &error));
  km = lloyd_session_get_model (session);
  flags = lloyd_session_get_flags (session, &n_flagged, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (flags);
  anomalous = lloyd_session_get_anomalous (session, &n_anomalous);
  g_assert_nonnull (anomalous);
  g_assert_cmpuint (n_anomalous, ==, 1797 - 183);  /* not a 3 */
  serial = lloyd_session_get_normal_serial (session);

  g_assert_cmpint (lloyd_session_set_normal_labels (session, digits_2_to_9), ==,
                   LLOYD_RECOMPUTE_EVALUATION | LLOYD_RECOMPUTE_FIGURE);
  g_assert_cmpuint (lloyd_session_get_normal_serial (session), !=, serial);
  /* The model, its scores and the flags stay: only who is anomalous changed. */
  g_assert_true (lloyd_session_get_model (session) == km);
  g_assert_true (lloyd_session_get_flags (session, NULL, NULL, NULL) == flags);
  anomalous = lloyd_session_get_anomalous (session, &n_anomalous);
  g_assert_cmpuint (n_anomalous, ==, 178 + 182);
  for (gsize i = 0; i < digits->n_rows; i++)
    g_assert_cmpint (anomalous[i], ==, digit_of (digits, i) < 2);
  /* The same set again, in another order: nothing. */
  g_assert_cmpint (lloyd_session_set_normal_labels (session, (const char *[]) { "9", "8", "7", "6", "5", "4",
                                                                                  "3", "2", NULL }),
                   ==, LLOYD_RECOMPUTE_NONE);
  /* Labels the column lacks count for nothing; an empty set makes every row anomalous. */
  g_assert_cmpint (lloyd_session_set_normal_labels (session, (const char *[]) { "ten", NULL }), !=,
                   LLOYD_RECOMPUTE_NONE);
  g_assert_nonnull (lloyd_session_get_anomalous (session, &n_anomalous));
  g_assert_cmpuint (n_anomalous, ==, 1797);

  /* Trained on the rows labelled 3: a new set means new training rows, so the
   * data is prepared again and the model refitted (the caller does both). */
  lloyd_session_set_data (session, trained);
  g_assert_true (lloyd_session_ensure_model (session, &error));
  g_assert_cmpint (lloyd_session_set_normal_labels (session, digits_2_to_9), ==,
                   model_and_below | LLOYD_RECOMPUTE_EVALUATION);
  g_assert_nonnull (lloyd_session_get_model (session));
}

static void
test_format_label_set (void)
{
  g_autofree char *none = lloyd_format_label_set ((const char *[]) { NULL }, 3);
  g_autofree char *two = lloyd_format_label_set ((const char *[]) { "2", "3", NULL }, 3);
  g_autofree char *many = lloyd_format_label_set (digits_2_to_9, 3);

  g_assert_cmpstr (none, ==, "none");
  g_assert_cmpstr (two, ==, "2, 3");
  g_assert_cmpstr (many, ==, "2, 3, 4 and 5 more");
}

/* The status line reads as words: why k-means stopped, never a token like
 * "unchanged" or "max-iter"; a run cut short by the limit is not "converged". */
static void
test_describe_stop (void)
{
  g_autoptr(LloydSession) session = lloyd_session_new ();
  g_autoptr(LloydSessionData) data = blobs_data ();
  g_autoptr(GError) error = NULL;
  g_autofree char *converged = NULL;
  g_autofree char *limited = NULL;

  lloyd_session_set_data (session, data);
  lloyd_session_set_init (session, LLOYD_INIT_FIRST);
  for (int i = 0; i < 50 && !lloyd_session_is_converged (session); i++)
    g_assert_true (lloyd_session_step (session, &error));
  g_assert_no_error (error);
  g_assert_true (lloyd_session_is_converged (session));
  converged = lloyd_session_describe (session);
  g_assert_nonnull (strstr (converged, " · converged ("));
  g_assert_null (strstr (converged, "(unchanged)"));
  g_assert_null (strstr (converged, "(tolerance)"));

  lloyd_session_set_max_iter (session, 1);
  lloyd_session_reset (session);
  g_assert_true (lloyd_session_step (session, &error));
  g_assert_no_error (error);
  g_assert_false (lloyd_session_is_converged (session));
  limited = lloyd_session_describe (session);
  g_assert_nonnull (strstr (limited, "stopped at the iteration limit, not converged"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/recompute/table", test_recompute_table);
  g_test_add_func ("/session/setters/unchanged", test_setters_unchanged);
  g_test_add_func ("/session/no-data", test_no_data);
  g_test_add_func ("/session/describe/stop-reason", test_describe_stop);
  g_test_add_func ("/session/data/projection", test_projection);
  g_test_add_func ("/session/history/seek", test_history);
  g_test_add_func ("/session/model/reset-same-seed", test_reset_same_seed);
  g_test_add_func ("/session/model/worker-handoff", test_worker_handoff);
  g_test_add_func ("/session/threshold/flags-only", test_threshold);
  g_test_add_func ("/session/threshold/train-on-normal", test_train_on_normal);
  g_test_add_func ("/session/normal/training-rows", test_normal_training_rows);
  g_test_add_func ("/session/normal/default-remembered", test_normal_default_remembered);
  g_test_add_func ("/session/normal/recompute", test_normal_recompute);
  g_test_add_func ("/session/normal/format", test_format_label_set);
  g_test_add_func ("/session/model/placed-centroids", test_placed_centroids);
  g_test_add_func ("/session/history/deferred-scores", test_deferred_scores);

  return g_test_run ();
}
