/* anomaly.c — distances to the nearest centroid, computed once and kept sorted so
 * thresholds switch cheaply; percentile/farthest/fixed thresholds, flagging,
 * feature contributions and projection circles (definitions in anomaly.h). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anomaly.h"
#include "distance.h"
#include "json-read.h"

G_DEFINE_QUARK (lloyd-anomaly-error-quark, lloyd_anomaly_error)

static const char *const mode_names[] = { "percentile", "farthest", "distance" };

const char *
lloyd_threshold_mode_to_string (LloydThresholdMode mode)
{
  g_return_val_if_fail ((guint) mode < G_N_ELEMENTS (mode_names), NULL);
  return mode_names[mode];
}

gboolean
lloyd_threshold_validate (const LloydThreshold *t,
                          GError              **error)
{
  g_return_val_if_fail (t != NULL, FALSE);

  switch (t->mode)
    {
    case LLOYD_THRESHOLD_PERCENTILE:
      if (isfinite (t->value) && t->value >= 0 && t->value <= 100)
        return TRUE;
      g_set_error (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                   _("A percentile threshold must be from 0 to 100, not %g"), t->value);
      return FALSE;
    case LLOYD_THRESHOLD_FARTHEST:
      if (isfinite (t->value) && t->value >= 1 && t->value == floor (t->value) && t->value < 1e15)
        return TRUE;
      g_set_error (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                   _("A farthest-point threshold must be a whole number ≥ 1, not %g"), t->value);
      return FALSE;
    case LLOYD_THRESHOLD_DISTANCE:
      if (isfinite (t->value) && t->value >= 0)
        return TRUE;
      g_set_error (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                   _("A distance threshold must be a finite number ≥ 0, not %g"), t->value);
      return FALSE;
    default:
      g_set_error (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                   _("Unknown threshold mode %d"), (int) t->mode);
      return FALSE;
    }
}

JsonNode *
lloyd_threshold_to_json (const LloydThreshold *t,
                         const double         *per_cluster,
                         guint                 k)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (t != NULL && (per_cluster != NULL || k == 0), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, lloyd_threshold_mode_to_string (t->mode));
  json_builder_set_member_name (b, "value");
  json_builder_add_double_value (b, t->value);
  json_builder_set_member_name (b, "per_cluster");
  _lloyd_json_add_doubles (b, per_cluster, k);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
lloyd_threshold_parse (const char      *text,
                       LloydThreshold  *out,
                       GError         **error)
{
  const char *colon;
  LloydThreshold t = { 0 };
  char *end = NULL;
  guint i;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  colon = strchr (text, ':');
  for (i = 0; colon != NULL && i < G_N_ELEMENTS (mode_names); i++)
    if (strlen (mode_names[i]) == (gsize) (colon - text)
        && strncmp (text, mode_names[i], colon - text) == 0)
      break;
  if (colon == NULL || i == G_N_ELEMENTS (mode_names))
    {
      g_set_error (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_PARSE,
                   _("“%s”: expected percentile:P, farthest:N or distance:D"), text);
      return FALSE;
    }
  t.mode = (LloydThresholdMode) i;
  t.value = g_ascii_strtod (colon + 1, &end);
  if (end == colon + 1 || *end != '\0')
    {
      g_set_error (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_PARSE,
                   _("“%s”: “%s” is not a number"), text, colon + 1);
      return FALSE;
    }
  if (!lloyd_threshold_validate (&t, error))
    return FALSE;
  *out = t;
  return TRUE;
}

char *
lloyd_threshold_to_string (const LloydThreshold *t)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (t != NULL, NULL);
  return g_strdup_printf ("%s:%s", lloyd_threshold_mode_to_string (t->mode),
                          g_ascii_dtostr (buf, sizeof buf, t->value));
}

char *
lloyd_threshold_to_display (const LloydThreshold *t)
{
  g_return_val_if_fail (t != NULL, NULL);

  /* Numbers in the user's locale (a decimal comma in French): this text is read,
   * never parsed back. */
  switch (t->mode)
    {
    case LLOYD_THRESHOLD_PERCENTILE:
      return g_strdup_printf (_("percentile %g per cluster"), t->value);
    case LLOYD_THRESHOLD_FARTHEST:
      return g_strdup_printf (_("N-th farthest point, N = %.0f"), t->value);
    case LLOYD_THRESHOLD_DISTANCE:
      return g_strdup_printf (_("fixed distance %g"), t->value);
    default:
      g_return_val_if_reached (NULL);
    }
}

