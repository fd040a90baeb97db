/* histogram-plot.c — the distance histogram (see histogram-plot.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "histogram-plot.h"
#include "legend.h"
#include "palette.h"
#include "text.h"

static const double threshold_dash[] = { 6, 3 };

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Freedman–Diaconis on a sample of at most 20,000 values: robust to the long
 * tail distances have, and cheap on half a million rows. */
static guint
auto_bins (const double *values,
           gsize         n,
           double        lo,
           double        hi)
{
  gsize m = 0, stride = MAX (n / 20000, 1);
  g_autofree double *sample = g_new (double, MIN (n, 20000) + 1);
  double iqr, width;

  for (gsize i = 0; i < n && m < 20001; i += stride)
    if (isfinite (values[i]))
      sample[m++] = values[i];
  if (m < 4 || !(hi > lo))
    return 10;
  qsort (sample, m, sizeof *sample, compare_doubles);
  iqr = sample[(3 * m) / 4] - sample[m / 4];
  if (!(iqr > 0))
    return CLAMP ((guint) ceil (sqrt ((double) n)), 10, 60);
  width = 2 * iqr / cbrt ((double) n);
  return CLAMP ((guint) ceil ((hi - lo) / width), 10, 120);
}

/* How many thresholds print differently, and their range: thresholds that
 * print alike are one to the reader (the blobs' two "1.055"). */
static guint
count_distinct (const LloydHistogramPlot *plot,
                const LloydTicks         *x,
                double                   *lo,
                double                   *hi)
{
  guint distinct = 0;
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  for (guint t = 0; t < plot->n_thresholds; t++)
    {
      char value[LLOYD_TICK_LABEL_SIZE];

      if (!isfinite (plot->thresholds[t]))
        continue;
      *lo = MIN (*lo, plot->thresholds[t]);
      *hi = MAX (*hi, plot->thresholds[t]);
      lloyd_ticks_format_value (x, plot->thresholds[t], value, sizeof value);
      if (g_hash_table_add (seen, g_strdup (value)))
        distinct++;
    }
  return distinct;
}

static LloydLegend *
build_legend (const LloydHistogramPlot   *plot,
              const LloydHistogramLayout *layout,
              const LloydTicks           *x,
              const LloydPlotTheme       *theme)
{
  LloydLegend *legend = lloyd_legend_new ();
  char num[32], total[32];
  double rgb[3];
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  if (plot->n_thresholds == 0 && plot->flags == NULL)
    return legend;
  lloyd_palette_color (0, rgb);
  lloyd_format_count (plot->n - layout->flagged, num, sizeof num);
  a = g_strdup_printf (_("Not flagged (%s)"), num);
  lloyd_legend_add (legend, LLOYD_LEGEND_SWATCH, rgb, a);
  memcpy (rgb, theme->accent, sizeof rgb);
  lloyd_format_count (layout->flagged, num, sizeof num);
  lloyd_format_count (plot->n, total, sizeof total);
  b = g_strdup_printf (_("Flagged (%s, %.2f%%)"), num, plot->n ? 100.0 * layout->flagged / plot->n : 0.0);
  lloyd_legend_add (legend, LLOYD_LEGEND_SWATCH, rgb, b);
  if (layout->grouped)
    {
      double lo, hi;
      guint n = 0;
      char slo[LLOYD_TICK_LABEL_SIZE], shi[LLOYD_TICK_LABEL_SIZE];

      count_distinct (plot, x, &lo, &hi);
      for (guint t = 0; t < plot->n_thresholds; t++)
        n += isfinite (plot->thresholds[t]) ? 1 : 0;
      lloyd_ticks_format_value (x, lo, slo, sizeof slo);
      lloyd_ticks_format_value (x, hi, shi, sizeof shi);
      c = plot->flags != NULL
            /* TRANSLATORS: how many per-cluster thresholds, and their range, "(23): 0.52–4.1" */
            ? g_strdup_printf (_("Per-cluster thresholds (%u): %s–%s"), n, slo, shi)
            : g_strdup_printf (_("Thresholds (%u): %s–%s"), n, slo, shi);
      lloyd_legend_add (legend, LLOYD_LEGEND_LINE, rgb, c);
    }
  return legend;
}

/* The ticks thresholds are printed with (legend and label alike): those of
 * the x range before the axes are laid out, as the legend's width sets the
 * frame's; so which thresholds print alike does not depend on the frame. */
static void
value_ticks (const LloydHistogramLayout *layout,
             LloydTicks                 *x)
{
  lloyd_ticks_linear (layout->spec.x_lo, layout->spec.x_hi, 8, FALSE, x);
}

/* The single threshold's label: right of its line when there is room, else
 * left of it, but never out of the frame (over the axis' numbers). */
