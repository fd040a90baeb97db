/* scatter-plot.c — the clusters figure (see scatter-plot.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "legend.h"
#include "markers.h"
#include "palette.h"
#include "scatter-plot.h"
#include "text.h"
#include "ticks.h"

#define MAX_LEGEND_CLUSTERS 16

gboolean
lloyd_scatter_plot_uses_density (const LloydScatterPlot *plot)
{
  gsize threshold;

  g_return_val_if_fail (plot != NULL, FALSE);
  threshold = plot->density_threshold ? plot->density_threshold : LLOYD_SCATTER_DENSITY_THRESHOLD;
  return plot->n > threshold;
}

static void
extend (double *lo,
        double *hi,
        double  v)
{
  if (!isfinite (v))
    return;
  *lo = MIN (*lo, v);
  *hi = MAX (*hi, v);
}

/* The data's bounding box, padded so markers at the edge are not cut in half. */
static void
data_range (const LloydScatterPlot *plot,
            double                  range[4])
{
  double xlo = G_MAXDOUBLE, xhi = -G_MAXDOUBLE, ylo = G_MAXDOUBLE, yhi = -G_MAXDOUBLE, px, py;

  for (gsize i = 0; i < plot->n; i++)
    {
      extend (&xlo, &xhi, plot->xy[2 * i]);
      extend (&ylo, &yhi, plot->xy[2 * i + 1]);
    }
  for (guint c = 0; plot->centroids != NULL && c < plot->k; c++)
    {
      extend (&xlo, &xhi, plot->centroids[2 * c]);
      extend (&ylo, &yhi, plot->centroids[2 * c + 1]);
    }
  /* Whole circles: they are what a reader compares. With many clusters the
   * largest circles would shrink the data to a corner, so they may be cut. */
  for (guint c = 0; plot->centroids != NULL && plot->radii != NULL && plot->k <= 10 && c < plot->k; c++)
    if (isfinite (plot->radii[c]) && plot->radii[c] > 0)
      {
        extend (&xlo, &xhi, plot->centroids[2 * c] - plot->radii[c]);
        extend (&xlo, &xhi, plot->centroids[2 * c] + plot->radii[c]);
        extend (&ylo, &yhi, plot->centroids[2 * c + 1] - plot->radii[c]);
        extend (&ylo, &yhi, plot->centroids[2 * c + 1] + plot->radii[c]);
      }
  for (gsize t = 0; plot->trails != NULL && t < (gsize) plot->n_trail * plot->k; t++)
    {
      extend (&xlo, &xhi, plot->trails[2 * t]);
      extend (&ylo, &yhi, plot->trails[2 * t + 1]);
    }
  if (xlo > xhi)
    xlo = xhi = 0;
  if (ylo > yhi)
    ylo = yhi = 0;
  /* Equal ends (one point, a constant feature): a unit box around it. */
  if (xhi - xlo < 1e-12 * MAX (1, fabs (xlo)))
    {
      xlo -= 0.5;
      xhi += 0.5;
    }
  if (yhi - ylo < 1e-12 * MAX (1, fabs (ylo)))
    {
      ylo -= 0.5;
      yhi += 0.5;
    }
  px = (xhi - xlo) * 0.05;
  py = (yhi - ylo) * 0.05;
  range[0] = xlo - px;
  range[1] = xhi + px;
  range[2] = ylo - py;
  range[3] = yhi + py;
}

static void
cluster_counts (const LloydScatterPlot *plot,
                gsize                  *counts)
{
  memset (counts, 0, plot->k * sizeof *counts);
  if (plot->labels == NULL)
    return;
  for (gsize i = 0; i < plot->n; i++)
    if (plot->labels[i] < plot->k)
      counts[plot->labels[i]]++;
}

static LloydLegend *
build_legend (const LloydScatterPlot *plot)
{
  LloydLegend *legend = lloyd_legend_new ();
  g_autofree gsize *counts = g_new0 (gsize, MAX (plot->k, 1));
  gsize n_flagged = 0;
  static const double black[3] = { 0.13, 0.13, 0.15 };

  if (plot->hide_legend)
    return legend;
  cluster_counts (plot, counts);
  for (guint c = 0; c < plot->k && c < MAX_LEGEND_CLUSTERS; c++)
    {
      double rgb[3];
      char num[32];
      g_autofree char *label = NULL;

      lloyd_palette_color (c, rgb);
      lloyd_format_count (counts[c], num, sizeof num);
      label = plot->labels ? g_strdup_printf (_("Cluster %u (%s)"), c, num) : g_strdup_printf (_("Cluster %u"), c);
      lloyd_legend_add (legend, LLOYD_LEGEND_DOT, rgb, label);
    }
  if (plot->k > MAX_LEGEND_CLUSTERS)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "+ %u more cluster", "+ %u more clusters", plot->k - MAX_LEGEND_CLUSTERS), plot->k - MAX_LEGEND_CLUSTERS);
      double grey[3] = { 0.6, 0.6, 0.6 };

      lloyd_legend_add (legend, LLOYD_LEGEND_DOT, grey, label);
    }
  if (plot->centroids != NULL && plot->k > 0)
    {
      double rgb[3] = { 0.85, 0.85, 0.87 };
      lloyd_legend_add (legend, LLOYD_LEGEND_CENTROID, rgb, _("Centroid"));
    }
  if (plot->flagged != NULL)
    {
      char num[32];
      g_autofree char *label = NULL;

      for (gsize i = 0; i < plot->n; i++)
        n_flagged += plot->flagged[i] != 0;
      lloyd_format_count (n_flagged, num, sizeof num);
      label = g_strdup_printf (_("Flagged (%s)"), num);
      lloyd_legend_add (legend, LLOYD_LEGEND_FLAG, black, label);
    }
  return legend;
}

