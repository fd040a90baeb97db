/* convergence-plot.h — how a fit converged: inertia, points moved and total
 * centroid shift per iteration, as three stacked panels sharing the iteration
 * axis, with the current iteration marked across all three. */
#pragma once

#include "axes.h"

G_BEGIN_DECLS

typedef struct
{
  guint         n;           /* iterations 1..n (entry i is iteration i + 1) */
  const double *inertia;     /* n values, or NULL */
  const double *moved;       /* n values (counts), or NULL */
  const double *shift;       /* n values, or NULL */
  int           current;     /* iteration to mark (1-based), or ≤ 0 */
  gboolean      log_shift;   /* the shift panel on a log axis (it falls by decades) */
  const char   *title;
} LloydConvergencePlot;

typedef struct
{
  guint     n_panels;
  LloydAxes panels[3];
  int       series[3];      /* 0 inertia, 1 moved, 2 shift */
} LloydConvergenceLayout;

void lloyd_convergence_plot_layout (const LloydConvergencePlot *plot,
                                    const LloydPlotScope       *scope,
                                    LloydConvergenceLayout     *layout);
void lloyd_convergence_plot_render (const LloydConvergencePlot *plot,
                                    const LloydPlotScope       *scope);

G_END_DECLS
