/* distance.h — the one kernel every nearest-centroid question goes through:
 * ‖x‖² − 2x·c + ‖c‖² with x·c from cblas_dgemm, in row chunks, clamped at 0,
 * argmin in the same pass, both cores used. k-means assignment, anomaly scoring,
 * silhouette and the app's hit-testing all call it. */
#pragma once

#include <gio/gio.h>

#include "matrix.h"

G_BEGIN_DECLS

/* For each row of @x: the index of the nearest of the @k centroids (k × x->d,
 * row-major; ties to the lowest index) into @labels, and the squared distance to it
 * into @dist2. Either output may be NULL. @n_threads 0 means one per core.
 * Returns FALSE only when cancelled (G_IO_ERROR_CANCELLED), checked once per chunk. */
gboolean lloyd_nearest_centroids (const LloydMatrix *x,
                                  const double      *centroids,
                                  guint              k,
                                  guint32           *labels,
                                  double            *dist2,
                                  guint              n_threads,
                                  GCancellable      *cancellable,
                                  GError           **error);

/* Squared Euclidean distance between two d-vectors, computed directly (exact). */
double   lloyd_squared_distance  (const double      *a,
                                  const double      *b,
                                  gsize              d);

G_END_DECLS
