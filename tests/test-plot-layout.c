/* test-plot-layout.c — figures laid out at the sizes the app and the exports
 * use, down to small ones: names and legends stay inside the figure and never
 * run into each other. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "curve-plot.h"
#include "elbow-plot.h"
#include "heatmap-plot.h"
#include "histogram-plot.h"
#include "legend.h"
#include "text.h"
#include "test-util.h"

/* A figure of @width × @height at 1×, drawn into an image surface; free with
 * scope_free (). */
static LloydPlotScope *
scope_new (int width,
           int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  LloydPlotScope *scope = g_new0 (LloydPlotScope, 1);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  scope->cr = cairo_create (surface);
  cairo_surface_destroy (surface); /* the context keeps it */
  scope->width = width;
  scope->height = height;
  scope->scale = 1;
  return scope;
}

static void
scope_free (LloydPlotScope *scope)
{
  cairo_destroy (scope->cr);
  g_free (scope);
}

/* The 23 labels of KDD Cup 99 (10 %), in the order the CLI meets them. */
static const char *const kdd_labels[] = {
  "normal.", "buffer_overflow.", "loadmodule.", "perl.", "neptune.", "smurf.", "guess_passwd.",
  "pod.", "teardrop.", "portsweep.", "ipsweep.", "land.", "ftp_write.", "back.", "imap.",
  "satan.", "phf.", "nmap.", "multihop.", "warezmaster.", "warezclient.", "spy.", "rootkit.",
};

static const int sizes[][2] = { { 1600, 1000 }, { 1200, 800 }, { 800, 460 }, { 600, 400 }, { 400, 300 }, { 300, 200 } };

static void
test_heatmap_column_names (void)
{
  enum { ROWS = 23, COLS = G_N_ELEMENTS (kdd_labels) };
  g_autofree double *values = g_new0 (double, ROWS * COLS);
  g_auto (GStrv) rows = g_new0 (char *, ROWS + 1);
  LloydHeatmapPlot plot = { 0 };

  for (guint r = 0; r < ROWS; r++)
    {
      rows[r] = g_strdup_printf ("cluster %u", r);
      for (guint c = 0; c < COLS; c++)
        values[r * COLS + c] = (r * 7 + c * 13) % 50;
    }
  plot.n_rows = ROWS;
  plot.n_cols = COLS;
  plot.values = values;
  plot.row_names = (const char *const *) rows;
  plot.col_names = kdd_labels;
  plot.title = "Clusters against labels";
  plot.row_title = "Cluster";
  plot.col_title = "label";

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      LloydPlotScope *scope = scope_new (sizes[s][0], sizes[s][1]);
      LloydHeatmapLayout layout;
      double line_h, pitch, widest = 0, depth;

      lloyd_heatmap_plot_layout (&plot, scope, &layout);
      lloyd_text_measure (scope, "Ag", lloyd_plot_scope_theme (scope)->font_size, LLOYD_TEXT_NORMAL, NULL,
                          &line_h);
      for (guint i = 0; i < COLS; i++)
        {
          double w;

          lloyd_text_measure (scope, kdd_labels[i], lloyd_plot_scope_theme (scope)->font_size,
                              LLOYD_TEXT_NORMAL, &w, NULL);
          widest = MAX (widest, w);
        }
      g_test_message ("%d×%d: names at %u°, every %u column(s), every %u row(s)", sizes[s][0], sizes[s][1],
                      layout.col_angle, layout.col_stride, layout.row_stride);
      g_assert_cmpuint (layout.col_stride, >=, 1);
      g_assert_cmpuint (layout.row_stride, >=, 1);

      /* Neighbouring names (parallel strips, one text line thick) keep apart:
       * side by side when flat, across the strips when turned. */
      pitch = layout.cell_w * layout.col_stride;
      switch (layout.col_angle)
        {
        case 0:
          g_assert_cmpfloat (pitch, >=, MIN (widest, layout.col_names_width) + 6 - 1e-9);
          depth = line_h + 6;
          break;
        case 45:
          g_assert_cmpfloat (pitch / G_SQRT2, >=, line_h * 1.2);
          depth = (layout.col_names_width + line_h) * G_SQRT2 / 2 + 6;
          break;
        case 90:
          g_assert_cmpfloat (pitch, >=, line_h);
          depth = layout.col_names_width + 6;
          break;
        default:
          g_assert_not_reached ();
        }
      g_assert_cmpfloat (layout.cell_h * layout.row_stride, >=, line_h * 0.85 - 1e-9);

      /* The grid, the names under it and the axis title fit the figure. */
      g_assert_cmpfloat (layout.grid.x, >=, 0);
      g_assert_cmpfloat (layout.grid.y + layout.grid.height + 4 + depth + line_h * 1.1, <=, sizes[s][1] + 1e-9);

      /* Large figures name every column and row in full. */
      if (sizes[s][0] >= 1200)
        {
          g_assert_cmpuint (layout.col_stride, ==, 1);
          g_assert_cmpuint (layout.row_stride, ==, 1);
          g_assert_cmpfloat (layout.col_names_width, >=, widest - 1e-9);
        }

      /* And it draws without complaint at every size. */
      lloyd_heatmap_plot_render (&plot, scope);
      g_assert_cmpint (cairo_status (scope->cr), ==, CAIRO_STATUS_SUCCESS);
      scope_free (scope);
    }
}

