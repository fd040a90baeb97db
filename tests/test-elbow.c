/* test-elbow.c — the elbow detectors (second difference as in the notebook,
 * Kneedle) and the k sweep. */
#include "config.h"

#include <math.h>

#include "elbow.h"
#include "rng.h"
#include "test-util.h"

static void
test_iris_reference (void)
{
  g_autoptr(JsonNode) ref = lloyd_test_load_reference ("iris_elbow.json");
  g_autoptr(GArray) ks = NULL;
  g_autoptr(GArray) inertia = NULL;
  g_autofree guint *k = NULL;
  JsonObject *obj;
  guint knee;

  if (ref == NULL)
    return;
  obj = json_node_get_object (ref);
  ks = lloyd_test_json_doubles (obj, "k");
  inertia = lloyd_test_json_doubles (obj, "inertia");
  k = g_new (guint, ks->len);
  for (guint i = 0; i < ks->len; i++)
    k[i] = (guint) g_array_index (ks, double, i);
  g_assert_cmpuint (lloyd_elbow_second_difference (k, (double *) (gpointer) inertia->data, inertia->len), ==,
                    json_object_get_int_member (obj, "elbow_second_difference"));
  knee = lloyd_elbow_kneedle (k, (double *) (gpointer) inertia->data, inertia->len);
  g_assert_cmpuint (knee, >=, 2);
  g_assert_cmpuint (knee, <=, 4);
}

static void
test_rules (void)
{
  const guint k[] = { 2, 3, 4, 5, 6, 7 };
  const double sharp[] = { 100, 20, 15, 12, 10, 9 };
  const double line[] = { 60, 50, 40, 30, 20, 10 };

  /* Starting at k = 2 the rule gives k[argmax] + 1, not argmax + 2. */
  g_assert_cmpuint (lloyd_elbow_second_difference (k, sharp, 6), ==, 3);
  g_assert_cmpuint (lloyd_elbow_kneedle (k, sharp, 6), ==, 3);
  /* A straight line has no elbow; neither have fewer than 3 points. */
  g_assert_cmpuint (lloyd_elbow_second_difference (k, line, 6), ==, 0);
  g_assert_cmpuint (lloyd_elbow_kneedle (k, line, 6), ==, 0);
  g_assert_cmpuint (lloyd_elbow_second_difference (k, sharp, 2), ==, 0);
  g_assert_cmpuint (lloyd_elbow_kneedle (k, sharp, 2), ==, 0);
}

static LloydMatrix *
four_blobs (void)
{
  LloydRng rng;
  LloydMatrix *x = lloyd_matrix_new (400, 2, NULL);

  lloyd_rng_init (&rng, 2);
  for (gsize i = 0; i < 400; i++)
    {
      lloyd_matrix_row (x, i)[0] = (i % 4) * 20.0 + lloyd_rng_normal (&rng);
      lloyd_matrix_row (x, i)[1] = (i % 2) * 7.0 + lloyd_rng_normal (&rng);
    }
  return x;
}

typedef struct
{
  guint         calls;
  GCancellable *cancel;
} Count;

static void
count_progress (double      fraction,
                const char *what,
                gpointer    user_data)
{
  Count *c = user_data;

  c->calls++;
  if (c->cancel != NULL && c->calls == 3)
    g_cancellable_cancel (c->cancel);
}

static void
test_sweep (void)
{
  g_autoptr(LloydMatrix) x = four_blobs ();
  g_autoptr(LloydElbow) elbow = NULL;
  g_autoptr(LloydElbow) again = NULL;
  g_autoptr(GError) error = NULL;
  LloydElbowOptions opt;
  Count count = { 0 };

  lloyd_elbow_options_init (&opt);
  opt.k_min = 1;
  opt.k_max = 8;
  opt.seed = 9;
  opt.n_init = 3;
  opt.silhouette = TRUE;
  elbow = lloyd_elbow_sweep (x, &opt, count_progress, &count, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (elbow->n, ==, 8);
  g_assert_cmpuint (count.calls, ==, 9);
  g_assert_true (isnan (elbow->silhouette[0]));
  g_assert_cmpuint (elbow->silhouette_sample_size, ==, 400);
  for (guint i = 1; i < elbow->n; i++)
    {
      g_assert_cmpuint (elbow->k[i], ==, i + 1);
      g_assert_cmpfloat (elbow->inertia[i], <=, elbow->inertia[i - 1] * 1.0001);
      g_assert_true (elbow->silhouette[i] > -1.0 && elbow->silhouette[i] < 1.0);
    }
  /* Four well-separated blobs: the best silhouette is at k = 4. */
  for (guint i = 1; i < elbow->n; i++)
    if (elbow->k[i] != 4)
      g_assert_cmpfloat (elbow->silhouette[i], <, elbow->silhouette[3]);
  g_assert_cmpuint (elbow->elbow_kneedle, >=, 2);
  g_assert_cmpuint (elbow->elbow_kneedle, <=, 4);
  g_assert_cmpuint (elbow->elbow_second_difference, >=, 2);
  g_assert_cmpuint (elbow->elbow_second_difference, <=, 4);

  /* Every k uses the seed itself: a sub-range gives the same values. */
  opt.k_min = 3;
  opt.k_max = 5;
  opt.silhouette = FALSE;
  again = lloyd_elbow_sweep (x, &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (again->inertia[i], ==, elbow->inertia[i + 2]);
  g_assert_cmpuint (again->silhouette_sample_size, ==, 0);

  /* A fit of one k with the sweep's seed and options is the sweep's model. */
  {
    g_autoptr(LloydKMeans) km = lloyd_kmeans_new (5);

    lloyd_kmeans_set_seed (km, opt.seed);
    lloyd_kmeans_set_n_init (km, opt.n_init);
    g_assert_true (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (lloyd_kmeans_get_inertia (km), ==, elbow->inertia[4]);
  }
}

static void
test_sweep_errors (void)
{
  g_autoptr(LloydMatrix) x = four_blobs ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  LloydElbowOptions opt;
  Count count = { 0, cancellable };

  lloyd_elbow_options_init (&opt);
  opt.k_min = 5;
  opt.k_max = 4;
  g_assert_null (lloyd_elbow_sweep (x, &opt, NULL, NULL, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID);
  g_clear_error (&error);

  opt.k_min = 1;
  opt.k_max = 10;
  g_assert_null (lloyd_elbow_sweep (x, &opt, count_progress, &count, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count.calls, ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/elbow/iris-reference", test_iris_reference);
  g_test_add_func ("/elbow/rules", test_rules);
  g_test_add_func ("/elbow/sweep", test_sweep);
  g_test_add_func ("/elbow/sweep-errors", test_sweep_errors);
  return g_test_run ();
}
