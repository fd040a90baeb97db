/* test-stress-cancel.c — cancels the long jobs of core (load, fit, fit with
 * restarts, elbow sweep) from another thread at 200 random moments in all.
 *
 * Each trial runs the job on a worker thread, sleeps a random fraction (0 to 1.2)
 * of the job's uncancelled duration, cancels, and joins (every fifth trial is
 * cancelled before it starts instead). The job must either
 * finish normally or fail with exactly G_IO_ERROR_CANCELLED; a k-means object
 * cancelled mid-fit must then fit again to the very result of an uncancelled fit
 * with the same seed. A crash or leak shows under ASan, a hang as the meson
 * timeout; how long each cancel took to return is reported as a message only
 * (the machine is shared, so no timing is asserted). Reproduce a run with the
 * --seed that g_test prints. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dataset.h"
#include "elbow.h"
#include "kmeans.h"
#include "preprocess.h"
#include "rng.h"
#include "test-util.h"

#define N_ROWS     12000
#define N_FEATURES 6
#define N_BLOBS    8
#define N_THREADS  2

typedef enum
{
  JOB_LOAD,
  JOB_LOAD_GZ,
  JOB_FIT,
  JOB_FIT_RESTARTS,
  JOB_ELBOW,
} JobKind;

static const char *const job_names[] = { "load", "load .gz", "fit", "fit n_init=3", "elbow sweep" };

typedef struct
{
  char        *csv_path;
  char        *gz_path;
  LloydMatrix *x;
  /* Uncancelled results, the reference for every trial. */
  gsize        rows;
  double      *centroids[2];   /* fit, fit with restarts */
  double       inertia[2];
  LloydElbow  *elbow;
} Fixture;

typedef struct
{
  JobKind       kind;
  Fixture      *fixture;
  LloydKMeans  *km;            /* fit jobs: kept for the reuse check */
  GCancellable *cancellable;
  gboolean      ok;
  GError       *error;
  gint64        end_time;
} Trial;

static Fixture fixture;

/* Blobs with a little overlap, so a fit takes tens of iterations. */
static void
write_csv (const char *path)
{
  g_autoptr (GString) text = g_string_new ("a,b,c,d,e,f,label\n");
  g_autoptr (GError) error = NULL;
  LloydRng rng;
  double centers[N_BLOBS][N_FEATURES];

  lloyd_rng_init (&rng, 2026);
  for (guint c = 0; c < N_BLOBS; c++)
    for (guint j = 0; j < N_FEATURES; j++)
      centers[c][j] = 10.0 * lloyd_rng_uniform (&rng);
  for (gsize i = 0; i < N_ROWS; i++)
    {
      guint c = (guint) lloyd_rng_below (&rng, N_BLOBS);

      for (guint j = 0; j < N_FEATURES; j++)
        g_string_append_printf (text, "%.6f,", centers[c][j] + 2.0 * lloyd_rng_normal (&rng));
      g_string_append_printf (text, "blob%u\n", c);
    }
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);
}

static void
write_gz (const char *from,
          const char *to)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) in_file = g_file_new_for_path (from);
  g_autoptr (GFile) out_file = g_file_new_for_path (to);
  g_autoptr (GFileInputStream) in = g_file_read (in_file, NULL, &error);
  g_autoptr (GFileOutputStream) out = NULL;
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr (GOutputStream) gz = NULL;

  g_assert_no_error (error);
  out = g_file_replace (out_file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  gz = g_converter_output_stream_new (G_OUTPUT_STREAM (out), G_CONVERTER (compressor));
  g_output_stream_splice (gz, G_INPUT_STREAM (in),
                          G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                          NULL, &error);
  g_assert_no_error (error);
}

static LloydKMeans *
new_kmeans (JobKind kind)
{
  LloydKMeans *km = lloyd_kmeans_new (N_BLOBS);

  lloyd_kmeans_set_init (km, LLOYD_INIT_KMEANSPP);
  lloyd_kmeans_set_seed (km, 42);
  lloyd_kmeans_set_n_threads (km, N_THREADS);
  lloyd_kmeans_set_tol (km, 0.0);
  lloyd_kmeans_set_n_init (km, kind == JOB_FIT_RESTARTS ? 3 : 1);
  return km;
}

static LloydElbowOptions
elbow_options (void)
{
  LloydElbowOptions options;

  lloyd_elbow_options_init (&options);
  options.k_min = 1;
  options.k_max = 8;
  options.seed = 7;
  options.n_threads = N_THREADS;
  return options;
}

static LloydDataset *
load (const char    *path,
      GCancellable  *cancellable,
      GError       **error)
{
  LloydLoadOptions options;

  lloyd_load_options_init (&options);
  options.n_threads = N_THREADS;
  return lloyd_dataset_load (path, &options, NULL, NULL, cancellable, error);
}

