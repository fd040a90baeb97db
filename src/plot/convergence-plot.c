/* convergence-plot.c — inertia, moved and shift per iteration (see convergence-plot.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "convergence-plot.h"
#include "palette.h"
#include "text.h"

/* Translated where drawn. */
static const char *const series_names[] = { N_("Inertia"), N_("Points moved"), N_("Centroid shift") };

static const double *
series_values (const LloydConvergencePlot *plot,
               int                         s)
{
  return s == 0 ? plot->inertia : s == 1 ? plot->moved : plot->shift;
}

static void
panel_spec (const LloydConvergencePlot *plot,
            int                         s,
            gboolean                    first,
            gboolean                    last,
            LloydAxesSpec              *spec)
{
  const double *v = series_values (plot, s);
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  gboolean log = s == 2 && plot->log_shift;

  for (guint i = 0; i < plot->n; i++)
    if (isfinite (v[i]) && (!log || v[i] > 0))
      {
        lo = MIN (lo, v[i]);
        hi = MAX (hi, v[i]);
      }
  if (lo > hi)
    lo = hi = log ? 1 : 0;
  /* Counts and shifts read best from zero; a log axis cannot start there. */
  if (!log && lo > 0 && s != 0)
    lo = 0;
  /* Exact ranges with a little air, so no point sits on the frame. */
  if (!log)
    {
      double span = hi > lo ? hi - lo : MAX (fabs (hi), 1);

      lo -= span * 0.06;
      hi += span * 0.06;
    }

  memset (spec, 0, sizeof *spec);
  spec->title = first ? (plot->title ? plot->title : _("Convergence")) : NULL;
  spec->x_title = last ? _("Iteration") : NULL;
  spec->y_title = _(series_names[s]);
  /* Half an iteration of air at each end so the first and last points are whole. */
  spec->x_lo = plot->n > 1 ? 0.6 : 0.5;
  spec->x_hi = plot->n > 1 ? plot->n + 0.4 : 1.5;
  spec->x_exact = TRUE;
  spec->x_integer = TRUE;
  spec->y_lo = lo;
  spec->y_hi = hi;
  spec->y_log = log;
  spec->y_exact = !log;
}

void
lloyd_convergence_plot_layout (const LloydConvergencePlot *plot,
                               const LloydPlotScope       *scope,
                               LloydConvergenceLayout     *layout)
{
  LloydPlotRect area;
  double panel_h, left = 0;

  g_return_if_fail (plot != NULL && scope != NULL && layout != NULL);

  memset (layout, 0, sizeof *layout);
  for (int s = 0; s < 3; s++)
    if (series_values (plot, s) != NULL && plot->n > 0)
      layout->series[layout->n_panels++] = s;

  area = lloyd_plot_area (scope);
  if (layout->n_panels == 0)
    return;

  /* The first panel also holds the title and the last the x title: share the
   * height so the frames come out nearly equal. */
  panel_h = area.height / layout->n_panels;
  for (guint p = 0; p < layout->n_panels; p++)
    {
      LloydAxesSpec spec;
      LloydPlotRect r = { area.x, area.y + p * panel_h, area.width, panel_h };

      panel_spec (plot, layout->series[p], p == 0, p + 1 == layout->n_panels, &spec);
      lloyd_axes_layout (&layout->panels[p], scope, r, &spec);
      left = MAX (left, layout->panels[p].frame.x);
    }
  /* Line the frames up on the widest left margin. */
  for (guint p = 0; p < layout->n_panels; p++)
    {
      LloydAxes *ax = &layout->panels[p];

      ax->frame.width -= left - ax->frame.x;
      ax->frame.x = left;
    }
}

