/* lloyd-window-figures.c — what the window's figure widgets draw and how a view
 * is written to a file. Every pixel comes from the src/plot renderers; this file
 * only builds their models from the session (projecting centroids and their
 * trails into the figure plane) and keeps the last layout for hit-testing. */
#define G_LOG_DOMAIN "Lloyd"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lloyd-window-private.h"
#include "bars-plot.h"
#include "centroid-images.h"
#include "convergence-plot.h"
#include "curve-plot.h"
#include "elbow-plot.h"
#include "evaluate.h"
#include "export.h"
#include "heatmap-plot.h"
#include "histogram-plot.h"
#include "lloyd-worker.h"
#include "markers.h"
#include "scatter-plot.h"

typedef enum
{
  VIEW_CLUSTERS,
  VIEW_CONVERGENCE,
  VIEW_ELBOW,
  VIEW_DISTANCES,
  VIEW_OUTLIERS,
  VIEW_LABELS,
  VIEW_CENTROIDS,
  N_VIEWS
} ViewKind;

static const struct
{
  const char *name;
  const char *title;
} views[N_VIEWS] = {
  [VIEW_CLUSTERS] = { "clusters", N_("Clusters") },
  [VIEW_CONVERGENCE] = { "convergence", N_("Convergence") },
  [VIEW_ELBOW] = { "elbow", N_("Elbow") },
  [VIEW_DISTANCES] = { "distances", N_("Distances") },
  [VIEW_OUTLIERS] = { "outliers", N_("Outliers") },
  [VIEW_LABELS] = { "labels", N_("Labels") },
  [VIEW_CENTROIDS] = { "centroids", N_("Centroids") },
};

/* One sweep, kept for the dataset and preprocessing it was run on. */
typedef struct
{
  LloydDataset *dataset;
  gboolean      one_hot;
  gboolean      normalize;
  char        **train_labels; /* fitted on the rows with these labels; NULL: all */
  LloydElbow   *elbow;
  /* What makes a fit of one k the very model the sweep measured. */
  LloydInit     init;
  guint64       seed;
  guint         max_iter;
  double        tol;
} SweepEntry;

typedef struct _LloydFigures
{
  LloydScatterLayout layout;      /* of the last on-screen draw */
  gboolean           has_layout;
  GtkWidget         *popover;
  gboolean           popover_hover; /* shown by hovering: closes when the pointer leaves */
  guint              hover_source;
  double             hover_x, hover_y;
  LloydPlotView     *views[N_VIEWS];

  GPtrArray         *sweeps;      /* of SweepEntry */
  LloydAxes          elbow_axes;  /* of the last on-screen elbow draw */
  gboolean           has_elbow_axes;
  GtkSpinButton     *k_min_spin;
  GtkSpinButton     *k_max_spin;
  GtkCheckButton    *silhouette_check;

  GtkCheckButton    *original_check;
  GtkCheckButton    *grouped_check;
  GtkListBox        *outliers_list;
  gboolean           outliers_filled; /* outliers_list shows the scores of… */
  guint              outliers_serial; /* …this serial */
  gssize             pending_row;  /* to point at once Clusters is drawn, or -1 */

  GtkLabel          *labels_label;
  GtkMenuButton     *normal_buttons[2]; /* sidebar and Labels view: the normal set */
  GtkBox            *normal_boxes[2];   /* their check buttons, one per label */
  LloydDataset      *normal_for;  /* the dataset the check buttons list */
  LloydCurves       *curves;      /* ROC/PR: independent of the threshold… */
  guint              curves_serial; /* …cached per scores */
  guint              curves_normal; /* and normal set */
  /* The Labels view's numbers, shared by its figure and its text line: the
   * contingency table per scores, the confusion per scores, set and threshold. */
  LloydContingency  *table;
  guint              table_serial;
  LloydConfusion     confusion;
  gboolean           confusion_valid;
  guint              confusion_serial, confusion_normal;
  LloydThreshold     confusion_threshold;
} LloydFigures;

typedef struct
{
  LloydWindow *self;
  ViewKind     kind;
} ViewRef;

/* Arrays a LloydScatterPlot points into, owned here for one draw. */
typedef struct
{
  LloydScatterPlot plot;
  double          *centroids;
  double          *trails;
  double          *radii;
  char            *title;
  char            *note;
} ScatterModel;

static void
scatter_model_clear (ScatterModel *m)
{
  g_free (m->centroids);
  g_free (m->trails);
  g_free (m->radii);
  g_free (m->title);
  g_free (m->note);
}

/* The Clusters note: how many points the threshold flags, said as a sentence. */
static char *
describe_flagged (gsize                 n_flagged,
                  const LloydThreshold *t)
{
  gulong n = (gulong) n_flagged;

  switch (t->mode)
    {
    case LLOYD_THRESHOLD_PERCENTILE:
      return g_strdup_printf (ngettext ("%zu point flagged: farther from its centroid than %g%% of its cluster",
                                        "%zu points flagged: farther from their centroid than %g%% of their cluster",
                                        n),
                              n_flagged, t->value);
    case LLOYD_THRESHOLD_FARTHEST:
      return g_strdup_printf (ngettext ("%zu point flagged: farther from its centroid than the N-th farthest point, N = %g",
                                        "%zu points flagged: farther from their centroid than the N-th farthest point, N = %g",
                                        n),
                              n_flagged, t->value);
    case LLOYD_THRESHOLD_DISTANCE:
    default:
      return g_strdup_printf (ngettext ("%zu point flagged: farther than %g from its centroid",
                                        "%zu points flagged: farther than %g from their centroid",
                                        n),
                              n_flagged, t->value);
    }
}

/* Builds the Clusters figure's model for the position shown; FALSE without data. */
static gboolean
scatter_model_build (LloydWindow  *self,
                     ScatterModel *m)
{
  LloydSession *s = self->session;
  LloydSessionData *data = lloyd_session_get_data (s);
  LloydKMeans *km = lloyd_session_get_model (s);
  const double *centroids = lloyd_session_get_centroids (s);
  g_autoptr(GError) error = NULL;
  gsize d;

  memset (m, 0, sizeof *m);
  if (data == NULL)
    return FALSE;
  d = data->x->d;

  m->plot.n = data->xy->n;
  m->plot.xy = data->xy->data;
  m->plot.labels = lloyd_session_get_labels (s, &error);
  if (error != NULL)
    g_warning ("%s", error->message);
  m->plot.source_dimensions = d;
  if (self->settings != NULL)
    m->plot.density_threshold = g_settings_get_uint (self->settings, "density-threshold");
  m->plot.voronoi = d == 2;
  m->plot.x_title = data->x_title;
  m->plot.y_title = data->y_title;

  if (self->placing)
    {
      /* Click-to-place: the placed points are the centroids to be. */
      m->plot.k = self->placed_xy->len / 2;
      m->plot.centroids = (const double *) self->placed_xy->data;
      m->plot.labels = NULL;
      m->plot.voronoi = FALSE;
      m->title = g_strdup_printf (_("%s — click to place initial centroids"), data->dataset->name);
      m->plot.title = m->title;
      return TRUE;
    }

  if (km != NULL && centroids != NULL)
    {
      guint k = lloyd_kmeans_get_k (km);
      guint position = lloyd_session_get_position (s);

      m->plot.k = k;
      m->centroids = g_new (double, 2 * k);
      for (guint c = 0; c < k; c++)
        lloyd_session_data_project (data, centroids + c * d, m->centroids + 2 * c);
      m->plot.centroids = m->centroids;

      /* Trails: where each centroid was at iterations 0 … position − 1. */
      if (position > 0)
        {
          m->trails = g_new (double, (gsize) position * k * 2);
          for (guint i = 0; i < position; i++)
            {
              const LloydIteration *it = lloyd_kmeans_get_iteration (km, i);

              for (guint c = 0; c < k; c++)
                lloyd_session_data_project (data, it->centroids + c * d, m->trails + ((gsize) i * k + c) * 2);
            }
          m->plot.n_trail = position;
          m->plot.trails = m->trails;
        }
      /* Mid-iteration: show which centroid every point just chose. */
      m->plot.assignment_lines = lloyd_session_is_at_latest (s)
                                 && lloyd_kmeans_get_half_step (km) == LLOYD_HALF_STEP_ASSIGN;
      m->title = g_strdup_printf (_("%s · k = %u · iteration %u"), data->dataset->name, k, position);

      /* Once converged, the anomaly threshold: flagged points and, per cluster,
       * the circle holding the same share of its points in this plane. */
      if (lloyd_session_is_converged (s) && lloyd_session_is_at_latest (s) && m->plot.labels != NULL)
        {
          const double *per_cluster = NULL;
          gsize n_flagged = 0;
          const guint8 *flags = lloyd_session_get_flags (s, &n_flagged, &per_cluster, NULL);
          const LloydScores *projected = lloyd_session_get_projected_scores (s, NULL);
          LloydThreshold t;

          lloyd_session_get_threshold (s, &t);
          m->plot.flagged = flags;
          if (flags != NULL && projected != NULL)
            {
              g_autofree LloydCircle *circles = g_new0 (LloydCircle, k);

              if (lloyd_anomaly_circles (projected, projected, flags, &t, per_cluster, circles, NULL))
                {
                  m->radii = g_new (double, k);
                  for (guint c = 0; c < k; c++)
                    m->radii[c] = circles[c].radius;
                  m->plot.radii = m->radii;
                  m->plot.radii_approximate = d > 2;
                }
            }
          if (flags != NULL)
            {
              m->note = describe_flagged (n_flagged, &t);
              m->plot.note = m->note;
            }
        }
    }
  else
    m->title = g_strdup (data->dataset->name);
  m->plot.title = m->title;
  return TRUE;
}

