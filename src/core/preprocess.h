/* preprocess.h — from a dataset to the matrix k-means sees, and back.
 *
 * A LloydTransform is fitted once (which columns, one-hot dictionaries, means and
 * deviations) and then applied to this or any other dataset with the same columns,
 * so a model trained on one file scores another with the same statistics. It also
 * maps points (centroids) back to original units. */
#pragma once

#include <json-glib/json-glib.h>

#include "dataset.h"
#include "matrix.h"

G_BEGIN_DECLS

typedef enum
{
  LLOYD_NORMALIZE_NONE,
  LLOYD_NORMALIZE_ZSCORE, /* population std; a zero-variance feature is only centered */
} LloydNormalize;

typedef struct
{
  gboolean        one_hot;        /* TRUE: one-hot encode categorical columns; FALSE: drop them */
  LloydNormalize  normalize;
  const char    **columns;        /* NULL-terminated names to use; NULL: every non-label column */
  const char    **log1p_columns;  /* NULL-terminated names of non-negative numeric columns */
} LloydPreprocessOptions;

typedef struct
{
  gatomicrefcount ref_count;
  gsize           n_features;     /* d, the output dimension */
  char          **feature_names;  /* d names: "duration", "service=http" … (NULL-terminated) */
  guint          *feature_source; /* d indices into source_names */
  gsize           n_sources;
  char          **source_names;   /* the dataset columns used (NULL-terminated) */
  LloydColumnKind *source_kinds;  /* numeric or categorical, per source */
  GPtrArray     **source_levels;  /* categorical: the one-hot dictionary; numeric: NULL */
  gboolean       *source_log1p;   /* per source */
  double         *mean;           /* d; 0 without normalization */
  double         *scale;          /* d; 1 without normalization or for zero variance */
  LloydNormalize  normalize;
  gboolean        one_hot;
} LloydTransform;

/* Defaults: one-hot on, z-scores, every non-label column, no log1p. */
void            lloyd_preprocess_options_init (LloydPreprocessOptions       *options);

LloydTransform *lloyd_transform_fit      (const LloydDataset           *dataset,
                                          const LloydPreprocessOptions *options,
                                          GError                      **error);
/* Same, using only the rows where @row_mask is TRUE (NULL: all rows), for
 * "train on normal rows". */
LloydTransform *lloyd_transform_fit_rows (const LloydDataset           *dataset,
                                          const gboolean               *row_mask,
                                          const LloydPreprocessOptions *options,
                                          GError                      **error);

/* Columns are matched by name. A categorical value unseen at fit time encodes as
 * all zeros for that column. */
LloydMatrix    *lloyd_transform_apply    (const LloydTransform         *transform,
                                          const LloydDataset           *dataset,
                                          GCancellable                 *cancellable,
                                          GError                      **error);

/* Maps one transformed point (d values) back to original units (d values: numeric
 * features un-scaled and un-logged, one-hot features left as proportions). */
void            lloyd_transform_inverse  (const LloydTransform         *transform,
                                          const double                 *point,
                                          double                       *out);

/* Model files store the transform as JSON. */
JsonNode       *lloyd_transform_to_json  (const LloydTransform         *transform);
LloydTransform *lloyd_transform_from_json (JsonNode                    *node,
                                           GError                     **error);

LloydTransform *lloyd_transform_ref      (LloydTransform               *transform);
void            lloyd_transform_unref    (LloydTransform               *transform);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydTransform, lloyd_transform_unref)

G_END_DECLS
