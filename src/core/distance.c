/* distance.c — nearest-centroid search: ‖x‖² − 2x·c + ‖c‖² with x·c from
 * register-tiled AVX2 code for small k (else a single-threaded cblas_dgemm) per
 * row chunk, our own threads over fixed row blocks, argmin, sums and counts in
 * the same pass. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <cblas.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "distance.h"

/* Fixed, independent of the thread count: the order of every reduction depends
 * only on n, k and d, so 1 and 2 threads give bit-identical results. */
#define MAX_CHUNK_ROWS   256
#define MAX_BLOCKS       32
#define G_BUDGET_DOUBLES (1u << 20)        /* chunk × k products per worker */
#define SUMS_BUDGET      (1u << 24)        /* doubles of per-block partial sums */

typedef struct
{
  const LloydMatrix *x;
  const double      *centroids;
  guint              k;
  const double      *cnorm;
  double             cnorm_max;
  gsize              chunk_rows;
  gsize              n_chunks;
  guint              n_blocks;
  gboolean           use_dots;       /* dots_avx2() instead of cblas_dgemm */
  LloydAssignResult *result;
  /* per block */
  double            *block_sums;     /* n_blocks × k × d, or NULL */
  gsize             *block_counts;   /* n_blocks × k, or NULL */
  double            *block_inertia;
  gsize             *block_moved;
  /* per worker */
  double            *scratch;        /* n_workers × (chunk_rows × k + chunk_rows) */
  gsize              scratch_stride;
  gint               next_block;
  gint               cancelled;
  GCancellable      *cancellable;
} AssignJob;

typedef struct
{
  AssignJob *job;
  guint      worker;
} AssignWorker;

guint
_lloyd_resolve_threads (guint n_threads)
{
  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  return MAX (n_threads, 1);
}

double
lloyd_squared_distance (const double *a,
                        const double *b,
                        gsize         d)
{
  /* Four running sums in a fixed order: independent chains the CPU overlaps,
   * and the same result on every machine and thread. */
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  gsize j = 0;

  for (; j + 4 <= d; j += 4)
    {
      double t0 = a[j] - b[j], t1 = a[j + 1] - b[j + 1];
      double t2 = a[j + 2] - b[j + 2], t3 = a[j + 3] - b[j + 3];

      s0 += t0 * t0;
      s1 += t1 * t1;
      s2 += t2 * t2;
      s3 += t3 * t3;
    }
  for (; j < d; j++)
    {
      double t = a[j] - b[j];
      s0 += t * t;
    }
  return (s0 + s1) + (s2 + s3);
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_AVX2_KERNEL 1

/* Four pairs at a time, lane i of each accumulator being s_i of
 * lloyd_squared_distance(): the same operations in the same order (no FMA, so
 * nothing is contracted), hence the same bits, but four independent chains
 * instead of one long dependent one. */
static __attribute__ ((target ("avx2"))) void
squared_distance4_avx2 (const double *const x[4],
                        const double *const c[4],
                        gsize               d,
                        double              out[4])
{
  __m256d acc[4] = { _mm256_setzero_pd (), _mm256_setzero_pd (),
                     _mm256_setzero_pd (), _mm256_setzero_pd () };
  gsize t = 0;

  for (; t + 4 <= d; t += 4)
    for (int q = 0; q < 4; q++)
      {
        __m256d diff = _mm256_sub_pd (_mm256_loadu_pd (x[q] + t), _mm256_loadu_pd (c[q] + t));

        acc[q] = _mm256_add_pd (acc[q], _mm256_mul_pd (diff, diff));
      }
  for (int q = 0; q < 4; q++)
    {
      double s[4];

      _mm256_storeu_pd (s, acc[q]);
      for (gsize u = t; u < d; u++)
        {
          double v = x[q][u] - c[q][u];
          s[0] += v * v;
        }
      out[q] = (s[0] + s[1]) + (s[2] + s[3]);
    }
}

static gboolean
have_avx2 (void)
{
  static gsize checked = 0;
  static gboolean supported = FALSE;

  if (g_once_init_enter (&checked))
    {
      __builtin_cpu_init ();
      supported = __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma") &&
                  g_getenv ("LLOYD_NO_AVX2") == NULL;
      g_once_init_leave (&checked, 1);
    }
  return supported;
}
#endif

/* Four (x, c) pairs: lloyd_squared_distance() of each into @out. */
static void
squared_distance_pairs (const double *const x[4],
                        const double *const c[4],
                        gsize               d,
                        double              out[4])
{
#ifdef HAVE_AVX2_KERNEL
  if (have_avx2 ())
    {
      squared_distance4_avx2 (x, c, d, out);
      return;
    }
#endif
  for (int q = 0; q < 4; q++)
    out[q] = lloyd_squared_distance (x[q], c[q], d);
}

void
_lloyd_squared_distances (const double *x,
                          const double *centroids,
                          guint         k,
                          gsize         d,
                          double       *out)
{
  guint j = 0;

#ifdef HAVE_AVX2_KERNEL
  if (have_avx2 ())
    for (; j + 4 <= k; j += 4)
      {
        const double *xs[4] = { x, x, x, x };
        const double *cs[4] = { centroids + (gsize) j * d, centroids + (gsize) (j + 1) * d,
                                centroids + (gsize) (j + 2) * d, centroids + (gsize) (j + 3) * d };

        squared_distance4_avx2 (xs, cs, d, out + j);
      }
#endif
  for (; j < k; j++)
    out[j] = lloyd_squared_distance (x, centroids + (gsize) j * d, d);
}

/* We parallelize over row chunks ourselves; OpenBLAS threads inside each small
 * dgemm would oversubscribe the cores and make the results depend on how many
 * threads OpenBLAS chose. */
void
_lloyd_blas_use_own_threads (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      openblas_set_num_threads (1);
      g_once_init_leave (&done, 1);
    }
}

