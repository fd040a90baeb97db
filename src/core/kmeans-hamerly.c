/* kmeans-hamerly.c — Hamerly's bounds (2010) for fitting to convergence: each
 * point keeps an upper bound u on the distance to its own centroid and a lower
 * bound l on the distance to any other; while u < max(l, s/2) its label cannot
 * change and no distance is computed.
 *
 * Same answers as plain Lloyd: a skipped point's label is provably its argmin
 * (the test keeps a relative margin far above rounding), a recomputed point
 * takes the argmin of direct distances with ties to the lowest index — which is
 * also what the BLAS kernel decides — and the cluster sums are accumulated by
 * _lloyd_cluster_sums() in exactly the kernel's order. Only the reported
 * inertia may differ in the last bits (direct instead of expanded distances). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <float.h>
#include <math.h>
#include <string.h>

#include "distance.h"
#include "kmeans-private.h"

/* Relative slack on every bound comparison, far above accumulated rounding. */
#define SLACK 1e-9

struct _LloydHamerly
{
  double   *upper;       /* n */
  double   *lower;       /* n */
  gboolean  full;        /* next assignment through the BLAS kernel */
};

void
_lloyd_hamerly_free (LloydHamerly *h)
{
  if (h == NULL)
    return;
  g_free (h->upper);
  g_free (h->lower);
  g_free (h);
}

typedef struct
{
  LloydKMeans       *km;
  const LloydMatrix *x;
  LloydHamerly      *h;
  const double      *half_gap;   /* k: half the distance to the nearest other centroid */
  guint32           *labels;     /* new labels (a copy of the old ones) */
  gsize              chunk_rows;
  gsize              n_chunks;
  guint              n_blocks;
  gsize             *moved;      /* per block */
  gsize             *recomputed; /* per block */
} BoundsJob;

static void
bounds_block (gsize    block,
              gpointer data)
{
  BoundsJob *job = data;
  LloydKMeans *km = job->km;
  const gsize d = km->d;
  const guint k = km->k;
  gsize r0 = (block * job->n_chunks / job->n_blocks) * job->chunk_rows;
  gsize r1 = MIN (((block + 1) * job->n_chunks / job->n_blocks) * job->chunk_rows, job->x->n);
  gsize moved = 0, recomputed = 0;
  g_autofree double *dist = g_new (double, k);

  for (gsize i = r0; i < r1; i++)
    {
      const double *xi = lloyd_matrix_row (job->x, i);
      guint32 a = job->labels[i];
      double m = MAX (job->half_gap[a], job->h->lower[i]) * (1.0 - SLACK);
      double best = G_MAXDOUBLE, second = G_MAXDOUBLE;
      guint best_j = 0;

      if (job->h->upper[i] * (1.0 + SLACK) < m)
        continue;
      job->h->upper[i] = sqrt (lloyd_squared_distance (xi, km->centroids + (gsize) a * d, d));
      if (job->h->upper[i] * (1.0 + SLACK) < m)
        continue;

      recomputed++;
      _lloyd_squared_distances (xi, km->centroids, k, d, dist);
      for (guint j = 0; j < k; j++)
        {
          double v = dist[j];

          if (v < best)
            {
              second = best;
              best = v;
              best_j = j;
            }
          else if (v < second)
            second = v;
        }
      if (best_j != a)
        moved += km->group_weight != NULL ? km->group_weight[i] : 1;
      job->labels[i] = best_j;
      job->h->upper[i] = sqrt (best);
      job->h->lower[i] = k > 1 ? sqrt (second) : G_MAXDOUBLE;
    }
  job->moved[block] = moved;
  job->recomputed[block] = recomputed;
}

/* The kernel's squared distances become bounds, widened by its rounding error. */
static void
bounds_from_kernel (LloydKMeans       *km,
                    const LloydMatrix *x,
                    LloydHamerly      *h)
{
  double cmax = 0.0;

  for (guint j = 0; j < km->k; j++)
    {
      const double *c = km->centroids + (gsize) j * km->d;
      double s = 0.0;

      for (gsize t = 0; t < km->d; t++)
        s += c[t] * c[t];
      cmax = MAX (cmax, s);
    }
  if (km->xnorm == NULL)
    {
      /* Without the norms the error is unknown: every point checks directly. */
      for (gsize i = 0; i < x->n; i++)
        {
          h->upper[i] = G_MAXDOUBLE;
          h->lower[i] = 0.0;
        }
      return;
    }
  for (gsize i = 0; i < x->n; i++)
    {
      double margin = 8.0 * (double) (km->d + 4) * DBL_EPSILON * (km->xnorm[i] + cmax);

      h->upper[i] = sqrt (h->upper[i] + margin);
      h->lower[i] = h->lower[i] >= G_MAXDOUBLE ? G_MAXDOUBLE : sqrt (MAX (h->lower[i] - margin, 0.0));
    }
}

