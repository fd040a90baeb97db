/* cli-figures.c — writing every applicable figure of a fit (see cli-figures.h).
 * The models are built from core results here; drawing is src/plot's. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "bars-plot.h"
#include "centroid-images.h"
#include "cli-figures.h"
#include "convergence-plot.h"
#include "curve-plot.h"
#include "elbow-plot.h"
#include "evaluate.h"
#include "export.h"
#include "heatmap-plot.h"
#include "histogram-plot.h"
#include "pca.h"
#include "scatter-plot.h"

void
lloyd_cli_add_figures_options (GOptionContext      *context,
                               LloydCliFiguresArgs *args)
{
  GOptionEntry entries[] = {
    { "figures", 0, 0, G_OPTION_ARG_FILENAME, &args->dir, N_("Write every applicable figure into DIR"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &args->format, N_("Figure format: png (default), svg or pdf"), N_("FORMAT") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &args->size, N_("Figure size, pixels or points (default 1200x800)"), N_("WxH") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &args->scale, N_("PNG pixel density, e.g. 2 for sharp slides (default 1)"), N_("S") },
    { "frames", 0, 0, G_OPTION_ARG_NONE, &args->frames, N_("Also one clusters frame per iteration (frames/frame-001…)"), NULL },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &args->transparent, N_("Leave the figure background transparent"), NULL },
    { "no-stamp", 0, 0, G_OPTION_ARG_NONE, &args->no_stamp, N_("Leave out the dataset/k/seed footer"), NULL },
    { NULL },
  };
  GOptionGroup *group = g_option_group_new ("figures", _("Figure options:"), _("Show the figure options"), NULL, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
}

void
lloyd_cli_figures_args_clear (LloydCliFiguresArgs *args)
{
  g_clear_pointer (&args->dir, g_free);
  g_clear_pointer (&args->format, g_free);
  g_clear_pointer (&args->size, g_free);
}

/* The 2-D plane the clusters are drawn in: the data itself for d ≤ 2, else its
 * first two principal components. */
typedef struct
{
  LloydPca    *pca;
  LloydMatrix *xy;        /* n × 2 */
  guint        d;
  char        *x_title;
  char        *y_title;
} Plane;

static void
plane_clear (Plane *plane)
{
  g_clear_pointer (&plane->pca, lloyd_pca_free);
  g_clear_pointer (&plane->xy, lloyd_matrix_free);
  g_clear_pointer (&plane->x_title, g_free);
  g_clear_pointer (&plane->y_title, g_free);
}

static void
plane_project (const Plane  *plane,
               const double *rows,
               gsize         n,
               double       *out)
{
  if (plane->pca != NULL)
    {
      lloyd_pca_project_points (plane->pca, rows, n, out);
      return;
    }
  for (gsize i = 0; i < n; i++)
    {
      out[2 * i] = rows[i * plane->d];
      out[2 * i + 1] = plane->d > 1 ? rows[i * plane->d + 1] : 0;
    }
}

static const char *
feature_name (const LloydCliFiguresInput *input,
              guint                       j)
{
  if (input->transform != NULL && j < input->transform->n_features)
    return input->transform->feature_names[j];
  return NULL;
}

static gboolean
plane_init (Plane                      *plane,
            const LloydCliFiguresInput *input,
            GError                    **error)
{
  const LloydMatrix *x = input->x;

  memset (plane, 0, sizeof *plane);
  plane->d = (guint) x->d;
  if (x->d > 2 && x->n >= 2)
    {
      plane->pca = lloyd_pca_fit (x, 2, 0, NULL, error);
      if (plane->pca == NULL)
        return FALSE;
      if (plane->pca->n_components < 2)
        {
          g_clear_pointer (&plane->pca, lloyd_pca_free);
          goto raw;
        }
      plane->xy = lloyd_pca_project (plane->pca, x, 0, NULL, error);
      if (plane->xy == NULL)
        return FALSE;
      plane->x_title = g_strdup_printf (_("PC1 (%.1f%% of variance)"), 100 * plane->pca->explained_variance_ratio[0]);
      plane->y_title = g_strdup_printf (_("PC2 (%.1f%% of variance)"), 100 * plane->pca->explained_variance_ratio[1]);
      return TRUE;
    }
raw:
  plane->xy = lloyd_matrix_new (x->n, 2, error);
  if (plane->xy == NULL)
    return FALSE;
  plane_project (plane, x->data, x->n, plane->xy->data);
  plane->x_title = g_strdup (feature_name (input, 0) ? feature_name (input, 0) : _("feature 0"));
  plane->y_title = g_strdup (x->d > 1 ? (feature_name (input, 1) ? feature_name (input, 1) : _("feature 1")) : "");
  return TRUE;
}

