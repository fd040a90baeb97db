/* generate.c — synthetic datasets from a seed: Gaussian blobs, two moons and
 * injected anomalies. The same seed gives the same rows on every machine (one
 * LloydRng stream, drawn in a fixed order).
 *
 * Labels: with anomalies the label column says "normal" or "anomaly"; blobs
 * without anomalies are labelled by their blob ("0", "1", …, as make_blobs' y),
 * moons without anomalies by their moon ("0", "1"). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dataset-private.h"
#include "generate.h"
#include "rng.h"

#define MAX_ROWS ((gsize) 1 << 31)

void
lloyd_generate_options_init (LloydGenerateOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  /* make_blobs' defaults. */
  options->n = 300;
  options->centers = 3;
  options->dims = 2;
  options->std = 1.0;
  options->box_min = -10.0;
  options->box_max = 10.0;
  options->anomalies = 0;
  options->anomaly_kind = LLOYD_ANOMALIES_UNIFORM;
  options->noise = 0.05;
  options->seed = 0;
}

static gboolean
check_options (const LloydGenerateOptions *o,
               gboolean                    moons,
               GError                    **error)
{
  const char *problem = NULL;

  if (o->n == 0)
    problem = N_("n must be at least 1");
  else if (o->n > MAX_ROWS || o->anomalies > MAX_ROWS)
    problem = N_("n and anomalies must be at most 2^31");
  else if (!moons && (o->dims == 0 || o->dims > 10000))
    problem = N_("dims must be from 1 to 10000");
  else if (!moons && (o->centers == 0 || o->centers > o->n))
    problem = N_("centers must be from 1 to n");
  else if (!moons && !(isfinite (o->std) && o->std >= 0.0))
    problem = N_("std must be a finite number ≥ 0");
  else if (!moons && !(isfinite (o->box_min) && isfinite (o->box_max) && o->box_min <= o->box_max))
    problem = N_("the box must be finite with box_min ≤ box_max");
  else if (moons && !(isfinite (o->noise) && o->noise >= 0.0))
    problem = N_("noise must be a finite number ≥ 0");
  else if (o->anomaly_kind != LLOYD_ANOMALIES_UNIFORM && o->anomaly_kind != LLOYD_ANOMALIES_BLOBS)
    problem = N_("unknown kind of anomalies");
  if (problem != NULL)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                   _("cannot generate data: %s"), _(problem));
      return FALSE;
    }
  return TRUE;
}

/* An empty generated dataset: @dims numeric columns x0… and a label column. */
static LloydDataset *
new_generated (const char *name,
               gsize       n_rows,
               guint       dims,
               GError    **error)
{
  g_autoptr (LloydDataset) ds = _lloyd_dataset_new (n_rows, dims + 1);

  ds->name = g_strdup (name);
  ds->format = LLOYD_FORMAT_GENERATED;
  for (guint j = 0; j <= dims; j++)
    {
      LloydColumn *column = &ds->columns[j];

      column->kind = j < dims ? LLOYD_COLUMN_NUMERIC : LLOYD_COLUMN_LABEL;
      column->name = j < dims ? g_strdup_printf ("x%u", j) : g_strdup ("label");
      if (!_lloyd_column_alloc (column, n_rows, error))
        return NULL;
    }
  ds->label_column = dims;
  return g_steal_pointer (&ds);
}

/* Anomalies after the first @n_normal rows: uniform in the normal rows' bounding
 * box enlarged by 50% (25% on each side), or two small blobs whose centres are
 * uniform in that box, with a quarter of @std. */