void
lloyd_scores_free (LloydScores *s)
{
  if (s == NULL)
    return;
  g_free (s->labels);
  g_free (s->distances);
  g_free (s->offsets);
  g_free (s->sorted);
  g_free (s->by_distance);
  g_free (s);
}

static LloydScores *
scores_alloc (gsize    n,
              guint    k,
              GError **error)
{
  g_autoptr (LloydScores) s = g_new0 (LloydScores, 1);

  s->n = n;
  s->k = k;
  s->offsets = g_new0 (gsize, (gsize) k + 1);
  s->labels = g_try_new (guint32, MAX (n, 1));
  s->distances = g_try_new (double, MAX (n, 1));
  s->sorted = g_try_new (double, MAX (n, 1));
  s->by_distance = g_try_new (gsize, MAX (n, 1));
  if (s->labels == NULL || s->distances == NULL || s->sorted == NULL || s->by_distance == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for the scores of %zu points"), n);
      return NULL;
    }
  return g_steal_pointer (&s);
}

typedef struct
{
  double value;
  gsize  index;
} Keyed;

/* Decreasing value, ties by increasing index: a total order, so the result does
 * not depend on the sort algorithm. */
static int
by_value_then_index (const void *a,
                     const void *b)
{
  const Keyed *x = a, *y = b;

  if (x->value != y->value)
    return x->value > y->value ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

static Keyed *
sort_decreasing (const double *values,
                 gsize         n)
{
  Keyed *keyed = g_new (Keyed, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    keyed[i] = (Keyed) { values[i], i };
  qsort (keyed, n, sizeof (Keyed), by_value_then_index);
  return keyed;
}

/* One global sort; each cluster's ascending run is then filled from it. */
static void
scores_index (LloydScores *s)
{
  g_autofree gsize *fill = g_new0 (gsize, s->k);
  g_autofree Keyed *keyed = sort_decreasing (s->distances, s->n);

  memset (s->offsets, 0, ((gsize) s->k + 1) * sizeof (gsize));
  for (gsize i = 0; i < s->n; i++)
    s->offsets[s->labels[i] + 1]++;
  for (guint c = 0; c < s->k; c++)
    s->offsets[c + 1] += s->offsets[c];
  for (gsize r = 0; r < s->n; r++)
    {
      guint c = s->labels[keyed[r].index];

      s->by_distance[r] = keyed[r].index;
      s->sorted[s->offsets[c + 1] - 1 - fill[c]++] = keyed[r].value;
    }
}

LloydScores *
lloyd_scores_new (const guint32 *labels,
                  const double  *distances,
                  gsize          n,
                  guint          k,
                  GError       **error)
{
  g_autoptr (LloydScores) s = NULL;

  g_return_val_if_fail (n == 0 || (labels != NULL && distances != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (k == 0)
    {
      g_set_error_literal (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                           _("Scores need at least one centroid"));
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    if (labels[i] >= k || !(distances[i] >= 0) || !isfinite (distances[i]))
      {
        g_set_error (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                     _("Row %zu: cluster %u of %u, distance %g"), i + 1,
                     labels[i], k, distances[i]);
        return NULL;
      }
  s = scores_alloc (n, k, error);
  if (s == NULL)
    return NULL;
  if (n > 0)
    {
      memcpy (s->labels, labels, n * sizeof (guint32));
      memcpy (s->distances, distances, n * sizeof (double));
    }
  scores_index (s);
  return g_steal_pointer (&s);
}

LloydScores *
lloyd_scores_compute (const LloydMatrix *x,
                      const double      *centroids,
                      guint              k,
                      guint              n_threads,
                      GCancellable      *cancellable,
                      GError           **error)
{
  g_autoptr (LloydScores) s = NULL;

  g_return_val_if_fail (x != NULL, NULL);
  g_return_val_if_fail (centroids != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (k == 0)
    {
      g_set_error_literal (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                           _("Scores need at least one centroid"));
      return NULL;
    }
  s = scores_alloc (x->n, k, error);
  if (s == NULL)
    return NULL;
  if (!lloyd_nearest_centroids (x, centroids, k, s->labels, NULL, n_threads, cancellable, error))
    return NULL;
  /* The expanded form ‖x‖² − 2x·c + ‖c‖² loses the digits of a distance much
   * smaller than ‖x‖; the direct sum for the one chosen centroid does not. */
  for (gsize i = 0; i < x->n; i++)
    s->distances[i] = sqrt (lloyd_squared_distance (lloyd_matrix_row (x, i),
                                                    centroids + (gsize) s->labels[i] * x->d, x->d));
  scores_index (s);
  return g_steal_pointer (&s);
}

LloydScores *
lloyd_scores_subset (const LloydScores *scores,
                     const gboolean    *mask,
                     GError           **error)
{
  g_autoptr (LloydScores) s = NULL;
  gsize m = 0;

  g_return_val_if_fail (scores != NULL, NULL);
  g_return_val_if_fail (mask != NULL || scores->n == 0, NULL);

  for (gsize i = 0; i < scores->n; i++)
    m += mask[i] != 0;
  s = scores_alloc (m, scores->k, error);
  if (s == NULL)
    return NULL;
  m = 0;
  for (gsize i = 0; i < scores->n; i++)
    if (mask[i])
      {
        s->labels[m] = scores->labels[i];
        s->distances[m] = scores->distances[i];
        m++;
      }
  scores_index (s);
  return g_steal_pointer (&s);
}

gsize
lloyd_scores_cluster_size (const LloydScores *s,
                           guint              cluster)
{
  g_return_val_if_fail (s != NULL && cluster < s->k, 0);
  return s->offsets[cluster + 1] - s->offsets[cluster];
}

/* numpy.percentile's default ("linear"): virtual index p/100 · (m − 1), and its
 * lerp, which interpolates from the nearer end for t ≥ ½. */
static double
percentile_sorted (const double *a,
                   gsize         m,
                   double        p)
{
  double pos, t, lo_v, hi_v, diff;
  gsize lo;

  if (m == 0)
    return NAN;
  pos = (p / 100.0) * (double) (m - 1);
  lo = (gsize) floor (pos);
  if (lo >= m - 1)
    return a[m - 1];
  t = pos - (double) lo;
  lo_v = a[lo];
  hi_v = a[lo + 1];
  diff = hi_v - lo_v;
  return t >= 0.5 ? hi_v - diff * (1.0 - t) : lo_v + diff * t;
}

double
lloyd_scores_percentile (const LloydScores *s,
                         guint              cluster,
                         double             p)
{
  g_return_val_if_fail (s != NULL && cluster < s->k, NAN);
  return percentile_sorted (s->sorted + s->offsets[cluster],
                            s->offsets[cluster + 1] - s->offsets[cluster], p);
}

double
lloyd_scores_farthest (const LloydScores *s,
                       gsize              nth)
{
  g_return_val_if_fail (s != NULL, NAN);

  if (s->n == 0)
    return NAN;
  nth = CLAMP (nth, 1, s->n);
  return s->distances[s->by_distance[nth - 1]];
}

gboolean
lloyd_threshold_resolve (const LloydThreshold *t,
                         const LloydScores    *reference,
                         double               *per_cluster,
                         GError              **error)
{
  double global = 0.0;

  g_return_val_if_fail (t != NULL && reference != NULL && per_cluster != NULL, FALSE);

  if (!lloyd_threshold_validate (t, error))
    return FALSE;
  switch (t->mode)
    {
    case LLOYD_THRESHOLD_PERCENTILE:
      for (guint c = 0; c < reference->k; c++)
        {
          double v = lloyd_scores_percentile (reference, c, t->value);

          per_cluster[c] = isnan (v) ? 0.0 : v;
        }
      return TRUE;
    case LLOYD_THRESHOLD_FARTHEST:
      if (reference->n == 0)
        {
          g_set_error_literal (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                               _("A farthest-point threshold needs reference points"));
          return FALSE;
        }
      global = lloyd_scores_farthest (reference, (gsize) t->value);
      break;
    case LLOYD_THRESHOLD_DISTANCE:
      global = t->value;
      break;
    default:
      g_assert_not_reached ();
    }
  for (guint c = 0; c < reference->k; c++)
    per_cluster[c] = global;
  return TRUE;
}

/* First index in the ascending a[0..m) whose value is > v. */
static gsize
upper_bound (const double *a,
             gsize         m,
             double        v)
{
  gsize lo = 0, hi = m;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (a[mid] > v)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

gsize
lloyd_scores_count_flagged (const LloydScores *s,
                            const double      *per_cluster)
{
  gsize count = 0;

  g_return_val_if_fail (s != NULL && per_cluster != NULL, 0);

  for (guint c = 0; c < s->k; c++)
    {
      gsize m = s->offsets[c + 1] - s->offsets[c];

      count += m - upper_bound (s->sorted + s->offsets[c], m, per_cluster[c]);
    }
  return count;
}

gsize
lloyd_scores_flag (const LloydScores *s,
                   const double      *per_cluster,
                   guint8            *flags)
{
  gsize count = 0;

  g_return_val_if_fail (s != NULL && per_cluster != NULL, 0);
  g_return_val_if_fail (flags != NULL || s->n == 0, 0);

  for (gsize i = 0; i < s->n; i++)
    count += flags[i] = s->distances[i] > per_cluster[s->labels[i]];
  return count;
}

gboolean
lloyd_anomaly_contributions (const LloydMatrix    *x,
                             const double         *centroids,
                             const LloydScores    *scores,
                             const guint8         *flags,
                             const LloydTransform *transform,
                             double               *normalized,
                             double               *original,
                             GError              **error)
{
  const gsize d = x ? x->d : 0;
  g_autofree double *inv_centroids = NULL;
  g_autofree double *inv_point = NULL;

  g_return_val_if_fail (x != NULL && centroids != NULL && scores != NULL, FALSE);
  g_return_val_if_fail (flags != NULL || x->n == 0, FALSE);
  g_return_val_if_fail (normalized != NULL, FALSE);
  g_return_val_if_fail (transform == NULL || original != NULL, FALSE);

  if (scores->n != x->n || (transform != NULL && transform->n_features != d))
    {
      g_set_error (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                   _("Contributions: %zu rows × %zu features do not match %zu scores or the transform"),
                   x->n, d, scores->n);
      return FALSE;
    }
  memset (normalized, 0, d * sizeof (double));
  if (transform != NULL)
    {
      memset (original, 0, d * sizeof (double));
      inv_centroids = g_new (double, (gsize) scores->k * d);
      inv_point = g_new (double, d);
      for (guint c = 0; c < scores->k; c++)
        lloyd_transform_inverse (transform, centroids + (gsize) c * d, inv_centroids + (gsize) c * d);
    }
  for (gsize i = 0; i < x->n; i++)
    {
      const double *row = lloyd_matrix_row (x, i);
      const double *c;

      if (!flags[i])
        continue;
      c = centroids + (gsize) scores->labels[i] * d;
      for (gsize f = 0; f < d; f++)
        normalized[f] += fabs (c[f] - row[f]);
      if (transform != NULL)
        {
          const double *ic = inv_centroids + (gsize) scores->labels[i] * d;

          lloyd_transform_inverse (transform, row, inv_point);
          for (gsize f = 0; f < d; f++)
            original[f] += fabs (ic[f] - inv_point[f]);
        }
    }
  return TRUE;
}

void
lloyd_anomaly_group_by_source (const LloydTransform *transform,
                               const double         *per_feature,
                               double               *per_source)
{
  g_return_if_fail (transform != NULL && per_feature != NULL && per_source != NULL);

  memset (per_source, 0, transform->n_sources * sizeof (double));
  for (gsize f = 0; f < transform->n_features; f++)
    per_source[transform->feature_source[f]] += per_feature[f];
}

void
lloyd_anomaly_sort_decreasing (const double *values,
                               gsize         n,
                               guint        *order)
{
  g_autofree Keyed *keyed = NULL;

  g_return_if_fail (n == 0 || (values != NULL && order != NULL));

  keyed = sort_decreasing (values, n);
  for (gsize i = 0; i < n; i++)
    order[i] = (guint) keyed[i].index;
}

LloydScores *
lloyd_scores_projected (const LloydScores *scores,
                        const LloydMatrix *projected,
                        const double      *projected_centroids,
                        GError           **error)
{
  g_autoptr (LloydScores) s = NULL;

  g_return_val_if_fail (scores != NULL && projected != NULL && projected_centroids != NULL, NULL);

  if (projected->n != scores->n || projected->d != 2)
    {
      g_set_error (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                   _("Expected %zu projected points in 2-D, got %zu × %zu"), scores->n, projected->n,
                   projected->d);
      return NULL;
    }
  s = scores_alloc (scores->n, scores->k, error);
  if (s == NULL)
    return NULL;
  for (gsize i = 0; i < scores->n; i++)
    {
      const double *p = lloyd_matrix_row (projected, i);
      const double *c = projected_centroids + (gsize) scores->labels[i] * 2;

      s->labels[i] = scores->labels[i];
      s->distances[i] = hypot (p[0] - c[0], p[1] - c[1]);
    }
  scores_index (s);
  return g_steal_pointer (&s);
}

gboolean
lloyd_anomaly_circles (const LloydScores    *projected,
                       const LloydScores    *reference_projected,
                       const guint8         *flags,
                       const LloydThreshold *threshold,
                       const double         *per_cluster,
                       LloydCircle          *circles,
                       GError              **error)
{
  g_return_val_if_fail (projected != NULL && reference_projected != NULL, FALSE);
  g_return_val_if_fail (threshold != NULL && per_cluster != NULL && circles != NULL, FALSE);
  g_return_val_if_fail (flags != NULL || projected->n == 0, FALSE);

  if (reference_projected->k != projected->k)
    {
      g_set_error_literal (error, LLOYD_ANOMALY_ERROR, LLOYD_ANOMALY_ERROR_INVALID,
                           _("Reference and projected scores have different numbers of clusters"));
      return FALSE;
    }
  for (guint c = 0; c < projected->k; c++)
    {
      double r = per_cluster[c];

      if (threshold->mode == LLOYD_THRESHOLD_PERCENTILE)
        {
          r = lloyd_scores_percentile (reference_projected, c, threshold->value);
          r = isnan (r) ? 0.0 : r;
        }
      circles[c] = (LloydCircle) { .radius = r };
    }
  for (gsize i = 0; i < projected->n; i++)
    {
      LloydCircle *circle = &circles[projected->labels[i]];
      /* The same rule as flagging: on the circle counts as inside. */
      gboolean inside = projected->distances[i] <= circle->radius;

      circle->members++;
      circle->inside += inside;
      circle->inside_flagged += inside && flags[i];
      circle->outside_unflagged += !inside && !flags[i];
    }
  return TRUE;
}
