/* curve-plot.h — ROC and precision–recall curves on the unit square, each
 * named with its area in the legend, with the chance line (ROC diagonal, or the
 * positive rate for PR) for reference. */
#pragma once

#include "axes.h"

G_BEGIN_DECLS

typedef enum
{
  LLOYD_CURVE_ROC,  /* x false-positive rate, y true-positive rate */
  LLOYD_CURVE_PR,   /* x recall, y precision */
} LloydCurveKind;

typedef struct
{
  guint         n;
  const double *x;
  const double *y;
  const char   *name;
  double        area;  /* AUC or average precision; NaN: not stated */
  guint         keep;  /* a point drawn exactly, whatever its neighbours (the
                        * operating point); 0: none besides the ends */
} LloydCurve;

typedef struct
{
  LloydCurveKind    kind;
  guint             n_curves;
  const LloydCurve *curves;
  double            baseline;  /* PR: the positive fraction; NaN for none */
  const char       *title;
} LloydCurvePlot;

/* The vertices of a polyline worth drawing at device resolution: of @n points
 * (@xy: x, y interleaved, in device units; non-finite ones are skipped) keeps the
 * first and last finite ones, @keep, and each point at least @min_step away
 * (|dx| + |dy|) from the previously kept one. Writes the kept indices, in order,
 * to @out (room for @n) and returns how many. A curve monotone in x and y (ROC)
 * keeps at most (width + height) / @min_step + 3 points whatever @n. */
gsize lloyd_curve_decimate   (const double         *xy,
                              gsize                 n,
                              double                min_step,
                              gsize                 keep,
                              gsize                *out);
void lloyd_curve_plot_layout (const LloydCurvePlot *plot,
                              const LloydPlotScope *scope,
                              LloydAxesSpec        *spec,
                              LloydAxes            *axes);
void lloyd_curve_plot_render (const LloydCurvePlot *plot,
                              const LloydPlotScope *scope);

G_END_DECLS
