/* test-evaluate.c — confusion counts, PR/ROC curves with ties, purity, entropy,
 * ARI and NMI against scikit-learn (iris_metrics.json and small known cases). */
#include "config.h"

#include <math.h>

#include "evaluate.h"
#include "test-iris.h"
#include "test-util.h"

static void
test_evaluate_confusion (void)
{
  const guint8 flagged[] = { 1, 1, 0, 0, 1, 0, 0 };
  const guint8 positive[] = { 1, 0, 1, 0, 1, 0, 1 };
  LloydConfusion c;

  lloyd_confusion_compute (flagged, positive, G_N_ELEMENTS (flagged), &c);
  g_assert_cmpuint (c.tp, ==, 2);
  g_assert_cmpuint (c.fp, ==, 1);
  g_assert_cmpuint (c.tn, ==, 2);
  g_assert_cmpuint (c.fn, ==, 2);
  g_assert_cmpfloat_with_epsilon (c.precision, 2.0 / 3.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (c.recall, 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (c.f1, 2 * (2.0 / 3.0) * 0.5 / (2.0 / 3.0 + 0.5), 1e-15);

  /* Nothing flagged: precision and F1 are 0, not NaN. */
  lloyd_confusion_compute ((const guint8[]) { 0, 0 }, (const guint8[]) { 1, 0 }, 2, &c);
  g_assert_cmpuint (c.fn, ==, 1);
  g_assert_cmpuint (c.tn, ==, 1);
  g_assert_cmpfloat (c.precision, ==, 0.0);
  g_assert_cmpfloat (c.f1, ==, 0.0);
}

static void
test_evaluate_curves (void)
{
  /* Ties at 0.4 (one of each class) and 0.35 (two positives). */
  const double scores[] = { 0.1, 0.4, 0.35, 0.8, 0.4, 0.2, 0.9, 0.35 };
  const guint8 positive[] = { 0, 0, 1, 1, 1, 0, 0, 1 };
  g_autoptr (LloydCurves) c = NULL;
  g_autoptr (GError) error = NULL;

  c = lloyd_curves_compute (scores, positive, 8, &error);
  g_assert_no_error (error);
  /* scikit-learn 1.2: roc_auc_score, average_precision_score. */
  g_assert_cmpfloat_with_epsilon (c->roc_auc, 0.59375, 1e-12);
  g_assert_cmpfloat_with_epsilon (c->average_precision, 0.5833333333333333, 1e-12);
  g_assert_cmpuint (c->n_points, ==, 7);
  g_assert_cmpuint (c->n_positive, ==, 4);
  g_assert_true (isinf (c->thresholds[0]));
  g_assert_cmpfloat (c->thresholds[3], ==, 0.4);
  g_assert_cmpuint (c->tp[3], ==, 2);
  g_assert_cmpuint (c->fp[3], ==, 2);
  g_assert_cmpfloat (c->tpr[c->n_points - 1], ==, 1.0);
  g_assert_cmpfloat (c->fpr[c->n_points - 1], ==, 1.0);

  g_clear_pointer (&c, lloyd_curves_free);
  c = lloyd_curves_compute (scores, (const guint8[]) { 1, 1, 1, 1, 1, 1, 1, 1 }, 8, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (c);
  g_clear_error (&error);
  c = lloyd_curves_compute ((const double[]) { 1, NAN }, (const guint8[]) { 1, 0 }, 2, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (c);
}

static void
test_evaluate_small_table (void)
{
  const guint32 clusters[] = { 0, 0, 0, 1, 1, 1, 2, 2, 0, 1 };
  const guint32 classes[] = { 1, 1, 0, 0, 0, 2, 2, 2, 1, 1 };
  g_autoptr (LloydContingency) t = NULL;
  g_autoptr (GError) error = NULL;
  double h0, h1;

  t = lloyd_contingency_new (clusters, 3, classes, 3, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->counts[0 * 3 + 1], ==, 3);
  g_assert_cmpuint (t->counts[1 * 3 + 0], ==, 2);
  /* Cluster 0: {1,1,0,1}; cluster 1: {0,0,2,1}; cluster 2: {2,2}. */
  g_assert_cmpfloat_with_epsilon (lloyd_contingency_purity (t), (3 + 2 + 2) / 10.0, 1e-15);
  h0 = -(0.75 * log (0.75) + 0.25 * log (0.25));
  h1 = -(0.5 * log (0.5) + 2 * 0.25 * log (0.25));
  g_assert_cmpfloat_with_epsilon (lloyd_contingency_entropy (t), 0.4 * h0 + 0.4 * h1, 1e-15);
  /* scikit-learn 1.2 adjusted_rand_score / normalized_mutual_info_score. */
  g_assert_cmpfloat_with_epsilon (lloyd_contingency_ari (t), 0.16974169741697417, 1e-12);
  g_assert_cmpfloat_with_epsilon (lloyd_contingency_nmi (t), 0.4180179112091442, 1e-12);

  g_clear_pointer (&t, lloyd_contingency_free);
  t = lloyd_contingency_new (clusters, 2, classes, 3, 10, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (t);
}

static void
test_evaluate_identical (void)
{
  /* The same partition under other names: every score is perfect. */
  const guint32 a[] = { 0, 0, 1, 1, 2, 2, 2 };
  const guint32 b[] = { 2, 2, 0, 0, 1, 1, 1 };
  const guint32 one[] = { 0, 0, 0 };
  g_autoptr (LloydContingency) t = lloyd_contingency_new (a, 3, b, 3, 7, NULL);
  g_autoptr (LloydContingency) single = lloyd_contingency_new (one, 1, one, 1, 3, NULL);

  g_assert_cmpfloat_with_epsilon (lloyd_contingency_ari (t), 1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (lloyd_contingency_nmi (t), 1.0, 1e-15);
  g_assert_cmpfloat (lloyd_contingency_purity (t), ==, 1.0);
  g_assert_cmpfloat (lloyd_contingency_entropy (t), ==, 0.0);
  g_assert_cmpfloat (lloyd_contingency_ari (single), ==, 1.0);
  g_assert_cmpfloat (lloyd_contingency_nmi (single), ==, 1.0);
}

static void
test_evaluate_iris (void)
{
  g_autoptr (JsonNode) metrics = lloyd_test_load_reference ("iris_metrics.json");
  g_autoptr (JsonNode) lloyd = lloyd_test_load_reference ("iris_lloyd_first3.json");
  g_autoptr (LloydMatrix) x = NULL;
  g_autofree guint32 *species = NULL;
  g_autofree guint32 *labels = g_new (guint32, 150);
  g_autoptr (LloydContingency) t = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *final;
  JsonObject *ref;

  if (metrics == NULL || lloyd == NULL)
    return;
  x = lloyd_test_iris (&species);
  final = json_object_get_array_member (json_node_get_object (lloyd), "final_labels");
  g_assert_cmpuint (json_array_get_length (final), ==, 150);
  for (guint i = 0; i < 150; i++)
    labels[i] = (guint32) json_array_get_int_element (final, i);
  t = lloyd_contingency_new (labels, 3, species, 3, 150, &error);
  g_assert_no_error (error);
  ref = json_object_get_object_member (json_node_get_object (metrics), "labels_lloyd_first3");
  g_assert_cmpfloat_with_epsilon (lloyd_contingency_ari (t),
                                  json_object_get_double_member (ref, "adjusted_rand_vs_species"),
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (lloyd_contingency_nmi (t),
                                  json_object_get_double_member (ref, "normalized_mutual_info_vs_species"),
                                  1e-9);
  /* Clusters: 50 setosa; 47 versicolor + 14 virginica; 36 virginica + 3 versicolor. */
  g_assert_cmpfloat_with_epsilon (lloyd_contingency_purity (t), 133.0 / 150.0, 1e-15);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/evaluate/confusion", test_evaluate_confusion);
  g_test_add_func ("/evaluate/curves", test_evaluate_curves);
  g_test_add_func ("/evaluate/contingency/small", test_evaluate_small_table);
  g_test_add_func ("/evaluate/contingency/identical", test_evaluate_identical);
  g_test_add_func ("/evaluate/contingency/iris", test_evaluate_iris);
  return g_test_run ();
}
