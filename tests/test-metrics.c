/* test-metrics.c — silhouette, Davies–Bouldin and Calinski–Harabasz against
 * scikit-learn on iris; inertia, sampling and the degenerate cases. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "metrics.h"
#include "kmeans.h"
#include "test-iris.h"
#include "test-util.h"

typedef struct
{
  LloydMatrix *x;
  guint32     *species;
  guint32     *lloyd;
} Iris;

static gboolean
load_iris (Iris *iris)
{
  g_autoptr(JsonNode) ref = lloyd_test_load_reference ("iris_lloyd_first3.json");
  JsonArray *labels;

  if (ref == NULL || (iris->x = lloyd_test_iris (&iris->species)) == NULL)
    return FALSE;
  labels = json_object_get_array_member (json_node_get_object (ref), "final_labels");
  iris->lloyd = g_new (guint32, iris->x->n);
  for (gsize i = 0; i < iris->x->n; i++)
    iris->lloyd[i] = json_array_get_int_element (labels, i);
  return TRUE;
}

static void
iris_clear (Iris *iris)
{
  g_clear_pointer (&iris->x, lloyd_matrix_free);
  g_clear_pointer (&iris->species, g_free);
  g_clear_pointer (&iris->lloyd, g_free);
}

static void
test_iris (void)
{
  g_autoptr(JsonNode) ref = lloyd_test_load_reference ("iris_metrics.json");
  Iris iris = { 0 };
  const char *sets[] = { "labels_species", "labels_lloyd_first3" };

  if (ref == NULL || !load_iris (&iris))
    return;
  for (guint s = 0; s < G_N_ELEMENTS (sets); s++)
    {
      JsonObject *want = json_object_get_object_member (json_node_get_object (ref), sets[s]);
      const guint32 *labels = s == 0 ? iris.species : iris.lloyd;
      g_autoptr(GError) error = NULL;
      double v;
      gsize used = 0;

      for (guint threads = 1; threads <= 2; threads++)
        {
          LloydSilhouetteOptions opt;

          lloyd_silhouette_options_init (&opt);
          opt.n_threads = threads;
          g_assert_true (lloyd_metric_silhouette (iris.x, labels, 3, &opt, &v, &used, NULL, NULL, NULL, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (used, ==, 150);
          lloyd_assert_cmpfloat_rel (v, json_object_get_double_member (want, "silhouette"), 1e-9);
        }
      g_assert_true (lloyd_metric_davies_bouldin (iris.x, labels, 3, &v, &error));
      lloyd_assert_cmpfloat_rel (v, json_object_get_double_member (want, "davies_bouldin"), 1e-9);
      g_assert_true (lloyd_metric_calinski_harabasz (iris.x, labels, 3, &v, &error));
      lloyd_assert_cmpfloat_rel (v, json_object_get_double_member (want, "calinski_harabasz"), 1e-9);
    }
  iris_clear (&iris);
}

static void
test_sampled (void)
{
  Iris iris = { 0 };
  LloydSilhouetteOptions opt;
  double exact, a, b, c;
  gsize used = 0;

  if (!load_iris (&iris))
    return;
  lloyd_silhouette_options_init (&opt);
  g_assert_true (lloyd_metric_silhouette (iris.x, iris.lloyd, 3, &opt, &exact, NULL, NULL, NULL, NULL, NULL));
  opt.max_exact = 50;
  opt.sample_size = 100;
  opt.seed = 3;
  g_assert_true (lloyd_metric_silhouette (iris.x, iris.lloyd, 3, &opt, &a, &used, NULL, NULL, NULL, NULL));
  g_assert_cmpuint (used, ==, 100);
  g_assert_true (lloyd_metric_silhouette (iris.x, iris.lloyd, 3, &opt, &b, NULL, NULL, NULL, NULL, NULL));
  g_assert_cmpfloat (a, ==, b);  /* same seed, same sample */
  opt.seed = 4;
  g_assert_true (lloyd_metric_silhouette (iris.x, iris.lloyd, 3, &opt, &c, NULL, NULL, NULL, NULL, NULL));
  g_assert_cmpfloat (a, !=, c);
  g_assert_cmpfloat_with_epsilon (a, exact, 0.05);
  iris_clear (&iris);
}

/* The silhouette straight from its definition, one pair at a time. */
static double
naive_silhouette (const LloydMatrix *x,
                  const guint32     *labels,
                  guint              k)
{
  g_autofree gsize *counts = g_new0 (gsize, k);
  g_autofree double *sums = g_new (double, k);
  double total = 0.0;

  for (gsize i = 0; i < x->n; i++)
    counts[labels[i]]++;
  for (gsize i = 0; i < x->n; i++)
    {
      double a, b = G_MAXDOUBLE;

      memset (sums, 0, k * sizeof (double));
      for (gsize j = 0; j < x->n; j++)
        {
          double d2 = 0.0;

          for (gsize t = 0; t < x->d; t++)
            d2 += (lloyd_matrix_row (x, i)[t] - lloyd_matrix_row (x, j)[t])
                  * (lloyd_matrix_row (x, i)[t] - lloyd_matrix_row (x, j)[t]);
          sums[labels[j]] += sqrt (d2);
        }
      if (counts[labels[i]] < 2)
        continue;
      a = sums[labels[i]] / (double) (counts[labels[i]] - 1);
      for (guint c = 0; c < k; c++)
        if (c != labels[i] && counts[c] > 0)
          b = MIN (b, sums[c] / (double) counts[c]);
      total += MAX (a, b) > 0.0 ? (b - a) / MAX (a, b) : 0.0;
    }
  return total / (double) x->n;
}

