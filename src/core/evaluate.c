/* evaluate.c — confusion counts, PR/ROC curves and clustering-vs-labels metrics
 * (see evaluate.h for the definitions, which follow scikit-learn 1.2). */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "evaluate.h"

static double
ratio (gsize num,
       gsize den)
{
  return den == 0 ? 0.0 : (double) num / (double) den;
}

void
lloyd_confusion_compute (const guint8   *flagged,
                         const guint8   *positive,
                         gsize           n,
                         LloydConfusion *out)
{
  gsize tp = 0, fp = 0, tn = 0, fn = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (n == 0 || (flagged != NULL && positive != NULL));

  for (gsize i = 0; i < n; i++)
    {
      if (flagged[i])
        positive[i] ? tp++ : fp++;
      else
        positive[i] ? fn++ : tn++;
    }
  out->tp = tp;
  out->fp = fp;
  out->tn = tn;
  out->fn = fn;
  out->precision = ratio (tp, tp + fp);
  out->recall = ratio (tp, tp + fn);
  out->f1 = out->precision + out->recall > 0
            ? 2 * out->precision * out->recall / (out->precision + out->recall) : 0.0;
}

typedef struct
{
  double score;
  guint8 positive;
} Scored;

static int
by_score_descending (const void *a,
                     const void *b)
{
  double x = ((const Scored *) a)->score, y = ((const Scored *) b)->score;

  return (x < y) - (x > y);
}

void
lloyd_curves_free (LloydCurves *curves)
{
  if (curves == NULL)
    return;
  g_free (curves->thresholds);
  g_free (curves->tp);
  g_free (curves->fp);
  g_free (curves->tpr);
  g_free (curves->fpr);
  g_free (curves->precision);
  g_free (curves);
}

