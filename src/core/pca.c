/* pca.c — PCA by the covariance matrix: a shifted dsyrk over fixed row blocks
 * (our threads, single-threaded BLAS inside) in one pass, then dsyevr for just
 * the wanted top eigenpairs. On a tall matrix (494,021 × 118) this is one
 * pass of BLAS-3 work plus a 118 × 118 eigenproblem, far cheaper than an SVD. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "distance.h"
#include "json-read.h"
#include "pca.h"

#define CHUNK_ROWS   1024
#define MAX_BLOCKS   32
/* Doubles of per-block covariance partials we allow ourselves. */
#define COV_BUDGET   (1u << 22)

G_DEFINE_QUARK (lloyd-pca-error-quark, lloyd_pca_error)

typedef enum
{
  PASS_COVARIANCE,
  PASS_PROJECT,
} PassKind;

/* One pass over fixed row blocks. Blocks depend only on n (and d), never on the
 * thread count, and partial results are reduced in block order afterwards, so the
 * fit is bit-identical for any number of threads. */
typedef struct
{
  PassKind           kind;
  const LloydMatrix *x;
  const LloydPca    *pca;      /* mean: the shift (covariance) or the mean (projection) */
  gsize              block_rows;
  guint              n_blocks;
  double            *partial;  /* per block: d × d scatter, then d sums */
  LloydMatrix       *out;      /* projection */
  gint               next_block;
  gint               cancelled;
  GCancellable      *cancellable;
} Pass;

static void
center_chunk (const double *rows,
              gsize         m,
              gsize         d,
              const double *mean,
              double       *out)
{
  for (gsize i = 0; i < m; i++)
    for (gsize j = 0; j < d; j++)
      out[i * d + j] = rows[i * d + j] - mean[j];
}

static void
project_chunk (const LloydPca *pca,
               const double   *rows,
               gsize           m,
               double         *scratch,
               double         *out)
{
  const gsize d = pca->d;
  const guint c = pca->n_components;

  /* Centering first keeps the result exact for raw features with huge offsets
   * (KDD byte counts), where X·Cᵀ − mean·Cᵀ would cancel. */
  center_chunk (rows, m, d, pca->mean, scratch);
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) m, (int) c, (int) d,
               1.0, scratch, (int) d, pca->components, (int) d, 0.0, out, (int) c);
}

