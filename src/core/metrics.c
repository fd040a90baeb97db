/* metrics.c — clustering quality scores. The silhouette is O(n²·d): it runs on
 * the distinct (point, label) pairs weighted by their multiplicity (KDD samples are
 * mostly duplicates), in row blocks × column blocks through cblas_dgemm, with our
 * threads over row blocks and each row's sums taken in a fixed column order. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <cblas.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "distance.h"
#include "kmeans-private.h"
#include "metrics.h"
#include "rng.h"
#include "row-groups.h"

#define ROW_BLOCK 128
#define COL_BLOCK 2048

double
lloyd_metric_inertia (const LloydMatrix *x,
                      const double      *centroids,
                      guint              k,
                      const guint32     *labels)
{
  double total = 0.0;

  g_return_val_if_fail (x != NULL && centroids != NULL && labels != NULL, NAN);

  for (gsize i = 0; i < x->n; i++)
    {
      g_return_val_if_fail (labels[i] < k, NAN);
      total += lloyd_squared_distance (lloyd_matrix_row (x, i), centroids + (gsize) labels[i] * x->d, x->d);
    }
  return total;
}

double
lloyd_metric_mse (const LloydMatrix *x,
                  const double      *centroids,
                  guint              k,
                  const guint32     *labels)
{
  g_return_val_if_fail (x != NULL && x->n > 0, NAN);
  return lloyd_metric_inertia (x, centroids, k, labels) / (double) x->n;
}

void
lloyd_silhouette_options_init (LloydSilhouetteOptions *options)
{
  g_return_if_fail (options != NULL);
  options->max_exact = 20000;
  options->sample_size = 10000;
  options->seed = 0;
  options->n_threads = 0;
}

/* Members per label and the number of labels used; checks labels < k. */
static guint
count_clusters (const guint32 *labels,
                gsize          n,
                guint          k,
                gsize         *counts,
                GError       **error)
{
  guint used = 0;

  memset (counts, 0, k * sizeof (gsize));
  for (gsize i = 0; i < n; i++)
    {
      if (labels[i] >= k)
        {
          g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                       _("Label %u of row %zu is not below k = %u"), labels[i], i, k);
          return G_MAXUINT;
        }
      counts[labels[i]]++;
    }
  for (guint c = 0; c < k; c++)
    used += counts[c] > 0;
  return used;
}

/* count_clusters(), and an error unless 2 ≤ clusters used ≤ n − 1. */
static guint
count_between (const guint32 *labels,
               gsize          n,
               guint          k,
               gsize         *counts,
               const char    *what,
               GError       **error)
{
  guint used = count_clusters (labels, n, k, counts, error);

  if (used != G_MAXUINT && (used < 2 || used > n - 1))
    {
      g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                   _("%s needs between 2 and n − 1 clusters; there are %u for %zu points"),
                   what, used, n);
      return G_MAXUINT;
    }
  return used;
}

typedef struct
{
  const LloydMatrix *x;        /* distinct points */
  const guint32     *labels;
  const double      *weight;   /* multiplicity of each row of x */
  const gsize       *counts;   /* members per label, multiplicities included */
  const double      *xnorm;
  guint              k;
  gsize              n_row_blocks;
  double            *s;           /* n: per-point silhouette */
  gint               next;
  gint               done;
  gint               cancelled;
  GCancellable      *cancellable;
} SilJob;

