/* kmeans.c — the k-means model: parameters, half-steps (assign, update), history,
 * convergence, restarts and the fit loop. Initializations live in kmeans-init.c,
 * the distance kernel in distance.c. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "distance.h"
#include "kmeans-private.h"
#include "row-groups.h"

G_DEFINE_QUARK (lloyd-kmeans-error-quark, lloyd_kmeans_error)

static void clear_groups (LloydKMeans *km);

static const char *const init_names[] = {
  [LLOYD_INIT_RANDOM] = "random",
  [LLOYD_INIT_PARTITION] = "partition",
  [LLOYD_INIT_KMEANSPP] = "kmeans++",
  [LLOYD_INIT_KMEANS_PARALLEL] = "kmeans-parallel",
  [LLOYD_INIT_FIRST] = "first",
  [LLOYD_INIT_ROWS] = "rows",
  [LLOYD_INIT_CENTROIDS] = "centroids",
  [LLOYD_INIT_AVERAGE] = "average",
};

const char *
lloyd_init_to_string (LloydInit init)
{
  g_return_val_if_fail ((guint) init < G_N_ELEMENTS (init_names), NULL);
  return init_names[init];
}

gboolean
lloyd_init_from_string (const char *s,
                        LloydInit  *init)
{
  g_return_val_if_fail (s != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (init_names); i++)
    if (g_strcmp0 (s, init_names[i]) == 0)
      {
        if (init != NULL)
          *init = (LloydInit) i;
        return TRUE;
      }
  if (g_strcmp0 (s, "k-means++") == 0 || g_strcmp0 (s, "kmeans||") == 0)
    {
      if (init != NULL)
        *init = s[0] == 'k' && s[1] == '-' ? LLOYD_INIT_KMEANSPP : LLOYD_INIT_KMEANS_PARALLEL;
      return TRUE;
    }
  return FALSE;
}

const char *
lloyd_stop_reason_to_string (LloydStopReason reason)
{
  switch (reason)
    {
    case LLOYD_STOP_NONE:
      return "none";
    case LLOYD_STOP_UNCHANGED:
      return "unchanged";
    case LLOYD_STOP_TOLERANCE:
      return "tolerance";
    case LLOYD_STOP_MAX_ITER:
      return "max-iter";
    case LLOYD_STOP_CANCELLED:
      return "cancelled";
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
iteration_free (gpointer data)
{
  LloydIteration *it = data;

  g_free (it->centroids);
  g_free (it->shifts);
  g_clear_pointer (&it->events, g_array_unref);
  g_free (it);
}

static LloydIteration *
iteration_new (guint         iteration,
               const double *centroids,
               guint         k,
               gsize         d)
{
  LloydIteration *it = g_new0 (LloydIteration, 1);

  /* k × d may be large (k = n): a history entry that does not fit is an error. */
  it->iteration = iteration;
  it->centroids = g_try_malloc (MAX ((gsize) k * d, 1) * sizeof (double));
  it->shifts = g_try_new0 (double, MAX (k, 1));
  it->events = g_array_new (FALSE, FALSE, sizeof (LloydEvent));
  it->inertia = NAN;
  if (it->centroids == NULL || it->shifts == NULL)
    {
      iteration_free (it);
      return NULL;
    }
  memcpy (it->centroids, centroids, (gsize) k * d * sizeof (double));
  return it;
}

void
_lloyd_kmeans_free_entry (LloydIteration *it)
{
  iteration_free (it);
}

LloydIteration *
_lloyd_kmeans_new_entry (LloydKMeans *km,
                         GError     **error)
{
  LloydIteration *it = iteration_new (km->history->len, km->centroids, km->k, km->d);

  if (it == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                 _("Not enough memory to keep the history of %u centroids of dimension %zu"),
                 km->k, km->d);
  return it;
}

LloydKMeans *
lloyd_kmeans_new (guint k)
{
  LloydKMeans *km = g_new0 (LloydKMeans, 1);

  km->k = k;
  km->init = LLOYD_INIT_KMEANSPP;
  km->max_iter = 300;
  km->tol = 1e-4;
  km->n_init = 1;
  km->average_runs = 5;
  km->history = g_ptr_array_new_with_free_func (iteration_free);
  km->inertia = NAN;
  return km;
}

void
lloyd_kmeans_reset (LloydKMeans *km)
{
  g_return_if_fail (km != NULL);

  g_clear_pointer (&km->centroids, g_free);
  g_clear_pointer (&km->xnorm, g_free);
  _lloyd_kmeans_free_labels (km);
  g_ptr_array_set_size (km->history, 0);
  km->n = 0;
  km->d = 0;
  km->half_step = LLOYD_HALF_STEP_NONE;
  km->stop_reason = LLOYD_STOP_NONE;
  km->inertia = NAN;
}

void
lloyd_kmeans_free (LloydKMeans *km)
{
  if (km == NULL)
    return;
  lloyd_kmeans_reset (km);
  clear_groups (km);
  g_ptr_array_unref (km->history);
  g_free (km->init_rows);
  g_free (km->init_centroids);
  g_free (km);
}

void
lloyd_kmeans_set_k (LloydKMeans *km,
                    guint        k)
{
  g_return_if_fail (km != NULL);
  km->k = k;
}

