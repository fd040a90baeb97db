/* bars-plot.c — sorted horizontal bars of feature contributions (see bars-plot.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "bars-plot.h"
#include "palette.h"
#include "text.h"
#include "ticks.h"

#define NAME_MAX_FRACTION 0.38

/* Largest first, NaN last; equal values keep their original order (ties by index). */
static int
compare_desc (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const double *values = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  double x = values[i], y = values[j];

  if (isnan (x) != isnan (y))
    return isnan (x) ? 1 : -1;
  if (x != y && !isnan (x))
    return x > y ? -1 : 1;
  return (i > j) - (i < j);
}

static const char *
item_name (const LloydBarsPlot *plot,
           guint                i,
           char                *buf,
           gsize                size)
{
  const char *name = plot->grouped ? (plot->group_names ? plot->group_names[i] : NULL)
                                   : (plot->names ? plot->names[i] : NULL);

  if (name != NULL)
    return name;
  if (plot->grouped)
    g_snprintf (buf, size, _("group %u"), i);
  else
    g_snprintf (buf, size, _("feature %u"), i);
  return buf;
}

void
lloyd_bars_plot_layout (const LloydBarsPlot  *plot,
                        const LloydPlotScope *scope,
                        LloydBarsLayout      *layout)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  LloydPlotRect area = lloyd_plot_area (scope);
  double lo = 0, hi = 0, name_w = 0, line_h, avail_h, top;
  guint fit;

  g_return_if_fail (plot != NULL && scope != NULL && layout != NULL);
  g_return_if_fail (plot->n == 0 || plot->values != NULL);

  memset (layout, 0, sizeof *layout);
  layout->n_items = plot->grouped && plot->groups != NULL ? plot->n_groups : plot->n;
  layout->item_values = g_new0 (double, MAX (layout->n_items, 1));
  if (plot->grouped && plot->groups != NULL)
    {
      for (guint i = 0; i < plot->n; i++)
        if (plot->groups[i] < plot->n_groups && isfinite (plot->values[i]))
          layout->item_values[plot->groups[i]] += plot->values[i];
    }
  else
    memcpy (layout->item_values, plot->values, plot->n * sizeof (double));

  layout->order = g_new (guint, MAX (layout->n_items, 1));
  for (guint i = 0; i < layout->n_items; i++)
    layout->order[i] = i;
  g_qsort_with_data (layout->order, layout->n_items, sizeof (guint), compare_desc, layout->item_values);


  /* Rows at least 1.5 lines tall so names never touch; cut the list to fit. */
  lloyd_text_measure (scope, "Ag", theme->font_size, LLOYD_TEXT_NORMAL, NULL, &line_h);
  top = line_h * 2.8;
  avail_h = area.height - top - line_h * 4.2;
  fit = (guint) MAX (avail_h / (line_h * 1.5), 1);
  layout->n_bars = MIN (layout->n_items, fit);
  if (plot->max_bars > 0)
    layout->n_bars = MIN (layout->n_bars, plot->max_bars);

  for (guint b = 0; b < layout->n_bars; b++)
    {
      char buf[32];
      double w, v = layout->item_values[layout->order[b]];

      lloyd_text_measure (scope, item_name (plot, layout->order[b], buf, sizeof buf), theme->font_size,
                          LLOYD_TEXT_NORMAL, &w, NULL);
      name_w = MAX (name_w, w);
      if (isfinite (v))
        {
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
    }
  name_w = MIN (name_w, area.width * NAME_MAX_FRACTION);

  layout->spec.title = plot->title ? plot->title : _("Feature contributions");
  layout->spec.x_title = plot->x_title ? plot->x_title : (plot->log_scale ? _("Contribution (log scale)") : _("Contribution"));
  layout->spec.x_log = plot->log_scale;
  if (plot->log_scale)
    {
      double pos_lo = G_MAXDOUBLE;

      for (guint b = 0; b < layout->n_bars; b++)
        {
          double v = layout->item_values[layout->order[b]];
          if (v > 0 && isfinite (v))
            pos_lo = MIN (pos_lo, v);
        }
      /* Bars grow from the axis' left end: start below the shortest one so it
       * still has a length. */
      layout->spec.x_lo = pos_lo < G_MAXDOUBLE ? pos_lo / 3 : 1;
      layout->spec.x_hi = hi > 0 ? hi : 10;
    }
  else
    {
      layout->spec.x_lo = lo;
      layout->spec.x_hi = hi > lo ? hi : lo + 1;
    }
  /* The y axis is categorical: a 0..n range with no tick labels of its own. */
  layout->spec.y_lo = 0;
  layout->spec.y_hi = MAX (layout->n_bars, 1);
  layout->spec.y_exact = TRUE;
  if (layout->n_bars < layout->n_items)
    layout->spec.bottom_reserve = line_h + 4;

  area.x += name_w + 10;
  area.width -= name_w + 10;
  lloyd_axes_layout (&layout->axes, scope, area, &layout->spec);
  /* The titles may use the names' column too: in a narrow view a frame-wide
   * title or x title would be clipped. */
  layout->axes.area = lloyd_plot_area (scope);
  /* No y tick labels: the names stand in for them. */
  layout->axes.y.n = 0;
  layout->row_height = layout->axes.frame.height / MAX (layout->n_bars, 1);
}

