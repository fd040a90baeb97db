/* markers.h — the marks figures share, so a centroid or a flagged point looks
 * the same in the scatter plot, its legend and the elbow plot. Every marker sits
 * on a halo in the theme's background colour so it reads over any cluster colour. */
#pragma once

#include "plot-common.h"

G_BEGIN_DECLS

#define LLOYD_CENTROID_RADIUS 9.0
#define LLOYD_FLAG_SIZE 6.5

/* A filled disc in the cluster's colour, outlined, with @label (the index) in it. */
void lloyd_marker_centroid (const LloydPlotScope *scope,
                            double                x,
                            double                y,
                            double                radius,
                            const double          rgb[3],
                            const char           *label);
/* A dark open ring around a flagged (anomalous) point. */
void lloyd_marker_flag     (const LloydPlotScope *scope,
                            double                x,
                            double                y,
                            double                size);

G_END_DECLS
