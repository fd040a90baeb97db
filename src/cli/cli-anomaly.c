/* cli-anomaly.c — anomaly scoring, PCA, evaluation and model files for
 * `lloyd-cli fit` and `lloyd-cli score` (see cli-anomaly.h for the sequence). */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "cli-anomaly.h"
#include "json-read.h"

#define MAX_FLAGGED_ROWS  1000
#define N_FARTHEST_ROWS   10

void
lloyd_cli_anomaly_add_options (GOptionContext  *context,
                               LloydCliAnomaly *an)
{
  const GOptionEntry entries[] = {
    { "threshold", 0, 0, G_OPTION_ARG_STRING, &an->threshold_text,
      N_("Anomaly threshold: percentile:P per cluster (default percentile:99), farthest:N "
         "(distance of the N-th farthest point) or distance:D"), N_("MODE:VALUE") },
    { "normal-label", 0, 0, G_OPTION_ARG_STRING, &an->normal_label,
      N_("The label of normal rows (e.g. normal.), or several separated by commas; other "
         "labels count as anomalous"), N_("VALUE[,VALUE…]") },
    { "train-on-normal", 0, 0, G_OPTION_ARG_NONE, &an->train_on_normal,
      N_("Fit the transform, k-means and thresholds on the normal rows only; score every row"), NULL },
    { "pca", 0, 0, G_OPTION_ARG_NONE, &an->pca,
      N_("Project to 2-D with PCA (summary.json \"pca\", assignments.csv pc1, pc2)"), NULL },
    { "save-model", 0, 0, G_OPTION_ARG_FILENAME, &an->save_model,
      N_("Save the model (transform, centroids, thresholds …) for lloyd-cli score"), N_("FILE.json") },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("anomaly", _("Anomaly detection options:"),
                                            _("Show the anomaly detection options"), NULL, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
}

void
lloyd_cli_anomaly_clear (LloydCliAnomaly *an)
{
  g_clear_pointer (&an->threshold_text, g_free);
  g_clear_pointer (&an->normal_label, g_free);
  g_clear_pointer (&an->save_model, g_free);
  g_clear_pointer (&an->train_rows, g_free);
  g_clear_pointer (&an->x_train, lloyd_matrix_free);
  g_clear_pointer (&an->scores, lloyd_scores_free);
  g_clear_pointer (&an->reference, lloyd_scores_free);
  g_clear_pointer (&an->thresholds, g_free);
  g_clear_pointer (&an->flags, g_free);
  g_clear_pointer (&an->pca_model, lloyd_pca_free);
  g_clear_pointer (&an->projected, lloyd_matrix_free);
}

/* Which label codes are normal: @text is one label or a comma-separated list
 * ("2,3,4,5,6,7,8,9"). A newly allocated array with one entry per level. A label
 * no row has is an error unless @lenient (scoring a file that lacks some). */
static gboolean *
normal_codes (const LloydDataset  *ds,
              const char          *text,
              gboolean             lenient,
              GError             **error)
{
  const LloydColumn *col = &ds->columns[ds->label_column];
  g_autofree gboolean *normal = g_new0 (gboolean, MAX (col->levels->len, 1));
  g_auto (GStrv) values = g_strsplit (text, ",", -1);

  for (char **v = values; *v != NULL; v++)
    {
      guint l;

      for (l = 0; l < col->levels->len; l++)
        if (g_strcmp0 (g_ptr_array_index (col->levels, l), *v) == 0)
          break;
      if (l == col->levels->len && lenient)
        continue;
      if (l == col->levels->len)
        {
          g_autoptr (GString) some = g_string_new (NULL);

          for (guint i = 0; i < MIN (col->levels->len, 8u); i++)
            g_string_append_printf (some, "%s“%s”", i ? ", " : "", (char *) g_ptr_array_index (col->levels, i));
          g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                       _("--normal-label: no row of %s has the label “%s” in column %s (labels: %s%s)"),
                       ds->name, *v, col->name, some->str, col->levels->len > 8 ? ", …" : "");
          return NULL;
        }
      normal[l] = TRUE;
    }
  return g_steal_pointer (&normal);
}

gboolean
lloyd_cli_anomaly_begin (LloydCliAnomaly     *an,
                         const LloydDataset  *ds,
                         GError             **error)
{
  g_autoptr (GError) local = NULL;
  g_autofree gboolean *normal = NULL;
  const LloydColumn *col;

  if (!lloyd_threshold_parse (an->threshold_text ? an->threshold_text : "percentile:99",
                              &an->threshold, &local))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("--threshold: %s"), local->message);
      return FALSE;
    }
  if (an->train_on_normal && an->normal_label == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--train-on-normal needs --normal-label"));
      return FALSE;
    }
  an->n_train = ds->n_rows;
  if (an->normal_label == NULL)
    return TRUE;
  if (ds->label_column < 0)
    {
      g_set_error (error, LLOYD_DATASET_ERROR, LLOYD_DATASET_ERROR_COLUMN,
                   _("%s has no label column, which --normal-label needs (see --label-column)"),
                   ds->name);
      return FALSE;
    }
  normal = normal_codes (ds, an->normal_label, FALSE, error);
  if (normal == NULL)
    return FALSE;
  col = &ds->columns[ds->label_column];
  if (an->train_on_normal)
    {
      an->train_rows = g_new (gboolean, ds->n_rows);
      an->n_train = 0;
      for (gsize i = 0; i < ds->n_rows; i++)
        an->n_train += an->train_rows[i] = normal[col->codes[i]];
    }
  return TRUE;
}