/* sum += w · x. For w = 1 (every row without duplicates) a plain loop the
 * compiler vectorizes, saving a library call per row; daxpy with α = 1 rounds
 * exactly as this loop does, so both give the same bits. */
static inline void
add_scaled_row (double       *sum,
                const double *x,
                gsize         d,
                guint32       w)
{
  if (w == 1)
    for (gsize t = 0; t < d; t++)
      sum[t] += x[t];
  else
    cblas_daxpy ((int) d, (double) w, x, 1, sum, 1);
}

#ifdef HAVE_AVX2_KERNEL
/* x·c for an R × C tile (R rows of @x, C centroids) over the full depth @d:
 * R·C vector accumulators stay in registers, four coordinates per step, then one
 * horizontal sum per pair. Inlined with constant R and C so the compiler unrolls
 * the tile completely. */
static inline __attribute__ ((always_inline, target ("avx2,fma"))) void
dot_tile (const double *x,
          const double *c,
          gsize         d,
          double       *g,
          guint         k,
          const int     R,
          const int     C)
{
  __m256d acc[3][4];
  gsize t = 0;

  for (int r = 0; r < R; r++)
    for (int j = 0; j < C; j++)
      acc[r][j] = _mm256_setzero_pd ();
  for (; t + 4 <= d; t += 4)
    {
      __m256d cv[4];

      for (int j = 0; j < C; j++)
        cv[j] = _mm256_loadu_pd (c + (gsize) j * d + t);
      for (int r = 0; r < R; r++)
        {
          __m256d xv = _mm256_loadu_pd (x + (gsize) r * d + t);

          for (int j = 0; j < C; j++)
            acc[r][j] = _mm256_fmadd_pd (xv, cv[j], acc[r][j]);
        }
    }
  if (t < d)
    {
      /* The last 1–3 coordinates: masked loads read nothing past the row. */
      const __m256i mask = _mm256_setr_epi64x (t + 0 < d ? -1 : 0, t + 1 < d ? -1 : 0,
                                               t + 2 < d ? -1 : 0, 0);
      __m256d cv[4];

      for (int j = 0; j < C; j++)
        cv[j] = _mm256_maskload_pd (c + (gsize) j * d + t, mask);
      for (int r = 0; r < R; r++)
        {
          __m256d xv = _mm256_maskload_pd (x + (gsize) r * d + t, mask);

          for (int j = 0; j < C; j++)
            acc[r][j] = _mm256_fmadd_pd (xv, cv[j], acc[r][j]);
        }
    }
  for (int r = 0; r < R; r++)
    {
      double *gr = g + (gsize) r * k;

      if (C == 4)
        {
          /* Four horizontal sums at once: [Σa, Σb, Σc, Σd]. */
          __m256d ab = _mm256_hadd_pd (acc[r][0], acc[r][1]);
          __m256d cd = _mm256_hadd_pd (acc[r][2], acc[r][3]);
          __m256d lo = _mm256_permute2f128_pd (ab, cd, 0x20);
          __m256d hi = _mm256_permute2f128_pd (ab, cd, 0x31);

          _mm256_storeu_pd (gr, _mm256_add_pd (lo, hi));
        }
      else
        for (int j = 0; j < C; j++)
          {
            __m128d h = _mm_add_pd (_mm256_castpd256_pd128 (acc[r][j]),
                                    _mm256_extractf128_pd (acc[r][j], 1));

            gr[j] = _mm_cvtsd_f64 (_mm_add_sd (h, _mm_unpackhi_pd (h, h)));
          }
    }
}