static char *
build_note (const LloydScatterPlot *plot,
            gboolean                density)
{
  GString *s = g_string_new (NULL);

  /* One line per remark; lloyd_scatter_plot_layout shortens lines that do not fit. */
  if (plot->radii != NULL && plot->radii_approximate)
    {
      if (plot->source_dimensions > 2)
        g_string_append_printf (s, _("Circles: each cluster’s threshold radius from %u dimensions, "
                                     "an approximation in this plane."), plot->source_dimensions);
      else
        g_string_append (s, _("Circles: each cluster’s threshold radius from the full data, "
                              "an approximation in this plane."));
    }
  if (density)
    {
      char num[32];

      lloyd_format_count (plot->n, num, sizeof num);
      g_string_append_printf (s, _("%s%s points binned: colour of the most common cluster, opacity by log count."),
                              s->len ? "\n" : "", num);
    }
  if (plot->note != NULL && *plot->note)
    g_string_append_printf (s, "%s%s", s->len ? "\n" : "", plot->note);
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

void
lloyd_scatter_plot_layout (const LloydScatterPlot   *plot,
                           const LloydPlotScope     *scope,
                           const LloydPlotTransform *transform,
                           LloydScatterLayout       *layout)
{
  g_autoptr (LloydLegend) legend = NULL;
  double range[4], legend_w = 0, legend_h = 0, zoom;
  LloydPlotRect area;
  g_return_if_fail (plot != NULL && scope != NULL && layout != NULL);
  g_return_if_fail (plot->n == 0 || plot->xy != NULL);

  memset (layout, 0, sizeof *layout);
  layout->density = lloyd_scatter_plot_uses_density (plot);
  data_range (plot, range);

  area = lloyd_plot_area (scope);
  legend = build_legend (plot);
  lloyd_legend_measure (legend, scope, &legend_w, &legend_h);
  layout->note = build_note (plot, layout->density);

  layout->spec.title = plot->title;
  layout->spec.x_title = plot->x_title;
  layout->spec.y_title = plot->y_title;
  layout->spec.x_exact = TRUE;
  layout->spec.y_exact = TRUE;
  layout->spec.x_lo = range[0];
  layout->spec.x_hi = range[1];
  layout->spec.y_lo = range[2];
  layout->spec.y_hi = range[3];
  layout->spec.right_reserve = legend_w > 0 ? legend_w + 4 : 0;
  if (layout->note != NULL)
    {
      double h;
      double size = lloyd_plot_scope_theme (scope)->font_size * 0.9;
      double width = MAX (area.width - 24, 50);
      g_auto (GStrv) lines = g_strsplit (layout->note, "\n", -1);

      /* A line too long is shortened rather than clipped. */
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autofree char *line = lloyd_text_ellipsize (scope, lines[i], size, LLOYD_TEXT_ITALIC, width);
          g_free (lines[i]);
          lines[i] = g_steal_pointer (&line);
        }
      g_free (layout->note);
      layout->note = g_strjoinv ("\n", lines);
      lloyd_text_measure (scope, layout->note, size, LLOYD_TEXT_ITALIC, NULL, &h);
      layout->spec.bottom_reserve = h + 6;
    }
  lloyd_axes_layout (&layout->axes, scope, area, &layout->spec);

  /* Equal aspect: widen the axis with fewer units per pixel. Twice, because new
   * tick labels can change the margins and so the frame. */
  for (int pass = 0; plot->equal_aspect && pass < 2; pass++)
    {
      double fw = layout->axes.frame.width, fh = layout->axes.frame.height;
      double ux = (range[1] - range[0]) / fw, uy = (range[3] - range[2]) / fh;

      if (ux > uy)
        {
          double c = (range[2] + range[3]) / 2;
          range[2] = c - ux * fh / 2;
          range[3] = c + ux * fh / 2;
        }
      else
        {
          double c = (range[0] + range[1]) / 2;
          range[0] = c - uy * fw / 2;
          range[1] = c + uy * fw / 2;
        }
      layout->spec.x_lo = range[0];
      layout->spec.x_hi = range[1];
      layout->spec.y_lo = range[2];
      layout->spec.y_hi = range[3];
      lloyd_axes_layout (&layout->axes, scope, area, &layout->spec);
    }

  zoom = transform != NULL && transform->zoom > 0 && isfinite (transform->zoom) ? transform->zoom : 1;
  if (transform != NULL && (zoom != 1 || transform->pan_x != 0 || transform->pan_y != 0))
    {
      /* Zoom about the frame's centre, then move by the pan (pixels) at the new scale. */
      double cx = (range[0] + range[1]) / 2, cy = (range[2] + range[3]) / 2;
      double hx = (range[1] - range[0]) / 2 / zoom, hy = (range[3] - range[2]) / 2 / zoom;
      double dx = 2 * hx / layout->axes.frame.width, dy = 2 * hy / layout->axes.frame.height;
      double pan_x = isfinite (transform->pan_x) ? transform->pan_x : 0;
      double pan_y = isfinite (transform->pan_y) ? transform->pan_y : 0;

      layout->spec.x_lo = cx - hx - pan_x * dx;
      layout->spec.x_hi = cx + hx - pan_x * dx;
      layout->spec.y_lo = cy - hy + pan_y * dy;
      layout->spec.y_hi = cy + hy + pan_y * dy;
      lloyd_axes_layout (&layout->axes, scope, area, &layout->spec);
    }

  layout->legend_x = layout->axes.frame.x + layout->axes.frame.width + 10;
  layout->legend_y = layout->axes.frame.y;
}

