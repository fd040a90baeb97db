/* fuzz-cli.c — lloyd-cli's option parsing on arbitrary command lines, without
 * side effects. The input, split at NUL bytes, is the argument vector of a
 * command with every option group `lloyd-cli fit` has (data, k-means, figures,
 * anomaly); after GOption the values go through the same converters the commands
 * use (data options, k-means configuration incl. --init rows:/centroids:/average:,
 * --columns/--normalize preprocessing, --threshold/--normal-label) against a tiny
 * dataset. Nothing is loaded from the command line's files except centroid files
 * inside a private scratch directory, and nothing is written.
 *
 * Every outcome is a success or a GError with a readable message; a usage error
 * is exit status 2. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli-anomaly.h"
#include "cli-common.h"
#include "cli-figures.h"
#include "cli-kmeans.h"
#include "fuzz.h"

#define MAX_ARGS 64

static LloydDataset *dataset;  /* 6 rows: x, y numeric, proto categorical, label */
static char         *scratch_dir;

static void
remove_scratch (void)
{
  g_autofree char *centroids = g_build_filename (scratch_dir, "c.csv", NULL);

  g_unlink (centroids);
  g_rmdir (scratch_dir);
  g_clear_pointer (&scratch_dir, g_free);
  g_clear_pointer (&dataset, lloyd_dataset_unref);
}

static void
setup_once (void)
{
  static const char csv[] =
    "x,y,proto,label\n"
    "1,2,tcp,normal\n"
    "1.5,1.8,udp,normal\n"
    "5,8,tcp,attack\n"
    "8,8,icmp,normal\n"
    "1,0.6,tcp,attack\n"
    "9,11,udp,normal\n";
  static const char centroids[] = "a,b,c,d,e\n0,0,1,0,0\n1,1,0,1,0\n3,3,0,0,1\n";
  g_autoptr (GError) error = NULL;
  LloydLoadOptions options;

  if (dataset != NULL)
    return;
  lloyd_load_options_init (&options);
  options.n_threads = 1;
  dataset = lloyd_dataset_parse (csv, sizeof csv - 1, "tiny.csv", &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* --init centroids:FILE resolves relative names here; c.csv fits the 5
   * one-hot features of the tiny dataset. */
  scratch_dir = g_dir_make_tmp ("lloyd-fuzz-cli-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chdir (scratch_dir), ==, 0);
  g_file_set_contents ("c.csv", centroids, sizeof centroids - 1, &error);
  g_assert_no_error (error);
  atexit (remove_scratch);
}

static void
check_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  g_assert_true (error->message[0] != '\0');
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* Only files inside the scratch directory may be read. */
static gboolean
stays_inside (int    argc,
              char **argv)
{
  for (int i = 0; i < argc; i++)
    if (strchr (argv[i], '/') != NULL || strstr (argv[i], "..") != NULL || strchr (argv[i], '~') != NULL)
      return FALSE;
  return TRUE;
}

static void
convert (int                       argc,
         char                    **argv,
         const LloydCliDataArgs   *data,
         const LloydCliKMeansArgs *kmeans,
         LloydCliAnomaly          *anomaly)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LloydKMeans) km = lloyd_kmeans_new (3);
  g_autoptr (LloydTransform) transform = NULL;
  g_autoptr (LloydMatrix) x = NULL;
  LloydLoadOptions options;

  if (!lloyd_cli_data_args_to_options (data, &options, &error))
    {
      check_error (error);
      g_assert_true (error->domain == G_OPTION_ERROR);
      g_clear_error (&error);
    }

  x = lloyd_cli_kmeans_prepare (dataset, kmeans, &transform, &error);
  if (x == NULL)
    {
      check_error (error);
      g_clear_error (&error);
    }
  else
    g_assert_cmpuint (x->n, ==, dataset->n_rows);

  if (stays_inside (argc, argv))
    {
      /* Success may leave k = 0 ("--init rows:" lists no rows): fit then asks
       * for --k, a usage error. */
      if (!lloyd_cli_kmeans_configure (km, kmeans, x != NULL ? x->d : 5, &error))
        {
          check_error (error);
          g_clear_error (&error);
        }
    }

  if (!lloyd_cli_anomaly_begin (anomaly, dataset, &error))
    {
      check_error (error);
      g_clear_error (&error);
    }
  else
    g_assert_cmpuint (anomaly->n_train, <=, dataset->n_rows);
}

int
lloyd_fuzz_cli (const uint8_t *data,
                size_t         size)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  LloydCliDataArgs data_args = { 0 };
  LloydCliKMeansArgs kmeans_args = { 0 };
  LloydCliFiguresArgs figures_args = { 0 };
  LloydCliAnomaly anomaly = { 0 };
  g_autofree char **argv_copy = NULL;
  char **argv;
  int argc, status = -1;
  gsize start = 0;

  setup_once ();
  g_ptr_array_add (args, g_strdup ("fit"));
  for (gsize i = 0; i <= size && args->len < MAX_ARGS; i++)
    if (i == size || data[i] == '\0')
      {
        g_ptr_array_add (args, g_strndup ((const char *) data + start, i - start));
        start = i + 1;
      }
  /* GOption rearranges argv and frees nothing in it: keep our own pointers. */
  argc = (int) args->len;
  argv_copy = g_new0 (char *, args->len + 1);
  memcpy (argv_copy, args->pdata, sizeof (char *) * args->len);
  argv = argv_copy;

  /* --help would print and exit(0) inside GOption. */
  g_option_context_set_help_enabled (context, FALSE);
  lloyd_cli_add_data_options (context, &data_args);
  lloyd_cli_kmeans_add_options (context, &kmeans_args);
  lloyd_cli_add_figures_options (context, &figures_args);
  lloyd_cli_anomaly_add_options (context, &anomaly);

  if (lloyd_cli_parse_args (context, &argc, &argv, &status))
    {
      g_assert_cmpint (status, ==, LLOYD_EXIT_OK);
      g_assert_cmpint (argc, >=, 1);
      convert (argc, argv, &data_args, &kmeans_args, &anomaly);
    }
  else
    g_assert_cmpint (status, ==, LLOYD_EXIT_USAGE);

  lloyd_cli_data_args_clear (&data_args);
  lloyd_cli_kmeans_args_clear (&kmeans_args);
  lloyd_cli_figures_args_clear (&figures_args);
  lloyd_cli_anomaly_clear (&anomaly);
  return 0;
}

LLOYD_FUZZ_TARGET (lloyd_fuzz_cli)
