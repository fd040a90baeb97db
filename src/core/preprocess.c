/* preprocess.c — fitting and applying LloydTransform: column selection, one-hot
 * encoding, optional log1p, z-scores, the inverse map and the JSON form.
 *
 * Rules:
 * - One-hot features are named "column=value", values in the dataset's order of
 *   first appearance; every level of the dictionary gets a feature, even one absent
 *   from the rows used for fitting (it is then constant 0 and only centered).
 * - Z-scores use the population deviation (ddof = 0) over the fitted rows; a
 *   feature with zero deviation is only centered (scale 1), as the KDD notebook does.
 * - log1p is applied before the statistics; a negative value is an error at fit and
 *   at apply time (log1p of a value below 0 is not what anyone meant). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dataset-private.h"
#include "distance.h"
#include "json-read.h"
#include "preprocess.h"

#define TRANSFORM_JSON_VERSION 1
#define APPLY_BLOCK 256

void
lloyd_preprocess_options_init (LloydPreprocessOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->one_hot = TRUE;
  options->normalize = LLOYD_NORMALIZE_ZSCORE;
}

static LloydTransform *
transform_new (gsize n_sources,
               gsize n_features)
{
  LloydTransform *t = g_new0 (LloydTransform, 1);

  g_atomic_ref_count_init (&t->ref_count);
  t->n_sources = n_sources;
  t->source_names = g_new0 (char *, n_sources + 1);
  t->source_kinds = g_new0 (LloydColumnKind, MAX (n_sources, 1));
  t->source_levels = g_new0 (GPtrArray *, MAX (n_sources, 1));
  t->source_log1p = g_new0 (gboolean, MAX (n_sources, 1));
  t->n_features = n_features;
  t->feature_names = g_new0 (char *, n_features + 1);
  t->feature_source = g_new0 (guint, MAX (n_features, 1));
  t->mean = g_new0 (double, MAX (n_features, 1));
  t->scale = g_new0 (double, MAX (n_features, 1));
  for (gsize f = 0; f < n_features; f++)
    t->scale[f] = 1.0;
  return t;
}

LloydTransform *
lloyd_transform_ref (LloydTransform *transform)
{
  g_return_val_if_fail (transform != NULL, NULL);

  g_atomic_ref_count_inc (&transform->ref_count);
  return transform;
}

void
lloyd_transform_unref (LloydTransform *transform)
{
  g_return_if_fail (transform != NULL);

  if (!g_atomic_ref_count_dec (&transform->ref_count))
    return;
  for (gsize s = 0; s < transform->n_sources; s++)
    g_clear_pointer (&transform->source_levels[s], g_ptr_array_unref);
  g_strfreev (transform->feature_names);
  g_strfreev (transform->source_names);
  g_free (transform->feature_source);
  g_free (transform->source_kinds);
  g_free (transform->source_levels);
  g_free (transform->source_log1p);
  g_free (transform->mean);
  g_free (transform->scale);
  g_free (transform);
}

static gboolean
name_in (const char *const *list,
         const char         *name)
{
  return list != NULL && g_strv_contains (list, name);
}

/* Finds column @name in @dataset for source @s, checking its kind fits. Sources
 * usually sit in the dataset's order: column @hint is tried first, so 100,000
 * columns are not 10^10 name comparisons. */
static int
find_source_column (const LloydTransform *t,
                    gsize                 s,
                    const LloydDataset   *dataset,
                    gsize                 hint,
                    GError              **error)
{
  int j = hint < dataset->n_columns && g_strcmp0 (dataset->columns[hint].name, t->source_names[s]) == 0
            ? (int) hint : lloyd_dataset_find_column (dataset, t->source_names[s]);
  LloydColumnKind kind;

  if (j < 0)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                   _("%s: no column “%s”, which the model was fitted with"),
                   dataset->name != NULL ? dataset->name : _("data"), t->source_names[s]);
      return -1;
    }
  kind = dataset->columns[j].kind;
  if ((t->source_kinds[s] == LLOYD_COLUMN_NUMERIC) != (kind == LLOYD_COLUMN_NUMERIC))
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                   _("%s: column “%s” is %s here but was %s when the model was fitted"),
                   dataset->name != NULL ? dataset->name : _("data"), t->source_names[s],
                   lloyd_column_kind_to_display (kind),
                   lloyd_column_kind_to_display (t->source_kinds[s]));
      return -1;
    }
  return j;
}