void
lloyd_scatter_layout_clear (LloydScatterLayout *layout)
{
  g_clear_pointer (&layout->note, g_free);
}

void
lloyd_scatter_layout_to_pixel (const LloydScatterLayout *layout,
                               double                    x,
                               double                    y,
                               double                   *px,
                               double                   *py)
{
  *px = lloyd_axes_x (&layout->axes, x);
  *py = lloyd_axes_y (&layout->axes, y);
}

void
lloyd_scatter_layout_to_data (const LloydScatterLayout *layout,
                              double                    px,
                              double                    py,
                              double                   *x,
                              double                   *y)
{
  *x = lloyd_axes_x_inverse (&layout->axes, px);
  *y = lloyd_axes_y_inverse (&layout->axes, py);
}

gssize
lloyd_scatter_plot_hit_point (const LloydScatterPlot   *plot,
                              const LloydScatterLayout *layout,
                              double                    px,
                              double                    py,
                              double                    max_distance)
{
  gssize best = -1;
  double best_d2 = max_distance * max_distance;

  g_return_val_if_fail (plot != NULL && layout != NULL, -1);
  for (gsize i = 0; i < plot->n; i++)
    {
      double x, y, d2;

      lloyd_scatter_layout_to_pixel (layout, plot->xy[2 * i], plot->xy[2 * i + 1], &x, &y);
      d2 = (x - px) * (x - px) + (y - py) * (y - py);
      if (d2 <= best_d2)
        {
          best_d2 = d2;
          best = (gssize) i;
        }
    }
  return best;
}

int
lloyd_scatter_plot_hit_centroid (const LloydScatterPlot   *plot,
                                 const LloydScatterLayout *layout,
                                 double                    px,
                                 double                    py)
{
  int best = -1;
  double best_d2 = (LLOYD_CENTROID_RADIUS + 2) * (LLOYD_CENTROID_RADIUS + 2);

  g_return_val_if_fail (plot != NULL && layout != NULL, -1);
  for (guint c = 0; plot->centroids != NULL && c < plot->k; c++)
    {
      double x, y, d2;

      lloyd_scatter_layout_to_pixel (layout, plot->centroids[2 * c], plot->centroids[2 * c + 1], &x, &y);
      d2 = (x - px) * (x - px) + (y - py) * (y - py);
      /* Ties: the later marker is drawn on top, so it wins. */
      if (d2 <= best_d2)
        {
          best_d2 = d2;
          best = (int) c;
        }
    }
  return best;
}

/* Sutherland–Hodgman: keeps the part of @in where a·x + b·y ≤ c. */
static guint
clip_half_plane (const double *in,
                 guint         n_in,
                 double        a,
                 double        b,
                 double        c,
                 double       *out)
{
  guint n_out = 0;

  for (guint i = 0; i < n_in; i++)
    {
      const double *p = in + 2 * i, *q = in + 2 * ((i + 1) % n_in);
      double fp = a * p[0] + b * p[1] - c, fq = a * q[0] + b * q[1] - c;

      if (fp <= 0)
        {
          out[2 * n_out] = p[0];
          out[2 * n_out + 1] = p[1];
          n_out++;
        }
      if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0))
        {
          double t = fp / (fp - fq);

          out[2 * n_out] = p[0] + t * (q[0] - p[0]);
          out[2 * n_out + 1] = p[1] + t * (q[1] - p[1]);
          n_out++;
        }
    }
  return n_out;
}

