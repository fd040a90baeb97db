/* test-pca.c — PCA against scikit-learn's numbers for iris, the sign convention,
 * thread independence, projection of points versus matrices, JSON round trip and
 * rejection of bad input. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pca.h"
#include "rng.h"
#include "test-iris.h"
#include "test-util.h"

static LloydMatrix *
random_matrix (gsize   n,
               gsize   d,
               guint64 seed)
{
  LloydRng rng;
  LloydMatrix *m = lloyd_matrix_new (n, d, NULL);

  lloyd_rng_init (&rng, seed);
  /* Correlated columns with different scales and a large offset. */
  for (gsize i = 0; i < n; i++)
    {
      double common = lloyd_rng_normal (&rng);

      for (gsize j = 0; j < d; j++)
        lloyd_matrix_row (m, i)[j] = 1000.0 + (double) (j + 1) * (common * (j % 3) + lloyd_rng_normal (&rng));
    }
  return m;
}

/* Two-pass mean and covariance (n − 1), computed the plain way. */
static void
direct_covariance (const LloydMatrix *x,
                   double            *mean,
                   double            *cov)
{
  const gsize n = x->n, d = x->d;

  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < d; j++)
      mean[j] += lloyd_matrix_row (x, i)[j] / (double) n;
  for (gsize i = 0; i < n; i++)
    for (gsize a = 0; a < d; a++)
      for (gsize b = 0; b < d; b++)
        cov[a * d + b] += (lloyd_matrix_row (x, i)[a] - mean[a])
                          * (lloyd_matrix_row (x, i)[b] - mean[b]) / (double) (n - 1);
}

static void
test_pca_iris_reference (void)
{
  g_autoptr (JsonNode) ref = lloyd_test_load_reference ("iris_pca.json");
  g_autoptr (LloydMatrix) x = NULL;
  g_autoptr (LloydPca) pca = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) mean = NULL, ev = NULL, ratio = NULL;
  g_autofree double *components = NULL, *first5 = NULL;
  double projected[5 * 2];
  gsize rows, cols;
  JsonObject *o;

  if (ref == NULL)
    return;
  o = json_node_get_object (ref);
  x = lloyd_test_iris (NULL);
  pca = lloyd_pca_fit (x, 4, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pca);
  g_assert_cmpuint (pca->n_components, ==, 4);

  mean = lloyd_test_json_doubles (o, "mean");
  ev = lloyd_test_json_doubles (o, "explained_variance");
  ratio = lloyd_test_json_doubles (o, "explained_variance_ratio");
  components = lloyd_test_json_rows (o, "components", &rows, &cols);
  g_assert_cmpuint (rows, ==, 4);
  g_assert_cmpuint (cols, ==, 4);
  for (guint j = 0; j < 4; j++)
    {
      lloyd_assert_cmpfloat_rel (pca->mean[j], g_array_index (mean, double, j), 1e-12);
      lloyd_assert_cmpfloat_rel (pca->explained_variance[j], g_array_index (ev, double, j), 1e-9);
      lloyd_assert_cmpfloat_rel (pca->explained_variance_ratio[j], g_array_index (ratio, double, j), 1e-9);
      for (guint c = 0; c < 4; c++)
        g_assert_cmpfloat_with_epsilon (pca->components[j * 4 + c], components[j * 4 + c], 1e-9);
    }

  /* The first 5 points in 2-D: a 2-component fit projects them the same way. */
  g_clear_pointer (&pca, lloyd_pca_free);
  pca = lloyd_pca_fit (x, 2, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pca->n_components, ==, 2);
  first5 = lloyd_test_json_rows (o, "first5_projected_2d", &rows, &cols);
  g_assert_cmpuint (rows, ==, 5);
  lloyd_pca_project_points (pca, x->data, 5, projected);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpfloat_with_epsilon (projected[i], first5[i], 1e-9);
}

static void
test_pca_sign_and_eigen (void)
{
  const gsize n = 3000, d = 9;
  g_autoptr (LloydMatrix) x = random_matrix (n, d, 7);
  g_autoptr (LloydPca) pca = NULL;
  g_autoptr (GError) error = NULL;
  double mean[9] = { 0 }, cov[81] = { 0 };

  pca = lloyd_pca_fit (x, 3, 2, NULL, &error);
  g_assert_no_error (error);
  /* An independent covariance, computed directly. */
  direct_covariance (x, mean, cov);
  for (guint c = 0; c < 3; c++)
    {
      const double *v = pca->components + c * d;
      double norm = 0, best = 0;

      if (c > 0)
        g_assert_cmpfloat (pca->explained_variance[c], <=, pca->explained_variance[c - 1]);
      for (gsize a = 0; a < d; a++)
        {
          double cv = 0;

          for (gsize b = 0; b < d; b++)
            cv += cov[a * d + b] * v[b];
          /* C v = λ v */
          g_assert_cmpfloat_with_epsilon (cv, pca->explained_variance[c] * v[a],
                                          1e-9 * pca->explained_variance[0]);
          norm += v[a] * v[a];
          if (fabs (v[a]) > fabs (best))
            best = v[a];
        }
      g_assert_cmpfloat_with_epsilon (norm, 1.0, 1e-12);
      g_assert_cmpfloat (best, >, 0.0);
    }
}