/* Counts pixels close to @rgb (0..1) in a rectangle of the canvas. */
static guint
count_near (LloydPlotScope *scope,
            double        x0,
            double        y0,
            double        x1,
            double        y1,
            const double  rgb[3])
{
  int stride, w, h;
  guint8 *data;
  guint n = 0;

  cairo_surface_t *surface = cairo_get_target (scope->cr);

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  w = cairo_image_surface_get_width (surface);
  h = cairo_image_surface_get_height (surface);
  for (int y = MAX ((int) y0, 0); y < MIN ((int) y1, h); y++)
    for (int x = MAX ((int) x0, 0); x < MIN ((int) x1, w); x++)
      {
        guint32 v = *(guint32 *) (data + y * stride + x * 4);
        double d = 0;

        for (int i = 0; i < 3; i++)
          d += fabs (((v >> (16 - 8 * i)) & 0xff) / 255.0 - rgb[i]);
        n += d < 0.25;
      }
  return n;
}

/* An elbow near the left edge with a long name: the label is neither cut by
 * the frame on the left nor pushed out of it on the right; it starts at the
 * frame's left edge and runs whole to the right of the ring. */
static void
test_elbow_label_inside (void)
{
  static const double k[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  static const double inertia[] = { 600, 220, 140, 115, 95, 85, 75, 66, 58, 52 };
  static const double elbows[] = { 2 };
  static const char *const names[] = { "second difference, a long detector name" };
  LloydElbowPlot plot = { .n = 10, .k = k, .inertia = inertia, .n_elbows = 1, .elbows = elbows,
                          .elbow_names = names };
  const LloydPlotTheme *theme;
  LloydAxesSpec spec;
  LloydAxes ax;
  LloydPlotScope *scope = scope_new (500, 350);
  double x, y, h, tw;
  g_autofree char *text = NULL;

  theme = lloyd_plot_scope_theme (scope);
  lloyd_elbow_plot_render (&plot, scope);
  lloyd_elbow_plot_layout (&plot, scope, &spec, &ax);
  x = lloyd_axes_x (&ax, 2);
  y = lloyd_axes_y (&ax, 220);
  text = g_strdup_printf ("elbow (%s): k = %g", names[0], 2.0);
  lloyd_text_measure (scope, text, theme->font_size, LLOYD_TEXT_BOLD, &tw, &h);
  /* Too long for either side of the ring at this size. */
  g_assert_cmpfloat (x + 14 + tw, >, ax.frame.x + ax.frame.width);
  g_assert_cmpfloat (x - 14 - tw, <, ax.frame.x);

  /* Ink of the label in the accent colour, right of the ring, on the label's line. */
  g_assert_cmpuint (count_near (scope, x + 14, y - 10 - h * 0.8, ax.frame.x + ax.frame.width - 4, y - 10 - h * 0.2,
                                theme->accent), >, 20);
  /* And its start, near the frame's left edge, left of the elbow's dashed line. */
  g_assert_cmpuint (count_near (scope, ax.frame.x + 3, y - 10 - h * 0.8, x - 4, y - 10 - h * 0.2, theme->accent), >, 5);
  scope_free (scope);
}

/* A title longer than the figure is wide stays inside it, shortened, rather
 * than centred and cut at both edges. */
static void
test_heatmap_long_title (void)
{
  static const double values[] = { 1, 2, 3, 4 };
  LloydHeatmapPlot plot = { .n_rows = 2, .n_cols = 2, .values = values,
                            .title = "Clusters against labels, a title far too long for this figure to hold" };
  LloydPlotScope *scope = scope_new (300, 200);
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  double h;

  lloyd_text_measure (scope, plot.title, theme->font_size * 1.35, LLOYD_TEXT_BOLD, NULL, &h);
  lloyd_heatmap_plot_render (&plot, scope);
  /* Nothing but background in the 6 pixels at each edge, along the title's line… */
  g_assert_cmpuint (count_near (scope, 0, 12, 6, 12 + h, theme->background), ==, (guint) (6 * (int) (12 + h) - 6 * 12));
  g_assert_cmpuint (count_near (scope, 294, 12, 300, 12 + h, theme->background), ==,
                    (guint) (6 * (int) (12 + h) - 6 * 12));
  /* …and the title's ink between them. */
  g_assert_cmpuint (count_near (scope, 6, 12, 294, 12 + h, theme->foreground), >, 50);
  scope_free (scope);
}

/* A threshold near the right with a long name: its label goes left of the
 * line but stays inside the frame, off the y axis' numbers. */
static void
test_histogram_threshold_label (void)
{
  static const double thresholds[] = { 4.6 };
  static const char *const names[] = { "per-cluster threshold of cluster 12" };
  double values[150];
  LloydHistogramPlot plot = { .n = G_N_ELEMENTS (values), .values = values, .n_thresholds = 1,
                              .thresholds = thresholds, .threshold_labels = names };
  LloydPlotScope *scope = scope_new (400, 300);
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  LloydHistogramLayout layout;
  const LloydPlotRect *f;
  double h;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    values[i] = 5.0 * i / G_N_ELEMENTS (values);
  lloyd_text_measure (scope, "Ag", theme->font_size, LLOYD_TEXT_BOLD, NULL, &h);
  lloyd_histogram_plot_render (&plot, scope);
  lloyd_histogram_plot_layout (&plot, scope, &layout);
  f = &layout.axes.frame;
  /* The label's line: no accent left of the frame, and the label inside it. */
  g_assert_cmpuint (count_near (scope, 0, f->y + 6, f->x - 1, f->y + 6 + h, theme->accent), ==, 0);
  g_assert_cmpuint (count_near (scope, f->x + 2, f->y + 6, f->x + f->width / 2, f->y + 6 + h, theme->accent), >, 20);
  lloyd_histogram_layout_clear (&layout);
  scope_free (scope);
}

static gboolean
rects_overlap (const LloydPlotRect *a,
               const LloydPlotRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
rect_inside (const LloydPlotRect *r,
             double               width,
             double               height)
{
  return r->x >= 0 && r->y >= 0 && r->x + r->width <= width && r->y + r->height <= height;
}

/* Per-cluster thresholds (KDD at k = 23) drew 23 stacked "threshold …" labels,
 * two on the blobs that read "threshold 1.055" twice. Several distinct
 * thresholds are now thin lines and one legend entry, no label on the plot; a
 * single one (or several that print alike) one label, inside the frame and off
 * the legend. */
static void
test_histogram_per_cluster_thresholds (void)
{
  double values[2000], thresholds[23];
  guint8 flags[G_N_ELEMENTS (values)];
  LloydHistogramPlot plot = { .n = G_N_ELEMENTS (values), .values = values, .thresholds = thresholds,
                              .flags = flags, .log_counts = TRUE };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      values[i] = 0.2 + 6.0 * g_test_rand_double () * g_test_rand_double ();
      flags[i] = values[i] > 4;
    }
  for (guint t = 0; t < G_N_ELEMENTS (thresholds); t++)
    thresholds[t] = 2.5 + 0.05 * t;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      LloydPlotScope *scope = scope_new (sizes[s][0], sizes[s][1]);
      LloydHistogramLayout layout;

      /* 23 distinct thresholds: grouped, no label on the plot. */
      plot.n_thresholds = 23;
      lloyd_histogram_plot_render (&plot, scope);
      g_assert_cmpint (cairo_status (scope->cr), ==, CAIRO_STATUS_SUCCESS);
      lloyd_histogram_plot_layout (&plot, scope, &layout);
      g_assert_true (layout.grouped);
      g_assert_null (layout.label);
      g_assert_cmpfloat (layout.legend_rect.width, >, 0);
      g_assert_false (rects_overlap (&layout.legend_rect, &layout.axes.frame));
      /* Beside the frame, and still on the page from 400 px wide (at 300 px the
       * 258 px legend cannot fit beside any frame: legends do not shorten yet). */
      if (sizes[s][0] >= 400)
        g_assert_true (rect_inside (&layout.legend_rect, sizes[s][0], sizes[s][1]));
      lloyd_histogram_layout_clear (&layout);

      /* Two clusters whose thresholds print alike (1.055): one label. */
      thresholds[0] = 1.0551;
      thresholds[1] = 1.0549;
      plot.n_thresholds = 2;
      lloyd_histogram_plot_layout (&plot, scope, &layout);
      g_assert_false (layout.grouped);
      g_assert_nonnull (layout.label);
      if (layout.axes.frame.width > 200)
        g_assert_cmpstr (layout.label, ==, "threshold 1.055");
      g_assert_true (rect_inside (&layout.label_rect, sizes[s][0], sizes[s][1]));
      g_assert_false (rects_overlap (&layout.label_rect, &layout.legend_rect));
      g_assert_cmpfloat (layout.label_rect.x, >=, layout.axes.frame.x);
      g_assert_cmpfloat (layout.label_rect.x + layout.label_rect.width, <=,
                         layout.axes.frame.x + layout.axes.frame.width);
      lloyd_histogram_layout_clear (&layout);
      thresholds[0] = 2.5;
      thresholds[1] = 2.55;
      scope_free (scope);
    }
}