static void
draw_voronoi (const LloydScatterPlot   *plot,
              const LloydScatterLayout *layout,
              const LloydPlotScope     *scope)
{
  const LloydAxes *ax = &layout->axes;
  cairo_t *cr = scope->cr;
  /* A convex cell gains at most one vertex per clipping centroid. */
  g_autofree double *a = g_new (double, 2 * (plot->k + 8));
  g_autofree double *b = g_new (double, 2 * (plot->k + 8));

  for (guint i = 0; i < plot->k; i++)
    {
      const double *ci = plot->centroids + 2 * i;
      double rgb[3];
      guint n = 4;

      if (!isfinite (ci[0]) || !isfinite (ci[1]))
        continue;
      a[0] = ax->x.lo, a[1] = ax->y.lo;
      a[2] = ax->x.hi, a[3] = ax->y.lo;
      a[4] = ax->x.hi, a[5] = ax->y.hi;
      a[6] = ax->x.lo, a[7] = ax->y.hi;
      for (guint j = 0; j < plot->k && n > 0; j++)
        {
          const double *cj = plot->centroids + 2 * j;
          double *t;

          if (j == i || !isfinite (cj[0]) || !isfinite (cj[1]))
            continue;
          /* Closer to ci than cj: 2x·(cj − ci) ≤ |cj|² − |ci|². Equal centroids
           * split nothing; the lower index keeps the region (the assignment tie rule). */
          if (cj[0] == ci[0] && cj[1] == ci[1])
            {
              if (j < i)
                n = 0;
              continue;
            }
          n = clip_half_plane (a, n, 2 * (cj[0] - ci[0]), 2 * (cj[1] - ci[1]),
                               cj[0] * cj[0] + cj[1] * cj[1] - ci[0] * ci[0] - ci[1] * ci[1], b);
          t = a, a = b, b = t;
        }
      if (n < 3)
        continue;
      cairo_new_path (cr);
      for (guint v = 0; v < n; v++)
        cairo_line_to (cr, lloyd_axes_x (ax, a[2 * v]), lloyd_axes_y (ax, a[2 * v + 1]));
      cairo_close_path (cr);
      lloyd_palette_color (i, rgb);
      cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.10);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, rgb[0] * 0.6, rgb[1] * 0.6, rgb[2] * 0.6, 0.35);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }
}

static void
draw_circles (const LloydScatterPlot   *plot,
              const LloydScatterLayout *layout,
              const LloydPlotScope     *scope)
{
  const LloydAxes *ax = &layout->axes;
  double sx = ax->frame.width / (ax->x.hi - ax->x.lo), sy = ax->frame.height / (ax->y.hi - ax->y.lo);
  static const double dash[] = { 6, 4 };
  cairo_t *cr = scope->cr;

  for (guint c = 0; c < plot->k; c++)
    {
      double px, py, rgb[3], r = plot->radii[c];

      if (!(r > 0) || !isfinite (r))
        continue;
      lloyd_scatter_layout_to_pixel (layout, plot->centroids[2 * c], plot->centroids[2 * c + 1], &px, &py);
      lloyd_palette_color (c, rgb);
      cairo_save (cr);
      cairo_translate (cr, px, py);
      /* A circle in data units is an ellipse when the axes scale differently. */
      cairo_scale (cr, sx, sy);
      cairo_new_path (cr);
      cairo_arc (cr, 0, 0, r, 0, 2 * G_PI);
      cairo_restore (cr);
      /* Tints add up: beyond a few clusters, outlines only. */
      if (plot->k <= 6)
        {
          cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.07);
          cairo_fill_preserve (cr);
        }
      cairo_set_source_rgba (cr, rgb[0] * 0.8, rgb[1] * 0.8, rgb[2] * 0.8, 0.9);
      cairo_set_line_width (cr, plot->k <= 6 ? 1.6 : 1.1);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

static void
draw_assignment_lines (const LloydScatterPlot   *plot,
                       const LloydScatterLayout *layout,
                       const LloydPlotScope     *scope)
{
  cairo_t *cr = scope->cr;

  cairo_set_line_width (cr, 0.6);
  for (guint c = 0; c < plot->k; c++)
    {
      double rgb[3], cx, cy;

      lloyd_palette_color (c, rgb);
      lloyd_scatter_layout_to_pixel (layout, plot->centroids[2 * c], plot->centroids[2 * c + 1], &cx, &cy);
      cairo_new_path (cr);
      for (gsize i = 0; i < plot->n; i++)
        {
          double px, py;

          if (plot->labels[i] != c)
            continue;
          lloyd_scatter_layout_to_pixel (layout, plot->xy[2 * i], plot->xy[2 * i + 1], &px, &py);
          cairo_move_to (cr, px, py);
          cairo_line_to (cr, cx, cy);
        }
      cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.35);
      cairo_stroke (cr);
    }
}

/* Many points: cairo would tessellate thousands of tiny arcs (about a second
 * for 50,000). Instead each cluster's disc is rendered once as an antialiased
 * sprite and composited into an image of the frame, point by point in data
 * order, then painted with one call. */
