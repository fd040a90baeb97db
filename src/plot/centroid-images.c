/* centroid-images.c — centroids as image tiles (see centroid-images.h). */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "centroid-images.h"
#include "palette.h"
#include "text.h"
#include "ticks.h"

gboolean
lloyd_centroid_images_is_square (gsize  d,
                                 guint *side)
{
  guint s = (guint) llround (sqrt ((double) d));

  if (d < 4 || (gsize) s * s != d)
    return FALSE;
  if (side)
    *side = s;
  return TRUE;
}

gboolean
lloyd_centroid_images_layout (const LloydCentroidImages *plot,
                              const LloydPlotScope      *scope,
                              LloydCentroidImagesLayout *layout)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  double line_h, top, bottom, avail_w, avail_h, best = 0;

  g_return_val_if_fail (plot != NULL && scope != NULL && layout != NULL, FALSE);

  memset (layout, 0, sizeof *layout);
  if (plot->k == 0 || plot->d == 0)
    return FALSE;
  if (plot->image_width > 0 && plot->d % plot->image_width == 0)
    {
      layout->image_width = plot->image_width;
      layout->image_height = plot->d / plot->image_width;
    }
  else if (lloyd_centroid_images_is_square (plot->d, &layout->image_width))
    layout->image_height = layout->image_width;
  else
    return FALSE;

  lloyd_text_measure (scope, "Ag", theme->font_size, LLOYD_TEXT_NORMAL, NULL, &line_h);
  top = 12 + (plot->title ? line_h * 1.4 + 8 : 0);
  bottom = 8 + scope->height - lloyd_plot_area (scope).height;
  avail_w = scope->width - 24;
  avail_h = scope->height - top - bottom;

  /* The column count giving the largest tiles (each with a caption line under it). */
  for (guint cols = 1; cols <= plot->k; cols++)
    {
      guint rows = (plot->k + cols - 1) / cols;
      double tw = avail_w / cols * 0.86;
      double th = (avail_h / rows - line_h - 6) * layout->image_width / layout->image_height;
      double t = MIN (tw, th);

      if (t > best)
        {
          best = t;
          layout->columns = cols;
          layout->rows = rows;
        }
    }
  if (best <= 0)
    return FALSE;
  layout->tile = best;
  layout->pitch_x = avail_w / layout->columns;
  layout->pitch_y = best * layout->image_height / layout->image_width + line_h + 8;
  layout->x0 = 12 + (layout->pitch_x - best) / 2;
  layout->y0 = top + (avail_h - layout->pitch_y * layout->rows) / 2;
  return TRUE;
}

void
lloyd_centroid_images_render (const LloydCentroidImages *plot,
                              const LloydPlotScope      *scope)
{
  LloydCentroidImagesLayout layout;
  const LloydPlotTheme *theme;
  double lo = plot->lo, hi = plot->hi;
  cairo_t *cr;

  g_return_if_fail (plot != NULL && scope != NULL && scope->cr != NULL);
  g_return_if_fail (plot->k == 0 || plot->centroids != NULL);

  cr = scope->cr;
  theme = lloyd_plot_scope_theme (scope);
  lloyd_plot_begin (scope);
  if (plot->title)
    lloyd_text_draw_fitted (scope, plot->title, scope->width / 2, 12, 8, scope->width - 8, theme->font_size * 1.35,
                            LLOYD_TEXT_BOLD);
  if (!lloyd_centroid_images_layout (plot, scope, &layout))
    {
      lloyd_text_draw (scope, _("The features do not form a square image"), scope->width / 2, scope->height / 2,
                       0.5, 0.5, theme->font_size * 1.2, LLOYD_TEXT_NORMAL, theme->muted, 0);
      return;
    }
  if (!(hi > lo))
    {
      lo = G_MAXDOUBLE;
      hi = -G_MAXDOUBLE;
      for (gsize i = 0; i < (gsize) plot->k * plot->d; i++)
        if (isfinite (plot->centroids[i]))
          {
            lo = MIN (lo, plot->centroids[i]);
            hi = MAX (hi, plot->centroids[i]);
          }
      if (!(hi > lo))
        {
          lo = 0;
          hi = lo + 1;
        }
    }

  for (guint c = 0; c < plot->k; c++)
    {
      double x = layout.x0 + (c % layout.columns) * layout.pitch_x;
      double y = layout.y0 + (c / layout.columns) * layout.pitch_y;
      double px = layout.tile / layout.image_width;
      const double *v = plot->centroids + (gsize) c * plot->d;
      char caption[64];

      /* One rectangle per pixel: crisp in PNG, SVG and PDF alike. Each is
       * widened by a hair so antialiasing leaves no seams between them. */
      for (guint r = 0; r < layout.image_height; r++)
        for (guint q = 0; q < layout.image_width; q++)
          {
            double t = (v[r * layout.image_width + q] - lo) / (hi - lo), g;

            t = isfinite (t) ? CLAMP (t, 0, 1) : 0;
            g = plot->ink_dark ? 1 - t : t;
            cairo_rectangle (cr, x + q * px, y + r * px, px + 0.5, px + 0.5);
            cairo_set_source_rgb (cr, g, g, g);
            cairo_fill (cr);
          }
      {
        double rgb[3];

        lloyd_palette_color (c, rgb);
        cairo_rectangle (cr, x - 1.5, y - 1.5, layout.tile + 3.5, layout.tile * layout.image_height / layout.image_width + 3.5);
        cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
        cairo_set_line_width (cr, 3);
        cairo_stroke (cr);
      }
      if (plot->counts != NULL)
        {
          char num[32];

          lloyd_format_count (plot->counts[c], num, sizeof num);
          g_snprintf (caption, sizeof caption, "%u  (n = %s)", c, num);
        }
      else
        g_snprintf (caption, sizeof caption, "%u", c);
      lloyd_text_draw (scope, caption, x + layout.tile / 2,
                       y + layout.tile * layout.image_height / layout.image_width + 5, 0.5, 0,
                       theme->font_size * (layout.tile < 80 ? 0.85 : 1), LLOYD_TEXT_NORMAL, NULL, 0);
    }
}
