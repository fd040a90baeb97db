/* test-kmeans.c — the k-means model: known answers on iris, half-steps and
 * history, empty clusters, ties, degenerate k, thread determinism, cancellation. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "distance.h"
#include "kmeans.h"
#include "rng.h"
#include "test-iris.h"
#include "test-util.h"

static LloydMatrix *
matrix_from (const double *values,
             gsize         n,
             gsize         d)
{
  LloydMatrix *x = lloyd_matrix_new (n, d, NULL);

  memcpy (x->data, values, n * d * sizeof (double));
  return x;
}

/* Gaussian blobs: @k centres on a line, 1-unit spread. */
static LloydMatrix *
blobs (gsize   n,
       gsize   d,
       guint   k,
       guint64 seed)
{
  LloydRng rng;
  LloydMatrix *x = lloyd_matrix_new (n, d, NULL);

  lloyd_rng_init (&rng, seed);
  for (gsize i = 0; i < n; i++)
    {
      guint c = (guint) lloyd_rng_below (&rng, k);

      for (gsize j = 0; j < d; j++)
        lloyd_matrix_row (x, i)[j] = 6.0 * c * (j % 2 ? 1.0 : -0.5) + lloyd_rng_normal (&rng);
    }
  return x;
}

static void
assert_centroids (const double *got,
                  JsonArray    *want,
                  gsize         d,
                  double        tol)
{
  for (guint c = 0; c < json_array_get_length (want); c++)
    {
      JsonArray *row = json_array_get_array_element (want, c);

      for (gsize j = 0; j < d; j++)
        g_assert_cmpfloat_with_epsilon (got[c * d + j], json_array_get_double_element (row, j), tol);
    }
}