const gboolean *
lloyd_cli_anomaly_training_rows (const LloydCliAnomaly *an)
{
  return an->train_rows;
}

const LloydMatrix *
lloyd_cli_anomaly_training_matrix (LloydCliAnomaly   *an,
                                   const LloydMatrix *x,
                                   GError           **error)
{
  gsize r = 0;

  if (an->train_rows == NULL)
    return x;
  g_clear_pointer (&an->x_train, lloyd_matrix_free);
  an->x_train = lloyd_matrix_new (an->n_train, x->d, error);
  if (an->x_train == NULL)
    return NULL;
  for (gsize i = 0; i < x->n; i++)
    if (an->train_rows[i])
      memcpy (lloyd_matrix_row (an->x_train, r++), lloyd_matrix_row (x, i), x->d * sizeof (double));
  return an->x_train;
}

/* Points in 2-D: through the PCA, or the features themselves when d ≤ 2. */
static void
to_plane (const LloydPca *pca,
          const double   *rows,
          gsize           n,
          gsize           d,
          double         *out)
{
  if (pca != NULL)
    {
      lloyd_pca_project_points (pca, rows, n, out);
      return;
    }
  for (gsize i = 0; i < n; i++)
    {
      out[i * 2] = rows[i * d];
      out[i * 2 + 1] = d > 1 ? rows[i * d + 1] : 0.0;
    }
}

/* "pca" and the projection of every row; @pca is NULL when d ≤ 2. */
static gboolean
project (LloydCliAnomaly            *an,
         const LloydPca             *pca,
         const LloydCliAnomalyInput *in,
         JsonBuilder                *b,
         double                     *projected_centroids,
         GError                    **error)
{
  const gsize d = in->x->d;

  if (pca != NULL)
    an->projected = lloyd_pca_project (pca, in->x, in->n_threads, NULL, error);
  else if ((an->projected = lloyd_matrix_new (in->x->n, 2, error)) != NULL)
    to_plane (NULL, in->x->data, in->x->n, d, an->projected->data);
  if (an->projected == NULL)
    return FALSE;
  to_plane (pca, in->centroids, in->k, d, projected_centroids);

  json_builder_set_member_name (b, "pca");
  json_builder_begin_object (b);
  if (pca != NULL)
    {
      json_builder_set_member_name (b, "explained_variance_ratio");
      _lloyd_json_add_doubles (b, pca->explained_variance_ratio, pca->n_components);
      json_builder_set_member_name (b, "explained_variance");
      _lloyd_json_add_doubles (b, pca->explained_variance, pca->n_components);
      json_builder_set_member_name (b, "components");
      _lloyd_json_add_rows (b, pca->components, pca->n_components, pca->d);
      json_builder_set_member_name (b, "mean");
      _lloyd_json_add_doubles (b, pca->mean, pca->d);
    }
  else
    {
      /* Two features or fewer are drawn as they are. */
      json_builder_set_member_name (b, "projection");
      json_builder_add_string_value (b, "none");
    }
  json_builder_set_member_name (b, "projected_centroids");
  _lloyd_json_add_rows (b, projected_centroids, in->k, 2);
  json_builder_end_object (b);
  return TRUE;
}