/* Identical points are scored once with their multiplicity: the same point under
 * two labels, −0 next to 0, a group forming a whole cluster, singletons. */
static void
test_duplicates (void)
{
  const double pts[][2] = {
    { 0.0, 1.0 }, { 3.0, 4.0 }, { -0.0, 1.0 }, { 5.0, -2.0 }, { 0.5, 0.25 },
  };
  /* Row → point, row → label: point 0 under labels 0 and 1, point 3 alone in
   * cluster 2 (four times), point 4 once. */
  const guint rows[] = { 0, 1, 0, 2, 1, 0, 3, 3, 4, 1, 0, 3, 3, 2, 1 };
  const guint32 labels[] = { 0, 1, 0, 0, 1, 1, 2, 2, 0, 1, 0, 2, 2, 0, 0 };
  g_autoptr(LloydMatrix) x = lloyd_matrix_new (G_N_ELEMENTS (rows), 2, NULL);
  double want;

  for (gsize i = 0; i < x->n; i++)
    memcpy (lloyd_matrix_row (x, i), pts[rows[i]], sizeof pts[0]);
  want = naive_silhouette (x, labels, 3);
  for (guint threads = 1; threads <= 2; threads++)
    {
      LloydSilhouetteOptions opt;
      g_autoptr(GError) error = NULL;
      double v = NAN;
      gsize used = 0;

      lloyd_silhouette_options_init (&opt);
      opt.n_threads = threads;
      g_assert_true (lloyd_metric_silhouette (x, labels, 3, &opt, &v, &used, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (used, ==, x->n);
      lloyd_assert_cmpfloat_rel (v, want, 1e-12);
    }
}

static void
test_inertia (void)
{
  const double xs[] = { 0.0, 0.0, 2.0, 0.0, 10.0, 1.0 };
  const double cs[] = { 1.0, 0.0, 10.0, 0.0 };
  const guint32 labels[] = { 0, 0, 1 };
  LloydMatrix x = { 3, 2, (double *) xs };

  g_assert_cmpfloat (lloyd_metric_inertia (&x, cs, 2, labels), ==, 3.0);
  g_assert_cmpfloat (lloyd_metric_mse (&x, cs, 2, labels), ==, 1.0);
}

static void
test_degenerate (void)
{
  const double xs[] = { 0.0, 1.0, 2.0, 3.0 };
  const guint32 one[] = { 0, 0, 0, 0 };
  const guint32 all[] = { 0, 1, 2, 3 };
  const guint32 bad[] = { 0, 1, 7, 0 };
  const double same[] = { 1.0, 1.0, 1.0, 1.0 };
  const guint32 two[] = { 0, 1, 0, 1 };
  LloydMatrix x = { 4, 1, (double *) xs };
  LloydMatrix flat = { 4, 1, (double *) same };
  g_autoptr(GError) error = NULL;
  double v;

  g_assert_false (lloyd_metric_silhouette (&x, one, 1, NULL, &v, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lloyd_metric_silhouette (&x, all, 4, NULL, &v, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lloyd_metric_calinski_harabasz (&x, one, 1, &v, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (lloyd_metric_davies_bouldin (&x, bad, 3, &v, &error));
  g_assert_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID);
  g_clear_error (&error);
  /* scikit-learn's conventions: all points equal → DB 0, CH 1. */
  g_assert_true (lloyd_metric_davies_bouldin (&flat, two, 2, &v, &error));
  g_assert_cmpfloat (v, ==, 0.0);
  g_assert_true (lloyd_metric_calinski_harabasz (&flat, two, 2, &v, &error));
  g_assert_cmpfloat (v, ==, 1.0);
}

static void
test_cancel (void)
{
  Iris iris = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  double v;

  if (!load_iris (&iris))
    return;
  g_cancellable_cancel (cancellable);
  g_assert_false (lloyd_metric_silhouette (iris.x, iris.lloyd, 3, NULL, &v, NULL, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  iris_clear (&iris);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/iris", test_iris);
  g_test_add_func ("/metrics/silhouette/sampled", test_sampled);
  g_test_add_func ("/metrics/silhouette/duplicates", test_duplicates);
  g_test_add_func ("/metrics/inertia", test_inertia);
  g_test_add_func ("/metrics/degenerate", test_degenerate);
  g_test_add_func ("/metrics/cancel", test_cancel);
  return g_test_run ();
}
