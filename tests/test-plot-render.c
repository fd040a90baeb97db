/* test-plot-render.c — every figure drawn into an image surface, checked on
 * real pixels: marker colours where the layout says they are, the threshold
 * line's column, bar order, the density switch, sizes; and degenerate models
 * (no points, one point, NaN) drawn without harm. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "bars-plot.h"
#include "centroid-images.h"
#include "convergence-plot.h"
#include "curve-plot.h"
#include "elbow-plot.h"
#include "heatmap-plot.h"
#include "histogram-plot.h"
#include "markers.h"
#include "palette.h"
#include "scatter-plot.h"
#include "test-util.h"

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  LloydPlotScope   scope;
} Canvas;

static void
canvas_init (Canvas *c,
             int     width,
             int     height,
             double  scale)
{
  c->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (width * scale), (int) (height * scale));
  g_assert_cmpint (cairo_surface_status (c->surface), ==, CAIRO_STATUS_SUCCESS);
  c->cr = cairo_create (c->surface);
  cairo_scale (c->cr, scale, scale);
  memset (&c->scope, 0, sizeof c->scope);
  c->scope.cr = c->cr;
  c->scope.width = width;
  c->scope.height = height;
  c->scope.scale = scale;
}

/* LLOYD_PLOT_OUT keeps the test renders for a person to look at. */
static void
canvas_save (Canvas     *c,
             const char *name)
{
  if (g_getenv ("LLOYD_PLOT_OUT") != NULL)
    {
      g_autofree char *file = g_strdup_printf ("%s.png", name);
      g_autofree char *path = g_build_filename (g_getenv ("LLOYD_PLOT_OUT"), file, NULL);

      cairo_surface_write_to_png (c->surface, path);
    }
}

static void
canvas_clear (Canvas *c)
{
  cairo_destroy (c->cr);
  cairo_surface_destroy (c->surface);
}

/* Un-premultiplied RGB (0..255) and alpha of the device pixel under user point (x, y). */
static void
pixel_at (Canvas *c,
          double  x,
          double  y,
          int     rgba[4])
{
  int stride, px, py;
  guint32 v;
  guint8 *data;

  cairo_surface_flush (c->surface);
  data = cairo_image_surface_get_data (c->surface);
  stride = cairo_image_surface_get_stride (c->surface);
  px = (int) floor (x * c->scope.scale);
  py = (int) floor (y * c->scope.scale);
  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, cairo_image_surface_get_width (c->surface));
  g_assert_cmpint (py, <, cairo_image_surface_get_height (c->surface));
  v = *(guint32 *) (data + py * stride + px * 4);
  rgba[3] = v >> 24;
  for (int i = 0; i < 3; i++)
    {
      int ch = (v >> (16 - 8 * i)) & 0xff;
      rgba[i] = rgba[3] ? ch * 255 / rgba[3] : 0;
    }
}

static gboolean
pixel_is (Canvas       *c,
          double        x,
          double        y,
          const double  rgb[3],
          int           tolerance)
{
  int p[4];

  pixel_at (c, x, y, p);
  for (int i = 0; i < 3; i++)
    if (ABS (p[i] - (int) round (rgb[i] * 255)) > tolerance)
      return FALSE;
  return p[3] > 200;
}

/* Euclidean distance, in 0..255 units, of a pixel from a colour. */
static double
color_distance (Canvas       *c,
                double        x,
                double        y,
                const double  rgb[3])
{
  int p[4];
  double d2 = 0;

  pixel_at (c, x, y, p);
  for (int i = 0; i < 3; i++)
    d2 += (p[i] - rgb[i] * 255) * (p[i] - rgb[i] * 255);
  return sqrt (d2);
}

/* Iris in its reference PCA plane with the reference k-means centroids. */
typedef struct
{
  double  *xy;
  guint32 *labels;
  double   centroids[6];
  gsize    n;
} Iris2D;

/* (x − mean) · the first two reference components. */
static void
project (JsonArray    *components,
         JsonArray    *mean,
         const double  x[4],
         double        out[2])
{
  for (guint c = 0; c < 2; c++)
    {
      JsonArray *comp = json_array_get_array_element (components, c);

      out[c] = 0;
      for (guint j = 0; j < 4; j++)
        out[c] += (x[j] - json_array_get_double_element (mean, j)) * json_array_get_double_element (comp, j);
    }
}

static gboolean
iris_load (Iris2D *iris)
{
  g_autoptr (JsonNode) pca = lloyd_test_load_reference ("iris_pca.json");
  g_autoptr (JsonNode) lloyd = lloyd_test_load_reference ("iris_lloyd_first3.json");
  g_autofree char *path = lloyd_test_shared_path ("data/iris.csv");
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  JsonArray *components, *labels, *centroids;
  JsonArray *mean;
  gsize row = 0;

  if (pca == NULL || lloyd == NULL || path == NULL)
    return FALSE;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  components = json_object_get_array_member (json_node_get_object (pca), "components");
  mean = json_object_get_array_member (json_node_get_object (pca), "mean");
  labels = json_object_get_array_member (json_node_get_object (lloyd), "final_labels");
  centroids = json_object_get_array_member (json_node_get_object (lloyd), "final_centroids");
  iris->n = json_array_get_length (labels);
  iris->xy = g_new0 (double, 2 * iris->n);
  iris->labels = g_new0 (guint32, iris->n);
  for (guint i = 1; lines[i] != NULL && row < iris->n; i++)
    {
      g_auto (GStrv) f = g_strsplit (lines[i], ",", -1);
      double x[4];

      if (g_strv_length (f) < 4)
        continue;
      for (int j = 0; j < 4; j++)
        x[j] = g_ascii_strtod (f[j], NULL);
      project (components, mean, x, iris->xy + 2 * row);
      iris->labels[row] = (guint32) json_array_get_int_element (labels, row);
      row++;
    }
  g_assert_cmpuint (row, ==, iris->n);
  for (guint c = 0; c < 3; c++)
    {
      JsonArray *centroid = json_array_get_array_element (centroids, c);
      double x[4];

      for (int j = 0; j < 4; j++)
        x[j] = json_array_get_double_element (centroid, j);
      project (components, mean, x, iris->centroids + 2 * c);
    }
  /* The reference's own check: the first projected row. */
  g_assert_cmpfloat_with_epsilon (iris->xy[0], -2.6841256259695374, 1e-9);
  return TRUE;
}

