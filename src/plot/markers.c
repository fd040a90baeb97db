/* markers.c — centroid and flag marks (see markers.h). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "markers.h"
#include "palette.h"
#include "text.h"

void
lloyd_marker_centroid (const LloydPlotScope *scope,
                       double                x,
                       double                y,
                       double                radius,
                       const double          rgb[3],
                       const char           *label)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  cairo_t *cr = scope->cr;
  static const double black[4] = { 0, 0, 0, 1 }, white[4] = { 1, 1, 1, 1 };

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  lloyd_plot_set_rgba (cr, theme->halo);
  cairo_set_line_width (cr, 5);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_fill_preserve (cr);
  lloyd_plot_set_rgba (cr, theme->foreground);
  cairo_set_line_width (cr, 1.8);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (label != NULL)
    lloyd_text_draw (scope, label, x, y, 0.5, 0.5, radius * (strlen (label) > 1 ? 1.0 : 1.25),
                     LLOYD_TEXT_BOLD, lloyd_palette_luminance (rgb) > 0.3 ? black : white, 0);
}

void
lloyd_marker_flag (const LloydPlotScope *scope,
                   double                x,
                   double                y,
                   double                size)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  cairo_t *cr = scope->cr;

  /* An open ring: the point's own colour stays visible inside it. */
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, x, y, size, 0, 2 * G_PI);
  lloyd_plot_set_rgba (cr, theme->halo);
  cairo_set_line_width (cr, 4);
  cairo_stroke_preserve (cr);
  lloyd_plot_set_rgba (cr, theme->foreground);
  cairo_set_line_width (cr, 1.8);
  cairo_stroke (cr);
  cairo_restore (cr);
}
