/* elbow-plot.c — inertia and silhouette against k (see elbow-plot.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "elbow-plot.h"
#include "legend.h"
#include "palette.h"
#include "text.h"

static LloydLegend *
build_legend (const LloydElbowPlot *plot)
{
  LloydLegend *legend = lloyd_legend_new ();
  double rgb[3];

  lloyd_palette_color (0, rgb);
  lloyd_legend_add (legend, LLOYD_LEGEND_LINE, rgb, _("Inertia"));
  if (plot->silhouette != NULL)
    {
      lloyd_palette_color (1, rgb);
      lloyd_legend_add (legend, LLOYD_LEGEND_DASH, rgb, _("Silhouette"));
    }
  return legend;
}

void
lloyd_elbow_plot_layout (const LloydElbowPlot *plot,
                         const LloydPlotScope *scope,
                         LloydAxesSpec        *spec,
                         LloydAxes            *axes)
{
  double ilo = G_MAXDOUBLE, ihi = -G_MAXDOUBLE, slo = G_MAXDOUBLE, shi = -G_MAXDOUBLE, lw = 0;
  g_autoptr (LloydLegend) legend = build_legend (plot);
  LloydPlotRect area = lloyd_plot_area (scope);

  g_return_if_fail (plot != NULL && spec != NULL && axes != NULL);

  for (guint i = 0; i < plot->n; i++)
    {
      if (isfinite (plot->inertia[i]))
        {
          ilo = MIN (ilo, plot->inertia[i]);
          ihi = MAX (ihi, plot->inertia[i]);
        }
      if (plot->silhouette != NULL && isfinite (plot->silhouette[i]))
        {
          slo = MIN (slo, plot->silhouette[i]);
          shi = MAX (shi, plot->silhouette[i]);
        }
    }
  if (ilo > ihi)
    ilo = ihi = 0;
  memset (spec, 0, sizeof *spec);
  spec->title = plot->title ? plot->title : _("Elbow: inertia against k");
  spec->x_title = _("Number of clusters k");
  spec->y_title = _("Inertia");
  spec->x_lo = plot->n ? plot->k[0] : 1;
  spec->x_hi = plot->n ? plot->k[plot->n - 1] : 2;
  spec->x_integer = TRUE;
  spec->x_exact = TRUE;
  /* From zero, with a little air above the largest inertia (k = 1). */
  spec->y_lo = MIN (0, ilo);
  spec->y_hi = ihi + (ihi - spec->y_lo) * 0.06;
  spec->y_exact = TRUE;
  if (plot->silhouette != NULL)
    {
      spec->has_y2 = TRUE;
      spec->y2_title = _("Silhouette");
      /* The silhouette lives in [−1, 1]; show from 0 unless it is negative. */
      spec->y2_lo = slo <= shi ? MIN (0, slo) : 0;
      spec->y2_hi = slo <= shi ? MAX (shi, 0.1) : 1;
      spec->y2_hi += (spec->y2_hi - spec->y2_lo) * 0.06;
    }
  lloyd_legend_measure (legend, scope, &lw, NULL);
  spec->right_reserve = lw + 4;
  /* Half a step of air at each end so the first and last markers are whole. */
  if (plot->n > 1)
    {
      spec->x_lo -= 0.3;
      spec->x_hi += 0.3;
    }
  lloyd_axes_layout (axes, scope, area, spec);
}