static void
iris_clear (Iris2D *iris)
{
  g_free (iris->xy);
  g_free (iris->labels);
}

static void
test_scatter_centroids (void)
{
  Iris2D iris;
  Canvas c;
  LloydScatterPlot plot = { 0 };
  LloydScatterLayout layout;

  if (!iris_load (&iris))
    return;
  plot.n = iris.n;
  plot.xy = iris.xy;
  plot.labels = iris.labels;
  plot.k = 3;
  plot.centroids = iris.centroids;
  plot.title = "Iris";
  plot.x_title = "PC1 (92.5%)";
  plot.y_title = "PC2 (5.3%)";

  for (double scale = 1; scale <= 2; scale++)
    {
      canvas_init (&c, 900, 600, scale);
      lloyd_scatter_plot_render (&plot, &c.scope, NULL);
      canvas_save (&c, scale == 1 ? "scatter-iris" : "scatter-iris-2x");
      lloyd_scatter_plot_layout (&plot, &c.scope, NULL, &layout);
      g_assert_false (layout.density);
      for (guint k = 0; k < 3; k++)
        {
          double px, py, rgb[3], x, y;

          lloyd_scatter_layout_to_pixel (&layout, iris.centroids[2 * k], iris.centroids[2 * k + 1], &px, &py);
          /* Inside the frame, and the marker's fill (beside its index digit) is the cluster's colour. */
          g_assert_cmpfloat (px, >, layout.axes.frame.x);
          g_assert_cmpfloat (px, <, layout.axes.frame.x + layout.axes.frame.width);
          lloyd_palette_color (k, rgb);
          g_assert_true (pixel_is (&c, px - LLOYD_CENTROID_RADIUS * 0.7, py, rgb, 12));
          g_assert_true (pixel_is (&c, px + LLOYD_CENTROID_RADIUS * 0.7, py, rgb, 12));
          /* The mapping inverts exactly. */
          lloyd_scatter_layout_to_data (&layout, px, py, &x, &y);
          g_assert_cmpfloat_with_epsilon (x, iris.centroids[2 * k], 1e-9);
          g_assert_cmpfloat_with_epsilon (y, iris.centroids[2 * k + 1], 1e-9);
          g_assert_cmpint (lloyd_scatter_plot_hit_centroid (&plot, &layout, px + 2, py - 2), ==, (int) k);
        }
      /* A point away from every centroid is hit as itself. */
      {
        double px, py;

        lloyd_scatter_layout_to_pixel (&layout, iris.xy[0], iris.xy[1], &px, &py);
        g_assert_cmpint (lloyd_scatter_plot_hit_point (&plot, &layout, px + 0.5, py, 3), >=, 0);
        g_assert_cmpint (lloyd_scatter_plot_hit_point (&plot, &layout, -100, -100, 3), ==, -1);
      }
      lloyd_scatter_layout_clear (&layout);
      canvas_clear (&c);
    }
  iris_clear (&iris);
}

static void
test_scatter_transform (void)
{
  Iris2D iris;
  Canvas c;
  LloydScatterPlot plot = { 0 };
  LloydScatterLayout base, zoomed, panned;
  LloydPlotTransform zoom = { 2, 0, 0 }, pan = { 1, 40, -30 };
  double cx, cy, px, py, qx, qy;

  if (!iris_load (&iris))
    return;
  plot.n = iris.n;
  plot.xy = iris.xy;
  plot.labels = iris.labels;
  plot.k = 3;
  plot.centroids = iris.centroids;
  canvas_init (&c, 800, 600, 1);
  lloyd_scatter_plot_layout (&plot, &c.scope, NULL, &base);
  lloyd_scatter_plot_layout (&plot, &c.scope, &zoom, &zoomed);
  lloyd_scatter_plot_layout (&plot, &c.scope, &pan, &panned);

  /* Zoom 2 about the centre halves the visible range and keeps the centre. */
  lloyd_assert_cmpfloat_rel (zoomed.axes.x.hi - zoomed.axes.x.lo, (base.axes.x.hi - base.axes.x.lo) / 2, 1e-9);
  lloyd_assert_cmpfloat_rel (zoomed.axes.y.hi - zoomed.axes.y.lo, (base.axes.y.hi - base.axes.y.lo) / 2, 1e-9);
  cx = (base.axes.x.lo + base.axes.x.hi) / 2;
  cy = (base.axes.y.lo + base.axes.y.hi) / 2;
  lloyd_assert_cmpfloat_rel ((zoomed.axes.x.lo + zoomed.axes.x.hi) / 2, cx, 1e-9);

  /* A pan moves data by that many pixels: right 40, up 30. */
  lloyd_scatter_layout_to_pixel (&base, cx, cy, &px, &py);
  lloyd_scatter_layout_to_pixel (&panned, cx, cy, &qx, &qy);
  g_assert_cmpfloat_with_epsilon (qx - px, 40, 0.5);
  g_assert_cmpfloat_with_epsilon (qy - py, -30, 0.5);

  /* Drawing a zoomed view works and keeps markers inside the frame clip. */
  lloyd_scatter_plot_render (&plot, &c.scope, &zoom);
  canvas_save (&c, "scatter-zoom");
  lloyd_scatter_layout_clear (&base);
  lloyd_scatter_layout_clear (&zoomed);
  lloyd_scatter_layout_clear (&panned);
  canvas_clear (&c);
  iris_clear (&iris);
}