#define DOT_TILE_ROWS(R)                                                            \
  static __attribute__ ((target ("avx2,fma"))) void                                 \
  dot_tile_rows_##R (const double *x, const double *c, gsize d, double *g, guint k) \
  {                                                                                 \
    guint j = 0;                                                                    \
    for (; j + 4 <= k; j += 4)                                                      \
      dot_tile (x, c + (gsize) j * d, d, g + j, k, R, 4);                           \
    switch (k - j)                                                                  \
      {                                                                             \
      case 3: dot_tile (x, c + (gsize) j * d, d, g + j, k, R, 3); break;            \
      case 2: dot_tile (x, c + (gsize) j * d, d, g + j, k, R, 2); break;            \
      case 1: dot_tile (x, c + (gsize) j * d, d, g + j, k, R, 1); break;            \
      default: break;                                                               \
      }                                                                             \
  }
DOT_TILE_ROWS (1)
DOT_TILE_ROWS (2)
DOT_TILE_ROWS (3)

/* g (m × k) = x (m × d) · cᵀ without packing either operand: for the small k of
 * k-means, dgemm spends about half its time copying the row chunk into its
 * panel layout, while these tiles read each row once from memory and the
 * centroids from L1. */
static void
dots_avx2 (const double *x,
           gsize         m,
           gsize         d,
           const double *c,
           guint         k,
           double       *g)
{
  gsize i = 0;

  for (; i + 3 <= m; i += 3)
    dot_tile_rows_3 (x + i * d, c, d, g + i * k, k);
  if (m - i == 2)
    dot_tile_rows_2 (x + i * d, c, d, g + i * k, k);
  else if (m - i == 1)
    dot_tile_rows_1 (x + i * d, c, d, g + i * k, k);
}

/* The tiles keep every centroid of a row block in L1 and beat dgemm while k
 * is small; beyond that dgemm's cache blocking wins. */
#define DOTS_MAX_K       64
#define DOTS_MAX_KD      4096    /* doubles of centroids: 32 KiB, an L1 cache */

static gboolean
use_avx2_dots (guint k,
               gsize d)
{
  return have_avx2 () && k <= DOTS_MAX_K && (gsize) k * d <= DOTS_MAX_KD;
}
#endif

