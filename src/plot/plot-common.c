/* plot-common.c — themes, the footer stamp and the background every figure
 * starts from (see plot-common.h). */
#include "config.h"

#include <fontconfig/fontconfig.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "plot-common.h"
#include "text.h"

static const LloydPlotTheme light = {
  .font_family = "Sans",
  .font_size = 12,
  .background = { 1, 1, 1, 1 },
  .foreground = { 0.13, 0.13, 0.15, 1 },
  .muted = { 0.42, 0.42, 0.45, 1 },
  .grid = { 0.86, 0.86, 0.88, 1 },
  .frame_fill = { 0.985, 0.985, 0.99, 1 },
  .accent = { 0.80, 0.15, 0.25, 1 },
  .halo = { 1, 1, 1, 0.85 },
};

static const LloydPlotTheme dark = {
  .font_family = "Sans",
  .font_size = 12,
  .background = { 0.14, 0.14, 0.16, 1 },
  .foreground = { 0.92, 0.92, 0.94, 1 },
  .muted = { 0.65, 0.65, 0.68, 1 },
  .grid = { 0.26, 0.26, 0.29, 1 },
  .frame_fill = { 0.17, 0.17, 0.19, 1 },
  .accent = { 1.0, 0.45, 0.50, 1 },
  .halo = { 0.10, 0.10, 0.12, 0.85 },
};

const LloydPlotTheme *
lloyd_plot_theme_light (void)
{
  return &light;
}

const LloydPlotTheme *
lloyd_plot_theme_dark (void)
{
  return &dark;
}

const LloydPlotTheme *
lloyd_plot_scope_theme (const LloydPlotScope *scope)
{
  return scope != NULL && scope->theme != NULL ? scope->theme : &light;
}

char *
lloyd_plot_stamp_format (const char *dataset,
                         guint       k,
                         gboolean    seed_set,
                         guint64     seed,
                         int         iteration)
{
  GString *s = g_string_new (NULL);

  if (dataset != NULL && *dataset)
    {
      g_autofree char *base = g_path_get_basename (dataset);
      g_string_append (s, base);
    }
  if (k > 0)
    g_string_append_printf (s, "%sk = %u", s->len ? " · " : "", k);
  if (seed_set)
    {
      /* The number is formatted apart: xgettext cannot read G_GUINT64_FORMAT. */
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, seed);

      g_string_append (s, s->len ? " · " : "");
      g_string_append_printf (s, _("seed %s"), number);
    }
  if (iteration >= 0)
    {
      g_string_append (s, s->len ? " · " : "");
      g_string_append_printf (s, _("iteration %d"), iteration);
    }
  g_string_append_printf (s, "%sLloyd %s", s->len ? " · " : "", PACKAGE_VERSION);
  return g_string_free (s, FALSE);
}

#define FOOTER_SCALE 0.8

LloydPlotRect
lloyd_plot_area (const LloydPlotScope *scope)
{
  LloydPlotRect area = { 0, 0, scope->width, scope->height };

  if (scope->footer != NULL && *scope->footer)
    {
      double h;

      lloyd_text_measure (scope, scope->footer, lloyd_plot_scope_theme (scope)->font_size * FOOTER_SCALE,
                          LLOYD_TEXT_NORMAL, NULL, &h);
      area.height -= h + 6;
    }
  return area;
}

LloydPlotRect
lloyd_plot_begin (const LloydPlotScope *scope)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  cairo_t *cr = scope->cr;

  if (!scope->transparent)
    {
      cairo_save (cr);
      lloyd_plot_set_rgba (cr, theme->background);
      cairo_rectangle (cr, 0, 0, scope->width, scope->height);
      cairo_fill (cr);
      cairo_restore (cr);
    }
  if (scope->footer != NULL && *scope->footer)
    lloyd_text_draw (scope, scope->footer, scope->width - 8, scope->height - 5, 1, 1,
                     theme->font_size * FOOTER_SCALE, LLOYD_TEXT_NORMAL, theme->muted, 0);
  return lloyd_plot_area (scope);
}

void
lloyd_plot_shutdown (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();

  /* Dropping our reference is not enough: pango's fontconfig thread may still
   * hold one, with fonts (and their cairo scaled fonts) cached, and cairo then
   * aborts on the live entries. Shutting the map down drops its fonts now. */
  if (PANGO_IS_FC_FONT_MAP (map))
    pango_fc_font_map_shutdown (PANGO_FC_FONT_MAP (map));
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  /* Pango sorts fonts ahead in a thread of its own, which we cannot join: one
   * sort still running holds fontconfig's caches, and FcFini () aborts on
   * them. A sort takes well under a millisecond; give it ample time. */
  g_usleep (50 * 1000);
  FcFini ();
}
