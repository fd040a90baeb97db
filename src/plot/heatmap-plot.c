/* heatmap-plot.c — contingency table and confusion matrix (see heatmap-plot.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "heatmap-plot.h"
#include "palette.h"
#include "text.h"
#include "ticks.h"

#define GAP 8.0
#define ROW_NAME_PITCH 0.85 /* of a line's height */

void
lloyd_heatmap_color (double t,
                     double rgb[3])
{
  /* A light-to-dark blue ramp (as ColorBrewer Blues): ordered by lightness, so
   * it reads in grey and for every colour vision. */
  static const double stops[5][3] = {
    { 0.969, 0.984, 1.000 }, { 0.776, 0.859, 0.937 }, { 0.420, 0.682, 0.839 },
    { 0.129, 0.443, 0.710 }, { 0.031, 0.188, 0.420 },
  };
  double f;
  int i;

  t = isfinite (t) ? CLAMP (t, 0, 1) : 0;
  f = t * 4;
  i = MIN ((int) f, 3);
  f -= i;
  for (int c = 0; c < 3; c++)
    rgb[c] = stops[i][c] + f * (stops[i + 1][c] - stops[i][c]);
}

static void
name_of (const char *const *names,
         guint              i,
         char              *buf,
         gsize              size)
{
  if (names != NULL && names[i] != NULL)
    g_strlcpy (buf, names[i], size);
  else
    g_snprintf (buf, size, "%u", i);
}

