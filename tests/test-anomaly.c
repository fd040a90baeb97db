/* test-anomaly.c — anomaly scores against iris_anomaly.json (distances,
 * percentiles, flags, farthest rows, contributions), threshold parsing and
 * strictness, cheap counting versus flagging, empty clusters, contributions
 * through a transform, projection circles, and the tutorial's digits case. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anomaly.h"
#include "dataset.h"
#include "distance.h"
#include "evaluate.h"
#include "kmeans.h"
#include "rng.h"
#include "test-iris.h"
#include "test-util.h"

static void
test_threshold_parse (void)
{
  const char *bad[] = { "", "percentile", "percentile:", "percentile:101", "percentile:-1",
                        "farthest:0", "farthest:2.5", "distance:-3", "distance:nan",
                        "distance:inf", "radius:3", "percentile:99x", ":3" };
  LloydThreshold t;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (lloyd_threshold_parse ("percentile:99", &t, &error));
  g_assert_no_error (error);
  g_assert_cmpint (t.mode, ==, LLOYD_THRESHOLD_PERCENTILE);
  g_assert_cmpfloat (t.value, ==, 99.0);
  g_assert_true (lloyd_threshold_parse ("farthest:100", &t, NULL));
  g_assert_cmpint (t.mode, ==, LLOYD_THRESHOLD_FARTHEST);
  g_assert_true (lloyd_threshold_parse ("distance:2.5", &t, NULL));
  g_assert_cmpint (t.mode, ==, LLOYD_THRESHOLD_DISTANCE);
  text = lloyd_threshold_to_string (&t);
  g_assert_cmpstr (text, ==, "distance:2.5");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (lloyd_threshold_parse (bad[i], &t, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == LLOYD_ANOMALY_ERROR);
      g_clear_error (&error);
    }
}

static void
test_anomaly_iris (void)
{
  g_autoptr (JsonNode) ref_node = lloyd_test_load_reference ("iris_anomaly.json");
  g_autoptr (JsonNode) lloyd_node = lloyd_test_load_reference ("iris_lloyd_first3.json");
  g_autoptr (LloydMatrix) x = NULL;
  g_autoptr (LloydScores) s = NULL;
  g_autoptr (GArray) distances = NULL, contributions = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree double *centroids = NULL;
  guint8 flags[150];
  double thresholds[3], normalized[4];
  const char *percentiles[] = { "50", "90", "95", "99" };
  JsonObject *ref, *per_cluster;
  JsonArray *labels, *flagged, *top5;
  LloydThreshold t;
  gsize k, d, count, n_flagged = 0;

  if (ref_node == NULL || lloyd_node == NULL)
    return;
  ref = json_node_get_object (ref_node);
  x = lloyd_test_iris (NULL);
  centroids = lloyd_test_json_rows (json_node_get_object (lloyd_node), "final_centroids", &k, &d);
  g_assert_cmpuint (k, ==, 3);
  g_assert_cmpuint (d, ==, 4);

  s = lloyd_scores_compute (x, centroids, 3, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->n, ==, 150);
  distances = lloyd_test_json_doubles (ref, "distances");
  labels = json_object_get_array_member (json_node_get_object (lloyd_node), "final_labels");
  for (guint i = 0; i < 150; i++)
    {
      g_assert_cmpfloat_with_epsilon (s->distances[i], g_array_index (distances, double, i), 1e-12);
      g_assert_cmpint (s->labels[i], ==, json_array_get_int_element (labels, i));
    }

  per_cluster = json_object_get_object_member (ref, "per_cluster_percentiles");
  for (guint c = 0; c < 3; c++)
    {
      char key[4];
      JsonObject *pc;

      g_snprintf (key, sizeof key, "%u", c);
      pc = json_object_get_object_member (per_cluster, key);
      for (guint p = 0; p < G_N_ELEMENTS (percentiles); p++)
        g_assert_cmpfloat_with_epsilon (lloyd_scores_percentile (s, c, g_ascii_strtod (percentiles[p], NULL)),
                                        json_object_get_double_member (pc, percentiles[p]), 1e-12);
    }

  /* percentile:99 flags exactly the reference set. */
  g_assert_true (lloyd_threshold_parse ("percentile:99", &t, NULL));
  g_assert_true (lloyd_threshold_resolve (&t, s, thresholds, &error));
  g_assert_no_error (error);
  count = lloyd_scores_flag (s, thresholds, flags);
  flagged = json_object_get_array_member (ref, "flagged_at_99");
  g_assert_cmpuint (count, ==, json_array_get_length (flagged));
  g_assert_cmpuint (lloyd_scores_count_flagged (s, thresholds), ==, count);
  for (guint i = 0; i < json_array_get_length (flagged); i++)
    g_assert_cmpuint (flags[json_array_get_int_element (flagged, i)], ==, 1);

  /* Feature contributions of those points. */
  g_assert_true (lloyd_anomaly_contributions (x, centroids, s, flags, NULL, normalized, NULL, &error));
  g_assert_no_error (error);
  contributions = lloyd_test_json_doubles (ref, "feature_contribution_99");
  for (guint f = 0; f < 4; f++)
    g_assert_cmpfloat_with_epsilon (normalized[f], g_array_index (contributions, double, f), 1e-9);

  /* The 5 farthest rows; farthest:5 flags the 4 beyond the fifth (strictly greater). */
  top5 = json_object_get_array_member (ref, "top5_farthest");
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (s->by_distance[i], ==, json_array_get_int_element (top5, i));
  g_assert_cmpfloat_with_epsilon (lloyd_scores_farthest (s, 5),
                                  json_object_get_double_member (ref, "fifth_farthest_distance"), 1e-12);
  g_assert_true (lloyd_threshold_parse ("farthest:5", &t, NULL));
  g_assert_true (lloyd_threshold_resolve (&t, s, thresholds, &error));
  g_assert_cmpuint (lloyd_scores_flag (s, thresholds, flags), ==, 4);
  for (guint i = 0; i < 150; i++)
    n_flagged += flags[i];
  g_assert_cmpuint (n_flagged, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (flags[json_array_get_int_element (top5, i)], ==, 1);
  g_assert_cmpuint (flags[json_array_get_int_element (top5, 4)], ==, 0);
  /* Beyond n: the nearest point, so all but the nearest (and its ties) are flagged. */
  t.value = 1000;
  g_assert_true (lloyd_threshold_resolve (&t, s, thresholds, &error));
  g_assert_cmpuint (lloyd_scores_count_flagged (s, thresholds), ==, 149);
}

