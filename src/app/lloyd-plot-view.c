/* lloyd-plot-view.c — draws a figure through its cairo renderer into the widget's
 * snapshot and handles navigation: scroll zooms about the pointer, drag pans,
 * double-click resets, a click or hover is reported as "clicked"/"hover" with
 * widget coordinates for the owner to map through the figure's transform. */
#define G_LOG_DOMAIN "Lloyd"

#include "config.h"

#include <math.h>

#include "lloyd-plot-view.h"

struct _LloydPlotView
{
  GtkWidget          parent_instance;

  LloydPlotDrawFunc  draw;
  gpointer           draw_data;
  GDestroyNotify     draw_destroy;

  LloydPlotViewport  viewport;
  gboolean           navigable;
  double             drag_pan_x;
  double             drag_pan_y;
  gboolean           dragged;
};

enum { SIGNAL_CLICKED, SIGNAL_HOVER, SIGNAL_VIEWPORT_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (LloydPlotView, lloyd_plot_view, GTK_TYPE_WIDGET)

#define MIN_ZOOM 0.25
#define MAX_ZOOM 256.0
/* A press that moves less than this is a click, not a pan. */
#define CLICK_SLOP 4.0

static void
lloyd_plot_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  LloydPlotView *self = LLOYD_PLOT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->draw == NULL)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  self->draw (cr, width, height, &self->viewport, self->draw_data);
  cairo_destroy (cr);
}

static void
viewport_changed (LloydPlotView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_VIEWPORT_CHANGED], 0);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           LloydPlotView            *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double cx = gtk_widget_get_width (widget) / 2.0;
  double cy = gtk_widget_get_height (widget) / 2.0;
  double px = cx, py = cy, factor, zoom;
  GdkEvent *event;

  if (!self->navigable)
    return FALSE;
  event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  if (event != NULL)
    {
      double ex, ey;

      if (gdk_event_get_position (event, &ex, &ey))
        {
          graphene_point_t p;

          if (gtk_widget_compute_point (GTK_WIDGET (gtk_widget_get_root (widget)), widget,
                                        &GRAPHENE_POINT_INIT (ex, ey), &p))
            {
              px = p.x;
              py = p.y;
            }
        }
    }

  factor = pow (1.1, -dy);
  zoom = CLAMP (self->viewport.zoom * factor, MIN_ZOOM, MAX_ZOOM);
  factor = zoom / self->viewport.zoom;
  /* Keep the data point under the pointer where it is: a figure point at
   * offset u from the centre is drawn at centre + pan + zoom·u. */
  self->viewport.pan_x = (px - cx) - factor * (px - cx - self->viewport.pan_x);
  self->viewport.pan_y = (py - cy) - factor * (py - cy - self->viewport.pan_y);
  self->viewport.zoom = zoom;
  viewport_changed (self);
  return TRUE;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               LloydPlotView  *self)
{
  self->drag_pan_x = self->viewport.pan_x;
  self->drag_pan_y = self->viewport.pan_y;
  self->dragged = FALSE;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                LloydPlotView  *self)
{
  if (!self->navigable)
    return;
  if (!self->dragged && hypot (dx, dy) < CLICK_SLOP)
    return;
  self->dragged = TRUE;
  self->viewport.pan_x = self->drag_pan_x + dx;
  self->viewport.pan_y = self->drag_pan_y + dy;
  viewport_changed (self);
}

static void
on_released (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             LloydPlotView   *self)
{
  if (self->dragged)
    return;
  if (n_press == 2 && self->navigable)
    lloyd_plot_view_reset_viewport (self);
  else if (n_press == 1)
    g_signal_emit (self, signals[SIGNAL_CLICKED], 0, x, y);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           LloydPlotView            *self)
{
  g_signal_emit (self, signals[SIGNAL_HOVER], 0, x, y);
}

/* Popovers (the point details) are children: place them with the widget. */
static void
lloyd_plot_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

static void
lloyd_plot_view_dispose (GObject *object)
{
  LloydPlotView *self = LLOYD_PLOT_VIEW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->draw_destroy != NULL)
    g_clear_pointer (&self->draw_data, self->draw_destroy);
  self->draw = NULL;
  G_OBJECT_CLASS (lloyd_plot_view_parent_class)->dispose (object);
}

static void
lloyd_plot_view_class_init (LloydPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lloyd_plot_view_dispose;
  widget_class->snapshot = lloyd_plot_view_snapshot;
  widget_class->size_allocate = lloyd_plot_view_size_allocate;

  /* Widget coordinates of a click that was not a drag. */
  signals[SIGNAL_CLICKED] =
    g_signal_new ("clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[SIGNAL_HOVER] =
    g_signal_new ("hover", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[SIGNAL_VIEWPORT_CHANGED] =
    g_signal_new ("viewport-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "plotview");
}

static void
lloyd_plot_view_init (LloydPlotView *self)
{
  GtkEventController *scroll;
  GtkGesture *drag, *click;
  GtkEventController *motion;

  self->viewport.zoom = 1.0;
  self->navigable = TRUE;

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
lloyd_plot_view_new (void)
{
  return g_object_new (LLOYD_TYPE_PLOT_VIEW, NULL);
}

void
lloyd_plot_view_set_draw_func (LloydPlotView     *self,
                               LloydPlotDrawFunc  func,
                               gpointer           user_data,
                               GDestroyNotify     destroy)
{
  g_return_if_fail (LLOYD_IS_PLOT_VIEW (self));

  if (self->draw_destroy != NULL)
    g_clear_pointer (&self->draw_data, self->draw_destroy);
  self->draw = func;
  self->draw_data = user_data;
  self->draw_destroy = destroy;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lloyd_plot_view_queue_draw (LloydPlotView *self)
{
  g_return_if_fail (LLOYD_IS_PLOT_VIEW (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
lloyd_plot_view_get_viewport (LloydPlotView     *self,
                              LloydPlotViewport *viewport)
{
  g_return_if_fail (LLOYD_IS_PLOT_VIEW (self));
  g_return_if_fail (viewport != NULL);
  *viewport = self->viewport;
}

void
lloyd_plot_view_reset_viewport (LloydPlotView *self)
{
  g_return_if_fail (LLOYD_IS_PLOT_VIEW (self));
  self->viewport = (LloydPlotViewport) { .zoom = 1.0 };
  viewport_changed (self);
}

void
lloyd_plot_view_set_navigable (LloydPlotView *self,
                               gboolean       navigable)
{
  g_return_if_fail (LLOYD_IS_PLOT_VIEW (self));
  self->navigable = !!navigable;
}