static void
add_contributions (JsonBuilder  *b,
                   const char   *member,
                   const char   *key,
                   char        **names,
                   const double *normalized,
                   const double *original,
                   gsize         n)
{
  g_autofree guint *order = g_new (guint, MAX (n, 1));

  lloyd_anomaly_sort_decreasing (normalized, n, order);
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (gsize i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, key);
      json_builder_add_string_value (b, names[order[i]]);
      json_builder_set_member_name (b, "value");
      json_builder_add_double_value (b, normalized[order[i]]);
      json_builder_set_member_name (b, "original");
      json_builder_add_double_value (b, original[order[i]]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* The summary's "anomaly" member; like all of summary.json it is read by scripts,
 * so its words ("score", "threshold" identifiers) are not translated. */
static gboolean
add_anomaly (LloydCliAnomaly            *an,
             const LloydCliAnomalyInput *in,
             JsonBuilder                *b,
             const double               *projected_centroids,
             GError                    **error)
{
  const LloydTransform *tr = in->transform;
  const gsize d = in->x->d;
  g_autofree double *normalized = g_new0 (double, d);
  g_autofree double *original = g_new0 (double, d);
  g_autofree double *src_n = g_new0 (double, tr->n_sources);
  g_autofree double *src_o = g_new0 (double, tr->n_sources);
  gsize listed = 0;

  if (!lloyd_anomaly_contributions (in->x, in->centroids, an->scores, an->flags, tr,
                                    normalized, original, error))
    return FALSE;
  lloyd_anomaly_group_by_source (tr, normalized, src_n);
  lloyd_anomaly_group_by_source (tr, original, src_o);

  json_builder_set_member_name (b, "anomaly");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "threshold");
  json_builder_add_value (b, lloyd_threshold_to_json (&an->threshold, an->thresholds, in->k));
  json_builder_set_member_name (b, "score");
  json_builder_add_string_value (b, "Euclidean distance to the nearest centroid (model units); "
                                    "flagged when strictly greater than its cluster's threshold");
  json_builder_set_member_name (b, "normal_label");
  if (an->normal_label != NULL)
    json_builder_add_string_value (b, an->normal_label);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "training_rows");
  json_builder_add_int_value (b, (gint64) an->n_train);
  json_builder_set_member_name (b, "flagged");
  json_builder_add_int_value (b, (gint64) an->n_flagged);
  json_builder_set_member_name (b, "flagged_rows");
  json_builder_begin_array (b);
  for (gsize i = 0; i < an->scores->n && listed < MAX_FLAGGED_ROWS; i++)
    if (an->flags[i])
      {
        json_builder_add_int_value (b, (gint64) i);
        listed++;
      }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "farthest_rows");
  json_builder_begin_array (b);
  for (gsize r = 0; r < MIN (an->scores->n, (gsize) N_FARTHEST_ROWS); r++)
    {
      gsize row = an->scores->by_distance[r];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "row");
      json_builder_add_int_value (b, (gint64) row);
      json_builder_set_member_name (b, "cluster");
      json_builder_add_int_value (b, an->scores->labels[row]);
      json_builder_set_member_name (b, "distance");
      json_builder_add_double_value (b, an->scores->distances[row]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_contributions (b, "feature_contributions", "feature", tr->feature_names, normalized, original, d);
  add_contributions (b, "column_contributions", "column", tr->source_names, src_n, src_o, tr->n_sources);

  if (an->projected != NULL)
    {
      g_autoptr (LloydScores) planar = NULL, planar_ref = NULL;
      g_autofree LloydCircle *circles = g_new0 (LloydCircle, in->k);

      planar = lloyd_scores_projected (an->scores, an->projected, projected_centroids, error);
      if (planar == NULL)
        return FALSE;
      if (an->train_rows != NULL
          && (planar_ref = lloyd_scores_subset (planar, an->train_rows, error)) == NULL)
        return FALSE;
      if (!lloyd_anomaly_circles (planar, planar_ref ? planar_ref : planar, an->flags, &an->threshold,
                                  an->thresholds, circles, error))
        return FALSE;
      json_builder_set_member_name (b, "circles");
      json_builder_begin_array (b);
      for (guint c = 0; c < in->k; c++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "cluster");
          json_builder_add_int_value (b, c);
          json_builder_set_member_name (b, "center");
          _lloyd_json_add_doubles (b, projected_centroids + (gsize) c * 2, 2);
          json_builder_set_member_name (b, "radius");
          json_builder_add_double_value (b, circles[c].radius);
          json_builder_set_member_name (b, "members");
          json_builder_add_int_value (b, (gint64) circles[c].members);
          json_builder_set_member_name (b, "inside");
          json_builder_add_int_value (b, (gint64) circles[c].inside);
          json_builder_set_member_name (b, "inside_but_flagged");
          json_builder_add_int_value (b, (gint64) circles[c].inside_flagged);
          json_builder_set_member_name (b, "outside_but_not_flagged");
          json_builder_add_int_value (b, (gint64) circles[c].outside_unflagged);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  return TRUE;
}

/* At most about MAX_CURVE_POINTS points of the PR and ROC curves, always with
 * both ends. Point 0 flags nothing: its threshold (+∞) is written as null. */
#define MAX_CURVE_POINTS 200

static void
add_finite (JsonBuilder *b,
            double       v)
{
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
add_curves (JsonBuilder       *b,
            const LloydCurves *c)
{
  const gsize step = (c->n_points + MAX_CURVE_POINTS - 1) / MAX_CURVE_POINTS;
  const char *names[] = { "threshold", "fpr", "tpr", "precision" };
  const double *columns[] = { c->thresholds, c->fpr, c->tpr, c->precision };

  json_builder_set_member_name (b, "curves");
  json_builder_begin_object (b);
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      json_builder_set_member_name (b, names[k]);
      json_builder_begin_array (b);
      for (gsize i = 0; i < c->n_points; i += step)
        add_finite (b, columns[k][i]);
      if ((c->n_points - 1) % step != 0)
        add_finite (b, columns[k][c->n_points - 1]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static gboolean
add_evaluation (LloydCliAnomaly            *an,
                const LloydCliAnomalyInput *in,
                JsonBuilder                *b,
                GError                    **error)
{
  const LloydDataset *ds = in->dataset;
  const LloydColumn *col;
  g_autoptr (LloydContingency) table = NULL;

  if (ds->label_column < 0)
    return TRUE;
  col = &ds->columns[ds->label_column];
  table = lloyd_contingency_new (an->scores->labels, in->k, col->codes, MAX (col->levels->len, 1),
                                 an->scores->n, error);
  if (table == NULL)
    return FALSE;

  json_builder_set_member_name (b, "evaluation");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "label_column");
  json_builder_add_string_value (b, col->name);
  if (an->normal_label != NULL)
    {
      g_autofree gboolean *normal = NULL;
      g_autofree guint8 *positive = g_new (guint8, an->scores->n);
      g_autoptr (LloydCurves) curves = NULL;
      LloydConfusion conf;

      normal = normal_codes (ds, an->normal_label, TRUE, NULL);
      for (gsize i = 0; i < an->scores->n; i++)
        positive[i] = !normal[col->codes[i]];
      lloyd_confusion_compute (an->flags, positive, an->scores->n, &conf);
      /* Undefined with a single class: reported as null. */
      curves = lloyd_curves_compute (an->scores->distances, positive, an->scores->n, NULL);

      json_builder_set_member_name (b, "positive");
      json_builder_add_string_value (b, "anomalous (label other than the normal label)");
      json_builder_set_member_name (b, "tp");
      json_builder_add_int_value (b, (gint64) conf.tp);
      json_builder_set_member_name (b, "fp");
      json_builder_add_int_value (b, (gint64) conf.fp);
      json_builder_set_member_name (b, "tn");
      json_builder_add_int_value (b, (gint64) conf.tn);
      json_builder_set_member_name (b, "fn");
      json_builder_add_int_value (b, (gint64) conf.fn);
      json_builder_set_member_name (b, "normal_misclassified_as_abnormal");
      json_builder_add_int_value (b, (gint64) conf.fp);
      json_builder_set_member_name (b, "abnormal_misclassified_as_normal");
      json_builder_add_int_value (b, (gint64) conf.fn);
      json_builder_set_member_name (b, "precision");
      json_builder_add_double_value (b, conf.precision);
      json_builder_set_member_name (b, "recall");
      json_builder_add_double_value (b, conf.recall);
      json_builder_set_member_name (b, "f1");
      json_builder_add_double_value (b, conf.f1);
      json_builder_set_member_name (b, "roc_auc");
      if (curves != NULL)
        json_builder_add_double_value (b, curves->roc_auc);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "average_precision");
      if (curves != NULL)
        json_builder_add_double_value (b, curves->average_precision);
      else
        json_builder_add_null_value (b);
      if (curves != NULL)
        add_curves (b, curves);
    }
  json_builder_set_member_name (b, "purity");
  json_builder_add_double_value (b, lloyd_contingency_purity (table));
  json_builder_set_member_name (b, "entropy");
  json_builder_add_double_value (b, lloyd_contingency_entropy (table));
  json_builder_set_member_name (b, "ari");
  json_builder_add_double_value (b, lloyd_contingency_ari (table));
  json_builder_set_member_name (b, "nmi");
  json_builder_add_double_value (b, lloyd_contingency_nmi (table));
  json_builder_set_member_name (b, "contingency");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "labels");
  json_builder_begin_array (b);
  for (guint l = 0; l < col->levels->len; l++)
    json_builder_add_string_value (b, g_ptr_array_index (col->levels, l));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "counts");
  json_builder_begin_array (b);
  for (guint c = 0; c < table->n_clusters; c++)
    {
      json_builder_begin_array (b);
      for (guint l = 0; l < table->n_classes; l++)
        json_builder_add_int_value (b, (gint64) table->counts[(gsize) c * table->n_classes + l]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return TRUE;
}

/* Everything after the thresholds are known. */
static gboolean
finish (LloydCliAnomaly            *an,
        const LloydPca             *pca,
        gboolean                    want_projection,
        const LloydCliAnomalyInput *in,
        JsonBuilder                *b,
        GError                    **error)
{
  g_autofree double *projected_centroids = g_new0 (double, (gsize) in->k * 2);

  an->flags = g_try_new (guint8, MAX (in->x->n, 1));
  if (an->flags == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("Not enough memory for the flags"));
      return FALSE;
    }
  an->n_flagged = lloyd_scores_flag (an->scores, an->thresholds, an->flags);
  if (want_projection && !project (an, pca, in, b, projected_centroids, error))
    return FALSE;
  return add_anomaly (an, in, b, projected_centroids, error) && add_evaluation (an, in, b, error);
}

static gboolean
score_rows (LloydCliAnomaly            *an,
            const LloydCliAnomalyInput *in,
            GError                    **error)
{
  an->scores = lloyd_scores_compute (in->x, in->centroids, in->k, in->n_threads, NULL, error);
  return an->scores != NULL;
}

gboolean
lloyd_cli_anomaly_run (LloydCliAnomaly            *an,
                       const LloydCliAnomalyInput *in,
                       JsonBuilder                *b,
                       GError                    **error)
{
  const LloydScores *reference;

  if (!score_rows (an, in, error))
    return FALSE;
  reference = an->scores;
  if (an->train_rows != NULL)
    {
      an->reference = lloyd_scores_subset (an->scores, an->train_rows, error);
      if (an->reference == NULL)
        return FALSE;
      reference = an->reference;
    }
  an->thresholds = g_new (double, in->k);
  if (!lloyd_threshold_resolve (&an->threshold, reference, an->thresholds, error))
    return FALSE;
  if (an->pca && in->x->d > 2)
    {
      const LloydMatrix *train = an->x_train != NULL ? an->x_train : in->x;

      an->pca_model = lloyd_pca_fit (train, 2, in->n_threads, NULL, error);
      if (an->pca_model == NULL)
        return FALSE;
    }
  return finish (an, an->pca_model, an->pca, in, b, error);
}

gboolean
lloyd_cli_anomaly_run_model (LloydCliAnomaly            *an,
                             const LloydModel           *model,
                             const LloydCliAnomalyInput *in,
                             JsonBuilder                *b,
                             GError                    **error)
{
  if (!score_rows (an, in, error))
    return FALSE;
  an->threshold = model->threshold;
  an->thresholds = g_memdup2 (model->thresholds, (gsize) model->k * sizeof (double));
  an->n_train = model->n_train;
  g_free (an->normal_label);
  an->normal_label = g_strdup (model->normal_label);
  return finish (an, model->pca, model->pca != NULL || in->x->d <= 2, in, b, error);
}

void
lloyd_cli_anomaly_csv_header (const LloydCliAnomaly *an,
                              GString               *line)
{
  g_string_append (line, ",flagged");
  if (an->projected != NULL)
    g_string_append (line, ",pc1,pc2");
}

void
lloyd_cli_anomaly_csv_row (const LloydCliAnomaly *an,
                           gsize                  row,
                           GString               *line)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (line, an->flags[row] ? ",1" : ",0");
  if (an->projected != NULL)
    for (guint c = 0; c < 2; c++)
      {
        g_string_append_c (line, ',');
        g_string_append (line, g_ascii_formatd (buf, sizeof buf, "%.17g",
                                                lloyd_matrix_row (an->projected, row)[c]));
      }
}

