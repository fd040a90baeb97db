/* test-iris.h — iris.csv as a matrix and its species, for the PCA, anomaly,
 * evaluation and model tests (skips the test when ../shared is missing). */
#pragma once

#include <json-glib/json-glib.h>

#include "matrix.h"

G_BEGIN_DECLS

/* The 150 × 4 raw numeric columns; @species (optional) gets 150 codes 0, 1, 2 in
 * order of first appearance (setosa, versicolor, virginica). */
LloydMatrix *lloyd_test_iris (guint32 **species);

/* Row-major doubles of a reference array of arrays ("final_centroids"). */
double      *lloyd_test_json_rows (JsonObject *object,
                                   const char *name,
                                   gsize      *rows,
                                   gsize      *cols);

G_END_DECLS