void
lloyd_kmeans_set_init (LloydKMeans *km,
                       LloydInit    init)
{
  g_return_if_fail (km != NULL);
  g_return_if_fail ((guint) init < G_N_ELEMENTS (init_names));
  km->init = init;
}

void
lloyd_kmeans_set_seed (LloydKMeans *km,
                       guint64      seed)
{
  g_return_if_fail (km != NULL);
  km->seed = seed;
}

void
lloyd_kmeans_set_max_iter (LloydKMeans *km,
                           guint        max_iter)
{
  g_return_if_fail (km != NULL);
  km->max_iter = max_iter;
}

void
lloyd_kmeans_set_tol (LloydKMeans *km,
                      double       tol)
{
  g_return_if_fail (km != NULL);
  g_return_if_fail (tol >= 0.0 && isfinite (tol));
  km->tol = tol;
}

void
lloyd_kmeans_set_n_init (LloydKMeans *km,
                         guint        n_init)
{
  g_return_if_fail (km != NULL);
  km->n_init = MAX (n_init, 1);
}

void
lloyd_kmeans_set_n_threads (LloydKMeans *km,
                            guint        n_threads)
{
  g_return_if_fail (km != NULL);
  km->n_threads = n_threads;
}

void
lloyd_kmeans_set_init_rows (LloydKMeans *km,
                            const gsize *rows,
                            guint        n_rows)
{
  g_return_if_fail (km != NULL);
  g_return_if_fail (rows != NULL || n_rows == 0);

  g_free (km->init_rows);
  km->init_rows = g_memdup2 (rows, MAX (n_rows, 1) * sizeof (gsize));
  km->n_init_rows = n_rows;
  km->k = n_rows;
  km->init = LLOYD_INIT_ROWS;
}

void
lloyd_kmeans_set_init_centroids (LloydKMeans  *km,
                                 const double *centroids,
                                 guint         n_centroids,
                                 gsize         d)
{
  g_return_if_fail (km != NULL);
  g_return_if_fail (centroids != NULL || n_centroids == 0 || d == 0);

  g_free (km->init_centroids);
  km->init_centroids = g_memdup2 (centroids, MAX ((gsize) n_centroids * d, 1) * sizeof (double));
  km->k = n_centroids;
  km->init_d = d;
  km->init = LLOYD_INIT_CENTROIDS;
}

void
lloyd_kmeans_set_average_runs (LloydKMeans *km,
                               guint        runs)
{
  g_return_if_fail (km != NULL);
  km->average_runs = MAX (runs, 1);
}

guint
lloyd_kmeans_get_k (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, 0);
  return km->k;
}

gsize
lloyd_kmeans_get_d (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, 0);
  return km->d;
}

LloydInit
lloyd_kmeans_get_init (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, LLOYD_INIT_RANDOM);
  return km->init;
}

guint64
lloyd_kmeans_get_seed (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, 0);
  return km->seed;
}

double
lloyd_kmeans_get_tol_scaled (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, 0.0);
  return km->tol_scaled;
}

/* A few values spread over @x, hashed: a matrix reallocated at the same address
 * with other contents is not mistaken for one already checked. */
static guint64
fingerprint (const LloydMatrix *x)
{
  guint64 h = x->n * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ x->d;
  gsize total = x->n * x->d;

  for (gsize s = 0; s < 64 && total > 0; s++)
    {
      guint64 bits;
      double v = x->data[(s * (total - 1)) / 63];

      memcpy (&bits, &v, sizeof bits);
      h = (h ^ bits) * G_GUINT64_CONSTANT (0x100000001b3);
    }
  return h;
}

static void
clear_groups (LloydKMeans *km)
{
  g_clear_pointer (&km->groups, lloyd_matrix_free);
  g_clear_pointer (&km->group_weight, g_free);
  g_clear_pointer (&km->row_group, g_free);
  g_clear_pointer (&km->group_row, g_free);
  km->u_checked = 0;
}

/* Distinct rows copied per block, on every core: the copy is mostly the kernel
 * handing out fresh pages. */
#define COPY_BLOCK_ROWS 4096

typedef struct
{
  const LloydMatrix *x;
  LloydMatrix       *groups;
  const gsize       *group_row;
} CopyJob;

static void
copy_block (gsize    block,
            gpointer data)
{
  CopyJob *job = data;
  gsize end = MIN ((block + 1) * COPY_BLOCK_ROWS, job->groups->n);

  for (gsize i = block * COPY_BLOCK_ROWS; i < end; i++)
    memcpy (lloyd_matrix_row (job->groups, i), lloyd_matrix_row (job->x, job->group_row[i]),
            job->x->d * sizeof (double));
}

/* Groups identical rows (row-groups.c; @hashes from scan_data()) so every pass
 * works on the distinct points weighted by their counts. Finite data only. */