/* Paints a device-pixel @image (@scale pixels per unit) over the plot frame. */
static void
paint_frame_image (cairo_t         *cr,
                   const LloydAxes *ax,
                   cairo_surface_t *image,
                   double           scale)
{
  cairo_save (cr);
  cairo_translate (cr, ax->frame.x, ax->frame.y);
  cairo_scale (cr, 1 / scale, 1 / scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Composites the premultiplied @side × @side @sprite centred on (@px, @py) into
 * @pixels (ARGB32, @w × @h, @stride in pixels): Porter–Duff over, snapped to the
 * pixel grid. Stamping a pre-rendered mark is what keeps tens of thousands of
 * marks cheap, on screen (no vector replay) and in files. */
static void
stamp_sprite (guint32       *pixels,
              int            stride,
              int            w,
              int            h,
              const guint32 *sprite,
              int            side,
              double         px,
              double         py)
{
  int half = side / 2, x0, y0;

  if (!(px > -side && px < w + side && py > -side && py < h + side))
    return;
  x0 = (int) floor (px) - half;
  y0 = (int) floor (py) - half;
  for (int y = MAX (0, -y0); y < side && y0 + y < h; y++)
    for (int x = MAX (0, -x0); x < side && x0 + x < w; x++)
      {
        guint32 src = sprite[y * side + x], dst, sa, out = 0;

        if (src == 0)
          continue;
        sa = src >> 24;
        if (sa == 255)
          {
            pixels[(y0 + y) * stride + x0 + x] = src;
            continue;
          }
        dst = pixels[(y0 + y) * stride + x0 + x];
        for (int shift = 0; shift < 32; shift += 8)
          {
            guint32 sc = (src >> shift) & 0xff, dc = (dst >> shift) & 0xff;
            out |= MIN (sc + (dc * (255 - sa) + 127) / 255, 255) << shift;
          }
        pixels[(y0 + y) * stride + x0 + x] = out;
      }
}

static void
draw_points_raster (const LloydScatterPlot   *plot,
                    const LloydScatterLayout *layout,
                    const LloydPlotScope     *scope,
                    double                    r,
                    double                    alpha)
{
  const LloydAxes *ax = &layout->axes;
  double scale = scope->scale > 0 ? scope->scale : 1, rd = r * scale;
  int w = (int) ceil (ax->frame.width * scale), h = (int) ceil (ax->frame.height * scale);
  int side = (int) ceil (2 * rd) + 2, half = side / 2, stride;
  guint groups = plot->labels != NULL ? MAX (plot->k, 1) : 1;
  double fx = w / (ax->x.hi - ax->x.lo), fy = h / (ax->y.hi - ax->y.lo);
  g_autofree guint32 *sprites = NULL;
  cairo_surface_t *image;
  guint32 *pixels;
  cairo_t *cr = scope->cr;

  if (w <= 0 || h <= 0)
    return;
  sprites = g_try_new (guint32, (gsize) groups * side * side);
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  if (sprites == NULL || cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      return;
    }
  /* Premultiplied sprite per cluster; coverage from the distance to the rim. */
  for (guint c = 0; c < groups; c++)
    {
      double rgb[3];

      lloyd_palette_color (c, rgb);
      for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
          {
            double dx = x + 0.5 - half, dy = y + 0.5 - half;
            double cover = CLAMP (rd + 0.5 - sqrt (dx * dx + dy * dy), 0, 1) * alpha;
            guint32 a = (guint32) (cover * 255 + 0.5);

            sprites[((gsize) c * side + y) * side + x] =
              (a << 24) | ((guint32) (rgb[0] * a + 0.5) << 16) | ((guint32) (rgb[1] * a + 0.5) << 8) |
              (guint32) (rgb[2] * a + 0.5);
          }
    }

  cairo_surface_flush (image);
  pixels = (guint32 *) cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image) / 4;
  for (gsize i = 0; i < plot->n; i++)
    {
      guint c = plot->labels != NULL ? MIN (plot->labels[i], groups - 1) : 0;

      stamp_sprite (pixels, stride, w, h, sprites + (gsize) c * side * side, side,
                    (plot->xy[2 * i] - ax->x.lo) * fx, (ax->y.hi - plot->xy[2 * i + 1]) * fy);
    }
  cairo_surface_mark_dirty (image);

  paint_frame_image (cr, ax, image, scale);
  cairo_surface_destroy (image);
}

static void
draw_points (const LloydScatterPlot   *plot,
             const LloydScatterLayout *layout,
             const LloydPlotScope     *scope)
{
  cairo_t *cr = scope->cr;
  double r = plot->n <= 300 ? 3.6 : plot->n <= 3000 ? 2.8 : plot->n <= 20000 ? 1.9 : 1.4;
  double alpha = plot->n <= 3000 ? 0.85 : 0.6;
  guint groups = plot->labels != NULL ? MAX (plot->k, 1) : 1;
  const LloydAxes *ax = &layout->axes;

  if (plot->n > LLOYD_SCATTER_VECTOR_POINTS_MAX)
    {
      draw_points_raster (plot, layout, scope, r, alpha);
      return;
    }

  /* One path per cluster: a fill per point would cost a rasterisation each. */
  for (guint c = 0; c < groups; c++)
    {
      double rgb[3];

      lloyd_palette_color (c, rgb);
      cairo_new_path (cr);
      for (gsize i = 0; i < plot->n; i++)
        {
          double px, py;

          if (plot->labels != NULL && plot->labels[i] != c)
            continue;
          px = lloyd_axes_x (ax, plot->xy[2 * i]);
          py = lloyd_axes_y (ax, plot->xy[2 * i + 1]);
          if (!isfinite (px) || !isfinite (py) || px < ax->frame.x - r || py < ax->frame.y - r ||
              px > ax->frame.x + ax->frame.width + r || py > ax->frame.y + ax->frame.height + r)
            continue;
          cairo_move_to (cr, px + r, py);
          cairo_arc (cr, px, py, r, 0, 2 * G_PI);
        }
      cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], alpha);
      if (plot->n <= 3000)
        {
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, rgb[0] * 0.55, rgb[1] * 0.55, rgb[2] * 0.55, 0.9);
          cairo_set_line_width (cr, 0.7);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
    }
}

