/* kmeans-init.c — the ways k-means chooses its initial centroids. Every random
 * choice draws from the model's seeded LloydRng; no method returns two identical
 * centroids (the model has checked that k distinct points exist). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "distance.h"
#include "kmeans-private.h"

gboolean
_lloyd_rows_equal (const double *a,
                   const double *b,
                   gsize         d)
{
  for (gsize j = 0; j < d; j++)
    if (a[j] != b[j])
      return FALSE;
  return TRUE;
}

static void
copy_rows (const LloydMatrix *x,
           const gsize       *rows,
           guint              k,
           double            *out)
{
  for (guint c = 0; c < k; c++)
    memcpy (out + (gsize) c * x->d, lloyd_matrix_row (x, rows[c]), x->d * sizeof (double));
}

void
_lloyd_shuffle_init (LloydShuffle *shuffle,
                     gsize         n)
{
  shuffle->swapped = g_hash_table_new (g_direct_hash, g_direct_equal);
  shuffle->n = n;
  shuffle->t = 0;
}

void
_lloyd_shuffle_clear (LloydShuffle *shuffle)
{
  g_clear_pointer (&shuffle->swapped, g_hash_table_unref);
}

/* Fisher–Yates where only displaced entries are stored: O(draws) memory. */
static gsize
shuffle_at (LloydShuffle *shuffle,
            gsize         i)
{
  gpointer v;

  if (g_hash_table_lookup_extended (shuffle->swapped, GSIZE_TO_POINTER (i + 1), NULL, &v))
    return GPOINTER_TO_SIZE (v);
  return i;
}

gsize
_lloyd_shuffle_next (LloydShuffle *shuffle,
                     LloydRng     *rng)
{
  gsize t = shuffle->t++;
  gsize j, pt, pj;

  g_assert (t < shuffle->n);
  j = t + (gsize) lloyd_rng_below (rng, shuffle->n - t);
  pt = shuffle_at (shuffle, t);
  pj = shuffle_at (shuffle, j);
  g_hash_table_insert (shuffle->swapped, GSIZE_TO_POINTER (j + 1), GSIZE_TO_POINTER (pt));
  return pj;
}

/* Forgy: rows drawn uniformly without replacement, skipping any point equal to
 * one already chosen (by its group: the model has grouped identical rows). */
static guint
random_distinct_rows (LloydKMeans       *km,
                      const LloydMatrix *x,
                      guint              k,
                      LloydRng          *rng,
                      gsize             *rows)
{
  LloydShuffle shuffle;
  g_autoptr(GHashTable) used = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint have = 0;

  _lloyd_shuffle_init (&shuffle, x->n);
  for (gsize t = 0; t < x->n && have < k; t++)
    {
      gsize row = _lloyd_shuffle_next (&shuffle, rng);
      gsize group = km->row_group != NULL ? km->row_group[row] : row;

      if (g_hash_table_add (used, GSIZE_TO_POINTER (group + 1)))
        rows[have++] = row;
    }
  _lloyd_shuffle_clear (&shuffle);
  return have;
}

static gboolean
init_partition (LloydKMeans       *km,
                const LloydMatrix *x,
                LloydRng          *rng,
                double            *out)
{
  const gsize d = x->d;
  g_autofree gsize *counts = g_new0 (gsize, km->k);

  memset (out, 0, (gsize) km->k * d * sizeof (double));
  for (gsize i = 0; i < x->n; i++)
    {
      guint c = (guint) lloyd_rng_below (rng, km->k);
      const double *row = lloyd_matrix_row (x, i);

      for (gsize t = 0; t < d; t++)
        out[(gsize) c * d + t] += row[t];
      counts[c]++;
    }
  for (guint c = 0; c < km->k; c++)
    {
      if (counts[c] == 0)
        {
          /* Only for tiny n: an empty part starts at a random point. */
          gsize row = (gsize) lloyd_rng_below (rng, x->n);

          memcpy (out + (gsize) c * d, lloyd_matrix_row (x, row), d * sizeof (double));
          continue;
        }
      for (gsize t = 0; t < d; t++)
        out[(gsize) c * d + t] /= (double) counts[c];
    }
  return TRUE;
}

