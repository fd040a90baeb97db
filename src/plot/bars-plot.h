/* bars-plot.h — feature contributions as horizontal bars sorted from the
 * largest, names left of the bars (ellipsized, never overlapping: rows are at
 * least a line tall and the list is cut to what fits, saying how many are left
 * out), with a log-scale option and a grouped variant that sums one-hot columns
 * back into the column they came from. */
#pragma once

#include "axes.h"

G_BEGIN_DECLS

typedef struct
{
  guint               n;
  const double       *values;       /* n contributions (≥ 0 expected; negatives drawn leftwards) */
  const char *const  *names;        /* n feature names */
  const guint        *groups;       /* n group indices, or NULL */
  guint               n_groups;
  const char *const  *group_names;  /* n_groups, when grouping */
  gboolean            grouped;      /* sum by group instead of one bar per feature */
  gboolean            log_scale;
  guint               max_bars;     /* 0: as many as fit */
  const char         *title;
  const char         *x_title;      /* default "Contribution" */
} LloydBarsPlot;

typedef struct
{
  LloydAxesSpec spec;
  LloydAxes     axes;
  guint         n_bars;        /* bars drawn */
  guint         n_items;       /* features or groups in all */
  guint        *order;         /* owned: item index of each drawn bar, largest first */
  double       *item_values;   /* owned: n_items values (summed when grouped) */
  double        row_height;
} LloydBarsLayout;

void lloyd_bars_plot_layout  (const LloydBarsPlot  *plot,
                              const LloydPlotScope *scope,
                              LloydBarsLayout      *layout);
void lloyd_bars_layout_clear (LloydBarsLayout      *layout);
void lloyd_bars_plot_render  (const LloydBarsPlot  *plot,
                              const LloydPlotScope *scope);

G_END_DECLS
