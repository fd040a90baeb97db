/* text.c — pango text for figures (see text.h). */
#include "config.h"

#include <pango/pangocairo.h>

#include "text.h"

static PangoLayout *
make_layout (const LloydPlotScope *scope,
             const char           *text,
             double                size,
             LloydTextStyle        style)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  PangoLayout *layout = pango_cairo_create_layout (scope->cr);
  PangoContext *context = pango_layout_get_context (layout);
  PangoFontDescription *font = pango_font_description_from_string (theme->font_family);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Hinted metrics snap glyph advances to device pixels: text would then be a
   * different width at 1x and 2x, and in PNG versus PDF. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (style & LLOYD_TEXT_BOLD)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  if (style & LLOYD_TEXT_ITALIC)
    pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
lloyd_text_measure (const LloydPlotScope *scope,
                    const char           *text,
                    double                size,
                    LloydTextStyle        style,
                    double               *width,
                    double               *height)
{
  PangoLayout *layout;
  PangoRectangle logical;

  g_return_if_fail (scope != NULL && scope->cr != NULL && text != NULL);

  layout = make_layout (scope, text, size, style);
  pango_layout_get_extents (layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
  g_object_unref (layout);
}

void
lloyd_text_draw (const LloydPlotScope *scope,
                 const char           *text,
                 double                x,
                 double                y,
                 double                xalign,
                 double                yalign,
                 double                size,
                 LloydTextStyle        style,
                 const double         *rgba,
                 double                angle)
{
  cairo_t *cr;
  PangoLayout *layout;
  PangoRectangle logical;

  g_return_if_fail (scope != NULL && scope->cr != NULL && text != NULL);

  cr = scope->cr;
  layout = make_layout (scope, text, size, style);
  pango_layout_get_extents (layout, NULL, &logical);
  cairo_save (cr);
  lloyd_plot_set_rgba (cr, rgba ? rgba : lloyd_plot_scope_theme (scope)->foreground);
  cairo_translate (cr, x, y);
  if (angle != 0)
    cairo_rotate (cr, angle);
  cairo_move_to (cr,
                 -xalign * logical.width / PANGO_SCALE - (double) logical.x / PANGO_SCALE,
                 -yalign * logical.height / PANGO_SCALE - (double) logical.y / PANGO_SCALE);
  pango_cairo_show_layout (cr, layout);
  /* The path is not part of cairo's saved state: drop the move_to, or the next
   * arc someone draws starts with a line from here. */
  cairo_new_path (cr);
  cairo_restore (cr);
  g_object_unref (layout);
}

char *
lloyd_text_ellipsize (const LloydPlotScope *scope,
                      const char           *text,
                      double                size,
                      LloydTextStyle        style,
                      double                max_width)
{
  glong len;
  double w;

  g_return_val_if_fail (text != NULL, NULL);

  lloyd_text_measure (scope, text, size, style, &w, NULL);
  if (w <= max_width)
    return g_strdup (text);
  len = g_utf8_strlen (text, -1);
  while (len > 1)
    {
      g_autofree char *head = g_utf8_substring (text, 0, --len);
      g_autofree char *candidate = g_strconcat (head, "…", NULL);

      lloyd_text_measure (scope, candidate, size, style, &w, NULL);
      if (w <= max_width)
        return g_steal_pointer (&candidate);
    }
  return g_strdup ("…");
}

void
lloyd_text_draw_fitted (const LloydPlotScope *scope,
                        const char           *text,
                        double                cx,
                        double                y,
                        double                lo,
                        double                hi,
                        double                size,
                        LloydTextStyle        style)
{
  g_autofree char *fitted = NULL;
  double w, x;

  g_return_if_fail (scope != NULL && scope->cr != NULL && text != NULL);

  fitted = lloyd_text_ellipsize (scope, text, size, style, MAX (hi - lo, 0));
  lloyd_text_measure (scope, fitted, size, style, &w, NULL);
  x = MIN (cx - w / 2, hi - w);
  x = MAX (x, lo);
  lloyd_text_draw (scope, fitted, x, y, 0, 0, size, style, NULL, 0);
}