static gboolean
check_log1p_domain (const LloydDataset *dataset,
                    int                 j,
                    GError            **error)
{
  const double *x = dataset->columns[j].values;

  for (gsize i = 0; i < dataset->n_rows; i++)
    if (!(x[i] >= 0.0))
      {
        g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                     _("%s: column “%s” has the negative value %g (row %zu), so log1p cannot be applied to it"),
                     dataset->name != NULL ? dataset->name : _("data"), dataset->columns[j].name,
                     x[i], i + 1);
        return FALSE;
      }
  return TRUE;
}

/* The z-score statistics of the numeric features, one column per block on both
 * cores: each column's statistics are computed whole by one thread, so they are
 * the same for any thread count. */
typedef struct
{
  const LloydDataset *dataset;
  const gboolean     *row_mask;
  const int          *columns;   /* per job: dataset column */
  const gboolean     *log1p;     /* per job */
  double             *mean;      /* per job */
  double             *std;       /* per job */
  gint                failed;    /* 1 + a job whose log1p buffer did not fit, or 0 */
} StatsJob;

static void
stats_block (gsize    b,
             gpointer data)
{
  StatsJob *job = data;
  const LloydColumn *column = &job->dataset->columns[job->columns[b]];
  const gsize n_rows = job->dataset->n_rows;

  if (job->log1p[b])
    {
      g_autofree double *logged = g_try_new (double, MAX (n_rows, 1));

      if (logged == NULL)
        {
          g_atomic_int_set (&job->failed, (gint) b + 1);
          return;
        }
      for (gsize i = 0; i < n_rows; i++)
        logged[i] = log1p (column->values[i]);
      _lloyd_stats (logged, n_rows, job->row_mask, &job->mean[b], &job->std[b]);
    }
  else
    _lloyd_stats (column->values, n_rows, job->row_mask, &job->mean[b], &job->std[b]);
}

static gboolean
numeric_stats (LloydTransform     *t,
               const LloydDataset *dataset,
               const gboolean     *row_mask,
               const int          *sources,
               const char         *name,
               GError            **error)
{
  g_autofree int *columns = g_new (int, MAX (t->n_features, 1));
  g_autofree gboolean *log1p_flags = g_new (gboolean, MAX (t->n_features, 1));
  g_autofree gsize *features = g_new (gsize, MAX (t->n_features, 1));
  g_autofree double *mean = g_new (double, MAX (t->n_features, 1));
  g_autofree double *std = g_new (double, MAX (t->n_features, 1));
  StatsJob job = { dataset, row_mask, columns, log1p_flags, mean, std, 0 };
  gsize n_jobs = 0;

  for (gsize f = 0; f < t->n_features; f++)
    {
      gsize s = t->feature_source[f];

      if (t->source_kinds[s] != LLOYD_COLUMN_NUMERIC)
        continue;
      columns[n_jobs] = sources[s];
      log1p_flags[n_jobs] = t->source_log1p[s];
      features[n_jobs++] = f;
    }
  if (n_jobs == 0)
    return TRUE;
  /* Not cancellable, so it cannot fail; threads only pay off on long columns. */
  _lloyd_parallel_blocks ((guint) n_jobs, dataset->n_rows >= 16384 ? 0 : 1, stats_block, &job,
                          NULL, NULL);
  if (job.failed)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_TOO_LARGE,
                   _("%s: not enough memory for log1p of “%s”"), name,
                   dataset->columns[columns[job.failed - 1]].name);
      return FALSE;
    }
  for (gsize b = 0; b < n_jobs; b++)
    {
      t->mean[features[b]] = mean[b];
      t->scale[features[b]] = std[b] > 0.0 ? std[b] : 1.0;
    }
  return TRUE;
}