/* Huge offsets and a file sorted by group (the first rows are not typical): the
 * shifted one-pass covariance must still match a two-pass computation. */
static void
test_pca_offset (void)
{
  const gsize n = 50000, d = 3;
  g_autoptr (LloydMatrix) x = lloyd_matrix_new (n, d, NULL);
  g_autoptr (LloydPca) pca = NULL;
  g_autoptr (GError) error = NULL;
  double mean[3] = { 0 }, cov[9] = { 0 }, trace = 0, top = 0;
  LloydRng rng;

  lloyd_rng_init (&rng, 17);
  for (gsize i = 0; i < n; i++)
    {
      double *row = lloyd_matrix_row (x, i);

      row[0] = 1e8 + (i < n / 10 ? 50.0 : 0.0) + lloyd_rng_normal (&rng);
      row[1] = -3e7 + 0.5 * row[0] - 5e7 + lloyd_rng_normal (&rng) * 0.1;
      row[2] = 42.0 + lloyd_rng_normal (&rng) * 1e-3;
    }
  pca = lloyd_pca_fit (x, 3, 2, NULL, &error);
  g_assert_no_error (error);
  direct_covariance (x, mean, cov);
  for (gsize j = 0; j < d; j++)
    {
      lloyd_assert_cmpfloat_rel (pca->mean[j], mean[j], 1e-14);
      trace += cov[j * d + j];
    }
  lloyd_assert_cmpfloat_rel (pca->total_variance, trace, 1e-9);
  /* v₀ᵀ C v₀ is the top eigenvalue. */
  for (gsize a = 0; a < d; a++)
    for (gsize b = 0; b < d; b++)
      top += pca->components[a] * cov[a * d + b] * pca->components[b];
  lloyd_assert_cmpfloat_rel (pca->explained_variance[0], top, 1e-9);
  lloyd_assert_cmpfloat_rel (pca->explained_variance[2], 1e-6, 1e-3);
}

