/* axes.h — the frame, ticks, grid and titles every x–y figure shares. Layout is
 * a pure step (measuring text but drawing nothing): margins grow to fit the
 * widest tick label and the titles, and the number of ticks shrinks until no two
 * labels touch. The figure then maps data to pixels through the result. */
#pragma once

#include "plot-common.h"
#include "ticks.h"

G_BEGIN_DECLS

typedef struct
{
  const char *title;          /* above the frame, or NULL */
  const char *x_title;
  const char *y_title;
  const char *y2_title;       /* right axis, when has_y2 */
  double      x_lo, x_hi;     /* data ranges (any order, any values: ticks.h cleans them) */
  double      y_lo, y_hi;
  double      y2_lo, y2_hi;
  gboolean    x_log, y_log, y2_log;
  gboolean    has_y2;
  gboolean    x_exact;        /* keep x_lo..x_hi as given instead of rounding out to ticks */
  gboolean    y_exact;
  gboolean    x_integer;      /* ticks only at whole numbers (iterations, k) */
  double      right_reserve;  /* room right of the frame (a legend) */
  double      bottom_reserve; /* room under the x title (a note) */
} LloydAxesSpec;

typedef struct
{
  LloydPlotRect area;         /* everything the axes were given */
  LloydPlotRect frame;        /* the plotting rectangle */
  LloydTicks    x, y, y2;
  gboolean      has_y2;
  double        font_size;
} LloydAxes;

void   lloyd_axes_layout      (LloydAxes            *axes,
                               const LloydPlotScope *scope,
                               LloydPlotRect         area,
                               const LloydAxesSpec  *spec);
/* Frame fill and grid lines: drawn before the data. */
void   lloyd_axes_draw_grid   (const LloydAxes      *axes,
                               const LloydPlotScope *scope);
/* Frame outline, tick marks, tick labels and titles: drawn after the data. */
void   lloyd_axes_draw        (const LloydAxes      *axes,
                               const LloydPlotScope *scope,
                               const LloydAxesSpec  *spec);

/* Data ↔ user-space mapping (log axes map log10 linearly). */
double lloyd_axes_x           (const LloydAxes      *axes,
                               double                v);
double lloyd_axes_y           (const LloydAxes      *axes,
                               double                v);
double lloyd_axes_y2          (const LloydAxes      *axes,
                               double                v);
double lloyd_axes_x_inverse   (const LloydAxes      *axes,
                               double                px);
double lloyd_axes_y_inverse   (const LloydAxes      *axes,
                               double                py);

/* Clips the cairo context to the frame (cairo_save first). */
void   lloyd_axes_clip        (const LloydAxes      *axes,
                               cairo_t              *cr);

G_END_DECLS