/* One chunk: rows [r0, r0 + m). */
static void
assign_chunk (AssignJob *job,
              double    *g,
              double    *xn,
              gsize      r0,
              gsize      m,
              guint      block)
{
  const LloydMatrix *x = job->x;
  LloydAssignResult *res = job->result;
  const gsize d = x->d;
  const guint k = job->k;
  const double *xrows = lloyd_matrix_row (x, r0);
  double inertia = 0.0;
  gsize moved = 0;
  double *sums = job->block_sums ? job->block_sums + (gsize) block * k * d : NULL;
  gsize *counts = job->block_counts ? job->block_counts + (gsize) block * k : NULL;

  if (d > 0 && job->use_dots)
    {
#ifdef HAVE_AVX2_KERNEL
      dots_avx2 (xrows, m, d, job->centroids, k, g);
#else
      g_assert_not_reached ();
#endif
    }
  else if (d > 0)
    cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) m, (int) k, (int) d,
                 1.0, xrows, (int) d, job->centroids, (int) d, 0.0, g, (int) k);
  else
    memset (g, 0, m * k * sizeof (double));

  if (res->xnorm != NULL)
    memcpy (xn, res->xnorm + r0, m * sizeof (double));
  else
    for (gsize i = 0; i < m; i++)
      xn[i] = d > 0 ? cblas_ddot ((int) d, xrows + i * d, 1, xrows + i * d, 1) : 0.0;
  for (gsize i = 0; i < m; i++)
    {
      double *gi = g + i * k;
      const double *xi = xrows + i * d;
      double best = G_MAXDOUBLE, second = G_MAXDOUBLE;
      guint best_j = 0;
      double margin;
      gsize row = r0 + i;
      guint32 w;

      /* ‖c‖² − 2x·c ranks the centroids; ‖x‖² is added to the winner only. */
      for (guint j = 0; j < k; j++)
        gi[j] = job->cnorm[j] - 2.0 * gi[j];
      if (res->all2 != NULL)
        for (guint j = 0; j < k; j++)
          res->all2[row * k + j] = MAX (xn[i] + gi[j], 0.0);

      /* Strict < keeps ties on the lowest index. */
      for (guint j = 0; j < k; j++)
        {
          double v = gi[j];

          if (v < second)
            {
              if (v < best)
                {
                  second = best;
                  best = v;
                  best_j = j;
                }
              else
                second = v;
            }
        }

      /* The expanded form rounds with an error of about (d + 2)·ε·(‖x‖² + ‖c‖²):
       * when another centroid is that close, decide between the candidates by
       * direct differences, so a label never depends on rounding inside dgemm
       * (and the bounds-based fit reaches the same labels). */
      margin = 4.0 * (double) (d + 4) * DBL_EPSILON * (xn[i] + job->cnorm_max);
      if (k > 1 && second - best <= margin)
        {
          double limit = best + margin;
          double exact_best = G_MAXDOUBLE, exact_second = G_MAXDOUBLE;
          guint exact_j = best_j;

          for (guint j = 0; j < k; j++)
            {
              double e;

              if (gi[j] > limit)
                continue;
              e = lloyd_squared_distance (xi, job->centroids + (gsize) j * d, d);
              if (e < exact_best)
                {
                  exact_second = exact_best;
                  exact_best = e;
                  exact_j = j;
                }
              else if (e < exact_second)
                exact_second = e;
            }
          best_j = exact_j;
          best = exact_best;
          second = MAX (MIN (MAX (xn[i] + second, 0.0), exact_second), best);
        }
      else
        {
          best = MAX (xn[i] + best, 0.0);
          second = k > 1 ? MAX (xn[i] + second, 0.0) : G_MAXDOUBLE;
          /* Near zero the expanded form is all rounding: a point on its
           * centroid gets exactly 0. */
          if (best <= margin)
            best = lloyd_squared_distance (xi, job->centroids + (gsize) best_j * d, d);
        }

      w = res->weights != NULL ? res->weights[row] : 1;
      if (res->labels != NULL)
        {
          if (res->prev_labels && res->labels[row] != best_j)
            moved += w;
          res->labels[row] = best_j;
        }
      if (res->dist2 != NULL)
        res->dist2[row] = best;
      if (res->second2 != NULL)
        res->second2[row] = second;
      if (sums != NULL)
        {
          double *sj = sums + (gsize) best_j * d;

          add_scaled_row (sj, xi, d, w);
        }
      if (counts != NULL)
        counts[best_j] += w;
      inertia += w == 1 ? best : (double) w * best;
    }

  job->block_inertia[block] += inertia;
  job->block_moved[block] += moved;
}