static void
test_anomaly_count_matches_flags (void)
{
  const gsize n = 5000;
  const guint k = 6;
  g_autofree guint32 *labels = g_new (guint32, n);
  g_autofree double *dist = g_new (double, n);
  g_autofree guint8 *flags = g_new (guint8, n);
  g_autoptr (LloydScores) s = NULL;
  LloydRng rng;

  lloyd_rng_init (&rng, 42);
  for (gsize i = 0; i < n; i++)
    {
      labels[i] = (guint32) lloyd_rng_below (&rng, k - 1);   /* cluster k − 1 stays empty */
      /* Rounded, so many ties sit exactly on thresholds. */
      dist[i] = round (lloyd_rng_uniform (&rng) * 50) / 10;
    }
  s = lloyd_scores_new (labels, dist, n, k, NULL);
  g_assert_nonnull (s);
  g_assert_cmpuint (lloyd_scores_cluster_size (s, k - 1), ==, 0);
  for (guint trial = 0; trial < 40; trial++)
    {
      LloydThreshold t = { trial % 3, 0 };
      double th[6];
      gsize direct = 0;

      t.value = t.mode == LLOYD_THRESHOLD_PERCENTILE ? trial * 2.5
                : t.mode == LLOYD_THRESHOLD_FARTHEST ? 1 + trial * 97 : trial / 8.0;
      g_assert_true (lloyd_threshold_resolve (&t, s, th, NULL));
      if (t.mode == LLOYD_THRESHOLD_PERCENTILE)
        g_assert_cmpfloat (th[k - 1], ==, 0.0);
      for (gsize i = 0; i < n; i++)
        direct += dist[i] > th[labels[i]];
      g_assert_cmpuint (lloyd_scores_count_flagged (s, th), ==, direct);
      g_assert_cmpuint (lloyd_scores_flag (s, th, flags), ==, direct);
      for (gsize i = 0; i < n; i += 7)
        g_assert_cmpuint (flags[i], ==, dist[i] > th[labels[i]]);
    }
}