static gboolean
build_groups (LloydKMeans       *km,
              const LloydMatrix *x,
              const guint64     *hashes,
              GError           **error)
{
  LloydRowGroups g;
  CopyJob job;

  clear_groups (km);
  if (!_lloyd_row_groups_build_hashed (x, NULL, hashes, &g, error))
    return FALSE;
  km->u_checked = g.n_groups;
  if (g.n_groups == x->n)
    {
      _lloyd_row_groups_clear (&g);
      return TRUE;
    }
  km->groups = lloyd_matrix_new_uninit (g.n_groups, x->d, error);
  if (km->groups == NULL)
    {
      _lloyd_row_groups_clear (&g);
      return FALSE;
    }
  job.x = x;
  job.groups = km->groups;
  job.group_row = g.group_row;
  _lloyd_parallel_blocks ((guint) ((g.n_groups + COPY_BLOCK_ROWS - 1) / COPY_BLOCK_ROWS),
                          g.n_groups >= 2 * COPY_BLOCK_ROWS ? 0 : 1, copy_block, &job, NULL, NULL);
  km->group_weight = g_realloc (g_steal_pointer (&g.weight), g.n_groups * sizeof (guint32));
  km->group_row = g_realloc (g_steal_pointer (&g.group_row), g.n_groups * sizeof (gsize));
  km->row_group = g_steal_pointer (&g.row_group);
  return TRUE;
}

const LloydMatrix *
_lloyd_kmeans_work (const LloydKMeans *km,
                    const LloydMatrix *x)
{
  return km->groups != NULL ? km->groups : x;
}

void
_lloyd_kmeans_expand_labels (LloydKMeans *km)
{
  if (km->row_group == NULL || km->row_labels == NULL)
    return;
  for (gsize i = 0; i < km->n; i++)
    km->row_labels[i] = km->labels[km->row_group[i]];
}

/* Rows per block of the data scan; fixed, so the sums below are reduced in the
 * same order whatever the thread count. */
#define SCAN_BLOCK_ROWS 4096

typedef struct
{
  const LloydMatrix *x;
  double             max_abs;
  const double      *mean;      /* NULL in the first pass */
  const guint32     *weights;   /* second pass: rows' multiplicities, or NULL */
  double            *partial;   /* n_blocks × d: column sums, then squared deviations */
  double            *peak;      /* n_blocks × d: largest |value| per column (first pass) */
  guint64           *hashes;    /* n: each row's _lloyd_row_hash() (first pass) */
  gsize             *bad;       /* n_blocks: first bad value's index + 1, or 0 */
} ScanJob;

/* The first NaN, infinity or value over max_abs in rows [begin, end), row by row. */
static gsize
find_bad_value (const LloydMatrix *x,
                gsize              begin,
                gsize              end,
                double             max_abs)
{
  for (gsize i = begin; i < end; i++)
    for (gsize j = 0; j < x->d; j++)
      if (!(fabs (lloyd_matrix_row (x, i)[j]) <= max_abs))
        return i * x->d + j + 1;
  return 0;
}

/* Both passes are branch-free per column, so they vectorize: pass 1 keeps column
 * sums and the largest magnitudes (a NaN or infinity shows in the sum), and
 * searches its block again only when one is bad; pass 2 sums squared deviations,
 * weighted. Pass 1 also hashes each row for the grouping while it is in cache. */
static void
scan_block (gsize    block,
            gpointer data)
{
  ScanJob *job = data;
  const LloydMatrix *x = job->x;
  const gsize d = x->d, begin = block * SCAN_BLOCK_ROWS;
  gsize end = MIN (begin + SCAN_BLOCK_ROWS, x->n);
  const double *restrict mean = job->mean;
  double *restrict partial = job->partial + block * d;
  double *restrict peak = mean == NULL ? job->peak + block * d : NULL;

  for (gsize i = begin; i < end; i++)
    {
      const double *restrict row = lloyd_matrix_row (x, i);

      if (mean == NULL)
        {
          for (gsize j = 0; j < d; j++)
            {
              double a = fabs (row[j]);

              peak[j] = a > peak[j] ? a : peak[j];
              partial[j] += row[j];
            }
          job->hashes[i] = _lloyd_row_hash (row, d, 0);
        }
      else
        {
          const double w = job->weights != NULL ? job->weights[i] : 1.0;

          for (gsize j = 0; j < d; j++)
            {
              double t = row[j] - mean[j];

              partial[j] += w * (t * t);
            }
        }
    }
  if (mean == NULL)
    for (gsize j = 0; j < d; j++)
      if (!(peak[j] <= job->max_abs) || !isfinite (partial[j]))
        {
          job->bad[block] = find_bad_value (x, begin, end, job->max_abs);
          return;
        }
}

/* Refuses NaN, infinities and values so large that a squared distance (d terms of
 * up to (2·max)²) would overflow, returns the column means in *@mean_out and
 * fills @hashes (n) with the rows' hashes for the grouping. Row blocks on every
 * core. */