LloydTransform *
lloyd_transform_fit_rows (const LloydDataset           *dataset,
                          const gboolean               *row_mask,
                          const LloydPreprocessOptions *options,
                          GError                      **error)
{
  LloydPreprocessOptions defaults;
  g_autoptr (GArray) sources = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (LloydTransform) t = NULL;
  gsize n_features = 0, f = 0;
  const char *name = NULL;

  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      lloyd_preprocess_options_init (&defaults);
      options = &defaults;
    }
  name = dataset->name != NULL ? dataset->name : _("data");

  /* Which columns */
  if (options->columns != NULL)
    {
      for (const char **c = options->columns; *c != NULL; c++)
        {
          int j = lloyd_dataset_find_column (dataset, *c);

          if (j < 0 || j == dataset->label_column)
            {
              g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                           j < 0 ? _("%s: no column named “%s”")
                                 : _("%s: “%s” is the label column, which is never used for clustering"),
                           name, *c);
              return NULL;
            }
          if (dataset->columns[j].kind == LLOYD_COLUMN_CATEGORICAL && !options->one_hot)
            continue;
          g_array_append_val (sources, j);
        }
    }
  else
    for (gsize j = 0; j < dataset->n_columns; j++)
      {
        int jj = (int) j;
        LloydColumnKind kind = dataset->columns[j].kind;

        if (kind == LLOYD_COLUMN_NUMERIC || (kind == LLOYD_COLUMN_CATEGORICAL && options->one_hot))
          g_array_append_val (sources, jj);
      }
  if (options->log1p_columns != NULL)
    for (const char **c = options->log1p_columns; *c != NULL; c++)
      {
        int j = lloyd_dataset_find_column (dataset, *c);
        gboolean used = FALSE;

        for (guint s = 0; s < sources->len; s++)
          used = used || g_array_index (sources, int, s) == j;
        if (j < 0 || !used || dataset->columns[j].kind != LLOYD_COLUMN_NUMERIC)
          {
            g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                         _("%s: log1p needs a numeric column in use, and “%s” is not one"), name, *c);
            return NULL;
          }
        if (!check_log1p_domain (dataset, j, error))
          return NULL;
      }
  if (sources->len == 0)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                   _("%s: no columns to cluster (every column is the label or text without one-hot encoding)"),
                   name);
      return NULL;
    }

  for (guint s = 0; s < sources->len; s++)
    {
      const LloydColumn *column = &dataset->columns[g_array_index (sources, int, s)];

      n_features += column->kind == LLOYD_COLUMN_NUMERIC ? 1 : column->levels->len;
    }
  t = transform_new (sources->len, n_features);
  t->normalize = options->normalize;
  t->one_hot = options->one_hot;

  for (guint s = 0; s < sources->len; s++)
    {
      int j = g_array_index (sources, int, s);
      const LloydColumn *column = &dataset->columns[j];

      t->source_names[s] = g_strdup (column->name);
      t->source_kinds[s] = column->kind;
      if (column->kind == LLOYD_COLUMN_NUMERIC)
        {
          t->source_log1p[s] = name_in ((const char *const *) options->log1p_columns, column->name);
          t->feature_names[f] = g_strdup (column->name);
          t->feature_source[f] = s;
          f++;   /* z-score statistics: numeric_stats() below */
        }
      else
        {
          g_autofree gsize *counts = g_new0 (gsize, MAX (column->levels->len, 1));
          gsize n = 0;

          t->source_kinds[s] = LLOYD_COLUMN_CATEGORICAL;
          t->source_levels[s] = g_ptr_array_new_full (column->levels->len, g_free);
          for (guint l = 0; l < column->levels->len; l++)
            g_ptr_array_add (t->source_levels[s], g_strdup (g_ptr_array_index (column->levels, l)));
          for (gsize i = 0; i < dataset->n_rows; i++)
            if (row_mask == NULL || row_mask[i])
              {
                counts[column->codes[i]]++;
                n++;
              }
          for (guint l = 0; l < column->levels->len; l++)
            {
              t->feature_names[f] = g_strdup_printf ("%s=%s", column->name,
                                                     (const char *) g_ptr_array_index (column->levels, l));
              t->feature_source[f] = s;
              if (options->normalize == LLOYD_NORMALIZE_ZSCORE && n > 0)
                {
                  /* A 0/1 feature: mean p, population variance p(1 - p). */
                  double p = (double) counts[l] / (double) n;
                  double std = sqrt (p * (1.0 - p));

                  t->mean[f] = p;
                  t->scale[f] = std > 0.0 ? std : 1.0;
                }
              f++;
            }
        }
    }
  g_assert (f == n_features);
  if (options->normalize == LLOYD_NORMALIZE_ZSCORE
      && !numeric_stats (t, dataset, row_mask, (const int *) sources->data, name, error))
    return NULL;
  return g_steal_pointer (&t);
}

