/* evaluate.h — how good an anomaly detector or a clustering is, when labels exist.
 *
 * Anomaly detection: "anomalous" is the positive class. A false positive is a
 * normal point flagged as anomalous (the tutorial's "normal misclassified as
 * abnormal"), a false negative an anomalous point not flagged ("abnormal
 * misclassified as normal"). Ratios with a zero denominator are 0 (as
 * scikit-learn's zero_division=0).
 *
 * Clustering: a cluster × class contingency table and what follows from it —
 * purity, entropy, adjusted Rand index and normalized mutual information, with
 * scikit-learn's definitions (NMI: arithmetic mean of the two entropies). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  gsize  tp, fp, tn, fn;
  double precision;   /* tp / (tp + fp) */
  double recall;      /* tp / (tp + fn) */
  double f1;          /* harmonic mean of precision and recall */
} LloydConfusion;

/* @flagged and @positive: n bytes, nonzero = TRUE. */
void lloyd_confusion_compute (const guint8   *flagged,
                              const guint8   *positive,
                              gsize           n,
                              LloydConfusion *out);

/* Precision–recall and ROC curves as a threshold on @scores varies (a higher score
 * is more anomalous). Point i flags the points whose score is ≥ thresholds[i];
 * thresholds decrease, one point per distinct score, and point 0 flags nothing
 * (threshold +∞). */
typedef struct
{
  gsize   n_points;
  double *thresholds;
  gsize  *tp;                 /* positives flagged at point i */
  gsize  *fp;
  double *tpr;                /* = recall */
  double *fpr;
  double *precision;          /* 1 at point 0, as scikit-learn */
  gsize   n_positive;
  gsize   n_negative;
  double  roc_auc;            /* trapezoidal area under the ROC curve (ties handled) */
  double  average_precision;  /* Σ (Rᵢ − Rᵢ₋₁) Pᵢ, scikit-learn's definition */
} LloydCurves;

/* Fails (G_IO_ERROR_INVALID_ARGUMENT) when a score is not finite or when only one
 * class is present (the curves would be undefined). */
LloydCurves *lloyd_curves_compute (const double  *scores,
                                   const guint8  *positive,
                                   gsize          n,
                                   GError       **error);
void         lloyd_curves_free    (LloydCurves   *curves);

typedef struct
{
  guint  n_clusters;
  guint  n_classes;
  gsize  n;
  gsize *counts;  /* n_clusters × n_classes: points of cluster i with class j */
} LloydContingency;

/* Fails (G_IO_ERROR_INVALID_ARGUMENT) when a code is out of range. */
LloydContingency *lloyd_contingency_new    (const guint32          *clusters,
                                            guint                   n_clusters,
                                            const guint32          *classes,
                                            guint                   n_classes,
                                            gsize                   n,
                                            GError                **error);
void              lloyd_contingency_free   (LloydContingency       *table);

/* Σ over clusters of its largest class count, over n. */
double lloyd_contingency_purity  (const LloydContingency *table);
/* The KDD notebook's entropy: Σ over clusters of (size / n) × the entropy (natural
 * log) of the class distribution inside the cluster. 0 = every cluster pure. */
double lloyd_contingency_entropy (const LloydContingency *table);
/* Adjusted Rand index through the pair confusion matrix (1 when the two
 * partitions agree, about 0 for chance). */
double lloyd_contingency_ari     (const LloydContingency *table);
/* Mutual information over the arithmetic mean of the two entropies; 1 when both
 * are a single group, 0 when the mutual information is 0. */
double lloyd_contingency_nmi     (const LloydContingency *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydCurves, lloyd_curves_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydContingency, lloyd_contingency_free)

G_END_DECLS