static gboolean
scan_data (const LloydMatrix *x,
           guint64           *hashes,
           double           **mean_out,
           GError           **error)
{
  gsize n_blocks = (x->n + SCAN_BLOCK_ROWS - 1) / SCAN_BLOCK_ROWS;
  guint threads = x->n >= 2 * SCAN_BLOCK_ROWS ? 0 : 1;
  g_autofree double *partial = g_try_new0 (double, n_blocks * x->d);
  g_autofree double *peak = g_try_new0 (double, n_blocks * x->d);
  g_autofree gsize *bad = g_try_new0 (gsize, n_blocks);
  g_autofree double *mean = g_try_new0 (double, x->d);
  ScanJob job = { x, sqrt (G_MAXDOUBLE / (4.0 * (double) x->d)), NULL, NULL, partial, peak, hashes,
                  bad };

  if (partial == NULL || peak == NULL || bad == NULL || mean == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("Not enough memory to check the data"));
      return FALSE;
    }
  _lloyd_parallel_blocks ((guint) n_blocks, threads, scan_block, &job, NULL, NULL);
  for (gsize b = 0; b < n_blocks; b++)
    if (bad[b] != 0)
      {
        gsize i = (bad[b] - 1) / x->d, j = (bad[b] - 1) % x->d;
        double v = x->data[bad[b] - 1];

        if (!isfinite (v))
          g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_NONFINITE,
                       _("Row %zu, column %zu is not a finite number (%g); "
                         "remove or impute it before clustering"),
                       i + 1, j + 1, v);
        else
          g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_NONFINITE,
                       _("Row %zu, column %zu is too large to cluster "
                         "(%g: squared distances would overflow); scale or normalize the data"),
                       i + 1, j + 1, v);
        return FALSE;
      }
  for (gsize b = 0; b < n_blocks; b++)
    for (gsize j = 0; j < x->d; j++)
      mean[j] += partial[b * x->d + j];
  for (gsize j = 0; j < x->d; j++)
    mean[j] /= (double) x->n;
  *mean_out = g_steal_pointer (&mean);
  return TRUE;
}

/* The total squared deviation of the rows of @w, each counted @weights[i] times
 * (NULL: once), from @mean: on the distinct rows it reads far less than the data.
 * Reduced in a fixed order, so the same for any number of threads. */
static gboolean
deviation_total (const LloydMatrix *w,
                 const guint32     *weights,
                 const double      *mean,
                 double            *total,
                 GError           **error)
{
  gsize n_blocks = (w->n + SCAN_BLOCK_ROWS - 1) / SCAN_BLOCK_ROWS;
  guint threads = w->n >= 2 * SCAN_BLOCK_ROWS ? 0 : 1;
  g_autofree double *partial = g_try_new0 (double, n_blocks * w->d);
  ScanJob job = { w, 0.0, mean, weights, partial, NULL, NULL, NULL };

  if (partial == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("Not enough memory to check the data"));
      return FALSE;
    }
  _lloyd_parallel_blocks ((guint) n_blocks, threads, scan_block, &job, NULL, NULL);
  for (gsize b = 1; b < n_blocks; b++)
    for (gsize j = 0; j < w->d; j++)
      partial[j] += partial[b * w->d + j];
  *total = 0.0;
  for (gsize j = 0; j < w->d; j++)
    *total += partial[j];
  return TRUE;
}

/* Checks that @x can be clustered into k groups at all. Scans every value once;
 * the distinct-point count stops as soon as k distinct points are found. */
static gboolean
check_data (LloydKMeans       *km,
            const LloydMatrix *x,
            double            *tol_scaled,
            GError           **error)
{
  g_autofree double *mean = NULL;
  g_autofree guint64 *hashes = NULL;
  guint distinct = 0;
  double total = 0.0;

  if (km->k == 0)
    {
      g_set_error_literal (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                           _("k must be at least 1"));
      return FALSE;
    }
  if (x->n == 0)
    {
      g_set_error_literal (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                           _("The data has no rows"));
      return FALSE;
    }
  if (x->d == 0)
    {
      g_set_error_literal (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                           _("The data has no columns to cluster on"));
      return FALSE;
    }
  if (km->k > x->n)
    {
      g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                   _("k = %u is more than the %zu rows of the data"),
                   km->k, x->n);
      return FALSE;
    }
  /* Already checked (same matrix): the data is assumed unchanged between
   * initialize and fit, and across the k of a sweep. */
  if (x == km->checked_x && x->data == km->checked_data && x->n == km->checked_n &&
      x->d == km->checked_d && fingerprint (x) == km->checked_fingerprint)
    {
      if (km->k > km->u_checked)
        {
          g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_DISTINCT,
                       _("k = %u but the data has only %zu distinct points; choose k ≤ %zu"),
                       km->k, km->u_checked, km->u_checked);
          return FALSE;
        }
      *tol_scaled = km->tol * km->mean_variance;
      return TRUE;
    }
  km->checked_x = NULL;  /* the groups below are rebuilt for this data */
  hashes = g_try_new (guint64, x->n);
  if (hashes == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("Not enough memory to check the data"));
      return FALSE;
    }
  if (!scan_data (x, hashes, &mean, error))
    return FALSE;
  if (!build_groups (km, x, hashes, error)
      || !deviation_total (_lloyd_kmeans_work (km, x), km->group_weight, mean, &total, error))
    return FALSE;
  distinct = (guint) MIN (km->u_checked, G_MAXUINT);
  if (distinct < km->k)
    {
      g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_DISTINCT,
                   _("k = %u but the data has only %u distinct points; choose k ≤ %u"),
                   km->k, distinct, distinct);
      return FALSE;
    }
  km->mean_variance = total / ((double) x->n * (double) x->d);
  km->checked_x = x;
  km->checked_data = x->data;
  km->checked_n = x->n;
  km->checked_d = x->d;
  km->checked_fingerprint = fingerprint (x);
  *tol_scaled = km->tol * km->mean_variance;
  return TRUE;
}

