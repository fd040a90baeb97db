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
} LloydCurve;

typedef struct
{
  LloydCurveKind    kind;
  guint             n_curves;
  const LloydCurve *curves;
  double            baseline;  /* PR: the positive fraction; NaN for none */
  const char       *title;
} LloydCurvePlot;

void lloyd_curve_plot_layout (const LloydCurvePlot *plot,
                              const LloydPlotScope *scope,
                              LloydAxesSpec        *spec,
                              LloydAxes            *axes);
void lloyd_curve_plot_render (const LloydCurvePlot *plot,
                              const LloydPlotScope *scope);

G_END_DECLS
