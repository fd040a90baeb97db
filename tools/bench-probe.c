/* bench-probe.c — what this machine can do at best, for tools/bench: the DGEMM rate
 * of the BLAS Lloyd links (all cores) and the read bandwidth of a large array summed
 * by one thread per core. tools/bench divides each measured time by the bound these
 * give. Prints one JSON object; not installed. */
#include "config.h"

#include <cblas.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "matrix.h"

typedef struct
{
  const double *data;
  gsize         n;
  double        sum;
} SumSlice;

#define SUM_LANES 16

static gpointer
sum_slice (gpointer user_data)
{
  SumSlice *slice = user_data;
  /* Sixteen independent accumulators: the compiler packs them into vector adds,
   * and no add waits on the one before, so the loop is limited by memory, not by
   * add latency (four scalar chains reach only about a third of the bandwidth). */
  double    acc[SUM_LANES] = { 0 };
  double    sum = 0;
  gsize     i;

  for (i = 0; i + SUM_LANES <= slice->n; i += SUM_LANES)
    for (guint l = 0; l < SUM_LANES; l++)
      acc[l] += slice->data[i + l];
  for (; i < slice->n; i++)
    sum += slice->data[i];
  for (guint l = 0; l < SUM_LANES; l++)
    sum += acc[l];
  slice->sum = sum;
  return NULL;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof *v, compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Median GFLOP/s of a square DGEMM of order @order, after one warm-up call. */
static double
measure_dgemm (gsize    order,
               guint    repeats,
               GError **error)
{
  g_autoptr (LloydMatrix) a = lloyd_matrix_new (order, order, error);
  g_autoptr (LloydMatrix) b = a ? lloyd_matrix_new (order, order, error) : NULL;
  g_autoptr (LloydMatrix) c = b ? lloyd_matrix_new (order, order, error) : NULL;
  double rates[16];

  if (c == NULL)
    return -1;
  g_assert (repeats <= G_N_ELEMENTS (rates));
  for (gsize i = 0; i < order * order; i++)
    {
      a->data[i] = (double) (i % 7) - 3;
      b->data[i] = (double) (i % 5) * 0.5;
    }
  for (guint r = 0; r <= repeats; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double seconds;

      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, order, order, order,
                   1.0, a->data, order, b->data, order, 0.0, c->data, order);
      seconds = (g_get_monotonic_time () - t0) / 1e6;
      if (r > 0)
        rates[r - 1] = 2.0 * order * order * order / seconds / 1e9;
    }
  return median (rates, repeats);
}

/* Median GB/s of summing @bytes of doubles with @n_threads threads. */
static double
measure_read (gsize    bytes,
              guint    n_threads,
              guint    repeats,
              double  *checksum,
              GError **error)
{
  gsize n = bytes / sizeof (double);
  g_autoptr (LloydMatrix) m = lloyd_matrix_new (n, 1, error);
  g_autofree SumSlice *slices = g_new0 (SumSlice, n_threads);
  g_autofree GThread **threads = g_new0 (GThread *, n_threads);
  double rates[16];

  if (m == NULL)
    return -1;
  g_assert (repeats <= G_N_ELEMENTS (rates));
  /* Touch every page first so the timed passes read memory, not fault it in. */
  for (gsize i = 0; i < n; i++)
    m->data[i] = (double) (i & 1023);
  *checksum = 0;
  for (guint r = 0; r <= repeats; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double seconds;

      for (guint t = 0; t < n_threads; t++)
        {
          gsize lo = n * t / n_threads, hi = n * (t + 1) / n_threads;

          slices[t] = (SumSlice) { m->data + lo, hi - lo, 0 };
          threads[t] = g_thread_new ("probe-sum", sum_slice, &slices[t]);
        }
      for (guint t = 0; t < n_threads; t++)
        {
          g_thread_join (threads[t]);
          *checksum += slices[t].sum;
        }
      seconds = (g_get_monotonic_time () - t0) / 1e6;
      if (r > 0)
        rates[r - 1] = (double) n * sizeof (double) / seconds / 1e9;
    }
  return median (rates, repeats);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  gboolean quick = argc > 1 && g_str_equal (argv[1], "--quick");
  guint    n_threads = g_get_num_processors ();
  double   checksum = 0;
  double   gflops, gbs;

  gflops = measure_dgemm (quick ? 2048 : 4096, quick ? 3 : 5, &error);
  if (gflops < 0)
    {
      fprintf (stderr, "bench-probe: %s\n", error->message);
      return 1;
    }
  gbs = measure_read ((gsize) (quick ? 512 : 1024) << 20, n_threads, quick ? 3 : 7, &checksum,
                      &error);
  if (gbs < 0)
    {
      fprintf (stderr, "bench-probe: %s\n", error->message);
      return 1;
    }
  printf ("{\"dgemm_gflops\": %.2f, \"read_gbs\": %.2f, \"threads\": %u, \"checksum\": %.0f, "
          "\"openblas\": \"%s\", \"openblas_core\": \"%s\"}\n",
          gflops, gbs, n_threads, checksum, g_strstrip (openblas_get_config ()),
          openblas_get_corename ());
  return 0;
}