static gpointer
run_trial (gpointer data)
{
  Trial *trial = data;
  Fixture *f = trial->fixture;

  switch (trial->kind)
    {
    case JOB_LOAD:
    case JOB_LOAD_GZ:
      {
        g_autoptr (LloydDataset) dataset = load (trial->kind == JOB_LOAD ? f->csv_path : f->gz_path,
                                                 trial->cancellable, &trial->error);

        trial->ok = dataset != NULL;
        if (trial->ok)
          g_assert_cmpuint (dataset->n_rows, ==, f->rows);
      }
      break;
    case JOB_FIT:
    case JOB_FIT_RESTARTS:
      trial->ok = lloyd_kmeans_fit (trial->km, f->x, NULL, NULL, trial->cancellable, &trial->error);
      break;
    case JOB_ELBOW:
      {
        LloydElbowOptions options = elbow_options ();
        g_autoptr (LloydElbow) elbow = lloyd_elbow_sweep (f->x, &options, NULL, NULL,
                                                          trial->cancellable, &trial->error);

        trial->ok = elbow != NULL;
      }
      break;
    default:
      g_assert_not_reached ();
    }
  trial->end_time = g_get_monotonic_time ();
  return NULL;
}

static void
fixture_setup (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydDataset) dataset = NULL;
  g_autoptr (LloydTransform) transform = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lloyd-stress-XXXXXX", &error);
  LloydPreprocessOptions options;
  LloydElbowOptions elbow = elbow_options ();

  g_assert_no_error (error);
  fixture.csv_path = g_build_filename (dir, "blobs.csv", NULL);
  fixture.gz_path = g_build_filename (dir, "blobs.csv.gz", NULL);
  write_csv (fixture.csv_path);
  write_gz (fixture.csv_path, fixture.gz_path);

  dataset = load (fixture.csv_path, NULL, &error);
  g_assert_no_error (error);
  fixture.rows = dataset->n_rows;
  g_assert_cmpuint (fixture.rows, ==, N_ROWS);
  lloyd_preprocess_options_init (&options);
  options.normalize = LLOYD_NORMALIZE_ZSCORE;
  transform = lloyd_transform_fit (dataset, &options, &error);
  g_assert_no_error (error);
  fixture.x = lloyd_transform_apply (transform, dataset, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fixture.x->d, ==, N_FEATURES);

  for (guint r = 0; r < 2; r++)
    {
      g_autoptr (LloydKMeans) km = new_kmeans (r == 0 ? JOB_FIT : JOB_FIT_RESTARTS);

      lloyd_kmeans_fit (km, fixture.x, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      fixture.centroids[r] = g_memdup2 (lloyd_kmeans_get_centroids (km),
                                        sizeof (double) * N_BLOBS * N_FEATURES);
      fixture.inertia[r] = lloyd_kmeans_get_inertia (km);
    }
  fixture.elbow = lloyd_elbow_sweep (fixture.x, &elbow, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (void)
{
  g_unlink (fixture.gz_path);
  g_unlink (fixture.csv_path);
  {
    g_autofree char *dir = g_path_get_dirname (fixture.csv_path);

    g_rmdir (dir);
  }
  g_clear_pointer (&fixture.csv_path, g_free);
  g_clear_pointer (&fixture.gz_path, g_free);
  g_clear_pointer (&fixture.x, lloyd_matrix_free);
  g_clear_pointer (&fixture.centroids[0], g_free);
  g_clear_pointer (&fixture.centroids[1], g_free);
  g_clear_pointer (&fixture.elbow, lloyd_elbow_free);
}

/* The job's duration without cancellation, in microseconds (at least 1 ms). */
static gint64
measure (JobKind kind)
{
  Trial trial = { kind, &fixture, NULL, NULL, FALSE, NULL, 0 };
  gint64 start;

  if (kind == JOB_FIT || kind == JOB_FIT_RESTARTS)
    trial.km = new_kmeans (kind);
  start = g_get_monotonic_time ();
  run_trial (&trial);
  g_assert_no_error (trial.error);
  g_assert_true (trial.ok);
  g_clear_pointer (&trial.km, lloyd_kmeans_free);
  return MAX (trial.end_time - start, 1000);
}

/* After a fit was cancelled: the same object fits again, with no reset, to the
 * uncancelled result. */
static void
check_reusable (LloydKMeans *km,
                JobKind      kind)
{
  g_autoptr (GError) error = NULL;
  guint r = kind == JOB_FIT ? 0 : 1;

  g_assert_true (lloyd_kmeans_fit (km, fixture.x, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lloyd_kmeans_get_stop_reason (km), !=, LLOYD_STOP_CANCELLED);
  g_assert_cmpfloat (lloyd_kmeans_get_inertia (km), ==, fixture.inertia[r]);
  g_assert_cmpmem (lloyd_kmeans_get_centroids (km), sizeof (double) * N_BLOBS * N_FEATURES,
                   fixture.centroids[r], sizeof (double) * N_BLOBS * N_FEATURES);
}

static void
stress (JobKind kind,
        guint   n_trials)
{
  /* The fastest of three runs: a busy machine makes single runs slow. */
  gint64 duration = MIN (measure (kind), MIN (measure (kind), measure (kind)));
  gint64 worst = 0, total_latency = 0;
  guint n_cancelled = 0, n_timed = 0;

  for (guint i = 0; i < n_trials; i++)
    {
      Trial trial = { kind, &fixture, NULL, g_cancellable_new (), FALSE, NULL, 0 };
      gint64 delay = (gint64) g_test_rand_double_range (0.0, 1.2 * (double) duration);
      gint64 cancel_time;
      GThread *thread;
      /* Every fifth trial is cancelled before it starts, so each kind of job
       * surely meets a cancellation whatever the machine's speed. */
      gboolean before = i % 5 == 0;

      if (kind == JOB_FIT || kind == JOB_FIT_RESTARTS)
        trial.km = new_kmeans (kind);
      if (before)
        g_cancellable_cancel (trial.cancellable);
      thread = g_thread_new ("stress-job", run_trial, &trial);
      if (!before)
        g_usleep ((gulong) delay);
      cancel_time = g_get_monotonic_time ();
      g_cancellable_cancel (trial.cancellable);
      g_thread_join (thread);

      if (!trial.ok)
        {
          gint64 latency = MAX (trial.end_time - cancel_time, 0);

          /* Nothing but a cancellation may come out of a cancelled job. */
          g_assert_error (trial.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          n_cancelled++;
          if (!before)
            {
              n_timed++;
              worst = MAX (worst, latency);
              total_latency += latency;
            }
          if (trial.km != NULL)
            g_assert_cmpint (lloyd_kmeans_get_stop_reason (trial.km), ==, LLOYD_STOP_CANCELLED);
        }
      else
        {
          g_assert_false (before);
          g_assert_no_error (trial.error);
        }
      /* Refitting is the costly part: every plain fit, every third with restarts. */
      if (trial.km != NULL && (kind == JOB_FIT || i % 3 == 0))
        check_reusable (trial.km, kind);

      g_clear_error (&trial.error);
      g_clear_pointer (&trial.km, lloyd_kmeans_free);
      g_clear_object (&trial.cancellable);
    }

  g_test_message ("%s: uncancelled %.1f ms; %u of %u trials cancelled (%u mid-run); cancel "
                  "returned after %.2f ms on average, %.2f ms at worst",
                  job_names[kind], duration / 1000.0, n_cancelled, n_trials, n_timed,
                  n_timed > 0 ? total_latency / 1000.0 / n_timed : 0.0, worst / 1000.0);
  g_assert_cmpuint (n_cancelled, >=, (n_trials + 4) / 5);
}

static void
test_cancel_load (void)
{
  stress (JOB_LOAD, 25);
  stress (JOB_LOAD_GZ, 25);
}

static void
test_cancel_fit (void)
{
  stress (JOB_FIT, 50);
}

static void
test_cancel_fit_restarts (void)
{
  stress (JOB_FIT_RESTARTS, 50);
}

static void
test_cancel_elbow (void)
{
  LloydElbowOptions options = elbow_options ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydElbow) again = NULL;

  stress (JOB_ELBOW, 50);
  /* A sweep after 50 cancelled ones gives the same curve. */
  again = lloyd_elbow_sweep (fixture.x, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->n, ==, fixture.elbow->n);
  g_assert_cmpmem (again->inertia, sizeof (double) * again->n,
                   fixture.elbow->inertia, sizeof (double) * fixture.elbow->n);
}

/* Cancelled before it starts: no work, the cancellation error, nothing else. */
static void
test_cancel_before_start (void)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydKMeans) km = new_kmeans (JOB_FIT);
  g_autoptr (LloydDataset) dataset = NULL;
  LloydElbowOptions options = elbow_options ();
  LloydElbow *elbow;

  g_cancellable_cancel (cancellable);
  dataset = load (fixture.csv_path, cancellable, &error);
  g_assert_null (dataset);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_false (lloyd_kmeans_fit (km, fixture.x, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  check_reusable (km, JOB_FIT);

  elbow = lloyd_elbow_sweep (fixture.x, &options, NULL, NULL, cancellable, &error);
  g_assert_null (elbow);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Initialized, then a fit cancelled before its first step: the next fit resumes
 * from the initial centroids and runs to convergence (it once returned them as
 * the result, still marked cancelled). */
static void
test_cancel_after_initialize (void)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydKMeans) km = new_kmeans (JOB_FIT);

  g_assert_true (lloyd_kmeans_initialize (km, fixture.x, NULL, &error));
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  g_assert_false (lloyd_kmeans_fit (km, fixture.x, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (lloyd_kmeans_get_stop_reason (km), ==, LLOYD_STOP_CANCELLED);
  check_reusable (km, JOB_FIT);
  g_assert_cmpuint (lloyd_kmeans_get_n_iterations (km), >, 1);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_setup ();
  g_test_add_func ("/stress/cancel/before-start", test_cancel_before_start);
  g_test_add_func ("/stress/cancel/after-initialize", test_cancel_after_initialize);
  g_test_add_func ("/stress/cancel/load", test_cancel_load);
  g_test_add_func ("/stress/cancel/fit", test_cancel_fit);
  g_test_add_func ("/stress/cancel/fit-restarts", test_cancel_fit_restarts);
  g_test_add_func ("/stress/cancel/elbow", test_cancel_elbow);
  status = g_test_run ();
  fixture_teardown ();
  return status;
}