static void
test_scatter_density (void)
{
  gsize n = 60000;
  g_autofree double *xy = g_new (double, 2 * n);
  g_autofree guint32 *labels = g_new (guint32, n);
  g_autofree guint8 *flagged = g_new0 (guint8, n);
  double centroids[4] = { -5, 0, 5, 0 };
  LloydScatterPlot plot = { 0 };
  LloydScatterLayout layout;
  Canvas c;
  double px, py, rgb0[3], rgb1[3];
  GRand *rand = g_rand_new_with_seed (7);

  /* Two blobs: cluster 0 left, cluster 1 right. */
  for (gsize i = 0; i < n; i++)
    {
      labels[i] = i % 2;
      xy[2 * i] = (labels[i] ? 5 : -5) + g_rand_double_range (rand, -1, 1);
      xy[2 * i + 1] = g_rand_double_range (rand, -1, 1);
    }
  g_rand_free (rand);
  flagged[0] = 1;
  xy[0] = -5, xy[1] = 4; /* one far, flagged point */
  plot.n = n;
  plot.xy = xy;
  plot.labels = labels;
  plot.flagged = flagged;
  plot.k = 2;
  plot.centroids = centroids;

  /* Above the default threshold: density; below it (raised threshold): points. */
  g_assert_true (lloyd_scatter_plot_uses_density (&plot));
  plot.density_threshold = n;
  g_assert_false (lloyd_scatter_plot_uses_density (&plot));
  plot.density_threshold = n - 1;
  g_assert_true (lloyd_scatter_plot_uses_density (&plot));
  plot.density_threshold = 0;

  canvas_init (&c, 1000, 600, 1);
  lloyd_scatter_plot_render (&plot, &c.scope, NULL);
  canvas_save (&c, "scatter-density");
  lloyd_scatter_plot_layout (&plot, &c.scope, NULL, &layout);
  g_assert_true (layout.density);
  g_assert_nonnull (strstr (layout.note, "binned"));
  /* Inside each blob the pixels take that cluster's colour (blended by
   * opacity over the frame): nearer to it than to the other cluster's. */
  lloyd_palette_color (0, rgb0);
  lloyd_palette_color (1, rgb1);
  {
    guint right = 0, total = 0;

    /* Samples over each blob, away from the centroid marker; a bin may be
     * empty (a white speck), so most, not all, must match. */
    for (double u = -0.8; u <= 0.81; u += 0.2)
      for (double v = -0.8; v <= 0.81; v += 0.2)
        {
          if (fabs (u) < 0.3 && fabs (v) < 0.3)
            continue;
          lloyd_scatter_layout_to_pixel (&layout, 5 + u, v, &px, &py);
          right += color_distance (&c, px, py, rgb1) < MIN (110, color_distance (&c, px, py, rgb0));
          lloyd_scatter_layout_to_pixel (&layout, -5 + u, v, &px, &py);
          right += color_distance (&c, px, py, rgb0) < MIN (110, color_distance (&c, px, py, rgb1));
          total += 2;
        }
    g_assert_cmpuint (right, >=, total * 9 / 10);
  }
  /* Empty space between the blobs (off the grid lines) shows the frame, not points. */
  lloyd_scatter_layout_to_pixel (&layout, 1.3, 2.2, &px, &py);
  {
    int p[4];

    pixel_at (&c, px, py, p);
    g_assert_cmpint (p[0], >, 240);
    g_assert_cmpint (p[1], >, 240);
    g_assert_cmpint (p[2], >, 240);
  }
  /* The flagged point keeps an exact ring: dark pixels on its circle. */
  lloyd_scatter_layout_to_pixel (&layout, -5, 4, &px, &py);
  {
    int p[4], darkest = 255;

    for (double a = 0; a < 2 * G_PI; a += 0.2)
      {
        double r = LLOYD_FLAG_SIZE;

        pixel_at (&c, px + r * cos (a), py + r * sin (a), p);
        darkest = MIN (darkest, p[0]);
      }
    g_assert_cmpint (darkest, <, 90);
  }
  lloyd_scatter_layout_clear (&layout);
  canvas_clear (&c);
}

static void
test_scatter_voronoi (void)
{
  double xy[8] = { 0, 0, 1, 0, 9, 10, 10, 10 };
  guint32 labels[4] = { 0, 0, 1, 1 };
  double centroids[4] = { 0.5, 0, 9.5, 10 };
  LloydScatterPlot plot = { 0 };
  LloydScatterLayout layout;
  Canvas c;
  double px, py, rgb0[3], rgb1[3];
  int p0[4], p1[4];

  plot.n = 4;
  plot.xy = xy;
  plot.labels = labels;
  plot.k = 2;
  plot.centroids = centroids;
  plot.voronoi = TRUE;
  plot.assignment_lines = TRUE;
  canvas_init (&c, 600, 600, 1);
  lloyd_scatter_plot_render (&plot, &c.scope, NULL);
  canvas_save (&c, "scatter-voronoi");
  lloyd_scatter_plot_layout (&plot, &c.scope, NULL, &layout);
  /* Each side of the bisector is tinted towards its centroid's colour. */
  lloyd_palette_color (0, rgb0);
  lloyd_palette_color (1, rgb1);
  lloyd_scatter_layout_to_pixel (&layout, 0, 9, &px, &py);
  pixel_at (&c, px, py, p0);
  lloyd_scatter_layout_to_pixel (&layout, 10, 1, &px, &py);
  pixel_at (&c, px, py, p1);
  /* Region of centroid 0 (blue 0072B2) is bluer than red; region 1 (orange E69F00) redder than blue. */
  g_assert_cmpint (p0[2] - p0[0], >, 0);
  g_assert_cmpint (p1[0] - p1[2], >, 0);
  lloyd_scatter_layout_clear (&layout);
  canvas_clear (&c);
}

