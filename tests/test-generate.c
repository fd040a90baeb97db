/* test-generate.c — synthetic data: determinism for a seed, blob sizes and
 * spreads, moons' shape, anomalies and their labels, bad parameters. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "generate.h"
#include "test-util.h"

static gboolean
same_data (const LloydDataset *a,
           const LloydDataset *b)
{
  if (a->n_rows != b->n_rows || a->n_columns != b->n_columns)
    return FALSE;
  for (gsize j = 0; j < a->n_columns; j++)
    {
      const LloydColumn *x = &a->columns[j], *y = &b->columns[j];

      if (x->values != NULL && memcmp (x->values, y->values, a->n_rows * sizeof (double)) != 0)
        return FALSE;
      if (x->codes != NULL && memcmp (x->codes, y->codes, a->n_rows * sizeof (guint32)) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
test_blobs_deterministic (void)
{
  LloydGenerateOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) a = NULL;
  g_autoptr (LloydDataset) b = NULL;
  g_autoptr (LloydDataset) c = NULL;

  lloyd_generate_options_init (&o);
  o.seed = 42;
  a = lloyd_generate_blobs (&o, &error);
  g_assert_no_error (error);
  b = lloyd_generate_blobs (&o, &error);
  g_assert_no_error (error);
  o.seed = 43;
  c = lloyd_generate_blobs (&o, &error);
  g_assert_no_error (error);
  g_assert_true (same_data (a, b));
  g_assert_false (same_data (a, c));
  /* A known value pins the stream across machines and versions. */
  g_assert_cmpfloat (a->columns[0].values[0], ==, 11.561996649658928);
}

static void
test_blobs_shape (void)
{
  LloydGenerateOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = NULL;
  gsize counts[4] = { 0 };
  double sum[4][3] = { { 0 } }, sq[4][3] = { { 0 } };
  const LloydColumn *label;

  lloyd_generate_options_init (&o);
  o.n = 4002;
  o.centers = 4;
  o.dims = 3;
  o.std = 0.5;
  o.seed = 7;
  ds = lloyd_generate_blobs (&o, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_rows, ==, 4002);
  g_assert_cmpuint (ds->n_columns, ==, 4);
  g_assert_cmpint (ds->format, ==, LLOYD_FORMAT_GENERATED);
  g_assert_cmpstr (ds->columns[2].name, ==, "x2");
  g_assert_cmpint (ds->label_column, ==, 3);
  label = &ds->columns[3];
  g_assert_cmpuint (label->levels->len, ==, 4);
  for (gsize i = 0; i < ds->n_rows; i++)
    {
      guint g = label->codes[i];

      counts[g]++;
      for (int j = 0; j < 3; j++)
        {
          double x = ds->columns[j].values[i];

          sum[g][j] += x;
          sq[g][j] += x * x;
        }
    }
  /* make_blobs' split: 4002 / 4 = 1000 r 2, the first two get one more. */
  g_assert_cmpuint (counts[0], ==, 1001);
  g_assert_cmpuint (counts[1], ==, 1001);
  g_assert_cmpuint (counts[2], ==, 1000);
  g_assert_cmpuint (counts[3], ==, 1000);
  for (int g = 0; g < 4; g++)
    for (int j = 0; j < 3; j++)
      {
        double mean = sum[g][j] / counts[g];
        double std = sqrt (sq[g][j] / counts[g] - mean * mean);

        g_assert_cmpfloat (mean, >, -10.0 - 0.2);
        g_assert_cmpfloat (mean, <, 10.0 + 0.2);
        /* 1000 draws: the sample std is within a few percent of 0.5. */
        g_assert_cmpfloat (fabs (std - 0.5), <, 0.05);
      }
  /* Shuffled: the first rows are not all from blob 0. */
  {
    gboolean mixed = FALSE;

    for (gsize i = 1; i < 20; i++)
      mixed = mixed || label->codes[i] != label->codes[0];
    g_assert_true (mixed);
  }
}