typedef struct
{
  const LloydCliFiguresArgs *args;
  LloydExportOptions         options;
  char                      *footer;
  char                      *description;
  gboolean                   verbose;
} Writer;

static gboolean
write_figure (Writer              *writer,
              const char          *dir,
              const char          *name,
              const char          *title,
              LloydPlotRenderFunc  render,
              gpointer             model,
              GError             **error)
{
  g_autofree char *file = g_strdup_printf ("%s.%s", name, lloyd_export_format_extension (writer->options.format));
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *software = g_strdup_printf ("Lloyd %s", PACKAGE_VERSION);
  const char *metadata[] = {
    "Title", title,
    "Software", software,
    "Description", writer->description,
    NULL,
  };
  LloydExportOptions options = writer->options;

  options.metadata = metadata;
  if (!lloyd_export_figure (path, &options, render, model, error))
    return FALSE;
  if (writer->verbose)
    printf ("%s\n", path);
  return TRUE;
}

/* Options common to every figure of a run, checked once. */
static gboolean
writer_init (Writer                    *writer,
             const LloydCliFiguresArgs *args,
             gboolean                   verbose,
             GError                   **error)
{
  const char *dir = args->dir;

  writer->args = args;
  writer->verbose = verbose;
  lloyd_export_options_init (&writer->options);
  if (args->format != NULL && !lloyd_export_format_from_string (args->format, &writer->options.format))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--format %s: expected png, svg or pdf"), args->format);
      return FALSE;
    }
  if (args->size != NULL && !lloyd_export_parse_size (args->size, &writer->options.width, &writer->options.height, error))
    return FALSE;
  if (args->scale != 0)
    {
      if (!(args->scale >= 0.25 && args->scale <= 8))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--scale %g: expected a value from 0.25 to 8"), args->scale);
          return FALSE;
        }
      writer->options.scale = args->scale;
    }
  writer->options.transparent = args->transparent;
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot create the figures folder %s: %s"),
                   dir, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}

static void
render_convergence (const LloydPlotScope *scope,
                    gpointer              model)
{
  lloyd_convergence_plot_render (model, scope);
}

static void
render_elbow (const LloydPlotScope *scope,
              gpointer              model)
{
  lloyd_elbow_plot_render (model, scope);
}

static void
render_histogram (const LloydPlotScope *scope,
                  gpointer              model)
{
  lloyd_histogram_plot_render (model, scope);
}

static void
render_bars (const LloydPlotScope *scope,
             gpointer              model)
{
  lloyd_bars_plot_render (model, scope);
}

static void
render_heatmap (const LloydPlotScope *scope,
                gpointer              model)
{
  lloyd_heatmap_plot_render (model, scope);
}

static void
render_curves (const LloydPlotScope *scope,
               gpointer              model)
{
  lloyd_curve_plot_render (model, scope);
}

static void
render_centroid_images (const LloydPlotScope *scope,
                        gpointer              model)
{
  lloyd_centroid_images_render (model, scope);
}

/* Everything derived from the fit that several figures share. */
typedef struct
{
  guint         k;
  gsize         n;
  guint         n_iter;
  double       *centroids_xy;  /* k × 2 */
  double       *trails;        /* n_iter × k × 2: history entries 0 … n_iter − 1 */
  LloydScores  *scores;
  double       *per_cluster;   /* k thresholds */
  guint8       *flags;
  gsize         n_flagged;
  double       *radii;         /* k */
} Fit;

static void
fit_clear (Fit *fit)
{
  g_clear_pointer (&fit->centroids_xy, g_free);
  g_clear_pointer (&fit->trails, g_free);
  g_clear_pointer (&fit->scores, lloyd_scores_free);
  g_clear_pointer (&fit->per_cluster, g_free);
  g_clear_pointer (&fit->flags, g_free);
  g_clear_pointer (&fit->radii, g_free);
}

