/* heatmap-plot.h — a table of counts as coloured cells with the count written
 * in each: the cluster × label contingency and the confusion matrix (true rows,
 * predicted columns, the diagonal outlined). Colour is linear in the count, or
 * logarithmic when counts span more than three decades (KDD), or the row
 * fraction when asked. */
#pragma once

#include "plot-common.h"

G_BEGIN_DECLS

typedef struct
{
  guint              n_rows;
  guint              n_cols;
  const double      *values;       /* n_rows × n_cols, row-major */
  const char *const *row_names;    /* or NULL: indices */
  const char *const *col_names;
  const char        *row_title;    /* "Cluster", "True" */
  const char        *col_title;    /* "Label", "Predicted" */
  const char        *title;
  gboolean           confusion;    /* outline the diagonal */
  gboolean           row_fraction; /* colour by share of the row */
} LloydHeatmapPlot;

typedef struct
{
  LloydPlotRect grid;        /* the cells */
  double        cell_w, cell_h;
  double        text_size;   /* 0: cells too small for numbers */
  gboolean      log_color;
  gboolean      rotate_cols; /* column names written slanted or upright */
  guint         col_angle;   /* 0, 45 or 90: how column names are turned */
  guint         col_stride;  /* every col_stride-th column is named, so names never overlap */
  guint         row_stride;  /* likewise for rows */
  double        max_value;
  double        row_names_width; /* the widest row name, as drawn */
  double        col_names_width; /* the widest column name, as drawn */
  guint         title_break; /* 0: the title on one line; else the byte where a
                              * too-wide title goes on to a second line */
} LloydHeatmapLayout;

void lloyd_heatmap_plot_layout (const LloydHeatmapPlot *plot,
                                const LloydPlotScope   *scope,
                                LloydHeatmapLayout     *layout);
void lloyd_heatmap_plot_render (const LloydHeatmapPlot *plot,
                                const LloydPlotScope   *scope);
/* The cell colour (RGB) for a value in 0..1 of the colour scale. */
void lloyd_heatmap_color       (double                  t,
                                double                  rgb[3]);

G_END_DECLS