/* Density mode: one pass bins points into device pixels of the frame; a
 * counting sort by pixel then finds each pixel's most common cluster (ties: the
 * lowest index) without a k × pixels table. */
static void
draw_density (const LloydScatterPlot   *plot,
              const LloydScatterLayout *layout,
              const LloydPlotScope     *scope)
{
  const LloydAxes *ax = &layout->axes;
  /* Bins of a fixed size in user units, not device pixels: a lone point stays
   * visible, and the figure looks the same at 2× and in SVG or PDF. */
  double scale = 1.0 / LLOYD_SCATTER_DENSITY_BIN;
  int w = (int) ceil (ax->frame.width * scale), h = (int) ceil (ax->frame.height * scale);
  gsize n_cells = (gsize) w * h;
  double fx = w / (ax->x.hi - ax->x.lo), fy = h / (ax->y.hi - ax->y.lo), log_max;
  guint32 *cell_of, *start, *sorted = NULL, *tally = NULL, max_count = 0, palette[256];
  guint k = plot->labels != NULL ? MAX (plot->k, 1) : 1;
  cairo_surface_t *image;
  guint32 *pixels;
  int stride;
  cairo_t *cr = scope->cr;

  if (w <= 0 || h <= 0)
    return;
  cell_of = g_try_new (guint32, plot->n);
  start = g_try_new0 (guint32, n_cells + 1);
  if (plot->labels != NULL)
    {
      sorted = g_try_new (guint32, plot->n);
      tally = g_try_new0 (guint32, k);
    }
  if (cell_of == NULL || start == NULL || (plot->labels != NULL && (sorted == NULL || tally == NULL)))
    {
      g_warning ("Not enough memory for a %d × %d density image", w, h);
      goto out;
    }

  for (gsize i = 0; i < plot->n; i++)
    {
      double x = (plot->xy[2 * i] - ax->x.lo) * fx, y = (ax->y.hi - plot->xy[2 * i + 1]) * fy;

      /* Off-frame (zoomed) and non-finite points get no cell. */
      if (!(x >= 0 && x < w && y >= 0 && y < h))
        {
          cell_of[i] = G_MAXUINT32;
          continue;
        }
      cell_of[i] = (guint32) ((gsize) y * w + (gsize) x);
      start[cell_of[i] + 1]++;
    }
  for (gsize c = 0; c < n_cells; c++)
    {
      max_count = MAX (max_count, start[c + 1]);
      start[c + 1] += start[c];
    }
  if (sorted != NULL)
    {
      /* Scatter labels into their cells' slots; start[c] walks to start[c + 1]. */
      for (gsize i = 0; i < plot->n; i++)
        if (cell_of[i] != G_MAXUINT32)
          sorted[start[cell_of[i]]++] = MIN (plot->labels[i], k - 1);
      /* Shift back: start[c] is the beginning of cell c again. */
      memmove (start + 1, start, n_cells * sizeof *start);
      start[0] = 0;
    }

  for (guint c = 0; c < 256 && c < k; c++)
    {
      double rgb[3];

      lloyd_palette_color (c, rgb);
      palette[c] = ((guint32) (rgb[0] * 255 + 0.5) << 16) | ((guint32) (rgb[1] * 255 + 0.5) << 8) |
                   (guint32) (rgb[2] * 255 + 0.5);
    }

  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      goto out;
    }
  cairo_surface_flush (image);
  pixels = (guint32 *) cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image) / 4;
  log_max = log1p (max_count);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gsize cell = (gsize) y * w + x;
        guint32 count = start[cell + 1] - start[cell], dominant = 0, colour, a;
        double rgb[3];

        if (count == 0)
          {
            pixels[y * stride + x] = 0;
            continue;
          }
        if (sorted != NULL)
          {
            guint32 best = 0;

            for (guint32 j = start[cell]; j < start[cell + 1]; j++)
              tally[sorted[j]]++;
            for (guint32 j = start[cell]; j < start[cell + 1]; j++)
              {
                guint32 l = sorted[j];

                if (tally[l] > best || (tally[l] == best && l < dominant))
                  {
                    best = tally[l];
                    dominant = l;
                  }
              }
            for (guint32 j = start[cell]; j < start[cell + 1]; j++)
              tally[sorted[j]] = 0;
          }
        if (dominant < 256)
          colour = palette[dominant];
        else
          {
            lloyd_palette_color (dominant, rgb);
            colour = ((guint32) (rgb[0] * 255) << 16) | ((guint32) (rgb[1] * 255) << 8) | (guint32) (rgb[2] * 255);
          }
        /* Opacity by log count: one point stays visible, the densest is opaque. */
        a = (guint32) (255 * (0.35 + 0.65 * (log_max > 0 ? log1p (count) / log_max : 1)) + 0.5);
        pixels[y * stride + x] = (a << 24) | ((((colour >> 16) & 0xff) * a / 255) << 16) |
                                 ((((colour >> 8) & 0xff) * a / 255) << 8) | ((colour & 0xff) * a / 255);
      }
  cairo_surface_mark_dirty (image);

  cairo_save (cr);
  cairo_translate (cr, ax->frame.x, ax->frame.y);
  cairo_scale (cr, 1 / scale, 1 / scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);

