/* test-model.c — model files: save → load → score gives identical flags; damaged,
 * edited, newer-format and mismatched files are rejected with clear errors; random
 * byte damage never crashes the loader. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "anomaly.h"
#include "kmeans.h"
#include "model.h"
#include "rng.h"
#include "test-util.h"

typedef struct
{
  LloydDataset *ds;
  LloydModel   *model;
  guint8       *flags;
  char         *dir;
  char         *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *iris = lloyd_test_shared_path ("data/iris.csv");
  g_autoptr (LloydMatrix) x = NULL;
  g_autoptr (LloydKMeans) km = NULL;
  g_autoptr (LloydScores) s = NULL;
  g_autoptr (GError) error = NULL;
  LloydLoadOptions lo;
  LloydPreprocessOptions po;
  LloydModel *m;

  if (iris == NULL)
    return;
  lloyd_load_options_init (&lo);
  f->ds = lloyd_dataset_load (iris, &lo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->ds->label_column, >=, 0);

  m = f->model = lloyd_model_new ();
  lloyd_preprocess_options_init (&po);
  po.normalize = LLOYD_NORMALIZE_ZSCORE;
  m->transform = lloyd_transform_fit (f->ds, &po, &error);
  g_assert_no_error (error);
  x = lloyd_transform_apply (m->transform, f->ds, NULL, &error);
  g_assert_no_error (error);

  km = lloyd_kmeans_new (3);
  lloyd_kmeans_set_init (km, LLOYD_INIT_KMEANSPP);
  lloyd_kmeans_set_seed (km, 7);
  g_assert_true (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  m->k = 3;
  m->d = x->d;
  m->centroids = g_memdup2 (lloyd_kmeans_get_centroids (km), 3 * x->d * sizeof (double));
  m->thresholds = g_new (double, 3);
  g_assert_true (lloyd_threshold_parse ("percentile:95", &m->threshold, NULL));
  s = lloyd_scores_compute (x, m->centroids, 3, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lloyd_threshold_resolve (&m->threshold, s, m->thresholds, &error));
  f->flags = g_new (guint8, x->n);
  g_assert_cmpuint (lloyd_scores_flag (s, m->thresholds, f->flags), >, 0);

  m->init = g_strdup (lloyd_init_to_string (LLOYD_INIT_KMEANSPP));
  m->seed = 7;
  m->data_name = g_path_get_basename (iris);
  m->data_sha256 = lloyd_file_sha256 (iris, &error);
  g_assert_no_error (error);
  m->n_rows = m->n_train = x->n;
  m->pca = lloyd_pca_fit (x, 2, 0, NULL, &error);
  g_assert_no_error (error);

  f->dir = g_dir_make_tmp ("lloyd-model-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "model.json", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->path != NULL)
    g_unlink (f->path);
  if (f->dir != NULL)
    g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->flags);
  g_clear_pointer (&f->model, lloyd_model_free);
  g_clear_pointer (&f->ds, lloyd_dataset_unref);
}

static char *
save_text (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_assert_true (lloyd_model_save (f->model, f->path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->path, &text, NULL, &error));
  return text;
}

static void
test_model_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (LloydModel) back = NULL;
  g_autoptr (LloydMatrix) x = NULL;
  g_autoptr (LloydScores) s = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *flags = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected_sum = NULL;

  if (f->ds == NULL)
    return;
  text = save_text (f);
  back = lloyd_model_load (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->k, ==, 3);
  g_assert_cmpuint (back->d, ==, 4);
  g_assert_cmpmem (back->centroids, 12 * sizeof (double), f->model->centroids, 12 * sizeof (double));
  g_assert_cmpmem (back->thresholds, 3 * sizeof (double), f->model->thresholds, 3 * sizeof (double));
  g_assert_cmpint (back->threshold.mode, ==, LLOYD_THRESHOLD_PERCENTILE);
  g_assert_cmpfloat (back->threshold.value, ==, 95.0);
  g_assert_cmpstr (back->init, ==, f->model->init);
  g_assert_cmpuint (back->seed, ==, 7);
  g_assert_cmpstr (back->data_name, ==, "iris.csv");
  g_assert_cmpstr (back->data_sha256, ==, f->model->data_sha256);
  g_assert_cmpstr (back->lloyd_version, ==, PACKAGE_VERSION);
  g_assert_null (back->normal_label);
  g_assert_nonnull (back->pca);
  g_assert_cmpmem (back->pca->components, 8 * sizeof (double), f->model->pca->components, 8 * sizeof (double));

  /* The file's hash is the hash of its bytes. */
  {
    g_autofree char *iris = lloyd_test_shared_path ("data/iris.csv");
    g_autofree char *bytes = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (iris, &bytes, &len, NULL));
    expected_sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) bytes, len);
    g_assert_cmpstr (back->data_sha256, ==, expected_sum);
  }

  /* Score with the loaded transform and thresholds: the same flags. */
  x = lloyd_model_apply (back, f->ds, NULL, &error);
  g_assert_no_error (error);
  s = lloyd_scores_compute (x, back->centroids, back->k, 0, NULL, &error);
  g_assert_no_error (error);
  flags = g_new (guint8, x->n);
  lloyd_scores_flag (s, back->thresholds, flags);
  g_assert_cmpmem (flags, x->n, f->flags, x->n);

  /* A large seed survives as a string. */
  f->model->seed = G_MAXUINT64 - 5;
  g_clear_pointer (&back, lloyd_model_free);
  g_free (save_text (f));
  back = lloyd_model_load (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->seed, ==, G_MAXUINT64 - 5);
}