static void
test_scatter_many_points (void)
{
  gsize n = LLOYD_SCATTER_VECTOR_POINTS_MAX + 1000;
  g_autofree double *xy = g_new (double, 2 * n);
  g_autofree guint32 *labels = g_new (guint32, n);
  double centroids[4] = { -5, 3, 5, -3 };
  LloydScatterPlot plot = { 0 };
  LloydScatterLayout layout;
  Canvas c;
  double px, py, rgb[3];

  /* Two tight groups: the composited discs pile up to the cluster's own colour. */
  for (gsize i = 0; i < n; i++)
    {
      labels[i] = i % 2;
      xy[2 * i] = labels[i] ? 5 : -5;
      xy[2 * i + 1] = (i % 7) * 1e-3;
    }
  plot.n = n;
  plot.xy = xy;
  plot.labels = labels;
  plot.k = 2;
  plot.centroids = centroids;
  for (double scale = 1; scale <= 2; scale++)
    {
      canvas_init (&c, 600, 400, scale);
      lloyd_scatter_plot_render (&plot, &c.scope, NULL);
      canvas_save (&c, "scatter-many");
      lloyd_scatter_plot_layout (&plot, &c.scope, NULL, &layout);
      g_assert_false (layout.density);
      for (guint k = 0; k < 2; k++)
        {
          lloyd_scatter_layout_to_pixel (&layout, k ? 5 : -5, 0.003, &px, &py);
          lloyd_palette_color (k, rgb);
          g_assert_true (pixel_is (&c, px, py, rgb, 6));
        }
      /* Away from both groups: nothing drawn. */
      lloyd_scatter_layout_to_pixel (&layout, 0.7, 1.3, &px, &py);
      g_assert_false (pixel_is (&c, px, py, rgb, 60));
      lloyd_scatter_layout_clear (&layout);
      canvas_clear (&c);
    }
}

static void
test_scatter_degenerate (void)
{
  double one[2] = { 3, 3 }, nan_xy[4] = { NAN, 1, 2, INFINITY };
  guint32 labels[2] = { 0, 0 };
  LloydScatterPlot plot = { 0 };
  LloydScatterLayout layout;
  Canvas c;

  canvas_init (&c, 400, 300, 1);
  /* No points at all. */
  lloyd_scatter_plot_render (&plot, &c.scope, NULL);
  /* One point: a real axis around it. */
  plot.n = 1;
  plot.xy = one;
  lloyd_scatter_plot_render (&plot, &c.scope, NULL);
  lloyd_scatter_plot_layout (&plot, &c.scope, NULL, &layout);
  g_assert_cmpfloat (layout.axes.x.lo, <, 3);
  g_assert_cmpfloat (layout.axes.x.hi, >, 3);
  lloyd_scatter_layout_clear (&layout);
  /* Non-finite coordinates are skipped, never drawn or ranged. */
  plot.n = 2;
  plot.xy = nan_xy;
  plot.labels = labels;
  plot.k = 1;
  lloyd_scatter_plot_render (&plot, &c.scope, NULL);
  lloyd_scatter_plot_layout (&plot, &c.scope, NULL, &layout);
  g_assert_true (isfinite (layout.axes.x.lo) && isfinite (layout.axes.y.hi));
  lloyd_scatter_layout_clear (&layout);
  /* A tiny canvas does not break the layout. */
  c.scope.width = 20;
  c.scope.height = 20;
  lloyd_scatter_plot_render (&plot, &c.scope, NULL);
  canvas_clear (&c);
}

static void
test_histogram_threshold (void)
{
  gsize n = 1000;
  g_autofree double *values = g_new (double, n);
  double threshold = 7.5;
  LloydHistogramPlot plot = { 0 };
  LloydHistogramLayout layout;
  const LloydPlotTheme *theme = lloyd_plot_theme_light ();
  Canvas c;
  double x, found = -1;
  gsize flagged = 0;

  for (gsize i = 0; i < n; i++)
    {
      values[i] = 10.0 * i / n;
      flagged += values[i] > threshold;
    }
  plot.n = n;
  plot.values = values;
  plot.n_bins = 20;
  plot.n_thresholds = 1;
  plot.thresholds = &threshold;
  canvas_init (&c, 800, 500, 1);
  lloyd_histogram_plot_render (&plot, &c.scope);
  canvas_save (&c, "histogram");
  lloyd_histogram_plot_layout (&plot, &c.scope, &layout);
  g_assert_cmpuint (layout.flagged, ==, flagged);
  g_assert_cmpuint (layout.n_bins, ==, 20);
  for (guint b = 0; b < 20; b++)
    g_assert_cmpuint (layout.counts[b], ==, 50);

  /* Scan a row just under the frame's top for the accent-coloured line. */
  x = lloyd_axes_x (&layout.axes, threshold);
  for (double sx = layout.axes.frame.x + 1; sx < layout.axes.frame.x + layout.axes.frame.width - 1; sx += 1)
    if (pixel_is (&c, sx, layout.axes.frame.y + layout.axes.frame.height * 0.6, theme->accent, 30))
      {
        found = sx;
        break;
      }
  g_assert_cmpfloat (found, >=, 0);
  g_assert_cmpfloat (fabs (found - x), <=, 1.5);
  /* Bars past the threshold are accent-coloured, bars before it are not. */
  g_assert_true (pixel_is (&c, lloyd_axes_x (&layout.axes, 9.2), layout.axes.frame.y + layout.axes.frame.height - 3,
                           theme->accent, 30));
  g_assert_false (pixel_is (&c, lloyd_axes_x (&layout.axes, 3.2), layout.axes.frame.y + layout.axes.frame.height - 3,
                            theme->accent, 30));
  lloyd_histogram_layout_clear (&layout);

  /* Log counts and no values at all. */
  plot.log_counts = TRUE;
  lloyd_histogram_plot_render (&plot, &c.scope);
  plot.n = 0;
  lloyd_histogram_plot_render (&plot, &c.scope);
  canvas_clear (&c);
}