static gpointer
silhouette_worker (gpointer data)
{
  SilJob *job = data;
  const LloydMatrix *x = job->x;
  const gsize n = x->n, d = x->d;
  const guint k = job->k;
  g_autofree double *g = g_new (double, (gsize) ROW_BLOCK * COL_BLOCK);
  g_autofree double *sums = g_new (double, (gsize) ROW_BLOCK * k);

  for (;;)
    {
      gsize b = (gsize) g_atomic_int_add (&job->next, 1);
      gsize r0, m;

      if (b >= job->n_row_blocks)
        break;
      if (g_atomic_int_get (&job->cancelled) || g_cancellable_is_cancelled (job->cancellable))
        {
          g_atomic_int_set (&job->cancelled, 1);
          break;
        }
      r0 = b * ROW_BLOCK;
      m = MIN (ROW_BLOCK, n - r0);
      memset (sums, 0, m * k * sizeof (double));
      for (gsize c0 = 0; c0 < n; c0 += COL_BLOCK)
        {
          gsize w = MIN (COL_BLOCK, n - c0);

          cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) m, (int) w, (int) d,
                       1.0, lloyd_matrix_row (x, r0), (int) d, lloyd_matrix_row (x, c0), (int) d,
                       0.0, g, (int) w);
          for (gsize i = 0; i < m; i++)
            {
              const double xi = job->xnorm[r0 + i];
              const double *gi = g + i * w;
              double *si = sums + i * k;

              for (gsize j = 0; j < w; j++)
                {
                  double v = xi + job->xnorm[c0 + j] - 2.0 * gi[j];
                  /* Rounding dominates near zero (the point itself, points a
                   * hair apart, the same point under another label): compute
                   * those pairs directly. */
                  double margin = 4.0 * (double) (d + 4) * DBL_EPSILON * (xi + job->xnorm[c0 + j]);

                  if (r0 + i == c0 + j)
                    continue;
                  if (v <= margin)
                    v = lloyd_squared_distance (lloyd_matrix_row (x, r0 + i), lloyd_matrix_row (x, c0 + j), d);
                  si[job->labels[c0 + j]] += job->weight[c0 + j] * sqrt (v);
                }
            }
        }
      for (gsize i = 0; i < m; i++)
        {
          guint own = job->labels[r0 + i];
          double a, bmin = G_MAXDOUBLE;

          if (job->counts[own] < 2)
            {
              job->s[r0 + i] = 0.0;
              continue;
            }
          a = sums[i * k + own] / (double) (job->counts[own] - 1);
          for (guint c = 0; c < k; c++)
            if (c != own && job->counts[c] > 0)
              bmin = MIN (bmin, sums[i * k + c] / (double) job->counts[c]);
          job->s[r0 + i] = MAX (a, bmin) > 0.0 ? (bmin - a) / MAX (a, bmin) : 0.0;
        }
      g_atomic_int_inc (&job->done);
    }
  return NULL;
}

/* Every member of a group has the same silhouette: the distinct (row, label)
 * pairs of @x become the rows of @distinct, with their labels and multiplicities.
 * Identical rows under different labels stay apart (their distance is computed,
 * exactly 0). Without duplicates @distinct stays NULL and @x is used as it is. */
static gboolean
group_points (const LloydMatrix  *x,
              const guint32      *labels,
              LloydMatrix       **distinct,
              guint32           **distinct_labels,
              double            **weight,
              GError            **error)
{
  LloydRowGroups groups;
  gsize u;

  if (!_lloyd_row_groups_build (x, labels, &groups, error))
    return FALSE;
  u = groups.n_groups;
  *weight = g_try_new (double, MAX (u, 1));
  if (*weight == NULL)
    {
      _lloyd_row_groups_clear (&groups);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory for the silhouette"));
      return FALSE;
    }
  for (gsize g = 0; g < u; g++)
    (*weight)[g] = groups.weight[g];
  if (u < x->n)
    {
      *distinct = lloyd_matrix_new_uninit (u, x->d, error);
      if (*distinct == NULL)
        {
          _lloyd_row_groups_clear (&groups);
          return FALSE;
        }
      *distinct_labels = g_new (guint32, u);
      for (gsize g = 0; g < u; g++)
        {
          memcpy (lloyd_matrix_row (*distinct, g), lloyd_matrix_row (x, groups.group_row[g]),
                  x->d * sizeof (double));
          (*distinct_labels)[g] = labels[groups.group_row[g]];
        }
    }
  _lloyd_row_groups_clear (&groups);
  return TRUE;
}