/* Sets the state for data @x with initial centroids @centroids (taken). */
static gboolean
start_state (LloydKMeans       *km,
             const LloydMatrix *x,
             double            *centroids,
             double             tol_scaled,
             GError           **error)
{
  LloydIteration *it;

  lloyd_kmeans_reset (km);
  km->n = x->n;
  km->u = km->groups != NULL ? km->groups->n : x->n;
  km->d = x->d;
  km->tol_scaled = tol_scaled;
  km->centroids = centroids;
  /* Without memory for the norms the kernel recomputes them per pass. */
  km->xnorm = _lloyd_row_norms (_lloyd_kmeans_work (km, x));
  it = _lloyd_kmeans_new_entry (km, error);
  if (it == NULL)
    {
      lloyd_kmeans_reset (km);
      return FALSE;
    }
  g_ptr_array_add (km->history, it);
  return TRUE;
}

static gboolean
initialize_with_rng (LloydKMeans       *km,
                     const LloydMatrix *x,
                     LloydRng          *rng,
                     double             tol_scaled,
                     GCancellable      *cancellable,
                     GError           **error)
{
  double *centroids;

  centroids = g_try_new0 (double, (gsize) km->k * x->d);
  if (centroids == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for %u centroids of dimension %zu"), km->k, x->d);
      return FALSE;
    }
  if (!_lloyd_kmeans_init_centroids (km, x, rng, centroids, cancellable, error))
    {
      g_free (centroids);
      return FALSE;
    }
  return start_state (km, x, centroids, tol_scaled, error);
}

gboolean
lloyd_kmeans_initialize (LloydKMeans       *km,
                         const LloydMatrix *x,
                         GCancellable      *cancellable,
                         GError           **error)
{
  LloydRng rng;
  double tol_scaled;

  g_return_val_if_fail (km != NULL, FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_data (km, x, &tol_scaled, error))
    return FALSE;
  lloyd_rng_init (&rng, km->seed);
  return initialize_with_rng (km, x, &rng, tol_scaled, cancellable, error);
}

static gboolean
check_state (const LloydKMeans *km,
             const LloydMatrix *x,
             GError           **error)
{
  if (km->centroids == NULL)
    {
      g_set_error_literal (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_STATE,
                           _("The model has no centroids yet: initialize it first"));
      return FALSE;
    }
  if (x->n != km->n || x->d != km->d)
    {
      g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                   _("The model was initialized on %zu × %zu data, not %zu × %zu"),
                   km->n, km->d, x->n, x->d);
      return FALSE;
    }
  return TRUE;
}

gboolean
_lloyd_kmeans_alloc_labels (LloydKMeans *km,
                            GError     **error)
{
  if (km->labels != NULL)
    return TRUE;
  km->labels = g_try_new (guint32, km->u);
  km->labels_next = g_try_new (guint32, km->u);
  km->row_labels = km->groups != NULL ? g_try_new (guint32, km->n) : NULL;
  km->sums = g_try_new (double, (gsize) km->k * km->d);
  km->counts = g_try_new (gsize, km->k);
  if (km->labels == NULL || km->labels_next == NULL || km->sums == NULL || km->counts == NULL ||
      (km->groups != NULL && km->row_labels == NULL))
    {
      _lloyd_kmeans_free_labels (km);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for the labels of %zu points"), km->n);
      return FALSE;
    }
  return TRUE;
}

void
_lloyd_kmeans_free_labels (LloydKMeans *km)
{
  g_clear_pointer (&km->labels, g_free);
  g_clear_pointer (&km->labels_next, g_free);
  g_clear_pointer (&km->row_labels, g_free);
  g_clear_pointer (&km->sums, g_free);
  g_clear_pointer (&km->counts, g_free);
}

void
_lloyd_kmeans_record_assign (LloydKMeans    *km,
                             LloydIteration *it,
                             double       inertia,
                             gsize        moved,
                             gint64       t0)
{
  it->inertia = inertia;
  it->moved = moved;
  it->seconds = (g_get_monotonic_time () - t0) / 1e6;
  g_ptr_array_add (km->history, it);
  km->inertia = inertia;
  km->half_step = LLOYD_HALF_STEP_ASSIGN;
}

gboolean
_lloyd_kmeans_assign_full (LloydKMeans       *km,
                           const LloydMatrix *x,
                           double            *dist2,
                           double            *second2,
                           GCancellable      *cancellable,
                           GError           **error)
{
  LloydAssignResult result = { 0 };
  gint64 t0 = g_get_monotonic_time ();
  gboolean first = km->labels == NULL;
  LloydIteration *it = _lloyd_kmeans_new_entry (km, error);

  if (it == NULL)
    return FALSE;
  if (!_lloyd_kmeans_alloc_labels (km, error))
    {
      iteration_free (it);
      return FALSE;
    }
  if (!first)
    memcpy (km->labels_next, km->labels, km->u * sizeof (guint32));

  result.xnorm = km->xnorm;
  result.weights = km->group_weight;
  result.labels = km->labels_next;
  result.prev_labels = !first;
  result.sums = km->sums;
  result.counts = km->counts;
  result.dist2 = dist2;
  result.second2 = second2;
  if (!_lloyd_assign_pass (_lloyd_kmeans_work (km, x), km->centroids, km->k, &result, km->n_threads,
                           cancellable, error))
    {
      if (first)
        _lloyd_kmeans_free_labels (km);
      iteration_free (it);
      return FALSE;
    }
  { guint32 *t = km->labels; km->labels = km->labels_next; km->labels_next = t; }
  _lloyd_kmeans_expand_labels (km);
  _lloyd_kmeans_record_assign (km, it, result.inertia, first ? km->n : result.moved, t0);
  return TRUE;
}