/* The confusion matrix's column names cut to "not flagg…" in the Labels view:
 * level names get the width of their cells, not the cap turned names have. */
static void
test_heatmap_confusion_names (void)
{
  static const double values[] = { 3896, 42, 1915, 15572 };
  static const char *const rows[] = { "normal", "anomalous" };
  static const char *const cols[] = { "not flagged", "flagged" };
  LloydHeatmapPlot plot = { .n_rows = 2, .n_cols = 2, .values = values, .row_names = rows, .col_names = cols,
                            .row_title = "True", .col_title = "Predicted", .title = "Anomalous", .confusion = TRUE };
  LloydPlotScope *scope = scope_new (300, 200);
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  LloydHeatmapLayout layout;
  double w;

  /* The confusion matrix of the Labels view, in a panel of its width. */

  lloyd_text_measure (scope, cols[0], theme->font_size, LLOYD_TEXT_NORMAL, &w, NULL);
  lloyd_heatmap_plot_layout (&plot, scope, &layout);
  g_assert_cmpuint (layout.col_stride, ==, 1);
  g_assert_cmpfloat (layout.col_names_width, >=, w);
  g_assert_cmpuint (layout.title_break, ==, 0);

  /* A title wider than the figure goes on to a second line, before the
   * parenthesis when that fits, rather than lose its end to "…". */
  plot.title = "Anomalous = not “normal.” (F1 0.941)";
  lloyd_heatmap_plot_layout (&plot, scope, &layout);
  g_assert_cmpuint (layout.title_break, >, 0);
  g_assert_cmpstr (plot.title + layout.title_break, ==, " (F1 0.941)");
  plot.title = "Anomalous = not “normal.”, “snmpgetattack.” (F1 0.941)";
  lloyd_heatmap_plot_layout (&plot, scope, &layout);
  g_assert_cmpuint (layout.title_break, >, 0);
  {
    g_autofree char *first = g_strndup (plot.title, layout.title_break);

    lloyd_text_measure (scope, first, theme->font_size * 1.35, LLOYD_TEXT_BOLD, &w, NULL);
    g_assert_cmpfloat (w, <=, 300 - 2 * 8);
    lloyd_text_measure (scope, plot.title + layout.title_break + 1, theme->font_size * 1.35, LLOYD_TEXT_BOLD, &w,
                        NULL);
    g_assert_cmpfloat (w, <=, 300 - 2 * 8);
  }
  lloyd_heatmap_plot_render (&plot, scope);
  scope_free (scope);
}