out:
  g_free (cell_of);
  g_free (start);
  g_free (sorted);
  g_free (tally);
}

static void
draw_trails (const LloydScatterPlot   *plot,
             const LloydScatterLayout *layout,
             const LloydPlotScope     *scope)
{
  cairo_t *cr = scope->cr;
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);

  for (guint c = 0; c < plot->k; c++)
    {
      double rgb[3], px, py;

      lloyd_palette_color (c, rgb);
      cairo_new_path (cr);
      for (guint t = 0; t < plot->n_trail; t++)
        {
          const double *p = plot->trails + 2 * ((gsize) t * plot->k + c);

          lloyd_scatter_layout_to_pixel (layout, p[0], p[1], &px, &py);
          cairo_line_to (cr, px, py);
        }
      lloyd_scatter_layout_to_pixel (layout, plot->centroids[2 * c], plot->centroids[2 * c + 1], &px, &py);
      cairo_line_to (cr, px, py);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      lloyd_plot_set_rgba (cr, theme->halo);
      cairo_set_line_width (cr, 4);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, rgb[0] * 0.75, rgb[1] * 0.75, rgb[2] * 0.75);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      for (guint t = 0; t < plot->n_trail; t++)
        {
          const double *p = plot->trails + 2 * ((gsize) t * plot->k + c);

          lloyd_scatter_layout_to_pixel (layout, p[0], p[1], &px, &py);
          cairo_new_path (cr);
          cairo_arc (cr, px, py, 3, 0, 2 * G_PI);
          lloyd_plot_set_rgba (cr, theme->halo);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, rgb[0] * 0.75, rgb[1] * 0.75, rgb[2] * 0.75);
          cairo_set_line_width (cr, 1.5);
          cairo_stroke (cr);
        }
    }
}

/* Rings around flagged points. Many rings are stamped from one pre-rendered
 * ring into an image: as vector paths, 50,000 rings cost hundreds of
 * milliseconds to record and replay, which made the threshold slider lag. */
static void
draw_flags (const LloydScatterPlot   *plot,
            const LloydScatterLayout *layout,
            const LloydPlotScope     *scope)
{
  const LloydAxes *ax = &layout->axes;
  cairo_t *cr = scope->cr;
  gsize n_flagged = 0;
  double size, scale = scope->scale > 0 ? scope->scale : 1;
  int w, h, side, stride;
  double fx, fy;
  cairo_surface_t *ring, *image;
  guint32 *pixels;
  g_autofree guint8 *stamped = NULL;

  for (gsize i = 0; i < plot->n; i++)
    n_flagged += plot->flagged[i] != 0;
  /* Thousands of full-size rings would hide everything under them. */
  size = n_flagged <= 200 ? LLOYD_FLAG_SIZE : n_flagged <= 2000 ? LLOYD_FLAG_SIZE * 0.7 : LLOYD_FLAG_SIZE * 0.5;

  if (n_flagged <= LLOYD_SCATTER_VECTOR_FLAGS_MAX)
    {
      for (gsize i = 0; i < plot->n; i++)
        if (plot->flagged[i])
          {
            double px, py;

            lloyd_scatter_layout_to_pixel (layout, plot->xy[2 * i], plot->xy[2 * i + 1], &px, &py);
            if (px >= ax->frame.x - size && px <= ax->frame.x + ax->frame.width + size &&
                py >= ax->frame.y - size && py <= ax->frame.y + ax->frame.height + size)
              lloyd_marker_flag (scope, px, py, size);
          }
      return;
    }

  w = (int) ceil (ax->frame.width * scale);
  h = (int) ceil (ax->frame.height * scale);
  /* The ring's outer edge: radius plus half the halo's line width. */
  side = (int) ceil (2 * (size + 2.5) * scale) + 2;
  if (w <= 0 || h <= 0)
    return;
  ring = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, side, side);
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  if (cairo_surface_status (ring) == CAIRO_STATUS_SUCCESS && cairo_surface_status (image) == CAIRO_STATUS_SUCCESS)
    {
      LloydPlotScope sprite_scope = *scope;
      cairo_t *rcr = cairo_create (ring);
      const guint32 *sprite;

      /* The same marker as the vector path, drawn once at the sprite's centre. */
      cairo_scale (rcr, scale, scale);
      sprite_scope.cr = rcr;
      lloyd_marker_flag (&sprite_scope, (side / 2 + 0.5) / scale, (side / 2 + 0.5) / scale, size);
      cairo_destroy (rcr);
      cairo_surface_flush (ring);
      g_assert (cairo_image_surface_get_stride (ring) == side * 4);
      sprite = (const guint32 *) cairo_image_surface_get_data (ring);

      cairo_surface_flush (image);
      pixels = (guint32 *) cairo_image_surface_get_data (image);
      stride = cairo_image_surface_get_stride (image) / 4;
      fx = w / (ax->x.hi - ax->x.lo);
      fy = h / (ax->y.hi - ax->y.lo);
      /* One ring per device pixel: duplicate rows (KDD has many) would only
       * stamp the same ring again. */
      stamped = g_try_malloc0 ((gsize) w * h);
      for (gsize i = 0; i < plot->n; i++)
        if (plot->flagged[i])
          {
            double px = (plot->xy[2 * i] - ax->x.lo) * fx, py = (ax->y.hi - plot->xy[2 * i + 1]) * fy;

            if (stamped != NULL && px >= 0 && px < w && py >= 0 && py < h)
              {
                gsize at = (gsize) floor (py) * w + (gsize) floor (px);

                if (stamped[at])
                  continue;
                stamped[at] = 1;
              }
            stamp_sprite (pixels, stride, w, h, sprite, side, px, py);
          }
      cairo_surface_mark_dirty (image);

      paint_frame_image (cr, ax, image, scale);
    }
  cairo_surface_destroy (ring);
  cairo_surface_destroy (image);
}