/* The figure's background with a line of text where there is nothing to draw. */
static void
draw_message (const LloydPlotScope *scope,
              const char           *message)
{
  const LloydPlotTheme *theme = lloyd_plot_scope_theme (scope);
  cairo_t *cr = scope->cr;
  double width = scope->width, height = scope->height;
  cairo_text_extents_t ext;

  lloyd_plot_begin (scope);
  lloyd_plot_set_rgba (cr, theme->muted);
  cairo_select_font_face (cr, theme->font_family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, theme->font_size * 1.4);
  cairo_text_extents (cr, message, &ext);
  cairo_move_to (cr, (width - ext.width) / 2.0 - ext.x_bearing, height / 2.0);
  cairo_show_text (cr, message);
}

/* Renders the Clusters figure; @layout (optional) receives where it went. */
static void
render_clusters (LloydWindow             *self,
                   const LloydPlotScope    *in,
                 const LloydPlotViewport *viewport,
                 LloydScatterLayout      *layout)
{
  LloydPlotScope scope = *in;
  LloydPlotTransform transform = { 1.0, 0.0, 0.0 };
  ScatterModel m;

  if (!scatter_model_build (self, &m))
    {
      draw_message (&scope, _("Open a file or choose Demo Data to begin"));
      return;
    }
  if (viewport != NULL)
    transform = (LloydPlotTransform) { viewport->zoom, viewport->pan_x, viewport->pan_y };
  lloyd_scatter_plot_render_layout (&m.plot, &scope, &transform, layout);
  scatter_model_clear (&m);
}

/* Iterations 1 … n of the model's history as the convergence figure's series;
 * FALSE before the first iteration. */
typedef struct
{
  LloydConvergencePlot plot;
  double              *inertia;
  double              *moved;
  double              *shift;
} ConvergenceModel;

static gboolean
convergence_model_build (LloydWindow      *self,
                         ConvergenceModel *m,
                         gboolean          full)
{
  LloydKMeans *km = lloyd_session_get_model (self->session);
  guint n;

  memset (m, 0, sizeof *m);
  if (km == NULL || (n = lloyd_kmeans_get_n_iterations (km)) == 0)
    return FALSE;
  m->inertia = g_new (double, n);
  m->moved = g_new (double, n);
  m->shift = g_new (double, n);
  for (guint i = 1; i <= n; i++)
    {
      const LloydIteration *it = lloyd_kmeans_get_iteration (km, i);

      m->inertia[i - 1] = it->inertia;
      m->moved[i - 1] = it->moved;
      m->shift[i - 1] = it->shift;
    }
  m->plot.n = n;
  m->plot.inertia = m->inertia;
  /* The strip under the clusters shows inertia alone; the full view all three. */
  m->plot.moved = full ? m->moved : NULL;
  m->plot.shift = full ? m->shift : NULL;
  m->plot.log_shift = TRUE;
  m->plot.current = lloyd_session_get_position (self->session);
  /* The strip is labelled by its place under the figure: no title. */
  m->plot.title = full ? _("Convergence") : "";
  return TRUE;
}

static void
convergence_model_clear (ConvergenceModel *m)
{
  g_free (m->inertia);
  g_free (m->moved);
  g_free (m->shift);
}

static void
render_convergence (LloydWindow *self,
                   const LloydPlotScope    *in,
                    gboolean     full)
{
  LloydPlotScope scope = *in;
  ConvergenceModel m;

  if (!convergence_model_build (self, &m, full))
    {
      draw_message (&scope, lloyd_session_is_busy (self->session)
                            ? _("Working… the curve returns when the job ends")
                            : full ? _("Step or run k-means to see it converge")
                                   : _("Inertia per iteration appears here"));
      return;
    }
  lloyd_convergence_plot_render (&m.plot, &scope);
  convergence_model_clear (&m);
}

/* ---- elbow ------------------------------------------------------------- */

/* Same table, preprocessing and training rows: the sweep of this data. */
static gboolean
sweep_matches (const SweepEntry       *e,
               const LloydDataset     *dataset,
               gboolean                one_hot,
               gboolean                normalize,
               const char *const      *train_labels)
{
  if (e->dataset != dataset || e->one_hot != one_hot || e->normalize != normalize)
    return FALSE;
  if (e->train_labels == NULL || train_labels == NULL)
    return e->train_labels == NULL && train_labels == NULL;
  return g_strv_equal ((const char *const *) e->train_labels, train_labels);
}

static SweepEntry *
find_sweep (LloydWindow *self)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);
  LloydFigures *f = self->figures;

  if (data == NULL)
    return NULL;
  for (guint i = 0; i < f->sweeps->len; i++)
    {
      SweepEntry *e = g_ptr_array_index (f->sweeps, i);

      if (sweep_matches (e, data->dataset, data->transform->one_hot,
                         data->transform->normalize != LLOYD_NORMALIZE_NONE,
                         (const char *const *) data->normal_labels))
        return e;
    }
  return NULL;
}

static void
sweep_entry_free (gpointer p)
{
  SweepEntry *e = p;

  lloyd_dataset_unref (e->dataset);
  g_strfreev (e->train_labels);
  lloyd_elbow_free (e->elbow);
  g_free (e);
}

/* Sweeps are kept per dataset, preprocessing and training rows, so views and toggles switch
 * back to them without recomputing; a few at most. */
void
_lloyd_window_add_sweep (LloydWindow             *self,
                         LloydSessionData        *data,
                         const LloydElbowOptions *options,
                         LloydElbow              *elbow)
{
  LloydFigures *f = self->figures;
  SweepEntry *e = g_new0 (SweepEntry, 1);

  e->dataset = lloyd_dataset_ref (data->dataset);
  e->one_hot = data->transform->one_hot;
  e->normalize = data->transform->normalize != LLOYD_NORMALIZE_NONE;
  e->train_labels = g_strdupv (data->normal_labels);
  e->elbow = elbow;
  e->init = options->init;
  e->seed = options->seed;
  e->max_iter = options->max_iter;
  e->tol = options->tol;
  for (guint i = 0; i < f->sweeps->len; i++)
    {
      SweepEntry *old = g_ptr_array_index (f->sweeps, i);

      if (sweep_matches (old, e->dataset, e->one_hot, e->normalize, (const char *const *) e->train_labels))
        {
          g_ptr_array_remove_index (f->sweeps, i);
          break;
        }
    }
  if (f->sweeps->len >= 8)
    g_ptr_array_remove_index (f->sweeps, 0);
  g_ptr_array_add (f->sweeps, e);
  _lloyd_window_queue_draw_views (self);
}

typedef struct
{
  LloydElbowPlot plot;
  double        *k;
  double         elbows[2];
  char          *title;
} ElbowModel;