static gpointer
assign_worker (gpointer data)
{
  AssignWorker *w = data;
  AssignJob *job = w->job;
  double *g = job->scratch + w->worker * job->scratch_stride;
  double *xn = g + job->chunk_rows * job->k;

  for (;;)
    {
      guint block = (guint) g_atomic_int_add (&job->next_block, 1);
      gsize c0, c1;

      if (block >= job->n_blocks)
        break;
      c0 = (gsize) block * job->n_chunks / job->n_blocks;
      c1 = (gsize) (block + 1) * job->n_chunks / job->n_blocks;
      for (gsize c = c0; c < c1; c++)
        {
          gsize r0 = c * job->chunk_rows;
          gsize m = MIN (job->chunk_rows, job->x->n - r0);

          if (g_atomic_int_get (&job->cancelled) ||
              g_cancellable_is_cancelled (job->cancellable))
            {
              g_atomic_int_set (&job->cancelled, 1);
              return NULL;
            }
          assign_chunk (job, g, xn, r0, m, block);
        }
    }
  return NULL;
}

void
_lloyd_block_layout (gsize  n,
                     guint  k,
                     gsize  d,
                     gsize *chunk_rows,
                     gsize *n_chunks,
                     guint *n_blocks)
{
  gsize per_block = MAX ((gsize) k * d, 1);

  *chunk_rows = CLAMP (G_BUDGET_DOUBLES / MAX (k, 1), 16, MAX_CHUNK_ROWS);
  *n_chunks = (n + *chunk_rows - 1) / *chunk_rows;
  *n_blocks = (guint) MIN (*n_chunks, MAX_BLOCKS);
  /* Partial sums of every block must fit the budget. */
  *n_blocks = (guint) CLAMP (SUMS_BUDGET / per_block, 1, MAX (*n_blocks, 1));
}

gboolean
_lloyd_assign_pass (const LloydMatrix *x,
                    const double      *centroids,
                    guint              k,
                    LloydAssignResult *result,
                    guint              n_threads,
                    GCancellable      *cancellable,
                    GError           **error)
{
  AssignJob job = { 0 };
  const gsize d = x->d;
  g_autofree double *cnorm = NULL;
  g_autofree double *block_inertia = NULL;
  g_autofree gsize *block_moved = NULL;
  g_autofree AssignWorker *workers = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  double *block_sums = NULL;
  gsize *block_counts = NULL;
  guint n_workers;
  gboolean ok = TRUE;

  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (centroids != NULL || k == 0, FALSE);
  g_return_val_if_fail (k > 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _lloyd_blas_use_own_threads ();

  result->moved = 0;
  result->inertia = 0.0;
  if (result->sums != NULL)
    memset (result->sums, 0, (gsize) k * d * sizeof (double));
  if (result->counts != NULL)
    memset (result->counts, 0, (gsize) k * sizeof (gsize));
  if (x->n == 0)
    return TRUE;

  cnorm = g_new (double, k);
  job.cnorm_max = 0.0;
  for (guint j = 0; j < k; j++)
    {
      const double *c = centroids + (gsize) j * d;
      double s = 0.0;

      for (gsize t = 0; t < d; t++)
        s += c[t] * c[t];
      cnorm[j] = s;
      job.cnorm_max = MAX (job.cnorm_max, s);
    }

  job.x = x;
  job.centroids = centroids;
  job.k = k;
  job.cnorm = cnorm;
  job.result = result;
  job.cancellable = cancellable;
#ifdef HAVE_AVX2_KERNEL
  job.use_dots = use_avx2_dots (k, d);
#endif
  _lloyd_block_layout (x->n, k, d, &job.chunk_rows, &job.n_chunks, &job.n_blocks);
  if (result->sums != NULL)
    {
      block_sums = lloyd_aligned_alloc0 ((gsize) job.n_blocks * k * d, sizeof (double), error);
      if (block_sums == NULL)
        return FALSE;
    }
  if (result->counts != NULL)
    {
      block_counts = lloyd_aligned_alloc0 ((gsize) job.n_blocks * k, sizeof (gsize), error);
      if (block_counts == NULL)
        {
          lloyd_aligned_free (block_sums);
          return FALSE;
        }
    }
  block_inertia = g_new0 (double, job.n_blocks);
  block_moved = g_new0 (gsize, job.n_blocks);
  job.block_sums = block_sums;
  job.block_counts = block_counts;
  job.block_inertia = block_inertia;
  job.block_moved = block_moved;

  n_workers = MIN (_lloyd_resolve_threads (n_threads), job.n_blocks);
  job.scratch_stride = job.chunk_rows * k + job.chunk_rows;
  job.scratch_stride = (job.scratch_stride + 7) & ~(gsize) 7;
  job.scratch = lloyd_aligned_alloc0 (n_workers * job.scratch_stride, sizeof (double), error);
  if (job.scratch == NULL)
    {
      lloyd_aligned_free (block_sums);
      lloyd_aligned_free (block_counts);
      return FALSE;
    }

  workers = g_new0 (AssignWorker, n_workers);
  threads = g_ptr_array_new ();
  for (guint w = 0; w < n_workers; w++)
    {
      workers[w].job = &job;
      workers[w].worker = w;
    }
  for (guint w = 1; w < n_workers; w++)
    {
      GThread *t = g_thread_try_new ("lloyd-assign", assign_worker, &workers[w], NULL);

      /* Without a thread the calling thread simply does more of the blocks. */
      if (t != NULL)
        g_ptr_array_add (threads, t);
    }
  assign_worker (&workers[0]);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  if (g_atomic_int_get (&job.cancelled))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      ok = FALSE;
    }
  else
    {
      for (guint b = 0; b < job.n_blocks; b++)
        {
          result->inertia += block_inertia[b];
          result->moved += block_moved[b];
          if (block_sums != NULL)
            {
              const double *bs = block_sums + (gsize) b * k * d;

              for (gsize t = 0; t < (gsize) k * d; t++)
                result->sums[t] += bs[t];
            }
          if (block_counts != NULL)
            for (guint j = 0; j < k; j++)
              result->counts[j] += block_counts[(gsize) b * k + j];
        }
    }

  lloyd_aligned_free (job.scratch);
  lloyd_aligned_free (block_sums);
  lloyd_aligned_free (block_counts);
  return ok;
}