/* Index of the first entry whose running sum exceeds @r: points of weight 0 are
 * never drawn. */
static gsize
sample_by_weight (const double *cumsum,
                  gsize         n,
                  double        r)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (cumsum[mid] > r)
        hi = mid;
      else
        lo = mid + 1;
    }
  if (lo >= n)
    {
      /* r rounded up to the total: take the last point with weight. */
      lo = n - 1;
      while (lo > 0 && cumsum[lo] == cumsum[lo - 1])
        lo--;
    }
  return lo;
}

/* Above this share of (point, candidate) pairs left after pruning, one dgemm
 * pass over all points is cheaper than direct distances. */
#define DENSE_SHARE 0.25
/* Points per block of the pruned distance pass. */
#define SPARSE_BLOCK_ROWS 4096

typedef struct
{
  const LloydMatrix *x;
  const double      *cand_rows;  /* n_cand × d */
  guint              n_cand;
  guint              trials;     /* the stride of cc and cand_dist */
  const double      *cc;         /* chosen centre × candidate squared distances */
  const guint32     *owner;
  const double      *closest;
  double            *cand_dist;  /* n × trials: out */
} SparseJob;

/* Each point's squared distance to each candidate, when the candidate can come
 * closer than its nearest chosen centre (triangle inequality: not when the two
 * are at least 2·√closest apart), else closest. */
static void
sparse_block (gsize    block,
              gpointer data)
{
  const SparseJob *job = data;
  const gsize d = job->x->d;
  gsize end = MIN ((block + 1) * SPARSE_BLOCK_ROWS, job->x->n);

  for (gsize i = block * SPARSE_BLOCK_ROWS; i < end; i++)
    {
      const double *cci = job->cc + (gsize) job->owner[i] * job->trials;
      const double ci = job->closest[i], bound = 4.0 * ci * (1.0 + 1e-9);

      for (guint t = 0; t < job->n_cand; t++)
        {
          double v = ci;

          if (cci[t] < bound)
            v = MIN (ci, lloyd_squared_distance (lloyd_matrix_row (job->x, i),
                                                 job->cand_rows + (gsize) t * d, d));
          job->cand_dist[i * job->trials + t] = v;
        }
    }
}