void
lloyd_convergence_plot_render (const LloydConvergencePlot *plot,
                               const LloydPlotScope       *scope)
{
  LloydConvergenceLayout layout;
  const LloydPlotTheme *theme;
  cairo_t *cr;

  g_return_if_fail (plot != NULL && scope != NULL && scope->cr != NULL);

  cr = scope->cr;
  theme = lloyd_plot_scope_theme (scope);
  lloyd_plot_begin (scope);
  lloyd_convergence_plot_layout (plot, scope, &layout);
  if (layout.n_panels == 0)
    {
      lloyd_text_draw (scope, _("No iterations yet"), scope->width / 2, scope->height / 2, 0.5, 0.5,
                       theme->font_size * 1.2, LLOYD_TEXT_NORMAL, theme->muted, 0);
      return;
    }

  for (guint p = 0; p < layout.n_panels; p++)
    {
      const LloydAxes *ax = &layout.panels[p];
      int s = layout.series[p];
      const double *v = series_values (plot, s);
      LloydAxesSpec spec;
      double rgb[3];
      gboolean pen = FALSE;

      panel_spec (plot, s, p == 0, p + 1 == layout.n_panels, &spec);
      lloyd_palette_color (s, rgb);
      lloyd_axes_draw_grid (ax, scope);

      cairo_save (cr);
      lloyd_axes_clip (ax, cr);
      if (plot->current > 0 && plot->current <= (int) plot->n)
        {
          double x = lloyd_axes_x (ax, plot->current);

          lloyd_plot_set_rgba (cr, theme->accent);
          cairo_set_line_width (cr, 1.5);
          cairo_move_to (cr, x, ax->frame.y);
          cairo_line_to (cr, x, ax->frame.y + ax->frame.height);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
      for (guint i = 0; i < plot->n; i++)
        {
          /* A gap where a value cannot be drawn (zero shift on a log axis). */
          if (!isfinite (v[i]) || (spec.y_log && !(v[i] > 0)))
            {
              pen = FALSE;
              continue;
            }
          if (pen)
            cairo_line_to (cr, lloyd_axes_x (ax, i + 1), lloyd_axes_y (ax, v[i]));
          else
            cairo_move_to (cr, lloyd_axes_x (ax, i + 1), lloyd_axes_y (ax, v[i]));
          pen = TRUE;
        }
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_set_line_width (cr, 2);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
      for (guint i = 0; i < plot->n && plot->n <= 60; i++)
        {
          if (!isfinite (v[i]) || (spec.y_log && !(v[i] > 0)))
            continue;
          cairo_new_path (cr);
          cairo_arc (cr, lloyd_axes_x (ax, i + 1), lloyd_axes_y (ax, v[i]),
                     (int) i + 1 == plot->current ? 5 : 3, 0, 2 * G_PI);
          if ((int) i + 1 == plot->current)
            lloyd_plot_set_rgba (cr, theme->accent);
          else
            cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
          cairo_fill (cr);
        }
      cairo_restore (cr);
      lloyd_axes_draw (ax, scope, &spec);

      if (plot->current > 0 && plot->current <= (int) plot->n && isfinite (v[plot->current - 1]))
        {
          char text[96], value[LLOYD_TICK_LABEL_SIZE];
          double x = lloyd_axes_x (ax, plot->current), w;

          /* In the axis' own style: "1 414 214", not "1.4142e+06". */
          lloyd_ticks_format_value (&ax->y, v[plot->current - 1], value, sizeof value);
          /* TRANSLATORS: the iteration shown and its value, "iteration 3: 1 414 214" */
          g_snprintf (text, sizeof text, _("iteration %d: %s"), plot->current, value);
          lloyd_text_measure (scope, text, theme->font_size * 0.95, LLOYD_TEXT_NORMAL, &w, NULL);
          /* Beside the current-iteration line, on the side with room. */
          if (x - 6 - w >= ax->frame.x + 4)
            lloyd_text_draw (scope, text, x - 6, ax->frame.y + 4, 1, 0, theme->font_size * 0.95,
                             LLOYD_TEXT_NORMAL, theme->accent, 0);
          else
            lloyd_text_draw (scope, text, x + 6, ax->frame.y + 4, 0, 0, theme->font_size * 0.95,
                             LLOYD_TEXT_NORMAL, theme->accent, 0);
        }
    }
}