LloydCurves *
lloyd_curves_compute (const double  *scores,
                      const guint8  *positive,
                      gsize          n,
                      GError       **error)
{
  g_autoptr (LloydCurves) c = NULL;
  g_autofree Scored *s = NULL;
  gsize np = 0, tp = 0, fp = 0, m = 0;

  g_return_val_if_fail (n == 0 || (scores != NULL && positive != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  s = g_try_new (Scored, n);
  if (s == NULL && n > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for the curves of %zu points"), n);
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (!isfinite (scores[i]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Score of row %zu is not a finite number"), i + 1);
          return NULL;
        }
      s[i].score = scores[i];
      s[i].positive = positive[i] != 0;
      np += s[i].positive;
    }
  if (np == 0 || np == n)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Curves need both normal and anomalous points"));
      return NULL;
    }
  qsort (s, n, sizeof (Scored), by_score_descending);

  c = g_new0 (LloydCurves, 1);
  c->n_positive = np;
  c->n_negative = n - np;
  /* At most one point per distinct score, plus the "flag nothing" point. */
  c->thresholds = g_new (double, n + 1);
  c->tp = g_new (gsize, n + 1);
  c->fp = g_new (gsize, n + 1);
  c->tpr = g_new (double, n + 1);
  c->fpr = g_new (double, n + 1);
  c->precision = g_new (double, n + 1);
  c->thresholds[0] = INFINITY;
  c->tp[0] = c->fp[0] = 0;
  c->tpr[0] = c->fpr[0] = 0.0;
  c->precision[0] = 1.0;
  m = 1;
  for (gsize i = 0; i < n; i++)
    {
      s[i].positive ? tp++ : fp++;
      /* Equal scores are flagged together: one point per distinct score. */
      if (i + 1 < n && s[i + 1].score == s[i].score)
        continue;
      c->thresholds[m] = s[i].score;
      c->tp[m] = tp;
      c->fp[m] = fp;
      c->tpr[m] = ratio (tp, np);
      c->fpr[m] = ratio (fp, n - np);
      c->precision[m] = ratio (tp, tp + fp);
      c->roc_auc += (c->fpr[m] - c->fpr[m - 1]) * (c->tpr[m] + c->tpr[m - 1]) / 2;
      c->average_precision += (c->tpr[m] - c->tpr[m - 1]) * c->precision[m];
      m++;
    }
  c->n_points = m;
  return g_steal_pointer (&c);
}

LloydContingency *
lloyd_contingency_new (const guint32  *clusters,
                       guint           n_clusters,
                       const guint32  *classes,
                       guint           n_classes,
                       gsize           n,
                       GError        **error)
{
  g_autoptr (LloydContingency) t = NULL;

  g_return_val_if_fail (n == 0 || (clusters != NULL && classes != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_clusters == 0 || n_classes == 0
      || (gsize) n_clusters > G_MAXSIZE / sizeof (gsize) / n_classes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A %u × %u contingency table is not possible"), n_clusters, n_classes);
      return NULL;
    }
  t = g_new0 (LloydContingency, 1);
  t->n_clusters = n_clusters;
  t->n_classes = n_classes;
  t->n = n;
  t->counts = g_try_new0 (gsize, (gsize) n_clusters * n_classes);
  if (t->counts == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory for a %u × %u contingency table"), n_clusters, n_classes);
      return NULL;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (clusters[i] >= n_clusters || classes[i] >= n_classes)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Row %zu: cluster %u or class %u out of range"),
                       i + 1, clusters[i], classes[i]);
          return NULL;
        }
      t->counts[(gsize) clusters[i] * n_classes + classes[i]]++;
    }
  return g_steal_pointer (&t);
}

void
lloyd_contingency_free (LloydContingency *table)
{
  if (table == NULL)
    return;
  g_free (table->counts);
  g_free (table);
}

static gsize
row_sum (const LloydContingency *t,
         guint                   i)
{
  gsize s = 0;

  for (guint j = 0; j < t->n_classes; j++)
    s += t->counts[(gsize) i * t->n_classes + j];
  return s;
}

static gsize
column_sum (const LloydContingency *t,
            guint                   j)
{
  gsize s = 0;

  for (guint i = 0; i < t->n_clusters; i++)
    s += t->counts[(gsize) i * t->n_classes + j];
  return s;
}

double
lloyd_contingency_purity (const LloydContingency *t)
{
  gsize total = 0;

  g_return_val_if_fail (t != NULL, 0.0);

  for (guint i = 0; i < t->n_clusters; i++)
    {
      gsize best = 0;

      for (guint j = 0; j < t->n_classes; j++)
        best = MAX (best, t->counts[(gsize) i * t->n_classes + j]);
      total += best;
    }
  return ratio (total, t->n);
}

/* Entropy (natural log) of a distribution given by counts summing to @total. */
static double
entropy_of (const gsize *counts,
            gsize        stride,
            guint        len,
            gsize        total)
{
  double h = 0.0;

  for (guint j = 0; j < len; j++)
    {
      gsize c = counts[j * stride];

      if (c > 0)
        {
          double p = (double) c / (double) total;
          h -= p * log (p);
        }
    }
  return h;
}

double
lloyd_contingency_entropy (const LloydContingency *t)
{
  double h = 0.0;

  g_return_val_if_fail (t != NULL, 0.0);

  for (guint i = 0; i < t->n_clusters; i++)
    {
      gsize size = row_sum (t, i);

      if (size > 0)
        h += (double) size / (double) t->n
             * entropy_of (t->counts + (gsize) i * t->n_classes, 1, t->n_classes, size);
    }
  return h;
}

double
lloyd_contingency_ari (const LloydContingency *t)
{
  guint64 n, sum_squares = 0, cross_rows = 0, cross_cols = 0;
  double tp, fp, fn, tn;

  g_return_val_if_fail (t != NULL, 0.0);

  n = t->n;
  /* scikit-learn's pair_confusion_matrix: counts of ordered point pairs. */
  for (guint i = 0; i < t->n_clusters; i++)
    for (guint j = 0; j < t->n_classes; j++)
      {
        guint64 c = t->counts[(gsize) i * t->n_classes + j];

        sum_squares += c * c;
        cross_rows += c * column_sum (t, j);
        cross_cols += c * row_sum (t, i);
      }
  tp = (double) (sum_squares - n);
  fp = (double) (cross_rows - sum_squares);
  fn = (double) (cross_cols - sum_squares);
  tn = (double) n * (double) n - fp - fn - (double) sum_squares;
  if (fn == 0 && fp == 0)
    return 1.0;
  return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

double
lloyd_contingency_nmi (const LloydContingency *t)
{
  g_autofree gsize *rows = NULL, *cols = NULL;
  guint used_rows = 0, used_cols = 0;
  double mi = 0.0, h_rows, h_cols, n;

  g_return_val_if_fail (t != NULL, 0.0);

  rows = g_new (gsize, t->n_clusters);
  cols = g_new (gsize, t->n_classes);
  for (guint i = 0; i < t->n_clusters; i++)
    used_rows += (rows[i] = row_sum (t, i)) > 0;
  for (guint j = 0; j < t->n_classes; j++)
    used_cols += (cols[j] = column_sum (t, j)) > 0;
  /* Both partitions a single group (or empty): identical by definition. */
  if (used_rows == used_cols && used_rows <= 1)
    return 1.0;
  n = (double) t->n;
  for (guint i = 0; i < t->n_clusters; i++)
    for (guint j = 0; j < t->n_classes; j++)
      {
        gsize c = t->counts[(gsize) i * t->n_classes + j];

        if (c > 0)
          mi += (double) c / n * log (n * (double) c / ((double) rows[i] * (double) cols[j]));
      }
  mi = MAX (mi, 0.0);
  if (mi < 1e-15)
    return 0.0;
  h_rows = entropy_of (rows, 1, t->n_clusters, t->n);
  h_cols = entropy_of (cols, 1, t->n_classes, t->n);
  return mi / ((h_rows + h_cols) / 2);
}