static gboolean
elbow_model_build (LloydWindow *self,
                   ElbowModel  *m)
{
  SweepEntry *e = find_sweep (self);
  const LloydElbow *elbow;

  memset (m, 0, sizeof *m);
  if (e == NULL)
    return FALSE;
  elbow = e->elbow;
  m->k = g_new (double, elbow->n);
  for (guint i = 0; i < elbow->n; i++)
    m->k[i] = elbow->k[i];
  m->plot.n = elbow->n;
  m->plot.k = m->k;
  m->plot.inertia = elbow->inertia;
  m->plot.silhouette = elbow->silhouette_sample_size > 0 ? elbow->silhouette : NULL;
  if (elbow->elbow_second_difference > 0)
    m->elbows[m->plot.n_elbows++] = elbow->elbow_second_difference;
  if (elbow->elbow_kneedle > 0 && elbow->elbow_kneedle != elbow->elbow_second_difference)
    m->elbows[m->plot.n_elbows++] = elbow->elbow_kneedle;
  m->plot.elbows = m->elbows;
  if (elbow->silhouette_sample_size > 0)
    m->title = g_strdup_printf (_("Elbow: inertia and silhouette (on %zu rows) against k"),
                                elbow->silhouette_sample_size);
  else
    m->title = g_strdup (_("Elbow: inertia against k (click a k to load it)"));
  m->plot.title = m->title;
  return TRUE;
}

static void
elbow_model_clear (ElbowModel *m)
{
  g_free (m->k);
  g_free (m->title);
}

/* ---- distances and outliers ------------------------------------------- */

static gboolean
need_scores (LloydWindow          *self,
             const LloydPlotScope *scope,
             const LloydScores **scores,
             const guint8 **flags,
             gsize         *n_flagged,
             const double **per_cluster)
{
  if (lloyd_session_is_busy (self->session)
      || (*scores = lloyd_session_get_scores (self->session, NULL)) == NULL
      || (*flags = lloyd_session_get_flags (self->session, n_flagged, per_cluster, NULL)) == NULL)
    {
      draw_message (scope, lloyd_session_get_data (self->session) == NULL
                           ? _("Open a file or choose Demo Data to begin")
                           : lloyd_session_is_deferred (self->session)
                           ? _("Scoring the points of this iteration…")
                           : _("Step or run k-means to score the points"));
      return FALSE;
    }
  return TRUE;
}

static void
render_distances (LloydWindow *self,
                   const LloydPlotScope    *in)
{
  LloydPlotScope scope = *in;
  LloydHistogramPlot plot = { 0 };
  const LloydScores *scores;
  const guint8 *flags;
  const double *per_cluster;
  gsize n_flagged;
  LloydThreshold t;
  g_autofree char *threshold = NULL;
  g_autofree char *title = NULL;

  if (!need_scores (self, &scope, &scores, &flags, &n_flagged, &per_cluster))
    return;
  lloyd_session_get_threshold (self->session, &t);
  threshold = lloyd_threshold_to_display (&t);
  title = g_strdup_printf (_("Distances to the nearest centroid · %s · %zu flagged (%.2f%%)"),
                           threshold, n_flagged, 100.0 * n_flagged / MAX (1, scores->n));
  plot.n = scores->n;
  plot.values = scores->distances;
  plot.log_counts = TRUE;
  /* Global modes give every cluster the same threshold: draw it once. */
  plot.n_thresholds = t.mode == LLOYD_THRESHOLD_PERCENTILE ? scores->k : 1;
  plot.thresholds = per_cluster;
  plot.flags = flags;
  plot.title = title;
  lloyd_histogram_plot_render (&plot, &scope);
}

static void
render_outliers (LloydWindow *self,
                   const LloydPlotScope    *in)
{
  LloydPlotScope scope = *in;
  LloydSessionData *data = lloyd_session_get_data (self->session);
  LloydFigures *f = self->figures;
  LloydBarsPlot plot = { 0 };
  const LloydScores *scores;
  const guint8 *flags;
  const double *per_cluster;
  gsize n_flagged;
  g_autofree double *normalized = NULL;
  g_autofree double *original = NULL;
  g_autoptr(GError) error = NULL;
  gboolean in_original;

  if (!need_scores (self, &scope, &scores, &flags, &n_flagged, &per_cluster))
    return;
  if (n_flagged == 0)
    {
      draw_message (&scope, _("No point is past the threshold"));
      return;
    }
  in_original = gtk_check_button_get_active (f->original_check);
  normalized = g_new0 (double, data->x->d);
  original = g_new0 (double, data->x->d);
  if (!lloyd_anomaly_contributions (data->x, lloyd_session_get_centroids (self->session), scores, flags,
                                    data->transform, normalized, original, &error))
    {
      draw_message (&scope, error->message);
      return;
    }
  plot.n = data->x->d;
  plot.values = in_original ? original : normalized;
  plot.names = (const char *const *) data->transform->feature_names;
  plot.groups = data->transform->feature_source;
  plot.n_groups = data->transform->n_sources;
  plot.group_names = (const char *const *) data->transform->source_names;
  plot.grouped = gtk_check_button_get_active (f->grouped_check);
  /* The units go under the axis, so the title stays short enough for a narrow view. */
  plot.title = _("What makes the flagged points odd");
  plot.x_title = in_original ? _("Σ |centroid − point| over flagged points, original units")
                             : _("Σ |centroid − point| over flagged points, model units");
  lloyd_bars_plot_render (&plot, &scope);
}

/* The most anomalous rows beside the bars; activating one points at it in
 * the Clusters view. */
/* One line of the most anomalous rows: row, distance, cluster, label in
 * columns of fixed width (numbers right-aligned); a long label is ellipsized,
 * and the line's tooltip says everything. */
static GtkWidget *
outlier_row_new (const char *const cells[4],
                 gboolean          header)
{
  static const int widths[4] = { 6, 9, 7, 0 };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_add_css_class (box, "outlier-row");
  for (guint c = 0; c < 4; c++)
    {
      GtkWidget *label = gtk_label_new (cells[c]);

      gtk_label_set_xalign (GTK_LABEL (label), c < 3 ? 1.0 : 0.0);
      if (widths[c] > 0)
        gtk_label_set_width_chars (GTK_LABEL (label), widths[c]);
      else
        {
          /* KDD's longest label, "buffer_overflow.", fits. */
          gtk_label_set_width_chars (GTK_LABEL (label), 12);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          /* Apart from the right-aligned cluster, or "Cluster Label" reads as one. */
          gtk_widget_set_margin_start (label, 8);
        }
      gtk_widget_add_css_class (label, header ? "heading" : "numeric");
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

static void
update_outliers_table (LloydWindow *self)
{
  LloydFigures *f = self->figures;
  LloydSessionData *data = lloyd_session_get_data (self->session);
  const LloydScores *scores = NULL;
  GtkWidget *child;
  int decimals = 3;

  if (data != NULL && !lloyd_session_is_busy (self->session))
    scores = lloyd_session_get_scores (self->session, NULL);
  /* The rows depend on the scores only, not on the threshold: a slider move
   * keeps them. */
  if (scores != NULL && f->outliers_filled && f->outliers_serial == lloyd_session_get_scores_serial (self->session))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (f->outliers_list))) != NULL)
    gtk_list_box_remove (f->outliers_list, child);
  f->outliers_filled = scores != NULL;
  if (scores == NULL)
    return;
  f->outliers_serial = lloyd_session_get_scores_serial (self->session);
  /* One number of decimals for the column, from the largest distance (the
   * first row): four significant digits there, aligned points below. */
  if (scores->n > 0 && scores->distances[scores->by_distance[0]] > 0)
    decimals = CLAMP (3 - (int) floor (log10 (scores->distances[scores->by_distance[0]])), 0, 6);
  for (gsize i = 0; i < MIN (25, scores->n); i++)
    {
      gsize row = scores->by_distance[i];
      const char *label = lloyd_dataset_get_label (data->dataset, row);
      g_autofree char *number = g_strdup_printf ("%zu", row + 1);
      g_autofree char *distance = g_strdup_printf ("%.*f", decimals, scores->distances[row]);
      g_autofree char *cluster = g_strdup_printf ("%u", scores->labels[row]);
      const char *cells[] = { number, distance, cluster, label != NULL ? label : "—" };
      GtkWidget *line = outlier_row_new (cells, FALSE);
      g_autofree char *tip = g_strdup_printf (_("Row %s: distance %s to the centroid of cluster %s; label %s. "
                                                "Click to point at it in the Clusters view"),
                                              number, distance, cluster, cells[3]);

      gtk_widget_set_tooltip_text (line, tip);
      g_object_set_data (G_OBJECT (line), "lloyd-row", GSIZE_TO_POINTER (row + 1));
      gtk_list_box_append (f->outliers_list, line);
    }
}