static gboolean
silhouette_exact (const LloydMatrix *x_all,
                  const guint32     *labels_all,
                  guint              k,
                  guint              n_threads,
                  double            *score,
                  LloydProgressFunc  progress,
                  gpointer           user_data,
                  GCancellable      *cancellable,
                  GError           **error)
{
  SilJob job = { 0 };
  g_autofree gsize *counts = g_new (gsize, k);
  g_autofree double *xnorm = NULL;
  g_autofree double *s = NULL;
  g_autofree double *weight = NULL;
  g_autofree guint32 *distinct_labels = NULL;
  g_autoptr(LloydMatrix) distinct = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  const LloydMatrix *x;
  const guint32 *labels;
  guint used, n_workers;
  double total = 0.0;

  used = count_between (labels_all, x_all->n, k, counts, _("The silhouette"), error);
  if (used == G_MAXUINT)
    return FALSE;
  if (!group_points (x_all, labels_all, &distinct, &distinct_labels, &weight, error))
    return FALSE;
  x = distinct != NULL ? distinct : x_all;
  labels = distinct != NULL ? distinct_labels : labels_all;
  xnorm = _lloyd_row_norms (x);
  s = g_try_new (double, x->n);
  if (xnorm == NULL || s == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory for the silhouette"));
      return FALSE;
    }
  _lloyd_blas_use_own_threads ();
  job.x = x;
  job.labels = labels;
  job.weight = weight;
  job.counts = counts;
  job.xnorm = xnorm;
  job.k = k;
  job.n_row_blocks = (x->n + ROW_BLOCK - 1) / ROW_BLOCK;
  job.s = s;
  job.cancellable = cancellable;
  n_workers = MIN (_lloyd_resolve_threads (n_threads), job.n_row_blocks);
  for (guint w = 1; w < n_workers; w++)
    {
      GThread *t = g_thread_try_new ("lloyd-silhouette", silhouette_worker, &job, NULL);

      if (t != NULL)
        g_ptr_array_add (threads, t);
    }
  if (progress == NULL)
    silhouette_worker (&job);
  else
    {
      /* The calling thread reports while the workers compute. */
      GThread *t = g_thread_try_new ("lloyd-silhouette", silhouette_worker, &job, NULL);

      if (t != NULL)
        g_ptr_array_add (threads, t);
      else
        silhouette_worker (&job);
      while ((gsize) g_atomic_int_get (&job.done) < job.n_row_blocks && !g_atomic_int_get (&job.cancelled))
        {
          progress ((double) g_atomic_int_get (&job.done) / job.n_row_blocks, NULL, user_data);
          g_usleep (20000);
          if (g_cancellable_is_cancelled (cancellable))
            break;
        }
    }
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  if (g_atomic_int_get (&job.cancelled) || g_cancellable_is_cancelled (cancellable))
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return FALSE;
    }
  for (gsize i = 0; i < x->n; i++)
    total += weight[i] * s[i];
  *score = total / (double) x_all->n;
  if (progress != NULL)
    progress (1.0, NULL, user_data);
  return TRUE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  gsize ra = *(const gsize *) a, rb = *(const gsize *) b;

  return ra < rb ? -1 : ra > rb;
}

gboolean
lloyd_metric_silhouette (const LloydMatrix            *x,
                         const guint32                *labels,
                         guint                         k,
                         const LloydSilhouetteOptions *options,
                         double                       *score,
                         gsize                        *n_used,
                         LloydProgressFunc             progress,
                         gpointer                      user_data,
                         GCancellable                 *cancellable,
                         GError                      **error)
{
  LloydSilhouetteOptions defaults;
  g_autoptr(LloydMatrix) sub = NULL;
  g_autofree guint32 *sub_labels = NULL;
  LloydRng rng;
  gsize m;

  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (labels != NULL, FALSE);
  g_return_val_if_fail (k > 0, FALSE);
  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      lloyd_silhouette_options_init (&defaults);
      options = &defaults;
    }
  *score = NAN;
  if (x->n <= options->max_exact || options->sample_size >= x->n)
    {
      if (n_used != NULL)
        *n_used = x->n;
      return silhouette_exact (x, labels, k, options->n_threads, score, progress, user_data, cancellable, error);
    }

  /* The sample: the first m draws of a seeded sparse Fisher–Yates shuffle,
   * kept in row order so the result does not depend on the draw order. */
  m = MAX (options->sample_size, 2);
  sub = lloyd_matrix_new (m, x->d, error);
  if (sub == NULL)
    return FALSE;
  sub_labels = g_new (guint32, m);
  lloyd_rng_init (&rng, options->seed);
  {
    g_autofree gsize *rows = g_new (gsize, m);
    LloydShuffle shuffle;

    _lloyd_shuffle_init (&shuffle, x->n);
    for (gsize t = 0; t < m; t++)
      rows[t] = _lloyd_shuffle_next (&shuffle, &rng);
    _lloyd_shuffle_clear (&shuffle);
    g_qsort_with_data (rows, (gint) m, sizeof (gsize), compare_rows, NULL);
    for (gsize t = 0; t < m; t++)
      {
        memcpy (lloyd_matrix_row (sub, t), lloyd_matrix_row (x, rows[t]), x->d * sizeof (double));
        sub_labels[t] = labels[rows[t]];
      }
  }
  if (n_used != NULL)
    *n_used = m;
  return silhouette_exact (sub, sub_labels, k, options->n_threads, score, progress, user_data, cancellable, error);
}