gboolean
_lloyd_kmeanspp_rows (const LloydMatrix *x,
                      const double      *weights,
                      guint              k,
                      LloydRng          *rng,
                      guint              n_threads,
                      gsize             *rows,
                      GCancellable      *cancellable,
                      GError           **error)
{
  const gsize n = x->n, d = x->d;
  const guint trials = 2 + (guint) floor (log ((double) k));
  g_autofree double *closest = g_try_new (double, n);
  g_autofree guint32 *owner = g_try_new0 (guint32, n);
  g_autofree double *cumsum = g_try_new (double, n);
  g_autofree double *cand_dist = g_try_new (double, n * trials);
  g_autofree double *cand_rows = g_new (double, (gsize) trials * d);
  g_autofree double *cc = g_new (double, (gsize) k * trials);
  g_autofree gsize *cand = g_new (gsize, trials);
  g_autofree double *pots = g_new (double, trials);
  g_autofree gboolean *chosen = g_try_new0 (gboolean, n);
  LloydAssignResult res = { 0 };
  double pot = 0.0;

  if (closest == NULL || owner == NULL || cumsum == NULL || cand_dist == NULL || chosen == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for k-means++ on %zu points"), n);
      return FALSE;
    }

  /* First centre: uniform (or by weight). */
  if (weights == NULL)
    rows[0] = (gsize) lloyd_rng_below (rng, n);
  else
    {
      double total = 0.0;

      for (gsize i = 0; i < n; i++)
        cumsum[i] = (total += weights[i]);
      rows[0] = sample_by_weight (cumsum, n, lloyd_rng_uniform (rng) * total);
    }
  chosen[rows[0]] = TRUE;
  res.dist2 = closest;
  if (!_lloyd_assign_pass (x, lloyd_matrix_row (x, rows[0]), 1, &res, n_threads, cancellable, error))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    pot += closest[i] * (weights ? weights[i] : 1.0);

  for (guint c = 1; c < k; c++)
    {
      double best_pot = G_MAXDOUBLE;
      guint best_t = G_MAXUINT, n_cand = 0;
      double total = 0.0;
      gsize left = 0;
      gboolean dense;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (gsize i = 0; i < n; i++)
        cumsum[i] = (total += closest[i] * (weights ? weights[i] : 1.0));
      for (guint t = 0; t < trials; t++)
        {
          gsize row = sample_by_weight (cumsum, n, lloyd_rng_uniform (rng) * pot);

          /* Rounding in the expanded distance can leave a chosen point a tiny
           * weight: never take a point already chosen. */
          if (chosen[row])
            continue;
          cand[n_cand] = row;
          memcpy (cand_rows + (gsize) n_cand * d, lloyd_matrix_row (x, row), d * sizeof (double));
          n_cand++;
        }
      if (n_cand == 0)
        {
          /* Every draw hit a chosen point: take the farthest point instead. */
          gsize far = G_MAXSIZE;

          for (gsize i = 0; i < n; i++)
            if ((far == G_MAXSIZE || closest[i] > closest[far]) && !chosen[i])
              far = i;
          g_assert (far != G_MAXSIZE);
          cand[0] = far;
          memcpy (cand_rows, lloyd_matrix_row (x, far), d * sizeof (double));
          n_cand = 1;
        }

      /* Triangle inequality: a candidate at least 2·√closest from a point's
       * nearest chosen centre cannot come closer to it than that centre, so
       * only the remaining (point, candidate) pairs need a distance. Whether
       * few enough remain is judged on every 64th point. */
      for (guint a = 0; a < c; a++)
        for (guint t = 0; t < n_cand; t++)
          cc[(gsize) a * trials + t] = lloyd_squared_distance (lloyd_matrix_row (x, rows[a]),
                                                               cand_rows + (gsize) t * d, d);
      for (gsize i = 0; i < n; i += 64)
        for (guint t = 0; t < n_cand; t++)
          left += cc[(gsize) owner[i] * trials + t] < 4.0 * closest[i] * (1.0 + 1e-9);
      dense = left * 64 > DENSE_SHARE * n * n_cand;
      for (guint t = 0; t < n_cand; t++)
        pots[t] = 0.0;
      if (dense)
        {
          LloydAssignResult cres = { 0 };

          cres.all2 = cand_dist;
          if (!_lloyd_assign_pass (x, cand_rows, n_cand, &cres, n_threads, cancellable, error))
            return FALSE;
          /* Spread to a stride of `trials` (backwards, in place), then take minima. */
          for (gsize i = n; i-- > 0;)
            for (guint t = n_cand; t-- > 0;)
              {
                double v = MIN (closest[i], cand_dist[i * n_cand + t]);

                cand_dist[i * trials + t] = v;
              }
        }
      else
        {
          SparseJob job = { x, cand_rows, n_cand, trials, cc, owner, closest, cand_dist };

          /* Distances on every core; the potentials summed below in point order,
           * so they do not depend on the number of threads. */
          if (!_lloyd_parallel_blocks ((guint) ((n + SPARSE_BLOCK_ROWS - 1) / SPARSE_BLOCK_ROWS),
                                       n_threads, sparse_block, &job, cancellable, error))
            return FALSE;
        }
      for (gsize i = 0; i < n; i++)
        for (guint t = 0; t < n_cand; t++)
          pots[t] += cand_dist[i * trials + t] * (weights ? weights[i] : 1.0);

      for (guint t = 0; t < n_cand; t++)
        if (pots[t] < best_pot)
          {
            best_pot = pots[t];
            best_t = t;
          }
      g_assert (best_t != G_MAXUINT);
      rows[c] = cand[best_t];
      chosen[rows[c]] = TRUE;
      pot = best_pot;
      for (gsize i = 0; i < n; i++)
        if (cand_dist[i * trials + best_t] < closest[i])
          {
            closest[i] = cand_dist[i * trials + best_t];
            owner[i] = c;
          }
    }
  return TRUE;
}