static gboolean
point_at_pending (gpointer user_data)
{
  LloydWindow *self = user_data;
  LloydFigures *f = self->figures;
  LloydSessionData *data = lloyd_session_get_data (self->session);
  gssize row;
  double px, py;

  if (f == NULL || f->pending_row < 0 || !f->has_layout || data == NULL)
    return G_SOURCE_REMOVE;
  row = f->pending_row;
  f->pending_row = -1;
  if ((gsize) row >= data->xy->n)
    return G_SOURCE_REMOVE;
  lloyd_scatter_layout_to_pixel (&f->layout, lloyd_matrix_row (data->xy, row)[0],
                                 lloyd_matrix_row (data->xy, row)[1], &px, &py);
  _lloyd_window_show_row (self, row, px, py);
  return G_SOURCE_REMOVE;
}

gboolean
_lloyd_window_point_at_row (LloydWindow *self,
                            gsize        row)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);

  if (self->figures == NULL || data == NULL || row >= data->xy->n)
    return FALSE;
  self->figures->pending_row = row;
  gtk_stack_set_visible_child_name (self->view_stack, "clusters");
  lloyd_plot_view_queue_draw (self->plot_view);
  return TRUE;
}

static void
on_outlier_activated (LloydWindow   *self,
                      GtkListBoxRow *item)
{
  gsize row = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (gtk_list_box_row_get_child (item)), "lloyd-row"));

  if (row > 0)
    _lloyd_window_point_at_row (self, row - 1);
}

/* ---- labels ------------------------------------------------------------ */

/* The check buttons of the normal set follow the session; a toggle by the user
 * sets the whole set through win.set-normal-labels. */
static void update_normal_choices (LloydWindow *self);

static void
sync_normal_choices (LloydWindow *self)
{
  LloydFigures *f = self->figures;
  LloydSessionData *data = lloyd_session_get_data (self->session);
  const char *const *normal = lloyd_session_get_normal_labels (self->session);
  g_autofree char *text = lloyd_format_label_set (normal, 3);
  gboolean was_syncing = self->syncing;

  self->syncing = TRUE;
  for (guint b = 0; b < G_N_ELEMENTS (f->normal_boxes); b++)
    {
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (f->normal_boxes[b]));
           child != NULL; child = gtk_widget_get_next_sibling (child))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (child),
                                     g_strv_contains (normal, gtk_check_button_get_label (GTK_CHECK_BUTTON (child))));
      /* Called on every refresh (each slider move): setting a menu button's
       * label rebuilds its child, so only when it changes. */
      if (g_strcmp0 (gtk_menu_button_get_label (f->normal_buttons[b]), text) != 0)
        gtk_menu_button_set_label (f->normal_buttons[b], text);
      gtk_widget_set_sensitive (GTK_WIDGET (f->normal_buttons[b]),
                                data != NULL && data->dataset->label_column >= 0);
    }
  self->syncing = was_syncing;
}

static void
on_normal_toggled (GtkCheckButton *check,
                   LloydWindow    *self)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (check));
  g_autoptr(GPtrArray) set = g_ptr_array_new ();

  if (self->syncing)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
      g_ptr_array_add (set, (gpointer) gtk_check_button_get_label (GTK_CHECK_BUTTON (child)));
  g_action_group_activate_action (G_ACTION_GROUP (self), "set-normal-labels",
                                  g_variant_new_strv ((const char *const *) set->pdata, set->len));
}

void
_lloyd_window_sync_normal_labels (LloydWindow *self)
{
  if (self->figures != NULL)
    update_normal_choices (self);
}

static void
update_normal_choices (LloydWindow *self)
{
  LloydFigures *f = self->figures;
  LloydSessionData *data = lloyd_session_get_data (self->session);
  LloydDataset *dataset = data != NULL ? data->dataset : NULL;

  if (dataset != f->normal_for)
    {
      f->normal_for = dataset;
      for (guint b = 0; b < G_N_ELEMENTS (f->normal_boxes); b++)
        {
          GtkWidget *child;

          while ((child = gtk_widget_get_first_child (GTK_WIDGET (f->normal_boxes[b]))) != NULL)
            gtk_box_remove (f->normal_boxes[b], child);
          if (dataset == NULL || dataset->label_column < 0)
            continue;
          for (guint j = 0; j < dataset->columns[dataset->label_column].levels->len; j++)
            {
              GtkWidget *check = gtk_check_button_new_with_label (
                g_ptr_array_index (dataset->columns[dataset->label_column].levels, j));

              g_signal_connect (check, "toggled", G_CALLBACK (on_normal_toggled), self);
              gtk_box_append (f->normal_boxes[b], check);
            }
        }
    }
  sync_normal_choices (self);
}

/* "All but the rarest": every label except the least frequent one (the digits
 * tutorial's 2–9 against 0–1 needs one more click); "Clear": none. */
static void
on_normal_preset (GtkButton   *button,
                  LloydWindow *self)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);
  g_autoptr(GPtrArray) set = g_ptr_array_new ();
  const LloydColumn *col;

  if (data == NULL || data->dataset->label_column < 0)
    return;
  col = &data->dataset->columns[data->dataset->label_column];
  if (g_object_get_data (G_OBJECT (button), "lloyd-all-but-rarest") != NULL && col->levels->len > 0)
    {
      g_autofree gsize *counts = g_new0 (gsize, col->levels->len);
      guint rarest = 0;

      for (gsize i = 0; i < data->dataset->n_rows; i++)
        counts[col->codes[i]]++;
      for (guint j = 1; j < col->levels->len; j++)
        if (counts[j] < counts[rarest])
          rarest = j;
      for (guint j = 0; j < col->levels->len; j++)
        if (j != rarest)
          g_ptr_array_add (set, g_ptr_array_index (col->levels, j));
    }
  g_action_group_activate_action (G_ACTION_GROUP (self), "set-normal-labels",
                                  g_variant_new_strv ((const char *const *) set->pdata, set->len));
}

/* A menu button whose popover lists the labels as check buttons. */
static GtkWidget *
normal_button_new (LloydWindow *self,
                   guint        which)
{
  LloydFigures *f = self->figures;
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *all = gtk_button_new_with_mnemonic (_("All but the _rarest"));
  GtkWidget *clear = gtk_button_new_with_mnemonic (_("C_lear"));
  GtkWidget *heading = gtk_label_new (_("Rows with any other label count as anomalous"));

  f->normal_boxes[which] = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  f->normal_buttons[which] = GTK_MENU_BUTTON (button);
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_box_append (GTK_BOX (outer), heading);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (f->normal_boxes[which]));
  gtk_box_append (GTK_BOX (outer), scroller);
  g_object_set_data (G_OBJECT (all), "lloyd-all-but-rarest", GINT_TO_POINTER (1));
  g_signal_connect (all, "clicked", G_CALLBACK (on_normal_preset), self);
  g_signal_connect (clear, "clicked", G_CALLBACK (on_normal_preset), self);
  gtk_box_append (GTK_BOX (row), all);
  gtk_box_append (GTK_BOX (row), clear);
  gtk_box_append (GTK_BOX (outer), row);
  gtk_popover_set_child (GTK_POPOVER (popover), outer);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_tooltip_text (button, _("Which labels are normal; rows with any other label count as anomalous"));
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("none"));
  return button;
}

/* What the Labels view shows, for the position and threshold shown. */
typedef struct
{
  const LloydColumn *col;
  const LloydContingency *table; /* owned by the figures' cache */
  const guint8      *positive;  /* owned by the session */
  LloydConfusion     confusion;
  const LloydCurves *curves;   /* owned by the figures' cache */
} LabelsModel;

static void
labels_model_clear (LabelsModel *m)
{
  memset (m, 0, sizeof *m);
}