static void
run_block (Pass   *pass,
           guint   b,
           double *scratch)
{
  const LloydMatrix *x = pass->x;
  const gsize d = x->d;
  const gsize r_begin = (gsize) b * pass->block_rows;
  const gsize r_end = MIN (x->n, r_begin + pass->block_rows);

  for (gsize r0 = r_begin; r0 < r_end; r0 += CHUNK_ROWS)
    {
      const gsize m = MIN (CHUNK_ROWS, r_end - r0);
      const double *rows = lloyd_matrix_row (x, r0);

      if (g_atomic_int_get (&pass->cancelled))
        return;
      switch (pass->kind)
        {
        case PASS_COVARIANCE:
          {
            double *scatter = pass->partial + (gsize) b * (d * d + d);
            double *sums = scatter + d * d;

            /* Shifted data: Σ (x − K)(x − K)ᵀ and Σ (x − K) in one read of x. */
            center_chunk (rows, m, d, pass->pca->mean, scratch);
            for (gsize i = 0; i < m; i++)
              for (gsize j = 0; j < d; j++)
                sums[j] += scratch[i * d + j];
            cblas_dsyrk (CblasRowMajor, CblasUpper, CblasTrans, (int) d, (int) m,
                         1.0, scratch, (int) d, 1.0, scatter, (int) d);
          }
          break;
        case PASS_PROJECT:
          project_chunk (pass->pca, rows, m, scratch,
                         lloyd_matrix_row (pass->out, r0));
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static gpointer
pass_worker (gpointer data)
{
  Pass *pass = data;
  g_autofree double *scratch = g_new (double, CHUNK_ROWS * MAX (pass->x->d, 1));

  for (;;)
    {
      guint b = (guint) g_atomic_int_add (&pass->next_block, 1);

      if (b >= pass->n_blocks || g_atomic_int_get (&pass->cancelled))
        break;
      if (g_cancellable_is_cancelled (pass->cancellable))
        {
          g_atomic_int_set (&pass->cancelled, 1);
          break;
        }
      run_block (pass, b, scratch);
    }
  return NULL;
}

static gboolean
run_pass (Pass         *pass,
          guint         n_threads,
          GError      **error)
{
  guint n_workers = MIN (_lloyd_resolve_threads (n_threads), pass->n_blocks);
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();

  pass->next_block = 0;
  pass->cancelled = 0;
  for (guint w = 1; w < n_workers; w++)
    {
      GThread *t = g_thread_try_new ("lloyd-pca", pass_worker, pass, NULL);

      /* Without a thread the calling thread simply does more blocks. */
      if (t != NULL)
        g_ptr_array_add (threads, t);
    }
  pass_worker (pass);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  if (g_atomic_int_get (&pass->cancelled))
    {
      if (!g_cancellable_set_error_if_cancelled (pass->cancellable, error))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
      return FALSE;
    }
  return TRUE;
}

static void
setup_blocks (Pass  *pass,
              gsize  n,
              gsize  per_block_doubles)
{
  guint max_blocks = MAX_BLOCKS;

  if (per_block_doubles > 0)
    max_blocks = (guint) CLAMP (COV_BUDGET / per_block_doubles, 1, MAX_BLOCKS);
  pass->n_blocks = (guint) MIN ((n + 4 * CHUNK_ROWS - 1) / (4 * CHUNK_ROWS), (gsize) max_blocks);
  pass->n_blocks = MAX (pass->n_blocks, 1);
  pass->block_rows = (n + pass->n_blocks - 1) / pass->n_blocks;
  /* Whole chunks per block, so chunking is also independent of the thread count. */
  pass->block_rows = (pass->block_rows + CHUNK_ROWS - 1) / CHUNK_ROWS * CHUNK_ROWS;
  pass->n_blocks = (guint) MAX ((n + pass->block_rows - 1) / pass->block_rows, 1);
}

static LloydPca *
pca_alloc (gsize d,
           guint n_components)
{
  LloydPca *pca = g_new0 (LloydPca, 1);

  pca->d = d;
  pca->n_components = n_components;
  pca->mean = g_new0 (double, d);
  pca->components = g_new0 (double, (gsize) n_components * d);
  pca->explained_variance = g_new0 (double, n_components);
  pca->explained_variance_ratio = g_new0 (double, n_components);
  return pca;
}

void
lloyd_pca_free (LloydPca *pca)
{
  if (pca == NULL)
    return;
  g_free (pca->mean);
  g_free (pca->components);
  g_free (pca->explained_variance);
  g_free (pca->explained_variance_ratio);
  g_free (pca);
}

/* Largest-magnitude entry positive; the first one wins an exact tie. */
static void
fix_sign (double *v,
          gsize   d)
{
  gsize best = 0;

  for (gsize j = 1; j < d; j++)
    if (fabs (v[j]) > fabs (v[best]))
      best = j;
  if (v[best] < 0)
    for (gsize j = 0; j < d; j++)
      v[j] = -v[j];
}

/* Fills pca->mean and the upper triangle of the covariance @cov (d × d) in one
 * pass over @x. The data are shifted by K, the mean of about 1000 rows spread over
 * the whole matrix, so Σ (x − K)(x − K)ᵀ − n (m − K)(m − K)ᵀ loses nothing to
 * cancellation (|m − K| is small next to the spread, even for sorted files whose
 * first rows are not typical) while the exact mean m comes from the same pass. */
static gboolean
mean_and_covariance (const LloydMatrix *x,
                     LloydPca          *pca,
                     double            *cov,
                     guint              n_threads,
                     GCancellable      *cancellable,
                     GError           **error)
{
  const gsize d = x->d;
  const gsize stride = MAX (x->n / 1000, 1);
  g_autofree double *shift = g_new0 (double, d);
  g_autofree double *delta = g_new0 (double, d);
  Pass pass = { 0 };
  double *partial;
  gsize n_sample = 0;
  gboolean ok = FALSE;

  for (gsize i = 0; i < x->n; i += stride, n_sample++)
    for (gsize j = 0; j < d; j++)
      shift[j] += lloyd_matrix_row (x, i)[j];
  for (gsize j = 0; j < d; j++)
    pca->mean[j] = shift[j] /= (double) n_sample;

  pass.x = x;
  pass.pca = pca;
  pass.cancellable = cancellable;
  pass.kind = PASS_COVARIANCE;
  setup_blocks (&pass, x->n, d * d + d);
  partial = lloyd_aligned_alloc0 ((gsize) pass.n_blocks * (d * d + d), sizeof (double), error);
  if (partial == NULL)
    return FALSE;
  pass.partial = partial;
  if (!run_pass (&pass, n_threads, error))
    goto out;

  for (guint b = 0; b < pass.n_blocks; b++)
    {
      const double *scatter = partial + (gsize) b * (d * d + d);

      for (gsize i = 0; i < d; i++)
        {
          delta[i] += scatter[d * d + i];
          for (gsize j = i; j < d; j++)
            cov[i * d + j] += scatter[i * d + j];
        }
    }
  for (gsize j = 0; j < d; j++)
    {
      delta[j] /= (double) x->n;
      pca->mean[j] = shift[j] + delta[j];
      if (!isfinite (pca->mean[j]))
        {
          g_set_error (error, LLOYD_PCA_ERROR, LLOYD_PCA_ERROR_NONFINITE,
                       _("Feature %zu has a value that is not a finite number"),
                       j + 1);
          goto out;
        }
    }
  for (gsize i = 0; i < d; i++)
    for (gsize j = i; j < d; j++)
      cov[i * d + j] = (cov[i * d + j] - (double) x->n * delta[i] * delta[j]) / (double) (x->n - 1);
  ok = TRUE;

out:
  lloyd_aligned_free (partial);
  return ok;
}

LloydPca *
lloyd_pca_fit (const LloydMatrix *x,
               guint              n_components,
               guint              n_threads,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr (LloydPca) pca = NULL;
  g_autofree double *w = NULL;
  g_autofree double *z = NULL;
  g_autofree lapack_int *isuppz = NULL;
  double *cov;
  gsize d;
  lapack_int found = 0, info;

  g_return_val_if_fail (x != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  d = x->d;
  if (x->n < 2 || d == 0 || n_components == 0)
    {
      g_set_error (error, LLOYD_PCA_ERROR, LLOYD_PCA_ERROR_INVALID,
                   _("PCA needs at least 2 rows, 1 column and 1 component (got %zu × %zu, %u components)"),
                   x->n, d, n_components);
      return NULL;
    }
  if (d > 46340)   /* d² must fit LAPACK's int */
    {
      g_set_error (error, LLOYD_PCA_ERROR, LLOYD_PCA_ERROR_INVALID,
                   _("PCA of %zu features is too large"), d);
      return NULL;
    }
  n_components = (guint) MIN ((gsize) n_components, d);
  /* Our workers call dsyrk; OpenBLAS's own pool on top of them would fight for the cores. */
  _lloyd_blas_use_own_threads ();
  pca = pca_alloc (d, n_components);
  pca->n_samples = x->n;

  cov = lloyd_aligned_alloc0 (d * d, sizeof (double), error);
  if (cov == NULL)
    return NULL;
  if (!mean_and_covariance (x, pca, cov, n_threads, cancellable, error))
    {
      lloyd_aligned_free (cov);
      return NULL;
    }
  for (gsize i = 0; i < d; i++)
    pca->total_variance += cov[i * d + i];

  w = g_new0 (double, d);
  z = g_new0 (double, d * n_components);
  isuppz = g_new0 (lapack_int, 2 * d);
  info = LAPACKE_dsyevr (LAPACK_ROW_MAJOR, 'V', 'I', 'U', (lapack_int) d, cov, (lapack_int) d,
                         0.0, 0.0, (lapack_int) (d - n_components + 1), (lapack_int) d,
                         0.0, &found, w, z, (lapack_int) n_components, isuppz);
  lloyd_aligned_free (cov);
  if (info != 0 || found != (lapack_int) n_components)
    {
      g_set_error (error, LLOYD_PCA_ERROR, LLOYD_PCA_ERROR_LAPACK,
                   _("The eigensolver failed (dsyevr info %d)"), (int) info);
      return NULL;
    }
  /* dsyevr returns ascending eigenvalues; components go largest first. */
  for (guint c = 0; c < n_components; c++)
    {
      guint src = n_components - 1 - c;
      double *v = pca->components + (gsize) c * d;

      for (gsize j = 0; j < d; j++)
        v[j] = z[j * n_components + src];
      fix_sign (v, d);
      /* Rounding can make a zero eigenvalue slightly negative. */
      pca->explained_variance[c] = MAX (w[src], 0.0);
      pca->explained_variance_ratio[c] =
        pca->total_variance > 0 ? pca->explained_variance[c] / pca->total_variance : 0.0;
    }
  return g_steal_pointer (&pca);
}

void
lloyd_pca_project_points (const LloydPca *pca,
                          const double   *rows,
                          gsize           n,
                          double         *out)
{
  g_autofree double *scratch = NULL;

  g_return_if_fail (pca != NULL);
  g_return_if_fail (n == 0 || (rows != NULL && out != NULL));

  _lloyd_blas_use_own_threads ();
  scratch = g_new (double, CHUNK_ROWS * pca->d);
  for (gsize r0 = 0; r0 < n; r0 += CHUNK_ROWS)
    {
      gsize m = MIN (CHUNK_ROWS, n - r0);

      project_chunk (pca, rows + r0 * pca->d, m, scratch, out + r0 * pca->n_components);
    }
}

LloydMatrix *
lloyd_pca_project (const LloydPca    *pca,
                   const LloydMatrix *x,
                   guint              n_threads,
                   GCancellable      *cancellable,
                   GError           **error)
{
  g_autoptr (LloydMatrix) out = NULL;
  Pass pass = { 0 };

  g_return_val_if_fail (pca != NULL, NULL);
  g_return_val_if_fail (x != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (x->d != pca->d)
    {
      g_set_error (error, LLOYD_PCA_ERROR, LLOYD_PCA_ERROR_INVALID,
                   _("The PCA was fitted on %zu features but the data has %zu"), pca->d, x->d);
      return NULL;
    }
  out = lloyd_matrix_new (x->n, pca->n_components, error);
  if (out == NULL)
    return NULL;
  if (x->n == 0)
    return g_steal_pointer (&out);
  _lloyd_blas_use_own_threads ();
  pass.kind = PASS_PROJECT;
  pass.x = x;
  pass.pca = pca;
  pass.out = out;
  pass.cancellable = cancellable;
  setup_blocks (&pass, x->n, 0);
  if (!run_pass (&pass, n_threads, error))
    return NULL;
  return g_steal_pointer (&out);
}

JsonNode *
lloyd_pca_to_json (const LloydPca *pca)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (pca != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "d");
  json_builder_add_int_value (b, (gint64) pca->d);
  json_builder_set_member_name (b, "n_samples");
  json_builder_add_int_value (b, (gint64) pca->n_samples);
  json_builder_set_member_name (b, "mean");
  _lloyd_json_add_doubles (b, pca->mean, pca->d);
  json_builder_set_member_name (b, "components");
  _lloyd_json_add_rows (b, pca->components, pca->n_components, pca->d);
  json_builder_set_member_name (b, "explained_variance");
  _lloyd_json_add_doubles (b, pca->explained_variance, pca->n_components);
  json_builder_set_member_name (b, "explained_variance_ratio");
  _lloyd_json_add_doubles (b, pca->explained_variance_ratio, pca->n_components);
  json_builder_set_member_name (b, "total_variance");
  json_builder_add_double_value (b, pca->total_variance);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

LloydPca *
lloyd_pca_from_json (JsonNode  *node,
                     GError   **error)
{
  const GQuark dom = LLOYD_PCA_ERROR;
  const int code = LLOYD_PCA_ERROR_JSON;
  g_autoptr (LloydPca) pca = NULL;
  JsonObject *object;
  gint64 d, n_samples, n_components;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, dom, code, _("pca: expected an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  /* The bound on d keeps a hostile file from asking for a huge allocation. */
  if (!_lloyd_json_get_int (object, "pca", "d", 1, 1 << 16, &d, dom, code, error)
      || !_lloyd_json_get_int (object, "pca", "n_samples", 2, G_MAXINT64, &n_samples,
                               dom, code, error))
    return NULL;
  n_components = _lloyd_json_array_length (object, "pca", "components", dom, code, error);
  if (n_components < 0)
    return NULL;
  if (n_components < 1 || n_components > d)
    {
      g_set_error (error, dom, code, _("pca.components: expected 1 to %lld rows"), (long long) d);
      return NULL;
    }
  if (_lloyd_json_array_length (object, "pca", "mean", dom, code, error) != d)
    {
      g_clear_error (error);
      g_set_error (error, dom, code, _("pca.mean: expected an array of %lld numbers"), (long long) d);
      return NULL;
    }
  if (!_lloyd_json_check_shape (object, "pca", "components", (gsize) n_components, (gsize) d,
                                dom, code, error))
    return NULL;
  pca = pca_alloc ((gsize) d, (guint) n_components);
  pca->n_samples = (gsize) n_samples;
  if (!_lloyd_json_get_doubles (object, "pca", "mean", pca->mean, pca->d, dom, code, error)
      || !_lloyd_json_get_rows (object, "pca", "components", pca->components,
                                pca->n_components, pca->d, dom, code, error)
      || !_lloyd_json_get_doubles (object, "pca", "explained_variance", pca->explained_variance,
                                   pca->n_components, dom, code, error)
      || !_lloyd_json_get_doubles (object, "pca", "explained_variance_ratio",
                                   pca->explained_variance_ratio, pca->n_components,
                                   dom, code, error)
      || !_lloyd_json_get_double (object, "pca", "total_variance", 0, G_MAXDOUBLE,
                                  &pca->total_variance, dom, code, error))
    return NULL;
  return g_steal_pointer (&pca);
}