gboolean
lloyd_kmeans_assign (LloydKMeans       *km,
                     const LloydMatrix *x,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_return_val_if_fail (km != NULL, FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_state (km, x, error))
    return FALSE;
  if (km->half_step == LLOYD_HALF_STEP_ASSIGN)
    {
      g_set_error_literal (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_STATE,
                           _("The points are already assigned: update the centroids next"));
      return FALSE;
    }
  return _lloyd_kmeans_assign_full (km, x, NULL, NULL, cancellable, error);
}

/* A cluster with no members takes the point farthest from its own current
 * centroid, among points whose cluster keeps at least one other member and that
 * no other empty cluster took in this step (ties to the lowest row), together
 * with the points identical to it (identical points always share a label); its
 * centroid becomes that point. Then every cluster has a member, so the means
 * are defined: never NaN, never a loop. @taken_group (k) gets the point taken by
 * each repaired cluster (its group; G_MAXSIZE for the others). */
static void
repair_empty (LloydKMeans       *km,
              const LloydMatrix *x,
              LloydIteration    *it,
              gsize             *taken_group)
{
  const gsize d = km->d;
  const LloydMatrix *w = _lloyd_kmeans_work (km, x);
  g_autoptr(GHashTable) taken = NULL;

  for (guint j = 0; j < km->k; j++)
    {
      const double *cj = km->centroids + (gsize) j * d;
      double best = -1.0;
      gsize best_g = G_MAXSIZE;
      guint donor;
      guint32 weight;
      LloydEvent ev = { LLOYD_EVENT_EMPTY_CLUSTER, j, 0 };

      taken_group[j] = G_MAXSIZE;
      if (km->counts[j] > 0)
        continue;
      if (taken == NULL)
        taken = g_hash_table_new (g_direct_hash, g_direct_equal);
      for (gsize g = 0; g < km->u; g++)
        {
          guint32 wg = km->group_weight != NULL ? km->group_weight[g] : 1;
          double v;

          if (km->counts[km->labels[g]] <= wg || g_hash_table_contains (taken, GSIZE_TO_POINTER (g + 1)))
            continue;
          v = lloyd_squared_distance (lloyd_matrix_row (w, g), cj, d);
          if (v > best)
            {
              best = v;
              best_g = g;
            }
        }
      /* k ≤ distinct points guarantees a cluster holding two distinct points
       * while one is empty. */
      g_assert (best_g != G_MAXSIZE);

      donor = km->labels[best_g];
      weight = km->group_weight != NULL ? km->group_weight[best_g] : 1;
      cblas_daxpy ((int) d, -(double) weight, lloyd_matrix_row (w, best_g), 1, km->sums + (gsize) donor * d, 1);
      km->counts[donor] -= weight;
      km->counts[j] = weight;
      km->labels[best_g] = j;
      taken_group[j] = best_g;
      g_hash_table_add (taken, GSIZE_TO_POINTER (best_g + 1));
      ev.row = km->group_row != NULL ? km->group_row[best_g] : best_g;
      g_array_append_val (it->events, ev);
    }
  if (taken != NULL)
    _lloyd_kmeans_expand_labels (km);
}

/* The convergence rule, applied after each update. */
static void
check_convergence (LloydKMeans    *km,
                   LloydIteration *it)
{
  LloydEvent ev = { LLOYD_EVENT_CONVERGED, 0, 0 };

  if (it->iteration > 1 && it->moved == 0)
    km->stop_reason = LLOYD_STOP_UNCHANGED;
  else if (it->shift_sq <= km->tol_scaled)
    km->stop_reason = LLOYD_STOP_TOLERANCE;
  else if (it->iteration >= km->max_iter)
    km->stop_reason = LLOYD_STOP_MAX_ITER;
  else
    km->stop_reason = LLOYD_STOP_NONE;
  if (km->stop_reason == LLOYD_STOP_UNCHANGED || km->stop_reason == LLOYD_STOP_TOLERANCE)
    g_array_append_val (it->events, ev);
}