gboolean
_lloyd_kmeans_hamerly_step (LloydKMeans       *km,
                            const LloydMatrix *x,
                            LloydHamerly     **bounds,
                            GCancellable      *cancellable,
                            GError           **error)
{
  LloydHamerly *h = *bounds;
  const LloydMatrix *w = _lloyd_kmeans_work (km, x);
  const gsize n = km->u, d = km->d;
  const guint k = km->k;
  const LloydIteration *it;
  double max1 = 0.0, max2 = 0.0;
  guint argmax = 0;

  g_assert (km->half_step != LLOYD_HALF_STEP_ASSIGN);

  if (h == NULL)
    {
      h = g_new0 (LloydHamerly, 1);
      h->upper = g_try_new (double, n);
      h->lower = g_try_new (double, n);
      h->full = TRUE;
      if (h->upper == NULL || h->lower == NULL)
        {
          _lloyd_hamerly_free (h);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("Not enough memory for the bounds of %zu points"), n);
          return FALSE;
        }
      *bounds = h;
    }

  if (h->full || km->labels == NULL)
    {
      if (!_lloyd_kmeans_assign_full (km, x, h->upper, h->lower, cancellable, error))
        {
          h->full = TRUE;
          return FALSE;
        }
      bounds_from_kernel (km, w, h);
      h->full = FALSE;
    }
  else
    {
      BoundsJob job = { km, w, h, NULL, km->labels_next, 0, 0, 0, NULL, NULL };
      g_autofree double *half_gap = g_new (double, k);
      g_autofree gsize *moved = NULL;
      g_autofree gsize *recomputed = NULL;
      gsize total_moved = 0, total_recomputed = 0;
      double inertia;
      gint64 t0 = g_get_monotonic_time ();
      LloydIteration *entry = _lloyd_kmeans_new_entry (km, error);

      if (entry == NULL)
        return FALSE;

      for (guint a = 0; a < k; a++)
        {
          double best = G_MAXDOUBLE;

          for (guint b = 0; b < k; b++)
            if (b != a)
              best = MIN (best, lloyd_squared_distance (km->centroids + (gsize) a * d,
                                                        km->centroids + (gsize) b * d, d));
          half_gap[a] = k > 1 ? 0.5 * sqrt (best) : G_MAXDOUBLE;
        }
      memcpy (km->labels_next, km->labels, n * sizeof (guint32));
      _lloyd_block_layout (n, k, d, &job.chunk_rows, &job.n_chunks, &job.n_blocks);
      moved = g_new0 (gsize, job.n_blocks);
      recomputed = g_new0 (gsize, job.n_blocks);
      job.half_gap = half_gap;
      job.moved = moved;
      job.recomputed = recomputed;
      /* A cancelled pass leaves the bounds half-updated: rebuild them next time. */
      if (!_lloyd_parallel_blocks (job.n_blocks, km->n_threads, bounds_block, &job, cancellable, error) ||
          !_lloyd_cluster_sums (w, km->labels_next, km->group_weight, km->centroids, k, km->sums, km->counts,
                                &inertia, km->n_threads, cancellable, error))
        {
          _lloyd_kmeans_free_entry (entry);
          h->full = TRUE;
          return FALSE;
        }
      { guint32 *t = km->labels; km->labels = km->labels_next; km->labels_next = t; }
      _lloyd_kmeans_expand_labels (km);
      for (guint b = 0; b < job.n_blocks; b++)
        {
          total_moved += moved[b];
          total_recomputed += recomputed[b];
        }
      _lloyd_kmeans_record_assign (km, entry, inertia, total_moved, t0);
      /* Direct distances cost several times the kernel's per pair: when more
       * than an eighth of the points needed all of them, use the kernel next. */
      h->full = total_recomputed > n / 8;
    }

  if (!lloyd_kmeans_update (km, x, cancellable, error))
    {
      h->full = TRUE;
      return FALSE;
    }

  /* Centroids moved by shifts[j]: loosen the bounds by as much. */
  it = g_ptr_array_index (km->history, km->history->len - 1);
  for (guint j = 0; j < k; j++)
    {
      double s = it->shifts[j];

      if (s > max1)
        {
          max2 = max1;
          max1 = s;
          argmax = j;
        }
      else if (s > max2)
        max2 = s;
    }
  for (gsize i = 0; i < n; i++)
    {
      guint32 a = km->labels[i];

      h->upper[i] += it->shifts[a];
      if (h->lower[i] < G_MAXDOUBLE)
        h->lower[i] = MAX (h->lower[i] - (a == argmax ? max2 : max1), 0.0);
    }
  /* A point an empty cluster took is far from its old bounds: check it fully. */
  for (guint e = 0; e < it->events->len; e++)
    {
      const LloydEvent *ev = &g_array_index (it->events, LloydEvent, e);

      if (ev->kind == LLOYD_EVENT_EMPTY_CLUSTER)
        {
          gsize g = km->row_group != NULL ? km->row_group[ev->row] : ev->row;

          h->upper[g] = G_MAXDOUBLE;
          h->lower[g] = 0.0;
        }
    }
  return TRUE;
}