LloydTransform *
lloyd_transform_fit (const LloydDataset           *dataset,
                     const LloydPreprocessOptions *options,
                     GError                      **error)
{
  return lloyd_transform_fit_rows (dataset, NULL, options, error);
}

typedef struct
{
  const LloydTransform *t;
  const LloydDataset   *dataset;
  const int            *columns;      /* per source */
  guint32 *const       *level_maps;   /* per categorical source: dataset code → level or G_MAXUINT32 */
  const gsize          *first_feature; /* per source */
  const double         *off;          /* per feature: a one-hot 0, transformed */
  const double         *on;           /* per feature: a one-hot 1, transformed */
  LloydMatrix          *out;
  gsize                 row_start, row_end;
  GCancellable         *cancellable;
} ApplyJob;

static gpointer
apply_rows (gpointer data)
{
  ApplyJob *job = data;
  const LloydTransform *t = job->t;
  gsize d = t->n_features;

  /* Blocks of APPLY_BLOCK rows keep the output rows in cache while every source
   * column writes its features into them. */
  for (gsize block = job->row_start; block < job->row_end; block += APPLY_BLOCK)
    {
      gsize block_end = MIN (block + APPLY_BLOCK, job->row_end);

      if (g_cancellable_is_cancelled (job->cancellable))
        return NULL;
      for (gsize s = 0; s < t->n_sources; s++)
        {
          const LloydColumn *column = &job->dataset->columns[job->columns[s]];
          gsize f0 = job->first_feature[s];

          if (t->source_kinds[s] == LLOYD_COLUMN_NUMERIC)
            {
              double mean = t->mean[f0], scale = t->scale[f0];

              for (gsize i = block; i < block_end; i++)
                {
                  double x = column->values[i];

                  double z;

                  if (t->source_log1p[s])
                    x = log1p (x);
                  z = (x - mean) / scale;
                  /* x − mean overflows only near ±1.8e308; scale first there. */
                  if (G_UNLIKELY (!isfinite (z)))
                    z = x / scale - mean / scale;
                  job->out->data[i * d + f0] = z;
                }
            }
          else
            {
              guint n_levels = t->source_levels[s]->len;
              const guint32 *map = job->level_maps[s];

              for (gsize i = block; i < block_end; i++)
                {
                  double *row = job->out->data + i * d + f0;
                  guint32 level = map[column->codes[i]];

                  memcpy (row, job->off + f0, n_levels * sizeof (double));
                  if (level != G_MAXUINT32)
                    row[level] = job->on[f0 + level];
                }
            }
        }
    }
  return NULL;
}