void
lloyd_bars_layout_clear (LloydBarsLayout *layout)
{
  g_clear_pointer (&layout->order, g_free);
  g_clear_pointer (&layout->item_values, g_free);
}

void
lloyd_bars_plot_render (const LloydBarsPlot  *plot,
                        const LloydPlotScope *scope)
{
  LloydBarsLayout layout;
  const LloydPlotTheme *theme;
  const LloydAxes *ax;
  double rgb[3], name_room;
  cairo_t *cr;

  g_return_if_fail (plot != NULL && scope != NULL && scope->cr != NULL);

  cr = scope->cr;
  theme = lloyd_plot_scope_theme (scope);
  lloyd_plot_begin (scope);
  lloyd_bars_plot_layout (plot, scope, &layout);
  ax = &layout.axes;
  lloyd_axes_draw_grid (ax, scope);
  lloyd_palette_color (0, rgb);
  name_room = ax->frame.x - 10 - 6 - 4;

  for (guint b = 0; b < layout.n_bars; b++)
    {
      guint item = layout.order[b];
      double v = layout.item_values[item], cy = ax->frame.y + (b + 0.5) * layout.row_height;
      double bar_h = MIN (layout.row_height * 0.62, 44), x0, x1, vw;
      char value[32];
      char buf[32];
      g_autofree char *name = lloyd_text_ellipsize (scope, item_name (plot, item, buf, sizeof buf),
                                                    theme->font_size, LLOYD_TEXT_NORMAL, name_room);

      lloyd_text_draw (scope, name, ax->frame.x - 6 - 4, cy, 1, 0.5, theme->font_size, LLOYD_TEXT_NORMAL, NULL, 0);
      if (!isfinite (v) || (plot->log_scale && !(v > 0)))
        continue;
      x0 = plot->log_scale ? ax->frame.x : lloyd_axes_x (ax, 0);
      x1 = lloyd_axes_x (ax, v);
      cairo_save (cr);
      lloyd_axes_clip (ax, cr);
      cairo_rectangle (cr, MIN (x0, x1), cy - bar_h / 2, fabs (x1 - x0), bar_h);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_fill (cr);
      cairo_restore (cr);
      /* The value at the bar's end: inside it when the bar runs to the frame edge. */
      /* In the style of the axis' labels (one formatter for both). */
      lloyd_ticks_format_value (&ax->x, v, value, sizeof value);
      lloyd_text_measure (scope, value, theme->font_size * 0.9, LLOYD_TEXT_NORMAL, &vw, NULL);
      if (bar_h >= theme->font_size * 0.9 || layout.row_height >= theme->font_size * 1.3)
        {
          if (x1 + 4 + vw <= ax->frame.x + ax->frame.width - 2)
            lloyd_text_draw (scope, value, x1 + 4, cy, 0, 0.5, theme->font_size * 0.9, LLOYD_TEXT_NORMAL, NULL, 0);
          else if (bar_h >= theme->font_size)
            {
              static const double white[4] = { 1, 1, 1, 1 };
              lloyd_text_draw (scope, value, x1 - 4, cy, 1, 0.5, theme->font_size * 0.9, LLOYD_TEXT_NORMAL, white, 0);
            }
        }
    }
  lloyd_axes_draw (ax, scope, &layout.spec);
  if (layout.n_bars < layout.n_items)
    {
      guint hidden = layout.n_items - layout.n_bars;
      g_autofree char *text = g_strdup_printf (plot->grouped ? g_dngettext (GETTEXT_PACKAGE, "%u smaller group not shown",
                                                                            "%u smaller groups not shown", hidden)
                                                             : g_dngettext (GETTEXT_PACKAGE, "%u smaller feature not shown",
                                                                            "%u smaller features not shown", hidden),
                                               hidden);

      lloyd_text_draw (scope, text, ax->frame.x, ax->area.y + ax->area.height - 4, 0, 1,
                       theme->font_size * 0.9, LLOYD_TEXT_ITALIC, theme->muted, 0);
    }
  lloyd_bars_layout_clear (&layout);
}
