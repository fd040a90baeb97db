/* test-plot-figures.c — `lloyd-cli fit --figures`: every applicable figure of a
 * real fit (iris, digits) written to a folder, in PNG and SVG, with frames, and
 * the errors for bad options. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <cairo.h>

#include "cli-figures.h"
#include "plot-common.h"
#include "test-util.h"

typedef struct
{
  LloydDataset   *dataset;
  LloydTransform *transform;
  LloydMatrix    *x;
  LloydKMeans    *km;
} Fit;

static gboolean
fit_file (Fit        *fit,
          const char *relative,
          const char *label_column,
          guint       k,
          gboolean    normalize)
{
  g_autofree char *path = lloyd_test_shared_path (relative);
  g_autoptr (GError) error = NULL;
  LloydLoadOptions load;
  LloydPreprocessOptions pre;

  memset (fit, 0, sizeof *fit);
  if (path == NULL)
    return FALSE;
  lloyd_load_options_init (&load);
  load.label_column = label_column;
  fit->dataset = lloyd_dataset_load (path, &load, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  lloyd_preprocess_options_init (&pre);
  pre.normalize = normalize ? LLOYD_NORMALIZE_ZSCORE : LLOYD_NORMALIZE_NONE;
  fit->transform = lloyd_transform_fit (fit->dataset, &pre, &error);
  g_assert_no_error (error);
  fit->x = lloyd_transform_apply (fit->transform, fit->dataset, NULL, &error);
  g_assert_no_error (error);
  fit->km = lloyd_kmeans_new (k);
  lloyd_kmeans_set_seed (fit->km, 3);
  g_assert_true (lloyd_kmeans_fit (fit->km, fit->x, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return TRUE;
}

static void
fit_clear (Fit *fit)
{
  g_clear_pointer (&fit->km, lloyd_kmeans_free);
  g_clear_pointer (&fit->x, lloyd_matrix_free);
  g_clear_pointer (&fit->transform, lloyd_transform_unref);
  g_clear_pointer (&fit->dataset, lloyd_dataset_unref);
}

static void
assert_png (const char *dir,
            const char *name,
            int         width,
            int         height)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, height);
  cairo_surface_destroy (surface);
}

static void
remove_tree (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_dir_close (d);
  g_rmdir (dir);
}

/* LLOYD_PLOT_OUT keeps the figures for a person to look at. */
static char *
output_dir (const char *name)
{
  if (g_getenv ("LLOYD_PLOT_OUT") != NULL)
    return g_build_filename (g_getenv ("LLOYD_PLOT_OUT"), name, NULL);
  return g_dir_make_tmp ("lloyd-figures-XXXXXX", NULL);
}

static void
test_iris (void)
{
  Fit fit;
  g_autofree char *dir = output_dir ("iris");
  g_autoptr (GError) error = NULL;
  LloydCliFiguresArgs args = { 0 };
  LloydCliFiguresInput input;
  const char *expected[] = { "clusters.png", "convergence.png", "distances.png", "contributions.png", "labels.png" };
  guint n_iter;

  if (!fit_file (&fit, "data/iris.csv", NULL, 3, TRUE))
    return;
  input = (LloydCliFiguresInput) { fit.dataset, fit.transform, fit.x, fit.km, NULL, NULL };
  args.dir = g_strdup (dir);
  args.size = g_strdup ("800x500");
  args.frames = TRUE;
  g_assert_true (lloyd_cli_write_figures (&input, &args, FALSE, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    assert_png (dir, expected[i], 800, 500);
  /* Iris has no "normal" class and 4 features: no ROC, no centroid images. */
  {
    g_autofree char *roc = g_build_filename (dir, "roc.png", NULL);
    g_autofree char *images = g_build_filename (dir, "centroids.png", NULL);

    g_assert_false (g_file_test (roc, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (images, G_FILE_TEST_EXISTS));
  }
  /* One frame per history entry, numbered from 001. */
  n_iter = lloyd_kmeans_get_n_iterations (fit.km);
  for (guint i = 1; i <= n_iter + 1; i++)
    {
      g_autofree char *name = g_strdup_printf ("frames/frame-%03u.png", i);
      assert_png (dir, name, 800, 500);
    }
  {
    g_autofree char *beyond = g_strdup_printf ("%s/frames/frame-%03u.png", dir, n_iter + 2);
    g_assert_false (g_file_test (beyond, G_FILE_TEST_EXISTS));
  }

  /* SVG at another size, 2× PNG. */
  lloyd_cli_figures_args_clear (&args);
  args.dir = g_build_filename (dir, "svg", NULL);
  args.format = g_strdup ("svg");
  g_assert_true (lloyd_cli_write_figures (&input, &args, FALSE, &error));
  g_assert_no_error (error);
  {
    g_autofree char *svg = g_build_filename (args.dir, "clusters.svg", NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (svg, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "<svg"));
  }
  lloyd_cli_figures_args_clear (&args);
  args.dir = g_build_filename (dir, "2x", NULL);
  args.size = g_strdup ("400x300");
  args.scale = 2;
  args.no_stamp = TRUE;
  g_assert_true (lloyd_cli_write_figures (&input, &args, FALSE, &error));
  g_assert_no_error (error);
  assert_png (args.dir, "clusters.png", 800, 600);

  /* Bad options: a message naming the option, no files. */
  lloyd_cli_figures_args_clear (&args);
  args.dir = g_build_filename (dir, "bad", NULL);
  args.format = g_strdup ("gif");
  g_assert_false (lloyd_cli_write_figures (&input, &args, FALSE, &error));
  g_assert_nonnull (strstr (error->message, "--format"));
  g_clear_error (&error);
  g_clear_pointer (&args.format, g_free);
  args.size = g_strdup ("huge");
  g_assert_false (lloyd_cli_write_figures (&input, &args, FALSE, &error));
  g_assert_nonnull (strstr (error->message, "huge"));
  g_clear_error (&error);
  g_clear_pointer (&args.size, g_free);
  args.scale = 100;
  g_assert_false (lloyd_cli_write_figures (&input, &args, FALSE, &error));
  g_assert_nonnull (strstr (error->message, "--scale"));
  g_clear_error (&error);

  lloyd_cli_figures_args_clear (&args);
  if (g_getenv ("LLOYD_PLOT_OUT") == NULL)
    remove_tree (dir);
  fit_clear (&fit);
}

static void
test_digits (void)
{
  Fit fit;
  g_autofree char *dir = output_dir ("digits");
  g_autoptr (GError) error = NULL;
  LloydCliFiguresArgs args = { 0 };
  LloydCliFiguresInput input;

  if (!fit_file (&fit, "data/digits.csv", "digit", 10, FALSE))
    return;
  g_assert_cmpuint (fit.x->d, ==, 64);
  input = (LloydCliFiguresInput) { fit.dataset, fit.transform, fit.x, fit.km, NULL, NULL };
  args.dir = g_strdup (dir);
  g_assert_true (lloyd_cli_write_figures (&input, &args, FALSE, &error));
  g_assert_no_error (error);
  /* 64 pixel features: the centroids as 8 × 8 images. */
  assert_png (dir, "centroids.png", 1200, 800);
  assert_png (dir, "clusters.png", 1200, 800);
  lloyd_cli_figures_args_clear (&args);
  if (g_getenv ("LLOYD_PLOT_OUT") == NULL)
    remove_tree (dir);
  fit_clear (&fit);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot/figures/iris", test_iris);
  g_test_add_func ("/plot/figures/digits", test_digits);
  status = g_test_run ();
  lloyd_plot_shutdown ();
  return status;
}