static void
test_iris_first3 (void)
{
  g_autoptr(JsonNode) ref = lloyd_test_load_reference ("iris_lloyd_first3.json");
  g_autoptr(LloydMatrix) x = NULL;
  g_autoptr(LloydKMeans) km = lloyd_kmeans_new (3);
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *past = NULL;
  JsonObject *obj;
  JsonArray *iterations, *labels;
  gsize rows[] = { 0, 1, 2 };

  if (ref == NULL || (x = lloyd_test_iris (NULL)) == NULL)
    return;
  obj = json_node_get_object (ref);
  iterations = json_object_get_array_member (obj, "iterations");

  lloyd_kmeans_set_init_rows (km, rows, 3);
  lloyd_kmeans_set_tol (km, 0.0);
  g_assert_true (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (lloyd_kmeans_get_n_iterations (km), ==, json_array_get_length (iterations));
  g_assert_cmpuint (lloyd_kmeans_get_n_iterations (km), ==,
                    json_object_get_int_member (obj, "sklearn_n_iter"));
  g_assert_cmpint (lloyd_kmeans_get_stop_reason (km), ==, LLOYD_STOP_UNCHANGED);
  g_assert_true (lloyd_kmeans_is_converged (km));
  for (guint i = 0; i < json_array_get_length (iterations); i++)
    {
      JsonObject *want = json_array_get_object_element (iterations, i);
      const LloydIteration *it = lloyd_kmeans_get_iteration (km, i + 1);
      JsonNode *moved = json_object_get_member (want, "points_changed_cluster");

      g_assert_cmpuint (it->iteration, ==, json_object_get_int_member (want, "iteration"));
      lloyd_assert_cmpfloat_rel (it->inertia, json_object_get_double_member (want, "inertia_after_assignment"), 1e-9);
      assert_centroids (it->centroids, json_object_get_array_member (want, "centroids_after_update"), 4, 1e-9);
      if (!JSON_NODE_HOLDS_NULL (moved))
        g_assert_cmpuint (it->moved, ==, json_node_get_int (moved));
      if (json_object_has_member (want, "total_centroid_shift"))
        g_assert_cmpfloat_with_epsilon (it->shift, json_object_get_double_member (want, "total_centroid_shift"), 1e-9);
    }
  assert_centroids (lloyd_kmeans_get_centroids (km), json_object_get_array_member (obj, "final_centroids"), 4, 1e-9);
  lloyd_assert_cmpfloat_rel (lloyd_kmeans_get_inertia (km), json_object_get_double_member (obj, "final_inertia"), 1e-9);

  labels = json_object_get_array_member (obj, "final_labels");
  g_assert_cmpuint (json_array_get_length (labels), ==, x->n);
  for (gsize i = 0; i < x->n; i++)
    g_assert_cmpuint (lloyd_kmeans_get_labels (km)[i], ==, json_array_get_int_element (labels, i));

  /* History: the labels of the last iteration, recomputed, are the final ones;
   * those of iteration 2 differ from iteration 1's in exactly `moved` points. */
  past = g_new (guint32, x->n);
  g_assert_true (lloyd_kmeans_labels_at (km, x, lloyd_kmeans_get_n_iterations (km), past, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (past, x->n * sizeof (guint32), lloyd_kmeans_get_labels (km), x->n * sizeof (guint32));
  {
    g_autofree guint32 *first = g_new (guint32, x->n);
    gsize changed = 0;

    g_assert_true (lloyd_kmeans_labels_at (km, x, 1, first, NULL));
    g_assert_true (lloyd_kmeans_labels_at (km, x, 2, past, NULL));
    for (gsize i = 0; i < x->n; i++)
      changed += first[i] != past[i];
    g_assert_cmpuint (changed, ==, lloyd_kmeans_get_iteration (km, 2)->moved);
  }
  g_assert_false (lloyd_kmeans_labels_at (km, x, 99, past, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID);
}

static void
test_half_steps (void)
{
  g_autoptr(LloydMatrix) x = blobs (300, 2, 3, 7);
  g_autoptr(LloydKMeans) km = lloyd_kmeans_new (3);
  g_autoptr(LloydKMeans) whole = lloyd_kmeans_new (3);
  g_autoptr(GError) error = NULL;

  g_assert_false (lloyd_kmeans_assign (km, x, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_STATE);
  g_clear_error (&error);

  lloyd_kmeans_set_seed (km, 11);
  g_assert_true (lloyd_kmeans_initialize (km, x, NULL, &error));
  g_assert_cmpint (lloyd_kmeans_get_half_step (km), ==, LLOYD_HALF_STEP_NONE);
  g_assert_null (lloyd_kmeans_get_labels (km));
  g_assert_false (lloyd_kmeans_update (km, x, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_STATE);
  g_clear_error (&error);

  g_assert_true (lloyd_kmeans_assign (km, x, NULL, &error));
  g_assert_cmpint (lloyd_kmeans_get_half_step (km), ==, LLOYD_HALF_STEP_ASSIGN);
  g_assert_nonnull (lloyd_kmeans_get_labels (km));
  g_assert_cmpuint (lloyd_kmeans_get_n_iterations (km), ==, 1);
  g_assert_cmpuint (lloyd_kmeans_get_iteration (km, 1)->moved, ==, x->n);
  g_assert_false (lloyd_kmeans_assign (km, x, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_STATE);
  g_clear_error (&error);
  g_assert_true (lloyd_kmeans_update (km, x, NULL, &error));
  g_assert_cmpint (lloyd_kmeans_get_half_step (km), ==, LLOYD_HALF_STEP_UPDATE);

  while (lloyd_kmeans_get_stop_reason (km) == LLOYD_STOP_NONE)
    g_assert_true (lloyd_kmeans_step (km, x, NULL, &error));
  g_assert_no_error (error);

  /* Stepping by hand and fit() from the same seed agree exactly. */
  lloyd_kmeans_set_seed (whole, 11);
  g_assert_true (lloyd_kmeans_fit (whole, x, NULL, NULL, NULL, &error));
  g_assert_cmpuint (lloyd_kmeans_get_n_iterations (whole), ==, lloyd_kmeans_get_n_iterations (km));
  g_assert_cmpmem (lloyd_kmeans_get_centroids (whole), 6 * sizeof (double),
                   lloyd_kmeans_get_centroids (km), 6 * sizeof (double));

  /* A wrong-sized matrix is refused. */
  {
    g_autoptr(LloydMatrix) other = blobs (10, 2, 2, 1);

    g_assert_false (lloyd_kmeans_assign (km, other, NULL, &error));
    g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID);
  }
}

/* fit() (Hamerly's bounds) against plain half-steps: every iteration's
 * centroids and moved count, and the final labels, bit for bit. */
static void
assert_fit_equals_steps (const LloydMatrix *x,
                         guint              k,
                         guint64            seed)
{
  g_autoptr(LloydKMeans) fast = lloyd_kmeans_new (k);
  g_autoptr(LloydKMeans) plain = lloyd_kmeans_new (k);
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *labels = g_new (guint32, x->n);
  guint n_iter;

  for (guint m = 0; m < 2; m++)
    {
      LloydKMeans *km = m == 0 ? fast : plain;

      lloyd_kmeans_set_seed (km, seed);
      lloyd_kmeans_set_init (km, LLOYD_INIT_RANDOM);
      lloyd_kmeans_set_tol (km, 0.0);
      lloyd_kmeans_set_max_iter (km, 200);
    }
  g_assert_true (lloyd_kmeans_fit (fast, x, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lloyd_kmeans_initialize (plain, x, NULL, &error));
  while (lloyd_kmeans_get_stop_reason (plain) == LLOYD_STOP_NONE)
    g_assert_true (lloyd_kmeans_step (plain, x, NULL, &error));

  n_iter = lloyd_kmeans_get_n_iterations (plain);
  g_assert_cmpuint (lloyd_kmeans_get_n_iterations (fast), ==, n_iter);
  g_assert_cmpuint (n_iter, >, 5);
  for (guint i = 0; i <= n_iter; i++)
    {
      const LloydIteration *a = lloyd_kmeans_get_iteration (fast, i);
      const LloydIteration *b = lloyd_kmeans_get_iteration (plain, i);

      g_assert_cmpmem (a->centroids, k * x->d * sizeof (double), b->centroids, k * x->d * sizeof (double));
      g_assert_cmpuint (a->moved, ==, b->moved);
      g_assert_cmpuint (a->events->len, ==, b->events->len);
      if (i > 0)
        lloyd_assert_cmpfloat_rel (a->inertia, b->inertia, 1e-12);
    }
  g_assert_true (lloyd_nearest_centroids (x, lloyd_kmeans_get_centroids (plain), k, labels, NULL, 1, NULL, NULL));
  g_assert_cmpmem (lloyd_kmeans_get_labels (fast), x->n * sizeof (guint32), labels, x->n * sizeof (guint32));
}

static void
test_hamerly_exact (void)
{
  /* Overlapping blobs: many points change late, so bounds are both used and
   * broken. And iris from a random start. */
  g_autoptr(LloydMatrix) x = blobs (20000, 3, 12, 17);
  g_autoptr(LloydMatrix) iris = lloyd_test_iris (NULL);

  for (guint64 seed = 1; seed <= 3; seed++)
    assert_fit_equals_steps (x, 12, seed);
  if (iris != NULL)
    assert_fit_equals_steps (iris, 5, 2);
}

static void
test_empty_cluster (void)
{
  /* Centroid 2 at 100 attracts nobody: it takes the point farthest from it
   * (row 0, at 0) and its own member count becomes one; no NaN. */
  const double xs[] = { 0.0, 1.0, 10.0, 11.0 };
  const double cs[] = { 0.5, 10.5, 100.0 };
  g_autoptr(LloydMatrix) x = matrix_from (xs, 4, 1);
  g_autoptr(LloydKMeans) km = lloyd_kmeans_new (3);
  g_autoptr(GError) error = NULL;
  const LloydIteration *it;
  const LloydEvent *ev;

  lloyd_kmeans_set_init_centroids (km, cs, 3, 1);
  g_assert_true (lloyd_kmeans_initialize (km, x, NULL, &error));
  g_assert_true (lloyd_kmeans_step (km, x, NULL, &error));
  g_assert_no_error (error);
  it = lloyd_kmeans_get_iteration (km, 1);
  g_assert_cmpuint (it->events->len, >=, 1);
  ev = &g_array_index (it->events, LloydEvent, 0);
  g_assert_cmpint (ev->kind, ==, LLOYD_EVENT_EMPTY_CLUSTER);
  g_assert_cmpuint (ev->cluster, ==, 2);
  g_assert_cmpuint (ev->row, ==, 0);
  g_assert_cmpfloat (lloyd_kmeans_get_centroids (km)[0], ==, 1.0);
  g_assert_cmpfloat (lloyd_kmeans_get_centroids (km)[1], ==, 10.5);
  g_assert_cmpfloat (lloyd_kmeans_get_centroids (km)[2], ==, 0.0);
  g_assert_cmpuint (lloyd_kmeans_get_labels (km)[0], ==, 2);
  g_assert_cmpfloat_with_epsilon (it->shifts[2], 100.0, 1e-9);

  g_assert_true (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
  for (guint j = 0; j < 3; j++)
    g_assert_true (isfinite (lloyd_kmeans_get_centroids (km)[j]));
}

static void
test_empty_cluster_duplicates (void)
{
  /* Identical points share a label: the empty cluster takes all three zeros
   * (row 0 is reported), whose cluster keeps the point at 1. */
  const double xs[] = { 0.0, 0.0, 1.0, 0.0, 10.0, 11.0 };
  const double cs[] = { 0.5, 10.5, 100.0 };
  g_autoptr(LloydMatrix) x = matrix_from (xs, 6, 1);
  g_autoptr(LloydKMeans) km = lloyd_kmeans_new (3);
  const LloydIteration *it;
  const guint32 *labels;

  lloyd_kmeans_set_init_centroids (km, cs, 3, 1);
  g_assert_true (lloyd_kmeans_initialize (km, x, NULL, NULL));
  g_assert_true (lloyd_kmeans_step (km, x, NULL, NULL));
  it = lloyd_kmeans_get_iteration (km, 1);
  g_assert_cmpuint (it->events->len, ==, 1);
  g_assert_cmpuint (g_array_index (it->events, LloydEvent, 0).row, ==, 0);
  labels = lloyd_kmeans_get_labels (km);
  g_assert_cmpuint (labels[0], ==, 2);
  g_assert_cmpuint (labels[1], ==, 2);
  g_assert_cmpuint (labels[3], ==, 2);
  g_assert_cmpuint (labels[2], ==, 0);
  g_assert_cmpfloat (lloyd_kmeans_get_centroids (km)[0], ==, 1.0);
  g_assert_cmpfloat (lloyd_kmeans_get_centroids (km)[2], ==, 0.0);
}

static void
test_duplicates (void)
{
  /* Every row three times: identical rows always share a label, the inertia
   * is three times that of the distinct rows from the same start, and the
   * bounds-based fit still equals plain steps. */
  g_autoptr(LloydMatrix) base = blobs (3000, 4, 5, 31);
  g_autoptr(LloydMatrix) x = lloyd_matrix_new (9000, 4, NULL);
  g_autoptr(LloydKMeans) a = lloyd_kmeans_new (5);
  g_autoptr(LloydKMeans) b = lloyd_kmeans_new (5);
  gsize rows[5] = { 0, 1, 2, 3, 4 };
  const guint32 *la, *lb;

  for (gsize i = 0; i < 9000; i++)
    memcpy (lloyd_matrix_row (x, i), lloyd_matrix_row (base, (i * 7) % 3000), 4 * sizeof (double));
  lloyd_kmeans_set_init_rows (a, rows, 5);
  lloyd_kmeans_set_tol (a, 0.0);
  g_assert_true (lloyd_kmeans_fit (a, x, NULL, NULL, NULL, NULL));
  {
    gsize brows[5];

    for (guint c = 0; c < 5; c++)
      brows[c] = (rows[c] * 7) % 3000;
    lloyd_kmeans_set_init_rows (b, brows, 5);
  }
  lloyd_kmeans_set_tol (b, 0.0);
  g_assert_true (lloyd_kmeans_fit (b, base, NULL, NULL, NULL, NULL));
  g_assert_cmpuint (lloyd_kmeans_get_n_iterations (a), ==, lloyd_kmeans_get_n_iterations (b));
  lloyd_assert_cmpfloat_rel (lloyd_kmeans_get_inertia (a), 3.0 * lloyd_kmeans_get_inertia (b), 1e-12);
  la = lloyd_kmeans_get_labels (a);
  lb = lloyd_kmeans_get_labels (b);
  for (gsize i = 0; i < 9000; i++)
    g_assert_cmpuint (la[i], ==, lb[(i * 7) % 3000]);
  for (guint c = 0; c < 20; c++)
    g_assert_cmpfloat_with_epsilon (lloyd_kmeans_get_centroids (a)[c], lloyd_kmeans_get_centroids (b)[c], 1e-12);
  assert_fit_equals_steps (x, 7, 4);
}

static void
test_empty_every_iteration (void)
{
  /* A centroid far from everything and repeated points: whatever empties is
   * repaired each time, the run ends within max_iter and nothing is NaN. */
  const double xs[] = { 0.0, 0.0, 0.0, 1.0, 1.0, 50.0, 52.0 };
  const double cs[] = { 0.0, 1.0, 50.0, 1000.0 };
  g_autoptr(LloydMatrix) x = matrix_from (xs, 7, 1);
  g_autoptr(LloydKMeans) km = lloyd_kmeans_new (4);
  g_autoptr(GError) error = NULL;
  guint empties = 0;

  lloyd_kmeans_set_init_centroids (km, cs, 4, 1);
  lloyd_kmeans_set_max_iter (km, 20);
  lloyd_kmeans_set_tol (km, 0.0);
  g_assert_true (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lloyd_kmeans_get_n_iterations (km), <=, 20);
  for (guint i = 1; i <= lloyd_kmeans_get_n_iterations (km); i++)
    empties += lloyd_kmeans_get_iteration (km, i)->events->len;
  g_assert_cmpuint (empties, >=, 1);
  for (guint j = 0; j < 4; j++)
    g_assert_true (isfinite (lloyd_kmeans_get_centroids (km)[j]));
  g_assert_true (isfinite (lloyd_kmeans_get_inertia (km)));
}

static void
test_ties (void)
{
  /* Point 2 (at 0) is equally far from both centroids: it joins cluster 0. */
  const double xs[] = { -1.0, 1.0, 0.0 };
  const double cs[] = { -1.0, 1.0 };
  g_autoptr(LloydMatrix) x = matrix_from (xs, 3, 1);
  g_autoptr(LloydKMeans) km = lloyd_kmeans_new (2);

  lloyd_kmeans_set_init_centroids (km, cs, 2, 1);
  g_assert_true (lloyd_kmeans_initialize (km, x, NULL, NULL));
  g_assert_true (lloyd_kmeans_assign (km, x, NULL, NULL));
  g_assert_cmpuint (lloyd_kmeans_get_labels (km)[0], ==, 0);
  g_assert_cmpuint (lloyd_kmeans_get_labels (km)[1], ==, 1);
  g_assert_cmpuint (lloyd_kmeans_get_labels (km)[2], ==, 0);
  g_assert_cmpfloat (lloyd_kmeans_get_iteration (km, 1)->inertia, ==, 1.0);
}

static void
test_k_one_and_n (void)
{
  g_autoptr(LloydMatrix) x = blobs (50, 3, 2, 3);
  g_autoptr(LloydKMeans) one = lloyd_kmeans_new (1);
  g_autoptr(LloydKMeans) all = lloyd_kmeans_new (50);
  double mean[3] = { 0 }, ss = 0.0;

  for (gsize i = 0; i < 50; i++)
    for (gsize j = 0; j < 3; j++)
      mean[j] += lloyd_matrix_row (x, i)[j] / 50.0;
  for (gsize i = 0; i < 50; i++)
    ss += lloyd_squared_distance (lloyd_matrix_row (x, i), mean, 3);

  g_assert_true (lloyd_kmeans_fit (one, x, NULL, NULL, NULL, NULL));
  for (gsize j = 0; j < 3; j++)
    g_assert_cmpfloat_with_epsilon (lloyd_kmeans_get_centroids (one)[j], mean[j], 1e-12);
  lloyd_assert_cmpfloat_rel (lloyd_kmeans_get_inertia (one), ss, 1e-12);
  g_assert_true (lloyd_kmeans_is_converged (one));

  lloyd_kmeans_set_init (all, LLOYD_INIT_RANDOM);
  g_assert_true (lloyd_kmeans_fit (all, x, NULL, NULL, NULL, NULL));
  g_assert_cmpfloat (lloyd_kmeans_get_inertia (all), <, 1e-20);
}

static void
test_degenerate (void)
{
  const double dup[] = { 1.0, 1.0, 1.0, 2.0, 2.0, 3.0 };
  const double bad[] = { 1.0, NAN, 2.0, 3.0 };
  const double inf[] = { 1.0, 2.0, INFINITY, 3.0 };
  g_autoptr(LloydMatrix) x = matrix_from (dup, 6, 1);
  g_autoptr(LloydMatrix) xnan = matrix_from (bad, 4, 1);
  g_autoptr(LloydMatrix) xinf = matrix_from (inf, 2, 2);
  g_autoptr(LloydMatrix) one = matrix_from (dup, 1, 1);
  LloydMatrix empty_cols = { 5, 0, (double *) dup };
  g_autoptr(LloydKMeans) km = lloyd_kmeans_new (0);
  g_autoptr(GError) error = NULL;

  /* k = 0 */
  g_assert_false (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID);
  g_clear_error (&error);
  /* k > n */
  lloyd_kmeans_set_k (km, 7);
  g_assert_false (lloyd_kmeans_initialize (km, x, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID);
  g_clear_error (&error);
  /* k > distinct points (3), for every initialization */
  lloyd_kmeans_set_k (km, 4);
  for (LloydInit init = LLOYD_INIT_RANDOM; init <= LLOYD_INIT_AVERAGE; init++)
    {
      if (init == LLOYD_INIT_ROWS || init == LLOYD_INIT_CENTROIDS)
        continue;
      lloyd_kmeans_set_init (km, init);
      g_assert_false (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
      g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_DISTINCT);
      g_assert_nonnull (strstr (error->message, "3 distinct"));
      g_clear_error (&error);
    }
  /* k = distinct points works and finds them exactly */
  lloyd_kmeans_set_k (km, 3);
  lloyd_kmeans_set_init (km, LLOYD_INIT_KMEANSPP);
  g_assert_true (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
  g_assert_cmpfloat (lloyd_kmeans_get_inertia (km), ==, 0.0);
  /* NaN and infinity never reach the engine */
  g_assert_false (lloyd_kmeans_fit (km, xnan, NULL, NULL, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_NONFINITE);
  g_assert_nonnull (strstr (error->message, "Row 2, column 1"));
  g_clear_error (&error);
  lloyd_kmeans_set_k (km, 1);
  g_assert_false (lloyd_kmeans_initialize (km, xinf, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_NONFINITE);
  g_clear_error (&error);
  /* d = 0 */
  g_assert_false (lloyd_kmeans_fit (km, &empty_cols, NULL, NULL, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID);
  g_clear_error (&error);
  /* n = 1, k = 1 */
  g_assert_true (lloyd_kmeans_fit (km, one, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (lloyd_kmeans_get_centroids (km)[0], ==, 1.0);
  g_assert_cmpfloat (lloyd_kmeans_get_inertia (km), ==, 0.0);
}

static void
test_threads (void)
{
  g_autoptr(LloydMatrix) x = blobs (30000, 5, 6, 21);
  g_autoptr(LloydKMeans) a = lloyd_kmeans_new (6);
  g_autoptr(LloydKMeans) b = lloyd_kmeans_new (6);
  double ia, ib;

  for (guint t = 0; t < 2; t++)
    {
      LloydKMeans *km = t == 0 ? a : b;

      lloyd_kmeans_set_seed (km, 5);
      lloyd_kmeans_set_init (km, LLOYD_INIT_KMEANS_PARALLEL);
      lloyd_kmeans_set_n_init (km, 2);
      lloyd_kmeans_set_tol (km, 0.0);
      lloyd_kmeans_set_n_threads (km, t + 1);
      g_assert_true (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, NULL));
    }
  g_assert_cmpuint (lloyd_kmeans_get_n_iterations (a), ==, lloyd_kmeans_get_n_iterations (b));
  g_assert_cmpmem (lloyd_kmeans_get_centroids (a), 30 * sizeof (double),
                   lloyd_kmeans_get_centroids (b), 30 * sizeof (double));
  g_assert_cmpmem (lloyd_kmeans_get_labels (a), x->n * sizeof (guint32),
                   lloyd_kmeans_get_labels (b), x->n * sizeof (guint32));
  ia = lloyd_kmeans_get_inertia (a);
  ib = lloyd_kmeans_get_inertia (b);
  g_assert_true (memcmp (&ia, &ib, sizeof ia) == 0);
  for (guint i = 1; i <= lloyd_kmeans_get_n_iterations (a); i++)
    {
      ia = lloyd_kmeans_get_iteration (a, i)->inertia;
      ib = lloyd_kmeans_get_iteration (b, i)->inertia;
      g_assert_true (memcmp (&ia, &ib, sizeof ia) == 0);
    }
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
  guint         cancel_at;
} CancelData;

static void
cancel_progress (double      fraction,
                 const char *what,
                 gpointer    user_data)
{
  CancelData *data = user_data;

  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  if (++data->calls == data->cancel_at)
    g_cancellable_cancel (data->cancellable);
}

static void
test_cancel (void)
{
  g_autoptr(LloydMatrix) x = blobs (20000, 4, 8, 9);
  g_autoptr(LloydKMeans) km = lloyd_kmeans_new (8);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelData data = { cancellable, 0, 1 };
  guint reference_iters;
  g_autofree double *reference = NULL;

  lloyd_kmeans_set_seed (km, 1);
  lloyd_kmeans_set_tol (km, 0.0);
  lloyd_kmeans_set_n_init (km, 3);
  g_assert_true (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
  reference_iters = lloyd_kmeans_get_n_iterations (km);
  reference = g_memdup2 (lloyd_kmeans_get_centroids (km), 32 * sizeof (double));

  /* Cancelled from the first progress report, then at several later moments:
   * each time FALSE + CANCELLED, a consistent model, and a later fit that gives
   * exactly the uncancelled answer. */
  for (guint at = 1; at <= 3; at++)
    {
      data.calls = 0;
      data.cancel_at = at;
      g_cancellable_reset (cancellable);
      g_assert_false (lloyd_kmeans_fit (km, x, cancel_progress, &data, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      g_assert_cmpint (lloyd_kmeans_get_stop_reason (km), ==, LLOYD_STOP_CANCELLED);
      g_assert_nonnull (lloyd_kmeans_get_centroids (km));
      g_assert_cmpuint (lloyd_kmeans_get_iteration (km, lloyd_kmeans_get_n_iterations (km))->iteration, ==,
                        lloyd_kmeans_get_n_iterations (km));

      g_assert_true (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (lloyd_kmeans_get_n_iterations (km), ==, reference_iters);
      g_assert_cmpmem (lloyd_kmeans_get_centroids (km), 32 * sizeof (double), reference, 32 * sizeof (double));
    }

  /* Already cancelled: returns at once. */
  g_assert_false (lloyd_kmeans_fit (km, x, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_strings (void)
{
  LloydInit init;

  for (LloydInit i = LLOYD_INIT_RANDOM; i <= LLOYD_INIT_AVERAGE; i++)
    {
      g_assert_true (lloyd_init_from_string (lloyd_init_to_string (i), &init));
      g_assert_cmpint (init, ==, i);
    }
  g_assert_false (lloyd_init_from_string ("bogus", &init));
  g_assert_cmpstr (lloyd_stop_reason_to_string (LLOYD_STOP_TOLERANCE), ==, "tolerance");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kmeans/iris/first3", test_iris_first3);
  g_test_add_func ("/kmeans/half-steps", test_half_steps);
  g_test_add_func ("/kmeans/hamerly/exact", test_hamerly_exact);
  g_test_add_func ("/kmeans/empty-cluster/repair", test_empty_cluster);
  g_test_add_func ("/kmeans/empty-cluster/every-iteration", test_empty_every_iteration);
  g_test_add_func ("/kmeans/empty-cluster/duplicates", test_empty_cluster_duplicates);
  g_test_add_func ("/kmeans/duplicates", test_duplicates);
  g_test_add_func ("/kmeans/ties", test_ties);
  g_test_add_func ("/kmeans/degenerate/k-one-and-n", test_k_one_and_n);
  g_test_add_func ("/kmeans/degenerate/errors", test_degenerate);
  g_test_add_func ("/kmeans/threads", test_threads);
  g_test_add_func ("/kmeans/cancel", test_cancel);
  g_test_add_func ("/kmeans/strings", test_strings);
  return g_test_run ();
}