static void
add_anomalies (LloydDataset               *ds,
               gsize                       n_normal,
               guint                       dims,
               const LloydGenerateOptions *o,
               double                      std,
               LloydRng                   *rng)
{
  g_autofree double *lo = g_new (double, dims);
  g_autofree double *hi = g_new (double, dims);
  g_autofree double *blob_centers = g_new (double, 2 * dims);

  for (guint j = 0; j < dims; j++)
    {
      const double *x = ds->columns[j].values;
      double min = x[0], max = x[0], pad;

      for (gsize i = 1; i < n_normal; i++)
        {
          min = MIN (min, x[i]);
          max = MAX (max, x[i]);
        }
      pad = 0.25 * (max - min);
      lo[j] = min - pad;
      hi[j] = max + pad;
    }
  for (guint b = 0; b < 2; b++)
    for (guint j = 0; j < dims; j++)
      blob_centers[b * dims + j] = lo[j] + (hi[j] - lo[j]) * lloyd_rng_uniform (rng);
  for (gsize i = n_normal; i < ds->n_rows; i++)
    {
      guint b = (guint) ((i - n_normal) % 2);

      for (guint j = 0; j < dims; j++)
        ds->columns[j].values[i] = o->anomaly_kind == LLOYD_ANOMALIES_UNIFORM
          ? lo[j] + (hi[j] - lo[j]) * lloyd_rng_uniform (rng)
          : blob_centers[b * dims + j] + 0.25 * std * lloyd_rng_normal (rng);
    }
}

/* Shuffles rows (all columns together) so blobs are not in runs, as make_blobs does. */
static void
shuffle_rows (LloydDataset *ds,
              LloydRng     *rng)
{
  for (gsize i = ds->n_rows; i > 1; i--)
    {
      gsize k = (gsize) lloyd_rng_below (rng, i);

      for (gsize j = 0; j < ds->n_columns; j++)
        {
          LloydColumn *c = &ds->columns[j];

          if (c->values != NULL)
            {
              double t = c->values[i - 1];
              c->values[i - 1] = c->values[k];
              c->values[k] = t;
            }
          else
            {
              guint32 t = c->codes[i - 1];
              c->codes[i - 1] = c->codes[k];
              c->codes[k] = t;
            }
        }
    }
}

static void
set_labels (LloydDataset *ds,
            gsize         n_normal,
            guint         n_groups,
            const guint  *group,
            gboolean      anomalies)
{
  LloydColumn *label = &ds->columns[ds->label_column];

  if (anomalies)
    {
      g_ptr_array_add (label->levels, g_strdup ("normal"));
      g_ptr_array_add (label->levels, g_strdup ("anomaly"));
      for (gsize i = 0; i < ds->n_rows; i++)
        label->codes[i] = i < n_normal ? 0 : 1;
      return;
    }
  for (guint g = 0; g < n_groups; g++)
    g_ptr_array_add (label->levels, g_strdup_printf ("%u", g));
  for (gsize i = 0; i < ds->n_rows; i++)
    label->codes[i] = group[i];
}

static LloydDataset *
blobs_at (const LloydGenerateOptions *o,
          const double               *centers,
          const char                 *name,
          GError                    **error)
{
  g_autoptr (LloydDataset) ds = NULL;
  g_autofree guint *group = NULL;
  LloydRng rng;
  gsize n_total = o->n + o->anomalies;

  lloyd_rng_init (&rng, o->seed);
  ds = new_generated (name, n_total, o->dims, error);
  if (ds == NULL)
    return NULL;
  group = g_try_new (guint, n_total);
  if (group == NULL)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_TOO_LARGE,
                   _("cannot generate %zu rows: not enough memory"), n_total);
      return NULL;
    }
  {
    g_autofree double *drawn = NULL;

    if (centers == NULL)
      {
        drawn = g_new (double, (gsize) o->centers * o->dims);
        for (gsize c = 0; c < (gsize) o->centers * o->dims; c++)
          drawn[c] = o->box_min + (o->box_max - o->box_min) * lloyd_rng_uniform (&rng);
        centers = drawn;
      }
    /* n / centers points each, the first n % centers blobs one more (make_blobs). */
    for (gsize i = 0, c = 0, in_blob = 0; i < o->n; i++)
      {
        gsize size = o->n / o->centers + (c < o->n % o->centers ? 1 : 0);

        if (in_blob == size)
          {
            c++;
            in_blob = 0;
          }
        group[i] = (guint) c;
        for (guint j = 0; j < o->dims; j++)
          ds->columns[j].values[i] = centers[c * o->dims + j] + o->std * lloyd_rng_normal (&rng);
        in_blob++;
      }
  }
  if (o->anomalies > 0)
    add_anomalies (ds, o->n, o->dims, o, o->std, &rng);
  set_labels (ds, o->n, o->centers, group, o->anomalies > 0);
  shuffle_rows (ds, &rng);
  return g_steal_pointer (&ds);
}

