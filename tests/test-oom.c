/* test-oom.c — running out of memory is an error a person can act on, never an
 * abort. Each test runs in a subprocess whose address space is capped with
 * RLIMIT_AS a little above what it already uses, then asks for far more: a huge
 * matrix, a file that decompresses to more than fits (a gzip bomb), a fit whose
 * k × d centroids do not fit. Overcommit makes a real machine say yes to such
 * requests, hence the cap.
 *
 * AddressSanitizer reserves terabytes of shadow address space, so under it the
 * cap cannot work: the tests skip there. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>

#include "dataset.h"
#include "kmeans.h"
#include "matrix.h"
#include "test-util.h"

#if defined(__SANITIZE_ADDRESS__)
#define LLOYD_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LLOYD_TEST_ASAN 1
#endif
#endif

/* Headroom above the current address space: enough for threads and small
 * buffers, far below every request made here. */
#define HEADROOM_BYTES ((gsize) 96 << 20)

static gboolean
skip_under_asan (void)
{
#ifdef LLOYD_TEST_ASAN
  g_test_skip ("RLIMIT_AS cannot work under AddressSanitizer");
  return TRUE;
#else
  return FALSE;
#endif
}

static gsize
current_address_space (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmSize:");
  g_assert_nonnull (line);
  return (gsize) g_ascii_strtoull (line + strlen ("VmSize:"), NULL, 10) << 10;
}

/* OpenBLAS retries a failed allocation of its work buffers forever, and joins its
 * threads at exit: under a cap it could spin instead of failing. So the child
 * runs it single-threaded (OPENBLAS_NUM_THREADS, set before the child starts) and
 * lets it map the buffers of both our worker threads before the cap. */
static void
warm_up_blas (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydMatrix) x = lloyd_matrix_new (2000, 8, &error);
  g_autoptr (LloydKMeans) km = lloyd_kmeans_new (4);

  g_assert_no_error (error);
  for (gsize i = 0; i < x->n * x->d; i++)
    x->data[i] = (double) ((i * 7919) % 1009);
  lloyd_kmeans_set_n_threads (km, 2);
  lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
cap_address_space (void)
{
  struct rlimit limit;

  warm_up_blas ();

  limit.rlim_cur = limit.rlim_max = current_address_space () + HEADROOM_BYTES;
  g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);
}

/* Runs the calling test's body in a capped child; passes when the child does. */
static gboolean
in_capped_child (void)
{
  if (g_test_subprocess ())
    {
      cap_address_space ();
      return TRUE;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
test_oom_matrix (void)
{
  g_autoptr (GError) error = NULL;
  LloydMatrix *m;

  if (skip_under_asan () || !in_capped_child ())
    return;
  /* 1,000,000 × 1,000 doubles: 8 GB. */
  m = lloyd_matrix_new (1000000, 1000, &error);
  g_assert_null (m);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  /* The message says how much was asked for: "Not enough memory for 7.5 GB". */
  g_assert_true (g_str_has_prefix (error->message, "Not enough memory for"));
  g_clear_error (&error);

  /* Still able to allocate something reasonable afterwards. */
  m = lloyd_matrix_new (1000, 10, &error);
  g_assert_no_error (error);
  lloyd_matrix_free (m);
}

/* 300 MB of CSV that gzip squeezes into well under a megabyte. */
static char *
write_gzip_bomb (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("lloyd-oom-XXXXXX", &error);
  char *path;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileOutputStream) out = NULL;
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr (GOutputStream) gz = NULL;
  g_autoptr (GString) block = g_string_new ("a,b,c,d\n");

  g_assert_no_error (error);
  path = g_build_filename (dir, "bomb.csv.gz", NULL);
  file = g_file_new_for_path (path);
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  gz = g_converter_output_stream_new (G_OUTPUT_STREAM (out), G_CONVERTER (compressor));
  while (block->len < (1 << 20))
    g_string_append (block, "1.5,2.25,3,4\n");
  for (guint i = 0; i < 300; i++)
    {
      g_output_stream_write_all (gz, block->str, block->len, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (gz, NULL, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_file_and_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_oom_load (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  LloydDataset *dataset;
  LloydLoadOptions options;

  if (skip_under_asan ())
    return;
  if (!g_test_subprocess ())
    {
      /* Written by the parent, so the child's cap only limits the load. */
      path = write_gzip_bomb ();
      g_setenv ("LLOYD_TEST_BOMB", path, TRUE);
      in_capped_child ();
      remove_file_and_dir (path);
      return;
    }
  cap_address_space ();
  lloyd_load_options_init (&options);
  options.n_threads = 2;
  dataset = lloyd_dataset_load (g_getenv ("LLOYD_TEST_BOMB"), &options, NULL, NULL, NULL, &error);
  g_assert_null (dataset);
  g_assert_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "bomb.csv.gz"));
  g_assert_nonnull (strstr (error->message, "memory"));
}

static void
test_oom_fit (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydMatrix) x = NULL;
  g_autoptr (LloydKMeans) km = NULL;

  if (skip_under_asan ())
    return;
  if (!g_test_subprocess ())
    {
      in_capped_child ();
      return;
    }
  /* 20,000 distinct points in 500 dimensions (80 MB), made before the cap. */
  x = lloyd_matrix_new (20000, 500, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < x->n; i++)
    lloyd_matrix_row (x, i)[i % x->d] = 1.0 + (double) i;
  cap_address_space ();

  /* k = n: the k × d centroids alone are another 80 MB. */
  km = lloyd_kmeans_new (20000);
  lloyd_kmeans_set_init (km, LLOYD_INIT_FIRST);
  lloyd_kmeans_set_n_threads (km, 2);
  g_assert_false (lloyd_kmeans_fit (km, x, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "memory"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("OPENBLAS_NUM_THREADS", "1", TRUE);
  g_test_add_func ("/oom/matrix", test_oom_matrix);
  g_test_add_func ("/oom/load-gzip-bomb", test_oom_load);
  g_test_add_func ("/oom/fit-huge-k", test_oom_fit);
  return g_test_run ();
}
