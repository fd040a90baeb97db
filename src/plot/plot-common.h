/* plot-common.h — what every figure in src/plot shares: the render scope (a
 * cairo_t and a size, as libshumate's render scope), the theme (fonts and
 * colours) and plain rectangles. Figures never touch GTK: the app, the CLI and
 * the tests draw the same figure into whatever cairo_t they hold. */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} LloydPlotRect;

typedef struct
{
  const char *font_family;
  double      font_size;      /* tick labels, in user units; titles are scaled from it */
  double      background[4];  /* RGBA */
  double      foreground[4];  /* text, axes, marker outlines */
  double      muted[4];       /* secondary text, footers */
  double      grid[4];
  double      frame_fill[4];  /* inside the plot frame */
  double      accent[4];      /* thresholds, elbows, the current iteration */
  double      halo[4];        /* drawn under markers so they read on any colour */
} LloydPlotTheme;

/* Where and how big to draw. @width and @height are in user units (logical
 * pixels on screen, points in PDF); @scale is device pixels per unit (2 for a
 * @2x PNG), used to pick resolutions of raster layers such as the density image. */
typedef struct
{
  cairo_t              *cr;
  double                width;
  double                height;
  double                scale;
  const LloydPlotTheme *theme;        /* NULL: lloyd_plot_theme_light () */
  gboolean              transparent;  /* leave the background unpainted */
  const char           *footer;       /* provenance stamp at the bottom, or NULL */
} LloydPlotScope;

const LloydPlotTheme *lloyd_plot_theme_light  (void);
const LloydPlotTheme *lloyd_plot_theme_dark   (void);
const LloydPlotTheme *lloyd_plot_scope_theme  (const LloydPlotScope *scope);

/* "iris.csv · k = 3 · seed 42 · iteration 7": the footer stamp an exported
 * figure carries. @seed_set FALSE or @iteration < 0 leave those parts out. */
char                 *lloyd_plot_stamp_format (const char           *dataset,
                                               guint                 k,
                                               gboolean              seed_set,
                                               guint64               seed,
                                               int                   iteration);

/* The area left for the figure above the footer (all of it without one):
 * what layouts start from. Measures, draws nothing. */
LloydPlotRect         lloyd_plot_area         (const LloydPlotScope *scope);
/* Paints the background (unless transparent) and the footer, and returns
 * lloyd_plot_area (). */
LloydPlotRect         lloyd_plot_begin        (const LloydPlotScope *scope);

/* Releases pango's, cairo's and fontconfig's process-wide font caches, so a
 * leak checker sees only real leaks. Call once at exit, after the last figure;
 * drawing again afterwards is not supported. */
void                  lloyd_plot_shutdown     (void);

static inline void
lloyd_plot_set_rgba (cairo_t      *cr,
                     const double  rgba[4])
{
  cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]);
}

G_END_DECLS