static gboolean
fit_init (Fit                        *fit,
          const LloydCliFiguresInput *input,
          const Plane                *plane,
          const LloydThreshold       *threshold,
          GError                    **error)
{
  const LloydKMeans *km = input->kmeans;
  const double *centroids = lloyd_kmeans_get_centroids (km);
  g_autoptr (LloydScores) projected = NULL;
  g_autofree LloydCircle *circles = NULL;

  memset (fit, 0, sizeof *fit);
  fit->k = lloyd_kmeans_get_k (km);
  fit->n = input->x->n;
  fit->n_iter = lloyd_kmeans_get_n_iterations (km);
  fit->centroids_xy = g_new (double, 2 * fit->k);
  plane_project (plane, centroids, fit->k, fit->centroids_xy);
  fit->trails = g_new (double, 2 * (gsize) fit->k * MAX (fit->n_iter, 1));
  for (guint i = 0; i < fit->n_iter; i++)
    plane_project (plane, lloyd_kmeans_get_iteration (km, i)->centroids, fit->k,
                   fit->trails + 2 * (gsize) i * fit->k);

  fit->scores = lloyd_scores_compute (input->x, centroids, fit->k, 0, NULL, error);
  if (fit->scores == NULL)
    return FALSE;
  fit->per_cluster = g_new (double, fit->k);
  if (!lloyd_threshold_resolve (threshold, fit->scores, fit->per_cluster, error))
    return FALSE;
  fit->flags = g_try_malloc0 (fit->n);
  if (fit->flags == NULL && fit->n > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory for %zu flags"), fit->n);
      return FALSE;
    }
  fit->n_flagged = lloyd_scores_flag (fit->scores, fit->per_cluster, fit->flags);

  projected = lloyd_scores_projected (fit->scores, plane->xy, fit->centroids_xy, error);
  if (projected == NULL)
    return FALSE;
  circles = g_new0 (LloydCircle, fit->k);
  if (!lloyd_anomaly_circles (projected, projected, fit->flags, threshold, fit->per_cluster, circles, error))
    return FALSE;
  fit->radii = g_new (double, fit->k);
  for (guint c = 0; c < fit->k; c++)
    fit->radii[c] = circles[c].radius;
  return TRUE;
}

static void
scatter_model (LloydScatterPlot           *plot,
               const LloydCliFiguresInput *input,
               const Plane                *plane,
               const Fit                  *fit,
               const char                 *title)
{
  memset (plot, 0, sizeof *plot);
  plot->n = fit->n;
  plot->xy = plane->xy->data;
  /* Nearest current centroid, as the flags and circles: after a fit stopped by
   * tolerance the model's last assignment may predate the last update. */
  plot->labels = fit->scores->labels;
  plot->flagged = fit->flags;
  plot->k = fit->k;
  plot->centroids = fit->centroids_xy;
  plot->n_trail = fit->n_iter;
  plot->trails = fit->trails;
  plot->radii = fit->radii;
  plot->radii_approximate = plane->d > 2;
  plot->source_dimensions = plane->d;
  plot->voronoi = plane->d == 2;
  /* Principal components share the data's units; raw features need not. */
  plot->equal_aspect = plane->pca != NULL;
  plot->title = title;
  plot->x_title = plane->x_title;
  plot->y_title = plane->y_title;
}

static gboolean
write_frames (Writer                     *writer,
              const LloydCliFiguresInput *input,
              const Plane                *plane,
              const Fit                  *fit,
              const char                 *dir,
              GError                    **error)
{
  g_autofree char *frames_dir = g_build_filename (dir, "frames", NULL);
  g_autofree guint32 *labels = g_try_new (guint32, MAX (fit->n, 1));
  g_autofree double *current = g_new (double, 2 * fit->k);
  LloydScatterPlot plot;

  if (labels == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory for the frames’ labels"));
      return FALSE;
    }
  if (g_mkdir_with_parents (frames_dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot create %s: %s"), frames_dir,
                   g_strerror (saved));
      return FALSE;
    }
  /* Frame i: the centroids after iteration i with the labels they were
   * computed from, and the trail so far. */
  for (guint i = 0; i <= fit->n_iter; i++)
    {
      g_autofree char *title = g_strdup_printf (_("Iteration %u of %u"), i, fit->n_iter);
      g_autofree char *name = g_strdup_printf ("frame-%03u", i + 1);
      const LloydIteration *it = lloyd_kmeans_get_iteration (input->kmeans, i);

      g_autofree char *footer = NULL;
      const char *dataset = input->dataset && input->dataset->name ? input->dataset->name : _("data");

      /* The stamp names the frame's own iteration. */
      footer = lloyd_plot_stamp_format (dataset, fit->k, TRUE, lloyd_kmeans_get_seed (input->kmeans), (int) i);
      if (writer->options.footer != NULL)
        writer->options.footer = footer;
      scatter_model (&plot, input, plane, fit, title);
      plane_project (plane, it->centroids, fit->k, current);
      plot.centroids = current;
      plot.n_trail = i;
      plot.flagged = NULL;
      plot.radii = NULL;
      plot.labels = lloyd_kmeans_labels_at (input->kmeans, input->x, i, labels, NULL) ? labels : NULL;
      if (!write_figure (writer, frames_dir, name, title, lloyd_scatter_plot_render_figure, &plot, error))
        return FALSE;
    }
  writer->options.footer = writer->args->no_stamp ? NULL : writer->footer;
  return TRUE;
}

