/* legend.h — a column of labelled keys (colour swatches, lines, markers) drawn
 * beside a figure's frame. */
#pragma once

#include "plot-common.h"

G_BEGIN_DECLS

typedef enum
{
  LLOYD_LEGEND_DOT,
  LLOYD_LEGEND_LINE,
  LLOYD_LEGEND_DASH,
  LLOYD_LEGEND_SWATCH,
  LLOYD_LEGEND_CENTROID,
  LLOYD_LEGEND_FLAG,
} LloydLegendKey;

typedef struct
{
  LloydLegendKey key;
  double         rgb[3];
  char          *label;   /* owned by the legend */
} LloydLegendItem;

typedef struct _LloydLegend LloydLegend;

LloydLegend *lloyd_legend_new     (void);
void         lloyd_legend_free    (LloydLegend          *legend);
void         lloyd_legend_add     (LloydLegend          *legend,
                                   LloydLegendKey        key,
                                   const double          rgb[3],
                                   const char           *label);
guint        lloyd_legend_n_items (const LloydLegend    *legend);
void         lloyd_legend_measure (const LloydLegend    *legend,
                                   const LloydPlotScope *scope,
                                   double               *width,
                                   double               *height);
/* Draws with the top-left corner at (@x, @y). */
void         lloyd_legend_draw    (const LloydLegend    *legend,
                                   const LloydPlotScope *scope,
                                   double                x,
                                   double                y);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydLegend, lloyd_legend_free)

G_END_DECLS
