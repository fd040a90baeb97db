/* test-distance.c — the nearest-centroid kernel against a direct computation,
 * its tie rule, thread determinism and cancellation. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "distance.h"
#include "rng.h"
#include "test-util.h"

static LloydMatrix *
random_matrix (gsize   n,
               gsize   d,
               guint64 seed)
{
  LloydRng rng;
  LloydMatrix *m = lloyd_matrix_new (n, d, NULL);

  lloyd_rng_init (&rng, seed);
  for (gsize i = 0; i < n * d; i++)
    m->data[i] = lloyd_rng_normal (&rng) * 3.0 + 1.0;
  return m;
}

static void
check_brute_force (gsize n,
                   gsize d,
                   guint k)
{
  g_autoptr(LloydMatrix) x = random_matrix (n, d, 1 + n + 100 * d);
  g_autoptr(LloydMatrix) c = random_matrix (k, d, 2 + k);
  g_autofree guint32 *labels = g_new (guint32, n);
  g_autofree double *dist2 = g_new (double, n);
  g_autoptr(GError) error = NULL;

  g_assert_true (lloyd_nearest_centroids (x, c->data, k, labels, dist2, 2, NULL, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    {
      double best = G_MAXDOUBLE;
      guint best_j = 0;

      for (guint j = 0; j < k; j++)
        {
          double v = lloyd_squared_distance (lloyd_matrix_row (x, i), lloyd_matrix_row (c, j), d);
          if (v < best)
            {
              best = v;
              best_j = j;
            }
        }
      g_assert_cmpuint (labels[i], ==, best_j);
      g_assert_cmpfloat_with_epsilon (dist2[i], best, 1e-9 * MAX (1.0, best));
    }
}

static void
test_distance_brute_force (void)
{
  check_brute_force (3001, 7, 13);
}

/* The register-tiled kernel works on 3 rows × 4 centroids × 4 coordinates:
 * every remainder of each, and depths past the tiles' limit (dgemm again). */
static void
test_distance_shapes (void)
{
  const gsize ns[] = { 1, 2, 3, 10 };
  const gsize ds[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 17, 118, 300 };
  const guint ks[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 23, 64, 65 };

  for (gsize a = 0; a < G_N_ELEMENTS (ns); a++)
    for (gsize b = 0; b < G_N_ELEMENTS (ds); b++)
      for (gsize e = 0; e < G_N_ELEMENTS (ks); e++)
        check_brute_force (ns[a], ds[b], ks[e]);
}

/* The batched direct distances are the single ones, bit for bit. */
static void
test_distance_batched (void)
{
  const gsize ds[] = { 1, 3, 4, 5, 8, 17, 118 };

  for (gsize b = 0; b < G_N_ELEMENTS (ds); b++)
    for (guint k = 1; k <= 9; k++)
      {
        g_autoptr(LloydMatrix) x = random_matrix (1, ds[b], 5 + k);
        g_autoptr(LloydMatrix) c = random_matrix (k, ds[b], 50 + k);
        double out[9];

        _lloyd_squared_distances (x->data, c->data, k, ds[b], out);
        for (guint j = 0; j < k; j++)
          g_assert_cmpfloat (out[j], ==, lloyd_squared_distance (x->data, lloyd_matrix_row (c, j), ds[b]));
      }
}

static void
test_distance_ties (void)
{
  /* Point 0 is equidistant from all three centroids; point 1 from centroids 1
   * and 2 (which are identical). Ties go to the lowest index. */
  double xs[] = { 0.0, 0.0,   0.0, 5.0 };
  double cs[] = { 1.0, 0.0,   0.0, 1.0,   0.0, 1.0 };
  LloydMatrix x = { 2, 2, xs };
  guint32 labels[2];
  double dist2[2];

  g_assert_true (lloyd_nearest_centroids (&x, cs, 3, labels, dist2, 1, NULL, NULL));
  g_assert_cmpuint (labels[0], ==, 0);
  g_assert_cmpuint (labels[1], ==, 1);
  g_assert_cmpfloat (dist2[0], ==, 1.0);
  g_assert_cmpfloat (dist2[1], ==, 16.0);
}

static void
test_distance_threads (void)
{
  const gsize n = 20000, d = 11;
  const guint k = 9;
  g_autoptr(LloydMatrix) x = random_matrix (n, d, 3);
  g_autoptr(LloydMatrix) c = random_matrix (k, d, 4);
  g_autofree guint32 *l1 = g_new (guint32, n);
  g_autofree guint32 *l2 = g_new (guint32, n);
  g_autofree double *s1 = g_new (double, k * d);
  g_autofree double *s2 = g_new (double, k * d);
  gsize c1[9], c2[9];
  LloydAssignResult r1 = { .labels = l1, .sums = s1, .counts = c1 };
  LloydAssignResult r2 = { .labels = l2, .sums = s2, .counts = c2 };

  g_assert_true (_lloyd_assign_pass (x, c->data, k, &r1, 1, NULL, NULL));
  g_assert_true (_lloyd_assign_pass (x, c->data, k, &r2, 2, NULL, NULL));
  g_assert_cmpmem (l1, n * sizeof (guint32), l2, n * sizeof (guint32));
  g_assert_cmpmem (s1, k * d * sizeof (double), s2, k * d * sizeof (double));
  g_assert_cmpmem (c1, sizeof c1, c2, sizeof c2);
  g_assert_true (memcmp (&r1.inertia, &r2.inertia, sizeof (double)) == 0);
  g_assert_cmpfloat (r1.inertia, >, 0.0);

  /* The separate sums pass (used by the bounds-based fit) adds in exactly the
   * kernel's order: bit-identical sums, same counts, close inertia. */
  {
    g_autofree double *s3 = g_new (double, k * d);
    gsize c3[9];
    double inertia;

    for (guint threads = 1; threads <= 2; threads++)
      {
        g_assert_true (_lloyd_cluster_sums (x, l1, NULL, c->data, k, s3, c3, &inertia, threads, NULL, NULL));
        g_assert_cmpmem (s3, k * d * sizeof (double), s1, k * d * sizeof (double));
        g_assert_cmpmem (c3, sizeof c3, c1, sizeof c1);
        g_assert_cmpfloat_with_epsilon (inertia, r1.inertia, 1e-9 * r1.inertia);
      }
  }
}

static void
test_distance_cancel (void)
{
  g_autoptr(LloydMatrix) x = random_matrix (5000, 3, 5);
  g_autoptr(LloydMatrix) c = random_matrix (4, 3, 6);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree guint32 *labels = g_new (guint32, 5000);

  g_cancellable_cancel (cancellable);
  g_assert_false (lloyd_nearest_centroids (x, c->data, 4, labels, NULL, 2, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/distance/brute-force", test_distance_brute_force);
  g_test_add_func ("/distance/shapes", test_distance_shapes);
  g_test_add_func ("/distance/batched", test_distance_batched);
  g_test_add_func ("/distance/ties", test_distance_ties);
  g_test_add_func ("/distance/threads", test_distance_threads);
  g_test_add_func ("/distance/cancel", test_distance_cancel);
  return g_test_run ();
}