gboolean
lloyd_nearest_centroids (const LloydMatrix *x,
                         const double      *centroids,
                         guint              k,
                         guint32           *labels,
                         double            *dist2,
                         guint              n_threads,
                         GCancellable      *cancellable,
                         GError           **error)
{
  LloydAssignResult result = { 0 };

  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (centroids != NULL, FALSE);
  g_return_val_if_fail (k > 0, FALSE);

  result.labels = labels;
  result.dist2 = dist2;
  return _lloyd_assign_pass (x, centroids, k, &result, n_threads, cancellable, error);
}

double *
_lloyd_row_norms (const LloydMatrix *x)
{
  double *norms = g_try_new (double, MAX (x->n, 1));

  if (norms == NULL)
    return NULL;
  for (gsize i = 0; i < x->n; i++)
    norms[i] = x->d > 0 ? cblas_ddot ((int) x->d, lloyd_matrix_row (x, i), 1, lloyd_matrix_row (x, i), 1) : 0.0;
  return norms;
}

typedef struct
{
  LloydBlockFunc  func;
  gpointer        data;
  guint           n_blocks;
  gint            next;
  gint            cancelled;
  GCancellable   *cancellable;
} BlockJob;

static gpointer
block_worker (gpointer data)
{
  BlockJob *job = data;

  for (;;)
    {
      guint b = (guint) g_atomic_int_add (&job->next, 1);

      if (b >= job->n_blocks)
        break;
      if (g_atomic_int_get (&job->cancelled) || g_cancellable_is_cancelled (job->cancellable))
        {
          g_atomic_int_set (&job->cancelled, 1);
          break;
        }
      job->func (b, job->data);
    }
  return NULL;
}

gboolean
_lloyd_parallel_blocks (guint           n_blocks,
                        guint           n_threads,
                        LloydBlockFunc  func,
                        gpointer        data,
                        GCancellable   *cancellable,
                        GError        **error)
{
  BlockJob job = { func, data, n_blocks, 0, 0, cancellable };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint n_workers = MIN (_lloyd_resolve_threads (n_threads), MAX (n_blocks, 1));

  _lloyd_blas_use_own_threads ();
  for (guint w = 1; w < n_workers; w++)
    {
      GThread *t = g_thread_try_new ("lloyd-blocks", block_worker, &job, NULL);

      if (t != NULL)
        g_ptr_array_add (threads, t);
    }
  block_worker (&job);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  if (g_atomic_int_get (&job.cancelled))
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const LloydMatrix *x;
  const guint32     *labels;
  const guint32     *weights;
  const double      *centroids;
  guint              k;
  gsize              chunk_rows;
  gsize              n_chunks;
  guint              n_blocks;
  double            *block_sums;
  gsize             *block_counts;
  double            *block_inertia;
} SumsJob;