gboolean
lloyd_kmeans_update (LloydKMeans       *km,
                     const LloydMatrix *x,
                     GCancellable      *cancellable,
                     GError           **error)
{
  LloydIteration *it;
  const gsize d = km != NULL ? km->d : 0;
  g_autofree gsize *taken_group = NULL;
  gint64 t0 = g_get_monotonic_time ();

  g_return_val_if_fail (km != NULL, FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_state (km, x, error))
    return FALSE;
  if (km->half_step != LLOYD_HALF_STEP_ASSIGN)
    {
      g_set_error_literal (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_STATE,
                           _("Assign the points before updating the centroids"));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  it = g_ptr_array_index (km->history, km->history->len - 1);
  taken_group = g_new (gsize, km->k);
  repair_empty (km, x, it, taken_group);

  it->shift = 0.0;
  it->shift_sq = 0.0;
  for (guint j = 0; j < km->k; j++)
    {
      double *c = km->centroids + (gsize) j * d;
      const double *s = km->sums + (gsize) j * d;
      double inv = 1.0 / (double) km->counts[j];
      double shift = 0.0;

      g_assert (km->counts[j] > 0);
      for (gsize t = 0; t < d; t++)
        {
          double v = s[t] * inv;
          double delta = v - c[t];

          shift += delta * delta;
          c[t] = v;
        }
      /* A repaired centroid is its point exactly, whatever its multiplicity. */
      if (taken_group[j] != G_MAXSIZE)
        {
          const double *p = lloyd_matrix_row (_lloyd_kmeans_work (km, x), taken_group[j]);

          shift = 0.0;
          for (gsize t = 0; t < d; t++)
            {
              double delta = (c[t] = p[t]) - it->centroids[(gsize) j * d + t];
              shift += delta * delta;
            }
        }
      it->shifts[j] = sqrt (shift);
      it->shift += it->shifts[j];
      it->shift_sq += shift;
    }
  memcpy (it->centroids, km->centroids, (gsize) km->k * d * sizeof (double));
  it->seconds += (g_get_monotonic_time () - t0) / 1e6;
  km->half_step = LLOYD_HALF_STEP_UPDATE;
  check_convergence (km, it);
  return TRUE;
}

gboolean
lloyd_kmeans_step (LloydKMeans       *km,
                   const LloydMatrix *x,
                   GCancellable      *cancellable,
                   GError           **error)
{
  g_return_val_if_fail (km != NULL, FALSE);

  if (km->half_step != LLOYD_HALF_STEP_ASSIGN &&
      !lloyd_kmeans_assign (km, x, cancellable, error))
    return FALSE;
  return lloyd_kmeans_update (km, x, cancellable, error);
}

/* Labels and inertia against the final centroids, as scikit-learn's last E-step,
 * without adding to the history. */
static gboolean
final_assignment (LloydKMeans       *km,
                  const LloydMatrix *x,
                  GCancellable      *cancellable,
                  GError           **error)
{
  LloydAssignResult result = { 0 };

  result.xnorm = km->xnorm;
  result.weights = km->group_weight;
  result.labels = km->labels_next;
  if (!_lloyd_assign_pass (_lloyd_kmeans_work (km, x), km->centroids, km->k, &result, km->n_threads,
                           cancellable, error))
    return FALSE;
  { guint32 *t = km->labels; km->labels = km->labels_next; km->labels_next = t; }
  _lloyd_kmeans_expand_labels (km);
  km->inertia = result.inertia;
  return TRUE;
}

/* Everything a finished run leaves behind, so restarts can keep the best. */
typedef struct
{
  double          *centroids;
  guint32         *labels;
  guint32         *labels_next;
  guint32         *row_labels;
  double          *sums;
  gsize           *counts;
  GPtrArray       *history;
  LloydHalfStep    half_step;
  LloydStopReason  stop_reason;
  double           inertia;
} RunState;

static void
swap_run_state (LloydKMeans *km,
                RunState    *s)
{
#define SWAP(a, b) G_STMT_START { __typeof__ (a) t_ = (a); (a) = (b); (b) = t_; } G_STMT_END
  SWAP (km->centroids, s->centroids);
  SWAP (km->labels, s->labels);
  SWAP (km->labels_next, s->labels_next);
  SWAP (km->row_labels, s->row_labels);
  SWAP (km->sums, s->sums);
  SWAP (km->counts, s->counts);
  SWAP (km->history, s->history);
  SWAP (km->half_step, s->half_step);
  SWAP (km->stop_reason, s->stop_reason);
  SWAP (km->inertia, s->inertia);
#undef SWAP
}

static void
run_state_clear (RunState *s)
{
  g_clear_pointer (&s->centroids, g_free);
  g_clear_pointer (&s->labels, g_free);
  g_clear_pointer (&s->labels_next, g_free);
  g_clear_pointer (&s->row_labels, g_free);
  g_clear_pointer (&s->sums, g_free);
  g_clear_pointer (&s->counts, g_free);
  g_clear_pointer (&s->history, g_ptr_array_unref);
}

static gboolean
init_is_random (LloydInit init)
{
  switch (init)
    {
    case LLOYD_INIT_RANDOM:
    case LLOYD_INIT_PARTITION:
    case LLOYD_INIT_KMEANSPP:
    case LLOYD_INIT_KMEANS_PARALLEL:
    case LLOYD_INIT_AVERAGE:
      return TRUE;
    case LLOYD_INIT_FIRST:
    case LLOYD_INIT_ROWS:
    case LLOYD_INIT_CENTROIDS:
    default:
      return FALSE;
    }
}

typedef struct
{
  LloydProgressFunc progress;
  gpointer          user_data;
  guint             run;
  guint             n_runs;
  gint64            last;
} Progress;

static void
report (Progress *p,
        double    within)
{
  gint64 now = g_get_monotonic_time ();

  if (p->progress == NULL || (now - p->last < 20000 && within < 1.0))
    return;
  p->last = now;
  p->progress ((p->run + CLAMP (within, 0.0, 1.0)) / p->n_runs, NULL, p->user_data);
}

gboolean
lloyd_kmeans_fit (LloydKMeans       *km,
                  const LloydMatrix *x,
                  LloydProgressFunc  progress,
                  gpointer           user_data,
                  GCancellable      *cancellable,
                  GError           **error)
{
  RunState best = { 0 };
  LloydHamerly *bounds = NULL;
  g_autoptr(GError) local_error = NULL;
  Progress p = { progress, user_data, 0, 1, 0 };
  gboolean fresh;
  guint n_runs;
  double tol_scaled;
  LloydRng base;

  g_return_val_if_fail (km != NULL, FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_data (km, x, &tol_scaled, error))
    return FALSE;
  /* Already initialized on this data and not stepped: the first run starts there. */
  fresh = km->centroids != NULL && km->history->len == 1 && km->half_step == LLOYD_HALF_STEP_NONE &&
          km->n == x->n && km->d == x->d;
  /* A fit cancelled before its first step kept the initial centroids: resume. */
  if (fresh && km->stop_reason == LLOYD_STOP_CANCELLED)
    km->stop_reason = LLOYD_STOP_NONE;
  n_runs = init_is_random (km->init) ? km->n_init : 1;
  p.n_runs = n_runs;
  lloyd_rng_init (&base, km->seed);

  for (guint r = 0; r < n_runs; r++)
    {
      p.run = r;
      if (r > 0 || !fresh)
        {
          LloydRng rng;

          /* Run 0 draws from the seed itself, so n_init = 1 and initialize()
           * give the same centroids; later runs from independent streams. */
          if (r == 0)
            rng = base;
          else
            lloyd_rng_fork (&base, r, &rng);
          if (!initialize_with_rng (km, x, &rng, tol_scaled, cancellable, &local_error))
            goto failed;
        }
      km->tol_scaled = tol_scaled;
      while (km->stop_reason == LLOYD_STOP_NONE)
        {
          if (!_lloyd_kmeans_hamerly_step (km, x, &bounds, cancellable, &local_error))
            goto failed;
          report (&p, (double) (km->history->len - 1) / MAX (km->max_iter, 1));
        }
      g_clear_pointer (&bounds, _lloyd_hamerly_free);
      if (!final_assignment (km, x, cancellable, &local_error))
        goto failed;
      report (&p, 1.0);

      if (r == 0 || km->inertia < best.inertia)
        {
          run_state_clear (&best);
          best.history = g_ptr_array_new_with_free_func (iteration_free);
          swap_run_state (km, &best);
        }
    }
  swap_run_state (km, &best);
  run_state_clear (&best);
  return TRUE;

failed:
  g_clear_pointer (&bounds, _lloyd_hamerly_free);
  /* Keep the best finished run if there is one; otherwise what was reached. */
  if (best.history != NULL && best.centroids != NULL)
    swap_run_state (km, &best);
  run_state_clear (&best);
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    km->stop_reason = LLOYD_STOP_CANCELLED;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

LloydHalfStep
lloyd_kmeans_get_half_step (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, LLOYD_HALF_STEP_NONE);
  return km->half_step;
}

LloydStopReason
lloyd_kmeans_get_stop_reason (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, LLOYD_STOP_NONE);
  return km->stop_reason;
}

