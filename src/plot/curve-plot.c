/* curve-plot.c — ROC and precision–recall curves (see curve-plot.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "curve-plot.h"
#include "legend.h"
#include "palette.h"
#include "text.h"

static LloydLegend *
build_legend (const LloydCurvePlot *plot)
{
  LloydLegend *legend = lloyd_legend_new ();

  for (guint i = 0; i < plot->n_curves; i++)
    {
      const LloydCurve *c = &plot->curves[i];
      g_autofree char *label = NULL;
      double rgb[3];

      lloyd_palette_color (i, rgb);
      if (isfinite (c->area))
        label = plot->kind == LLOYD_CURVE_ROC
                  /* TRANSLATORS: a curve's name and the area under it */
                  ? g_strdup_printf (_("%s (AUC %.3f)"), c->name ? c->name : _("curve"), c->area)
                  /* TRANSLATORS: a curve's name and its average precision */
                  : g_strdup_printf (_("%s (AP %.3f)"), c->name ? c->name : _("curve"), c->area);
      else
        label = g_strdup (c->name ? c->name : _("curve"));
      lloyd_legend_add (legend, LLOYD_LEGEND_LINE, rgb, label);
    }
  return legend;
}

gsize
lloyd_curve_decimate (const double *xy,
                      gsize         n,
                      double        min_step,
                      gsize         keep,
                      gsize        *out)
{
  gsize n_out = 0, last = G_MAXSIZE;

  g_return_val_if_fail (n == 0 || (xy != NULL && out != NULL), 0);

  /* The last finite point, so that it is kept even when it is close. */
  for (gsize j = n; j-- > 0;)
    if (isfinite (xy[2 * j]) && isfinite (xy[2 * j + 1]))
      {
        last = j;
        break;
      }
  for (gsize j = 0; j < n && last != G_MAXSIZE; j++)
    {
      const double *p = xy + 2 * j;

      if (!isfinite (p[0]) || !isfinite (p[1]))
        continue;
      if (n_out > 0 && j != keep && j != last)
        {
          const double *q = xy + 2 * out[n_out - 1];

          if (fabs (p[0] - q[0]) + fabs (p[1] - q[1]) < min_step)
            continue;
        }
      out[n_out++] = j;
    }
  return n_out;
}

void
lloyd_curve_plot_layout (const LloydCurvePlot *plot,
                         const LloydPlotScope *scope,
                         LloydAxesSpec        *spec,
                         LloydAxes            *axes)
{
  LloydPlotRect area = lloyd_plot_area (scope);
  g_autoptr (LloydLegend) legend = build_legend (plot);
  double lw = 0, lh = 0;

  g_return_if_fail (plot != NULL && scope != NULL && spec != NULL && axes != NULL);

  memset (spec, 0, sizeof *spec);
  spec->title = plot->title ? plot->title
                            : plot->kind == LLOYD_CURVE_ROC ? _("ROC curve") : _("Precision–recall curve");
  spec->x_title = plot->kind == LLOYD_CURVE_ROC ? _("False-positive rate") : _("Recall");
  spec->y_title = plot->kind == LLOYD_CURVE_ROC ? _("True-positive rate") : _("Precision");
  spec->x_lo = spec->y_lo = 0;
  spec->x_hi = spec->y_hi = 1;
  spec->x_exact = spec->y_exact = TRUE;
  /* The legend goes under the x title: beside a square frame it took half
   * the width of a small figure. */
  lloyd_legend_measure (legend, scope, &lw, &lh);
  spec->bottom_reserve = lh > 0 ? lh + 6 : 0;
  lloyd_axes_layout (axes, scope, area, spec);
  /* Rates on both axes: a square frame keeps the diagonal at 45°. */
  if (axes->frame.width > axes->frame.height)
    {
      double excess = axes->frame.width - axes->frame.height;

      area.x += excess / 2;
      area.width -= excess;
      lloyd_axes_layout (axes, scope, area, spec);
    }
}

void
lloyd_curve_plot_render (const LloydCurvePlot *plot,
                         const LloydPlotScope *scope)
{
  LloydAxesSpec spec;
  LloydAxes ax;
  g_autoptr (LloydLegend) legend = NULL;
  const LloydPlotTheme *theme;
  static const double dash[] = { 5, 4 };
  cairo_t *cr;

  g_return_if_fail (plot != NULL && scope != NULL && scope->cr != NULL);

  cr = scope->cr;
  theme = lloyd_plot_scope_theme (scope);
  lloyd_plot_begin (scope);
  lloyd_curve_plot_layout (plot, scope, &spec, &ax);
  lloyd_axes_draw_grid (&ax, scope);

  cairo_save (cr);
  lloyd_axes_clip (&ax, cr);
  lloyd_plot_set_rgba (cr, theme->muted);
  cairo_set_line_width (cr, 1.2);
  cairo_set_dash (cr, dash, 2, 0);
  if (plot->kind == LLOYD_CURVE_ROC)
    {
      cairo_move_to (cr, lloyd_axes_x (&ax, 0), lloyd_axes_y (&ax, 0));
      cairo_line_to (cr, lloyd_axes_x (&ax, 1), lloyd_axes_y (&ax, 1));
      cairo_stroke (cr);
    }
  else if (isfinite (plot->baseline))
    {
      cairo_move_to (cr, lloyd_axes_x (&ax, 0), lloyd_axes_y (&ax, plot->baseline));
      cairo_line_to (cr, lloyd_axes_x (&ax, 1), lloyd_axes_y (&ax, plot->baseline));
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
  for (guint i = 0; i < plot->n_curves; i++)
    {
      const LloydCurve *c = &plot->curves[i];
      double rgb[3];
      g_autofree double *xy = g_try_new (double, 2 * (gsize) c->n);
      g_autofree gsize *kept = g_try_new (gsize, c->n);
      gsize n_kept;

      if (c->n == 0 || xy == NULL || kept == NULL)
        continue;
      lloyd_palette_color (i, rgb);
      for (guint j = 0; j < c->n; j++)
        {
          xy[2 * j] = isfinite (c->x[j]) ? lloyd_axes_x (&ax, c->x[j]) : NAN;
          xy[2 * j + 1] = isfinite (c->y[j]) ? lloyd_axes_y (&ax, c->y[j]) : NAN;
        }
      /* A curve over half a million thresholds: vertices closer than half a
       * pixel to the previous one change nothing on screen, and GSK would
       * replay every one of them on each frame. */
      n_kept = lloyd_curve_decimate (xy, c->n, 0.5 / MAX (1.0, scope->scale), c->keep, kept);
      cairo_new_path (cr);
      for (gsize j = 0; j < n_kept; j++)
        cairo_line_to (cr, xy[2 * kept[j]], xy[2 * kept[j] + 1]);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_set_line_width (cr, 2.2);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  lloyd_axes_draw (&ax, scope, &spec);
  legend = build_legend (plot);
  {
    LloydPlotRect area = lloyd_plot_area (scope);
    double lw, lh, lx;

    lloyd_legend_measure (legend, scope, &lw, &lh);
    /* Centred under the frame, but inside the figure (not the axes' area,
     * narrowed to square the frame): a legend wider than the frame is shifted,
     * not cut at the figure's edge. */
    lx = MIN (ax.frame.x + (ax.frame.width - lw) / 2, area.x + area.width - lw);
    lloyd_legend_draw (legend, scope, MAX (lx, area.x), ax.area.y + ax.area.height - lh);
  }
}