/* k-means‖ (Bahmani et al. 2012): ℓ = 2k, 5 rounds of independent sampling with
 * probability ℓ·d²/ψ, then weighted greedy k-means++ on the candidates (weight =
 * points nearest to each). Runs on the distinct points with their multiplicity
 * w (a point is drawn when any of its w copies would be: 1 − (1 − p)^w). Falls
 * back to k-means++ if fewer than k candidates were drawn. */
static gboolean
init_kmeans_parallel (LloydKMeans       *km,
                      const LloydMatrix *x,
                      LloydRng          *rng,
                      double            *out,
                      GCancellable      *cancellable,
                      GError           **error)
{
  const LloydMatrix *w = km->checked_x == x ? _lloyd_kmeans_work (km, x) : x;
  const guint32 *gw = w != x ? km->group_weight : NULL;
  const gsize n = w->n, d = w->d;
  const double ell = 2.0 * km->k;
  g_autofree double *d2 = g_try_new (double, n);
  g_autofree double *nd2 = g_try_new (double, n);
  g_autofree double *all_weights = NULL;
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(LloydMatrix) cands = NULL;
  g_autofree guint32 *labels = NULL;
  g_autofree double *weights = NULL;
  g_autofree gsize *pick = NULL;
  LloydAssignResult res = { 0 };
  double psi = 0.0;
  gsize first;

  if (d2 == NULL || nd2 == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for k-means‖ on %zu points"), n);
      return FALSE;
    }
  /* The first centre: a uniformly random row, i.e. its group. */
  first = (gsize) lloyd_rng_below (rng, x->n);
  if (gw != NULL)
    first = km->row_group[first];
  g_array_append_val (chosen, first);
  res.dist2 = d2;
  res.weights = gw;
  if (!_lloyd_assign_pass (w, lloyd_matrix_row (w, first), 1, &res, km->n_threads, cancellable, error))
    return FALSE;
  psi = res.inertia;

  for (guint round = 0; round < 5 && psi > 0.0; round++)
    {
      g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_autoptr(LloydMatrix) centres = NULL;
      LloydAssignResult rres = { 0 };

      for (gsize i = 0; i < n; i++)
        {
          double u = lloyd_rng_uniform (rng);
          double p = MIN (1.0, ell * d2[i] / psi);

          if (gw != NULL && gw[i] > 1 && p < 1.0)
            p = 1.0 - pow (1.0 - p, gw[i]);
          if (d2[i] > 0.0 && u < p)
            g_array_append_val (fresh, i);
        }
      if (fresh->len == 0)
        continue;
      centres = lloyd_matrix_new (fresh->len, d, error);
      if (centres == NULL)
        return FALSE;
      copy_rows (w, (gsize *) (gpointer) fresh->data, fresh->len, centres->data);
      rres.dist2 = nd2;
      if (!_lloyd_assign_pass (w, centres->data, fresh->len, &rres, km->n_threads, cancellable, error))
        return FALSE;
      psi = 0.0;
      for (gsize i = 0; i < n; i++)
        psi += (d2[i] = MIN (d2[i], nd2[i])) * (gw != NULL ? gw[i] : 1.0);
      /* Drawn points had d² > 0 to every earlier centre, and the rows of the
       * work matrix are distinct points: the candidates stay distinct. */
      g_array_append_vals (chosen, fresh->data, fresh->len);
    }

  pick = g_new (gsize, km->k);
  if (chosen->len < km->k)
    {
      if (gw != NULL)
        {
          all_weights = g_new (double, n);
          for (gsize i = 0; i < n; i++)
            all_weights[i] = gw[i];
        }
      if (!_lloyd_kmeanspp_rows (w, all_weights, km->k, rng, km->n_threads, pick, cancellable, error))
        return FALSE;
      copy_rows (w, pick, km->k, out);
      return TRUE;
    }

  cands = lloyd_matrix_new (chosen->len, d, error);
  if (cands == NULL)
    return FALSE;
  copy_rows (w, (gsize *) (gpointer) chosen->data, chosen->len, cands->data);
  labels = g_try_new (guint32, n);
  if (labels == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory for k-means‖"));
      return FALSE;
    }
  if (!lloyd_nearest_centroids (w, cands->data, chosen->len, labels, NULL, km->n_threads,
                                cancellable, error))
    return FALSE;
  weights = g_new0 (double, chosen->len);
  for (gsize i = 0; i < n; i++)
    weights[labels[i]] += gw != NULL ? gw[i] : 1.0;
  if (!_lloyd_kmeanspp_rows (cands, weights, km->k, rng, km->n_threads, pick, cancellable, error))
    return FALSE;
  copy_rows (cands, pick, km->k, out);
  return TRUE;
}

