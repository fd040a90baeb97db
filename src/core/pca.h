/* pca.h — principal component analysis of the preprocessed matrix, for pictures:
 * the covariance from BLAS (dsyrk, n − 1 denominator, as scikit-learn), the top
 * components from LAPACKE (dsyevr), and one transform for points and centroids.
 *
 * Sign convention: each component's largest-magnitude entry is positive (the first
 * such entry on an exact tie), so the same data gives the same picture every run.
 * With d ≤ 2 a picture needs no projection: callers draw the features themselves. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "matrix.h"

G_BEGIN_DECLS

#define LLOYD_PCA_ERROR (lloyd_pca_error_quark ())

typedef enum
{
  LLOYD_PCA_ERROR_INVALID,    /* fewer than 2 rows, no columns, 0 components, d mismatch */
  LLOYD_PCA_ERROR_NONFINITE,  /* NaN or infinity in the data */
  LLOYD_PCA_ERROR_LAPACK,     /* the eigensolver failed */
  LLOYD_PCA_ERROR_JSON,       /* a stored PCA is malformed */
} LloydPcaError;

typedef struct
{
  gsize   d;                        /* input dimension */
  guint   n_components;             /* ≤ d */
  gsize   n_samples;                /* rows it was fitted on */
  double *mean;                     /* d */
  double *components;               /* n_components × d, row-major, unit rows */
  double *explained_variance;       /* n_components, decreasing */
  double *explained_variance_ratio; /* n_components: of the total variance */
  double  total_variance;           /* trace of the covariance */
} LloydPca;

GQuark    lloyd_pca_error_quark    (void);

/* Fits on every row of @x (n ≥ 2). @n_components is clamped to d. @n_threads 0:
 * one per core; the result does not depend on the thread count. */
LloydPca *lloyd_pca_fit            (const LloydMatrix *x,
                                    guint              n_components,
                                    guint              n_threads,
                                    GCancellable      *cancellable,
                                    GError           **error);
void      lloyd_pca_free           (LloydPca          *pca);

/* (row − mean) · componentsᵀ for @n rows of pca->d values into @out
 * (n × n_components). Use it for centroids and other small sets. */
void      lloyd_pca_project_points (const LloydPca    *pca,
                                    const double      *rows,
                                    gsize              n,
                                    double            *out);
/* The same for a whole matrix, in row chunks on all cores. */
LloydMatrix *lloyd_pca_project     (const LloydPca    *pca,
                                    const LloydMatrix *x,
                                    guint              n_threads,
                                    GCancellable      *cancellable,
                                    GError           **error);

/* {"d", "n_samples", "mean", "components", "explained_variance",
 *  "explained_variance_ratio", "total_variance"}; from_json validates every member. */
JsonNode *lloyd_pca_to_json        (const LloydPca    *pca);
LloydPca *lloyd_pca_from_json      (JsonNode          *node,
                                    GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydPca, lloyd_pca_free)

G_END_DECLS