static void
test_pca_threads (void)
{
  /* Enough rows for several blocks. */
  g_autoptr (LloydMatrix) x = random_matrix (20000, 6, 3);
  g_autoptr (LloydPca) p1 = NULL, p2 = NULL;
  g_autoptr (LloydMatrix) y1 = NULL, y2 = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree double *points = NULL;

  p1 = lloyd_pca_fit (x, 2, 1, NULL, &error);
  g_assert_no_error (error);
  p2 = lloyd_pca_fit (x, 2, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (p1->components, 12 * sizeof (double), p2->components, 12 * sizeof (double));
  g_assert_cmpmem (p1->explained_variance, 2 * sizeof (double), p2->explained_variance, 2 * sizeof (double));

  y1 = lloyd_pca_project (p1, x, 1, NULL, &error);
  g_assert_no_error (error);
  y2 = lloyd_pca_project (p1, x, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (y1->n, ==, 20000);
  g_assert_cmpuint (y1->d, ==, 2);
  g_assert_cmpmem (y1->data, 40000 * sizeof (double), y2->data, 40000 * sizeof (double));

  /* Matrix and point projection agree, and match (x − mean)·v directly. */
  points = g_new (double, 40000);
  lloyd_pca_project_points (p1, x->data, 20000, points);
  for (gsize i = 0; i < 20000; i += 997)
    for (guint c = 0; c < 2; c++)
      {
        double direct = 0;

        for (gsize j = 0; j < 6; j++)
          direct += (lloyd_matrix_row (x, i)[j] - p1->mean[j]) * p1->components[c * 6 + j];
        g_assert_cmpfloat_with_epsilon (points[i * 2 + c], direct, 1e-9);
        g_assert_cmpfloat_with_epsilon (lloyd_matrix_row (y1, i)[c], direct, 1e-9);
      }
}

static void
test_pca_invalid (void)
{
  g_autoptr (LloydMatrix) one = lloyd_matrix_new (1, 3, NULL);
  g_autoptr (LloydMatrix) bad = lloyd_matrix_new (4, 2, NULL);
  g_autoptr (LloydMatrix) wrong_d = lloyd_matrix_new (4, 5, NULL);
  g_autoptr (LloydPca) pca = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydMatrix) y = NULL;

  pca = lloyd_pca_fit (one, 2, 0, NULL, &error);
  g_assert_error (error, LLOYD_PCA_ERROR, LLOYD_PCA_ERROR_INVALID);
  g_assert_null (pca);
  g_clear_error (&error);

  bad->data[3] = NAN;
  pca = lloyd_pca_fit (bad, 2, 0, NULL, &error);
  g_assert_error (error, LLOYD_PCA_ERROR, LLOYD_PCA_ERROR_NONFINITE);
  g_assert_null (pca);
  g_clear_error (&error);

  /* Zero variance: a valid fit with zero ratios, not a division by zero. */
  bad->data[3] = 1.0;
  memset (bad->data, 0, 8 * sizeof (double));
  pca = lloyd_pca_fit (bad, 5, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pca->n_components, ==, 2);
  g_assert_cmpfloat (pca->explained_variance_ratio[0], ==, 0.0);

  y = lloyd_pca_project (pca, wrong_d, 0, NULL, &error);
  g_assert_error (error, LLOYD_PCA_ERROR, LLOYD_PCA_ERROR_INVALID);
  g_assert_null (y);
}

static void
test_pca_cancel (void)
{
  g_autoptr (LloydMatrix) x = random_matrix (5000, 4, 5);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (LloydPca) pca = NULL;
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  pca = lloyd_pca_fit (x, 2, 2, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (pca);
}

static void
test_pca_json (void)
{
  g_autoptr (LloydMatrix) x = random_matrix (500, 5, 11);
  g_autoptr (LloydPca) pca = lloyd_pca_fit (x, 2, 0, NULL, NULL);
  g_autoptr (JsonNode) node = lloyd_pca_to_json (pca);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr (JsonNode) parsed = json_from_string (text, NULL);
  g_autoptr (LloydPca) back = NULL;
  g_autoptr (GError) error = NULL;
  const char *damaged[] = {
    "[]",
    "{}",
    "{\"d\": 2, \"n_samples\": 10, \"mean\": [0, 0], \"components\": [], "
    "\"explained_variance\": [], \"explained_variance_ratio\": [], \"total_variance\": 1}",
    "{\"d\": 2, \"n_samples\": 10, \"mean\": [0, \"x\"], \"components\": [[1, 0]], "
    "\"explained_variance\": [1], \"explained_variance_ratio\": [1], \"total_variance\": 1}",
    "{\"d\": 2, \"n_samples\": 10, \"mean\": [0, 0], \"components\": [[1, 0, 3]], "
    "\"explained_variance\": [1], \"explained_variance_ratio\": [1], \"total_variance\": 1}",
    "{\"d\": 1e300, \"n_samples\": 10}",
    "{\"d\": 2, \"n_samples\": 10, \"mean\": [0, 0], \"components\": [[1, 0]], "
    "\"explained_variance\": [1], \"explained_variance_ratio\": [1], \"total_variance\": -1}",
  };

  back = lloyd_pca_from_json (parsed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->d, ==, 5);
  g_assert_cmpuint (back->n_components, ==, 2);
  /* JSON doubles are written with 17 significant digits: exact round trip. */
  g_assert_cmpmem (back->components, 10 * sizeof (double), pca->components, 10 * sizeof (double));
  g_assert_cmpmem (back->mean, 5 * sizeof (double), pca->mean, 5 * sizeof (double));

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr (JsonNode) bad = json_from_string (damaged[i], NULL);
      g_autoptr (LloydPca) none = NULL;

      g_assert_nonnull (bad);
      none = lloyd_pca_from_json (bad, &error);
      g_assert_error (error, LLOYD_PCA_ERROR, LLOYD_PCA_ERROR_JSON);
      g_assert_null (none);
      g_test_message ("%s → %s", damaged[i], error->message);
      g_clear_error (&error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pca/iris/reference", test_pca_iris_reference);
  g_test_add_func ("/pca/eigen/sign", test_pca_sign_and_eigen);
  g_test_add_func ("/pca/threads", test_pca_threads);
  g_test_add_func ("/pca/offset", test_pca_offset);
  g_test_add_func ("/pca/invalid", test_pca_invalid);
  g_test_add_func ("/pca/cancel", test_pca_cancel);
  g_test_add_func ("/pca/json", test_pca_json);
  return g_test_run ();
}