static void
assert_order (const LloydBarsLayout *layout,
              const guint           *expected,
              guint                  n)
{
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (layout->order[i], ==, expected[i]);
}

static void
test_bars_order (void)
{
  double values[5] = { 1, 5, 3, NAN, 5 };
  const char *names[5] = { "one", "five", "three", "nan", "five again, a long feature name" };
  guint groups[5] = { 0, 1, 0, 1, 2 };
  const char *group_names[3] = { "odd", "five", "last" };
  LloydBarsPlot plot = { 0 };
  LloydBarsLayout layout;
  Canvas c;
  double rgb[3], lengths[4];

  plot.n = 5;
  plot.values = values;
  plot.names = names;
  canvas_init (&c, 700, 400, 1);
  lloyd_bars_plot_render (&plot, &c.scope);
  canvas_save (&c, "bars");
  lloyd_bars_plot_layout (&plot, &c.scope, &layout);
  /* Largest first, ties by index, NaN last. */
  g_assert_cmpuint (layout.n_bars, ==, 5);
  assert_order (&layout, (const guint[]) { 1, 4, 2, 0, 3 }, 5);

  /* On the pixels: each row's bar is no longer than the one above. */
  lloyd_palette_color (0, rgb);
  for (guint b = 0; b < 4; b++)
    {
      double y = layout.axes.frame.y + (b + 0.5) * layout.row_height, x = layout.axes.frame.x + 1;

      while (x < layout.axes.frame.x + layout.axes.frame.width && pixel_is (&c, x, y - 3, rgb, 20))
        x++;
      lengths[b] = x - layout.axes.frame.x;
      if (b > 0)
        g_assert_cmpfloat (lengths[b], <=, lengths[b - 1] + 0.5);
    }
  g_assert_cmpfloat (lengths[0], >, lengths[2] + 20);
  g_assert_cmpfloat (fabs (lengths[2] / lengths[0] - 3.0 / 5), <, 0.03);
  lloyd_bars_layout_clear (&layout);

  /* Grouped: sums per group, sorted. */
  plot.groups = groups;
  plot.n_groups = 3;
  plot.group_names = group_names;
  plot.grouped = TRUE;
  lloyd_bars_plot_render (&plot, &c.scope);
  lloyd_bars_plot_layout (&plot, &c.scope, &layout);
  g_assert_cmpuint (layout.n_items, ==, 3);
  g_assert_cmpfloat (layout.item_values[0], ==, 4);
  g_assert_cmpfloat (layout.item_values[1], ==, 5);
  assert_order (&layout, (const guint[]) { 1, 2, 0 }, 3);
  lloyd_bars_layout_clear (&layout);

  /* Log scale and too many bars for the height: cut with a note, no overlap. */
  {
    g_autofree double *many = g_new (double, 300);

    for (guint i = 0; i < 300; i++)
      many[i] = pow (10, i % 7) + i;
    memset (&plot, 0, sizeof plot);
    plot.n = 300;
    plot.values = many;
    plot.log_scale = TRUE;
    lloyd_bars_plot_render (&plot, &c.scope);
    canvas_save (&c, "bars-log");
    lloyd_bars_plot_layout (&plot, &c.scope, &layout);
    g_assert_cmpuint (layout.n_bars, <, 300);
    /* On a log axis the shortest drawn bar still has a length. */
    g_assert_true (pixel_is (&c, layout.axes.frame.x + 10,
                             layout.axes.frame.y + (layout.n_bars - 0.5) * layout.row_height, rgb, 20));
    g_assert_cmpfloat (layout.row_height, >=, lloyd_plot_theme_light ()->font_size);
    lloyd_bars_layout_clear (&layout);
  }
  canvas_clear (&c);
}

static void
test_convergence (void)
{
  double inertia[6] = { 100, 60, 50, 48, 47.5, 47.5 };
  double moved[6] = { 150, 20, 5, 2, 1, 0 };
  double shift[6] = { 3, 0.5, 0.1, 0.01, 0.001, 0 };
  LloydConvergencePlot plot = { 6, inertia, moved, shift, 3, TRUE, NULL };
  LloydConvergenceLayout layout;
  const LloydPlotTheme *theme = lloyd_plot_theme_light ();
  Canvas c;

  canvas_init (&c, 800, 700, 1);
  lloyd_convergence_plot_render (&plot, &c.scope);
  canvas_save (&c, "convergence");
  lloyd_convergence_plot_layout (&plot, &c.scope, &layout);
  g_assert_cmpuint (layout.n_panels, ==, 3);
  g_assert_true (layout.panels[2].y.log);
  /* The current iteration's line, in every panel, at its x. */
  for (guint p = 0; p < 3; p++)
    {
      const LloydAxes *ax = &layout.panels[p];
      double x = lloyd_axes_x (ax, 3);

      g_assert_cmpfloat (ax->frame.x, ==, layout.panels[0].frame.x);
      g_assert_true (pixel_is (&c, x, ax->frame.y + ax->frame.height * 0.97, theme->accent, 40) ||
                     pixel_is (&c, x - 0.5, ax->frame.y + ax->frame.height * 0.97, theme->accent, 40) ||
                     pixel_is (&c, x + 0.5, ax->frame.y + ax->frame.height * 0.97, theme->accent, 40));
    }
  /* No iterations: a message, no crash. */
  plot.n = 0;
  lloyd_convergence_plot_render (&plot, &c.scope);
  canvas_clear (&c);
}