LloydMatrix *
lloyd_transform_apply (const LloydTransform *transform,
                       const LloydDataset   *dataset,
                       GCancellable         *cancellable,
                       GError              **error)
{
  const LloydTransform *t = transform;
  g_autofree int *columns = NULL;
  g_autofree gsize *first_feature = NULL;
  g_autofree double *off = NULL;
  g_autofree double *on = NULL;
  guint32 **level_maps = NULL;
  g_autoptr (LloydMatrix) out = NULL;
  GError *local_error = NULL;
  ApplyJob jobs[2];
  guint n_jobs;

  g_return_val_if_fail (transform != NULL, NULL);
  g_return_val_if_fail (dataset != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  columns = g_new0 (int, MAX (t->n_sources, 1));
  first_feature = g_new0 (gsize, MAX (t->n_sources, 1));
  level_maps = g_new0 (guint32 *, MAX (t->n_sources, 1));
  off = g_new (double, MAX (t->n_features, 1));
  on = g_new (double, MAX (t->n_features, 1));
  for (gsize f = t->n_features; f-- > 0;)
    {
      first_feature[t->feature_source[f]] = f;
      off[f] = (0.0 - t->mean[f]) / t->scale[f];
      on[f] = (1.0 - t->mean[f]) / t->scale[f];
    }
  for (gsize s = 0; s < t->n_sources; s++)
    {
      columns[s] = find_source_column (t, s, dataset, s > 0 ? (gsize) columns[s - 1] + 1 : 0, &local_error);
      if (columns[s] < 0)
        goto fail;
      if (t->source_log1p[s] && !check_log1p_domain (dataset, columns[s], &local_error))
        goto fail;
      if (t->source_kinds[s] != LLOYD_COLUMN_NUMERIC)
        {
          const LloydColumn *column = &dataset->columns[columns[s]];
          g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);

          for (guint l = 0; l < t->source_levels[s]->len; l++)
            g_hash_table_insert (index, g_ptr_array_index (t->source_levels[s], l), GUINT_TO_POINTER (l + 1));
          level_maps[s] = g_new (guint32, MAX (column->levels->len, 1));
          for (guint l = 0; l < column->levels->len; l++)
            {
              guint code = GPOINTER_TO_UINT (g_hash_table_lookup (index, g_ptr_array_index (column->levels, l)));

              /* Unseen at fit time: all zeros for this column. */
              level_maps[s][l] = code == 0 ? G_MAXUINT32 : code - 1;
            }
        }
    }
  /* apply_rows() writes every element. */
  out = lloyd_matrix_new_uninit (dataset->n_rows, t->n_features, &local_error);
  if (out == NULL)
    goto fail;

  n_jobs = dataset->n_rows >= 16384 && g_get_num_processors () > 1 ? 2 : 1;
  for (guint k = 0; k < n_jobs; k++)
    jobs[k] = (ApplyJob) {
      t, dataset, columns, (guint32 *const *) level_maps, first_feature, off, on, out,
      dataset->n_rows * k / n_jobs, dataset->n_rows * (k + 1) / n_jobs, cancellable,
    };
  if (n_jobs == 2)
    {
      GThread *thread = g_thread_try_new ("lloyd-apply", apply_rows, &jobs[1], NULL);

      apply_rows (&jobs[0]);
      if (thread != NULL)
        g_thread_join (thread);
      else
        apply_rows (&jobs[1]);
    }
  else
    apply_rows (&jobs[0]);
  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    goto fail;

  for (gsize s = 0; s < t->n_sources; s++)
    g_free (level_maps[s]);
  g_free (level_maps);
  return g_steal_pointer (&out);

fail:
  for (gsize s = 0; s < t->n_sources; s++)
    g_free (level_maps[s]);
  g_free (level_maps);
  g_propagate_error (error, local_error);
  return NULL;
}

void
lloyd_transform_inverse (const LloydTransform *transform,
                         const double         *point,
                         double               *out)
{
  g_return_if_fail (transform != NULL);
  g_return_if_fail (point != NULL && out != NULL);

  for (gsize f = 0; f < transform->n_features; f++)
    {
      guint s = transform->feature_source[f];
      double x = point[f] * transform->scale[f] + transform->mean[f];

      if (transform->source_kinds[s] == LLOYD_COLUMN_NUMERIC && transform->source_log1p[s])
        x = expm1 (x);
      out[f] = x;
    }
}