gboolean
lloyd_cli_anomaly_save_model (const LloydCliAnomaly      *an,
                              const LloydCliAnomalyInput *in,
                              const LloydCliModelParams  *params,
                              GError                    **error)
{
  g_autoptr (LloydModel) m = NULL;

  if (an->save_model == NULL)
    return TRUE;
  if (in->dataset->path == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--save-model needs data read from a file"));
      return FALSE;
    }
  m = lloyd_model_new ();
  m->transform = lloyd_transform_ref ((LloydTransform *) in->transform);
  m->k = in->k;
  m->d = in->x->d;
  m->centroids = g_memdup2 (in->centroids, (gsize) in->k * in->x->d * sizeof (double));
  m->threshold = an->threshold;
  m->thresholds = g_memdup2 (an->thresholds, (gsize) in->k * sizeof (double));
  m->init = g_strdup (params->init);
  m->seed = params->seed;
  m->max_iter = params->max_iter;
  m->tol = params->tol;
  m->n_init = params->n_init;
  m->data_name = g_path_get_basename (in->dataset->path);
  m->data_sha256 = lloyd_file_sha256 (in->dataset->path, error);
  if (m->data_sha256 == NULL)
    return FALSE;
  m->n_rows = in->x->n;
  m->n_train = an->n_train;
  m->normal_label = g_strdup (an->normal_label);
  if (an->pca_model != NULL)
    {
      g_autoptr (JsonNode) node = lloyd_pca_to_json (an->pca_model);

      m->pca = lloyd_pca_from_json (node, error);
      if (m->pca == NULL)
        return FALSE;
    }
  return lloyd_model_save (m, an->save_model, error);
}