/* FALSE with @why set when there is nothing to compare yet. */
static gboolean
labels_model_build (LloydWindow  *self,
                    LabelsModel  *m,
                    const char  **why)
{
  LloydFigures *f = self->figures;
  LloydSessionData *data = lloyd_session_get_data (self->session);
  const LloydScores *scores = NULL;
  const guint32 *labels = NULL;
  const guint8 *flags = NULL;
  gsize n_flagged;
  LloydThreshold threshold;
  guint serial;

  memset (m, 0, sizeof *m);
  if (data == NULL)
    {
      *why = _("Open a file or choose Demo Data to begin");
      return FALSE;
    }
  if (data->dataset->label_column < 0)
    {
      *why = _("This dataset has no label column");
      return FALSE;
    }
  if (!lloyd_session_is_busy (self->session))
    {
      scores = lloyd_session_get_scores (self->session, NULL);
      labels = lloyd_session_get_labels (self->session, NULL);
      flags = lloyd_session_get_flags (self->session, &n_flagged, NULL, NULL);
    }
  if (scores == NULL || labels == NULL || flags == NULL)
    {
      *why = _("Step or run k-means to compare the clusters with the labels");
      return FALSE;
    }

  m->col = &data->dataset->columns[data->dataset->label_column];
  serial = lloyd_session_get_scores_serial (self->session);
  if (f->table == NULL || f->table_serial != serial)
    {
      g_clear_pointer (&f->table, lloyd_contingency_free);
      f->table = lloyd_contingency_new (labels, scores->k, m->col->codes, m->col->levels->len, scores->n, NULL);
      f->table_serial = serial;
    }
  m->table = f->table;
  m->positive = lloyd_session_get_anomalous (self->session, NULL);
  lloyd_session_get_threshold (self->session, &threshold);
  if (!f->confusion_valid || f->confusion_serial != serial
      || f->confusion_normal != lloyd_session_get_normal_serial (self->session)
      || f->confusion_threshold.mode != threshold.mode || f->confusion_threshold.value != threshold.value)
    {
      lloyd_confusion_compute (flags, m->positive, scores->n, &f->confusion);
      f->confusion_valid = TRUE;
      f->confusion_serial = serial;
      f->confusion_normal = lloyd_session_get_normal_serial (self->session);
      f->confusion_threshold = threshold;
    }
  m->confusion = f->confusion;

  /* The curves sort every score: once per model position and normal set, not
   * per threshold. */
  if (f->curves == NULL || f->curves_serial != lloyd_session_get_scores_serial (self->session)
      || f->curves_normal != lloyd_session_get_normal_serial (self->session))
    {
      g_clear_pointer (&f->curves, lloyd_curves_free);
      f->curves = lloyd_curves_compute (scores->distances, m->positive, scores->n, NULL);
      f->curves_serial = lloyd_session_get_scores_serial (self->session);
      f->curves_normal = lloyd_session_get_normal_serial (self->session);
    }
  m->curves = f->curves;
  return TRUE;
}

static void
update_labels_text (LloydWindow *self)
{
  LloydFigures *f = self->figures;
  g_autofree char *text = NULL;
  const char *why = NULL;
  LabelsModel m;

  /* Without numbers the figure says why; the line stays empty rather than repeat it. */
  if (!labels_model_build (self, &m, &why))
    {
      gtk_label_set_text (f->labels_label, "");
      return;
    }
  text = g_strdup_printf (_("Purity %.4f · entropy %.4f · adjusted Rand %.4f · NMI %.4f    "
                            "Precision %.4f · recall %.4f · F1 %.4f%s"),
                          m.table != NULL ? lloyd_contingency_purity (m.table) : NAN,
                          m.table != NULL ? lloyd_contingency_entropy (m.table) : NAN,
                          m.table != NULL ? lloyd_contingency_ari (m.table) : NAN,
                          m.table != NULL ? lloyd_contingency_nmi (m.table) : NAN,
                          m.confusion.precision, m.confusion.recall, m.confusion.f1,
                          m.curves == NULL ? _(" · one class only: no curves") : "");
  gtk_label_set_text (f->labels_label, text);
  labels_model_clear (&m);
}

/* A part of @scope: the figures of the Labels view share one page. */
static LloydPlotScope
sub_scope (const LloydPlotScope *scope,
           double                x,
           double                y,
           double                width,
           double                height)
{
  LloydPlotScope sub = *scope;

  cairo_translate (scope->cr, x, y);
  sub.width = width;
  sub.height = height;
  sub.transparent = TRUE;
  sub.footer = NULL;
  return sub;
}

static void
render_labels (LloydWindow          *self,
               const LloydPlotScope *in)
{
  LloydPlotScope scope = *in;
  LloydPlotScope sub;
  LabelsModel m;
  const char *why = NULL;
  LloydPlotRect area;
  double w, h;
  cairo_t *cr = in->cr;

  if (!labels_model_build (self, &m, &why))
    {
      draw_message (&scope, why);
      return;
    }
  area = lloyd_plot_begin (&scope);
  /* The clusters × labels table gets the whole width above (KDD has 23
   * labels); the confusion matrix, ROC and PR share the row below. */
  w = area.width * 0.38;
  h = m.table != NULL ? area.height * 0.52 : 0;

  /* Clusters × labels. */
  if (m.table != NULL)
    {
      g_autofree double *values = g_new (double, (gsize) m.table->n_clusters * m.table->n_classes);
      LloydHeatmapPlot plot = { 0 };

      for (gsize i = 0; i < (gsize) m.table->n_clusters * m.table->n_classes; i++)
        values[i] = m.table->counts[i];
      plot.n_rows = m.table->n_clusters;
      plot.n_cols = m.table->n_classes;
      plot.values = values;
      plot.col_names = (const char *const *) m.col->levels->pdata;
      plot.row_title = _("Cluster");
      plot.col_title = m.col->name;
      plot.title = _("Clusters against labels");
      cairo_save (cr);
      sub = sub_scope (&scope, area.x, area.y, area.width, h);
      lloyd_heatmap_plot_render (&plot, &sub);
      cairo_restore (cr);
    }

  /* The confusion matrix at the current threshold. */
  {
    const char *const *normal = lloyd_session_get_normal_labels (self->session);
    g_autoptr(GPtrArray) others = g_ptr_array_new ();
    g_autofree char *list = NULL;
    g_autofree char *title = NULL;
    const double values[4] = { m.confusion.tn, m.confusion.fp, m.confusion.fn, m.confusion.tp };
    const char *rows[2] = { _("normal"), _("anomalous") };
    const char *cols[2] = { _("not flagged"), _("flagged") };
    LloydHeatmapPlot plot = { 0 };

    /* Whichever side is shorter names the rule: digits "= 0, 1", KDD "= not normal.". */
    for (guint j = 0; j < m.col->levels->len; j++)
      if (!g_strv_contains (normal, g_ptr_array_index (m.col->levels, j)))
        g_ptr_array_add (others, g_ptr_array_index (m.col->levels, j));
    g_ptr_array_add (others, NULL);
    if (others->len - 1 < g_strv_length ((char **) normal) || normal[0] == NULL)
      {
        list = lloyd_format_label_set ((const char *const *) others->pdata, 3);
        title = g_strdup_printf (_("Anomalous = “%s” (F1 %.3f)"), list, m.confusion.f1);
      }
    else
      {
        list = lloyd_format_label_set (normal, 3);
        title = g_strdup_printf (_("Anomalous = not “%s” (F1 %.3f)"), list, m.confusion.f1);
      }

    plot.n_rows = 2;
    plot.n_cols = 2;
    plot.values = values;
    plot.row_names = rows;
    plot.col_names = cols;
    plot.row_title = _("True");
    plot.col_title = _("Predicted");
    plot.title = title;
    plot.confusion = TRUE;
    cairo_save (cr);
    sub = sub_scope (&scope, area.x, area.y + h, w, area.height - h);
    lloyd_heatmap_plot_render (&plot, &sub);
    cairo_restore (cr);
  }

  /* ROC and precision–recall, the operating point marked on each. */
  if (m.curves != NULL)
    {
      const LloydCurves *c = m.curves;
      double tpr = m.confusion.recall;
      double fpr = (double) m.confusion.fp / MAX (1, m.confusion.fp + m.confusion.tn);

      for (guint panel = 0; panel < 2; panel++)
        {
          LloydCurvePlot plot = { 0 };
          LloydCurve curve = { 0 };
          LloydAxesSpec spec;
          LloydAxes axes;

          curve.n = c->n_points;
          curve.x = panel == 0 ? c->fpr : c->tpr;
          curve.y = panel == 0 ? c->tpr : c->precision;
          curve.name = _("distance to centroid");
          curve.area = panel == 0 ? c->roc_auc : c->average_precision;
          plot.kind = panel == 0 ? LLOYD_CURVE_ROC : LLOYD_CURVE_PR;
          plot.n_curves = 1;
          plot.curves = &curve;
          plot.baseline = panel == 0 ? NAN : (double) c->n_positive / MAX (1, c->n_positive + c->n_negative);
          plot.title = panel == 0 ? _("ROC") : _("Precision–recall");
          cairo_save (cr);
          sub = sub_scope (&scope, area.x + w + panel * (area.width - w) / 2, area.y + h,
                           (area.width - w) / 2, area.height - h);
          lloyd_curve_plot_render (&plot, &sub);
          lloyd_curve_plot_layout (&plot, &sub, &spec, &axes);
          if (panel == 0)
            lloyd_marker_flag (&sub, lloyd_axes_x (&axes, fpr), lloyd_axes_y (&axes, tpr), LLOYD_FLAG_SIZE * 1.5);
          else if (m.confusion.tp + m.confusion.fp > 0)
            lloyd_marker_flag (&sub, lloyd_axes_x (&axes, tpr), lloyd_axes_y (&axes, m.confusion.precision),
                               LLOYD_FLAG_SIZE * 1.5);
          cairo_restore (cr);
        }
    }
  labels_model_clear (&m);
}