/* JSON: {"version": 1, "normalize": "none"|"zscore", "one_hot": bool,
 *        "sources": [{"name", "kind": "numeric"|"categorical", "log1p", "levels"?}],
 *        "features": [{"name", "source", "mean", "scale"}]} */
JsonNode *
lloyd_transform_to_json (const LloydTransform *transform)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (transform != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, TRANSFORM_JSON_VERSION);
  json_builder_set_member_name (b, "normalize");
  json_builder_add_string_value (b, transform->normalize == LLOYD_NORMALIZE_ZSCORE ? "zscore" : "none");
  json_builder_set_member_name (b, "one_hot");
  json_builder_add_boolean_value (b, transform->one_hot);
  json_builder_set_member_name (b, "sources");
  json_builder_begin_array (b);
  for (gsize s = 0; s < transform->n_sources; s++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, transform->source_names[s]);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, lloyd_column_kind_to_string (transform->source_kinds[s]));
      json_builder_set_member_name (b, "log1p");
      json_builder_add_boolean_value (b, transform->source_log1p[s]);
      if (transform->source_levels[s] != NULL)
        {
          json_builder_set_member_name (b, "levels");
          json_builder_begin_array (b);
          for (guint l = 0; l < transform->source_levels[s]->len; l++)
            json_builder_add_string_value (b, g_ptr_array_index (transform->source_levels[s], l));
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "features");
  json_builder_begin_array (b);
  for (gsize f = 0; f < transform->n_features; f++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, transform->feature_names[f]);
      json_builder_set_member_name (b, "source");
      json_builder_add_int_value (b, transform->feature_source[f]);
      json_builder_set_member_name (b, "mean");
      json_builder_add_double_value (b, transform->mean[f]);
      json_builder_set_member_name (b, "scale");
      json_builder_add_double_value (b, transform->scale[f]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

#define JSON_ERR LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_PARSE

static JsonObject *
array_object (JsonArray  *array,
              guint       i,
              const char *path,
              GError    **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, JSON_ERR, _("%s[%u]: expected an object"), path, i);
      return NULL;
    }
  return json_node_get_object (node);
}