static void
test_anomaly_subset (void)
{
  const guint32 labels[] = { 0, 1, 0, 1, 0 };
  const double dist[] = { 1, 2, 3, 4, 5 };
  const gboolean mask[] = { 1, 0, 1, 1, 0 };
  g_autoptr (LloydScores) all = lloyd_scores_new (labels, dist, 5, 2, NULL);
  g_autoptr (LloydScores) sub = lloyd_scores_subset (all, mask, NULL);
  g_autoptr (LloydScores) bad = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (sub->n, ==, 3);
  g_assert_cmpfloat (sub->distances[1], ==, 3.0);
  g_assert_cmpfloat (lloyd_scores_percentile (sub, 0, 100), ==, 3.0);
  g_assert_cmpfloat (lloyd_scores_percentile (sub, 0, 50), ==, 2.0);
  g_assert_cmpfloat (lloyd_scores_farthest (sub, 1), ==, 4.0);

  bad = lloyd_scores_new ((const guint32[]) { 2 }, (const double[]) { 1 }, 1, 2, &error);
  g_assert_error (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID);
  g_assert_null (bad);
}

static void
test_anomaly_transform_contributions (void)
{
  /* One numeric column (log1p) and one categorical: original units undo both,
   * and one-hot features group back into their column. */
  const char csv[] = "bytes,service,size,label\n"
                     "10,http,1,n\n20,http,2,n\n30,ftp,3,n\n1000,smtp,40,a\n15,http,2,n\n";
  const char *logged[] = { "bytes", NULL };
  g_autoptr (LloydDataset) ds = NULL;
  g_autoptr (LloydTransform) tr = NULL;
  g_autoptr (LloydMatrix) x = NULL;
  g_autoptr (LloydScores) s = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree double *normalized = NULL, *original = NULL, *grouped = NULL, *centroid = NULL;
  g_autofree double *inv_c = NULL, *inv_x = NULL;
  g_autofree guint *order = NULL;
  guint8 flags[5] = { 0, 0, 0, 1, 1 };
  LloydLoadOptions lo;
  LloydPreprocessOptions po;
  gsize d;

  lloyd_load_options_init (&lo);
  lo.label_column = "label";
  ds = lloyd_dataset_parse (csv, strlen (csv), "t.csv", &lo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  lloyd_preprocess_options_init (&po);
  po.one_hot = TRUE;
  po.normalize = LLOYD_NORMALIZE_ZSCORE;
  po.log1p_columns = logged;
  tr = lloyd_transform_fit (ds, &po, &error);
  g_assert_no_error (error);
  x = lloyd_transform_apply (tr, ds, NULL, &error);
  g_assert_no_error (error);
  d = x->d;
  g_assert_cmpuint (d, ==, 5);   /* bytes, service=http, =ftp, =smtp, size */
  g_assert_cmpuint (tr->n_sources, ==, 3);

  /* One centroid: the mean of the first two rows. */
  centroid = g_new (double, d);
  for (gsize f = 0; f < d; f++)
    centroid[f] = (lloyd_matrix_row (x, 0)[f] + lloyd_matrix_row (x, 1)[f]) / 2;
  s = lloyd_scores_compute (x, centroid, 1, 1, NULL, &error);
  g_assert_no_error (error);

  normalized = g_new (double, d);
  original = g_new (double, d);
  g_assert_true (lloyd_anomaly_contributions (x, centroid, s, flags, tr, normalized, original, &error));
  g_assert_no_error (error);
  inv_c = g_new (double, d);
  inv_x = g_new (double, d);
  lloyd_transform_inverse (tr, centroid, inv_c);
  for (gsize f = 0; f < d; f++)
    {
      double expect_n = 0, expect_o = 0;

      for (guint r = 3; r < 5; r++)
        {
          lloyd_transform_inverse (tr, lloyd_matrix_row (x, r), inv_x);
          expect_n += fabs (centroid[f] - lloyd_matrix_row (x, r)[f]);
          expect_o += fabs (inv_c[f] - inv_x[f]);
        }
      g_assert_cmpfloat_with_epsilon (normalized[f], expect_n, 1e-12);
      g_assert_cmpfloat_with_epsilon (original[f], expect_o, 1e-9 * MAX (1, expect_o));
    }
  /* bytes in original units: |expm1(mean of logs) − 1000| + |… − 15|. */
  {
    double c_bytes = expm1 ((log1p (10.0) + log1p (20.0)) / 2);
    g_assert_cmpfloat_with_epsilon (original[0], fabs (c_bytes - 1000) + fabs (c_bytes - 15), 1e-9);
  }

  grouped = g_new (double, tr->n_sources);
  lloyd_anomaly_group_by_source (tr, normalized, grouped);
  g_assert_cmpfloat_with_epsilon (grouped[0], normalized[0], 1e-15);
  g_assert_cmpfloat_with_epsilon (grouped[1], normalized[1] + normalized[2] + normalized[3], 1e-12);
  g_assert_cmpfloat_with_epsilon (grouped[2], normalized[4], 1e-15);

  order = g_new (guint, d);
  lloyd_anomaly_sort_decreasing (normalized, d, order);
  for (gsize f = 1; f < d; f++)
    g_assert_cmpfloat (normalized[order[f - 1]], >=, normalized[order[f]]);
}

static void
test_anomaly_circles (void)
{
  /* 3-D points whose third coordinate is dropped by the "projection": a point far
   * away only in z is flagged in full space but lies inside its 2-D circle. */
  const double pts[] = { 0, 0, 0,  1, 0, 0,  0, 1, 0,  -1, 0, 0,  0, -1, 0,  0, 0.1, 9,
                         10, 10, 0,  11, 10, 0,  10, 11, 0,  15, 10, 0 };
  const double centroids[] = { 0, 0, 0, 10.5, 10, 0 };
  g_autoptr (LloydMatrix) x = lloyd_matrix_new (10, 3, NULL);
  g_autoptr (LloydMatrix) p = lloyd_matrix_new (10, 2, NULL);
  g_autoptr (LloydScores) s = NULL, ps = NULL;
  g_autoptr (GError) error = NULL;
  const double pc[] = { 0, 0, 10.5, 10 };
  LloydCircle circles[2];
  LloydThreshold t = { LLOYD_THRESHOLD_DISTANCE, 2.0 };
  double th[2];
  guint8 flags[10];

  memcpy (x->data, pts, sizeof pts);
  for (guint i = 0; i < 10; i++)
    {
      lloyd_matrix_row (p, i)[0] = pts[i * 3];
      lloyd_matrix_row (p, i)[1] = pts[i * 3 + 1];
    }
  s = lloyd_scores_compute (x, centroids, 2, 1, NULL, &error);
  g_assert_no_error (error);
  ps = lloyd_scores_projected (s, p, pc, &error);
  g_assert_no_error (error);
  g_assert_true (lloyd_threshold_resolve (&t, s, th, NULL));
  g_assert_cmpuint (lloyd_scores_flag (s, th, flags), ==, 2);   /* rows 5 and 9 */
  g_assert_true (lloyd_anomaly_circles (ps, ps, flags, &t, th, circles, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (circles[0].radius, ==, 2.0);
  g_assert_cmpuint (circles[0].members, ==, 6);
  g_assert_cmpuint (circles[0].inside, ==, 6);
  g_assert_cmpuint (circles[0].inside_flagged, ==, 1);      /* row 5 */
  g_assert_cmpuint (circles[0].outside_unflagged, ==, 0);
  g_assert_cmpuint (circles[1].members, ==, 4);
  g_assert_cmpuint (circles[1].inside, ==, 3);
  g_assert_cmpuint (circles[1].inside_flagged, ==, 0);

  /* Percentile mode: the radius is the percentile of projected distances. */
  t = (LloydThreshold) { LLOYD_THRESHOLD_PERCENTILE, 100 };
  g_assert_true (lloyd_threshold_resolve (&t, s, th, NULL));
  g_assert_true (lloyd_anomaly_circles (ps, ps, flags, &t, th, circles, &error));
  g_assert_cmpfloat_with_epsilon (circles[0].radius, 1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (circles[1].radius, 4.5, 1e-15);
  g_assert_cmpuint (circles[1].inside, ==, 4);
}

/* numpy.percentile, written the plain way for the independent check. */
static double
plain_percentile (GArray *values,
                  double  p)
{
  double *a = (double *) values->data, pos;
  gsize lo;

  g_assert_cmpuint (values->len, >, 0);
  pos = p / 100 * (values->len - 1);
  lo = (gsize) pos;
  if (lo + 1 >= values->len)
    return a[values->len - 1];
  return a[lo] + (a[lo + 1] - a[lo]) * (pos - lo);
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
test_anomaly_digits (void)
{
  g_autofree char *path = lloyd_test_shared_path ("data/digits.csv");
  g_autoptr (LloydDataset) ds = NULL;
  g_autoptr (LloydMatrix) x = NULL, train = NULL;
  g_autoptr (LloydKMeans) km = NULL;
  g_autoptr (LloydScores) all = NULL, ref = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gboolean *normal = NULL;
  g_autofree guint8 *positive = NULL, *flags = NULL;
  GArray *members[8];
  const double *centroids;
  double th[8], independent[8];
  LloydThreshold t = { LLOYD_THRESHOLD_PERCENTILE, 99 };
  LloydConfusion conf;
  LloydLoadOptions lo;
  gsize n_train = 0, fp = 0, fn = 0;
  int digit;

  if (path == NULL)
    return;
  lloyd_load_options_init (&lo);
  lo.label_column = "digit";
  ds = lloyd_dataset_load (path, &lo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  digit = lloyd_dataset_find_column (ds, "digit");
  g_assert_cmpint (digit, ==, ds->label_column);
  x = lloyd_matrix_new (ds->n_rows, 64, &error);
  g_assert_no_error (error);
  normal = g_new0 (gboolean, ds->n_rows);
  positive = g_new0 (guint8, ds->n_rows);
  for (gsize i = 0; i < ds->n_rows; i++)
    {
      int label = atoi (lloyd_dataset_get_label (ds, i));

      for (guint j = 0; j < 64; j++)
        lloyd_matrix_row (x, i)[j] = ds->columns[j].values[i];
      normal[i] = label >= 2;
      positive[i] = !normal[i];
      n_train += normal[i];
    }
  train = lloyd_matrix_new (n_train, 64, &error);
  for (gsize i = 0, r = 0; i < ds->n_rows; i++)
    if (normal[i])
      memcpy (lloyd_matrix_row (train, r++), lloyd_matrix_row (x, i), 64 * sizeof (double));

  km = lloyd_kmeans_new (8);
  lloyd_kmeans_set_init (km, LLOYD_INIT_KMEANSPP);
  lloyd_kmeans_set_seed (km, 0);
  g_assert_true (lloyd_kmeans_fit (km, train, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  centroids = lloyd_kmeans_get_centroids (km);

  all = lloyd_scores_compute (x, centroids, 8, 0, NULL, &error);
  g_assert_no_error (error);
  ref = lloyd_scores_subset (all, normal, &error);
  g_assert_no_error (error);
  g_assert_true (lloyd_threshold_resolve (&t, ref, th, &error));
  flags = g_new (guint8, ds->n_rows);
  lloyd_scores_flag (all, th, flags);
  lloyd_confusion_compute (flags, positive, ds->n_rows, &conf);

  /* The tutorial's loop, independently: brute-force nearest centroid, per-cluster
   * 99th percentile of the normal rows, then count the misclassifications. */
  for (guint c = 0; c < 8; c++)
    members[c] = g_array_new (FALSE, FALSE, sizeof (double));
  for (gsize i = 0; i < ds->n_rows; i++)
    if (normal[i])
      {
        double best = G_MAXDOUBLE;
        guint best_c = 0;

        for (guint c = 0; c < 8; c++)
          {
            double v = sqrt (lloyd_squared_distance (lloyd_matrix_row (x, i), centroids + c * 64, 64));
            if (v < best)
              best = v, best_c = c;
          }
        g_array_append_val (members[best_c], best);
      }
  for (guint c = 0; c < 8; c++)
    {
      g_array_sort (members[c], cmp_double);
      independent[c] = plain_percentile (members[c], 99);
      g_assert_cmpfloat_with_epsilon (th[c], independent[c], 1e-9);
      g_array_unref (members[c]);
    }
  for (gsize i = 0; i < ds->n_rows; i++)
    {
      double best = G_MAXDOUBLE;
      guint best_c = 0;

      for (guint c = 0; c < 8; c++)
        {
          double v = sqrt (lloyd_squared_distance (lloyd_matrix_row (x, i), centroids + c * 64, 64));
          if (v < best)
            best = v, best_c = c;
        }
      if (best > independent[best_c] && normal[i])
        fp++;
      else if (!(best > independent[best_c]) && !normal[i])
        fn++;
    }
  g_test_message ("digits: tp %zu fp %zu tn %zu fn %zu", conf.tp, conf.fp, conf.tn, conf.fn);
  g_assert_cmpuint (conf.fp, ==, fp);
  g_assert_cmpuint (conf.fn, ==, fn);
  g_assert_cmpuint (conf.tp + conf.fn, ==, ds->n_rows - n_train);
  g_assert_cmpuint (conf.fp + conf.tn, ==, n_train);
  /* 99th percentile per cluster: at most ~1% of each cluster's training rows. */
  g_assert_cmpuint (conf.fp, <=, n_train / 100 + 8);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/anomaly/threshold/parse", test_threshold_parse);
  g_test_add_func ("/anomaly/iris/reference", test_anomaly_iris);
  g_test_add_func ("/anomaly/threshold/count", test_anomaly_count_matches_flags);
  g_test_add_func ("/anomaly/scores/subset", test_anomaly_subset);
  g_test_add_func ("/anomaly/contributions/transform", test_anomaly_transform_contributions);
  g_test_add_func ("/anomaly/circles", test_anomaly_circles);
  g_test_add_func ("/anomaly/digits", test_anomaly_digits);
  return g_test_run ();
}
