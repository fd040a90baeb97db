/* test-preprocess.c — LloydTransform: column choice, one-hot, z-scores (KDD
 * reference), log1p, applying to another file, the inverse map and JSON. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "preprocess.h"
#include "test-util.h"

static LloydDataset *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  LloydDataset *ds = lloyd_dataset_parse (text, strlen (text), "t.csv", NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return ds;
}

static void
test_one_hot_zscore (void)
{
  g_autoptr (LloydDataset) ds = parse ("x,color,c,label\n1,red,5,a\n2,blue,5,b\n3,red,5,a\n6,green,5,b\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydTransform) t = lloyd_transform_fit (ds, NULL, &error);
  g_autoptr (LloydMatrix) m = NULL;
  const char *names[] = { "x", "color=red", "color=blue", "color=green", "c", NULL };

  g_assert_no_error (error);
  g_assert_cmpuint (t->n_features, ==, 5);
  g_assert_cmpuint (t->n_sources, ==, 3);
  for (gsize f = 0; f < 5; f++)
    g_assert_cmpstr (t->feature_names[f], ==, names[f]);
  /* x: mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5. */
  g_assert_cmpfloat (t->mean[0], ==, 3.0);
  lloyd_assert_cmpfloat_rel (t->scale[0], sqrt (3.5), 1e-15);
  /* red: p = 1/2, std 1/2; the constant column c is only centered. */
  g_assert_cmpfloat (t->mean[1], ==, 0.5);
  g_assert_cmpfloat (t->scale[1], ==, 0.5);
  g_assert_cmpfloat (t->mean[4], ==, 5.0);
  g_assert_cmpfloat (t->scale[4], ==, 1.0);

  m = lloyd_transform_apply (t, ds, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (m->n, ==, 4);
  g_assert_cmpuint (m->d, ==, 5);
  lloyd_assert_cmpfloat_rel (lloyd_matrix_row (m, 0)[0], -2.0 / sqrt (3.5), 1e-15);
  g_assert_cmpfloat (lloyd_matrix_row (m, 0)[1], ==, 1.0);   /* red: (1 - .5) / .5 */
  g_assert_cmpfloat (lloyd_matrix_row (m, 1)[1], ==, -1.0);
  g_assert_cmpfloat (lloyd_matrix_row (m, 2)[4], ==, 0.0);
  /* Every z-scored column has mean 0 and population std 1 (or 0 when constant). */
  for (gsize f = 0; f < m->d; f++)
    {
      double sum = 0, sq = 0;

      for (gsize i = 0; i < m->n; i++)
        {
          sum += lloyd_matrix_row (m, i)[f];
          sq += lloyd_matrix_row (m, i)[f] * lloyd_matrix_row (m, i)[f];
        }
      g_assert_cmpfloat (fabs (sum), <, 1e-12);
      g_assert_cmpfloat (fabs (sq / m->n - (f == 4 ? 0.0 : 1.0)), <, 1e-12);
    }
}

static void
test_options (void)
{
  g_autoptr (LloydDataset) ds = parse ("x,color,bytes\n1,red,10\n2,blue,100\n");
  LloydPreprocessOptions options;
  const char *columns[] = { "bytes", "color", NULL };
  const char *logged[] = { "bytes", NULL };
  const char *bad_columns[] = { "nope", NULL };
  g_autoptr (GError) error = NULL;
  LloydTransform *t;
  double back[3];
  const double zero_point[3] = { 0, 0, 0 };

  lloyd_preprocess_options_init (&options);
  options.one_hot = FALSE;
  t = lloyd_transform_fit (ds, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->n_features, ==, 2);
  g_assert_cmpstr (t->feature_names[1], ==, "bytes");
  lloyd_transform_unref (t);

  lloyd_preprocess_options_init (&options);
  options.columns = columns;
  options.log1p_columns = logged;
  t = lloyd_transform_fit (ds, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->n_features, ==, 3);
  g_assert_cmpstr (t->feature_names[0], ==, "bytes");
  g_assert_true (t->source_log1p[0]);
  lloyd_assert_cmpfloat_rel (t->mean[0], (log1p (10) + log1p (100)) / 2, 1e-15);
  /* The inverse of the centre is the geometric-ish middle, back in original units. */
  lloyd_transform_inverse (t, zero_point, back);
  lloyd_assert_cmpfloat_rel (back[0], expm1 ((log1p (10) + log1p (100)) / 2), 1e-12);
  g_assert_cmpfloat (back[1], ==, 0.5);
  lloyd_transform_unref (t);

  options.columns = bad_columns;
  t = lloyd_transform_fit (ds, &options, &error);
  g_assert_null (t);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN);
  g_clear_error (&error);

  options.normalize = LLOYD_NORMALIZE_NONE;
  options.columns = NULL;
  options.log1p_columns = NULL;
  t = lloyd_transform_fit (ds, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (t->mean[0], ==, 0.0);
  g_assert_cmpfloat (t->scale[0], ==, 1.0);
  lloyd_transform_unref (t);
}