LloydTransform *
lloyd_transform_from_json (JsonNode *node,
                           GError  **error)
{
  JsonObject *root;
  JsonArray *sources, *features;
  gint64 version, n_sources, n_features;
  const char *normalize;
  g_autoptr (LloydTransform) t = NULL;
  gsize expected_features = 0;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, JSON_ERR, _("transform: expected an object"));
      return NULL;
    }
  root = json_node_get_object (node);
  if (!_lloyd_json_get_int (root, "transform", "version", 1, TRANSFORM_JSON_VERSION, &version, JSON_ERR, error))
    return NULL;
  normalize = _lloyd_json_get_string (root, "transform", "normalize", JSON_ERR, error);
  if (normalize == NULL)
    return NULL;
  if (strcmp (normalize, "zscore") != 0 && strcmp (normalize, "none") != 0)
    {
      g_set_error (error, JSON_ERR, _("transform.normalize: expected \"zscore\" or \"none\", not \"%s\""), normalize);
      return NULL;
    }
  if (!json_object_has_member (root, "one_hot")
      || json_node_get_value_type (json_object_get_member (root, "one_hot")) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, JSON_ERR, _("transform.one_hot: expected true or false"));
      return NULL;
    }
  n_sources = _lloyd_json_array_length (root, "transform", "sources", JSON_ERR, error);
  if (n_sources < 0)
    return NULL;
  n_features = _lloyd_json_array_length (root, "transform", "features", JSON_ERR, error);
  if (n_features < 0)
    return NULL;
  if (n_sources == 0 || n_features == 0)
    {
      g_set_error (error, JSON_ERR, _("transform: no sources or no features"));
      return NULL;
    }
  sources = json_object_get_array_member (root, "sources");
  features = json_object_get_array_member (root, "features");

  t = transform_new (n_sources, n_features);
  t->normalize = strcmp (normalize, "zscore") == 0 ? LLOYD_NORMALIZE_ZSCORE : LLOYD_NORMALIZE_NONE;
  t->one_hot = json_object_get_boolean_member (root, "one_hot");
  for (guint s = 0; s < n_sources; s++)
    {
      g_autofree char *path = g_strdup_printf ("transform.sources[%u]", s);
      JsonObject *o = array_object (sources, s, "transform.sources", error);
      const char *name, *kind;

      if (o == NULL)
        return NULL;
      name = _lloyd_json_get_string (o, path, "name", JSON_ERR, error);
      if (name == NULL)
        return NULL;
      kind = _lloyd_json_get_string (o, path, "kind", JSON_ERR, error);
      if (kind == NULL)
        return NULL;
      t->source_names[s] = g_strdup (name);
      if (json_object_has_member (o, "log1p")
          && json_node_get_value_type (json_object_get_member (o, "log1p")) == G_TYPE_BOOLEAN)
        t->source_log1p[s] = json_object_get_boolean_member (o, "log1p");
      if (strcmp (kind, "numeric") == 0)
        {
          t->source_kinds[s] = LLOYD_COLUMN_NUMERIC;
          expected_features++;
        }
      else if (strcmp (kind, "categorical") == 0 && !t->source_log1p[s])
        {
          gint64 n_levels = _lloyd_json_array_length (o, path, "levels", JSON_ERR, error);
          JsonArray *levels;

          if (n_levels < 0)
            return NULL;
          levels = json_object_get_array_member (o, "levels");
          t->source_kinds[s] = LLOYD_COLUMN_CATEGORICAL;
          t->source_levels[s] = g_ptr_array_new_full (n_levels, g_free);
          for (guint l = 0; l < n_levels; l++)
            {
              JsonNode *level = json_array_get_element (levels, l);

              if (json_node_get_value_type (level) != G_TYPE_STRING)
                {
                  g_set_error (error, JSON_ERR, _("%s.levels[%u]: expected a string"), path, l);
                  return NULL;
                }
              g_ptr_array_add (t->source_levels[s], g_strdup (json_node_get_string (level)));
            }
          expected_features += n_levels;
        }
      else
        {
          g_set_error (error, JSON_ERR, _("%s.kind: expected \"numeric\" or \"categorical\" (without log1p)"), path);
          return NULL;
        }
    }
  if (expected_features != (gsize) n_features)
    {
      g_set_error (error, JSON_ERR, _("transform.features: expected %zu features for these sources, found %lld"),
                   expected_features, (long long) n_features);
      return NULL;
    }
  {
    gsize f = 0;

    /* Features must come source by source, one per numeric source and one per level. */
    for (guint s = 0; s < n_sources; s++)
      {
        guint count = t->source_kinds[s] == LLOYD_COLUMN_NUMERIC ? 1 : t->source_levels[s]->len;

        for (guint l = 0; l < count; l++, f++)
          {
            g_autofree char *path = g_strdup_printf ("transform.features[%" G_GSIZE_FORMAT "]", f);
            JsonObject *o = array_object (features, f, "transform.features", error);
            const char *name;
            gint64 source;

            if (o == NULL)
              return NULL;
            name = _lloyd_json_get_string (o, path, "name", JSON_ERR, error);
            if (name == NULL
                || !_lloyd_json_get_int (o, path, "source", s, s, &source, JSON_ERR, error)
                || !_lloyd_json_get_double (o, path, "mean", -G_MAXDOUBLE, G_MAXDOUBLE, &t->mean[f], JSON_ERR, error)
                || !_lloyd_json_get_double (o, path, "scale", G_MINDOUBLE, G_MAXDOUBLE, &t->scale[f], JSON_ERR, error))
              return NULL;
            t->feature_names[f] = g_strdup (name);
            t->feature_source[f] = s;
          }
      }
  }
  return g_steal_pointer (&t);
}