static void
place_label (const LloydHistogramPlot *plot,
             const LloydPlotScope     *scope,
             LloydHistogramLayout     *layout)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  const LloydAxes *ax = &layout->axes;
  char value[LLOYD_TICK_LABEL_SIZE];
  double x, w, h, tx, y;
  LloydTicks ticks;
  guint t;

  for (t = 0; t < plot->n_thresholds && !isfinite (plot->thresholds[t]); t++)
    ;
  if (t == plot->n_thresholds)
    return;
  x = round (lloyd_axes_x (ax, plot->thresholds[t])) + 0.5;
  value_ticks (layout, &ticks);
  lloyd_ticks_format_value (&ticks, plot->thresholds[t], value, sizeof value);
  layout->label = plot->threshold_labels && plot->threshold_labels[t]
                    /* TRANSLATORS: a threshold's name and its value, "cluster 0: 1.73" */
                    ? g_strdup_printf (_("%s: %s"), plot->threshold_labels[t], value)
                    : g_strdup_printf (_("threshold %s"), value);
  lloyd_text_measure (scope, layout->label, theme->font_size, LLOYD_TEXT_BOLD, &w, &h);
  if (w > ax->frame.width - 8)
    {
      char *shorter = lloyd_text_ellipsize (scope, layout->label, theme->font_size, LLOYD_TEXT_BOLD,
                                            ax->frame.width - 8);

      g_free (layout->label);
      layout->label = shorter;
      lloyd_text_measure (scope, layout->label, theme->font_size, LLOYD_TEXT_BOLD, &w, &h);
    }
  y = ax->frame.y + 6;
  tx = x + 5 + w <= ax->frame.x + ax->frame.width - 4 ? x + 5 : x - 5 - w;
  tx = MAX (tx, ax->frame.x + 4);
  layout->label_rect = (LloydPlotRect) { tx - 2, y - 1, w + 4, h + 2 };
}

void
lloyd_histogram_plot_layout (const LloydHistogramPlot *plot,
                             const LloydPlotScope     *scope,
                             LloydHistogramLayout     *layout)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, cut = G_MAXDOUBLE;
  guint64 max_count = 0;
  LloydPlotRect area = lloyd_plot_area (scope);

  g_return_if_fail (plot != NULL && scope != NULL && layout != NULL);
  g_return_if_fail (plot->n == 0 || plot->values != NULL);

  memset (layout, 0, sizeof *layout);
  for (gsize i = 0; i < plot->n; i++)
    if (isfinite (plot->values[i]))
      {
        lo = MIN (lo, plot->values[i]);
        hi = MAX (hi, plot->values[i]);
      }
  for (guint t = 0; t < plot->n_thresholds; t++)
    if (isfinite (plot->thresholds[t]))
      {
        hi = MAX (hi, plot->thresholds[t]);
        cut = MIN (cut, plot->thresholds[t]);
      }
  if (lo > hi)
    lo = hi = 0;
  /* Distances are ≥ 0: start the axis at 0 when the data is near it. */
  if (lo >= 0 && lo < (hi - lo) * 0.25)
    lo = 0;
  if (!(hi > lo))
    hi = lo + 1;

  layout->n_bins = plot->n_bins ? plot->n_bins : auto_bins (plot->values, plot->n, lo, hi);
  layout->n_bins = CLAMP (layout->n_bins, 1, 1000);
  layout->lo = lo;
  layout->width = (hi - lo) / layout->n_bins;
  layout->counts = g_new0 (guint64, layout->n_bins);
  layout->flagged_counts = g_new0 (guint64, layout->n_bins);
  for (gsize i = 0; i < plot->n; i++)
    {
      double v = plot->values[i];
      gssize b;

      if (!isfinite (v))
        continue;
      b = (gssize) floor ((v - lo) / layout->width);
      /* The maximum lands exactly on the right edge: it belongs to the last bin. */
      b = CLAMP (b, 0, (gssize) layout->n_bins - 1);
      layout->counts[b]++;
      if (plot->flags != NULL ? plot->flags[i] != 0 : (plot->n_thresholds > 0 && v > cut))
        {
          layout->flagged_counts[b]++;
          layout->flagged++;
        }
    }
  for (guint b = 0; b < layout->n_bins; b++)
    max_count = MAX (max_count, layout->counts[b]);

  layout->spec.title = plot->title ? plot->title : _("Distance to the nearest centroid");
  layout->spec.x_title = plot->x_title ? plot->x_title : _("Distance to nearest centroid");
  layout->spec.y_title = plot->log_counts ? _("Points (log scale)") : _("Points");
  layout->spec.x_lo = lo;
  layout->spec.x_hi = hi + (hi - lo) * 0.02;
  layout->spec.y_lo = plot->log_counts ? 0.7 : 0;
  layout->spec.y_hi = MAX (max_count, 1) * (plot->log_counts ? 3 : 1.08);
  layout->spec.y_log = plot->log_counts;
  layout->spec.y_exact = plot->log_counts;
  {
    LloydTicks x;
    double t_lo, t_hi, lw, lh;
    g_autoptr (LloydLegend) legend = NULL;

    value_ticks (layout, &x);
    layout->grouped = count_distinct (plot, &x, &t_lo, &t_hi) > 1;
    legend = build_legend (plot, layout, &x, lloyd_plot_scope_theme (scope));
    lloyd_legend_measure (legend, scope, &lw, &lh);
    layout->spec.right_reserve = lw > 0 ? lw + 4 : 0;
    lloyd_axes_layout (&layout->axes, scope, area, &layout->spec);
    if (lw > 0)
      layout->legend_rect = (LloydPlotRect) { layout->axes.frame.x + layout->axes.frame.width + 10,
                                              layout->axes.frame.y, lw, lh };
  }
  if (!layout->grouped)
    place_label (plot, scope, layout);
}