/* Exactly the operations assign_chunk() applies to the sums, in the same order,
 * so both give bit-identical centroids. */
static void
sums_block (gsize    block,
            gpointer data)
{
  SumsJob *job = data;
  const gsize d = job->x->d;
  gsize r0 = (block * job->n_chunks / job->n_blocks) * job->chunk_rows;
  gsize r1 = MIN (((block + 1) * job->n_chunks / job->n_blocks) * job->chunk_rows, job->x->n);
  double *sums = job->block_sums + block * job->k * d;
  gsize *counts = job->block_counts + block * job->k;
  double inertia = 0.0;

  double dist[4];

  for (gsize i = r0; i < r1; i++)
    {
      const double *xi = lloyd_matrix_row (job->x, i);
      guint32 c = job->labels[i];
      guint32 w = job->weights != NULL ? job->weights[i] : 1;

      add_scaled_row (sums + (gsize) c * d, xi, d, w);
      counts[c] += w;
      if (job->centroids != NULL)
        {
          double v;

          /* Distances four rows ahead, batched; added in row order. */
          if ((i - r0) % 4 == 0)
            {
              gsize m = MIN (4, r1 - i);
              const double *xs[4], *cs[4];

              for (gsize q = 0; q < 4; q++)
                {
                  gsize row = i + MIN (q, m - 1);

                  xs[q] = lloyd_matrix_row (job->x, row);
                  cs[q] = job->centroids + (gsize) job->labels[row] * d;
                }
              squared_distance_pairs (xs, cs, d, dist);
            }
          v = dist[(i - r0) % 4];
          inertia += w == 1 ? v : (double) w * v;
        }
    }
  job->block_inertia[block] = inertia;
}

gboolean
_lloyd_cluster_sums (const LloydMatrix *x,
                     const guint32     *labels,
                     const guint32     *weights,
                     const double      *centroids,
                     guint              k,
                     double            *sums,
                     gsize             *counts,
                     double            *inertia,
                     guint              n_threads,
                     GCancellable      *cancellable,
                     GError           **error)
{
  SumsJob job = { x, labels, weights, centroids, k, 0, 0, 0, NULL, NULL, NULL };
  const gsize d = x->d;
  gboolean ok;

  memset (sums, 0, (gsize) k * d * sizeof (double));
  memset (counts, 0, k * sizeof (gsize));
  if (inertia != NULL)
    *inertia = 0.0;
  if (x->n == 0)
    return TRUE;
  _lloyd_block_layout (x->n, k, d, &job.chunk_rows, &job.n_chunks, &job.n_blocks);
  job.block_sums = lloyd_aligned_alloc0 ((gsize) job.n_blocks * k * d, sizeof (double), error);
  job.block_counts = lloyd_aligned_alloc0 ((gsize) job.n_blocks * k, sizeof (gsize), error);
  job.block_inertia = g_new0 (double, job.n_blocks);
  ok = job.block_sums != NULL && job.block_counts != NULL &&
       _lloyd_parallel_blocks (job.n_blocks, n_threads, sums_block, &job, cancellable, error);
  if (ok)
    for (guint b = 0; b < job.n_blocks; b++)
      {
        const double *bs = job.block_sums + (gsize) b * k * d;

        for (gsize t = 0; t < (gsize) k * d; t++)
          sums[t] += bs[t];
        for (guint j = 0; j < k; j++)
          counts[j] += job.block_counts[(gsize) b * k + j];
        if (inertia != NULL)
          *inertia += job.block_inertia[b];
      }
  lloyd_aligned_free (job.block_sums);
  lloyd_aligned_free (job.block_counts);
  g_free (job.block_inertia);
  return ok;
}