LloydDataset *
lloyd_generate_blobs (const LloydGenerateOptions *options,
                      GError                    **error)
{
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_options (options, FALSE, error))
    return NULL;
  return blobs_at (options, NULL, "blobs", error);
}

/* Two interleaved half circles (as scikit-learn's make_moons): the outer one
 * (cos t, sin t) and the inner one (1 − cos t, ½ − sin t), t uniform in [0, π]. */
LloydDataset *
lloyd_generate_moons (const LloydGenerateOptions *options,
                      GError                    **error)
{
  const LloydGenerateOptions *o = options;
  g_autoptr (LloydDataset) ds = NULL;
  g_autofree guint *group = NULL;
  LloydRng rng;
  gsize n_total, n_outer;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_options (options, TRUE, error))
    return NULL;
  n_total = o->n + o->anomalies;
  n_outer = o->n / 2 + o->n % 2;
  lloyd_rng_init (&rng, o->seed);
  ds = new_generated ("moons", n_total, 2, error);
  if (ds == NULL)
    return NULL;
  group = g_new (guint, n_total);
  for (gsize i = 0; i < o->n; i++)
    {
      gboolean outer = i < n_outer;
      double t = G_PI * lloyd_rng_uniform (&rng);
      double x = outer ? cos (t) : 1.0 - cos (t);
      double y = outer ? sin (t) : 0.5 - sin (t);

      group[i] = outer ? 0 : 1;
      ds->columns[0].values[i] = x + o->noise * lloyd_rng_normal (&rng);
      ds->columns[1].values[i] = y + o->noise * lloyd_rng_normal (&rng);
    }
  if (o->anomalies > 0)
    add_anomalies (ds, o->n, 2, o, MAX (o->noise, 0.05) * 4.0, &rng);
  set_labels (ds, o->n, 2, group, o->anomalies > 0);
  shuffle_rows (ds, &rng);
  return g_steal_pointer (&ds);
}

LloydDataset *
lloyd_generate_demo_blobs (guint64  seed,
                           GError **error)
{
  /* The anomaly tutorial: make_blobs(300, centers=3, cluster_std=0.4,
   * random_state=0) has these centres; its anomalous make_blobs(random_state=1)
   * has its two blobs at the centres used below, made small (60 points). */
  static const double normal_centers[] = {
    0.9762700785464951, 4.30378732744839,
    2.055267521432878, 0.8976636599379368,
    -1.5269040132219054, 2.917882261333123,
  };
  static const double anomaly_centers[] = {
    -1.6595599059485195, 4.4064898688431615,
    -9.997712503653101, -3.9533485473632046,
  };
  LloydGenerateOptions o;
  g_autoptr (LloydDataset) ds = NULL;
  LloydRng base, rng;

  lloyd_generate_options_init (&o);
  o.n = 300;
  o.centers = 3;
  o.dims = 2;
  o.std = 0.4;
  o.anomalies = 60;
  o.anomaly_kind = LLOYD_ANOMALIES_BLOBS;
  o.seed = seed;
  ds = blobs_at (&o, normal_centers, "demo-blobs", error);
  if (ds == NULL)
    return NULL;
  /* Put the anomalies on the tutorial's two centres (same spread as the normal
   * blobs), drawn from a stream of their own so the normal points stay put. */
  lloyd_rng_init (&base, seed);
  lloyd_rng_fork (&base, 1, &rng);
  for (gsize i = 0; i < ds->n_rows; i++)
    {
      LloydColumn *label = &ds->columns[ds->label_column];

      if (label->codes[i] == 1)
        {
          guint b = (guint) lloyd_rng_below (&rng, 2);

          ds->columns[0].values[i] = anomaly_centers[2 * b] + o.std * lloyd_rng_normal (&rng);
          ds->columns[1].values[i] = anomaly_centers[2 * b + 1] + o.std * lloyd_rng_normal (&rng);
        }
    }
  g_free (ds->name);
  ds->name = g_strdup ("demo-blobs");
  return g_steal_pointer (&ds);
}
