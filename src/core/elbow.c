/* elbow.c — the k sweep behind the elbow plot and its two detectors. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "elbow.h"

void
lloyd_elbow_options_init (LloydElbowOptions *options)
{
  g_return_if_fail (options != NULL);

  options->k_min = 1;
  options->k_max = 10;
  options->init = LLOYD_INIT_KMEANSPP;
  options->seed = 0;
  options->n_init = 1;
  options->max_iter = 300;
  options->tol = 1e-4;
  options->n_threads = 0;
  options->silhouette = FALSE;
  lloyd_silhouette_options_init (&options->silhouette_options);
}

void
lloyd_elbow_free (LloydElbow *elbow)
{
  if (elbow == NULL)
    return;
  g_free (elbow->k);
  g_free (elbow->inertia);
  g_free (elbow->silhouette);
  g_free (elbow);
}

guint
lloyd_elbow_second_difference (const guint  *k,
                               const double *inertia,
                               guint         n)
{
  double best = 0.0;
  guint best_k = 0;

  g_return_val_if_fail (k != NULL || n == 0, 0);
  g_return_val_if_fail (inertia != NULL || n == 0, 0);

  for (guint i = 0; i + 2 < n; i++)
    {
      double d2 = inertia[i] - 2.0 * inertia[i + 1] + inertia[i + 2];

      /* Strict > keeps the first of equal maxima, as numpy's argmax. */
      if (d2 > best)
        {
          best = d2;
          best_k = k[i + 1];
        }
    }
  return best_k;
}

guint
lloyd_elbow_kneedle (const guint  *k,
                     const double *inertia,
                     guint         n)
{
  g_autofree double *diff = NULL;
  double kmin, kmax, ymin = G_MAXDOUBLE, ymax = -G_MAXDOUBLE, step;

  g_return_val_if_fail (k != NULL || n == 0, 0);
  g_return_val_if_fail (inertia != NULL || n == 0, 0);

  if (n < 3)
    return 0;
  kmin = k[0];
  kmax = k[n - 1];
  for (guint i = 0; i < n; i++)
    {
      ymin = MIN (ymin, inertia[i]);
      ymax = MAX (ymax, inertia[i]);
    }
  if (kmax <= kmin || ymax <= ymin)
    return 0;

  /* Normalized to the unit square, a decreasing convex curve runs from (0, 1)
   * to (1, 0) below the chord; the knee is farthest below it. */
  diff = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      double xn = (k[i] - kmin) / (kmax - kmin);
      double yn = (inertia[i] - ymin) / (ymax - ymin);

      diff[i] = (1.0 - xn) - yn;
    }
  step = 1.0 / (n - 1);  /* mean spacing of the normalized x */

  for (guint i = 1; i + 1 < n; i++)
    {
      double threshold;

      if (!(diff[i] >= diff[i - 1] && diff[i] > diff[i + 1]) || diff[i] <= 0.0)
        continue;
      threshold = diff[i] - 1.0 * step;
      for (guint j = i + 1; j < n; j++)
        {
          if (diff[j] < threshold)
            return k[i];
          /* A higher maximum later: that one is the candidate. */
          if (j + 1 < n && diff[j] >= diff[j - 1] && diff[j] > diff[j + 1] && diff[j] > diff[i])
            break;
        }
    }
  return 0;
}

LloydElbow *
lloyd_elbow_sweep (const LloydMatrix       *x,
                   const LloydElbowOptions *options,
                   LloydProgressFunc        progress,
                   gpointer                 user_data,
                   GCancellable            *cancellable,
                   GError                 **error)
{
  g_autoptr(LloydElbow) elbow = NULL;
  g_autoptr(LloydKMeans) km = NULL;

  g_return_val_if_fail (x != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options->k_min < 1 || options->k_max < options->k_min)
    {
      g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                   _("The k range %u:%u is empty; give A:B with 1 ≤ A ≤ B"), options->k_min, options->k_max);
      return NULL;
    }
  /* Checked before the per-k arrays are allocated: --k 1:4000000000 is a typo,
   * not 32 GB to ask for. */
  if (options->k_max > x->n)
    {
      g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                   _("k = %u is more than the %zu rows of the data"),
                   options->k_max, x->n);
      return NULL;
    }
  if (options->init == LLOYD_INIT_ROWS || options->init == LLOYD_INIT_CENTROIDS)
    {
      g_set_error_literal (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                           _("An elbow sweep cannot start from given rows or centroids: they fix k"));
      return NULL;
    }

  elbow = g_new0 (LloydElbow, 1);
  elbow->n = options->k_max - options->k_min + 1;
  elbow->k = g_new (guint, elbow->n);
  elbow->inertia = g_new (double, elbow->n);
  elbow->silhouette = g_new (double, elbow->n);

  /* One model for every k: the data is checked and its identical points
   * grouped once. */
  km = lloyd_kmeans_new (options->k_min);
  lloyd_kmeans_set_init (km, options->init);
  lloyd_kmeans_set_n_init (km, options->n_init);
  lloyd_kmeans_set_max_iter (km, options->max_iter);
  lloyd_kmeans_set_tol (km, options->tol);
  lloyd_kmeans_set_n_threads (km, options->n_threads);
  for (guint i = 0; i < elbow->n; i++)
    {
      guint k = options->k_min + i;
      g_autofree char *what = g_strdup_printf ("k = %u", k);

      if (progress != NULL)
        progress ((double) i / elbow->n, what, user_data);
      /* Every k uses the seed itself: k = 5 gives the same answer whatever
       * range it is swept in, and the same model as a fit of k = 5 with this
       * seed and these options, so the app and the CLI can show "that k". */
      lloyd_kmeans_set_k (km, k);
      lloyd_kmeans_set_seed (km, options->seed);
      lloyd_kmeans_reset (km);
      if (!lloyd_kmeans_fit (km, x, NULL, NULL, cancellable, error))
        return NULL;
      elbow->k[i] = k;
      elbow->inertia[i] = lloyd_kmeans_get_inertia (km);
      elbow->silhouette[i] = NAN;
      if (options->silhouette && k >= 2 && k < x->n)
        {
          LloydSilhouetteOptions so = options->silhouette_options;
          gsize used = 0;

          so.n_threads = options->n_threads;
          if (!lloyd_metric_silhouette (x, lloyd_kmeans_get_labels (km), k, &so, &elbow->silhouette[i],
                                        &used, NULL, NULL, cancellable, error))
            return NULL;
          elbow->silhouette_sample_size = used;
        }
    }
  if (progress != NULL)
    progress (1.0, NULL, user_data);

  elbow->elbow_second_difference = lloyd_elbow_second_difference (elbow->k, elbow->inertia, elbow->n);
  elbow->elbow_kneedle = lloyd_elbow_kneedle (elbow->k, elbow->inertia, elbow->n);
  return g_steal_pointer (&elbow);
}