static void
test_elbow (void)
{
  g_autoptr (JsonNode) ref = lloyd_test_load_reference ("iris_elbow.json");
  g_autoptr (GArray) k = NULL, inertia = NULL;
  double elbow, silhouette[10];
  LloydElbowPlot plot = { 0 };
  LloydAxesSpec spec;
  LloydAxes ax;
  const LloydPlotTheme *theme = lloyd_plot_theme_light ();
  Canvas c;
  gboolean ring = FALSE;

  if (ref == NULL)
    return;
  k = lloyd_test_json_doubles (json_node_get_object (ref), "k");
  inertia = lloyd_test_json_doubles (json_node_get_object (ref), "inertia");
  elbow = json_object_get_int_member (json_node_get_object (ref), "elbow_second_difference");
  for (guint i = 0; i < 10; i++)
    silhouette[i] = i == 0 ? NAN : 0.7 - 0.05 * i;
  plot.n = k->len;
  plot.k = (double *) k->data;
  plot.inertia = (double *) inertia->data;
  plot.silhouette = silhouette;
  plot.n_elbows = 1;
  plot.elbows = &elbow;
  canvas_init (&c, 900, 600, 1);
  lloyd_elbow_plot_render (&plot, &c.scope);
  canvas_save (&c, "elbow");
  lloyd_elbow_plot_layout (&plot, &c.scope, &spec, &ax);
  g_assert_true (ax.has_y2);
  /* The elbow's ring (accent) around its inertia point. */
  for (double a = 0; a < 2 * G_PI; a += 0.1)
    ring |= pixel_is (&c, lloyd_axes_x (&ax, elbow) + 9 * cos (a), lloyd_axes_y (&ax, g_array_index (inertia, double, (guint) elbow - 1)) + 9 * sin (a),
                      theme->accent, 40);
  g_assert_true (ring);
  /* No elbow: still drawn (with its statement). */
  plot.n_elbows = 0;
  plot.silhouette = NULL;
  lloyd_elbow_plot_render (&plot, &c.scope);
  canvas_clear (&c);
}

static void
test_heatmap (void)
{
  double counts[6] = { 50, 0, 0, 0, 48, 14 };
  const char *rows[2] = { "cluster 0", "cluster 1" };
  const char *cols[3] = { "setosa", "versicolor", "virginica" };
  LloydHeatmapPlot plot = { 2, 3, counts, rows, cols, "Cluster", "Species", "Contingency", FALSE, FALSE };
  LloydHeatmapLayout layout;
  Canvas c;
  int hi[4], lo[4], mid[4];

  canvas_init (&c, 700, 400, 1);
  lloyd_heatmap_plot_render (&plot, &c.scope);
  canvas_save (&c, "heatmap");
  lloyd_heatmap_plot_layout (&plot, &c.scope, &layout);
  g_assert_false (layout.log_color);
  g_assert_cmpfloat (layout.text_size, >, 0);
  /* Darker for more: cell (0,0) = 50 darker than (1,2) = 14, darker than (0,1) = 0. Sample cell corners (not the digits). */
  pixel_at (&c, layout.grid.x + 3, layout.grid.y + 3, hi);
  pixel_at (&c, layout.grid.x + 2 * layout.cell_w + 3, layout.grid.y + layout.cell_h + 3, mid);
  pixel_at (&c, layout.grid.x + layout.cell_w + 3, layout.grid.y + 3, lo);
  g_assert_cmpint (hi[0] + hi[1] + hi[2], <, mid[0] + mid[1] + mid[2]);
  g_assert_cmpint (mid[0] + mid[1] + mid[2], <, lo[0] + lo[1] + lo[2]);
  /* Counts spanning decades switch to a log colour scale. */
  counts[1] = 1;
  counts[0] = 280790;
  lloyd_heatmap_plot_layout (&plot, &c.scope, &layout);
  g_assert_true (layout.log_color);
  /* Confusion and row fractions draw too. */
  plot.confusion = TRUE;
  plot.row_fraction = TRUE;
  lloyd_heatmap_plot_render (&plot, &c.scope);
  canvas_clear (&c);
}

static void
test_curves (void)
{
  double fpr[3] = { 0, 0.1, 1 }, tpr[3] = { 0, 0.8, 1 };
  LloydCurve roc = { 3, fpr, tpr, "distance", 0.85 };
  LloydCurvePlot plot = { LLOYD_CURVE_ROC, 1, &roc, NAN, NULL };
  LloydAxesSpec spec;
  LloydAxes ax;
  Canvas c;
  double rgb[3];

  canvas_init (&c, 900, 600, 1);
  lloyd_curve_plot_render (&plot, &c.scope);
  canvas_save (&c, "roc");
  lloyd_curve_plot_layout (&plot, &c.scope, &spec, &ax);
  /* A square frame on [0, 1]². */
  g_assert_cmpfloat (fabs (ax.frame.width - ax.frame.height), <, 2);
  g_assert_cmpfloat (ax.x.lo, ==, 0);
  g_assert_cmpfloat (ax.y.hi, ==, 1);
  /* The curve passes through (0.1, 0.8). */
  lloyd_palette_color (0, rgb);
  g_assert_true (pixel_is (&c, lloyd_axes_x (&ax, 0.1), lloyd_axes_y (&ax, 0.8), rgb, 40));
  plot.kind = LLOYD_CURVE_PR;
  plot.baseline = 0.2;
  lloyd_curve_plot_render (&plot, &c.scope);
  canvas_clear (&c);
}