/* The KDD notebook's seeding: several runs of k-means from random points, their
 * centroids matched to the first run's (closest pairs first) and averaged. */
static gboolean
init_average (LloydKMeans       *km,
              const LloydMatrix *x,
              LloydRng          *rng,
              double            *out,
              GCancellable      *cancellable,
              GError           **error)
{
  const gsize d = x->d;
  const guint k = km->k;
  g_autofree double *pair_d = g_new (double, (gsize) k * k);
  g_autofree gboolean *used_ref = g_new (gboolean, k);
  g_autofree gboolean *used_run = g_new (gboolean, k);
  g_autofree double *reference = g_new (double, (gsize) k * d);

  memset (out, 0, (gsize) k * d * sizeof (double));
  for (guint r = 0; r < km->average_runs; r++)
    {
      g_autoptr(LloydKMeans) run = lloyd_kmeans_new (k);
      const double *c;

      lloyd_kmeans_set_init (run, LLOYD_INIT_RANDOM);
      lloyd_kmeans_set_seed (run, lloyd_rng_next (rng));
      lloyd_kmeans_set_max_iter (run, km->max_iter);
      lloyd_kmeans_set_tol (run, km->tol);
      lloyd_kmeans_set_n_threads (run, km->n_threads);
      if (!lloyd_kmeans_fit (run, x, NULL, NULL, cancellable, error))
        return FALSE;
      c = lloyd_kmeans_get_centroids (run);
      if (r == 0)
        {
          memcpy (reference, c, (gsize) k * d * sizeof (double));
          memcpy (out, c, (gsize) k * d * sizeof (double));
          continue;
        }

      /* Greedy matching: the closest unmatched pair first, each centroid used once. */
      for (guint a = 0; a < k; a++)
        for (guint b = 0; b < k; b++)
          pair_d[(gsize) a * k + b] = lloyd_squared_distance (reference + (gsize) a * d, c + (gsize) b * d, d);
      memset (used_ref, 0, k * sizeof (gboolean));
      memset (used_run, 0, k * sizeof (gboolean));
      for (guint m = 0; m < k; m++)
        {
          double best = G_MAXDOUBLE;
          guint ba = 0, bb = 0;

          for (guint a = 0; a < k; a++)
            if (!used_ref[a])
              for (guint b = 0; b < k; b++)
                if (!used_run[b] && pair_d[(gsize) a * k + b] < best)
                  {
                    best = pair_d[(gsize) a * k + b];
                    ba = a;
                    bb = b;
                  }
          used_ref[ba] = used_run[bb] = TRUE;
          for (gsize t = 0; t < d; t++)
            out[(gsize) ba * d + t] += c[(gsize) bb * d + t];
        }
    }
  for (gsize t = 0; t < (gsize) k * d; t++)
    out[t] /= (double) km->average_runs;
  return TRUE;
}