/* ---- centroids --------------------------------------------------------- */

static void
render_centroids (LloydWindow          *self,
                  const LloydPlotScope *in)
{
  LloydPlotScope scope = *in;
  LloydSessionData *data = lloyd_session_get_data (self->session);
  LloydKMeans *km = lloyd_session_get_model (self->session);
  const double *centroids = lloyd_session_get_centroids (self->session);
  const guint32 *labels = lloyd_session_get_labels (self->session, NULL);
  g_autofree gsize *counts = NULL;
  guint k, side;
  gsize d;

  if (data == NULL || km == NULL || centroids == NULL)
    {
      draw_message (&scope, data == NULL ? _("Open a file or choose Demo Data to begin")
                                         : _("Step or run k-means to see the centroids"));
      return;
    }
  k = lloyd_kmeans_get_k (km);
  d = data->x->d;
  if (labels != NULL)
    {
      counts = g_new0 (gsize, k);
      for (gsize i = 0; i < data->x->n; i++)
        counts[labels[i]]++;
    }

  if (lloyd_centroid_images_is_square (d, &side) && d >= 16)
    {
      /* Pixels: each centroid is a picture (the digits tutorial). Drawn in the
       * data's own units, so transform back when normalized. */
      g_autofree double *original = g_new (double, (gsize) k * d);
      LloydCentroidImages plot = { 0 };

      for (guint c = 0; c < k; c++)
        lloyd_transform_inverse (data->transform, centroids + c * d, original + c * d);
      plot.k = k;
      plot.d = d;
      plot.centroids = original;
      plot.counts = counts;
      plot.ink_dark = TRUE;
      plot.title = _("Centroids as images");
      lloyd_centroid_images_render (&plot, &scope);
      return;
    }

  /* Otherwise a heat map, each feature scaled to 0..1 across the centroids so
   * features in different units compare. */
  {
    g_autofree double *values = g_new (double, (gsize) k * d);
    g_autofree char **rows = g_new0 (char *, k + 1);
    LloydHeatmapPlot plot = { 0 };

    for (gsize j = 0; j < d; j++)
      {
        double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

        for (guint c = 0; c < k; c++)
          {
            lo = MIN (lo, centroids[c * d + j]);
            hi = MAX (hi, centroids[c * d + j]);
          }
        for (guint c = 0; c < k; c++)
          values[c * d + j] = hi > lo ? (centroids[c * d + j] - lo) / (hi - lo) : 0.0;
      }
    for (guint c = 0; c < k; c++)
      rows[c] = counts != NULL ? g_strdup_printf ("%u (%zu)", c, counts[c]) : g_strdup_printf ("%u", c);
    plot.n_rows = k;
    plot.n_cols = d;
    plot.values = values;
    plot.row_names = (const char *const *) rows;
    plot.col_names = (const char *const *) data->transform->feature_names;
    plot.row_title = _("Cluster (members)");
    plot.col_title = _("Feature");
    plot.title = _("Centroids: each feature scaled 0–1 across the clusters");
    lloyd_heatmap_plot_render (&plot, &scope);
    for (guint c = 0; c < k; c++)
      g_free (rows[c]);
  }
}

/* ---- every view -------------------------------------------------------- */

/* Renders view @kind at a size: the one code path of the screen and the files. */
static gboolean
render_view (LloydWindow             *self,
             ViewKind                 kind,
             const LloydPlotScope    *in,
             const LloydPlotViewport *viewport,
             LloydScatterLayout      *layout)
{
  switch (kind)
    {
    case VIEW_CLUSTERS:
      render_clusters (self, in, viewport, layout);
      return TRUE;
    case VIEW_CONVERGENCE:
      render_convergence (self, in, TRUE);
      return TRUE;
    case VIEW_ELBOW:
      {
        LloydPlotScope scope = *in;
        ElbowModel m;

        if (!elbow_model_build (self, &m))
          {
            draw_message (&scope, _("Press Sweep k to compare values of k"));
            return TRUE;
          }
        lloyd_elbow_plot_render (&m.plot, &scope);
        if (layout == NULL && self->figures != NULL && viewport != NULL)
          {
            LloydAxesSpec spec;

            lloyd_elbow_plot_layout (&m.plot, &scope, &spec, &self->figures->elbow_axes);
            self->figures->has_elbow_axes = TRUE;
          }
        elbow_model_clear (&m);
        return TRUE;
      }
    case VIEW_DISTANCES:
      render_distances (self, in);
      return TRUE;
    case VIEW_OUTLIERS:
      render_outliers (self, in);
      return TRUE;
    case VIEW_LABELS:
      render_labels (self, in);
      return TRUE;
    case VIEW_CENTROIDS:
      render_centroids (self, in);
      return TRUE;
    case N_VIEWS:
    default:
      return FALSE;
    }
}

static void
draw_view (cairo_t                 *cr,
           int                      width,
           int                      height,
           const LloydPlotViewport *viewport,
           gpointer                 user_data)
{
  ViewRef *ref = user_data;
  LloydWindow *self = ref->self;
  LloydFigures *f = self->figures;
  LloydPlotScope scope = { .cr = cr, .width = width, .height = height,
                           .scale = gtk_widget_get_scale_factor (GTK_WIDGET (self)) };

  if (ref->kind == VIEW_CLUSTERS)
    {
      if (f->has_layout)
        lloyd_scatter_layout_clear (&f->layout);
      f->has_layout = FALSE;
      render_view (self, VIEW_CLUSTERS, &scope, viewport, &f->layout);
      f->has_layout = lloyd_session_get_data (self->session) != NULL;
      /* A row chosen in the Outliers table: point at it once laid out. */
      if (f->pending_row >= 0)
        g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, point_at_pending, g_object_ref (self), g_object_unref);
      return;
    }
  render_view (self, ref->kind, &scope, viewport, NULL);
}

static void
draw_strip (cairo_t                 *cr,
            int                      width,
            int                      height,
            const LloydPlotViewport *viewport,
            gpointer                 user_data)
{
  LloydWindow *self = user_data;
  LloydPlotScope scope = { .cr = cr, .width = width, .height = height,
                           .scale = gtk_widget_get_scale_factor (GTK_WIDGET (self)) };

  render_convergence (self, &scope, FALSE);
}

void
_lloyd_window_queue_draw_views (LloydWindow *self)
{
  LloydFigures *f = self->figures;

  if (f == NULL)
    return;
  for (guint i = 0; i < N_VIEWS; i++)
    if (f->views[i] != NULL)
      lloyd_plot_view_queue_draw (f->views[i]);
  lloyd_plot_view_queue_draw (self->strip_view);
  _lloyd_window_update_tables (self);
}

/* The text panels cost a pass over the rows: only the visible one is kept current. */
void
_lloyd_window_update_tables (LloydWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->view_stack);

  if (self->figures == NULL || name == NULL)
    return;
  if (g_str_equal (name, views[VIEW_OUTLIERS].name))
    update_outliers_table (self);
  else if (g_str_equal (name, views[VIEW_LABELS].name))
    update_labels_text (self);
}