static void
test_centroid_images (void)
{
  double centroids[2 * 64];
  gsize counts[2] = { 10, 20 };
  LloydCentroidImages plot = { 0 };
  LloydCentroidImagesLayout layout;
  Canvas c;
  int p[4];
  guint side;

  g_assert_true (lloyd_centroid_images_is_square (64, &side));
  g_assert_cmpuint (side, ==, 8);
  g_assert_true (lloyd_centroid_images_is_square (784, &side));
  g_assert_cmpuint (side, ==, 28);
  g_assert_false (lloyd_centroid_images_is_square (65, NULL));
  g_assert_false (lloyd_centroid_images_is_square (1, NULL));

  for (guint i = 0; i < 128; i++)
    centroids[i] = (i % 64) == 0 ? 16 : 0;
  plot.k = 2;
  plot.d = 64;
  plot.centroids = centroids;
  plot.counts = counts;
  plot.ink_dark = TRUE;
  plot.title = "Centroids";
  canvas_init (&c, 600, 400, 1);
  lloyd_centroid_images_render (&plot, &c.scope);
  canvas_save (&c, "centroid-images");
  g_assert_true (lloyd_centroid_images_layout (&plot, &c.scope, &layout));
  g_assert_cmpuint (layout.image_width, ==, 8);
  /* Pixel 0 (value 16) is black ink, pixel 1 (value 0) white paper. */
  pixel_at (&c, layout.x0 + layout.tile / 16, layout.y0 + layout.tile / 16, p);
  g_assert_cmpint (p[0], <, 10);
  pixel_at (&c, layout.x0 + 3 * layout.tile / 16, layout.y0 + layout.tile / 16, p);
  g_assert_cmpint (p[0], >, 245);
  /* Not an image: a message, FALSE from the layout. */
  plot.d = 63;
  g_assert_false (lloyd_centroid_images_layout (&plot, &c.scope, &layout));
  lloyd_centroid_images_render (&plot, &c.scope);
  canvas_clear (&c);
}

static void
test_palette (void)
{
  /* The safe colours and the generated ones are pairwise distinct. */
  for (guint i = 0; i < 40; i++)
    for (guint j = 0; j < i; j++)
      {
        double a[3], b[3], d2 = 0;

        lloyd_palette_color (i, a);
        lloyd_palette_color (j, b);
        for (int c = 0; c < 3; c++)
          d2 += (a[c] - b[c]) * (a[c] - b[c]);
        g_assert_cmpfloat (d2, >, 0.002);
      }
  /* Deterministic, in range. */
  for (guint i = 0; i < 500; i += 7)
    {
      double a[3], b[3];

      lloyd_palette_color (i, a);
      lloyd_palette_color (i, b);
      for (int c = 0; c < 3; c++)
        {
          g_assert_cmpfloat (a[c], ==, b[c]);
          g_assert_cmpfloat (a[c], >=, 0);
          g_assert_cmpfloat (a[c], <=, 1);
        }
    }
}

static void
test_scatter_trails (void)
{
  double xy[8] = { 0, 0, 1, 0, 9, 10, 10, 10 };
  guint32 labels[4] = { 0, 0, 1, 1 };
  double centroids[4] = { 0.5, 0, 9.5, 10 };
  /* Two earlier positions per centroid, oldest first. */
  double trails[8] = { 5, 5, 5, 6, 2, 2, 8, 8 };
  double radii[2] = { 2, 0 };
  LloydScatterPlot plot = { 0 };
  LloydScatterLayout layout;
  Canvas c;
  double ax, ay, bx, by, rgb[3];
  int darkest = 255;

  plot.n = 4;
  plot.xy = xy;
  plot.labels = labels;
  plot.k = 2;
  plot.centroids = centroids;
  plot.n_trail = 2;
  plot.trails = trails;
  plot.radii = radii;
  plot.radii_approximate = TRUE;
  plot.source_dimensions = 4;
  plot.assignment_lines = TRUE;
  canvas_init (&c, 600, 600, 1);
  lloyd_scatter_plot_render (&plot, &c.scope, NULL);
  canvas_save (&c, "scatter-trails");
  lloyd_scatter_plot_layout (&plot, &c.scope, NULL, &layout);
  /* The note says the circles are an approximation, naming the dimension. */
  g_assert_nonnull (layout.note);
  g_assert_nonnull (strstr (layout.note, "4 dimensions"));
  /* Midway along centroid 0's last trail segment, (2, 2) → (0.5, 0): its colour, darkened. */
  lloyd_scatter_layout_to_pixel (&layout, 2, 2, &ax, &ay);
  lloyd_scatter_layout_to_pixel (&layout, 0.5, 0, &bx, &by);
  lloyd_palette_color (0, rgb);
  for (int i = 0; i < 3; i++)
    rgb[i] *= 0.75;
  g_assert_true (pixel_is (&c, (ax + bx) / 2, (ay + by) / 2, rgb, 30));
  /* The circle of radius 2 around centroid 0 passes through (0.5, 2): a dark dashed ring. */
  lloyd_scatter_layout_to_pixel (&layout, 0.5, 2, &ax, &ay);
  for (double dx = -6; dx <= 6; dx += 1)
    {
      int p[4];

      pixel_at (&c, ax + dx, ay, p);
      darkest = MIN (darkest, p[0] + p[1] + p[2]);
    }
  g_assert_cmpint (darkest, <, 3 * 200);
  lloyd_scatter_layout_clear (&layout);
  canvas_clear (&c);
}