static void
test_anomalies (void)
{
  LloydGenerateOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = NULL;
  const LloydColumn *label;
  double lo[2] = { G_MAXDOUBLE, G_MAXDOUBLE }, hi[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };
  gsize n_anomalies = 0;

  lloyd_generate_options_init (&o);
  o.n = 500;
  o.anomalies = 25;
  o.seed = 3;
  ds = lloyd_generate_blobs (&o, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ds->n_rows, ==, 525);
  label = &ds->columns[ds->label_column];
  g_assert_cmpstr (g_ptr_array_index (label->levels, 0), ==, "normal");
  g_assert_cmpstr (g_ptr_array_index (label->levels, 1), ==, "anomaly");
  for (gsize i = 0; i < ds->n_rows; i++)
    if (label->codes[i] == 0)
      for (int j = 0; j < 2; j++)
        {
          lo[j] = MIN (lo[j], ds->columns[j].values[i]);
          hi[j] = MAX (hi[j], ds->columns[j].values[i]);
        }
  for (gsize i = 0; i < ds->n_rows; i++)
    if (label->codes[i] == 1)
      {
        n_anomalies++;
        for (int j = 0; j < 2; j++)
          {
            double pad = 0.25 * (hi[j] - lo[j]);

            g_assert_cmpfloat (ds->columns[j].values[i], >=, lo[j] - pad - 1e-12);
            g_assert_cmpfloat (ds->columns[j].values[i], <=, hi[j] + pad + 1e-12);
          }
      }
  g_assert_cmpuint (n_anomalies, ==, 25);
}

static void
test_moons (void)
{
  LloydGenerateOptions o;
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = NULL;
  g_autoptr (LloydDataset) again = NULL;

  lloyd_generate_options_init (&o);
  o.n = 201;
  o.noise = 0.0;
  o.seed = 11;
  ds = lloyd_generate_moons (&o, &error);
  g_assert_no_error (error);
  again = lloyd_generate_moons (&o, &error);
  g_assert_no_error (error);
  g_assert_true (same_data (ds, again));
  g_assert_cmpuint (ds->n_columns, ==, 3);
  for (gsize i = 0; i < ds->n_rows; i++)
    {
      double x = ds->columns[0].values[i], y = ds->columns[1].values[i];
      guint g = ds->columns[2].codes[i];
      /* Without noise every point lies on its unit half circle. */
      double r = g == 0 ? hypot (x, y) : hypot (x - 1.0, y - 0.5);

      g_assert_cmpfloat (fabs (r - 1.0), <, 1e-12);
      g_assert_cmpfloat (g == 0 ? y : -(y - 0.5), >=, -1e-12);
    }
}

static void
test_demo (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) ds = lloyd_generate_demo_blobs (0, &error);
  g_autoptr (LloydDataset) again = lloyd_generate_demo_blobs (0, &error);
  gsize anomalies = 0;

  g_assert_no_error (error);
  g_assert_true (same_data (ds, again));
  g_assert_cmpuint (ds->n_rows, ==, 360);
  for (gsize i = 0; i < ds->n_rows; i++)
    if (g_strcmp0 (lloyd_dataset_get_label (ds, i), "anomaly") == 0)
      {
        double x = ds->columns[0].values[i];

        anomalies++;
        /* One of the tutorial's two anomalous centres, x ≈ −1.66 or ≈ −10.0. */
        g_assert_true (fabs (x + 1.66) < 2.0 || fabs (x + 10.0) < 2.0);
      }
  g_assert_cmpuint (anomalies, ==, 60);
}

static void
test_bad_options (void)
{
  LloydGenerateOptions o;

  for (int k = 0; k < 5; k++)
    {
      g_autoptr (GError) error = NULL;
      LloydDataset *ds;

      lloyd_generate_options_init (&o);
      switch (k)
        {
        case 0: o.n = 0; break;
        case 1: o.dims = 0; break;
        case 2: o.centers = 0; break;
        case 3: o.std = NAN; break;
        default: o.box_min = 5; o.box_max = -5; break;
        }
      ds = lloyd_generate_blobs (&o, &error);
      g_assert_null (ds);
      g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/generate/blobs/deterministic", test_blobs_deterministic);
  g_test_add_func ("/generate/blobs/shape", test_blobs_shape);
  g_test_add_func ("/generate/blobs/anomalies", test_anomalies);
  g_test_add_func ("/generate/moons", test_moons);
  g_test_add_func ("/generate/demo", test_demo);
  g_test_add_func ("/generate/bad-options", test_bad_options);
  return g_test_run ();
}