static double
widest_name (const LloydPlotScope *scope,
             const char *const    *names,
             guint                 n,
             double                size)
{
  double widest = 0;

  for (guint i = 0; i < n; i++)
    {
      char buf[128];
      double w;

      name_of (names, i, buf, sizeof buf);
      lloyd_text_measure (scope, buf, size, LLOYD_TEXT_NORMAL, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

/* How far below the grid the column names reach. */
static double
col_names_depth (const LloydHeatmapLayout *layout,
                 double                    line_h)
{
  switch (layout->col_angle)
    {
    case 0:
      return line_h + 6;
    case 45:
      return (layout->col_names_width + line_h) * G_SQRT2 / 2 + 6;
    default:
      return layout->col_names_width + 6;
    }
}

/* Where a title too wide for the figure breaks on to a second line: at the
 * last space that leaves a first line which fits, before a parenthesis if one
 * can go whole to the second ("Anomalous = not “normal.”" / "(F1 0.941)");
 * 0 when it fits whole or has no such space. */
static guint
title_break (const LloydPlotScope *scope,
             const char           *title,
             double                size,
             double                max_width)
{
  double w;
  guint best = 0, paren = 0;

  lloyd_text_measure (scope, title, size, LLOYD_TEXT_BOLD, &w, NULL);
  if (w <= max_width)
    return 0;
  for (const char *p = strchr (title, ' '); p != NULL; p = strchr (p + 1, ' '))
    {
      g_autofree char *first = g_strndup (title, p - title);

      lloyd_text_measure (scope, first, size, LLOYD_TEXT_BOLD, &w, NULL);
      if (w > max_width && best > 0)
        break;
      best = p - title;
      if (p[1] == '(')
        paren = best;
    }
  return paren > 0 ? paren : best;
}

void
lloyd_heatmap_plot_layout (const LloydHeatmapPlot *plot,
                           const LloydPlotScope   *scope,
                           LloydHeatmapLayout     *layout)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  double size = theme->font_size, row_w = 0, col_w = 0, col_full, line_h, top, left, bottom, right, min_pos = G_MAXDOUBLE;
  double height = lloyd_plot_area (scope).height;

  g_return_if_fail (plot != NULL && scope != NULL && layout != NULL);

  memset (layout, 0, sizeof *layout);
  lloyd_text_measure (scope, "Ag", size, LLOYD_TEXT_NORMAL, NULL, &line_h);

  row_w = widest_name (scope, plot->row_names, plot->n_rows, size);
  col_w = widest_name (scope, plot->col_names, plot->n_cols, size);
  row_w = MIN (row_w, scope->width * 0.3);
  layout->row_names_width = row_w;
  /* Turned names reach down into the rows: at most 30 % of the height. Level
   * ones may be as wide as their cells ("not flagged" was cut to its cap). */
  col_full = col_w;
  col_w = MIN (col_w, height * 0.3);
  layout->col_names_width = col_w;

  top = GAP * 1.5 + (plot->title ? line_h * 1.4 + GAP * 2 : 0);
  if (plot->title)
    {
      layout->title_break = title_break (scope, plot->title, size * 1.35, scope->width - 2 * GAP);
      if (layout->title_break > 0)
        top += line_h * 1.4;
    }
  left = GAP + (plot->row_title ? line_h * 1.1 + GAP : 0) + row_w + 6;
  for (gsize i = 0; i < (gsize) plot->n_rows * plot->n_cols; i++)
    if (isfinite (plot->values[i]))
      {
        layout->max_value = MAX (layout->max_value, plot->values[i]);
        if (plot->values[i] > 0)
          min_pos = MIN (min_pos, plot->values[i]);
      }
  layout->log_color = !plot->row_fraction && min_pos < G_MAXDOUBLE && layout->max_value / min_pos > 1000;
  /* The colour bar and its labels: the top value and, for a log scale, its
   * note (longer in some languages than the number). */
  {
    char buf[32];
    double w, note_w = 0;

    lloyd_format_count ((guint64) MAX (layout->max_value, 0), buf, sizeof buf);
    lloyd_text_measure (scope, plot->row_fraction ? "100%" : buf, size * 0.9, LLOYD_TEXT_NORMAL, &w, NULL);
    if (layout->log_color)
      lloyd_text_measure (scope, _("log scale"), size * 0.9, LLOYD_TEXT_ITALIC, &note_w, NULL);
    right = GAP * 3 + 20 + MAX (MAX (w, note_w), 50);
    /* A confusion matrix prints its four counts: its room goes to the names. */
    if (plot->confusion)
      right = GAP;
  }
  bottom = GAP + (plot->col_title ? line_h * 1.1 + GAP : 0);

  /* Column names horizontal, at 45° or upright: the first way that names every
   * column and row without two names touching, else the way that skips fewest
   * (every second, third… name shown). Turning the names takes height from the
   * rows, and the cells stay square-ish, so each way is laid out in full. */
  {
    static const guint angles[] = { 0, 45, 90 };
    double base = bottom, cell_w0 = (scope->width - left - right) / MAX (plot->n_cols, 1);
    guint best_angle = 90, best_skips = G_MAXUINT;

    for (guint pass = 0; pass < 2; pass++)
      for (guint a = 0; a < G_N_ELEMENTS (angles); a++)
        {
          double pitch;

          layout->col_angle = pass == 0 ? angles[a] : best_angle;
          bottom = base + col_names_depth (layout, line_h);
          layout->cell_h = (height - top - bottom) / MAX (plot->n_rows, 1);
          /* Square-ish cells look like a table, not a bar chart. */
          layout->cell_w = MIN (cell_w0, layout->cell_h * 1.8);
          layout->cell_h = MIN (layout->cell_h, layout->cell_w * 1.2);
          pitch = layout->col_angle == 0    ? layout->cell_w / (col_full + 6)
                  : layout->col_angle == 45 ? layout->cell_w / G_SQRT2 / (line_h * 1.2)
                                            : layout->cell_w / line_h;
          layout->col_stride = pitch >= 1 ? 1 : (guint) ceil (1 / MAX (pitch, 1e-3));
          /* Row names may come closer than a line: their ink is shorter. */
          pitch = layout->cell_h / (line_h * ROW_NAME_PITCH);
          layout->row_stride = pitch >= 1 ? 1 : (guint) ceil (1 / MAX (pitch, 1e-3));
          if (pass == 1)
            break;
          /* Skipping a row (cluster 0, 2, 4…) loses less than skipping a label. */
          if (layout->col_stride * 1000 + layout->row_stride < best_skips)
            {
              best_skips = layout->col_stride * 1000 + layout->row_stride;
              best_angle = layout->col_angle;
            }
          if (best_skips == 1001)
            break;
        }
    layout->rotate_cols = layout->col_angle != 0;
    if (layout->col_angle == 0)
      layout->col_names_width = MAX (MIN (col_full, layout->cell_w * layout->col_stride - 6), col_w);
  }
  layout->grid.width = layout->cell_w * plot->n_cols;
  layout->grid.height = layout->cell_h * plot->n_rows;
  layout->grid.x = left + (scope->width - left - right - layout->grid.width) / 2;
  layout->grid.y = top;


  /* The widest number must fit its cell with a margin. */
  {
    char buf[32];
    double w;

    lloyd_format_count ((guint64) MAX (layout->max_value, 0), buf, sizeof buf);
    lloyd_text_measure (scope, buf, size, LLOYD_TEXT_NORMAL, &w, NULL);
    /* Up to 1.6× the tick size in large cells, so a 3 × 3 table reads from the back row. */
    layout->text_size = size * MIN (1.6, MIN ((layout->cell_w - 8) / MAX (w, 1), (layout->cell_h - 2) / line_h));
    if (layout->text_size < 6.5)
      layout->text_size = 0;
  }
}

static double
scale_of (const LloydHeatmapPlot   *plot,
          const LloydHeatmapLayout *layout,
          guint                     r,
          double                    v)
{
  if (!isfinite (v) || v <= 0)
    return 0;
  if (plot->row_fraction)
    {
      double sum = 0;

      for (guint c = 0; c < plot->n_cols; c++)
        if (isfinite (plot->values[(gsize) r * plot->n_cols + c]))
          sum += plot->values[(gsize) r * plot->n_cols + c];
      return sum > 0 ? v / sum : 0;
    }
  if (layout->log_color)
    return log1p (v) / log1p (layout->max_value);
  return layout->max_value > 0 ? v / layout->max_value : 0;
}

void
lloyd_heatmap_plot_render (const LloydHeatmapPlot *plot,
                           const LloydPlotScope   *scope)
{
  LloydHeatmapLayout layout;
  const LloydPlotTheme *theme;
  const LloydPlotRect *g;
  double size, line_h;
  cairo_t *cr;

  g_return_if_fail (plot != NULL && scope != NULL && scope->cr != NULL);
  g_return_if_fail (plot->n_rows * plot->n_cols == 0 || plot->values != NULL);

  cr = scope->cr;
  theme = lloyd_plot_scope_theme (scope);
  size = theme->font_size;
  lloyd_plot_begin (scope);
  lloyd_heatmap_plot_layout (plot, scope, &layout);
  g = &layout.grid;
  lloyd_text_measure (scope, "Ag", size, LLOYD_TEXT_NORMAL, NULL, &line_h);

  for (guint r = 0; r < plot->n_rows; r++)
    for (guint c = 0; c < plot->n_cols; c++)
      {
        double v = plot->values[(gsize) r * plot->n_cols + c], rgb[3];
        double x = g->x + c * layout.cell_w, y = g->y + r * layout.cell_h;

        lloyd_heatmap_color (scale_of (plot, &layout, r, v), rgb);
        cairo_rectangle (cr, x, y, layout.cell_w, layout.cell_h);
        cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
        cairo_fill_preserve (cr);
        cairo_set_source_rgba (cr, 1, 1, 1, 1);
        cairo_set_line_width (cr, 1);
        cairo_stroke (cr);
        if (layout.text_size > 0 && isfinite (v))
          {
            char buf[32];
            static const double black[4] = { 0.1, 0.1, 0.1, 1 }, white[4] = { 1, 1, 1, 1 };

            if (v == floor (v) && fabs (v) < 1e15)
              lloyd_format_count ((guint64) fabs (v), buf, sizeof buf);
            else
              g_snprintf (buf, sizeof buf, "%.3g", v);
            lloyd_text_draw (scope, buf, x + layout.cell_w / 2, y + layout.cell_h / 2, 0.5, 0.5, layout.text_size,
                             LLOYD_TEXT_NORMAL, lloyd_palette_luminance (rgb) > 0.35 ? black : white, 0);
          }
      }
  if (plot->confusion)
    {
      cairo_save (cr);
      lloyd_plot_set_rgba (cr, theme->accent);
      cairo_set_line_width (cr, 2);
      for (guint i = 0; i < MIN (plot->n_rows, plot->n_cols); i++)
        cairo_rectangle (cr, g->x + i * layout.cell_w + 1, g->y + i * layout.cell_h + 1,
                         layout.cell_w - 2, layout.cell_h - 2);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  for (guint r = 0; r < plot->n_rows; r++)
    {
      char buf[128];
      g_autofree char *name = NULL;

      if (r % layout.row_stride != 0)
        continue;
      name_of (plot->row_names, r, buf, sizeof buf);
      name = lloyd_text_ellipsize (scope, buf, size, LLOYD_TEXT_NORMAL, scope->width * 0.3);
      lloyd_text_draw (scope, name, g->x - 6, g->y + (r + 0.5) * layout.cell_h, 1, 0.5, size,
                       LLOYD_TEXT_NORMAL, NULL, 0);
    }
  for (guint c = 0; c < plot->n_cols; c++)
    {
      char buf[128];
      double x = g->x + (c + 0.5) * layout.cell_w;
      g_autofree char *name = NULL;

      if (c % layout.col_stride != 0)
        continue;
      name_of (plot->col_names, c, buf, sizeof buf);
      name = lloyd_text_ellipsize (scope, buf, size, LLOYD_TEXT_NORMAL, layout.col_names_width);
      if (layout.col_angle == 0)
        lloyd_text_draw (scope, name, x, g->y + g->height + 4, 0.5, 0, size, LLOYD_TEXT_NORMAL, NULL, 0);
      else if (layout.col_angle == 45)
        lloyd_text_draw (scope, name, x + 3, g->y + g->height + 4, 1, 0, size, LLOYD_TEXT_NORMAL, NULL, -G_PI / 4);
      else
        lloyd_text_draw (scope, name, x, g->y + g->height + 4, 1, 0.5, size, LLOYD_TEXT_NORMAL, NULL, -G_PI / 2);
    }

  if (plot->title && layout.title_break > 0)
    {
      g_autofree char *first = g_strndup (plot->title, layout.title_break);

      lloyd_text_draw_fitted (scope, first, scope->width / 2, GAP * 1.5, GAP, scope->width - GAP, size * 1.35,
                              LLOYD_TEXT_BOLD);
      lloyd_text_draw_fitted (scope, plot->title + layout.title_break + 1, scope->width / 2,
                              GAP * 1.5 + line_h * 1.4, GAP, scope->width - GAP, size * 1.35, LLOYD_TEXT_BOLD);
    }
  else if (plot->title)
    lloyd_text_draw_fitted (scope, plot->title, scope->width / 2, GAP * 1.5, GAP, scope->width - GAP, size * 1.35,
                            LLOYD_TEXT_BOLD);
  if (plot->row_title)
    lloyd_text_draw (scope, plot->row_title, g->x - 6 - layout.row_names_width - GAP, g->y + g->height / 2, 0.5, 1,
                     size * 1.1, LLOYD_TEXT_NORMAL, NULL, -G_PI / 2);
  if (plot->col_title)
    {
      double below = col_names_depth (&layout, line_h);

      lloyd_text_draw (scope, plot->col_title, g->x + g->width / 2, g->y + g->height + 4 + below, 0.5, 0,
                       size * 1.1, LLOYD_TEXT_NORMAL, NULL, 0);
    }

  /* Colour bar: what a shade means. */
  if (!plot->confusion)
    {
      double bx = g->x + g->width + GAP * 2, by = g->y, bw = 16, bh = MIN (g->height, 260);
      char top[64];
      const char *bottom = "0";

      for (int i = 0; i < 64; i++)
        {
          double rgb[3];

          lloyd_heatmap_color (1 - i / 63.0, rgb);
          cairo_rectangle (cr, bx, by + bh * i / 64, bw, bh / 64 + 0.5);
          cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
          cairo_fill (cr);
        }
      if (plot->row_fraction)
        g_strlcpy (top, "100%", sizeof top);
      else
        lloyd_format_count ((guint64) MAX (layout.max_value, 0), top, sizeof top);
      lloyd_text_draw (scope, top, bx + bw + 4, by, 0, 0, size * 0.9, LLOYD_TEXT_NORMAL, NULL, 0);
      lloyd_text_draw (scope, bottom, bx + bw + 4, by + bh, 0, 1, size * 0.9, LLOYD_TEXT_NORMAL, NULL, 0);
      if (layout.log_color)
        lloyd_text_draw (scope, _("log scale"), bx + bw + 4, by + bh / 2, 0, 0.5, size * 0.9, LLOYD_TEXT_ITALIC,
                         theme->muted, 0);
    }
}