static void
on_elbow_clicked (LloydWindow *self,
                  double       x,
                  double       y)
{
  LloydFigures *f = self->figures;
  SweepEntry *e = find_sweep (self);
  double k;

  if (e == NULL || !f->has_elbow_axes)
    return;
  k = round (lloyd_axes_x_inverse (&f->elbow_axes, x));
  for (guint i = 0; i < e->elbow->n; i++)
    if (e->elbow->k[i] == k)
      {
        /* Load that k into the Clusters view: fitted with the sweep's init
         * and seed, it is the very model the sweep measured. */
        g_action_group_activate_action (G_ACTION_GROUP (self), "set-init",
                                        g_variant_new_string (lloyd_init_to_string (e->init)));
        g_action_group_activate_action (G_ACTION_GROUP (self), "set-seed", g_variant_new_uint64 (e->seed));
        gtk_spin_button_set_value (self->max_iter_spin, e->max_iter);
        gtk_spin_button_set_value (self->tol_spin, e->tol);
        g_action_group_activate_action (G_ACTION_GROUP (self), "set-k", g_variant_new_int32 ((int) k));
        g_action_group_activate_action (G_ACTION_GROUP (self), "show-view", g_variant_new_string ("clusters"));
        g_action_group_activate_action (G_ACTION_GROUP (self), "run", NULL);
        return;
      }
}

void
_lloyd_window_sweep (LloydWindow *self)
{
  LloydFigures *f = self->figures;
  guint k_min = gtk_spin_button_get_value_as_int (f->k_min_spin);
  guint k_max = gtk_spin_button_get_value_as_int (f->k_max_spin);

  _lloyd_window_run_sweep (self, MIN (k_min, k_max), MAX (k_min, k_max),
                           gtk_check_button_get_active (f->silhouette_check));
}

static GtkWidget *
toolbar_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  gtk_widget_add_css_class (box, "view-toolbar");
  return box;
}

static GtkWidget *
labelled_spin (GtkWidget  *box,
               const char *label,
               double      lo,
               double      hi,
               double      value)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (lo, hi, 1);

  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_box_append (GTK_BOX (box), spin);
  return spin;
}

static LloydPlotView *
add_plot_page (LloydWindow *self,
               ViewKind     kind,
               GtkWidget   *toolbar,
               GtkWidget   *side)
{
  LloydPlotView *view = LLOYD_PLOT_VIEW (lloyd_plot_view_new ());
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  ViewRef *ref = g_new0 (ViewRef, 1);

  ref->self = self;
  ref->kind = kind;
  lloyd_plot_view_set_draw_func (view, draw_view, ref, g_free);
  lloyd_plot_view_set_navigable (view, FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (view), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (view), TRUE);
  if (toolbar != NULL)
    gtk_box_append (GTK_BOX (page), toolbar);
  if (side != NULL)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_box_append (GTK_BOX (row), GTK_WIDGET (view));
      gtk_box_append (GTK_BOX (row), side);
      gtk_widget_set_vexpand (row, TRUE);
      gtk_box_append (GTK_BOX (page), row);
    }
  else
    gtk_box_append (GTK_BOX (page), GTK_WIDGET (view));
  gtk_stack_add_titled (self->view_stack, page, views[kind].name, _(views[kind].title));
  self->figures->views[kind] = view;
  return view;
}

void
_lloyd_window_init_figures (LloydWindow *self)
{
  LloydFigures *f = g_new0 (LloydFigures, 1);
  ViewRef *ref = g_new0 (ViewRef, 1);
  GtkWidget *toolbar, *button, *side, *scroller;
  LloydPlotView *view;

  self->figures = f;
  f->pending_row = -1;
  f->sweeps = g_ptr_array_new_with_free_func (sweep_entry_free);

  ref->self = self;
  ref->kind = VIEW_CLUSTERS;
  f->views[VIEW_CLUSTERS] = self->plot_view;
  lloyd_plot_view_set_draw_func (self->plot_view, draw_view, ref, g_free);
  lloyd_plot_view_set_draw_func (self->strip_view, draw_strip, self, NULL);

  add_plot_page (self, VIEW_CONVERGENCE, NULL, NULL);

  toolbar = toolbar_new ();
  f->k_min_spin = GTK_SPIN_BUTTON (labelled_spin (toolbar, _("k from"), 1, 256, 1));
  f->k_max_spin = GTK_SPIN_BUTTON (labelled_spin (toolbar, _("to"), 1, 256, 10));
  f->silhouette_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Silhouette")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (f->silhouette_check),
                               _("Also compute the silhouette per k (on a sample of at most 10,000 rows)"));
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (f->silhouette_check));
  button = gtk_button_new_with_mnemonic (_("S_weep k"));
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.sweep");
  gtk_box_append (GTK_BOX (toolbar), button);
  view = add_plot_page (self, VIEW_ELBOW, toolbar, NULL);
  g_signal_connect_swapped (view, "clicked", G_CALLBACK (on_elbow_clicked), self);

  add_plot_page (self, VIEW_DISTANCES, NULL, NULL);

  toolbar = toolbar_new ();
  f->original_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Original units")));
  f->grouped_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Group by source column")));
  g_signal_connect_swapped (f->original_check, "toggled", G_CALLBACK (_lloyd_window_queue_draw_views), self);
  g_signal_connect_swapped (f->grouped_check, "toggled", G_CALLBACK (_lloyd_window_queue_draw_views), self);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (f->original_check));
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (f->grouped_check));
  f->outliers_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_activate_on_single_click (f->outliers_list, TRUE);
  g_signal_connect_swapped (f->outliers_list, "row-activated", G_CALLBACK (on_outlier_activated), self);
  side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  {
    const char *const heads[] = { _("Row"), _("Distance"), _("Cluster"), _("Label") };
    GtkWidget *title = gtk_label_new (_("Most anomalous rows"));
    GtkWidget *head = outlier_row_new (heads, TRUE);

    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_widget_add_css_class (title, "heading");
    gtk_widget_add_css_class (title, "side-title");
    gtk_widget_set_tooltip_text (title, _("Click a row to point at it in the Clusters view"));
    gtk_box_append (GTK_BOX (side), title);
    gtk_box_append (GTK_BOX (side), head);
  }
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (f->outliers_list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_box_append (GTK_BOX (side), scroller);
  gtk_widget_set_size_request (side, 290, -1);
  gtk_widget_set_hexpand (side, FALSE);
  gtk_widget_add_css_class (side, "side-table");
  add_plot_page (self, VIEW_OUTLIERS, toolbar, side);

  /* Labels: the figure, and its numbers in a line under it. */
  toolbar = toolbar_new ();
  gtk_box_append (GTK_BOX (toolbar), gtk_label_new (_("Normal labels")));
  gtk_box_append (GTK_BOX (toolbar), normal_button_new (self, 1));
  gtk_box_append (self->normal_labels_box, normal_button_new (self, 0));
  f->labels_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (f->labels_label, 0);
  gtk_label_set_selectable (f->labels_label, TRUE);
  gtk_label_set_wrap (f->labels_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (f->labels_label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (f->labels_label), "labels-line");
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (f->labels_label));
  add_plot_page (self, VIEW_LABELS, toolbar, NULL);
  add_plot_page (self, VIEW_CENTROIDS, NULL, NULL);
}

void
_lloyd_window_free_figures (LloydWindow *self)
{
  LloydFigures *f = self->figures;

  if (f == NULL)
    return;
  if (f->has_layout)
    lloyd_scatter_layout_clear (&f->layout);
  g_clear_handle_id (&f->hover_source, g_source_remove);
  g_clear_pointer (&f->sweeps, g_ptr_array_unref);
  g_clear_pointer (&f->curves, lloyd_curves_free);
  g_clear_pointer (&f->table, lloyd_contingency_free);
  /* The popover is the plot view's child: the view unparents it. */
  g_free (f);
  self->figures = NULL;
}

gboolean
_lloyd_window_plot_to_plane (LloydWindow *self,
                             double       x,
                             double       y,
                             double      *xy)
{
  LloydFigures *f = self->figures;

  if (f == NULL || !f->has_layout)
    return FALSE;
  lloyd_scatter_layout_to_data (&f->layout, x, y, &xy[0], &xy[1]);
  return TRUE;
}

