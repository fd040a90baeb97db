/* lloyd-plot-view.h — a widget that shows one src/plot figure and turns scroll,
 * drag, double-click, hover and click into a view (zoom and pan) and signals. The
 * figure itself is drawn by a callback into a cairo_t, the same call the file
 * export makes, so the screen and the files never differ. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Zoom about the figure's centre and pan in widget pixels: what a renderer
 * needs to map data to pixels for this widget. Identity: zoom 1, pan 0. */
typedef struct
{
  double zoom;
  double pan_x;
  double pan_y;
} LloydPlotViewport;

typedef void (*LloydPlotDrawFunc) (cairo_t                 *cr,
                                   int                      width,
                                   int                      height,
                                   const LloydPlotViewport *viewport,
                                   gpointer                 user_data);

#define LLOYD_TYPE_PLOT_VIEW (lloyd_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (LloydPlotView, lloyd_plot_view, LLOYD, PLOT_VIEW, GtkWidget)

GtkWidget *lloyd_plot_view_new            (void);
void       lloyd_plot_view_set_draw_func  (LloydPlotView      *self,
                                           LloydPlotDrawFunc   func,
                                           gpointer            user_data,
                                           GDestroyNotify      destroy);
/* Schedules a redraw (the figure's model changed). */
void       lloyd_plot_view_queue_draw     (LloydPlotView      *self);
void       lloyd_plot_view_get_viewport   (LloydPlotView      *self,
                                           LloydPlotViewport  *viewport);
void       lloyd_plot_view_reset_viewport (LloydPlotView      *self);
/* Whether scroll and drag change the view (off for strips and bar charts). */
void       lloyd_plot_view_set_navigable  (LloydPlotView      *self,
                                           gboolean            navigable);

G_END_DECLS
