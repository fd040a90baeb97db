/* model.h — a fitted anomaly model as a file: preprocessing transform, centroids,
 * threshold (mode, value and the resolved per-cluster distances), k-means
 * parameters and seed, what it was trained on (file name, SHA-256 of its bytes,
 * rows, normal label), an optional PCA for pictures, and the Lloyd version.
 *
 * Compatibility rule: every file carries "format": "lloyd-model" and an integer
 * "format_version" (LLOYD_MODEL_FORMAT_VERSION today). A Lloyd reads every format
 * version up to its own; members added later are optional with documented
 * defaults, and unknown members are ignored. A file with a newer format version is
 * rejected with the versions named. A "checksum" (SHA-256 of the compact JSON of
 * every other member, in file order) makes a damaged or hand-edited file fail with
 * a clear message instead of scoring with silently wrong numbers.
 *
 * Loading never trusts its input: any bytes give a model or a GError. */
#pragma once

#include <gio/gio.h>

#include "anomaly.h"
#include "dataset.h"
#include "matrix.h"
#include "pca.h"
#include "preprocess.h"

G_BEGIN_DECLS

#define LLOYD_MODEL_FORMAT_VERSION 1

#define LLOYD_MODEL_ERROR (lloyd_model_error_quark ())

typedef enum
{
  LLOYD_MODEL_ERROR_IO,        /* cannot read or write the file */
  LLOYD_MODEL_ERROR_SYNTAX,    /* not JSON (message has line:column) */
  LLOYD_MODEL_ERROR_FORMAT,    /* not a Lloyd model, or a member missing or invalid */
  LLOYD_MODEL_ERROR_VERSION,   /* written in a newer format than this Lloyd reads */
  LLOYD_MODEL_ERROR_CHECKSUM,  /* the contents do not match the checksum */
  LLOYD_MODEL_ERROR_MISMATCH,  /* the model does not fit the data */
} LloydModelError;

typedef struct
{
  char           *lloyd_version;    /* the Lloyd that wrote it */
  gint64          format_version;
  LloydTransform *transform;        /* owned reference */
  guint           k;
  gsize           d;                /* = transform->n_features */
  double         *centroids;        /* k × d, in transformed units */
  LloydThreshold  threshold;
  double         *thresholds;       /* k: resolved on the training rows */
  /* k-means parameters */
  char           *init;             /* lloyd_init_to_string() */
  guint64         seed;
  guint           max_iter;
  double          tol;
  guint           n_init;
  /* what it was trained on */
  char           *data_name;        /* the file's basename */
  char           *data_sha256;      /* 64 lowercase hex digits */
  gsize           n_rows;           /* rows of that file */
  gsize           n_train;          /* rows fitted on */
  char           *normal_label;     /* NULL: trained on every row */
  LloydPca       *pca;              /* NULL when not fitted */
} LloydModel;

GQuark      lloyd_model_error_quark    (void);

/* An empty model for the caller to fill (strings g_strdup'ed, arrays g_new). */
LloydModel *lloyd_model_new            (void);
void        lloyd_model_free           (LloydModel        *model);

/* Checks the fields of a filled model (as loading does). */
gboolean    lloyd_model_validate       (const LloydModel  *model,
                                        GError           **error);

JsonNode   *lloyd_model_to_json        (const LloydModel  *model);
gboolean    lloyd_model_save           (const LloydModel  *model,
                                        const char        *path,
                                        GError           **error);

LloydModel *lloyd_model_load           (const char        *path,
                                        GError           **error);
/* The entry point of the fuzz target: @display_name is used in messages. */
LloydModel *lloyd_model_load_from_data (const char        *data,
                                        gsize              length,
                                        const char        *display_name,
                                        GError           **error);

/* The model's matrix for @dataset (its transform, columns matched by name);
 * LLOYD_MODEL_ERROR_MISMATCH naming what does not fit. */
LloydMatrix *lloyd_model_apply         (const LloydModel  *model,
                                        const LloydDataset *dataset,
                                        GCancellable      *cancellable,
                                        GError           **error);

/* SHA-256 of a file's bytes as lowercase hex (the "data_sha256" of a model). */
char       *lloyd_file_sha256          (const char        *path,
                                        GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LloydModel, lloyd_model_free)

G_END_DECLS