/* Replaces the first @old in @text by @new. */
static char *
replace_once (const char *text,
              const char *old,
              const char *new)
{
  const char *at = strstr (text, old);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, new, at + strlen (old));
}

static void
expect_rejected (const char *text,
                 gssize      len,
                 int         code,
                 const char *fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydModel) m = lloyd_model_load_from_data (text, len < 0 ? strlen (text) : (gsize) len,
                                                         "m.json", &error);

  g_assert_null (m);
  g_assert_error (error, LLOYD_MODEL_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "m.json:"));
  if (fragment != NULL)
    g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_model_damaged (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *edited = NULL, *newer = NULL, *wrong_k = NULL, *other = NULL, *no_tr = NULL;

  if (f->ds == NULL)
    return;
  text = save_text (f);

  expect_rejected (text, strlen (text) / 2, LLOYD_MODEL_ERROR_SYNTAX, NULL);
  expect_rejected ("", 0, LLOYD_MODEL_ERROR_SYNTAX, NULL);
  expect_rejected ("{\"a\": \"\xff\"}", -1, LLOYD_MODEL_ERROR_SYNTAX, "UTF-8");
  expect_rejected ("[1, 2]", -1, LLOYD_MODEL_ERROR_FORMAT, "not a Lloyd model");
  expect_rejected ("{\"format\": \"something\"}", -1, LLOYD_MODEL_ERROR_FORMAT, "not a Lloyd model");

  /* A hand edit that keeps the structure valid: caught by the checksum. */
  edited = replace_once (text, "\"seed\" : 7", "\"seed\" : 8");
  expect_rejected (edited, -1, LLOYD_MODEL_ERROR_CHECKSUM, "checksum");

  /* A newer format: the reason names both versions. */
  newer = replace_once (text, "\"format_version\" : 1", "\"format_version\" : 2");
  expect_rejected (newer, -1, LLOYD_MODEL_ERROR_VERSION, "model format 2");

  /* Dimensions that do not agree. */
  wrong_k = replace_once (text, "\"k\" : 3", "\"k\" : 4");
  expect_rejected (wrong_k, -1, LLOYD_MODEL_ERROR_FORMAT, "centroids");
  other = replace_once (text, "\"d\" : 4", "\"d\" : 5");
  expect_rejected (other, -1, LLOYD_MODEL_ERROR_FORMAT, "model.d");
  no_tr = replace_once (text, "\"transform\"", "\"transformer\"");
  expect_rejected (no_tr, -1, LLOYD_MODEL_ERROR_FORMAT, "transform");
}

static void
test_model_mismatch (Fixture       *f,
                     gconstpointer  data)
{
  const char csv[] = "sepal_length,sepal_width,petal_length\n1,2,3\n4,5,6\n";
  g_autoptr (LloydDataset) other = NULL;
  g_autoptr (LloydMatrix) x = NULL;
  g_autoptr (GError) error = NULL;
  LloydLoadOptions lo;

  if (f->ds == NULL)
    return;
  lloyd_load_options_init (&lo);
  lo.label_column = "none";
  other = lloyd_dataset_parse (csv, strlen (csv), "three.csv", &lo, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  x = lloyd_model_apply (f->model, other, NULL, &error);
  g_assert_error (error, LLOYD_MODEL_ERROR, LLOYD_MODEL_ERROR_MISMATCH);
  g_assert_null (x);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "three.csv"));
}

static void
test_model_fuzz (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *text = NULL;
  gsize len;
  LloydRng rng;
  guint loaded = 0;

  if (f->ds == NULL)
    return;
  text = save_text (f);
  len = strlen (text);
  lloyd_rng_init (&rng, 99);
  for (guint trial = 0; trial < 300; trial++)
    {
      g_autofree char *copy = g_memdup2 (text, len + 1);
      g_autoptr (LloydModel) m = NULL;
      g_autoptr (GError) error = NULL;
      gsize cut = len;

      /* A few random bytes replaced, and sometimes the end cut off. */
      for (guint e = 0; e < 1 + trial % 4; e++)
        copy[lloyd_rng_below (&rng, len)] = (char) lloyd_rng_below (&rng, 256);
      if (trial % 5 == 0)
        cut = lloyd_rng_below (&rng, len);
      m = lloyd_model_load_from_data (copy, cut, "fuzz.json", &error);
      g_assert_true ((m == NULL) != (error == NULL));
      if (m != NULL)
        loaded++;
      else
        g_assert_true (error->domain == LLOYD_MODEL_ERROR);
    }
  /* Only damage to whitespace leaves a loadable model. */
  g_test_message ("%u of 300 damaged files still loaded", loaded);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/model/round-trip", Fixture, NULL, fixture_set_up, test_model_round_trip, fixture_tear_down);
  g_test_add ("/model/damaged", Fixture, NULL, fixture_set_up, test_model_damaged, fixture_tear_down);
  g_test_add ("/model/mismatch", Fixture, NULL, fixture_set_up, test_model_mismatch, fixture_tear_down);
  g_test_add ("/model/fuzz", Fixture, NULL, fixture_set_up, test_model_fuzz, fixture_tear_down);
  return g_test_run ();
}