gboolean
lloyd_kmeans_is_converged (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, FALSE);
  return km->stop_reason == LLOYD_STOP_UNCHANGED || km->stop_reason == LLOYD_STOP_TOLERANCE;
}

const double *
lloyd_kmeans_get_centroids (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, NULL);
  return km->centroids;
}

const guint32 *
lloyd_kmeans_get_labels (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, NULL);
  return km->row_labels != NULL ? km->row_labels : km->labels;
}

double
lloyd_kmeans_get_inertia (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, NAN);
  return km->inertia;
}

guint
lloyd_kmeans_get_n_iterations (const LloydKMeans *km)
{
  g_return_val_if_fail (km != NULL, 0);
  return km->history->len > 0 ? km->history->len - 1 : 0;
}

const LloydIteration *
lloyd_kmeans_get_iteration (const LloydKMeans *km,
                            guint              i)
{
  g_return_val_if_fail (km != NULL, NULL);
  g_return_val_if_fail (i < km->history->len, NULL);
  return g_ptr_array_index (km->history, i);
}

gboolean
lloyd_kmeans_labels_at (const LloydKMeans *km,
                        const LloydMatrix *x,
                        guint              i,
                        guint32           *labels,
                        GError           **error)
{
  const LloydIteration *start;

  g_return_val_if_fail (km != NULL, FALSE);
  g_return_val_if_fail (x != NULL, FALSE);
  g_return_val_if_fail (labels != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_state (km, x, error))
    return FALSE;
  if (i >= km->history->len)
    {
      g_set_error (error, LLOYD_KMEANS_ERROR, LLOYD_KMEANS_ERROR_INVALID,
                   _("There is no iteration %u (the history has %u)"), i, km->history->len - 1);
      return FALSE;
    }
  start = g_ptr_array_index (km->history, i > 0 ? i - 1 : 0);
  if (km->groups == NULL)
    return lloyd_nearest_centroids (x, start->centroids, km->k, labels, NULL, km->n_threads, NULL, error);
  {
    g_autofree guint32 *group_labels = g_new (guint32, km->u);

    if (!lloyd_nearest_centroids (km->groups, start->centroids, km->k, group_labels, NULL, km->n_threads,
                                  NULL, error))
      return FALSE;
    for (gsize r = 0; r < km->n; r++)
      labels[r] = group_labels[km->row_group[r]];
    return TRUE;
  }
}
