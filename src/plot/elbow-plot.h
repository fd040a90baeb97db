/* elbow-plot.h — choosing k: inertia against k, optionally the silhouette on a
 * second axis, the detected elbow(s) marked, and "no clear elbow" said plainly
 * when the detector found none. */
#pragma once

#include "axes.h"

G_BEGIN_DECLS

typedef struct
{
  guint         n;
  const double *k;            /* n values of k, increasing */
  const double *inertia;      /* n */
  const double *silhouette;   /* n, or NULL; NaN where undefined (k = 1) */
  guint         n_elbows;
  const double *elbows;       /* the k values detected as elbows */
  const char *const *elbow_names; /* n_elbows detector names ("Kneedle"), or NULL */
  const char   *title;
} LloydElbowPlot;

void lloyd_elbow_plot_layout (const LloydElbowPlot *plot,
                              const LloydPlotScope *scope,
                              LloydAxesSpec        *spec,
                              LloydAxes            *axes);
void lloyd_elbow_plot_render (const LloydElbowPlot *plot,
                              const LloydPlotScope *scope);

G_END_DECLS
