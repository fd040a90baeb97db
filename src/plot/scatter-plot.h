/* scatter-plot.h — the clusters figure, Lloyd's main view: points in a plane
 * (two principal components or two chosen features) coloured by cluster, the
 * centroids with their index and trails, percentile-radius circles, flagged
 * points, assignment lines during a half-step and, for 2-D data, the Voronoi
 * regions of the centroids. Above a threshold the points become a density image
 * (one pass of binning, one paint) while flags and centroids stay exact.
 *
 * The model is plain data the caller owns and keeps alive while drawing; the
 * layout maps data to pixels for a view (zoom about the frame's centre and pan in
 * pixels, as the app's LloydPlotViewport) and back, for hit-testing and
 * click-to-place. */
#pragma once

#include "axes.h"
#include "plot-common.h"

G_BEGIN_DECLS

#define LLOYD_SCATTER_DENSITY_THRESHOLD 50000
#define LLOYD_SCATTER_ASSIGNMENT_LINES_MAX 5000
/* Above this many points they are composited into an image (also in SVG/PDF). */
#define LLOYD_SCATTER_VECTOR_POINTS_MAX 5000
/* Above this many flagged points their rings are stamped into an image too. */
#define LLOYD_SCATTER_VECTOR_FLAGS_MAX 1000
#define LLOYD_SCATTER_DENSITY_BIN 2  /* user units per density bin side */

typedef struct
{
  gsize          n;
  const double  *xy;                 /* n × 2, row-major */
  const guint32 *labels;             /* n cluster indices (< k), or NULL: one colour */
  const guint8  *flagged;            /* n booleans, or NULL */
  guint          k;
  const double  *centroids;          /* k × 2 in the same plane, or NULL */
  guint          n_trail;            /* earlier positions per centroid… */
  const double  *trails;             /* …n_trail × k × 2, oldest first, current excluded */
  const double  *radii;              /* k circle radii in plane units, or NULL */
  gboolean       radii_approximate;  /* the circles stand for a higher-dimensional boundary */
  guint          source_dimensions;  /* d of the data, for the note; 0 unknown */
  gboolean       assignment_lines;   /* thin point → centroid lines (small n only) */
  gboolean       voronoi;            /* regions of the centroids (meaningful for 2-D data) */
  gboolean       equal_aspect;       /* one unit is as long on both axes (PCA planes) */
  gsize          density_threshold;  /* 0: LLOYD_SCATTER_DENSITY_THRESHOLD */
  const char    *title;
  const char    *x_title;            /* "PC1 (92.5%)" */
  const char    *y_title;
  const char    *note;               /* extra line under the figure, or NULL */
  gboolean       hide_legend;
} LloydScatterPlot;

/* The app's LloydPlotViewport has the same meaning: pixel = centre + zoom ×
 * (pixel at zoom 1 − centre) + pan. */
typedef struct
{
  double zoom;
  double pan_x;
  double pan_y;
} LloydPlotTransform;

typedef struct
{
  LloydAxesSpec spec;
  LloydAxes     axes;
  gboolean      density;
  double        legend_x, legend_y;
  char         *note;   /* owned; the text under the frame, or NULL */
} LloydScatterLayout;

/* Whether the points are drawn as a density image. */
gboolean lloyd_scatter_plot_uses_density (const LloydScatterPlot   *plot);

void     lloyd_scatter_plot_layout       (const LloydScatterPlot   *plot,
                                          const LloydPlotScope     *scope,
                                          const LloydPlotTransform *transform,
                                          LloydScatterLayout       *layout);
void     lloyd_scatter_layout_clear      (LloydScatterLayout       *layout);

void     lloyd_scatter_layout_to_pixel   (const LloydScatterLayout *layout,
                                          double                    x,
                                          double                    y,
                                          double                   *px,
                                          double                   *py);
void     lloyd_scatter_layout_to_data    (const LloydScatterLayout *layout,
                                          double                    px,
                                          double                    py,
                                          double                   *x,
                                          double                   *y);

/* Index of the point drawn nearest to (@px, @py) within @max_distance pixels,
 * or -1. Linear in n: for hover and clicks, not for every frame. */
gssize   lloyd_scatter_plot_hit_point    (const LloydScatterPlot   *plot,
                                          const LloydScatterLayout *layout,
                                          double                    px,
                                          double                    py,
                                          double                    max_distance);
/* The centroid whose marker covers (@px, @py), or -1. */
int      lloyd_scatter_plot_hit_centroid (const LloydScatterPlot   *plot,
                                          const LloydScatterLayout *layout,
                                          double                    px,
                                          double                    py);

/* @transform may be NULL (the whole data). */
void     lloyd_scatter_plot_render       (const LloydScatterPlot   *plot,
                                          const LloydPlotScope     *scope,
                                          const LloydPlotTransform *transform);
/* The whole figure of the LloydScatterPlot @plot, with the signature of a
 * LloydPlotRenderFunc (export.h): what lloyd_export_figure() is handed. */
void     lloyd_scatter_plot_render_figure (const LloydPlotScope    *scope,
                                           gpointer                 plot);
/* The same, handing back the layout it drew with (clear it after use): a second
 * lloyd_scatter_plot_layout() would pass over every point again. */
void     lloyd_scatter_plot_render_layout (const LloydScatterPlot   *plot,
                                           const LloydPlotScope     *scope,
                                           const LloydPlotTransform *transform,
                                           LloydScatterLayout       *out);

G_END_DECLS