static void
draw_series (cairo_t         *cr,
             const LloydAxes *ax,
             const double    *k,
             const double    *v,
             guint            n,
             gboolean         second,
             const double     rgb[3])
{
  static const double dash[] = { 6, 4 };
  gboolean pen = FALSE;

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      double x, y;

      if (!isfinite (v[i]))
        {
          pen = FALSE;
          continue;
        }
      x = lloyd_axes_x (ax, k[i]);
      y = second ? lloyd_axes_y2 (ax, v[i]) : lloyd_axes_y (ax, v[i]);
      if (pen)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen = TRUE;
    }
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_set_line_width (cr, 2.2);
  if (second)
    cairo_set_dash (cr, dash, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  for (guint i = 0; i < n; i++)
    {
      if (!isfinite (v[i]))
        continue;
      cairo_new_path (cr);
      if (second)
        cairo_rectangle (cr, lloyd_axes_x (ax, k[i]) - 3.5, lloyd_axes_y2 (ax, v[i]) - 3.5, 7, 7);
      else
        cairo_arc (cr, lloyd_axes_x (ax, k[i]), lloyd_axes_y (ax, v[i]), 4, 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

void
lloyd_elbow_plot_render (const LloydElbowPlot *plot,
                         const LloydPlotScope *scope)
{
  const LloydPlotTheme *theme;
  g_autoptr (LloydLegend) legend = NULL;
  LloydAxesSpec spec;
  LloydAxes ax;
  double rgb[3];
  cairo_t *cr;

  g_return_if_fail (plot != NULL && scope != NULL && scope->cr != NULL);
  g_return_if_fail (plot->n == 0 || (plot->k != NULL && plot->inertia != NULL));

  cr = scope->cr;
  theme = lloyd_plot_scope_theme (scope);
  lloyd_plot_begin (scope);
  lloyd_elbow_plot_layout (plot, scope, &spec, &ax);
  lloyd_axes_draw_grid (&ax, scope);

  cairo_save (cr);
  lloyd_axes_clip (&ax, cr);
  for (guint e = 0; e < plot->n_elbows; e++)
    {
      static const double dash[] = { 3, 3 };
      double x = lloyd_axes_x (&ax, plot->elbows[e]);

      lloyd_plot_set_rgba (cr, theme->accent);
      cairo_set_line_width (cr, 1.5);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_move_to (cr, x, ax.frame.y);
      cairo_line_to (cr, x, ax.frame.y + ax.frame.height);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  lloyd_palette_color (0, rgb);
  draw_series (cr, &ax, plot->k, plot->inertia, plot->n, FALSE, rgb);
  if (plot->silhouette != NULL)
    {
      lloyd_palette_color (1, rgb);
      draw_series (cr, &ax, plot->k, plot->silhouette, plot->n, TRUE, rgb);
    }
  /* Ring the inertia point at each elbow and name it. */
  for (guint e = 0; e < plot->n_elbows; e++)
    for (guint i = 0; i < plot->n; i++)
      if (plot->k[i] == plot->elbows[e] && isfinite (plot->inertia[i]))
        {
          double x = lloyd_axes_x (&ax, plot->k[i]), y = lloyd_axes_y (&ax, plot->inertia[i]);
          g_autofree char *text = plot->elbow_names && plot->elbow_names[e]
                                    /* TRANSLATORS: the method that found the elbow, and its k */
                                    ? g_strdup_printf (_("elbow (%s): k = %g"), plot->elbow_names[e], plot->k[i])
                                    : g_strdup_printf (_("elbow: k = %g"), plot->k[i]);
          double tw, tx;

          cairo_new_path (cr);
          cairo_arc (cr, x, y, 9, 0, 2 * G_PI);
          lloyd_plot_set_rgba (cr, theme->accent);
          cairo_set_line_width (cr, 2.5);
          cairo_stroke (cr);
          lloyd_text_measure (scope, text, theme->font_size, LLOYD_TEXT_BOLD, &tw, NULL);
          if (tw > ax.frame.width - 8)
            {
              char *shorter = lloyd_text_ellipsize (scope, text, theme->font_size, LLOYD_TEXT_BOLD,
                                                    ax.frame.width - 8);

              g_free (text);
              text = shorter;
              lloyd_text_measure (scope, text, theme->font_size, LLOYD_TEXT_BOLD, &tw, NULL);
            }
          /* Right of the ring, else left of it, else as far left as the frame
           * allows: the frame clips, and a cut label says nothing. */
          if (x + 14 + tw < ax.frame.x + ax.frame.width - 4)
            tx = x + 14;
          else if (x - 14 - tw >= ax.frame.x + 4)
            tx = x - 14 - tw;
          else
            tx = ax.frame.x + 4;
          lloyd_text_draw (scope, text, tx, y - 10, 0, 1, theme->font_size, LLOYD_TEXT_BOLD, theme->accent, 0);
        }
  cairo_restore (cr);

  if (plot->n_elbows == 0 && plot->n > 0)
    lloyd_text_draw (scope, _("No clear elbow"), ax.frame.x + ax.frame.width - 10, ax.frame.y + 10, 1, 0,
                     theme->font_size * 1.15, LLOYD_TEXT_BOLD, theme->accent, 0);
  lloyd_axes_draw (&ax, scope, &spec);
  legend = build_legend (plot);
  lloyd_legend_draw (legend, scope, ax.area.x + ax.area.width - spec.right_reserve - 8, ax.frame.y);
}