static void
test_log1p_negative (void)
{
  g_autoptr (LloydDataset) ds = parse ("x,w\n1,-2\n2,3\n");
  LloydPreprocessOptions options;
  const char *logged[] = { "w", NULL };
  g_autoptr (GError) error = NULL;
  LloydTransform *t;

  lloyd_preprocess_options_init (&options);
  options.log1p_columns = logged;
  t = lloyd_transform_fit (ds, &options, &error);
  g_assert_null (t);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN);
  g_assert_nonnull (strstr (error->message, "negative"));
}

/* Train on one file, score another: same statistics, unseen values all zero,
 * a missing column an error. */
static void
test_apply_other (void)
{
  g_autoptr (LloydDataset) train = parse ("proto,x\ntcp,1\nudp,3\n");
  g_autoptr (LloydDataset) test = parse ("proto,x,extra\nicmp,5,1\nudp,1,2\n");
  g_autoptr (LloydDataset) missing = parse ("proto,z\ntcp,1\nudp,2\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydTransform) t = lloyd_transform_fit (train, NULL, &error);
  g_autoptr (LloydMatrix) m = NULL;
  LloydMatrix *none;

  g_assert_no_error (error);
  m = lloyd_transform_apply (t, test, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (m->d, ==, 3);
  g_assert_cmpstr (t->feature_names[1], ==, "proto=udp");
  g_assert_cmpfloat (lloyd_matrix_row (m, 0)[0], ==, -1.0); /* icmp unseen: tcp = 0 → (0 - .5) / .5 */
  g_assert_cmpfloat (lloyd_matrix_row (m, 0)[1], ==, -1.0);
  g_assert_cmpfloat (lloyd_matrix_row (m, 0)[2], ==, 3.0);  /* (5 - 2) / 1 */
  g_assert_cmpfloat (lloyd_matrix_row (m, 1)[1], ==, 1.0);

  none = lloyd_transform_apply (t, missing, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN);
}

/* Near the largest double, z-scores stay finite. */
static void
test_extreme_values (void)
{
  g_autoptr (LloydDataset) ds = parse ("a,b\n1e308,1\n1.7e308,2\n-1.7e308,3\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydTransform) t = lloyd_transform_fit (ds, NULL, &error);
  g_autoptr (LloydMatrix) m = NULL;

  g_assert_no_error (error);
  m = lloyd_transform_apply (t, ds, NULL, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < m->n * m->d; i++)
    g_assert_true (isfinite (m->data[i]));
}

static void
test_fit_rows (void)
{
  g_autoptr (LloydDataset) ds = parse ("x\n1\n2\n100\n");
  const gboolean mask[] = { TRUE, TRUE, FALSE };
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydTransform) t = lloyd_transform_fit_rows (ds, mask, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpfloat (t->mean[0], ==, 1.5);
  g_assert_cmpfloat (t->scale[0], ==, 0.5);
}

static void
test_json_roundtrip (void)
{
  g_autoptr (LloydDataset) ds = parse ("x,color,bytes\n1,red,10\n2,\"blue \"\"b\"\"\",100\n4,red,7\n");
  LloydPreprocessOptions options;
  const char *logged[] = { "bytes", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydTransform) t = NULL;
  g_autoptr (LloydTransform) back = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (LloydMatrix) a = NULL;
  g_autoptr (LloydMatrix) b = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;

  lloyd_preprocess_options_init (&options);
  options.log1p_columns = logged;
  t = lloyd_transform_fit (ds, &options, &error);
  g_assert_no_error (error);
  node = lloyd_transform_to_json (t);
  text = json_to_string (node, FALSE);
  /* Through text, as a model file does. */
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  back = lloyd_transform_from_json (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->n_features, ==, t->n_features);
  for (gsize f = 0; f < t->n_features; f++)
    {
      g_assert_cmpstr (back->feature_names[f], ==, t->feature_names[f]);
      g_assert_cmpfloat (back->mean[f], ==, t->mean[f]);
      g_assert_cmpfloat (back->scale[f], ==, t->scale[f]);
    }
  a = lloyd_transform_apply (t, ds, NULL, &error);
  g_assert_no_error (error);
  b = lloyd_transform_apply (back, ds, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (a->data, a->n * a->d * sizeof (double), b->data, b->n * b->d * sizeof (double));
}

static void
test_json_bad (void)
{
  const char *cases[] = {
    "[]",
    "{\"version\": 1}",
    "{\"version\": 2, \"normalize\": \"zscore\", \"one_hot\": true, \"sources\": [], \"features\": []}",
    "{\"version\": 1, \"normalize\": \"minmax\", \"one_hot\": true, \"sources\": [], \"features\": []}",
    "{\"version\": 1, \"normalize\": \"none\", \"one_hot\": true, \"sources\": [{\"name\": \"x\", \"kind\": \"numeric\"}], \"features\": []}",
    "{\"version\": 1, \"normalize\": \"none\", \"one_hot\": true, \"sources\": [{\"name\": \"x\", \"kind\": \"numeric\"}],"
    " \"features\": [{\"name\": \"x\", \"source\": 0, \"mean\": 0, \"scale\": 0}]}",
    "{\"version\": 1, \"normalize\": \"none\", \"one_hot\": true, \"sources\": [{\"name\": \"x\", \"kind\": \"categorical\", \"levels\": [1]}],"
    " \"features\": [{\"name\": \"x\", \"source\": 0, \"mean\": 0, \"scale\": 1}]}",
    "{\"version\": 1, \"normalize\": \"none\", \"one_hot\": true, \"sources\": [{\"name\": \"x\", \"kind\": \"numeric\"}],"
    " \"features\": [{\"name\": \"x\", \"source\": 3, \"mean\": 0, \"scale\": 1}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;
      LloydTransform *t;

      json_parser_load_from_data (parser, cases[i], -1, &error);
      g_assert_no_error (error);
      t = lloyd_transform_from_json (json_parser_get_root (parser), &error);
      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(none)");
      g_assert_null (t);
      g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_PARSE);
    }
}

/* The KDD notebook's transform: 118 features, z-scores from the reference to
 * 1e-9, zero-variance columns only centered. */
static void
test_kdd10 (void)
{
  g_autoptr (JsonNode) ref = lloyd_test_load_reference ("kdd10_summary.json");
  g_autofree char *path = lloyd_test_shared_path ("data/kddcup.data_10_percent.gz");
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = NULL;
  g_autoptr (LloydTransform) t = NULL;
  g_autoptr (LloydMatrix) m = NULL;
  g_autoptr (GArray) means = NULL;
  g_autoptr (GArray) stds = NULL;
  JsonObject *o;
  gsize k = 0;

  if (ref == NULL || path == NULL)
    return;
  o = json_node_get_object (ref);
  means = lloyd_test_json_doubles (o, "numeric_means");
  stds = lloyd_test_json_doubles (o, "numeric_std_ddof0");
  ds = lloyd_dataset_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  t = lloyd_transform_fit (ds, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->n_features, ==, json_object_get_int_member (o, "one_hot_dimension"));
  g_assert_cmpstr (t->feature_names[1], ==, "protocol_type=tcp");
  for (gsize f = 0; f < t->n_features; f++)
    {
      double ref_mean, ref_std;

      if (t->source_kinds[t->feature_source[f]] != LLOYD_COLUMN_NUMERIC)
        continue;
      ref_mean = g_array_index (means, double, k);
      ref_std = g_array_index (stds, double, k);
      g_assert_cmpfloat (fabs (t->mean[f] - ref_mean), <=, 1e-9 * fabs (ref_mean));
      if (ref_std == 0.0)
        g_assert_cmpfloat (t->scale[f], ==, 1.0);
      else
        g_assert_cmpfloat (fabs (t->scale[f] - ref_std), <=, 1e-9 * ref_std);
      k++;
    }
  g_assert_cmpuint (k, ==, 38);
  m = lloyd_transform_apply (t, ds, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (m->n, ==, 494021);
  g_assert_cmpuint (m->d, ==, 118);
  for (gsize i = 0; i < m->n * m->d; i += 997)
    g_assert_true (isfinite (m->data[i]));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/preprocess/one-hot-zscore", test_one_hot_zscore);
  g_test_add_func ("/preprocess/options", test_options);
  g_test_add_func ("/preprocess/log1p/negative", test_log1p_negative);
  g_test_add_func ("/preprocess/apply/other-file", test_apply_other);
  g_test_add_func ("/preprocess/fit-rows", test_fit_rows);
  g_test_add_func ("/preprocess/extreme-values", test_extreme_values);
  g_test_add_func ("/preprocess/json/roundtrip", test_json_roundtrip);
  g_test_add_func ("/preprocess/json/bad", test_json_bad);
  g_test_add_func ("/preprocess/kdd10", test_kdd10);
  return g_test_run ();
}