/* The Labels view's ROC and PR plots put their legend under a square frame;
 * in a narrow panel it was cut at the right edge ("(AP 0.998"): shifted left,
 * it stays whole, so the edge columns hold background only. */
static void
test_curve_legend_inside (void)
{
  static const double x[] = { 0, 0.01, 0.02, 1 }, y[] = { 0, 0.9, 1, 1 };
  static const double blue[3] = { 0, 0, 1 };
  LloydCurve curve = { .n = 4, .x = x, .y = y, .name = "distance to centroid", .area = 0.998 };
  LloydCurvePlot plot = { .kind = LLOYD_CURVE_PR, .n_curves = 1, .curves = &curve, .baseline = 0.8,
                          .title = "Precision–recall" };
  g_autoptr (LloydLegend) legend = lloyd_legend_new ();
  g_autofree char *label = g_strdup_printf ("%s (AP %.3f)", curve.name, curve.area);
  LloydPlotScope *scope = scope_new (100, 100);
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  LloydAxesSpec spec;
  LloydAxes ax;
  double lw, width;

  lloyd_legend_add (legend, LLOYD_LEGEND_LINE, blue, label);
  lloyd_legend_measure (legend, scope, &lw, NULL);
  scope_free (scope);
  /* Room for the legend, not much more. */
  width = ceil (lw) + 6;
  scope = scope_new ((int) width, 220);
  lloyd_curve_plot_render (&plot, scope);
  lloyd_curve_plot_layout (&plot, scope, &spec, &ax);
  /* The case: centred under the frame, the legend would pass the edge. */
  g_assert_cmpfloat (ax.frame.x + ax.frame.width / 2 + lw / 2, >, width);
  g_assert_cmpuint (count_near (scope, width - 2, 0, width, 220, theme->background), ==, 2 * 220);
  scope_free (scope);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plot/layout/heatmap/column-names", test_heatmap_column_names);
  g_test_add_func ("/plot/layout/heatmap/long-title", test_heatmap_long_title);
  g_test_add_func ("/plot/layout/elbow/label-inside", test_elbow_label_inside);
  g_test_add_func ("/plot/layout/histogram/threshold-label", test_histogram_threshold_label);
  g_test_add_func ("/plot/layout/histogram/per-cluster-thresholds", test_histogram_per_cluster_thresholds);
  g_test_add_func ("/plot/layout/heatmap/confusion-names", test_heatmap_confusion_names);
  g_test_add_func ("/plot/layout/curve/legend-inside", test_curve_legend_inside);
  status = g_test_run ();
  lloyd_plot_shutdown ();
  return status;
}
