/* histogram-plot.h — distances to the nearest centroid as a histogram (counts
 * optionally on a log axis), with the anomaly threshold(s) drawn, the bars past
 * flagged part of each bar in the accent colour and the flagged count stated. */
#pragma once

#include "axes.h"

G_BEGIN_DECLS

typedef struct
{
  gsize         n;
  const double *values;          /* n distances (non-finite ones are ignored) */
  guint         n_bins;          /* 0: chosen from n (Freedman–Diaconis, 10..120 bins) */
  gboolean      log_counts;
  guint         n_thresholds;
  const double *thresholds;
  const char   *const *threshold_labels; /* n_thresholds, or NULL: "threshold 1.52"; used
                                  * when all thresholds are one value */
  const guint8 *flags;           /* n: which points are flagged (per-cluster thresholds),
                                  * or NULL: those > the lowest threshold */
  const char   *title;
  const char   *x_title;         /* default "Distance to nearest centroid" */
} LloydHistogramPlot;

typedef struct
{
  LloydAxesSpec spec;
  LloydAxes     axes;
  guint         n_bins;
  double        lo, width;   /* bin i covers [lo + i·width, lo + (i + 1)·width) */
  guint64      *counts;      /* owned, n_bins: all points in the bin */
  guint64      *flagged_counts; /* owned, n_bins: the flagged ones among them */
  gsize         flagged;
  /* Several distinct thresholds (per-cluster ones) are thin unlabelled lines
   * and one legend entry; a single one is a labelled line. Never more than one
   * label, so no two can overlap. */
  gboolean      grouped;
  char         *label;       /* owned: the single threshold's label, or NULL */
  LloydPlotRect label_rect;  /* its backing, inside the frame */
  LloydPlotRect legend_rect; /* right of the frame; empty without a legend */
} LloydHistogramLayout;

void lloyd_histogram_plot_layout (const LloydHistogramPlot *plot,
                                  const LloydPlotScope     *scope,
                                  LloydHistogramLayout     *layout);
void lloyd_histogram_layout_clear (LloydHistogramLayout   *layout);
void lloyd_histogram_plot_render (const LloydHistogramPlot *plot,
                                  const LloydPlotScope     *scope);

G_END_DECLS