static void
test_theme_dark (void)
{
  double values[3] = { 1, 2, 3 };
  LloydBarsPlot plot = { 0 };
  Canvas c;
  int p[4];

  plot.n = 3;
  plot.values = values;
  canvas_init (&c, 300, 200, 1);
  c.scope.theme = lloyd_plot_theme_dark ();
  lloyd_bars_plot_render (&plot, &c.scope);
  pixel_at (&c, 1, 1, p);
  g_assert_cmpint (p[0] + p[1] + p[2], <, 3 * 60);
  c.scope.theme = NULL;
  lloyd_bars_plot_render (&plot, &c.scope);
  pixel_at (&c, 1, 1, p);
  g_assert_cmpint (p[0] + p[1] + p[2], ==, 3 * 255);
  canvas_clear (&c);
}

/* More flags than the vector limit are stamped from one pre-rendered ring: each
 * flagged point still gets a dark ring at the marker's radius and stays open in
 * the middle, at 1× and 2×. */
static void
test_scatter_many_flags (void)
{
  const guint cols = 40, rows = 30;
  gsize n = (gsize) cols * rows;
  g_autofree double *xy = g_new (double, 2 * n);
  g_autofree guint8 *flagged = g_new (guint8, n);
  LloydScatterPlot plot = { 0 };
  LloydScatterLayout layout;
  Canvas c;

  g_assert_cmpuint (n, >, LLOYD_SCATTER_VECTOR_FLAGS_MAX);
  g_assert_cmpuint (n, <=, 2000);
  for (gsize i = 0; i < n; i++)
    {
      xy[2 * i] = (double) (i % cols);
      xy[2 * i + 1] = (double) (i / cols);
      flagged[i] = 1;
    }
  plot.n = n;
  plot.xy = xy;
  plot.flagged = flagged;
  plot.hide_legend = TRUE;
  for (double scale = 1; scale <= 2; scale++)
    {
      canvas_init (&c, 1000, 800, scale);
      lloyd_scatter_plot_render_layout (&plot, &c.scope, NULL, &layout);
      canvas_save (&c, "scatter-many-flags");
      for (gsize i = 0; i < n; i += 97)
        {
          double px, py;
          int ring[4], centre[4];

          lloyd_scatter_layout_to_pixel (&layout, xy[2 * i], xy[2 * i + 1], &px, &py);
          /* 1,001–2,000 flags: rings of 0.7 × LLOYD_FLAG_SIZE. */
          pixel_at (&c, px + LLOYD_FLAG_SIZE * 0.7, py, ring);
          pixel_at (&c, px, py, centre);
          g_assert_cmpint (ring[3], >, 200);
          g_assert_cmpint (ring[0] + ring[1] + ring[2], <, 3 * 110);
          g_assert_cmpint (centre[0] + centre[1] + centre[2], >, 3 * 110);
        }
      lloyd_scatter_layout_clear (&layout);
      canvas_clear (&c);
    }
}

/* The palette preference switches the first ten colours; names parse. */
static void
test_palette_schemes (void)
{
  LloydPaletteScheme scheme;
  double rgb[3], okabe[3];

  lloyd_palette_color (0, okabe);
  g_assert_true (lloyd_palette_scheme_from_string ("tol-bright", &scheme));
  g_assert_cmpint (scheme, ==, LLOYD_PALETTE_TOL_BRIGHT);
  lloyd_palette_set_scheme (scheme);
  lloyd_palette_color (0, rgb);
  g_assert_cmpfloat_with_epsilon (rgb[0], 0x44 / 255.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (rgb[1], 0x77 / 255.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (rgb[2], 0xAA / 255.0, 1e-12);
  for (guint i = 0; i < LLOYD_PALETTE_SAFE_SIZE; i++)
    for (guint j = 0; j < i; j++)
      {
        double a[3], b[3], d2 = 0;

        lloyd_palette_color (i, a);
        lloyd_palette_color (j, b);
        for (int k = 0; k < 3; k++)
          d2 += (a[k] - b[k]) * (a[k] - b[k]);
        g_assert_cmpfloat (d2, >, 0.01);
      }
  g_assert_true (lloyd_palette_scheme_from_string ("default", &scheme));
  g_assert_cmpint (scheme, ==, LLOYD_PALETTE_OKABE_ITO);
  g_assert_false (lloyd_palette_scheme_from_string ("viridis", &scheme));
  lloyd_palette_set_scheme (LLOYD_PALETTE_OKABE_ITO);
  lloyd_palette_color (0, rgb);
  g_assert_cmpmem (rgb, sizeof rgb, okabe, sizeof okabe);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot/palette/distinct", test_palette);
  g_test_add_func ("/plot/scatter/centroids", test_scatter_centroids);
  g_test_add_func ("/plot/scatter/transform", test_scatter_transform);
  g_test_add_func ("/plot/scatter/density", test_scatter_density);
  g_test_add_func ("/plot/scatter/voronoi", test_scatter_voronoi);
  g_test_add_func ("/plot/scatter/many-points", test_scatter_many_points);
  g_test_add_func ("/plot/scatter/many-flags", test_scatter_many_flags);
  g_test_add_func ("/plot/palette/schemes", test_palette_schemes);
  g_test_add_func ("/plot/scatter/degenerate", test_scatter_degenerate);
  g_test_add_func ("/plot/scatter/trails", test_scatter_trails);
  g_test_add_func ("/plot/theme/dark", test_theme_dark);
  g_test_add_func ("/plot/histogram/threshold", test_histogram_threshold);
  g_test_add_func ("/plot/bars/order", test_bars_order);
  g_test_add_func ("/plot/convergence/current", test_convergence);
  g_test_add_func ("/plot/elbow/marked", test_elbow);
  g_test_add_func ("/plot/heatmap/colours", test_heatmap);
  g_test_add_func ("/plot/curves/roc", test_curves);
  g_test_add_func ("/plot/centroid-images/tiles", test_centroid_images);
  status = g_test_run ();
  lloyd_plot_shutdown ();
  return status;
}