/* Members' means per cluster (zero for clusters without members). */
static double *
cluster_means (const LloydMatrix *x,
               const guint32     *labels,
               guint              k,
               const gsize       *counts)
{
  double *means = g_new0 (double, (gsize) k * x->d);

  for (gsize i = 0; i < x->n; i++)
    {
      const double *row = lloyd_matrix_row (x, i);
      double *c = means + (gsize) labels[i] * x->d;

      for (gsize t = 0; t < x->d; t++)
        c[t] += row[t];
    }
  for (guint c = 0; c < k; c++)
    if (counts[c] > 0)
      for (gsize t = 0; t < x->d; t++)
        means[(gsize) c * x->d + t] /= (double) counts[c];
  return means;
}

gboolean
lloyd_metric_davies_bouldin (const LloydMatrix *x,
                             const guint32     *labels,
                             guint              k,
                             double            *score,
                             GError           **error)
{
  g_autofree gsize *counts = NULL;
  g_autofree double *means = NULL;
  g_autofree double *intra = NULL;
  guint used;
  double total = 0.0;
  gboolean all_intra_zero = TRUE, all_between_zero = TRUE;

  g_return_val_if_fail (x != NULL && labels != NULL && score != NULL && k > 0, FALSE);

  counts = g_new (gsize, k);
  used = count_clusters (labels, x->n, k, counts, error);
  if (used == G_MAXUINT)
    return FALSE;
  if (used < 2)
    {
      g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                   _("Davies–Bouldin needs at least 2 clusters; there are %u"), used);
      return FALSE;
    }
  means = cluster_means (x, labels, k, counts);
  intra = g_new0 (double, k);
  for (gsize i = 0; i < x->n; i++)
    intra[labels[i]] += sqrt (lloyd_squared_distance (lloyd_matrix_row (x, i), means + (gsize) labels[i] * x->d, x->d));
  for (guint c = 0; c < k; c++)
    if (counts[c] > 0)
      {
        intra[c] /= (double) counts[c];
        all_intra_zero &= fabs (intra[c]) <= 1e-8;
      }
  for (guint a = 0; a < k; a++)
    for (guint b = a + 1; b < k; b++)
      if (counts[a] > 0 && counts[b] > 0)
        all_between_zero &= sqrt (lloyd_squared_distance (means + (gsize) a * x->d, means + (gsize) b * x->d, x->d)) <= 1e-8;
  /* scikit-learn's conventions for degenerate input. */
  if (all_intra_zero || all_between_zero)
    {
      *score = 0.0;
      return TRUE;
    }
  for (guint a = 0; a < k; a++)
    {
      double worst = 0.0;

      if (counts[a] == 0)
        continue;
      for (guint b = 0; b < k; b++)
        {
          double m;

          if (b == a || counts[b] == 0)
            continue;
          m = sqrt (lloyd_squared_distance (means + (gsize) a * x->d, means + (gsize) b * x->d, x->d));
          if (m > 0.0)
            worst = MAX (worst, (intra[a] + intra[b]) / m);
        }
      total += worst;
    }
  *score = total / used;
  return TRUE;
}

gboolean
lloyd_metric_calinski_harabasz (const LloydMatrix *x,
                                const guint32     *labels,
                                guint              k,
                                double            *score,
                                GError           **error)
{
  g_autofree gsize *counts = NULL;
  g_autofree double *means = NULL;
  g_autofree double *mean = NULL;
  double extra = 0.0, intra = 0.0;
  guint used;

  g_return_val_if_fail (x != NULL && labels != NULL && score != NULL && k > 0, FALSE);

  counts = g_new (gsize, k);
  used = count_between (labels, x->n, k, counts, "Calinski–Harabasz", error);
  if (used == G_MAXUINT)
    return FALSE;
  means = cluster_means (x, labels, k, counts);
  mean = g_new0 (double, x->d);
  for (gsize i = 0; i < x->n; i++)
    for (gsize t = 0; t < x->d; t++)
      mean[t] += lloyd_matrix_row (x, i)[t];
  for (gsize t = 0; t < x->d; t++)
    mean[t] /= (double) x->n;
  for (guint c = 0; c < k; c++)
    if (counts[c] > 0)
      extra += (double) counts[c] * lloyd_squared_distance (means + (gsize) c * x->d, mean, x->d);
  for (gsize i = 0; i < x->n; i++)
    intra += lloyd_squared_distance (lloyd_matrix_row (x, i), means + (gsize) labels[i] * x->d, x->d);
  *score = intra == 0.0 ? 1.0 : extra * (double) (x->n - used) / (intra * (double) (used - 1));
  return TRUE;
}
