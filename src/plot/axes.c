/* axes.c — frame, ticks and titles shared by the x–y figures (see axes.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "axes.h"
#include "text.h"

#define TICK_LENGTH 5.0
#define GAP 6.0

static void
make_ticks (LloydTicks *ticks,
            double      lo,
            double      hi,
            gboolean    log,
            gboolean    exact,
            gboolean    integer,
            guint       max_ticks)
{
  if (log)
    lloyd_ticks_log (lo, hi, max_ticks, !exact, ticks);
  else
    lloyd_ticks_linear (lo, hi, max_ticks, !exact, ticks);

  /* Iterations and k are counts: no tick at 2.5. */
  if (integer && !log && ticks->step < 1)
    {
      double first = ceil (ticks->lo - 1e-9), last = floor (ticks->hi + 1e-9);

      ticks->n = 0;
      ticks->step = 1;
      for (double v = first; v <= last && ticks->n < LLOYD_TICKS_MAX; v++)
        {
          ticks->values[ticks->n] = v;
          lloyd_ticks_format (v, 1, ticks->labels[ticks->n], LLOYD_TICK_LABEL_SIZE);
          ticks->n++;
        }
    }
}

static double
widest_label (const LloydPlotScope *scope,
              const LloydTicks     *ticks,
              double                size)
{
  double widest = 0;

  for (guint i = 0; i < ticks->n; i++)
    {
      double w;

      lloyd_text_measure (scope, ticks->labels[i], size, LLOYD_TEXT_NORMAL, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

/* Vertical ticks: as many as fit with a label height and a half of air each. */
static void
layout_vertical (LloydTicks           *ticks,
                 const LloydPlotScope *scope,
                 double                lo,
                 double                hi,
                 gboolean              log,
                 gboolean              exact,
                 double                length,
                 double                size)
{
  guint max_ticks = (guint) CLAMP (length / (size * 2.6), 2, 12);

  make_ticks (ticks, lo, hi, log, exact, FALSE, max_ticks);
}

static double
norm (const LloydTicks *t,
      double            v)
{
  if (t->log)
    {
      double lo = log10 (t->lo), hi = log10 (t->hi);

      if (!(v > 0))
        return -1; /* off the bottom of the axis */
      return (log10 (v) - lo) / (hi - lo);
    }
  return (v - t->lo) / (t->hi - t->lo);
}

static double
denorm (const LloydTicks *t,
        double            f)
{
  if (t->log)
    {
      double lo = log10 (t->lo), hi = log10 (t->hi);
      return pow (10, lo + f * (hi - lo));
    }
  return t->lo + f * (t->hi - t->lo);
}

void
lloyd_axes_layout (LloydAxes            *axes,
                   const LloydPlotScope *scope,
                   LloydPlotRect         area,
                   const LloydAxesSpec  *spec)
{
  const LloydPlotTheme *theme;
  double size, title_size, top, bottom, left, right, label_h, frame_w, frame_h;

  g_return_if_fail (axes != NULL && scope != NULL && spec != NULL);

  theme = lloyd_plot_scope_theme (scope);
  size = theme->font_size;
  title_size = size * 1.35;
  memset (axes, 0, sizeof *axes);
  axes->area = area;
  axes->font_size = size;
  axes->has_y2 = spec->has_y2;

  lloyd_text_measure (scope, "0123456789", size, LLOYD_TEXT_NORMAL, NULL, &label_h);

  top = GAP * 1.5;
  if (spec->title != NULL)
    {
      double h;

      lloyd_text_measure (scope, spec->title, title_size, LLOYD_TEXT_BOLD, NULL, &h);
      top += h + GAP;
    }
  else
    top += label_h / 2; /* the top tick label sticks out above the frame */

  bottom = TICK_LENGTH + 3 + label_h + GAP;
  if (spec->x_title != NULL)
    bottom += label_h * 1.1 + 2;
  bottom += spec->bottom_reserve;

  frame_h = MAX (area.height - top - bottom, 10);
  layout_vertical (&axes->y, scope, spec->y_lo, spec->y_hi, spec->y_log, spec->y_exact, frame_h, size);
  left = GAP + TICK_LENGTH + 3 + widest_label (scope, &axes->y, size) + GAP;
  if (spec->y_title != NULL)
    left += label_h * 1.1 + GAP;

  right = GAP * 2 + spec->right_reserve;
  if (spec->has_y2)
    {
      layout_vertical (&axes->y2, scope, spec->y2_lo, spec->y2_hi, spec->y2_log, spec->y_exact, frame_h, size);
      right += TICK_LENGTH + 3 + widest_label (scope, &axes->y2, size);
      if (spec->y2_title != NULL)
        right += label_h * 1.1 + GAP;
    }
  else
    right += size; /* half of the last x label */

  frame_w = MAX (area.width - left - right, 10);

  /* Fewer x ticks until the widest label, with a gap, fits between the two
   * closest neighbours (log ticks at 1, 2, 5 are not evenly spaced). */
  for (guint max_ticks = (guint) CLAMP (frame_w / (size * 6), 2, 16); ; max_ticks--)
    {
      double w, closest = G_MAXDOUBLE;

      make_ticks (&axes->x, spec->x_lo, spec->x_hi, spec->x_log, spec->x_exact, spec->x_integer, max_ticks);
      w = widest_label (scope, &axes->x, size);
      for (guint i = 0; i + 1 < axes->x.n; i++)
        closest = MIN (closest, fabs (norm (&axes->x, axes->x.values[i + 1]) -
                                      norm (&axes->x, axes->x.values[i])) * frame_w);
      if (max_ticks <= 2 || axes->x.n <= 1 || closest >= w + size * 1.2)
        break;
    }

  /* The last x label is centred on the frame's right edge: make room for its half. */
  if (axes->x.n > 0 && !spec->has_y2)
    {
      double w, room = right - GAP * 2 - spec->right_reserve;

      lloyd_text_measure (scope, axes->x.labels[axes->x.n - 1], size, LLOYD_TEXT_NORMAL, &w, NULL);
      if (fabs (norm (&axes->x, axes->x.values[axes->x.n - 1]) - 1) < 1e-6 && w / 2 + 2 > room)
        frame_w -= w / 2 + 2 - room;
    }

  axes->frame.x = area.x + left;
  axes->frame.y = area.y + top;
  axes->frame.width = frame_w;
  axes->frame.height = frame_h;
}

double
lloyd_axes_x (const LloydAxes *axes,
              double           v)
{
  return axes->frame.x + norm (&axes->x, v) * axes->frame.width;
}

double
lloyd_axes_y (const LloydAxes *axes,
              double           v)
{
  return axes->frame.y + (1 - norm (&axes->y, v)) * axes->frame.height;
}

double
lloyd_axes_y2 (const LloydAxes *axes,
               double           v)
{
  return axes->frame.y + (1 - norm (&axes->y2, v)) * axes->frame.height;
}

double
lloyd_axes_x_inverse (const LloydAxes *axes,
                      double           px)
{
  return denorm (&axes->x, (px - axes->frame.x) / axes->frame.width);
}

double
lloyd_axes_y_inverse (const LloydAxes *axes,
                      double           py)
{
  return denorm (&axes->y, 1 - (py - axes->frame.y) / axes->frame.height);
}

void
lloyd_axes_clip (const LloydAxes *axes,
                 cairo_t         *cr)
{
  cairo_rectangle (cr, axes->frame.x, axes->frame.y, axes->frame.width, axes->frame.height);
  cairo_clip (cr);
}

void
lloyd_axes_draw_grid (const LloydAxes      *axes,
                      const LloydPlotScope *scope)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  const LloydPlotRect *f = &axes->frame;
  cairo_t *cr = scope->cr;

  cairo_save (cr);
  if (!scope->transparent)
    {
      lloyd_plot_set_rgba (cr, theme->frame_fill);
      cairo_rectangle (cr, f->x, f->y, f->width, f->height);
      cairo_fill (cr);
    }
  lloyd_plot_set_rgba (cr, theme->grid);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < axes->x.n; i++)
    {
      double x = round (lloyd_axes_x (axes, axes->x.values[i])) + 0.5;

      cairo_move_to (cr, x, f->y);
      cairo_line_to (cr, x, f->y + f->height);
    }
  for (guint i = 0; i < axes->y.n; i++)
    {
      double y = round (lloyd_axes_y (axes, axes->y.values[i])) + 0.5;

      cairo_move_to (cr, f->x, y);
      cairo_line_to (cr, f->x + f->width, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
lloyd_axes_draw (const LloydAxes      *axes,
                 const LloydPlotScope *scope,
                 const LloydAxesSpec  *spec)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  const LloydPlotRect *f = &axes->frame;
  double size = axes->font_size, label_h, widest;
  cairo_t *cr = scope->cr;

  lloyd_text_measure (scope, "0123456789", size, LLOYD_TEXT_NORMAL, NULL, &label_h);

  cairo_save (cr);
  lloyd_plot_set_rgba (cr, theme->foreground);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, round (f->x) + 0.5, round (f->y) + 0.5, round (f->width), round (f->height));
  cairo_stroke (cr);

  for (guint i = 0; i < axes->x.n; i++)
    {
      double x = round (lloyd_axes_x (axes, axes->x.values[i])) + 0.5;

      cairo_move_to (cr, x, f->y + f->height);
      cairo_line_to (cr, x, f->y + f->height + TICK_LENGTH);
      cairo_stroke (cr);
      lloyd_text_draw (scope, axes->x.labels[i], x, f->y + f->height + TICK_LENGTH + 3, 0.5, 0,
                       size, LLOYD_TEXT_NORMAL, NULL, 0);
    }
  for (guint i = 0; i < axes->y.n; i++)
    {
      double y = round (lloyd_axes_y (axes, axes->y.values[i])) + 0.5;

      cairo_move_to (cr, f->x, y);
      cairo_line_to (cr, f->x - TICK_LENGTH, y);
      cairo_stroke (cr);
      lloyd_text_draw (scope, axes->y.labels[i], f->x - TICK_LENGTH - 3, y, 1, 0.5,
                       size, LLOYD_TEXT_NORMAL, NULL, 0);
    }
  if (axes->has_y2)
    for (guint i = 0; i < axes->y2.n; i++)
      {
        double y = round (lloyd_axes_y2 (axes, axes->y2.values[i])) + 0.5;

        cairo_move_to (cr, f->x + f->width, y);
        cairo_line_to (cr, f->x + f->width + TICK_LENGTH, y);
        cairo_stroke (cr);
        lloyd_text_draw (scope, axes->y2.labels[i], f->x + f->width + TICK_LENGTH + 3, y, 0, 0.5,
                         size, LLOYD_TEXT_NORMAL, NULL, 0);
      }
  cairo_restore (cr);

  if (spec->title != NULL)
    {
      /* Centred on the frame, but kept whole inside the figure: a long title in a
       * narrow figure is shifted, then shortened with an ellipsis. */
      lloyd_text_draw_fitted (scope, spec->title, f->x + f->width / 2, axes->area.y + GAP * 1.5,
                              axes->area.x + GAP, axes->area.x + axes->area.width - GAP, size * 1.35,
                              LLOYD_TEXT_BOLD);
    }
  if (spec->x_title != NULL)
    lloyd_text_draw_fitted (scope, spec->x_title, f->x + f->width / 2,
                            f->y + f->height + TICK_LENGTH + 3 + label_h + GAP,
                            axes->area.x + GAP, axes->area.x + axes->area.width - GAP, size * 1.1,
                            LLOYD_TEXT_NORMAL);
  if (spec->y_title != NULL)
    {
      widest = 0;
      for (guint i = 0; i < axes->y.n; i++)
        {
          double w;
          lloyd_text_measure (scope, axes->y.labels[i], size, LLOYD_TEXT_NORMAL, &w, NULL);
          widest = MAX (widest, w);
        }
      lloyd_text_draw (scope, spec->y_title, f->x - TICK_LENGTH - 3 - widest - GAP, f->y + f->height / 2,
                       0.5, 1, size * 1.1, LLOYD_TEXT_NORMAL, NULL, -G_PI / 2);
    }
  if (axes->has_y2 && spec->y2_title != NULL)
    {
      widest = 0;
      for (guint i = 0; i < axes->y2.n; i++)
        {
          double w;
          lloyd_text_measure (scope, axes->y2.labels[i], size, LLOYD_TEXT_NORMAL, &w, NULL);
          widest = MAX (widest, w);
        }
      lloyd_text_draw (scope, spec->y2_title, f->x + f->width + TICK_LENGTH + 3 + widest + GAP,
                       f->y + f->height / 2, 0.5, 1, size * 1.1, LLOYD_TEXT_NORMAL, NULL, G_PI / 2);
    }
}