gboolean
_lloyd_kmeans_init_centroids (LloydKMeans       *km,
                              const LloydMatrix *x,
                              LloydRng          *rng,
                              double            *out,
                              GCancellable      *cancellable,
                              GError           **error)
{
  const gsize d = x->d;
  const guint k = km->k;
  g_autofree gsize *rows = g_new (gsize, k);

  switch (km->init)
    {
    case LLOYD_INIT_RANDOM:
      if (random_distinct_rows (km, x, k, rng, rows) < k)
        g_assert_not_reached ();  /* check_data found k distinct points */
      copy_rows (x, rows, k, out);
      return TRUE;

    case LLOYD_INIT_PARTITION:
      return init_partition (km, x, rng, out);

    case LLOYD_INIT_KMEANSPP:
      if (km->groups != NULL && km->groups->d == d && km->checked_x == x)
        {
          /* Identical points grouped with their multiplicity as weight: the
           * same distribution as over all rows, in a fraction of the work. */
          g_autofree double *weights = g_new (double, km->groups->n);

          for (gsize g = 0; g < km->groups->n; g++)
            weights[g] = km->group_weight[g];
          if (!_lloyd_kmeanspp_rows (km->groups, weights, k, rng, km->n_threads, rows, cancellable, error))
            return FALSE;
          copy_rows (km->groups, rows, k, out);
          return TRUE;
        }
      if (!_lloyd_kmeanspp_rows (x, NULL, k, rng, km->n_threads, rows, cancellable, error))
        return FALSE;
      copy_rows (x, rows, k, out);
      return TRUE;

    case LLOYD_INIT_KMEANS_PARALLEL:
      return init_kmeans_parallel (km, x, rng, out, cancellable, error);

    case LLOYD_INIT_FIRST:
      /* Groups are numbered by first row: the first k are the first k
       * distinct points. Without groups every row is distinct. */
      for (guint c = 0; c < k; c++)
        rows[c] = km->group_row != NULL ? km->group_row[c] : c;
      copy_rows (x, rows, k, out);
      return TRUE;

    case LLOYD_INIT_ROWS:
      if (km->n_init_rows != k)
        {
          g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                       _("%u initial rows were given for k = %u"), km->n_init_rows, k);
          return FALSE;
        }
      for (guint c = 0; c < k; c++)
        {
          if (km->init_rows[c] >= x->n)
            {
              g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                           _("Initial row %zu is out of range: the data has %zu rows (numbered from 0)"),
                           km->init_rows[c], x->n);
              return FALSE;
            }
          for (guint e = 0; e < c; e++)
            if (_lloyd_rows_equal (lloyd_matrix_row (x, km->init_rows[e]),
                                   lloyd_matrix_row (x, km->init_rows[c]), d))
              {
                g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                             _("Initial rows %zu and %zu are the same point; choose distinct points"),
                             km->init_rows[e], km->init_rows[c]);
                return FALSE;
              }
        }
      copy_rows (x, km->init_rows, k, out);
      return TRUE;

    case LLOYD_INIT_CENTROIDS:
      if (km->init_centroids == NULL || km->init_d != d)
        {
          g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                       _("The initial centroids have %zu columns but the data has %zu"),
                       km->init_d, d);
          return FALSE;
        }
      for (guint c = 0; c < k; c++)
        {
          const double *cc = km->init_centroids + (gsize) c * d;

          for (gsize t = 0; t < d; t++)
            if (!isfinite (cc[t]))
              {
                g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_NONFINITE,
                             _("Initial centroid %u, column %zu is not a finite number"),
                             c + 1, t + 1);
                return FALSE;
              }
          for (guint e = 0; e < c; e++)
            if (_lloyd_rows_equal (km->init_centroids + (gsize) e * d, cc, d))
              {
                g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                             _("Initial centroids %u and %u are the same point"), e + 1, c + 1);
                return FALSE;
              }
        }
      memcpy (out, km->init_centroids, (gsize) k * d * sizeof (double));
      return TRUE;

    case LLOYD_INIT_AVERAGE:
      return init_average (km, x, rng, out, cancellable, error);

    default:
      g_return_val_if_reached (FALSE);
    }
}
