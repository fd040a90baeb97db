/* test-curve-plot.c — decimation of the ROC and precision–recall polylines:
 * bounded by the pixel size of the frame whatever the number of thresholds, the
 * ends and the operating point kept, no dropped point far from what is drawn;
 * and a curve of half a million points rendered through it. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "curve-plot.h"
#include "test-util.h"

/* A ROC-like staircase (monotone in x and y, rising steeply first) of @n points
 * in device units, over a @w × @h frame whose origin is bottom-left. */
static double *
staircase (gsize  n,
           double w,
           double h)
{
  double *xy = g_new (double, 2 * n);

  for (gsize j = 0; j < n; j++)
    {
      double t = (double) j / (n - 1);
      double x = floor (t * 4000) / 4000;  /* steps: repeated x, as tied thresholds give */

      xy[2 * j] = x * w;
      xy[2 * j + 1] = h - pow (t, 0.2) * h;
    }
  return xy;
}

static void
test_bounded_by_pixels (void)
{
  const gsize n = 500000;
  const double w = 300, h = 200;
  g_autofree double *xy = staircase (n, w, h);
  g_autofree gsize *out = g_new (gsize, n);
  gsize keep = 123457, n_out;
  gsize dropped_far = 0;

  n_out = lloyd_curve_decimate (xy, n, 0.5, keep, out);
  g_assert_cmpuint (n_out, >=, 3);
  g_assert_cmpuint (n_out, <=, (gsize) ((w + h) / 0.5) + 3);
  g_assert_cmpuint (out[0], ==, 0);
  g_assert_cmpuint (out[n_out - 1], ==, n - 1);
  for (gsize i = 1; i < n_out; i++)
    g_assert_cmpuint (out[i], >, out[i - 1]);
  /* The operating point is a vertex. */
  {
    gboolean found = FALSE;

    for (gsize i = 0; i < n_out; i++)
      found |= out[i] == keep;
    g_assert_true (found);
  }
  /* Every dropped point lies within half a pixel of the vertex before it. */
  for (gsize i = 0, j = 0; j < n; j++)
    {
      if (i + 1 < n_out && out[i + 1] == j)
        i++;
      if (fabs (xy[2 * j] - xy[2 * out[i]]) + fabs (xy[2 * j + 1] - xy[2 * out[i] + 1]) >= 0.5)
        dropped_far++;
    }
  g_assert_cmpuint (dropped_far, ==, 0);

  /* Twice the pixels, about twice the vertices: the bound follows the frame. */
  {
    g_autofree double *big = staircase (n, 2 * w, 2 * h);
    gsize n_big = lloyd_curve_decimate (big, n, 0.5, 0, out);

    g_assert_cmpuint (n_big, >, n_out + n_out / 2);
    g_assert_cmpuint (n_big, <=, (gsize) ((2 * w + 2 * h) / 0.5) + 3);
  }
}

static void
test_ends_and_gaps (void)
{
  /* Non-finite points are skipped; the last finite point is kept even when it
   * is close to the one before; a step of 0 keeps every finite point. */
  const double xy[] = { NAN, 0, 0, 0, 0.1, 0.1, 0.2, 0.2, INFINITY, 1, 0.3, 0.3, NAN, NAN };
  gsize out[7];
  gsize n_out;

  n_out = lloyd_curve_decimate (xy, 7, 0.5, 0, out);
  g_assert_cmpuint (n_out, ==, 2);
  g_assert_cmpuint (out[0], ==, 1);
  g_assert_cmpuint (out[1], ==, 5);
  n_out = lloyd_curve_decimate (xy, 7, 0.0, 0, out);
  g_assert_cmpuint (n_out, ==, 4);
  g_assert_cmpuint (lloyd_curve_decimate (xy, 0, 0.5, 0, out), ==, 0);
  {
    const double none[] = { NAN, NAN };

    g_assert_cmpuint (lloyd_curve_decimate (none, 1, 0.5, 0, out), ==, 0);
  }
}

/* Half a million points through the renderer: drawn where the curve is. */
static void
test_render_many (void)
{
  const guint n = 500000;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);
  LloydPlotScope scope = { .cr = cr, .width = 400, .height = 300, .scale = 1 };
  LloydCurve curve = { .n = n, .x = x, .y = y, .name = "many", .area = NAN, .keep = n / 3 };
  LloydCurvePlot plot = { .kind = LLOYD_CURVE_ROC, .n_curves = 1, .curves = &curve, .baseline = NAN };
  LloydAxesSpec spec;
  LloydAxes axes;
  guint coloured = 0;

  for (guint j = 0; j < n; j++)
    {
      x[j] = (double) j / (n - 1);
      y[j] = sqrt (x[j]);
    }
  lloyd_curve_plot_render (&plot, &scope);
  lloyd_curve_plot_layout (&plot, &scope, &spec, &axes);
  cairo_surface_flush (surface);
  /* Along the curve, pixels carry the curve's colour (not grey, not white). */
  for (guint s = 1; s < 20; s++)
    {
      double t = s / 20.0;
      int px = (int) round (lloyd_axes_x (&axes, t)), py = (int) round (lloyd_axes_y (&axes, sqrt (t)));
      guint32 pixel = ((guint32 *) cairo_image_surface_get_data (surface))[py * cairo_image_surface_get_stride (surface) / 4 + px];
      int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

      /* The first palette colour is a blue; anti-aliasing lightens it. */
      coloured += b > r + 40 && b > g + 10;
    }
  g_assert_cmpuint (coloured, >=, 17);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot/curve/decimate/bounded", test_bounded_by_pixels);
  g_test_add_func ("/plot/curve/decimate/ends", test_ends_and_gaps);
  g_test_add_func ("/plot/curve/render-many", test_render_many);
  status = g_test_run ();
  lloyd_plot_shutdown ();
  return status;
}