void
lloyd_histogram_layout_clear (LloydHistogramLayout *layout)
{
  g_clear_pointer (&layout->counts, g_free);
  g_clear_pointer (&layout->flagged_counts, g_free);
  g_clear_pointer (&layout->label, g_free);
}

void
lloyd_histogram_plot_render (const LloydHistogramPlot *plot,
                             const LloydPlotScope     *scope)
{
  LloydHistogramLayout layout;
  const LloydPlotTheme *theme;
  const LloydAxes *ax;
  double base_rgb[3];
  cairo_t *cr;

  g_return_if_fail (plot != NULL && scope != NULL && scope->cr != NULL);

  cr = scope->cr;
  theme = lloyd_plot_scope_theme (scope);
  lloyd_plot_begin (scope);
  lloyd_histogram_plot_layout (plot, scope, &layout);
  ax = &layout.axes;
  lloyd_axes_draw_grid (ax, scope);
  lloyd_palette_color (0, base_rgb);

  cairo_save (cr);
  lloyd_axes_clip (ax, cr);
  for (guint b = 0; b < layout.n_bins; b++)
    {
      double x0 = lloyd_axes_x (ax, layout.lo + b * layout.width);
      double x1 = lloyd_axes_x (ax, layout.lo + (b + 1) * layout.width);
      double w = MAX (x1 - x0 - (x1 - x0 > 4 ? 1 : 0), 0.8);
      double y0 = ax->frame.y + ax->frame.height, y_all, y_normal;
      guint64 normal = layout.counts[b] - layout.flagged_counts[b];

      if (layout.counts[b] == 0)
        continue;
      /* The flagged points of a bin stacked on its others, in the accent colour. */
      y_all = lloyd_axes_y (ax, (double) layout.counts[b]);
      y_normal = normal > 0 ? lloyd_axes_y (ax, (double) normal) : y0;
      if (normal > 0)
        {
          cairo_rectangle (cr, x0, y_normal, w, y0 - y_normal);
          cairo_set_source_rgb (cr, base_rgb[0], base_rgb[1], base_rgb[2]);
          cairo_fill (cr);
        }
      if (layout.flagged_counts[b] > 0)
        {
          cairo_rectangle (cr, x0, y_all, w, y_normal - y_all);
          lloyd_plot_set_rgba (cr, theme->accent);
          cairo_fill (cr);
        }
    }
  cairo_restore (cr);

  /* The lines first, then the label on its backing: no line crosses it.
   * Grouped thresholds are thin, so two dozen of them still show the bars. */
  cairo_save (cr);
  lloyd_axes_clip (ax, cr);
  lloyd_plot_set_rgba (cr, theme->accent);
  cairo_set_line_width (cr, layout.grouped ? 1 : 2);
  cairo_set_dash (cr, threshold_dash, 2, 0);
  for (guint t = 0; t < plot->n_thresholds; t++)
    if (isfinite (plot->thresholds[t]))
      {
        double x = round (lloyd_axes_x (ax, plot->thresholds[t])) + 0.5;

        cairo_move_to (cr, x, ax->frame.y);
        cairo_line_to (cr, x, ax->frame.y + ax->frame.height);
        if (!layout.grouped)
          break;
      }
  cairo_stroke (cr);
  cairo_restore (cr);
  if (layout.label != NULL)
    {
      const LloydPlotRect *r = &layout.label_rect;

      cairo_rectangle (cr, r->x, r->y, r->width, r->height);
      cairo_set_source_rgba (cr, theme->background[0], theme->background[1], theme->background[2], 0.85);
      cairo_fill (cr);
      lloyd_text_draw (scope, layout.label, r->x + 2, r->y + 1, 0, 0, theme->font_size, LLOYD_TEXT_BOLD,
                       theme->accent, 0);
    }
  {
    LloydTicks x;
    g_autoptr (LloydLegend) legend = NULL;

    value_ticks (&layout, &x);
    legend = build_legend (plot, &layout, &x, theme);
    lloyd_legend_draw (legend, scope, layout.legend_rect.x, layout.legend_rect.y);
  }
  lloyd_axes_draw (ax, scope, &layout.spec);
  lloyd_histogram_layout_clear (&layout);
}