void
_lloyd_window_show_point (LloydWindow *self,
                          double       x,
                          double       y)
{
  LloydFigures *f = self->figures;
  ScatterModel m;
  gssize row;

  if (f == NULL || !f->has_layout || !scatter_model_build (self, &m))
    return;
  row = lloyd_scatter_plot_hit_point (&m.plot, &f->layout, x, y, 8.0);
  scatter_model_clear (&m);
  if (row >= 0)
    _lloyd_window_show_row (self, row, x, y);
}

static void show_row_popover (LloydWindow *self,
                              gsize        row,
                              double       x,
                              double       y,
                              gboolean     hover);

/* The pointer rested on the plot: the same details as a click, in a popover
 * that does not take the next click and closes when the pointer moves off. */
static gboolean
hover_timeout (gpointer user_data)
{
  LloydWindow *self = user_data;
  LloydFigures *f = self->figures;
  ScatterModel m;
  gssize row;

  f->hover_source = 0;
  if (self->placing || !f->has_layout || !scatter_model_build (self, &m))
    return G_SOURCE_REMOVE;
  /* Linear in n, but once per pause of the pointer, not per motion event. */
  row = lloyd_scatter_plot_hit_point (&m.plot, &f->layout, f->hover_x, f->hover_y, 6.0);
  scatter_model_clear (&m);
  if (row >= 0 && (f->popover == NULL || !gtk_widget_get_visible (f->popover) || f->popover_hover))
    show_row_popover (self, row, f->hover_x, f->hover_y, TRUE);
  return G_SOURCE_REMOVE;
}

#define HOVER_DELAY_MS 450

void
_lloyd_window_hover_point (LloydWindow *self,
                           double       x,
                           double       y)
{
  LloydFigures *f = self->figures;

  if (f == NULL || lloyd_session_get_data (self->session) == NULL)
    return;
  /* Moving on closes a hover popover; a clicked one stays until dismissed. */
  if (f->popover != NULL && f->popover_hover && gtk_widget_get_visible (f->popover)
      && hypot (x - f->hover_x, y - f->hover_y) > 10.0)
    gtk_popover_popdown (GTK_POPOVER (f->popover));
  f->hover_x = x;
  f->hover_y = y;
  g_clear_handle_id (&f->hover_source, g_source_remove);
  f->hover_source = g_timeout_add (HOVER_DELAY_MS, hover_timeout, self);
}

/* Where a row's popover points, in the window's surface coordinates (what
 * xdotool clicks at), for scripts and the GUI tests: G_MESSAGES_DEBUG=Lloyd. */
static void
log_shown_row (LloydWindow *self,
               gsize        row,
               double       x,
               double       y)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self->plot_view));
  double wx, wy, sx, sy;

  if (native == NULL
      || !gtk_widget_translate_coordinates (GTK_WIDGET (self->plot_view), GTK_WIDGET (native), x, y, &wx, &wy))
    return;
  gtk_native_get_surface_transform (native, &sx, &sy);
  g_debug ("Row %zu shown at %.0f,%.0f in the window", row + 1, wx + sx, wy + sy);
}

/* A popover at (@x, @y) with @row's values, label, cluster and distance. A
 * hover popover is not modal: it must be so before it pops up, or it takes
 * the keyboard (Space would no longer pause) as a clicked one does. */
static void
show_row_popover (LloydWindow *self,
                  gsize        row,
                  double       x,
                  double       y,
                  gboolean     hover)
{
  LloydFigures *f = self->figures;
  LloydSessionData *data = lloyd_session_get_data (self->session);
  g_autoptr(GString) text = NULL;
  const guint32 *labels;
  const LloydScores *scores;
  const guint8 *flags;
  GtkWidget *label;

  text = g_string_new (NULL);
  g_string_append_printf (text, _("<b>Row %zu</b>\n"), row + 1);
  for (gsize c = 0; c < data->dataset->n_columns && c < 12; c++)
    {
      const LloydColumn *col = &data->dataset->columns[c];
      g_autofree char *value = NULL;

      if (col->kind == LLOYD_COLUMN_NUMERIC)
        value = g_strdup_printf ("%g", col->values[row]);
      else
        value = g_markup_escape_text (g_ptr_array_index (col->levels, col->codes[row]), -1);
      g_string_append_printf (text, "%s: %s\n", col->name, value);
    }
  if (data->dataset->n_columns > 12)
    g_string_append_printf (text, _("… %zu more columns\n"), data->dataset->n_columns - 12);
  labels = lloyd_session_get_labels (self->session, NULL);
  scores = lloyd_session_get_scores (self->session, NULL);
  flags = lloyd_session_get_flags (self->session, NULL, NULL, NULL);
  if (labels != NULL)
    g_string_append_printf (text, _("Cluster: %u\n"), labels[row]);
  if (scores != NULL)
    g_string_append_printf (text, _("Distance to nearest centroid: %.4g\n"), scores->distances[row]);
  if (flags != NULL && flags[row])
    g_string_append (text, _("<b>Flagged as anomalous</b>"));

  if (f->popover == NULL)
    {
      f->popover = gtk_popover_new ();
      gtk_widget_set_parent (f->popover, GTK_WIDGET (self->plot_view));
    }
  f->popover_hover = hover;
  gtk_popover_set_autohide (GTK_POPOVER (f->popover), !hover);
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), g_strchomp (text->str));
  gtk_popover_set_child (GTK_POPOVER (f->popover), label);
  gtk_popover_set_pointing_to (GTK_POPOVER (f->popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (f->popover));
  log_shown_row (self, row, x, y);
}

void
_lloyd_window_show_row (LloydWindow *self,
                        gsize        row,
                        double       x,
                        double       y)
{
  show_row_popover (self, row, x, y, FALSE);
}

typedef struct
{
  LloydWindow             *self;
  ViewKind                 kind;
  const LloydPlotViewport *viewport;
} ExportRef;

static void
export_render (const LloydPlotScope *scope,
               gpointer              user_data)
{
  ExportRef *ref = user_data;
  gboolean drawn = render_view (ref->self, ref->kind, scope, ref->viewport, NULL);

  g_assert (drawn);
}

/* The visible view through the same renderer as on screen, written by
 * src/plot/export.h (format from the extension), with the window's zoom and pan
 * and a provenance stamp. */
gboolean
_lloyd_window_export_figure (LloydWindow  *self,
                             const char   *path,
                             int           width,
                             int           height,
                             double        scale,
                             GError      **error)
{
  LloydSessionData *data = lloyd_session_get_data (self->session);
  LloydKMeans *km = lloyd_session_get_model (self->session);
  const char *name = gtk_stack_get_visible_child_name (self->view_stack);
  const char *dot = strrchr (path, '.');
  g_autofree char *footer = NULL;
  g_autofree char *k = NULL;
  g_autofree char *seed = NULL;
  LloydPlotViewport viewport;
  LloydExportOptions options;
  ExportRef ref = { self, VIEW_CLUSTERS, NULL };
  const char *metadata[9] = { NULL };

  for (guint i = 0; i < N_VIEWS; i++)
    if (name != NULL && g_str_equal (name, views[i].name))
      ref.kind = i;
  lloyd_export_options_init (&options);
  if (dot == NULL || !lloyd_export_format_from_string (dot + 1, &options.format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: unknown figure format; use a name ending in .png, .svg or .pdf"), path);
      return FALSE;
    }
  options.width = width;
  options.height = height;
  options.scale = scale > 0.0 ? scale : MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  if (data != NULL)
    {
      footer = lloyd_plot_stamp_format (data->dataset->name, lloyd_session_get_k (self->session),
                                        km != NULL, lloyd_session_get_seed (self->session),
                                        km != NULL ? (int) lloyd_session_get_position (self->session) : -1);
      options.footer = footer;
      k = g_strdup_printf ("%u", lloyd_session_get_k (self->session));
      seed = g_strdup_printf ("%" G_GUINT64_FORMAT, lloyd_session_get_seed (self->session));
      metadata[0] = "Software";
      metadata[1] = "Lloyd " PACKAGE_VERSION;
      metadata[2] = "Dataset";
      metadata[3] = data->dataset->name;
      metadata[4] = "k";
      metadata[5] = k;
      metadata[6] = "Seed";
      metadata[7] = seed;
      options.metadata = metadata;
    }
  if (ref.kind == VIEW_CLUSTERS)
    {
      lloyd_plot_view_get_viewport (self->plot_view, &viewport);
      ref.viewport = &viewport;
    }
  return lloyd_export_figure (path, &options, export_render, &ref, error);
}