void
lloyd_scatter_plot_render (const LloydScatterPlot   *plot,
                           const LloydPlotScope     *scope,
                           const LloydPlotTransform *transform)
{
  lloyd_scatter_plot_render_layout (plot, scope, transform, NULL);
}

void
lloyd_scatter_plot_render_figure (const LloydPlotScope *scope,
                                  gpointer              plot)
{
  lloyd_scatter_plot_render_layout (plot, scope, NULL, NULL);
}

void
lloyd_scatter_plot_render_layout (const LloydScatterPlot   *plot,
                                  const LloydPlotScope     *scope,
                                  const LloydPlotTransform *transform,
                                  LloydScatterLayout       *out)
{
  LloydScatterLayout layout;
  g_autoptr (LloydLegend) legend = NULL;
  const LloydAxes *ax;
  cairo_t *cr;

  g_return_if_fail (plot != NULL && scope != NULL && scope->cr != NULL);
  g_return_if_fail (plot->n == 0 || plot->xy != NULL);

  cr = scope->cr;
  lloyd_scatter_plot_layout (plot, scope, transform, &layout);
  ax = &layout.axes;
  lloyd_plot_begin (scope);
  lloyd_axes_draw_grid (ax, scope);

  cairo_save (cr);
  lloyd_axes_clip (ax, cr);
  if (plot->voronoi && plot->centroids != NULL && plot->k > 0)
    draw_voronoi (plot, &layout, scope);
  if (plot->radii != NULL && plot->centroids != NULL)
    draw_circles (plot, &layout, scope);
  if (plot->assignment_lines && plot->labels != NULL && plot->centroids != NULL &&
      plot->n <= LLOYD_SCATTER_ASSIGNMENT_LINES_MAX)
    draw_assignment_lines (plot, &layout, scope);
  if (layout.density)
    draw_density (plot, &layout, scope);
  else
    draw_points (plot, &layout, scope);
  if (plot->flagged != NULL)
    draw_flags (plot, &layout, scope);
  if (plot->trails != NULL && plot->n_trail > 0 && plot->centroids != NULL)
    draw_trails (plot, &layout, scope);
  if (plot->centroids != NULL)
    for (guint c = 0; c < plot->k; c++)
      {
        double px, py, rgb[3];
        char label[16];

        lloyd_scatter_layout_to_pixel (&layout, plot->centroids[2 * c], plot->centroids[2 * c + 1], &px, &py);
        lloyd_palette_color (c, rgb);
        g_snprintf (label, sizeof label, "%u", c);
        lloyd_marker_centroid (scope, px, py, plot->k > 99 ? LLOYD_CENTROID_RADIUS * 1.2 : LLOYD_CENTROID_RADIUS,
                               rgb, label);
      }
  cairo_restore (cr);

  lloyd_axes_draw (ax, scope, &layout.spec);
  legend = build_legend (plot);
  lloyd_legend_draw (legend, scope, layout.legend_x, layout.legend_y);
  if (layout.note != NULL)
    lloyd_text_draw (scope, layout.note, ax->area.x + 12, ax->area.y + ax->area.height - 4, 0, 1,
                     lloyd_plot_scope_theme (scope)->font_size * 0.9, LLOYD_TEXT_ITALIC,
                     lloyd_plot_scope_theme (scope)->muted, 0);
  if (out != NULL)
    *out = layout;
  else
    lloyd_scatter_layout_clear (&layout);
}