/* The positive (anomalous) rows when the labels have a "normal" class. */
static guint8 *
positives_from_labels (const LloydDataset *ds)
{
  const LloydColumn *col;
  int normal = -1;
  guint8 *positive;

  if (ds == NULL || ds->label_column < 0)
    return NULL;
  col = &ds->columns[ds->label_column];
  for (guint l = 0; l < col->levels->len; l++)
    {
      const char *level = g_ptr_array_index (col->levels, l);

      if (g_ascii_strcasecmp (level, "normal") == 0 || g_ascii_strcasecmp (level, "normal.") == 0)
        normal = (int) l;
    }
  if (normal < 0)
    return NULL;
  positive = g_try_malloc (ds->n_rows);
  if (positive == NULL)
    return NULL;
  for (gsize i = 0; i < ds->n_rows; i++)
    positive[i] = col->codes[i] != (guint32) normal;
  return positive;
}

static gboolean
write_label_figures (Writer                     *writer,
                     const LloydCliFiguresInput *input,
                     const Fit                  *fit,
                     const char                 *dir,
                     GError                    **error)
{
  const LloydDataset *ds = input->dataset;
  const LloydColumn *col;
  g_autoptr (LloydContingency) table = NULL;
  g_autofree double *values = NULL;
  g_autofree char **row_names = NULL;
  g_autofree guint8 *positive = NULL;
  LloydHeatmapPlot heat = { 0 };

  if (ds == NULL || ds->label_column < 0 || ds->n_rows != fit->n)
    return TRUE;
  col = &ds->columns[ds->label_column];
  table = lloyd_contingency_new (fit->scores->labels, fit->k, col->codes, col->levels->len, fit->n, error);
  if (table == NULL)
    return FALSE;
  values = g_new (double, (gsize) fit->k * col->levels->len);
  for (gsize i = 0; i < (gsize) fit->k * col->levels->len; i++)
    values[i] = (double) table->counts[i];
  row_names = g_new0 (char *, fit->k + 1);
  for (guint c = 0; c < fit->k; c++)
    row_names[c] = g_strdup_printf (_("cluster %u"), c);
  heat.n_rows = fit->k;
  heat.n_cols = col->levels->len;
  heat.values = values;
  heat.row_names = (const char *const *) row_names;
  heat.col_names = (const char *const *) col->levels->pdata;
  heat.row_title = _("Cluster");
  heat.col_title = col->name;
  heat.title = _("Clusters against labels");
  if (!write_figure (writer, dir, "labels", heat.title, render_heatmap, &heat, error))
    {
      for (guint c = 0; c < fit->k; c++)
        g_free (row_names[c]);
      return FALSE;
    }
  for (guint c = 0; c < fit->k; c++)
    g_free (row_names[c]);

  /* With a "normal" class: how well the distance finds the rest. */
  positive = positives_from_labels (ds);
  if (positive != NULL)
    {
      LloydConfusion confusion;
      double cells[4];
      const char *const truth[] = { _("normal"), _("anomalous") };
      const char *const predicted[] = { _("not flagged"), _("flagged") };
      g_autoptr (LloydCurves) curves = NULL;

      lloyd_confusion_compute (fit->flags, positive, fit->n, &confusion);
      cells[0] = confusion.tn, cells[1] = confusion.fp, cells[2] = confusion.fn, cells[3] = confusion.tp;
      memset (&heat, 0, sizeof heat);
      heat.n_rows = heat.n_cols = 2;
      heat.values = cells;
      heat.row_names = truth;
      heat.col_names = predicted;
      heat.row_title = C_("confusion matrix", "True");
      heat.col_title = C_("confusion matrix", "Predicted");
      heat.title = _("Confusion matrix");
      heat.confusion = TRUE;
      if (!write_figure (writer, dir, "confusion", heat.title, render_heatmap, &heat, error))
        return FALSE;

      curves = lloyd_curves_compute (fit->scores->distances, positive, fit->n, NULL);
      if (curves != NULL)
        {
          LloydCurve roc = { curves->n_points, curves->fpr, curves->tpr, _("distance to centroid"), curves->roc_auc };
          LloydCurve pr = { curves->n_points, curves->tpr, curves->precision, _("distance to centroid"),
                            curves->average_precision };
          LloydCurvePlot plot = { LLOYD_CURVE_ROC, 1, &roc, NAN, NULL };

          if (!write_figure (writer, dir, "roc", _("ROC curve"), render_curves, &plot, error))
            return FALSE;
          plot.kind = LLOYD_CURVE_PR;
          plot.curves = &pr;
          plot.baseline = (double) curves->n_positive / MAX (curves->n_positive + curves->n_negative, 1);
          if (!write_figure (writer, dir, "precision-recall", _("Precision–recall curve"), render_curves, &plot,
                             error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_contributions (Writer                     *writer,
                     const LloydCliFiguresInput *input,
                     const Fit                  *fit,
                     const char                 *dir,
                     GError                    **error)
{
  const LloydTransform *t = input->transform;
  gsize d = input->x->d;
  g_autofree double *normalized = g_new0 (double, d);
  LloydBarsPlot bars = { 0 };

  if (fit->n_flagged == 0)
    return TRUE;
  if (!lloyd_anomaly_contributions (input->x, lloyd_kmeans_get_centroids (input->kmeans), fit->scores, fit->flags,
                                    NULL, normalized, NULL, error))
    return FALSE;
  bars.n = (guint) d;
  bars.values = normalized;
  bars.names = t != NULL ? (const char *const *) t->feature_names : NULL;
  bars.title = _("What makes the flagged points far: contribution per feature");
  bars.x_title = _("Σ |centroid − point| over flagged points");
  if (!write_figure (writer, dir, "contributions", bars.title, render_bars, &bars, error))
    return FALSE;

  /* One-hot features summed back into their column ("service=…" → "service"). */
  if (t != NULL && t->n_sources < t->n_features)
    {
      bars.groups = t->feature_source;
      bars.n_groups = (guint) t->n_sources;
      bars.group_names = (const char *const *) t->source_names;
      bars.grouped = TRUE;
      bars.title = _("Contribution per column (one-hot features summed)");
      if (!write_figure (writer, dir, "contributions-by-column", bars.title, render_bars, &bars, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_histogram (Writer                     *writer,
                 const Fit                  *fit,
                 const LloydThreshold       *threshold,
                 const char                 *dir,
                 GError                    **error)
{
  LloydHistogramPlot hist = { 0 };
  g_autofree double *thresholds = g_new (double, fit->k);
  g_autofree char **labels = g_new0 (char *, fit->k + 1);
  g_autofree char *what = lloyd_threshold_to_display (threshold);
  guint n = 0;
  gboolean ok;

  /* A global threshold is one line; per-cluster ones are drawn while they stay
   * readable (distinct values, at most six). */
  for (guint c = 0; c < fit->k; c++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < n; j++)
        seen |= thresholds[j] == fit->per_cluster[c];
      if (seen)
        continue;
      thresholds[n] = fit->per_cluster[c];
      labels[n] = threshold->mode == LLOYD_THRESHOLD_PERCENTILE ? g_strdup_printf (_("cluster %u"), c)
                                                                 : g_strdup (_("threshold"));
      n++;
    }
  hist.n = fit->n;
  hist.values = fit->scores->distances;
  hist.log_counts = fit->n > 10000;
  hist.n_thresholds = n <= 6 ? n : 0;
  hist.thresholds = thresholds;
  hist.threshold_labels = (const char *const *) labels;
  hist.flags = fit->flags;
  {
    g_autofree char *title = g_strdup_printf (_("Distance to the nearest centroid (threshold: %s)"), what);

    hist.title = title;
    ok = write_figure (writer, dir, "distances", title, render_histogram, &hist, error);
  }
  g_strfreev (g_steal_pointer (&labels));
  return ok;
}

static gboolean
write_elbow (Writer           *writer,
             const LloydElbow *e,
             const char       *dir,
             GError          **error)
{
  g_autofree double *ks = g_new (double, MAX (e->n, 1));
  double elbows[2];
  const char *names[2] = { NULL, NULL };
  gboolean any_silhouette = FALSE;
  LloydElbowPlot plot = { 0 };

  for (guint i = 0; i < e->n; i++)
    {
      ks[i] = e->k[i];
      any_silhouette |= e->silhouette != NULL && isfinite (e->silhouette[i]);
    }
  /* Both detectors' answers; one ring when they agree, "no clear elbow" when neither found one. */
  if (e->elbow_second_difference > 0)
    {
      names[plot.n_elbows] = e->elbow_kneedle == e->elbow_second_difference ? _("both rules") : _("second difference");
      elbows[plot.n_elbows++] = e->elbow_second_difference;
    }
  if (e->elbow_kneedle > 0 && e->elbow_kneedle != e->elbow_second_difference)
    {
      names[plot.n_elbows] = _("Kneedle");
      elbows[plot.n_elbows++] = e->elbow_kneedle;
    }
  plot.elbow_names = names;
  plot.n = e->n;
  plot.k = ks;
  plot.inertia = e->inertia;
  plot.silhouette = any_silhouette ? e->silhouette : NULL;
  plot.elbows = elbows;
  return write_figure (writer, dir, "elbow", _("Elbow"), render_elbow, &plot, error);
}

gboolean
lloyd_cli_write_elbow_figure (const LloydElbow          *elbow,
                              const char                *dataset_name,
                              guint64                    seed,
                              const LloydCliFiguresArgs *args,
                              gboolean                   verbose,
                              GError                   **error)
{
  Writer writer = { 0 };
  gboolean ok;

  g_return_val_if_fail (elbow != NULL && args != NULL && args->dir != NULL, FALSE);

  if (!writer_init (&writer, args, verbose, error))
    return FALSE;
  writer.footer = lloyd_plot_stamp_format (dataset_name, 0, TRUE, seed, -1);
  /* The file's Description is provenance for tools, in fixed English words. */
  writer.description = g_strdup_printf ("dataset %s; k = %u…%u; seed %" G_GUINT64_FORMAT,
                                        dataset_name ? dataset_name : "data", elbow->n ? elbow->k[0] : 0,
                                        elbow->n ? elbow->k[elbow->n - 1] : 0, seed);
  writer.options.footer = args->no_stamp ? NULL : writer.footer;
  ok = write_elbow (&writer, elbow, args->dir, error);
  g_free (writer.footer);
  g_free (writer.description);
  return ok;
}

gboolean
lloyd_cli_write_figures (const LloydCliFiguresInput *input,
                         const LloydCliFiguresArgs  *args,
                         gboolean                    verbose,
                         GError                    **error)
{
  const LloydKMeans *km;
  LloydThreshold default_threshold = { LLOYD_THRESHOLD_PERCENTILE, 99 };
  const LloydThreshold *threshold;
  Plane plane;
  Fit fit;
  Writer writer = { 0 };
  gboolean ok = FALSE;
  const char *dir;

  g_return_val_if_fail (input != NULL && input->x != NULL && input->kmeans != NULL, FALSE);
  g_return_val_if_fail (args != NULL && args->dir != NULL, FALSE);

  km = input->kmeans;
  dir = args->dir;
  threshold = input->threshold ? input->threshold : &default_threshold;
  if (lloyd_kmeans_get_labels (km) == NULL || lloyd_kmeans_get_centroids (km) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("No figures: the model has not been fitted"));
      return FALSE;
    }

  if (!writer_init (&writer, args, verbose, error))
    return FALSE;
  {
    g_autofree char *what = lloyd_threshold_to_string (threshold);
    const char *name = input->dataset && input->dataset->name ? input->dataset->name : "data";
    char inertia[G_ASCII_DTOSTR_BUF_SIZE];

    writer.footer = lloyd_plot_stamp_format (name, lloyd_kmeans_get_k (km), TRUE, lloyd_kmeans_get_seed (km),
                                             (int) lloyd_kmeans_get_n_iterations (km));
    /* The file's Description is provenance for tools: fixed English words and
     * the threshold's identifier, whatever the language of the figure. */
    writer.description = g_strdup_printf ("dataset %s; n = %" G_GSIZE_FORMAT "; d = %" G_GSIZE_FORMAT
                                          "; k = %u; init %s; seed %" G_GUINT64_FORMAT "; iterations %u; "
                                          "inertia %s; threshold %s",
                                          name, input->x->n, input->x->d, lloyd_kmeans_get_k (km),
                                          lloyd_init_to_string (lloyd_kmeans_get_init (km)),
                                          lloyd_kmeans_get_seed (km), lloyd_kmeans_get_n_iterations (km),
                                          g_ascii_formatd (inertia, sizeof inertia, "%.10g",
                                                           lloyd_kmeans_get_inertia (km)),
                                          what);
  }
  writer.options.footer = args->no_stamp ? NULL : writer.footer;

  if (!plane_init (&plane, input, error))
    {
      plane_clear (&plane);
      goto out_writer;
    }
  if (!fit_init (&fit, input, &plane, threshold, error))
    goto out;

  /* clusters */
  {
    LloydScatterPlot plot;
    g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "k-means: %u cluster",
                                                           "k-means: %u clusters", fit.k), fit.k);

    scatter_model (&plot, input, &plane, &fit, title);
    if (!write_figure (&writer, dir, "clusters", title, lloyd_scatter_plot_render_figure, &plot, error))
      goto out;
  }

  /* convergence */
  if (fit.n_iter > 0)
    {
      g_autofree double *inertia = g_new (double, fit.n_iter);
      g_autofree double *moved = g_new (double, fit.n_iter);
      g_autofree double *shift = g_new (double, fit.n_iter);
      LloydConvergencePlot plot = { 0 };

      for (guint i = 1; i <= fit.n_iter; i++)
        {
          const LloydIteration *it = lloyd_kmeans_get_iteration (km, i);

          inertia[i - 1] = it->inertia;
          moved[i - 1] = (double) it->moved;
          shift[i - 1] = it->shift;
        }
      plot.n = fit.n_iter;
      plot.inertia = inertia;
      plot.moved = moved;
      plot.shift = shift;
      plot.current = (int) fit.n_iter;
      plot.log_shift = TRUE;
      plot.title = _("Convergence");
      if (!write_figure (&writer, dir, "convergence", plot.title, render_convergence, &plot, error))
        goto out;
    }

  if (input->elbow != NULL && input->elbow->n > 0 && !write_elbow (&writer, input->elbow, dir, error))
    goto out;

  if (!write_histogram (&writer, &fit, threshold, dir, error))
    goto out;
  if (!write_contributions (&writer, input, &fit, dir, error))
    goto out;
  if (!write_label_figures (&writer, input, &fit, dir, error))
    goto out;

  /* centroids as images (digits: 64 features → 8 × 8) */
  if (lloyd_centroid_images_is_square (input->x->d, NULL) && input->x->d >= 16 &&
      (input->transform == NULL || input->transform->n_sources == input->transform->n_features))
    {
      LloydCentroidImages images = { 0 };
      g_autofree double *original = g_new (double, (gsize) fit.k * input->x->d);
      g_autofree gsize *counts = g_new0 (gsize, fit.k);
      const double *centroids = lloyd_kmeans_get_centroids (km);

      for (guint c = 0; c < fit.k; c++)
        {
          if (input->transform != NULL)
            lloyd_transform_inverse (input->transform, centroids + c * input->x->d, original + c * input->x->d);
          else
            memcpy (original + c * input->x->d, centroids + c * input->x->d, input->x->d * sizeof (double));
          counts[c] = lloyd_scores_cluster_size (fit.scores, c);
        }
      images.k = fit.k;
      images.d = input->x->d;
      images.centroids = original;
      images.counts = counts;
      images.ink_dark = TRUE;
      images.title = _("Centroids as images");
      if (!write_figure (&writer, dir, "centroids", images.title, render_centroid_images, &images, error))
        goto out;
    }

  if (args->frames && !write_frames (&writer, input, &plane, &fit, dir, error))
    goto out;
  ok = TRUE;

out:
  fit_clear (&fit);
  plane_clear (&plane);
out_writer:
  g_free (writer.footer);
  g_free (writer.description);
  return ok;
}
